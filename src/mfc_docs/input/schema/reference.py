"""The data-format reference (docs/data-format.md), written from the schemas themselves.

Generating the reference from the same dicts that validate the data means the
documentation cannot drift from what mfc-docs accepts; a test checks the
committed file is current (``python scripts/make_data_format_doc.py`` updates it).
"""

from __future__ import annotations

from .episode import EPISODE_SCHEMA
from .home import HOME_SCHEMA
from .young_person import YOUNG_PERSON_SCHEMA

_TYPES = {
    "string": "text",
    "date": "date (YYYY-MM-DD)",
    "datetime": "date and time (YYYY-MM-DD HH:MM)",
    "integer": "whole number",
    "boolean": "yes / no",
    "dict": "section",
    "list": "list",
}


def _type(rule: dict) -> str:
    kind = _TYPES.get(rule.get("type", ""), rule.get("type", ""))
    if rule.get("allowed"):
        kind = "one of: " + ", ".join(f"`{a}`" for a in rule["allowed"])
    if rule.get("check_with") == "phone":
        kind = "phone number (kept as written)"
    elif rule.get("check_with") == "colour":
        kind = "colour (#RRGGBB)"
    elif rule.get("check_with") == "wording":
        kind = "text (may use {placeholders})"
    elif rule.get("check_with") == "email":
        kind = "email address"
    elif rule.get("check_with") == "relative_path":
        kind = "file name"
    if rule.get("type") == "list":
        inner = rule.get("schema", {})
        kind = "list of sections" if inner.get("type") == "dict" else "list of text"
    return kind


def _rows(schema: dict, prefix: str = "") -> list[str]:
    rows = []
    for key, rule in schema.items():
        name = f"{prefix}{key}"
        meta = rule.get("meta", {})
        required = "yes" if rule.get("required") else ""
        default = rule.get("default")
        note = meta.get("help", "")
        if default not in (None, {}):
            note += f" Default: `{default}`."
        rows.append(f"| `{name}` | {_type(rule)} | {required} | {note.strip()} |")
        inner = rule.get("schema")
        if rule.get("type") == "list" and isinstance(inner, dict) and inner.get("type") == "dict":
            rows.extend(_rows(inner["schema"], f"{name}[].") )
        elif rule.get("type") == "dict" and isinstance(inner, dict):
            rows.extend(_rows(inner, f"{name}."))
    return rows


def _table(schema: dict) -> str:
    return "\n".join(["| field | kind | required | what it is |", "|---|---|---|---|", *_rows(schema)])


def markdown() -> str:
    return "\n".join([
        "# Data format",
        "",
        "This file is generated from the schemas in `src/mfc_docs/input/schema/` by "
        "`python scripts/make_data_format_doc.py`; a test fails when it is out of date.",
        "",
        "General rules:",
        "",
        "- Every value is read exactly as written: `07700 900123` keeps its zero, `NO` stays a word.",
        "- Dates are written `YYYY-MM-DD` (2026-03-14); times `YYYY-MM-DD HH:MM` on the 24-hour clock, as the home's "
        "clocks showed them. In the hour the clocks go back (01:00-01:59 on the last Sunday of October) each time "
        "happens twice: write `2026-10-25 01:20 GMT` (or `+00:00`) for the second, `BST` (or `+01:00`) for the first.",
        "- yes / no fields take `yes`, `no`, `true` or `false`.",
        "- Phone numbers must be UK numbers in a range in use (checked with libphonenumber; Ofcom's drama numbers "
        "07700 900xxx and 01632 960xxx are accepted), or international with `+`; they are printed exactly as written.",
        "- Leave an optional field out, or leave it empty (`phone:`), when it is not known.",
        "- A value starting with `@`, `*`, `&`, `!`, `%`, `` ` `` or containing `: ` must be in quotes.",
        "- Any field mfc-docs does not know is an error (with a suggestion), so a typo never silently drops data.",
        "- Checklist steps and risk-level responses may use `{placeholders}` naming a `time_limits` or "
        "`review_cycles` field, e.g. `within {rhi_within_hours} hours`; they are filled in every document. The duty "
        "phrases `{police_deadline}`, `{confirm_deadline}`, `{rhi_offer_deadline}`, `{rhi_deadline}`, `{pir_deadline}`, "
        "`{escalate_deadline}` and `{repeat_missing_rule}` print a limit with its clock start (\"within 30 minutes of "
        "finding the child gone\"), the same words as every document.",
        "",
        "## home_config.yaml",
        "",
        _table(HOME_SCHEMA),
        "",
        "## young_people/&lt;id&gt;/profile.yaml (or young_people/&lt;id&gt;.yaml)",
        "",
        "The folder (or file) name is the child's id: lowercase letters, digits and hyphens. "
        "The photo file lives in the child's folder.",
        "",
        _table(YOUNG_PERSON_SCHEMA),
        "",
        "## young_people/&lt;id&gt;/episodes.yaml",
        "",
        "One entry per missing episode, under `episodes:`. Only children with a folder can have episodes.",
        "",
        _table(EPISODE_SCHEMA),
        "",
    ])
