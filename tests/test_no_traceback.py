"""No traceback, ever: each cause a hostile tester found (issue 12, section 4) is a row here, with the
command that used to end in a traceback, the exit code and the words the user now reads instead."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner

from mfc_docs.cli import main

from .conftest import TODAY, edit

PROFILE = "young_people/alex/profile.yaml"
CONFIG = "home_config.yaml"
NOW = "2026-11-24 22:30"


def _second_child(home: Path) -> None:
    """A second child, Sam, whose report must work whatever is wrong with Alex's file."""
    shutil.copytree(home / "young_people/alex", home / "young_people/sam")


def _set(file: str, old: str, new: str) -> Callable[[Path], None]:
    def change(home: Path) -> None:
        _second_child(home)
        edit(home / file, old, new)
    return change


def _long_name(length: int, spaced: bool) -> Callable[[Path], None]:
    def change(home: Path) -> None:
        _second_child(home)
        word = "Annexe " if spaced else "A"
        name = (word * length)[:length].strip()
        edit(home / CONFIG, "name: Fixture House & Annexe", f"name: {name}")
    return change


def _config_folder(home: Path) -> None:
    (home / CONFIG).unlink()
    (home / CONFIG).mkdir()


def _young_people_file(home: Path) -> None:
    shutil.rmtree(home / "young_people")
    (home / "young_people").write_text("not a folder")


def _dot_child(home: Path) -> None:
    _second_child(home)
    (home / "young_people/sam").rename(home / "young_people/.stefan")


def _profile_devzero(home: Path) -> None:
    _second_child(home)
    (home / PROFILE).unlink()
    (home / PROFILE).symlink_to("/dev/zero")


def _profile_huge(home: Path) -> None:
    _second_child(home)
    with open(home / PROFILE, "a", encoding="utf-8") as handle:
        handle.write("# padding\n" * 700_000)


def _profile_fifo(home: Path) -> None:
    _second_child(home)
    (home / PROFILE).unlink()
    os.mkfifo(home / PROFILE)


FAR = "9999-12-31"

# name: (change, command, exit code, words the user reads)
CAUSES: dict[str, tuple[Callable[[Path], None], str, int, str]] = {
    # Far-future and impossible dates: said at their line; review arithmetic never overflows.
    "photo.taken_on 9999": (_set(PROFILE, "taken_on: 2026-10-01", f"taken_on: {FAR}"), "validate", 1,
                            f"{PROFILE}:22:13: photo.taken_on: '{FAR}' has the year 9999"),
    "photo.taken_on 9999, report for another child": (
        _set(PROFILE, "taken_on: 2026-10-01", f"taken_on: {FAR}"), "report sam", 0, "sam-police-pack"),
    "assessment.last_reviewed 9999": (_set(PROFILE, "last_reviewed: 2026-11-10", f"last_reviewed: {FAR}"), "build",
                                      1, "assessment.last_reviewed: '9999-12-31' has the year 9999"),
    "contacts.last_checked 9999": (_set(CONFIG, "last_checked: 2026-11-01", f"last_checked: {FAR}"), "check", 1,
                                   "contacts.last_checked: '9999-12-31' has the year 9999"),
    "procedure.approved_on 9999": (_set(CONFIG, "approved_on: 2026-06-01", f"approved_on: {FAR}"), "dashboard", 1,
                                   "procedure.approved_on: '9999-12-31' has the year 9999"),
    "year 9990 with a 3660-day cycle": (
        _set(CONFIG, "time_limits:\n", "review_cycles:\n  risk_assessment_days: 3660\ntime_limits:\n"),
        "validate", 0, "No errors"),
    "year 0000": (_set(PROFILE, "date_of_birth: 2011-05-06", "date_of_birth: 0000-05-06"), "validate", 1,
                  "date_of_birth: '0000-05-06' has the year 0000, which cannot be right"),
    "Arabic-Indic digits in a date": (_set(PROFILE, "date_of_birth: 2011-05-06", "date_of_birth: ٢٠١١-٠٥-٠٦"),
                                      "validate", 1, "It is written with Arabic-Indic digits"),
    "full-width digits in a number": (
        _set(CONFIG, "  rhi_within_hours: 72", "  rhi_within_hours: ７２"), "validate", 1,
        "It is written with full-width digits: type it again with the digits 0-9"),
    # Files that are not what they should be.
    "home_config.yaml is a folder": (_config_folder, "validate", 1,
                                     "home_config.yaml: this file is a folder, not a file"),
    "young_people is a file": (_young_people_file, "build", 1, "young_people is a file, not a folder"),
    "a child folder named .stefan": (_dot_child, "validate", 0,
                                     "young_people/.stefan: warning: this is not read: a name starting with a dot "
                                     "is hidden, so this child would get no documents. If it is a child, rename it "
                                     "to 'stefan'."),
    "profile linked to /dev/zero": (_profile_devzero, "report sam", 0, "sam-police-pack"),
    "profile linked to /dev/zero (validate)": (_profile_devzero, "validate", 1,
                                               f"{PROFILE}: this file is a device, not an ordinary file"),
    "profile of 7 MB": (_profile_huge, "validate", 1, "far larger than any real one (the limit is 5 MB)"),
    # Messages that said the wrong thing.
    "a lone surrogate": (_set(PROFILE, "  preferred: Alex", '  preferred: "A\\ud800lex"'), "validate", 1,
                         f"{PROFILE}:4:14: '\\ud800' is a surrogate code point (U+D800): half of a pair"),
    "a surrogate pair": (_set(PROFILE, "  preferred: Alex", '  preferred: "A\\ud83d\\ude00lex"'), "validate", 1,
                         "'\\ud83d\\ude00' is the way JSON writes the character grinning face (U+1F600) as two "
                         "halves"),
    "photo.file outside the home, validate": (_set(PROFILE, "  file: photo.jpg", "  file: ../../../etc/x.jpg"),
                                              "validate", 1, "photo.file: \"../../../etc/x.jpg\" must be a file name"),
    "photo.file outside the home, report": (_set(PROFILE, "  file: photo.jpg", "  file: ../../../etc/x.jpg"),
                                            "report alex", 0, "alex-police-pack"),
    "photo.file with a control character, report": (
        _set(PROFILE, "  file: photo.jpg", '  file: "pho\\x07to.jpg"'), "report alex", 0, "alex-police-pack"),
    # Values no page can hold: an error at their line, before rendering.
    "home.name of 1,600 letters, no space": (_long_name(1600, False), "build", 1,
                                             f"{CONFIG}:3:9: home.name: this is 1,600 characters long"),
    "home.name of 1,300 letters, report": (_long_name(1300, False), "report sam", 1,
                                           f"{CONFIG}:3:9: home.name: this is 1,300 characters long"),
    "home.name of 1,300 characters with spaces": (_long_name(1300, True), "build", 1,
                                                  f"{CONFIG}:3:9: home.name: this is 1,300 characters long"),
    "a 300-letter word in a summary": (
        _set(PROFILE, "summary: Two episodes", "summary: " + "x" * 300 + " Two episodes"), "build", 1,
        "missing_history.summary: this has 300 characters with no space between them"),
}


def run(command: str, home: Path, *extra: str):
    words = command.split()
    if words[0] == "report":
        args = ["report", words[1], str(home), "--now", NOW, "--no-interactive", "--where", "Park"]
    elif words[0] == "dashboard":
        args = ["dashboard", str(home), "--month", "2026-10", "--today", TODAY.isoformat()]
    else:
        args = [words[0], str(home), "--today", TODAY.isoformat()]
    return CliRunner().invoke(main, args + list(extra))


@pytest.mark.parametrize("cause", CAUSES)
def test_each_cause_is_a_clear_message_not_a_traceback(minimal_home: Path, cause: str) -> None:
    change, command, code, words = CAUSES[cause]
    change(minimal_home)
    result = run(command, minimal_home)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert "does not know how to explain" not in result.output  # the last resort is not an answer
    assert words in result.output, result.output
    assert result.exit_code == code, result.output


def test_a_fifo_profile_does_not_hang_validate(minimal_home: Path) -> None:
    _profile_fifo(minimal_home)
    done = subprocess.run([sys.executable, "-m", "mfc_docs", "validate", str(minimal_home)], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 1
    assert f"{PROFILE}: this file is a named pipe (FIFO), not an ordinary file" in done.stdout
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("what", ["profile", "photo", "template", "config", "child folder"])
def test_a_file_nobody_may_read_is_said_plainly(minimal_home: Path, monkeypatch, what: str) -> None:
    """Another user's 0600 file (the tests may run as root, for whom permissions do not apply: simulated)."""
    targets = {"profile": minimal_home / PROFILE, "photo": minimal_home / "young_people/alex/photo.jpg",
               "config": minimal_home / CONFIG, "template": minimal_home / "templates/police_pack.docx",
               "child folder": minimal_home / "young_people/alex"}
    target = targets[what]
    if what == "template":
        target.parent.mkdir()
        shutil.copy(Path(__file__).parents[1] / "templates/police_pack.docx", target)
    real_open, real_iterdir = os.open, Path.iterdir

    def no_entry(path, *args, **kwargs):
        if Path(path) == target:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    def no_listing(self):
        if self == target:
            raise PermissionError(13, "Permission denied", str(self))
        return real_iterdir(self)

    import builtins

    real_builtin_open = builtins.open

    def no_builtin_open(path, *args, **kwargs):
        if isinstance(path, (str, Path)) and Path(path) == target:
            raise PermissionError(13, "Permission denied", str(path))
        return real_builtin_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", no_entry)
    monkeypatch.setattr(Path, "iterdir", no_listing)
    monkeypatch.setattr(builtins, "open", no_builtin_open)
    monkeypatch.setattr(io, "open", no_builtin_open)  # Path.read_bytes opens through io.open, not builtins.open
    if what == "child folder":
        monkeypatch.setattr(Path, "exists", lambda self, **kw: False if self.parent == target else
                            os.path.exists(self))
    result = run("build", minimal_home)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "does not know how to explain" not in result.output
    expected = {"profile": "you are not allowed to read it", "photo": "cannot be read",
                "config": "you are not allowed to read it", "template": "you are not allowed to read it",
                "child folder": "cannot be read"}[what]
    assert expected in result.output, result.output


COMMANDS = [
    ["validate", "{home}"],
    ["check", "{home}", "--today", TODAY.isoformat()],
    ["build", "{home}", "--today", TODAY.isoformat()],
    ["dashboard", "{home}", "--month", "2026-10", "--today", TODAY.isoformat()],
    ["report", "alex", "{home}", "--now", NOW],
    ["--help"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize("streams", ["stdin closed", "stdout closed", "both closed", "stdout full"])
def test_every_command_with_closed_or_full_standard_streams(minimal_home: Path, command: list[str],
                                                           streams: str) -> None:
    args = [sys.executable, "-m", "mfc_docs"] + [a.format(home=minimal_home) for a in command]
    shell = " ".join(f"'{a}'" for a in args)
    redirect = {"stdin closed": "<&-", "stdout closed": ">&-", "both closed": "<&- >&-",
                "stdout full": "> /dev/full"}[streams]
    done = subprocess.run(["sh", "-c", f"{shell} {redirect}"], capture_output=streams != "stdout full",
                          stderr=subprocess.PIPE, text=True, timeout=180) if streams == "stdout full" else \
        subprocess.run(["sh", "-c", f"{shell} {redirect}"], capture_output=True, text=True, timeout=180)
    assert "Traceback" not in (done.stderr or "") + (done.stdout or "")
    assert "Exception ignored" not in done.stderr
    if streams == "stdout full":
        assert done.returncode == 1
        assert "could not print its messages (No space left on device)" in done.stderr
    else:
        assert done.returncode == 0, done.stderr
    for path in (minimal_home / "output").rglob("*") if (minimal_home / "output").exists() else ():
        if path.is_file() and path.suffix in (".pdf", ".docx"):
            head = path.read_bytes()[:4]
            assert head in (b"%PDF", b"PK\x03\x04"), path  # nothing printed landed in a document
