"""Writing episodes.yaml from the web page: round trip, read-back checks, hand edits and two tabs (output/episodes_yaml)."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest

from mfc_docs.input.home_data import load_home
from mfc_docs.output.episode_edits import add_episode, append_log, episode_key, set_fields
from mfc_docs.output.episodes_yaml import edit_episodes
from mfc_docs.output.record_versions import RecordError, read_version
from mfc_docs.output.yaml_round_trip import round_trip

from .conftest import REPO, TODAY

EPISODE_FILES = sorted(REPO.glob("young_people/*/episodes.yaml")) + \
    sorted((REPO / "tests" / "fixtures").glob("*/young_people/*/episodes.yaml"))
COMMENTED = """\
# FICTIONAL: a file written by hand, with comments everywhere a person puts them.
episodes:
  # the first one
  - confirmed_missing_at: 2026-10-01 20:00   # from the shift log
    risk_level: medium
    police:
      number: "101"  # quoted on purpose
      reference: 'WP-1'
    returned_at: 2026-10-01 23:00
    recorded_by: Sam Carter, shift lead
    # a note at the end of the first episode

  # the second one
  - confirmed_missing_at: 2026-11-20 21:00
    risk_level: high
    reg40:
      decision: not_notified
      decided_on: 2026-11-21
      reason: >-
        Short, came back alone,
        no sign of harm.
    returned_at: 2026-11-21 01:00
    recorded_by: Sam Carter, shift lead
    # the last comment of the last episode

# a comment at the very end
"""


def _write(text: str, home: Path, child: str = "nhung") -> Path:
    path = home / "young_people" / child / "episodes.yaml"
    path.write_text(text, encoding="utf-8", newline="")
    return path


def _home(home: Path):
    return load_home(home, TODAY)


@pytest.mark.parametrize("path", EPISODE_FILES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_an_untouched_file_is_written_back_byte_for_byte(path: Path) -> None:
    import io

    text = path.read_text(encoding="utf-8")
    yaml, document, _ = round_trip(text)
    out = io.StringIO()
    yaml.dump(document, out)
    assert out.getvalue() == text


@pytest.mark.parametrize("layout", ["episodes:\n- confirmed_missing_at: 2026-10-01 20:00\n  risk_level: low\n"
                                    "  recorded_by: Sam\n",
                                    "episodes:\n    -   confirmed_missing_at: 2026-10-01 20:00\n"
                                    "        risk_level: low\n        recorded_by: Sam\n"])
def test_other_indentation_styles_are_kept_too(layout: str) -> None:
    import io

    yaml, document, _ = round_trip(layout)
    out = io.StringIO()
    yaml.dump(document, out)
    assert out.getvalue() == layout


def test_adding_an_episode_keeps_every_comment_and_line(sample_home) -> None:
    path = _write(COMMENTED, sample_home)
    home = _home(sample_home)
    edit_episodes(home, "nhung", add_episode({"found_gone_at": "2026-11-24 21:10",
                                              "confirmed_missing_at": "2026-11-24 21:20", "risk_level": "high",
                                              "wearing": "Black coat\nwhite trainers", "recorded_by": "Sam"}),
                  base_sha=read_version(path).sha, who="Sam", today=TODAY)
    new = path.read_text(encoding="utf-8")
    old_lines = COMMENTED.splitlines()
    new_lines = new.splitlines()
    for line in old_lines:  # every line, comments included, still there
        assert line in new_lines, line
    # ... and in the same order: the old file is the new one with lines added, none changed or removed
    import difflib

    assert not [line for line in difflib.unified_diff(old_lines, new_lines, lineterm="", n=0)
                if line.startswith("-") and not line.startswith("---")]
    assert new.rstrip().endswith("# a comment at the very end")
    assert new.index("# the last comment of the last episode") < new.index("- found_gone_at")  # stays with its episode
    assert "recorded_by: Sam Carter, shift lead\n    # the last comment of the last episode\n\n  - found_gone_at" in new
    assert "  - found_gone_at: 2026-11-24 21:10\n" in new
    loaded = _home(sample_home).child("nhung").episodes
    assert loaded[-1]["wearing"] == "Black coat\nwhite trainers" and loaded[-1]["risk_level"] == "high"


def test_a_log_entry_and_the_return_change_only_lines_of_that_episode(sample_home) -> None:
    path = _write(COMMENTED.replace("    returned_at: 2026-11-21 01:00\n", ""), sample_home)
    before = path.read_text()
    home = _home(sample_home)
    key = episode_key(home.child("nhung").episodes[-1])
    result = edit_episodes(home, "nhung", append_log(key, {"at": "2026-11-20 21:15", "by": "Sam",
                                                           "action": "CCTV checked", "note": "Seen at 20:50"}),
                           base_sha=read_version(path).sha, who="Sam", today=TODAY)
    edit_episodes(_home(sample_home), "nhung",
                  set_fields(key, {"returned_at": "2026-11-21 01:00", "police.told_of_return_at": "2026-11-21 01:10"},
                             "recorded the return"), base_sha=result.after, who="Sam", today=TODAY)
    after = path.read_text()
    for line in before.splitlines():
        assert line in after.splitlines()
    import difflib

    added = [l[1:] for l in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
             if l.startswith("+") and not l.startswith("+++")]
    assert [l for l in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if l.startswith("-") and not l.startswith("---")] == []
    assert "      told_of_return_at: 2026-11-21 01:10" in added  # inside police:, where the schema puts it
    assert "    returned_at: 2026-11-21 01:00" in added
    assert "      - at: 2026-11-20 21:15" in added and "        note: Seen at 20:50" in added
    episode = _home(sample_home).child("nhung").episodes[-1]
    assert episode["log"][0]["action"] == "CCTV checked"
    assert episode["police"]["told_of_return_at"].hour == 1


def test_values_yaml_would_misread_come_back_exactly_as_typed(sample_home) -> None:
    tricky = {"last_seen_where": "Flat #3, 12 Mill Lane", "last_seen_with": "NO", "wearing": "0123",
              "taken": "12:30", "why_worried": "@harrow_boy: said 'come now'", }
    path = sample_home / "young_people" / "nhung" / "episodes.yaml"
    edit_episodes(_home(sample_home), "nhung", add_episode({"confirmed_missing_at": "2026-11-24 21:20",
                                                            "risk_level": "high", "recorded_by": "yes", **tricky}),
                  base_sha=read_version(path).sha, who="Sam", today=TODAY)
    home = _home(sample_home)
    assert not home.problems_for("nhung") or all(not p.is_error for p in home.problems_for("nhung"))
    episode = home.child("nhung").episodes[-1]
    for key, value in tricky.items():
        assert episode[key] == value
    assert episode["recorded_by"] == "yes"


def test_a_write_that_would_make_the_file_invalid_is_refused_and_writes_nothing(sample_home) -> None:
    path = sample_home / "young_people" / "nhung" / "episodes.yaml"
    before = path.read_bytes()
    with pytest.raises(RecordError) as caught:
        edit_episodes(_home(sample_home), "nhung", add_episode({"confirmed_missing_at": "2026-12-25 21:20",
                                                                "risk_level": "high", "recorded_by": "Sam"}),
                      base_sha=read_version(path).sha, who="Sam", today=TODAY)
    assert "nothing was written" in caught.value.message
    assert any("in the future" in p.message for p in caught.value.problems)
    assert path.read_bytes() == before
    assert not (sample_home / "output" / "audit.log").exists()
    assert not list(path.parent.glob(".*.tmp"))


def test_a_hand_edit_since_the_page_was_loaded_is_never_overwritten(sample_home) -> None:
    path = _write(COMMENTED.replace("    returned_at: 2026-11-21 01:00\n", ""), sample_home)
    home = _home(sample_home)
    key = episode_key(home.child("nhung").episodes[-1])
    loaded = read_version(path)  # the page is built from this
    edited = COMMENTED.replace("    returned_at: 2026-11-21 01:00\n", "").replace(
        "recorded_by: Sam Carter, shift lead\n    # the last", "recorded_by: Jo Hale, manager\n    # the last")
    path.write_text(edited)  # the manager corrects the file by hand meanwhile
    for edit in (append_log(key, {"at": "2026-11-20 21:15", "by": "Sam", "action": "CCTV checked"}),
                 set_fields(key, {"returned_at": "2026-11-21 01:00"}, "recorded the return")):
        with pytest.raises(RecordError) as caught:
            edit_episodes(_home(sample_home), "nhung", edit, base_sha=loaded.sha, who="Sam", today=TODAY)
        assert "changed since this page was loaded (by hand" in caught.value.message
        assert "-    recorded_by: Sam Carter, shift lead" in caught.value.changes
        assert "+    recorded_by: Jo Hale, manager" in caught.value.changes
        assert path.read_text() == edited


def test_two_tabs_adding_log_entries_at_once_lose_nothing(sample_home) -> None:
    path = _write(COMMENTED.replace("    returned_at: 2026-11-21 01:00\n", ""), sample_home)
    home = _home(sample_home)
    key = episode_key(home.child("nhung").episodes[-1])
    loaded = read_version(path)  # both tabs were opened on this version
    errors: list[Exception] = []

    def tab(name: str) -> None:
        for i in range(8):
            try:
                edit_episodes(home, "nhung", append_log(key, {"at": f"2026-11-20 21:{10 + i:02d}", "by": name,
                                                              "action": "Places checked", "note": f"{name} {i}"}),
                              base_sha=loaded.sha, who=name, today=TODAY)
            except Exception as exc:  # pragma: no cover - the assertion below shows it
                errors.append(exc)

    threads = [threading.Thread(target=tab, args=(name,)) for name in ("Tab A", "Tab B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    log = _home(sample_home).child("nhung").episodes[-1]["log"]
    notes = sorted(entry["note"] for entry in log)
    assert notes == sorted([f"Tab A {i}" for i in range(8)] + [f"Tab B {i}" for i in range(8)])
    assert "# the last comment of the last episode" in path.read_text()


def test_the_return_from_a_second_tab_is_not_overwritten(sample_home) -> None:
    path = _write(COMMENTED.replace("    returned_at: 2026-11-21 01:00\n", ""), sample_home)
    home = _home(sample_home)
    key = episode_key(home.child("nhung").episodes[-1])
    loaded = read_version(path)
    edit_episodes(home, "nhung", set_fields(key, {"returned_at": "2026-11-21 01:00"}, "return"),
                  base_sha=loaded.sha, who="Tab A", today=TODAY)
    with pytest.raises(RecordError) as caught:  # tab B still shows the episode open
        edit_episodes(home, "nhung", set_fields(key, {"returned_at": "2026-11-21 02:30"}, "return"),
                      base_sha=loaded.sha, who="Tab B", today=TODAY)
    assert "in another tab" in caught.value.message
    assert "returned_at: 2026-11-21 01:00" in path.read_text()
    # a log entry from tab B is still merged in
    edit_episodes(home, "nhung", append_log(key, {"at": "2026-11-21 01:05", "by": "Tab B", "action": "Manager told"}),
                  base_sha=loaded.sha, who="Tab B", today=TODAY)
    assert "by: Tab B" in path.read_text()


def test_a_new_file_is_created_for_a_child_without_episodes(sample_home) -> None:
    path = sample_home / "young_people" / "stefan" / "episodes.yaml"
    assert not path.exists()
    edit_episodes(_home(sample_home), "stefan", add_episode({"confirmed_missing_at": "2026-11-24 21:20",
                                                             "risk_level": "high", "recorded_by": "Sam"}),
                  base_sha=read_version(path).sha, who="Sam", today=TODAY)
    assert path.read_text() == ("episodes:\n  - confirmed_missing_at: 2026-11-24 21:20\n    risk_level: high\n"
                                "    recorded_by: Sam\n")
    assert len(_home(sample_home).child("stefan").episodes) == 1


def test_windows_line_ends_and_a_byte_order_mark_are_kept(sample_home) -> None:
    path = sample_home / "young_people" / "nhung" / "episodes.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + COMMENTED.replace("\n", "\r\n").encode())
    edit_episodes(_home(sample_home), "nhung", add_episode({"confirmed_missing_at": "2026-11-24 21:20",
                                                            "risk_level": "high", "recorded_by": "Sam"}),
                  base_sha=read_version(path).sha, who="Sam", today=TODAY)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf" + COMMENTED.splitlines()[0].encode() + b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")


def test_every_write_is_in_the_audit_log(sample_home) -> None:
    import json
    import stat

    path = sample_home / "young_people" / "nhung" / "episodes.yaml"
    before = read_version(path)
    result = edit_episodes(_home(sample_home), "nhung", add_episode({"confirmed_missing_at": "2026-11-24 21:20",
                                                                     "risk_level": "high", "recorded_by": "Sam"}),
                           base_sha=before.sha, who="Sam Carter", today=TODAY)
    log = sample_home / "output" / "audit.log"
    entry = json.loads(log.read_text().splitlines()[-1])
    assert entry["who"] == "Sam Carter" and entry["file"] == "young_people/nhung/episodes.yaml"
    assert entry["record"] == "episodes[10]" and entry["action"] == "recorded a new missing episode"
    assert entry["sha256_before"] == before.sha and entry["sha256_after"] == result.after
    assert stat.S_IMODE(log.stat().st_mode) == 0o600


def test_a_folder_that_cannot_be_written_is_said_plainly(sample_home, tmp_path) -> None:
    path = sample_home / "young_people" / "nhung" / "episodes.yaml"
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the output folder should be")
    with pytest.raises(RecordError) as caught:
        edit_episodes(_home(sample_home), "nhung", add_episode({"confirmed_missing_at": "2026-11-24 21:20",
                                                                "risk_level": "high", "recorded_by": "Sam"}),
                      base_sha=read_version(path).sha, who="Sam", out_dir=blocked / "output", today=TODAY)
    assert caught.value.message.startswith("Nothing was written: could not write to")
    assert "2026-11-24 21:20" not in path.read_text()
