"""A child's missing episode in the browser: report missing, the police pack, the live log, the return.

Each page is one thing, asks only what is needed at that moment, keeps what was
typed when something is wrong, and writes through the library's episode writer
(``output.episodes_yaml``): the same strict checks as ``validate``, never over a change
made by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask import Flask, abort, current_app, g, redirect, render_template, request, url_for

from ..commands.report import RISK_ORDER, ReportError, load_for_report, make_report, parse_when
from ..documents.call_script import calls_to_make, words_to_say
from ..input.child_profile import read_profile
from ..input.home_data import EPISODES, HomeData
from ..input.schema.part2 import ASKED_FIELDS, FIRST_PAGE_FIELDS
from ..output.catalogue import police_packs
from ..output.episode_edits import add_episode, append_log, clean_text, episode_key, set_fields
from ..output.episodes_yaml import edit_episodes
from ..output.record_versions import RecordError, read_version
from ..problems import DataError, sort_problems
from ..rules.deadlines import due_text
from ..rules.dates import british_datetime
from ..rules.status import (LOG_STEPS, MISSING, after_return, child_status, fields_for_step, hours_minutes,
                            latest_episode, timeline)
from .security import NAME_COOKIE

RISKS = ("low", "medium", "high")


@dataclass
class Form:
    """What was typed, and what is wrong with it: field -> message (the page lists them at the top)."""

    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)

    def get(self, name: str) -> str:
        return self.values.get(name, "")

    def text(self, name: str) -> str:
        return clean_text(self.values.get(name))

    def when(self, name: str, label: str, now: datetime, required: bool = False) -> datetime | None:
        value = self.text(name)
        if not value:
            if required:
                self.errors[name] = f"Enter {label}, for example 21:10 or 'yesterday 23:40'."
            return None
        try:
            return parse_when(value, now)
        except ReportError as exc:
            self.errors[name] = str(exc)
            return None


def _label(prompt: str) -> str:
    """'When last seen (e.g. 22:15, ...)' -> 'When last seen': the question; the example becomes the hint."""
    return prompt.split(" (", 1)[0]


def _question(prompt: str) -> str:
    """The label a person reads: the question, with its question mark."""
    label = _label(prompt)
    asks = label.split(" ", 1)[0] in ("When", "Where", "Who", "What", "Why", "Is", "How", "Did", "Was")
    return label + "?" if asks and not label.endswith("?") else label


def _hint(prompt: str) -> str:
    hint = prompt.split(" (", 1)[1].rstrip(")") if " (" in prompt else ""
    return hint[:1].upper() + hint[1:]


def _iso(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else ""


def _source(home: HomeData, child_id: str):
    source = next((s for s in home.child_sources if s.id == child_id), None)
    if source is None:
        abort(404)
    return source


def _profile(home: HomeData, child_id: str):
    """The child as loaded, or just their valid profile when another of their files has an error."""
    child = home.child(child_id)
    if child is None:
        source = next((s for s in home.child_sources if s.id == child_id), None)
        child = read_profile(source) if source else None
    return child


def _names(home: HomeData, child_id: str) -> tuple[str, str]:
    child = _profile(home, child_id)
    if child is None:
        return child_id, child_id
    return child.known_as, child.data["name"]["legal"]


def _remember_name(response, name: str):
    if name:
        response.set_cookie(NAME_COOKIE, name, max_age=400 * 24 * 3600, httponly=True, samesite="Strict", path="/")
    return response


def register(app: Flask) -> None:
    # ------------------------------------------------------------------ child is missing

    @app.route("/children/<child_id>/missing", methods=["GET", "POST"])
    def missing(child_id: str):
        home: HomeData = g.home
        source = _source(home, child_id)
        child = home.child(child_id)
        profile = _profile(home, child_id)
        assessed = profile.data["risk"]["level"] if profile else None
        status = child_status(child, home.config, g.now) if child else None
        if status and status.state == MISSING and request.method == "GET":
            return redirect(url_for("episode_page", child_id=child_id), code=303)
        version = read_version(source.folder / EPISODES)
        form = Form(dict(request.form) if request.method == "POST" else {"recorded_by": g.name})
        record_error = None
        if request.method == "POST" and status and status.state == MISSING:  # reported in another tab meanwhile
            record_error = RecordError(f"{_names(home, child_id)[0]} is already recorded as missing since "
                                       f"{british_datetime(status.since)}: nothing was added. Open the live log "
                                       "to record what is happening.")
        elif request.method == "POST":
            now = g.now
            # The questions are Part 2's first-page fields (input.schema.part2): one list for report, the pack
            # and this form. Only when staff found the child gone is required.
            answers: dict[str, object] = {}
            for question in FIRST_PAGE_FIELDS:
                if question.kind == "time":
                    required = question.key == "found_gone_at"
                    answers[question.key] = form.when(question.key, "when staff found them gone" if required
                                                      else _label(question.prompt).lower(), now, required=required)
                elif question.kind == "yes_no":
                    answers[question.key] = {"yes": True, "no": False}.get(form.text(question.key))
                else:
                    answers[question.key] = form.text(question.key)
            found, seen = answers["found_gone_at"], answers.get("last_seen_at")
            if found and seen and seen > found:
                form.errors["last_seen_at"] = "Last seen must be before they were found gone."
            risk = form.text("risk_level").lower() or (assessed or "")
            if risk not in RISKS:
                form.errors["risk_level"] = "Choose the risk level now: high, medium or low."
            elif assessed and RISK_ORDER[risk] < RISK_ORDER[assessed]:
                form.errors["risk_level"] = (f"The risk assessment says {assessed.upper()}; it can be raised here, "
                                             "not lowered. Choose that level or higher.")
            if not form.errors:
                who = form.text("recorded_by")
                episode = {"confirmed_missing_at": _iso(max(now, found))}
                for key, value in answers.items():
                    if isinstance(value, datetime):
                        episode[key] = _iso(value)
                    elif isinstance(value, bool):
                        episode[key] = "yes" if value else "no"
                    elif value:
                        episode[key] = value
                episode["risk_level"] = risk
                episode["recorded_by"] = who or "Name not given (recorded in mfc-docs serve)"
                try:
                    edit_episodes(home, child_id, add_episode(episode), base_sha=form.get("base_sha") or None,
                                  who=who, out_dir=g.settings.out_dir, today=now.date())
                except RecordError as exc:
                    record_error = exc
                    if exc.existing:  # the child's file was already broken: the police still get the pack
                        shown = {**episode, **{k: v for k, v in answers.items() if v not in ("", None)}}
                        return _pack_page(child_id, new=False, record_error=exc, episode=shown,
                                          problem=_make_pack(child_id, answers, risk, assessed, who, now) or ""), 200
                else:
                    pack_problem = _make_pack(child_id, answers, risk, assessed, who, now)
                    target = url_for("pack_page", child_id=child_id, new="1", **({"problem": pack_problem}
                                                                                  if pack_problem else {}))
                    return _remember_name(redirect(target, code=303), who)
        preferred, legal = _names(home, child_id)
        problems = [p for p in home.problems_for(child_id) if p.is_error and p.file != "home_config.yaml"]
        return render_template("missing.html", child_id=child_id, preferred=preferred, legal=legal, form=form,
                               questions=FIRST_PAGE_FIELDS, label=_question, hint=_hint, assessed=assessed, risks=RISKS, RISK_ORDER=RISK_ORDER, version=version,
                               record_error=record_error, problems=sort_problems(problems)), \
            (400 if form.errors or record_error else 200)

    def _make_pack(child_id, answers: dict, risk, assessed, who, now) -> str | None:
        """The police pack with Part 2 filled in, through the same library call as ``mfc-docs report``."""
        # The Part 2 fields are listed once (input.schema.part2); what this form did not ask stays blank
        # on the pack, to be written by hand.
        values = {field.key: "" for field in ASKED_FIELDS}
        for key, value in answers.items():
            if isinstance(value, datetime):
                values[key] = british_datetime(value)
            elif isinstance(value, bool):
                values[key] = "Yes" if value else "No"
            elif value:
                values[key] = str(value)
        values["reported_by"] = who
        try:
            fresh = current_app.config["MFC_HOME"].get(now.date())  # read once, for the pack and the next page
            report_home = load_for_report(g.settings.home_dir, child_id, now.date(), home=fresh)
            make_report(g.settings.home_dir, child_id, values, out_dir=g.settings.out_dir, now=now, pdf_only=True,
                        reporter_risk=risk if assessed else None, home=report_home)
        except ReportError as exc:
            return f"The police pack could not be made: {exc}"
        except DataError as exc:
            first = sort_problems(exc.problems)[:3]
            return ("The police pack could not be made until these are fixed: " + " ".join(str(p) for p in first)
                    + " Meanwhile hand over the last printed police pack from the shift folder.")
        return None

    # ------------------------------------------------------------------ the pack to print

    @app.get("/children/<child_id>/pack")
    def pack_page(child_id: str):
        return _pack_page(child_id, new=request.args.get("new") == "1", problem=request.args.get("problem", "")[:2000])

    def _pack_page(child_id: str, *, new: bool, problem: str, record_error=None, episode=None):
        home: HomeData = current_app.config["MFC_HOME"].get(g.now.date())
        _source(home, child_id)
        child = home.child(child_id)
        profile = _profile(home, child_id)
        preferred, legal = _names(home, child_id)
        packs = police_packs(g.settings.out_dir, child_id)
        latest_pdf = next((p for p in packs if p.format == "pdf"), None)
        if episode is None:
            episode = latest_episode(child) if child else None
        level = (episode or {}).get("risk_level") or (profile.data["risk"]["level"] if profile else "high")
        calls = calls_to_make(home.config, profile, level) if home.config else []
        words = words_to_say(home.config, profile, child_id, episode or {}, level, g.now.date()) \
            if home.config and episode else []
        return render_template("pack.html", child_id=child_id, preferred=preferred, legal=legal, pack=latest_pdf,
                               new=new, problem=problem, record_error=record_error, calls=calls, words=words,
                               episode=episode, level=level,
                               open_episode=bool(episode and episode.get("returned_at") is None and not record_error))

    # ------------------------------------------------------------------ the live log

    @app.get("/children/<child_id>/episode")
    def episode_page(child_id: str):
        return _episode_page(child_id, Form({"by": g.name}), None)

    def _episode_page(child_id: str, form: Form, record_error, status_code: int = 200):
        home: HomeData = g.home
        source = _source(home, child_id)
        child = home.child(child_id)
        if child is None:
            return render_template("child_problem.html", child_id=child_id,
                                   problems=sort_problems(p for p in home.problems_for(child_id) if p.is_error)), 200
        episode = latest_episode(child)
        if episode is None:
            return redirect(url_for("missing", child_id=child_id), code=303)
        preferred, legal = _names(home, child_id)
        status = child_status(child, home.config, g.now)
        version = read_version(source.folder / EPISODES)
        return render_template("episode.html", child_id=child_id, preferred=preferred, legal=legal,
                               episode=episode, key=episode_key(episode), status=status, steps=LOG_STEPS,
                               entries=timeline(episode), form=form, record_error=record_error, version=version,
                               hours_minutes=hours_minutes, british_datetime=british_datetime,
                               is_open=episode.get("returned_at") is None), status_code

    @app.post("/children/<child_id>/episode/log")
    def log_entry(child_id: str):
        home: HomeData = g.home
        _source(home, child_id)
        form = Form(dict(request.form))
        action = form.text("action")
        known = {step for step, _ in LOG_STEPS} | {"Note"}
        if action not in known:
            form.errors["action"] = "Choose one of the steps."
        by = form.text("by")
        if not by:
            form.errors["by"] = "Enter your name: each entry says who did it."
        at = form.when("at", "the time it was done", g.now) or g.now
        note = form.text("note")
        if action == "Note" and not note:
            form.errors["note"] = "Write the note first, then press 'Add note'."
        if form.errors:
            return _episode_page(child_id, form, None, 400)
        entry = {"at": _iso(at), "by": by, "action": action}
        if note:
            entry["note"] = note
        try:
            fill = lambda episode: fields_for_step(episode, action, entry["at"], note)  # noqa: E731
            edit_episodes(home, child_id, append_log(form.get("episode"), entry, fill),
                          base_sha=form.get("base_sha") or None,
                          who=by, out_dir=g.settings.out_dir, today=g.now.date())
        except RecordError as exc:
            return _episode_page(child_id, form, exc, 409 if exc.changes else 400)
        response = redirect(url_for("episode_page", child_id=child_id) + "#timeline", code=303)
        return _remember_name(response, by)

    # ------------------------------------------------------------------ the return

    @app.route("/children/<child_id>/return", methods=["GET", "POST"])
    def return_page(child_id: str):
        home: HomeData = g.home
        source = _source(home, child_id)
        child = home.child(child_id)
        if child is None:
            return render_template("child_problem.html", child_id=child_id,
                                   problems=sort_problems(p for p in home.problems_for(child_id) if p.is_error)), 200
        episode = latest_episode(child)
        if episode is None or episode.get("returned_at") is not None:
            return redirect(url_for("episode_page", child_id=child_id), code=303)
        version = read_version(source.folder / EPISODES)
        form = Form(dict(request.form) if request.method == "POST" else {"recorded_by": g.name})
        record_error = None
        if request.method == "POST":
            now = g.now
            back = form.when("returned_at", "when they came back", now, required=True)
            if back and back < episode["confirmed_missing_at"] and back < (episode.get("found_gone_at") or back):
                form.errors["returned_at"] = "They came back before they went missing: check the time."
            told = form.when("police_told_at", "when the police were told", now)
            offered = form.when("rhi_offered_at", "when the interview was offered", now)
            decision = form.text("reg40_decision")
            reason = form.text("reg40_reason")
            if decision and decision not in ("notified", "not_notified"):
                form.errors["reg40_decision"] = "Choose notified or not notified."
            if decision and not reason:
                form.errors["reg40_reason"] = "Give the reason for the Reg 40 decision."
            who = form.text("recorded_by")
            if not who:
                form.errors["recorded_by"] = "Enter your name: the record says who wrote it."
            if not form.errors:
                how = form.text("return_how")
                brought = form.text("brought_back_by")
                values: dict[str, str] = {"returned_at": _iso(back)}
                if how or brought:
                    values["return_how"] = "; ".join(p for p in (how, f"brought back by {brought}" if brought else "")
                                                     if p)
                for key in ("where_found", "condition_on_return"):
                    if form.text(key):
                        values[key] = form.text(key)
                if told:
                    values["police.told_of_return_at"] = _iso(told)
                if offered:
                    values["return_home_interview.offered_at"] = _iso(offered)
                    values["return_home_interview.outcome"] = "pending"
                if decision:
                    values["reg40.decision"] = decision
                    values["reg40.decided_on"] = now.date().isoformat()
                    values["reg40.reason"] = reason
                try:
                    edit_episodes(home, child_id, set_fields(episode_key(episode), values, "recorded the return"),
                                  base_sha=form.get("base_sha") or None, who=who, out_dir=g.settings.out_dir,
                                  today=now.date())
                except RecordError as exc:
                    record_error = exc
                else:
                    return _remember_name(redirect(url_for("episode_page", child_id=child_id, returned="1"),
                                                   code=303), who)
        preferred, legal = _names(home, child_id)
        return render_template("return.html", child_id=child_id, preferred=preferred, legal=legal, form=form,
                               record_error=record_error, version=version, episode=episode,
                               dues=after_return(g.now, home.config), british_datetime=british_datetime,
                               due_text=due_text), (400 if form.errors or record_error else 200)
