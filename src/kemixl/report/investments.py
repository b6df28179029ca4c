"""Investoinnit: the investment part of the report, project by project.

Per department with projects, its groups (each titled, then its projects and the group's
total), its projects without a group, and the department's total; then the city's. The printed
columns are net (expenditure negative plus income positive): TA, Muutettu TA, Toteuma,
Toteuma-%, TP-ennuste, the difference (forecast − amended budget), the status column and the
project's status and explanation. Right of the printed area each row carries its department,
group and binding and its figures split into expenditure and income: the printed net figures
are formulas adding those two cells (a finance officer who edits an expenditure sees every net
and total follow), totals are sums of the rows above.

The council binds each project or its group (investments.csv's `binding`): on the row of each
binding unit the status column says YLITYS (red) when its net forecast is below its net amended
budget, as the department sheets do, and a dash otherwise; rows that bind nothing are blank
there. A group that binds some of its projects one by one binds the rest as a group: its row's
test adds the rows of those it binds. A native bar chart above the table shows each group's
amended budget beside its forecast.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from xlsxwriter.utility import xl_col_to_name

from ..formulas import Compare, Cond, Difference, Expr, Ratio, Ref, Round, Scaled, Sum
from ..i18n import N_, _, label, terms
from ..investment import Group, departments_with_projects, groups
from ..model import EXPENDITURE, FLOWS, INCOME, NET, Binding, Column, Line, Master, Project
from ..reconcile import Consolidation
from .charts import FONT, GRID
from .finance import carried_title, total
from .formats import INTEGER, localized
from .measure import text_height, title_width, width_for
from .names import sheet_title
from .page import Keep
from .sheet import Sheet
from .status import OVERRUN, not_returned_word, overrun_word, status_title, write_status
from .unreturned import total_note

LABEL, TA, AMENDED, ACTUAL, PCT, FORECAST, DIFFERENCE, STATUS, PROJECT_STATUS, TEXT = range(10)
LAST_PRINTED = TEXT
PRINTED = {
    Column.TA: TA,
    Column.TA_AMENDED: AMENDED,
    Column.ACTUAL: ACTUAL,
    Column.FORECAST: FORECAST,
}
WIDTHS = {LABEL: 40, TA: 13, AMENDED: 13, ACTUAL: 13, PCT: 9, FORECAST: 13, DIFFERENCE: 12}
WIDTHS.update({STATUS: 12, PROJECT_STATUS: 15, TEXT: 40})
# Right of the printed area: the filters' columns and the split figures.
DEPARTMENT, GROUP_COL, BINDING = 10, 11, 12
SPLIT_COLUMNS = (Column.TP_PREV, Column.TA, Column.TA_AMENDED, Column.ACTUAL, Column.FORECAST)
SPLIT = {
    (flow, column): 13 + 2 * i + (flow is INCOME)
    for i, column in enumerate(SPLIT_COLUMNS)
    for flow in FLOWS
}
LAST_COL = max(SPLIT.values())
CHART_COL = LAST_COL + 2  # the chart's table, right of everything
BAR_PX = 22  # a group's pair of bars

SHEET = terms.SHEET_INVESTMENTS
BINDING_WORDS = {Binding.PROJECT: N_("project"), Binding.GROUP: N_("project group")}
GROUP_TOTAL = N_("{group} total")
# TRANSLATORS: the investments sheet's legend; sitovuustaso = bindningsnivå, binding level.
LEGEND = N_(
    "Net figures: expenditure (negative) plus income (positive), euros. Difference = the forecast "
    "outturn − the revised budget. Status: {overrun} = a binding appropriation (a project, or a "
    "project group) whose forecast falls below its revised budget (red): it needs a budget "
    "amendment; {neutral} = within its budget; blank = the row binds nothing by itself. Right "
    "of the table each row's figures split into expenditure and income."
)

Refs = dict[Line, dict[Column, Ref]]  # a row's EXPENDITURE, INCOME and NET figures


@dataclass
class InvestmentLayout:
    """Where the investments sheet put things, for links, the summary and the trend."""

    sheet: str = ""
    projects: dict[str, tuple[int, Refs]] = field(default_factory=dict)  # id -> (row, refs)
    groups: dict[tuple[str, str], int] = field(default_factory=dict)  # (dept, group) -> row
    departments: dict[str, Refs] = field(default_factory=dict)
    city: Refs = field(default_factory=dict)
    keeps: list[Keep] = field(default_factory=list)  # rows that print on one page
    last_row: int = 0


def sheet_name() -> str:
    return sheet_title(SHEET)


def _titles(master: Master) -> dict[int, str]:
    p = master.period
    out = {
        LABEL: label(terms.PROJECT),
        PCT: terms.pct_title(),
        DIFFERENCE: label(terms.DIFFERENCE),
        STATUS: status_title(),
        PROJECT_STATUS: label(terms.PROJECT_STATUS),
        TEXT: label(terms.PROJECT_EXPLANATION),
        DEPARTMENT: label(N_("Department")),
        GROUP_COL: label(terms.PROJECT_GROUP),
        BINDING: label(N_("Binding")),
    }
    out.update({col: terms.column_title(p, c) for c, col in PRINTED.items()})
    out.update({col: terms.flow_title(p, c, flow) for (flow, c), col in SPLIT.items()})
    return out


class _Rows:
    """Writes the table's rows; remembers every row's refs for totals and links."""

    def __init__(self, sheet: Sheet, c: Consolidation, layout: InvestmentLayout) -> None:
        self.sheet, self.c, self.layout = sheet, c, layout
        self.master = c.master
        # (bar's name, refs, department) for the chart
        self.chart: list[tuple[str, Refs, str]] = []

    def figures(
        self,
        row: int,
        split: Mapping[tuple[Line, Column], float | Expr | None],
        bold: bool = False,
        carried: bool = False,
    ) -> Refs:
        """A row's split figures (numbers, or sums of the rows below; None, an empty cell, for
        a figure not known) and its printed net columns: expenditure + income, the Toteuma-%
        and the difference. `carried`: the forecast is the previous report's (italic)."""
        s = self.sheet
        num = "euros_bold" if bold else "euros_top"
        refs: Refs = {EXPENDITURE: {}, INCOME: {}, NET: {}}
        for (flow, column), col in SPLIT.items():
            refs[flow][column] = s.put(row, col, split[(flow, column)], "helper_euros")
        for column, col in PRINTED.items():
            net = total((refs[EXPENDITURE][column], refs[INCOME][column]))
            style = f"{num}_carried" if carried and column is Column.FORECAST else num
            refs[NET][column] = s.put(row, col, net, style)
        n = refs[NET]
        actual, forecast = n[Column.ACTUAL], n[Column.FORECAST]
        s.put(
            row,
            PCT,
            None if actual.blank else Ratio(actual, n[Column.TA_AMENDED]),
            "pct_bold" if bold else "pct_top",
        )
        s.put(
            row,
            DIFFERENCE,
            None if forecast.blank else Difference(forecast, n[Column.TA_AMENDED]),
            "change_bold" if bold else "change_top",
        )
        return refs

    def helpers(self, row: int, department: str, group: str, binding: str) -> None:
        for col, text in ((DEPARTMENT, department), (GROUP_COL, group), (BINDING, binding)):
            self.sheet.text(row, col, text, "helper")

    def project(self, row: int, p: Project, dept_name: str) -> Refs:
        s, c = self.sheet, self.c
        name = f"{p.id} {terms.master_text(p, 'name')}"
        s.text(row, LABEL, name, "label_top")
        split = {
            (flow, column): c.project_amount(p.id, flow, column)
            if c.project_known(p.id, column)
            else None
            for (flow, column) in SPLIT
        }
        absent = c.not_returned(p.department)
        refs = self.figures(row, split, carried=absent)
        report = c.project_reports.get(p.id)
        status = terms.project_status_label(report.status if report else "")
        s.text(row, PROJECT_STATUS, status, "text")
        explanation = report.explanation if report else ""
        s.text(row, TEXT, explanation, "text")
        if absent:  # no YLITYS for figures it has not given
            s.text(row, STATUS, not_returned_word(), "status_top")
        elif p.binding is Binding.PROJECT:
            n = refs[NET]
            over = _over(n[Column.FORECAST], n[Column.TA_AMENDED])
            write_status(s, row, STATUS, [(over, OVERRUN)], fmt="status_top")
        else:
            s.text(row, STATUS, "", "status_top")
        group = terms.master_text(p, "group") if p.group else ""
        self.helpers(row, dept_name, group, label(BINDING_WORDS[p.binding]))
        height = max(
            text_height(explanation, s.widths[TEXT]),
            text_height(name, s.widths[LABEL] - 1.5),  # its indent
            text_height(status, s.widths[PROJECT_STATUS]),
        )
        if height > text_height("x", 10):  # more than a line: the row grows to show it all
            s.set_row(row, height)
        self.layout.projects[p.id] = (row, refs)
        if not p.group:
            self.chart.append((name, refs, dept_name))
        return refs

    def total(
        self,
        row: int,
        text: str,
        parts: list[Refs],
        style: str,
        helpers: tuple[str, str, str],
        carried: bool = False,
    ) -> Refs:
        s = self.sheet
        s.text(row, LABEL, text, style)
        split = {key: total(tuple(r[key[0]][key[1]] for r in parts)) for key in SPLIT}
        refs = self.figures(row, split, bold=True, carried=carried)
        for col in (PROJECT_STATUS, TEXT):
            s.text(row, col, "", "plain")
        self.helpers(row, *helpers)
        return refs


def _over(forecast: Expr, budget: Expr) -> Cond:
    """The net forecast below the net amended budget, in cents (as status.overrun)."""
    return Compare(Round(forecast, 2), "<", Round(budget, 2))


def write_investments_sheet(sheet: Sheet, c: Consolidation) -> tuple[int, InvestmentLayout]:
    """The sheet; returns its table's header row and where things are."""
    master = c.master
    layout = InvestmentLayout(sheet.name)
    names = _titles(master)
    widths = {col: title_width(WIDTHS.get(col, 14), [t]) for col, t in names.items()}
    # the projects' names on one line where the page allows (a longer one wraps)
    labels = [f"{p.id} {terms.master_text(p, 'name')}" for p in master.investments.projects]
    bold = [_group_total(p) for p in master.investments.projects]  # the groups' totals
    longest = max(
        [*(width_for(t) + 1.5 for t in labels), *(width_for(t, True) + 1.5 for t in bold)],
        default=0.0,
    )  # with their indent
    widths[LABEL] = max(widths[LABEL], min(longest, widths[LABEL] * 1.5))
    widths[STATUS] = max(widths[STATUS], width_for(overrun_word(), True))
    if c.unreturned:  # "not returned" stands whole in the status column
        widths[STATUS] = max(widths[STATUS], width_for(not_returned_word()) + 1)
    sheet.columns(widths)
    y = master.period.year
    sheet.text(0, 0, label("Investments {year}", year=y), "title")
    subtitle = _("{city} · {title} · net investments in euros").format(
        city=master.settings.city, title=master.settings.title
    )
    sheet.text(1, 0, subtitle, "subtitle")
    legend = _(LEGEND).format(overrun=overrun_word(), neutral="–")
    legend_rows = sheet.lines(2, 0, LAST_PRINTED, legend, "legend", points=9)
    departments = departments_with_projects(master)
    bars = sum(len(groups(master.investments, d)) for d in departments) + sum(
        1 for p in master.investments.projects if not p.group
    )
    chart_px = min(max(180, 70 + BAR_PX * bars), 1600)  # a hundred groups read, at most
    chart_top = legend_rows[-1] + 2
    chart_rows = 0
    while chart_rows * 17 < chart_px + 8:  # default rows of 17 px under the chart
        chart_rows += 1
    caption = _(
        "Figure. The net revised budget and forecast outturn {year} of each project group (and "
        "project without a group), €1,000. The figures in euros are in the table below."
    ).format(year=y)
    caption_rows = sheet.lines(chart_top + chart_rows, 0, LAST_PRINTED, caption, "legend", points=9)
    header = caption_rows[-1] + 2
    for col, title in names.items():
        sheet.text(header, col, title, "header_left" if col in (LABEL, DEPARTMENT) else "header")
    sheet.set_row(
        header,
        max(30.0, *(text_height(t, sheet.widths[col], bold=True) for col, t in names.items())),
    )
    rows = _Rows(sheet, c, layout)
    row = header + 1
    totals: list[Refs] = []
    for dept in departments:
        row, refs = _department(rows, row, dept)
        totals.append(refs)
    root = master.root
    city_name = terms.centre_name(root)
    layout.city = rows.total(
        row,
        terms.named_label(GROUP_TOTAL, lambda lang: terms.name_in(root, lang)),
        totals,
        "label_bold",
        (city_name, "", ""),
    )
    last = row
    if any(c.not_returned(d) for d in departments):  # what the totals hold for them, in words
        last = max(sheet.lines(row + 1, 0, LAST_PRINTED, total_note(c), "subtitle"))
    layout.keeps += [Keep(0, header + 2), Keep(row - 1, last)]
    layout.last_row = last
    sheet.ws.freeze_panes(header + 1, 1)
    sheet.ws.autofilter(header, 0, row, LAST_COL)
    _chart(sheet, master, rows.chart, header, chart_top, chart_px)
    sheet.ws.print_area(0, 0, last, LAST_PRINTED)
    return header, layout


def _department(rows: _Rows, row: int, dept: str) -> tuple[int, Refs]:
    s, master = rows.sheet, rows.master
    node = master.centre(dept)
    name = terms.centre_name(node) if node else dept
    rows.layout.keeps.append(Keep(row, row + 2))  # its title, a group's and a first project
    s.text(row, LABEL, f"{dept} {name}", "block")
    for col in range(1, LAST_PRINTED + 1):
        s.ws.write_blank(row, col, None, s.fmt["block_fill"])
    absent = rows.c.not_returned(dept)
    earlier = rows.c.carried_from(dept)
    if earlier is not None:  # its forecasts are the previous report's: say so over them
        s.text(row, FORECAST, carried_title(earlier), "carried_note")
    rows.helpers(row, name, "", "")
    row += 1
    parts: list[Refs] = []
    for g in groups(master.investments, dept):
        row, refs = _group(rows, row, g, name)
        parts.extend(refs)
    text = terms.named_label(GROUP_TOTAL, lambda lang: terms.name_in(node, lang)) if node else name
    dept_total = rows.total(row, text, parts, "label_bold", (name, "", ""), carried=absent)
    rows.layout.departments[dept] = dept_total
    return row + 1, dept_total


def _group(rows: _Rows, row: int, g: Group, dept_name: str) -> tuple[int, list[Refs]]:
    """A named group: its title, its projects and its total (its status where it binds);
    projects without a group: their rows only. Returns the next row and the refs to add up."""
    s = rows.sheet
    if not g.name:
        refs = [rows.project(r, p, dept_name) for r, p in enumerate(g.projects, start=row)]
        return row + len(refs), refs
    group = terms.master_text(g.projects[0], "group")
    rows.layout.keeps.append(Keep(row, row + 1))  # the group's title and its first project
    s.text(row, LABEL, group, "kpi_group")
    rows.helpers(row, dept_name, group, "")
    row += 1
    refs = [rows.project(r, p, dept_name) for r, p in enumerate(g.projects, start=row)]
    row += len(refs)
    absent = rows.c.not_returned(g.department)
    group_total = rows.total(
        row,
        _group_total(g.projects[0]),
        refs,
        "label_bold",
        (dept_name, group, label(BINDING_WORDS[Binding.GROUP]) if g.bound else ""),
        carried=absent,
    )
    if absent:
        s.text(row, STATUS, not_returned_word(), "status")
    elif g.bound:
        if len(g.bound) == len(g.projects):
            forecast: Expr = group_total[NET][Column.FORECAST]
            budget: Expr = group_total[NET][Column.TA_AMENDED]
        else:  # the group binds only the projects not bound one by one
            bound = [rows.layout.projects[p.id][1][NET] for p in g.bound]
            forecast = Sum(tuple(b[Column.FORECAST] for b in bound))
            budget = Sum(tuple(b[Column.TA_AMENDED] for b in bound))
        write_status(s, row, STATUS, [(_over(forecast, budget), OVERRUN)])
    else:
        s.text(row, STATUS, "", "status")
    rows.layout.groups[(g.department, g.name)] = row
    rows.chart.append((group, group_total, dept_name))
    return row + 1, [group_total]


def _group_total(p: Project) -> str:
    """'Talonrakennus yhteensä' (and 'Husbyggnad totalt' in a bilingual run)."""

    def group_in(lang: str) -> str:
        return terms.text_in(p, "group", lang)

    return terms.named_label(GROUP_TOTAL, group_in)


def _chart(
    sheet: Sheet,
    master: Master,
    bars: list[tuple[str, Refs, str]],
    header: int,
    top: int,
    px: int,
) -> None:
    """Each group's (and ungrouped project's) net amended budget beside its net forecast, in
    thousands of euros: a table right of everything, and a native bar chart over it."""
    if not bars:
        return
    y = master.period.year
    col = CHART_COL
    titles = (
        label(terms.PROJECT_GROUP),
        label("Revised budget {year}, net, €1,000", year=y),
        label("Forecast outturn {year}, net, €1,000", year=y),
    )
    sheet.columns({col: 36, col + 1: 16, col + 2: 16})
    for k, title in enumerate(titles):
        sheet.text(header, col + k, title, "header_left" if k == 0 else "header")
    names = [name for name, _r, _d in bars]
    for r, (name, refs, dept) in enumerate(bars, start=header + 1):
        # a group's name that two departments use says whose it is
        sheet.text(r, col, f"{name} ({dept})" if names.count(name) > 1 else name, "helper")
        sheet.formula(r, col + 1, Scaled(refs[NET][Column.TA_AMENDED], 1000), "keur")
        sheet.formula(r, col + 2, Scaled(refs[NET][Column.FORECAST], 1000), "keur")
    last = header + len(bars)
    chart = sheet.workbook.add_chart({"type": "bar"})
    chart.set_title(
        {
            "name": label(
                "Investments: revised budget and forecast outturn by project group, €1,000"
            ),
            "name_font": {"name": "Arial", "size": 10, "bold": True},
        }
    )
    chart.set_x_axis({"num_format": localized(INTEGER), "num_font": FONT, "major_gridlines": GRID})
    chart.set_y_axis({"label_position": "low", "reverse": True, "num_font": FONT})
    chart.set_legend({"position": "bottom", "font": FONT})
    chart.set_chartarea({"border": {"color": "#BFBFBF"}})
    for k, colour in ((1, "#9DC3E6"), (2, "#1F4E79")):
        chart.add_series(
            {
                "name": [sheet.name, header, col + k],
                "categories": [sheet.name, header + 1, col, last, col],
                "values": [sheet.name, header + 1, col + k, last, col + k],
                "fill": {"color": colour},
                "border": {"color": colour},
                "gap": 60,
            }
        )
    width = sum(sheet.pixels(c) for c in range(LAST_PRINTED + 1)) * 2 // 3
    chart.set_size({"width": width, "height": px})
    columns = f"{xl_col_to_name(col)}–{xl_col_to_name(col + 2)}"
    alt = _(
        "Horizontal bar chart of the investment part by project group: the net revised budget "
        "{year} and the net forecast outturn {year} side by side, in thousands of euros "
        "({groups} groups and projects without a group). The figures are a table in this "
        "sheet's columns {columns}."
    ).format(year=y, groups=len(bars), columns=columns)
    sheet.ws.insert_chart(top, 0, chart, {"object_position": 3, "description": alt})
