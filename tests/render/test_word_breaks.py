"""Word output breaks a word too wide for its column where the PDF does (after a hyphen or "@", or at
"." and "/" in an address), never mid-word: checked in LibreOffice, as a home opens the file."""

from __future__ import annotations

import subprocess
import uuid
from pathlib import Path

from mfc_docs.documents.blocks import Fields, Layout, Table
from mfc_docs.render.docx import render_docx
from mfc_docs.render.templates import build_template
from mfc_docs.render.word_breaks import breakable

from ..conftest import require_tool
from .conftest import META

EMAILS = ["marianne.oduya@example.org", "youth.offending.service.team12@example.org",
          "https://www.gov.uk/government/organisations/ofsted"]
NAME = "Brennan-O'Donoghue-Fitzwilliam-Montgomery"


def lines_of_pdf(pdf: Path) -> list[str]:
    out = subprocess.run([require_tool("pdftotext"), str(pdf), "-"], capture_output=True, text=True, check=True)
    return [line.strip() for line in out.stdout.replace("\u200b", "").splitlines() if line.strip()]


def broken_only_where_it_may(word: str, lines: list[str]) -> bool:
    """``word`` is whole on a line, or runs over lines each of which ends after '-', '@', '.' or '/'."""
    if any(word in line for line in lines):
        return True
    for start, line in enumerate(lines):
        text = line
        for following in lines[start + 1:start + 5]:
            if not word.startswith(text) or text[-1] not in "-@./":
                break
            text += following
            if text == word:
                return True
    return False


def test_a_long_email_or_name_in_a_narrow_word_column_breaks_only_after_a_hyphen_at_or_dot(tmp_path: Path) -> None:
    layout = Layout(blocks=(
        Table("rows", (("Who", "row.who"), ("Email or web", "row.email")), widths=(5, 1)),
        Fields((("A name", "name"),)),
    ))
    context = {"meta": dict(META), "name": " ".join([NAME] * 3),
               "rows": [{"who": "Contact", "email": email} for email in EMAILS]}
    docx_path = tmp_path / "contacts.docx"
    docx_path.write_bytes(render_docx(build_template(layout, "Contacts"), context, title="t", subject="s", author="a"))
    soffice = require_tool("soffice")
    subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation={(tmp_path / uuid.uuid4().hex).as_uri()}",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx_path)],
                   capture_output=True, text=True, timeout=120, check=False)
    lines = lines_of_pdf(tmp_path / "contacts.pdf")
    for word in EMAILS + [NAME]:
        assert broken_only_where_it_may(word, lines), (word, lines)


def test_words_that_fit_are_left_alone() -> None:
    assert breakable("Mon-Fri 9:00-17:00; mash@example.org", 230, 9) == "Mon-Fri 9:00-17:00; mash@example.org"
    assert breakable("youth.offending.service.team12@example.org", 60, 9).split("\u200b")[:2] == [
        "youth.", "offending."]
