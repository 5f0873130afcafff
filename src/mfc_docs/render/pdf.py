"""Render a :class:`~mfc_docs.documents.blocks.Layout` straight to PDF with reportlab.

The PDF says what the Word document says: both evaluate the same layout
against the same context with the same Jinja environment
(:func:`mfc_docs.render.templates.make_env`), and share the colours, widths
and notice tones in :mod:`mfc_docs.render.templates`.

* One font everywhere: DejaVu Sans (shipped in ``mfc_docs/fonts`` with its
  licence), embedded, so Vietnamese, Polish, Irish and Romanian names print
  correctly. Helvetica is never used, not even for the canvas's initial font.
* Every value is escaped before it reaches a ``Paragraph``; ``\\n`` becomes a line break.
* Tables repeat their header row and split long rows across pages.
* Tick boxes are drawn rectangles, never glyphs.
* Header and footer on every page, with "Page X of Y".
* ``PageStyle(kind="laminated")``: exactly one page, the largest body size
  between ``max_font_size`` and ``min_font_size`` (0.5 pt steps) that fits,
  or :class:`DoesNotFit`.
"""

from __future__ import annotations

import functools
import hashlib
import io
import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    KeepTogether,
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    Image,
    PageBreak as RLPageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table as RLTable,
    TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError

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
from mfc_docs.input.photos import clean_photo
from mfc_docs.input.printable import FONT_FILES
from mfc_docs.render.templates import (
    DEFAULT_BAND,
    HEADER_FILL,
    HEADING_INK,
    INK,
    LABEL_FILL,
    MARGIN_MM,
    MISSING_RED,
    MUTED_INK,
    PHOTO_BOX_HEIGHT_MM,
    PHOTO_MAX_HEIGHT_MM,
    PHOTO_WIDTH_MM,
    RULE,
    TONES,
    _finalize,
    band_fill,
    make_env,
    notice_tone,
)

__all__ = ["render_pdf", "count_pages", "DoesNotFit", "register_fonts", "FONT", "FONT_BOLD", "FONT_OBLIQUE"]

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_OBLIQUE = "DejaVuSans-Oblique"

PAGE_W, PAGE_H = A4
MARGIN = MARGIN_MM * mm
TEXT_W = PAGE_W - 2 * MARGIN


class DoesNotFit(Exception):
    """A laminated sheet does not fit on one page even at the smallest allowed text size."""


@functools.lru_cache(maxsize=1)
def register_fonts() -> None:
    """Register DejaVu Sans (regular, bold, oblique) with reportlab, once."""
    pdfmetrics.registerFont(TTFont(FONT, str(FONT_FILES["regular"])))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONT_FILES["bold"])))
    pdfmetrics.registerFont(TTFont(FONT_OBLIQUE, str(FONT_FILES["oblique"])))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_OBLIQUE, boldItalic=FONT_BOLD)


def _hex(c: str) -> colors.Color:
    return colors.HexColor("#" + c.lstrip("#"))


# --------------------------------------------------------------------------
# Evaluating the layout's Jinja against the context
# --------------------------------------------------------------------------


class _Loop:
    """The parts of Jinja's ``loop`` variable a layout may use."""

    def __init__(self, i: int, n: int):
        self.index0, self.index, self.length = i, i + 1, n
        self.first, self.last = i == 0, i == n - 1
        self.revindex, self.revindex0 = n - i, n - i - 1


_DOTTED_PATH = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")


def _path_lookup(src: str):
    """``a.b.c`` looked up as Jinja does (attribute first, then key), strict about anything missing."""
    from jinja2.exceptions import UndefinedError

    first, *rest = src.split(".")

    def lookup(scope: dict) -> Any:
        if first not in scope:
            raise UndefinedError(f"'{first}' is undefined")
        value = scope[first]
        for name in rest:
            try:
                value = getattr(value, name)
            except AttributeError:
                try:
                    value = value[name]
                except (KeyError, TypeError, IndexError):
                    raise UndefinedError(f"'{name}' is undefined in '{src}'") from None
        return value

    return lookup


class _Eval:
    def __init__(self) -> None:
        self.env = make_env(autoescape=False)
        self._exprs: dict[str, Any] = {}
        self._templates: dict[str, Any] = {}

    def value(self, src: str, scope: dict) -> Any:
        fn = self._exprs.get(src)
        if fn is None:
            if _DOTTED_PATH.fullmatch(src):  # most expressions are plain paths: no Jinja context needed
                fn = self._exprs[src] = _path_lookup(src)
            else:
                fn = self._exprs[src] = self.env.compile_expression(src, undefined_to_none=False)
        return fn(scope)

    def truth(self, src: str, scope: dict) -> bool:
        return bool(self.value(src, scope))

    def items(self, src: str, scope: dict) -> list:
        v = self.value(src, scope)
        return list(v) if v else []

    def show(self, src: str, scope: dict) -> str:
        """An expression as display text, exactly as ``{{ expr }}`` prints it."""
        return str(_finalize(self.value(src, scope)))

    def render(self, text: str, scope: dict) -> str:
        if "{" not in text:  # plain wording: nothing to fill in
            return text
        t = self._templates.get(text)
        if t is None:
            t = self._templates[text] = self.env.from_string(text)
        return t.render(scope)


# Binary (compressed) streams: ASCII85 text encoding only makes files bigger and slower to write.
rl_config.useA85 = 0

_FRAGMENTS: dict[tuple, list] = {}
_FIT_HINTS: dict[tuple[int, str], int] = {}  # (layout, fit group) -> index of the size the last sheet fitted at


class _Paragraph(Paragraph):
    """A Paragraph that breaks its lines once per width.

    reportlab wraps a table cell's paragraph two or three times at the same width (to
    size the row, to try a split, to draw it); the lines depend only on the width.
    """

    _wrapped_width: float | None = None

    def wrap(self, availWidth, availHeight):
        if self._wrapped_width == availWidth and "blPara" in self.__dict__:  # reportlab may drop it
            return self.width, self.height
        result = super().wrap(availWidth, availHeight)
        self._wrapped_width = availWidth
        return result


def _paragraph(markup: str, style: ParagraphStyle) -> Paragraph:
    """A Paragraph, reusing the parse of the same text in the same style.

    Labels, headers and a child's facts recur across documents; reportlab parses each
    paragraph's text with an HTML parser, which was an eighth of a document's time.
    Each paragraph gets its own copies of the fragments, so none is shared.
    """
    key = (markup, style.name, style.fontName, style.fontSize, style.leading, repr(style.textColor))
    cached = _FRAGMENTS.get(key)
    if cached is None:
        paragraph = _Paragraph(markup, style)
        if len(_FRAGMENTS) < 50_000:
            _FRAGMENTS[key] = [fragment.clone() for fragment in paragraph.frags]
        return paragraph
    return _Paragraph(markup, style, frags=[fragment.clone() for fragment in cached])


_SHARED_EVAL: _Eval | None = None


def _shared_eval() -> _Eval:
    """One evaluator for every document, so each expression is compiled once per run."""
    global _SHARED_EVAL
    if _SHARED_EVAL is None:
        _SHARED_EVAL = _Eval()
    return _SHARED_EVAL


def _tstyle(cmds: list) -> TableStyle:
    """A TableStyle whose text cells use DejaVu Sans (reportlab's default is Helvetica)."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT)] + list(cmds))


# A UK or international phone number written with spaces: kept on one line when text wraps. Its
# groups are one space apart, or several when the next group does not start with 0 (which would
# be the next number: "01632 960100  07700 900123" is two numbers).
_PHONE = re.compile(r"(?<![\w+])(?:\+\d{1,3} *(?:\(0\) *)?|0)\d{2,5}(?:(?: |  +(?!0))\d{2,6}){1,2}(?!\d)")
_SPACES = re.compile(r" {2,}")


def _spaced(text: str) -> str:
    """Text with its spaces as the PDF sets them.

    The spaces inside a phone number become non-breaking, so "01632 960100" never splits
    over two lines where someone could dial half of it. Of several spaces in a row, all but
    the last stay with the word before them (reportlab would print one): a value is printed
    as it was written, and a line that wraps there does not start indented. Accents typed as
    separate marks are joined to their letters first, as Word shows them.
    """
    text = unicodedata.normalize("NFC", text)
    text = _PHONE.sub(lambda m: m.group(0).replace(" ", "\u00a0"), text)
    return _SPACES.sub(lambda m: "\u00a0" * (len(m.group(0)) - 1) + " ", text)


def _words(text: str) -> list[str]:
    """The words reportlab breaks ``text`` into: split at ordinary spaces only, never a non-breaking one."""
    return [word for word in re.split(r"[ \t\r\n]+", _spaced(text)) if word]


def _markup(text: str) -> str:
    """Plain text -> safe Paragraph markup (escaped, spaces as :func:`_spaced`, newlines as line breaks)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return escape(_spaced(text)).replace("\n", "<br/>")


# --------------------------------------------------------------------------
# Styles
# --------------------------------------------------------------------------


@dataclass
class _Styles:
    size: float
    laminated: bool
    floor: float  # nothing smaller than this (laminated: min_font_size)

    def pt(self, x: float) -> float:
        return max(self.floor, round(x * 2) / 2)

    def __post_init__(self) -> None:
        f = self.size
        lam = self.laminated

        def ps(name: str, size: float, *, font: str = FONT, color: str = INK, before: float = 0,
               after: float = 0, lead: float = 1.25, **kw) -> ParagraphStyle:
            size = self.pt(size)
            return ParagraphStyle(name, fontName=font, fontSize=size, leading=round(size * lead, 2),
                                  textColor=_hex(color), spaceBefore=before, spaceAfter=after,
                                  splitLongWords=1, allowWidows=0, allowOrphans=0, **kw)

        gap = f * 0.45
        self.body = ps("body", f, after=gap)
        self.lead = ps("lead", f * (1.1 if lam else 1.143), after=gap * 1.3)
        self.small = ps("small", f * 0.857, color=INK if lam else "333333", after=gap * 0.8)
        self.strong = ps("strong", f, font=FONT_BOLD, after=gap)
        self.h1 = ps("h1", f * (1.3 if lam else 1.43), font=FONT_BOLD, color=HEADING_INK,
                     before=f * (0.8 if lam else 1.1), after=f * 0.45, keepWithNext=1, lead=1.2)
        self.h2 = ps("h2", f * (1.12 if lam else 1.19), font=FONT_BOLD, color=HEADING_INK,
                     before=f * (0.6 if lam else 0.85), after=f * 0.3, keepWithNext=1, lead=1.2)
        tsize = f if lam else f * 0.952
        self.cell = ps("cell", tsize)
        self.cell_bold = ps("cell_bold", tsize, font=FONT_BOLD)
        self.empty = ps("empty", tsize, font=FONT_OBLIQUE, color=MUTED_INK, after=gap)
        self.notice = ps("notice", f, font=FONT_BOLD)
        self.bullet = ps("bullet", f, after=f * 0.2, leftIndent=f * 1.4, bulletIndent=f * 0.3,
                         bulletFontName=FONT, bulletFontSize=self.pt(f))
        self.caption = ps("caption", f * 0.857, color=INK if lam else "333333")
        self.missing = ps("missing", 16 if not lam else max(18, f + 2), font=FONT_BOLD, color=MISSING_RED,
                          alignment=TA_CENTER, lead=1.2)
        # the laminated title grows and shrinks with the body text, so a dense sheet keeps its room
        self.band = ps("band", min(28.0, max(16.0, f * 1.75)), font=FONT_BOLD, color="FFFFFF", lead=1.15)
        hf = self.floor if lam else 8.5
        self.header_left = ps("header_left", hf, font=FONT_BOLD)
        self.header_right = ps("header_right", hf, color="333333", alignment=TA_RIGHT)
        self.footer_left = ps("footer_left", hf, color="333333", alignment=TA_LEFT)
        self.footer_right = ps("footer_right", hf, color="333333", alignment=TA_RIGHT)
        self.pad = 3.0 if not lam else round(f * 0.25, 1)
        self.table_gap = 6.0 if not lam else round(f * 0.5, 1)
        self.box = self.pt(f) * 1.05
        self.line_h = (9 if not lam else 11) * mm


# --------------------------------------------------------------------------
# Small flowables
# --------------------------------------------------------------------------


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


class _HeadingParagraph(Paragraph):
    """A heading that also becomes a PDF bookmark.

    A heading taller than a page (a name of thousands of letters) is split by reportlab, which
    makes the pieces with ``text=None``: they carry no bookmark of their own.
    """

    def __init__(self, text: str | None, style: ParagraphStyle, outline: str = "", level: int = 0, **kwargs):
        super().__init__(_markup(text) if text is not None else None, style, **kwargs)
        self.outline, self.outline_level = outline, level


# --------------------------------------------------------------------------
# Blocks -> flowables
# --------------------------------------------------------------------------


class _Story:
    def __init__(self, layout: Layout, context: dict, st: _Styles, ev: _Eval):
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
    def para(self, text: str, style: ParagraphStyle) -> Paragraph:
        return _paragraph(_markup(text), style)

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
            cmds.append(("BACKGROUND", (0, 0), (-1, 0), _hex(HEADER_FILL)))
        if label_col:
            cmds.append(("BACKGROUND", (0, 0), (0, -1), _hex(LABEL_FILL)))
        cmds.extend(extra)
        return RLTable(data, colWidths=widths, minRowHeights=min_heights, style=_tstyle(cmds),
                       repeatRows=1 if header else 0,
                       splitInRow=1, hAlign="LEFT", spaceAfter=st.table_gap)

    def _longest_word(self, texts) -> float:
        """Width of the widest single word among ``texts`` in the table cell font."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        words = [word for text in texts for word in _words(str(text))]
        return max((stringWidth(w, self.st.cell.fontName, self.st.cell.fontSize) for w in words), default=0.0)

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
        para = _HeadingParagraph(text, self.st.h1 if level == 1 else self.st.h2, text, level - 1)
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
        text = _markup(self.ev.render(b.text, scope))
        if word:
            text = f'<font color="#{ts.bar}">{escape(word)}</font>\u00a0\u00a0{text}'
        bar = _hex(ts.bar)
        p = Paragraph(text, self.st.notice)
        pad = self.st.pad + 3
        # The bar is a narrow filled column, so it has square ends inside the box.
        # A short notice moves to the next page whole; only a long one is split across pages.
        height = p.wrap(TEXT_W - ts.bar_pt - 2 * pad - 1, PAGE_H)[1]
        split = 1 if height > 60 * mm else 0
        t = RLTable([["", p]], colWidths=[ts.bar_pt, TEXT_W - ts.bar_pt], hAlign="LEFT", splitInRow=split,
                    spaceAfter=self.st.table_gap,
                    style=_tstyle([
                        ("BACKGROUND", (0, 0), (0, -1), bar),
                        ("BACKGROUND", (1, 0), (1, -1), _hex(ts.fill)),
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
        rows = [[self.para(self.ev.render(label, scope), self.st.cell_bold), self.para(self.ev.show(expr, scope), self.st.cell)]
                for label, expr in b.rows]
        return self.grid(rows, [label_w, width - label_w], header=False, label_col=True)

    def b_fields(self, b: Fields, scope: dict, out: list) -> None:
        out.append(self.fields_table(b, scope, TEXT_W))

    def b_table(self, b: Table, scope: dict, out: list) -> None:
        items = self.ev.items(b.items_expr, scope)
        if not items:
            out.append(self.para(self.ev.render(b.empty, scope), self.st.empty))
            return
        data = [[self.para(self.ev.render(h, scope), self.st.cell_bold) for h, _ in b.columns]]
        n = len(items)
        for i, item in enumerate(items):
            row_scope = {**scope, "row": item, "loop": _Loop(i, n)}
            data.append([self.para(self.ev.show(expr, row_scope), self.st.cell) for _, expr in b.columns])
        out.append(self.grid(data, self.widths(b.widths, len(b.columns), TEXT_W), header=True))

    def b_bullets(self, b: Bullets, scope: dict, out: list) -> None:
        items = self.ev.items(b.items_expr, scope)
        if not items:
            out.append(self.para(self.ev.render(b.empty, scope), self.st.empty))
            return
        for item in items:
            out.append(Paragraph(_markup(str(_finalize(item))), self.st.bullet, bulletText="•"))
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
            data = [[box(), self.para(str(_finalize(item)), self.st.cell)] for item in items]
            t = self.grid(data, [box_w, TEXT_W - box_w], header=False, extra=centre)
        else:
            head = [""] + [self.para(h, self.st.cell_bold) for h in ("Action", "Who", "By when")]
            data = [head]
            cells = [[self.ev.show(f"step.{k}", {"step": item}) for k in ("action", "who", "when")] for item in items]
            for row in cells:
                data.append([box()] + [self.para(text, self.st.cell) for text in row])
            # "Who" and "By when" are at least as wide as their longest word: a word split
            # across lines ("Throughou-t") is hard to read at arm's length.
            side = (32.0 if lam else 34.0) * mm
            who_w, when_w = (max(side, self._longest_word(row[i] for row in cells) + 2 * (self.st.pad + 1) + 2)
                             for i in (1, 2))
            t = self.grid(data, [box_w, TEXT_W - box_w - who_w - when_w, who_w, when_w], header=True, extra=centre)
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
            img = _Photo(data)
            w, h = PHOTO_WIDTH_MM * mm, PHOTO_WIDTH_MM * mm * img.imageHeight / img.imageWidth
            if h > PHOTO_MAX_HEIGHT_MM * mm:
                w, h = w * PHOTO_MAX_HEIGHT_MM * mm / h, PHOTO_MAX_HEIGHT_MM * mm
            img.drawWidth, img.drawHeight = w, h
            img.hAlign = "LEFT"
            cell.append(img)
        else:
            box = RLTable([[self.para(self.ev.render(b.missing_text, scope), self.st.missing)]],
                          colWidths=[PHOTO_WIDTH_MM * mm], rowHeights=[PHOTO_BOX_HEIGHT_MM * mm], hAlign="LEFT",
                          style=_tstyle([("BOX", (0, 0), (-1, -1), 2.25, _hex(MISSING_RED)),
                                            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                            ("LEFTPADDING", (0, 0), (-1, -1), 3),
                                            ("RIGHTPADDING", (0, 0), (-1, -1), 3)]))
            cell.append(box)
        cell.append(Spacer(1, 3))
        cap = ParagraphStyle("cap", parent=self.st.caption)
        cell.append(Paragraph(_markup(caption), cap))
        row: list[Any] = [cell]
        widths = [left_w]
        if b.beside is not None:
            inner = self.fields_table(b.beside, scope, TEXT_W - left_w)
            inner.spaceAfter = 0
            row.append(inner)
            widths.append(TEXT_W - left_w)
        out.append(RLTable([row], colWidths=widths, hAlign="LEFT", splitInRow=1, spaceAfter=self.st.table_gap,
                           style=_tstyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
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
            label_p = self.para(self.ev.render(label, scope), self.st.cell_bold)
            extra = []
            if value:
                data = [[label_p, self.para(str(_finalize(value)), self.st.cell)]]
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
        out.append(RLPageBreak())

    def b_if(self, b: If, scope: dict, out: list) -> None:
        if self.ev.truth(b.condition, scope):
            self.blocks(b.blocks, scope, out)

    def b_foreach(self, b: ForEach, scope: dict, out: list) -> None:
        items = self.ev.items(b.items_expr, scope)
        for i, item in enumerate(items):
            self.blocks(b.blocks, {**scope, b.var: item, "loop": _Loop(i, len(items))}, out)

    def band(self) -> RLTable:
        expr = self.layout.page.band_expr
        fill = band_fill(self.ev.value(expr, self.context) if expr else DEFAULT_BAND)
        title = self.ev.show("meta.title", self.context)
        return RLTable([[self.para(title, self.st.band)]], colWidths=[TEXT_W], hAlign="LEFT",
                       spaceAfter=self.st.table_gap + 2,
                       style=_tstyle([("BACKGROUND", (0, 0), (-1, -1), _hex(fill)),
                                         ("LEFTPADDING", (0, 0), (-1, -1), 4 * mm),
                                         ("RIGHTPADDING", (0, 0), (-1, -1), 4 * mm),
                                         ("TOPPADDING", (0, 0), (-1, -1), 2.5 * mm),
                                         ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5 * mm)]))


# --------------------------------------------------------------------------
# Page furniture: header, footer, page X of Y
# --------------------------------------------------------------------------


class _Furniture:
    """Header and footer text, measured before the build so the frame can make room."""

    TOP = 9 * mm  # from the top edge to the top of the header
    BOTTOM = 8 * mm  # from the bottom edge to the bottom of the footer
    GAP = 4 * mm  # between the header/footer rules and the body

    def __init__(self, context: dict, st: _Styles, ev: _Eval):
        self.st = st
        show = lambda k: ev.show(f"meta.{k}", context)  # noqa: E731
        self.marking = show("marking")
        home, subject = show("home"), show("subject")
        self.right = home + (f" · {subject}" if subject else "")
        self.footer = f"{show('title')} · version {show('version')} · generated {show('generated')}"
        st_ = st
        mark_w = pdfmetrics.stringWidth(self.marking, FONT_BOLD, st_.header_left.fontSize) + 2
        self.left_w = min(mark_w, TEXT_W * 0.45)
        self.gap_w = 6 * mm
        widest = "Page 1 of 1" if st.laminated else "Page 999 of 999"
        self.page_w = pdfmetrics.stringWidth(widest, FONT, st_.footer_right.fontSize) + 2
        self.header_h = max(self._para_h(self.marking, st_.header_left, self.left_w),
                            self._para_h(self.right, st_.header_right, TEXT_W - self.left_w - self.gap_w))
        self.footer_h = max(self._para_h(self.footer, st_.footer_left, TEXT_W - self.page_w - self.gap_w),
                            st_.footer_right.leading)

    @staticmethod
    def _para_h(text: str, style: ParagraphStyle, width: float) -> float:
        return _paragraph(_markup(text), style).wrap(width, PAGE_H)[1]

    @property
    def frame_top(self) -> float:
        return PAGE_H - self.TOP - self.header_h - 3 - self.GAP

    @property
    def frame_bottom(self) -> float:
        return self.BOTTOM + self.footer_h + 3 + self.GAP

    def draw(self, canv: Canvas, page: int, pages: int) -> None:
        st = self.st
        canv.saveState()
        top = PAGE_H - self.TOP
        p = _paragraph(_markup(self.marking), st.header_left)
        _, h = p.wrap(self.left_w, PAGE_H)
        p.drawOn(canv, MARGIN, top - h)
        right_w = TEXT_W - self.left_w - self.gap_w
        p = _paragraph(_markup(self.right), st.header_right)
        _, h = p.wrap(right_w, PAGE_H)
        p.drawOn(canv, PAGE_W - MARGIN - right_w, top - h)
        canv.setStrokeColor(_hex(RULE))
        canv.setLineWidth(0.75)
        y = top - self.header_h - 3
        canv.line(MARGIN, y, PAGE_W - MARGIN, y)

        y = self.BOTTOM + self.footer_h + 3
        canv.line(MARGIN, y, PAGE_W - MARGIN, y)
        p = Paragraph(_markup(self.footer), st.footer_left)
        p.wrap(TEXT_W - self.page_w - self.gap_w, PAGE_H)
        p.drawOn(canv, MARGIN, self.BOTTOM + self.footer_h - p.height)
        p = Paragraph(_markup(f"Page {page} of {pages}"), st.footer_right)
        p.wrap(self.page_w, PAGE_H)
        p.drawOn(canv, PAGE_W - MARGIN - self.page_w, self.BOTTOM + self.footer_h - p.height)
        canv.restoreState()


class _NumberedCanvas(Canvas):
    """Holds every page until the end so each footer can say "Page X of Y"."""

    def __init__(self, *args, furniture: _Furniture, **kw):
        kw["initialFontName"] = FONT  # otherwise every page's preamble selects Helvetica
        super().__init__(*args, **kw)
        self._furniture = furniture
        self._pages: list[dict] = []

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        self.page_total = total
        for i, state in enumerate(self._pages, 1):
            self.__dict__.update(state)
            self._furniture.draw(self, i, total)
            super().showPage()
        super().save()


class _Doc(BaseDocTemplate):
    def __init__(self, buf, furniture: _Furniture, **kw):
        super().__init__(buf, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                         topMargin=PAGE_H - furniture.frame_top, bottomMargin=furniture.frame_bottom,
                         initialFontName=FONT, lang="en-GB", **kw)
        frame = Frame(MARGIN, furniture.frame_bottom, TEXT_W, furniture.frame_top - furniture.frame_bottom,
                      id="body", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        self._outline_n = 0
        self._outline_level = -1
        self.page_total = 0

    def afterFlowable(self, flowable):
        if isinstance(flowable, _HeadingParagraph) and flowable.outline:
            key = f"h{self._outline_n}"
            self._outline_n += 1
            # PDF outlines cannot skip a level (a level-2 heading with no level-1 above it)
            level = min(flowable.outline_level, self._outline_level + 1)
            self._outline_level = level
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.outline, key, level=level, closed=False)


class _JpegReader(ImageReader):
    """A cleaned photo (always a JPEG), drawn without decoding its pixels.

    reportlab embeds a JPEG's bytes as they are, but first names the image by hashing
    its decoded pixels, which took 5 ms a photo, as long as the rest of a response card.
    Here the name comes from the JPEG's own bytes: the same photo, the same name.
    """

    def __init__(self, data: bytes) -> None:
        super().__init__(io.BytesIO(data))
        if getattr(self._image, "format", None) != "JPEG":
            raise ValueError("only a JPEG can be drawn without decoding")
        self._dataA = None  # no transparency in a JPEG
        self._signature = b"jpeg:" + hashlib.sha256(data).digest()

    def getRGBData(self) -> bytes:  # only read for the image's name: a JPEG is embedded as it is
        return self._signature


class _Photo(Image):
    """A photo flowable drawn through :class:`_JpegReader`."""

    def __init__(self, data: bytes) -> None:
        super().__init__(io.BytesIO(data))
        self._reader = _JpegReader(data)

    def draw(self) -> None:
        self.canv.drawImage(self._reader, getattr(self, "_offs_x", 0), getattr(self, "_offs_y", 0),
                            self.drawWidth, self.drawHeight, mask=self._mask)


def _build(layout: Layout, context: dict, st: _Styles, *, title: str, subject: str, author: str,
           ev: _Eval, story: list | None = None) -> tuple[bytes, int, _Story, _Doc]:
    """Draw the PDF; ``story`` is one already made (and measured) at these styles, to reuse."""
    furniture = _Furniture(context, st, ev)
    story_builder = _Story(layout, context, st, ev)
    story = (story if story is not None else story_builder.build()) or [Spacer(1, 1)]  # all hidden: one empty page
    buf = io.BytesIO()
    doc = _Doc(buf, furniture, title=title, author=author, subject=subject, creator="mfc-docs",
               producer="mfc-docs (ReportLab)", keywords="")
    holder: dict[str, _NumberedCanvas] = {}

    def maker(*a, **kw):
        c = _NumberedCanvas(*a, furniture=furniture, **kw)
        holder["c"] = c
        return c

    doc.build(story, canvasmaker=maker)
    pages = getattr(holder["c"], "page_total", 0)
    return buf.getvalue(), pages, story_builder, doc


def render_pdf(layout: Layout, context: dict, *, title: str, subject: str, author: str,
               allow_overflow: bool = False, fit_group: str = "") -> bytes:
    """Render ``layout`` against ``context`` as PDF bytes.

    Raises jinja2's ``UndefinedError`` for a value the context lacks,
    ``ValueError`` for a bad tone or band colour, ``PhotoError`` for an
    unusable photo and :class:`DoesNotFit` when a laminated sheet cannot be
    set on one page at ``min_font_size`` or larger, unless ``allow_overflow``,
    when it is set at ``min_font_size`` over as many pages as it needs. Sheets of one
    ``fit_group`` start the search for their text size where the last one fitted.
    """
    register_fonts()
    ev = _shared_eval()
    page = layout.page
    if page.kind != "laminated":
        data, _, _, _ = _build(layout, context, _Styles(page.body_size, False, 0.0), title=title, subject=subject,
                               author=author, ev=ev)
        return data

    lo, hi = float(page.min_font_size), float(page.max_font_size)
    if lo <= 0 or hi < lo:
        raise ValueError(f"laminated font sizes must satisfy 0 < min ({lo}) <= max ({hi})")
    steps = int(round((hi - lo) / 0.5))
    sizes = [hi - 0.5 * i for i in range(steps + 1)]
    if sizes[-1] > lo:
        sizes.append(lo)

    def one_page_at(index: int, story: list | None = None) -> bytes | None:
        st = _Styles(sizes[index], True, lo)
        try:
            data, pages, _, _ = _build(layout, context, st, title=title, subject=subject, author=author, ev=ev,
                                       story=story)
        except LayoutError:
            return None
        return data if pages == 1 else None

    def probe(index: int) -> tuple[bool, int, list]:
        """Measure the story at this size (layout only: no drawing, no PDF): does it look as if it
        fits one page, and at which size would it just fit if its height grew with the square of the size?"""
        total, avail, breaks, story = _story_height(layout, context, _Styles(sizes[index], True, lo), ev)
        if breaks:
            return False, len(sizes) - 1, story
        wanted = sizes[index] * math.sqrt(max(avail, 0.0) / total) if total > 0 else hi
        guess = min(len(sizes) - 1, max(0, math.ceil((hi - wanted) / 0.5 - 1e-9)))
        return total <= avail, guess, story

    # Find the largest size that seems to fit by measuring, then build once to confirm, stepping
    # down if the real page disagrees. The story measured at the chosen size is the one drawn.
    # Sheets of one group (each child's card) usually fit at about the same size: the search
    # starts where the last one fitted.
    hint_key = (id(layout), fit_group)
    hint = _FIT_HINTS.get(hint_key)
    found = _search_fit(len(sizes), hint if hint is not None and hint < len(sizes) else len(sizes) // 2, probe)
    start = found[0] if found else len(sizes) - 1
    _FIT_HINTS[hint_key] = start
    for index in range(start, len(sizes)):
        data = one_page_at(index, found[1] if found and index == found[0] else None)
        if data is not None:
            return data
    if allow_overflow:
        data, _, _, _ = _build(layout, context, _Styles(lo, True, lo), title=title, subject=subject, author=author,
                               ev=ev)
        return data
    raise DoesNotFit(_overflow_message(layout, context, _Styles(lo, True, lo), ev))


def _search_fit(count: int, first: int, probe: Callable[[int], tuple[bool, int, Any]]) -> tuple[int, Any] | None:
    """The first of ``count`` sizes (largest first) that fits, and what ``probe`` gave for it; None if none fits.

    A smaller size never needs more room, so one probe that fits rules out every smaller size
    and one that does not rules out every larger one. ``probe(i)`` says whether size ``i``
    fits, which size it expects to be the answer, and what to keep. The next probe is that
    guess, kept inside the sizes not yet ruled out, so a good guess ends the search in two.
    """
    too_big, fits_from = -1, count  # sizes up to too_big do not fit; sizes from fits_from on do
    found = None
    index = first
    while too_big + 1 < fits_from:
        fits, guess, kept = probe(index)
        if fits:
            fits_from, found = index, (index, kept)
        else:
            too_big = index
        index = min(max(guess, too_big + 1), fits_from - 1)
    return found


def _story_height(layout: Layout, context: dict, st: _Styles, ev: _Eval, builder: "_Story | None" = None
                  ) -> tuple[float, float, int, list]:
    """Height the story needs at these styles, the height one page offers, the page breaks in it, and the story."""
    furniture = _Furniture(context, st, ev)
    avail = furniture.frame_top - furniture.frame_bottom
    story = (builder or _Story(layout, context, st, ev)).build()
    flowables = [f for f in story if not isinstance(f, RLPageBreak)]
    breaks = len(story) - len(flowables)
    return _frame_height(flowables, avail), avail, breaks, story


@functools.lru_cache(maxsize=1)
def _measuring_canvas() -> Canvas:
    """A canvas nothing is drawn on, for flowables that look at theirs while being measured."""
    return Canvas(io.BytesIO(), pagesize=A4, initialFontName=FONT)


def _frame_height(flowables: list, avail: float) -> float:
    """The height a frame uses to place these flowables, reckoned as reportlab's ``Frame._add`` does.

    No space above the first; between two flowables the larger of the space after one and
    the space before the next (reportlab overlaps them); the space after the last is not needed.
    """
    overlap = rl_config.overlapAttachedSpace
    total = 0.0
    previous_after = 0.0
    needed = 0.0
    at_top = True
    for f in flowables:
        zero_size = getattr(f, "_ZEROSIZE", False)
        before = 0.0
        if not at_top:
            before = f.getSpaceBefore()
            if overlap:
                if getattr(f, "_SPACETRANSFER", False) or zero_size:
                    before = previous_after
                before = max(before - previous_after, 0.0)
        _, h = f.wrapOn(_measuring_canvas(), TEXT_W, avail)  # some flowables (KeepTogether) need a canvas
        needed = total + before + h  # where this flowable ends: the frame checks this against its height
        after = f.getSpaceAfter()
        total = needed + after
        if overlap:
            previous_after = previous_after if getattr(f, "_SPACETRANSFER", False) else after
        if before + h + after:
            at_top = False
    return needed


def _overflow_message(layout: Layout, context: dict, st: _Styles, ev: _Eval) -> str:
    builder = _Story(layout, context, st, ev)
    total, avail, breaks, _ = _story_height(layout, context, st, ev, builder)
    title = ev.show("meta.title", context)
    size = f"{st.size:g} pt"
    if breaks:
        return (f"'{title}' is a laminated sheet and must be one page, but its layout has "
                f"{breaks} page break(s); remove them")
    over = max(total - avail, 0.0)
    lines = max(1, math.ceil(over / st.body.leading))
    msg = (f"'{title}' does not fit on one laminated page even with text at the smallest allowed size "
           f"({size}): cut about {lines} line{'s' if lines != 1 else ''} of text")
    row_heights = [h for t in builder.checklist_tables for h in (t._rowHeights or [])[1:]]
    if row_heights:
        avg = sum(row_heights) / len(row_heights)
        n = max(1, math.ceil(over / avg)) if over > 0 else 1
        msg += f" (about {n} checklist step{'s' if n != 1 else ''} of average length)"
    return msg + ", shorten the wording, or move detail into the procedure document."


def count_pages(pdf_bytes: bytes) -> int:
    """Number of pages in a PDF written by :func:`render_pdf` (reads the page tree; no PDF library)."""
    best = 0
    for m in re.finditer(rb"<<(?:(?!<<|>>).)*?/Type\s*/Pages\b(?:(?!<<|>>).)*?>>", pdf_bytes, re.S):
        c = re.search(rb"/Count\s+(\d+)", m.group(0))
        if c:
            best = max(best, int(c.group(1)))
    if best:
        return best
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf_bytes))
