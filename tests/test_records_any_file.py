"""output.home_file_edits.edit_file: any of the home's files written back from a form, keeping the person's YAML.

Round trip over every file of the sample home and both fixture homes: saved without a change it is
byte-identical; one field changed changes one line; a value YAML would misread is quoted; a hand
edit since the page was loaded, or a value the schema refuses, writes nothing.
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from mfc_docs.input.loading import load_yaml
from mfc_docs.input.schema.episode import EPISODE_SCHEMA
from mfc_docs.input.schema.home import HOME_SCHEMA
from mfc_docs.input.schema.young_person import YOUNG_PERSON_SCHEMA
from mfc_docs.output.audit import AUDIT_LOG
from mfc_docs.output.home_file_edits import edit_file
from mfc_docs.output.record_versions import RecordError, read_version
from mfc_docs.output.yaml_round_trip import round_trip

from .conftest import FIXTURES, REPO

SCHEMAS = {"home_config.yaml": HOME_SCHEMA, "profile.yaml": YOUNG_PERSON_SCHEMA, "episodes.yaml": EPISODE_SCHEMA}
HOMES = {"sample": REPO, "minimal": FIXTURES / "minimal_home", "second": FIXTURES / "second_home"}
FILES = [(home, path.relative_to(root).as_posix()) for home, root in HOMES.items()
         for path in sorted([root / "home_config.yaml", *root.glob("young_people/*/*.yaml")])]


def _copy(home: str, tmp_path: Path) -> Path:
    target = tmp_path / home
    target.mkdir()
    root = HOMES[home]
    shutil.copy(root / "home_config.yaml", target / "home_config.yaml")
    shutil.copytree(root / "young_people", target / "young_people")
    return target


def _one_line_leaf(data, text: str, schema: dict, path=()):
    """The key path of a free-text value written on one line of its own (the field a test changes)."""
    if isinstance(data, dict):
        for key, value in data.items():
            rule = schema.get(key) or {}
            if rule.get("type") == "string" and "check_with" not in rule and "allowed" not in rule \
                    and isinstance(value, str) and value and "\n" not in value and text.count(f": {value}\n") == 1:
                return (*path, key)
            inner = rule.get("schema") or {}
            if rule.get("type") == "list" and isinstance(value, list):
                for i, item in enumerate(value):
                    found = _one_line_leaf(item, text, inner.get("schema") or {}, (*path, key, i))
                    if found:
                        return found
            elif rule.get("type") == "dict":
                found = _one_line_leaf(value, text, inner, (*path, key))
                if found:
                    return found
    return None


@pytest.mark.parametrize(("home", "relative"), FILES, ids=[f"{h}:{r}" for h, r in FILES])
def test_load_and_save_without_a_change_is_byte_identical(home: str, relative: str) -> None:
    text = (HOMES[home] / relative).read_text(encoding="utf-8")
    yaml, document, _ = round_trip(text)
    from mfc_docs.output.yaml_round_trip import dump

    assert dump(yaml, document) == text


@pytest.mark.parametrize(("home", "relative"), FILES, ids=[f"{h}:{r}" for h, r in FILES])
def test_one_field_changed_changes_one_line(home: str, relative: str, tmp_path: Path) -> None:
    root = _copy(home, tmp_path)
    path = root / relative
    before = path.read_text(encoding="utf-8")
    loaded, _ = load_yaml(path, relative)
    field = _one_line_leaf(loaded.data, before, SCHEMAS[path.name])
    assert field, f"no one-line text field in {relative}"
    edit_file(root, relative, SCHEMAS[path.name], {field: "Changed from the form"},
              base_sha=read_version(path).sha, who="Test Manager", out_dir=tmp_path / "out")
    after = path.read_text(encoding="utf-8")
    diff = [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and line[:3] not in ("---", "+++")]
    assert len(diff) == 2 and diff[0].startswith("-") and diff[1].startswith("+"), diff
    assert diff[1].endswith(": Changed from the form")
    reread, problems = load_yaml(path, relative)
    value = reread.data
    for part in field:
        value = value[part]
    assert value == "Changed from the form"
    assert "changed " + ".".join(map(str, field)) in (tmp_path / "out" / AUDIT_LOG).read_text(encoding="utf-8")


@pytest.mark.parametrize("typed", ["NO", "0123", "12:30", "+447700900123", "yes", "1e3", "null", "~"])
def test_a_value_yaml_would_misread_is_quoted_and_reads_back_as_typed(typed: str, tmp_path: Path) -> None:
    import yaml

    root = _copy("minimal", tmp_path)
    relative = "young_people/alex/profile.yaml"
    edit_file(root, relative, YOUNG_PERSON_SCHEMA, {("description", "hair"): typed},
              base_sha=None, who="Test Manager", out_dir=tmp_path / "out")
    text = (root / relative).read_text(encoding="utf-8")
    assert f'  hair: "{typed}"\n' in text
    assert yaml.safe_load(text)["description"]["hair"] == typed  # any other YAML reader sees the text too
    assert load_yaml(root / relative, relative)[0].data["description"]["hair"] == typed


def test_a_phone_number_with_spaces_stays_plain_and_exactly_as_typed(tmp_path: Path) -> None:
    root = _copy("minimal", tmp_path)
    relative = "young_people/alex/profile.yaml"
    edit_file(root, relative, YOUNG_PERSON_SCHEMA, {("placement", "social_worker", "phone"): "07700 900077"},
              base_sha=None, who="Test Manager", out_dir=tmp_path / "out")
    assert "    phone: 07700 900077\n" in (root / relative).read_text(encoding="utf-8")


def test_a_hand_edit_since_the_page_was_loaded_is_never_overwritten(tmp_path: Path) -> None:
    root = _copy("sample", tmp_path)
    path = root / "home_config.yaml"
    seen = read_version(path)
    path.write_text(path.read_text(encoding="utf-8").replace("Larkspur House", "Larkspur House (renamed)", 1),
                    encoding="utf-8")
    hand_edited = path.read_bytes()
    with pytest.raises(RecordError) as refused:
        edit_file(root, "home_config.yaml", HOME_SCHEMA, {("home", "provider"): "Another provider"},
                  base_sha=seen.sha, who="Test Manager", out_dir=tmp_path / "out")
    assert "changed since this page was loaded" in refused.value.message
    assert any("renamed" in line for line in refused.value.changes)
    assert path.read_bytes() == hand_edited


def test_a_value_the_schema_refuses_writes_nothing(tmp_path: Path) -> None:
    root = _copy("minimal", tmp_path)
    relative = "young_people/alex/profile.yaml"
    before = (root / relative).read_bytes()
    with pytest.raises(RecordError) as refused:
        edit_file(root, relative, YOUNG_PERSON_SCHEMA, {("risk", "level"): "severe"},
                  base_sha=read_version(root / relative).sha, who="Test Manager", out_dir=tmp_path / "out")
    assert refused.value.problems and "not one of the choices" in refused.value.problems[0].message
    assert (root / relative).read_bytes() == before
    assert not list(root.glob("young_people/alex/.*.tmp"))


def test_a_new_field_goes_where_the_schema_puts_it(tmp_path: Path) -> None:
    root = _copy("minimal", tmp_path)
    relative = "young_people/alex/profile.yaml"
    edit_file(root, relative, YOUNG_PERSON_SCHEMA, {("description", "complexion"): "Fair"},
              base_sha=None, who="Test Manager", out_dir=tmp_path / "out")
    lines = (root / relative).read_text(encoding="utf-8").splitlines()
    assert lines[lines.index("  eyes: blue") + 1] == "  complexion: Fair"


def test_a_child_folder_that_is_a_link_out_of_the_home_is_never_written_through(tmp_path: Path) -> None:
    """A link in young_people/ to a folder elsewhere: a form save must not change the file out there."""
    import os

    root = _copy("minimal", tmp_path)
    elsewhere = tmp_path / "elsewhere"
    shutil.move(root / "young_people" / "alex", elsewhere)
    os.symlink(elsewhere, root / "young_people" / "alex")
    relative = "young_people/alex/profile.yaml"
    before = (elsewhere / "profile.yaml").read_bytes()
    with pytest.raises(RecordError) as refused:
        edit_file(root, relative, YOUNG_PERSON_SCHEMA, {("description", "hair"): "Dyed green"},
                  base_sha=read_version(root / relative).sha, who="Test Manager", out_dir=tmp_path / "out")
    assert "outside the home" in refused.value.message
    assert (elsewhere / "profile.yaml").read_bytes() == before
    assert sorted(p.name for p in elsewhere.iterdir()) == sorted(p.name for p in (FIXTURES / "minimal_home" /
                                                                                    "young_people" / "alex").iterdir())
