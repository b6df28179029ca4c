"""Typed records shared by every stage: the tree, figures, origins."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum
from functools import reduce
from operator import add
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # (binding imports this module: its records only named here)
    from .binding import Unit


class Line(Enum):
    """The rows of every block of the seed's finance tables."""

    INCOME = "TOIMINTATUOTOT"
    COSTS = "TOIMINTAKULUT"
    MARGIN = "TOIMINTAKATE"

    # Members are singletons compared by identity, so hashed by identity too: Enum's own
    # __hash__ hashes the name in Python code, and a report looks up millions of such keys.
    __hash__ = object.__hash__


INPUT_LINES = (Line.INCOME, Line.COSTS)


class Column(Enum):
    """The figure columns; Toteuma-% is always derived, so it is not one of them."""

    TP_PREV = "tp_prev"
    TA = "ta"
    TA_AMENDED = "ta_amended"
    ACTUAL = "actual"
    FORECAST = "forecast"

    __hash__ = object.__hash__  # as Line's


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
            Column.ACTUAL: f"Toteuma {self.months}",
            Column.FORECAST: f"TP-ENNUSTE {y}",
        }[column]

    @property
    def pct_title(self) -> str:
        return "Toteuma-%"

    @property
    def label(self) -> str:
        return f"{self.first_month}–{self.last_month}/{self.year}"

    @property
    def months(self) -> str:
        """'01-06/2023', as the seed's column titles write the period."""
        return f"{self.first_month:02d}-{self.last_month:02d}/{self.year}"

    @property
    def end(self) -> dt.date:
        """The period's last day."""
        if self.last_month == 12:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, self.last_month + 1, 1) - dt.timedelta(days=1)


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
    name: str  # Finnish: the name every report falls back to
    responsible: str = ""
    name_sv: str = ""  # costcentres.csv's optional name_sv / name_en (see i18n.terms.centre_name)
    name_en: str = ""
    # costcentres.csv's optional binding column: True makes the node a binding unit, False
    # takes it out of the [budget] level's default set, None (empty) leaves the default
    # (see kemixl.binding).
    binding: bool | None = None


Amounts = dict[Column, float]
"""One line's figures by column."""


@dataclass(frozen=True)
class CentralItem:
    """A finance-owned line of the city summary (tax revenue, state grants ...)."""

    name: str
    section: str  # "vuosikate", "tulos" or "ylijaama": where it enters the summary
    amounts: Amounts
    # central.csv's optional item_sv / item_en, as ("name_sv", text) pairs (terms.master_text)
    texts: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Kpi:
    id: str
    code: str
    group: str
    name: str
    tp_prev: float | str | None
    ta: float | str | None
    # Other languages' texts from the optional columns name_sv, name_en, group_sv, group_en:
    # (column, text) pairs (see i18n.terms.master_text).
    texts: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Objective:
    id: str
    goal: str
    department: str
    objective: str
    actions: str
    owner_schedule: str
    metrics: str
    # Other languages' texts from the optional columns goal_sv, objective_sv, actions_sv,
    # owner_schedule_sv, metrics_sv (and _en): (column, text) pairs (i18n.terms.master_text).
    texts: tuple[tuple[str, str], ...] = ()


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

BINDING_LEVELS = ("department", "result-area")
MEASURES = ("net", "gross")


@dataclass(frozen=True)
class BudgetRules:
    """[budget] in master.toml: where and how the council binds the budget (see
    kemixl.binding). level: each department, or each result area (a child of a department),
    binds by default; measure "net": TOIMINTAKATE is one appropriation, "gross": TOIMINTAKULUT
    is an appropriation and TOIMINTATUOTOT a revenue estimate, each binding on its own;
    round_to: the draft amendment's amounts are rounded up to a multiple of this (euros)."""

    level: str = "department"
    measure: str = "net"
    round_to: float = 1000.0


DEFAULT_BUDGET = BudgetRules()


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
    # The city's name in Swedish and English ([report] city_sv, city_en; i18n.terms.master_text
    # falls back to `city`).
    city_sv: str = ""
    city_en: str = ""
    # The report's title in Swedish and English ([report] title_sv, title_en); without them a
    # title kemixl gave the period is written in the run's language (year/titles.py), any other
    # title stays Finnish.
    title_sv: str = ""
    title_en: str = ""
    budget: BudgetRules = DEFAULT_BUDGET


@dataclass(frozen=True)
class AccountRange:
    """A row of accounts.csv: the accounts from `first` to `last` and the line they count on.

    The bounds are account-number prefixes of one length, so "3000"-"3999" covers every account
    whose first four digits lie between them, whatever its own length (30, 302000, 30200010).
    line None: the accounts are ignored (balance sheet, tax revenue, financial items ...).
    investment: the accounts of investment projects (fixed assets): `line` is then the
    project's EXPENDITURE (INVESTOINTIMENOT) or INCOME (INVESTOINTITULOT).
    """

    first: str
    last: str
    line: Line | None
    name: str = ""
    source: str = field(default="", compare=False)  # "accounts.csv:7", for messages
    investment: bool = False

    WIDTH = 12  # the longest account number compared

    @property
    def low(self) -> str:
        return self.first.ljust(self.WIDTH, "0")

    @property
    def high(self) -> str:
        return self.last.ljust(self.WIDTH, "9")


SIGNS = ("report", "debit-credit")


@dataclass(frozen=True)
class LedgerSettings:
    """[ledger] in master.toml: the columns of a bookkeeping export and its sign convention.

    signs "report": income positive, costs negative, as in the report; "debit-credit": debits
    positive and credits negative, as bookkeeping stores them (income is a credit, a cost a
    debit), so every amount is negated.
    """

    cost_centre: str = "Kustannuspaikka"
    account: str = "Tili"
    amount: str = "Summa"
    month: str = "Kuukausi"  # used when the export has it (or when set explicitly)
    month_required: bool = False  # True when master.toml names the month column
    signs: str = "report"
    sheet: str = ""  # an .xlsx export's sheet; default the first
    project: str = "Projekti"  # investment projects' column: used when the export has it
    project_required: bool = False  # True when master.toml names the project column


DEFAULT_LEDGER = LedgerSettings()


@dataclass(frozen=True)
class Amendment:
    """A row of amendments.csv: a council decision changing a leaf's budget line by `amount`."""

    date: dt.date
    decision: str  # the decision's reference ("Kvalt 12.6.2023 § 45")
    code: str
    line: Line
    amount: float
    source: str = field(default="", compare=False)  # "amendments.csv:4", for messages
    # An investment project's amendment (its optional `project` column): `code` is then the
    # project's department and `line` its EXPENDITURE or INCOME.
    project: str = ""


@dataclass(frozen=True)
class PreviousFigure:
    """A row of previous.csv: one leaf line as an earlier report of the year had it."""

    period: Period
    code: str
    line: Line
    ta_amended: float
    actual: float
    forecast: float


# The investment part (investointiosa). A project's figures keep the operating lines' signs and
# reuse their lines: expenditure (investointimenot) is negative like TOIMINTAKULUT, income (state
# aid and other contributions to it) positive like TOIMINTATUOTOT, the net their sum like
# TOIMINTAKATE; so the sign and plausibility rules read them as they read operating lines.
EXPENDITURE, INCOME, NET = Line.COSTS, Line.INCOME, Line.MARGIN
FLOWS = (EXPENDITURE, INCOME)


class Binding(Enum):
    """Where the council binds a project's appropriation: the project itself, or its group."""

    PROJECT = "project"
    GROUP = "group"


@dataclass(frozen=True)
class Project:
    """A row of investments.csv: TP, TA and Muutettu TA of its expenditure and income."""

    id: str
    name: str
    department: str  # the responsible department's code
    group: str  # the project group (hankeryhmä); "" for none
    binding: Binding
    expenditure: Amounts
    income: Amounts
    # Other languages' texts (name_sv, name_en, group_sv, group_en): (column, text) pairs.
    texts: tuple[tuple[str, str], ...] = ()
    source: str = field(default="", compare=False)  # "investments.csv:4", for messages

    def amount(self, line: Line, column: Column) -> float:
        """A master figure of the expenditure, the income or (NET) both."""
        if line is NET:
            return round(self.expenditure[column] + self.income[column], 2)
        return (self.expenditure if line is EXPENDITURE else self.income)[column]


@dataclass(frozen=True)
class ProjectFigure:
    """A project row of previous.csv: one project's flow as an earlier report had it."""

    period: Period
    project: str
    line: Line  # EXPENDITURE or INCOME
    ta_amended: float
    actual: float
    forecast: float


@dataclass(frozen=True)
class Investments:
    """investments.csv's projects (in file order) and their earlier reports (previous.csv)."""

    projects: tuple[Project, ...] = ()
    previous: tuple[ProjectFigure, ...] = ()
    _index: dict[str, Project] = field(default_factory=dict, init=False, compare=False, repr=False)
    # of_department of each department asked (the report asks for every one, again and again)
    _departments: dict[str, tuple[Project, ...]] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        self._index.update({p.id: p for p in self.projects})

    def project(self, project_id: str) -> Project | None:
        return self._index.get(project_id)

    def of_department(self, code: str) -> tuple[Project, ...]:
        try:
            return self._departments[code]
        except KeyError:
            found = self._departments[code] = tuple(
                p for p in self.projects if p.department == code
            )
            return found


# What a report said besides the result areas' figures, carried to the next period's master
# (previous_report.csv): the central items' actual and forecast (key: the item's name), a
# department's explanation and savings texts (key: its code), its KPIs' values (key: the KPI's id) and its objectives'
# statuses and realizations (key: the objective's id).
CENTRAL_KINDS = ("central_actual", "central_forecast")
TEXT_KINDS = ("explanation", "savings")
KPI_KINDS = ("kpi_actual", "kpi_forecast")
STRATEGY_KINDS = ("status", "realization")
PREVIOUS_KINDS = (*CENTRAL_KINDS, *TEXT_KINDS, *KPI_KINDS, *STRATEGY_KINDS)


@dataclass(frozen=True)
class PreviousText:
    """A row of previous_report.csv: one value (as text) an earlier report of the year had."""

    period: Period
    kind: str  # one of PREVIOUS_KINDS
    key: str
    value: str


def _leaf_figures(p: Amounts | None) -> tuple[float, float, float]:
    """A leaf line's master figures (MASTER_COLUMNS) as master_amount rolls them up: its one
    term, 0.0 + (0 + it)."""
    if p is None:
        return (0.0, 0.0, 0.0)
    get = p.get  # MASTER_COLUMNS, spelt out: asked for every leaf line of a report
    return (
        0.0 + (0 + get(Column.TP_PREV, 0.0)),
        0.0 + (0 + get(Column.TA, 0.0)),
        0.0 + (0 + get(Column.TA_AMENDED, 0.0)),
    )


class LeafRow(NamedTuple):
    """A leaf's department (department_of) and the master figures (leaf_amounts: TP, TA and
    Muutettu TA) of each of its INPUT_LINES, in their order (Master.leaf_row)."""

    department: str | None
    amounts: tuple[tuple[float, ...], ...]


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
    accounts: tuple[AccountRange, ...] = ()  # accounts.csv, sorted; () without the file
    ledger: LedgerSettings = DEFAULT_LEDGER
    amendments: tuple[Amendment, ...] = ()  # amendments.csv, by date
    previous: tuple[PreviousFigure, ...] = ()  # previous.csv: earlier reports of the year
    investments: Investments = field(default_factory=Investments)  # investments.csv
    previous_texts: tuple[PreviousText, ...] = ()  # previous_report.csv (see PreviousText)
    # Lookup tables and memos, made by each Master for itself (init=False: dataclasses.replace
    # never carries them over to a master with other centres or figures).
    _index: dict[str, CostCentre] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )
    _children: dict[str, tuple[CostCentre, ...]] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )
    _leaves: dict[str, tuple[CostCentre, ...]] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )
    _departments: dict[str, str | None] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )
    _amounts: dict[tuple[str, Line, Column], float] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )
    _spans: dict[str, tuple[int, int]] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )
    _terms: dict[tuple[Line, Column], list[float]] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )
    # the leaves' figures of a line, and of both input lines, in the root's leaf order
    _figure_rows: dict[Line, list[Amounts | None]] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )
    _margins: list[list[Amounts]] = field(
        default_factory=list, init=False, compare=False, repr=False
    )
    _previous: dict[tuple[Period, str, Line, Column], float] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )
    _rolled: dict[tuple[Period, str, Line, Column], float] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )
    _texts: dict[tuple[str, str], PreviousText] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )
    # previous_periods (asked for each figure the report shows), and binding.units by the
    # budget rules they were told from
    _periods: list[tuple[Period, ...]] = field(
        default_factory=list, init=False, compare=False, repr=False
    )
    _units: dict[tuple[str, str], tuple[Unit, ...]] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )
    # leaf_row of every leaf of the tree
    _leaf_rows: dict[str, LeafRow] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        # Lookup tables, so that large trees (thousands of cost centres) stay linear.
        self._index.update({c.code: c for c in self.centres})
        kids: dict[str, list[CostCentre]] = {}
        for c in self.centres:
            if c.parent is not None:
                kids.setdefault(c.parent, []).append(c)
        self._children.update({k: tuple(v) for k, v in kids.items()})

    def carry_memos(self, source: Master) -> bool:
        """Take over what `source` has told of its tree and figures, if it has the very same
        centres, figures and earlier reports (a master whose texts only were put in the run's
        language, terms.in_language); whether it did. No memo here depends on anything else
        (the binding units are kept by the budget rules they were told from)."""
        same = (
            self.centres is source.centres
            and self.figures is source.figures
            and self.previous is source.previous
        )
        if same and self is not source:
            self._leaves.update(source._leaves)
            self._departments.update(source._departments)
            self._amounts.update(source._amounts)
            self._spans.update(source._spans)
            self._terms.update(source._terms)
            self._figure_rows.update(source._figure_rows)
            self._margins[:] = source._margins
            self._previous.update(source._previous)
            self._rolled.update(source._rolled)
            self._periods[:] = source._periods
            self._units.update(source._units)
            self._leaf_rows.update(source._leaf_rows)
        return same

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
        try:  # asked for every figure of a large report: once per code
            return self._departments[code]
        except KeyError:
            pass
        node = self._index.get(code)
        root = self.root.code
        found = None
        while node is not None and node.parent is not None:
            if node.parent == root:
                found = node.code
                break
            node = self._index.get(node.parent)
        self._departments[code] = found
        return found

    def leaves(self, code: str) -> tuple[CostCentre, ...]:
        """The cost centres that carry figures under (and including) a code."""
        try:
            return self._leaves[code]
        except KeyError:
            pass
        kids = self.children(code)
        found = (
            (self._index[code],)
            if not kids
            else tuple(leaf for k in kids for leaf in self.leaves(k.code))
        )
        self._leaves[code] = found
        return found

    def master_amount(self, code: str, line: Line, column: Column) -> float:
        """TP/TA/Muutettu TA of any node; totals roll up from the leaves."""
        key = (code, line, column)
        try:
            return self._amounts[key]
        except KeyError:
            value = self._amounts[key] = self._roll_up(code, line, column)
            return value

    def leaf_amounts(self, code: str, line: Line) -> list[float] | None:
        """master_amount(code, line, column) for each of MASTER_COLUMNS, at once for a leaf
        and an input line (its roll-up is its one term: 0.0 + it); None for any other."""
        if line is Line.MARGIN or code in self._children or code not in self._index:
            return None
        return list(_leaf_figures(self.figures.get((code, line))))

    def leaf_row(self, code: str) -> LeafRow | None:
        """What the checks of a workbook ask of each of its leaf blocks, in one lookup: its
        department and the master figures of its two input lines (leaf_amounts); None for a
        code that is no leaf of the tree (unknown, or a total)."""
        return self.leaf_rows().get(code)

    def leaf_rows(self) -> dict[str, LeafRow]:
        """leaf_row of every leaf, by code (told at once: each workbook asks of every one of
        its blocks)."""
        rows = self._leaf_rows
        if rows or not self.centres:
            return rows
        get, (income, costs) = self.figures.get, INPUT_LINES
        departments = self._departments
        root = next((c for c in self.centres if c.parent is None), None)
        tops = self._children.get(root.code, ()) if root is not None else ()
        for dept, leaf in (
            [(d.code, leaf) for d in tops for leaf in self.leaves(d.code)]
            if tops or root is None
            else [(None, root)]  # (a tree of one node: no department)
        ):
            at = leaf.code
            amounts = (_leaf_figures(get((at, income))), _leaf_figures(get((at, costs))))
            rows[at] = LeafRow(dept, amounts)
            departments[at] = dept  # (department_of's answer, told here without a walk)
        for c in self.centres:  # a centre off the root's tree: department_of has none
            at = c.code
            if at not in rows and at not in self._children:
                amounts = (_leaf_figures(get((at, income))), _leaf_figures(get((at, costs))))
                rows[at] = LeafRow(self.department_of(at), amounts)
        return rows

    def spans(self) -> dict[str, tuple[int, int]]:
        """Where each node's leaves lie in the root's leaves (`leaves(root)[start:end]`): a
        node's leaves are one run of them, in the same order."""
        if not self._spans:
            root = next((c for c in self.centres if c.parent is None), None)
            if root is not None:
                self._span(root.code, 0)
        return self._spans

    def _span(self, code: str, start: int) -> int:
        end = start
        kids = self._children.get(code, ())
        if not kids:
            end += 1
        for k in kids:
            end = self._span(k.code, end)
        self._spans[code] = (start, end)
        return end

    def _roll_up(self, code: str, line: Line, column: Column) -> float:
        span = self.spans().get(code)
        if span is not None:  # a node of the tree: its run of the leaves' terms, folded
            key = (line, column)
            terms = self._terms.get(key)
            if terms is None:
                terms = self._terms[key] = self._leaf_terms(line, column)
            return reduce(add, terms[span[0] : span[1]], 0.0)
        total = 0.0  # (a code off the tree)
        for leaf in self.leaves(code):
            total += self._leaf_term(leaf.code, line, column)
        return total

    def _leaf_terms(self, line: Line, column: Column) -> list[float]:
        """Every leaf's term (_leaf_term) in the root's leaf order, at once."""
        if line is Line.MARGIN:  # _leaf_term's sum of its income and costs, spelt out
            return [sum([p.get(column, 0.0) for p in parts]) for parts in self._margin_rows()]
        # sum() of the one figure: 0 + it (int 0: -0.0 becomes 0.0), or 0 without one
        return [0 if p is None else 0 + p.get(column, 0.0) for p in self._line_rows(line)]

    def _line_rows(self, line: Line) -> list[Amounts | None]:
        """Each leaf's figures of an input line in the root's leaf order (None: it has none),
        looked up once for every column."""
        rows = self._figure_rows.get(line)
        if rows is None:
            figures = self.figures
            leaves = self.leaves(self.root.code)
            rows = self._figure_rows[line] = [figures.get((leaf.code, line)) for leaf in leaves]
        return rows

    def _margin_rows(self) -> list[list[Amounts]]:
        """Each leaf's figures of its income and then its costs (those it has)."""
        if not self._margins:
            income, costs = (self._line_rows(ln) for ln in INPUT_LINES)
            self._margins.extend(
                [p for p in parts if p is not None] for parts in zip(income, costs, strict=True)
            )
        return self._margins

    def _leaf_term(self, code: str, line: Line, column: Column) -> float:
        """A leaf's part of a total: its line's figure (its two lines' for TOIMINTAKATE),
        summed as a total sums its leaves' (the same float operations: the same bits)."""
        if line is Line.MARGIN:
            parts = [self.figures.get((code, ln)) for ln in INPUT_LINES]
        else:
            parts = [self.figures.get((code, line))]
        return sum(p.get(column, 0.0) for p in parts if p is not None)

    @property
    def previous_periods(self) -> tuple[Period, ...]:
        """The earlier reports of the year that previous.csv has, oldest first."""
        if not self._periods:  # told once: previous.csv has a row per leaf line and report
            found = sorted({f.period for f in self.previous}, key=lambda p: p.last_month)
            self._periods.append(tuple(found))
        return self._periods[0]

    @property
    def previous_period(self) -> Period | None:
        """The latest earlier report of the year (previous.csv), if there was one."""
        periods = self.previous_periods
        return periods[-1] if periods else None

    def previous_amount(self, period: Period, code: str, line: Line, column: Column) -> float:
        """An earlier report's figure (Muutettu TA, actual or forecast) of any node; totals
        roll up from the leaves, as in the report."""
        if not self._previous and self.previous:  # index previous.csv's leaf lines once
            for f in self.previous:
                for col, value in (
                    (Column.TA_AMENDED, f.ta_amended),
                    (Column.ACTUAL, f.actual),
                    (Column.FORECAST, f.forecast),
                ):
                    self._previous[(f.period, f.code, f.line, col)] = value
        key = (period, code, line, column)
        if key not in self._rolled:
            lines = INPUT_LINES if line is Line.MARGIN else (line,)
            total = sum(
                self._previous.get((period, leaf.code, ln, column), 0.0)
                for leaf in self.leaves(code)
                for ln in lines
            )
            self._rolled[key] = round(total, 2)
        return self._rolled[key]

    def previous_text(self, kind: str, key: str) -> PreviousText | None:
        """What the latest earlier report that had it said (previous_report.csv)."""
        if not self._texts and self.previous_texts:  # indexed once
            for t in sorted(self.previous_texts, key=lambda t: t.period.last_month):
                self._texts[(t.kind, t.key)] = t
        return self._texts.get((kind, key))

    def department_of_text(self, text: PreviousText) -> str | None:
        """The department a carried value belongs to (None: finance's central items, or a key
        no longer in the master)."""
        if text.kind in TEXT_KINDS:
            return text.key if self.centre(text.key) is not None else None
        if text.kind in KPI_KINDS:
            kpi = next((k for k in self.kpis if k.id == text.key), None)
            return self.department_of(kpi.code) if kpi is not None else None
        if text.kind in STRATEGY_KINDS:
            objective = next((o for o in self.objectives if o.id == text.key), None)
            return objective.department if objective is not None else None
        return None

    def sdgs_of(self, goal: str, department: str) -> tuple[int, ...]:
        """The SDG numbers of the table of a strategic goal and a department (none if not given)."""
        return next((t.sdg for t in self.sdgs if t.goal == goal and t.department == department), ())

    def expects_return(self, code: str) -> bool:
        """A department returns a workbook when it has a budget or investment projects."""
        return self.has_budget(code) or bool(self.investments.of_department(code))

    def has_budget(self, code: str) -> bool:
        """A department needs to submit only if it has a budget in the period."""
        return any(
            self.master_amount(code, line, col) != 0
            for line in INPUT_LINES
            for col in (Column.TA, Column.TA_AMENDED)
        )
