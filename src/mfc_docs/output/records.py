"""Writing a child's ``episodes.yaml`` from a form, so that a hand edit, ``validate`` and the CLI see the same thing.

The file is a person's file: it is edited with ruamel.yaml's round-trip mode, so
comments, key order and quoting survive wherever nothing changed (an untouched
file is written back byte for byte). Every write

* happens under a lock (two browser tabs never interleave),
* is applied to the file as it is *now*: an entry appended to a log or a new
  episode is merged into whatever is on disk; but a change not made through this
  process since the page was loaded (a hand edit) is never overwritten: the write
  is refused with what changed,
* is checked before it lands: the new text is read back with the same strict
  loader and schema as ``validate`` (and the same episode checks), and must
  hold exactly the data intended, or nothing is written,
* replaces the file atomically and is appended to the home's audit log.
"""

from __future__ import annotations

import copy
import difflib
import hashlib
import io
import itertools
import os
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable

from filelock import FileLock

from ..input.episodes import load_episodes
from ..input.home_data import EPISODES, HomeData
from ..input.loading import load_yaml
from ..input.schema.episode import EPISODE_FIELDS
from ..input.validation import parse_datetime
from ..problems import Problem
from .audit import append_audit
from .files import make_private_dir, write_private_file

LOCK_NAME = ".mfc-docs-records.lock"
_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


class RecordError(Exception):
    """A write was refused; ``problems`` (from the strict loader) or ``changes`` (a diff) say why."""

    def __init__(self, message: str, problems: list[Problem] | None = None, changes: list[str] | None = None,
                 existing: bool = False):
        super().__init__(message)
        self.message = message
        self.problems = problems or []
        self.changes = changes or []
        self.existing = existing  # the file was already wrong before this change: what was typed is not the cause


@dataclass(frozen=True)
class Version:
    """The file as a page was built from it: its text and hash ("" when the file does not exist yet)."""

    text: str
    sha: str
    bom: bool = False  # saved by Notepad with a byte-order mark: kept

    @property
    def exists(self) -> bool:
        return self.sha != ""


@dataclass
class WriteResult:
    path: Path
    before: str
    after: str
    merged: bool  # applied on top of changes another tab made since the page was loaded
    episode_index: int


# What this process wrote (before -> after hash) and recent texts by hash, per file: how a write tells
# "another tab added a log entry" (merge) from "someone edited the file by hand" (refuse, show the change).
_WRITTEN: dict[str, dict[str, str]] = {}
_TEXTS: "OrderedDict[str, str]" = OrderedDict()
_PROCESS_LOCK = threading.Lock()


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _remember(text: str, sha: str) -> None:
    with _PROCESS_LOCK:
        _TEXTS[sha] = text
        _TEXTS.move_to_end(sha)
        while len(_TEXTS) > 200:
            _TEXTS.popitem(last=False)


def read_version(path: Path) -> Version:
    """The file's current text and hash, remembered so a later refusal can show what changed."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        return Version("", "")
    text = raw.decode("utf-8-sig", errors="replace")
    sha = _sha(raw)
    _remember(text, sha)
    return Version(text, sha, raw.startswith(b"\xef\xbb\xbf"))


def clean_text(value: str | None) -> str:
    """A value typed into a form: invisible control characters and tabs removed, ends trimmed, line ends made \\n."""
    text = (value or "").replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROL.sub("", text).strip()


# --------------------------------------------------------------------------
# ruamel.yaml round trip
# --------------------------------------------------------------------------


def _yaml(mapping: int, sequence: int, offset: int):
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 100_000  # never re-wrap a long line
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


_COMMON = [(2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0), (2, 3, 1), (4, 8, 4)]
_LAYOUTS = _COMMON + [(m, s, o) for m, s in itertools.product((2, 4, 3), (4, 2, 3, 6, 5, 8)) for o in range(s - 1)
                      if (m, s, o) not in _COMMON]


def _dump(yaml, data) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


# The layout of texts this process wrote (by hash): the next write to the same file needs no trial dumps.
_LAYOUT_OF: "OrderedDict[str, tuple[int, int, int]]" = OrderedDict()


def round_trip(text: str, known_layout: tuple[int, int, int] | None = None):
    """(yaml, document, layout) for ``text``, with the indentation that writes an untouched file back unchanged.

    ruamel.yaml cannot detect a file's indentation, so the usual layouts are tried and the first
    that reproduces the file exactly is kept (the sample's is the first tried).
    """
    if known_layout is not None:
        yaml = _yaml(*known_layout)
        return yaml, yaml.load(text), known_layout
    best = None
    for layout in _LAYOUTS:
        yaml = _yaml(*layout)
        document = yaml.load(text)
        if _dump(yaml, document) == text:
            return yaml, document, layout
        if best is None:
            best = (yaml, document, layout)
    return best  # an unusual layout: comments and order are still kept; indentation follows the first layout


def _tail(node) -> tuple[Any, Any, int] | None:
    """Where the text after the last value of ``node`` is kept: (container, key, slot) of its comment."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    while True:
        if isinstance(node, CommentedMap) and len(node):
            key = next(reversed(node))
            slot = 2
        elif isinstance(node, CommentedSeq) and len(node):
            key = len(node) - 1
            slot = 0
        else:
            return None
        value = node[key]
        if isinstance(value, (CommentedMap, CommentedSeq)) and len(value):
            node = value
            continue
        return node, key, slot


def _detach_tail(root) -> str:
    """Take the lines after the last value (blank lines, comments at the end) off it; they go back at the end."""
    holder = _tail(root)
    if holder is None:
        return ""
    node, key, slot = holder
    entry = node.ca.items.get(key)
    token = entry[slot] if entry and len(entry) > slot else None
    if token is None or "\n" not in token.value:
        return ""
    first = token.value.index("\n") + 1
    lines = token.value[first:].splitlines(keepends=True)
    kept = 0  # indented comment lines right after the value belong to it; blank lines and the rest move
    while kept < len(lines) and re.match(r"[ \t]+#", lines[kept]):
        kept += 1
    token.value = token.value[:first] + "".join(lines[:kept])
    return "".join(lines[kept:])


def _attach_tail(root, rest: str, blank_line_before: Any = None) -> None:
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    if blank_line_before is not None:  # a blank line after the episode that used to be last, as between the others
        holder = _tail(blank_line_before)
        if holder is not None:
            _add_after(holder, "\n", CommentToken, CommentMark)
    if not rest:
        return
    holder = _tail(root)
    if holder is not None:
        _add_after(holder, rest, CommentToken, CommentMark)


def _add_after(holder, text: str, CommentToken, CommentMark) -> None:
    node, key, slot = holder
    entry = node.ca.items.setdefault(key, [None, None, None, None])
    while len(entry) <= slot:
        entry.append(None)
    token = entry[slot]
    if token is None:
        entry[slot] = CommentToken("\n" + text, CommentMark(0), None)
    else:
        if not token.value.endswith("\n"):
            token.value += "\n"
        token.value += text


def _to_ruamel(value: Any) -> Any:
    """Plain form values as ruamel writes them in the file's own style (plain dates, | blocks for lines)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import LiteralScalarString

    if isinstance(value, dict):
        result = CommentedMap()
        for key, item in value.items():
            result[key] = _to_ruamel(item)
        return result
    if isinstance(value, list):
        result = CommentedSeq(_to_ruamel(item) for item in value)
        return result
    if isinstance(value, str):
        if "\n" in value:
            return LiteralScalarString(value)
        if _DATE_ONLY.fullmatch(value):
            return date.fromisoformat(value)
    return value


def _field_order(path: tuple[str, ...]) -> list[str]:
    """The schema's order of the keys in the record at ``path`` (a new key goes where the schema has it)."""
    schema: dict = EPISODE_FIELDS
    for part in path:
        rule = schema.get(part) or {}
        schema = rule.get("schema") or {}
        if rule.get("type") == "list":
            schema = schema.get("schema") or {}
    return list(schema)


def _put(mapping, key: str, value: Any, order: list[str]) -> None:
    """Set ``key`` in a ruamel or plain mapping; a new key is placed where the schema orders it."""
    if key in mapping or not hasattr(mapping, "insert"):
        mapping[key] = value
        return
    rank = {name: i for i, name in enumerate(order)}
    mine = rank.get(key, len(order))
    position = len(mapping)
    for i, existing in enumerate(mapping):
        if rank.get(existing, len(order)) > mine:
            position = i
            break
    mapping.insert(position, key, value)


# --------------------------------------------------------------------------
# The edits a form can make
# --------------------------------------------------------------------------


Edit = Callable[[list, Callable[[Any], Any], Callable[[], Any]], int]


def add_episode(episode: dict) -> Edit:
    """A new episode at the end of the list. Returns its index."""

    def apply(episodes: list, convert, new_map) -> int:
        record = new_map()
        for key in EPISODE_FIELDS:  # in the schema's order
            if key in episode:
                record[key] = convert(episode[key])
        for key in episode:
            if key not in record:
                record[key] = convert(episode[key])
        episodes.append(record)
        return len(episodes) - 1

    apply.kind = "append"  # type: ignore[attr-defined]
    apply.action = "recorded a new missing episode"  # type: ignore[attr-defined]
    return apply


def append_log(key: str, entry: dict, fill: Callable[[dict], dict[str, str]] | None = None) -> Edit:
    """One entry at the end of an episode's live log; ``fill(episode)`` names episode fields it also fills in."""

    def apply(episodes: list, convert, new_map) -> int:
        index = find_episode(episodes, key)
        record = episodes[index]
        log = record.get("log")
        if log is None:
            _put(record, "log", convert([entry]), _field_order(()))
        else:
            log.append(convert(entry))
        if fill is not None:
            _set_values(record, fill(_plain(record)), convert, new_map)
        return index

    apply.kind = "append"  # type: ignore[attr-defined]
    apply.action = f"added to the live log: {entry.get('action', '')}"  # type: ignore[attr-defined]
    return apply


def append_entry(key: str, list_name: str, entry: dict, action: str) -> Edit:
    """One entry at the end of a list in an episode (``sent``: what left the home, when, to whom)."""

    def apply(episodes: list, convert, new_map) -> int:
        index = find_episode(episodes, key)
        record = episodes[index]
        if record.get(list_name) is None:
            _put(record, list_name, convert([entry]), _field_order(()))
        else:
            record[list_name].append(convert(entry))
        return index

    apply.kind = "append"  # type: ignore[attr-defined]
    apply.action = action  # type: ignore[attr-defined]
    return apply


def set_fields(key: str, values: dict[str, Any], action: str) -> Edit:
    """Fill in fields of an episode (``"police.told_of_return_at"``: a dotted path into a section)."""

    def apply(episodes: list, convert, new_map) -> int:
        index = find_episode(episodes, key)
        _set_values(episodes[index], values, convert, new_map)
        return index

    apply.kind = "set"  # type: ignore[attr-defined]
    apply.action = action  # type: ignore[attr-defined]
    apply.fields = list(values)  # type: ignore[attr-defined]
    apply.key = key  # type: ignore[attr-defined]
    return apply


def _set_values(record, values: dict[str, Any], convert, new_map) -> None:
    for dotted, value in values.items():
        parts = dotted.split(".")
        target = record
        for depth, part in enumerate(parts[:-1]):
            if target.get(part) is None:
                _put(target, part, new_map(), _field_order(tuple(parts[:depth + 1])[:-1]))
            target = target[part]
        _put(target, parts[-1], convert(value), _field_order(tuple(parts[:-1])))


def episode_key(episode: dict) -> str:
    """How a page names an episode: when it began, as written (``confirmed_missing_at`` or ``found_gone_at``)."""
    for name in ("confirmed_missing_at", "found_gone_at"):
        value = episode.get(name)
        if isinstance(value, datetime):
            return value.strftime("%Y-%m-%dT%H:%M")
        if isinstance(value, str) and value.strip():
            try:
                return parse_datetime(value).strftime("%Y-%m-%dT%H:%M")
            except ValueError:
                return value.strip()
    return ""


def find_episode(episodes: list, key: str) -> int:
    matches = [i for i, ep in enumerate(episodes) if isinstance(ep, dict) and episode_key(ep) == key]
    if len(matches) != 1:
        raise RecordError("this episode is no longer in the file as it was (its start time was changed or it was "
                          "removed by hand). Go back to the child's page and open the episode again.")
    return matches[0]


# --------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------


def _lock_path(out_dir: Path) -> Path:
    return Path(out_dir) / LOCK_NAME


class _Locked:
    """One writer at a time for the whole home: threads of this server and any other process."""

    def __init__(self, out_dir: Path):
        self.out_dir = Path(out_dir)

    def __enter__(self):
        make_private_dir(self.out_dir)
        # filelock, as the build lock: the same code on Windows, macOS and Linux. A new FileLock per
        # entry, so two threads of the server exclude each other as two processes do.
        self.lock = FileLock(str(_lock_path(self.out_dir)), mode=0o600)
        self.lock.acquire()
        return self

    def __exit__(self, *exc):
        self.lock.release()


def _written_since(path: Path, base: str, current: str) -> bool:
    """Whether every change from ``base`` to ``current`` was written by this process (another tab)."""
    chain = _WRITTEN.get(str(path), {})
    seen = set()
    step = base
    while step in chain and step not in seen:
        seen.add(step)
        step = chain[step]
        if step == current:
            return True
    return False


def _fields_changed(base_sha: str, now: Version, edit) -> bool:
    """Whether the fields a form sets differ between the version the page showed and the file now."""
    from ..input.loading import load_yaml_text

    before_text = _TEXTS.get(base_sha)
    if before_text is None:
        return True
    before, _ = load_yaml_text(before_text)
    current, _ = load_yaml_text(now.text)
    if before is None or current is None:
        return True
    try:
        old = before.data["episodes"][find_episode(before.data["episodes"], edit.key)]
        new = current.data["episodes"][find_episode(current.data["episodes"], edit.key)]
    except (RecordError, KeyError, TypeError):
        return True

    def value(record, dotted):
        for part in dotted.split("."):
            record = record.get(part) if isinstance(record, dict) else None
        return record

    return any(value(old, f) != value(new, f) for f in edit.fields)


def what_changed(before_sha: str, now: Version) -> list[str]:
    """The lines that differ between the version a page was built from and the file now (a unified diff)."""
    before = _TEXTS.get(before_sha)
    if before is None:
        return []
    diff = difflib.unified_diff(before.splitlines(), now.text.splitlines(), "as the page was loaded", "now",
                                lineterm="", n=1)
    return list(diff)[2:][:80]


def _plain(value: Any) -> Any:
    """Data as the strict loader reads it back: every scalar a string."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def _keeps_every_line(old: str, new: str) -> bool:
    """Whether the old text's lines are all in the new one, in the same order (only lines were added)."""
    remaining = iter(new.splitlines())
    return all(any(line == candidate for candidate in remaining) for line in old.splitlines())


def _apply(text: str, layout: tuple[int, int, int], edit: Edit, display: str) -> tuple[str, int]:
    """The edit made with ruamel.yaml's round trip: the new text, and the index of the episode changed."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    yaml = _yaml(*layout)
    document = yaml.load(text)
    if document is None:
        document = CommentedMap()
    if not isinstance(document, CommentedMap):
        raise RecordError(f"{display} must start with 'episodes:'; fix it by hand first.")
    episodes = document.get("episodes")
    previous_last = episodes[-1] if isinstance(episodes, CommentedSeq) and len(episodes) else None
    rest = _detach_tail(document)
    if episodes is None:
        episodes = CommentedSeq()
        document["episodes"] = episodes
    if not isinstance(episodes, CommentedSeq):
        raise RecordError(f"{display}: 'episodes:' must be a list of episodes; fix it by hand first.")
    episodes.fa.set_block_style()
    index = edit(episodes, _to_ruamel, CommentedMap)
    separate = previous_last is not None and len(episodes) > 1 and episodes[-1] is not previous_last \
        and "\n\n" in text.split("episodes:", 1)[-1]
    _attach_tail(document, rest, previous_last if separate else None)
    return _dump(yaml, document), index


def edit_episodes(home: HomeData, child_id: str, edit: Edit, *, base_sha: str | None, who: str,
                  out_dir: Path | None = None, today: date | None = None) -> WriteResult:
    """Apply ``edit`` to the child's episodes.yaml, or raise RecordError saying why not (nothing written)."""
    try:
        return _edit_episodes(home, child_id, edit, base_sha=base_sha, who=who, out_dir=out_dir, today=today)
    except OSError as exc:  # a folder that cannot be written, a full disk: said, never a traceback
        from .files import explain_os_error

        raise RecordError("Nothing was written: " + explain_os_error(exc, Path(out_dir or home.root / "output"))
                          + " Meanwhile write the details on the paper checklist.") from None


def _edit_episodes(home: HomeData, child_id: str, edit: Edit, *, base_sha: str | None, who: str,
                   out_dir: Path | None = None, today: date | None = None) -> WriteResult:
    source = next((s for s in home.child_sources if s.id == child_id), None)
    if source is None or source.profile.name != "profile.yaml":
        raise RecordError(f"{child_id}'s record is a single file, not a folder; episodes are kept in "
                          f"young_people/{child_id}/episodes.yaml. Move the file to young_people/{child_id}/profile.yaml.")
    path = source.folder / EPISODES
    display = f"young_people/{child_id}/{EPISODES}"
    out_dir = Path(out_dir) if out_dir else home.root / "output"
    with _Locked(out_dir):
        now = read_version(path)
        merged = False
        if base_sha is not None and base_sha != now.sha:
            ours = _written_since(path, base_sha, now.sha)
            if not ours or (edit.kind == "set" and _fields_changed(base_sha, now, edit)):  # type: ignore[attr-defined]
                message = (f"{display} was changed since this page was loaded"
                           + (" (in another tab or window)" if ours else " (by hand or by another program)")
                           + ". Nothing was written, and what you typed is still here: check the change below, "
                             "then send the form again.")
                raise RecordError(message, changes=what_changed(base_sha, now))
            merged = True
        text = now.text if now.exists else "episodes:\n"
        crlf = "\r\n" in text
        if crlf:
            text = text.replace("\r\n", "\n")
        loaded_before, before_problems = load_yaml(path, display) if now.exists else (None, [])
        if now.exists and (loaded_before is None or not isinstance(loaded_before.data.get("episodes", []), (list, type(None)))):
            raise RecordError(f"{display} cannot be read, so nothing was added to it. Fix it first (it is named "
                              "below), then send the form again.", problems=[p for p in before_problems if p.is_error],
                              existing=True)
        expected = copy.deepcopy(loaded_before.data) if loaded_before else {"episodes": None}
        if expected.get("episodes") is None:
            expected["episodes"] = []
        edit(expected["episodes"], lambda v: copy.deepcopy(v), dict)

        layout = _LAYOUT_OF.get(now.sha)
        if layout is not None:  # a text this process wrote: its layout is known
            new_text, index = _apply(text, layout, edit, display)
        else:
            # The usual layout first: when every line of the file is still there, in order, it was the right one
            # (a change that only adds lines). Otherwise find the layout that writes the file back unchanged.
            layout = _LAYOUTS[0]
            new_text, index = _apply(text, layout, edit, display)
            if not _keeps_every_line(text, new_text):
                layout = round_trip(text)[2]
                new_text, index = _apply(text, layout, edit, display)
        if crlf:
            new_text = new_text.replace("\n", "\r\n")
        data = ("\ufeff" if now.bom else "") + new_text
        raw = data.encode("utf-8")

        # Read back exactly as `validate` would, before anything replaces the file.
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            write_private_file(temporary, raw)
            child = home.child(child_id)
            loaded_after, load_problems = load_yaml(temporary, display)
            problems = [p for p in load_problems if p.is_error]
            if loaded_after is not None and not problems:
                _, episode_problems = load_episodes(temporary, display, child, home.config, today or home.today) \
                    if child is not None else _schema_only(temporary, display)
                problems = [p for p in episode_problems if p.is_error]
                if not problems and _plain(loaded_after.data) != _plain(expected):
                    raise RecordError(f"{display} could not be written so that it reads back exactly as intended, so "
                                      "nothing was written. Record this by hand in the file, and report this.")
            if problems:
                already = _existing_errors(path, display, home, child_id, today) if now.exists else []
                if already:
                    raise RecordError(f"{display} already has errors, so nothing can be added to it until they are "
                                      "fixed (they are named below).", problems=already, existing=True)
                raise RecordError(f"This would make {display} invalid, so nothing was written. What you typed is "
                                  "still here: correct it and send the form again.", problems=problems)
            if now.exists:
                os.chmod(temporary, os.stat(path).st_mode & 0o777)
            os.replace(temporary, path)
        finally:
            temporary.unlink(missing_ok=True)
        after = _sha(raw)
        with _PROCESS_LOCK:
            _WRITTEN.setdefault(str(path), {})[now.sha] = after
        _remember(data, after)
        with _PROCESS_LOCK:
            _LAYOUT_OF[after] = layout
            while len(_LAYOUT_OF) > 200:
                _LAYOUT_OF.popitem(last=False)
        append_audit(out_dir, who=who, file=display, record=f"episodes[{index + 1}]",
                     action=getattr(edit, "action", "changed"), before=now.sha, after=after)
    return WriteResult(path, now.sha, after, merged, index)


def _existing_errors(path: Path, display: str, home: HomeData, child_id: str, today: date | None) -> list[Problem]:
    """The errors the file has as it is now, before any change (only looked for when a write is refused)."""
    child = home.child(child_id)
    if child is None:
        return [p for p in _schema_only(path, display)[1] if p.is_error]
    _, problems = load_episodes(path, display, child, home.config, today or home.today)
    return [p for p in problems if p.is_error]


def _schema_only(path: Path, display: str) -> tuple[list, list[Problem]]:
    """The schema check alone, for a child whose profile cannot be read (their episodes must still be recordable)."""
    from ..input.schema.episode import EPISODE_SCHEMA
    from ..input.validation import validate_file

    loaded, problems = load_yaml(path, display)
    if loaded is None:
        return [], problems
    _, schema_problems = validate_file(loaded, EPISODE_SCHEMA)
    return [], problems + schema_problems


__all__ = ["RecordError", "Version", "WriteResult", "add_episode", "append_log", "clean_text", "edit_episodes",
           "episode_key", "read_version", "round_trip", "set_fields", "what_changed"]


# --------------------------------------------------------------------------
# Any of the home's files: the same round trip, refusal and read-back, for profiles and home_config.yaml
# --------------------------------------------------------------------------


def _misread(value: str) -> bool:
    """Whether a YAML reader (1.1, as PyYAML, or 1.2) would take ``value`` written plainly as something else.

    ``NO`` (a boolean), ``0123`` (a number without its zero), ``12:30`` (a sexagesimal number), ``+44...``
    (a number without its +): such a value is quoted, so every reader, not only mfc-docs, sees the text.
    """
    import yaml as pyyaml
    from ruamel.yaml import YAML

    if value != value.strip() or value == "" or "\n" in value:
        return value != value.strip() or value == ""
    try:
        older = pyyaml.safe_load(value)
        newer = YAML(typ="safe", pure=True).load(value)
    except Exception:  # not a plain scalar at all (': ', a leading '@' or '*'): ruamel quotes it itself
        return False
    return not (isinstance(older, str) and older == value and isinstance(newer, str) and newer == value)


def _to_ruamel_quoted(value: Any) -> Any:
    """As ``_to_ruamel``, and a text value a reader would misread is written in quotes."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    if isinstance(value, dict):
        result = CommentedMap()
        for key, item in value.items():
            result[key] = _to_ruamel_quoted(item)
        return result
    if isinstance(value, list):
        return CommentedSeq(_to_ruamel_quoted(item) for item in value)
    converted = _to_ruamel(value)
    if isinstance(converted, str) and not hasattr(converted, "style") and _misread(converted):
        return DoubleQuotedScalarString(converted)
    return converted


def _schema_order(schema: dict, path: tuple) -> list[str]:
    """The schema's order of the keys in the mapping at ``path`` (list indexes skipped)."""
    fields: dict = schema
    for part in path:
        if isinstance(part, int):
            continue
        rule = fields.get(part) or {}
        inner = rule.get("schema") or {}
        if rule.get("type") == "list":
            inner = inner.get("schema") or {}
        fields = inner
    return list(fields)


def _set_path(document, schema: dict, path: tuple, value: Any, convert) -> None:
    """Set ``value`` at ``path`` (keys and list indexes) in a ruamel or plain document; sections are created."""
    target = document
    for depth, part in enumerate(path[:-1]):
        if isinstance(part, int):
            target = target[part]
            continue
        if target.get(part) is None:
            _put(target, part, convert({}), _schema_order(schema, path[:depth]))
        target = target[part]
    last = path[-1]
    if isinstance(last, int):
        target[last] = convert(value)
    else:
        _put(target, last, convert(value), _schema_order(schema, path[:-1]))


def edit_file(root: Path, relative: str, schema: dict, changes: dict[tuple, Any], *, base_sha: str | None,
              who: str, out_dir: Path | None = None) -> WriteResult:
    """Set values in one of the home's files (a profile, home_config.yaml), or raise RecordError (nothing written).

    ``changes`` maps a key path (``("description", "hair")``, ``("associates", 0, "phone")``) to the new
    value, as typed. The file is changed with the round trip (only the changed lines differ), a file
    changed on disk since ``base_sha`` is never overwritten, the new text is read back with the strict
    loader and ``schema`` and must hold exactly what was intended, then replaces the file atomically;
    the audit log records it.
    """
    from ..input.validation import validate_file

    root = Path(root)
    path = root / relative
    out_dir = Path(out_dir) if out_dir else root / "output"
    try:
        with _Locked(out_dir):
            now = read_version(path)
            if not now.exists:
                raise RecordError(f"{relative} does not exist; nothing was written.")
            if base_sha is not None and base_sha != now.sha:
                raise RecordError(f"{relative} was changed since this page was loaded (by hand, in another tab or by "
                                  "another program). Nothing was written, and what you typed is still here: check "
                                  "the change below, then send the form again.", changes=what_changed(base_sha, now))
            text = now.text
            crlf = "\r\n" in text
            if crlf:
                text = text.replace("\r\n", "\n")
            loaded_before, before_problems = load_yaml(path, relative)
            if loaded_before is None or not isinstance(loaded_before.data, dict):
                raise RecordError(f"{relative} cannot be read, so nothing was changed in it. Fix it first.",
                                  problems=[p for p in before_problems if p.is_error], existing=True)
            expected = copy.deepcopy(loaded_before.data)
            yaml, document, layout = round_trip(text, _LAYOUT_OF.get(now.sha))
            try:
                for key_path, value in changes.items():
                    _set_path(expected, schema, tuple(key_path), copy.deepcopy(value), lambda v: v)
                    _set_path(document, schema, tuple(key_path), value, _to_ruamel_quoted)
            except (KeyError, IndexError, TypeError, AttributeError):
                raise RecordError(f"{relative} no longer has the place this form changes (it was edited by hand). "
                                  "Reload the page.") from None
            new_text = _dump(yaml, document)
            if crlf:
                new_text = new_text.replace("\n", "\r\n")
            data = ("\ufeff" if now.bom else "") + new_text
            raw = data.encode("utf-8")
            temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
            try:
                write_private_file(temporary, raw)
                loaded_after, load_problems = load_yaml(temporary, relative)
                problems = [p for p in load_problems if p.is_error]
                if loaded_after is not None and not problems:
                    problems = [p for p in validate_file(loaded_after, schema)[1] if p.is_error]
                    if not problems and _plain(loaded_after.data) != _plain(expected):
                        raise RecordError(f"{relative} could not be written so that it reads back exactly as "
                                          "intended, so nothing was written. Make this change by hand, and report it.")
                if problems:
                    raise RecordError(f"This would make {relative} invalid, so nothing was written. What you typed "
                                      "is still here: correct it and send the form again.", problems=problems)
                os.chmod(temporary, os.stat(path).st_mode & 0o777)
                os.replace(temporary, path)
            finally:
                temporary.unlink(missing_ok=True)
            after = _sha(raw)
            _remember(data, after)
            with _PROCESS_LOCK:
                _LAYOUT_OF[after] = layout
            fields = ", ".join(".".join(str(p) for p in key_path) for key_path in changes)
            append_audit(out_dir, who=who, file=relative, record=fields, action=f"changed {fields}",
                         before=now.sha, after=after)
    except OSError as exc:
        from .files import explain_os_error

        raise RecordError("Nothing was written: " + explain_os_error(exc, out_dir)) from None
    return WriteResult(path, now.sha, after, False, -1)


__all__ += ["edit_file"]
