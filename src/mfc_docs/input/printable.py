"""Which characters the PDF documents can print as written.

The PDFs use DejaVu Sans, embedded. It draws Latin (every European language, Vietnamese,
Irish, Romanian...), Greek, Cyrillic and many symbols, but not Chinese, Japanese, Korean,
Thai or Devanagari: those would print as empty boxes. Arabic and Hebrew it has, but
reportlab sets text left to right, so they would print back to front with their letters
unjoined. Word shows all of them correctly.

A child's name in another script must not silently turn into boxes on the police pack, so
``validate`` warns where such text is (file, line, column) and the child's documents say
which version to trust. The font is read only when a value has a character outside the
ranges known to be covered (a test checks those ranges against the font files).
"""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from ..problems import Problem, codepoint

if TYPE_CHECKING:
    from .loading import LoadedFile

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
FONT_FILES = {
    "regular": FONT_DIR / "DejaVuSans.ttf",
    "bold": FONT_DIR / "DejaVuSans-Bold.ttf",
    "oblique": FONT_DIR / "DejaVuSans-Oblique.ttf",
}

# Every character in these ranges is in all three fonts (tests/test_printable.py checks it).
COVERED_RANGES = ((0x0000, 0x02E9), (0x0300, 0x034F), (0x0370, 0x04FF), (0x1E00, 0x1EFB), (0x2000, 0x206F))


@functools.lru_cache(maxsize=1)
def _font_characters() -> frozenset[int]:
    """The characters all three PDF fonts can draw (bold and oblique cover a little less than regular)."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    sets = [set(TTFontFile(str(path)).charToGlyph) for path in FONT_FILES.values()]
    return frozenset(set.intersection(*sets))


def _covered(code: int) -> bool:
    return any(low <= code <= high for low, high in COVERED_RANGES)


def _right_to_left(character: str) -> bool:
    return unicodedata.bidirectional(character) in ("R", "AL")


def unprintable(text: str) -> tuple[str, str]:
    """The distinct characters of ``text`` the PDFs cannot show (boxes) and those they show reversed (right-to-left).

    Accents typed as separate marks are judged joined to their letters, as the PDFs print them.
    """
    if text.isascii():
        return "", ""
    text = unicodedata.normalize("NFC", text)
    missing: dict[str, None] = {}
    reversed_: dict[str, None] = {}
    for character in text:
        code = ord(character)
        if _covered(code) or character.isspace():
            continue
        if _right_to_left(character):
            reversed_[character] = None
        elif code not in _font_characters():
            missing[character] = None
    return "".join(missing), "".join(reversed_)


# Values that are never printed: file names (photo.file) and mfc-docs's own notes on episodes (_file, _lines).
def _printed(key: object) -> bool:
    return not (isinstance(key, str) and (key == "file" or key.startswith("_")))


def _strings(value: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if _printed(key):
                yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


def _shown(characters: str, limit: int = 6) -> str:
    """Each character with its code point: some are invisible, and a terminal may not show the rest."""
    shown = ", ".join(f"{c} ({codepoint(c)})" for c in characters[:limit])
    return shown + (f" and {len(characters) - limit} more" if len(characters) > limit else "")


def has_latin_form(text: str) -> bool:
    """Whether ``text`` also carries a readable Latin form: a word of two or more Latin letters.

    The README asks for a name in another script to be written in Latin letters as well, e.g.
    ``Chen Mei Ling (陈美玲)``; then the PDF has something to print and there is nothing to warn about.
    """
    run = 0
    for character in text:
        if character.isalpha() and "LATIN" in unicodedata.name(character, ""):
            run += 1
            if run >= 2:
                return True
        else:
            run = 0
    return False


def _field_of(path: tuple) -> tuple:
    """The field a value belongs to: list items (aliases[0], aliases[1]) are one field."""
    while path and isinstance(path[-1], int):
        path = path[:-1]
    return path


def unprintable_warnings(loaded: LoadedFile) -> list[Problem]:
    """One warning per field whose text the PDF documents would not print as written, unless a Latin form is there."""
    problems = []
    warned: set[tuple] = set()
    for path, text in _strings(loaded.data):
        missing, reversed_ = unprintable(text)
        if not (missing or reversed_) or has_latin_form(text) or _field_of(path) in warned:
            continue
        warned.add(_field_of(path))
        fix = ("Write the text in Latin letters as well, for example in brackets after it, so the police pack "
               "PDF can be read.")
        if missing:
            message = (f"the PDF documents cannot print {_shown(missing)}: these characters would show as empty "
                       "boxes there (the Word documents show them)")
            if reversed_:
                message += "; its right-to-left text (Arabic or Hebrew) would print back to front"
            message += f". {fix}"
        else:
            message = ("this text is written right to left (Arabic or Hebrew): the PDF documents would print it "
                       "back to front with its letters unjoined (the Word documents show it correctly). Write it "
                       "in Latin letters as well, for example in brackets after it.")
        problems.append(loaded.problem(path, message, "warning"))
    return problems


def unprintable_in(data: Any) -> bool:
    """Whether ``data`` (a child's record) has text the PDFs cannot show as written, for a note on the documents."""
    return any(any(unprintable(text)) for _, text in _strings(data))
