"""What ``mfc-docs build`` does and says, home by home: problems, or what was written.

Several homes are built side by side, one home per worker process (loading,
checking and rendering all run in parallel); each home's messages are
collected and printed together, in the order the homes were given.
"""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import click

from ..input.validation_cache import keep_held, remembering
from ..output.build_lock import BuildLock, worker_initializer
from ..output.files import OutputError, guard_output_folder
from ..pipeline import (BuildResult, RenderError, default_out_dir, load_checked, plan_build, run_build, start_beside,
                       start_method, up_to_date)
from ..problems import DataError, MfcError, sort_problems, summary_line
from ..rules.dates import home_today

if TYPE_CHECKING:
    from ..output.pdf_beside import PdfBeside

Echo = Callable[[str], None]


@dataclass(frozen=True)
class BuildOptions:
    formats: tuple[str, ...]
    force: bool
    prune: bool
    quiet: bool
    verbose: bool
    today: date | None
    several: bool = False  # several homes in one run: with --quiet, one line per home, naming it


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
    """Build each home, carrying on past a home with errors. True when every home built."""
    options = BuildOptions(formats, force, prune, quiet, verbose, today, several=len(homes) > 1)
    if len(homes) == 1:
        return _build_one(homes[0], out_dir or default_out_dir(homes[0]), options, click.echo, interactive=True)
    # Homes untouched since today's last build are answered here, cheaply; only the others are built.
    results: dict[int, tuple[bool, list[str]]] = {}
    todo: list[int] = []
    beside = None
    try:
        for index, home in enumerate(homes):
            lines: list[str] = []
            if _report_if_up_to_date(home, default_out_dir(home), options, lines.append):
                results[index] = (True, lines)
            else:
                todo.append(index)
                if len(todo) == 1:  # the likely one home to build: its PDF helper starts now (output.pdf_beside)
                    beside = start_beside(options.formats)
                elif beside is not None:
                    beside.close()
                    beside = None
        workers = min(len(todo), os.cpu_count() or 1)
        if workers <= 1:  # one home to build: in this process, its documents rendered in parallel
            for index in todo:
                results[index] = _build_collecting(homes[index], options, jobs_count=None, beside=beside)
    finally:
        if beside is not None:
            beside.close()
    if workers > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        from ..render import pdf as _pdf  # noqa: F401  imported once here, inherited by forked workers

        if "docx" in options.formats:  # docxtpl only when Word files are made
            from ..render import docx as _docx  # noqa: F401

        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(start_method()),
                                 initializer=worker_initializer) as pool:
            futures = {index: pool.submit(_build_collecting, homes[index], options) for index in todo}
            if not quiet and sys.stdout.isatty():
                with click.progressbar(list(futures.items()), label=f"Building {len(todo)} homes") as bar:
                    for index, future in bar:
                        results[index] = future.result()
            else:
                for index, future in futures.items():
                    results[index] = future.result()
    all_ok = True
    for home, (ok, lines) in zip(homes, (results[i] for i in range(len(homes)))):
        if not quiet or not ok:
            click.echo(f"== {_show(home)}")
        for line in lines:
            click.echo(line)
        all_ok = all_ok and ok
    outcome = "all homes built" if all_ok else "some homes failed: see the errors above"
    click.echo(f"{_plural(len(homes), 'home')}: {outcome}.")
    return all_ok


def _build_collecting(home_dir: Path, options: BuildOptions, jobs_count: int | None = 1,
                      beside: PdfBeside | None = None) -> tuple[bool, list[str]]:
    """One home whose messages come back as lines (in a worker, its renders stay in that process)."""
    lines: list[str] = []
    ok = _build_one(home_dir, default_out_dir(home_dir), options, lines.append, interactive=False,
                    jobs_count=jobs_count, beside=beside)
    return ok, lines


def _report_if_up_to_date(home_dir: Path, out_dir: Path, options: BuildOptions, echo: Echo) -> bool:
    """Say so and return True when nothing this home's documents are made from changed today."""
    if options.force or options.prune:
        return False
    fresh = up_to_date(home_dir, out_dir, options.today or home_today(), options.formats)
    if fresh is None:
        return False
    _report(fresh, options, echo, home_dir)
    return True


def _is_home_output(home_dir: Path, out_dir: Path) -> bool:
    try:
        return Path(out_dir).resolve() == default_out_dir(home_dir).resolve()
    except (OSError, RuntimeError):
        return False


def _build_one(home_dir: Path, out_dir: Path, options: BuildOptions, echo: Echo, *, interactive: bool,
               jobs_count: int | None = None, beside: PdfBeside | None = None) -> bool:
    """Build one home; its PDF helper (``beside``, or one started here: ``pipeline.start_beside``) is
    always closed before this returns."""
    helpers = [beside] if beside is not None else []
    try:
        return _build_home(home_dir, out_dir, options, echo, interactive=interactive, jobs_count=jobs_count,
                           helpers=helpers)
    finally:
        for helper in helpers:
            helper.close()


def _build_home(home_dir: Path, out_dir: Path, options: BuildOptions, echo: Echo, *, interactive: bool,
                jobs_count: int | None, helpers: list[PdfBeside]) -> bool:
    try:
        guard_output_folder(home_dir, out_dir)
    except OutputError as exc:
        echo(str(exc))
        return False
    if _report_if_up_to_date(home_dir, out_dir, options, echo):
        return True
    if not helpers:  # forked now, it reads the fonts while this process reads the home
        helpers.extend(filter(None, [start_beside(options.formats)]))
    held: list | None = [] if _is_home_output(home_dir, out_dir) else None
    try:
        with (remembering(out_dir, options.today or home_today(), held=held) if held is not None
              else contextlib.nullcontext()):
            home = load_checked(home_dir, options.today)
    except DataError as exc:
        for problem in sort_problems(exc.problems):
            echo(str(problem))
        echo(summary_line(exc.problems, exc.files_checked, building=True))
        return False
    prune = options.prune
    try:
        with BuildLock(out_dir, home_dir):
            plan = plan_build(home, out_dir, formats=options.formats, force=options.force)
            if plan.stale and not prune and interactive and sys.stdin.isatty() and sys.stdout.isatty():
                children = sorted({e.get("young_person") or "?" for e in plan.stale})
                prune = click.confirm(f"{', '.join(children)} no longer in young_people/. Remove "
                                      f"{_plural(len(plan.stale), 'old document')} from {_show(out_dir)}?",
                                      default=False)
            if interactive and not options.quiet and sys.stdout.isatty() and len(plan.jobs) > 8:
                with click.progressbar(length=len(plan.jobs), label="Writing documents") as bar:
                    last = [0]

                    def advance(done: int, total: int) -> None:
                        bar.update(done - last[0])
                        last[0] = done

                    result = run_build(plan, prune=prune, progress=advance, jobs_count=jobs_count,
                                       beside=helpers[0] if helpers else None, remember=held)
            else:
                result = run_build(plan, prune=prune, jobs_count=jobs_count, beside=helpers[0] if helpers else None,
                                   remember=held)
            if held:
                keep_held(held)  # the documents are written: the checks that made them can be kept
    except RenderError as exc:
        for message in exc.messages:
            echo(f"{_show(out_dir)}/{message}")
        echo(f"{_plural(len(exc.messages), 'document')} could not be made; nothing was written, "
             "the previous documents are unchanged.")
        return False
    except OutputError as exc:
        echo(f"{_show(out_dir)}: {exc}")
        return False
    except MfcError as exc:
        for line in exc.lines():
            echo(line)
        return False
    _report(result, options, echo, home_dir)
    return True


def _report(result: BuildResult, options: BuildOptions, echo: Echo, home_dir: Path) -> None:
    if options.quiet and options.several:
        echo(_one_line(result, home_dir))
        return
    out = _show(result.out_dir)
    warnings = result.warnings
    if not options.quiet:
        for warning in warnings:
            echo(warning)
        for entry in result.written:
            echo(f"wrote     {out}/{entry['path']}")
        if options.verbose:
            for entry in result.unchanged:
                echo(f"unchanged {out}/{entry['path']}")
        for entry in result.removed:
            echo(f"removed   {out}/{entry['path']}")
        for entry in result.kept_stale:
            echo(f"kept      {out}/{entry['path']} (child no longer in young_people/; --prune removes it)")
    updated = _plural(len(result.written), "document") + " updated"
    tail = f", {len(result.unchanged)} unchanged" if result.unchanged else ""
    where = "see above" if not options.quiet else "run without -q to see them"
    warned = f", {_plural(len(warnings), 'warning')} ({where})" if warnings else ""
    echo(f"{updated}{tail}{warned}. Documents are in {out}/ (manifest: {out}/manifest.json).")
    if result.overdue:
        echo(f"{_plural(result.overdue, 'thing')} overdue (return home interviews, reviews, Reg 40 decisions): "
             "run 'mfc-docs check' to see what.")


def _one_line(result: BuildResult, home_dir: Path) -> str:
    """A home's build in one line that names it (--quiet, several homes): its warnings and overdue
    items counted, with the command that shows them for this home.

    Two lines a home, the second not naming it, made a provider's 50 homes 100 lines in which
    "15 things overdue" could not be told apart.
    """
    import shlex

    home = _show(home_dir)
    updated = _plural(len(result.written), "document") + " updated"
    tail = f", {len(result.unchanged)} unchanged" if result.unchanged else ""
    warned = f", {_plural(len(result.warnings), 'warning')} (run without -q to see them)" if result.warnings else ""
    overdue = (f", {_plural(result.overdue, 'thing')} overdue (run 'mfc-docs check {shlex.quote(home)}' to see what)"
               if result.overdue else "")
    return f"{home}: {updated}{tail}{warned}{overdue}."
