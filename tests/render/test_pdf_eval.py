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


# ---------------------------------------------------------------------------------------------
# The other forms the layouts use (``~``, ``or``, ``if``/``else``, ``( )``, ``| join``) are read by
# render.pdf_expr without Jinja. Each is compared with Jinja on many contexts: every slot given
# text, empty text, None, a number, a list, a section, an object's attribute, or left out.

import itertools  # noqa: E402
import re  # noqa: E402

from jinja2 import Undefined  # noqa: E402

from mfc_docs.documents import ALL_KINDS  # noqa: E402
from mfc_docs.documents.blocks import Layout  # noqa: E402
from mfc_docs.render.pdf_expr import parse, parse_wording  # noqa: E402

_MISSING = object()


class Holder:
    """An object whose value is an attribute (Jinja looks attributes up before keys)."""

    def __init__(self, value):
        self.name = value


VALUES = ["Flat 3, 1 Example Road", "", None, 0, 7, True, False, ["a", "b"], [], {"k": "v"}, "Nguyễn Thị\nHồng",
          "01632 960100", Holder("attr"), _MISSING]

FORMS = [
    "row.a ~ '\n' ~ row.b",
    "row.a ~ '; interpreter needed: ' ~ row.b",
    "row.a ~ ('\n' ~ row.b if row.b else '')",
    "row.a or 'No photo on file'",
    "row.a or row.b or 'Not recorded'",
    "row.a if row.b else 'none given'",
    "(row.a ~ row.b) or \"double quoted\"",
    "row.a | join(', ')",
    "row.a | join",
    "row.a | join('\n') ~ row.b",
    "'é \\t tab \\\\ back \\' quote' ~ row.a",
    "row.a.name ~ row.b",
    "row.a if row.a else row.b if row.b else 'neither'",
    "row.items ~ row.a",
]


def _scopes(slots: int):
    for values in itertools.product(VALUES, repeat=slots):
        row = {key: value for key, value in zip("ab", values) if value is not _MISSING}
        yield {"row": row}
    yield {}  # no row at all


def _outcome(call):
    try:
        value = call()
    except Exception as exc:  # noqa: BLE001 - the exception is the outcome compared
        return "raises", type(exc), str(exc)
    if isinstance(value, Undefined):  # Jinja hands back a missing value unprinted (it cannot be compared)
        return "undefined", type(value), value._undefined_message
    return "gives", type(value), value


@pytest.mark.parametrize("source", FORMS)
def test_each_form_is_read_without_jinja(source: str) -> None:
    assert parse(source) is not None
    assert parse_wording(f"Label: {{{{ {source} }}}}.") is not None


@pytest.mark.parametrize("source", FORMS)
def test_each_form_gives_what_jinja_gives_on_many_contexts(source: str) -> None:
    jinja = make_env(autoescape=False).compile_expression(source, undefined_to_none=False)
    template = make_env(autoescape=False).from_string(f"Label: {{{{ {source} }}}}.")
    evaluator = Evaluator()
    for scope in _scopes(2):
        assert _outcome(lambda: evaluator.value(source, scope)) == _outcome(lambda: jinja(scope)), scope
        assert _outcome(lambda: evaluator.render(f"Label: {{{{ {source} }}}}.", scope)) == \
            _outcome(lambda: template.render(scope)), scope


@pytest.mark.parametrize("source", [
    "row.a ~", "row.a or", "row.a if row.b", "row.a + row.b", "row.a and row.b", "not row.a", "row.a == 'x'",
    "row.a | upper", "row.a | join(row.b)", "row.a[0]", "row.a()", "'a' 'b'", "none or row.a", "row.true",
    "1 ~ row.a", "range(3)", "row.a | join('x', attribute='y')", "row.a if row.b else", "(row.a", "row.ä",
])
def test_anything_else_is_left_to_jinja(source: str) -> None:
    assert parse(source) is None


@pytest.mark.parametrize("text", ["{{- row.a }}", "{{ row.a -}}", "{% if row.a %}x{% endif %}", "{# c #}{{ row.a }}",
                                  "{{ row.a }}\n", "a\r\n{{ row.a }}", "{ {{ row.a }}", "{{ row.a ~ '}}' }}"])
def test_wording_jinja_would_change_is_left_to_jinja(text: str) -> None:
    assert parse_wording(text) is None
    template = make_env(autoescape=False).from_string(text)
    for scope in _scopes(1):
        assert _outcome(lambda: Evaluator().render(text, scope)) == _outcome(lambda: template.render(scope))


def _layout_sources(blocks) -> tuple[list[str], list[str]]:
    """Every expression and every piece of wording in ``blocks``, nested blocks included."""
    expressions: list[str] = []
    wordings: list[str] = []
    for block in blocks:
        for name, value in vars(block).items():
            if name == "blocks":
                inner = _layout_sources(value)
                expressions += inner[0]
                wordings += inner[1]
            elif name in ("rows", "columns"):
                for row in value:
                    wordings.append(row[0])
                    expressions.append(row[1])
            elif isinstance(value, str) and (name.endswith("_expr") or name == "condition"):
                expressions.append(value)
            elif isinstance(value, str) and name in ("text", "empty", "missing_text", "caption", "label"):
                wordings.append(value)
    return expressions, wordings


def _every_layout() -> list[Layout]:
    from mfc_docs.documents import police_pack

    return [kind.layout for kind in ALL_KINDS] + [Layout(blocks=police_pack.PAGE_1, page=police_pack.LAYOUT.page)]


def _paths(source: str) -> list[str]:
    """The dotted paths an expression or wording reads (each given a value in turn by the test)."""
    return sorted({m for m in re.findall(r"(?<!['\w.])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)", source)})


def _scope_with(paths: list[str], values) -> dict:
    scope: dict = {}
    for path, value in zip(paths, values):
        *parents, last = path.split(".")
        node = scope
        for part in parents:
            node = node.setdefault(part, {}) if isinstance(node.get(part, {}), dict) else {}
        if value is not _MISSING:
            node[last] = value
    return scope


def test_every_expression_and_wording_in_every_layout_gives_what_jinja_gives() -> None:
    """The layouts' own forms (not only the examples above), each slot given every kind of value."""
    env = make_env(autoescape=False)
    checked = 0
    for layout in _every_layout():
        expressions, wordings = _layout_sources(layout.blocks)
        for source in [e for e in expressions if not re.fullmatch(r"[\w.]+", e) and parse(e)]:
            jinja = env.compile_expression(source, undefined_to_none=False)
            paths = _paths(source)
            for values in itertools.islice(itertools.product(VALUES, repeat=len(paths)), 3000):
                scope = _scope_with(paths, values)
                assert _outcome(lambda: Evaluator().value(source, scope)) == _outcome(lambda: jinja(scope)), (source, scope)
                checked += 1
        for text in [w for w in wordings if "{{" in w and parse_wording(w)]:
            template = env.from_string(text)
            paths = _paths(text)
            for values in itertools.islice(itertools.product(VALUES, repeat=len(paths)), 3000):
                scope = _scope_with(paths, values)
                assert _outcome(lambda: Evaluator().render(text, scope)) == _outcome(lambda: template.render(scope)), (text, scope)
                checked += 1
    assert checked > 1000


def test_the_police_packs_wording_and_expressions_need_no_jinja() -> None:
    """What makes ``report --pdf-only`` Jinja-free: every form in the pack is read by pdf_expr."""
    from mfc_docs.documents import police_pack

    expressions, wordings = _layout_sources(police_pack.LAYOUT.blocks)
    assert [e for e in expressions if parse(e) is None] == []
    assert [w for w in wordings if "{" in w and parse_wording(w) is None] == []
