"""The manifest: what the last build wrote, read back so that it can never point outside the output folder."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from .files import JOURNAL, MANIFEST, safe_relative, sha256_file

def read_manifest(out_dir: Path) -> dict:
    """The previous build's manifest, or an empty one when there is none or it is unreadable.

    Entries that are not objects, or whose path would leave the output folder, are dropped:
    a hand-edited manifest can never make a build delete or trust anything outside.
    """
    path = os.path.join(out_dir, MANIFEST)
    try:
        info = os.lstat(path)  # a link, a folder or a huge file is no manifest
        if not stat.S_ISREG(info.st_mode) or info.st_size > 200_000_000:
            return {}
        with open(path, "rb") as handle:
            manifest = json.loads(handle.read().decode("utf-8"))  # (a raw CR is JSON's white space or an error)
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
    return WrittenFiles(out_dir).as_written(entry)


class WrittenFiles:
    """:func:`is_as_written` for many entries of one output folder, looking at each folder once.

    Whether a file is inside the output folder depends only on the folders on its way
    (``inside``); a home's 50 documents sit in a handful of folders, so each folder is
    checked, and resolved, once per check rather than once per file. Each file is still
    looked at (``lstat``): a link or a missing file is never taken as written. Folders are
    remembered only for one check of one folder: make a new one for each check.
    """

    def __init__(self, out_dir: Path):
        self.out_dir = Path(out_dir)
        self._out = os.fspath(self.out_dir)
        self._folders: dict[str, bool] = {}  # the folder part of a path -> whether it is really inside
        self._links: dict[str, bool] = {}  # a folder on the way -> whether it is a symbolic link

    def _target(self, relative: object) -> str | None:
        relative = safe_relative(relative)
        if relative is None:
            return None
        folder, _, _ = relative.rpartition("/")
        ok = self._folders.get(folder)
        if ok is None:
            ok = self._folders[folder] = self._inside(folder)
        return os.path.join(self._out, relative) if ok else None  # a string: no Path made per file

    def _inside(self, folder: str) -> bool:
        """What ``inside`` answers for any file in ``folder``, with strings, each folder on the way
        looked at once (a home's folders share young_people/): no symbolic link between the output
        folder and the file. ``folder`` is a safe relative path (no '..', no '.', no empty part),
        so with no link on the way it cannot resolve anywhere but inside the output folder."""
        path = self._out
        for part in folder.split("/") if folder else ():
            path = os.path.join(path, part)
            link = self._links.get(path)
            if link is None:
                link = self._links[path] = os.path.islink(path)
            if link:
                return False
        return True

    def as_written(self, entry: dict) -> bool:
        target = self._target(entry.get("path", ""))
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
