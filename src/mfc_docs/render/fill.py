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


def fill_context(layout: Layout, context: dict, fill: Fill | None) -> dict:
    """The context showing as many of ``fill``'s optional items as fit (see :class:`Fill`)."""
    if fill is None or fill.count <= fill.minimum:
        return context if fill is None else fill.with_items(context, fill.count)
    layout = _measured_layout(layout, fill)
    low, high = fill.minimum, fill.count  # low always shown; find the most that fit, up to high
    if _fits(layout, fill.with_items(context, high)):
        return fill.with_items(context, high)
    high -= 1
    while low < high:
        middle = (low + high + 1) // 2
        if _fits(layout, fill.with_items(context, middle)):
            low = middle
        else:
            high = middle - 1
    return fill.with_items(context, low)


def filled(document: Document) -> Document:
    """The document with its optional items chosen, ready to render in every format."""
    if document.fill is None:
        return document
    return replace(document, context=fill_context(document.layout, document.context, document.fill), fill=None)


__all__ = ["fill_context", "filled"]
