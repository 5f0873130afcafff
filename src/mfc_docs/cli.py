"""The ``mfc-docs`` command: parses options, calls the library, prints, exits.

Exit codes: 0 success, 1 a problem in the data or the build, 2 a usage error.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from . import __version__
from .problems import Problem, sort_problems, summary_line

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

home_dir_argument = click.argument(
    "home_dir", required=False, default=".", type=click.Path(path_type=Path, file_okay=False),
)
today_option = click.option(
    "--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, hidden=True,
    help="Pretend today is this date (YYYY-MM-DD); for testing and for re-checking old data.",
)


def _today(value) -> date:
    return value.date() if value else date.today()


def print_problems(problems: list[Problem], files_checked: int, *, building: bool = False) -> None:
    """Every problem, one per line, then the one-line summary (all on stdout, so the story stays in order)."""
    for problem in sort_problems(problems):
        click.echo(str(problem))
    click.echo(summary_line(problems, files_checked, building=building))


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="mfc-docs")
def main() -> None:
    """Keep a children's home's missing-from-care documents correct, current and ready to hand over.

    \b
    Start with:  mfc-docs validate      (checks home_config.yaml and young_people/)
    Then:        mfc-docs build         (writes every document into output/)
    """


@main.command()
@home_dir_argument
@today_option
def validate(home_dir: Path, today) -> None:
    """Check home_config.yaml and every file in young_people/ and list every problem.

    \b
    Example:  mfc-docs validate
              mfc-docs validate path/to/home
    Exit 0 when there are no errors (warnings are listed but allowed), 1 otherwise.
    """
    from .home_data import load_home

    home = load_home(home_dir, _today(today))
    print_problems(home.problems, home.files_checked)
    sys.exit(1 if home.errors else 0)




@main.command()
@click.argument("home_dirs", nargs=-1, type=click.Path(path_type=Path, file_okay=False))
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Where to write the documents (default: HOME_DIR/output). Only with one home.")
@click.option("--format", "fmt", type=click.Choice(["all", "docx", "pdf"]), default="all", show_default=True,
              help="Which formats to write.")
@click.option("--force", is_flag=True, help="Rebuild every document, even those whose data has not changed.")
@click.option("--prune", is_flag=True, help="Remove documents of children who are no longer in young_people/.")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems and the final line.")
@click.option("-v", "--verbose", is_flag=True, help="Also list the documents that did not change.")
@today_option
def build(home_dirs: tuple[Path, ...], out_dir: Path | None, fmt: str, force: bool, prune: bool, quiet: bool,
          verbose: bool, today) -> None:
    """Check the data, then write every document (Word and PDF) into the output folder.

    \b
    Example:  mfc-docs build
              mfc-docs build path/to/home -o path/to/output --format pdf
              mfc-docs build homes/*          (several homes, one output folder each)
    Nothing is written when any file has an error: the previous documents stay as they were.
    Only documents whose data changed are rebuilt; --force rebuilds all.
    """
    from .build_command import build_homes

    homes = list(home_dirs) or [Path(".")]
    if out_dir is not None and len(homes) > 1:
        raise click.UsageError("-o/--output can only be used with one home folder; each home gets HOME_DIR/output.")
    formats = ("docx", "pdf") if fmt == "all" else (fmt,)
    ok = build_homes(homes, out_dir, formats=formats, force=force, prune=prune, quiet=quiet, verbose=verbose,
                     today=_today(today) if today else None)
    sys.exit(0 if ok else 1)
