"""Reading a file a person put in the home folder, safely: never hangs, never fills memory.

A FIFO would block a read for ever and a link to /dev/zero never ends, so only
ordinary files are read, and only up to a size no real file of that kind comes
near. Every refusal is a sentence that says what the file is and what to do.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from ..problems import MfcError

MB = 1024 * 1024
# Limits no real home reaches: the largest real profile is a few hundred KB, a restyled
# template with a logo a few MB, a phone photo under 20 MB.
YAML_LIMIT = 5 * MB
TEMPLATE_LIMIT = 50 * MB
PHOTO_LIMIT = 60 * MB


class UnreadableFile(MfcError):
    """A file that cannot be read as it is; the message says why, in words, and what to do."""


def file_kind(mode: int) -> str:
    """What a path that is not an ordinary file is, in words ('a folder, not a file')."""
    if stat.S_ISDIR(mode):
        return "a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO), not an ordinary file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not an ordinary file"
    if stat.S_ISSOCK(mode):
        return "a socket, not an ordinary file"
    return "not an ordinary file"


def _size_text(size: int) -> str:
    return f"{size / MB:.0f} MB" if size >= MB else f"{size // 1024} KB"


def describe_os_error(exc: OSError) -> str:
    """An operating-system error in plain words."""
    words = {
        errno.EACCES: "you are not allowed to read it (ask whoever set up the folder to give you access)",
        errno.EPERM: "you are not allowed to read it (ask whoever set up the folder to give you access)",
        errno.ENOENT: "it does not exist",
        errno.EISDIR: "it is a folder, not a file",
        errno.ENOTDIR: "part of its path is a file, not a folder",
        errno.ELOOP: "it is a symbolic link that points back on itself",
        errno.ENAMETOOLONG: "its name is too long for this system",
        errno.EIO: "the disk could not read it",
    }
    return words.get(exc.errno, exc.strerror or str(exc))


def read_user_file(path: Path, limit: int, *, display: str | None = None, what: str = "file") -> bytes:
    """The bytes of ``path``, refusing anything but an ordinary file of at most ``limit`` bytes.

    Raises :class:`UnreadableFile` naming ``display`` (the path as the user knows it).
    """
    shown = display or str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        info = os.stat(path)  # before opening: opening a FIFO can wait for a writer
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile(f"this {what} is {file_kind(info.st_mode)}. Replace it with the real file.", file=shown)
        fd = os.open(path, flags)
    except UnreadableFile:
        raise
    except (OSError, ValueError) as exc:
        reason = describe_os_error(exc) if isinstance(exc, OSError) else "its name holds a character no file name can"
        raise UnreadableFile(f"this {what} cannot be read: {reason}.", file=shown) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):  # swapped since the first look
            raise UnreadableFile(f"this {what} is {file_kind(info.st_mode)}. Replace it with the real file.", file=shown)
        if info.st_size > limit:
            raise UnreadableFile(f"this {what} is {_size_text(info.st_size)}, far larger than any real one "
                                 f"(the limit is {_size_text(limit)}). Check it is the right file.", file=shown)
        chunks = []
        total = 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            total += len(chunk)
            if total > limit:
                raise UnreadableFile(f"this {what} is larger than any real one (the limit is {_size_text(limit)}). "
                                     "Check it is the right file.", file=shown)
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise UnreadableFile(f"this {what} cannot be read: {describe_os_error(exc)}.", file=shown) from None
    finally:
        os.close(fd)
