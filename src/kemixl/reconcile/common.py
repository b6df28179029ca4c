"""What every reconciliation rule shares: the result record, the rounding tolerance and how a
finding is made (one module below the rule modules, so that none of them imports another)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from ..binding import Standing, standings
from ..carry import marked
from ..findings import Finding, Rule, Severity
from ..i18n.message import Amount, Msg, Plural, msg
from ..i18n.terms import EXPLANATION
from ..investment import previous_amount
from ..ledger import Ledger
from ..model import (
    ALL_COLUMNS,
    FLOWS,
    INPUT_LINES,
    MASTER_COLUMNS,
    NET,
    Column,
    Line,
    Master,
    Origin,
    Period,
)
from ..submissions.records import Cell, Explanations, KpiValue, Realization, Submission

E, W, N = Severity.ERROR, Severity.WARNING, Severity.NOTE
_NOTHING: dict[Column, float] = {}  # (never written to)


@dataclass(frozen=True)
class ProjectReport:
    """What a department said of a project besides its figures."""

    status: str  # the canonical key (terms.PROJECT_STATUS_WORDS), "" when not reported
    explanation: str
    origin: Origin  # the project's row


@dataclass(frozen=True)
class Consolidation:
    """What the report is built from: master figures, reported figures, texts, findings."""

    master: Master
    reported: dict[tuple[str, Line], dict[Column, float]]
    findings: tuple[Finding, ...]
    sources: tuple[tuple[Submission, str], ...]  # (submission, department code or "")
    explanations: dict[str, Explanations] = field(default_factory=dict)
    kpis: dict[str, KpiValue] = field(default_factory=dict)
    realizations: dict[str, Realization] = field(default_factory=dict)
    submitted_departments: frozenset[str] = frozenset()
    ledger: Ledger | None = None  # where the actuals came from, when finance gave a ledger
    # Departments with a budget that have not returned their workbook, and the forecasts the
    # report shows for their result areas: the previous report's of the year (none in the
    # year's first report). Their actuals are the ledger's, else unknown (blank, never 0).
    unreturned: frozenset[str] = frozenset()
    carried: dict[tuple[str, Line], float] = field(default_factory=dict)
    # Investment projects: actual and forecast per (project, EXPENDITURE or INCOME), and the
    # status and explanation each project's department gave.
    projects: dict[tuple[str, Line], dict[Column, float]] = field(default_factory=dict)
    project_reports: dict[str, ProjectReport] = field(default_factory=dict)
    # figures already rolled up (rules and the report ask for them again and again), and each
    # (line, column)'s leaf terms in the tree's leaf order; made by each Consolidation for
    # itself, never carried over by dataclasses.replace
    _totals: dict[tuple[str, Line, Column], float] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )
    _terms: dict[tuple[Line, Column], list[float]] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )
    _standings: list[tuple[Standing, ...]] = field(
        default_factory=list, init=False, compare=False, repr=False
    )
    # each line's reported figures (a leaf line's dict) in the order of its terms: looked up
    # once for both reported columns
    _rows: dict[Line, list[dict[Column, float]]] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )

    def with_findings(self, findings: tuple[Finding, ...]) -> Consolidation:
        """The same consolidation with these findings, and what it has rolled up already:
        no figure depends on the findings (any other change is dataclasses.replace's, which
        starts the memos afresh)."""
        done = replace(self, findings=findings)
        done._totals.update(self._totals)
        done._terms.update(self._terms)
        done._standings.extend(self._standings)
        done._rows.update(self._rows)
        return done

    def with_master(self, master: Master) -> Consolidation:
        """The same consolidation over another master. One with the very same tree, figures
        and earlier reports (its texts in the run's language: terms.in_language) keeps what
        was rolled up and the master's memos; any other starts afresh."""
        done = replace(self, master=master)
        if master.carry_memos(self.master):
            done._totals.update(self._totals)
            done._terms.update(self._terms)
            done._rows.update(self._rows)
            if master.settings.budget == self.master.settings.budget:
                done._standings.extend(self._standings)
        return done

    def standings(self) -> tuple[Standing, ...]:
        """binding.standings of these figures (the rules, the report and the CLI ask)."""
        if not self._standings:
            self._standings.append(standings(self.master, self.amount))
        return self._standings[0]

    def amount(self, code: str, line: Line, column: Column) -> float:
        """Any figure of any node as the report shows it (a forecast carried from the previous
        report for a department that has not returned); totals roll up from the leaves."""
        if column in MASTER_COLUMNS:
            return self.master.master_amount(code, line, column)
        key = (code, line, column)
        try:
            return self._totals[key]
        except KeyError:
            pass
        span = self.master.spans().get(code)
        if span is None:  # a code off the tree
            lines = INPUT_LINES if line is Line.MARGIN else (line,)
            return sum(
                self._leaf(leaf.code, ln, column)
                for leaf in self.master.leaves(code)
                for ln in lines
            )
        terms = self._terms.get((line, column))
        if terms is None:
            terms = self._terms[(line, column)] = self._leaf_terms(line, column)
        # the node's leaves' run of the terms, summed as sum() summed them leaf by leaf
        start, end = span
        if line is Line.MARGIN:  # two terms a leaf: its income and costs
            start, end = 2 * start, 2 * end
        value = self._totals[key] = sum(terms[start:end])
        return value

    def line_amounts(self, code: str, line: Line) -> list[float]:
        """amount(code, line, column) for each of ALL_COLUMNS, at once for a leaf's input line
        (a leaf's sum is its one term: 0 + it; _leaf's figures, looked up once)."""
        row = self.master.leaf_row(code) if line is not Line.MARGIN else None
        if row is None:
            return [self.amount(code, line, column) for column in ALL_COLUMNS]
        budget = row.amounts[0 if line is Line.INCOME else 1]  # (leaf_amounts, told once)
        key = (code, line)
        got = self.reported.get(key, _NOTHING)
        forecast = self.carried[key] if key in self.carried else got.get(Column.FORECAST, 0.0)
        return [*budget, 0 + got.get(Column.ACTUAL, 0.0), 0 + forecast]

    def _leaf_terms(self, line: Line, column: Column) -> list[float]:
        """The terms of every node's sum in the root's leaf order: each leaf's figure of the
        line, or (TOIMINTAKATE) of its income and then its costs."""
        master = self.master
        lines = INPUT_LINES if line is Line.MARGIN else (line,)
        leaves = master.leaves(master.root.code)
        if column is Column.FORECAST and self.carried:
            return [self._leaf(leaf.code, ln, column) for leaf in leaves for ln in lines]
        rows = self._rows.get(line)
        if rows is None:  # _leaf's figures, spelt out: 20 000 leaves a report
            reported = self.reported
            rows = self._rows[line] = [
                reported.get((leaf.code, ln), _NOTHING) for leaf in leaves for ln in lines
            ]
        return [row.get(column, 0.0) for row in rows]

    def _leaf(self, code: str, line: Line, column: Column) -> float:
        if column is Column.FORECAST and (code, line) in self.carried:
            return self.carried[(code, line)]
        return self.reported.get((code, line), {}).get(column, 0.0)

    def not_returned(self, code: str) -> bool:
        """The node is a department that has not returned, or lies under one."""
        dept = self.master.department_of(code)
        return dept is not None and dept in self.unreturned

    def known(self, code: str, column: Column) -> bool:
        """Whether the report knows the node's figure in a column: not an actual or forecast of
        a department that has not returned, unless the ledger (actuals) or the previous report
        (forecasts) gives it."""
        if column in MASTER_COLUMNS or not self.not_returned(code):
            return True
        if column is Column.ACTUAL:
            return self.ledger is not None
        return self.master.previous_period is not None

    def carried_from(self, code: str) -> Period | None:
        """The report whose forecast the node shows in place of its own (not returned)."""
        return self.master.previous_period if self.not_returned(code) else None

    def project_amount(self, project: str, line: Line, column: Column) -> float:
        """A project's figure: the master's TP, TA and Muutettu TA, the reported actual and
        forecast (for a department that has not returned, the previous report's forecast);
        NET is expenditure plus income."""
        p = self.master.investments.project(project)
        if column in MASTER_COLUMNS:
            return p.amount(line, column) if p is not None else 0.0
        earlier = self.master.previous_period
        if column is Column.FORECAST and p is not None and self.not_returned(p.department):
            if earlier is None:
                return 0.0
            return previous_amount(self.master.investments, earlier, project, line, column)
        flows = FLOWS if line is NET else (line,)
        return round(sum(self.projects.get((project, f), {}).get(column, 0.0) for f in flows), 2)

    def project_known(self, project: str, column: Column) -> bool:
        """Whether the report knows a project's figure in a column (as `known` for a cost
        centre: a department that has not returned gives neither actual nor forecast)."""
        p = self.master.investments.project(project)
        return p is None or self.known(p.department, column)


def tolerance(cells: Iterable[Cell | float]) -> float:
    """Half a unit of the last decimal of every rounded figure involved.

    Published figures are rounded (to euros, or cents where cents are given), so a sum of n
    rounded items may differ from its rounded total by up to n/2 units plus half a unit of
    the total's own rounding: 1.5 € for TOIMINTAKATE = income + costs in whole euros.
    """
    total = 0.0
    for c in cells:
        decimals = c.decimals if isinstance(c, Cell) else 0
        total += 0.5 * 10.0**-decimals
    return total + 1e-9


def finding(
    rule: Rule,
    sev: Severity,
    message: Msg | Plural,
    cell: Cell | None = None,
    *,
    at: Origin | None = None,
    file: str = "",
    code: str = "",
    submitted: float | str | None = None,
    expected: float | str | None = None,
    origin_cell: str = "",
    sheet: str = "",
    line: Line | None = None,
    column: Column | None = None,
    cells: tuple[str, ...] = (),
    project: str = "",
    group: str = "",
) -> Finding:
    if cell is not None:
        at = cell.origin
    if at is not None:
        file, sheet, origin_cell = at.file, at.sheet, at.cell
    return Finding(
        rule,
        sev,
        message,
        file,
        sheet,
        origin_cell,
        code,
        submitted,
        expected,
        line.value if line else "",
        column.value if column else "",
        cells,
        project,
        group,
    )


def department_of_submission(master: Master, sub: Submission) -> str:
    """The department a workbook belongs to, read from the codes inside it (or its stamp)."""
    if sub.stamp is not None and master.centre(sub.stamp.department) is not None:
        return sub.stamp.department
    votes = Counter(d for b in sub.blocks if (d := master.department_of(b.code)) is not None)
    if not votes:
        return ""
    order = [d.code for d in master.departments]
    return max(votes, key=lambda d: (votes[d], -order.index(d)))


def cell_value(cell: Cell | None) -> float | None:
    # cell.opaque, spelt out: tens of thousands of calls per workbook
    return None if cell is None or cell.formula or cell.invalid else cell.value


def column_label(master: Master, column: Column) -> str:
    return master.period.column_title(column)


def explained(c: Consolidation, code: str) -> bool:
    """The department wrote an explanation (a text under its table or in the template); a text
    a later template carried from the previous report and still marked as that report's
    (kemixl.carry) is not one, as the template's live reminder counts it."""
    e = c.explanations.get(code)
    if e is None:
        return False
    texts = (e.explanation, e.savings)
    return any(t.strip() and not marked(t, c.master) for t in texts)


def source_name(c: Consolidation, code: str) -> str:
    """The file a department submitted ('' if none)."""
    return next((s.name for s, dept in c.sources if dept == code), "")


def explanation_remedy(c: Consolidation, code: str) -> tuple[Origin | None, Msg]:
    """Where the department writes its explanation (its cell, when the workbook has the
    explanation's label) and the remedy naming it: 'write the explanation in Perustelut!B5'."""
    e = c.explanations.get(code)
    target = e.target if e is not None else None
    if target is not None:
        return target, msg("write the explanation in {cell}", cell=target.place)
    sheet = next(
        (b.origin.sheet for s, dept in c.sources if dept == code for b in s.blocks),
        "",
    )
    return None, msg(
        "write the explanation under the table on sheet {sheet}, after a line '{heading}…'",
        sheet=sheet,
        heading=Msg(EXPLANATION),
    )


def leading_area(c: Consolidation, code: str, size: Callable[[str], float]) -> Msg | str:
    """', most in result area 64320000 LASTEN JA NUORTEN PALVELUT (-300 000)': the department's
    result area of the largest size(area) (by magnitude, non-zero), or '' when it has none."""
    best = max(
        ((round(size(k.code), 2), k) for k in c.master.children(code)),
        key=lambda pair: abs(pair[0]),
        default=None,
    )
    if best is None or best[0] == 0:
        return ""
    amount, area = best
    return msg(
        ", most in result area {code} {name} ({amount})",
        code=area.code,
        name=area.name,
        amount=Amount(amount),
    )
