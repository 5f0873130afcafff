"""Render a :class:`~mfc_docs.documents.blocks.Layout` straight to PDF with reportlab.

The PDF says what the Word document says: both evaluate the same layout
against the same context with the same Jinja environment
(:func:`mfc_docs.render.jinja_env.make_env`), and share the colours, widths
and notice tones in :mod:`mfc_docs.render.theme`.

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

The work is split by job: ``pdf_eval`` (expressions), ``pdf_speedups`` (faster reportlab),
``pdf_styles`` (fonts, styles, markup), ``pdf_blocks`` (blocks -> flowables), ``pdf_page``
(header, footer, page X of Y) and ``pdf_fit`` (the laminated size search); this module puts
them together.
"""

from __future__ import annotations

import io
import math
import re

from reportlab.platypus import Spacer
from reportlab.platypus.doctemplate import LayoutError

from ..documents.blocks import Layout
from .pdf_blocks import StoryBuilder
from .pdf_eval import Evaluator, shared_evaluator
from .pdf_fit import overflow_message, search_fit, story_height
from .pdf_page import DocTemplate, PageFurniture, NumberedCanvas
from .pdf_styles import FONT, FONT_BOLD, FONT_OBLIQUE, Styles, register_fonts

__all__ = ["render_pdf", "render_pdf_counted", "fits_one_page", "count_pages", "DoesNotFit", "register_fonts", "FONT", "FONT_BOLD", "FONT_OBLIQUE"]


class DoesNotFit(Exception):
    """A laminated sheet does not fit on one page even at the smallest allowed text size."""



_FIT_HINTS: dict[tuple[int, str], int] = {}  # (layout, fit group) -> index of the size the last sheet fitted at


class _PageCounter(NumberedCanvas):
    """Lays out like the real canvas and counts its pages, but writes no PDF (see :func:`fits_one_page`)."""

    def save(self):
        self.page_total = len(self._pages)


def _build(layout: Layout, context: dict, st: Styles, *, title: str, subject: str, author: str,
           ev: Evaluator, story: list | None = None, count_only: bool = False) -> tuple[bytes, int]:
    """Draw the PDF; ``story`` is one already made (and measured) at these styles, to reuse.

    ``count_only``: lay the pages out and count them, without drawing anything on them or
    writing the file (the bytes returned are empty). The page breaks are the same: the
    header and footer are drawn at the end, in room the frame leaves them.
    """
    furniture = PageFurniture(context, st, ev)
    if story is None:
        story = StoryBuilder(layout, context, st, ev).build()
    story = story or [Spacer(1, 1)]  # all hidden: one empty page
    buf = io.BytesIO()
    doc = DocTemplate(buf, furniture, layout_only=count_only, title=title, author=author, subject=subject,
                      creator="mfc-docs", producer="mfc-docs (ReportLab)", keywords="")
    holder: dict[str, NumberedCanvas] = {}

    def maker(*a, **kw):
        c = (_PageCounter if count_only else NumberedCanvas)(*a, furniture=furniture, **kw)
        holder["c"] = c
        return c

    doc.build(story, canvasmaker=maker)
    pages = getattr(holder["c"], "page_total", 0)
    return (b"" if count_only else buf.getvalue()), pages


def fits_one_page(layout: Layout, context: dict) -> bool:
    """Whether :func:`render_pdf` would set ``layout`` on one page (raises what it raises, and
    :class:`DoesNotFit` for a laminated sheet that fits at no allowed size).

    The same layout as a render, without drawing or writing the PDF: a search for how many
    optional items fit a page (``render.fill``) asks this several times per document.
    """
    register_fonts()
    page = layout.page
    if page.kind != "laminated":
        return _render(layout, context, title="", subject="", author="", count_only=True)[1] == 1
    # A smaller size never needs more room: a sheet fits at some allowed size when it fits at the
    # smallest, so one layout there answers (the size search is for drawing, not for this question).
    lo = float(page.min_font_size)
    if lo <= 0 or float(page.max_font_size) < lo:
        raise ValueError(f"laminated font sizes must satisfy 0 < min ({lo}) <= max ({float(page.max_font_size)})")
    try:
        pages = _build(layout, context, Styles(lo, True, lo), title="", subject="", author="",
                       ev=shared_evaluator(), count_only=True)[1]
    except LayoutError:
        pages = 0
    if pages != 1:
        raise DoesNotFit("does not fit on one page at the smallest allowed text size")  # not shown: fill asks
    return True


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
    return render_pdf_counted(layout, context, title=title, subject=subject, author=author,
                              allow_overflow=allow_overflow, fit_group=fit_group)[0]


def render_pdf_counted(layout: Layout, context: dict, *, title: str, subject: str, author: str,
                       allow_overflow: bool = False, fit_group: str = "") -> tuple[bytes, int]:
    """:func:`render_pdf` and how many pages it set, as the canvas counted them while writing them
    (what :func:`count_pages` reads back from the file, without reading the file)."""
    return _render(layout, context, title=title, subject=subject, author=author, allow_overflow=allow_overflow,
                   fit_group=fit_group)


def _render(layout: Layout, context: dict, *, title: str, subject: str, author: str,
            allow_overflow: bool = False, fit_group: str = "", count_only: bool = False) -> tuple[bytes, int]:
    """:func:`render_pdf`, also giving the page count; with ``count_only``, the count and no PDF."""
    register_fonts()
    ev = shared_evaluator()
    page = layout.page
    if page.kind != "laminated":
        return _build(layout, context, Styles(page.body_size, False, 0.0), title=title, subject=subject,
                      author=author, ev=ev, count_only=count_only)

    lo, hi = float(page.min_font_size), float(page.max_font_size)
    if lo <= 0 or hi < lo:
        raise ValueError(f"laminated font sizes must satisfy 0 < min ({lo}) <= max ({hi})")
    steps = int(round((hi - lo) / 0.5))
    sizes = [hi - 0.5 * i for i in range(steps + 1)]
    if sizes[-1] > lo:
        sizes.append(lo)

    def one_page_at(index: int, story: list | None = None) -> bytes | None:
        st = Styles(sizes[index], True, lo)
        try:
            data, pages = _build(layout, context, st, title=title, subject=subject, author=author, ev=ev,
                                       story=story, count_only=count_only)
        except LayoutError:
            return None
        return data if pages == 1 else None  # with count_only, b"": not None, so one page

    def probe(index: int) -> tuple[bool, int, list]:
        """Measure the story at this size (layout only: no drawing, no PDF): does it look as if it
        fits one page, and at which size would it just fit if its height grew with the square of the size?"""
        total, avail, breaks, story = story_height(layout, context, Styles(sizes[index], True, lo), ev)
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
    found = search_fit(len(sizes), hint if hint is not None and hint < len(sizes) else len(sizes) // 2, probe)
    start = found[0] if found else len(sizes) - 1
    _FIT_HINTS[hint_key] = start
    for index in range(start, len(sizes)):
        data = one_page_at(index, found[1] if found and index == found[0] else None)
        if data is not None:
            return data, 1
    if allow_overflow:
        return _build(layout, context, Styles(lo, True, lo), title=title, subject=subject, author=author,
                      ev=ev, count_only=count_only)
    raise DoesNotFit(overflow_message(layout, context, Styles(lo, True, lo), ev))


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
