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


def ratio(numerator: Ref, denominator: Ref) -> tuple[str, float]:
    """Ratio(numerator, denominator): 'IF(D7=0,0,E7/D7)' and its value."""
    d = _cell(denominator)
    value = 0.0 if denominator.cached == 0 else numerator.cached / denominator.cached
    return f"IF({d}=0,0,{_cell(numerator)}/{d})", value


def _flag(test: str, word: str, neutral: str) -> str:
    return f"IF({test},{string_literal(word)},{string_literal(neutral)})"


def pace_flag(pct: Ref, threshold: float, word: str, neutral: str) -> tuple[str, str, str]:
    """first_of([(pace, word)], neutral) and the pace rule pinned to its row: the formula,
    its value and the conditional format's criteria."""
    limit = Const(threshold).render("")
    value = word if excel_round(pct.cached, 2) > threshold else neutral
    formula = _flag(f"ROUND({_cell(pct)},2)>{limit}", word, neutral)
    return formula, value, f"=ROUND({_pinned(pct)},2)>{limit}"


def overrun_flag(forecast: Ref, budget: Ref, word: str, neutral: str) -> tuple[str, str, str]:
    """first_of([(overrun, word)], neutral) and the overrun rule pinned to its row."""
    below = excel_round(forecast.cached, 2) < excel_round(budget.cached, 2)
    test = f"ROUND({_cell(forecast)},2)<ROUND({_cell(budget)},2)"
    pinned = f"=ROUND({_pinned(forecast)},2)<ROUND({_pinned(budget)},2)"
    return _flag(test, word, neutral), word if below else neutral, pinned
