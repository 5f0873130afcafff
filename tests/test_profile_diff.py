"""What changed in a profile since the last review: field by field, labelled, lists item by item."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from mfc_docs.input.loading import load_yaml
from mfc_docs.input.profile_diff import (ADDED, CHANGED, REMOVED, REORDERED, label_for, profile_changes, summary)

from .conftest import REPO


@pytest.fixture
def nhung() -> dict:
    loaded, _ = load_yaml(REPO / "young_people" / "nhung" / "profile.yaml", "profile.yaml")
    return loaded.data


def _by_label(changes):
    return {c.label: c for c in changes}


def test_no_change_is_no_change(nhung: dict) -> None:
    assert profile_changes(nhung, copy.deepcopy(nhung)) == []
    assert summary([]) == "No change."


def test_a_changed_field_shows_old_and_new_with_its_label(nhung: dict) -> None:
    new = copy.deepcopy(nhung)
    new["description"]["hair"] = "Short, dyed red"
    new["risk"]["level"] = "medium"
    changes = _by_label(profile_changes(nhung, new))
    assert changes["Description \u203a Hair"].kind == CHANGED
    assert changes["Description \u203a Hair"].old == nhung["description"]["hair"]
    assert changes["Description \u203a Hair"].new == "Short, dyed red"
    assert (changes["Risk \u203a Level"].old, changes["Risk \u203a Level"].new) == ("high", "medium")
    assert len(changes) == 2


def test_a_phone_number_is_shown_exactly_as_written(nhung: dict) -> None:
    new = copy.deepcopy(nhung)
    new["contact_details"]["mobiles"][0]["number"] = "+44 7700 900 399"
    change, = profile_changes(nhung, new)
    assert change.label == "Contact details \u203a Mobiles \u203a 07700 900301 \u203a Number"
    assert (change.old, change.new) == ("07700 900301", "+44 7700 900 399")


def test_list_items_are_matched_by_name_so_an_insert_is_one_addition(nhung: dict) -> None:
    new = copy.deepcopy(nhung)
    new["associates"].insert(0, {"name": "Jay", "relationship": "Friend from college", "influence": "risk",
                                 "safe_to_contact": "no"})
    removed = new["associates"].pop()
    changes = profile_changes(nhung, new)
    kinds = {(c.kind, c.label) for c in changes}
    assert kinds == {(ADDED, "Associates \u203a Jay"), (REMOVED, f"Associates \u203a {removed['name']}")}
    added = next(c for c in changes if c.kind == ADDED)
    assert added.old is None and "Relationship: Friend from college" in added.new and "Influence: risk" in added.new


def test_a_field_inside_an_item_is_named_by_the_item(nhung: dict) -> None:
    new = copy.deepcopy(nhung)
    first = new["locations"][0]
    first["safe_for_staff"] = "no"
    change, = [c for c in profile_changes(nhung, new)]
    assert change.label == f"Locations \u203a {first['name']} \u203a Safe for staff"


def test_reordered_places_say_so(nhung: dict) -> None:
    new = copy.deepcopy(nhung)
    new["locations"].reverse()
    change, = profile_changes(nhung, new)
    assert change.kind == REORDERED and change.label == "Locations (order)"
    assert change.new.splitlines()[0] == nhung["locations"][-1]["name"]


def test_lists_of_text_item_by_item_and_removed_fields(nhung: dict) -> None:
    new = copy.deepcopy(nhung)
    new["triggers"].append("Christmas and her birthday")
    old_trigger = new["triggers"].pop(0)
    del new["description"]["accent"]
    changes = profile_changes(nhung, new)
    assert any(c.kind == ADDED and c.label == "Triggers" and c.new == "Christmas and her birthday" for c in changes)
    assert any(c.kind == REMOVED and c.label == "Triggers" and c.old == old_trigger for c in changes)
    accent = _by_label(changes)["Description \u203a Accent"]
    assert accent.kind == REMOVED and accent.new is None


def test_labels_from_the_schema_keys() -> None:
    assert label_for("distinguishing_features") == "Distinguishing features"
    assert label_for("sexual_exploitation") == "Child sexual exploitation (CSE)"
    assert label_for("iro") == "IRO"
    assert label_for("rhi_provider") == "Return home interview provider"


def test_summary_is_one_line_for_the_history(nhung: dict) -> None:
    new = copy.deepcopy(nhung)
    new["risk"]["level"] = "medium"
    new["triggers"].append("Exams")
    assert summary(profile_changes(nhung, new)) == "Triggers added; Risk \u203a Level changed."
