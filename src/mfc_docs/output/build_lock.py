"""One command at a time: only one build or dashboard changes an output folder at once.

Entering the lock also finishes a switch a killed run left half done (``switch.recover``) and
removes what killed runs left (``cleanup.remove_abandoned``).
"""

from __future__ import annotations

import contextlib
import os
import signal
from pathlib import Path

from .cleanup import remove_abandoned
from .files import FILE_MODE, LOCK, OutputError, explain_os_error, guard_output_folder, make_private_dir, tighten
from .switch import recover

_HELD_LOCKS: set[int] = set()  # descriptors of the locks this process holds


def worker_initializer() -> None:
    """Run first in every worker process a build starts.

    A forked worker inherits the parent's open lock; if the parent were killed, the
    workers would keep the home locked until they finished. So a worker lets go of
    inherited locks at once and asks to be stopped when its parent dies (Linux). A
    worker started with 'spawn' inherits nothing; the request to stop still matters.
    """
    for fd in list(_HELD_LOCKS):
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD_LOCKS.clear()
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError, TypeError):  # not Linux: workers finish their current document and stop
        pass


class BuildLock:
    """Only one build or dashboard may change an output folder at a time.

    ``report`` takes no lock: it only adds a new folder, and must never wait for a build.
    Entering it also guards the folder (with ``home_root``), makes it owner-only, finishes
    a switch a killed run left half done, and removes what killed runs of this tool left.
    """

    def __init__(self, out_dir: Path, home_root: Path | None = None):
        self.out_dir = Path(out_dir)
        self.home_root = home_root
        self.path = self.out_dir / LOCK
        self._lock = None

    def __enter__(self) -> "BuildLock":
        from filelock import FileLock, Timeout

        if self.home_root is not None:
            guard_output_folder(self.home_root, self.out_dir)
        self._created = not self.out_dir.exists()
        try:
            make_private_dir(self.out_dir)
            tighten(self.out_dir)
            lock = FileLock(str(self.path), timeout=0, mode=FILE_MODE)
            lock.acquire()
        except Timeout:
            raise OutputError(f"another mfc-docs build is writing to {self.out_dir} right now. "
                              "Wait for it to finish, then run this command again.") from None
        except OSError as exc:
            raise OutputError(explain_os_error(exc, self.out_dir)) from None
        self._lock = lock
        fd = getattr(getattr(lock, "_context", None), "lock_file_fd", None)
        if fd is not None:
            _HELD_LOCKS.add(fd)
        try:
            recover(self.out_dir)
            remove_abandoned(self.out_dir)
        except BaseException:
            self._release()
            raise
        return self

    def _release(self) -> None:
        if self._lock is not None:
            fd = getattr(getattr(self._lock, "_context", None), "lock_file_fd", None)
            _HELD_LOCKS.discard(fd)
            with contextlib.suppress(OSError):
                self._lock.release()
            self._lock = None

    def __exit__(self, *exc_info) -> None:
        self._release()
        # A first build that failed leaves no empty output folder behind.
        with contextlib.suppress(OSError):
            if self._created and [p.name for p in self.out_dir.iterdir()] == [LOCK]:
                self.path.unlink(missing_ok=True)
                self.out_dir.rmdir()
