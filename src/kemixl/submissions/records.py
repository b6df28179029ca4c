"""Records of what a department sent back, each value with its origin."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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

    def __reduce__(self) -> tuple[Any, ...]:
        # A workbook's thousands of cells cross from a worker process as plain tuples, their
        # file and sheet said once per block: a third of the time of pickling and unpickling
        # a record and its Origin per cell (see _packed_block).
        return _unpacked_block, (type(self), *_packed_block(self))


# A block's pickled form (_packed_block, after its class): file, sheet, code, name, origin, its lines, its line
# origins' places. A line is (line, columns, values, places, odd): its cells' columns, values and
# places in order, as for a plain number; odd holds (i, formula, decimals, invalid, raw) for the
# i-th cell when it is not one, (i, cell) when the record is of another kind. A place is an
# Origin's cell reference when the Origin is in the block's file and sheet, else the Origin.
_Packed = tuple[str, str, str, str, Origin, tuple[Any, ...], tuple[Any, ...]]


def _packed_block(block: Block) -> _Packed:
    origin = block.origin
    file, sheet = origin.file, origin.sheet
    lines = []
    for line, figures in block.lines.items():
        values: list[Any] = []
        places: list[Any] = []
        odd: list[tuple[Any, ...]] = []
        for i, cell in enumerate(figures.values()):
            if type(cell) is not Cell:
                odd.append((i, cell))
                values.append(None)
                places.append("")
                continue
            if cell.formula or cell.invalid or cell.decimals or cell.raw:
                odd.append((i, cell.formula, cell.decimals, cell.invalid, cell.raw))
            values.append(cell.value)
            o = cell.origin
            places.append(
                o.cell if type(o) is Origin and o.file == file and o.sheet == sheet else o
            )
        lines.append((line, tuple(figures), tuple(values), tuple(places), tuple(odd)))
    at = [
        (line, o.cell if type(o) is Origin and o.file == file and o.sheet == sheet else o)
        for line, o in block.line_origins.items()
    ]
    return file, sheet, block.code, block.name, origin, tuple(lines), tuple(at)


def _origin(file: str, sheet: str, cell: str) -> Origin:
    o = _new(Origin)
    o.__dict__.update(file=file, sheet=sheet, cell=cell)
    return o


def _unpacked_block(
    kind: type[Block],
    file: str,
    sheet: str,
    code: str,
    name: str,
    origin: Origin,
    lines: tuple[Any, ...],
    places: tuple[Any, ...],
) -> Block:
    """The Block _packed_block packed, its records made as unpickling makes records (their
    fields set at once, no frozen __init__ per record) in one loop: thousands per workbook."""
    new = _new
    figures_of: dict[Any, dict[Any, Any]] = {}
    for line, columns, values, at, odd in lines:
        figures: dict[Any, Any] = {}
        for column, value, o in zip(columns, values, at, strict=True):
            if type(o) is str:  # _origin(file, sheet, o), without a call per cell
                ref, o = o, new(Origin)
                d = o.__dict__
                d["file"], d["sheet"], d["cell"] = file, sheet, ref
            cell = new(Cell)
            d = cell.__dict__
            d["value"] = value
            d["origin"] = o
            figures[column] = cell
        for entry in odd:
            column = columns[entry[0]]
            if len(entry) == 2:
                figures[column] = entry[1]
            else:
                d = figures[column].__dict__
                d["formula"], d["decimals"], d["invalid"], d["raw"] = entry[1:]
        figures_of[line] = figures
    line_origins = {line: _origin(file, sheet, o) if type(o) is str else o for line, o in places}
    block = new(kind)
    block.__dict__.update(
        code=code, name=name, origin=origin, lines=figures_of, line_origins=line_origins
    )
    return block


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
