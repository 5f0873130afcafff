"""A one-page response card per child, for the shift folder.

What lets a night worker act without phoning a manager: the child's photo and
name, the risk level and exactly how to call the police for them, who to call,
how to talk to them, what brings them back and where to look first. The full
detail stays in the risk assessment; the card says when something is left off.
"""

from __future__ import annotations

from .context import child_summary, home_summary, limits, meta
from ..input.home_data import HomeData
from .base import Document, DocumentKind, child_folder
from .blocks import Bullets, Fields, Heading, If, Layout, Notice, PageStyle, Photo, Text

TITLE = "Response card"
BAND_COLOURS = {"high": "#B71C1C", "medium": "#E65100", "low": "#1B5E20"}
MAX_ITEMS = 3  # per list on the card; the rest is in the risk assessment
CARD_TEXT_BUDGET = 700  # characters of lists, tone and danger places that fit one side at 10 pt

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
            ("Social worker", "child.social_worker.short"),
            ("Out of hours (EDT)", "child.edt.short"),
        )),
        Heading("Places to check first", 2),
        Bullets("card.places", empty="No known safe places recorded."),
        If("card.avoid_places", (
            Notice("DO NOT GO to these places yourself. Tell the police where they are and why:\n"
                   "{{ card.avoid_places | join('\n') }}", "danger", label="DANGER"),
        )),
        Heading("Contacting {{ child.preferred_name }}", 2),
        Text("Who makes contact, in this order: {{ card.who }}"),
        Text("{{ child.strategy.tone }}"),
        Bullets("card.helpful", empty="No agreed messages recorded."),
        If("card.also", (
            Heading("Also for {{ child.preferred_name }}", 2),
            Bullets("card.also"),
        )),
        Heading("What brings {{ child.preferred_name }} back", 2),
        Bullets("card.brings_back", empty="Nothing recorded yet: ask the manager at handover."),
        Text("Full detail: {{ child.preferred_name }}'s risk assessment and police pack in the shift folder.", "small"),
    ),
    page=PageStyle(kind="laminated", band_expr="card.band", min_font_size=9.5, max_font_size=14),
)


def _share_out(lists: dict[str, tuple[list[str], str]], budget: int) -> dict[str, list[str]]:
    """Fill the card's optional lists within ``budget`` characters, one item of each list in turn.

    The first place to check, the first agreed message, the first extra action and the first
    thing that brings the child back all come before any list's second item; what does not fit
    is counted and pointed to ("... and 2 more messages: see the risk assessment").
    """
    chosen: dict[str, list[str]] = {name: [] for name in lists}
    longest = max((len(items) for items, _ in lists.values()), default=0)
    for turn in range(min(longest, MAX_ITEMS)):
        for name, (items, _) in lists.items():
            if turn < len(items) and len(chosen[name]) == turn and len(items[turn]) <= budget:
                chosen[name].append(items[turn])
                budget -= len(items[turn])
    for name, (items, what) in lists.items():
        left = len(items) - len(chosen[name])
        if left:
            chosen[name].append(f"... and {left} more {what}: see the risk assessment.")
    return chosen


def card_context(summary: dict, level: str) -> dict:
    places = [f"{p['name']}: {p['address']}" + ("" if p["is_safe"] else " (not assessed: ask the on-call manager first)")
              for p in summary["locations"] if p["is_safe"] is not False]
    avoid = [f"{p['name']}, {p['address']}" + (f": {p['risk_notes']}" if p["risk_notes"] else "")
             for p in summary["locations"] if p["is_safe"] is False]
    lists = _share_out({
        "places": (places, "places"),
        "helpful": (summary["strategy"]["helpful"], "messages"),
        "also": (summary["risk_additional"] + [f"Avoid: {item}" for item in summary["strategy"]["avoid"]],
                 "actions and things to avoid"),
        "brings_back": (summary["protective"]["brings_back"], "things that bring them back"),
    }, CARD_TEXT_BUDGET - sum(len(a) for a in avoid) - len(summary["strategy"]["tone"]))
    return {
        "avoid_places": avoid,  # never cut short: every place of danger is on the card
        "photo_caption": f"Taken {summary['photo_taken']}" if summary["photo_taken"] else "",
        "band": BAND_COLOURS[level],
        "who": "; ".join(f"{i}. {who}" for i, who in enumerate(summary["strategy"]["who"], start=1)),
        **lists,
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
            too_long_hint=(f"Shorten communication_strategy.tone and the places marked safe_for_staff: no in "
                           f"{child.source.display}."),
        ))
    return documents


KIND = DocumentKind(name="response_card", title=TITLE, scope="child", template="response_card.docx",
                    layout=LAYOUT, build=build)
