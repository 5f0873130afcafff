"""A child's new photo stored in their own folder, and their profile pointed at it.

The photo arrives already cleaned (``input.photos.clean_photo_bytes``: upright, JPEG, no EXIF,
no GPS, no metadata of any kind), so what lands in the child's folder is what the documents print.

**The previous photo is kept, beside the new one.** Each photo is saved under a new dated name
(``photo-2026-12-02.jpg``) and only the profile's ``photo.file`` and ``photo.taken_on`` change:

* losing nothing is the standard for a child's case record (kept until the child's 75th birthday):
  the risk assessment and police pack as they stood on a past date showed the photo of that date,
  and the old file is how that photo can be shown again;
* nothing is renamed or overwritten, so at no moment does the profile name a file that is not
  there: the new file is complete before the profile names it, and if the profile cannot be
  changed (a hand edit meanwhile, a broken file) the new file is removed again and the child's
  folder is exactly as it was.

Consent to share is left as recorded: a new photo does not change who agreed to what. Only a
child with no ``photo:`` section yet must have it said (the schema requires it), by the person
saving the photo.
"""

from __future__ import annotations

import errno
import os
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..input.home_data import PROFILE, YOUNG_PEOPLE, ChildSource
from ..input.schema.young_person import YOUNG_PERSON_SCHEMA
from .audit import append_audit
from .files import FILE_MODE, sha256_bytes
from .home_file_edits import edit_file
from .record_versions import RecordError


@dataclass(frozen=True)
class StoredPhoto:
    file_name: str  # the new photo, in the child's folder
    previous: str | None  # the photo the profile named before, kept where it was


def child_folder(root: Path, source: ChildSource) -> Path:
    """The folder this child's photo goes in, checked to be a real folder inside ``young_people/``.

    A child kept as a single file (``young_people/<id>.yaml``) shares ``young_people/`` itself; a
    folder that is a link to somewhere else is refused, so nothing is ever written outside the home.
    """
    young_people = (Path(root) / YOUNG_PEOPLE).resolve()
    folder = Path(source.folder)
    if folder.is_symlink() or not folder.is_dir():
        raise RecordError(f"{source.display}: the child's folder is not an ordinary folder, so no photo was saved.")
    real = folder.resolve()
    if real != young_people and real.parent != young_people:
        raise RecordError(f"{source.display}: the child's folder is outside young_people/, so no photo was saved.")
    return real


def photo_file_name(folder: Path, source: ChildSource, taken_on: date) -> str:
    """A new name for the photo, never one already in the folder: photo-2026-12-02.jpg, then -2, -3..."""
    stem = "photo" if source.profile.name == PROFILE else f"{source.id}-photo"  # single-file children share a folder
    name = f"{stem}-{taken_on.isoformat()}.jpg"
    number = 2
    while (folder / name).exists() or (folder / name).is_symlink():
        name = f"{stem}-{taken_on.isoformat()}-{number}.jpg"
        number += 1
    return name


def place_new_file(folder: Path, name: str, data: bytes) -> None:
    """Write ``data`` as ``folder/name`` (0600) in one step, never over an existing file (FileExistsError)."""
    temporary = folder / f".{name}.{os.getpid()}.{threading.get_ident()}.tmp"
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), FILE_MODE)
    try:
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, FILE_MODE)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(temporary, folder / name)  # fails if the name exists: nothing is ever replaced
        except OSError as exc:
            if exc.errno == errno.EEXIST:
                raise FileExistsError(exc.errno, exc.strerror, str(folder / name)) from None
            if (folder / name).exists():  # a file system without hard links: check, then rename
                raise FileExistsError(errno.EEXIST, "exists", str(folder / name)) from None
            os.rename(temporary, folder / name)
    finally:
        temporary.unlink(missing_ok=True)


def store_photo(root: Path, source: ChildSource, jpeg: bytes, *, taken_on: date, consent_to_share: bool | None,
                has_photo_section: bool, base_sha: str | None, who: str, out_dir: Path | None = None,
                previous: str | None = None) -> StoredPhoto:
    """Save a cleaned photo in the child's folder and point the profile at it, or raise RecordError.

    ``consent_to_share`` is written only when the profile has no photo section yet; otherwise what
    is recorded stays. The audit log gets the profile's change (from ``edit_file``) and the photo's.
    """
    root = Path(root)
    out_dir = Path(out_dir) if out_dir else root / "output"
    if not has_photo_section and consent_to_share is None:
        raise RecordError("Say whether consent to share the photo is recorded; nothing was written.")
    folder = child_folder(root, source)
    for _ in range(20):
        name = photo_file_name(folder, source, taken_on)
        try:
            place_new_file(folder, name, jpeg)
            break
        except FileExistsError:  # another save took the name a moment ago: take the next one
            continue
    else:
        raise RecordError("No free name for the photo in the child's folder; nothing was written.")
    changes: dict[tuple, object] = {("photo", "file"): name, ("photo", "taken_on"): taken_on.isoformat()}
    if not has_photo_section:
        # Plain, as a manager types it and as the profile forms write it (yes/no is this schema's own
        # coercion), not quoted as edit_file quotes a bare string that YAML 1.1 reads as a boolean.
        from ruamel.yaml.scalarstring import PlainScalarString

        changes[("photo", "consent_to_share")] = PlainScalarString("yes" if consent_to_share else "no")
    try:
        edit_file(root, source.display, YOUNG_PERSON_SCHEMA, changes, base_sha=base_sha, who=who, out_dir=out_dir)
    except BaseException:
        (folder / name).unlink(missing_ok=True)  # ours, named by nothing: the folder is as it was
        raise
    relative = (Path(source.display).parent / name).as_posix()
    kept = f"; the previous photo {previous} is kept beside it" if previous else ""
    append_audit(out_dir, who=who, file=relative, record="photo",
                 action=f"saved a new photo taken on {taken_on.isoformat()}, with its metadata removed{kept}",
                 after=sha256_bytes(jpeg))
    return StoredPhoto(name, previous)


__all__ = ["StoredPhoto", "child_folder", "photo_file_name", "place_new_file", "store_photo"]
