"""Add a child: the short form asks what the schema requires, the id is made and checked, validate passes."""

from __future__ import annotations

import json
import re

import pytest

from mfc_docs.input.home_data import load_home
from mfc_docs.input.schema.young_person import YOUNG_PERSON_SCHEMA
from mfc_docs.web.views_children import short_form

from .conftest import NOW, text_of

RISKS = ("sexual_exploitation", "criminal_exploitation", "substance_misuse", "peer_influence",
         "relationships_of_concern", "family_contact", "mental_health", "self_harm")

JAY = {
    "name.legal": "Jay Okafor-Lindqvist", "name.preferred": "Jay", "date_of_birth": "2012-02-29",
    "legal_status.basis": "section_20", "placement.placing_authority": "Westshire County Council",
    "placement.placed_on": "2026-11-23", "placement.social_worker.name": "Ada Brennan",
    "placement.social_worker.phone": "07700 900777",
    "description.height": "Not measured yet", "description.build": "Slim", "description.hair": "Black, short",
    "description.eyes": "Brown", **{f"risk_factors.{r}.status": "none_known" for r in RISKS},
    "risk_factors.family_contact.status": "concern",
    "communication_needs.first_language": "English",
    "missing_history.summary": "None known to the social worker or the previous placement.",
    "missing_history.trend": "none", "protective_factors.trusted_people": "Aunt Grace\r\nKey worker Sam",
    "communication_strategy.who_makes_contact": "Shift lead\r\n\r\nKey worker",
    "communication_strategy.tone": "Calm and kind", "risk.level": "medium",
    "risk.rationale": "New placement; does not know the area yet.",
    "assessment.author": "Marianne Oduya, Registered Manager", "assessment.last_reviewed": "2026-11-23",
    "assessment.police_information_reviewed": "2026-11-23", "recorded_by": "Marianne Oduya",
}


def _required_leaves(schema: dict, path=()):
    for key, rule in schema.items():
        if not rule.get("required"):
            continue
        inner = rule.get("schema") if rule.get("type") == "dict" else None
        if inner is None:
            yield ".".join(path + (key,))
        else:
            yield from _required_leaves(inner, path + (key,))


def test_the_short_form_asks_every_field_the_schema_requires():
    asked = {f.name for s in short_form() for f in s.fields}
    required = set(_required_leaves(YOUNG_PERSON_SCHEMA))
    assert required and required <= asked
    assert set(JAY) - {"recorded_by"} == asked  # this test's child answers every question


def test_add_a_child_then_the_profile(browser, sample_home):
    assert 'href="/children/new"' in browser.get("/").get_data(as_text=True)  # "Add a child" on the front page
    page = browser.get("/children/new")
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and "Add a child" in text_of(page)
    assert not re.search(r'type="radio"[^>]*checked', body)  # no risk status, level or basis chosen for them
    response = browser.post("/children/new", JAY)
    assert response.status_code == 303 and response.headers["Location"] == "/children/jay/profile"
    home = load_home(sample_home, NOW.date())
    assert not [p for p in home.problems_for("jay") if p.is_error]  # validate: no errors (warnings allowed)
    jay = home.child("jay")
    assert jay.known_as == "Jay" and jay.data["risk_factors"]["family_contact"]["status"] == "concern"
    assert jay.data["communication_strategy"]["who_makes_contact"] == ["Shift lead", "Key worker"]
    assert jay.data["protective_factors"]["trusted_people"] == ["Aunt Grace", "Key worker Sam"]
    text = (sample_home / "young_people/jay/profile.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=../../docs/schema/profile.schema.json\n")
    assert "Jay is missing" in text_of(browser.get("/"))
    profile_page = browser.get("/children/jay/profile")  # the full profile comes next (the forms' page)
    assert profile_page.status_code == 200 and 'href="/children/jay/photo/upload"' in profile_page.get_data(as_text=True)
    entry = json.loads((sample_home / "output/audit.log").read_text().splitlines()[-1])
    assert entry["action"] == "added the child jay" and entry["who"] == "Marianne Oduya"


def test_problems_are_beside_the_fields_in_validates_words_and_nothing_typed_is_lost(browser, sample_home):
    answers = {**JAY, "date_of_birth": "2027-02-01", "placement.social_worker.phone": "0770 090 07"}
    del answers["risk_factors.self_harm.status"], answers["description.eyes"]
    response = browser.post("/children/new", answers)
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    for field in ("risk_factors.self_harm.status", "description.eyes", "placement.social_worker.phone"):
        assert f'id="{field}-error"' in body, field
        assert f'href="#{field}"' in body, field  # and in the summary at the top
    assert "There is a problem" in text_of(response)
    assert 'value="Jay Okafor-Lindqvist"' in body and "None known to the social worker" in body
    assert re.search(r'name="risk_factors.family_contact.status" type="radio" value="concern" checked', body)
    assert not (sample_home / "young_people/jay").exists()


def test_a_future_date_of_birth_is_refused_as_validate_refuses_it(browser, sample_home):
    response = browser.post("/children/new", {**JAY, "date_of_birth": "2027-02-01"})
    assert response.status_code == 400 and 'id="date_of_birth-error"' in response.get_data(as_text=True)
    assert not (sample_home / "young_people/jay").exists()


def test_an_empty_form_writes_nothing_and_says_what_is_needed(browser, sample_home):
    before = sorted(p.name for p in (sample_home / "young_people").iterdir())
    response = browser.post("/children/new", {})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert 'id="name.legal-error"' in body and 'id="risk.level-error"' in body
    text = text_of(response)
    assert "Enter full legal name." in text and "Choose risk level." in text
    assert "Choose None known, Concern or Known for self-harm or suicidal thoughts." in text
    assert "Add 'legal:' here" not in text  # words for a YAML file are not shown in a form
    summary = re.findall(r'<li><a href="#([^"]+)">', body)
    assert summary[:3] == ["name.legal", "date_of_birth", "legal_status.basis"]  # in the order of the page
    assert sorted(p.name for p in (sample_home / "young_people").iterdir()) == before


@pytest.mark.parametrize("child_id, message", [
    ("../../etc", "only have lowercase"), ("nhung", "already a child"), ("con", "cannot name a folder"),
    ("JAY", None),  # typed in capitals: taken as 'jay'
])
def test_a_typed_id_is_checked(browser, sample_home, child_id, message):
    response = browser.post("/children/new", {**JAY, "child_id": child_id})
    if message is None:
        assert response.status_code == 303 and response.headers["Location"] == "/children/jay/profile"
        return
    assert response.status_code == 400 and message in text_of(response)
    assert 'id="child_id-error"' in response.get_data(as_text=True)
    assert not (sample_home / "young_people/jay").exists() and not (sample_home / "etc").exists()


def test_a_second_child_with_the_same_name_gets_another_id(browser, sample_home):
    assert browser.post("/children/new", JAY).headers["Location"] == "/children/jay/profile"
    assert browser.post("/children/new", JAY).headers["Location"] == "/children/jay-okafor-lindqvist/profile"
    assert browser.post("/children/new", {**JAY, "name.preferred": "Nhung"}).headers["Location"] == \
        "/children/nhung-okafor-lindqvist/profile"


def test_a_name_in_another_script_asks_for_an_id(browser, sample_home):
    answers = {**JAY, "name.legal": "ተስፋዬ ገብረ", "name.preferred": ""}
    response = browser.post("/children/new", answers)
    assert response.status_code == 400 and "no letters from a to z" in text_of(response)
    response = browser.post("/children/new", {**answers, "child_id": "tesfaye"})
    assert response.status_code == 303 and response.headers["Location"] == "/children/tesfaye/profile"
    assert load_home(sample_home, NOW.date()).child("tesfaye").known_as == "ተስፋዬ ገብረ"


def test_adding_a_child_needs_the_csrf_token(browser, sample_home):
    assert browser.post("/children/new", JAY, csrf=False).status_code == 403
    assert not (sample_home / "young_people/jay").exists()


def test_the_new_profile_has_its_sections_in_the_schemas_order(browser, sample_home):
    """As the sample files and every form save put them: a manager opening the file finds name first."""
    from ruamel.yaml import YAML

    assert browser.post("/children/new", JAY).status_code == 303
    written = list(YAML(typ="safe").load((sample_home / "young_people/jay/profile.yaml").read_text()))
    assert written[0] == "name"
    assert written == [key for key in YOUNG_PERSON_SCHEMA if key in written]
