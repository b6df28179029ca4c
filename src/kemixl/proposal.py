"""The draft budget amendment (talousarviomuutosesitys): what the council would decide so that
no binding appropriation is exceeded, for finance to edit.

Each binding row forecast on the unfavourable side (kemixl.binding, reconcile.binding_overruns)
gives a `DraftRow`: the amount that covers the forecast, rounded up to `[budget] round_to`, and
the new amended budget (the current one minus that amount: an appropriation grows, an income
estimate shrinks; costs are negative). The investment part's binding units (a project, or a
project group's group-bound projects; reconcile.investments.unit_overruns) forecast over their
net amended budget give rows of the same record, of the part INVESTMENT.

`amendment_lines` turns the rows into amendments.csv's rows. An operating row's amount is shared
among the TOIMINTATUOTOT and TOIMINTAKULUT lines of its result areas, an investment row's among
the expenditure (MENOT) and income (TULOT) of its projects (the `project` column): in either
case among the places that fall short of their own amended budget, in proportion to how far
each does, in multiples of round_to, so the rows add up to the unit's amount exactly.
`write_proposal` writes them in amendments.csv's format with the date and the decision left
blank: after the council decides, finance fills both in and adds the rows to the next period's
amendments.csv.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path

from .binding import Kind, cover
from .master.investments import FLOW_NAMES
from .master.year import AMENDMENT_COLUMNS
from .model import FLOWS, Column, Line, Master, Project
from .reconcile import Consolidation, binding_overruns
from .reconcile.investments import over_projects, unit_overruns
from .xlsx.safe import atomic_path, write_file


class Part(Enum):
    """Which part of the budget a draft row amends."""

    OPERATING = "operating"  # a cost centre's binding appropriation (or revenue estimate)
    INVESTMENT = "investment"  # a binding investment project or project group (net)


@dataclass(frozen=True)
class DraftRow:
    """One amendment of the draft: a binding unit and what of it binds, its current amended
    budget and forecast, the amount that covers the forecast (positive, rounded up), the new
    amended budget (current − amount) and the department's explanation.

    `department`: the unit's department. OPERATING: `unit` is a cost centre's code.
    INVESTMENT: `unit` is the project's id or the group's name, `kind` NET and `projects` the
    ids the unit binds."""

    unit: str
    kind: Kind
    current: float
    forecast: float
    amount: float
    new: float
    explanation: str = ""
    part: Part = Part.OPERATING
    department: str = ""
    projects: tuple[str, ...] = ()


def draft_rows(c: Consolidation) -> tuple[DraftRow, ...]:
    """The draft's rows: the operating part's binding appropriations forecast to be exceeded,
    then the investment part's."""
    return _operating_rows(c) + _investment_rows(c)


def _operating_rows(c: Consolidation) -> tuple[DraftRow, ...]:
    step = c.master.settings.budget.round_to
    rows = []
    for s in binding_overruns(c):
        amount = cover(s.gap, step)
        department = c.master.department_of(s.unit.code) or s.unit.code
        told = c.explanations.get(department)
        rows.append(
            DraftRow(
                s.unit.code,
                s.unit.kind,
                s.budget,
                s.forecast,
                amount,
                round(s.budget - amount, 2),
                told.explanation.strip() if told else "",
                department=department,
            )
        )
    return tuple(rows)


def _investment_rows(c: Consolidation) -> tuple[DraftRow, ...]:
    step = c.master.settings.budget.round_to
    rows = []
    for s in unit_overruns(c):
        amount = cover(s.overrun, step)
        rows.append(
            DraftRow(
                s.unit.key,
                Kind.NET,
                s.budget,
                s.forecast,
                amount,
                round(s.budget - amount, 2),
                _explained(c, s.unit.group, over_projects(c, s.unit)),
                Part.INVESTMENT,
                s.unit.department,
                tuple(p.id for p in s.unit.projects),
            )
        )
    return tuple(rows)


def _explained(c: Consolidation, group: str, over: Sequence[Project]) -> str:
    """The explanations of the projects over their budget: a project's own; a group's each
    after its project's id."""
    texts = []
    for p in over:
        told = c.project_reports.get(p.id)
        text = told.explanation.strip() if told else ""
        if text:
            texts.append(f"{p.id}: {text}" if group else text)
    return " ".join(texts)


LINES = {
    Kind.NET: (Line.INCOME, Line.COSTS),
    Kind.INCOME: (Line.INCOME,),
    Kind.COSTS: (Line.COSTS,),
}


@dataclass(frozen=True)
class AmendmentLine:
    """A row of amendments.csv: a result area's line changed by `amount` (negative: an
    appropriation grows, a revenue estimate shrinks)."""

    code: str
    line: Line
    amount: float
    project: str = ""  # an investment project's amendment: line is EXPENDITURE or INCOME


def split(total: float, step: float, weights: Sequence[float]) -> list[float]:
    """`total` (a multiple of `step`) shared in multiples of `step` in proportion to the
    weights, largest remainders first (ties to the earlier), so the parts add up exactly."""
    count = round(total / step)
    whole = sum(weights)
    if count <= 0 or whole <= 0:
        return [0.0 for _ in weights]
    exact = [count * w / whole for w in weights]
    parts = [math.floor(x + 1e-9) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (parts[i] - exact[i], i))
    for i in order[: count - sum(parts)]:
        parts[i] += 1
    return [round(p * step, 2) for p in parts]


def amendment_lines(c: Consolidation, rows: Sequence[DraftRow]) -> list[AmendmentLine]:
    """amendments.csv's rows for the draft's rows (module doc)."""
    step = c.master.settings.budget.round_to
    out: list[AmendmentLine] = []
    for row in rows:
        places = _places(c, row)
        short = [max(0.0, budget - forecast) for _place, budget, forecast in places]
        for (place, _b, _f), part in zip(places, split(row.amount, step, short), strict=True):
            if part:
                out.append(replace(place, amount=-part))
    return out


Place = tuple[AmendmentLine, float, float]  # a line to amend (amount 0), its budget, forecast


def _places(c: Consolidation, row: DraftRow) -> list[Place]:
    """Where a row's amount may go: its result areas' lines, or its projects' flows."""
    master = c.master
    if row.part is Part.INVESTMENT:
        return [
            (
                AmendmentLine(row.department, flow, 0.0, pid),
                c.project_amount(pid, flow, Column.TA_AMENDED),
                c.project_amount(pid, flow, Column.FORECAST),
            )
            for pid in row.projects
            for flow in FLOWS
        ]
    if row.kind not in LINES or master.centre(row.unit) is None:
        return []  # not a cost centre's appropriation
    return [
        (
            AmendmentLine(leaf.code, line, 0.0),
            c.amount(leaf.code, line, Column.TA_AMENDED),
            c.amount(leaf.code, line, Column.FORECAST),
        )
        for leaf in master.leaves(row.unit)
        for line in LINES[row.kind]
    ]


def unrecorded_changes(
    master: Master, lines: Sequence[AmendmentLine]
) -> list[tuple[str, Line, float]]:
    """The draft's result-area lines whose Muutettu TA in figures.csv holds changes that
    amendments.csv does not record (code, line, the change): once the draft's row is in
    amendments.csv, that ta_amended must be TA plus the amendments, so the change has to be
    recorded there too, or a blank ta_amended would drop it."""
    end = master.period.end
    out: list[tuple[str, Line, float]] = []
    for code, line in dict.fromkeys((a.code, a.line) for a in lines if not a.project):
        recorded = sum(
            a.amount
            for a in master.amendments
            if not a.project and (a.code, a.line) == (code, line) and a.date <= end
        )
        budget = master.figures.get((code, line), {})
        change = budget.get(Column.TA_AMENDED, 0.0) - budget.get(Column.TA, 0.0) - recorded
        if abs(change) > 0.5:
            out.append((code, line, round(change, 2)))
    return out


def _number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.2f}"


def proposal_csv(lines: Sequence[AmendmentLine], project_column: bool = False) -> str:
    """amendments.csv's text (UTF-8, comma-separated), the date and decision left blank; with
    the column `project` where a row amends an investment project, or where the city's
    amendments.csv has it (`project_column`: the rows are appended to that file)."""
    projects = project_column or any(a.project for a in lines)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(AMENDMENT_COLUMNS + (("project",) if projects else ()))
    for a in lines:
        line = FLOW_NAMES[a.line] if a.project else a.line.value
        row = ("", "", a.code, line, _number(a.amount))
        writer.writerow(row + ((a.project,) if projects else ()))
    return out.getvalue()


def write_proposal(
    path: Path, lines: Sequence[AmendmentLine], project_column: bool = False
) -> None:
    """The rows written atomically (never half a file); OSError if they cannot be."""
    with atomic_path(path) as tmp:
        write_file(tmp, proposal_csv(lines, project_column).encode("utf-8"))
