"""What ``mfc-docs build`` says while it works: per home, problems or what was written."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from .output import BuildLock, OutputError
from .pipeline import BuildResult, RenderError, default_out_dir, load_checked, plan_build, run_build
from .problems import DataError, sort_problems, summary_line


def _show(path: Path) -> str:
    try:
        shown = path.resolve().relative_to(Path.cwd().resolve()).as_posix()
        return shown or "."
    except ValueError:
        return str(path)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def build_homes(homes: list[Path], out_dir: Path | None, *, formats: tuple[str, ...], force: bool, prune: bool,
                quiet: bool, verbose: bool, today: date | None) -> bool:
    """Build each home in turn, carrying on past a home with errors. True when every home built."""
    all_ok = True
    for home_dir in homes:
        if len(homes) > 1 and not quiet:
            click.echo(f"== {_show(home_dir)}")
        ok = _build_one(home_dir, out_dir or default_out_dir(home_dir), formats=formats, force=force, prune=prune,
                        quiet=quiet, verbose=verbose, today=today)
        all_ok = all_ok and ok
    if len(homes) > 1:
        failed = "all homes built" if all_ok else "some homes failed: see the errors above"
        click.echo(f"{_plural(len(homes), 'home')}: {failed}.")
    return all_ok


def _build_one(home_dir: Path, out_dir: Path, *, formats, force, prune, quiet, verbose, today) -> bool:
    try:
        home = load_checked(home_dir, today)
    except DataError as exc:
        for problem in sort_problems(exc.problems):
            click.echo(str(problem))
        click.echo(summary_line(exc.problems, exc.files_checked, building=True))
        return False
    warnings = [p for p in home.problems if not p.is_error]
    try:
        with BuildLock(out_dir):
            plan = plan_build(home, out_dir, formats=formats, force=force)
            if plan.stale and not prune and sys.stdin.isatty() and sys.stdout.isatty():
                children = sorted({e.get("young_person") or "?" for e in plan.stale})
                prune = click.confirm(f"{', '.join(children)} no longer in young_people/. Remove "
                                      f"{_plural(len(plan.stale), 'old document')} from {_show(out_dir)}?",
                                      default=False)
            show_bar = not quiet and sys.stdout.isatty() and len(plan.jobs) > 8
            if show_bar:
                with click.progressbar(length=len(plan.jobs), label="Writing documents") as bar:
                    last = [0]

                    def advance(done: int, total: int) -> None:
                        bar.update(done - last[0])
                        last[0] = done

                    result = run_build(plan, prune=prune, progress=advance)
            else:
                result = run_build(plan, prune=prune)
    except OutputError as exc:
        click.echo(f"{_show(out_dir)}: {exc}")
        return False
    except RenderError as exc:
        for message in exc.messages:
            click.echo(f"{_show(out_dir)}/{message}")
        click.echo(f"{_plural(len(exc.messages), 'document')} could not be made; nothing was written, "
                   "the previous documents are unchanged.")
        return False
    _report(result, warnings, quiet=quiet, verbose=verbose)
    return True


def _report(result: BuildResult, warnings: list, *, quiet: bool, verbose: bool) -> None:
    out = _show(result.out_dir)
    if not quiet:
        for problem in sort_problems(warnings):
            click.echo(str(problem))
        for entry in result.written:
            click.echo(f"wrote     {out}/{entry['path']}")
        if verbose:
            for entry in result.unchanged:
                click.echo(f"unchanged {out}/{entry['path']}")
        for entry in result.removed:
            click.echo(f"removed   {out}/{entry['path']}")
        for entry in result.kept_stale:
            click.echo(f"kept      {out}/{entry['path']} (child no longer in young_people/; --prune removes it)")
    updated = _plural(len(result.written), "document") + " updated"
    tail = f", {len(result.unchanged)} unchanged" if result.unchanged else ""
    warned = f", {_plural(len(warnings), 'warning')} (see above)" if warnings and not quiet else ""
    click.echo(f"{updated}{tail}{warned}. Documents are in {out}/ (manifest: {out}/manifest.json).")
