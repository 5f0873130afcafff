"""Bad input: every mistake a manager can make gets file, line, column, the field and how to fix it, and exit 1."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from mfc_docs.cli import main

from .conftest import edit, line_of

HOME = "home_config.yaml"
CHILD = "young_people/alex/profile.yaml"


def run_validate(home: Path, *args: str):
    return CliRunner().invoke(main, ["validate", str(home), "--today", "2026-11-24", *args])


# (case id, file, text to replace, replacement, expected message fragment, text on the line it must point at)
TEXT_CASES = [
    ("short phone", HOME, "phone: 01632 960001", "phone: 0770 090",
     'home.phone: "0770 090" is not a UK phone number: it has 7 digits', "0770 090"),
    ("non-breaking space in phone", CHILD, "phone: 07700 900012", "phone: 07700\u00a0900012",
     "it has a no-break space (U+00A0) that looks like a space or nothing. Type the number again", "07700\u00a0"),
    ("00 instead of +", CHILD, "phone: 07700 900012", "phone: 0044 7700 900012",
     "an international number is written with + instead of 00: +44 7700 900012", "0044"),
    ("colon in a list item", CHILD, "  who_makes_contact: [Key worker]",
     "  who_makes_contact:\n    - Key worker: on shift or by phone",
     "should be a piece of text, but is a section. A ': ' inside text makes it a section; put the text in quotes: "
     "\"Key worker: on shift or by phone\".", "Key worker:"),
    ("letter in phone", CHILD, "phone: 07700 900012", "phone: 07700 9000l2",
     "associates[1].phone: \"07700 9000l2\" is not a UK phone number: a phone number may only have digits", "9000l2"),
    ("impossible date", HOME, "approved_on: 2026-06-01", "approved_on: 2026-02-30",
     "procedure.approved_on: '2026-02-30' is not a real date: February 2026 has 28 days", "2026-02-30"),
    ("day-first date", CHILD, "date_of_birth: 2011-05-06", "date_of_birth: 06/05/2011",
     "date_of_birth: '06/05/2011' must be written year-month-day: 2011-05-06", "06/05/2011"),
    ("date in words", CHILD, "date_of_birth: 2011-05-06", "date_of_birth: 6th May 2011",
     "date_of_birth: '6th May 2011' must be written year-month-day: 2011-05-06.", "6th May 2011"),
    ("date with hyphens, day first", CHILD, "placed_on: 2025-01-10", "placed_on: 10-01-2025",
     "placement.placed_on: '10-01-2025' must be written year-month-day: 2025-01-10.", "10-01-2025"),
    ("date with a two-digit year", CHILD, "date_of_birth: 2011-05-06", "date_of_birth: 6/5/11",
     "date_of_birth: '6/5/11' must be written year-month-day with the whole year: 2011-05-06 if it is 2011.", "6/5/11"),
    ("date with a two-digit year of the last century", CHILD, "last_reviewed: 2026-11-10", "last_reviewed: 6/5/98",
     "assessment.last_reviewed: '6/5/98' must be written year-month-day with the whole year: 1998-05-06 if it is "
     "1998.", "6/5/98"),  # was '2098-05-06 if it is 2098'
    ("date like a US one", CHILD, "last_reviewed: 2026-11-10", "last_reviewed: Nov 10, 2026",
     "assessment.last_reviewed: 'Nov 10, 2026' must be written year-month-day: 2026-11-10.", "Nov 10, 2026"),
    ("date that is not one", CHILD, "last_reviewed: 2026-11-10", "last_reviewed: last Tuesday",
     "assessment.last_reviewed: 'last Tuesday' is not a date written as YYYY-MM-DD (for example 2026-03-14).",
     "last Tuesday"),
    ("Windows path in double quotes", CHILD, "  tone: Calm, no blame", '  tone: "See C:\\Users\\staff\\notes.docx"',
     "a backslash in double quotes starts an escape code. Use single quotes", "C:\\Users"),
    ("name on two lines", CHILD, "  preferred: Alex", "  preferred: |\n    Alex\n    Second line",
     "name.preferred: a name is printed inside sentences and headings, so it must be on one line; this one has a "
     "line break. Write it on one line after the ':'.", "preferred: |"),
    ("home name on two lines", HOME, "  name: Fixture House & Annexe", "  name: >-\n    Fixture House\n\n    Annexe",
     "home.name: a name is printed inside sentences and headings, so it must be on one line", "name: >-"),
    ("month 13", CHILD, "last_reviewed: 2026-11-10", "last_reviewed: 2026-13-10",
     "assessment.last_reviewed: '2026-13-10' has month 13", "2026-13-10"),
    ("unknown key with suggestion", CHILD, "  height: 160 cm", "  hieght: 160 cm",
     "description.hieght: 'hieght' is not a field mfc-docs knows, so it would be left out of every document. "
     "Did you mean 'height'?", "hieght"),
    ("invisible character in a key", CHILD, "  eyes: blue", "  eyes\u200b: blue",
     "It has an invisible zero width space (U+200B) in it: delete the name and type it again.", "eyes"),
    ("unknown top-level key", CHILD, "date_of_birth: 2011-05-06", "date_of_birth: 2011-05-06\nallergies: nuts",
     "allergies: 'allergies' is not a field mfc-docs knows", "allergies: nuts"),
    ("missing required field", CHILD, "  eyes: blue\n", "",
     "description.eyes: required field 'eyes' is missing. Add 'eyes:' here (Eye colour)", "description:"),
    ("empty required value", CHILD, "  legal: Alex Łukasz O'Brien", "  legal:",
     "name.legal: is empty. Fill it in", "  legal:"),
    ("list instead of text", CHILD, "  build: slim", "  build: [slim, tall]",
     "description.build: should be a piece of text, but is a list", "[slim, tall]"),
    ("text instead of list", CHILD, "  who_makes_contact: [Key worker]", "  who_makes_contact: Key worker",
     "communication_strategy.who_makes_contact: should be a list", "who_makes_contact: Key worker"),
    ("misspelt choice", CHILD, "  level: medium", "  level: meduim",
     "risk.level: 'meduim' is not one of the choices: high, medium, low. Did you mean 'medium'?", "meduim"),
    ("not yes or no", CHILD, "consent_to_share: yes", "consent_to_share: maybe",
     "photo.consent_to_share: 'maybe' must be yes or no", "maybe"),
    ("yes with a condition", CHILD, "safe_to_contact: no", "safe_to_contact: Yes - ring first",
     "associates[1].safe_to_contact: 'Yes - ring first' must be yes or no. Write just yes or no here, and the rest "
     "(a condition, a reason) in the notes of the same entry", "Yes - ring first"),
    ("not a whole number", HOME, "rhi_within_hours: 72", "rhi_within_hours: 3 days",
     "time_limits.rhi_within_hours: '3 days' is not a whole number", "3 days"),
    ("duplicate key", HOME, "  phone: 01632 960001\n", "  phone: 01632 960001\n  phone: 01632 960009\n",
     "home.phone: 'phone' appears twice in this section (first at line", "960009"),
    ("colon in unquoted value", CHILD, "  summary: Two episodes this year, both overnight.",
     "  summary: Note: two episodes this year: both overnight.", "a ':' here cannot be read", "Note: two"),
    ("no-break space after a colon", CHILD, "  hair: short, brown", "  hair:\u00a0short, brown",
     "the space after this ':' is a no-break space (U+00A0), which YAML does not read as a space. Delete it and "
     "type an ordinary space.", "\u00a0short"),
    ("unclosed quote", CHILD, "  tone: Calm, no blame", '  tone: "Calm, no blame',
     "a quotation mark is opened but never closed", '"Calm'),
    ("quote not closed, another quote lines below", HOME, "  phone: 01632 960001", '  phone: "01632 960001',
     "a quotation mark opened here is not closed on this line, so everything up to the next one (line 11) is read "
     "as one value. Close the quotes on this line, or remove them.", '"01632'),
    ("no space after the colon", CHILD, "  hair: short, brown", "  hair:short, brown",
     "there is no space after the ':' of hair, so YAML reads the line as one piece of text. Write a space after "
     "the ':' (hair: ...).", "hair:short"),
    ("equals for a colon", CHILD, "  hair: short, brown", "  hair = short, brown",
     "hair is followed by '=': YAML needs a ':' and a space (hair: ...) between a field's name and its value.",
     "hair = short"),
    ("indented with no-break spaces from Word", CHILD, "  hair: short, brown", "\u00a0\u00a0hair: short, brown",
     "this line is indented with a no-break space (U+00A0), which YAML does not read as a space", "hair: short"),
    ("list bracket not closed", CHILD, "  eyes: blue", "  eyes: [blue",
     "a list opened with [ here is not closed with ]. Add the ] at the end of the list, or, if this is text that "
     "starts with [, put the whole value in quotes.", "[blue"),
    ("unquoted @ handle", CHILD, "    - number: 07700 900011", "    - number: 07700 900011\n  social_media:\n"
     "    - platform: Snapchat\n      handle: @alex", "a value cannot start with '@' unless it is in quotes", "@alex"),
    ("photo name in other capitals", CHILD, "file: photo.jpg", "file: Photo.JPG",
     "photo.file: the photo file Photo.JPG is not in alex/, but photo.jpg is: write file: photo.jpg (capitals "
     "count here).", "Photo.JPG"),
    ("photo name near another", CHILD, "file: photo.jpg", "file: photo.jpeg",
     "photo.file: the photo file photo.jpeg is not in alex/. Did you mean photo.jpg? Correct the name", "photo.jpeg"),
    ("missing photo file", CHILD, "file: photo.jpg", "file: missing.jpg",
     "photo.file: the photo file missing.jpg is not in alex/", "missing.jpg"),
    ("date of birth in the future", CHILD, "date_of_birth: 2011-05-06", "date_of_birth: 2027-05-06",
     "date_of_birth: the date of birth 6 May 2027 is in the future", "2027-05-06"),
    ("placed before born", CHILD, "placed_on: 2025-01-10", "placed_on: 2010-01-10",
     "placement.placed_on: the placement date is before the date of birth", "2010-01-10"),
    ("unknown placeholder", HOME, "within {confirm_missing_minutes} minutes", "within {confirm_mising_minutes} minutes",
     "checklists.immediate_response.steps[1].when: {confirm_mising_minutes} is not a time limit or review cycle. "
     "Did you mean {confirm_missing_minutes}?", "confirm_mising"),
    ("doubled placeholder braces", HOME, "within {confirm_missing_minutes} minutes",
     "within {{confirm_missing_minutes}} minutes",
     "checklists.immediate_response.steps[1].when: a { or } here is not part of a {placeholder}, so it would be "
     "printed as written.", "{{confirm"),
    ("spaces inside placeholder braces", HOME, "within {confirm_missing_minutes} minutes",
     "within { confirm_missing_minutes } minutes",
     "a { or } here is not part of a {placeholder}, so it would be printed as written. A placeholder is a time "
     "limit's name in one pair of braces, with no spaces, for example {rhi_within_hours}. Write it as "
     "{confirm_missing_minutes}.", "{ confirm"),
    ("unclosed placeholder", HOME, "within {confirm_missing_minutes} minutes", "within {confirm_missing_minutes minutes",
     "Write it as {confirm_missing_minutes}.", "{confirm_missing_minutes minutes"),
    ("bad email", HOME, "    phone: 07700 900001\n", "    phone: 07700 900001\n    email: robin(at)example.org\n",
     'managers.registered_manager.email: "robin(at)example.org" is not an email address', "robin(at)"),
    ("next review before last", CHILD, "  last_reviewed: 2026-11-10\n",
     "  last_reviewed: 2026-11-10\n  next_review: 2026-11-01\n",
     "assessment.next_review: the next review is before the last review", "next_review: 2026-11-01"),
    ("review history after last review", CHILD, "  last_reviewed: 2026-11-10\n",
     "  last_reviewed: 2026-11-10\n  history:\n    - date: 2026-11-20\n      by: Robin\n      reason: monthly\n",
     "assessment.history[1].date: this review (20 November 2026) is after last_reviewed", "date: 2026-11-20"),
    ("number too small", HOME, "rhi_within_hours: 72", "rhi_within_hours: 72\n  repeat_missing_episodes: 1",
     "time_limits.repeat_missing_episodes: must be at least 2", "repeat_missing_episodes"),
    ("retired time limit", HOME, "rhi_within_hours: 72", "rhi_within_hours: 72\n  medium_risk_police_minutes: 60",
     "'medium_risk_police_minutes' is no longer used: there is now one time limit per duty, each with one clock "
     "start, so the documents cannot disagree. Write police_within_minutes (with police_clock: discovery or "
     "confirmation) instead.", "medium_risk_police_minutes"),
    ("retired placeholder", HOME, "within {confirm_missing_minutes} minutes",
     "within {medium_risk_police_minutes} minutes", "{medium_risk_police_minutes} is not a time limit or review "
     "cycle. It was replaced: write {police_deadline} (it says the minutes and when they start).", "medium_risk"),
    ("bad band colour", HOME, "    title: Immediate response\n", "    title: Immediate response\n    colour: red\n",
     "checklists.immediate_response.colour: 'red' is not a colour written as #RRGGBB", "colour: red"),
]


@pytest.mark.parametrize("case", TEXT_CASES, ids=[c[0] for c in TEXT_CASES])
def test_bad_text_input_is_reported_with_file_line_and_fix(minimal_home: Path, case) -> None:
    _, relative, old, new, fragment, line_needle = case
    text = edit(minimal_home / relative, old, new)
    result = run_validate(minimal_home)
    assert result.exit_code == 1, result.output
    expected_line = line_of(text, line_needle)
    matching = [line for line in result.output.splitlines()
                if line.startswith(f"{relative}:{expected_line}:") and fragment in line]
    assert matching, f"expected '{relative}:{expected_line}:...{fragment}' in:\n{result.output}"
    assert "Traceback" not in result.output
    assert not [line for line in result.output.splitlines() if line.endswith("..")]  # was "(for example ...).."
    assert result.output.splitlines()[-1].startswith(("1 error", "2 errors", "3 errors"))


def test_tab_indentation(minimal_home: Path) -> None:
    text = edit(minimal_home / CHILD, "  preferred: Alex", "\tpreferred: Alex")
    result = run_validate(minimal_home)
    assert result.exit_code == 1
    assert f"{CHILD}:{line_of(text, 'preferred')}:1: this line is indented with a tab" in result.output


def test_file_not_saved_as_utf8(minimal_home: Path) -> None:
    path = minimal_home / CHILD
    path.write_bytes(path.read_text(encoding="utf-8").replace("Alex Łukasz O'Brien", "Zoë").encode("utf-8").replace(
        "Zoë".encode("utf-8"), "Zoë".encode("latin-1")))
    result = run_validate(minimal_home)
    assert result.exit_code == 1
    assert f"{CHILD}:3:" in result.output and "not saved as UTF-8" in result.output


def test_empty_file(minimal_home: Path) -> None:
    (minimal_home / CHILD).write_text("# nothing yet\n", encoding="utf-8")
    result = run_validate(minimal_home)
    assert result.exit_code == 1
    assert f"{CHILD}:1:1: the file is empty" in result.output


def test_file_that_is_a_list(minimal_home: Path) -> None:
    (minimal_home / HOME).write_text("- a\n- b\n", encoding="utf-8")
    result = run_validate(minimal_home)
    assert result.exit_code == 1
    assert f"{HOME}:1:1: the file must be made of 'field: value' lines" in result.output


def test_unreadable_photo(minimal_home: Path) -> None:
    (minimal_home / "young_people/alex/photo.jpg").write_bytes(b"this is not a jpeg")
    result = run_validate(minimal_home)
    assert result.exit_code == 1
    text = (minimal_home / CHILD).read_text(encoding="utf-8")
    assert (f"{CHILD}:{line_of(text, 'file: photo.jpg')}:9: photo.file: photo.jpg is not an image mfc-docs "
            "recognises; mfc-docs takes JPEG or PNG" in result.output)


def test_photo_in_a_format_we_do_not_take(minimal_home: Path) -> None:
    Image.new("RGB", (10, 10)).save(minimal_home / "young_people/alex/photo.gif")
    edit(minimal_home / CHILD, "file: photo.jpg", "file: photo.gif")
    result = run_validate(minimal_home)
    assert result.exit_code == 1
    assert "photo.gif is a GIF image; mfc-docs takes JPEG or PNG" in result.output


def test_an_iphone_heic_photo_is_refused_with_how_to_convert_it(minimal_home: Path) -> None:
    (minimal_home / "young_people/alex/photo.heic").write_bytes(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic")
    edit(minimal_home / CHILD, "file: photo.jpg", "file: photo.heic")
    result = run_validate(minimal_home)
    assert result.exit_code == 1
    assert "photo.heic is a HEIF image; mfc-docs takes JPEG or PNG. Open it and export or save it as JPEG " \
           "(on an iPhone: Settings > Camera > Formats > Most Compatible" in result.output


def test_a_photo_name_that_is_a_folder_says_so_and_how_to_fix_it(minimal_home: Path) -> None:
    (minimal_home / "young_people/alex/photos").mkdir()
    text = edit(minimal_home / CHILD, "file: photo.jpg", "file: photos")
    result = run_validate(minimal_home)
    assert result.exit_code == 1
    assert (f"{CHILD}:{line_of(text, 'file: photos')}:9: photo.file: photos is a folder, not a file. "
            "Write the name of the photo itself (a JPEG or PNG in alex/), for example photo.jpg." in result.output)
    assert str(minimal_home) not in result.output


def test_a_damaged_jpeg_is_refused(minimal_home: Path) -> None:
    photo = minimal_home / "young_people/alex/photo.jpg"
    photo.write_bytes(photo.read_bytes()[:40])
    result = run_validate(minimal_home)
    assert result.exit_code == 1
    assert "photo.file: " in result.output and "photo.jpg" in result.output


def test_child_id_must_be_safe_as_a_file_name(minimal_home: Path) -> None:
    (minimal_home / "young_people/alex").rename(minimal_home / "young_people/Alex Smith")
    result = run_validate(minimal_home)
    assert result.exit_code == 1
    assert ("young_people/Alex Smith/profile.yaml: the child's id 'Alex Smith' (the file or folder name) is used in "
            "commands and file names" in result.output)
    assert "for example to 'alex-smith'" in result.output


def test_same_child_twice(minimal_home: Path) -> None:
    (minimal_home / "young_people/alex.yaml").write_text(
        (minimal_home / CHILD).read_text(encoding="utf-8"), encoding="utf-8")
    result = run_validate(minimal_home)
    assert result.exit_code == 1
    assert "there is already a child with the id 'alex'" in result.output


def test_missing_home_config(minimal_home: Path) -> None:
    (minimal_home / HOME).unlink()
    result = run_validate(minimal_home)
    assert result.exit_code == 1
    assert result.output.startswith("home_config.yaml: there is no home_config.yaml in")


@pytest.mark.parametrize("inside", ["young_people", "young_people/alex"])
def test_run_from_inside_the_home_says_where_the_home_is(minimal_home: Path, inside: str, monkeypatch) -> None:
    """A worker who went into the child's folder to look at the photo, then ran the command there."""
    monkeypatch.chdir(minimal_home / inside)
    result = CliRunner().invoke(main, ["validate", "--today", "2026-11-24"])
    assert result.exit_code == 1
    assert (f"home_config.yaml: there is no home_config.yaml in {minimal_home / inside}: this folder is inside the "
            f"home at {minimal_home}. Run the command there (cd {minimal_home}), or give it: "
            f"'mfc-docs validate {minimal_home}'.") in result.output


@pytest.mark.parametrize("profile_slip", [("  eyes: blue", "  eyes: [blue"), ("  level: medium", "  level: severe")])
def test_a_childs_episodes_are_checked_even_while_their_profile_has_an_error(minimal_home: Path,
                                                                              profile_slip) -> None:
    """Both files' problems at once: before, the episodes file was checked only after the profile was fixed."""
    edit(minimal_home / CHILD, *profile_slip)
    (minimal_home / "young_people/alex/episodes.yaml").write_text(
        "episodes:\n  - confirmed_missing_at: 2026-02-30 10:00\n    risk_level: high\n    recorded_by: Sam\n",
        encoding="utf-8")
    result = run_validate(minimal_home)
    assert result.exit_code == 1
    assert f"{CHILD}:" in result.output
    assert ("young_people/alex/episodes.yaml:2:27: episodes[1].confirmed_missing_at: '2026-02-30' is not a real "
            "date: February 2026 has 28 days") in result.output
    assert "(3 files checked)" in result.output


def test_run_from_the_homes_output_folder_never_says_to_delete_the_packs(minimal_home: Path, monkeypatch) -> None:
    """A manager opened output/ to print a pack, then ran build there: its young_people/ holds the documents and
    the police packs handed over, not children's files, and 'delete the folder if it is not a child's' would
    throw away the record of what was handed over."""
    assert CliRunner().invoke(main, ["report", "alex", str(minimal_home), "--now", "2026-11-24 22:30",
                                     "--no-interactive", "--pdf-only"]).exit_code == 0
    monkeypatch.chdir(minimal_home / "output")
    for command in (["validate", "--today", "2026-11-24"], ["build", "--today", "2026-11-24"]):
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 1
        assert f"this folder is inside the home at {minimal_home}. Run the command there" in result.output
        assert "delete the folder" not in result.output and "young_people/alex" not in result.output, result.output
    assert list((minimal_home / "output/young_people/alex/reports").iterdir())


def test_every_problem_in_every_file_is_reported_in_one_run(minimal_home: Path) -> None:
    edit(minimal_home / HOME, "phone: 01632 960001", "phone: 123")
    edit(minimal_home / CHILD, "  level: medium", "  level: severe")
    edit(minimal_home / CHILD, "  eyes: blue\n", "")
    result = run_validate(minimal_home)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith((HOME, CHILD)) and ": warning:" not in line]
    assert len(errors) == 3, result.output
    assert result.output.splitlines()[-1].startswith("3 errors and ")


def test_valid_home_exits_zero_with_warnings_listed(minimal_home: Path) -> None:
    result = run_validate(minimal_home)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == (
        "No errors, 2 warnings (2 files checked). The documents can be built; deal with the warnings soon.")


@pytest.mark.parametrize("old,new,fragment", [
    ("taken_on: 2026-10-01", "taken_on: 2026-05-01",
     "photo.taken_on: the photo was taken on 1 May 2026, more than 3 months ago"),
    ("  last_reviewed: 2026-11-10\n  police_information_reviewed: 2026-11-10",
     "  last_reviewed: 2026-09-01\n  police_information_reviewed: 2026-11-10",
     "assessment.last_reviewed: the risk assessment was due for review on 2 October 2026"),
    ("police_information_reviewed: 2026-11-10", "police_information_reviewed: 2026-08-10",
     "assessment.police_information_reviewed: the police information was due to be checked on 10 September 2026"),
    ("consent_to_share: yes", "consent_to_share: no", "photo.consent_to_share: consent to share the photo is not recorded"),
])
def test_out_of_date_data_is_a_warning_not_an_error(minimal_home: Path, old: str, new: str, fragment: str) -> None:
    edit(minimal_home / CHILD, old, new)
    result = run_validate(minimal_home)
    assert result.exit_code == 0, result.output
    assert any(": warning: " in line and fragment in line for line in result.output.splitlines()), result.output


def test_contacts_and_procedure_overdue_are_warnings(minimal_home: Path) -> None:
    edit(minimal_home / HOME, "last_checked: 2026-11-01", "last_checked: 2026-05-01")
    edit(minimal_home / HOME, "approved_on: 2026-06-01", "approved_on: 2025-06-01")
    result = run_validate(minimal_home)
    assert result.exit_code == 0
    assert "contacts.last_checked: the contact numbers were last checked on 1 May 2026" in result.output
    assert "the procedure was due for review on 1 June 2026" in result.output


def test_a_photo_name_outside_the_folder_is_one_error_not_also_no_photo_on_file(minimal_home: Path) -> None:
    edit(minimal_home / CHILD, "file: photo.jpg", "file: ../alex/photo.jpg")
    result = run_validate(minimal_home)
    assert result.exit_code == 1
    assert 'photo.file: "../alex/photo.jpg" must be a file name in the same folder as this file' in result.output
    assert "no photo on file" not in result.output  # it said both: "Add a 'photo:' section" beside the section


def test_child_without_photo_is_a_warning(minimal_home: Path) -> None:
    edit(minimal_home / CHILD, "photo:\n  file: photo.jpg\n  taken_on: 2026-10-01\n  consent_to_share: yes\n", "")
    result = run_validate(minimal_home)
    assert result.exit_code == 0
    assert "warning: name: no photo on file: the police pack will say so" in result.output


def test_an_interview_offered_after_it_must_be_held_is_flagged(minimal_home: Path) -> None:
    edit(minimal_home / HOME, "rhi_within_hours: 72", "rhi_within_hours: 12")
    result = run_validate(minimal_home)
    assert result.exit_code == 0
    assert ("warning: time_limits.rhi_offer_within_hours: the interview is to be offered within 24 hours but held "
            "within 12") in result.output


def test_a_misnamed_file_in_a_childs_folder_is_an_error_not_silently_skipped(minimal_home: Path) -> None:
    (minimal_home / "young_people/alex/episode.yml").write_text("episodes: []\n", encoding="utf-8")
    (minimal_home / "young_people/alex/notes.yaml").write_text("x: 1\n", encoding="utf-8")
    result = run_validate(minimal_home)
    assert result.exit_code == 1
    assert ("young_people/alex/episode.yml: this file is not read by mfc-docs, so nothing in it reaches any "
            "document. Did you mean episodes.yaml? Rename it.") in result.output
    assert "young_people/alex/notes.yaml: this file is not read by mfc-docs" in result.output
    assert "notes.yaml: this file is not read by mfc-docs, so nothing in it reaches any document. Did you mean" \
        not in result.output


@pytest.mark.parametrize("name", ["episodes.yaml.txt", "episodes.yaml ", "Episodes.YAML"])
def test_an_episodes_file_renamed_by_an_editor_is_an_error(minimal_home: Path, name: str) -> None:
    (minimal_home / "young_people/alex" / name).write_text("episodes: []\n", encoding="utf-8")
    result = run_validate(minimal_home)
    assert result.exit_code == 1
    assert (f"young_people/alex/{name}: this file is not read by mfc-docs, so nothing in it reaches any document. "
            "Did you mean episodes.yaml? Rename it.") in result.output


@pytest.mark.parametrize("name", ["newkid.yaml.txt", "newkid.yaml "])
def test_a_child_file_renamed_by_an_editor_is_an_error(minimal_home: Path, name: str) -> None:
    (minimal_home / "young_people" / name).write_text("x: 1\n", encoding="utf-8")
    result = run_validate(minimal_home)
    assert result.exit_code == 1
    assert (f"young_people/{name}: this file is not read by mfc-docs, so this child would get no documents. "
            "Rename it to newkid.yaml.") in result.output


def test_a_child_file_with_a_capitalised_extension_is_read(minimal_home: Path) -> None:
    (minimal_home / "young_people/alex/profile.yaml").rename(minimal_home / "young_people/sam.YAML")
    result = run_validate(minimal_home)
    assert "young_people/sam.YAML" in result.output  # read (and checked), not skipped


def test_a_profile_saved_under_another_name_is_named_in_the_error(minimal_home: Path) -> None:
    folder = minimal_home / "young_people/alex"
    (folder / "profile.yaml").rename(folder / "profile.yml")
    result = run_validate(minimal_home)
    assert result.exit_code == 1
    assert "young_people/alex: this child's folder has no profile.yaml (found 'profile.yml': rename it to " \
           "profile.yaml)." in result.output


def test_a_childs_folder_without_any_profile_says_how_to_fix_it(minimal_home: Path) -> None:
    (minimal_home / "young_people/sam").mkdir()
    result = run_validate(minimal_home)
    assert result.exit_code == 1
    assert ("young_people/sam: this child's folder has no profile.yaml. Put the child's profile.yaml in it (copy "
            "another child's as a start), or delete the folder if it is not a child's." in result.output)


def test_an_id_with_accents_is_suggested_without_them(minimal_home: Path) -> None:
    (minimal_home / "young_people/alex").rename(minimal_home / "young_people/Ștefan")
    result = run_validate(minimal_home)
    assert "Rename it, for example to 'stefan'." in result.output


@pytest.mark.parametrize("folder, suggested", [("Łucja", "lucja"), ("Đặng Thu", "dang-thu"),
                                               ("Søren", "soren"), ("Siôn", "sion"), ("Jürgen Groß", "jurgen-gross")])
def test_an_id_in_polish_vietnamese_or_danish_is_suggested_with_every_letter(minimal_home: Path, folder: str,
                                                                              suggested: str) -> None:
    """'Łucja' was suggested as 'ucja': letters with a stroke have no accent to take off. Add a child says 'lucja'."""
    (minimal_home / "young_people/alex").rename(minimal_home / "young_people" / folder)
    result = run_validate(minimal_home)
    assert result.exit_code == 1
    assert f"Rename it, for example to '{suggested}'." in result.output


def test_an_id_too_long_for_a_file_name_is_refused_by_validate(minimal_home: Path) -> None:
    """An id of 250 letters passed validate, then build failed saying to choose a shorter output folder."""
    long_id = "a" * 250
    (minimal_home / "young_people/alex").rename(minimal_home / "young_people" / long_id)
    result = run_validate(minimal_home)
    assert result.exit_code == 1
    assert f"the child's id '{long_id}' (the file or folder name) is 250 characters long" in result.output
    assert f"Rename it, for example to '{'a' * 40}'." in result.output


def test_huge_numbers_are_refused_before_any_date_arithmetic(minimal_home: Path) -> None:
    edit(minimal_home / HOME, "rhi_within_hours: 72", "rhi_within_hours: 99999999999999999999")
    result = run_validate(minimal_home)
    assert result.exit_code == 1
    assert "time_limits.rhi_within_hours: must be at most 8760." in result.output


# --- issue 11, section 5: validation the readers needed -------------------------------------------------------


def test_a_missing_folder_is_reported_as_a_missing_folder(tmp_path: Path) -> None:
    result = run_validate(tmp_path / "no-such-home")
    assert result.exit_code == 1
    assert "no-such-home does not exist" in result.output
    assert "there is no home_config.yaml" not in result.output


@pytest.mark.parametrize("born,level,message", [
    ("2024-05-06", "warning", "the child is 2: very few children this young live in a children's home"),
    ("2019-05-06", "warning", "the child is 7: very few children this young"),
    ("2007-05-06", "warning", "the child is 19: children's homes care for under-18s"),
    ("1996-05-06", "error", "this date of birth makes the child 30: children's homes care for under-18s, so it "
                            "cannot be right"),
])
def test_impossible_ages(minimal_home: Path, born: str, level: str, message: str) -> None:
    edit(minimal_home / CHILD, "date_of_birth: 2011-05-06", f"date_of_birth: {born}")
    result = run_validate(minimal_home)
    line = next(line for line in result.output.splitlines() if "date_of_birth" in line)
    assert message in line
    assert (": warning:" in line) == (level == "warning")
    assert result.exit_code == (1 if level == "error" else 0)


def test_a_child_of_ten_is_not_questioned(minimal_home: Path) -> None:
    edit(minimal_home / CHILD, "date_of_birth: 2011-05-06", "date_of_birth: 2016-05-06")
    assert "date_of_birth" not in run_validate(minimal_home).output


@pytest.mark.parametrize("written,message", [
    ("07700 90012", '"07700 90012" is not a UK phone number: it has 10 digits; a mobile number has 11'),
    ("0113 496 020", '"0113 496 020" is not a UK phone number: it has 10 digits; a landline number starting 0113 '
                     'has 11'),
    ("07700 9001234", "it has 12 digits; a mobile number has 11. Check for an extra digit"),
    ("+44 7700 90012", "it has 9 digits after +44; a mobile number has 10 after +44"),
    ("+33 1 23", "it is not a valid number for country code +33 (FR)"),
])
def test_phone_numbers_are_checked_by_kind_and_range(minimal_home: Path, written: str, message: str) -> None:
    text = edit(minimal_home / CHILD, "phone: 07700 900012", f'phone: "{written}"')
    result = run_validate(minimal_home)
    assert result.exit_code == 1
    assert f"{CHILD}:{line_of(text, written)}:" in result.output
    assert message in result.output


@pytest.mark.parametrize("written", ["07700 900123", "01632 960100", "0113 496 0123", "020 7946 0123", "0300 123 1231",
                                     "0808 800 5000", "0800 1111", "116 000", "999", "101", "111",
                                     "+44 7700 900123", "+44 (0)113 496 0123", "+33 1 23 45 67 89",
                                     "01632 960100 ext 12"])
def test_real_and_drama_numbers_pass_and_are_kept_as_written(minimal_home: Path, written: str) -> None:
    """Ofcom's drama numbers (07700 900xxx, 01632 960xxx) are never allocated, so libphonenumber alone would refuse
    them; the sample data depends on them."""
    import phonenumbers

    from mfc_docs.input.home_data import load_home

    if written.startswith(("07700 900", "01632 960")):
        assert not phonenumbers.is_valid_number(phonenumbers.parse(written.split(" ext")[0], "GB"))
    edit(minimal_home / CHILD, "phone: 07700 900012", f'phone: "{written}"')
    home = load_home(minimal_home, date(2026, 11, 24))
    assert home.errors == []
    assert home.children[0].data["associates"][0]["phone"] == written


def test_a_bad_time_limit_does_not_hide_a_bad_colour_or_a_placeholder_typo(minimal_home: Path) -> None:
    """One run lists every problem: a number written '72 hours' used to stop the checks of colours and wording."""
    edit(minimal_home / HOME, "rhi_within_hours: 72", "rhi_within_hours: 72 hours")
    edit(minimal_home / HOME, "    title: Immediate response\n", "    title: Immediate response\n    colour: red\n")
    edit(minimal_home / HOME, "within {confirm_missing_minutes} minutes", "within {confirm_mising_minutes} minutes")
    result = run_validate(minimal_home)
    assert result.exit_code == 1
    assert "time_limits.rhi_within_hours: '72 hours' is not a whole number" in result.output
    assert "checklists.immediate_response.colour: 'red' is not a colour written as #RRGGBB" in result.output
    assert "{confirm_mising_minutes} is not a time limit or review cycle" in result.output
    assert result.output.splitlines()[-1].startswith("3 errors")


@pytest.mark.parametrize("placing, host, other_area", [
    ("Westshire County Council", "Westshire County Council", False),
    ("Leeds", "Leeds City Council", False),
    ("City of Bradford Metropolitan District Council", "Bradford Council", False),
    ("Northmoor Borough Council (fictional; placed out of area)", "Westshire County Council", True),
    ("Eastvale City Council", "Westshire County Council", True),
])
def test_a_child_from_another_area_is_told_apart_by_the_councils_name(placing: str, host: str,
                                                                      other_area: bool) -> None:
    """The placing authority arranges the return home interview of a child placed from another area."""
    from mfc_docs.input.checks import placed_from_another_area

    child = {"placement": {"placing_authority": placing}}
    assert placed_from_another_area(child, {"home": {"host_local_authority": host}}) is other_area


@pytest.mark.parametrize("line", ["  protective_marking: OFFICIAL-SENSITIVE",
                                  "  say_when_reporting: Looked After Child - missing"])
def test_a_field_left_empty_takes_its_default_and_the_documents_are_still_made(sample_home: Path, line: str) -> None:
    key = line.split(":")[0]
    edit(sample_home / HOME, line, key + ":")
    assert run_validate(sample_home).exit_code == 0
    result = CliRunner().invoke(main, ["build", str(sample_home), "--format", "pdf", "--today", "2026-11-24"])
    assert result.exit_code == 0, result.output
