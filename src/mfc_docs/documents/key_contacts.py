"""The key contacts page: one laminated A4 side in every shift folder.

Police first, with the words to use; then the home's managers, each child's
social worker and IRO, local services and national helplines. A number not yet
on file is printed as a blank line to fill in, never left out, and the page
says when the numbers were last checked.
"""

from __future__ import annotations

from .context import contact, home_summary, meta
from ..rules.dates import british_date
from ..input.checks import placed_from_another_area, rhi_provider_of
from ..input.home_data import HomeData
from .base import Document, DocumentKind, Fill
from .blocks import Heading, If, Layout, Notice, PageStyle, Table, Text
from ..rules.placeholders import placeholder_values

TITLE = "Key contacts"
MANY_CHILDREN = 5  # their rows then take about a third of the side

GROUPS = (
    ("The home", (
        ("managers", "registered_manager", "Registered Manager"),
        ("managers", "deputy_manager", "Deputy manager"),
        ("managers", "on_call_manager", "On-call manager"),
        ("managers", "responsible_individual", "Responsible Individual"),
    )),
    ("Local services", (
        ("contacts", "emergency_duty_team", "Emergency Duty Team (EDT)"),
        ("police", "missing_team", "Police missing persons team"),
        ("contacts", "mash", "MASH (safeguarding hub)"),
        ("contacts", "mace", "Exploitation hub (MACE)"),
        ("contacts", "rhi_provider", "Return home interviews"),
        ("contacts", "camhs_crisis", "CAMHS crisis line"),
    )),
    ("National", (
        ("contacts", "ofsted", "Ofsted"),
        ("contacts", "nspcc", "NSPCC"),
        ("contacts", "childline", "Childline"),
        ("contacts", "missing_people", "Missing People"),
    )),
)

LAYOUT = Layout(
    blocks=(
        Notice("POLICE: {{ home.police_emergency }} in an emergency or for a high-risk child, otherwise "
               "{{ home.police_non_emergency }}, {{ limits.police_deadline }}. Say: "
               "\u201c{{ home.say_when_reporting }}\u201d.\n"
               "This home: {{ home.address_line }}. Phone (24 hours): {{ home.phone }}.",
               "danger"),
        Table("contacts", (("Who", "row.who"), ("Phone", "row.phone"), ("When / notes", "row.notes")),
              widths=(4.2, 2.8, 5)),
        If("others_left_off", (Text("Not on this page for lack of room: {{ others_left_off }}. Every contact is in "
                                    "the procedure, under ‘Contact details in full’.", "strong"),)),
        Text("National: {{ national | join('  \u00b7  ') }}", "strong"),
        Heading("Each child's social worker and IRO", 2),
        Table("children", (("Child", "row.name"), ("Social worker", "row.social_worker"), ("IRO", "row.iro")),
              widths=(2.4, 5.4, 4.2), empty="No children recorded."),
        Text("Numbers last checked {{ last_checked }}{{ checked_by }}; every {{ limits.contacts_check_months }} months.",
             "small"),
    ),
    page=PageStyle(kind="laminated", band_expr="band", min_font_size=9, max_font_size=13),
)


def _row(who: str, entry: dict | None) -> dict[str, str]:
    card = contact(entry)
    phone = card["phone"] or card["website"]
    if card["out_of_hours"]:
        phone += f"\nOut of hours: {card['out_of_hours']}"
    name = card["name"] or card["organisation"]
    if not entry:
        name = "Name: ______________"
    notes = "; ".join(x for x in (card["hours"], card["notes"]) if x)
    # "Childline / Childline" says nothing twice: show the name only when it adds something.
    label = who if not name or name.lower() in who.lower() else f"{who}: {name}"
    return {"who": label, "phone": phone, "notes": notes}


def _name_and_number(entry: dict | None) -> str:
    """'Name: number' for the page's narrow child columns (``contact()["short"]`` adds the role)."""
    card = contact(entry)
    return f"{card['name'] or 'Name not recorded'}: {card['phone'] or card['website']}"


def _own_rhi(child, config: dict) -> str:
    """A child placed from another area has their placing authority's interview provider: say so on their row."""
    if not placed_from_another_area(child.data, config) and not child.data["placement"].get("rhi_provider"):
        return ""
    provider = rhi_provider_of(child.data, config)
    if provider is None:
        return f"\nReturn home interviews: arranged by {child.data['placement']['placing_authority']}, provider not recorded"
    return f"\nReturn home interviews: {_name_and_number(provider)}"


def contacts_context(home: HomeData) -> dict:
    config = home.config
    rows = []
    national = []
    for title, entries in GROUPS:
        if title == "National":  # one line: their hours and notes are in the procedure's full contact list
            national = [f"{label}: {contact(config[section].get(key))['phone'] or contact(config[section].get(key))['website']}"
                        for section, key, label in entries]
            continue
        rows += [_row(label, config[section].get(key)) for section, key, label in entries]
        for row, (section, key, _) in zip(rows[-len(entries):], entries):
            if key == "rhi_provider":  # the two limits, in the same words as the procedure and checklist 3
                words = placeholder_values(config)
                limits_text = (f"Refer (offer) {words['rhi_offer_deadline']}; interview "
                               f"{words['rhi_deadline']}")
                row["notes"] = "; ".join(x for x in (limits_text, row["notes"]) if x)
        if title == "The home" and config["managers"].get("safeguarding_lead"):
            rows.append(_row("Safeguarding lead", config["managers"]["safeguarding_lead"]))
    others = [_row(other.get("role") or other["name"], other) for other in config["contacts"].get("others") or []]
    children = [
        {"name": c.known_as,
         # A child placed by another council has that council's out-of-hours team, not the home's.
         "social_worker": _name_and_number(c.data["placement"]["social_worker"]) + (
             f"\nOut of hours: {_name_and_number(c.data['placement']['emergency_duty_team'])}"
             if c.data["placement"].get("emergency_duty_team") else ""),
         "iro": _name_and_number(c.data["placement"].get("iro")) + _own_rhi(c, config)}
        for c in home.children
    ]
    checked_by = config["contacts"].get("checked_by")
    return {
        "meta": meta(home, TITLE, "Shift folder", f"checked {british_date(config['contacts']['last_checked'])}"),
        "home": home_summary(config),
        "limits": placeholder_values(config),
        "contacts": rows + others,
        "fixed_contacts": rows,
        "other_contacts": others,
        "others_left_off": "",
        "national": national,
        "children": children,
        "last_checked": british_date(config["contacts"]["last_checked"]),
        "checked_by": f" by {checked_by}" if checked_by else "",
        "band": "#263238",
    }


def with_others(context: dict, count: int) -> dict:
    """The context with the first ``count`` of the home's other contacts (``contacts.others``) on the page."""
    others = context["other_contacts"]
    left = others[count:]
    return {**context, "contacts": context["fixed_contacts"] + others[:count],
            "others_left_off": (f"{len(left)} more of the home's other contacts" if len(left) > 1
                                else f"the home's other contact {left[0]['who']}" if left else "")}


def build(home: HomeData) -> list[Document]:
    context = contacts_context(home)
    # The home's own extra contacts come last and give up room first: the police, the managers, the
    # national lines and every child's social worker always stay on the one side.
    fill = Fill(count=len(context["other_contacts"]), with_items=with_others)
    return [Document(
        kind=KIND.name, young_person=None, folder="home", stem="key-contacts", title=TITLE,
        subject="Key contacts for the shift folder", context=context, layout=LAYOUT,
        template=KIND.template, fill=fill,
        too_long_hint=_too_long_hint(len(home.children)),
    )]


def _too_long_hint(children: int) -> str:
    """What the manager can do; a home of many children is told that their rows are most of the side."""
    hint = "Shorten the 'hours' and 'notes' of the contacts in home_config.yaml."
    if children >= MANY_CHILDREN:
        hint += (f" With {children} children, their social workers and IROs take a large part of the side: if it "
                 "still does not fit, print it on both sides of one sheet and laminate that.")
    return hint


KIND = DocumentKind(name="key_contacts", title=TITLE, scope="home", template="key_contacts.docx", layout=LAYOUT,
                    build=build)
