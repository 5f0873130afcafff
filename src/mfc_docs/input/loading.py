"""Read YAML written by a person exactly as they wrote it.

PyYAML's usual loaders guess types (``07700900123`` becomes a number and loses
its leading zero, ``NO`` becomes ``False``, ``12:30`` becomes 750) and keep the
last of two duplicate keys without a word. Here every scalar stays a string;
the schema converts it explicitly. Only an unquoted empty value or ``~`` means
"not given"; every other value, ``null`` included, is read as written. Every
value keeps its line and column so that any later check can point at it.

The data is built straight from the parser's event stream with an explicit
stack, never by recursion, so no input can exhaust Python's (or C's) stack:
nesting deeper than ``MAX_DEPTH`` is refused as soon as it is reached, and
anchors/aliases are counted as they are expanded so that a small file cannot
blow up into billions of values. Parts of YAML a person would only meet by
accident are refused or flagged instead of silently changing the data: tags
(``!include``), a second document after ``---``, invisible control and
line-separator characters, and a `` #`` that cuts an unquoted value short
(``address: Flat #3``; a note laid out as ``value  # note`` is left alone).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..problems import KeyPath, Problem, character_name, codepoint, format_key_path
from .printable import unprintable_warnings  # text the PDFs would turn into boxes: said for every file

Position = tuple[int, int]  # 1-based line and column

# Unquoted, these mean "not given". Only these: ``null``/``Null``/``NULL`` are read as the words written.
_NULL_WORDS = {"", "~"}
# libyaml's parser when PyYAML has it (same events and marks, many times faster); never resolves types.
_BASE_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)

MAX_DEPTH = 50  # lists and sections inside each other; real mfc-docs files use a handful
MAX_ALIAS_VALUES = 200_000  # values produced by repeating anchors (*name) in one file

# Characters libyaml refuses outright (C0 controls except tab/LF/CR, DEL, C1 controls, U+FFFE/U+FFFF),
# plus those it silently takes as line breaks (NEL, U+2028, U+2029) and a stray byte-order mark.
_BAD_RAW = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
# The same inside a loaded value (only double-quoted escapes can produce them), where \r is one too.
_BAD_IN_VALUE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
# Whitespace then '#' right after a plain value: YAML reads the rest of the line as a comment. Matched unless
# it is laid out the way people (and yamllint) write a deliberate note: two spaces or more, then '# ' or a bare '#'.
_COMMENT_AFTER = re.compile(r"[ \t](?:#|[ \t]+#(?![ \t\n]|\Z))")
_LINE_SEPARATORS = frozenset("\x85\u2028\u2029")
# A backslash escape inside double quotes, for finding the one that produced a bad character.
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_SIMPLE_ESCAPES = {"0": "\x00", "a": "\x07", "b": "\x08", "v": "\x0b", "f": "\x0c", "r": "\r",
                   "e": "\x1b", "N": "\x85", "L": "\u2028", "P": "\u2029"}


@dataclass
class LoadedFile:
    """One YAML file: its plain data and where each value was written."""

    path: Path
    display: str  # the path as shown in messages, relative to the home folder
    data: Any
    value_positions: dict[KeyPath, Position] = field(default_factory=dict)
    key_positions: dict[KeyPath, Position] = field(default_factory=dict)

    def position(self, path: KeyPath, *, key: bool = False) -> Position | None:
        """Where ``path`` was written, or its nearest written ancestor.

        ``key=True`` prefers the key (for unknown or misplaced keys) over the value.
        """
        path = tuple(path)
        while True:
            if key and path in self.key_positions:
                return self.key_positions[path]
            if path in self.value_positions:
                return self.value_positions[path]
            if not path:
                return None
            path = path[:-1]

    def problem(self, path: KeyPath, message: str, level: str = "error", *, key: bool = False) -> Problem:
        """A problem about the value at ``path`` in this file."""
        pos = self.position(path, key=key)
        line, column = pos if pos else (None, None)
        return Problem(self.display, line, column, format_key_path(path), message, level)  # type: ignore[arg-type]


_TOO_DEEP = (f"the file is nested too deeply (more than {MAX_DEPTH} levels); mfc-docs files are at most a few "
             "levels deep. Check the indentation and the brackets [ ] { } from here on.")


class _Stop(Exception):
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


class _Builder:
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

    def _stop(self, position: Position, path: KeyPath, message: str) -> _Stop:
        return _Stop(self._problem(position, path, message))

    # -- the event loop ----------------------------------------------------------------------------------------

    def run(self, loader) -> None:
        """Read every event of the parser; raises ``_Stop`` or the parser's own ``YAMLError``."""
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
                    start = _pos(event.start_mark)
                    if event.explicit:
                        message = ("this file has a second part starting with '---' here; keep everything in one "
                                   "part (delete the '---' line).")
                    else:
                        message = ("this file has a second part starting here; keep everything in one part "
                                   "(delete the '---' or '...' line above it).")
                    raise _Stop(self._problem(start, (), message))
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
            self._add(start, path, _tag_message(event.tag))
        if event.style == '"' and _BAD_IN_VALUE.search(event.value):
            self._bad_escape(event, path)

    def _start(self, event, is_map: bool) -> None:
        start = _pos(event.start_mark)
        if len(self.stack) >= MAX_DEPTH:
            raise _Stop(self._problem(start, (), _TOO_DEEP))
        slot = self._slot()
        if event.tag is not None:
            self._add(start, slot[0] if slot else self.stack[-1].path, _tag_message(event.tag))
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
        start = _pos(event.start_mark)
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
            raise _Stop(self._problem(start, (), _TOO_DEEP))
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
        position = _pos(event.start_mark)
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
        kind = "line-separator" if char in _LINE_SEPARATORS else "control"
        how = f", written {written}" if written else ""
        self._add(position, path, f"this value contains an invisible {kind} character ({codepoint(char)}{how}); "
                                  "delete it.")


_ODD_SPACE_AFTER_COLON = re.compile("[^\\s:]:([\u00a0\u2000-\u200b\u202f\u205f\u3000])")


def _pos(mark) -> Position:
    return mark.line + 1, mark.column + 1


def _text_position(text: str, index: int) -> Position:
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def _tag_message(tag: str) -> str:
    if tag.startswith("tag:yaml.org,2002:"):
        tag = "!!" + tag[len("tag:yaml.org,2002:"):]
    return f"YAML tags like {tag} are not supported: write the value itself."


_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)


def _depth_exceeded_at(text: str) -> tuple[int | None, int | None]:
    """Line and column where nesting passes MAX_DEPTH levels, counted as the loader counts them.

    Each block mapping enclosing a line (judged by indentation) is one level, each open
    bracket another; quoted text and comments are skipped.
    """
    indents: list[int] = []
    flow = 0
    for line_no, line in enumerate(text.split("\n"), start=1):
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        if flow == 0:
            indent = len(line) - len(stripped)
            while indents and indents[-1] >= indent:
                indents.pop()
            indents.append(indent)
        quote = ""
        for column, char in enumerate(line, start=1):
            if quote:
                quote = "" if char == quote else quote
            elif char in "'\"":
                quote = char
            elif char == "#" and (column == 1 or line[column - 2] in " \t"):
                break
            elif char in "[{":
                flow += 1
                if len(indents) + flow > MAX_DEPTH:
                    return line_no, column
            elif char in "]}":
                flow = max(0, flow - 1)
    return None, None


def _syntax_message(error: yaml.MarkedYAMLError, text: str) -> str:
    """Plain English for the parser errors a person typing YAML by hand actually meets."""
    problem = (error.problem or "").strip()
    mark = error.problem_mark
    if "cannot start any token" in problem and mark is not None and "found character '" not in problem:
        lines = text.splitlines()
        if mark.line < len(lines) and mark.column < len(lines[mark.line]):
            problem = f"found character '{lines[mark.line][mark.column]}' that cannot start any token"
    if "'\\t'" in problem or "tab" in problem:
        return "there is a tab character here; YAML needs spaces for indentation. Replace the tab with spaces."
    if "mapping values are not allowed" in problem:
        return ("a ':' here cannot be read. If a value contains ': ' put the whole value in quotes, "
                "otherwise check the indentation of this line.")
    if "could not find expected ':'" in problem:
        return "a line near here is missing its ':' after the field name, or its indentation is off."
    if "expected <block end>" in problem or "expected <block mapping start>" in problem:
        return "the indentation here does not line up with the lines above it. Line fields of the same section up exactly."
    if "found unexpected end of stream" in problem or "found unexpected end" in problem:
        return "a quotation mark is opened but never closed. Close the quotes or remove them."
    if "unknown escape character" in problem or "escape" in problem:
        return r"a backslash in double quotes starts an escape code. Use single quotes, or write \\ for one backslash."
    if "did not find expected '-' indicator" in problem:
        return "the items of a list must all start with '- ' at the same indentation."
    if "document start>" in problem:
        return ("this file has a second part starting here, after a '...' line that ends the first; keep everything "
                "in one part (delete the '...' line).")
    if "found undefined alias" in problem:
        return "this '*name' refers to an anchor '&name' that is not defined above it."
    found = re.search(r"found character '(.+?)' that cannot start any token", problem)
    if found:
        char = found.group(1)
        return (f"a value cannot start with '{char}' unless it is in quotes. "
                f"Write it in quotes, for example: handle: \"{char}name\"")
    return f"this is not valid YAML ({problem}). Check this line and the one above it."


def _invisible_characters(text: str, display: str) -> list[Problem]:
    """Control and line-separator characters in the text, one problem per line (a single regex pass)."""
    first = _BAD_RAW.search(text)
    if first is None:
        return []
    if text.count("\x00") * 4 >= len(text):
        line, column = _text_position(text, first.start())
        return [Problem(display, line, column, "",
                        "this file looks saved as UTF-16 text (it is full of invisible NUL characters). Save it "
                        "again choosing the 'UTF-8' encoding (in Notepad: File > Save As > Encoding).")]
    problems: list[Problem] = []
    match: re.Match | None = first
    line, line_start, counted_to = 1, 0, 0
    while match is not None:  # the first such character of each line; the rest of the line is skipped
        index = match.start()
        line += text.count("\n", counted_to, index)
        line_start = text.rfind("\n", line_start, index) + 1 or line_start
        counted_to = index
        column = index - line_start + 1
        char = match.group()
        if len(problems) == 20:
            problems.append(Problem(display, line, column, "",
                                    "more lines from here on have invisible characters too; delete them."))
            break
        if char in _LINE_SEPARATORS:
            message = f"an invisible line-separator character ({codepoint(char)}) is here; delete it."
        elif char == "\ufeff":
            message = f"an invisible byte-order mark ({codepoint(char)}) is here; delete it."
        else:
            message = f"an invisible control character ({codepoint(char)}) is here; delete it."
        problems.append(Problem(display, line, column, "", message))
        end_of_line = text.find("\n", index)
        match = None if end_of_line < 0 else _BAD_RAW.search(text, end_of_line + 1)
    return problems


def load_yaml(path: Path, display: str) -> tuple[LoadedFile | None, list[Problem]]:
    """Load one file strictly. Returns the file (None when unusable) and the problems found."""
    problems: list[Problem] = []
    from .reading import YAML_LIMIT, UnreadableFile, read_user_file

    try:
        raw = read_user_file(path, YAML_LIMIT, display=display)
    except UnreadableFile as exc:  # a folder, a FIFO, a device, too large, not allowed to read
        return None, [Problem(display, None, None, "", exc.message)]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [Problem(display, line, column, "",
                              "this file is not saved as UTF-8 text (byte "
                              f"0x{raw[exc.start]:02X} cannot be read). Save it again choosing the "
                              "'UTF-8' encoding (in Notepad: File > Save As > Encoding).")]
    if "\r" in text:  # Windows (and old Mac) line ends: YAML reads them as "\n"; so do the line numbers here
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    problems.extend(_invisible_characters(text, display))
    line, counted_to = 1, 0
    for match in _TAB_INDENT.finditer(text):
        line += text.count("\n", counted_to, match.start())
        counted_to = match.start()
        column = match.end() - match.start()
        problems.append(Problem(display, line, column, "",
                                "this line is indented with a tab; YAML needs spaces. Replace the tab with spaces."))
    if problems:
        return None, sorted(problems, key=lambda p: (p.line or 0, p.column or 0))
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return None, [Problem(display, 1, 1, "", "the file is empty. Fill it in (copy an existing file as a start) or delete it.")]
    builder = _Builder(text, display, problems)
    loader = _BASE_LOADER(text)
    try:
        builder.run(loader)
    except _Stop as stop:
        problems.append(stop.problem)
        return None, problems
    except yaml.MarkedYAMLError as exc:
        if "maximum nesting depth" in (exc.problem or ""):
            # Newer libyaml stops by itself (at 1000 levels, reading ahead) before our own limit is met.
            line, column = _depth_exceeded_at(text)
            return None, [Problem(display, line, column, "", _TOO_DEEP)]
        mark = exc.problem_mark or exc.context_mark
        odd_space = _ODD_SPACE_AFTER_COLON.search(text)
        # "hair:<no-break space>Dark": YAML sees no ': ', and the error it gives is a line or more below
        if odd_space and mark and _text_position(text, odd_space.start(1))[0] <= mark.line + 1:
            line, column = _text_position(text, odd_space.start(1))
            return None, [Problem(display, line, column, "",
                                  f"the space after this ':' is a {character_name(odd_space.group(1))}, which YAML "
                                  "does not read as a space. Delete it and type an ordinary space.")]
        if exc.context_mark and "quoted scalar" in (exc.context or ""):
            mark = exc.context_mark  # point at the opening quote, not the end of the file
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        return None, [Problem(display, line, column, "", _syntax_message(exc, text))]
    except yaml.YAMLError as exc:  # errors without a mark; the checks above should leave none
        return None, [Problem(display, None, None, "", f"this is not valid YAML ({exc}).")]
    finally:
        loader.dispose()
    if not builder.done:
        return None, [Problem(display, 1, 1, "", "the file is empty. Fill it in or delete it.")]
    data = builder.root
    if not isinstance(data, dict):
        line, column = builder.log[0][1] if builder.log else (1, 1)
        problems.append(Problem(display, line, column, "",
                                "the file must be made of 'field: value' lines at the top level, "
                                "not a single value or a list."))
        return None, problems
    loaded = LoadedFile(path=path, display=display, data=data)
    values, keys = loaded.value_positions, loaded.key_positions
    for key_path, position, is_key in builder.log:
        if is_key:
            keys[key_path] = position
        else:
            values[key_path] = position
    problems.extend(unprintable_warnings(loaded))
    return loaded, problems


def load_yaml_text(text: str, display: str = "<text>") -> tuple[LoadedFile | None, list[Problem]]:
    """Load YAML from a string (tests and tools); same rules as files."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "input.yaml"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))  # lone surrogates: reported as not UTF-8
        loaded, problems = load_yaml(path, display)
        if loaded is not None:
            loaded.path = Path(display)
        return loaded, problems
