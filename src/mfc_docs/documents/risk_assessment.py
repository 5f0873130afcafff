"""The individual missing-from-care risk assessment: one per child, reviewed at least monthly.

It covers every domain the guidance asks for (historical pattern, current risk
factors, places, associates, protective factors, triggers, communication
strategy), ends with the risk level, the evidence for it and the response it
triggers, and carries its review history and sign-off.
"""

from __future__ import annotations

from .context import child_summary, home_summary, meta
from ..input.home_data import HomeData
from .base import Document, DocumentKind, child_cautions, child_folder
from .blocks import Bullets, Fields, Heading, If, Layout, Notice, Table, Text, WriteIn
from ..rules.placeholders import placeholder_values

TITLE = "Missing-from-care risk assessment"

# The assessment itself (the transfer pack hands it on as it is), then the lines signed on paper.
ASSESSMENT = (
    Heading("{{ child.legal_name }}: missing-from-care risk assessment"),
    Text("How likely {{ child.preferred_name }} is to go missing from {{ home.name }}, what puts them at risk "
         "while away, and what staff do about it. Reviewed at least every {{ limits.risk_assessment_days }} days "
         "and after every missing episode.", "lead"),
    Notice("RISK LEVEL: {{ child.risk.level }}. {{ child.risk.police_call }}.", tone_expr="child.risk.tone"),
    If("cautions", (Notice("Some of this information may be out of date:\n{{ cautions | join('\n') }}", "warning"),)),
    Fields((
        ("Full legal name", "child.legal_name"),
        ("Known as", "child.preferred_name"),
        ("Other names used", "child.aliases_text"),
        ("Date of birth", "child.dob_age"),
        ("Legal status", "child.legal_status_text"),
        ("Placing authority", "child.placing_authority"),
        ("Placed here since", "child.placed_on"),
        ("Social worker", "child.social_worker.line"),
        ("Key worker", "child.key_worker"),
        ("Last reviewed", "child.assessment.last_reviewed"),
        ("Next review due", "child.assessment.next_review"),
    )),
    Heading("1. Risk level and why", 2),
    Fields((
        ("Overall risk level", "child.risk.level"),
        ("Rationale", "child.risk.rationale"),
    )),
    Text("When {{ child.preferred_name }} is missing, this level means:", "strong"),
    Bullets("child.risk.response"),
    Text("The level is reassessed at the start of every episode: if anything is worse than usual, raise it.", "small"),
    Heading("2. Historical pattern", 2),
    Fields((
        ("Summary", "child.history.summary"),
        ("Usual pattern", "child.history.usual_pattern"),
        ("Where usually found", "child.history.where_found"),
        ("What usually comes before", "child.history.what_preceded"),
        ("Trend", "child.history.trend"),
    )),
    If("pattern", (
        Text("From the recorded episodes", "strong"),
        Fields((
            ("Episodes in the last 12 months", "pattern.count_12_months"),
            ("Typical duration", "pattern.typical_duration"),
            ("Time of day", "pattern.time_of_day"),
            ("Day of the week", "pattern.day_of_week"),
            ("Where found", "pattern.where_found"),
            ("Recent months", "pattern.trend"),
        )),
    )),
    Heading("3. Current risk factors", 2),
    Table("child.risk_factors", (("Risk factor", "row.name"), ("Status", "row.status"), ("What is known", "row.details")),
          widths=(3, 1.6, 6)),
    Heading("4. Known places", 2),
    Table("child.locations", (
        ("Place", "row.name ~ '\n' ~ row.address"),
        ("Why it matters", "row.why"),
        ("Staff may go", "row.safe_for_staff ~ ('\n' ~ row.risk_notes if row.risk_notes else '')"),
        ("How current", "row.as_of"),
    ), widths=(3, 3.2, 2.6, 2.2)),
    Heading("5. Known associates", 2),
    Table("child.associates", (
        ("Name", "row.name ~ '\n' ~ row.relationship"),
        ("Influence", "row.influence"),
        ("Safe to contact", "row.safe_to_contact"),
        ("Contact", "row.contact"),
        ("Notes", "row.notes_as_of"),
    ), widths=(2.4, 1.9, 1.6, 2.8, 3.3)),
    Fields((("Vehicle access", "child.vehicle_access"), ("Travel passes and transport", "child.travel"))),
    Heading("6. Protective factors", 2),
    Text("What has brought {{ child.preferred_name }} back", "strong"),
    Bullets("child.protective.brings_back"),
    Text("Adults {{ child.preferred_name }} trusts", "strong"),
    Bullets("child.protective.trusted_people"),
    Text("What {{ child.preferred_name }} cares about and looks forward to", "strong"),
    Bullets("child.protective.motivators"),
    Fields((("Contact while away", "child.protective.contact_while_away"),)),
    Heading("7. Triggers", 2),
    Bullets("child.triggers"),
    Heading("8. Communication strategy while missing", 2),
    Text("Who makes contact, in this order", "strong"),
    Bullets("child.strategy.who"),
    Fields((("Tone and words", "child.strategy.tone"),)),
    Text("Channels", "strong"),
    Bullets("child.strategy.channels"),
    Text("Messages that have helped", "strong"),
    Bullets("child.strategy.helpful"),
    Text("Avoid", "strong"),
    Bullets("child.strategy.avoid"),
    Heading("9. Health and communication needs", 2),
    Fields((
        ("Conditions", "child.medical.conditions_text"),
        ("Medication", "child.medical.all_text"),
        ("Allergies", "child.medical.allergies"),
        ("First language", "child.communication.first_language"),
        ("Interpreter needed", "child.communication.interpreter"),
        ("Communication needs", "child.communication.needs"),
    )),
    Heading("10. The professionals around {{ child.preferred_name }}", 2),
    Table("child.professionals", (
        ("Who", "row.label ~ '\n' ~ row.who"), ("Phone", "row.phones"), ("Email or web", "row.reach"),
        ("Hours and notes", "row.when"),
    ), widths=(3.4, 2.6, 2.8, 3.2)),
    Heading("11. Review history and sign-off", 2),
    Table("child.assessment.history", (
        ("Date", "row.date"), ("By", "row.by"), ("Reason", "row.reason"), ("What changed", "row.changes"),
    ), widths=(2, 2.4, 2.6, 4.4), empty="No earlier reviews recorded."),
    Fields((
        ("Written by", "child.assessment.author"),
        ("Signed off by", "child.assessment.signed_off_by"),
        ("Last reviewed", "child.assessment.last_reviewed"),
        ("Next review due", "child.assessment.next_review"),
    )),
)
SIGNATURE = (WriteIn((("Manager's signature", "''", 1), ("Date", "''", 1))),)
LAYOUT = Layout(blocks=ASSESSMENT + SIGNATURE)


def build(home: HomeData) -> list[Document]:
    documents = []
    for child in home.children:
        summary = child_summary(child, home)
        context = {
            "meta": meta(home, TITLE, summary["legal_name"], f"reviewed {summary['assessment']['last_reviewed']}"),
            "home": home_summary(home.config),
            "limits": placeholder_values(home.config),
            "child": summary,
            "cautions": child_cautions(home, child.id),
            "pattern": child_pattern(child, home),
        }
        documents.append(Document(
            kind=KIND.name, young_person=child.id, folder=child_folder(child.id), stem=f"{child.id}-risk-assessment",
            title=f"{TITLE}: {summary['legal_name']}", subject=TITLE, context=context, layout=LAYOUT,
            template=KIND.template,
        ))
    return documents


def child_pattern(child, home: HomeData) -> dict | None:
    """The pattern computed from recorded episodes, or None when there are none."""
    from ..input.episodes import historical_pattern

    return historical_pattern(child.episodes, home.today)


KIND = DocumentKind(name="risk_assessment", title=TITLE, scope="child", template="risk_assessment.docx",
                    layout=LAYOUT, build=build)
