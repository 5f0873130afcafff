"""mfc-docs report: the police pack with Part 2 filled in, at the moment a child is reported missing."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from mfc_docs.cli import main
from mfc_docs.commands.report import ReportError, parse_when
from mfc_docs.input.schema.part2 import ASKED_FIELDS
from mfc_docs.rules.dates import british_datetime

from .conftest import edit
from .render.helpers import docx_text, norm, pdf_text

NOW = "2026-11-24 00:30"
CHILD = "young_people/alex/profile.yaml"

PART2 = {
    "--where": "Bus station, stand 4 & the café by the <north> exit",
    "--before": 'Argued about phone time; said "I\'m going to Kim\'s"',
    "--wearing": "Black puffer jacket, Łódź football shirt, grey backpack",
    "--direction": "Towards Harrowfield town centre",
    "--with": "Possibly Kim \"K\" Smith",
    "--actions": "Searched home & garden; rang mobile 3 times; checked The Rec",
    "--police-ref": "WP-20261124-0042",
    "--reported-by": "Jamie Doe, senior residential worker",
}


def report(home: Path, *args: str, input: str | None = None):
    return CliRunner().invoke(main, ["report", *args, str(home), "--now", NOW], input=input)


def pack_texts(folder: Path) -> tuple[str, str]:
    pdf = next(folder.glob("*.pdf"))
    word = next(folder.glob("*.docx"))
    return pdf_text(pdf.read_bytes()), docx_text(word.read_bytes())


def test_every_part2_value_appears_exactly_in_both_formats(minimal_home: Path) -> None:
    args = ["alex", "--last-seen", "23:45", "--reported-at", "00:25"]
    for option, value in PART2.items():
        args += [option, value]
    result = report(minimal_home, *args)
    assert result.exit_code == 0, result.output
    pdf_path = Path(result.output.strip().splitlines()[-1])
    assert pdf_path.suffix == ".pdf" and pdf_path.exists()
    pdf, word = pack_texts(pdf_path.parent)
    for value in [*PART2.values(), "Mon 23 November 2026, 23:45", "Tue 24 November 2026, 00:25"]:
        assert norm(value) in pdf, value
        assert norm(value) in word, value
    assert "MEDIUM in the risk assessment; not reassessed when this pack was printed" in pdf
    # this episode comes first: on the one-page summary, before Part 1
    assert pdf.index("This episode") < pdf.index("Part 1: kept ready")


def test_the_pack_says_when_it_was_made_and_from_which_data(minimal_home: Path) -> None:
    result = report(minimal_home, "alex", "--pdf-only")
    pdf_path = Path(result.output.strip().splitlines()[-1])
    record = json.loads((pdf_path.parent / "report.json").read_text(encoding="utf-8"))
    assert set(record["sources"]) == {"home_config.yaml", CHILD, "young_people/alex/photo.jpg"}
    text = pdf_text(pdf_path.read_bytes())
    assert f"data fingerprint {record['data_fingerprint']}" in text
    assert "generated Tue 24 November 2026, 00:30" in text
    assert list(pdf_path.parent.glob("*.docx")) == []


def test_two_reports_in_the_same_minute_never_overwrite_each_other(minimal_home: Path) -> None:
    first = Path(report(minimal_home, "alex", "--where", "first").output.strip().splitlines()[-1])
    second = Path(report(minimal_home, "alex", "--where", "second").output.strip().splitlines()[-1])
    assert first.parent != second.parent and first.exists() and second.exists()
    assert "first" in pdf_text(first.read_bytes()) and "second" in pdf_text(second.read_bytes())


def test_a_broken_file_for_another_child_does_not_stop_the_report(minimal_home: Path) -> None:
    other = minimal_home / "young_people" / "sam"
    other.mkdir()
    (other / "profile.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    result = report(minimal_home, "alex", "--pdf-only")
    assert result.exit_code == 0, result.output
    assert Path(result.output.strip().splitlines()[-1]).exists()


def test_a_broken_field_in_this_childs_file_stops_it_with_file_line_and_field(minimal_home: Path) -> None:
    text = edit(minimal_home / CHILD, "  level: medium", "  level: meduim")
    line = text[: text.index("meduim")].count("\n") + 1
    result = report(minimal_home, "alex")
    assert result.exit_code == 1
    assert f"{CHILD}:{line}:10: risk.level: 'meduim' is not one of the choices" in result.output
    assert "hand over the last printed police pack" in result.output
    assert not (minimal_home / "output").exists()


def test_an_unknown_child_lists_the_ids_and_suggests_the_closest(minimal_home: Path) -> None:
    result = report(minimal_home, "alx")
    assert result.exit_code == 1
    assert result.output.strip() == ("Cannot make the report: there is no child with the id 'alx'. "
                                     "Did you mean 'alex'? The ids are: alex.")


def test_warnings_are_printed_on_the_pack_not_a_reason_to_refuse(minimal_home: Path) -> None:
    edit(minimal_home / CHILD, "taken_on: 2026-10-01", "taken_on: 2026-04-01")
    result = report(minimal_home, "alex", "--pdf-only")
    assert result.exit_code == 0
    text = pdf_text(Path(result.output.strip().splitlines()[-1]).read_bytes())
    assert "CAUTION Some of this information may be out of date" in text
    assert "The photo was taken on 1 April 2026, more than 3 months ago" in text


def test_the_reporter_may_raise_the_risk_level_but_not_lower_it(minimal_home: Path) -> None:
    raised = report(minimal_home, "alex", "--risk", "high", "--pdf-only")
    assert raised.exit_code == 0
    assert "HIGH (raised at this report from MEDIUM in the risk assessment)" in pdf_text(Path(raised.output.strip().splitlines()[-1]).read_bytes())
    lowered = report(minimal_home, "alex", "--risk", "low", "--pdf-only")
    assert lowered.exit_code == 1
    assert "a report can raise the level but not lower it" in lowered.output


def test_prompted_input_fills_the_same_fields_as_options(minimal_home: Path) -> None:
    typed = {"found_gone_at": "00:05", "last_seen_at": "22.15", "last_seen_where": "Corner shop on Park Road",
             "last_seen_with": "Kim & Jo", "wearing": "Red hoodie", "why_worried": "Said she was scared",
             "out_of_character": "n", "taken": "Bank card, charger", "before": "Refused to hand in phone",
             "direction": "", "actions": "Searched the garden", "police_reference": "REF-77",
             "reported_at": "00:20", "reported_by": "Sam Night, waking night"}
    assert [f.key for f in ASKED_FIELDS] == list(typed), "the prompts follow the one list of Part 2 fields"
    answers = list(typed.values()) + ["high"]
    result = report(minimal_home, "alex", "--interactive", "--pdf-only", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    text = pdf_text(Path(result.output.strip().splitlines()[-1]).read_bytes())
    for key, answer in typed.items():
        if answer and key not in ("found_gone_at", "last_seen_at", "reported_at", "out_of_character"):
            assert norm(answer) in text, answer
    assert "Mon 23 November 2026, 22:15" in text  # 22.15 typed after midnight means last night
    assert "Tue 24 November 2026, 00:05" in text and "Tue 24 November 2026, 00:20" in text
    assert "Out of character No" in text
    assert "HIGH (raised at this report from MEDIUM in the risk assessment)" in text


def test_nothing_is_asked_when_not_in_a_terminal(minimal_home: Path) -> None:
    result = report(minimal_home, "alex", "--pdf-only", input="should not be read\n")
    assert result.exit_code == 0
    assert "When last seen" not in result.output


NOW_DT = datetime(2026, 11, 24, 0, 30)


@pytest.mark.parametrize("typed,expected", [
    ("22:15", datetime(2026, 11, 23, 22, 15)),  # later than now: last night
    ("22.15", datetime(2026, 11, 23, 22, 15)),
    ("00:10", datetime(2026, 11, 24, 0, 10)),
    ("yesterday 23:40", datetime(2026, 11, 23, 23, 40)),
    ("Yesterday at 9.05", datetime(2026, 11, 23, 9, 5)),
    ("2026-11-23 22:15", datetime(2026, 11, 23, 22, 15)),
    ("23/11/2026 22:15", datetime(2026, 11, 23, 22, 15)),
    ("23/11 21:00", datetime(2026, 11, 23, 21, 0)),
    ("now", datetime(2026, 11, 24, 0, 30)),
    ("10pm", datetime(2026, 11, 23, 22, 0)),  # was "not a time mfc-docs understands", at the worst moment
    ("10.30pm", datetime(2026, 11, 23, 22, 30)),
    ("10:30 PM", datetime(2026, 11, 23, 22, 30)),
    ("yesterday 9am", datetime(2026, 11, 23, 9, 0)),
    ("12.15am", datetime(2026, 11, 24, 0, 15)),
    ("12pm", datetime(2026, 11, 23, 12, 0)),
    ("midnight", datetime(2026, 11, 24, 0, 0)),
    ("23/11 9.45pm", datetime(2026, 11, 23, 21, 45)),
])
def test_times_are_read_the_way_a_tired_person_types_them(typed: str, expected: datetime) -> None:
    assert parse_when(typed, NOW_DT) == expected


@pytest.mark.parametrize("typed,fragment", [
    ("quarter past ten", "is not a time mfc-docs understands"),
    ("25:10", "is not a time mfc-docs understands"),
    ("2026-11-25 10:00", "is in the future"),
])
def test_times_that_cannot_be_right_are_refused(typed: str, fragment: str) -> None:
    with pytest.raises(ReportError, match=fragment):
        parse_when(typed, NOW_DT)


@pytest.mark.parametrize("typed", ["13pm", "0am", "10:75pm"])
def test_a_twelve_hour_time_that_cannot_be_is_refused(typed: str) -> None:
    with pytest.raises(ReportError, match="is not a time mfc-docs understands"):
        parse_when(typed, NOW_DT)


def test_new_years_eve_typed_after_midnight_is_last_year() -> None:
    """A child gone at 23:40 on 31 December, reported at 00:30: '31/12 23:40' is last night, not next December."""
    new_year = datetime(2027, 1, 1, 0, 30)
    assert parse_when("31/12 23:40", new_year) == datetime(2026, 12, 31, 23, 40)
    assert parse_when("31/12 11.40pm", new_year) == datetime(2026, 12, 31, 23, 40)
    with pytest.raises(ReportError, match="is in the future"):  # a day weeks ahead is still a mistake, not last year
        parse_when("25/12 10:00", NOW_DT)


@pytest.mark.parametrize("typed", ["23/11/202 22:15", "23/11/0202 22:15", "23/11/2016 22:15", "2016-11-23 22:15"])
def test_a_year_typed_wrong_is_refused_not_printed_in_the_pack(typed: str) -> None:
    """'23/11/202' (a digit short) was read as the year 202, and 2016 for 2026 as ten years ago: printed as found."""
    with pytest.raises(ReportError, match="is not a time mfc-docs understands|more than a year ago. Check the year"):
        parse_when(typed, NOW_DT)


def test_a_time_the_spring_clock_change_skipped_is_refused(minimal_home: Path) -> None:
    """On 28 March 2027 UK clocks went from 01:00 straight to 02:00: 01:30 never happened that night."""
    result = CliRunner().invoke(main, ["report", "alex", str(minimal_home), "--now", "2027-03-28 03:00",
                                       "--found-gone", "01:30", "--no-interactive"])
    assert result.exit_code == 1
    assert ("--found-gone: 01:30 did not happen: on 28 March 2027 the clocks went forward from 01:00 to 02:00. "
            "Check the time (a clock not yet put forward shows an hour less)" in result.output)
    assert not (minimal_home / "output/young_people/alex/reports").exists()
    result = CliRunner().invoke(main, ["report", "alex", str(minimal_home), "--now", "2027-03-28 03:00",
                                       "--found-gone", "02:30", "--no-interactive", "--pdf-only"])
    assert result.exit_code == 0, result.output


def test_a_bad_time_on_the_command_line_is_a_clear_error(minimal_home: Path) -> None:
    result = report(minimal_home, "alex", "--last-seen", "teatime")
    assert result.exit_code == 1
    assert result.output.strip() == ("Cannot make the report: --last-seen: 'teatime' is not a time mfc-docs understands. "
                                     "Write it like 22:15, 'yesterday 23:40' or 2026-11-23 22:15.")


def test_a_found_gone_time_in_the_future_names_its_own_option(minimal_home: Path) -> None:
    result = report(minimal_home, "alex", "--found-gone", "2026-11-25 10:00")
    assert result.exit_code == 1
    assert "--found-gone: '2026-11-25 10:00' is in the future" in result.output
    assert "last seen" not in result.output


def test_last_seen_after_found_gone_is_refused_and_no_pack_is_printed(minimal_home: Path) -> None:
    result = report(minimal_home, "alex", "--found-gone", "23:10", "--last-seen", "23:40")
    assert result.exit_code == 1
    assert ("--last-seen (Mon 23 November 2026, 23:40) is after --found-gone (Mon 23 November 2026, 23:10): "
            "a child is last seen before staff find them gone. Check both times" in result.output)
    assert not (minimal_home / "output/young_people/alex/reports").exists()


def test_reported_to_the_police_before_the_child_went_missing_is_refused(minimal_home: Path) -> None:
    result = report(minimal_home, "alex", "--found-gone", "23:10", "--reported-at", "22:50")
    assert result.exit_code == 1
    assert ("--reported-at (Mon 23 November 2026, 22:50) is before --found-gone (Mon 23 November 2026, 23:10): "
            "the police are told after the child went missing. Check both times" in result.output)
    assert not (minimal_home / "output/young_people/alex/reports").exists()
    # as in episodes.yaml, the police may be told before staff find the child gone, not before last seen
    assert report(minimal_home, "alex", "--found-gone", "23:10", "--last-seen", "22:40", "--reported-at", "22:50",
                  "--pdf-only").exit_code == 0


def test_last_seen_typed_after_found_gone_at_the_prompt_is_asked_again(minimal_home: Path) -> None:
    answers = ["23:10", "23:40", "22:30"] + [""] * (len(ASKED_FIELDS) - 2) + ["medium"]
    result = report(minimal_home, "alex", "--interactive", "--pdf-only", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "is after the time staff found them gone (Mon 23 November 2026, 23:10)" in result.output
    assert "Mon 23 November 2026, 22:30" in pdf_text(Path(result.output.strip().splitlines()[-1]).read_bytes())


def test_a_mistyped_id_is_said_before_any_question_is_asked(minimal_home: Path) -> None:
    result = report(minimal_home, "alx", "--interactive", input="22:15\n")
    assert result.exit_code == 1
    assert "When last seen" not in result.output
    assert "Did you mean 'alex'?" in result.output


def test_a_time_typed_wrong_at_the_prompt_is_asked_again(minimal_home: Path) -> None:
    answers = ["", "half ten", "22:30"] + [""] * (len(ASKED_FIELDS) - 2) + ["medium"]
    result = report(minimal_home, "alex", "--interactive", "--pdf-only", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "'half ten' is not a time mfc-docs understands" in result.output
    assert "Mon 23 November 2026, 22:30" in pdf_text(Path(result.output.strip().splitlines()[-1]).read_bytes())


def test_a_full_disk_leaves_no_half_written_pack(minimal_home: Path, monkeypatch) -> None:
    import errno

    from mfc_docs.output import switch

    real = switch.write_private_file
    calls = {"n": 0}

    def full_disk(path, data):
        calls["n"] += 1
        if calls["n"] == 2:  # the PDF is written, then the disk fills
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, data)

    monkeypatch.setattr(switch, "write_private_file", full_disk)
    result = report(minimal_home, "alex")
    assert result.exit_code == 1
    assert "the disk is full" in result.output and "hand over the last printed police pack" in result.output
    reports = minimal_home / "output" / "young_people" / "alex" / "reports"
    assert not reports.exists() or list(reports.iterdir()) == []


def test_an_output_that_is_a_file_is_a_clear_error(minimal_home: Path) -> None:
    (minimal_home / "output").write_text("not a folder")
    result = report(minimal_home, "alex")
    assert result.exit_code == 1
    assert "part of that path is a file, not a folder" in result.output


def test_invisible_control_codes_typed_at_a_prompt_are_dropped(minimal_home: Path) -> None:
    result = report(minimal_home, "alex", "--where", "Bus\x07 station\x1b[A", "--pdf-only")
    assert result.exit_code == 0, result.output
    assert "Bus station[A" in pdf_text(Path(result.output.strip().splitlines()[-1]).read_bytes())


@pytest.mark.parametrize("damage", ["cut short", "missing"])
def test_a_photo_that_cannot_be_used_does_not_stop_the_pack(minimal_home: Path, damage: str) -> None:
    photo = minimal_home / "young_people/alex/photo.jpg"
    if damage == "cut short":
        photo.write_bytes(photo.read_bytes()[: len(photo.read_bytes()) // 2])
    else:
        photo.unlink()
    checked = CliRunner().invoke(main, ["validate", str(minimal_home), "--today", "2026-11-24"])
    assert checked.exit_code == 1 and "photo.file: " in checked.output  # the manager is told, at the line
    built = CliRunner().invoke(main, ["build", str(minimal_home), "--today", "2026-11-24"])
    assert built.exit_code == 1  # documents for the shift folder wait for a usable photo
    result = report(minimal_home, "alex")
    assert result.exit_code == 0, result.output
    assert "photo.file: " in result.output  # said to the person reporting, too
    pdf, word = pack_texts(Path(result.output.strip().splitlines()[-1]).parent)
    for text in (pdf, word):
        assert "The photo on file could not be printed (the file is damaged or missing)" in text
        assert "NO PHOTO" in text.upper()


def test_every_part2_field_has_an_option_and_reaches_both_formats_and_report_json(minimal_home: Path) -> None:
    """The Part 2 fields are listed once (input.schema.part2): report's options, the pack and report.json follow."""
    from mfc_docs.input.schema.episode import EPISODE_FIELDS
    from mfc_docs.input.schema.part2 import PART2_FIELDS

    values = {"found_gone_at": "00:05", "last_seen_at": "23:50", "out_of_character": "yes", "reported_at": "00:15"}
    args = ["alex"]
    for field in ASKED_FIELDS:
        value = values.setdefault(field.key, f"Typed {field.key.replace('_', ' ')} & <more>")
        args += [f"--{field.option}", value]
    result = report(minimal_home, *args)
    assert result.exit_code == 0, result.output
    pdf, word = pack_texts(Path(result.output.strip().splitlines()[-1]).parent)
    for key, value in values.items():
        if "Typed" in value:
            assert norm(value) in pdf and norm(value) in word, key
    assert "Tue 24 November 2026, 00:05" in pdf and "Out of character Yes" in pdf
    record = json.loads((Path(result.output.strip().splitlines()[-1]).parent / "report.json").read_text("utf-8"))
    assert set(record["episode"]) == {field.key for field in PART2_FIELDS}
    # the episode record keeps the same names for what it records
    assert {"last_seen_with", "wearing", "before", "direction", "why_worried", "out_of_character", "taken",
            "actions", "last_seen_at", "last_seen_where"} <= set(EPISODE_FIELDS)


def test_out_of_character_must_be_yes_or_no(minimal_home: Path) -> None:
    result = report(minimal_home, "alex", "--out-of-character", "maybe")
    assert result.exit_code == 1
    assert "'maybe' is not yes or no" in result.output


def test_the_pack_says_the_same_whether_the_other_children_are_read_or_not(sample_home: Path) -> None:
    """report reads only the home config and this child: the warnings it prints and the child it
    prints the pack of must be exactly what loading the whole home would give."""
    from datetime import date

    from mfc_docs.commands.report import load_for_report
    from mfc_docs.input.home_data import load_home

    today = date(2026, 11, 24)
    whole = load_home(sample_home, today)
    for child in whole.children:
        quick = load_for_report(sample_home, child.id, today)
        assert [c.id for c in quick.children] == [child.id]
        assert quick.problems_for(child.id) == whole.problems_for(child.id)
        assert quick.child(child.id).data == child.data and quick.child(child.id).episodes == child.episodes


def test_a_refusal_lists_the_same_problems_as_before_other_children_were_skipped(minimal_home: Path) -> None:
    """When this child's own data stops the pack, the whole home is read, so the list and its
    summary line (how many files were checked) are what they always were."""
    other = minimal_home / "young_people" / "sam"
    other.mkdir()
    (other / "profile.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    edit(minimal_home / CHILD, "  level: medium", "  level: meduim")
    result = report(minimal_home, "alex")
    assert result.exit_code == 1
    assert "risk.level: 'meduim' is not one of the choices" in result.output
    assert "young_people/sam" not in result.output  # another child's problems are validate's business
    assert "1 error and 0 warnings (3 files checked)" in result.output


@pytest.mark.parametrize("zone", ["Etc/GMT+12", "Pacific/Kiritimati", "UTC"])
def test_a_computer_set_to_another_time_zone_reads_and_prints_the_homes_clock(minimal_home: Path, zone: str) -> None:
    """A cloud server or WSL on UTC in summer, a laptop set abroad: '22:40' typed by staff is the home's 22:40.

    Before, the computer's own clock was 'now': the time typed was refused as in the future, or moved a day,
    and the pack said it was made at the computer's time, not the home's.
    """
    import json
    import os
    import subprocess
    import sys
    from zoneinfo import ZoneInfo

    def london() -> datetime:
        return datetime.now(ZoneInfo("Europe/London")).replace(tzinfo=None, microsecond=0)

    before = london()
    typed = before - timedelta(minutes=5)
    done = subprocess.run([sys.executable, "-m", "mfc_docs", "report", "alex", str(minimal_home), "--pdf-only",
                           "--no-interactive", "--found-gone", f"{typed:%H:%M}"],
                          capture_output=True, text=True, env={**os.environ, "TZ": zone})
    after = london()
    assert done.returncode == 0, done.stdout + done.stderr
    record = json.loads(next((minimal_home / "output/young_people/alex/reports").glob("*/report.json")).read_text())
    made = datetime.fromisoformat(record["generated_at"])
    assert before.replace(second=0) <= made <= after
    found_gone = typed.replace(second=0)
    assert record["episode"]["found_gone_at"] == british_datetime(found_gone)


@pytest.mark.parametrize("typed", ["Alex", "ALEX", " alex "])
def test_the_childs_name_typed_with_a_capital_makes_the_report(minimal_home: Path, typed: str) -> None:
    """At 2 a.m. 'mfc-docs report Alex' said "Did you mean 'alex'?" and printed nothing."""
    result = CliRunner().invoke(main, ["report", typed, str(minimal_home), "--now", NOW, "--no-interactive",
                                       "--pdf-only"])
    assert result.exit_code == 0, result.output
    assert list((minimal_home / "output/young_people/alex/reports").glob("*/alex-police-pack-*.pdf"))


def test_an_id_that_is_no_child_is_still_refused_with_the_ids(minimal_home: Path) -> None:
    result = CliRunner().invoke(main, ["report", "Alexa", str(minimal_home), "--now", NOW, "--no-interactive"])
    assert result.exit_code == 1
    assert "there is no child with the id 'Alexa'. Did you mean 'alex'? The ids are: alex." in result.output


def test_stopping_at_a_question_says_nothing_was_printed_and_what_to_hand_over(minimal_home: Path) -> None:
    """Ctrl-D (or Ctrl-C) at a question printed only 'Aborted!'."""
    result = report(minimal_home, "alex", "--interactive", "--pdf-only", input="00:05\n")  # then the input ends
    assert result.exit_code == 1
    assert ("Cannot make the report: stopped at a question, so no pack was printed and nothing was recorded. Run "
            "the command again to make the pack. Meanwhile hand over the last printed police pack from the shift "
            "folder.") in result.output
    assert "Aborted!" not in result.output
    assert not (minimal_home / "output/young_people/alex/reports").exists()


def test_stopping_at_the_risk_question_says_the_same(minimal_home: Path) -> None:
    answers = ["00:05"] + [""] * (len(ASKED_FIELDS) - 1)  # every Part 2 question answered, then the input ends
    result = report(minimal_home, "alex", "--interactive", "--pdf-only", input="\n".join(answers) + "\n")
    assert result.exit_code == 1
    assert "stopped at a question, so no pack was printed and nothing was recorded" in result.output
