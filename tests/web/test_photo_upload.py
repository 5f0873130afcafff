"""A child's photo from the browser: sniffed, capped, HEIC refused, cleaned, dated, stored beside the old one."""

from __future__ import annotations

import io
import json
import re
import stat
from datetime import date
from pathlib import Path

import pytest
from PIL import ExifTags, Image

from mfc_docs.input.home_data import load_home
from mfc_docs.input.reading import PHOTO_LIMIT
from mfc_docs.web import views_photo

from ..render.conftest import make_gps_photo
from .conftest import NOW, text_of

HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 200


def gps_jpeg(tmp_path: Path, taken: str | None = "2026:11:20 14:03:00", orientation: int = 6) -> bytes:
    """A generated placeholder (two coloured halves, never a face) with GPS, a camera and a date in its EXIF."""
    path = make_gps_photo(tmp_path / "upload.jpg", orientation=orientation)
    if taken:
        with Image.open(path) as img:
            exif = img.getexif()
            exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = taken
            img.save(path, "JPEG", exif=exif)
    data = path.read_bytes()
    assert b"PhoneCo" in data and Image.open(io.BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    return data


def upload(browser, child_id: str, data: bytes, name: str = "IMG_0001.jpg", content_type: str = "image/jpeg"):
    return browser.post(f"/children/{child_id}/photo/upload",
                        {"photo": (io.BytesIO(data), name, content_type)})


def field_value(browser, path: str, name: str) -> str:
    """The value an input shows, whatever the order of its attributes."""
    page = browser.get(path).get_data(as_text=True)
    match = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', page)
    assert match, f"no {name} on {path}"
    return match.group(1)


def check_url(response) -> str:
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    location = response.headers["Location"]
    assert re.fullmatch(r"/children/[a-z0-9-]+/photo/upload/[A-Za-z0-9_-]+", location), location
    return location


def test_upload_check_and_save_strips_gps_turns_upright_and_keeps_the_old_photo(browser, sample_home, tmp_path):
    folder = sample_home / "young_people" / "oisin"
    old = (folder / "photo.jpg").read_bytes()
    location = check_url(upload(browser, "oisin", gps_jpeg(tmp_path)))
    page = browser.get(location)
    text = text_of(page)
    assert "Check the photo of Oisín" in text
    assert "The photo's own date says 20 November 2026" in text
    assert field_value(browser, location, "taken_on") == "2026-11-20"  # proposed, the person confirms or changes it
    assert "stays as recorded: recorded" in text  # Oisín's consent is on file and is not asked again
    preview = browser.get(location + "/preview")
    assert preview.status_code == 200 and preview.mimetype == "image/jpeg"
    assert b"PhoneCo" not in preview.data and b"Exif" not in preview.data  # nothing waits with its metadata

    response = browser.post(location, {"taken_on": "2026-11-21", "recorded_by": "Marianne Oduya, Registered Manager",
                                       "base_sha": browser.form_value(location, "base_sha")})
    assert response.status_code == 303 and response.headers["Location"] == "/children/oisin/photo/upload?saved=kept"
    saved = text_of(browser.get(response.headers["Location"]))
    assert "The new photo of Oisín is saved" in saved and "The previous photo is kept in Oisín's folder" in saved

    profile = (folder / "profile.yaml").read_text()
    assert "  file: photo-2026-11-21.jpg\n  taken_on: 2026-11-21\n  consent_to_share: yes\n" in profile
    stored = folder / "photo-2026-11-21.jpg"
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert (folder / "photo.jpg").read_bytes() == old  # the previous photo is kept, unchanged
    data = stored.read_bytes()
    with Image.open(io.BytesIO(data)) as img:
        assert img.format == "JPEG" and not img.getexif() and not img.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert img.size == (400, 600)  # orientation 6 applied: stored upright
        top, bottom = img.getpixel((200, 50)), img.getpixel((200, 550))
        assert top[2] > top[0] and bottom[0] > bottom[2]
    for marker in (b"Exif", b"PhoneCo", b"taken at the home", b"2026:11:20"):
        assert marker not in data
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]  # no temporary left behind

    home = load_home(sample_home, NOW.date())
    assert not [p for p in home.problems_for("oisin") if p.is_error]
    assert home.child("oisin").photo_path == stored
    log = [json.loads(line) for line in (sample_home / "output" / "audit.log").read_text().splitlines()]
    assert {"young_people/oisin/profile.yaml", "young_people/oisin/photo-2026-11-21.jpg"} <= {e["file"] for e in log}
    assert all(e["who"] == "Marianne Oduya, Registered Manager" for e in log)
    assert browser.get(location).status_code == 404  # saved once: the waiting copy is gone


def test_no_exif_date_proposes_today_and_a_child_without_a_photo_is_asked_for_consent(browser, sample_home, tmp_path):
    png = io.BytesIO()
    Image.new("RGB", (300, 400), (90, 160, 90)).save(png, "PNG")
    location = check_url(upload(browser, "stefan", png.getvalue(), name="scan.png", content_type="image/png"))
    assert "does not say when it was taken, so today is filled in" in text_of(browser.get(location))
    assert field_value(browser, location, "taken_on") == NOW.date().isoformat()
    sha = browser.form_value(location, "base_sha")
    response = browser.post(location, {"taken_on": "2026-11-24", "base_sha": sha})
    assert response.status_code == 400  # consent is never assumed
    assert "Say whether consent to share this photo is recorded" in text_of(response)
    assert "\nphoto:" not in (sample_home / "young_people/stefan/profile.yaml").read_text()
    response = browser.post(location, {"taken_on": "24/11/2026", "consent_to_share": "no", "base_sha": sha})
    assert response.status_code == 303
    saved = text_of(browser.get(response.headers["Location"]))
    assert "previous photo" not in saved  # there was none
    assert "Consent to share the photo is not recorded: the police pack will say so." in saved  # validate's warning
    profile = (sample_home / "young_people/stefan/profile.yaml").read_text()
    assert "\nphoto:\n  file: photo-2026-11-24.jpg\n  taken_on: 2026-11-24\n  consent_to_share: no\n" in profile
    home = load_home(sample_home, NOW.date())
    assert not [p for p in home.problems_for("stefan") if p.is_error]
    assert any("consent to share the photo is not recorded" in p.message for p in home.problems_for("stefan"))


@pytest.mark.parametrize("taken_on, message", [
    ("", "Enter the date the photo was taken"),
    ("yesterday", "is not a date mfc-docs can read"),
    ("2026-11-25", "cannot be after today"),
    ("2009-01-01", "cannot be before the child was born"),
])
def test_a_wrong_date_is_said_beside_the_field_and_nothing_is_written(browser, sample_home, tmp_path, taken_on,
                                                                      message):
    before = (sample_home / "young_people/oisin/profile.yaml").read_bytes()
    location = check_url(upload(browser, "oisin", gps_jpeg(tmp_path)))
    response = browser.post(location, {"taken_on": taken_on, "recorded_by": "Sam"})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert message in text_of(response) and 'id="taken_on-error"' in body
    assert 'value="Sam"' in body  # nothing typed is lost
    assert (sample_home / "young_people/oisin/profile.yaml").read_bytes() == before
    assert sorted(p.name for p in (sample_home / "young_people/oisin").iterdir()) == \
        ["episodes.yaml", "photo.jpg", "profile.yaml"]


def test_heic_is_recognised_by_its_bytes_and_refused_with_how_to_convert(browser, sample_home):
    response = upload(browser, "oisin", HEIC, name="IMG_4242.jpg", content_type="image/jpeg")  # a lying name and type
    assert response.status_code == 400
    text = text_of(response)
    assert "IMG_4242.jpg is a HEIF image; mfc-docs takes JPEG or PNG" in text
    assert "Settings > Camera > Formats > Most Compatible" in text and "then send the new file" in text
    assert 'id="photo-error"' in response.get_data(as_text=True)


def test_type_is_judged_by_the_bytes_not_the_name_or_content_type(browser, tmp_path):
    png = io.BytesIO()
    Image.new("RGB", (50, 60), (10, 20, 200)).save(png, "PNG")
    check_url(upload(browser, "oisin", png.getvalue(), name="photo.gif", content_type="image/gif"))
    response = upload(browser, "oisin", b"GIF89a" + b"\x00" * 100, name="photo.jpg", content_type="image/jpeg")
    assert response.status_code == 400 and "photo.jpg is a GIF image" in text_of(response)
    response = upload(browser, "oisin", b"<html><script>alert(1)</script>", name="x.png", content_type="image/png")
    assert response.status_code == 400 and "is not an image mfc-docs recognises" in text_of(response)


def test_a_damaged_or_empty_or_missing_file_is_refused(browser, tmp_path):
    good = gps_jpeg(tmp_path)
    response = upload(browser, "oisin", good[:300])
    assert response.status_code == 400 and "damaged or incomplete" in text_of(response)
    assert "empty" in text_of(upload(browser, "oisin", b""))
    response = browser.post("/children/oisin/photo/upload", {})
    assert response.status_code == 400 and "Choose a photo to upload" in text_of(response)


def test_the_upload_has_its_own_cap_and_every_other_form_keeps_256_kib(browser, sample_home, tmp_path):
    body = io.BytesIO()
    noisy = Image.effect_noise((700, 700), 90).convert("RGB")  # noise does not compress: a large real JPEG
    noisy.save(body, "JPEG", quality=100)
    assert len(body.getvalue()) > 256 * 1024
    check_url(upload(browser, "oisin", body.getvalue()))  # larger than a form may be, fine for a photo
    response = browser.post("/children/oisin/missing", {"where_last_seen": "x" * (300 * 1024)})
    assert response.status_code == 413 and "Too much text" in text_of(response)

    too_big = b"\xff\xd8\xff" + b"\x00" * (PHOTO_LIMIT + 10)
    response = upload(browser, "oisin", too_big)
    assert response.status_code == 413
    text = text_of(response)
    assert f"the largest photo mfc-docs takes is {PHOTO_LIMIT // (1024 * 1024)} MB" in text
    assert "Photo of Oisín" in text and 'id="photo-error"' in response.get_data(as_text=True)


def test_a_hand_edit_since_the_page_was_opened_is_never_overwritten(browser, sample_home, tmp_path):
    location = check_url(upload(browser, "oisin", gps_jpeg(tmp_path)))
    sha = browser.form_value(location, "base_sha")
    profile = sample_home / "young_people/oisin/profile.yaml"
    profile.write_text(profile.read_text().replace("build: Tall and thin", "build: Tall"))
    response = browser.post(location, {"taken_on": "2026-11-20", "base_sha": sha})
    assert response.status_code == 409
    assert "was changed since this page was loaded" in text_of(response) and "- build: Tall and thin + build: Tall" in text_of(response)
    assert "file: photo.jpg" in profile.read_text()
    assert not list((sample_home / "young_people/oisin").glob("photo-*"))  # the new file went with the refusal
    response = browser.post(location, {"taken_on": "2026-11-20", "base_sha": browser.form_value(location, "base_sha")})
    assert response.status_code == 303  # after reading the change, sending again saves over the new version
    assert "build: Tall\n" in profile.read_text() and "file: photo-2026-11-20.jpg" in profile.read_text()


def test_a_waiting_photo_belongs_to_its_child_and_is_forgotten(browser, tmp_path):
    location = check_url(upload(browser, "oisin", gps_jpeg(tmp_path)))
    key = location.rsplit("/", 1)[1]
    assert browser.get(f"/children/nhung/photo/upload/{key}/preview").status_code == 404
    assert browser.get(f"/children/nhung/photo/upload/{key}").status_code == 404
    assert browser.get("/children/oisin/photo/upload/not-a-key").status_code == 404
    assert browser.get("/children/nobody/photo/upload").status_code == 404


def test_the_same_photo_twice_on_one_day_gets_a_second_name(browser, sample_home, tmp_path):
    for _ in range(2):
        location = check_url(upload(browser, "oisin", gps_jpeg(tmp_path)))
        assert browser.post(location, {"taken_on": "2026-11-20"}).status_code == 303
    names = sorted(p.name for p in (sample_home / "young_people/oisin").glob("photo*.jpg"))
    assert names == ["photo-2026-11-20-2.jpg", "photo-2026-11-20.jpg", "photo.jpg"]


def test_an_upload_without_the_session_is_refused_before_anything_else(make_browser, sample_home):
    stranger = make_browser(sample_home)  # never opened the printed link
    too_big = b"\xff\xd8\xff" + b"\x00" * (PHOTO_LIMIT + 10)
    for data in (HEIC, too_big):
        response = upload(stranger, "oisin", data)
        assert response.status_code == 401 and "Oisín" not in response.get_data(as_text=True)


def test_posting_a_photo_needs_the_csrf_token(browser):
    response = browser.client.post("/children/oisin/photo/upload", data={"photo": (io.BytesIO(HEIC), "x.jpg")},
                                   headers={"Host": "127.0.0.1:8765", "Origin": "http://127.0.0.1:8765"})
    assert response.status_code == 403


def test_the_front_page_links_each_child_to_their_photo_page(browser):
    body = browser.get("/").get_data(as_text=True)
    assert 'href="/children/stefan/photo/upload"' in body and 'href="/children/oisin/photo/upload"' in body


def test_parse_taken_on_accepts_the_date_box_and_british_dates() -> None:
    today, born = date(2026, 11, 24), date(2010, 5, 19)
    assert views_photo.parse_taken_on("2026-11-20", today, born) == (date(2026, 11, 20), None)
    assert views_photo.parse_taken_on("20/11/2026", today, born) == (date(2026, 11, 20), None)
    assert views_photo.parse_taken_on("2026-11-24", today, born) == (today, None)


def test_a_sideways_photo_can_be_turned_before_saving_and_what_was_typed_stays(browser, sample_home, tmp_path):
    location = check_url(upload(browser, "oisin", gps_jpeg(tmp_path, orientation=1)))  # says nothing of its way up
    with Image.open(io.BytesIO(browser.get(location + "/preview").data)) as img:
        assert img.size == (600, 400)
    response = browser.post(location + "/turn", {"turn": "right", "taken_on": "2026-11-19", "recorded_by": "Sam"})
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert 'value="2026-11-19"' in body and 'value="Sam"' in body  # nothing typed is lost
    with Image.open(io.BytesIO(browser.get(location + "/preview").data)) as img:
        assert img.size == (400, 600)
        left, right = img.getpixel((200, 50)), img.getpixel((200, 550))
        assert left[2] > left[0] and right[0] > right[2]  # the blue left half is now on top
        assert not img.getexif()
    assert browser.post(location, {"taken_on": "2026-11-19"}).status_code == 303
    with Image.open(sample_home / "young_people/oisin/photo-2026-11-19.jpg") as img:
        assert img.size == (400, 600)
