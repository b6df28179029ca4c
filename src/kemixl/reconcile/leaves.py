"""A workbook's own leaf blocks as the checks read them, told once per workbook.

The block rules (master figures, formulas, signs), the plausibility rules and the reported
figures each walked the same leaf lines and asked the master the same questions of each; here
each line's cells, numbers and master figures are looked up once and shared.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from ..model import INPUT_LINES, MASTER_COLUMNS, Column, Line, Master, Period, Settings
from ..submissions.records import Block, Cell, Submission

_TA, _AMENDED = MASTER_COLUMNS.index(Column.TA), MASTER_COLUMNS.index(Column.TA_AMENDED)


class LeafLine(NamedTuple):
    """One input line of one of the department's leaf blocks (a tuple: a large workbook has
    tens of thousands, each made once and read by several rules)."""

    code: str
    line: Line
    cells: dict[Column, Cell] | None  # None: the block has no such row
    amounts: tuple[float, ...]  # the master's TP, TA and Muutettu TA (Master.leaf_amounts)
    budget: float  # Muutettu TA, or TA where there is none: the expected size and sign
    actual: Cell | None
    forecast: Cell | None
    # cell_value of the two cells, and unit_ratios of the line ([] without it)
    actual_number: float | None
    forecast_number: float | None
    ratios: Sequence[float]


def unit_ratios(
    budget: float, actual: float | None, forecast: float | None, settings: Settings, period: Period
) -> list[float]:
    """A line's figures against its budget: |forecast| / |budget| and |actual| / (|budget| ×
    the elapsed share), each about 1 where typed in euros; only for a material budget and
    figures other than 0 (plausibility's looks-like-thousands). The live checks compute these
    very expressions."""
    if budget == 0 or abs(budget) < settings.materiality:
        return []
    out = []
    if actual:
        out.append(abs(actual) / (abs(budget) * period.last_month / 12))
    if forecast:
        out.append(abs(forecast) / abs(budget))
    return out


_new = tuple.__new__  # a LeafLine made without its __new__'s call: tens of thousands a city
_NO_FIGURES = (None, None, None, None, ())  # a line the block lacks: no cells, no ratios


class LeafBlock(NamedTuple):
    block: Block
    lines: tuple[LeafLine, ...]  # its INPUT_LINES
    # an actual or forecast cell of it is blank (no value, no formula, not invalid): the only
    # blocks coverage_rules looks into for blank inputs
    blank: bool
    # no master figure differs, no actual or forecast is a formula (or invalid) and none has
    # the budget's opposite sign: the blocks whose figures blocks._figure_rules need not read
    plain: bool


Own = dict[str, LeafBlock]
"""By code, in the workbook's order: the department's first block of each leaf code."""


def own_leaves(master: Master, sub: Submission, dept: str) -> Own:
    """The workbook's blocks of the department's leaves (or of `dept` itself), the first
    block of each code, with their input lines."""
    out: Own = {}
    rows = master.leaf_rows()
    settings, period = master.settings, master.period
    for b in sub.blocks:
        code = b.code
        if code in out:
            continue
        row = rows.get(code)
        if row is None or (row.department != dept and code != dept):
            continue
        got = b.lines.get
        lines = []
        blank = odd = False
        for line, amounts in zip(INPUT_LINES, row.amounts, strict=True):
            budget = amounts[_AMENDED] or amounts[_TA]
            cells = got(line)
            if cells is None:
                lines.append(_new(LeafLine, (code, line, None, amounts, budget, *_NO_FIGURES)))
                continue
            actual, forecast = cells.get(Column.ACTUAL), cells.get(Column.FORECAST)
            # cell_value of each, spelt out (two cells a line of a city), and whether either
            # is blank or opaque
            a = f = None
            if actual is not None:
                if actual.formula or actual.invalid:
                    odd = True
                elif (a := actual.value) is None:
                    blank = True
            if forecast is not None:
                if forecast.formula or forecast.invalid:
                    odd = True
                elif (f := forecast.value) is None:
                    blank = True
            if not odd:
                if budget and ((a and (a > 0) != (budget > 0)) or (f and (f > 0) != (budget > 0))):
                    odd = True
                else:  # a master figure off (blocks' master-mismatch): three cells a line
                    for column, expected in zip(MASTER_COLUMNS, amounts, strict=True):
                        c = cells.get(column)
                        if c is None or c.formula or c.invalid or (v := c.value) is None:
                            continue
                        if abs(v - expected) > 0.5:
                            odd = True
                            break
            ratios = unit_ratios(budget, a, f, settings, period)
            figures = (code, line, cells, amounts, budget, actual, forecast, a, f, ratios)
            lines.append(_new(LeafLine, figures))
        out[code] = _new(LeafBlock, (b, tuple(lines), blank, not odd))
    return out
