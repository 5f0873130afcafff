"""build remembers which files passed their checks (input.validation_cache), once its documents are written.

The next build after one child's file is edited, and the next report, then check only what
changed. A build that fails keeps nothing (its output folder is as it was), a typo made after a
build is still caught at its line and column word for word, and a build to another folder (-o)
keeps nothing anywhere.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from mfc_docs import pipeline
from mfc_docs.cli import main
from mfc_docs.input import validation
from mfc_docs.input.validation_cache import CACHE_FOLDER

from .conftest import TODAY, edit

CHILD = "young_people/alex/profile.yaml"


def run(*args: str):
    return CliRunner().invoke(main, [*args, "--today", TODAY.isoformat()])


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def kept_checks(home: Path) -> dict[str, Path]:
    """The remembered schema checks, by the file they are for."""
    folder = home / "output" / CACHE_FOLDER
    kept = {}
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        record = json.loads(path.read_text(encoding="utf-8"))
        if "file" in record:
            kept[record["file"]] = path
    return kept


@pytest.fixture
def checked(monkeypatch) -> list[int]:
    """How many files were checked against their schema (each check asks for its validator)."""
    calls: list[int] = []
    real = validation._validator_for

    def counting(schema):
        calls.append(1)
        return real(schema)

    monkeypatch.setattr(validation, "_validator_for", counting)
    return calls


def test_a_first_build_keeps_its_checks_private_in_the_homes_output(minimal_home: Path) -> None:
    assert not (minimal_home / "output").exists()
    result = run("build", str(minimal_home))
    assert result.exit_code == 0, result.output
    kept = kept_checks(minimal_home)
    assert set(kept) == {"home_config.yaml", CHILD}
    folder = minimal_home / "output" / CACHE_FOLDER
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in folder.iterdir())


def test_the_build_after_an_edit_checks_only_the_edited_file_and_writes_the_same(minimal_home: Path,
                                                                                 tmp_path: Path, checked) -> None:
    assert run("build", str(minimal_home)).exit_code == 0
    assert len(checked) == 2  # the config and the profile
    edit(minimal_home / CHILD, "  preferred: Alex", "  preferred: Lex")
    checked.clear()
    result = run("build", str(minimal_home))
    assert result.exit_code == 0, result.output
    assert len(checked) == 1  # the profile: the config was remembered
    # the same documents as a build that remembered nothing
    fresh = tmp_path / "fresh"
    (minimal_home / "output" / CACHE_FOLDER).rename(tmp_path / "put-aside")
    assert run("build", str(minimal_home), "--force", "-o", str(fresh)).exit_code == 0
    ours = json.loads((minimal_home / "output" / "manifest.json").read_text(encoding="utf-8"))
    theirs = json.loads((fresh / "manifest.json").read_text(encoding="utf-8"))
    pdfs = [e for e in ours["documents"] if e["format"] == "pdf"]
    assert pdfs and all((minimal_home / "output" / e["path"]).stat().st_size == (fresh / e["path"]).stat().st_size
                        for e in pdfs)
    assert {e["path"]: e["pages"] for e in pdfs} == {e["path"]: e["pages"] for e in theirs["documents"]
                                                    if e["format"] == "pdf"}


def test_a_typo_made_after_a_build_is_caught_at_its_line_and_column_word_for_word(minimal_home: Path) -> None:
    assert run("build", str(minimal_home)).exit_code == 0
    before = snapshot(minimal_home / "output")
    edit(minimal_home / CHILD, "date_of_birth: ", "date_of_brith: ")
    line = next(n for n, row in enumerate((minimal_home / CHILD).read_text(encoding="utf-8").splitlines(), 1)
                if row.startswith("date_of_brith"))
    result = run("build", str(minimal_home))
    assert result.exit_code == 1
    assert f"{CHILD}:{line}:1: date_of_brith: 'date_of_brith' is not a field" in result.output
    assert snapshot(minimal_home / "output") == before  # nothing written, nothing remembered
    (minimal_home / "output" / CACHE_FOLDER).rename(minimal_home / "put-aside")
    again = run("build", str(minimal_home))
    assert (again.exit_code, again.output) == (result.exit_code, result.output)  # as without any cache


def test_a_build_that_fails_while_making_the_documents_keeps_nothing(minimal_home: Path, monkeypatch) -> None:
    assert run("build", str(minimal_home)).exit_code == 0
    (minimal_home / "output" / CACHE_FOLDER).rename(minimal_home / "put-aside")
    before = snapshot(minimal_home / "output")
    edit(minimal_home / CHILD, "  preferred: Alex", "  preferred: Lex")
    real = pipeline._render_many

    def photo_gone_first(jobs, *args, **kwargs):
        (minimal_home / "young_people/alex/photo.jpg").unlink()
        return real(jobs, *args, **kwargs)

    monkeypatch.setattr(pipeline, "_render_many", photo_gone_first)
    result = run("build", str(minimal_home))
    assert result.exit_code == 1 and "photo.jpg does not exist" in result.output
    assert snapshot(minimal_home / "output") == before
    assert not (minimal_home / "output" / CACHE_FOLDER).exists()


def test_a_build_to_another_folder_keeps_nothing_anywhere(minimal_home: Path, tmp_path: Path) -> None:
    out = tmp_path / "elsewhere"
    result = run("build", str(minimal_home), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert not (out / CACHE_FOLDER).exists() and not (minimal_home / "output").exists()


def test_a_report_after_a_build_finds_the_home_checked_when_the_computer_is_set_to_another_day(
        minimal_home: Path, monkeypatch, checked) -> None:
    """A laptop set abroad, or a server on UTC near midnight: its date is not the home's.

    The build remembered its checks under the computer's date and the report looked under the home's
    (UK) date, so the first report after a build checked every file again.
    """
    from datetime import date, datetime, timedelta
    from zoneinfo import ZoneInfo

    from mfc_docs.commands import build as build_command

    class ComputerSetToAnotherDay(date):
        @classmethod
        def today(cls) -> date:
            return datetime.now(ZoneInfo("Europe/London")).date() + timedelta(days=1)

    monkeypatch.setattr(build_command, "date", ComputerSetToAnotherDay)
    assert CliRunner().invoke(main, ["build", str(minimal_home), "-q"]).exit_code == 0
    checked.clear()
    found = (datetime.now(ZoneInfo("Europe/London")) - timedelta(minutes=5)).strftime("%H:%M")
    result = CliRunner().invoke(main, ["report", "alex", str(minimal_home), "--pdf-only", "--no-interactive",
                                       "--found-gone", found])
    assert result.exit_code == 0, result.output
    assert checked == []  # the config and the profile were found checked, as after any build
