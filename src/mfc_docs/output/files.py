"""Writing files safely: owner-only, never outside the output folder; the names this tool makes.

The files describe children, so every file is created 0600 and every folder
mfc-docs writes into is 0700. Nothing outside the output folder is written or
deleted: paths from a manifest or a journal are checked (``safe_relative``,
``inside``), and a folder inside the output that is a symbolic link stops the
build.

The rest of writing is one module a job, each built on this one:
``switch`` (all or nothing: staging, the journal, the switch, finishing a
switch a killed run left), ``build_lock`` (one build at a time),
``cleanup`` (what killed runs left), ``manifest`` (what the last build wrote)
and ``new_files`` (a report's new folder, never overwriting anything).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import stat
from pathlib import Path

from ..problems import MfcError

MANIFEST = "manifest.json"
LOCK = ".mfc-docs.lock"
JOURNAL = ".mfc-docs-journal.json"
STAGING_PREFIX = ".mfc-docs-staging-"
BACKUP_PREFIX = ".mfc-docs-backup-"
# Names this tool makes at the top of an output folder: <prefix><pid>. Older versions used ".staging-<pid>".
OWN_LEFTOVER = re.compile(r"(?:\.mfc-docs-staging-|\.mfc-docs-backup-|\.staging-)(\d{1,10})")
OLD_MANIFEST_TEMP = re.compile(r"\.manifest\.json\.(\d{1,10})\.tmp")
FILE_MODE = 0o600
DIR_MODE = 0o700


class OutputError(MfcError):
    """A command could not write its output; the message says why and what to do."""


def explain_os_error(exc: OSError, folder: Path) -> str:
    """Why the output could not be written, in words a manager can act on."""
    where = exc.filename or folder
    reasons = {
        errno.ENOSPC: "the disk is full. Free some space",
        errno.EDQUOT: "your disk quota is full. Free some space",
        errno.EROFS: "that disk can only be read, not written. Choose another output folder with -o",
        errno.EACCES: "you are not allowed to write there. Choose another output folder with -o",
        errno.EPERM: "you are not allowed to write there. Choose another output folder with -o",
        errno.ENOTDIR: "part of that path is a file, not a folder. Choose another output folder with -o",
        errno.EEXIST: "a file is in the way where a folder should be. Move it or choose another output folder with -o",
        errno.EISDIR: "a folder is in the way where a file should be. Move it or choose another output folder with -o",
        errno.ENAMETOOLONG: "the path is too long for this system. Choose an output folder with a shorter path",
        errno.ELOOP: "a symbolic link in that path points back on itself. Choose another output folder with -o",
    }
    reason = reasons.get(exc.errno, f"{exc.strerror or exc}. Check the output folder")
    if exc.errno == errno.ELOOP and exc.filename and os.path.islink(exc.filename):  # O_NOFOLLOW met a link
        reason = "it is a symbolic link; mfc-docs does not write through links. Delete the link"
    return f"could not write to {where}: {reason}, then run the command again."


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def tighten(folder: Path) -> None:
    """Make an existing folder owner-only (only one we own: chmod of another user's folder fails anyway)."""
    try:
        info = os.stat(folder)
        if stat.S_IMODE(info.st_mode) != DIR_MODE and (not hasattr(os, "getuid") or info.st_uid == os.getuid()):
            os.chmod(folder, DIR_MODE)
    except OSError:
        pass


def make_private_dir(path: Path, *, within: Path | None = None) -> None:
    """Create ``path`` and its missing parents as owner-only folders.

    With ``within`` (the output folder), the folders from ``within`` down to ``path`` that
    already exist are made owner-only too, and none of them may be a symbolic link: a link
    planted inside the output folder would send the documents somewhere else.
    """
    if within is not None:
        for folder in _folders_between(within, path):
            if folder.is_symlink():
                raise OutputError(f"{folder} is a symbolic link; mfc-docs writes only into real folders inside the "
                                  "output folder. Delete the link, then run the command again.")
    missing = []
    current = path
    while not current.exists():
        if current.is_symlink():  # a dangling link where a folder should be
            raise OutputError(f"{current} is a symbolic link, not a folder; mfc-docs writes only into real folders "
                              "inside the output folder. Delete the link, then run the command again.")
        missing.append(current)
        current = current.parent
    if not current.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(current))
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:  # another thread or process made it a moment ago: fine if it is a real folder
            if folder.is_symlink() or not folder.is_dir():
                raise
        os.chmod(folder, DIR_MODE)  # mkdir's mode is filtered by the umask
    if within is not None:
        for folder in _folders_between(within, path):
            tighten(folder)


def _folders_between(top: Path, path: Path) -> list[Path]:
    """``top`` and each folder under it down to ``path`` (empty when ``path`` is not under ``top``)."""
    try:
        relative = path.relative_to(top)
    except ValueError:
        return []
    folders = [top]
    for part in relative.parts:
        folders.append(folders[-1] / part)
    return folders


def write_private_file(path: Path, data: bytes) -> None:
    """Write a new owner-only file (0600) in one go.

    Never through a symbolic link: a link planted where the file goes would have the file (and its
    0600 mode) land on whatever the link points at, outside the folder the user chose.
    """
    make_private_dir(path.parent)
    if path.is_symlink():
        raise OutputError(f"{path} is a symbolic link; mfc-docs does not write through links. Delete it, then run "
                          "the command again.")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, FILE_MODE)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, FILE_MODE)
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
    finally:
        os.close(fd)


def fsync(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# --------------------------------------------------------------------------
# Where output may go
# --------------------------------------------------------------------------


def guard_output_folder(home_root: Path, out_dir: Path) -> None:
    """Refuse an output folder where documents would mix with the home's own files. One rule, every command.

    Documents go into ``young_people/<id>/`` of the output folder, so the home folder itself, anything
    inside its young_people/ or templates/ folders, or a folder whose young_people/ holds the home, would
    put generated files where the next run reads a child's data or a template.
    """
    home = Path(home_root).resolve()
    out = Path(out_dir).resolve()
    why = None
    if out == home:
        why = ("it is the home's own folder: the documents would be written into young_people/ beside each "
               "child's files. Leave out -o to use HOME/output, or choose another folder")
    elif out in home.parents:
        why = ("it holds the home's own folder, so the documents would be written beside it and the folders there "
               "made readable by you only. Leave out -o to use HOME/output, or choose a folder of their own")
    else:
        for name in ("young_people", "templates"):
            inner = home / name
            if out == inner or inner in out.parents:
                why = (f"it is inside {name}/, which holds the home's own files (they would be read back next time). "
                       "Choose another folder")
                break
        for name in ("young_people", "dashboard"):
            if out / name == home or (out / name) in home.parents:
                why = f"the home's own folder is inside its {name}/ folder, where documents are written. Choose another folder"
    if why is None and out != home / "output":
        foreign = _not_made_by_mfc_docs(out)
        if foreign:
            shown = ", ".join(foreign[:3]) + (", ..." if len(foreign) > 3 else "")
            why = (f"it already holds files mfc-docs did not make ({shown}), which the documents would be mixed "
                   "with, and the folder would be made readable by you only. Leave out -o to use HOME/output, "
                   "or choose an empty folder or a new one (mfc-docs makes it)")
    if why:
        raise OutputError(f"mfc-docs will not write documents to {out_dir}: {why}.")


# What mfc-docs itself makes at the top of an output folder (documents' folders, records, its own
# hidden files). A folder holding only these, or a manifest, is one mfc-docs made or was given empty.
_OWN_NAMES = {MANIFEST, "home", "checklists", "young_people", "dashboard", "archive", "audit.log",
              ".validation-cache"}


def _not_made_by_mfc_docs(out: Path) -> list[str]:
    """Sorted names in an existing folder that no mfc-docs command put there; [] for one of its own.

    A shared folder (`-o /srv/share`, `-o /etc` as root) would otherwise be made owner-only and filled.
    """
    try:
        names = sorted(entry.name for entry in out.iterdir())
    except OSError:  # not there yet (it is made), or not a folder: the write says so in its own words
        return []
    if MANIFEST in names:
        return []
    return [name for name in names
            if name not in _OWN_NAMES and not name.startswith((".mfc-docs", ".partial-", ".staging-", "._"))
            and name.lower() not in _LEFT_BY_THE_SYSTEM]


# What Finder, Explorer, OneDrive and KDE put in a folder someone has only opened (._name: macOS on a
# USB stick or share): a new folder made for the documents holds these, and they are not the user's files.
_LEFT_BY_THE_SYSTEM = {".ds_store", ".localized", "desktop.ini", "thumbs.db", "ehthumbs.db", ".directory"}


# One part of a safe relative path: an ordinary name, not '.' or '..', with no '/', backslash, ':' or control character.
_PART = r"(?!\.\.?(?:/|\Z))[^/\\:\x00-\x1f\x7f]+"
_SAFE_RELATIVE = re.compile(rf"{_PART}(?:/{_PART})*")


def safe_relative(relative: object) -> str | None:
    """A path from a manifest or journal, when it stays inside the output folder; None otherwise.

    Only plain relative paths of ordinary names: no absolute path, no drive, no '..', no
    backslash, no control character, no empty part.
    """
    if not isinstance(relative, str) or len(relative) > 1000 or not _SAFE_RELATIVE.fullmatch(relative):
        return None
    return relative  # what PurePosixPath(relative).as_posix() gives for such a path, without making one


def inside(out_dir: Path, relative: str) -> Path | None:
    """``out_dir / relative`` when it is really inside ``out_dir`` (no symbolic link on the way out)."""
    relative = safe_relative(relative)
    if relative is None:
        return None
    target = out_dir / relative
    for folder in _folders_between(out_dir, target.parent)[1:]:
        if folder.is_symlink():
            return None
    try:
        out = out_dir.resolve()
        parent = target.parent.resolve()  # once: a build's up-to-date check asks this of every file
        if out != parent and out not in parent.parents:
            return None
    except (OSError, RuntimeError):
        return None
    return target
