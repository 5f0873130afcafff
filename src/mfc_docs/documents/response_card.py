"""A one-page response card per child, for the shift folder.

What lets a night worker act without phoning a manager: the child's photo and
name, the risk level and exactly how to call the police for them, the child's
own phone numbers and the people safe to ring, how to talk to them, what brings
them back and where to look first (with each place's risk). The full detail
stays in the risk assessment; the card says when something is left off.

The card's lists are filled by measuring the page, not by counting characters:
the renderer sets the card and keeps as many items as fit one side at a size a
night worker can read (see ``mfc_docs.render.fill``).
"""

from __future__ import annotations

from ..input.home_data import HomeData
from .base import Document, DocumentKind, Fill, child_folder
from .blocks import Bullets, Fields, Heading, If, Layout, Notice, PageStyle, Photo, Text
from .context import NOT_RECORDED, child_summary, first_sentence, home_summary, medicine_brief, meta, sentence
from ..rules.placeholders import placeholder_values

TITLE = "Response card"
BAND_COLOURS = {"high": "#B71C1C", "medium": "#E65100", "low": "#1B5E20"}
FILL_TEXT_SIZE = 10.0  # the lists stop growing when the card would need text smaller than this

# The card's optional lists, in the order they give up room, and how the rest are named.
LISTS = (
    ("safe_contacts", "people safe to contact"),
    ("places", "places"),
    ("helpful", "messages"),
    ("also", "actions and things to avoid"),
    ("brings_back", "things that bring them back"),
)

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
            ("Ring and text", "card.phones"),
            ("Essential medication", "card.essential"),
        ))),
        Heading("Who to call", 2),
        Fields((
            ("On-call manager", "home.on_call_manager.phone"),
            ("Social worker", "child.social_worker.short"),
            ("Out of hours (EDT)", "child.edt.short"),
            ("Safe to ring", "card.safe_contacts | join('\n') or 'No one with a number is marked safe to contact'"),
        )),
        Heading("Places to check first", 2),
        Bullets("card.places", empty="No places where staff may look are recorded."),
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
        If("card.left_off", (Text("Not on this card for lack of room: {{ card.left_off }}. All of it is in "
                                  "{{ child.preferred_name }}'s risk assessment and police pack in the shift folder.",
                                  "strong"),)),
        If("not card.left_off", (Text("Full detail: {{ child.preferred_name }}'s risk assessment and police pack in "
                                      "the shift folder.", "small"),)),
    ),
    page=PageStyle(kind="laminated", band_expr="card.band", min_font_size=9.5, max_font_size=14),
)


def _order(all_items: dict[str, list[str]], essentials: int = 1) -> list[tuple[str, int]]:
    """The first item of every list before any list's second, and so on: the order the card fills in.

    Right after the first items, the longer forms of the essential medicines (``essentials`` forms,
    shortest first): what happens if one is missed matters more than a second place to look.
    """
    order = []
    for turn in range(max(len(items) for items in all_items.values())):
        order += [(name, turn) for name, _ in LISTS if turn < len(all_items[name])]
        if turn == 0:
            order += [("essential", i) for i in range(1, essentials)]
    return order


def _essentials(summary: dict) -> list[str]:
    """The card's essential medication from its shortest form (names) to the whole of it, each longer."""
    medical = summary["medical"]
    essential = [m for m in medical["medication"] if m["is_essential"]]
    whole = medical["essential_short"]
    if not essential:
        return [whole]
    forms = [f"{'; '.join(m['name'] for m in essential)}. If missed: see the police pack, Part 1, section 5."]
    forms += ["\n".join(medicine_brief(m, limit) for m in essential) for limit in (60, 140)] + [whole]
    shortest_first = []
    for form in reversed(forms):
        if not shortest_first or len(form) < len(shortest_first[0]):
            shortest_first.insert(0, form)
    return shortest_first


def with_items(context: dict, count: int) -> dict:
    """The context with the first ``count`` items of the card's lists, and what was left off counted."""
    card = dict(context["card"])
    every = card["all_items"]
    shown = _order(every, len(card["essentials"]))[:count]
    card["essential"] = card["essentials"][sum(1 for name, _ in shown if name == "essential")]
    left_off = []
    for name, what in LISTS:
        card[name] = [every[name][i] for kind, i in shown if kind == name]
        left = len(every[name]) - len(card[name])
        if left:
            left_off.append(f"{left} more {what}")
    card["left_off"] = ", ".join(left_off)
    return {**context, "card": card}


def card_fill(context: dict) -> Fill:
    """Every list shows its first item if at all possible; the rest as far as one side holds at a readable size."""
    order = _order(context["card"]["all_items"], len(context["card"]["essentials"]))
    firsts = sum(1 for name, turn in order if turn == 0 and name != "essential")
    return Fill(count=len(order), with_items=with_items, minimum=firsts, text_size=FILL_TEXT_SIZE)


def _place(place: dict) -> str:
    line = f"{place['name']}: {place['address']}"
    if place["risk_notes"]:
        line += f". Risk: {sentence(place['risk_notes'])}"
    if place["is_safe"] is None:
        line += " (not assessed: ask the on-call manager first)"
    return line


def card_context(summary: dict, level: str) -> dict:
    places = [_place(p) for p in summary["locations"] if p["is_safe"] is not False]
    avoid = [f"{p['name']}, {p['address']}" + (f": {p['risk_notes']}" if p["risk_notes"] else "")
             for p in summary["locations"] if p["is_safe"] is False]
    safe = [f"{a['name']}, {sentence(first_sentence(a['relationship']))}: {a['phone']}"
            for a in summary["associates"] if a["safe_to_contact"] == "Yes" and a["phone"] != NOT_RECORDED]
    every = {
        "safe_contacts": safe,
        "places": places,
        "helpful": summary["strategy"]["helpful"],
        "also": summary["risk_additional"] + [f"Avoid: {item}" for item in summary["strategy"]["avoid"]],
        "brings_back": summary["protective"]["brings_back"],
    }
    return {
        "avoid_places": avoid,  # never cut short: every place of danger is on the card
        "photo_caption": f"Taken {summary['photo_taken']}" if summary["photo_taken"] else "",
        "band": BAND_COLOURS[level],
        "who": "; ".join(f"{i}. {who}" for i, who in enumerate(summary["strategy"]["who"], start=1)),
        "phones": summary["phone_numbers"],
        "all_items": every,
        "essentials": _essentials(summary),
    }


def build(home: HomeData) -> list[Document]:
    documents = []
    for child in home.children:
        summary = child_summary(child, home)
        context = {
            "meta": meta(home, f"{TITLE}: {summary['preferred_name']}", summary["legal_name"],
                         f"reviewed {summary['assessment']['last_reviewed']}"),
            "home": home_summary(home.config),
            "limits": placeholder_values(home.config),
            "child": summary,
            "card": card_context(summary, child.data["risk"]["level"]),
        }
        fill = card_fill(context)
        documents.append(Document(
            kind=KIND.name, young_person=child.id, folder=child_folder(child.id), stem=f"{child.id}-response-card",
            title=f"{TITLE}: {summary['legal_name']}", subject=TITLE,
            context=with_items(context, fill.minimum), layout=LAYOUT, template=KIND.template, fill=fill,
            too_long_hint=(f"Shorten communication_strategy.tone and the places marked safe_for_staff: no in "
                           f"{child.source.display}."),
        ))
    return documents


KIND = DocumentKind(name="response_card", title=TITLE, scope="child", template="response_card.docx",
                    layout=LAYOUT, build=build)
