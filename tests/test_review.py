"""Recording a review (commands/review.py): archive what was current, record it, make the documents again."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path

import pytest

from mfc_docs.commands.review import ReviewError, ReviewRequest, compare, record_review
from mfc_docs.input.home_data import load_home
from mfc_docs.input.schema.home import HOME_SCHEMA
from mfc_docs.input.schema.young_person import YOUNG_PERSON_SCHEMA
from mfc_docs.output.archive import versions
from mfc_docs.output.audit import read_audit
from mfc_docs.output.home_file_edits import edit_file
from mfc_docs.output.record_versions import RecordError, read_version
from mfc_docs.pipeline import build
from mfc_docs.problems import DataError

from .conftest import TODAY
from .render.helpers import pdf_text

NOW = datetime(2026, 11, 24, 21, 30)
PROFILE = "young_people/nhung/profile.yaml"


@pytest.fixture
def built(sample_home: Path) -> Path:
    build(sample_home, today=TODAY, jobs_count=1, kinds=("risk_assessment", "police_pack", "response_card"))
    return sample_home


def _review(home: Path, **fields) -> object:
    request = ReviewRequest(**{"child_id": "nhung", "on": date(2026, 11, 24), "by": "Marianne Oduya, Registered Manager",
                               "reason": "routine", "note": "", "police_checked": True, **fields})
    return record_review(home, home / "output", request, NOW)


def _pdf(path: Path) -> str:
    return pdf_text(path.read_bytes())


def test_a_review_archives_the_old_documents_records_itself_and_makes_new_ones(built: Path) -> None:
    out = built / "output"
    old_pdf = (out / "young_people/nhung/nhung-risk-assessment.pdf").read_bytes()
    result = _review(built, reason="episode", note="strategy meeting of 23 November")

    # The profile: the review first in its history, last and next review, the police information checked.
    assessment = load_home(built, TODAY).child("nhung").data["assessment"]
    assert assessment["last_reviewed"] == date(2026, 11, 24)
    assert assessment["next_review"] == date(2026, 12, 25)  # the standard 31-day cycle
    assert assessment["police_information_reviewed"] == date(2026, 11, 24)
    first = assessment["history"][0]
    assert (first["date"], first["by"]) == (date(2026, 11, 24), "Marianne Oduya, Registered Manager")
    assert first["reason"] == "After the missing episode of 22 November 2026: strategy meeting of 23 November"
    assert [h["date"] for h in assessment["history"][1:]] == [date(2026, 11, 19), date(2026, 10, 20),
                                                                date(2026, 9, 18)]
    assert not load_home(built, TODAY).errors
    text = (built / PROFILE).read_text()  # the earlier lines exactly as written (a folded block stays folded)
    assert "      changes: >-\n        Sexual exploitation raised from concern to known" in text

    # The archive: the risk assessment as it was (last reviewed 19 November), byte for byte.
    kept = result.version
    archived = next(f for f in kept.files if f.kind == "risk_assessment" and f.format == "pdf")
    assert (kept.folder / archived.relative).read_bytes() == old_pdf
    assert "Last reviewed 19 November 2026" in _pdf(kept.folder / archived.relative)
    assert kept.record["event"]["replaced_review"] == {"last_reviewed": "2026-11-19",
                                                       "by": "Marianne Oduya, Registered Manager"}
    # ... and the documents made again carry the new review.
    new_text = _pdf(out / "young_people/nhung/nhung-risk-assessment.pdf")
    assert "Last reviewed 24 November 2026" in new_text and "Next review due 25 December 2026" in new_text
    assert "young_people/nhung/nhung-risk-assessment.pdf" in result.made and not result.build_problem
    # Every step is in the audit log.
    actions = [e["action"] for e in read_audit(out)]
    assert any(a.startswith("changed assessment.last_reviewed") for a in actions)
    assert any(a.startswith("archived 6 documents current before the review of 2026-11-24") for a in actions)
    assert any(a == "made 6 documents again after the review" for a in actions)


def test_the_next_review_follows_the_homes_own_cycle(built: Path) -> None:
    text = (built / "home_config.yaml").read_text()
    (built / "home_config.yaml").write_text(text + "\nreview_cycles:\n  risk_assessment_days: 14\n")
    assert not load_home(built, TODAY).errors
    result = _review(built, police_checked=False)
    assessment = load_home(built, TODAY).child("nhung").data["assessment"]
    assert result.next_review == assessment["next_review"] == date(2026, 12, 8)
    assert assessment["police_information_reviewed"] == date(2026, 11, 19)  # not checked: left as it was


def test_the_next_review_shows_what_changed_since_this_one(built: Path) -> None:
    home = load_home(built, TODAY)
    assert not compare(built / "output", home.child("nhung")).compared  # no copy of the 19 November review
    _review(built)
    assert compare(built / "output", load_home(built, TODAY).child("nhung")).changes == []
    edit_file(built, PROFILE, YOUNG_PERSON_SCHEMA, {("risk", "level"): "medium"}, base_sha=None, who="test")
    comparison = compare(built / "output", load_home(built, TODAY).child("nhung"))
    assert [(c.label, c.old, c.new) for c in comparison.changes] == [("Risk \u203a Level", "high", "medium")]
    assert comparison.since == "24 November 2026"
    second = _review(built, by="Jess Armitage, Key Worker")
    assert second.entry["changes"] == "Risk \u203a Level changed."
    assert len(versions(built / "output", "nhung")) == 2


def test_a_profile_changed_since_the_page_was_opened_records_and_archives_nothing(built: Path) -> None:
    seen = read_version(built / PROFILE).sha
    edit_file(built, PROFILE, YOUNG_PERSON_SCHEMA, {("description", "hair"): "Shaved"}, base_sha=None, who="other tab")
    on_disk = (built / PROFILE).read_bytes()
    with pytest.raises(RecordError):
        _review(built, base_sha=seen)
    assert (built / PROFILE).read_bytes() == on_disk
    assert versions(built / "output", "nhung") == []
    assert not any((built / "output" / "archive" / "nhung").iterdir())


@pytest.mark.parametrize("fields, words", [
    ({"on": date(2026, 11, 18)}, "before the last review (19 November 2026)"),
    ({"on": date(2026, 11, 25)}, "in the future"),
    ({"by": "  "}, "Enter who did the review"),
    ({"reason": "because"}, "Choose what prompted the review"),
])
def test_wrong_answers_write_nothing(built: Path, fields: dict, words: str) -> None:
    before = (built / PROFILE).read_bytes()
    with pytest.raises(ReviewError, match=re.escape(words)):
        _review(built, **fields)
    assert (built / PROFILE).read_bytes() == before and versions(built / "output", "nhung") == []


def test_a_home_with_errors_records_nothing(built: Path) -> None:
    other = built / "young_people/oisin/profile.yaml"
    other.write_text(other.read_text().replace("date_of_birth:", "date_of_birth: [", 1))
    before = (built / PROFILE).read_bytes()
    with pytest.raises(DataError):
        _review(built)
    assert (built / PROFILE).read_bytes() == before and versions(built / "output", "nhung") == []


def test_the_second_home_and_its_28_day_cycle(second_home: Path) -> None:
    child = load_home(second_home, TODAY).children[0]
    build(second_home, today=TODAY, jobs_count=1, kinds=("risk_assessment",))
    last = child.data["assessment"]["last_reviewed"]
    request = ReviewRequest(child.id, TODAY, "A Manager, Registered Manager", "new_information", "", False)
    result = record_review(second_home, second_home / "output", request, NOW)
    after = load_home(second_home, TODAY).child(child.id).data["assessment"]
    assert after["next_review"] == date(2026, 12, 22) and after["history"][0]["reason"] == "New information"
    record = json.loads((result.version.folder / "record.json").read_text())
    assert record["event"]["replaced_review"]["last_reviewed"] == last.isoformat()
    assert [f.kind for f in result.version.files] == ["risk_assessment", "risk_assessment"]
