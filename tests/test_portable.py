"""Portable by construction: builds work with worker processes started by 'spawn' (the only way on Windows)
as well as 'fork', and the lock is filelock's, not POSIX-only fcntl."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mfc_docs import pipeline
from mfc_docs.cli import main

from .conftest import TODAY


def documents(out: Path) -> dict[str, int]:
    return {p.relative_to(out).as_posix(): len(p.read_bytes()) > 0 for p in sorted(out.rglob("*.*"))
            if p.suffix in (".pdf", ".docx")}


def test_the_start_method_is_chosen_by_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("MFC_DOCS_START_METHOD", "spawn")
    assert pipeline.start_method() == "spawn"
    monkeypatch.setenv("MFC_DOCS_START_METHOD", "no-such-method")
    assert pipeline.start_method() in ("fork", "spawn")


def test_a_build_with_spawned_workers_writes_what_a_forked_one_does(sample_home: Path, tmp_path: Path,
                                                                   monkeypatch) -> None:
    monkeypatch.setenv("MFC_DOCS_START_METHOD", "spawn")
    spawned = pipeline.build(sample_home, tmp_path / "spawned", today=TODAY, jobs_count=2)
    monkeypatch.setenv("MFC_DOCS_START_METHOD", "fork")
    forked = pipeline.build(sample_home, tmp_path / "forked", today=TODAY, jobs_count=2)
    assert len(spawned.written) == len(forked.written) > 20
    assert documents(tmp_path / "spawned") == documents(tmp_path / "forked")
    assert [e["pages"] for e in spawned.written if "pages" in e] == [e["pages"] for e in forked.written if "pages" in e]


def test_several_homes_build_side_by_side_with_spawned_workers(minimal_home: Path, sample_home: Path,
                                                               monkeypatch) -> None:
    monkeypatch.setenv("MFC_DOCS_START_METHOD", "spawn")
    result = CliRunner().invoke(main, ["build", str(minimal_home), str(sample_home), "-q",
                                       "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    assert "2 homes: all homes built." in result.output
    assert (sample_home / "output" / "manifest.json").exists() and (minimal_home / "output" / "manifest.json").exists()


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="fork exists only on POSIX")
def test_fork_still_works_where_it_exists(minimal_home: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("MFC_DOCS_START_METHOD", "fork")
    result = pipeline.build(minimal_home, tmp_path / "out", today=TODAY, jobs_count=2)
    assert len(result.written) > 10
