"""The block visitor: each block of a layout becomes reportlab flowables (the PDF's story).

It says in PDF what :mod:`mfc_docs.render.templates` writes into the Word template, block for
block, with the same context and the same checks on every printed value.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak as RLPageBreak,
    Paragraph,
    Spacer,
    Table as RLTable,
)

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
from ..input.photos import clean_photo
from .jinja_env import finalize
from .pdf_eval import Evaluator, Loop
from .pdf_speedups import cached_paragraph, PhotoFlowable
from .pdf_styles import (PAGE_H, TEXT_W, break_long_words, escape, hex_colour, markup, Styles, table_style, word_width,
                         words_of)
from .theme import (DEFAULT_BAND, HEADER_FILL, LABEL_FILL, MISSING_RED, PHOTO_BOX_HEIGHT_MM, PHOTO_MAX_HEIGHT_MM,
                    PHOTO_WIDTH_MM, TONES, band_fill, notice_tone)

class TickBox(Flowable):
    """An empty square to tick by hand: a drawn rectangle, not a font glyph."""

    def __init__(self, size: float, line: float = 1.0):
        super().__init__()
        self.size, self.line = size, line

    def wrap(self, aw, ah):
        return self.size, self.size

    def draw(self):
        c = self.canv
        c.saveState()
        c.setLineWidth(self.line)
        c.setStrokeColor(colors.black)
        c.setFillColor(colors.white)
        inset = self.line / 2
        c.rect(inset, inset, self.size - self.line, self.size - self.line, stroke=1, fill=1)
        c.restoreState()


class HeadingParagraph(Paragraph):
    """A heading that also becomes a PDF bookmark.

    A heading taller than a page (a name of thousands of letters) is split by reportlab, which
    makes the pieces with ``text=None``: they carry no bookmark of their own.
    """

    def __init__(self, text: str | None, style: ParagraphStyle, outline: str = "", level: int = 0, **kwargs):
        super().__init__(markup(text) if text is not None else None, style, **kwargs)
        self.outline, self.outline_level = outline, level


class StoryBuilder:
    def __init__(self, layout: Layout, context: dict, st: Styles, ev: Evaluator):
        self.layout, self.context, self.st, self.ev = layout, context, st, ev
        self.checklist_tables: list[RLTable] = []

    def build(self) -> list[Flowable]:
        out: list[Flowable] = []
        if self.layout.page.kind == "laminated":
            out.append(self.band())
        self.blocks(self.layout.blocks, self.context, out)
        return out

    def blocks(self, blocks: tuple[Block, ...], scope: dict, out: list) -> None:
        for block in blocks:
            method = getattr(self, "b_" + type(block).__name__.lower(), None)
            if method is None:
                raise TypeError(f"unknown block type {type(block).__name__}")
            method(block, scope, out)

    # helpers
    def para(self, text: str, style: ParagraphStyle, width: float | None = None) -> Paragraph:
        """A paragraph of ``text`` drawn ``width`` points wide (default: the page's text width),
        a word too wide for it broken at a hyphen or "@" rather than mid-word."""
        width = TEXT_W if width is None else width
        return cached_paragraph(markup(self.unsplit(text, style, width)), style)

    @staticmethod
    def unsplit(text: str, style: ParagraphStyle, width: float) -> str:
        return break_long_words(text, style.fontName, style.fontSize, width - style.leftIndent - style.rightIndent)

    def cell_w(self, column_width: float) -> float:
        """The width a cell's text is drawn in: the column less its padding."""
        return column_width - 2 * (self.st.pad + 1)

    def grid(self, data, widths, *, header: bool, extra=(), label_col: bool = False,
             min_heights: list | None = None) -> RLTable:
        st = self.st
        cmds = [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), st.pad + 1),
            ("RIGHTPADDING", (0, 0), (-1, -1), st.pad + 1),
            ("TOPPADDING", (0, 0), (-1, -1), st.pad),
            ("BOTTOMPADDING", (0, 0), (-1, -1), st.pad + 1),
        ]
        last = len(widths) - 1  # reportlab's in-row split code mishandles negative columns
        cmds += [
            # close the grid where a long row continues on the next page
            ("LINEBELOW", (0, "inrowsplitstart"), (last, "inrowsplitstart"), 0.5, colors.black),
            ("LINEABOVE", (0, "inrowsplitend"), (last, "inrowsplitend"), 0.5, colors.black),
        ]
        if header:
            cmds.append(("BACKGROUND", (0, 0), (-1, 0), hex_colour(HEADER_FILL)))
        if label_col:
            cmds.append(("BACKGROUND", (0, 0), (0, -1), hex_colour(LABEL_FILL)))
        cmds.extend(extra)
        return RLTable(data, colWidths=widths, minRowHeights=min_heights, style=table_style(cmds),
                       repeatRows=1 if header else 0,
                       splitInRow=1, hAlign="LEFT", spaceAfter=st.table_gap)

    def _longest_word(self, texts, style: ParagraphStyle | None = None) -> float:
        """Width of the widest single word among ``texts`` in the table cell font (or ``style``'s)."""
        style = style or self.st.cell
        words = [word for text in texts for word in words_of(str(text))]
        return max((word_width(w, style.fontName, style.fontSize) for w in words), default=0.0)

    def fit_words(self, widths: list[float], columns: list[tuple[list[str], list[str]]]) -> list[float]:
        """Column widths in which every word fits whole: a column too narrow for its longest word
        ("Pritchard-O'Donnell", an email address) takes the room from columns that have some to spare.

        ``columns`` gives each column's (bold texts, regular texts). A word is never broken inside a
        column that could hold it; only a word wider than any share of the row can be (reportlab then
        splits it, as a last resort). Returns ``widths`` unchanged when every word already fits.
        """
        pad = 2 * (self.st.pad + 1) + 1.5
        need = [max(self._longest_word(bold, self.st.cell_bold), self._longest_word(regular)) + pad
                for bold, regular in columns]
        if all(w >= n for w, n in zip(widths, need)) or sum(need) > sum(widths):
            return widths
        widths = list(widths)
        for _ in range(len(widths)):
            short = [i for i, w in enumerate(widths) if w < need[i]]
            if not short:
                break
            extra = sum(need[i] - widths[i] for i in short)
            for i in short:
                widths[i] = need[i]
            donors = [i for i in range(len(widths)) if i not in short and widths[i] > need[i]]
            slack = sum(widths[i] - need[i] for i in donors)
            for i in donors:
                widths[i] -= min(extra, slack) * (widths[i] - need[i]) / slack
        return widths

    @staticmethod
    def widths(rel: tuple[float, ...], n: int, total: float) -> list[float]:
        if not rel:
            rel = (1.0,) * n
        if len(rel) != n:
            raise ValueError(f"table widths {rel!r} must have {n} numbers")
        s = float(sum(rel))
        return [total * w / s for w in rel]

    # blocks
    def b_heading(self, b: Heading, scope: dict, out: list) -> None:
        text = self.ev.render(b.text, scope)
        level = 1 if b.level <= 1 else 2
        style = self.st.h1 if level == 1 else self.st.h2
        para = HeadingParagraph(self.unsplit(text, style, TEXT_W), style, text, level - 1)
        if self.layout.page.kind != "laminated":
            # Never leave a heading at the foot of a page: start a new page unless the heading
            # and a few lines of what follows fit. (keepWithNext would instead push a heading
            # and a long table whole onto the next page, leaving half a page blank.)
            para.keepWithNext = 0
            h = para.wrap(TEXT_W, PAGE_H)[1]
            out.append(CondPageBreak(h + para.style.spaceBefore + para.style.spaceAfter + 30 * mm))
        out.append(para)

    def b_text(self, b: Text, scope: dict, out: list) -> None:
        style = {"body": self.st.body, "lead": self.st.lead, "small": self.st.small, "strong": self.st.strong}[b.style]
        out.append(self.para(self.ev.render(b.text, scope), style))

    def b_notice(self, b: Notice, scope: dict, out: list) -> None:
        tone = notice_tone(self.ev.value(b.tone_expr, scope)) if b.tone_expr else notice_tone(b.tone)
        ts = TONES[tone]
        word = ts.label if b.label is None else b.label
        text_w = TEXT_W - ts.bar_pt - 2 * (self.st.pad + 3) - 1
        text = markup(self.unsplit(self.ev.render(b.text, scope), self.st.notice, text_w))
        if word:
            text = f'<font color="#{ts.bar}">{escape(word)}</font>\u00a0\u00a0{text}'
        bar = hex_colour(ts.bar)
        p = Paragraph(text, self.st.notice)
        pad = self.st.pad + 3
        # The bar is a narrow filled column, so it has square ends inside the box.
        # A short notice moves to the next page whole; only a long one is split across pages.
        height = p.wrap(text_w, PAGE_H)[1]
        split = 1 if height > 60 * mm else 0
        t = RLTable([["", p]], colWidths=[ts.bar_pt, TEXT_W - ts.bar_pt], hAlign="LEFT", splitInRow=split,
                    spaceAfter=self.st.table_gap,
                    style=table_style([
                        ("BACKGROUND", (0, 0), (0, -1), bar),
                        ("BACKGROUND", (1, 0), (1, -1), hex_colour(ts.fill)),
                        ("BOX", (0, 0), (-1, -1), 1.0, bar),
                        ("LEFTPADDING", (0, 0), (0, -1), 0),
                        ("RIGHTPADDING", (0, 0), (0, -1), 0),
                        ("LEFTPADDING", (1, 0), (1, -1), pad + 1),
                        ("RIGHTPADDING", (1, 0), (1, -1), pad),
                        ("TOPPADDING", (0, 0), (-1, -1), pad - 1),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
                    ]))
        out.append(t)

    def fields_table(self, b: Fields, scope: dict, width: float) -> RLTable:
        label_w = min(60.0, max(30.0, width / mm * 0.34)) * mm
        label_w = round(label_w / mm, 1) * mm
        labels = [self.ev.render(label, scope) for label, _ in b.rows]
        values = [self.ev.show(expr, scope) for _, expr in b.rows]
        widths = self.fit_words([label_w, width - label_w], [(labels, []), ([], values)])
        lw, vw = (self.cell_w(w) for w in widths)
        rows = [[self.para(label, self.st.cell_bold, lw), self.para(value, self.st.cell, vw)]
                for label, value in zip(labels, values)]
        return self.grid(rows, widths, header=False, label_col=True)

    def b_fields(self, b: Fields, scope: dict, out: list) -> None:
        out.append(self.fields_table(b, scope, TEXT_W))

    def b_table(self, b: Table, scope: dict, out: list) -> None:
        items = self.ev.items(b.items_expr, scope)
        if not items:
            out.append(self.para(self.ev.render(b.empty, scope), self.st.empty))
            return
        headers = [self.ev.render(h, scope) for h, _ in b.columns]
        n = len(items)
        cells = [[self.ev.show(expr, {**scope, "row": item, "loop": Loop(i, n)}) for _, expr in b.columns]
                 for i, item in enumerate(items)]
        widths = self.fit_words(self.widths(b.widths, len(b.columns), TEXT_W),
                                [([h], [row[c] for row in cells]) for c, h in enumerate(headers)])
        inner = [self.cell_w(w) for w in widths]
        data = [[self.para(h, self.st.cell_bold, w) for h, w in zip(headers, inner)]]
        data += [[self.para(text, self.st.cell, w) for text, w in zip(row, inner)] for row in cells]
        out.append(self.grid(data, widths, header=True))

    def b_bullets(self, b: Bullets, scope: dict, out: list) -> None:
        items = self.ev.items(b.items_expr, scope)
        if not items:
            out.append(self.para(self.ev.render(b.empty, scope), self.st.empty))
            return
        for item in items:
            text = self.unsplit(str(finalize(item)), self.st.bullet, TEXT_W)
            out.append(Paragraph(markup(text), self.st.bullet, bulletText="•"))
        out.append(Spacer(1, self.st.body.spaceAfter))

    def b_checklist(self, b: Checklist, scope: dict, out: list) -> None:
        items = self.ev.items(b.items_expr, scope)
        if not items:
            out.append(self.para(self.ev.render(b.empty, scope), self.st.empty))
            return
        lam = self.layout.page.kind == "laminated"
        box_w = (12.0 if lam else 10.0) * mm
        box = lambda: TickBox(self.st.box)  # noqa: E731
        centre = [("ALIGN", (0, 0), (0, -1), "CENTER")]
        if b.plain:
            data = [[box(), self.para(str(finalize(item)), self.st.cell, self.cell_w(TEXT_W - box_w))]
                    for item in items]
            t = self.grid(data, [box_w, TEXT_W - box_w], header=False, extra=centre)
        else:
            cells = [[self.ev.show(f"step.{k}", {"step": item}) for k in ("action", "who", "when")] for item in items]
            # "Who" and "By when" are at least as wide as their longest word: a word split
            # across lines ("Throughou-t") is hard to read at arm's length.
            side = (32.0 if lam else 34.0) * mm
            who_w, when_w = (max(side, self._longest_word(row[i] for row in cells) + 2 * (self.st.pad + 1) + 2)
                             for i in (1, 2))
            widths = [box_w, TEXT_W - box_w - who_w - when_w, who_w, when_w]
            inner = [self.cell_w(w) for w in widths[1:]]
            data = [[""] + [self.para(h, self.st.cell_bold, w) for h, w in zip(("Action", "Who", "By when"), inner)]]
            for row in cells:
                data.append([box()] + [self.para(text, self.st.cell, w) for text, w in zip(row, inner)])
            t = self.grid(data, widths, header=True, extra=centre)
        self.checklist_tables.append(t)
        out.append(t)

    def b_chart(self, b: Chart, scope: dict, out: list) -> None:
        from mfc_docs.render.charts import chart_drawing

        parts: list[Flowable] = [chart_drawing(b.kind, self.ev.value(b.data_expr, scope), TEXT_W)]
        if b.caption:
            parts.append(self.para(self.ev.render(b.caption, scope), self.st.caption))
        out.append(KeepTogether(parts))
        out.append(Spacer(1, self.st.table_gap))

    def b_photo(self, b: Photo, scope: dict, out: list) -> None:
        path = self.ev.value(b.path_expr, scope)
        caption = self.ev.show(b.caption_expr, scope)
        left_w = (PHOTO_WIDTH_MM + 6) * mm
        cell: list[Flowable] = []
        if path:
            data = clean_photo(Path(str(path)))
            img = PhotoFlowable(data)
            w, h = PHOTO_WIDTH_MM * mm, PHOTO_WIDTH_MM * mm * img.imageHeight / img.imageWidth
            if h > PHOTO_MAX_HEIGHT_MM * mm:
                w, h = w * PHOTO_MAX_HEIGHT_MM * mm / h, PHOTO_MAX_HEIGHT_MM * mm
            img.drawWidth, img.drawHeight = w, h
            img.hAlign = "LEFT"
            cell.append(img)
        else:
            box = RLTable([[self.para(self.ev.render(b.missing_text, scope), self.st.missing, PHOTO_WIDTH_MM * mm - 6)]],
                          colWidths=[PHOTO_WIDTH_MM * mm], rowHeights=[PHOTO_BOX_HEIGHT_MM * mm], hAlign="LEFT",
                          style=table_style([("BOX", (0, 0), (-1, -1), 2.25, hex_colour(MISSING_RED)),
                                            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                            ("LEFTPADDING", (0, 0), (-1, -1), 3),
                                            ("RIGHTPADDING", (0, 0), (-1, -1), 3)]))
            cell.append(box)
        cell.append(Spacer(1, 3))
        cap = ParagraphStyle("cap", parent=self.st.caption)
        cell.append(Paragraph(markup(self.unsplit(caption, cap, left_w)), cap))
        row: list[Any] = [cell]
        widths = [left_w]
        if b.beside is not None:
            inner = self.fields_table(b.beside, scope, TEXT_W - left_w)
            inner.spaceAfter = 0
            row.append(inner)
            widths.append(TEXT_W - left_w)
        out.append(RLTable([row], colWidths=widths, hAlign="LEFT", splitInRow=1, spaceAfter=self.st.table_gap,
                           style=table_style([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                             ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                             ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                             ("TOPPADDING", (0, 0), (-1, -1), 0),
                                             ("BOTTOMPADDING", (0, 0), (-1, -1), 0)])))

    def b_writein(self, b: WriteIn, scope: dict, out: list) -> None:
        # One small table per field, kept together: a page break falls between fields, never
        # inside one (reportlab cannot split a table through its spanned label cell).
        label_w = 58.0 * mm
        fields = []
        for label, expr, lines in b.rows:
            value = self.ev.value(expr, scope)
            label_p = self.para(self.ev.render(label, scope), self.st.cell_bold, self.cell_w(label_w))
            extra = []
            if value:
                data = [[label_p, self.para(str(finalize(value)), self.st.cell, self.cell_w(TEXT_W - label_w))]]
                heights = [0]
            else:
                lines = max(1, int(lines))
                data = [[label_p if i == 0 else "", ""] for i in range(lines)]
                heights = [self.st.line_h] * lines  # a handwriting line, taller if the label needs it
                if lines > 1:
                    extra.append(("SPAN", (0, 0), (0, lines - 1)))
            table = self.grid(data, [label_w, TEXT_W - label_w], header=False, label_col=True, extra=extra,
                              min_heights=heights)
            table.spaceAfter = 0
            fields.append(KeepTogether([table]))
        out.extend(fields)
        out.append(Spacer(1, self.st.table_gap))

    def b_pagebreak(self, b: PageBreak, scope: dict, out: list) -> None:
        out.append(CondPageBreak(b.unless_room_mm * mm) if b.unless_room_mm else RLPageBreak())

    def b_if(self, b: If, scope: dict, out: list) -> None:
        if self.ev.truth(b.condition, scope):
            self.blocks(b.blocks, scope, out)

    def b_foreach(self, b: ForEach, scope: dict, out: list) -> None:
        items = self.ev.items(b.items_expr, scope)
        for i, item in enumerate(items):
            self.blocks(b.blocks, {**scope, b.var: item, "loop": Loop(i, len(items))}, out)

    def band(self) -> RLTable:
        expr = self.layout.page.band_expr
        fill = band_fill(self.ev.value(expr, self.context) if expr else DEFAULT_BAND)
        title = self.ev.show("meta.title", self.context)
        return RLTable([[self.para(title, self.st.band, TEXT_W - 8 * mm)]], colWidths=[TEXT_W], hAlign="LEFT",
                       spaceAfter=self.st.table_gap + 2,
                       style=table_style([("BACKGROUND", (0, 0), (-1, -1), hex_colour(fill)),
                                         ("LEFTPADDING", (0, 0), (-1, -1), 4 * mm),
                                         ("RIGHTPADDING", (0, 0), (-1, -1), 4 * mm),
                                         ("TOPPADDING", (0, 0), (-1, -1), 2.5 * mm),
                                         ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5 * mm)]))

