"""Saving the forms: the file changes only where the form changed, through the same checks as `validate`.

Round trip over every file of the sample home and of the second fictional home, through the pages
themselves: a form sent back unchanged leaves the file byte for byte; one field changed changes one
line. A save with an error writes nothing and keeps what was typed; a hand edit since the page was
loaded is never overwritten; warnings are shown and do not block.
"""

from __future__ import annotations

import difflib
import html
import re
import shutil
from pathlib import Path

import pytest

from mfc_docs.input.home_data import load_home
from mfc_docs.input.loading import load_yaml
from mfc_docs.input.schema.home import HOME_SCHEMA
from mfc_docs.input.schema.young_person import YOUNG_PERSON_SCHEMA
from mfc_docs.output.audit import AUDIT_LOG
from mfc_docs.web.forms import section_of, sections

from ..conftest import FIXTURES, REPO, edit
from ..test_records_any_file import _one_line_leaf
from .conftest import NOW, text_of
from .form_page import form_values

HOMES = {"sample": REPO, "second": FIXTURES / "second_home"}
FILES = [(home, path.relative_to(root).as_posix()) for home, root in HOMES.items()
         for path in sorted([root / "home_config.yaml", *root.glob("young_people/*/profile.yaml")])]
PAGES = [(home, relative, section.slug) for home, relative in FILES
         for section in sections("home" if relative == "home_config.yaml" else "profile")]


def _copy(home: str, tmp_path: Path) -> Path:
    target = tmp_path / home
    target.mkdir(parents=True)
    shutil.copy(HOMES[home] / "home_config.yaml", target / "home_config.yaml")
    shutil.copytree(HOMES[home] / "young_people", target / "young_people")
    return target


def _url(relative: str, slug: str) -> str:
    if relative == "home_config.yaml":
        return f"/home/settings/{slug}"
    return f"/children/{relative.split('/')[1]}/profile/{slug}"


def _lines_changed(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and line[:3] not in ("---", "+++")]


def _save(browser, url: str, **changes: str):
    values = form_values(browser.get(url).get_data(as_text=True))
    for name, value in changes.items():
        assert name in values or name.endswith("__new"), f"{name} is not on {url}"
        values[name] = value
    return browser.post(url, {**values, "_action": "save"})


@pytest.fixture(scope="module")
def untouched_homes(tmp_path_factory):
    """One copy of each home with its server, shared by the tests that must leave every file as it is."""
    from mfc_docs.web.app import create_app
    from mfc_docs.web.security import Guard

    from .conftest import Browser

    homes = {}
    for home in HOMES:
        root = _copy(home, tmp_path_factory.mktemp(home))
        guard = Guard(port=8765)
        homes[home] = (root, Browser(create_app(root, guard, clock=lambda: NOW), guard).sign_in())
    return homes


@pytest.mark.parametrize(("home", "relative", "slug"), PAGES, ids=[f"{h}:{r}:{s}" for h, r, s in PAGES])
def test_a_form_sent_back_unchanged_leaves_the_file_byte_for_byte(home, relative, slug, untouched_homes):
    root, browser = untouched_homes[home]
    before = (HOMES[home] / relative).read_bytes()
    response = _save(browser, _url(relative, slug))
    assert response.status_code == 200
    assert "Nothing was changed" in text_of(response)
    assert (root / relative).read_bytes() == before
    assert not (root / "output" / AUDIT_LOG).exists()


@pytest.mark.parametrize(("home", "relative"), FILES, ids=[f"{h}:{r}" for h, r in FILES])
def test_one_field_changed_in_the_form_changes_one_line(home, relative, tmp_path, make_browser):
    root = _copy(home, tmp_path)
    kind = "home" if relative == "home_config.yaml" else "profile"
    schema = HOME_SCHEMA if kind == "home" else YOUNG_PERSON_SCHEMA
    before = (root / relative).read_text(encoding="utf-8")
    field = _one_line_leaf(load_yaml(root / relative, relative)[0].data, before, schema)
    assert field, f"no one-line text field in {relative}"
    browser = make_browser(root).sign_in()
    url = _url(relative, section_of(kind, field[0]).slug)
    response = _save(browser, url, **{".".join(map(str, field)): "Changed from the form"})
    assert response.status_code == 303, text_of(response)[:2000]
    diff = _lines_changed(before, (root / relative).read_text(encoding="utf-8"))
    assert len(diff) == 2 and diff[0].startswith("-") and diff[1].endswith(": Changed from the form"), diff
    page = text_of(browser.get(response.headers["Location"]))
    assert "Saved" in page and 'now "Changed from the form"' in page and "Rebuild the documents" in page
    assert ".".join(map(str, field)) in (root / "output" / AUDIT_LOG).read_text(encoding="utf-8")


@pytest.mark.parametrize(("name", "typed", "line"), [
    ("description.as_of", "2026-11-20", "  as_of: 2026-11-20"),
    ("photo.consent_to_share", "no", "  consent_to_share: no"),
    ("risk.level", "medium", "  level: medium"),
    ("associates.1.phone", "+447700900311", '    phone: "+447700900311"'),
    ("associates.2.phone", "07700  900312", "    phone: 07700  900312"),
    ("associates.0.safe_to_contact", "no", "    safe_to_contact: no"),
    ("legal_status.basis", "section_20", "  basis: section_20"),
])
def test_each_kind_of_field_changes_its_own_line_only(name, typed, line, tmp_path, make_browser):
    root = _copy("sample", tmp_path)
    relative = "young_people/nhung/profile.yaml"
    before = (root / relative).read_text(encoding="utf-8")
    browser = make_browser(root).sign_in()
    response = _save(browser, f"/children/nhung/profile/{section_of('profile', name.split('.')[0]).slug}",
                     **{name: typed})
    assert response.status_code == 303, text_of(response)[:2000]
    diff = _lines_changed(before, (root / relative).read_text(encoding="utf-8"))
    assert len(diff) == 2 and diff[1] == "+" + line, diff


def test_a_time_limit_is_written_as_a_number(tmp_path, make_browser):
    root = _copy("sample", tmp_path)
    before = (root / "home_config.yaml").read_text(encoding="utf-8")
    browser = make_browser(root).sign_in()
    response = _save(browser, "/home/settings/time-limits", **{"time_limits.rhi_within_hours": "48"})
    assert response.status_code == 303, text_of(response)[:2000]
    diff = _lines_changed(before, (root / "home_config.yaml").read_text(encoding="utf-8"))
    assert diff == ["-  rhi_within_hours: 72               # interview held, from the child's return",
                    "+  rhi_within_hours: 48               # interview held, from the child's return"]  # comment kept
    assert load_home(root, NOW.date()).config["time_limits"]["rhi_within_hours"] == 48


def test_a_save_with_an_error_writes_nothing_and_keeps_what_was_typed(tmp_path, make_browser):
    root = _copy("sample", tmp_path)
    relative = "young_people/nhung/profile.yaml"
    before = (root / relative).read_bytes()
    browser = make_browser(root).sign_in()
    response = _save(browser, "/children/nhung/profile/associates",
                     **{"associates.1.phone": "0770 090", "associates.0.name": "", "associates.2.notes": "Typed note"})
    assert response.status_code == 200
    assert (root / relative).read_bytes() == before
    assert not (root / "output" / AUDIT_LOG).exists()
    page = response.get_data(as_text=True)
    text = text_of(response)
    # The same words validate prints, for the same value written by hand
    hand = _copy("sample", tmp_path / "hand")
    edit(hand / relative, "phone: 07700 900311", 'phone: "0770 090"')
    expected = next(p.message for p in load_home(hand, NOW.date()).problems if p.path == "associates[2].phone")
    assert f"Phone: {expected}" in text  # in the summary at the top, naming the field
    beside = re.search(r'<p class="error-message" id="f-associates-1-phone-error">(.*?)</p>', page, re.S)
    assert beside and html.unescape(re.sub("<[^>]+>", "", beside.group(1))).strip() == f"Error: {expected}"
    assert 'aria-describedby="f-associates-1-phone-hint f-associates-1-phone-error"' in page
    assert "required field 'name' is missing" in text
    values = form_values(page)
    assert values["associates.1.phone"] == "0770 090" and values["associates.2.notes"] == "Typed note"
    assert values["associates.0.name"] == ""


def test_an_emptied_optional_field_is_taken_out_and_a_cleared_required_one_is_an_error(tmp_path, make_browser):
    root = _copy("sample", tmp_path)
    relative = "young_people/nhung/profile.yaml"
    browser = make_browser(root).sign_in()
    before = (root / relative).read_text(encoding="utf-8")
    assert _save(browser, "/children/nhung/profile/description", **{"description.accent": ""}).status_code == 303
    after = (root / relative).read_text(encoding="utf-8")
    assert _lines_changed(before, after) == [line for line in _lines_changed(before, after)
                                             if line.startswith("-  accent:")]
    assert "accent:" not in after and 'accent: ""' not in after
    response = _save(browser, "/children/nhung/profile/description", **{"description.hair": "  "})
    assert response.status_code == 200 and "required field 'hair' is missing" in text_of(response)
    assert (root / relative).read_text(encoding="utf-8") == after


def test_a_hand_edit_since_the_page_was_loaded_is_never_overwritten(tmp_path, make_browser):
    root = _copy("sample", tmp_path)
    relative = "young_people/nhung/profile.yaml"
    browser = make_browser(root).sign_in()
    url = "/children/nhung/profile/description"
    values = form_values(browser.get(url).get_data(as_text=True))
    edit(root / relative, "eyes: Dark brown", "eyes: Dark brown (edited by hand)")
    hand_edited = (root / relative).read_bytes()
    response = browser.post(url, {**values, "description.hair": "Brown, short", "_action": "save"})
    assert response.status_code == 200
    assert (root / relative).read_bytes() == hand_edited
    text = text_of(response)
    assert "Nothing was written" in text and "changed since this page was loaded" in text
    assert "edited by hand" in text  # the change is shown
    assert form_values(response.get_data(as_text=True))["description.hair"] == "Brown, short"


def test_warnings_are_shown_and_do_not_block(tmp_path, make_browser):
    root = _copy("sample", tmp_path)
    browser = make_browser(root).sign_in()
    response = _save(browser, "/children/nhung/profile/photo", **{"photo.taken_on": "2026-01-05"})
    assert response.status_code == 303, text_of(response)[:2000]
    assert "taken_on: 2026-01-05" in (root / "young_people/nhung/profile.yaml").read_text(encoding="utf-8")
    page = text_of(browser.get(response.headers["Location"]))
    assert "Warnings (they do not stop a save)" in page and "2026-01-05" in page


def _post_action(browser, url: str, values: dict, action: str):
    response = browser.post(url, {**values, "_action": action})
    assert response.status_code == 200
    return form_values(response.get_data(as_text=True))


def test_list_items_are_added_removed_and_reordered_without_javascript(tmp_path, make_browser):
    root = _copy("sample", tmp_path)
    relative = "young_people/nhung/profile.yaml"
    before = (root / relative).read_text(encoding="utf-8")
    browser = make_browser(root).sign_in()
    url = "/children/nhung/profile/locations"
    values = form_values(browser.get(url).get_data(as_text=True))
    names = [values[f"locations.{i}.name"] for i in range(len(values["locations.__order"].split()))]
    values = _post_action(browser, url, values, "down:locations.0")
    assert [values["locations.0.name"], values["locations.1.name"]] == [names[1], names[0]]
    values = _post_action(browser, url, values, "remove:locations.2")
    values = _post_action(browser, url, values, "add:locations")
    last = len(values["locations.__order"].split()) - 1
    values.update({f"locations.{last}.name": "Harrowfield skate park", f"locations.{last}.address": "Mill Lane",
                   f"locations.{last}.why": "Friends meet there", f"locations.{last}.risk_assessed": "no"})
    assert browser.post(url, {**values, "_action": "save"}).status_code == 303
    data = load_yaml(root / relative, relative)[0].data
    expected = [names[1], names[0], *names[3:], "Harrowfield skate park"]
    assert [loc["name"] for loc in data["locations"]] == expected
    after = (root / relative).read_text(encoding="utf-8")
    # Everything outside the list is as it was, line for line
    assert before.split("locations:")[0] == after.split("locations:")[0]
    assert before.split("\nvehicle_access:")[1] == after.split("\nvehicle_access:")[1]


def test_a_file_that_cannot_be_read_shows_why_and_no_form(tmp_path, make_browser):
    root = _copy("sample", tmp_path)
    edit(root / "young_people/oisin/profile.yaml", "name:", "name: [", 1)
    browser = make_browser(root).sign_in()
    response = browser.get("/children/oisin/profile/identity")
    assert response.status_code == 200
    assert "This file cannot be read" in text_of(response) and "schema-form" not in response.get_data(as_text=True)


def test_the_pages_are_linked_from_the_front_page_and_the_navigation(browser):
    front = browser.get("/").get_data(as_text=True)
    assert 'href="/children/nhung/profile"' in front and 'href="/home/settings"' in front
    index = text_of(browser.get("/children/nhung/profile"))
    for section in sections("profile"):
        assert section.title in index
    photo = browser.get("/children/nhung/profile/photo").get_data(as_text=True)
    assert 'href="/children/nhung/photo/upload"' in photo
    assert browser.get("/children/nobody/profile").status_code == 404
    assert browser.get("/children/nhung/profile/nothing").status_code == 404
    assert browser.get("/home/settings/nothing").status_code == 404


def test_a_list_order_the_page_did_not_send_is_refused(browser, sample_home):
    before = (sample_home / "young_people/nhung/profile.yaml").read_bytes()
    values = form_values(browser.get("/children/nhung/profile/locations").get_data(as_text=True))
    for order in ("0 0 1", "9", "x"):
        response = browser.post("/children/nhung/profile/locations", {**values, "locations.__order": order,
                                                                     "_action": "save"})
        assert response.status_code == 400
    assert (sample_home / "young_people/nhung/profile.yaml").read_bytes() == before


def test_every_save_needs_the_csrf_token(browser, sample_home):
    before = (sample_home / "young_people/nhung/profile.yaml").read_bytes()
    response = browser.post("/children/nhung/profile/description", {"description.hair": "x"}, csrf=False)
    assert response.status_code == 403
    assert (sample_home / "young_people/nhung/profile.yaml").read_bytes() == before


def test_after_a_hand_edit_elsewhere_in_the_file_the_form_can_be_sent_again(tmp_path, make_browser):
    root = _copy("sample", tmp_path)
    relative = "young_people/nhung/profile.yaml"
    browser = make_browser(root).sign_in()
    url = "/children/nhung/profile/description"
    values = form_values(browser.get(url).get_data(as_text=True))
    edit(root / relative, "gender: Female", "gender: Female (edited by hand)")  # another section
    first = browser.post(url, {**values, "description.hair": "Brown, short", "_action": "save"})
    assert "send the form again" in text_of(first)
    again = form_values(first.get_data(as_text=True))
    assert browser.post(url, {**again, "_action": "save"}).status_code == 303
    text = (root / relative).read_text(encoding="utf-8")
    assert "gender: Female (edited by hand)" in text and "hair: Brown, short" in text


def test_after_a_hand_edit_in_the_same_section_the_form_is_refused_until_opened_again(tmp_path, make_browser):
    root = _copy("sample", tmp_path)
    relative = "young_people/nhung/profile.yaml"
    browser = make_browser(root).sign_in()
    url = "/children/nhung/profile/description"
    values = form_values(browser.get(url).get_data(as_text=True))
    edit(root / relative, "eyes: Dark brown", "eyes: Hazel")
    first = browser.post(url, {**values, "description.hair": "Brown, short", "_action": "save"})
    assert "open the section again" in text_of(first)
    again = form_values(first.get_data(as_text=True))
    assert browser.post(url, {**again, "_action": "save"}).status_code == 200
    assert "eyes: Hazel" in (root / relative).read_text(encoding="utf-8")
    assert "Brown, short" not in (root / relative).read_text(encoding="utf-8")


def test_a_child_whose_file_has_an_error_can_be_put_right_in_the_form(tmp_path, make_browser):
    root = _copy("sample", tmp_path)
    relative = "young_people/oisin/profile.yaml"
    text = (root / relative).read_text(encoding="utf-8")
    height = re.search(r"\n  height: (.*)\n", text).group(1)
    edit(root / relative, f"  height: {height}\n", "  height: \n")  # emptied by hand: an error
    browser = make_browser(root).sign_in()
    index = text_of(browser.get("/children/oisin/profile"))
    assert "Oisín's profile" in index and "1 error" in index
    page = browser.get("/children/oisin/profile/description")
    assert "Height: is empty" in text_of(page) and 'id="f-description-height-error"' in page.get_data(as_text=True)
    response = _save(browser, "/children/oisin/profile/description", **{"description.height": "170 cm"})
    assert response.status_code == 303, text_of(response)[:2000]
    assert not [p for p in load_home(root, NOW.date()).errors if p.file == relative]


def test_a_file_saved_by_windows_notepad_keeps_its_line_ends_and_byte_order_mark(tmp_path, make_browser):
    root = _copy("sample", tmp_path)
    relative = "young_people/zofia/profile.yaml"
    text = (root / relative).read_text(encoding="utf-8")
    (root / relative).write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    before = (root / relative).read_bytes()
    browser = make_browser(root).sign_in()
    assert _save(browser, "/children/zofia/profile/risk").status_code == 200  # unchanged: nothing written
    assert (root / relative).read_bytes() == before
    response = _save(browser, "/children/zofia/profile/description", **{"description.eyes": "Grey-green"})
    assert response.status_code == 303, text_of(response)[:2000]
    after = (root / relative).read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") and b"\r\n  eyes: Grey-green\r\n" in after
    assert len(_lines_changed(before.decode("utf-8-sig"), after.decode("utf-8-sig"))) == 2


def test_the_checks_beyond_the_schema_run_before_a_save_too(tmp_path, make_browser):
    """A date in the future passes the schema; only validate's own checks refuse it, and the form runs them."""
    root = _copy("sample", tmp_path)
    relative = "young_people/nhung/profile.yaml"
    before = (root / relative).read_bytes()
    browser = make_browser(root).sign_in()
    response = _save(browser, "/children/nhung/profile/identity", **{"date_of_birth": "2031-03-14"})
    assert response.status_code == 200
    assert "Date of birth: the date of birth 14 March 2031 is in the future" in text_of(response)
    assert 'id="f-date_of_birth-error"' in response.get_data(as_text=True)
    assert (root / relative).read_bytes() == before


def test_who_saved_is_in_the_audit_log_and_remembered(tmp_path, make_browser):
    root = _copy("sample", tmp_path)
    browser = make_browser(root).sign_in()
    response = _save(browser, "/children/nhung/profile/description", **{"description.eyes": "Brown",
                                                                      "_who": "Dana Whitlock, registered manager"})
    assert response.status_code == 303
    log = (root / "output" / AUDIT_LOG).read_text(encoding="utf-8")
    assert "Dana Whitlock, registered manager" in log and "description.eyes" in log
    page = browser.get("/children/nhung/profile/risk").get_data(as_text=True)
    assert form_values(page)["_who"] == "Dana Whitlock, registered manager"


def test_an_audit_log_that_is_a_link_out_of_the_home_is_refused_before_anything_is_written(tmp_path, make_browser):
    root = _copy("sample", tmp_path)
    outside = tmp_path / "someone-elses-file.txt"
    outside.write_text("not mfc-docs's\n", encoding="utf-8")
    outside.chmod(0o644)
    (root / "output").mkdir()
    (root / "output" / AUDIT_LOG).symlink_to(outside)
    before = (root / "young_people/stefan/profile.yaml").read_bytes()
    browser = make_browser(root).sign_in()
    response = _save(browser, "/children/stefan/profile/description", **{"description.build": "Tall and slim"})
    assert response.status_code == 200  # the form again, with what went wrong
    assert "output/audit.log is a symbolic link" in text_of(response) and "Delete the link" in text_of(response)
    assert (root / "young_people/stefan/profile.yaml").read_bytes() == before
    assert outside.read_text(encoding="utf-8") == "not mfc-docs's\n"
    assert outside.stat().st_mode & 0o777 == 0o644


def test_a_profile_that_is_a_link_stays_a_link_and_the_save_says_why_nothing_was_written(tmp_path, make_browser):
    """A save replaced the link with a plain file: the file it pointed at (the copy kept elsewhere) silently
    stopped getting the changes, and the next sync could bring the old details back."""
    root = _copy("sample", tmp_path)
    kept_elsewhere = tmp_path / "synced" / "stefan-profile.yaml"
    kept_elsewhere.parent.mkdir()
    profile = root / "young_people/stefan/profile.yaml"
    profile.rename(kept_elsewhere)
    profile.symlink_to(kept_elsewhere)
    before = kept_elsewhere.read_bytes()
    browser = make_browser(root).sign_in()
    response = _save(browser, "/children/stefan/profile/description", **{"description.build": "Tall and slim"})
    assert response.status_code == 200, text_of(response)[:2000]  # the form again, with what went wrong
    page = text_of(response)
    assert f"young_people/stefan/profile.yaml is a link to {kept_elsewhere}" in page
    assert 'value="Tall and slim"' in response.get_data(as_text=True)  # what was typed is kept
    assert profile.is_symlink() and kept_elsewhere.read_bytes() == before
