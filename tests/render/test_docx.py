"""Rendering Word documents: every value shown, escaped, photos clean, properties right."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timedelta, timezone

import docx
import pytest
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jinja2 import UndefinedError
from PIL import Image

from mfc_docs.documents.blocks import Fields, Layout, Notice, Text
from mfc_docs.input.photos import PhotoError
from mfc_docs.render.docx import render_docx, undeclared_variables
from mfc_docs.render.templates import build_template

from .conftest import META, NEVER, expected_values, full_layout, laminated
from .helpers import docx_parts, docx_text, docx_xml, norm

PROPS = dict(title="Police information pack", subject="Nguyễn Thị Hồng Nhung", author="Rose & Thorn House")


@pytest.fixture(scope="module")
def template() -> bytes:
    return build_template(full_layout(), "Police information pack")


@pytest.fixture
def rendered(template, context) -> bytes:
    return render_docx(template, context, **PROPS)


def test_every_value_appears(rendered, context):
    text = docx_text(rendered)
    missing = [v for v in expected_values(context) if norm(v) not in text]
    assert not missing


def test_no_template_syntax_or_escaped_entities_left(rendered):
    text = docx_text(rendered)
    for bad in NEVER:
        assert bad not in text, bad
    assert "{{" not in docx_xml(rendered) and "{%" not in docx_xml(rendered)


def test_header_and_footer_show_meta(rendered):
    parts = docx_parts(rendered)
    header, footer = " ".join(parts["header"]), " ".join(parts["footer"])
    assert header.startswith("OFFICIAL-SENSITIVE")
    assert "Rose & Thorn <House> · Nguyễn Thị Hồng Nhung" in header
    assert "Police information pack · version 3 · generated 1 May 2026" in footer
    assert "Page" in footer and " of " in footer


def test_header_leaves_out_an_empty_subject(template, context):
    context["meta"]["subject"] = ""
    header = " ".join(docx_parts(render_docx(template, context, **PROPS))["header"])
    assert "Rose & Thorn <House>" in header and "·" not in header


def test_newlines_in_values_become_line_breaks(rendered):
    body = docx_parts(rendered)["body"]
    assert "First line\nSecond line" in body


def test_undeclared_variables(template, context):
    assert undeclared_variables(template, context) == set()
    del context["places"]
    assert undeclared_variables(template, context) == {"places"}


def test_missing_value_is_an_error_not_a_blank(template, context):
    del context["child"]["phone"]
    with pytest.raises(UndefinedError, match="phone"):
        render_docx(template, context, **PROPS)


def test_none_value_is_an_error(template, context):
    context["child"]["phone"] = None
    with pytest.raises(ValueError, match="None"):
        render_docx(template, context, **PROPS)


def test_core_properties(rendered):
    d = docx.Document(io.BytesIO(rendered))
    cp = d.core_properties
    assert (cp.title, cp.subject, cp.author) == (PROPS["title"], PROPS["subject"], PROPS["author"])
    assert cp.comments == ""
    now = datetime.now(timezone.utc)
    for stamp in (cp.created, cp.modified):
        stamp = stamp if stamp.tzinfo else stamp.replace(tzinfo=timezone.utc)
        assert abs(now - stamp) < timedelta(hours=1)
    assert "python-docx" not in docx_xml(rendered)


@pytest.mark.parametrize("tone, word", [("danger", "URGENT"), ("warning", "CAUTION"), ("info", "NOTE")])
def test_notice_tone_from_context_picks_one_box(tone, word):
    layout = Layout(blocks=(Notice("Risk is {{ level }}", tone_expr="tone"),))
    ctx = {"meta": dict(META), "tone": tone, "level": "X"}
    out = render_docx(build_template(layout, "T"), ctx, **PROPS)
    body = [p for p in docx_parts(out)["body"] if p.strip()]
    assert body == [f"{word}  Risk is X"]
    fills = {e.get(qn("w:fill")) for e in docx.Document(io.BytesIO(out)).element.body.iter(qn("w:shd"))}
    assert {"danger": "FCDCDA", "warning": "FFF0C2", "info": "E6EDF3"}[tone] in fills


def test_unknown_tone_is_an_error():
    layout = Layout(blocks=(Notice("x", tone_expr="tone"),))
    with pytest.raises(ValueError, match="notice tone 'purple'"):
        render_docx(build_template(layout, "T"), {"meta": dict(META), "tone": "purple"}, **PROPS)


def test_laminated_band_takes_its_colour_from_the_context():
    layout = Layout(blocks=(Text("Hello"),), page=laminated)
    out = render_docx(build_template(layout, "T"), {"meta": dict(META), "band": "#2E7D32"}, **PROPS)
    d = docx.Document(io.BytesIO(out))
    fills = [e.get(qn("w:fill")) for e in d.element.body.iter(qn("w:shd"))]
    assert "2E7D32" in fills
    assert "Police information pack" in docx_text(out)


def test_photo_is_embedded_upright_and_without_exif(rendered):
    with zipfile.ZipFile(io.BytesIO(rendered)) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
        assert len(media) == 1
        data = z.read(media[0])
    assert b"Exif" not in data and b"PhoneCo" not in data and b"taken at the home" not in data
    with Image.open(io.BytesIO(data)) as img:
        assert img.format == "JPEG"
        assert not img.getexif()
        assert img.width < img.height  # Orientation 6 applied: stored landscape, shown portrait
    assert b"Exif" not in rendered


def test_bad_photo_is_refused(template, context, tmp_path):
    heic = tmp_path / "photo.heic"
    heic.write_bytes(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64)
    context["child"]["photo"] = str(heic)
    with pytest.raises(PhotoError, match="photo.heic is a HEIF image"):
        render_docx(template, context, **PROPS)


def test_a_fresh_template_object_each_time(template, context):
    first = render_docx(template, context, **PROPS)
    context["child"]["phone"] = "01632 960000"
    second = render_docx(template, context, **PROPS)
    assert "07700 900123" in docx_text(first)
    assert "01632 960000" in docx_text(second)
    assert "01632 960000" not in docx_text(first)


SAFE_TEXT = st.text(
    alphabet=st.sampled_from(list("abcXYZ019 &<>\"'%{}#;/\\-_.,:!?()[]=") + list("ễịồśłńćżȘșțăâîíéáóú€£–—·")),
    min_size=1,
    max_size=60,
).filter(lambda s: s.strip())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=SAFE_TEXT)
def test_any_text_value_survives_word(value):
    layout = Layout(blocks=(Fields(rows=(("Value", "v"),)), Text("{{ v }}")))
    out = render_docx(_VALUE_TEMPLATE.get(layout), {"meta": dict(META), "v": value}, **PROPS)
    body = docx_parts(out)["body"]
    assert body.count(value) == 2


class _Cache:
    def __init__(self):
        self._t = {}

    def get(self, layout):
        if layout not in self._t:
            self._t[layout] = build_template(layout, "T")
        return self._t[layout]


_VALUE_TEMPLATE = _Cache()


def test_every_part_is_well_formed_xml(rendered):
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(rendered)) as z:
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(z.read(name))  # strict parser: raises on any broken markup
        document = z.read("word/document.xml").decode()
    # every table cell still ends with a paragraph, as Word requires, after the tag paragraphs went
    assert "</w:tbl></w:tc>" not in document
    assert "</w:tcPr></w:tc>" not in document


def _hand_made_template(build) -> bytes:
    """A Word template made as a manager would, in python-docx, with docxtpl tags typed in."""
    document = docx.Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_column_loop_gets_a_matching_table_grid():
    def build(document):
        cells = document.add_table(rows=1, cols=3).rows[0].cells  # the loop's tags take a cell each
        for cell, text in zip(cells, ["{%tc for name in names %}", "{{ name }}", "{%tc endfor %}"]):
            cell.text = text

    out = render_docx(_hand_made_template(build), {"names": ["Ana", "Bo", "Cy", "Di"]}, **PROPS)
    rendered = docx.Document(io.BytesIO(out))
    grid = rendered.element.body.find(f"{qn('w:tbl')}/{qn('w:tblGrid')}")
    assert len(grid.findall(qn("w:gridCol"))) == 4  # docxtpl's repair: one grid column per cell
    assert [c.text for c in rendered.tables[0].rows[0].cells] == ["Ana", "Bo", "Cy", "Di"]


def test_every_picture_gets_its_own_id(context):
    def build(document):
        document.add_paragraph("{{ child.photo | photo }}")
        document.add_paragraph("{{ child.photo | photo }}")

    out = render_docx(_hand_made_template(build), context, **PROPS)
    document = docx.Document(io.BytesIO(out))
    ids = [e.get("id") for e in document.element.body.iter(qn("wp:docPr"))]
    assert len(ids) == 2 and len(set(ids)) == 2


def _week_starting_sunday() -> dict:
    days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    return {"rows": days, "columns": ["22", "23"], "values": [[i, 1] for i in range(len(days))]}


def test_a_charts_word_table_has_the_headers_its_data_gives():
    """The grid's days come from the data (here a week starting on Sunday), not from a fixed Mon-Sun list."""
    from mfc_docs.documents.blocks import Chart
    from mfc_docs.render.charts import chart_table

    data = _week_starting_sunday()
    out = render_docx(build_template(Layout(blocks=(Chart("grid", "chart"),)), "t"), {"meta": META, "chart": data},
                      **PROPS)
    table = docx.Document(io.BytesIO(out)).tables[0]
    header, rows = chart_table("grid", data)
    assert [cell.text for cell in table.rows[0].cells] == header
    assert [[cell.text for cell in row.cells] for row in table.rows[1:]] == rows


def test_a_chart_wider_than_its_word_table_is_an_error_not_a_table_cut_short():
    from mfc_docs.documents.blocks import Chart

    data = _week_starting_sunday()
    data["rows"].append("Holiday")
    data["values"].append([0, 0])
    template = build_template(Layout(blocks=(Chart("grid", "chart"),)), "t")
    with pytest.raises(ValueError, match="10 columns but its Word table has 9"):
        render_docx(template, {"meta": META, "chart": data}, **PROPS)


@pytest.mark.parametrize("size", [(800, 600), (600, 750), (600, 800), (300, 1200), (1200, 1199)])
def test_a_photo_fills_its_column_unless_that_would_make_it_too_tall(template, context, tmp_path, size):
    """Wide and usual photos take the column's width; a tall one is capped at the most height a page allows."""
    from docx.shared import Mm

    from mfc_docs.input.photos import clean_photo
    from mfc_docs.render.theme import PHOTO_MAX_HEIGHT_MM, PHOTO_WIDTH_MM

    path = tmp_path / "photo.jpg"
    Image.new("RGB", size, (90, 120, 150)).save(path, "JPEG")
    context["child"]["photo"] = str(path)
    out = render_docx(template, context, **PROPS)
    with Image.open(io.BytesIO(clean_photo(path))) as img:
        width, height = img.size
    extent = docx.Document(io.BytesIO(out)).inline_shapes[0]
    if height / width * PHOTO_WIDTH_MM > PHOTO_MAX_HEIGHT_MM:
        assert extent.height == Mm(PHOTO_MAX_HEIGHT_MM)
        assert extent.width < Mm(PHOTO_WIDTH_MM)
    else:
        assert extent.width == Mm(PHOTO_WIDTH_MM)
        assert extent.height <= Mm(PHOTO_MAX_HEIGHT_MM)
