"""The transfer pack: what goes with a child to the next placement when they move.

Police guidance asks that a child's Philomena information moves with them, so the next home
does not start from nothing on the first night the child goes missing there. The pack is Part 1
of the police pack, every recorded episode with its police reference, and the current risk
assessment, whose section 8 is the communication strategy. It reuses the police pack's and the
risk assessment's own blocks and context, so it says exactly what those documents say today.

It leaves the home only encrypted (``mfc-docs transfer``, or the button in ``mfc-docs serve``),
and the sending is recorded in the child's profile (``transfers:``).
"""

from __future__ import annotations

from typing import Any

from ..input.episodes import began_at, duration
from ..input.home_data import Child, HomeData
from ..rules.dates import british_date, british_datetime
from ..rules.status import hours_minutes
from . import police_pack, risk_assessment
from .base import Document, DocumentKind
from .blocks import Fields, Heading, Layout, Notice, PageBreak, Photo, Table, Text
from .context import NOT_RECORDED, shown
from .notification import POLICE_GRADES

TITLE = "Transfer pack for the next placement"

COVER = (
    Notice("{{ child.legal_name }} is moving from {{ home.name }}. This pack goes with them: what the police "
           "need if {{ child.preferred_name }} goes missing from the next placement, and what has worked here.",
           "info", label="TRANSFER PACK"),
    Photo("child.photo_path", "child.photo_caption_short", beside=Fields((
        ("Name", "child.legal_name"),
        ("Known as", "page1.known_as"),
        ("Date of birth", "child.dob_age"),
        ("Placing authority", "child.placing_authority"),
        ("Placing authority's reference", "transfer.reference"),
        ("Lived at the home since", "child.placed_on"),
        ("Risk level now", "child.risk.level"),
    ))),
    Heading("Handed over", 2),
    Fields((
        ("Sent to", "transfer.to"),
        ("Sent by", "transfer.by"),
        ("Made", "transfer.made"),
        ("From", "transfer.from"),
    )),
    Heading("In this pack", 2),
    Table("transfer.contents", (("Part", "row.part"), ("What it holds", "row.what")), widths=(3, 9)),
    Text("{{ transfer.guidance }}", "small"),
)

PART_ROOM_MM = 60  # a part starts a new page when less than this is left: a heading, its lead and a few rows

HISTORY = (
    PageBreak(unless_room_mm=PART_ROOM_MM),
    Heading("Missing episodes: the home's record", 2),
    Text("{{ transfer.history_intro }}", "lead"),
    Table("history", (
        ("No.", "row.number"),
        ("Went missing", "row.began"),
        ("Returned", "row.returned"),
        ("How long", "row.duration"),
        ("Where found", "row.where_found"),
        ("Police reference", "row.police_reference"),
        ("Risk level", "row.risk"),
    ), widths=(0.7, 2, 2, 1.5, 2.5, 2.2, 2.1),
        empty="No missing episodes are recorded in the home's file (episodes.yaml)."),
)

RISK_ASSESSMENT = (PageBreak(unless_room_mm=PART_ROOM_MM),) + risk_assessment.ASSESSMENT

LAYOUT = Layout(blocks=COVER + police_pack.PART_1 + HISTORY + RISK_ASSESSMENT, page=police_pack.PAGE_STYLE)


def _risk(episode: dict) -> str:
    """The level the home set and the grade the police gave, each said, never left blank."""
    home_level = episode.get("risk_level")
    grade = (episode.get("police") or {}).get("risk_level")
    return (f"Home: {home_level.upper() if home_level else NOT_RECORDED.lower()}\n"
            f"Police: {POLICE_GRADES.get(grade, grade.upper()) if grade else NOT_RECORDED.lower()}")


def history_rows(child: Child) -> list[dict[str, str]]:
    """Every recorded episode, oldest first (numbered as in episodes.yaml's order of time)."""
    rows = []
    for number, episode in enumerate(child.episodes, 1):
        took = duration(episode)
        returned = episode.get("returned_at")
        rows.append({
            "number": str(number),
            "began": british_datetime(began_at(episode)),
            "returned": british_datetime(returned) if returned else "Not back when this pack was made",
            "duration": hours_minutes(took) if took is not None else "Still missing",
            # Not "Not recorded" for a child not found yet: that would say they were found somewhere unwritten.
            "where_found": shown(episode.get("where_found")) if returned or episode.get("where_found")
            else "Not found yet",
            "police_reference": shown((episode.get("police") or {}).get("reference")),
            "risk": _risk(episode),
        })
    return rows


def contents(child: Child, assessed: str) -> list[dict[str, str]]:
    count = len(child.episodes)
    return [
        {"part": "Part 1 of the police pack",
         "what": "Personal details, description, vulnerabilities and risk, associates, places, medical and "
                 "communication, money, phones and social media, for a search, who to call."},
        {"part": "Missing episodes",
         "what": (f"{count} episode{'s' if count != 1 else ''} recorded at the home: dates, how long, where found, "
                  "police reference and risk level." if count else
                  "No missing episode is recorded at the home.")},
        {"part": "Risk assessment",
         "what": f"The current missing-from-care risk assessment (last reviewed {assessed}), with the "
                 "communication strategy while missing in its section 8."},
    ]


def what_was_sent(child: Child) -> str:
    """The one line the child's file records about what was handed on (``transfers[].what``)."""
    count = len(child.episodes)
    return (f"Transfer pack (encrypted PDF): Part 1 of the police pack, the record of {count} missing episode"
            f"{'s' if count != 1 else ''} (with police references where recorded), the risk assessment of "
            f"{child.data['assessment']['last_reviewed'].isoformat()} and its communication strategy")


def transfer_context(home: HomeData, child: Child, *, to: str, by: str, made: str, provenance: str) -> dict[str, Any]:
    """The police pack's context (Part 1), the risk assessment's (the pattern), and the handover itself."""
    context = police_pack.pack_context(home, child, provenance=provenance)
    summary = context["child"]
    episodes = child.episodes
    first = british_date(began_at(episodes[0]).date()) if episodes else ""
    context.update({
        "meta": {**context["meta"], "title": TITLE, "version": f"transfer {made}"},
        "pattern": risk_assessment.child_pattern(child, home),
        "history": history_rows(child),
        "transfer": {
            "reference": shown(child.data["placement"].get("placing_authority_reference")),
            "to": to,
            "by": shown(by),
            "made": made,
            "from": f"{home.config['home']['name']}; {home.config['home']['phone']} (24 hours)",
            "contents": contents(child, summary["assessment"]["last_reviewed"]),
            "guidance": ("Police guidance asks that a child's missing-person information goes with them when they "
                         "move, so the next placement can hand it to the police at once. Check it with the child's "
                         "social worker and the police, and keep it up to date from the first day."),
            "history_intro": (f"Every missing episode the home recorded for {summary['preferred_name']}, oldest "
                              f"first, since {first}. The police references let the next force find its records."
                              if episodes else f"No missing episode is recorded for {summary['preferred_name']}."),
        },
    })
    return context


def transfer_document(home: HomeData, child: Child, *, to: str, by: str, made: str, provenance: str,
                      stem: str) -> Document:
    context = transfer_context(home, child, to=to, by=by, made=made, provenance=provenance)
    return Document(kind=KIND.name, young_person=child.id, folder=f"young_people/{child.id}/transfers", stem=stem,
                    title=f"{TITLE}: {context['child']['legal_name']}", subject=TITLE, context=context,
                    layout=LAYOUT, template=KIND.template)


KIND = DocumentKind(name="transfer", title=TITLE, scope="child", template="transfer.docx", layout=LAYOUT,
                    on_demand="mfc-docs transfer")

__all__ = ["KIND", "LAYOUT", "TITLE", "history_rows", "transfer_context", "transfer_document", "what_was_sent"]
