"""The library's own way to store and write a text as an inline string (its constant_memory
mode's), the reference the quick writers' inline strings are compared with (xlsx/rows.py)."""

from __future__ import annotations

from typing import Any

from xlsxwriter.worksheet import CellStringTuple, Worksheet


def store_inline(ws: Any, row: int, col: int, string: str, cell_format: Any) -> int:
    """A text stored as the library's constant_memory mode stores one: the text itself, not
    a shared string's number."""
    if ws._check_dimensions(row, col):
        return -1
    ws.table[row][col] = CellStringTuple(string, cell_format)
    return 0


def write_cell(ws: Any, row: int, col: int, cell: Any) -> None:
    """The library's cell writer, a stored text (`store_inline`) as it writes one in its
    constant_memory mode."""
    inline = type(cell).__name__ == "String" and isinstance(cell.string, str)
    ws.constant_memory = inline
    try:
        Worksheet._write_cell(ws, row, col, cell)
    finally:
        ws.constant_memory = False
