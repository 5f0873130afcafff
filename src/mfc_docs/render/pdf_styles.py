"""The PDF's fonts, page geometry, paragraph styles and the way text becomes Paragraph markup.

Sizes follow the layout's body size (laminated sheets: the size the fit search is trying);
nothing is set below the sheet's smallest allowed size.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFNameBytes, TTFont, TTFontFace
from reportlab.platypus import TableStyle

from ..input.printable import FONT_FILES
from .theme import ADDRESS, HEADING_INK, INK, MARGIN_MM, MISSING_RED, MUTED_INK, text_sizes
from .ttf_face import read_face

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_OBLIQUE = "DejaVuSans-Oblique"
OBLIQUE_FACE_NAME = b"DejaVuSans-Oblique"  # the PostScript name in the font file (tests/render/test_pdf.py checks it)

PAGE_W, PAGE_H = A4
MARGIN = MARGIN_MM * mm
TEXT_W = PAGE_W - 2 * MARGIN


class _FaceReadWhenUsed:
    """A TrueType face that reads its font file the first time anything but its name is asked for.

    reportlab reads a face's whole file (its glyph tables: about 7 ms) when the font is made. The
    oblique face is set only where a list is empty ("Not recorded."), so most police packs never
    use it. Registering the font asks for the face's name alone, which is known here; anything
    else reads the file, and from then on this object *is* the ``TTFontFace`` reportlab would have
    made (its class and every attribute), so every PDF is the same, byte for byte.
    """

    def __init__(self, name: bytes, filename: str):
        self.name, self._filename = TTFNameBytes(name), filename

    def __getattr__(self, attribute: str):  # only for what is not set above
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        face = read_face(self._filename)
        self.__class__ = TTFontFace
        self.__dict__.clear()
        self.__dict__.update(face.__dict__)
        return getattr(self, attribute)


_REGISTERING = threading.Lock()


def _font_with(name: str, filename: str, face) -> TTFont:
    """``TTFont(name, filename)`` made by reportlab's own code, with its face made by ``face(filename)``
    (reportlab's face class is stood in for while the font is made; ``register_fonts`` holds the lock)."""
    real = ttfonts.TTFontFace
    ttfonts.TTFontFace = lambda filename, validate=0, subfontIndex=0: face(filename)
    try:
        return TTFont(name, filename)
    finally:
        ttfonts.TTFontFace = real


def _font_read_when_used(name: str, filename: str, face_name: bytes) -> TTFont:
    """A font whose face reads its file the first time anything but its name is asked for."""
    return _font_with(name, filename, lambda filename: _FaceReadWhenUsed(face_name, filename))


@functools.lru_cache(maxsize=1)
def register_fonts() -> None:
    """Register DejaVu Sans (regular, bold, oblique) with reportlab, once; the oblique face is read when used.

    Each face is reportlab's ``TTFontFace`` with its character tables read whole (``render.ttf_face``:
    about a third of the time reportlab's reading of DejaVu's 6,000-entry tables took)."""
    with _REGISTERING:
        # Faces read by render.ttf_face: reportlab's own, their tables read an array at a time
        pdfmetrics.registerFont(_font_with(FONT, str(FONT_FILES["regular"]), read_face))
        pdfmetrics.registerFont(_font_with(FONT_BOLD, str(FONT_FILES["bold"]), read_face))
        pdfmetrics.registerFont(_font_read_when_used(FONT_OBLIQUE, str(FONT_FILES["oblique"]), OBLIQUE_FACE_NAME))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_OBLIQUE, boldItalic=FONT_BOLD)


def escape(text: str) -> str:
    """``&``, ``<`` and ``>`` as XML writes them: what ``xml.sax.saxutils.escape`` does (tested), without
    importing it, which imports ``urllib.request`` and with it email, HTTP and SSL (about 6 ms a report)."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def hex_colour(c: str) -> colors.Color:
    return colors.HexColor("#" + c.lstrip("#"))



def table_style(cmds: list) -> TableStyle:
    """A TableStyle whose text cells use DejaVu Sans (reportlab's default is Helvetica)."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT)] + list(cmds))


# A UK or international phone number written with spaces: kept on one line when text wraps. Its
# groups are one space apart, or several when the next group does not start with 0 (which would
# be the next number: "01632 960100  07700 900123" is two numbers).
PHONE = re.compile(r"(?<![\w+])(?:\+\d{1,3} *(?:\(0\) *)?|0)\d{2,5}(?:(?: |  +(?!0))\d{2,6}){1,2}(?!\d)")
_SPACES = re.compile(r" {2,}")


def spaced(text: str) -> str:
    """Text with its spaces as the PDF sets them.

    The spaces inside a phone number become non-breaking, so "01632 960100" never splits
    over two lines where someone could dial half of it. Of several spaces in a row, all but
    the last stay with the word before them (reportlab would print one): a value is printed
    as it was written, and a line that wraps there does not start indented. Accents typed as
    separate marks are joined to their letters first, as Word shows them.
    """
    text = unicodedata.normalize("NFC", text)
    text = PHONE.sub(lambda m: m.group(0).replace(" ", "\u00a0"), text)
    return _SPACES.sub(lambda m: "\u00a0" * (len(m.group(0)) - 1) + " ", text)


_ADDRESS = ADDRESS  # (render.theme: the Word files break an address at the same places)


def _cut(word: str, fits, address: bool | None = None) -> int:
    """Where to end the first line of ``word``: after its last hyphen that fits, else after its
    last "@" that fits, else (in an email or web address) after its last "." or "/" that fits.
    A word with no such place gives 0 (reportlab splits it, as a last resort); one whose places
    are all too wide is cut at the first, so that only the shortest possible piece is split."""
    groups = ["-\u2010\u2013", "@"]
    if address if address is not None else _ADDRESS.search(word):
        groups.append("./")
    first = 0
    for chars in groups:
        places = [i + 1 for i, ch in enumerate(word[:-1]) if ch in chars and word[i + 1:].strip("-.@/")]
        fitting = [i for i in places if fits(word[:i])]
        if fitting:
            return fitting[-1]
        if places and not first:
            first = places[0]
    return first


def break_long_words(text: str, font: str, size: float, width: float) -> str:
    """``text`` with a line break put into each word wider than ``width`` points, at a hyphen (kept
    on the first line), after an "@", or at a "." or "/" in an address, never mid-word.

    reportlab's own hyphenation knows neither apostrophes ("Brennan-O'Donoghue") nor "@", so it
    would split such a word wherever the line ends. Text whose words all fit comes back unchanged.
    """
    fits = lambda piece: word_width(piece, font, size) <= width  # noqa: E731
    if width <= 0:
        return text
    whole = spaced(text)
    if pdfmetrics.stringWidth(whole, font, size) <= width:  # each word is a part of it: all fit, measured once
        return text
    if all(fits(word) for word in words_of(text)):
        return text

    def broken(word: str) -> str:
        pieces = []
        address = bool(_ADDRESS.search(word))  # the rest of "https://www." is still an address
        while not fits(word):
            at = _cut(word, fits, address)
            if not at:
                break
            pieces.append(word[:at])
            word = word[at:]
        return "\n".join(pieces + [word])

    return re.sub(r"[^ \t\r\n]+", lambda m: broken(m.group(0)), text)


_WORD_WIDTHS: dict[tuple[str, str, float], float] = {}


def word_width(word: str, font: str, size: float) -> float:
    """``pdfmetrics.stringWidth``, remembered: tables size their columns from the same words over and over."""
    key = (word, font, size)
    width = _WORD_WIDTHS.get(key)
    if width is None:
        width = pdfmetrics.stringWidth(word, font, size)
        if len(_WORD_WIDTHS) < 200_000:
            _WORD_WIDTHS[key] = width
    return width


def words_of(text: str) -> list[str]:
    """The words reportlab breaks ``text`` into: split at ordinary spaces only, never a non-breaking one."""
    return [word for word in re.split(r"[ \t\r\n]+", spaced(text)) if word]


def markup(text: str) -> str:
    """Plain text -> safe Paragraph markup (escaped, spaces as :func:`spaced`, newlines as line breaks)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return escape(spaced(text)).replace("\n", "<br/>")



@dataclass
class Styles:
    size: float
    laminated: bool
    floor: float  # nothing smaller than this (laminated: min_font_size)

    def pt(self, x: float) -> float:
        return max(self.floor, round(x * 2) / 2)

    def __post_init__(self) -> None:
        f = self.size
        lam = self.laminated

        def ps(name: str, size: float, *, font: str = FONT, color: str = INK, before: float = 0,
               after: float = 0, lead: float = 1.25, **kw) -> ParagraphStyle:
            size = self.pt(size)
            return ParagraphStyle(name, fontName=font, fontSize=size, leading=round(size * lead, 2),
                                  textColor=hex_colour(color), spaceBefore=before, spaceAfter=after,
                                  splitLongWords=1, allowWidows=0, allowOrphans=0, **kw)

        sz = text_sizes(f, laminated=lam, floor=self.floor)
        gap = f * 0.45
        self.body = ps("body", sz.body, after=gap)
        self.lead = ps("lead", sz.lead, after=gap * 1.3)
        self.small = ps("small", sz.small, color=INK if lam else "333333", after=gap * 0.8)
        self.strong = ps("strong", sz.body, font=FONT_BOLD, after=gap)
        self.h1 = ps("h1", sz.h1, font=FONT_BOLD, color=HEADING_INK,
                     before=f * (0.8 if lam else 1.1), after=f * 0.45, keepWithNext=1, lead=1.2)
        self.h2 = ps("h2", sz.h2, font=FONT_BOLD, color=HEADING_INK,
                     before=f * (0.6 if lam else 0.85), after=f * 0.3, keepWithNext=1, lead=1.2)
        self.cell = ps("cell", sz.table)
        self.cell_bold = ps("cell_bold", sz.table, font=FONT_BOLD)
        self.empty = ps("empty", sz.table, font=FONT_OBLIQUE, color=MUTED_INK, after=gap)
        self.notice = ps("notice", sz.body, font=FONT_BOLD)
        self.bullet = ps("bullet", sz.body, after=f * 0.2, leftIndent=f * 1.4, bulletIndent=f * 0.3,
                         bulletFontName=FONT, bulletFontSize=sz.body)
        self.caption = ps("caption", sz.small, color=INK if lam else "333333")
        self.missing = ps("missing", sz.missing, font=FONT_BOLD, color=MISSING_RED, alignment=TA_CENTER, lead=1.2)
        self.band = ps("band", sz.band_title, font=FONT_BOLD, color="FFFFFF", lead=1.15)
        self.header_left = ps("header_left", sz.header, font=FONT_BOLD)
        self.header_right = ps("header_right", sz.header, color="333333", alignment=TA_RIGHT)
        self.footer_left = ps("footer_left", sz.header, color="333333", alignment=TA_LEFT)
        self.footer_right = ps("footer_right", sz.header, color="333333", alignment=TA_RIGHT)
        self.pad = 3.0 if not lam else round(f * 0.25, 1)
        self.table_gap = 6.0 if not lam else round(f * 0.5, 1)
        self.box = sz.body * 1.05
        self.line_h = (9 if not lam else 11) * mm

