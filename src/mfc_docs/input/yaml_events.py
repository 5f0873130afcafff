"""YAML events -> plain data, every value and key with its line and column.

The parser's event stream is read with an explicit stack (never recursion, so no input can
exhaust the stack); every scalar stays the string that was written; duplicate keys, tags,
aliases that blow up, invisible characters and a '#' that cuts a value short are reported
as problems at their position. :mod:`.loading` runs this over a file's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from ..problems import KeyPath, Problem, codepoint, format_key_path

Position = tuple[int, int]  # 1-based line and column

# Unquoted, these mean "not given". Only these: ``null``/``Null``/``NULL`` are read as the words written.
_NULL_WORDS = {"", "~"}

MAX_DEPTH = 50  # lists and sections inside each other; real mfc-docs files use a handful
MAX_ALIAS_VALUES = 200_000  # values produced by repeating anchors (*name) in one file

# Characters a loaded value must not contain (only double-quoted escapes can produce them), \r included.
_BAD_IN_VALUE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
# Whitespace then '#' right after a plain value: YAML reads the rest of the line as a comment. Matched unless
# it is laid out the way people (and yamllint) write a deliberate note: two spaces or more, then '# ' or a bare '#'.
_COMMENT_AFTER = re.compile(r"[ \t](?:#|[ \t]+#(?![ \t\n]|\Z))")
LINE_SEPARATORS = frozenset("\x85\u2028\u2029")
# A backslash escape inside double quotes, for finding the one that produced a bad character.
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_SIMPLE_ESCAPES = {"0": "\x00", "a": "\x07", "b": "\x08", "v": "\x0b", "f": "\x0c", "r": "\r",
                   "e": "\x1b", "N": "\x85", "L": "\u2028", "P": "\u2029"}


def pos_of(mark) -> Position:
    """A parser mark as a 1-based (line, column)."""
    return mark.line + 1, mark.column + 1


def tag_message(tag: str) -> str:
    """Why a tag (``!include``, ``!!str``) is refused, naming it as it was written."""
    if tag.startswith("tag:yaml.org,2002:"):
        tag = "!!" + tag[len("tag:yaml.org,2002:"):]
    return f"YAML tags like {tag} are not supported: write the value itself."


TOO_DEEP = (f"the file is nested too deeply (more than {MAX_DEPTH} levels); mfc-docs files are at most a few "
             "levels deep. Check the indentation and the brackets [ ] { } from here on.")


class Stop(Exception):
    """A problem that makes the rest of the file unreadable (too deep, too many aliases, ...)."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


# The state of a mapping between its key and its value.
_EXPECT_KEY = object()  # the next node is a key
_IN_BAD_KEY = object()  # inside a key that is a list or a mapping
_DISCARD = object()  # the next node is the value of a refused key: read it, then drop it


class _Frame:
    """A mapping or list still being read."""

    __slots__ = ("anchor", "data", "first_seen", "flow", "height", "is_map", "key", "log", "log_start", "path",
                 "size", "start")

    def __init__(self, is_map: bool, path: KeyPath, log: list, anchor: str | None, start: Position, flow: bool):
        self.is_map = is_map
        self.path = path
        self.data: Any = {} if is_map else []
        self.log = log  # where positions inside go: the file's log, or a throw-away one for dropped values
        self.log_start = len(log)
        self.anchor = anchor
        self.start = start
        self.flow = flow
        self.key: Any = _EXPECT_KEY
        self.first_seen: dict[str, Position] = {}
        self.size = 1  # values inside, this one included (for anchors)
        self.height = 1  # levels of lists and mappings, this one included (for anchors)


@dataclass
class _Anchor:
    """What an anchor (&name) stands for, ready to be repeated by an alias (*name)."""

    data: Any
    positions: list  # (path relative to the anchor, position, is_key)
    size: int
    height: int
    start: Position


def _copy(value: Any) -> Any:
    """A fresh copy of anchored data, so that repeated values never share (and never mutate) each other.

    Depth is bounded by ``MAX_DEPTH``, checked before any alias is expanded.
    """
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


class DataBuilder:
    """Turns the parser's events into plain data, recording positions, duplicates and anything suspicious."""

    def __init__(self, text: str, display: str, problems: list[Problem]):
        self.text = text
        self.display = display
        self.problems = problems
        self.log: list = []  # (path, position, is_key) for every value and key kept, in file order
        self.stack: list[_Frame] = []
        self.anchors: dict[str, _Anchor] = {}
        self.expanded = 0  # values produced by aliases so far
        self.root: Any = None
        self.done = False

    # -- reporting ---------------------------------------------------------------------------------------------

    def _problem(self, position: Position, path: KeyPath, message: str, level: str = "error") -> Problem:
        return Problem(self.display, position[0], position[1], format_key_path(path), message, level)  # type: ignore[arg-type]

    def _add(self, position: Position, path: KeyPath, message: str, level: str = "error") -> None:
        self.problems.append(self._problem(position, path, message, level))

    def _stop(self, position: Position, path: KeyPath, message: str) -> Stop:
        return Stop(self._problem(position, path, message))

    # -- the event loop ----------------------------------------------------------------------------------------

    def run(self, loader) -> None:
        """Read every event of the parser; raises ``Stop`` or the parser's own ``YAMLError``."""
        get_event = loader.get_event
        stack = self.stack
        documents = 0
        while True:
            event = get_event()
            kind = type(event)
            if kind is yaml.ScalarEvent:  # most events: handled here rather than through more calls
                mark = event.start_mark
                start = (mark.line + 1, mark.column + 1)
                style = event.style
                if event.tag is not None or (style == '"' and _BAD_IN_VALUE.search(event.value)):
                    self._scalar_problems(event, start)
                parent = stack[-1] if stack else None
                if parent is None:
                    path, log = (), self.log
                elif parent.is_map:
                    key = parent.key
                    if key is _EXPECT_KEY:
                        self._key(event.value, start, event.anchor)
                        continue
                    if key is _DISCARD:
                        path, log = parent.path, []
                    else:
                        path, log = parent.path + (key,), parent.log
                else:
                    path, log = parent.path + (len(parent.data),), parent.log
                value = event.value
                if not style:  # plain: only an empty value or ~ means "not given"
                    if value in _NULL_WORDS:
                        value = None
                    if _COMMENT_AFTER.match(self.text, event.end_mark.index):
                        self._comment_warning(event, path, parent)
                elif style == "|" or style == ">":
                    value = value.rstrip("\n")
                log.append((path, start, False))
                if event.anchor is not None:
                    self._define(event.anchor, _Anchor(value, [((), start, False)], 1, 0, start))
                self._deliver(value, 1, 0)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                self._start(event, kind is yaml.MappingStartEvent)
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                self._end()
            elif kind is yaml.AliasEvent:
                self._alias(event)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    start = pos_of(event.start_mark)
                    if event.explicit:
                        message = ("this file has a second part starting with '---' here; keep everything in one "
                                   "part (delete the '---' line).")
                    else:
                        message = ("this file has a second part starting here; keep everything in one part "
                                   "(delete the '---' or '...' line above it).")
                    raise Stop(self._problem(start, (), message))
            elif kind is yaml.StreamEndEvent or event is None:
                return
            # StreamStart and DocumentEnd need nothing.

    def _slot(self) -> tuple[KeyPath, list, _Frame | None] | None:
        """Where the node starting now goes: its path and position log. None for a mapping key."""
        if not self.stack:
            return (), self.log, None
        parent = self.stack[-1]
        if parent.is_map:
            if parent.key is _EXPECT_KEY:
                return None
            if parent.key is _DISCARD:
                return parent.path, [], parent
            return parent.path + (parent.key,), parent.log, parent
        return parent.path + (len(parent.data),), parent.log, parent

    def _scalar_problems(self, event: yaml.ScalarEvent, start: Position) -> None:
        """A tag, or a control character put in by a double-quoted escape code."""
        slot = self._slot()
        path = slot[0] if slot else self.stack[-1].path
        if event.tag is not None:
            self._add(start, path, tag_message(event.tag))
        if event.style == '"' and _BAD_IN_VALUE.search(event.value):
            self._bad_escape(event, path)

    def _start(self, event, is_map: bool) -> None:
        start = pos_of(event.start_mark)
        if len(self.stack) >= MAX_DEPTH:
            raise Stop(self._problem(start, (), TOO_DEEP))
        slot = self._slot()
        if event.tag is not None:
            self._add(start, slot[0] if slot else self.stack[-1].path, tag_message(event.tag))
        if slot is None:  # a list or a mapping used as a key: read it, then drop it and its value
            parent = self.stack[-1]
            self._add(start, parent.path, "a key must be a plain word such as 'name:', not a list or a mapping")
            parent.key = _IN_BAD_KEY
            path, log = parent.path, []
        else:
            path, log, _ = slot
        frame = _Frame(is_map, path, log, event.anchor, start, bool(event.flow_style))
        log.append((path, start, False))
        self.stack.append(frame)

    def _end(self) -> None:
        frame = self.stack.pop()
        if frame.anchor is not None:
            cut = len(frame.path)
            positions = [(p[cut:], pos, is_key) for p, pos, is_key in frame.log[frame.log_start:]]
            self._define(frame.anchor, _Anchor(frame.data, positions, frame.size, frame.height, frame.start))
        self._deliver(frame.data, frame.size, frame.height)

    def _alias(self, event: yaml.AliasEvent) -> None:
        start = pos_of(event.start_mark)
        name = event.anchor
        slot = self._slot()
        path = slot[0] if slot else self.stack[-1].path
        anchor = self.anchors.get(name)
        if anchor is None:
            if any(frame.anchor == name for frame in self.stack):
                raise self._stop(start, path, f"'*{name}' is used inside the value of its own anchor '&{name}', so it "
                                              "would repeat forever; write the values out instead.")
            raise self._stop(start, path, f"this '*{name}' refers to an anchor '&{name}' that is not defined above it.")
        if slot is None:  # an alias as a key: fine when it stands for a plain word
            if isinstance(anchor.data, str):
                self._key(anchor.data, start, None)
            else:
                parent = self.stack[-1]
                self._add(start, parent.path, "a key must be a plain word such as 'name:', not a list or a mapping")
                parent.key = _DISCARD
            return
        path, log, _ = slot
        if len(self.stack) + anchor.height > MAX_DEPTH:
            raise Stop(self._problem(start, (), TOO_DEEP))
        self.expanded += anchor.size
        if self.expanded > MAX_ALIAS_VALUES:
            raise self._stop(start, path, "this file repeats anchors (&name / *name) so many times that it would be "
                                          "too large to read; write the values out instead.")
        log.extend((path + rel, pos, is_key) for rel, pos, is_key in anchor.positions)
        self._deliver(_copy(anchor.data), anchor.size, anchor.height)

    # -- mappings ----------------------------------------------------------------------------------------------

    def _key(self, key: str, start: Position, anchor: str | None) -> None:
        parent = self.stack[-1]
        if anchor is not None:
            self._define(anchor, _Anchor(key, [((), start, False)], 1, 0, start))
        if key == "<<":
            self._add(start, parent.path, "YAML merge keys ('<<:') are not supported here; write the fields out in full")
            parent.key = _DISCARD
            return
        if key in parent.first_seen:
            self._add(start, parent.path + (key,),
                      f"'{key}' appears twice in this section (first at line {parent.first_seen[key][0]}); "
                      "YAML would silently keep only the last one. Keep one and delete the other.")
            parent.key = _DISCARD
            return
        parent.first_seen[key] = start
        parent.log.append((parent.path + (key,), start, True))
        parent.key = key

    def _deliver(self, value: Any, size: int, height: int) -> None:
        """Put a finished value into the mapping or list around it."""
        if not self.stack:
            self.root = value
            self.done = True
            return
        parent = self.stack[-1]
        if parent.is_map:
            key = parent.key
            if key is _IN_BAD_KEY:  # the bad key is finished; its value comes next and is dropped
                parent.key = _DISCARD
                return
            parent.key = _EXPECT_KEY
            if key is _DISCARD:
                return
            parent.data[key] = value
        else:
            parent.data.append(value)
        parent.size += size
        if height >= parent.height:
            parent.height = height + 1

    def _define(self, name: str, anchor: _Anchor) -> None:
        previous = self.anchors.get(name)
        if previous is not None:
            self._add(anchor.start, (), f"the anchor '&{name}' is defined twice (first at line {previous.start[0]}); "
                                        "give each anchor its own name.")
        self.anchors[name] = anchor

    # -- checks on single values -------------------------------------------------------------------------------

    def _comment_warning(self, event: yaml.ScalarEvent, path: KeyPath, parent: _Frame | None) -> None:
        """Warn that ' #' right after an unquoted value turned the rest of its line into a comment."""
        text = self.text
        end = event.end_mark.index
        eol = text.find("\n", end)
        if eol < 0:
            eol = len(text)
        hash_at = text.index("#", end, eol)
        line = event.end_mark.line + 1
        column = event.end_mark.column + (hash_at - end) + 1
        message = ("the text after ' #' on this line is read as a comment and left out of every document. "
                   "If the # is part of the value, put the whole value in quotes")
        whole = text[event.start_mark.index:eol].strip()
        if (event.start_mark.line == event.end_mark.line and not (parent and parent.flow)
                and '"' not in whole and "\\" not in whole):
            message += f': "{whole}"'
        message += "; if it is a note, move it to a line of its own."
        self._add((line, column), path, message, "warning")

    def _bad_escape(self, event: yaml.ScalarEvent, path: KeyPath) -> None:
        """Report a control character that a double-quoted escape code (such as \\a or \\0) put into a value."""
        char = _BAD_IN_VALUE.search(event.value).group()  # type: ignore[union-attr]
        position = pos_of(event.start_mark)
        written = ""
        source = self.text[event.start_mark.index:event.end_mark.index]
        for match in _ESCAPE.finditer(source):
            code = match.group(1)
            number = int(code[1:], 16) if len(code) > 1 else -1
            produced = chr(number) if 0 <= number <= 0x10FFFF else _SIMPLE_ESCAPES.get(code)
            if produced is not None and _BAD_IN_VALUE.match(produced):
                char, written = produced, match.group()
                before = source[:match.start()]  # the scalar's own text: no pass over the whole file
                newlines = before.count("\n")
                column = (event.start_mark.column + match.start() if not newlines
                          else match.start() - before.rfind("\n") - 1)
                position = (event.start_mark.line + newlines + 1, column + 1)
                break
        kind = "line-separator" if char in LINE_SEPARATORS else "control"
        how = f", written {written}" if written else ""
        self._add(position, path, f"this value contains an invisible {kind} character ({codepoint(char)}{how}); "
                                  "delete it.")

