"""The questions ``mfc-docs report`` asks in a terminal, and the passphrase it (and ``transfer``) says once.

Kept apart from ``commands/report.py`` (which makes the pack and prints nothing) because these
talk to the person at the keyboard: a typed answer that cannot be understood is asked again, not
given up on, and the passphrase is shown with how to pass it on, since it is kept nowhere.
"""

from __future__ import annotations

import re
from datetime import datetime

import click

from ..input.schema.part2 import ASKED_FIELDS
from ..rules.dates import british_datetime
from .report import HAND_OVER, ReportError, parse_when, read_answer

# Arrow keys at a prompt leave invisible control codes in the answer.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def part2_answers(fields: dict[str, str | None], *, ask: bool, now: datetime) -> dict[str, str]:
    """Part 2 as given in options, each checked before any question, then asked for when ``ask``.

    Each time is also held as a moment, so a last-seen time after the found-gone time, or a report to the
    police before the child went missing, is refused as the web form and episodes.yaml refuse them: the
    police must never be handed a pack whose times contradict each other.
    """
    values: dict[str, str] = {}
    moments: dict[str, datetime] = {}
    for field in ASKED_FIELDS:  # values given as options are checked before any question
        if fields.get(field.key):
            try:
                if field.kind == "time":
                    moments[field.key] = parse_when(fields[field.key], now)
                fields[field.key] = read_answer(field, fields[field.key], now)
            except ReportError as exc:
                raise ReportError(f"--{field.option}: {exc}") from None
    problem = _order_problem(moments)
    if problem:
        subject, relation, other, why, _ = problem
        raise ReportError(f"--{_OPTION[subject]} ({_when(moments, subject)}) is {relation} --{_OPTION[other]} "
                          f"({_when(moments, other)}): {why} Check both times (a time later than now is read as "
                          "yesterday), then run the report again.")
    for field in ASKED_FIELDS:
        value = fields.get(field.key)
        if value is None and ask:
            value = _ask(field.prompt, default="", show_default=False, value_proc=_checked_answer(field, now, moments))
        values[field.key] = _CONTROL.sub("", value or "").strip()
    return values


def _ask(question: str, **options):
    """One question; Ctrl-C or Ctrl-D there is said as what it means for the night, not as 'Aborted!'."""
    try:
        return click.prompt(question, **options)
    except click.Abort:
        raise ReportError("stopped at a question, so no pack was printed and nothing was recorded. Run the "
                          f"command again to make the pack. {HAND_OVER}") from None


def risk_answer(assessed: str) -> str:
    """The risk level now, asked last: the assessment's level offered, a higher one allowed."""
    return _ask(f"Risk level now (the risk assessment says {assessed}; it may be raised)",
                type=click.Choice(["high", "medium", "low"], case_sensitive=False), default=assessed)


# Times a pack must never contradict, as episodes.yaml's checks (input/episodes.py) have them:
# (this time, is never ..., that time, why, what to type at the prompt).
_ORDER = (
    ("last_seen_at", "after", "found_gone_at", "a child is last seen before staff find them gone.",
     "type the time they were last seen, before that."),
    ("reported_at", "before", "last_seen_at", "the police are told after the child was last seen.",
     "type when the police were told, after that."),
    ("reported_at", "before", "found_gone_at", "the police are told after the child went missing.",
     "type when the police were told, after that."),
)
_OPTION = {field.key: field.option for field in ASKED_FIELDS}
_NAMED = {"found_gone_at": "the time staff found them gone", "last_seen_at": "the time they were last seen"}


def _order_problem(moments: dict[str, datetime]) -> tuple | None:
    for subject, relation, other, why, prompt in _ORDER:
        if other == "found_gone_at" and subject == "reported_at" and "last_seen_at" in moments:
            continue  # the police may be told before staff find the child gone, never before they were last seen
        this, that = moments.get(subject), moments.get(other)
        if this and that and (this > that if relation == "after" else this < that):
            return subject, relation, other, why, prompt
    return None


def _when(moments: dict[str, datetime], key: str) -> str:
    return british_datetime(moments[key])


def print_passphrase(protected, again: str = "run the report again") -> None:
    """The passphrase, once: it is kept nowhere, so it is said here how to pass it on."""
    click.echo("")
    click.echo(f"To email (encrypted, AES-256): {protected.path}")
    click.echo(f"  Passphrase:  {protected.passphrase}")
    click.echo("  All lower case, one space between words. Read it out on the phone; never put it in the same "
               "email as the file.")
    click.echo(f"  It is not saved anywhere: write it down now if you need it again, or {again} "
               "for a new copy.")
    click.echo("")


def print_transfer(result, child_id: str, sent_to: str | None) -> int:
    """What ``mfc-docs transfer`` made, its passphrase once, and whether the sending was recorded: the exit code."""
    for warning in result.warnings:
        click.echo(warning)
    print_passphrase(result.protected, again=f"run 'mfc-docs transfer {child_id}' again")
    if result.record_problem:
        click.echo(result.record_problem)
        return 1
    if result.recorded:
        click.echo(f"Recorded in {child_id}'s profile (transfers): sent to {sent_to}.")
    else:
        click.echo(f'When you send it, record that: mfc-docs transfer {child_id} --sent-to "WHO" (a new pack).')
    click.echo(str(result.protected.path))
    return 0


def _checked_answer(field, now, moments: dict[str, datetime]):
    """Read a typed answer, asking again (not giving up) when it cannot be understood."""
    def read(text: str) -> str:
        if not text.strip():
            return ""
        try:
            if field.kind == "time":
                moment = parse_when(text, now)
                problem = _order_problem({**moments, field.key: moment})
                if problem:
                    _, relation, other, _, prompt = problem
                    raise ReportError(f"{british_datetime(moment)} is {relation} {_NAMED[other]} "
                                      f"({_when(moments, other)}): {prompt}")
                moments[field.key] = moment
            return read_answer(field, text, now)
        except ReportError as exc:
            raise click.BadParameter(str(exc)) from None

    return read
