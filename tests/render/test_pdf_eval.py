"""The PDF's wording is filled in as Jinja would fill it, whether or not Jinja is asked to.

Wording made only of text and ``{{ dotted.path }}`` placeholders is filled in without compiling
a template (faster); every text here must come out exactly as Jinja renders it with the same
environment, and a missing value must fail with Jinja's own message.
"""

from __future__ import annotations

import pytest
from jinja2.exceptions import UndefinedError

from mfc_docs.render.jinja_env import make_env
from mfc_docs.render.pdf_eval import Evaluator


class Person:
    name = "Nhung (attribute)"


SCOPE = {
    "child": {"legal_name": "Nguyen Thi Nhung", "items": "a key called items", "risk": {"level": "high"}, "age": 14},
    "home": {"phone": "01632 960100"},
    "person": Person(),
    "cautions": ["first", "second"],
    "empty": "",
}

TEXTS = [
    "{{ child.legal_name }}, missing from care. The home (24 hours): {{ home.phone }}.",
    "{{child.legal_name}}",
    "{{   child.risk.level   }} at the start and end {{ child.age }}",
    "Age {{ child.age }} is printed as Jinja prints a number",
    "{{ child.items }}",  # a dict's method wins over its key, in Jinja and here
    "{{ person.name }}",
    "[{{ empty }}]",
    "Ends with a new line {{ child.age }}\n",  # Jinja drops one trailing new line
    "Windows line ends\r\n{{ child.age }}",  # Jinja turns them into \n
    "Two\n\nlines {{ home.phone }}\n\n",
    "A lone }} and a { brace {{ child.age }}",
    "{{ cautions | join(', ') }}",
    "{{- child.age }} trimmed {{ child.age -}} .",
    "{% if child.age %}yes{% endif %} {{ child.age }}",
    "{# a comment #}{{ child.age }}",
    "{{ child.legal_name ~ '!' }}",
]


@pytest.mark.parametrize("text", TEXTS)
def test_wording_is_filled_in_exactly_as_jinja_renders_it(text: str) -> None:
    expected = make_env(autoescape=False).from_string(text).render(SCOPE)
    evaluator = Evaluator()
    assert evaluator.render(text, SCOPE) == expected
    assert evaluator.render(text, SCOPE) == expected  # and again, from what the first time kept


@pytest.mark.parametrize("text", ["{{ child.missing }} here", "{{ nobody.name }}", "{{ child.legal_name.nope }}"])
def test_a_missing_value_fails_with_jinjas_own_message(text: str) -> None:
    with pytest.raises(UndefinedError) as jinja:
        make_env(autoescape=False).from_string(text).render(SCOPE)
    with pytest.raises(UndefinedError) as ours:
        Evaluator().render(text, SCOPE)
    assert str(ours.value) == str(jinja.value)


def test_none_is_refused_as_jinja_refuses_it() -> None:
    scope = {"child": {"gp": None}}
    with pytest.raises(ValueError) as jinja:
        make_env(autoescape=False).from_string("GP: {{ child.gp }}").render(scope)
    with pytest.raises(ValueError) as ours:
        Evaluator().render("GP: {{ child.gp }}", scope)
    assert str(ours.value) == str(jinja.value)
