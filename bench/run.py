"""kemixl's speed and memory on synthetic organisations, next to a naive pandas baseline.

    .venv/bin/python bench/run.py [--departments 50] [--sizes 100,200,400] [--output bench/results.md]

Not part of pytest: nothing is asserted, the targets are displayed next to the measured values.
Every command runs as its own process under bench/measure.py (wall time and the child's peak
RSS); the organisations come from kemixl.synth, one per size, generated once and shared by
every measurement of that size. Writes the table as Markdown (--output) and the raw numbers as
JSON next to it, and prints the Markdown.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kemixl.synth import synthesize

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
KEMIXL = Path(sys.executable).parent / "kemixl"
HEAVY = ("pandas", "openpyxl", "xlsxwriter")  # the target: `kemixl --help` imports none of them
HEAVY_SHOWN = (*HEAVY, "numpy", "python_calamine")  # also listed if imported, for information
# Run in a fresh interpreter: which heavy libraries does `kemixl --help` import?
HELP_PROBE = f"""
import contextlib, io, json, sys
from kemixl.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    try:
        main(["--help"])
    except SystemExit:
        pass
print(json.dumps(sorted({{m.split(".")[0] for m in sys.modules}} & set({HEAVY_SHOWN!r}))))
"""
NAIVE_RATIO_TARGET = 1 / 3
GROWTH_TARGET = 4.5 / 4  # 4x the cost centres in at most 4.5x the time
RSS_TARGET_MIB = 1024.0
KEMI_TARGET_S = 1.0


@dataclass(frozen=True)
class Measured:
    """Repeated runs of one command; the minimum of each figure is reported."""

    command: tuple[str, ...]
    seconds_runs: tuple[float, ...]
    rss_runs: tuple[float, ...]

    @property
    def seconds(self) -> float:
        return min(self.seconds_runs)

    @property
    def peak_rss_mib(self) -> float:
        return min(self.rss_runs)


@dataclass(frozen=True)
class Size:
    areas: int
    cost_centres: int
    workbooks: int
    synth_seconds: float
    consolidate: Measured


def measure(command: Sequence[str | Path], repeat: int, cwd: Path = ROOT) -> Measured:
    """Run command `repeat` times, each under bench/measure.py; fail loudly if it fails."""
    cmd = tuple(str(c) for c in command)
    seconds, rss = [], []
    for _ in range(repeat):
        done = subprocess.run(
            [sys.executable, str(HERE / "measure.py"), *cmd],
            cwd=cwd,
            capture_output=True,
            text=True,
            check=True,
        )
        result = json.loads(done.stdout)
        if result["returncode"] != 0:
            sys.exit(f"{' '.join(cmd)} exited {result['returncode']}:\n{result['stderr']}")
        seconds.append(float(result["seconds"]))
        rss.append(float(result["peak_rss_mib"]))
    return Measured(cmd, tuple(seconds), tuple(rss))


def quiet_flag() -> list[str]:
    """`--quiet` if this kemixl's consolidate accepts it (it prints a line per finding without)."""
    help_text = subprocess.run(
        [str(KEMIXL), "consolidate", "--help"], capture_output=True, text=True, check=True
    ).stdout
    return ["--quiet"] if "--quiet" in help_text else []


def help_imports() -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", HELP_PROBE], capture_output=True, text=True, check=True, cwd=ROOT
    )
    imported: list[str] = json.loads(done.stdout)
    return imported


def run_size(tmp: Path, departments: int, areas: int, repeat: int, quiet: list[str]) -> Size:
    start = time.perf_counter()
    org = synthesize(tmp / f"org-{areas}", departments, areas, seed=1)
    synth_seconds = time.perf_counter() - start
    print(
        f"  {departments} x {areas}: synthesized in {synth_seconds:.1f} s, consolidating ...",
        file=sys.stderr,
    )
    command: list[str | Path] = [
        KEMIXL,
        "consolidate",
        org.inputs,
        "--master",
        org.templates,
        "--output",
        tmp / f"report-{areas}.xlsx",
        *quiet,
    ]
    return Size(
        areas, org.cost_centres, len(org.workbooks), synth_seconds, measure(command, repeat)
    )


def git_revision() -> str:
    try:
        rev = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain"], capture_output=True, text=True, cwd=ROOT
        ).stdout.strip()
    except OSError:
        return "unknown"
    return f"{rev}{' (uncommitted changes)' if dirty else ''}" if rev else "unknown"


def collect(args: argparse.Namespace) -> dict[str, Any]:
    sizes: list[int] = args.sizes
    quiet = quiet_flag()
    largest, smallest = max(sizes), min(sizes)
    results: dict[str, Any] = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu_count": os.cpu_count(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "platform": platform.platform(),
        "git": git_revision(),
        "departments": args.departments,
        "quiet_flag": bool(quiet),
        "repeat": args.repeat,
        "repeat_largest": args.repeat_largest,
    }
    with tempfile.TemporaryDirectory(prefix="kemixl-bench-") as tmp_name:
        tmp = Path(tmp_name)
        runs = []
        for areas in sizes:
            repeat = args.repeat_largest if areas == largest else args.repeat
            runs.append(run_size(tmp, args.departments, areas, repeat, quiet))
        print("  naive pandas baseline ...", file=sys.stderr)
        naive = measure(
            [
                sys.executable,
                HERE / "naive.py",
                tmp / f"org-{largest}" / "inputs",
                tmp / "naive.xlsx",
            ],
            args.repeat_largest,
        )
        print("  kemixl --help, the Kemi sample ...", file=sys.stderr)
        help_time = measure([KEMIXL, "--help"], 5)
        python_time = measure([sys.executable, "-c", "pass"], 5)
        kemi = measure(
            [KEMIXL, "consolidate", "inputs/", "--output", tmp / "kemi.xlsx", *quiet], args.repeat
        )
    results["sizes"] = [asdict(r) | {"consolidate": _raw(r.consolidate)} for r in runs]
    big = next(r for r in runs if r.areas == largest)
    small = next(r for r in runs if r.areas == smallest)
    results["largest"] = {"areas": largest, "cost_centres": big.cost_centres}
    results["naive"] = _raw(naive)
    results["naive_ratio"] = big.consolidate.seconds / naive.seconds
    results["growth"] = {
        "cost_centres": big.cost_centres / small.cost_centres,
        "time": big.consolidate.seconds / small.consolidate.seconds,
        "memory": big.consolidate.peak_rss_mib / small.consolidate.peak_rss_mib,
    }
    results["peak_rss_mib_largest"] = big.consolidate.peak_rss_mib
    results["help"] = _raw(help_time) | {"imports": help_imports()}
    results["python_pass"] = _raw(python_time)
    results["kemi_sample"] = _raw(kemi)
    return results


def _raw(m: Measured) -> dict[str, Any]:
    return {
        "command": " ".join(m.command),
        "seconds": m.seconds,
        "peak_rss_mib": m.peak_rss_mib,
        "seconds_runs": list(m.seconds_runs),
        "peak_rss_mib_runs": list(m.rss_runs),
    }


def _met(ok: bool) -> str:
    return "yes" if ok else "**no**"


def markdown(r: dict[str, Any]) -> str:
    g, big = r["growth"], r["largest"]
    lines = [
        "# kemixl benchmark",
        "",
        f"{r['date']} · {r['cpu_count']} CPUs · {r['python']} · {r['platform']} · "
        f"git {r['git']} · `--quiet` {'used' if r['quiet_flag'] else 'not available, omitted'}",
        "",
        "Each organisation was generated once by `kemixl.synth.synthesize` (seed 1) into a "
        f"temporary folder: {r['departments']} departments, each with the given number of result "
        "areas (8-digit cost centres), one filled template per department saved by openpyxl, "
        "as a department would return it. Every command then ran as a separate process under "
        "`bench/measure.py`, which starts it as its only child, times it from start to exit and "
        "reads the child's peak resident set size from `getrusage(RUSAGE_CHILDREN)`; so times "
        "include interpreter start-up and imports (what a user waits for) and each memory "
        f"figure is that process's alone. Each command was repeated (best of {r['repeat']}, "
        f"{r['repeat_largest']} at the largest size) and the minimum time and minimum peak RSS "
        "are reported. kemixl ran as `kemixl consolidate DIR/inputs --master DIR/templates "
        "--output X.xlsx`. The naive baseline (`bench/naive.py`) is what an analyst would write "
        "by hand: every sheet of every workbook read with `pandas.read_excel(sheet_name=None, "
        'engine="openpyxl", header=None)`, concatenated, and the same rows written back with '
        '`DataFrame.to_excel(engine="openpyxl")`, without checks, formulas or formatting. The '
        "Kemi sample is `kemixl consolidate inputs/` from the repository root. The synthesis "
        "time is measured in the driver's own process, once.",
        "",
        "| result areas per department | cost centres | workbooks | consolidate s | peak RSS MiB | synthesis s |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for s in r["sizes"]:
        c = s["consolidate"]
        lines.append(
            f"| {s['areas']} | {s['cost_centres']} | {s['workbooks']} | {c['seconds']:.2f} | "
            f"{c['peak_rss_mib']:.0f} | {s['synth_seconds']:.1f} |"
        )
    naive, help_, kemi = r["naive"], r["help"], r["kemi_sample"]
    imports = ", ".join(help_["imports"]) or "none of them"
    growth_limit = GROWTH_TARGET * g["cost_centres"]
    lines += [
        "",
        "| measure | measured | target | met |",
        "| --- | --- | --- | --- |",
        f"| kemixl ÷ naive time, {big['cost_centres']} cost centres | {r['naive_ratio']:.2f} "
        f"(naive {naive['seconds']:.2f} s, {naive['peak_rss_mib']:.0f} MiB) | ≤ 0.33 | "
        f"{_met(r['naive_ratio'] <= NAIVE_RATIO_TARGET)} |",
        f"| time growth, largest ÷ smallest | {g['time']:.2f}× for {g['cost_centres']:.2f}× the "
        f"cost centres | ≤ {growth_limit:.2f}× (4.5× for 4×) | {_met(g['time'] <= growth_limit)} |",
        f"| memory growth, largest ÷ smallest | {g['memory']:.2f}× | – | – |",
        f"| peak RSS, {big['cost_centres']} cost centres | {r['peak_rss_mib_largest']:.0f} MiB | "
        f"≤ 1024 MiB | {_met(r['peak_rss_mib_largest'] <= RSS_TARGET_MIB)} |",
        f"| Kemi sample consolidate | {kemi['seconds']:.2f} s | ≤ 1 s | "
        f"{_met(kemi['seconds'] <= KEMI_TARGET_S)} |",
        f"| `kemixl --help` | {help_['seconds']:.2f} s (`python -c pass` "
        f"{r['python_pass']['seconds']:.2f} s); imports {imports} | imports none of pandas, "
        f"openpyxl, xlsxwriter | {_met(not set(help_['imports']) & set(HEAVY))} |",
        "",
    ]
    return "\n".join(lines)


def sizes_arg(text: str) -> list[int]:
    try:
        sizes = [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r}: give whole numbers, e.g. 100,200,400"
        ) from None
    if not sizes or any(not 1 <= s <= 999 for s in sizes):
        raise argparse.ArgumentTypeError(f"{text!r}: each size must be from 1 to 999")
    return sorted(set(sizes))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--departments", type=int, default=50)
    parser.add_argument(
        "--sizes", type=sizes_arg, default=[100, 200, 400], help="result areas per department"
    )
    parser.add_argument("--output", type=Path, default=HERE / "results.md")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (best of)")
    parser.add_argument("--repeat-largest", type=int, default=2, help="runs at the largest size")
    args = parser.parse_args()
    if args.departments < 1 or args.repeat < 1 or args.repeat_largest < 1:
        parser.error("--departments, --repeat and --repeat-largest must be at least 1")
    if not KEMIXL.exists():
        sys.exit(f"{KEMIXL} not found: install kemixl into this interpreter's environment")
    results = collect(args)
    text = markdown(results)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    args.output.with_suffix(".json").write_text(
        json.dumps(results, indent=2) + "\n", encoding="utf-8"
    )
    print(text)
    print(f"wrote {args.output} and {args.output.with_suffix('.json')}", file=sys.stderr)


if __name__ == "__main__":
    main()
