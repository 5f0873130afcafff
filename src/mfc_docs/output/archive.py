"""The archive of a child's documents as they stood before a review replaced them, or when the child left.

Case records are kept until the child's 75th birthday, so nothing here is ever deleted by
mfc-docs: the archive is not in the build's manifest (so ``build --prune`` cannot name it), and
``cleanup`` removes only its own leftover names at the top of the output folder.

Each archived version is one folder, ``archive/<child>/<stamp>/``, written whole or not at all
(built in a hidden ``.partial-<pid>-...`` folder beside it, then renamed):

- ``documents/``: the child's PDF and Word files that were current, byte for byte;
- ``source/``: the child's YAML as it was (profile.yaml, episodes.yaml), so later diffs
  are possible; ``reviewed/profile.yaml``: the profile as the review that replaced them left it
  (what the next review is compared with);
- ``record.json``: why (a review or the child leaving), who and when, each document's manifest
  entry and sha256, and the source hashes the manifest recorded beside the hashes of the copies.

A version is read back only through ``versions``/``version``, which check every name and path: a
request or a hand-edited record.json can never lead outside the archive.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .catalogue import police_packs
from .cleanup import _pid_alive
from .files import (FILE_MODE, OutputError, explain_os_error, inside, make_private_dir, safe_relative, sha256_bytes,
                    sha256_file, write_private_file)
from .manifest import is_as_written, read_manifest

ARCHIVE = "archive"
RECORD = "record.json"
PARTIAL_PREFIX = ".partial-"
CHILD_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")
STAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{6}(?:-\d{1,3})?")
_PARTIAL = re.compile(r"\.partial-(\d{1,10})-[0-9a-f]{8}")


@dataclass
class ArchivedFile:
    """One archived document: its manifest entry as it was, and where its copy is inside the version."""

    kind: str
    format: str
    title: str
    name: str  # the file's name, as it had in the output folder
    relative: str  # inside the version's folder, e.g. documents/nhung-risk-assessment.pdf
    sha256: str
    made: str  # when it was made (the file's time as written), ISO, or ""
    entry: dict = field(default_factory=dict)


@dataclass
class Version:
    """One archived version of a child's documents (read back from its record.json)."""

    child: str
    stamp: str
    folder: Path
    record: dict
    files: list[ArchivedFile]

    @property
    def archived_at(self) -> datetime:
        return datetime.fromisoformat(self.record["archived_at"])

    @property
    def why(self) -> str:
        return self.record.get("why", "")

    def file(self, relative: str) -> Path | None:
        """The copy of one archived file, when it is inside this version and still as archived."""
        wanted = next((f for f in self.files if f.relative == relative), None)
        if wanted is None:
            return None
        path = inside(self.folder, relative)
        if path is None or not path.is_file() or path.is_symlink() or sha256_file(path) != wanted.sha256:
            return None
        return path


def archive_root(out_dir: Path) -> Path:
    return Path(out_dir) / ARCHIVE


def child_folder(out_dir: Path, child_id: str) -> Path | None:
    """``archive/<child>`` when the id is a plain child id (never a path)."""
    if not isinstance(child_id, str) or not CHILD_ID.fullmatch(child_id):
        return None
    return archive_root(out_dir) / child_id


def _stamp(now: datetime, folder: Path) -> str:
    base = now.strftime("%Y-%m-%dT%H%M%S")
    stamp, n = base, 1
    while os.path.lexists(folder / stamp):
        stamp, n = f"{base}-{n}", n + 1
    return stamp


def _file_time(entry: dict, path: Path) -> str:
    try:
        from ..rules.dates import HOME_CLOCK  # the home's clock, as every other time in the records

        made = datetime.fromtimestamp(path.stat().st_mtime, HOME_CLOCK()).replace(tzinfo=None)
        return made.isoformat(timespec="seconds")
    except OSError:
        return ""


@dataclass
class StagedVersion:
    """A version being written: complete in its hidden folder, put in place by ``finish`` or dropped by ``discard``."""

    out_dir: Path
    child: str
    partial: Path
    record: dict

    def add_reviewed_profile(self, data: bytes) -> None:
        """The profile as the review left it: what the next review's "what changed" compares with."""
        write_private_file(self.partial / "reviewed" / "profile.yaml", data)
        self.record["reviewed_profile"] = {"copy": "reviewed/profile.yaml", "sha256": sha256_bytes(data)}

    def finish(self, now: datetime) -> Version:
        """Write the record and put the whole version in place with one rename."""
        folder = self.partial.parent
        try:
            write_private_file(self.partial / RECORD,
                               (json.dumps(self.record, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
            stamp = _stamp(now, folder)
            os.rename(self.partial, folder / stamp)
        except OSError as exc:
            self.discard()
            raise OutputError(explain_os_error(exc, folder)) from None
        found = version(self.out_dir, self.child, stamp)
        if found is None:  # pragma: no cover - just written
            raise OutputError(f"the archive {folder / stamp} could not be read back.")
        return found

    def discard(self) -> None:
        shutil.rmtree(self.partial, ignore_errors=True)


def stage_version(out_dir: Path, home_root: Path, child_id: str, sources: list[Path], *, why: str, event: dict,
                  now: datetime, include_reports: bool = False) -> StagedVersion:
    """Copy the child's current documents and source YAML into a hidden folder of the archive.

    The documents are the manifest's current (not stale) entries for the child whose file is
    still exactly as written; one that is missing or was changed since is named in the record
    instead, never silently left out. With ``include_reports`` (a child leaving), the police packs
    printed at each report are copied too. Nothing is written outside ``out_dir/archive/<child>/``.
    """
    out_dir, home_root = Path(out_dir), Path(home_root)
    folder = child_folder(out_dir, child_id)
    if folder is None:
        raise OutputError(f"'{child_id}' is not a child's id; nothing was archived.")
    try:
        make_private_dir(folder, within=out_dir)
        _remove_abandoned(folder)
        partial = folder / f"{PARTIAL_PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
        make_private_dir(partial)
        manifest = read_manifest(out_dir)
        documents, not_archived = [], []
        used: set[str] = set()
        for entry in manifest.get("documents", []):
            if entry.get("young_person") != child_id or entry.get("stale"):
                continue
            source = inside(out_dir, entry["path"])
            name = entry["path"].rsplit("/", 1)[-1]
            if source is None or not is_as_written(out_dir, entry) or name in used:
                not_archived.append({"path": entry["path"], "why": "missing, or changed since it was made"})
                continue
            used.add(name)
            data = source.read_bytes()
            relative = f"documents/{name}"
            write_private_file(partial / relative, data)
            documents.append({"archived_as": relative, "sha256": sha256_bytes(data),
                              "made": _file_time(entry, source), "manifest_entry": entry})
        if include_reports:
            for pack in police_packs(out_dir, child_id):
                path = inside(out_dir, pack.relative_path)
                data = path.read_bytes() if path is not None and path.is_file() and not path.is_symlink() else None
                if data is None or (pack.sha256 and sha256_bytes(data) != pack.sha256):
                    not_archived.append({"path": pack.relative_path, "why": "missing, or changed since it was made"})
                    continue
                relative = "documents/reports/" + pack.relative_path.split("/reports/", 1)[1].replace("/", "-")
                write_private_file(partial / relative, data)
                documents.append({"archived_as": relative, "sha256": sha256_bytes(data), "made": pack.made,
                                  "manifest_entry": {"kind": pack.kind, "format": pack.format, "title": pack.title,
                                                     "path": pack.relative_path, "sha256": pack.sha256}})
        copied = {}
        recorded = manifest.get("sources", {})
        for path in sources:
            path = Path(path)
            name = path.name
            if not path.is_file() or path.is_symlink() or not name.lower().endswith((".yaml", ".yml")):
                continue
            data = path.read_bytes()
            relative_to_home = path.relative_to(home_root).as_posix()
            write_private_file(partial / "source" / name, data)
            copied[relative_to_home] = {
                "copy": f"source/{name}",
                "sha256": sha256_bytes(data),
                "recorded_in_manifest": recorded.get(relative_to_home, ""),
                "same_as_documents": recorded.get(relative_to_home) == sha256_bytes(data),
            }
    except OSError as exc:
        raise OutputError(explain_os_error(exc, folder) + " Nothing was archived.") from None
    record = {
        "format": 1,
        "child": child_id,
        "why": why,
        "archived_at": now.isoformat(timespec="seconds"),
        "event": event,
        "documents_built_at": manifest.get("generated_at", ""),
        "tool_version": manifest.get("tool_version", ""),
        "documents": documents,
        "not_archived": not_archived,
        "sources": copied,
        "manifest_sources": {k: v for k, v in recorded.items() if k.startswith(f"young_people/{child_id}")},
    }
    return StagedVersion(out_dir, child_id, partial, record)


def _remove_abandoned(folder: Path) -> None:
    """Hidden folders of archives that a killed run left half written (never a finished version)."""
    for entry in os.scandir(folder):
        match = _PARTIAL.fullmatch(entry.name)
        if match and not _pid_alive(int(match.group(1))) and entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)


def _read_version(out_dir: Path, child_id: str, folder: Path) -> Version | None:
    record_path = folder / RECORD
    try:
        if folder.is_symlink() or not record_path.is_file() or record_path.is_symlink() \
                or record_path.stat().st_size > 5_000_000:
            return None
        record = json.loads(record_path.read_text(encoding="utf-8"))
        datetime.fromisoformat(record["archived_at"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(record, dict) or record.get("child") != child_id:
        return None
    files = []
    for item in record.get("documents") or []:
        if not isinstance(item, dict) or not isinstance(item.get("manifest_entry"), dict):
            continue
        relative = item.get("archived_as")
        if safe_relative(relative) != relative or not str(relative).startswith("documents/"):
            continue
        entry = item["manifest_entry"]
        files.append(ArchivedFile(str(entry.get("kind", "")), str(entry.get("format", "")),
                                  str(entry.get("title", "")), relative.rsplit("/", 1)[-1], relative,
                                  str(item.get("sha256", "")), str(item.get("made", "")), entry))
    return Version(child_id, folder.name, folder, record, files)


def versions(out_dir: Path, child_id: str) -> list[Version]:
    """Every archived version of the child's documents, oldest first."""
    folder = child_folder(out_dir, child_id)
    if folder is None or not folder.is_dir() or folder.is_symlink():
        return []
    found = []
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if STAMP.fullmatch(entry.name) and entry.is_dir(follow_symlinks=False):
            read = _read_version(out_dir, child_id, Path(entry.path))
            if read is not None:
                found.append(read)
    return sorted(found, key=lambda v: (v.archived_at, v.stamp))


def version(out_dir: Path, child_id: str, stamp: str) -> Version | None:
    """One archived version, named by its stamp (checked against the folder's own list)."""
    if not isinstance(stamp, str) or not STAMP.fullmatch(stamp):
        return None
    return next((v for v in versions(out_dir, child_id) if v.stamp == stamp), None)


def archived_children(out_dir: Path) -> list[str]:
    """The ids of every child with an archive (those who have left included)."""
    root = archive_root(out_dir)
    if not root.is_dir() or root.is_symlink():
        return []
    return sorted(e.name for e in os.scandir(root) if CHILD_ID.fullmatch(e.name) and e.is_dir(follow_symlinks=False))


def reviewed_profile(out_dir: Path, child_id: str) -> tuple[Version, bytes] | None:
    """The profile as the latest review recorded through mfc-docs left it, with that version."""
    for found in reversed(versions(out_dir, child_id)):
        copy = found.record.get("reviewed_profile")
        if not isinstance(copy, dict) or copy.get("copy") != "reviewed/profile.yaml":
            continue
        path = inside(found.folder, "reviewed/profile.yaml")
        try:
            data = path.read_bytes() if path is not None and not path.is_symlink() else None
        except OSError:
            data = None
        if data is not None and sha256_bytes(data) == copy.get("sha256"):
            return found, data
    return None


__all__ = ["ARCHIVE", "ArchivedFile", "FILE_MODE", "StagedVersion", "Version", "archive_root", "archived_children",
           "child_folder", "reviewed_profile", "stage_version", "version", "versions"]
