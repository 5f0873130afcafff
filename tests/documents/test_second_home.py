"""The documents made for a second, independently written fictional home, not only for the sample.

tests/fixtures/second_home has another police force, protocol and time limits, a child placed
by another council (an unaccompanied asylum-seeking child whose name is written in Latin letters
and in Ge'ez), a new placement with no medical section and no photo whose latest episode is still
open, and episodes across the October clock change and across the end of a month.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import FIXTURES
from .conftest import document_text, missing_from, raw_yaml
from .test_child_documents import CASES, FORMATS
from .test_home_documents import _one_a4_page

CHILDREN = sorted(p.name for p in (FIXTURES / "second_home" / "young_people").iterdir())


def test_the_second_home_is_built_without_errors(built_second: Path) -> None:
    from mfc_docs.input.home_data import load_home

    from ..conftest import TODAY

    assert load_home(built_second, TODAY).errors == []
    assert CHILDREN == ["dawit", "kayla", "reece"]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("stem,expected", CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("child_id", CHILDREN)
def test_every_value_from_the_childs_file_appears_as_written(built_second: Path, child_id: str, stem: str,
                                                             expected, fmt: str) -> None:
    child = raw_yaml(built_second / "young_people" / child_id / "profile.yaml")
    home = raw_yaml(built_second / "home_config.yaml")
    text = document_text(built_second, f"young_people/{child_id}/{child_id}-{stem}.{fmt}")
    values = expected(child, home)
    assert values
    assert missing_from(text, values) == []


def test_laminated_sheets_are_one_page(built_second: Path) -> None:
    checklists = sorted((built_second / "output" / "checklists").glob("*.pdf"))
    assert len(checklists) == 6
    for path in checklists:
        _one_a4_page(path, 12.0)
    _one_a4_page(built_second / "output" / "home" / "key-contacts.pdf", 9.0)
    for child_id in CHILDREN:
        _one_a4_page(built_second / "output" / "young_people" / child_id / f"{child_id}-response-card.pdf", 9.5)


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_procedure_names_this_homes_force_protocol_and_limits(built_second: Path, fmt: str) -> None:
    text = document_text(built_second, f"home/missing-from-care-procedure.{fmt}")
    assert missing_from(text, ["Eastmarsh Constabulary", "Eastmarsh Joint Missing Children Protocol (2025)",
                               "Heronsgate House", "Missing looked-after child from Heronsgate House"]) == []
    assert "within 3 working days" in text
