"""The edits a form can make to a child's episodes: each a function applied to the list of episodes.

An edit is applied twice by ``episodes_yaml.edit_episodes``: to the file's ruamel.yaml document
(``convert`` and ``new_map`` make ruamel values) and to plain data, to check that the file reads
back exactly as intended.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Callable

from ..input.schema.episode import EPISODE_FIELDS
from ..input.validation import parse_datetime
from .record_versions import RecordError
from .yaml_round_trip import plain_data, put_key

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def clean_text(value: str | None) -> str:
    """A value typed into a form: invisible control characters and tabs removed, ends trimmed, line ends made \\n."""
    text = (value or "").replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROL.sub("", text).strip()


def _field_order(path: tuple[str, ...]) -> list[str]:
    """The schema's order of the keys in the record at ``path`` (a new key goes where the schema has it)."""
    schema: dict = EPISODE_FIELDS
    for part in path:
        rule = schema.get(part) or {}
        schema = rule.get("schema") or {}
        if rule.get("type") == "list":
            schema = schema.get("schema") or {}
    return list(schema)


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
            put_key(record, "log", convert([entry]), _field_order(()))
        else:
            log.append(convert(entry))
        if fill is not None:
            _set_values(record, fill(plain_data(record)), convert, new_map)
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
            put_key(record, list_name, convert([entry]), _field_order(()))
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
                put_key(target, part, new_map(), _field_order(tuple(parts[:depth + 1])[:-1]))
            target = target[part]
        put_key(target, parts[-1], convert(value), _field_order(tuple(parts[:-1])))


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
