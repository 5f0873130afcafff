"""The shift folder: checklists, contacts page and response cards are one A4 side, large, and complete."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from mfc_docs.rules.placeholders import placeholder_values
from mfc_docs.input.home_data import load_home
from mfc_docs.pipeline import build
from mfc_docs.rules.placeholders import fill

from ..conftest import TODAY, edit
from .conftest import document_text, missing_from, raw_yaml

A4 = (595.3, 841.9)


def _one_a4_page(path: Path, min_size: float) -> None:
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) == 1, f"{path.name} has {len(pdf.pages)} pages"
        page = pdf.pages[0]
        assert (round(page.width, 1), round(page.height, 1)) == A4
        sizes = [round(char["size"], 2) for char in page.chars]
        assert sizes, "no text found"
        assert min(sizes) >= min_size, f"{path.name}: text at {min(sizes)} pt"


def test_every_checklist_is_one_a4_page_with_no_text_below_12pt(built_sample: Path) -> None:
    checklists = sorted((built_sample / "output" / "checklists").glob("*.pdf"))
    assert len(checklists) == 6
    for path in checklists:
        _one_a4_page(path, 12.0)


def test_contacts_page_and_response_cards_are_one_page(built_sample: Path) -> None:
    _one_a4_page(built_sample / "output" / "home" / "key-contacts.pdf", 9.0)
    cards = sorted((built_sample / "output" / "young_people").glob("*/*-response-card.pdf"))
    assert len(cards) == 4
    for card in cards:
        _one_a4_page(card, 9.5)


def test_the_longest_step_in_the_sample_still_fits_at_12pt(sample_home: Path) -> None:
    """Make the first checklist's first step as long as the longest step anywhere in the sample, plus more."""
    config = raw_yaml(sample_home / "home_config.yaml")
    steps = [s for c in config["checklists"].values() for s in c.get("steps") or []]
    longest = max((s["action"] for s in steps), key=len)
    text = (sample_home / "home_config.yaml").read_text(encoding="utf-8")
    first_line = next(line for line in text.splitlines() if line.strip().startswith("- action:"))
    indent = first_line[: first_line.index("-")]
    longer = f"{longest} {longest}".replace('"', "'")
    edit(sample_home / "home_config.yaml", first_line, f'{indent}- action: "{longer}"')
    build(sample_home, today=TODAY, kinds=["checklist"], formats=["pdf"])
    _one_a4_page(sample_home / "output" / "checklists" / "1-immediate-response.pdf", 12.0)


def test_a_checklist_too_long_for_one_page_is_printed_over_two_with_a_warning(minimal_home: Path) -> None:
    """Too many steps must not stop the build (the police packs matter more): two sides and a clear warning."""
    from click.testing import CliRunner

    from mfc_docs.cli import main

    step = "      - action: Search the home and grounds\n        who: Staff on shift\n"
    extra = "".join(f"      - action: Extra step number {i} with some detail to read\n        who: Staff\n"
                    f"        when: At once\n" for i in range(40))
    edit(minimal_home / "home_config.yaml", step, extra + step)
    result = CliRunner().invoke(main, ["build", str(minimal_home), "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    warning = next(line for line in result.output.splitlines() if "1-immediate-response.pdf: warning:" in line)
    assert "'Immediate response' does not fit on one laminated page" in warning
    assert "Shorten or remove some of the steps under checklists.immediate_response in home_config.yaml." in warning
    with pdfplumber.open(minimal_home / "output" / "checklists" / "1-immediate-response.pdf") as pdf:
        assert len(pdf.pages) > 1
        assert f"Until then it is printed over {len(pdf.pages)} sides." in warning
        assert min(round(c["size"], 2) for page in pdf.pages for c in page.chars) >= 12
    again = CliRunner().invoke(main, ["build", str(minimal_home), "--today", TODAY.isoformat()])
    assert "1-immediate-response.pdf: warning:" in again.output  # still said while nothing changed
    assert (minimal_home / "output" / "young_people" / "alex" / "alex-police-pack.pdf").exists()


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_every_configured_step_appears_filled_in_on_its_checklist(built_sample: Path, fmt: str) -> None:
    home = load_home(built_sample, TODAY)
    values = placeholder_values(home.config)
    from mfc_docs.documents.checklists import SHEETS

    for key, stem in SHEETS:
        sheet = home.config["checklists"][key]
        expected = [fill(sheet["title"], values)]
        for step in sheet.get("steps") or []:
            expected += [fill(step[part], values) for part in ("action", "who", "when")]
        expected += [fill(item, values) for item in sheet.get("items") or []]
        text = document_text(built_sample, f"checklists/{stem}.{fmt}")
        assert missing_from(text, expected) == [], stem
        assert "{" not in text, f"an unfilled placeholder in {stem}"


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_every_contact_number_appears_on_the_contacts_page(built_sample: Path, fmt: str) -> None:
    config = raw_yaml(built_sample / "home_config.yaml")
    numbers = [config["police"]["emergency"], config["police"]["non_emergency"], config["home"]["phone"],
               config["police"]["say_when_reporting"] if config["police"].get("say_when_reporting") else "Looked After Child - missing"]
    for section in ("managers", "contacts"):
        for key, entry in config[section].items():
            if isinstance(entry, dict):
                numbers += [entry[k] for k in ("phone", "out_of_hours_phone") if entry.get(k)]
    numbers += [o["phone"] for o in config["contacts"].get("others") or [] if o.get("phone")]
    for child_dir in sorted((built_sample / "young_people").iterdir()):
        child = raw_yaml(child_dir / "profile.yaml")
        numbers.append(child["placement"]["social_worker"]["phone"])
        if (child["placement"].get("iro") or {}).get("phone"):
            numbers.append(child["placement"]["iro"]["phone"])
    text = document_text(built_sample, f"home/key-contacts.{fmt}")
    assert missing_from(text, numbers) == []
    assert "Numbers last checked 16 November 2026" in text


def test_an_unfilled_contact_is_a_visible_gap(built_sample: Path) -> None:
    """The sample's exploitation hub has no number yet: a line to write on, not a missing row."""
    text = document_text(built_sample, "home/key-contacts.pdf")
    hub = text[text.index("Exploitation hub (MACE)"):][:200]
    assert "______" in hub


def test_changing_a_time_limit_changes_it_everywhere(minimal_home: Path) -> None:
    edit(minimal_home / "home_config.yaml", "rhi_within_hours: 72", "rhi_within_hours: 24\n  rhi_offer_within_hours: 24")
    build(minimal_home, today=TODAY)
    for relative in ("checklists/3-the-return.pdf", "checklists/3-the-return.docx",
                     "home/missing-from-care-procedure.pdf", "home/missing-from-care-procedure.docx"):
        text = document_text(minimal_home, relative)
        assert "within 24 hours" in text, relative
        assert "within 72 hours" not in text, relative


def test_response_card_band_and_risk_follow_the_childs_level(minimal_home: Path) -> None:
    edit(minimal_home / "young_people/alex/profile.yaml", "  level: medium", "  level: high")
    build(minimal_home, today=TODAY, kinds=["response_card"])
    text = document_text(minimal_home, "young_people/alex/alex-response-card.pdf")
    assert "HIGH RISK. If Alex is missing: Call 999 at once." in text


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_procedure_gives_each_childs_report_command(built_sample: Path, fmt: str) -> None:
    text = document_text(built_sample, f"home/missing-from-care-procedure.{fmt}")
    children = sorted(p.name for p in (built_sample / "young_people").iterdir() if (p / "profile.yaml").exists())
    assert children
    assert missing_from(text, [f"mfc-docs report {child}" for child in children]) == []


def test_a_home_of_many_children_is_told_why_key_contacts_takes_two_sides(sample_home: Path) -> None:
    """Eight children's social workers and IROs fill much of the one side: 'shorten the contacts' hours'
    alone sent the manager to the wrong place, and two sides of one laminated sheet is the answer."""
    import shutil

    from click.testing import CliRunner

    from mfc_docs.cli import main

    people = sample_home / "young_people"
    for source in ("oisin", "zofia", "nhung", "stefan"):
        copy = people / f"{source}-2"
        shutil.copytree(people / source, copy)
        edit(copy / "profile.yaml", "\n  legal: ", "\n  legal: Second ")
    result = CliRunner().invoke(main, ["build", str(sample_home), "--today", TODAY.isoformat(), "--format", "pdf"])
    assert result.exit_code == 0, result.output
    warning = next(line for line in result.output.splitlines() if "key-contacts.pdf: warning:" in line)
    assert "Shorten the 'hours' and 'notes' of the contacts in home_config.yaml." in warning
    assert ("With 8 children, their social workers and IROs take a large part of the side: if it still does not "
            "fit, print it on both sides of one sheet and laminate that.") in warning
    with pdfplumber.open(sample_home / "output" / "home" / "key-contacts.pdf") as pdf:
        assert len(pdf.pages) == 2
