"""Evaluating a layout's expressions and wording against a document's context, for the PDF.

The PDF evaluates what docxtpl would in the Word template, with the same Jinja environment;
plain dotted paths (most expressions) skip Jinja and are looked up directly, strictly.
"""

from __future__ import annotations

import re
from typing import Any

from jinja2.exceptions import UndefinedError

from .jinja_env import finalize, make_env

class Loop:
    """The parts of Jinja's ``loop`` variable a layout may use."""

    def __init__(self, i: int, n: int):
        self.index0, self.index, self.length = i, i + 1, n
        self.first, self.last = i == 0, i == n - 1
        self.revindex, self.revindex0 = n - i, n - i - 1


_DOTTED_PATH = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")
_PLACEHOLDER = re.compile(r"\{\{ *([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*) *\}\}")


def _placeholders_only(text: str) -> list[str] | None:
    """``text`` split into wording and the dotted paths of its ``{{ a.b }}`` placeholders (odd
    places), when that is all it holds; None when Jinja must read it (filters, tags, comments, a
    line ending Jinja would change)."""
    parts = _PLACEHOLDER.split(text)
    if "\r" in text or text.endswith("\n") or any("{" in part for part in parts[::2]):
        return None
    return parts


def _path_lookup(src: str):
    """``a.b.c`` looked up as Jinja does (attribute first, then key), strict about anything missing."""
    first, *rest = src.split(".")

    def lookup(scope: dict) -> Any:
        if first not in scope:
            raise UndefinedError(f"'{first}' is undefined")
        value = scope[first]
        for name in rest:
            try:
                value = getattr(value, name)
            except AttributeError:
                try:
                    value = value[name]
                except (KeyError, TypeError, IndexError):
                    raise UndefinedError(f"'{name}' is undefined in '{src}'") from None
        return value

    return lookup


class Evaluator:
    def __init__(self) -> None:
        self.env = make_env(autoescape=False)
        self._exprs: dict[str, Any] = {}
        self._templates: dict[str, Any] = {}

    def value(self, src: str, scope: dict) -> Any:
        fn = self._exprs.get(src)
        if fn is None:
            if _DOTTED_PATH.fullmatch(src):  # most expressions are plain paths: no Jinja context needed
                fn = self._exprs[src] = _path_lookup(src)
            else:
                fn = self._exprs[src] = self.env.compile_expression(src, undefined_to_none=False)
        return fn(scope)

    def truth(self, src: str, scope: dict) -> bool:
        return bool(self.value(src, scope))

    def items(self, src: str, scope: dict) -> list:
        v = self.value(src, scope)
        return list(v) if v else []

    def show(self, src: str, scope: dict) -> str:
        """An expression as display text, exactly as ``{{ expr }}`` prints it."""
        return str(finalize(self.value(src, scope)))

    def render(self, text: str, scope: dict) -> str:
        if "{" not in text:  # plain wording: nothing to fill in
            return text
        t = self._templates.get(text)
        if t is None:
            parts = _placeholders_only(text)
            t = self._templates[text] = self.env.from_string(text) if parts is None else parts
        if isinstance(t, list):  # wording and {{ paths }}: printed as Jinja prints them, without compiling
            try:
                return "".join(part if i % 2 == 0 else self.show(part, scope) for i, part in enumerate(t))
            except UndefinedError:  # said in Jinja's own words
                t = self._templates[text] = self.env.from_string(text)
        return t.render(scope)


_SHARED_EVAL: Evaluator | None = None


def shared_evaluator() -> Evaluator:
    """One evaluator for every document, so each expression is compiled once per run."""
    global _SHARED_EVAL
    if _SHARED_EVAL is None:
        _SHARED_EVAL = Evaluator()
    return _SHARED_EVAL
