"""The Registered Manager's monthly oversight dashboard (also for Reg 44 visits and the Reg 45 report).

One document per calendar month, made on demand (``mfc-docs dashboard --month
2026-11``), not by ``mfc-docs build``. It compares the month with the months
before, against the home's targets, and carries the month's Reg 40 log.

This module says what the dashboard contains; every figure is counted in
``rules/statistics.py`` (how each one is counted is written there), from the same
duties ``mfc-docs check`` lists, so the two agree for every month.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from .context import home_summary, meta
from ..rules.dates import add_months, add_working_days, british_date, clock_name, instant, is_repeated
from ..rules.deadlines import Duty, limits_of
from ..rules.placeholders import phrases, placeholder_values
from ..rules.statistics import (  # noqa: F401  (parse_month and previous_month: the CLI's month option)
    MonthFigures, Rate, episodes_in, month_end, month_figures, month_start, parse_month, percent, police_minutes,
    previous_month,
)
from ..input.episodes import WEEKDAYS, began_at, duration, section, started_at
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
    Text("An interview, review or decision is counted once it is done or its deadline has passed, and is met only "
         "when done in time; \u201cNothing due yet\u201d means no deadline of the month has passed. Time to the "
         "police is counted from {{ limits.police_clock_words }}.", "small"),
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
        ("Police told after", "row.police"),
        ("Return home interview", "row.rhi"),
        ("Post-incident review", "row.pir"),
    ), widths=(2.2, 3.6, 1.8, 3, 2.6), empty="No missing episodes this month."),
    Heading("6. Children who went missing: reviews and escalation", 2),
    Table("children", (
        ("Child", "row.name"),
        ("Episodes this month", "row.count"),
        ("Risk assessment reviewed after the last episode of the month", "row.reviewed"),
        ("Escalation review ({{ limits.repeat_missing_rule }})", "row.escalation"),
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
# Words for the figures
# --------------------------------------------------------------------------


def month_label(month: date) -> str:
    return f"{month:%B} {month.year}"


def _short(month: date) -> str:
    return f"{month:%b} {month.year}"


def minutes_text(minutes: float | None) -> str:
    """'18 min', '5 h 07 min' (rounded to the nearest minute, halves up)."""
    if minutes is None:
        return "Not recorded"
    whole = int(minutes + 0.5)
    hours, mins = divmod(whole, 60)
    return f"{hours} h {mins:02d} min" if hours else f"{mins} min"


def rate_text(rate: Rate, none: str) -> str:
    """'67% (2 of 3)', with the late ones said: done late is not met."""
    if not rate.counted:
        return none
    text = f"{percent(rate.met, rate.counted)}% ({rate.met} of {rate.counted})"
    if rate.late:
        text += f"; {rate.late} late"
    return text


def _name(child: Child) -> str:
    return child.known_as


def _result(met: bool | None) -> str:
    return {True: "Met", False: "NOT MET", None: "-"}[met]


def _rate_result(rate: Rate, target: int) -> str:
    """Met when those done in time are at least ``target`` percent of those counted (compared exactly)."""
    if not rate.counted:
        return "-"
    return _result(rate.met * 100 >= target * rate.counted)


def _targets(fig: MonthFigures, lim: dict) -> list[dict]:
    none = "No episodes" if not fig.episodes else "Nothing due yet"
    words = phrases(lim)
    police_value = minutes_text(fig.police_minutes) if fig.police_minutes is not None else (
        "No episodes" if not fig.episodes else "Not recorded")
    if fig.police_from_other_clock:
        fallback = ("confirming missing: the time found gone" if lim.get("police_clock") != "confirmation"
                    else "finding the child gone: the time confirmed missing")
        police_value += f" ({fig.police_from_other_clock} of them from {fallback} was not recorded)"
    held = fig.rate("rhi")
    rows = [
        {"measure": f"Average time from {words['police_deadline'].split(' of ', 1)[1]} to telling the police",
         "target": f"Under {lim['police_within_minutes']} minutes", "value": police_value,
         "result": "-" if fig.police_minutes is None else _result(fig.police_minutes < lim["police_within_minutes"])},
        {"measure": f"Police told {words['police_deadline']}",
         "target": "Every episode", "value": rate_text(fig.police_in_time, none),
         "result": _rate_result(fig.police_in_time, 100)},
        {"measure": "Average time from the child being found gone to telling the social worker or EDT",
         "target": "At once",
         "value": minutes_text(fig.social_minutes) if fig.social_minutes is not None else
         ("No episodes" if not fig.episodes else "Not recorded"),
         "result": "-"},
        {"measure": f"Return home interview offered {words['rhi_offer_deadline']}",
         "target": "100%", "value": rate_text(fig.rate("rhi_offer"), none),
         "result": _rate_result(fig.rate("rhi_offer"), 100)},
        {"measure": f"Return home interviews held {words['rhi_deadline']}, out of those offered"
                    + (f" ({held.settled} declined)" if held.settled else ""),
         "target": "80% or more", "value": rate_text(held, none), "result": _rate_result(held, 80)},
        {"measure": f"Post-incident reviews {words['pir_deadline']}",
         "target": "100%", "value": rate_text(fig.rate("post_incident_review"), none),
         "result": _rate_result(fig.rate("post_incident_review"), 100)},
        {"measure": f"Risk assessment reviewed after each episode, within "
                    f"{lim['post_incident_review_working_days']} working days of the return",
         "target": "Every episode", "value": rate_text(fig.rate("risk_assessment_after_episode"), none),
         "result": _rate_result(fig.rate("risk_assessment_after_episode"), 100)},
        {"measure": "Reg 40 decision recorded for every episode",
         "target": "Every episode",
         "value": (f"{fig.reg40_decided} of {fig.episodes} ({fig.reg40_notified} notified to Ofsted)"
                   if fig.episodes else "No episodes"),
         "result": _result(fig.reg40_decided == fig.episodes) if fig.episodes else "-"},
    ]
    escalations = fig.rate("escalation_review")
    rows.append({
        "measure": f"Escalation review, in time, whenever a child had {words['repeat_missing_rule']}",
        "target": "Every time",
        "value": ("No child had that many" if not escalations.counted + escalations.pending
                  else rate_text(escalations, none)),
        "result": _rate_result(escalations, 100),
    })
    return rows


def _trend_cells(fig: MonthFigures) -> dict[str, str]:
    dash = "-"
    return {
        "Episodes": str(fig.episodes),
        "Children who went missing": str(fig.children),
        "Median duration": minutes_text(fig.median_minutes) if fig.median_minutes is not None else dash,
        "Average duration": minutes_text(fig.mean_minutes) if fig.mean_minutes is not None else dash,
        "Average time to tell the police": minutes_text(fig.police_minutes) if fig.police_minutes is not None else dash,
        "Average time to social care": minutes_text(fig.social_minutes) if fig.social_minutes is not None else dash,
        "Interviews offered in time": rate_text(fig.rate("rhi_offer"), dash),
        "Interviews held in time (of offers)": rate_text(fig.rate("rhi"), dash),
        "Post-incident reviews on time": rate_text(fig.rate("post_incident_review"), dash),
        "Reg 40 decisions recorded": f"{fig.reg40_decided} of {fig.episodes}" if fig.episodes else dash,
        "Notified to Ofsted": str(fig.reg40_notified) if fig.episodes else dash,
    }


def short_date(day: date, year: int) -> str:
    """'Sun 8 Nov', with the year only when it is not the dashboard's year."""
    text = f"{day:%a} {day.day} {day:%b}"
    return text if day.year == year else f"{text} {day.year}"


def short_datetime(moment: datetime, year: int) -> str:
    """'Sun 8 Nov 18:45' (the year only when it is not the dashboard's year); 'GMT' or 'BST' in the repeated hour."""
    text = f"{short_date(moment.date(), year)} {moment:%H:%M}"
    return f"{text} {clock_name(moment)}" if is_repeated(moment) else text


def _when(moment: date | datetime, year: int) -> str:
    return short_datetime(moment, year) if isinstance(moment, datetime) else short_date(moment, year)


def _missing_text(ep: dict, year: int) -> str:
    start = short_datetime(began_at(ep), year)
    back = ep.get("returned_at")
    if back is None:
        return f"From {start}\nSTILL MISSING"
    return f"From {start}\nBack {short_datetime(back, year)}\n({minutes_text(duration(ep).total_seconds() / 60)})"


def _working_days_late(due: date, done: date) -> int:
    late, day = 0, due
    while day < done:
        day = add_working_days(day, 1)
        late += 1
    return late


def _duty_text(duty: Duty | None, today: date, year: int, done_word: str, missing_word: str) -> str:
    """'Held Mon 5 Oct 15:00', '... late (was due ...)', 'NOT HELD (was due ...)', 'Not yet: due by ...'."""
    if duty is None:
        return "After the return"
    if duty.done is not None:
        text = f"{done_word} {_when(duty.done, year)}"
        if duty.late:
            if isinstance(duty.due, date) and not isinstance(duty.due, datetime):
                late = _working_days_late(duty.due, duty.done)
                text += f": {late} working day{'s' if late != 1 else ''} late (due {_when(duty.due, year)})"
            else:
                text += f": LATE (was due by {_when(duty.due, year)})"
        elif not isinstance(duty.done, datetime):
            text += " (on time)"
        return text
    if duty.passed(today):
        return f"{missing_word} (was due {_when(duty.due, year)})"
    return f"Not yet: due by {_when(duty.due, year)}"


def _rhi_text(duties: dict[str, Duty], ep: dict, today: date, year: int) -> str:
    offer = duties.get("rhi_offer")
    if offer is None:
        return "After the return"
    if offer.done is None:
        return _duty_text(offer, today, year, "Offered", "NOT OFFERED").replace("Not yet: due", "Not offered yet: due")
    text = _duty_text(offer, today, year, "Offered", "NOT OFFERED")
    held = duties.get("rhi")
    if held is not None and held.settled:
        reason = section(ep, "return_home_interview").get("declined_reason")
        return f"{text}\nDeclined" + (f": {reason}" if reason else " (no reason recorded)")
    return f"{text}\n" + _duty_text(held, today, year, "Held", "NOT HELD").replace("Not yet: due", "Not held yet: due")


REG40_WORDS = {"notified": "Notified Ofsted", "not_notified": "Not notified"}


def dashboard_context(home: HomeData, month: date) -> dict:
    """Everything the dashboard for ``month`` (any day in it) shows, as display text and chart data."""
    month = month_start(month)
    lim = {**limits_of(home.config), **phrases(limits_of(home.config))}
    today = home.today
    fig = month_figures(home, month)
    label = month_label(month)
    pairs = fig.pairs
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
        minutes = police_minutes(ep, lim)
        duties = {duty.kind: duty for duty in fig.duties.get(id(ep), [])}
        late = minutes is not None and minutes > lim["police_within_minutes"]
        episodes.append({
            "name": _name(child),
            "risk": f"{ep['risk_level'].capitalize()} risk",
            "missing": _missing_text(ep, year),
            "police": (minutes_text(minutes) + (f" ({police['number']})" if police.get("number") else "")
                       + (": LATE" if late else "")) if minutes is not None else "NOT RECORDED",
            "rhi": _rhi_text(duties, ep, today, year),
            "pir": _duty_text(duties.get("post_incident_review"), today, year, "", "NOT DONE").strip(),
        })

    child_rows = []
    for child_id in dict.fromkeys(child.id for child, _ in pairs):
        child = next(c for c, _ in pairs if c.id == child_id)
        eps = [ep for c, ep in pairs if c.id == child_id]
        returned = [ep for ep in eps if ep.get("returned_at")]
        if not returned:
            reviewed = "Still missing"
        else:
            last = returned[-1]
            duty = next((d for d in fig.duties.get(id(last), []) if d.kind == "risk_assessment_after_episode"), None)
            reviewed = _duty_text(duty, today, year, "Reviewed", "NOT REVIEWED").replace("Not yet: due", "Not yet: due")
        escalation = "\n".join(
            _duty_text(duty, today, year, "Held", "NOT HELD") + f"; {len(trigger.episodes)} episodes from "
            f"{short_date(began_at(trigger.episodes[0]).date(), year)}"
            for c, trigger, duty in fig.escalations if c.id == child_id) or "Not needed"
        child_rows.append({"name": _name(child), "count": str(len(eps)), "reviewed": reviewed,
                           "escalation": escalation})

    reg40_log = []
    for child, ep in pairs:
        reg40 = section(ep, "reg40")
        reg40_log.append({
            "name": _name(child),
            "episode": short_datetime(began_at(ep), year),
            "decision": REG40_WORDS[reg40["decision"]] if reg40 else "NO DECISION RECORDED",
            "decided_on": f"on {short_date(reg40['decided_on'], year)}" if reg40 else "",
            "reason": reg40.get("reason") or "",
            "reference": reg40.get("ofsted_reference") or ("Not recorded" if reg40.get("decision") == "notified" else ""),
        })

    partial = month <= today <= month_end(month)
    return {
        "meta": meta(home, TITLE, label),
        "home": home_summary(home.config),
        "limits": {**placeholder_values(home.config), "police_clock_words": phrases(limits_of(home.config))[
            "police_deadline"].split(" of ", 1)[1]},
        "month": {
            "label": label,
            "short": _short(month),
            "iso": f"{month:%Y-%m}",
            "partial": "yes" if partial else "",
            "to": british_date(today) if partial else british_date(month_end(month)),
        },
        "headline": {
            "episodes": str(fig.episodes),
            "children": str(fig.children),
            "open": str(fig.open),
        },
        "targets": _targets(fig, lim),
        "trend": {"months": [_short(m) for m in months], "rows": trend_rows},
        "episodes_chart": {"labels": [_short(m) for m in chart_months], "values": counts},
        "when_chart": {"rows": [d[:3] for d in WEEKDAYS], "columns": [f"{h:02d}" for h in range(24)],
                       "values": grid},
        "episodes": episodes,
        "children": child_rows,
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
