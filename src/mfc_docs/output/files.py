"""Writing documents safely: all or nothing, owner-only, one build at a time.

Everything is rendered in memory first. Files are then written into a staging
folder inside the output folder and moved into place only once every one of
them was written; the manifest is replaced last. A failure or an interruption
before that point leaves the previous documents exactly as they were. The
files describe children, so they are created readable by their owner only.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

MANIFEST = "manifest.json"
LOCK = ".mfc-docs.lock"
STAGING_PREFIX = ".staging-"
FILE_MODE = 0o600
DIR_MODE = 0o700


class OutputError(Exception):
    """A build could not write its output; the message says why and what to do."""


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


def make_private_dir(path: Path) -> None:
    """Create ``path`` and its missing parents as owner-only folders."""
    missing = []
    current = path
    while not current.exists():
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        folder.mkdir(mode=DIR_MODE)
        os.chmod(folder, DIR_MODE)  # mkdir's mode is filtered by the umask


def write_private_file(path: Path, data: bytes) -> None:
    """Write a new owner-only file (0600) in one go."""
    make_private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
    finally:
        os.close(fd)


def replace_file_atomically(path: Path, data: bytes) -> None:
    """Write beside ``path`` then rename over it: readers see the old file or the new one, never half."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    write_private_file(temporary, data)
    os.replace(temporary, path)


_HELD_LOCKS: set[int] = set()  # descriptors of the locks this process holds


def worker_initializer() -> None:
    """Run first in every worker process a build forks.

    A forked worker inherits the parent's open lock; if the parent were killed, the
    workers would keep the home locked until they finished. So a worker lets go of
    inherited locks at once and asks to be stopped when its parent dies (Linux).
    """
    for fd in list(_HELD_LOCKS):
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD_LOCKS.clear()
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):  # not Linux: workers finish their current document and stop
        pass


class BuildLock:
    """Only one build may change an output folder at a time (``report`` takes no lock: it adds a new folder)."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self.path = out_dir / LOCK
        self._fd: int | None = None

    def __enter__(self) -> "BuildLock":
        self._created = not self.out_dir.exists()
        try:
            make_private_dir(self.out_dir)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, FILE_MODE)
        except OSError as exc:
            raise OutputError(explain_os_error(exc, self.out_dir)) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
            os.close(fd)
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                detail = f" ({holder})" if holder else ""
                raise OutputError(f"another mfc-docs build is writing to {self.out_dir} right now{detail}. "
                                  "Wait for it to finish, then run this command again.") from None
            raise
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"process {os.getpid()}, started {time.strftime('%H:%M:%S')}".encode(), 0)
        self._fd = fd
        _HELD_LOCKS.add(fd)
        _remove_abandoned_staging(self.out_dir)
        return self

    def __exit__(self, *exc_info) -> None:
        if self._fd is not None:
            _HELD_LOCKS.discard(self._fd)
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
        # A first build that failed leaves no empty output folder behind.
        if self._created and [p.name for p in self.out_dir.iterdir()] == [LOCK]:
            self.path.unlink(missing_ok=True)
            self.out_dir.rmdir()


def _remove_abandoned_staging(out_dir: Path) -> None:
    """A build that was killed leaves its staging folder; we hold the lock, so no one else is using it."""
    for leftover in out_dir.glob(f"{STAGING_PREFIX}*"):
        shutil.rmtree(leftover, ignore_errors=True)
    for leftover in out_dir.rglob(".*.tmp"):
        leftover.unlink(missing_ok=True)


@dataclass(frozen=True)
class OutputFile:
    relative_path: str
    data: bytes


def commit_files(out_dir: Path, files: Iterable[OutputFile], manifest: dict, remove: Iterable[str] = ()) -> None:
    """Stage every file, then move them all into place, then the manifest. Call with the lock held."""
    files = list(files)
    unchanged = " Nothing in the output folder was changed."
    staging = out_dir / f"{STAGING_PREFIX}{os.getpid()}"
    try:
        if staging.exists():
            shutil.rmtree(staging)
        make_private_dir(staging)
        for item in files:
            write_private_file(staging / item.relative_path, item.data)
        # Every document's place is checked (and its folder made) before the first is moved in,
        # so a folder that cannot be written stops the build with the old documents all in place.
        for item in files:
            _check_writable(out_dir / item.relative_path)
        _check_writable(out_dir / MANIFEST)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(explain_os_error(exc, out_dir) + unchanged) from None
    moved = 0
    try:
        for item in files:
            os.replace(staging / item.relative_path, out_dir / item.relative_path)
            moved += 1
        replace_file_atomically(out_dir / MANIFEST,
                                (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode())
    except OSError as exc:  # checked above, so only something that changed meanwhile
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(explain_os_error(exc, out_dir) + f" {moved} of {len(files)} documents had already been "
                          "replaced; run the build again to bring them all up to date.") from None
    for relative in remove:
        (out_dir / relative).unlink(missing_ok=True)
        _remove_empty_parents(out_dir / relative, out_dir)
    shutil.rmtree(staging, ignore_errors=True)


def _check_writable(target: Path) -> None:
    """Raise the OSError a move to ``target`` would meet: a folder in its way, or a folder that cannot be written."""
    make_private_dir(target.parent)
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
    if not os.access(target.parent, os.W_OK | os.X_OK):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(target.parent))


def _remove_empty_parents(path: Path, stop: Path) -> None:
    parent = path.parent
    while parent != stop and parent.is_dir() and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent


def read_manifest(out_dir: Path) -> dict:
    """The previous build's manifest, or an empty one when there is none or it is unreadable."""
    try:
        manifest = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
        return manifest if isinstance(manifest, dict) else {}
    except (OSError, ValueError):
        return {}
