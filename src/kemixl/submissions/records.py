"""Records of what a department sent back, each value with its origin."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..findings import Finding
from ..model import Column, Line, Origin


@dataclass(frozen=True)
class Cell:
    """A figure read from a submission. formula=True: derived in the sheet, recomputed by us."""

    value: float | None
    origin: Origin
    formula: bool = False
    decimals: int = 0
    invalid: bool = False  # text where a number belongs (already a finding)
    raw: str = ""  # what the cell held, when that was not a plain number (text, formula)

    @property
    def opaque(self) -> bool:
        """Its number is unknown to us: sums that depend on it cannot be checked."""
        return self.formula or self.invalid

    def __getstate__(self) -> dict[str, object]:
        # Most cells are a plain number: their other fields are the class's defaults, which
        # need not cross from a worker process with each of thousands of cells.
        # (A cell unpickled so holds only those two: the class answers for the rest.)
        state: dict[str, object] = self.__dict__
        if (
            state.get("formula")
            or state.get("invalid")
            or state.get("decimals")
            or state.get("raw")
        ):
            return state
        return {"value": state["value"], "origin": state["origin"]}


_new = object.__new__


def read_cell(
    value: float | None,
    origin: Origin,
    formula: bool = False,
    decimals: int = 0,
    invalid: bool = False,
    raw: str = "",
) -> Cell:
    """Cell(value, origin, formula, decimals, invalid, raw), as the readers make thousands of:
    built as unpickling builds a record, its fields set at once (the frozen __init__ sets them
    one by one, a third of reading a large table's figures)."""
    cell = _new(Cell)
    cell.__dict__.update(
        value=value, origin=origin, formula=formula, decimals=decimals, invalid=invalid, raw=raw
    )
    return cell


@dataclass(frozen=True)
class Header:
    """A finance table's column title as read (kind: a Column value or "pct")."""

    kind: str
    text: str
    origin: Origin


@dataclass(frozen=True)
class Block:
    """A cost centre's rows: the code/name row, then its TOIMINTATUOTOT/-KULUT/-KATE rows."""

    code: str
    name: str
    origin: Origin
    lines: dict[Line, dict[Column, Cell]]
    line_origins: dict[Line, Origin]


@dataclass(frozen=True)
class KpiValue:
    kpi_id: str
    code: str
    name: str
    actual: float | str | None
    forecast: float | str | None
    origin: Origin


@dataclass(frozen=True)
class Realization:
    objective_id: str
    status: str
    text: str
    origin: Origin


@dataclass(frozen=True)
class Explanations:
    responsible: str = ""
    explanation: str = ""
    savings: str = ""
    origin: Origin | None = None
    # The cell to write the explanation in: right of its label (a template's Perustelut!B5, or
    # the cell beside a free-form sheet's heading, which the reader reads first); None when the
    # workbook has no such label.
    target: Origin | None = None
    # Where each text was read ("explanation", "savings", "responsible" -> its first cell).
    places: tuple[tuple[str, Origin], ...] = ()

    def place(self, key: str) -> Origin | None:
        return dict(self.places).get(key)

    @property
    def empty(self) -> bool:
        return not (self.explanation.strip() or self.savings.strip())


@dataclass(frozen=True)
class ProjectRow:
    """An investment project's row of a submitted table: its figures by (flow, column), keyed
    as the master's (EXPENDITURE or INCOME; TP, TA, Muutettu TA, Toteuma, TP-ennuste), its status
    as typed and its explanation."""

    id: str
    name: str
    origin: Origin  # the cell naming the project
    figures: dict[tuple[Line, Column], Cell]
    status: str = ""
    status_origin: Origin | None = None
    explanation: str = ""


@dataclass(frozen=True)
class TemplateStamp:
    """The fingerprint a generated template carries. (Its layout records are checked as the
    workbook is read, template_parts.layout_findings, and not kept.)"""

    version: str
    department: str
    master_hash: str
    finance_sheet: str
    investments_sheet: str = ""  # when the template has one


@dataclass(frozen=True)
class FileInfo:
    name: str
    sha256: str
    size: int
    mtime: float | None  # POSIX seconds, as the file system gave them; None if not read


@dataclass(frozen=True)
class Submission:
    info: FileInfo
    blocks: tuple[Block, ...]
    findings: tuple[Finding, ...] = ()
    stamp: TemplateStamp | None = None
    explanations: Explanations = field(default_factory=Explanations)
    kpis: tuple[KpiValue, ...] = ()
    realizations: tuple[Realization, ...] = ()
    # Per-file master hashes the template was made from, and every finance table's column titles.
    master_files: tuple[tuple[str, str], ...] = ()
    headers: tuple[Header, ...] = ()
    # Investment projects' rows, and how many project tables were found (0: none at all).
    projects: tuple[ProjectRow, ...] = ()
    project_tables: int = 0

    @property
    def name(self) -> str:
        return self.info.name
