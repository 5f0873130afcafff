"""The monthly figures behind the dashboard, counted from the same duties ``check`` lists.

An episode belongs to the month in which it began (found gone, or confirmed missing when the
discovery was not recorded). Every rate is counted from the :class:`~mfc_docs.rules.deadlines.Duty`
records of ``deadlines.child_duties``, the ones ``check`` lists while they are open, so a figure
for a month and ``check`` on the same day cannot disagree:

* a duty counts once it is done or its due day is over ("Nothing due yet" before that);
* it is *met* only when done by its due date: an interview held after its limit, a review
  after its due date, an escalation review after its due date count as late, not met;
* "interviews held" is out of the interviews offered: a declined offer counts as offered and
  not held;
* the risk assessment review is judged per episode, against the review that followed that
  episode (``deadlines.risk_review_for``), never the child's latest review;
* escalation reviews follow the repeat-missing rule (``deadlines.repeat_missing_triggers``): a
  trigger belongs to the month of the episode that reached the number;
* time to the police runs from the clock start of the police time limit (``police_clock``:
  found gone by default), falling back to the other time when that one was not recorded;
  a call made before that moment counts as 0 minutes.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from ..input.episodes import began_at, duration, section
from ..input.home_data import Child, HomeData
from .dates import add_months, elapsed, instant
from .deadlines import Duty, child_duties, limits_of, repeat_missing_triggers, risk_review_for

# --------------------------------------------------------------------------
# Months
# --------------------------------------------------------------------------


def month_start(day: date) -> date:
    return date(day.year, day.month, 1)


def month_end(month: date) -> date:
    return add_months(month_start(month), 1) - timedelta(days=1)


def previous_month(today: date) -> date:
    """The first day of the calendar month before ``today``'s."""
    return add_months(month_start(today), -1)


def parse_month(text: str) -> date:
    """'2026-11' -> 1 November 2026."""
    match = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", text or "")
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"'{text}' is not a month written as YYYY-MM (for example 2026-11)")
    if int(match.group(1)) < 1900:
        raise ValueError(f"'{text}' is too long ago: check the year (for example 2026-11)")
    return date(int(match.group(1)), int(match.group(2)), 1)


def in_month(moment: date | datetime, month: date) -> bool:
    day = moment.date() if isinstance(moment, datetime) else moment
    return month_start(month) <= day <= month_end(month)


def episodes_in(home: HomeData, month: date) -> list[tuple[Child, dict]]:
    """Every child's episodes that began in ``month``, in time order."""
    found = [(child, ep) for child in home.children for ep in child.episodes if in_month(began_at(ep), month)]
    return sorted(found, key=lambda pair: (instant(began_at(pair[1])), pair[0].id))


# --------------------------------------------------------------------------
# Rates
# --------------------------------------------------------------------------


@dataclass
class Rate:
    """A duty counted over a month's episodes: met on time, done late, not done although due, not yet due."""

    met: int = 0
    late: int = 0
    missed: int = 0
    pending: int = 0
    settled: int = 0  # counted, not done and no longer needed (an interview declined)

    @property
    def counted(self) -> int:
        return self.met + self.late + self.missed + self.settled

    @property
    def done(self) -> int:
        return self.met + self.late

    def add(self, duty: Duty, today: date) -> None:
        if duty.done is not None:
            if duty.late:
                self.late += 1
            else:
                self.met += 1
        elif duty.settled:
            self.settled += 1
        elif duty.passed(today):
            self.missed += 1
        else:
            self.pending += 1


def percent(part: int, whole: int) -> int:
    """A whole percentage, halves rounded up (2 of 3 is 67%)."""
    return (200 * part + whole) // (2 * whole)


def _minutes(delta: timedelta) -> float:
    return delta.total_seconds() / 60


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def police_clock_start(episode: dict, limits: dict) -> tuple[datetime, bool]:
    """When the police time limit started for this episode, and whether that is the moment the limit names."""
    first, other = ("found_gone_at", "confirmed_missing_at")
    if limits.get("police_clock") == "confirmation":
        first, other = other, first
    if episode.get(first):
        return episode[first], True
    return episode[other], False


def police_minutes(episode: dict, limits: dict) -> float | None:
    called = section(episode, "police").get("called_at")
    if called is None:
        return None
    return max(0.0, _minutes(elapsed(police_clock_start(episode, limits)[0], called)))


@dataclass
class MonthFigures:
    """The raw figures of one month (numbers, not text)."""

    month: date
    pairs: list[tuple[Child, dict]]
    episodes: int = 0
    children: int = 0
    open: int = 0
    median_minutes: float | None = None
    mean_minutes: float | None = None
    police_minutes: float | None = None
    police_missing: int = 0
    police_from_other_clock: int = 0
    police_in_time: Rate = field(default_factory=Rate)
    social_minutes: float | None = None
    social_missing: int = 0
    rates: dict[str, Rate] = field(default_factory=dict)  # by duty kind
    duties: dict[int, list[Duty]] = field(default_factory=dict)  # by id() of the episode
    reviewed: dict[int, date | None] = field(default_factory=dict)  # the review that followed each episode
    escalations: list[tuple[Child, object, Duty]] = field(default_factory=list)  # (child, trigger, its duty)
    reg40_decided: int = 0
    reg40_notified: int = 0

    def rate(self, kind: str) -> Rate:
        return self.rates.setdefault(kind, Rate())


RATE_KINDS = ("rhi_offer", "rhi", "post_incident_review", "risk_assessment_after_episode", "reg40",
              "police_told_of_return", "escalation_review")


def month_figures(home: HomeData, month: date) -> MonthFigures:
    """Every figure of one month, counted from the duties of its episodes as seen on ``home.today``."""
    month = month_start(month)
    lim = limits_of(home.config)
    today = home.today
    pairs = episodes_in(home, month)
    fig = MonthFigures(month, pairs)
    for kind in RATE_KINDS:
        fig.rate(kind)
    fig.episodes = len(pairs)
    fig.children = len({child.id for child, _ in pairs})
    fig.open = sum(1 for _, ep in pairs if ep.get("returned_at") is None)
    durations = [_minutes(d) for d in (duration(ep) for _, ep in pairs) if d is not None]
    fig.median_minutes = statistics.median(durations) if durations else None
    fig.mean_minutes = _mean(durations)

    police = []
    for _, ep in pairs:
        minutes = police_minutes(ep, lim)
        start, exact = police_clock_start(ep, lim)
        if minutes is None:
            fig.police_missing += 1
            if (start + timedelta(minutes=lim["police_within_minutes"])).date() < today:
                fig.police_in_time.missed += 1
            else:
                fig.police_in_time.pending += 1
            continue
        police.append(minutes)
        fig.police_from_other_clock += not exact
        if minutes <= lim["police_within_minutes"]:
            fig.police_in_time.met += 1
        else:
            fig.police_in_time.late += 1
    fig.police_minutes = _mean(police)
    social = [max(0.0, _minutes(elapsed(began_at(ep), ep["social_care_notified_at"])))
              for _, ep in pairs if ep.get("social_care_notified_at")]
    fig.social_minutes = _mean(social)
    fig.social_missing = sum(1 for _, ep in pairs if not ep.get("social_care_notified_at"))

    in_month_ids = {id(ep) for _, ep in pairs}
    for child in {child.id: child for child, _ in pairs}.values():
        by_index = {ep.get("_index"): ep for ep in child.episodes}
        for duty in child_duties(child, lim):
            episode = by_index.get(duty.index)
            if episode is None or id(episode) not in in_month_ids:
                continue
            if duty.kind == "escalation_review":
                trigger = next(t for t in repeat_missing_triggers(child.episodes, lim) if t.episode is episode)
                fig.escalations.append((child, trigger, duty))
            else:
                fig.duties.setdefault(id(episode), []).append(duty)
            fig.rate(duty.kind).add(duty, today)
        for ep in child.episodes:
            if id(ep) in in_month_ids:
                fig.reviewed[id(ep)] = risk_review_for(child, ep)
    reg40 = [section(ep, "reg40") for _, ep in pairs]
    fig.reg40_decided = sum(1 for r in reg40 if r)
    fig.reg40_notified = sum(1 for r in reg40 if r.get("decision") == "notified")
    return fig
