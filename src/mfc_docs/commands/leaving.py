"""A child leaves the home: their documents archived (never deleted), their files moved out of young_people/.

Case records are kept until the child's 75th birthday, so nothing is deleted: the documents that
were current, and every police pack printed at a report, are copied into the archive
(``output/archive/<id>/``); the child's folder (or single file) is moved, as it is, to
``left/<id>-<date>/`` inside the home folder, where no command reads it as a current child (the
dashboard still counts their episodes: ``input.left_children``). The child's documents then leave
the output folder's young_people/ (only those whose copy is in the archive), so later builds do
not list them as stale; the police packs printed at reports stay there too. Every step is in the
audit log.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ..input.child_profile import read_profile
from ..input.home_data import YOUNG_PEOPLE, ChildSource, HomeData, load_home
from ..input.left_children import LEFT
from ..output.archive import CHILD_ID, Version, stage_version
from ..output.audit import append_audit
from ..output.build_lock import BuildLock
from ..output.files import DIR_MODE, make_private_dir
from ..output.record_versions import RecordsLock, read_version
from ..problems import MfcError


class LeavingError(MfcError):
    """The child's leaving was not recorded; the message says why and what to do."""


@dataclass
class LeavingRequest:
    child_id: str
    on: date
    by: str
    note: str = ""  # where they went, why
    base_sha: str | None = None  # the profile as the page showed it


@dataclass
class LeavingResult:
    version: Version
    moved_to: str  # relative to the home folder
    build_problem: str = ""


def problems_with(request: LeavingRequest, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if request.on > today:
        errors["on"] = "The date the child left is in the future. Record the leaving on the day they leave."
    if not request.by.strip():
        errors["by"] = "Enter your name and role: the record says who did this."
    return errors


def still_missing(home: HomeData, child_id: str) -> bool:
    child = home.child(child_id)
    return bool(child and any(ep.get("returned_at") is None for ep in child.episodes))


def _destination(home_dir: Path, child_id: str, on: date) -> Path:
    left = home_dir / LEFT
    if left.is_symlink() or (left.exists() and not left.is_dir()):
        raise LeavingError(f"{left} is not a folder, so the child's files cannot be moved there. Move it away first.")
    make_private_dir(left)
    name, n = f"{child_id}-{on.isoformat()}", 1
    while os.path.lexists(left / name):
        name, n = f"{child_id}-{on.isoformat()}-{n + 1}", n + 1
    return left / name


def child_leaves(home_dir: Path, out_dir: Path, request: LeavingRequest, now: datetime) -> LeavingResult:
    """Archive the child's documents, then move their files to left/<id>-<date>/. Raises LeavingError."""
    from ..pipeline import load_checked, plan_build, run_build
    from ..problems import DataError

    home_dir, out_dir = Path(home_dir), Path(out_dir)
    if not CHILD_ID.fullmatch(request.child_id):
        raise LeavingError(f"'{request.child_id}' is not a child's id.")
    errors = problems_with(request, now.date())
    if errors:
        raise LeavingError(" ".join(errors.values()))
    with BuildLock(out_dir, home_dir):
        home = load_home(home_dir, now.date())
        source: ChildSource | None = next((s for s in home.child_sources if s.id == request.child_id), None)
        if source is None:
            raise LeavingError(f"there is no child '{request.child_id}' in {YOUNG_PEOPLE}/ (they may have left already).")
        if still_missing(home, request.child_id):
            raise LeavingError("the child is recorded as missing now. Record their return first, then record that "
                               "they left.")
        if request.base_sha is not None and read_version(source.profile).sha != request.base_sha:
            raise LeavingError(f"{source.display} was changed since this page was opened. Nothing was moved: "
                               "reload the page, check it, and confirm again.")
        single_file = source.profile.parent == home_dir / YOUNG_PEOPLE
        moving = source.profile if single_file else source.folder
        sources = [source.profile] + ([source.episodes] if source.episodes else [])
        profile = home.child(request.child_id) or read_profile(source)
        event = {"kind": "left", "date": request.on.isoformat(), "by": request.by.strip(), "note": request.note,
                 "name": profile.known_as if profile else request.child_id}
        staged = stage_version(out_dir, home_dir, request.child_id, sources, why="left", event=event, now=now,
                               include_reports=True)
        try:
            target = _destination(home_dir, request.child_id, request.on)
            staged.record["event"]["moved_to"] = target.relative_to(home_dir).as_posix()
            with RecordsLock(out_dir):  # no form writes into the child's files while they move
                if single_file:
                    target.mkdir(mode=DIR_MODE)
                    os.rename(moving, target / moving.name)
                else:
                    os.rename(moving, target)
        except OSError as exc:
            staged.discard()
            from ..output.files import explain_os_error

            raise LeavingError("the child's files could not be moved: " + explain_os_error(exc, home_dir)) from None
        except BaseException:
            staged.discard()
            raise
        version = staged.finish(now)
        moved_to = target.relative_to(home_dir).as_posix()
        who = request.by.strip()
        append_audit(out_dir, who=who, file=f"archive/{request.child_id}/{version.stamp}", record=request.child_id,
                     action=f"archived {len(version.files)} documents: the child left on {request.on.isoformat()}")
        append_audit(out_dir, who=who, file=source.display, record=request.child_id,
                     action=f"moved {moving.relative_to(home_dir).as_posix()} to {moved_to}: the child left")
        result = LeavingResult(version, moved_to)
        try:
            plan = plan_build(load_checked(home_dir, now.date()), out_dir)
            # The child's documents are in the archive now (byte for byte): only those leave the output folder;
            # anything else the build finds stale stays, as every build leaves it.
            archived = {f.entry.get("path") for f in version.files}
            mine = [e for e in plan.stale if e.get("young_person") == request.child_id and e["path"] in archived]
            plan.unchanged += [{**e, "stale": True} for e in plan.stale if e not in mine]
            plan.stale = mine
            run_build(plan, prune=True, jobs_count=1)
        except DataError as exc:
            result.build_problem = "the home's files have errors: " + "; ".join(str(p) for p in exc.problems[:3])
        except MfcError as exc:
            result.build_problem = str(exc)
    return result


__all__ = ["LEFT", "LeavingError", "LeavingRequest", "LeavingResult", "child_leaves", "still_missing"]
