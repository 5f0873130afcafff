"""The police information pack, Philomena style: one per child.

Page 1 is a summary an officer can work from at 2 a.m. on its own: this
episode, the photo, names, age, the risk level and why in a sentence, the
medical and communication alert, that the child is looked after, the first
places and people, phones. Part 1 follows in the order police forms ask
(personal details, vulnerabilities, associates, locations, medical,
financial, phone/social media/transport), kept ready and checked monthly.
Part 2 is the rest of the episode. ``build`` leaves the episode blank to
complete by hand; ``mfc-docs report`` fills it in at the moment the child is
reported. The episode's fields are defined once, in ``input.schema.part2``.

Only what the police need goes in: no therapy notes, no passwords, no bank
details, no court names or dates (the legal basis is enough).
"""

from __future__ import annotations

from ..input.home_data import HomeData
from ..input.schema.part2 import FIRST_PAGE_FIELDS, LATER_FIELDS, PART2_FIELDS, Part2Field
from ..rules.dates import british_date
from .base import Document, DocumentKind, Fill, child_cautions, child_folder
from .blocks import Fields, Heading, If, Layout, Notice, PageBreak, PageStyle, Photo, Table, Text, WriteIn
from .context import NOT_RECORDED, brief, child_summary, medicine_brief, first_sentence, home_summary, meta, sentence
from ..rules.placeholders import placeholder_values

TITLE = "Police information pack"
TOP_ITEMS = 3  # at most this many places and people on page 1 (the first written, as the page allows); all are in Part 1


def _write_in(fields: tuple[Part2Field, ...]) -> WriteIn:
    return WriteIn(tuple((f.label, f"episode.{f.key}", f.lines) for f in fields))


PAGE_1 = (
    Notice("{{ child.legal_name }}, missing from care. {{ child.legal_basis }}; placed by "
           "{{ child.placing_authority }}. The home (24 hours): {{ home.phone }}.", "danger",
           label="LOOKED-AFTER CHILD"),
    Photo("child.photo_path", "child.photo_caption_short", beside=Fields((
        ("Name", "child.legal_name"),
        ("Known as, other names", "page1.names"),
        ("Date of birth", "child.dob_age"),
        ("Looks like", "page1.looks_like"),
        ("Phones", "child.phone_numbers"),
        ("Risk level", "page1.risk"),
    ))),
    Notice("{{ page1.alert }}", tone_expr="page1.alert_tone", label="MEDICAL AND COMMUNICATION"),
    Heading("This episode", 2),
    _write_in(FIRST_PAGE_FIELDS),
    Heading("Where to look first, who they may be with", 2),
    Table("page1.first", (("Places (first {{ page1.places_shown }} of {{ page1.places_total }})", "row.place"),
                          ("People (first {{ page1.people_shown }} of {{ page1.people_total }})", "row.person")),
          widths=(1, 1), empty="No places or people are recorded in the home's file: ask the home."),
    If("page1.calls", (
        Heading("Who to call", 2),
        Table("page1.calls", (("Who", "row.who"), ("How to reach them", "row.line")), widths=(3, 9)),
    )),
)

PART_1 = (
    PageBreak(),
    Heading("Part 1: kept ready, checked every {{ limits.police_information_days }} days", 2),
    If("cautions", (Notice("Some of this information may be out of date:\n{{ cautions | join('\n') }}",
                           "warning"),)),
    Heading("1. Personal details", 2),
    Fields((
        ("Full legal name", "child.legal_name"),
        ("Photo", "child.photo_caption or 'No photo on file'"),
        ("Known as", "page1.known_as"),
        ("Other names used", "child.aliases_text"),
        ("Date of birth", "child.dob_age"),
        ("Gender", "child.gender"),
        ("Ethnicity", "child.ethnicity"),
        ("Nationality", "child.nationality"),
        ("Immigration status", "child.immigration_status"),
        ("Passport or ID, held by", "child.identity_documents"),
        ("Placing authority", "child.placing_authority"),
        ("Living at the home since", "child.placed_on"),
        ("Height, build", "child.description.height ~ '; ' ~ child.description.build"),
        ("Hair", "child.description.hair"),
        ("Eyes, complexion", "child.description.eyes ~ '; ' ~ child.description.complexion"),
        ("Distinguishing features", "child.description.features_text"),
        ("Usual clothing", "child.description.clothing"),
        ("Accent or speech", "child.description.accent"),
        ("Description checked", "child.description.as_of"),
    )),
    Heading("2. Vulnerabilities and risk", 2),
    Notice("RISK LEVEL {{ child.risk.level }} at the last review ({{ child.assessment.last_reviewed }}).",
           tone_expr="child.risk.tone"),
    Fields((("Why this level", "child.risk.rationale"),)),
    Table("risk_factors", (("Risk factor", "row.name"), ("Status", "row.status"), ("What is known", "row.details")),
          widths=(3, 1.5, 6.5), empty="No exploitation, substance, mental health or self-harm concerns are known."),
    Fields((
        ("Child Abduction Warning Notices", "child.abduction_notices"),
        ("National Referral Mechanism", "child.nrm"),
        ("MACE (exploitation meeting)", "child.mace"),
        ("Missing history", "child.history.summary"),
        ("Usual pattern", "child.history.usual_pattern"),
        ("Usually found", "child.history.where_found"),
        ("Trend", "child.history.trend"),
        ("Previous police references", "child.police_references"),
    )),
    Heading("3. Known associates", 2),
    Table("child.associates", (
        ("Name and relationship", "row.name ~ '\n' ~ row.relationship"),
        ("Influence", "row.influence ~ '\nSafe to contact: ' ~ row.safe_to_contact"),
        ("Contact", "row.contact"),
        ("Notes", "row.notes_as_of"),
    ), widths=(2.6, 2.2, 3, 4), empty="No associates recorded in the home's file."),
    Heading("4. Known places", 2),
    Table("child.locations", (
        ("Place", "row.name ~ '\n' ~ row.address"),
        ("Why it matters", "row.why ~ ('\n' ~ row.risk_notes if row.risk_notes else '')"),
        ("Staff may go", "row.safe_for_staff"),
        ("How current", "row.as_of"),
    ), widths=(3.4, 4.6, 1.6, 2.4), empty="No places recorded in the home's file."),
    Heading("5. Medical and communication", 2),
    Fields((
        ("Medication, essential first", "child.medical.all_text"),
        ("Medical conditions", "child.medical.conditions_text"),
        ("Allergies", "child.medical.allergies"),
        ("GP", "child.medical.gp_line"),
        ("Language", "child.communication.first_language ~ '; interpreter needed: ' ~ child.communication.interpreter"),
        ("Communication needs", "child.communication.needs"),
    )),
    Heading("6. Money", 2),
    Fields((("Money and cards", "child.financial"),)),
    Heading("7. Phones, social media and transport", 2),
    Fields((
        ("Mobile numbers", "child.mobiles_text"),
        ("Social media", "child.social_media_text"),
        ("Vehicle access", "child.vehicle_access"),
        ("Travel passes and transport", "child.travel"),
        ("Phones and accounts checked", "child.contact_as_of or 'Not recorded'"),
    )),
    Heading("8. For a search", 2),
    Fields((
        ("DNA source kept", "child.dna_source"),
        ("Consent to search the child's room", "child.search_consent"),
    )),
    Heading("Who to call", 2),
    Table("who_to_call", (("Who", "row.who"), ("How to reach them", "row.line")), widths=(3, 9)),
    Fields((("Lawful basis for sharing", "child.lawful_basis"),)),
    Text("Part 1 last checked {{ child.assessment.police_information_reviewed }}. {{ provenance }}", "small"),
)

PART_2_ROOM_MM = 115  # the blank form, its heading and its line: never split over two pages

PART_2 = (
    PageBreak(unless_room_mm=PART_2_ROOM_MM),
    Heading("Part 2: this episode, continued", 2),
    Text("{{ part2_intro }}", "small"),
    _write_in(LATER_FIELDS),
)

PAGE_STYLE = PageStyle(body_size=9)
LAYOUT = Layout(blocks=PAGE_1 + PART_1 + PART_2, page=PAGE_STYLE)


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


ALERT_LIMITS = (0, 60, 140)  # shorter forms of page 1's medical alert: characters kept of each text (0: names only)


def _brief_alert(summary: dict, limit: int) -> str:
    """The medical and communication alert with each text cut to its first ``limit`` characters.

    With ``limit`` 0 the essential medicines are named without what happens if they are missed.
    Whatever is cut is printed in full in Part 1, section 5, and the alert says so.
    """
    medical, communication = summary["medical"], summary["communication"]
    essential = [m for m in medical["medication"] if m["is_essential"]]
    others = [m["name"] for m in medical["medication"] if not m["is_essential"]]
    if limit:
        lines = [medicine_brief(m, limit) for m in essential]
    else:
        lines = [f"ESSENTIAL: {'; '.join(m['name'] for m in essential)}."] if essential else []
    if others:
        lines.append(f"Not essential: {'; '.join(others)}.")
    texts = max(limit, 60)
    conditions = "; ".join(sentence(brief(c, texts)) for c in medical["conditions"]) or NOT_RECORDED
    return "\n".join([
        "Medication: " + ("\n".join(lines) or medical["short_text"]),
        f"Conditions: {conditions}. Allergies: {sentence(brief(medical['allergies'], texts))}.",
        f"Language: {communication['first_language']}; interpreter needed: {communication['interpreter']}. "
        f"Communication: {brief(communication['needs'], texts)}",
        "In full" + (", with what happens if a medicine is missed" if essential and not limit else "")
        + ": Part 1, section 5."])


def _alerts(summary: dict, whole: str) -> list[str]:
    """Page 1's medical alert from its shortest form to the whole of it, each longer than the one before."""
    alerts = [whole]
    for limit in reversed(ALERT_LIMITS):
        shorter = _brief_alert(summary, limit)
        if len(shorter) < len(alerts[0]):
            alerts.insert(0, shorter)
    return alerts


def page_one(summary: dict, episode: dict[str, str]) -> dict:
    """What page 1 shows beyond the child's summary: short forms, the alert, the first places and people."""
    description = summary["description"]
    medical = summary["medical"]
    communication = summary["communication"]
    risk = summary["risk"]
    medicines = medical["medication"]
    alert = [f"Medication: {medical['short_text']}",
             f"Conditions: {sentence(medical['conditions_text'])}. Allergies: {sentence(medical['allergies'])}.",
             f"Language: {communication['first_language']}; interpreter needed: {communication['interpreter']}. "
             f"Communication: {communication['needs']}"]
    places = [
        f"{p['name']}, {p['address']}\n{first_sentence(p['why'])}"
        + (f" Risk: {first_sentence(p['risk_notes'])}" if p["risk_notes"] else "")
        for p in summary["locations"][:TOP_ITEMS]]
    people = [
        f"{a['name']}: {a['relationship']}\nPhone: {a['phone']}. {a['influence']} influence; safe to contact: "
        f"{a['safe_to_contact']}"
        for a in summary["associates"][:TOP_ITEMS]]
    known_as = summary["preferred_name"] + (f" (say: {summary['pronunciation']})" if summary["pronunciation"] else "")
    names = known_as + (f"; also: {'; '.join(summary['aliases'])}" if summary["aliases"] else "; other names not recorded")
    return {
        "known_as": known_as,
        "names": names,
        "looks_like": "; ".join([description["height"], description["build"], f"hair: {sentence(description['hair'])}",
                                 f"eyes: {sentence(description['eyes'])}"]),
        "risk": (f"At this report: {episode['risk_level']}.\n" if episode.get("risk_level") else "")
                + f"{risk['level']} in the risk assessment: {summary['risk_short']} Full reasons: Part 1, section 2.",
        "alerts": _alerts(summary, "\n".join(alert)),  # shortest first: see _first_items_order
        "alert_tone": "danger" if any(m["is_essential"] for m in medicines) else "warning",
        "all_places": places,
        "all_people": people,
        "places_total": str(len(summary["locations"])),
        "people_total": str(len(summary["associates"])),
    }


def _first_items_order(page1: dict) -> list[tuple[str, int]]:
    """The order in which page 1 gives up room, the first items last.

    Page 1 always has the first place and person and the shortest medical alert; then the alert's
    longer forms, up to the whole of it (what happens if an essential medicine is missed matters more
    than a second place); then places and people in turn (place 2, person 2...); then who to call
    (also at the end of Part 1). Whatever page 1 leaves out is whole in Part 1.
    """
    places_people = []
    for i in range(TOP_ITEMS):
        places_people += [(kind, i) for kind in ("all_places", "all_people") if i < len(page1[kind])]
    firsts = [item for item in places_people if item[1] == 0]
    alerts = [("alerts", i) for i in range(1, len(page1["alerts"]))]
    return firsts + alerts + [item for item in places_people if item[1] > 0] + [("calls", 0)]


def with_first_items(context: dict, count: int) -> dict:
    """The context with the first ``count`` places and people on page 1 (see ``Fill``)."""
    page1 = dict(context["page1"])
    shown = _first_items_order(page1)[:count]
    places = [page1["all_places"][i] for kind, i in shown if kind == "all_places"]
    people = [page1["all_people"][i] for kind, i in shown if kind == "all_people"]
    page1["first"] = [{"place": places[i] if i < len(places) else "", "person": people[i] if i < len(people) else ""}
                      for i in range(max(len(places), len(people)))]
    page1["places_shown"], page1["people_shown"] = str(len(places)), str(len(people))
    page1["calls"] = context["who_to_call"] if ("calls", 0) in shown else []
    page1["alert"] = page1["alerts"][sum(1 for kind, _ in shown if kind == "alerts")]
    return {**context, "page1": page1}


def page_one_fill(context: dict) -> Fill:
    """Page 1 holds as many of the first places and people as fit, at least the first of each."""
    order = _first_items_order(context["page1"])
    firsts = sum(1 for kind, i in order if i == 0 and kind not in ("calls", "alerts"))
    return Fill(count=len(order), with_items=with_first_items, minimum=firsts, blocks=PAGE_1)


def blank_episode() -> dict[str, str]:
    return {field.key: "" for field in PART2_FIELDS}


def pack_context(home: HomeData, child, *, episode: dict[str, str] | None = None, provenance: str = "",
                 part2_intro: str | None = None, cautions: list[str] | None = None) -> dict:
    """The pack's context; ``mfc-docs report`` passes the episode it was given."""
    summary = child_summary(child, home)
    filled = {**blank_episode(), **(episode or {})}
    context = {
        "meta": meta(home, TITLE, summary["legal_name"], f"Part 1 checked {summary['assessment']['police_information_reviewed']}"),
        "home": home_summary(home.config),
        "limits": placeholder_values(home.config),
        "child": summary,
        "page1": page_one(summary, filled),
        "risk_factors": [r for r in summary["risk_factors"] if r["status"] != "No known concern"],
        "cautions": child_cautions(home, child.id) if cautions is None else cautions,
        "episode": filled,
        "episode_filled": any(filled.values()),
        "who_to_call": who_to_call(home, summary),
        "provenance": provenance or f"Generated {british_date(home.today)} by mfc-docs from the home's records.",
        "part2_intro": part2_intro or ("Complete by hand when reporting, or run "
                                       f"'{summary['report_command']}' to print this pack with the episode filled in."),
    }
    return with_first_items(context, len(_first_items_order(context["page1"])))


def build(home: HomeData) -> list[Document]:
    documents = []
    for child in home.children:
        context = pack_context(home, child)
        documents.append(Document(
            kind=KIND.name, young_person=child.id, folder=child_folder(child.id), stem=f"{child.id}-police-pack",
            title=f"{TITLE}: {context['child']['legal_name']}", subject=TITLE, context=context, layout=LAYOUT,
            template=KIND.template, fill=page_one_fill(context),
        ))
    return documents


KIND = DocumentKind(name="police_pack", title=TITLE, scope="child", template="police_pack.docx",
                    layout=LAYOUT, build=build)

__all__ = ["KIND", "LAYOUT", "NOT_RECORDED", "TITLE", "pack_context"]
