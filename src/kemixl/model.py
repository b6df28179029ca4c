"""Typed records shared by every stage: the tree, figures, origins."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Line(Enum):
    """The rows of every block of the seed's finance tables."""

    INCOME = "TOIMINTATUOTOT"
    COSTS = "TOIMINTAKULUT"
    MARGIN = "TOIMINTAKATE"


INPUT_LINES = (Line.INCOME, Line.COSTS)


class Column(Enum):
    """The figure columns; Toteuma-% is always derived, so it is not one of them."""

    TP_PREV = "tp_prev"
    TA = "ta"
    TA_AMENDED = "ta_amended"
    ACTUAL = "actual"
    FORECAST = "forecast"


MASTER_COLUMNS = (Column.TP_PREV, Column.TA, Column.TA_AMENDED)
REPORTED_COLUMNS = (Column.ACTUAL, Column.FORECAST)
ALL_COLUMNS = MASTER_COLUMNS + REPORTED_COLUMNS


@dataclass(frozen=True)
class Period:
    year: int
    first_month: int
    last_month: int

    @property
    def elapsed_share(self) -> float:
        """Share of the year behind us at the end of the period (6/12 at mid-year)."""
        return self.last_month / 12

    def column_title(self, column: Column) -> str:
        """The seed's column titles, e.g. 'Toteuma 01-06/2023'."""
        y = self.year
        return {
            Column.TP_PREV: f"TP {y - 1}",
            Column.TA: f"TA {y}",
            Column.TA_AMENDED: f"Muutettu TA {y}",
            Column.ACTUAL: f"Toteuma {self.first_month:02d}-{self.last_month:02d}/{y}",
            Column.FORECAST: f"TP-ENNUSTE {y}",
        }[column]

    @property
    def pct_title(self) -> str:
        return "Toteuma-%"

    @property
    def label(self) -> str:
        return f"{self.first_month}–{self.last_month}/{self.year}"


@dataclass(frozen=True)
class Origin:
    """Where a value was read: file name, sheet, plain A1 cell (or a master file line)."""

    file: str
    sheet: str = ""
    cell: str = ""

    @property
    def place(self) -> str:
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet or self.cell


@dataclass(frozen=True)
class CostCentre:
    code: str
    parent: str | None
    name: str
    responsible: str = ""


Amounts = dict[Column, float]
"""One line's figures by column."""


@dataclass(frozen=True)
class CentralItem:
    """A finance-owned line of the city summary (tax revenue, state grants ...)."""

    name: str
    section: str  # "vuosikate", "tulos" or "ylijaama": where it enters the summary
    amounts: Amounts


@dataclass(frozen=True)
class Kpi:
    id: str
    code: str
    group: str
    name: str
    tp_prev: float | str | None
    ta: float | str | None


@dataclass(frozen=True)
class Objective:
    id: str
    goal: str
    department: str
    objective: str
    actions: str
    owner_schedule: str
    metrics: str


@dataclass(frozen=True)
class TableSdgs:
    """The UN goals (SDG numbers 1-17) of one strategy table: a strategic goal's objectives
    for one department, as the seed gives one SDG list per table, not per objective."""

    goal: str
    department: str
    sdg: tuple[int, ...]


@dataclass(frozen=True)
class Limits:
    """How much of a submission kemixl is willing to read: far beyond any real department
    workbook (a few hundred kB), far below what would exhaust the machine."""

    max_file_mb: float = 100.0
    max_xml_mb: float = 100.0  # all XML parts together, uncompressed
    max_parts: int = 10_000
    max_ratio: int = 200  # compression ratio above which a large part is a zip bomb
    max_rows: int = 100_000  # per sheet
    max_columns: int = 1_000  # per sheet (column ALL)
    max_cells: int = 2_000_000  # per sheet: rows × columns of the used area


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Settings:
    city: str
    title: str
    deadline: str
    contact: str
    pace_margin: float = 0.05
    materiality: float = 50000.0
    limits: Limits = field(default_factory=lambda: DEFAULT_LIMITS)
    # Plausible numbers (reconcile/plausibility.py, and the templates' live checks):
    # implausible-pace: a material line's actual share of its budget below pace_low times, or
    # above pace_high times, the elapsed share of the year (at mid-year: under 10 % or over 150 %).
    pace_low: float = 0.2
    pace_high: float = 3.0
    # looks-like-thousands: the median ratio of figures to budget within this factor of 1/1000
    # (thousands of euros typed as euros) or of 100 (cents typed as euros).
    unit_band: float = 5.0
    # The language of the report, templates and messages: fi, sv, en or a pair such as fi+sv
    # (master.toml [report] language; --lang overrides it for one run).
    language: str = "fi"


@dataclass(frozen=True)
class Master:
    """Everything finance knows before the departments answer."""

    period: Period
    settings: Settings
    centres: tuple[CostCentre, ...]
    figures: dict[tuple[str, Line], Amounts]
    central: tuple[CentralItem, ...]
    kpis: tuple[Kpi, ...] = ()
    objectives: tuple[Objective, ...] = ()
    fingerprint: str = ""
    files: tuple[
        tuple[str, str], ...
    ] = ()  # (master file name, its hash): what a stale template differs in
    sdgs: tuple[TableSdgs, ...] = ()
    _index: dict[str, CostCentre] = field(default_factory=dict, compare=False, repr=False)
    _children: dict[str, tuple[CostCentre, ...]] = field(
        default_factory=dict, compare=False, repr=False
    )
    _amounts: dict[tuple[str, Line, Column], float] = field(
        default_factory=dict, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        # Lookup tables, so that large trees (thousands of cost centres) stay linear.
        self._index.update({c.code: c for c in self.centres})
        kids: dict[str, list[CostCentre]] = {}
        for c in self.centres:
            if c.parent is not None:
                kids.setdefault(c.parent, []).append(c)
        self._children.update({k: tuple(v) for k, v in kids.items()})

    def centre(self, code: str) -> CostCentre | None:
        return self._index.get(code)

    @property
    def root(self) -> CostCentre:
        return next(c for c in self.centres if c.parent is None)

    def children(self, code: str) -> tuple[CostCentre, ...]:
        return self._children.get(code, ())

    @property
    def departments(self) -> tuple[CostCentre, ...]:
        return self.children(self.root.code)

    def department_of(self, code: str) -> str | None:
        """The department (child of the root) a code belongs to; None for the root or unknown."""
        node = self._index.get(code)
        while node is not None and node.parent is not None:
            if node.parent == self.root.code:
                return node.code
            node = self._index.get(node.parent)
        return None

    def leaves(self, code: str) -> tuple[CostCentre, ...]:
        """The cost centres that carry figures under (and including) a code."""
        kids = self.children(code)
        if not kids:
            node = self._index[code]
            return (node,)
        return tuple(leaf for k in kids for leaf in self.leaves(k.code))

    def master_amount(self, code: str, line: Line, column: Column) -> float:
        """TP/TA/Muutettu TA of any node; totals roll up from the leaves."""
        key = (code, line, column)
        if key not in self._amounts:
            self._amounts[key] = self._roll_up(code, line, column)
        return self._amounts[key]

    def _roll_up(self, code: str, line: Line, column: Column) -> float:
        total = 0.0
        for leaf in self.leaves(code):
            if line is Line.MARGIN:
                parts = [self.figures.get((leaf.code, ln)) for ln in INPUT_LINES]
            else:
                parts = [self.figures.get((leaf.code, line))]
            total += sum(p.get(column, 0.0) for p in parts if p is not None)
        return total

    def sdgs_of(self, goal: str, department: str) -> tuple[int, ...]:
        """The SDG numbers of the table of a strategic goal and a department (none if not given)."""
        return next((t.sdg for t in self.sdgs if t.goal == goal and t.department == department), ())

    def has_budget(self, code: str) -> bool:
        """A department needs to submit only if it has a budget in the period."""
        return any(
            self.master_amount(code, line, col) != 0
            for line in INPUT_LINES
            for col in (Column.TA, Column.TA_AMENDED)
        )
