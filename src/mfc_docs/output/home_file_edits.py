"""Any of the home's files (a profile, home_config.yaml) changed from a form: the same round trip, refusal and read-back.

As for episodes.yaml (``episodes_yaml``): only the changed lines differ, a file changed on disk
since the page was loaded is never overwritten, and the new text must read back exactly as intended
before it replaces the file.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..input.loading import load_yaml
from .audit import append_audit
from .record_versions import (LAYOUT_OF, RecordError, RecordsLock, Version, WriteResult, encoded_like, read_version,
                              remember_written, replace_after_check, sha_of, what_changed)
from .structure_edits import REMOVE, Reorder, apply_plain, remove_in_document, reorder_in_document
from .yaml_round_trip import dump, plain_data, put_key, round_trip, to_ruamel_quoted

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


def _set_path(document, schema: dict, path: tuple, value: Any, convert, plain: bool = False) -> None:
    """Set ``value`` at ``path`` (keys and list indexes) in a ruamel or plain document; sections are created.

    An index one past the end of a list adds an entry (a missing list is created), so a new entry
    (a transfer recorded) leaves the entries already written exactly as they were. ``value`` may
    also be ``REMOVE`` (the key or item is taken out) or a ``Reorder`` of the list there.
    """
    target = document
    for depth, part in enumerate(path[:-1]):
        if isinstance(part, int):
            target = target[part]
            continue
        if target.get(part) is None:
            if value is REMOVE:
                return  # nothing there to remove
            empty = [] if isinstance(path[depth + 1], int) else {}
            put_key(target, part, convert(empty), _schema_order(schema, path[:depth]))
        target = target[part]
    last = path[-1]
    if value is REMOVE or isinstance(value, Reorder):
        if value is REMOVE and isinstance(target, dict) and last not in target:
            return
        if plain:
            apply_plain(target, last, value)
        elif value is REMOVE:
            remove_in_document(target, last)
        else:
            reorder_in_document(target[last], value.order, convert)
        return
    if isinstance(last, int) and last == len(target):
        target.append(convert(value))
    elif isinstance(last, int):
        target[last] = convert(value)
    else:
        put_key(target, last, convert(value), _schema_order(schema, path[:-1]))


def _what(change: Any) -> str:
    """How the audit log names an edit that is not a new value."""
    if change is REMOVE:
        return " (removed)"
    return f" ({change.describe()})" if isinstance(change, Reorder) else ""


@dataclass
class NewVersion:
    """What a file would become: its text as written, its bytes, what it must read back as, its layout."""

    before: Version
    data: str
    raw: bytes
    expected: Any
    layout: tuple[int, int, int]


def new_version(path: Path, relative: str, schema: dict, changes: dict[tuple, Any], *,
                base_sha: str | None) -> NewVersion:
    """The file with ``changes`` made, in memory (nothing written), or RecordError: changed since, unreadable."""
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
    yaml, document, layout = round_trip(text, LAYOUT_OF.get(now.sha))
    try:
        for key_path, value in changes.items():
            _set_path(expected, schema, tuple(key_path), copy.deepcopy(value), lambda v: v, plain=True)
            _set_path(document, schema, tuple(key_path), value, to_ruamel_quoted)
    except (KeyError, IndexError, TypeError, AttributeError):
        raise RecordError(f"{relative} no longer has the place this form changes (it was edited by hand). "
                          "Reload the page.") from None
    data, raw = encoded_like(dump(yaml, document), crlf=crlf, bom=now.bom)
    return NewVersion(now, data, raw, expected, layout)


def edit_file(root: Path, relative: str, schema: dict, changes: dict[tuple, Any], *, base_sha: str | None,
              who: str, out_dir: Path | None = None) -> WriteResult:
    """Set values in one of the home's files (a profile, home_config.yaml), or raise RecordError (nothing written).

    ``changes`` maps a key path (``("description", "hair")``, ``("associates", 0, "phone")``) to the new
    value, as typed, or to ``REMOVE`` or a ``Reorder`` of a list. The file is changed with the round
    trip (only the changed lines differ), a file changed on disk since ``base_sha`` is never
    overwritten, the new text is read back with the strict loader and ``schema`` and must hold
    exactly what was intended, then replaces the file atomically; the audit log records it.
    """
    from ..input.validation import validate_file

    from .files import inside

    root = Path(root)
    path = root / relative
    out_dir = Path(out_dir) if out_dir else root / "output"
    if inside(root, relative) is None:  # a linked folder on the way: the file written would be another home's
        raise RecordError(f"{relative} is reached through a link to a folder outside the home, so nothing was "
                          "written. Move the child's folder itself into young_people/, then try again.")
    try:
        with RecordsLock(out_dir):
            version = new_version(path, relative, schema, changes, base_sha=base_sha)
            now, expected = version.before, version.expected

            def check(temporary: Path) -> None:
                loaded_after, load_problems = load_yaml(temporary, relative)
                problems = [p for p in load_problems if p.is_error]
                if loaded_after is not None and not problems:
                    problems = [p for p in validate_file(loaded_after, schema)[1] if p.is_error]
                    if not problems and plain_data(loaded_after.data) != plain_data(expected):
                        raise RecordError(f"{relative} could not be written so that it reads back exactly as "
                                          "intended, so nothing was written. Make this change by hand, and report it.")
                if problems:
                    raise RecordError(f"This would make {relative} invalid, so nothing was written. What you typed "
                                      "is still here: correct it and send the form again.", problems=problems)

            replace_after_check(path, version.raw, check, keep_mode=True, display=relative)
            after = sha_of(version.raw)
            remember_written(version.data, after, version.layout)
            fields = ", ".join(".".join(str(p) for p in key_path) + _what(value) for key_path, value in changes.items())
            append_audit(out_dir, who=who, file=relative, record=fields, action=f"changed {fields}",
                         before=now.sha, after=after)
    except OSError as exc:
        from .files import explain_os_error

        raise RecordError("Nothing was written: " + explain_os_error(exc, out_dir)) from None
    return WriteResult(path, now.sha, after, False, -1)
