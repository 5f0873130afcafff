"""The Word file of a report made in a second process while this one lays out and writes the PDF.

``mfc-docs report`` makes the police pack as PDF and Word. The two are independent once the
pack's context is chosen (page 1's search), and on a computer with two cores, as nearly every
office computer has, making them one after the other leaves one core idle: the Word half
(importing docxtpl, compiling its template, rendering) took about as long as laying out and
drawing the PDF. So a report started from the command line forks a child at once; the child
imports the Word libraries while the parent reads fonts and searches page 1, then renders the
Word file from the document the parent sends and hands the bytes back. The parent writes them
exactly where and when it wrote its own: after the PDF, which a broken Word template never stops.

Nothing changes in what is made or said. The child renders through the same
:func:`mfc_docs.output.publish.render` as the parent would, from the same data, and writes no file
and no message. If anything goes wrong on its side (it raised, died, cannot be started or does not
answer within PATIENCE_SECONDS of the PDF being written) the parent renders the Word file itself,
as before, so every error and its message is the parent's own. Used only where forking is safe: a POSIX system other than macOS, in a process with no other
thread (not the web server, which makes PDF-only packs anyway), and only when a core is free: on a
busy machine the two processes would take turns, and the fork's copied pages cost more than it gains.
"""

from __future__ import annotations

import errno
import os
import pickle
import select
import signal
import sys
import threading
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..documents.base import Document
    from .publish import Rendered

__all__ = ["WordBeside"]

# How long, once the PDF is written, to wait for the child's Word file. Rendering it takes well under a
# second, a few on a machine shared by many; past this the child is stuck (stopped, or waiting on
# something that never comes), and rendering the Word file here is quicker than waiting for it for ever.
PATIENCE_SECONDS = 20.0


class WordBeside:
    """A child process that renders one document's Word file; ``start``, ``send``, ``result``, ``close``."""

    def __init__(self, pid: int, to_child: int, from_child: int) -> None:
        self._pid: int | None = pid
        self._to_child: int | None = to_child
        self._from_child: int | None = from_child
        self._unsent = b""
        self._sent = False

    @classmethod
    def start(cls, home_root: Path, today: date) -> WordBeside | None:
        """Fork the child (None where forking is not safe or fails: then the parent renders as before).

        The child remembers as a report does (``input.validation_cache``, in ``home_root``'s output folder).
        """
        if not hasattr(os, "fork") or sys.platform == "darwin" or threading.active_count() != 1:
            return None
        if not _a_core_is_free():
            return None
        try:
            down_read, down_write = os.pipe()
            up_read, up_write = os.pipe()
        except OSError:
            return None
        try:
            pid = os.fork()
        except OSError:
            for fd in (down_read, down_write, up_read, up_write):
                os.close(fd)
            return None
        if pid == 0:  # the child: never returns into the parent's code
            status = 0
            try:
                os.close(down_write)
                os.close(up_read)
                _child(down_read, up_write, Path(home_root), today)
            except BaseException:  # noqa: BLE001 - nothing reaches the terminal; the parent renders instead
                status = 1
            finally:
                os._exit(status)
        os.close(down_read)
        os.close(up_write)
        return cls(pid, down_write, up_read)

    def send(self, document: Document) -> None:
        """Hand the child the document (without waiting for it to read it all)."""
        self._sent = True
        try:
            self._unsent = pickle.dumps(document, protocol=pickle.HIGHEST_PROTOCOL)
            os.set_blocking(self._to_child, False)
            while self._unsent:
                self._unsent = self._unsent[os.write(self._to_child, self._unsent[:65536]):]
        except BlockingIOError:
            return  # the rest is written in result(), after the PDF
        except Exception:  # noqa: BLE001 - not picklable, or the child is gone: the parent renders it
            self._unsent = b""
        self._close_down()  # all sent (or nothing will be): the child reads to the end

    def result(self) -> Rendered | str | None:
        """What ``render(document, "docx", template)`` gave in the child, or None: render it here then."""
        try:
            if not self._sent:
                return None
            deadline = time.monotonic() + PATIENCE_SECONDS
            if self._unsent:  # the rest of a large document, now that the PDF is written
                _write_all(self._to_child, self._unsent, deadline)
                self._unsent = b""
            self._close_down()
            kind, value = pickle.loads(_read_all(self._from_child, deadline))
            self.close(finished=True)
            return value if kind == "rendered" else None
        except Exception:  # noqa: BLE001 - a broken pipe, a child that died or is stuck: the parent renders it
            return None
        finally:
            self.close()

    def close(self, *, finished: bool = False) -> None:
        """Reap the child; one still running (``finished`` not said) renders what nobody will use: end it."""
        self._close_down()
        if self._from_child is not None:
            os.close(self._from_child)
            self._from_child = None
        if self._pid is not None:
            pid, self._pid = self._pid, None
            try:
                if not finished and os.waitpid(pid, os.WNOHANG) == (0, 0):
                    os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass

    def _close_down(self) -> None:
        if self._to_child is not None:
            os.close(self._to_child)
            self._to_child = None


def _a_core_is_free() -> bool:
    """Whether a core is idle now, so the child runs beside this process rather than taking turns with it.

    Forking costs about 0.02 s of CPU (the pages both processes then write are copied): it pays only
    when another core is free, as on an office computer where nothing else runs. Linux says how many
    processes are running at this moment (``/proc/loadavg``, this one among them); elsewhere a free
    core is assumed.
    """
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    if cores < 2:
        return False
    try:
        with open("/proc/loadavg", encoding="ascii") as handle:
            running = int(handle.read().split()[3].split("/")[0])
    except (OSError, ValueError, IndexError):
        return True
    return running < cores


def _child(inp: int, out: int, home_root: Path, today: date) -> None:
    from ..input.validation_cache import remembering
    from ..render import docx  # noqa: F401 - the Word libraries, imported while the parent lays out the PDF
    from .publish import choose_template, render

    document = pickle.loads(_read_all(inp))
    os.close(inp)
    try:
        template = choose_template(home_root, document.template)
        with remembering(home_root / "output", today):
            payload = ("rendered", render(document, "docx", template))
    except BaseException:  # noqa: BLE001 - said by the parent, which renders it again itself
        payload = ("failed", None)
    _write_all(out, pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL))
    os.close(out)


def _read_all(fd: int, deadline: float | None = None) -> bytes:
    """Everything until the writer closes; past ``deadline`` (the parent's side) TimeoutError."""
    chunks = []
    while True:
        _wait(fd, select.POLLIN, deadline)
        try:
            chunk = os.read(fd, 1 << 20)
        except InterruptedError:  # pragma: no cover - retried by Python itself since 3.5
            continue
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _write_all(fd: int, data: bytes, deadline: float | None = None) -> None:
    """All of ``data``; past ``deadline`` (the parent's side, on a descriptor that does not block) TimeoutError."""
    view = memoryview(data)
    while view:
        _wait(fd, select.POLLOUT, deadline)
        try:
            view = view[os.write(fd, view):]
        except BlockingIOError:
            continue
        except OSError as exc:
            if exc.errno != errno.EINTR:
                raise


def _wait(fd: int, event: int, deadline: float | None) -> None:
    """Until ``fd`` is ready (or the other end closed); TimeoutError once ``deadline`` has passed."""
    if deadline is None:
        return
    poll = select.poll()
    poll.register(fd, event)
    if not poll.poll(max(0, int((deadline - time.monotonic()) * 1000))):
        raise TimeoutError("the Word child did not answer in time")
