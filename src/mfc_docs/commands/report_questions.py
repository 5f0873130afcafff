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
from .report import ReportError, parse_when, read_answer

# Arrow keys at a prompt leave invisible control codes in the answer.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def part2_answers(fields: dict[str, str | None], *, ask: bool, now: datetime) -> dict[str, str]:
    """Part 2 as given in options, each checked before any question, then asked for when ``ask``.

    Each time is also held as a moment, so a last-seen time after the found-gone time is refused as the
    web form refuses it: the police must never be handed a pack whose times contradict each other.
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
    if _seen_after_gone(moments):
        raise ReportError(f"--last-seen ({_when(moments, 'last_seen_at')}) is after --found-gone "
                          f"({_when(moments, 'found_gone_at')}): a child is last seen before staff find them "
                          "gone. Check both times (a time later than now is read as yesterday), then run the report "
                          "again.")
    for field in ASKED_FIELDS:
        value = fields.get(field.key)
        if value is None and ask:
            value = click.prompt(field.prompt, default="", show_default=False,
                                 value_proc=_checked_answer(field, now, moments))
        values[field.key] = _CONTROL.sub("", value or "").strip()
    return values


def _seen_after_gone(moments: dict[str, datetime]) -> bool:
    seen, gone = moments.get("last_seen_at"), moments.get("found_gone_at")
    return bool(seen and gone and seen > gone)


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
                if _seen_after_gone({**moments, field.key: moment}):
                    raise ReportError(f"{british_datetime(moment)} is after the time staff found them gone "
                                      f"({_when(moments, 'found_gone_at')}): type the time they were last "
                                      "seen, before that.")
                moments[field.key] = moment
            return read_answer(field, text, now)
        except ReportError as exc:
            raise click.BadParameter(str(exc)) from None

    return read
