"""The strategy sheet (Strategia): a status matrix, then every objective with its realization.

Layout, top to bottom:

- a matrix: for every strategic goal (a row of its own, with the goal's counts) and each of its
  departments (the rows below it), how many objectives are in each status, every count a
  COUNTIFS over the table below (so it follows edits of the Tila column), with traffic-light
  colours; a last row counts the whole city;
- the table, as the seed prints it: a title per strategy table ("Strateginen päämäärä:
  ELINVOIMAINEN KAUPUNKI, KESKUSVIRASTO"), the table's UN goals by name under it ("3
  TERVEYTTÄ JA HYVINVOINTIA · 6 …"; master data give SDGs per table, not per objective),
  then its objectives: objective, actions, owner and schedule, metrics, realization text and
  status. The column titles repeat on every printed page.

Print: columns A-H only (the table's six, and the matrix's last two), so on A4 landscape the
text prints at 8.8 points or more (10-point text fitted to the page's width) and long texts
wrap into taller rows instead of shrinking the page. Right of the printed area, each objective
row carries its goal, department and id (S001): the matrix's COUNTIFS count those columns, and
none of them is printed. The autofilter covers the table's own columns A-F (status included).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..formulas import CountIfs, Ref, Sum, TextColumn, TextRef
from ..i18n import N_, _, label, terms
from ..layout import (  # one list for templates and report
    ALL_STATUSES,
    NOT_REPORTED,
)
from ..model import Master, Objective
from ..reconcile import Consolidation
from ..sdg import sdg_label
from .formats import STATUS_COLOURS
from .measure import fitted_width, pack_lines, text_height, width_for, wrapped_lines
from .page import keep_together, smallest_scale
from .sheet import Sheet

# The table's printed columns (0-based), then the matrix's two last ones (printed, empty in the
# table), then the helper columns right of the printed area.
OBJECTIVE, ACTIONS, OWNER, METRICS, REALIZATION, STATUS = range(6)
MATRIX_LAST = STATUS + 2  # the matrix: labels in A, a status a column in B-G, Yhteensä in H
GOAL, DEPT, ID = range(MATRIX_LAST + 1, MATRIX_LAST + 4)
WIDTHS = {
    OBJECTIVE: 24,
    ACTIONS: 26,
    OWNER: 18,
    METRICS: 21,
    REALIZATION: 32,
    STATUS: 12,
    STATUS + 1: 9,
    MATRIX_LAST: 9,
    GOAL: 24,
    DEPT: 20,
    ID: 8,
}
WIDEST = 1.2  # a column widens at most this much for a long word
MIN_SCALE = 0.85  # of the 10-point text on paper: 8.5 points (8 at the least, as asked)
GROUP_TITLE = N_("Strategic goal: {goal}, {department}")
SDG_LINE = N_("UN Sustainable Development Goals (SDG): {names}")
SDG_SEPARATOR = " · "  # between goals' names, which themselves hold commas
MATRIX_TITLE = N_("Strategic goal and department")
MATRIX_TOTAL = N_("Total")
CITY_TOTAL = N_("All in total")


def canonical_status(status: str) -> str:
    """A known status as its canonical key (written in any language, or both); blank is
    'Ei raportoitu'; others kept as they are."""
    s = " ".join(status.split())
    if not s:
        return NOT_REPORTED
    for known in ALL_STATUSES:
        if s.casefold() == known.casefold():
            return known
    return terms.status_key(s) or s


def status_text(status: str) -> str:
    """A status as the report writes it: a canonical key in the run's words, others as they
    are."""
    return terms.status_label(status)


@dataclass(frozen=True)
class Row:
    goal: str
    department: str
    objective: Objective
    realization: str
    status: str


def rows_of(c: Consolidation) -> list[Row]:
    """Every objective with its realization, grouped by table (goal, then department) in the
    order the master data first names them."""
    out = []
    for o in c.master.objectives:
        node = c.master.centre(o.department)
        r = c.realizations.get(o.id)
        out.append(
            Row(
                o.goal,
                terms.centre_name(node) if node else o.department,
                o,
                r.text if r else "",
                canonical_status(r.status if r else ""),
            )
        )
    order = {pair: i for i, pair in enumerate(dict.fromkeys(_pair(r) for r in out))}
    goals = {goal: i for i, goal in enumerate(dict.fromkeys(r.goal for r in out))}
    return sorted(out, key=lambda r: (goals[r.goal], order[_pair(r)]))


def _pair(r: Row) -> tuple[str, str]:
    return r.goal, r.department


def _widths(rows: list[Row]) -> dict[int, float]:
    """WIDTHS, widened a little where a word would not fit its column: objectives and goals
    (in the matrix) are bold; the matrix's status titles too."""
    texts = {
        OBJECTIVE: ([r.objective.objective for r in rows] + [r.goal for r in rows], True),
        ACTIONS: ([r.objective.actions for r in rows], False),
        OWNER: ([r.objective.owner_schedule for r in rows], False),
        METRICS: ([r.objective.metrics for r in rows], False),
        REALIZATION: ([r.realization for r in rows], False),
        STATUS: ([status_text(r.status) for r in rows], False),
        GOAL: ([r.goal for r in rows], False),
        DEPT: ([r.department for r in rows], False),
    }
    widths: dict[int, float] = dict(WIDTHS)
    for col, (items, bold) in texts.items():
        widths[col] = fitted_width(WIDTHS[col], items, bold=bold, most=WIDEST)
    for k, status in enumerate(_matrix_titles()):  # the matrix's titles, bold
        col = 1 + k
        widths[col] = max(widths[col], fitted_width(WIDTHS[col], [status], bold=True))
    # the matrix's goals on one line where the page allows
    goals = [width_for(r.goal, bold=True) for r in rows]
    widths[OBJECTIVE] = max(
        [widths[OBJECTIVE], *(min(w, WIDTHS[OBJECTIVE] * WIDEST) for w in goals)]
    )
    widths[ID] = max([WIDTHS[ID], *(width_for(r.objective.id) for r in rows)])
    return _readable(widths)


def _readable(widths: dict[int, float]) -> dict[int, float]:
    """The widths, the printed columns' widening (beyond WIDTHS) taken back as far as needed
    for the page to print at MIN_SCALE or more: a long word may then break, the text stays
    readable."""
    printed = range(MATRIX_LAST + 1)
    extra = {col: widths[col] - WIDTHS[col] for col in printed}

    def scaled(share: float) -> dict[int, float]:
        return {**widths, **{col: WIDTHS[col] + share * extra[col] for col in printed}}

    low, high = 0.0, 1.0
    if smallest_scale(scaled(high)[c] for c in printed) >= MIN_SCALE:
        return widths
    for _step in range(20):  # bisect the share of the widening kept
        mid = (low + high) / 2
        if smallest_scale(scaled(mid)[c] for c in printed) >= MIN_SCALE:
            low = mid
        else:
            high = mid
    return scaled(low)


def _matrix_titles() -> tuple[str, ...]:
    """The matrix's column titles: the statuses in the run's words, then Yhteensä."""
    return (*(status_text(s) for s in ALL_STATUSES), label(MATRIX_TOTAL))


def _table_titles(master: Master) -> dict[int, str]:
    p = master.period
    months = f"{p.first_month}-{p.last_month}/{p.year}"  # as the seed writes it here: 1-6/2023
    return {
        OBJECTIVE: label(terms.OBJECTIVE),
        ACTIONS: label(terms.ACTIONS),
        OWNER: label(terms.OWNER),
        METRICS: label(terms.METRICS),
        REALIZATION: label(terms.REALIZATION, months=months),
        STATUS: label(terms.STATUS),
        GOAL: label(terms.GOAL),
        DEPT: label(N_("Department")),
        ID: label(terms.STRATEGY_ID),
    }


def write_strategy_sheet(sheet: Sheet, c: Consolidation) -> tuple[int, int]:
    """Returns (header row of the table, number of objective rows). Sets the print area and
    the page breaks that keep a table's title with its first objective; print_setup does
    the rest."""
    master = c.master
    ws = sheet.ws
    rows = rows_of(c)
    pairs = list(dict.fromkeys(_pair(r) for r in rows))
    goals = list(dict.fromkeys(g for g, _d in pairs))
    widths = _widths(rows)
    sheet.columns(widths)
    line_px = sum(sheet.pixels(col) for col in range(STATUS + 1)) * 0.95 - 10  # a safe margin

    sheet.text(0, 0, label("Realisation of the strategy"), "title")
    sheet.text(
        1,
        0,
        _(
            "{city} · {period} · the objectives' status by strategic goal and department; the "
            "objectives with their actions table by table below"
        ).format(city=master.settings.city, period=master.period.label),
        "subtitle",
    )
    matrix_top = 3
    table_header = matrix_top + 1 + len(goals) + len(pairs) + 1 + 1

    # The table first (the matrix's formulas need its texts), then the matrix above it.
    titles = _table_titles(master)
    for col, title in titles.items():
        sheet.text(table_header, col, title, "header")
    sheet.set_row(
        table_header,
        max(30.0, *(text_height(t, widths[col], bold=True) for col, t in titles.items())),
    )
    row = table_header
    helper: dict[int, list[str]] = {GOAL: [], DEPT: [], STATUS: []}
    groups: list[tuple[int, int]] = []  # (title row, first objective row): kept on one page
    for goal, dept in pairs:
        group = [r for r in rows if _pair(r) == (goal, dept)]
        code = group[0].objective.department
        title_row = row + 1
        title = _(GROUP_TITLE).format(goal=goal, department=dept)
        lines = pack_lines(title, line_px / 1.1, bold=True)  # 11 points, not 10
        numbers = master.sdgs_of(goal, code)
        if numbers:
            names = SDG_SEPARATOR.join(sdg_label(n) for n in numbers)
            sdg_lines = pack_lines(_(SDG_LINE).format(names=names), line_px, SDG_SEPARATOR)
        else:
            sdg_lines = []
        for k, text in enumerate(lines):
            row += 1
            sheet.text(row, OBJECTIVE, text, "group" if k == 0 else "group_more")
            for col in range(OBJECTIVE + 1, STATUS + 1):
                sheet.text(row, col, "", "group_fill" if k == 0 else "plain")
            sheet.set_row(row, 17.25)
        for text in sdg_lines:
            row += 1
            sheet.text(row, OBJECTIVE, text, "sdg_line")
        first = row + 1
        for r in group:
            row += 1
            _objective_row(sheet, row, r, widths)
        # a title keeps its first objective; the first also keeps the column titles above it
        groups.append((title_row if groups else table_header, first))
        ws.data_validation(
            first,
            STATUS,
            row,
            STATUS,
            {
                "validate": "list",
                "source": [status_text(s) for s in ALL_STATUSES],
                "error_title": label(terms.STATUS),
                "error_message": _("Choose a status from the list."),
            },
        )
        _traffic_lights(sheet, first, row, STATUS, STATUS)
        for _row in range(title_row, first):  # title and SDG rows: nothing to count
            for texts in helper.values():
                texts.append("")
        helper[GOAL] += [r.goal for r in group]
        helper[DEPT] += [r.department for r in group]
        helper[STATUS] += [status_text(r.status) for r in group]
    first_row = table_header + 1
    last = max(row, first_row)
    if not rows:
        sheet.text(first_row, 0, _("No strategic objectives in the master data."))
    # The filter covers the printed table (A-F) only: the matrix's columns G-H are blank in
    # the table's rows, and a filtered range must hold no blank column (accessibility).
    ws.autofilter(table_header, 0, last, STATUS)
    ws.freeze_panes(first_row, 0)

    columns = {
        key: TextColumn(sheet.name, col, first_row, tuple(helper[col]))
        for key, col in (("goal", GOAL), ("dept", DEPT), ("status", STATUS))
    }
    _matrix(sheet, matrix_top, pairs, columns, widths)

    ws.print_area(0, 0, last, MATRIX_LAST)
    breaks = keep_together(sheet, groups, last, MATRIX_LAST, table_header)
    if breaks:
        ws.set_h_pagebreaks(breaks)
    return table_header, len(rows)


def _objective_row(sheet: Sheet, row: int, r: Row, widths: dict[int, float]) -> None:
    o = r.objective
    texts = {
        OBJECTIVE: o.objective,
        ACTIONS: o.actions,
        OWNER: o.owner_schedule,
        METRICS: o.metrics,
        REALIZATION: r.realization,
    }
    for col, text in texts.items():
        sheet.text(row, col, text, "cell_bold" if col == OBJECTIVE else "cell")
    status = status_text(r.status)
    sheet.text(row, STATUS, status, "cell_center")
    for col, text in ((GOAL, r.goal), (DEPT, r.department), (ID, o.id)):
        sheet.text(row, col, text, "helper")
    heights = [text_height(t, widths[col], bold=col == OBJECTIVE) for col, t in texts.items()]
    heights.append(text_height(status, widths[STATUS]))
    sheet.set_row(row, max(heights))


def _matrix(
    sheet: Sheet,
    top: int,
    pairs: list[tuple[str, str]],
    columns: dict[str, TextColumn],
    widths: dict[int, float],
) -> None:
    """Counts per goal, per (goal, department) and status: COUNTIFS over the table's columns.

    Each goal is a row of its own (its counts in bold) above its departments' rows, so no cell
    needs merging; a criterion points at its label cell (goal or department name)."""
    sheet.text(top, 0, label(MATRIX_TITLE), "header_left")
    titles = _matrix_titles()
    status_refs: list[TextRef] = []
    for k, status in enumerate(titles[:-1]):
        sheet.text(top, 1 + k, status, "header")
        status_refs.append(TextRef(sheet.name, top, 1 + k, status))
    total_col = 1 + len(ALL_STATUSES)
    sheet.text(top, total_col, titles[-1], "header")
    sheet.set_row(
        top,
        max(30.0, *(text_height(t, widths[1 + k], bold=True) for k, t in enumerate(titles))),
    )
    row = top
    totals: list[Ref] = []
    for goal in dict.fromkeys(g for g, _d in pairs):
        row += 1
        sheet.text(row, 0, goal, "matrix_goal")
        sheet.set_row(row, text_height(goal, widths[0], bold=True))
        goal_ref = TextRef(sheet.name, row, 0, goal)
        by_goal = ((columns["goal"], goal_ref),)
        for k, status_ref in enumerate(status_refs):
            expr = CountIfs((*by_goal, (columns["status"], status_ref)))
            sheet.formula(row, 1 + k, expr, "count_goal")
        sheet.formula(row, total_col, CountIfs(by_goal), "count_goal")
        for _g, dept in (p for p in pairs if p[0] == goal):
            row += 1
            sheet.text(row, 0, dept, "matrix_label")
            sheet.set_row(row, text_height(dept, widths[0] - 2))
            base = (*by_goal, (columns["dept"], TextRef(sheet.name, row, 0, dept)))
            for k, status_ref in enumerate(status_refs):
                expr = CountIfs((*base, (columns["status"], status_ref)))
                sheet.formula(row, 1 + k, expr, "count")
            totals.append(sheet.formula(row, total_col, CountIfs(base), "count_bold"))
    row += 1
    city_total = label(CITY_TOTAL)
    sheet.text(row, 0, city_total, "matrix_goal")
    if wrapped_lines(city_total, widths[0], bold=True) > 1:  # a bilingual label: two lines
        sheet.set_row(row, text_height(city_total, widths[0], bold=True))
    for k, status_ref in enumerate(status_refs):
        expr = CountIfs(((columns["status"], status_ref),))
        sheet.formula(row, 1 + k, expr, "count_goal")
    sheet.formula(row, total_col, Sum(tuple(totals)), "count_goal")
    for k, status in enumerate(ALL_STATUSES):
        col = 1 + k
        fill = sheet.fmt[f"cf_{status}"]
        sheet.ws.conditional_format(
            top + 1, col, row, col, {"type": "cell", "criteria": ">", "value": 0, "format": fill}
        )


def _traffic_lights(sheet: Sheet, first: int, last: int, col0: int, col1: int) -> None:
    for status in STATUS_COLOURS:
        sheet.ws.conditional_format(
            first,
            col0,
            last,
            col1,
            {
                "type": "cell",
                "criteria": "==",
                "value": '"' + status_text(status) + '"',
                "format": sheet.fmt[f"cf_{status}"],
            },
        )
