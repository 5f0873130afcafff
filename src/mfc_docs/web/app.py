"""The Flask application: security on every request, the home read from its files, friendly errors.

The web layer is one more way into the library, like ``cli.py``: a view parses
the request, calls the library (load, validate, check, report, the episode
writer) and renders a page. The files are the truth: the home is read from disk
on each request, and read again only when a file changed (size or time).
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from flask import Flask, Response, abort, g, redirect, render_template, request
from markupsafe import Markup

from ..input.home_data import HomeData, load_home
from ..rules.dates import home_now
from .security import ALLOWED_METHODS, CSRF_FIELD, NAME_COOKIE, SECURITY_HEADERS, TOKEN_PARAMETER, Guard


@dataclass
class Settings:
    home_dir: Path
    out_dir: Path
    guard: Guard
    clock: "callable" = home_now  # the home's clock, whatever the computer's zone; tests set a fixed one

    def now(self) -> datetime:
        return self.clock().replace(second=0, microsecond=0)


class HomeCache:
    """The home as loaded from its files, reloaded when any file changed or the day changed."""

    def __init__(self, home_dir: Path):
        self.home_dir = Path(home_dir)
        self._key = None
        self._home: HomeData | None = None
        self._lock = threading.Lock()

    def _state(self, today: date) -> tuple:
        from ..pipeline import source_files

        stats = []
        for path in source_files(self.home_dir):
            try:
                info = path.stat()
            except OSError:
                continue
            stats.append((str(path), info.st_size, info.st_mtime_ns))
        return today, tuple(stats)

    def get(self, today: date) -> HomeData:
        key = self._state(today)
        with self._lock:
            if key != self._key or self._home is None:
                self._home = load_home(self.home_dir, today)
                self._key = key
            return self._home


def create_app(home_dir: Path, guard: Guard, *, out_dir: Path | None = None, clock=None) -> Flask:
    """The web application for one home; ``guard`` holds this start's token, cookie and CSRF secrets."""
    app = Flask(__name__, static_folder="static", template_folder="templates")
    home_dir = Path(home_dir)
    settings = Settings(home_dir, Path(out_dir) if out_dir else home_dir / "output", guard)
    if clock is not None:
        settings.clock = clock
    app.config["MFC"] = settings
    app.config["MFC_HOME"] = HomeCache(home_dir)
    app.config["MAX_CONTENT_LENGTH"] = 256 * 1024  # forms only: no uploads in this version
    app.jinja_env.autoescape = True
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.globals["csrf_field"] = lambda: Markup(
        f'<input type="hidden" name="{CSRF_FIELD}" value="{guard.csrf}">')
    logging.getLogger("waitress").setLevel(logging.ERROR)

    @app.before_request
    def _guard():
        # 1. DNS rebinding: a page on another name that resolves to 127.0.0.1 is refused before anything else.
        if not guard.host_ok(request.host):
            return _refuse(403, "This address is not allowed", "Open mfc-docs with the link printed when it started "
                                                                 "(it starts with http://127.0.0.1).")
        if request.method not in ALLOWED_METHODS:
            return _refuse(405, "Not allowed", "This kind of request is not used by mfc-docs.")
        # 2. The token from the printed link, once: swapped for a cookie, then dropped from the address.
        token = request.args.get(TOKEN_PARAMETER)
        if token is not None:
            if not guard.token_ok(token):
                return _refuse(401, "This link is out of date",
                               "Each start of mfc-docs prints a new link. Use the one printed in the window where "
                               "mfc-docs serve is running.")
            rest = [(k, v) for k, v in request.args.items(multi=True) if k != TOKEN_PARAMETER]
            from urllib.parse import urlencode

            target = request.path + (f"?{urlencode(rest)}" if rest else "")
            response = redirect(target, code=303)
            response.set_cookie(guard.cookie_name, guard.session, httponly=True, samesite="Strict", path="/")
            return response
        if not guard.session_ok(request.cookies.get(guard.cookie_name)):
            return _refuse(401, "Open mfc-docs from its link",
                           "This page needs the link printed by 'mfc-docs serve' (it ends with ?token=...). "
                           "Copy it from the window where mfc-docs is running.")
        # 3. Anything that changes a file: from this page only, with its CSRF token.
        if request.method == "POST":
            if not guard.origin_ok(request.headers.get("Origin"), request.host):
                return _refuse(403, "Refused", "This form was not sent from the mfc-docs page itself.")
            site = request.headers.get("Sec-Fetch-Site")
            if site is not None and site not in ("same-origin", "none"):
                return _refuse(403, "Refused", "This form was not sent from the mfc-docs page itself.")
            if not guard.csrf_ok(request.form.get(CSRF_FIELD)):
                return _refuse(403, "The form has expired",
                               "mfc-docs was restarted since this page was opened, or the page did not come from "
                               "mfc-docs. Go back, reload the page and send it again.")
        g.settings = settings
        g.now = settings.now()
        g.home = app.config["MFC_HOME"].get(g.now.date())
        g.name = request.cookies.get(NAME_COOKIE, "")
        return None

    @app.context_processor
    def _home_name():
        home = getattr(g, "home", None)
        if home is None:
            return {}
        return {"home_name": home.config["home"]["name"] if home.config else home.root.name}

    @app.after_request
    def _headers(response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers[name] = value
        return response

    @app.errorhandler(404)
    def _not_found(_error):
        return _refuse(404, "Page not found", "There is nothing here. Go back to the home's page.", link=True)

    @app.errorhandler(413)
    def _too_large(_error):
        return _refuse(413, "Too much text", "The form was too large to record. Shorten the longest answer.", link=True)

    @app.errorhandler(Exception)
    def _unexpected(error):
        from werkzeug.exceptions import HTTPException

        if isinstance(error, HTTPException):
            return _refuse(error.code or 500, error.name, error.description or "", link=True)
        print("mfc-docs serve: an unexpected error (the page shows a short message):", file=sys.stderr)
        traceback.print_exception(error, file=sys.stderr)
        return _refuse(500, "Something went wrong",
                       "mfc-docs could not show this page. Nothing was written. The details are in the window where "
                       "mfc-docs serve is running. If a child is missing, use the printed police pack and the "
                       "checklist in the shift folder.", link=True)

    from . import views_episode, views_home, views_profile

    views_home.register(app)
    views_episode.register(app)
    views_profile.register(app)
    from . import views_photo

    views_photo.register(app)
    from . import views_children; views_children.register(app)  # noqa: E702 - one line per engineer's views
    from . import views_handover; views_handover.register(app)  # noqa: E702 - one line per engineer's views
    from . import views_review

    views_review.register(app)
    return app


def _refuse(status: int, title: str, message: str, link: bool = False) -> Response:
    body = render_template("refused.html", title=title, message=message, link=link)
    return Response(body, status=status, mimetype="text/html")


def not_found() -> None:
    abort(404)


__all__ = ["NAME_COOKIE", "create_app"]
