"""output.new_child: an id from the name, checked; a new profile that passes validate, written once, audited."""

from __future__ import annotations

import json
import os
import stat
from datetime import date
from pathlib import Path

import pytest

from mfc_docs.input.home_data import load_home
from mfc_docs.output.new_child import check_child_id, create_child, derive_child_id, profile_text, slug
from mfc_docs.output.record_versions import RecordError

TODAY = date(2026, 11, 24)

JAY = {
    "name": {"legal": "Jay Okafor-Lindqvist", "preferred": "Jay"},
    "date_of_birth": "2012-02-29",
    "legal_status": {"basis": "section_20"},
    "placement": {"placing_authority": "Westshire County Council", "placed_on": "2026-11-23",
                  "social_worker": {"name": "Ada Brennan", "phone": "07700 900777"}},
    "description": {"height": "Not measured yet", "build": "Slim", "hair": "Black, short", "eyes": "Brown"},
    "risk_factors": {k: {"status": "none_known"} for k in (
        "sexual_exploitation", "criminal_exploitation", "substance_misuse", "peer_influence",
        "relationships_of_concern", "family_contact", "mental_health", "self_harm")},
    "communication_needs": {"first_language": "English"},
    "missing_history": {"summary": "None known to the social worker.", "trend": "none"},
    "protective_factors": {},
    "communication_strategy": {"who_makes_contact": ["Shift lead", "Key worker"], "tone": "Calm: 'NO' is a word"},
    "risk": {"level": "medium", "rationale": "New placement.\nDoes not know the area yet."},
    "assessment": {"author": "Marianne Oduya, Registered Manager", "last_reviewed": "2026-11-23",
                   "police_information_reviewed": "2026-11-23"},
}


@pytest.mark.parametrize("text, expected", [
    ("Ștefan Bălănescu", "stefan-balanescu"), ("Nguyễn Thị Hồng Nhung", "nguyen-thi-hong-nhung"),
    ("Zoë", "zoe"), ("Łukasz", "lukasz"), ("Søren", "soren"), ("Ægir", "aegir"), ("Oisín Ó Súilleabháin", "oisin-o-suilleabhain"),
    ("  --Jay  O'Neil--  ", "jay-o-neil"), ("../../etc/passwd", "etc-passwd"), ("ተስፋዬ", ""), ("محمد", ""),
    ("A" * 60, "a" * 40),
])
def test_slug_is_plain_ascii(text, expected):
    assert slug(text) == expected


def test_the_id_comes_from_the_everyday_name_and_is_never_taken(sample_home):
    young = sample_home / "young_people"
    assert derive_child_id("Jay Okafor", "Jay", young) == "jay"
    assert derive_child_id("Jay Okafor", None, young) == "jay"
    assert derive_child_id("Hồng Nhung Trần", "Nhung", young) == "nhung-tran"  # nhung is taken
    (young / "nhung-tran.yaml").write_text("x")
    assert derive_child_id("Hồng Nhung Trần", "Nhung", young) == "nhung-2"
    assert derive_child_id("ተስፋዬ", None, young) == ""  # no Latin letters: the person types one


@pytest.mark.parametrize("child_id, message", [
    ("", "Enter an id"), ("Jay", "only have lowercase"), ("../jay", "only have lowercase"), ("jay/x", "only have lowercase"),
    ("-jay", "only have lowercase"), ("jay-", "only have lowercase"), ("ja--y", "only have lowercase"),
    (".jay", "only have lowercase"), ("jay.yaml", "only have lowercase"), ("con", "cannot name a folder on Windows"),
    ("nhung", "already a child"), ("a" * 41, "at most 40"), ("jay\x00", "only have lowercase"),
])
def test_an_id_that_cannot_be_used_is_refused_in_words(sample_home, child_id, message):
    assert message in check_child_id(child_id, sample_home / "young_people")


def test_an_id_taken_by_another_case_or_a_single_file_is_refused(sample_home):
    young = sample_home / "young_people"
    (young / "Jay").mkdir()
    (young / "kim.yml").write_text("x")
    assert "already" in check_child_id("jay", young) and "already" in check_child_id("kim", young)
    assert check_child_id("jay-2", young) is None


def test_a_new_child_is_written_once_passes_validate_and_is_audited(sample_home):
    path = create_child(sample_home, "jay", JAY, config=load_home(sample_home, TODAY).config, today=TODAY,
                        who="Marianne Oduya")
    assert path == sample_home / "young_people" / "jay" / "profile.yaml"
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=../../docs/schema/profile.schema.json\n")
    assert "tone: \"Calm: 'NO' is a word\"" in text or "tone: 'Calm: ''NO'' is a word'" in text
    assert "\n\nrisk_factors:\n" in text  # sections a blank line apart, as the samples are written
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    home = load_home(sample_home, TODAY)
    assert not [p for p in home.problems_for("jay") if p.is_error]
    jay = home.child("jay")
    assert jay.known_as == "Jay" and jay.data["risk"]["rationale"] == "New placement.\nDoes not know the area yet."
    assert jay.data["placement"]["social_worker"]["phone"] == "07700 900777"
    entry = json.loads((sample_home / "output" / "audit.log").read_text().splitlines()[-1])
    assert entry["file"] == "young_people/jay/profile.yaml" and entry["who"] == "Marianne Oduya"
    with pytest.raises(RecordError, match=r"already a child \(or a file\) called 'jay'"):  # never over an existing child
        create_child(sample_home, "jay", JAY, config=home.config, today=TODAY, who="Someone else")
    assert path.read_text() == text


def test_a_profile_that_would_fail_validate_is_not_written(sample_home):
    broken = {**JAY, "date_of_birth": "2027-01-01"}
    with pytest.raises(RecordError) as err:
        create_child(sample_home, "jay", broken, config=None, today=TODAY, who="x")
    assert any("date of birth" in p.message for p in err.value.problems)
    assert not (sample_home / "young_people" / "jay").exists()


def test_the_home_own_schema_line_is_reused(sample_home):
    young = sample_home / "young_people"
    for profile in young.glob("*/profile.yaml"):
        lines = profile.read_text().splitlines()
        profile.write_text("\n".join(["# yaml-language-server: $schema=file:///srv/schemas/profile.schema.json"]
                                     + lines[1:]) + "\n")
    assert profile_text(JAY, young, added_on=TODAY, who="").startswith(
        "# yaml-language-server: $schema=file:///srv/schemas/profile.schema.json\n")


def test_a_young_people_folder_that_links_outside_is_refused(sample_home, tmp_path):
    outside = tmp_path / "outside"
    os.rename(sample_home / "young_people", outside)
    os.symlink(outside, sample_home / "young_people")
    with pytest.raises(RecordError):
        create_child(sample_home, "jay", JAY, config=None, today=TODAY, who="x")
    assert not (outside / "jay").exists()


def test_the_id_of_a_child_who_left_is_never_given_again(sample_home):
    young = sample_home / "young_people"
    (sample_home / "left" / "jay-2026-10-01").mkdir(parents=True)
    assert "a child who has left" in check_child_id("jay", young)
    assert derive_child_id("Jay Okafor", "Jay", young) == "jay-okafor"
