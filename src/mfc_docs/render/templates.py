"""Build a docxtpl Word template from a :class:`~mfc_docs.documents.blocks.Layout`.

The template is an ordinary .docx (A4, Arial, Table Grid tables) whose text
holds Jinja tags. docxtpl needs three things from it, and this module is
written around them:

* every tag is one run (``<w:r>``) of its own, so Word never splits a tag;
* paragraph and row tags (``{%p ... %}``, ``{%tr ... %}``) are alone in their
  paragraph or row, which docxtpl then removes;
* nothing the renderer needs is hidden in attributes Word would reject: the
  band colour of a laminated sheet uses docxtpl's ``{% cellbg %}`` so the
  template itself stays a valid document a home can restyle in Word.

This module also holds what the Word and PDF renderers share: the Jinja
environment (:func:`make_env`), notice tones and the band colour rule, so the
two outputs of one layout cannot drift apart.

Writing layouts that work in both outputs (``build_template`` refuses the rest,
naming the block):

* ``Text``/``Heading``/labels may use ``{{ ... }}`` and inline ``{% if %}``,
  ``{% for %}``, filters; not ``{%-``/``-%}`` (docxtpl merges paragraphs) and
  not ``&`` inside a tag (Word stores it as ``&amp;``). A newline is a line break.
* Expressions used as conditions or lists (``If``, ``ForEach``, ``Table``,
  ``Bullets``, ``Checklist``, ``Photo.path_expr``, ``WriteIn``, ``tone_expr``,
  ``band_expr``) cannot contain ``%`` or ``}`` (so no dict literals).
* Loop names used by the blocks themselves: ``row`` (Table), ``item``
  (Bullets), ``step`` (Checklist) and ``loop``; a ``ForEach`` var of the same
  name is shadowed inside them.
* Printing ``None`` or a control character is an error: the context says
  "Not recorded".
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from jinja2 import Environment, StrictUndefined, TemplateSyntaxError

from mfc_docs.documents.blocks import (
    Block,
    Bullets,
    Chart,
    Checklist,
    Fields,
    ForEach,
    Heading,
    If,
    Layout,
    Notice,
    PageBreak,
    Photo,
    Table,
    Text,
    WriteIn,
)

__all__ = [
    "build_template",
    "make_env",
    "band_fill",
    "notice_tone",
    "TONES",
    "ToneStyle",
    "PAGE_WIDTH_MM",
    "PAGE_HEIGHT_MM",
    "MARGIN_MM",
    "PHOTO_WIDTH_MM",
    "PHOTO_MAX_HEIGHT_MM",
    "DEFAULT_BAND",
]

# --------------------------------------------------------------------------
# Shared by the Word and PDF renderers
# --------------------------------------------------------------------------

PAGE_WIDTH_MM = 210.0
PAGE_HEIGHT_MM = 297.0
MARGIN_MM = 18.0
TEXT_WIDTH_MM = PAGE_WIDTH_MM - 2 * MARGIN_MM
PHOTO_WIDTH_MM = 40.0
#: A very tall photo is limited by height instead of width.
PHOTO_MAX_HEIGHT_MM = 60.0
#: Box left in place of a missing photo: a typical 35 x 45 passport shape at 40 mm wide.
PHOTO_BOX_HEIGHT_MM = 51.0
DEFAULT_BAND = "#424242"

FONT_WORD = "Arial"
INK = "1A1A1A"
HEADING_INK = "1F3A5F"
MUTED_INK = "555555"
RULE = "808080"
HEADER_FILL = "E3E3E3"
LABEL_FILL = "F2F2F2"
MISSING_RED = "C62828"


@dataclass(frozen=True)
class ToneStyle:
    """How a notice of one tone looks. Colours are hex without ``#``.

    Tones differ in three ways so they still differ when printed in black and
    white: the fill, the thickness of the left bar, and the label word.
    """

    fill: str
    bar: str
    bar_pt: float
    label: str


TONES: dict[str, ToneStyle] = {
    "info": ToneStyle(fill="E6EDF3", bar="37474F", bar_pt=2.25, label="NOTE"),
    "warning": ToneStyle(fill="FFF0C2", bar="9A5B00", bar_pt=4.5, label="CAUTION"),
    "danger": ToneStyle(fill="FCDCDA", bar="A31515", bar_pt=7.5, label="URGENT"),
}


def notice_tone(value: object) -> str:
    """Check a tone computed from the context (``Notice.tone_expr``)."""
    tone = str(value).strip().lower()
    if tone not in TONES:
        raise ValueError(f"notice tone {value!r} is not one of: {', '.join(TONES)}")
    return tone


_HEX = re.compile(r"^#?([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$")


def _luminance(rgb: tuple[int, int, int]) -> float:
    def chan(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (chan(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def band_fill(value: object) -> str:
    """The laminated band colour as 6 hex digits (no ``#``), dark enough for white text.

    An empty value gives the default dark grey. A colour too light for white
    bold title text (contrast below 4.5:1, e.g. amber ``#FFB300``) is darkened
    step by step, keeping its hue, until white text on it is easy to read.
    Anything that is not a hex colour is an error.
    """
    text = "" if value is None else str(value).strip()
    if not text:
        text = DEFAULT_BAND
    m = _HEX.match(text)
    if not m:
        raise ValueError(f"band colour {value!r} is not a hex colour such as '#C62828'")
    digits = m.group(1)
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    rgb = tuple(int(digits[i : i + 2], 16) for i in (0, 2, 4))
    while (1.05 / (_luminance(rgb) + 0.05)) < 4.5:
        rgb = tuple(int(c * 0.9) for c in rgb)
    return "%02X%02X%02X" % rgb


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _finalize(value: object) -> object:
    """Checks every printed value: no ``None``, no control characters.

    ``None`` would print as "None" (the context must say "Not recorded");
    control characters are invalid in Word's XML and have no glyph in a PDF
    (docxtpl would even turn a form feed into a page break).
    """
    if value is None:
        raise ValueError(
            "a value printed in a document is None; the context must give display text "
            "(for example 'Not recorded') instead"
        )
    if isinstance(value, str) and _CONTROL.search(value):
        raise ValueError(f"a value printed in a document contains a control character: {value!r}")
    return value


def make_env(*, autoescape: bool, sandboxed: bool = False) -> Environment:
    """The Jinja environment both renderers use.

    ``StrictUndefined`` turns a misspelt or missing value into an error instead
    of a blank; printing ``None`` is an error too (the context must say
    "Not recorded"). Word renders with ``autoescape=True`` (values go into
    XML); the PDF renderer renders with it off and escapes the final text.
    ``sandboxed`` is for templates a home keeps in its own folder: they may
    print values, never reach into Python.
    """
    from jinja2.sandbox import SandboxedEnvironment

    env = (SandboxedEnvironment if sandboxed else Environment)(
        undefined=StrictUndefined,
        autoescape=autoescape,
        finalize=_finalize,
        keep_trailing_newline=False,
    )
    env.filters["notice_tone"] = notice_tone
    env.filters["band_fill"] = band_fill
    env.filters["chart_rows"] = _chart_rows
    return env


def _chart_rows(data: dict, kind: str) -> list[list[str]]:
    """A chart's numbers as table rows, for Word (which cannot show reportlab's drawings)."""
    from mfc_docs.render.charts import chart_table

    return chart_table(kind, data)[1]


# Word shows a chart as a table of its numbers with these column headers.
CHART_COLUMNS = {
    "bar": ("Month", "Episodes"),
    "grid": ("Hour", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "All"),
}


# --------------------------------------------------------------------------
# Expressions and tags
# --------------------------------------------------------------------------

_SYNTAX_ENV = make_env(autoescape=False)


def _check_expr(expr: str, where: str, *, in_block_tag: bool) -> str:
    """Return ``(expr)`` after checking it can live inside a docxtpl tag."""
    if not isinstance(expr, str) or not expr.strip():
        raise ValueError(f"{where}: the expression is empty")
    for bad in ("{{", "}}", "{%", "%}", "{#", "#}"):
        if bad in expr:
            raise ValueError(f"{where}: expression {expr!r} must not contain {bad!r}")
    if "&" in expr:
        # Word stores it as &amp; inside the tag and docxtpl does not turn it back
        raise ValueError(f"{where}: expression {expr!r} must not contain '&'; put such text in the context")
    if in_block_tag and ("%" in expr or "}" in expr):
        # docxtpl finds {%p ... %} / {%tr ... %} with the pattern [^}%]*
        raise ValueError(
            f"{where}: expression {expr!r} is used in a paragraph or row tag, where Word "
            "templates cannot contain '%' or '}'; compute the value in the context instead"
        )
    try:
        _SYNTAX_ENV.compile_expression(expr)
    except TemplateSyntaxError as exc:
        raise ValueError(f"{where}: expression {expr!r} is not valid Jinja: {exc.message}") from None
    return f"({expr.strip()})"


def _check_template(text: str, where: str) -> str:
    try:
        _SYNTAX_ENV.parse(text)
    except TemplateSyntaxError as exc:
        raise ValueError(f"{where}: text {text!r} is not a valid Jinja template: {exc.message}") from None
    if re.search(r"\{[{%]-?\s*(p|tr|tc|r)\s", text):
        raise ValueError(f"{where}: text {text!r} must not use docxtpl paragraph/row/run tags")
    if "{%-" in text or "-%}" in text:
        # docxtpl reads {%- and -%} as "merge with the neighbouring paragraph"
        raise ValueError(f"{where}: text {text!r} must not use Jinja whitespace control ({{%- or -%}})")
    for tag in re.findall(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", text, re.S):
        if "&" in tag:
            raise ValueError(f"{where}: text {text!r} has '&' inside a tag; put such text outside the tag")
    return text


def _check_var(name: str, where: str) -> str:
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name or ""):
        raise ValueError(f"{where}: loop variable {name!r} is not a simple name")
    return name


# --------------------------------------------------------------------------
# Low-level python-docx helpers
# --------------------------------------------------------------------------


def _el(tag: str, **attrs: str):
    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn(k), str(v))
    return el


def _run(paragraph, text: str, *, bold: bool | None = None, size: float | None = None,
         color: str | None = None, italic: bool | None = None):
    """Add ``text`` as ONE run with ONE ``<w:t>`` (python-docx would turn \\n into breaks)."""
    run = paragraph.add_run()
    if bold is not None:
        run.bold = bold
    if italic is not None:
        run.italic = italic
    if size is not None:
        run.font.size = Pt(size)
    if color is not None:
        run.font.color.rgb = RGBColor.from_string(color)
    t = OxmlElement("w:t")
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    t.text = text
    run._r.append(t)
    return run


def _set_fonts(rpr, name: str = FONT_WORD) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for k in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(k), name)


def _pbdr(paragraph, sides: dict[str, tuple[str, float, str]], space: int = 1) -> None:
    """Paragraph borders: side -> (style, width pt, colour)."""
    ppr = paragraph._p.get_or_add_pPr()
    old = ppr.find(qn("w:pBdr"))
    if old is not None:
        ppr.remove(old)
    bdr = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right", "between"):
        if side in sides:
            style, width, color = sides[side]
            bdr.append(_el(f"w:{side}", **{"w:val": style, "w:sz": str(int(width * 8)),
                                          "w:space": str(space), "w:color": color}))
    # pBdr must come before shd/tabs/spacing/ind/jc in CT_PPr order
    anchor = None
    for tag in ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc"):
        anchor = ppr.find(qn(tag))
        if anchor is not None:
            break
    if anchor is not None:
        anchor.addprevious(bdr)
    else:
        ppr.append(bdr)


def _shade_cell(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    old = tcpr.find(qn("w:shd"))
    if old is not None:
        tcpr.remove(old)
    shd = _el("w:shd", **{"w:val": "clear", "w:color": "auto", "w:fill": fill})
    # CT_TcPr order: tcW, gridSpan, vMerge, tcBorders, shd, noWrap, tcMar, textDirection, tcFitText, vAlign
    after = None
    for tag in ("w:tcBorders", "w:vMerge", "w:gridSpan", "w:tcW"):
        after = tcpr.find(qn(tag))
        if after is not None:
            break
    if after is not None:
        after.addnext(shd)
    else:
        tcpr.insert(0, shd)


def _cell_borders(cell, sides: dict[str, tuple[str, float, str]]) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    old = tcpr.find(qn("w:tcBorders"))
    if old is not None:
        tcpr.remove(old)
    borders = OxmlElement("w:tcBorders")
    for side in ("top", "left", "bottom", "right"):
        if side in sides:
            style, width, color = sides[side]
            borders.append(_el(f"w:{side}", **{"w:val": style, "w:sz": str(int(width * 8)),
                                              "w:space": "0", "w:color": color}))
    after = None
    for tag in ("w:vMerge", "w:gridSpan", "w:tcW"):
        after = tcpr.find(qn(tag))
        if after is not None:
            break
    if after is not None:
        after.addnext(borders)
    else:
        tcpr.insert(0, borders)


def _table_borders(table, style: str, width: float = 0.5, color: str = "000000") -> None:
    tblpr = table._tbl.tblPr
    old = tblpr.find(qn("w:tblBorders"))
    if old is not None:
        tblpr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_el(f"w:{side}", **{"w:val": style, "w:sz": str(int(width * 8)),
                                          "w:space": "0", "w:color": color}))
    _insert_tblpr(tblpr, borders)


def _insert_tblpr(tblpr, el) -> None:
    order = ["w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
             "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd",
             "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook"]
    mine = order.index(el.tag.replace("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}", "w:"))
    for child in tblpr:
        tag = child.tag.replace("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}", "w:")
        if tag in order and order.index(tag) > mine:
            child.addprevious(el)
            return
    tblpr.append(el)


def _cell_margins(table, top_mm: float, side_mm: float) -> None:
    tblpr = table._tbl.tblPr
    old = tblpr.find(qn("w:tblCellMar"))
    if old is not None:
        tblpr.remove(old)
    mar = OxmlElement("w:tblCellMar")
    for side, v in (("top", top_mm), ("left", side_mm), ("bottom", top_mm), ("right", side_mm)):
        mar.append(_el(f"w:{side}", **{"w:w": str(int(v * 56.7)), "w:type": "dxa"}))
    _insert_tblpr(tblpr, mar)


def _fix_widths(table, widths_mm: list[float]) -> None:
    """Fixed layout with explicit grid and cell widths (Word and LibreOffice both honour it)."""
    table.autofit = False
    tblpr = table._tbl.tblPr
    layout = tblpr.find(qn("w:tblLayout"))
    if layout is None:
        _insert_tblpr(tblpr, _el("w:tblLayout", **{"w:type": "fixed"}))
    total = sum(widths_mm)
    tblw = tblpr.find(qn("w:tblW"))
    if tblw is None:
        tblw = _el("w:tblW")
        _insert_tblpr(tblpr, tblw)
    tblw.set(qn("w:w"), str(int(total * 56.7)))
    tblw.set(qn("w:type"), "dxa")
    grid = table._tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths_mm):
        col.set(qn("w:w"), str(int(w * 56.7)))
    for row in table.rows:
        for cell, w in zip(row.cells, widths_mm):
            cell.width = Mm(w)


def _header_row(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(_el("w:tblHeader"))


def _no_split_row(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(_el("w:cantSplit"))


def _add_field(paragraph, instr: str, placeholder: str, **run_kw) -> None:
    r1 = paragraph.add_run()
    r1._r.append(_el("w:fldChar", **{"w:fldCharType": "begin"}))
    r2 = paragraph.add_run()
    it = OxmlElement("w:instrText")
    it.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    it.text = f" {instr} "
    r2._r.append(it)
    r3 = paragraph.add_run()
    r3._r.append(_el("w:fldChar", **{"w:fldCharType": "separate"}))
    _run(paragraph, placeholder, **run_kw)
    r5 = paragraph.add_run()
    r5._r.append(_el("w:fldChar", **{"w:fldCharType": "end"}))


# --------------------------------------------------------------------------
# The builder
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Sizes:
    body: float
    lead: float
    small: float
    h1: float
    h2: float
    table: float
    header: float
    missing: float
    band_title: float
    spacer: float


_DOCUMENT = _Sizes(body=10.5, lead=12, small=9, h1=15, h2=12.5, table=10, header=8.5,
                   missing=16, band_title=24, spacer=4)
_LAMINATED = _Sizes(body=12, lead=13, small=12, h1=16, h2=14, table=12, header=10,
                    missing=18, band_title=28, spacer=6)


def _scaled(sizes: _Sizes, factor: float) -> _Sizes:
    """Every size of a document style scaled together, rounded to half points as Word shows them."""
    if factor == 1:
        return sizes
    return _Sizes(**{name: round(getattr(sizes, name) * factor * 2) / 2 for name in sizes.__dataclass_fields__})


class _Builder:
    def __init__(self, layout: Layout, title: str):
        self.layout = layout
        self.title = title
        self.laminated = layout.page.kind == "laminated"
        # Word cannot shrink text to fit a page as the PDF does: laminated sheets are set at the
        # smallest size their layout allows, the best chance of one side when printed from Word.
        self.sz = (_scaled(_LAMINATED, layout.page.min_font_size / _LAMINATED.body) if self.laminated
                   else _scaled(_DOCUMENT, layout.page.body_size / _DOCUMENT.body))
        self.doc = Document()
        self._setup_page()
        self._setup_settings()
        self._setup_styles()
        self._setup_header_footer()

    # -- document setup --------------------------------------------------

    def _setup_page(self) -> None:
        for section in self.doc.sections:
            section.orientation = WD_ORIENT.PORTRAIT
            section.page_width = Mm(PAGE_WIDTH_MM)
            section.page_height = Mm(PAGE_HEIGHT_MM)
            section.left_margin = section.right_margin = Mm(MARGIN_MM)
            section.top_margin = Mm(20)
            section.bottom_margin = Mm(18)
            section.header_distance = Mm(8)
            section.footer_distance = Mm(7)

    def _setup_settings(self) -> None:
        settings = self.doc.settings.element
        # Word 2013+ layout: table borders line up with the page margin (Word 2010 mode
        # pushes every table out to the left by its cell margin).
        for cs in settings.iter(qn("w:compatSetting")):
            if cs.get(qn("w:name")) == "compatibilityMode":
                cs.set(qn("w:val"), "15")
        for lang in settings.iter(qn("w:themeFontLang")):
            lang.set(qn("w:val"), "en-GB")

    def _setup_styles(self) -> None:
        styles = self.doc.styles
        root = styles.element
        # Every font reference becomes Arial: no theme fonts (Calibri/Cambria) anywhere.
        for fonts in root.iter(qn("w:rFonts")):
            for attr in list(fonts.attrib):
                del fonts.attrib[attr]
            for k in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
                fonts.set(qn(k), FONT_WORD)
        defaults = root.find(qn("w:docDefaults"))
        rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        _set_fonts(rpr)
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), "en-GB")
        lang.set(qn("w:eastAsia"), "en-GB")
        lang.set(qn("w:bidi"), "ar-SA")

        sz = self.sz
        normal = styles["Normal"]
        normal.font.name = FONT_WORD
        normal.font.size = Pt(sz.body)
        normal.font.color.rgb = RGBColor.from_string(INK)
        pf = normal.paragraph_format
        pf.space_before = Pt(0)
        pf.space_after = Pt(4 if not self.laminated else 5)
        pf.line_spacing = 1.1
        pf.widow_control = True

        def para_style(name: str, *, size: float, bold: bool = False, color: str = INK,
                       italic: bool = False, before: float = 0, after: float = 4,
                       keep_next: bool = False, base: str = "Normal"):
            try:
                st = styles[name]
            except KeyError:
                st = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            st.base_style = styles[base]
            st.quick_style = True
            f = st.font
            f.name = FONT_WORD
            f.size = Pt(size)
            f.bold = bold
            f.italic = italic
            f.color.rgb = RGBColor.from_string(color)
            p = st.paragraph_format
            p.space_before = Pt(before)
            p.space_after = Pt(after)
            p.keep_with_next = keep_next
            rpr = st.element.get_or_add_rPr()
            _set_fonts(rpr)
            return st

        h1 = para_style("Heading 1", size=sz.h1, bold=True, color=HEADING_INK, before=12, after=5,
                        keep_next=True)
        para_style("Heading 2", size=sz.h2, bold=True, color=HEADING_INK, before=9, after=3,
                   keep_next=True)
        h1.paragraph_format.page_break_before = False
        para_style("MFC Lead", size=sz.lead, after=6)
        para_style("MFC Small", size=sz.small, color=INK if self.laminated else "333333", after=3)
        para_style("MFC Strong", size=sz.body, bold=True, after=4)
        para_style("MFC Empty", size=sz.table, italic=True, color=MUTED_INK, after=4)
        para_style("MFC Table", size=sz.table, after=0)
        para_style("MFC Table Header", size=sz.table, bold=True, after=0, keep_next=True)
        para_style("MFC Notice", size=sz.body, bold=True, after=0)
        para_style("MFC Caption", size=sz.small, color="333333" if not self.laminated else INK,
                   after=0)
        para_style("MFC Missing Photo", size=sz.missing, bold=True, color=MISSING_RED, after=0)
        para_style("MFC Band Title", size=sz.band_title, bold=True, color="FFFFFF", after=0)
        para_style("MFC Spacer", size=sz.spacer, after=0)
        tag = para_style("MFC Template Tag", size=8, color="7F7F7F", after=0)
        tag.hidden = False
        para_style("MFC Header", size=sz.header, color="333333", after=0)
        bullet = styles["List Bullet"]
        bullet.font.name = FONT_WORD
        bullet.font.size = Pt(sz.body)
        bullet.paragraph_format.space_after = Pt(2)
        _set_fonts(bullet.element.get_or_add_rPr())
        spacer = styles["MFC Spacer"].paragraph_format
        spacer.line_spacing = 1.0

    def _setup_header_footer(self) -> None:
        section = self.doc.sections[0]
        width = Mm(TEXT_WIDTH_MM)
        hp = section.header.paragraphs[0]
        hp.style = self.doc.styles["MFC Header"]
        hp.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
        _run(hp, "{{ meta.marking }}", bold=True, color=INK)
        hp.add_run().add_tab()
        _run(hp, "{{ meta.home }}{% if meta.subject %} · {{ meta.subject }}{% endif %}")
        _pbdr(hp, {"bottom": ("single", 0.75, RULE)}, space=3)

        fp = section.footer.paragraphs[0]
        fp.style = self.doc.styles["MFC Header"]
        fp.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
        _run(fp, "{{ meta.title }} · version {{ meta.version }} · generated {{ meta.generated }}")
        fp.add_run().add_tab()
        _run(fp, "Page ")
        _add_field(fp, "PAGE", "1")
        _run(fp, " of ")
        _add_field(fp, "NUMPAGES", "1")
        _pbdr(fp, {"top": ("single", 0.75, RULE)}, space=3)

    # -- small emitters ------------------------------------------------

    def tag(self, text: str):
        """A paragraph holding one docxtpl paragraph tag (removed when rendered)."""
        p = self.doc.add_paragraph(style="MFC Template Tag")
        _run(p, text)
        return p

    def spacer(self):
        return self.doc.add_paragraph(style="MFC Spacer")

    def table(self, rows: int, widths_mm: list[float], *, grid: bool = True, container=None):
        if container is None:
            t = self.doc.add_table(rows=rows, cols=len(widths_mm))
        else:
            t = container.add_table(rows=rows, cols=len(widths_mm))
        if grid:
            t.style = self.doc.styles["Table Grid"]
            _table_borders(t, "single", 0.5, "000000")
        else:
            _table_borders(t, "nil")
        t.alignment = WD_TABLE_ALIGNMENT.LEFT
        _cell_margins(t, 0.7, 1.6)
        _fix_widths(t, widths_mm)
        return t

    def cell_text(self, cell, text: str, *, style: str = "MFC Table", bold: bool | None = None):
        p = cell.paragraphs[0]
        p.style = self.doc.styles[style]
        if text:
            _run(p, text, bold=bold)
        return p

    def add_row(self, table, widths_mm: list[float]):
        row = table.add_row()
        for cell, w in zip(row.cells, widths_mm):
            cell.width = Mm(w)
        return row

    def tr_tag(self, table, widths_mm: list[float], text: str):
        row = self.add_row(table, widths_mm)
        p = row.cells[0].paragraphs[0]
        p.style = self.doc.styles["MFC Template Tag"]
        _run(p, text)
        return row

    # -- blocks ----------------------------------------------------------

    def blocks(self, blocks: tuple[Block, ...], where: str) -> None:
        for i, block in enumerate(blocks):
            here = f"{where}[{i}] {type(block).__name__}"
            method = getattr(self, "b_" + type(block).__name__.lower(), None)
            if method is None:
                raise TypeError(f"{here}: unknown block type {type(block).__name__}")
            method(block, here)

    def b_heading(self, b: Heading, where: str) -> None:
        level = 1 if b.level <= 1 else 2
        p = self.doc.add_paragraph(style=f"Heading {level}")
        _run(p, _check_template(b.text, where))

    def b_text(self, b: Text, where: str) -> None:
        style = {"body": "Normal", "lead": "MFC Lead", "small": "MFC Small", "strong": "MFC Strong"}.get(b.style)
        if style is None:
            raise ValueError(f"{where}: unknown text style {b.style!r}")
        p = self.doc.add_paragraph(style=style)
        _run(p, _check_template(b.text, where))

    def _notice_table(self, text: str, tone: str, label: str | None) -> None:
        ts = TONES[tone]
        t = self.table(1, [TEXT_WIDTH_MM])
        _table_borders(t, "single", 1.0, ts.bar)
        cell = t.cell(0, 0)
        _shade_cell(cell, ts.fill)
        _cell_borders(cell, {"top": ("single", 1.0, ts.bar), "bottom": ("single", 1.0, ts.bar),
                             "right": ("single", 1.0, ts.bar), "left": ("single", ts.bar_pt, ts.bar)})
        _no_split_row(t.rows[0])
        p = self.cell_text(cell, "", style="MFC Notice")
        p.paragraph_format.space_before = Pt(3)
        p.paragraph_format.space_after = Pt(3)
        p.paragraph_format.left_indent = Mm(1.5)
        word = ts.label if label is None else label
        if word:
            _run(p, word + "  ", bold=True, color=ts.bar)
        _run(p, text)
        self.spacer()

    def b_notice(self, b: Notice, where: str) -> None:
        text = _check_template(b.text, where)
        label = b.label
        if b.tone_expr is None:
            if b.tone not in TONES:
                raise ValueError(f"{where}: unknown tone {b.tone!r}")
            self._notice_table(text, b.tone, label)
            return
        expr = _check_expr(b.tone_expr, where + ".tone_expr", in_block_tag=True)
        tone = f"({expr} | notice_tone)"
        self.tag(f"{{%p if {tone} == 'danger' %}}")
        self._notice_table(text, "danger", label)
        self.tag(f"{{%p elif {tone} == 'warning' %}}")
        self._notice_table(text, "warning", label)
        self.tag("{%p else %}")
        self._notice_table(text, "info", label)
        self.tag("{%p endif %}")

    def _fields_into(self, fields: Fields, where: str, width_mm: float, container=None):
        if not fields.rows:
            raise ValueError(f"{where}: Fields has no rows")
        label_w = round(min(60.0, max(30.0, width_mm * 0.34)), 1)
        widths = [label_w, width_mm - label_w]
        t = self.table(len(fields.rows), widths, container=container)
        for r, (label, expr) in enumerate(fields.rows):
            value = _check_expr(expr, f"{where}.rows[{r}]", in_block_tag=False)
            lc, vc = t.cell(r, 0), t.cell(r, 1)
            _shade_cell(lc, LABEL_FILL)
            self.cell_text(lc, _check_template(label, f"{where}.rows[{r}] label"), bold=True)
            self.cell_text(vc, f"{{{{ {value} }}}}")
        return t

    def b_fields(self, b: Fields, where: str) -> None:
        self._fields_into(b, where, TEXT_WIDTH_MM)
        self.spacer()

    def _widths(self, rel: tuple[float, ...], n: int, total: float, where: str) -> list[float]:
        if not rel:
            rel = (1.0,) * n
        if len(rel) != n or any(w <= 0 for w in rel):
            raise ValueError(f"{where}: widths {rel!r} must be {n} positive numbers")
        s = float(sum(rel))
        return [round(total * w / s, 2) for w in rel]

    def b_table(self, b: Table, where: str) -> None:
        if not b.columns:
            raise ValueError(f"{where}: Table has no columns")
        items = _check_expr(b.items_expr, where + ".items_expr", in_block_tag=True)
        widths = self._widths(b.widths, len(b.columns), TEXT_WIDTH_MM, where)
        self.tag(f"{{%p if {items} %}}")
        t = self.table(1, widths)
        head = t.rows[0]
        _header_row(head)
        for cell, (header, _expr) in zip(head.cells, b.columns):
            _shade_cell(cell, HEADER_FILL)
            self.cell_text(cell, _check_template(header, where + " header"), style="MFC Table Header")
        self.tr_tag(t, widths, f"{{%tr for row in {items} %}}")
        row = self.add_row(t, widths)
        # Keep a row on one page (Word and LibreOffice still break a row taller than a page).
        _no_split_row(row)
        for c, (cell, (_h, expr)) in enumerate(zip(row.cells, b.columns)):
            value = _check_expr(expr, f"{where}.columns[{c}]", in_block_tag=False)
            self.cell_text(cell, f"{{{{ {value} }}}}")
        self.tr_tag(t, widths, "{%tr endfor %}")
        self.spacer()
        self.tag("{%p else %}")
        self._empty_text(b.empty, where)
        self.tag("{%p endif %}")

    def b_chart(self, b: Chart, where: str) -> None:
        headers = CHART_COLUMNS[b.kind]
        table = Table(f"({b.data_expr}) | chart_rows('{b.kind}')",
                      tuple((header, f"row[{i}]") for i, header in enumerate(headers)),
                      widths=(2,) + (1,) * (len(headers) - 1), empty="No data.")
        self.b_table(table, where)
        if b.caption:
            self.b_text(Text(b.caption, "small"), where)

    def b_bullets(self, b: Bullets, where: str) -> None:
        items = _check_expr(b.items_expr, where + ".items_expr", in_block_tag=True)
        self.tag(f"{{%p for item in {items} %}}")
        p = self.doc.add_paragraph(style="List Bullet")
        _run(p, "{{ item }}")
        self.tag("{%p endfor %}")
        self.tag(f"{{%p if not {items} %}}")
        self._empty_text(b.empty, where)
        self.tag("{%p endif %}")

    def _empty_text(self, empty: str, where: str) -> None:
        """The paragraph shown instead of an empty list or table ("None recorded.")."""
        p = self.doc.add_paragraph(style="MFC Empty")
        _run(p, _check_template(empty, where + ".empty"))

    def _tick_box(self, cell) -> None:
        """An empty bordered paragraph: a square box to tick by hand (no glyphs)."""
        p = cell.paragraphs[0]
        p.style = self.doc.styles["MFC Table"]
        pf = p.paragraph_format
        pf.left_indent = Mm(1.2)
        pf.right_indent = Mm(1.2)
        pf.space_before = Pt(1)
        pf.line_spacing = 1.0
        edge = ("single", 1.0, "000000")
        _pbdr(p, {"top": edge, "left": edge, "bottom": edge, "right": edge}, space=0)
        _run(p, " ")

    def b_checklist(self, b: Checklist, where: str) -> None:
        items = _check_expr(b.items_expr, where + ".items_expr", in_block_tag=True)
        box = 10.0 if not self.laminated else 12.0
        if b.plain:
            widths = [box, TEXT_WIDTH_MM - box]
        else:
            side = 34.0 if not self.laminated else 32.0
            widths = [box, TEXT_WIDTH_MM - box - 2 * side, side, side]
        self.tag(f"{{%p if {items} %}}")
        if b.plain:
            t = self.table(0, widths)
        else:
            t = self.table(1, widths)
            head = t.rows[0]
            _header_row(head)
            for cell, text in zip(head.cells, ("", "Action", "Who", "By when")):
                _shade_cell(cell, HEADER_FILL)
                self.cell_text(cell, text, style="MFC Table Header")
        self.tr_tag(t, widths, f"{{%tr for step in {items} %}}")
        row = self.add_row(t, widths)
        _no_split_row(row)
        self._tick_box(row.cells[0])
        if b.plain:
            self.cell_text(row.cells[1], "{{ step }}")
        else:
            self.cell_text(row.cells[1], "{{ step.action }}")
            self.cell_text(row.cells[2], "{{ step.who }}")
            self.cell_text(row.cells[3], "{{ step.when }}")
        self.tr_tag(t, widths, "{%tr endfor %}")
        self.spacer()
        self.tag("{%p else %}")
        self._empty_text(b.empty, where)
        self.tag("{%p endif %}")

    def b_photo(self, b: Photo, where: str) -> None:
        path = _check_expr(b.path_expr, where + ".path_expr", in_block_tag=True)
        caption = _check_expr(b.caption_expr, where + ".caption_expr", in_block_tag=False)
        left = PHOTO_WIDTH_MM + 6
        widths = [left, TEXT_WIDTH_MM - left] if b.beside is not None else [left]
        t = self.table(1, widths, grid=False)
        _cell_margins(t, 0, 0)
        lc = t.cell(0, 0)
        lc.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
        # Template-only paragraphs live inside the cell; the cell keeps >= 1 paragraph either way.
        first = lc.paragraphs[0]
        first.style = self.doc.styles["MFC Template Tag"]
        _run(first, f"{{%p if {path} %}}")
        p = lc.add_paragraph(style="MFC Caption")
        _run(p, f"{{{{ {path} | photo }}}}")
        p = lc.add_paragraph(style="MFC Template Tag")
        _run(p, "{%p else %}")
        p = lc.add_paragraph(style="MFC Missing Photo")
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        # A red box about the size of a photo: paragraph borders (inset so the left one is
        # not clipped by the cell edge) with blank lines above and below the words.
        p.paragraph_format.left_indent = Mm(2)
        p.paragraph_format.right_indent = Mm(left - PHOTO_WIDTH_MM + 2)
        p.paragraph_format.space_before = Pt(0)
        p.paragraph_format.space_after = Pt(0)
        edge = ("single", 2.25, MISSING_RED)
        _pbdr(p, {"top": edge, "left": edge, "bottom": edge, "right": edge}, space=4)
        _run(p, "\n\n" + _check_template(b.missing_text, where + ".missing_text") + "\n\n")
        p = lc.add_paragraph(style="MFC Template Tag")
        _run(p, "{%p endif %}")
        p = lc.add_paragraph(style="MFC Caption")
        p.paragraph_format.space_before = Pt(3)
        p.paragraph_format.right_indent = Mm(left - PHOTO_WIDTH_MM)
        _run(p, f"{{{{ {caption} }}}}")
        if b.beside is not None:
            rc = t.cell(0, 1)
            nested = self._fields_into(b.beside, where + ".beside", TEXT_WIDTH_MM - left, container=rc)
            # python-docx put the new table after the cell's empty paragraph: move it first,
            # the empty paragraph that follows is the one Word requires at the end of a cell.
            rc._tc.remove(nested._tbl)
            rc.paragraphs[0]._p.addprevious(nested._tbl)
            rc.paragraphs[0].style = self.doc.styles["MFC Spacer"]
        self.spacer()

    def b_writein(self, b: WriteIn, where: str) -> None:
        if not b.rows:
            raise ValueError(f"{where}: WriteIn has no rows")
        label_w = 58.0
        widths = [label_w, TEXT_WIDTH_MM - label_w]
        t = self.table(0, widths)
        line_h = Mm(9 if not self.laminated else 11)
        for r, (label, expr, lines) in enumerate(b.rows):
            value = _check_expr(expr, f"{where}.rows[{r}]", in_block_tag=True)
            label_t = _check_template(label, f"{where}.rows[{r}] label")
            lines = max(1, int(lines))
            self.tr_tag(t, widths, f"{{%tr if {value} %}}")
            row = self.add_row(t, widths)
            _no_split_row(row)
            _shade_cell(row.cells[0], LABEL_FILL)
            self.cell_text(row.cells[0], label_t, bold=True)
            self.cell_text(row.cells[1], f"{{{{ {value} }}}}")
            self.tr_tag(t, widths, "{%tr else %}")
            for i in range(lines):
                row = self.add_row(t, widths)
                _no_split_row(row)
                row.height = line_h
                row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
                lc = row.cells[0]
                _shade_cell(lc, LABEL_FILL)
                tcpr = lc._tc.get_or_add_tcPr()
                vm = _el("w:vMerge", **({"w:val": "restart"} if i == 0 else {}))
                tcpr.find(qn("w:tcW")).addnext(vm)
                if i == 0:
                    self.cell_text(lc, label_t, bold=True)
                else:
                    lc.paragraphs[0].style = self.doc.styles["MFC Table"]
            self.tr_tag(t, widths, "{%tr endif %}")
        self.spacer()

    def b_pagebreak(self, b: PageBreak, where: str) -> None:
        p = self.doc.add_paragraph(style="MFC Spacer")
        p.add_run().add_break(WD_BREAK.PAGE)

    def b_if(self, b: If, where: str) -> None:
        cond = _check_expr(b.condition, where + ".condition", in_block_tag=True)
        self.tag(f"{{%p if {cond} %}}")
        self.blocks(b.blocks, where)
        self.tag("{%p endif %}")

    def b_foreach(self, b: ForEach, where: str) -> None:
        items = _check_expr(b.items_expr, where + ".items_expr", in_block_tag=True)
        var = _check_var(b.var, where)
        self.tag(f"{{%p for {var} in {items} %}}")
        self.blocks(b.blocks, where)
        self.tag("{%p endfor %}")

    # -- laminated band --------------------------------------------------

    def band(self) -> None:
        expr = self.layout.page.band_expr
        colour = _check_expr(expr, "page.band_expr", in_block_tag=True) if expr else repr(DEFAULT_BAND)
        t = self.table(1, [TEXT_WIDTH_MM], grid=False)
        _cell_margins(t, 3.0, 4.0)
        cell = t.cell(0, 0)
        _shade_cell(cell, DEFAULT_BAND.lstrip("#"))
        p = self.cell_text(cell, "", style="MFC Band Title")
        # docxtpl moves this colour into the cell shading and removes the tag.
        _run(p, f"{{% cellbg {colour} | band_fill %}}")
        _run(p, "{{ meta.title }}")
        self.spacer()

    # -- whole document --------------------------------------------------

    def build(self) -> bytes:
        if self.laminated:
            self.band()
        self.blocks(self.layout.blocks, "blocks")
        # Word wants the body to end with a paragraph (a table just before sectPr is repaired).
        # Make it take no room, or a full page spills an empty second page.
        last = self.spacer()
        last.paragraph_format.space_before = Pt(0)
        last.paragraph_format.space_after = Pt(0)
        last.paragraph_format.line_spacing = Pt(1)
        for run in last.runs:
            run.font.size = Pt(1)
        cp = self.doc.core_properties
        cp.title = self.title
        cp.subject = "Template"
        cp.author = "mfc-docs"
        cp.last_modified_by = "mfc-docs"
        cp.comments = "Word template generated by mfc-docs from the document layout. Keep every tag intact when restyling."
        cp.keywords = "mfc-docs"
        cp.category = ""
        cp.revision = 1
        fixed = datetime(2024, 1, 1, tzinfo=timezone.utc)
        cp.created = fixed
        cp.modified = fixed
        _drop_thumbnail(self.doc)
        _slim_package(self.doc)
        out = io.BytesIO()
        self.doc.save(out)
        return _normalise_zip(out.getvalue())


_STYLE_REFS = ("pStyle", "rStyle", "tblStyle", "numStyleLink", "styleLink")


def _slim_package(doc) -> None:
    """Keep only what the template uses.

    python-docx's blank document carries every built-in style (350 KB of styles.xml),
    a second copy of them for Word 2010 (stylesWithEffects.xml, 440 KB) and a
    bibliography part. Every render parses and every save compresses them again, so
    they were most of the time a Word document took. Word restores built-in styles
    itself when a home restyles a template.
    """
    from docx.oxml.ns import qn

    for rel in list(doc.part.rels.values()):
        if rel.reltype.endswith(("/stylesWithEffects", "/customXml")):
            doc.part.drop_rel(rel.rId)
    styles = doc.styles.element
    parts = [doc.part] + [rel.target_part for rel in doc.part.rels.values()
                          if rel.reltype.endswith(("/header", "/footer", "/numbering"))]
    used: set[str] = set()
    for part in parts:
        for name in _STYLE_REFS:
            used.update(el.get(qn("w:val")) for el in part.element.iter(qn(f"w:{name}")))
    by_id = {style.get(qn("w:styleId")): style for style in styles.iter(qn("w:style"))}
    defaults = {sid for sid, style in by_id.items() if style.get(qn("w:default")) == "1"}
    keep: set[str] = set()
    pending = [sid for sid in used | defaults if sid in by_id]
    while pending:  # a kept style keeps the styles it is based on, links to and is followed by
        sid = pending.pop()
        if sid in keep:
            continue
        keep.add(sid)
        for name in ("basedOn", "link", "next"):
            ref = by_id[sid].find(qn(f"w:{name}"))
            if ref is not None and ref.get(qn("w:val")) in by_id:
                pending.append(ref.get(qn("w:val")))
    for sid, style in by_id.items():
        if sid not in keep:
            styles.remove(style)
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)


def _drop_thumbnail(doc) -> None:
    """python-docx's blank template carries a thumbnail of someone else's page: remove it."""
    rels = doc.part.package.rels
    for rid, rel in list(rels.items()):
        if rel.reltype.endswith("/metadata/thumbnail"):
            del rels[rid]
            rels._target_parts_by_rId.pop(rid, None)


def _normalise_zip(data: bytes) -> bytes:
    """Same layout in, same bytes out: fixed timestamps and order, so a regenerated
    template only shows up in git when it really changed."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename == "docProps/thumbnail.jpeg":
                continue
            zi = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


def build_template(layout: Layout, title: str) -> bytes:
    """Return a docxtpl Word template (.docx bytes) for ``layout``.

    ``title`` names the document kind (it goes into the template's properties).
    Raises ``ValueError`` naming the block when an expression or template in
    the layout cannot be used in a Word template.
    """
    return _Builder(layout, title).build()
