"""Speed and memory of kemixl on a large synthetic organisation, as ratios to a baseline.

    .venv/bin/python scripts/benchmark.py [--departments 40] [--areas 25]

Timings on shared machines are noisy, so every figure is reported next to a baseline measured in
the same process on the same files: openpyxl merely reading every submission cell (read-only
mode) plus XlsxWriter merely writing as many cells. kemixl's consolidate = read + reconcile +
write, so its ratio to the baseline shows the overhead kemixl adds on top of the libraries.
A second ratio compares the organisation with one four times smaller: near 4 means linear.
"""

from __future__ import annotations

import argparse
import csv
import random
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import xlsxwriter
from openpyxl import load_workbook

from kemixl.fill import fill_template
from kemixl.master import load_master
from kemixl.model import Column, Line
from kemixl.pipeline import consolidate
from kemixl.template_writer import write_templates


def write_master(folder: Path, departments: int, areas: int, rng: random.Random) -> None:
    folder.mkdir(parents=True)
    (folder / "master.toml").write_text(
        '[period]\nyear = 2031\nfirst_month = 1\nlast_month = 6\n\n[report]\ncity = "SUURKAUPUNKI"\n'
        'title = "OSAVUOSIKATSAUS 1-6/2031"\n',
        encoding="utf-8",
    )
    with (
        (folder / "costcentres.csv").open("w", newline="", encoding="utf-8") as f,
        (folder / "figures.csv").open("w", newline="", encoding="utf-8") as g,
    ):
        centres, figures = csv.writer(f), csv.writer(g)
        centres.writerow(["code", "parent", "name", "responsible"])
        figures.writerow(["code", "line", "tp_prev", "ta", "ta_amended"])
        centres.writerow(["10000000", "", "SUURKAUPUNKI", ""])
        for d in range(1, departments + 1):
            dept = f"1{d:03d}0000"
            centres.writerow([dept, "10000000", f"TOIMIALA {d}", f"Johtaja {d}"])
            for a in range(1, areas + 1):
                code = f"1{d:03d}{a:02d}00"
                centres.writerow([code, dept, f"TULOSALUE {d}.{a}", ""])
                for line, sign in (("TOIMINTATUOTOT", 1), ("TOIMINTAKULUT", -1)):
                    ta = rng.randint(1, 5_000_000)
                    figures.writerow(
                        [code, line, sign * rng.randint(0, 5_000_000), sign * ta, sign * ta]
                    )
    (folder / "central.csv").write_text(
        "item,section,tp_prev,ta,ta_amended,actual,forecast\nVerotulot,vuosikate,1,1,1,1,1\n",
        encoding="utf-8",
    )


def prepare(root: Path, departments: int, areas: int) -> tuple[Path, Path]:
    rng = random.Random(departments * 1000 + areas)
    write_master(root / "master", departments, areas, rng)
    master = load_master(root / "master")
    results = write_templates(master, root / "master", root / "templates")
    figures = {
        (leaf.code, line): {
            Column.ACTUAL: sign * rng.randint(0, 2_000_000),
            Column.FORECAST: sign * 1000.0,
        }
        for d in master.departments
        for leaf in master.leaves(d.code)
        for line, sign in ((Line.INCOME, 1), (Line.COSTS, -1))
    }
    (root / "in").mkdir()
    for r in results:
        assert r.path is not None
        fill_template(r.path, root / "in" / r.path.name, master.period, figures)
    return root / "master", root / "in"


def measure(fn: Callable[[], object]) -> tuple[float, float]:
    """(seconds, peak MiB of Python allocations)."""
    tracemalloc.start()
    t0 = time.perf_counter()
    fn()
    seconds = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return seconds, peak


def baseline(inputs: Path, out: Path) -> int:
    cells = 0
    for path in sorted(inputs.glob("*.xlsx")):
        wb = load_workbook(path, read_only=True)
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                cells += len(row)
        wb.close()
    wb2 = xlsxwriter.Workbook(str(out))
    ws2 = wb2.add_worksheet()
    for i in range(cells):
        ws2.write_number(i // 10, i % 10, float(i))
    wb2.close()
    return cells


def run(departments: int, areas: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        master_dir, inputs = prepare(root, departments, areas)
        base_s, base_mb = measure(lambda: baseline(inputs, root / "baseline.xlsx"))
        kem_s, kem_mb = measure(lambda: consolidate(inputs, master_dir, root / "report.xlsx"))
        size = (root / "report.xlsx").stat().st_size / 2**20
    return {
        "baseline_s": base_s,
        "baseline_mb": base_mb,
        "kemixl_s": kem_s,
        "kemixl_mb": kem_mb,
        "report_mb": size,
        "leaves": departments * areas,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--departments", type=int, default=40)
    parser.add_argument("--areas", type=int, default=25)
    args = parser.parse_args()
    small = run(max(1, args.departments // 4), args.areas)
    large = run(args.departments, args.areas)
    for name, r in (("quarter", small), ("full", large)):
        print(
            f"{name:8s} {r['leaves']:6.0f} result areas: consolidate {r['kemixl_s']:6.2f} s, "
            f"{r['kemixl_mb']:6.1f} MiB peak; baseline {r['baseline_s']:6.2f} s, {r['baseline_mb']:6.1f} MiB; "
            f"ratio time {r['kemixl_s'] / r['baseline_s']:.2f}x, memory {r['kemixl_mb'] / r['baseline_mb']:.2f}x; "
            f"report {r['report_mb']:.1f} MiB"
        )
    print(
        f"scaling: 4x the organisation took {large['kemixl_s'] / small['kemixl_s']:.2f}x the time "
        f"and {large['kemixl_mb'] / small['kemixl_mb']:.2f}x the memory (4.00 = linear)"
    )


if __name__ == "__main__":
    main()
