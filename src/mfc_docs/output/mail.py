"""Reminders that reach people: the overdue and due-soon list, emailed through the home's own mail server.

Meant to run from a scheduler at each shift change (``mfc-docs check --email``). The email is
short plain text; its subject never names a child and its body uses the names staff use day to
day (never a full legal name), since mail passes through servers the home does not control.
The password is never in home_config.yaml: it comes from an environment variable or the
system keyring. Every sending is written to the home's audit log.
"""

from __future__ import annotations

import os
import smtplib
import socket
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import TYPE_CHECKING

from ..problems import MfcError

if TYPE_CHECKING:
    from ..rules.deadlines import Finding

TIMEOUT_SECONDS = 30


class MailError(MfcError):
    """The reminder could not be sent; the message says why and what to change."""


def password_for(settings: dict, environ: dict[str, str] | None = None) -> str | None:
    """The mail server's password: the environment variable first, then the system keyring, else None."""
    environ = os.environ if environ is None else environ
    name = settings.get("password_env") or "MFC_DOCS_SMTP_PASSWORD"
    if environ.get(name):
        return environ[name]
    if not settings.get("username"):
        return None
    try:
        import keyring  # optional: pip install keyring
    except ImportError:
        return None
    try:
        return keyring.get_password("mfc-docs", settings["username"])
    except Exception:  # noqa: BLE001 - no keyring backend on this machine: as if none were stored
        return None


def reminder_message(found: list["Finding"], *, home_name: str, sender: str, to: list[str],
                     summary: str) -> EmailMessage:
    """The email: a subject with counts only, a body of one line per finding (preferred names, no file paths)."""
    from ..rules.dates import british_date
    from ..rules.deadlines import OVERDUE, due_text, status_text

    overdue = sum(f.status == OVERDUE for f in found)
    soon = len(found) - overdue
    message = EmailMessage()
    message["Subject"] = f"{home_name}: {overdue} overdue, {soon} due soon (missing from care)"
    message["From"] = sender
    message["To"] = ", ".join(to)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1])
    lines = [summary, ""]
    for f in found:  # the same words as 'check --json' gives for each finding
        episode = f" (episode of {british_date(f.episode)})" if f.episode else ""
        lines.append(f"- {status_text(f)}, due {due_text(f.due)}: {f.name}: {f.what}{episode}")
    lines += ["", "Sent by mfc-docs check --email. Run 'mfc-docs check' at the home for the file and line of each.",
              "Reply to nobody: this mailbox is not read."]
    message.set_content("\n".join(lines) + "\n")
    return message


def send(settings: dict, message: EmailMessage, password: str | None) -> None:
    """Deliver ``message`` through the configured server, or raise MailError saying what to fix."""
    host, port, security = settings["smtp_host"], int(settings.get("smtp_port") or 587), settings.get("security") or "starttls"
    where = f"the mail server {host}:{port}"
    username = settings.get("username")
    if username and password is None:
        raise MailError(f"{where} needs the password for {username}, and none was found. Set the environment "
                        f"variable {settings.get('password_env') or 'MFC_DOCS_SMTP_PASSWORD'} in the scheduled task, "
                        f"or store it with 'keyring set mfc-docs {username}'. Nothing was sent.")
    context = ssl.create_default_context()
    try:
        if security == "tls":
            server = smtplib.SMTP_SSL(host, port, timeout=TIMEOUT_SECONDS, context=context)
        else:
            server = smtplib.SMTP(host, port, timeout=TIMEOUT_SECONDS)
        with server:
            if security == "starttls":
                server.starttls(context=context)
            if username:
                server.login(username, password or "")
            refused = server.send_message(message)
    except smtplib.SMTPAuthenticationError:
        raise MailError(f"{where} refused the login for {username}: check the username in home_config.yaml "
                        "(email.username) and the password in the environment variable or keyring. "
                        "Nothing was sent.") from None
    except smtplib.SMTPNotSupportedError:
        raise MailError(f"{where} does not offer STARTTLS or login: check email.security (starttls, tls or none) "
                        "and email.smtp_port. Nothing was sent.") from None
    except ssl.SSLError as exc:
        raise MailError(f"a secure connection to {where} failed ({exc.reason or exc}). Check email.security "
                        "(tls for port 465, starttls for 587) and that the server's certificate is trusted. "
                        "Nothing was sent.") from None
    except (socket.timeout, TimeoutError):
        raise MailError(f"{where} did not answer within {TIMEOUT_SECONDS} seconds. Check email.smtp_host and "
                        "email.smtp_port, and the network. Nothing was sent.") from None
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(f"could not send through {where} ({exc}). Check email.smtp_host, email.smtp_port and "
                        "email.security. Nothing was sent.") from None
    if refused:
        raise MailError(f"{where} refused {', '.join(sorted(refused))}; the others were sent. Check those addresses "
                        "in email.to.")


__all__ = ["MailError", "password_for", "reminder_message", "send"]
