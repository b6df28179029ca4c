"""The cost-centre tree from the export's rows: city → department → result area → cost centre,
as deep as the export's levels go.

Each row names a path of codes top down; a code must keep its level, its parent and its name
in every row that names it. The city is not in the export: its name is given (--city) and its
code given (--city-code) or derived from the codes themselves: their common beginning padded
with zeros to the departments' width (64100000, 64110000 … give 64000000), shortened a digit
at a time while that code is taken.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..i18n.message import Msg, msg
from ..master.schema import CODE
from ..xlsx.cells import norm
from .columns import LEVELS
from .errors import NO_ROWS, Problem
from .records import Centre, ExportRow

CITY_LEVEL = -1


@dataclass(frozen=True)
class Tree:
    city: Centre
    centres: dict[str, Centre]  # every cost centre below the city, by code, in the rows' order
    children: dict[str, tuple[str, ...]]  # code -> its children's codes, sorted
    lines: dict[str, int]  # code -> the first line naming it
    unnamed: int = 0  # cost centres of a level the export gives no names for: named by code


def derived_code(codes: Sequence[str], top: Sequence[str]) -> str | None:
    """The city's code from the codes below it (see the module's docstring); None if every
    candidate is taken."""
    width = max(len(c) for c in top)
    low, high = min(codes), max(codes)  # their common beginning is every code's
    same = next((i for i, (a, b) in enumerate(zip(low, high, strict=False)) if a != b), len(low))
    prefix = low[: min(same, width)]
    taken = set(codes)
    while True:
        candidate = prefix.ljust(width, "0")
        if candidate not in taken:
            return candidate
        if not prefix:
            return None
        prefix = prefix[:-1]


def build_tree(
    where: str,
    rows: Sequence[ExportRow],
    city_name: str,
    city_code: str | None,
    named_levels: set[int],
) -> tuple[Tree | None, list[Problem]]:
    """The tree, or None and the problems that prevent it. named_levels: the levels whose
    names the export gives (a name column, or names beside the codes)."""
    problems: list[Problem] = []
    centres: dict[str, Centre] = {}
    lines: dict[str, int] = {}
    for row in rows:
        parent = ""
        for step in row.path:
            known = centres.get(step.code)
            if known is None:
                centres[step.code] = Centre(step.code, parent, step.name, step.level)
                lines[step.code] = row.line
            else:
                why = _conflict(known, step.level, parent, step.name, lines[step.code])
                if why is not None:
                    problems.append((where, row.line, why))
                elif not known.name and step.name:
                    centres[step.code] = Centre(known.code, known.parent, step.name, known.level)
            parent = step.code
    unnamed = 0
    for code, centre in list(centres.items()):
        if centre.name:
            continue
        if centre.level in named_levels:
            problems.append(
                (where, lines[code], msg("{code} has no name in any row; give its name", code=code))
            )
        else:  # a level without names in the export: the code stands for the name
            centres[code] = Centre(code, centre.parent, code, centre.level)
            unnamed += 1
    if not centres and not problems:
        problems.append((where, 0, NO_ROWS))
    if problems:
        return None, problems
    top = [c.code for c in centres.values() if not c.parent]
    city_number = city_code or derived_code(list(centres), top)
    if city_number is None or city_number in centres or not CODE.match(city_number):
        why = (
            msg(
                "--city-code {code}: the city's code must be 3 to 12 digits and no other cost "
                "centre's",
                code=city_code,
            )
            if city_code
            else msg("cannot derive a code for the city from the codes; give it with --city-code")
        )
        return None, [(where, 0, why)]
    city = Centre(city_number, "", city_name, CITY_LEVEL)
    centres = {
        c.code: Centre(c.code, c.parent or city_number, c.name, c.level) for c in centres.values()
    }
    children: dict[str, list[str]] = {}
    for c in centres.values():
        children.setdefault(c.parent, []).append(c.code)
    kids = {k: tuple(sorted(v)) for k, v in children.items()}
    return Tree(city, centres, kids, lines, unnamed), []


def _conflict(known: Centre, level: int, parent: str, name: str, first: int) -> Msg | None:
    """Why a row's step disagrees with what an earlier row said of the same code."""
    if known.level != level:
        return msg(
            "{code} is a {level} here but a {other} on line {first}; a code names one cost centre",
            code=known.code,
            level=Msg(LEVELS[level]),
            other=Msg(LEVELS[known.level]),
            first=first,
        )
    if known.parent != parent:
        return msg(
            "{code} is under {parent} here but under {other} on line {first}; a cost centre has "
            "one place in the tree",
            code=known.code,
            parent=parent,
            other=known.parent,
            first=first,
        )
    if name and known.name and norm(name) != norm(known.name):
        return msg(
            "{code} is named {name!r} here but {other!r} on line {first}; give it one name",
            code=known.code,
            name=name,
            other=known.name,
            first=first,
        )
    return None


def depth_first(tree: Tree) -> list[Centre]:
    """The city and every cost centre below it, each followed by its subtree, codes in order."""
    out = [tree.city]
    stack = list(reversed(tree.children.get(tree.city.code, ())))
    while stack:
        code = stack.pop()
        out.append(tree.centres[code])
        stack.extend(reversed(tree.children.get(code, ())))
    return out


def leaves_under(tree: Tree, code: str) -> list[str]:
    """The codes without children at or below code."""
    kids = tree.children.get(code, ())
    if not kids:
        return [code]
    return [leaf for kid in kids for leaf in leaves_under(tree, kid)]
