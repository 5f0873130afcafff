"""What is wrong with the data, said so a registered manager can fix it.

Every check in mfc-docs reports into the same ``Problem`` type, so the CLI can
print every problem in every file at once, in one format, and decide the exit
code from one place.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Iterable, Literal

Level = Literal["error", "warning"]
KeyPath = tuple  # ("associates", 1, "phone"): keys are str, list positions int (0-based)


def format_key_path(path: KeyPath) -> str:
    """Show a key path the way a person counts: ``associates[2].phone`` is the second associate."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += f".{part}" if text else str(part)
    return text


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong (error) or out of date (warning), with where it is."""

    file: str
    line: int | None
    column: int | None
    path: str
    message: str
    level: Level = "error"

    @property
    def is_error(self) -> bool:
        return self.level == "error"

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        parts = [where]
        if self.level == "warning":
            parts.append("warning")
        if self.path:
            parts.append(self.path)
        parts.append(self.message)
        return ": ".join(parts)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Errors first, then by file and position, so the list reads top to bottom."""
    return sorted(
        problems,
        key=lambda p: (p.level != "error", p.file, p.line or 0, p.column or 0, p.path, p.message),
    )


def summary_line(problems: list[Problem], files_checked: int, *, building: bool = False) -> str:
    """The one line after the list that says what to do next."""
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    files = f"{files_checked} file{'s' if files_checked != 1 else ''} checked"
    warn = f"{warnings} warning{'s' if warnings != 1 else ''}"
    if errors:
        err = f"{errors} error{'s' if errors != 1 else ''}"
        after = "; no documents were written" if building else ""
        return f"{err} and {warn} ({files}). Fix the errors above and run the command again{after}."
    if warnings:
        return f"No errors, {warn} ({files}). The documents can be built; deal with the warnings soon."
    return f"No problems found ({files})."


class MfcError(Exception):
    """Everything a user can cause (bad data, a broken template, a full disk, a locked folder).

    The CLI has one handler for it: it prints :meth:`lines` and exits 1, never a traceback.
    ``file``, ``line`` and ``column`` say where, when known; ``advice`` is what to do meanwhile
    (e.g. "hand over the last printed police pack").
    """

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 column: int | None = None, advice: str = ""):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.advice = advice

    def where(self) -> str:
        parts = [self.file or ""]
        if self.file and self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def lines(self) -> list[str]:
        """What the CLI prints, one line each."""
        first = f"{self.where()}: {self.message}" if self.file else self.message
        return [first] + ([self.advice] if self.advice else [])

    def __str__(self) -> str:
        return self.lines()[0]


class DataError(MfcError):
    """Raised when data problems stop a command; carries every problem found."""

    def __init__(self, problems: list[Problem], files_checked: int = 0, *, advice: str = ""):
        super().__init__(f"{len(problems)} problems", advice=advice)
        self.problems = problems
        self.files_checked = files_checked

    def lines(self) -> list[str]:
        shown = [str(problem) for problem in sort_problems(self.problems)]
        shown.append(summary_line(self.problems, self.files_checked, building=True))
        return shown + ([self.advice] if self.advice else [])


def codepoint(char: str) -> str:
    """'U+00A0': a character's code point, for messages about characters that may not show on screen."""
    return f"U+{ord(char):04X}"


def character_name(char: str) -> str:
    """'no-break space (U+00A0)': how a message names a character that may not show on screen."""
    return f"{unicodedata.name(char, 'invisible character').lower()} ({codepoint(char)})"
