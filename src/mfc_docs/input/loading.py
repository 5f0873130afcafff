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
from .yaml_events import LINE_SEPARATORS, MAX_DEPTH, TOO_DEEP, DataBuilder, Position, Stop

# libyaml's parser when PyYAML has it (same events and marks, many times faster); never resolves types.
_BASE_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)

# Characters libyaml refuses outright (C0 controls except tab/LF/CR, DEL, C1 controls, U+FFFE/U+FFFF),
# plus those it silently takes as line breaks (NEL, U+2028, U+2029) and a stray byte-order mark.
_BAD_RAW = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


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




_ODD_SPACE_AFTER_COLON = re.compile("[^\\s:]:([\u00a0\u2000-\u200b\u202f\u205f\u3000])")


def _text_position(text: str, index: int) -> Position:
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


_ODD_SPACES = "\u00a0\u2000-\u200b\u202f\u3000"
# A tab, or an odd space (Word's no-break space) before what YAML reads as a key or a list item: as indentation
# it breaks the structure. Before other text (a line of a '>' block pasted from Word) it is text YAML keeps.
_TAB_INDENT = re.compile(f"^[ ]*(\t|[{_ODD_SPACES}](?=[ {_ODD_SPACES}]*(?:-[ {_ODD_SPACES}]|[^ {_ODD_SPACES}\t\n#:'\"]"
                         f"[^:#\n]*:(?:[ {_ODD_SPACES}]|$))))", re.MULTILINE)
# 'hair:short' and 'hair = short' (no YAML to YAML): where YAML lost its way, the line said plainly
_NO_SPACE_AFTER_COLON = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w-]*):(?=[^\s/:])", re.MULTILINE)
_EQUALS_FOR_COLON = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w-]*)\s*=\s*\S", re.MULTILINE)


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


_SURROGATE = re.compile(r"\\u([dD][89abAB][0-9a-fA-F]{2})(?:\\u([dD][c-fC-F][0-9a-fA-F]{2}))?|\\u([dD][c-fC-F][0-9a-fA-F]{2})")


def _surrogate_message(text: str, mark) -> str | None:
    """'\\ud83d\\ude00' (how JSON and JavaScript write one emoji as two halves) or a lone half like '\\ud800'."""
    if mark is None:
        return None
    lines = text.splitlines()
    line = lines[mark.line] if mark.line < len(lines) else ""
    found = [m for m in _SURROGATE.finditer(line)]
    if not found:
        return None
    match = min(found, key=lambda m: abs(m.start() - mark.column))
    high, low, lone_low = match.groups()
    if high and low:
        char = chr(0x10000 + ((int(high, 16) - 0xD800) << 10) + (int(low, 16) - 0xDC00))
        return (f"'{match.group()}' is the way JSON writes the character {character_name(char)} as two halves "
                f"(a surrogate pair), which YAML does not read. Type the character itself, or write "
                f"\\U{ord(char):08X} in double quotes.")
    half = high or lone_low
    return (f"'\\u{half}' is a surrogate code point (U+{half.upper()}): half of a pair that stands for one "
            "character, not a character on its own. Delete it, or type the character it was meant to be.")


_OPENING_QUOTE = re.compile(r'^\s*(?:-\s+)?(?:[^\s#"\'-][^#]*?:\s+)?(")')


def _key_slip(text: str, error_line: int) -> tuple[int, int, str, str] | None:
    """(line, column, "", message) for 'hair:short' or 'hair = short' at or just above the parse error."""
    for pattern, how in ((_NO_SPACE_AFTER_COLON, "there is no space after the ':' of {key}, so YAML reads the line "
                          "as one piece of text. Write a space after the ':' ({key}: ...)."),
                         (_EQUALS_FOR_COLON, "{key} is followed by '=': YAML needs a ':' and a space ({key}: ...) "
                          "between a field's name and its value.")):
        found = [match for match in pattern.finditer(text) if error_line - 2 <= text.count("\n", 0, match.start())
                 <= error_line]
        if found:
            line, column = _text_position(text, found[-1].start(1))
            return line, column, "", how.format(key=found[-1][1])
    return None


def _quote_left_open(text: str, error_line: int) -> tuple[int, int, int] | None:
    """(line, column, closing line) of a value that opens a '"' and leaves it open on its line, when the next
    '"' is on a later line no further down than the parse error (0-based ``error_line``): the error the
    parser gives is where it lost its way, lines below the slip."""
    lines = text.splitlines()
    for number, line in enumerate(lines[:error_line + 1]):
        opening = _OPENING_QUOTE.match(line)
        if not opening or re.search(r'(?<!\\)"', line[opening.end(1):]):
            continue
        closing = next((later for later in range(number + 1, min(error_line + 1, len(lines)))
                        if re.search(r'(?<!\\)"', lines[later])), None)
        return (number + 1, opening.start(1) + 1, closing + 1) if closing is not None else None
    return None


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
    surrogate = _surrogate_message(text, mark) if "escape" in problem or "Unicode" in problem else None
    if surrogate:
        return surrogate
    if "unknown escape character" in problem or "escape" in problem or "hexdecimal" in problem:
        return r"a backslash in double quotes starts an escape code. Use single quotes, or write \\ for one backslash."
    if "did not find expected ',' or ']'" in problem:
        return ("a list opened with [ here is not closed with ]. Add the ] at the end of the list, or, if this is "
                "text that starts with [, put the whole value in quotes.")
    if "did not find expected ',' or '}'" in problem:
        return ("a section opened with { here is not closed with }. Add the } at its end, or, if this is text that "
                "starts with {, put the whole value in quotes.")
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
        if char in LINE_SEPARATORS:
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
    from .reading import YAML_LIMIT, UnreadableFile, read_user_file

    try:
        raw = read_user_file(path, YAML_LIMIT, display=display)
    except UnreadableFile as exc:  # a folder, a FIFO, a device, too large, not allowed to read
        return None, [Problem(display, None, None, "", exc.message)]
    return load_yaml_bytes(raw, path, display)


def load_yaml_bytes(raw: bytes, path: Path, display: str) -> tuple[LoadedFile | None, list[Problem]]:
    """Load a file's bytes strictly (``path`` is where they came from, for the LoadedFile)."""
    problems: list[Problem] = []
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
        problems.append(Problem(display, line, column, "", "this line is indented with a tab; YAML needs spaces. "
                                "Replace the tab with spaces." if match[1] == "\t" else
                                f"this line is indented with a {character_name(match[1])}, which YAML does not read "
                                "as a space (text copied from Word or a web page has them). Delete the indentation "
                                "and type it again with ordinary spaces."))
    if problems:
        return None, sorted(problems, key=lambda p: (p.line or 0, p.column or 0))
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return None, [Problem(display, 1, 1, "", "the file is empty. Fill it in (copy an existing file as a start) or delete it.")]
    builder = DataBuilder(text, display, problems)
    loader = _BASE_LOADER(text)
    try:
        builder.run(loader)
    except Stop as stop:
        problems.append(stop.problem)
        return None, problems
    except yaml.MarkedYAMLError as exc:
        if "maximum nesting depth" in (exc.problem or ""):
            # Newer libyaml stops by itself (at 1000 levels, reading ahead) before our own limit is met.
            line, column = _depth_exceeded_at(text)
            return None, [Problem(display, line, column, "", TOO_DEEP)]
        mark = exc.problem_mark or exc.context_mark
        odd_space = _ODD_SPACE_AFTER_COLON.search(text)
        # "hair:<no-break space>Dark": YAML sees no ': ', and the error it gives is a line or more below
        if odd_space and mark and _text_position(text, odd_space.start(1))[0] <= mark.line + 1:
            line, column = _text_position(text, odd_space.start(1))
            return None, [Problem(display, line, column, "",
                                  f"the space after this ':' is a {character_name(odd_space.group(1))}, which YAML "
                                  "does not read as a space. Delete it and type an ordinary space.")]
        slip = _key_slip(text, mark.line) if mark else None
        if slip:
            return None, [Problem(display, *slip)]
        if exc.context_mark and any(what in (exc.context or "") for what in ("quoted scalar", "flow sequence",
                                                                            "flow mapping")):
            mark = exc.context_mark  # point at the opening quote or bracket, not the end of the file
        left_open = _quote_left_open(text, mark.line) if mark else None
        if left_open:
            line, column, closed_on = left_open
            return None, [Problem(display, line, column, "",
                                  "a quotation mark opened here is not closed on this line, so everything up to the "
                                  f"next one (line {closed_on}) is read as one value. Close the quotes on this line, "
                                  "or remove them.")]
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
    """Load YAML from a string (tests and tools); same rules as files, parsed in memory."""
    # Lone surrogates cannot be UTF-8: encoded as they are, they are reported as a file not saved as UTF-8.
    return load_yaml_bytes(text.encode("utf-8", "surrogatepass"), Path(display), display)
