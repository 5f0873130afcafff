"""documents/context.py: checked data turned into what the documents print.

What a police officer or a night-shift worker reads: gaps say "Not recorded" (never "None"
or a blank), numbers are printed exactly as written, dates the British way, and a child's
documents say what may be out of date.
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from pathlib import Path

from mfc_docs.documents.context import NOT_RECORDED, cautions, child_summary, contact, meta, shown
from mfc_docs.input.home_data import load_home

from ..conftest import TODAY, edit

ALEX = "young_people/alex/profile.yaml"


def test_shown_says_not_recorded_for_a_gap_and_keeps_a_value_as_written() -> None:
    assert [shown(None), shown(""), shown([])] == [NOT_RECORDED] * 3
    assert shown(None, "None known") == "None known"
    assert shown(True) == "Yes" and shown(False) == "No"
    assert shown(date(2026, 11, 4)) == "4 November 2026"
    assert shown("07700  900123") == "07700  900123"  # two spaces, as typed


def test_a_contact_without_a_number_is_a_line_to_write_on_and_says_so() -> None:
    card = contact({"name": "Jo Worker", "role": "Social worker"})
    assert card["phone"] == "______________________" and card["missing"] == "yes"
    assert "not recorded" in card["short"] and card["short"].startswith("Jo Worker (Social worker)")
    assert contact(None)["name"] == ""  # no entry at all: every field present, none says "None"


def test_a_contact_line_has_every_number_as_written() -> None:
    card = contact({"name": "EDT", "phone": "01632 960100", "out_of_hours_phone": "07700 900999"})
    assert card["missing"] == "" and card["phone"] == "01632 960100"
    assert card["short"] == "EDT: 01632 960100, out of hours 07700 900999"
    assert "01632 960100" in card["line"] and "07700 900999" in card["line"]
    web_only = contact({"name": "Missing People", "website": "https://example.org/help"})
    assert web_only["phone"] == "" and web_only["missing"] == ""


def test_every_page_carries_the_homes_marking_name_and_the_day_made(minimal_home: Path) -> None:
    home = load_home(minimal_home, TODAY)
    page = meta(home, "Police information pack", "Alex")
    assert page["marking"] == home.config["home"]["protective_marking"]
    assert page["home"] == home.config["home"]["name"]
    assert page["generated"] == "24 November 2026" and page["version"].startswith("mfc-docs ")


def test_the_child_is_known_by_the_preferred_name_or_else_the_legal_name(minimal_home: Path) -> None:
    home = load_home(minimal_home, TODAY)
    summary = child_summary(home.children[0], home)
    assert summary["preferred_name"] == "Alex" and summary["legal_name"] == "Alex Łukasz O'Brien"
    edit(minimal_home / ALEX, "  preferred: Alex\n", "")
    home = load_home(minimal_home, TODAY)
    assert child_summary(home.children[0], home)["preferred_name"] == "Alex Łukasz O'Brien"


def test_a_childs_documents_say_what_may_be_out_of_date(minimal_home: Path) -> None:
    home = load_home(minimal_home, TODAY)
    alex = home.children[0]
    assert not any("photo was taken" in line for line in cautions(alex, home))
    later = dataclasses.replace(home, today=TODAY + timedelta(days=400))
    said = cautions(alex, later)
    assert any("The photo was taken on 1 October 2026" in line and "Alex may look different now" in line
               for line in said), said
    assert any(line.startswith("The risk assessment was due for review on") for line in said), said
