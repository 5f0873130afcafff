"""mfc-docs report --encrypt: the police pack to email, opened with a passphrase read out on the phone."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pypdf
from click.testing import CliRunner
from PIL import Image

from mfc_docs.cli import main
from mfc_docs.output.protect import word_list

from .render.helpers import norm

NOW = "2026-11-24 00:30"
TWO_MB = 2 * 1024 * 1024


def encrypted_report(home: Path, *args: str):
    result = CliRunner().invoke(main, ["report", "alex", str(home), "--now", NOW, "--no-interactive", "--encrypt",
                                       "--where", "Bus station, stand 4", "--police-ref", "WP-20261124-0042", *args])
    assert result.exit_code == 0, result.output
    path = Path(re.search(r"To email \(encrypted, AES-256\): (.+)", result.output)[1])
    passphrase = re.search(r"Passphrase: +(.+)", result.output)[1].strip()
    return result, path, passphrase


def opened(path: Path, passphrase: str) -> pypdf.PdfReader:
    reader = pypdf.PdfReader(path)
    assert reader.decrypt(passphrase) == pypdf.PasswordType.USER_PASSWORD
    return reader


def test_the_encrypted_pack_opens_with_the_printed_passphrase_and_holds_the_pack(minimal_home: Path) -> None:
    result, path, passphrase = encrypted_report(minimal_home)
    assert all(word in word_list() for word in passphrase.split(" "))
    locked = pypdf.PdfReader(path)
    assert locked.is_encrypted and locked.decrypt("") == pypdf.PasswordType.NOT_DECRYPTED
    text = norm(" ".join(page.extract_text() for page in opened(path, passphrase).pages))
    for value in ("Alex Łukasz O'Brien", "Bus station, stand 4", "WP-20261124-0042", "Part 1: kept ready"):
        assert norm(value) in text, value
    # the printable pack is still written, and is still the last line (for scripts and the shift lead)
    printable = Path(result.output.strip().splitlines()[-1])
    assert printable.exists() and printable != path and printable.parent == path.parent


def test_the_file_to_email_names_no_child_and_is_for_the_owner_only(minimal_home: Path) -> None:
    _, path, _ = encrypted_report(minimal_home)
    for name in ("alex", "łukasz", "o'brien", "obrien"):
        assert name not in path.name.lower()
    assert path.name == "police-pack-2026-11-24-0030-encrypted.pdf"
    assert os.stat(path).st_mode & 0o777 == 0o600
    assert b"O'Brien" not in path.read_bytes() and "Łukasz".encode() not in path.read_bytes()


def test_the_passphrase_is_printed_once_and_stored_nowhere(minimal_home: Path) -> None:
    result, _, passphrase = encrypted_report(minimal_home)
    assert result.output.count(passphrase) == 1
    for file in minimal_home.rglob("*"):
        if file.is_file():
            assert passphrase.encode() not in file.read_bytes(), file


def test_each_report_gets_a_new_passphrase(minimal_home: Path) -> None:
    _, first, one = encrypted_report(minimal_home)
    _, second, two = encrypted_report(minimal_home)
    assert one != two and first != second
    assert pypdf.PdfReader(second).decrypt(one) == pypdf.PasswordType.NOT_DECRYPTED


def test_the_pack_with_a_large_phone_photo_stays_under_2_mb(minimal_home: Path) -> None:
    # the worst case for size: a 12-megapixel photo of pure noise (nothing compresses)
    noise = Image.frombytes("RGB", (4000, 3000), os.urandom(4000 * 3000 * 3))
    buffer = io.BytesIO()
    noise.save(buffer, "JPEG", quality=95)
    (minimal_home / "young_people" / "alex" / "photo.jpg").write_bytes(buffer.getvalue())
    assert len(buffer.getvalue()) > TWO_MB
    _, path, passphrase = encrypted_report(minimal_home)
    assert path.stat().st_size < TWO_MB
    first_page = opened(path, passphrase).pages[0]
    assert len(first_page.images) >= 1  # the photo is in it, not dropped to save room


EPISODE = """\
episodes:
  - found_gone_at: 2026-11-23 23:40
    confirmed_missing_at: 2026-11-23 23:50
    risk_level: medium
    recorded_by: Jamie Doe, senior residential worker
"""


def test_sent_to_records_the_pack_in_the_latest_episode(minimal_home: Path) -> None:
    from mfc_docs.input.home_data import load_home

    (minimal_home / "young_people" / "alex" / "episodes.yaml").write_text(EPISODE, encoding="utf-8")
    result, _, passphrase = encrypted_report(minimal_home, "--sent-to", "Westshire Police MPU (by email)",
                                             "--reported-by", "Jamie Doe, shift lead")
    assert "Recorded in young_people/alex/episodes.yaml (episode 1, 'sent')" in result.output
    episode = load_home(minimal_home).child("alex").episodes[0]
    assert episode["sent"] == [{"what": "police_pack", "at": episode["sent"][0]["at"],
                                "to": "Westshire Police MPU (by email)", "by": "Jamie Doe, shift lead"}]
    assert str(episode["sent"][0]["at"]).startswith("2026-11-24 00:30")
    text = (minimal_home / "young_people" / "alex" / "episodes.yaml").read_text(encoding="utf-8")
    assert passphrase not in text


def test_sent_to_without_a_recorded_episode_says_so_before_anything_is_made(minimal_home: Path) -> None:
    (minimal_home / "young_people" / "alex" / "episodes.yaml").unlink(missing_ok=True)
    result = CliRunner().invoke(main, ["report", "alex", str(minimal_home), "--now", NOW, "--no-interactive",
                                       "--encrypt", "--sent-to", "Westshire Police"])
    assert result.exit_code == 1, result.output
    assert "no missing episode recorded" in result.output and "Traceback" not in result.output
    assert not (minimal_home / "output" / "young_people" / "alex" / "reports").exists()


def test_the_encrypted_copy_is_written_the_one_safe_way(minimal_home: Path, monkeypatch) -> None:
    """Through new_files.write_new_file: staged, then moved in whole, never over an existing file."""
    import mfc_docs.output.new_files as new_files

    calls = []
    real = new_files.write_new_file
    monkeypatch.setattr(new_files, "write_new_file", lambda out, path, data: calls.append(path) or real(out, path, data))
    _, path, _ = encrypted_report(minimal_home)
    assert path in calls


def test_sent_to_is_not_recorded_in_an_episode_that_has_ended(minimal_home: Path) -> None:
    ended = EPISODE + "    returned_at: 2026-11-24 00:10\n"
    path = minimal_home / "young_people" / "alex" / "episodes.yaml"
    path.write_text(ended, encoding="utf-8")
    result = CliRunner().invoke(main, ["report", "alex", str(minimal_home), "--now", NOW, "--no-interactive",
                                       "--encrypt", "--sent-to", "Westshire Police"])
    assert result.exit_code == 1, result.output
    assert "episode 1) ended at" in result.output and "Record this episode first" in result.output
    assert path.read_text(encoding="utf-8") == ended
    assert not (minimal_home / "output" / "young_people" / "alex" / "reports").exists()
