"""Lengths no real home's data reaches: said at the value's own line, before anything is rendered.

A name of 1,600 letters with no space cannot be laid out on any page; found only while
rendering, it stopped every document with a message about the PDFs instead of pointing
at ``home_config.yaml:3:9``. So very long values are errors here, where the line is known.
"""

from __future__ import annotations

from typing import Any, Iterator

from ..problems import KeyPath, Problem

# Longest run of characters with no space that any page, column or card can hold (the longest
# real words, web addresses and e-mail addresses are well under it).
LONGEST_WORD = 100
# A name, a phone number, a title: one line on a form.
LONGEST_NAME = 200
# Free text (a summary, a note, a description): several pages is already far more than any real one.
LONGEST_TEXT = 20_000
_NAME_KEYS = {"name", "legal", "preferred", "known_as", "title", "phone", "number", "email", "force", "version",
              "owner", "approved_by", "author", "by", "relationship", "role", "pronunciation"}


def _strings(value: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))
    elif isinstance(value, str):
        yield path, value


def _limit(path: KeyPath) -> int:
    key = next((part for part in reversed(path) if isinstance(part, str)), "")
    return LONGEST_NAME if key in _NAME_KEYS or key.endswith("_name") else LONGEST_TEXT


def long_value_problems(loaded, data: Any) -> list[Problem]:
    """An error for each value longer than any real one, or with a word no page can hold."""
    problems = []
    for path, text in _strings(data):
        if path and path[-1] == "file":
            continue  # a file name: checked as one (too long for the system, outside the folder)
        limit = _limit(path)
        longest_word = max((len(word) for word in text.split()), default=0)
        if len(text) > limit:
            problems.append(loaded.problem(path, f"this is {len(text):,} characters long; no real entry here is "
                                                 f"longer than {limit:,}. Shorten it (keep the detail in the "
                                                 "home's own records)."))
        elif longest_word > LONGEST_WORD:
            problems.append(loaded.problem(path, f"this has {longest_word:,} characters with no space between them, "
                                                 "more than a printed line can hold. Put spaces in it or shorten it."))
    return problems
