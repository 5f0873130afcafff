"""Every document a home has, each under an opaque key: how the web page names a file without a path.

The list comes from the build's ``manifest.json`` and from each police pack's
``report.json`` (``mfc-docs report`` and the web page write one per pack). A request
names a document only by its key; the file is found by looking the key up here,
and is handed out only when it lies inside the output folder and its bytes still
match the hash recorded when it was made. Nothing a request says becomes a path.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from .files import sha256_file
from .manifest import read_manifest

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass(frozen=True)
class CatalogueEntry:
    key: str
    title: str
    kind: str
    child: str | None  # the child's id, None for the home's documents
    format: str  # pdf or docx
    relative_path: str  # inside the output folder
    sha256: str | None
    made: str  # when it was made, as recorded (ISO), or ""

    @property
    def file_name(self) -> str:
        return self.relative_path.rsplit("/", 1)[-1]

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES.get(self.format, "application/octet-stream")


def document_key(relative_path: str) -> str:
    return hashlib.sha256(relative_path.encode("utf-8")).hexdigest()[:24]


def _entry(relative: str, title: str, kind: str, child: str | None, sha: str | None, made: str) -> CatalogueEntry | None:
    fmt = relative.rsplit(".", 1)[-1].lower() if "." in relative else ""
    if fmt not in CONTENT_TYPES:
        return None
    return CatalogueEntry(document_key(relative), title, kind, child, fmt, relative, sha, made)


def police_packs(out_dir: Path, child_id: str) -> list[CatalogueEntry]:
    """This child's police packs printed at a report, newest first."""
    reports = Path(out_dir) / "young_people" / child_id / "reports"
    entries: list[CatalogueEntry] = []
    if not reports.is_dir():
        return entries
    for record_path in sorted(reports.glob("*/report.json"), reverse=True):
        try:
            record = json.loads(record_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        files = record.get("files") if isinstance(record, dict) else None
        if not isinstance(files, dict):
            continue
        folder = record_path.parent.relative_to(out_dir).as_posix()
        made = str(record.get("generated_at", ""))
        for name, sha in sorted(files.items(), key=lambda kv: not str(kv[0]).endswith(".pdf")):
            if "/" in str(name) or "\\" in str(name):
                continue
            entry = _entry(f"{folder}/{name}", "Police information pack (report)", "police_pack_report", child_id,
                           str(sha), made)
            if entry:
                entries.append(entry)
    return entries


def catalogue(out_dir: Path, child_ids: list[str]) -> list[CatalogueEntry]:
    """The manifest's documents and every printed police pack."""
    out_dir = Path(out_dir)
    manifest = read_manifest(out_dir)
    made = str(manifest.get("generated_at", ""))
    entries: list[CatalogueEntry] = []
    for item in manifest.get("documents", []):
        if not isinstance(item, dict) or not isinstance(item.get("path"), str) or item.get("stale"):
            continue
        entry = _entry(item["path"], str(item.get("title", item["path"])), str(item.get("kind", "")),
                       item.get("young_person") or None, item.get("sha256"), made)
        if entry:
            entries.append(entry)
    for child_id in child_ids:
        entries.extend(police_packs(out_dir, child_id))
    folder = out_dir / "dashboard"
    if folder.is_dir():  # written by `mfc-docs dashboard`, outside the build's manifest
        for path in sorted(folder.iterdir(), reverse=True):
            if re.fullmatch(r"dashboard-\d{4}-\d{2}\.(pdf|docx)", path.name) and path.is_file():
                entry = _entry(f"dashboard/{path.name}", f"Monthly dashboard {path.name[10:17]}", "dashboard", None,
                               None, "")
                if entry:
                    entries.append(entry)
    return entries


def open_document(out_dir: Path, entry: CatalogueEntry) -> Path | None:
    """The file behind ``entry``, or None when it is gone, outside the output folder or changed since it was made."""
    root = Path(out_dir).resolve()
    path = (root / entry.relative_path).resolve()
    if root not in path.parents or not path.is_file():
        return None
    if entry.sha256 and sha256_file(path) != entry.sha256:
        return None
    return path


__all__ = ["CatalogueEntry", "catalogue", "document_key", "open_document", "police_packs"]
