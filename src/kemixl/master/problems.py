"""Problems found in the master data: every one names its file and line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..i18n.message import Msg, render


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
