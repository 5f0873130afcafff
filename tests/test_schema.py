"""The schemas are valid cerberus schemas (mfc-docs trusts them at run time, so they are checked here)."""

from __future__ import annotations

import pytest
from cerberus.schema import DefinitionSchema

from mfc_docs.input.schema.episode import EPISODE_SCHEMA
from mfc_docs.input.schema.home import HOME_SCHEMA
from mfc_docs.input.schema.young_person import YOUNG_PERSON_SCHEMA
from mfc_docs.input.validation import MfcValidator


@pytest.mark.parametrize("schema", [HOME_SCHEMA, YOUNG_PERSON_SCHEMA, EPISODE_SCHEMA], ids=["home", "child", "episode"])
def test_schema_passes_cerberus_own_checks(schema: dict) -> None:
    DefinitionSchema(MfcValidator(), schema)  # raises SchemaError on any unknown rule or bad value


def test_a_broken_schema_would_be_caught() -> None:
    from cerberus import SchemaError

    with pytest.raises(SchemaError):
        DefinitionSchema(MfcValidator(), {"name": {"type": "strng"}})
