"""The *Talous* sheet: the seed's department table, finance's figures locked, the department's
inputs yellow, margins and totals as formulas, and the live checks (checks.py) beside it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell

from ..formulas import NOISE_DIGITS, Expr, Num, Ratio, Ref, Sum
from ..i18n import N_, _, label, terms
from ..ledger import Ledger
from ..model import INPUT_LINES, MASTER_COLUMNS, REPORTED_COLUMNS, Column, Line, Master
from ..reconcile.plausibility import budget_of
from ..report.finance import COLS as REPORT_COLS
from ..report.finance import HEADER_ROW
from ..report.measure import text_height
from ..xlsx.cells import a1_to_rowcol
from . import checks as K
from . import previous as P
from .book import PROTECT_OPTIONS, TemplateBook, typed
from .carried import carried_marks, explanation_texts

ALL = (*MASTER_COLUMNS, *REPORTED_COLUMNS)
Leaves = dict[Line, dict[Column, list[Expr]]]  # the leaves' terms of a subtree, in row order


@dataclass(frozen=True)
class LeafTotal(Expr):
    """A parent's total: SUMIFS(D7:D403,A7:A403,A404,K7:K403,"<>"), the cells of its subtree's
    rows that carry its own row's label (TOIMINTATUOTOT or TOIMINTAKULUT) and a helper text in
    column K: the result areas' input rows, however deep the tree (no parent row has one), in
    one short formula. A total of the inputs sums their readings (columns I and J: a number
    typed as text counts, a text that is no number does not). `terms` are those rows' values,
    in row order."""

    sheet: str
    first_row: int
    last_row: int
    col: int
    label_row: int
    terms: tuple[Expr, ...]

    def render(self, sheet: str, pinned: bool = False) -> str:
        def column(col: int) -> str:
            a, b = (xl_rowcol_to_cell(r, col) for r in (self.first_row, self.last_row))
            return f"{a}:{b}"

        label = xl_rowcol_to_cell(self.label_row, 0)
        return f'SUMIFS({column(self.col)},{column(0)},{label},{column(K.TYPED_COL)},"<>")'

    def value(self) -> float:
        return round(sum(t.value() for t in self.terms), NOISE_DIGITS)


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

    def block(row: int, code: str, subtree: tuple[int, Leaves] | None) -> tuple[Leaves, int]:
        """A block at row: a result area, or a parent totalling its subtree (its first row and
        its leaves' terms); returns the block's leaves' terms (its own, for a result area)."""
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
            if subtree is not None:
                first, leaves = subtree
                refs[line] = {
                    column: _formula(
                        ws,
                        r,
                        COLS[column],
                        LeafTotal(
                            sheet,
                            first,
                            row - 1,
                            COLS[column] if column in MASTER_COLUMNS else K.READ_COLS[column],
                            r,
                            tuple(leaves[line][column]),
                        ),
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
            contents: dict[Column, float | str] = {}
            given = book.filling.figures.get((code, line), {})
            for column in REPORTED_COLUMNS:
                col = COLS[column]
                if ledger is not None and column is Column.ACTUAL:  # from the books, locked
                    contents[column] = ledger.actual(code, line)
                    ws.write_number(r, col, contents[column], book.locked)
                    continue
                if column in given:
                    contents[column] = given[column]
                typed(ws, r, col, given.get(column), book.input)
                validated.setdefault((line, column), []).append(xl_rowcol_to_cell(r, col))
            read = checks.read(r, contents)  # type: ignore[arg-type]
            # margins and totals add the inputs as read: a number typed as text counts too
            refs[line] = {**known, **{column: Num(cell) for column, cell in read.items()}}
            rows.append(
                checks.line(
                    r,
                    budget_of(master, code, line),
                    known[Column.TA_AMENDED].cached,
                    read[Column.ACTUAL],
                    read[Column.FORECAST],
                )
            )
        if rows:
            checks.block(row + 3, rows)  # on its TOIMINTAKATE row
            first, last = (
                xl_rowcol_to_cell(r.row, c)
                for r, c in ((rows[0], K.CHECK_COL), (rows[-1], K.LAST_HELPER))
            )
            layout.append((f"formulas:{first}:{last}", ""))
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
                fmt = book.formula if line is Line.MARGIN or subtree else book.locked
                ws.write_number(r, P.PREVIOUS_COL, before, fmt)
        if earlier is not None and code == dept:
            margin = refs[Line.MARGIN][Column.FORECAST]
            assert isinstance(margin, Ref)
            reminder = P.DriftReminder(
                margin,
                master.previous_amount(earlier, code, Line.MARGIN, Column.FORECAST),
                master.settings.materiality,
                explanation_cells(book.names.explanations),
                carried_marks(master, dept),
                explanation_texts(master, dept, book.filling.explanations),
            )
            ws.write_formula(
                m,
                K.CHECK_COL,
                "=" + reminder.render(sheet),
                book.reminder,
                reminder.value(),
            )
            checks.reminders[m] = reminder.value()
            layout.append((f"formula:{xl_rowcol_to_cell(m, K.CHECK_COL)}", ""))
        if subtree is not None:
            return subtree[1], m + 1
        return {line: {c: [refs[line][c]] for c in refs[line]} for line in INPUT_LINES}, m + 1

    def write(row: int, code: str) -> tuple[Leaves, int]:
        kids = master.children(code)
        if not kids:
            return block(row, code, None)
        first = row
        leaves: Leaves = {line: {c: [] for c in ALL} for line in INPUT_LINES}
        for k in kids:
            theirs, row = write(row, k.code)
            for line in INPUT_LINES:
                for c in ALL:
                    leaves[line][c] += theirs[line][c]
        return block(row, code, (first, leaves))

    validated: dict[tuple[Line, Column], list[str]] = {}
    _leaves, end = write(HEADER_ROW + 1, dept)
    checks.finish(end - 1)
    checks.define_names(book.wb)
    for top, left, bottom, right in checks.formulas:
        corners = f"{xl_rowcol_to_cell(top, left)}:{xl_rowcol_to_cell(bottom, right)}"
        layout.append((f"formulas:{corners}", ""))
    for (line, column), cells in validated.items():  # one validation for all alike cells
        r, c = a1_to_rowcol(cells[0])
        ws.data_validation(
            r, c, r, c, {**_validation(master, line, column), "multi_range": " ".join(cells)}
        )
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
