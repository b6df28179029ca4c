"""The *Talous* sheet: the seed's department table, finance's figures locked, the department's
inputs yellow, margins and totals as formulas, and the live checks (checks.py) beside it."""

from __future__ import annotations

from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell

from ..formulas import Cell, Expr, Num, Ratio, Ref, Sum
from ..i18n import N_, _, label, terms
from ..ledger import Ledger
from ..model import INPUT_LINES, MASTER_COLUMNS, REPORTED_COLUMNS, Column, Line, Master
from ..reconcile.plausibility import budget_of
from ..report.finance import COLS as REPORT_COLS
from ..report.finance import HEADER_ROW
from ..report.measure import text_height
from . import checks as K
from . import previous as P
from .book import PROTECT_OPTIONS, TemplateBook

# The department table is laid out exactly as on the report's department sheets (without the
# status column), so a department sees in its template what the council will see.
COLS = {key: col for key, col in REPORT_COLS.items() if key != "status"}


def finance_sheet(
    book: TemplateBook, ws: Any, master: Master, dept: str, ledger: Ledger | None = None
) -> list[tuple[str, str]]:
    """The seed's department table with its live checks; returns the layout records (labels,
    column titles and formula cells) the stamp carries.

    With a ledger the actuals are the ledger's, locked: the department fills only forecasts.
    In a later period of the year the previous report's forecast stands right of the checks,
    locked, and the department's TOIMINTAKATE row reminds to explain a material change."""
    node = master.centre(dept)
    assert node is not None
    p = master.period
    sheet = book.names.finance
    ws.write_string(0, 0, terms.centre_name(node), book.title)
    unit = _("{city} · {title} · euros").format(
        city=master.settings.city, title=master.settings.title
    )
    ws.write_string(1, 0, unit, book.sub)
    ws.write_string(2, 0, _(FILL_LEDGER if ledger is not None else FILL_HINT), book.sub)
    layout: list[tuple[str, str]] = []

    def title(col: int, text: str, kind: str = "header") -> None:
        """A column title; figure columns are `header:` records (a retitled one is a moved
        column), the live checks' and helpers' are `label:` records like the row labels."""
        ws.write_string(HEADER_ROW, col, text, book.header)
        layout.append((f"{kind}:{xl_rowcol_to_cell(HEADER_ROW, col)}", text))

    ws.write_string(HEADER_ROW, 0, label(terms.KPI_CODE), book.header)
    for key, col in COLS.items():
        title(col, terms.pct_title() if key == "pct" else terms.column_title(p, key))  # type: ignore[arg-type]
    title(K.CHECK_COL, label(terms.CHECK_TITLE), "label")
    for col, text in K.helper_titles().items():
        title(col, text, "label")
    ws.set_column(0, 0, 46)
    ws.set_column(1, 6, 14)
    ws.set_column(K.CHECK_COL, K.CHECK_COL, 36)
    ws.set_column(K.CHECK_COL + 1, K.LAST_HELPER, 12, None, {"hidden": True})
    earlier = master.previous_period
    if earlier is not None:  # a later period: the previous report's forecast, right of the checks
        title(P.PREVIOUS_COL, P.previous_title(earlier))
        ws.set_column(P.PREVIOUS_COL, P.PREVIOUS_COL, 15)
    # two lines, more where a figure column's title needs them (bilingual titles)
    titles = [t for k, t in layout if k.startswith("header:")][: len(COLS)]
    ws.set_row(HEADER_ROW, max(30, *(text_height(t, 14, bold=True) for t in titles)))
    ws.freeze_panes(HEADER_ROW + 1, 1)
    inputs = (Column.FORECAST,) if ledger is not None else (Column.ACTUAL, Column.FORECAST)
    checks = K.LiveChecks(ws, sheet, master, book.checks, inputs)

    def block(
        row: int, code: str, children: list[dict[Line, dict[Column, Expr]]] | None
    ) -> tuple[dict[Line, dict[Column, Expr]], int]:
        c = master.centre(code)
        assert c is not None
        name = f"{code} {terms.centre_name(c)}"
        ws.write_string(row, 0, name, book.block)
        layout.append((f"label:{xl_rowcol_to_cell(row, 0)}", name))
        refs: dict[Line, dict[Column, Expr]] = {}
        rows: list[K.CheckRow] = []
        for i, line in enumerate(INPUT_LINES, start=1):
            r = row + i
            ws.write_string(r, 0, terms.line_label(line), book.label)
            layout.append((f"label:{xl_rowcol_to_cell(r, 0)}", terms.line_label(line)))
            if children is not None:
                refs[line] = {
                    column: _formula(
                        ws,
                        r,
                        COLS[column],
                        Sum(tuple(ch[line][column] for ch in children)),
                        book,
                        layout,
                        sheet,
                    )
                    for column in (*MASTER_COLUMNS, *REPORTED_COLUMNS)
                }
                continue
            known: dict[Column, Ref] = {}
            for column in MASTER_COLUMNS:
                v = master.master_amount(code, line, column)
                ws.write_number(r, COLS[column], v, book.locked)
                known[column] = Ref(sheet, r, COLS[column], v)
            typed: dict[Column, Cell] = {}
            for column in REPORTED_COLUMNS:
                col = COLS[column]
                if ledger is not None and column is Column.ACTUAL:  # from the books, locked
                    booked = ledger.actual(code, line)
                    ws.write_number(r, col, booked, book.locked)
                    typed[column] = checks.parse(r, col, column, booked)
                    continue
                ws.write_blank(r, col, None, book.input)
                ws.data_validation(r, col, r, col, _validation(master, line, column))
                typed[column] = checks.parse(r, col, column)
            # margins and totals add the parsed inputs: a number typed as text counts too
            refs[line] = {**known, **{column: Num(cell) for column, cell in typed.items()}}
            rows.append(
                checks.line(
                    r,
                    budget_of(master, code, line),
                    known[Column.TA_AMENDED].cached,
                    typed[Column.ACTUAL],
                    typed[Column.FORECAST],
                )
            )
        if rows:
            checks.block(rows)
        m = row + 3
        ws.write_string(m, 0, terms.line_label(Line.MARGIN), book.bold_label)
        layout.append((f"label:{xl_rowcol_to_cell(m, 0)}", terms.line_label(Line.MARGIN)))
        refs[Line.MARGIN] = {
            column: _formula(
                ws,
                m,
                COLS[column],
                Sum((refs[Line.INCOME][column], refs[Line.COSTS][column])),
                book,
                layout,
                sheet,
            )
            for column in (*MASTER_COLUMNS, *REPORTED_COLUMNS)
        }
        for r, line in ((row + 1, Line.INCOME), (row + 2, Line.COSTS), (m, Line.MARGIN)):
            ratio = Ratio(refs[line][Column.ACTUAL], refs[line][Column.TA_AMENDED])
            _formula(ws, r, COLS["pct"], ratio, book, layout, sheet, book.pct)
            if earlier is not None:
                before = master.previous_amount(earlier, code, line, Column.FORECAST)
                fmt = book.formula if line is Line.MARGIN or children else book.locked
                ws.write_number(r, P.PREVIOUS_COL, before, fmt)
        if earlier is not None and code == dept:
            margin = refs[Line.MARGIN][Column.FORECAST]
            assert isinstance(margin, Ref)
            reminder = P.DriftReminder(
                margin,
                master.previous_amount(earlier, code, Line.MARGIN, Column.FORECAST),
                master.settings.materiality,
                explanation_cells(book.names.explanations),
            )
            ws.write_formula(
                m,
                K.CHECK_COL,
                "=" + reminder.render(sheet),
                book.reminder,
                reminder.value(),
            )
            layout.append((f"formula:{xl_rowcol_to_cell(m, K.CHECK_COL)}", ""))
        return refs, m + 1

    def subtree(row: int, code: str) -> tuple[dict[Line, dict[Column, Expr]], int]:
        kids = master.children(code)
        if not kids:
            return block(row, code, None)
        child_refs = []
        for k in kids:
            refs, row = subtree(row, k.code)
            child_refs.append(refs)
        return block(row, code, child_refs)

    _refs, end = subtree(HEADER_ROW + 1, dept)
    checks.finish()
    ws.print_area(0, 0, end - 1, K.CHECK_COL if earlier is None else P.PREVIOUS_COL)
    ws.protect("", PROTECT_OPTIONS)
    return layout


FILL_HINT = N_(
    "Fill in the yellow cells: the actual and the year-end forecast in euros, expenses as "
    "negative numbers. The Check column tells at once if a row needs correcting."
)
FILL_LEDGER = N_(
    "Fill in the yellow cells: the year-end forecast in euros, expenses as negative numbers. The "
    "actual is from the accounts. The Check column tells at once if a row needs correcting."
)


def explanation_cells(sheet: str) -> tuple[Ref, Ref]:
    """The explanation and savings texts on the Perustelut sheet (rows 5 and 6, column B): the
    drift reminder shows while both are empty."""
    return (Ref(sheet, 4, 1, 0.0), Ref(sheet, 5, 1, 0.0))


EXAMPLES = {Line.INCOME: "1250000", Line.COSTS: "-1250000"}


def _validation(master: Master, line: Line, column: Column) -> dict[str, object]:
    """Numbers only, with a message naming the row, the column and the expected sign."""
    if line is Line.COSTS:
        hint = _("{line}, {column}: in euros, as a negative number (expenses), e.g. {example}.")
    else:
        hint = _("{line}, {column}: in euros, as a positive number (revenue), e.g. {example}.")
    args = {
        "line": terms.line_label(line),
        "column": terms.column_title(master.period, column),
        "example": EXAMPLES[line],
    }
    error = _("Type the amount as a number in euros (e.g. {example}). No text, no spaces.")
    return {
        "validate": "decimal",
        "criteria": "between",
        "minimum": -1e12,
        "maximum": 1e12,
        "input_title": _("In euros")[:32],
        "input_message": hint.format(**args)[:255],
        "error_title": _("Numbers only")[:32],
        "error_message": error.format(example=EXAMPLES[line])[:255],
    }


def _formula(
    ws: Any,
    row: int,
    col: int,
    expr: Expr,
    book: TemplateBook,
    layout: list[tuple[str, str]],
    sheet: str,
    fmt: Any = None,
) -> Ref:
    value = expr.value()
    ws.write_formula(row, col, "=" + expr.render(sheet), fmt or book.formula, value)
    layout.append((f"formula:{xl_rowcol_to_cell(row, col)}", ""))
    return Ref(sheet, row, col, value)
