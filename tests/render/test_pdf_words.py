"""Words are never broken inside a table column: a column is made wide enough for its longest word,
and a word that still cannot fit breaks at a hyphen, after "@" or at a "." in an address, never mid-word."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pdfplumber
from click.testing import CliRunner

from mfc_docs.documents.blocks import Fields, Layout, PageStyle, Table
from mfc_docs.cli import main
from mfc_docs.render.pdf import render_pdf

META = {"title": "Words", "marking": "OFFICIAL", "home": "Home", "subject": "", "version": "1", "generated": "today"}
NAME = "Pritchard-O'Donnell"
EMAIL = "duty.desk@westshire-council.example.org"


def placed_words(layout: Layout, context: dict) -> list[dict]:
    data = render_pdf(layout, {"meta": META, **context}, title="t", subject="s", author="a")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [w for page in pdf.pages for w in page.extract_words()]


def words_on_page(layout: Layout, context: dict) -> list[str]:
    return [w["text"] for w in placed_words(layout, context)]


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


def test_a_word_too_wide_for_its_column_breaks_at_its_hyphen_or_after_its_at_sign() -> None:
    # The notes hold a word no column could hold, so the columns keep their given widths:
    # about 62 points of text for the name (wider than "Brennan-", narrower than the whole name)
    # and 107 for the email (wider than "kayla.brennan.worker@", narrower than the address).
    nonsense = "q" * 100
    layout = Layout(blocks=(Table("rows", (("Name", "row.name"), ("Email", "row.email"), ("Notes", "row.notes")),
                                  widths=(70, 115, 308)),), page=PageStyle(body_size=9))
    rows = [{"name": "Brennan-O'Donoghue", "email": "kayla.brennan.worker@example.org", "notes": nonsense}]
    words = placed_words(layout, {"rows": rows})
    at = {w["text"]: w for w in words}
    texts = [w["text"] for w in words]
    for first, second in (("Brennan-", "O'Donoghue"), ("kayla.brennan.worker@", "example.org")):
        assert first in at and second in at, texts
        assert at[first]["top"] < at[second]["top"]  # on the next line, not beside it
        assert abs(at[first]["x0"] - at[second]["x0"]) < 1  # in the same column
    bottom = max(w["bottom"] for w in words if set(w["text"]) == {"q"})
    in_table = [w["text"] for w in words if at["Name"]["top"] - 1 <= w["top"] and w["bottom"] <= bottom + 1]
    fragments = [t for t in in_table if t not in {"Name", "Email", "Notes", "Brennan-", "O'Donoghue",
                                              "kayla.brennan.worker@", "example.org"} and set(t) != {"q"}]
    assert fragments == []  # no "O'D", no "exa", no "mple.org"
    assert "".join(t for t in texts if set(t) == {"q"}) == nonsense  # the last resort: split, nothing lost


def hyphenated_names(home: Path) -> set[str]:
    """Every hyphenated word with capitals in the home's YAML: "Brennan-O'Donoghue", "Adeyemi-Laurent"."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in home.rglob("*.yaml"))
    return set(re.findall(r"[A-Z][\w']+(?:-[A-Z][\w']+)+", text))


def mid_word_pieces(name: str, words: list[str]) -> list[str]:
    """Words of a PDF that are a piece of ``name`` cut somewhere other than after a hyphen."""
    bad = []
    for word in words:
        word = re.sub(r"(?:['’]s)?[,.;:)]*$", "", word.lstrip("(“\"'"))
        if len(word) < 2 or word == name:
            continue
        if name.startswith(word) and not word.endswith("-"):
            bad.append(word)
        elif name.endswith(word) and name[-len(word) - 1] != "-":
            bad.append(word)
    return bad


def test_the_second_home_never_splits_a_hyphenated_name_mid_word(second_home: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(second_home), "-o", str(out), "--format", "pdf"])
    assert result.exit_code == 0, result.output
    names = hyphenated_names(second_home)
    assert "Brennan-O'Donoghue" in names
    pdfs = sorted(out.rglob("*.pdf"))
    assert pdfs
    found = set()
    for pdf_path in pdfs:
        with pdfplumber.open(pdf_path) as pdf:
            words = [w["text"] for page in pdf.pages for w in page.extract_words()]
        text = " ".join(words)
        found |= {name for name in names if name in text}
        for name in names:
            assert mid_word_pieces(name, words) == [], (pdf_path.name, name)
    assert "Brennan-O'Donoghue" in found


def test_a_web_address_wider_than_its_column_breaks_only_at_its_slashes_and_dots() -> None:
    """Ofsted's address in the procedure's contact table read 'government/organisat' / 'ions/ofsted'."""
    url = "https://www.gov.uk/government/organisations/ofsted"
    nonsense = "q" * 100  # no column could hold it, so the columns keep their given widths
    layout = Layout(blocks=(Table("rows", (("Web", "row.web"), ("Notes", "row.notes")), widths=(90, 403)),),
                    page=PageStyle(body_size=9))
    words = words_on_page(layout, {"rows": [{"web": url, "notes": nonsense}]})
    pieces = [w for w in words if w in url and len(w) > 2]  # not the footer's "of"
    assert "".join(pieces) == url
    assert all(piece[-1] in "./" for piece in pieces[:-1]), pieces
