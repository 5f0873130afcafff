"""output/protect: the passphrase of plain words and the AES-256 PDF it opens."""

from __future__ import annotations

import io
import math
import re
import subprocess

import pikepdf
import pypdf
import pytest
from reportlab.pdfgen import canvas

from mfc_docs.output.protect import (MIN_BITS, ProtectError, encrypt_pdf, new_passphrase, passphrase_bits, word_list,
                                     words_needed)


def small_pdf(text: str) -> bytes:
    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.setTitle(f"Police information pack: {text}")
    page.drawString(72, 720, text)
    page.save()
    return out.getvalue()


def test_the_word_list_is_thousands_of_plain_words_that_can_be_read_out() -> None:
    words = word_list()
    assert len(words) >= 3000
    assert len(set(words)) == len(words)
    assert all(re.fullmatch(r"[a-z]{4,8}", w) for w in words)
    for heard_two_ways in ("night", "knight", "right", "write", "there", "their", "week", "weak"):
        assert heard_two_ways not in words
    for american in ("color", "center", "organize", "gray"):
        assert american not in words


def test_a_passphrase_has_at_least_60_bits_of_randomness_and_is_new_every_time() -> None:
    phrase = new_passphrase()
    words = phrase.split(" ")
    assert len(words) == words_needed() and all(w in word_list() for w in words)
    assert passphrase_bits() >= MIN_BITS
    assert passphrase_bits() <= len(words) * math.log2(len(word_list()))
    assert len({new_passphrase() for _ in range(50)}) == 50


def test_the_encrypted_pdf_opens_in_poppler_and_mupdf_readers_too(tmp_path) -> None:
    """Evince, Okular and pdftoppm (poppler) and MuPDF refuse an AES-256 passphrase longer than 32
    characters as 'incorrect password' (qpdf issue 195): an officer on such a reader must get in too."""
    from .conftest import require_tool

    pdfinfo = require_tool("pdfinfo")
    for number in range(12):
        phrase = new_passphrase()
        assert len(phrase.encode("utf-8")) <= 32, phrase
        path = tmp_path / f"pack-{number}.pdf"
        path.write_bytes(encrypt_pdf(small_pdf("Alex Example-Child"), phrase))
        opened = subprocess.run([pdfinfo, "-upw", phrase, str(path)], capture_output=True, text=True)
        assert opened.returncode == 0, (phrase, opened.stderr)


def test_the_encrypted_pdf_opens_with_the_passphrase_and_not_without() -> None:
    phrase = new_passphrase()
    data = encrypt_pdf(small_pdf("Alex Example-Child"), phrase)
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert reader.is_encrypted
    assert reader.decrypt("") == pypdf.PasswordType.NOT_DECRYPTED
    assert reader.decrypt(phrase.replace(" ", "")) == pypdf.PasswordType.NOT_DECRYPTED
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert reader.decrypt(phrase) == pypdf.PasswordType.USER_PASSWORD
    assert "Alex Example-Child" in reader.pages[0].extract_text()
    with pytest.raises(pikepdf.PasswordError):  # qpdf, a second reader, agrees
        pikepdf.open(io.BytesIO(data))
    with pikepdf.open(io.BytesIO(data), password=phrase) as pdf:
        assert pdf.encryption.R == 6 and pdf.encryption.bits == 256  # AES-256 (ISO 32000-2)
        assert pdf.allow.print_highres  # the police may print it


def test_nothing_of_the_text_or_the_title_is_readable_without_the_passphrase() -> None:
    data = encrypt_pdf(small_pdf("Alex Example-Child"), new_passphrase())
    assert b"Example-Child" not in data and b"Alex" not in data


def test_something_that_is_not_a_pdf_is_a_clear_error() -> None:
    with pytest.raises(ProtectError, match="could not be encrypted"):
        encrypt_pdf(b"not a pdf", "some words")
