"""The ``mfc-docs`` command: parses options, calls the library, prints, exits.

Exit codes: 0 success, 1 a problem in the data or the build, 2 a usage error.
"""

from __future__ import annotations

import errno
import os
import sys
from datetime import date
from pathlib import Path

import click

from . import __version__, collect_garbage_less_often
from .commands import guard_output, known_child_id
from .problems import Problem, sort_problems, summary_line
from .rules.dates import home_today

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

home_dir_argument = click.argument(
    "home_dir", required=False, default=".", type=click.Path(path_type=Path, file_okay=False),
)
today_option = click.option(
    "--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, hidden=True,
    help="Pretend today is this date (YYYY-MM-DD); for testing and for re-checking old data.",
)


def _today(value) -> date:
    return value.date() if value else home_today()


def print_problems(problems: list[Problem], files_checked: int, *, building: bool = False) -> None:
    """Every problem, one per line, then the one-line summary (all on stdout, so the story stays in order)."""
    for problem in sort_problems(problems):
        click.echo(str(problem))
    click.echo(summary_line(problems, files_checked, building=building))


# What each command could not do, before the reason (a data error lists its problems instead).
_CANNOT = {"report": "Cannot make the report: ", "dashboard": "Cannot write the dashboard: ",
           "check": "Cannot email the list: ",
           "notify": "Cannot make the notification: ", "transfer": "Cannot make the transfer pack: "}
_OUTPUT_LOST = {errno.EPIPE, errno.ENOSPC, errno.EBADF, errno.EIO, errno.EDQUOT}


def _standard_streams() -> None:
    """Give a closed standard stream /dev/null, so that nothing reads, writes or opens into it by accident.

    With file descriptor 1 closed, the next file opened would get it, and anything printed would
    land in a document; with stdin closed, Python has no ``sys.stdin`` to ask ``isatty``.
    """
    for fd, name, mode in ((0, "stdin", "r"), (1, "stdout", "w"), (2, "stderr", "w")):
        try:
            os.fstat(fd)
        except OSError:
            null = os.open(os.devnull, os.O_RDWR)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, mode, encoding="utf-8"))


def _say_on_stderr(text: str) -> None:
    try:
        sys.stderr.write(text + "\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass


class _Commands(click.Group):
    """The command group, with the one place that turns an error a user can cause into a message and exit 1."""

    def main(self, *args, **kwargs):
        collect_garbage_less_often()
        _standard_streams()
        try:
            return super().main(*args, **kwargs)
        except OSError as exc:  # printing itself failed: stdout closed, a full disk (> /dev/full), a closed pipe
            if exc.errno not in _OUTPUT_LOST:
                raise
            try:  # later flushes (at exit) go nowhere instead of failing again
                null = os.open(os.devnull, os.O_WRONLY)
                os.dup2(null, 1)
                os.close(null)
            except OSError:
                pass
            _say_on_stderr(f"mfc-docs: could not print its messages ({exc.strerror}); "
                           "what it did is in the output folder, but check it or run the command again.")
            sys.exit(1)

    def invoke(self, ctx: click.Context):
        from .problems import MfcError

        try:
            return super().invoke(ctx)
        except MfcError as exc:
            prefix = "" if isinstance(exc, _data_errors()) else _CANNOT.get(ctx.invoked_subcommand or "", "")
            lines = exc.lines()
            if lines:
                lines[0] = prefix + lines[0]
            for line in lines:
                click.echo(line)
            ctx.exit(1)
        except (click.exceptions.Exit, click.ClickException, click.Abort, KeyboardInterrupt, EOFError):
            raise
        except OSError as exc:
            if exc.errno in _OUTPUT_LOST:
                raise  # see main(): printing failed
            _last_resort(exc)
        except Exception as exc:  # noqa: BLE001 - the last resort: a bug, said in one line, never a traceback
            _last_resort(exc)


def _data_errors() -> tuple[type, ...]:
    from .output.publish import RenderError
    from .problems import DataError

    return (DataError, RenderError)


def _last_resort(exc: BaseException) -> None:
    """A failure no check foresaw: one plain sentence (the details with MFC_DOCS_DEBUG=1), exit 1."""
    if os.environ.get("MFC_DOCS_DEBUG"):
        raise exc
    click.echo(f"mfc-docs stopped on a problem it does not know how to explain ({type(exc).__name__}: {exc}). "
               "Nothing was half written. Please report this, with the command you ran; "
               "run it again with MFC_DOCS_DEBUG=1 set to see the details.")
    sys.exit(1)


@click.group(cls=_Commands, context_settings=CONTEXT_SETTINGS)
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
@click.option("--format", "fmt", type=click.Choice(["all", "docx", "pdf"], case_sensitive=False), default="all", show_default=True,
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
    guard_output(homes[0], out_dir)
    formats = ("docx", "pdf") if fmt == "all" else (fmt,)
    ok = build_homes(homes, out_dir, formats=formats, force=force, prune=prune, quiet=quiet, verbose=verbose,
                     today=_today(today) if today else None)
    sys.exit(0 if ok else 1)


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
@click.option("--sent-to", metavar="WHO", help="Record in the latest episode that the pack was sent, now, to WHO.")
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Output folder (default: HOME_DIR/output).")
@click.option("--interactive/--no-interactive", default=None,
              help="Ask for the fields not given (default: ask only when run in a terminal).")
@click.option("--now", "now_text", hidden=True, type=click.DateTime(formats=["%Y-%m-%d %H:%M"]),
              help="Pretend it is this time (YYYY-MM-DD HH:MM); for tests.")
def report(child_id: str, home_dir: Path, risk: str | None, pdf_only: bool, encrypt: bool, sent_to: str | None,
           out_dir: Path | None, interactive: bool | None, now_text: str | None, **fields: str | None) -> None:
    """Print CHILD_ID's police pack with Part 2 filled in, when the child is reported missing.

    \b
    Example:  mfc-docs report nhung --found-gone 22:40 --last-seen 22:15 --where "Bus station"
              mfc-docs report nhung --encrypt      (a copy to email, opened with a passphrase)
              mfc-docs report nhung --encrypt --sent-to "Westshire Police, missing persons unit"
    In a terminal it asks for anything not given (press Enter to leave a line blank to write by hand).
    The last line printed is the PDF's path: open it or print it at once.
    Each report goes into a new folder under output/young_people/CHILD_ID/reports/ and is never overwritten.
    """
    from .rules.dates import home_now

    from .commands.report import load_for_report, make_report, protect_report
    from .commands.report_questions import part2_answers, print_passphrase, risk_answer

    child_id = known_child_id(home_dir, child_id)
    guard_output(home_dir, out_dir)
    now = now_text or home_now()
    ask = sys.stdin.isatty() if interactive is None else interactive
    home = load_for_report(home_dir, child_id, now.date())  # before any question: say at once if it cannot work
    if sent_to:
        from .commands.notify import pack_episode, record_pack_sent  # only to record the sending
        pack_episode(home, child_id)  # the sending is recorded in the open episode: say now if there is none
    values = part2_answers(fields, ask=ask, now=now)
    if ask and risk is None:
        risk = risk_answer(home.child(child_id).data["risk"]["level"])
    result = make_report(home_dir, child_id, values, out_dir=out_dir, now=now, pdf_only=pdf_only,
                         reporter_risk=risk.lower() if risk else None, home=home, word_beside=True)
    protected = protect_report(result, now, out_dir or home_dir / "output") if encrypt else None
    for problem in result.warnings:
        click.echo(str(problem))
    if result.cautions:
        click.echo(f"The pack shows {len(result.cautions)} of these in a caution box (those about {child_id}'s own file).")
    if result.docx:
        click.echo(f"Word: {result.docx}")
    click.echo(f"Data fingerprint {result.fingerprint}; record of what was handed over: {result.folder / 'report.json'}")
    if protected:
        print_passphrase(protected)
    if sent_to:
        number = record_pack_sent(home, child_id, sent_to, values.get("reported_by", ""), now,
                                  out_dir or home_dir / "output")
        click.echo(f"Recorded in young_people/{child_id}/episodes.yaml (episode {number}, 'sent'): the police pack "
                   f"was sent to {sent_to} at {now:%Y-%m-%d %H:%M}.")
    click.echo(str(result.pdf))


@main.command()
@click.argument("child_id")
@click.argument("home_dir", required=False, default=".", type=click.Path(path_type=Path, file_okay=False))
@click.option("--episode", "episode_number", type=click.IntRange(min=1),
              help="Which episode (1 = the oldest in episodes.yaml; default: the latest).")
@click.option("--return", "is_return", is_flag=True,
              help="The return notification (returned at, safe and well check, interview offer).")
@click.option("--sent-to", metavar="WHO",
              help="Record in the episode that it was sent, now, to WHO (a name, team, email address or portal).")
@click.option("--by", "sender", default="", metavar="NAME", help="Your name and role: printed as the contact, recorded as the sender.")
@click.option("--pdf-only", is_flag=True, help="Write only the PDF and the text (no Word file).")
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Output folder (default: HOME_DIR/output).")
@click.option("--now", "now_text", hidden=True, type=click.DateTime(formats=["%Y-%m-%d %H:%M"]),
              help="Pretend it is this time (YYYY-MM-DD HH:MM); for tests.")
def notify(child_id: str, home_dir: Path, episode_number: int | None, is_return: bool, sent_to: str | None,
           sender: str, pdf_only: bool, out_dir: Path | None, now_text) -> None:
    """Make the placing authority's notification of CHILD_ID's episode (or return), and record it was sent.

    \b
    Example:  mfc-docs notify nhung --by "Jess Armitage, shift lead"
              mfc-docs notify nhung --sent-to "northmoor.missing@example.org"
              mfc-docs notify nhung --episode 3 --return --sent-to "Northmoor portal"
    Writes Word, PDF and the text to paste into an email or a portal form (also printed here),
    from the episode as recorded in episodes.yaml. mfc-docs sends nothing: send it yourself, then
    run again with --sent-to to record in the episode what was sent, when and to whom.
    """
    from .rules.dates import home_now

    from .commands.notify import make_notification
    from .documents.notification import MISSING, RETURN

    child_id = known_child_id(home_dir, child_id)
    guard_output(home_dir, out_dir)
    now = now_text or home_now()
    result = make_notification(home_dir, child_id, kind=RETURN if is_return else MISSING,
                               episode_number=episode_number, out_dir=out_dir, now=now, sender=sender,
                               sent_to=sent_to, pdf_only=pdf_only)
    for warning in result.warnings:
        click.echo(warning)
    click.echo("----- text for an email or a portal form -----")
    click.echo(result.body.rstrip("\n"))
    click.echo("----- end -----")
    if result.recorded:
        click.echo(f"Recorded in young_people/{child_id}/episodes.yaml (episode {result.episode_number}, 'sent'): "
                   f"sent to {sent_to} at {now:%Y-%m-%d %H:%M}.")
    else:
        if result.send_to:
            click.echo(f"Send it to: {', '.join(result.send_to)} (from {child_id}'s profile).")
        click.echo(f"When you have sent it, record that: mfc-docs notify {child_id} --episode {result.episode_number}"
                   f"{' --return' if is_return else ''} --sent-to \"WHO\"")
    click.echo(f"Text: {result.text}")
    if result.docx:
        click.echo(f"Word: {result.docx}")
    click.echo(str(result.pdf))


@main.command()
@click.argument("child_id")
@click.argument("home_dir", required=False, default=".", type=click.Path(path_type=Path, file_okay=False))
@click.option("--sent-to", metavar="WHO", help="Record in the child's profile that it was sent, now, to WHO.")
@click.option("--by", "sender", default="", metavar="NAME", help="Your name and role: printed and recorded as the sender.")
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Output folder (default: HOME_DIR/output).")
@click.option("--now", "now_text", hidden=True, type=click.DateTime(formats=["%Y-%m-%d %H:%M"]),
              help="Pretend it is this time (YYYY-MM-DD HH:MM); for tests.")
def transfer(child_id: str, home_dir: Path, sent_to: str | None, sender: str, out_dir: Path | None, now_text) -> None:
    """Write the encrypted pack that goes with CHILD_ID to the next placement, and record it was sent.

    \b
    Example:  mfc-docs transfer nhung --sent-to "Larchfield House, manager" --by "Jess Armitage, manager"
    One PDF (AES-256, opened with a passphrase printed once): Part 1 of the police pack, every missing
    episode with its police reference, the risk assessment and its communication strategy.
    """
    from .rules.dates import home_now

    from .commands.report_questions import print_transfer
    from .commands.transfer import make_transfer

    child_id = known_child_id(home_dir, child_id)
    guard_output(home_dir, out_dir)
    result = make_transfer(home_dir, child_id, sent_to=sent_to, by=sender, out_dir=out_dir,
                           now=now_text or home_now())
    sys.exit(print_transfer(result, child_id, sent_to))


@main.command()
@home_dir_argument
@click.option("--json", "as_json", is_flag=True, help="Print the findings as a JSON list (for scripts).")
@click.option("--email", "by_email", is_flag=True,
              help="Also email the list to the addresses in home_config.yaml (email:), e.g. from a scheduler.")
@today_option
def check(home_dir: Path, as_json: bool, by_email: bool, today) -> None:
    """List what is overdue or due soon: interviews, reviews, Reg 40 decisions, escalations, review cycles.

    \b
    Example:  mfc-docs check
              mfc-docs check path/to/home --json
    Most urgent first. Exit 0 when nothing is overdue, 1 when something is (or the data has errors).
    """
    from .commands.check import errors_json, list_findings
    from .input.home_data import load_home

    home = load_home(home_dir, _today(today))
    if home.errors:
        if as_json:  # a program reading --json always gets JSON: here, the data errors
            click.echo(errors_json(home.errors))
        else:
            print_problems(home.problems, home.files_checked)
        sys.exit(1)
    sys.exit(list_findings(home, as_json=as_json, by_email=by_email))


@main.command()
@home_dir_argument
@click.option("--month", "month_text", metavar="YYYY-MM",
              help="The month to report on (default: last month).")
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Output folder (default: HOME_DIR/output); the files go into its dashboard/ folder.")
@click.option("--format", "fmt", type=click.Choice(["all", "docx", "pdf"], case_sensitive=False), default="all", show_default=True,
              help="Which formats to write.")
@today_option
def dashboard(home_dir: Path, month_text: str | None, out_dir: Path | None, fmt: str, today) -> None:
    """Write the manager's monthly oversight dashboard for one month (Word and PDF).

    \b
    Example:  mfc-docs dashboard                    (last month)
              mfc-docs dashboard --month 2026-10 --format pdf
    For the Registered Manager's monthly review, Reg 44 visits and the Reg 45 report.
    """
    from .commands.dashboard import build_dashboard
    from .documents.dashboard import parse_month, previous_month

    guard_output(home_dir, out_dir)
    day = _today(today)
    try:
        month = parse_month(month_text) if month_text else previous_month(day)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--month") from None
    if month > day:
        raise click.BadParameter(f"{month:%B %Y} has not started yet.", param_hint="--month")
    formats = ("docx", "pdf") if fmt == "all" else (fmt,)
    written = build_dashboard(home_dir, month, out_dir, formats=formats, today=day)
    for warning in written.warnings:
        click.echo(warning)
    for fmt_written in formats:
        click.echo(str(written.paths[fmt_written]))


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
    from .input.home_data import HOME_CONFIG, no_config_message
    from .web.server import ServeError, serve as run

    if not (home_dir / HOME_CONFIG).is_file():
        message = no_config_message(home_dir, "serve")
        click.echo(message[0].upper() + message[1:])
        sys.exit(1)
    try:
        run(home_dir, port, open_browser=not no_browser, echo=click.echo)
    except ServeError as exc:
        click.echo(f"Cannot start: {exc}")
        sys.exit(1)


@main.command()
@click.argument("child_id")
@home_dir_argument
@click.option("--on", "on_text", metavar="YYYY-MM-DD", help="Show the documents that were in use on this date.")
@click.option("--copy-to", type=click.Path(path_type=Path, file_okay=False), help="With --on: copy them here.")
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Output folder (default: HOME_DIR/output), where the archive is.")
def history(child_id: str, home_dir: Path, on_text: str | None, copy_to: Path | None, out_dir: Path | None) -> None:
    """Every archived version of a child's documents, or those in use on a date (--on).

    \b
    Example:  mfc-docs history nhung --on 2026-11-20 --copy-to for-the-inspector
    """
    from .commands.history import run_history
    child_id = known_child_id(home_dir, child_id)
    run_history(out_dir or home_dir / "output", child_id, on_text, copy_to, click.echo)


@main.command()
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("schema"),
              show_default=True, help="Folder to write the JSON Schemas into.")
def schema(out_dir: Path) -> None:
    """Write a JSON Schema for each file kind, for editors that check YAML while you type (VS Code).

    \b
    Example:  mfc-docs schema -o schema        (run in the home's folder)
    Writes home_config.schema.json, profile.schema.json and episodes.schema.json, made from the
    same rules as 'mfc-docs validate'. Then make a file's first line point at its schema (shown
    after writing), and VS Code's YAML extension completes field names and checks as you type.
    """
    from .commands.schema import write_json_schemas

    sys.exit(write_json_schemas(out_dir, click.echo))
