"""The edits a form makes besides setting a value: a key removed, a list's items removed, added or reordered.

They are applied to the round-trip document (ruamel.yaml) so that only the lines of what changed
differ, and to plain data (what the file must read back as). A comment or blank line written
before an item belongs to that item and moves (or goes) with it; the lines after the last item of
a list or section (a blank line, the next section's comment) stay at its end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .yaml_round_trip import add_comment_after


class _Remove:
    """The key or item at a path is taken out (an emptied optional field is left out, never written as "")."""

    def __repr__(self) -> str:
        return "REMOVE"

    def __copy__(self) -> "_Remove":
        return self

    def __deepcopy__(self, memo) -> "_Remove":
        return self


REMOVE = _Remove()


@dataclass(frozen=True)
class NewItem:
    """An item added to a list: its value, as typed."""

    value: Any


@dataclass(frozen=True)
class Reorder:
    """The list at a path becomes these items: an old item by its index, or a ``NewItem``."""

    order: tuple[int | NewItem, ...]

    def describe(self) -> str:
        return "order " + ",".join("new" if isinstance(i, NewItem) else str(i + 1) for i in self.order)


def _holder(container, key):
    """(node, key, slot) of the comment that follows ``container[key]``: the deepest last value inside it."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from .yaml_round_trip import _tail

    value = container[key]
    if isinstance(value, (CommentedMap, CommentedSeq)) and len(value):
        return _tail(value)
    return container, key, 2 if isinstance(container, CommentedMap) else 0


def _take_after(holder) -> str:
    """The lines after ``holder``'s own line (blank lines, comments before what follows), taken off it."""
    node, key, slot = holder
    entry = node.ca.items.get(key)
    token = entry[slot] if entry and len(entry) > slot else None
    if token is None or "\n" not in token.value:
        return ""
    first = token.value.index("\n") + 1
    rest = token.value[first:]
    token.value = token.value[:first]
    if token.value == "\n":
        entry[slot] = None
    return rest


def _put_first(seq, text: str) -> None:
    """Comment lines above a list's first item (after those already there)."""
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    if seq.ca.comment is None:
        seq.ca.comment = [None, []]
    if seq.ca.comment[1] is None:
        seq.ca.comment[1] = []
    seq.ca.comment[1].append(CommentToken(text, CommentMark(0), None))


def _move_comments(container, old_keys: list, new_keys: list) -> None:
    """Items' comments keyed by their old key (list index) moved to their new one."""
    saved = {key: container.ca.items.pop(key) for key in old_keys if key in container.ca.items}
    for old, new in zip(old_keys, new_keys):
        if old in saved:
            container.ca.items[new] = saved[old]


def remove_in_document(parent, key) -> None:
    """Take ``parent[key]`` out of a ruamel mapping or list; what followed it moves to the value before it."""
    from ruamel.yaml.comments import CommentedSeq

    keys = list(range(len(parent))) if isinstance(parent, CommentedSeq) else list(parent)
    position = keys.index(key)
    after = _take_after(_holder(parent, key))
    if position > 0:
        before_holder = _holder(parent, keys[position - 1])
        _take_after(before_holder)  # the lines before the removed value were its own (a comment about it)
    if isinstance(parent, CommentedSeq):
        parent.ca.items.pop(key, None)
        del parent[key]
        _move_comments(parent, keys[position + 1:], keys[position:-1])
    else:
        del parent[key]
    if position > 0:  # the first value removed: the lines between it and the next one go with it
        add_comment_after(_holder(parent, keys[position - 1]), after)


def reorder_in_document(seq, order: tuple[int | NewItem, ...], convert) -> None:
    """Rearrange a ruamel list in place; each old item keeps the lines written before it."""
    count = len(seq)
    after = [_take_after(_holder(seq, i)) for i in range(count)]
    before = [""] + after[:-1]
    tail = after[-1] if after else ""
    between = re.match(r"\n*", before[1]).group() if count > 1 else ""  # blank lines only: new or first items
    if before:
        before[0] = between
    items = [seq[i] for i in range(count)]
    comments = {i: seq.ca.items.pop(i) for i in list(seq.ca.items) if isinstance(i, int)}
    del seq[:]
    for position, old in enumerate(order):
        if isinstance(old, NewItem):
            seq.append(convert(old.value))
        else:
            seq.append(items[old])
            if old in comments:
                seq.ca.items[position] = comments[old]
    for position, old in enumerate(order):
        if position:
            add_comment_after(_holder(seq, position - 1), between if isinstance(old, NewItem) else before[old])
        elif not isinstance(old, NewItem) and "#" in before[old]:
            _put_first(seq, before[old].lstrip("\n"))  # the comment about the item now first goes above it
    if len(seq):
        add_comment_after(_holder(seq, len(seq) - 1), tail)


def apply_plain(parent, key, change: Any) -> None:
    """The same edit on plain data (what the file must read back as)."""
    if change is REMOVE:
        del parent[key]
    elif isinstance(change, Reorder):
        old = parent[key]
        parent[key] = [item.value if isinstance(item, NewItem) else old[item] for item in change.order]
