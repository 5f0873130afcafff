"""The review, history and leaving pages (web/views_review.py) through the test client."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mfc_docs.input.schema.young_person import YOUNG_PERSON_SCHEMA
from mfc_docs.output.archive import versions
from mfc_docs.output.home_file_edits import edit_file
from mfc_docs.pipeline import build

from ..conftest import TODAY
from .conftest import text_of

ANSWERS = {"on": "2026-11-24", "by": "Marianne Oduya, Registered Manager", "reason": "routine", "note": "",
           "police_checked": "yes", "step": "check"}


@pytest.fixture
def built_browser(sample_home: Path, make_browser):
    build(sample_home, today=TODAY, jobs_count=1, kinds=("risk_assessment", "police_pack", "response_card"))
    return make_browser(sample_home).sign_in()


def _confirm(browser, answers: dict) -> object:
    page = browser.post("/children/nhung/review", answers)
    assert page.status_code == 200, text_of(page)
    base = re.search(r'name="base_sha" value="([^"]*)"', page.get_data(as_text=True)).group(1)
    return browser.post("/children/nhung/review", {**answers, "step": "confirm", "base_sha": base})


def test_errors_block_with_the_summary_and_keep_what_was_typed(built_browser, sample_home) -> None:
    before = (sample_home / "young_people/nhung/profile.yaml").read_bytes()
    page = built_browser.post("/children/nhung/review", {**ANSWERS, "by": "", "police_checked": "",
                                                         "on": "2026-11-18", "note": "kept note",
                                                         "step": "confirm"})
    text = text_of(page)
    assert page.status_code == 400 and "There is a problem" in text
    for words in ("Enter who did the review", "Say whether the police information", "before the last review"):
        assert words in text
    assert "kept note" in page.get_data(as_text=True)
    assert (sample_home / "young_people/nhung/profile.yaml").read_bytes() == before
    assert versions(sample_home / "output", "nhung") == []


def test_check_then_confirm_then_the_history_page(built_browser, sample_home) -> None:
    first = built_browser.post("/children/nhung/review", ANSWERS)
    text = text_of(first)
    assert "Check the review before you confirm it" in text and "no copy of Nhung's profile" in text
    assert "Next review due 25 December 2026" in text
    done = _confirm(built_browser, ANSWERS)
    assert done.status_code == 303 and "/children/nhung/history?recorded=" in done.headers["Location"]
    history = built_browser.get(done.headers["Location"])
    text = text_of(history)
    assert "The review is recorded" in text
    assert "In use until the review of 24 November 2026" in text
    assert "These documents carry the review of 19 November 2026 by Marianne Oduya, Registered Manager" in text

    # A change, then the next review shows it field by field before confirming.
    edit_file(sample_home, "young_people/nhung/profile.yaml", YOUNG_PERSON_SCHEMA,
              {("risk", "level"): "medium", ("description", "hair"): "Short, dyed red"}, base_sha=None, who="t")
    check = text_of(built_browser.post("/children/nhung/review", {**ANSWERS, "reason": "new_information"}))
    assert "2 changes since the review of 24 November 2026" in check
    assert "Risk \u203a Level high medium" in check
    assert "Description \u203a Hair Black, long and straight" in check and "Short, dyed red" in check

    # The archived risk assessment opens from its link; a made-up key, stamp or id is not found.
    page = built_browser.get("/children/nhung/history").get_data(as_text=True)
    links = re.findall(r'href="(/children/nhung/history/[^"/]+/[0-9a-f]+)"', page)
    assert links
    pdf = built_browser.get(links[0])
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF") and pdf.mimetype == "application/pdf"
    stamp = links[0].split("/")[4]
    for bad in (f"/children/nhung/history/{stamp}/0123456789abcdef01234567", "/children/nhung/history/x/abc",
                f"/children/zofia/history/{stamp}/{links[0].rsplit('/', 1)[1]}",
                "/children/..%2F..%2Fetc/history", f"/children/nhung/history/..%2F{stamp}/abc"):
        assert built_browser.get(bad).status_code == 404, bad


def test_a_hand_edit_after_the_check_page_is_not_overwritten(built_browser, sample_home) -> None:
    page = built_browser.post("/children/nhung/review", ANSWERS)
    base = re.search(r'name="base_sha" value="([^"]*)"', page.get_data(as_text=True)).group(1)
    profile = sample_home / "young_people/nhung/profile.yaml"
    profile.write_text(profile.read_text().replace("eyes: ", "eyes: Changed by hand; ", 1))
    edited = profile.read_bytes()
    refused = built_browser.post("/children/nhung/review", {**ANSWERS, "step": "confirm", "base_sha": base})
    assert refused.status_code == 400 and "was changed since this page was loaded" in text_of(refused)
    assert profile.read_bytes() == edited and versions(sample_home / "output", "nhung") == []


def test_without_the_csrf_token_nothing_is_recorded(built_browser, sample_home) -> None:
    before = (sample_home / "young_people/nhung/profile.yaml").read_bytes()
    refused = built_browser.post("/children/nhung/review", {**ANSWERS, "step": "confirm"}, csrf=False)
    assert refused.status_code == 403
    refused = built_browser.post("/children/oisin/leaves", {"on": "2026-11-24", "by": "x", "confirm": "yes"},
                                 csrf=False)
    assert refused.status_code == 403 and (sample_home / "young_people/oisin").is_dir()
    assert (sample_home / "young_people/nhung/profile.yaml").read_bytes() == before


def test_a_child_leaves(built_browser, sample_home) -> None:
    page = built_browser.get("/children/oisin/leaves")
    assert "keep Oisín's documents" in text_of(page)
    unticked = built_browser.post("/children/oisin/leaves", {"on": "2026-11-24", "by": "Marianne Oduya"})
    assert unticked.status_code == 400 and "Tick the box to confirm that Oisín has left the home" in text_of(unticked)
    assert (sample_home / "young_people/oisin").is_dir()
    done = built_browser.post("/children/oisin/leaves", {"on": "2026-11-24", "by": "Marianne Oduya", "confirm": "yes",
                                                         "note": "Foster placement"})
    assert done.status_code == 303 and done.headers["Location"].endswith("/children/oisin/history?left=1")
    text = text_of(built_browser.get(done.headers["Location"]))
    assert "Oisín has left the home" in text and "left/oisin-2026-11-24" in text
    assert "As they stood when Oisín left on 24 November 2026" in text
    assert "Review history" in text and "12 November 2026 Ravi Chandran, Key Worker Monthly review" in text
    assert (sample_home / "left/oisin-2026-11-24/profile.yaml").is_file()
    front = text_of(built_browser.get("/"))
    assert "Oisín is missing" not in front
    assert "Oisín" in text_of(built_browser.get("/children/left"))
    assert built_browser.get("/children/oisin/review").status_code == 404
    assert built_browser.get("/children/oisin/leaves").status_code == 303  # gone already: to the history
    assert built_browser.get("/dashboard?month=2026-08").status_code == 200


def test_the_leaving_page_for_a_child_whose_profile_cannot_be_read_says_so_never_a_500(browser, sample_home) -> None:
    """A profile.yaml that cannot be opened (here a folder in its place; the same for no permission)."""
    profile = sample_home / "young_people" / "zofia" / "profile.yaml"
    profile.unlink()
    profile.mkdir()
    for response in (browser.get("/children/zofia/leaves"),
                     browser.post("/children/zofia/leaves", {"on": "2026-11-24", "by": "Sam", "confirm": "yes"})):
        assert response.status_code == 200
        assert "zofia's file has errors" in text_of(response) and "profile.yaml" in text_of(response)
    assert (sample_home / "young_people" / "zofia").is_dir() and profile.is_dir()


def test_while_another_file_has_an_error_the_page_says_so_and_records_nothing(built_browser, sample_home) -> None:
    other = sample_home / "young_people/oisin/profile.yaml"
    other.write_text(other.read_text().replace("date_of_birth:", "date_of_birth: [", 1))
    page = built_browser.get("/children/nhung/review")
    assert page.status_code == 200 and "The documents cannot be made until these are fixed" in text_of(page)
    before = (sample_home / "young_people/nhung/profile.yaml").read_bytes()
    refused = built_browser.post("/children/nhung/review", {**ANSWERS, "step": "confirm"})
    assert refused.status_code == 400 and "young_people/oisin/profile.yaml" in text_of(refused)
    assert (sample_home / "young_people/nhung/profile.yaml").read_bytes() == before
    assert versions(sample_home / "output", "nhung") == []
