"""reportlab made faster (render.pdf_speedups) answers exactly as reportlab does."""

from __future__ import annotations

import itertools

from reportlab.lib import colors
from reportlab.lib.rl_accel import sameFrag
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph

from mfc_docs.render.pdf import FONT, FONT_BOLD, register_fonts
from mfc_docs.render.pdf_speedups import ascent_descent, same_frag, string_width

MARKUP = [
    "plain words only",
    "<b>Label</b> value and more words <b>bold</b> end",
    "<font color='#b00020'>red</font> then <font color='#b00020'>red again</font> and black",
    "line one<br/>line two<br/>three",
    "<u>under</u> and <strike>struck</strike> and plain",
    "<a href='mailto:someone@example.org'>someone@example.org</a> or 01632 960100",
    "<font size='12'>big</font> <super>up</super> <sub>down</sub> normal",
    "<span backColor='#ffff00'>marked</span> unmarked",
]


def _frags() -> list:
    register_fonts()
    style = ParagraphStyle("t", fontName=FONT, fontSize=9, leading=11, textColor=colors.HexColor("#222222"))
    frags = []
    for text in MARKUP:
        frags += Paragraph(text, style).frags
    return frags


def test_same_frag_answers_as_reportlabs_own_for_every_pair_of_pieces() -> None:
    frags = _frags()
    pairs = list(itertools.product(frags, repeat=2))
    assert len(pairs) > 500
    answers = [bool(sameFrag(f, g)) for f, g in pairs]
    assert [same_frag(f, g) for f, g in pairs] == answers
    assert True in answers and False in answers  # both answers are exercised


def test_widths_and_heights_are_reportlabs_own() -> None:
    register_fonts()
    for font, size, text in [(FONT, 9, "Nguyễn Thị Hồng Nhung"), (FONT_BOLD, 12.5, "Łukasz O'Brien"), (FONT, 9, " ")]:
        assert string_width(text, font, size) == pdfmetrics.stringWidth(text, font, size)
        assert string_width(text, font, size) == pdfmetrics.stringWidth(text, font, size)  # remembered
        assert ascent_descent(font, size) == pdfmetrics.getAscentDescent(font, size)
        assert ascent_descent(font, size) == pdfmetrics.getAscentDescent(font, size)
