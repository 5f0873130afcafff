"""Reviews, history and a child leaving in a real browser (Debian's chromium via Playwright, `mfc-docs serve`).

Record a review (no earlier copy: confirm), change the profile, record the next review (see the
change field by field, confirm), then open the archived previous risk assessment from the history
page; and a child leaves. Screenshots go to MFC_SCREENSHOTS when set.
"""

from __future__ import annotations

from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from mfc_docs.input.schema.young_person import YOUNG_PERSON_SCHEMA
from mfc_docs.output.home_file_edits import edit_file
from mfc_docs.pipeline import build

from .test_browser import Server, chromium, open_page, shots, snap  # noqa: F401  (fixtures)


@pytest.fixture
def served_built(sample_home: Path):
    build(sample_home, today=date.today(), jobs_count=1)
    server = Server(sample_home)
    yield server
    server.stop()


def _pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(BytesIO(data)).pages)


def _review(page, by: str, reason: str) -> None:
    page.get_by_label("Who did the review?").fill(by)
    page.get_by_label(reason).check()
    page.locator("#police_checked").check()  # "Yes"
    page.get_by_role("button", name="Continue").click()


def test_record_a_review_see_the_change_and_open_the_archived_risk_assessment(chromium, served_built, shots):
    served = served_built
    context, page, requests = open_page(chromium, served)
    page.get_by_role("link", name="Reviews and history for Nhung").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Nhung: reviews and earlier documents"
    page.get_by_role("link", name="Record a review").click()

    # First review through mfc-docs: nothing to compare with, said plainly; the answers checked first.
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    _review(page, "Marianne Oduya, Registered Manager", "Routine review")
    assert page.get_by_role("heading", level=1).inner_text() == "Check the review before you confirm it"
    expect(page.get_by_text("mfc-docs has no copy of Nhung's profile")).to_be_visible()
    page.get_by_role("button", name="Confirm the review").click(timeout=60_000)  # archives and rebuilds
    expect(page.get_by_role("heading", name="The review is recorded")).to_be_visible()

    # The risk level is lowered (as the profile form would save it); the next review shows the change.
    edit_file(served.home, "young_people/nhung/profile.yaml", YOUNG_PERSON_SCHEMA,
              {("risk", "level"): "medium", ("description", "hair"): "Short, dyed red"}, base_sha=None, who="test")
    page.get_by_role("link", name="Record a review").click()
    _review(page, "Jess Armitage, Key Worker", "New information")
    table = page.locator("table.diff-table")
    assert "2 changes since the review of" in page.locator("main").inner_text()
    rows = [" ".join(row.split()) for row in table.locator("tbody tr").all_inner_texts()]
    assert "Risk \u203a Level high medium" in rows, rows
    assert any(row.startswith("Description \u203a Hair Black, long and straight") and row.endswith("Short, dyed red")
               for row in rows), rows
    snap(page, shots, "serve-review-check.png")
    page.get_by_role("button", name="Confirm the review").click(timeout=60_000)  # archives and rebuilds
    expect(page.get_by_role("heading", name="The review is recorded")).to_be_visible()
    snap(page, shots, "serve-history.png")

    # The newest archived version is the risk assessment as it stood before this review: HIGH.
    newest = page.locator("section.archived-version").first
    assert "In use until the review of" in newest.inner_text()
    link = newest.get_by_role("link", name="Open Missing-from-care risk assessment")
    with context.expect_page() as opened:
        link.click()
    pdf_page = opened.value
    pdf_page.wait_for_load_state()
    response = page.request.get(pdf_page.url)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    archived = _pdf_text(response.body())
    assert "RISK LEVEL: HIGH" in archived and "RISK LEVEL: MEDIUM" not in archived
    current = page.get_by_role("link", name="Open the current Missing-from-care risk assessment").get_attribute("href")
    now = _pdf_text(page.request.get(served.base + current).body())
    assert "RISK LEVEL: MEDIUM" in now and "RISK LEVEL: HIGH" not in now
    assert requests and all(url.startswith(served.base + "/") for url in requests), requests
    context.close()


def test_a_child_leaves(chromium, served_built, shots):
    served = served_built
    context, page, _ = open_page(chromium, served)
    page.get_by_role("link", name="Reviews and history for Oisín").click()
    page.get_by_role("link", name="Oisín is leaving the home").click()
    page.get_by_label("Where Oisín went, and why").fill("Moved to a foster placement in Westshire")
    page.get_by_label("Your name and role").fill("Marianne Oduya, Registered Manager")
    page.get_by_role("button", name="Record that Oisín has left").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()  # the box is not ticked
    page.get_by_label("Oisín has left the home").check()
    snap(page, shots, "serve-leaves.png")
    page.get_by_role("button", name="Record that Oisín has left").click(timeout=60_000)  # archives every document
    expect(page.get_by_role("heading", name="Oisín has left the home")).to_be_visible()
    expect(page.get_by_text("As they stood when Oisín left on")).to_be_visible()
    snap(page, shots, "serve-left.png")
    assert not (served.home / "young_people" / "oisin").exists()
    assert any((served.home / "left").glob("oisin-*/profile.yaml"))
    page.get_by_role("link", name="Back to the children").click()
    assert page.get_by_text("Oisín is missing").count() == 0
    page.get_by_role("link", name="Children who have left").click()
    page.get_by_role("link", name="Oisín").click()
    pdf_link = page.get_by_role("link", name="Open Police information pack").first.get_attribute("href")
    pack = page.request.get(served.base + pdf_link)
    assert pack.status == 200 and pack.body().startswith(b"%PDF")
    context.close()
