"""Never outside its folder, never mixed: the output folder's rules, and the switch from old to new documents."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from mfc_docs.cli import main
from mfc_docs.output import switch
from mfc_docs.output.build_lock import BuildLock
from mfc_docs.output.cleanup import remove_abandoned
from mfc_docs.output.files import JOURNAL, LOCK, MANIFEST, OutputError, guard_output_folder
from mfc_docs.output.manifest import read_manifest
from mfc_docs.output.switch import OutputFile, commit_files, recover

from .conftest import TODAY, edit

CHILD = "young_people/alex/profile.yaml"


def run(*args: str):
    return CliRunner().invoke(main, [*args, "--today", TODAY.isoformat()] if args[0] in ("build", "dashboard")
                              else list(args))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --------------------------------------------------------------------------
# --prune and the manifest never reach outside
# --------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["../../victim.txt", "../home_config.yaml", "/tmp/victim.txt",
                                  "young_people/../../victim.txt", "linked/victim.txt", "..\\victim.txt", ""])
def test_prune_deletes_nothing_outside_the_output_folder(minimal_home: Path, tmp_path: Path, path: str) -> None:
    assert run("build", str(minimal_home)).exit_code == 0
    out = minimal_home / "output"
    victim = tmp_path / "victim.txt"
    victim.write_text("not mine")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "victim.txt").write_text("not mine either")
    (out / "linked").symlink_to(tmp_path / "outside")
    manifest = json.loads((out / MANIFEST).read_text())
    manifest["documents"].append({"kind": "police_pack", "young_person": "gone", "format": "pdf", "path": path})
    manifest["documents"].append("not an object")
    manifest["documents"].append({"path": ["a", "list"], "format": "pdf"})
    (out / MANIFEST).write_text(json.dumps(manifest))
    before = snapshot(minimal_home)
    result = run("build", str(minimal_home), "--prune", "--force")
    assert result.exit_code == 0, result.output
    assert victim.read_text() == "not mine"
    assert (tmp_path / "outside" / "victim.txt").read_text() == "not mine either"
    assert (minimal_home / "home_config.yaml").read_bytes() == before["home_config.yaml"]
    assert "Traceback" not in result.output


def test_documents_are_never_written_through_a_link_out_of_the_output_folder(minimal_home: Path,
                                                                             tmp_path: Path) -> None:
    out = minimal_home / "output"
    out.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (out / "young_people").symlink_to(elsewhere)
    result = run("build", str(minimal_home))
    assert result.exit_code == 1
    assert "is a symbolic link" in result.output
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize("path, kept", [
    ("young_people/alex/alex-police-pack.pdf", True), ("a.pdf", True), ("a b/ç é.pdf", True), ("..a/b..", True),
    ("../a.pdf", False), ("a/../b.pdf", False), ("./a.pdf", False), ("a/./b.pdf", False), ("/a.pdf", False),
    ("//a.pdf", False), ("a//b.pdf", False), ("a/", False), ("a\\b.pdf", False), ("c:a.pdf", False),
    ("a\x00.pdf", False), ("a\nb.pdf", False), ("a\x7f.pdf", False), ("", False), ("a" * 1001, False),
])
def test_a_manifest_path_is_kept_exactly_as_written_or_refused(path: str, kept: bool) -> None:
    from mfc_docs.output.files import safe_relative

    assert safe_relative(path) == (path if kept else None)


def test_a_manifest_with_odd_documents_is_read_safely(tmp_path: Path) -> None:
    (tmp_path / MANIFEST).write_text(json.dumps({"documents": [1, None, "x", {"path": "a/b.pdf"}, {"path": "../c"}],
                                                 "sources": [], "source_stats": 3}))
    manifest = read_manifest(tmp_path)
    assert manifest["documents"] == [{"path": "a/b.pdf"}]
    assert "sources" not in manifest and "source_stats" not in manifest


@pytest.mark.parametrize("documents", ["[1, 2]", '"text"', "null", '[{"path": 5}]', '{"a": 1}'])
def test_a_manifest_whose_documents_are_not_objects_is_no_traceback(minimal_home: Path, documents: str) -> None:
    out = minimal_home / "output"
    out.mkdir()
    (out / MANIFEST).write_text(f'{{"built_on": "{TODAY.isoformat()}", "documents": {documents}}}')
    for args in (("build", str(minimal_home)), ("build", str(minimal_home), "--prune")):
        result = run(*args)
        assert result.exit_code == 0, result.output


# --------------------------------------------------------------------------
# Clean-up removes only this tool's own leftovers
# --------------------------------------------------------------------------


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_clean_up_removes_only_this_tools_leftovers_of_dead_runs(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    dead = _dead_pid()
    others = [".other.tmp", ".staging-area", "sub/.mfc-docs-staging-1", "sub/.x.tmp", ".mfc-docs-staging-abc",
              f".staging-{os.getpid()}", f".mfc-docs-staging-{os.getppid()}", "notes.txt"]
    for name in others:
        (shared / name).parent.mkdir(parents=True, exist_ok=True)
        (shared / name).write_text("someone else's")
    ours = [f".mfc-docs-staging-{dead}", f".mfc-docs-backup-{dead}", f".staging-{dead}"]
    for name in ours:
        (shared / name).mkdir()
        (shared / name / "x.pdf").write_text("left by a killed run")
    assert sorted(remove_abandoned(shared)) == sorted(ours)
    for name in others:
        assert (shared / name).read_text() == "someone else's", name


def test_starting_a_build_in_a_shared_folder_leaves_other_programs_files(minimal_home: Path, tmp_path: Path) -> None:
    shared = tmp_path / "shared"  # an output folder of mfc-docs that other programs write into too
    assert run("build", str(minimal_home), "-o", str(shared), "--format", "pdf").exit_code == 0
    (shared / "deep").mkdir(parents=True)
    for name in (".draft.tmp", "deep/.notes.tmp", ".staging-area", "deep/.staging-1"):
        (shared / name).write_text("keep")
    result = run("build", str(minimal_home), "-o", str(shared), "--force")
    assert result.exit_code == 0, result.output
    for name in (".draft.tmp", "deep/.notes.tmp", ".staging-area", "deep/.staging-1"):
        assert (shared / name).read_text() == "keep"


# --------------------------------------------------------------------------
# One guard for every command
# --------------------------------------------------------------------------


@pytest.mark.parametrize("where", [".", "young_people", "young_people/alex", "young_people/new", "templates"])
@pytest.mark.parametrize("command", [["build"], ["dashboard", "--month", "2026-10"],
                                     ["report", "alex", "--now", "2026-11-24 22:30", "--no-interactive"]])
def test_no_command_writes_among_the_homes_own_files(minimal_home: Path, command: list[str], where: str) -> None:
    before = snapshot(minimal_home)
    target = minimal_home / where
    if command[0] == "report":
        args = ["report", "alex", str(minimal_home), *command[2:], "-o", str(target)]
    else:
        args = [command[0], str(minimal_home), *command[1:], "-o", str(target)]
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert "mfc-docs will not write documents to" in result.output
    assert snapshot(minimal_home) == before


@pytest.mark.parametrize("command", [["build"], ["dashboard", "--month", "2026-10"],
                                     ["report", "alex", "--now", "2026-11-24 22:30", "--no-interactive"]])
def test_no_command_writes_into_a_folder_that_holds_the_home(minimal_home: Path, command: list[str]) -> None:
    parent = minimal_home.parent  # as `-o ..` run in the home's folder; `-o /` and `-o ~` are the same case
    parent.chmod(0o755)
    listing = sorted(p.name for p in parent.iterdir())
    if command[0] == "report":
        args = ["report", "alex", str(minimal_home), *command[2:], "-o", str(parent)]
    else:
        args = [command[0], str(minimal_home), *command[1:], "-o", str(parent)]
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert "it holds the home's own folder" in result.output
    assert sorted(p.name for p in parent.iterdir()) == listing
    assert parent.stat().st_mode & 0o777 == 0o755


@pytest.mark.parametrize("command", [["build"], ["dashboard", "--month", "2026-10"],
                                     ["report", "alex", "--now", "2026-11-24 22:30", "--no-interactive"]])
def test_no_command_takes_over_a_folder_that_holds_other_files(minimal_home: Path, tmp_path: Path,
                                                                command: list[str]) -> None:
    """`-o /srv/staff-share` (or `-o /etc` as root): the folder was made owner-only, locking colleagues out."""
    shared = tmp_path / "staff-share"
    (shared / "rotas").mkdir(parents=True)
    (shared / "rota-december.xlsx").write_bytes(b"rota")
    shared.chmod(0o755)
    before = snapshot(shared)
    listing = sorted(p.name for p in shared.iterdir())
    if command[0] == "report":
        args = ["report", "alex", str(minimal_home), *command[2:], "-o", str(shared)]
    else:
        args = [command[0], str(minimal_home), *command[1:], "-o", str(shared)]
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert "already holds files mfc-docs did not make (rota-december.xlsx, rotas)" in result.output
    assert "choose an empty folder or a new one" in result.output
    assert sorted(p.name for p in shared.iterdir()) == listing and snapshot(shared) == before
    assert shared.stat().st_mode & 0o777 == 0o755


def test_an_output_folder_of_its_own_is_used_as_before(minimal_home: Path, tmp_path: Path) -> None:
    """An empty folder, one a report wrote first, and one a build wrote (with the manager's notes in it)."""
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run("build", str(minimal_home), "-o", str(empty), "--format", "pdf").exit_code == 0
    (empty / "notes.txt").write_text("ours")  # a manifest is there: "anything else ... is never touched"
    assert run("build", str(minimal_home), "-o", str(empty), "--format", "pdf", "--force").exit_code == 0
    reported = tmp_path / "reported"
    result = run("report", "alex", str(minimal_home), "--now", "2026-11-24 22:30", "--no-interactive",
                 "--pdf-only", "-o", str(reported))
    assert result.exit_code == 0, result.output
    assert run("build", str(minimal_home), "-o", str(reported), "--format", "pdf").exit_code == 0
    (minimal_home / "output").mkdir()
    (minimal_home / "output" / "notes.txt").write_text("the home's own folder")
    guard_output_folder(minimal_home, minimal_home / "output")


@pytest.mark.parametrize("left_by_the_system", [[".DS_Store"], ["desktop.ini"], ["Thumbs.db", "._notes"],
                                                [".directory", ".localized"]])
def test_a_new_folder_opened_in_finder_or_explorer_is_taken(minimal_home: Path, tmp_path: Path,
                                                             left_by_the_system: list[str]) -> None:
    """A manager makes "MFC packs" in Finder or Explorer (or OneDrive): the system leaves a hidden file in it."""
    made = tmp_path / "MFC packs"
    made.mkdir()
    for name in left_by_the_system:
        (made / name).write_bytes(b"\0")
    result = run("report", "alex", str(minimal_home), "--now", "2026-11-24 22:30", "--no-interactive",
                 "--pdf-only", "-o", str(made))
    assert result.exit_code == 0, result.output
    assert list((made / "young_people" / "alex" / "reports").iterdir())
    assert all((made / name).read_bytes() == b"\0" for name in left_by_the_system)
    other = tmp_path / "shared"  # anything else is still refused, named without the system's files
    other.mkdir()
    (other / ".DS_Store").write_bytes(b"\0")
    (other / "holiday.jpg").write_bytes(b"jpeg")
    result = run("build", str(minimal_home), "-o", str(other), "--format", "pdf")
    assert result.exit_code == 2 and "did not make (holiday.jpg)" in result.output, result.output


def test_the_library_has_the_same_guard(minimal_home: Path) -> None:
    from mfc_docs import pipeline

    with pytest.raises(OutputError, match="home's own folder"):
        pipeline.build(minimal_home, minimal_home, today=TODAY)
    with pytest.raises(OutputError):
        guard_output_folder(minimal_home, minimal_home / "young_people" / "x")
    guard_output_folder(minimal_home, minimal_home / "output")  # the default is fine


# --------------------------------------------------------------------------
# Owner-only folders
# --------------------------------------------------------------------------


def test_every_folder_written_into_is_owner_only_even_when_it_existed(minimal_home: Path) -> None:
    out = minimal_home / "output"
    (out / "young_people" / "alex").mkdir(parents=True)
    (out / "dashboard").mkdir()
    for folder in (out, out / "young_people", out / "young_people" / "alex", out / "dashboard"):
        folder.chmod(0o755)
    assert run("build", str(minimal_home)).exit_code == 0
    assert run("dashboard", str(minimal_home), "--month", "2026-10").exit_code == 0
    assert run("report", "alex", str(minimal_home), "--now", "2026-11-24 22:30", "--no-interactive").exit_code == 0
    folders = [out] + [p for p in out.rglob("*") if p.is_dir()]
    assert len(folders) > 5
    for folder in folders:
        assert folder.stat().st_mode & 0o777 == 0o700, folder
    for path in out.rglob("*"):
        if path.is_file():
            assert path.stat().st_mode & 0o777 == 0o600, path


# --------------------------------------------------------------------------
# The switch: old or new, never both
# --------------------------------------------------------------------------

OLD = {"a.pdf": b"old a", "sub/b.pdf": b"old b", "sub/gone.pdf": b"old gone", MANIFEST: b'{"v": "old"}'}
NEW = {"a.pdf": b"new a", "sub/b.pdf": b"new b", "sub/c.pdf": b"new c", "d/e.docx": b"new e",
       MANIFEST: b'{\n  "v": "new"\n}\n'}
KEEP = {"young_people/alex/reports/2026-11-01_101010/pack.pdf": b"a report: never touched",
        "notes.txt": b"someone's notes", "dashboard/dashboard-2026-10.pdf": b"dashboard"}


def _lay_out(out: Path) -> None:
    for name, data in {**OLD, **KEEP}.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)


def _switch_script(out: Path, stop_at: int | None, how: str) -> str:
    files = [(name, data.decode()) for name, data in NEW.items() if name != MANIFEST]
    return textwrap.dedent(f"""
        import os, signal, sys
        from pathlib import Path
        from mfc_docs.output import switch
        from mfc_docs.output.build_lock import BuildLock
        count = [0]
        def step(name):
            count[0] += 1
            print(name, flush=True)
            if count[0] == {stop_at!r}:
                if {how!r} == "kill":
                    os._exit(9)  # as SIGKILL or a power cut: nothing else runs
                os.kill(os.getpid(), getattr(signal, {how!r}))
        switch._step = step
        out = Path({str(out)!r})
        with BuildLock(out):
            switch.commit_files(out, [switch.OutputFile(n, d.encode()) for n, d in {files!r}], {{"v": "new"}},
                                remove=["sub/gone.pdf"])
    """)


def _state(out: Path) -> dict[str, bytes]:
    return {name: data for name, data in snapshot(out).items() if name != LOCK}


def _switch_steps(tmp_path: Path) -> list[str]:
    out = tmp_path / "count"
    out.mkdir()
    _lay_out(out)
    done = subprocess.run([sys.executable, "-c", _switch_script(out, None, "kill")], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_a_kill_at_any_step_of_the_switch_leaves_old_or_new_after_the_next_run(tmp_path: Path) -> None:
    steps = _switch_steps(tmp_path)
    assert len(steps) >= 10  # journal, each file moved aside and in, the removal, the manifest, the journal gone
    new_state = {**NEW, **KEEP}
    old_state = {**OLD, **KEEP}
    for stop in range(1, len(steps) + 1):
        out = tmp_path / f"kill-{stop}"
        out.mkdir()
        _lay_out(out)
        killed = subprocess.run([sys.executable, "-c", _switch_script(out, stop, "kill")], capture_output=True,
                                text=True, timeout=60)
        assert killed.returncode == 9, killed.stderr
        with BuildLock(out):  # what the next command does first
            pass
        assert _state(out) in (new_state, old_state), f"mixed after a kill at step {stop} ({steps[stop - 1]})"
        assert not (out / JOURNAL).exists()
        assert [p.name for p in out.iterdir() if p.name.startswith(".mfc-docs-") and p.name != LOCK] == []


@pytest.mark.parametrize("how", ["SIGINT", "SIGTERM", "SIGHUP"])
def test_a_signal_during_the_switch_waits_for_it_to_finish(tmp_path: Path, how: str) -> None:
    steps = _switch_steps(tmp_path)
    for stop in (1, 2, len(steps) // 2, len(steps) - 1):
        out = tmp_path / f"{how}-{stop}"
        out.mkdir()
        _lay_out(out)
        stopped = subprocess.run([sys.executable, "-c", _switch_script(out, stop, how)], capture_output=True,
                                 text=True, timeout=60)
        assert stopped.returncode != 0  # the signal still stops the program, once the switch is over
        assert _state(out) == {**NEW, **KEEP}, f"{how} at step {stop} ({steps[stop - 1]})"


def test_an_error_during_the_switch_puts_the_old_files_back(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out"
    out.mkdir()
    _lay_out(out)
    calls = {"n": 0}

    def failing_step(name: str) -> None:
        calls["n"] += 1
        if calls["n"] == 5:
            raise OSError(5, "Input/output error")

    monkeypatch.setattr(switch, "_step", failing_step)
    with BuildLock(out):
        with pytest.raises(OutputError, match="Nothing in the output folder was changed"):
            commit_files(out, [OutputFile(n, d) for n, d in NEW.items() if n != MANIFEST], {"v": "new"},
                         remove=["sub/gone.pdf"])
    assert _state(out) == {**OLD, **KEEP}


def test_a_killed_build_is_repaired_by_the_next_one(minimal_home: Path, tmp_path: Path) -> None:
    """End to end: a build killed half way through its switch; the next build finishes it, and its
    'up to date' shortcut does not trust a manifest the files do not match."""
    assert run("build", str(minimal_home)).exit_code == 0
    edit(minimal_home / CHILD, "  preferred: Alex", "  preferred: Lex")
    script = textwrap.dedent(f"""
        import os, sys
        from mfc_docs.output import switch
        from mfc_docs.cli import main
        count = [0]
        def step(name):
            count[0] += 1
            if count[0] == 6:
                os._exit(9)
        switch._step = step
        main(["build", {str(minimal_home)!r}, "-q", "--today", {TODAY.isoformat()!r}])
    """)
    killed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert killed.returncode == 9, killed.stdout + killed.stderr
    assert (minimal_home / "output" / JOURNAL).exists()
    again = run("build", str(minimal_home))
    assert again.exit_code == 0, again.output
    assert not (minimal_home / "output" / JOURNAL).exists()
    manifest = json.loads((minimal_home / "output" / MANIFEST).read_text())
    from mfc_docs.output.files import sha256_file

    for entry in manifest["documents"]:
        assert sha256_file(minimal_home / "output" / entry["path"]) == entry["sha256"], entry["path"]
    third = run("build", str(minimal_home), "-v")
    assert "0 documents updated" in third.output


def test_the_up_to_date_shortcut_verifies_the_files(minimal_home: Path) -> None:
    assert run("build", str(minimal_home)).exit_code == 0
    pack = minimal_home / "output" / "young_people" / "alex" / "alex-police-pack.pdf"
    pack.write_bytes(b"%PDF- swapped by something else")
    result = run("build", str(minimal_home))
    assert result.exit_code == 0
    assert "wrote     output/young_people/alex/alex-police-pack.pdf" in result.output or \
        "alex-police-pack.pdf" in result.output
    assert pack.read_bytes() != b"%PDF- swapped by something else"


def test_a_childs_output_folder_swapped_for_a_link_is_never_taken_as_up_to_date(minimal_home: Path,
                                                                                tmp_path: Path) -> None:
    """The same files, sizes and times, but reached through a link out of the output folder."""
    import shutil

    assert run("build", str(minimal_home)).exit_code == 0
    folder = minimal_home / "output" / "young_people" / "alex"
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(folder, elsewhere)  # copy2: sizes and modification times kept
    shutil.rmtree(folder)
    folder.symlink_to(elsewhere)
    copied = snapshot(elsewhere)

    from mfc_docs import pipeline

    assert pipeline.up_to_date(minimal_home, minimal_home / "output", TODAY, pipeline.FORMATS) is None
    result = run("build", str(minimal_home))
    assert result.exit_code == 1
    assert "is a symbolic link" in result.output
    assert snapshot(elsewhere) == copied


def test_each_manifest_entry_is_checked_on_its_own_path(minimal_home: Path, tmp_path: Path) -> None:
    """Entries in one folder share the folder's check; each file, link or odd path still answers for itself."""
    from mfc_docs.output.manifest import WrittenFiles, is_as_written

    assert run("build", str(minimal_home)).exit_code == 0
    out = minimal_home / "output"
    entries = read_manifest(out)["documents"]
    pack = next(e for e in entries if e["path"].endswith("alex-police-pack.pdf"))
    card = next(e for e in entries if e["path"].endswith("alex-response-card.pdf"))
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "x.pdf").write_bytes(b"x")
    (out / "linked").symlink_to(tmp_path / "outside")
    target = out / pack["path"]
    copy = tmp_path / "pack-copy.pdf"
    copy.write_bytes(target.read_bytes())
    target.unlink()
    target.symlink_to(copy)  # the same bytes, through a link: not the file written
    odd = [{"path": p, "sha256": "x"} for p in ("linked/x.pdf", "../x.pdf", "/tmp/x.pdf", "", "a//b.pdf")]
    written = WrittenFiles(out)
    for entry in [pack, card, *odd]:
        assert written.as_written(entry) == is_as_written(out, entry) == (entry is card), entry["path"]


def test_a_dashboard_replaces_both_formats_or_neither(minimal_home: Path, monkeypatch) -> None:
    assert run("dashboard", str(minimal_home), "--month", "2026-10").exit_code == 0
    folder = minimal_home / "output" / "dashboard"
    before = snapshot(folder)
    real = switch.write_private_file
    calls = {"n": 0}

    def full_disk(path, data):
        calls["n"] += 1
        if calls["n"] == 2:  # the Word file is staged; the PDF does not fit
            raise OSError(28, "No space left on device")
        return real(path, data)

    monkeypatch.setattr(switch, "write_private_file", full_disk)
    result = run("dashboard", str(minimal_home), "--month", "2026-10", "--today", "2026-11-25")
    assert result.exit_code == 1
    assert "the disk is full" in result.output
    assert snapshot(folder) == before
    assert [p.name for p in (minimal_home / "output").iterdir() if p.name.startswith(".mfc-docs-")
            and p.name != LOCK] == []


def test_recover_refuses_a_journal_that_names_paths_outside(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / JOURNAL).write_text(json.dumps({"staging": ".mfc-docs-staging-1", "backup": ".mfc-docs-backup-1",
                                           "moves": ["../x"], "remove": []}))
    with pytest.raises(OutputError, match="is not a journal mfc-docs can read"):
        recover(out)


def test_the_lock_with_a_full_disk_is_a_clear_error(tmp_path: Path, monkeypatch) -> None:
    import filelock

    def full(self, *args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(filelock.FileLock, "acquire", full)
    with pytest.raises(OutputError, match="the disk is full"):
        with BuildLock(tmp_path / "out"):
            pass


@pytest.mark.parametrize("command", [["build"], ["dashboard", "--month", "2026-10"]])
def test_no_space_for_the_lock_is_a_clear_error_in_every_command(minimal_home: Path, monkeypatch,
                                                               command: list[str]) -> None:
    import filelock

    def full(self, *args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(filelock.FileLock, "acquire", full)
    result = run(command[0], str(minimal_home), *command[1:])
    assert result.exit_code == 1
    assert "the disk is full" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_signal_module_is_restored_after_the_switch(tmp_path: Path) -> None:
    before = signal.getsignal(signal.SIGINT)
    with BuildLock(tmp_path / "out"):
        commit_files(tmp_path / "out", [OutputFile("a.pdf", b"a")], None)
    assert signal.getsignal(signal.SIGINT) is before


def test_a_lock_file_that_is_a_link_is_named_as_a_link_and_its_target_left_alone(minimal_home: Path,
                                                                                 tmp_path: Path) -> None:
    outside = tmp_path / "someone-elses-file.txt"
    outside.write_text("keep me\n", encoding="utf-8")
    (minimal_home / "output").mkdir()
    (minimal_home / "output" / ".mfc-docs.lock").symlink_to(outside)
    result = run("build", str(minimal_home))
    assert result.exit_code == 1
    assert ".mfc-docs.lock: it is a symbolic link; mfc-docs does not write through links. Delete the link" \
        in result.output, result.output
    assert outside.read_text(encoding="utf-8") == "keep me\n"


def test_the_up_to_date_check_sees_a_folder_as_inside_exactly_when_inside_does(tmp_path: Path) -> None:
    """WrittenFiles looks at each folder once, with strings; it must answer as ``inside`` does for
    every file: links on the way (to inside or outside), a linked output folder, missing folders."""
    from mfc_docs.output.files import inside
    from mfc_docs.output.manifest import WrittenFiles

    real_out = tmp_path / "real-out"
    outside = tmp_path / "elsewhere"
    for folder in ("young_people/alex", "young_people/sam/reports", "checklists", "moved"):
        (real_out / folder).mkdir(parents=True)
    outside.mkdir()
    (real_out / "young_people" / "link-out").symlink_to(outside)
    (real_out / "young_people" / "link-in").symlink_to(real_out / "young_people" / "alex")
    (real_out / "link-loop").symlink_to(real_out / "link-loop")
    linked_out = tmp_path / "linked-out"
    linked_out.symlink_to(real_out)
    names = ["manifest.json", "young_people/alex/a.pdf", "young_people/sam/reports/r.pdf", "checklists/c.pdf",
             "young_people/link-out/x.pdf", "young_people/link-in/x.pdf", "link-loop/x.pdf", "missing/x.pdf",
             "young_people/missing/deeper/x.pdf", "moved/x.pdf"]
    for out in (real_out, linked_out):
        for name in names:
            expected = inside(out, name)
            got = WrittenFiles(out)._target(name)
            assert (got is not None) == (expected is not None), (out, name)
            if got is not None:
                assert Path(got) == expected


def test_the_sources_of_a_home_are_listed_as_rglob_would(tmp_path: Path) -> None:
    """The files a home's documents depend on, listed with scandir: the same as Path.rglob('*') keeping
    files (links to files too), leaving out names and folders that start with a dot and not following
    links to folders."""
    import os

    from mfc_docs.pipeline import HOME_CONFIG, source_files

    home = tmp_path / "home"
    (home / "young_people" / "alex" / "notes").mkdir(parents=True)
    (home / "young_people" / ".hidden").mkdir()
    (home / "templates").mkdir()
    (home / HOME_CONFIG).write_text("home: {}\n", encoding="utf-8")
    for name in ("young_people/alex/profile.yaml", "young_people/alex/photo.jpg", "young_people/alex/notes/a.txt",
                 "young_people/alex/.swp", "young_people/.hidden/x.yaml", "templates/police_pack.docx"):
        (home / name).write_bytes(b"x")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "outside.yaml").write_bytes(b"x")
    (home / "young_people" / "linked-folder").symlink_to(elsewhere)
    (home / "young_people" / "alex" / "linked-file.yaml").symlink_to(elsewhere / "outside.yaml")
    (home / "young_people" / "alex" / "dangling.yaml").symlink_to(tmp_path / "nothing")
    os.mkfifo(home / "young_people" / "alex" / "a-fifo")
    by_rglob = [home / HOME_CONFIG]
    for folder in (home / "young_people", home / "templates"):
        by_rglob += [p for p in folder.rglob("*") if p.is_file() and not any(
            part.startswith(".") for part in p.relative_to(home).parts)]
    assert source_files(home) == sorted(by_rglob)
    assert home / "young_people/alex/linked-file.yaml" in source_files(home)
    (home / HOME_CONFIG).unlink()
    assert source_files(home) == sorted(p for p in by_rglob if p.exists())
