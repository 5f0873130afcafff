"""The JSON Schemas for editors (mfc-docs schema, docs/schema/) agree with mfc-docs validate.

An editor (VS Code's YAML extension, the YAML language server) reads YAML 1.2 and checks each
file against the schema its first line names. These tests read the files the way such an editor
does and check that what mfc-docs accepts the editor accepts, and that the mistakes a manager
makes (a misspelt field, a wrong choice, a missing field, a date in the wrong order) are flagged
by both.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from mfc_docs.cli import main
from mfc_docs.input import json_schema as js
from mfc_docs.input.home_data import load_home

from .conftest import FIXTURES, REPO, TODAY

SCHEMA_DIR = REPO / "docs" / "schema"
KIND_OF = {"home_config.yaml": "home_config.schema.json", "profile.yaml": "profile.schema.json",
           "episodes.yaml": "episodes.schema.json"}
SAMPLE_FILES = sorted([REPO / "home_config.yaml", *REPO.glob("young_people/*/*.yaml")])
# The fixture homes have no yaml-language-server line (their tests name line numbers), but must pass too.
HOME_FILES = SAMPLE_FILES + sorted([*FIXTURES.glob("*/home_config.yaml"), *FIXTURES.glob("*/young_people/*/*.yaml")])

# YAML 1.2 core schema, as the YAML language server resolves plain scalars (2026-03-14 and yes stay text).
_CORE = [
    (re.compile(r"null|Null|NULL|~|"), lambda s: None),
    (re.compile(r"true|True|TRUE"), lambda s: True),
    (re.compile(r"false|False|FALSE"), lambda s: False),
    (re.compile(r"[-+]?[0-9]+"), int),
    (re.compile(r"0o[0-7]+"), lambda s: int(s[2:], 8)),
    (re.compile(r"0x[0-9a-fA-F]+"), lambda s: int(s[2:], 16)),
    (re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?"), float),
    (re.compile(r"[-+]?\.(inf|Inf|INF)|\.nan|\.NaN|\.NAN"), float),
]


def _as_editor_reads(node: yaml.Node):
    if isinstance(node, yaml.MappingNode):
        return {_as_editor_reads(k): _as_editor_reads(v) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [_as_editor_reads(item) for item in node.value]
    if node.style is None:  # plain: resolved by the core schema; quoted and block scalars are text
        for pattern, convert in _CORE:
            if pattern.fullmatch(node.value):
                return convert(node.value)
    return node.value


def read_as_editor(text: str):
    return _as_editor_reads(yaml.compose(text, Loader=yaml.BaseLoader))


def validator(schema_file: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMA_DIR / schema_file).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def test_the_editor_reader_reads_yaml_1_2() -> None:
    """The reader these tests use takes values the way an editor does, or the tests would prove nothing."""
    assert read_as_editor("a: 2026-03-14\nb: yes\nc: true\nd: 0123\ne: '42'\nf:\ng: 3.1\n") == {
        "a": "2026-03-14", "b": "yes", "c": True, "d": 123, "e": "42", "f": None, "g": 3.1}


@pytest.mark.parametrize("name", sorted(js.FILE_KINDS))
def test_the_committed_schemas_are_current(name: str) -> None:
    """docs/schema/ is generated from the cerberus schemas: run `make schema` after changing one."""
    assert (SCHEMA_DIR / name).read_text(encoding="utf-8") == js.json_schema_text(name), (
        f"docs/schema/{name} is out of date: run `make schema` (scripts/make_json_schemas.py)")


@pytest.mark.parametrize("name", sorted(js.FILE_KINDS))
def test_each_schema_is_a_valid_draft_2020_12_schema(name: str) -> None:
    schema = js.json_schema(name)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def _walk(cerberus_fields: dict, json_node: dict, path: str):
    """Pairs (cerberus rule, JSON Schema node, key path) for every field, nested sections and lists included."""
    for key, rule in cerberus_fields.items():
        node = json_node["properties"][key]
        yield rule, node, f"{path}{key}"
        inner = rule.get("schema")
        if rule.get("type") == "dict":
            yield from _walk(inner, node, f"{path}{key}.")
        elif rule.get("type") == "list" and inner.get("type") == "dict":
            yield from _walk(inner["schema"], node["items"], f"{path}{key}[].")


@pytest.mark.parametrize("name", sorted(js.FILE_KINDS))
def test_every_field_has_its_help_and_required_fields_are_required(name: str) -> None:
    cerberus_schema = js.FILE_KINDS[name][0]
    schema = js.json_schema(name)
    fields = list(_walk(cerberus_schema, schema, ""))
    assert len(fields) > 20
    for rule, node, path in fields:
        assert node.get("description") == rule["meta"]["help"], path
    for parent_rule, parent, path in [(None, schema, ""), *((r, n, p) for r, n, p in fields if r.get("type") == "dict")]:
        fields_here = parent_rule["schema"] if parent_rule else cerberus_schema
        assert parent["additionalProperties"] is False, path
        assert sorted(parent["required"]) == sorted(k for k, r in fields_here.items() if r.get("required")), path


def test_phone_numbers_must_be_text_and_choices_are_listed() -> None:
    profile = js.json_schema("profile.schema.json")
    phone = profile["properties"]["associates"]["items"]["properties"]["phone"]
    assert phone["type"] == ["string", "null"]
    influence = profile["properties"]["associates"]["items"]["properties"]["influence"]
    assert influence["anyOf"][0] == {"enum": ["protective", "risk", "unknown"]}


def test_a_cerberus_rule_with_no_json_schema_equivalent_stops_the_generation(monkeypatch) -> None:
    """A new kind of rule in a schema is never silently left unchecked by the editor."""
    broken = {"name": {"type": "string", "regex": "[a-z]+", "meta": {"help": "x"}}}
    monkeypatch.setitem(js.FILE_KINDS, "broken.json", (broken, "x.yaml", "x"))
    with pytest.raises(ValueError, match="regex"):
        js.json_schema("broken.json")


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_each_sample_file_names_its_schema_on_its_first_line(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match, f"{path} does not start with its yaml-language-server line"
    target = (path.parent / match.group(1)).resolve()
    assert target == (SCHEMA_DIR / KIND_OF[path.name]).resolve()
    assert target.is_file()


@pytest.mark.parametrize("path", HOME_FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_each_sample_and_fixture_file_passes_its_json_schema(path: Path) -> None:
    data = read_as_editor(path.read_text(encoding="utf-8"))
    problems = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
                for e in validator(KIND_OF[path.name]).iter_errors(data)]
    assert problems == []


# Mistakes a manager makes, each in a copy of the minimal fixture home: (file, text to change, new text,
# the JSON path the editor flags). Each must also make `mfc-docs validate` report an error.
MISTAKES = {
    "unknown field": ("young_people/alex/profile.yaml", "  eyes: blue", "  eye: blue", ("description",)),
    "unknown field at the top": ("home_config.yaml", "home:\n", "hmoe:\n", ()),
    "wrong choice": ("young_people/alex/profile.yaml", "    influence: risk", "    influence: dangerous",
                     ("associates", 0, "influence")),
    "wrong risk level": ("young_people/alex/profile.yaml", "  level: ", "  level: severe #", ("risk", "level")),
    "missing required field": ("young_people/alex/profile.yaml", "  hair: short, brown\n", "",
                               ("description",)),
    "missing required section": ("home_config.yaml", "police:\n", "polis:\n", ()),
    "date written day first": ("young_people/alex/profile.yaml", "date_of_birth: 2011-05-06",
                               "date_of_birth: 06/05/2011", ("date_of_birth",)),
    "month 13": ("young_people/alex/profile.yaml", "placed_on: 2025-01-10", "placed_on: 2025-13-10",
                 ("placement", "placed_on")),
    "year with a slip": ("young_people/alex/profile.yaml", "taken_on: 2026-10-01", "taken_on: 0026-10-01",
                         ("photo", "taken_on")),
    "not yes or no": ("young_people/alex/profile.yaml", "    safe_to_contact: no", "    safe_to_contact: maybe",
                      ("associates", 0, "safe_to_contact")),
    "phone with letters": ("young_people/alex/profile.yaml", "    phone: 07700 900012",
                           "    phone: ring the office", ("associates", 0, "phone")),
    "photo outside the folder": ("young_people/alex/profile.yaml", "  file: photo.jpg", "  file: ../photo.jpg",
                                 ("photo", "file")),
    "number too big": ("home_config.yaml", "rhi_within_hours: 72", "rhi_within_hours: 99999",
                       ("time_limits", "rhi_within_hours")),
    "not a whole number": ("home_config.yaml", "rhi_within_hours: 72", "rhi_within_hours: three days",
                           ("time_limits", "rhi_within_hours")),
    "list where text belongs": ("young_people/alex/profile.yaml", "  build: slim", "  build: [slim, tall]",
                                ("description", "build")),
    "empty required text": ("young_people/alex/profile.yaml", "  build: slim", "  build: ''",
                            ("description", "build")),
}


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_a_mistake_fails_both_the_json_schema_and_mfc_docs_validate(mistake: str, tmp_path: Path) -> None:
    relative, old, new, json_path = MISTAKES[mistake]
    home = tmp_path / "home"
    shutil.copytree(FIXTURES / "minimal_home", home)
    assert load_home(home, TODAY).errors == []  # the copy is valid before the mistake
    path = home / relative
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (mistake, old)
    path.write_text(text.replace(old, new), encoding="utf-8")

    errors = list(validator(KIND_OF[path.name]).iter_errors(read_as_editor(path.read_text(encoding="utf-8"))))
    assert errors, f"the JSON Schema accepts: {mistake}"
    assert {tuple(e.absolute_path) for e in errors} == {json_path}  # flagged where the mistake is
    assert load_home(home, TODAY).errors, f"mfc-docs validate accepts: {mistake}"


def test_plain_text_values_mfc_docs_keeps_as_written_pass_the_json_schema(tmp_path: Path) -> None:
    """A version written 3.1 or a height written 163 is text to mfc-docs; the editor must not call it wrong."""
    text = (FIXTURES / "minimal_home" / "young_people" / "alex" / "profile.yaml").read_text(encoding="utf-8")
    text = text.replace("  height: 160 cm", "  height: 160").replace("  level: ", "  level: High #")
    assert not list(validator("profile.schema.json").iter_errors(read_as_editor(text)))


def test_schema_command_writes_the_three_schemas_owner_only_and_says_what_to_add(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["schema", "-o", "editor-schemas"])
    assert result.exit_code == 0, result.output
    for name in js.FILE_KINDS:
        written = tmp_path / "editor-schemas" / name
        assert written.read_text(encoding="utf-8") == (SCHEMA_DIR / name).read_text(encoding="utf-8")
        if os.name == "posix":
            assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert "# yaml-language-server: $schema=editor-schemas/home_config.schema.json" in result.output
    assert "# yaml-language-server: $schema=../../editor-schemas/profile.schema.json" in result.output


def test_schema_command_into_a_file_says_why_it_cannot_write(tmp_path: Path) -> None:
    blocker = tmp_path / "taken"
    blocker.write_text("not a folder", encoding="utf-8")
    result = CliRunner().invoke(main, ["schema", "-o", str(blocker / "inside")])
    assert result.exit_code == 1
    assert "Cannot write the JSON Schemas" in result.output
    assert "Traceback" not in result.output


@pytest.mark.skipif(os.name != "posix", reason="symbolic links need POSIX here")
def test_schema_command_never_writes_through_a_link_to_a_file_outside(tmp_path: Path, monkeypatch) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("someone else's file", encoding="utf-8")
    outside.chmod(0o644)
    home = tmp_path / "home"
    (home / "schema").mkdir(parents=True)
    (home / "schema" / "profile.schema.json").symlink_to(outside)
    monkeypatch.chdir(home)
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 1
    assert "profile.schema.json is a symbolic link; mfc-docs does not write through links. Delete it" in result.output
    assert outside.read_text(encoding="utf-8") == "someone else's file"
    assert stat.S_IMODE(outside.stat().st_mode) == 0o644
