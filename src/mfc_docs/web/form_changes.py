"""What a form sent back, as the edits ``edit_file`` makes: only what differs from the file, nothing else.

A value equal in meaning to what is written (``yes`` for ``true``, the same date, the same choice in
other capitals) is left as the person wrote it. An emptied optional field is taken out of the file,
never written as ""; an emptied list item is taken out of its list; a list's new order is one
``Reorder``. Values that YAML would turn into something else are quoted by the writer.
"""

from __future__ import annotations

import re
from typing import Any

from ..output.episode_edits import clean_text
from ..output.structure_edits import REMOVE, NewItem, Reorder
from .forms import UNSENT, Item, humanise, schema_of

_ABSENT = object()


def blank(value: Any) -> bool:
    """Nothing typed anywhere in it (a new item left empty, or every field of an item cleared)."""
    if value is UNSENT:
        return True
    if isinstance(value, dict):
        return all(blank(v) for v in value.values())
    if isinstance(value, list):
        return all(blank(item.value) for item in value)
    if isinstance(value, Item):
        return blank(value.value)
    return isinstance(value, str) and not clean_text(value)


def without_blank_items(value: Any) -> Any:
    """The state with empty list items dropped: what the file will hold, item for item."""
    if isinstance(value, dict):
        return {k: without_blank_items(v) for k, v in value.items()}
    if isinstance(value, list):
        return [Item(i.origin, without_blank_items(i.value)) for i in value if not blank(i.value)]
    return value


def _typed(rule: dict, text: str) -> Any:
    """A typed value as the writer should put it: digits as a number, yes/no plain, the rest as text."""
    from ruamel.yaml.scalarstring import PlainScalarString

    value = clean_text(text)
    if rule.get("type") == "integer" and re.fullmatch(r"[0-9]+", value):
        return int(value)
    if rule.get("coerce") == "yes_no" and value.lower() in ("yes", "no"):
        return PlainScalarString(value.lower())
    if "allowed" in rule and value.lower() in rule["allowed"]:
        return PlainScalarString(value.lower()) if value.lower() not in ("yes", "no", "null") else value.lower()
    return value


def _same(rule: dict, written: str, typed: str) -> bool:
    """Whether what was typed means what is written (then the file keeps the person's own spelling)."""
    a, b = clean_text(written), clean_text(typed)
    if a == b:
        return True
    if rule.get("coerce") == "yes_no" or "allowed" in rule:
        yes, no = ("yes", "y", "true"), ("no", "n", "false")
        if rule.get("coerce") == "yes_no":
            return (a.lower() in yes and b.lower() in yes) or (a.lower() in no and b.lower() in no)
        return a.lower() == b.lower()
    if rule.get("type") == "integer" and a.isdigit() and b.isdigit():
        return int(a) == int(b)
    if rule.get("type") == "date":
        from ..input.validation import parse_date

        try:
            return parse_date(a) == parse_date(b)
        except ValueError:
            return False
    return False


def plain(rule: dict, value: Any) -> Any:
    """A new record, list or value as it is written: empty fields left out, in the schema's order."""
    if isinstance(value, dict):
        fields = rule.get("schema", {})
        return {k: plain(fields.get(k, {}), v) for k, v in value.items() if not blank(v)}
    if isinstance(value, list):
        return [plain(rule.get("schema", {}), i.value) for i in value if not blank(i.value)]
    return _typed(rule, value)


def changes_for(kind: str, original: dict | None, state: dict) -> tuple[dict[tuple, Any], dict[tuple, Any]]:
    """The edits that make the file's section what the form says (``state`` without blank items),
    and the value each changed path held before (for saying what changed)."""
    schema = schema_of(kind)
    original = original if isinstance(original, dict) else {}
    changes: dict[tuple, Any] = {}
    olds: dict[tuple, Any] = {}
    for key, value in state.items():
        _diff(schema[key], original.get(key, _ABSENT), value, (key,), changes, olds)
    return changes, olds


def _diff(rule: dict, old: Any, new: Any, path: tuple, changes: dict, olds: dict) -> None:
    if new is UNSENT:
        return
    olds[path] = old
    kind = rule.get("type")
    if kind == "dict" and "schema" in rule:
        if not isinstance(new, dict):
            return  # shown as unreadable: never changed from the form
        if old is _ABSENT or old is None:
            if not blank(new):
                changes[path] = plain(rule, new)
            return
        if blank(new) and not rule.get("required") and set(old) <= set(rule["schema"]):
            changes[path] = REMOVE
            return
        for key, sub in rule["schema"].items():
            _diff(sub, old.get(key, _ABSENT), new.get(key, UNSENT), path + (key,), changes, olds)
        return
    if kind == "list" and "schema" in rule:
        if not isinstance(new, list):
            return
        kept = [item for item in new if not blank(item.value)]
        old_items = old if isinstance(old, list) else []
        if not kept:
            if old is not _ABSENT and old is not None and old_items:
                changes[path] = REMOVE
            return
        if not old_items:
            changes[path] = plain(rule, kept)
            return
        order = tuple(i.origin if i.origin is not None else NewItem(plain(rule["schema"], i.value)) for i in kept)
        if order != tuple(range(len(old_items))):
            changes[path] = Reorder(order)
        for position, item in enumerate(kept):
            if item.origin is not None:
                _diff(rule["schema"], old_items[item.origin], item.value, path + (position,), changes, olds)
        return
    if not isinstance(new, str):
        return
    typed = clean_text(new)
    if not typed:
        if old is not _ABSENT and old is not None:
            changes[path] = REMOVE
        return
    if isinstance(old, str) and _same(rule, old, typed):
        return
    changes[path] = _typed(rule, typed)


def describe(changes: dict[tuple, Any], olds: dict[tuple, Any]) -> list[str]:
    """What changed, in words a manager reads after saving: 'Description > Hair: now "Brown" (was "Black")'."""
    lines = []
    for path, value in changes.items():
        label = " > ".join(humanise(p) if isinstance(p, str) else f"item {p + 1}" for p in path)
        old = olds.get(path)
        if value is REMOVE:
            lines.append(f"{label}: removed" + (f" (was {_short(old)})" if isinstance(old, str) else ""))
        elif isinstance(value, Reorder):
            added = sum(isinstance(i, NewItem) for i in value.order)
            moved = [i for i in value.order if not isinstance(i, NewItem)]
            removed = len(old) - len(moved) if isinstance(old, list) else 0
            parts = ([f"{added} added"] if added else []) + ([f"{removed} removed"] if removed else []) + \
                    (["order changed"] if moved != sorted(moved) else [])
            lines.append(f"{label}: " + ", ".join(parts or ["order changed"]))
        elif isinstance(value, (dict, list)):
            lines.append(f"{label}: added")
        else:
            lines.append(f"{label}: now {_short(str(value))}" + (f" (was {_short(old)})" if isinstance(old, str) else ""))
    return lines


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return f'"{text[:80]}…"' if len(text) > 80 else f'"{text}"'
