"""The ``mfc-docs`` command: parses options, calls the library, prints, exits.

Exit codes: 0 success, 1 a problem in the data or the build, 2 a usage error.
"""

from __future__ import annotations

import re
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
    from .input.home_data import load_home

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
    from .commands.build import build_homes

    homes = list(home_dirs) or [Path(".")]
    if out_dir is not None and len(homes) > 1:
        raise click.UsageError("-o/--output can only be used with one home folder; each home gets HOME_DIR/output.")
    if out_dir is not None:
        children = (homes[0] / "young_people").resolve()
        if out_dir.resolve() == children or children in out_dir.resolve().parents:
            raise click.BadParameter("the documents cannot go inside young_people/, which holds the children's "
                                     "files (they would be read as a child next time). Choose another folder.",
                                     param_hint="-o/--output")
    formats = ("docx", "pdf") if fmt == "all" else (fmt,)
    ok = build_homes(homes, out_dir, formats=formats, force=force, prune=prune, quiet=quiet, verbose=verbose,
                     today=_today(today) if today else None)
    sys.exit(0 if ok else 1)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_OPTION_HELP = {
    "time": " (22:15, 22.15, 'yesterday 23:40' or 2026-11-23 22:15)",
    "yes_no": " (yes or no)",
}


def _part2_options(command):
    """One option per Part 2 field (input.schema.part2 defines them once for report, the pack and the web form)."""
    from .input.schema.part2 import ASKED_FIELDS

    for field in reversed(ASKED_FIELDS):
        command = click.option(f"--{field.option}", field.key,
                               help=f"{field.label}{_OPTION_HELP.get(field.kind, '')}.")(command)
    return command


@main.command()
@click.argument("child_id")
@click.argument("home_dir", required=False, default=".", type=click.Path(path_type=Path, file_okay=False))
@_part2_options
@click.option("--risk", type=click.Choice(["high", "medium", "low"], case_sensitive=False),
              help="Risk level at this report (default: the risk assessment's; may be raised, not lowered).")
@click.option("--pdf-only", is_flag=True, help="Write only the PDF (fastest).")
@click.option("--encrypt", is_flag=True,
              help="Also write an encrypted copy to email to the police (AES-256), and print its passphrase once.")
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Output folder (default: HOME_DIR/output).")
@click.option("--interactive/--no-interactive", default=None,
              help="Ask for the fields not given (default: ask only when run in a terminal).")
@click.option("--now", "now_text", hidden=True, type=click.DateTime(formats=["%Y-%m-%d %H:%M"]),
              help="Pretend it is this time (YYYY-MM-DD HH:MM); for tests.")
def report(child_id: str, home_dir: Path, risk: str | None, pdf_only: bool, encrypt: bool, out_dir: Path | None,
           interactive: bool | None, now_text: str | None, **fields: str | None) -> None:
    """Print CHILD_ID's police pack with Part 2 filled in, when the child is reported missing.

    \b
    Example:  mfc-docs report nhung --found-gone 22:40 --last-seen 22:15 --where "Bus station"
              mfc-docs report nhung --encrypt      (a copy to email, opened with a passphrase)
    In a terminal it asks for anything not given (press Enter to leave a line blank to write by hand).
    The last line printed is the PDF's path: open it or print it at once.
    Each report goes into a new folder under output/young_people/CHILD_ID/reports/ and is never overwritten.
    """
    from datetime import datetime

    from .problems import DataError
    from .commands.report import ReportError, load_for_report, make_report, protect_report, read_answer
    from .input.schema.part2 import ASKED_FIELDS

    now = now_text or datetime.now()
    ask = sys.stdin.isatty() if interactive is None else interactive
    try:
        home = load_for_report(home_dir, child_id, now.date())  # before any question: say at once if it cannot work
        values: dict[str, str] = {}
        for field in ASKED_FIELDS:  # values given as options are checked before any question
            if fields.get(field.key):
                fields[field.key] = read_answer(field, fields[field.key], now)
        for field in ASKED_FIELDS:
            value = fields.get(field.key)
            if value is None and ask:
                value = click.prompt(field.prompt, default="", show_default=False,
                                     value_proc=_checked_answer(field, now))
            values[field.key] = _CONTROL.sub("", value or "").strip()  # arrow keys at a prompt leave invisible codes
        if ask and risk is None:
            assessed = home.child(child_id).data["risk"]["level"]
            risk = click.prompt(f"Risk level now (the risk assessment says {assessed}; it may be raised)",
                                type=click.Choice(["high", "medium", "low"], case_sensitive=False),
                                default=assessed)
        result = make_report(home_dir, child_id, values, out_dir=out_dir, now=now, pdf_only=pdf_only,
                             reporter_risk=risk.lower() if risk else None, home=home)
        protected = protect_report(result, now) if encrypt else None
    except ReportError as exc:
        click.echo(f"Cannot make the report: {exc}")
        sys.exit(1)
    except DataError as exc:
        print_problems(exc.problems, exc.files_checked, building=True)
        click.echo(f"Cannot make {child_id}'s report until the errors above are fixed. "
                   "Meanwhile hand over the last printed police pack from the shift folder.")
        sys.exit(1)
    for problem in result.warnings:
        click.echo(str(problem))
    if result.cautions:
        click.echo(f"The pack shows {len(result.cautions)} of these in a caution box (those about {child_id}'s own file).")
    if result.docx:
        click.echo(f"Word: {result.docx}")
    click.echo(f"Data fingerprint {result.fingerprint}; record of what was handed over: {result.folder / 'report.json'}")
    if protected:
        _print_passphrase(protected)
    click.echo(str(result.pdf))


def _print_passphrase(protected) -> None:
    """The passphrase, once: it is kept nowhere, so it is said here how to pass it on."""
    click.echo("")
    click.echo(f"To email (encrypted, AES-256): {protected.path}")
    click.echo(f"  Passphrase:  {protected.passphrase}")
    click.echo("  All lower case, one space between words. Read it out on the phone; never put it in the same "
               "email as the file.")
    click.echo("  It is not saved anywhere: write it down now if you need it again, or run the report again "
               "for a new copy.")
    click.echo("")


def _checked_answer(field, now):
    """Read a typed answer, asking again (not giving up) when it cannot be understood."""
    from .commands.report import ReportError, read_answer

    def read(text: str) -> str:
        if not text.strip():
            return ""
        try:
            return read_answer(field, text, now)
        except ReportError as exc:
            raise click.BadParameter(str(exc)) from None

    return read


@main.command()
@home_dir_argument
@click.option("--json", "as_json", is_flag=True, help="Print the findings as a JSON list (for scripts).")
@today_option
def check(home_dir: Path, as_json: bool, today) -> None:
    """List what is overdue or due soon: interviews, reviews, Reg 40 decisions, escalations, review cycles.

    \b
    Example:  mfc-docs check
              mfc-docs check path/to/home --json
    Most urgent first. Exit 0 when nothing is overdue, 1 when something is (or the data has errors).
    """
    import json

    from .rules.deadlines import OVERDUE, findings, format_table, limits_of, summary
    from .input.home_data import load_home

    home = load_home(home_dir, _today(today))
    if home.errors:
        if as_json:  # a program reading --json always gets JSON: here, the data errors
            click.echo(json.dumps({"errors": [
                {"file": p.file, "line": p.line, "column": p.column, "field": p.path, "message": p.message}
                for p in sort_problems(home.errors)]}, indent=2, ensure_ascii=False))
        else:
            print_problems(home.problems, home.files_checked)
        sys.exit(1)
    found = findings(home)
    if as_json:
        click.echo(json.dumps([f.to_json() for f in found], indent=2, ensure_ascii=False))
    else:
        if found:
            click.echo(format_table(found))
        warnings = sum(1 for p in home.problems if not p.is_error)
        click.echo(summary(found, limits_of(home.config)["due_soon_days"], warnings))
    sys.exit(1 if any(f.status == OVERDUE for f in found) else 0)


@main.command()
@home_dir_argument
@click.option("--month", "month_text", metavar="YYYY-MM",
              help="The month to report on (default: last month).")
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Output folder (default: HOME_DIR/output); the files go into its dashboard/ folder.")
@click.option("--format", "fmt", type=click.Choice(["all", "docx", "pdf"]), default="all", show_default=True,
              help="Which formats to write.")
@today_option
def dashboard(home_dir: Path, month_text: str | None, out_dir: Path | None, fmt: str, today) -> None:
    """Write the manager's monthly oversight dashboard for one month (Word and PDF).

    \b
    Example:  mfc-docs dashboard                    (last month)
              mfc-docs dashboard --month 2026-10 --format pdf
    For the Registered Manager's monthly review, Reg 44 visits and the Reg 45 report.
    """
    from .documents.dashboard import build_dashboard, parse_month, previous_month
    from .output.files import OutputError
    from .problems import DataError

    day = _today(today)
    try:
        month = parse_month(month_text) if month_text else previous_month(day)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--month") from None
    if month > day:
        raise click.BadParameter(f"{month:%B %Y} has not started yet.", param_hint="--month")
    formats = ("docx", "pdf") if fmt == "all" else (fmt,)
    try:
        paths = build_dashboard(home_dir, month, out_dir, formats=formats, today=day)
    except DataError as exc:
        print_problems(exc.problems, exc.files_checked, building=True)
        sys.exit(1)
    except (OutputError, FileNotFoundError) as exc:
        click.echo(f"Cannot write the dashboard: {exc}")
        sys.exit(1)
    for path in paths:
        click.echo(str(path))


@main.command()
@home_dir_argument
@click.option("--port", type=click.IntRange(0, 65535), default=None,
              help="Port on 127.0.0.1 (default: 8720, or a free one when that is taken).")
@click.option("--no-browser", is_flag=True, help="Do not open the browser; just print the link.")
def serve(home_dir: Path, port: int | None, no_browser: bool) -> None:
    """Open the home's page in the browser: report a child missing, log the response, record the return.

    \b
    Example:  mfc-docs serve
              mfc-docs serve path/to/home --port 8800 --no-browser
    Listens on 127.0.0.1 only. The link printed at start holds a one-time token: open it in the
    browser on this computer. Press Ctrl-C to stop.
    """
    from .input.home_data import HOME_CONFIG
    from .web.server import ServeError, serve as run

    if not (home_dir / HOME_CONFIG).is_file():
        click.echo(f"There is no {HOME_CONFIG} in {home_dir}. Run the command from the home's folder, "
                   "or give the folder, e.g. 'mfc-docs serve path/to/home'.")
        sys.exit(1)
    try:
        run(home_dir, port, open_browser=not no_browser, echo=click.echo)
    except ServeError as exc:
        click.echo(f"Cannot start: {exc}")
        sys.exit(1)
