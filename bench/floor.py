"""The floor: the least any consolidation must do, with the fastest libraries at hand.

    python bench/floor.py INPUTS_DIR REPORT.xlsx OUTPUT.xlsx RESULT.json

Reads every cell of every sheet of every workbook in INPUTS_DIR with python-calamine (values,
as kemixl reads them), then writes every cell of the report kemixl wrote (REPORT.xlsx, read
back with python-calamine: its values, formulas' included) to OUTPUT.xlsx with XlsxWriter, as
plain values in the same sheets and places. No checks, no formulas, no formats. Writes
{"read_seconds", "write_seconds", "input_cells", "report_cells"} as JSON to RESULT.json; the
benchmark times the whole process as it times kemixl's.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import xlsxwriter
from python_calamine import CalamineWorkbook


def read_all(inputs: Path) -> int:
    cells = 0
    for path in sorted(inputs.glob("*.xlsx")):
        book = CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            for row in book.get_sheet_by_name(name).to_python(skip_empty_area=False):
                cells += len(row)
    return cells


def copy_values(report: Path, output: Path) -> int:
    book = CalamineWorkbook.from_path(str(report))
    sheets = [(name, book.get_sheet_by_name(name).to_python()) for name in book.sheet_names]
    start = time.perf_counter()
    cells = 0
    wb = xlsxwriter.Workbook(str(output), {"constant_memory": True})
    for name, rows in sheets:
        ws = wb.add_worksheet(name[:31])
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value == "" or value is None:
                    continue
                if isinstance(value, bool | int | float):
                    ws.write_number(r, c, float(value))
                else:
                    ws.write_string(r, c, str(value))
                cells += 1
    wb.close()
    copy_values.seconds = time.perf_counter() - start  # type: ignore[attr-defined]
    return cells


def main(argv: list[str]) -> int:
    if len(argv) != 4:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    inputs, report, output, result = map(Path, argv)
    start = time.perf_counter()
    input_cells = read_all(inputs)
    read_seconds = time.perf_counter() - start
    report_cells = copy_values(report, output)
    result.write_text(
        json.dumps(
            {
                "read_seconds": read_seconds,
                "write_seconds": copy_values.seconds,  # type: ignore[attr-defined]
                "input_cells": input_cells,
                "report_cells": report_cells,
            }
        )
        + "\n",
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
