"""The procedure's layout: its sections in order, written once for both Word and PDF.

``procedure.build`` fills the context this layout reads; the fixed wording is in ``procedure_wording``.
"""

from __future__ import annotations

from .blocks import Bullets, Fields, ForEach, Heading, If, Layout, Notice, Table, Text, WriteIn

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


def section_heading(number: int) -> Heading:
    return Heading(f"{number}. {SECTIONS[number - 1]}", 2)


def checklist_steps(key: str, *, widths: tuple[float, ...] = (0.55, 6.2, 2.3, 2.5)) -> Table:
    """One of the home's checklists as a numbered table (the laminated sheet has the tick boxes)."""
    return Table(f"checklists.{key}.steps",
                 (("", "loop.index"), ("Action", "row.action"), ("Who", "row.who"), ("By when", "row.when")),
                 widths=widths)



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
    section_heading(1),
    Text("This is the missing child policy of {{ home.name }}: what we do to make it less likely that a child goes "
         "missing, and exactly what to do if one does. It applies to everyone who works here (permanent, bank, "
         "agency and sleep-in staff, and every manager on call) and to every child who lives here."),
    Text("Use it with each child's own risk assessment, response card and police information pack. If they ever "
         "seem to disagree, take the safer course and tell the manager."),
    Notice("A child who goes missing is at risk, not in trouble. We never wait to report, we keep trying to reach "
           "the child, we welcome them back without blame, and we learn from every episode.", "info",
           label="OUR APPROACH"),

    # ---- 2 -------------------------------------------------------------------------------------
    section_heading(2),
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
    section_heading(3),
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
    section_heading(4),
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
    section_heading(5),
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
    section_heading(6),
    Text("Start at once: every minute matters, and the record starts now. There is no rule that you must wait a "
         "set time before reporting a child missing."),
    Bullets("first_minutes"),
    checklist_steps("immediate_response"),
    Text("The laminated copy of these steps, with tick boxes, is in the shift folder, next to the key contacts page "
         "with every number you need. Never leave the other children without enough staff, and do not put yourself "
         "at risk to search.", "small"),

    # ---- 7 -------------------------------------------------------------------------------------
    section_heading(7),
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
    section_heading(8),
    Text("Once the police, the manager and the social worker know, keep going. Keep trying to reach the child, pass "
         "on everything new and keep the log up to date."),
    checklist_steps("ongoing_response"),
    Text("When to go higher", "strong"),
    Table("escalation", (("When", "row.trigger"), ("What happens", "row.action")), widths=(3.2, 7)),

    # ---- 9 -------------------------------------------------------------------------------------
    section_heading(9),
    Text("Welcome the child back. Whatever has happened, the first thing they should feel is that you are glad they "
         "are safe. Do not tell them off, question them at length or punish them for going missing."),
    Text("Check their welfare straight away: injuries, illness, drink or drugs, distress, and whether they need "
         "medication they missed. Get medical help if they need it. Tell the police the child is back, with the "
         "reference number; the police may want to see the child to check they are safe and well."),
    checklist_steps("return"),
    Text("If the child tells you about harm, or that someone has hurt or used them, do not press for details. Write "
         "down what they said in their own words, tell the manager at once and follow the safeguarding procedure."),

    # ---- 10 ------------------------------------------------------------------------------------
    section_heading(10),
    Text("After every episode, however short, the child is offered a return home interview with someone "
         "independent of the home. It is the child's chance to say why they went, where they were, what happened "
         "and what would help."),
    Bullets("rhi"),
    Table("rhi_providers", (("Young person", "row.name"), ("Placed by", "row.placed_by"),
                            ("Who carries out the interview", "row.provider")),
          widths=(2.6, 3.4, 6), empty="No young people are recorded yet. For children placed by "
                                      "{{ home.host_local_authority }}: {{ rhi_provider.line }}"),

    # ---- 11 ------------------------------------------------------------------------------------
    section_heading(11),
    Text("The Registered Manager reviews every episode within {{ limits.post_incident_review_working_days }} working "
         "days of the child coming back. Working days are Monday to Friday; England and Wales bank holidays do not "
         "count. The review is about learning, not blame."),
    checklist_steps("post_incident_review"),

    # ---- 12 ------------------------------------------------------------------------------------
    section_heading(12),
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
    section_heading(13),
    Text("A good record lets someone who was not there see exactly what happened, when, and who did it. The police, "
         "the social worker, Ofsted and one day the child may all read it."),
    Bullets("recording"),

    # ---- 14 ------------------------------------------------------------------------------------
    section_heading(14),
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
    section_heading(15),
    Text("Everyone reads this procedure before their first shift, agency staff included, and signs to say they "
         "have. Missing from care is discussed in supervision and team meetings. The training every member of "
         "staff must complete:"),
    Table("training", (("Training", "row.topic"), ("Who", "row.who"), ("When", "row.when")), widths=(4.6, 3, 3),
          empty="No training is listed yet. The Registered Manager adds it under training: in home_config.yaml."),

    # ---- 16 ------------------------------------------------------------------------------------
    section_heading(16),
    Text("What every member of staff must know about {{ home.name }} and {{ home.host_local_authority }}:"),
    Bullets("procedure.local_notes", empty="No local notes."),

    # ---- 17 ------------------------------------------------------------------------------------
    section_heading(17),
    Text("The key contacts page in the shift folder has the numbers; here is everything recorded for each contact."),
    Table("contacts_in_full", (
        ("Who", "row.label ~ '\n' ~ row.who"), ("Phone", "row.phones"), ("Email or web", "row.reach"),
        ("Hours and notes", "row.when"),
    ), widths=(3.6, 2.6, 3, 3)),
    section_heading(18),
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

