"""Times written as the home's clocks showed them: real durations across the clock changes."""

from __future__ import annotations

from datetime import datetime, timedelta

from mfc_docs.rules.dates import elapsed, hours_after
from mfc_docs.rules.deadlines import episode_dues, limits_of
from mfc_docs.input.episodes import duration


def test_a_night_across_the_october_clock_change_is_an_hour_longer_than_the_clocks_say() -> None:
    # 25 October 2026: clocks go back at 02:00 BST to 01:00 GMT
    assert elapsed(datetime(2026, 10, 24, 23, 30), datetime(2026, 10, 25, 23, 10)) == timedelta(hours=24, minutes=40)
    assert duration({"confirmed_missing_at": datetime(2026, 10, 24, 23, 30),
                     "returned_at": datetime(2026, 10, 25, 23, 10)}) == timedelta(hours=24, minutes=40)


def test_a_night_across_the_march_clock_change_is_an_hour_shorter() -> None:
    # 29 March 2026: clocks go forward at 01:00 GMT to 02:00 BST
    assert elapsed(datetime(2026, 3, 28, 22, 0), datetime(2026, 3, 29, 6, 0)) == timedelta(hours=7)


def test_ordinary_days_are_as_the_clocks_say() -> None:
    assert elapsed(datetime(2026, 7, 10, 22, 0), datetime(2026, 7, 11, 2, 0)) == timedelta(hours=4)
    assert hours_after(datetime(2026, 7, 10, 22, 0), 72) == datetime(2026, 7, 13, 22, 0)


def test_a_deadline_in_hours_falls_on_the_home_clock_time_after_the_change() -> None:
    # 24 real hours after 12:00 on the Saturday is 11:00 on the Sunday, once the clocks have gone back
    assert hours_after(datetime(2026, 10, 24, 12, 0), 24) == datetime(2026, 10, 25, 11, 0)


def test_escalation_is_due_24_real_hours_after_confirming_missing() -> None:
    limits = {**limits_of(None), "escalate_after_hours": 24}
    dues = episode_dues({"confirmed_missing_at": datetime(2026, 10, 24, 12, 0)}, limits)
    assert [d.due for d in dues if d.kind == "escalate"] == [datetime(2026, 10, 25, 11, 0)]
