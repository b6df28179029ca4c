"""What every reconciliation rule shares: the result record, the rounding tolerance and how a
finding is made (one module below the rule modules, so that none of them imports another)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..findings import Finding, Rule, Severity
from ..i18n.message import Msg
from ..ledger import Ledger
from ..model import INPUT_LINES, MASTER_COLUMNS, Column, Line, Master, Origin
from ..submissions.records import Cell, Explanations, KpiValue, Realization, Submission

E, W, N = Severity.ERROR, Severity.WARNING, Severity.NOTE


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

    def amount(self, code: str, line: Line, column: Column) -> float:
        """Any figure of any node; totals roll up from the leaves."""
        if column in MASTER_COLUMNS:
            return self.master.master_amount(code, line, column)
        lines = INPUT_LINES if line is Line.MARGIN else (line,)
        return sum(
            self.reported.get((leaf.code, ln), {}).get(column, 0.0)
            for leaf in self.master.leaves(code)
            for ln in lines
        )


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
    message: Msg,
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
    return None if cell is None or cell.opaque else cell.value


def column_label(master: Master, column: Column) -> str:
    return master.period.column_title(column)


def explained(c: Consolidation, code: str) -> bool:
    """The department wrote an explanation (a text under its table or in the template)."""
    e = c.explanations.get(code)
    return e is not None and not e.empty


def source_name(c: Consolidation, code: str) -> str:
    """The file a department submitted ('' if none)."""
    return next((s.name for s, dept in c.sources if dept == code), "")
