"""The response card as a night worker uses it: numbers to ring, places with their risks, a page filled by measure."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from mfc_docs.pipeline import build

from ..conftest import REPO, TODAY, edit
from ..render.helpers import norm
from .conftest import document_text, raw_yaml

SAMPLE = sorted(p.name for p in (REPO / "young_people").iterdir() if (p / "profile.yaml").exists())
FORMATS = ("pdf", "docx")


def card(home: Path, child_id: str, fmt: str = "pdf") -> str:
    return document_text(home, f"young_people/{child_id}/{child_id}-response-card.{fmt}")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("child_id", SAMPLE)
def test_the_card_has_the_childs_numbers_and_the_first_safe_contacts_numbers(built_sample: Path, child_id: str,
                                                                             fmt: str) -> None:
    child = raw_yaml(built_sample / "young_people" / child_id / "profile.yaml")
    text = card(built_sample, child_id, fmt)
    mobiles = [m["number"] for m in (child.get("contact_details") or {}).get("mobiles") or []]
    assert mobiles and all(number in text for number in mobiles)
    safe = [a for a in child.get("associates") or [] if a["safe_to_contact"] == "yes" and a.get("phone")]
    assert safe, "every sample child has someone safe to ring"
    assert f"{norm(safe[0]['name'])}" in text and safe[0]["phone"] in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_places_risk_note_reaches_the_card(minimal_home: Path, fmt: str) -> None:
    edit(minimal_home / "young_people/alex/profile.yaml", "    safe_for_staff: yes\n",
         "    safe_for_staff: yes\n    risk_notes: 'Live railway line beside the path: call BTP/999 if seen on the tracks'\n")
    build(minimal_home, today=TODAY)
    assert "Live railway line beside the path: call BTP/999 if seen on the tracks" in card(minimal_home, "alex", fmt)


def lowest_text(pdf: Path) -> float:
    """How far down the page the card's body reaches, as a share of the page's height (footer excluded)."""
    with pdfplumber.open(pdf) as document:
        sheet = document.pages[0]
        words = [w for w in sheet.extract_words() if w["bottom"] < sheet.height - 25 * 72 / 25.4]
        return max(w["bottom"] for w in words) / sheet.height


@pytest.mark.parametrize("child_id", SAMPLE)
def test_the_card_leaves_items_off_only_when_the_page_is_full(built_sample: Path, child_id: str) -> None:
    """'... and 2 more' is said only on a card whose page is filled: never while a sixth of it is blank."""
    text = card(built_sample, child_id)
    path = built_sample / "output" / "young_people" / child_id / f"{child_id}-response-card.pdf"
    if "Not on this card for lack of room" in text:
        assert lowest_text(path) > 0.85, f"{child_id}'s card leaves items off with {1 - lowest_text(path):.0%} blank"


def test_a_card_with_room_shows_every_item(minimal_home: Path) -> None:
    """Short lists on a card with room to spare are all shown, however many there are (no count, no budget)."""
    edit(minimal_home / "young_people/alex/profile.yaml", "  what_brings_them_back: [Phone call from key worker]\n",
         "  what_brings_them_back: [Phone call from key worker, Text from nan, Football on Saturday, Pizza night,\n"
         "    A lift home from Kim's mum]\n")
    edit(minimal_home / "young_people/alex/profile.yaml", "  tone: Calm, no blame\n",
         "  tone: Calm, no blame\n  helpful_messages: [Come home, You're not in trouble, We miss you]\n")
    build(minimal_home, today=TODAY)
    for fmt in FORMATS:
        text = card(minimal_home, "alex", fmt)
        for item in ("Text from nan", "Football on Saturday", "Pizza night", "A lift home from Kim's mum",
                     "You're not in trouble", "We miss you"):
            assert norm(item) in text, (fmt, item)
        assert "Not on this card for lack of room" not in text
