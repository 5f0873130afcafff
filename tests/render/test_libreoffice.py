"""A real word processor must open every .docx we make: LibreOffice converts them to PDF."""

from __future__ import annotations

import subprocess
import uuid
from pathlib import Path

import pytest

from mfc_docs.documents.blocks import Heading, Layout, Table, Text
from mfc_docs.render.docx import render_docx
from mfc_docs.render.templates import build_template

from ..conftest import require_tool
from .conftest import META, NEVER, POLISH, expected_values, full_layout, laminated, make_context, make_gps_photo
from .helpers import norm, pdf_pages, pdf_text

pytestmark = pytest.mark.libreoffice

PROPS = dict(title="Police information pack", subject="Test", author="mfc-docs tests")


def _convert(soffice: str, files: list[Path], outdir: Path, profile: Path) -> None:
    cmd = [soffice, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
           "--convert-to", "pdf", "--outdir", str(outdir), *map(str, files)]
    subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> dict:
    soffice = require_tool("soffice")
    base = tmp_path_factory.mktemp("lo")
    photo = make_gps_photo(base / "photo.jpg")
    ctx = make_context(photo)
    rows = {"meta": dict(META), "rows": [
        {"name": f"Contact {i:02d} {POLISH}", "phone": f"07700 900{i:03d}"} for i in range(1, 41)]}
    table = Layout(blocks=(Heading("Contacts"), Table(items_expr="rows",
                                                      columns=(("Contact name", "row.name"), ("Telephone", "row.phone")))))
    sheet = Layout(blocks=(Text("Stay calm & follow the steps."),), page=laminated)
    docs = {
        "full": (full_layout(), ctx),
        "table": (table, rows),
        "sheet": (sheet, {"meta": dict(META), "band": "#FFB300"}),
    }
    files = []
    for name, (layout, c) in docs.items():
        path = base / f"{name}.docx"
        path.write_bytes(render_docx(build_template(layout, name), c, **PROPS))
        files.append(path)
    raw = base / "template.docx"  # the template itself must open too: homes restyle it in Word
    raw.write_bytes(build_template(full_layout(), "Police information pack"))
    files.append(raw)
    out = base / "pdf"
    out.mkdir()
    _convert(soffice, files, out, base / f"profile-{uuid.uuid4().hex}")
    return {"dir": out, "ctx": ctx}


def _pdf(converted, name) -> bytes:
    path = converted["dir"] / f"{name}.pdf"
    assert path.exists(), f"LibreOffice did not convert {name}.docx"
    return path.read_bytes()


def test_full_document_opens_and_shows_every_value(converted):
    text = pdf_text(_pdf(converted, "full"))
    missing = [v for v in expected_values(converted["ctx"]) if norm(v) not in text
               and v != converted["ctx"]["child"]["description"]]  # long text is interrupted by page furniture
    assert not missing
    for bad in NEVER:
        assert bad not in text, bad


def test_long_table_repeats_its_header_in_word_too(converted):
    pages = pdf_pages(_pdf(converted, "table"))
    assert len(pages) >= 2
    for page in pages:
        assert "Contact name" in page
    assert "Contact 40" in " ".join(pages)


def test_laminated_sheet_opens(converted):
    text = pdf_text(_pdf(converted, "sheet"))
    assert "Stay calm & follow the steps." in text
    assert META["title"] in text


def test_the_template_itself_opens(converted):
    text = pdf_text(_pdf(converted, "template"))
    assert "{{ (child.name) }}" in text
    assert "{%tr for row in (child.contacts) %}" in text
