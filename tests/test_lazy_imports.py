"""Heavy libraries are imported only by the runs that use them (a new process pays for every import).

Speed itself is measured by ``make bench``; these check what it relies on: docxtpl only
when a Word file is made, no Jinja for a PDF-only police pack, no worker pool for one police pack.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import json, sys
from click.testing import CliRunner
from mfc_docs.cli import main
result = CliRunner().invoke(main, sys.argv[1:])
print(json.dumps({"exit": result.exit_code, "output": result.output,
                  "modules": sorted(m for m in sys.modules if m.split(".")[0] in ("docx", "docxtpl", "concurrent", "jinja2", "urllib", "ssl"))}))
"""


def modules_after(*args: str) -> tuple[int, list[str], str]:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    return found["exit"], found["modules"], found["output"]


@pytest.mark.parametrize("command", [
    ("report", "alex", "--pdf-only", "--no-interactive", "--now", "2026-11-24 00:30"),
    ("build", "--format", "pdf", "--today", "2026-11-24"),
])
def test_a_pdf_only_run_never_imports_the_word_libraries(minimal_home: Path, command: tuple[str, ...]) -> None:
    where = [str(minimal_home)]
    args = [*command[:2], *where, *command[2:]] if command[0] == "report" else [command[0], *where, *command[1:]]
    code, modules, output = modules_after(*args)
    assert code == 0, output
    assert not [m for m in modules if m.split(".")[0] in ("docx", "docxtpl")], modules
    assert list(minimal_home.joinpath("output").rglob("*.pdf")) and not list(minimal_home.joinpath("output").rglob("*.docx"))


def test_a_pdf_only_police_pack_never_imports_jinja(sample_home: Path) -> None:
    """The pack's wording and expressions are read by render.pdf_expr: the PDF alone needs no Jinja."""
    code, modules, output = modules_after("report", "nhung", str(sample_home), "--pdf-only", "--no-interactive",
                                          "--now", "2026-11-24 00:30", "--last-seen", "22:15")
    assert code == 0, output
    assert not [m for m in modules if m.split(".")[0] == "jinja2"], modules
    assert "urllib.request" not in modules and "ssl" not in modules  # no xml.sax.saxutils (see pdf_styles.escape)
    assert list(sample_home.joinpath("output").rglob("nhung-police-pack-*.pdf"))


def test_one_police_pack_starts_no_worker_pool(minimal_home: Path) -> None:
    code, modules, output = modules_after("report", "alex", str(minimal_home), "--no-interactive",
                                          "--now", "2026-11-24 00:30")
    assert code == 0, output
    assert "concurrent.futures" not in modules
    # The Word file was made (by a second process where one can be forked: output.word_beside).
    assert list(minimal_home.joinpath("output").rglob("alex-police-pack-*.docx"))


@pytest.mark.parametrize("command, collecting", [("report", False), ("build", True), ("serve", True)])
def test_only_a_report_process_turns_the_cycle_collector_off(command: str, collecting: bool) -> None:
    """One police pack, then the process ends: no cyclic garbage collection; builds and the web page keep it."""
    probe = (f"import atexit, gc, sys; sys.argv = ['mfc-docs', '{command}', 'x']; "
             "from mfc_docs import collect_garbage_less_often; before = atexit._ncallbacks(); "
             "collect_garbage_less_often(); print(gc.isenabled(), gc.get_threshold()[0], atexit._ncallbacks() - before)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    # A report also freezes every object as it exits, so Python's last collection scans nothing.
    assert done.stdout.split() == [str(collecting), "50000", "0" if collecting else "1"], done.stderr
