"""Check one loaded file against its schema and say, in plain English, what is wrong.

cerberus does the checking; this module supplies the conversions the schemas
name (dates, whole numbers, yes/no), the checks (UK phone numbers, emails,
file names) and turns cerberus's errors into messages that point at the line
and column the manager wrote and say how to fix it.
"""

from __future__ import annotations

import calendar
import dataclasses
import difflib
import re
import unicodedata
from datetime import date, datetime
from typing import Any

import cerberus
from cerberus import errors as ce
from cerberus.schema import DefinitionSchema

from .loading import LoadedFile
from ..problems import KeyPath, Problem, character_name, format_key_path

_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DMY = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{2,4})")
_DATETIME = re.compile(r"(\d{4}-\d{1,2}-\d{1,2})[ T](\d{1,2})[:.](\d{2})")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_EXTENSION = re.compile(r"\s*(?:ext\.?|extension|x)\s*\d+\s*$", re.IGNORECASE)
_SHORT_NUMBERS = {"999", "112", "101", "111", "105", "119"}


def parse_date(value: str) -> date:
    """YYYY-MM-DD to a date; the error message says what is wrong and what to write."""
    value = value.strip()
    match = _DATE.fullmatch(value)
    if not match:
        dmy = _DMY.fullmatch(value)
        if dmy:
            day, month, year = dmy.groups()
            if len(year) == 4:
                raise ValueError(f"'{value}' must be written year-month-day: {year}-{int(month):02d}-{int(day):02d}")
        raise ValueError(f"'{value}' is not a date written as YYYY-MM-DD (for example 2026-03-14)")
    year, month, day = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        raise ValueError(f"'{value}' has month {month}; months go from 01 to 12 (the format is YYYY-MM-DD)")
    days_in_month = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days_in_month:
        raise ValueError(
            f"'{value}' is not a real date: {calendar.month_name[month]} {year} has {days_in_month} days"
        )
    return date(year, month, day)


def parse_datetime(value: str) -> datetime:
    """YYYY-MM-DD HH:MM (24-hour clock) to a datetime."""
    value = value.strip()
    match = _DATETIME.fullmatch(value)
    if not match:
        raise ValueError(f"'{value}' is not a date and time written as YYYY-MM-DD HH:MM (for example 2026-11-23 22:15)")
    day = parse_date(match.group(1))
    hour, minute = int(match.group(2)), int(match.group(3))
    if hour > 23 or minute > 59:
        raise ValueError(f"'{value}' has the time {hour}:{minute:02d}, which does not exist on a 24-hour clock")
    return datetime(day.year, day.month, day.day, hour, minute)


def phone_problem(value: str) -> str | None:
    """Why ``value`` is not a UK phone number (or an international one with +), or None when it is."""
    core = _EXTENSION.sub("", value.strip())
    if not re.fullmatch(r"\+?[0-9 ()\-]+", core):
        rule = "a phone number may only have digits, spaces, brackets, hyphens, a leading + and an 'ext 123' at the end"
        odd = next((c for c in core if not (c.isascii() and c.isprintable())), None)
        if odd is not None:  # looks right, but is not: a non-breaking space from a web page, a zero-width space
            return f"{rule}; it has a {character_name(odd)} that looks like a space or nothing. Type the number again"
        return rule
    digits = re.sub(r"\D", "", core)
    if digits.startswith("00") and not core.startswith("+"):
        return f"an international number is written with + instead of 00: {re.sub(r'^00 ?', '+', core)}"
    if core.startswith("+"):
        if digits.startswith("44"):
            national = digits[2:]
            if "(0)" in core:
                national = national[1:]
            if len(national) not in (9, 10):
                return f"it has {len(national)} digits after +44; a UK number has 9 or 10 there. Check for a missing or extra digit"
            return None
        if not 8 <= len(digits) <= 15:
            return "an international number has 8 to 15 digits after the +"
        return None
    if digits in _SHORT_NUMBERS or (digits.startswith("116") and len(digits) == 6):
        return None
    if not digits.startswith("0"):
        return "UK numbers start with 0 (or +44 when written in international format)"
    if digits.startswith("08") and 8 <= len(digits) <= 11:
        return None
    if len(digits) not in (10, 11):
        return (f"it has {len(digits)} digits; UK numbers starting with 0 have 10 or 11. "
                "Check for a missing or extra digit")
    return None


class MfcValidator(cerberus.Validator):
    """cerberus with the conversions and checks our schemas name."""

    def _normalize_coerce_date(self, value: Any) -> date | None:
        return None if value is None else parse_date(value) if isinstance(value, str) else value

    def _normalize_coerce_datetime(self, value: Any) -> datetime | None:
        return None if value is None else parse_datetime(value) if isinstance(value, str) else value

    def _normalize_coerce_integer(self, value: Any) -> int | None:
        if value is None or isinstance(value, int):
            return value
        if isinstance(value, str) and re.fullmatch(r"\s*\d+\s*", value):
            return int(value)
        raise ValueError(f"'{value}' is not a whole number; write digits only, for example 72")

    def _normalize_coerce_yes_no(self, value: Any) -> bool | None:
        if value is None or isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in ("yes", "y", "true"):
            return True
        if word in ("no", "n", "false"):
            return False
        raise ValueError(f"'{value}' must be yes or no")

    def _normalize_coerce_lower(self, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    def _check_with_phone(self, field: str, value: Any) -> None:
        if isinstance(value, str):
            problem = phone_problem(value)
            if problem:
                self._error(field, f'"{value}" is not a UK phone number: {problem}.')

    def _check_with_email(self, field: str, value: Any) -> None:
        if isinstance(value, str) and not _EMAIL.fullmatch(value.strip()):
            self._error(field, f'"{value}" is not an email address (it should look like name@example.org).')

    def _check_with_relative_path(self, field: str, value: Any) -> None:
        if isinstance(value, str) and (value.startswith(("/", "\\")) or ".." in re.split(r"[\\/]", value) or ":" in value):
            self._error(field, f'"{value}" must be a file name in the same folder as this file, such as photo.jpg.')


_TYPE_WORDS = {
    "string": "a piece of text",
    "dict": "a section of 'field: value' lines indented under it",
    "list": "a list, with each item on its own line starting with '- '",
    "date": "a date written as YYYY-MM-DD",
    "datetime": "a date and time written as YYYY-MM-DD HH:MM",
    "integer": "a whole number",
    "boolean": "yes or no",
}


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a section"
    if isinstance(value, list):
        return "a list"
    return f"'{value}'"


def _schema_at(schema: dict, path: KeyPath) -> dict | None:
    """The mapping schema that governs the mapping at ``path`` (for 'did you mean')."""
    current: dict | None = schema
    for part in path:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        rule = current.get(part)
        if rule is None:
            return None
        inner = rule.get("schema")
        if rule.get("type") == "list" and isinstance(inner, dict) and "schema" in inner:
            inner = inner["schema"]
        current = inner if isinstance(inner, dict) else None
    return current


def _leaf_errors(error_list: list) -> list:
    leaves = []
    for error in error_list:
        if error.is_group_error:
            leaves.extend(_leaf_errors(error.child_errors))
        else:
            leaves.append(error)
    return leaves


def _message(error: Any, schema: dict) -> tuple[str, bool]:
    """Plain-English message for one cerberus error, and whether it is about the key (not the value)."""
    code = error.code
    field = error.document_path[-1] if error.document_path else ""
    if code == ce.UNKNOWN_FIELD.code:
        known = sorted((_schema_at(schema, error.document_path[:-1]) or {}).keys())
        guess = difflib.get_close_matches(str(field), known, n=1, cutoff=0.6)
        hint = f"Did you mean '{guess[0]}'?" if guess else f"The fields allowed here are: {', '.join(known)}."
        hidden = next((c for c in str(field) if not c.isprintable() or unicodedata.category(c) in ("Cf", "Zs")), None)
        if hidden is not None and hidden != " ":  # "eyes<zero-width space>": looks right, is not
            hint = f"It has an invisible {character_name(hidden)} in it: delete the name and type it again."
        return f"'{field}' is not a field mfc-docs knows, so it would be left out of every document. {hint}", True
    if code == ce.REQUIRED_FIELD.code:
        rule = (_schema_at(schema, error.document_path[:-1]) or {}).get(field, {})
        help = rule.get("meta", {}).get("help", "")
        return f"required field '{field}' is missing. Add '{field}:' here{' (' + help.rstrip('.') + ')' if help else ''}.", True
    if code == ce.NOT_NULLABLE.code:
        return "is empty. Fill it in: every document needs it.", False
    if code == ce.EMPTY_NOT_ALLOWED.code:
        return "is empty. Fill it in, or delete the line if it is optional.", False
    if code == ce.COERCION_FAILED.code:
        return f"{error.info[0]}.", False
    if code == ce.BAD_TYPE.code:
        wanted = error.constraint if isinstance(error.constraint, str) else error.constraint[0]
        message = f"should be {_TYPE_WORDS.get(wanted, wanted)}, but is {_describe(error.value)}."
        if wanted == "string" and isinstance(error.value, dict) and len(error.value) == 1:
            # "- Phone calls with mum: especially Sundays": a ': ' made the text a section
            key, value = next(iter(error.value.items()))
            message += f" A ': ' inside text makes it a section; put the text in quotes: \"{key}: {value or ''}\"."
        return message, False
    if code == ce.UNALLOWED_VALUE.code:
        allowed = ", ".join(str(a) for a in error.constraint)
        guess = difflib.get_close_matches(str(error.value), [str(a) for a in error.constraint], n=1, cutoff=0.5)
        hint = f" Did you mean '{guess[0]}'?" if guess else ""
        return f"'{error.value}' is not one of the choices: {allowed}.{hint}", False
    if code == ce.MIN_LENGTH.code:
        return f"needs at least {error.constraint} item{'s' if error.constraint != 1 else ''}.", False
    if code == ce.MIN_VALUE.code:
        return f"must be at least {error.constraint}.", False
    if code == ce.MAX_VALUE.code:
        return f"must be at most {error.constraint}.", False
    if code == ce.CUSTOM.code:
        return str(error.info[0]) if error.info else "is not valid.", False
    return f"is not valid ({error.rule}).", False  # pragma: no cover - every rule we use is named above


class TrustedSchema(DefinitionSchema):
    """A schema cerberus does not re-check at every start.

    Our schemas are code, not input: ``tests/test_schema.py`` checks each of them with
    cerberus's own schema validation. Re-checking them every time mfc-docs starts cost
    about 0.3 s, a third of the time a report may take.
    """

    def validate(self, schema: dict | None = None) -> None:
        return None

    def copy(self) -> dict:
        """The expanded rules as a plain mapping. cerberus copies the schema at the start of
        every document's normalisation; its own copy expands the whole schema again."""
        return dict(self.schema)


_VALIDATORS: dict[int, MfcValidator] = {}


def _validator_for(schema: dict) -> MfcValidator:
    """One validator per schema, for the whole run."""
    validator = _VALIDATORS.get(id(schema))
    if validator is None:
        validator = MfcValidator(allow_unknown=False)
        validator.schema = TrustedSchema(validator, schema)
        _VALIDATORS[id(schema)] = validator
    return validator


def validate_file(loaded: LoadedFile, schema: dict) -> tuple[dict | None, list[Problem]]:
    """Validate and convert one file. Returns the converted data (None on error) and its problems."""
    validator = _validator_for(schema)
    ok = validator.validate(loaded.data)
    if ok:
        return validator.document, []
    seen: set[KeyPath] = set()
    problems: list[Problem] = []
    leaves = _leaf_errors(validator._errors)
    # A failed conversion also fails the type check: report the conversion, which says what to write.
    leaves.sort(key=lambda e: (tuple(str(p) for p in e.document_path), e.code != ce.COERCION_FAILED.code))
    for error in leaves:
        path = tuple(error.document_path)
        if path in seen:
            continue
        seen.add(path)
        message, about_key = _message(error, schema)
        if error.code == ce.REQUIRED_FIELD.code:
            at_parent = loaded.problem(path[:-1], message, key=True)
            problems.append(dataclasses.replace(at_parent, path=format_key_path(path)))
        else:
            problems.append(loaded.problem(path, message, key=about_key))
    return None, problems
