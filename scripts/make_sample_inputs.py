"""Regenerate the bundled Kemi 2023 sample submissions under inputs/ from samples/kemi2023/.

    python scripts/make_sample_inputs.py [--free-form]

The sample data (samples/kemi2023/*.csv) is transcribed from the seed report; the workbooks
are what each department would send back.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import xlsxwriter

from kemixl.master import load_master
from kemixl.model import Column, Line, Master

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "kemi2023"


def reported() -> dict[tuple[str, Line], dict[Column, float]]:
    out = {}
    with (SAMPLES / "finance.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            out[(row["code"], Line(row["line"]))] = {
                Column.ACTUAL: float(row["actual"]),
                Column.FORECAST: float(row["forecast"]),
            }
    return out


# Departments whose seed table has no "Muutettu TA" column, and rows the seed leaves out.
NO_AMENDED = {"64300000", "64500000"}
OMITTED = {("64310000", Line.INCOME)}


def write_free_form(master: Master, dept: str, path: Path) -> None:
    """A department table laid out like the seed's (title, header row, blocks, total)."""
    data = reported()
    node = master.centre(dept)
    assert node is not None
    cols = [Column.TP_PREV, Column.TA, Column.TA_AMENDED, Column.ACTUAL, "pct", Column.FORECAST]
    if dept in NO_AMENDED:
        cols.remove(Column.TA_AMENDED)
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False})
    wb.set_properties({"created": __import__("datetime").datetime(2023, 7, 31)})
    ws = wb.add_worksheet("Taul1")
    ws.write_string(0, 0, node.name)
    titles = ["" if c == "pct" else master.period.column_title(c) for c in cols]
    titles = [t or "Toteuma-%" for t in titles]
    ws.write_row(2, 1, titles)
    row = 3
    areas = [k.code for k in master.children(dept)] + [dept]
    for code in areas:
        ws.write_string(row, 0, f"{code} {master.centre(code).name}")  # type: ignore[union-attr]
        row += 1
        values: dict[Line, dict[Column, float]] = {}
        for line in (Line.INCOME, Line.COSTS):
            values[line] = {}
            for c in (Column.TP_PREV, Column.TA, Column.TA_AMENDED):
                values[line][c] = master.master_amount(code, line, c)
            for c in (Column.ACTUAL, Column.FORECAST):
                leaves = master.leaves(code)
                values[line][c] = sum(data.get((lf.code, line), {}).get(c, 0.0) for lf in leaves)
        values[Line.MARGIN] = {
            c: values[Line.INCOME][c] + values[Line.COSTS][c] for c in values[Line.INCOME]
        }
        for line in (Line.INCOME, Line.COSTS, Line.MARGIN):
            if (code, line) in OMITTED:
                continue
            ws.write_string(row, 0, line.value)
            for i, c in enumerate(cols, start=1):
                if c == "pct":
                    amended = values[line][Column.TA_AMENDED]
                    pct = 0 if amended == 0 else round(100 * values[line][Column.ACTUAL] / amended)
                    ws.write_string(row, i, f"{pct} %")
                else:
                    ws.write_number(row, i, values[line][c])
            row += 1
    ws.set_column(0, 0, 44)
    ws.set_column(1, 6, 14)
    wb.close()


FILE_NAMES = {
    "64100000": "keskusvirasto_1-6_2023.xlsx",
    "64200000": "elinvoimatoimiala_1-6_2023.xlsx",
    "64300000": "hyvinvointitoimiala_1-6_2023.xlsx",
    "64500000": "ymparistotoimiala_1-6_2023.xlsx",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", type=Path, default=ROOT / "inputs")
    args = parser.parse_args()
    master = load_master(ROOT / "templates")
    args.output.mkdir(parents=True, exist_ok=True)
    for dept, name in FILE_NAMES.items():
        write_free_form(master, dept, args.output / name)
        print(f"wrote {args.output / name}")


if __name__ == "__main__":
    main()
