"""``mfc-docs check``: every deadline of the fixture home, worked out by hand, and the command's output.

The fixture home (tests/test_episodes.py) seen on Tuesday 24 November 2026, with
the standard limits: interview offered within 24 hours and held within 72 hours of return,
post-incident review within 5 working days, Reg 40 decision within 1 working
day, "due soon" = within 7 days.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from mfc_docs.cli import main
from mfc_docs.rules.deadlines import DUE_SOON, OVERDUE, findings, format_table, status_of
from mfc_docs.input.home_data import load_home

from .conftest import TODAY, edit, line_of
from .test_episodes import ALEX_EPISODES, ALEX_FILE, BEA_EPISODES, BEA_FILE, BEA_PROFILE, make_oversight_home

# (status, due, child, episode, what, days overdue, file, marker of the line)
# Hand-worked, in order of urgency:
#  1. B2 returned Sun 11 Oct 13:30; interview offered, never held: due 14 Oct 13:30 -> 41 days overdue on 24 Nov.
#  2. Bea's risk assessment last reviewed 5 Oct, before B2's return (11 Oct): due 5 working days after the
#     return: Mon 12, Tue 13, Wed 14, Thu 15, Fri 16 Oct -> 39 days overdue.
#  3. A4 returned Thu 29 Oct 05:00, police never told: due at once -> 26 days overdue.
#  4. A4 interview never offered: 29 Oct 05:00 + 24 h = Fri 30 Oct 05:00 -> 25 days.
#  5. A4 Reg 40 decision: 1 working day after Thu 29 Oct = Fri 30 Oct (end of the day) -> 25 days.
#  6. A4 post-incident review: Fri 30, Mon 2, Tue 3, Wed 4, Thu 5 Nov -> 19 days (same day as 7, Alex before Bea).
#  7. Bea's monthly risk assessment review: 5 Oct + 31 days = 5 Nov -> 19 days.
#  8. A5 returned Sat 21 Nov 03:30, Reg 40: 1 working day = Mon 23 Nov -> 1 day.
#  9. A5 interview offered, pending: held by 21 Nov 03:30 + 72 h = Tue 24 Nov 03:30 -> due today: due soon.
# 10. A5 post-incident review: Mon 23, Tue 24, Wed 25, Thu 26, Fri 27 Nov -> due soon.
# 11. Alex's risk assessment (10 Nov) not reviewed since A5's return (21 Nov): due Fri 27 Nov -> due soon.
# Not findings: A1-A3, B1 complete (A3's review late but done; A3 declined the interview); Alex's October
# escalation review held; Alex's review cycle due 11 Dec, photos 1 Jan 2027, contacts 1 Feb 2027, procedure
# 1 Jun 2027: none within 7 days.
EXPECTED = [
    (OVERDUE, datetime(2026, 10, 14, 13, 30), "bea", date(2026, 10, 10),
     "Hold the return home interview (within 72 hours of the child's return)", 41, BEA_FILE, "# B2-outcome"),
    (OVERDUE, date(2026, 10, 16), "bea", date(2026, 10, 10),
     "Review the risk assessment after this episode", 39, BEA_FILE, "# B2-returned"),
    (OVERDUE, datetime(2026, 10, 29, 5, 0), "alex", date(2026, 10, 28),
     "Tell the police of the return (at once)", 26, ALEX_FILE, "# A4-police"),
    (OVERDUE, datetime(2026, 10, 30, 5, 0), "alex", date(2026, 10, 28),
     "Offer the return home interview (within 24 hours of the child's return)", 25, ALEX_FILE, "# A4-returned"),
    (OVERDUE, date(2026, 10, 30), "alex", date(2026, 10, 28),
     "Record the Reg 40 decision (within 1 working day of return)", 25, ALEX_FILE, "# A4-returned"),
    (OVERDUE, date(2026, 11, 5), "alex", date(2026, 10, 28),
     "Hold the post-incident review (within 5 working days of the child's return)", 19, ALEX_FILE, "# A4-returned"),
    (OVERDUE, date(2026, 11, 5), "bea", None,
     "Review the risk assessment (at least every 31 days)", 19, BEA_PROFILE, "last_reviewed: 2026-10-05"),
    (OVERDUE, date(2026, 11, 23), "alex", date(2026, 11, 20),
     "Record the Reg 40 decision (within 1 working day of return)", 1, ALEX_FILE, "# A5-returned"),
    (DUE_SOON, datetime(2026, 11, 24, 3, 30), "alex", date(2026, 11, 20),
     "Hold the return home interview (within 72 hours of the child's return)", 0, ALEX_FILE, "# A5-outcome"),
    (DUE_SOON, date(2026, 11, 27), "alex", date(2026, 11, 20),
     "Hold the post-incident review (within 5 working days of the child's return)", 0, ALEX_FILE, "# A5-returned"),
    (DUE_SOON, date(2026, 11, 27), "alex", date(2026, 11, 20),
     "Review the risk assessment after this episode", 0, ALEX_FILE, "# A5-returned"),
]
TEXTS = {ALEX_FILE: ALEX_EPISODES, BEA_FILE: BEA_EPISODES}


def _expected(home_dir: Path) -> list[tuple]:
    texts = dict(TEXTS)
    texts[BEA_PROFILE] = (home_dir / BEA_PROFILE).read_text(encoding="utf-8")
    return [(status, due, child, episode, what, late, file, line_of(texts[file], marker))
            for status, due, child, episode, what, late, file, marker in EXPECTED]


def _actual(found) -> list[tuple]:
    return [(f.status, f.due, f.child, f.episode, f.what, f.days_overdue, f.file, f.line) for f in found]


@pytest.fixture
def home_dir(minimal_home: Path) -> Path:
    return make_oversight_home(minimal_home)


def _findings(home_dir: Path, today: date = TODAY):
    home = load_home(home_dir, today)
    assert home.errors == [], home.errors
    return findings(home)


def check(home_dir: Path, *args: str, today: date = TODAY):
    return CliRunner().invoke(main, ["check", str(home_dir), "--today", today.isoformat(), *args])


def test_every_finding_of_the_fixture_home(home_dir: Path) -> None:
    home = load_home(home_dir, TODAY)
    assert home.errors == []
    assert _actual(findings(home)) == _expected(home_dir)


def test_check_prints_the_table_most_urgent_first_and_exits_1(home_dir: Path, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    result = check(home_dir)
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["STATUS", "DUE", "CHILD", "WHAT", "WHERE"]
    rows = lines[1:-1]
    assert len(rows) == len(EXPECTED)
    expected = _expected(home_dir)
    # the child's id, not their name: this output often ends up in a scheduler's log
    assert rows[0].startswith("OVERDUE 41 days  Wed 14 Oct 2026 13:30  bea    Episode of 10 Oct 2026: hold the "
                              "return home interview (within 72 hours of the child's return)")
    assert rows[0].endswith(f"{BEA_FILE}:{expected[0][7]}")
    assert rows[6].startswith("OVERDUE 19 days  Thu 5 Nov 2026         bea    Review the risk assessment (at least "
                              "every 31 days)")
    assert rows[6].endswith(f"{BEA_PROFILE}:{expected[6][7]}")
    assert rows[8].startswith("due soon         Tue 24 Nov 2026 03:30  alex   Episode of 20 Nov 2026: hold the "
                              "return home interview")
    for row, exp in zip(rows, expected):
        assert row.endswith(f"{exp[6]}:{exp[7]}")
    # 3 warnings: the minimal home's missing deputy and RI, and Bea's overdue risk assessment review
    assert lines[-1] == "8 overdue, 3 due in the next 7 days. 'mfc-docs validate' lists 3 warnings about the data."


def test_check_on_a_narrow_terminal_puts_where_under_what(home_dir: Path) -> None:
    found = _findings(home_dir)
    text = format_table(found, width=80)
    assert all(len(line) <= 80 for line in text.splitlines())
    assert f"{BEA_PROFILE}:" in text


def test_check_json_parses_and_has_every_finding(home_dir: Path) -> None:
    result = check(home_dir, "--json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    expected = _expected(home_dir)
    assert [(d["status"], d["child"], d["days_overdue"], d["file"], d["line"]) for d in data] == [
        (e[0], e[2], e[5], e[6], e[7]) for e in expected]
    assert data[0]["due"] == "2026-10-14T13:30"
    assert data[0]["episode"] == "2026-10-10"
    assert data[0]["kind"] == "rhi"
    assert data[6]["due"] == "2026-11-05"
    assert data[6]["episode"] is None
    assert data[6]["child"] == "bea" and "name" not in data[6]  # ids only: this may be logged


def test_check_exits_0_when_nothing_is_overdue(minimal_home: Path) -> None:
    result = check(minimal_home)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("Nothing is overdue or due in the next 7 days.")
    assert "STATUS" not in result.output
    assert json.loads(check(minimal_home, "--json").output) == []


def test_check_exits_0_when_something_is_only_due_soon(minimal_home: Path) -> None:
    # Alex's review: 10 Nov + 31 days = 11 Dec; seen from 4 Dec it is due in 7 days: due soon, not overdue.
    result = check(minimal_home, today=date(2026, 12, 4))
    assert result.exit_code == 0, result.output
    assert "due soon" in result.output
    assert result.output.splitlines()[-1].startswith("0 overdue, 2 due in the next 7 days.")  # and police info
    # ... and from 12 Dec both are overdue (1 day).
    late = check(minimal_home, today=date(2026, 12, 12))
    assert late.exit_code == 1
    assert late.output.count("OVERDUE 1 day ") == 2


def test_check_with_errors_prints_them_and_exits_1(home_dir: Path) -> None:
    edit(home_dir / ALEX_FILE, "returned_at: 2026-10-29 05:00", "returned_at: 2026-10-27 05:00")
    result = check(home_dir)
    assert result.exit_code == 1
    assert f"{ALEX_FILE}:{line_of(ALEX_EPISODES, '# A4-returned')}:" in result.output
    assert "STATUS" not in result.output


def test_completing_the_records_clears_the_findings(home_dir: Path) -> None:
    """Each finding goes away when the record says it was done: the rules read the fields they name."""
    edit(home_dir / BEA_FILE, "      outcome: accepted   # B2-outcome\n",
         "      outcome: accepted   # B2-outcome\n      completed_at: 2026-10-20 10:00\n")
    edit(home_dir / BEA_FILE, "    post_incident_review_on: 2026-10-16\n",
         "    post_incident_review_on: 2026-10-16\n    risk_assessment_reviewed_on: 2026-10-16\n")
    edit(home_dir / ALEX_FILE, "    police:   # A4-police\n", "    police:   # A4-police\n"
                                                               "      told_of_return_at: 2026-10-29 05:30\n")
    edit(home_dir / ALEX_FILE, "    escalation_review_on: 2026-10-30\n",
         "    escalation_review_on: 2026-10-30\n    post_incident_review_on: 2026-11-09\n"
         "    return_home_interview:\n      offered_at: 2026-11-02 10:00\n      outcome: declined\n"
         "      declined_reason: No.\n"
         "    reg40:\n      decision: not_notified\n      decided_on: 2026-11-02\n      reason: Late decision.\n")
    edit(home_dir / ALEX_FILE, "      outcome: pending   # A5-outcome\n",
         "      outcome: accepted   # A5-outcome\n      completed_at: 2026-11-23 10:00\n"
         "    post_incident_review_on: 2026-11-24\n    risk_assessment_reviewed_on: 2026-11-24\n"
         "    reg40:\n      decision: not_notified\n      decided_on: 2026-11-23\n      reason: Short.\n")
    edit(home_dir / BEA_PROFILE, "last_reviewed: 2026-10-05", "last_reviewed: 2026-11-10")
    home = load_home(home_dir, TODAY)
    assert home.errors == []
    assert findings(home) == []
    assert check(home_dir).exit_code == 0


def test_post_incident_review_due_date_skips_the_august_bank_holiday(minimal_home: Path) -> None:
    """Returned Friday 28 August 2026; Monday 31 August is a bank holiday.

    Five working days: Tue 1, Wed 2, Thu 3, Fri 4, Mon 7 September (not Fri 4 September):
    78 days overdue on 24 November (30 - 7 = 23 in September, + 31 + 24).
    """
    text = BEA_EPISODES.split("  - confirmed_missing_at: 2026-10-10")[0].replace(
        "    post_incident_review_on: 2026-09-07\n", "")
    (minimal_home / ALEX_FILE).write_text(text, encoding="utf-8")
    review = [f for f in _findings(minimal_home, TODAY) if f.kind == "post_incident_review"]
    assert [(f.status, f.due, f.days_overdue) for f in review] == [(OVERDUE, date(2026, 9, 7), 78)]


def test_christmas_and_new_year_are_not_working_days(minimal_home: Path) -> None:
    """Returned Wed 23 Dec 2026: Thu 24 Dec, (Fri 25, Mon 28 Dec bank holidays), Tue 29, Wed 30, Thu 31,
    (Fri 1 Jan bank holiday), Mon 4 Jan 2027 = the fifth working day. The Reg 40 decision: Thu 24 Dec."""
    text = """\
episodes:
  - confirmed_missing_at: 2026-12-23 01:00
    risk_level: low
    police:
      called_at: 2026-12-23 01:10
      told_of_return_at: 2026-12-23 09:10
    returned_at: 2026-12-23 09:00
    return_home_interview:
      offered_at: 2026-12-23 12:00
      outcome: declined
      declined_reason: No.
    recorded_by: R
"""
    (minimal_home / ALEX_FILE).write_text(text, encoding="utf-8")
    found = _findings(minimal_home, date(2026, 12, 29))
    assert [(f.kind, f.due, f.status) for f in found if f.episode] == [
        ("reg40", date(2026, 12, 24), OVERDUE),
        ("post_incident_review", date(2027, 1, 4), DUE_SOON),
        ("risk_assessment_after_episode", date(2027, 1, 4), DUE_SOON),
    ]


def test_escalation_review_missing_for_three_episodes_in_a_month(home_dir: Path) -> None:
    """Without Alex's October review: the third October episode (A4) returned Thu 29 Oct: due Thu 5 Nov."""
    edit(home_dir / ALEX_FILE, "    escalation_review_on: 2026-10-30\n", "")
    found = [f for f in _findings(home_dir) if f.kind == "escalation_review"]
    assert [(f.status, f.due, f.days_overdue, f.what, f.line) for f in found] == [
        (OVERDUE, date(2026, 11, 5), 19, "Hold an escalation review (3 episodes since 2 October 2026; the rule: "
                                         "3 or more episodes within 30 days)", line_of(ALEX_EPISODES, "# A4"))]


def test_escalation_threshold_comes_from_the_home_config(home_dir: Path) -> None:
    edit(home_dir / "home_config.yaml", "  rhi_within_hours: 72\n",
         "  rhi_within_hours: 72\n  repeat_missing_episodes: 4\n")
    edit(home_dir / ALEX_FILE, "    escalation_review_on: 2026-10-30\n", "")
    assert not [f for f in _findings(home_dir) if f.kind == "escalation_review"]


def test_an_episode_still_open_past_the_limit_must_be_escalated(minimal_home: Path) -> None:
    text = """\
episodes:
  - confirmed_missing_at: 2026-11-22 21:00
    risk_level: high
    recorded_by: R
"""
    (minimal_home / ALEX_FILE).write_text(text, encoding="utf-8")
    found = _findings(minimal_home)
    # 22 Nov 21:00 + 24 hours = 23 Nov 21:00: overdue by 1 day on 24 Nov (for both escalation and Reg 40)
    assert [(f.kind, f.due, f.status, f.days_overdue) for f in found] == [
        ("escalate", datetime(2026, 11, 23, 21, 0), OVERDUE, 1),
        ("reg40", datetime(2026, 11, 23, 21, 0), OVERDUE, 1),
    ]
    # Seen on the day it went missing, both are due the next evening: due soon.
    found = _findings(minimal_home, date(2026, 11, 22))
    assert [(f.kind, f.status) for f in found] == [("escalate", DUE_SOON), ("reg40", DUE_SOON)]
    # A strategy meeting and a Reg 40 decision answer them.
    edit(minimal_home / ALEX_FILE, "    recorded_by: R\n",
         "    strategy_meeting_on: 2026-11-23\n    reg40:\n      decision: notified\n      decided_on: 2026-11-23\n"
         "      reason: Missing over 24 hours.\n      ofsted_reference: X1\n    recorded_by: R\n")
    assert _findings(minimal_home) == []


def test_home_review_cycles_are_findings(minimal_home: Path) -> None:
    # contacts last checked 1 Nov 2026 + 3 months = 1 Feb 2027; procedure approved 1 Jun 2026 + 12 months = 1 Jun 2027.
    found = _findings(minimal_home, date(2027, 2, 2))
    contacts = [f for f in found if f.kind == "contacts"]
    assert [(f.status, f.due, f.days_overdue, f.file, f.child, f.name) for f in contacts] == [
        (OVERDUE, date(2027, 2, 1), 1, "home_config.yaml", "", "The home")]
    text = (minimal_home / "home_config.yaml").read_text(encoding="utf-8")
    assert contacts[0].line == line_of(text, "last_checked:")
    procedure = [f for f in _findings(minimal_home, date(2027, 5, 27)) if f.kind == "procedure"]
    assert [(f.status, f.due) for f in procedure] == [(DUE_SOON, date(2027, 6, 1))]


def test_photo_cycle_is_a_finding(minimal_home: Path) -> None:
    edit(minimal_home / "young_people/alex/profile.yaml", "taken_on: 2026-10-01", "taken_on: 2026-08-20")
    found = [f for f in _findings(minimal_home) if f.kind == "photo"]
    # 20 Aug + 3 months = 20 Nov: 4 days overdue on 24 Nov
    assert [(f.status, f.due, f.days_overdue) for f in found] == [(OVERDUE, date(2026, 11, 20), 4)]


@pytest.mark.parametrize("due, status, late", [
    (date(2026, 11, 23), OVERDUE, 1),
    (datetime(2026, 11, 23, 23, 59), OVERDUE, 1),
    (date(2026, 11, 24), DUE_SOON, 0),
    (datetime(2026, 11, 24, 0, 1), DUE_SOON, 0),
    (date(2026, 12, 1), DUE_SOON, 0),
    (date(2026, 12, 2), None, 0),
])
def test_status_of(due, status, late) -> None:
    assert status_of(due, TODAY, 7) == (status, late)


def test_sample_home_check(sample_home: Path) -> None:
    """The sample home's record on 24 November 2026: one never-offered interview, a missing review and a
    missing Reg 40 decision overdue; Nhung's third November episode keeps the manager busy this week."""
    result = CliRunner().invoke(main, ["check", str(sample_home), "--today", "2026-11-24", "--json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert [(d["status"], d["child"], d["kind"], d["due"]) for d in data] == [
        ("overdue", "zofia", "rhi_offer", "2026-10-05T22:45"),            # 4 Oct episode, back 22:45; offer 24 h
        ("overdue", "zofia", "risk_assessment_after_episode", "2026-11-13"),  # back Sun 8 Nov; reviewed 5 Nov
        ("overdue", "nhung", "reg40", "2026-11-23"),                      # back Sat 21 Nov
        ("due_soon", "nhung", "rhi", "2026-11-26T10:05"),                 # back Mon 23 Nov 10:05
        ("due_soon", "nhung", "escalation_review", "2026-11-27"),         # 3 episodes within 30 days since 23 Oct
        ("due_soon", "nhung", "risk_assessment_after_episode", "2026-11-27"),  # after the 20 Nov episode
        ("due_soon", "stefan", "risk_assessment_review", "2026-11-27"),   # next_review in his profile
        ("due_soon", "nhung", "post_incident_review", "2026-11-30"),
        ("due_soon", "nhung", "risk_assessment_after_episode", "2026-11-30"),
    ]


def test_check_json_with_data_errors_is_still_json(minimal_home: Path) -> None:
    import json

    from click.testing import CliRunner

    from mfc_docs.cli import main

    profile = minimal_home / "young_people/alex/profile.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace("  level: medium", "  level: severe"), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(minimal_home), "--json", "--today", "2026-11-24"])
    assert result.exit_code == 1
    errors = json.loads(result.output)["errors"]
    assert errors[0]["file"] == "young_people/alex/profile.yaml" and errors[0]["field"] == "risk.level"


def test_the_repeat_missing_rule_is_a_rolling_window_not_a_calendar_month(minimal_home: Path) -> None:
    """30 November and 1 December: two episodes in two calendar months, but within 2 days of each other."""
    edit(minimal_home / "home_config.yaml", "  rhi_within_hours: 72\n",
         "  rhi_within_hours: 72\n  repeat_missing_episodes: 2\n  repeat_missing_days: 7\n")
    episode = """\
  - confirmed_missing_at: {start}
    risk_level: medium
    returned_at: {back}
    police:
      called_at: {start}
      told_of_return_at: {back}
    return_home_interview:
      offered_at: {back}
      outcome: declined
      declined_reason: No.
    post_incident_review_on: {review}
    risk_assessment_reviewed_on: {review}
    reg40:
      decision: not_notified
      decided_on: {review}
      reason: Short.
    recorded_by: R
"""
    text = "episodes:\n" + episode.format(start="2026-11-30 20:00", back="2026-11-30 23:00", review="2026-12-01") + \
        episode.format(start="2026-12-01 20:00", back="2026-12-01 22:00", review="2026-12-02")
    (minimal_home / ALEX_FILE).write_text(text, encoding="utf-8")
    found = [f for f in _findings(minimal_home, date(2026, 12, 3)) if f.kind == "escalation_review"]
    # back Tue 1 Dec: 5 working days -> Tue 8 Dec, due soon on 3 Dec
    assert [(f.status, f.due, f.episode) for f in found] == [(DUE_SOON, date(2026, 12, 8), date(2026, 12, 1))]
    assert "2 or more episodes within 7 days" in found[0].what
