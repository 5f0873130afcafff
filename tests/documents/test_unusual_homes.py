"""The documents read as their readers read them, on homes nobody has seen (see ``unusual_homes``).

A police officer with page 1 of the pack, a night worker with the response card, a manager with the
dashboard: each test says what that reader would check.
"""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest
import yaml
from click.testing import CliRunner

from mfc_docs.cli import main
from mfc_docs.pipeline import build

from ..conftest import TODAY
from ..render.helpers import norm
from .conftest import document_text
from .test_police_pack import lowest_text, pack, page_one
from .unusual_homes import HOMES, full_medical


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """Each unusual home, with every document built into its output/."""
    root = tmp_path_factory.mktemp("unusual")
    homes = {}
    for name, make in HOMES.items():
        homes[name] = make(root / name)
        build(homes[name], today=TODAY, jobs_count=2)
        result = CliRunner().invoke(main, ["dashboard", str(homes[name]), "--month", "2026-11",
                                           "--today", TODAY.isoformat()])
        assert result.exit_code == 0, result.output
    return homes


def pages(pdf: Path) -> int:
    with pdfplumber.open(pdf) as document:
        return len(document.pages)


def test_page_1_of_a_very_full_pack_still_holds_the_episode_and_where_to_look(built) -> None:
    """Long medical text, many names and medicines: page 1 still has everything to start a search."""
    path = pack(built["full"], "nhung")
    text = page_one(path)
    expected = ["LOOKED-AFTER CHILD", "Nguyễn Thị Hồng Nhung", "Looks like", "HIGH in the risk assessment",
                "ESSENTIAL", "Salbutamol reliever inhaler (blue)",
                "NovoRapid FlexPen insulin (orange pen)", "Levetiracetam 500 mg tablets",
                "This episode", "Found gone at", "What they took", "Where to look first",
                "Place 1: the underpass", "Associate Number-1"]
    assert [value for value in expected if norm(value) not in text] == []
    assert "Part 1, section 5" in text, "page 1 says where the medical detail it leaves out is"
    with pdfplumber.open(path) as document:
        assert len(document.pages[0].images) == 1
        second = norm(document.pages[1].extract_text() or "")
    assert "This episode" not in second and "Where to look first" not in second
    # nothing is lost: every word of the medical section is in Part 1
    whole = document_text(built["full"], "young_people/nhung/nhung-police-pack.pdf")
    assert norm("fruity-smelling breath) and needs hospital care at once") in whole


def test_a_long_medical_section_does_not_push_the_response_card_onto_two_sides(sample_home: Path) -> None:
    """Nhung's card fits one side; three essential medicines with long 'if missed' text must not change that."""
    profile = sample_home / "young_people" / "nhung" / "profile.yaml"
    child = yaml.safe_load(profile.read_text(encoding="utf-8"))
    child["medical"] = full_medical(child["medical"])
    profile.write_text(yaml.safe_dump(child, allow_unicode=True, sort_keys=False), encoding="utf-8")
    build(sample_home, today=TODAY, jobs_count=1)
    path = sample_home / "output" / "young_people" / "nhung" / "nhung-response-card.pdf"
    assert pages(path) == 1
    text = page_one(path)
    for medicine in ("Salbutamol reliever inhaler (blue)", "NovoRapid FlexPen insulin", "Levetiracetam 500 mg"):
        assert norm(medicine) in text, medicine
    assert "police pack, Part 1, section 5" in text, "the card says where the rest of the medical detail is"


@pytest.mark.parametrize("home", list(HOMES))
def test_no_document_says_none_where_nothing_was_recorded(built, home: str) -> None:
    for pdf in sorted((built[home] / "output").rglob("*.pdf")):
        text = document_text(built[home], str(pdf.relative_to(built[home] / "output")))
        text = text.replace("None known", "")  # the sample's own words (vehicle_access: None known.)
        assert not re.search(r"\bNone\b", text), pdf.name


def test_page_1_of_a_sparse_pack_is_filled_and_says_what_was_not_recorded(built) -> None:
    path = pack(built["sparse"], "jordan")
    text = page_one(path)
    assert "NO PHOTO ON FILE" in text and "Medication: Not recorded" in text
    # the file does not say whether an interpreter is needed: "No" would be a guess given to the police
    assert "interpreter needed: Not recorded" in text
    assert "No places or people are recorded in the home's file" in text
    assert lowest_text(path) > 0.75


def test_a_home_with_many_other_contacts_keeps_its_contacts_page_on_one_side(built) -> None:
    """Twelve extra contacts: the page still holds the police, managers, national lines and every child's
    social worker on one side, and says which contacts are only in the procedure."""
    path = built["full"] / "output" / "home" / "key-contacts.pdf"
    assert pages(path) == 1
    text = page_one(path)
    for value in ("POLICE", "Registered Manager", "07700 900101", "Childline", "0800 1111",
                  "Each child's social worker and IRO", "Gareth Lindqvist", "Other contact 1:"):
        assert norm(value) in text, value
    assert "Contact details in full" in text
    procedure = document_text(built["full"], "home/missing-from-care-procedure.pdf")
    assert "Other contact 12:" in procedure
