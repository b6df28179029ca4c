"""An independent reader of the consolidated workbook's cached values, for golden tests.

Deliberately not kemixl's own reader: it finds blocks by their label cells and columns by
their header titles, as a person scanning the printed report would.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

TITLE_PATTERNS = (
    (re.compile(r"^TP \d{4}$"), "tp_prev"),
    (re.compile(r"^TA \d{4}$"), "ta"),
    (re.compile(r"^Muutettu TA \d{4}$"), "ta_amended"),
    (re.compile(r"^Toteuma \d\d-\d\d/\d{4}$"), "actual"),
    (re.compile(r"^Toteuma-%$"), "pct"),
    (re.compile(r"^TP-ENNUSTE \d{4}$"), "forecast"),
    (re.compile(r"^Muutos \d\d-\d\d/\d{4} ennusteesta$"), "change"),
)


def _title(value: object) -> str | None:
    if isinstance(value, str):
        for pattern, key in TITLE_PATTERNS:
            if pattern.match(value):
                return key
    return None


LINES = ("TOIMINTATUOTOT", "TOIMINTAKULUT", "TOIMINTAKATE")


def scan_blocks(
    path: Path, sheets: list[str] | None = None
) -> dict[tuple[str, str, str], dict[str, Any]]:
    """(sheet, code, line) -> {column key: cached value} for every block of the finance sheets."""
    wb = load_workbook(path, data_only=True)
    out: dict[tuple[str, str, str], dict[str, Any]] = {}
    for ws in wb.worksheets:
        if sheets is not None and ws.title not in sheets:
            continue
        columns: dict[int, str] = {}
        code = None
        for row in ws.iter_rows():
            texts = {c.column: c.value for c in row if c.value is not None}
            found = {col: k for col, v in texts.items() if (k := _title(v)) is not None}
            if len(found) >= 3:
                columns = found
                continue
            label = row[0].value if row else None
            if not isinstance(label, str) or not columns:
                continue
            m = re.match(r"^(\d{3,12}) ", label)
            if m:
                code = m.group(1)
            elif label in LINES and code:
                out[(ws.title, code, label)] = {
                    key: ws.cell(row[0].row, col).value for col, key in columns.items()
                }
    return out


def scan_summary(path: Path, sheet: str) -> dict[str, dict[str, Any]]:
    wb = load_workbook(path, data_only=True)
    ws = wb[sheet]
    columns: dict[int, str] = {}
    out: dict[str, dict[str, Any]] = {}
    for row in ws.iter_rows():
        texts = {c.column: c.value for c in row if c.value is not None}
        found = {col: k for col, v in texts.items() if (k := _title(v)) is not None}
        if len(found) >= 3:
            columns = found
            continue
        label = row[0].value if row else None
        if columns and isinstance(label, str) and label.strip():
            out[label.strip()] = {
                key: ws.cell(row[0].row, col).value for col, key in columns.items()
            }
    return out
