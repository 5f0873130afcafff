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


class ProtectError(Exception):
    """The PDF could not be encrypted (the message says why)."""


@lru_cache(maxsize=1)
def word_list() -> tuple[str, ...]:
    text = resources.files(__package__).joinpath("passphrase_words.txt").read_text(encoding="utf-8")
    return tuple(line for line in text.splitlines() if line and not line.startswith("#"))


def words_needed(bits: int = MIN_BITS) -> int:
    return math.ceil(bits / math.log2(len(word_list())))


def passphrase_bits(count: int | None = None) -> float:
    return (count or words_needed()) * math.log2(len(word_list()))


def new_passphrase(count: int | None = None) -> str:
    """Plain lower-case words separated by single spaces, chosen by the operating system's random source."""
    words = word_list()
    return " ".join(secrets.choice(words) for _ in range(count or words_needed()))


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


__all__ = ["MIN_BITS", "ProtectError", "ProtectedCopy", "encrypt_pdf", "new_passphrase", "passphrase_bits",
           "word_list", "words_needed", "write_encrypted"]
