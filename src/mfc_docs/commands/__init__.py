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


def known_child_id(home_dir: Path, typed: str) -> str:
    """CHILD_ID as typed on the command line, as the id of the child it names (see input.child_ids.known_id)."""
    from ..input.child_ids import known_id
    from ..input.home_data import YOUNG_PEOPLE

    return known_id(typed, Path(home_dir) / YOUNG_PEOPLE)
