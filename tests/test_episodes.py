"""episodes.yaml: loading, the checks the schema cannot make, and the computed historical pattern.

Also holds the FIXTURE HOME used by test_deadlines.py and test_dashboard.py:
two children, Alex (medium risk) and Bea (high risk, a copy of Alex's profile
with her own name and an older risk assessment), with episodes from July to
November 2026 written out below. Every expected figure in those tests was
worked out by hand from these two texts; comments ``# A4-returned`` and the
like mark the lines that findings must point at.
"""

from __future__ import annotations

import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from mfc_docs.cli import main
from mfc_docs.input.episodes import duration_words, historical_pattern, load_episodes
from mfc_docs.input.home_data import load_home

from .conftest import TODAY, edit, line_of

ALEX_FILE = "young_people/alex/episodes.yaml"
BEA_FILE = "young_people/bea/episodes.yaml"
BEA_PROFILE = "young_people/bea/profile.yaml"

# Alex: A1 in July; A2, A3, A4 in October (an escalation review held); A5 in November.
ALEX_EPISODES = """\
# Test fixture. FICTIONAL.
episodes:
  - confirmed_missing_at: 2026-07-10 22:00   # A1
    last_seen_at: 2026-07-10 21:30
    risk_level: medium
    police:
      called_at: 2026-07-10 22:20
      number: "101"
      told_of_return_at: 2026-07-11 02:10
    social_care_notified_at: 2026-07-10 22:30
    returned_at: 2026-07-11 02:00
    where_found: The Rec
    return_home_interview:
      offered_at: 2026-07-11 10:00
      outcome: accepted
      completed_at: 2026-07-13 10:00
    post_incident_review_on: 2026-07-15
    reg40:
      decision: not_notified
      decided_on: 2026-07-13
      reason: Short, known place.
    recorded_by: Robin Test

  - confirmed_missing_at: 2026-10-02 20:00   # A2
    last_seen_at: 2026-10-02 19:40
    risk_level: medium
    police:
      called_at: 2026-10-02 20:10
      number: "101"
      told_of_return_at: 2026-10-03 08:15
    social_care_notified_at: 2026-10-02 20:30
    returned_at: 2026-10-03 08:00
    where_found: The Rec.
    return_home_interview:
      offered_at: 2026-10-03 12:00
      outcome: accepted
      completed_at: 2026-10-05 15:00
    post_incident_review_on: 2026-10-09
    reg40:
      decision: notified
      decided_on: 2026-10-03
      reason: Overnight with older peers.
      ofsted_reference: OF-0001
    recorded_by: Robin Test

  - confirmed_missing_at: 2026-10-16 21:15   # A3
    last_seen_at: 2026-10-16 21:00
    risk_level: medium
    police:
      called_at: 2026-10-16 21:45
      number: "101"
      told_of_return_at: 2026-10-16 23:30
    social_care_notified_at: 2026-10-16 21:35
    returned_at: 2026-10-16 23:15
    where_found: the rec
    return_home_interview:
      offered_at: 2026-10-17 09:00
      outcome: declined
      declined_reason: Said she was fine.
    post_incident_review_on: 2026-10-26
    reg40:
      decision: not_notified
      decided_on: 2026-10-19
      reason: Two hours, known place.
    recorded_by: Robin Test

  - confirmed_missing_at: 2026-10-28 17:00   # A4
    last_seen_at: 2026-10-28 16:30
    risk_level: medium
    police:   # A4-police
      called_at: 2026-10-28 17:50
      number: "101"
    returned_at: 2026-10-29 05:00   # A4-returned
    where_found: Bus station
    escalation_review_on: 2026-10-30
    recorded_by: Robin Test

  - confirmed_missing_at: 2026-11-20 23:30   # A5
    last_seen_at: 2026-11-20 23:10
    risk_level: medium
    police:
      called_at: 2026-11-20 23:40
      number: "101"
      told_of_return_at: 2026-11-21 03:40
    returned_at: 2026-11-21 03:30   # A5-returned
    return_home_interview:
      offered_at: 2026-11-21 12:00
      outcome: pending   # A5-outcome
    recorded_by: Robin Test
"""

# Bea: B1 returned on the Friday before the August bank holiday; B2 in October, interview never held.
BEA_EPISODES = """\
# Test fixture. FICTIONAL.
episodes:
  - confirmed_missing_at: 2026-08-28 17:20   # B1
    last_seen_at: 2026-08-28 17:00
    risk_level: high
    police:
      called_at: 2026-08-28 17:30
      number: "999"
      told_of_return_at: 2026-08-28 20:30
    social_care_notified_at: 2026-08-28 17:50
    returned_at: 2026-08-28 20:20
    where_found: Her nan's
    return_home_interview:
      offered_at: 2026-08-29 10:00
      outcome: accepted
      completed_at: 2026-09-01 09:00
    post_incident_review_on: 2026-09-07
    reg40:
      decision: not_notified
      decided_on: 2026-08-29
      reason: With family.
    recorded_by: Robin Test

  - confirmed_missing_at: 2026-10-10 13:30   # B2
    last_seen_at: 2026-10-10 13:00
    risk_level: high
    police:
      called_at: 2026-10-10 13:40
      number: "999"
      told_of_return_at: 2026-10-11 13:45
    social_care_notified_at: 2026-10-10 13:45
    returned_at: 2026-10-11 13:30   # B2-returned
    return_home_interview:
      offered_at: 2026-10-12 10:00
      outcome: accepted   # B2-outcome
    post_incident_review_on: 2026-10-16
    reg40:
      decision: notified
      decided_on: 2026-10-11
      reason: Missing 24 hours.
      ofsted_reference: OF-0002
    strategy_meeting_on: 2026-10-12
    recorded_by: Robin Test
"""


def make_oversight_home(home: Path) -> Path:
    """Turn a copy of the minimal home into the fixture home described at the top of this file."""
    bea = home / "young_people" / "bea"
    shutil.copytree(home / "young_people" / "alex", bea)
    edit(bea / "profile.yaml", "legal: Alex Łukasz O'Brien", "legal: Bea Test")
    edit(bea / "profile.yaml", "preferred: Alex", "preferred: Bea")
    edit(bea / "profile.yaml", "level: medium", "level: high")
    edit(bea / "profile.yaml", "last_reviewed: 2026-11-10", "last_reviewed: 2026-10-05")
    (home / ALEX_FILE).write_text(ALEX_EPISODES, encoding="utf-8")
    (home / BEA_FILE).write_text(BEA_EPISODES, encoding="utf-8")
    return home


@pytest.fixture
def oversight_home(minimal_home: Path) -> Path:
    return make_oversight_home(minimal_home)


def run(*args: str):
    return CliRunner().invoke(main, [*args, "--today", TODAY.isoformat()])


# --------------------------------------------------------------------------
# Loading good data
# --------------------------------------------------------------------------


def test_fixture_home_loads_without_errors(oversight_home: Path) -> None:
    home = load_home(oversight_home, TODAY)
    assert home.errors == []
    alex = home.child("alex")
    assert [ep["confirmed_missing_at"] for ep in alex.episodes] == [
        datetime(2026, 7, 10, 22, 0), datetime(2026, 10, 2, 20, 0), datetime(2026, 10, 16, 21, 15),
        datetime(2026, 10, 28, 17, 0), datetime(2026, 11, 20, 23, 30)]
    # where each episode was written, for the findings
    a4 = alex.episodes[3]
    assert a4["_file"] == ALEX_FILE
    assert a4["_line"] == line_of(ALEX_EPISODES, "# A4")
    assert a4["_lines"]["returned_at"] == line_of(ALEX_EPISODES, "# A4-returned")
    assert a4["_lines"]["police"] == line_of(ALEX_EPISODES, "# A4-police")  # the key's line, not its first value's
    # the only warnings are the minimal home's own (no deputy, no RI) and Bea's overdue risk assessment
    assert sorted(p.message[:40] for p in home.problems) == sorted([
        "there is no entry for the deputy manager",
        "there is no entry for the Responsible In",
        "the risk assessment was due for review o",
    ])


def test_episodes_are_returned_oldest_first_whatever_the_order_in_the_file(minimal_home: Path) -> None:
    text = """\
episodes:
  - confirmed_missing_at: 2026-11-02 20:00
    risk_level: low
    returned_at: 2026-11-02 22:00
    recorded_by: R
  - confirmed_missing_at: 2026-10-01 20:00
    risk_level: low
    returned_at: 2026-10-01 21:00
    recorded_by: R
"""
    (minimal_home / ALEX_FILE).write_text(text, encoding="utf-8")
    home = load_home(minimal_home, TODAY)
    assert home.errors == []
    assert [ep["_index"] for ep in home.child("alex").episodes] == [1, 0]


def test_an_open_latest_episode_is_allowed(minimal_home: Path) -> None:
    text = ALEX_EPISODES.replace("    returned_at: 2026-11-21 03:30   # A5-returned\n", "").replace(
        "    return_home_interview:\n      offered_at: 2026-11-21 12:00\n      outcome: pending   # A5-outcome\n", "").replace(
        "      told_of_return_at: 2026-11-21 03:40\n", "")
    assert text.count("returned_at:") == 4
    (minimal_home / ALEX_FILE).write_text(text, encoding="utf-8")
    home = load_home(minimal_home, TODAY)
    assert home.errors == []
    assert home.child("alex").episodes[-1].get("returned_at") is None


# --------------------------------------------------------------------------
# Bad data: every problem with file and line, through the CLI
# --------------------------------------------------------------------------

# (case, text to replace in ALEX_EPISODES, replacement, expected message fragment, text on the line it points at)
BAD = [
    ("return before missing", "returned_at: 2026-10-29 05:00   # A4-returned", "returned_at: 2026-10-28 16:00   # A4-returned",
     "episodes[4].returned_at: returned_at (Wed 28 October 2026, 16:00) is before confirmed_missing_at "
     "(Wed 28 October 2026, 17:00): a child cannot come back before being found gone or confirmed missing.", "# A4-returned"),
    ("impossible time", "returned_at: 2026-10-29 05:00   # A4-returned", "returned_at: 2026-11-03 25:10   # A4-returned",
     "episodes[4].returned_at: '2026-11-03 25:10' has the time 25:10, which does not exist on a 24-hour clock",
     "# A4-returned"),
    ("impossible date", "returned_at: 2026-10-29 05:00   # A4-returned", "returned_at: 2026-02-30 05:00   # A4-returned",
     "episodes[4].returned_at: '2026-02-30' is not a real date: February 2026 has 28 days", "# A4-returned"),
    ("unknown field", "    where_found: Bus station\n", "    where_fund: Bus station\n",
     "episodes[4].where_fund: 'where_fund' is not a field mfc-docs knows, so it would be left out of every "
     "document. Did you mean 'where_found'?", "where_fund"),
    ("unknown choice", "outcome: pending   # A5-outcome", "outcome: pendng   # A5-outcome",
     "episodes[5].return_home_interview.outcome: 'pendng' is not one of the choices: accepted, declined, pending.",
     "# A5-outcome"),
    ("in the future", "returned_at: 2026-11-21 03:30   # A5-returned", "returned_at: 2026-11-25 03:30   # A5-returned",
     "episodes[5].returned_at: Wed 25 November 2026, 03:30 is in the future (today is 24 November 2026).",
     "# A5-returned"),
    ("last seen after confirmed", "last_seen_at: 2026-10-28 16:30", "last_seen_at: 2026-10-28 17:30",
     "episodes[4].confirmed_missing_at: confirmed_missing_at (Wed 28 October 2026, 17:00) is before last_seen_at "
     "(Wed 28 October 2026, 17:30)", "# A4"),
    ("police called before last seen", "called_at: 2026-10-28 17:50", "called_at: 2026-10-28 16:00",
     "episodes[4].police.called_at: police.called_at (Wed 28 October 2026, 16:00) is before last_seen_at",
     "called_at: 2026-10-28 16:00"),
    ("police told of return before return", "told_of_return_at: 2026-11-21 03:40", "told_of_return_at: 2026-11-21 03:20",
     "episodes[5].police.told_of_return_at: police.told_of_return_at (Sat 21 November 2026, 03:20) is before "
     "returned_at (Sat 21 November 2026, 03:30): the police cannot be told of a return before it happened.",
     "told_of_return_at: 2026-11-21 03:20"),
    ("interview offered before return", "offered_at: 2026-11-21 12:00", "offered_at: 2026-11-20 12:00",
     "episodes[5].return_home_interview.offered_at: return_home_interview.offered_at (Fri 20 November 2026, 12:00) "
     "is before returned_at", "offered_at: 2026-11-20 12:00"),
    ("interview held before offered", "completed_at: 2026-10-05 15:00", "completed_at: 2026-10-03 11:00",
     "episodes[2].return_home_interview.completed_at: return_home_interview.completed_at (Sat 3 October 2026, 11:00) "
     "is before return_home_interview.offered_at (Sat 3 October 2026, 12:00)", "completed_at: 2026-10-03 11:00"),
    ("review before return", "post_incident_review_on: 2026-10-26", "post_incident_review_on: 2026-10-15",
     "episodes[3].post_incident_review_on: post_incident_review_on (15 October 2026) is before returned_at "
     "(16 October 2026)", "post_incident_review_on: 2026-10-15"),
    ("declined and held", "      declined_reason: Said she was fine.\n",
     "      declined_reason: Said she was fine.\n      completed_at: 2026-10-18 10:00\n",
     "episodes[3].return_home_interview.outcome: the outcome is 'declined' but completed_at says the interview "
     "took place.", "outcome: declined"),
    ("overlap", "confirmed_missing_at: 2026-10-16 21:15   # A3", "confirmed_missing_at: 2026-10-03 07:00   # A3",
     "episodes[3].confirmed_missing_at: this episode starts (Sat 3 October 2026, 07:00) before the previous one "
     "ended (Sat 3 October 2026, 08:00, line", "# A3"),
    ("open episode that is not the latest", "    returned_at: 2026-10-29 05:00   # A4-returned\n", "",
     "episodes[4].confirmed_missing_at: this episode has no returned_at, so it is still open, but a later "
     "episode starts Fri 20 November 2026, 23:30", "# A4"),
    ("the same episode twice", "confirmed_missing_at: 2026-10-16 21:15   # A3", "confirmed_missing_at: 2026-10-02 20:00   # A3",
     "episodes[3].confirmed_missing_at: another episode (line", "# A3"),
    ("before the child was born", "post_incident_review_on: 2026-07-15", "post_incident_review_on: 2010-07-15",
     "episodes[1].post_incident_review_on: 15 July 2010 is before the child was born (6 May 2011, date_of_birth in "
     "profile.yaml). Check the year.", "post_incident_review_on: 2010-07-15"),
]


@pytest.mark.parametrize("case, old, new, message, marker", BAD, ids=[c[0] for c in BAD])
@pytest.mark.parametrize("command", ["validate", "check"])
def test_bad_episode_data_is_reported_with_file_and_line(oversight_home: Path, command: str, case: str, old: str,
                                                         new: str, message: str, marker: str) -> None:
    assert ALEX_EPISODES.count(old) == 1
    text = ALEX_EPISODES.replace(old, new)
    (oversight_home / ALEX_FILE).write_text(text, encoding="utf-8")
    result = run(command, str(oversight_home))
    assert result.exit_code == 1, result.output
    expected_line = line_of(text, marker)
    lines = [ln for ln in result.output.splitlines() if message in ln]
    assert lines, result.output
    assert lines[0].startswith(f"{ALEX_FILE}:{expected_line}:"), lines[0]
    assert "warning" not in lines[0]
    if command == "check":
        assert "STATUS" not in result.output  # no findings table on data that has errors


def test_notification_not_before_last_seen_but_may_precede_confirmation(oversight_home: Path) -> None:
    """Calling 999 at once, before the search confirms it, is fine: only before last seen is impossible."""
    text = ALEX_EPISODES.replace("called_at: 2026-10-28 17:50", "called_at: 2026-10-28 16:45")
    (oversight_home / ALEX_FILE).write_text(text, encoding="utf-8")
    assert load_home(oversight_home, TODAY).errors == []


def test_a_time_later_today_is_not_in_the_future(oversight_home: Path) -> None:
    text = ALEX_EPISODES.replace("told_of_return_at: 2026-11-21 03:40", "told_of_return_at: 2026-11-24 23:59")
    (oversight_home / ALEX_FILE).write_text(text, encoding="utf-8")
    assert load_home(oversight_home, TODAY).errors == []
    assert load_home(oversight_home, TODAY - timedelta(days=1)).errors  # ... but it is the day before


WARNINGS = [
    ("declined without a reason", "      declined_reason: Said she was fine.\n", "",
     "episodes[3].return_home_interview.outcome: the interview was declined but no reason is recorded.",
     "outcome: declined"),
    ("notified without the Ofsted reference", "      ofsted_reference: OF-0001\n", "",
     "episodes[2].reg40.decision: Ofsted was notified but the Ofsted reference is not recorded.",
     "decision: notified"),
    ("before the placement began", "2026-07-1", "2024-07-1",
     "episodes[1].confirmed_missing_at: this episode began on 10 July 2024, before the child came to the home "
     "(10 January 2025, placement.placed_on in profile.yaml). Check the year;", "# A1"),
]


@pytest.mark.parametrize("case, old, new, message, marker", WARNINGS, ids=[c[0] for c in WARNINGS])
def test_incomplete_records_are_warnings(oversight_home: Path, case: str, old: str, new: str, message: str,
                                         marker: str) -> None:
    text = ALEX_EPISODES.replace(old, new)
    (oversight_home / ALEX_FILE).write_text(text, encoding="utf-8")
    result = run("validate", str(oversight_home))
    assert result.exit_code == 0, result.output
    expected = f"{ALEX_FILE}:{line_of(text, marker)}:"
    assert any(ln.startswith(expected) and ": warning: " in ln and message in ln
               for ln in result.output.splitlines()), result.output


def test_load_episodes_directly_reports_problems_for_a_broken_file(tmp_path: Path) -> None:
    path = tmp_path / "episodes.yaml"
    path.write_text("episodes:\n  - confirmed_missing_at: yesterday\n    risk_level: high\n    recorded_by: R\n",
                    encoding="utf-8")
    episodes, problems = load_episodes(path, "young_people/x/episodes.yaml", None, None, TODAY)
    assert episodes == []
    assert [(p.file, p.line, p.path) for p in problems] == [
        ("young_people/x/episodes.yaml", 2, "episodes[1].confirmed_missing_at")]


# --------------------------------------------------------------------------
# The historical pattern
# --------------------------------------------------------------------------


def test_historical_pattern_of_the_fixture(oversight_home: Path) -> None:
    home = load_home(oversight_home, TODAY)
    # Alex, A1..A5, all within 12 months of 24 Nov 2026.
    # Durations (confirmed to return): A1 4 h, A2 12 h, A3 2 h, A4 12 h, A5 4 h -> sorted 2, 4, 4, 12, 12: median 4 h.
    # Last seen: Fri 21:30, Fri 19:40, Fri 21:00, Wed 16:30, Fri 23:10 -> 4 evening, 1 afternoon; 4 Fridays.
    # Where found: "The Rec", "The Rec.", "the rec" (one place), "Bus station", none recorded.
    # Last 3 months (25 Aug - 24 Nov): A2, A3, A4, A5 = 4; the 3 before (25 May - 24 Aug): A1 = 1.
    assert historical_pattern(home.child("alex").episodes, TODAY) == {
        "count_12_months": "5",
        "typical_duration": "about 4 hours (shortest 2 h 00 min, longest 12 h 00 min)",
        "time_of_day": "evening 18:00-23:59 (4 of 5); then afternoon 12:00-17:59 (1)",
        "day_of_week": "Friday (4 of 5)",
        "where_found": "The Rec (3), Bus station (1); not recorded for 1",
        "trend": "rising: 4 episodes in the last 3 months, 1 in the 3 before",
    }
    # Bea: 3 h (Fri 17:00) and 24 h (Sat 13:00): median 13.5 h, shown rounded half up as 14.
    assert historical_pattern(home.child("bea").episodes, TODAY) == {
        "count_12_months": "2",
        "typical_duration": "about 14 hours (shortest 3 h 00 min, longest 24 h 00 min)",
        "time_of_day": "afternoon 12:00-17:59 (2 of 2)",
        "day_of_week": "No day stands out: 2 episodes on 2 different days",
        "where_found": "Her nan's (1); not recorded for 1",
        "trend": "rising: 2 episodes in the last 3 months, 0 in the 3 before",
    }


def test_historical_pattern_feeds_the_risk_assessment_context(oversight_home: Path) -> None:
    from mfc_docs.documents.risk_assessment import child_pattern

    home = load_home(oversight_home, TODAY)
    assert child_pattern(home.child("alex"), home)["count_12_months"] == "5"


def _episode(start: datetime, hours: float | None, where: str | None = None) -> dict:
    ep = {"confirmed_missing_at": start, "risk_level": "low", "recorded_by": "R"}
    if hours is not None:
        ep["returned_at"] = start + timedelta(hours=hours)
    if where:
        ep["where_found"] = where
    return ep


def test_pattern_is_none_without_episodes() -> None:
    assert historical_pattern([], TODAY) is None


def test_pattern_of_old_episodes_only_describes_them_all() -> None:
    episodes = [_episode(datetime(2024, 6, 13, 20, 30), 2), _episode(datetime(2025, 3, 14, 21, 15), 2)]
    pattern = historical_pattern(episodes, TODAY)
    assert pattern["count_12_months"] == "0 (2 episodes recorded in all; the last on 14 March 2025)"
    assert pattern["typical_duration"] == ("about 2 hours (shortest 2 h 00 min, longest 2 h 00 min) "
                                           "(none in the last 12 months: this describes all recorded episodes)")
    assert pattern["trend"] == "no episodes in the last 6 months"
    assert pattern["where_found"] == "Not recorded"


def test_pattern_counts_twelve_months_back_to_the_day_after() -> None:
    # 24 Nov 2025 is exactly 12 months before TODAY: not within "the last 12 months"; 25 Nov 2025 is.
    episodes = [_episode(datetime(2025, 11, 24, 20, 0), 1), _episode(datetime(2025, 11, 25, 20, 0), 1)]
    assert historical_pattern(episodes, TODAY)["count_12_months"] == "1 (2 recorded in all)"


def test_pattern_with_a_still_open_episode_and_ties() -> None:
    episodes = [
        _episode(datetime(2026, 11, 2, 2, 0), 1.5, "A"),      # Mon night, 1.5 h
        _episode(datetime(2026, 11, 3, 9, 0), 0.75, "B"),     # Tue morning, 45 min
        _episode(datetime(2026, 11, 4, 3, 0), 30, "B"),       # Wed night, 30 h
        _episode(datetime(2026, 11, 5, 10, 0), 50, "A"),      # Thu morning, 50 h
        _episode(datetime(2026, 11, 23, 19, 0), None),        # Mon evening, still missing
    ]
    pattern = historical_pattern(episodes, TODAY)
    # returned: 0.75, 1.5, 30, 50 h -> median (1.5 + 30) / 2 = 15.75 h -> 16 hours; shortest 45 minutes, longest
    # 50 h (under 72 hours: hours, not "2 days"); the open one (from 23 Nov 19:00) has 5 h so far on 24 Nov 00:00.
    assert pattern["typical_duration"] == ("about 16 hours (shortest 45 minutes, longest 50 h 00 min); "
                                           "1 episode still open")
    assert pattern["time_of_day"] == ("night 00:00-05:59 and morning 06:00-11:59 (2 each of 5); "
                                      "then evening 18:00-23:59 (1)")
    assert pattern["day_of_week"] == "Monday (2 of 5)"
    assert pattern["where_found"] == "A (2), B (2); not recorded for 1"
    assert pattern["trend"] == "rising: 5 episodes in the last 3 months, 0 in the 3 before"


@pytest.mark.parametrize("minutes, words", [
    (0, "about 0 minutes"), (2, "about 5 minutes"), (44, "about 45 minutes"), (58, "about 1 hour"),
    (60, "about 1 hour"), (89, "about 1 hour"), (90, "about 2 hours"), (47 * 60 + 29, "about 47 hours"),
    (61 * 60 + 50, "about 62 hours"), (71 * 60 + 29, "about 71 hours"), (84 * 60, "about 4 days"),
])
def test_duration_words(minutes: int, words: str) -> None:
    assert duration_words(timedelta(minutes=minutes)) == words


@pytest.mark.parametrize("minutes, words", [
    (45, "45 minutes"), (61 * 60 + 50, "61 h 50 min"), (71 * 60 + 59, "71 h 59 min"), (72 * 60, "3 days"),
    (76 * 60 + 10, "3 days 4 h"),
])
def test_one_episode_under_72_hours_is_hours_and_minutes_not_days(minutes: int, words: str) -> None:
    """61 h 50 min used to print as "3 days"."""
    assert duration_words(timedelta(minutes=minutes), about=False) == words


def test_the_longest_episode_counts_one_still_open_and_says_so() -> None:
    """An episode open for 51 hours and counting is longer than every closed one: it is the longest, and open."""
    episodes = [
        _episode(datetime(2026, 11, 5, 18, 0), 61 + 50 / 60 - 24, "A"),  # 37 h 50 min
        _episode(datetime(2026, 11, 12, 9, 0), 3, "B"),
        _episode(datetime(2026, 11, 21, 21, 0), None),  # open: 51 h by 24 Nov 00:00
    ]
    pattern = historical_pattern(episodes, TODAY)
    assert pattern["typical_duration"] == ("about 20 hours (shortest 3 h 00 min, longest 51 h 00 min so far: still "
                                           "missing, since Sat 21 November 2026, 21:00); 1 episode still open")


def test_sample_home_episodes_validate_and_agree_with_the_profiles(sample_home: Path) -> None:
    """The shipped sample: no errors, and the records match what each profile's missing_history says."""
    home = load_home(sample_home, TODAY)
    assert home.errors == []
    counts = {c.id: len(c.episodes) for c in home.children}
    # Nhung: the profile says seven since 6 April 2026 (written on 19 November); two more since.
    assert counts == {"nhung": 9, "oisin": 4, "stefan": 0, "zofia": 9}
    nhung = home.child("nhung").episodes
    assert sum(1 for ep in nhung if ep["confirmed_missing_at"].date() <= date(2026, 11, 19)) == 7
    longest = max(nhung, key=lambda ep: ep["returned_at"] - ep["confirmed_missing_at"])
    assert longest["returned_at"] - longest["confirmed_missing_at"] == timedelta(hours=31)
    assert longest["confirmed_missing_at"].date() == date(2026, 11, 15)
    assert max(ep["returned_at"] - ep["confirmed_missing_at"] for ep in home.child("zofia").episodes) <= timedelta(hours=9)
    assert home.child("oisin").episodes[-1]["confirmed_missing_at"].date() == date(2026, 8, 9)
    for path in (sample_home / "young_people").glob("*/episodes.yaml"):
        # Line 1 points an editor at the JSON Schema (README, `mfc-docs schema`).
        assert path.read_text(encoding="utf-8").splitlines()[1] == "# FICTIONAL SAMPLE DATA - not a real child."


def test_an_episodes_file_left_empty_is_fine(minimal_home: Path) -> None:
    """The file is optional, so 'episodes:' with nothing under it means no episodes yet, not an error."""
    from click.testing import CliRunner

    from mfc_docs.cli import main

    (minimal_home / "young_people" / "alex" / "episodes.yaml").write_text("episodes:\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(minimal_home), "--today", "2026-11-24"])
    assert result.exit_code == 0, result.output
    assert "episodes.yaml" not in result.output


# --- issue 11: the repeated hour at the autumn clock change --------------------------------------------------

CLOCK_CHANGE = """\
episodes:
  - confirmed_missing_at: 2026-10-25 01:40
    risk_level: high
    returned_at: {back}
    recorded_by: R
"""


@pytest.mark.parametrize("back", ["2026-10-25 01:20 GMT", "2026-10-25 01:20 +00:00", "2026-10-25 01:20 gmt"])
def test_a_return_in_the_repeated_hour_written_with_its_zone_is_accepted(minimal_home: Path, back: str) -> None:
    """Gone at 01:40 BST, back at 01:20 GMT: 40 minutes later, although the clock shows an earlier time."""
    from mfc_docs.input.episodes import duration

    (minimal_home / ALEX_FILE).write_text(CLOCK_CHANGE.format(back=back), encoding="utf-8")
    home = load_home(minimal_home, TODAY)
    assert [p for p in home.problems if p.file == ALEX_FILE and p.is_error] == []
    [episode] = home.child("alex").episodes
    assert duration(episode) == timedelta(minutes=40)


def test_an_ambiguous_time_says_how_to_write_it(minimal_home: Path) -> None:
    (minimal_home / ALEX_FILE).write_text(CLOCK_CHANGE.format(back="2026-10-25 01:20"), encoding="utf-8")
    home = load_home(minimal_home, TODAY)
    [error] = [p for p in home.problems if p.file == ALEX_FILE and p.is_error]
    assert "returned_at (Sun 25 October 2026, 01:20 BST) is before confirmed_missing_at" in error.message
    assert ("01:20 on 25 October 2026 happened twice (the clocks went back an hour) and is read as the first, BST. "
            "If returned_at was after the clocks went back, write '2026-10-25 01:20 GMT' (or +00:00).") in error.message
    warnings = [p.message for p in home.problems if p.file == ALEX_FILE and not p.is_error]
    assert any("01:40 on 25 October 2026 happened twice" in w and "'2026-10-25 01:40 BST'" in w for w in warnings)


def test_a_zone_that_does_not_match_the_date_is_refused(minimal_home: Path) -> None:
    (minimal_home / ALEX_FILE).write_text(CLOCK_CHANGE.format(back="2026-10-25 04:20 BST"), encoding="utf-8")
    home = load_home(minimal_home, TODAY)
    [error] = [p for p in home.problems if p.file == ALEX_FILE and p.is_error]
    assert "UK clocks showed GMT, not BST, at that time on 25 October 2026" in error.message


def test_a_time_the_spring_clock_change_skipped_is_an_error_at_its_line(minimal_home: Path) -> None:
    """01:30 on 29 March 2026 never happened (01:00 became 02:00): every duration from it would be an hour out."""
    (minimal_home / ALEX_FILE).write_text(CLOCK_CHANGE.replace("2026-10-25 01:40", "2026-03-29 01:30").format(
        back="2026-03-29 04:00"), encoding="utf-8")
    home = load_home(minimal_home, TODAY)
    [error] = [p for p in home.problems if p.file == ALEX_FILE and p.is_error]
    assert error.line == 2 and error.column == 27
    assert ("'2026-03-29 01:30' did not happen: on 29 March 2026 the clocks went forward from 01:00 to 02:00. "
            "Check the time (a clock not yet put forward shows an hour less)") in error.message
