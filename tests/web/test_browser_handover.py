"""The handover buttons in a real browser (Debian's chromium): encrypted pack, notification, transfer pack.

Each flow is pressed as a shift lead would, the file is downloaded by the browser and opened with
the passphrase the page showed. Screenshots go where test_browser.py puts its own.
"""

from __future__ import annotations

import io

import pypdf
from playwright.sync_api import expect

from .test_browser import chromium, open_page, served, shots, snap  # noqa: F401 - fixtures


def _opens_with(path, passphrase: str) -> str:
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    assert reader.is_encrypted and reader.decrypt("") == pypdf.PasswordType.NOT_DECRYPTED
    assert reader.decrypt(passphrase) == pypdf.PasswordType.USER_PASSWORD
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def _report_missing(page) -> None:
    page.get_by_role("link", name="Nhung is missing").click()
    page.get_by_label("When did staff find them gone?").fill("00:00")
    page.get_by_label("Your name and role").fill("Sam Carter, shift lead")
    page.get_by_role("button", name="Record and make the police pack").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Nhung's episode is recorded"


def test_encrypted_pack_for_email(chromium, served, shots, tmp_path) -> None:  # noqa: F811
    context, page, _ = open_page(chromium, served, accept_downloads=True)
    _report_missing(page)
    snap(page, shots, "serve-pack-email.png")
    page.get_by_label("Sent to (optional)").fill("Westshire Police MPU")
    page.get_by_role("button", name="Encrypted pack for email").click()
    assert page.get_by_role("heading", level=1).inner_text() == "The police pack for Nhung is encrypted"
    passphrase = page.locator("#passphrase").inner_text().strip()
    assert len(passphrase.split()) >= 5
    expect(page.get_by_text("Read it out on the phone")).to_be_visible()
    expect(page.get_by_text("Recorded in episode")).to_be_visible()
    snap(page, shots, "serve-encrypted-pack.png")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the encrypted file (PDF)").click()
    download = info.value
    assert "nhung" not in download.suggested_filename.lower()
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert "Nguyễn Thị Hồng Nhung" in _opens_with(saved, passphrase)
    # the page is not kept: going back and forward does not show the passphrase again from a cache
    page.goto(served.base + "/children/nhung/pack")
    assert passphrase not in page.content()
    context.close()


def test_placing_authority_notification(chromium, served, shots) -> None:  # noqa: F811
    context, page, _ = open_page(chromium, served)
    page.goto(served.base + "/children/nhung/episode")
    snap(page, shots, "serve-episode-handover.png")
    page.get_by_role("link", name="Placing authority notification").click()
    assert "Placing authority notification" in page.get_by_role("heading", level=1).inner_text()
    box = page.get_by_label("The notification, ready to paste")
    assert "WP-20261122-2391" in box.input_value()  # the police reference the authority asks for
    assert "NBC-EXAMPLE-20418" in box.input_value()
    expect(page.get_by_role("button", name="Copy the text")).to_be_visible()  # shown only with JavaScript
    snap(page, shots, "serve-notification.png")
    page.get_by_role("button", name="Make the PDF and Word document").click()
    expect(page.get_by_role("link", name="Download the PDF")).to_be_visible()
    page.locator("#sent_to").fill("northmoor.missing@example.org")
    page.get_by_role("button", name="Mark as sent").click()
    expect(page.get_by_text("Recorded as sent")).to_be_visible()
    expect(page.get_by_text("to northmoor.missing@example.org")).to_be_visible()
    context.close()


def test_transfer_pack(chromium, served, shots, tmp_path) -> None:  # noqa: F811
    context, page, _ = open_page(chromium, served, accept_downloads=True)
    snap(page, shots, "serve-front-transfer.png")
    page.get_by_role("link", name="Transfer pack for Nhung").click()
    snap(page, shots, "serve-transfer-form.png")
    assert page.get_by_role("heading", level=1).inner_text() == "Transfer pack for Nhung"
    page.get_by_label("Sent to (optional)").fill("Larchfield House (fictional), manager")
    page.get_by_label("Your name and role").fill("Marianne Oduya, Registered Manager")
    page.get_by_role("button", name="Make the encrypted transfer pack").click()
    assert page.get_by_role("heading", level=1).inner_text() == "The transfer pack for Nhung is encrypted"
    passphrase = page.locator("#passphrase").inner_text().strip()
    expect(page.get_by_text("Recorded in Nhung's profile")).to_be_visible()
    snap(page, shots, "serve-transfer.png")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the encrypted file (PDF)").click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    assert "nhung" not in saved.name.lower()
    text = _opens_with(saved, passphrase)
    assert "WP-20261122-2391" in text and "Communication strategy while missing" in text
    context.close()
