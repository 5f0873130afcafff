"""Writing documents safely: all or nothing, owner-only, one build at a time, never outside the output folder.

Everything is rendered in memory first. Files are then written into a staging
folder at the top of the output folder; a journal naming every file to move is
written; every file is moved into place (the file it replaces is moved aside
first), the manifest last; then the journal is deleted. The journal is the
switch: until it exists, the old output is untouched; once it exists, the
switch is finished, by this run or (after a kill or a power cut) by the next
run, before it does anything else. SIGINT, SIGTERM and SIGHUP wait until the
switch is over. The files describe children, so every file is created 0600
and every folder mfc-docs writes into is 0700.

Nothing outside the output folder is written or deleted: paths from a manifest
or a journal are checked, a folder inside the output that is a symbolic link
stops the build, and clean-up removes only the names this tool makes, at the
top of the output folder, of processes that are no longer running.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import shutil
import signal
import stat
import threading
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable, Iterator

from ..problems import MfcError

MANIFEST = "manifest.json"
LOCK = ".mfc-docs.lock"
JOURNAL = ".mfc-docs-journal.json"
STAGING_PREFIX = ".mfc-docs-staging-"
BACKUP_PREFIX = ".mfc-docs-backup-"
# Names this tool makes at the top of an output folder: <prefix><pid>. Older versions used ".staging-<pid>".
_OWN_LEFTOVER = re.compile(r"(?:\.mfc-docs-staging-|\.mfc-docs-backup-|\.staging-)(\d{1,10})")
_OLD_MANIFEST_TEMP = re.compile(r"\.manifest\.json\.(\d{1,10})\.tmp")
FILE_MODE = 0o600
DIR_MODE = 0o700


class OutputError(MfcError):
    """A command could not write its output; the message says why and what to do."""


def explain_os_error(exc: OSError, folder: Path) -> str:
    """Why the output could not be written, in words a manager can act on."""
    where = exc.filename or folder
    reasons = {
        errno.ENOSPC: "the disk is full. Free some space",
        errno.EDQUOT: "your disk quota is full. Free some space",
        errno.EROFS: "that disk can only be read, not written. Choose another output folder with -o",
        errno.EACCES: "you are not allowed to write there. Choose another output folder with -o",
        errno.EPERM: "you are not allowed to write there. Choose another output folder with -o",
        errno.ENOTDIR: "part of that path is a file, not a folder. Choose another output folder with -o",
        errno.EEXIST: "a file is in the way where a folder should be. Move it or choose another output folder with -o",
        errno.EISDIR: "a folder is in the way where a file should be. Move it or choose another output folder with -o",
        errno.ENAMETOOLONG: "the path is too long for this system. Choose an output folder with a shorter path",
        errno.ELOOP: "a symbolic link in that path points back on itself. Choose another output folder with -o",
    }
    reason = reasons.get(exc.errno, f"{exc.strerror or exc}. Check the output folder")
    return f"could not write to {where}: {reason}, then run the command again."


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _tighten(folder: Path) -> None:
    """Make an existing folder owner-only (only one we own: chmod of another user's folder fails anyway)."""
    try:
        info = os.stat(folder)
        if stat.S_IMODE(info.st_mode) != DIR_MODE and (not hasattr(os, "getuid") or info.st_uid == os.getuid()):
            os.chmod(folder, DIR_MODE)
    except OSError:
        pass


def make_private_dir(path: Path, *, within: Path | None = None) -> None:
    """Create ``path`` and its missing parents as owner-only folders.

    With ``within`` (the output folder), the folders from ``within`` down to ``path`` that
    already exist are made owner-only too, and none of them may be a symbolic link: a link
    planted inside the output folder would send the documents somewhere else.
    """
    if within is not None:
        for folder in _folders_between(within, path):
            if folder.is_symlink():
                raise OutputError(f"{folder} is a symbolic link; mfc-docs writes only into real folders inside the "
                                  "output folder. Delete the link, then run the command again.")
    missing = []
    current = path
    while not current.exists():
        if current.is_symlink():  # a dangling link where a folder should be
            raise OutputError(f"{current} is a symbolic link, not a folder; mfc-docs writes only into real folders "
                              "inside the output folder. Delete the link, then run the command again.")
        missing.append(current)
        current = current.parent
    if not current.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(current))
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:  # another thread or process made it a moment ago: fine if it is a real folder
            if folder.is_symlink() or not folder.is_dir():
                raise
        os.chmod(folder, DIR_MODE)  # mkdir's mode is filtered by the umask
    if within is not None:
        for folder in _folders_between(within, path):
            _tighten(folder)


def _folders_between(top: Path, path: Path) -> list[Path]:
    """``top`` and each folder under it down to ``path`` (empty when ``path`` is not under ``top``)."""
    try:
        relative = path.relative_to(top)
    except ValueError:
        return []
    folders = [top]
    for part in relative.parts:
        folders.append(folders[-1] / part)
    return folders


def write_private_file(path: Path, data: bytes) -> None:
    """Write a new owner-only file (0600) in one go."""
    make_private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), FILE_MODE)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, FILE_MODE)
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
    finally:
        os.close(fd)


def _fsync(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# --------------------------------------------------------------------------
# Where output may go
# --------------------------------------------------------------------------


def guard_output_folder(home_root: Path, out_dir: Path) -> None:
    """Refuse an output folder where documents would mix with the home's own files. One rule, every command.

    Documents go into ``young_people/<id>/`` of the output folder, so the home folder itself, anything
    inside its young_people/ or templates/ folders, or a folder whose young_people/ holds the home, would
    put generated files where the next run reads a child's data or a template.
    """
    home = Path(home_root).resolve()
    out = Path(out_dir).resolve()
    why = None
    if out == home:
        why = ("it is the home's own folder: the documents would be written into young_people/ beside each "
               "child's files. Leave out -o to use HOME/output, or choose another folder")
    else:
        for name in ("young_people", "templates"):
            inner = home / name
            if out == inner or inner in out.parents:
                why = (f"it is inside {name}/, which holds the home's own files (they would be read back next time). "
                       "Choose another folder")
                break
        for name in ("young_people", "dashboard"):
            if out / name == home or (out / name) in home.parents:
                why = f"the home's own folder is inside its {name}/ folder, where documents are written. Choose another folder"
    if why:
        raise OutputError(f"mfc-docs will not write documents to {out_dir}: {why}.")


def safe_relative(relative: object) -> str | None:
    """A path from a manifest or journal, when it stays inside the output folder; None otherwise.

    Only plain relative paths of ordinary names: no absolute path, no drive, no '..', no
    backslash, no control character, no empty part.
    """
    if not isinstance(relative, str) or not relative or len(relative) > 1000:
        return None
    if "\\" in relative or ":" in relative or any(ord(c) < 32 or ord(c) == 127 for c in relative):
        return None
    pure = PurePosixPath(relative)
    if pure.is_absolute() or any(part in ("", ".", "..") for part in relative.split("/")):
        return None
    return pure.as_posix()


def inside(out_dir: Path, relative: str) -> Path | None:
    """``out_dir / relative`` when it is really inside ``out_dir`` (no symbolic link on the way out)."""
    relative = safe_relative(relative)
    if relative is None:
        return None
    target = out_dir / relative
    for folder in _folders_between(out_dir, target.parent)[1:]:
        if folder.is_symlink():
            return None
    try:
        out = out_dir.resolve()
        if out != target.parent.resolve() and out not in target.parent.resolve().parents:
            return None
    except (OSError, RuntimeError):
        return None
    return target


# --------------------------------------------------------------------------
# One command at a time
# --------------------------------------------------------------------------

_HELD_LOCKS: set[int] = set()  # descriptors of the locks this process holds


def worker_initializer() -> None:
    """Run first in every worker process a build starts.

    A forked worker inherits the parent's open lock; if the parent were killed, the
    workers would keep the home locked until they finished. So a worker lets go of
    inherited locks at once and asks to be stopped when its parent dies (Linux). A
    worker started with 'spawn' inherits nothing; the request to stop still matters.
    """
    for fd in list(_HELD_LOCKS):
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD_LOCKS.clear()
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError, TypeError):  # not Linux: workers finish their current document and stop
        pass


class BuildLock:
    """Only one build or dashboard may change an output folder at a time.

    ``report`` takes no lock: it only adds a new folder, and must never wait for a build.
    Entering it also guards the folder (with ``home_root``), makes it owner-only, finishes
    a switch a killed run left half done, and removes what killed runs of this tool left.
    """

    def __init__(self, out_dir: Path, home_root: Path | None = None):
        self.out_dir = Path(out_dir)
        self.home_root = home_root
        self.path = self.out_dir / LOCK
        self._lock = None

    def __enter__(self) -> "BuildLock":
        from filelock import FileLock, Timeout

        if self.home_root is not None:
            guard_output_folder(self.home_root, self.out_dir)
        self._created = not self.out_dir.exists()
        try:
            make_private_dir(self.out_dir)
            _tighten(self.out_dir)
            lock = FileLock(str(self.path), timeout=0, mode=FILE_MODE)
            lock.acquire()
        except Timeout:
            raise OutputError(f"another mfc-docs build is writing to {self.out_dir} right now. "
                              "Wait for it to finish, then run this command again.") from None
        except OSError as exc:
            raise OutputError(explain_os_error(exc, self.out_dir)) from None
        self._lock = lock
        fd = getattr(getattr(lock, "_context", None), "lock_file_fd", None)
        if fd is not None:
            _HELD_LOCKS.add(fd)
        try:
            recover(self.out_dir)
            remove_abandoned(self.out_dir)
        except BaseException:
            self._release()
            raise
        return self

    def _release(self) -> None:
        if self._lock is not None:
            fd = getattr(getattr(self._lock, "_context", None), "lock_file_fd", None)
            _HELD_LOCKS.discard(fd)
            with contextlib.suppress(OSError):
                self._lock.release()
            self._lock = None

    def __exit__(self, *exc_info) -> None:
        self._release()
        # A first build that failed leaves no empty output folder behind.
        with contextlib.suppress(OSError):
            if self._created and [p.name for p in self.out_dir.iterdir()] == [LOCK]:
                self.path.unlink(missing_ok=True)
                self.out_dir.rmdir()


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name == "nt":  # pragma: no cover - Windows
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        ctypes.windll.kernel32.CloseHandle(handle)
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def leftovers(out_dir: Path) -> list[str]:
    """Names at the top of ``out_dir`` that a run of mfc-docs made and did not remove (it was killed)."""
    try:
        names = os.listdir(out_dir)
    except OSError:
        return []
    return [name for name in names if (_OWN_LEFTOVER.fullmatch(name) or _OLD_MANIFEST_TEMP.fullmatch(name))]


def remove_abandoned(out_dir: Path) -> list[str]:
    """Remove what killed runs of mfc-docs left at the top of ``out_dir``; returns the names removed.

    Only exact names this tool makes (``.mfc-docs-staging-<pid>``, ``.mfc-docs-backup-<pid>``,
    and the older ``.staging-<pid>`` and ``.manifest.json.<pid>.tmp``), only at the top level,
    only of processes no longer running. Other programs' files are never touched.
    """
    removed = []
    try:
        entries = list(os.scandir(out_dir))
    except OSError:
        return removed
    for entry in entries:
        match = _OWN_LEFTOVER.fullmatch(entry.name) or _OLD_MANIFEST_TEMP.fullmatch(entry.name)
        if not match or _pid_alive(int(match.group(1))):
            continue
        path = Path(entry.path)
        if entry.is_symlink() or not entry.is_dir(follow_symlinks=False):
            path.unlink(missing_ok=True)
        else:
            shutil.rmtree(path, ignore_errors=True)
        removed.append(entry.name)
    return removed


# --------------------------------------------------------------------------
# The switch from old to new output
# --------------------------------------------------------------------------


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
        _fsync(staging / JOURNAL)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(explain_os_error(exc, out_dir) + unchanged) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    with _uninterrupted():
        try:
            os.replace(staging / JOURNAL, out_dir / JOURNAL)  # the switch starts: from here, the new output wins
            _fsync(out_dir)
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
            if not isinstance(name, str) or not _OWN_LEFTOVER.fullmatch(name):
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


# --------------------------------------------------------------------------
# A new folder (a report): never overwriting anything
# --------------------------------------------------------------------------


def new_private_folder(parent: Path, names: Callable[[int], str], *, within: Path) -> Path:
    """Create a folder that did not exist before in ``parent`` (``names(1)``, ``names(2)``, ...)."""
    make_private_dir(parent, within=within)
    for attempt in range(1, 1000):
        folder = parent / names(attempt)
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:
            continue
        os.chmod(folder, DIR_MODE)
        return folder
    raise OutputError(f"could not create a new folder in {parent}: 999 folders of that name already exist.")


def write_new_file(out_dir: Path, path: Path, data: bytes) -> None:
    """Write ``path`` (which must not exist) so that nobody ever sees it half written."""
    staged = stage_file(out_dir, f"new-{path.name}", data)
    try:
        if os.path.lexists(path):
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path))
        os.replace(staged, path)
    finally:
        staged.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            staged.parent.rmdir()


# --------------------------------------------------------------------------
# The manifest
# --------------------------------------------------------------------------


def read_manifest(out_dir: Path) -> dict:
    """The previous build's manifest, or an empty one when there is none or it is unreadable.

    Entries that are not objects, or whose path would leave the output folder, are dropped:
    a hand-edited manifest can never make a build delete or trust anything outside.
    """
    path = Path(out_dir) / MANIFEST
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size > 200_000_000:
            return {}
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    if not isinstance(manifest, dict):
        return {}
    documents = manifest.get("documents")
    manifest["documents"] = [
        entry for entry in (documents if isinstance(documents, list) else [])
        if isinstance(entry, dict) and isinstance(entry.get("path"), str)
        and safe_relative(entry["path"]) == entry["path"] and entry["path"] not in (MANIFEST, JOURNAL)
    ]
    for key in ("sources", "source_stats"):
        if not isinstance(manifest.get(key), dict):
            manifest.pop(key, None)
    return manifest


def file_stat(path: Path) -> list[int] | None:
    """Size and modification time of an output file, to see cheaply that it is the one written."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns] if stat.S_ISREG(info.st_mode) else None


def is_as_written(out_dir: Path, entry: dict) -> bool:
    """Whether the file a manifest entry describes is there and is exactly the one written.

    Trusts size and modification time when they are as recorded (as make does); otherwise
    reads the file and compares its sha256.
    """
    target = inside(out_dir, entry.get("path", ""))
    if target is None:
        return False
    now = file_stat(target)
    if now is None:
        return False
    if entry.get("stat") == now:
        return True
    try:
        return entry.get("sha256") == sha256_file(target)
    except OSError:
        return False
