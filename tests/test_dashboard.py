"""The monthly dashboard: every figure of the fixture home's October 2026, worked out by hand.

The fixture home is described in tests/test_episodes.py. October 2026 has four
episodes: A2 (Alex, Fri 2 Oct), B2 (Bea, Sat 10 Oct), A3 (Alex, Fri 16 Oct)
and A4 (Alex, Wed 28 Oct). Seen from 24 November every October deadline has
passed, so every action counts.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from jinja2 import Environment, StrictUndefined

from mfc_docs.cli import main
from mfc_docs.commands.dashboard import build_dashboard
from mfc_docs.output.publish import builtin_templates_dir
from mfc_docs.documents import dashboard as dash
from mfc_docs.documents.blocks import (
    Bullets, Chart, Checklist, Fields, ForEach, Heading, If, Notice, PageBreak, Photo, Table, Text, WriteIn,
)
from mfc_docs.input.home_data import load_home
from mfc_docs.problems import DataError
from mfc_docs.render.charts import chart_table

from .conftest import TODAY, edit
from .test_episodes import ALEX_FILE, make_oversight_home


@pytest.fixture
def home_dir(minimal_home: Path) -> Path:
    return make_oversight_home(minimal_home)


@pytest.fixture
def home(home_dir: Path):
    loaded = load_home(home_dir, TODAY)
    assert loaded.errors == []
    return loaded


@pytest.fixture
def october(home) -> dict:
    return dash.dashboard_context(home, date(2026, 10, 1))


def _targets(context: dict) -> dict[str, tuple[str, str, str]]:
    return {row["measure"]: (row["target"], row["value"], row["result"]) for row in context["targets"]}


POLICE_AVERAGE = "Average time from finding the child gone to telling the police"
POLICE_IN_TIME = "Police told within 30 minutes of finding the child gone"
SOCIAL = "Average time from the child being found gone to telling the social worker or EDT"
OFFERED = "Return home interview offered within 24 hours of the child's return"
HELD = "Return home interviews held within 72 hours of the child's return, out of those offered"
PIR = "Post-incident reviews within 5 working days of the child's return"
REVIEWED = "Risk assessment reviewed after each episode, within 5 working days of the return"
REG40 = "Reg 40 decision recorded for every episode"
ESCALATION = "Escalation review, in time, whenever a child had 3 or more episodes within 30 days"
NO_DISCOVERY = "of them from confirming missing: the time found gone was not recorded"


def test_october_against_the_targets(october: dict) -> None:
    # The fixture records no found_gone_at, so time to the police runs from confirmation (and says so).
    # Police (confirmed -> called): A2 10, B2 10, A3 30, A4 50 min -> 100 / 4 = 25 min, under the 30-minute target;
    #   within 30 minutes: A2, B2, A3 yes; A4 late -> 3 of 4, 1 late.
    # Social care: A2 30, B2 15, A3 20 min; A4 not told -> 65 / 3 = 21.67 -> 22 min.
    # Interviews offered within 24 h: A2 (back 08:00, offered 12:00), B2 (back Sun 13:30, offered Mon 10:00),
    #   A3 (back 23:15, offered 09:00) yes; A4 never -> 3 of 4 = 75%.
    # Held within 72 h out of offered: A2 held; A3 declined; B2 accepted but never held (due 14 Oct) -> 1 of 3 = 33%.
    # Post-incident reviews within 5 working days: A2 (back Sat 3 Oct, due Fri 9, held 9) yes; B2 (back Sun 11,
    #   due Fri 16, held 16) yes; A3 (back Fri 16, due Fri 23, held Mon 26) late; A4 none (due Thu 5 Nov) -> 2 of 4.
    # Risk assessment after each episode (the first review on or after the return): Alex's only review is 10 Nov,
    #   after A2 (due 9 Oct), A3 (due 23 Oct) and A4 (due 5 Nov): three late; Bea's review of 5 Oct is before
    #   B2's return (11 Oct) and none followed: missed -> 0 of 4, 3 late.
    # Reg 40: A2 notified, B2 notified, A3 not notified, A4 none -> 3 of 4, 2 notified.
    # Escalation: A2, A3, A4 within 30 days (2-28 Oct); A4 back Thu 29 Oct, review due Thu 5 Nov, held 30 Oct.
    assert _targets(october) == {
        POLICE_AVERAGE: ("Under 30 minutes", f"25 min (4 {NO_DISCOVERY})", "Met"),
        POLICE_IN_TIME: ("Every episode", "75% (3 of 4); 1 late", "NOT MET"),
        SOCIAL: ("At once", "22 min", "-"),
        OFFERED: ("100%", "75% (3 of 4)", "NOT MET"),
        HELD + " (1 declined)": ("80% or more", "33% (1 of 3)", "NOT MET"),
        PIR: ("100%", "50% (2 of 4); 1 late", "NOT MET"),
        REVIEWED: ("Every episode", "0% (0 of 4); 3 late", "NOT MET"),
        REG40: ("Every episode", "3 of 4 (2 notified to Ofsted)", "NOT MET"),
        ESCALATION: ("Every time", "100% (1 of 1)", "Met"),
    }
    assert october["headline"] == {"episodes": "4", "children": "2", "open": "0"}
    assert october["month"] == {"label": "October 2026", "short": "Oct 2026", "iso": "2026-10", "partial": "",
                                "to": "31 October 2026"}
    assert october["meta"]["subject"] == "October 2026"


def test_october_compared_with_the_months_before(october: dict) -> None:
    # July: A1 only, 22:00 -> 02:00 = 4 h; police 20 min; social care 30 min; offered, held; back Sat 11 Jul,
    #   review due Fri 17 Jul, held Wed 15; not notified.
    # August: B1 only, 17:20 -> 20:20 = 3 h; police 10, social care 30 min; offered, held; back Fri 28 Aug,
    #   review due Mon 7 Sep (Mon 31 Aug is a bank holiday), held 7 Sep: on time.
    # September: no episodes.
    # October: durations A2 12 h, B2 24 h, A3 2 h, A4 12 h -> median (12 + 12) / 2 = 12 h, mean 50 / 4 = 12.5 h.
    assert october["trend"]["months"] == ["Jul 2026", "Aug 2026", "Sep 2026", "Oct 2026"]
    rows = {row["measure"]: row["cells"] for row in october["trend"]["rows"]}
    assert rows == {
        "Episodes": ["1", "1", "0", "4"],
        "Children who went missing": ["1", "1", "0", "2"],
        "Median duration": ["4 h 00 min", "3 h 00 min", "-", "12 h 00 min"],
        "Average duration": ["4 h 00 min", "3 h 00 min", "-", "12 h 30 min"],
        "Average time to tell the police": ["20 min", "10 min", "-", "25 min"],
        "Average time to social care": ["30 min", "30 min", "-", "22 min"],
        "Interviews offered in time": ["100% (1 of 1)", "100% (1 of 1)", "-", "75% (3 of 4)"],
        # B1 back Fri 28 Aug 20:20, held Tue 1 Sep 09:00: after the 72 hours (Mon 31 Aug 20:20), so late.
        "Interviews held in time (of offers)": ["100% (1 of 1)", "0% (0 of 1); 1 late", "-", "33% (1 of 3)"],
        "Post-incident reviews on time": ["100% (1 of 1)", "100% (1 of 1)", "-", "50% (2 of 4); 1 late"],
        "Reg 40 decisions recorded": ["1 of 1", "1 of 1", "-", "3 of 4"],
        "Notified to Ofsted": ["0", "0", "-", "2"],
    }


def test_october_charts(october: dict) -> None:
    # 12 months to October 2026: A1 in July, B1 in August, four in October.
    assert october["episodes_chart"] == {
        "labels": ["Nov 2025", "Dec 2025", "Jan 2026", "Feb 2026", "Mar 2026", "Apr 2026", "May 2026", "Jun 2026",
                   "Jul 2026", "Aug 2026", "Sep 2026", "Oct 2026"],
        "values": [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 4],
    }
    # Last seen: A1 Fri 21:30, B1 Fri 17:00, A2 Fri 19:40, B2 Sat 13:00, A3 Fri 21:00, A4 Wed 16:30.
    grid = october["when_chart"]
    assert grid["rows"] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert grid["columns"] == [f"{h:02d}" for h in range(24)]
    expected = [[0] * 24 for _ in range(7)]
    expected[4][21] = 2
    expected[4][17] = 1
    expected[4][19] = 1
    expected[5][13] = 1
    expected[2][16] = 1
    assert grid["values"] == expected
    header, rows = chart_table("grid", grid)
    assert header == ["Hour", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "All"]
    assert rows[21] == ["21:00", "", "", "", "", "2", "", "", "2"]
    assert rows[-1] == ["All", "0", "0", "1", "0", "4", "1", "0", "6"]


def test_october_episode_table(october: dict) -> None:
    assert october["episodes"] == [
        {"name": "Alex", "risk": "Medium risk", "missing": "From Fri 2 Oct 20:00\nBack Sat 3 Oct 08:00\n(12 h 00 min)",
         "police": "10 min (101)", "rhi": "Offered Sat 3 Oct 12:00\nHeld Mon 5 Oct 15:00", "pir": "Fri 9 Oct (on time)"},
        {"name": "Bea", "risk": "High risk", "missing": "From Sat 10 Oct 13:30\nBack Sun 11 Oct 13:30\n(24 h 00 min)",
         "police": "10 min (999)", "rhi": "Offered Mon 12 Oct 10:00\nNOT HELD (was due Wed 14 Oct 13:30)",
         "pir": "Fri 16 Oct (on time)"},
        {"name": "Alex", "risk": "Medium risk", "missing": "From Fri 16 Oct 21:15\nBack Fri 16 Oct 23:15\n(2 h 00 min)",
         "police": "30 min (101)", "rhi": "Offered Sat 17 Oct 09:00\nDeclined: Said she was fine.",
         "pir": "Mon 26 Oct: 1 working day late (due Fri 23 Oct)"},
        {"name": "Alex", "risk": "Medium risk", "missing": "From Wed 28 Oct 17:00\nBack Thu 29 Oct 05:00\n(12 h 00 min)",
         "police": "50 min (101): LATE", "rhi": "NOT OFFERED (was due Fri 30 Oct 05:00)",
         "pir": "NOT DONE (was due Thu 5 Nov)"},
    ]
    assert october["children"] == [
        {"name": "Alex", "count": "3", "reviewed": "Reviewed Tue 10 Nov: 3 working days late (due Thu 5 Nov)",
         "escalation": "Held Fri 30 Oct (on time); 3 episodes from Fri 2 Oct"},
        {"name": "Bea", "count": "1", "reviewed": "NOT REVIEWED (was due Fri 16 Oct)", "escalation": "Not needed"},
    ]


def test_october_reg40_log(october: dict) -> None:
    assert october["reg40_log"] == [
        {"name": "Alex", "episode": "Fri 2 Oct 20:00", "decision": "Notified Ofsted", "decided_on": "on Sat 3 Oct",
         "reason": "Overnight with older peers.", "reference": "OF-0001"},
        {"name": "Bea", "episode": "Sat 10 Oct 13:30", "decision": "Notified Ofsted", "decided_on": "on Sun 11 Oct",
         "reason": "Missing 24 hours.", "reference": "OF-0002"},
        {"name": "Alex", "episode": "Fri 16 Oct 21:15", "decision": "Not notified", "decided_on": "on Mon 19 Oct",
         "reason": "Two hours, known place.", "reference": ""},
        {"name": "Alex", "episode": "Wed 28 Oct 17:00", "decision": "NO DECISION RECORDED", "decided_on": "",
         "reason": "", "reference": ""},
    ]


def test_august_post_incident_review_on_time_because_of_the_bank_holiday(home) -> None:
    august = dash.dashboard_context(home, date(2026, 8, 15))  # any day of the month
    assert august["month"]["iso"] == "2026-08"
    assert august["episodes"][0]["pir"] == "Mon 7 Sep (on time)"
    assert _targets(august)[PIR] == ("100%", "100% (1 of 1)", "Met")


def test_escalation_review_not_held(home_dir: Path) -> None:
    edit(home_dir / ALEX_FILE, "    escalation_review_on: 2026-10-30\n", "")
    october = dash.dashboard_context(load_home(home_dir, TODAY), date(2026, 10, 1))
    assert october["children"][0]["escalation"] == "NOT HELD (was due Thu 5 Nov); 3 episodes from Fri 2 Oct"
    assert _targets(october)[ESCALATION] == ("Every time", "0% (0 of 1)", "NOT MET")


def test_november_so_far_counts_only_what_is_due(home) -> None:
    """A5 returned Sat 21 Nov 03:30. On Tue 24 Nov: interview offered (counts), held by 24 Nov 03:30 - due today,
    not yet passed; review due Fri 27 Nov; Alex's risk assessment due with it. Reg 40 (due Mon 23) is missing."""
    november = dash.dashboard_context(home, date(2026, 11, 1))
    assert november["month"]["partial"] == "yes"
    assert november["month"]["to"] == "24 November 2026"
    assert _targets(november) == {
        POLICE_AVERAGE: ("Under 30 minutes", f"10 min (1 {NO_DISCOVERY})", "Met"),
        POLICE_IN_TIME: ("Every episode", "100% (1 of 1)", "Met"),
        SOCIAL: ("At once", "Not recorded", "-"),
        OFFERED: ("100%", "100% (1 of 1)", "Met"),
        HELD: ("80% or more", "Nothing due yet", "-"),
        PIR: ("100%", "Nothing due yet", "-"),
        REVIEWED: ("Every episode", "Nothing due yet", "-"),
        REG40: ("Every episode", "0 of 1 (0 notified to Ofsted)", "NOT MET"),
        ESCALATION: ("Every time", "No child had that many", "-"),
    }
    assert november["episodes"][0]["rhi"] == "Offered Sat 21 Nov 12:00\nNot held yet: due by Tue 24 Nov 03:30"
    assert november["episodes"][0]["pir"] == "Not yet: due by Fri 27 Nov"
    assert november["children"][0]["reviewed"] == "Not yet: due by Fri 27 Nov"


def test_a_month_without_episodes(home) -> None:
    september = dash.dashboard_context(home, date(2026, 9, 1))
    assert september["headline"] == {"episodes": "0", "children": "0", "open": "0"}
    assert september["episodes"] == september["children"] == september["reg40_log"] == []
    assert {v[1] for v in _targets(september).values()} == {"No episodes", "No child had that many"}
    assert {v[2] for v in _targets(september).values()} == {"-"}


def test_an_open_episode_in_the_month(home_dir: Path) -> None:
    text = (home_dir / ALEX_FILE).read_text(encoding="utf-8")
    text = text.replace("    returned_at: 2026-11-21 03:30   # A5-returned\n", "").replace(
        "      told_of_return_at: 2026-11-21 03:40\n", "").replace(
        "    return_home_interview:\n      offered_at: 2026-11-21 12:00\n      outcome: pending   # A5-outcome\n", "")
    (home_dir / ALEX_FILE).write_text(text, encoding="utf-8")
    home = load_home(home_dir, TODAY)
    assert home.errors == []
    november = dash.dashboard_context(home, date(2026, 11, 1))
    assert november["headline"]["open"] == "1"
    assert november["episodes"][0]["missing"] == "From Fri 20 Nov 23:30\nSTILL MISSING"
    assert november["children"][0]["reviewed"] == "Still missing"
    assert _targets(november)[OFFERED][1] == "Nothing due yet"


# --------------------------------------------------------------------------
# The layout against the context
# --------------------------------------------------------------------------

_ENV = Environment(undefined=StrictUndefined, autoescape=False)


def layout_strings(blocks, scope: dict) -> list[str]:
    """Evaluate every template and expression of the layout against ``scope``, strictly (as both renderers do)."""
    out: list[str] = []

    def value(expr: str, s: dict):
        result = _ENV.compile_expression(expr, undefined_to_none=False)(s)
        assert result is not None, f"{expr!r} is None"
        assert not callable(result), f"{expr!r} is a method (a key named like a dict method?)"
        return result

    def text(template: str, s: dict) -> str:
        return _ENV.from_string(template).render(s)

    def walk(blocks, s: dict) -> None:
        for block in blocks:
            if isinstance(block, (Heading, Text, Notice)):
                out.append(text(block.text, s))
            elif isinstance(block, Fields):
                for label, expr in block.rows:
                    out.extend([text(label, s), str(value(expr, s))])
            elif isinstance(block, Table):
                out.extend(text(header, s) for header, _ in block.columns)
                items = value(block.items_expr, s)
                if not items:
                    out.append(text(block.empty, s))
                for item in items:
                    out.extend(str(value(expr, {**s, "row": item})) for _, expr in block.columns)
            elif isinstance(block, Chart):
                data = value(block.data_expr, s)
                header, rows = chart_table(block.kind, data)
                out.extend(header)
                out.extend(cell for row in rows for cell in row)
                out.append(text(block.caption, s))
            elif isinstance(block, WriteIn):
                for label, expr, _lines in block.rows:
                    out.extend([text(label, s), str(value(expr, s))])
            elif isinstance(block, If):
                if _ENV.compile_expression(block.condition, undefined_to_none=False)(s):
                    walk(block.blocks, s)
            elif isinstance(block, (Bullets, Checklist, Photo, ForEach, PageBreak)):
                raise AssertionError(f"the dashboard does not use {type(block).__name__}")
    walk(blocks, scope)
    return out


@pytest.mark.parametrize("month", [date(2026, 7, 1), date(2026, 8, 1), date(2026, 9, 1), date(2026, 10, 1),
                                   date(2026, 11, 1)])
def test_every_layout_expression_evaluates(home, month: date) -> None:
    context = dash.dashboard_context(home, month)
    strings = layout_strings(dash.LAYOUT.blocks, context)
    joined = "\n".join(strings)
    assert f"monthly oversight, {context['month']['label']}" in joined
    for row in context["reg40_log"]:
        assert row["decision"] in joined
    if month == date(2026, 11, 1):
        assert "November 2026 is not over yet: these are the figures up to 24 November 2026." in joined
    if month == date(2026, 9, 1):
        assert "No missing episodes were recorded in September 2026." in joined
    assert "Escalation review (3 or more episodes within 30 days)" in joined


def test_dashboard_context_for_a_home_without_episodes(minimal_home: Path) -> None:
    home = load_home(minimal_home, TODAY)
    context = dash.dashboard_context(home, date(2026, 10, 1))
    assert context["episodes_chart"]["values"] == [0] * 12
    layout_strings(dash.LAYOUT.blocks, context)


def test_kind_is_exported_for_the_template_script() -> None:
    assert dash.KIND.name == "dashboard" and dash.KIND.scope == "home" and dash.KIND.template == "dashboard.docx"
    assert dash.KIND.layout is dash.LAYOUT
    from mfc_docs.documents import ALL_KINDS, KINDS, ON_DEMAND_KINDS

    assert dash.KIND.on_demand == "mfc-docs dashboard" and dash.KIND.build is None  # never by 'mfc-docs build'
    assert dash.KIND in ALL_KINDS and dash.KIND in ON_DEMAND_KINDS and dash.KIND not in KINDS


# --------------------------------------------------------------------------
# Months and writing the files
# --------------------------------------------------------------------------


@pytest.mark.parametrize("text, month", [("2026-11", date(2026, 11, 1)), ("2026-1", date(2026, 1, 1))])
def test_parse_month(text: str, month: date) -> None:
    assert dash.parse_month(text) == month


@pytest.mark.parametrize("text", ["2026-13", "11/2026", "November", "2026-00", "", "0001-01"])
def test_parse_month_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        dash.parse_month(text)


def test_previous_month() -> None:
    assert dash.previous_month(date(2026, 11, 24)) == date(2026, 10, 1)
    assert dash.previous_month(date(2027, 1, 1)) == date(2026, 12, 1)


@pytest.fixture
def fake_renderers(monkeypatch):
    """Stand-ins for the PDF and Word renderers, recording what they were given (the real ones are tested
    end to end once the Chart block is wired into render/pdf.py and render/templates.py)."""
    calls: list[tuple[str, dict]] = []

    def fake_pdf(layout, context, *, title, subject, author, **layout_options):
        calls.append(("pdf", {"layout": layout, "context": context, "title": title, "author": author}))
        return b"%PDF-1.4 fake"

    def fake_docx(template, context, *, title, subject, author):
        calls.append(("docx", {"template": template, "context": context, "title": title}))
        return b"PK fake"

    monkeypatch.setattr("mfc_docs.render.pdf.render_pdf", fake_pdf)
    # what a build or the dashboard calls: the PDF with the pages it set
    monkeypatch.setattr("mfc_docs.render.pdf.render_pdf_counted", lambda *a, **kw: (fake_pdf(*a, **kw), 1))
    monkeypatch.setattr("mfc_docs.render.docx.render_docx", fake_docx)
    return calls


def test_build_dashboard_writes_private_files(home_dir: Path, tmp_path: Path, fake_renderers) -> None:
    (home_dir / "templates").mkdir()
    restyled = (builtin_templates_dir() / "dashboard.docx").read_bytes()
    (home_dir / "templates" / "dashboard.docx").write_bytes(restyled)
    out = tmp_path / "out"
    written = build_dashboard(home_dir, date(2026, 10, 1), out, today=TODAY)
    paths = [written.paths["docx"], written.paths["pdf"]]
    assert paths == [out / "dashboard" / "dashboard-2026-10.docx", out / "dashboard" / "dashboard-2026-10.pdf"]
    assert paths[0].read_bytes() == b"PK fake" and paths[1].read_bytes() == b"%PDF-1.4 fake"
    assert all(os.stat(p).st_mode & 0o777 == 0o600 for p in paths)
    assert os.stat(out / "dashboard").st_mode & 0o777 == 0o700
    (kind, pdf_call), (_, docx_call) = fake_renderers[0], fake_renderers[1]  # the PDF first
    assert kind == "pdf" and pdf_call["layout"] is dash.LAYOUT
    assert pdf_call["title"] == "Monthly missing-from-care dashboard: October 2026"
    assert pdf_call["context"]["headline"]["episodes"] == "4"
    assert docx_call["template"] == restyled  # the home's own template


def test_a_dashboard_template_that_is_not_a_word_file_gives_way_to_the_built_in_one(
        home_dir: Path, tmp_path: Path, fake_renderers) -> None:
    (home_dir / "templates").mkdir()
    (home_dir / "templates" / "dashboard.docx").write_bytes(b"template bytes")
    written = build_dashboard(home_dir, date(2026, 10, 1), tmp_path / "out", today=TODAY)
    assert fake_renderers[1][1]["template"] == (builtin_templates_dir() / "dashboard.docx").read_bytes()
    assert written.warnings == [
        "dashboard/dashboard-2026-10.docx: warning: the home's own Word template templates/dashboard.docx cannot be "
        "used (it is not a Word (.docx) file; save it from Word as 'Word Document (*.docx)'), so the built-in one "
        "was used. Fix it in Word, keeping every {{ ... }} and {% ... %} tag exactly as it was, or delete it."]


def test_build_dashboard_refuses_data_with_errors(home_dir: Path, tmp_path: Path, fake_renderers) -> None:
    edit(home_dir / ALEX_FILE, "returned_at: 2026-10-29 05:00", "returned_at: 2026-10-27 05:00")
    with pytest.raises(DataError):
        build_dashboard(home_dir, date(2026, 10, 1), tmp_path / "out", today=TODAY)
    assert not (tmp_path / "out").exists()
    assert fake_renderers == []


def test_cli_dashboard_defaults_to_last_month(home_dir: Path, fake_renderers) -> None:
    result = CliRunner().invoke(main, ["dashboard", str(home_dir), "--format", "pdf", "--today", "2026-11-24"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == str(home_dir / "output" / "dashboard" / "dashboard-2026-10.pdf")
    assert [kind for kind, _ in fake_renderers] == ["pdf"]


def test_cli_dashboard_month_and_output(home_dir: Path, tmp_path: Path, fake_renderers) -> None:
    result = CliRunner().invoke(main, ["dashboard", str(home_dir), "--month", "2026-08", "-o", str(tmp_path / "o"),
                                       "--format", "pdf", "--today", "2026-11-24"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "o" / "dashboard" / "dashboard-2026-08.pdf").exists()


@pytest.mark.parametrize("month", ["2026-13", "2026-12"])
def test_cli_dashboard_bad_month_is_a_usage_error(home_dir: Path, month: str, fake_renderers) -> None:
    result = CliRunner().invoke(main, ["dashboard", str(home_dir), "--month", month, "--today", "2026-11-24"])
    assert result.exit_code == 2
    assert "--month" in result.output
    assert fake_renderers == []


def test_cli_dashboard_with_bad_data_lists_the_problems(home_dir: Path, fake_renderers) -> None:
    edit(home_dir / ALEX_FILE, "returned_at: 2026-10-29 05:00", "returned_at: 2026-10-27 05:00")
    result = CliRunner().invoke(main, ["dashboard", str(home_dir), "--today", "2026-11-24"])
    assert result.exit_code == 1
    assert f"{ALEX_FILE}:" in result.output and "no documents were written" in result.output


def test_cli_dashboard_without_the_word_template(home_dir: Path, monkeypatch, fake_renderers) -> None:
    monkeypatch.setattr("mfc_docs.output.publish.builtin_templates_dir", lambda: home_dir / "no-such-folder")
    result = CliRunner().invoke(main, ["dashboard", str(home_dir), "--today", "2026-11-24"])
    assert result.exit_code == 1
    assert "Cannot write the dashboard: the Word template dashboard.docx is missing" in result.output
