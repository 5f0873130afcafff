"""A small build's PDFs drawn in a second process while this one makes the Word files.

Rebuilding a home after one child's file was edited renders three documents (the child's risk
assessment, police pack and response card), each as PDF and Word. Two worker processes started
for them spent about as long starting (importing the drawing and Word libraries and reading the
fonts, after the home was read) as rendering, and the page-filling searches made one worker wait
while the other worked. So a build forks one helper as soon as it knows a home must be built: the
helper imports the drawing library and reads the fonts while this process reads, checks and plans
the home; it then chooses each document's optional items (the page-filling search) and sends the
chosen context back at once, then draws the PDFs, while this process renders the Word files from
those contexts and counts what is overdue.

Nothing changes in what is made or said. The helper renders through the functions it is given
(the build's own), from the same data, and writes no file and no message; what it would remember
(``input.validation_cache``) comes back to be kept with the build's own checks. If anything goes
wrong on its side (it raised, died, or sent nothing for PATIENCE_SECONDS) this process does what
is left itself, as before, so every error and message is its own. Used only where forking is safe
(see :mod:`mfc_docs.output.word_beside`) and a core is free.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import struct
import sys
import threading
import time
from typing import Any, Callable

__all__ = ["PdfBeside"]

# Longest wait for the helper's next answer. One document's search or PDF takes well under a second
# (a few on a machine shared by many); past this it is stuck, and this process does the rest itself.
PATIENCE_SECONDS = 30.0
_LENGTH = struct.Struct("!Q")


class PdfBeside:
    """A forked helper: ``start``, then ``send`` the documents, then ``filled`` / ``pdf`` / ``held``, ``close``."""

    def __init__(self, pid: int, to_child: int, from_child: int) -> None:
        self._pid: int | None = pid
        self._to_child: int | None = to_child
        self._from_child: int | None = from_child
        self._unsent = b""
        self._answers: dict[tuple, Any] = {}
        self._gone = False  # the helper failed or was given up: this process does the rest

    @classmethod
    def start(cls, prepare: Callable[[], None], fill: Callable, render: Callable) -> PdfBeside | None:
        """Fork the helper, which runs ``prepare()`` at once (None where forking is not safe, no core is free
        or the fork fails: then the build renders as before). ``fill(document)`` gives the document with
        its optional items chosen and ``render(job)`` a job's result, in the helper."""
        from .word_beside import _a_core_is_free

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
        if pid == 0:  # the helper: never returns into the caller's code
            status = 0
            try:
                os.close(down_write)
                os.close(up_read)
                _helper(down_read, up_write, prepare, fill, render)
            except BaseException:  # noqa: BLE001 - nothing reaches the terminal; the build does the rest itself
                status = 1
            finally:
                os._exit(status)
        os.close(down_read)
        os.close(up_write)
        os.set_blocking(down_write, False)
        _make_room(down_write)
        _make_room(up_read)
        return cls(pid, down_write, up_read)

    @property
    def gone(self) -> bool:
        return self._gone

    def send(self, memory: tuple | None, documents: list[tuple[int, Any]], jobs: list[tuple[int, int, Any]]) -> None:
        """The documents to fill (index, document) and the PDF jobs to render (index, position, job), with
        where and for which day to remember (``input.validation_cache``), or None."""
        try:
            data = pickle.dumps((memory, documents, jobs), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - not picklable: this process renders everything
            self.close()
            return
        self._unsent = _LENGTH.pack(len(data)) + data
        self._flush()

    def filled(self, index: int) -> tuple[bool, dict | None] | None:
        """(True, the chosen context) or (False, None) when the document is rendered as it was (its photo
        went); None when the helper could not say: choose here."""
        return self._answer(("filled", index))

    def pdf(self, index: int, position: int) -> Any | None:
        """What ``render(job)`` gave in the helper, or None: render it here."""
        return self._answer(("pdf", index, position))

    def held(self) -> list:
        """What the helper would have remembered (kept with the build's own checks), once it has finished."""
        held = self._answer(("held",))
        self.close(finished=held is not None)
        return held or []

    def _answer(self, key: tuple) -> Any | None:
        while key not in self._answers and not self._gone:
            try:
                message = self._receive()
            except Exception:  # noqa: BLE001 - died, stuck, or sent something unreadable: do the rest here
                self.close()
                break
            self._answers[message[:-1]] = message[-1]
        return self._answers.pop(key, None)

    def _flush(self) -> None:
        try:
            while self._unsent and self._to_child is not None:
                self._unsent = self._unsent[os.write(self._to_child, self._unsent[:1 << 20]):]
        except BlockingIOError:
            return  # the rest while waiting for an answer
        except OSError:  # the helper is gone
            self._unsent = b""
        if not self._unsent:
            self._close_down()

    def _receive(self) -> tuple:
        """The helper's next message (sending what is left of the documents meanwhile)."""
        header = self._read(_LENGTH.size)
        return pickle.loads(self._read(_LENGTH.unpack(header)[0]))

    def _read(self, size: int) -> bytes:
        chunks, wanted = [], size
        deadline = time.monotonic() + PATIENCE_SECONDS
        while wanted:
            poll = select.poll()
            poll.register(self._from_child, select.POLLIN)
            if self._unsent and self._to_child is not None:
                poll.register(self._to_child, select.POLLOUT)
            left = deadline - time.monotonic()
            ready = dict(poll.poll(int(left * 1000) + 1)) if left > 0 else {}
            if not ready:
                raise TimeoutError("the PDF helper did not answer in time")
            if self._unsent and self._to_child in ready:
                self._flush()
            if self._from_child not in ready:
                continue
            chunk = os.read(self._from_child, min(wanted, 1 << 20))
            if not chunk:
                raise EOFError("the PDF helper stopped")
            chunks.append(chunk)
            wanted -= len(chunk)
        return b"".join(chunks)

    def close(self, *, finished: bool = False) -> None:
        """Reap the helper; one still running (``finished`` not said) draws what nobody will use: end it."""
        self._gone = True
        self._unsent = b""
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
            except (ChildProcessError, ProcessLookupError):
                pass

    def _close_down(self) -> None:
        if self._to_child is not None:
            os.close(self._to_child)
            self._to_child = None


def _make_room(fd: int) -> None:
    """Let the pipe hold about a megabyte (Linux), so that neither process waits for the other to read
    (the documents sent while the helper still reads the fonts, a PDF sent while this process makes a
    Word file); elsewhere, or if refused, the rest is sent while waiting (slower, the same result)."""
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, 1 << 20)
    except (ImportError, AttributeError, OSError):
        pass


def _helper(inp: int, out: int, prepare: Callable[[], None], fill: Callable, render: Callable) -> None:
    prepare()  # the drawing library and the fonts, while the build reads the home
    os.set_blocking(inp, True)
    size = _LENGTH.unpack(_read_exactly(inp, _LENGTH.size))[0]
    memory, documents, jobs = pickle.loads(_read_exactly(inp, size))
    os.close(inp)
    held: list = []
    if memory is not None:
        from ..input.validation_cache import remembering

        remembering_here = remembering(memory[0], memory[1], held=held)
    else:
        remembering_here = contextlib.nullcontext()
    chosen: dict[int, Any] = {}
    with remembering_here:
        for index, document in documents:  # first, so the Word files can start
            chosen[index] = fill(document)
            same = chosen[index] is document
            _send(out, ("filled", index, (not same, None if same else chosen[index].context)))
        for index, position, job in jobs:
            if index in chosen:
                job.document = chosen[index]
            _send(out, ("pdf", index, position, render(job)))
    _send(out, ("held", held))
    os.close(out)


def _send(fd: int, message: tuple) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(_LENGTH.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view):]


def _read_exactly(fd: int, size: int) -> bytes:
    chunks, wanted = [], size
    while wanted:
        chunk = os.read(fd, min(wanted, 1 << 20))
        if not chunk:
            raise EOFError("the build stopped sending")
        chunks.append(chunk)
        wanted -= len(chunk)
    return b"".join(chunks)
