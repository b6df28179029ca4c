"""A finance table's block: a cost centre's code and name, then TOIMINTATUOTOT, TOIMINTAKULUT
and TOIMINTAKATE with their Toteuma-%, status and change.

A report of 20 000 cost centres writes 20 000 blocks, so what every block of a sheet shares
(formats, line labels, status words) is looked up once per sheet (`Blocks`), and a leaf's
figures or a total's sums of its children are written straight to the worksheet: the cells,
formulas and cached values the expression trees spell (shapes.py), by the same code path for
every block.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..formulas import Expr, Ref, Sum
from ..i18n import label, terms
from ..model import ALL_COLUMNS, INPUT_LINES, Column, Line, Period
from ..reconcile import Consolidation
from . import shapes
from .sheet import Sheet
from .status import NEUTRAL, StatusRules, not_returned_word, overrun_word, pace_word

# Column positions: A label, then the seed's columns, then the status column.
COLS: dict[Column | str, int] = {
    Column.TP_PREV: 1,
    Column.TA: 2,
    Column.TA_AMENDED: 3,
    Column.ACTUAL: 4,
    "pct": 5,
    Column.FORECAST: 6,
    "status": 7,
}
# Right of the seed's columns and the status: the year-end forecast's change since the previous
# report of the year, on the department and departments sheets, when there was one.
CHANGE_COL = COLS["status"] + 1

BlockRefs = dict[Line, dict[Column, Ref]]
Previous = Callable[[Line], float]  # a block's forecast at the previous report, per line
Source = Callable[[Line, Column], float | Expr | None]
PLACES = tuple((column, COLS[column]) for column in ALL_COLUMNS)


def carried_title(period: Period) -> str:
    """Over a forecast carried from an earlier report: 'Edellinen ennuste 01-06/2023'."""
    return label("Previous forecast {months}", months=period.months)


@dataclass(frozen=True)
class Absent:
    """A block of a department that has not returned: its actual and forecast are blank (never
    0) unless the ledger gives the actuals and the previous report of the year (`carried`) the
    forecast, which is then shown in italics under a label naming that report. The status and
    change columns say 'not returned'."""

    carried: Period | None


def total(refs: tuple[Ref, ...]) -> Sum | None:
    """The sum of cells, or None (an empty cell) when none of them holds a figure."""
    return None if all(r.blank for r in refs) else Sum(refs)


class LeafSource:
    """A leaf's figures: its amounts where the report knows them, else None (an empty cell)."""

    def __init__(self, c: Consolidation, code: str) -> None:
        self.c = c
        self.code = code
        # the same on every line; all known where every department has returned
        self.known = [not c.unreturned or c.known(code, column) for column in ALL_COLUMNS]

    def __call__(self, line: Line, column: Column) -> float | None:
        return self.line(line)[ALL_COLUMNS.index(column)]

    def line(self, line: Line) -> list[float | None]:
        """The line's figures in the order of ALL_COLUMNS."""
        amounts = self.c.line_amounts(self.code, line)
        if all(self.known):
            return amounts  # type: ignore[return-value]
        return [a if k else None for a, k in zip(amounts, self.known, strict=True)]


class SumSource:
    """A total's figures: the sums of its children's cells (an empty cell where all are)."""

    def __init__(self, children: list[BlockRefs]) -> None:
        self.children = children

    def __call__(self, line: Line, column: Column) -> Sum | None:
        return total(tuple(ch[line][column] for ch in self.children))


def ref_source(refs: BlockRefs) -> Source:
    def source(line: Line, column: Column) -> float | Expr | None:
        return total((refs[line][column],))

    return source


class Blocks:
    """The blocks of one finance sheet: what they all share, looked up once."""

    def __init__(self, sheet: Sheet, rules: StatusRules) -> None:
        self.sheet, self.ws, self.name, self.rules = sheet, sheet.ws, sheet.name, rules
        self.fmt: dict[str, Any] = sheet.fmt
        self.labels = {line: terms.line_label(line) for line in Line}
        self.not_returned = not_returned_word()
        self.flags = shapes.Flags(rules.pace_threshold, pace_word(), overrun_word(), NEUTRAL)

    def _text(self, row: int, col: int, text: str, fmt: Any) -> None:
        """Sheet.text of a format with no row height of its own."""
        if text == "":
            self.ws.quick_blank(row, col, fmt)
        else:
            self.ws.quick_string(row, col, text, fmt)

    def write(
        self,
        row: int,
        label: str,
        source: Source,
        bold: bool = False,
        previous: Previous | None = None,
        absent: Absent | None = None,
    ) -> tuple[BlockRefs, int]:
        """A code/name row, then TOIMINTATUOTOT, TOIMINTAKULUT and TOIMINTAKATE (a formula).

        The status column: NOPEA TAHTI on the costs row, YLITYS on the margin row (see
        status.py). With the previous report's forecasts, each row's change since then: its
        own forecast cell minus that forecast, live. A figure the source does not know (None)
        is an empty cell, and so are the margin and Toteuma-% computed from it only.
        """
        ws, fmt, name = self.ws, self.fmt, self.name
        self.sheet.text(row, 0, label, "block")
        last = CHANGE_COL if previous is not None else COLS["status"]
        fill = fmt["block_fill"]
        for col in range(1, last + 1):
            ws.quick_blank(row, col, fill)
        if absent is not None and absent.carried is not None:
            note = carried_title(absent.carried)
            self.sheet.text(row, COLS[Column.FORECAST], note, "carried_note")
        num = "euros_bold" if bold else "euros"
        number = fmt[num]
        forecast_fmt = fmt[f"{num}_carried"] if absent is not None else number
        line_fmt = fmt["label_bold" if bold else "label"]
        refs: BlockRefs = {}
        for i, line in enumerate(INPUT_LINES, start=1):
            r = row + i
            self._text(r, 0, self.labels[line], line_fmt)
            refs[line] = self._figures(r, line, source, number, forecast_fmt)
        m = row + 3
        self._text(m, 0, self.labels[Line.MARGIN], fmt["label_bold"])
        income, costs = refs[Line.INCOME], refs[Line.COSTS]
        margin: dict[Column, Ref] = {}
        bold_fmt = fmt["euros_bold"]
        carried_fmt = fmt["euros_bold_carried"] if absent is not None else bold_fmt
        for column, col in PLACES:
            style = carried_fmt if column is Column.FORECAST else bold_fmt
            a, b = income[column], costs[column]
            if a.blank and b.blank:
                ws.quick_blank(m, col, style)
                margin[column] = Ref(name, m, col, 0.0, blank=True)
            else:
                formula, value = shapes.pair_sum(a, b)
                ws.quick_formula(m, col, formula, style, value)
                margin[column] = Ref(name, m, col, value)
        refs[Line.MARGIN] = margin
        pct = COLS["pct"]
        costs_pct = 0.0
        for r, line in ((row + 1, Line.INCOME), (row + 2, Line.COSTS), (m, Line.MARGIN)):
            style = fmt["pct_bold" if line is Line.MARGIN else "pct"]
            actual = refs[line][Column.ACTUAL]
            if actual.blank:
                ws.quick_blank(r, pct, style)
                value = 0.0
            else:
                formula, value = shapes.ratio(actual, refs[line][Column.TA_AMENDED])
                ws.quick_formula(r, pct, formula, style, value)
            if line is Line.COSTS:
                costs_pct = value
        status = COLS["status"]
        status_fmt = fmt["status"]
        if absent is not None:  # no flags for figures it has not given: it has not returned
            for r in (row + 1, row + 2, m):
                self._text(r, status, self.not_returned, status_fmt)
        else:
            ws.quick_blank(row + 1, status, status_fmt)
            flags = self.flags
            formula, word, criteria = flags.pace(row + 2, pct, costs_pct)
            ws.quick_formula(row + 2, status, formula, status_fmt, word)
            self._colour(row + 2, criteria, fmt["cf_pace"])
            formula, word, criteria = flags.overrun(
                margin[Column.FORECAST], margin[Column.TA_AMENDED]
            )
            ws.quick_formula(m, status, formula, status_fmt, word)
            self._colour(m, criteria, fmt["cf_overrun"])
        if previous is not None:
            self._changes(row, refs, bold, previous, absent)
        return refs, m + 1

    def _figures(
        self, row: int, line: Line, source: Source, number: Any, forecast_fmt: Any
    ) -> dict[Column, Ref]:
        """One input line's five figures: numbers, sums of this sheet's cells, other formulas
        or (None) empty cells."""
        ws, name = self.ws, self.name
        cells: dict[Column, Ref] = {}
        if type(source) is LeafSource:  # numbers or empty cells, the commonest
            for (column, col), amount in zip(PLACES, source.line(line), strict=True):
                style = forecast_fmt if column is Column.FORECAST else number
                if amount is None:
                    ws.quick_blank(row, col, style)
                    cells[column] = Ref(name, row, col, 0.0, blank=True)
                else:
                    ws.quick_number(row, col, amount, style)
                    cells[column] = Ref(name, row, col, amount)
            return cells
        children = source.children if type(source) is SumSource else None
        for column, col in PLACES:
            style = forecast_fmt if column is Column.FORECAST else number
            if children is not None:  # a total: its children's cells of this sheet summed
                terms = tuple(ch[line][column] for ch in children)
                if all(t.blank for t in terms):
                    value: float | Expr | None = None
                elif all(t.sheet == name for t in terms):
                    formula, total = shapes.sum_of(terms)
                    ws.quick_formula(row, col, formula, style, total)
                    cells[column] = Ref(name, row, col, total)
                    continue
                else:
                    value = Sum(terms)
            else:
                value = source(line, column)
            if value is None:
                ws.quick_blank(row, col, style)
                cells[column] = Ref(name, row, col, 0.0, blank=True)
            elif isinstance(value, Expr):  # (Sheet.formula, in a format at hand)
                result = value.value()
                ws.quick_formula(row, col, value.render(name), style, result)
                cells[column] = Ref(name, row, col, result)
            else:
                ws.quick_number(row, col, value, style)
                cells[column] = Ref(name, row, col, value)
        return cells

    def _colour(self, row: int, criteria: str, colour: Any) -> None:
        """The row's columns A..status in the cf_ format `colour` where `criteria` holds."""
        self.ws.conditional_format(
            row,
            0,
            row,
            COLS["status"],
            {"type": "formula", "criteria": criteria, "format": colour, "stop_if_true": True},
        )

    def _changes(
        self,
        row: int,
        refs: BlockRefs,
        bold: bool,
        previous: Previous,
        absent: Absent | None,
    ) -> None:
        """Each row's forecast minus the previous report's, live (or 'not returned')."""
        m = row + 3
        for r, line in ((row + 1, Line.INCOME), (row + 2, Line.COSTS), (m, Line.MARGIN)):
            if absent is not None:
                self.sheet.text(r, CHANGE_COL, self.not_returned, "change_text")
                continue
            style = self.fmt["change_bold" if bold or line is Line.MARGIN else "change"]
            formula, value = shapes.change(refs[line][Column.FORECAST], previous(line))
            self.ws.quick_formula(r, CHANGE_COL, formula, style, value)
