"""Fixtures for the web page: an app over a copy of the sample home, signed in, with a fixed clock."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest

from mfc_docs.web.app import create_app
from mfc_docs.web.security import Guard

PORT = 8765  # the test client never opens a socket; the port is only what Host and Origin must name
HOST = f"127.0.0.1:{PORT}"
ORIGIN = f"http://{HOST}"
NOW = datetime(2026, 11, 24, 21, 30)  # the sample data is written against this evening


class Browser:
    """A Flask test client that behaves like the page in a browser: right Host, Origin and CSRF token."""

    def __init__(self, app, guard: Guard):
        self.app = app
        self.client = app.test_client()
        self.guard = guard

    def app_home(self):
        """The home as the files say now (read again, as the next page would)."""
        from mfc_docs.input.home_data import load_home

        return load_home(self.app.config["MFC"].home_dir, NOW.date())

    def sign_in(self) -> "Browser":
        response = self.client.get(f"/?token={self.guard.token}", headers={"Host": HOST})
        assert response.status_code == 303
        return self

    def get(self, path: str, **headers):
        return self.client.get(path, headers={"Host": HOST, **headers})

    def post(self, path: str, data: dict, *, csrf: bool = True, **headers):
        form = dict(data)
        if csrf:
            form.setdefault("csrf_token", self.guard.csrf)
        return self.client.post(path, data=form, headers={"Host": HOST, "Origin": ORIGIN, **headers})

    def form_value(self, path: str, name: str) -> str:
        page = self.get(path).get_data(as_text=True)
        match = re.search(rf'name="{name}" value="([^"]*)"', page)
        assert match, f"no {name} on {path}"
        return match.group(1)


@pytest.fixture
def guard() -> Guard:
    return Guard(port=PORT)


@pytest.fixture
def make_browser(guard):
    def make(home: Path, clock=lambda: NOW) -> Browser:
        app = create_app(home, guard, clock=clock)
        return Browser(app, guard)

    return make


@pytest.fixture
def browser(sample_home: Path, make_browser) -> Browser:
    return make_browser(sample_home).sign_in()


def text_of(response) -> str:
    """The page's text without tags, spaces collapsed: what a person reads."""
    import html

    body = response.get_data(as_text=True)
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", body, flags=re.S)
    body = re.sub(r"</?(span|strong|a|em|b|label)\b[^>]*>", "", body)  # inline: part of the sentence
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body))).strip()
