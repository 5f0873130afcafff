"""``mfc-docs check``: what is overdue or due soon, as a table, as JSON for scripts, or emailed.

With ``--json`` a program always gets JSON (the data errors too), and an email that fails is said
before the JSON, so what is printed stays parseable. Without it, the list is on screen (and in a
scheduler's log) even when the email then fails.
"""

from __future__ import annotations

import json

import click

from ..input.home_data import HomeData
from ..problems import Problem, sort_problems
from ..rules.deadlines import OVERDUE, Finding, findings, format_table, limits_of, summary


def errors_json(errors: list[Problem]) -> str:
    """The data errors, for a program reading --json."""
    return json.dumps({"errors": [
        {"file": p.file, "line": p.line, "column": p.column, "field": p.path, "message": p.message}
        for p in sort_problems(errors)]}, indent=2, ensure_ascii=False)


def list_findings(home: HomeData, *, as_json: bool, by_email: bool) -> int:
    """Print (and with ``by_email`` send) the list of a home without data errors; the exit code: 1 when something is overdue."""
    found = findings(home)
    due_soon_days = limits_of(home.config)["due_soon_days"]
    if by_email and as_json:  # a failure is then said before any JSON, which stays parseable when it is printed
        email_findings(home, found, summary(found, due_soon_days))
    if as_json:
        click.echo(json.dumps([f.to_json() for f in found], indent=2, ensure_ascii=False))
    else:
        if found:
            click.echo(format_table(found))
        warnings = sum(1 for p in home.problems if not p.is_error)
        click.echo(summary(found, due_soon_days, warnings))
        if by_email:  # the list is on screen (and in the scheduler's log) even when the email fails
            email_findings(home, found, summary(found, due_soon_days))
    return 1 if any(f.status == OVERDUE for f in found) else 0


def email_findings(home: HomeData, found: list[Finding], summary_text: str) -> None:
    """Send the list (a failure is a message and exit 1; the list is still printed by 'mfc-docs check')."""
    from ..output.audit import append_audit
    from ..output.mail import MailError, password_for, reminder_message, send

    settings = home.config.get("email")
    if not settings:
        raise MailError("home_config.yaml has no 'email:' section, so there is nobody to send the list to. Add it "
                        "(see README, 'Reminders by email'), then run the command again.")
    message = reminder_message(found, home_name=home.config["home"]["name"], sender=settings["from"],
                               to=list(settings["to"]), summary=summary_text)
    send(settings, message, password_for(settings))
    append_audit(home.root / "output", who="mfc-docs check --email", file="home_config.yaml", record="email.to",
                 action=f"emailed the overdue and due-soon list ({len(found)} items) to {', '.join(settings['to'])}")
    click.echo(f"Emailed the list ({len(found)} items) to {', '.join(settings['to'])}.", err=True)
