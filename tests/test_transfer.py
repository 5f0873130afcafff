"""mfc-docs transfer: the encrypted pack that goes with a child to the next placement, and its record."""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from mfc_docs.cli import main
from mfc_docs.input.home_data import load_home
from mfc_docs.output.protect import word_list

from .render.helpers import norm
from .test_notify import EPISODES

NOW = "2026-11-24 10:00"
SECOND = """\
  - found_gone_at: 2026-11-10 19:05
    confirmed_missing_at: 2026-11-10 19:20
    risk_level: low
    police:
      reference: WP-20261110-0123
    returned_at: 2026-11-10 23:35
    where_found: Her cousin's house, Elm Street
    recorded_by: Jamie Doe, senior residential worker
"""


@pytest.fixture
def home(minimal_home: Path) -> Path:
    (minimal_home / "young_people" / "alex" / "episodes.yaml").write_text(EPISODES + SECOND, encoding="utf-8")
    return minimal_home


def transfer(home: Path, *args: str, now: str = NOW):
    return CliRunner().invoke(main, ["transfer", "alex", str(home), "--now", now, *args])


def made(result) -> tuple[Path, str]:
    assert result.exit_code == 0, result.output
    path = Path(re.search(r"To email \(encrypted, AES-256\): (.+)", result.output)[1])
    passphrase = re.search(r"Passphrase: +(.+)", result.output)[1].strip()
    return path, passphrase


def opened_text(path: Path, passphrase: str) -> str:
    reader = pypdf.PdfReader(path)
    assert reader.decrypt(passphrase) == pypdf.PasswordType.USER_PASSWORD
    return norm(" ".join(page.extract_text() for page in reader.pages))


def test_the_pack_opens_with_the_passphrase_and_not_without(home: Path) -> None:
    path, passphrase = made(transfer(home))
    assert all(word in word_list() for word in passphrase.split(" "))
    locked = pypdf.PdfReader(path)
    assert locked.is_encrypted and locked.decrypt("") == pypdf.PasswordType.NOT_DECRYPTED
    assert locked.decrypt("wrong words here now please") == pypdf.PasswordType.NOT_DECRYPTED
    import pikepdf

    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(path)
    with pikepdf.open(path, password=passphrase) as pdf:
        assert len(pdf.pages) > 3


def test_it_holds_the_episode_history_part_1_the_risk_assessment_and_the_strategy(home: Path) -> None:
    config = load_home(home).config
    path, passphrase = made(transfer(home, "--sent-to", "Larchfield House (manager)", "--by", "Jamie Doe, manager"))
    text = opened_text(path, passphrase)
    episode_history = [
        # every episode: when, how long, where found, police reference, risk level (home and police)
        "Mon 23 November 2026, 21:40", "Tue 24 November 2026, 07:00", "9 h 20 min", "A friend's flat on Mill Lane",
        "WP-20261123-0777", "Home: MEDIUM Police: HIGH",
        "Tue 10 November 2026, 19:05", "Tue 10 November 2026, 23:35", "4 h 30 min", "Her cousin's house, Elm Street",
        "WP-20261110-0123", "Home: LOW Police: not recorded",
    ]
    part_1 = ["Part 1: kept ready", "Alex Łukasz O'Brien", "1. Personal details", "3. Known associates",
              "Lawful basis for sharing"]
    risk_assessment = ["missing-from-care risk assessment", "1. Risk level and why", "2. Historical pattern",
                       "8. Communication strategy while missing"]
    handover = ["Larchfield House (manager)", "Jamie Doe, manager", config["home"]["name"]]
    for value in episode_history + part_1 + risk_assessment + handover:
        assert norm(value) in text, value
    history = text[text.index("Missing episodes: the home's record"):]
    assert history.index("WP-20261110-0123") < history.index("WP-20261123-0777")  # oldest first


def test_the_strategy_from_the_profile_is_in_it(home: Path) -> None:
    strategy = load_home(home).child("alex").data["communication_strategy"]
    path, passphrase = made(transfer(home))
    text = opened_text(path, passphrase)
    for value in [strategy["tone"], *strategy["who_makes_contact"]]:
        assert norm(value) in text, value


def test_sent_to_is_recorded_in_the_profile_keeping_the_file(home: Path) -> None:
    profile = home / "young_people" / "alex" / "profile.yaml"
    before = profile.read_text(encoding="utf-8")
    result = transfer(home, "--sent-to", "Larchfield House (manager)", "--by", "Jamie Doe, manager")
    made(result)
    assert "Recorded in alex's profile (transfers): sent to Larchfield House (manager)." in result.output
    made(transfer(home, "--sent-to", "Gareth, social worker", now="2026-11-24 10:20"))
    after = profile.read_text(encoding="utf-8")
    changes = difflib.SequenceMatcher(None, before.splitlines(), after.splitlines()).get_opcodes()
    assert {op for op, *_ in changes} == {"equal", "insert"}  # only lines added
    transfers = load_home(home).child("alex").data["transfers"]
    assert [(str(t["at"]), t["to"], t.get("by")) for t in transfers] == [
        ("2026-11-24 10:00:00", "Larchfield House (manager)", "Jamie Doe, manager"),
        ("2026-11-24 10:20:00", "Gareth, social worker", None)]
    assert "the record of 2 missing episodes (with police references where recorded)" in transfers[0]["what"]
    assert CliRunner().invoke(main, ["validate", str(home), "--today", "2026-11-24"]).exit_code == 0
    audit = (home / "output" / "audit.log").read_text(encoding="utf-8")
    assert "transfers" in audit and "made an encrypted transfer pack" in audit


def test_without_sent_to_nothing_is_recorded_and_it_says_how(home: Path) -> None:
    profile = home / "young_people" / "alex" / "profile.yaml"
    before = profile.read_bytes()
    result = transfer(home)
    made(result)
    assert profile.read_bytes() == before
    assert 'mfc-docs transfer alex --sent-to "WHO"' in result.output


def test_the_file_names_no_child_is_owner_only_and_the_passphrase_is_stored_nowhere(home: Path) -> None:
    result = transfer(home, "--sent-to", "Larchfield House")
    path, passphrase = made(result)
    assert path.name == "transfer-pack-2026-11-24-1000-encrypted.pdf"
    for file in path.parent.iterdir():
        assert "alex" not in file.name.lower() and "brien" not in file.name.lower(), file.name
    assert os.stat(path).st_mode & 0o777 == 0o600
    assert result.output.count(passphrase) == 1
    for file in home.rglob("*"):
        if file.is_file():
            assert passphrase.encode() not in file.read_bytes(), file
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name, "transfer.json"]  # no readable copy


def test_a_child_with_no_episodes_says_so_never_none(minimal_home: Path) -> None:
    (minimal_home / "young_people" / "alex" / "episodes.yaml").unlink(missing_ok=True)
    result = CliRunner().invoke(main, ["transfer", "alex", str(minimal_home), "--now", NOW])
    path, passphrase = made(result)
    text = opened_text(path, passphrase)
    assert "No missing episodes are recorded in the home's file" in text
    assert "No missing episode is recorded at the home." in text
    assert not re.search(r"\bNone\b", text)


def test_an_unknown_child_is_a_clear_error(home: Path) -> None:
    result = CliRunner().invoke(main, ["transfer", "alx", str(home), "--now", NOW])
    assert result.exit_code == 1
    assert "Cannot make the transfer pack: there is no child with the id 'alx'. Did you mean 'alex'?" in result.output
    assert not (home / "output" / "young_people").exists()


def test_with_a_large_phone_photo_it_stays_under_2_mb_for_email(home: Path) -> None:
    import io

    from PIL import Image

    noise = Image.frombytes("RGB", (4000, 3000), os.urandom(4000 * 3000 * 3))  # nothing compresses
    buffer = io.BytesIO()
    noise.save(buffer, "JPEG", quality=95)
    (home / "young_people" / "alex" / "photo.jpg").write_bytes(buffer.getvalue())
    assert len(buffer.getvalue()) > 2 * 1024 * 1024
    path, passphrase = made(transfer(home))
    assert path.stat().st_size < 2 * 1024 * 1024
    reader = pypdf.PdfReader(path)
    reader.decrypt(passphrase)
    assert len(reader.pages[0].images) >= 1  # the photo is on the cover, not dropped to save room


def test_a_child_folder_linked_from_outside_the_home_is_a_clear_message_not_a_traceback(home: Path,
                                                                                          tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    os.rename(home / "young_people" / "alex", elsewhere)
    os.symlink(elsewhere, home / "young_people" / "alex")
    before = (elsewhere / "profile.yaml").read_bytes()
    result = transfer(home, "--sent-to", "Larchfield House (manager)")
    assert not isinstance(result.exception, ValueError), result.output
    assert result.exit_code == 1  # the pack is made; that it was sent is refused, said, and left to do by hand
    assert Path(re.search(r"To email \(encrypted, AES-256\): (.+)", result.output)[1]).is_file()
    assert "could not be recorded" in result.output and "outside the home" in result.output
    assert (elsewhere / "profile.yaml").read_bytes() == before


def test_a_child_still_missing_is_not_said_to_have_been_found_somewhere_not_recorded(minimal_home: Path) -> None:
    (minimal_home / "young_people" / "alex" / "episodes.yaml").write_text(
        "episodes:\n  - found_gone_at: 2026-11-24 08:00\n    confirmed_missing_at: 2026-11-24 08:15\n"
        "    risk_level: medium\n    recorded_by: Jamie Doe, senior residential worker\n", encoding="utf-8")
    text = opened_text(*made(CliRunner().invoke(main, ["transfer", "alex", str(minimal_home), "--now", NOW])))
    assert "Not back when this pack was made Still missing Not found yet" in text


def test_no_page_is_left_mostly_empty_between_the_parts(home: Path, tmp_path: Path) -> None:
    """The reader turns pages, not blanks: Part 1, the episodes and the risk assessment follow on
    without a page left mostly empty after a short table (a part starts a new page only when little room is left)."""
    import pdfplumber

    path, passphrase = made(transfer(home))
    reader = pypdf.PdfReader(path)
    reader.decrypt(passphrase)
    writer = pypdf.PdfWriter(clone_from=reader)
    plain = tmp_path / "plain.pdf"
    writer.write(plain)
    with pdfplumber.open(plain) as document:
        for number, sheet in enumerate(document.pages[:-1], start=1):
            body = [w for w in sheet.extract_words() if w["bottom"] < sheet.height * 0.9]
            assert max(w["bottom"] for w in body) / sheet.height > 0.5, f"page {number} is mostly empty"


def test_an_audit_log_that_is_a_link_out_of_the_home_is_never_written_through(home: Path) -> None:
    from mfc_docs.output.audit import AUDIT_LOG

    outside = home.parent / "someone-elses-file.txt"
    outside.write_text("not mfc-docs's\n", encoding="utf-8")
    outside.chmod(0o644)
    (home / "output").mkdir()
    (home / "output" / AUDIT_LOG).symlink_to(outside)
    result = transfer(home, "--sent-to", "Exampleshire Council")
    assert result.exit_code == 1
    assert "audit.log is a symbolic link" in result.output and "Delete the link" in result.output
    assert outside.read_text(encoding="utf-8") == "not mfc-docs's\n"
    assert outside.stat().st_mode & 0o777 == 0o644
