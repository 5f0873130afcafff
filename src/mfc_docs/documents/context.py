"""Validated data -> display-ready values: the pieces every document kind shapes its context from.

A kind's own module adds what only it needs; every kind builds on these pieces, and both renderers
(Word and PDF) read the same context, so the two formats cannot disagree.
Values are strings ready to print: dates the British way, missing values as a
visible "Not recorded", phone numbers exactly as written.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from .. import __version__
from ..input.checks import rhi_provider_of
from ..rules.dates import age_on, british_date
from ..input.home_data import Child, HomeData
from ..rules.placeholders import fill, placeholder_values
from ..rules.review_cycles import limits_of, risk_review_due
from ..input.schema.young_person import RISK_FACTOR_NAMES

NOT_RECORDED = "Not recorded"

LEGAL_BASIS_WORDS = {
    "care_order": "Care order (section 31, Children Act 1989)",
    "interim_care_order": "Interim care order (section 38, Children Act 1989)",
    "section_20": "Accommodated by agreement (section 20, Children Act 1989)",
    "emergency_protection_order": "Emergency protection order (section 44, Children Act 1989)",
    "police_protection": "Police protection (section 46, Children Act 1989)",
    "remand": "Remanded to local authority accommodation (LASPO Act 2012)",
    "other": "Other (see details)",
}
RISK_STATUS_WORDS = {"none_known": "No known concern", "concern": "Concern", "known": "Known risk"}
RISK_TONES = {"high": "danger", "medium": "warning", "low": "info"}
INFLUENCE_WORDS = {"protective": "Protective", "risk": "Risk", "unknown": "Not known"}
TREND_WORDS = {"escalating": "Escalating", "stable": "Stable", "reducing": "Reducing", "none": "No missing history"}


def shown(value: Any, missing: str = NOT_RECORDED) -> str:
    """A value as printed: text as written, dates the British way, yes/no as words, gaps visible."""
    if value is None or value == "" or value == []:
        return missing
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, date):
        return british_date(value)
    return str(value)


def as_of(item: dict) -> str:
    """'As of 14 March 2026; source: Social worker': police want to know how current each fact is.

    No brackets: a source often has its own ("West Yorkshire Police (CSE team)"), and the
    layouts print this on a line of its own, so nothing is wrapped in brackets twice.
    """
    when = item.get("as_of")
    source = item.get("source")
    if when is None and not source:
        return "Date and source not recorded"
    text = f"As of {british_date(when)}" if when else "Date not recorded"
    return f"{text}; source: {source}" if source else text


def sentence(text: str) -> str:
    """Text without the full stop or semicolon it ends with, to be joined to more text without '.;'."""
    return text.rstrip().rstrip(".;,").rstrip()


def brief(text: str, limit: int = 140) -> str:
    """The first sentence of ``text``, cut at a word before ``limit`` characters and ending '...'.

    For the one-page sheets (police pack page 1, response card) when the whole text does not fit:
    the reader is always told where the rest is, and the full text is printed there.
    """
    text = first_sentence(text.strip())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return sentence(cut) + "\u2026"


def medicine_brief(medicine: dict, limit: int = 140) -> str:
    """'Insulin pen (ESSENTIAL). If missed: very unwell within 12 hours...': name and danger, briefly."""
    missed = brief(medicine["if_missed"], limit)
    return (f"{brief(medicine['name'], 80)}" + (" (ESSENTIAL)" if medicine["is_essential"] else "")
            + f". If missed: {missed if missed.endswith(chr(0x2026)) else sentence(missed) + '.'}")


def joined(items: list[str], missing: str = NOT_RECORDED) -> str:
    """Items as one line, '; ' between them (no '.;'), or ``missing`` when there are none."""
    parts = [sentence(item) for item in items if item and sentence(item)]
    return "; ".join(parts) or missing


def with_note(main: str, note: str | None) -> str:
    """'07700 900301 – her main phone': a note after a dash, never in brackets that may nest."""
    return f"{main} \u2013 {sentence(note)}" if note and sentence(note) else main


def contact(entry: dict | None) -> dict[str, str]:
    """A contact with every field present; a missing phone shows as a line to write on."""
    entry = entry or {}
    phone = entry.get("phone")
    website = entry.get("website")
    number = phone or ("" if website else "______________________")
    return {
        "name": shown(entry.get("name"), ""),
        "role": shown(entry.get("role"), ""),
        "organisation": shown(entry.get("organisation"), ""),
        "phone": number,
        "out_of_hours": shown(entry.get("out_of_hours_phone"), ""),
        "email": shown(entry.get("email"), ""),
        "website": shown(website, ""),
        "hours": shown(entry.get("hours"), ""),
        "notes": shown(entry.get("notes"), ""),
        "missing": "yes" if not (phone or website) else "",
        "line": _contact_line(entry),
        "short": _short_line(entry),
    }


def with_extra(who: str, extra: str) -> str:
    """'Name (Role)', or 'Name, Role (team)' when the role has brackets of its own: brackets never nest."""
    if not (who and extra):
        return who or extra
    return f"{who}, {extra}" if "(" in extra or ")" in extra else f"{who} ({extra})"


def _short_line(entry: dict) -> str:
    """'Name (Role): 01632 960123': enough to call them, for pages where space is short."""
    who = entry.get("name") or entry.get("organisation") or ""
    if entry.get("role") and who:
        who = with_extra(who, entry["role"])
    number = entry.get("phone") or entry.get("website") or "number not recorded: ______________"
    if entry.get("out_of_hours_phone"):
        number += f", out of hours {entry['out_of_hours_phone']}"
    return f"{who}: {number}" if who else number


def _contact_line(entry: dict) -> str:
    """One line: 'Name (Role, Organisation): 01632 960123, out of hours 07700 900123'."""
    who = entry.get("name") or entry.get("organisation") or ""
    extra = ", ".join(x for x in (entry.get("role"), entry.get("organisation") if entry.get("name") else None) if x)
    head = with_extra(who, extra)
    numbers = []
    if entry.get("phone"):
        numbers.append(entry["phone"])
    if entry.get("out_of_hours_phone"):
        numbers.append(f"out of hours {entry['out_of_hours_phone']}")
    if entry.get("website") and not entry.get("phone"):
        numbers.append(entry["website"])
    if not numbers:
        numbers.append("number not recorded: ______________")
    return f"{head}: {', '.join(numbers)}" if head else ", ".join(numbers)


def professional(label: str, entry: dict) -> dict[str, str]:
    """Every detail recorded for a professional, for the tables where there is room for all of it."""
    card = contact(entry)
    # "Ofsted" then "Ofsted, Regulator" says the name twice: the name only when it adds to the label.
    name = "" if card["name"] and card["name"].lower() in label.lower() else card["name"]
    who = ", ".join(x for x in (name, card["role"], card["organisation"]) if x)
    phones = card["phone"] or "number not recorded: ______________"
    if card["out_of_hours"]:
        phones += f"\nOut of hours: {card['out_of_hours']}"
    reach = "\n".join(x for x in (card["email"], card["website"]) if x)
    when = "\n".join(x for x in (card["hours"], card["notes"]) if x)
    return {"label": label, "who": who, "phones": phones, "reach": reach, "when": when}


def home_summary(config: dict) -> dict[str, Any]:
    home = config["home"]
    managers = config["managers"]
    return {
        "name": home["name"],
        "provider": shown(home.get("provider"), ""),
        "address": home["address"],
        "address_line": ", ".join(line.strip() for line in home["address"].splitlines() if line.strip()),
        "phone": home["phone"],
        "email": shown(home.get("email"), ""),
        "urn": shown(home.get("ofsted_urn"), ""),
        "host_local_authority": home["host_local_authority"],
        "marking": home["protective_marking"],
        "police_force": config["police"]["force"],
        "local_protocol": config["police"]["local_protocol"],
        "police_emergency": config["police"]["emergency"],
        "police_non_emergency": config["police"]["non_emergency"],
        "say_when_reporting": config["police"]["say_when_reporting"],
        "registered_manager": contact(managers["registered_manager"]),
        "deputy_manager": contact(managers.get("deputy_manager")),
        "on_call_manager": contact(managers["on_call_manager"]),
        "responsible_individual": contact(managers.get("responsible_individual")),
        "edt": contact(config["contacts"].get("emergency_duty_team")),
    }


def meta(home: HomeData, title: str, subject: str = "", version: str | None = None) -> dict[str, str]:
    """Header and footer of every page."""
    return {
        "title": title,
        "marking": home.config["home"]["protective_marking"],
        "home": home.config["home"]["name"],
        "subject": subject,
        "version": version or f"mfc-docs {__version__}",
        "generated": british_date(home.today),
    }


def risk_summary(config: dict, level: str, child_risk: dict | None = None) -> dict[str, Any]:
    """The level, what it means and the response it triggers, in the home's own words."""
    spec = config["risk_levels"][level]
    values = placeholder_values(config)
    return {
        "level": level.upper(),
        "word": level.capitalize(),
        "tone": RISK_TONES[level],
        "criteria": [fill(c, values) for c in spec["criteria"]],
        "response": [fill(r, values) for r in spec["response"]]
        + list((child_risk or {}).get("additional_response") or []),
        "police_call": fill(spec["police_call"], values),
        "rationale": (child_risk or {}).get("rationale", ""),
    }


def child_summary(child: Child, home: HomeData) -> dict[str, Any]:
    """Everything about one child that any document shows, display-ready."""
    d = child.data
    config = home.config
    today = home.today
    cycles = limits_of(config)
    name = d["name"]
    description = d["description"]
    photo = d.get("photo")
    contact_details = d.get("contact_details") or {}
    medical = d.get("medical") or {}
    comms_needs = d["communication_needs"]
    history = d["missing_history"]
    protective = d["protective_factors"]
    strategy = d["communication_strategy"]
    assessment = d["assessment"]
    placement = d["placement"]
    age = age_on(d["date_of_birth"], today)
    medication = [
        {"name": m["name"], "dose": m["dose"], "essential": "ESSENTIAL" if m["essential"] else "Not essential",
         "is_essential": bool(m["essential"]), "notes": shown(m.get("notes"), ""),
         "if_missed": shown(m.get("if_missed")),
         "short": (f"{m['name']}" + (" (ESSENTIAL)" if m["essential"] else "")
                   + f". If missed: {sentence(shown(m.get('if_missed'), 'not recorded'))}."),
         "line": (f"{m['name']}, {sentence(m['dose'])}" + (" (ESSENTIAL)" if m["essential"] else "")
                  + f". If missed: {sentence(shown(m.get('if_missed'), 'not recorded'))}"
                  + (f". {sentence(m['notes'])}" if m.get("notes") else "") + ".")}
        for m in medical.get("medication") or []
    ]
    # Essential first: the police ask for every medicine and what happens if it is missed.
    medication.sort(key=lambda m: not m["is_essential"])
    essential = [m for m in medication if m["is_essential"]]
    medication_recorded = "medication" in medical and medical["medication"] is not None
    next_review = risk_review_due(assessment, cycles)
    photo_caption = photo_caption_short = ""
    if photo:
        consent = "consent to share recorded" if photo["consent_to_share"] else "NO consent to share recorded"
        photo_caption = f"Photo taken {british_date(photo['taken_on'])}; {consent}."
        photo_caption_short = photo_caption
        if photo.get("consent_notes"):
            photo_caption += f" {photo['consent_notes']}"
    edt = placement.get("emergency_duty_team") or config["contacts"].get("emergency_duty_team")
    rhi_provider = rhi_provider_of(d, config)
    rhi_line = contact(rhi_provider)["line"] if rhi_provider else (
        f"Arranged by {placement['placing_authority']}: provider not recorded yet")
    return {
        "id": child.id,
        "legal_name": name["legal"],
        "preferred_name": child.known_as,
        "pronunciation": shown(name.get("pronunciation"), ""),
        "aliases": list(name.get("aliases") or []),
        "aliases_text": joined(name.get("aliases") or []),
        "date_of_birth": british_date(d["date_of_birth"]),
        "age": str(age),
        "dob_age": f"{british_date(d['date_of_birth'])} (age {age})",
        "gender": shown(d.get("gender")),
        "ethnicity": shown(d.get("ethnicity")),
        "looked_after": f"Yes: a looked-after child, placed by {placement['placing_authority']}",
        "legal_basis": LEGAL_BASIS_WORDS[d["legal_status"]["basis"]],
        "legal_details": shown(d["legal_status"].get("details"), ""),
        "legal_status_text": LEGAL_BASIS_WORDS[d["legal_status"]["basis"]]
        + (f": {d['legal_status']['details']}" if d["legal_status"].get("details") else ""),
        "placing_authority": placement["placing_authority"],
        "placed_on": british_date(placement["placed_on"]),
        "new_placement": "yes" if (today - placement["placed_on"]).days <= 28 else "",
        "social_worker": contact(placement["social_worker"]),
        "iro": contact(placement.get("iro")),
        "edt": contact(edt),
        "key_worker": shown(placement.get("key_worker")),
        "school": contact(placement.get("school")),
        "professionals": [
            professional(label, entry) for label, entry in (
                ("Social worker", placement["social_worker"]), ("IRO", placement.get("iro")),
                ("Out-of-hours team (EDT)", edt), ("School or college", placement.get("school")),
                ("Return home interviews", rhi_provider or {"name": rhi_line}))
            if entry
        ],
        "rhi_provider": rhi_line,
        "description": {
            "height": description["height"],
            "build": description["build"],
            "hair": description["hair"],
            "eyes": description["eyes"],
            "complexion": shown(description.get("complexion")),
            "features": list(description.get("distinguishing_features") or []),
            "features_text": joined(description.get("distinguishing_features") or []),
            "clothing": shown(description.get("usual_clothing")),
            "accent": shown(description.get("accent")),
            "as_of": as_of(description),
        },
        "photo_path": str(child.photo_path.resolve()) if photo else "",
        "photo_caption": photo_caption,
        "photo_caption_short": photo_caption_short,  # without the consent notes, for a page with little room
        "photo_taken": british_date(photo["taken_on"]) if photo else "",
        "mobiles": [{"number": m["number"], "notes": shown(m.get("notes"), ""),
                     "handset": shown(m.get("handset")), "network": shown(m.get("network")),
                     "line": with_note(m["number"], joined([x for x in (m.get("handset"), m.get("network"),
                                                                          m.get("notes")) if x], ""))}
                    for m in contact_details.get("mobiles") or []],
        "mobiles_text": "\n".join(with_note(m["number"], joined(
            [x for x in (m.get("handset"), m.get("network"), m.get("notes")) if x], ""))
            for m in contact_details.get("mobiles") or []) or NOT_RECORDED,
        "phone_numbers": ", ".join(m["number"] for m in contact_details.get("mobiles") or []) or NOT_RECORDED,
        "social_media": [{"platform": s["platform"], "handle": s["handle"], "notes": shown(s.get("notes"), "")}
                         for s in contact_details.get("social_media") or []],
        "social_media_text": "\n".join(
            with_note(f"{s['platform']}: {s['handle']}", s.get("notes"))
            for s in contact_details.get("social_media") or []) or NOT_RECORDED,
        "contact_as_of": as_of(contact_details) if contact_details else "",
        "associates": [
            {"name": a["name"], "relationship": a["relationship"], "influence": INFLUENCE_WORDS[a["influence"]],
             "address": shown(a.get("address"), NOT_RECORDED), "phone": shown(a.get("phone"), NOT_RECORDED),
             "social_media": shown(a.get("social_media"), ""),
             "contact": "\n".join([f"Phone: {shown(a.get('phone'), NOT_RECORDED.lower())}",
                                   f"Address: {shown(a.get('address'), NOT_RECORDED.lower())}"]
                                  + ([f"Social media: {a['social_media']}"] if a.get("social_media") else [])),
             "safe_to_contact": "Yes" if a["safe_to_contact"] else "NO - do not contact",
             "notes": shown(a.get("notes"), ""), "as_of": as_of(a),
             "notes_as_of": "\n".join(x for x in (a.get("notes"), as_of(a)) if x)}
            for a in d.get("associates") or []
        ],
        "locations": [
            {"name": loc["name"], "address": loc["address"], "why": loc["why"],
             "risk_assessed": "Yes" if loc["risk_assessed"] else "No",
             "safe_for_staff": {True: "Yes", False: "NO - tell the police"}.get(
                 loc.get("safe_for_staff"), "Not assessed: ask the on-call manager"),
             "is_safe": loc.get("safe_for_staff"),
             "risk_notes": shown(loc.get("risk_notes"), ""), "as_of": as_of(loc)}
            for loc in d.get("locations") or []
        ],
        "vehicle_access": shown(d.get("vehicle_access")),
        "travel": shown(d.get("travel")),
        "financial": shown(d.get("financial")),
        "risk_factors": [
            {"name": label, "status": RISK_STATUS_WORDS[d["risk_factors"][key]["status"]],
             "details": shown(d["risk_factors"][key].get("details"), "")}
            for key, label in RISK_FACTOR_NAMES.items()
        ] + [
            {"name": other["name"], "status": RISK_STATUS_WORDS[other["status"]],
             "details": shown(other.get("details"), "")}
            for other in d["risk_factors"].get("other") or []
        ],
        "medical": {
            "conditions": list(medical.get("conditions") or []),
            "conditions_text": joined(medical.get("conditions") or []),
            "medication": medication,
            # "None" only when the file lists medication and none of it is essential.
            "essential_short": "\n".join(m["short"] for m in essential) or (
                "No essential medication: every medicine recorded is marked not essential" if medication else NOT_RECORDED),
            "essential_brief": "\n".join(medicine_brief(m) for m in essential) or (
                "No essential medication: every medicine recorded is marked not essential" if medication else NOT_RECORDED),
            "essential_text": "\n".join(m["line"] for m in essential) or (
                "No essential medication: every medicine recorded is marked not essential" if medication else NOT_RECORDED),
            "short_text": "\n".join(m["short"] for m in medication) or (
                "None (the file lists no medication)" if medication_recorded else NOT_RECORDED),
            "all_text": "\n".join(m["line"] for m in medication) or (
                "None (the file lists no medication)" if medication_recorded else NOT_RECORDED),
            "allergies": shown(medical.get("allergies")),
            "gp": contact(medical.get("gp")),
            "gp_line": _contact_line(medical["gp"]) if medical.get("gp") else NOT_RECORDED,
        },
        "communication": {
            "first_language": comms_needs["first_language"],
            "interpreter": shown(comms_needs.get("interpreter_needed")),
            "needs": shown(comms_needs.get("needs")),
        },
        "history": {
            "summary": history["summary"],
            "usual_pattern": shown(history.get("usual_pattern")),
            "where_found": shown(history.get("where_found")),
            "what_preceded": shown(history.get("what_preceded")),
            "trend": TREND_WORDS[history["trend"]],
        },
        "protective": {
            "brings_back": list(protective.get("what_brings_them_back") or []),
            "trusted_people": list(protective.get("trusted_people") or []),
            "motivators": list(protective.get("motivators") or []),
            "contact_while_away": shown(protective.get("contact_while_away")),
        },
        "triggers": list(d.get("triggers") or []),
        "strategy": {
            "who": list(strategy["who_makes_contact"]),
            "tone": strategy["tone"],
            "channels": list(strategy.get("channels") or []),
            "helpful": list(strategy.get("helpful_messages") or []),
            "avoid": list(strategy.get("avoid") or []),
        },
        "risk": risk_summary(config, d["risk"]["level"], d["risk"]),
        "risk_additional": list(d["risk"].get("additional_response") or []),
        "assessment": {
            "author": assessment["author"],
            "signed_off_by": shown(assessment.get("signed_off_by"), "Not yet signed off"),
            "last_reviewed": british_date(assessment["last_reviewed"]),
            "next_review": british_date(next_review),
            "police_information_reviewed": british_date(assessment["police_information_reviewed"]),
            "history": [
                {"date": british_date(h["date"]), "by": h["by"], "reason": h["reason"],
                 "changes": shown(h.get("changes"), "")}
                for h in assessment.get("history") or []
            ],
        },
        "report_command": f"mfc-docs report {child.id}",
        **police_details(child, home),
    }


def first_sentence(text: str) -> str:
    """The first sentence of a paragraph (up to '. ' followed by a capital), for a one-line reason."""
    match = re.search(r"[.!?](?=\s+[A-Z\"\u201c(])", text)
    return text[: match.start() + 1] if match else text


def police_details(child: Child, home: HomeData) -> dict[str, Any]:
    """The facts only the police pack prints: status, safeguarding orders, search and sharing."""
    from ..input.episodes import started_at

    d = child.data
    immigration = d.get("immigration") or {}
    safeguarding = d.get("safeguarding") or {}
    police = d.get("for_the_police") or {}
    nrm = safeguarding.get("nrm_referral")
    mace = safeguarding.get("mace")
    consent = police.get("consent_to_search_room")
    basis = police.get("lawful_basis_for_sharing") or home.config["police"].get("lawful_basis_for_sharing")
    references = [
        f"{british_date(started_at(e).date())}: {e['police']['reference']}"
        for e in sorted(child.episodes, key=started_at, reverse=True)
        if (e.get("police") or {}).get("reference")
    ]
    return {
        "nationality": shown(d.get("nationality")),
        "immigration_status": shown(immigration.get("status")),
        "identity_documents": shown(immigration.get("identity_documents")),
        "abduction_notices": "\n".join(
            f"Served on {n['served_on_whom']} on {british_date(n['served_on'])}"
            + (f" by {sentence(n['served_by'])}" if n.get("served_by") else "")
            + (f"; ends {british_date(n['expires_on'])}" if n.get("expires_on") else "; end date not recorded")
            for n in safeguarding.get("abduction_warning_notices") or []) or NOT_RECORDED,
        "nrm": (f"Referred {british_date(nrm['referred_on'])}"
                + (f"; decision: {sentence(nrm['decision'])}" if nrm.get("decision") else "; no decision recorded")
                if nrm else NOT_RECORDED),
        "mace": (sentence(mace["status"]) + (f"; last discussed {british_date(mace['last_discussed_on'])}"
                                             if mace.get("last_discussed_on") else "") if mace else NOT_RECORDED),
        "dna_source": shown(police.get("dna_source")),
        "search_consent": with_note({True: "Yes", False: "No"}.get(consent, NOT_RECORDED), police.get("consent_notes")),
        "lawful_basis": shown(basis),
        "police_references": "\n".join(references) or "No police reference in the home's episode records",
        "risk_short": d["risk"].get("summary") or first_sentence(d["risk"]["rationale"]),
    }


def cautions(child: Child, home: HomeData) -> list[str]:
    """What may be out of date in this child's documents, in words for the person reading them.

    The same dates as ``validate``'s warnings (one set of rules, in review_cycles), but
    written for a police officer or a member of staff, not as advice on editing the YAML.
    """
    from ..input.episodes import started_at
    from ..rules.review_cycles import photo_due, police_check_due

    d, today = child.data, home.today
    cycles = limits_of(home.config)
    name = child.known_as
    assessment = d["assessment"]
    found: list[str] = []
    photo = d.get("photo")
    if child.photo_problem:
        found.append("The photo on file could not be printed (the file is damaged or missing). Rely on the "
                     "description, and ask the home for another recent photo.")
    elif not photo:
        found.append("No photo on file yet. Rely on the description; staff may be able to show a recent photo "
                     "on a work phone.")
    else:
        if photo_due(photo, cycles) < today:
            found.append(f"The photo was taken on {british_date(photo['taken_on'])}, more than "
                         f"{cycles['photo_max_age_months']} months ago: {name} may look different now.")
        if not photo["consent_to_share"]:
            found.append("No consent to share the photo is recorded: ask the manager before it is published.")
    checked = assessment["police_information_reviewed"]
    if police_check_due(assessment, cycles) < today:
        found.append(f"Part 1 was last checked on {british_date(checked)}, more than "
                     f"{cycles['police_information_days']} days ago.")
    since = [e for e in child.episodes if started_at(e).date() > checked]
    if since:
        latest = max(started_at(e) for e in since)
        found.append(f"{len(since)} missing episode{'s' if len(since) != 1 else ''} since Part 1 was last checked on "
                     f"{british_date(checked)} (the latest began {british_date(latest.date())}): recent places, "
                     "associates and history may not be shown.")
    if risk_review_due(assessment, cycles) < today:
        found.append(f"The risk assessment was due for review on "
                     f"{british_date(risk_review_due(assessment, cycles))} and has not been reviewed since.")
    if child.has_unprintable_text:
        found.append("Some of this record is in a script the PDF version cannot print: it shows as boxes or back "
                     "to front there. The Word version shows it correctly.")
    return found

