"""The finance blocks' formulas spelt at once (report/shapes.py) are their expression trees'
text and value, for any cells, figures and threshold."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kemixl.formulas import Const, Ratio, Ref, Sum, first_of
from kemixl.report import shapes
from kemixl.report.status import NEUTRAL, StatusRules, overrun, pace

SHEET = "Sosiaali- ja terveys"
FIGURES = st.one_of(
    st.floats(-1e13, 1e13),
    st.integers(-(10**12), 10**12).map(float),
    st.sampled_from([0.0, -0.0, 0.005, -0.005, 0.545, 0.555, 1 / 3, 2.675, 1e15, -1e15]),
)
REFS = st.builds(
    Ref,
    st.just(SHEET),
    st.integers(0, 1_048_575),
    st.integers(0, 25),
    FIGURES,
    st.booleans(),
)
WORDS = st.sampled_from(["YLITYS", "NOPEA TAHTI", 'SNABB "TAKT"', "OVERSPEND / ÖVERSKRIDNING"])


@settings(max_examples=500)
@given(REFS, REFS)
def test_a_pair_sum_is_sums(a: Ref, b: Ref) -> None:
    tree = Sum((a, b))
    formula, value = shapes.pair_sum(a, b)
    assert formula == tree.render(SHEET)
    assert repr(value) == repr(tree.value())  # (the sign of a zero too)


@st.composite
def columns_of_cells(draw: st.DrawFn) -> list[Ref]:
    """Cells of the sheet: any, or a run of one column (SUM(B5:B9))."""
    if draw(st.booleans()):
        return draw(st.lists(REFS, max_size=6))
    row, col = draw(st.integers(0, 1_000)), draw(st.integers(0, 25))
    values = draw(st.lists(FIGURES, max_size=6))
    return [Ref(SHEET, row + i, col, v) for i, v in enumerate(values)]


@settings(max_examples=500)
@given(columns_of_cells())
def test_a_sum_of_cells_is_sums(refs: list[Ref]) -> None:
    tree = Sum(tuple(refs))
    formula, value = shapes.sum_of(refs)
    assert formula == tree.render(SHEET)
    assert repr(value) == repr(tree.value())


@settings(max_examples=500)
@given(REFS, FIGURES)
def test_a_change_is_changes(forecast: Ref, previous: float) -> None:
    tree = Sum((forecast, Const(-previous)))
    formula, value = shapes.change(forecast, previous)
    assert formula == tree.render(SHEET)
    assert repr(value) == repr(tree.value())


@settings(max_examples=500)
@given(REFS, REFS)
def test_a_ratio_is_ratios(actual: Ref, budget: Ref) -> None:
    tree = Ratio(actual, budget)
    formula, value = shapes.ratio(actual, budget)
    assert formula == tree.render(SHEET)
    assert repr(value) == repr(tree.value())


@settings(max_examples=500)
@given(REFS, st.floats(0, 1.2), st.floats(0, 0.2), WORDS)
def test_the_pace_flag_is_paces(pct: Ref, share: float, margin: float, word: str) -> None:
    rules = StatusRules(share, margin)
    test = pace(pct, rules)
    tree = first_of([(test, word)], NEUTRAL)
    formula, value, criteria = shapes.pace_flag(pct, rules.pace_threshold, word, NEUTRAL)
    assert formula == tree.render(SHEET)
    assert value == tree.value()
    assert criteria == "=" + test.render(SHEET, pinned=True)


@settings(max_examples=500)
@given(REFS, REFS, WORDS)
def test_the_overrun_flag_is_overruns(forecast: Ref, budget: Ref, word: str) -> None:
    test = overrun(forecast, budget)
    tree = first_of([(test, word)], NEUTRAL)
    formula, value, criteria = shapes.overrun_flag(forecast, budget, word, NEUTRAL)
    assert formula == tree.render(SHEET)
    assert value == tree.value()
    assert criteria == "=" + test.render(SHEET, pinned=True)


def test_only_cells_of_the_sheet_are_spelt_here() -> None:
    """A cell of another sheet (quoted by the trees) or beyond column Z goes to the trees."""
    here = Ref(SHEET, 4, 1, 1.0)
    assert shapes.local(SHEET, here, Ref(SHEET, 9, 25, 0.0))
    assert not shapes.local(SHEET, here, Ref("Toimialat", 4, 1, 1.0))
    assert not shapes.local(SHEET, Ref(SHEET, 4, 26, 1.0))
