"""The strict loader reads what a person wrote, exactly as they wrote it."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from mfc_docs.loading import load_yaml_text


def load(text: str) -> dict:
    loaded, problems = load_yaml_text(text, "f.yaml")
    assert not problems, [str(p) for p in problems]
    return loaded.data


def test_yaml_11_surprises_stay_as_written() -> None:
    data = load("phone: 07700900123\nanswer: NO\nyes_word: yes\nswitch: off\nzero_lead: 0123\ntime: 12:30\n"
                "sci: 1e3\nversion: 3.10\n")
    assert data == {"phone": "07700900123", "answer": "NO", "yes_word": "yes", "switch": "off",
                    "zero_lead": "0123", "time": "12:30", "sci": "1e3", "version": "3.10"}


def test_an_unquoted_empty_value_means_not_given_but_quoted_empty_is_kept() -> None:
    assert load("a:\nb: ~\nc: ''\n") == {"a": None, "b": None, "c": ""}


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
    if style is None and value in ("", "~", "null", "Null", "NULL"):
        return  # written unquoted, these mean "not given" (checked above); quoted they load as written
    assert loaded == value


plain_words = st.from_regex(r"[0-9A-Za-z][0-9A-Za-z .:+\-/]{0,20}[0-9A-Za-z]", fullmatch=True)


@settings(max_examples=300, deadline=None)
@given(value=plain_words)
def test_unquoted_values_that_look_like_numbers_dates_or_booleans_stay_text(value: str) -> None:
    if ": " in value or " #" in value or value in ("null", "Null", "NULL"):
        return  # not a single plain scalar in YAML: covered by the syntax-error messages
    assert load(f"field: {value}\n")["field"] == value
