"""output.child_photos: a new photo beside the old one, never outside the child's folder, nothing left on refusal."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from mfc_docs.input.home_data import load_home
from mfc_docs.input.photos import clean_photo
from mfc_docs.output.child_photos import child_folder, store_photo
from mfc_docs.output.record_versions import RecordError

TODAY = date(2026, 11, 24)


def _source(home_dir: Path, child_id: str):
    return next(s for s in load_home(home_dir, TODAY).child_sources if s.id == child_id)


def test_a_child_kept_as_one_file_gets_a_photo_named_after_them(sample_home):
    young = sample_home / "young_people"
    shutil.move(young / "stefan" / "profile.yaml", young / "stefan.yaml")
    (young / "stefan").rmdir()
    jpeg = clean_photo(young / "oisin" / "photo.jpg")
    result = store_photo(sample_home, _source(sample_home, "stefan"), jpeg, taken_on=date(2026, 11, 23),
                         consent_to_share=True, has_photo_section=False, base_sha=None, who="Test")
    assert result.file_name == "stefan-photo-2026-11-23.jpg" and (young / result.file_name).read_bytes() == jpeg
    home = load_home(sample_home, TODAY)
    assert not [p for p in home.problems_for("stefan") if p.is_error]
    assert home.child("stefan").photo_path == young / "stefan-photo-2026-11-23.jpg"


def test_a_childs_folder_that_is_a_link_elsewhere_is_refused(sample_home, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    shutil.move(sample_home / "young_people" / "stefan", elsewhere)
    os.symlink(elsewhere, sample_home / "young_people" / "stefan")
    source = _source(sample_home, "stefan")
    with pytest.raises(RecordError, match="not an ordinary folder"):
        child_folder(sample_home, source)
    with pytest.raises(RecordError):
        store_photo(sample_home, source, b"\xff\xd8\xff", taken_on=TODAY, consent_to_share=True,
                    has_photo_section=False, base_sha=None, who="Test")
    assert sorted(p.name for p in elsewhere.iterdir()) == ["profile.yaml"]


def test_a_refused_profile_change_takes_the_new_photo_away_again(sample_home):
    folder = sample_home / "young_people" / "oisin"
    before = sorted(p.name for p in folder.iterdir())
    with pytest.raises(RecordError, match="changed since this page was loaded"):
        store_photo(sample_home, _source(sample_home, "oisin"), b"\xff\xd8\xff", taken_on=TODAY,
                    consent_to_share=None, has_photo_section=True, base_sha="0" * 64, who="Test")
    assert sorted(p.name for p in folder.iterdir()) == before


def test_consent_is_never_assumed_for_a_first_photo(sample_home):
    with pytest.raises(RecordError, match="consent"):
        store_photo(sample_home, _source(sample_home, "stefan"), b"\xff\xd8\xff", taken_on=TODAY,
                    consent_to_share=None, has_photo_section=False, base_sha=None, who="Test")
    assert sorted(p.name for p in (sample_home / "young_people" / "stefan").iterdir()) == ["profile.yaml"]
