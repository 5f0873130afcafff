"""`mfc-docs history`: every archived version, and the documents in use on a date (commands/history.py)."""

from __future__ import annotations

import stat
from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from mfc_docs.cli import main
from mfc_docs.commands.history import copy_in_use, in_use_on
from mfc_docs.commands.review import ReviewRequest, record_review
from mfc_docs.input.schema.young_person import YOUNG_PERSON_SCHEMA
from mfc_docs.output.home_file_edits import edit_file
from mfc_docs.pipeline import build

from .conftest import TODAY
from .render.helpers import pdf_text


@pytest.fixture
def reviewed(sample_home: Path) -> Path:
    """Nhung's documents built on 24 November, reviewed on the 24th (risk level lowered) and again on the 26th."""
    build(sample_home, today=TODAY, jobs_count=1, kinds=("risk_assessment", "police_pack", "response_card"))
    out = sample_home / "output"
    request = ReviewRequest("nhung", date(2026, 11, 24), "Marianne Oduya, Registered Manager", "routine")
    record_review(sample_home, out, request, datetime(2026, 11, 24, 21, 30))
    edit_file(sample_home, "young_people/nhung/profile.yaml", YOUNG_PERSON_SCHEMA, {("risk", "level"): "medium"},
              base_sha=None, who="test")
    request = ReviewRequest("nhung", date(2026, 11, 26), "Jess Armitage, Key Worker", "new_information")
    record_review(sample_home, out, request, datetime(2026, 11, 26, 10, 0))
    return sample_home


def test_the_version_in_use_on_each_day(reviewed: Path) -> None:
    out = reviewed / "output"
    on_20th = in_use_on(out, "nhung", date(2026, 11, 20))
    assert on_20th.version.archived_at == datetime(2026, 11, 24, 21, 30)
    on_25th = in_use_on(out, "nhung", date(2026, 11, 25))
    assert on_25th.version.archived_at == datetime(2026, 11, 26, 10, 0)
    on_24th = in_use_on(out, "nhung", date(2026, 11, 24))  # replaced that evening: the 24th's own review at the end
    assert on_24th.version.archived_at.day == 26 and on_24th.replaced_that_day.archived_at.day == 24
    now = in_use_on(out, "nhung", date(2026, 11, 27))
    assert now.version is None and "young_people/nhung/nhung-risk-assessment.pdf" in now.current


def test_the_risk_assessment_as_it_stood_is_copied_out(reviewed: Path, tmp_path: Path) -> None:
    out = reviewed / "output"
    copied = copy_in_use(out, "nhung", date(2026, 11, 25), tmp_path / "for-the-inspector")
    pdf = next(p for p in copied if p.name == "nhung-risk-assessment-as-on-2026-11-25.pdf")
    text = pdf_text(pdf.read_bytes())
    assert "RISK LEVEL: HIGH" in text and "Last reviewed 24 November 2026" in text  # before the 26th's review
    assert stat.S_IMODE(pdf.stat().st_mode) == 0o600
    current = pdf_text((out / "young_people/nhung/nhung-risk-assessment.pdf").read_bytes())
    assert "RISK LEVEL: MEDIUM" in current and "Last reviewed 26 November 2026" in current
    with pytest.raises(Exception, match="already exists"):  # never over a file already there
        copy_in_use(out, "nhung", date(2026, 11, 25), tmp_path / "for-the-inspector")


def test_the_command(reviewed: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    listing = runner.invoke(main, ["history", "nhung", str(reviewed)])
    assert listing.exit_code == 0, listing.output
    assert "nhung: 2 earlier versions of the documents" in listing.output
    assert "in use until the review of 26 November 2026 by Jess Armitage, Key Worker (New information); " \
           "carried the review of 24 November 2026 by Marianne Oduya, Registered Manager" in listing.output
    assert "In use now:" in listing.output
    on = runner.invoke(main, ["history", "nhung", str(reviewed), "--on", "2026-11-20", "--copy-to",
                              str(tmp_path / "copies")])
    assert on.exit_code == 0, on.output
    assert on.output.startswith("On 20 November 2026 the documents in use were those archived on 2026-11-24 21:30")
    assert (tmp_path / "copies" / "nhung-police-pack-as-on-2026-11-20.pdf").is_file()
    for args, words, code in ((["../etc"], "is not a child's id", 1), (["nobody"], "no documents and no archive", 1),
                              (["nhung", "--on", "20 Nov"], "is not a date", 1),
                              (["nhung", "--copy-to", "x"], "give the date with --on", 2)):
        result = runner.invoke(main, ["history", args[0], str(reviewed), *args[1:]])
        assert result.exit_code == code and words in result.output and "Traceback" not in result.output, result.output
