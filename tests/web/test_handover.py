"""What leaves the home, from the web page: the encrypted pack, the placing authority's notification, the transfer pack."""

from __future__ import annotations

import io
import json
import re

import pypdf

from mfc_docs.output.protect import word_list

from .conftest import text_of


def _report(browser, child="nhung"):
    response = browser.post(f"/children/{child}/missing", {"found_gone_at": "21:10", "risk_level": "high",
                                                           "recorded_by": "Sam"})
    assert response.status_code == 303


def _passphrase(page: str) -> str:
    match = re.search(r'<p class="passphrase" id="passphrase"[^>]*><strong>([a-z ]+)</strong>', page)
    assert match, page
    return match.group(1)


def _download(browser, page: str) -> tuple[str, bytes, str]:
    link = re.search(r'href="(/children/[a-z]+/handover/[0-9a-f]+)" download', page)[1]
    response = browser.get(link)
    assert response.status_code == 200
    return link, response.data, response.headers["Content-Disposition"]


def _opened_text(data: bytes, passphrase: str) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert reader.is_encrypted and reader.decrypt("") == pypdf.PasswordType.NOT_DECRYPTED
    assert reader.decrypt(passphrase) == pypdf.PasswordType.USER_PASSWORD
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))


def _everything(home) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(home.rglob("*")) if p.is_file())


def test_the_encrypted_pack_shows_its_passphrase_once_and_records_the_sending(browser, sample_home) -> None:
    _report(browser)
    pack_page = browser.get("/children/nhung/pack").get_data(as_text=True)
    assert "Encrypted pack for email" in pack_page
    response = browser.post("/children/nhung/pack/encrypted", {"sent_to": "Westshire Police MPU", "by": "Sam"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    passphrase = _passphrase(page)
    assert all(word in word_list() for word in passphrase.split())
    assert "Read it out on the phone" in page and page.count(passphrase) == 1
    link, data, disposition = _download(browser, page)
    assert "nhung" not in disposition.lower() and "encrypted.pdf" in disposition
    assert "Nguyễn Thị Hồng Nhung" in _opened_text(data, passphrase)
    episode = browser.app_home().child("nhung").episodes[-1]
    assert [(s["what"], s["to"], s.get("by")) for s in episode["sent"]] == [
        ("police_pack", "Westshire Police MPU", "Sam")]
    assert passphrase.encode() not in _everything(sample_home)  # not in a file, a log, a record
    assert "Recorded in episode" in text_of(response)
    audit = (sample_home / "output" / "audit.log").read_text(encoding="utf-8")
    assert "made an encrypted copy of the police pack" in audit


def test_without_a_printed_pack_it_says_what_to_do(browser) -> None:
    response = browser.post("/children/oisin/pack/encrypted", {})
    assert response.status_code == 400
    assert "No police pack has been printed for Oisín yet" in text_of(response)


def test_every_post_needs_the_csrf_token(browser, sample_home) -> None:
    _report(browser)
    before = _everything(sample_home)
    for path, form in (("/children/nhung/pack/encrypted", {}), ("/children/nhung/transfer", {"sent_to": "X"}),
                       ("/children/nhung/notification/missing", {}),
                       ("/children/nhung/sent", {"what": "police_pack", "sent_to": "X"})):
        assert browser.post(path, form, csrf=False).status_code == 403, path
    assert _everything(sample_home) == before


def test_the_notification_page_holds_the_text_with_the_police_reference(browser, sample_home) -> None:
    page = browser.get("/children/nhung/notification/missing").get_data(as_text=True)
    box = re.search(r'<textarea[^>]*id="notification-text"[^>]*>(.*?)</textarea>', page, re.S)[1]
    for value in ("WP-20261122-2391", "NBC-EXAMPLE-20418", "Nguyễn Thị Hồng Nhung", "Northmoor Borough Council"):
        assert value in box, value
    assert "Copy the text" in page
    assert not (sample_home / "output").exists() or not list((sample_home / "output").rglob("*notification*"))


def test_the_notification_document_is_made_and_marked_as_sent(browser, sample_home) -> None:
    response = browser.post("/children/nhung/notification/missing", {"by": "Sam Carter, shift lead"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    links = re.findall(r'href="(/children/nhung/handover/[0-9a-f]+)" download', page)
    assert len(links) == 3  # PDF, Word, text
    for link in links:
        download = browser.get(link)
        assert download.status_code == 200 and "nhung" not in download.headers["Content-Disposition"].lower()
    key = re.search(r'name="episode" value="([^"]+)"', page)[1]
    response = browser.post("/children/nhung/sent", {"what": "missing_notification", "episode": key,
                                                     "sent_to": "northmoor.missing@example.org", "by": "Sam",
                                                     "back": "/children/nhung/notification/missing"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/children/nhung/notification/missing?recorded=missing_notification"
    episode = browser.app_home().child("nhung").episodes[-1]
    assert episode["sent"][-1]["what"] == "missing_notification"
    assert episode["sent"][-1]["to"] == "northmoor.missing@example.org"
    again = text_of(browser.get(response.headers["Location"]))
    assert "Recorded as sent" in again and "to northmoor.missing@example.org (by Sam)" in again


def test_the_return_notification_waits_for_the_return(browser) -> None:
    _report(browser)
    response = browser.get("/children/nhung/notification/return")
    assert response.status_code == 400 and "record the return first" in text_of(response)


def test_mark_as_sent_needs_who_and_goes_back_only_to_its_own_pages(browser) -> None:
    response = browser.post("/children/nhung/sent", {"what": "missing_notification", "sent_to": ""})
    assert response.status_code == 400 and "Write who it was sent to" in text_of(response)
    response = browser.post("/children/nhung/sent", {"what": "missing_notification", "sent_to": "X",
                                                     "back": "https://example.org/"})
    assert response.headers["Location"].startswith("/children/nhung/episode")
    assert browser.post("/children/nhung/sent", {"what": "anything", "sent_to": "X"}).status_code == 400


def test_the_transfer_pack_is_made_shown_once_and_recorded_in_the_profile(browser, sample_home) -> None:
    front = browser.get("/").get_data(as_text=True)
    assert 'href="/children/nhung/transfer"' in front
    page = browser.get("/children/nhung/transfer").get_data(as_text=True)
    assert "Make the encrypted transfer pack" in page
    response = browser.post("/children/nhung/transfer", {"sent_to": "Larchfield House (manager)",
                                                         "by": "Marianne Oduya, Registered Manager"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    passphrase = _passphrase(page)
    _, data, disposition = _download(browser, page)
    assert "nhung" not in disposition.lower() and "transfer-pack-" in disposition
    text = _opened_text(data, passphrase)
    for value in ("Missing episodes: the home's record", "WP-20261122-2391", "Part 1: kept ready",
                  "8. Communication strategy while missing", "Larchfield House (manager)"):
        assert value in text, value
    transfers = browser.app_home().child("nhung").data["transfers"]
    assert [(t["to"], t["by"]) for t in transfers] == [("Larchfield House (manager)",
                                                        "Marianne Oduya, Registered Manager")]
    assert passphrase.encode() not in _everything(sample_home)
    listed = text_of(browser.get("/children/nhung/transfer"))
    assert "to Larchfield House (manager) (by Marianne Oduya, Registered Manager)" in listed
    record = json.loads(next((sample_home / "output").rglob("transfer.json")).read_text(encoding="utf-8"))
    assert record["sent_to"] == "Larchfield House (manager)" and passphrase not in json.dumps(record)


def test_a_file_is_named_by_its_key_only(browser, sample_home) -> None:
    for key in ("..", "x" * 65, "0" * 24, "nhung"):
        assert browser.get(f"/children/nhung/handover/{key}").status_code == 404
    _report(browser)
    page = browser.post("/children/nhung/pack/encrypted", {}).get_data(as_text=True)
    link = re.search(r'href="(/children/nhung/handover/[0-9a-f]+)" download', page)[1]
    assert browser.get(link.replace("/nhung/", "/zofia/")).status_code == 404  # another child's page: not there


def test_the_pack_can_be_marked_as_sent_after_it_went_and_the_live_log_lists_it(browser) -> None:
    _report(browser)
    page = browser.post("/children/nhung/pack/encrypted", {}).get_data(as_text=True)
    assert "When you have sent it" in page and "Recorded in episode" not in page  # nothing recorded yet
    assert browser.app_home().child("nhung").episodes[-1].get("sent") is None
    response = browser.post("/children/nhung/sent", {"what": "police_pack", "sent_to": "Westshire Police MPU",
                                                     "by": "Sam", "back": "/children/nhung/pack"})
    assert response.headers["Location"] == "/children/nhung/pack?recorded=police_pack"
    assert "Recorded in the episode: the police pack was sent." in text_of(browser.get(response.headers["Location"]))
    episode = browser.app_home().child("nhung").episodes[-1]
    assert [(s["what"], s["to"]) for s in episode["sent"]] == [("police_pack", "Westshire Police MPU")]
    live_log = text_of(browser.get("/children/nhung/episode"))
    assert "the police pack to Westshire Police MPU (by Sam)" in live_log


def test_the_childs_profile_page_links_to_the_transfer_pack(browser) -> None:
    page = browser.get("/children/nhung/profile").get_data(as_text=True)
    assert 'href="/children/nhung/transfer"' in page


def test_the_notification_page_with_home_config_broken_says_so_never_a_500(sample_home, make_browser) -> None:
    _report(make_browser(sample_home).sign_in())
    config = sample_home / "home_config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("managers:", "managers: [", 1), encoding="utf-8")
    browser = make_browser(sample_home).sign_in()
    for response in (browser.get("/children/nhung/notification/missing"),
                     browser.post("/children/nhung/notification/missing", {"by": "Sam"})):
        assert response.status_code == 409
        assert "The home's settings cannot be read" in text_of(response)
        assert "home_config.yaml" in text_of(response)
    assert not list((sample_home / "output").rglob("*notification*"))
    config.unlink()
    response = browser.get("/children/nhung/notification/return")
    assert response.status_code == 409 and "there is no home_config.yaml" in text_of(response)


def test_marking_as_sent_from_a_page_whose_episode_is_no_longer_recorded_records_nothing(browser) -> None:
    """The page named an episode by when it began; if that episode is gone or its start was corrected
    meanwhile (another tab, a hand edit), the sending is not put in whichever episode is latest."""
    _report(browser)
    latest = browser.app_home().child("nhung").episodes[-1]
    response = browser.post("/children/nhung/sent", {"what": "missing_notification", "episode": "2026-11-20T20:20",
                                                     "sent_to": "northmoor.missing@example.org", "by": "Sam",
                                                     "back": "/children/nhung/notification/missing"})
    assert response.status_code == 409 and "Nothing was recorded" in text_of(response)
    assert "Open the page again and mark it as sent there" in text_of(response)
    assert browser.app_home().child("nhung").episodes[-1].get("sent") == latest.get("sent")


def test_the_audit_line_of_an_encrypted_pack_names_the_file_sent_by_its_hash(browser, sample_home) -> None:
    """As the transfer pack's line does: which file left the home can be proved later from the log."""
    import hashlib

    _report(browser)
    page = browser.post("/children/nhung/pack/encrypted", {"by": "Sam"}).get_data(as_text=True)
    _, data, _ = _download(browser, page)
    lines = [json.loads(line) for line in (sample_home / "output" / "audit.log").read_text(encoding="utf-8").splitlines()]
    made = [line for line in lines if line["action"] == "made an encrypted copy of the police pack for email"]
    assert made and made[-1]["sha256_after"] == hashlib.sha256(data).hexdigest()
