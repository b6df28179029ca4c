"""Summing a ledger's rows per cost centre and line.

Rows are kept to the report's months (when the export has a month column), turned into the
report's sign convention, and summed per (cost centre, account) with one pass of numpy over
integer keys; only the distinct cost centres and accounts (hundreds, not millions) are then
looked up in the tree and in accounts.csv. Nothing is dropped silently: rows on a cost centre
outside the tree (or on one with result areas under it), rows on an account in no range and
rows dated in another year are summed for the findings, and the months of the period that no
row names are listed. Rows after the period (July's in a January-June report) are left out
without a word: an export up to today has them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..i18n.message import msg
from ..master.ledger import IGNORED, INVESTED, UNKNOWN, Category, classify_accounts
from ..model import Line, Master, Origin, Period
from .read import ACCOUNT, AMOUNT, CODE, MONTH, PROJECT, Table, key_text, parse_month
from .records import Ledger, LedgerError, LedgerSource, Unplaced

LINES = (Line.INCOME, Line.COSTS)
INCOME, COSTS, IGNORE_KIND, UNKNOWN_KIND, INVEST_EXPENDITURE, INVEST_INCOME = range(6)
_KIND: dict[Category, int] = {
    Line.INCOME: INCOME,
    Line.COSTS: COSTS,
    IGNORED: IGNORE_KIND,
    UNKNOWN: UNKNOWN_KIND,
    INVESTED[Line.COSTS]: INVEST_EXPENDITURE,
    INVESTED[Line.INCOME]: INVEST_INCOME,
}
_FLOW_OF_KIND = {INVEST_EXPENDITURE: Line.COSTS, INVEST_INCOME: Line.INCOME}


@dataclass(frozen=True)
class Dating:
    """What the month column says of each row."""

    in_period: np.ndarray  # a mask: the row's month is one of the period's
    other_year: np.ndarray  # a mask: the row names another year than the period's
    months: frozenset[int]  # the period's months that rows name
    years: tuple[int, ...]  # the other years named


def dating(name: str, table: Table, period: Period) -> Dating:
    """Each row's month against the period (a year, when given, must be the period's); a value
    that is no month is a LedgerError naming its cell."""
    months = table.frame[MONTH].to_numpy(dtype=object)
    inverse, uniques = pd.factorize(months, use_na_sentinel=False)
    keep = np.zeros(len(uniques), dtype=bool)
    other = np.zeros(len(uniques), dtype=bool)
    present: set[int] = set()
    years: set[int] = set()
    for i, value in enumerate(uniques):
        parsed = parse_month(value)
        if parsed is None:
            position = int(table.frame.index[int(np.argmax(inverse == i))])
            raise LedgerError(
                msg(
                    "{file}:{place}: the month ({column}) {value!r} is not a month; write 1-12, "
                    "2023-03, 3/2023 or a date",
                    file=name,
                    place=table.place(position, MONTH),
                    column=table.month_column,
                    value=str(value),
                )
            )
        year, month = parsed
        if year not in (0, period.year):
            other[i] = True
            years.add(year)
        elif period.first_month <= month <= period.last_month:
            keep[i] = True
            present.add(month)
    return Dating(keep[inverse], other[inverse], frozenset(present), tuple(sorted(years)))


def _other_years(
    table: Table, frame: pd.DataFrame, d: Dating, sign: float, name: str
) -> Unplaced | None:
    """The rows of other years as one record: how many, their sum, where the first is."""
    if not d.other_year.any():
        return None
    first = int(frame.index[int(np.argmax(d.other_year))])
    sheet, cell = table.where(first, MONTH)
    total = float(frame[AMOUNT].to_numpy(dtype=float)[d.other_year].sum()) * sign
    return Unplaced(
        ", ".join(map(str, d.years)),
        int(d.other_year.sum()),
        round(total, 2) + 0.0,
        Origin(name, sheet, cell),
    )


def summarise(table: Table, master: Master, source: LedgerSource) -> Ledger:
    """The ledger's actuals per leaf and line, and what could not be placed."""
    frame = table.frame
    rows = len(frame)
    sign = -1.0 if master.ledger.signs == "debit-credit" else 1.0
    other_years: Unplaced | None = None
    missing: tuple[int, ...] = ()
    if table.month_column:
        p = master.period
        d = dating(source.name, table, p)
        other_years = _other_years(table, frame, d, sign, source.name)
        missing = tuple(m for m in range(p.first_month, p.last_month + 1) if m not in d.months)
        frame = frame[d.in_period]
    code_ids, codes = _factorize(frame[CODE])
    account_ids, accounts = _factorize(frame[ACCOUNT])
    width = max(len(accounts), 1)
    pairs, keys = pd.factorize(code_ids.astype(np.int64) * width + account_ids)
    amounts = frame[AMOUNT].to_numpy(dtype=float) * sign
    sums = np.bincount(pairs, weights=amounts, minlength=len(keys))
    counts = np.bincount(pairs, minlength=len(keys))
    # per (cost centre, account) group: its code, its account, the account's category
    group_code, group_account = np.divmod(np.asarray(keys, dtype=np.int64), width)
    kinds = [_KIND[c] for c in classify_accounts([str(a) for a in accounts], master.accounts)]
    kind = np.asarray(kinds, dtype=np.int64)[group_account]
    leaf = np.asarray([_is_leaf(master, str(c)) for c in codes], dtype=bool)[group_code]

    placed = (kind <= COSTS) & leaf
    line_sums = np.bincount(
        group_code[placed] * 2 + kind[placed], weights=sums[placed], minlength=len(codes) * 2
    )
    line_rows = np.bincount(group_code[placed] * 2 + kind[placed], minlength=len(codes) * 2)
    actuals = {
        (str(codes[i // 2]), LINES[i % 2]): round(float(line_sums[i]), 2) + 0.0  # no -0.0
        for i in np.flatnonzero(line_rows)
    }
    ignored_groups = kind == IGNORE_KIND
    ignored = round(float(sums[ignored_groups].sum()), 2) + 0.0
    ignored_rows = int(counts[ignored_groups].sum())

    unplaced_code = (kind <= COSTS) & ~leaf
    by_code = np.bincount(
        group_code[unplaced_code] * 2 + kind[unplaced_code],
        weights=sums[unplaced_code],
        minlength=len(codes) * 2,
    )
    code_rows = np.bincount(
        group_code[unplaced_code], weights=counts[unplaced_code], minlength=len(codes)
    )
    unknown_account = kind == UNKNOWN_KIND
    account_sums = np.bincount(
        group_account[unknown_account], weights=sums[unknown_account], minlength=len(accounts)
    )
    account_rows = np.bincount(
        group_account[unknown_account], weights=counts[unknown_account], minlength=len(accounts)
    )
    firsts_code = _first_positions(code_ids, frame.index) if code_rows.any() else []
    firsts_account = _first_positions(account_ids, frame.index) if account_rows.any() else []

    def origin(position: int, role: str) -> Origin:
        sheet, cell = table.where(position, role)
        return Origin(source.name, sheet, cell)

    unknown_codes = tuple(
        sorted(
            (
                Unplaced(
                    str(codes[ci]),
                    int(code_rows[ci]),
                    round(float(by_code[2 * ci] + by_code[2 * ci + 1]), 2),
                    origin(firsts_code[ci], CODE),
                    round(float(by_code[2 * ci]), 2),
                    round(float(by_code[2 * ci + 1]), 2),
                )
                for ci in np.flatnonzero(code_rows)
            ),
            key=lambda u: u.key,
        )
    )
    unknown_accounts = tuple(
        sorted(
            (
                Unplaced(
                    str(accounts[ai]),
                    int(account_rows[ai]),
                    round(float(account_sums[ai]), 2),
                    origin(firsts_account[ai], ACCOUNT),
                )
                for ai in np.flatnonzero(account_rows)
            ),
            key=lambda u: u.key,
        )
    )
    invested = _projects(table, frame, master, kinds, account_ids, amounts, source.name)
    return Ledger(
        LedgerSource(
            source.name,
            source.sha256,
            source.size,
            source.mtime,
            rows,
            len(frame),
            table.month_column,
            master.ledger.signs,
        ),
        actuals,
        unknown_codes,
        unknown_accounts,
        ignored,
        ignored_rows,
        other_years,
        missing,
        *invested,
    )


Invested = tuple[dict[tuple[str, Line], float], tuple[Unplaced, ...], float, int]


def _projects(
    table: Table,
    frame: pd.DataFrame,
    master: Master,
    kinds: list[int],
    account_ids: np.ndarray,
    amounts: np.ndarray,
    name: str,
) -> Invested:
    """The rows on investment accounts summed per project and flow (one pass over those rows
    only); rows on a project not in investments.csv per id, and rows without a project."""
    row_kind = np.asarray(kinds, dtype=np.int64)[account_ids] if len(kinds) else account_ids
    rows = np.flatnonzero(row_kind >= INVEST_EXPENDITURE)
    if len(rows) == 0:
        return {}, (), 0.0, 0
    if PROJECT in frame.columns:
        ids, names = _factorize(frame[PROJECT].iloc[rows])
    else:
        ids, names = np.zeros(len(rows), dtype=np.int64), [""]
    keys = [n.split()[0] if n.split() else "" for n in names]
    index = {p.id.casefold(): p.id for p in master.investments.projects}
    flows = row_kind[rows] - INVEST_EXPENDITURE  # 0 expenditure, 1 income
    sums = np.bincount(ids * 2 + flows, weights=amounts[rows], minlength=len(names) * 2)
    counts = np.bincount(ids * 2 + flows, minlength=len(names) * 2)
    firsts = _first_positions(ids, frame.index[rows])
    placed: dict[tuple[str, Line], float] = {}
    unknown: list[Unplaced] = []
    unprojected, unprojected_rows = 0.0, 0
    for i, key in enumerate(keys):
        expenditure, income = float(sums[2 * i]), float(sums[2 * i + 1])
        count = int(counts[2 * i] + counts[2 * i + 1])
        if count == 0:
            continue
        if not key:
            unprojected += expenditure + income
            unprojected_rows += count
            continue
        project = index.get(key.casefold())
        if project is None:
            sheet, cell = table.where(firsts[i], PROJECT)
            unknown.append(
                Unplaced(
                    key,
                    count,
                    round(expenditure + income, 2),
                    Origin(name, sheet, cell),
                    round(income, 2),
                    round(expenditure, 2),
                )
            )
            continue
        for flow, total in ((Line.COSTS, expenditure), (Line.INCOME, income)):
            if counts[2 * i + (flow is Line.INCOME)]:
                placed[(project, flow)] = round(placed.get((project, flow), 0.0) + total, 2) + 0.0
    return (
        placed,
        tuple(sorted(unknown, key=lambda u: u.key)),
        round(unprojected, 2) + 0.0,
        unprojected_rows,
    )


def _factorize(column: pd.Series) -> tuple[np.ndarray, list[str]]:
    """(id of each row, distinct values) of a column of codes, each distinct value normalised
    by `key_text` (so 64110000, '64110000' and ' 64110000' are one code). Ids keep the order of
    first appearance."""
    ids, uniques = pd.factorize(column.to_numpy(dtype=object), use_na_sentinel=False)
    texts = [key_text(u) for u in uniques]
    distinct: dict[str, int] = {}
    remap = np.array([distinct.setdefault(t, len(distinct)) for t in texts], dtype=np.int64)
    return remap[ids] if len(distinct) < len(texts) else ids, list(distinct)


def _first_positions(ids: np.ndarray, index: pd.Index) -> list[int]:
    """The original row position of each factor's first row. Factors number in order of first
    appearance, so the running maximum of the ids steps up exactly at each first row."""
    if len(ids) == 0:
        return []
    steps = np.flatnonzero(np.diff(np.maximum.accumulate(ids)) > 0) + 1
    return [int(index[i]) for i in (0, *steps.tolist())]


def _is_leaf(master: Master, code: str) -> bool:
    return master.centre(code) is not None and not master.children(code)
