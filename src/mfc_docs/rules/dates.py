"""Dates the British way, ages, month arithmetic and working days.

One place decides how a date is shown ("14 March 2026") and what "3 months
later" or "5 working days later" means, so every document and check agrees.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path


def british_date(value: date | None, missing: str = "Not recorded") -> str:
    """14 March 2026."""
    if value is None:
        return missing
    return f"{value.day} {calendar.month_name[value.month]} {value.year}"


def british_datetime(value: datetime | None, missing: str = "Not recorded") -> str:
    """Mon 23 November 2026, 22:15: weekday and 24-hour clock leave no doubt at handover.

    A time in the hour the clocks go back, which happens twice, says which: '01:20 GMT'.
    """
    if value is None:
        return missing
    text = f"{value:%a} {british_date(value.date())}, {value:%H:%M}"
    return f"{text} {clock_name(value)}" if is_repeated(value) else text


def age_on(born: date, on: date) -> int:
    """Age in whole years on a given day."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def add_months(value: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it has no such day (31 Jan + 1 = 28/29 Feb).

    Past the calendar's end (year 9999) it stays at its last day instead of failing: a date
    that far ahead is an error the checks report, and working out a review date must not stop them.
    """
    month_index = value.month - 1 + months
    year, month = value.year + month_index // 12, month_index % 12 + 1
    if year > date.max.year:
        return date.max
    if year < date.min.year:
        return date.min
    return date(year, month, min(value.day, calendar.monthrange(year, month)[1]))


def add_days(value: date, days: int) -> date:
    """``value`` plus ``days``, held at the calendar's first or last day instead of failing (see add_months)."""
    try:
        return value + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


@lru_cache(maxsize=1)
def _home_clock():
    from zoneinfo import ZoneInfo

    return ZoneInfo("Europe/London")


def HOME_CLOCK():  # noqa: N802 - a constant in use, a function so that zoneinfo loads only when needed
    """The home's clocks: Europe/London (GMT in winter, BST in summer)."""
    return _home_clock()


def is_repeated(moment: datetime) -> bool:
    """Whether this clock time happened twice (the hour the clocks go back)."""
    zone = _home_clock()
    return moment.replace(fold=0, tzinfo=zone).utcoffset() != moment.replace(fold=1, tzinfo=zone).utcoffset() \
        and moment.replace(fold=0, tzinfo=zone).utcoffset() > moment.replace(fold=1, tzinfo=zone).utcoffset()


def home_now() -> datetime:
    """The time on the home's clocks now (UK time), whatever the computer's own time zone is set to.

    Every time in the files and on the documents is the home's; a cloud server or WSL left on UTC is an
    hour behind all summer, and a laptop set abroad further, so the computer's clock is never used.
    """
    return datetime.now(_home_clock()).replace(tzinfo=None)


def home_today() -> date:
    """Today's date on the home's clocks (see home_now)."""
    return home_now().date()


def never_happened(moment: datetime) -> str | None:
    """Why this clock time never happened (01:00-01:59 the night the clocks go forward), else None."""
    zone = _home_clock()
    if moment.replace(tzinfo=zone).astimezone(timezone.utc).astimezone(zone).replace(tzinfo=None) == \
            moment.replace(fold=0):
        return None
    return (f"did not happen: on {british_date(moment.date())} the clocks went forward from 01:00 to 02:00. "
            "Check the time (a clock not yet put forward shows an hour less)")


def clock_name(moment: datetime) -> str:
    """'BST' or 'GMT': which the home's clocks showed at this time."""
    return "BST" if moment.replace(tzinfo=_home_clock()).utcoffset() else "GMT"


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=_home_clock()).astimezone(timezone.utc)


def instant(moment: datetime) -> datetime:
    """The real moment a time on the home's clocks stands for (UTC), for comparing and sorting times.

    Two times in the hour the clocks go back differ only in ``fold`` (0: the first, BST; 1: the
    second, GMT), which Python ignores when comparing clock times: 01:20 GMT is after 01:40 BST.
    """
    return _utc(moment)


def elapsed(start: datetime, end: datetime) -> timedelta:
    """The real time between two times written as the home's clocks showed them.

    Across the clock change that is an hour more (October) or less (March) than the clock
    faces say: a child out from 23:30 on Saturday 24 October to 23:10 on Sunday has been
    missing 24 hours 40 minutes, past a 24-hour escalation.
    """
    return _utc(end) - _utc(start)


def hours_after(moment: datetime, hours: int) -> datetime:
    """The time on the home's clocks ``hours`` real hours after ``moment``."""
    return (_utc(moment) + timedelta(hours=hours)).astimezone(_home_clock()).replace(tzinfo=None)


@lru_cache(maxsize=1)
def _united_kingdom():
    """The ``holidays`` library's calendar of the United Kingdom, loaded on its own.

    ``holidays.country_holidays("GB")`` first imports the library's every country (about 280
    modules, 0.2-0.3 s, more than the rest of a provider's rebuild after one edit); this loads
    only the United Kingdom's module, from the same installed library. Anything unexpected in
    how the library is laid out falls back to ``country_holidays``, which gives the same days.
    """
    import importlib.util
    import sys

    import holidays

    name = "holidays.countries.united_kingdom"
    try:
        module = sys.modules.get(name)
        if module is None:
            path = Path(holidays.__file__).parent / "countries" / "united_kingdom.py"
            spec = importlib.util.spec_from_file_location(name, path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
        return module.UnitedKingdom
    except Exception:  # noqa: BLE001 - another layout of the library: its own way, slower
        return lambda **options: holidays.country_holidays("GB", **options)


@lru_cache(maxsize=None)
def _bank_holidays(year: int) -> frozenset[date]:
    """England and Wales bank holidays of one year (including substitute days), once per year per process."""
    return frozenset(_united_kingdom()(subdiv="ENG", years=year))


def is_working_day(day: date) -> bool:
    """Monday to Friday and not an England and Wales bank holiday."""
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days after ``start`` (start itself does not count)."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current
