"""output.structure_edits through edit_file: a key or list item taken out, a list reordered, only those lines differ.

A comment written before an item is about that item: it moves and goes with it. The lines after
a list's last item (a blank line, the next section's comment) stay at the end of the list.
"""

from __future__ import annotations

from pathlib import Path

from mfc_docs.input.loading import load_yaml
from mfc_docs.output.home_file_edits import edit_file
from mfc_docs.output.structure_edits import REMOVE, NewItem, Reorder
from mfc_docs.output.yaml_round_trip import dump, round_trip, to_ruamel_quoted
from mfc_docs.output.structure_edits import remove_in_document, reorder_in_document

TEXT = """top:
  a: one
  b: two   # bee
  # about c
  c: three

places:
  # the places
  - name: A   # inline
    why: x
  # before B
  - name: B
    why: y

  - name: C
    why: z

# closing comment
after: end
"""


def _edited(change) -> str:
    yaml, document, _ = round_trip(TEXT)
    change(document)
    return dump(yaml, document)


def test_reordering_moves_each_item_with_the_comment_before_it() -> None:
    text = _edited(lambda d: reorder_in_document(d["places"], (1, 0, 2), to_ruamel_quoted))
    assert text.split("places:\n")[1].split("after:")[0] == """  # the places
  # before B
  - name: B
    why: y
  - name: A   # inline
    why: x

  - name: C
    why: z

# closing comment
"""


def test_a_new_item_goes_in_with_the_list_closing_lines_after_it() -> None:
    text = _edited(lambda d: reorder_in_document(d["places"], (0, 1, 2, NewItem({"name": "D", "why": "w"})),
                                                 to_ruamel_quoted))
    assert "  - name: C\n    why: z\n  - name: D\n    why: w\n\n# closing comment\nafter: end\n" in text


def test_removing_an_item_takes_its_comment_and_keeps_the_rest() -> None:
    text = _edited(lambda d: remove_in_document(d["places"], 1))
    assert "before B" not in text and "name: B" not in text
    assert "  - name: A   # inline\n    why: x\n\n  - name: C\n" in text
    last = _edited(lambda d: remove_in_document(d["places"], 2))
    assert last.endswith("  - name: B\n    why: y\n\n# closing comment\nafter: end\n")


def test_removing_a_key_keeps_the_comment_about_the_next_one() -> None:
    text = _edited(lambda d: remove_in_document(d["top"], "b"))
    assert text.startswith("top:\n  a: one\n  # about c\n  c: three\n\nplaces:")
    text = _edited(lambda d: remove_in_document(d["top"], "c"))
    assert text.startswith("top:\n  a: one\n  b: two   # bee\n\nplaces:")


def test_edit_file_removes_and_reorders_with_only_those_lines_changed(tmp_path: Path) -> None:
    from mfc_docs.input.schema.young_person import YOUNG_PERSON_SCHEMA

    from .conftest import REPO

    root = tmp_path / "home"
    (root / "young_people" / "nhung").mkdir(parents=True)
    (root / "home_config.yaml").write_bytes((REPO / "home_config.yaml").read_bytes())
    relative = "young_people/nhung/profile.yaml"
    source = (REPO / relative).read_text(encoding="utf-8")
    (root / relative).write_text(source, encoding="utf-8")
    data = load_yaml(root / relative, relative)[0].data
    count = len(data["locations"])
    edit_file(root, relative, YOUNG_PERSON_SCHEMA,
              {("description", "accent"): REMOVE,
               ("locations",): Reorder((count - 1, *range(count - 1))),
               ("name", "aliases"): Reorder((0, 2))},
              base_sha=None, who="Test", out_dir=tmp_path / "out")
    after = load_yaml(root / relative, relative)[0].data
    assert "accent" not in after["description"]
    assert [p["name"] for p in after["locations"]] == [data["locations"][-1]["name"]] + \
        [p["name"] for p in data["locations"][:-1]]
    assert after["name"]["aliases"] == [data["name"]["aliases"][0], data["name"]["aliases"][2]]
    text = (root / relative).read_text(encoding="utf-8")
    assert sorted(text.splitlines()) == sorted(
        line for line in source.splitlines() if not line.startswith("  accent:") and data["name"]["aliases"][1]
        not in line)  # the same lines, only moved or taken out
