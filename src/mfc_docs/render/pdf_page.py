"""Page furniture: the header and footer of every page, "Page X of Y", bookmarks.

The header and footer are measured before the build, so the body frame leaves them room;
the canvas keeps every page until the end so each footer can say how many pages there are.
"""

from __future__ import annotations

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph

from .pdf_blocks import HeadingParagraph
from .pdf_eval import Evaluator
from .pdf_speedups import cached_paragraph
from .pdf_styles import FONT, FONT_BOLD, MARGIN, PAGE_H, PAGE_W, TEXT_W, hex_colour, markup, Styles
from .theme import RULE

class PageFurniture:
    """Header and footer text, measured before the build so the frame can make room."""

    TOP = 9 * mm  # from the top edge to the top of the header
    BOTTOM = 8 * mm  # from the bottom edge to the bottom of the footer
    GAP = 4 * mm  # between the header/footer rules and the body

    def __init__(self, context: dict, st: Styles, ev: Evaluator):
        self.st = st
        show = lambda k: ev.show(f"meta.{k}", context)  # noqa: E731
        self.marking = show("marking")
        home, subject = show("home"), show("subject")
        self.right = home + (f" · {subject}" if subject else "")
        self.footer = f"{show('title')} · version {show('version')} · generated {show('generated')}"
        mark_w = pdfmetrics.stringWidth(self.marking, FONT_BOLD, st.header_left.fontSize) + 2
        self.left_w = min(mark_w, TEXT_W * 0.45)
        self.gap_w = 6 * mm
        widest = "Page 1 of 1" if st.laminated else "Page 999 of 999"
        self.page_w = pdfmetrics.stringWidth(widest, FONT, st.footer_right.fontSize) + 2
        # Set once and drawn on every page (drawing a set paragraph leaves it as it was): the same
        # text at the same width, where setting it again on each page was a tenth of drawing a document.
        self.right_w = TEXT_W - self.left_w - self.gap_w
        self._marking_p = self._set(self.marking, st.header_left, self.left_w)
        self._right_p = self._set(self.right, st.header_right, self.right_w)
        self.header_h = max(self._marking_p.height, self._right_p.height)
        self._footer_p: Paragraph | None = None  # set when first drawn: only a drawn page needs it
        self.footer_h = max(self._set(self.footer, st.footer_left, TEXT_W - self.page_w - self.gap_w).height,
                            st.footer_right.leading)

    @staticmethod
    def _set(text: str, style: ParagraphStyle, width: float) -> Paragraph:
        paragraph = cached_paragraph(markup(text), style)
        paragraph.wrap(width, PAGE_H)
        return paragraph

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
        p = self._marking_p
        p.drawOn(canv, MARGIN, top - p.height)
        p = self._right_p
        p.drawOn(canv, PAGE_W - MARGIN - self.right_w, top - p.height)
        canv.setStrokeColor(hex_colour(RULE))
        canv.setLineWidth(0.75)
        y = top - self.header_h - 3
        canv.line(MARGIN, y, PAGE_W - MARGIN, y)

        y = self.BOTTOM + self.footer_h + 3
        canv.line(MARGIN, y, PAGE_W - MARGIN, y)
        p = self._footer_p
        if p is None:
            p = self._footer_p = Paragraph(markup(self.footer), st.footer_left)
            p.wrap(TEXT_W - self.page_w - self.gap_w, PAGE_H)
        p.drawOn(canv, MARGIN, self.BOTTOM + self.footer_h - p.height)
        p = Paragraph(markup(f"Page {page} of {pages}"), st.footer_right)
        p.wrap(self.page_w, PAGE_H)
        p.drawOn(canv, PAGE_W - MARGIN - self.page_w, self.BOTTOM + self.footer_h - p.height)
        canv.restoreState()


class NumberedCanvas(Canvas):
    """Holds every page until the end so each footer can say "Page X of Y"."""

    def __init__(self, *args, furniture: PageFurniture, **kw):
        kw["initialFontName"] = FONT  # otherwise every page's preamble selects Helvetica
        super().__init__(*args, **kw)
        self._furniture = furniture
        self._pages: list[dict] = []

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        self.page_total = total  # read by render_pdf: how many pages the document took
        for i, state in enumerate(self._pages, 1):
            self.__dict__.update(state)
            self._furniture.draw(self, i, total)
            super().showPage()
        super().save()


def _not_drawn(canv, x, y, _sW=0) -> None:
    """A flowable's drawOn while only the page breaks are wanted."""


class LayoutOnlyFrame(Frame):
    """A frame that places flowables exactly as :class:`Frame` does but draws none of them.

    Counting pages needs where each flowable goes (its wrap and split), never its drawing,
    which was a third of the time of the layouts a page-filling search makes.
    """

    def _add(self, flowable, canv, trySplit=0):
        flowable.drawOn = _not_drawn  # shadows the method on this one flowable, only while it is placed
        try:
            return super()._add(flowable, canv, trySplit)
        finally:
            del flowable.drawOn

    add = _add


class DocTemplate(BaseDocTemplate):
    def __init__(self, buf, furniture: PageFurniture, *, layout_only: bool = False, **kw):
        """``layout_only``: pages are laid out (and counted) but nothing is drawn on them."""
        super().__init__(buf, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                         topMargin=PAGE_H - furniture.frame_top, bottomMargin=furniture.frame_bottom,
                         initialFontName=FONT, lang="en-GB", **kw)
        frame = (LayoutOnlyFrame if layout_only else Frame)(MARGIN, furniture.frame_bottom, TEXT_W, furniture.frame_top - furniture.frame_bottom,
                      id="body", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        self._outline_n = 0
        self._outline_level = -1

    def afterFlowable(self, flowable):
        if isinstance(flowable, HeadingParagraph) and flowable.outline:
            key = f"h{self._outline_n}"
            self._outline_n += 1
            # PDF outlines cannot skip a level (a level-2 heading with no level-1 above it)
            level = min(flowable.outline_level, self._outline_level + 1)
            self._outline_level = level
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.outline, key, level=level, closed=False)

