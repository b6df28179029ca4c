"""The investment part on *Ennusteen kehitys*: the net investments' TA, Muutettu TA and
forecast at each report of the year, per department with projects and for the city, under the
operating margin's table; this report's rows live over the investments sheet's totals, the
earlier ones from previous.csv's project rows; a line chart of the city's forecast under it."""

from __future__ import annotations

from ..i18n import _, label, plabel, terms
from ..investment import departments_with_projects, previous_amount
from ..model import NET, Column, Master, Period
from ..reconcile import Consolidation
from .investments import InvestmentLayout
from .measure import text_height
from .sheet import Sheet
from .status import not_returned_word
from .trend import (
    AMENDED,
    CHANGE,
    FORECAST,
    NAME,
    TA,
    History,
    group_rows,
    line_chart,
    series,
    titles,
)

CHART_HEIGHT = 252  # pixels


def _history(master: Master, projects: tuple[str, ...]) -> History:
    def history(period: Period, column: Column) -> float:
        if column is Column.TA:
            return round(
                sum(
                    p.amount(NET, Column.TA)
                    for p in master.investments.projects
                    if p.id in projects
                ),
                2,
            )
        return round(
            sum(previous_amount(master.investments, period, pid, NET, column) for pid in projects),
            2,
        )

    return history


def write_investment_trend(
    sheet: Sheet, c: Consolidation, layout: InvestmentLayout, row: int
) -> int:
    """The section from `row` (a blank row above it); returns the row after its chart."""
    master = c.master
    y = master.period.year
    top = row + 1
    sheet.text(top, NAME, label("Net investments report by report {year}", year=y), "heading")
    header = top + 1
    names = titles(master)
    for col, title in enumerate(names):
        sheet.text(header, col, title, "header_left" if col == NAME else "header")
    sheet.set_row(
        header, max(text_height(t, sheet.widths[col], bold=True) for col, t in enumerate(names))
    )
    r = header + 1
    groups: list[tuple[str, int]] = []
    for dept in departments_with_projects(master):
        node = master.centre(dept)
        name = terms.centre_name(node) if node else dept
        ids = tuple(p.id for p in master.investments.of_department(dept))
        absent = dept in c.unreturned
        groups.append((f"{name} ({not_returned_word()})" if absent else name, r))
        net = layout.departments[dept][NET]
        r = group_rows(sheet, r, name, dept, net, master, False, absent, _history(master, ids))
    city = terms.centre_name(master.root)
    groups.append((city, r))
    ids = tuple(p.id for p in master.investments.projects)
    end = group_rows(
        sheet,
        r,
        city,
        master.root.code,
        layout.city[NET],
        master,
        True,
        history=_history(master, ids),
    )
    reports = len(master.previous_periods) + 1
    chart = line_chart(sheet, label("The city's net investments report by report, €"))
    for col, title, colour in (
        (TA, names[TA], "#A6A6A6"),
        (AMENDED, names[AMENDED], "#9DC3E6"),
        (FORECAST, plabel("trend", "Forecast outturn {year}", year=y), "#1F4E79"),
    ):
        chart.add_series(series(sheet, groups[-1][1], reports, col, title, colour))
    width = sum(sheet.pixels(col) for col in range(CHANGE + 1)) // 2 - 4
    chart.set_size({"width": width, "height": CHART_HEIGHT})
    span = f"{master.previous_periods[0].months}–{master.period.months}" if reports > 1 else ""
    sheet.ws.insert_chart(
        end + 1,
        0,
        chart,
        {
            "object_position": 3,
            "description": _(
                "Line chart: {name}, the net investments' budget, revised budget and forecast "
                "outturn from each report of the year {year} ({span}). The figures are in the "
                "table above the chart."
            ).format(name=city, year=y, span=span),
        },
    )
    rows = 0
    while rows * 17 < CHART_HEIGHT + 8:
        rows += 1
    return end + 1 + rows
