"""The procedure's fixed wording, section by section, kept apart from its layout and its context.

{placeholders} are filled from the home's time limits (and police numbers) by ``procedure.build``,
exactly like the home's own checklist steps, so no time limit is written in here.
"""

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
