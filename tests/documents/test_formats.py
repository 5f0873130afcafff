"""Every written file opens in a real word processor, embeds its fonts and shows every letter."""

from __future__ import annotations

import os
import subprocess
import uuid
from pathlib import Path

import pytest

from mfc_docs.documents import ALL_KINDS, KINDS
from mfc_docs.input.home_data import load_home
from mfc_docs.pipeline import builtin_templates_dir
from mfc_docs.render.docx import undeclared_variables
from mfc_docs.render.templates import build_template

from ..conftest import REPO, TODAY, require_tool
from ..render.helpers import norm, pdf_text


def expected_documents(fmt: str) -> set[str]:
    """Every document the registry's kinds make for the sample home, as paths in its output folder."""
    home = load_home(REPO, TODAY)
    return {document.relative_path(fmt) for kind in KINDS for document in kind.build(home)}


def laminated_paths(manifest: dict) -> set[str]:
    """The documents whose kind is a one-page laminated sheet (its layout says so)."""
    laminated = {kind.name for kind in KINDS if kind.layout.page.kind == "laminated"}
    return {entry["path"] for entry in manifest["documents"] if entry["kind"] in laminated}


@pytest.mark.libreoffice
def test_libreoffice_opens_every_word_document(built_sample: Path, manifest: dict, tmp_path: Path) -> None:
    soffice = require_tool("soffice")
    documents = sorted((built_sample / "output").rglob("*.docx"))
    output = built_sample / "output"
    assert {d.relative_to(output).as_posix() for d in documents} == expected_documents("docx")
    laminated = laminated_paths(manifest)
    assert laminated  # the shift-folder sheets
    profile = tmp_path / f"lo-{uuid.uuid4().hex}"
    converted = tmp_path / "converted"
    result = subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to", "pdf",
         "--outdir", str(converted), *map(str, documents)],
        capture_output=True, text=True, timeout=600, env={**os.environ, "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    for document in documents:
        pdf = converted / f"{document.stem}.pdf"
        assert pdf.exists(), f"LibreOffice could not open {document.relative_to(built_sample)}: {result.stderr}"
        text = pdf_text(pdf.read_bytes())
        assert "OFFICIAL-SENSITIVE" in text and "Larkspur House" in text, document.name
        if document.relative_to(output).as_posix() in laminated:  # one side when printed from Word too
            from pypdf import PdfReader

            assert len(PdfReader(pdf).pages) == 1, f"{document.name} is more than one page in Word"


def test_every_pdf_embeds_its_fonts_and_uses_no_base14_font(built_sample: Path) -> None:
    pdffonts = require_tool("pdffonts")
    pdfs = sorted((built_sample / "output").rglob("*.pdf"))
    assert {p.relative_to(built_sample / "output").as_posix() for p in pdfs} == expected_documents("pdf")
    for pdf in pdfs:
        listing = subprocess.run([pdffonts, str(pdf)], capture_output=True, text=True, check=True).stdout
        rows = listing.splitlines()[2:]
        assert rows, pdf.name
        for row in rows:
            columns = row.split()
            assert "DejaVuSans" in columns[0], f"{pdf.name}: {row}"
            assert columns[-5] == "yes", f"{pdf.name}: font not embedded: {row}"


def test_every_letter_in_the_data_has_a_glyph_in_the_pdf_font() -> None:
    """No black boxes: every character of every value in the sample home is in DejaVu Sans (regular and bold)."""
    from reportlab.pdfbase import pdfmetrics

    from mfc_docs.render.pdf import FONT, FONT_BOLD, register_fonts

    register_fonts()
    files = [REPO / "home_config.yaml", *sorted((REPO / "young_people").rglob("*.yaml"))]
    characters = set("".join(path.read_text(encoding="utf-8") for path in files)) - set("\n\r\t")
    characters |= set("“”–·•…£")  # typographic characters the layouts themselves use
    for font_name in (FONT, FONT_BOLD):
        face = pdfmetrics.getFont(font_name).face
        missing = sorted(c for c in characters if ord(c) not in face.charToGlyph)
        assert missing == [], f"{font_name} has no glyph for {missing}"


def test_pdf_text_has_no_replacement_characters(built_sample: Path) -> None:
    for pdf in sorted((built_sample / "output").rglob("*.pdf")):
        text = pdf_text(pdf.read_bytes())
        assert "\ufffd" not in text and "□" not in text, pdf.name


@pytest.mark.parametrize("kind", KINDS, ids=[k.name for k in KINDS])
def test_templates_declare_every_variable_their_context_gives(kind) -> None:
    home = load_home(REPO, TODAY)
    template = (builtin_templates_dir() / kind.template).read_bytes()
    for document in kind.build(home):
        assert undeclared_variables(template, document.context) == set(), document.stem


@pytest.mark.parametrize("kind", ALL_KINDS, ids=[k.name for k in ALL_KINDS])
def test_committed_templates_match_the_layouts(kind) -> None:
    """Run `make templates` after changing a layout: the committed .docx must be what the layout builds."""
    committed = (REPO / "templates" / kind.template).read_bytes()
    assert committed == build_template(kind.layout, kind.title), f"templates/{kind.template} is out of date"


def test_word_and_pdf_say_the_same_thing(built_sample: Path) -> None:
    """Both formats come from one context: the police pack's key facts read the same in both."""
    from ..render.helpers import docx_text

    folder = built_sample / "output" / "young_people" / "zofia"
    pdf = pdf_text((folder / "zofia-police-pack.pdf").read_bytes())
    word = docx_text((folder / "zofia-police-pack.docx").read_bytes())
    for fact in ("Zofia Wiśniewska-Kołodziej", "LOOKED-AFTER CHILD", "RISK LEVEL MEDIUM", "01632 960100"):
        assert norm(fact) in pdf and norm(fact) in word, fact


def test_a_kind_is_either_built_every_time_or_made_on_demand() -> None:
    from mfc_docs.documents import ON_DEMAND_KINDS, DocumentKind

    assert set(KINDS) | set(ON_DEMAND_KINDS) == set(ALL_KINDS) and not set(KINDS) & set(ON_DEMAND_KINDS)
    assert len({kind.name for kind in ALL_KINDS}) == len(ALL_KINDS)
    some = ALL_KINDS[0]
    with pytest.raises(ValueError, match="either build"):
        DocumentKind(some.name, some.title, some.scope, some.template, some.layout)
