"""The home's pages: the front page, check, the documents, the dashboard and rebuilding."""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass, field
from datetime import datetime

from flask import Flask, Response, abort, g, redirect, render_template, request, send_file, url_for

from ..input.child_profile import read_profile
from ..input.home_data import HomeData
from ..output.catalogue import catalogue, open_document, police_packs
from ..problems import Problem, sort_problems
from ..rules.deadlines import OVERDUE, due_text, findings, limits_of, status_text, what_text
from ..rules.status import BACK, MISSING, child_status, hours_minutes


@dataclass
class ChildCard:
    """One child on the front page; ``problems`` set when the child's own files have errors."""

    id: str
    name: str
    legal_name: str
    risk: str | None
    has_photo: bool
    status: object | None
    problems: list[Problem] = field(default_factory=list)
    latest_pack: object | None = None


def children_cards(home: HomeData, out_dir, now: datetime) -> list[ChildCard]:
    cards = []
    for source in home.child_sources:
        child = home.child(source.id)
        packs = police_packs(out_dir, source.id)
        latest = next((p for p in packs if p.format == "pdf"), None)
        if child is None:
            errors = [p for p in home.problems_for(source.id) if p.is_error and p.file != "home_config.yaml"]
            profile = read_profile(source)  # who the child is, when only another of their files is wrong
            known_as, legal = (profile.known_as, profile.data["name"]["legal"]) if profile else (source.id, source.id)
            cards.append(ChildCard(source.id, known_as, legal,
                                   profile.data["risk"]["level"] if profile else None, False, None, errors, latest))
            continue
        cards.append(ChildCard(child.id, child.known_as, child.data["name"]["legal"],
                               child.data["risk"]["level"], child.photo_path is not None,
                               child_status(child, home.config, now), [], latest))
    order = {MISSING: 0, BACK: 1}
    return sorted(cards, key=lambda c: (order.get(getattr(c.status, "state", ""), 2), c.name.lower()))


def home_name(home: HomeData) -> str:
    return home.config["home"]["name"] if home.config else home.root.name


def register(app: Flask) -> None:
    @app.get("/")
    def front_page():
        home: HomeData = g.home
        settings = g.settings
        cards = children_cards(home, settings.out_dir, g.now)
        found = findings(home) if home.config else []
        config_errors = [p for p in home.errors if p.file == "home_config.yaml" or not p.file.startswith("young_people/")]
        warnings = sort_problems(p for p in home.problems if not p.is_error)
        return render_template("front.html", home=home, home_name=home_name(home), cards=cards,
                               findings=found, OVERDUE=OVERDUE, status_text=status_text, due_text=due_text,
                               what_text=what_text, warnings=warnings, config_errors=sort_problems(config_errors),
                               hours_minutes=hours_minutes, now=g.now,
                               due_soon_days=limits_of(home.config)["due_soon_days"])

    @app.get("/check")
    def check_page():
        home: HomeData = g.home
        found = findings(home) if home.config else []
        return render_template("check.html", home_name=home_name(home), findings=found, OVERDUE=OVERDUE,
                               status_text=status_text, due_text=due_text, what_text=what_text,
                               errors=sort_problems(home.errors), due_soon_days=limits_of(home.config)["due_soon_days"])

    @app.get("/documents")
    def documents_page():
        home: HomeData = g.home
        entries = catalogue(g.settings.out_dir, [s.id for s in home.child_sources])
        names = {c.id: c.known_as for c in home.children}
        return render_template("documents.html", home_name=home_name(home), entries=entries, names=names,
                               rebuild=REBUILDS.get(app))

    @app.get("/files/<key>")
    def file_by_key(key: str):
        """A document named by its catalogue key only: never a path from the request."""
        if not key.isalnum() or len(key) > 64:
            abort(404)
        home: HomeData = g.home
        entries = catalogue(g.settings.out_dir, [s.id for s in home.child_sources])
        entry = next((e for e in entries if e.key == key), None)
        if entry is None:
            abort(404)
        path = open_document(g.settings.out_dir, entry)
        if path is None:
            abort(404)
        download = request.args.get("download") == "1"
        return send_file(path, mimetype=entry.content_type, as_attachment=download or entry.format != "pdf",
                         download_name=entry.file_name, max_age=0)

    @app.get("/children/<child_id>/photo")
    def photo(child_id: str):
        """The child's photo from their profile, made small and without any metadata."""
        home: HomeData = g.home
        child = home.child(child_id)
        if child is None or child.photo_path is None:
            abort(404)
        folder = child.source.folder.resolve()
        path = child.photo_path.resolve()
        if folder not in path.parents or not path.is_file():
            abort(404)
        from ..input.photos import PhotoError, clean_photo

        try:
            data = clean_photo(path, max_px=400)
        except (PhotoError, OSError):
            abort(404)
        return send_file(io.BytesIO(data), mimetype="image/jpeg", max_age=0)

    @app.post("/rebuild")
    def rebuild_start():
        job = REBUILDS.get(app)
        if job is None or job.finished:
            job = RebuildJob(g.settings.home_dir, g.settings.out_dir, g.now.date())
            REBUILDS[app] = job
            job.start()
        return redirect(url_for("rebuild_page"), code=303)

    @app.get("/rebuild")
    def rebuild_page():
        job = REBUILDS.get(app)
        if job is None:
            return redirect(url_for("documents_page"), code=303)
        return render_template("rebuild.html", home_name=home_name(g.home), job=job)

    @app.get("/dashboard")
    def dashboard_page():
        from ..documents.dashboard import dashboard_context, month_label, parse_month, previous_month

        home: HomeData = g.home
        text = request.args.get("month", "")
        problem = None
        try:
            month = parse_month(text) if text else previous_month(g.now.date())
        except ValueError as exc:
            month, problem = previous_month(g.now.date()), str(exc)
        from ..input.left_children import with_left_children

        counted = with_left_children(home)
        dash = dashboard_context(counted, month) if home.config and not home.errors else None
        return render_template("dashboard.html", home_name=home_name(home), month=month, label=month_label(month),
                               dash=dash, problem=problem, errors=sort_problems(home.errors),
                               not_counted=counted.problems[len(home.problems):])

    @app.post("/dashboard")
    def dashboard_make():
        from ..commands.dashboard import build_dashboard
        from ..documents.dashboard import parse_month
        from ..output.catalogue import document_key
        from ..problems import MfcError

        try:
            month = parse_month(request.form.get("month", ""))
        except ValueError:
            abort(400)
        try:
            written = build_dashboard(g.settings.home_dir, month, g.settings.out_dir, today=g.now.date())
        except MfcError:
            return redirect(url_for("dashboard_page", month=f"{month:%Y-%m}"), code=303)
        pdf = written.paths["pdf"]
        relative = pdf.resolve().relative_to(g.settings.out_dir.resolve()).as_posix()
        return redirect(url_for("file_by_key", key=document_key(relative)), code=303)


class RebuildJob:
    """``build`` run in the background, with its progress for the page that refreshes itself."""

    def __init__(self, home_dir, out_dir, today):
        self.home_dir, self.out_dir, self.today = home_dir, out_dir, today
        self.done = 0
        self.total = 0
        self.stage = "Checking the files"
        self.finished = False
        self.message = ""
        self.problems: list[str] = []
        self.ok = False

    def start(self) -> None:
        threading.Thread(target=self._run, name="mfc-docs rebuild", daemon=True).start()

    def _progress(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        self.stage = "Making the documents"

    def _run(self) -> None:
        from ..output.build_lock import BuildLock
        from ..pipeline import load_checked, plan_build, run_build
        from ..problems import DataError, MfcError

        try:
            home = load_checked(self.home_dir, self.today)
            with BuildLock(self.out_dir, self.home_dir):
                plan = plan_build(home, self.out_dir)
                self.total = len(plan.jobs)
                if not plan.jobs and not plan.stale:
                    self.message = "Every document was already up to date."
                else:
                    result = run_build(plan, jobs_count=1, progress=self._progress)
                    self.message = (f"{len(result.written)} documents made, {len(result.unchanged)} were already up "
                                    "to date.")
            self.ok = True
        except DataError as exc:
            self.problems = [str(p) for p in sort_problems(exc.problems) if p.is_error]
            self.message = "Nothing was rebuilt: the files have errors (below). The previous documents are unchanged."
        except MfcError as exc:
            self.message = f"Nothing was rebuilt: {exc}"
        except Exception as exc:  # never a traceback on the page; said in the terminal
            import traceback

            traceback.print_exc()
            self.message = f"Nothing was rebuilt: an unexpected error ({type(exc).__name__}). The details are in the " \
                           "window where mfc-docs serve is running."
        finally:
            self.finished = True


REBUILDS: dict = {}
