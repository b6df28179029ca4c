"""Actuals from the ledger: what the report takes from it, and what it finds.

With a ledger, every leaf's Toteuma comes from the bookkeeping, not from the departments; an
actual a department typed anyway is compared with the ledger (`actual-differs-from-ledger`),
and ledger rows the report cannot place are findings, one per cost centre or account with the
sum involved. So are the rows of another year (one finding for them all) and the months of the
period the export has no rows for: the actuals of an export that ends before the period does
would otherwise pass for the period's.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..findings import Finding, Rule, Severity
from ..i18n.message import Amount, Msg, msg, plural
from ..i18n.terms import column_msg, flow_msg, line_msg
from ..ledger import Ledger, Unplaced
from ..model import (
    EXPENDITURE,
    FLOWS,
    INCOME,
    INPUT_LINES,
    REPORTED_COLUMNS,
    Column,
    Line,
    Master,
    Origin,
    Period,
)
from ..submissions.records import Submission
from .common import cell_value, finding, tolerance

LEDGER_ROUNDING = 0.005  # the ledger's sums are in cents


def with_ledger_actuals(
    master: Master, reported: dict[tuple[str, Line], dict[Column, float]], ledger: Ledger
) -> dict[tuple[str, Line], dict[Column, float]]:
    """The reported figures with every leaf's actual replaced by the ledger's."""
    out = {key: dict(values) for key, values in reported.items()}
    for leaf in master.leaves(master.root.code):
        for line in INPUT_LINES:
            values = out.setdefault((leaf.code, line), {c: 0.0 for c in REPORTED_COLUMNS})
            values[Column.ACTUAL] = ledger.actual(leaf.code, line)
    return out


def ledger_findings(
    master: Master, ledger: Ledger, checked: Iterable[tuple[Submission, str]]
) -> Iterator[Finding]:
    """The ledger's own problems (its months, its signs, its unplaced rows), then the typed
    actuals that differ from it."""
    if ledger.other_years is not None:
        yield _other_years(master.period, ledger.other_years)
    yield from _missing_months(master.period, ledger)
    for sub, dept in checked:
        yield from _typed_actuals(master, ledger, sub, dept)
    income, costs = ledger.total(Line.INCOME), ledger.total(Line.COSTS)
    if income < 0 < costs:
        other = "report" if master.ledger.signs == "debit-credit" else "debit-credit"
        yield finding(
            Rule.LEDGER_SIGNS,
            Severity.ERROR,
            msg(
                "the ledger's {income_line} sum to {income} and its {costs_line} to {costs}, "
                "where income is positive and costs negative: its signs look reversed; set "
                '[ledger] signs = "{other}" in master.toml',
                income_line=line_msg(Line.INCOME),
                income=Amount(income),
                costs_line=line_msg(Line.COSTS),
                costs=Amount(costs),
                other=other,
            ),
            file=ledger.source.name,
            submitted=income,
        )
    for u in ledger.unknown_codes:
        yield _unplaced_code(master, u)
    for u in ledger.unknown_accounts:
        yield _unplaced_account(u)


def _typed_actuals(master: Master, ledger: Ledger, sub: Submission, dept: str) -> Iterator[Finding]:
    seen: set[str] = set()
    title = column_msg(master.period, Column.ACTUAL)
    for b in sub.blocks:
        if b.code in seen or master.department_of(b.code) != dept or master.children(b.code):
            continue
        seen.add(b.code)
        for line in INPUT_LINES:
            cell = b.lines.get(line, {}).get(Column.ACTUAL)
            typed = cell_value(cell)
            if cell is None or typed is None:
                continue
            booked = ledger.actual(b.code, line)
            if abs(typed - booked) <= tolerance([cell]) + LEDGER_ROUNDING:
                continue
            yield finding(
                Rule.LEDGER_DIFFERS,
                Severity.ERROR,
                msg(
                    "{line} {column} {value} differs from the ledger's {booked} (off by {off}); "
                    "the report uses the ledger's figure: correct the actual or ask finance about "
                    "the bookings",
                    line=line_msg(line),
                    column=title,
                    value=Amount(typed),
                    booked=Amount(booked),
                    off=Amount(typed - booked),
                ),
                cell,
                code=b.code,
                submitted=typed,
                expected=booked,
                line=line,
                column=Column.ACTUAL,
            )


def _other_years(period: Period, u: Unplaced) -> Finding:
    at, first = _where(u.first)
    args = {"first": first, "years": u.key, "year": period.year, "total": Amount(u.total)}
    return Finding(  # not finding(): its message is a plural
        Rule.LEDGER_WRONG_YEAR,
        Severity.ERROR,
        plural(
            "{n} ledger row{first} is dated in {years}, not in the report's year {year}: its "
            "{total} is not in the report; export the ledger of {year}, or correct the month",
            "{n} ledger rows{first} are dated in {years}, not in the report's year {year}: their "
            "sum {total} is not in the report; export the ledger of {year}, or correct the months",
            u.rows,
            **args,
        ),
        u.first.file,
        at.sheet if at else "",
        at.cell if at else "",
        submitted=u.total,
    )


def _missing_months(period: Period, ledger: Ledger) -> Iterator[Finding]:
    """A warning per month of the period the export has no rows for; an error when it is the
    last month (the export ends before the period does) or every month."""
    missing = ledger.missing_months
    span = range(period.first_month, period.last_month + 1)
    name = ledger.source.name
    if len(missing) == len(span):
        yield finding(
            Rule.LEDGER_MISSING_MONTH,
            Severity.ERROR,
            msg(
                "the ledger has no postings for any month of the period {period}; export the "
                "ledger of {period}",
                period=period.label,
            ),
            file=name,
        )
        return
    for month in missing:
        when = f"{month}/{period.year}"
        if month == period.last_month:
            message = msg(
                "the ledger has no postings for {month}, the last month of the period {period}: "
                "the export seems to end before the period does, and its actuals are not those "
                "of {period}; export the ledger again, up to the end of {month}",
                month=when,
                period=period.label,
            )
        else:
            message = msg(
                "the ledger has no postings for {month}, a month of the period {period}; check "
                "that the export covers the whole period",
                month=when,
                period=period.label,
            )
        severity = Severity.ERROR if month == period.last_month else Severity.WARNING
        yield finding(Rule.LEDGER_MISSING_MONTH, severity, message, file=name)


def _where(first: Origin) -> tuple[Origin | None, Msg | str]:
    """A finding's place: the cell of an .xlsx export; a CSV line goes into the message."""
    if first.sheet:
        return first, ""
    # TRANSLATORS: inserted after "ledger rows" when the export is a CSV file: where the first is
    return None, msg(" (first on line {line})", line=first.cell)


def _unplaced_code(master: Master, u: Unplaced) -> Finding:
    at, first = _where(u.first)
    args = {
        "code": u.key,
        "rows": u.rows,
        "first": first,
        "income_line": line_msg(Line.INCOME),
        "income": Amount(u.income),
        "costs_line": line_msg(Line.COSTS),
        "costs": Amount(u.costs),
    }
    if not u.key:
        message = msg(
            "{rows} ledger rows have no cost centre{first}: {income_line} {income}, {costs_line} "
            "{costs} are not in the report; give the postings a cost centre in the bookkeeping",
            **args,
        )
    elif master.centre(u.key) is None:
        message = msg(
            "cost centre {code} is not in the master tree: its {rows} ledger rows{first}, "
            "{income_line} {income}, {costs_line} {costs}, are not in the report; add it to "
            "costcentres.csv or correct the postings",
            **args,
        )
    else:
        message = msg(
            "cost centre {code} has result areas under it: its {rows} ledger rows{first}, "
            "{income_line} {income}, {costs_line} {costs}, belong to none of them and are not in "
            "the report; post them to a result area",
            **args,
        )
    return finding(
        Rule.LEDGER_UNKNOWN_CODE,
        Severity.ERROR,
        message,
        at=at,
        file=u.first.file,
        code=u.key,
        submitted=u.total,
    )


def _unplaced_account(u: Unplaced) -> Finding:
    at, first = _where(u.first)
    args = {"account": u.key, "rows": u.rows, "first": first, "total": Amount(u.total)}
    if u.key:
        message = msg(
            "account {account} is in no range of accounts.csv: {rows} ledger rows{first} summing "
            "to {total} are not in the report; add the account to a range of accounts.csv "
            "(TOIMINTATUOTOT, TOIMINTAKULUT or ignore)",
            **args,
        )
    else:
        message = msg(
            "rows without an account are in no range of accounts.csv: {rows} ledger rows{first} "
            "summing to {total} are not in the report; give the postings an account",
            **args,
        )
    return finding(
        Rule.LEDGER_UNKNOWN_ACCOUNT,
        Severity.ERROR,
        message,
        at=at,
        file=u.first.file,
        submitted=u.total,
    )


# --- investment projects ------------------------------------------------------------------


def with_ledger_projects(
    master: Master, projects: dict[tuple[str, Line], dict[Column, float]], ledger: Ledger
) -> dict[tuple[str, Line], dict[Column, float]]:
    """The projects' reported figures with every actual replaced by the ledger's."""
    out = {key: dict(values) for key, values in projects.items()}
    for p in master.investments.projects:
        for flow in FLOWS:
            values = out.setdefault((p.id, flow), {c: 0.0 for c in REPORTED_COLUMNS})
            values[Column.ACTUAL] = ledger.project_actual(p.id, flow)
    return out


def project_ledger_findings(
    master: Master, ledger: Ledger, checked: Iterable[tuple[Submission, str]]
) -> Iterator[Finding]:
    """Project actuals a department typed that differ from the ledger, and the ledger's rows
    on investment accounts of projects not in investments.csv."""
    title = column_msg(master.period, Column.ACTUAL)
    for sub, dept in checked:
        seen: set[str] = set()
        for row in sub.projects:
            p = master.investments.project(row.id)
            if p is None or p.department != dept or row.id in seen:
                continue
            seen.add(row.id)
            for flow in FLOWS:
                cell = row.figures.get((flow, Column.ACTUAL))
                typed = cell_value(cell)
                if cell is None or typed is None:
                    continue
                booked = ledger.project_actual(p.id, flow)
                if abs(typed - booked) <= tolerance([cell]) + LEDGER_ROUNDING:
                    continue
                yield finding(
                    Rule.LEDGER_DIFFERS,
                    Severity.ERROR,
                    msg(
                        "project {project} {flow} {column} {value} differs from the ledger's "
                        "{booked} (off by {off}); the report uses the ledger's figure: correct "
                        "the actual or ask finance about the bookings",
                        project=p.id,
                        flow=flow_msg(flow),
                        column=title,
                        value=Amount(typed),
                        booked=Amount(booked),
                        off=Amount(typed - booked),
                    ),
                    cell,
                    code=dept,
                    project=p.id,
                    submitted=typed,
                    expected=booked,
                    line=flow,
                    column=Column.ACTUAL,
                )
    for u in ledger.unknown_projects:
        at, first = _where(u.first)
        yield finding(
            Rule.LEDGER_UNKNOWN_PROJECT,
            Severity.ERROR,
            msg(
                "project {project} is not in investments.csv: its {rows} ledger rows{first} on "
                "investment accounts, {expenditure_line} {expenditure}, {income_line} {income}, "
                "are not in the report; add the project to investments.csv or correct the "
                "postings",
                project=u.key,
                rows=u.rows,
                first=first,
                expenditure_line=flow_msg(EXPENDITURE),
                expenditure=Amount(u.costs),
                income_line=flow_msg(INCOME),
                income=Amount(u.income),
            ),
            at=at,
            file=u.first.file,
            project=u.key,
            submitted=u.total,
        )
