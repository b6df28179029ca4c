"""The finance blocks' commonest formulas spelled at once.

Every block of a finance table repeats the same few formulas with other row numbers: a margin
(income + costs), a Toteuma-% (IF(budget=0,0,actual/budget)) and the two status flags. Built as
expression trees (formulas/expressions.py) and rendered node by node, they were a third of the
time of writing 20 000 cost centres. Here each shape is one format string over cells of the
sheet being written, with the value computed as its tree computes it: the same text and the
same value as `Sum`, `Ratio`, `first_of(pace …)` and `first_of(overrun …)` (a property test
compares them), so a finance officer reads the very formulas the trees spell. A reference to
another sheet, or beyond the columns spelt here, goes to the trees.
"""

from __future__ import annotations

from collections.abc import Sequence

from xlsxwriter.utility import xl_col_to_name

from ..formulas import Ref
from ..formulas.base import NOISE_DIGITS, string_literal
from ..formulas.expressions import Const, excel_round

COLUMNS = [xl_col_to_name(col) for col in range(26)]  # A-Z: the finance tables' columns


def local(sheet: str, *refs: Ref) -> bool:
    """Every reference is a cell of `sheet` in columns A-Z (spelt here)."""
    return all(ref.sheet == sheet and ref.col < 26 for ref in refs)


def _cell(ref: Ref) -> str:
    return f"{COLUMNS[ref.col]}{ref.row + 1}"


def _pinned(ref: Ref) -> str:
    return f"${COLUMNS[ref.col]}${ref.row + 1}"


def pair_sum(a: Ref, b: Ref) -> tuple[str, float]:
    """Sum((a, b)): 'B7+B8' and its value."""
    return f"{_cell(a)}+{_cell(b)}", round(0 + a.cached + b.cached, NOISE_DIGITS)


def sum_of(refs: Sequence[Ref]) -> tuple[str, float]:
    """Sum(refs) of cells of the sheet: 'B7+B11+B15' (or 'SUM(B7:B9)' for a run of a column)
    and its value."""
    value = round(sum([r.cached for r in refs]), NOISE_DIGITS)
    if len(refs) > 2:
        first, last = refs[0], refs[-1]
        if all(r.col == first.col and r.row == first.row + i for i, r in enumerate(refs)):
            return f"SUM({_cell(first)}:{_cell(last)})", value
    if not refs:
        return "0", value
    return "+".join([f"{COLUMNS[r.col]}{r.row + 1}" for r in refs]), value


def change(forecast: Ref, previous: float) -> tuple[str, float]:
    """Sum((forecast, Const(-previous))), a forecast's change since the previous report:
    'G7-1200' and its value."""
    text = f"{_cell(forecast)}+{Const(-previous).render('')}"
    value = round(sum([forecast.cached, -previous]), NOISE_DIGITS)
    return (text.replace("+-", "-") if "+-" in text else text), value


def ratio(numerator: Ref, denominator: Ref) -> tuple[str, float]:
    """Ratio(numerator, denominator): 'IF(D7=0,0,E7/D7)' and its value."""
    d = _cell(denominator)
    value = 0.0 if denominator.cached == 0 else numerator.cached / denominator.cached
    return f"IF({d}=0,0,{_cell(numerator)}/{d})", value


def pace_flag(pct: Ref, threshold: float, word: str, neutral: str) -> tuple[str, str, str]:
    """first_of([(pace, word)], neutral) and the pace rule pinned to its row: the formula,
    its value and the conditional format's criteria."""
    return Flags(threshold, word, "", neutral).pace(pct.row, pct.col, pct.cached)


def overrun_flag(forecast: Ref, budget: Ref, word: str, neutral: str) -> tuple[str, str, str]:
    """first_of([(overrun, word)], neutral) and the overrun rule pinned to its row."""
    return Flags(0.0, "", word, neutral).overrun(forecast, budget)


class Flags:
    """The status flags of a sheet's blocks, their words and the pace limit spelt once."""

    def __init__(self, threshold: float, pace: str, overrun: str, neutral: str) -> None:
        self.threshold = threshold
        self.limit = Const(threshold).render("")
        self.pace_word, self.overrun_word, self.neutral = pace, overrun, neutral
        self.pace_words = f",{string_literal(pace)},{string_literal(neutral)})"
        self.overrun_words = f",{string_literal(overrun)},{string_literal(neutral)})"

    def pace(self, row: int, col: int, pct: float) -> tuple[str, str, str]:
        """pace_flag of the Toteuma-% in (row, col) holding `pct`."""
        value = self.pace_word if excel_round(pct, 2) > self.threshold else self.neutral
        letter, number = COLUMNS[col], row + 1
        formula = f"IF(ROUND({letter}{number},2)>{self.limit}{self.pace_words}"
        return formula, value, f"=ROUND(${letter}${number},2)>{self.limit}"

    def overrun(self, forecast: Ref, budget: Ref) -> tuple[str, str, str]:
        """overrun_flag(forecast, budget, …)."""
        below = excel_round(forecast.cached, 2) < excel_round(budget.cached, 2)
        test = f"ROUND({_cell(forecast)},2)<ROUND({_cell(budget)},2)"
        pinned = f"=ROUND({_pinned(forecast)},2)<ROUND({_pinned(budget)},2)"
        return (
            f"IF({test}{self.overrun_words}",
            self.overrun_word if below else self.neutral,
            pinned,
        )
