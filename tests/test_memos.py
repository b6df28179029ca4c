"""What a run tells once and keeps (the binding units and earlier periods on a `Master`, the
rolled-up figures and binding standings on a `Consolidation`) is invisible: the same answers
whatever is asked first, and never carried to a master or consolidation with other figures."""

from __future__ import annotations

import math
import statistics
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from kemixl.binding import Unit, binding_codes, standings, units
from kemixl.findings import Finding, Rule, Severity
from kemixl.i18n import using
from kemixl.i18n.message import msg
from kemixl.i18n.terms import in_language
from kemixl.master import load_master
from kemixl.model import (
    ALL_COLUMNS,
    INPUT_LINES,
    BudgetRules,
    Column,
    CostCentre,
    LeafRow,
    Line,
    Master,
    Period,
    PreviousFigure,
    Settings,
)
from kemixl.reconcile import Consolidation, check_workbook, inputs_of, reconcile
from kemixl.reconcile.blocks import block_rules, coverage_rules, reported_figures
from kemixl.reconcile.core import workbook_findings
from kemixl.reconcile.leaves import own_leaves
from kemixl.reconcile.plausibility import plausibility_rules, unit_bounds, unit_of
from kemixl.submissions.reader import read_submission

from .conftest import INPUTS, TEMPLATES

CENTRES = (
    CostCentre("R", None, "city"),
    CostCentre("D1", "R", "one"),
    CostCentre("A1", "D1", "a1"),
    CostCentre("A2", "D1", "a2"),
    CostCentre("D2", "R", "two"),
    CostCentre("B1", "D2", "b1"),
)
LEAVES = ("A1", "A2", "B1")


def a_master(level: str = "department", measure: str = "net") -> Master:
    figures = {
        (code, line): {Column.TA: sign * 100.0, Column.TA_AMENDED: sign * 120.0}
        for code in LEAVES
        for line, sign in ((Line.INCOME, 1), (Line.COSTS, -1))
    }
    return Master(
        Period(2023, 1, 6),
        Settings("city", "title", "", "", city_sv="stad", budget=BudgetRules(level, measure)),
        CENTRES,
        figures,
        (),
    )


def a_consolidation(master: Master, forecast: float) -> Consolidation:
    reported = {
        (code, line): {Column.ACTUAL: 50.0 * sign, Column.FORECAST: value}
        for code in LEAVES
        for line, sign, value in ((Line.INCOME, 1, forecast), (Line.COSTS, -1, -200.0))
    }
    return Consolidation(master, reported, (), (), submitted_departments=frozenset({"D1", "D2"}))


def test_binding_units_are_told_once_per_master() -> None:
    master = a_master()
    first = units(master)
    assert units(master) is first  # kept
    assert [u.code for u in first] == ["D1", "D2"]


def test_a_master_with_other_budget_rules_has_its_own_units() -> None:
    master = a_master()
    units(master)  # kept on the first
    other = replace(master, settings=replace(master.settings, budget=BudgetRules("result-area")))
    assert [u.code for u in units(other)] == list(binding_codes(CENTRES, "result-area"))
    assert [u.code for u in units(other)] == ["A1", "A2", "B1"]
    gross = replace(master, settings=replace(master.settings, budget=BudgetRules(measure="gross")))
    assert len(units(gross)) == 4
    assert [u.code for u in units(master)] == ["D1", "D2"]  # the first keeps its own


def test_a_master_with_other_centres_has_its_own_units() -> None:
    master = a_master()
    units(master)
    fewer = replace(master, centres=CENTRES[:4])
    assert units(fewer) == tuple(Unit("D1", u.kind) for u in units(master)[:1])


def test_earlier_periods_are_told_once_and_not_carried() -> None:
    master = a_master()
    assert master.previous_periods == ()
    march, may = Period(2023, 1, 3), Period(2023, 1, 5)
    rows = tuple(PreviousFigure(p, "A1", Line.INCOME, 1.0, 2.0, 3.0) for p in (may, march))
    earlier = replace(master, previous=rows)
    assert earlier.previous_periods == (march, may)
    assert earlier.previous_period == may
    assert master.previous_periods == ()  # the first keeps its own
    assert replace(earlier, previous=rows[:1]).previous_period == may
    assert replace(earlier, previous=rows[1:]).previous_period == march


def every_figure(c: Consolidation) -> list[float]:
    return [c.amount(n.code, line, col) for n in CENTRES for line in Line for col in ALL_COLUMNS]


def test_with_findings_keeps_the_figures_and_only_changes_the_findings() -> None:
    c = a_consolidation(a_master(), 150.0)
    told = every_figure(c), c.standings()  # every memo filled
    found = (Finding(Rule.SUBMITTED, Severity.NOTE, msg("x"), code="D1"),)
    done = c.with_findings(found)
    assert done.findings == found
    assert c.findings == ()
    assert (every_figure(done), done.standings()) == told
    fresh = Consolidation(c.master, c.reported, found, (), submitted_departments=frozenset())
    assert every_figure(fresh) == told[0]


def test_a_consolidation_with_other_figures_tells_them_afresh() -> None:
    c = a_consolidation(a_master(), 150.0)
    before = c.amount("R", Line.MARGIN, Column.FORECAST)
    overruns = c.standings()
    assert before == -150.0  # 3 × (150 − 200)
    other = replace(c, reported=a_consolidation(c.master, 90.0).reported)
    assert other.amount("R", Line.MARGIN, Column.FORECAST) == -330.0
    assert other.amount("R", Line.INCOME, Column.FORECAST) == 270.0
    assert c.amount("R", Line.INCOME, Column.FORECAST) == 450.0
    assert other.standings() != overruns
    assert other.standings() == standings(other.master, other.amount)
    # with_findings of the other carries the other's, not the first's
    assert other.with_findings(()).amount("R", Line.INCOME, Column.FORECAST) == 270.0


def test_standings_are_the_same_whatever_is_asked_first() -> None:
    master = a_master(measure="gross")
    first = a_consolidation(master, 110.0)
    s1 = first.standings()
    second = a_consolidation(master, 110.0)
    every_figure(second)
    assert second.standings() == s1 == standings(master, first.amount)
    assert first.standings() is s1  # kept


def plain_unit_of(ratios: list[float], band: float) -> tuple[object, float] | None:
    """unit_of as it was written first: the median, then the bands."""
    if not ratios:
        return None
    median = float(statistics.median(ratios))
    for unit, (low, high) in unit_bounds(band).items():
        if low <= median <= high:
            return unit, median
    return None


RATIOS = st.one_of(
    st.floats(0, 1e6, allow_nan=False),
    st.sampled_from([1e-3, 1e-4, 1e-2, 10.0, 100.0, 1000.0, 1.0, math.inf, math.nan]),
    st.floats(1e-5, 1e-1),
    st.floats(5, 2000),
)


@settings(max_examples=500, deadline=None)
@given(st.lists(RATIOS, max_size=12), st.sampled_from([2.0, 3.0, 5.0, 10.0, 1.5]))
def test_the_unit_of_ratios_is_told_as_by_their_median(ratios: list[float], band: float) -> None:
    assert repr(unit_of(ratios, band)) == repr(plain_unit_of(ratios, band))  # (nan too)


def test_reconcile_takes_the_figures_of_a_workbook_checked_ahead_only_as_it_was_checked() -> None:
    """The figures a workbook checked ahead carries are its department's figures, unless it
    was checked as another record or for other inputs (then they are read again)."""
    master = load_master(TEMPLATES)
    subs = [read_submission(p) for p in sorted(INPUTS.glob("*.xlsx"))]
    plain = reconcile(master, subs)
    inputs = inputs_of(None)
    ahead = {s.name: check_workbook(master, s, inputs) for s in subs}
    assert ahead[subs[0].name].reported == reported_figures(
        master, subs[0], ahead[subs[0].name].dept
    )
    assert reconcile(master, subs, prechecked=ahead).reported == plain.reported
    first = ahead[subs[0].name]
    key = next(iter(first.reported))
    marked = {**first.reported, key: {Column.ACTUAL: 1.5, Column.FORECAST: 2.5}}
    taken = reconcile(
        master, subs, prechecked={**ahead, subs[0].name: replace(first, reported=marked)}
    )
    assert taken.reported[key] == {Column.ACTUAL: 1.5, Column.FORECAST: 2.5} != plain.reported[key]
    for stale in (
        replace(first, reported=marked, sub=read_submission(INPUTS / subs[0].name)),
        replace(first, reported=marked, inputs=(Column.FORECAST,)),
    ):
        assert reconcile(master, subs, prechecked={**ahead, subs[0].name: stale}) == plain


def test_a_master_with_its_texts_relabelled_keeps_what_was_told() -> None:
    """The report's master is the run's master with its texts in the run's language: the
    figures told already carry over, and they are the figures told afresh."""
    c = a_consolidation(a_master(), 150.0)
    told = every_figure(c), c.standings()
    with using("fi+sv"):
        relabelled = in_language(c.master)
    assert relabelled.settings != c.master.settings
    report = c.with_master(relabelled)
    assert report.master is relabelled
    assert report._totals and report._standings and relabelled._amounts  # carried
    assert (every_figure(report), report.standings()) == told
    fresh = replace(c, master=in_language(c.master))
    assert (every_figure(fresh), fresh.standings()) == told


def test_a_master_with_other_figures_or_tree_tells_them_afresh() -> None:
    master = a_master()
    c = a_consolidation(master, 150.0)
    every_figure(c)
    c.standings()
    more = {
        key: {col: 2 * v for col, v in amounts.items()} for key, amounts in master.figures.items()
    }
    for other in (
        replace(master, figures=more),
        replace(master, centres=CENTRES[:4]),
        replace(master, previous=(PreviousFigure(Period(2023, 1, 3), "A1", Line.INCOME, 1, 2, 3),)),
        replace(master, settings=replace(master.settings, budget=BudgetRules("result-area"))),
    ):
        moved = c.with_master(other)
        fresh = a_consolidation(other, 150.0)
        if other.centres is master.centres:
            assert every_figure(moved) == every_figure(fresh)
        assert moved.standings() == fresh.standings() == standings(other, fresh.amount)
    assert not replace(master, figures=more).carry_memos(master)


def plain_leaf_row(master: Master, code: str) -> LeafRow | None:
    """leaf_row as its definition says: department_of and leaf_amounts of a leaf."""
    if master.centre(code) is None or master.children(code):
        return None
    amounts = tuple(tuple(master.leaf_amounts(code, ln) or ()) for ln in INPUT_LINES)
    return LeafRow(master.department_of(code), amounts)


def test_a_leaf_row_is_its_department_and_master_figures_whatever_is_asked_first() -> None:
    """Every leaf's row is told at once on the first question, whichever code it is about:
    a leaf, a total, the root, an unknown code, or a centre off the root's tree."""
    off_tree = (*CENTRES, CostCentre("X1", "nowhere", "x"), CostCentre("X2", "X1", "x2"))
    masters = [
        a_master(),
        replace(a_master(), centres=off_tree),
        replace(a_master(), centres=(CostCentre("R", None, "city"),)),  # one node: no department
        load_master(TEMPLATES),
    ]
    for make in masters:
        codes = [c.code for c in make.centres] + ["unknown"]
        expected = {code: plain_leaf_row(make, code) for code in codes}
        assert any(row is not None for row in expected.values())
        for first in codes:
            master = replace(make)  # (no memo carried)
            assert master.leaf_row(first) == expected[first], first
            assert {code: master.leaf_row(code) for code in codes} == expected
    assert a_master().leaf_row("A1") == LeafRow("D1", ((0.0, 100.0, 120.0), (0.0, -100.0, -120.0)))


def test_a_workbook_checked_ahead_finds_what_its_own_checks_find() -> None:
    """check_workbook tells the workbook's leaf lines once and shares them between its rules
    and its figures; each rule alone, telling them itself, finds the same."""
    master = load_master(TEMPLATES)
    inputs = inputs_of(None)
    for path in sorted(INPUTS.glob("*.xlsx")):
        sub = read_submission(path)
        checked = check_workbook(master, sub, inputs)
        dept = checked.dept
        own = own_leaves(master, sub, dept)
        assert own and all(told.block.code == code for code, told in own.items())
        assert list(coverage_rules(master, sub, dept, inputs)) == list(
            coverage_rules(master, sub, dept, inputs, own)
        )
        assert checked.findings == workbook_findings(master, sub, dept, inputs)
        assert checked.reported == reported_figures(master, sub, dept)
        assert list(block_rules(master, sub, dept)) == list(block_rules(master, sub, dept, own))
        assert list(plausibility_rules(master, sub, dept)) == list(
            plausibility_rules(master, sub, dept, own)
        )


def test_a_departments_projects_are_told_once_and_not_carried() -> None:
    master = load_master(TEMPLATES)
    projects = master.investments.projects
    assert projects
    dept = projects[0].department
    mine = master.investments.of_department(dept)
    assert mine == tuple(p for p in projects if p.department == dept)
    assert master.investments.of_department(dept) is mine  # kept
    assert master.investments.of_department("nobody") == ()
    fewer = replace(master.investments, projects=tuple(p for p in projects if p not in mine[:1]))
    assert fewer.of_department(dept) == mine[1:]  # not carried by replace
