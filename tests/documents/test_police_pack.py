"""The police pack as the officer reads it: page 1 is enough on its own, Part 1 follows the police forms' order.

Page 1 is checked as the issue asks: as text (pdftotext -f 1 -l 1) and for the photo, for the sample
children, for the report printed at the moment a child goes missing, and for a child with almost no data.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner

from mfc_docs.cli import main
from mfc_docs.rules.dates import british_date
from mfc_docs.input.validation import parse_date

from ..conftest import REPO, edit, require_tool
from ..render.helpers import docx_text, norm
from .conftest import document_text, raw_yaml

SAMPLE = sorted(p.name for p in (REPO / "young_people").iterdir() if (p / "profile.yaml").exists())
FORMATS = ("pdf", "docx")


def page_one(pdf: Path) -> str:
    """Page 1 of a PDF as poppler's pdftotext reads it, whitespace folded."""
    tool = require_tool("pdftotext")
    out = subprocess.run([tool, "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    return norm(out)


def pack(home: Path, child_id: str) -> Path:
    return home / "output" / "young_people" / child_id / f"{child_id}-police-pack.pdf"


def strings_in(value) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings_in(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings_in(v)]
    return [value] if isinstance(value, str) else []


def says_none_untrue(text: str, child: dict) -> bool:
    """Whether 'None' is printed where the child's file does not say it (the file's own words removed first)."""
    for value in strings_in(child):
        if "None" in value:
            text = text.replace(norm(value).rstrip("."), "")
    return bool(re.search(r"\bNone\b", text))


def lowest_text(pdf: Path, page: int = 0) -> float:
    """How far down the page the body text reaches, as a share of the page's height (the footer excluded)."""
    with pdfplumber.open(pdf) as document:
        sheet = document.pages[page]
        words = [w for w in sheet.extract_words() if w["bottom"] < sheet.height - 25 * 72 / 25.4]
        return max(w["bottom"] for w in words) / sheet.height


@pytest.mark.parametrize("child_id", SAMPLE)
def test_page_1_is_a_summary_an_officer_can_work_from(built_sample: Path, child_id: str) -> None:
    child = raw_yaml(built_sample / "young_people" / child_id / "profile.yaml")
    text = page_one(pack(built_sample, child_id))
    first_place = (child.get("locations") or [{}])[0].get("name")
    first_person = (child.get("associates") or [{}])[0].get("name")
    expected = [
        "LOOKED-AFTER CHILD", child["name"]["legal"], *(child["name"].get("aliases") or []),
        british_date(parse_date(child["date_of_birth"])), "(age ",
        f"{child['risk']['level'].upper()} in the risk assessment",
        "MEDICAL AND COMMUNICATION", child["communication_needs"]["first_language"],
        *[m["number"] for m in (child.get("contact_details") or {}).get("mobiles") or []],
        "This episode", "Found gone at", "Last seen at", "Last seen where", "Last seen with", "Wearing and carrying",
        "Why staff are worried", "Out of character", "What they took",
        *[x for x in (first_place, first_person) if x],
    ]
    assert [value for value in expected if norm(value) not in text] == []
    assert "Part 1: kept ready" not in text, "Part 1 starts on page 2"
    assert not says_none_untrue(text, child)
    assert lowest_text(pack(built_sample, child_id)) > 0.75, "page 1 must not be half blank"


@pytest.mark.parametrize("child_id", SAMPLE)
def test_page_1_carries_the_photo_when_there_is_one(built_sample: Path, child_id: str) -> None:
    child = raw_yaml(built_sample / "young_people" / child_id / "profile.yaml")
    with pdfplumber.open(pack(built_sample, child_id)) as document:
        images = document.pages[0].images
    if "photo" in child:
        assert len(images) == 1
    else:
        assert images == [] and "NO PHOTO ON FILE" in page_one(pack(built_sample, child_id))


def test_page_1_of_a_child_with_almost_no_data(built_second: Path) -> None:
    """Kayla: a new placement with no photo, phones, associates or medical section: nothing invented, no gap."""
    path = pack(built_second, "kayla")
    text = page_one(path)
    assert "NO PHOTO ON FILE" in text
    assert "Medication: Not recorded" in text and "Allergies: Not recorded" in text
    assert "No places or people are recorded in the home's file" in text or "Places (first" in text
    assert not re.search(r"\bNone\b", text)
    assert "Part 1: kept ready" not in text
    assert lowest_text(path) > 0.75, "page 1 must not be half blank"


def test_the_report_fills_page_1_with_this_episode(sample_home: Path) -> None:
    answers = {"--found-gone": "22:40", "--last-seen": "21:55", "--where": "Harrowfield bus station, stand 4",
               "--with": 'Possibly "Kai" in a silver Corsa', "--wearing": "Black puffer coat, pink bag",
               "--why-worried": "Said on Snapchat she was going to a party in Northmoor",
               "--out-of-character": "no", "--taken": "Phone, bank card, about 20 pounds; NOT her blue inhaler",
               "--before": "Argument about her phone", "--police-ref": "WP-20261124-0099"}
    args = ["report", "nhung", str(sample_home), "--now", "2026-11-24 23:10", "--risk", "high"]
    for option, value in answers.items():
        args += [option, value]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    pdf = Path(result.output.strip().splitlines()[-1])
    first = page_one(pdf)
    for option in ("--where", "--with", "--wearing", "--why-worried", "--taken"):
        assert norm(answers[option]) in first, option
    assert "Tue 24 November 2026, 22:40" in first
    assert "Out of character No" in first and "At this report: HIGH" in first
    with pdfplumber.open(pdf) as document:
        assert len(document.pages[0].images) == 1
    # the rest of the episode is in Part 2, in both formats
    word = docx_text(next(pdf.parent.glob("*.docx")).read_bytes())
    for value in answers.values():
        if not value.replace(":", "").isdigit() and value != "no":
            assert norm(value) in word, value


@pytest.mark.parametrize("fmt", FORMATS)
def test_part_1_follows_the_order_of_police_forms(built_sample: Path, fmt: str) -> None:
    text = document_text(built_sample, f"young_people/nhung/nhung-police-pack.{fmt}")
    headings = ["Part 1: kept ready", "1. Personal details", "2. Vulnerabilities and risk", "3. Known associates",
                "4. Known places", "5. Medical and communication", "6. Money", "7. Phones, social media and transport",
                "Part 2: this episode, continued"]
    positions = [text.find(h) for h in headings]
    assert -1 not in positions, [h for h, p in zip(headings, positions) if p == -1]
    assert positions == sorted(positions)


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_legal_status_is_said_once_and_no_court_is_named(built_sample: Path, fmt: str) -> None:
    text = document_text(built_sample, f"young_people/nhung/nhung-police-pack.{fmt}")
    assert text.count("Care order (section 31, Children Act 1989)") == 1
    assert "Northmoor Family Court" not in text and "12 October 2023" not in text and "2023-10-12" not in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_medicine_reaches_the_pack_essential_first_with_its_effect_if_missed(minimal_home: Path,
                                                                                   fmt: str) -> None:
    from mfc_docs.pipeline import build

    from ..conftest import TODAY

    edit(minimal_home / "young_people/alex/profile.yaml", "communication_needs:\n", """medical:
  medication:
    - name: Sertraline 50 mg
      dose: One each morning
      essential: no
      if_missed: Low mood and dizziness after two or three days.
    - name: Levetiracetam 500 mg
      dose: Twice a day
      essential: yes
      if_missed: Seizures are likely within a day.
communication_needs:
""")
    build(minimal_home, today=TODAY)
    text = document_text(minimal_home, f"young_people/alex/alex-police-pack.{fmt}")
    part1 = text[text.index("Medication, essential first"):]
    assert part1.index("Levetiracetam") < part1.index("Sertraline")
    assert "If missed: Seizures are likely within a day" in part1
    assert "If missed: Low mood and dizziness after two or three days" in part1


NEW_FIELDS = """nationality: Eritrean
immigration:
  status: Unaccompanied asylum-seeking child; claim lodged 2026-09-01
  identity_documents: No passport; ARC card held by the social worker
safeguarding:
  abduction_warning_notices:
    - served_on_whom: Mr Test Adult
      served_on: 2026-10-02
      expires_on: 2027-10-01
      served_by: Exampleshire Police
  nrm_referral:
    referred_on: 2026-09-20
    decision: Positive reasonable grounds
  mace:
    status: Open to MACE
    last_discussed_on: 2026-11-05
for_the_police:
  dna_source: Toothbrush in a sealed bag in the office
  consent_to_search_room: yes
  consent_notes: Agreed by the social worker
  lawful_basis_for_sharing: Vital interests of the child (test wording)
financial: Prepaid card from the home
travel: Bus pass
"""


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_new_fields_reach_the_pack(minimal_home: Path, fmt: str) -> None:
    from mfc_docs.pipeline import build

    from ..conftest import TODAY

    child = minimal_home / "young_people/alex/profile.yaml"
    edit(child, "communication_needs:\n", NEW_FIELDS + "communication_needs:\n")
    edit(child, "    - number: 07700 900011\n",
         "    - number: 07700 900011\n      handset: Samsung A14, blue\n      network: Lebara\n")
    edit(child, "communication_needs:\n", "medical:\n  gp:\n    name: Testside Surgery\n    phone: 01632 960777\n"
                                          "communication_needs:\n")
    (minimal_home / "young_people/alex/episodes.yaml").write_text("""episodes:
  - confirmed_missing_at: 2026-10-10 22:00
    risk_level: medium
    police: {called_at: 2026-10-10 22:10, number: "101", reference: EX-2026-1010-7}
    returned_at: 2026-10-11 02:00
    recorded_by: Robin Test, Registered Manager
""", encoding="utf-8")
    build(minimal_home, today=TODAY)
    text = document_text(minimal_home, f"young_people/alex/alex-police-pack.{fmt}")
    expected = ["Eritrean", "Unaccompanied asylum-seeking child; claim lodged 2026-09-01",
                "No passport; ARC card held by the social worker",
                "Served on Mr Test Adult on 2 October 2026 by Exampleshire Police; ends 1 October 2027",
                "Referred 20 September 2026; decision: Positive reasonable grounds",
                "Open to MACE; last discussed 5 November 2026", "Toothbrush in a sealed bag in the office",
                "Yes \u2013 Agreed by the social worker", "Vital interests of the child (test wording)",
                "Prepaid card from the home", "Bus pass", "Samsung A14, blue", "Lebara", "Testside Surgery",
                "01632 960777", "10 October 2026: EX-2026-1010-7"]
    assert [value for value in expected if norm(value) not in text] == []


def test_report_json_keeps_the_lawful_basis_for_sharing(sample_home: Path) -> None:
    result = CliRunner().invoke(main, ["report", "oisin", str(sample_home), "--now", "2026-11-24 23:10", "--pdf-only"])
    assert result.exit_code == 0, result.output
    folder = Path(result.output.strip().splitlines()[-1]).parent
    record = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    config = raw_yaml(sample_home / "home_config.yaml")
    assert record["lawful_basis_for_sharing"] == config["police"]["lawful_basis_for_sharing"]
    assert norm(config["police"]["lawful_basis_for_sharing"]) in document_text(
        sample_home, str(Path(result.output.strip().splitlines()[-1]).relative_to(sample_home / "output")))


@pytest.mark.parametrize("child_id", SAMPLE)
def test_the_blank_part_2_form_is_on_one_page(built_sample: Path, child_id: str) -> None:
    """The shift lead fills Part 2 in by hand at 2 a.m.: the form is not split over two pages."""
    with pdfplumber.open(pack(built_sample, child_id)) as document:
        pages = [norm(page.extract_text() or "") for page in document.pages]
    start = next(i for i, text in enumerate(pages) if "Part 2: this episode, continued" in text)
    assert "Reported by (name and role)" in pages[start], f"the form runs on to page {start + 2}"
