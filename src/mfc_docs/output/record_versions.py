"""What a write to one of the home's files knows: the file as the page saw it, what changed since, one writer.

A page is built from one version of a file (its hash). When a form comes back, the file is read
again: a change this process wrote since (another tab) can be merged; a change not made through
this process (a hand edit) is never overwritten, and ``what_changed`` shows it. ``RecordsLock``
makes the whole home one writer at a time: threads of this server and any other process.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from filelock import FileLock

from ..problems import Problem
from .files import make_private_dir, write_private_file

LOCK_NAME = ".mfc-docs-records.lock"


class RecordError(Exception):
    """A write was refused; ``problems`` (from the strict loader) or ``changes`` (a diff) say why."""

    def __init__(self, message: str, problems: list[Problem] | None = None, changes: list[str] | None = None,
                 existing: bool = False):
        super().__init__(message)
        self.message = message
        self.problems = problems or []
        self.changes = changes or []
        self.existing = existing  # the file was already wrong before this change: what was typed is not the cause


@dataclass(frozen=True)
class Version:
    """The file as a page was built from it: its text and hash ("" when the file does not exist yet)."""

    text: str
    sha: str
    bom: bool = False  # saved by Notepad with a byte-order mark: kept

    @property
    def exists(self) -> bool:
        return self.sha != ""


@dataclass
class WriteResult:
    path: Path
    before: str
    after: str
    merged: bool  # applied on top of changes another tab made since the page was loaded
    episode_index: int


# What this process wrote (before -> after hash) and recent texts by hash, per file: how a write tells
# "another tab added a log entry" (merge) from "someone edited the file by hand" (refuse, show the change).
WRITTEN: dict[str, dict[str, str]] = {}


TEXTS: "OrderedDict[str, str]" = OrderedDict()


PROCESS_LOCK = threading.Lock()


# The layout of texts this process wrote (by hash): the next write to the same file needs no trial dumps.
LAYOUT_OF: "OrderedDict[str, tuple[int, int, int]]" = OrderedDict()


def sha_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def remember_text(text: str, sha: str) -> None:
    with PROCESS_LOCK:
        TEXTS[sha] = text
        TEXTS.move_to_end(sha)
        while len(TEXTS) > 200:
            TEXTS.popitem(last=False)


def encoded_like(text: str, *, crlf: bool, bom: bool) -> tuple[str, bytes]:
    """The new text with the file's own line ends and byte-order mark: (text as written, its bytes)."""
    if crlf:
        text = text.replace("\n", "\r\n")
    data = ("\ufeff" if bom else "") + text
    return data, data.encode("utf-8")


def replace_after_check(path: Path, raw: bytes, check: Callable[[Path], None], *, keep_mode: bool,
                        display: str = "") -> None:
    """Write ``raw`` beside ``path``, let ``check`` read it back as `validate` would (it raises to refuse),
    then replace ``path`` in one step; a refused or failed write leaves the file and no temporary behind.

    A file that is a link is refused: replacing it would leave the file it points to (a copy kept in a
    synced folder) with the old details, and writing through it would write outside the home.
    """
    if path.is_symlink():
        raise RecordError(f"{display or path.name} is a link to {os.path.realpath(path)}, so nothing was written: "
                          "saving would replace the link with a copy, and the file it points to would keep the old "
                          "details. Put a copy of the file itself in place of the link, then try again.",
                          existing=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        write_private_file(temporary, raw)
        check(temporary)
        if keep_mode:
            os.chmod(temporary, os.stat(path).st_mode & 0o777)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def remember_written(data: str, sha: str, layout: tuple[int, int, int]) -> None:
    """The text and layout of what this process just wrote, so the next write to it needs no trial dumps."""
    remember_text(data, sha)
    with PROCESS_LOCK:
        LAYOUT_OF[sha] = layout
        while len(LAYOUT_OF) > 200:
            LAYOUT_OF.popitem(last=False)


def read_version(path: Path) -> Version:
    """The file's current text and hash, remembered so a later refusal can show what changed."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        return Version("", "")
    text = raw.decode("utf-8-sig", errors="replace")
    sha = sha_of(raw)
    remember_text(text, sha)
    return Version(text, sha, raw.startswith(b"\xef\xbb\xbf"))


def _lock_path(out_dir: Path) -> Path:
    return Path(out_dir) / LOCK_NAME


class RecordsLock:
    """One writer at a time for the whole home: threads of this server and any other process."""

    def __init__(self, out_dir: Path):
        self.out_dir = Path(out_dir)

    def __enter__(self):
        make_private_dir(self.out_dir)
        # filelock, as the build lock: the same code on Windows, macOS and Linux. A new FileLock per
        # entry, so two threads of the server exclude each other as two processes do.
        self.lock = FileLock(str(_lock_path(self.out_dir)), mode=0o600)
        self.lock.acquire()
        from .audit import audit_log_problem

        problem = audit_log_problem(self.out_dir)  # checked before any record changes, not after
        if problem:
            self.lock.release()
            raise RecordError(problem)
        return self

    def __exit__(self, *exc):
        self.lock.release()


def written_since(path: Path, base: str, current: str) -> bool:
    """Whether every change from ``base`` to ``current`` was written by this process (another tab)."""
    chain = WRITTEN.get(str(path), {})
    seen = set()
    step = base
    while step in chain and step not in seen:
        seen.add(step)
        step = chain[step]
        if step == current:
            return True
    return False


def what_changed(before_sha: str, now: Version) -> list[str]:
    """The lines that differ between the version a page was built from and the file now (a unified diff)."""
    before = TEXTS.get(before_sha)
    if before is None:
        return []
    diff = difflib.unified_diff(before.splitlines(), now.text.splitlines(), "as the page was loaded", "now",
                                lineterm="", n=1)
    return list(diff)[2:][:80]
