"""What a bookkeeping export amounts to, once read and summed."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..findings import MessageError
from ..model import Line, Origin


class LedgerError(MessageError):
    """A ledger that cannot be used: one line naming the file (and the line or cell), rendered
    in the run's language when shown."""


@dataclass(frozen=True)
class Unplaced:
    """Ledger rows the report cannot place: a cost centre outside the tree (or one with result
    areas under it), an account in no range of accounts.csv, or a month of another year."""

    key: str  # the cost-centre code, the account ("" for rows without one), or the years
    rows: int
    total: float  # euros in the report's sign convention
    first: Origin  # where the first such row is
    income: float = 0.0  # for cost centres: the part on TOIMINTATUOTOT accounts
    costs: float = 0.0


@dataclass(frozen=True)
class LedgerSource:
    """The file, for the report's sources sheet."""

    name: str
    sha256: str
    size: int
    mtime: float  # POSIX seconds, as the file system gave them
    rows: int  # data rows read
    rows_in_period: int  # of which in the report's months (all when there is no month column)
    month_column: str = ""  # the column that filtered the rows, if any
    signs: str = "report"


@dataclass(frozen=True)
class Ledger:
    """Actuals per leaf cost centre and line, and everything that could not be placed."""

    source: LedgerSource
    actuals: dict[tuple[str, Line], float] = field(default_factory=dict)
    unknown_codes: tuple[Unplaced, ...] = ()
    unknown_accounts: tuple[Unplaced, ...] = ()
    ignored: float = 0.0  # rows on accounts mapped to ignore
    ignored_rows: int = 0
    other_years: Unplaced | None = None  # rows whose month names another year than the period's
    # Months of the period that no row names (only an export with a month column can tell).
    missing_months: tuple[int, ...] = ()
    # Investment projects: actuals per (project id, EXPENDITURE or INCOME) from the rows on
    # investment accounts; such rows on a project not in investments.csv (per id), and those
    # without a project (depreciation, transfers: left out).
    projects: dict[tuple[str, Line], float] = field(default_factory=dict)
    unknown_projects: tuple[Unplaced, ...] = ()
    unprojected: float = 0.0
    unprojected_rows: int = 0

    def actual(self, code: str, line: Line) -> float:
        return self.actuals.get((code, line), 0.0)

    def project_actual(self, project: str, line: Line) -> float:
        return self.projects.get((project, line), 0.0)

    def project_total(self, line: Line) -> float:
        return round(sum(v for (_p, ln), v in self.projects.items() if ln is line), 2)

    def total(self, line: Line) -> float:
        return round(sum(v for (_c, ln), v in self.actuals.items() if ln is line), 2)
