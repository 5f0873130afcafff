"""Missing episodes recorded per child in ``young_people/<id>/episodes.yaml``.

``load_episodes`` reads and checks one child's record: the schema first, then
what the schema cannot see (a return before the child went missing, a time in
the future, two episodes at once). Every problem points at the file and line.

Each episode handed back is the validated record plus four keys starting with
``_`` that say where it was written, so later checks (deadlines, the dashboard)
can point at the line to change:

* ``_file``: the file as shown in messages (``young_people/nhung/episodes.yaml``)
* ``_index``: its position in the file (0-based)
* ``_line``: the line on which the episode starts
* ``_lines``: ``{"return_home_interview.offered_at": 41, ...}`` for every value written

Episodes are returned oldest first (by ``began_at``), whatever the order in the
file.

``historical_pattern`` turns the record into the "historical pattern" domain of
the risk assessment. Definitions used there and on the dashboard:

* an episode *began* when staff found the child gone (``found_gone_at``), or
  when they confirmed the child missing where the discovery was not recorded
  (an episode has at least one of the two): its *date* and *month* are those
  of ``began_at``;
* its *duration* runs from ``began_at`` to ``returned_at`` (real time, across
  the clock changes);
* the *time it started* (time of day, day of week) is ``last_seen_at`` when
  recorded, otherwise ``began_at``: when the child actually went.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Iterator

from ..rules.dates import add_months, british_date, british_datetime, elapsed, home_now, instant, is_repeated
from .loading import LoadedFile, load_yaml
from ..problems import KeyPath, Problem, format_key_path
from .schema.episode import EPISODE_FIELDS, EPISODE_SCHEMA
from .validation import validate_file

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
#: Time-of-day bands: (first hour, last hour, name).
BANDS = ((0, 5, "night 00:00-05:59"), (6, 11, "morning 06:00-11:59"),
         (12, 17, "afternoon 12:00-17:59"), (18, 23, "evening 18:00-23:59"))


# --------------------------------------------------------------------------
# Small helpers shared with the deadlines and the dashboard
# --------------------------------------------------------------------------


def began_at(episode: dict) -> datetime:
    """When the episode began: staff found the child gone, or (not recorded) confirmed them missing."""
    return episode.get("found_gone_at") or episode["confirmed_missing_at"]


def started_at(episode: dict) -> datetime:
    """When the child went: last seen when recorded, otherwise when the episode began."""
    return episode.get("last_seen_at") or began_at(episode)


def duration(episode: dict) -> timedelta | None:
    """From the episode's beginning to the return; None while still missing."""
    returned = episode.get("returned_at")
    return None if returned is None else elapsed(began_at(episode), returned)


def section(episode: dict, name: str) -> dict:
    """A sub-record (police, return_home_interview, reg40) or an empty dict when not written."""
    return episode.get(name) or {}


def line_of(episode: dict, *paths: str) -> int | None:
    """The line of the first of ``paths`` written in the episode, else the line the episode starts on."""
    lines = episode.get("_lines") or {}
    for path in paths:
        if path in lines:
            return lines[path]
    return episode.get("_line")


def duration_words(value: timedelta, about: bool = True) -> str:
    """How long an episode lasted, in the words a reader needs.

    ``about=True`` (a typical duration): 'about 45 minutes', 'about 62 hours', 'about 4 days'.
    ``about=False`` (one episode's length): '45 minutes', '61 h 50 min', '3 days 4 h'. Under 72 hours
    it is hours and minutes, never rounded to days: 61 h 50 min is not "3 days".
    """
    minutes = value.total_seconds() / 60
    if about:
        if minutes < 60:
            rounded = max(5, int(minutes / 5 + 0.5) * 5) if minutes > 0 else 0
            return "about 1 hour" if rounded >= 60 else f"about {rounded} minutes"
        hours = minutes / 60
        if hours < 72:
            whole = int(hours + 0.5)
            return f"about {whole} hour{'s' if whole != 1 else ''}"
        return f"about {int(hours / 24 + 0.5)} days"
    whole = int(minutes + 0.5)
    if whole < 60:
        return f"{whole} minute{'s' if whole != 1 else ''}"
    hours, mins = divmod(whole, 60)
    if hours < 72:
        return f"{hours} h {mins:02d} min"
    days, hours = divmod(hours, 24)
    return f"{days} days {hours} h" if hours else f"{days} days"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


# --------------------------------------------------------------------------
# Loading and checking
# --------------------------------------------------------------------------

_WHAT = {
    "found_gone_at": "finding the child gone",
    "confirmed_missing_at": "confirmed missing",
    "last_seen_at": "last seen",
    "returned_at": "the return",
    "police.called_at": "the police call",
    "police.told_of_return_at": "telling the police of the return",
    "social_care_notified_at": "telling social care",
    "manager_notified_at": "telling the manager",
    "return_home_interview.offered_at": "the return home interview offer",
    "return_home_interview.completed_at": "the return home interview",
}


def _moments(schema: dict, value: Any, path: KeyPath) -> Iterator[tuple[KeyPath, Any]]:
    """Every date and date-time written in one episode, with its key path."""
    if not isinstance(value, dict):
        return
    for key, rule in schema.items():
        item = value.get(key)
        if item is None:
            continue
        if rule.get("type") in ("date", "datetime"):
            yield path + (key,), item
        elif rule.get("type") == "dict":
            yield from _moments(rule["schema"], item, path + (key,))
        elif rule.get("type") == "list" and rule["schema"].get("type") == "dict":
            for i, entry in enumerate(item):
                yield from _moments(rule["schema"]["schema"], entry, path + (key, i))


def _when(value: date | datetime) -> str:
    return british_datetime(value) if isinstance(value, datetime) else british_date(value)


class _Checker:
    def __init__(self, loaded: LoadedFile, today: date):
        self.loaded = loaded
        self.today = today
        self.end_of_today = datetime.combine(today, time(23, 59))
        self.problems: list[Problem] = []

    def error(self, path: KeyPath, message: str) -> None:
        self.problems.append(self.loaded.problem(path, message))

    def warning(self, path: KeyPath, message: str) -> None:
        self.problems.append(self.loaded.problem(path, message, "warning"))

    def _zone_written(self, i: int, dotted: str) -> bool:
        """Whether the time at ``dotted`` was written with GMT, BST or an offset (the raw text of the file)."""
        raw: Any = self.loaded.data.get("episodes") or []
        raw = raw[i] if i < len(raw) else {}
        for part in dotted.split("."):
            raw = raw.get(part) if isinstance(raw, dict) else None
        return isinstance(raw, str) and bool(re.search(r"(GMT|BST|UTC|Z|[+-]\d{2}:?\d{2})\s*$", raw, re.I))

    def repeated_hour_warnings(self, i: int, ep: dict) -> None:
        """A time in the hour that happened twice, written without GMT or BST: say how it is read and how to say."""
        for key_path, value in _moments(EPISODE_FIELDS, ep, ()):
            dotted = ".".join(str(k) for k in key_path)
            if isinstance(value, datetime) and is_repeated(value) and not self._zone_written(i, dotted) \
                    and not any(isinstance(k, int) for k in key_path):
                self.warning(("episodes", i) + key_path,
                             f"{value:%H:%M} on {british_date(value.date())} happened twice (the clocks went back "
                             f"an hour); it is read as the first, BST. Write '{value:%Y-%m-%d %H:%M} BST' or "
                             f"'{value:%Y-%m-%d %H:%M} GMT' to say which.")

    def not_before(self, i: int, episode: dict, later: str, earlier: str, why: str) -> bool:
        """Error when the value at ``later`` is before the one at ``earlier``; True when it was reported."""
        a, b = _get(episode, later), _get(episode, earlier)
        if a is None or b is None:
            return False
        if isinstance(a, date) and not isinstance(a, datetime) and isinstance(b, datetime):
            b = b.date()
        if (instant(a) < instant(b)) if isinstance(a, datetime) and isinstance(b, datetime) else a < b:
            hint = "Check the date and the time of both."
            repeated = [(key, v) for key, v in ((later, a), (earlier, b))
                        if isinstance(v, datetime) and is_repeated(v) and not self._zone_written(i, key)]
            if repeated:
                key, v = repeated[0]
                hint = (f"{v:%H:%M} on {british_date(v.date())} happened twice (the clocks went back an hour) and "
                        f"is read as the first, BST. If {key} was after the clocks went back, write "
                        f"'{v:%Y-%m-%d %H:%M} GMT' (or +00:00).")
            self.error(("episodes", i) + tuple(later.split(".")),
                       f"{later} ({_when(a)}) is before {earlier} ({_when(b)}): {why} {hint}")
            return True
        return False

    def episode(self, i: int, ep: dict) -> None:
        path = ("episodes", i)
        for key_path, value in _moments(EPISODE_FIELDS, ep, ()):
            limit = self.end_of_today if isinstance(value, datetime) else self.today
            if value > limit:
                self.error(path + key_path, f"{_when(value)} is in the future (today is {british_date(self.today)}). "
                                            "Check the year, the month and the day.")

        self.not_before(i, ep, "found_gone_at", "last_seen_at",
                        "a child cannot be found gone before they were last seen.")
        self.not_before(i, ep, "confirmed_missing_at", "last_seen_at",
                        "a child cannot be confirmed missing before they were last seen.")
        self.not_before(i, ep, "confirmed_missing_at", "found_gone_at",
                        "staff confirm a child missing after finding them gone.")
        start = "last_seen_at" if ep.get("last_seen_at") else _began_key(ep)
        for told in ("police.called_at", "manager_notified_at", "social_care_notified_at"):
            self.not_before(i, ep, told, start, f"{_WHAT[told]} cannot come before the child went missing.")
        self.not_before(i, ep, "returned_at", _began_key(ep),
                        "a child cannot come back before being found gone or confirmed missing.")
        for j, attempt in enumerate(ep.get("contact_attempts") or []):
            if ep.get("last_seen_at") and attempt["at"] < ep["last_seen_at"]:
                self.error(path + ("contact_attempts", j, "at"),
                           f"this contact attempt ({_when(attempt['at'])}) is before the child was "
                           f"last seen ({_when(ep['last_seen_at'])}). Check the date and the time.")

        returned = ep.get("returned_at")
        rhi = section(ep, "return_home_interview")
        after_return = {
            "police.told_of_return_at": "the police cannot be told of a return before it happened.",
            "return_home_interview.offered_at": "the return home interview is offered after the child is back.",
            "post_incident_review_on": "the post-incident review looks back on an episode that has ended.",
        }
        for key, why in after_return.items():
            if _get(ep, key) is None:
                continue
            if returned is None:
                self.error(path + tuple(key.split(".")),
                           f"there is no returned_at, so the child is recorded as still missing, but {key} is filled "
                           "in. Add returned_at (when the child came back) or remove this line.")
            else:
                self.not_before(i, ep, key, "returned_at", why)
        if rhi.get("completed_at") is not None:
            if rhi.get("offered_at") is not None:
                self.not_before(i, ep, "return_home_interview.completed_at", "return_home_interview.offered_at",
                                "an interview takes place after it is offered.")
            elif returned is not None:
                self.not_before(i, ep, "return_home_interview.completed_at", "returned_at",
                                "the return home interview takes place after the child is back.")
        for key in ("risk_assessment_reviewed_on", "reg40.decided_on", "escalation_review_on", "strategy_meeting_on"):
            self.not_before(i, ep, key, _began_key(ep), "it belongs to this episode, so it comes after it began.")

        # What the record says about the interview must agree with itself.
        if rhi:
            outcome = rhi.get("outcome")
            if outcome == "declined" and rhi.get("completed_at") is not None:
                self.error(path + ("return_home_interview", "outcome"),
                           "the outcome is 'declined' but completed_at says the interview took place. If the child "
                           "accepted a repeated offer, change the outcome to 'accepted'; otherwise remove completed_at.")
            if outcome == "declined" and not rhi.get("declined_reason"):
                self.warning(path + ("return_home_interview", "outcome"),
                             "the interview was declined but no reason is recorded. Add 'declined_reason:' (what the "
                             "child said) and repeat the offer.")
            if outcome == "pending" and rhi.get("completed_at") is not None:
                self.warning(path + ("return_home_interview", "outcome"),
                             "the outcome still says 'pending' but completed_at is filled in. Change it to 'accepted'.")
            if rhi.get("offered_at") is None and (outcome or rhi.get("completed_at")):
                self.warning(path + ("return_home_interview",),
                             "when the interview was offered is not recorded. Add 'offered_at:': the dashboard counts "
                             "an interview as offered only when the offer's date and time are recorded.")
        reg40 = section(ep, "reg40")
        if reg40.get("decision") == "notified" and not reg40.get("ofsted_reference"):
            self.warning(path + ("reg40", "decision"),
                         "Ofsted was notified but the Ofsted reference is not recorded. Add 'ofsted_reference:' from "
                         "Ofsted's acknowledgement.")

    def against_child(self, i: int, ep: dict, child) -> None:
        """Every date in the episode after the child was born, and (a warning) after they came to the home."""
        if child is None:  # the profile cannot be read: the rest of the episode is still checked
            return
        born, placed = child.data["date_of_birth"], child.data["placement"]["placed_on"]
        for key_path, value in _moments(EPISODE_FIELDS, ep, ()):
            day = value.date() if isinstance(value, datetime) else value
            if day < born:
                self.error(("episodes", i) + key_path,
                           f"{_when(value)} is before the child was born ({british_date(born)}, date_of_birth in "
                           "profile.yaml). Check the year.")
                return
        start = began_at(ep).date()
        if start < placed:
            self.warning(("episodes", i, _began_key(ep)),
                         f"this episode began on {british_date(start)}, before the child came to the home "
                         f"({british_date(placed)}, placement.placed_on in profile.yaml). Check the year; an episode "
                         "from an earlier placement belongs in missing_history.summary in profile.yaml, not here.")

    def together(self, episodes: list[tuple[int, dict]]) -> None:
        """Open episodes and overlaps, looking at the episodes in time order."""
        ordered = sorted(episodes, key=lambda pair: (instant(began_at(pair[1])), pair[0]))
        for (i, ep), (j, nxt) in zip(ordered, ordered[1:]):
            start, key = began_at(nxt), _began_key(nxt)
            if instant(start) == instant(began_at(ep)):
                self.error(("episodes", j, key),
                           f"another episode (line {self.loaded.position(('episodes', i))[0]}) began at the same "
                           f"time ({_when(start)}). Record each episode once; remove one of them.")
            elif ep.get("returned_at") is None:
                self.error(("episodes", i, _began_key(ep)),
                           f"this episode has no returned_at, so it is still open, but a later episode starts "
                           f"{_when(start)} (line {self.loaded.position(('episodes', j))[0]}). Only the latest "
                           "episode can be still missing: add returned_at (when the child came back).")
            elif instant(ep["returned_at"]) > instant(start):
                self.error(("episodes", j, key),
                           f"this episode starts ({_when(start)}) before the previous one ended "
                           f"({_when(ep['returned_at'])}, line {self.loaded.position(('episodes', i))[0]}). "
                           "A child can be missing only once at a time: check the dates and times.")


def _began_key(episode: dict) -> str:
    return "found_gone_at" if episode.get("found_gone_at") else "confirmed_missing_at"


def _get(episode: dict, dotted: str) -> Any:
    value: Any = episode
    for part in dotted.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def load_episodes(path: Path, display: str, child, config: dict | None, today: date) -> tuple[list[dict], list[Problem]]:
    """Load and check one child's episodes. Returns the episodes oldest first and every problem found."""
    loaded, load_problems = load_yaml(Path(path), display)
    if loaded is None or any(p.is_error for p in load_problems):
        return [], load_problems
    data, schema_problems = validate_file(loaded, EPISODE_SCHEMA)
    if data is None:
        return [], load_problems + schema_problems
    episodes: list[dict] = data["episodes"] or []
    checker = _Checker(loaded, today)
    undated = [i for i, ep in enumerate(episodes) if not (ep.get("found_gone_at") or ep.get("confirmed_missing_at"))]
    for i in undated:
        checker.error(("episodes", i), "this episode has neither found_gone_at (when staff found the child gone) nor "
                                       "confirmed_missing_at (when they confirmed them missing). Add at least one, "
                                       "written YYYY-MM-DD HH:MM.")
    if undated:
        return [], load_problems + checker.problems
    for i, ep in enumerate(episodes):
        checker.episode(i, ep)
        checker.repeated_hour_warnings(i, ep)
        checker.against_child(i, ep, child)
    checker.together(list(enumerate(episodes)))

    for i, ep in enumerate(episodes):
        prefix = ("episodes", i)
        ep["_file"] = display
        ep["_index"] = i
        ep["_line"] = (loaded.position(prefix) or (None,))[0]
        # the line of the key ("police:"), or of the value for list items
        ep["_lines"] = {format_key_path(p[2:]): loaded.key_positions.get(p, pos)[0]
                        for p, pos in loaded.value_positions.items() if p[:2] == prefix and len(p) > 2}
    ordered = sorted(episodes, key=lambda ep: (instant(began_at(ep)), ep["_index"]))
    return ordered, load_problems + checker.problems


# --------------------------------------------------------------------------
# The historical pattern (risk assessment, section 2)
# --------------------------------------------------------------------------


def band_of(moment: datetime) -> str:
    return next(name for first, last, name in BANDS if first <= moment.hour <= last)


def _top(counter: Counter, order: list) -> list[tuple[Any, int]]:
    """Items by count, most first; ties in ``order``."""
    return sorted(counter.items(), key=lambda kv: (-kv[1], order.index(kv[0])))


def historical_pattern(episodes: list[dict], today: date) -> dict | None:
    """The pattern computed from recorded episodes, as display strings; None when there are none.

    Duration, time of day, day of week and where found describe the episodes of
    the last 12 months (all recorded episodes when none is that recent).
    """
    if not episodes:
        return None
    episodes = sorted(episodes, key=lambda ep: instant(began_at(ep)))
    year_ago = add_months(today, -12)
    recent = [ep for ep in episodes if year_ago < began_at(ep).date() <= today]
    basis = recent or episodes
    n = len(basis)
    described = "" if recent else " (none in the last 12 months: this describes all recorded episodes)"

    count = str(len(recent))
    if not recent:
        count += (f" ({_plural(len(episodes), 'episode')} recorded in all; the last on "
                  f"{british_date(began_at(episodes[-1]).date())})")
    elif len(recent) != len(episodes):
        count += f" ({len(episodes)} recorded in all)"

    durations = [d for d in (duration(ep) for ep in basis) if d is not None]
    still_open = [ep for ep in basis if ep.get("returned_at") is None]
    now = home_now() if today == home_now().date() else datetime.combine(today, time(0, 0))
    # An episode still open counts towards the longest with the time so far: it may be the longest of all.
    so_far = max(((elapsed(began_at(ep), now), ep) for ep in still_open if instant(now) > instant(began_at(ep))),
                 key=lambda pair: pair[0], default=None)
    if not durations:
        typical = "Not known yet: still missing"
        if so_far:
            typical += f" ({duration_words(so_far[0], about=False)} so far, since {british_datetime(began_at(so_far[1]))})"
    else:
        from statistics import median as middle  # imported here: most runs never need it
        median = middle(durations)
        typical = duration_words(median)
        longest = max(durations)
        if so_far and so_far[0] > longest:
            longest_text = (f"longest {duration_words(so_far[0], about=False)} so far: still missing, since "
                            f"{british_datetime(began_at(so_far[1]))}")
        else:
            longest_text = f"longest {duration_words(longest, about=False)}"
        if len(durations) > 1 or so_far:
            typical += f" (shortest {duration_words(min(durations), about=False)}, {longest_text})"
    if durations and still_open:
        typical += f"; {_plural(len(still_open), 'episode')} still open"

    bands = Counter(band_of(started_at(ep)) for ep in basis)
    band_order = [name for _, _, name in BANDS]
    ranked = _top(bands, band_order)
    best = ranked[0][1]
    leaders = [name for name, c in ranked if c == best]
    if len(leaders) == 1:
        time_of_day = f"{leaders[0]} ({best} of {n})"
    else:
        time_of_day = f"{' and '.join(leaders)} ({best} each of {n})"
    others = [f"{name} ({c})" for name, c in ranked if c != best]
    if others:
        time_of_day += "; then " + ", ".join(others)

    days = Counter(WEEKDAYS[started_at(ep).weekday()] for ep in basis)
    ranked_days = _top(days, list(WEEKDAYS))
    repeated = [(d, c) for d, c in ranked_days if c >= 2]
    if n == 1:
        day_of_week = f"{ranked_days[0][0]} (1 of 1)"
    elif repeated:
        day_of_week = ", ".join(f"{d} ({c} of {n})" for d, c in repeated)
    else:
        day_of_week = f"No day stands out: {n} episodes on {n} different days"

    places: Counter = Counter()
    spelling: dict[str, str] = {}
    first_seen: list[str] = []
    for ep in basis:
        where = (ep.get("where_found") or "").strip()
        if not where:
            continue
        key = where.rstrip(".").strip().casefold()
        if key not in spelling:
            spelling[key] = where.rstrip(".").strip()
            first_seen.append(key)
        places[key] += 1
    if places:
        ranked_places = _top(places, first_seen)
        shown_places = ranked_places[:3]
        where_found = ", ".join(f"{spelling[k]} ({c})" for k, c in shown_places)
        rest = sum(c for _, c in ranked_places[3:])
        if rest:
            where_found += f"; {rest} elsewhere"
        unknown = n - sum(places.values())
        if unknown:
            where_found += f"; not recorded for {unknown}"
    else:
        where_found = "Not recorded"

    three_ago, six_ago = add_months(today, -3), add_months(today, -6)
    last3 = sum(1 for ep in episodes if three_ago < began_at(ep).date() <= today)
    prev3 = sum(1 for ep in episodes if six_ago < began_at(ep).date() <= three_ago)
    if last3 == prev3 == 0:
        trend = "no episodes in the last 6 months"
    else:
        word = "rising" if last3 > prev3 else "falling" if last3 < prev3 else "steady"
        trend = f"{word}: {_plural(last3, 'episode')} in the last 3 months, {prev3} in the 3 before"

    return {
        "count_12_months": count,
        "typical_duration": typical + described,
        "time_of_day": time_of_day,
        "day_of_week": day_of_week,
        "where_found": where_found,
        "trend": trend,
    }
