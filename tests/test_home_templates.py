"""A home may restyle a Word template; a restyled template can print values but never run code or stop a build."""

from __future__ import annotations

import zipfile
from pathlib import Path

from click.testing import CliRunner

from mfc_docs.cli import main

from .conftest import TODAY
from .render.helpers import docx_text, restyled_template


def _own_template(home: Path, old: bytes, new: bytes, part: str = "word/document.xml") -> None:
    restyled_template(home, "response_card.docx", old, new, part)


def build(home: Path):
    return CliRunner().invoke(main, ["build", str(home), "--today", TODAY.isoformat()])


def test_a_restyled_template_is_used(minimal_home: Path) -> None:
    _own_template(minimal_home, b"{{ (child.legal_name) }}", b"{{ (child.legal_name) }} (restyled)")
    result = build(minimal_home)
    assert result.exit_code == 0, result.output
    text = docx_text((minimal_home / "output/young_people/alex/alex-response-card.docx").read_bytes())
    assert "Alex Łukasz O'Brien (restyled)" in text


def test_a_template_cannot_run_code(minimal_home: Path, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    _own_template(minimal_home, b"{{ (child.legal_name) }}",
                  f"{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}".encode())
    result = build(minimal_home)
    assert not marker.exists()
    assert result.exit_code == 0, result.output
    assert ("alex-response-card.docx: warning: the home's own Word template templates/response_card.docx cannot be "
            "used (SecurityError") in result.output
    assert "so the built-in one was used" in result.output
    text = docx_text((minimal_home / "output/young_people/alex/alex-response-card.docx").read_bytes())
    assert "Alex Łukasz O'Brien" in text  # the built-in template's document, complete


def test_a_broken_template_falls_back_to_the_built_in_one(minimal_home: Path) -> None:
    _own_template(minimal_home, b"{{ (child.legal_name) }}", b"{{ child.legal_name ")
    result = build(minimal_home)
    assert result.exit_code == 0, result.output
    assert "templates/response_card.docx cannot be used (TemplateSyntaxError" in result.output


def test_a_template_saved_by_libreoffice_gives_a_file_word_opens(minimal_home: Path) -> None:
    """LibreOffice's "Office Open XML Text" links the document properties under another name."""
    standard = b"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
    _own_template(minimal_home, standard,
                  b"http://schemas.openxmlformats.org/officedocument/2006/relationships/metadata/core-properties",
                  part="_rels/.rels")
    result = build(minimal_home)
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(minimal_home / "output/young_people/alex/alex-response-card.docx") as package:
        names = package.namelist()
        assert len(names) == len(set(names))  # one docProps/core.xml: Word calls a file with two damaged
        assert b"Response card: Alex" in package.read("docProps/core.xml")
