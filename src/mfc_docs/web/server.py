"""Start the web page for one home: bind 127.0.0.1, print the link with its token, open the browser, stop cleanly.

waitress serves it: a production WSGI server in pure Python that runs the same on
Windows, macOS and Linux, with a few threads so two tabs can be used at once.
"""

from __future__ import annotations

import errno
import signal
import sys
import threading
import webbrowser
from pathlib import Path

from .security import Guard, check_bind_address

DEFAULT_PORT = 8720


class ServeError(Exception):
    """The server cannot start; the message says why and what to do."""


def make_server(home_dir: Path, port: int | None, host: str = "127.0.0.1", *, out_dir: Path | None = None,
                clock=None):
    """Bind (127.0.0.1 only) and build the app; returns (server, guard). Raises UnsafeBind or ServeError."""
    from waitress.server import create_server

    from .app import create_app

    host = check_bind_address(host)
    guard = Guard(port=0)
    app = create_app(home_dir, guard, out_dir=out_dir, clock=clock)
    tries = [port] if port is not None else [DEFAULT_PORT, 0]
    last: OSError | None = None
    for candidate in tries:
        try:
            server = create_server(app, host=host, port=candidate, threads=6, ident="mfc-docs",
                                   clear_untrusted_proxy_headers=True, expose_tracebacks=False)
        except OSError as exc:
            last = exc
            continue
        guard.port = int(server.effective_port)
        server.mfc_app = app
        return server, guard
    if last is not None and last.errno == errno.EADDRINUSE:
        raise ServeError(f"port {port} is already in use (another mfc-docs serve?). Use another with --port, or "
                         "leave --port out to let mfc-docs choose.")
    raise ServeError(f"cannot listen on {host}:{port} ({last}).")


def _warm_up(server) -> None:
    """Read the home and load the PDF code while the browser opens, so the first page and pack are quick."""
    try:
        from ..rules.dates import home_today

        server.mfc_app.config["MFC_HOME"].get(home_today())
        from ..render import pdf  # noqa: F401
        from ..render.pdf_styles import register_fonts

        register_fonts()
    except Exception:  # the first request says what is wrong, in its page
        pass


def serve(home_dir: Path, port: int | None = None, *, open_browser: bool = True, echo=print) -> None:
    """Run until Ctrl-C (or SIGTERM), then stop cleanly."""
    server, guard = make_server(home_dir, port)
    url = guard.start_url()
    echo(f"mfc-docs is at {url}")
    echo("Keep this window open while you use the page; press Ctrl-C here to stop.")
    sys.stdout.flush()
    threading.Thread(target=_warm_up, args=(server,), name="mfc-docs warm-up", daemon=True).start()
    if open_browser:
        threading.Timer(0.3, lambda: webbrowser.open(url)).start()

    def stop(signum, frame):  # SIGTERM: the same clean stop as Ctrl-C
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.close()
        server.task_dispatcher.shutdown(timeout=5)
        echo("mfc-docs serve stopped.")


__all__ = ["DEFAULT_PORT", "ServeError", "make_server", "serve"]
