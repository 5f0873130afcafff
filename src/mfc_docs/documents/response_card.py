"""A one-page response card per child, for the shift folder.

What lets a night worker act without phoning a manager: the child's photo and
name, the risk level and exactly how to call the police for them, who to call,
how to talk to them, what brings them back and where to look first. The full
detail stays in the risk assessment; the card says when something is left off.
"""

from __future__ import annotations

from ..context import child_summary, home_summary, limits, meta
from ..home_data import HomeData
from .base import Document, DocumentKind, child_folder
from .blocks import Bullets, Fields, Heading, Layout, Notice, PageStyle, Photo, Text

TITLE = "Response card"
BAND_COLOURS = {"high": "#B71C1C", "medium": "#E65100", "low": "#1B5E20"}
MAX_ITEMS = 3  # per list on the card; the rest is in the risk assessment

LAYOUT = Layout(
    blocks=(
        Notice("{{ child.risk.level }} RISK. If {{ child.preferred_name }} is missing: {{ child.risk.police_call }}. "
               "Say \u201c{{ home.say_when_reporting }}\u201d. Print the police pack: {{ child.report_command }}",
               tone_expr="child.risk.tone"),
        Photo("child.photo_path", "card.photo_caption", beside=Fields((
            ("Name", "child.legal_name"),
            ("Known as", "child.preferred_name"),
            ("Age", "child.age"),
            ("Looks like", "child.description.height ~ ', ' ~ child.description.build ~ '; hair: ' ~ "
                           "child.description.hair"),
            ("Essential medication", "child.medical.essential_text"),
        ))),
        Heading("Who to call", 2),
        Fields((
            ("On-call manager", "home.on_call_manager.phone"),
            ("Social worker", "child.social_worker.line"),
            ("Out of hours (EDT)", "child.edt.line"),
        )),
        Heading("Places to check first", 2),
        Bullets("card.places", empty="No known places recorded."),
        Heading("Contacting {{ child.preferred_name }}", 2),
        Text("Who: {{ card.who }}. {{ child.strategy.tone }}"),
        Bullets("card.helpful", empty="No agreed messages recorded."),
        Heading("What brings {{ child.preferred_name }} back", 2),
        Bullets("card.brings_back", empty="Nothing recorded yet: ask the manager at handover."),
        Text("Full detail: the risk assessment and police pack in {{ child.id }}'s folder.", "small"),
    ),
    page=PageStyle(kind="laminated", band_expr="card.band", min_font_size=10, max_font_size=14),
)


def _first(items: list[str], what: str) -> list[str]:
    if len(items) <= MAX_ITEMS:
        return items
    return items[:MAX_ITEMS] + [f"... and {len(items) - MAX_ITEMS} more {what}: see the risk assessment."]


def card_context(summary: dict, level: str) -> dict:
    places = [f"{p['name']}: {p['address']}" for p in summary["locations"]]
    return {
        "photo_caption": f"Taken {summary['photo_taken']}" if summary["photo_taken"] else "",
        "band": BAND_COLOURS[level],
        "places": _first(places, "places"),
        "helpful": _first(summary["strategy"]["helpful"], "messages"),
        "brings_back": _first(summary["protective"]["brings_back"], "things"),
        "who": ", then ".join(summary["strategy"]["who"]),
    }


def build(home: HomeData) -> list[Document]:
    documents = []
    for child in home.children:
        summary = child_summary(child, home)
        context = {
            "meta": meta(home, f"{TITLE}: {summary['preferred_name']}", summary["legal_name"],
                         f"reviewed {summary['assessment']['last_reviewed']}"),
            "home": home_summary(home.config),
            "limits": limits(home.config),
            "child": summary,
            "card": card_context(summary, child.data["risk"]["level"]),
        }
        documents.append(Document(
            kind=KIND.name, young_person=child.id, folder=child_folder(child.id), stem=f"{child.id}-response-card",
            title=f"{TITLE}: {summary['legal_name']}", subject=TITLE, context=context, layout=LAYOUT,
            template=KIND.template,
            too_long_hint=(f"Shorten communication_strategy.tone, the first {MAX_ITEMS} places, helpful messages "
                           f"and what brings them back in {child.source.display}."),
        ))
    return documents


KIND = DocumentKind(name="response_card", title=TITLE, scope="child", template="response_card.docx",
                    layout=LAYOUT, build=build)
