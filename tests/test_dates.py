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


def test_bank_holidays_are_the_holidays_librarys_for_england_every_year() -> None:
    """Working days skip exactly the days the library lists for England, substitute days and one-offs included."""
    from datetime import date

    import holidays

    from mfc_docs.rules.dates import _bank_holidays, add_working_days, is_working_day

    for year in range(1990, 2061):
        assert _bank_holidays(year) == frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year)), year
    assert date(2023, 5, 8) in _bank_holidays(2023)  # the coronation
    assert date(2022, 9, 19) in _bank_holidays(2022)  # the state funeral
    assert date(2027, 12, 28) in _bank_holidays(2027)  # Boxing Day on a Sunday: Tuesday instead
    assert not is_working_day(date(2026, 12, 28))  # Boxing Day 2026 is a Saturday: Monday 28th instead
    assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)


def test_working_days_load_only_the_united_kingdoms_calendar() -> None:
    """What make bench relies on: not the library's 280 countries (0.2-0.3 s) for England's bank holidays."""
    import subprocess
    import sys

    probe = ("import sys; from datetime import date; from mfc_docs.rules.dates import add_working_days; "
             "print(add_working_days(date(2026, 12, 24), 1), 'holidays.countries' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert done.stdout.split() == ["2026-12-29", "False"], done.stderr
