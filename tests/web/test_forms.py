"""web/forms.py: every field of both schemas is in a form, labelled, with its help text, without a second list.

The test walks the schemas themselves (one case per field), so a field added to a schema is tested
without touching this file; and it adds a field to a schema to show that the form grows by itself.
"""

from __future__ import annotations

import html
from functools import lru_cache

import pytest

from mfc_docs.input.schema.home import HOME_SCHEMA
from mfc_docs.input.schema.young_person import YOUNG_PERSON_SCHEMA
from mfc_docs.web import forms
from mfc_docs.web.forms import rule_at, schema_leaves, section_of

from .form_page import parse

PROFILE_FIELDS = schema_leaves(YOUNG_PERSON_SCHEMA)
HOME_FIELDS = schema_leaves(HOME_SCHEMA)
CHILD = "stefan"  # the sample's child with the least written: most lists and sections are empty or absent


def _id(path: tuple) -> str:
    return ".".join(str(p) for p in path)


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """The page of each section, as the server renders it for a child and for the home (fetched once each)."""
    import shutil

    from .conftest import NOW, Browser, Guard, create_app
    from ..conftest import REPO

    home = tmp_path_factory.mktemp("home")
    shutil.copy(REPO / "home_config.yaml", home / "home_config.yaml")
    shutil.copytree(REPO / "young_people", home / "young_people")
    guard = Guard(port=8765)
    browser = Browser(create_app(home, guard, clock=lambda: NOW), guard).sign_in()

    @lru_cache(maxsize=None)
    def page(kind: str, slug: str) -> str:
        url = f"/children/{CHILD}/profile/{slug}" if kind == "profile" else f"/home/settings/{slug}"
        response = browser.get(url)
        assert response.status_code == 200, url
        return response.get_data(as_text=True)

    return page


def _check_field(page_html: str, schema: dict, path: tuple) -> None:
    rule = rule_at(schema, path)
    name = _id(path)
    parsed = parse(page_html)
    assert name in parsed.values, f"{name} is not in the form"
    field_id = "f-" + name.replace(".", "-")
    element = parsed.ids.get(field_id)
    assert element is not None, f"no element with id {field_id}"
    help_text = rule.get("meta", {}).get("help", "")
    if element["tag"] == "input" and element.get("type") == "radio":  # a fieldset with a legend, the hint beside
        assert f'id="{field_id}-set"' in page_html
    else:
        assert parsed.labels.get(field_id, "").strip(), f"{name} has no <label for>"
    if help_text:
        assert help_text in html.unescape(page_html), f"{name}'s help text is not on the page"
        described = parsed.ids.get(field_id + "-set", element).get("aria-describedby", "")
        assert f"{field_id}-hint" in described.split(), f"{name}'s help is not tied to it (aria-describedby)"
    if rule.get("type") == "date":
        assert element.get("type") == "date", f"{name} is a date but not a date input"
    if rule.get("coerce") == "yes_no":
        assert element.get("type") == "radio" and f'id="{field_id}-no"' in page_html
    if rule.get("check_with") == "phone":
        assert element.get("type") == "text"


@pytest.mark.parametrize("path", PROFILE_FIELDS, ids=_id)
def test_every_profile_field_is_in_its_form(path: tuple, pages) -> None:
    section = section_of("profile", path[0])
    assert section is not None
    _check_field(pages("profile", section.slug), YOUNG_PERSON_SCHEMA, path)


@pytest.mark.parametrize("path", HOME_FIELDS, ids=_id)
def test_every_home_setting_is_in_its_form(path: tuple, pages) -> None:
    section = section_of("home", path[0])
    assert section is not None
    _check_field(pages("home", section.slug), HOME_SCHEMA, path)


def test_the_walk_covers_the_whole_schema() -> None:
    """A guard on the walk itself: lists of records, nested records and lists of text are all walked into."""
    assert ("associates", 0, "phone") in PROFILE_FIELDS
    assert ("placement", "social_worker", "phone") in PROFILE_FIELDS
    assert ("name", "aliases", 0) in PROFILE_FIELDS
    assert ("checklists", "immediate_response", "steps", 0, "action") in HOME_FIELDS
    assert len(PROFILE_FIELDS) > 150 and len(HOME_FIELDS) > 150


def test_a_field_added_to_the_schema_appears_in_the_form_by_itself(monkeypatch, sample_home, make_browser) -> None:
    from mfc_docs.input.schema import common

    schema = dict(YOUNG_PERSON_SCHEMA)
    schema["description"] = {**schema["description"], "schema": {
        **schema["description"]["schema"], "shoe_size": common.text("Shoe size, e.g. 'UK 5'.")}}
    schema["pets"] = common.list_of_records("Pets the child may go looking for.", {
        "kind": common.text("What animal.", required=True), "seen_on": common.date("When last seen.")})
    monkeypatch.setattr(forms, "YOUNG_PERSON_SCHEMA", schema)
    browser = make_browser(sample_home).sign_in()
    description = browser.get("/children/nhung/profile/description").get_data(as_text=True)
    assert 'name="description.shoe_size"' in description and "Shoe size, e.g. &#39;UK 5&#39;." in description
    index = browser.get("/children/nhung/profile").get_data(as_text=True)
    assert 'href="/children/nhung/profile/pets"' in index  # a top-level key no table names gets its own page
    pets = browser.get("/children/nhung/profile/pets").get_data(as_text=True)
    assert 'name="pets.0.kind"' in pets and 'type="date"' in pets and "Add another pet" in pets


def test_sections_cover_every_top_level_key_once() -> None:
    for kind, schema in (("profile", YOUNG_PERSON_SCHEMA), ("home", HOME_SCHEMA)):
        keys = [k for s in forms.sections(kind) for k in s.keys]
        assert sorted(keys) == sorted(schema), kind
        slugs = [s.slug for s in forms.sections(kind)]
        assert len(slugs) == len(set(slugs))


def test_problem_paths_are_read_as_problems_print_them() -> None:
    assert forms.problem_path("associates[2].phone") == ("associates", 1, "phone")
    assert forms.problem_path("name.aliases[1]") == ("name", "aliases", 0)
    assert forms.problem_path("") == ()
