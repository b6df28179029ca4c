"""The strategy sheet (Strategia): a status matrix, then every objective with its realization.

Layout, top to bottom:

- a matrix: for every strategic goal and department, how many objectives are in each status,
  each count a COUNTIFS over the table below (so it follows edits of the Tila column), with
  traffic-light colours; a last row counts the whole city;
- the table: goal, department, objective, actions, owner and schedule, metrics, realization
  text, status and SDG tags, with an autofilter and its header row frozen and repeated on every
  printed page.

An objective nobody reported on shows "Ei raportoitu". SDG tags are numbers 1-17, one per
column, as many columns as the objective with the most tags needs (at least three): every tag
stays a number that sorts, filters and validates (whole number 1-17), where one text column
"3 5 11" would not. Every such column is titled just "SDG", the seed's title: the number under
it is the goal (S001's "3" reads as SDG 3), where "SDG 1." over a 3 would read as goal 1.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..formulas import CountIfs, Ref, Sum, TextColumn, TextRef
from ..model import Objective
from ..reconcile import Consolidation
from ..templates.layout import (  # one list for templates and report
    ALL_STATUSES,
    NOT_REPORTED,
)
from .formats import STATUS_COLOURS
from .measure import fitted_width, text_height
from .sheet import Sheet

MIN_SDG_COLUMNS = 3

# Table columns (0-based) and widths; the matrix reuses columns A-B for its labels and
# C onwards for the counts.
GOAL, DEPT, OBJECTIVE, ACTIONS, OWNER, METRICS, REALIZATION, STATUS, ID, SDG = range(10)
WIDTHS = {
    GOAL: 13,
    DEPT: 17,
    OBJECTIVE: 23,
    ACTIONS: 24,
    OWNER: 17,
    METRICS: 20,
    REALIZATION: 30,
    STATUS: 12,
    ID: 9,
}
SDG_WIDTH = 5
SDG_TITLE = "SDG"  # over every tag column: the number below it is the goal


def canonical_status(status: str) -> str:
    """A known status in its canonical spelling; blank is 'Ei raportoitu'; others kept as is."""
    s = " ".join(status.split())
    if not s:
        return NOT_REPORTED
    for known in ALL_STATUSES:
        if s.casefold() == known.casefold():
            return known
    return s


@dataclass(frozen=True)
class Row:
    goal: str
    department: str
    objective: Objective
    realization: str
    status: str


def rows_of(c: Consolidation) -> list[Row]:
    out = []
    for o in c.master.objectives:
        node = c.master.centre(o.department)
        r = c.realizations.get(o.id)
        out.append(
            Row(
                o.goal,
                node.name if node else o.department,
                o,
                r.text if r else "",
                canonical_status(r.status if r else ""),
            )
        )
    return out


def _widths(rows: list[Row]) -> dict[int, float]:
    """WIDTHS, widened where a word would not fit its column: goals are bold in the matrix,
    objectives in the table."""
    texts = {
        GOAL: ([r.goal for r in rows], True),
        DEPT: ([r.department for r in rows], False),
        OBJECTIVE: ([r.objective.objective for r in rows], True),
        ACTIONS: ([r.objective.actions for r in rows], False),
        OWNER: ([r.objective.owner_schedule for r in rows], False),
        METRICS: ([r.objective.metrics for r in rows], False),
        REALIZATION: ([r.realization for r in rows], False),
        STATUS: ([r.status for r in rows], False),
    }
    widths: dict[int, float] = dict(WIDTHS)
    for col, (items, bold) in texts.items():
        widths[col] = fitted_width(WIDTHS[col], items, bold=bold)
    return widths


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def write_strategy_sheet(sheet: Sheet, c: Consolidation) -> tuple[int, int]:
    """Returns (header row of the table, number of objective rows)."""
    master = c.master
    ws = sheet.ws
    rows = rows_of(c)
    goals = _unique([r.goal for r in rows])
    pairs = [(g, d) for g in goals for d in _unique([r.department for r in rows if r.goal == g])]
    sdg_slots = max([MIN_SDG_COLUMNS, *(len(r.objective.sdg) for r in rows)])
    last_col = SDG + sdg_slots - 1
    widths = _widths(rows)
    sheet.columns({**widths, **{SDG + i: SDG_WIDTH for i in range(sdg_slots)}})

    sheet.text(0, 0, "Strategian toteutuminen", "title")
    sheet.text(
        1,
        0,
        f"{master.settings.city} · {master.period.label} · tavoitteiden tila strategisen "
        "päämäärän ja toimialan mukaan; tavoitteet toimenpiteineen taulukossa alla; "
        "SDG = YK:n kestävän kehityksen tavoitteen numero (1–17)",
        "subtitle",
    )
    matrix_top = 3
    table_header = matrix_top + len(pairs) + 3
    first = table_header + 1

    # The table first (the matrix's formulas need its texts), then the matrix above it.
    titles = [
        "Strateginen päämäärä",
        "Toimiala",
        "Tavoite",
        "Toimenpiteet",
        "Vastuu ja aikataulu",
        "Mittarit, arviointi",
        f"Toteuma {master.period.first_month}-{master.period.last_month}/{master.period.year}",
        "Tila",
        "Tunnus",
    ]
    for col, title in enumerate(titles):
        sheet.text(table_header, col, title, "header")
    for i in range(sdg_slots):
        sheet.text(table_header, SDG + i, SDG_TITLE, "header")
    sheet.set_row(table_header, 30)
    for i, r in enumerate(rows):
        row = first + i
        o = r.objective
        texts = {
            GOAL: r.goal,
            DEPT: r.department,
            OBJECTIVE: o.objective,
            ACTIONS: o.actions,
            OWNER: o.owner_schedule,
            METRICS: o.metrics,
            REALIZATION: r.realization,
        }
        for col, text in texts.items():
            sheet.text(row, col, text, "cell_bold" if col == OBJECTIVE else "cell")
        bold = text_height(o.objective, widths[OBJECTIVE], bold=True)
        sheet.text(row, STATUS, r.status, "cell_center")
        sheet.text(row, ID, o.id, "cell_center")
        for k in range(sdg_slots):
            if k < len(o.sdg):
                sheet.ws.write_number(row, SDG + k, o.sdg[k], sheet.fmt["sdg"])
            else:
                sheet.ws.write_blank(row, SDG + k, None, sheet.fmt["sdg"])
        sheet.set_row(row, max(bold, *(text_height(t, widths[col]) for col, t in texts.items())))
    last = first + max(len(rows), 1) - 1
    if not rows:
        sheet.text(first, 0, "Ei strategisia tavoitteita pääaineistossa.")
    ws.autofilter(table_header, 0, last, last_col)
    ws.freeze_panes(first, 0)
    ws.data_validation(
        first,
        SDG,
        last,
        last_col,
        {
            "validate": "integer",
            "criteria": "between",
            "minimum": 1,
            "maximum": 17,
            "input_title": "SDG",
            "input_message": "YK:n kestävän kehityksen tavoitteen numero 1–17",
            "error_title": "SDG 1–17",
            "error_message": "YK:n kestävän kehityksen tavoitteet on numeroitu 1–17.",
        },
    )
    ws.data_validation(
        first,
        STATUS,
        last,
        STATUS,
        {
            "validate": "list",
            "source": list(ALL_STATUSES),
            "error_title": "Tila",
            "error_message": "Valitse tila luettelosta.",
        },
    )
    _traffic_lights(sheet, first, last, STATUS, STATUS)

    columns = {
        "goal": TextColumn(sheet.name, GOAL, first, tuple(r.goal for r in rows)),
        "dept": TextColumn(sheet.name, DEPT, first, tuple(r.department for r in rows)),
        "status": TextColumn(sheet.name, STATUS, first, tuple(r.status for r in rows)),
    }
    _matrix(sheet, matrix_top, pairs, columns)
    return table_header, len(rows)


def _matrix(
    sheet: Sheet,
    top: int,
    pairs: list[tuple[str, str]],
    columns: dict[str, TextColumn],
) -> None:
    """Counts per (goal, department) and status: COUNTIFS over the table's columns."""
    ws = sheet.ws
    first_count = OBJECTIVE
    sheet.text(top, GOAL, "Strateginen päämäärä", "header_left")
    sheet.text(top, DEPT, "Toimiala", "header_left")
    status_refs: list[TextRef] = []
    for k, status in enumerate(ALL_STATUSES):
        sheet.text(top, first_count + k, status, "header")
        status_refs.append(TextRef(sheet.name, top, first_count + k, status))
    total_col = first_count + len(ALL_STATUSES)
    sheet.text(top, total_col, "Yhteensä", "header")
    sheet.set_row(top, 30)
    row = top
    totals: list[Ref] = []
    for goal, dept in pairs:
        row += 1
        sheet.text(row, GOAL, goal, "matrix_goal")  # on every row: no merged cells
        sheet.set_row(row, text_height(goal, sheet.widths[GOAL], bold=True))
        sheet.text(row, DEPT, dept, "matrix_label")
        goal_ref = TextRef(sheet.name, _first_row(pairs, goal, top), GOAL, goal)
        dept_ref = TextRef(sheet.name, row, DEPT, dept)
        base = ((columns["goal"], goal_ref), (columns["dept"], dept_ref))
        for k, status_ref in enumerate(status_refs):
            expr = CountIfs((*base, (columns["status"], status_ref)))
            sheet.formula(row, first_count + k, expr, "count")
        totals.append(sheet.formula(row, total_col, CountIfs(base), "count_bold"))
    row += 1
    sheet.text(row, GOAL, "Kaikki yhteensä", "matrix_goal")
    sheet.text(row, DEPT, "", "matrix_goal")
    for k, status_ref in enumerate(status_refs):
        expr = CountIfs(((columns["status"], status_ref),))
        sheet.formula(row, first_count + k, expr, "count_bold")
    sheet.formula(row, total_col, Sum(tuple(totals)), "count_bold")
    for k, status in enumerate(ALL_STATUSES):
        col = first_count + k
        fill = sheet.fmt[f"cf_{status}"]
        ws.conditional_format(
            top + 1, col, row, col, {"type": "cell", "criteria": ">", "value": 0, "format": fill}
        )


def _first_row(pairs: list[tuple[str, str]], goal: str, top: int) -> int:
    return top + 1 + next(i for i, (g, _d) in enumerate(pairs) if g == goal)


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
                "value": '"' + status + '"',
                "format": sheet.fmt[f"cf_{status}"],
            },
        )
