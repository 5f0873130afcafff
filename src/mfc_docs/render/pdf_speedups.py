"""reportlab, made faster where mfc-docs' documents spend their time, with the same output.

Each speed-up is measured in ``make bench``; none changes a byte of the PDF.
"""

from __future__ import annotations

import hashlib
import io

from reportlab import rl_config
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Image, Paragraph
from reportlab.platypus import paragraph as _paragraph

# Binary (compressed) streams: ASCII85 text encoding only makes files bigger and slower to write.
rl_config.useA85 = 0

_ASCENT_DESCENT: dict[tuple, tuple] = {}  # (font name, size) -> (the font, its ascent and descent at that size)


def ascent_descent(fontName, fontSize=None):
    """reportlab's ``getAscentDescent``, remembered for each font and size.

    A TrueType font keeps its ascent on its face, and reportlab finds it there by catching an
    AttributeError, on every line of every paragraph it sets: about 5% of drawing a document.
    The answer is kept with the font it came from, so a font registered again under the same
    name is asked afresh.
    """
    font = pdfmetrics._fonts.get(fontName)
    kept = _ASCENT_DESCENT.get((fontName, fontSize))
    if kept is not None and kept[0] is font and font is not None:
        return kept[1]
    found = _reportlab_ascent_descent(fontName, fontSize)
    if len(_ASCENT_DESCENT) < 10_000:
        _ASCENT_DESCENT[(fontName, fontSize)] = (pdfmetrics._fonts.get(fontName), found)
    return found


_reportlab_ascent_descent = pdfmetrics.getAscentDescent
_paragraph.getAscentDescent = ascent_descent  # where paragraphs are set and drawn; the same numbers

_WIDTHS: dict[tuple, tuple] = {}  # (text, font name, size, encoding) -> width


def string_width(text, fontName, fontSize, encoding="utf8"):
    """reportlab's ``stringWidth`` for a paragraph's words, each measured once per font and size.

    Setting a paragraph measures every word (and again at each width tried); the same words recur
    on every page and in each of a child's documents. A width depends only on the font's glyph
    widths, so it is kept with the font it came from.
    """
    font = pdfmetrics._fonts.get(fontName)
    key = (text, fontName, fontSize, encoding)
    kept = _WIDTHS.get(key)
    if kept is not None and kept[0] is font and font is not None:
        return kept[1]
    width = _reportlab_string_width(text, fontName, fontSize, encoding)
    if len(_WIDTHS) >= 200_000:
        _WIDTHS.clear()
    _WIDTHS[key] = (pdfmetrics._fonts.get(fontName), width)
    return width


_reportlab_string_width = pdfmetrics.stringWidth
_paragraph.stringWidth = string_width

_SAME_FRAG_KEYS = ("fontName", "fontSize", "textColor", "rise", "us_lines", "link", "backColor", "nobr")


def same_frag(f, g) -> bool:
    """reportlab's ``sameFrag``: whether two pieces of a paragraph are set alike (so a line joins them).

    reportlab's compiled version compares every attribute with ``==`` even when both pieces hold
    the very same object (a colour's ``==`` is Python code): 10 us a call, a tenth of setting a
    police pack. This is its pure-Python definition (``reportlab.lib.rl_accel``), comparing by
    identity first: the same answer, 1 us.
    """
    fd, gd = f.__dict__, g.__dict__
    if "cbDefn" in fd or "lineBreak" in fd or "cbDefn" in gd or "lineBreak" in gd:
        return False
    for key in _SAME_FRAG_KEYS:
        a, b = fd.get(key), gd.get(key)
        if a is not b and a != b:
            return False
    return True


_paragraph.sameFrag = same_frag

_FRAGMENTS: dict[tuple, list] = {}


class OnceWrappedParagraph(Paragraph):
    """A Paragraph that breaks its lines once per width.

    reportlab wraps a table cell's paragraph two or three times at the same width (to
    size the row, to try a split, to draw it); the lines depend only on the width.
    """

    _wrapped_width: float | None = None

    def wrap(self, availWidth, availHeight):
        if self._wrapped_width == availWidth and "blPara" in self.__dict__:  # reportlab may drop it
            return self.width, self.height
        result = super().wrap(availWidth, availHeight)
        self._wrapped_width = availWidth
        return result


def cached_paragraph(markup: str, style: ParagraphStyle) -> Paragraph:
    """A Paragraph, reusing the parse of the same text in the same style.

    Labels, headers and a child's facts recur across documents; reportlab parses each
    paragraph's text with an HTML parser, which was an eighth of a document's time.
    Each paragraph gets its own copies of the fragments, so none is shared.
    """
    key = (markup, style.name, style.fontName, style.fontSize, style.leading, repr(style.textColor))
    cached = _FRAGMENTS.get(key)
    if cached is None:
        paragraph = OnceWrappedParagraph(markup, style)
        if len(_FRAGMENTS) < 50_000:
            _FRAGMENTS[key] = [fragment.clone() for fragment in paragraph.frags]
        return paragraph
    return OnceWrappedParagraph(markup, style, frags=[fragment.clone() for fragment in cached])


class JpegReader(ImageReader):
    """A cleaned photo (always a JPEG), drawn without decoding its pixels.

    reportlab embeds a JPEG's bytes as they are, but first names the image by hashing
    its decoded pixels, which took 5 ms a photo, as long as the rest of a response card.
    Here the name comes from the JPEG's own bytes: the same photo, the same name.
    """

    def __init__(self, data: bytes) -> None:
        super().__init__(io.BytesIO(data))
        if getattr(self._image, "format", None) != "JPEG":
            raise ValueError("only a JPEG can be drawn without decoding")
        self._dataA = None  # no transparency in a JPEG
        self._signature = b"jpeg:" + hashlib.sha256(data).digest()

    def getRGBData(self) -> bytes:  # only read for the image's name: a JPEG is embedded as it is
        return self._signature


class PhotoFlowable(Image):
    """A photo flowable drawn through :class:`JpegReader`."""

    def __init__(self, data: bytes) -> None:
        super().__init__(io.BytesIO(data))
        self._reader = JpegReader(data)

    def draw(self) -> None:
        self.canv.drawImage(self._reader, getattr(self, "_offs_x", 0), getattr(self, "_offs_y", 0),
                            self.drawWidth, self.drawHeight, mask=self._mask)

