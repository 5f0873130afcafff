"""The command line: exit codes, help with examples, and a README that documents every command."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mfc_docs import __version__
from mfc_docs.cli import main

from .conftest import REPO, TODAY


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0 and result.output.strip() == f"mfc-docs, version {__version__}"


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_has_a_summary_an_example_and_a_readme_section(command: str) -> None:
    result = invoke(command, "-h")
    assert result.exit_code == 0
    assert "Example:" in result.output and f"mfc-docs {command}" in result.output
    assert main.commands[command].get_short_help_str(), command
    assert f"### `mfc-docs {command}" in (REPO / "README.md").read_text(encoding="utf-8")


def test_a_mistyped_command_is_a_usage_error() -> None:
    result = invoke("bild")
    assert result.exit_code == 2 and "No such command 'bild'" in result.output


def test_output_option_with_several_homes_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke("build", str(tmp_path), str(tmp_path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "-o/--output can only be used with one home folder" in result.output


def test_validate_prints_each_problem_then_one_summary_line(minimal_home: Path) -> None:
    result = invoke("validate", str(minimal_home), "--today", TODAY.isoformat())
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "home_config.yaml:14:1: warning: managers.deputy_manager: there is no entry for the deputy manager yet: the key "
        "contacts page will show a blank to fill in by hand. Add 'deputy_manager:' under 'managers:' with name and phone.",
        "home_config.yaml:14:1: warning: managers.responsible_individual: there is no entry for the Responsible "
        "Individual yet: the key contacts page will show a blank to fill in by hand. Add 'responsible_individual:' "
        "under 'managers:' with name and phone.",
        "No errors, 2 warnings (2 files checked). The documents can be built; deal with the warnings soon.",
    ]


def test_the_sample_home_validates_without_errors() -> None:
    result = invoke("validate", str(REPO), "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("No errors")


def test_the_data_format_reference_is_current() -> None:
    """docs/data-format.md is generated from the schema: run scripts/make_data_format_doc.py after a change."""
    from mfc_docs.input.schema.reference import markdown

    assert (REPO / "docs" / "data-format.md").read_text(encoding="utf-8") == markdown()


def test_every_schema_field_is_documented() -> None:
    from mfc_docs.input.schema.home import HOME_SCHEMA
    from mfc_docs.input.schema.young_person import YOUNG_PERSON_SCHEMA

    reference = (REPO / "docs" / "data-format.md").read_text(encoding="utf-8")

    def walk(schema: dict, prefix: str):
        for key, rule in schema.items():
            assert rule.get("meta", {}).get("help"), f"{prefix}{key} has no help text"
            yield f"{prefix}{key}"
            inner = rule.get("schema")
            if rule.get("type") == "dict":
                yield from walk(inner, f"{prefix}{key}.")
            elif rule.get("type") == "list" and inner.get("type") == "dict":
                yield from walk(inner["schema"], f"{prefix}{key}[].")

    for schema in (HOME_SCHEMA, YOUNG_PERSON_SCHEMA):
        for name in walk(schema, ""):
            assert f"| `{name}` |" in reference, name


@pytest.mark.parametrize("command", [["build"], ["dashboard", "--month", "2026-10"]])
def test_format_typed_in_capitals_is_taken(minimal_home: Path, command: list[str]) -> None:
    """'--format PDF' (as the file type is usually written) was refused: "'PDF' is not one of ...\""""
    result = CliRunner().invoke(main, [command[0], str(minimal_home), *command[1:], "--format", "PDF",
                                       "--today", "2026-11-24"])
    assert result.exit_code == 0, result.output
    output = minimal_home / "output"
    assert list(output.rglob("*.pdf")) and not list(output.rglob("*.docx"))
