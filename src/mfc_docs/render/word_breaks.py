"""Where Word may break a word too wide for its table cell: the places the PDF breaks it.

Word and LibreOffice split a word that does not fit its cell wherever the line ends
("marianne.oduya@exa" / "mple.org"), and an address read off a split like that is wrong. The
PDF breaks such a word after a hyphen, after "@", or at "." and "/" in an address
(``pdf_styles.break_long_words``). The rendered Word document is given the same places, as
zero-width spaces, only in words wider than their cell: nothing is seen, a word that fits is
left untouched, and a home's own restyled template gets them too (the tags stay as written).
"""

from __future__ import annotations

import functools
import re

from .theme import ADDRESS as _ADDRESS

ZERO_WIDTH_SPACE = "\u200b"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_WORD = re.compile(r"[^ \t\r\n\u00a0]+")
DEFAULT_SIZE = 9.0  # points, for text whose size neither its run nor its paragraph style gives
CELL_SIDES_PT = 2 * 1.6 * 72 / 25.4  # the left and right cell margins the built-in templates set


def _with_places(word: str) -> str:
    chars = "-\u2010\u2013@" + ("./" if _ADDRESS.search(word) else "")
    out = []
    for i, ch in enumerate(word):
        out.append(ch)
        if ch in chars and word[i + 1:].strip("-.@/"):
            out.append(ZERO_WIDTH_SPACE)
    return "".join(out)


def breakable(text: str, width_pt: float, size: float) -> str:
    """``text`` with a zero-width space at each place a word wider than ``width_pt`` may break.

    Measured with the PDF's font (DejaVu Sans, a little wider than Word's Arial), so a word that
    might just fit in Word gets its places too: they are invisible unless used.
    """
    words = text.split()
    # No character of the font is wider than its size: a word that short fits without measuring.
    if ZERO_WIDTH_SPACE in text or not words or max(map(len, words)) * size <= width_pt:
        return text
    return _WORD.sub(lambda m: _with_places(m.group(0)) if len(m.group(0)) * size > width_pt
                     and _width(m.group(0), size) > width_pt else m.group(0), text)


@functools.lru_cache(maxsize=4096)
def _width(word: str, size: float) -> float:
    """``word``'s width in the PDF's regular face: what ``pdfmetrics.stringWidth(word, "DejaVuSans", size)``
    gives once the PDF's fonts are registered (the same font file, measured by the same reportlab code),
    without importing reportlab's layout or reading the other faces: a build's Word files are often
    made in a process that draws no PDF (``output.pdf_beside``)."""
    return _regular_face().stringWidth(word, size)


@functools.lru_cache(maxsize=1)
def _regular_face():
    from reportlab.pdfbase.ttfonts import TTFont

    from ..input.printable import FONT_FILES

    return TTFont("DejaVuSans", str(FONT_FILES["regular"]))


def style_sizes(styles_xml: bytes | None) -> dict[str, float]:
    """Each style's font size in points, from the document's styles part (``word/styles.xml``)."""
    from lxml import etree

    sizes: dict[str, float] = {}
    if not styles_xml:
        return sizes
    root = etree.fromstring(styles_xml, etree.XMLParser(resolve_entities=False, recover=True))
    for style in root.iter(f"{_W}style"):
        sz = style.find(f"{_W}rPr/{_W}sz")
        if sz is not None and sz.get(f"{_W}val", "").isdigit():
            sizes[style.get(f"{_W}styleId")] = int(sz.get(f"{_W}val")) / 2
    return sizes


_CELL_WIDTH = re.compile(r'<w:tcW [^>]*?w:w="(\d+)"')
MAX_SIZE = 16.0  # no table text is larger (laminated sheets go up to 14 points)


@functools.lru_cache(maxsize=256)
def _long_text(letters: int) -> re.Pattern:
    """A piece of text with a word of at least ``letters`` characters.

    No character is wider than its size, so a word shorter than a cell's width over MAX_SIZE fits
    it at any size: only texts with a longer word are measured.
    """
    return re.compile(r"(<w:t(?: [^>]*)?>)([^<]*?[^\s<]{%d}[^<]*)</w:t>" % max(letters, 1))
_RUN_SIZE = re.compile(r'<w:sz w:val="(\d+)"')
_RUN_OR_PARAGRAPH = re.compile(r"<w:(?:r|p)[ >]|<w:pStyle w:val=\"([^\"]*)\"")


def add_break_places(xml: str, sizes: dict[str, float]) -> str:
    """``xml`` (a rendered ``w:document`` body) with break places in every too-wide word of a table cell.

    Searched as text rather than walked as a tree (lxml's element proxies for every cell cost more
    than the rest of a render): each cell's text runs from its width to the next cell's width or
    its end (text after a nested table is left as written); a text's size is its run's, else its
    paragraph style's (``sizes``, from :func:`style_sizes`).
    """
    out, done = [], 0
    for cell in _CELL_WIDTH.finditer(xml):
        room = int(cell.group(1)) / 20 - CELL_SIDES_PT
        start = cell.end()
        ends = [i for i in (xml.find("<w:tcW ", start), xml.find("</w:tc>", start)) if i >= 0]
        end = min(ends) if ends else len(xml)
        for m in _long_text(int(room / MAX_SIZE) + 1).finditer(xml, start, end):
            size = _size_before(xml, start, m.start(), sizes)
            changed = breakable(m.group(2), room, size)
            if changed != m.group(2):
                out += [xml[done:m.start(2)], changed]
                done = m.end(2)
    return "".join(out) + xml[done:] if out else xml


def _size_before(xml: str, start: int, at: int, sizes: dict[str, float]) -> float:
    """The size of the text at ``at``: its run's own, else its paragraph style's, else the default."""
    style = run_start = None
    for mark in _RUN_OR_PARAGRAPH.finditer(xml, start, at):
        if mark.group(1) is not None:
            style = mark.group(1)
        elif mark.group(0).startswith("<w:p"):
            style, run_start = None, None
        else:
            run_start = mark.end()
    if run_start is not None:
        own = _RUN_SIZE.search(xml, run_start, at)
        if own:
            return int(own.group(1)) / 2
    return sizes.get(style, DEFAULT_SIZE) if style else DEFAULT_SIZE


__all__ = ["ZERO_WIDTH_SPACE", "add_break_places", "breakable", "style_sizes"]
