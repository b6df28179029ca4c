"""The template's *Investoinnit* sheet: a department's investment projects and their live checks.

One row per project (by group, in investments.csv's order): the project, its group and its
amended budget's expenditure and income (locked), the actual and the year-end forecast of each
(yellow inputs; with a ledger the actuals are the ledger's, locked), the difference of the net
forecast from the net amended budget (a formula), the status from a list and an explanation.

The live checks are short formulas of the row's own cells, the rules' own tests
(reconcile/investments.py): a text in a number cell is flagged (never parsed), margins read
numbers with SUM(cell), so nothing shows #VALUE!; the hints' texts are the sheet's defined
names (kemixl_negative, kemixl_below, ...), each written once, so a row's check stays well
under 600 characters in every language however many projects there are. Two hidden helper
columns, locked on the protected sheet (a department cannot overwrite them, and a formula typed
over is template-altered): each row's forecast relative to its budget, and on the summary row
the count of inputs typed and the unit the forecasts' median means (thousands, cents).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from ..formulas import Area, Cell, Const, Literal, Node, Op, Value, XLError, call
from ..formulas.names import Named, define, definitions
from ..i18n import N_, _, label, terms
from ..investment import groups
from ..ledger import Ledger
from ..model import EXPENDITURE, FLOWS, INCOME, Column, Line, Master, Project
from ..reconcile.plausibility import Unit, unit_bounds
from ..report.measure import text_height
from . import checks as K
from .book import typed as typed_value

HEADER = 4
FIRST = HEADER + 1
SUMMARY = 3
PROJECT, GROUP, AMENDED, AMENDED_INCOME = 0, 1, 2, 3
INPUT_COLS = {
    (EXPENDITURE, Column.ACTUAL): 4,
    (INCOME, Column.ACTUAL): 5,
    (EXPENDITURE, Column.FORECAST): 6,
    (INCOME, Column.FORECAST): 7,
}
DIFFERENCE, STATUS, EXPLANATION, CHECK, RATIO, UNIT = 8, 9, 10, 11, 12, 13
TYPED_AT = (SUMMARY, RATIO)  # the inputs typed, on the summary row of the helper column
WIDTHS = {0: 36, 1: 16, 2: 13, 3: 13, 4: 13, 5: 13, 6: 13, 7: 13, 8: 12, 9: 17, 10: 36, 11: 28}

TOTAL = N_("Total")
HINT_EXPLAIN = N_("Explain the overrun")
HINT_STATUS = N_("Choose the project's status")
FILL = N_(
    "Fill in the yellow cells: each project's actual and year-end forecast in euros, "
    "expenditure as negative and income (state aid, other contributions) as positive numbers, "
    "its status and, where it overruns its budget, an explanation."
)
FILL_LEDGER = N_(
    "Fill in the yellow cells: each project's year-end forecast in euros, expenditure as "
    "negative and income (state aid, other contributions) as positive numbers, its status and, "
    "where it overruns its budget, an explanation. The actual is from the accounts."
)
RATIO_TITLE = N_("kemixl: forecast relative to the budget")
UNIT_TITLE = N_("kemixl: unit")


def titles(master: Master) -> dict[int, str]:
    p = master.period
    out = {
        PROJECT: label(terms.PROJECT),
        GROUP: label(terms.PROJECT_GROUP),
        AMENDED: terms.flow_title(p, Column.TA_AMENDED, EXPENDITURE),
        AMENDED_INCOME: terms.flow_title(p, Column.TA_AMENDED, INCOME),
        DIFFERENCE: label(terms.DIFFERENCE),
        STATUS: label(terms.PROJECT_STATUS),
        EXPLANATION: label(terms.PROJECT_EXPLANATION),
        CHECK: label(terms.CHECK_TITLE),
        RATIO: label(RATIO_TITLE),
        UNIT: label(UNIT_TITLE),
    }
    out.update({col: terms.flow_title(p, c, flow) for (flow, c), col in INPUT_COLS.items()})
    return out


def status_words() -> list[str]:
    """The status list in the template's language(s), as its cells hold them."""
    return [terms.project_status_label(key) for key in terms.PROJECT_STATUS_WORDS]


class _Writer:
    def __init__(
        self, book: Any, ws: Any, sheet: str, master: Master, ledger: Ledger | None
    ) -> None:
        self.book, self.ws, self.sheet, self.master = book, ws, sheet, master
        self.ledger = ledger
        self.inputs = (Column.FORECAST,) if ledger is not None else (Column.ACTUAL, Column.FORECAST)
        self.layout: list[tuple[str, str]] = []
        self.hints: list[Node] = []  # each row's check, whose texts are the sheet's names

    def put(self, row: int, col: int, node: Node, fmt: Any = None) -> Cell:
        """A formula with its value, recorded in the layout (a formula typed over is
        template-altered)."""
        self.layout.append((f"formula:{xl_rowcol_to_cell(row, col)}", ""))
        return K.put_formula(self.ws, self.sheet, row, col, node, fmt)

    def fixed(self, row: int, col: int, text: str, kind: str, fmt: Any) -> None:
        self.ws.write_string(row, col, text, fmt)
        self.layout.append((f"{kind}:{xl_rowcol_to_cell(row, col)}", text))


def write_investments_sheet(
    book: Any, ws: Any, master: Master, dept: str, ledger: Ledger | None = None
) -> list[tuple[str, str]]:
    """The sheet; returns its layout records (column titles, project labels, formula cells)
    for the template's stamp."""
    node = master.centre(dept)
    assert node is not None
    sheet = book.names.investments
    w = _Writer(book, ws, sheet, master, ledger)
    ws.write_string(0, 0, _("{name}: investments").format(name=terms.centre_name(node)), book.title)
    unit = _("{city} · {title} · euros").format(
        city=master.settings.city, title=master.settings.title
    )
    ws.write_string(1, 0, unit, book.sub)
    ws.write_string(2, 0, _(FILL_LEDGER if ledger is not None else FILL), book.sub)
    names = titles(master)
    for col, text in names.items():
        kind = "header" if col in (AMENDED, AMENDED_INCOME, *INPUT_COLS.values()) else "label"
        w.fixed(HEADER, col, text, kind, book.header)
    for col, width in WIDTHS.items():
        ws.set_column(col, col, width)
    ws.set_column(RATIO, UNIT, 12, None, {"hidden": True})
    tallest = max(text_height(t, WIDTHS[c], bold=True) for c, t in names.items() if c in WIDTHS)
    ws.set_row(HEADER, max(30, tallest))
    ws.freeze_panes(FIRST, 1)
    projects = [p for g in groups(master.investments, dept) for p in g.projects]
    last = FIRST + len(projects) - 1
    # what the input cells hold (blank in a template; a filling's values, the ledger's actuals)
    inputs = [_inputs(w, row, p) for row, p in enumerate(projects, start=FIRST)]
    typed = _typed(w, last, inputs)
    ratios = [_ratio(w, p, cells) for p, cells in zip(projects, inputs, strict=True)]
    unit_cell = _unit(w, last, [r.evaluate() if r is not None else None for r in ratios])
    written: dict[int, list[Value]] = {}
    hints: list[Value] = []
    for row, p in enumerate(projects, start=FIRST):
        i = row - FIRST
        held, hint = _project_row(w, row, p, inputs[i], ratios[i], typed, unit_cell)
        for col, value in held.items():
            written.setdefault(col, []).append(value)
        hints.append(hint)
    _total(w, last + 1, written)
    _summary(w, typed, last, hints)
    define(book.wb, sheet, definitions(*w.hints))
    _validations(w, last)
    _colours(w, last, typed)
    ws.print_area(0, 0, last + 1, CHECK)
    return w.layout


def _area(
    w: _Writer, first_col: int, last_col: int, last: int, values: Sequence[Value | XLError]
) -> Area:
    cells = (last - FIRST + 1) * (last_col - first_col + 1)
    padded = (*values, *([None] * (cells - len(values))))
    return Area(w.sheet, FIRST, first_col, last, last_col, padded)


def _inputs(w: _Writer, row: int, p: Project) -> dict[tuple[Line, Column], Cell]:
    """The project's input cells as written: the ledger's actuals (locked), else what the
    filling gives (book.Filling.projects), else blank."""
    given = w.book.filling.projects.get(p.id, {})
    cells: dict[tuple[Line, Column], Cell] = {}
    for (flow, column), col in INPUT_COLS.items():
        if column not in w.inputs and w.ledger is not None:
            content: Value = w.ledger.project_actual(p.id, flow)
        else:
            content = _content(given.get((flow, column)))
        cells[(flow, column)] = Cell(w.sheet, row, col, content)
    return cells


def _content(value: object) -> Value:
    """A typed value as a cell holds it: a number, a text, or nothing."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return str(value)


def _typed(w: _Writer, last: int, inputs: list[dict[tuple[Line, Column], Cell]]) -> Cell:
    """The inputs typed so far: the input area's cells that are not blank (with a ledger, the
    forecasts only). Written before the rows (their hints count on it)."""
    cols = [col for (_flow, column), col in INPUT_COLS.items() if column in w.inputs]
    first, last_col = min(cols), max(cols)
    values = [c.content for cells in inputs for c in cells.values() if first <= c.col <= last_col]
    area = _area(w, first, last_col, last, values)
    count = Op(Const(len(area.values)), "-", call("COUNTBLANK", area))
    return w.put(*TYPED_AT, count)


def _ratio(w: _Writer, p: Project, cells: dict[tuple[Line, Column], Cell]) -> Node | None:
    """The forecast relative to the budget (a hidden helper cell), where the budget is large
    enough to tell a unit by."""
    budget = p.expenditure[Column.TA_AMENDED]
    if budget == 0 or abs(budget) < w.master.settings.materiality:
        return None
    number = _number(cells[(EXPENDITURE, Column.FORECAST)])
    return call(
        "IF", Op(number, "<>", Const(0)), Op(call("ABS", number), "/", Const(abs(budget))), ""
    )


def _unit(w: _Writer, last: int, ratios: list[Value]) -> Cell:
    """The unit hint the forecasts' median ratio to the budget means (plausibility.unit_of)."""
    median = call("IFERROR", call("MEDIAN", _area(w, RATIO, RATIO, last, ratios)), 1)
    bounds = unit_bounds(w.master.settings.unit_band)
    result: Node = Literal("")
    for unit in reversed(Unit):
        low, high = bounds[unit]
        test = call("AND", Op(median, ">=", Const(low)), Op(median, "<=", Const(high)))
        result = call("IF", test, _(K.HINT_UNIT[unit]), result)
    return w.put(SUMMARY, UNIT, result)


def _project_row(
    w: _Writer,
    row: int,
    p: Project,
    cells: dict[tuple[Line, Column], Cell],
    ratio: Node | None,
    typed: Cell,
    unit: Cell,
) -> tuple[dict[int, Value], Value]:
    """The project's row; returns what its figure columns hold (for the total's SUM) and its
    hint (for the summary's count)."""
    book, ws = w.book, w.ws
    name = f"{p.id} {terms.master_text(p, 'name')}"
    group = terms.master_text(p, "group") if p.group else ""
    w.fixed(row, PROJECT, name, "label", book.text_locked)
    ws.write_string(row, GROUP, group, book.text_locked)
    # three lines at the least: room to read a short explanation typed in the row
    height = max(
        text_height("\n\n", 10),
        text_height(name, WIDTHS[PROJECT]),
        text_height(group, WIDTHS[GROUP]),
    )
    ws.set_row(row, height)
    budget = {
        flow: Cell(w.sheet, row, col, p.amount(flow, Column.TA_AMENDED))
        for flow, col in ((EXPENDITURE, AMENDED), (INCOME, AMENDED_INCOME))
    }
    for cell in budget.values():
        ws.write_number(row, cell.col, cell.content, book.top["locked"])
    for (_flow, column), cell in cells.items():
        locked = column not in w.inputs and w.ledger is not None
        typed_value(ws, row, cell.col, cell.content, book.top["locked" if locked else "input"])
    forecast = Op(
        _number(cells[(EXPENDITURE, Column.FORECAST)]),
        "+",
        _number(cells[(INCOME, Column.FORECAST)]),
    )
    # blank until a forecast is typed: a difference of the whole budget would only confuse
    typed_forecast = call(
        "OR", *(call("ISNUMBER", cells[(flow, Column.FORECAST)]) for flow in FLOWS)
    )
    net = Op(forecast, "-", Op(budget[EXPENDITURE], "+", budget[INCOME]))
    difference = w.put(row, DIFFERENCE, call("IF", typed_forecast, net, ""), book.top["formula"])
    given = w.book.filling.projects.get(p.id, {})
    status = Cell(w.sheet, row, STATUS, _content(given.get("status")))
    explanation = Cell(w.sheet, row, EXPLANATION, _content(given.get("explanation")))
    for cell in (status, explanation):
        typed_value(ws, row, cell.col, cell.content, book.input_text)
    if ratio is None:
        ws.write_blank(row, RATIO, None, book.checks["blank"])
    else:
        w.put(row, RATIO, ratio)
    hint = _hint(w, p, cells, typed, unit, difference, status, explanation)
    w.hints.append(hint)
    shown = w.put(row, CHECK, hint, book.top["check"])
    held: dict[int, Value] = {c.col: _plain(c.content) for c in (*budget.values(), *cells.values())}
    held[DIFFERENCE] = _plain(difference.content)
    return held, _plain(shown.content)


def _plain(value: Value | XLError) -> Value:
    return None if isinstance(value, XLError) else value


def _hint(
    w: _Writer,
    p: Project,
    cells: dict[tuple[Line, Column], Cell],
    typed_count: Cell,
    unit: Cell,
    difference: Cell,
    status: Cell,
    explanation: Cell,
) -> Node:
    """The row's first applicable hint, "" when it is fine (reconcile/investments.py's tests,
    the master's figures as constants)."""
    inputs = [c for (flow, column), c in cells.items() if column in w.inputs]
    first, last = min(c.col for c in inputs), max(c.col for c in inputs)
    row = inputs[0].row
    typed = Area(w.sheet, row, first, row, last, tuple(c.content for c in inputs))
    # a text: the cells that hold neither a number nor nothing (kemixl never parses them)
    texts = Op(Op(call("COUNT", typed), "+", call("COUNTBLANK", typed)), "<", Const(len(inputs)))
    cases: list[tuple[Node, Node | str]] = [(texts, _named("text", K.HINT_TEXT))]
    anything = Op(typed_count, ">", Const(0))
    budgeted = [flow for flow in FLOWS if p.amount(flow, Column.TA_AMENDED) != 0]
    for column, key, hint in (
        (Column.ACTUAL, "no_actual", K.HINT_MISSING_ACTUAL),
        (Column.FORECAST, "no_forecast", K.HINT_MISSING_FORECAST),
    ):
        tests = [Op(cells[(flow, column)], "=", Literal("")) for flow in budgeted]
        if column in w.inputs and tests:
            cases.append((call("AND", anything, call("OR", *tests)), _named(key, hint)))
    numbers = {key: _number(c) for key, c in cells.items()}
    negative = [Op(numbers[(EXPENDITURE, c)], ">", Const(0)) for c in w.inputs]
    positive = [Op(numbers[(INCOME, c)], "<", Const(0)) for c in w.inputs]
    cases.append((call("OR", *negative), _named("negative", K.HINT_SIGN_NEGATIVE)))
    cases.append((call("OR", *positive), _named("positive", K.HINT_SIGN_POSITIVE)))
    # the unit the forecasts' median means, on the rows with a forecast (as the rule names)
    forecast = Op(numbers[(EXPENDITURE, Column.FORECAST)], "<>", Const(0))
    cases.append((call("AND", forecast, Op(unit, "<>", Literal(""))), unit))
    # below the actual, each of the flow's sign (the other sign is a sign hint above)
    a, f = numbers[(EXPENDITURE, Column.ACTUAL)], numbers[(EXPENDITURE, Column.FORECAST)]
    ai, fi = numbers[(INCOME, Column.ACTUAL)], numbers[(INCOME, Column.FORECAST)]
    below = call(
        "OR",
        call(
            "AND",
            call("ISNUMBER", cells[(EXPENDITURE, Column.FORECAST)]),
            Op(a, "<", Const(0)),
            Op(f, ">", a),
        ),
        call(
            "AND",
            call("ISNUMBER", cells[(INCOME, Column.FORECAST)]),
            Op(ai, ">", Const(0)),
            Op(fi, "<", ai),
        ),
    )
    cases.append((below, _named("below", K.HINT_BELOW)))
    overrun = call(
        "AND",
        Op(call("ROUND", call("N", difference), 2), "<=", Const(-w.master.settings.materiality)),
        Op(call("TRIM", explanation), "=", Literal("")),
    )
    cases.append((overrun, _named("explain", HINT_EXPLAIN)))
    # a status: its cell takes only the list's words (a pasted other word: kemixl check)
    cases.append(
        (call("AND", anything, Op(status, "=", Literal(""))), _named("status", HINT_STATUS))
    )
    result: Node = Literal("")
    for test, then in reversed(cases):
        result = call("IF", test, then, result)
    return result


def _number(cell: Cell) -> Node:
    """An input cell as a number: SUM(G6) is 0 for a blank or a text (never #VALUE!) in
    every spreadsheet; N(G6) would be too, but Gnumeric gives #NUM! for an empty cell."""
    return call("SUM", cell)


def _named(key: str, message: str) -> Named:
    """A hint's text as a defined name of the sheet (kemixl_negative: "Väärä etumerkki: ..."):
    written once in the workbook's name list, so each row's check stays short to read."""
    return Named(f"kemixl_{key}", Literal(_(message)))


def _total(w: _Writer, row: int, values: dict[int, list[Value]]) -> None:
    """The department's total: a SUM of each figure column (its cells' contents as written:
    the locked figures, and inputs blank in a template)."""
    book = w.book
    w.fixed(row, PROJECT, label(TOTAL), "label", book.bold_label)
    for col in (AMENDED, AMENDED_INCOME, *INPUT_COLS.values(), DIFFERENCE):
        column = values.get(col, [])
        if column:
            area = Area(w.sheet, FIRST, col, row - 1, col, tuple(column))
            w.put(row, col, call("SUM", area), book.formula)


def _summary(w: _Writer, typed: Cell, last: int, shown: list[Value]) -> None:
    """'Täytä keltaiset solut', 'Tarkistuksia: 0' or the count of rows to check, above."""
    rows = last - FIRST + 1
    hints = Area(w.sheet, FIRST, CHECK, last, CHECK, tuple(shown))
    count = Op(Const(rows), "-", call("COUNTBLANK", hints))
    w.put(SUMMARY, PROJECT, K.summary(typed, count), w.book.checks["summary"])
    for col in range(1, RATIO):
        w.ws.write_blank(SUMMARY, col, None, w.book.checks["blank"])


def _validations(w: _Writer, last: int) -> None:
    p = w.master.period
    for (flow, column), col in INPUT_COLS.items():
        if column not in w.inputs:
            continue
        if flow is EXPENDITURE:
            hint = _("{column}: in euros, as a negative number (expenditure), e.g. {example}.")
            example = "-250000"
        else:
            hint = _("{column}: in euros, as a positive number (income), e.g. {example}.")
            example = "50000"
        error = _("Type the amount as a number in euros (e.g. {example}). No text, no spaces.")
        w.ws.data_validation(
            FIRST,
            col,
            last,
            col,
            {
                "validate": "decimal",
                "criteria": "between",
                "minimum": -1e12,
                "maximum": 1e12,
                "input_title": _("In euros")[:32],
                "input_message": hint.format(
                    column=terms.flow_title(p, column, flow), example=example
                )[:255],
                "error_title": _("Numbers only")[:32],
                "error_message": error.format(example=example)[:255],
            },
        )
    w.ws.data_validation(
        FIRST,
        STATUS,
        last,
        STATUS,
        {
            "validate": "list",
            "source": status_words(),
            "input_title": label(terms.PROJECT_STATUS)[:32],
            "input_message": _("Choose the project's status from the list.")[:255],
        },
    )
    w.ws.data_validation(
        FIRST,
        EXPLANATION,
        last,
        EXPLANATION,
        {
            "validate": "length",
            "criteria": "<=",
            "value": 32000,
            "input_title": _("Text")[:32],
            "input_message": _("Free text; a new line with Alt+Enter.")[:255],
        },
    )


def _colours(w: _Writer, last: int, typed: Cell) -> None:
    """A row with a hint: its inputs and hint amber; the summary green or amber."""
    fmt = w.book.checks
    check = xl_col_to_name(CHECK)
    ranges = " ".join(
        f"{xl_col_to_name(col)}{FIRST + 1}:{xl_col_to_name(col)}{last + 1}"
        for col in (*INPUT_COLS.values(), CHECK)
    )
    first_input = min(INPUT_COLS.values())
    w.ws.conditional_format(
        FIRST,
        first_input,
        last,
        first_input,
        {
            "type": "formula",
            "criteria": f'=${check}{FIRST + 1}<>""',
            "format": fmt["cf_check"],
            "multi_range": ranges,
        },
    )
    rows = last - FIRST + 1
    hints = f"${check}${FIRST + 1}:${check}${last + 1}"
    count = f"({rows}-COUNTBLANK({hints}))"
    at = xl_rowcol_to_cell(SUMMARY, PROJECT)
    n = xl_rowcol_to_cell(typed.row, typed.col, row_abs=True, col_abs=True)
    for criteria, key in ((f"={count}>0", "cf_check"), (f"=AND({n}>0,{count}=0)", "cf_ok")):
        w.ws.conditional_format(at, {"type": "formula", "criteria": criteria, "format": fmt[key]})
