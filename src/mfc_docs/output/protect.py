"""Packs that leave the home by email: AES-256 encrypted PDFs opened with a passphrase of plain words.

Why words: the passphrase goes a different way from the file (read out on the phone to the
police call handler or the next placement), so it must be heard once and typed right. It is
made fresh for each file from a shipped list of common British words (no homophones, see
scripts/make_wordlist.py), is handed back to be printed once, and is never written anywhere.

Why pikepdf: reportlab's own ``strength=256`` is the withdrawn Adobe draft (revision 5, one
unsalted SHA-256 round, needing the unmaintained pyaes); qpdf (through pikepdf) writes ISO 32000-2
AES-256 (revision 6), which every current PDF reader opens.
"""

from __future__ import annotations

import io
import math
import secrets
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

MIN_BITS = 60  # at least this much randomness in every passphrase
# Poppler (Evince, Okular, pdftoppm) and MuPDF say "incorrect password" for an AES-256 passphrase
# longer than 32 characters (qpdf issue 195; Debian 12's poppler 22.12 still does), so a
# passphrase is never longer: it is drawn from the word sequences that fit, all equally likely.
MAX_CHARS = 32


class ProtectError(Exception):
    """The PDF could not be encrypted (the message says why)."""


@lru_cache(maxsize=1)
def word_list() -> tuple[str, ...]:
    text = resources.files(__package__).joinpath("passphrase_words.txt").read_text(encoding="utf-8")
    return tuple(line for line in text.splitlines() if line and not line.startswith("#"))


@lru_cache(maxsize=1)
def _by_length() -> dict[int, tuple[str, ...]]:
    """The word list grouped by length: a phrase is drawn as lengths first, then words of those lengths."""
    groups: dict[int, list[str]] = {}
    for word in word_list():
        groups.setdefault(len(word), []).append(word)
    return {n: tuple(words) for n, words in sorted(groups.items())}


@lru_cache(maxsize=8)
def _phrases_from(count: int) -> tuple[int, ...]:
    """How many ``count``-word passphrases fit in each number of characters left.

    ``_phrases_from(k)[room]``: the number of ways to write ``k`` more words, each after a space, in
    ``room`` characters; the table lets :func:`new_passphrase` draw every phrase with equal chance.
    """
    sizes = {n: len(words) for n, words in _by_length().items()}
    ways = [1] * (MAX_CHARS + 2)  # no more words: one way, whatever room is left
    for _ in range(count):
        ways = [sum(k * ways[room - n - 1] for n, k in sizes.items() if n + 1 <= room)
                for room in range(MAX_CHARS + 2)]
    return tuple(ways)


def _ways(count: int) -> int:
    """Passphrases of ``count`` words that fit in MAX_CHARS (a space before each word after the first)."""
    return _phrases_from(count)[MAX_CHARS + 1] if count else 1


def words_needed(bits: int = MIN_BITS) -> int:
    count = 1
    while math.log2(max(_ways(count), 1)) < bits:
        count += 1
    return count


def passphrase_bits(count: int | None = None) -> float:
    return math.log2(_ways(count or words_needed()))


def new_passphrase(count: int | None = None) -> str:
    """Plain lower-case words separated by single spaces, at most MAX_CHARS long, chosen by the
    operating system's random source, each such passphrase as likely as any other."""
    count = count or words_needed()
    chosen = []
    room = MAX_CHARS + 1  # as if a space stood before the first word too
    for left in range(count, 0, -1):
        after = _phrases_from(left - 1)
        pick = secrets.randbelow(_phrases_from(left)[room])
        for n, words in _by_length().items():
            here = len(words) * after[room - n - 1] if n + 1 <= room else 0
            if pick < here:
                chosen.append(words[pick // after[room - n - 1]])
                room -= n + 1
                break
            pick -= here
    return " ".join(chosen)


def encrypt_pdf(data: bytes, passphrase: str) -> bytes:
    """``data`` as a PDF that opens only with ``passphrase`` (AES-256, metadata encrypted too).

    The owner password is random and thrown away: nobody needs it, since opening the file with
    the passphrase allows printing and copying (the police print the pack and paste from it).
    """
    import pikepdf

    if not passphrase:
        raise ProtectError("an encrypted PDF needs a passphrase.")
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            out = io.BytesIO()
            pdf.save(out, encryption=pikepdf.Encryption(owner=secrets.token_urlsafe(32), user=passphrase, R=6,
                                                        aes=True, metadata=True),
                     deterministic_id=False)
    except pikepdf.PdfError as exc:
        raise ProtectError(f"the PDF could not be encrypted ({exc}).") from None
    return out.getvalue()


@dataclass
class ProtectedCopy:
    """An encrypted PDF as written, and the passphrase that opens it (say it once, keep it nowhere)."""

    path: Path
    passphrase: str
    bits: float


def write_encrypted(out_dir: Path, path: Path, data: bytes) -> ProtectedCopy:
    """Encrypt ``data`` with a fresh passphrase and write it as the new file ``path`` inside ``out_dir``.

    Written the one way new files in the output folder are written (``new_files.write_new_file``:
    owner-only, never half written, never over an existing file). Raises ProtectError or OSError.
    """
    from .new_files import write_new_file

    passphrase = new_passphrase()
    write_new_file(Path(out_dir), Path(path), encrypt_pdf(data, passphrase))
    return ProtectedCopy(Path(path), passphrase, passphrase_bits())


__all__ = ["MAX_CHARS", "MIN_BITS", "ProtectError", "ProtectedCopy", "encrypt_pdf", "new_passphrase", "passphrase_bits",
           "word_list", "words_needed", "write_encrypted"]
