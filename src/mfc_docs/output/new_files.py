"""A new folder (a report) and new files in it: never overwriting anything."""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path
from typing import Callable

from .files import DIR_MODE, OutputError, make_private_dir
from .switch import stage_file

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
