"""Schema of one child's file, ``young_people/<id>/profile.yaml`` or ``young_people/<id>.yaml``.

The fields follow what the police information pack (Philomena Part 1), the
individual risk assessment and the response card must show. Facts that age
(description, contact details, associates, locations) carry an ``as_of`` date
and a ``source`` so an officer knows how current each one is.
"""

from __future__ import annotations

from .common import (
    Schema, choice, contact, date, datetime_, file_path, list_of_records, list_of_text, phone, record, text, yes_no,
)

LEGAL_BASES = [
    "care_order",
    "interim_care_order",
    "section_20",
    "emergency_protection_order",
    "police_protection",
    "remand",
    "other",
]

RISK_STATUSES = ["none_known", "concern", "known"]

RISK_FACTOR_NAMES = {
    "sexual_exploitation": "Child sexual exploitation (CSE)",
    "criminal_exploitation": "Child criminal exploitation (CCE) / county lines",
    "substance_misuse": "Substance misuse",
    "peer_influence": "Peers and peer influence",
    "relationships_of_concern": "Relationships of concern",
    "family_contact": "Family contact",
    "mental_health": "Mental health",
    "self_harm": "Self-harm or suicidal thoughts",
}


def _risk_factor(name: str) -> dict:
    return record(f"{name}.", {
        "status": choice("none_known, concern or known.", RISK_STATUSES, required=True),
        "details": text("What is known, with dates and sources where it matters."),
    }, required=True)


def _as_of_fields() -> Schema:
    return {
        "as_of": date("When this was last confirmed true."),
        "source": text("Where it came from (e.g. 'Police intelligence', 'Social worker', 'Staff observation')."),
    }


YOUNG_PERSON_SCHEMA: Schema = {
    "name": record("The child's names.", {
        "legal": text("Full legal name, exactly as on official records.", required=True,
                      example="Nguyễn Thị Hồng Nhung"),
        "preferred": text("The name the child uses day to day.", example="Nhung"),
        "aliases": list_of_text("Other names, nicknames or spellings the child uses or is known by."),
        "pronunciation": text("How to say the name, for call handlers, e.g. 'SHTEH-fahn buh-luh-NESS-koo'."),
    }, required=True),
    "date_of_birth": date("Date of birth.", required=True, example="2011-03-14"),
    "gender": text("Gender, as the child describes it."),
    "ethnicity": text("Ethnicity, as the child describes it (helps the police describe them)."),
    "nationality": text("Nationality, as on the child's passport or papers.", example="Eritrean"),
    "immigration": record("For a child who is not a British citizen: the police and Border Force may need this.", {
        "status": text("Immigration status, e.g. 'Unaccompanied asylum-seeking child; claim pending'."),
        "identity_documents": text("Passport or identity document, and who holds it (never the number).",
                                   example="Passport held by the social worker"),
    }),
    "legal_status": record("Why the child is looked after.", {
        "basis": choice("The legal basis: " + ", ".join(LEGAL_BASES) + ".", LEGAL_BASES, required=True),
        "details": text("Court, date of order, or what 'other' means.", example="Final care order, 2024-06-11"),
    }, required=True),
    "placement": record("The placement and the professionals around the child.", {
        "placing_authority": text("The local authority that placed the child (the caring authority).", required=True),
        "placing_authority_reference": text("The placing authority's own reference for the child (case or client "
                                            "number): notifications quote it.", example="NBC-204118"),
        "missing_notifications": contact("Where the placing authority wants missing and return notifications sent "
                                         "(a team's email or portal), when not to the social worker alone."),
        "placed_on": date("When the child moved into this home.", required=True),
        "social_worker": contact("The allocated social worker.", required=True, name_required=True),
        "iro": contact("The Independent Reviewing Officer (IRO)."),
        "emergency_duty_team": contact("The placing authority's out-of-hours team, if not the home's local EDT."),
        "rhi_provider": contact("Who carries out this child's return home interviews, when the placing authority "
                                "is not the home's own council: the placing authority arranges them. Left out, the "
                                "home's provider (contacts.rhi_provider) is used for a child of the host authority."),
        "key_worker": text("The child's key worker in the home (a trusted adult)."),
        "school": contact("The child's school or college and its safeguarding lead."),
    }, required=True),
    "description": record("What the child looks like, for the police.", {
        "height": text("Height, e.g. '163 cm (5 ft 4 in)'.", required=True),
        "build": text("Build, e.g. 'slim'.", required=True),
        "hair": text("Hair colour, length and style.", required=True),
        "eyes": text("Eye colour.", required=True),
        "complexion": text("Skin tone or complexion."),
        "distinguishing_features": list_of_text("Scars, tattoos, piercings, birthmarks, glasses, braces."),
        "usual_clothing": text("What they usually wear, favourite items."),
        "accent": text("Accent or way of speaking."),
        **_as_of_fields(),
    }, required=True),
    "photo": record("The most recent photo. Leave this section out if there is no photo yet.", {
        "file": file_path("Photo file (JPEG or PNG) in the child's folder.", required=True, example="photo.jpg"),
        "taken_on": date("When the photo was taken (no more than 3 months ago).", required=True),
        "consent_to_share": yes_no("Whether consent to share the photo with the police and media is recorded.",
                                   required=True),
        "consent_notes": text("Who gave or refused consent, and any limits."),
    }),
    "contact_details": record("How the child can be reached.", {
        "mobiles": list_of_records("The child's mobile numbers.", {
            "number": phone("The number, exactly as written.", required=True),
            "handset": text("Make and model of the phone, e.g. 'iPhone 12, black case'."),
            "network": text("The mobile network, e.g. 'giffgaff (pay as you go)'."),
            "notes": text("e.g. 'Usually switched off at night'."),
        }),
        "social_media": list_of_records("Social media accounts.", {
            "platform": text("e.g. Snapchat, Instagram, TikTok.", required=True),
            "handle": text("The user name, in quotes if it starts with @.", required=True, example='"@nhung.x"'),
            "notes": text("Anything useful, e.g. 'Snap Map location sharing on'."),
        }),
        **_as_of_fields(),
    }),
    "associates": list_of_records("People the child may be with or contact.", {
        "name": text("Name or the name they are known by.", required=True),
        "relationship": text("Who they are to the child.", required=True),
        "influence": choice("protective, risk or unknown.", ["protective", "risk", "unknown"], required=True),
        "address": text("Address, if known."),
        "phone": phone("Phone number, if known."),
        "social_media": text("Social media account, if known."),
        "safe_to_contact": yes_no("Whether staff may contact this person when the child is missing.", required=True),
        "notes": text("What staff and police should know."),
        **_as_of_fields(),
    }),
    "locations": list_of_records("Places the child goes or has been found.", {
        "name": text("What the place is.", required=True),
        "address": text("Address or description of where it is.", required=True),
        "why": text("Why it matters (found there before, friends there, ...).", required=True),
        "risk_assessed": yes_no("Whether a risk assessment of the place has been done.", required=True),
        "safe_for_staff": yes_no("Whether staff may go there to look for the child; no means tell the police instead. "
                                 "Until it is said, the response card tells staff to ask the on-call manager first."),
        "risk_notes": text("What the risk is, or why it is safe."),
        **_as_of_fields(),
    }),
    "vehicle_access": text("Any vehicles the child may use or be driven in (make, colour, registration). "
                           "Write 'None known' when staff have asked and know of none; left out, it prints "
                           "'Not recorded'."),
    "travel": text("Bus or rail passes, bikes, scooters, or money for travel the child has.",
                   example="16-25 Railcard; Westshire bus pass"),
    "financial": text("What money the child can get at: cash, bank card (the bank's name, never the number), "
                      "online payment apps.", example="Monzo card in her own name; about 20 pounds a week"),
    "risk_factors": record("Current risk factors. Each needs a status.", {
        **{key: _risk_factor(label) for key, label in RISK_FACTOR_NAMES.items()},
        "other": list_of_records("Any other risk (trafficking, radicalisation, pregnancy, online harm).", {
            "name": text("What the risk is.", required=True),
            "status": choice("concern or known.", ["concern", "known"], required=True),
            "details": text("What is known."),
        }),
    }, required=True),
    "medical": record("Health needs the police must know about.", {
        "conditions": list_of_text("Conditions that matter while missing (asthma, diabetes, epilepsy, pregnancy)."),
        "medication": list_of_records("Medication.", {
            "name": text("Name of the medicine.", required=True),
            "dose": text("Dose and times.", required=True),
            "essential": yes_no("Whether missing a dose is a danger.", required=True),
            "if_missed": text("What happens if doses are missed, for the police: e.g. 'Seizures within 24 hours'."),
            "notes": text("e.g. 'Inhaler usually carried'."),
        }),
        "allergies": text("Allergies. Write 'None known' when staff have asked; left out, it prints 'Not recorded'."),
        "gp": contact("The child's GP practice (doctor's surgery)."),
    }, default={}),
    "safeguarding": record("Safeguarding measures the police may act on.", {
        "abduction_warning_notices": list_of_records(
            "Child Abduction Warning Notices: who was served one, when, and when it ends.", {
                "served_on_whom": text("The person served with the notice.", required=True),
                "served_on": date("When it was served.", required=True),
                "expires_on": date("When it ends."),
                "served_by": text("Which police force or officer served it."),
            }),
        "nrm_referral": record("National Referral Mechanism (modern slavery) referral.", {
            "referred_on": date("When the referral was made.", required=True),
            "decision": text("The decision so far, e.g. 'Positive reasonable grounds, 2026-09-12'."),
        }),
        "mace": record("Discussion at the multi-agency child exploitation (MACE) meeting.", {
            "status": text("e.g. 'Open to MACE, reviewed monthly', or 'Closed'.", required=True),
            "last_discussed_on": date("When the child was last discussed."),
        }),
    }),
    "for_the_police": record("What helps a police search.", {
        "dna_source": text("A source of the child's DNA the home keeps, and where.",
                           example="Toothbrush, sealed bag in the manager's office"),
        "consent_to_search_room": yes_no("Whether the police may search the child's room when the child is missing."),
        "consent_notes": text("Who agreed or refused the search, and any limits."),
        "lawful_basis_for_sharing": text(
            "The lawful basis on which the home shares this information with the police; printed on the pack. "
            "Left out, the home's setting (police.lawful_basis_for_sharing) is used."),
    }),
    "communication_needs": record("Language and communication.", {
        "first_language": text("First language.", required=True, example="English"),
        "interpreter_needed": yes_no("Whether an interpreter is needed. Left out, the documents say 'Not recorded' "
                                     "(never 'No': the police would take it as checked)."),
        "needs": text("Communication needs (autism, hearing, literacy, what helps)."),
    }, required=True),
    "missing_history": record("The manager's narrative of the child's missing history.", {
        "summary": text("Brief history for the police pack.", required=True),
        "usual_pattern": text("Typical duration, times of day and days of the week."),
        "where_found": text("Where the child has usually been found."),
        "what_preceded": text("What usually happened before the child went missing."),
        "trend": choice("escalating, stable, reducing or none (no history).",
                        ["escalating", "stable", "reducing", "none"], required=True),
    }, required=True),
    "protective_factors": record("What keeps the child safe and brings them back.", {
        "what_brings_them_back": list_of_text("What has brought the child back before."),
        "trusted_people": list_of_text("Adults the child trusts (staff, family, others)."),
        "motivators": list_of_text("What the child looks forward to or cares about."),
        "contact_while_away": text("Whether and how the child makes contact while away."),
    }, required=True),
    "triggers": list_of_text("Events, dates, people, feelings or things in the home that come before missing."),
    "communication_strategy": record("How staff contact the child while they are missing.", {
        "who_makes_contact": list_of_text("Who contacts the child, in order.", required=True, min_items=1),
        "tone": text("The tone and words to use.", required=True),
        "channels": list_of_text("How: phone call, text, Snapchat, via a friend ..."),
        "helpful_messages": list_of_text("Messages that have helped the child come back."),
        "avoid": list_of_text("Words or approaches that make things worse."),
    }, required=True),
    "risk": record("The overall risk level and why.", {
        "level": choice("high, medium or low.", ["high", "medium", "low"], required=True),
        "rationale": text("Why this level: the evidence behind it.", required=True),
        "summary": text("The reason in one short sentence, for the first page of the police pack. "
                        "Left out, the first sentence of the rationale is used."),
        "additional_response": list_of_text("Anything staff do for this child on top of the level's usual response."),
    }, required=True),
    "assessment": record("Who wrote the risk assessment, and when it was reviewed.", {
        "author": text("Who wrote the current assessment (name and role).", required=True),
        "signed_off_by": text("The manager who signed it off (name and role)."),
        "last_reviewed": date("When the risk assessment was last reviewed.", required=True),
        "next_review": date("When it is next due (at most a month after the last review)."),
        "police_information_reviewed": date("When the police information (Part 1) was last checked.", required=True),
        "history": list_of_records("Earlier reviews, most recent first.", {
            "date": date("Date of the review.", required=True),
            "by": text("Who reviewed it.", required=True),
            "reason": text("Why: monthly review, after an episode, new information.", required=True),
            "changes": text("What changed."),
        }),
    }, required=True),
    "transfers": list_of_records("Each time the child's transfer pack was handed on to a next placement, oldest "
                                 "first (`mfc-docs transfer --sent-to` and the 'Transfer pack' button add these).", {
        "at": datetime_("When it was sent.", required=True),
        "to": text("Who it was sent to: the next placement, the social worker, their email address.", required=True),
        "by": text("Who sent it (name and role)."),
        "what": text("What was sent, e.g. 'Transfer pack (encrypted PDF): Part 1 of the police pack, ...'.",
                     required=True),
    }),
}
