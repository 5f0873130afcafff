"""What may go into a docxtpl tag: every expression and text of a layout is checked before it is.

docxtpl finds its paragraph and row tags with patterns that stop at ``%`` and ``}``, and Word
stores ``&`` as ``&amp;`` inside a tag; a layout that breaks these rules would make a template
that fails or misprints at render time, so the builder refuses it, naming the block.
"""

from __future__ import annotations

import re

from jinja2 import TemplateSyntaxError

from .jinja_env import make_env

_SYNTAX_ENV = make_env(autoescape=False)


def check_expr(expr: str, where: str, *, in_block_tag: bool) -> str:
    """Return ``(expr)`` after checking it can live inside a docxtpl tag."""
    if not isinstance(expr, str) or not expr.strip():
        raise ValueError(f"{where}: the expression is empty")
    for bad in ("{{", "}}", "{%", "%}", "{#", "#}"):
        if bad in expr:
            raise ValueError(f"{where}: expression {expr!r} must not contain {bad!r}")
    if "&" in expr:
        # Word stores it as &amp; inside the tag and docxtpl does not turn it back
        raise ValueError(f"{where}: expression {expr!r} must not contain '&'; put such text in the context")
    if in_block_tag and ("%" in expr or "}" in expr):
        # docxtpl finds {%p ... %} / {%tr ... %} with the pattern [^}%]*
        raise ValueError(
            f"{where}: expression {expr!r} is used in a paragraph or row tag, where Word "
            "templates cannot contain '%' or '}'; compute the value in the context instead"
        )
    try:
        _SYNTAX_ENV.compile_expression(expr)
    except TemplateSyntaxError as exc:
        raise ValueError(f"{where}: expression {expr!r} is not valid Jinja: {exc.message}") from None
    return f"({expr.strip()})"


def check_template(text: str, where: str) -> str:
    try:
        _SYNTAX_ENV.parse(text)
    except TemplateSyntaxError as exc:
        raise ValueError(f"{where}: text {text!r} is not a valid Jinja template: {exc.message}") from None
    if re.search(r"\{[{%]-?\s*(p|tr|tc|r)\s", text):
        raise ValueError(f"{where}: text {text!r} must not use docxtpl paragraph/row/run tags")
    if "{%-" in text or "-%}" in text:
        # docxtpl reads {%- and -%} as "merge with the neighbouring paragraph"
        raise ValueError(f"{where}: text {text!r} must not use Jinja whitespace control ({{%- or -%}})")
    for tag in re.findall(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", text, re.S):
        if "&" in tag:
            raise ValueError(f"{where}: text {text!r} has '&' inside a tag; put such text outside the tag")
    return text


def check_var(name: str, where: str) -> str:
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name or ""):
        raise ValueError(f"{where}: loop variable {name!r} is not a simple name")
    return name
