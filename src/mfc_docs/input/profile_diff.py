"""What changed in a child's profile between two versions of it, field by field, in the schema's words.

A review shows the manager what changed since the previous review before they sign it off. The
values are compared as written in the YAML (a phone number is shown exactly as typed); each
change is labelled from the schema's own keys (the field a form shows), and a list is compared
item by item: an associate or a place is matched by its name (a phone by its number), so a new
associate reads "added", not "every later one changed"; a list whose items only moved says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .schema.young_person import RISK_FACTOR_NAMES, YOUNG_PERSON_SCHEMA

CHANGED, ADDED, REMOVED, REORDERED = "changed", "added", "removed", "reordered"

# Words a manager reads for keys that are abbreviations or need more than their key says.
_WORDS = {
    "iro": "IRO", "gp": "GP", "dna": "DNA", "nrm": "NRM", "mace": "MACE", "edt": "EDT",
    "rhi": "return home interview", "as_of": "Last confirmed", "dna_source": "DNA source",
    "nrm_referral": "NRM referral", "rhi_provider": "Return home interview provider",
}
# The field that names an item of a list of records (so items are matched by it, not by position).
_ITEM_KEYS = ("name", "number", "handle", "served_on_whom", "platform", "date")


@dataclass(frozen=True)
class Change:
    """One difference: where (the label a person reads), what it was and what it is now (None: not recorded)."""

    label: str
    path: tuple
    kind: str  # changed, added, removed, reordered
    old: str | None
    new: str | None


def label_for(key: str) -> str:
    """'distinguishing_features' -> 'Distinguishing features'; a label set in the schema's meta wins."""
    if key in RISK_FACTOR_NAMES:
        return RISK_FACTOR_NAMES[key]
    if key in _WORDS:
        word = _WORDS[key]
        return word[:1].upper() + word[1:]
    words = [(_WORDS.get(part) or part) for part in key.split("_")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def _schema_label(rule: dict | None, key: str) -> str:
    meta = (rule or {}).get("meta") or {}
    return str(meta.get("label") or label_for(key))


def show(value: Any, rule: dict | None = None) -> str | None:
    """A value as a person reads it: scalars as written, records one field a line, lists one item a line."""
    if value is None or value == "" or value == [] or value == {}:
        return None
    if isinstance(value, dict):
        fields = (rule or {}).get("schema") or {}
        lines = []
        for key, inner in value.items():
            shown = show(inner, fields.get(key) if isinstance(fields.get(key), dict) else None)
            if shown is not None:
                lines.append(f"{_schema_label(fields.get(key), key)}: {shown}")
        return "\n".join(lines) or None
    if isinstance(value, list):
        item_rule = (rule or {}).get("schema") if isinstance((rule or {}).get("schema"), dict) else None
        shown = [show(item, item_rule) for item in value]
        return "\n".join(f"- {s}" for s in shown if s is not None) or None
    return str(value)


def _item_name(item: Any) -> str | None:
    if not isinstance(item, dict):
        return None
    for key in _ITEM_KEYS:
        if isinstance(item.get(key), str) and item[key].strip():
            return item[key].strip()
    return None


def _diff(old: Any, new: Any, rule: dict | None, path: tuple, label: str, out: list[Change]) -> None:
    if old == new:
        return
    rule = rule or {}
    if isinstance(old, dict) and isinstance(new, dict):
        fields = rule.get("schema") if rule.get("type") == "dict" or "schema" in rule else {}
        fields = fields if isinstance(fields, dict) else {}
        order = list(fields) + [k for k in list(old) + list(new) if k not in fields]
        for key in dict.fromkeys(order):
            if key not in old and key not in new:
                continue
            inner_rule = fields.get(key) if isinstance(fields.get(key), dict) else None
            name = _schema_label(inner_rule, key)
            _diff(old.get(key), new.get(key), inner_rule, path + (key,), f"{label} \u203a {name}" if label else name,
                  out)
        return
    if isinstance(old, list) and isinstance(new, list):
        _diff_list(old, new, rule, path, label, out)
        return
    before, after = show(old, rule), show(new, rule)
    if before == after:
        return
    kind = ADDED if before is None else REMOVED if after is None else CHANGED
    out.append(Change(label, path, kind, before, after))


def _diff_list(old: list, new: list, rule: dict, path: tuple, label: str, out: list[Change]) -> None:
    item_rule = rule.get("schema") if isinstance(rule.get("schema"), dict) else {}
    records = item_rule.get("type") == "dict" or any(isinstance(i, dict) for i in old + new)
    if records:
        old_names = [_item_name(i) for i in old]
        new_names = [_item_name(i) for i in new]
        matched_new: set[int] = set()
        for i, item in enumerate(old):
            name = old_names[i]
            j = next((j for j, n in enumerate(new_names) if n is not None and n == name and j not in matched_new), None)
            if j is None and i < len(new) and i not in matched_new and new_names[i] not in old_names:
                j = i  # no item of that name now, and the item in its place is new: the same item, renamed
            item_label = f"{label} \u203a {name or f'item {i + 1}'}"
            if j is None:
                out.append(Change(item_label, path + (i,), REMOVED, show(item, item_rule), None))
                continue
            matched_new.add(j)
            _diff(item, new[j], item_rule, path + (j,), item_label, out)
        for j, item in enumerate(new):
            if j not in matched_new:
                out.append(Change(f"{label} \u203a {new_names[j] or f'item {j + 1}'}", path + (j,), ADDED, None,
                                  show(item, item_rule)))
        kept_old = [n for n in old_names if n is not None and n in new_names]
        kept_new = [n for n in new_names if n is not None and n in old_names]
        if kept_old != kept_new and sorted(kept_old) == sorted(kept_new):
            out.append(Change(f"{label} (order)", path, REORDERED, "\n".join(kept_old), "\n".join(kept_new)))
        return
    old_items, new_items = [show(i) for i in old], [show(i) for i in new]
    for i, item in enumerate(old_items):
        if item not in new_items:
            out.append(Change(label, path + (i,), REMOVED, item, None))
    for j, item in enumerate(new_items):
        if item not in old_items:
            out.append(Change(label, path + (j,), ADDED, None, item))
    common_old = [i for i in old_items if i in new_items]
    common_new = [i for i in new_items if i in old_items]
    if common_old != common_new and sorted(common_old, key=str) == sorted(common_new, key=str):
        out.append(Change(f"{label} (order)", path, REORDERED, "\n".join(map(str, common_old)),
                          "\n".join(map(str, common_new))))


def profile_changes(old: dict, new: dict, schema: dict | None = None) -> list[Change]:
    """Every difference between two versions of a profile (plain data as loaded), in the schema's order."""
    out: list[Change] = []
    _diff(old or {}, new or {}, {"type": "dict", "schema": schema or YOUNG_PERSON_SCHEMA}, (), "", out)
    return out


def summary(changes: list[Change], limit: int = 12) -> str:
    """The changes in one line for the review history's ``changes`` field: 'Description › Hair changed; ...'."""
    if not changes:
        return "No change."
    words = {CHANGED: "changed", ADDED: "added", REMOVED: "removed", REORDERED: "reordered"}
    parts = [f"{c.label.removesuffix(' (order)')} {words[c.kind]}" for c in changes[:limit]]
    more = len(changes) - limit
    return "; ".join(parts) + (f"; and {more} more change{'s' if more != 1 else ''}." if more > 0 else ".")


__all__ = ["ADDED", "CHANGED", "Change", "REMOVED", "REORDERED", "label_for", "profile_changes", "show", "summary"]
