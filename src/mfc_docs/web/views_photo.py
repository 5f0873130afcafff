"""A child's photo from the browser, a phone's included: upload, check it and its date, save.

Two steps, so nothing is stored that the manager has not seen:

1. ``/children/<id>/photo/upload`` takes the file. Its type is judged by its bytes (never by its name
   or the browser's Content-Type); HEIC/HEIF is refused with how to convert it. It is cleaned at once
   by the code the documents use (``input.photos.clean_photo_bytes``: turned upright, re-encoded as a
   JPEG with no EXIF, no GPS, no metadata at all), and only the cleaned photo is kept, in this
   process's memory under a random key, for a short while. The original is never written anywhere by
   mfc-docs (the web server may spool a large upload to an unnamed temporary file, deleted when the
   request ends).
2. ``/children/<id>/photo/upload/<key>`` shows the cleaned photo as it will be stored and asks when it
   was taken (proposed from the photo's own date, else today) and, for a child with no photo section
   yet, whether consent to share is recorded. Saving writes the photo into the child's folder and the
   profile through ``output.child_photos.store_photo`` (the previous photo is kept; see there why).

The file box asks for ``image/jpeg,image/png`` and has no ``capture`` attribute on purpose: with it a
phone opens only the camera; without it the phone offers "take photo" and the photo library both.
An iPhone's Safari sends a JPEG even for a HEIC photo when the page asks for JPEG or PNG (``accept``);
HEIC arrives when the file was copied to a computer first, hence the advice.

The upload has its own size cap (``PHOTO_LIMIT``, the same as the command line's), set on this
request only: every other form keeps the application's 256 KiB.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass
from datetime import date, datetime

from flask import (Blueprint, Flask, Response, abort, current_app, g, redirect, render_template, request, send_file,
                   url_for)

from ..input.home_data import HomeData
from ..input.photos import PhotoError, clean_photo_bytes, photo_taken_on, turn_photo
from ..input.reading import MB, PHOTO_LIMIT
from ..output.child_photos import store_photo
from ..output.record_versions import RecordError, read_version
from ..rules.dates import british_date
from .views_episode import Form, _names, _profile, _remember_name, _source

STORED_MAX_PX = 2000  # the documents print at most 1200 px: room for a printed appeal, not the 48 MP original
PENDING_MINUTES = 30  # an upload not saved by then is forgotten: upload it again
PENDING_MAX = 16  # at most this many photos waiting at once (the oldest is forgotten first)
FORM_ROOM = 64 * 1024  # the form's other fields and the multipart envelope, on top of the photo
ACCEPT = "image/jpeg,image/png"

blueprint = Blueprint("photos", __name__)


@dataclass
class Pending:
    """A cleaned photo waiting for its date: never the original, never on disk."""

    child_id: str
    jpeg: bytes
    proposed: date
    from_photo: bool  # the proposed date came from the photo's own EXIF date
    file_name: str
    created: float


class PendingPhotos:
    """Cleaned uploads by random key, bounded in number and in age; thread-safe (waitress serves in threads)."""

    def __init__(self):
        self._items: dict[str, Pending] = {}
        self._lock = threading.Lock()

    def add(self, item: Pending) -> str:
        key = secrets.token_urlsafe(18)
        with self._lock:
            self._expire()
            while len(self._items) >= PENDING_MAX:
                self._items.pop(min(self._items, key=lambda k: self._items[k].created))
            self._items[key] = item
        return key

    def get(self, key: str, child_id: str) -> Pending | None:
        with self._lock:
            self._expire()
            item = self._items.get(key)
        return item if item is not None and item.child_id == child_id else None

    def drop(self, key: str) -> None:
        with self._lock:
            self._items.pop(key, None)

    def _expire(self) -> None:
        oldest = time.monotonic() - PENDING_MINUTES * 60
        for key in [k for k, v in self._items.items() if v.created < oldest]:
            del self._items[key]


PENDING = PendingPhotos()


def upload_limit() -> int:
    return PHOTO_LIMIT


def _size(n: int) -> str:
    return f"{n / MB:.1f} MB" if n < 10 * MB else f"{n // MB} MB"


def _too_large_message(size: int | None) -> str:
    what = f"This photo is {_size(size)}" if size else "This photo is too large"
    return (f"{what}; the largest photo mfc-docs takes is {upload_limit() // MB} MB. A phone photo is usually 2 to "
            "12 MB: send the photo from the phone's camera or gallery, or save a smaller copy and choose that.")


def parse_taken_on(text: str, today: date, born: date | None) -> tuple[date | None, str | None]:
    """The date the person typed (2026-11-30 from a date box, or 30/11/2026), or why it cannot be used."""
    text = (text or "").strip()
    if not text:
        return None, "Enter the date the photo was taken, for example 30/11/2026."
    value = None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            value = datetime.strptime(text, pattern).date()
            break
        except ValueError:
            continue
    if value is None:
        return None, f"'{text}' is not a date mfc-docs can read: write it as 30/11/2026."
    if value > today:
        return None, f"The date the photo was taken cannot be after today ({british_date(today)})."
    if born is not None and value < born:
        return None, f"The date the photo was taken cannot be before the child was born ({british_date(born)})."
    return value, None


def _proposed_date(data: bytes, today: date, born: date | None) -> tuple[date, bool]:
    """The photo's own date when it is believable, else today: only a proposal, the person confirms it."""
    taken = photo_taken_on(data)
    if taken is not None and taken <= today and (born is None or taken >= born):
        return taken, True
    return today, False


def _context() -> tuple[HomeData, object]:
    """The home and settings, also when the guard stopped before setting them (a 413 in its form check)."""
    settings = current_app.config["MFC"]
    if getattr(g, "home", None) is None:
        g.settings, g.now = settings, settings.now()
        g.home = current_app.config["MFC_HOME"].get(g.now.date())
        g.name = ""
    return g.home, g.settings


def _photo_section(home: HomeData, child_id: str) -> dict | None:
    profile = _profile(home, child_id)
    return (profile.data.get("photo") if profile else None) or None


def _upload_page(child_id: str, errors: dict[str, str] | None = None, status: int = 200, saved: str | None = None):
    home, _ = _context()
    _source(home, child_id)
    preferred, legal = _names(home, child_id)
    form = Form({}, dict(errors or {}))
    # What validate says about the photo now (older than the home allows, consent not recorded): not blocking
    warnings = [p for p in home.problems_for(child_id) if not p.is_error and p.path.startswith("photo")]
    body = render_template("photo_upload.html", child_id=child_id, preferred=preferred, legal=legal, form=form,
                           warnings=warnings,
                           photo=_photo_section(home, child_id), has_photo=home.child(child_id) is not None
                           and home.child(child_id).photo_path is not None, saved=saved, accept=ACCEPT,
                           limit_mb=upload_limit() // MB, british_date=british_date)
    return Response(body, status=status, mimetype="text/html")


def _check_page(child_id: str, key: str, pending: Pending, form: Form, record_error=None, status: int = 200):
    home, _ = _context()
    preferred, legal = _names(home, child_id)
    source = _source(home, child_id)
    version = read_version(source.profile)
    if record_error is not None and record_error.changes:
        form.values["base_sha"] = version.sha  # the change is shown: sending again applies over it
    body = render_template("photo_check.html", child_id=child_id, key=key, pending=pending, preferred=preferred,
                           legal=legal, form=form, photo=_photo_section(home, child_id), version=version,
                           record_error=record_error, british_date=british_date)
    return Response(body, status=status, mimetype="text/html")


@blueprint.url_value_preprocessor
def _photo_cap(_endpoint, _values) -> None:
    """This request may carry a photo: its own cap, set before the guard reads the form (Flask >= 3.1)."""
    if request.endpoint == "photos.upload" and request.method == "POST":
        request.max_content_length = upload_limit() + FORM_ROOM


@blueprint.errorhandler(413)
def _too_large(_error):
    """A photo over the cap: said beside the file field, in words, with what to do."""
    child_id = (request.view_args or {}).get("child_id", "")
    return _upload_page(child_id, {"photo": _too_large_message(request.content_length)}, status=413)


@blueprint.route("/children/<child_id>/photo/upload", methods=["GET", "POST"])
def upload(child_id: str):
    home: HomeData = g.home
    _source(home, child_id)
    if request.method == "GET":
        saved = request.args.get("saved")
        return _upload_page(child_id, saved=saved if saved in ("kept", "first") else None)
    sent = request.files.get("photo")
    if sent is None or not sent.filename:
        return _upload_page(child_id, {"photo": "Choose a photo to upload (JPEG or PNG)."}, status=400)
    data = sent.read(upload_limit() + 1)
    if len(data) > upload_limit():
        return _upload_page(child_id, {"photo": _too_large_message(len(data))}, status=413)
    if not data:
        return _upload_page(child_id, {"photo": f"{sent.filename} is empty: choose the photo again."}, status=400)
    name = sent.filename.replace("\\", "/").rsplit("/", 1)[-1][:100]  # for messages only, never a path
    try:
        jpeg = clean_photo_bytes(data, name, max_px=STORED_MAX_PX)
    except PhotoError as exc:
        message = str(exc)
        return _upload_page(child_id, {"photo": message}, status=400)
    profile = _profile(home, child_id)
    born = profile.data["date_of_birth"] if profile else None
    proposed, from_photo = _proposed_date(data, g.now.date(), born)
    del data  # only the cleaned photo is kept
    key = PENDING.add(Pending(child_id, jpeg, proposed, from_photo, name, time.monotonic()))
    return redirect(url_for("photos.check", child_id=child_id, key=key), code=303)


@blueprint.route("/children/<child_id>/photo/upload/<key>", methods=["GET", "POST"])
def check(child_id: str, key: str):
    home: HomeData = g.home
    source = _source(home, child_id)
    pending = PENDING.get(key, child_id)
    if pending is None:
        return _upload_page(child_id, {"photo": "That upload was not saved and has been forgotten (after "
                                                f"{PENDING_MINUTES} minutes, or after mfc-docs restarted). "
                                                "Choose the photo again."}, status=404)
    if request.method == "GET":
        form = Form({"taken_on": pending.proposed.isoformat(), "recorded_by": g.name})
        return _check_page(child_id, key, pending, form)
    form = Form(dict(request.form))
    profile = _profile(home, child_id)
    born = profile.data["date_of_birth"] if profile else None
    taken_on, problem = parse_taken_on(form.text("taken_on"), g.now.date(), born)
    if problem:
        form.errors["taken_on"] = problem
    section = _photo_section(home, child_id)
    consent = None
    if section is None:
        consent = {"yes": True, "no": False}.get(form.text("consent_to_share"))
        if consent is None:
            form.errors["consent_to_share"] = "Say whether consent to share this photo is recorded: yes or no."
    if form.errors:
        return _check_page(child_id, key, pending, form, status=400)
    who = form.text("recorded_by")
    try:
        store_photo(g.settings.home_dir, source, pending.jpeg, taken_on=taken_on, consent_to_share=consent,
                    has_photo_section=section is not None, base_sha=form.get("base_sha") or None, who=who,
                    out_dir=g.settings.out_dir, previous=section.get("file") if section else None)
    except RecordError as exc:
        return _check_page(child_id, key, pending, form, record_error=exc, status=409)
    PENDING.drop(key)
    saved = "kept" if section else "first"  # what the confirmation says about a previous photo
    return _remember_name(redirect(url_for("photos.upload", child_id=child_id, saved=saved), code=303), who)


@blueprint.post("/children/<child_id>/photo/upload/<key>/turn")
def turn(child_id: str, key: str):
    """A quarter turn of the waiting photo, for a photo whose file did not say which way up it is.

    The buttons send the whole form here (``formaction``), so what was typed stays on the page.
    """
    _source(g.home, child_id)
    pending = PENDING.get(key, child_id)
    if pending is None:
        return check(child_id, key)
    direction = request.form.get("turn")
    if direction in ("left", "right"):
        pending.jpeg = turn_photo(pending.jpeg, clockwise=direction == "right")
    return _check_page(child_id, key, pending, Form(dict(request.form)))


@blueprint.get("/children/<child_id>/photo/upload/<key>/preview")
def preview(child_id: str, key: str):
    """The cleaned photo waiting to be saved, exactly the bytes that will be stored."""
    pending = PENDING.get(key, child_id)
    if pending is None:
        abort(404)
    import io

    return send_file(io.BytesIO(pending.jpeg), mimetype="image/jpeg", max_age=0)


def register(app: Flask) -> None:
    app.register_blueprint(blueprint)


__all__ = ["PENDING", "parse_taken_on", "register", "upload_limit"]
