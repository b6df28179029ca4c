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
from .errors import Problem
from .records import ExportRow, Signs
from .tree import Tree, leaves_under

Figures = dict[tuple[str, Line], dict[Column, float]]


@dataclass(frozen=True)
class Budget:
    figures: Figures  # in kemixl's signs, rounded to cents
    signs: Signs
    checked_totals: int


def _no_line(where: str, row: ExportRow, code: str) -> Problem:
    return (
        where,
        row.line,
        msg(
            "the row of {code} says no line: give its account or its line ({income} or {costs})",
            code=code,
            income=Line.INCOME.value,
            costs=Line.COSTS.value,
        ),
    )


def _leaf_rows(
    where: str, rows: Sequence[ExportRow], tree: Tree, layout: Layout, problems: list[Problem]
) -> dict[tuple[str, Line], list[ExportRow]]:
    """The rows of each leaf and line; a row without a line, or (without accounts, which
    several rows share) a second row of the same leaf, line and item, is a problem."""
    out: dict[tuple[str, Line], list[ExportRow]] = {}
    first: dict[tuple[str, Line, str], int] = {}
    for row in rows:
        code = _code(row, tree)
        if tree.children.get(code):
            continue  # a total
        if row.kind is None:
            problems.append(_no_line(where, row, code))
            continue
        key = (code, row.kind, row.item)
        if key in first and layout.account is None:
            problems.append(
                (
                    where,
                    row.line,
                    msg(
                        "a second row of {code} {line} (the first is on line {first}); delete "
                        "one of them",
                        code=code,
                        line=" ".join(filter(None, (row.kind.value, row.item))),
                        first=first[key],
                    ),
                )
            )
            continue
        first.setdefault(key, row.line)
        out.setdefault((code, row.kind), []).append(row)
    return out


def _code(row: ExportRow, tree: Tree) -> str:
    return row.path[-1].code if row.path else tree.city.code


def _summed(rows: Sequence[ExportRow], layout: Layout) -> dict[Column, float]:
    total = dict.fromkeys(layout.figures, 0.0)
    for row in rows:
        for column, value in row.figures.items():
            total[column] += value
    return total


def _compare(
    where: str,
    row: ExportRow,
    code: str,
    what: str,
    summed: dict[Column, float],
    n: int,
    titles: dict[Column, str],
    problems: list[Problem],
) -> None:
    """A total row against the sum of the n rows under it, column by column."""
    for column, value in row.figures.items():
        if abs(summed.get(column, 0.0) - value) > tolerance([0.0] * (n + 1)):
            problems.append(
                (
                    where,
                    row.line,
                    msg(
                        "this row totals {code} ({what}): {title} is {total} here but the rows "
                        "under it sum to {sum}; rows are missing or the total is wrong",
                        code=code,
                        what=what,
                        title=titles[column],
                        total=Amount(value),
                        sum=Amount(summed.get(column, 0.0)),
                    ),
                )
            )


def _leaf_sums(
    where: str,
    rows: Sequence[ExportRow],
    tree: Tree,
    layout: Layout,
    titles: dict[Column, str],
    problems: list[Problem],
) -> tuple[Figures, dict[tuple[str, Line], int], int]:
    """Each leaf's figures per line, the rows summed into each, and the line totals checked:
    where a line is given by its items (Henkilöstökulut, Palvelujen ostot ...), a row of the
    line itself is their total."""
    sums: Figures = {}
    counts: dict[tuple[str, Line], int] = {}
    checked = 0
    for key, found in _leaf_rows(where, rows, tree, layout, problems).items():
        items = [r for r in found if r.item]
        lines = [r for r in found if not r.item]
        parts = items or lines
        sums[key] = _summed(parts, layout)
        counts[key] = len(parts)
        if items:
            for total in lines:
                _compare(
                    where, total, key[0], key[1].value, sums[key], len(items), titles, problems
                )
                checked += 1
    return sums, counts, checked


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
        code = _code(row, tree)
        if not tree.children.get(code):
            continue
        lines = (row.kind,) if row.kind is not None else (Line.INCOME, Line.COSTS)
        leaves = leaves_under(tree, code)
        summed = {
            column: sum(
                sums.get((leaf, ln), {}).get(column, 0.0) for leaf in leaves for ln in lines
            )
            for column in row.figures
        }
        n = sum(counts.get((leaf, ln), 0) for leaf in leaves for ln in lines)
        what = "+".join(ln.value for ln in lines)
        _compare(where, row, code, what, summed, n, titles, problems)
        checked += 1
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
    sums, counts, checked = _leaf_sums(where, rows, tree, layout, titles, problems)
    checked += _check_totals(where, rows, tree, sums, counts, titles, problems)
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
