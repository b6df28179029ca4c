"""Rules on a workbook's cost-centre blocks: codes, names, master figures, signs, sums, coverage."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Rule
from ..i18n import terms
from ..i18n.message import Amount, Msg, msg
from ..i18n.terms import column_msg, line_msg
from ..model import INPUT_LINES, MASTER_COLUMNS, REPORTED_COLUMNS, Column, Line, Master
from ..submissions.records import Block, Cell, Submission
from ..xlsx.cells import norm
from .common import (
    E,
    W,
    cell_value,
    finding,
    tolerance,
)
from .leaves import LeafLine, Own, own_leaves

_NO_CELLS: dict[Column, Cell] = {}  # (never written to)
_TA, _AMENDED = MASTER_COLUMNS.index(Column.TA), MASTER_COLUMNS.index(Column.TA_AMENDED)


def block_rules(
    master: Master, sub: Submission, dept: str, own: Own | None = None
) -> Iterator[Finding]:
    """`own`: the workbook's own_leaves, if already told."""
    if own is None:
        own = own_leaves(master, sub, dept)
    seen: dict[str, Block] = {}
    for b in sub.blocks:
        node = master.centre(b.code)
        if node is None:
            yield finding(
                Rule.UNKNOWN_CODE,
                E,
                msg(
                    "cost centre {code} is not in the master tree; correct the code or ask finance",
                    code=b.code,
                ),
                at=b.origin,
                code=b.code,
            )
            continue
        if b.code in seen:
            first = seen[b.code].origin
            yield finding(
                Rule.DUPLICATE_CODE,
                E,
                msg(
                    "cost centre {code} appears twice (first at {place}); delete one of the blocks",
                    code=b.code,
                    place=first.place,
                ),
                at=b.origin,
                code=b.code,
            )
            continue
        seen[b.code] = b
        owner = master.department_of(b.code)
        if owner != dept and b.code != dept:
            yield finding(
                Rule.WRONG_DEPARTMENT,
                E,
                msg(
                    "cost centre {code} belongs to department {owner}, not to {dept}; move it to "
                    "that department's workbook",
                    code=b.code,
                    owner=owner,
                    dept=dept,
                )
                if owner
                else msg(
                    "cost centre {code} belongs to the city total, not to {dept}; remove it from "
                    "this workbook",
                    code=b.code,
                    dept=dept,
                ),
                at=b.origin,
                code=b.code,
            )
            continue
        if (
            b.name
            and b.name != node.name  # (the master's name itself: known without norm)
            and norm(b.name) not in {norm(n) for n in terms.centre_names(node)}
        ):
            yield finding(
                Rule.NAME_MISMATCH,
                W,
                msg(
                    "name {name!r} differs from the master's {master_name!r}; the code is used",
                    name=b.name,
                    master_name=node.name,
                ),
                at=b.origin,
                code=b.code,
                submitted=b.name,
                expected=node.name,
            )
        leaf = own.get(b.code)  # (this very block: the first of its code)
        if leaf is not None and not leaf.plain:
            yield from _figure_rules(master, leaf.lines)
        if Line.MARGIN in b.lines:
            yield from _margin_rule(b)
    yield from _total_rules(master, sub, seen)


def _figure_rules(master: Master, lines: tuple[LeafLine, ...]) -> Iterator[Finding]:
    """A leaf's figures: master columns must match; reported ones must carry the budget's
    sign."""
    for leaf in lines:
        code, line, cells = leaf.code, leaf.line, leaf.cells
        if cells is None:
            continue
        get = cells.get
        for column, expected in zip(MASTER_COLUMNS, leaf.amounts, strict=True):
            c = get(column)  # cell_value(c), spelt out: three cells a line of a city
            if c is None or c.formula or c.invalid or (v := c.value) is None:
                continue
            if abs(v - expected) > 0.5:
                yield finding(
                    Rule.MASTER_MISMATCH,
                    E,
                    msg(
                        "{line} {column} is {value}, the master says {expected}; restore the "
                        "master figure",
                        line=line_msg(line),
                        column=column_msg(master.period, column),
                        value=Amount(v),
                        expected=Amount(expected),
                    ),
                    c,
                    code=code,
                    submitted=v,
                    expected=expected,
                    line=line,
                    column=column,
                )
        actual, forecast = leaf.actual, leaf.forecast
        if (actual is not None and actual.formula) or (forecast is not None and forecast.formula):
            yield from _formula_inputs(master, leaf)
        budget = leaf.budget
        if budget == 0:
            continue
        positive = budget > 0
        a, f = leaf.actual_number, leaf.forecast_number
        if (a and (a > 0) != positive) or (f and (f > 0) != positive):
            yield from _wrong_signs(master, leaf)


def _reported(leaf: LeafLine) -> tuple[tuple[Column, Cell | None, float | None], ...]:
    """The line's reported columns, each with its cell and number."""
    return (
        (Column.ACTUAL, leaf.actual, leaf.actual_number),
        (Column.FORECAST, leaf.forecast, leaf.forecast_number),
    )


def _formula_inputs(master: Master, leaf: LeafLine) -> Iterator[Finding]:
    line = leaf.line
    for column, typed, _v in _reported(leaf):
        if typed is not None and typed.formula:
            yield finding(
                Rule.FORMULA_INPUT,
                E,
                msg(
                    "{line} {column} holds the formula {formula}, which refers to other "
                    "cells; kemixl does not evaluate or trust it (it would count as 0): type "
                    "the amount",
                    line=line_msg(line),
                    column=column_msg(master.period, column),
                    formula=typed.raw,
                ),
                typed,
                code=leaf.code,
                submitted=typed.raw,
                line=line,
                column=column,
            )


def _wrong_signs(master: Master, leaf: LeafLine) -> Iterator[Finding]:
    line, budget = leaf.line, leaf.budget
    for column, typed, v in _reported(leaf):
        if typed is not None and v is not None and v != 0 and (v > 0) != (budget > 0):
            args = {
                "line": line_msg(line),
                "column": column_msg(master.period, column),
                "value": Amount(v),
                "budget": Amount(budget),
            }
            yield finding(
                Rule.WRONG_SIGN,
                E,
                msg(
                    "{line} {column} {value} has the wrong sign (costs are negative, as in "
                    "the budget {budget}); flip the sign",
                    **args,
                )
                if budget < 0
                else msg(
                    "{line} {column} {value} has the wrong sign (income is positive, as in "
                    "the budget {budget}); flip the sign",
                    **args,
                ),
                typed,
                code=leaf.code,
                submitted=v,
                expected=-v,
                line=line,
                column=column,
            )


def _margin_rule(b: Block) -> Iterator[Finding]:
    margin = b.lines.get(Line.MARGIN)
    if margin is None:
        return
    # cell_value, spelt out: a template's margins are formulas, five a block of a city
    typed = [
        (column, cell, v)
        for column, cell in margin.items()
        if not (cell.formula or cell.invalid) and (v := cell.value) is not None
    ]
    if not typed:
        return
    inputs = [b.lines.get(ln, _NO_CELLS) for ln in INPUT_LINES]
    for column, mcell, m in typed:
        parts = [cells.get(column) for cells in inputs]
        if any(p is not None and p.opaque for p in parts):
            continue
        present = [p for p in parts if p is not None and p.value is not None]
        expected = sum(p.value for p in present if p.value is not None)
        if _off(m, expected, present, mcell):
            yield finding(
                Rule.SUM_MISMATCH,
                E,
                msg(
                    "{margin} {value} is not {income} + {costs} = {expected} (off by {off})",
                    margin=line_msg(Line.MARGIN),
                    income=line_msg(Line.INCOME),
                    costs=line_msg(Line.COSTS),
                    value=Amount(m),
                    expected=Amount(expected),
                    off=Amount(m - expected),
                ),
                mcell,
                code=b.code,
                submitted=m,
                expected=expected,
                line=Line.MARGIN,
                column=column,
            )


def _off(value: float, expected: float, present: list[Cell], cell: Cell) -> bool:
    """value differs from the sum of the present cells by more than their rounding's
    tolerance (which is always more than 1e-9: a sum that matches needs no tolerance)."""
    diff = abs(value - expected)
    return diff > 1e-9 and diff > tolerance([*present, cell])


def _total_rules(master: Master, sub: Submission, blocks: dict[str, Block]) -> Iterator[Finding]:
    """A total block must equal the sum of its result areas' blocks in the same workbook."""
    for code, b in blocks.items():
        expected_kids = master.children(code)
        kids = [blocks[k.code] for k in expected_kids if k.code in blocks]
        if not kids or len(kids) < len(expected_kids):
            continue  # a missing result area is its own finding; its absence is no sum error
        for line, cells in b.lines.items():
            if line is Line.MARGIN:
                continue  # a total's margin is checked against its own income and costs
            for column, tcell in cells.items():
                total = cell_value(tcell)
                if total is None:
                    continue
                parts = [k.lines.get(line, {}).get(column) for k in kids]
                if any(p is not None and p.opaque for p in parts):
                    continue
                present = [p for p in parts if p is not None and p.value is not None]
                expected = sum(p.value for p in present if p.value is not None)
                if _off(total, expected, present, tcell):
                    yield finding(
                        Rule.SUM_MISMATCH,
                        E,
                        msg(
                            "total {line} {column} {value} is not the sum of its result areas "
                            "{expected} (off by {off})",
                            line=line_msg(line),
                            column=column_msg(master.period, column),
                            value=Amount(total),
                            expected=Amount(expected),
                            off=Amount(total - expected),
                        ),
                        tcell,
                        code=code,
                        submitted=total,
                        expected=expected,
                        line=line,
                        column=column,
                    )


def coverage_rules(
    master: Master,
    sub: Submission,
    dept: str,
    inputs: tuple[Column, ...] = REPORTED_COLUMNS,
    own: Own | None = None,
) -> Iterator[Finding]:
    """Missing result areas; and of the input columns (forecasts only, when the actuals come
    from the ledger) an empty submission, a missing column, blank cells. `own`: the
    workbook's own_leaves, if told."""
    codes = {b.code for b in sub.blocks}
    for leaf in master.leaves(dept):
        if leaf.code == dept or leaf.code in codes:
            continue
        budget = master.has_budget(leaf.code)
        parent = master.centre(leaf.parent or "")
        subtotal = parent is not None and parent.code != dept and parent.code in codes
        yield finding(
            Rule.MISSING_RESULT_AREA,
            E if budget else W,
            _missing_area(leaf.code, leaf.name, budget, parent.code if parent and subtotal else ""),
            file=sub.name,
            code=leaf.code,
        )
    row_of = master.leaf_row  # (None: no leaf of the tree)
    reported = any(
        (c := b.lines.get(line, _NO_CELLS).get(col)) is not None
        and (c.value is not None or c.opaque)
        for b in sub.blocks
        if row_of(b.code) is not None
        for line in INPUT_LINES
        for col in inputs
    )
    if not reported and sub.blocks:
        yield finding(
            Rule.EMPTY_SUBMISSION,
            E,
            msg(
                "no actuals or forecasts are filled in for {dept}; fill in the {actual} and "
                "{forecast} columns",
                dept=dept,
                actual=column_msg(master.period, Column.ACTUAL),
                forecast=column_msg(master.period, Column.FORECAST),
            ),
            file=sub.name,
            code=dept,
        )
        return
    rows = [
        (b, row)
        for b in sub.blocks
        if (row := row_of(b.code)) is not None and row.department == dept
    ]
    leaves = [b for b, _row in rows]
    if any(col not in REPORTED_COLUMNS for col in inputs):
        own = {}  # (own_leaves tells blanks of the reported columns only)
    elif own is None:
        own = own_leaves(master, sub, dept)
    # the blocks that may hold a blank input: all but those own_leaves told have none
    maybe = [
        (b, row)
        for b, row in rows
        if (told := own.get(b.code)) is None or told.block is not b or told.blank
    ]
    for col in inputs:
        if leaves and not any(
            col in b.lines.get(line, _NO_CELLS) for b in leaves for line in INPUT_LINES
        ):
            yield finding(
                Rule.MISSING_COLUMN,
                E,
                msg(
                    "there is no {column} column; add it to the header row and fill it in",
                    column=column_msg(master.period, col),
                ),
                file=sub.name,
                code=dept,
                column=col,
            )
            continue
        for b, row in maybe:
            for line, amounts in zip(INPUT_LINES, row.amounts, strict=True):
                cell = b.lines.get(line, _NO_CELLS).get(col)
                if cell is None or cell.value is not None or cell.opaque:
                    continue
                if amounts[_AMENDED] != 0:  # (master_amount's Muutettu TA of the leaf)
                    yield finding(
                        Rule.BLANK_INPUT,
                        W,
                        msg(
                            "{line} {column} is blank although the line has a budget; it is "
                            "counted as 0 — type 0 if that is right",
                            line=line_msg(line),
                            column=column_msg(master.period, col),
                        ),
                        cell,
                        code=b.code,
                        line=line,
                        column=col,
                    )


def _missing_area(code: str, name: str, budget: bool, subtotal: str) -> Msg:
    """A result area missing from its department's workbook (zeros assumed if unbudgeted)."""
    if budget and subtotal:
        return msg(
            "result area {code} {name} is missing; add its block (the total of {total} is given, "
            "but the report is built from each unit's own figures)",
            code=code,
            name=name,
            total=subtotal,
        )
    if budget:
        return msg("result area {code} {name} is missing; add its block", code=code, name=name)
    if subtotal:
        return msg(
            "result area {code} {name} is missing; add its block (it has no budget, so zeros are "
            "assumed) (the total of {total} is given, but the report is built from each unit's "
            "own figures)",
            code=code,
            name=name,
            total=subtotal,
        )
    return msg(
        "result area {code} {name} is missing; add its block (it has no budget, so zeros are "
        "assumed)",
        code=code,
        name=name,
    )


def reported_figures(
    master: Master, sub: Submission, dept: str, own: Own | None = None
) -> dict[tuple[str, Line], dict[Column, float]]:
    """The actual and forecast of each of the department's leaves in its workbook (the first
    block of each; blank or unknown is 0). `own`: the workbook's own_leaves, if told."""
    if own is None:
        own = own_leaves(master, sub, dept)
    return {  # REPORTED_COLUMNS, spelt out: every leaf line of a city
        (leaf.code, leaf.line): {
            Column.ACTUAL: leaf.actual_number or 0.0,
            Column.FORECAST: leaf.forecast_number or 0.0,
        }
        for told in own.values()
        for leaf in told.lines
    }
