"""render.ttf_face reads DejaVu's faces as reportlab does, value for value, so every PDF stays the same."""

from __future__ import annotations

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFontFace

from mfc_docs.input.printable import FONT_FILES
from mfc_docs.render.ttf_face import _fast_face, read_face


def _tables(face) -> dict:
    """Every attribute of a face, dictionaries as their items in order (the order is the PDF's too)."""
    values = {}
    for name, value in vars(face).items():
        if name == "_pdfScale":
            value = [value(x) for x in (0, 1, 1234, 2048, 65535)]
        elif isinstance(value, dict):
            value = [(k, type(v), v) for k, v in value.items()]
        elif isinstance(value, list):
            value = [(type(v), v) for v in value]
        values[name] = (type(value), value)
    return values


@pytest.mark.parametrize("kind", sorted(FONT_FILES))
def test_each_shipped_face_is_the_face_reportlab_reads(kind: str) -> None:
    assert _fast_face(str(FONT_FILES[kind])) is not None  # read here, not handed to reportlab
    ours, theirs = read_face(str(FONT_FILES[kind])), TTFontFace(str(FONT_FILES[kind]))
    assert type(ours) is TTFontFace
    assert _tables(ours) == _tables(theirs)
    assert len(ours.charWidths) > 5000 and ours.charWidths[ord("ệ")] == theirs.charWidths[ord("ệ")]
    for hm_ours, hm_theirs in zip(ours.hmetrics, theirs.hmetrics):  # reportlab's mix of ints and scaled floats
        assert type(hm_ours[0]) is type(hm_theirs[0])


def test_a_subset_embedded_from_our_face_is_reportlabs_byte_for_byte() -> None:
    text = "Nguyễn Thị Hồng Nhung, Łódź, Ó Súilleabháin, Ștefan: 07700 900123 & <more>"
    ours, theirs = read_face(str(FONT_FILES["bold"])), TTFontFace(str(FONT_FILES["bold"]))
    subset = sorted({ord(c) for c in text} | {0})
    assert ours.makeSubset(subset) == theirs.makeSubset(subset)


def test_a_font_it_does_not_read_itself_is_read_by_reportlab(tmp_path) -> None:
    """Anything but a plain TrueType file with a format-12 map (here: a file cut short) goes to reportlab,
    which says what it says of such a file."""
    cut = tmp_path / "cut.ttf"
    cut.write_bytes(FONT_FILES["regular"].read_bytes()[:4000])
    with pytest.raises(Exception) as raised:
        TTFontFace(str(cut))
    with pytest.raises(type(raised.value)) as ours:
        read_face(str(cut))
    assert str(ours.value) == str(raised.value)


def test_registered_fonts_measure_as_reportlab_measures() -> None:
    from mfc_docs.render.pdf_styles import FONT, FONT_BOLD, register_fonts
    from reportlab.pdfbase.ttfonts import TTFont

    register_fonts()
    for name, kind in ((FONT, "regular"), (FONT_BOLD, "bold")):
        reference = TTFont(f"reference-{kind}", str(FONT_FILES[kind]))
        for text in ("Nguyễn Thị Hồng Nhung", "Bus station, 22:15", "ŁĄŚ ĂÂȘȚ ÁÉÍÓÚ"):
            assert pdfmetrics.stringWidth(text, name, 9.5) == reference.stringWidth(text, 9.5)
