"""The strict loader reads what a person wrote, exactly as they wrote it."""

from __future__ import annotations


import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mfc_docs.input import loading
from mfc_docs.input.loading import LoadedFile, load_yaml_text
from mfc_docs.input.printable import unprintable_warnings
from mfc_docs.problems import Problem


def load(text: str) -> dict:
    loaded, problems = load_yaml_text(text, "f.yaml")
    # Text in a script the PDFs cannot print is read exactly too; its warning is tested in test_printable.py.
    problems = [p for p in problems if p not in unprintable_warnings(loaded)]
    assert not problems, [str(p) for p in problems]
    return loaded.data


def test_yaml_11_surprises_stay_as_written() -> None:
    data = load("phone: 07700900123\nanswer: NO\nyes_word: yes\nswitch: off\nzero_lead: 0123\ntime: 12:30\n"
                "sci: 1e3\nversion: 3.10\n")
    assert data == {"phone": "07700900123", "answer": "NO", "yes_word": "yes", "switch": "off",
                    "zero_lead": "0123", "time": "12:30", "sci": "1e3", "version": "3.10"}


def test_an_unquoted_empty_value_means_not_given_but_quoted_empty_is_kept() -> None:
    assert load("a:\nb: ~\nc: ''\n") == {"a": None, "b": None, "c": ""}


def test_the_word_null_is_read_as_written_not_as_not_given() -> None:
    # Only an empty value or ~ means "not given": 'phone: null' then fails phone validation with a clear message.
    assert load("a: null\nb: Null\nc: NULL\nd: 'null'\n") == {"a": "null", "b": "Null", "c": "NULL", "d": "null"}


def test_block_text_keeps_its_lines() -> None:
    assert load("address: |\n  1 Test Lane\n  Exampleton\n") == {"address": "1 Test Lane\nExampleton"}


def test_positions_point_at_values_and_keys() -> None:
    loaded, _ = load_yaml_text("home:\n  name: X\n  people:\n    - name: Y\n", "f.yaml")
    assert loaded.value_positions[("home", "name")] == (2, 9)
    assert loaded.key_positions[("home", "people")] == (3, 3)
    assert loaded.value_positions[("home", "people", 0, "name")] == (4, 13)
    assert loaded.position(("home", "people", 0, "missing")) == (4, 7)  # nearest written ancestor


def test_duplicate_keys_are_reported_not_silently_dropped() -> None:
    loaded, problems = load_yaml_text("a: first\nb: 1\na: second\n", "f.yaml")
    assert [str(p) for p in problems] == [
        "f.yaml:3:1: a: 'a' appears twice in this section (first at line 1); YAML would silently keep only the "
        "last one. Keep one and delete the other."]


def test_merge_keys_are_refused() -> None:
    _, problems = load_yaml_text("base: &b\n  x: 1\nother:\n  <<: *b\n", "f.yaml")
    assert "merge keys" in problems[0].message and problems[0].line == 4


# Text a person might type: letters from many alphabets, punctuation, digits, spaces, symbols.
human_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff\x85\u2028\u2029"),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(value=human_text, style=st.sampled_from([None, '"', "'"]))
def test_any_string_written_in_yaml_loads_back_exactly(value: str, style) -> None:
    """Quoted or not (the emitter writes it plain wherever YAML allows), the loaded value is the written one."""
    text = yaml.dump({"field": value}, default_style=style, allow_unicode=True, width=1000)
    loaded = load(text)["field"]
    if style is None and value in ("", "~"):
        return  # written unquoted, these mean "not given" (checked above); quoted they load as written
    assert loaded == value


plain_words = st.from_regex(r"[0-9A-Za-z][0-9A-Za-z .:+\-/]{0,20}[0-9A-Za-z]", fullmatch=True)


@settings(max_examples=300, deadline=None)
@given(value=plain_words)
def test_unquoted_values_that_look_like_numbers_dates_or_booleans_stay_text(value: str) -> None:
    if ": " in value or " #" in value:
        return  # not a single plain scalar in YAML: covered by the syntax-error messages and the ' #' warning
    assert load(f"field: {value}\n")["field"] == value


def problem_lines(text: str) -> list[str]:
    return [str(p) for p in load_yaml_text(text, "f.yaml")[1]]


# -- ' #' after an unquoted value ----------------------------------------------------------------------------------

COMMENT_WARNING = ("the text after ' #' on this line is read as a comment and left out of every document. "
                   "If the # is part of the value, put the whole value in quotes")


def test_a_hash_after_an_unquoted_value_is_a_warning_not_a_silent_cut() -> None:
    loaded, problems = load_yaml_text("name: X\naddress: Flat #3, Park Road\n", "f.yaml")
    assert loaded.data == {"name": "X", "address": "Flat"}  # what YAML reads; the warning says so
    assert [str(p) for p in problems] == [
        (f'f.yaml:2:15: warning: address: {COMMENT_WARNING}: "Flat #3, Park Road"; '
        "if it is a note, move it to a line of its own.")]
    assert problems[0].level == "warning"


def test_a_hash_straight_after_the_colon_empties_the_value_with_a_warning() -> None:
    loaded, problems = load_yaml_text("room: #3\n", "f.yaml")
    assert loaded.data == {"room": None}
    assert [str(p) for p in problems] == [
        f'f.yaml:1:7: warning: room: {COMMENT_WARNING}: "#3"; if it is a note, move it to a line of its own.']


def test_a_hash_on_the_last_line_of_a_long_unquoted_value_is_pointed_at() -> None:
    assert problem_lines("notes: first line\n  second #2\n") == [
        f"f.yaml:2:10: warning: notes: {COMMENT_WARNING}; if it is a note, move it to a line of its own."]


def test_a_hash_after_an_unquoted_list_item_is_a_warning() -> None:
    assert problem_lines("steps:\n  - Call 999 # now\n")[0].startswith(f"f.yaml:2:14: warning: steps[1]: {COMMENT_WARNING}")


@pytest.mark.parametrize("after", [" # note", "  #note", "\t#3", " #"])
def test_a_hash_not_laid_out_as_a_note_is_warned_about(after: str) -> None:
    lines = problem_lines(f"status: open{after}\n")
    assert len(lines) == 1 and lines[0].startswith(f"f.yaml:1:{13 + after.index('#')}: warning: status: {COMMENT_WARNING}")


def test_deliberate_comments_are_not_warned_about() -> None:
    text = ("# a whole-line comment\n"
            "home:  # a comment after a key whose value is on the lines below\n"
            "  name: 'Quoted' # a comment after a quoted value\n"
            '  phone: "01632 960001"  # another\n'
            "  tags: [a, b]  # after a list written in brackets\n"
            "  notes: |  # after a block text marker\n"
            "    text # inside block text is text\n"
            "  steps:  # before a list\n"
            "    - one\n"
            "  url: example.org/#top\n"
            "  status: open  # a note laid out as people and yamllint write one: two spaces, then '# '\n"
            "  room:   # the same after an empty value\n")
    loaded, problems = load_yaml_text(text, "f.yaml")
    assert problems == []
    assert loaded.data["home"]["notes"] == "text # inside block text is text"
    assert loaded.data["home"]["url"] == "example.org/#top"


# -- invisible characters ------------------------------------------------------------------------------------------

def test_a_control_character_from_an_escape_code_is_an_error_pointing_at_the_code() -> None:
    _, problems = load_yaml_text('tone: "Calm \\a \\0 \\e"\n', "f.yaml")
    assert [str(p) for p in problems] == [
        "f.yaml:1:13: tone: this value contains an invisible control character (U+0007, written \\a); delete it."]
    assert problems[0].level == "error"


@pytest.mark.parametrize("code,shown", [("\\0", "U+0000"), ("\\x7F", "U+007F"), ("\\v", "U+000B"),
                                        ("\\r", "U+000D"), ("\\u001b", "U+001B")])
def test_every_escaped_control_character_is_refused(code: str, shown: str) -> None:
    assert problem_lines(f'a: x\nb: "Calm {code} down"\n') == [
        f"f.yaml:2:10: b: this value contains an invisible control character ({shown}, written {code}); delete it."]


def test_escaped_new_lines_and_tabs_are_fine() -> None:
    assert load('a: "one\\ntwo\\tthree"\n') == {"a": "one\ntwo\tthree"}


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x9f", "\ufffe"])
def test_a_raw_control_character_is_an_error_with_its_line_and_column(char: str) -> None:
    assert problem_lines(f"name: Alex\nnote: Calm{char}down\n") == [
        f"f.yaml:2:11: an invisible control character (U+{ord(char):04X}) is here; delete it."]


def test_a_raw_control_character_is_reported_on_every_line_it_is_on() -> None:
    assert problem_lines("a: \x07\nb: ok\nc: x\x00\x00\n") == [
        "f.yaml:1:4: an invisible control character (U+0007) is here; delete it.",
        "f.yaml:3:5: an invisible control character (U+0000) is here; delete it."]


def test_windows_line_ends_are_fine_and_keep_line_numbers() -> None:
    loaded, problems = load_yaml_text("a: 1\r\nb: 'x'\r\nc: |\r\n  one\r\n  two\r\n", "f.yaml")
    assert problems == [] and loaded.data == {"a": "1", "b": "x", "c": "one\ntwo"}
    assert loaded.value_positions[("b",)] == (2, 4)


def test_a_file_saved_as_utf16_without_a_byte_order_mark_says_so() -> None:
    text = "name: Alex\n".encode("utf-16-le").decode("utf-8")
    assert problem_lines(text) == [
        ("f.yaml:1:2: this file looks saved as UTF-16 text (it is full of invisible NUL characters). Save it again "
        "choosing the 'UTF-8' encoding (in Notepad: File > Save As > Encoding).")]


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85"])
def test_a_raw_line_separator_is_an_error_with_its_line_and_column(char: str) -> None:
    assert problem_lines(f"name: Alex\nnote: Calm{char}down\n") == [
        f"f.yaml:2:11: an invisible line-separator character (U+{ord(char):04X}) is here; delete it."]


def test_an_escaped_line_separator_is_an_error() -> None:
    assert problem_lines('note: "Calm \\L down"\n') == [
        ("f.yaml:1:13: note: this value contains an invisible line-separator character (U+2028, written \\L); "
        "delete it.")]


def test_a_stray_byte_order_mark_inside_the_file_is_an_error() -> None:
    assert problem_lines("a: 1\n\ufeffb: 2\n") == ["f.yaml:2:1: an invisible byte-order mark (U+FEFF) is here; delete it."]


# -- nesting depth and anchors ---------------------------------------------------------------------------------------

TOO_DEEP = ("the file is nested too deeply (more than 50 levels); mfc-docs files are at most a few levels deep. "
            "Check the indentation and the brackets [ ] { } from here on.")


def test_deep_brackets_are_refused_not_a_recursion_error() -> None:
    assert problem_lines("a: " + "[" * 500 + "]" * 500 + "\n") == [f"f.yaml:1:53: {TOO_DEEP}"]


@pytest.mark.parametrize("text,where", [
    ("- " * 5000 + "x\n", "1:101"),
    ("".join("  " * i + f"k{i}:\n" for i in range(60)), "51:101"),
    ("a: " + "{b: " * 200 + "c" + "}" * 200 + "\n", "1:200"),
])
def test_deep_lists_and_sections_are_refused(text: str, where: str) -> None:
    assert problem_lines(text) == [f"f.yaml:{where}: {TOO_DEEP}"]


def test_a_file_of_ordinary_depth_is_fine() -> None:
    value = load("a: " + "[" * 20 + "x" + "]" * 20 + "\n")["a"]
    for _ in range(20):
        assert isinstance(value, list) and len(value) == 1
        value = value[0]
    assert value == "x"


def test_an_alias_cannot_go_deeper_than_the_limit() -> None:
    text = "a: &a " + "[" * 40 + "]" * 40 + "\nb: " + "[" * 10 + "*a" + "]" * 10 + "\n"
    assert problem_lines(text) == [f"f.yaml:2:14: {TOO_DEEP}"]


# 4.8 million values from 400 bytes (a real attack nests further: 9 ** 9 is 387 million)
BOMB = "".join(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n"
               for prev, name in zip("abcdefg", "bcdefgh")).replace("*a", "x")


def run_isolated(code: str) -> str:
    """Run loader code in a separate Python, so a crash or a hang fails this test instead of the whole run."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", "from mfc_docs.input.loading import load_yaml_text\n" + code],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_very_deep_input_cannot_crash_the_loader() -> None:
    out = run_isolated("for text in ('a: ' + '[' * 200000, '- ' * 200000 + 'x', '{a: ' * 100000):\n"
                       "    loaded, problems = load_yaml_text(text, 'f.yaml')\n"
                       "    assert loaded is None\n"
                       "    print(problems[0])\n")
    assert out.splitlines() == [f"f.yaml:1:53: {TOO_DEEP}", f"f.yaml:1:101: {TOO_DEEP}", f"f.yaml:1:201: {TOO_DEEP}"]


def test_an_anchor_bomb_is_refused_before_it_is_expanded(monkeypatch) -> None:
    """9**7 values if expanded; the loader stops once MAX_ALIAS_VALUES would be passed (counted, not timed)."""
    from mfc_docs.input import yaml_events

    copied = []
    real_copy = yaml_events._copy
    monkeypatch.setattr(yaml_events, "_copy", lambda value: copied.append(1) or real_copy(value))
    loaded, problems = load_yaml_text(BOMB, "f.yaml")
    assert loaded is None
    assert [str(p) for p in problems] == [
        ("f.yaml:6:12: g[2]: this file repeats anchors (&name / *name) so many times that it would be too large to "
        "read; write the values out instead.")]
    assert len(copied) <= yaml_events.MAX_ALIAS_VALUES


def test_an_alias_inside_its_own_anchor_is_refused() -> None:
    assert problem_lines("a: &a [x, *a]\n") == [
        ("f.yaml:1:11: a[2]: '*a' is used inside the value of its own anchor '&a', so it would repeat forever; "
        "write the values out instead.")]


def test_ordinary_anchors_still_work_with_positions_and_separate_copies() -> None:
    loaded, problems = load_yaml_text("a: &p\n  x: 1\n  y: [2, 3]\nb: *p\nc: [*p]\n", "f.yaml")
    assert problems == []
    assert loaded.data == {"a": {"x": "1", "y": ["2", "3"]}, "b": {"x": "1", "y": ["2", "3"]},
                           "c": [{"x": "1", "y": ["2", "3"]}]}
    assert loaded.data["b"] is not loaded.data["a"] and loaded.data["b"]["y"] is not loaded.data["a"]["y"]
    assert loaded.value_positions[("b", "y", 1)] == loaded.value_positions[("a", "y", 1)] == (3, 10)
    assert loaded.key_positions[("c", 0, "x")] == (2, 3)


def test_an_undefined_alias_and_a_reused_anchor_name_are_reported() -> None:
    assert problem_lines("a: *nope\n") == [
        "f.yaml:1:4: a: this '*nope' refers to an anchor '&nope' that is not defined above it."]
    assert problem_lines("a: &x 1\nb: &x 2\n") == [
        "f.yaml:2:4: the anchor '&x' is defined twice (first at line 1); give each anchor its own name."]


# -- a second document, tags -----------------------------------------------------------------------------------------

def test_a_second_document_points_at_its_dashes() -> None:
    assert problem_lines("a: 1\nb: 2\n---\nc: 3\n") == [
        ("f.yaml:3:1: this file has a second part starting with '---' here; keep everything in one part "
        "(delete the '---' line).")]


def test_dashes_at_the_start_of_the_file_are_fine() -> None:
    assert load("---\na: 1\n") == {"a": "1"}


def test_a_document_end_marker_followed_by_more_is_explained() -> None:
    assert problem_lines("a: 1\n...\nb: 2\n") == [
        ("f.yaml:3:1: this file has a second part starting here, after a '...' line that ends the first; "
        "keep everything in one part (delete the '...' line).")]


def test_yaml_tags_are_refused_where_they_are_written() -> None:
    _, problems = load_yaml_text("n: !include other.yaml\nm: !!int 5\ns: !!seq [a]\n", "f.yaml")
    assert [str(p) for p in problems] == [
        "f.yaml:1:4: n: YAML tags like !include are not supported: write the value itself.",
        "f.yaml:2:4: m: YAML tags like !!int are not supported: write the value itself.",
        "f.yaml:3:4: s: YAML tags like !!seq are not supported: write the value itself."]
    assert all(p.level == "error" for p in problems)


# -- nothing a person can type makes the loader raise ----------------------------------------------------------------

yaml_soup = st.lists(
    st.one_of(
        st.sampled_from(list("-:?[]{},#&*!|>'\"%@`\\ \n\t\r.~0aZé") + [
            "\x00", "\x07", "\x0b", "\x1b", "\x7f", "\x85", "\u2028", "\u2029", "\ufeff", "\ud800",
            "---\n", "...\n", "  ", "- ", "&a ", "*a", "!!int ", "!x ", "\\L", "\\a", "\\x07", "<<: ", "key: "]),
        st.characters(),
    ),
    max_size=150,
).map("".join)


@pytest.mark.parametrize("parser", ["libyaml", "python"])
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(st.text(max_size=300), yaml_soup))
def test_no_input_makes_the_loader_raise(text: str, parser: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if parser == "python":
        monkeypatch.setattr(loading, "_BASE_LOADER", yaml.BaseLoader)
    result = load_yaml_text(text, "f.yaml")
    assert isinstance(result, tuple) and len(result) == 2
    loaded, problems = result
    assert loaded is None or isinstance(loaded, LoadedFile)
    assert isinstance(problems, list) and all(isinstance(p, Problem) for p in problems)
    if loaded is None:
        assert any(p.is_error for p in problems)
    assert all(p.line is None or (p.line >= 1 and p.column >= 1) for p in problems)


def test_load_yaml_text_parses_in_memory_without_writing_a_file(monkeypatch) -> None:
    """Tools (and the web form) check text before it is saved: nothing may be written to check it."""
    import tempfile
    from pathlib import Path

    def refuse(*args, **kwargs):
        raise AssertionError("load_yaml_text wrote a file")

    monkeypatch.setattr(Path, "write_bytes", refuse)
    monkeypatch.setattr(Path, "write_text", refuse)
    monkeypatch.setattr(tempfile, "mkdtemp", refuse)
    loaded, problems = load_yaml_text("name: Jay\nphone: 07700 900123\n", "young_people/jay.yaml")
    assert problems == []
    assert loaded.data == {"name": "Jay", "phone": "07700 900123"}
    assert loaded.path == Path("young_people/jay.yaml")
    assert loaded.problem(("phone",), "x").line == 2
