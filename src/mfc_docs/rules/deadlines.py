"""What the Registered Manager must do next, and by when: the findings of ``mfc-docs check``.

Pure functions over a loaded home. Every action that is due and not yet
recorded as done becomes a :class:`Finding` with its due date, once that date is
within ``review_cycles.due_soon_days`` of today ("due soon") or has passed
("overdue"). The rules, each from ``home_config.yaml``'s time limits:

* after every return: the return home interview offered within
  ``rhi_offer_within_hours`` and held within ``rhi_within_hours`` (not when the
  child declined); the post-incident review within
  ``post_incident_review_working_days`` working days (bank holidays in England
  and Wales are not working days); the police told of the return (at once);
  a Reg 40 decision recorded within 1 working day;
* the risk assessment reviewed after every return, within the post-incident
  review's working days (see :func:`risk_review_for`);
* while a child is still missing: ``escalate_after_hours`` after the episode
  began (found gone), escalate (until a strategy meeting is recorded) and
  record a Reg 40 decision;
* the repeat-missing rule (:func:`repeat_missing_triggers`):
  ``repeat_missing_episodes`` episodes within ``repeat_missing_days`` days call
  for an escalation review, due with the post-incident review of the episode
  that reached the number;
* the review cycles ``validate`` warns about (risk assessment, police
  information, photo, contacts page, procedure), with their due dates.

Every duty is a :class:`Duty` with its due date and, once done, when it was done:
``check`` lists those not done, the dashboard (``rules/statistics``) counts all of
them, so the two cannot disagree. Something done late is not a finding here (it
is on the monthly dashboard).
Dates are whole days: a deadline at 10:00 today is "due today", not overdue.
"""

from __future__ import annotations

import shutil
import textwrap
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Iterable

from .review_cycles import (contacts_check_due, limits_of, photo_due, police_check_due, procedure_review_due,
                            risk_review_due)
from .dates import add_working_days, british_date, hours_after, instant
from .placeholders import phrases
from ..input.episodes import began_at, line_of, section
from ..input.home_data import HOME_CONFIG, Child, HomeData

OVERDUE = "overdue"
DUE_SOON = "due_soon"

REG40_WORKING_DAYS = 1


@dataclass(frozen=True)
class Finding:
    """One action due soon or overdue."""

    kind: str  # a stable word for scripts: rhi_offer, rhi, post_incident_review, ...
    child: str  # the child's id, or "" for the home
    name: str  # the child's name as staff use it, or "The home"
    episode: date | None  # the date the episode began (confirmed missing), when about an episode
    what: str
    due: date | datetime
    status: str  # overdue or due_soon
    days_overdue: int  # 0 when due today or later
    file: str
    line: int | None

    @property
    def due_date(self) -> date:
        return self.due.date() if isinstance(self.due, datetime) else self.due

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    def sort_key(self) -> tuple:
        moment = self.due if isinstance(self.due, datetime) else datetime.combine(self.due, datetime.max.time())
        return (moment, self.name, self.what)

    def to_json(self) -> dict:
        due = self.due.strftime("%Y-%m-%dT%H:%M") if isinstance(self.due, datetime) else self.due.isoformat()
        return {
            "status": self.status,
            "due": due,
            "days_overdue": self.days_overdue,
            "child": self.child,
            "episode": self.episode.isoformat() if self.episode else None,
            "what": self.what,
            "kind": self.kind,
            "file": self.file,
            "line": self.line,
        }


@dataclass(frozen=True)
class Duty:
    """One thing the home must do by a due date, and when it was done (None: not yet)."""

    kind: str
    what: str
    due: date | datetime
    file: str
    line: int | None
    episode: date | None = None  # the day the episode began, when the duty belongs to one
    done: date | datetime | None = None
    settled: bool = False  # no longer needed although not done (an interview the child declined)
    index: int | None = None  # the episode's place in its file (its ``_index``), when about an episode

    @property
    def open(self) -> bool:
        """Still to do: neither done nor settled."""
        return self.done is None and not self.settled

    @property
    def late(self) -> bool:
        """Done, but after the due date (whole days for a date, real time for a time)."""
        if self.done is None:
            return False
        if isinstance(self.done, datetime) and isinstance(self.due, datetime):
            return instant(self.done) > instant(self.due)
        done = self.done.date() if isinstance(self.done, datetime) else self.done
        due = self.due.date() if isinstance(self.due, datetime) else self.due
        return done > due

    def passed(self, today: date) -> bool:
        """The due date is over (the same whole-day rule as an overdue finding)."""
        return (self.due.date() if isinstance(self.due, datetime) else self.due) < today


_Due = Duty  # the cycles below are duties never recorded as done


def status_of(due: date | datetime, today: date, due_soon_days: int) -> tuple[str | None, int]:
    """(overdue | due_soon | None, days overdue) for a due date seen from ``today``."""
    day = due.date() if isinstance(due, datetime) else due
    if day < today:
        return OVERDUE, (today - day).days
    if day <= today + timedelta(days=due_soon_days):
        return DUE_SOON, 0
    return None, 0


def _hours(moment: datetime, hours: int) -> datetime:
    return hours_after(moment, hours)


def _ep_day(episode: dict) -> date:
    return began_at(episode).date()


def episode_duties(episode: dict, limits: dict) -> list[Duty]:
    """Every duty one episode brings, done or not, each with its due date."""
    duties: list[Duty] = []
    file = episode.get("_file", "")
    day = _ep_day(episode)
    returned = episode.get("returned_at")
    began = began_at(episode)
    began_key = "found_gone_at" if episode.get("found_gone_at") else "confirmed_missing_at"
    police = section(episode, "police")
    rhi = section(episode, "return_home_interview")
    reg40 = section(episode, "reg40")
    wd = limits["post_incident_review_working_days"]

    def add(kind: str, what: str, due, done, *lines: str, settled: bool = False) -> None:
        duties.append(Duty(kind, what, due, file, line_of(episode, *lines), day, done, settled, episode.get("_index")))

    if returned is None:
        after = limits["escalate_after_hours"]
        add("escalate", f"Escalate: missing over {after} hours (police to review the risk grading, "
                        "senior leadership and the IRO told, strategy meeting)",
            _hours(began, after), episode.get("strategy_meeting_on"), began_key)
        add("reg40", f"Record the Reg 40 decision (missing over {after} hours)",
            _hours(began, after), reg40.get("decided_on"), began_key)
        return duties

    words = phrases(limits)
    add("rhi_offer", f"Offer the return home interview ({words['rhi_offer_deadline']})",
        _hours(returned, limits["rhi_offer_within_hours"]), rhi.get("offered_at"),
        "return_home_interview.offered_at", "return_home_interview", "returned_at")
    if rhi.get("offered_at"):
        add("rhi", f"Hold the return home interview ({words['rhi_deadline']})",
            _hours(returned, limits["rhi_within_hours"]), rhi.get("completed_at"),
            "return_home_interview.completed_at", "return_home_interview.outcome", "return_home_interview.offered_at",
            settled=rhi.get("outcome") == "declined")
    add("post_incident_review", f"Hold the post-incident review ({words['pir_deadline']})",
        add_working_days(returned.date(), wd), episode.get("post_incident_review_on"),
        "post_incident_review_on", "returned_at")
    add("police_told_of_return", "Tell the police of the return (at once)", returned,
        police.get("told_of_return_at"), "police.told_of_return_at", "police", "returned_at")
    add("reg40", f"Record the Reg 40 decision (within {REG40_WORKING_DAYS} working day of return)",
        add_working_days(returned.date(), REG40_WORKING_DAYS), reg40.get("decided_on"), "reg40", "returned_at")
    return duties


def episode_dues(episode: dict, limits: dict) -> list[Duty]:
    """What is still to do for one episode, each with its due date."""
    return [duty for duty in episode_duties(episode, limits) if duty.open]


def review_dates(child: Child) -> list[date]:
    """Every recorded review of the child's risk assessment: the profile's, its history's and the episodes'."""
    assessment = child.data["assessment"]
    dates = [assessment["last_reviewed"], *(h["date"] for h in assessment.get("history") or [])]
    dates += [ep["risk_assessment_reviewed_on"] for ep in child.episodes if ep.get("risk_assessment_reviewed_on")]
    return sorted(dates)


def last_risk_review(child: Child) -> date:
    """The latest review of the risk assessment: the profile's last_reviewed or any episode's review date."""
    return review_dates(child)[-1]


def risk_review_for(child: Child, episode: dict) -> date | None:
    """The review of the risk assessment that followed this episode, or None.

    The date recorded on the episode (risk_assessment_reviewed_on) when there is one; otherwise the
    first review of any kind recorded on or after the child's return. Never the child's latest review:
    an October episode is judged by the review after it, not by one made in December.
    """
    if episode.get("risk_assessment_reviewed_on"):
        return episode["risk_assessment_reviewed_on"]
    back = episode.get("returned_at")
    if back is None:
        return None
    return next((day for day in review_dates(child) if day >= back.date()), None)


@dataclass(frozen=True)
class RepeatTrigger:
    """An episode that reached the repeat-missing number, and the escalation review it calls for."""

    episode: dict  # the episode that reached the number
    episodes: tuple[dict, ...]  # the episodes counted, oldest first, the trigger last
    due: date
    held_on: date | None


def repeat_missing_triggers(episodes: list[dict], limits: dict) -> list[RepeatTrigger]:
    """The one repeat-missing rule, for ``check``, the dashboard and the procedure's words.

    An episode is a trigger when it and the child's earlier episodes that began within the last
    ``repeat_missing_days`` days (this one's start included) number ``repeat_missing_episodes`` or
    more, counting only episodes since the last escalation review held before it began. The review
    is due ``post_incident_review_working_days`` working days after the trigger's return (or its
    start while still open) and is held when an escalation review (``escalation_review_on`` on any
    of the child's episodes) is recorded on or after the trigger began. Further episodes before
    that review belong to the same trigger; after it, counting starts again.
    """
    count, days = limits["repeat_missing_episodes"], limits["repeat_missing_days"]
    ordered = sorted(episodes, key=lambda ep: instant(began_at(ep)))
    reviews = sorted({ep["escalation_review_on"] for ep in ordered if ep.get("escalation_review_on")})
    triggers: list[RepeatTrigger] = []
    for i, episode in enumerate(ordered):
        start = began_at(episode)
        if triggers and (triggers[-1].held_on is None or triggers[-1].held_on >= start.date()):
            continue  # part of a trigger whose review is still to come
        reset = max((day for day in reviews if day < start.date()), default=None)
        counted = tuple(ep for ep in ordered[:i + 1]
                        if instant(began_at(ep)) > instant(start) - timedelta(days=days)
                        and (reset is None or began_at(ep).date() > reset))
        if len(counted) < count:
            continue
        end = (episode.get("returned_at") or start).date()
        held = next((day for day in reviews if day >= start.date()), None)
        triggers.append(RepeatTrigger(episode, counted, add_working_days(end, limits["post_incident_review_working_days"]),
                                      held))
    return triggers


def repeat_duty(trigger: RepeatTrigger, limits: dict) -> Duty:
    episode = trigger.episode
    words = phrases(limits)["repeat_missing_rule"]
    first = british_date(began_at(trigger.episodes[0]).date())
    return Duty("escalation_review", f"Hold an escalation review ({len(trigger.episodes)} episodes since {first}; "
                                     f"the rule: {words})",
                trigger.due, episode.get("_file", ""), line_of(episode, "escalation_review_on"), _ep_day(episode),
                trigger.held_on, index=episode.get("_index"))


def child_duties(child: Child, limits: dict) -> list[Duty]:
    """Every duty about one child's episodes, done or not: each episode's, the risk review after each, escalations."""
    duties: list[Duty] = []
    episodes = sorted(child.episodes, key=lambda ep: instant(began_at(ep)))
    wd = limits["post_incident_review_working_days"]
    for episode in episodes:
        duties.extend(episode_duties(episode, limits))
        if episode.get("returned_at"):
            duties.append(Duty("risk_assessment_after_episode", "Review the risk assessment after this episode",
                               add_working_days(episode["returned_at"].date(), wd), episode.get("_file", ""),
                               line_of(episode, "risk_assessment_reviewed_on", "returned_at"), _ep_day(episode),
                               risk_review_for(child, episode), index=episode.get("_index")))
    duties.extend(repeat_duty(trigger, limits) for trigger in repeat_missing_triggers(episodes, limits))
    return duties


def child_dues(child: Child, limits: dict) -> list[Duty]:
    """Everything still to do for one child: each episode, the review after each, escalation reviews, cycles."""
    dues = [duty for duty in child_duties(child, limits) if duty.open]

    profile, loaded, assessment = child.source.display, child.loaded, child.data["assessment"]

    def at(*path) -> int | None:
        pos = loaded.position(path)
        return pos[0] if pos else None

    days = limits["risk_assessment_days"]
    ra_due = risk_review_due(assessment, limits)
    dues.append(_Due("risk_assessment_review", f"Review the risk assessment (at least every {days} days)",
                     ra_due, profile, at("assessment", "last_reviewed")))
    days = limits["police_information_days"]
    dues.append(_Due("police_information", f"Check the police information (every {days} days)",
                     police_check_due(assessment, limits), profile,
                     at("assessment", "police_information_reviewed")))
    photo = child.data.get("photo")
    if photo:
        months = limits["photo_max_age_months"]
        dues.append(_Due("photo", f"Take a new photo (every {months} months)",
                         photo_due(photo, limits), profile, at("photo", "taken_on")))
    return dues


def home_dues(home: HomeData, limits: dict[str, int]) -> list[_Due]:
    config, loaded = home.config, home.config_file
    if not config or loaded is None:
        return []

    def at(*path) -> int | None:
        pos = loaded.position(path)
        return pos[0] if pos else None

    months = limits["contacts_check_months"]
    dues = [_Due("contacts", f"Ring round and check the contacts page (every {months} months)",
                 contacts_check_due(config["contacts"], limits), HOME_CONFIG, at("contacts", "last_checked"))]
    procedure = config["procedure"]
    due = procedure_review_due(procedure, limits)
    line = at("procedure", "next_review") if procedure.get("next_review") else at("procedure", "approved_on")
    dues.append(_Due("procedure", "Review the missing-from-care procedure", due, HOME_CONFIG, line))
    return dues


def findings(home: HomeData, today: date | None = None) -> list[Finding]:
    """Every action overdue or due soon, most urgent first (the longest overdue at the top)."""
    today = today or home.today
    limits = limits_of(home.config)
    soon = limits["due_soon_days"]
    result: list[Finding] = []

    def collect(dues: Iterable[_Due], child: str, name: str) -> None:
        for due in dues:
            status, late = status_of(due.due, today, soon)
            if status:
                result.append(Finding(due.kind, child, name, due.episode, due.what, due.due, status, late,
                                      due.file, due.line))

    collect(home_dues(home, limits), "", "The home")
    for child in home.children:
        collect(child_dues(child, limits), child.id, child.known_as)
    return sorted(result, key=Finding.sort_key)


# --------------------------------------------------------------------------
# Showing findings
# --------------------------------------------------------------------------


def due_text(due: date | datetime) -> str:
    """'Thu 26 Nov 2026 22:10' or 'Fri 27 Nov 2026': short enough for a table column."""
    if isinstance(due, datetime):
        return f"{due:%a} {due.day} {due:%b %Y %H:%M}"
    return f"{due:%a} {due.day} {due:%b %Y}"


def status_text(finding: Finding) -> str:
    if finding.status == OVERDUE:
        return f"OVERDUE {finding.days_overdue} day{'s' if finding.days_overdue != 1 else ''}"
    return "due soon"


def what_text(finding: Finding) -> str:
    if finding.episode:
        return f"Episode of {finding.episode.day} {finding.episode:%b %Y}: {finding.what[0].lower()}{finding.what[1:]}"
    return finding.what


def summary(found: list[Finding], due_soon_days: int, warnings: int = 0) -> str:
    overdue = sum(f.status == OVERDUE for f in found)
    soon = len(found) - overdue
    if not found:
        text = f"Nothing is overdue or due in the next {due_soon_days} days."
    else:
        text = f"{overdue} overdue, {soon} due in the next {due_soon_days} days."
    if warnings:
        text += f" 'mfc-docs validate' lists {warnings} warning{'s' if warnings != 1 else ''} about the data."
    return text


def format_table(found: list[Finding], width: int | None = None) -> str:
    """The findings as a plain-text table (status, due, child, what, where), fitted to ``width`` columns."""
    width = width or shutil.get_terminal_size((120, 24)).columns
    headers = ("STATUS", "DUE", "CHILD", "WHAT", "WHERE")
    # The child's id, never their name: this output often ends up in a scheduler's log.
    rows = [(status_text(f), due_text(f.due), f.child or f.name, what_text(f), f.where) for f in found]
    fixed = [max(len(headers[i]), *(len(r[i]) for r in rows)) for i in (0, 1, 2)]
    where_w = max(len(headers[4]), *(len(r[4]) for r in rows))
    gap = "  "
    what_w = width - sum(fixed) - where_w - 4 * len(gap)
    where_below = what_w < 30
    if where_below:
        what_w = max(30, width - sum(fixed) - 3 * len(gap))
    lines = []
    head = gap.join(h.ljust(w) for h, w in zip(headers[:3], fixed))
    lines.append(head + gap + (headers[3] if where_below else headers[3].ljust(what_w) + gap + headers[4]))
    indent = " " * (sum(fixed) + 3 * len(gap))
    for row in rows:
        wrapped = textwrap.wrap(row[3], what_w) or [""]
        first = gap.join(v.ljust(w) for v, w in zip(row[:3], fixed)) + gap
        if where_below:
            lines.append(first + wrapped[0])
            lines.extend(indent + part for part in wrapped[1:])
            lines.append(" " * max(2, min(len(indent), width - len(row[4]))) + row[4])
        else:
            lines.append(first + wrapped[0].ljust(what_w) + gap + row[4])
            lines.extend(indent + part for part in wrapped[1:])
    return "\n".join(line.rstrip() for line in lines)
