"""The sample home, built once for all document tests (both formats), and ways to read what was written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from mfc_docs.input.loading import load_yaml
from mfc_docs.pipeline import build

from ..conftest import REPO, TODAY
from ..render.helpers import docx_text, norm, pdf_pages


@pytest.fixture(scope="session")
def built_sample(tmp_path_factory) -> Path:
    """A copy of the sample home with every document built into its output/."""
    home = tmp_path_factory.mktemp("built") / "sample"
    home.mkdir()
    shutil.copy(REPO / "home_config.yaml", home / "home_config.yaml")
    shutil.copytree(REPO / "young_people", home / "young_people")
    build(home, today=TODAY, jobs_count=2)
    return home


@pytest.fixture(scope="session")
def manifest(built_sample: Path) -> dict:
    return json.loads((built_sample / "output" / "manifest.json").read_text(encoding="utf-8"))


def document_text(home: Path, relative: str) -> str:
    """The whole text of a written document, whitespace folded.

    In a PDF each page's header and footer are drawn after its body (the footer needs the page
    count), so they are cut from each page to let text that flows over a page break read on.
    """
    data = (home / "output" / relative).read_bytes()
    if relative.endswith(".docx"):
        return docx_text(data)
    marking = raw_yaml(home / "home_config.yaml")["home"].get("protective_marking") or "OFFICIAL-SENSITIVE"
    pages = []
    for page in pdf_pages(data):
        cut = page.rfind(marking)
        pages.append(page[:cut] if cut > 0 else page)
    return norm(" ".join(pages))


def raw_yaml(path: Path) -> dict:
    """A file's values exactly as written (strings), as the manager typed them."""
    loaded, problems = load_yaml(path, path.name)
    assert not [p for p in problems if p.is_error]
    return loaded.data


def missing_from(text: str, values: list[str]) -> list[str]:
    """The values that do not appear in the text (whitespace folded on both sides)."""
    return [value for value in values if norm(value) not in text]


@pytest.fixture(scope="session")
def built_second(tmp_path_factory) -> Path:
    """A copy of tests/fixtures/second_home with every document built into its output/."""
    from ..conftest import FIXTURES

    home = tmp_path_factory.mktemp("built") / "second"
    shutil.copytree(FIXTURES / "second_home", home)
    build(home, today=TODAY, jobs_count=2)
    return home
