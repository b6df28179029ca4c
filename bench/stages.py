"""Where `kemixl consolidate` spends its time: each stage timed on its own, in one process.

    python bench/stages.py MASTER_DIR INPUTS_DIR OUTPUT.xlsx RESULT.json [--profile PROFILE]

Runs the stages `kemixl consolidate` runs, in order, with the library's own functions (the same
in every kemixl since the pipeline took this shape, so the benchmark can time an earlier
checkout too): loading the master data, reading the submissions (in parallel processes, as the
command does), reconciling, writing the report. Writes {stage: {"seconds", "cpu_seconds"}} as
JSON to RESULT.json (wall time, and this process's and its waited-for children's CPU time).
With --profile, also a cProfile of the whole run (reading's workers are other processes: their
time shows as waiting).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import resource
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def cpu() -> float:
    """CPU seconds of this process and of its children that have been waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def timed(stages: dict[str, dict[str, float]], name: str, work: Callable[[], Any]) -> Any:
    start, start_cpu = time.perf_counter(), cpu()
    result = work()
    stages[name] = {"seconds": time.perf_counter() - start, "cpu_seconds": cpu() - start_cpu}
    return result


def run(master_dir: Path, inputs: Path, output: Path) -> dict[str, dict[str, float]]:
    from kemixl.i18n import using
    from kemixl.master import load_master
    from kemixl.pipeline import collect, gc_paused, read_all, run_language
    from kemixl.reconcile import reconcile
    from kemixl.report import write_report

    stages: dict[str, dict[str, float]] = {}
    master = timed(stages, "master load", lambda: load_master(master_dir))
    with using(run_language(master)), gc_paused():
        paths, skipped = collect(inputs)
        submissions = timed(stages, "reading", lambda: read_all(paths, master.settings.limits))
        c = timed(stages, "reconciling", lambda: reconcile(master, submissions, skipped, None))
        timed(stages, "writing", lambda: write_report(c, output))
    return stages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("master", type=Path)
    parser.add_argument("inputs", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("result", type=Path)
    parser.add_argument("--profile", type=Path)
    args = parser.parse_args()
    if args.profile is not None:
        profiler = cProfile.Profile()
        stages = profiler.runcall(run, args.master, args.inputs, args.output)
        profiler.dump_stats(str(args.profile))
    else:
        stages = run(args.master, args.inputs, args.output)
    args.result.write_text(json.dumps(stages, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
