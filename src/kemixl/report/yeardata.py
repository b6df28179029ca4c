"""The report's very hidden data sheet (see year/data.py): what the next period reads.

Some 40 000 rows (200 000 texts) for 20 000 cost centres: where it is that large, a forked
child process builds it and assembles its XML (xlsx/apart.py) while this one builds the other
sheets; the sheet is the last of the workbook, so the child has until the very end. Its cells
depend on nothing another sheet writes, and write nothing outside the sheet (inline strings,
no format), so the workbook is the same bytes built either way; where the child cannot be had
or fails, the sheet is built here, in its place.
"""

from __future__ import annotations

from typing import Any

from ..model import INPUT_LINES
from ..reconcile import Consolidation
from ..xlsx.rows import TextRowsWorksheet
from ..year.data import DATA_SHEET, data_rows

__all__ = ["DATA_SHEET", "add_data_sheet", "finish_data_sheet", "start_data_sheet"]

FORK_FROM_ROWS = 10_000  # below that (5 000 cost centres) a fork does not pay


def add_data_sheet(workbook: Any) -> Any:
    """The data sheet, empty, very hidden (made where it stands among the sheets: the last)."""
    ws = workbook.add_worksheet(DATA_SHEET, worksheet_class=TextRowsWorksheet)
    ws.very_hidden()  # (what the packaging reads of it: here, whoever builds its cells)
    return ws


def fill_data_sheet(ws: Any, c: Consolidation, errors: int) -> bool:
    """Plain text cells (never formulas, never numbers a tool could reformat), very hidden and
    protected: the council sees the report, kemixl reads this."""
    # rendered as written (no chart reads them)
    ws.quick_plain_rows(data_rows(c, errors))
    ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True})
    ws.very_hidden()
    return True


def start_data_sheet(workbook: Any, ws: Any, c: Consolidation, errors: int) -> bool:
    """Have a child build the sheet and assemble it where that pays (`Book.build_apart`):
    did one start? Its result is never waited for: this process needs nothing of the sheet,
    and the packaging waits for the child at the sheet's part, the workbook's last (where
    the child failed, it builds the sheet then, `Child.rebuild`, and assembles it)."""
    rows = len(c.master.leaves(c.master.root.code)) * len(INPUT_LINES)
    if rows < FORK_FROM_ROWS:
        return False
    return workbook.build_apart([ws], lambda: fill_data_sheet(ws, c, errors)) is not None


def finish_data_sheet(ws: Any, c: Consolidation, errors: int, started: bool) -> None:
    """The sheet built here, unless a child is building it."""
    if not started:
        fill_data_sheet(ws, c, errors)
