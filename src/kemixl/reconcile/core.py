"""Reconciliation: submissions checked against the master tree and against themselves.

Pure functions from (master, submissions) to a Consolidation: the figures the report uses
and every finding, in a deterministic order. Nothing here raises on bad data.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from ..findings import Finding, Rule, ordered
from ..i18n.message import msg
from ..ledger import Ledger
from ..model import INPUT_LINES, REPORTED_COLUMNS, Column, Line, Master
from ..submissions.records import Explanations, KpiValue, Realization, Submission
from .binding import binding_rules
from .blocks import block_rules, coverage_rules, reported_figures
from .carried import carried_rules
from .central import central_rules
from .common import Consolidation, E, ProjectReport, department_of_submission, finding
from .drift import drift_rules
from .investments import investment_overruns, project_rules, reported_projects
from .leaves import Own, own_leaves
from .ledger import (
    ledger_findings,
    project_ledger_findings,
    with_ledger_actuals,
    with_ledger_projects,
)
from .overrun import overrun_rules
from .plausibility import plausibility_rules
from .texts import match_kpis, match_realizations
from .workbooks import (
    checklist,
    cross_workbook_duplicates,
    duplicate_department,
    period_rules,
    stamp_rules,
)


def carried_forecasts(master: Master, unreturned: frozenset[str]) -> dict[tuple[str, Line], float]:
    """The previous report's forecast of every result-area line of the departments that have
    not returned (nothing in the year's first report): what the report shows, labelled, in
    place of a forecast they have not given."""
    earlier = master.previous_period
    if earlier is None:
        return {}
    return {
        (leaf.code, line): master.previous_amount(earlier, leaf.code, line, Column.FORECAST)
        for dept in unreturned
        for leaf in master.leaves(dept)
        for line in INPUT_LINES
    }


def inputs_of(ledger: Ledger | None) -> tuple[Column, ...]:
    """The columns departments report: with a ledger, the actuals are its, not theirs."""
    return (Column.FORECAST,) if ledger is not None else REPORTED_COLUMNS


@dataclass(frozen=True)
class Checked:
    """One workbook's own findings (workbook_findings), found as soon as it was read, and
    its figures (reported_figures), which reconcile takes if the workbook is its
    department's."""

    sub: Submission
    dept: str
    inputs: tuple[Column, ...]
    findings: tuple[Finding, ...]
    reported: dict[tuple[str, Line], dict[Column, float]]


def check_workbook(master: Master, sub: Submission, inputs: tuple[Column, ...]) -> Checked:
    """A workbook checked on its own, ahead of the others (reconcile takes the result)."""
    dept = department_of_submission(master, sub) if sub.blocks else ""
    if not dept:
        return Checked(sub, dept, inputs, (), {})
    own = own_leaves(master, sub, dept)
    found = workbook_findings(master, sub, dept, inputs, own)
    return Checked(sub, dept, inputs, found, reported_figures(master, sub, dept, own))


def workbook_findings(
    master: Master,
    sub: Submission,
    dept: str,
    inputs: tuple[Column, ...],
    own: Own | None = None,
) -> tuple[Finding, ...]:
    """What the checks of one workbook on its own find: its blocks against the master tree,
    coverage, stamp, period, plausibility and projects. Pure and independent of the other
    workbooks, so it can run while they are still being read. `own`: its own_leaves, if
    told."""
    if own is None:
        own = own_leaves(master, sub, dept)
    covered = tuple(coverage_rules(master, sub, dept, inputs, own))
    # an untouched workbook is one empty submission, not one per part
    untouched = any(f.rule is Rule.EMPTY_SUBMISSION for f in covered)
    return (
        *block_rules(master, sub, dept, own),
        *covered,
        *stamp_rules(master, sub, dept),
        *period_rules(master, sub),
        *plausibility_rules(master, sub, dept, own),
        *project_rules(master, sub, dept, inputs, untouched),
    )


def reconcile(
    master: Master,
    submissions: Iterable[Submission],
    skipped: Iterable[Finding] = (),
    ledger: Ledger | None = None,
    prechecked: Mapping[str, Checked] | None = None,
) -> Consolidation:
    """Check every submission, choose the figures the report uses, collect every finding.

    With a ledger, the actuals come from it (see reconcile/ledger.py). `prechecked`: workbooks
    already checked on their own (check_workbook), by name; the rest are checked here."""
    findings: list[Finding] = list(skipped)
    subs = sorted(submissions, key=lambda s: s.name)
    by_dept: dict[str, list[Submission]] = defaultdict(list)
    sources: list[tuple[Submission, str]] = []
    for sub in subs:
        dept = department_of_submission(master, sub) if sub.blocks else ""
        # the reader names a project's cells without knowing its department
        findings.extend(
            replace(f, code=dept) if f.project and not f.code else f for f in sub.findings
        )
        sources.append((sub, dept))
        if dept:
            by_dept[dept].append(sub)
        elif sub.blocks:
            findings.append(
                finding(
                    Rule.UNKNOWN_CODE,
                    E,
                    msg(
                        "no cost-centre code of the master tree found; cannot tell which "
                        "department sent it"
                    ),
                    file=sub.name,
                )
            )

    reported: dict[tuple[str, Line], dict[Column, float]] = {}
    inputs = inputs_of(ledger)
    explanations: dict[str, Explanations] = {}
    kpis: dict[str, KpiValue] = {}
    realizations: dict[str, Realization] = {}
    projects: dict[tuple[str, Line], dict[Column, float]] = {}
    project_reports: dict[str, ProjectReport] = {}
    for dept, group in by_dept.items():
        findings.extend(duplicate_department(dept, group))
        figures: dict[tuple[str, Line], dict[Column, float]] | None = None
        for sub in group:  # every workbook is checked, even one that must be removed
            ahead = (prechecked or {}).get(sub.name)
            if (
                ahead is not None
                and ahead.sub is sub
                and (ahead.dept, ahead.inputs) == (dept, inputs)
            ):
                findings.extend(ahead.findings)
                if sub is group[0]:
                    figures = ahead.reported
            else:
                findings.extend(workbook_findings(master, sub, dept, inputs))
        chosen = group[0]
        reported.update(reported_figures(master, chosen, dept) if figures is None else figures)
        explanations[dept] = chosen.explanations
        figures, reports = reported_projects(master, chosen, dept)
        projects.update(figures)
        project_reports.update(reports)
        matched_kpis, kpi_findings = match_kpis(master, chosen, dept)
        kpis.update(matched_kpis)
        findings.extend(kpi_findings)
        matched, strategy_findings = match_realizations(master, chosen, dept)
        realizations.update(matched)
        findings.extend(strategy_findings)
    findings.extend(cross_workbook_duplicates(master, by_dept))
    findings.extend(checklist(master, by_dept))
    if ledger is not None:
        reported = with_ledger_actuals(master, reported, ledger)
        projects = with_ledger_projects(master, projects, ledger)
        checked = [(sub, dept) for dept, group in by_dept.items() for sub in group]
        findings.extend(ledger_findings(master, ledger, checked))
        findings.extend(project_ledger_findings(master, ledger, checked))
    submitted = frozenset(by_dept)
    unreturned = frozenset(
        d.code for d in master.departments if d.code not in by_dept and master.has_budget(d.code)
    )
    partial = Consolidation(
        master,
        reported,
        (),
        tuple(sources),
        explanations,
        kpis,
        realizations,
        submitted,
        ledger,
        unreturned,
        carried_forecasts(master, unreturned),
        projects,
        project_reports,
    )
    empty = {f.code for f in findings if f.rule is Rule.EMPTY_SUBMISSION}  # nothing forecast yet
    findings.extend(overrun_rules(partial, empty))
    findings.extend(binding_rules(partial, empty))
    findings.extend(investment_overruns(partial, empty))
    if master.previous:
        findings.extend(drift_rules(partial, empty))
    findings.extend(central_rules(master))
    findings.extend(carried_rules(partial))
    return partial.with_findings(tuple(ordered(findings)))
