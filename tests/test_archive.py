"""The archive of replaced documents: what it holds, owner-only, never pruned, never a way out of its folder."""

from __future__ import annotations

import json
import os
import shutil
import stat
from datetime import datetime
from pathlib import Path

import pytest

from mfc_docs.output.archive import (archived_children, reviewed_profile, stage_version, version, versions)
from mfc_docs.output.build_lock import BuildLock
from mfc_docs.output.cleanup import remove_abandoned
from mfc_docs.output.files import OutputError
from mfc_docs.pipeline import build

from .conftest import TODAY

NOW = datetime(2026, 11, 24, 21, 30)


@pytest.fixture
def built(sample_home: Path) -> Path:
    build(sample_home, today=TODAY, formats=("pdf", "docx"), jobs_count=1,
          kinds=("risk_assessment", "police_pack", "response_card"))
    return sample_home


def _archive(home: Path, child: str = "nhung", **options):
    folder = home / "young_people" / child
    staged = stage_version(home / "output", home, child, [folder / "profile.yaml", folder / "episodes.yaml"],
                           why=options.pop("why", "review"), event={"date": "2026-11-24", "by": "Test Manager"},
                           now=options.pop("now", NOW), **options)
    return staged


def test_a_version_holds_the_documents_their_manifest_entries_and_the_yaml(built: Path) -> None:
    out = built / "output"
    manifest = json.loads((out / "manifest.json").read_text())
    mine = {e["path"]: e for e in manifest["documents"] if e.get("young_person") == "nhung"}
    staged = _archive(built)
    staged.add_reviewed_profile(b"name: {legal: X}\n")
    kept = staged.finish(NOW)

    assert kept.folder == out / "archive" / "nhung" / "2026-11-24T213000"
    assert {f.entry["path"] for f in kept.files} == set(mine)  # PDF and Word of every document of hers
    assert {f.format for f in kept.files} == {"pdf", "docx"}
    for archived in kept.files:
        original = out / archived.entry["path"]
        assert (kept.folder / archived.relative).read_bytes() == original.read_bytes()
        assert archived.entry["sha256"] == mine[archived.entry["path"]]["sha256"] == archived.sha256
        assert archived.entry["inputs_hash"] == mine[archived.entry["path"]]["inputs_hash"]
    profile = built / "young_people" / "nhung" / "profile.yaml"
    assert (kept.folder / "source" / "profile.yaml").read_bytes() == profile.read_bytes()
    sources = kept.record["sources"]["young_people/nhung/profile.yaml"]
    assert sources["recorded_in_manifest"] == manifest["sources"]["young_people/nhung/profile.yaml"]
    assert sources["same_as_documents"] is True
    assert "young_people/nhung/episodes.yaml" in kept.record["manifest_sources"]
    assert reviewed_profile(out, "nhung")[1] == b"name: {legal: X}\n"


def test_everything_is_owner_only(built: Path) -> None:
    kept = _archive(built).finish(NOW)
    archive = built / "output" / "archive"
    for path in [archive, *archive.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))
    assert kept.files


def test_a_failed_or_dropped_version_leaves_nothing_and_a_killed_ones_half_is_cleared(built: Path) -> None:
    staged = _archive(built)
    staged.discard()
    folder = built / "output" / "archive" / "nhung"
    assert list(folder.iterdir()) == []
    dead = folder / ".partial-999999999-0123abcd"  # a pid no process has
    dead.mkdir()
    live = folder / f".partial-{os.getpid()}-0123abcd"
    live.mkdir()
    kept = _archive(built).finish(NOW)
    assert not dead.exists() and live.exists() and kept.folder.is_dir()
    assert [v.stamp for v in versions(built / "output", "nhung")] == [kept.stamp]


def test_two_versions_in_the_same_second_both_kept_oldest_first(built: Path) -> None:
    first = _archive(built).finish(NOW)
    second = _archive(built).finish(NOW)
    assert first.stamp != second.stamp
    assert [v.stamp for v in versions(built / "output", "nhung")] == [first.stamp, second.stamp]
    assert archived_children(built / "output") == ["nhung"]


def test_never_pruned_by_build_prune_cleanup_or_a_finished_switch(built: Path) -> None:
    out = built / "output"
    kept = _archive(built).finish(NOW)
    before = {p: p.read_bytes() for p in kept.folder.rglob("*") if p.is_file()}
    # The child leaves young_people/: her documents are stale; --prune removes them, not the archive.
    shutil.move(built / "young_people" / "nhung", built / "gone-nhung")
    result = build(built, today=TODAY, prune=True, force=True, jobs_count=1,
                   kinds=("risk_assessment", "police_pack", "response_card"))
    assert any(e["path"].startswith("young_people/nhung/") for e in result.removed)
    assert not (out / "young_people" / "nhung").exists()
    # A killed run's staging and backup folders are cleared; the archive is not.
    (out / ".mfc-docs-staging-999999999").mkdir()
    remove_abandoned(out)
    with BuildLock(out, built):
        pass
    after = {p: p.read_bytes() for p in kept.folder.rglob("*") if p.is_file()}
    assert after == before and len(after) >= 8
    assert "archive" not in json.loads((out / "manifest.json").read_text())["documents"].__repr__()


@pytest.mark.parametrize("child", ["../nhung", "nhung/..", "/etc", "Nhung", "", "a" * 200])
def test_a_child_id_that_is_not_a_plain_id_writes_nothing(built: Path, child: str) -> None:
    with pytest.raises(OutputError):
        stage_version(built / "output", built, child, [], why="review", event={}, now=NOW)
    assert not (built / "output" / "archive").exists() or not any((built / "output" / "archive").rglob("*"))
    assert versions(built / "output", child) == []


def test_a_hand_edited_record_or_a_planted_link_cannot_lead_outside(built: Path, tmp_path: Path) -> None:
    out = built / "output"
    kept = _archive(built).finish(NOW)
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(b"%PDF secret")
    record_path = kept.folder / "record.json"
    record = json.loads(record_path.read_text())
    record["documents"] += [
        {"archived_as": "../../../../secret.pdf", "sha256": "x", "manifest_entry": {"format": "pdf"}},
        {"archived_as": "/etc/passwd", "sha256": "x", "manifest_entry": {"format": "pdf"}},
        {"archived_as": "documents/../../x.pdf", "sha256": "x", "manifest_entry": {"format": "pdf"}},
    ]
    record_path.write_text(json.dumps(record))
    read = version(out, "nhung", kept.stamp)
    assert all(f.relative.startswith("documents/") and ".." not in f.relative for f in read.files)
    assert len(read.files) == len(kept.files)
    # A file replaced by a link to somewhere else, or changed since it was kept, is not handed out.
    first = read.files[0]
    target = kept.folder / first.relative
    target.unlink()
    target.symlink_to(secret)
    assert read.file(first.relative) is None
    second = read.files[1]
    (kept.folder / second.relative).write_bytes(b"changed")
    assert read.file(second.relative) is None
    assert read.file(read.files[2].relative) is not None
    # Stamps and ids are looked up in the folder's own list, never joined as a path.
    for stamp in ("..", "../nhung", "2026-11-24T213000/..", "x"):
        assert version(out, "nhung", stamp) is None


def test_a_link_in_place_of_the_archive_folder_stops_the_archive(built: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (built / "output" / "archive").symlink_to(elsewhere)
    with pytest.raises(OutputError):
        _archive(built)
    assert list(elsewhere.iterdir()) == []


def test_a_document_changed_since_it_was_made_is_named_not_silently_left_out(built: Path) -> None:
    pdf = built / "output" / "young_people" / "nhung" / "nhung-risk-assessment.pdf"
    pdf.write_bytes(b"edited by hand")
    kept = _archive(built).finish(NOW)
    assert "young_people/nhung/nhung-risk-assessment.pdf" not in {f.entry["path"] for f in kept.files}
    assert kept.record["not_archived"] == [{"path": "young_people/nhung/nhung-risk-assessment.pdf",
                                           "why": "missing, or changed since it was made"}]
