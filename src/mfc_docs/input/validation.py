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
import functools
import re
import unicodedata
from datetime import date, datetime
from typing import Any

from . import validation_cache
from .loading import LoadedFile
from .schema.home import RETIRED_TIME_LIMITS
from .written_dates import what_date_was_meant
from ..problems import KeyPath, Problem, character_name, format_key_path

# Digits are 0-9 only: Python's \d also takes Arabic-Indic, full-width and other digits, which a
# document would then print in another script than the one the data was checked for.
_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_DATETIME = re.compile(r"([0-9]{4}-[0-9]{1,2}-[0-9]{1,2})[ T]([0-9]{1,2})[:.]([0-9]{2})"
                       r"(?:\s*(GMT|BST|UTC|Z|[+-][0-9]{2}:?[0-9]{2}))?", re.IGNORECASE)
# Dates a real home's records can hold: years outside these are a typing slip (0000, 9999), and date
# arithmetic (a review cycle after 9999-12-31) would overflow.
FIRST_YEAR, LAST_YEAR = 1900, 2199


def other_digits(value: str) -> str | None:
    """'Arabic-Indic digits' when ``value`` has digits other than 0-9 (which are refused), else None."""
    import unicodedata

    for char in value:
        if char.isdigit() and not "0" <= char <= "9":
            name = unicodedata.name(char, "")
            if name.startswith("FULLWIDTH"):
                return "full-width digits"
            script = name.split(" DIGIT")[0].title() if " DIGIT" in name else "other"
            return f"{script} digits"
    return None


def _digits_hint(value: str) -> str:
    kind = other_digits(value)
    return f" It is written with {kind}: type it again with the digits 0-9." if kind else ""
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_EXTENSION = re.compile(r"\s*(?:ext\.?|extension|x)\s*\d+\s*$", re.IGNORECASE)
_SHORT_NUMBERS = {"999", "112", "101", "111", "105", "119"}


def parse_date(value: str) -> date:
    """YYYY-MM-DD to a date; the error message says what is wrong and what to write."""
    value = value.strip()
    match = _DATE.fullmatch(value)
    if not match:
        meant = what_date_was_meant(value)
        if meant:
            raise ValueError(meant)
        raise ValueError(f"'{value}' is not a date written as YYYY-MM-DD (for example 2026-03-14).{_digits_hint(value)}")
    year, month, day = (int(g) for g in match.groups())
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"'{value}' has the year {match.group(1)}, which cannot be right for this record; "
                         "check the year and write all four digits, for example 2026")
    if not 1 <= month <= 12:
        raise ValueError(f"'{value}' has month {month}; months go from 01 to 12 (the format is YYYY-MM-DD)")
    days_in_month = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days_in_month:
        raise ValueError(
            f"'{value}' is not a real date: {calendar.month_name[month]} {year} has {days_in_month} days"
        )
    return date(year, month, day)


def parse_datetime(value: str) -> datetime:
    """YYYY-MM-DD HH:MM (24-hour clock, as the home's clocks showed it) to a datetime.

    In the hour the clocks go back (01:00-01:59 on the last Sunday of October) every time happens
    twice. A zone or offset after the time says which: ``01:20 BST`` or ``+01:00`` the first,
    ``01:20 GMT`` or ``+00:00`` the second; without one it is read as the first. The second is
    kept as Python's ``fold=1``, which durations and comparisons use (``rules.dates.instant``).
    """
    value = value.strip()
    match = _DATETIME.fullmatch(value)
    if not match:
        raise ValueError(f"'{value}' is not a date and time written as YYYY-MM-DD HH:MM (for example 2026-11-23 22:15)."
                         f"{_digits_hint(value)}")
    day = parse_date(match.group(1))
    hour, minute = int(match.group(2)), int(match.group(3))
    if hour > 23 or minute > 59:
        raise ValueError(f"'{value}' has the time {hour}:{minute:02d}, which does not exist on a 24-hour clock")
    moment = datetime(day.year, day.month, day.day, hour, minute)
    zone = match.group(4)
    if zone is None:
        from ..rules.dates import never_happened

        if never_happened(moment):
            raise ValueError(f"'{value}' {never_happened(moment)}")
        return moment
    return _on_uk_clocks(moment, zone, value)


def _on_uk_clocks(moment: datetime, zone: str, value: str) -> datetime:
    """The time ``moment`` written with ``zone`` (GMT, BST, +01:00 ...), as the home's clocks showed it."""
    from datetime import timedelta, timezone

    from ..rules.dates import HOME_CLOCK

    word = zone.upper()
    if word in ("GMT", "UTC", "Z"):
        offset = timedelta(0)
    elif word == "BST":
        offset = timedelta(hours=1)
    else:
        sign = -1 if word.startswith("-") else 1
        digits = word[1:].replace(":", "")
        offset = sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    if offset not in (timedelta(0), timedelta(hours=1)):
        raise ValueError(f"'{value}': {zone} is not a UK clock time. Write the time as the clocks in the home "
                         "showed it, with GMT (winter) or BST (summer) only when it needs saying")
    local = (moment - offset).replace(tzinfo=timezone.utc).astimezone(HOME_CLOCK())
    if (local.hour, local.minute) != (moment.hour, moment.minute):
        shown = "BST" if offset else "GMT"
        actual = "BST" if local.utcoffset() else "GMT"
        raise ValueError(f"'{value}': UK clocks showed {actual}, not {shown}, at that time on "
                         f"{moment:%d %B %Y}. Leave out '{zone}', or check the date")
    return local.replace(tzinfo=None)


# Ofcom keeps these ranges for drama and examples (07700 900000-900999, 01632 960000-960999): never given
# to anyone, so libphonenumber calls them invalid, but sample data and training material use them on purpose.
# (Ofcom's other drama ranges, such as 0113 496 0xxx or 020 7946 0xxx, are inside ranges libphonenumber accepts.)
_DRAMA_RANGES = (("07700900", 11), ("01632960", 11))


def _uk_kind(digits: str) -> str:
    """What kind of UK number ``digits`` (national, starting 0) is, from its first digits, for messages."""
    if digits.startswith("070"):
        return "personal (070) number"
    if digits.startswith("076") and not digits.startswith("07624"):
        return "pager (076) number"
    if digits.startswith("07"):
        return "mobile number"
    if digits.startswith(("01", "02")):
        return "landline number"
    if digits.startswith("03"):
        return "03 number"
    if digits.startswith("080"):
        return "freephone number"
    if digits.startswith(("084", "087")):
        return f"{digits[:3]} number"
    if digits.startswith("09"):
        return "premium-rate (09) number"
    if digits.startswith("05"):
        return "05 number"
    return "number starting " + digits[:2]


def _uk_valid(digits: str) -> bool:
    """A UK number (national digits, starting 0) in a range in use, by libphonenumber's ranges, or a drama number."""
    import phonenumbers

    if any(digits.startswith(prefix) and len(digits) == length for prefix, length in _DRAMA_RANGES):
        return True
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(digits, "GB"))
    except phonenumbers.NumberParseException:
        return False


def _area_code(digits: str) -> str:
    """The dialling code of a valid UK landline number (0113, 01632, 020), as a caller recognises it."""
    import phonenumbers

    length = phonenumbers.length_of_geographical_area_code(phonenumbers.parse(digits, "GB"))
    return digits[:length + 1] if length else digits[:5 if digits.startswith("01") else 3]


def _uk_length_problem(digits: str) -> str:
    """Why a UK number is not valid, naming its kind: a digit missing or extra, or a range not in use."""
    kind = _uk_kind(digits)
    longer = [digits + d for d in "0123456789" if _uk_valid(digits + d)]
    shorter = [digits[:-1]] if len(digits) > 1 and _uk_valid(digits[:-1]) else []
    whose = f"a {kind}"
    if kind == "landline number" and (longer or shorter):
        whose = f"a landline number starting {_area_code((longer or shorter)[0])}"
    if longer:
        return f"it has {len(digits)} digits; {whose} has {len(digits) + 1}. Check for a missing digit"
    if shorter:
        return f"it has {len(digits)} digits; {whose} has {len(digits) - 1}. Check for an extra digit"
    usual = {"mobile number": 11, "03 number": 11, "premium-rate (09) number": 11,
             "personal (070) number": 11, "pager (076) number": 11, "05 number": 11}.get(kind)
    if usual and len(digits) != usual:
        return f"it has {len(digits)} digits; a {kind} has {usual}. Check for a missing or extra digit"
    if not usual and not 10 <= len(digits) <= 11 and kind == "landline number":
        return (f"it has {len(digits)} digits; a landline number has 10 or 11 (most have 11). "
                "Check for a missing or extra digit")
    return f"no UK {kind} starts like this. Check the number"


def phone_problem(value: str) -> str | None:
    """Why ``value`` is not a UK phone number (or an international one with +), or None when it is.

    Validity is judged by number range (Google's libphonenumber, through ``phonenumbers``), so a
    mobile number with a digit missing is caught; the value itself is kept exactly as written.
    """
    import phonenumbers

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
            if "(0)" in core and national.startswith("0"):
                national = national[1:]
            if national.startswith("0"):
                return "after +44 the number starts without its 0: +44 7700 900123, not +44 07700 900123"
            problem = None if _uk_valid("0" + national) else _uk_length_problem("0" + national)
            return problem and problem.replace(f"it has {len(national) + 1} digits", f"it has {len(national)} digits after +44").replace(
                " has 11.", " has 10 after +44.").replace(" has 10.", " has 9 after +44.")
        try:
            number = phonenumbers.parse(core, None)
        except phonenumbers.NumberParseException:
            return "an international number starts with + and the country code, for example +33 1 23 45 67 89"
        if phonenumbers.is_valid_number(number):
            return None
        region = phonenumbers.region_code_for_country_code(number.country_code)
        if region in ("ZZ", None):
            return f"+{number.country_code} is not a country code. Check the first digits"
        return f"it is not a valid number for country code +{number.country_code} ({region}). Check the digits"
    if digits in _SHORT_NUMBERS or (digits.startswith("116") and len(digits) == 6):
        return None
    if not digits.startswith("0"):
        return "UK numbers start with 0 (or +44 when written in international format)"
    if _uk_valid(digits):
        return None
    return _uk_length_problem(digits)


class _Conversions:
    """The conversions and checks our schemas name, for cerberus's Validator (see ``_validator_classes``)."""

    def _normalize_coerce_date(self, value: Any) -> date | None:
        return None if value is None else parse_date(value) if isinstance(value, str) else value

    def _normalize_coerce_datetime(self, value: Any) -> datetime | None:
        return None if value is None else parse_datetime(value) if isinstance(value, str) else value

    def _normalize_coerce_integer(self, value: Any) -> int | None:
        if value is None or isinstance(value, int):
            return value
        if isinstance(value, str) and re.fullmatch(r"\s*[0-9]+\s*", value):
            return int(value)
        raise ValueError(f"'{value}' is not a whole number; write digits only, for example 72.{_digits_hint(value)}")

    def _normalize_coerce_yes_no(self, value: Any) -> bool | None:
        if value is None or isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in ("yes", "y", "true"):
            return True
        if word in ("no", "n", "false"):
            return False
        raise ValueError(f"'{value}' must be yes or no. Write just yes or no here, and the rest (a condition, a "
                         "reason) in the notes of the same entry")

    def _normalize_coerce_lower(self, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    def _check_with_phone(self, field: str, value: Any) -> None:
        if isinstance(value, str):
            problem = phone_problem(value)
            if problem:
                self._error(field, f'"{value}" is not a UK phone number: {problem}.')

    def _check_with_colour(self, field: str, value: Any) -> None:
        if isinstance(value, str) and not re.fullmatch(r"#[0-9A-Fa-f]{6}", value.strip()):
            self._error(field, f"'{value}' is not a colour written as #RRGGBB, for example #B71C1C.")

    def _check_with_wording(self, field: str, value: Any) -> None:
        from ..rules.placeholders import wording_problem

        if isinstance(value, str):
            problem = wording_problem(value)
            if problem:
                self._error(field, problem)

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
    from cerberus import errors as ce

    code = error.code
    field = error.document_path[-1] if error.document_path else ""
    if code == ce.UNKNOWN_FIELD.code and str(field) in RETIRED_TIME_LIMITS and len(error.document_path) == 2:
        return (f"'{field}' is no longer used: there is now one time limit per duty, each with one clock start, so "
                f"the documents cannot disagree. Write {RETIRED_TIME_LIMITS[str(field)]} instead."), True
    if code == ce.UNKNOWN_FIELD.code and "pass" in str(field).lower() and error.document_path[:1] == ("email",):
        return ("a password must never be written in home_config.yaml: anyone who can read the file could send "
                "email as the home. Delete this line, then set the environment variable named in "
                "email.password_env (MFC_DOCS_SMTP_PASSWORD unless you chose another) in the scheduled task, or "
                "keep the password in the system keyring: 'keyring set mfc-docs USERNAME'."), True
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
        return f"{error.info[0].rstrip('.')}.", False  # some messages end in an example that has its full stop
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


@functools.lru_cache(maxsize=1)
def _validator_classes() -> tuple[type, type]:
    """cerberus's Validator with our conversions, and a schema it does not re-check.

    Made the first time a file is checked, not at import: a report whose files were checked
    before (``validation_cache``) never imports cerberus or libphonenumber at all.
    """
    import cerberus
    from cerberus.schema import DefinitionSchema

    class MfcValidator(_Conversions, cerberus.Validator):
        """cerberus with the conversions and checks our schemas name."""

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

    return MfcValidator, TrustedSchema


def __getattr__(name: str) -> type:
    if name in ("MfcValidator", "TrustedSchema"):
        return _validator_classes()[("MfcValidator", "TrustedSchema").index(name)]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_VALIDATORS: dict[int, Any] = {}


def _validator_for(schema: dict):
    """One validator per schema, for the whole run."""
    validator = _VALIDATORS.get(id(schema))
    if validator is None:
        mfc_validator, trusted_schema = _validator_classes()
        validator = mfc_validator(allow_unknown=False)
        validator.schema = trusted_schema(validator, schema)
        _VALIDATORS[id(schema)] = validator
    return validator


def validate_file(loaded: LoadedFile, schema: dict) -> tuple[dict | None, list[Problem]]:
    """Validate and convert one file. Returns the converted data (None on error) and its problems."""
    from .limits import long_value_problems

    kept = validation_cache.recall(loaded, schema)  # checked before, unchanged: see validation_cache
    if kept is not None:
        too_long = long_value_problems(loaded, loaded.data)
        return (None, too_long) if too_long else (kept, [])
    from cerberus import errors as ce

    validator = _validator_for(schema)
    ok = validator.validate(loaded.data)
    too_long = long_value_problems(loaded, loaded.data)  # at their line, before anything is rendered
    if ok and not too_long:
        validation_cache.remember(loaded, schema, validator.document)
        return validator.document, []
    if ok:
        return None, too_long
    seen: set[KeyPath] = set()
    problems: list[Problem] = list(too_long)
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
