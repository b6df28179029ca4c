"""What every workbook reader shares: raw cells, A1 references, label normalisation."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class RawCell:
    """A cell as stored: its value, and whether it is a formula (never trusted)."""

    value: Any
    formula: bool


Grid = list[list[RawCell]]


class Formula(str):
    """A formula cell's text ("=SUM(C5:C9)"), as a value grid holds it: never trusted, never
    evaluated. A str, so a check `type(v) is str` tells a typed text from a formula."""

    __slots__ = ()


# A sheet's cells by row as plain values: None for a blank, a Formula for a formula cell. The
# submission readers' grid: a record per cell (RawCell) cost more than the rest of reading.
Values = list[list[Any]]


def raw_grid(values: Values) -> Grid:
    """The grid of raw cells holding these values (formulas as plain texts)."""
    return [
        [RawCell(str(v), True) if type(v) is Formula else RawCell(v, False) for v in row]
        for row in values
    ]


def value_grid(grid: Grid) -> Values:
    """The values of a grid of raw cells (formulas as Formula texts)."""
    return [[Formula(c.value) if c.formula else c.value for c in row] for row in grid]


def cell_text(value: object) -> str:
    """A cell's value as the text a person typed: '' for a blank, 64110000 for the whole number
    a spreadsheet stores as 64110000.0, other values stripped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def norm(text: object) -> str:
    """Lower-case, single-spaced, ordinary dashes: for matching labels and titles."""
    return _norm(text) if isinstance(text, str) else _norm(str(text))


@functools.lru_cache(maxsize=1 << 16)  # labels repeat thousands of times in a large workbook
def _norm(s: str) -> str:
    s = str(s).replace("\u00a0", " ").replace("\u2013", "-").replace("\u2212", "-")
    return _SPACES.sub(" ", s).strip().lower()


@functools.lru_cache(maxsize=1 << 14)  # every cell's reference spells its column
def column_letters(col: int) -> str:
    """'A' for 0, 'AA' for 26 (0-based column index)."""
    letters = ""
    n = col + 1
    while n > 0:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def a1(row: int, col: int) -> str:
    """Plain A1 reference from 0-based indices."""
    return f"{column_letters(col)}{row + 1}"


_A1 = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")


@functools.lru_cache(maxsize=1 << 16)
def a1_to_rowcol(ref: str) -> tuple[int, int]:
    """0-based (row, col) of an A1 reference; ValueError for anything else."""
    m = _A1.match(ref.strip())
    if not m or int(m.group(2)) == 0:
        raise ValueError(f"not a cell reference: {ref!r}")
    col = 0
    for ch in m.group(1).upper():
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, col - 1
