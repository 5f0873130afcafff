"""Commands: the work behind ``mfc-docs build`` and ``mfc-docs report`` (``cli.py`` parses options)."""

from __future__ import annotations

from pathlib import Path

import click


def guard_output(home_dir: Path, out_dir: Path | None) -> None:
    """The one output-folder rule (see output.files.guard_output_folder), said as a usage error for -o."""
    if out_dir is None:
        return
    from ..output.files import OutputError, guard_output_folder

    try:
        guard_output_folder(home_dir, out_dir)
    except OutputError as exc:
        raise click.BadParameter(str(exc), param_hint="-o/--output") from None
