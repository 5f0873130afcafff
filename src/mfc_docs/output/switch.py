"""The switch from old to new output: all or nothing, even after a kill.

Everything is rendered in memory first. Files are then written into a staging
folder at the top of the output folder; a journal naming every file to move is
written; every file is moved into place (the file it replaces is moved aside
first), the manifest last; then the journal is deleted. The journal is the
switch: until it exists, the old output is untouched; once it exists, the
switch is finished, by this run or (after a kill or a power cut) by the next
run, before it does anything else. SIGINT, SIGTERM and SIGHUP wait until the
switch is over.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import signal
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .files import (BACKUP_PREFIX, JOURNAL, MANIFEST, OWN_LEFTOVER, STAGING_PREFIX, OutputError, explain_os_error,
                    fsync, inside, make_private_dir, safe_relative, write_private_file)
from .manifest import file_stat

def _step(name: str) -> None:
    """Called at every step of the switch; tests replace it to stop the switch there (as a kill would)."""


@contextlib.contextmanager
def _uninterrupted() -> Iterator[None]:
    """Hold Ctrl-C, SIGTERM and SIGHUP until the block is over, then act on them.

    The block is renames only (a fraction of a second even for a provider's thousand documents),
    so waiting for it is better than leaving old and new documents mixed.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous: dict[int, object] = {}
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is None:
            continue
        try:
            previous[number] = signal.signal(number, lambda signum, frame: received.append(signum))
        except (ValueError, OSError):
            pass
    try:
        yield
    finally:
        for number, handler in previous.items():
            with contextlib.suppress(ValueError, OSError, TypeError):
                signal.signal(number, handler)  # type: ignore[arg-type]
        if received:
            if received[0] == signal.SIGINT:
                raise KeyboardInterrupt
            os.kill(os.getpid(), received[0])


@dataclass(frozen=True)
class OutputFile:
    relative_path: str
    data: bytes


def _staging_name(pid: int) -> str:
    return f"{STAGING_PREFIX}{pid}"


def stage_file(out_dir: Path, relative: str, data: bytes) -> Path:
    """Write ``data`` into this process's staging folder at the top of ``out_dir``."""
    staged = out_dir / _staging_name(os.getpid()) / relative
    write_private_file(staged, data)
    return staged


def commit_files(out_dir: Path, files: Iterable[OutputFile], manifest: dict | None, remove: Iterable[str] = (),
                 ) -> None:
    """Stage every file, then switch them all into place at once (with the manifest, when given).

    Call with the lock held. An error before the switch changes nothing; an error during it
    puts the old files back; a kill during it is finished by the next run (see :func:`recover`).
    """
    files = list(files)
    unchanged = " Nothing in the output folder was changed."
    pid = os.getpid()
    staging = out_dir / _staging_name(pid)
    backup = out_dir / f"{BACKUP_PREFIX}{pid}"
    moves: list[str] = []
    try:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(backup, ignore_errors=True)
        make_private_dir(staging)
        for item in files:
            relative = safe_relative(item.relative_path)
            if relative is None or relative in (MANIFEST, JOURNAL):
                raise OutputError(f"refusing to write {item.relative_path!r}: not a path inside the output folder.")
            write_private_file(staging / relative, item.data)
            moves.append(relative)
        if manifest is not None:
            # Each document's size and time as written (a rename keeps them): the next run can see
            # cheaply that a file is still the one the manifest describes.
            for entry in manifest.get("documents", []):
                if entry.get("path") in moves:
                    entry["stat"] = file_stat(staging / entry["path"])
            write_private_file(staging / MANIFEST, (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode())
            moves.append(MANIFEST)
        removals = [r for r in remove if inside(out_dir, r) is not None and r not in moves]
        # Every document's place is checked (and its folder made) before the first is moved in,
        # so a folder that cannot be written stops the build with the old documents all in place.
        for relative in moves:
            _check_writable(out_dir, out_dir / relative)
        journal = {"format": 1, "staging": staging.name, "backup": backup.name, "moves": moves, "remove": removals}
        write_private_file(staging / JOURNAL, json.dumps(journal).encode())
        fsync(staging / JOURNAL)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(explain_os_error(exc, out_dir) + unchanged) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    with _uninterrupted():
        try:
            os.replace(staging / JOURNAL, out_dir / JOURNAL)  # the switch starts: from here, the new output wins
            fsync(out_dir)
            _step("journal written")
            _apply(out_dir, journal)
        except OSError as exc:
            problem = explain_os_error(exc, out_dir)
            try:
                _roll_back(out_dir, journal)
            except OSError:
                raise OutputError(f"{problem} The switch to the new documents could not be finished or undone; "
                                  "run the command again to finish it.") from None
            raise OutputError(problem + unchanged) from None
        (out_dir / JOURNAL).unlink()
        _step("journal removed")
        shutil.rmtree(backup, ignore_errors=True)
        shutil.rmtree(staging, ignore_errors=True)
        for relative in removals:
            _remove_empty_parents(out_dir / relative, out_dir)


def _apply(out_dir: Path, journal: dict) -> None:
    """Move every staged file into place, the file it replaces aside first. Safe to run again after a kill."""
    staging, backup = out_dir / journal["staging"], out_dir / journal["backup"]
    for relative in journal["moves"]:
        staged, target, old = staging / relative, out_dir / relative, backup / relative
        if not os.path.lexists(staged) or inside(out_dir, relative) is None:
            continue  # moved in already (or a link planted since would lead it outside)
        if os.path.lexists(target) and not os.path.lexists(old):
            make_private_dir(old.parent)
            os.replace(target, old)
            _step(f"moved aside {relative}")
        make_private_dir(target.parent)
        os.replace(staged, target)
        _step(f"moved in {relative}")
    for relative in journal["remove"]:
        target, old = out_dir / relative, backup / relative
        if os.path.lexists(target) and not os.path.lexists(old) and inside(out_dir, relative) is not None:
            make_private_dir(old.parent)
            os.replace(target, old)
            _step(f"removed {relative}")


def _roll_back(out_dir: Path, journal: dict) -> None:
    """Undo a switch that failed part way: the old files back, the new ones out."""
    staging, backup = out_dir / journal["staging"], out_dir / journal["backup"]
    for relative in reversed(journal["moves"] + journal["remove"]):
        target, old = out_dir / relative, backup / relative
        if os.path.lexists(old):
            os.replace(old, target)
        elif relative in journal["moves"] and not os.path.lexists(staging / relative) and os.path.lexists(target):
            target.unlink()  # new, with no old file before it
    (out_dir / JOURNAL).unlink(missing_ok=True)
    shutil.rmtree(staging, ignore_errors=True)
    shutil.rmtree(backup, ignore_errors=True)


def _read_journal(out_dir: Path) -> dict | None:
    """The journal of a switch left half done, checked so that it can only name paths inside ``out_dir``."""
    path = out_dir / JOURNAL
    if not os.path.lexists(path):
        return None
    try:
        if not path.is_file() or path.is_symlink() or path.stat().st_size > 50_000_000:
            raise ValueError
        journal = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(journal, dict):
            raise ValueError
        for key in ("staging", "backup"):
            name = journal.get(key)
            if not isinstance(name, str) or not OWN_LEFTOVER.fullmatch(name):
                raise ValueError
        for key in ("moves", "remove"):
            if not isinstance(journal.get(key), list) or any(safe_relative(p) != p for p in journal[key]):
                raise ValueError
    except (OSError, ValueError):
        raise OutputError(f"{path} is not a journal mfc-docs can read, so a switch to new documents that was "
                          "interrupted cannot be finished. Move that file away and run the build with --force.") from None
    return journal


def switch_pending(out_dir: Path) -> bool:
    """Whether a switch was left half done (the next command holding the lock finishes it)."""
    return os.path.lexists(Path(out_dir) / JOURNAL)


def recover(out_dir: Path) -> bool:
    """Finish a switch a killed run left half done. Call with the lock held. True when there was one."""
    journal = _read_journal(out_dir)
    if journal is None:
        return False
    with _uninterrupted():
        try:
            _apply(out_dir, journal)
        except OSError as exc:
            try:
                _roll_back(out_dir, journal)
            except OSError:
                raise OutputError(explain_os_error(exc, out_dir) + " An interrupted switch to new documents could "
                                  "not be finished; fix that and run the command again.") from None
            return True
        (out_dir / JOURNAL).unlink(missing_ok=True)
    shutil.rmtree(out_dir / journal["backup"], ignore_errors=True)
    shutil.rmtree(out_dir / journal["staging"], ignore_errors=True)
    for relative in journal["remove"]:
        _remove_empty_parents(out_dir / relative, out_dir)
    return True


def _check_writable(out_dir: Path, target: Path) -> None:
    """Raise the error a move to ``target`` would meet: a folder in its way, a link out, a folder that cannot be written."""
    make_private_dir(target.parent, within=out_dir)
    if target.is_dir() and not target.is_symlink():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
    if not os.access(target.parent, os.W_OK | os.X_OK):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(target.parent))


def _remove_empty_parents(path: Path, stop: Path) -> None:
    parent = path.parent
    with contextlib.suppress(OSError):
        while parent != stop and stop in parent.parents and parent.is_dir() and not parent.is_symlink() \
                and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent
