"""Problems found in the master data: every one names its file and line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..i18n.message import Amount, Msg, msg, render
from ..numbers import AmbiguousNumber, NotANumber, parse_number


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


def amount(raw: str, path: str, line: int, column: str, problems: Problems) -> float:
    """An amount of a master file; 0 after recording why it is none."""
    if raw.isascii() and (raw.isdigit() or (raw[:1] == "-" and raw[1:].isdigit())):
        return float(raw)  # whole euros, as most are: what parse_number makes of them, at once
    try:
        value = parse_number(raw)
    except AmbiguousNumber as exc:
        problems.add(
            path,
            line,
            msg(
                "column {column}: {raw!r} could be {thousands} or {decimals} (a thousands separator or a decimal mark?); write the amount without thousands separators",
                column=column,
                raw=raw,
                thousands=Amount(exc.thousands),
                decimals=exc.decimals,
            ),
        )
        return 0.0
    except NotANumber:
        problems.add(
            path, line, msg("column {column}: {raw!r} is not a number", column=column, raw=raw)
        )
        return 0.0
    return 0.0 if value is None else value
