"""What both renderers share about the look of a document: page, photo box, colours, tones, text sizes.

One place, so the Word template and the PDF of one layout cannot drift apart. Colours are hex
without ``#``; lengths in millimetres (the PDF side turns them into points).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PAGE_WIDTH_MM = 210.0
PAGE_HEIGHT_MM = 297.0
MARGIN_MM = 18.0
TEXT_WIDTH_MM = PAGE_WIDTH_MM - 2 * MARGIN_MM
PHOTO_WIDTH_MM = 40.0
#: A very tall photo is limited by height instead of width.
PHOTO_MAX_HEIGHT_MM = 60.0
#: Box left in place of a missing photo: a typical 35 x 45 passport shape at 40 mm wide.
PHOTO_BOX_HEIGHT_MM = 51.0
DEFAULT_BAND = "#424242"

FONT_WORD = "Arial"
#: A word that is an email or web address: both renderers may also break it at "." and "/".
ADDRESS = re.compile(r"@|://|^www\\.", re.IGNORECASE)
INK = "1A1A1A"
HEADING_INK = "1F3A5F"
MUTED_INK = "555555"
RULE = "808080"
HEADER_FILL = "E3E3E3"
LABEL_FILL = "F2F2F2"
MISSING_RED = "C62828"


@dataclass(frozen=True)
class ToneStyle:
    """How a notice of one tone looks. Colours are hex without ``#``.

    Tones differ in three ways so they still differ when printed in black and
    white: the fill, the thickness of the left bar, and the label word.
    """

    fill: str
    bar: str
    bar_pt: float
    label: str


TONES: dict[str, ToneStyle] = {
    "info": ToneStyle(fill="E6EDF3", bar="37474F", bar_pt=2.25, label="NOTE"),
    "warning": ToneStyle(fill="FFF0C2", bar="9A5B00", bar_pt=4.5, label="CAUTION"),
    "danger": ToneStyle(fill="FCDCDA", bar="A31515", bar_pt=7.5, label="URGENT"),
}


def notice_tone(value: object) -> str:
    """Check a tone computed from the context (``Notice.tone_expr``)."""
    tone = str(value).strip().lower()
    if tone not in TONES:
        raise ValueError(f"notice tone {value!r} is not one of: {', '.join(TONES)}")
    return tone


_HEX = re.compile(r"^#?([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$")


def _luminance(rgb: tuple[int, int, int]) -> float:
    def chan(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (chan(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def band_fill(value: object) -> str:
    """The laminated band colour as 6 hex digits (no ``#``), dark enough for white text.

    An empty value gives the default dark grey. A colour too light for white
    bold title text (contrast below 4.5:1, e.g. amber ``#FFB300``) is darkened
    step by step, keeping its hue, until white text on it is easy to read.
    Anything that is not a hex colour is an error.
    """
    text = "" if value is None else str(value).strip()
    if not text:
        text = DEFAULT_BAND
    m = _HEX.match(text)
    if not m:
        raise ValueError(f"band colour {value!r} is not a hex colour such as '#C62828'")
    digits = m.group(1)
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    rgb = tuple(int(digits[i : i + 2], 16) for i in (0, 2, 4))
    while (1.05 / (_luminance(rgb) + 0.05)) < 4.5:
        rgb = tuple(int(c * 0.9) for c in rgb)
    return "%02X%02X%02X" % rgb


@dataclass(frozen=True)
class TextSizes:
    """The point size of each kind of text on a page with one body size."""

    body: float
    lead: float
    small: float
    h1: float
    h2: float
    table: float
    header: float
    missing: float
    band_title: float
    spacer: float  # Word's empty paragraph between blocks (the PDF spaces blocks by their styles)


def text_sizes(body: float, *, laminated: bool, floor: float = 0.0) -> TextSizes:
    """The one size table: every kind of text sized from the body size, for both renderers.

    The PDF asks at the body size it is setting (a laminated sheet: each size its fit search
    tries); the Word template of a laminated sheet, which cannot shrink to fit a page, at the
    sheet's smallest size, so it looks like the PDF of that sheet when it is at its fullest.
    Nothing on a laminated sheet is smaller than ``floor`` (its smallest allowed size); sizes
    are rounded to half points, as Word shows them.
    """

    def pt(size: float) -> float:
        return max(floor, round(size * 2) / 2)

    # the laminated title grows and shrinks with the body text, so a dense sheet keeps its room
    band_title = pt(min(28.0, max(16.0, body * 1.75)))
    if laminated:
        return TextSizes(body=pt(body), lead=pt(body * 1.1), small=pt(body * 0.857), h1=pt(body * 1.3),
                         h2=pt(body * 1.12), table=pt(body), header=pt(floor), missing=pt(max(18.0, body + 2)),
                         band_title=band_title, spacer=round(body * 0.5 * 2) / 2)
    return TextSizes(body=pt(body), lead=pt(body * 1.143), small=pt(body * 0.857), h1=pt(body * 1.43),
                     h2=pt(body * 1.19), table=pt(body * 0.952), header=pt(8.5), missing=pt(16.0),
                     band_title=band_title, spacer=round(body * 4 / 10.5 * 2) / 2)
