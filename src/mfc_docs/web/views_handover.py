"""What leaves the home, from the browser: the encrypted pack for email, the placing authority's notification, the transfer pack.

Each page calls the same library as the command line (``report --encrypt``, ``notify``,
``transfer``) and records each sending where the command does (the episode's ``sent`` list,
the profile's ``transfers``). A passphrase is shown once, in the answer to the press that made it,
and is kept nowhere: not in a file, not in the address, not in a cookie; the page is never cached.
Files are handed out by an opaque key looked up among what mfc-docs wrote for that child,
never by a path from the request.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, abort, g, redirect, render_template, request, send_file, url_for

from ..commands.notify import NotifyError, make_notification, record_sent
from ..commands.report import ReportError, protect_pack
from ..commands.transfer import make_transfer
from ..documents import notification
from ..input.home_data import HOME_CONFIG, HomeData
from ..output.audit import append_audit
from ..output.catalogue import document_key, police_packs
from ..output.episode_edits import clean_text
from ..output.files import inside
from ..output.record_versions import RecordError
from ..problems import DataError, MfcError, sort_problems
from ..rules.dates import british_datetime
from .security import NAME_COOKIE

KINDS = {"missing": notification.MISSING, "return": notification.RETURN}
# What mfc-docs writes for a child that may leave the home: (folder under young_people/<id>/, file pattern).
HANDED_OUT = (("reports", "*/police-pack-*-encrypted.pdf"), ("notifications", "*/*-notification-episode-*.*"),
              ("transfers", "*/transfer-pack-*-encrypted.pdf"))
CONTENT_TYPES = {".pdf": "application/pdf", ".txt": "text/plain; charset=utf-8",
                 ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def handed_out_files(out_dir: Path, child_id: str) -> dict[str, Path]:
    """key -> file, for every file of this child that may be handed out (the key names no path)."""
    root = Path(out_dir) / "young_people" / child_id
    found = {}
    for folder, pattern in HANDED_OUT:
        for path in (root / folder).glob(pattern):
            relative = path.relative_to(out_dir).as_posix()
            if path.suffix in CONTENT_TYPES and inside(Path(out_dir), relative) is not None and path.is_file():
                found[document_key(relative)] = path
    return found


def file_link(child_id: str, path: Path) -> str:
    relative = path.relative_to(g.settings.out_dir).as_posix()
    return url_for("handover_file", child_id=child_id, key=document_key(relative))


def _child(home: HomeData, child_id: str):
    if child_id not in {s.id for s in home.child_sources}:
        abort(404)
    child = home.child(child_id)
    if child is None:
        return None
    return child


def _problem_page(child_id: str, home: HomeData):
    return render_template("child_problem.html", child_id=child_id,
                           problems=sort_problems(p for p in home.problems_for(child_id) if p.is_error)), 200


def _config_problem_page(child_id: str, home: HomeData):
    problems = sort_problems(p for p in home.problems if p.file == HOME_CONFIG and p.is_error)
    return render_template("handover_problem.html", child_id=child_id, title="The home's settings cannot be read",
                           message="The notification names the home, its phone and its managers from "
                                   f"{HOME_CONFIG}, which has errors: " + " ".join(str(p) for p in problems[:3]) +
                                   " Fix them (Home settings, or the file itself), then make the notification.",
                           back=url_for("episode_page", child_id=child_id)), 409


def _remember(response, name: str):
    if name:
        response.set_cookie(NAME_COOKIE, name, max_age=400 * 24 * 3600, httponly=True, samesite="Strict", path="/")
    return response


def _episode_number(child, key: str | None) -> tuple[int, dict] | None:
    """The episode named by its key (as the episode page sends it), or the latest."""
    from ..output.episode_edits import episode_key

    if not child.episodes:
        return None
    for number, episode in enumerate(child.episodes, 1):
        if key and episode_key(episode) == key:
            return number, episode
    return len(child.episodes), child.episodes[-1]


def register(app: Flask) -> None:
    @app.get("/children/<child_id>/handover/<key>")
    def handover_file(child_id: str, key: str):
        """An encrypted pack, a notification or a transfer pack of this child, by its key only."""
        if not key.isalnum() or len(key) > 64:
            abort(404)
        _child(g.home, child_id)
        path = handed_out_files(g.settings.out_dir, child_id).get(key)
        if path is None:
            abort(404)
        return send_file(path, mimetype=CONTENT_TYPES[path.suffix], as_attachment=True, download_name=path.name,
                         max_age=0)

    # ------------------------------------------------------------------ the police pack, encrypted

    @app.post("/children/<child_id>/pack/encrypted")
    def encrypted_pack(child_id: str):
        home: HomeData = g.home
        child = _child(home, child_id)
        by = clean_text(request.form.get("by"))
        sent_to = clean_text(request.form.get("sent_to"))
        packs = [p for p in police_packs(g.settings.out_dir, child_id) if p.format == "pdf"]
        name = child.known_as if child else child_id
        if not packs:
            return render_template("handover_problem.html", child_id=child_id, title="No police pack to encrypt",
                                   message=f"No police pack has been printed for {name} yet. Report {name} missing "
                                           "first: the pack is made then.", back=url_for("pack_page", child_id=child_id)), 400
        pdf = g.settings.out_dir / packs[0].relative_path
        try:
            protected = protect_pack(pdf, g.settings.out_dir, g.now)
        except ReportError as exc:
            return render_template("handover_problem.html", child_id=child_id, title="The encrypted pack could not be made",
                                   message=str(exc), back=url_for("pack_page", child_id=child_id)), 500
        relative = protected.path.relative_to(g.settings.out_dir).as_posix()
        from ..output.files import sha256_bytes

        append_audit(g.settings.out_dir, who=by, file=relative, record="police pack",
                     action="made an encrypted copy of the police pack for email", when=g.now,
                     after=sha256_bytes(protected.path.read_bytes()))  # which file left the home, as transfer's
        recorded, record_problem = _record(home, child, "police_pack", sent_to, by, request.form.get("episode"))
        page = render_template("handover_secret.html", child_id=child_id, name=name, what="The police pack",
                               protected=protected, link=file_link(child_id, protected.path), sent_to=sent_to,
                               recorded=recorded, record_problem=record_problem, sent_what="police_pack",
                               episode=request.form.get("episode", ""), by=by,
                               back=url_for("pack_page", child_id=child_id), again="Make another encrypted copy")
        return _remember(app.make_response(page), by)

    def _record(home, child, what: str, sent_to: str, by: str, key: str | None) -> tuple[str, str]:
        """Record a sending in the episode (``sent``); (what was recorded, why it could not be)."""
        if not sent_to:
            return "", ""
        if child is None:
            return "", "The child's files have errors, so the sending could not be recorded: fix them, then record it."
        chosen = _episode_number(child, key)
        if chosen is None:
            return "", "There is no episode recorded to note the sending in."
        number, episode = chosen
        from ..output.episode_edits import episode_key

        if key and episode_key(episode) != key:  # never into whichever episode is latest now
            return "", ("The episode this page was made for is not recorded as it was any more (its start was "
                        "changed, or it was removed, in another tab or by hand). Open the page again and mark it "
                        "as sent there.")
        try:
            record_sent(home, child.id, episode, what, sent_to, by, g.now, g.settings.out_dir)
        except NotifyError as exc:
            return "", str(exc)
        return f"Recorded in episode {number}: sent to {sent_to} at {g.now:%H:%M}.", ""

    @app.post("/children/<child_id>/sent")
    def mark_sent(child_id: str):
        """'Mark as sent to ...': what (pack or notification), to whom, by whom, in the named episode."""
        home: HomeData = g.home
        child = _child(home, child_id)
        what = request.form.get("what", "")
        if what not in ("police_pack", *notification.SENT_WHAT.values()):
            abort(400)
        by = clean_text(request.form.get("by"))
        sent_to = clean_text(request.form.get("sent_to"))
        back = request.form.get("back", "")
        target = back if back in _back_pages(child_id) else url_for("episode_page", child_id=child_id)
        if not sent_to:
            return render_template("handover_problem.html", child_id=child_id, title="Say who it was sent to",
                                   message="Write who it was sent to (a name, team, email address or portal), then "
                                           "press 'Mark as sent' again.", back=target), 400
        recorded, problem = _record(home, child, what, sent_to, by, request.form.get("episode"))
        if problem:
            return render_template("handover_problem.html", child_id=child_id, title="Nothing was recorded",
                                   message=problem, back=target), 409
        separator = "&" if "?" in target else "?"
        return _remember(redirect(f"{target}{separator}recorded={what}", code=303), by)

    def _back_pages(child_id: str) -> set[str]:
        return {url_for("pack_page", child_id=child_id), url_for("episode_page", child_id=child_id),
                url_for("notification_page", child_id=child_id, kind="missing"),
                url_for("notification_page", child_id=child_id, kind="return")}

    # ------------------------------------------------------------------ the placing authority's notification

    @app.route("/children/<child_id>/notification/<kind>", methods=["GET", "POST"])
    def notification_page(child_id: str, kind: str):
        home: HomeData = g.home
        if kind not in KINDS:
            abort(404)
        child = _child(home, child_id)
        if child is None:
            return _problem_page(child_id, home)
        if home.config is None:  # the notification names the home, its phone and managers: from home_config.yaml
            return _config_problem_page(child_id, home)
        chosen = _episode_number(child, request.values.get("episode"))
        if chosen is None:
            return redirect(url_for("missing", child_id=child_id), code=303)
        number, episode = chosen
        from ..output.episode_edits import episode_key

        if KINDS[kind] == notification.RETURN and not episode.get("returned_at"):
            return render_template("handover_problem.html", child_id=child_id, title="Not back yet",
                                   message=f"{child.known_as}'s return is not recorded yet: record the return first, "
                                           "then make the return notification.",
                                   back=url_for("episode_page", child_id=child_id)), 400
        by = clean_text(request.values.get("by")) or g.name
        files, problem, warnings = {}, "", []
        if request.method == "POST":
            try:
                result = make_notification(g.settings.home_dir, child_id, kind=KINDS[kind], episode_number=number,
                                           out_dir=g.settings.out_dir, now=g.now, sender=by)
            except (NotifyError, DataError, MfcError) as exc:
                problem = str(exc)
            else:
                warnings = result.warnings
                files = {"PDF": result.pdf, "Word": result.docx, "Text": result.text}
                files = {label: file_link(child_id, path) for label, path in files.items() if path}
                append_audit(g.settings.out_dir, who=by, file=result.pdf.relative_to(g.settings.out_dir).as_posix(),
                             record=f"episode {number}", action=f"made the {kind} notification", when=g.now)
        document = notification.notification_document(home, child, episode, number, KINDS[kind], by)
        body = notification.plain_text(document.context)
        sent = [s for s in episode.get("sent") or [] if s.get("what") == notification.SENT_WHAT[KINDS[kind]]]
        page = render_template("notification.html", child_id=child_id, name=child.known_as, kind=kind,
                               number=number, episode_key=episode_key(episode), body=body, n=document.context["n"],
                               files=files, problem=problem, warnings=warnings, by=by, sent=sent,
                               what=notification.SENT_WHAT[KINDS[kind]], british_datetime=british_datetime,
                               recorded=request.args.get("recorded") == notification.SENT_WHAT[KINDS[kind]],
                               has_reference=bool((episode.get("police") or {}).get("reference")))
        return _remember(app.make_response(page), by if request.method == "POST" else "")

    # ------------------------------------------------------------------ the transfer pack

    @app.route("/children/<child_id>/transfer", methods=["GET", "POST"])
    def transfer_page(child_id: str):
        home: HomeData = g.home
        child = _child(home, child_id)
        if child is None:
            return _problem_page(child_id, home)
        values = {"sent_to": "", "by": g.name}
        problem = ""
        if request.method == "POST":
            values = {"sent_to": clean_text(request.form.get("sent_to")), "by": clean_text(request.form.get("by"))}
            try:
                result = make_transfer(g.settings.home_dir, child_id, sent_to=values["sent_to"] or None,
                                       by=values["by"], out_dir=g.settings.out_dir, now=g.now)
            except DataError as exc:
                problem = "The transfer pack could not be made until these are fixed: " + " ".join(
                    str(p) for p in sort_problems(exc.problems)[:3])
            except MfcError as exc:
                problem = f"The transfer pack could not be made: {exc}"
            else:
                recorded = (f"Recorded in {child.known_as}'s profile: sent to {values['sent_to']} at {g.now:%H:%M}."
                            if result.recorded else "")
                page = render_template("handover_secret.html", child_id=child_id, name=child.known_as,
                                       what="The transfer pack", protected=result.protected,
                                       link=file_link(child_id, result.protected.path), sent_to=values["sent_to"],
                                       recorded=recorded, record_problem=result.record_problem, sent_what="",
                                       warnings=result.warnings, episodes=result.episodes, by=values["by"],
                                       back=url_for("transfer_page", child_id=child_id),
                                       again="Make another transfer pack")
                return _remember(app.make_response(page), values["by"])
        transfers = list(reversed(child.data.get("transfers") or []))
        return render_template("transfer.html", child_id=child_id, name=child.known_as,
                               legal=child.data["name"]["legal"], values=values, problem=problem,
                               episodes=len(child.episodes), transfers=transfers,
                               british_datetime=british_datetime), (400 if problem else 200)


__all__ = ["handed_out_files", "register"]
