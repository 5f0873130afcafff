"""Text the PDFs cannot print as written is warned about, and the child's documents say which version to trust."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from reportlab.pdfbase.ttfonts import TTFontFile

from mfc_docs import pipeline
from mfc_docs.cli import main
from mfc_docs.input.printable import COVERED_RANGES, FONT_FILES, unprintable

from .conftest import TODAY, edit, line_of
from .render.helpers import docx_text, pdf_text

CHILD = "young_people/alex/profile.yaml"
CHINESE = "陈美玲"
ARABIC = "مريم"


def test_the_ranges_taken_as_printable_are_in_every_pdf_font() -> None:
    fonts = [set(TTFontFile(str(path)).charToGlyph) for path in FONT_FILES.values()]
    gaps = [f"U+{code:04X}" for low, high in COVERED_RANGES for code in range(low, high + 1)
            if unicodedata.category(chr(code))[0] not in "CZ" and unicodedata.name(chr(code), "")
            and not all(code in font for font in fonts)]
    assert not gaps


@pytest.mark.parametrize("text", ["Nguyễn Thị Hồng Nhung", "Zofia Wiśniewska-Kołodziej", "Oisín Ó Súilleabháin",
                                  "Ștefan Ionescu", "Αλέξης", "Дмитрий", "£20 – “quoted” · 07700 900123", "😀"])
def test_scripts_the_pdf_font_has_are_printable(text: str) -> None:
    assert unprintable(text) == ("", "")


@pytest.mark.parametrize("text, missing", [(CHINESE, CHINESE), ("สมชาย", "สมชาย"), ("राज", "राज"),
                                           (f"Chen Mei Ling ({CHINESE})", CHINESE), ("陈陈", "陈")])
def test_scripts_the_pdf_font_lacks_are_found(text: str, missing: str) -> None:
    assert unprintable(text) == (missing, "")


def test_right_to_left_text_is_found() -> None:
    assert unprintable(f"Maryam ({ARABIC})") == ("", "مري")  # each character once
    assert unprintable("שרה")[1] == "שרה"


def test_validate_warns_where_the_unprintable_name_is_written(minimal_home: Path) -> None:
    text = edit(minimal_home / CHILD, "  legal: Alex Łukasz O'Brien", f"  legal: {CHINESE}")
    edit(minimal_home / CHILD, "    relationship: Friend", f"    relationship: {ARABIC}")
    result = CliRunner().invoke(main, ["validate", str(minimal_home), "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.output  # warnings, not errors: the Word documents are right
    line = line_of(text, "  legal:")
    assert (f"{CHILD}:{line}:10: warning: name.legal: the PDF documents cannot print 陈 (U+9648), 美 (U+7F8E), 玲 (U+73B2): "
            "these characters would show as empty boxes there") in result.output
    assert "associates[1].relationship: this text is written right to left" in result.output


def test_the_documents_say_which_version_to_trust(minimal_home: Path) -> None:
    edit(minimal_home / CHILD, "  legal: Alex Łukasz O'Brien", f"  legal: Chen Mei Ling ({CHINESE})")
    pipeline.build(minimal_home, today=TODAY)
    out = minimal_home / "output/young_people/alex"
    note = "Some of this record is in a script the PDF version cannot print"
    assert note in pdf_text((out / "alex-police-pack.pdf").read_bytes())
    word = docx_text((out / "alex-police-pack.docx").read_bytes())
    assert note in word and f"Chen Mei Ling ({CHINESE})" in word


def test_no_note_when_everything_prints(minimal_home: Path) -> None:
    pipeline.build(minimal_home, today=TODAY)
    pack = (minimal_home / "output/young_people/alex/alex-police-pack.pdf").read_bytes()
    assert "cannot print" not in pdf_text(pack)


def test_accents_typed_as_separate_marks_are_judged_as_printed() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hồng Nhung")
    assert decomposed != "Nguyễn Thị Hồng Nhung"
    assert unprintable(decomposed) == ("", "")


def test_a_photo_file_name_is_never_printed_so_never_warned_about(minimal_home: Path) -> None:
    photos = minimal_home / "young_people/alex"
    (photos / "photo.jpg").rename(photos / "照片.jpg")
    edit(minimal_home / CHILD, "  file: photo.jpg", "  file: 照片.jpg")
    result = CliRunner().invoke(main, ["validate", str(minimal_home), "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    assert "cannot print" not in result.output
    pipeline.build(minimal_home, today=TODAY)
    pack = (minimal_home / "output/young_people/alex/alex-police-pack.pdf").read_bytes()
    assert "cannot print" not in pdf_text(pack)


# --- issue 11: script warnings a manager can clear ------------------------------------------------------------

ETHIOPIC = "ዳዊት ተስፋይ"  # Dawit Tesfay in Ge'ez script (Tigrinya, Amharic)


def _warnings(home: Path) -> list[str]:
    result = CliRunner().invoke(main, ["validate", str(home), "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    return [line for line in result.output.splitlines() if "cannot print" in line or "right to left" in line]


@pytest.mark.parametrize("written", [f"Chen Mei Ling ({CHINESE})", f"Dawit Tesfay ({ETHIOPIC})",
                                     f"Maryam ({ARABIC})", f"{CHINESE} (Chen Mei Ling)"])
def test_no_warning_when_a_latin_form_is_written_as_the_readme_advises(minimal_home: Path, written: str) -> None:
    edit(minimal_home / CHILD, "  legal: Alex Łukasz O'Brien", f"  legal: {written}")
    assert _warnings(minimal_home) == []


def test_ethiopic_without_a_latin_form_warns_once(minimal_home: Path) -> None:
    assert unprintable(ETHIOPIC)[0], "DejaVu Sans has no Ge'ez: the PDF would show boxes"
    edit(minimal_home / CHILD, "  legal: Alex Łukasz O'Brien", f"  legal: {ETHIOPIC}")
    [warning] = _warnings(minimal_home)
    assert "name.legal" in warning and "empty boxes" in warning


def test_one_warning_per_field_not_per_list_item(minimal_home: Path) -> None:
    edit(minimal_home / CHILD, "  preferred: Alex", f"  preferred: Alex\n  aliases:\n    - {CHINESE}\n"
                                                    f"    - {ETHIOPIC}\n    - 美玲 {ARABIC}")
    [warning] = _warnings(minimal_home)
    assert "name.aliases[1]" in warning  # the first item (messages count from 1)


def test_the_readme_lists_ethiopic_among_the_scripts_the_pdf_cannot_print() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    scripts = readme[readme.index("Names and notes may be in any language"):][:600]
    assert "Ethiopic" in scripts
