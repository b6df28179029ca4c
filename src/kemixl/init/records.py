"""The records `kemixl init` passes between its steps."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..i18n.message import Msg, Plural
from ..model import Column, Line, Period


@dataclass(frozen=True)
class Step:
    """A cost centre as a row of the export names it: its level, code and name."""

    level: int  # columns.DEPARTMENT, RESULT_AREA or COST_CENTRE
    code: str
    name: str  # "" where the row gives no name


@dataclass(frozen=True)
class ExportRow:
    """One row of the export, read: where it stands in the tree, its line and its figures as
    the export signs them."""

    line: int  # the row's line in the file (row number in a sheet)
    path: tuple[Step, ...]  # top down; () for a row without codes (a grand total)
    kind: Line | None  # TOIMINTATUOTOT / TOIMINTAKULUT; None where the row names no line
    figures: dict[Column, float]  # the chosen columns; 0 where blank
    item: str = ""  # an item of the line ("henkilöstökulut"); "" for the line itself


@dataclass(frozen=True)
class Centre:
    """A cost centre of the tree being built."""

    code: str
    parent: str  # the city's code for a department
    name: str
    level: int  # -1 for the city


@dataclass(frozen=True)
class Signs:
    """The sign convention found in the export: which lines were turned."""

    income_turned: bool
    costs_turned: bool


@dataclass(frozen=True)
class InitResult:
    """What `kemixl init` wrote, for the terminal."""

    folder: Path
    period: Period
    city: Centre
    city_code_given: bool
    files: tuple[str, ...]
    counts: tuple[tuple[int, int], ...] = ()  # (level, cost centres of the level)
    figure_rows: int = 0
    source: str = ""  # the export, as given
    read_as: Msg | None = None
    header_line: int = 0
    rows: int = 0
    columns: tuple[tuple[str, Msg], ...] = ()  # (title, what kemixl reads in it)
    signs: Signs | None = None
    notes: tuple[Msg | Plural, ...] = field(default=())
