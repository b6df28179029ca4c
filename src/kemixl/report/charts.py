"""Charts on the summary sheet, fed by a small table of formulas over the departments sheet.

The table holds, per department with a budget: the amended budget's and the forecast's
TOIMINTAKATE (1 000 €), the Toteuma-% of its costs and of its margin (each a formula pointing
at the department's block on the departments sheet) and the elapsed share of the year. The
charts are native Excel charts over that table, so they follow any edit of the figures:

- Toimintakate: the amended budget beside the forecast, per department (clustered bars);
- Toteuma-%: costs' and margin's realisation per department beside the elapsed share.

On paper the charts sit under the income statement on its first page, and the page is all
that prints: the print area is the statement and the charts. The table stands to the right of
the statement, outside the print area, its title and column titles in the rows the sheet keeps
frozen: the statement's repeated column titles never stand over it on paper, and its own stay
in view on screen.
"""

from __future__ import annotations

from typing import Any

from xlsxwriter.utility import xl_col_to_name

from ..formulas import Ratio, Ref, Scaled
from ..i18n import N_, _, label, terms
from ..model import Column, Line
from ..reconcile import Consolidation
from .finance import COLS, SUMMARY_LAST_COL, BlockRefs, total
from .formats import INTEGER, PERCENT, localized
from .measure import text_height, title_width
from .sheet import Sheet
from .status import not_returned_word

CHART_HEIGHT = 252  # pixels
CHART_OFFSET = 4  # pixels below the statement
TABLE_COL = 8  # column I: the table's first column, right of the statement (A-G) and a gap
TABLE_WIDTHS = {TABLE_COL - 1: 3, TABLE_COL: 24, **{TABLE_COL + k: 18 for k in range(1, 6)}}
COLOURS = {
    "budget": "#9DC3E6",
    "forecast": "#1F4E79",
    "costs": "#F4B183",
    "margin": "#C55A11",
    "elapsed": "#A6A6A6",
}
# TRANSLATORS: toimiala = sektor in Swedish (Vasa, Borgå: "sektorn för växande och lärande"),
# division in English (Helsinki).
DEPARTMENT = N_("Department")
ELAPSED = N_("Share of the year elapsed")
GRID = {"visible": True, "line": {"color": "#D9D9D9"}}
FONT = {"name": "Arial", "size": 8}


def _pct_ref(refs: BlockRefs, line: Line) -> Ref:
    """The Toteuma-% cell of a block's line (written beside its figures; empty where the
    actual is not known)."""
    actual, budget = refs[line][Column.ACTUAL], refs[line][Column.TA_AMENDED]
    return Ref(actual.sheet, actual.row, COLS["pct"], Ratio(actual, budget).value(), actual.blank)


def write_charts(
    sheet: Sheet,
    c: Consolidation,
    overview: dict[str, BlockRefs],
    top: int,
    header: int,
    figures: str,
    height: int = CHART_HEIGHT,
) -> int:
    """Charts from row `top` under the statement, captioned; their table to its right, its
    column titles on row `header` (the statement's own header row). `figures` names the sheet
    whose figures they show, `height` their height in pixels. Returns the last row the charts
    and their captions cover."""
    master = c.master
    y = master.period.year
    departments = [
        d for d in master.departments if d.code in overview and master.has_budget(d.code)
    ]
    sheet.columns(TABLE_WIDTHS)
    sheet.text(
        header - 1,
        TABLE_COL,
        _("The charts' data: the departments' operating margin (€1,000) and actual %"),
        "heading",
    )
    titles = [
        label(DEPARTMENT),
        label("Revised budget {year}, operating margin", year=y),
        label("Forecast outturn {year}, operating margin", year=y),
        label("Actual %, operating expenses"),
        label("Actual %, operating margin"),
        label(ELAPSED),
    ]
    widths = {
        TABLE_COL + k: title_width(TABLE_WIDTHS[TABLE_COL + k], [t]) for k, t in enumerate(titles)
    }
    sheet.columns(widths)
    for k, title in enumerate(titles):
        sheet.text(header, TABLE_COL + k, title, "header_left" if k == 0 else "header")
    tallest = max(text_height(t, widths[TABLE_COL + k], bold=True) for k, t in enumerate(titles))
    sheet.set_row(header, max(sheet.height(header), tallest))
    row = header
    for d in departments:
        row += 1
        refs = overview[d.code]
        margin = refs[Line.MARGIN]
        col = TABLE_COL
        name = terms.centre_name(d)
        if d.code in c.unreturned:  # the bars are the previous forecast, or none: say so
            name = f"{name} ({not_returned_word()})"
        sheet.text(row, col, name, "label")
        sheet.formula(row, col + 1, Scaled(margin[Column.TA_AMENDED], 1000), "keur")
        forecast = margin[Column.FORECAST]
        sheet.put(row, col + 2, None if forecast.blank else Scaled(forecast, 1000), "keur")
        sheet.put(row, col + 3, total((_pct_ref(refs, Line.COSTS),)), "pct")
        sheet.put(row, col + 4, total((_pct_ref(refs, Line.MARGIN),)), "pct")
        sheet.number(row, col + 5, master.period.elapsed_share, "pct")
    if not departments:
        return top
    first, last = (xl_col_to_name(TABLE_COL), xl_col_to_name(TABLE_COL + len(titles) - 1))
    alt = alt_texts(y, len(departments), f"{first}–{last}")
    second = _charts(sheet, header, row, top, alt, height)
    covered, bottom = 0.0, top
    while covered < CHART_OFFSET + height:  # the rows the charts lie over
        covered += sheet.height(bottom) * 4 / 3  # points to pixels
        bottom += 1
    # A caption under each chart, in words: what it shows and where its figures are. Printed
    # (the PDF's readers get no alternative text from LibreOffice for a chart), read on screen.
    share = round(master.period.elapsed_share * 100)
    left = sheet.lines(
        bottom,
        0,
        second - 1,
        _(
            "Figure 1. The departments' operating margin in thousands of euros: revised budget "
            "{year} and forecast outturn {year} side by side. The figures in euros on sheet "
            "{sheet}."
        ).format(year=y, sheet=figures),
        "legend",
        points=9,
    )
    right = sheet.lines(
        bottom,
        second,
        SUMMARY_LAST_COL,
        _(
            "Figure 2. The departments' actual % of operating expenses and of operating margin, "
            "with the share of the year elapsed ({share} %) for comparison. The figures on "
            "sheet {sheet}."
        ).format(share=share, sheet=figures),
        "legend",
        points=9,
    )
    return max(left[-1], right[-1])


def _anchor(sheet: Sheet, x: int) -> tuple[int, int]:
    """(column, offset in pixels) of the horizontal position x pixels from the sheet's left."""
    col = 0
    while x >= sheet.pixels(col):
        x -= sheet.pixels(col)
        col += 1
    return col, x


def _series(sheet: Sheet, header: int, last: int, k: int, colour: str) -> dict[str, Any]:
    """The table's k-th column (after the names) as a series."""
    col = TABLE_COL + k
    return {
        "name": [sheet.name, header, col],
        "categories": [sheet.name, header + 1, TABLE_COL, last, TABLE_COL],
        "values": [sheet.name, header + 1, col, last, col],
        "fill": {"color": colour},
        "border": {"color": colour},
        "gap": 60,
    }


def _bar_chart(sheet: Sheet, title: str, num_format: str) -> Any:
    chart = sheet.workbook.add_chart({"type": "bar"})
    chart.set_title({"name": title, "name_font": {"name": "Arial", "size": 10, "bold": True}})
    chart.set_x_axis({"num_format": num_format, "num_font": FONT, "major_gridlines": GRID})
    chart.set_y_axis({"label_position": "low", "reverse": True, "num_font": FONT})
    chart.set_legend({"position": "bottom", "font": FONT})
    chart.set_chartarea({"border": {"color": "#BFBFBF"}})
    return chart


def alt_texts(year: int, departments: int, columns: str) -> tuple[str, str]:
    """The charts' alternative texts: what each shows, and where its figures are as a table
    (they are live formulas, so the text names them rather than quoting numbers that an edit
    would make stale)."""
    return (
        _(
            "Horizontal bar chart of the departments' operating margin in thousands of euros: "
            "revised budget {year} and forecast outturn {year} side by side per department "
            "(departments: {departments}). The figures are a table in this sheet's columns "
            "{columns}."
        ).format(year=year, departments=departments, columns=columns),
        _(
            "Horizontal bar chart of the departments' actual percentages: the actual % of "
            "operating expenses and of operating margin per department (departments: "
            "{departments}) and the share of the year elapsed for comparison. The figures are "
            "a table in this sheet's columns {columns}."
        ).format(departments=departments, columns=columns),
    )


def _charts(
    sheet: Sheet, header: int, last: int, at: int, alt: tuple[str, str], height: int
) -> int:
    """Two charts side by side, together as wide as the income statement above them, each with
    its alternative text (the drawing's description, read by screen readers). Returns the
    first column wholly under the second chart."""
    total = sum(sheet.pixels(col) for col in range(7))
    size = {"width": total // 2 - 4, "height": height}

    margin = _bar_chart(
        sheet,
        label("Operating margin: revised budget and forecast outturn, €1,000"),
        localized(INTEGER),
    )
    margin.add_series(_series(sheet, header, last, 1, COLOURS["budget"]))
    margin.add_series(_series(sheet, header, last, 2, COLOURS["forecast"]))
    margin.set_size(size)
    sheet.ws.insert_chart(
        at,
        0,
        margin,
        {"x_offset": 0, "y_offset": CHART_OFFSET, "object_position": 3, "description": alt[0]},
    )

    pace = _bar_chart(sheet, label("Actual % and share of the year elapsed"), localized(PERCENT))
    pace.add_series(_series(sheet, header, last, 3, COLOURS["costs"]))
    pace.add_series(_series(sheet, header, last, 4, COLOURS["margin"]))
    pace.add_series(_series(sheet, header, last, 5, COLOURS["elapsed"]))
    pace.set_size(size)
    col, offset = _anchor(sheet, total - size["width"])
    sheet.ws.insert_chart(
        at,
        col,
        pace,
        {
            "x_offset": offset,
            "y_offset": CHART_OFFSET,
            "object_position": 3,
            "description": alt[1],
        },
    )
    return col + 1 if offset else col
