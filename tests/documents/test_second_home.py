"""The documents made for a second, independently written fictional home, not only for the sample.

tests/fixtures/second_home has another police force, protocol and time limits, a child placed
by another council (an unaccompanied asylum-seeking child whose name is written in Latin letters
and in Ge'ez), a new placement with no medical section and no photo whose latest episode is still
open, and episodes across the October clock change and across the end of a month.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import FIXTURES
from .conftest import document_text, missing_from, raw_yaml
from .test_child_documents import CASES, FORMATS
from .test_home_documents import _one_a4_page

CHILDREN = sorted(p.name for p in (FIXTURES / "second_home" / "young_people").iterdir())


def test_the_second_home_is_built_without_errors(built_second: Path) -> None:
    from mfc_docs.input.home_data import load_home

    from ..conftest import TODAY

    assert load_home(built_second, TODAY).errors == []
    assert CHILDREN == ["dawit", "kayla", "reece"]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("stem,expected", CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("child_id", CHILDREN)
def test_every_value_from_the_childs_file_appears_as_written(built_second: Path, child_id: str, stem: str,
                                                             expected, fmt: str) -> None:
    child = raw_yaml(built_second / "young_people" / child_id / "profile.yaml")
    home = raw_yaml(built_second / "home_config.yaml")
    text = document_text(built_second, f"young_people/{child_id}/{child_id}-{stem}.{fmt}")
    values = expected(child, home)
    assert values
    assert missing_from(text, values) == []


def test_laminated_sheets_are_one_page(built_second: Path) -> None:
    checklists = sorted((built_second / "output" / "checklists").glob("*.pdf"))
    assert len(checklists) == 6
    for path in checklists:
        _one_a4_page(path, 12.0)
    _one_a4_page(built_second / "output" / "home" / "key-contacts.pdf", 9.0)
    for child_id in CHILDREN:
        _one_a4_page(built_second / "output" / "young_people" / child_id / f"{child_id}-response-card.pdf", 9.5)


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_procedure_names_this_homes_force_protocol_and_limits(built_second: Path, fmt: str) -> None:
    text = document_text(built_second, f"home/missing-from-care-procedure.{fmt}")
    assert missing_from(text, ["Eastmarsh Constabulary", "Eastmarsh Joint Missing Children Protocol (2025)",
                               "Heronsgate House", "Missing looked-after child from Heronsgate House"]) == []
    assert "within 3 working days" in text


# --- issue 11: the same limits, in the same words, in every document; each child's own RHI provider ------------


def test_the_police_limit_is_the_same_words_in_every_document(built_second: Path) -> None:
    """Heronsgate reports within 20 minutes of confirmation: procedure, checklist 1, contacts page and every
    medium-risk card say exactly that, and nothing says a different limit."""
    phrase = "within 20 minutes of confirming the child missing"
    documents = ["home/missing-from-care-procedure.pdf", "checklists/1-immediate-response.pdf",
                 "home/key-contacts.pdf", "young_people/reece/reece-response-card.pdf"]
    for relative in documents:
        text = document_text(built_second, relative)
        assert phrase in text, relative
        # the only limit counted from discovery here is the 10 minutes to decide whether the child is missing
        assert "of finding the child gone" not in text.replace("within 10 minutes of finding the child gone", ""), \
            relative


def test_the_interview_limits_are_the_same_words_in_every_document(built_second: Path) -> None:
    for relative in ("home/missing-from-care-procedure.pdf", "home/key-contacts.pdf"):
        text = document_text(built_second, relative)
        assert "within 24 hours of the child's return" in text, relative
        assert "within 72 hours of the child's return" in text, relative


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_child_has_the_right_return_home_interview_provider(built_second: Path, fmt: str) -> None:
    """Dawit was placed by Hollowbrook, which arranges his interviews; Reece by Eastmarsh, the home's own council."""
    dawit = document_text(built_second, f"young_people/dawit/dawit-risk-assessment.{fmt}")
    assert "Hollowbrook Young People's Service" in dawit and "Tidewater" not in dawit
    reece = document_text(built_second, f"young_people/reece/reece-risk-assessment.{fmt}")
    assert "Tidewater Return Interviews (fictional)" in reece
    procedure = document_text(built_second, f"home/missing-from-care-procedure.{fmt}")
    assert "Hollowbrook Young People's Service" in procedure and "Tidewater Return Interviews" in procedure
    contacts = document_text(built_second, f"home/key-contacts.{fmt}")
    assert "Return home interviews: Hollowbrook Young People's Service" in contacts


def test_a_child_from_another_area_without_a_provider_is_not_given_the_homes(second_home: Path) -> None:
    from click.testing import CliRunner

    from mfc_docs.cli import main
    from mfc_docs.pipeline import build

    from ..conftest import TODAY

    text = (second_home / "young_people/dawit/profile.yaml").read_text(encoding="utf-8")
    start = text.index("  rhi_provider:")
    end = text.index("  key_worker:")
    (second_home / "young_people/dawit/profile.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(second_home), "--today", TODAY.isoformat()])
    assert "Hollowbrook City Council placed this child from another area, so it arranges their return home " \
           "interviews" in result.output
    build(second_home, today=TODAY, kinds=["risk_assessment"], formats=["pdf"])
    dawit = document_text(second_home, "young_people/dawit/dawit-risk-assessment.pdf")
    assert "Arranged by Hollowbrook City Council: provider not recorded yet" in dawit
    assert "Tidewater" not in dawit


def test_checklist_1_has_cctv_and_the_photo_check_and_still_fits_one_page(built_sample: Path) -> None:
    text = document_text(built_sample, "checklists/1-immediate-response.pdf")
    assert "Review CCTV if available (time and direction of departure)" in text
    assert "Confirm a current photo is in the pack" in text
    _one_a4_page(built_sample / "output" / "checklists" / "1-immediate-response.pdf", 12.0)


def test_the_risk_assessment_counts_the_open_episode_as_the_longest(built_second: Path) -> None:
    """Kayla has been missing since Sat 21 Nov 20:30 (found gone 20:25): 51 h 35 min by the start of 24 Nov."""
    text = document_text(built_second, "young_people/kayla/kayla-risk-assessment.pdf")
    assert "longest 51 h 35 min so far: still missing, since Sat 21 November 2026, 20:25" in text


def test_an_episode_under_72_hours_is_not_rounded_to_days(built_second: Path) -> None:
    """Reece's September episode lasted 61 h 50 min (found gone 18:00 Sat, back 07:50 Tue)."""
    text = document_text(built_second, "young_people/reece/reece-risk-assessment.pdf")
    assert "longest 61 h 50 min" in text and "3 days" not in text
