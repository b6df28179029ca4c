"""The template's live checks: what a department sees while it types, without kemixl.

Right of TP-ENNUSTE, a column titled *Tarkistus* (terms.CHECK_TITLE) holds, on every
TOIMINTATUOTOT and TOIMINTAKULUT input row, a formula that shows nothing when the row is fine and
a short hint in the template's language otherwise; a conditional format colours the hinted row's
inputs and hint, and a summary cell above the table counts the rows the column asks to check
(the drift reminder on the department's TOIMINTAKATE row too, see previous.py). The tests are
kemixl's own rules, computed from the same definitions (reconcile/plausibility.py), so that on a
filled workbook the rows the template flags are the rows `kemixl check` names (a test
recalculates filled templates with LibreOffice and Gnumeric and compares):

| hint | rule |
| --- | --- |
| Kirjoita summa numerona | text-in-number-cell, ambiguous-amount |
| Täytä toteuma / ennuste | blank-input (not before anything is typed: empty-submission) |
| Väärä etumerkki | wrong-sign |
| Tuhansina euroina? / Senteinä? | looks-like-thousands (the department's median, else the result area's) |
| Vuoden ennuste alle toteuman | forecast-below-actual |

Three hidden helper columns, titled "kemixl: …", locked on the protected sheet and recorded in
the stamp (so `kemixl check` names a helper formula typed over):

- I and J: each input read as kemixl reads it (parse.py): the number, "" for a blank, or
  INVALID for a text that is no number (or an ambiguous one); margins and totals add these, so
  a number pasted as text counts and nothing shows #VALUE!;
- K: the row's typed texts with their spaces and dashes made plain (parse.typed), which the
  reading of both inputs starts from;
- on a result area's TOIMINTAKATE row, K the median of its figures relative to their budgets
  (an array formula, formulas/arrays.py) and J the unit it suggests; the same for the whole
  department above the table (J3, K3);
- above the table also the number of figures typed (I4) and of rows to check (J4).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from ..formulas import Area, Call, Cell, Const, Literal, Node, Op, Value, XLError, as_node, call
from ..formulas.arrays import RatioMedian, RatioRow
from ..formulas.names import RowCell, define, definitions
from ..i18n import N_, _, label, ngettext
from ..model import Column, Master
from ..reconcile.plausibility import Unit, unit_bounds
from . import parse as P

CHECK_COL = 7  # column H, right of TP-ENNUSTE
INPUT_COLS = {Column.ACTUAL: 4, Column.FORECAST: 6}  # E and G, as on the report
READ_COLS = {Column.ACTUAL: 8, Column.FORECAST: 9}  # I and J: the inputs as read
TYPED_COL = 10  # K: the row's typed texts
# On a result area's TOIMINTAKATE row and on the department's row above the table: the unit its
# figures suggest (J: a text, which no count or median of the readings takes for a figure) and
# the median of the figures relative to their budgets it comes from (K).
UNIT_COL, MEDIAN_COL = 9, 10
LAST_HELPER = TYPED_COL
SUMMARY_ROW = 3  # above the header row, in column A
FILLED_AT, COUNT_AT = (SUMMARY_ROW, 8), (SUMMARY_ROW, 9)
DEPARTMENT_ROW = SUMMARY_ROW - 1
INVALID = P.INVALID
NAMES = {Column.ACTUAL: "actual", Column.FORECAST: "forecast"}  # of the defined names

# The hints (running text in the run's language; the constants are message ids, `_()` where
# used). TRANSLATORS: short hints in a spreadsheet cell, as an accountant would write them.
HINT_TEXT = N_("Type the amount as a number")
HINT_MISSING_BOTH = N_("Fill in the actual and the forecast")
HINT_MISSING_ACTUAL = N_("Fill in the actual")
HINT_MISSING_FORECAST = N_("Fill in the forecast")
HINT_SIGN_NEGATIVE = N_("Wrong sign: type it as a negative number")
HINT_SIGN_POSITIVE = N_("Wrong sign: type it as a positive number")
HINT_UNIT = {
    Unit.THOUSANDS: N_("In thousands of euros? Type it in euros"),
    Unit.CENTS: N_("In cents? Type it in euros"),
}
HINT_BELOW = N_("The year's forecast is below the actual")
HINTS = (
    HINT_TEXT,
    HINT_MISSING_BOTH,
    HINT_MISSING_ACTUAL,
    HINT_MISSING_FORECAST,
    HINT_SIGN_NEGATIVE,
    HINT_SIGN_POSITIVE,
    *HINT_UNIT.values(),
    HINT_BELOW,
)
SUMMARY_EMPTY = N_("Fill in the yellow cells")
SUMMARY_OK = N_("Checks: 0")
COUNT_PLACEHOLDER = "{n}"  # replaced by the count in the sheet (SUBSTITUTE)


def summary_counts() -> tuple[str, str]:
    """'Tarkistettavaa: {n} rivi' and '... riviä': the forms for one and for more rows (every
    language kemixl speaks has these two), {n} left for the sheet to fill in."""
    return (
        ngettext("To check: {n} row", "To check: {n} rows", 1),
        ngettext("To check: {n} row", "To check: {n} rows", 2),
    )


def helper_titles() -> dict[int, str]:
    """The hidden columns' titles: 'kemixl: …', so a curious department sees what they are."""
    return {
        READ_COLS[Column.ACTUAL]: label("kemixl: actual as a number (above: figures typed)"),
        READ_COLS[Column.FORECAST]: label(
            "kemixl: forecast as a number (on a result area's last row and above: the unit the "
            "figures suggest; above: rows to check)"
        ),
        TYPED_COL: label(
            "kemixl: the texts typed, spaces and dashes made plain (on a result area's last row "
            "and above: the median of the figures relative to the budget)"
        ),
    }


def _eq(a: Node, b: Node | str | float) -> Op:
    return Op(a, "=", as_node(b))


@dataclass(frozen=True)
class CheckRow:
    """One input row: its cells as read, for the hints written once every row is known.

    The master's figures are locked, so the tests compare with them as constants (as kemixl
    does: a changed figure is master-figure-differs, and the master's is used)."""

    row: int
    budget: float  # Muutettu TA, or TA where it is 0 (plausibility.budget_of)
    amended: float
    actual: Cell  # as read: a number, "" or INVALID
    forecast: Cell


def _signed(value: Node, positive: bool, op: str) -> Op:
    """value op 0 for a positive budget; the mirrored comparison for a negative one."""
    mirrored = {">": "<", "<": ">", ">=": "<=", "<=": ">="}
    return Op(value, op if positive else mirrored[op], Const(0))


class LiveChecks:
    """Writes the checks of one finance sheet: each input row's reading while the blocks are
    written, then (finish) the units, the hints, the summary and the conditional formats."""

    def __init__(
        self,
        ws: Any,
        sheet: str,
        master: Master,
        formats: dict[str, Any],
        inputs: tuple[Column, ...] = (Column.ACTUAL, Column.FORECAST),
    ) -> None:
        """inputs: the columns the department types (the forecasts only, when the actuals are
        the ledger's, locked): "anything typed yet" counts these."""
        self.ws, self.sheet, self.master, self.fmt = ws, sheet, master, formats
        self.inputs = inputs
        self.rows: list[CheckRow] = []
        self.units: dict[int, Cell] = {}  # input row -> its result area's unit hint
        self.reminders: dict[int, Value] = {}  # row -> a drift reminder's value (previous.py)
        self.formulas: list[tuple[int, int, int, int]] = []  # (rows, cols) the stamp records
        self.bounds = unit_bounds(master.settings.unit_band)

    def put(self, row: int, col: int, node: Node, fmt: Any = None, array: bool = False) -> Cell:
        """A formula with its value (an error value where it evaluates to one)."""
        return put_formula(self.ws, self.sheet, row, col, node, fmt, array)

    def read(self, row: int, contents: dict[Column, Value]) -> dict[Column, Cell]:
        """The row's inputs (blank in a template; the ledger's actual where given) read by the
        helper cells: K the typed texts, I and J each input as a number, "" or INVALID."""
        cells = {c: Cell(self.sheet, row, INPUT_COLS[c], contents.get(c)) for c in INPUT_COLS}
        actual, forecast = cells[Column.ACTUAL], cells[Column.FORECAST]
        typed = self.put(row, TYPED_COL, P.typed(actual, forecast))
        return {
            c: self.put(row, READ_COLS[c], P.number(cells[c], typed, before, NAMES[c]))
            for c, before in ((Column.ACTUAL, None), (Column.FORECAST, actual))
        }

    def line(
        self, row: int, budget: float, amended: float, actual: Cell, forecast: Cell
    ) -> CheckRow:
        checked = CheckRow(row, budget, amended, actual, forecast)
        self.rows.append(checked)
        return checked

    def _median(self, rows: list[CheckRow], cells: bool) -> RatioMedian:
        """The median ratio over the rows (from the first to the last), budgets as constants
        (a result area's material rows) or read from the budget columns (a department)."""
        first, last = rows[0].row, rows[-1].row
        by_row = {r.row: r for r in rows}
        ratio_rows = tuple(
            RatioRow(
                r.budget if (r := by_row.get(i)) else 0.0,
                (r.actual.content, r.forecast.content) if r else (None, None),  # type: ignore[arg-type]
            )
            for i in range(first, last + 1)
        )
        s, p = self.master.settings, self.master.period
        budget_cols = (2, 3) if cells else None  # TA, Muutettu TA
        return RatioMedian(
            self.sheet,
            first,
            READ_COLS[Column.ACTUAL],
            ratio_rows,
            p.last_month,
            s.materiality,
            budget_cols,
        )

    def _unit(self, median: Node) -> Call:
        """The hint a median ratio means (plausibility.unit_of): thousands, cents or "", the
        bands tested in rising order (the median is worked out at most four times)."""
        (t_low, t_high), (c_low, c_high) = self.bounds[Unit.THOUSANDS], self.bounds[Unit.CENTS]
        thousands, cents = _(HINT_UNIT[Unit.THOUSANDS]), _(HINT_UNIT[Unit.CENTS])
        return call(
            "IF",
            Op(median, "<", Const(t_low)),
            "",
            call(
                "IF",
                Op(median, "<=", Const(t_high)),
                thousands,
                call(
                    "IF",
                    Op(median, "<", Const(c_low)),
                    "",
                    call("IF", Op(median, "<=", Const(c_high)), cents, ""),
                ),
            ),
        )

    def block(self, margin_row: int, rows: list[CheckRow]) -> None:
        """A result area's unit and median on its TOIMINTAKATE row, if any of its rows has a
        material budget (else no hint can arise from its own figures)."""
        s = self.master.settings
        material = [r for r in rows if r.budget != 0 and abs(r.budget) >= s.materiality]
        if not material:
            return
        # its material rows run without a gap: the area has two input rows
        median = self._median(material, cells=False)
        unit = self._unit_and_median(margin_row, median, CHECK_COL)
        self.units.update({r.row: unit for r in rows})

    def _unit_and_median(self, row: int, median: RatioMedian, blanks_from: int) -> Cell:
        """The median (an array formula; "" where there is no ratio) and the unit it means.
        The row's cells run without gaps (blanks fill them from blanks_from), so a reader that
        places cells without references one after another (as a spreadsheet does) puts each
        where it belongs."""
        for col in range(blanks_from, UNIT_COL):
            self.ws.write_blank(row, col, None, self.fmt["blank"])
        at = self.put(row, MEDIAN_COL, call("IFERROR", median, ""), array=True)
        unit = self.put(row, UNIT_COL, call("IF", call("ISNUMBER", at), self._unit(at), ""))
        self.formulas.append((row, UNIT_COL, row, MEDIAN_COL))
        return unit

    def finish(self, last_row: int) -> None:
        """The department's counts and unit, every row's hint, the summary, the colours.
        last_row: the table's last row (the department's TOIMINTAKATE), whose drift reminder
        the summary counts too."""
        rows = self.rows
        if not rows:
            return
        first = rows[0].row
        # anything typed: the readings that are numbers or INVALID (not "")
        typed: list[Node] = []
        for column in self.inputs:
            col = READ_COLS[column]
            read = [r.actual if column is Column.ACTUAL else r.forecast for r in rows]
            area = self._area(rows, col, col, read)
            typed += [call("COUNT", area), call("COUNTIF", area, INVALID)]
        total = typed[0]
        for term in typed[1:]:
            total = Op(total, "+", term)
        filled = self.put(*FILLED_AT, total)
        department = self._unit_and_median(DEPARTMENT_ROW, self._median(rows, cells=True), 1)
        hints = {
            r.row: self.put(r.row, CHECK_COL, self.hint(r, filled, department), self.fmt["check"])
            for r in rows
        }
        # the rows to check: every cell of the column that shows something, input rows' hints
        # and the drift reminder alike
        header = first - 1
        shown = [
            hints[i].content if i in hints else self.reminders.get(i)
            for i in range(header + 1, last_row + 1)
        ]
        checks = Area(self.sheet, header + 1, CHECK_COL, last_row, CHECK_COL, tuple(shown))
        count = self.put(*COUNT_AT, Op(Const(len(shown)), "-", call("COUNTBLANK", checks)))
        self.put(SUMMARY_ROW, 0, summary(filled, count), self.fmt["summary"])
        for col in range(1, FILLED_AT[1]):  # the row's cells run without gaps
            self.ws.write_blank(SUMMARY_ROW, col, None, self.fmt["blank"])
        self.formulas.append((SUMMARY_ROW, FILLED_AT[1], SUMMARY_ROW, COUNT_AT[1]))
        self._colours(rows, filled, count)

    def _area(self, rows: list[CheckRow], first_col: int, last_col: int, cells: list[Cell]) -> Area:
        """The rectangle from the first to the last input row: the given cells' contents, and
        None for every other cell in it (margin and code rows)."""
        first, last = rows[0].row, rows[-1].row
        values: list[Value | XLError] = [c.content for c in cells]
        values += [None] * ((last - first + 1) * (last_col - first_col + 1) - len(values))
        return Area(self.sheet, first, first_col, last, last_col, tuple(values))

    def define_names(self, workbook: object) -> None:
        """The reading's defined names (parse.py), once for the sheet."""
        e, g = (RowCell(self.sheet, INPUT_COLS[c]) for c in (Column.ACTUAL, Column.FORECAST))
        typed = RowCell(self.sheet, TYPED_COL)
        names = definitions(
            P.typed(e, g),
            P.number(e, typed, None, NAMES[Column.ACTUAL]),
            P.number(g, typed, e, NAMES[Column.FORECAST]),
        )
        define(workbook, self.sheet, names)

    def hint(self, r: CheckRow, filled: Cell, department: Cell) -> Node:
        """The row's first applicable hint, "" when it is fine: as the rules decide, with the
        master's figures as constants (a case that cannot arise on the row is left out)."""
        a, f, b = r.actual, r.forecast, r.budget
        na, nf = call("N", a), call("N", f)
        cases: list[tuple[Node, Node | str]] = [
            (call("OR", _eq(a, INVALID), _eq(f, INVALID)), _(HINT_TEXT))
        ]
        if r.amended != 0:  # blank-input, once anything at all is typed (else empty-submission)
            typed = Op(filled, ">", Const(0))
            cases += [
                (call("AND", typed, _eq(a, ""), _eq(f, "")), _(HINT_MISSING_BOTH)),
                (call("AND", typed, _eq(a, "")), _(HINT_MISSING_ACTUAL)),
                (call("AND", typed, _eq(f, "")), _(HINT_MISSING_FORECAST)),
            ]
        if b != 0:  # wrong-sign: opposite to the budget's
            wrong = call("OR", _signed(na, b > 0, "<"), _signed(nf, b > 0, "<"))
            cases.append((wrong, _(HINT_SIGN_POSITIVE if b > 0 else HINT_SIGN_NEGATIVE)))
        nonzero = call("OR", Op(na, "<>", Const(0)), Op(nf, "<>", Const(0)))
        units = [department] + ([self.units[r.row]] if r.row in self.units else [])
        for unit in units:  # the department's, else the area's
            cases.append((call("AND", nonzero, Op(unit, "<>", Literal(""))), unit))
        if b != 0:  # forecast-below-actual
            below = call(
                "AND",
                call("ISNUMBER", f),
                _signed(na, b > 0, ">"),
                _signed(nf, b > 0, ">="),
                Op(call("ABS", nf), "<", call("ABS", na)),
                Op(call("ABS", nf), "<", Const(abs(b))),
            )
            cases.append((below, _(HINT_BELOW)))
        result: Node = Literal("")
        for test, then in reversed(cases):
            result = call("IF", test, then, result)
        return result

    def _colours(self, rows: list[CheckRow], filled: Cell, count: Cell) -> None:
        first, last = rows[0].row, rows[-1].row
        check = xl_col_to_name(CHECK_COL)
        ranges = " ".join(
            f"{xl_col_to_name(col)}{first + 1}:{xl_col_to_name(col)}{last + 1}"
            for col in (INPUT_COLS[Column.ACTUAL], INPUT_COLS[Column.FORECAST], CHECK_COL)
        )
        self.ws.conditional_format(
            first,
            4,
            last,
            4,
            {
                "type": "formula",
                "criteria": f'=${check}{first + 1}<>""',
                "format": self.fmt["cf_check"],
                "multi_range": ranges,
            },
        )
        at = xl_rowcol_to_cell(SUMMARY_ROW, 0)
        n = xl_rowcol_to_cell(count.row, count.col, row_abs=True, col_abs=True)
        typed = xl_rowcol_to_cell(filled.row, filled.col, row_abs=True, col_abs=True)
        for criteria, fmt in ((f"={n}>0", "cf_check"), (f"=AND({typed}>0,{n}=0)", "cf_ok")):
            self.ws.conditional_format(
                at, {"type": "formula", "criteria": criteria, "format": self.fmt[fmt]}
            )


def put_formula(
    ws: Any, sheet: str, row: int, col: int, node: Node, fmt: Any = None, array: bool = False
) -> Cell:
    """A formula written with its value (an error value where it evaluates to one): the cell
    as later formulas see it. An array formula (a median of ratios) where asked."""
    try:
        value: Value | XLError = node.evaluate()
    except XLError as exc:
        value = exc
    cached = value.code if isinstance(value, XLError) else "" if value is None else value
    text = "=" + node.render(sheet)
    if array:
        ws.write_array_formula(row, col, row, col, "{" + text + "}", fmt, cached)
    else:
        ws.write_formula(row, col, text, fmt, cached)
    return Cell(sheet, row, col, value)


def summary(filled: Node, count: Node) -> Call:
    """'Täytä keltaiset solut' before anything is typed, then 'Tarkistuksia: 0' or the count."""
    one, many = summary_counts()
    return call(
        "IF",
        _eq(filled, 0),
        _(SUMMARY_EMPTY),
        call(
            "IF",
            _eq(count, 0),
            _(SUMMARY_OK),
            call(
                "IF",
                _eq(count, 1),
                call("SUBSTITUTE", one, COUNT_PLACEHOLDER, count),
                call("SUBSTITUTE", many, COUNT_PLACEHOLDER, count),
            ),
        ),
    )
