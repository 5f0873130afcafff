"""The home's audit log: every change made through mfc-docs to a home's files, one line each, never rewritten.

``output/audit.log`` holds one JSON object per line: when, who (the name the person
gave), which file and record, what was done, and the file's hash before and after,
so an inspector can follow each change and match it to a version of the file.
The log is created owner-only (0600) and only ever appended to.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

from ..rules.dates import home_now
from .files import FILE_MODE, OutputError, make_private_dir

AUDIT_LOG = "audit.log"


def audit_log_problem(out_dir: Path) -> str | None:
    """Why the audit log cannot be written, or None: a link there would send each line (and a chmod) elsewhere."""
    path = Path(out_dir) / AUDIT_LOG
    if path.is_symlink():
        return (f"{path.parent.name}/{AUDIT_LOG} is a symbolic link; mfc-docs keeps its audit log only as an "
                "ordinary file in the output folder, so nothing was written. Delete the link, then try again.")
    return None


def append_audit(out_dir: Path, *, who: str, file: str, record: str, action: str, before: str = "",
                 after: str = "", when: datetime | None = None) -> Path:
    """Append one line to the audit log (O_APPEND: lines from two writers never mix); never through a link."""
    make_private_dir(Path(out_dir))
    path = Path(out_dir) / AUDIT_LOG
    problem = audit_log_problem(out_dir)
    if problem:
        raise OutputError(problem)
    entry = {
        "at": (when or home_now()).isoformat(timespec="seconds"),
        "who": who or "not given",
        "file": file,
        "record": record,
        "action": action,
        "sha256_before": before,
        "sha256_after": after,
    }
    line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0), FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
        os.write(fd, line)
    finally:
        os.close(fd)
    return path


def read_audit(out_dir: Path, limit: int = 200) -> list[dict]:
    """The latest entries, newest first (lines that cannot be read are skipped)."""
    path = Path(out_dir) / AUDIT_LOG
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    entries = []
    for line in reversed(lines[-limit:]):
        try:
            entries.append(json.loads(line))
        except ValueError:
            continue
    return entries
