"""``mfc-docs history CHILD``: every archived version of a child's documents, and those in use on a date.

An inspector asks "what did the risk assessment say on 20 November?". The archive keeps each
version until it was replaced (by a review) or until the child left; the version in use at the
end of a day is the first one archived after that day, or the current documents when none was.
``--copy-to`` copies that version's files out (never over an existing file) to hand over.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ..output.archive import CHILD_ID, Version, child_folder, versions
from ..output.files import OutputError, make_private_dir, write_private_file
from ..output.manifest import read_manifest
from ..problems import MfcError
from ..rules.dates import british_date


class HistoryError(MfcError):
    """The history cannot be shown; the message says why."""


@dataclass
class InUse:
    """What was in use at the end of a day: an archived version, or the current documents (version None)."""

    on: date
    version: Version | None
    current: list[str]  # the current documents' paths in the output folder, when version is None
    replaced_that_day: Version | None = None  # a version archived during that very day (in use until then)
    before_first: bool = False  # the day is before the oldest kept version was made


def _event(found: Version) -> dict:
    return found.record.get("event") or {}


def describe(found: Version) -> str:
    """One line: why the version was archived, and which review it carried."""
    event = _event(found)
    replaced = event.get("replaced_review") or {}
    day = british_date(_day(event.get("date")) or found.archived_at.date())
    if found.why == "left":
        what = f"kept when the child left on {day} (recorded by {event.get('by', 'not given')})"
    else:
        what = f"in use until the review of {day} by {event.get('by', 'not given')} ({event.get('reason', '')})"
    carried = _day(replaced.get("last_reviewed"))
    if carried:
        what += f"; carried the review of {british_date(carried)}"
        if replaced.get("by"):
            what += f" by {replaced['by']}"
    return what


def _day(value) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def current_documents(out_dir: Path, child_id: str) -> list[str]:
    return [e["path"] for e in read_manifest(out_dir).get("documents", [])
            if e.get("young_person") == child_id and not e.get("stale")]


def in_use_on(out_dir: Path, child_id: str, on: date) -> InUse:
    """The documents in use at the end of ``on``."""
    found = versions(out_dir, child_id)
    later = [v for v in found if v.archived_at.date() > on]
    same_day = next((v for v in found if v.archived_at.date() == on), None)
    if later:
        chosen = later[0]
        made = [f.made for f in chosen.files if f.made]
        before_first = chosen is found[0] and bool(made) and min(made)[:10] > on.isoformat()
        return InUse(on, chosen, [], same_day, before_first)
    return InUse(on, None, current_documents(out_dir, child_id), same_day)


def history_lines(out_dir: Path, child_id: str, on: date | None = None) -> list[str]:
    """What ``mfc-docs history`` prints."""
    if not CHILD_ID.fullmatch(child_id):
        raise HistoryError(f"'{child_id}' is not a child's id (lowercase letters, digits and hyphens).")
    out_dir = Path(out_dir)
    found = versions(out_dir, child_id)
    current = current_documents(out_dir, child_id)
    if not found and not current:
        raise HistoryError(f"there are no documents and no archive for '{child_id}' in {out_dir}. Check the id "
                           "(the child's folder name) and the output folder (-o).")
    folder = child_folder(out_dir, child_id)
    lines: list[str] = []
    if on is None:
        lines.append(f"{child_id}: {len(found)} earlier version{'s' if len(found) != 1 else ''} of the documents, "
                     f"kept in {folder} (never deleted by mfc-docs).")
        for v in reversed(found):
            lines.append("")
            lines.append(f"{v.archived_at:%Y-%m-%d %H:%M}  {describe(v)}")
            lines.extend(f"    {v.folder / f.relative}" for f in v.files)
        lines.append("")
        lines.append("In use now:" if current else "No current documents (the child has left, or no build yet).")
        lines.extend(f"    {out_dir / path}" for path in current)
        return lines
    use = in_use_on(out_dir, child_id, on)
    if use.version is None:
        if not use.current:
            return [f"On {british_date(on)} no documents for {child_id} were in use that mfc-docs kept."]
        lines.append(f"On {british_date(on)} the documents in use were the current ones:")
        lines.extend(f"    {out_dir / path}" for path in use.current)
    else:
        lines.append(f"On {british_date(on)} the documents in use were those archived on "
                     f"{use.version.archived_at:%Y-%m-%d %H:%M}: {describe(use.version)}.")
        lines.extend(f"    {use.version.folder / f.relative}" for f in use.version.files)
        if use.before_first:
            lines.append("Note: these were made after that day; mfc-docs kept nothing older.")
    if use.replaced_that_day is not None and use.replaced_that_day is not use.version:
        lines.append(f"Until {use.replaced_that_day.archived_at:%H:%M} that day, the version archived then was in "
                     f"use: {use.replaced_that_day.folder}")
    return lines


def copy_in_use(out_dir: Path, child_id: str, on: date, destination: Path) -> list[Path]:
    """Copy the documents in use on ``on`` into ``destination`` (created owner-only; nothing overwritten)."""
    use = in_use_on(Path(out_dir), child_id, on)
    if use.version is None:
        sources = [(Path(out_dir) / path, Path(path).name) for path in use.current]
    else:
        sources = [(use.version.file(f.relative), f.name) for f in use.version.files]
    written: list[Path] = []
    try:
        make_private_dir(Path(destination))
        for path, name in sources:
            if path is None or not path.is_file():
                raise HistoryError(f"{name} is missing from the archive or was changed since it was kept; "
                                   "nothing more was copied.")
            stem, dot, ext = name.rpartition(".")
            target = Path(destination) / f"{stem}-as-on-{on.isoformat()}{dot}{ext}"
            if os.path.lexists(target):
                raise HistoryError(f"{target} already exists; choose an empty folder with --copy-to.")
            write_private_file(target, path.read_bytes())
            written.append(target)
    except OSError as exc:
        from ..output.files import explain_os_error

        raise OutputError(explain_os_error(exc, Path(destination))) from None
    return written


def parse_day(text: str) -> date:
    try:
        return datetime.strptime(text.strip(), "%Y-%m-%d").date()
    except ValueError:
        try:
            return datetime.strptime(text.strip(), "%d/%m/%Y").date()
        except ValueError:
            raise HistoryError(f"'{text}' is not a date: write it as YYYY-MM-DD, e.g. 2026-11-20.") from None


def run_history(out_dir: Path, child_id: str, on_text: str | None, copy_to: Path | None, echo) -> None:
    """What ``mfc-docs history`` does: print the versions (or the one in use on a day), copy it out if asked."""
    import click

    if copy_to is not None and not on_text:
        raise click.BadParameter("give the date with --on as well.", param_hint="--copy-to")
    on = parse_day(on_text) if on_text else None
    for line in history_lines(out_dir, child_id, on):
        echo(line)
    if copy_to is not None:
        for path in copy_in_use(out_dir, child_id, on, copy_to):
            echo(f"copied    {path}")


__all__ = ["HistoryError", "InUse", "copy_in_use", "describe", "history_lines", "in_use_on", "parse_day", "run_history"]
