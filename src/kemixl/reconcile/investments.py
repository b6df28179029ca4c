"""The investment part: a department's project rows checked against investments.csv and
against themselves, the figures the report uses, and the binding units' overruns.

The tests that decide a row's findings (`wrong_sign`, `below_actual`, `overrun_of`,
`unit_ratio`, `typed_inputs`) are the ones the template's live checks compute in formulas
(templates/investments.py), so that on a filled template the rows the sheet flags are the rows
`kemixl check` names.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..binding import cover
from ..findings import Finding, Rule
from ..i18n import terms
from ..i18n.message import Amount, Msg, msg, plural
from ..i18n.terms import (
    PROJECT,
    PROJECT_EXPLANATION,
    SHEET_INVESTMENTS,
    column_msg,
    flow_msg,
)
from ..investment import BindingUnit, binding_units
from ..model import (
    EXPENDITURE,
    FLOWS,
    MASTER_COLUMNS,
    NET,
    Column,
    Line,
    Master,
    Project,
    Settings,
)
from ..submissions.records import Cell, ProjectRow, Submission
from ..xlsx.cells import norm
from .common import Consolidation, E, ProjectReport, W, cell_value, finding, source_name
from .plausibility import Unit, unit_of

Figures = dict[tuple[str, Line], dict[Column, float]]


# --- the tests the template's live checks share ------------------------------------------


def wrong_sign(flow: Line, value: float) -> bool:
    """Expenditure is negative and income positive (0 is neither)."""
    return value > 0 if flow is EXPENDITURE else value < 0


def below_actual(flow: Line, actual: float, forecast: float) -> bool:
    """The year's forecast smaller than what is already booked, both of the flow's sign."""
    if flow is EXPENDITURE:
        return actual < 0 and forecast <= 0 and abs(forecast) < abs(actual)
    return actual > 0 and 0 <= forecast < actual


def overrun_of(forecast_net: float, amended_net: float) -> float:
    """How far the net forecast exceeds the net amended budget (negative: below it)."""
    return round(amended_net - forecast_net, 2)


def unit_ratio(project: Project, forecast: float | None, settings: Settings) -> float | None:
    """|forecast| / |Muutettu TA| of a project's expenditure, where its budget is material and
    a forecast other than 0 is typed: about 1/1000 when typed in thousands."""
    budget = project.expenditure[Column.TA_AMENDED]
    if not forecast or abs(budget) < settings.materiality or budget == 0:
        return None
    return abs(forecast) / abs(budget)


def inputs_of(ledger: bool) -> tuple[Column, ...]:
    """The columns a department types: the forecasts only when the actuals are the ledger's."""
    return (Column.FORECAST,) if ledger else (Column.ACTUAL, Column.FORECAST)


def typed_inputs(rows: tuple[ProjectRow, ...], inputs: tuple[Column, ...]) -> int:
    """Input cells holding anything (a number, a text, a formula)."""
    return sum(
        1
        for row in rows
        for flow in FLOWS
        for column in inputs
        if (c := row.figures.get((flow, column))) is not None and (c.value is not None or c.opaque)
    )


# --- one workbook's project rows ----------------------------------------------------------


def _number(cell: Cell | None) -> float | None:
    return cell_value(cell)


def project_rules(
    master: Master,
    sub: Submission,
    dept: str,
    inputs: tuple[Column, ...],
    untouched: bool = False,
) -> Iterator[Finding]:
    """Every rule on one workbook's project rows, and the projects it lacks. `untouched`: the
    workbook's finance table is empty too (already an empty-submission)."""
    own = master.investments.of_department(dept)
    if not own and not sub.projects:
        return
    if own and sub.project_tables == 0:
        yield finding(
            Rule.MISSING_PROJECT,
            E,
            msg(
                "no investment table found, so the {n} investment projects of {dept} are "
                "missing; add a table with a column {project} and the actual and forecast "
                "columns, or use the template's {sheet} sheet",
                n=len(own),
                dept=dept,
                project=Msg(PROJECT),
                sheet=Msg(SHEET_INVESTMENTS),
            ),
            file=sub.name,
            code=dept,
        )
        return
    seen: dict[str, ProjectRow] = {}
    ours: list[ProjectRow] = []
    for row in sub.projects:
        p = master.investments.project(row.id)
        if p is None:
            yield finding(
                Rule.UNKNOWN_PROJECT,
                E,
                msg(
                    "project {project} is not in the master's project list; correct the id or "
                    "ask finance",
                    project=row.id,
                ),
                at=row.origin,
                code=dept,
                project=row.id,
            )
        elif row.id in seen:
            yield finding(
                Rule.DUPLICATE_PROJECT,
                E,
                msg(
                    "project {project} appears twice (first at {place}); delete one of the rows",
                    project=row.id,
                    place=seen[row.id].origin.place,
                ),
                at=row.origin,
                code=dept,
                project=row.id,
            )
        elif p.department != dept:
            yield finding(
                Rule.WRONG_DEPARTMENT,
                E,
                msg(
                    "project {project} belongs to department {owner}, not to {dept}; move it to "
                    "that department's workbook",
                    project=row.id,
                    owner=p.department,
                    dept=dept,
                ),
                at=row.origin,
                code=dept,
                project=row.id,
            )
            seen[row.id] = row
        else:
            seen[row.id] = row
            ours.append(row)
            yield from _row_rules(master, p, row, dept)
    yield from _missing(master, sub, dept, seen)
    typed = typed_inputs(tuple(ours), inputs)
    budgeted = [r for r in ours if _budgeted(master, r.id)]
    if budgeted and typed == 0 and untouched:
        return
    if budgeted and typed == 0:
        yield finding(
            Rule.EMPTY_SUBMISSION,
            E,
            msg(
                "no investment figures are filled in for {dept}; fill in the {forecast} of its "
                "projects (and {actual}) on the {sheet} sheet",
                dept=dept,
                forecast=column_msg(master.period, Column.FORECAST),
                actual=column_msg(master.period, Column.ACTUAL),
                sheet=Msg(SHEET_INVESTMENTS),
            ),
            file=sub.name,
            code=dept,
        )
        return
    for row in ours:
        yield from _filled_rules(master, row, dept, inputs)
    yield from _unit_rule(master, ours, dept)


def _budgeted(master: Master, project: str) -> bool:
    p = master.investments.project(project)
    return p is not None and any(p.amount(f, Column.TA_AMENDED) for f in FLOWS)


def _row_rules(master: Master, p: Project, row: ProjectRow, dept: str) -> Iterator[Finding]:
    """The project's name, the master's figures, formulas and signs."""
    names = {norm(n) for n in (p.name, *(t for c, t in p.texts if c.startswith("name_")))}
    if (
        row.name
        and norm(row.name) not in names
        and not any(norm(row.name) == norm(f"{a} - {b}") for a in names for b in names)
    ):
        yield finding(
            Rule.NAME_MISMATCH,
            W,
            msg(
                "name {name!r} differs from the master's {master_name!r}; the code is used",
                name=row.name,
                master_name=p.name,
            ),
            at=row.origin,
            code=dept,
            project=p.id,
            submitted=row.name,
            expected=p.name,
        )
    for (flow, column), cell in row.figures.items():
        value = _number(cell)
        args = {
            "flow": flow_msg(flow),
            "column": column_msg(master.period, column),
            "project": p.id,
        }
        if column in MASTER_COLUMNS:
            expected = p.amount(flow, column)
            if value is not None and abs(value - expected) > 0.5:
                yield finding(
                    Rule.MASTER_MISMATCH,
                    E,
                    msg(
                        "project {project} {flow} {column} is {value}, the master says "
                        "{expected}; restore the master figure",
                        **args,
                        value=Amount(value),
                        expected=Amount(expected),
                    ),
                    cell,
                    code=dept,
                    project=p.id,
                    submitted=value,
                    expected=expected,
                    line=flow,
                    column=column,
                )
            continue
        if cell.formula:
            yield finding(
                Rule.FORMULA_INPUT,
                E,
                msg(
                    "project {project} {flow} {column} holds the formula {formula}, which "
                    "refers to other cells; kemixl does not evaluate or trust it (it would "
                    "count as 0): type the amount",
                    **args,
                    formula=cell.raw,
                ),
                cell,
                code=dept,
                project=p.id,
                submitted=cell.raw,
                line=flow,
                column=column,
            )
        if value is not None and wrong_sign(flow, value):
            yield finding(
                Rule.WRONG_SIGN,
                E,
                msg(
                    "project {project} {flow} {column} {value} has the wrong sign "
                    "(expenditure is negative, as in the budget); flip the sign",
                    **args,
                    value=Amount(value),
                )
                if flow is EXPENDITURE
                else msg(
                    "project {project} {flow} {column} {value} has the wrong sign (income is "
                    "positive, as in the budget); flip the sign",
                    **args,
                    value=Amount(value),
                ),
                cell,
                code=dept,
                project=p.id,
                submitted=value,
                expected=-value,
                line=flow,
                column=column,
            )


def _filled_rules(
    master: Master, row: ProjectRow, dept: str, inputs: tuple[Column, ...]
) -> Iterator[Finding]:
    """Once anything is typed: blanks, a forecast below the actual, an unexplained overrun,
    the status."""
    p = master.investments.project(row.id)
    assert p is not None
    period = master.period
    for flow in FLOWS:
        if p.amount(flow, Column.TA_AMENDED) == 0:
            continue
        for column in inputs:
            cell = row.figures.get((flow, column))
            if cell is not None and cell.value is None and not cell.opaque:
                yield finding(
                    Rule.BLANK_INPUT,
                    W,
                    msg(
                        "project {project} {flow} {column} is blank although the project has a "
                        "budget; it is counted as 0 — type 0 if that is right",
                        project=p.id,
                        flow=flow_msg(flow),
                        column=column_msg(period, column),
                    ),
                    cell,
                    code=dept,
                    project=p.id,
                    line=flow,
                    column=column,
                )
    for flow in FLOWS:
        actual = _number(row.figures.get((flow, Column.ACTUAL)))
        cell = row.figures.get((flow, Column.FORECAST))
        forecast = _number(cell)
        if actual is None or forecast is None or cell is None:
            continue
        if below_actual(flow, actual, forecast):
            yield finding(
                Rule.FORECAST_BELOW_ACTUAL,
                W,
                msg(
                    "project {project} {flow} {forecast} {value} is smaller than {actual} "
                    "{booked}: the whole year cannot come to less than is already booked; "
                    "correct the forecast or the actual",
                    project=p.id,
                    flow=flow_msg(flow),
                    forecast=column_msg(period, Column.FORECAST),
                    value=Amount(forecast),
                    actual=column_msg(period, Column.ACTUAL),
                    booked=Amount(actual),
                ),
                cell,
                code=dept,
                project=p.id,
                submitted=forecast,
                expected=actual,
                line=flow,
                column=Column.FORECAST,
            )
    forecast_net = sum(_number(row.figures.get((f, Column.FORECAST))) or 0.0 for f in FLOWS)
    amended_net = p.amount(NET, Column.TA_AMENDED)
    overrun = overrun_of(forecast_net, amended_net)
    if overrun >= master.settings.materiality and not row.explanation.strip():
        yield finding(
            Rule.UNEXPLAINED_OVERRUN,
            W,
            msg(
                "project {project}: the forecast net investment {forecast} overruns the revised "
                "budget {budget} by {overrun} with no explanation; write one in its {column} "
                "column",
                project=p.id,
                forecast=Amount(forecast_net),
                budget=Amount(amended_net),
                overrun=Amount(overrun),
                column=Msg(PROJECT_EXPLANATION),
            ),
            at=row.origin,
            code=dept,
            project=p.id,
            submitted=forecast_net,
            expected=amended_net,
            line=NET,
            column=Column.FORECAST,
        )
    yield from _status_rule(row, dept)


def status_of(row: ProjectRow) -> str | None:
    """The row's status as its canonical key, "" when blank, None when it is no status."""
    if not row.status.strip():
        return ""
    return terms.project_status_key(row.status)


def _status_rule(row: ProjectRow, dept: str) -> Iterator[Finding]:
    status = status_of(row)
    if status:
        return
    at = row.status_origin or row.origin
    yield finding(
        Rule.INVALID_STATUS,
        W,
        msg(
            "project {project}: status {status!r} is not one of {statuses}; choose from the list",
            project=row.id,
            status=row.status,
            statuses=_statuses(),
        )
        if status is None
        else msg(
            "project {project}: no status is chosen; choose one of {statuses}",
            project=row.id,
            statuses=_statuses(),
        ),
        at=at,
        code=dept,
        project=row.id,
        submitted=row.status or None,
    )


def _statuses() -> Msg:
    from ..findings import joined

    return joined(terms.project_status_msg(key) for key in terms.PROJECT_STATUS_WORDS)


def _missing(
    master: Master, sub: Submission, dept: str, seen: dict[str, ProjectRow]
) -> Iterator[Finding]:
    for p in master.investments.of_department(dept):
        if p.id in seen:
            continue
        budgeted = _budgeted(master, p.id)
        yield finding(
            Rule.MISSING_PROJECT,
            E if budgeted else W,
            msg(
                "project {project} {name} is missing; add its row",
                project=p.id,
                name=p.name,
            )
            if budgeted
            else msg(
                "project {project} {name} is missing; add its row (it has no budget, so zeros "
                "are assumed)",
                project=p.id,
                name=p.name,
            ),
            file=sub.name,
            code=dept,
            project=p.id,
        )


def _unit_rule(master: Master, rows: list[ProjectRow], dept: str) -> Iterator[Finding]:
    """looks-like-thousands over a department's projects: the median of their forecasts'
    ratios to the budget (as the operating part's rule, the forecasts only: actuals of
    investments come in lumps)."""
    settings = master.settings
    ratios: list[float] = []
    cells: list[Cell] = []
    for row in rows:
        p = master.investments.project(row.id)
        cell = row.figures.get((EXPENDITURE, Column.FORECAST))
        ratio = unit_ratio(p, _number(cell), settings) if p is not None else None
        if ratio is not None and cell is not None:
            ratios.append(ratio)
        if cell is not None and _number(cell):  # the forecasts, which the ratios are of
            cells.append(cell)
    found = unit_of(ratios, settings.unit_band)
    if found is None or not cells:
        return
    unit, median = found
    first = cells[0]
    value = _number(first) or 0.0
    args = {
        "dept": dept,
        "ratio": Amount(round(1 / median) if unit is Unit.THOUSANDS else round(median)),
        "n": len(ratios),
        "value": Amount(value),
        "euros": Amount(value * unit.value),
        "cells": ", ".join(c.origin.cell for c in cells[:6]) + ("…" if len(cells) > 6 else ""),
    }
    yield finding(
        Rule.LOOKS_LIKE_THOUSANDS,
        E,
        msg(
            "the investment figures of {dept} look like thousands of euros: the forecasts are "
            "about 1/{ratio} of the projects' budgets (the median of {n} ratios); {value} would "
            "be {euros} in euros. Cells {cells}: type every amount in euros",
            **args,
        )
        if unit is Unit.THOUSANDS
        else msg(
            "the investment figures of {dept} look like cents: the forecasts are about {ratio} "
            "times the projects' budgets (the median of {n} ratios); {value} would be {euros} "
            "in euros. Cells {cells}: type every amount in euros",
            **args,
        ),
        first,
        code=dept,
        submitted=value,
        expected=value * unit.value,
        cells=tuple(c.origin.cell for c in cells),
    )


# --- the figures and texts the report uses ------------------------------------------------


def reported_projects(
    master: Master, sub: Submission, dept: str
) -> tuple[Figures, dict[str, ProjectReport]]:
    """The department's projects' actuals and forecasts (0 for a blank or unreadable cell),
    statuses and explanations, from its chosen workbook (each project's first row)."""
    figures: Figures = {}
    reports: dict[str, ProjectReport] = {}
    for row in sub.projects:
        p = master.investments.project(row.id)
        if p is None or p.department != dept or row.id in reports:
            continue
        for flow in FLOWS:
            figures[(row.id, flow)] = {
                c: _number(row.figures.get((flow, c))) or 0.0
                for c in (Column.ACTUAL, Column.FORECAST)
            }
        reports[row.id] = ProjectReport(status_of(row) or "", row.explanation, row.origin)
    return figures, reports


# --- the binding units -------------------------------------------------------------------


def unit_amount(c: Consolidation, unit: BindingUnit, column: Column) -> float:
    """A binding unit's net figure: the sum of its projects'."""
    return round(sum(c.project_amount(p.id, NET, column) for p in unit.projects), 2)


@dataclass(frozen=True)
class UnitStanding:
    """A binding unit's net Muutettu TA and forecast; `overrun` how far the forecast exceeds
    the budget (negative: within it)."""

    unit: BindingUnit
    budget: float
    forecast: float

    @property
    def overrun(self) -> float:
        return overrun_of(self.forecast, self.budget)


def unit_overruns(c: Consolidation, empty: set[str] | None = None) -> tuple[UnitStanding, ...]:
    """The binding units forecast over their net amended budget (by a cent or more), of
    departments that sent figures (as reconcile.binding_overruns; `empty` likewise)."""
    if empty is None:
        empty = {f.code for f in c.findings if f.rule is Rule.EMPTY_SUBMISSION}
    m = c.master
    out = []
    for d in m.departments:
        if d.code not in c.submitted_departments or d.code in empty:
            continue
        for unit in binding_units(m.investments, d.code):
            s = UnitStanding(
                unit,
                unit_amount(c, unit, Column.TA_AMENDED),
                unit_amount(c, unit, Column.FORECAST),
            )
            if s.overrun >= 0.005:
                out.append(s)
    return tuple(out)


def over_projects(c: Consolidation, unit: BindingUnit) -> tuple[Project, ...]:
    """The unit's projects whose own net forecast exceeds their net amended budget."""
    return tuple(
        p
        for p in unit.projects
        if overrun_of(
            c.project_amount(p.id, NET, Column.FORECAST),
            c.project_amount(p.id, NET, Column.TA_AMENDED),
        )
        > 0
    )


def investment_overruns(c: Consolidation, empty: set[str]) -> Iterator[Finding]:
    """A binding unit whose net forecast exceeds its net amended budget: the council must
    amend the budget (Local Government Act 110 §), as for the operating part's appropriations."""
    for s in unit_overruns(c, empty):
        unit = s.unit
        explained = all(
            (r := c.project_reports.get(p.id)) is not None and r.explanation.strip()
            for p in over_projects(c, unit)
        )
        yield finding(
            Rule.INVESTMENT_OVERRUN,
            W,
            _overrun_message(
                unit, s.forecast, s.budget, s.overrun, explained, c.master.settings.budget.round_to
            ),
            file=source_name(c, unit.department),
            code=unit.department,
            project=unit.projects[0].id if not unit.group else "",
            group=unit.group,
            submitted=s.forecast,
            expected=s.budget,
            line=NET,
            column=Column.FORECAST,
        )


def _overrun_message(
    unit: BindingUnit,
    forecast: float,
    budget: float,
    overrun: float,
    explained: bool,
    step: float,
) -> Msg:
    args = {
        "forecast": Amount(forecast),
        "budget": Amount(budget),
        "overrun": Amount(overrun),
        "explained": msg("the department has explained it")
        if explained
        else msg("the department has not explained it"),
        "amount": Amount(cover(overrun, step)),
    }
    # worded as binding-overrun's: how much, then the figures, then what the draft proposes
    if unit.group:
        return msg(
            "the binding project group {group} ({projects}) is forecast to exceed its net "
            "investment appropriation by {overrun} (revised budget {budget}, forecast "
            "{forecast}); {explained}; the draft budget amendment adds {amount}",
            group=unit.group,
            projects=plural("{n} project", "{n} projects", len(unit.projects)),
            **args,
        )
    return msg(
        "the binding project {project} {name} is forecast to exceed its net investment "
        "appropriation by {overrun} (revised budget {budget}, forecast {forecast}); "
        "{explained}; the draft budget amendment adds {amount}",
        project=unit.projects[0].id,
        name=unit.projects[0].name,
        **args,
    )
