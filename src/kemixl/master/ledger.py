"""The master folder's ledger settings: `[ledger]` in master.toml and the optional accounts.csv.

accounts.csv maps ranges of account numbers to the report's lines:

    first,last,line,name
    3000,3999,TOIMINTATUOTOT,Toimintatuotot
    4000,4999,TOIMINTAKULUT,Toimintakulut
    5000,8999,ignore,"Verotulot, valtionosuudet, rahoituserät, poistot: keskitetyt erät"

The bounds are account-number prefixes (see `model.AccountRange`); ranges may not overlap, and
an account in no range is reported rather than dropped.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..i18n.message import Msg, msg
from ..model import DEFAULT_LEDGER, SIGNS, AccountRange, LedgerSettings, Line
from .year import input_line

ACCOUNTS_FILE = "accounts.csv"
IGNORE = "ignore"
# Investment projects' accounts (fixed assets): their expenditure and their income (state aid
# and other contributions), summed per project from the ledger's project column.
INVESTMENT_LINES = {"INVESTOINTIMENOT": Line.COSTS, "INVESTOINTITULOT": Line.INCOME}
ACCOUNTS_HEADER = ("first", "last", "line", "name")
# The classes of the Finnish municipal chart of accounts (see templates/accounts.csv, which
# splits them further): the accounts.csv `kemixl init` writes for a budget export with accounts,
# and `kemixl synth`'s. Names are data, in Finnish like the rest of the master.
DEFAULT_ACCOUNTS = (
    ("1000", "2999", IGNORE, "Tase"),
    ("3000", "3999", Line.INCOME.value, "Toimintatuotot"),
    ("4000", "4999", Line.COSTS.value, "Toimintakulut"),
    ("5000", "8999", IGNORE, "Toimintakatteen jälkeiset erät"),
    ("9000", "9399", Line.INCOME.value, "Sisäiset tuotot"),
    ("9400", "9899", Line.COSTS.value, "Sisäiset kulut"),
)
_ACCOUNT = re.compile(r"^\d{1,12}$")

Problem = Callable[[str, int, Msg], None]  # (file, line, message): one master-data problem
ACCOUNT_COLUMNS = ("first", "last", "line")


def ledger_settings(data: dict[str, Any], where: str, problem: Problem) -> LedgerSettings:
    """`[ledger]` of master.toml's data; Finnish export defaults for what it does not set."""
    table = data.get("ledger", {})
    if not isinstance(table, dict):
        problem(where, 0, msg("[ledger] must be a table of settings"))
        return DEFAULT_LEDGER
    known = ("cost_centre", "account", "amount", "month", "signs", "sheet", "project")
    values: dict[str, str] = {}
    for key, value in table.items():
        if key not in known:
            problem(
                where,
                0,
                msg(
                    "[ledger] {key}: unknown setting (known: {values})",
                    key=key,
                    values=", ".join(known),
                ),
            )
            continue
        if not isinstance(value, str) or (key != "sheet" and not value.strip()):
            problem(where, 0, msg("[ledger] {key}: must be a column name in quotes", key=key))
            continue
        values[key] = value.strip()
    signs = values.get("signs", DEFAULT_LEDGER.signs)
    if signs not in SIGNS:
        problem(
            where,
            0,
            msg(
                "[ledger] signs: {signs!r} must be one of {values}",
                signs=signs,
                values=", ".join(SIGNS),
            ),
        )
        signs = DEFAULT_LEDGER.signs
    return LedgerSettings(
        cost_centre=values.get("cost_centre", DEFAULT_LEDGER.cost_centre),
        account=values.get("account", DEFAULT_LEDGER.account),
        amount=values.get("amount", DEFAULT_LEDGER.amount),
        month=values.get("month", DEFAULT_LEDGER.month),
        month_required="month" in values,
        signs=signs,
        sheet=values.get("sheet", ""),
        project=values.get("project", DEFAULT_LEDGER.project),
        project_required="project" in values,
    )


def _line_of(text: str) -> tuple[Line | None, bool] | None:
    """(the line an accounts.csv row names or None to ignore, an investment line or not); None
    for anything else."""
    if text.strip().lower() == IGNORE:
        return None, False
    invested = INVESTMENT_LINES.get(text.strip().upper())
    if invested is not None:
        return invested, True
    line = input_line(text)
    return (line, False) if line is not None else None


def parse_accounts(
    path: str, rows: Iterable[tuple[int, dict[str, str]]], problem: Problem
) -> tuple[AccountRange, ...]:
    """accounts.csv's rows (line number, row) as validated, sorted, non-overlapping ranges."""
    ranges: list[AccountRange] = []
    for number, row in rows:
        first, last = row["first"].strip(), row["last"].strip() or row["first"].strip()
        bad = [b for b in (first, last) if not _ACCOUNT.match(b)]
        if bad:
            problem(
                path, number, msg("{bad!r} is not an account number (1 to 12 digits)", bad=bad[0])
            )
            continue
        if len(first) != len(last):
            problem(
                path,
                number,
                msg(
                    "the range {first}-{last} mixes lengths; give both ends with the same number of digits",
                    first=first,
                    last=last,
                ),
            )
            continue
        if first > last:
            problem(
                path,
                number,
                msg("the range {first}-{last} ends before it starts", first=first, last=last),
            )
            continue
        named = _line_of(row["line"])
        if named is None:
            problem(
                path,
                number,
                msg(
                    "line {line!r} must be {income}, {costs}, {investments} or {ignore}",
                    line=row["line"],
                    income=Line.INCOME.value,
                    costs=Line.COSTS.value,
                    investments=", ".join(INVESTMENT_LINES),
                    ignore=IGNORE,
                ),
            )
            continue
        line, investment = named
        ranges.append(
            AccountRange(
                first,
                last,
                line,
                row.get("name", "").strip(),
                f"{Path(path).name}:{number}",
                investment,
            )
        )
    ranges.sort(key=lambda r: (r.low, r.high))
    for before, after in itertools.pairwise(ranges):
        if after.low <= before.high:
            problem(
                path,
                int(after.source.rsplit(":", 1)[1]),
                msg(
                    "the range {first}-{last} overlaps {first2}-{last2} (line {line}); an account must count on one line only",
                    first=after.first,
                    last=after.last,
                    first2=before.first,
                    last2=before.last,
                    line=before.source.rsplit(":", 1)[1],
                ),
            )
    return tuple(ranges)


IGNORED = IGNORE
UNKNOWN = "unknown"
INVESTED = {Line.COSTS: "investment-expenditure", Line.INCOME: "investment-income"}
Category = Line | str  # a Line, IGNORED, UNKNOWN or an INVESTED flow


def default_ranges() -> tuple[AccountRange, ...]:
    """DEFAULT_ACCOUNTS as validated ranges."""

    def never(path: str, line: int, message: Msg) -> None:  # the defaults are valid
        raise AssertionError(message)

    rows = [
        (n, dict(zip(ACCOUNTS_HEADER, r, strict=True))) for n, r in enumerate(DEFAULT_ACCOUNTS, 2)
    ]
    return parse_accounts(ACCOUNTS_FILE, rows, never)


def classify_accounts(accounts: list[str], ranges: tuple[AccountRange, ...]) -> list[Category]:
    """Each account's line by accounts.csv (ranges sorted and disjoint), IGNORED or UNKNOWN."""
    lows = [r.low for r in ranges]
    out: list[Category] = []
    for account in accounts:
        if not account.isdigit() or len(account) > AccountRange.WIDTH:
            out.append(UNKNOWN)
            continue
        key = account.ljust(AccountRange.WIDTH, "0")
        i = bisect.bisect_right(lows, key) - 1
        if i >= 0 and key <= ranges[i].high:
            line = ranges[i].line
            if ranges[i].investment and line is not None:
                out.append(INVESTED[line])
            else:
                out.append(IGNORED if line is None else line)
        else:
            out.append(UNKNOWN)
    return out
