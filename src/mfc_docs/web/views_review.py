"""A child's review, history and leaving in the browser: record a review (see what changed, then confirm),
every archived version of the documents, and a child leaving the home.

Like every view, these parse the request and call the library (``commands.review``,
``commands.leaving``, ``output.archive``); a file is handed out only by looking up a key in an
archived version's own record, never from a path in the request.
"""

from __future__ import annotations

from datetime import date, datetime

from flask import Flask, abort, g, redirect, render_template, request, send_file, url_for

from ..commands.leaving import LeavingError, LeavingRequest, child_leaves, problems_with as leaving_problems, \
    still_missing
from ..commands.review import (REASONS, ReviewError, ReviewRequest, compare, problems_with, reason_text,
                               record_review)
from ..input.home_data import HomeData
from ..output.archive import CHILD_ID, Version, archived_children, version, versions
from ..output.catalogue import CONTENT_TYPES, catalogue, document_key
from ..output.record_versions import RecordError, read_version
from ..problems import DataError, MfcError, sort_problems
from ..rules.dates import british_date
from .security import NAME_COOKIE
from .views_episode import Form as EpisodeForm

KIND_ORDER = {"risk_assessment": 0, "police_pack": 1, "response_card": 2, "police_pack_report": 3}


class Form(EpisodeForm):
    """The episode pages' form, with every answer on one line: a review's answers are one line each in the history."""

    def text(self, name: str) -> str:
        return " ".join(str(self.values.get(name, "")).split())[:2000]


def parse_day(text: str) -> date | None:
    """A date as typed: 2026-11-24 (a date input) or 24/11/2026."""
    text = text.strip()
    try:
        if "/" in text:
            day, month, year = (int(part) for part in text.split("/"))
            return date(year + 2000 if year < 100 else year, month, day)
        return date.fromisoformat(text)
    except ValueError:
        return None


def _child_or_404(child_id: str):
    if not CHILD_ID.fullmatch(child_id):
        abort(404)
    home: HomeData = g.home
    source = next((s for s in home.child_sources if s.id == child_id), None)
    return home, source, home.child(child_id)


def _remember(response, name: str):
    if name:
        response.set_cookie(NAME_COOKIE, name, max_age=400 * 24 * 3600, httponly=True, samesite="Strict", path="/")
    return response


def _version_label(found: Version) -> dict:
    """What the history page says about one archived version."""
    event = found.record.get("event") or {}
    replaced = event.get("replaced_review") or {}
    files = sorted(found.files, key=lambda f: (KIND_ORDER.get(f.kind, 9), f.name.rsplit(".", 1)[0], f.format != "pdf"))
    day = parse_day(str(event.get("date", ""))) or found.archived_at.date()
    reviewed = parse_day(str(replaced.get("last_reviewed", "")))
    return {
        "stamp": found.stamp,
        "archived": found.archived_at,
        "why": found.why,
        "event_date": british_date(day),
        "event_by": event.get("by", ""),
        "reason": event.get("reason", ""),
        "changes": event.get("changes", ""),
        "moved_to": event.get("moved_to", ""),
        "reviewed_on": british_date(reviewed) if reviewed else "",
        "reviewed_by": replaced.get("by", ""),
        "files": [{"title": f.title, "format": f.format, "name": f.name, "made": f.made,
                   "key": document_key(f.relative)} for f in files],
        "not_archived": found.record.get("not_archived") or [],
    }


def register(app: Flask) -> None:
    # ------------------------------------------------------------------ record a review

    @app.route("/children/<child_id>/review", methods=["GET", "POST"])
    def review(child_id: str):
        home, source, child = _child_or_404(child_id)
        if source is None:
            abort(404)
        if child is None:
            return render_template("child_problem.html", child_id=child_id,
                                   problems=sort_problems(p for p in home.problems_for(child_id) if p.is_error)), 200
        now = g.now
        step = request.form.get("step", "") if request.method == "POST" else ""
        form = Form(dict(request.form) if request.method == "POST"
                    else {"on": now.date().isoformat(), "by": g.name})
        version_now = read_version(source.profile)
        comparison = compare(g.settings.out_dir, child)
        record_error = None
        build_errors = [p for p in home.errors]
        review_request = None
        if request.method == "POST" and step in ("check", "confirm"):
            on = parse_day(form.text("on"))
            if on is None:
                form.errors["on"] = "Enter the date of the review, for example 24/11/2026."
            police = form.text("police_checked")
            if police not in ("yes", "no"):
                form.errors["police_checked"] = "Say whether the police information (Part 1) was checked too."
            review_request = ReviewRequest(child_id, on or now.date(), form.text("by"), form.text("reason"),
                                           form.text("note"), police == "yes",
                                           form.get("base_sha") or version_now.sha)
            for name, message in problems_with(review_request, child, now.date()).items():
                form.errors.setdefault(name, message)
            if not form.errors and not build_errors and step == "confirm":
                try:
                    result = record_review(g.settings.home_dir, g.settings.out_dir, review_request, now)
                except RecordError as exc:
                    record_error = exc
                except DataError as exc:
                    build_errors = [p for p in exc.problems if p.is_error]
                except MfcError as exc:
                    record_error = RecordError(f"Nothing was recorded: {exc}")
                else:
                    target = url_for("history", child_id=child_id, recorded=result.version.stamp,
                                     **({"problem": result.build_problem[:500]} if result.build_problem else {}))
                    return _remember(redirect(target, code=303), review_request.by)
        checking = step in ("check", "confirm") and not form.errors and not build_errors and review_request is not None
        if checking and record_error is None:
            form.values["base_sha"] = version_now.sha  # what the manager sees compared is what is confirmed
        return render_template(
            "review.html", child_id=child_id, preferred=child.known_as, legal=child.data["name"]["legal"],
            form=form, reasons=REASONS, comparison=comparison, checking=checking and record_error is None,
            reason=reason_text(review_request, child) if checking else "", record_error=record_error,
            build_errors=sort_problems(build_errors), version=version_now, assessment=child.data["assessment"],
            british_date=british_date, review_request=review_request, cycle_next=_next_review(home, review_request),
        ), (400 if request.method == "POST" and (form.errors or record_error or build_errors) else 200)

    def _next_review(home: HomeData, review_request):
        if review_request is None:
            return ""
        from ..rules.dates import add_days
        from ..rules.review_cycles import limits_of

        return british_date(add_days(review_request.on, limits_of(home.config)["risk_assessment_days"]))

    # ------------------------------------------------------------------ history

    @app.get("/children/<child_id>/history")
    def history(child_id: str):
        home, source, child = _child_or_404(child_id)
        out_dir = g.settings.out_dir
        found = versions(out_dir, child_id)
        if source is None and not found:
            abort(404)
        current = []
        if source is not None:
            current = sorted((e for e in catalogue(out_dir, [child_id]) if e.child == child_id
                              and e.kind in ("risk_assessment", "police_pack", "response_card")),
                             key=lambda e: (KIND_ORDER.get(e.kind, 9), e.format != "pdf"))
        name = child.known_as if child else _archived_name(found) or child_id
        recorded = request.args.get("recorded", "")
        recorded_version = next((v for v in found if v.stamp == recorded), None)
        return render_template(
            "history.html", child_id=child_id, preferred=name, child=child, here=source is not None,
            current=current, versions=[_version_label(v) for v in reversed(found)],
            recorded=_version_label(recorded_version) if recorded_version else None,
            left=request.args.get("left") == "1", problem=request.args.get("problem", "")[:500],
            assessment=child.data["assessment"] if child else _archived_assessment(found),
            british_date=british_date)

    @app.get("/children/<child_id>/history/<stamp>/<key>")
    def archived_file(child_id: str, stamp: str, key: str):
        """One archived document, named by the version's stamp and the file's key: never a path."""
        if not CHILD_ID.fullmatch(child_id) or not key.isalnum() or len(key) > 64:
            abort(404)
        found = version(g.settings.out_dir, child_id, stamp)
        if found is None:
            abort(404)
        wanted = next((f for f in found.files if document_key(f.relative) == key), None)
        path = found.file(wanted.relative) if wanted else None
        if path is None:
            abort(404)
        download = request.args.get("download") == "1"
        day = found.archived_at.strftime("%Y-%m-%d")
        return send_file(path, mimetype=CONTENT_TYPES.get(wanted.format, "application/octet-stream"),
                         as_attachment=download or wanted.format != "pdf",
                         download_name=f"archived-{day}-{wanted.name}", max_age=0)

    @app.get("/children/left")
    def left_children_page():
        home: HomeData = g.home
        here = {s.id for s in home.child_sources}
        gone = []
        for child_id in archived_children(g.settings.out_dir):
            if child_id in here:
                continue
            found = versions(g.settings.out_dir, child_id)
            last = next((v for v in reversed(found) if v.why == "left"), None)
            gone.append({"id": child_id, "name": _archived_name(found) or child_id,
                         "left": _version_label(last) if last else None})
        return render_template("left.html", children=gone)

    # ------------------------------------------------------------------ a child leaves

    @app.route("/children/<child_id>/leaves", methods=["GET", "POST"])
    def leaves(child_id: str):
        home, source, child = _child_or_404(child_id)
        if source is None:
            if versions(g.settings.out_dir, child_id):
                return redirect(url_for("history", child_id=child_id), code=303)
            abort(404)
        now = g.now
        form = Form(dict(request.form) if request.method == "POST"
                    else {"on": now.date().isoformat(), "by": g.name})
        try:
            version_now = read_version(source.profile)
        except OSError:  # the profile cannot be opened at all (a folder in its place, no permission): nothing moved
            return render_template("child_problem.html", child_id=child_id,
                                   problems=sort_problems(p for p in home.problems_for(child_id) if p.is_error)), 200
        record_error = None
        missing = still_missing(home, child_id)
        if request.method == "POST":
            on = parse_day(form.text("on"))
            if on is None:
                form.errors["on"] = "Enter the date the child left, for example 24/11/2026."
            if form.text("confirm") != "yes":
                form.errors["confirm"] = (f"Tick the box to confirm that {child.known_as if child else 'the child'} "
                                          "has left the home.")
            leaving = LeavingRequest(child_id, on or now.date(), form.text("by"), form.text("note"),
                                     form.get("base_sha") or version_now.sha)
            for name, message in leaving_problems(leaving, now.date()).items():
                form.errors.setdefault(name, message)
            if not form.errors:
                try:
                    child_leaves(g.settings.home_dir, g.settings.out_dir, leaving, now)
                except MfcError as exc:
                    record_error = RecordError(f"Nothing was moved: {exc}")
                else:
                    return _remember(redirect(url_for("history", child_id=child_id, left="1"), code=303), leaving.by)
        profile_name = child.known_as if child else child_id
        return render_template("leaves.html", child_id=child_id, preferred=profile_name, form=form,
                               record_error=record_error, version=version_now, missing=missing,
                               display=source.display), (400 if form.errors or record_error else 200)


def _archived_assessment(found: list[Version]) -> dict | None:
    """A child who left: the review history from the profile kept in the newest archived version."""
    from ..input.loading import load_yaml
    from ..input.schema.young_person import YOUNG_PERSON_SCHEMA
    from ..input.validation import validate_file
    from ..output.files import inside

    for v in reversed(found):
        for relative, copy in (v.record.get("sources") or {}).items():
            name = copy.get("copy") if isinstance(copy, dict) else None
            path = inside(v.folder, name) if isinstance(name, str) and name.startswith("source/") else None
            if path is None or path.name == "episodes.yaml" or not path.is_file():
                continue
            loaded, problems = load_yaml(path, relative)
            if loaded is None or any(p.is_error for p in problems):
                continue
            data, _ = validate_file(loaded, YOUNG_PERSON_SCHEMA)
            if data:
                return data["assessment"]
    return None


def _archived_name(found: list[Version]) -> str:
    """The child's name as recorded in the newest archived version (else from a document's title)."""
    for v in reversed(found):
        name = (v.record.get("event") or {}).get("name")
        if isinstance(name, str) and name:
            return name
    for v in reversed(found):
        for f in v.files:
            if ": " in f.title:
                return f.title.split(": ", 1)[1]
    return ""


__all__ = ["parse_day", "register"]
