"""The dashboard's charts: reportlab drawings for the PDF, the same numbers as a table for Word.

Two kinds, matching :class:`mfc_docs.documents.blocks.Chart`:

* ``bar``: ``{"labels": [...], "values": [...]}``, one bar per label (episodes per month);
* ``grid``: ``{"rows": [...], "columns": [...], "values": [[...], ...]}``, a square per
  row and column shaded by its count (day of the week by hour of the day).

Both print legibly in black and white: bars carry their number, every non-empty
square carries its count, and the shades run from white to a dark blue-grey that
only gets darker as the count grows, with a legend. Text is DejaVu Sans, like
the rest of the PDF.
"""

from __future__ import annotations

import math
from pathlib import Path

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

__all__ = ["chart_drawing", "chart_table", "grid_bins"]

FONT = "DejaVuSans"  # the name mfc_docs.render.pdf registers DejaVu Sans under
FONT_FILE = Path(__file__).resolve().parent.parent / "fonts" / "DejaVuSans.ttf"
INK = colors.HexColor("#1A1A1A")
DARK = colors.HexColor("#1F3A5F")  # the headings' colour; the darkest shade
EMPTY_EDGE = colors.HexColor("#BDBDBD")
AXIS = colors.HexColor("#555555")
LIGHTEST = 0.18  # the shade of the smallest non-zero count, as a fraction of DARK


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_FILE)))
    return FONT


def _check(kind: str, data: dict) -> None:
    if kind == "bar":
        labels, values = data.get("labels"), data.get("values")
        if not isinstance(labels, list) or not isinstance(values, list) or len(labels) != len(values) or not labels:
            raise ValueError("a bar chart needs 'labels' and 'values': two lists of the same, non-zero length")
        if any(not isinstance(v, int) or v < 0 for v in values):
            raise ValueError("a bar chart's values must be whole numbers, 0 or more")
    elif kind == "grid":
        rows, columns, values = data.get("rows"), data.get("columns"), data.get("values")
        if not rows or not columns or not isinstance(values, list) or len(values) != len(rows):
            raise ValueError("a grid needs 'rows', 'columns' and one list of 'values' per row")
        for row in values:
            if not isinstance(row, list) or len(row) != len(columns):
                raise ValueError("every row of a grid's values needs one number per column")
            if any(not isinstance(v, int) or v < 0 for v in row):
                raise ValueError("a grid's values must be whole numbers, 0 or more")
    else:
        raise ValueError(f"unknown chart kind {kind!r}: use 'bar' or 'grid'")


# --------------------------------------------------------------------------
# Shading
# --------------------------------------------------------------------------


def grid_bins(highest: int) -> list[tuple[int, int]]:
    """The legend's steps for counts 1..highest: one per count up to 4, otherwise 4 even ranges."""
    if highest <= 0:
        return []
    if highest <= 4:
        return [(n, n) for n in range(1, highest + 1)]
    edges = [math.ceil(highest * k / 4) for k in range(5)]  # 0, ..., highest
    bins = []
    low = 1
    for top in edges[1:]:
        if top >= low:
            bins.append((low, top))
            low = top + 1
    return bins


def _shade(step: int, steps: int) -> colors.Color:
    """Step 1..steps from light to DARK (0 is white)."""
    if step <= 0:
        return colors.white
    f = LIGHTEST + (1 - LIGHTEST) * (step - 1) / max(1, steps - 1) if steps > 1 else 1.0
    return colors.Color(1 + (DARK.red - 1) * f, 1 + (DARK.green - 1) * f, 1 + (DARK.blue - 1) * f)


def _step(value: int, bins: list[tuple[int, int]]) -> int:
    for i, (low, high) in enumerate(bins, start=1):
        if low <= value <= high:
            return i
    return 0


def _ink_on(fill: colors.Color) -> colors.Color:
    luminance = 0.2126 * fill.red + 0.7152 * fill.green + 0.0722 * fill.blue
    return colors.white if luminance < 0.5 else INK


# --------------------------------------------------------------------------
# Drawings
# --------------------------------------------------------------------------


def _bar(data: dict, width: float) -> Drawing:
    font = _font()
    labels, values = list(data["labels"]), list(data["values"])
    height = max(130.0, round(width * 0.34))
    left, bottom, top, right = 26.0, 30.0, 20.0, 6.0
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = left, bottom
    chart.width, chart.height = width - left - right, height - bottom - top
    chart.data = [values]
    highest = max(values)
    step = 1 if highest <= 6 else math.ceil(highest / 5)
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(1, step * math.ceil(highest / step))
    chart.valueAxis.valueStep = step
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = "%d"
    chart.valueAxis.strokeColor = AXIS
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#E0E0E0")
    chart.valueAxis.gridStrokeWidth = 0.5
    chart.categoryAxis.categoryNames = [str(label).replace(" ", "\n", 1) for label in labels]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.dy = -3
    chart.categoryAxis.labels.boxAnchor = "n"
    chart.categoryAxis.strokeColor = AXIS
    chart.bars[0].fillColor = DARK
    chart.bars[0].strokeColor = None
    chart.barWidth = 10
    chart.groupSpacing = 8
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 7.5
    chart.barLabels.nudge = 6
    chart.barLabels.fillColor = INK
    drawing.add(chart)
    drawing.add(String(2, height - 9, "Episodes", fontName=font, fontSize=7, fillColor=AXIS))
    return drawing


def _grid(data: dict, width: float) -> Drawing:
    font = _font()
    rows, columns, values = list(data["rows"]), list(data["columns"]), [list(r) for r in data["values"]]
    label_w, total_w, head_h, legend_h, gap = 26.0, 24.0, 12.0, 22.0, 6.0
    cell_w = (width - label_w - total_w) / len(columns)
    cell_h = min(16.0, max(11.0, cell_w * 0.8))
    grid_h = cell_h * len(rows)
    height = legend_h + gap + grid_h + head_h
    drawing = Drawing(width, height)
    highest = max((v for row in values for v in row), default=0)
    bins = grid_bins(highest)
    size = 6.5 if cell_w < 20 else 7.5
    top = legend_h + gap + grid_h  # y of the grid's top edge

    for c, name in enumerate(columns):
        x = label_w + c * cell_w + cell_w / 2
        drawing.add(String(x, top + 3, str(name), fontName=font, fontSize=size, fillColor=AXIS, textAnchor="middle"))
    drawing.add(String(label_w + len(columns) * cell_w + total_w / 2, top + 3, "All", fontName=font,
                       fontSize=size, fillColor=AXIS, textAnchor="middle"))
    for r, name in enumerate(rows):
        y = top - (r + 1) * cell_h
        drawing.add(String(label_w - 4, y + cell_h / 2 - size / 2 + 1, str(name), fontName=font, fontSize=size + 0.5,
                           fillColor=INK, textAnchor="end"))
        for c, value in enumerate(values[r]):
            x = label_w + c * cell_w
            fill = _shade(_step(value, bins), len(bins))
            drawing.add(Rect(x, y, cell_w, cell_h, fillColor=fill,
                             strokeColor=colors.white if value else EMPTY_EDGE, strokeWidth=0.5 if value else 0.3))
            if value:
                drawing.add(String(x + cell_w / 2, y + cell_h / 2 - size / 2 + 1, str(value), fontName=font,
                                   fontSize=size, fillColor=_ink_on(fill), textAnchor="middle"))
        drawing.add(String(label_w + len(columns) * cell_w + total_w / 2, y + cell_h / 2 - size / 2 + 1,
                           str(sum(values[r])), fontName=font, fontSize=size, fillColor=INK, textAnchor="middle"))
    # Every sixth hour is marked by a line, so "late evening" is easy to find.
    for c in range(0, len(columns) + 1, 6 if len(columns) == 24 else len(columns)):
        x = label_w + c * cell_w
        drawing.add(Line(x, top - grid_h, x, top, strokeColor=AXIS, strokeWidth=0.8))

    # Legend: what each shade means.
    x = label_w
    y = 4.0
    drawing.add(String(x, y + 3, "Episodes:", fontName=font, fontSize=7, fillColor=INK))
    x += pdfmetrics.stringWidth("Episodes:", font, 7) + 6
    entries = [(0, "none")] + [(i, f"{low}" if low == high else f"{low}-{high}") for i, (low, high) in
                               enumerate(bins, start=1)]
    for step, text in entries:
        fill = _shade(step, len(bins))
        drawing.add(Rect(x, y, 12, 12, fillColor=fill, strokeColor=EMPTY_EDGE if step == 0 else colors.white,
                         strokeWidth=0.5))
        x += 15
        drawing.add(String(x, y + 3, text, fontName=font, fontSize=7, fillColor=INK))
        x += pdfmetrics.stringWidth(text, font, 7) + 10
    return drawing


def chart_drawing(kind: str, data: dict, width_pt: float) -> Drawing:
    """A reportlab Drawing of the chart, ``width_pt`` points wide (its height follows from the kind)."""
    _check(kind, data)
    drawing = _bar(data, float(width_pt)) if kind == "bar" else _grid(data, float(width_pt))
    drawing.initialFontName = _font()  # otherwise the drawing's first state selects Helvetica
    drawing.initialFontSize = 7
    return drawing


# --------------------------------------------------------------------------
# The Word version: the same numbers as a table
# --------------------------------------------------------------------------


def chart_table(kind: str, data: dict) -> tuple[list[str], list[list[str]]]:
    """(header, rows) of strings showing the chart's numbers.

    ``bar``: one row per label. ``grid``: turned on its side so it fits a
    portrait page: one row per column of the chart (each hour), one column per
    row of the chart (each day) and a total, a blank where the count is 0,
    and a last row of totals.
    """
    _check(kind, data)
    if kind == "bar":
        return ["Month", "Episodes"], [[str(label), str(value)] for label, value in zip(data["labels"], data["values"])]
    rows, columns, values = data["rows"], data["columns"], data["values"]
    hours = all(str(c).isdigit() and len(str(c)) == 2 for c in columns)
    header = ["Hour" if hours else ""] + [str(r) for r in rows] + ["All"]
    body = []
    for c, name in enumerate(columns):
        counts = [values[r][c] for r in range(len(rows))]
        label = f"{name}:00" if hours else str(name)
        body.append([label] + [str(v) if v else "" for v in counts] + [str(sum(counts)) if sum(counts) else ""])
    totals = [sum(row) for row in values]
    body.append(["All"] + [str(t) for t in totals] + [str(sum(totals))])
    return header, body
