"""Ennusteen kehitys: how the year-end forecast of TOIMINTAKATE moved over the year's reports.

Per department with a budget, and for the city: one row per report of the year so far (the
earlier ones from previous.csv, this one last), with TA, Muutettu TA and the TP-ennuste of
TOIMINTAKATE, and the change since the report before. This report's row is live: formulas over
the departments sheet, so an edit there moves the trend too; earlier reports are history and
are written as numbers. Two native line charts sit above the table: the city's budget, amended
budget and forecast report by report, and every department's forecast; each has alt text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..formulas import Difference, Ref, Sum
from ..i18n import _, label, plabel, terms
from ..model import Column, Line, Master, Period
from ..reconcile import Consolidation
from .charts import DEPARTMENT, FONT, GRID
from .finance import BlockRefs, Layout, change_key, total
from .formats import INTEGER, localized
from .measure import break_lines, text_height, title_width, width_for
from .sheet import Sheet
from .status import not_returned_word
from .unreturned import total_note

NAME, REPORT, TA, AMENDED, FORECAST, CHANGE = range(6)
WIDTHS = {NAME: 36, REPORT: 12, TA: 15, AMENDED: 15, FORECAST: 15, CHANGE: 15}
CHART_TOP = 3
CHART_HEIGHT = 288  # pixels
COLOURS = {"ta": "#A6A6A6", "amended": "#9DC3E6", "forecast": "#1F4E79"}
DEPARTMENT_COLOURS = (
    "#1F4E79",
    "#C55A11",
    "#548235",
    "#7030A0",
    "#BF9000",
    "#2E75B6",
    "#C00000",
    "#00B0F0",
    "#7F6000",
    "#FF66CC",
)


def titles(master: Master) -> tuple[str, ...]:
    y = master.period.year
    return (
        label(DEPARTMENT),
        label("Report"),
        label(terms.COLUMN_TITLES[Column.TA], year=y),
        label(terms.COLUMN_TITLES[Column.TA_AMENDED], year=y),
        plabel("trend", "Forecast outturn {year}", year=y),
        label("Change from the previous report"),
    )


History = Callable[[Period, Column], float]  # an earlier report's figure of a row


def group_rows(
    sheet: Sheet,
    row: int,
    name: str,
    code: str,
    margin: dict[Column, Ref],
    master: Master,
    bold: bool,
    absent: bool = False,
    history: History | None = None,
) -> int:
    """One department's (or the city's) rows, a report each; returns the next free row. A
    department that has not returned shows, for this report, what the departments sheet shows
    (the previous forecast, or nothing), and 'not returned' for its change. `history` gives
    the earlier reports' figures (default: the cost centre's TOIMINTAKATE)."""
    earlier: tuple[Period, ...] = master.previous_periods

    def before(period: Period, column: Column) -> float:
        if history is not None:
            return history(period, column)
        if column is Column.TA:
            return master.master_amount(code, Line.MARGIN, Column.TA)
        return master.previous_amount(period, code, Line.MARGIN, column)

    num = "euros_bold" if bold else "euros"
    style = "label_bold" if bold else "label"
    forecasts: list[Ref] = []
    for i, period in enumerate((*earlier, master.period)):
        r = row + i
        sheet.text(r, NAME, name, style)
        sheet.text(r, REPORT, period.months, style)
        if i < len(earlier):
            sheet.number(r, TA, before(period, Column.TA), num)
            sheet.number(r, AMENDED, before(period, Column.TA_AMENDED), num)
            forecast = sheet.number(r, FORECAST, before(period, Column.FORECAST), num)
        else:  # this report: live, from the departments sheet
            sheet.formula(r, TA, Sum((margin[Column.TA],)), num)
            sheet.formula(r, AMENDED, Sum((margin[Column.TA_AMENDED],)), num)
            style = "euros_carried" if absent else num
            forecast = sheet.put(r, FORECAST, total((margin[Column.FORECAST],)), style)
        if absent and i == len(earlier):
            sheet.text(r, CHANGE, not_returned_word(), "change_text")
        elif forecasts:
            change = Difference(forecast, forecasts[-1])
            sheet.formula(r, CHANGE, change, "change_bold" if bold else "change")
        else:
            sheet.ws.write_blank(r, CHANGE, None, sheet.fmt[num])
        forecasts.append(forecast)
    return row + len(earlier) + 1


def write_trend_sheet(sheet: Sheet, c: Consolidation, layout: Layout) -> int:
    """The sheet; returns its table's header row (repeated on every printed page)."""
    master = c.master
    y = master.period.year
    names = titles(master)
    widths = {col: title_width(base, [names[col]]) for col, base in WIDTHS.items()}
    if c.unreturned:  # "not returned" stands whole in the change column
        widths[CHANGE] = max(widths[CHANGE], width_for(not_returned_word()) + 1)
    sheet.columns(widths)
    sheet.text(0, 0, label("Forecast trend {year}", year=y), "title")
    sheet.text(
        1,
        0,
        _(
            "{city} · operating margin report by report: budget, revised budget and forecast "
            "outturn · euros"
        ).format(city=master.settings.city),
        "subtitle",
    )
    sheet.text(2, 0, change_key(), "legend")
    note = total_note(c)
    # the note's lines under the table come off the charts' height: the page holds as much
    noted = len(break_lines(note, sheet.width(0, CHANGE), False, 10)) if note else 0
    height = CHART_HEIGHT - 17 * noted
    chart_rows = 0
    while chart_rows * 17 < height + 8:  # default rows of 17 px under the charts
        chart_rows += 1
    header = CHART_TOP + chart_rows + 1
    for col, title in enumerate(names):
        sheet.text(header, col, title, "header_left" if col == NAME else "header")
    sheet.set_row(
        header, max(text_height(t, widths[col], bold=True) for col, t in enumerate(names))
    )
    departments = [d for d in master.departments if master.has_budget(d.code)]
    row = header + 1
    groups: list[tuple[str, int]] = []
    for d in departments:
        margin = layout.overview[d.code][Line.MARGIN]
        name = terms.centre_name(d)
        absent = d.code in c.unreturned
        # the chart's legend says it too: its last point is the previous report's forecast
        groups.append((f"{name} ({not_returned_word()})" if absent else name, row))
        row = group_rows(sheet, row, name, d.code, margin, master, bold=False, absent=absent)
    city: BlockRefs = layout.refs[master.root.code]
    city_name = terms.centre_name(master.root)
    groups.append((city_name, row))
    end = group_rows(sheet, row, city_name, master.root.code, city[Line.MARGIN], master, True)
    sheet.ws.freeze_panes(header + 1, 1)
    sheet.ws.autofilter(header, 0, end - 1, CHANGE)
    below = end
    if note:  # beside the city's rows: what they hold for the departments not returned
        below = max(sheet.lines(end, 0, CHANGE, note, "subtitle")) + 1
    reports = len(master.previous_periods) + 1
    _charts(sheet, master, groups, reports, height)
    if layout.investments is not None:  # on a page of its own, under its own column titles
        from .investment_trend import write_investment_trend

        write_investment_trend(sheet, c, layout.investments, below + 1)
        sheet.ws.set_h_pagebreaks([below + 1])
    return header


def line_chart(sheet: Sheet, title: str) -> Any:
    chart = sheet.workbook.add_chart({"type": "line"})
    chart.set_title({"name": title, "name_font": {"name": "Arial", "size": 10, "bold": True}})
    chart.set_y_axis({"num_format": localized(INTEGER), "num_font": FONT, "major_gridlines": GRID})
    chart.set_x_axis({"num_font": FONT, "label_position": "low"})
    chart.set_legend({"position": "bottom", "font": FONT})
    chart.set_chartarea({"border": {"color": "#BFBFBF"}})
    return chart


def series(
    sheet: Sheet, first: int, reports: int, col: int, name: str, colour: str
) -> dict[str, Any]:
    return {
        "name": name,
        "categories": [sheet.name, first, REPORT, first + reports - 1, REPORT],
        "values": [sheet.name, first, col, first + reports - 1, col],
        "line": {"color": colour, "width": 2.25},
        "marker": {
            "type": "circle",
            "size": 6,
            "fill": {"color": colour},
            "border": {"color": colour},
        },
    }


def _charts(
    sheet: Sheet, master: Master, groups: list[tuple[str, int]], reports: int, height: int
) -> None:
    """The city's lines and the departments' forecasts, side by side above the table."""
    width = sum(sheet.pixels(col) for col in range(CHANGE + 1)) // 2 - 4
    size = {"width": width, "height": height}
    span = f"{master.previous_periods[0].months}–{master.period.months}" if reports > 1 else ""
    city_name, city_row = groups[-1]
    y = master.period.year
    city = line_chart(sheet, label("The city's operating margin report by report, €"))
    for col, name, colour in (
        (TA, label(terms.COLUMN_TITLES[Column.TA], year=y), COLOURS["ta"]),
        (AMENDED, label(terms.COLUMN_TITLES[Column.TA_AMENDED], year=y), COLOURS["amended"]),
        (FORECAST, plabel("trend", "Forecast outturn {year}", year=y), COLOURS["forecast"]),
    ):
        city.add_series(series(sheet, city_row, reports, col, name, colour))
    city.set_size(size)
    sheet.ws.insert_chart(
        CHART_TOP,
        0,
        city,
        {
            "object_position": 3,
            "description": _(
                "Line chart: {name}, the operating margin's budget, revised budget and "
                "forecast outturn from each report of the year {year} ({span}). The figures "
                "are in the table under the chart."
            ).format(name=city_name, year=y, span=span),
        },
    )
    departments = line_chart(sheet, label("The departments' forecast outturn report by report, €"))
    for i, (name, first) in enumerate(groups[:-1]):
        colour = DEPARTMENT_COLOURS[i % len(DEPARTMENT_COLOURS)]
        departments.add_series(series(sheet, first, reports, FORECAST, name, colour))
    departments.set_size(size)
    col, offset = 0, width + 8
    while offset >= sheet.pixels(col):
        offset -= sheet.pixels(col)
        col += 1
    sheet.ws.insert_chart(
        CHART_TOP,
        col,
        departments,
        {
            "x_offset": offset,
            "object_position": 3,
            "description": _(
                "Line chart: each department's forecast outturn of the operating margin in the "
                "reports of the year {year} ({span}). The figures are in the table under the "
                "chart."
            ).format(year=y, span=span),
        },
    )
