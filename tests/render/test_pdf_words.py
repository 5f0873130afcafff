"""Words are never broken inside a table column: a column is made wide enough for its longest word."""

from __future__ import annotations

import io

import pdfplumber

from mfc_docs.documents.blocks import Fields, Layout, PageStyle, Table
from mfc_docs.render.pdf import render_pdf

META = {"title": "Words", "marking": "OFFICIAL", "home": "Home", "subject": "", "version": "1", "generated": "today"}
NAME = "Pritchard-O'Donnell"
EMAIL = "duty.desk@westshire-council.example.org"


def words_on_page(layout: Layout, context: dict) -> list[str]:
    data = render_pdf(layout, {"meta": META, **context}, title="t", subject="s", author="a")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [w["text"] for page in pdf.pages for w in page.extract_words()]


def test_a_narrow_column_is_widened_for_its_longest_word() -> None:
    layout = Layout(blocks=(Table("rows", (("Name", "row.name"), ("Email", "row.email"), ("Notes", "row.notes")),
                                  widths=(1, 1.5, 10)),), page=PageStyle(body_size=9))
    rows = [{"name": NAME, "email": EMAIL, "notes": "Some notes " * 20}]
    words = words_on_page(layout, {"rows": rows})
    assert NAME in words and EMAIL in words


def test_a_long_label_and_value_in_a_fields_table_stay_whole() -> None:
    label = "Exploitation-coordinator-overnight"
    layout = Layout(blocks=(Fields(((label, "value"),)),), page=PageStyle(body_size=10.5))
    words = words_on_page(layout, {"value": EMAIL})
    assert label in words and EMAIL in words
