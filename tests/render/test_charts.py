"""The dashboard's charts: reportlab drawings (PDF) and the same numbers as tables (Word)."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Group, Rect, String
from reportlab.lib import colors

from mfc_docs.render.charts import chart_drawing, chart_table, grid_bins

MONTHS = ["Dec 2025", "Jan 2026", "Feb 2026", "Mar 2026", "Apr 2026", "May 2026", "Jun 2026", "Jul 2026",
          "Aug 2026", "Sep 2026", "Oct 2026", "Nov 2026"]
BAR = {"labels": MONTHS, "values": [0, 1, 0, 2, 1, 1, 3, 1, 2, 2, 3, 6]}
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
HOURS = [f"{h:02d}" for h in range(24)]


def _grid(cells: dict[tuple[int, int], int]) -> dict:
    values = [[0] * 24 for _ in range(7)]
    for (day, hour), count in cells.items():
        values[day][hour] = count
    return {"rows": DAYS, "columns": HOURS, "values": values}


GRID = _grid({(4, 21): 3, (4, 20): 2, (5, 22): 1, (6, 19): 1, (0, 1): 1})


def _pdf(drawing: Drawing) -> bytes:
    return renderPDF.drawToString(drawing)


def _words(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [w["text"] for w in doc.pages[0].extract_words()]


def _fonts(pdf: bytes) -> set[str]:
    reader = PdfReader(io.BytesIO(pdf))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    return {str(font.get_object()["/BaseFont"]) for font in fonts.values()}


def _shapes(node) -> list:
    out = []
    for item in getattr(node, "contents", []):
        out.append(item)
        if isinstance(item, Group):
            out.extend(_shapes(item))
    return out


def _luminance(c: colors.Color) -> float:
    return 0.2126 * c.red + 0.7152 * c.green + 0.0722 * c.blue


def test_bar_chart_is_as_wide_as_asked_and_shows_every_month_and_count() -> None:
    drawing = chart_drawing("bar", BAR, 480)
    assert drawing.width == 480
    assert 100 < drawing.height < 300
    pdf = _pdf(drawing)
    words = _words(pdf)
    for label in MONTHS:
        month, year = label.split()
        assert month in words and year in words
    # each bar carries its number (the 6 also heads the value axis' 0..6 scale, in steps of 1)
    assert words.count("6") == 2
    assert words.count("3") == 3  # two bars and the axis
    assert "Episodes" in words
    assert all("DejaVuSans" in font for font in _fonts(pdf))


def test_grid_chart_shows_counts_labels_totals_and_a_legend() -> None:
    drawing = chart_drawing("grid", GRID, 480)
    assert drawing.width == 480
    words = _words(_pdf(drawing))
    for label in DAYS + HOURS + ["All", "Episodes:", "none"]:
        assert label in words, label
    # counts in their squares: 3, 2, 1, 1, 1; row totals Mon 1, Fri 5, Sat 1, Sun 1, others 0
    assert words.count("5") == 1
    assert words.count("3") == 2  # the square, and the legend's top step


def test_grid_shades_get_darker_with_the_count_and_text_stays_readable() -> None:
    drawing = chart_drawing("grid", GRID, 480)
    shapes = _shapes(drawing)
    rects = [s for s in shapes if isinstance(s, Rect)]
    cell_w = (480 - 26 - 24) / 24

    cells = [r for r in rects if r.width == pytest.approx(cell_w)]
    assert len(cells) == 7 * 24
    top, cell_h = max(r.y + r.height for r in cells), cells[0].height

    def fill_at(day: int, hour: int) -> colors.Color:
        x, y = 26 + hour * cell_w, top - (day + 1) * cell_h
        found = [r for r in cells if r.x == pytest.approx(x) and r.y == pytest.approx(y)]
        assert len(found) == 1
        return found[0].fillColor

    empty, one, two, three = fill_at(0, 0), fill_at(0, 1), fill_at(4, 20), fill_at(4, 21)
    assert (empty.red, empty.green, empty.blue) == (1, 1, 1)
    assert 1 > _luminance(one) > _luminance(two) > _luminance(three)
    # the count on the darkest square is white, on the lightest dark ink
    strings = {(s.text, round(s.x, 1)): s for s in shapes if isinstance(s, String)}
    x_three = round(26 + 21 * cell_w + cell_w / 2, 1)
    x_one = round(26 + 1 * cell_w + cell_w / 2, 1)
    assert strings[("3", x_three)].fillColor == colors.white
    assert _luminance(strings[("1", x_one)].fillColor) < 0.2


@pytest.mark.parametrize("highest, bins", [
    (0, []),
    (1, [(1, 1)]),
    (3, [(1, 1), (2, 2), (3, 3)]),
    (4, [(1, 1), (2, 2), (3, 3), (4, 4)]),
    (5, [(1, 2), (3, 3), (4, 4), (5, 5)]),      # quarters of 5 rounded up: 2, 3, 4, 5
    (9, [(1, 3), (4, 5), (6, 7), (8, 9)]),      # 2.25, 4.5, 6.75, 9 rounded up
    (20, [(1, 5), (6, 10), (11, 15), (16, 20)]),
])
def test_grid_legend_steps(highest: int, bins: list) -> None:
    assert grid_bins(highest) == bins


def test_grid_with_no_episodes_draws_empty_squares() -> None:
    drawing = chart_drawing("grid", _grid({}), 400)
    words = _words(_pdf(drawing))
    assert "none" in words
    assert words.count("0") == 7  # the seven row totals


def test_bar_chart_with_large_counts_uses_a_coarser_scale() -> None:
    data = {"labels": ["a", "b"], "values": [12, 30]}
    words = _words(_pdf(chart_drawing("bar", data, 300)))
    assert "12" in words and "30" in words
    assert "7" not in words  # steps of 6, not 1


def test_bar_table() -> None:
    assert chart_table("bar", {"labels": ["Oct 2026", "Nov 2026"], "values": [3, 0]}) == (
        ["Month", "Episodes"], [["Oct 2026", "3"], ["Nov 2026", "0"]])


def test_grid_table_has_one_row_per_hour_and_totals() -> None:
    header, rows = chart_table("grid", GRID)
    assert header == ["Hour"] + DAYS + ["All"]
    assert len(rows) == 25
    assert rows[0] == ["00:00", "", "", "", "", "", "", "", ""]
    assert rows[1] == ["01:00", "1", "", "", "", "", "", "", "1"]
    assert rows[20] == ["20:00", "", "", "", "", "2", "", "", "2"]
    assert rows[21] == ["21:00", "", "", "", "", "3", "", "", "3"]
    assert rows[22] == ["22:00", "", "", "", "", "", "1", "", "1"]
    assert rows[24] == ["All", "1", "0", "0", "0", "5", "1", "1", "8"]


@pytest.mark.parametrize("kind, data", [
    ("pie", BAR),
    ("bar", {"labels": ["a"], "values": [1, 2]}),
    ("bar", {"labels": [], "values": []}),
    ("bar", {"labels": ["a"], "values": [-1]}),
    ("bar", {"labels": ["a"], "values": ["3"]}),
    ("grid", {"rows": DAYS, "columns": HOURS, "values": [[0] * 24] * 6}),
    ("grid", {"rows": DAYS, "columns": HOURS, "values": [[0] * 23] * 7}),
])
def test_bad_chart_data_is_refused(kind: str, data: dict) -> None:
    with pytest.raises(ValueError):
        chart_drawing(kind, data, 300)
    with pytest.raises(ValueError):
        chart_table(kind, data)


def test_charts_render_to_a_pdf_file(tmp_path: Path) -> None:
    """The drawings go through reportlab's own PDF renderer, as the PDF renderer will use them."""
    for kind, data in (("bar", BAR), ("grid", GRID)):
        path = tmp_path / f"{kind}.pdf"
        renderPDF.drawToFile(chart_drawing(kind, data, 480), str(path))
        assert path.read_bytes().startswith(b"%PDF")
