"""The naive baseline: what a finance analyst would write by hand with pandas.

    python bench/naive.py INPUTS_DIR OUTPUT.xlsx

Every workbook in INPUTS_DIR is read whole with pandas.read_excel(sheet_name=None,
engine="openpyxl"), every sheet of every workbook is concatenated into one table (with the file
and sheet it came from) and the same number of rows is written back with
DataFrame.to_excel(engine="openpyxl"). No checks, no formulas, no formatting: the least a
consolidation has to do. Sheets are read with header=None, so every sheet shares the columns
0, 1, 2 ... and the concatenation has as many cells as the inputs (with the first row as the
header, each department's differently titled sheets would widen the table many times over).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd


def consolidate(inputs: Path, output: Path) -> int:
    frames = []
    for path in sorted(inputs.glob("*.xlsx")):
        sheets = pd.read_excel(path, sheet_name=None, engine="openpyxl", header=None)
        for name, frame in sheets.items():
            frames.append(frame.assign(file=path.name, sheet=name))
    combined = pd.concat(frames, ignore_index=True)
    combined.to_excel(output, engine="openpyxl", index=False)
    return len(combined)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    rows = consolidate(Path(argv[0]), Path(argv[1]))
    print(f"wrote {rows} rows to {argv[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
