"""kemixl's speed and memory on synthetic organisations, next to a naive pandas baseline and the
floor, and (with --baseline) next to an earlier kemixl, all in one run.

    .venv/bin/python bench/run.py [--departments 50] [--sizes 100,200,400]
        [--baseline /path/to/earlier/.venv/bin/python] [--output bench/results.md]

Not part of pytest: nothing is asserted, the targets are displayed next to the measured values.
Every command runs as its own process under bench/measure.py (wall time, CPU time of the process
and its reading workers, peak RSS). In one run:

- `kemixl synth` writes each organisation (50 departments x each size, and 5 x 100);
- `kemixl consolidate` reads it, best of --repeat runs;
- bench/stages.py times each stage of the largest consolidation in one process (master load,
  reading, reconciling, writing);
- bench/floor.py times the least any consolidation must do with the fastest libraries: every
  input cell read with python-calamine, the report's cells written with XlsxWriter; then
  --pairs times consolidate and the floor run back to back, each pair's ratio reported (the
  target is met when the highest of them is);
- bench/naive.py is what an analyst would write with pandas;
- bench/template.py measures the largest department's template (XML per result area, formulas);
- `kemixl --help` and the Kemi sample.

With --baseline (the python of an earlier kemixl's environment), that kemixl synthesizes its own
organisations (100 and the largest size, and 5 x 100) and is timed the same way, stage by stage
too: the figures before and after, on the same machine in the same run. The machine may be
shared: wall times grow with others' load, CPU times much less, so both are shown and every
ratio is taken within the run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHON = Path(sys.executable)
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
TARGETS = {
    "naive_ratio": 1 / 3,  # consolidate / naive
    "floor_ratio": 1.5,  # consolidate / floor
    "growth": 4.5 / 4,  # time for 4x the cost centres, per 1x
    "rss_mib": 1024.0,
    "kemi_s": 1.0,
    "synth_largest_s": 90.0,
    "bytes_per_area": 5000,
    "longest_formula": 600,
    "helper_columns": 3,
}


@dataclass(frozen=True)
class Measured:
    """Repeated runs of one command; the minimum of each figure is reported."""

    command: str
    seconds: float
    cpu_seconds: float
    peak_rss_mib: float
    runs: tuple[float, ...]


def measure(command: list[str | Path], repeat: int = 1, cwd: Path = ROOT) -> Measured:
    """Run command `repeat` times, each under bench/measure.py; fail loudly if it fails."""
    cmd = [str(c) for c in command]
    results = []
    for _ in range(repeat):
        done = subprocess.run(
            [sys.executable, str(HERE / "measure.py"), *cmd],
            cwd=cwd,
            capture_output=True,
            text=True,
            check=True,
        )
        result = json.loads(done.stdout)
        if result["returncode"] not in (0, 1):  # 1: the organisation has findings, still done
            sys.exit(f"{' '.join(cmd)} exited {result['returncode']}:\n{result['stderr']}")
        results.append(result)
    return Measured(
        " ".join(cmd),
        min(r["seconds"] for r in results),
        min(r["cpu_seconds"] for r in results),
        min(r["peak_rss_mib"] for r in results),
        tuple(r["seconds"] for r in results),
    )


def log(text: str) -> None:
    print(f"  {datetime.now(UTC):%H:%M:%S} {text}", file=sys.stderr)


class Kemixl:
    """One kemixl installation: its python and its command."""

    def __init__(self, python: Path, name: str) -> None:
        self.python, self.name = python, name
        self.command = python.parent / "kemixl"

    def synth(self, folder: Path, departments: int, areas: int) -> tuple[Measured, int]:
        log(f"{self.name}: kemixl synth {departments} x {areas}")
        m = measure([self.command, "synth", folder, "--departments", departments, "--areas", areas])
        centres = len((folder / "templates" / "costcentres.csv").read_bytes().splitlines()) - 1
        return m, centres

    def consolidate(self, folder: Path, output: Path, repeat: int) -> Measured:
        log(f"{self.name}: kemixl consolidate {folder.name}")
        return measure(
            [
                self.command,
                "consolidate",
                folder / "inputs",
                "--master",
                folder / "templates",
                "--output",
                output,
                "--quiet",
            ],
            repeat,
        )

    def script(self, name: str, *args: str | Path) -> dict[str, Any]:
        """A bench script run with this kemixl's python; its JSON result."""
        result = Path(tempfile.mkstemp(suffix=".json")[1])
        measure([self.python, HERE / name, *args, result])
        out: dict[str, Any] = json.loads(result.read_text(encoding="utf-8"))
        result.unlink()
        return out


def git_revision() -> str:
    try:
        rev = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            cwd=ROOT,
        ).stdout.strip()
    except OSError:
        return "unknown"
    return f"{rev}{' (uncommitted changes)' if dirty else ''}" if rev else "unknown"


def help_imports() -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", HELP_PROBE], capture_output=True, text=True, check=True, cwd=ROOT
    )
    imported: list[str] = json.loads(done.stdout)
    return imported


def floor_pairs(
    after: Kemixl, folder: Path, tmp: Path, largest: int, pairs: int
) -> list[dict[str, float]]:
    """`pairs` runs of consolidate, each followed at once by the floor on its report: on a
    shared machine whose speed drifts by a third within minutes, a ratio is only fair between
    two commands run back to back, and the spread of several says how far to trust it."""
    out = []
    for i in range(pairs):
        log(f"pair {i + 1} of {pairs}: consolidate, then the floor")
        report = tmp / f"pair-{largest}.xlsx"
        c = after.consolidate(folder, report, 1)
        measure(
            [PYTHON, HERE / "floor.py", folder / "inputs", report, tmp / "pf.xlsx", tmp / "pf.json"]
        )
        f = json.loads((tmp / "pf.json").read_text(encoding="utf-8"))
        floor_s = f["read_seconds"] + f["write_seconds"]
        out.append({"consolidate": c.seconds, "floor": floor_s, "ratio": c.seconds / floor_s})
    return out


def collect(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    sizes: list[int] = args.sizes
    largest, smallest = max(sizes), min(sizes)
    d = args.departments
    after = Kemixl(PYTHON, "after")
    before = Kemixl(args.baseline, "before") if args.baseline else None
    r: dict[str, Any] = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu_count": os.cpu_count(),
        "load_average": os.getloadavg(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "platform": platform.platform(),
        "git": git_revision(),
        "baseline": str(args.baseline) if args.baseline else None,
        "departments": d,
        "repeat": args.repeat,
    }
    versions = [after] + ([before] if before else [])
    # synthesis: 5 x 100 and every size (the earlier kemixl: 100 and the largest, as the issue)
    synth: dict[str, dict[str, Any]] = {}
    orgs: dict[tuple[str, int], Path] = {}
    for k in versions:
        wanted = [(5, 100)] + [(d, a) for a in sizes if k is after or a in (smallest, largest)]
        for departments, areas in wanted:
            folder = tmp / f"{k.name}-{departments}x{areas}"
            m, centres = k.synth(folder, departments, areas)
            synth[f"{k.name} {departments}x{areas}"] = asdict(m) | {"cost_centres": centres}
            if departments == d:
                orgs[(k.name, areas)] = folder
    r["synth"] = synth
    # consolidation of every organisation
    consolidated: dict[str, dict[str, Any]] = {}
    for (name, areas), folder in orgs.items():
        k = after if name == "after" else before
        assert k is not None
        repeat = args.repeat if areas != largest else args.repeat_largest
        m = k.consolidate(folder, tmp / f"report-{name}-{areas}.xlsx", repeat)
        consolidated[f"{name} {areas}"] = asdict(m) | {"areas": areas}
    r["consolidate"] = consolidated
    # stages of the largest, each version on its own organisation
    r["stages"] = {}
    for k in versions:
        folder = orgs[(k.name, largest)]
        log(f"{k.name}: stages of {folder.name}")
        r["stages"][k.name] = k.script(
            "stages.py", folder / "templates", folder / "inputs", tmp / f"stages-{k.name}.xlsx"
        )
    # the floor and the naive pipeline on the largest organisation as written now
    folder = orgs[("after", largest)]
    log("floor")
    floor_m = measure(
        [
            PYTHON,
            HERE / "floor.py",
            folder / "inputs",
            tmp / f"report-after-{largest}.xlsx",
            tmp / "floor.xlsx",
            tmp / "floor.json",
        ],
        args.repeat_largest,
    )
    r["floor"] = asdict(floor_m) | json.loads((tmp / "floor.json").read_text(encoding="utf-8"))
    r["pairs"] = floor_pairs(after, folder, tmp, largest, args.pairs)
    log("naive pandas baseline")
    naive = measure(
        [PYTHON, HERE / "naive.py", folder / "inputs", tmp / "naive.xlsx"], args.repeat_largest
    )
    r["naive"] = asdict(naive)
    # the largest department's template, before and after
    r["template"] = {}
    for k in versions:
        log(f"{k.name}: template")
        r["template"][k.name] = k.script(
            "template.py", orgs[(after.name, largest)] / "templates", tmp / f"templates-{k.name}"
        )
    log("kemixl --help, the Kemi sample")
    r["help"] = asdict(measure([after.command, "--help"], 5)) | {"imports": help_imports()}
    r["python_pass"] = asdict(measure([PYTHON, "-c", "pass"], 5))
    r["kemi_sample"] = asdict(
        measure(
            [after.command, "consolidate", "inputs/", "--output", tmp / "kemi.xlsx", "--quiet"],
            args.repeat,
        )
    )
    return r


def _met(ok: bool) -> str:
    return "yes" if ok else "**no**"


def _s(m: dict[str, Any]) -> str:
    return f"{m['seconds']:.1f} s ({m['cpu_seconds']:.1f} s CPU)"


def markdown(r: dict[str, Any], sizes: list[int]) -> str:
    largest, smallest = max(sizes), min(sizes)
    d = r["departments"]
    c, synth = r["consolidate"], r["synth"]
    big = c[f"after {largest}"]
    small = c[f"after {smallest}"]
    centres = synth[f"after {d}x{largest}"]["cost_centres"]
    centres_small = synth[f"after {d}x{smallest}"]["cost_centres"]
    floor = r["floor"]
    floor_s = floor["read_seconds"] + floor["write_seconds"]
    naive = r["naive"]
    growth = big["seconds"] / small["seconds"]
    pairs = r["pairs"]
    ratios = [p["ratio"] for p in pairs] or [float("nan")]
    growth_limit = TARGETS["growth"] * centres / centres_small
    t = r["template"]["after"]
    lines = [
        "# kemixl benchmark",
        "",
        f"{r['date']} · {r['cpu_count']} CPUs, load average at the start "
        f"{', '.join(f'{x:.1f}' for x in r['load_average'])} (a shared machine) · {r['python']} · "
        f"{r['platform']} · git {r['git']}"
        + (f" · before: `{r['baseline']}`" if r["baseline"] else ""),
        "",
        "Written by `bench/run.py` from one run; see its docstring for what each figure is. Every "
        "command ran as its own process under `bench/measure.py`: wall time from start to exit "
        "(what a user waits for, imports included), CPU time of the process and its reading "
        "workers (less affected by other users' load on a shared machine), peak resident set "
        f"size. Consolidation: best of {r['repeat']} runs. *Before* is the kemixl given with "
        "`--baseline`, which synthesized its own organisations (its templates, as its departments "
        "return them); *after* is this checkout.",
        "",
        "## Synthesis and consolidation",
        "",
        "| | before | after |",
        "| --- | ---: | ---: |",
    ]

    def pair(before_key: str, after_key: str, table: dict[str, Any]) -> str:
        b = table.get(before_key)
        a = table.get(after_key)
        return f"{_s(b) if b else '–'} | {_s(a) if a else '–'}"

    lines.append(f"| `kemixl synth` 5 × 100 | {pair('before 5x100', 'after 5x100', synth)} |")
    for areas in sizes:
        n = synth[f"after {d}x{areas}"]["cost_centres"]
        key = f"{d}x{areas}"
        lines.append(
            f"| `kemixl synth` {d} × {areas} ({n} cost centres) | "
            f"{pair('before ' + key, 'after ' + key, synth)} |"
        )
    for areas in sizes:
        lines.append(
            f"| `kemixl consolidate` {d} × {areas} | "
            f"{pair(f'before {areas}', f'after {areas}', c)} |"
        )
    lines.append(
        f"| peak RSS, consolidate {d} × {largest} | "
        + (f"{c[f'before {largest}']['peak_rss_mib']:.0f} MiB" if f"before {largest}" in c else "–")
        + f" | {big['peak_rss_mib']:.0f} MiB |"
    )
    lines += [
        "",
        f"## Where the time goes: consolidate {d} × {largest}, stage by stage (one process)",
        "",
        "| stage | before | after |",
        "| --- | ---: | ---: |",
    ]
    stages = r["stages"]
    for stage in ("master load", "reading", "reconciling", "writing"):
        b = stages.get("before", {}).get(stage)
        a = stages["after"][stage]
        lines.append(f"| {stage} | {_s(b) if b else '–'} | {_s(a)} |")
    lines += [
        "",
        "## The template (the largest department's *Talous* sheet)",
        "",
        "| | before | after |",
        "| --- | ---: | ---: |",
    ]
    tb = r["template"].get("before", {})
    for key, label, fmt in (
        ("bytes_per_area", "XML per result area", "{:,.0f} bytes"),
        ("longest_formula", "longest formula", "{} characters"),
        ("deepest_nesting", "deepest nesting", "{} levels"),
        ("hidden_helper_columns", "hidden helper columns", "{}"),
        ("formulas", "formula cells", "{}"),
        ("defined_names", "defined names", "{}"),
        ("seconds", "writing every template", "{:.1f} s"),
    ):
        before_text = fmt.format(tb[key]) if key in tb else "–"
        lines.append(f"| {label} | {before_text} | {fmt.format(t[key])} |")
    lines += [
        "",
        "## Targets",
        "",
        "| measure | measured | target | met |",
        "| --- | --- | --- | --- |",
        f"| template XML per result area | {t['bytes_per_area']:,.0f} bytes | ≤ 5 000 | "
        f"{_met(t['bytes_per_area'] <= TARGETS['bytes_per_area'])} |",
        f"| longest template formula | {t['longest_formula']} characters | ≤ 600 | "
        f"{_met(t['longest_formula'] <= TARGETS['longest_formula'])} |",
        f"| hidden helper columns | {t['hidden_helper_columns']} (locked, in the stamp) | ≤ 3 | "
        f"{_met(t['hidden_helper_columns'] <= TARGETS['helper_columns'])} |",
        f"| `kemixl synth` {d} × {largest} | {_s(synth[f'after {d}x{largest}'])} | ≤ 90 s | "
        f"{_met(synth[f'after {d}x{largest}']['seconds'] <= TARGETS['synth_largest_s'])} |",
        f"| consolidate ÷ naive, {centres} cost centres | "
        f"{big['seconds'] / naive['seconds']:.2f} (naive {_s(naive)}; CPU "
        f"{big['cpu_seconds'] / naive['cpu_seconds']:.2f}) | ≤ 0.33 | "
        f"{_met(big['seconds'] / naive['seconds'] <= TARGETS['naive_ratio'])} |",
        f"| consolidate ÷ floor, {len(pairs)} pairs run back to back | median "
        f"{statistics.median(ratios):.2f}, highest {max(ratios):.2f} ("
        + ", ".join(f"{p['consolidate']:.1f}/{p['floor']:.1f} s" for p in pairs)
        + f") | ≤ 1.5 | {_met(max(ratios) <= TARGETS['floor_ratio'])} |",
        f"| consolidate ÷ floor, best of each | {big['seconds'] / floor_s:.2f} (floor {floor_s:.1f} s: "
        f"reading {floor['input_cells']:,} cells {floor['read_seconds']:.1f} s, writing "
        f"{floor['report_cells']:,} cells {floor['write_seconds']:.1f} s; as a process "
        f"{_s(floor)}, CPU ratio {big['cpu_seconds'] / floor['cpu_seconds']:.2f}) | ≤ 1.5 | "
        f"{_met(big['seconds'] / floor_s <= TARGETS['floor_ratio'])} |",
        f"| peak RSS, {centres} cost centres | {big['peak_rss_mib']:.0f} MiB | ≤ 1024 MiB | "
        f"{_met(big['peak_rss_mib'] <= TARGETS['rss_mib'])} |",
        f"| time growth, {largest} ÷ {smallest} | {growth:.2f}× for "
        f"{centres / centres_small:.2f}× the cost centres (CPU "
        f"{big['cpu_seconds'] / small['cpu_seconds']:.2f}×) | ≤ {growth_limit:.2f}× | "
        f"{_met(growth <= growth_limit)} |",
        f"| Kemi sample consolidate | {_s(r['kemi_sample'])} | ≤ 1 s | "
        f"{_met(r['kemi_sample']['seconds'] <= TARGETS['kemi_s'])} |",
        f"| `kemixl --help` | {r['help']['seconds']:.2f} s (`python -c pass` "
        f"{r['python_pass']['seconds']:.2f} s); imports "
        f"{', '.join(r['help']['imports']) or 'none of them'} | imports none of pandas, "
        f"openpyxl, xlsxwriter | {_met(not set(r['help']['imports']) & set(HEAVY))} |",
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
    parser.add_argument("--baseline", type=Path, help="python of an earlier kemixl's environment")
    parser.add_argument("--output", type=Path, default=HERE / "results.md")
    parser.add_argument("--repeat", type=int, default=2, help="runs per consolidation (best of)")
    parser.add_argument("--repeat-largest", type=int, default=1, help="runs at the largest size")
    parser.add_argument(
        "--pairs", type=int, default=5, help="consolidate and floor run back to back, this often"
    )
    args = parser.parse_args()
    if min(args.departments, args.repeat, args.repeat_largest, args.pairs) < 1:
        parser.error("--departments, --repeat, --repeat-largest and --pairs must be at least 1")
    if not (PYTHON.parent / "kemixl").exists():
        sys.exit(f"{PYTHON.parent / 'kemixl'} not found: install kemixl into this environment")
    if args.baseline is not None and not (args.baseline.parent / "kemixl").exists():
        sys.exit(f"{args.baseline.parent / 'kemixl'} not found: not a kemixl environment")
    with tempfile.TemporaryDirectory(prefix="kemixl-bench-") as tmp_name:
        results = collect(args, Path(tmp_name))
    text = markdown(results, args.sizes)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    args.output.with_suffix(".json").write_text(
        json.dumps(results, indent=2) + "\n", encoding="utf-8"
    )
    print(text)
    print(f"wrote {args.output} and {args.output.with_suffix('.json')}", file=sys.stderr)


if __name__ == "__main__":
    main()
