"""A small build's PDFs drawn by a forked helper while the build makes the Word files: the same files and
the same messages, whatever happens to the helper, and no process left behind."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from mfc_docs import pipeline
from mfc_docs.cli import main
from mfc_docs.input.validation_cache import CACHE_FOLDER
from mfc_docs.output import pdf_beside, word_beside
from mfc_docs.output.pdf_beside import PdfBeside

from .conftest import TODAY, edit

CHILD = "young_people/alex/profile.yaml"

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="a helper is forked only where os.fork exists")


@pytest.fixture(autouse=True)
def forking_with_a_free_core(monkeypatch) -> None:
    """Say a core is free (the tests run on a shared machine) and that workers fork, so the helper is used."""
    monkeypatch.setattr(word_beside, "_a_core_is_free", lambda: True)
    monkeypatch.setenv("MFC_DOCS_START_METHOD", "fork")


@pytest.fixture
def drawn_here(monkeypatch) -> list[str]:
    """The formats this process renders itself (what the helper renders is not seen here)."""
    formats: list[str] = []
    real = pipeline.render_job

    def render_job(job):
        formats.append(job.format)
        return real(job)

    monkeypatch.setattr(pipeline, "render_job", render_job)
    return formats


@pytest.fixture
def helpers(monkeypatch) -> list[int]:
    """The helpers started, to check each was reaped (no zombie, no stray process)."""
    pids: list[int] = []
    real = PdfBeside.__init__

    def init(self, pid, to_child, from_child):
        pids.append(pid)
        real(self, pid, to_child, from_child)

    monkeypatch.setattr(PdfBeside, "__init__", init)
    return pids


def _reaped(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def run(*args: str):
    return CliRunner().invoke(main, [*args, "--today", TODAY.isoformat()])


def _built_and_edited(home: Path) -> None:
    """Built once (every document), then one child's file edited: the next build makes that child's three."""
    assert run("build", str(home)).exit_code == 0
    edit(home / CHILD, "  hair: short, brown", "  hair: short, dyed red")


def _files(out: Path) -> dict[str, object]:
    """Every document (Word files part by part, their creation and modification times left out) and the
    manifest without its times, the Word files' hashes (which hold those times) and the inputs' hashes
    (which hold the home's own path, in the photo's)."""
    files: dict[str, object] = {}
    for path in sorted(out.rglob("*")):
        name = path.relative_to(out).as_posix()
        if not path.is_file() or name.startswith(CACHE_FOLDER):
            continue
        if path.suffix == ".docx":
            with zipfile.ZipFile(path) as package:
                parts = {part: package.read(part) for part in package.namelist()}
            parts["docProps/core.xml"] = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\1",
                                                parts["docProps/core.xml"])
            files[name] = parts
        elif name == "manifest.json":
            manifest = json.loads(path.read_text(encoding="utf-8"))
            manifest.pop("generated_at")
            manifest.pop("source_stats")
            for entry in manifest["documents"]:
                entry.pop("stat", None)
                entry.pop("inputs_hash")
                if entry["format"] == "docx":
                    entry.pop("sha256")
            files[name] = manifest
        else:
            files[name] = path.read_bytes()
    return files


def _twins(minimal_home: Path, tmp_path: Path) -> tuple[Path, Path]:
    """Two copies of the home, built and edited alike (the same paths inside, so the same documents)."""
    other = tmp_path / "twin" / "home"
    other.parent.mkdir()
    shutil.copytree(minimal_home, other)
    for home in (minimal_home, other):
        _built_and_edited(home)
    return minimal_home, other


def _without_helper(home: Path, monkeypatch) -> object:
    with monkeypatch.context() as patched:
        patched.setattr(word_beside, "_a_core_is_free", lambda: False)
        return run("build", str(home))


def test_the_pdfs_drawn_beside_are_the_ones_drawn_here(minimal_home: Path, tmp_path: Path, monkeypatch,
                                                       drawn_here, helpers) -> None:
    beside_home, here_home = _twins(minimal_home, tmp_path)
    drawn_here.clear()
    helpers.clear()
    beside = run("build", str(beside_home))
    assert beside.exit_code == 0, beside.output
    assert sorted(drawn_here) == ["docx"] * 3  # the risk assessment, police pack and card: PDFs from the helper
    assert len(helpers) == 1 and _reaped(helpers[0])
    here = _without_helper(here_home, monkeypatch)  # no core free: worker processes, as before
    assert beside.output.replace(str(beside_home), "HOME") == here.output.replace(str(here_home), "HOME")
    assert "6 documents updated" in beside.output
    assert _files(beside_home / "output") == _files(here_home / "output")


@pytest.mark.parametrize("trouble", ["raises", "dies", "dies after choosing"])
def test_when_the_helper_fails_this_process_makes_the_same_files(minimal_home: Path, tmp_path: Path, monkeypatch,
                                                                 drawn_here, helpers, trouble) -> None:
    beside_home, here_home = _twins(minimal_home, tmp_path)
    real = pdf_beside._helper

    def helper(inp, out, prepare, fill, render):
        if trouble == "raises":
            raise RuntimeError("the helper cannot draw")
        if trouble == "dies":
            os.kill(os.getpid(), signal.SIGKILL)

        def render_then_die(job):
            os.kill(os.getpid(), signal.SIGKILL)

        real(inp, out, prepare, fill, render_then_die)

    monkeypatch.setattr(pdf_beside, "_helper", helper)
    drawn_here.clear()
    helpers.clear()
    beside = run("build", str(beside_home))
    assert beside.exit_code == 0, beside.output
    assert sorted(drawn_here) == ["docx"] * 3 + ["pdf"] * 3  # all made here after all
    assert len(helpers) == 1 and _reaped(helpers[0])
    here = _without_helper(here_home, monkeypatch)
    assert beside.output.replace(str(beside_home), "HOME") == here.output.replace(str(here_home), "HOME")
    assert _files(beside_home / "output") == _files(here_home / "output")


def test_a_helper_that_never_answers_does_not_hold_up_the_build(minimal_home: Path, tmp_path: Path, monkeypatch,
                                                                drawn_here, helpers) -> None:
    beside_home, here_home = _twins(minimal_home, tmp_path)
    monkeypatch.setattr(pdf_beside, "_helper", lambda inp, out, prepare, fill, render: time.sleep(3600))
    monkeypatch.setattr(pdf_beside, "PATIENCE_SECONDS", 1.0)
    drawn_here.clear()
    helpers.clear()
    started = time.monotonic()
    beside = run("build", str(beside_home))
    assert time.monotonic() - started < 60
    assert beside.exit_code == 0, beside.output
    assert sorted(drawn_here) == ["docx"] * 3 + ["pdf"] * 3
    assert len(helpers) == 1 and _reaped(helpers[0])
    _without_helper(here_home, monkeypatch)
    assert _files(beside_home / "output") == _files(here_home / "output")


def test_a_build_stopped_by_a_problem_leaves_no_helper_behind_and_writes_nothing(minimal_home: Path,
                                                                                  helpers) -> None:
    _built_and_edited(minimal_home)
    before = {p: p.read_bytes() for p in (minimal_home / "output").rglob("*") if p.is_file()}
    edit(minimal_home / CHILD, "  level: medium", "  level: severe")
    helpers.clear()
    result = run("build", str(minimal_home))
    assert result.exit_code == 1 and "risk.level: 'severe' is not one of the choices" in result.output
    assert len(helpers) == 1 and _reaped(helpers[0])  # started before the home was read, then ended
    assert {p: p.read_bytes() for p in (minimal_home / "output").rglob("*") if p.is_file()} == before


def test_a_photo_gone_while_the_pdfs_are_drawn_beside_is_said_as_before(minimal_home: Path, tmp_path: Path,
                                                                         monkeypatch, helpers) -> None:
    beside_home, here_home = _twins(minimal_home, tmp_path)
    real = pipeline._render_many
    building = [beside_home]

    def photo_gone_first(jobs, *args, **kwargs):
        (building[0] / "young_people/alex/photo.jpg").unlink()
        return real(jobs, *args, **kwargs)

    monkeypatch.setattr(pipeline, "_render_many", photo_gone_first)
    helpers.clear()
    beside = run("build", str(beside_home))
    assert len(helpers) == 1 and _reaped(helpers[0])
    building[0] = here_home
    here = _without_helper(here_home, monkeypatch)
    assert beside.exit_code == here.exit_code == 1
    assert "photo.jpg does not exist" in beside.output
    assert beside.output.replace(str(beside_home), "HOME") == here.output.replace(str(here_home), "HOME")


def test_several_homes_with_one_to_build_use_the_helper_once(minimal_home: Path, tmp_path: Path, drawn_here,
                                                             helpers) -> None:
    other = tmp_path / "other" / "home"
    other.parent.mkdir()
    shutil.copytree(minimal_home, other)
    assert run("build", str(other)).exit_code == 0
    _built_and_edited(minimal_home)
    drawn_here.clear()
    helpers.clear()
    result = run("build", str(other), str(minimal_home), "-q")
    assert result.exit_code == 0, result.output
    assert f"{minimal_home}: 6 documents updated" in result.output and f"{other}: 0 documents updated" in result.output
    assert sorted(drawn_here) == ["docx"] * 3 and len(helpers) == 1 and _reaped(helpers[0])


def test_no_helper_for_spawned_workers_or_pdfs_alone(monkeypatch, helpers) -> None:
    monkeypatch.setenv("MFC_DOCS_START_METHOD", "spawn")
    assert pipeline.start_beside(("docx", "pdf")) is None
    monkeypatch.setenv("MFC_DOCS_START_METHOD", "fork")
    assert pipeline.start_beside(("pdf",)) is None
    monkeypatch.setattr(word_beside, "_a_core_is_free", lambda: False)
    assert pipeline.start_beside(("docx", "pdf")) is None
    assert helpers == []


def test_the_build_remembers_where_each_page_filling_search_ended(minimal_home: Path, monkeypatch) -> None:
    """The next build after an edit starts each search (a card's lists, the pack's page 1) where the
    last one ended, as a report does, and finds the Word templates' cleaned tags: kept in the home's
    .validation-cache (text and numbers, never code) by worker processes and by the helper alike."""
    from mfc_docs.input import validation_cache
    from mfc_docs.render import docx

    monkeypatch.setattr(docx._Template, "_patched", {})  # as in a new process: no template cleaned yet
    cache = minimal_home / "output" / CACHE_FOLDER

    def remembered() -> list[object]:  # (this home's card has nothing to choose: only the pack searches)
        with validation_cache.remembering(minimal_home / "output", TODAY):
            return [validation_cache.recall_count("built young_people/alex/alex-police-pack.pdf")]

    assert run("build", str(minimal_home)).exit_code == 0  # every document, in worker processes
    assert all(isinstance(count, int) and count >= 0 for count in remembered())
    assert list(cache.glob("docx-patched-xml-*.json"))
    for entry in cache.glob("fill-*.json"):
        entry.unlink()
    edit(minimal_home / CHILD, "  hair: short, brown", "  hair: short, dyed red")
    assert run("build", str(minimal_home)).exit_code == 0  # the child's three, their searches in the helper
    assert all(isinstance(count, int) and count >= 0 for count in remembered())
