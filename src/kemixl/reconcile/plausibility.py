"""Plausible numbers: the commonest human mistakes with figures that are each valid alone.

Four rules on a department's leaf lines (its result areas' TOIMINTATUOTOT and TOIMINTAKULUT),
for templates and free-form submissions alike:

- looks-like-thousands (error): the figures are about 1/1000 of what the budget says (typed in
  thousands of euros), or about 100 times it (typed in cents). The test is the median of the
  figures' ratios to the budget over the lines with a material budget: a forecast against the
  budget, an actual against the budget's elapsed share. A median ignores a few genuinely small
  lines. Tested on the whole submission first (one finding), else on each result area.
- forecast-below-actual (warning): the year-end forecast is smaller in magnitude than the actual
  to date and than the budget, with the budget's sign: the year cannot end below what is
  already booked. A forecast above the budget but below an actual that already exceeds the
  budget (income received in advance, such as Kemi's 64320000 in 2023) is left alone.
- implausible-pace (warning): a material line whose actual share of the budget is far outside
  the elapsed share of the year (a digit too many or too few).
- forecast-copies-actual (note): forecast equal to the actual on every line, before the year's end.

The templates' live checks (templates/checks.py) compute the same tests with formulas, from the
same definitions here (`budget_of`, `unit_ratios`, `unit_bounds`), so that on a filled template
the rows they flag are the rows these rules name.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterator
from enum import Enum

from ..findings import Finding, Rule, Severity
from ..i18n.message import Amount, Msg, msg
from ..i18n.terms import column_msg, line_msg
from ..model import MASTER_COLUMNS, Column, Line, Master
from ..submissions.records import Cell, Submission
from ..xlsx.cells import a1, a1_to_rowcol
from .common import finding
from .leaves import LeafLine, Own, own_leaves
from .leaves import unit_ratios as unit_ratios  # (defined beside the lines it is told for)


class Unit(Enum):
    """What a department typed instead of euros, and the factor that turns it into euros."""

    THOUSANDS = 1000.0
    CENTS = 0.01


LineFigures = LeafLine
"""One leaf line of a submission as the plausibility rules see it (leaves.own_leaves)."""


def number(cell: Cell | None) -> float | None:
    """A typed number (0 included); None for a blank cell or one whose number is unknown."""
    if cell is None or cell.formula or cell.invalid:  # opaque, spelt out: called per figure
        return None
    return cell.value


def budget_of(master: Master, code: str, line: Line) -> float:
    """The budget a line's figures are compared with (as the wrong-sign rule does)."""
    amounts = master.leaf_amounts(code, line)  # a leaf's: at once
    if amounts is not None:
        return amounts[_AMENDED] or amounts[_TA]
    return master.master_amount(code, line, Column.TA_AMENDED) or master.master_amount(
        code, line, Column.TA
    )


_TA, _AMENDED = MASTER_COLUMNS.index(Column.TA), MASTER_COLUMNS.index(Column.TA_AMENDED)


def unit_bounds(band: float) -> dict[Unit, tuple[float, float]]:
    """The median ratio that means thousands (around 1/1000) or cents (around 100)."""
    return {Unit.THOUSANDS: (1 / (1000 * band), band / 1000), Unit.CENTS: (100 / band, 100 * band)}


def unit_of(ratios: list[float], band: float) -> tuple[Unit, float] | None:
    return _unit_within(ratios, tuple(unit_bounds(band).items()))


def _unit_within(
    ratios: list[float], bounds: tuple[tuple[Unit, tuple[float, float]], ...]
) -> tuple[Unit, float] | None:
    """unit_of with the bounds told (once for a workbook's thousands of result areas)."""
    if not ratios:
        return None
    # the median lies between the least and the greatest: where no band reaches either, it
    # lies in none (the common case, told without sorting a result area's ratios)
    least, most = min(ratios), max(ratios)
    for _unit, (low, high) in bounds:
        if not (most < low or least > high):
            break
    else:
        return None
    median = float(statistics.median(ratios))
    for unit, (low, high) in bounds:
        if low <= median <= high:
            return unit, median
    return None


def leaf_lines(
    master: Master, sub: Submission, dept: str, own: Own | None = None
) -> list[LineFigures]:
    """The department's leaf lines in the submission, each block once (the first); `own`:
    the workbook's own_leaves, when already told."""
    if own is None:
        own = own_leaves(master, sub, dept)
    return [lf for told in own.values() for lf in told.lines if lf.cells is not None]


def _cells_text(cells: list[Cell]) -> Msg | str:
    """The cells a finding names: listed when few, else their bounding range and count."""
    sheets = {c.origin.sheet for c in cells}
    if len(cells) <= 6:
        return ", ".join(c.origin.cell if len(sheets) == 1 else c.origin.place for c in cells)
    if len(sheets) > 1:
        return msg(
            "{cells} and {n} more",
            cells=", ".join(c.origin.place for c in cells[:6]),
            n=len(cells) - 6,
        )
    places = [a1_to_rowcol(c.origin.cell) for c in cells]
    top_left = a1(min(r for r, _ in places), min(c for _, c in places))
    bottom_right = a1(max(r for r, _ in places), max(c for _, c in places))
    return msg("{range} ({n} cells)", range=top_left + ":" + bottom_right, n=len(cells))


Scoped = Callable[[str, list[LineFigures]], Finding | None]


def _scoped(
    dept: str, lines: list[LineFigures], test: Scoped, areas: Callable[[], Areas]
) -> list[Finding]:
    """One finding for the whole submission if it fires there, else one per result area
    (areas(): the lines by result area)."""
    whole = test(dept, lines)
    if whole is not None:
        return [whole]
    blocks = areas()
    if len(blocks) < 2:
        return []
    return [f for code, block in blocks.items() if (f := test(code, block)) is not None]


Areas = dict[str, list[LineFigures]]


def _by_area(lines: list[LineFigures]) -> Callable[[], Areas]:
    """The lines by result area, grouped when first asked and then kept (both scoped rules
    ask)."""
    kept: list[Areas] = []

    def areas() -> Areas:
        if not kept:
            blocks: Areas = {}
            for lf in lines:
                blocks.setdefault(lf.code, []).append(lf)
            kept.append(blocks)
        return kept[0]

    return areas


def _unit_rule(master: Master, named_cells: set[Cell]) -> Scoped:
    """looks-like-thousands; every cell it names is added to named_cells."""
    settings, period = master.settings, master.period
    bounds = tuple(unit_bounds(settings.unit_band).items())

    def test(code: str, lines: list[LineFigures]) -> Finding | None:
        ratios = [r for lf in lines for r in lf.ratios]
        found = _unit_within(ratios, bounds)
        if found is None:
            return None
        unit, median = found
        named = [
            (lf, c) for lf in lines for c in (lf.actual, lf.forecast) if c is not None and number(c)
        ]
        lf, first = named[0]
        v = number(first) or 0.0
        column = Column.ACTUAL if first is lf.actual else Column.FORECAST
        cells = [c for _, c in named]
        named_cells.update(cells)
        args = {
            "code": code,
            "ratio": Amount(round(1 / median) if unit is Unit.THOUSANDS else round(median)),
            "n": len(ratios),
            "cc": lf.code,
            "line": line_msg(lf.line),
            "column": column_msg(period, column),
            "value": Amount(v),
            "euros": Amount(v * unit.value),
            "cells": _cells_text(cells),
        }
        return finding(
            Rule.LOOKS_LIKE_THOUSANDS,
            Severity.ERROR,
            msg(
                "the figures of {code} look like thousands of euros: they are about 1/{ratio} of "
                "what their budget says (the median of {n} ratios); {cc} {line} {column} {value} "
                "would be {euros} in euros. Cells {cells}: type every amount in euros",
                **args,
            )
            if unit is Unit.THOUSANDS
            else msg(
                "the figures of {code} look like cents: they are about {ratio} times what their "
                "budget says (the median of {n} ratios); {cc} {line} {column} {value} would be "
                "{euros} in euros. Cells {cells}: type every amount in euros",
                **args,
            ),
            first,
            code=code,
            submitted=v,
            expected=v * unit.value,
            line=lf.line,
            column=column,
            cells=tuple(c.origin.cell for c in cells),
        )

    return test


def _copies_rule(master: Master) -> Scoped:
    def test(code: str, lines: list[LineFigures]) -> Finding | None:
        pairs = []
        for lf in lines:
            a, f = lf.actual_number, lf.forecast_number
            if a is None or f is None or not (a or f):
                continue
            if abs(f - a) >= 0.005:  # one line that differs: no copy (told at the first)
                return None
            pairs.append((lf, a, f))
        if not pairs:
            return None
        cells = [lf.forecast for lf, _, _ in pairs if lf.forecast is not None]
        lf = pairs[0][0]
        return finding(
            Rule.FORECAST_COPIES_ACTUAL,
            Severity.NOTE,
            msg(
                "the forecast equals the actual to date on every line of {code}, cells {cells}, "
                "but {period} is not the whole year: was the actual column copied into "
                "{column}? Type the year-end forecast",
                code=code,
                cells=_cells_text(cells),
                period=master.period.label,
                column=column_msg(master.period, Column.FORECAST),
            ),
            cells[0],
            code=code,
            line=lf.line,
            column=Column.FORECAST,
            cells=tuple(c.origin.cell for c in cells),
        )

    return test


def _forecast_below_actual(master: Master, lines: list[LineFigures]) -> Iterator[Finding]:
    for lf in lines:
        a, f, b = lf.actual_number, lf.forecast_number, lf.budget
        if a is None or f is None or lf.forecast is None or a * b <= 0 or f * b < 0:
            continue
        if abs(f) < abs(a) and abs(f) < abs(b):
            yield finding(
                Rule.FORECAST_BELOW_ACTUAL,
                Severity.WARNING,
                msg(
                    "{line} {forecast} {value} is smaller than {actual} {booked}: the whole year "
                    "cannot come to less than is already booked (budget {budget}); correct the "
                    "forecast or the actual",
                    line=line_msg(lf.line),
                    forecast=column_msg(master.period, Column.FORECAST),
                    value=Amount(f),
                    actual=column_msg(master.period, Column.ACTUAL),
                    booked=Amount(a),
                    budget=Amount(b),
                ),
                lf.forecast,
                code=lf.code,
                submitted=f,
                expected=a,
                line=lf.line,
                column=Column.FORECAST,
            )


def _implausible_pace(
    master: Master, lines: list[LineFigures], skip: set[Cell]
) -> Iterator[Finding]:
    s, elapsed = master.settings, master.period.elapsed_share
    low, high = s.pace_low * elapsed, s.pace_high * elapsed
    for lf in lines:
        a, b = lf.actual_number, lf.budget
        if a is None or lf.actual is None:
            continue
        if skip and (lf.actual in skip or lf.forecast in skip):  # (a cell's hash is slow)
            continue
        if b == 0 or abs(b) < s.materiality or a * b <= 0:
            continue
        share = a / b
        if low <= share <= high:
            continue
        yield finding(
            Rule.IMPLAUSIBLE_PACE,
            Severity.WARNING,
            msg(
                "{line} {column} {value} is {share} % of the budget {budget} after {elapsed} % of "
                "the year (plausible: {low}–{high} %); check the figure for a digit too many or "
                "too few",
                line=line_msg(lf.line),
                column=column_msg(master.period, Column.ACTUAL),
                value=Amount(a),
                share=round(share * 100),
                budget=Amount(b),
                elapsed=round(elapsed * 100),
                low=round(low * 100),
                high=round(high * 100),
            ),
            lf.actual,
            code=lf.code,
            submitted=a,
            expected=round(b * elapsed, 2),
            line=lf.line,
            column=Column.ACTUAL,
        )


def plausibility_rules(
    master: Master, sub: Submission, dept: str, own: Own | None = None
) -> Iterator[Finding]:
    """The four rules on one department's submission (`own`: its own_leaves, if told)."""
    lines = leaf_lines(master, sub, dept, own)
    if not lines:
        return
    thousands: set[Cell] = set()
    areas = _by_area(lines)
    yield from _scoped(dept, lines, _unit_rule(master, thousands), areas)
    yield from _forecast_below_actual(master, lines)
    yield from _implausible_pace(master, lines, thousands)
    if master.period.last_month < 12:
        yield from _scoped(dept, lines, _copies_rule(master), areas)
