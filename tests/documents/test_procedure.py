"""The home's missing-from-care procedure: what it says, and that every time limit follows home_config.yaml."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from jinja2 import Environment, StrictUndefined

from mfc_docs.rules.placeholders import placeholder_values
from mfc_docs.documents import procedure
from mfc_docs.documents.blocks import (
    Bullets, Checklist, Fields, ForEach, Heading, If, Layout, Notice, PageBreak, Photo, Table, Text, WriteIn,
)
from mfc_docs.input.home_data import load_home
from mfc_docs.rules.placeholders import fill

from ..conftest import TODAY, edit

_ENV = Environment(undefined=StrictUndefined, autoescape=False)


def _value(expr: str, scope: dict):
    return _ENV.compile_expression(expr, undefined_to_none=False)(scope)


def _text(template: str, scope: dict) -> str:
    return _ENV.from_string(template).render(scope)


def layout_text(layout: Layout, context: dict) -> list[str]:
    """Every string the layout shows for ``context``: templates rendered, expressions evaluated, strictly."""
    out: list[str] = []

    def items(expr: str, scope: dict) -> list:
        value = _value(expr, scope)
        assert not callable(value), f"{expr!r} is a method, not a list (a key named like a dict method?)"
        return list(value or [])

    def walk(blocks, scope: dict) -> None:
        for block in blocks:
            if isinstance(block, (Heading, Text)):
                out.append(_text(block.text, scope))
            elif isinstance(block, Notice):
                out.append(_text(block.text, scope))
                if block.tone_expr:
                    assert _value(block.tone_expr, scope) in ("info", "warning", "danger")
            elif isinstance(block, Fields):
                for label, expr in block.rows:
                    out.extend([_text(label, scope), str(_value(expr, scope))])
            elif isinstance(block, Table):
                rows = items(block.items_expr, scope)
                out.extend(_text(header, scope) for header, _ in block.columns)
                if not rows:
                    out.append(_text(block.empty, scope))
                for i, row in enumerate(rows):
                    row_scope = {**scope, "row": row, "loop": {"index": i + 1, "index0": i}}
                    out.extend(str(_value(expr, row_scope)) for _, expr in block.columns)
            elif isinstance(block, Bullets):
                shown = items(block.items_expr, scope)
                out.extend(str(item) for item in shown) if shown else out.append(_text(block.empty, scope))
            elif isinstance(block, Checklist):
                for item in items(block.items_expr, scope):
                    out.extend([item] if block.plain else [item["action"], item["who"], item["when"]])
            elif isinstance(block, WriteIn):
                for label, expr, _lines in block.rows:
                    out.extend([_text(label, scope), str(_value(expr, scope))])
            elif isinstance(block, Photo):
                out.extend([str(_value(block.path_expr, scope)), str(_value(block.caption_expr, scope))])
            elif isinstance(block, If):
                if _value(block.condition, scope):
                    walk(block.blocks, scope)
            elif isinstance(block, ForEach):
                for item in items(block.items_expr, scope):
                    walk(block.blocks, {**scope, block.var: item})
            elif not isinstance(block, PageBreak):
                raise AssertionError(f"unknown block {block!r}")

    walk(layout.blocks, context)
    return out


def words(text: str) -> str:
    """Whitespace collapsed, so wrapped lines compare equal."""
    return " ".join(text.split())


def build(home_dir: Path):
    home = load_home(home_dir, TODAY)
    assert not home.errors, [str(p) for p in home.errors]
    documents = procedure.build(home)
    assert len(documents) == 1
    return home, documents[0]


def rendered(home_dir: Path) -> str:
    _home, document = build(home_dir)
    return words("\n".join(layout_text(document.layout, document.context)))


def test_one_home_level_document(minimal_home: Path) -> None:
    home, document = build(minimal_home)
    assert procedure.KIND.name == "procedure"
    assert procedure.KIND.scope == "home"
    assert procedure.KIND.template == "procedure.docx"
    assert procedure.KIND.layout is procedure.LAYOUT
    assert (document.kind, document.young_person) == ("procedure", None)
    assert document.relative_path("pdf") == "home/missing-from-care-procedure.pdf"
    context = document.context
    assert context["home"]["name"] == "Fixture House & Annexe"
    assert context["procedure"]["version"] == "1.0"
    # approved 1 June 2026, no next_review given: approval + 12 months (review_cycles default)
    assert context["procedure"]["next_review"] == "1 June 2027"
    assert context["meta"]["title"] == procedure.TITLE
    text = rendered(minimal_home)
    for value in ("Fixture House & Annexe", "1.0", "Robin Test, Registered Manager",
                  "Sam Approver, Responsible Individual", "1 June 2026", "1 June 2027", "Philomena Protocol",
                  "Exampleshire Police", "mfc-docs report <child id>", "Ofsted: 0300 123 1231"):
        assert value in text


def test_next_review_from_config_and_overdue_warning(minimal_home: Path) -> None:
    edit(minimal_home / "home_config.yaml", "  approved_on: 2026-06-01\n",
         "  approved_on: 2025-06-01\n  next_review: 2026-05-31\n")
    _home, document = build(minimal_home)
    assert document.context["procedure"]["next_review"] == "31 May 2026"
    assert "This procedure was due for review on 31 May 2026" in rendered(minimal_home)


def test_every_checklist_step_and_sign_appears_filled(minimal_home: Path) -> None:
    home, _document = build(minimal_home)
    values = placeholder_values(home.config)
    text = rendered(minimal_home)
    checklists = home.config["checklists"]
    for key in ("immediate_response", "ongoing_response", "return", "post_incident_review"):
        for step in checklists[key]["steps"]:
            for part in ("action", "who", "when"):
                assert words(fill(step[part], values)) in text, (key, part)
    for key in ("early_warning_signs", "prevention_environment"):
        for item in checklists[key]["items"]:
            assert words(fill(item, values)) in text
    for level in ("high", "medium", "low"):
        assert words(fill(home.config["risk_levels"][level]["police_call"], values)) in text
    assert "{" not in text and "}" not in text  # no placeholder left unfilled


def test_sample_home_all_sections(sample_home: Path) -> None:
    home, document = build(sample_home)
    text = rendered(sample_home)
    for number, title in enumerate(procedure.SECTIONS, start=1):
        assert text.count(f"{number}. {title}") == 2  # in the contents and as the heading
    for training in home.config["training"]:
        assert words(training["topic"]) in text
    for note in home.config["procedure"]["local_notes"]:
        assert words(note) in text
    assert "31 August 2027" in text  # next_review as configured


def test_no_training_prints_the_empty_text(minimal_home: Path) -> None:
    assert "No training is listed yet" in rendered(minimal_home)


RHI_24 = ("  rhi_within_hours: 72\n", "  rhi_within_hours: 24\n  rhi_offer_within_hours: 24\n")


def test_changing_a_time_limit_changes_it_everywhere(minimal_home: Path) -> None:
    before = rendered(minimal_home)
    assert "72 hours" in before
    edit(minimal_home / "home_config.yaml", *RHI_24)
    after = rendered(minimal_home)
    assert "24 hours" in after
    assert "72 hours" not in after
    assert "72" not in after


def test_changing_a_time_limit_in_the_sample_home(sample_home: Path) -> None:
    config = sample_home / "home_config.yaml"
    edit(config, "  rhi_within_hours: 72 ", "  rhi_within_hours: 24 ")
    edit(config, "  rhi_offer_within_hours: 24 ", "  rhi_offer_within_hours: 12 ")
    text = rendered(sample_home)
    assert "held within 24 hours of the child's return" in text
    assert "offered within 12 hours of the child's return" in text
    assert "72 hours" not in text


# Every time limit and review cycle the procedure mentions, set to a value found nowhere else.
ODD_LIMITS = {
    "confirm_missing_minutes": 37, "police_within_minutes": 41,
    "contact_attempt_interval_minutes": 47, "rhi_within_hours": 53, "rhi_offer_within_hours": 43,
    "post_incident_review_working_days": 61, "escalate_after_hours": 67, "strategy_meeting_high_risk_hours": 71,
    "strategy_meeting_working_days": 73, "repeat_missing_episodes": 79, "repeat_missing_days": 59,
}
ODD_CYCLES = {"risk_assessment_days": 83, "police_information_days": 89, "photo_max_age_months": 97,
              "contacts_check_months": 113, "procedure_review_months": 11}


def test_no_time_limit_is_written_into_the_wording(minimal_home: Path) -> None:
    limits = "".join(f"  {name}: {value}\n" for name, value in ODD_LIMITS.items())
    cycles = "".join(f"  {name}: {value}\n" for name, value in ODD_CYCLES.items())
    edit(minimal_home / "home_config.yaml", "time_limits:\n  rhi_within_hours: 72\n",
         f"time_limits:\n{limits}review_cycles:\n{cycles}")
    text = rendered(minimal_home)
    configured = set(ODD_LIMITS.values()) | set(ODD_CYCLES.values())
    for name, value in {**ODD_LIMITS, **ODD_CYCLES}.items():
        assert re.search(rf"\b{value}\b", text), f"{name} ({value}) is never mentioned"
    units = r"(?:minutes?|min|hours?|(?:working )?days?|months?|episodes?|or more)"
    for match in re.finditer(rf"\b(\d+)\s+{units}\b", text):
        assert int(match.group(1)) in configured, f"a time limit written into the text: {match.group(0)!r}"
    assert "approved 1 June 2026" not in text and "1 May 2027" in text  # next review = approval + 11 months


def test_pdf(minimal_home: Path, tmp_path: Path) -> None:
    pdf = pytest.importorskip("mfc_docs.render.pdf")
    pypdf = pytest.importorskip("pypdf")
    import io

    edit(minimal_home / "home_config.yaml", *RHI_24)
    _home, document = build(minimal_home)
    data = pdf.render_pdf(document.layout, document.context, title=document.title, subject=document.subject,
                          author="Fixture House & Annexe")
    (tmp_path / "procedure.pdf").write_bytes(data)
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert 3 <= len(reader.pages) <= 9
    text = words("\n".join(page.extract_text() for page in reader.pages))
    for value in ("Fixture House & Annexe", "1 June 2027", "mfc-docs report <child id>", "Search the home and grounds",
                  "New phone or gifts", "Every child has a key worker", "24 hours"):
        assert value in text
    assert "72 hours" not in text


def test_word_template(minimal_home: Path) -> None:
    templates = pytest.importorskip("mfc_docs.render.templates")
    word = pytest.importorskip("mfc_docs.render.docx")
    docx = pytest.importorskip("docx")
    import io

    edit(minimal_home / "home_config.yaml", *RHI_24)
    _home, document = build(minimal_home)
    template = templates.build_template(document.layout, document.title)
    data = word.render_docx(template, document.context, title=document.title, subject=document.subject,
                            author="Fixture House & Annexe")
    doc = docx.Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    text = words("\n".join(parts))
    for value in ("Fixture House & Annexe", "1 June 2027", "mfc-docs report <child id>", "24 hours"):
        assert value in text
    assert "72 hours" not in text


# --- issue 11, section 1: facts that match current guidance --------------------------------------------------


def test_the_police_definition_is_the_current_app_one(minimal_home: Path) -> None:
    text = rendered(minimal_home)
    assert "whereabouts cannot be established is treated as missing until they are found and their well-being" in text
    assert "no apparent risk" in text and "up to high" in text
    assert "out of character" not in text  # the 2013 interim wording is not today's police definition
    assert "Philomena Protocol uses the police definition above." in text


def test_the_local_protocols_own_wording_is_printed_when_set(minimal_home: Path) -> None:
    edit(minimal_home / "home_config.yaml", "  local_protocol: Philomena Protocol\n",
         "  local_protocol: Philomena Protocol\n  local_definition: A child is missing when staff cannot find them "
         "and cannot reach them by phone.\n")
    assert "A child is missing when staff cannot find them and cannot reach them by phone." in rendered(minimal_home)


def test_no_national_at_least_medium_floor_unless_the_local_protocol_sets_one(minimal_home: Path) -> None:
    text = rendered(minimal_home)
    assert "at least medium risk" not in text.replace("no national rule that a looked-after child is graded at least "
                                                      "medium risk", "")
    assert "There is no national rule that a looked-after child is graded at least medium risk" in text
    edit(minimal_home / "home_config.yaml", "  local_protocol: Philomena Protocol\n",
         "  local_protocol: Philomena Protocol\n  looked_after_minimum_risk: medium\n")
    assert ("Under the local protocol, Exampleshire Police grades a looked-after child reported missing as at least "
            "medium risk.") in rendered(minimal_home)


def test_reg_40_is_the_registered_persons_duty_and_covers_child_protection_enquiries(minimal_home: Path) -> None:
    text = rendered(minimal_home)
    assert "Regulation 40 puts the duty on the registered person" in text
    assert "child protection enquiry (section 47) involving the child (reg. 40(4)(d))" in text
    assert "the Registered Manager must tell Ofsted" not in text


def test_one_police_time_limit_with_its_clock_start_in_the_procedure(minimal_home: Path) -> None:
    """The procedure used to say 101 'within 60 minutes of confirming missing' and 'within 30 minutes of finding the
    child gone'. Now one limit, one clock start, the same words wherever it is mentioned."""
    text = rendered(minimal_home)
    assert "within 30 minutes of finding the child gone" in text
    assert "60 minutes" not in text and "of confirming" not in text
    edit(minimal_home / "home_config.yaml", "  rhi_within_hours: 72\n",
         "  rhi_within_hours: 72\n  police_within_minutes: 45\n  police_clock: confirmation\n")
    text = rendered(minimal_home)
    assert "within 45 minutes of confirming the child missing" in text
    assert "of finding the child gone" not in text.split("Tell the police", 1)[1][:80]


def test_referral_and_interview_are_separate_limits(minimal_home: Path) -> None:
    text = rendered(minimal_home)
    assert "The referral is made and the interview offered within 24 hours of the child's return" in text
    assert "it is held within 72 hours of the child's return" in text


def test_the_repeat_missing_rule_is_a_rolling_window(minimal_home: Path) -> None:
    edit(minimal_home / "home_config.yaml", "  rhi_within_hours: 72\n",
         "  rhi_within_hours: 72\n  repeat_missing_episodes: 2\n  repeat_missing_days: 21\n")
    text = rendered(minimal_home)
    assert "Repeat missing: 2 or more episodes within 21 days (a rolling count, not a calendar month)" in text
    assert "calendar month)" in text and "in one calendar month" not in text


def test_the_contact_table_does_not_name_a_service_twice(built_sample: Path) -> None:
    """'Ofsted' then 'Ofsted, Regulator': the inspector reads each contact's name once."""
    from .conftest import document_text

    text = document_text(built_sample, "home/missing-from-care-procedure.pdf")
    section = text[text.rindex("Contact details in full"):]  # the section, not the contents list
    for name in ("Ofsted", "Childline", "Missing People"):
        assert f"{name} {name}" not in section, name
    assert "Ofsted Regulator; Regulation 40 notifications" in section
