"""The police information pack, Philomena style: one per child.

Part 1 is kept ready and checked monthly: who the child is, that they are
looked after and on what legal basis, what they look like, how to reach them,
who and where they may be with, the risks, health needs and history. Part 2
is the episode itself; ``build`` leaves it blank to complete by hand, and
``mfc-docs report`` fills it in at the moment the child is reported.

Only what the police need goes in: no therapy notes, no passwords, no bank details.
"""

from __future__ import annotations

from .context import child_summary, home_summary, limits, meta
from ..rules.dates import british_date
from ..input.home_data import HomeData
from .base import Document, DocumentKind, child_cautions, child_folder
from .blocks import Fields, Heading, If, Layout, Notice, PageBreak, PageStyle, Photo, Table, Text, WriteIn

TITLE = "Police information pack"

# Part 2 of the pack: (context key, label, ruled lines when blank). ``mfc-docs report`` fills the same keys.
EPISODE_FIELDS: tuple[tuple[str, str, int], ...] = (
    ("last_seen_at", "Date and time last seen", 1),
    ("last_seen_where", "Where last seen", 2),
    ("before", "What happened before", 3),
    ("clothing", "Clothing and belongings (phone, money, bag, medication)", 3),
    ("direction", "Direction of travel, where they may be going", 2),
    ("with_whom", "Who they may be with", 2),
    ("actions", "Actions taken so far (searches, calls, places checked)", 4),
    ("risk_level", "Risk level at this report", 1),
    ("police_reference", "Police incident or reference number", 1),
    ("reported_at", "Reported to police at", 1),
    ("reported_by", "Reported by (name and role)", 1),
)

PART_2 = (
    Heading("Part 2: this episode", 2),
    Text("{{ part2_intro }}", "lead"),
    WriteIn(tuple((label, f"episode.{key}", lines) for key, label, lines in EPISODE_FIELDS)),
)

LAYOUT = Layout(blocks=(
    Heading("{{ child.legal_name }}: police information pack"),
    Notice("LOOKED-AFTER CHILD. {{ child.legal_status_text }}. Placed by {{ child.placing_authority }}. "
           "Home's 24-hour number: {{ home.phone }}.", "danger"),
    # At a report, this episode comes first: it is what the call handler needs now.
    If("episode_first", PART_2),
    If("cautions", (Notice("Some of this information may be out of date:\n{{ cautions | join('\n') }}",
                           "warning"),)),
    If("episode_first", (PageBreak(),)),  # page 1 is this episode; Part 1 starts on a page of its own
    Heading("Part 1: kept ready, checked every {{ limits.police_information_days }} days", 2),
    Photo("child.photo_path", "child.photo_caption", beside=Fields((
        ("Full legal name", "child.legal_name"),
        ("Known as", "child.preferred_name ~ (' (say: ' ~ child.pronunciation ~ ')' if child.pronunciation else '')"),
        ("Other names used", "child.aliases_text"),
        ("Date of birth", "child.dob_age"),
        ("Gender, ethnicity", "child.gender ~ '; ' ~ child.ethnicity"),
        ("Height, build", "child.description.height ~ '; ' ~ child.description.build"),
        ("Hair", "child.description.hair"),
        ("Eyes, complexion", "child.description.eyes ~ '; ' ~ child.description.complexion"),
    ))),
    Fields((
        ("Distinguishing features", "child.description.features_text"),
        ("Usual clothing", "child.description.clothing"),
        ("Accent or speech", "child.description.accent"),
        ("Description checked", "child.description.as_of"),
    )),
    Notice("RISK LEVEL {{ child.risk.level }} at the last review ({{ child.assessment.last_reviewed }}).",
           tone_expr="child.risk.tone"),
    Fields((("Why this level", "child.risk.rationale"),)),
    Table("risk_factors", (("Risk factor", "row.name"), ("Status", "row.status"), ("What is known", "row.details")),
          widths=(3, 1.5, 6.5), empty="No exploitation, substance, mental health or self-harm concerns are known."),
    Heading("Health, language, phones", 2),
    Fields((
        ("Essential medication", "child.medical.essential_text"),
        ("Medical conditions", "child.medical.conditions_text"),
        ("Allergies", "child.medical.allergies"),
        ("Language", "child.communication.first_language ~ '; interpreter needed: ' ~ child.communication.interpreter"),
        ("Communication needs", "child.communication.needs"),
        ("Mobile numbers", "child.mobiles_text"),
        ("Social media", "child.social_media_text"),
        ("Vehicle access", "child.vehicle_access"),
    )),
    If("child.contact_as_of", (Text("Phones and accounts checked {{ child.contact_as_of }}.", "small"),)),
    Heading("Known associates", 2),
    Table("child.associates", (
        ("Name and relationship", "row.name ~ '\n' ~ row.relationship"),
        ("Influence", "row.influence ~ '\nSafe to contact: ' ~ row.safe_to_contact"),
        ("Contact", "row.contact"),
        ("Notes", "row.notes ~ '\n(' ~ row.as_of ~ ')'"),
    ), widths=(2.6, 2.2, 3, 4)),
    Heading("Known places", 2),
    Table("child.locations", (
        ("Place", "row.name ~ '\n' ~ row.address"),
        ("Why it matters", "row.why ~ ('\n' ~ row.risk_notes if row.risk_notes else '')"),
        ("Staff may go", "row.safe_for_staff"),
        ("How current", "row.as_of"),
    ), widths=(3.4, 4.6, 1.6, 2.4)),
    Heading("Missing history", 2),
    Fields((
        ("Summary", "child.history.summary"),
        ("Usual pattern", "child.history.usual_pattern"),
        ("Usually found", "child.history.where_found"),
        ("Trend", "child.history.trend"),
    )),
    Heading("Who to call", 2),
    Table("who_to_call", (("Who", "row.who"), ("How to reach them", "row.line")), widths=(3, 9)),
    Text("Part 1 last checked {{ child.assessment.police_information_reviewed }}. {{ provenance }}", "small"),
    If("not episode_first", (PageBreak(), *PART_2)),
), page=PageStyle(body_size=9))


def who_to_call(home: HomeData, summary: dict) -> list[dict[str, str]]:
    """The people the police may need, shortest useful line each; optional ones only when recorded."""
    info = home_summary(home.config)
    rows = [
        {"who": "The home (24 hours)", "line": f"{info['phone']}; {info['address_line']}"},
        {"who": "Registered Manager", "line": info["registered_manager"]["short"]},
        {"who": "On-call manager", "line": info["on_call_manager"]["short"]},
        {"who": "Social worker", "line": summary["social_worker"]["short"]},
        {"who": "Out of hours (EDT)", "line": summary["edt"]["short"]},
    ]
    if summary["school"]["name"]:
        rows.append({"who": "School or college", "line": summary["school"]["short"]})
    return rows


def blank_episode() -> dict[str, str]:
    return {key: "" for key, _, _ in EPISODE_FIELDS}


def pack_context(home: HomeData, child, *, episode: dict[str, str] | None = None, provenance: str = "",
                 part2_intro: str | None = None, cautions: list[str] | None = None,
                 episode_first: bool = False) -> dict:
    """The pack's context; ``mfc-docs report`` passes the episode it was given."""
    summary = child_summary(child, home)
    return {
        "meta": meta(home, TITLE, summary["legal_name"], f"Part 1 checked {summary['assessment']['police_information_reviewed']}"),
        "home": home_summary(home.config),
        "limits": limits(home.config),
        "child": summary,
        "risk_factors": [r for r in summary["risk_factors"] if r["status"] != "No known concern"],
        "cautions": child_cautions(home, child.id) if cautions is None else cautions,
        "episode": {**blank_episode(), **(episode or {})},
        "who_to_call": who_to_call(home, summary),
        "provenance": provenance or f"Generated {british_date(home.today)} by mfc-docs from the home's records.",
        "episode_first": episode_first,
        "part2_intro": part2_intro or ("Complete by hand when reporting, or run "
                                       f"'{summary['report_command']}' to print this pack with Part 2 filled in."),
    }


def build(home: HomeData) -> list[Document]:
    documents = []
    for child in home.children:
        context = pack_context(home, child)
        documents.append(Document(
            kind=KIND.name, young_person=child.id, folder=child_folder(child.id), stem=f"{child.id}-police-pack",
            title=f"{TITLE}: {context['child']['legal_name']}", subject=TITLE, context=context, layout=LAYOUT,
            template=KIND.template,
        ))
    return documents


KIND = DocumentKind(name="police_pack", title=TITLE, scope="child", template="police_pack.docx",
                    layout=LAYOUT, build=build)
