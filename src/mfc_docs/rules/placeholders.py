"""``{placeholders}`` in a home's own wording, filled from its time limits.

A checklist step written as "Offer a return home interview within
{rhi_within_hours} hours" follows the home's configured limit everywhere, so
changing the number in one place changes every document.
"""

from __future__ import annotations

import re
from typing import Mapping

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
