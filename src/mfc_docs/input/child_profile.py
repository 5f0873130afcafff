"""A child's profile on its own, for showing who the child is while another of their files has an error.

``load_home`` leaves out a child with any error (no document may be made from
wrong data). A page that says "this child's file has an error" still needs the
child's name and assessed risk level, and a report of that child going missing
still needs them: when the profile itself is valid, this reads just the profile.
"""

from __future__ import annotations

from .home_data import Child, ChildSource
from .loading import load_yaml
from .schema.young_person import YOUNG_PERSON_SCHEMA
from .validation import validate_file


def read_profile(source: ChildSource) -> Child | None:
    """The child's validated profile (no episodes, no cross-file checks), or None when the profile has errors."""
    loaded, problems = load_yaml(source.profile, source.display)
    if loaded is None or any(p.is_error for p in problems):
        return None
    data, schema_problems = validate_file(loaded, YOUNG_PERSON_SCHEMA)
    if data is None or any(p.is_error for p in schema_problems):
        return None
    return Child(source.id, data, source, loaded)
