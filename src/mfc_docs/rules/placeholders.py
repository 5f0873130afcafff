"""``{placeholders}`` in a home's own wording, filled from its time limits.

A checklist step written as "Offer a return home interview within
{rhi_within_hours} hours" follows the home's configured limit everywhere, so
changing the number in one place changes every document.
"""

from __future__ import annotations

import re
from typing import Mapping

from .review_cycles import limits_of

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def placeholder_names(text: str) -> list[str]:
    """The placeholder names used in ``text``, in order."""
    return _PLACEHOLDER.findall(text)


def fill(text: str, values: Mapping[str, object]) -> str:
    """Replace every known ``{name}``; unknown ones are left as written (validation reports them)."""
    return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), text)


def stray_braces(text: str) -> bool:
    """True when a ``{`` or ``}`` is left over once every ``{name}`` is taken out: it would print as written."""
    return bool(re.search(r"[{}]", _PLACEHOLDER.sub("", text)))


CLOCK_WORDS = {"discovery": "finding the child gone", "confirmation": "confirming the child missing"}

# Each duty's time limit as the same words in every document: the limit and the moment its clock starts.
# (name, how it reads with the home's numbers)
PHRASES = {
    "confirm_deadline": "within {confirm_missing_minutes} minutes of finding the child gone",
    "police_deadline": "within {police_within_minutes} minutes of {police_clock_words}",
    "rhi_offer_deadline": "within {rhi_offer_within_hours} hours of the child's return",
    "rhi_deadline": "within {rhi_within_hours} hours of the child's return",
    "pir_deadline": "within {post_incident_review_working_days} working days of the child's return",
    "escalate_deadline": "{escalate_after_hours} hours after the child was found gone",
    "repeat_missing_rule": "{repeat_missing_episodes} or more episodes within {repeat_missing_days} days",
}


def phrases(limits: Mapping[str, object]) -> dict[str, str]:
    """The duty phrases ({police_deadline}, ...) filled with the home's limits."""
    values = {**limits, "police_clock_words": CLOCK_WORDS[str(limits.get("police_clock", "discovery"))]}
    return {name: fill(text, values) for name, text in PHRASES.items()}


def placeholder_values(config: dict | None) -> dict:
    """The one set of names a home's own wording and the layouts may use ({placeholders}, {{ limits.name }}):
    its time limits, review cycles and duty phrases, so every document reads the same values."""
    values = limits_of(config)
    return {**values, **phrases(values)}


def known_names() -> list[str]:
    """Every name a home's wording may use in braces: its time limits, review cycles and the duty phrases."""
    from ..input.schema.home import HOME_SCHEMA

    return [name for section in ("time_limits", "review_cycles") for name in HOME_SCHEMA[section]["schema"]
            ] + list(PHRASES)


_RETIRED_PLACEHOLDERS = {
    "police_notification_target_minutes": "{police_deadline} (it says the minutes and when they start)",
    "medium_risk_police_minutes": "{police_deadline} (it says the minutes and when they start)",
    "escalation_episodes_per_month": "{repeat_missing_rule}",
}


def wording_problem(text: str, names: list[str] | None = None) -> str | None:
    """Why ``text`` (a checklist step, a risk level's response) would not print as meant, or None.

    Every ``{name}`` must name a time limit, and no other brace may be left over: either would be
    printed as written on a laminated sheet.
    """
    import difflib

    names = known_names() if names is None else names
    found = []
    if stray_braces(text):
        meant = [n for n in names if n in text and f"{{{n}}}" not in text]
        hint = f" Write it as {{{meant[0]}}}." if meant else ""
        found.append("a { or } here is not part of a {placeholder}, so it would be printed as written. A placeholder "
                     f"is a time limit's name in one pair of braces, with no spaces, for example {{rhi_within_hours}}.{hint}")
    for name in placeholder_names(text):
        if name not in names:
            guess = difflib.get_close_matches(name, list(names), n=1)
            hint = f" Did you mean {{{guess[0]}}}?" if guess else f" Known names: {', '.join(sorted(names))}."
            if name in _RETIRED_PLACEHOLDERS:
                hint = f" It was replaced: write {_RETIRED_PLACEHOLDERS[name]}."
            found.append(f"{{{name}}} is not a time limit or review cycle.{hint}")
    return " ".join(found) or None
