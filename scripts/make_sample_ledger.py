"""Regenerate the bundled Kemi 2023 ledger export, samples/kemi2023/kirjanpito_2023.csv.

    python scripts/make_sample_ledger.py

A bookkeeping export as finance would take it from the books at the start of July: one row per
posting (cost centre, account, month, voucher, amount), semicolon-separated, decimal commas,
Windows-1252, debits positive and credits negative (master.toml [ledger] signs). Its sums per
cost centre and line are exactly the seed report's actuals (samples/kemi2023/finance.csv);
central items (tax revenue, state grants ...) and balance-sheet postings sit on accounts that
templates/accounts.csv ignores, and the first postings of July are outside the period. The
investment projects' actuals (samples/kemi2023/investments.csv, synthetic) are postings on
fixed-asset accounts with the project in the column Projekti, and one transfer on such an
account without a project (left out).
The same seed always gives the same file.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from kemixl.master import load_master
from kemixl.model import EXPENDITURE, INCOME, Line
from kemixl.synth import ledger_rows, write_ledger

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "kemi2023"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", type=Path, default=SAMPLES / "kirjanpito_2023.csv")
    parser.add_argument("--seed", type=int, default=2023)
    args = parser.parse_args()
    master = load_master(ROOT / "templates")
    with (SAMPLES / "finance.csv").open(encoding="utf-8") as f:
        actuals = {(r["code"], Line(r["line"])): float(r["actual"]) for r in csv.DictReader(f)}
    with (SAMPLES / "investments.csv").open(encoding="utf-8") as f:
        projects = {
            (r["id"], flow): float(r[column])
            for r in csv.DictReader(f)
            for flow, column in ((EXPENDITURE, "actual"), (INCOME, "actual_income"))
        }
    rows = ledger_rows(master, actuals, args.seed, projects=projects)
    write_ledger(args.output, rows)
    print(f"wrote {args.output} ({len(rows)} rows)")


if __name__ == "__main__":
    main()
