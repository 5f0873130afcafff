"""Where Word may break a word too wide for its table cell: the places the PDF breaks it.

Word and LibreOffice split a word that does not fit its cell wherever the line ends
("marianne.oduya@exa" / "mple.org"), and an address read off a split like that is wrong. The
PDF breaks such a word after a hyphen, after "@", or at "." and "/" in an address
(``pdf_styles.break_long_words``). The rendered Word document is given the same places, as
zero-width spaces, only in words wider than their cell: nothing is seen, a word that fits is
left untouched, and a home's own restyled template gets them too (the tags stay as written).
"""

from __future__ import annotations

import re

from .pdf_styles import _ADDRESS, FONT, register_fonts, word_width

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
    register_fonts()
    if ZERO_WIDTH_SPACE in text or word_width(text, FONT, size) <= width_pt:
        return text
    return _WORD.sub(lambda m: _with_places(m.group(0)) if word_width(m.group(0), FONT, size) > width_pt
                     else m.group(0), text)


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


def add_break_places(document, sizes: dict[str, float]) -> None:
    """Give every too-wide word in every table cell of ``document`` (a ``w:document``) its break places.

    ``sizes``: each paragraph style's font size (:func:`style_sizes`), for runs that give none.
    """
    for cell in document.iter(f"{_W}tc"):
        width = cell.find(f"{_W}tcPr/{_W}tcW")
        if width is None or width.get(f"{_W}type") != "dxa" or not width.get(f"{_W}w", "").isdigit():
            continue
        room = int(width.get(f"{_W}w")) / 20 - CELL_SIDES_PT
        for paragraph in cell.iterchildren(f"{_W}p"):
            for run in paragraph.iter(f"{_W}r"):
                for text in run.iterchildren(f"{_W}t"):
                    if not text.text or len(text.text) < 8:
                        continue
                    text.text = breakable(text.text, room, _size(run, paragraph, sizes))


def _size(run, paragraph, sizes: dict[str, float]) -> float:
    sz = run.find(f"{_W}rPr/{_W}sz")
    if sz is not None and sz.get(f"{_W}val", "").isdigit():
        return int(sz.get(f"{_W}val")) / 2
    style = paragraph.find(f"{_W}pPr/{_W}pStyle")
    return sizes.get(style.get(f"{_W}val") if style is not None else "", DEFAULT_SIZE)


__all__ = ["ZERO_WIDTH_SPACE", "add_break_places", "breakable", "style_sizes"]
