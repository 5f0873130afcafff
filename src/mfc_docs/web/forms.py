"""Forms built from the cerberus schemas: no second definition of any field.

A section of a file (a few top-level keys) becomes a tree of ``Field``s read straight from the
schema that ``validate`` uses: a record is a fieldset, a list can be added to, removed from and
reordered with plain submit buttons (no JavaScript needed), a date is a date input, yes/no and
short choices are radios, everything else is text kept as typed. The one table here says which
top-level keys share a page; a key it does not name gets a page of its own, so a field added to the
schema appears in a form by itself. ``form_changes`` turns what was sent back into the edits
``edit_file`` makes and puts each problem beside its field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..input.schema.home import HOME_SCHEMA
from ..input.schema.young_person import YOUNG_PERSON_SCHEMA
from ..problems import Problem

# Which top-level keys share a page, and its title. Presentation only: every field comes from the schema.
PROFILE_SECTIONS = [
    ("identity", "Identity and legal status",
     ["name", "date_of_birth", "gender", "ethnicity", "nationality", "immigration", "legal_status"]),
    ("description", "Description", ["description"]),
    ("photo", "Photo", ["photo"]),
    ("placement", "Placement and professionals", ["placement"]),
    ("phones", "Phones and social media", ["contact_details"]),
    ("associates", "Associates", ["associates"]),
    ("locations", "Locations, travel and money", ["locations", "vehicle_access", "travel", "financial"]),
    ("risk-domains", "Risk domains and safeguarding", ["risk_factors", "safeguarding"]),
    ("medical", "Medical", ["medical"]),
    ("police", "For the police", ["for_the_police"]),
    ("communication", "Communication", ["communication_needs", "communication_strategy"]),
    ("history", "Missing history, triggers and what helps", ["missing_history", "triggers", "protective_factors"]),
    ("risk", "Risk level and rationale", ["risk"]),
    ("review", "Review", ["assessment"]),
]
HOME_SECTIONS = [
    ("home", "The home", ["home"]),
    ("managers", "Managers", ["managers"]),
    ("police", "Police and protocol", ["police", "procedure"]),
    ("contacts", "Contacts", ["contacts"]),
    ("time-limits", "Time limits and review cycles", ["time_limits", "review_cycles"]),
    ("risk-levels", "Risk levels", ["risk_levels"]),
    ("checklists", "Checklist steps", ["checklists"]),
    ("email", "Email reminders", ["email"]),
    ("training", "Training", ["training"]),
]
WORDS = {"iro": "IRO", "rhi": "RHI", "gp": "GP", "mash": "MASH", "mace": "MACE", "nrm": "NRM", "camhs": "CAMHS",
         "nspcc": "NSPCC", "ofsted": "Ofsted", "urn": "URN", "dna": "DNA", "smtp": "SMTP", "edt": "EDT",
         "uk": "UK", "ri": "RI", "tls": "TLS", "starttls": "STARTTLS"}
ITEM_NAMES = {"history": "earlier review", "others": "contact", "to": "address", "social_media": "account",
              "steps": "step", "items": "item", "medication": "medicine", "mobiles": "mobile number",
              "abduction_warning_notices": "notice", "other": "risk", "training": "course"}
LONG_TEXT = {"address", "details", "notes", "rationale", "summary", "risk_notes", "consent_notes", "if_missed",
             "usual_pattern", "where_found", "what_preceded", "needs", "tone", "changes", "usual_clothing",
             "local_definition", "lawful_basis_for_sharing", "intro", "contact_while_away", "status", "decision"}
RADIO_LIMIT = 5  # more choices than this are a drop-down list


class _Unsent:
    """A field the request did not carry (a radio nobody chose, a list the page did not show): left as it is."""

    def __repr__(self) -> str:
        return "UNSENT"


UNSENT = _Unsent()


@dataclass
class Item:
    """One item of a list in the form: where it was in the file (None: added here) and its value."""

    origin: int | None
    value: Any


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    keys: tuple[str, ...]


@dataclass
class Field:
    """One thing on the page: a leaf input, a record's fieldset or a list, with what was typed and said."""

    path: tuple
    key: str
    label: str
    help: str
    kind: str  # text, textarea, date, number, yes_no, radios, select, record, list, unreadable
    required: bool
    value: Any = ""
    choices: list[tuple[str, str]] = field(default_factory=list)
    children: list["Field"] = field(default_factory=list)
    item_name: str = ""
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    default: Any = None
    origin: int | None = None  # list items: where the item was in the file
    focus: bool = False

    @property
    def name(self) -> str:
        return ".".join(str(p) for p in self.path)

    @property
    def id(self) -> str:
        return "f-" + re.sub(r"[^A-Za-z0-9_-]", "-", self.name)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def schema_of(kind: str) -> dict:
    return YOUNG_PERSON_SCHEMA if kind == "profile" else HOME_SCHEMA


def sections(kind: str) -> list[Section]:
    """The pages of a child's profile or of the home's settings; a top-level key not in the table gets its own."""
    schema = schema_of(kind)
    table = PROFILE_SECTIONS if kind == "profile" else HOME_SECTIONS
    found = [Section(slug, title, tuple(k for k in keys if k in schema)) for slug, title, keys in table]
    found = [s for s in found if s.keys]
    listed = {k for s in found for k in s.keys}
    slugs = {s.slug for s in found}
    for key in schema:
        if key not in listed:
            slug = key.replace("_", "-")
            found.append(Section(slug if slug not in slugs else f"{slug}-section", humanise(key), (key,)))
    return found


def section_of(kind: str, key: str) -> Section | None:
    return next((s for s in sections(kind) if key in s.keys), None)


def humanise(key: str) -> str:
    words = [WORDS.get(w, w) for w in str(key).split("_")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def singular(key: str) -> str:
    if key in ITEM_NAMES:
        return ITEM_NAMES[key]
    word = humanise(key).lower()
    for plural, single in (("ies", "y"), ("sses", "ss"), ("ases", "as"), ("xes", "x")):
        if word.endswith(plural):
            return word[: -len(plural)] + single
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def choice_label(value: str) -> str:
    return humanise(value)


# ----------------------------------------------------------------------------- state from the file or the request

def state_from_data(rule: dict, value: Any, *, blank_lists: bool = True) -> Any:
    """The form's state for a value as the strict loader read it: lists become Items, a missing value "" or {}."""
    kind = rule.get("type")
    if kind == "dict" and "schema" in rule:
        if value is not None and not isinstance(value, dict):
            return value  # not a section: shown as unreadable, never changed from here
        data = value or {}
        return {key: state_from_data(sub, data.get(key)) for key, sub in rule["schema"].items()}
    if kind == "list" and "schema" in rule:
        if value is not None and not isinstance(value, list):
            return value
        items = [Item(i, state_from_data(rule["schema"], v)) for i, v in enumerate(value or [])]
        if not items and blank_lists:  # one empty item to fill in: nothing is written while it stays empty
            items = [Item(None, state_from_data(rule["schema"], None))]
        return items
    if value is None:
        return ""
    return value


def section_state(kind: str, section: Section, data: dict | None) -> dict:
    schema = schema_of(kind)
    data = data if isinstance(data, dict) else {}
    return {key: state_from_data(schema[key], data.get(key)) for key in section.keys}


def state_from_request(form, rule: dict, path: tuple, original: Any) -> Any:
    """What the browser sent for ``path``; lists are read in the order the page shows them."""
    kind = rule.get("type")
    name = ".".join(str(p) for p in path)
    if kind == "dict" and "schema" in rule:
        if original is not None and not isinstance(original, dict):
            return original
        data = original or {}
        return {key: state_from_request(form, sub, path + (key,), data.get(key)) for key, sub in rule["schema"].items()}
    if kind == "list" and "schema" in rule:
        if original is not None and not isinstance(original, list):
            return original
        order = form.get(f"{name}.__order")
        if order is None:
            return UNSENT
        old = original or []
        items, seen = [], set()
        for position, token in enumerate(order.split()):
            if token == "n":
                origin = None
            elif token.isdigit() and int(token) < len(old) and int(token) not in seen:
                origin = int(token)
                seen.add(origin)
            else:
                raise ValueError(f"the list {name} came back in a shape this page did not send")
            before = old[origin] if origin is not None else None
            items.append(Item(origin, state_from_request(form, rule["schema"], path + (position,), before)))
        return items
    if original is not None and not isinstance(original, str):
        return original
    value = form.get(name)
    return UNSENT if value is None else value


def request_state(kind: str, section: Section, form, data: dict | None) -> dict:
    schema = schema_of(kind)
    data = data if isinstance(data, dict) else {}
    return {key: state_from_request(form, schema[key], (key,), data.get(key)) for key in section.keys}


# ----------------------------------------------------------------------------- the buttons that change a list

def _list_at(state: dict, path: tuple) -> list:
    target: Any = state
    for part in path:
        target = target[part] if not isinstance(target, list) else target[part].value
    if not isinstance(target, list):
        raise KeyError(path)
    return target


def parse_name(name: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in name.split("."))


def apply_action(kind: str, state: dict, action: str) -> tuple | None:
    """Add, remove or move a list item in the state; returns the path of the item to focus (None: none)."""
    verb, _, name = action.partition(":")
    path = parse_name(name)
    if verb == "add":
        items = _list_at(state, path)
        rule = rule_at(schema_of(kind), path)
        items.append(Item(None, state_from_data(rule["schema"], None)))
        return path + (len(items) - 1,)
    items = _list_at(state, path[:-1])
    index = path[-1]
    if not isinstance(index, int) or not 0 <= index < len(items):
        raise KeyError(path)
    if verb == "remove":
        del items[index]
        return None
    if verb in ("up", "down"):
        other = index - 1 if verb == "up" else index + 1
        if 0 <= other < len(items):
            items[index], items[other] = items[other], items[index]
            return path[:-1] + (other,)
        return path
    raise KeyError(action)


def rule_at(schema: dict, path: tuple) -> dict:
    """The schema rule for a path of keys and list positions."""
    rule: dict = {"type": "dict", "schema": schema}
    for part in path:
        if isinstance(part, int):
            rule = rule["schema"]
        else:
            rule = rule["schema"][part]
    return rule


# ----------------------------------------------------------------------------- the fields to show

def build_fields(kind: str, state: dict, focus: tuple | None = None) -> list[Field]:
    schema = schema_of(kind)
    fields = [_field(schema[key], (key,), key, state[key]) for key in state]
    if focus is not None:
        for top in fields:
            for f in top.walk():
                if f.path[: len(focus)] == focus and f.kind not in ("record", "list"):
                    f.focus = True
                    return fields
    return fields


def _field(rule: dict, path: tuple, key: Any, value: Any, item_of: str = "") -> Field:
    help_text = (rule.get("meta") or {}).get("help", "")
    label = f"{item_of[:1].upper()}{item_of[1:]} {path[-1] + 1}" if item_of else humanise(key)
    kind = rule.get("type")
    base = dict(path=path, key=str(key), label=label, help=help_text,
                required=bool(rule.get("required")) or bool(item_of),  # an item is taken out with its Remove button
                default=rule.get("default"))
    if kind == "dict" and "schema" in rule:
        if not isinstance(value, dict):
            return Field(kind="unreadable", value=value, **base)
        children = [_field(sub, path + (k,), k, value.get(k, "")) for k, sub in rule["schema"].items()]
        return Field(kind="record", children=children, **base)
    if kind == "list" and "schema" in rule:
        if not isinstance(value, list):
            return Field(kind="unreadable", value=value, **base)
        name = singular(path[-1] if isinstance(path[-1], str) else key)
        children = []
        for position, item in enumerate(value):
            child = _field(rule["schema"], path + (position,), key, item.value, item_of=name)
            child.origin = item.origin
            children.append(child)
        return Field(kind="list", children=children, item_name=name, **base)
    if value is not UNSENT and not isinstance(value, str):
        return Field(kind="unreadable", value=value, **base)
    text = "" if value is UNSENT else value
    return Field(kind=_leaf_kind(rule, str(key), text), value=_shown(rule, text), choices=_choices(rule), **base)


def _leaf_kind(rule: dict, key: str, value: str) -> str:
    if rule.get("coerce") == "yes_no":
        return "yes_no" if value.strip().lower() in ("", "yes", "y", "true", "no", "n", "false") else "text"
    if "allowed" in rule:
        if value and value.strip().lower() not in rule["allowed"]:
            return "text"  # as written, so the error beside it shows what is there
        return "radios" if len(rule["allowed"]) <= RADIO_LIMIT else "select"
    if rule.get("type") == "date":
        return "date" if not value or _iso_date(value.strip()) else "text"  # a date input would hide anything else
    if rule.get("type") == "integer":
        return "number"
    if "\n" in value or len(value) > 80 or (key in LONG_TEXT and not rule.get("check_with")):
        return "textarea"
    return "text"


def _iso_date(value: str) -> bool:
    from datetime import date

    try:
        return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)) and date.fromisoformat(value) is not None
    except ValueError:
        return False


def _shown(rule: dict, value: str) -> str:
    if rule.get("coerce") == "yes_no":
        word = value.strip().lower()
        return "yes" if word in ("yes", "y", "true") else "no" if word in ("no", "n", "false") else value
    if "allowed" in rule and value.strip().lower() in rule["allowed"]:
        return value.strip().lower()
    return value


def _choices(rule: dict) -> list[tuple[str, str]]:
    if rule.get("coerce") == "yes_no":
        return [("yes", "Yes"), ("no", "No")]
    return [(v, choice_label(v)) for v in rule.get("allowed", [])]


def schema_leaves(schema: dict, path: tuple = ()) -> list[tuple]:
    """Every field of a schema as a path, list positions as 0 (what a test walks)."""
    leaves = []
    for key, rule in schema.items():
        here = path + (key,)
        inner = rule.get("schema")
        if rule.get("type") == "dict" and inner:
            leaves.extend(schema_leaves(inner, here))
        elif rule.get("type") == "list" and inner:
            if inner.get("type") == "dict" and inner.get("schema"):
                leaves.extend(schema_leaves(inner["schema"], here + (0,)))
            else:
                leaves.append(here + (0,))
        else:
            leaves.append(here)
    return leaves


def attach_problems(fields: list[Field], problems: list[Problem]) -> list[tuple[str, str, str]]:
    """Each problem beside its field (or the nearest fieldset); returns the summary: (anchor, label, message)."""
    by_path = {f.path: f for top in fields for f in top.walk()}
    summary = []
    for problem in problems:
        path = problem_path(problem.path)
        while path and path not in by_path:
            path = path[:-1]
        target = by_path.get(path)
        if target is None:
            continue
        (target.errors if problem.is_error else target.warnings).append(problem.message)
        if problem.is_error:
            summary.append((target.id, target.label, problem.message))
    return summary


def problem_path(text: str) -> tuple:
    """'associates[2].phone' (as problems show it, counting from 1) -> ('associates', 1, 'phone')."""
    parts: list = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", text or ""):
        parts.append(int(index) - 1 if index else name)
    return tuple(parts)
