"""The home's missing-from-care procedure: one per home, reviewed at least once a year.

This is the home's missing child policy (Children's Homes (England)
Regulations 2015, reg. 34(4)). It says how staff prevent missing episodes,
spot the warning signs, grade the risk, respond in the first minutes, report
to the police, escalate, welcome the child back, arrange the return home
interview, review the episode, decide on a Reg 40 notification and record it
all, and how the manager oversees the whole. It ends with training, local
notes and document control.

Everything specific to the home comes from ``home_config.yaml``: its
checklists, risk levels, training and local notes, and every time limit
(``limits.*``), so a home whose protocol says "return home interview offered
within 24 hours" prints 24 everywhere. Lists of fixed wording that mention a
time limit are written with ``{placeholders}`` and filled like the home's own
checklist steps.
"""

from __future__ import annotations

from typing import Any, Iterable

from .context import contact, home_summary, meta, risk_summary, shown, professional
from ..rules.dates import british_date
from ..rules.review_cycles import procedure_review_due
from ..input.home_data import HomeData
from ..rules.placeholders import fill, placeholder_values
from ..input.checks import rhi_provider_of
from .base import Document, DocumentKind
from .procedure_layout import LAYOUT, SECTIONS
from .procedure_wording import (DASHBOARD, DEFINITIONS, ESCALATION, FIRST_MINUTES, LAW, NOTIFY, OVERSIGHT,
                                POLICE_PACK, RECORDING, RHI)

TITLE = "Missing-from-care procedure"


def _contacts_in_full(config: dict) -> list[dict[str, str]]:
    """Every contact the home has recorded, with every detail (email, web, hours, notes)."""
    from .key_contacts import GROUPS

    rows = [professional(label, config[section].get(key)) for _, entries in GROUPS
            for section, key, label in entries if config[section].get(key)]
    if config["managers"].get("safeguarding_lead"):
        rows.append(professional("Safeguarding lead", config["managers"]["safeguarding_lead"]))
    rows += [professional(other.get("role") or other["name"], other) for other in config["contacts"].get("others") or []]
    return rows


def build(home: HomeData) -> list[Document]:
    config = home.config
    procedure = config["procedure"]
    values = placeholder_values(config)
    summary = home_summary(config)
    risk_levels = [_risk_level(config, level) for level in ("high", "medium", "low")]
    floor = config["police"].get("looked_after_minimum_risk")
    risk_floor = (f"Under the local protocol, {summary['police_force']} grades a looked-after child reported missing "
                  f"as at least {floor} risk." if floor else
                  "There is no national rule that a looked-after child is graded at least medium risk; the grading "
                  "depends on the child and the circumstances.")
    words = {**values, "police_emergency": summary["police_emergency"], "risk_floor": risk_floor,
             "host_local_authority": summary["host_local_authority"],
             "say_when_reporting": summary["say_when_reporting"],
             "police_calls": " ".join(f"{r['word']} risk: {r['police_call'].rstrip('.')}." for r in risk_levels)}
    next_review = procedure_review_due(procedure, values)
    version = procedure["version"]
    context = {
        "meta": meta(home, TITLE, "", version),
        "home": summary,
        "limits": values,
        "procedure": {
            "version": version,
            "owner": procedure["owner"],
            "approved_by": procedure["approved_by"],
            "approved_on": british_date(procedure["approved_on"]),
            "next_review": british_date(next_review),
            "local_notes": list(procedure.get("local_notes") or []),
        },
        "overdue": (f"This procedure was due for review on {british_date(next_review)}. The owner must review it, "
                    "then update the version, approval date and next review date."
                    if next_review < home.today else ""),
        "definitions": {**{key: fill(text, words) for key, text in DEFINITIONS.items()},
                        "local": config["police"].get("local_definition")
                        or f"{summary['local_protocol']} uses the police definition above."},
        "rhi_providers": [_rhi_row(child, config) for child in home.children],
        "contents": [f"{number}. {title}" for number, title in enumerate(SECTIONS, start=1)],
        "law": list(LAW),
        "first_minutes": _filled(FIRST_MINUTES, words),
        "checklists": _checklists(config, values),
        "risk_levels": risk_levels,
        "police_pack": {key: fill(text, words) for key, text in POLICE_PACK.items()},
        "escalation": [{"trigger": fill(when, words), "action": fill(what, words)} for when, what in ESCALATION],
        "rhi_provider": contact(config["contacts"].get("rhi_provider")),
        "rhi": _filled(RHI, words),
        "notify": [{"who": who, "when": fill(when, words), "by": by} for who, when, by in NOTIFY],
        "ofsted": contact(config["contacts"].get("ofsted")),
        "recording": list(RECORDING),
        "oversight": _filled(OVERSIGHT, words),
        "dashboard": _filled(DASHBOARD, words),
        "training": [{"topic": t["topic"], "who": t["who"], "when": t["when"]} for t in config.get("training") or []],
        "contacts_in_full": _contacts_in_full(config),
        "report_commands": [{"name": child.known_as,
                             "command": f"mfc-docs report {child.id}"} for child in home.children],
    }
    return [Document(
        kind=KIND.name, young_person=None, folder="home", stem="missing-from-care-procedure",
        title=f"{TITLE}: {summary['name']}", subject=TITLE, context=context, layout=LAYOUT,
        template=KIND.template,
    )]


def _rhi_row(child, config: dict) -> dict[str, str]:
    """Each child's return home interview provider: their placing authority's when placed from another area."""
    provider = rhi_provider_of(child.data, config)
    placed_by = child.data["placement"]["placing_authority"]
    if provider:
        line = contact(provider)["line"]
    else:
        line = (f"Arranged by {placed_by}: provider not recorded yet. Ask the social worker, and add it to the "
                "child's file (placement.rhi_provider).")
    return {"name": child.known_as, "placed_by": placed_by,
            "provider": line}


def _risk_level(config: dict, level: str) -> dict[str, Any]:
    """context.risk_summary, plus its two lists as one table row of bulleted lines (signs beside response)."""
    summary = risk_summary(config, level)
    bulleted = lambda lines: "\n".join(f"\u2022 {line}" for line in lines)  # noqa: E731
    summary["side_by_side"] = [{"criteria": bulleted(summary["criteria"]), "response": bulleted(summary["response"])}]
    return summary


def _filled(lines: Iterable[str], values: dict[str, Any]) -> list[str]:
    return [fill(line, values) for line in lines]


def _checklists(config: dict, values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every checklist of the home with its {placeholders} filled: steps as action/who/when, items as ``entries``."""
    result = {}
    for key, checklist in config["checklists"].items():
        result[key] = {
            "title": fill(checklist["title"], values),
            "intro": fill(shown(checklist.get("intro"), ""), values),
            "steps": [{part: fill(step[part], values) for part in ("action", "who", "when")}
                      for step in checklist.get("steps") or []],
            "entries": _filled(checklist.get("items") or [], values),  # not "items": dict.items
        }
    return result


KIND = DocumentKind(name="procedure", title=TITLE, scope="home", template="procedure.docx",
                    layout=LAYOUT, build=build)
