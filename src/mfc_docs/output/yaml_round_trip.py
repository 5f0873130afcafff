"""The round-trip YAML writer: a person's file changed with ruamel.yaml, everything else kept as written.

Comments, key order and quoting survive wherever nothing changed (an untouched file is written
back byte for byte); a new key goes where the schema orders it; the lines after the last value
(blank lines, closing comments) stay at the end of the file.
"""

from __future__ import annotations

import itertools
import io
import re
from datetime import date
from typing import Any

_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")


def yaml_with_layout(mapping: int, sequence: int, offset: int):
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 100_000  # never re-wrap a long line
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


_COMMON = [(2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0), (2, 3, 1), (4, 8, 4)]


LAYOUTS = _COMMON + [(m, s, o) for m, s in itertools.product((2, 4, 3), (4, 2, 3, 6, 5, 8)) for o in range(s - 1)
                      if (m, s, o) not in _COMMON]


def dump(yaml, data) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def round_trip(text: str, known_layout: tuple[int, int, int] | None = None):
    """(yaml, document, layout) for ``text``, with the indentation that writes an untouched file back unchanged.

    ruamel.yaml cannot detect a file's indentation, so the usual layouts are tried and the first
    that reproduces the file exactly is kept (the sample's is the first tried).
    """
    if known_layout is not None:
        yaml = yaml_with_layout(*known_layout)
        return yaml, yaml.load(text), known_layout
    best = None
    for layout in LAYOUTS:
        yaml = yaml_with_layout(*layout)
        document = yaml.load(text)
        if dump(yaml, document) == text:
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


def detach_tail(root) -> str:
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


def attach_tail(root, rest: str, blank_line_before: Any = None) -> None:
    if blank_line_before is not None:  # a blank line after the episode that used to be last, as between the others
        holder = _tail(blank_line_before)
        if holder is not None:
            add_comment_after(holder, "\n")
    if not rest:
        return
    holder = _tail(root)
    if holder is not None:
        add_comment_after(holder, rest)


def add_comment_after(holder, text: str) -> None:
    """Add comment text after ``holder`` (node, key, slot), joining any comment already there."""
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    if not text:
        return
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


def to_ruamel(value: Any) -> Any:
    """Plain form values as ruamel writes them in the file's own style (plain dates, | blocks for lines)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import LiteralScalarString

    if isinstance(value, dict):
        result = CommentedMap()
        for key, item in value.items():
            result[key] = to_ruamel(item)
        return result
    if isinstance(value, list):
        result = CommentedSeq(to_ruamel(item) for item in value)
        return result
    if isinstance(value, str):
        if "\n" in value:
            return LiteralScalarString(value)
        if _DATE_ONLY.fullmatch(value):
            try:
                return date.fromisoformat(value)
            except ValueError:  # not a real date (2026-13-01): kept as typed, and the check says why
                return value
    return value


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


def to_ruamel_quoted(value: Any) -> Any:
    """As ``to_ruamel``, and a text value a reader would misread is written in quotes."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    if isinstance(value, dict):
        result = CommentedMap()
        for key, item in value.items():
            result[key] = to_ruamel_quoted(item)
        return result
    if isinstance(value, list):
        return CommentedSeq(to_ruamel_quoted(item) for item in value)
    converted = to_ruamel(value)
    if isinstance(converted, str) and not hasattr(converted, "style") and _misread(converted):
        return DoubleQuotedScalarString(converted)
    return converted


def put_key(mapping, key: str, value: Any, order: list[str]) -> None:
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


def plain_data(value: Any) -> Any:
    """Data as the strict loader reads it back: every scalar a string."""
    if isinstance(value, dict):
        return {k: plain_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_data(v) for v in value]
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)
