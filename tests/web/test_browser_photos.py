"""A child's photo and a new child in a real browser: Debian's chromium driven by Playwright, against `mfc-docs serve`.

After a click that loads a page, what the page says is awaited (``expect``), never looked at once:
on a busy machine the new page may still be arriving.
"""

from __future__ import annotations

import io
from datetime import date

from PIL import ExifTags, Image
from playwright.sync_api import expect

from .test_browser import chromium, open_page, served, shots, snap  # noqa: F401 (fixtures)
from .test_photo_upload import gps_jpeg


def loaded_size(page, selector: str) -> list[int]:
    """The picture's own size once it has loaded (a page just sent may still be fetching it)."""
    page.wait_for_function("s => { const i = document.querySelector(s); return i && i.complete && i.naturalWidth > 0; }",
                           arg=selector)
    return page.eval_on_selector(selector, "img => [img.naturalWidth, img.naturalHeight]")


def test_upload_a_phone_photo_with_gps_and_see_it_stored_without_it(chromium, served, shots, tmp_path) -> None:
    photo = tmp_path / "IMG_2041.jpg"
    photo.write_bytes(gps_jpeg(tmp_path, taken="2026:11:30 16:20:00"))
    context, page, requests = open_page(chromium, served, locale="en-GB")
    page.get_by_role("link", name="Add a photo of Ștefan").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Photo of Ștefan"
    file_input = page.get_by_label("The photo")
    assert file_input.get_attribute("accept") == "image/jpeg,image/png"
    file_input.set_input_files(str(photo))
    snap(page, shots, "serve-photo-upload.png")
    page.get_by_role("button", name="Upload and check the photo").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Check the photo of Ștefan"
    preview = page.get_by_role("img", name="The new photo of Ștefan, as it will be saved")
    expect(preview).to_be_visible()
    assert loaded_size(page, ".photo-preview img") == [400, 600]  # shown upright: stored landscape with orientation 6
    assert page.get_by_label("When was the photo taken?").input_value() == "2026-11-30"  # the photo's own date
    page.get_by_label("Your name and role").fill("Marianne Oduya, Registered Manager")
    page.get_by_role("button", name="Turn right").click()  # a quarter turn, what was typed kept
    assert loaded_size(page, ".photo-preview img") == [600, 400]
    page.get_by_role("button", name="Turn left").click()
    assert loaded_size(page, ".photo-preview img") == [400, 600]
    assert page.get_by_label("Your name and role").input_value() == "Marianne Oduya, Registered Manager"
    page.get_by_label("Yes, it is recorded").check()
    snap(page, shots, "serve-photo-check.png")
    page.get_by_role("button", name="Save this photo").click()
    expect(page.get_by_text("The new photo of Ștefan is saved")).to_be_visible()  # waits for the page to load
    snap(page, shots, "serve-photo-saved.png")

    stored = served.home / "young_people" / "stefan" / "photo-2026-11-30.jpg"
    data = stored.read_bytes()
    with Image.open(io.BytesIO(data)) as img:
        assert not img.getexif() and not img.getexif().get_ifd(ExifTags.IFD.GPSInfo) and img.size == (400, 600)
    assert b"Exif" not in data and b"PhoneCo" not in data
    assert "photo:\n  file: photo-2026-11-30.jpg\n  taken_on: 2026-11-30\n  consent_to_share: yes\n" in \
        (served.home / "young_people" / "stefan" / "profile.yaml").read_text()

    # The front page shows it
    page.get_by_role("link", name="Children").click()
    card = page.locator("li.child-card", has_text="Ștefan")
    expect(card.get_by_role("img", name="Photo of Ștefan")).to_be_visible()
    assert loaded_size(page, 'img[alt="Photo of Ștefan"]')[0] > 0
    expect(card.get_by_role("link", name="New photo of Ștefan")).to_be_visible()  # waits for the page to load
    snap(page, shots, "serve-front-with-photo.png")
    assert all(url.startswith(served.base + "/") for url in requests), requests
    context.close()


def test_heic_is_refused_in_the_browser_with_how_to_convert(chromium, served, tmp_path) -> None:
    heic = tmp_path / "IMG_7.HEIC"
    heic.write_bytes(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 200)
    context, page, _ = open_page(chromium, served, java_script_enabled=False)
    page.goto(served.base + "/children/oisin/photo/upload")
    page.get_by_label("A new photo").set_input_files(str(heic))
    page.get_by_role("button", name="Upload and check the photo").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()  # waits for the page to load
    assert "Most Compatible" in page.locator("#photo-error").inner_text()
    assert sorted(p.name for p in (served.home / "young_people" / "oisin").iterdir()) == \
        ["episodes.yaml", "photo.jpg", "profile.yaml"]
    context.close()


def test_add_a_child_and_see_them_on_the_front_page_and_in_validate(chromium, served, shots) -> None:
    import subprocess
    import sys

    from .test_add_child import JAY

    context, page, requests = open_page(chromium, served, locale="en-GB")
    page.get_by_role("link", name="Add a child").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Add a child"
    page.get_by_role("button", name="Add the child").click()  # nothing typed: every need is said
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()  # waits for the page to load
    assert page.locator('[id="name.legal-error"]').inner_text().split() == "Error: Enter full legal name.".split()
    snap(page, shots, "serve-add-child-errors.png")
    page.goto(served.base + "/children/new")
    for name, value in JAY.items():
        field = page.locator(f'[name="{name}"]')
        if field.first.get_attribute("type") == "radio":
            page.locator(f'input[name="{name}"][value="{value}"]').check()
        else:
            field.fill(value.replace("\r\n", "\n"))
    snap(page, shots, "serve-add-child.png")
    page.get_by_role("button", name="Add the child").click()
    assert page.url == served.base + "/children/jay/profile"  # the full profile comes next
    assert "Jay" in page.get_by_role("heading", level=1).inner_text()
    snap(page, shots, "serve-new-child-profile.png")

    page.goto(served.base + "/")
    card = page.locator("li.child-card", has_text="Jay")
    expect(card.get_by_role("heading", name="Jay")).to_be_visible()
    assert "MEDIUM RISK" in card.inner_text()
    expect(card.get_by_role("link", name="Add a photo of Jay")).to_be_visible()  # waits for the page to load
    snap(page, shots, "serve-front-with-new-child.png")
    result = subprocess.run([sys.executable, "-m", "mfc_docs", "validate", str(served.home)], capture_output=True,
                            text=True, cwd=served.home)
    assert result.returncode == 0 and "No errors" in result.stdout, result.stdout + result.stderr
    assert all(url.startswith(served.base + "/") for url in requests), requests
    context.close()
