"""Schema of ``home_config.yaml``: the home, its contacts, its procedure and its time limits.

Time limits and review cycles have defaults taken from the statutory guidance
and common local protocols; a home whose protocol differs changes the number
here and every document that mentions it follows.
"""

from __future__ import annotations

from .common import colour as colour_
from .common import (
    Schema, choice, contact, contact_fields, date, email, list_of, list_of_records, list_of_text, list_of_wording, phone, record,
    text, whole_number, wording,
)

# Placeholders a checklist step may use, e.g. "Offer a return home interview within {rhi_within_hours} hours".
# Each names a field of time_limits or review_cycles.

STEP_FIELDS: Schema = {
    "action": wording("What to do, in a few plain words. May use {placeholders} for time limits.", required=True,
                      example="Search the home and grounds"),
    "who": wording("Who does it (a role, not a name: staff change).", required=True, example="Shift lead"),
    "when": wording("By when, e.g. 'within {confirm_missing_minutes} minutes'.", required=True, example="At once"),
}


def _checklist(help: str, colour: str) -> dict:
    return record(help, {
        "title": wording("Title printed in the coloured band.", required=True),
        "colour": colour_("Band colour as #RRGGBB.", default=colour),
        "intro": wording("One sentence under the title saying when to use this checklist."),
        "steps": list_of_records("The steps, in order.", STEP_FIELDS, required=True, min_items=1),
    }, required=True)


def _signs(help: str, colour: str) -> dict:
    return record(help, {
        "title": wording("Title printed in the coloured band.", required=True),
        "colour": colour_("Band colour as #RRGGBB.", default=colour),
        "intro": wording("One sentence under the title saying when to use this list."),
        "items": list_of_wording("The items to tick.", required=True, min_items=1),
    }, required=True)


def _risk_level(help: str) -> dict:
    return record(help, {
        "criteria": list_of_text("What typically puts a child at this level.", required=True, min_items=1),
        "response": list_of_wording("What staff do when a child at this level goes missing. May use {placeholders}.",
                                    required=True, min_items=1),
        "police_call": wording("How the police are called at this level, e.g. '999 at once'. May use {placeholders}.",
                            required=True),
    }, required=True)


# Time limits that were replaced, and what to write instead: one limit per duty, one clock start per limit.
RETIRED_TIME_LIMITS = {
    "police_notification_target_minutes": "police_within_minutes (with police_clock: discovery or confirmation)",
    "medium_risk_police_minutes": "police_within_minutes (with police_clock: discovery or confirmation)",
    "escalation_episodes_per_month": "repeat_missing_episodes and repeat_missing_days (a rolling window of days)",
}

HOME_SCHEMA: Schema = {
    "home": record("Who and where the home is.", {
        "name": text("The home's name as it appears on every document.", required=True, example="Larkspur House"),
        "provider": text("The organisation that runs the home."),
        "ofsted_urn": text("Ofsted unique reference number (URN).", example="SC999999"),
        "address": text("Postal address, one line per line of the address.", required=True),
        "phone": phone("The home's 24-hour phone number, given to the police.", required=True, example="01632 960100"),
        "email": email("The home's email address."),
        "host_local_authority": text("The local authority the home is in.", required=True),
        "protective_marking": text("Marking printed on every page about a child.", default="OFFICIAL-SENSITIVE"),
    }, required=True),
    "police": record("The local police force and the missing protocol the home follows.", {
        "force": text("Name of the local police force.", required=True, example="Westshire Police"),
        "emergency": phone("Emergency number.", required=True, example="999"),
        "non_emergency": phone("Non-emergency number.", required=True, example="101"),
        "say_when_reporting": text("The words to use when reporting.", default="Looked After Child - missing"),
        "local_protocol": text("The local runaway and missing protocol, e.g. the Philomena Protocol.", required=True),
        "local_definition": text("The local protocol's own wording of when a child is missing, if it has one; printed "
                                 "in the procedure beside the police's national definition."),
        "looked_after_minimum_risk": choice("Only if the local protocol says so: the lowest risk grading the force "
                                            "gives a looked-after child reported missing (medium or high). There is "
                                            "no national rule; leave it out when the protocol sets none.",
                                            ["medium", "high"]),
        "missing_team": contact("The force's missing persons team, if it has one."),
        "lawful_basis_for_sharing": text(
            "The lawful basis on which the home shares a child's information with the police, printed on every "
            "police pack and kept in report.json. A child's file may give its own.",
            example="UK GDPR Art. 6(1)(e) and 9(2)(g); DPA 2018 Sch. 1 para. 18 (safeguarding of children)"),
    }, required=True),
    "managers": record("The home's managers and the on-call rota.", {
        "registered_manager": contact("The Registered Manager (RM).", required=True, name_required=True, phone_required=True),
        "deputy_manager": contact("The deputy manager."),
        "on_call_manager": contact("The on-call manager rota (a rota phone number, not a person).", required=True),
        "responsible_individual": contact("The provider's Responsible Individual (RI)."),
        "safeguarding_lead": contact("The home's designated safeguarding lead, if not the Registered Manager."),
    }, required=True),
    "contacts": record("Agencies and helplines for the key contacts page.", {
        "emergency_duty_team": contact("The host local authority's Emergency Duty Team (evenings, nights, weekends)."),
        "mash": contact("The Multi-Agency Safeguarding Hub (MASH)."),
        "mace": contact("The exploitation hub or Missing and Child Exploitation (MACE) panel."),
        "rhi_provider": contact("Who carries out return home interviews for children placed by the host local "
                                "authority (a child placed from another area has the provider their placing "
                                "authority arranges: placement.rhi_provider in their file)."),
        "camhs_crisis": contact("The CAMHS crisis line."),
        "ofsted": contact("Ofsted, for Reg 40 notifications."),
        "nspcc": contact("NSPCC helpline."),
        "childline": contact("Childline."),
        "missing_people": contact("Missing People (116 000)."),
        "others": list_of_records("Any other contacts to print on the contacts page.",
                                  contact_fields(name_required=True)),
        "last_checked": date("When every number on the contacts page was last checked.", required=True),
        "checked_by": text("Who checked them."),
    }, required=True),
    "procedure": record("Version control of the missing-from-care procedure.", {
        "version": text("Version number.", required=True, example="3.1"),
        "owner": text("Who owns the procedure (usually the Registered Manager).", required=True),
        "approved_by": text("Who approved this version.", required=True),
        "approved_on": date("When this version was approved.", required=True),
        "next_review": date("When it must next be reviewed (at most a year after approval)."),
        "local_notes": list_of_text("Anything specific to this home or area that every member of staff must know."),
    }, required=True),
    "time_limits": record("Time limits from the local protocol: one per duty, each with one clock start. Each may be "
                          "used in the home's wording as {name}; so may the phrases ({police_deadline}, ...) built from "
                          "them, which say the clock start too.", {
        "confirm_missing_minutes": whole_number("Minutes from finding the child gone to deciding whether they are "
                                                "missing (searching and trying to reach them).", default=15,
                                                maximum=10080),
        "police_within_minutes": whole_number("Minutes within which the police are told a child is missing, counted "
                                              "from police_clock (a high-risk child: 999 at once).", default=30,
                                              maximum=10080),
        "police_clock": choice("When the police time limit starts: discovery (staff found the child gone) or "
                               "confirmation (the shift lead confirmed them missing).", ["discovery", "confirmation"],
                               default="discovery"),
        "contact_attempt_interval_minutes": whole_number("Minutes between attempts to phone or message the child.", default=30, maximum=10080),
        "rhi_offer_within_hours": whole_number("Hours after the child's return within which the return home interview "
                                               "is offered (the referral made).", default=24, maximum=8760),
        "rhi_within_hours": whole_number("Hours after the child's return within which the return home interview is "
                                         "held.", default=72, maximum=8760),
        "post_incident_review_working_days": whole_number("Working days after the child's return for the post-incident review.", default=5, maximum=260),
        "escalate_after_hours": whole_number("Hours missing, counted from finding the child gone, after which the case "
                                             "is escalated.", default=24, maximum=8760),
        "strategy_meeting_high_risk_hours": whole_number("Hours within which a strategy meeting is considered for a high-risk child.", default=24, maximum=8760),
        "strategy_meeting_working_days": whole_number("Working days within which the local authority usually holds a strategy meeting.", default=3, maximum=260),
        "repeat_missing_episodes": whole_number("Episodes within repeat_missing_days days (a rolling window, not a "
                                                "calendar month) that call for an escalation review.", default=3,
                                                minimum=2, maximum=100),
        "repeat_missing_days": whole_number("The rolling window, in days, for repeat_missing_episodes.", default=30,
                                            minimum=1, maximum=366),
    }, default={}),
    "review_cycles": record("How often things are reviewed; used for warnings and due dates.", {
        "risk_assessment_days": whole_number("Days between risk assessment reviews.", default=31, minimum=1, maximum=3660),
        "police_information_days": whole_number("Days between reviews of the police information.", default=31, minimum=1, maximum=3660),
        "photo_max_age_months": whole_number("Months after which a photo is too old.", default=3, minimum=1, maximum=120),
        "contacts_check_months": whole_number("Months between checks of the contacts page.", default=3, minimum=1, maximum=120),
        "procedure_review_months": whole_number("Months between reviews of the procedure.", default=12, minimum=1, maximum=12),
        "due_soon_days": whole_number("Days ahead that 'due soon' looks.", default=7, minimum=0, maximum=366),
    }, default={}),
    "risk_levels": record("What each risk level means here and the response it triggers.", {
        "high": _risk_level("High risk."),
        "medium": _risk_level("Medium risk."),
        "low": _risk_level("Low risk."),
    }, required=True),
    "checklists": record("The laminated checklists for the shift folder.", {
        "immediate_response": _checklist("First 30 minutes after a child cannot be found.", "#B71C1C"),
        "ongoing_response": _checklist("While the child is still missing.", "#E65100"),
        "return": _checklist("When the child comes back.", "#1B5E20"),
        "post_incident_review": _checklist("The review after every episode.", "#0D47A1"),
        "early_warning_signs": _signs("Signs that a child may be about to go missing.", "#4A148C"),
        "prevention_environment": _signs("The manager's checks of the home that make going missing less likely.", "#37474F"),
    }, required=True),
    "email": record("Reminders by email (`mfc-docs check --email`): the home's own mail server and who gets the "
                    "overdue list. The password is never written here: set the environment variable named in "
                    "password_env, or keep it in the system keyring.", {
        "smtp_host": text("The mail server's name, e.g. 'smtp.example.org'.", required=True),
        "smtp_port": whole_number("Its port: usually 587 with starttls, 465 with tls.", default=587, maximum=65535),
        "security": choice("starttls (port 587), tls (port 465) or none (only for a server on this computer).",
                           ["starttls", "tls", "none"], default="starttls"),
        "username": text("The login name for the mail server, if it asks for one."),
        "password_env": text("The environment variable that holds the password.", default="MFC_DOCS_SMTP_PASSWORD"),
        "from": email("The address the reminders come from.", required=True),
        "to": list_of("Who gets the overdue and due-soon list (email addresses).", email("An email address."),
                      required=True, min_items=1),
    }),
    "training": list_of_records("Training every member of staff has on missing from care.", {
        "topic": text("What the training covers.", required=True),
        "who": text("Who must complete it.", required=True),
        "when": text("When and how often.", required=True),
    }),
}
