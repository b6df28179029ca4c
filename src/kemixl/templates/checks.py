"""The template's live checks: what a department sees while it types, without kemixl.

Right of TP-ENNUSTE, a column titled *Tarkistus* (terms.CHECK_TITLE) holds, on every
TOIMINTATUOTOT and TOIMINTAKULUT input row, a formula that shows nothing when the row is fine and
a short hint in the template's language otherwise; a conditional format colours the hinted row's inputs and hint, and a summary
cell above the table counts the rows to check. The tests are kemixl's own rules, computed from
the same definitions (reconcile/plausibility.py), so that on a filled workbook the rows the
template flags are the rows `kemixl check` names (a test recalculates filled templates with
LibreOffice and compares):

| hint | rule |
| --- | --- |
| Kirjoita summa numerona | text-in-number-cell, ambiguous-amount |
| Täytä toteuma / ennuste | blank-input (not before anything is typed: empty-submission) |
| Väärä etumerkki | wrong-sign |
| Tuhansina euroina? / Senteinä? | looks-like-thousands (the department's median, else the result area's) |
| Vuoden ennuste alle toteuman | forecast-below-actual |

An input may hold a number typed as text ("1 234 567,50", as pasted from a report): hidden
helper columns (titled "kemixl: …") parse it exactly as kemixl does (numbers.parse_number:
spaces of every width, whitespace at either end, a Unicode minus, accountants' brackets, €;
a decimal comma or point; thousands grouped by points or commas, '1.234.567', '1,234.50', in
any number of groups; '106,571' ambiguous), without VALUE on anything but digits (VALUE
depends on the spreadsheet's locale). Margins and totals add the parsed numbers, so they never
show #VALUE!; a text that is no number, or an ambiguous one, counts as 0 and gets its hint
(kemixl names it text-in-number-cell or ambiguous-amount). A test checks the helpers against
parse_number on any text (hypothesis), and LibreOffice recalculates them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from ..formulas import (
    Area,
    Call,
    Cell,
    Const,
    Literal,
    Node,
    Op,
    Value,
    XLError,
    as_node,
    call,
)
from ..i18n import N_, _, label, ngettext
from ..model import Column, Master
from ..numbers import GROUP_SPACES, MAX_AMOUNT, MINUSES
from ..reconcile.plausibility import Unit, unit_bounds

CHECK_COL = 7  # column H, right of TP-ENNUSTE
SUMMARY_ROW = 3  # above the header row, in column A
# The department's sums and median, on the summary row in hidden columns. Every row's cells
# run without gaps (blanks fill them), so a reader that places cells without references one
# after another (as a spreadsheet does) puts each where it belongs.
FILLED_AT, COUNT_AT = (SUMMARY_ROW, 8), (SUMMARY_ROW, 9)
DEPARTMENT_MEDIAN_AT, DEPARTMENT_UNIT_AT = (SUMMARY_ROW, 10), (SUMMARY_ROW, 11)

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


INVALID = "#"  # a parsed input that is no number (no number text starts with it)

# Hidden helper columns, right of the Tarkistus column. Each input (Toteuma, TP-ennuste) is
# parsed in five steps (parse_input): spaces marked (group spaces as tabs, other whitespace as
# spaces) and dashes made minuses; the text stripped, without € and group spaces, brackets made
# a minus; the sign taken off and the separators normalised (thousands as points, the decimal
# mark as a comma); the number as digits and a decimal point (or INVALID); the number (or
# INVALID, or "" for a blank).
PARSE_STEPS = 5
PARSE_COLS = {Column.ACTUAL: 8, Column.FORECAST: 8 + PARSE_STEPS}
RATIO_COLS = {Column.ACTUAL: 18, Column.FORECAST: 19}  # figure / budget, where material
# A result area's median ratio and the unit hint it means, on its first row (the last
# columns, so that its other row has no gap).
MEDIAN_COL, UNIT_COL = 20, 21
LAST_HELPER = UNIT_COL
PARSE_TITLES = {
    Column.ACTUAL: (
        N_("kemixl: actual with spaces marked"),
        N_("kemixl: actual without spaces, euro sign and brackets"),
        N_("kemixl: actual without its sign, thousands separators as points"),
        N_("kemixl: actual with a decimal point"),
        N_("kemixl: actual as a number"),
    ),
    Column.FORECAST: (
        N_("kemixl: forecast with spaces marked"),
        N_("kemixl: forecast without spaces, euro sign and brackets"),
        N_("kemixl: forecast without its sign, thousands separators as points"),
        N_("kemixl: forecast with a decimal point"),
        N_("kemixl: forecast as a number"),
    ),
}
# Whitespace that parse_number strips from either end of a text (str.strip) but that groups
# no digits: inside a number it makes the text no number.
OTHER_SPACES = (
    "\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2008\u2028\u2029\u205f\u3000"
)
TAB = call("CHAR", 9)  # a group space, once step 1 has made every group space a tab


def helper_titles() -> dict[int, str]:
    """The hidden columns' titles: 'kemixl: …', so a curious department sees what they are."""
    titles = {
        PARSE_COLS[column] + step: label(title)
        for column, steps in PARSE_TITLES.items()
        for step, title in enumerate(steps)
    }
    titles.update(
        {
            RATIO_COLS[Column.ACTUAL]: label("kemixl: actual relative to the budget"),
            RATIO_COLS[Column.FORECAST]: label("kemixl: forecast relative to the budget"),
            MEDIAN_COL: label("kemixl: median"),
            UNIT_COL: label("kemixl: unit"),
        }
    )
    return titles


def _nested_substitute(text: Node, pairs: list[tuple[Node | str, Node | str]]) -> Node:
    for old, new in pairs:
        text = call("SUBSTITUTE", text, old, new)
    return text


def _eq(a: Node, b: Node | str | float) -> Op:
    return Op(a, "=", as_node(b))


def _char(ch: str) -> Node | str:
    """A character in a formula: CHAR(code) for a control character (ASCII: no code page)."""
    return call("CHAR", ord(ch)) if ord(ch) < 32 else ch


def _count(t: Node, ch: str) -> Node:
    """How often ch occurs in t."""
    return Op(call("LEN", t), "-", call("LEN", call("SUBSTITUTE", t, ch, "")))


def _shape(t: Node) -> Node:
    """t with every digit a 0: '1.234,50' -> '0.000,00'."""
    return _nested_substitute(t, [(d, "0") for d in "123456789"])


def clean(x: Cell) -> Node:
    """Step 1: the input as text, every group space a tab, any other whitespace a space and
    dashes minuses ("" for a number; a blank: nothing but tabs and spaces)."""
    marks: list[tuple[Node | str, Node | str]] = [
        (_char(ch), TAB) for ch in GROUP_SPACES if ch != "\t"
    ]
    marks += [(_char(ch), " ") for ch in OTHER_SPACES]
    marks += [(ch, "-") for ch in MINUSES]
    return call("IF", call("ISNUMBER", x), "", _nested_substitute(Op(x, "&", Literal("")), marks))


def brackets(t: Cell) -> Node:
    """Step 2: without € and group spaces, whitespace stripped from both ends (TRIM; what
    remains inside is no number), and accountants' (1 234) made -1234."""
    text = call("TRIM", _nested_substitute(t, [("€", ""), (TAB, "")]))
    inner = call("MID", text, 2, Op(call("LEN", text), "-", Const(2)))
    test = call("AND", _eq(call("LEFT", text), "("), _eq(call("RIGHT", text), ")"))
    return call("IF", test, Op(Literal("-"), "&", inner), text)


def grouping(t: Cell) -> Node:
    """Step 3: without its sign, thousands separators as points and the decimal mark a comma.

    The decimal mark is a separator that occurs once, after every other: a comma ('27,5',
    '1.234,50', also '106,571'), or a point ('1,234.50', '5.'). Every other separator groups
    thousands ('1,234,567'). Commas and points are swapped through a tab (none is left)."""
    signed = call("OR", _eq(call("LEFT", t), "-"), _eq(call("LEFT", t), "+"))
    u = call("IF", signed, call("MID", t, 2, call("LEN", t)), t)
    last_point = call("NOT", call("ISNUMBER", call("FIND", ",", u, call("FIND", ".", u))))
    point_mark = call("AND", _eq(_count(u, "."), 1), last_point)
    commas_group = call("OR", Op(_count(u, ","), ">", Const(1)), point_mark)
    swapped = _nested_substitute(u, [(".", TAB), (",", "."), (TAB, ",")])
    return call("IF", commas_group, swapped, u)


def _spaced(t1: Cell) -> Node:
    """Whether group spaces stand between digits (numbers._SPACED): then a separator before
    three digits is the decimal mark ('1 234,567'). Step 1's text without € and other
    whitespace (which inside a number makes it no number anyway), group spaces as one space,
    every digit a 0: '0 0' somewhere."""
    spaced = _nested_substitute(t1, [(" ", ""), ("€", ""), (TAB, " ")])
    return call("ISNUMBER", call("FIND", "0 0", call("TRIM", _shape(spaced))))


def decimal_point(t1: Cell, n: Cell) -> Node:
    """Step 4: step 3's text as digits and a decimal point, INVALID unless it is a number as
    parse_number reads one: the whole part (before the comma) digits, or properly grouped
    ('1.234.567': one to three digits, then groups of three); the fraction digits. One
    separator before three digits after one to three digits not starting with 0 ('106,571')
    is INVALID too (ambiguous), unless spaces group the thousands.

    The test is on the text's shape (every digit a 0): the whole part must equal the grouped
    pattern of its length, REPT("0", a) & REPT(".000", k), with k points and a = its length
    - 4k digits before them (1 to 3 where k > 0), so any number of groups is checked."""
    at = call("FIND", ",", Op(n, "&", Literal(",")))
    whole = call("LEFT", n, Op(at, "-", Const(1)))
    fraction = call("MID", n, Op(at, "+", Const(1)), call("LEN", n))
    k = _count(whole, ".")
    a = Op(call("LEN", whole), "-", Op(Const(4), "*", k))
    parts = call(
        "AND",
        Op(a, ">=", Const(0)),
        call("OR", _eq(k, 0), call("AND", Op(a, ">=", Const(1)), Op(a, "<=", Const(3)))),
        _eq(_shape(fraction), call("REPT", "0", call("LEN", fraction))),
    )
    grouped = _eq(_shape(whole), Op(call("REPT", "0", a), "&", call("REPT", ".000", k)))
    ambiguous = call(
        "AND",
        _eq(k, 0),
        Op(at, ">=", Const(2)),
        Op(at, "<=", Const(4)),
        _eq(Op(call("LEN", n), "-", at), 3),
        Op(call("LEFT", n), "<>", Literal("0")),
        call("NOT", _spaced(t1)),
    )
    number = _nested_substitute(n, [(".", ""), (",", ".")])
    return call(
        "IF",
        parts,
        call("IF", grouped, call("IF", ambiguous, INVALID, number), INVALID),
        INVALID,
    )


def parsed(x: Cell, t1: Cell, t2: Cell, d: Cell) -> Node:
    """Step 5: a number, "" for a blank, INVALID for a text that is no number or an amount
    beyond any municipality's (as numbers.parse_number and the reader decide).

    t1 is step 1's text (a blank: only tabs and spaces), t2 step 2's (signed), d step 4's:
    digits with at most one point. Its digits, read as a whole number (VALUE of digits only:
    no locale involved), divided by ten to the power of the digits after the point, give the
    number, exactly as a decimal text is read (to Excel's 15 significant digits)."""
    digits = call("SUBSTITUTE", d, ".", "", 1)
    residue: Node = digits
    for digit in "0123456789":
        residue = call("SUBSTITUTE", residue, digit, "")
    length = call("LEN", d)
    decimals = Op(length, "-", call("MIN", length, call("FIND", ".", Op(d, "&", Literal(".")))))
    sign = call("IF", _eq(call("LEFT", t2), "-"), -1, 1)
    number = Op(sign, "*", Op(call("VALUE", digits), "/", Op(Const(10), "^", decimals)))
    valid = call("AND", Op(call("LEN", digits), ">", Const(0)), _eq(call("LEN", residue), 0))
    blank = _eq(call("TRIM", call("SUBSTITUTE", t1, TAB, "")), "")

    def bounded(n: Node) -> Node:
        return call("IF", Op(call("ABS", n), ">", Const(MAX_AMOUNT)), INVALID, n)

    return call(
        "IF",
        call("ISNUMBER", x),
        bounded(x),
        call("IF", blank, "", call("IF", valid, bounded(number), INVALID)),
    )


def parse_input(x: Cell, put: Callable[[int, Node], Cell]) -> Cell:
    """An input parsed in PARSE_STEPS, each step's formula given to put(step, node), which
    writes it and returns its cell: the last is a number, "" (blank) or INVALID."""
    t1 = put(0, clean(x))
    t2 = put(1, brackets(t1))
    t3 = put(2, grouping(t2))
    t4 = put(3, decimal_point(t1, t3))
    return put(4, parsed(x, t1, t2, t4))


@dataclass(frozen=True)
class CheckRow:
    """One input row: its cells and helpers, for the hints written once every row is known.

    The master's figures are locked, so the tests compare with them as constants (as kemixl
    does: a changed figure is master-figure-differs, and the master's is used)."""

    row: int
    budget: float  # Muutettu TA, or TA where it is 0 (plausibility.budget_of)
    amended: float
    actual: Cell  # parsed: a number, "" or INVALID
    forecast: Cell
    ratios: tuple[Cell | None, Cell | None]  # None: no ratio (a budget that is not material)


def _in_band(median: Node, bounds: tuple[float, float]) -> Node:
    return call("AND", Op(median, ">=", Const(bounds[0])), Op(median, "<=", Const(bounds[1])))


def _signed(value: Node, positive: bool, op: str) -> Op:
    """value op 0 for a positive budget; the mirrored comparison for a negative one."""
    mirrored = {">": "<", "<": ">", ">=": "<=", "<=": ">="}
    return Op(value, op if positive else mirrored[op], Const(0))


class LiveChecks:
    """Writes the checks of one finance sheet: parse helpers while the blocks are written,
    then (finish) the medians, the hints, the summary and the conditional formats."""

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

    def put(self, row: int, col: int, node: Node, fmt: Any = None) -> Cell:
        """A formula with its value (an error value where it evaluates to one)."""
        return put_formula(self.ws, self.sheet, row, col, node, fmt)

    def parse(self, row: int, col: int, column: Column, content: Value = None) -> Cell:
        """The input cell at row, col (blank in a template), parsed by the helper columns."""
        return parse_input(
            Cell(self.sheet, row, col, content),
            lambda step, node: self.put(row, PARSE_COLS[column] + step, node),
        )

    def line(
        self, row: int, budget: float, amended: float, actual: Cell, forecast: Cell
    ) -> CheckRow:
        """A leaf input row's ratios (as plausibility.unit_ratios)."""
        s, p = self.master.settings, self.master.period
        ratios: list[Cell | None] = []
        for column, value in ((Column.ACTUAL, actual), (Column.FORECAST, forecast)):
            col = RATIO_COLS[column]
            if budget == 0 or abs(budget) < s.materiality:
                self.ws.write_blank(row, col, None, self.fmt["blank"])
                ratios.append(None)
                continue
            size = Const(abs(budget))
            scale = (
                Op(Op(size, "*", Const(p.last_month)), "/", Const(12))
                if column is Column.ACTUAL
                else size
            )
            number = call("N", value)
            ratio = call("IF", Op(number, "<>", Const(0)), Op(call("ABS", number), "/", scale), "")
            ratios.append(self.put(row, col, ratio))
        checked = CheckRow(row, budget, amended, actual, forecast, (ratios[0], ratios[1]))
        self.rows.append(checked)
        return checked

    def block(self, rows: list[CheckRow]) -> None:
        """A result area's median ratio and the unit it means, on its first row."""
        median = self.put(rows[0].row, MEDIAN_COL, self._median(rows))
        unit = self.put(rows[0].row, UNIT_COL, self._unit(median))
        self.units.update({r.row: unit for r in rows})

    def _area(
        self, rows: list[CheckRow], first_col: int, last_col: int, cells: list[Cell | None]
    ) -> Area:
        """The rectangle from the first to the last input row: the given cells' contents, and
        None for every other cell in it (margin and code rows, cells left blank)."""
        first, last = min(r.row for r in rows), max(r.row for r in rows)
        values = [None if c is None else c.content for c in cells]
        values += [None] * ((last - first + 1) * (last_col - first_col + 1) - len(values))
        return Area(self.sheet, first, first_col, last, last_col, tuple(values))

    def _median(self, rows: list[CheckRow]) -> Node:
        ratios = [ratio for r in rows for ratio in r.ratios]
        area = self._area(rows, RATIO_COLS[Column.ACTUAL], RATIO_COLS[Column.FORECAST], ratios)
        return call("IFERROR", call("MEDIAN", area), 1)

    def _unit(self, median: Cell) -> Node:
        """The hint a median ratio means: thousands, cents or "" (plausibility.unit_of)."""
        bounds = unit_bounds(self.master.settings.unit_band)
        result: Node = Literal("")
        for unit in reversed(Unit):
            result = call("IF", _in_band(median, bounds[unit]), _(HINT_UNIT[unit]), result)
        return result

    def finish(self) -> None:
        """The department's sums and median, every row's hint, the summary, the colours."""
        rows = self.rows
        if not rows:
            return
        # anything typed: the parsed inputs that are numbers or INVALID (not "")
        typed: list[Node] = []
        for column in self.inputs:
            col = PARSE_COLS[column] + PARSE_STEPS - 1
            parsed = [r.actual if column is Column.ACTUAL else r.forecast for r in rows]
            area = self._area(rows, col, col, list(parsed))
            typed += [call("COUNT", area), call("COUNTIF", area, INVALID)]
        total = Op(typed[0], "+", typed[1])
        for first, second in zip(typed[2::2], typed[3::2], strict=True):
            total = Op(total, "+", Op(first, "+", second))
        filled = self.put(*FILLED_AT, total)
        median = self.put(*DEPARTMENT_MEDIAN_AT, self._median(rows))
        department = self.put(*DEPARTMENT_UNIT_AT, self._unit(median))
        hints = [
            self.put(r.row, CHECK_COL, self.hint(r, filled, department), self.fmt["check"])
            for r in rows
        ]
        # the rows to check: the column's cells that are not blank (only input rows have hints)
        checks = self._area(rows, CHECK_COL, CHECK_COL, list(hints))
        cells = len(checks.values)
        count = self.put(*COUNT_AT, Op(Const(cells), "-", call("COUNTBLANK", checks)))
        self.put(SUMMARY_ROW, 0, summary(filled, count), self.fmt["summary"])
        for col in range(1, FILLED_AT[1]):
            self.ws.write_blank(SUMMARY_ROW, col, None, self.fmt["blank"])
        self._colours(rows, filled, count)

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
        for unit in (department, self.units[r.row]):  # the department's, else the area's
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
        first, last = min(r.row for r in rows), max(r.row for r in rows)
        check = xl_col_to_name(CHECK_COL)
        ranges = " ".join(
            f"{xl_col_to_name(col)}{first + 1}:{xl_col_to_name(col)}{last + 1}"
            for col in (4, 6, CHECK_COL)
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


def put_formula(ws: Any, sheet: str, row: int, col: int, node: Node, fmt: Any = None) -> Cell:
    """A formula written with its value (an error value where it evaluates to one): the cell
    as later formulas see it."""
    try:
        value: Value | XLError = node.evaluate()
    except XLError as exc:
        value = exc
    cached = value.code if isinstance(value, XLError) else "" if value is None else value
    ws.write_formula(row, col, "=" + node.render(sheet), fmt, cached)
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
