"""When each thing is next due, from the home's review cycles: one place for every rule.

``validate`` warns from these dates, ``check`` lists them, and the documents print
them (next review due, caution boxes), so all three always agree.
"""

from __future__ import annotations

from datetime import date, timedelta

from .dates import add_days, add_months
from ..input.schema.home import HOME_SCHEMA

# The defaults of home_config.yaml's review_cycles and time_limits, for a child checked while the
# home's own file is broken (the schema owns the numbers).
DEFAULT_CYCLES: dict[str, int] = {
    name: rule["default"]
    for section in ("review_cycles", "time_limits")
    for name, rule in HOME_SCHEMA[section]["schema"].items()
}


def limits_of(config: dict | None) -> dict[str, int]:
    """The home's review cycles and time limits, or the defaults when its file could not be read."""
    if not config:
        return dict(DEFAULT_CYCLES)
    return {**DEFAULT_CYCLES, **config.get("time_limits", {}), **config.get("review_cycles", {})}


def risk_review_due(assessment: dict, cycles: dict[str, int]) -> date:
    """The next review date written in the file, or the last review plus the cycle."""
    return assessment.get("next_review") or add_days(assessment["last_reviewed"], cycles["risk_assessment_days"])


def police_check_due(assessment: dict, cycles: dict[str, int]) -> date:
    return add_days(assessment["police_information_reviewed"], cycles["police_information_days"])


def photo_due(photo: dict, cycles: dict[str, int]) -> date:
    """The day the photo becomes too old to hand to the police."""
    return add_months(photo["taken_on"], cycles["photo_max_age_months"])


def contacts_check_due(contacts: dict, cycles: dict[str, int]) -> date:
    return add_months(contacts["last_checked"], cycles["contacts_check_months"])


def procedure_review_due(procedure: dict, cycles: dict[str, int]) -> date:
    """The next review written in the file, or approval plus the cycle (at most a year)."""
    return procedure.get("next_review") or add_months(procedure["approved_on"], cycles["procedure_review_months"])


def latest_procedure_review(procedure: dict, cycles: dict[str, int]) -> date:
    """The latest a review may be set: approval plus the cycle."""
    return add_months(procedure["approved_on"], cycles["procedure_review_months"])
