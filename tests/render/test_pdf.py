"""Rendering PDFs: every value shown and escaped, fonts embedded, furniture, photos, laminated fitting."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import UndefinedError
from PIL import Image
from pypdf import PdfReader
from reportlab.platypus.doctemplate import LayoutError
from reportlab.pdfbase import pdfmetrics

from mfc_docs.documents.blocks import (Checklist, Fields, ForEach, Heading, If, Layout, Notice, PageStyle, Table, Text,
                                      WriteIn)
from mfc_docs.input.photos import clean_photo
from mfc_docs.render.pdf import FONT, FONT_BOLD, FONT_OBLIQUE, DoesNotFit, count_pages, register_fonts, render_pdf

from ..conftest import require_tool
from .conftest import IRISH, META, NEVER, POLISH, ROMANIAN, VIETNAMESE, expected_values, full_layout, laminated
from .helpers import norm, pdf_body_text, pdf_pages, pdf_text

PROPS = dict(title="Police information pack", subject="Nguyễn Thị Hồng Nhung", author="Rose & Thorn House")
FURNITURE = [
    "OFFICIAL-SENSITIVE",
    "Rose & Thorn <House> · Nguyễn Thị Hồng Nhung",
    "Police information pack · version 3 · generated 1 May 2026",
]


@pytest.fixture
def rendered(context) -> bytes:
    return render_pdf(full_layout(), context, **PROPS)


def test_every_value_appears(rendered, context):
    text = pdf_body_text(rendered, FURNITURE)
    whole = pdf_text(rendered)
    missing = [v for v in expected_values(context) if norm(v) not in text and norm(v) not in whole]
    assert not missing


def test_long_text_flows_over_pages_complete(rendered, context):
    assert norm(context["child"]["description"]) in pdf_body_text(rendered, FURNITURE)


def test_nothing_unrendered_or_double_escaped(rendered):
    text = pdf_text(rendered)
    for bad in NEVER:
        assert bad not in text, bad


def test_markup_in_values_is_shown_not_obeyed(rendered):
    with pdfplumber.open(io.BytesIO(rendered)) as pdf:
        chars = [c for page in pdf.pages for c in page.chars]
    text = "".join(c["text"] for c in chars)
    i = text.index("<b>not bold</b>")
    assert all("Bold" not in c["fontname"] for c in chars[i : i + 15])


def test_header_and_footer_on_every_page(rendered):
    pages = pdf_pages(rendered)
    assert len(pages) >= 3
    for n, page in enumerate(pages, 1):
        text = norm(page)
        for item in FURNITURE:
            assert norm(item) in text, (n, item)
        assert f"Page {n} of {len(pages)}" in text


def test_metadata(rendered):
    meta = PdfReader(io.BytesIO(rendered)).metadata
    assert meta.title == PROPS["title"]
    assert meta.author == PROPS["author"]
    assert meta.subject == PROPS["subject"]
    assert meta.creator == "mfc-docs"


def test_fonts_are_embedded_dejavu_and_never_helvetica(rendered, tmp_path):
    pdffonts = require_tool("pdffonts")
    path = tmp_path / "out.pdf"
    path.write_bytes(rendered)
    out = subprocess.run([pdffonts, str(path)], capture_output=True, text=True, check=True, timeout=60).stdout
    rows = out.splitlines()[2:]
    assert rows, out
    for row in rows:
        name, emb = row.split()[0], row.split()[-5]
        assert "DejaVuSans" in name, row
        assert emb == "yes", row
    assert "Helvetica" not in out
    assert b"Helvetica" not in rendered


def test_every_character_has_a_glyph(context):
    register_fonts()
    text = "".join(expected_values(context))
    for name in (FONT, FONT_BOLD, FONT_OBLIQUE):
        cmap = pdfmetrics.getFont(name).face.charToGlyph
        missing = sorted({c for c in text if not c.isspace() and ord(c) not in cmap})
        assert not missing, (name, missing)
    for name in (VIETNAMESE, POLISH, IRISH, ROMANIAN):
        assert any(ord(c) > 127 for c in name)


def test_diacritics_come_back_out_of_the_pdf(rendered):
    text = pdf_text(rendered)
    for name in (VIETNAMESE, POLISH, IRISH, ROMANIAN):
        assert name in text


def test_tick_boxes_are_drawn_not_typed(rendered):
    with pdfplumber.open(io.BytesIO(rendered)) as pdf:
        chars = "".join(c["text"] for p in pdf.pages for c in p.chars)
        squares = [r for p in pdf.pages for r in p.rects
                   if 8 <= r["width"] <= 16 and abs(r["width"] - r["height"]) < 0.5]
    assert not set(chars) & set("☐☑☒□■▢")
    assert len(squares) == 4  # two checklist steps + two plain items


def _embedded_images(pdf: bytes) -> list[bytes]:
    """The image streams exactly as embedded (filters such as ASCII85 undone, the JPEG itself untouched)."""
    out = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        xobjects = page["/Resources"].get("/XObject") or {}
        for ref in xobjects.values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                out.append(obj.get_data())
    return out


def test_photo_in_pdf_has_no_exif_and_is_upright(rendered, context):
    images = _embedded_images(rendered)
    assert len(images) == 1
    data = images[0]
    assert data == clean_photo(Path(context["child"]["photo"]))  # the cleaned JPEG, embedded as it is
    for marker in (b"Exif", b"PhoneCo", b"taken at the home"):
        assert marker not in data
    with Image.open(io.BytesIO(data)) as img:
        assert not img.getexif()
        assert img.width < img.height


def test_missing_value_is_an_error(context):
    del context["child"]["caption"]
    with pytest.raises(UndefinedError, match="caption"):
        render_pdf(full_layout(), context, **PROPS)


def test_a_layout_with_everything_hidden_is_still_a_valid_one_page_pdf():
    layout = Layout(blocks=(If("rows", (Text("x"),)),))
    out = render_pdf(layout, {"meta": dict(META), "rows": []}, **PROPS)
    assert count_pages(out) == 1 == len(PdfReader(io.BytesIO(out)).pages)
    assert "Page 1 of 1" in pdf_text(out)


def test_deterministic_output(context):
    assert render_pdf(full_layout(), context, **PROPS) == render_pdf(full_layout(), context, **PROPS)


def test_count_pages_matches_a_pdf_reader(rendered):
    assert count_pages(rendered) == len(PdfReader(io.BytesIO(rendered)).pages)


@pytest.mark.parametrize("tone, word", [("danger", "URGENT"), ("warning", "CAUTION"), ("info", "NOTE")])
def test_notice_tone_from_context(tone, word):
    out = render_pdf(Layout(blocks=(Notice("Risk is {{ level }}", tone_expr="tone"),)),
                     {"meta": dict(META), "tone": tone, "level": "X"}, **PROPS)
    body = pdf_body_text(out, FURNITURE)
    assert body == f"{word} Risk is X"


def _contacts(n: int) -> dict:
    return {"meta": dict(META), "rows": [
        {"name": f"Contact {i:02d} {POLISH}", "phone": f"07700 900{i:03d}", "note": "Lives nearby & visits on Sundays"}
        for i in range(1, n + 1)
    ]}


def test_a_forty_row_table_repeats_its_header_on_every_page():
    layout = Layout(blocks=(
        Heading("Contacts"),
        Table(items_expr="rows", columns=(("Contact name", "row.name"), ("Telephone", "row.phone"),
                                          ("Notes", "row.note")), widths=(3, 2, 3)),
    ))
    ctx = _contacts(40)
    out = render_pdf(layout, ctx, **PROPS)
    pages = pdf_pages(out)
    assert len(pages) >= 2
    for page in pages:
        assert page.count("Contact name") == 1 and "Telephone" in page
    text = pdf_text(out)
    for row in ctx["rows"]:
        assert row["name"] in text and row["phone"] in text


# --- laminated sheets -------------------------------------------------------


def _sheet(steps: int, words: int = 12) -> tuple[Layout, dict]:
    layout = Layout(
        blocks=(
            Text("If {{ name }} is missing, do these now.", style="lead"),
            Notice("Call the police within {{ minutes }} minutes if in doubt.", tone="danger"),
            Checklist(items_expr="steps"),
            Heading("Early warning signs", level=2),
            Checklist(items_expr="signs", plain=True),
            Text("Printed from mfc-docs.", style="small"),
        ),
        page=laminated,
    )
    filler = " ".join(["carefully"] * words)
    ctx = {
        "meta": {**META, "title": "Missing: the first hour", "subject": POLISH},
        "band": "#C62828",
        "name": POLISH,
        "minutes": 30,
        "steps": [{"action": f"Step {i}: check the garden & {filler}", "who": "Shift lead", "when": "Within 10 minutes"}
                  for i in range(1, steps + 1)],
        "signs": ["New phone or clothes", "Talks about older <friends>"],
    }
    return layout, ctx


def _sizes(pdf: bytes) -> list[float]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [c["size"] for page in doc.pages for c in page.chars if c["text"].strip()]


def test_laminated_with_long_steps_is_one_page_and_never_below_12pt():
    layout, ctx = _sheet(steps=7)  # only fits at (or near) the minimum size
    out = render_pdf(layout, ctx, **PROPS)
    assert count_pages(out) == 1
    assert len(PdfReader(io.BytesIO(out)).pages) == 1
    sizes = _sizes(out)
    assert min(sizes) >= 12 - 0.01
    text = pdf_text(out)
    for step in ctx["steps"]:
        assert norm(step["action"]) in text
    assert "Talks about older <friends>" in text
    assert "Missing: the first hour" in text


def test_laminated_short_sheet_uses_the_largest_size():
    layout, ctx = _sheet(steps=2, words=1)
    out = render_pdf(layout, ctx, **PROPS)
    with pdfplumber.open(io.BytesIO(out)) as doc:
        words = doc.pages[0].extract_words(extra_attrs=["size"])
    sizes = {w["text"]: w["size"] for w in words}
    assert sizes["Shift"] == pytest.approx(16, abs=0.01)


def test_laminated_shrinks_before_it_gives_up():
    sizes_seen = []
    for steps in (2, 6, 9):
        layout, ctx = _sheet(steps=steps, words=6)
        out = render_pdf(layout, ctx, **PROPS)
        assert count_pages(out) == 1
        with pdfplumber.open(io.BytesIO(out)) as doc:
            words = doc.pages[0].extract_words(extra_attrs=["size"])
        sizes_seen.append(next(w["size"] for w in words if w["text"] == "Shift"))
    assert sizes_seen == sorted(sizes_seen, reverse=True)
    assert sizes_seen[0] > sizes_seen[-1] >= 12


def _shift_size(out: bytes) -> float:
    with pdfplumber.open(io.BytesIO(out)) as doc:
        return next(w["size"] for w in doc.pages[0].extract_words(extra_attrs=["size"]) if w["text"] == "Shift")


@pytest.mark.parametrize("order", [(9, 2, 8), (2, 9, 8), (8, 9, 2)])
def test_laminated_size_does_not_depend_on_the_sheet_printed_before(order, monkeypatch):
    """Cards of one group start their search where the last one fitted; the answer must not change."""
    from mfc_docs.render import pdf

    alone = {}
    for steps in order:
        monkeypatch.setattr(pdf, "_FIT_HINTS", {})
        alone[steps] = _shift_size(render_pdf(*_sheet(steps=steps, words=6), **PROPS))
    monkeypatch.setattr(pdf, "_FIT_HINTS", {})
    in_a_row = {steps: _shift_size(render_pdf(*_sheet(steps=steps, words=6), **PROPS)) for steps in order}
    assert in_a_row == alone
    assert alone[2] > alone[8] > alone[9]


@pytest.mark.parametrize("steps, words", [(2, 1), (6, 6), (7, 6), (8, 6), (9, 6), (3, 30)])
def test_laminated_text_is_the_largest_that_really_fits(steps, words, monkeypatch):
    """The size chosen by measuring is built and is one page; one step larger, built for real, is not."""
    from mfc_docs.render import pdf
    from mfc_docs.render.pdf_eval import shared_evaluator
    from mfc_docs.render.pdf_styles import Styles

    built = []
    real_build = pdf._build

    def recording_build(layout, context, st, **kw):
        result = real_build(layout, context, st, **kw)
        built.append((st.size, result[1]))
        return result

    monkeypatch.setattr(pdf, "_build", recording_build)
    layout, ctx = _sheet(steps=steps, words=words)
    render_pdf(layout, ctx, **PROPS)
    size, pages = built[-1]
    assert pages == 1
    if size < laminated.max_font_size:
        try:
            _, larger_pages = real_build(layout, ctx, Styles(size + 0.5, True, laminated.min_font_size),
                                               title="t", subject="s", author="a", ev=shared_evaluator())
        except LayoutError:
            larger_pages = 2
        assert larger_pages > 1


@pytest.mark.parametrize("count", [1, 2, 5, 9])
def test_fit_search_finds_the_largest_size_that_fits_whatever_the_guesses(count):
    from mfc_docs.render.pdf_fit import search_fit

    for answer in range(count + 1):  # index of the largest fitting size; count = nothing fits
        for first in range(count):
            for guessing in ("exact", "one off", "wild"):
                probed = []

                def probe(i):
                    probed.append(i)
                    guess = {"exact": answer, "one off": answer + 1, "wild": (i * 7 + 3) % count}[guessing]
                    return i >= answer, guess, f"story {i}"

                found = search_fit(count, first, probe)
                assert found == (None if answer == count else (answer, f"story {answer}"))
                assert len(probed) == len(set(probed)) <= count  # never the same size twice
                if guessing == "exact":
                    assert len(probed) <= 2 + (first != answer)


def test_laminated_that_cannot_fit_says_what_to_cut():
    layout, ctx = _sheet(steps=30)
    with pytest.raises(DoesNotFit) as err:
        render_pdf(layout, ctx, **PROPS)
    message = str(err.value)
    assert "Missing: the first hour" in message and "12 pt" in message
    lines = int(re.search(r"cut about (\d+) lines?", message).group(1))
    steps = int(re.search(r"about (\d+) checklist steps?", message).group(1))
    assert lines > 10 and 5 <= steps <= 30
    # cutting roughly that many steps makes it fit
    fewer = dict(ctx, steps=ctx["steps"][: 30 - steps - 1])
    assert count_pages(render_pdf(layout, fewer, **PROPS)) == 1


def test_laminated_respects_a_higher_minimum():
    layout, ctx = _sheet(steps=5)
    layout = Layout(blocks=layout.blocks, page=PageStyle(kind="laminated", band_expr="band", min_font_size=14,
                                                         max_font_size=18))
    out = render_pdf(layout, ctx, **PROPS)
    assert count_pages(out) == 1
    assert min(_sizes(out)) >= 14 - 0.01


def test_laminated_band_is_drawn_in_the_context_colour():
    layout, ctx = _sheet(steps=2)
    out = render_pdf(layout, ctx, **PROPS)
    with pdfplumber.open(io.BytesIO(out)) as doc:
        page = doc.pages[0]
        bands = [r for r in page.rects if r["width"] > 400 and r["non_stroking_color"]
                 and tuple(round(v, 2) for v in r["non_stroking_color"][:3]) == (round(0xC6 / 255, 2), round(0x28 / 255, 2), round(0x28 / 255, 2))]
        assert bands
        title = [c for c in page.chars if c["text"] == "M"][0]
        assert "Bold" in title["fontname"] and title["non_stroking_color"][:3] in ((1, 1, 1), [1, 1, 1])


SAFE_TEXT = st.text(
    alphabet=st.sampled_from(list("abcXYZ019&<>\"'%{}#;/\\-_.,:!?()[]=") + list("ễịồśłńćżȘșțăâîíéáóú€£–·")),
    min_size=1,
    max_size=40,
)


@settings(max_examples=30, deadline=None)
@given(value=SAFE_TEXT)
def test_any_text_value_survives_pdf(value):
    out = render_pdf(Layout(blocks=(Fields(rows=(("Value", "v"),)), Text("[{{ v }}]"))),
                     {"meta": dict(META), "v": value}, **PROPS)
    body = pdf_body_text(out, FURNITURE)
    assert f"[{norm(value)}]" in body
    assert body.count(norm(value)) >= 2


def test_output_is_a_valid_pdf_for_poppler(rendered, tmp_path):
    pdftoppm = require_tool("pdftoppm")
    path = tmp_path / "out.pdf"
    path.write_bytes(rendered)
    result = subprocess.run([pdftoppm, "-r", "20", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / "p")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr
    assert list(Path(tmp_path).glob("p*.png"))


def test_a_short_notice_is_never_split_across_pages():
    notice = ("Risk is HIGH: call 999 at once, say 'Looked After Child - missing' and give the "
              "police the pack. Then ring the on-call manager and the social worker.")
    for n in range(30, 42):  # puts the notice at every position around the foot of page 1
        layout = Layout(blocks=(ForEach("lines", "line", (Text("{{ line }}"),)), Notice(notice, tone="danger")))
        out = render_pdf(layout, {"meta": dict(META), "lines": [f"Line {i}" for i in range(n)]}, **PROPS)
        pages = [norm(p) for p in pdf_pages(out)]
        assert any(f"URGENT {notice}" in p for p in pages), n


def test_newlines_in_values_become_line_breaks(rendered):
    assert any("First line\nSecond line" in page for page in pdf_pages(rendered))


def test_headings_become_bookmarks(rendered):
    outline = PdfReader(io.BytesIO(rendered)).outline
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(outline)
    assert titles[:3] == [f"About {VIETNAMESE}", "Description", "Contacts"]
    assert "Place: Canal path <east>" in titles


def test_accents_typed_as_separate_marks_print_joined_to_their_letters():
    import unicodedata

    layout = Layout(blocks=(Text("{{ name }}"),))
    decomposed = render_pdf(layout, {"meta": dict(META), "name": unicodedata.normalize("NFD", VIETNAMESE)}, **PROPS)
    composed = render_pdf(layout, {"meta": dict(META), "name": VIETNAMESE}, **PROPS)
    assert decomposed == composed  # one glyph per letter, as Word shows it, not marks stacked on each other


def test_a_laminated_sheet_may_hold_write_in_lines():
    layout = Layout(blocks=(Text("Fill in at the time."), WriteIn((("Time found", "found", 2), ("Where", "where", 1)))),
                    page=laminated)
    out = render_pdf(layout, {"meta": dict(META), "band": "#C62828", "found": "", "where": "Bus station"}, **PROPS)
    assert count_pages(out) == 1
    assert "Bus station" in pdf_text(out)


def test_the_oblique_face_is_read_only_when_used_and_is_then_the_face_reportlab_makes() -> None:
    """register_fonts leaves the oblique face's file unread until a document sets text in it."""
    from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

    from mfc_docs.input.printable import FONT_FILES
    from mfc_docs.render import pdf_styles

    register_fonts()
    made = TTFont("reference-oblique", str(FONT_FILES["oblique"]))
    lazy = pdfmetrics.getFont(FONT_OBLIQUE)
    assert lazy.face.name == made.face.name == pdf_styles.OBLIQUE_FACE_NAME  # the name registering used
    assert lazy.face.charToGlyph  # anything but the name reads the file ...
    assert type(lazy.face) is TTFontFace  # ... and the face is then reportlab's own
    skip = {"_ttf_data", "_pdfScale", "_pos"}  # _pos: where the parser last read, moved by every use
    assert {k: v for k, v in vars(lazy.face).items() if k not in skip} == \
        {k: v for k, v in vars(made.face).items() if k not in skip}
    assert lazy.face._ttf_data == made.face._ttf_data and lazy.face._pdfScale(1234) == made.face._pdfScale(1234)
    assert set(vars(lazy)) == set(vars(made)) and lazy._asciiReadable == made._asciiReadable
    assert lazy.shapable == made.shapable


def test_a_pack_with_no_empty_list_never_reads_the_oblique_face(tmp_path) -> None:
    """Proof that the laziness is real: a fresh process prints the sample's pack for Nhung (every list has
    something in it) and the oblique face's file is never read; one with an empty list reads it."""
    import subprocess
    import sys

    probe = ("import sys; from reportlab.pdfbase import pdfmetrics; from click.testing import CliRunner; "
             "from mfc_docs.cli import main; r = CliRunner().invoke(main, sys.argv[1:]); assert r.exit_code == 0, r.output; "
             "print(type(pdfmetrics.getFont('DejaVuSans-Oblique').__dict__['face']).__name__)")
    import shutil

    from tests.conftest import FIXTURES, REPO

    home = tmp_path / "sample"
    home.mkdir()
    shutil.copy(REPO / "home_config.yaml", home)
    shutil.copytree(REPO / "young_people", home / "young_people")
    shutil.copytree(FIXTURES / "second_home", tmp_path / "second")
    faces = {}
    for where, child in ((home, "nhung"), (tmp_path / "second", "kayla")):
        done = subprocess.run([sys.executable, "-c", probe, "report", child, str(where), "--pdf-only", "--no-interactive",
                               "--now", "2026-11-24 00:30"], capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        faces[child] = done.stdout.strip().splitlines()[-1]
    assert faces == {"nhung": "_FaceReadWhenUsed", "kayla": "TTFontFace"}  # Kayla's pack has an empty list


@pytest.mark.parametrize("text", ["", "plain", "a & b", "<b>bold</b>", "&amp; already", "x > y < z", "'\"quotes\"'",
                                  "Nguyễn & O'Brien <o.brien@example.org>", "&&<<>>", "\n\t&"])
def test_text_is_escaped_exactly_as_xml_saxutils_escapes_it(text: str) -> None:
    from xml.sax.saxutils import escape as saxutils_escape

    from mfc_docs.render.pdf_styles import escape

    assert escape(text) == saxutils_escape(text)


def test_the_page_count_given_with_the_pdf_is_the_one_a_pdf_reader_counts(context):
    """A build records each PDF's pages as the render counted them (render_pdf_counted), without
    reading the file back: a multi-page document, an empty one, a one-page sheet and a sheet too long
    for one page (printed over several sides) each give the count a PDF reader finds."""
    from mfc_docs.render.pdf import render_pdf_counted

    sheet, sheet_context = _sheet(steps=3)
    too_long, too_long_context = _sheet(steps=30)
    cases = [(full_layout(), context, {}), (Layout(blocks=(If("rows", (Text("x"),)),)), {"meta": dict(META), "rows": []}, {}),
             (sheet, sheet_context, {}), (too_long, too_long_context, {"allow_overflow": True})]
    counts = []
    for layout, ctx, options in cases:
        data, pages = render_pdf_counted(layout, ctx, **PROPS, **options)
        assert data == render_pdf(layout, ctx, **PROPS, **options)
        assert pages == count_pages(data) == len(PdfReader(io.BytesIO(data)).pages)
        counts.append(pages)
    assert counts[0] > 1 and counts[1] == 1 and counts[2] == 1 and counts[3] > 1
