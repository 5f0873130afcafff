"""rules/statistics: the dashboard's figures, per episode, and in agreement with ``check`` and with the records.

Most cases use tests/fixtures/second_home (Heronsgate House): limits of its own (police within 20
minutes of confirmation, interview offered within 24 h and held within 72 h, post-incident review
within 3 working days, 2 episodes within 14 days call for an escalation review).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from mfc_docs.documents import dashboard as dash
from mfc_docs.input.home_data import load_home
from mfc_docs.input.loading import load_yaml
from mfc_docs.input.validation import parse_datetime
from mfc_docs.rules.dates import add_working_days, elapsed
from mfc_docs.rules.deadlines import OVERDUE, findings
from mfc_docs.rules.statistics import month_figures

from .conftest import FIXTURES, TODAY, edit


def _targets(context: dict) -> dict[str, tuple[str, str]]:
    return {row["measure"]: (row["value"], row["result"]) for row in context["targets"]}


def _row(context: dict, name: str) -> dict:
    return next(row for row in context["children"] if row["name"] == name)


def test_an_october_dashboard_run_in_december_judges_each_episode_by_its_own_review(second_home: Path) -> None:
    """Reece's 31 October episode was reviewed on 3 November (on time); his latest review is 20 November. Run in
    December, the October dashboard used to say 'late (due by ...)' from the latest review."""
    home = load_home(second_home, date(2026, 12, 15))
    assert home.errors == []
    october = dash.dashboard_context(home, date(2026, 10, 1))
    assert _row(october, "Reece")["reviewed"] == "Reviewed Tue 3 Nov (on time)"
    measure = "Risk assessment reviewed after each episode, within 3 working days of the return"
    assert _targets(october)[measure] == ("100% (2 of 2)", "Met")  # Dawit's 25 October episode too


def test_an_interview_held_after_72_hours_shows_late(second_home: Path) -> None:
    """Dawit back Sun 15 Nov 09:30; the interview was held Thu 19 Nov 11:00, after Wed 18 Nov 09:30."""
    november = dash.dashboard_context(load_home(second_home, TODAY), date(2026, 11, 1))
    dawit = next(row for row in november["episodes"] if row["name"] == "Dawit")
    assert "Held Thu 19 Nov 11:00: LATE (was due by Wed 18 Nov 09:30)" in dawit["rhi"]
    held = _targets(november)["Return home interviews held within 72 hours of the child's return, out of those offered"]
    assert "1 late" in held[0] and held[1] == "NOT MET"


def test_the_offer_limit_is_checked(second_home: Path) -> None:
    """Offered 30 hours after the return: past the 24-hour offer limit, so late, not 'offered'."""
    edit(second_home / "young_people/kayla/episodes.yaml", "      offered_at: 2026-11-16 09:00",
         "      offered_at: 2026-11-17 01:10")
    november = dash.dashboard_context(load_home(second_home, TODAY), date(2026, 11, 1))
    kayla = next(row for row in november["episodes"] if row["name"] == "Kayla Brennan-O'Donoghue")
    assert kayla["rhi"].startswith("Offered Tue 17 Nov 01:10: LATE (was due by Mon 16 Nov 19:10)")
    value, result = _targets(november)["Return home interview offered within 24 hours of the child's return"]
    assert "1 late" in value and result == "NOT MET"


def test_an_escalation_review_held_after_its_due_date_shows_late(second_home: Path) -> None:
    """Reece: 31 Oct and 1 Nov are two episodes within 14 days; back Mon 2 Nov, the review was due Thu 5 Nov
    (3 working days) and held Thu 12 Nov."""
    november = dash.dashboard_context(load_home(second_home, TODAY), date(2026, 11, 1))
    assert _row(november, "Reece")["escalation"] == (
        "Held Thu 12 Nov: 5 working days late (due Thu 5 Nov); 2 episodes from Sat 31 Oct")
    value, result = _targets(november)[
        "Escalation review, in time, whenever a child had 2 or more episodes within 14 days"]
    assert value == "0% (0 of 1); 1 late" and result == "NOT MET"


def test_time_to_police_is_measured_from_the_limits_clock_start(second_home: Path) -> None:
    """Heronsgate counts from confirmation; Larkspur-style homes from discovery (found_gone_at)."""
    from mfc_docs.rules.deadlines import limits_of
    from mfc_docs.rules.statistics import police_minutes

    def reece_31_october(home_dir: Path) -> float:  # found 21:45, confirmed 22:00, police called 22:15
        home = load_home(home_dir, TODAY)
        episode = next(ep for ep in home.child("reece").episodes if ep["returned_at"].date() == date(2026, 11, 1))
        return police_minutes(episode, limits_of(home.config))

    assert reece_31_october(second_home) == 15
    edit(second_home / "home_config.yaml", "  police_clock: confirmation\n", "  police_clock: discovery\n")
    assert reece_31_october(second_home) == 30


# --------------------------------------------------------------------------
# Every figure agrees with check, and with the records, month by month
# --------------------------------------------------------------------------

CHECK_KINDS = ("rhi_offer", "rhi", "post_incident_review", "risk_assessment_after_episode", "reg40",
               "police_told_of_return", "escalation_review")


def _raw_episodes(home_dir: Path) -> list[tuple[str, dict]]:
    """Every episode as written (strings), read without mfc-docs's rules: the records to count by hand."""
    found = []
    for path in sorted((home_dir / "young_people").glob("*/episodes.yaml")):
        loaded, _ = load_yaml(path, path.name)
        found += [(path.parent.name, ep) for ep in loaded.data["episodes"] or []]
    return found


def _when(value: str | None) -> datetime | None:
    return parse_datetime(value) if value else None


def _by_hand(home_dir: Path, month: date, today: date) -> dict[str, int]:
    """Figures counted straight from the YAML with the home's limits, independently of rules/."""
    config, _ = load_yaml(home_dir / "home_config.yaml", "home_config.yaml")
    limits = config.data.get("time_limits") or {}
    offer_h = int(limits.get("rhi_offer_within_hours", 24))
    held_h = int(limits.get("rhi_within_hours", 72))
    wd = int(limits.get("post_incident_review_working_days", 5))
    counts = {"episodes": 0, "offered_in_time": 0, "held_in_time": 0, "pir_in_time": 0, "pir_missed": 0}
    for _, ep in _raw_episodes(home_dir):
        began = _when(ep.get("found_gone_at")) or _when(ep.get("confirmed_missing_at"))
        if (began.year, began.month) != (month.year, month.month):
            continue
        counts["episodes"] += 1
        back = _when(ep.get("returned_at"))
        if back is None:
            continue
        rhi = ep.get("return_home_interview") or {}
        offered, held = _when(rhi.get("offered_at")), _when(rhi.get("completed_at"))
        counts["offered_in_time"] += offered is not None and elapsed(back, offered) <= timedelta(hours=offer_h)
        counts["held_in_time"] += held is not None and elapsed(back, held) <= timedelta(hours=held_h)
        due = add_working_days(back.date(), wd)
        pir = ep.get("post_incident_review_on")
        counts["pir_in_time"] += pir is not None and date.fromisoformat(pir) <= due
        counts["pir_missed"] += pir is None and due < today
    return counts


MONTHS = [date(2025, m, 1) for m in range(9, 13)] + [date(2026, m, 1) for m in range(1, 13)]


@pytest.mark.parametrize("which", ["sample_home", "second_home"])
@pytest.mark.parametrize("today", [TODAY, date(2026, 12, 15)])
def test_every_month_agrees_with_check_and_with_the_records(which: str, today: date, request) -> None:
    home_dir = request.getfixturevalue(which)
    home = load_home(home_dir, today)
    assert home.errors == []
    overdue = [f for f in findings(home, today) if f.status == OVERDUE and f.episode is not None]
    checked_months = 0
    for month in MONTHS:
        fig = month_figures(home, month)
        # check, for the same day: each duty of the month's episodes not done although due is one overdue finding
        for kind in CHECK_KINDS:
            listed = [f for f in overdue if f.kind == kind and (f.episode.year, f.episode.month) == (month.year,
                                                                                                  month.month)]
            assert fig.rate(kind).missed == len(listed), (month, kind)
        # the records, counted by hand
        hand = _by_hand(home_dir, month, today)
        assert fig.episodes == hand["episodes"], month
        assert fig.rate("rhi_offer").met == hand["offered_in_time"], month
        assert fig.rate("rhi").met == hand["held_in_time"], month
        assert fig.rate("post_incident_review").met == hand["pir_in_time"], month
        assert fig.rate("post_incident_review").missed == hand["pir_missed"], month
        # and the dashboard prints exactly these figures
        context = dash.dashboard_context(home, month)
        assert context["headline"]["episodes"] == str(hand["episodes"])
        checked_months += fig.episodes > 0
    assert checked_months >= 3, "the test must look at months with episodes"
