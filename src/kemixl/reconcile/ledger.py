"""Actuals from the ledger: what the report takes from it, and what it finds.

With a ledger, every leaf's Toteuma comes from the bookkeeping, not from the departments; an
actual a department typed anyway is compared with the ledger (`actual-differs-from-ledger`),
and ledger rows the report cannot place are findings, one per cost centre or account with the
sum involved.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..findings import Finding, Rule, Severity
from ..ledger import Ledger, Unplaced
from ..model import INPUT_LINES, REPORTED_COLUMNS, Column, Line, Master, Origin
from ..numbers import euros
from ..submissions.records import Submission
from .core import _finding, _value, column_label, tolerance

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
    """Typed actuals that differ from the ledger, and the ledger's unplaced rows."""
    for sub, dept in checked:
        yield from _typed_actuals(master, ledger, sub, dept)
    income, costs = ledger.total(Line.INCOME), ledger.total(Line.COSTS)
    if income < 0 < costs:
        other = "report" if master.ledger.signs == "debit-credit" else "debit-credit"
        yield _finding(
            Rule.LEDGER_SIGNS,
            Severity.ERROR,
            f"the ledger's TOIMINTATUOTOT sum to {euros(income)} and its TOIMINTAKULUT to "
            f"{euros(costs)}, where income is positive and costs negative: its signs look "
            f'reversed; set [ledger] signs = "{other}" in master.toml',
            file=ledger.source.name,
            submitted=income,
        )
    for u in ledger.unknown_codes:
        yield _unplaced_code(master, u)
    for u in ledger.unknown_accounts:
        yield _unplaced_account(u)


def _typed_actuals(master: Master, ledger: Ledger, sub: Submission, dept: str) -> Iterator[Finding]:
    seen: set[str] = set()
    title = column_label(master, Column.ACTUAL)
    for b in sub.blocks:
        if b.code in seen or master.department_of(b.code) != dept or master.children(b.code):
            continue
        seen.add(b.code)
        for line in INPUT_LINES:
            cell = b.lines.get(line, {}).get(Column.ACTUAL)
            typed = _value(cell)
            if cell is None or typed is None:
                continue
            booked = ledger.actual(b.code, line)
            if abs(typed - booked) <= tolerance([cell]) + LEDGER_ROUNDING:
                continue
            yield _finding(
                Rule.LEDGER_DIFFERS,
                Severity.ERROR,
                f"{line.value} {title} {euros(typed)} differs from the ledger's {euros(booked)} "
                f"(off by {euros(typed - booked)}); the report uses the ledger's figure: correct "
                "the actual or ask finance about the bookings",
                cell,
                code=b.code,
                submitted=typed,
                expected=booked,
                line=line,
                column=Column.ACTUAL,
            )


def _where(first: Origin) -> tuple[Origin | None, str]:
    """A finding's place: the cell of an .xlsx export; a CSV line goes into the message."""
    if first.sheet:
        return first, ""
    return None, f" (first on {first.cell})"


def _unplaced_code(master: Master, u: Unplaced) -> Finding:
    at, first = _where(u.first)
    split = f"{Line.INCOME.value} {euros(u.income)}, {Line.COSTS.value} {euros(u.costs)}"
    if not u.key:
        message = (
            f"{u.rows} ledger rows have no cost centre{first}: {split} are not in the report; "
            "give the postings a cost centre in the bookkeeping"
        )
    elif master.centre(u.key) is None:
        message = (
            f"cost centre {u.key} is not in the master tree: its {u.rows} ledger rows{first}, "
            f"{split}, are not in the report; add it to costcentres.csv or correct the postings"
        )
    else:
        message = (
            f"cost centre {u.key} has result areas under it: its {u.rows} ledger rows{first}, "
            f"{split}, belong to none of them and are not in the report; post them to a result area"
        )
    return _finding(
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
    what = f"account {u.key}" if u.key else "rows without an account"
    message = (
        f"{what} is in no range of accounts.csv: {u.rows} ledger rows{first} summing to "
        f"{euros(u.total)} are not in the report; add the account to a range of accounts.csv "
        "(TOIMINTATUOTOT, TOIMINTAKULUT or ignore)"
    )
    return _finding(
        Rule.LEDGER_UNKNOWN_ACCOUNT,
        Severity.ERROR,
        message,
        at=at,
        file=u.first.file,
        submitted=u.total,
    )
