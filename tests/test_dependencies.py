"""The versions pyproject.toml allows are the versions the tests run with.

mfc-docs reaches into docxtpl (render/docx.py overrides its template methods), python-docx
(element classes, package parts) and reportlab (paragraph fragments, image readers, canvas
pages: render/pdf_speedups.py, render/pdf_page.py). A new minor release may change any of
those, so each is allowed only within the minor series CI installs and tests.
"""

from __future__ import annotations

import inspect
from importlib.metadata import requires, version

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

REACHED_INTO = ("docxtpl", "python-docx", "reportlab")


def requirements() -> dict[str, Requirement]:
    """pyproject.toml's dependencies, as installed (``make test`` reinstalls when pyproject.toml changes)."""
    listed = [Requirement(line) for line in requires("mfc-docs") or []]
    return {req.name.lower(): req for req in listed if req.marker is None}


@pytest.mark.parametrize("name", REACHED_INTO)
def test_a_library_whose_internals_are_used_is_allowed_only_in_the_tested_minor_series(name):
    allowed = requirements()[name].specifier
    installed = Version(version(name))
    assert installed in allowed, f"{name} {installed} is installed but pyproject.toml allows {allowed}"
    next_minor = Version(f"{installed.major}.{installed.minor + 1}")
    assert next_minor not in allowed, f"{name} {next_minor} is untested but pyproject.toml allows it ({allowed})"


def test_docxtpl_is_new_enough_for_the_context_argument_render_docx_passes():
    from docxtpl import DocxTemplate

    assert "context" in inspect.signature(DocxTemplate.get_undeclared_template_variables).parameters
    assert Version("0.20.0") not in requirements()["docxtpl"].specifier  # 0.20.0 has no context=


def test_every_dependency_has_an_upper_bound():
    unbounded = [str(req) for req in requirements().values()
                 if not any(spec.operator in ("<", "<=", "==", "~=") for spec in req.specifier)
                 and req.name not in ("tzdata", "phonenumbers")]  # data packages: newer data is the point
    assert not unbounded, f"no upper bound, so CI may test a version nobody has tried: {unbounded}"
