"""``mfc-docs schema``: a JSON Schema per file kind, and the first line that points each file at it.

The line differs by where the schemas are: a relative path is read from the YAML file's own
folder, an absolute one becomes a file:// address.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from ..input.json_schema import FILE_KINDS, json_schema_text, modeline
from ..output.files import explain_os_error, write_private_file


def write_json_schemas(out_dir: Path, echo: Callable[[str], None]) -> int:
    """Write the schemas into ``out_dir`` and say how to use them; the exit code (1 when they cannot be written)."""
    try:
        for name in FILE_KINDS:
            write_private_file(out_dir / name, json_schema_text(name).encode("utf-8"))
    except OSError as exc:
        echo(f"Cannot write the JSON Schemas: {explain_os_error(exc, out_dir)}.")
        return 1
    echo(f"Wrote {len(FILE_KINDS)} JSON Schemas to {out_dir}{os.sep}")
    if out_dir.is_absolute():
        echo("Make these the first lines of the files:")
    else:
        echo("Run from the home's folder, as here, make these the first lines of the files:")
    for name, (_, files, _) in FILE_KINDS.items():
        # A relative path is read from the YAML file's own folder; an absolute one as a file:// address.
        target = (out_dir / name).as_uri() if out_dir.is_absolute() else "../" * files.count("/") + (out_dir / name).as_posix()
        echo(f"  {files:34} {modeline(target)}")
    return 0
