"""Building blocks for the cerberus schemas.

Schemas are plain dicts so they can be read, diffed and documented. Every field
carries ``meta.help`` (one sentence for the data-format reference) and, where
useful, ``meta.example``. Conversion rules (``coerce``) and checks
(``check_with``) are named here and implemented once in ``mfc_docs.input.validation``.
"""

from __future__ import annotations

from typing import Any

Schema = dict[str, dict[str, Any]]


def _field(rule: dict[str, Any], required: bool, help: str, example: str | None, default: Any = None) -> dict[str, Any]:
    rule = dict(rule)
    rule["required"] = required
    if not required and default is None:
        rule["nullable"] = True
    if default is not None:
        rule["default"] = default  # not nullable: a key left empty ("marking:") takes the default, as a missing one
    rule["meta"] = {"help": help, **({"example": example} if example is not None else {})}
    return rule


def text(help: str, *, required: bool = False, example: str | None = None, default: str | None = None) -> dict[str, Any]:
    """Free text, kept exactly as written."""
    return _field({"type": "string", "empty": False}, required, help, example, default)


def wording(help: str, *, required: bool = False, example: str | None = None) -> dict[str, Any]:
    """Text of the home's own that may use {placeholders} naming a time limit, checked when it is read."""
    return _field({"type": "string", "empty": False, "check_with": "wording"}, required, help, example)


def colour(help: str, *, default: str, example: str | None = None) -> dict[str, Any]:
    """A colour written #RRGGBB."""
    return {**_field({"type": "string", "empty": False, "check_with": "colour"}, False, help, example or default, default),
            "nullable": False}


def list_of_wording(help: str, *, required: bool = False, min_items: int | None = None) -> dict[str, Any]:
    return list_of(help, {"type": "string", "empty": False, "check_with": "wording"}, required=required,
                   min_items=min_items)


def date(help: str, *, required: bool = False, example: str | None = None) -> dict[str, Any]:
    """A calendar date written YYYY-MM-DD."""
    return _field({"type": "date", "coerce": "date"}, required, help, example or "2026-11-24")


def datetime_(help: str, *, required: bool = False, example: str | None = None) -> dict[str, Any]:
    """A date and time written YYYY-MM-DD HH:MM (24-hour clock)."""
    return _field({"type": "datetime", "coerce": "datetime"}, required, help, example or "2026-11-23 22:15")


def whole_number(help: str, *, required: bool = False, minimum: int = 0, maximum: int | None = None,
                 default: int | None = None, example: str | None = None) -> dict[str, Any]:
    rule: dict[str, Any] = {"type": "integer", "coerce": "integer", "min": minimum}
    if maximum is not None:
        rule["max"] = maximum
    return _field(rule, required, help, example, default)


def yes_no(help: str, *, required: bool = False, default: bool | None = None) -> dict[str, Any]:
    """yes or no (also true/false), converted to a boolean."""
    return _field({"type": "boolean", "coerce": "yes_no"}, required, help, "yes", default)


def choice(help: str, values: list[str], *, required: bool = False, default: str | None = None) -> dict[str, Any]:
    """One word from a fixed list, compared without regard to case."""
    return _field({"type": "string", "coerce": "lower", "allowed": values}, required, help, values[0], default)


def phone(help: str, *, required: bool = False, example: str | None = None) -> dict[str, Any]:
    """A UK phone number (or international with +), kept exactly as written."""
    return _field({"type": "string", "empty": False, "check_with": "phone"}, required, help, example or "07700 900123")


def email(help: str = "Email address.", *, required: bool = False) -> dict[str, Any]:
    return _field({"type": "string", "empty": False, "check_with": "email"}, required, help, "name@example.org")


def file_path(help: str, *, required: bool = False, example: str | None = None) -> dict[str, Any]:
    """A file name, relative to the YAML file that names it."""
    return _field({"type": "string", "empty": False, "check_with": "relative_path"}, required, help, example)


def record(help: str, fields: Schema, *, required: bool = False, default: dict | None = None) -> dict[str, Any]:
    """A section of named fields. ``default={}`` lets a whole section be left out and take its fields' defaults."""
    return _field({"type": "dict", "schema": fields}, required, help, None, default)


def list_of(help: str, item: dict[str, Any], *, required: bool = False, min_items: int | None = None) -> dict[str, Any]:
    """A list written with '- ' items."""
    rule: dict[str, Any] = {"type": "list", "schema": item}
    if min_items:
        rule["minlength"] = min_items
    return _field(rule, required, help, None)


def list_of_text(help: str, *, required: bool = False, min_items: int | None = None) -> dict[str, Any]:
    return list_of(help, {"type": "string", "empty": False}, required=required, min_items=min_items)


def list_of_records(help: str, fields: Schema, *, required: bool = False, min_items: int | None = None) -> dict[str, Any]:
    return list_of(help, {"type": "dict", "schema": fields}, required=required, min_items=min_items)


def contact_fields(*, name_required: bool = False, phone_required: bool = False) -> Schema:
    """A person or service to call. A contact with no phone yet is shown as a gap to fill."""
    return {
        "name": text("Name of the person or service.", required=name_required, example="Dana Whitlock"),
        "role": text("Their role, e.g. 'Registered Manager' or 'Allocated social worker'."),
        "organisation": text("Organisation they work for."),
        "phone": phone("Main phone number, printed exactly as written.", required=phone_required),
        "out_of_hours_phone": phone("Number to use evenings, nights and weekends, if different."),
        "email": email(),
        "website": text("Web address, for services contacted online.", example="https://www.example.org/report"),
        "hours": text("When they can be reached, e.g. '24 hours' or 'Mon-Fri 9:00-17:00'."),
        "notes": text("Anything staff must know before calling."),
    }


def contact(help: str, *, required: bool = False, name_required: bool = False, phone_required: bool = False) -> dict[str, Any]:
    return record(help, contact_fields(name_required=name_required, phone_required=phone_required), required=required)
