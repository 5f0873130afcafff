"""mfc-docs notify: the placing authority's notification of an episode and of the return, and its record."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from mfc_docs.cli import main
from mfc_docs.input.home_data import load_home

from .conftest import edit
from .render.helpers import docx_text, norm, pdf_text

NOW = "2026-11-24 10:00"

EPISODES = """\
# Alex's episodes (test fixture, fictional)
episodes:
  - found_gone_at: 2026-11-23 21:40
    confirmed_missing_at: 2026-11-23 21:50
    last_seen_at: 2026-11-23 21:15
    last_seen_where: Garden gate, Park Road
    risk_level: medium
    actions: Searched the house and garden; rang her mobile three times
    police:
      called_at: 2026-11-23 22:05
      number: "101"
      reference: WP-20261123-0777
      risk_level: high
      told_of_return_at: 2026-11-24 07:10
    social_care_notified_at: 2026-11-23 22:20
    social_care_notified: Exampleshire EDT (duty worker Sam)
    log:
      - at: 2026-11-23 22:40
        by: Jamie Doe
        action: Checked The Rec
        note: Not there; spoke to the park warden
    returned_at: 2026-11-24 07:00
    return_how: Brought back by police
    where_found: A friend's flat on Mill Lane
    condition_on_return: Tired, no injuries
    safe_and_well_check: PC 4471 Khan, 2026-11-24 07:30, no concerns found
    return_home_interview:
      offered_at: 2026-11-24 09:30
      outcome: accepted
    recorded_by: Jamie Doe, senior residential worker
"""


@pytest.fixture
def home(minimal_home: Path) -> Path:
    (minimal_home / "young_people" / "alex" / "episodes.yaml").write_text(EPISODES, encoding="utf-8")
    edit(minimal_home / "young_people" / "alex" / "profile.yaml", "  placing_authority: Exampleshire Council\n",
         "  placing_authority: Exampleshire Council\n  placing_authority_reference: EXS-204118\n"
         "  missing_notifications:\n    name: Exampleshire missing team\n    email: exs.missing@example.org\n")
    return minimal_home


def notify(home: Path, *args: str):
    return CliRunner().invoke(main, ["notify", "alex", str(home), "--now", NOW, *args])


def outputs(result) -> tuple[str, str, str, Path]:
    assert result.exit_code == 0, result.output
    pdf = Path(result.output.strip().splitlines()[-1])
    stem = pdf.with_suffix("")
    return (norm(pdf_text(pdf.read_bytes())), norm(docx_text(stem.with_suffix(".docx").read_bytes())),
            norm(stem.with_suffix(".txt").read_text(encoding="utf-8")), pdf)


MISSING_FACTS = {
    "the child": "Alex Łukasz O'Brien",
    "placing authority": "Exampleshire Council",
    "placing authority's reference": "EXS-204118",
    "found gone at": "Mon 23 November 2026, 21:40",
    "last seen at": "Mon 23 November 2026, 21:15",
    "last seen where": "Garden gate, Park Road",
    "police reference": "WP-20261123-0777",
    "actions taken": "Searched the house and garden; rang her mobile three times",
    "live log": "Checked The Rec: Not there; spoke to the park warden",
    "returned?": "Yes, at Tue 24 November 2026, 07:00",
    "who to contact": "Jamie Doe, shift lead",
}


def test_the_missing_notification_holds_what_placing_authorities_ask_for(home: Path) -> None:
    pdf, word, text, _ = outputs(notify(home, "--by", "Jamie Doe, shift lead"))
    config = load_home(home).config
    facts = {**MISSING_FACTS, "home phone": config["home"]["phone"],
             "manager": config["managers"]["registered_manager"]["name"]}
    for what, value in facts.items():
        for name, document in (("PDF", pdf), ("Word", word), ("text", text)):
            assert norm(value) in document, f"{what} missing from the {name}"
    for document in (pdf, word, text):  # the police's grading beside the home's, written the same way
        assert re.search(r"Risk level given by the police:? HIGH", document)  # was "High" beside "MEDIUM"
        assert re.search(r"Risk level set by the home:? MEDIUM", document)


def test_the_return_notification_holds_the_return_the_check_and_the_interview_offer(home: Path) -> None:
    pdf, word, text, _ = outputs(notify(home, "--return"))
    for value in ("Tue 24 November 2026, 07:00", "Brought back by police", "A friend's flat on Mill Lane",
                  "PC 4471 Khan, 2026-11-24 07:30, no concerns found", "Offered at Tue 24 November 2026, 09:30; accepted",
                  "WP-20261123-0777", "EXS-204118"):
        for document in (pdf, word, text):
            assert norm(value) in document, value


def test_sent_to_records_what_when_and_to_whom_in_the_episode_keeping_the_file(home: Path) -> None:
    path = home / "young_people" / "alex" / "episodes.yaml"
    result = notify(home, "--by", "Jamie Doe", "--sent-to", "exampleshire.missing@example.org")
    assert result.exit_code == 0, result.output
    assert CliRunner().invoke(main, ["notify", "alex", str(home), "--now", "2026-11-24 10:30", "--return",
                                     "--sent-to", "Exampleshire portal"]).exit_code == 0
    text = path.read_text(encoding="utf-8")
    # the person's file is kept as written: lines are only added
    changes = difflib.SequenceMatcher(None, EPISODES.splitlines(), text.splitlines()).get_opcodes()
    assert {op for op, *_ in changes} == {"equal", "insert"}
    episode = load_home(home).child("alex").episodes[0]
    assert [(s["what"], str(s["at"]), s["to"], s.get("by")) for s in episode["sent"]] == [
        ("missing_notification", "2026-11-24 10:00:00", "exampleshire.missing@example.org", "Jamie Doe"),
        ("return_notification", "2026-11-24 10:30:00", "Exampleshire portal", None)]
    assert CliRunner().invoke(main, ["validate", str(home), "--today", "2026-11-24"]).exit_code == 0
    # the next notification says what was sent before
    pdf, _, _, _ = outputs(notify(home))
    assert "Sent before about this episode" in pdf and norm("exampleshire.missing@example.org") in pdf


def test_it_says_where_the_authority_wants_it_sent(home: Path) -> None:
    result = notify(home)
    assert "Send it to: exs.missing@example.org (from alex's profile)." in result.output


def test_the_files_name_no_child(home: Path) -> None:
    _, _, _, pdf = outputs(notify(home))
    for file in pdf.parent.iterdir():
        assert "alex" not in file.name.lower() and "brien" not in file.name.lower(), file.name
    assert pdf.name == "missing-notification-episode-1.pdf"


@pytest.mark.parametrize("args, message", [
    (["--episode", "4"], "alex has no episode 4: young_people/alex/episodes.yaml has 1 (1 is the oldest)"),
    (["--episode", "0"], "Invalid value for '--episode'"),
])
def test_an_unknown_episode_is_a_clear_message(home: Path, args: list[str], message: str) -> None:
    result = notify(home, *args)
    assert result.exit_code in (1, 2) and message in result.output and "Traceback" not in result.output


def test_no_episode_yet_or_no_return_yet_is_a_clear_message(minimal_home: Path) -> None:
    result = notify(minimal_home)
    assert result.exit_code == 1 and "alex has no missing episode recorded" in result.output
    (minimal_home / "young_people" / "alex" / "episodes.yaml").write_text(EPISODES, encoding="utf-8")
    home = minimal_home
    still_missing = EPISODES.split("    returned_at")[0].replace("      told_of_return_at: 2026-11-24 07:10\n", "")
    (home / "young_people" / "alex" / "episodes.yaml").write_text(
        still_missing + "    recorded_by: Jamie Doe\n", encoding="utf-8")
    pdf, _, text, _ = outputs(notify(home))
    assert "No, still missing" in text and "Still missing." in pdf
    result = notify(home, "--return")
    assert result.exit_code == 1 and "episode 1 has no returned_at yet" in result.output
    result = CliRunner().invoke(main, ["notify", "alx", str(home), "--now", NOW])
    assert result.exit_code == 1 and "Did you mean 'alex'?" in result.output


def test_a_missing_police_reference_is_warned_about(home: Path) -> None:
    edit(home / "young_people" / "alex" / "episodes.yaml", "      reference: WP-20261123-0777\n", "")
    result = notify(home)
    assert result.exit_code == 0
    assert "no police reference" in result.output and "refuse a notification without it" in result.output
    pdf, _, _, _ = outputs(result)
    assert "Police reference Not recorded yet" in pdf


@pytest.mark.libreoffice
def test_word_opens_the_notification(home: Path, tmp_path: Path) -> None:
    import subprocess
    import uuid

    from .conftest import require_tool

    soffice = require_tool("soffice")
    _, _, _, pdf = outputs(notify(home))
    out = tmp_path / "lo"
    subprocess.run([soffice, "--headless", "--norestore",
                    f"-env:UserInstallation={(tmp_path / f'profile-{uuid.uuid4().hex}').as_uri()}",
                    "--convert-to", "pdf", "--outdir", str(out), str(pdf.with_suffix(".docx"))],
                   capture_output=True, timeout=120, check=False)
    text = norm(pdf_text((out / pdf.name).read_bytes()))
    for value in ("EXS-204118", "WP-20261123-0777", "Garden gate, Park Road"):
        assert norm(value) in text
