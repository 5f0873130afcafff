"""The report's Word file made in a second process: the same file and the same messages, whatever happens there."""

from __future__ import annotations

import os
import signal
import threading
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from mfc_docs.commands.report import make_report
from mfc_docs.output import publish, word_beside
from mfc_docs.output.word_beside import WordBeside

from .render.helpers import restyled_template

NOW = datetime(2026, 11, 24, 0, 30)
EPISODE = {"last_seen": "Mon 23 November 2026, 23:45", "where": "Bus station & the café <north>"}

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="a second process is made only where os.fork exists")


@pytest.fixture(autouse=True)
def a_free_core(monkeypatch) -> None:
    """The tests run on a shared machine: say a core is free, so whether one is does not decide what is tested."""
    monkeypatch.setattr(word_beside, "_a_core_is_free", lambda: True)


def _parts(path: Path) -> dict[str, bytes]:
    """The Word file's parts, its creation and modification times left out (they are the time it was made)."""
    import re

    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    parts["docProps/core.xml"] = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\1", parts["docProps/core.xml"])
    return parts


def _report(home: Path, out: Path, *, beside: bool):
    return make_report(home, "alex", EPISODE, out_dir=out, now=NOW, word_beside=beside)


@pytest.fixture
def where_rendered(monkeypatch) -> list[str]:
    """The formats this process renders itself (what a child renders is not seen here)."""
    formats: list[str] = []
    real = publish.render

    def render(document, fmt, template=None):
        formats.append(fmt)
        return real(document, fmt, template)

    monkeypatch.setattr(publish, "render", render)
    return formats


@pytest.fixture
def children(monkeypatch) -> list[int]:
    """The child processes started, to check each was reaped (no zombie left behind)."""
    pids: list[int] = []
    real = WordBeside.__init__

    def init(self, pid, to_child, from_child):
        pids.append(pid)
        real(self, pid, to_child, from_child)

    monkeypatch.setattr(WordBeside, "__init__", init)
    return pids


def _reaped(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_the_word_file_made_beside_is_the_one_made_here(minimal_home: Path, tmp_path: Path, where_rendered,
                                                         children) -> None:
    here = _report(minimal_home, tmp_path / "here", beside=False)
    assert where_rendered == ["pdf", "docx"]
    where_rendered.clear()
    beside = _report(minimal_home, tmp_path / "beside", beside=True)
    assert where_rendered == ["pdf"]  # the Word file came from the child
    assert len(children) == 1 and _reaped(children[0])
    assert _parts(beside.docx) == _parts(here.docx)
    assert beside.pdf.read_bytes() == here.pdf.read_bytes() or _pdf_same_but_dates(beside.pdf, here.pdf)
    assert beside.warnings == here.warnings and beside.cautions == here.cautions
    assert sorted(p.name for p in beside.folder.iterdir()) == sorted(p.name for p in here.folder.iterdir())


def _pdf_same_but_dates(a: Path, b: Path) -> bool:
    import re

    def masked(data: bytes) -> bytes:
        return re.sub(rb"/(CreationDate|ModDate) \([^)]*\)|/ID \[[^]]*\]", b"", data)

    return masked(a.read_bytes()) == masked(b.read_bytes())


@pytest.mark.parametrize("trouble", ["raises", "dies"])
def test_when_the_child_fails_this_process_makes_the_same_word_file(minimal_home: Path, tmp_path: Path, monkeypatch,
                                                                     where_rendered, children, trouble) -> None:
    here = _report(minimal_home, tmp_path / "here", beside=False)

    def child(inp, out, home_root, today):
        if trouble == "dies":
            os.kill(os.getpid(), signal.SIGKILL)
        raise RuntimeError("the child cannot render")

    monkeypatch.setattr(word_beside, "_child", child)
    where_rendered.clear()
    beside = _report(minimal_home, tmp_path / "beside", beside=True)
    assert where_rendered == ["pdf", "docx"]
    assert len(children) == 1 and _reaped(children[0])
    assert _parts(beside.docx) == _parts(here.docx)


@pytest.mark.parametrize("stuck", ["before reading", "after reading"])
def test_a_child_that_never_answers_does_not_hold_up_the_report(minimal_home: Path, tmp_path: Path, monkeypatch,
                                                                  where_rendered, children, stuck) -> None:
    """A Word child stuck for good (stopped, or waiting on something that never comes): the report still ends,
    with the same Word file made here, instead of waiting for ever at the worst moment of a shift."""
    import time

    here = _report(minimal_home, tmp_path / "here", beside=False)

    def child(inp, out, home_root, today):
        if stuck == "after reading":
            word_beside._read_all(inp)
        time.sleep(3600)

    monkeypatch.setattr(word_beside, "_child", child)
    monkeypatch.setattr(word_beside, "PATIENCE_SECONDS", 1.0)
    where_rendered.clear()
    started = time.monotonic()
    beside = _report(minimal_home, tmp_path / "beside", beside=True)
    assert time.monotonic() - started < 60
    assert where_rendered == ["pdf", "docx"]
    assert len(children) == 1 and _reaped(children[0])
    assert _parts(beside.docx) == _parts(here.docx)


def test_a_broken_restyled_template_gives_the_same_warning_and_file(minimal_home: Path, tmp_path: Path,
                                                                     where_rendered) -> None:
    restyled_template(minimal_home, "police_pack.docx", b"{{", b"{{ (")
    here = _report(minimal_home, tmp_path / "here", beside=False)
    where_rendered.clear()
    beside = _report(minimal_home, tmp_path / "beside", beside=True)
    assert where_rendered == ["pdf"]
    messages = [str(w) for w in beside.warnings]
    assert messages == [str(w) for w in here.warnings]
    assert any("templates/police_pack.docx cannot be used (TemplateSyntaxError" in m for m in messages)
    assert _parts(beside.docx) == _parts(here.docx)


def test_a_report_refused_after_the_child_started_leaves_no_child_behind(minimal_home: Path, tmp_path: Path,
                                                                          children) -> None:
    from mfc_docs.commands.report import ReportError

    with pytest.raises(ReportError, match="can raise the level but not lower it"):
        make_report(minimal_home, "alex", EPISODE, out_dir=tmp_path / "out", now=NOW, word_beside=True,
                    reporter_risk="low")
    assert len(children) == 1 and _reaped(children[0])
    assert not (tmp_path / "out").exists()


def test_no_second_process_while_another_thread_runs(minimal_home: Path) -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert WordBeside.start(minimal_home, NOW.date()) is None  # forking a process with threads is not safe
    finally:
        stop.set()
        thread.join()


def test_a_pdf_only_report_starts_no_second_process(minimal_home: Path, tmp_path: Path, children) -> None:
    make_report(minimal_home, "alex", EPISODE, out_dir=tmp_path / "out", now=NOW, word_beside=True, pdf_only=True)
    assert children == []


def test_no_second_process_when_no_core_is_free(minimal_home: Path, tmp_path: Path, monkeypatch, where_rendered,
                                                children) -> None:
    monkeypatch.setattr(word_beside, "_a_core_is_free", lambda: False)
    result = _report(minimal_home, tmp_path / "out", beside=True)
    assert children == [] and where_rendered == ["pdf", "docx"]  # one after the other, in this process
    assert result.docx.exists()


def test_a_core_is_free_only_when_fewer_processes_run_than_there_are_cores(monkeypatch, tmp_path: Path) -> None:
    import builtins

    real_open = builtins.open

    def loadavg(running: int):
        def fake_open(path, *args, **kwargs):
            if path == "/proc/loadavg":
                import io

                return io.StringIO(f"1.50 1.20 1.00 {running}/400 12345\n")
            return real_open(path, *args, **kwargs)
        return fake_open

    monkeypatch.undo()  # the real check, not the fixture's stand-in
    if not hasattr(os, "sched_getaffinity"):
        pytest.skip("the check reads the cores this process may use (Linux)")
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    monkeypatch.setattr(builtins, "open", loadavg(1))
    assert word_beside._a_core_is_free()  # only this process runs: the other core is idle
    monkeypatch.setattr(builtins, "open", loadavg(2))
    assert not word_beside._a_core_is_free()  # both cores busy
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})
    monkeypatch.setattr(builtins, "open", loadavg(1))
    assert not word_beside._a_core_is_free()  # one core: nothing to run beside
