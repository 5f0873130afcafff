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
from datetime import date
from pathlib import Path

from ..input.episodes import load_episodes
from ..input.home_data import EPISODES, HomeData
from ..input.loading import load_yaml
from ..problems import Problem
from .audit import append_audit
from .episode_edits import Edit, find_episode
from .record_versions import (LAYOUT_OF, PROCESS_LOCK, TEXTS, WRITTEN, RecordError, RecordsLock, Version, WriteResult,
                              encoded_like, read_version, remember_written, replace_after_check, sha_of, what_changed,
                              written_since)
from .yaml_round_trip import LAYOUTS, attach_tail, detach_tail, dump, plain_data, round_trip, to_ruamel, yaml_with_layout

def _fields_changed(base_sha: str, now: Version, edit) -> bool:
    """Whether the fields a form sets differ between the version the page showed and the file now."""
    from ..input.loading import load_yaml_text

    before_text = TEXTS.get(base_sha)
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


def _keeps_every_line(old: str, new: str) -> bool:
    """Whether the old text's lines are all in the new one, in the same order (only lines were added)."""
    remaining = iter(new.splitlines())
    return all(any(line == candidate for candidate in remaining) for line in old.splitlines())


def _apply(text: str, layout: tuple[int, int, int], edit: Edit, display: str) -> tuple[str, int]:
    """The edit made with ruamel.yaml's round trip: the new text, and the index of the episode changed."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    yaml = yaml_with_layout(*layout)
    document = yaml.load(text)
    if document is None:
        document = CommentedMap()
    if not isinstance(document, CommentedMap):
        raise RecordError(f"{display} must start with 'episodes:'; fix it by hand first.")
    episodes = document.get("episodes")
    previous_last = episodes[-1] if isinstance(episodes, CommentedSeq) and len(episodes) else None
    rest = detach_tail(document)
    if episodes is None:
        episodes = CommentedSeq()
        document["episodes"] = episodes
    if not isinstance(episodes, CommentedSeq):
        raise RecordError(f"{display}: 'episodes:' must be a list of episodes; fix it by hand first.")
    episodes.fa.set_block_style()
    index = edit(episodes, to_ruamel, CommentedMap)
    separate = previous_last is not None and len(episodes) > 1 and episodes[-1] is not previous_last \
        and "\n\n" in text.split("episodes:", 1)[-1]
    attach_tail(document, rest, previous_last if separate else None)
    return dump(yaml, document), index


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
    with RecordsLock(out_dir):
        now = read_version(path)
        merged = False
        if base_sha is not None and base_sha != now.sha:
            ours = written_since(path, base_sha, now.sha)
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

        layout = LAYOUT_OF.get(now.sha)
        if layout is not None:  # a text this process wrote: its layout is known
            new_text, index = _apply(text, layout, edit, display)
        else:
            # The usual layout first: when every line of the file is still there, in order, it was the right one
            # (a change that only adds lines). Otherwise find the layout that writes the file back unchanged.
            layout = LAYOUTS[0]
            new_text, index = _apply(text, layout, edit, display)
            if not _keeps_every_line(text, new_text):
                layout = round_trip(text)[2]
                new_text, index = _apply(text, layout, edit, display)
        data, raw = encoded_like(new_text, crlf=crlf, bom=now.bom)

        def check(temporary: Path) -> None:
            """Read back exactly as `validate` would, before anything replaces the file."""
            child = home.child(child_id)
            loaded_after, load_problems = load_yaml(temporary, display)
            problems = [p for p in load_problems if p.is_error]
            if loaded_after is not None and not problems:
                _, episode_problems = load_episodes(temporary, display, child, home.config, today or home.today) \
                    if child is not None else _schema_only(temporary, display)
                problems = [p for p in episode_problems if p.is_error]
                if not problems and plain_data(loaded_after.data) != plain_data(expected):
                    raise RecordError(f"{display} could not be written so that it reads back exactly as intended, so "
                                      "nothing was written. Record this by hand in the file, and report this.")
            if problems:
                already = _existing_errors(path, display, home, child_id, today) if now.exists else []
                if already:
                    raise RecordError(f"{display} already has errors, so nothing can be added to it until they are "
                                      "fixed (they are named below).", problems=already, existing=True)
                raise RecordError(f"This would make {display} invalid, so nothing was written. What you typed is "
                                  "still here: correct it and send the form again.", problems=problems)

        replace_after_check(path, raw, check, keep_mode=now.exists, display=display)
        after = sha_of(raw)
        with PROCESS_LOCK:
            WRITTEN.setdefault(str(path), {})[now.sha] = after
        remember_written(data, after, layout)
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
