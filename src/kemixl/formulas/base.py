"""What every formula node shares: the values a cell holds, error values, and references.

A node renders as formula text and evaluates to the formula's result, so a formula and its
cached value come from one tree and can never disagree.
"""

from __future__ import annotations

import functools
from typing import ClassVar

from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell, xl_rowcol_to_cell_fast

NOISE_DIGITS = 6

Value = float | str | bool | None
"""What a cell holds: a number, a text, TRUE/FALSE, or nothing (None: an empty cell)."""


class XLError(Exception):
    """An error value (#VALUE!, #NUM!, #DIV/0!) met while evaluating; IFERROR catches it."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class Node:
    """Any expression: renders as formula text and evaluates to the formula's result."""

    # Rendered without parentheses as an operand (a reference, a literal, a function call).
    atomic: ClassVar[bool] = False

    def render(self, sheet: str, pinned: bool = False) -> str:
        raise NotImplementedError

    def evaluate(self) -> Value:
        raise NotImplementedError

    def operand(self, sheet: str, pinned: bool) -> str:
        """The node as an operand of an operator: in parentheses unless atomic."""
        text = self.render(sheet, pinned)
        return text if self.atomic else f"({text})"


def cell_ref(sheet: str, target: str, row: int, col: int, pinned: bool) -> str:
    """A cell of `target` as written on `sheet` (with the sheet's name when another)."""
    if pinned:
        cell = xl_rowcol_to_cell(row, col, row_abs=True, col_abs=True)
    else:  # the commonest: the library's own quicker spelling (no checks, columns cached)
        cell = xl_rowcol_to_cell_fast(row, col)
    return cell if sheet == target else f"{quoted_sheetname(target)}!{cell}"


# A sheet's name as a reference spells it (quoted where needed): a few names, asked per cell.
quoted_sheetname = functools.cache(quote_sheetname)


def string_literal(text: str) -> str:
    """A formula string literal: in quotes, inner quotes doubled."""
    return '"' + text.replace('"', '""') + '"'
