"""What a date written the British way (or any everyday way) was meant to be, to say it back as YYYY-MM-DD.

The files take dates as YYYY-MM-DD only (one form, never a guess between 06/05 and 05/06 in a
document). A manager writes '6th May 2011', '06-05-2011' or '6/5/11'; the message then gives the
date to type instead, so fixing it is copying it.
"""

from __future__ import annotations

import calendar
import re

from ..rules.dates import home_today

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_DAY = r"([0-9]{1,2})(?:st|nd|rd|th)?"
_YEAR = r"([0-9]{2}|[0-9]{4})"
_NUMBERS = re.compile(r"([0-9]{1,2})[/.\- ]([0-9]{1,2})[/.\- ]" + _YEAR)  # 06/05/2011, 6.5.11, 06-05-2011
_YEAR_FIRST = re.compile(r"([0-9]{4})[/. ]([0-9]{1,2})[/. ]([0-9]{1,2})")  # 2011/05/06
_DAY_WORD = re.compile(_DAY + r"[\s-]+(?:of\s+)?([a-z]+)\.?,?[\s-]+" + _YEAR, re.IGNORECASE)  # 6th May 2011
_WORD_DAY = re.compile(r"([a-z]+)\.?[\s-]+" + _DAY + r",?[\s-]+" + _YEAR, re.IGNORECASE)  # Nov 10, 2026


def _parts(value: str) -> tuple[int, int, str] | None:
    """(day, month, year as written), or None when ``value`` is not a date written another way."""
    if match := _NUMBERS.fullmatch(value):
        day, month, year = int(match[1]), int(match[2]), match[3]
    elif match := _YEAR_FIRST.fullmatch(value):
        day, month, year = int(match[3]), int(match[2]), match[1]
    elif match := _DAY_WORD.fullmatch(value):
        day, month, year = int(match[1]), _MONTHS.get(match[2].lower(), 0), match[3]
    elif match := _WORD_DAY.fullmatch(value):
        day, month, year = int(match[2]), _MONTHS.get(match[1].lower(), 0), match[3]
    else:
        return None
    return (day, month, year) if 1 <= month <= 12 and 1 <= day <= 31 else None


def _whole_year(two_digits: int) -> int:
    """'11' is 2011 and '30' 2030, but '98' is 1998: no date in these files is decades ahead."""
    year = 2000 + two_digits
    return year if year <= home_today().year + 20 else year - 100


def what_date_was_meant(value: str) -> str | None:
    """The message for a date written as '6th May 2011' (what to type instead); None when it is not one."""
    parts = _parts(value.strip())
    if parts is None:
        return None
    day, month, year = parts
    whole = int(year) if len(year) == 4 else _whole_year(int(year))
    days = calendar.monthrange(whole, month)[1]
    if day > days:
        return f"'{value}' is not a real date: {calendar.month_name[month]} {whole} has {days} days"
    if len(year) == 2:
        return (f"'{value}' must be written year-month-day with the whole year: "
                f"{whole}-{month:02d}-{day:02d} if it is {whole}")
    return f"'{value}' must be written year-month-day: {year}-{month:02d}-{day:02d}"
