"""Schema of ``young_people/<id>/episodes.yaml``: the record of every missing episode.

The record is the source of truth for deadlines (return home interview, post-
incident review, risk assessment review, Reg 40 decision), for the computed
historical pattern in the risk assessment, and for the monthly dashboard.
"""

from __future__ import annotations

from .common import Schema, choice, date, datetime_, list_of_records, record, text, yes_no
from .part2 import EPISODE_TEXT_FIELDS

#: The live log of an episode, written by ``mfc-docs serve`` as each step is done.
LOG_FIELDS: Schema = {
    "at": datetime_("When it was done (the time the person gave, or when they recorded it).", required=True),
    "by": text("Who did it (the name given in the browser).", required=True),
    "action": text("What was done: a checklist step such as 'Police called' or 'Note'.", required=True),
    "note": text("Details: the police reference, who was told, what was found."),
}

EPISODE_FIELDS: Schema = {
    "found_gone_at": datetime_("When staff found the child gone (discovery): the clock for telling the police and "
                               "for escalation. An episode needs this, confirmed_missing_at, or both."),
    "confirmed_missing_at": datetime_("When the shift lead confirmed the child was missing (after searching and "
                                      "trying to reach them)."),
    "last_seen_at": datetime_("When the child was last seen."),
    "last_seen_where": text("Where the child was last seen."),
    # What the police are told about this episode, under the names the police pack and `report` use.
    **{f.key: (yes_no(f.help) if f.kind == "yes_no" else text(f.help)) for f in EPISODE_TEXT_FIELDS},
    "risk_level": choice("Risk level decided at the start of this episode: high, medium or low.",
                         ["high", "medium", "low"], required=True),
    "police": record("Reporting to the police.", {
        "called_at": datetime_("When the police were called."),
        "number": choice("999 or 101.", ["999", "101"]),
        "reference": text("Police incident or reference number."),
        "officer": text("Officer's name and collar number."),
        "told_of_return_at": datetime_("When the police were told the child was back."),
        "risk_level": choice("The risk grading the police gave: high, medium, low or no_apparent_risk.",
                             ["high", "medium", "low", "no_apparent_risk"]),
    }),
    "social_care_notified_at": datetime_("When the social worker or EDT was told."),
    "social_care_notified": text("Who was told (name, social worker or EDT)."),
    "manager_notified_at": datetime_("When the Registered Manager or on-call manager was told."),
    "contact_attempts": list_of_records("Every attempt to reach the child.", {
        "at": datetime_("When.", required=True),
        "by": text("Who tried.", required=True),
        "method": text("Call, text, social media, visit, via a friend ...", required=True),
        "outcome": text("What happened.", required=True),
    }),
    "intelligence": text("What was learned during the episode (CCTV, sightings, associates contacted)."),
    "returned_at": datetime_("When the child came back or was found. Leave out while still missing."),
    "return_how": text("How: came back alone, found by police, brought back by staff or family ..."),
    "where_found": text("Where the child was found or said they had been."),
    "condition_on_return": text("How the child was on return (injuries, intoxication, distress, hungry)."),
    "disclosures": text("What the child said, in their words, with who heard it."),
    "safe_and_well_check": text("The check that the child was safe and well on return: who did it (police or "
                                "staff), when, and what they found."),
    "return_home_interview": record("The independent return home interview.", {
        "offered_at": datetime_("When it was offered."),
        "outcome": choice("accepted, declined or pending.", ["accepted", "declined", "pending"]),
        "completed_at": datetime_("When it took place."),
        "by": text("Who carried it out (name and service)."),
        "declined_reason": text("Why it was declined; the offer is repeated."),
    }),
    "post_incident_review_on": date("When the post-incident review was completed."),
    "risk_assessment_reviewed_on": date("When the risk assessment was reviewed after this episode."),
    "reg40": record("The registered person's Reg 40 decision for this episode (made by the Registered Manager for them).", {
        "decision": choice("notified or not_notified.", ["notified", "not_notified"], required=True),
        "decided_on": date("When the decision was made.", required=True),
        "reason": text("Why: the reason for notifying or not.", required=True),
        "ofsted_reference": text("Ofsted's reference when notified."),
    }),
    "escalation_review_on": date("When an escalation review was held (needed when repeat_missing_episodes episodes fall "
                                 "within repeat_missing_days days)."),
    "strategy_meeting_on": date("When a strategy meeting was held, if one was."),
    "sent": list_of_records("Each time something about this episode was sent out of the home: what, when and to "
                            "whom (`mfc-docs notify --sent-to` adds these).", {
        "what": choice("missing_notification, return_notification or police_pack.",
                       ["missing_notification", "return_notification", "police_pack"], required=True),
        "at": datetime_("When it was sent.", required=True),
        "to": text("Who it was sent to (name, team, email address or portal).", required=True),
        "by": text("Who sent it."),
    }),
    "recorded_by": text("Who wrote this record (name and role).", required=True),
    "notes": text("Anything else."),
    "log": list_of_records("The live log: each step taken while the child was missing, as it was done.", LOG_FIELDS),
}

EPISODE_SCHEMA: Schema = {
    # Required so that a misspelt 'episode:' is caught; may be left empty (no episodes yet): the file is optional.
    "episodes": {**list_of_records("The child's missing episodes, oldest first. May be left empty.", EPISODE_FIELDS,
                                   required=True), "nullable": True},
}
