"""The council's binding appropriations (sitovat määrärahat): which cost centres bind, and how
each one's forecast stands against its amended budget.

**Which units bind.** master.toml's `[budget] level` gives the default set: `department`, every
child of the root (the city); `result-area`, every child of a department (a department without
result areas binds itself, being its own only unit). costcentres.csv's optional `binding`
column then adds a node (yes) or takes one out (no), for a city that binds some units
differently: a department whose result areas are bound instead is marked no and its result
areas yes. The binding units must partition the tree's leaves, so that the units' total is the
city's: no binding unit may lie inside another (a euro would count twice), every leaf must lie
in one (a euro bound by nothing), and the city itself is no unit. `conflicts` names the nodes
that break this; the master data does not load while there are any.

**What binds.** `[budget] measure` `net`: a unit's TOIMINTAKATE is one appropriation; `gross`:
its TOIMINTAKULUT is an appropriation and its TOIMINTATUOTOT a revenue estimate, each binding on
its own (a unit gives two rows). In every kind the unfavourable direction is the same in signed
euros: the forecast below the amended budget. For TOIMINTAKATE and TOIMINTAKULUT (costs are
negative) that is an appropriation exceeded (ylittyy); for TOIMINTATUOTOT a revenue estimate
falling short (alittuu). A forecast above the budget is the favourable side (costs alittuu,
income ylittyy); equal to the cent, the budget is met (toteutuu).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum

from .model import Column, CostCentre, Line, Master
from .numbers import round_up_to


class Kind(Enum):
    """What a binding row binds: the net margin, or (gross) the income or the costs."""

    NET = "net"
    INCOME = "income"
    COSTS = "costs"

    @property
    def line(self) -> Line:
        return {Kind.NET: Line.MARGIN, Kind.INCOME: Line.INCOME, Kind.COSTS: Line.COSTS}[self]


KINDS = {"net": (Kind.NET,), "gross": (Kind.INCOME, Kind.COSTS)}  # by [budget] measure


@dataclass(frozen=True)
class Unit:
    """A binding row: a cost centre and what of it binds."""

    code: str
    kind: Kind


# --- which nodes bind ---------------------------------------------------------------------


@dataclass(frozen=True)
class Conflict:
    """A node that breaks the partition: the city marked binding ("root"), a unit inside
    another unit ("nested", `outer` naming the enclosing one), or a part of the tree that no
    unit covers ("uncovered")."""

    code: str
    problem: str
    outer: str = ""


class _Tree:
    """The cost-centre tree of a clean costcentres.csv (one root, no cycles), in file order."""

    def __init__(self, centres: Sequence[CostCentre]) -> None:
        self.root = next(c.code for c in centres if c.parent is None)
        self.parent = {c.code: c.parent for c in centres}
        self.kids: dict[str, list[str]] = {}
        for c in centres:
            if c.parent is not None:
                self.kids.setdefault(c.parent, []).append(c.code)
        self.marks = {c.code: c.binding for c in centres}

    def preorder(self, code: str) -> Iterator[str]:
        stack = [code]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(self.kids.get(node, [])))

    def ancestors(self, code: str) -> Iterator[str]:
        node = self.parent.get(code)
        while node is not None:
            yield node
            node = self.parent.get(node)


def _chosen(tree: _Tree, level: str) -> set[str]:
    departments = tree.kids.get(tree.root, [])
    if level == "result-area":
        default = {a for d in departments for a in tree.kids.get(d, [d])}
    else:
        default = set(departments)
    yes = {code for code, mark in tree.marks.items() if mark is True}
    no = {code for code, mark in tree.marks.items() if mark is False}
    return (default | yes) - no


def binding_codes(centres: Sequence[CostCentre], level: str) -> tuple[str, ...]:
    """The binding nodes of a clean tree, in the tree's order (a node before its children,
    children in file order)."""
    if not centres:
        return ()
    tree = _Tree(centres)
    chosen = _chosen(tree, level)
    # the preorder walks only the parts of the tree that hold a chosen node (the same order:
    # a part without one adds nothing), not every leaf of a large city
    holding = set(chosen).union(*(tree.ancestors(code) for code in chosen))
    tree.kids = {node: [k for k in tree.kids.get(node, []) if k in holding] for node in holding}
    return tuple(code for code in tree.preorder(tree.root) if code in chosen)


def conflicts(centres: Sequence[CostCentre], level: str) -> list[Conflict]:
    """Every node that keeps the binding units from partitioning the leaves (module doc)."""
    tree = _Tree(centres)
    chosen = _chosen(tree, level)
    if tree.root in chosen:  # everything would lie inside it: nothing else to say
        return [Conflict(tree.root, "root")]
    found: list[Conflict] = []
    covered: set[str] = set()  # binding, or inside a binding unit
    below: set[str] = set()  # has a binding unit inside it (or is one)
    # each node's nearest binding ancestor: told from its parent's, which the preorder has
    # passed already (one step per node, however deep a large city's tree)
    outers: dict[str, str | None] = {}
    order = list(tree.preorder(tree.root))
    for code in order:
        parent = tree.parent[code]
        outer = outers[code] = (
            None if parent is None else parent if parent in chosen else outers[parent]
        )
        if code in chosen and outer is not None:
            found.append(Conflict(code, "nested", outer))
        if code in chosen or outer is not None:
            covered.add(code)
        if code in chosen:
            below.add(code)
            for above in tree.ancestors(code):
                if above in below:  # and so are its ancestors
                    break
                below.add(above)
    for code in order:
        if code == tree.root or code in covered or code in below:
            continue
        parent = tree.parent[code]
        if parent == tree.root or parent in below:  # the largest part left unbound
            found.append(Conflict(code, "uncovered"))
    return found


def units(master: Master) -> tuple[Unit, ...]:
    """The binding rows of a master: when gross, the revenue estimates, then the
    appropriations; each in the tree's order."""
    rules = master.settings.budget
    key = (rules.level, rules.measure)
    found = master._units.get(key)  # told once per master: the rules, the report, the CLI ask
    if found is None:
        codes = binding_codes(master.centres, rules.level)
        found = tuple(Unit(code, kind) for kind in KINDS[rules.measure] for code in codes)
        master._units[key] = found
    return found


# --- how a unit stands --------------------------------------------------------------------

Amount = Callable[[str, Line, Column], float]  # any node's figure (Consolidation.amount)


@dataclass(frozen=True)
class Standing:
    """A binding row's Muutettu TA, Toteuma and TP-ennuste (euros, signed as in the report)."""

    unit: Unit
    budget: float
    actual: float
    forecast: float

    @property
    def difference(self) -> float:
        """Forecast minus amended budget: negative is the unfavourable side in every kind."""
        return round(self.forecast - self.budget, 2)

    @property
    def exceeded(self) -> bool:
        """The forecast is on the unfavourable side: an appropriation exceeded, an income
        estimate falling short (compared in cents, as the report's YLITYS)."""
        return round(self.forecast, 2) < round(self.budget, 2)

    @property
    def gap(self) -> float:
        """What the amended budget lacks to cover the forecast (0 when it covers it)."""
        return round(self.budget - self.forecast, 2) if self.exceeded else 0.0


def standings(master: Master, amount: Amount) -> tuple[Standing, ...]:
    """Every binding row's figures, in the order of `units`."""
    return tuple(
        Standing(
            u,
            amount(u.code, u.kind.line, Column.TA_AMENDED),
            amount(u.code, u.kind.line, Column.ACTUAL),
            amount(u.code, u.kind.line, Column.FORECAST),
        )
        for u in units(master)
    )


def cover(gap: float, step: float) -> float:
    """The smallest multiple of `step` that is at least `gap` (0 when nothing is lacking): the
    draft amendment's amount, as its ROUNDUP formula computes it."""
    return round_up_to(gap, step) if gap > 0 else 0.0
