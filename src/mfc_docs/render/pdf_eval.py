"""Evaluating a layout's expressions and wording against a document's context, for the PDF.

The PDF evaluates what docxtpl would in the Word template, with the same Jinja environment;
plain dotted paths (most expressions) skip Jinja and are looked up directly, strictly, and the
few other forms the layouts use (``~``, ``or``, ``if``/``else``, ``| join``) are read by
``pdf_expr``, which hands anything unusual back to Jinja. A PDF-only run then never imports Jinja.
"""

from __future__ import annotations

import re
from typing import Any

from .jinja_env import finalize
from .pdf_expr import NotHandled, parse, parse_wording


class Loop:
    """The parts of Jinja's ``loop`` variable a layout may use."""

    def __init__(self, i: int, n: int):
        self.index0, self.index, self.length = i, i + 1, n
        self.first, self.last = i == 0, i == n - 1
        self.revindex, self.revindex0 = n - i, n - i - 1


_DOTTED_PATH = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")


def _undefined(message: str) -> Exception:
    from jinja2.exceptions import UndefinedError  # only when something is missing

    return UndefinedError(message)


def _path_lookup(src: str):
    """``a.b.c`` looked up as Jinja does (attribute first, then key), strict about anything missing."""
    first, *rest = src.split(".")

    def lookup(scope: dict) -> Any:
        if first not in scope:
            raise _undefined(f"'{first}' is undefined")
        value = scope[first]
        for name in rest:
            try:
                value = getattr(value, name)
            except AttributeError:
                try:
                    value = value[name]
                except (KeyError, TypeError, IndexError):
                    raise _undefined(f"'{name}' is undefined in '{src}'") from None
        return value

    return lookup


class Evaluator:
    def __init__(self) -> None:
        self._env = None
        self._exprs: dict[str, Any] = {}
        self._templates: dict[str, Any] = {}

    @property
    def env(self):
        """The Jinja environment, made (and Jinja imported) the first time Jinja is needed."""
        if self._env is None:
            from .jinja_env import make_env

            self._env = make_env(autoescape=False)
        return self._env

    def _jinja_expression(self, src: str):
        compiled = self.env.compile_expression(src, undefined_to_none=False)
        self._exprs[src] = compiled
        return compiled

    def value(self, src: str, scope: dict) -> Any:
        fn = self._exprs.get(src)
        if fn is None:
            if _DOTTED_PATH.fullmatch(src):  # most expressions are plain paths: no Jinja context needed
                fn = self._exprs[src] = _path_lookup(src)
            else:
                fn = self._exprs[src] = parse(src) or self._jinja_expression(src)
        try:
            return fn(scope)
        except NotHandled:  # a value missing, or anything unusual: Jinja evaluates it, in its own words
            return self._jinja_expression(src)(scope)

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
            parts = parse_wording(text)
            t = self._templates[text] = self.env.from_string(text) if parts is None else parts
        if isinstance(t, list):  # wording and expressions: printed as Jinja prints them, without compiling
            try:
                return "".join(part if i % 2 == 0 else str(finalize(part(scope))) for i, part in enumerate(t))
            except NotHandled:  # said (or printed) in Jinja's own words
                t = self._templates[text] = self.env.from_string(text)
        return t.render(scope)


_SHARED_EVAL: Evaluator | None = None


def shared_evaluator() -> Evaluator:
    """One evaluator for every document, so each expression is compiled once per run."""
    global _SHARED_EVAL
    if _SHARED_EVAL is None:
        _SHARED_EVAL = Evaluator()
    return _SHARED_EVAL
