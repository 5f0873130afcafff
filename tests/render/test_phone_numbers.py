"""A phone number is never split over two lines of a PDF, where someone could dial half of it."""

from __future__ import annotations

import io

import pdfplumber
import pytest
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from mfc_docs.documents.blocks import Checklist, Layout, PageStyle, Table
from mfc_docs.render.pdf import FONT, register_fonts, render_pdf
from mfc_docs.render.pdf_styles import PHONE, TEXT_W, Styles

META = {"title": "t", "marking": "OFFICIAL-SENSITIVE", "home": "h", "subject": "s", "version": "1", "generated": "g"}


def test_a_number_that_would_wrap_at_its_space_moves_whole_to_the_next_line() -> None:
    register_fonts()
    size = Styles(10.5, False, 0.0).cell.fontSize
    # "Ring 01632" fits on the first line but "Ring 01632 960100" does not: an ordinary space would
    # leave "01632" on one line and "960100" on the next. The whole number fits on a line of its own.
    inner = (stringWidth("Ring 01632", FONT, size) + stringWidth("Ring 01632 960100", FONT, size)) / 2
    assert inner > stringWidth("01632 960100", FONT, size)
    column = inner + 2 * (3.0 + 1) + 1  # cell padding each side
    layout = Layout(blocks=(Table("rows", (("Who", "row.who"), ("Phone", "row.phone")),
                                  widths=(TEXT_W - column, column)),))
    rows = [{"who": "Registered Manager", "phone": "Ring 01632 960100 at any time"}]
    data = render_pdf(layout, {"meta": META, "rows": rows}, title="t", subject="s", author="a")
    lines = [line.replace("\xa0", " ").strip() for page in PdfReader(io.BytesIO(data)).pages
             for line in (page.extract_text() or "").splitlines()]
    assert "Ring" in lines and any(line.startswith("01632 960100") for line in lines), lines


def test_a_number_with_a_double_space_is_printed_exactly_as_written() -> None:
    layout = Layout(blocks=(Table("rows", (("Who", "row.who"), ("Phone", "row.phone")),
                                  widths=(TEXT_W / 2, TEXT_W / 2)),))
    rows = [{"who": "Social worker  (duty)", "phone": "07700  900123 or +44 (0) 1632  960100"}]
    data = render_pdf(layout, {"meta": META, "rows": rows}, title="t", subject="s", author="a")
    text = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages).replace("\xa0", " ")
    assert "07700  900123 or +44 (0) 1632  960100" in text
    assert "Social worker  (duty)" in text


def _lines(data: bytes) -> list[str]:
    return [line.replace("\xa0", " ").strip() for page in PdfReader(io.BytesIO(data)).pages
            for line in (page.extract_text() or "").splitlines()]


@pytest.mark.parametrize("who", ["Ring 07700 900123", "Ring 07700  900123", "Deputy  manager-on-call"])
def test_the_who_column_of_a_laminated_checklist_never_splits_a_number_or_a_word(who: str) -> None:
    layout = Layout(blocks=(Checklist("steps"),), page=PageStyle(kind="laminated"))
    steps = [{"action": "Phone the on-call manager", "who": who, "when": "At once"}]
    lines = _lines(render_pdf(layout, {"meta": META, "steps": steps}, title="t", subject="s", author="a"))
    whole = who.split("Ring ")[-1].split("Deputy  ")[-1]
    assert any(whole in line for line in lines), lines


def test_two_numbers_a_double_space_apart_are_two_numbers() -> None:
    assert PHONE.findall("Mum 01632 960100  07700 900123") == ["01632 960100", "07700 900123"]
    assert PHONE.findall("Childline 0800 1111  0808 800 5000") == ["0800 1111", "0808 800 5000"]
    assert PHONE.findall("07700  900123") == ["07700  900123"]


def test_a_line_that_wraps_after_a_double_space_does_not_start_indented() -> None:
    sentence = "Staff  search  the  house  and  garden  first.  " * 12
    layout = Layout(blocks=(Table("rows", (("Value", "row.v"),)),))
    data = render_pdf(layout, {"meta": META, "rows": [{"v": sentence}]}, title="t", subject="s", author="a")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        words = pdf.pages[0].extract_words()
    starts = {round(min(w["x0"] for w in words if round(w["top"]) == top), 1)
              for top in {round(w["top"]) for w in words if w["text"] in ("Staff", "search", "the", "house", "and",
                                                                             "garden", "first.")}}
    assert len(starts) == 1, starts  # every line of the cell starts at the same x
