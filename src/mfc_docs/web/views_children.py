"""Add a child: a short form of what the schema requires, an id from the name, then the full profile.

The short form is walked from ``YOUNG_PERSON_SCHEMA``: every field the schema requires (and only a
few more that a night shift needs at once: the everyday name, the social worker's phone), so a new
required field appears here without a second definition, and the file written always passes
``mfc-docs validate``.

Nothing is filled in for the manager. A required field is only ever what was typed or chosen: no
risk status is pre-selected (each of the eight needs a choice: "None known" is a statement the
manager makes, not a default), no date is assumed. Where something is not known yet, the hint says
to write that plainly ("Not measured yet"), which is true and is printed as written, rather than an
invented value or a blank the police would read as "nothing".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Flask, g, redirect, render_template, request

from ..input.home_data import YOUNG_PEOPLE, HomeData
from ..input.schema.young_person import LEGAL_BASES, RISK_FACTOR_NAMES, YOUNG_PERSON_SCHEMA
from ..output.new_child import check_child_id, create_child, derive_child_id, profile_problems, profile_text
from ..output.record_versions import RecordError
from .views_episode import Form, _remember_name

# Not required by the schema, but asked: what staff need the first night.
EXTRA = {("name", "preferred"), ("placement", "social_worker", "phone"), ("protective_factors", "trusted_people")}

SECTION_TITLES = {
    "name": "Name", "date_of_birth": "Date of birth", "legal_status": "Legal status", "placement": "Placement",
    "description": "What they look like", "risk_factors": "Risk factors", "communication_needs": "Language",
    "missing_history": "Missing history", "communication_strategy": "Contacting them while missing",
    "risk": "Risk level", "assessment": "This first risk assessment", "protective_factors": "Who they trust",
}
LABELS = {
    "name.legal": "Full legal name",
    "name.preferred": "The name they use day to day",
    "date_of_birth": "Date of birth",
    "legal_status.basis": "Why they are looked after",
    "placement.placing_authority": "Placing authority",
    "placement.placed_on": "The date they moved in",
    "placement.social_worker.name": "Social worker's name",
    "placement.social_worker.phone": "Social worker's phone",
    "communication_needs.first_language": "First language",
    "missing_history.summary": "Missing history so far",
    "missing_history.trend": "Trend",
    "communication_strategy.who_makes_contact": "Who contacts them while they are missing, in order",
    "communication_strategy.tone": "The tone and words to use",
    "risk.level": "Risk level",
    "protective_factors.trusted_people": "Adults they trust",
    "risk.rationale": "Why this level",
    "assessment.author": "Who wrote this assessment (name and role)",
    "assessment.last_reviewed": "Date of this assessment",
    "assessment.police_information_reviewed": "Date the police information was checked",
}
HINTS = {
    "name.preferred": "Left blank, the legal name is used everywhere.",
    "description": "If something is not known yet, write that (for example 'Not measured yet'): it is printed as "
                   "written.",
    "risk_factors": "Choose each one: 'None known' says staff have asked and read the referral and know of "
                    "nothing; choose 'Concern' for any worry.",
    "missing_history.summary": "If none is known, say so and who you asked, for example 'None known to the "
                               "social worker or the previous placement'.",
    "communication_strategy.who_makes_contact": "One on each line.",
    "protective_factors.trusted_people": "Adults the child trusts (staff, family, others), one on each line.",
}
CHOICE_TEXT = {
    "care_order": "Care order (section 31)", "interim_care_order": "Interim care order (section 38)",
    "section_20": "Accommodated under section 20", "emergency_protection_order": "Emergency protection order",
    "police_protection": "Police protection", "remand": "Remanded", "other": "Other",
    "none_known": "None known", "concern": "Concern", "known": "Known",
    "escalating": "Escalating", "stable": "Stable", "reducing": "Reducing", "none": "None (no history)",
    "high": "High", "medium": "Medium", "low": "Low",
}
LONG = {"missing_history.summary", "communication_strategy.tone", "risk.rationale"}


@dataclass
class Field:
    name: str  # the dotted key path: also the form field's name and where validate's problems point
    label: str
    hint: str
    kind: str  # text, long, date, choice, lines
    options: list[tuple[str, str]] = field(default_factory=list)
    required: bool = True


@dataclass
class Section:
    key: str
    title: str
    hint: str
    fields: list[Field]


def _label(path: tuple[str, ...]) -> str:
    name = ".".join(path)
    if name in LABELS:
        return LABELS[name]
    if path[0] == "risk_factors" and len(path) == 3:
        return RISK_FACTOR_NAMES.get(path[1], path[1])
    return path[-1].replace("_", " ").capitalize()


def _field(path: tuple[str, ...], rule: dict) -> Field:
    name = ".".join(path)
    help_text = (rule.get("meta") or {}).get("help", "")
    label = _label(path)
    if help_text.rstrip(".").lower() in (label.lower(), path[-1].replace("_", " ")):
        help_text = ""  # 'Date of birth.' under 'Date of birth' says nothing
    hint = HINTS.get(name, "" if rule.get("allowed") or path[-1] == "legal" else help_text)  # radios show the choices
    if rule.get("type") == "date":
        kind = "date"
    elif rule.get("allowed"):
        kind = "choice"
    elif rule.get("type") == "list":
        kind = "lines"
    else:
        kind = "long" if name in LONG else "text"
    options = [(value, CHOICE_TEXT.get(value, value)) for value in rule.get("allowed") or []]
    return Field(name, label, hint, kind, options, bool(rule.get("required")))


def _walk(schema: dict, path: tuple[str, ...]) -> list[Field]:
    fields: list[Field] = []
    for key, rule in schema.items():
        here = path + (key,)
        wanted = rule.get("required") or here in EXTRA
        inner = rule.get("schema") if rule.get("type") == "dict" else None
        if inner is not None and (wanted or any(e[: len(here)] == here for e in EXTRA)):
            fields.extend(_walk(inner, here))
        elif wanted and inner is None:
            fields.append(_field(here, rule))
    return fields


def short_form() -> list[Section]:
    """The sections of the short form, in the schema's order: every required field, plus ``EXTRA``."""
    sections = []
    for key, rule in YOUNG_PERSON_SCHEMA.items():
        fields = _walk({key: rule}, ())
        if fields:
            sections.append(Section(key, SECTION_TITLES.get(key, key.replace("_", " ").capitalize()),
                                    HINTS.get(key, ""), fields))
    return sections


def required_sections() -> list[str]:
    """Required sections with no required field (``protective_factors``): written empty, for the profile forms."""
    return [key for key, rule in YOUNG_PERSON_SCHEMA.items() if rule.get("required") and rule.get("type") == "dict"
            and not any(inner.get("required") for inner in (rule.get("schema") or {}).values())]


def profile_data(form: Form, sections: list[Section]) -> dict:
    """The profile as typed: empty answers left out (the validator then says what is missing, in its words)."""
    data: dict = {key: {} for key in required_sections()}
    for section in sections:
        for item in section.fields:
            value = form.get(item.name)
            if item.kind == "lines":
                value = [line.strip() for line in value.splitlines() if line.strip()]
            else:
                value = " ".join(value.split()) if item.kind != "long" else value.strip().replace("\r\n", "\n")
            path = item.name.split(".")
            target = data
            for part in path[:-1]:
                target = target.setdefault(part, {})
            if value:
                target[path[-1]] = value
    return {key: data[key] for key in YOUNG_PERSON_SCHEMA if key in data}  # the file in the schema's order


def _field_of(path: str, names: list[str]) -> str | None:
    """The form field a problem's key path points at (or the nearest one inside it)."""
    if path in names:
        return path
    return next((n for n in names if n.startswith(path + ".")), None) if path else None


def _in_words(message: str, item: Field) -> str:
    """validate's words, except for an empty answer: 'Add 'eyes:' here' is for a YAML file, not a form."""
    if message.startswith("Required field") or message.startswith("required field"):
        what = item.label[:1].lower() + item.label[1:] if not item.label.isupper() else item.label
        if item.name.startswith("risk_factors."):
            return f"Choose None known, Concern or Known for {what}."
        return f"Choose {what}." if item.kind == "choice" else f"Enter {what}."
    return message[:1].upper() + message[1:]


def register(app: Flask) -> None:
    @app.route("/children/new", methods=["GET", "POST"])
    def new_child():
        home: HomeData = g.home
        sections = short_form()
        names = [f.name for s in sections for f in s.fields]
        young_people = home.root / YOUNG_PEOPLE
        if request.method == "GET":
            form = Form({"recorded_by": g.name})
            return render_template("child_new.html", form=form, sections=sections, other_problems=[],
                                   record_error=None, proposed_id="")
        form = Form(dict(request.form))
        who = form.text("recorded_by")
        data = profile_data(form, sections)
        child_id = form.text("child_id").lower()
        if child_id:
            problem = check_child_id(child_id, young_people)
            if problem:
                form.errors["child_id"] = problem
        else:
            child_id = derive_child_id(data.get("name", {}).get("legal", ""), data.get("name", {}).get("preferred"),
                                       young_people)
            if not child_id and data.get("name", {}).get("legal"):
                form.errors["child_id"] = ("The name has no letters from a to z to make an id from: enter one, for "
                                           "example the name as it is written in English letters.")
        other: list[str] = []
        fields = {f.name: f for s in sections for f in s.fields}
        text = profile_text(data, young_people, added_on=g.now.date(), who=who)
        found: dict[str, str] = {}
        for problem in profile_problems(text, child_id or "new-child", home.root, home.config, g.now.date()):
            if not problem.is_error:
                continue
            target = _field_of(problem.path, names)
            if target and target not in found:
                found[target] = _in_words(problem.message, fields[target])
            elif not target:
                other.append(f"{problem.path}: {problem.message}" if problem.path else problem.message)
        # In the order of the form, so the summary reads top to bottom like the page
        errors = {name: found[name] for name in names if name in found}
        form.errors = {**errors, **form.errors}
        record_error = None
        if not form.errors and not other:
            try:
                create_child(home.root, child_id, data, config=home.config, today=g.now.date(), who=who,
                             out_dir=g.settings.out_dir)
            except RecordError as exc:
                record_error = exc
            else:
                # The full profile comes next: the literal path the profile forms live at.
                return _remember_name(redirect(f"/children/{child_id}/profile", code=303), who)
        proposed = child_id if child_id and "child_id" not in form.errors and not form.text("child_id") else ""
        return render_template("child_new.html", form=form, sections=sections, other_problems=other,
                               record_error=record_error, proposed_id=proposed), 400


__all__ = ["profile_data", "register", "required_sections", "short_form"]
