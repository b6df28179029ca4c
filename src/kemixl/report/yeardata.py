"""The report's very hidden data sheet (see year/data.py): what the next period reads."""

from __future__ import annotations

from typing import Any

from ..reconcile import Consolidation
from ..xlsx.rows import QuickRowsWorksheet
from ..year.data import DATA_SHEET, data_rows

__all__ = ["DATA_SHEET", "write_data_sheet"]


def write_data_sheet(workbook: Any, c: Consolidation, errors: int) -> None:
    """Plain text cells (never formulas, never numbers a tool could reformat), very hidden and
    protected: the council sees the report, kemixl reads this."""
    # some 200 000 cells for 20 000 cost centres: rendered as written (no chart reads them)
    ws = workbook.add_worksheet(DATA_SHEET, worksheet_class=QuickRowsWorksheet)
    put = ws.quick_string
    for r, row in enumerate(data_rows(c, errors)):
        for col, text in enumerate(row):
            if text:
                put(r, col, text, None)
    ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True})
    ws.very_hidden()
