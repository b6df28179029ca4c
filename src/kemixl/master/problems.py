"""Problems found in the master data: every one names its file and line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..i18n.message import Amount, Msg, msg, render
from ..numbers import MAX_AMOUNT, AmbiguousNumber, BeyondLimit, NotANumber, parse_amount


@dataclass(frozen=True)
class MasterProblem:
    file: str
    line: int
    message: Msg  # rendered when shown: the master is read before its language is known

    def text(self, lang: str | None = None) -> str:
        """`file:line: message` in a language (the run's by default)."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {render(self.message, lang)}"

    def __str__(self) -> str:
        return self.text()


class MasterError(Exception):
    """Master data that cannot be used; carries every problem found."""

    def __init__(self, problems: list[MasterProblem]) -> None:
        self.problems = problems
        super().__init__(problems[0] if problems else "invalid master data")

    def __str__(self) -> str:
        return str(self.problems[0]) if self.problems else "invalid master data"


class Problems(list[MasterProblem]):
    """Problems collected while loading, so that one run reports them all."""

    def add(self, path: Path | str, line: int, message: Msg) -> None:
        self.append(MasterProblem(str(path), line, message))


# Whole euros under the limit, as most amounts are: float() reads them as read_number does.
is_plain_amount = re.compile(r"-?[0-9]{1,12}").fullmatch


def read_number(raw: str, column: str) -> tuple[float, Msg | None]:
    """A master file's amount (0 where blank) and, where it holds none, why, worded alike in
    every file: an ambiguous '1.500' says so, and nothing beyond 10^12 € is an amount (as in a
    submission or the ledger: numbers.parse_amount)."""
    if is_plain_amount(raw):
        return float(raw), None
    try:
        value = parse_amount(raw)
    except AmbiguousNumber as exc:
        return 0.0, msg(
            "column {column}: {raw!r} could be {thousands} or {decimals} (a thousands separator or a decimal mark?); write the amount without thousands separators",
            column=column,
            raw=raw,
            thousands=Amount(exc.thousands),
            decimals=exc.decimals,
        )
    except BeyondLimit:
        return 0.0, msg(
            "column {column}: {raw!r} is beyond {limit} €, more than any line of a municipality",
            column=column,
            raw=raw,
            limit=Amount(MAX_AMOUNT),
        )
    except NotANumber:
        return 0.0, msg("column {column}: {raw!r} is not a number", column=column, raw=raw)
    return (0.0 if value is None else value), None


def amount(raw: str, path: str, line: int, column: str, problems: Problems) -> float:
    """An amount of a master file (read_number); 0 after recording why it is none."""
    value, problem = read_number(raw, column)
    if problem is not None:
        problems.add(path, line, problem)
    return value
