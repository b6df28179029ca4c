"""The median of figures relative to their budgets, as an array formula.

The live checks' unit test (plausibility.unit_ratios, unit_of) takes the median of |figure| /
budget share over the lines with a material budget: |actual| / (|budget| x months / 12) and
|forecast| / |budget|. Written as one array formula over the two columns of parsed figures, it
needs no cell per ratio:

    MEDIAN(IF(ISNUMBER(I7:J8),IF(I7:J8<>0,ABS(I7:J8)/({816700;4247100}*{6,1}/{12,1}))))

with the budgets as constants (a result area's rows, each material), or read from the budget
columns (a whole department: Muutettu TA, else TA, where material). Every operand is as wide as
the figures (a budget column times {1,1}): Gnumeric does not widen a single column on its own.
Python works out each ratio with the same operations in the same order, so the median is the
very float the rules compute.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from xlsxwriter.utility import xl_rowcol_to_cell

from .base import Node, Value, XLError
from .expressions import Const
from .values import is_number


@dataclass(frozen=True)
class RatioRow:
    """One row of the area: its budget (Muutettu TA, else TA) and its parsed figures."""

    budget: float
    figures: tuple[Value, Value]  # (actual, forecast) as parsed: a number, "" or "#"


@dataclass(frozen=True)
class RatioMedian(Node):
    sheet: str
    first_row: int
    first_col: int  # the parsed actuals; the parsed forecasts are in the next column
    rows: tuple[RatioRow, ...]  # from first_row down, one per row
    months: int  # the period's last month: the actual's share of the year
    materiality: float
    # The budget columns (TA, Muutettu TA) to read the budgets from; None: written as constants
    # (then every row must have a material budget).
    budget_cols: tuple[int, int] | None = None

    def _range(self, col: int, last_col: int | None = None) -> str:
        last = self.first_row + len(self.rows) - 1
        a = xl_rowcol_to_cell(self.first_row, col)
        b = xl_rowcol_to_cell(last, col if last_col is None else last_col)
        return f"{a}:{b}"

    def render(self, sheet: str, pinned: bool = False) -> str:
        figures = self._range(self.first_col, self.first_col + 1)
        share = f"{{{self.months},1}}/{{12,1}}"
        if self.budget_cols is None:
            if any(not self._material(r.budget) for r in self.rows):
                raise ValueError("constant budgets must all be material")
            budgets = ";".join(Const(abs(r.budget)).render(sheet) for r in self.rows)
            ratio = f"ABS({figures})/({{{budgets}}}*{share})"
            return f"MEDIAN(IF(ISNUMBER({figures}),IF({figures}<>0,{ratio})))"
        ta, amended = (self._range(c) for c in self.budget_cols)
        budget = f"ABS(IF({amended}=0,{ta},{amended}))"
        threshold = Const(self.materiality).render(sheet)
        material = f"{budget}*{{1,1}}{'>=' + threshold if self.materiality > 0 else '>0'}"
        ratio = f"ABS({figures})/({budget}*{share})"
        return f"MEDIAN(IF(ISNUMBER({figures}),IF({figures}<>0,IF({material},{ratio}))))"

    def _material(self, budget: float) -> bool:
        return budget != 0 and abs(budget) >= self.materiality

    def ratios(self) -> list[float]:
        out = []
        for row in self.rows:
            if not self._material(row.budget):
                continue
            # the actual against the elapsed share, the forecast against the whole budget
            for v, (times, per) in zip(row.figures, ((self.months, 12), (1, 1)), strict=True):
                if isinstance(v, XLError):
                    raise XLError(v.code)
                if is_number(v) and v != 0:
                    out.append(abs(v) / (abs(row.budget) * times / per))  # type: ignore[arg-type]
        return out

    def evaluate(self) -> Value:
        ratios = self.ratios()
        if not ratios:
            raise XLError("#NUM!")
        return float(statistics.median(ratios))
