"""What keeps children's records on a local server private: every rule in one place, each with its test.

A local server is reachable by every web page the same person has open, and by
anything else running on the machine. So (following JupyterLab's server):

* it listens on 127.0.0.1 only (``check_bind_address`` refuses anything else);
* a random token is made at each start and printed once; opening the URL with it
  swaps it for an HttpOnly, SameSite=Strict cookie; any request without that
  cookie is refused (401);
* the ``Host`` header must be ``127.0.0.1:PORT`` or ``localhost:PORT``, so a
  hostile site cannot rebind its own name to 127.0.0.1 and read the pages (403);
* every request that changes anything (POST) must come from this origin
  (``Origin`` header) and carry the page's CSRF token (403);
* every response forbids loading anything from elsewhere (Content-Security-Policy),
  framing by other sites, caching on disk and sending the address onwards.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from dataclasses import dataclass, field
from urllib.parse import urlencode

ALLOWED_METHODS = frozenset({"GET", "HEAD", "POST"})
TOKEN_PARAMETER = "token"
CSRF_FIELD = "csrf_token"
NAME_COOKIE = "mfc_docs_name"  # who is using this browser: remembered so each log entry is one tap

CONTENT_SECURITY_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                           "font-src 'self'; connect-src 'self'; form-action 'self'; frame-src 'self'; "
                           "object-src 'self'; frame-ancestors 'self'; base-uri 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "SAMEORIGIN",
    "Referrer-Policy": "same-origin",  # not no-referrer: with it, browsers send "Origin: null" on POST
    "Cache-Control": "no-store",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


class UnsafeBind(Exception):
    """Asked to listen somewhere other pages or machines could reach."""


def check_bind_address(host: str) -> str:
    """Only 127.0.0.1: not 0.0.0.0, not a LAN address, not even ::1 (the printed URL names 127.0.0.1)."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raise UnsafeBind(f"mfc-docs serve listens on 127.0.0.1 only, not on '{host}'.") from None
    if str(address) != "127.0.0.1":
        raise UnsafeBind(f"mfc-docs serve listens on 127.0.0.1 only, not on {host}: children's records must not be "
                         "reachable from other machines.")
    return "127.0.0.1"


@dataclass
class Guard:
    """The secrets of one server start, and the checks made on every request."""

    port: int
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    session: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))

    @property
    def cookie_name(self) -> str:
        return f"mfc_docs_session_{self.port}"  # cookies ignore ports: one per server

    @property
    def allowed_hosts(self) -> frozenset[str]:
        return frozenset({f"127.0.0.1:{self.port}", f"localhost:{self.port}"})

    def start_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/?{urlencode({TOKEN_PARAMETER: self.token})}"

    def host_ok(self, host: str | None) -> bool:
        return (host or "").lower() in self.allowed_hosts

    def token_ok(self, token: str | None) -> bool:
        return bool(token) and hmac.compare_digest(token.encode(), self.token.encode())

    def session_ok(self, cookie: str | None) -> bool:
        return bool(cookie) and hmac.compare_digest(cookie.encode(), self.session.encode())

    def origin_ok(self, origin: str | None, host: str | None) -> bool:
        """A POST must say it comes from this very page's origin (browsers always send Origin on POST)."""
        return bool(origin) and self.host_ok(host) and origin.lower() == f"http://{(host or '').lower()}"

    def csrf_ok(self, value: str | None) -> bool:
        return bool(value) and hmac.compare_digest(value.encode(), self.csrf.encode())


__all__ = ["ALLOWED_METHODS", "CSRF_FIELD", "CONTENT_SECURITY_POLICY", "Guard", "SECURITY_HEADERS",
           "TOKEN_PARAMETER", "UnsafeBind", "check_bind_address"]
