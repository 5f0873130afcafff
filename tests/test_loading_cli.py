"""YAML a person can write by accident, end to end: `mfc-docs validate` names file, line and column, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mfc_docs.cli import main

from .conftest import edit, line_of

CHILD = "young_people/alex/profile.yaml"


def run_validate(home: Path):
    return CliRunner().invoke(main, ["validate", str(home), "--today", "2026-11-24"])


def test_a_hash_in_an_unquoted_address_is_a_warning_with_the_fix(minimal_home: Path) -> None:
    text = edit(minimal_home / CHILD, "    address: Park Road", "    address: Flat #3, Park Road")
    result = run_validate(minimal_home)
    assert result.exit_code == 0, result.output  # a warning: the documents can still be built
    line = line_of(text, "Flat #3")
    assert (f"{CHILD}:{line}:19: warning: locations[1].address: the text after ' #' on this line is read as a "
            "comment and left out of every document. If the # is part of the value, put the whole value in quotes: "
            '"Flat #3, Park Road"; if it is a note, move it to a line of its own.') in result.output


# (case id, text to replace, replacement, text on the line it must point at, column, expected message)
CASES = [
    ("escaped control character", "  preferred: Alex", '  preferred: "Alex\\a"', "preferred", 19,
     "name.preferred: this value contains an invisible control character (U+0007, written \\a); delete it."),
    ("raw NUL", "  preferred: Alex", "  preferred: Al\x00ex", "preferred", 16,
     "an invisible control character (U+0000) is here; delete it."),
    ("raw line separator", "  preferred: Alex", "  preferred: Al\u2028ex", "preferred", 16,
     "an invisible line-separator character (U+2028) is here; delete it."),
    ("tag", "  preferred: Alex", "  preferred: !include alex.yaml", "preferred", 14,
     "name.preferred: YAML tags like !include are not supported: write the value itself."),
    ("second document", "date_of_birth: 2011-05-06", "date_of_birth: 2011-05-06\n---", "---", 1,
     "this file has a second part starting with '---' here; keep everything in one part (delete the '---' line)."),
    ("deep nesting", "  preferred: Alex", "  preferred: " + "[" * 1000, "preferred", 62,
     "the file is nested too deeply (more than 50 levels); mfc-docs files are at most a few levels deep."),
    ("anchor bomb", "  preferred: Alex",
     "  preferred: Alex\n" + "".join(f"  {n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n"
                                     for p, n in zip("abcdefgh", "bcdefghi")).replace("*a", "x"),
     "g: &g", 14, "name.g[2]: this file repeats anchors (&name / *name) so many times that it would be too large to read"),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_accidental_yaml_is_an_error_with_file_line_and_column(minimal_home: Path, case) -> None:
    _, old, new, needle, column, fragment = case
    text = edit(minimal_home / CHILD, old, new)
    result = run_validate(minimal_home)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit), result.exception  # a plain exit 1, not a crash
    where = f"{CHILD}:{line_of(text, needle)}:{column}: "
    assert any(line.startswith(where) and fragment in line for line in result.output.splitlines()), \
        f"expected '{where}...{fragment}' in:\n{result.output}"
