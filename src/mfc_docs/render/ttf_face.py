"""A TrueType face read as reportlab reads it, with its character tables read whole, not value by value.

reportlab's ``TTFontFace`` reads a font's character map, widths and glyph offsets one number at a
time (a Python call per number): about 7 ms per DejaVu face, two faces in every police pack. Here
the same tables are unpacked an array at a time, and everything else (the header, the names, the
metrics) is read by reportlab's own code. The result is reportlab's own class with the same
attributes, the same values of the same types, in the same order in every table, so every PDF is
the same, byte for byte (tests/render/test_ttf_face.py compares the faces attribute by attribute).

Only what DejaVu uses is read this way: a TrueType file (not a collection) whose Unicode map is
format 12. Any other font, or anything unexpected, is read by reportlab as before.
"""

from __future__ import annotations

from struct import error as StructError, unpack_from

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFontFace, TTFontParser  # the classes themselves (pdf_styles stands in for
# ttfonts.TTFontFace while it makes a font)

__all__ = ["read_face"]


def read_face(filename: str, validate=0, subfontIndex=0) -> TTFontFace:
    """``ttfonts.TTFontFace(filename)``, made faster for the fonts mfc-docs ships (same arguments)."""
    if not validate and subfontIndex == 0:
        try:
            face = _fast_face(filename)
        except (StructError, KeyError, IndexError, ValueError, TypeError, ZeroDivisionError, ttfonts.TTFError):
            face = None
        if face is not None:
            return face
    return TTFontFace(filename, validate=validate, subfontIndex=subfontIndex)


def _unicode_map(data: bytes, cmap: int) -> int:
    """Where the subtable reportlab would choose starts (the same choice, made the same way)."""
    version, count = unpack_from(">HH", data, cmap)
    if count == 0 and version != 0:
        count = version
    chosen, kind = None, 0
    for i in range(count):
        platform, encoding, offset = unpack_from(">HHL", data, cmap + 4 + 8 * i)
        if platform == 3:
            kind, chosen = 1, offset
        elif platform == 1 and encoding == 0 and kind != 1:
            kind, chosen = 2, offset
        elif platform == 1 and encoding == 1:
            kind, chosen = 1, offset
        elif platform == 0 and encoding != 5:
            kind, chosen = 1, offset
    if chosen is None:
        raise ValueError("no Unicode map")
    return cmap + chosen


def _fast_face(filename: str) -> TTFontFace | None:
    face = TTFontFace.__new__(TTFontFace)
    pdfmetrics.TypeFace.__init__(face, None)  # what TTFontFace.__init__ does, with TTFontFile's reading below
    TTFontParser.__init__(face, filename, validate=0, subfontIndex=0)
    if face.version != 0x00010000 and face.version != 0x74727565:  # a collection: reportlab reads it
        return None
    face.extractInfo(charInfo=0)  # names, header, metrics: reportlab's own code (it stops before the tables)
    data, table = face._ttf_data, face.table
    head, hhea, cmap = table["head"]["offset"], table["hhea"]["offset"], table["cmap"]["offset"]
    index_to_loc, glyph_data_format = unpack_from(">HH", data, head + 50)
    n_metrics, = unpack_from(">H", data, hhea + 34)
    n_glyphs = face.numGlyphs
    if glyph_data_format != 0 or face._full_font or not 0 < n_metrics <= n_glyphs:
        return None
    start = _unicode_map(data, cmap)
    if unpack_from(">H", data, start)[0] != 12:
        return None

    # cmap format 12: groups of (first character, last character, first glyph)
    groups_n, = unpack_from(">L", data, start + 12)
    groups = unpack_from(f">{3 * groups_n}L", data, start + 16)
    chars: list[int] = []
    glyphs: list[int] = []
    for i in range(0, 3 * groups_n, 3):
        first, last, glyph = groups[i], groups[i + 1], groups[i + 2]
        chars.extend(range(first, last + 1))
        glyphs.extend(range(glyph, glyph + last + 1 - first))
    char_to_glyph = dict(zip(chars, glyphs))
    if len(char_to_glyph) == len(chars) and len(set(glyphs)) == len(glyphs):  # one character per glyph
        glyph_to_char = {glyph: [char] for char, glyph in zip(chars, glyphs)}
    else:  # as reportlab builds them
        char_to_glyph, glyph_to_char = {}, {}
        for char, glyph in zip(chars, glyphs):
            char_to_glyph[char] = glyph
            glyph_to_char.setdefault(glyph, []).append(char)
    face.charToGlyph, face.glyphToChar = char_to_glyph, glyph_to_char

    # hmtx: (advance, left side bearing) for the first n_metrics glyphs, then bearings only. reportlab
    # keeps the advances unscaled in hmetrics, except those after n_metrics: the last scaled advance.
    scale = face._pdfScale
    hmtx = table["hmtx"]["offset"]
    pairs = unpack_from(f">{2 * n_metrics}H", data, hmtx)
    bearings = unpack_from(f">{n_glyphs - n_metrics}H", data, hmtx + 4 * n_metrics)
    advances = pairs[0::2]
    widths = [scale(advance) for advance in advances]
    last_width = widths[-1]
    hmetrics = list(zip(advances, pairs[1::2]))
    hmetrics.extend([(last_width, bearing) for bearing in bearings])
    face.hmetrics = hmetrics
    face.defaultWidth = widths[0]
    char_widths: dict[int, float] = {}
    for glyph in sorted(glyph_to_char):  # reportlab: glyph by glyph, each glyph's characters in map order
        if glyph < n_glyphs:
            width = widths[glyph] if glyph < n_metrics else last_width
            for char in glyph_to_char[glyph]:
                char_widths[char] = width
    face.charWidths = char_widths

    loca = table["loca"]["offset"]
    if index_to_loc == 0:
        face.glyphPos = [offset << 1 for offset in unpack_from(f">{n_glyphs + 1}H", data, loca)]
        face._pos = loca + 2 * (n_glyphs + 1)
    elif index_to_loc == 1:
        face.glyphPos = list(unpack_from(f">{n_glyphs + 1}L", data, loca))
        face._pos = loca + 4 * (n_glyphs + 1)
    else:
        return None
    if 0x20 in char_to_glyph:
        char_to_glyph[0xA0] = char_to_glyph[0x20]
        char_widths[0xA0] = char_widths[0x20]
    elif 0xA0 in char_to_glyph:
        char_to_glyph[0x20] = char_to_glyph[0xA0]
        char_widths[0x20] = char_widths[0xA0]
    return face
