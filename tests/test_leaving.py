"""A child leaves (commands/leaving.py): documents archived, files moved to left/, every command still fine."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from mfc_docs.cli import main
from mfc_docs.commands.leaving import LeavingError, LeavingRequest, child_leaves
from mfc_docs.input.home_data import load_home
from mfc_docs.input.left_children import load_left, with_left_children
from mfc_docs.output.archive import versions
from mfc_docs.output.audit import read_audit
from mfc_docs.pipeline import build
from mfc_docs.rules.statistics import month_figures

from .conftest import TODAY

NOW = datetime(2026, 11, 24, 21, 30)
AUGUST = date(2026, 8, 1)  # Oisín's episode of 9 August


@pytest.fixture
def built(sample_home: Path) -> Path:
    build(sample_home, today=TODAY, jobs_count=1)
    return sample_home


def _leave(home: Path, child: str = "oisin", **fields):
    request = LeavingRequest(**{"child_id": child, "on": TODAY, "by": "Marianne Oduya, Registered Manager",
                                "note": "Moved to a foster placement", **fields})
    return child_leaves(home, home / "output", request, NOW)


def test_the_childs_files_move_out_and_the_documents_are_archived(built: Path) -> None:
    out = built / "output"
    pdf = (out / "young_people/oisin/oisin-risk-assessment.pdf").read_bytes()
    profile = (built / "young_people/oisin/profile.yaml").read_bytes()
    result = _leave(built)

    assert result.moved_to == "left/oisin-2026-11-24" and not result.build_problem
    assert not (built / "young_people/oisin").exists()
    moved = built / "left/oisin-2026-11-24"
    assert (moved / "profile.yaml").read_bytes() == profile
    assert {p.name for p in moved.iterdir()} == {"profile.yaml", "episodes.yaml", "photo.jpg"}
    kept = versions(out, "oisin")[-1]
    assert kept.why == "left" and kept.record["event"]["moved_to"] == "left/oisin-2026-11-24"
    assert kept.file("documents/oisin-risk-assessment.pdf").read_bytes() == pdf
    assert {f.format for f in kept.files} == {"pdf", "docx"}
    assert (kept.folder / "source" / "profile.yaml").read_bytes() == profile
    # Her documents leave the output's young_people/ (their copies are in the archive); nothing else does.
    assert not (out / "young_people/oisin").exists()
    assert (out / "young_people/nhung/nhung-risk-assessment.pdf").exists()
    actions = [e["action"] for e in read_audit(out)]
    assert "moved young_people/oisin to left/oisin-2026-11-24: the child left" in actions
    assert any(a.startswith("archived 6 documents: the child left on 2026-11-24") for a in actions)


def test_validate_build_check_and_the_dashboard_behave_afterwards(built: Path) -> None:
    figures_before = month_figures(with_left_children(load_home(built, TODAY)), AUGUST)
    _leave(built)
    runner = CliRunner()
    for command in (["validate", str(built), "--today", "2026-11-24"],
                    ["build", str(built), "--today", "2026-11-24"],
                    ["dashboard", str(built), "--month", "2026-08", "--today", "2026-11-24"]):
        result = runner.invoke(main, command)
        assert result.exit_code == 0, (command, result.output)
        assert "oisin" not in result.output.lower(), result.output  # not a missing child, not a stale document
    check = runner.invoke(main, ["check", str(built), "--today", "2026-11-24"])
    assert "oisin" not in check.output and "Traceback" not in check.output
    home = load_home(built, TODAY)
    assert [c.id for c in home.children] == ["nhung", "stefan", "zofia"]
    # The months Oisín lived here still count him: August's figures are as they were.
    figures_after = month_figures(with_left_children(home), AUGUST)
    assert figures_after.episodes == figures_before.episodes >= 1
    assert figures_after.children == figures_before.children
    assert month_figures(home, AUGUST).episodes == figures_before.episodes - 1  # without him, one fewer


def test_a_child_in_one_file_leaves_too(built: Path) -> None:
    shutil.move(built / "young_people/stefan/profile.yaml", built / "young_people/solo.yaml")
    shutil.rmtree(built / "young_people/stefan")
    build(built, today=TODAY, jobs_count=1)
    result = _leave(built, "solo")
    assert (built / result.moved_to / "solo.yaml").is_file() and not (built / "young_people/solo.yaml").exists()
    left, problems = load_left(built, load_home(built, TODAY).config, TODAY)
    assert [c.id for c in left] == ["solo"] and problems == []
    assert versions(built / "output", "solo")[-1].files


def test_a_missing_child_cannot_leave_and_nothing_moves(built: Path) -> None:
    from mfc_docs.output.episode_edits import add_episode
    from mfc_docs.output.episodes_yaml import edit_episodes

    home = load_home(built, TODAY)
    edit_episodes(home, "oisin", add_episode({"found_gone_at": "2026-11-24 20:00", "confirmed_missing_at":
                                              "2026-11-24 20:30", "risk_level": "medium", "recorded_by": "Sam"}),
                  base_sha=None, who="Sam", out_dir=built / "output", today=TODAY)
    with pytest.raises(LeavingError, match="recorded as missing now"):
        _leave(built)
    assert (built / "young_people/oisin/profile.yaml").exists() and versions(built / "output", "oisin") == []


@pytest.mark.parametrize("fields, words", [({"on": date(2026, 12, 1)}, "in the future"),
                                           ({"by": ""}, "Enter your name"),
                                           ({"child_id": "../oisin"}, "not a child's id"),
                                           ({"child_id": "nobody"}, "there is no child 'nobody'")])
def test_wrong_answers_move_nothing(built: Path, fields: dict, words: str) -> None:
    with pytest.raises(LeavingError, match=words):
        _leave(built, **fields)
    assert (built / "young_people/oisin/profile.yaml").exists() and not (built / "left").exists()


def test_a_link_in_place_of_left_is_refused(built: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (built / "left").symlink_to(elsewhere)
    with pytest.raises(LeavingError, match="not a folder"):
        _leave(built)
    assert list(elsewhere.iterdir()) == [] and (built / "young_people/oisin").is_dir()
    assert versions(built / "output", "oisin") == []


def test_leaving_twice_on_one_day_keeps_both_folders(built: Path) -> None:
    first = _leave(built)
    shutil.copytree(built / first.moved_to, built / "young_people/oisin")  # came back the same day
    second = _leave(built)
    assert second.moved_to == "left/oisin-2026-11-24-2"
    assert len(versions(built / "output", "oisin")) == 2


def _dashboard(home: Path):
    return CliRunner().invoke(main, ["dashboard", str(home), "--month", "2026-08", "--today", "2026-11-24"])


def test_a_left_child_whose_episodes_cannot_be_read_is_said_by_the_dashboard(built: Path) -> None:
    """Their episodes drop out of the month's figures (sent to Ofsted): the manager must be told, not find out."""
    folder = built / _leave(built).moved_to
    (folder / "episodes.yaml").write_text("episodes: [\n", encoding="utf-8")
    result = _dashboard(built)
    assert result.exit_code == 0, result.output
    assert (f"left/{folder.name}: warning: this child left the home and their episodes can no longer be read, so "
            "they are not counted on the dashboard.") in result.output


def test_a_childs_folder_moved_into_left_by_hand_is_said_by_the_dashboard(built: Path) -> None:
    (built / "left").mkdir()
    (built / "young_people" / "oisin").rename(built / "left" / "oisin")
    result = _dashboard(built)
    assert result.exit_code == 0, result.output
    assert ("left/oisin: warning: this folder's name does not say when the child left, so their episodes are not "
            "counted on the dashboard. Rename it to the child's id and the day they left, for example "
            "oisin-2026-11-24.") in result.output
