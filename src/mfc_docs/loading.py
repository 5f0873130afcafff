"""Read YAML written by a person exactly as they wrote it.

PyYAML's usual loaders guess types (``07700900123`` becomes a number and loses
its leading zero, ``NO`` becomes ``False``, ``12:30`` becomes 750) and keep the
last of two duplicate keys without a word. Here every scalar stays a string;
the schema converts it explicitly. Every value keeps its line and column so
that any later check can point at it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import KeyPath, Problem, format_key_path

Position = tuple[int, int]  # 1-based line and column

_NULL_WORDS = {"", "~", "null", "Null", "NULL"}
# libyaml's parser when PyYAML has it (same nodes and marks, many times faster); never resolves types.
_BASE_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


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


class _Builder:
    """Turns a composed YAML node tree into plain data, recording positions and duplicates."""

    def __init__(self, loaded: LoadedFile, problems: list[Problem]):
        self.loaded = loaded
        self.problems = problems

    def build(self, node: yaml.Node, path: KeyPath) -> Any:
        self.loaded.value_positions[path] = _mark(node)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        return _scalar(node)

    def _mapping(self, node: yaml.MappingNode, path: KeyPath) -> dict:
        result: dict[str, Any] = {}
        first_seen: dict[str, Position] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                line, col = _mark(key_node)
                self.problems.append(
                    Problem(self.loaded.display, line, col, format_key_path(path),
                            "a key must be a plain word such as 'name:', not a list or a mapping")
                )
                continue
            key = key_node.value
            if key == "<<":
                line, col = _mark(key_node)
                self.problems.append(
                    Problem(self.loaded.display, line, col, format_key_path(path),
                            "YAML merge keys ('<<:') are not supported here; write the fields out in full")
                )
                continue
            if key in first_seen:
                line, col = _mark(key_node)
                self.problems.append(
                    Problem(self.loaded.display, line, col, format_key_path(path + (key,)),
                            f"'{key}' appears twice in this section (first at line {first_seen[key][0]}); "
                            "YAML would silently keep only the last one. Keep one and delete the other.")
                )
                continue
            first_seen[key] = _mark(key_node)
            self.loaded.key_positions[path + (key,)] = _mark(key_node)
            result[key] = self.build(value_node, path + (key,))
        return result


def _mark(node: yaml.Node) -> Position:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _scalar(node: yaml.ScalarNode) -> str | None:
    """A scalar as written. An unquoted empty value (``phone:``) or ``~``/``null`` means "not given"."""
    if not node.style and node.value in _NULL_WORDS:  # plain style: None in PyYAML, '' in libyaml
        return None
    if node.style in ("|", ">"):
        return node.value.rstrip("\n")
    return node.value


_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)


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
    if "found undefined alias" in problem:
        return "this '*name' refers to an anchor '&name' that is not defined above it."
    found = re.search(r"found character '(.+?)' that cannot start any token", problem)
    if found:
        char = found.group(1)
        return (f"a value cannot start with '{char}' unless it is in quotes. "
                f"Write it in quotes, for example: handle: \"{char}name\"")
    return f"this is not valid YAML ({problem}). Check this line and the one above it."


def load_yaml(path: Path, display: str) -> tuple[LoadedFile | None, list[Problem]]:
    """Load one file strictly. Returns the file (None when unusable) and the problems found."""
    problems: list[Problem] = []
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(display, None, None, "", f"cannot be read ({exc.strerror}). Check the file exists and you may read it.")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [Problem(display, line, column, "",
                              "this file is not saved as UTF-8 text (byte "
                              f"0x{raw[exc.start]:02X} cannot be read). Save it again choosing the "
                              "'UTF-8' encoding (in Notepad: File > Save As > Encoding).")]
    for match in _TAB_INDENT.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        column = match.end() - match.start()
        problems.append(Problem(display, line, column, "",
                                "this line is indented with a tab; YAML needs spaces. Replace the tab with spaces."))
    if problems:
        return None, problems
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return None, [Problem(display, 1, 1, "", "the file is empty. Fill it in (copy an existing file as a start) or delete it.")]
    try:
        node = yaml.compose(text, Loader=_BASE_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and "quoted scalar" in (exc.context or ""):
            mark = exc.context_mark  # point at the opening quote, not the end of the file
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        return None, [Problem(display, line, column, "", _syntax_message(exc, text))]
    except yaml.YAMLError as exc:  # composer errors without a mark, e.g. several documents
        return None, [Problem(display, None, None, "", f"this is not valid YAML ({exc}).")]
    if node is None:
        return None, [Problem(display, 1, 1, "", "the file is empty. Fill it in or delete it.")]
    loaded = LoadedFile(path=path, display=display, data=None)
    data = _Builder(loaded, problems).build(node, ())
    if not isinstance(data, dict):
        line, column = _mark(node)
        problems.append(Problem(display, line, column, "",
                                "the file must be made of 'field: value' lines at the top level, "
                                "not a single value or a list."))
        return None, problems
    loaded.data = data
    return loaded, problems


def load_yaml_text(text: str, display: str = "<text>") -> tuple[LoadedFile | None, list[Problem]]:
    """Load YAML from a string (tests and tools); same rules as files."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "input.yaml"
        path.write_text(text, encoding="utf-8")
        loaded, problems = load_yaml(path, display)
        if loaded is not None:
            loaded.path = Path(display)
        return loaded, problems
