"""A new child: an id made from their name, and ``young_people/<id>/profile.yaml`` written once, checked.

The id names the child's folder and appears in commands and output paths, so it is plain ASCII
(``[a-z0-9-]``, as ``input.home_data`` requires), never an existing child's, never a name a file
system treats specially, and never a path: it is checked again under the home's write lock just
before the folder is made, so two people adding "Jay" at once get ``jay`` and an error, not one file.

The profile is checked by the same loader, schema and cross-checks ``mfc-docs validate`` runs, on
the exact text that will be written, before anything is written; then it is written as a new file
(never over one), read back and compared with what was meant, and the audit log records it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from ..input.child_ids import ID_MAX, ID_PATTERN, slug
from ..input.home_data import PROFILE, YOUNG_PEOPLE, Child, ChildSource
from ..input.json_schema import modeline
from ..input.schema.young_person import YOUNG_PERSON_SCHEMA
from ..problems import Problem
from .audit import append_audit
from .child_photos import place_new_file
from .files import DIR_MODE, make_private_dir, sha256_bytes
from .record_versions import RecordError, RecordsLock
from .yaml_round_trip import dump, plain_data, to_ruamel_quoted, yaml_with_layout

SAMPLE_MODELINE = modeline("../../docs/schema/profile.schema.json")
# Names Windows will not give a folder, whatever follows them.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def _taken(young_people: Path) -> set[str]:
    """Ids in use, compared without case (a folder 'Jay' and 'jay' are one on Windows and macOS)."""
    try:
        entries = list(young_people.iterdir())
    except OSError:
        return set()
    taken = set()
    for entry in entries:
        name = entry.name.lower().lstrip(".")
        taken.add(name)
        for suffix in (".yaml", ".yml"):
            if name.endswith(suffix):
                taken.add(name[: -len(suffix)])
    return taken


def derive_child_id(legal: str, preferred: str | None, young_people: Path) -> str:
    """An unused id from the name the child goes by (as the sample's ids are), '' when it has no Latin letters.

    'Nhung' -> 'nhung'; taken -> 'nhung-nguyen' (with the last word of the legal name); then 'nhung-2'...
    """
    taken = _taken(young_people)
    words = (legal or "").split()
    first = slug(preferred or "") or slug(words[0] if words else "")
    if not first:
        first = slug(legal or "")
    if not first:
        return ""
    candidates = [first]
    surname = slug(words[-1]) if len(words) > 1 else ""
    if surname and surname != first:
        candidates.append(f"{first}-{surname}"[:ID_MAX].rstrip("-"))
    for candidate in candidates:
        if check_child_id(candidate, young_people, taken) is None:
            return candidate
    number = 2
    while check_child_id(f"{first[:ID_MAX - 4]}-{number}", young_people, taken) is not None:
        number += 1
    return f"{first[:ID_MAX - 4]}-{number}"


def check_child_id(child_id: str, young_people: Path, taken: set[str] | None = None) -> str | None:
    """Why ``child_id`` cannot name a new child, in words; None when it can."""
    if not child_id:
        return "Enter an id for the child: lowercase letters, digits and hyphens, for example 'jay' or 'jay-2'."
    if len(child_id) > ID_MAX:
        return f"The id is {len(child_id)} characters long; use at most {ID_MAX}."
    if not ID_PATTERN.fullmatch(child_id) or child_id.endswith("-") or "--" in child_id:
        suggestion = slug(child_id)
        return ("The id may only have lowercase letters (a to z), digits and single hyphens, starting with a letter "
                "or digit: it names the child's folder and is used in commands"
                + (f". For example '{suggestion}'." if suggestion and suggestion != child_id else "."))
    if child_id in _RESERVED:
        return f"'{child_id}' cannot name a folder on Windows; choose another id, for example '{child_id}-1'."
    if child_id in (_taken(young_people) if taken is None else taken):
        return f"There is already a child (or a file) called '{child_id}' in young_people/; choose another id."
    if child_id in _left(young_people):
        return (f"'{child_id}' was the id of a child who has left (their files are in left/); choose another id, "
                "so that the two children's records, reviews and archived documents stay apart.")
    return None


def _left(young_people: Path) -> set[str]:
    """Ids of children who left (``left/<id>-<date>/``): never given to a new child."""
    from ..input.left_children import left_folders

    return {child_id for child_id, _, _ in left_folders(young_people.parent)}


def _modeline_of_home(young_people: Path) -> str:
    """The schema line the home's other profiles start with (so an editor finds the schema the same way), else the sample's."""
    for profile in sorted(young_people.glob(f"*/{PROFILE}")):
        try:
            with open(profile, encoding="utf-8-sig") as handle:
                first = handle.readline().rstrip("\r\n")
        except (OSError, UnicodeDecodeError):
            continue
        if first.startswith("# yaml-language-server: $schema="):
            return first
    return SAMPLE_MODELINE


def profile_text(data: dict[str, Any], young_people: Path, *, added_on: date, who: str) -> str:
    """The new profile as it will be written: the schema line, who added it, then the sections a blank line apart."""
    who = " ".join((who or "").split())  # one line: a comment never becomes YAML
    yaml = yaml_with_layout(2, 4, 2)
    body = dump(yaml, to_ruamel_quoted(data))
    lines = []
    for line in body.splitlines():
        if lines and line[:1] not in ("", " ", "-", "#"):
            lines.append("")  # a blank line before each section, as the sample files are written
        lines.append(line)
    header = [_modeline_of_home(young_people),
              f"# Added in mfc-docs serve on {added_on.isoformat()}{f' by {who}' if who else ''}. "
              "Everything else about the child goes in the sections of their profile."]
    return "\n".join(header + [""] + lines) + "\n"


def profile_problems(text: str, child_id: str, root: Path, config: dict | None, today: date) -> list[Problem]:
    """Every problem ``mfc-docs validate`` would report in this profile text: load, schema and cross-checks."""
    from ..input.checks import check_child
    from ..input.loading import load_yaml_text
    from ..input.validation import validate_file

    display = f"{YOUNG_PEOPLE}/{child_id}/{PROFILE}"
    loaded, problems = load_yaml_text(text, display)
    if loaded is None or any(p.is_error for p in problems):
        return problems
    data, schema_problems = validate_file(loaded, YOUNG_PERSON_SCHEMA)
    problems = problems + schema_problems
    if data is None:
        return problems
    folder = Path(root) / YOUNG_PEOPLE / child_id
    child = Child(child_id, data, ChildSource(child_id, folder / PROFILE, folder, display), loaded)
    return problems + check_child(child, config, today)


def create_child(root: Path, child_id: str, data: dict[str, Any], *, config: dict | None, today: date, who: str,
                 out_dir: Path | None = None) -> Path:
    """Write ``young_people/<child_id>/profile.yaml`` for a new child, or raise RecordError (nothing written).

    ``data`` is the profile as typed (text values; dates as YYYY-MM-DD). Refused when the id is not
    usable or is taken, or when ``validate`` would report an error in the new file.
    """
    root = Path(root)
    out_dir = Path(out_dir) if out_dir else root / "output"
    young_people = root / YOUNG_PEOPLE
    text = profile_text(data, young_people, added_on=today, who=who)
    errors = [p for p in profile_problems(text, child_id, root, config, today) if p.is_error]
    if errors:
        raise RecordError("The new child's profile would not pass 'mfc-docs validate', so nothing was written.",
                          problems=errors)
    raw = text.encode("utf-8")
    folder = young_people / child_id
    try:
        with RecordsLock(out_dir):
            problem = check_child_id(child_id, young_people)
            if problem:
                raise RecordError(problem)
            make_private_dir(young_people)
            if young_people.is_symlink() or young_people.resolve().parent != root.resolve():
                raise RecordError("young_people/ is not a folder inside the home's folder; nothing was written.")
            folder.mkdir(mode=DIR_MODE)  # fails if it appeared meanwhile: never into someone else's folder
            try:
                place_new_file(folder, PROFILE, raw)
                from ..input.loading import load_yaml

                loaded, _ = load_yaml(folder / PROFILE, f"{YOUNG_PEOPLE}/{child_id}/{PROFILE}")
                if loaded is None or plain_data(loaded.data) != plain_data(data):
                    raise RecordError("The new profile did not read back exactly as typed, so it was taken away "
                                      "again. Add this child by hand, and report it.")
            except BaseException:
                (folder / PROFILE).unlink(missing_ok=True)
                folder.rmdir()
                raise
            append_audit(out_dir, who=who, file=f"{YOUNG_PEOPLE}/{child_id}/{PROFILE}", record=child_id,
                         action=f"added the child {child_id}", after=sha256_bytes(raw))
    except FileExistsError:
        raise RecordError(f"There is already a child called '{child_id}' in young_people/; choose another id.") from None
    except OSError as exc:
        from .files import explain_os_error

        raise RecordError("Nothing was written: " + explain_os_error(exc, young_people)) from None
    return folder / PROFILE


__all__ = ["check_child_id", "create_child", "derive_child_id", "profile_problems", "profile_text", "slug"]
