"""Loading and summing a ledger export, next to pandas.read_csv alone on the same file.

    .venv/bin/python bench/ledger.py [--rows 1000000] [--repeat 3] [--output bench/ledger_results.md]

Generates a synthetic organisation's master data (kemixl.synth.write_master: 50 departments x
100 result areas) and a bookkeeping export of --rows rows for it as finance gets one from the
books: semicolons, decimal commas, Windows-1252, seven columns (cost centre, account, account
name, month, voucher, text, amount), twelve months, debits positive. Then, each as its own
process under bench/measure.py (wall time and that process's peak RSS, best of --repeat):

- baseline: `pandas.read_csv(path, sep=";", decimal=",", encoding="cp1252")`, nothing else;
- kemixl: `load_ledger(path, load_master(folder))`: the master loaded, the dialect sniffed, the
  export read, filtered to the period, signs converted, accounts mapped, rows summed per cost
  centre and line, unknown codes and accounts collected.

Both processes import pandas, so the comparison includes the same start-up. Also prints the
in-process split (read, sum) of one kemixl load. Writes Markdown to --output and JSON beside it.
Nothing is asserted; the targets are shown next to the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from kemixl.model import Line
from kemixl.synth import LEDGER_ACCOUNTS, LEDGER_HEADER, write_master

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import measure  # bench/run.py: one command under bench/measure.py

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RATIO_TARGET = 3.0
RSS_TARGET_MIB = 1024.0

BASELINE = """
import sys, pandas
pandas.read_csv(sys.argv[1], sep=";", decimal=",", encoding="cp1252")
"""
KEMIXL = """
import sys
from pathlib import Path
from kemixl.ledger import load_ledger
from kemixl.master import load_master
load_ledger(Path(sys.argv[1]), load_master(Path(sys.argv[2])))
"""


def write_export(path: Path, master_dir: Path, rows: int, seed: int = 1) -> None:
    """A ledger of `rows` postings over the master's leaves, twelve months, six-digit accounts
    (the operating ones and a share of balance-sheet and central items the report ignores)."""
    from kemixl.master import load_master

    master = load_master(master_dir)
    rng = np.random.default_rng(seed)
    leaves = np.array([c.code for c in master.centres if not master.children(c.code)])
    accounts = [*LEDGER_ACCOUNTS[Line.INCOME], *LEDGER_ACCOUNTS[Line.COSTS]]
    accounts += [("260000", "Ostovelat"), ("500000", "Kunnan tulovero")]
    numbers = np.array([a for a, _ in accounts])
    names = np.array([n for _, n in accounts])
    pick = rng.integers(0, len(accounts), rows)
    month = rng.integers(1, 13, rows)
    cents = rng.integers(-2_000_000, 20_000_000, rows)
    frame = pd.DataFrame(
        {
            LEDGER_HEADER[0]: leaves[rng.integers(0, len(leaves), rows)],
            LEDGER_HEADER[1]: numbers[pick],
            LEDGER_HEADER[2]: names[pick],
            LEDGER_HEADER[3]: [f"{master.period.year}-{m:02d}" for m in month],
            LEDGER_HEADER[4]: np.arange(100_000, 100_000 + rows),
            LEDGER_HEADER[5]: np.where(pick % 2 == 0, "Ostolasku", "Sisäinen veloitus"),
            LEDGER_HEADER[6]: cents / 100,
        }
    )
    frame.to_csv(
        path,
        sep=";",
        decimal=",",
        float_format="%.2f",
        index=False,
        encoding="cp1252",
        lineterminator="\r\n",
    )


def split(path: Path, master_dir: Path) -> dict[str, float]:
    """One load in this process, timed by stage."""
    from kemixl.ledger import _source
    from kemixl.ledger.aggregate import summarise
    from kemixl.ledger.read import read_table
    from kemixl.master import load_master

    master = load_master(master_dir)
    start = time.perf_counter()
    table = read_table(path, master.ledger)
    read = time.perf_counter()
    summarise(table, master, _source(path))
    done = time.perf_counter()
    return {"read_s": read - start, "sum_s": done - read}


def _load() -> list[float]:
    """The load average over 1, 5 and 15 minutes (empty where the system does not tell)."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except (AttributeError, OSError):
        return []


def _shown(load: list[float]) -> str:
    return ", ".join(f"{x:.2f}" for x in load) if load else "not known"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--output", type=Path, default=HERE / "ledger_results.md")
    args = parser.parse_args()
    load_before = _load()
    with tempfile.TemporaryDirectory(prefix="kemixl-ledger-bench-") as tmp:
        master_dir = Path(tmp) / "templates"
        write_master(master_dir, 50, 100, last_month=6)
        export = Path(tmp) / "kirjanpito.csv"
        start = time.perf_counter()
        write_export(export, master_dir, args.rows)
        generated = time.perf_counter() - start
        size_mib = export.stat().st_size / 2**20
        baseline = measure([sys.executable, "-c", BASELINE, export], args.repeat)
        kemixl = measure([sys.executable, "-c", KEMIXL, export, master_dir], args.repeat)
        stages = split(export, master_dir)
    ratio = kemixl.seconds / baseline.seconds
    data = {
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": len(os.sched_getaffinity(0))
        if hasattr(os, "sched_getaffinity")
        else os.cpu_count(),
        "python": platform.python_version(),
        "pandas": pd.__version__,
        "rows": args.rows,
        "file_mib": round(size_mib, 1),
        "generation_s": round(generated, 2),
        "baseline": {"seconds_runs": baseline.seconds_runs, "rss_runs": baseline.rss_runs},
        "kemixl": {"seconds_runs": kemixl.seconds_runs, "rss_runs": kemixl.rss_runs},
        "ratio": round(ratio, 2),
        "stages": stages,
        "load_average": {"before": load_before, "after": _load()},  # 1, 5, 15 minutes
    }
    args.output.with_suffix(".json").write_text(json.dumps(data, indent=2) + "\n")
    met = "yes" if ratio <= RATIO_TARGET else "no"
    rss = kemixl.peak_rss_mib
    text = f"""# kemixl ledger benchmark

{data["when"]} · {data["cpus"]} CPUs · CPython {data["python"]} · pandas {data["pandas"]}

A bookkeeping export of {args.rows:,} rows ({data["file_mib"]} MiB; semicolons, decimal commas,
Windows-1252, seven columns, twelve months) for a synthetic organisation of 50 departments x 100
result areas. Each command ran as its own process under `bench/measure.py`, best of
{args.repeat}; both import pandas. `bench/ledger.py` made this file.

| command | seconds | peak RSS MiB |
| --- | ---: | ---: |
| `pandas.read_csv(path, sep=";", decimal=",", encoding="cp1252")` alone | {baseline.seconds:.2f} | {baseline.peak_rss_mib:.0f} |
| kemixl `load_ledger` (master, sniffing, reading, period filter, accounts, sums, unknowns) | {kemixl.seconds:.2f} | {kemixl.peak_rss_mib:.0f} |

| measure | measured | target | met |
| --- | --- | --- | --- |
| kemixl ÷ read_csv alone | {ratio:.2f} | ≤ {RATIO_TARGET:.0f} | {met} |
| peak RSS | {rss:.0f} MiB | < {RSS_TARGET_MIB:.0f} MiB | {"yes" if rss < RSS_TARGET_MIB else "no"} |

In one process, kemixl's reading took {stages["read_s"]:.2f} s and the summing {stages["sum_s"]:.2f} s.

The machine's load average (1, 5, 15 minutes; as `uptime` shows it) was
{_shown(data["load_average"]["before"])} when the run began and {_shown(data["load_average"]["after"])} when it ended: other
processes on {data["cpus"]} CPUs slow both commands, not always alike, so compare ratios of runs
made under a similar load.
"""
    args.output.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
