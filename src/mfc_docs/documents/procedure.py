"""The home's missing-from-care procedure: one per home, reviewed at least once a year.

This is the home's missing child policy (Children's Homes (England)
Regulations 2015, reg. 34(4)). It says how staff prevent missing episodes,
spot the warning signs, grade the risk, respond in the first minutes, report
to the police, escalate, welcome the child back, arrange the return home
interview, review the episode, decide on a Reg 40 notification and record it
all, and how the manager oversees the whole. It ends with training, local
notes and document control.

Everything specific to the home comes from ``home_config.yaml``: its
checklists, risk levels, training and local notes, and every time limit
(``limits.*``), so a home whose protocol says "return home interview offered
within 24 hours" prints 24 everywhere. Lists of fixed wording that mention a
time limit are written with ``{placeholders}`` and filled like the home's own
checklist steps.
"""

from __future__ import annotations

from typing import Any, Iterable

from .context import contact, home_summary, limits, meta, risk_summary, shown, professional
from ..rules.dates import british_date
from ..rules.review_cycles import procedure_review_due
from ..input.home_data import HomeData
from ..rules.placeholders import fill
from ..input.checks import rhi_provider_of
from .base import Document, DocumentKind
from .blocks import Bullets, Fields, ForEach, Heading, If, Layout, Notice, Table, Text, WriteIn

TITLE = "Missing-from-care procedure"

SECTIONS = (
    "Purpose and scope",
    "The law and guidance behind this procedure",
    "Words we use",
    "Prevention and early warning signs",
    "Risk levels and the response each one triggers",
    "When a child cannot be found: the first steps",
    "What to give the police",
    "While the child is still missing: escalation",
    "When the child comes back",
    "Return home interviews",
    "Post-incident review",
    "Notifications and the Reg 40 decision",
    "Recording standards",
    "The manager's oversight and monthly review",
    "Training",
    "Local notes",
    "Contact details in full",
    "Document control",
)


def _contacts_in_full(config: dict) -> list[dict[str, str]]:
    """Every contact the home has recorded, with every detail (email, web, hours, notes)."""
    from .key_contacts import GROUPS

    rows = [professional(label, config[section].get(key)) for _, entries in GROUPS
            for section, key, label in entries if config[section].get(key)]
    if config["managers"].get("safeguarding_lead"):
        rows.append(professional("Safeguarding lead", config["managers"]["safeguarding_lead"]))
    rows += [professional(other.get("role") or other["name"], other) for other in config["contacts"].get("others") or []]
    return rows


def _section(number: int) -> Heading:
    return Heading(f"{number}. {SECTIONS[number - 1]}", 2)


def _steps(key: str, *, widths: tuple[float, ...] = (0.55, 6.2, 2.3, 2.5)) -> Table:
    """One of the home's checklists as a numbered table (the laminated sheet has the tick boxes)."""
    return Table(f"checklists.{key}.steps",
                 (("", "loop.index"), ("Action", "row.action"), ("Who", "row.who"), ("By when", "row.when")),
                 widths=widths)


# Fixed wording, section by section. {placeholders} are filled from the home's time limits (and
# police numbers), exactly like the home's own checklist steps, so no time limit is written in here.

# Section 2: the Children's Homes (England) Regulations 2015.
LAW = (
    "Regulation 12, the protection of children standard: the home keeps each child safe from harm, helps them "
    "learn to keep themselves safe, and runs its daily care with that in mind.",
    "Regulation 34: the home has child protection policies and follows them. Regulation 34(4) requires a policy "
    "for when a child is missing. This procedure is that policy.",
    "Regulation 40: the registered person (the provider, and the Registered Manager, who acts for it day to day) "
    "tells Ofsted and other relevant people without delay about serious events, including a child protection "
    "enquiry involving a child (reg. 40(4)(d)); see section 12.",
    "Regulation 14(2)(e): when a child is at serious risk of harm, for example because they keep going missing, the "
    "Registered Manager asks the placing authority to review the child's care plan.",
)

# Section 3: the definitions every record, handover and call uses.
DEFINITIONS = {
    "missing": "A looked-after child who is not at the home, or not where they are expected to be, and nobody knows "
               "where they are. Report to the police and tell the manager and the social worker (the EDT out of "
               "hours) at once. The record starts from the moment the child was found to be gone.",
    "away": "You know where the child is, but they are not where they should be: for example, staying at a friend's "
            "house without permission. Some toolkits call this \"absent\". Tell the placing authority, keep in touch "
            "with the child and keep checking. If you lose contact, or start to worry about their safety, they are "
            "missing: go to section 6.",
    "unauthorised": "A child is away without permission but is not missing: for example, a little late back from an "
                    "agreed activity, answering their phone and on their way. Keep trying to reach them and tell the "
                    "shift lead and the manager. If anything changes, or you cannot reach them, treat them as missing.",
    "police": "Under the College of Policing's current guidance (Authorised Professional Practice), anyone whose "
              "whereabouts cannot be established is treated as missing until they are found and their well-being, "
              "or otherwise, is confirmed. The police then grade each report on a scale of risk that runs from no "
              "apparent risk (which some forces call \"absent\") up to high. {risk_floor} In our records write "
              "\"missing\" or \"away from placement without authorisation\", never just \"absent\".",
    "rhi": "A conversation offered to the child after every missing episode, however short, with someone who does not "
           "work at the home. The referral is made and the interview offered {rhi_offer_deadline}; it is held "
           "{rhi_deadline} (section 10).",
}

# Section 6.
FIRST_MINUTES = (
    "Write down the time you found the child gone. Each time limit below says when it starts.",
    "Search and try to reach the child, and decide {confirm_deadline} whether they are missing.",
    "Tell the police {police_deadline}, whatever the risk level; a high-risk child at once on "
    "{police_emergency}.",
    "{police_calls}",  # each level's police_call, in the home's own words
    "When you call, say \"{say_when_reporting}\".",
)

# Section 7: the two parts of the police information pack.
POLICE_PACK = {
    "part_1": "In the shift folder, ready to hand over, with a one-page summary first: who the child is, that "
              "they are looked after and by which council, a description and a recent photo, phones and social media, people and places, risks, health "
              "needs and missing history, each with how current it is. It is checked every {police_information_days} "
              "days and after every episode; the photo is never more than {photo_max_age_months} months old.",
    "part_2": "When staff found the child gone, when, where and with whom last seen, clothing, why you are "
              "worried and whether it is unusual for them, what they took, what happened before, direction of "
              "travel, what you have done so far, the police reference and who reported.",
}

# Section 8: escalation triggers, (when, what happens).
ESCALATION = (
    ("The child is high risk",
     "Ask the social worker (or the EDT) to consider a strategy meeting within {strategy_meeting_high_risk_hours} "
     "hours. Ask the police to involve their missing persons team."),
    ("The risk goes up, or you hear something that suggests harm",
     "Reassess the risk level with the on-call manager. If it is now high, call {police_emergency} and tell the "
     "police what has changed."),
    ("Still missing {escalate_deadline}",
     "The on-call manager asks the police to review their risk grading, alerts senior managers and the "
     "Responsible Individual, and makes sure the child's IRO knows."),
    ("A strategy meeting is called",
     "The local authority usually holds it within {strategy_meeting_working_days} working days. The manager or "
     "key worker goes, with the child's risk assessment and the missing log."),
    ("Any sign of sexual or criminal exploitation",
     "The manager refers to the exploitation hub (MACE), through the MASH if needed, and considers a Reg 40 "
     "notification."),
    ("Repeat missing: {repeat_missing_rule} (a rolling count, not a calendar month)",
     "The Registered Manager holds an escalation review with the social worker within "
     "{post_incident_review_working_days} working days of the return that reached the number; the count starts "
     "again after it. If the plan is not keeping the "
     "child safe, the manager asks the placing authority to review the care plan (reg. 14(2)(e)) and escalates "
     "if no review takes place."),
)

# Section 10.
RHI = (
    "Referral and offer: the manager makes the referral so that the interview is offered {rhi_offer_deadline}. "
    "Tell the child what it is and that it is theirs.",
    "Held: {rhi_deadline}.",
    "Who arranges it: for a child placed by {host_local_authority}, the home's provider; for a child placed from "
    "another area, the placing (responsible) authority arranges it, with its own provider. The table below names "
    "each child's provider; their risk assessment and the contacts page say the same.",
    "Refused: record that the child said no, and why if they say. Offer again later, perhaps with someone else, "
    "somewhere else or at another time. A child can change their mind.",
    "Not arranged: if the placing authority does not arrange an independent interview in time, the manager "
    "challenges it in writing and keeps a copy.",
    "Afterwards: the manager reads the summary, shares what matters with the social worker, acts on it and updates "
    "the child's risk assessment.",
    "Record it in the missing log as offered, accepted, declined or pending.",
)

# Section 12: who is told about an episode, (who, when, who tells them).
NOTIFY = (
    ("The police", "As soon as the child is confirmed missing, with every new piece of information, and when "
     "the child is back", "Shift lead"),
    ("The on-call manager (or the Registered Manager)", "Straight after the police", "Shift lead"),
    ("The child's social worker, or the EDT out of hours", "Straight after the manager; at once for a high-risk "
     "child", "Shift lead"),
    ("The placing authority, when it is not the host council", "The same day; out of hours through its own EDT",
     "On-call manager"),
    ("Parents and others with parental responsibility", "As the child's care plan says", "As agreed in the care "
     "plan"),
    ("The child's IRO", "{escalate_deadline}, and after every episode", "Registered Manager"),
    ("The child's school", "By the start of the next school day if the child will miss it", "Key worker"),
    ("Ofsted", "Without delay, when the episode is a Reg 40 event", "The registered person: the Registered Manager "
     "(the on-call manager out of hours) acts for them"),
)

# Section 13.
RECORDING = (
    "Start the missing log the moment anyone finds the child gone. Give every entry the date, the time (24-hour "
    "clock) and your name and role.",
    "Record every attempt to reach the child: the time, how (call, text, social media) and what happened.",
    "Record every call to the police, a manager, the social worker or the EDT: the time, who you spoke to and any "
    "reference number.",
    "Record places checked, CCTV, contacts with family and friends, sightings and other information, with where "
    "each came from.",
    "Record when and how the child came back, and how they were: injuries, mood, drink or drugs, belongings.",
    "Write what the child says in their own words, in quotation marks, with who said it, who heard it and when. "
    "Do not sum up or explain a disclosure.",
    "Keep facts and opinions apart; say when something is your opinion and why you think it.",
    "Write as it happens. If you add something later, say when. Never change or remove an earlier entry.",
    "Record the return home interview (offered, accepted, declined or pending) and the Reg 40 decision, with its "
    "reason and any Ofsted reference.",
)

# Section 14.
OVERSIGHT = (
    "Every child's risk assessment is reviewed at least every {risk_assessment_days} days, and again after every "
    "missing episode.",
    "Every child's police information (Part 1) is checked at least every {police_information_days} days. Each "
    "child's photo is no older than {photo_max_age_months} months, and consent to share it is recorded.",
    "The numbers on the key contacts page are checked at least every {contacts_check_months} months.",
    "The prevention checks in section 4 are worked through every month.",
    "Every episode has its post-incident review within {post_incident_review_working_days} working days, and every "
    "child has been offered a return home interview.",
    "The missing logs, the Reg 40 log and the return home interview summaries are read and signed.",
)

DASHBOARD = (
    "Episodes this month compared with earlier months, and whether they are getting longer or shorter.",
    "When episodes start: the time of day and the day of the week.",
    "How often the police were told {police_deadline}, the average time it took, and the time to telling the "
    "social worker or EDT.",
    "Reg 40 decisions, and the notifications made.",
    "Return home interviews offered {rhi_offer_deadline} (target: every episode) and held {rhi_deadline} "
    "(target: at least 80% of those offered).",
    "Post-incident reviews held within {post_incident_review_working_days} working days (target: every episode).",
    "The risk assessment reviewed after every episode, each against the review that followed it.",
    "Every time a child had {repeat_missing_rule}, and whether the escalation review was held in time.",
)

LAYOUT = Layout(blocks=(
    # ---- title page ----------------------------------------------------------------------------
    Heading("{{ home.name }}: missing-from-care procedure"),
    Text("How staff at {{ home.name }} help children stay safe and stay put, and what every member of staff does "
         "when a child cannot be found, while they are missing and when they come back. Read it before your first "
         "shift, and again whenever it changes.", "lead"),
    Notice("A child cannot be found right now? Do not stop to read this. Use the red checklist in the shift folder "
           "(section 6 is the same list). If you think the child is in danger, call {{ home.police_emergency }} "
           "now.", "danger"),
    If("overdue", (Notice("{{ overdue }}", "warning"),)),
    Fields((
        ("Home", "home.name ~ (', Ofsted URN ' ~ home.urn if home.urn else '')"),
        ("Run by", "home.provider or 'Not recorded'"),
        ("Address", "home.address_line"),
        ("Phone (always answered) and email", "home.phone ~ ('\n' ~ home.email if home.email else '')"),
        ("Version", "procedure.version"),
        ("Owner", "procedure.owner"),
        ("Approved by", "procedure.approved_by"),
        ("Approved on", "procedure.approved_on"),
        ("Next review due", "procedure.next_review"),
        ("Local protocol", "home.local_protocol"),
        ("Police force", "home.police_force"),
    )),
    Text("Contents", "strong"),
    Text("{{ contents | join('\n') }}"),

    # ---- 1 -------------------------------------------------------------------------------------
    _section(1),
    Text("This is the missing child policy of {{ home.name }}: what we do to make it less likely that a child goes "
         "missing, and exactly what to do if one does. It applies to everyone who works here (permanent, bank, "
         "agency and sleep-in staff, and every manager on call) and to every child who lives here."),
    Text("Use it with each child's own risk assessment, response card and police information pack. If they ever "
         "seem to disagree, take the safer course and tell the manager."),
    Notice("A child who goes missing is at risk, not in trouble. We never wait to report, we keep trying to reach "
           "the child, we welcome them back without blame, and we learn from every episode.", "info",
           label="OUR APPROACH"),

    # ---- 2 -------------------------------------------------------------------------------------
    _section(2),
    Text("The Children's Homes (England) Regulations 2015", "strong"),
    Bullets("law"),
    Text("Statutory guidance on children who run away or go missing from home or care (Department for Education, "
         "January 2014)", "strong"),
    Text("Sets out what councils, the police and homes must each do when a child goes missing, including the "
         "independent return home interview. It also defines the words in section 3."),
    Text("The local protocol", "strong"),
    Text("{{ home.local_protocol }}, followed by {{ home.police_force }} and {{ home.host_local_authority }}. This "
         "procedure follows it. When the protocol changes, this procedure is reviewed."),
    Text("Each child's placement plan and care plan should also set out how to reduce the risk of that child going "
         "missing. Ask for it at the placement meeting if it is not there."),

    # ---- 3 -------------------------------------------------------------------------------------
    _section(3),
    Text("Use these words the same way in every record, handover and phone call. When two people use different "
         "words for the same thing, they respond differently too, and the child is less safe."),
    Fields((
        ("Missing from care", "definitions.missing"),
        ("Away from placement without authorisation", "definitions.away"),
        ("Unauthorised absence", "definitions.unauthorised"),
        ("What \"missing\" means to the police", "definitions.police"),
        ("The local protocol's wording", "definitions.local"),
        ("Return home interview (RHI)", "definitions.rhi"),
    )),

    # ---- 4 -------------------------------------------------------------------------------------
    _section(4),
    Text("Children are less likely to go missing from a home where they feel safe, listened to and cared about. "
         "Most episodes have a reason, and there are often signs beforehand."),
    Text("The manager's prevention checks", "strong"),
    Text("The Registered Manager checks the home against this list every month and at each Reg 44 visit:"),
    Bullets("checklists.prevention_environment.entries"),
    Text("Early warning signs", "strong"),
    Text("If you notice any of these, tell the shift lead, write it in the daily record and raise it at handover:"),
    Bullets("checklists.early_warning_signs.entries"),
    Text("One sign on its own may mean nothing. Several together, or a change from how the child usually is, should "
         "make you more alert. Each child's risk assessment lists their own triggers. Talk with the child and ask "
         "what is going on. Do not threaten or punish: that makes going missing more likely, not less."),

    # ---- 5 -------------------------------------------------------------------------------------
    _section(5),
    Text("At the start of every episode the shift lead decides the child's risk level, using the child's response "
         "card and what is happening now. Do not just copy the level from the risk assessment. If anything is worse "
         "than usual, raise the level. If in doubt, choose the higher one."),
    ForEach("risk_levels", "level", (
        Notice("{{ level.word }} risk: {{ level.police_call }}", tone_expr="level.tone", label=""),
        # a one-row table, so the two lists sit side by side and the header names the level again
        Table("level.side_by_side", (("Typical signs of {{ level.word | lower }} risk", "row.criteria"),
                                     ("What you do at {{ level.word | lower }} risk", "row.response")),
              widths=(4, 6)),
    )),
    Text("The police make their own risk grading when you report. Tell them the home's level and why. Whatever the "
         "level, the police are always told. If anything changes while the child is away, reassess the level and "
         "tell the police."),

    # ---- 6 -------------------------------------------------------------------------------------
    _section(6),
    Text("Start at once: every minute matters, and the record starts now. There is no rule that you must wait a "
         "set time before reporting a child missing."),
    Bullets("first_minutes"),
    _steps("immediate_response"),
    Text("The laminated copy of these steps, with tick boxes, is in the shift folder, next to the key contacts page "
         "with every number you need. Never leave the other children without enough staff, and do not put yourself "
         "at risk to search.", "small"),

    # ---- 7 -------------------------------------------------------------------------------------
    _section(7),
    Text("The police need to know who the child is, what they look like, who they may be with and why you are "
         "worried. Each child has a police information pack in two parts, following the Philomena Protocol."),
    Fields((
        ("Part 1: kept ready", "police_pack.part_1"),
        ("Part 2: completed when you report", "police_pack.part_2"),
    )),
    Text("Printing the pack with Part 2 filled in", "strong"),
    Text("On the office computer, in the home's folder, run:"),
    Notice("mfc-docs report <child id>", "info", label=""),
    Table("report_commands", (("Young person", "row.name"), ("Command to print their police pack", "row.command")),
          widths=(4, 6), empty="No young people are recorded yet."),
    Text("The child id is the name of the child's folder in young_people. The command asks for each Part 2 detail "
         "(press Enter to leave a line to write in by hand); the last line it prints is the PDF to print. If the "
         "computer is not working, hand over the printed pack from the shift folder and fill in Part 2 by hand."),
    Text("Give the police what they need and nothing more: never passwords, bank details or therapy notes. The pack "
         "is marked {{ home.marking }}. Hand it only to the police, and write down the officer's name, the time and "
         "the reference number."),

    # ---- 8 -------------------------------------------------------------------------------------
    _section(8),
    Text("Once the police, the manager and the social worker know, keep going. Keep trying to reach the child, pass "
         "on everything new and keep the log up to date."),
    _steps("ongoing_response"),
    Text("When to go higher", "strong"),
    Table("escalation", (("When", "row.trigger"), ("What happens", "row.action")), widths=(3.2, 7)),

    # ---- 9 -------------------------------------------------------------------------------------
    _section(9),
    Text("Welcome the child back. Whatever has happened, the first thing they should feel is that you are glad they "
         "are safe. Do not tell them off, question them at length or punish them for going missing."),
    Text("Check their welfare straight away: injuries, illness, drink or drugs, distress, and whether they need "
         "medication they missed. Get medical help if they need it. Tell the police the child is back, with the "
         "reference number; the police may want to see the child to check they are safe and well."),
    _steps("return"),
    Text("If the child tells you about harm, or that someone has hurt or used them, do not press for details. Write "
         "down what they said in their own words, tell the manager at once and follow the safeguarding procedure."),

    # ---- 10 ------------------------------------------------------------------------------------
    _section(10),
    Text("After every episode, however short, the child is offered a return home interview with someone "
         "independent of the home. It is the child's chance to say why they went, where they were, what happened "
         "and what would help."),
    Bullets("rhi"),
    Table("rhi_providers", (("Young person", "row.name"), ("Placed by", "row.placed_by"),
                            ("Who carries out the interview", "row.provider")),
          widths=(2.6, 3.4, 6), empty="No young people are recorded yet. For children placed by "
                                      "{{ home.host_local_authority }}: {{ rhi_provider.line }}"),

    # ---- 11 ------------------------------------------------------------------------------------
    _section(11),
    Text("The Registered Manager reviews every episode within {{ limits.post_incident_review_working_days }} working "
         "days of the child coming back. Working days are Monday to Friday; England and Wales bank holidays do not "
         "count. The review is about learning, not blame."),
    _steps("post_incident_review"),

    # ---- 12 ------------------------------------------------------------------------------------
    _section(12),
    Text("Who is told, when, and by whom", "strong"),
    Table("notify", (("Who", "row.who"), ("When", "row.when"), ("Who tells them", "row.by")), widths=(3.6, 4.6, 2.4)),
    Text("The Reg 40 decision", "strong"),
    Text("Regulation 40 puts the duty on the registered person: the provider, and the Registered Manager, who acts "
         "for it day to day. They must tell Ofsted, and other relevant people such as the placing authority, without "
         "delay about serious events. Around a missing child that means: the child is, or is suspected of being, "
         "sexually exploited; something happened that needed the police and that the registered person considers "
         "serious; or there is a child protection enquiry (section 47) involving the child (reg. 40(4)(d)), which "
         "includes one started during or after an episode. Many missing episodes meet this; not all do."),
    Text("For every episode the Registered Manager (or the on-call manager out of hours) decides for the registered "
         "person, and records in the "
         "Reg 40 log: the decision, the reason for it, who decided and when, and the Ofsted reference when Ofsted "
         "was notified. A decision not to notify needs a reason as much as a decision to notify."),
    Fields((("Ofsted", "ofsted.line"),)),
    If("ofsted.website", (Text("Online: {{ ofsted.website }}", "small"),)),
    If("ofsted.notes", (Text("{{ ofsted.notes }}", "small"),)),

    # ---- 13 ------------------------------------------------------------------------------------
    _section(13),
    Text("A good record lets someone who was not there see exactly what happened, when, and who did it. The police, "
         "the social worker, Ofsted and one day the child may all read it."),
    Bullets("recording"),

    # ---- 14 ------------------------------------------------------------------------------------
    _section(14),
    Text("The Registered Manager makes sure this procedure works in practice, not only on paper. Each month the "
         "manager checks that:"),
    Bullets("oversight"),
    Text("The monthly dashboard", "strong"),
    Text("Each month the manager also looks at missing episodes across the whole home:"),
    Bullets("dashboard"),
    Text("The dashboard and the Reg 40 log are shown to the independent person at each monthly Regulation 44 visit, "
         "and used in the manager's Regulation 45 review of the quality of care. Patterns are shared with placing "
         "authorities and discussed at team meetings."),

    # ---- 15 ------------------------------------------------------------------------------------
    _section(15),
    Text("Everyone reads this procedure before their first shift, agency staff included, and signs to say they "
         "have. Missing from care is discussed in supervision and team meetings. The training every member of "
         "staff must complete:"),
    Table("training", (("Training", "row.topic"), ("Who", "row.who"), ("When", "row.when")), widths=(4.6, 3, 3),
          empty="No training is listed yet. The Registered Manager adds it under training: in home_config.yaml."),

    # ---- 16 ------------------------------------------------------------------------------------
    _section(16),
    Text("What every member of staff must know about {{ home.name }} and {{ home.host_local_authority }}:"),
    Bullets("procedure.local_notes", empty="No local notes."),

    # ---- 17 ------------------------------------------------------------------------------------
    _section(17),
    Text("The key contacts page in the shift folder has the numbers; here is everything recorded for each contact."),
    Table("contacts_in_full", (
        ("Who", "row.label ~ '\n' ~ row.who"), ("Phone", "row.phones"), ("Email or web", "row.reach"),
        ("Hours and notes", "row.when"),
    ), widths=(3.6, 2.6, 3, 3)),
    _section(18),
    Fields((
        ("Version", "procedure.version"),
        ("Owner", "procedure.owner"),
        ("Approved by", "procedure.approved_by"),
        ("Approved on", "procedure.approved_on"),
        ("Next review due", "procedure.next_review"),
    )),
    Text("This procedure is reviewed at least every {{ limits.procedure_review_months }} months, and sooner when "
         "the law, the statutory guidance or the local protocol changes, after a serious incident, or when an "
         "inspection or Reg 44 visit shows a gap. After each review the owner updates the version, the approval "
         "date and the next review date in home_config.yaml and makes every document again."),
    Text("Made by mfc-docs from home_config.yaml on {{ meta.generated }}. Every time limit in it comes from the "
         "home's own settings, so it matches the checklists and each child's documents.", "small"),
    WriteIn((("Approved (signature)", "''", 1), ("Date", "''", 1))),
))


def build(home: HomeData) -> list[Document]:
    config = home.config
    procedure = config["procedure"]
    values = limits(config)
    summary = home_summary(config)
    risk_levels = [_risk_level(config, level) for level in ("high", "medium", "low")]
    floor = config["police"].get("looked_after_minimum_risk")
    risk_floor = (f"Under the local protocol, {summary['police_force']} grades a looked-after child reported missing "
                  f"as at least {floor} risk." if floor else
                  "There is no national rule that a looked-after child is graded at least medium risk; the grading "
                  "depends on the child and the circumstances.")
    words = {**values, "police_emergency": summary["police_emergency"], "risk_floor": risk_floor,
             "host_local_authority": summary["host_local_authority"],
             "say_when_reporting": summary["say_when_reporting"],
             "police_calls": " ".join(f"{r['word']} risk: {r['police_call'].rstrip('.')}." for r in risk_levels)}
    next_review = procedure_review_due(procedure, values)
    version = procedure["version"]
    context = {
        "meta": meta(home, TITLE, "", version),
        "home": summary,
        "limits": values,
        "procedure": {
            "version": version,
            "owner": procedure["owner"],
            "approved_by": procedure["approved_by"],
            "approved_on": british_date(procedure["approved_on"]),
            "next_review": british_date(next_review),
            "local_notes": list(procedure.get("local_notes") or []),
        },
        "overdue": (f"This procedure was due for review on {british_date(next_review)}. The owner must review it, "
                    "then update the version, approval date and next review date."
                    if next_review < home.today else ""),
        "definitions": {**{key: fill(text, words) for key, text in DEFINITIONS.items()},
                        "local": config["police"].get("local_definition")
                        or f"{summary['local_protocol']} uses the police definition above."},
        "rhi_providers": [_rhi_row(child, config) for child in home.children],
        "contents": [f"{number}. {title}" for number, title in enumerate(SECTIONS, start=1)],
        "law": list(LAW),
        "first_minutes": _filled(FIRST_MINUTES, words),
        "checklists": _checklists(config, values),
        "risk_levels": risk_levels,
        "police_pack": {key: fill(text, words) for key, text in POLICE_PACK.items()},
        "escalation": [{"trigger": fill(when, words), "action": fill(what, words)} for when, what in ESCALATION],
        "rhi_provider": contact(config["contacts"].get("rhi_provider")),
        "rhi": _filled(RHI, words),
        "notify": [{"who": who, "when": fill(when, words), "by": by} for who, when, by in NOTIFY],
        "ofsted": contact(config["contacts"].get("ofsted")),
        "recording": list(RECORDING),
        "oversight": _filled(OVERSIGHT, words),
        "dashboard": _filled(DASHBOARD, words),
        "training": [{"topic": t["topic"], "who": t["who"], "when": t["when"]} for t in config.get("training") or []],
        "contacts_in_full": _contacts_in_full(config),
        "report_commands": [{"name": child.known_as,
                             "command": f"mfc-docs report {child.id}"} for child in home.children],
    }
    return [Document(
        kind=KIND.name, young_person=None, folder="home", stem="missing-from-care-procedure",
        title=f"{TITLE}: {summary['name']}", subject=TITLE, context=context, layout=LAYOUT,
        template=KIND.template,
    )]


def _rhi_row(child, config: dict) -> dict[str, str]:
    """Each child's return home interview provider: their placing authority's when placed from another area."""
    provider = rhi_provider_of(child.data, config)
    placed_by = child.data["placement"]["placing_authority"]
    if provider:
        line = contact(provider)["line"]
    else:
        line = (f"Arranged by {placed_by}: provider not recorded yet. Ask the social worker, and add it to the "
                "child's file (placement.rhi_provider).")
    return {"name": child.known_as, "placed_by": placed_by,
            "provider": line}


def _risk_level(config: dict, level: str) -> dict[str, Any]:
    """context.risk_summary, plus its two lists as one table row of bulleted lines (signs beside response)."""
    summary = risk_summary(config, level)
    bulleted = lambda lines: "\n".join(f"\u2022 {line}" for line in lines)  # noqa: E731
    summary["side_by_side"] = [{"criteria": bulleted(summary["criteria"]), "response": bulleted(summary["response"])}]
    return summary


def _filled(lines: Iterable[str], values: dict[str, Any]) -> list[str]:
    return [fill(line, values) for line in lines]


def _checklists(config: dict, values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every checklist of the home with its {placeholders} filled: steps as action/who/when, items as ``entries``."""
    result = {}
    for key, checklist in config["checklists"].items():
        result[key] = {
            "title": fill(checklist["title"], values),
            "intro": fill(shown(checklist.get("intro"), ""), values),
            "steps": [{part: fill(step[part], values) for part in ("action", "who", "when")}
                      for step in checklist.get("steps") or []],
            "entries": _filled(checklist.get("items") or [], values),  # not "items": dict.items
        }
    return result


KIND = DocumentKind(name="procedure", title=TITLE, scope="home", template="procedure.docx",
                    layout=LAYOUT, build=build)
