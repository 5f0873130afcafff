"""Fill a page by measuring it: as many of a document's optional items as its page holds.

A response card or the police pack's first page must be one side. Cutting lists
by a count of characters leaves a page half empty for one child and overfull for
the next; here the PDF is set and measured instead. The largest number of items
that fits is found by halving (a few one-page renders), and the Word version then
prints the same items, because both are rendered from the context chosen here.
"""

from __future__ import annotations

from dataclasses import replace

from ..documents.base import Document, Fill
from ..documents.blocks import Layout
from ..input.validation_cache import recall_count, remember_count
from .pdf import DoesNotFit, fits_one_page


def _fits(layout: Layout, context: dict) -> bool:
    try:
        return fits_one_page(layout, context)  # laid out as the PDF would be, without writing it
    except DoesNotFit:
        return False


def _measured_layout(layout: Layout, fill: Fill) -> Layout:
    """What must fit one page: the fill's blocks (or the whole layout), at the fill's text size if it has one."""
    page = layout.page
    if fill.text_size is not None:
        page = replace(page, min_font_size=fill.text_size, max_font_size=max(fill.text_size, page.max_font_size))
    return Layout(blocks=fill.blocks if fill.blocks is not None else layout.blocks, page=page)


# (what is measured, text size, items, minimum) -> how many the last such document showed. A provider's
# homes, or one child's card and pack built again, usually show as many as last time: trying that
# number and the next first ends the search in two layouts instead of three or four.
_LAST_CHOSEN: dict[tuple, int] = {}


def fill_context(layout: Layout, context: dict, fill: Fill | None, *, remembered_as: str | None = None) -> dict:
    """The context showing as many of ``fill``'s optional items as fit (see :class:`Fill`).

    Showing one more item never takes less room, so one layout that fits rules out every
    smaller number and one that does not rules out every larger one; the answer is the same
    whichever numbers are tried first. ``remembered_as`` names the document for a search that
    starts where the last one for it ended in an earlier run (``input.validation_cache``).
    """
    if fill is None or fill.count <= fill.minimum:
        return context if fill is None else fill.with_items(context, fill.count)
    key = (id(fill.blocks) if fill.blocks is not None else id(layout), fill.text_size, fill.count, fill.minimum)
    layout = _measured_layout(layout, fill)
    low, high = fill.minimum, fill.count  # low always shown; find the most that fit, up to high

    def narrow(count: int) -> None:
        nonlocal low, high
        if _fits(layout, fill.with_items(context, count)):
            low = count
        else:
            high = count - 1

    last = _LAST_CHOSEN.get(key)
    if last is None and remembered_as:
        last = recall_count(remembered_as)
    if last is not None:
        for count in (last, last + 1):
            if low < count <= high:
                narrow(count)
    elif low < high:
        narrow(high)  # everything fits: one layout
    while low < high:
        narrow((low + high + 1) // 2)
    if len(_LAST_CHOSEN) < 10_000:
        _LAST_CHOSEN[key] = low
    if remembered_as:
        remember_count(remembered_as, low)
    return fill.with_items(context, low)


def filled(document: Document) -> Document:
    """The document with its optional items chosen, ready to render in every format.

    Its search starts where the last build's search for the same file ended, when the build remembers
    (``input.validation_cache``; a report's own page 1 is remembered under another name)."""
    if document.fill is None:
        return document
    context = fill_context(document.layout, document.context, document.fill,
                           remembered_as=f"built {document.relative_path('pdf')}")
    return replace(document, context=context, fill=None)


__all__ = ["fill_context", "filled"]
