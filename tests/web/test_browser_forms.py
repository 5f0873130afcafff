"""The profile and home settings forms in a real browser (Debian's chromium), against `mfc-docs serve` itself.

Edit a field of a child, save, rebuild, and the police pack shows the new value; add an
associate; reorder locations; change a home setting; and the pages are readable (16 px text, every
input labelled). Screenshots are saved (MFC_SCREENSHOTS, as for the other browser tests).
"""

from __future__ import annotations

from io import BytesIO

from playwright.sync_api import expect
from pypdf import PdfReader

from mfc_docs.input.loading import load_yaml

from .test_browser import chromium, open_page, served, shots, snap  # noqa: F401 (fixtures)

PROFILE = "young_people/nhung/profile.yaml"


def _profile(served) -> dict:
    return load_yaml(served.home / PROFILE, PROFILE)[0].data


def test_edit_a_field_save_rebuild_and_the_document_shows_it(chromium, served, shots) -> None:
    context, page, requests = open_page(chromium, served, locale="en-GB")
    page.get_by_role("link", name="Edit profile of Nhung").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Nhung's profile"
    snap(page, shots, "forms-profile.png")
    page.get_by_role("link", name="Description").click()
    page.get_by_label("Hair").fill("Dyed blue, shoulder length, usually in two buns")
    snap(page, shots, "forms-description.png")
    page.get_by_role("button", name="Save description").click()
    expect(page.get_by_role("heading", name="Saved")).to_be_visible()
    assert 'now "Dyed blue, shoulder length, usually in two buns"' in page.locator(".panel-confirm").inner_text()
    assert _profile(served)["description"]["hair"] == "Dyed blue, shoulder length, usually in two buns"
    snap(page, shots, "forms-saved.png")
    page.get_by_role("button", name="Rebuild the documents").click()
    page.get_by_role("heading", name="Rebuild finished").wait_for(timeout=240_000)
    assert "Nothing was rebuilt" not in page.locator("main").inner_text()
    page.get_by_role("link", name="See the documents").click()
    row = page.locator("tr", has_text="Police information pack").filter(has_text="Nhung").filter(
        has_text="PDF")
    href = row.get_by_role("link", name="Open").get_attribute("href")
    pdf = page.request.get(served.base + href)
    text = " ".join(page_.extract_text() for page_ in PdfReader(BytesIO(pdf.body())).pages)
    assert "Dyed blue, shoulder length, usually in two buns" in " ".join(text.split())
    assert requests and all(url.startswith(served.base + "/") for url in requests), requests
    context.close()


def test_add_an_associate(chromium, served, shots) -> None:
    context, page, _ = open_page(chromium, served, locale="en-GB")
    page.goto(served.base + "/children/nhung/profile/associates")
    count = len(_profile(served)["associates"])
    page.get_by_role("button", name="Add another associate").click()
    new = page.locator("fieldset", has=page.get_by_role("group", name=f"Associate {count + 1}")).last
    item = page.get_by_role("group", name=f"Associate {count + 1}")
    expect(item.get_by_label("Name", exact=True)).to_be_focused()  # focus moved to it (waits, as under load it may lag)
    item.get_by_label("Name", exact=True).fill("Aunt Thảo")
    item.get_by_label("Relationship").fill("Maternal aunt")
    item.get_by_role("group", name="Influence").get_by_label("Protective").check()
    item.get_by_label("Phone").fill("07700 900350")
    item.get_by_role("group", name="Safe to contact").get_by_label("Yes", exact=True).check()
    snap(page, shots, "forms-associate.png")
    page.get_by_role("button", name="Save associates").click()
    expect(page.get_by_role("heading", name="Saved")).to_be_visible()
    added = _profile(served)["associates"][-1]
    assert added == {"name": "Aunt Thảo", "relationship": "Maternal aunt", "influence": "protective",
                     "phone": "07700 900350", "safe_to_contact": "yes"}
    assert new is not None
    context.close()


def test_reorder_locations_with_javascript_off(chromium, served, shots) -> None:
    context, page, _ = open_page(chromium, served, java_script_enabled=False, locale="en-GB")
    page.goto(served.base + "/children/nhung/profile/locations")
    names = [location["name"] for location in _profile(served)["locations"]]
    page.get_by_role("button", name="Move down location 1").click()
    page.get_by_role("button", name="Move up location 3").click()
    snap(page, shots, "forms-locations.png")
    page.get_by_role("button", name="Save locations, travel and money").click()
    expect(page.get_by_role("heading", name="Saved")).to_be_visible()
    assert [location["name"] for location in _profile(served)["locations"]] == \
        [names[1], names[2], names[0], *names[3:]]
    context.close()


def test_a_home_settings_edit_and_an_error_beside_its_field(chromium, served, shots) -> None:
    context, page, _ = open_page(chromium, served, locale="en-GB")
    page.get_by_role("link", name="Home settings").click()
    page.get_by_role("link", name="The home").click()
    phone = page.get_by_label("Phone", exact=True)
    phone.fill("01632 96")
    page.get_by_role("button", name="Save the home").click()
    summary = page.locator(".error-summary")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert "is not a UK phone number" in summary.inner_text()
    assert "is not a UK phone number" in page.locator("#f-home-phone-error").inner_text()
    assert page.get_by_label("Phone", exact=True).input_value() == "01632 96"  # nothing typed is lost
    snap(page, shots, "forms-error.png")
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "f-home-phone"
    page.get_by_label("Phone", exact=True).fill("01632 960199")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # Enter in a field saves (never a Remove or Move button that comes first)
    expect(page.get_by_role("heading", name="Saved")).to_be_visible()
    config = load_yaml(served.home / "home_config.yaml", "home_config.yaml")[0].data
    assert config["home"]["phone"] == "01632 960199"
    context.close()


def test_form_text_is_at_least_16_pixels_and_every_input_is_labelled(chromium, served) -> None:
    context, page, _ = open_page(chromium, served, locale="en-GB")
    for path in ("/children/nhung/profile", "/children/nhung/profile/associates", "/children/stefan/profile/medical",
                 "/home/settings", "/home/settings/checklists", "/home/settings/time-limits"):
        page.goto(served.base + path)
        smallest = page.evaluate("""() => {
            let min = 1000;
            for (const el of document.querySelectorAll('body *')) {
                const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
                if (own && el.offsetParent !== null) min = Math.min(min, parseFloat(getComputedStyle(el).fontSize));
            }
            return min; }""")
        assert smallest >= 16, (path, smallest)
        unlabelled = page.evaluate("""() => [...document.querySelectorAll('input, textarea, select')]
            .filter(el => el.type !== 'hidden' && !(el.labels && el.labels.length)).map(el => el.name)""")
        assert unlabelled == [], (path, unlabelled)
    context.close()


def test_enter_in_a_field_after_a_list_saves_and_removes_nothing(chromium, served) -> None:
    context, page, _ = open_page(chromium, served, locale="en-GB")
    page.goto(served.base + "/children/nhung/profile/description")
    features = _profile(served)["description"]["distinguishing_features"]
    page.get_by_label("Accent").fill("Northmoor accent")
    with page.expect_navigation():
        page.get_by_label("Accent").press("Enter")  # the Remove buttons of the list above come first on the page
    expect(page.get_by_role("heading", name="Saved")).to_be_visible()
    assert _profile(served)["description"]["accent"] == "Northmoor accent"
    assert _profile(served)["description"]["distinguishing_features"] == features
    context.close()
