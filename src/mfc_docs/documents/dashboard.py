"""The Registered Manager's monthly oversight dashboard (also for Reg 44 visits and the Reg 45 report).

One document per calendar month, made on demand (``mfc-docs dashboard --month
2026-11``), not by ``mfc-docs build``. It compares the month with the months
before, against the home's targets, and carries the month's Reg 40 log.

How each figure is counted (an episode belongs to the month in which the child
was confirmed missing):

* durations run from confirmed missing to return; open episodes have none;
* times to the police and to social care run from confirmed missing to the
  recorded call; a call made before confirming counts as 0 minutes;
* an action (interview offer, interview, post-incident review, risk
  assessment review) counts once it is done or its deadline has passed, so a
  return yesterday does not lower the month's rates before anything is due;
* "interviews held" is out of the interviews offered: a declined offer counts
  as offered and not held;
* a post-incident review is on time when held within the working days after
  return (England and Wales bank holidays are not working days);
* a child's risk assessment counts as reviewed when a review is recorded on or
  after the return from their last episode of the month; the child's row says
  when it was later than the working days ``check`` allows;
* an escalation review counts when ``escalation_review_on`` is recorded on one
  of the child's episodes of that month.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from .context import home_summary, limits, meta
from ..rules.dates import add_months, add_working_days, british_date, elapsed, hours_after
from ..rules.deadlines import last_risk_review, limits_of
from ..input.episodes import WEEKDAYS, duration, section, started_at
from ..input.home_data import Child, HomeData
from .base import Document, DocumentKind
from .blocks import Chart, Fields, Heading, If, Layout, Notice, Table, Text, WriteIn

TITLE = "Monthly missing-from-care dashboard"
TREND_MONTHS = 4  # this month and the three before, side by side
CHART_MONTHS = 12

LAYOUT = Layout(blocks=(
    Heading("Missing from care: monthly oversight, {{ month.label }}"),
    Text("The Registered Manager's monthly review of every missing episode at {{ home.name }}, for Regulation 44 "
         "visits and the Regulation 45 review. Made from the episode records on {{ meta.generated }}.", "lead"),
    If("month.partial", (Notice("{{ month.label }} is not over yet: these are the figures up to {{ month.to }}.",
                                "info"),)),
    If("not episodes", (Notice("No missing episodes were recorded in {{ month.label }}.", "info"),)),
    Fields((
        ("Episodes this month", "headline.episodes"),
        ("Children who went missing", "headline.children"),
        ("Still missing", "headline.open"),
    )),
    Heading("1. This month against the targets", 2),
    Table("targets", (
        ("Measure", "row.measure"),
        ("Target", "row.target"),
        ("{{ month.short }}", "row.value"),
        ("Result", "row.result"),
    ), widths=(5, 2.6, 2.6, 1.8)),
    Text("An interview, review or decision is counted once it is done or its deadline has passed; "
         "\u201cNothing due yet\u201d means no deadline of the month has passed.", "small"),
    Heading("2. Compared with the months before", 2),
    Table("trend.rows", (
        ("Measure", "row.measure"),
        ("{{ trend.months[0] }}", "row.cells[0]"),
        ("{{ trend.months[1] }}", "row.cells[1]"),
        ("{{ trend.months[2] }}", "row.cells[2]"),
        ("{{ trend.months[3] }}", "row.cells[3]"),
    ), widths=(4, 2, 2, 2, 2)),
    Heading("3. Episodes per month", 2),
    Chart("bar", "episodes_chart", caption="Missing episodes in each of the 12 months to {{ month.label }}."),
    Heading("4. When children go missing", 2),
    Chart("grid", "when_chart",
          caption="Day of the week and hour at which each child was last seen, over the 12 months to "
                  "{{ month.label }}: the darker the square, the more episodes started then."),
    Heading("5. Episodes in {{ month.label }}", 2),
    Table("episodes", (
        ("Child", "row.name ~ '\n' ~ row.risk"),
        ("Missing", "row.missing"),
        ("Police called after", "row.police"),
        ("Return home interview", "row.rhi"),
        ("Post-incident review", "row.pir"),
    ), widths=(2.2, 3.6, 1.8, 3, 2.6), empty="No missing episodes this month."),
    Heading("6. Children who went missing: reviews and escalation", 2),
    Table("children", (
        ("Child", "row.name"),
        ("Episodes this month", "row.count"),
        ("Risk assessment reviewed after the last episode", "row.reviewed"),
        ("Escalation review ({{ limits.escalation_episodes_per_month }} or more episodes in the month)",
         "row.escalation"),
    ), widths=(2.4, 1.8, 3.6, 3.6), empty="No child went missing this month."),
    Heading("7. Reg 40 log", 2),
    Text("The Registered Manager's decision, for every episode of the month, on notifying Ofsted of a serious "
         "event (Regulation 40), with the reason and Ofsted's reference."),
    Table("reg40_log", (
        ("Child", "row.name"),
        ("Episode", "row.episode"),
        ("Decision", "row.decision ~ '\n' ~ row.decided_on"),
        ("Reason", "row.reason"),
        ("Ofsted reference", "row.reference"),
    ), widths=(1.8, 2.1, 2.4, 3.9, 3.2), empty="No episodes this month, so no decisions to record."),
    Heading("8. Sign-off", 2),
    WriteIn((("Reviewed by (Registered Manager)", "''", 1), ("Date", "''", 1), ("Actions agreed", "''", 1))),
))


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


def month_label(month: date) -> str:
    return f"{month:%B} {month.year}"


def _short(month: date) -> str:
    return f"{month:%b} {month.year}"


# --------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------


@dataclass
class _Rate:
    done: int = 0
    counted: int = 0
    pending: int = 0  # not done and not yet due

    def text(self, none: str) -> str:
        if not self.counted:
            return none
        return f"{percent(self.done, self.counted)}% ({self.done} of {self.counted})"


def percent(part: int, whole: int) -> int:
    """A whole percentage, halves rounded up (2 of 3 is 67%)."""
    return (200 * part + whole) // (2 * whole)


def minutes_text(minutes: float | None) -> str:
    """'18 min', '5 h 07 min' (rounded to the nearest minute, halves up)."""
    if minutes is None:
        return "Not recorded"
    whole = int(minutes + 0.5)
    hours, mins = divmod(whole, 60)
    return f"{hours} h {mins:02d} min" if hours else f"{mins} min"


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _minutes(delta: timedelta) -> float:
    return delta.total_seconds() / 60


def _name(child: Child) -> str:
    return child.data["name"].get("preferred") or child.data["name"]["legal"]


def episodes_in(home: HomeData, month: date) -> list[tuple[Child, dict]]:
    """Every child's episodes confirmed in ``month``, in time order."""
    first, last = month_start(month), month_end(month)
    found = [(child, ep) for child in home.children for ep in child.episodes
             if first <= ep["confirmed_missing_at"].date() <= last]
    return sorted(found, key=lambda pair: (pair[1]["confirmed_missing_at"], pair[0].id))


def _passed(due: date | datetime, today: date) -> bool:
    """A deadline has passed once its day is over (the same whole-day rule as ``mfc-docs check``)."""
    return (due.date() if isinstance(due, datetime) else due) < today


def month_figures(home: HomeData, month: date) -> dict:
    """The raw figures of one month (numbers, not text)."""
    lim = limits_of(home.config)
    today = home.today
    pairs = episodes_in(home, month)
    durations = [_minutes(d) for d in (duration(ep) for _, ep in pairs) if d is not None]
    police = [max(0.0, _minutes(elapsed(ep["confirmed_missing_at"], section(ep, "police")["called_at"])))
              for _, ep in pairs if section(ep, "police").get("called_at")]
    social = [max(0.0, _minutes(elapsed(ep["confirmed_missing_at"], ep["social_care_notified_at"])))
              for _, ep in pairs if ep.get("social_care_notified_at")]

    offered, held, pir = _Rate(), _Rate(), _Rate()
    declined = 0
    for _, ep in pairs:
        back = ep.get("returned_at")
        if back is None:
            continue
        rhi = section(ep, "return_home_interview")
        if rhi.get("offered_at"):
            offered.done += 1
            offered.counted += 1
            if rhi.get("completed_at"):
                held.done += 1
                held.counted += 1
            elif rhi.get("outcome") == "declined":
                declined += 1
                held.counted += 1
            elif _passed(hours_after(back, lim["rhi_within_hours"]), today):
                held.counted += 1
            else:
                held.pending += 1
        elif _passed(hours_after(back, lim["rhi_offer_within_hours"]), today):
            offered.counted += 1
        else:
            offered.pending += 1
        due = add_working_days(back.date(), lim["post_incident_review_working_days"])
        done_on = ep.get("post_incident_review_on")
        if done_on is not None or _passed(due, today):
            pir.counted += 1
            pir.done += done_on is not None and done_on <= due
        else:
            pir.pending += 1

    # Risk assessments and escalation reviews: per child.
    by_child: dict[str, list[dict]] = {}
    children: dict[str, Child] = {}
    for child, ep in pairs:
        by_child.setdefault(child.id, []).append(ep)
        children[child.id] = child
    reviews = _Rate()
    child_rows = []
    threshold = lim["escalation_episodes_per_month"]
    escalations = _Rate()
    for child_id, eps in by_child.items():
        child = children[child_id]
        returned = [ep for ep in eps if ep.get("returned_at")]
        review = last_risk_review(child)
        if not returned:
            reviewed = "Still missing"
        else:
            back = returned[-1]["returned_at"].date()
            due = add_working_days(back, lim["post_incident_review_working_days"])
            if review >= back:
                reviews.done += 1
                reviews.counted += 1
                late = f", late (due by {british_date(due)})" if review > due else ""
                reviewed = f"Yes: {british_date(review)}{late}"
            elif _passed(due, today):
                reviews.counted += 1
                reviewed = f"NO: not reviewed since {british_date(back)}"
            else:
                reviews.pending += 1
                reviewed = f"Not yet: due by {british_date(due)}"
        if len(eps) >= threshold:
            held_on = sorted(ep["escalation_review_on"] for ep in eps if ep.get("escalation_review_on"))
            trigger = eps[threshold - 1]
            due = add_working_days((trigger.get("returned_at") or trigger["confirmed_missing_at"]).date(),
                                   lim["post_incident_review_working_days"])
            if held_on:
                escalations.done += 1
                escalations.counted += 1
                escalation = f"Held {british_date(held_on[0])}"
            elif _passed(due, today):
                escalations.counted += 1
                escalation = f"NOT HELD (was due {british_date(due)})"
            else:
                escalations.pending += 1
                escalation = f"Not held yet: due by {british_date(due)}"
        else:
            escalation = "Not needed"
        child_rows.append({"name": _name(child), "count": str(len(eps)), "reviewed": reviewed,
                           "escalation": escalation})

    reg40 = [section(ep, "reg40") for _, ep in pairs]
    return {
        "episodes": len(pairs),
        "children": len(by_child),
        "open": sum(1 for _, ep in pairs if ep.get("returned_at") is None),
        "median_minutes": statistics.median(durations) if durations else None,
        "mean_minutes": _mean(durations),
        "police_minutes": _mean(police),
        "police_missing": sum(1 for _, ep in pairs if not section(ep, "police").get("called_at")),
        "social_minutes": _mean(social),
        "social_missing": sum(1 for _, ep in pairs if not ep.get("social_care_notified_at")),
        "rhi_offered": offered,
        "rhi_held": held,
        "rhi_declined": declined,
        "pir": pir,
        "reviews": reviews,
        "reg40_decided": sum(1 for r in reg40 if r),
        "reg40_notified": sum(1 for r in reg40 if r.get("decision") == "notified"),
        "escalations": escalations,
        "child_rows": child_rows,
        "pairs": pairs,
    }


def _result(met: bool | None) -> str:
    return {True: "Met", False: "NOT MET", None: "-"}[met]


def _rate_result(rate: _Rate, target: int) -> str:
    """Met when done/counted is at least ``target`` percent (compared exactly, not after rounding)."""
    if not rate.counted:
        return "-"
    return _result(rate.done * 100 >= target * rate.counted)


def _targets(fig: dict, lim: dict) -> list[dict]:
    none = "No episodes" if not fig["episodes"] else "Nothing due yet"
    police_target = lim["police_notification_target_minutes"]
    rows = [
        {"measure": "Average time from confirming missing to calling the police",
         "target": f"Under {police_target} minutes",
         "value": minutes_text(fig["police_minutes"]) if fig["police_minutes"] is not None else
         ("No episodes" if not fig["episodes"] else "Not recorded"),
         "result": "-" if fig["police_minutes"] is None else _result(fig["police_minutes"] < police_target)},
        {"measure": "Average time from confirming missing to telling the social worker or EDT",
         "target": "At once",
         "value": minutes_text(fig["social_minutes"]) if fig["social_minutes"] is not None else
         ("No episodes" if not fig["episodes"] else "Not recorded"),
         "result": "-"},
        {"measure": "Return home interview offered after every episode",
         "target": "100%", "value": fig["rhi_offered"].text(none), "result": _rate_result(fig["rhi_offered"], 100)},
        {"measure": "Return home interviews held, out of those offered"
                    + (f" ({fig['rhi_declined']} declined)" if fig["rhi_declined"] else ""),
         "target": "80% or more", "value": fig["rhi_held"].text(none), "result": _rate_result(fig["rhi_held"], 80)},
        {"measure": f"Post-incident reviews within {lim['post_incident_review_working_days']} working days of return",
         "target": "100%", "value": fig["pir"].text(none), "result": _rate_result(fig["pir"], 100)},
        {"measure": "Risk assessment reviewed after the episode, for every child who went missing",
         "target": "Every child", "value": fig["reviews"].text(none),
         "result": _rate_result(fig["reviews"], 100)},
        {"measure": "Reg 40 decision recorded for every episode",
         "target": "Every episode",
         "value": (f"{fig['reg40_decided']} of {fig['episodes']} ({fig['reg40_notified']} notified to Ofsted)"
                   if fig["episodes"] else "No episodes"),
         "result": _result(fig["reg40_decided"] == fig["episodes"]) if fig["episodes"] else "-"},
    ]
    escalations = fig["escalations"]
    rows.append({
        "measure": f"Escalation review for every child with {lim['escalation_episodes_per_month']} or more "
                   "episodes in the month",
        "target": "Every such child",
        "value": ("No child had that many" if not escalations.counted + escalations.pending
                  else escalations.text(none)),
        "result": _rate_result(escalations, 100),
    })
    return rows


def _trend_cells(fig: dict) -> dict[str, str]:
    dash = "-"
    return {
        "Episodes": str(fig["episodes"]),
        "Children who went missing": str(fig["children"]),
        "Median duration": minutes_text(fig["median_minutes"]) if fig["median_minutes"] is not None else dash,
        "Average duration": minutes_text(fig["mean_minutes"]) if fig["mean_minutes"] is not None else dash,
        "Average time to police call": minutes_text(fig["police_minutes"]) if fig["police_minutes"] is not None else dash,
        "Average time to social care": minutes_text(fig["social_minutes"]) if fig["social_minutes"] is not None else dash,
        "Interviews offered": fig["rhi_offered"].text(dash),
        "Interviews held (of offers)": fig["rhi_held"].text(dash),
        "Post-incident reviews on time": fig["pir"].text(dash),
        "Reg 40 decisions recorded": f"{fig['reg40_decided']} of {fig['episodes']}" if fig["episodes"] else dash,
        "Notified to Ofsted": str(fig["reg40_notified"]) if fig["episodes"] else dash,
    }


def short_date(day: date, year: int) -> str:
    """'Sun 8 Nov', with the year only when it is not the dashboard's year."""
    text = f"{day:%a} {day.day} {day:%b}"
    return text if day.year == year else f"{text} {day.year}"


def short_datetime(moment: datetime, year: int) -> str:
    """'Sun 8 Nov 18:45' (the year only when it is not the dashboard's year)."""
    return f"{short_date(moment.date(), year)} {moment:%H:%M}"


def _missing_text(ep: dict, year: int) -> str:
    start = short_datetime(ep["confirmed_missing_at"], year)
    back = ep.get("returned_at")
    if back is None:
        return f"From {start}\nSTILL MISSING"
    return f"From {start}\nBack {short_datetime(back, year)}\n({minutes_text(_minutes(duration(ep)))})"


def _rhi_text(ep: dict, lim: dict, today: date, year: int) -> str:
    back = ep.get("returned_at")
    if back is None:
        return "After the return"
    rhi = section(ep, "return_home_interview")
    if not rhi.get("offered_at"):
        due = hours_after(back, lim["rhi_offer_within_hours"])
        return "NOT OFFERED" if _passed(due, today) else f"Not offered yet: due by {short_datetime(due, year)}"
    text = f"Offered {short_datetime(rhi['offered_at'], year)}"
    if rhi.get("completed_at"):
        return f"{text}\nHeld {short_datetime(rhi['completed_at'], year)}"
    if rhi.get("outcome") == "declined":
        reason = rhi.get("declined_reason")
        return f"{text}\nDeclined" + (f": {reason}" if reason else " (no reason recorded)")
    due = hours_after(back, lim["rhi_within_hours"])
    if _passed(due, today):
        return f"{text}\nNOT HELD (was due {short_datetime(due, year)})"
    return f"{text}\nNot held yet: due by {short_datetime(due, year)}"


def _pir_text(ep: dict, lim: dict, today: date, year: int) -> str:
    back = ep.get("returned_at")
    if back is None:
        return "After the return"
    days = lim["post_incident_review_working_days"]
    due = add_working_days(back.date(), days)
    done = ep.get("post_incident_review_on")
    if done is None:
        return (f"NOT DONE (was due {short_date(due, year)})" if _passed(due, today)
                else f"Not yet: due by {short_date(due, year)}")
    if done <= due:
        return f"{short_date(done, year)} (on time)"
    late = 0
    day = due
    while day < done:
        day = add_working_days(day, 1)
        late += 1
    return f"{short_date(done, year)}: {late} working day{'s' if late != 1 else ''} late (due {short_date(due, year)})"


REG40_WORDS = {"notified": "Notified Ofsted", "not_notified": "Not notified"}


def dashboard_context(home: HomeData, month: date) -> dict:
    """Everything the dashboard for ``month`` (any day in it) shows, as display text and chart data."""
    month = month_start(month)
    lim = limits_of(home.config)
    today = home.today
    fig = month_figures(home, month)
    label = month_label(month)
    pairs = fig["pairs"]
    year = month.year

    months = [add_months(month, -i) for i in range(TREND_MONTHS - 1, -1, -1)]
    cells = [_trend_cells(month_figures(home, m)) for m in months]
    trend_rows = [{"measure": measure, "cells": [c[measure] for c in cells]} for measure in cells[0]]

    chart_months = [add_months(month, -i) for i in range(CHART_MONTHS - 1, -1, -1)]
    counts = [len(episodes_in(home, m)) for m in chart_months]
    grid = [[0] * 24 for _ in range(7)]
    for m in chart_months:
        for _, ep in episodes_in(home, m):
            moment = started_at(ep)
            grid[moment.weekday()][moment.hour] += 1

    episodes = []
    for child, ep in pairs:
        police = section(ep, "police")
        called = police.get("called_at")
        episodes.append({
            "name": _name(child),
            "risk": f"{ep['risk_level'].capitalize()} risk",
            "missing": _missing_text(ep, year),
            "police": (minutes_text(max(0.0, _minutes(elapsed(ep["confirmed_missing_at"], called))))
                       + (f" ({police['number']})" if police.get("number") else "")) if called else "NOT RECORDED",
            "rhi": _rhi_text(ep, lim, today, year),
            "pir": _pir_text(ep, lim, today, year),
        })
    reg40_log = []
    for child, ep in pairs:
        reg40 = section(ep, "reg40")
        reg40_log.append({
            "name": _name(child),
            "episode": short_datetime(ep["confirmed_missing_at"], year),
            "decision": REG40_WORDS[reg40["decision"]] if reg40 else "NO DECISION RECORDED",
            "decided_on": f"on {short_date(reg40['decided_on'], year)}" if reg40 else "",
            "reason": reg40.get("reason") or "",
            "reference": reg40.get("ofsted_reference") or ("Not recorded" if reg40.get("decision") == "notified" else ""),
        })

    partial = month <= today <= month_end(month)
    return {
        "meta": meta(home, TITLE, label),
        "home": home_summary(home.config),
        "limits": limits(home.config),
        "month": {
            "label": label,
            "short": _short(month),
            "iso": f"{month:%Y-%m}",
            "partial": "yes" if partial else "",
            "to": british_date(today) if partial else british_date(month_end(month)),
        },
        "headline": {
            "episodes": str(fig["episodes"]),
            "children": str(fig["children"]),
            "open": str(fig["open"]) if fig["open"] else "None",
        },
        "targets": _targets(fig, lim),
        "trend": {"months": [_short(m) for m in months], "rows": trend_rows},
        "episodes_chart": {"labels": [_short(m) for m in chart_months], "values": counts},
        "when_chart": {"rows": [d[:3] for d in WEEKDAYS], "columns": [f"{h:02d}" for h in range(24)],
                       "values": grid},
        "episodes": episodes,
        "children": fig["child_rows"],
        "reg40_log": reg40_log,
    }


# --------------------------------------------------------------------------
# Writing the files
# --------------------------------------------------------------------------


def dashboard_stem(month: date) -> str:
    return f"dashboard-{month:%Y-%m}"


def dashboard_document(home: HomeData, month: date) -> Document:
    """The dashboard for ``month`` as a document to write (OUT/dashboard/dashboard-YYYY-MM.{docx,pdf})."""
    month = month_start(month)
    context = dashboard_context(home, month)
    return Document(kind="dashboard", young_person=None, folder="dashboard", stem=dashboard_stem(month),
                    title=f"{TITLE}: {month_label(month)}", subject=TITLE, context=context, layout=LAYOUT,
                    template="dashboard.docx")


KIND = DocumentKind(name="dashboard", title=TITLE, scope="home", template="dashboard.docx", layout=LAYOUT,
                    on_demand="mfc-docs dashboard")
