"""The laminated size search: the largest text size at which a sheet fits one page.

Measuring a story is much cheaper than drawing it, so sizes are tried by measuring (as
reportlab's frame would place the flowables) and only the chosen one is drawn to confirm.
"""

from __future__ import annotations

import functools
import io
import math
from typing import Any, Callable

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import PageBreak as RLPageBreak

from ..documents.blocks import Layout
from .pdf_blocks import StoryBuilder
from .pdf_eval import Evaluator
from .pdf_page import PageFurniture
from .pdf_styles import FONT, TEXT_W, Styles

def search_fit(count: int, first: int, probe: Callable[[int], tuple[bool, int, Any]]) -> tuple[int, Any] | None:
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


def story_height(layout: Layout, context: dict, st: Styles, ev: Evaluator, builder: "StoryBuilder | None" = None
                  ) -> tuple[float, float, int, list]:
    """Height the story needs at these styles, the height one page offers, the page breaks in it, and the story."""
    furniture = PageFurniture(context, st, ev)
    avail = furniture.frame_top - furniture.frame_bottom
    story = (builder or StoryBuilder(layout, context, st, ev)).build()
    flowables = [f for f in story if not isinstance(f, RLPageBreak)]
    breaks = len(story) - len(flowables)
    return frame_height(flowables, avail), avail, breaks, story


@functools.lru_cache(maxsize=1)
def measuring_canvas() -> Canvas:
    """A canvas nothing is drawn on, for flowables that look at theirs while being measured."""
    return Canvas(io.BytesIO(), pagesize=A4, initialFontName=FONT)


def frame_height(flowables: list, avail: float) -> float:
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
        _, h = f.wrapOn(measuring_canvas(), TEXT_W, avail)  # some flowables (KeepTogether) need a canvas
        needed = total + before + h  # where this flowable ends: the frame checks this against its height
        after = f.getSpaceAfter()
        total = needed + after
        if overlap:
            previous_after = previous_after if getattr(f, "_SPACETRANSFER", False) else after
        if before + h + after:
            at_top = False
    return needed


def overflow_message(layout: Layout, context: dict, st: Styles, ev: Evaluator) -> str:
    builder = StoryBuilder(layout, context, st, ev)
    total, avail, breaks, _ = story_height(layout, context, st, ev, builder)
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
