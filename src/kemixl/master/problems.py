"""Problems found in the master data: every one names its file and line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class MasterProblem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class MasterError(Exception):
    """Master data that cannot be used; carries every problem found."""

    def __init__(self, problems: list[MasterProblem]) -> None:
        self.problems = problems
        super().__init__(str(problems[0]) if problems else "invalid master data")


class Problems(list[MasterProblem]):
    """Problems collected while loading, so that one run reports them all."""

    def add(self, path: Path | str, line: int, message: str) -> None:
        self.append(MasterProblem(str(path), line, message))
