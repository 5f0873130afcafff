"""The few Jinja expression forms the PDF layouts use, evaluated without Jinja (and without importing it).

A new process that prints one police pack would otherwise import Jinja and compile a template
for each of a dozen expressions such as ``row.name ~ '\\n' ~ row.address`` or
``child.photo_caption or 'No photo on file'``. The forms read here are exactly:

* a dotted path ``a.b.c`` (each step looked up as Jinja does: attribute first, then key);
* a string literal in single or double quotes (decoded as Jinja's lexer decodes it);
* ``x ~ y ~ ...`` (each part turned into text with ``str`` and joined, as Jinja does without autoescape);
* ``x or y``; ``x if c else y`` (Python's truth, as Jinja's);
* ``( ... )``; ``x | join`` and ``x | join('sep')`` (Jinja's ``join`` without autoescape).

Anything else is not parsed (``parse`` returns None) and Jinja reads it. Evaluating never guesses:
any lookup that fails, or any error at all, raises :class:`NotHandled`, and the caller lets Jinja
evaluate the same text, so what is printed or raised (a missing value, ``None``) is Jinja's own.
``tests/render/test_pdf_eval.py`` compares every form with Jinja on many contexts.
"""

from __future__ import annotations

import re
from typing import Any, Callable

__all__ = ["NotHandled", "parse", "parse_wording"]

Compiled = Callable[[dict], Any]


class NotHandled(Exception):
    """This expression, with this context, is left to Jinja (a value is missing, or anything unusual)."""


_TOKEN = re.compile(r"""
    (?P<space>[ \t\n]+)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<string>'[^'\\\r]*(?:\\.[^'\\\r]*)*'|"[^"\\\r]*(?:\\.[^"\\\r]*)*")
  | (?P<op>[.~|()])
""", re.VERBOSE | re.DOTALL)

# Words Jinja reads as operators or constants, never as a value to look up.
_RESERVED = {"and", "or", "not", "if", "else", "in", "is", "true", "false", "none", "True", "False", "None",
             "for", "block", "endblock", "with", "recursive", "import", "include", "from", "as", "set", "endif",
             "elif", "endfor", "macro", "call", "filter", "extends", "raw", "pluck", "do", "loop_controls"}


def _tokens(source: str) -> list[tuple[str, str]] | None:
    found: list[tuple[str, str]] = []
    position = 0
    while position < len(source):
        match = _TOKEN.match(source, position)
        if match is None:
            return None
        position = match.end()
        kind = match.lastgroup
        if kind != "space":
            found.append((kind, match.group()))
    return found


def _literal(token: str) -> str | None:
    """A string literal's value, decoded as Jinja's lexer decodes it; None for an escape it would refuse."""
    try:
        return token[1:-1].encode("ascii", "backslashreplace").decode("unicode-escape")
    except UnicodeDecodeError:
        return None


class _Parser:
    """Recursive descent over Jinja's own precedence: conditional, then ``or``, then ``~``, then ``|``."""

    def __init__(self, tokens: list[tuple[str, str]]):
        self.tokens, self.at = tokens, 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self, kind: str, text: str | None = None) -> str | None:
        token = self.peek()
        if token is not None and token[0] == kind and (text is None or token[1] == text):
            self.at += 1
            return token[1]
        return None

    def expression(self) -> Compiled | None:
        value = self.either()
        while value is not None and self.take("name", "if"):
            condition = self.either()
            if condition is None or not self.take("name", "else"):
                return None
            otherwise = self.expression()
            if otherwise is None:
                return None
            value = _conditional(condition, value, otherwise)
        return value

    def either(self) -> Compiled | None:
        left = self.joined()
        while left is not None and self.take("name", "or"):
            right = self.joined()
            if right is None:
                return None
            left = _or(left, right)
        return left

    def joined(self) -> Compiled | None:
        parts = [self.filtered()]
        while parts[-1] is not None and self.take("op", "~"):
            parts.append(self.filtered())
        if parts[-1] is None:
            return None
        return parts[0] if len(parts) == 1 else _concat(parts)

    def filtered(self) -> Compiled | None:
        value = self.primary()
        while value is not None and self.take("op", "|"):
            if not self.take("name", "join"):
                return None
            separator = ""
            if self.take("op", "("):
                literal = self.take("string")
                separator = _literal(literal) if literal else None
                if separator is None or not self.take("op", ")"):
                    return None
            value = _join(value, separator)
        return value

    def primary(self) -> Compiled | None:
        literal = self.take("string")
        if literal is not None:
            text = _literal(literal)
            if text is None or (self.peek() or ("", ""))[0] == "string":  # 'a' 'b' is one literal in Jinja
                return None
            return lambda scope: text
        if self.take("op", "("):
            inner = self.expression()
            return inner if inner is not None and self.take("op", ")") else None
        name = self.take("name")
        if name is None or name in _RESERVED:
            return None
        path = [name]
        while self.take("op", "."):
            step = self.take("name")
            if step is None or step in _RESERVED:
                return None
            path.append(step)
        if (self.peek() or ("", ""))[1] in ("(", "["):
            return None
        return _lookup(path)


def _lookup(path: list[str]) -> Compiled:
    first, rest = path[0], path[1:]

    def lookup(scope: dict) -> Any:
        if first not in scope:
            raise NotHandled(first)
        value = scope[first]
        for name in rest:
            try:
                value = getattr(value, name)
            except AttributeError:
                try:
                    value = value[name]
                except (TypeError, LookupError, AttributeError):
                    raise NotHandled(name) from None
        return value

    return lookup


def _concat(parts: list[Compiled]) -> Compiled:
    return lambda scope: "".join([str(part(scope)) for part in parts])


def _or(left: Compiled, right: Compiled) -> Compiled:
    return lambda scope: left(scope) or right(scope)


def _conditional(condition: Compiled, value: Compiled, otherwise: Compiled) -> Compiled:
    return lambda scope: value(scope) if condition(scope) else otherwise(scope)


def _join(value: Compiled, separator: str) -> Compiled:
    return lambda scope: separator.join(map(str, value(scope)))


def _guarded(compiled: Compiled) -> Compiled:
    def evaluate(scope: dict) -> Any:
        try:
            return compiled(scope)
        except NotHandled:
            raise
        except Exception as exc:  # noqa: BLE001 - whatever went wrong, Jinja says it in its own words
            raise NotHandled(str(exc)) from exc

    return evaluate


def parse(source: str) -> Compiled | None:
    """``source`` as a function of the scope, when it is one of the forms above; None otherwise."""
    tokens = _tokens(source)
    if not tokens:
        return None
    parser = _Parser(tokens)
    compiled = parser.expression()
    return _guarded(compiled) if compiled is not None and parser.at == len(tokens) else None


_OUTPUT = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)


def parse_wording(text: str) -> list[str | Compiled] | None:
    """Wording with ``{{ expression }}`` placeholders as its parts (text at even places, expressions at odd),
    when every expression is one of the forms above and the text holds nothing else Jinja would read
    or change (a tag, a comment, whitespace control, a trailing new line, a carriage return); else None."""
    if "\r" in text or text.endswith("\n"):
        return None
    parts: list[str | Compiled] = []
    position = 0
    for match in _OUTPUT.finditer(text):
        inner = match.group(1)
        if inner.startswith(("-", "+")) or inner.endswith(("-", "+")):
            return None
        compiled = parse(inner)
        if compiled is None:
            return None
        parts.extend([text[position:match.start()], compiled])
        position = match.end()
    parts.append(text[position:])
    if any("{" in part or "}}" in part for part in parts[::2]):  # type: ignore[operator]
        return None
    return parts
