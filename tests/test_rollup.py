"""Every node's figures rolled up from runs of the leaves' terms (model.Master.master_amount,
reconcile.Consolidation.amount and their leaf fast paths) are, bit for bit, the sums a node
made over its own leaves one by one: the same float operations in the same order, -0.0 and
all, on any tree."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kemixl.model import (
    ALL_COLUMNS,
    INPUT_LINES,
    MASTER_COLUMNS,
    Column,
    CostCentre,
    Line,
    Master,
    Period,
    Settings,
)
from kemixl.reconcile import Consolidation

AMOUNTS = st.one_of(
    st.floats(-1e16, 1e16, allow_nan=False),
    st.sampled_from([0.0, -0.0, 0.1, 0.2, 0.3, -0.1, 1 / 3, 2.675, 1e16, -1e16, 5e-324]),
    st.integers(-(10**9), 10**9),  # (a whole number read as an int stays one)
)
COLUMNS = st.lists(st.sampled_from(ALL_COLUMNS), unique=True)


@st.composite
def consolidations(draw: st.DrawFn) -> Consolidation:
    """A random tree under R (every node a child of an earlier one), a stray subtree under a
    second parentless node X (off the tree: the root is the first), random master figures on
    any node, reported figures and carried forecasts on any leaf."""
    size = draw(st.integers(0, 30))
    parents = [draw(st.integers(0, i)) for i in range(size)]
    codes = ["R", *(f"C{i}" for i in range(size))]
    centres = [CostCentre("R", None, "root")]
    centres += [CostCentre(f"C{i}", codes[p], f"c{i}") for i, p in enumerate(parents)]
    centres += [CostCentre("X", None, "stray"), CostCentre("X1", "X", "x1")]
    centres += [CostCentre("X2", "X", "x2")]
    every = [c.code for c in centres]

    def figures(columns: tuple[Column, ...]) -> dict[tuple[str, Line], dict[Column, float]]:
        keys = st.tuples(st.sampled_from(every), st.sampled_from(INPUT_LINES))
        lines = draw(st.lists(keys, unique=True, max_size=2 * len(every)))
        return {
            key: {col: draw(AMOUNTS) for col in draw(COLUMNS) if col in columns} for key in lines
        }

    master = Master(
        Period(2023, 1, 6),
        Settings("city", "title", "", ""),
        tuple(draw(st.permutations(centres)) if draw(st.booleans()) else centres),
        figures(MASTER_COLUMNS),
        (),
    )
    carried_keys = st.tuples(st.sampled_from(every), st.sampled_from(INPUT_LINES))
    carried = {key: draw(AMOUNTS) for key in draw(st.lists(carried_keys, unique=True))}
    return Consolidation(master, figures((Column.ACTUAL, Column.FORECAST)), (), (), carried=carried)


def one_by_one(c: Consolidation, code: str, line: Line, column: Column) -> float:
    """A node's figure as it was summed before: over its leaves, one leaf (line) at a time."""
    m = c.master
    lines = INPUT_LINES if line is Line.MARGIN else (line,)
    if column in MASTER_COLUMNS:
        total = 0.0
        for leaf in m.leaves(code):
            parts = [m.figures.get((leaf.code, ln)) for ln in lines]
            total += sum(p.get(column, 0.0) for p in parts if p is not None)
        return total
    return sum(c._leaf(leaf.code, ln, column) for leaf in m.leaves(code) for ln in lines)


@settings(max_examples=300, deadline=None)
@given(consolidations(), st.randoms(use_true_random=False))
def test_every_figure_is_the_leaf_by_leaf_sum(c: Consolidation, rnd: object) -> None:
    m = c.master
    asks = [(n.code, line, col) for n in m.centres for line in Line for col in ALL_COLUMNS]
    rnd.shuffle(asks)  # type: ignore[attr-defined]  # (the memos fill in any order)
    for code, line, column in asks + asks:
        expected = one_by_one(c, code, line, column)
        got = c.amount(code, line, column)
        assert repr(got) == repr(expected), (code, line, column)  # (-0.0 and int too)
        if column in MASTER_COLUMNS:
            assert repr(m.master_amount(code, line, column)) == repr(expected)


@settings(max_examples=300, deadline=None)
@given(consolidations())
def test_a_line_at_once_is_its_figures(c: Consolidation) -> None:
    for node in c.master.centres:
        for line in Line:
            each = [one_by_one(c, node.code, line, column) for column in ALL_COLUMNS]
            assert repr(c.line_amounts(node.code, line)) == repr(each)


def test_an_unknown_code_has_no_figures() -> None:
    """As before: a code not in the master is an error of the caller, not a zero."""
    master = Master(
        Period(2023, 1, 6),
        Settings("city", "title", "", ""),
        (CostCentre("R", None, "root"), CostCentre("A", "R", "a")),
        {("A", Line.INCOME): {Column.TA: 5.0}},
        (),
    )
    c = Consolidation(master, {}, (), ())
    assert c.amount("R", Line.INCOME, Column.TA) == 5.0
    for column in (Column.TA, Column.ACTUAL):
        try:
            c.amount("NOPE", Line.INCOME, column)
        except KeyError:
            continue
        raise AssertionError(f"no KeyError for {column}")
