"""The manager's forms: a child's profile and the home's settings, section by section, saved through edit_file.

A save is checked first, in memory, by the same loader, schema and checks as ``validate`` (the home
is loaded with the would-be file in place of the real one); while there is an error nothing is
written and the page comes back with what was typed and each problem beside its field. A file
changed on disk since the page was loaded is never overwritten (``base_sha``).
"""

from __future__ import annotations

import secrets
from collections import OrderedDict
from pathlib import Path

from flask import Flask, abort, g, redirect, render_template, request

from ..input.home_data import HOME_CONFIG, HomeData, load_home
from ..input.loading import load_yaml_bytes
from ..output.home_file_edits import edit_file, new_version
from ..output.record_versions import RecordError, remember_text, sha_of
from ..problems import Problem, format_key_path, sort_problems
from .form_changes import changes_for, describe, without_blank_items
from .forms import (Section, apply_action, attach_problems, build_fields, problem_path, request_state, schema_of,
                    section_of, section_state, sections)
from .security import NAME_COOKIE

SAVED: "OrderedDict[str, list[str]]" = OrderedDict()  # what a save changed, shown once on the page it returns to


class _File:
    """One of the home's files as this request read it: its hash, data and problems."""

    def __init__(self, root: Path, relative: str):
        self.relative = relative
        self.path = Path(root) / relative
        try:
            raw = self.path.read_bytes()
        except OSError:
            abort(404)
        self.sha = sha_of(raw)
        remember_text(raw.decode("utf-8-sig", errors="replace"), self.sha)
        loaded, problems = load_yaml_bytes(raw, self.path, relative)
        self.loaded = loaded
        self.data = loaded.data if loaded is not None and isinstance(loaded.data, dict) else None
        self.load_problems = [p for p in problems if p.is_error]


def _child_file(home: HomeData, child_id: str) -> tuple[str, str]:
    source = next((s for s in home.child_sources if s.id == child_id), None)
    if source is None:
        abort(404)
    return source.display, child_id


def _known_as(home: HomeData, child_id: str, relative: str) -> str:
    """The child's everyday name, also when their file has an error (then read from what the file says)."""
    child = home.child(child_id)
    if child is not None:
        return child.known_as
    data = _File(home.root, relative).data or {}
    name = data.get("name") if isinstance(data.get("name"), dict) else {}
    for key in ("preferred", "legal"):
        if isinstance(name.get(key), str) and name[key].strip():
            return name[key]
    return child_id


def _who() -> str:
    """Who saves, for the audit log: as typed on the form, else as this browser remembers."""
    typed = " ".join(request.form.get("_who", "").split())[:120]
    return typed or request.cookies.get(NAME_COOKIE, "") or "Name not given (mfc-docs serve)"


def _problems_of(home: HomeData, relative: str) -> list[Problem]:
    return [p for p in home.problems if p.file == relative]


def _counts(kind: str, problems: list[Problem]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for p in problems:
        key = problem_path(p.path)[:1]
        section = section_of(kind, key[0]) if key else None
        if section and p.is_error:
            counts[section.slug] = counts.get(section.slug, 0) + 1
    return counts


def _check_would_be(kind: str, relative: str, raw: bytes, child_id: str | None) -> list[Problem]:
    """Every problem ``validate`` would find with the would-be file in place; errors it would add block."""
    settings = g.settings
    root = settings.home_dir
    after = load_home(root, g.now.date(), only=child_id, overrides={Path(root) / relative: raw})
    before = {(p.file, p.path, p.message) for p in g.home.problems if p.file != relative}
    return [p for p in after.problems if p.file == relative or (p.is_error and (p.file, p.path, p.message) not in before)]


def _form_page(kind: str, relative: str, slug: str, *, child_id: str | None, title: str, back: str, here: str):
    section: Section | None = next((s for s in sections(kind) if s.slug == slug), None)
    if section is None:
        abort(404)
    current = _File(g.settings.home_dir, relative)
    context = dict(kind=kind, section=section, sections=sections(kind), title=title, back=back, here=here,
                   child_id=child_id, relative=relative, record_error=None, saved=None, summary=[], elsewhere=[],
                   warnings=[])
    if current.data is None:  # the file cannot be read at all: say so, with the loader's words
        return render_template("profile_form.html", fields=[], base_sha=current.sha, unreadable=current.load_problems,
                               **context), 200
    schema = schema_of(kind)
    if request.method == "GET":
        state = section_state(kind, section, current.data)
        fields = build_fields(kind, state)
        problems = _problems_of(g.home, relative)
        saved = SAVED.get(request.args.get("saved", ""))
        return _render(kind, section, fields, problems, current.sha, dict(context, saved=saved))
    base_sha = request.form.get("base_sha", "")
    if not base_sha:
        abort(400)  # every form says which version of the file it was built from: never saved blind
    original, base_known = current.data, True
    if base_sha != current.sha:
        at_base = _data_at(base_sha, current)
        original, base_known = (at_base, True) if at_base is not None else (current.data, False)
    try:
        state = request_state(kind, section, request.form, original)
    except ValueError:
        abort(400)
    action = request.form.get("_action", "save")
    if action != "save":
        try:
            focus = apply_action(kind, state, action)
        except (KeyError, IndexError, TypeError):
            abort(400)
        return _render(kind, section, build_fields(kind, state, focus), [], base_sha, context)
    state = without_blank_items(state)
    changes, olds = changes_for(kind, original, state)
    fields = build_fields(kind, state)
    if not changes:
        return _render(kind, section, fields, _problems_of(g.home, relative), base_sha,
                       dict(context, saved=["Nothing was changed: the form says what the file already says."]))
    try:
        version = new_version(current.path, relative, schema, changes, base_sha=base_sha)
    except RecordError as exc:
        if base_sha != current.sha:
            base_sha, exc = _after_hand_edit(section, original if base_known else None, current, base_sha, exc)
        return _render(kind, section, fields, [], base_sha, dict(context, record_error=exc))
    problems = _check_would_be(kind, relative, version.raw, child_id)
    if any(p.is_error for p in problems):
        return _render(kind, section, fields, problems, base_sha, context, status=200)
    try:
        edit_file(g.settings.home_dir, relative, schema, changes, base_sha=base_sha, who=_who(),
                  out_dir=g.settings.out_dir)
    except RecordError as exc:
        return _render(kind, section, fields, [], base_sha, dict(context, record_error=exc))
    key = secrets.token_urlsafe(12)
    SAVED[key] = describe(changes, olds)
    while len(SAVED) > 100:
        SAVED.popitem(last=False)
    response = redirect(f"{here}?saved={key}", code=303)
    typed = " ".join(request.form.get("_who", "").split())[:120]
    if typed:  # remembered on this computer for the next save, as the episode pages do
        response.set_cookie(NAME_COOKIE, typed, max_age=400 * 24 * 3600, httponly=True, samesite="Strict", path="/")
    return response


def _after_hand_edit(section: Section, original: dict | None, current: _File, base_sha: str, exc: RecordError):
    """After a refusal: when the hand edit left this section alone, the next send may go over the new version."""
    same = original is not None and all(original.get(key) == current.data.get(key) for key in section.keys)
    if same:
        exc.message += (" The change was in another part of the file, not in this section: send the form again and "
                        "what you typed is saved over the new version.")
        return current.sha, exc
    exc.message += (" The change is in this section, so this page cannot be saved over it: copy anything you typed "
                    "that you need, then open the section again to see the new version.")
    return base_sha, exc


def _data_at(sha: str, current: _File) -> dict | None:
    """The file as the page was built from it (to read the list positions the page sent back)."""
    from ..output.record_versions import TEXTS

    text = TEXTS.get(sha)
    if text is None:
        return None
    loaded, problems = load_yaml_bytes(text.encode("utf-8"), current.path, current.relative)
    return loaded.data if loaded is not None and isinstance(loaded.data, dict) else None


def _render(kind, section, fields, problems, base_sha, context, status=200):
    problems = sort_problems(problems)
    mine = [p for p in problems if p.file == context["relative"] and problem_path(p.path)[:1]
            and problem_path(p.path)[0] in section.keys]
    summary = attach_problems(fields, mine)
    elsewhere = []
    for p in problems:
        if p in mine or not p.is_error:
            continue
        key = problem_path(p.path)[:1]
        other = section_of(kind, key[0]) if key and p.file == context["relative"] else None
        elsewhere.append((other, p))
    warnings = [p for p in mine if not p.is_error]  # this section's; the others are on their own pages
    other_warnings = sum(1 for p in problems if not p.is_error and p not in mine)
    return render_template("profile_form.html", fields=fields, base_sha=base_sha, unreadable=[],
                           **dict(context, summary=summary, elsewhere=elsewhere, warnings=warnings,
                                  other_warnings=other_warnings,
                                  format_key_path=format_key_path)), status


def register(app: Flask) -> None:
    @app.get("/children/<child_id>/profile")
    def profile_index(child_id: str):
        home: HomeData = g.home
        relative, _ = _child_file(home, child_id)
        name = _known_as(home, child_id, relative)
        problems = sort_problems(_problems_of(home, relative))
        return render_template("profile_index.html", title=f"{name}'s profile", kind="profile",
                               sections=sections("profile"), counts=_counts("profile", problems), child_id=child_id,
                               problems=problems, base=f"/children/{child_id}/profile", name=name)

    @app.route("/children/<child_id>/profile/<slug>", methods=["GET", "POST"])
    def profile_section(child_id: str, slug: str):
        home: HomeData = g.home
        relative, _ = _child_file(home, child_id)
        name = _known_as(home, child_id, relative)
        section = next((s for s in sections("profile") if s.slug == slug), None)
        title = f"{name}: {section.title.lower() if section else ''}"
        return _form_page("profile", relative, slug, child_id=child_id, title=title,
                          back=f"/children/{child_id}/profile", here=f"/children/{child_id}/profile/{slug}")

    @app.get("/home/settings")
    def home_settings():
        home: HomeData = g.home
        problems = sort_problems(_problems_of(home, HOME_CONFIG))
        return render_template("profile_index.html", title="Home settings", kind="home", sections=sections("home"),
                               counts=_counts("home", problems), child_id=None, problems=problems,
                               base="/home/settings", name=None)

    @app.route("/home/settings/<slug>", methods=["GET", "POST"])
    def home_settings_section(slug: str):
        section = next((s for s in sections("home") if s.slug == slug), None)
        title = f"Home settings: {section.title.lower() if section else ''}"
        return _form_page("home", HOME_CONFIG, slug, child_id=None, title=title, back="/home/settings",
                          here=f"/home/settings/{slug}")
