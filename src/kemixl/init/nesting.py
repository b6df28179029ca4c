"""Cost centres that one column of codes gives at several levels: a code whose rows total the
codes that begin like it is their parent.

An export may print the tree in a single column of codes (Kustannuspaikka: 64100000
KESKUSVIRASTO and its result areas 64110000, 64120000 …, each with rows of its own). Read level
by level, every one of them would be a department and a department's rows, the sum of its result
areas', would count twice. So a code is taken for the parent of its siblings whose codes begin
with its own without its trailing zeros (64100000 → 641: 64110000, 64120000) when its rows equal
theirs summed, line by line and column by column within the rounding (reconcile's tolerance): its
rows are then their total, and checked as one. Deeper codes are nested first (64110000 takes
64111000 before 64100000 takes 64110000). A code that ends up above all the others (the city's
own total row) is the city. Codes that merely begin alike keep their place: their figures do not
add up so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..model import Column, Line
from ..reconcile.common import tolerance
from .figures import amount
from .records import Centre, ExportRow
from .tree import CITY_LEVEL, Tree

Sums = dict[Line | None, dict[Column, float]]  # per line (None: both, a total of the two)


def _stem(code: str) -> str:
    return code.rstrip("0")


def _own(rows: Sequence[ExportRow], totals: bool) -> dict[str, Sums]:
    """Each code's own rows (the rows that name it as their deepest code) summed per line: the
    rows that say they are its total (totals=True; all its rows where none says so), or the
    rows that do not (totals=False)."""
    sums: dict[str, Sums] = {}
    said = {row.path[-1].code for row in rows if row.path and row.total}
    for row in rows:
        if not row.path:
            continue
        code = row.path[-1].code
        if row.total != totals and (not totals or code in said):
            continue
        per = sums.setdefault(code, {}).setdefault(row.kind, {})
        for column in row.figures:
            per[column] = per.get(column, 0.0) + row.figures[column]
        if Column.TA_AMENDED not in row.figures and Column.TA in row.figures:
            per[Column.TA_AMENDED] = per.get(Column.TA_AMENDED, 0.0) + row.figures[Column.TA]
    return sums


def _counts(rows: Sequence[ExportRow]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in rows:
        if row.path:
            counts[row.path[-1].code] = counts.get(row.path[-1].code, 0) + 1
    return counts


def _value(
    code: str, line: Line | None, column: Column, own: dict[str, Sums], kids: dict[str, list[str]]
) -> float:
    """A code's figure: its own rows' where it has no children, else its children's summed."""
    if kids.get(code):
        return sum(_value(k, line, column, own, kids) for k in kids[code])
    lines = (line,) if line is not None else (Line.INCOME, Line.COSTS, None)
    return sum(amount(own.get(code, {}).get(ln, {}), column) for ln in lines)


def _totals(
    code: str,
    nested: list[str],
    own: tuple[dict[str, Sums], dict[str, Sums]],
    counts: dict[str, int],
    kids: dict[str, list[str]],
) -> bool:
    """Whether the code's own rows are the nested codes' total, every line and column."""
    totals, parts = own
    sums = totals.get(code, {})
    if not any(v for per in sums.values() for v in per.values()):
        return False
    margin = tolerance([0.0] * (counts.get(code, 0) + sum(counts.get(n, 0) for n in nested) + 1))
    return all(
        abs(value - sum(_value(n, line, column, parts, kids) for n in nested)) <= margin
        for line, per in sums.items()
        for column, value in per.items()
    )


def nest(tree: Tree, rows: Sequence[ExportRow], city_code_given: bool) -> tuple[Tree, int]:
    """The tree with codes nested under the code whose rows total them, and how many codes
    became parents so."""
    own = (_own(rows, totals=True), _own(rows, totals=False))
    counts = _counts(rows)
    parent = {code: c.parent for code, c in tree.centres.items()}
    kids: dict[str, list[str]] = {k: list(v) for k, v in tree.children.items()}
    parents = 0
    for code in sorted(tree.centres, key=lambda c: (-len(_stem(c)), c)):
        if kids.get(code):
            continue
        siblings = kids.get(parent[code], [])
        stem = _stem(code)
        nested = [
            d
            for d in siblings
            if d != code
            and len(d) == len(code)
            and d.startswith(stem)
            and len(_stem(d)) > len(stem)
        ]
        if not nested or not _totals(code, nested, own, counts, kids):
            continue
        parents += 1
        kids[code] = sorted(nested)
        kids[parent[code]] = [d for d in siblings if d not in nested]
        for d in nested:
            parent[d] = code
    if not parents:
        return tree, 0
    city = tree.city
    tops = kids.get(city.code, [])
    if not city_code_given and len(tops) == 1 and kids.get(tops[0]):
        city = Centre(tops[0], "", city.name, CITY_LEVEL)  # the city's own total row
        kids.pop(tree.city.code)
        parents -= 1
    centres: dict[str, Centre] = {}
    for code, c in tree.centres.items():
        if code == city.code:
            continue
        depth, up = 0, parent[code]
        while up != city.code:
            depth, up = depth + 1, parent[up]
        centres[code] = replace(c, parent=parent[code], level=min(depth, 2))
    children = {k: tuple(sorted(v)) for k, v in kids.items() if v}
    return replace(tree, city=city, centres=centres, children=children), parents
