"""Where each child is now, and what is due next: what the shift sees at handover.

One child is *missing* while their latest episode has no ``returned_at``; *back*
while something after the return is still to do (the return home interview, the
post-incident review, telling the police, the Reg 40 decision); otherwise *in
placement*. While a child is missing, the next deadlines come from the home's time
limits: the police call (at once for high risk, otherwise within the home's
target from discovery), the next contact attempt, the strategy meeting for a
high-risk child, and the escalation after ``escalate_after_hours``. After a return
they are those ``mfc-docs check`` lists for the episode. Pure functions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ..input.episodes import section
from ..input.home_data import Child
from .dates import elapsed, hours_after, instant
from .deadlines import episode_dues, limits_of
from .placeholders import phrases
from .statistics import police_clock_start

IN_PLACEMENT = "in_placement"
MISSING = "missing"
BACK = "back"

#: The checklist's steps while a child is missing, as one-tap entries in the live log: (action, ask for a note).
LOG_STEPS: tuple[tuple[str, str], ...] = (
    ("Search of the home and grounds done", ""),
    ("CCTV checked", "What it showed"),
    ("Police called", "Police reference number"),
    ("Manager told", "Who"),
    ("Social worker or EDT told", "Who"),
    ("Placing authority told", "Who"),
    ("Child phoned or texted", "What happened"),
    ("Places checked", "Which places"),
    ("Police update", "What was said"),
)


#: Steps whose first entry also fills the episode's own fields, so ``check`` and the dashboard see them:
#: step -> {field: "at" (the entry's time) or "note" (its note)}.
STEP_FIELDS: dict[str, dict[str, str]] = {
    "Police called": {"police.called_at": "at", "police.reference": "note"},
    "Manager told": {"manager_notified_at": "at"},
    "Social worker or EDT told": {"social_care_notified_at": "at", "social_care_notified": "note"},
}


def fields_for_step(episode: dict, action: str, at: str, note: str) -> dict[str, str]:
    """The episode fields a log entry fills, only those still empty (a later entry never changes a record)."""
    values = {}
    for dotted, source in STEP_FIELDS.get(action, {}).items():
        value = at if source == "at" else note
        current: object = episode
        for part in dotted.split("."):
            current = current.get(part) if isinstance(current, dict) else None
        if value and current in (None, ""):
            values[dotted] = value
    return values


@dataclass(frozen=True)
class Deadline:
    what: str
    due: datetime
    overdue: bool


@dataclass
class ChildStatus:
    state: str
    episode: dict | None = None  # the latest episode, when missing or back
    since: datetime | None = None  # found gone (or confirmed missing) / returned
    for_how_long: timedelta | None = None
    deadlines: list[Deadline] = field(default_factory=list)  # soonest first

    @property
    def next_deadline(self) -> Deadline | None:
        return self.deadlines[0] if self.deadlines else None


def went_missing_at(episode: dict) -> datetime:
    """The start of the clock: when staff found the child gone, or else when they confirmed it."""
    return episode.get("found_gone_at") or episode["confirmed_missing_at"]


def latest_episode(child: Child) -> dict | None:
    return max(child.episodes, key=lambda ep: instant(went_missing_at(ep)), default=None)


def _logged(episode: dict, action: str) -> list[dict]:
    return [entry for entry in episode.get("log") or [] if entry.get("action") == action]


def missing_deadlines(episode: dict, config: dict | None, now: datetime) -> list[Deadline]:
    """What is due while the child is still missing, soonest first."""
    limits = limits_of(config)
    start = went_missing_at(episode)
    found: list[tuple[str, datetime]] = []
    police = section(episode, "police")
    if not police.get("called_at") and not _logged(episode, "Police called"):
        if episode.get("risk_level") == "high":
            found.append(("Call the police on 999 (high risk: at once)", start))
        else:
            # the home's one police limit, from the clock start it names (discovery or confirmation)
            clock_start, _ = police_clock_start(episode, limits)
            found.append((f"Call the police ({phrases(limits)['police_deadline']})",
                          clock_start + timedelta(minutes=limits["police_within_minutes"])))
    attempts = [a["at"] for a in episode.get("contact_attempts") or []]
    attempts += [e["at"] for e in _logged(episode, "Child phoned or texted")]
    interval = limits["contact_attempt_interval_minutes"]
    last_try = max(attempts, default=start)
    found.append((f"Try to reach the child again (every {interval} minutes)", last_try + timedelta(minutes=interval)))
    if episode.get("risk_level") == "high" and not episode.get("strategy_meeting_on"):
        hours = limits["strategy_meeting_high_risk_hours"]
        found.append((f"Strategy meeting considered (high risk: within {hours} hours)",
                      hours_after(went_missing_at(episode), hours)))
    for due in episode_dues(episode, limits):
        moment = due.due if isinstance(due.due, datetime) else datetime.combine(due.due, datetime.max.time())
        found.append((due.what, moment))
    return sorted((Deadline(what, due, due < now) for what, due in found), key=lambda d: d.due)


def child_status(child: Child, config: dict | None, now: datetime) -> ChildStatus:
    episode = latest_episode(child)
    if episode is None:
        return ChildStatus(IN_PLACEMENT)
    returned = episode.get("returned_at")
    if returned is None:
        start = went_missing_at(episode)
        return ChildStatus(MISSING, episode, start, elapsed(start, now) if now >= start else timedelta(0),
                           missing_deadlines(episode, config, now))
    dues = []
    for due in episode_dues(episode, limits_of(config)):
        moment = due.due if isinstance(due.due, datetime) else datetime.combine(due.due, datetime.max.time())
        dues.append(Deadline(due.what, moment, moment < now))
    if not dues:
        return ChildStatus(IN_PLACEMENT, episode, returned)
    return ChildStatus(BACK, episode, returned, elapsed(returned, now) if now >= returned else timedelta(0),
                       sorted(dues, key=lambda d: d.due))


def after_return(returned: datetime, config: dict | None) -> list[Deadline]:
    """What falls due after a return at ``returned``, by the same rules as ``check`` (shown before it is recorded)."""
    episode = {"confirmed_missing_at": returned, "returned_at": returned}
    dues = []
    for due in episode_dues(episode, limits_of(config)):
        moment = due.due if isinstance(due.due, datetime) else datetime.combine(due.due, datetime.max.time())
        dues.append(Deadline(due.what, moment, False))
    return sorted(dues, key=lambda d: d.due)


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    what: str
    by: str = ""
    note: str = ""
    logged: bool = False  # from the live log (else from the episode's own fields)


_MOMENTS = (
    ("last_seen_at", "Last seen"),
    ("found_gone_at", "Found gone"),
    ("confirmed_missing_at", "Confirmed missing"),
    ("manager_notified_at", "Manager told"),
    ("social_care_notified_at", "Social worker or EDT told"),
    ("police.called_at", "Police called"),
    ("police.told_of_return_at", "Police told of the return"),
    ("returned_at", "Came back"),
    ("return_home_interview.offered_at", "Return home interview offered"),
)


def timeline(episode: dict) -> list[TimelineEntry]:
    """Everything that happened in the episode, in time order: its recorded times and the live log."""
    entries: list[TimelineEntry] = []
    for dotted, what in _MOMENTS:
        value: object = episode
        for part in dotted.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if isinstance(value, datetime):
            note = ""
            if dotted == "last_seen_at" and episode.get("last_seen_where"):
                note = str(episode["last_seen_where"])
            elif dotted == "police.called_at":
                police = section(episode, "police")
                note = "; ".join(str(x) for x in (police.get("number"), police.get("reference")) if x)
            elif dotted == "returned_at":
                note = str(episode.get("return_how") or "")
            entries.append(TimelineEntry(value, what, note=note))
    for attempt in episode.get("contact_attempts") or []:
        entries.append(TimelineEntry(attempt["at"], f"Contact attempt: {attempt['method']}", attempt["by"],
                                     attempt["outcome"]))
    logged = set()
    for entry in episode.get("log") or []:
        entries.append(TimelineEntry(entry["at"], entry["action"], entry.get("by") or "", entry.get("note") or "",
                                     True))
        logged.add((entry["at"], entry["action"]))
    # A step from the live log that also filled the episode's own time is shown once, with who did it.
    entries = [e for e in entries if e.logged or (e.at, e.what) not in logged]
    return sorted(entries, key=lambda e: (e.at, not e.logged))


def hours_minutes(value: timedelta) -> str:
    """'2 h 14 min', '45 min', '3 days 4 h': how long, to the minute, as a shift counts it."""
    minutes = int(value.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days} day{'s' if days != 1 else ''} {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min"


__all__ = ["BACK", "IN_PLACEMENT", "LOG_STEPS", "MISSING", "STEP_FIELDS", "ChildStatus", "Deadline", "TimelineEntry",
           "after_return", "child_status", "fields_for_step", "hours_minutes", "latest_episode", "missing_deadlines",
           "timeline", "went_missing_at"]
