"""Shared fixtures: a small complete home, the sample home, and a fixed 'today'."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from reportlab import rl_config

rl_config.invariant = 1  # byte-identical PDFs for the same input

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
TODAY = date(2026, 11, 24)  # the sample data is written against this date


@pytest.fixture
def minimal_home(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/minimal_home that a test may change."""
    target = tmp_path / "home"
    shutil.copytree(FIXTURES / "minimal_home", target)
    return target


@pytest.fixture
def sample_home(tmp_path: Path) -> Path:
    """A copy of the sample home shipped at the top of the repository (without its output)."""
    target = tmp_path / "sample"
    target.mkdir()
    shutil.copy(REPO / "home_config.yaml", target / "home_config.yaml")
    shutil.copytree(REPO / "young_people", target / "young_people")
    return target


def edit(path: Path, old: str, new: str, count: int = 1) -> str:
    """Replace text in a file (exactly ``count`` occurrences must exist) and return the new text."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, f"{old!r} not found in {path}"
    text = text.replace(old, new, count)
    path.write_text(text, encoding="utf-8")
    return text


def line_of(text: str, needle: str) -> int:
    """The 1-based line on which ``needle`` first appears."""
    index = text.index(needle)
    return text.count("\n", 0, index) + 1


def require_tool(name: str) -> str:
    """The path of a system tool the tests need: fail in CI when it is missing, skip elsewhere."""
    found = shutil.which(name)
    if found:
        return found
    message = f"{name} is not installed (Debian: libreoffice-writer-nogui / poppler-utils; `make test` installs them as root)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def second_home(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/second_home: another fictional home (other force, protocol and limits)."""
    target = tmp_path / "second"
    shutil.copytree(FIXTURES / "second_home", target)
    return target
