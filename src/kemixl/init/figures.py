"""The budget figures of every leaf and line from the export's rows, in kemixl's signs.

Rows of a leaf (a cost centre without cost centres under it in the export) are summed per
line: an export per cost centre and account has many per line, one per line has one (a second
is a problem: a row pasted twice would double the budget). A row of a cost centre that has
others under it, or of no code at all, is a total: it must equal the sum of the rows under it
(within the rounding of the summed euros, reconcile's tolerance), or rows are missing.

kemixl's costs are negative and its income positive. An export may print costs as positive
numbers, or sign everything as the bookkeeping does (income negative, costs positive); each
line's sign is told by the sum of its figures over the whole export and turned where needed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..i18n.message import Amount, msg
from ..model import Column, Line
from ..reconcile.common import tolerance
from .columns import Layout
from .records import ExportRow, Signs
from .table import Problem
from .tree import Tree, leaves_under

Figures = dict[tuple[str, Line], dict[Column, float]]


@dataclass(frozen=True)
class Budget:
    figures: Figures  # in kemixl's signs, rounded to cents
    signs: Signs
    checked_totals: int


def _leaf_sums(
    where: str, rows: Sequence[ExportRow], tree: Tree, layout: Layout, problems: list[Problem]
) -> tuple[Figures, dict[tuple[str, Line], int]]:
    sums: Figures = {}
    counts: dict[tuple[str, Line], int] = {}
    first: dict[tuple[str, Line], int] = {}
    for row in rows:
        code = row.path[-1].code if row.path else tree.city.code
        if tree.children.get(code):
            continue  # a total
        if row.kind is None:
            problems.append(
                (
                    where,
                    row.line,
                    msg(
                        "the row of {code} says no line: give its account or its line "
                        "({income} or {costs})",
                        code=code,
                        income=Line.INCOME.value,
                        costs=Line.COSTS.value,
                    ),
                )
            )
            continue
        key = (code, row.kind)
        if key in first and layout.account is None:
            problems.append(
                (
                    where,
                    row.line,
                    msg(
                        "a second row of {code} {line} (the first is on line {first}); delete "
                        "one of them",
                        code=code,
                        line=row.kind.value,
                        first=first[key],
                    ),
                )
            )
            continue
        first.setdefault(key, row.line)
        counts[key] = counts.get(key, 0) + 1
        into = sums.setdefault(key, dict.fromkeys(layout.figures, 0.0))
        for column, value in row.figures.items():
            into[column] += value
    return sums, counts


def _check_totals(
    where: str,
    rows: Sequence[ExportRow],
    tree: Tree,
    sums: Figures,
    counts: dict[tuple[str, Line], int],
    titles: dict[Column, str],
    problems: list[Problem],
) -> int:
    """Each total row against the sum of the rows under it; the number checked."""
    checked = 0
    for row in rows:
        code = row.path[-1].code if row.path else tree.city.code
        if not tree.children.get(code):
            continue
        lines = (row.kind,) if row.kind is not None else (Line.INCOME, Line.COSTS)
        leaves = leaves_under(tree, code)
        checked += 1
        for column, value in row.figures.items():
            parts = [sums.get((leaf, ln), {}).get(column, 0.0) for leaf in leaves for ln in lines]
            summed = sum(parts)
            n = sum(counts.get((leaf, ln), 0) for leaf in leaves for ln in lines)
            if abs(summed - value) > tolerance([0.0] * (n + 1)):
                problems.append(
                    (
                        where,
                        row.line,
                        msg(
                            "this row totals {code} ({what}): {title} is {total} here but the "
                            "rows under it sum to {sum}; rows are missing or the total is wrong",
                            code=code,
                            what=row.kind.value if row.kind else "+".join(ln.value for ln in lines),
                            title=titles[column],
                            total=Amount(value),
                            sum=Amount(summed),
                        ),
                    )
                )
    return checked


def budget_of(
    where: str,
    rows: Sequence[ExportRow],
    tree: Tree,
    layout: Layout,
    titles: dict[Column, str],
) -> tuple[Budget | None, list[Problem]]:
    """The leaves' figures in kemixl's signs, or the problems that prevent them."""
    problems: list[Problem] = []
    sums, counts = _leaf_sums(where, rows, tree, layout, problems)
    checked = _check_totals(where, rows, tree, sums, counts, titles, problems)
    budgets = (Column.TA, Column.TA_AMENDED)
    if not problems and not any(v.get(c) for v in sums.values() for c in budgets):
        problems.append(
            (
                where,
                0,
                msg(
                    "every budget figure ({title}) is zero or blank: kemixl needs the budget",
                    title=titles[Column.TA],
                ),
            )
        )
    if problems:
        return None, problems
    signs = _signs(sums)
    turn = {Line.INCOME: signs.income_turned, Line.COSTS: signs.costs_turned}
    figures = {
        key: {c: round(-v if turn[key[1]] else v, 2) + 0.0 for c, v in values.items()}
        for key, values in sums.items()
    }
    return Budget(figures, signs, checked), []


def _signs(sums: Figures) -> Signs:
    """Which lines the export signs unlike kemixl: income whose figures sum below zero, costs
    whose figures sum above it."""
    total = {Line.INCOME: 0.0, Line.COSTS: 0.0}
    for (_code, line), values in sums.items():
        total[line] += sum(values.values())
    return Signs(income_turned=total[Line.INCOME] < 0, costs_turned=total[Line.COSTS] > 0)


def column_titles(table_titles: Sequence[object], layout: Layout) -> dict[Column, str]:
    """The export's own titles of the figure columns read (for messages)."""
    return {c: str(table_titles[i]).strip() for c, i in layout.figures.items()}
