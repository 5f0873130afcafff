"""The Word template built from a layout: tags docxtpl can read, page setup, properties."""

from __future__ import annotations

import io
import re
import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from mfc_docs.documents.blocks import Bullets, Fields, ForEach, If, Layout, Notice, PageStyle, Table, Text
from mfc_docs.render.templates import build_template
from mfc_docs.render.theme import band_fill, notice_tone

from .conftest import full_layout, laminated
from .helpers import docx_xml

W_T = qn("w:t")


@pytest.fixture(scope="module")
def template() -> bytes:
    return build_template(full_layout(), "Police information pack")


def _all_text_elements(data: bytes):
    d = docx.Document(io.BytesIO(data))
    parts = [d.element.body] + [s.header._element for s in d.sections] + [s.footer._element for s in d.sections]
    for part in parts:
        yield from part.iter(W_T)


def test_no_tag_is_split_across_runs(template):
    texts = [t.text or "" for t in _all_text_elements(template)]
    tags = 0
    for text in texts:
        # every opening has its closing inside the same <w:t>, and vice versa
        assert text.count("{{") == text.count("}}"), text
        assert text.count("{%") == text.count("%}"), text
        tags += text.count("{{") + text.count("{%")
    assert tags > 40


def test_paragraph_and_row_tags_are_alone(template):
    d = docx.Document(io.BytesIO(template))
    body = d.element.body
    for p in body.iter(qn("w:p")):
        text = "".join(t.text or "" for t in p.iter(W_T))
        if re.search(r"\{%(p|tr) ", text):
            assert re.fullmatch(r"\{%(p|tr) [^%}]*%\}", text), f"tag shares its paragraph: {text!r}"
            assert len(list(p.iter(W_T))) == 1


def test_table_loop_rows_and_repeated_header(template):
    xml = docx_xml(template)
    assert "{%tr for row in (child.contacts) %}" in xml
    assert "{%tr endfor %}" in xml
    assert "{%p for item in (child.signs) %}" in xml
    assert "{%p for place in (places) %}" in xml
    d = docx.Document(io.BytesIO(template))
    headers = d.element.body.findall(".//" + qn("w:tblHeader"))
    assert len(headers) >= 2  # the contacts table and the checklist repeat their header row


def test_page_setup_fonts_and_properties(template):
    d = docx.Document(io.BytesIO(template))
    s = d.sections[0]
    assert abs(s.page_width - Mm(210)) < Mm(0.1) and abs(s.page_height - Mm(297)) < Mm(0.1)
    for margin in (s.left_margin, s.right_margin):
        assert abs(margin - Mm(18)) < Mm(0.1)
    styles = d.styles.element
    for fonts in styles.iter(qn("w:rFonts")):
        assert fonts.get(qn("w:ascii")) == "Arial"
        assert fonts.get(qn("w:asciiTheme")) is None
    assert d.styles["Normal"].font.size.pt == 10.5
    assert d.core_properties.title == "Police information pack"
    assert d.core_properties.author == "mfc-docs"
    assert "python-docx" not in docx_xml(template)
    names = zipfile.ZipFile(io.BytesIO(template)).namelist()
    assert not any("thumbnail" in n for n in names)


def test_header_and_footer_tags_and_page_fields(template):
    d = docx.Document(io.BytesIO(template))
    header = d.sections[0].header.paragraphs[0].text
    footer_xml = d.sections[0].footer._element.xml
    assert "{{ meta.marking }}" in header and "{{ meta.home }}" in header and "meta.subject" in header
    footer = d.sections[0].footer.paragraphs[0].text
    for tag in ("{{ meta.title }}", "{{ meta.version }}", "{{ meta.generated }}"):
        assert tag in footer
    assert " PAGE " in footer_xml and " NUMPAGES " in footer_xml
    assert d.sections[0].header.paragraphs[0].runs[0].bold


def test_laminated_template_has_band_and_text_at_the_layouts_smallest_size():
    """Word cannot shrink text to fit one page, so a laminated template uses the smallest allowed size."""
    data = build_template(Layout(blocks=(Text("Hello"),), page=laminated), "Sheet")
    d = docx.Document(io.BytesIO(data))
    assert d.styles["Normal"].font.size.pt == laminated.min_font_size
    larger = build_template(Layout(blocks=(Text("Hello"),), page=PageStyle(kind="laminated", min_font_size=14)), "Sheet")
    assert docx.Document(io.BytesIO(larger)).styles["Normal"].font.size.pt == 14
    assert "{% cellbg (band) | band_fill %}" in docx_xml(data)
    assert "{{ meta.title }}" in docx_xml(data)


def test_template_bytes_are_reproducible():
    assert build_template(full_layout(), "X") == build_template(full_layout(), "X")


@pytest.mark.parametrize(
    "block, message",
    [
        (Table(items_expr="{'a': 1}", columns=(("A", "row"),)), "cannot contain '%' or '}'"),
        (If("x % 2", (Text("odd"),)), "cannot contain '%' or '}'"),
        (Bullets(items_expr="child.(signs"), "not valid Jinja"),
        (Text("Hello {{ name"), "not a valid Jinja template"),
        (Fields(rows=(("Name", "a }} b"),)), "must not contain"),
        (ForEach("items", "not a name", (Text("x"),)), "not a simple name"),
        (Notice("x", tone="loud"), "unknown tone"),  # type: ignore[arg-type]
        (Table(items_expr="rows", columns=(("A", "row.a"), ("B", "row.b")), widths=(1,)), "widths"),
        (Text("{{ 'Tom & Jerry' }}"), "'&' inside a tag"),
        (Fields(rows=(("Name", "a ~ ' & ' ~ b"),)), "must not contain '&'"),
        (Text("{%- if x %}y{% endif %}"), "whitespace control"),
        (Text("{%p if x %}"), "not a valid Jinja template"),
    ],
)
def test_unusable_layouts_are_refused_with_the_block_named(block, message):
    with pytest.raises(ValueError, match=re.escape(message)) as err:
        build_template(Layout(blocks=(Text("before"), block)), "Bad")
    assert "blocks[1]" in str(err.value)


def test_notice_tone_and_band_colour_rules():
    assert notice_tone("Danger") == "danger"
    with pytest.raises(ValueError, match="not one of"):
        notice_tone("red")
    assert band_fill("#C62828") == "C62828"  # already dark enough for white text
    assert band_fill("") == "424242"
    assert band_fill("abc") == band_fill("#AABBCC")
    darkened = band_fill("#FFB300")  # amber: white text would be unreadable
    r, g, b = (int(darkened[i : i + 2], 16) for i in (0, 2, 4))
    assert (r, g, b) != (0xFF, 0xB3, 0x00) and r > g > b  # still amber-ish, but darker
    with pytest.raises(ValueError, match="not a hex colour"):
        band_fill("red")
