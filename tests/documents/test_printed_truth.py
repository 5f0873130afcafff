"""Nothing printed that is not true: what the file does not say prints 'Not recorded', never 'None'.

A police officer reads "Essential medication: None" as a fact. 'None' may only appear where the
file itself says none. Field joins never nest brackets or run a full stop into a semicolon.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mfc_docs.pipeline import build

from ..conftest import REPO, TODAY, edit
from ..render.helpers import norm
from .conftest import document_text, raw_yaml
from .test_police_pack import says_none_untrue

FORMATS = ("pdf", "docx")
STEMS = ("police-pack", "response-card", "risk-assessment")
SAMPLE = sorted(p.name for p in (REPO / "young_people").iterdir() if (p / "profile.yaml").exists())


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("stem", STEMS)
def test_a_child_with_no_medical_section_is_never_said_to_need_none(built_second: Path, stem: str, fmt: str) -> None:
    """Kayla's file has no medical section, no phones, no features: every document says 'Not recorded'."""
    child = raw_yaml(built_second / "young_people" / "kayla" / "profile.yaml")
    assert "medical" not in child
    text = document_text(built_second, f"young_people/kayla/kayla-{stem}.{fmt}")
    assert not says_none_untrue(text, child), re.findall(r".{60}\bNone\b.{20}", text)
    label = {"police-pack": "Allergies Not recorded", "response-card": "Essential medication Not recorded",
             "risk-assessment": "Allergies Not recorded"}[stem]
    assert label in text


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("stem", STEMS)
@pytest.mark.parametrize("child_id", SAMPLE)
def test_the_sample_documents_say_none_only_where_the_file_does(built_sample: Path, child_id: str, stem: str,
                                                               fmt: str) -> None:
    child = raw_yaml(built_sample / "young_people" / child_id / "profile.yaml")
    text = document_text(built_sample, f"young_people/{child_id}/{child_id}-{stem}.{fmt}")
    assert not says_none_untrue(text, child), re.findall(r".{60}\bNone\b.{20}", text)


@pytest.mark.parametrize("fmt", FORMATS)
def test_none_is_printed_when_the_file_says_none(minimal_home: Path, fmt: str) -> None:
    edit(minimal_home / "young_people/alex/profile.yaml", "communication_needs:\n",
         "vehicle_access: None known (asked on 2026-11-01)\nmedical:\n  allergies: None known\ncommunication_needs:\n")
    build(minimal_home, today=TODAY)
    for stem in ("police-pack", "risk-assessment"):
        text = document_text(minimal_home, f"young_people/alex/alex-{stem}.{fmt}")
        assert "Vehicle access None known (asked on 2026-11-01)" in text, stem
        assert "Allergies None known" in text, stem


@pytest.mark.parametrize("fmt", FORMATS)
def test_field_joins_never_nest_brackets_or_run_a_full_stop_into_a_semicolon(minimal_home: Path, fmt: str) -> None:
    child = minimal_home / "young_people/alex/profile.yaml"
    edit(child, "    as_of: 2026-11-01\nlocations:", "    as_of: 2026-11-01\n    source: West Yorkshire Police (CSE team)\n"
                                                   "    notes: Seen with him twice.\nlocations:")
    edit(child, "    - number: 07700 900011\n", "    - number: 07700 900011\n      notes: Her main phone (pay as you go).\n")
    edit(child, "  hair: short, brown\n", "  hair: short, brown\n  distinguishing_features:\n"
                                         "    - Scar on the left hand.\n    - Nose stud (silver).\n")
    build(minimal_home, today=TODAY)
    for stem in STEMS:
        text = document_text(minimal_home, f"young_people/alex/alex-{stem}.{fmt}")
        assert ".;" not in text and "))" not in text and "((" not in text, (stem, re.findall(r".{40}(?:\.;|\)\)).{10}", text))
    pack = document_text(minimal_home, f"young_people/alex/alex-police-pack.{fmt}")
    assert norm("As of 1 November 2026; source: West Yorkshire Police (CSE team)") in pack
    assert "Scar on the left hand; Nose stud (silver)" in pack


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_role_or_reference_with_its_own_brackets_is_not_bracketed_again(built_second: Path, fmt: str) -> None:
    """'Ruth (Allocated social worker (UASC team))' and '(Ofsted URN SC999777 (fixture))' read badly to a caller."""
    for relative in ("young_people/dawit/dawit-police-pack", "young_people/dawit/dawit-response-card",
                     "home/key-contacts", "home/missing-from-care-procedure"):
        text = document_text(built_second, f"{relative}.{fmt}")
        assert "team))" not in text and "(fixture))" not in text and "(fictional))" not in text, relative
