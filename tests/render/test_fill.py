"""render.fill: as many optional items as one page holds, found by setting the page, never by counting."""

from __future__ import annotations

from mfc_docs.documents.base import Fill
from mfc_docs.documents.blocks import Bullets, Layout, PageStyle
from mfc_docs.render.fill import fill_context
from mfc_docs.render.pdf import count_pages, render_pdf

META = {"title": "Fit test", "marking": "OFFICIAL", "home": "Home", "subject": "", "version": "1", "generated": "today"}
LAYOUT = Layout(blocks=(Bullets("shown"),), page=PageStyle(body_size=10.5))


def with_items(context: dict, count: int) -> dict:
    return {**context, "shown": context["every"][:count]}


def pages(context: dict) -> int:
    return count_pages(render_pdf(LAYOUT, context, title="t", subject="s", author="a"))


def test_the_most_items_that_fit_one_page_are_kept() -> None:
    every = [f"Item {i}: a line of text long enough to take one line of the page" for i in range(200)]
    context = {"meta": META, "every": every, "shown": []}
    chosen = fill_context(LAYOUT, context, Fill(count=len(every), with_items=with_items))
    kept = len(chosen["shown"])
    assert 20 < kept < 200
    assert pages(chosen) == 1
    assert pages(with_items(context, kept + 1)) == 2


def test_everything_is_kept_when_it_fits_and_the_minimum_when_nothing_does() -> None:
    context = {"meta": META, "every": ["short"] * 5, "shown": []}
    assert len(fill_context(LAYOUT, context, Fill(count=5, with_items=with_items))["shown"]) == 5
    long = {"meta": META, "every": ["word " * 3000] * 3, "shown": []}
    assert len(fill_context(LAYOUT, long, Fill(count=3, with_items=with_items, minimum=1))["shown"]) == 1


def test_measuring_without_writing_the_pdf_agrees_with_the_pdf_at_every_count() -> None:
    """The search lays pages out without writing the file (faster); it must say what the PDF says."""
    import pytest

    from mfc_docs.render.pdf import DoesNotFit, fits_one_page

    every = [f"Item {i}: a line of text long enough to take one line of the page" for i in range(80)]
    laminated = Layout(blocks=(Bullets("shown"),), page=PageStyle(kind="laminated", min_font_size=10,
                                                                   max_font_size=14))
    for layout in (LAYOUT, laminated):
        answers = set()
        for count in range(20, 80, 3):
            context = {"meta": META, "every": every, "shown": every[:count]}
            try:
                real = count_pages(render_pdf(layout, context, title="t", subject="s", author="a")) == 1
            except DoesNotFit:
                with pytest.raises(DoesNotFit):
                    fits_one_page(layout, context)
                answers.add(False)
                continue
            assert fits_one_page(layout, context) == real, (layout.page.kind, count)
            answers.add(real)
        assert answers == {True, False}, layout.page.kind  # both sides of the boundary were tried


def test_the_answer_is_the_same_wherever_the_search_starts(monkeypatch) -> None:
    """The search starts from what the last document of its kind showed; a wrong start only costs layouts."""
    from mfc_docs.render import fill

    every = [f"Item {i}: a line of text long enough to take one line of the page" for i in range(90)]
    context = {"meta": META, "every": every, "shown": []}
    laminated = Layout(blocks=(Bullets("shown"),), page=PageStyle(kind="laminated", min_font_size=10,
                                                                   max_font_size=14))
    for layout in (LAYOUT, laminated):
        for count in (30, 60, 90):
            monkeypatch.setattr(fill, "_LAST_CHOSEN", {})
            fresh = len(fill_context(layout, context, Fill(count=count, with_items=with_items, minimum=2))["shown"])
            if count == 90:
                assert 2 < fresh < count  # the page is full before the last item: a real search
            layouts = []
            real_fits = fill._fits
            monkeypatch.setattr(fill, "_fits", lambda *a: layouts.append(1) or real_fits(*a))
            for start in (0, 1, 2, fresh - 1, fresh, fresh + 1, count - 1, count, count + 5):
                monkeypatch.setattr(fill, "_LAST_CHOSEN", {(id(layout), None, count, 2): start})
                layouts.clear()
                chosen = fill_context(layout, context, Fill(count=count, with_items=with_items, minimum=2))
                assert len(chosen["shown"]) == fresh, (layout.page.kind, count, start)
                if start == fresh:
                    assert len(layouts) <= 2  # a right start: that number and the next
            monkeypatch.setattr(fill, "_fits", real_fits)
