"""The Jinja environment both renderers evaluate a layout with.

The Word template is rendered by docxtpl with it, the PDF renderer evaluates the same
expressions with it: one set of rules for what may be printed (no ``None``, no control
characters, a misspelt name is an error) serves both.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .theme import band_fill, notice_tone

if TYPE_CHECKING:
    from jinja2 import Environment

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def finalize(value: object) -> object:
    """Checks every printed value: no ``None``, no control characters.

    ``None`` would print as "None" (the context must say "Not recorded");
    control characters are invalid in Word's XML and have no glyph in a PDF
    (docxtpl would even turn a form feed into a page break).
    """
    if value is None:
        raise ValueError(
            "a value printed in a document is None; the context must give display text "
            "(for example 'Not recorded') instead"
        )
    if isinstance(value, str) and _CONTROL.search(value):
        raise ValueError(f"a value printed in a document contains a control character: {value!r}")
    return value


def make_env(*, autoescape: bool, sandboxed: bool = False) -> Environment:
    """The Jinja environment both renderers use.

    ``StrictUndefined`` turns a misspelt or missing value into an error instead
    of a blank; printing ``None`` is an error too (the context must say
    "Not recorded"). Word renders with ``autoescape=True`` (values go into
    XML); the PDF renderer renders with it off and escapes the final text.
    ``sandboxed`` is for templates a home keeps in its own folder: they may
    print values, never reach into Python.
    """
    from jinja2 import Environment, StrictUndefined  # here, not at the top: a PDF-only run never needs Jinja
    from jinja2.sandbox import SandboxedEnvironment

    from .jinja_cache import install

    env = (SandboxedEnvironment if sandboxed else Environment)(
        undefined=StrictUndefined,
        autoescape=autoescape,
        finalize=finalize,
        keep_trailing_newline=False,
    )
    env.filters["notice_tone"] = notice_tone
    env.filters["band_fill"] = band_fill
    env.filters["chart_rows"] = chart_rows
    env.filters["chart_header"] = chart_header
    return install(env)  # compiled templates are kept on disk between runs


def _chart_table(data: dict, kind: str, width: int | None) -> tuple[list[str], list[list[str]]]:
    from mfc_docs.render.charts import chart_table

    header, rows = chart_table(kind, data)
    if width is not None and len(header) != width:  # the Word table would drop or leave out columns
        raise ValueError(f"this {kind} chart has {len(header)} columns but its Word table has {width}")
    return header, rows


def chart_rows(data: dict, kind: str, width: int | None = None) -> list[list[str]]:
    """A chart's numbers as table rows, for Word (which cannot show reportlab's drawings)."""
    return _chart_table(data, kind, width)[1]


def chart_header(data: dict, kind: str, width: int | None = None) -> list[str]:
    """The column headers of a chart's table of numbers (the grid's days, as the data names them)."""
    return _chart_table(data, kind, width)[0]
