"""A report remembers which files passed the schema check, and never lets a changed file through unchecked.

The cache (input.validation_cache) may only make ``report`` faster: a typo made after a report
is caught at its line and column exactly as without it, the same warnings are printed, and a
cache that is not private, not whole, or made for other data, code or day is ignored.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from mfc_docs.input import validation_cache
from mfc_docs.input.validation_cache import CACHE_FOLDER

# A new process, as a shift lead runs it: its exit code, what it printed, and whether it checked
# any file against its schema (cerberus is imported only to check a file).
PROBE = """
import json, sys
from click.testing import CliRunner
from mfc_docs.cli import main
result = CliRunner().invoke(main, sys.argv[1:])
print(json.dumps({"exit": result.exit_code, "output": result.output, "checked": "cerberus" in sys.modules}))
"""


def report(home: Path, minute: int, *extra: str) -> tuple[int, str, bool]:
    args = ["report", "alex", str(home), "--pdf-only", "--no-interactive", "--now", f"2026-11-24 00:{minute:02d}",
            "--last-seen", "22:15", *extra]
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    return found["exit"], found["output"], found["checked"]


def messages(output: str) -> list[str]:
    """What a report says, without the lines naming the new report's own folder (a new one each time)."""
    return [line for line in output.splitlines() if "reports/2026-11-24_00" not in line]


@pytest.fixture
def reported(minimal_home: Path) -> Path:
    """The minimal home after two reports: the first made its output folder, the second remembered its files."""
    for minute in (28, 30):
        code, output, checked = report(minimal_home, minute)
        assert code == 0 and checked, output
    assert cache_files(minimal_home)
    return minimal_home


def cache_files(home: Path) -> list[Path]:
    """The files of remembered schema checks (not the photo, where page 1's search ended or a Word template's tags)."""
    return sorted(p for p in (home / "output" / CACHE_FOLDER).glob("*.json") if not p.name.startswith(("fill-", "docx-")))


def test_a_second_report_from_unchanged_files_skips_the_schema_check_and_says_the_same(reported: Path) -> None:
    checked_run = report(reported, 29)[1]  # not remembered yet: checked (the fixture's runs say so)
    code, output, checked = report(reported, 32)
    assert code == 0 and not checked, output
    assert messages(output) == messages(checked_run)
    assert len(cache_files(reported)) == 2  # home_config.yaml and the profile (no episodes yet)


def test_a_typo_made_after_a_cached_run_is_still_caught_at_its_line_and_column(reported: Path) -> None:
    profile = reported / "young_people" / "alex" / "profile.yaml"
    text = profile.read_text(encoding="utf-8")
    profile.write_text(text.replace("date_of_birth: ", "date_of_brith: ", 1), encoding="utf-8")
    line = next(n for n, row in enumerate(profile.read_text(encoding="utf-8").splitlines(), 1)
                if row.startswith("date_of_brith"))
    code, output, checked = report(reported, 31)
    assert code == 1 and checked
    assert f"young_people/alex/profile.yaml:{line}:1: date_of_brith: 'date_of_brith' is not a field" in output
    assert "Did you mean 'date_of_birth'?" in output
    (reported / "output" / CACHE_FOLDER).rename(reported / "output" / "put-aside")
    assert report(reported, 32)[:2] == (code, output)  # word for word what a run without any cache says


def test_a_changed_value_is_checked_again(reported: Path) -> None:
    config = reported / "home_config.yaml"
    text = config.read_text(encoding="utf-8")
    number = next(row.split(": ", 1)[1].strip() for row in text.splitlines() if row.strip().startswith("phone: 0"))
    config.write_text(text.replace(number, number[:-1], 1), encoding="utf-8")  # one digit short
    code, output, checked = report(reported, 31)
    assert code == 1 and checked
    assert "is not a UK phone number" in output and "home_config.yaml:" in output


@pytest.mark.parametrize("spoil", ["group-readable folder", "group-readable file", "not json", "cut short",
                                   "kept for other data", "a link", "a pickle"])
def test_a_cache_that_cannot_be_trusted_is_ignored(reported: Path, spoil: str) -> None:
    folder = reported / "output" / CACHE_FOLDER
    files = cache_files(reported)
    if spoil == "group-readable folder":
        folder.chmod(0o750)
    for path in files:
        if spoil == "group-readable file":
            path.chmod(0o640)
        elif spoil == "not json":
            path.write_bytes(b"\x80\x04K\x01.")
        elif spoil == "cut short":
            path.write_bytes(path.read_bytes()[:-40])
        elif spoil == "kept for other data":
            kept = json.loads(path.read_bytes())
            kept["key"] = "0" * 64
            path.write_text(json.dumps(kept), encoding="utf-8")
        elif spoil == "a link":
            target = path.with_suffix(".target")
            path.rename(target)
            path.symlink_to(target)
        elif spoil == "a pickle":
            import pickle

            path.write_bytes(pickle.dumps({"key": json.loads(path.read_bytes())["key"], "data": {}}))
    code, output, checked = report(reported, 31)
    assert code == 0 and checked, output  # every file checked again, as if there were no cache


def test_another_day_checks_again(reported: Path) -> None:
    code, output, checked = report(reported, 31)
    assert code == 0 and not checked
    args = ["report", "alex", str(reported), "--pdf-only", "--no-interactive", "--now", "2026-11-25 00:31"]
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=300)
    assert json.loads(done.stdout.strip().splitlines()[-1])["checked"]


def test_the_cache_is_private_plain_json_in_the_homes_output(reported: Path) -> None:
    folder = reported / "output" / CACHE_FOLDER
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
    for path in cache_files(reported):
        assert oct(path.stat().st_mode & 0o777) == "0o600"
        kept = json.loads(path.read_text(encoding="utf-8"))
        assert set(kept) == {"key", "file", "data"}


def test_a_home_without_an_output_folder_gets_none(minimal_home: Path, tmp_path: Path) -> None:
    code, output, checked = report(minimal_home, 30, "-o", str(tmp_path / "elsewhere"))
    assert code == 0 and checked
    assert not (minimal_home / "output").exists()  # nothing written into the home for the cache


def test_kept_data_comes_back_exactly() -> None:
    data = {"b": [date(2026, 10, 25), datetime(2026, 10, 25, 1, 20, fold=1), datetime(2026, 10, 25, 1, 20)],
            "a": {"yes": True, "no": False, "n": 0, "one": 1, "none": None, "text": "Nguyễn\n{\"d\": 1}",
                  "d": "not a map", "empty": [], "l": {"l": []}}}
    encoded = json.loads(json.dumps(validation_cache._encode(data)))
    back = validation_cache._decode(encoded)
    assert validation_cache._identical(back, data) and list(back) == ["b", "a"]
    assert back["b"][1].fold == 1 and back["b"][2].fold == 0
    assert not validation_cache._identical({"n": 1}, {"n": True})  # a number is never a yes/no
    for unkept in (1.5, (1, 2), datetime(2026, 1, 1).astimezone(), {1: "x"}):
        with pytest.raises(TypeError):
            validation_cache._encode(unkept)


def test_a_change_in_mfc_docs_code_checks_again(reported: Path, monkeypatch) -> None:
    """The key holds a digest of every module: a new version never trusts what an old one kept."""
    from mfc_docs.input.home_data import load_home

    monkeypatch.setattr(validation_cache, "_code_digest", lambda: "another version")
    import mfc_docs.input.validation as validation

    calls = []
    real = validation._validator_for
    monkeypatch.setattr(validation, "_validator_for", lambda schema: calls.append(1) or real(schema))
    with validation_cache.remembering(reported / "output", date(2026, 11, 24)):
        home = load_home(reported, date(2026, 11, 24), only="alex")
    assert home.child("alex") is not None and len(calls) == 2  # home_config.yaml and the profile
    with validation_cache.remembering(reported / "output", date(2026, 11, 24)):
        again = load_home(reported, date(2026, 11, 24), only="alex")
    assert len(calls) == 2  # now remembered for this code
    assert again.child("alex").data == home.child("alex").data and again.problems == home.problems
    assert os.listdir(reported / "output" / CACHE_FOLDER)


# The photo check: the cleaned photo is kept, and used only for exactly the same photo bytes.

def _load(home: Path):
    from mfc_docs.input import photos
    from mfc_docs.input.home_data import load_home

    photos.clear_cache()  # a new process, as far as photos are concerned
    with validation_cache.remembering(home / "output", date(2026, 11, 24)):
        return load_home(home, date(2026, 11, 24), only="alex")


@pytest.fixture
def decodes(monkeypatch) -> list[str]:
    """The names of the photos decoded (and re-encoded) from here on."""
    from mfc_docs.input import photos

    seen: list[str] = []
    real = photos._reencode
    monkeypatch.setattr(photos, "_reencode", lambda source, name, max_px: seen.append(name) or real(source, name, max_px))
    return seen


def _cleaned_without_any_cache(path: Path) -> bytes:
    from mfc_docs.input import photos

    photos.clear_cache()
    return photos.clean_photo(path)


def test_an_unchanged_photo_is_not_decoded_again_and_gives_the_same_bytes(reported: Path, decodes: list[str]) -> None:
    from mfc_docs.input import photos

    photo = reported / "young_people" / "alex" / "photo.jpg"
    assert _load(reported).child("alex").photo_problem is None
    assert decodes == []  # the reports before kept it
    kept = photos.clean_photo(photo)
    assert kept == _cleaned_without_any_cache(photo) and decodes == ["photo.jpg"]


def test_a_photo_replaced_after_a_cached_run_is_cleaned_again(reported: Path, decodes: list[str], tmp_path: Path) -> None:
    from PIL import Image

    from mfc_docs.input import photos

    photo = reported / "young_people" / "alex" / "photo.jpg"
    Image.new("RGB", (300, 400), (200, 30, 30)).save(photo, "JPEG")
    assert _load(reported).child("alex").photo_problem is None
    assert decodes == ["photo.jpg"]
    assert photos.clean_photo(photo) == _cleaned_without_any_cache(photo)


def test_a_photo_cut_short_after_a_cached_run_is_still_refused(reported: Path) -> None:
    photo = reported / "young_people" / "alex" / "photo.jpg"
    photo.write_bytes(photo.read_bytes()[: photo.stat().st_size // 2])
    problem = _load(reported).child("alex").photo_problem
    assert problem and "damaged or incomplete" in problem


def test_a_kept_photo_for_other_bytes_is_ignored(reported: Path, decodes: list[str]) -> None:
    folder = reported / "output" / CACHE_FOLDER
    for kept in folder.glob("*.jpg"):
        key, _, jpeg = kept.read_bytes().partition(b"\n")
        kept.write_bytes(b"0" * len(key) + b"\n" + jpeg)
    _load(reported)
    assert decodes == ["photo.jpg"]


# Where page 1's search ended: a starting point only, which can never change what is chosen.

def test_a_remembered_page_fill_starts_the_next_search_and_never_changes_the_choice(tmp_path: Path, monkeypatch) -> None:
    from mfc_docs.documents.base import Fill
    from mfc_docs.documents.blocks import Bullets, Layout, PageStyle
    from mfc_docs.render import fill as fill_module

    layout = Layout(blocks=(Bullets("shown"),), page=PageStyle(body_size=10.5))
    meta = {"title": "t", "marking": "OFFICIAL", "home": "Home", "subject": "", "version": "1", "generated": "today"}
    context = {"meta": meta, "every": [f"Item {i}: a line of text long enough to take one line" for i in range(120)],
               "shown": []}
    fill = Fill(count=120, with_items=lambda c, k: {**c, "shown": c["every"][:k]})
    layouts: list[int] = []
    real = fill_module._fits
    monkeypatch.setattr(fill_module, "_fits", lambda lay, ctx: layouts.append(len(ctx["shown"])) or real(lay, ctx))
    (tmp_path / "output").mkdir(mode=0o700)

    def search() -> int:
        fill_module._LAST_CHOSEN.clear()  # a new process
        layouts.clear()
        with validation_cache.remembering(tmp_path / "output", date(2026, 11, 24)):
            return len(fill_module.fill_context(layout, context, fill, remembered_as="a card")["shown"])

    chosen = search()
    first_search = list(layouts)
    assert 20 < chosen < 120 and len(first_search) > 2
    assert search() == chosen and layouts == [chosen, chosen + 1]  # two layouts: it fits, one more does not
    for wrong in (0, 1, chosen - 7, chosen + 9, 119, 500):
        (entry,) = (tmp_path / "output" / CACHE_FOLDER).glob("fill-*.json")
        entry.write_text(json.dumps({"name": "a card", "count": wrong}), encoding="utf-8")
        assert search() == chosen, wrong


# A Word template's tags as docxtpl cleans them: kept as text, used only for exactly the same XML and code.

def _word_report(home: Path, out: Path, cleanings: list[int]):
    """A report (PDF and Word) as a new process makes it: nothing cleaned earlier in this process is known."""
    from mfc_docs.commands.report import make_report
    from mfc_docs.render import docx

    docx._Template._patched.clear()
    before = len(cleanings)
    result = make_report(home, "alex", {"last_seen": "Mon 23 November 2026, 22:15"}, out_dir=out,
                         now=datetime(2026, 11, 24, 0, 30))
    return result, len(cleanings) - before


@pytest.fixture
def cleanings(monkeypatch) -> list[int]:
    """One entry per Word XML part docxtpl cleans from here on."""
    from docxtpl import DocxTemplate

    seen: list[int] = []
    real = DocxTemplate.patch_xml
    monkeypatch.setattr(DocxTemplate, "patch_xml", lambda self, xml: seen.append(len(xml)) or real(self, xml))
    return seen


def _word_parts(path: Path) -> dict[str, bytes]:
    import re
    import zipfile

    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    parts["docProps/core.xml"] = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\1", parts["docProps/core.xml"])
    return parts


@pytest.mark.parametrize("spoil", [None, "kept for other code", "group-readable file", "not json", "a link"])
def test_a_word_templates_cleaned_tags_are_used_only_when_kept_for_exactly_this(minimal_home: Path, tmp_path: Path,
                                                                               cleanings: list[int], spoil) -> None:
    (minimal_home / "output").mkdir()
    first, cleaned = _word_report(minimal_home, tmp_path / "first", cleanings)
    assert cleaned >= 1  # the document's XML (and its header and footer)
    kept = sorted((minimal_home / "output" / CACHE_FOLDER).glob("docx-*.json"))
    assert len(kept) == cleaned
    for path in kept:
        assert oct(path.stat().st_mode & 0o777) == "0o600" and set(json.loads(path.read_bytes())) == {"key", "text"}
        if spoil == "kept for other code":
            entry = json.loads(path.read_bytes())
            entry["key"] = "0" * 64
            path.write_text(json.dumps(entry), encoding="utf-8")
        elif spoil == "group-readable file":
            path.chmod(0o640)
        elif spoil == "not json":
            path.write_bytes(b"\x80\x04K\x01.")
        elif spoil == "a link":
            target = path.with_suffix(".target")
            path.rename(target)
            path.symlink_to(target)
    second, cleaned_again = _word_report(minimal_home, tmp_path / "second", cleanings)
    assert cleaned_again == (0 if spoil is None else cleaned)
    assert _word_parts(second.docx) == _word_parts(first.docx)


def test_a_restyled_template_is_cleaned_again_not_taken_for_the_built_in_one(minimal_home: Path, tmp_path: Path,
                                                                              cleanings: list[int]) -> None:
    from .render.helpers import restyled_template

    (minimal_home / "output").mkdir()
    _word_report(minimal_home, tmp_path / "first", cleanings)
    restyled_template(minimal_home, "police_pack.docx", b"{{ (child.legal_name) }}",
                      b"{{ (child.legal_name) }} (restyled)")
    result, cleaned = _word_report(minimal_home, tmp_path / "second", cleanings)
    assert cleaned == 1  # only the changed document XML: the header and footer are the same
    from .render.helpers import docx_text

    assert "(restyled)" in docx_text(result.docx.read_bytes())
