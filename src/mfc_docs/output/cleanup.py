"""Clean-up: what killed runs of mfc-docs left at the top of an output folder, and removing it.

Only the exact names this tool makes, only at the top level, only of processes that are no
longer running: other programs' files are never touched.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from .files import OLD_MANIFEST_TEMP, OWN_LEFTOVER

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
    return [name for name in names if (OWN_LEFTOVER.fullmatch(name) or OLD_MANIFEST_TEMP.fullmatch(name))]


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
        match = OWN_LEFTOVER.fullmatch(entry.name) or OLD_MANIFEST_TEMP.fullmatch(entry.name)
        if not match or _pid_alive(int(match.group(1))):
            continue
        path = Path(entry.path)
        if entry.is_symlink() or not entry.is_dir(follow_symlinks=False):
            path.unlink(missing_ok=True)
        else:
            shutil.rmtree(path, ignore_errors=True)
        removed.append(entry.name)
    return removed
