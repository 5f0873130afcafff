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

What the Word and PDF renderers share (the Jinja environment, tones, colours,
sizes) is in :mod:`.jinja_env` and :mod:`.theme`; the tag rules are in
:mod:`.word_tags`, the XML helpers in :mod:`.ooxml`, the page and styles in
:mod:`.word_styles`. This module walks the layout's blocks.

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
from datetime import datetime, timezone

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ..documents.blocks import (
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
from .ooxml import (cell_borders, cell_margins, drop_thumbnail, fix_widths, keep_row_on_one_page, normalise_zip,
                    oxml_element, paragraph_borders, repeat_as_header_row, shade_cell, slim_package, table_borders,
                    text_run)
from .theme import (DEFAULT_BAND, HEADER_FILL, LABEL_FILL, MISSING_RED, PHOTO_WIDTH_MM, TEXT_WIDTH_MM, TONES,
                    text_sizes)
from .word_styles import setup_header_footer, setup_page, setup_settings, setup_styles
from .word_tags import check_expr, check_template, check_var

__all__ = ["build_template", "TemplateBuilder"]

# Word shows a chart as a table of its numbers (charts.chart_table), headers included. A template's
# table has its columns before any data exists: a bar chart's label and value; a grid's hour, its
# seven days and the total. Data of another width is an error at render time, never cut short.
CHART_WIDTHS = {"bar": 2, "grid": 9}


class TemplateBuilder:
    """Writes one layout into a python-docx document, block by block, as docxtpl tags and styled tables."""

    def __init__(self, layout: Layout, title: str):
        self.layout = layout
        self.title = title
        self.laminated = layout.page.kind == "laminated"
        # Word cannot shrink text to fit a page as the PDF does: laminated sheets are set at the
        # smallest size their layout allows, the best chance of one side when printed from Word.
        page = layout.page
        self.sz = (text_sizes(page.min_font_size, laminated=True, floor=page.min_font_size) if self.laminated
                   else text_sizes(page.body_size, laminated=False))
        self.doc = Document()
        setup_page(self.doc)
        setup_settings(self.doc)
        setup_styles(self.doc, self.sz, self.laminated)
        setup_header_footer(self.doc)

    # -- document setup --------------------------------------------------


    def tag(self, text: str):
        """A paragraph holding one docxtpl paragraph tag (removed when rendered)."""
        p = self.doc.add_paragraph(style="MFC Template Tag")
        text_run(p, text)
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
            table_borders(t, "single", 0.5, "000000")
        else:
            table_borders(t, "nil")
        t.alignment = WD_TABLE_ALIGNMENT.LEFT
        cell_margins(t, 0.7, 1.6)
        fix_widths(t, widths_mm)
        return t

    def cell_text(self, cell, text: str, *, style: str = "MFC Table", bold: bool | None = None):
        p = cell.paragraphs[0]
        p.style = self.doc.styles[style]
        if text:
            text_run(p, text, bold=bold)
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
        text_run(p, text)
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
        text_run(p, check_template(b.text, where))

    def b_text(self, b: Text, where: str) -> None:
        style = {"body": "Normal", "lead": "MFC Lead", "small": "MFC Small", "strong": "MFC Strong"}.get(b.style)
        if style is None:
            raise ValueError(f"{where}: unknown text style {b.style!r}")
        p = self.doc.add_paragraph(style=style)
        text_run(p, check_template(b.text, where))

    def _notice_table(self, text: str, tone: str, label: str | None) -> None:
        ts = TONES[tone]
        t = self.table(1, [TEXT_WIDTH_MM])
        table_borders(t, "single", 1.0, ts.bar)
        cell = t.cell(0, 0)
        shade_cell(cell, ts.fill)
        cell_borders(cell, {"top": ("single", 1.0, ts.bar), "bottom": ("single", 1.0, ts.bar),
                             "right": ("single", 1.0, ts.bar), "left": ("single", ts.bar_pt, ts.bar)})
        keep_row_on_one_page(t.rows[0])
        p = self.cell_text(cell, "", style="MFC Notice")
        p.paragraph_format.space_before = Pt(3)
        p.paragraph_format.space_after = Pt(3)
        p.paragraph_format.left_indent = Mm(1.5)
        word = ts.label if label is None else label
        if word:
            text_run(p, word + "  ", bold=True, color=ts.bar)
        text_run(p, text)
        self.spacer()

    def b_notice(self, b: Notice, where: str) -> None:
        text = check_template(b.text, where)
        label = b.label
        if b.tone_expr is None:
            if b.tone not in TONES:
                raise ValueError(f"{where}: unknown tone {b.tone!r}")
            self._notice_table(text, b.tone, label)
            return
        expr = check_expr(b.tone_expr, where + ".tone_expr", in_block_tag=True)
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
            value = check_expr(expr, f"{where}.rows[{r}]", in_block_tag=False)
            lc, vc = t.cell(r, 0), t.cell(r, 1)
            shade_cell(lc, LABEL_FILL)
            self.cell_text(lc, check_template(label, f"{where}.rows[{r}] label"), bold=True)
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
        items = check_expr(b.items_expr, where + ".items_expr", in_block_tag=True)
        widths = self._widths(b.widths, len(b.columns), TEXT_WIDTH_MM, where)
        self.tag(f"{{%p if {items} %}}")
        t = self.table(1, widths)
        head = t.rows[0]
        repeat_as_header_row(head)
        for cell, (header, _expr) in zip(head.cells, b.columns):
            shade_cell(cell, HEADER_FILL)
            self.cell_text(cell, check_template(header, where + " header"), style="MFC Table Header")
        self.tr_tag(t, widths, f"{{%tr for row in {items} %}}")
        row = self.add_row(t, widths)
        # Keep a row on one page (Word and LibreOffice still break a row taller than a page).
        keep_row_on_one_page(row)
        for c, (cell, (_h, expr)) in enumerate(zip(row.cells, b.columns)):
            value = check_expr(expr, f"{where}.columns[{c}]", in_block_tag=False)
            self.cell_text(cell, f"{{{{ {value} }}}}")
        self.tr_tag(t, widths, "{%tr endfor %}")
        self.spacer()
        self.tag("{%p else %}")
        self._empty_text(b.empty, where)
        self.tag("{%p endif %}")

    def b_chart(self, b: Chart, where: str) -> None:
        width = CHART_WIDTHS[b.kind]
        data = f"({b.data_expr})"
        table = Table(f"{data} | chart_rows('{b.kind}', {width})",
                      tuple((f"{{{{ ({data} | chart_header('{b.kind}', {width}))[{i}] }}}}", f"row[{i}]")
                            for i in range(width)),
                      widths=(2,) + (1,) * (width - 1), empty="No data.")
        self.b_table(table, where)
        if b.caption:
            self.b_text(Text(b.caption, "small"), where)

    def b_bullets(self, b: Bullets, where: str) -> None:
        items = check_expr(b.items_expr, where + ".items_expr", in_block_tag=True)
        self.tag(f"{{%p for item in {items} %}}")
        p = self.doc.add_paragraph(style="List Bullet")
        text_run(p, "{{ item }}")
        self.tag("{%p endfor %}")
        self.tag(f"{{%p if not {items} %}}")
        self._empty_text(b.empty, where)
        self.tag("{%p endif %}")

    def _empty_text(self, empty: str, where: str) -> None:
        """The paragraph shown instead of an empty list or table ("Not recorded.")."""
        p = self.doc.add_paragraph(style="MFC Empty")
        text_run(p, check_template(empty, where + ".empty"))

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
        paragraph_borders(p, {"top": edge, "left": edge, "bottom": edge, "right": edge}, space=0)
        text_run(p, " ")

    def b_checklist(self, b: Checklist, where: str) -> None:
        items = check_expr(b.items_expr, where + ".items_expr", in_block_tag=True)
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
            repeat_as_header_row(head)
            for cell, text in zip(head.cells, ("", "Action", "Who", "By when")):
                shade_cell(cell, HEADER_FILL)
                self.cell_text(cell, text, style="MFC Table Header")
        self.tr_tag(t, widths, f"{{%tr for step in {items} %}}")
        row = self.add_row(t, widths)
        keep_row_on_one_page(row)
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
        path = check_expr(b.path_expr, where + ".path_expr", in_block_tag=True)
        caption = check_expr(b.caption_expr, where + ".caption_expr", in_block_tag=False)
        left = PHOTO_WIDTH_MM + 6
        widths = [left, TEXT_WIDTH_MM - left] if b.beside is not None else [left]
        t = self.table(1, widths, grid=False)
        cell_margins(t, 0, 0)
        lc = t.cell(0, 0)
        lc.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
        # Template-only paragraphs live inside the cell; the cell keeps >= 1 paragraph either way.
        first = lc.paragraphs[0]
        first.style = self.doc.styles["MFC Template Tag"]
        text_run(first, f"{{%p if {path} %}}")
        p = lc.add_paragraph(style="MFC Caption")
        text_run(p, f"{{{{ {path} | photo }}}}")
        p = lc.add_paragraph(style="MFC Template Tag")
        text_run(p, "{%p else %}")
        p = lc.add_paragraph(style="MFC Missing Photo")
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        # A red box about the size of a photo: paragraph borders (inset so the left one is
        # not clipped by the cell edge) with blank lines above and below the words.
        p.paragraph_format.left_indent = Mm(2)
        p.paragraph_format.right_indent = Mm(left - PHOTO_WIDTH_MM + 2)
        p.paragraph_format.space_before = Pt(0)
        p.paragraph_format.space_after = Pt(0)
        edge = ("single", 2.25, MISSING_RED)
        paragraph_borders(p, {"top": edge, "left": edge, "bottom": edge, "right": edge}, space=4)
        text_run(p, "\n\n" + check_template(b.missing_text, where + ".missing_text") + "\n\n")
        p = lc.add_paragraph(style="MFC Template Tag")
        text_run(p, "{%p endif %}")
        p = lc.add_paragraph(style="MFC Caption")
        p.paragraph_format.space_before = Pt(3)
        p.paragraph_format.right_indent = Mm(left - PHOTO_WIDTH_MM)
        text_run(p, f"{{{{ {caption} }}}}")
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
            value = check_expr(expr, f"{where}.rows[{r}]", in_block_tag=True)
            label_t = check_template(label, f"{where}.rows[{r}] label")
            lines = max(1, int(lines))
            self.tr_tag(t, widths, f"{{%tr if {value} %}}")
            row = self.add_row(t, widths)
            keep_row_on_one_page(row)
            shade_cell(row.cells[0], LABEL_FILL)
            self.cell_text(row.cells[0], label_t, bold=True)
            self.cell_text(row.cells[1], f"{{{{ {value} }}}}")
            self.tr_tag(t, widths, "{%tr else %}")
            for i in range(lines):
                row = self.add_row(t, widths)
                keep_row_on_one_page(row)
                row.height = line_h
                row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
                lc = row.cells[0]
                shade_cell(lc, LABEL_FILL)
                tcpr = lc._tc.get_or_add_tcPr()
                vm = oxml_element("w:vMerge", **({"w:val": "restart"} if i == 0 else {}))
                tcpr.find(qn("w:tcW")).addnext(vm)
                if i == 0:
                    self.cell_text(lc, label_t, bold=True)
                else:
                    lc.paragraphs[0].style = self.doc.styles["MFC Table"]
            self.tr_tag(t, widths, "{%tr endif %}")
        self.spacer()

    def b_pagebreak(self, b: PageBreak, where: str) -> None:
        p = self.doc.add_paragraph(style="MFC Spacer")
        if not b.unless_room_mm:  # Word cannot ask how much room is left: the text flows on
            p.add_run().add_break(WD_BREAK.PAGE)

    def b_if(self, b: If, where: str) -> None:
        cond = check_expr(b.condition, where + ".condition", in_block_tag=True)
        self.tag(f"{{%p if {cond} %}}")
        self.blocks(b.blocks, where)
        self.tag("{%p endif %}")

    def b_foreach(self, b: ForEach, where: str) -> None:
        items = check_expr(b.items_expr, where + ".items_expr", in_block_tag=True)
        var = check_var(b.var, where)
        self.tag(f"{{%p for {var} in {items} %}}")
        self.blocks(b.blocks, where)
        self.tag("{%p endfor %}")

    # -- laminated band --------------------------------------------------

    def band(self) -> None:
        expr = self.layout.page.band_expr
        colour = check_expr(expr, "page.band_expr", in_block_tag=True) if expr else repr(DEFAULT_BAND)
        t = self.table(1, [TEXT_WIDTH_MM], grid=False)
        cell_margins(t, 3.0, 4.0)
        cell = t.cell(0, 0)
        shade_cell(cell, DEFAULT_BAND.lstrip("#"))
        p = self.cell_text(cell, "", style="MFC Band Title")
        # docxtpl moves this colour into the cell shading and removes the tag.
        text_run(p, f"{{% cellbg {colour} | band_fill %}}")
        text_run(p, "{{ meta.title }}")
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
        drop_thumbnail(self.doc)
        slim_package(self.doc)
        out = io.BytesIO()
        self.doc.save(out)
        return normalise_zip(out.getvalue())


def build_template(layout: Layout, title: str) -> bytes:
    """Return a docxtpl Word template (.docx bytes) for ``layout``.

    ``title`` names the document kind (it goes into the template's properties).
    Raises ``ValueError`` naming the block when an expression or template in
    the layout cannot be used in a Word template.
    """
    return TemplateBuilder(layout, title).build()
