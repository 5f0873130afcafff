"""mfc-docs check --email: the overdue list reaches people, through a real SMTP server on 127.0.0.1."""

from __future__ import annotations

import json
import socket
import ssl
from email import message_from_bytes, policy
from pathlib import Path

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from click.testing import CliRunner

from mfc_docs.cli import main

from .conftest import edit

TODAY = "2026-11-24"
USER, PASSWORD = "larkspur.office", "correct horse"

EPISODES = """\
episodes:
  - found_gone_at: 2026-11-20 21:40
    last_seen_at: 2026-11-20 21:15
    risk_level: medium
    returned_at: 2026-11-21 07:00
    recorded_by: Jamie Doe
"""


class Inbox:
    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == USER.encode() and \
        auth_data.password == PASSWORD.encode()
    return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535 itself


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def certificate(tmp_path: Path, monkeypatch):
    """A certificate authority made by the test, trusted by the client through SSL_CERT_FILE."""
    ca = trustme.CA()
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("localhost", "127.0.0.1").configure_cert(server)
    return server


def start(inbox: Inbox, *, tls: ssl.SSLContext | None = None, starttls: ssl.SSLContext | None = None) -> Controller:
    kwargs = dict(hostname="127.0.0.1", port=free_port(), authenticator=authenticator, auth_required=True,
                  # with implicit TLS the whole connection is encrypted, but aiosmtpd only counts STARTTLS as TLS
                  auth_require_tls=bool(starttls))
    if tls:
        kwargs["ssl_context"] = tls
    if starttls:
        kwargs.update(tls_context=starttls, require_starttls=True)
    controller = Controller(inbox, **kwargs)
    controller.start()
    return controller


def home_with_email(home: Path, port: int, security: str) -> Path:
    (home / "young_people" / "alex" / "episodes.yaml").write_text(EPISODES, encoding="utf-8")
    with (home / "home_config.yaml").open("a", encoding="utf-8") as f:
        f.write(f"email:\n  smtp_host: {'localhost' if security != 'none' else '127.0.0.1'}\n  smtp_port: {port}\n"
                f"  security: {security}\n  username: {USER}\n  from: reminders@example.org\n"
                "  to:\n    - manager@example.org\n    - deputy@example.org\n")
    return home


def check(home: Path, *args: str, password: str | None = PASSWORD):
    env = {"MFC_DOCS_SMTP_PASSWORD": password} if password is not None else {}
    return CliRunner().invoke(main, ["check", str(home), "--today", TODAY, *args], env=env)


@pytest.mark.parametrize("security", ["starttls", "tls", "none"])
def test_the_email_holds_the_same_findings_as_check_json(minimal_home: Path, certificate, security: str) -> None:
    inbox = Inbox()
    controller = start(inbox, tls=certificate if security == "tls" else None,
                       starttls=certificate if security == "starttls" else None)
    try:
        home = home_with_email(minimal_home, controller.port, security)
        listed = json.loads(check(home, "--json", password=None).stdout)
        result = check(home, "--email")
    finally:
        controller.stop()
    assert result.exit_code in (0, 1) and "Emailed the list" in result.output, result.output
    assert len(inbox.messages) == 1
    recipients, message = inbox.messages[0]
    assert recipients == ["manager@example.org", "deputy@example.org"]
    body = message.get_content()
    assert listed, "the fixture must have something due"
    items = [line for line in body.splitlines() if line.startswith("- ")]
    assert len(items) == len(listed)
    for item, finding in zip(items, listed):  # the same findings, in the same order
        assert finding["what"] in item and finding["status"].replace("_", " ").upper()[:7] in item.upper()
    overdue = sum(f["status"] == "overdue" for f in listed)
    assert message["Subject"] == f"Fixture House & Annexe: {overdue} overdue, {len(listed) - overdue} due soon (missing from care)"
    assert "O'Brien" not in body and "Łukasz" not in body and "Alex" in body  # preferred names only
    log = (home / "output" / "audit.log").read_text(encoding="utf-8")
    assert "emailed the overdue and due-soon list" in log and "manager@example.org" in log


def test_a_refused_login_is_a_clear_message_and_exit_1(minimal_home: Path, certificate) -> None:
    inbox = Inbox()
    controller = start(inbox, starttls=certificate)
    try:
        home = home_with_email(minimal_home, controller.port, "starttls")
        result = check(home, "--email", password="wrong password")
    finally:
        controller.stop()
    assert result.exit_code == 1 and inbox.messages == []
    assert "refused the login for larkspur.office" in result.output and "Nothing was sent." in result.output
    assert "overdue, " in result.output.splitlines()[-2]  # the list itself was still printed, before the failure
    assert "Traceback" not in result.output
    assert not (home / "output" / "audit.log").exists()  # nothing recorded as sent


def test_no_password_anywhere_is_said_before_connecting(minimal_home: Path) -> None:
    home = home_with_email(minimal_home, free_port(), "starttls")
    result = check(home, "--email", password=None)
    assert result.exit_code == 1 and "MFC_DOCS_SMTP_PASSWORD" in result.output and "Nothing was sent." in result.output


def test_a_server_that_is_not_there_is_a_clear_message(minimal_home: Path) -> None:
    home = home_with_email(minimal_home, free_port(), "none")
    result = check(home, "--email")
    assert result.exit_code == 1 and "Cannot email the list: could not send through the mail server" in result.output
    assert "Traceback" not in result.output


def test_a_password_in_the_yaml_is_an_error_saying_where_to_put_it(minimal_home: Path) -> None:
    home = home_with_email(minimal_home, 25, "starttls")
    edit(home / "home_config.yaml", f"  username: {USER}\n", f"  username: {USER}\n  password: hunter2\n")
    result = CliRunner().invoke(main, ["validate", str(home), "--today", TODAY])
    assert result.exit_code == 1
    assert "email.password: a password must never be written in home_config.yaml" in result.output
    assert "MFC_DOCS_SMTP_PASSWORD" in result.output and "keyring set mfc-docs" in result.output


def test_without_an_email_section_it_says_what_to_add(minimal_home: Path) -> None:
    result = check(minimal_home, "--email")
    assert result.exit_code == 1 and "no 'email:' section" in result.output


def test_the_password_comes_from_the_environment_first_then_the_keyring() -> None:
    import keyring
    from keyring.backend import KeyringBackend

    from mfc_docs.output.mail import password_for

    class Memory(KeyringBackend):
        priority = 1
        stored = {("mfc-docs", USER): "from the keyring"}

        def get_password(self, service, username):
            return self.stored.get((service, username))

        def set_password(self, service, username, password):  # pragma: no cover - not used
            self.stored[(service, username)] = password

        def delete_password(self, service, username):  # pragma: no cover - not used
            self.stored.pop((service, username), None)

    before = keyring.get_keyring()
    keyring.set_keyring(Memory())
    try:
        settings = {"username": USER, "password_env": "HOME_SMTP"}
        assert password_for(settings, {"HOME_SMTP": "from the environment"}) == "from the environment"
        assert password_for(settings, {}) == "from the keyring"
        assert password_for({"username": "someone else"}, {}) is None
    finally:
        keyring.set_keyring(before)
