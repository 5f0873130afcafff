"""A review of a child's risk assessment, recorded: compare, archive, record, make the documents again.

The order keeps the record honest. Under the build lock (no build can change the documents
meanwhile): the documents that were current are copied into a hidden archive folder; the review
is written into the profile through ``edit_file`` (refused, with nothing archived, when the file
changed since the page was opened); the archived version is put in place with the profile as
the review left it (what the next review is compared with); then the documents are made again
through the build (``plan_build``/``run_build``), and the audit log says each step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from ..input.home_data import Child, HomeData, load_home
from ..input.loading import load_yaml, load_yaml_bytes
from ..input.profile_diff import Change, profile_changes, summary
from ..input.schema.young_person import YOUNG_PERSON_SCHEMA
from ..output.archive import Version, reviewed_profile, stage_version
from ..output.audit import append_audit
from ..output.build_lock import BuildLock
from ..output.home_file_edits import edit_file
from ..output.structure_edits import NewItem, Reorder
from ..problems import DataError, MfcError
from ..rules.dates import add_days, british_date
from ..rules.review_cycles import limits_of

REASONS: tuple[tuple[str, str], ...] = (
    ("routine", "Routine review"),
    ("episode", "After a missing episode"),
    ("new_information", "New information"),
)


class ReviewError(MfcError):
    """The review was not recorded; the message says why and what to do."""


@dataclass
class Comparison:
    """What changed since the previous review, as far as a copy of the profile then was kept."""

    baseline: Version | None  # the archived version holding the profile as the last review left it
    changes: list[Change]
    last_reviewed: date

    @property
    def compared(self) -> bool:
        return self.baseline is not None

    @property
    def since(self) -> str:
        if self.baseline is None:
            return ""
        event = self.baseline.record.get("event") or {}
        return british_date(_as_date(event.get("date")) or self.baseline.archived_at.date())


@dataclass
class ReviewRequest:
    child_id: str
    on: date
    by: str
    reason: str  # a key of REASONS
    note: str = ""
    police_checked: bool = False
    base_sha: str | None = None


@dataclass
class ReviewResult:
    version: Version  # the documents as they stood before the review, now archived
    entry: dict  # the line added to assessment.history
    next_review: date
    made: list[str] = field(default_factory=list)  # the child's documents made again
    build_problem: str = ""  # why the documents could not be made again (the review is recorded)


def _as_date(value) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None


def compare(out_dir: Path, child: Child) -> Comparison:
    """The profile now against the copy kept at the last review recorded through mfc-docs."""
    last = child.data["assessment"]["last_reviewed"]
    kept = reviewed_profile(out_dir, child.id)
    now_loaded, _ = load_yaml(child.source.profile, child.source.display)
    if kept is None or now_loaded is None:
        return Comparison(None, [], last)
    version, data = kept
    then_loaded, _ = load_yaml_bytes(data, version.folder / "reviewed" / "profile.yaml", child.source.display)
    if then_loaded is None:
        return Comparison(None, [], last)
    return Comparison(version, profile_changes(then_loaded.data, now_loaded.data), last)


def reason_text(request: ReviewRequest, child: Child) -> str:
    """What prompted the review, as the history records it: 'After the missing episode of 15 November 2026: ...'."""
    label = dict(REASONS)[request.reason]
    if request.reason == "episode":
        returned = [ep for ep in child.episodes if ep.get("returned_at") and ep["returned_at"].date() <= request.on]
        if returned:
            latest = max(returned, key=lambda ep: ep["returned_at"])
            start = latest.get("found_gone_at") or latest.get("confirmed_missing_at") or latest["returned_at"]
            label = f"After the missing episode of {british_date(start.date())}"
    return f"{label}: {request.note}" if request.note else label


def problems_with(request: ReviewRequest, child: Child, today: date) -> dict[str, str]:
    """What is wrong with the answers, field by field (the page shows each beside its field)."""
    errors: dict[str, str] = {}
    last = child.data["assessment"]["last_reviewed"]
    if request.on > today:
        errors["on"] = "The review date is in the future. Enter the day the review was done."
    elif request.on < last:
        errors["on"] = (f"The review date is before the last review ({british_date(last)}). Enter the day this "
                        "review was done.")
    if not request.by.strip():
        errors["by"] = "Enter who did the review (name and role)."
    if request.reason not in dict(REASONS):
        errors["reason"] = "Choose what prompted the review."
    return errors


def edits_for(request: ReviewRequest, child: Child, config: dict | None, comparison: Comparison) -> tuple[dict, dict]:
    """The changes to the profile (key path -> value) and the history line the review adds."""
    cycles = limits_of(config)
    entry = {"date": request.on.isoformat(), "by": request.by.strip(), "reason": reason_text(request, child)}
    if comparison.compared:
        entry["changes"] = summary(comparison.changes)
    assessment = child.loaded.data.get("assessment") or {}
    history = list(assessment.get("history") or [])
    next_review = add_days(request.on, cycles["risk_assessment_days"])
    edits: dict[tuple, object] = {
        ("assessment", "last_reviewed"): request.on.isoformat(),
        ("assessment", "next_review"): next_review.isoformat(),
        # Most recent first: the new line on top, every earlier line kept exactly as written.
        ("assessment", "history"): Reorder((NewItem(entry), *range(len(history)))) if history else [entry],
    }
    if request.police_checked:
        edits[("assessment", "police_information_reviewed")] = request.on.isoformat()
    return edits, entry



def record_review(home_dir: Path, out_dir: Path, request: ReviewRequest, now: datetime) -> ReviewResult:
    """Archive the current documents, record the review, make the documents again. Raises ReviewError,
    DataError (the home's files have errors) or RecordError (the profile changed since the page was opened)."""
    from ..pipeline import load_checked, plan_build, run_build

    home_dir, out_dir = Path(home_dir), Path(out_dir)
    today = now.date()
    with BuildLock(out_dir, home_dir):
        home: HomeData = load_home(home_dir, today)
        if home.errors:
            raise DataError(home.errors, home.files_checked)
        child = home.child(request.child_id)
        if child is None:
            raise ReviewError(f"there is no child '{request.child_id}' in young_people/.")
        errors = problems_with(request, child, today)
        if errors:
            raise ReviewError(" ".join(errors.values()))
        comparison = compare(out_dir, child)
        edits, entry = edits_for(request, child, home.config, comparison)
        event = {"kind": "review", "name": child.known_as, "date": request.on.isoformat(), "by": request.by.strip(),
                 "reason": entry["reason"], "note": request.note, "changes": entry.get("changes", ""),
                 "replaced_review": {"last_reviewed": child.data["assessment"]["last_reviewed"].isoformat(),
                                     "by": _last_reviewer(child)}}
        sources = [p for p in child.input_files() if p.suffix.lower() in (".yaml", ".yml")]
        staged = stage_version(out_dir, home_dir, child.id, sources, why="review", event=event, now=now)
        try:
            written = edit_file(home_dir, child.source.display, YOUNG_PERSON_SCHEMA, edits, base_sha=request.base_sha,
                                who=request.by.strip(), out_dir=out_dir)
            staged.add_reviewed_profile(written.path.read_bytes())
            version = staged.finish(now)
        except BaseException:
            staged.discard()
            raise
        append_audit(out_dir, who=request.by.strip(), file=f"archive/{child.id}/{version.stamp}", record=child.id,
                     action=f"archived {len(version.files)} documents current before the review of "
                            f"{request.on.isoformat()}")
        next_review = _as_date(edits[("assessment", "next_review")])
        result = ReviewResult(version, entry, next_review)
        try:
            plan = plan_build(load_checked(home_dir, today), out_dir)
            built = run_build(plan, jobs_count=1)
        except DataError as exc:
            result.build_problem = "the home's files have errors: " + "; ".join(str(p) for p in exc.problems[:3])
        except MfcError as exc:
            result.build_problem = str(exc)
        else:
            result.made = [e["path"] for e in built.written if e.get("young_person") == child.id]
            append_audit(out_dir, who=request.by.strip(), file=f"young_people/{child.id}/", record=child.id,
                         action=f"made {len(result.made)} documents again after the review")
    return result


def _last_reviewer(child: Child) -> str:
    """Who did the review the current documents carry: the history line of that date, else the sign-off."""
    assessment = child.data["assessment"]
    for line in assessment.get("history") or []:
        if line["date"] == assessment["last_reviewed"]:
            return line["by"]
    return assessment.get("signed_off_by") or assessment.get("author") or ""


__all__ = ["Comparison", "REASONS", "ReviewError", "ReviewRequest", "ReviewResult", "compare", "edits_for",
           "problems_with", "reason_text", "record_review"]
