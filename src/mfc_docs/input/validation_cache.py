"""Checks remembered between runs of ``mfc-docs report``: the same data, the same code, the same day.

A police pack is printed at the worst moment of a shift, usually from files that have not
changed since the last pack or build. Checking them against their schema (cerberus, and
libphonenumber for every phone number) took about a sixth of a ``report``, most of it importing
those libraries. Here the outcome of a check that found nothing wrong is kept: the converted data
(dates as dates, yes/no as booleans), as JSON, never pickle and never code.

It is used only when all of these are the same as when it was kept, so a changed file can never
get through unchecked: the data exactly as read from the file (every value of it), the schema,
mfc-docs's own code (every module), the versions of cerberus and phonenumbers, Python, and the
date. A file with any problem is never kept, so its problems are found and said again, at their
line and column, every time. Only warnings and errors that the schema check finds are skipped
with it; every other check (the dates against today, the links between files) runs.

The photo check is remembered the same way: decoding the photo (which catches a file cut short)
and re-encoding it without its metadata took as long as checking every file. What is kept is the
cleaned JPEG, used only for a photo whose bytes, and the code and Pillow that cleaned it, are
exactly the same (a photo that cannot be used is never kept).

A Word template's XML as docxtpl cleans its tags before compiling it (``render.docx``) is kept too,
as text: the same XML, docxtpl and code always clean the same way, and cleaning a police pack's took
as long as rendering it. It is the template's own text with its tags tidied, rendered in Jinja's
sandbox like every template (a home's own restyled template is as much yours to change).

Where: ``.validation-cache/`` in the home's own output folder, one small JSON file per file
checked and one JPEG per photo. It is read only when the folder and the file are this user's own and private (0700,
0600) and not links, and the file is whole and well formed; anything else is a miss, and the
file is checked as if there were no cache. Writing it can fail (a full disk, a read-only
folder) without a word: the cache can make a report faster, never make it fail.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import hashlib
import json
import os
import stat
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterator

__all__ = ["CACHE_FOLDER", "active", "keep_held", "recall", "recall_count", "recall_photo", "recall_text", "remember",
           "remember_count", "remember_photo", "remember_text", "remembering"]

CACHE_FOLDER = ".validation-cache"
_MAX_BYTES = 8 * 1024 * 1024
_FORMAT = 1

_ACTIVE: contextvars.ContextVar[tuple[Path, date] | None] = contextvars.ContextVar("validation_cache", default=None)
_HELD: contextvars.ContextVar[list | None] = contextvars.ContextVar("validation_cache_held", default=None)


@contextlib.contextmanager
def remembering(output_folder: Path, today: date, *, held: list | None = None) -> Iterator[None]:
    """Within this block, schema checks are recalled from and kept in ``output_folder``'s cache.

    Only an existing output folder is used (nothing is created in a home that has none), unless
    ``held`` is given: then what is to be kept goes into that list instead of the folder, and
    :func:`keep_held` writes it later. A build holds its checks until its documents are written
    (it makes the output folder itself), so a build that fails leaves its output folder as it was.
    """
    usable = held is not None or Path(output_folder).is_dir()
    token = _ACTIVE.set((Path(output_folder), today) if usable else None)
    held_token = _HELD.set(held)
    try:
        yield
    finally:
        _HELD.reset(held_token)
        _ACTIVE.reset(token)


def keep_held(held: list) -> None:
    """Write what a ``remembering(..., held=...)`` block kept back (never raises; see ``_write_private``)."""
    for path, data in held:
        _write_private(path, data)
    held.clear()


def _keep(path: Path, data: bytes) -> None:
    held = _HELD.get()
    if held is not None:
        held.append((path, data))
    else:
        _write_private(path, data)


def active() -> bool:
    """Whether checks are being remembered now (inside ``remembering`` with an output folder)."""
    return _ACTIVE.get() is not None


@functools.lru_cache(maxsize=1)
def _code_digest() -> str:
    """mfc-docs's code (every module), the checking libraries' versions and Python's."""
    import importlib.util

    digest = hashlib.sha256(f"{_FORMAT}\0{sys.version}\0{sys.implementation.cache_tag}".encode())
    package = str(Path(__file__).resolve().parents[1])
    modules, folders = [], [package]
    while folders:  # os.scandir: a third of the time pathlib's rglob takes
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False) and entry.name != "__pycache__":
                    folders.append(entry.path)
                elif entry.name.endswith(".py"):
                    modules.append(entry.path)
    for module in sorted(modules):
        digest.update(module[len(package):].encode("utf-8", "surrogateescape") + b"\0")
        with open(module, "rb") as handle:
            digest.update(handle.read())
    for library in ("cerberus", "phonenumbers", "PIL"):
        spec = importlib.util.find_spec(library)
        origin = spec.origin if spec is not None else None
        info = os.stat(origin) if origin else None
        digest.update(f"\0{library}\0{origin}\0{info and (info.st_size, info.st_mtime_ns)}".encode())
    return digest.hexdigest()


_SCHEMA_DIGESTS: dict[int, tuple[dict, str]] = {}


def _schema_digest(schema: dict) -> str:
    known = _SCHEMA_DIGESTS.get(id(schema))
    if known is None or known[0] is not schema:
        known = _SCHEMA_DIGESTS[id(schema)] = (schema, hashlib.sha256(repr(schema).encode()).hexdigest())
    return known[1]


def _key(data: Any, schema: dict, today: date) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))  # the file's data: strings, None, lists, maps
    return hashlib.sha256("\0".join([_code_digest(), _schema_digest(schema), today.isoformat(), text])
                          .encode("utf-8", "surrogatepass")).hexdigest()


def _entry_path(folder: Path, display: str, schema: dict) -> Path:
    name = hashlib.sha256(f"{display}\0{_schema_digest(schema)}".encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return folder / CACHE_FOLDER / f"{name}.json"


# The converted data as JSON: each map as a list of pairs (its order kept), each list, date and
# date-time tagged, so no text can be mistaken for anything else.
def _encode(value: Any) -> Any:
    kind = type(value)
    if value is None or kind in (str, bool, int):
        return value
    if kind is list:
        return {"l": [_encode(v) for v in value]}
    if kind is dict:
        if not all(type(k) is str for k in value):
            raise TypeError("a key that is not text")
        return {"d": [[k, _encode(v)] for k, v in value.items()]}
    if kind is date:
        return {"date": value.isoformat()}
    if kind is datetime and value.tzinfo is None:
        return {"datetime": value.isoformat(), "fold": value.fold}
    raise TypeError(f"cannot keep a {kind.__name__}")


def _decode(value: Any) -> Any:
    if value is None or type(value) in (str, bool, int):
        return value
    if type(value) is not dict or len(value) != 1 and set(value) != {"datetime", "fold"}:
        raise ValueError("not a kept value")
    if "l" in value:
        return [_decode(v) for v in value["l"]]
    if "d" in value:
        return {k: _decode(v) for k, v in value["d"]}
    if "date" in value:
        return date.fromisoformat(value["date"])
    if "datetime" in value:
        return datetime.fromisoformat(value["datetime"]).replace(fold=value["fold"])
    raise ValueError("not a kept value")


def _identical(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if type(a) is list:
        return len(a) == len(b) and all(_identical(x, y) for x, y in zip(a, b))
    if type(a) is dict:
        return list(a) == list(b) and all(_identical(a[k], b[k]) for k in a)
    if type(a) is datetime:
        return a == b and a.fold == b.fold and a.tzinfo is None and b.tzinfo is None
    return a == b


def _private(info: os.stat_result, kind) -> bool:
    return kind(info.st_mode) and info.st_uid == os.getuid() and not stat.S_IMODE(info.st_mode) & 0o077


def _read_private(path: Path) -> bytes | None:
    """A file of this cache, when it and its folder are this user's own, private and not links."""
    try:
        if not _private(os.lstat(path.parent), stat.S_ISDIR):
            return None
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        try:
            info = os.fstat(fd)
            if not _private(info, stat.S_ISREG) or info.st_size > _MAX_BYTES:
                return None
            with os.fdopen(fd, "rb", closefd=False) as handle:
                return handle.read()
        finally:
            os.close(fd)
    except OSError:
        return None


def _write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` (0600, in a 0700 folder), whole or not at all; never raises."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with contextlib.suppress(FileExistsError):
            os.mkdir(path.parent, 0o700)
        if not _private(os.lstat(path.parent), stat.S_ISDIR):
            return
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        try:
            with os.fdopen(fd, "wb", closefd=False) as handle:
                handle.write(data)
        finally:
            os.close(fd)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def recall(loaded, schema: dict) -> Any | None:
    """The converted data kept for exactly this data, schema, code and day; None when there is none to trust."""
    active = _ACTIVE.get()
    if active is None:
        return None
    folder, today = active
    raw = _read_private(_entry_path(folder, loaded.display, schema))
    if raw is None:
        return None
    try:
        kept = json.loads(raw)
        if type(kept) is not dict or kept.get("key") != _key(loaded.data, schema, today):
            return None
        return _decode(kept["data"])
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None


def remember(loaded, schema: dict, data: Any) -> None:
    """Keep ``data``, what checking ``loaded`` against ``schema`` gave with no problem at all."""
    active = _ACTIVE.get()
    if active is None:
        return
    folder, today = active
    try:
        encoded = _encode(data)
        if not _identical(_decode(json.loads(json.dumps(encoded))), data):  # kept exactly, or not at all
            return
        text = json.dumps({"key": _key(loaded.data, schema, today), "file": loaded.display, "data": encoded},
                          ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
    except (ValueError, TypeError, RecursionError):
        return
    _keep(_entry_path(folder, loaded.display, schema), text)


def _photo_entry(folder: Path, source: Path, max_px: int) -> Path:
    name = hashlib.sha256(f"photo\0{source}\0{max_px}".encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return folder / CACHE_FOLDER / f"{name}.jpg"


def _photo_key(original: bytes, max_px: int, today: date) -> bytes:
    return hashlib.sha256(b"\0".join([_code_digest().encode(), str(max_px).encode(), today.isoformat().encode(),
                                       hashlib.sha256(original).digest()])).hexdigest().encode()


def recall_photo(source: Path, original: bytes, max_px: int) -> bytes | None:
    """The cleaned JPEG kept for exactly these photo bytes (and code, Pillow, size and day); None otherwise."""
    active = _ACTIVE.get()
    if active is None:
        return None
    folder, today = active
    raw = _read_private(_photo_entry(folder, source, max_px))
    if raw is None:
        return None
    key, _, jpeg = raw.partition(b"\n")
    return jpeg if key == _photo_key(original, max_px, today) and jpeg.startswith(b"\xff\xd8\xff") else None


def remember_photo(source: Path, original: bytes, max_px: int, cleaned: bytes) -> None:
    """Keep ``cleaned``, the photo ``original`` (the bytes of ``source``) decoded and re-encoded without a problem."""
    active = _ACTIVE.get()
    if active is None:
        return
    folder, today = active
    _keep(_photo_entry(folder, source, max_px), _photo_key(original, max_px, today) + b"\n" + cleaned)


# Where a page-filling search ended for a document (render.fill): only where the next search starts.
# Showing one more item never takes less room, so the search finds the same number from any start:
# a wrong or stale number here costs a layout or two, never a different document.

def _count_entry(folder: Path, name: str) -> Path:
    return folder / CACHE_FOLDER / f"fill-{hashlib.sha256(name.encode('utf-8', 'surrogatepass')).hexdigest()[:32]}.json"


def recall_count(name: str) -> int | None:
    """How many optional items the document ``name`` showed last time, if that was kept."""
    active = _ACTIVE.get()
    raw = _read_private(_count_entry(active[0], name)) if active is not None else None
    try:
        kept = json.loads(raw) if raw is not None else None
    except ValueError:
        return None
    count = kept.get("count") if type(kept) is dict and kept.get("name") == name else None
    return count if type(count) is int and count >= 0 else None


def remember_count(name: str, count: int) -> None:
    active = _ACTIVE.get()
    if active is not None and recall_count(name) != count:
        _keep(_count_entry(active[0], name), json.dumps({"name": name, "count": count}).encode())


# Text worked out from other text and nothing else (a Word template's cleaned XML, ``render.docx``): kept
# for exactly that text, mfc-docs's code and ``depends_on`` (the library that worked it out), any day.

def _text_entry(folder: Path, kind: str, source: str) -> Path:
    name = hashlib.sha256(f"{kind}\0{source}".encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return folder / CACHE_FOLDER / f"{kind}-{name}.json"


def _text_key(kind: str, source: str, depends_on: str) -> str:
    return hashlib.sha256("\0".join([_code_digest(), kind, depends_on, source]).encode("utf-8", "surrogatepass")
                          ).hexdigest()


def recall_text(kind: str, source: str, depends_on: str) -> str | None:
    """What ``source`` gave as ``kind`` when kept with the same code and ``depends_on``; None otherwise."""
    active = _ACTIVE.get()
    raw = _read_private(_text_entry(active[0], kind, source)) if active is not None else None
    if raw is None:
        return None
    try:
        kept = json.loads(raw)
    except ValueError:
        return None
    if type(kept) is not dict or kept.get("key") != _text_key(kind, source, depends_on):
        return None
    text = kept.get("text")
    return text if type(text) is str else None


def remember_text(kind: str, source: str, depends_on: str, text: str) -> None:
    active = _ACTIVE.get()
    if active is None:
        return
    try:
        data = json.dumps({"key": _text_key(kind, source, depends_on), "text": text},
                          ensure_ascii=False).encode("utf-8", "surrogatepass")
    except (ValueError, TypeError):
        return
    _keep(_text_entry(active[0], kind, source), data)
