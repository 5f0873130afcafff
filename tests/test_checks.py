"""input/checks.py: what needs more than one field, another file or today's date.

Each check is run directly on a loaded home, on the day it matters: the same files are in
order today and out of date a year on. Errors stop a build; warnings are printed and build.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from mfc_docs.input.checks import check_child, check_home
from mfc_docs.rules.placeholders import placeholder_values
from mfc_docs.input.home_data import PHOTO_FILE, load_home
from mfc_docs.rules.dates import add_months, british_date
from mfc_docs.rules.review_cycles import limits_of

from .conftest import TODAY, edit, line_of

CONFIG = "home_config.yaml"
ALEX = "young_people/alex/profile.yaml"


def about(problems, path: str) -> list:
    return [p for p in problems if p.path == path]


def test_a_home_in_order_today_has_no_errors(minimal_home: Path) -> None:
    home = load_home(minimal_home, TODAY)
    assert [p for p in check_home(home.config, home.config_file, TODAY) if p.is_error] == []
    assert [p for p in check_child(home.children[0], home.config, TODAY) if p.is_error] == []


def test_a_year_on_the_procedure_and_the_contact_numbers_are_due_for_review(minimal_home: Path) -> None:
    home = load_home(minimal_home, TODAY)
    later = TODAY + timedelta(days=365)
    problems = check_home(home.config, home.config_file, later)
    text = (minimal_home / CONFIG).read_text(encoding="utf-8")
    (review,) = [p for p in problems if "due for review" in p.message]
    assert review.level == "warning" and review.line == line_of(text, "approved_on:")
    due = add_months(date(2026, 6, 1), limits_of(home.config)["procedure_review_months"])  # approved 1 June 2026
    assert british_date(due) in review.message and "Review it" in review.message
    (contacts,) = about(problems, "contacts.last_checked")
    assert contacts.level == "warning" and "1 November 2026" in contacts.message and "Ring round" in contacts.message


def test_an_approval_date_in_the_future_is_an_error_at_its_line(minimal_home: Path) -> None:
    home = load_home(minimal_home, TODAY)
    problems = check_home(home.config, home.config_file, date(2026, 5, 1))
    (future,) = about(problems, "procedure.approved_on")
    assert future.is_error and "1 June 2026 is in the future" in future.message
    assert (future.file, future.line) == (CONFIG, line_of((minimal_home / CONFIG).read_text(encoding="utf-8"),
                                                          "approved_on:"))


def test_a_home_contact_without_a_number_is_named_so_staff_are_not_left_with_a_blank(minimal_home: Path) -> None:
    edit(minimal_home / CONFIG, "    phone: 116 000\n", "")
    home = load_home(minimal_home, TODAY)
    (gap,) = about(check_home(home.config, home.config_file, TODAY), "contacts.missing_people")
    assert gap.level == "warning" and "no phone number for Missing People" in gap.message


def test_a_missing_photo_file_is_an_error_naming_the_file_and_folder(minimal_home: Path) -> None:
    home = load_home(minimal_home, TODAY)
    (minimal_home / "young_people/alex/photo.jpg").unlink()  # deleted after the home was read
    (problem,) = about(check_child(home.children[0], home.config, TODAY), PHOTO_FILE)
    assert problem.is_error and problem.file == ALEX
    assert "photo.jpg is not in alex/" in problem.message


def test_ages_a_childrens_home_cannot_have_are_errors_and_unlikely_ones_warnings(minimal_home: Path) -> None:
    home = load_home(minimal_home, TODAY)
    alex = home.children[0]  # born 6 May 2011
    assert about(check_child(alex, home.config, TODAY), "date_of_birth") == []
    (adult,) = about(check_child(alex, home.config, date(2030, 6, 1)), "date_of_birth")
    assert adult.level == "warning" and "the child is 19" in adult.message
    (impossible,) = about(check_child(alex, home.config, date(2040, 6, 1)), "date_of_birth")
    assert impossible.is_error and "makes the child 29" in impossible.message


def test_a_social_worker_without_a_phone_is_a_warning_at_their_entry(minimal_home: Path) -> None:
    edit(minimal_home / ALEX, "    phone: 07700 900010\n", "")
    home = load_home(minimal_home, TODAY)
    (gap,) = about(check_child(home.children[0], home.config, TODAY), "placement.social_worker")
    assert gap.level == "warning" and "no phone number for the social worker" in gap.message


def test_the_risk_assessment_falls_due_with_the_homes_cycle(minimal_home: Path) -> None:
    home = load_home(minimal_home, TODAY)
    alex = home.children[0]
    last = alex.data["assessment"]["last_reviewed"]
    days = limits_of(home.config)["risk_assessment_days"]
    on_time = last + timedelta(days=days)
    assert about(check_child(alex, home.config, on_time), "assessment.last_reviewed") == []
    (late,) = about(check_child(alex, home.config, on_time + timedelta(days=1)), "assessment.last_reviewed")
    assert late.level == "warning" and "due for review" in late.message


def test_placeholders_a_homes_wording_may_use_include_its_own_time_limits(minimal_home: Path) -> None:
    home = load_home(minimal_home, TODAY)
    values = placeholder_values(home.config)
    assert values["rhi_within_hours"] == 72  # the home's own limit, not the default
    assert set(limits_of(None)) <= set(values)
