"""The placing authority's notification of a missing episode, and of the child's return.

The placing (responsible) authority must hear of every episode, with the police
reference (some will not accept a notification without it), and again when the
child is back, with the safe and well check and the return home interview offer.
One list of rows per notification says what is asked; the same rows make the
Word and PDF document and the plain text a shift lead pastes into an email or a
portal form, so the three can never disagree. ``mfc-docs notify`` makes it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..input.checks import rhi_provider_of
from ..input.home_data import Child, HomeData
from ..rules.dates import age_on, british_date, british_datetime
from .base import Document, DocumentKind
from .blocks import Bullets, Fields, Heading, If, Layout, Notice, Table, Text
from .context import NOT_RECORDED, contact, meta, shown
from ..rules.placeholders import placeholder_values

TITLE = "Notification to the placing authority"
MISSING, RETURN = "missing", "return"
SENT_WHAT = {MISSING: "missing_notification", RETURN: "return_notification"}
POLICE_GRADES = {"high": "HIGH", "medium": "MEDIUM", "low": "LOW", "no_apparent_risk": "NO APPARENT RISK"}  # as the home's

# (label, key in the context's ``n``): the rows of each notification, in the order authorities' forms ask.
CHILD_ROWS = (
    ("Child", "child"),
    ("Date of birth", "dob"),
    ("Placing authority", "placing_authority"),
    ("Placing authority's reference", "reference"),
    ("Placed at", "placed_at"),
)
MISSING_ROWS = (
    ("Found gone at", "found_gone_at"),
    ("Confirmed missing at", "confirmed_missing_at"),
    ("Last seen at", "last_seen_at"),
    ("Last seen where", "last_seen_where"),
    ("Reported to the police at", "police_called_at"),
    ("Police reference", "police_reference"),
    ("Risk level given by the police", "police_risk"),
    ("Risk level set by the home", "home_risk"),
    ("Has the child returned?", "returned"),
)
RETURN_ROWS = (
    ("Found gone at", "found_gone_at"),
    ("Returned at", "returned_at"),
    ("How they returned", "return_how"),
    ("Where they were found or had been", "where_found"),
    ("Condition on return", "condition"),
    ("Safe and well check", "safe_and_well"),
    ("Police told of the return at", "police_told_of_return"),
    ("Police reference", "police_reference"),
    ("Return home interview", "rhi"),
    ("Interview provider", "rhi_provider"),
)
CONTACT_ROWS = (
    ("Contact at the home", "contact"),
    ("Home phone (24 hours)", "home_phone"),
    ("Home email", "home_email"),
    ("Registered Manager", "manager"),
)


def _fields(rows: tuple[tuple[str, str], ...]) -> Fields:
    return Fields(tuple((label, f"n.{key}") for label, key in rows))


LAYOUT = Layout(blocks=(
    Notice("{{ n.headline }}", tone_expr="n.tone", label=""),
    Text("{{ n.intro }}", "lead"),
    Heading("The child", 2),
    _fields(CHILD_ROWS),
    If("n.kind == 'missing'", (
        Heading("This episode", 2),
        _fields(MISSING_ROWS),
        Heading("Actions taken", 2),
        Bullets("n.actions", empty="No actions are recorded yet: ask the home."),
    )),
    If("n.kind == 'return'", (
        Heading("The return", 2),
        _fields(RETURN_ROWS),
    )),
    Heading("Who to contact at the home", 2),
    _fields(CONTACT_ROWS),
    If("n.sent", (
        Heading("Sent before about this episode", 2),
        Table("n.sent", (("When", "row.at"), ("What", "row.what"), ("To", "row.to")), widths=(3, 3, 5)),
    )),
    Text("{{ n.footer }}", "small"),
))


def _when(value: Any) -> str:
    return british_datetime(value) if isinstance(value, datetime) else shown(value)


def send_to(child_data: dict) -> list[str]:
    """Where this authority wants notifications (its team inbox or portal), then the social worker's email."""
    placement = child_data["placement"]
    places = []
    team = placement.get("missing_notifications") or {}
    for value in (team.get("email"), team.get("website"), (placement["social_worker"] or {}).get("email")):
        if value and value not in places:
            places.append(value)
    return places


def _placed_at(home: dict) -> str:
    address = ", ".join(line.strip() for line in home["address"].splitlines() if line.strip())
    return address if address.lower().startswith(home["name"].lower()) else f"{home['name']}, {address}"


def _police_grade(episode: dict) -> str:
    grade = (episode.get("police") or {}).get("risk_level")
    return POLICE_GRADES.get(grade, NOT_RECORDED) if grade else f"{NOT_RECORDED} (ask the police what they graded it)"


def _actions(episode: dict) -> list[str]:
    """What the home has done, oldest first: the notes, the calls made and the live log."""
    police = episode.get("police") or {}
    lines = []
    if episode.get("actions"):
        lines.append(str(episode["actions"]))
    if police.get("called_at"):
        how = f" on {police['number']}" if police.get("number") else ""
        lines.append(f"Police called{how} at {_when(police['called_at'])}.")
    if episode.get("manager_notified_at"):
        lines.append(f"Manager told at {_when(episode['manager_notified_at'])}.")
    if episode.get("social_care_notified_at") or episode.get("social_care_notified"):
        who = episode.get("social_care_notified") or "Social worker or EDT"
        lines.append(f"{who} told at {_when(episode.get('social_care_notified_at'))}.")
    attempts = episode.get("contact_attempts") or []
    if attempts:
        lines.append(f"{len(attempts)} attempt{'s' if len(attempts) != 1 else ''} to reach the child, the last at "
                     f"{_when(attempts[-1].get('at'))}: {shown(attempts[-1].get('outcome'))}.")
    for entry in episode.get("log") or []:
        note = f": {entry['note']}" if entry.get("note") else ""
        lines.append(f"{_when(entry.get('at'))}, {shown(entry.get('by'))}: {shown(entry.get('action'))}{note}")
    if episode.get("intelligence"):
        lines.append(f"Learned so far: {episode['intelligence']}")
    return lines


def _rhi(episode: dict, words: dict) -> str:
    rhi = episode.get("return_home_interview") or {}
    if not rhi:
        return f"Not offered yet; to be offered {words['rhi_offer_deadline']} and held {words['rhi_deadline']}."
    parts = [f"Offered at {_when(rhi.get('offered_at'))}"]
    if rhi.get("outcome"):
        parts.append({"accepted": "accepted", "declined": "declined", "pending": "answer awaited"}[rhi["outcome"]])
    if rhi.get("completed_at"):
        parts.append(f"held at {_when(rhi['completed_at'])}")
    if rhi.get("declined_reason"):
        parts.append(f"reason: {rhi['declined_reason']}")
    return "; ".join(parts) + "."


def notification_context(home: HomeData, child: Child, episode: dict, number: int, kind: str,
                         sender: str = "") -> dict[str, Any]:
    config = home.config
    d = child.data
    placement = d["placement"]
    police = episode.get("police") or {}
    words = placeholder_values(config)
    managers = config["managers"]
    manager = contact(managers["registered_manager"])
    returned_at = episode.get("returned_at")
    name = d["name"]
    started = episode.get("found_gone_at") or episode.get("confirmed_missing_at")
    title = "Missing from care: notification" if kind == MISSING else "Returned after missing from care: notification"
    provider = rhi_provider_of(d, config)
    n = {
        "kind": kind,
        "tone": "danger" if kind == MISSING and not returned_at else "info",
        "headline": (f"{name['legal']} went missing from {config['home']['name']} on {_when(started)}. "
                     + (f"Returned {_when(returned_at)}." if returned_at else "Still missing."))
        if kind == MISSING else f"{name['legal']} returned to {config['home']['name']} on {_when(returned_at)}.",
        "intro": (f"To {placement['placing_authority']}, for the child's social worker"
                  f" ({shown(placement['social_worker'].get('name'))}). This is episode {number} in the home's record."),
        "child": name["legal"] + (f" (known as {child.known_as})" if child.known_as != name["legal"] else ""),
        "dob": f"{british_date(d['date_of_birth'])} (age {age_on(d['date_of_birth'], home.today)})",
        "placing_authority": placement["placing_authority"],
        "reference": shown(placement.get("placing_authority_reference")),
        "placed_at": _placed_at(config["home"]),
        "found_gone_at": _when(episode.get("found_gone_at")),
        "confirmed_missing_at": _when(episode.get("confirmed_missing_at")),
        "last_seen_at": _when(episode.get("last_seen_at")),
        "last_seen_where": shown(episode.get("last_seen_where")),
        "police_called_at": _when(police.get("called_at")),
        "police_reference": shown(police.get("reference"), f"{NOT_RECORDED} yet"),
        "police_risk": _police_grade(episode),
        "home_risk": shown(episode.get("risk_level"), NOT_RECORDED).upper() if episode.get("risk_level") else NOT_RECORDED,
        "returned": f"Yes, at {_when(returned_at)}" if returned_at else "No, still missing",
        "actions": _actions(episode),
        "returned_at": _when(returned_at),
        "return_how": shown(episode.get("return_how")),
        "where_found": shown(episode.get("where_found")),
        "condition": shown(episode.get("condition_on_return")),
        "safe_and_well": shown(episode.get("safe_and_well_check")),
        "police_told_of_return": _when(police.get("told_of_return_at")),
        "rhi": _rhi(episode, words),
        "rhi_provider": contact(provider)["line"] if provider else f"Arranged by {placement['placing_authority']}; not recorded",
        "contact": shown(sender, "The shift lead") + ", " + config["home"]["name"],
        "home_phone": config["home"]["phone"],
        "home_email": shown(config["home"].get("email")),
        "manager": manager["line"],
        "sent": [{"at": _when(s.get("at")), "what": s.get("what", "").replace("_", " ").capitalize(),
                  "to": shown(s.get("to"))} for s in episode.get("sent") or []],
        "send_to": send_to(d),
        "footer": f"{config['home']['protective_marking']}: about a looked-after child. Sent by {config['home']['name']} "
                  f"(Ofsted URN {shown(config['home'].get('ofsted_urn'))}).",
    }
    return {
        "meta": meta(home, title, name["legal"], f"episode {number}, made {british_date(home.today)}"),
        "n": n,
    }


def plain_text(context: dict) -> str:
    """The same rows as the document, as text to paste into an email or a portal form."""
    n = context["n"]
    rows = CHILD_ROWS + (MISSING_ROWS if n["kind"] == MISSING else RETURN_ROWS)
    lines = [context["meta"]["marking"], context["meta"]["title"], "", n["headline"], n["intro"], ""]
    lines += [f"{label}: {n[key]}" for label, key in rows]
    if n["kind"] == MISSING:
        lines += ["", "Actions taken:"] + [f"- {a}" for a in n["actions"] or ["No actions are recorded yet: ask the home."]]
    lines += [""] + [f"{label}: {n[key]}" for label, key in CONTACT_ROWS]
    return "\n".join(lines) + "\n"


def notification_document(home: HomeData, child: Child, episode: dict, number: int, kind: str,
                          sender: str = "") -> Document:
    context = notification_context(home, child, episode, number, kind, sender)
    return Document(kind=KIND.name, young_person=child.id, folder=f"young_people/{child.id}/notifications",
                    stem=f"{kind}-notification-episode-{number}", title=context["meta"]["title"],
                    subject=TITLE, context=context, layout=LAYOUT, template=KIND.template)


KIND = DocumentKind(name="notification", title=TITLE, scope="child", template="notification.docx", layout=LAYOUT,
                    on_demand="mfc-docs notify")
