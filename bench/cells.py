"""The report's cells built by two kemixl checkouts, alternately in one process.

    python bench/cells.py BASE_REV MASTER_DIR INPUTS_DIR [--rounds 3] [--lang fi]

Reads and reconciles the organisation once (with this checkout), then times `write_report` of
that same consolidation with git revision BASE_REV's code (exported as a package of another
name beside this one) and this checkout's, one after the other, `--rounds` times: the wall
and CPU seconds of building the cells (up to `Book.close`) and of the whole write. Prints each
round and the best of each, and whether the two workbooks are the same byte for byte. Run it
from the repository's root.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import io
import pickle
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ALIAS = "kemixl_base"


class _Aliased(pickle.Unpickler):
    """Unpickles kemixl's records as the base checkout's classes."""

    def find_class(self, module: str, name: str) -> Any:
        if module == "kemixl" or module.startswith("kemixl."):
            module = ALIAS + module[len("kemixl") :]
        return super().find_class(module, name)


def export(rev: str, into: Path) -> None:
    """src/kemixl of `rev` as package ALIAS in `into` (kemixl imports itself relatively)."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", rev, "src/kemixl"], check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    (into / "src" / "kemixl").rename(into / ALIAS)


Timing = tuple[float, float, float, float]  # build wall, build CPU, write wall, write CPU


def writer(package: str, c: Any, lang: str | None) -> Callable[[Path], Timing]:
    report = importlib.import_module(f"{package}.report")
    book = importlib.import_module(f"{package}.xlsx.book")
    i18n = importlib.import_module(f"{package}.i18n")
    pipeline = importlib.import_module(f"{package}.pipeline")
    marks: dict[str, tuple[float, float]] = {}
    close = book.Book.close

    def timed_close(self: Any) -> None:
        marks["close"] = (time.perf_counter(), time.process_time())
        close(self)

    book.Book.close = timed_close

    def run(target: Path) -> Timing:
        with i18n.using(lang or pipeline.run_language(c.master)), pipeline.gc_paused():
            wall, cpu = time.perf_counter(), time.process_time()
            report.write_report(c, target)
            end_wall, end_cpu = time.perf_counter(), time.process_time()
        gc.collect()
        return (
            marks["close"][0] - wall,
            marks["close"][1] - cpu,
            end_wall - wall,
            end_cpu - cpu,
        )

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("base")
    parser.add_argument("master", type=Path)
    parser.add_argument("inputs", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--lang")
    args = parser.parse_args()
    from kemixl.i18n import using
    from kemixl.master import load_master
    from kemixl.pipeline import collect, read_all, run_language
    from kemixl.reconcile import reconcile

    master = load_master(args.master)
    with using(args.lang or run_language(master)):
        paths, skipped = collect(args.inputs)
        c = reconcile(master, read_all(paths, master.settings.limits), skipped, None)
    data = pickle.dumps(c)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        export(args.base, folder)
        sys.path.insert(0, str(folder))
        base_c = _Aliased(io.BytesIO(data)).load()
        runs = {
            "base": writer(ALIAS, base_c, args.lang),
            "this": writer("kemixl", pickle.loads(data), args.lang),
        }
        times: dict[str, list[Timing]] = {name: [] for name in runs}
        for _round in range(args.rounds):
            for name, run in runs.items():
                times[name].append(run(folder / f"{name}.xlsx"))
                t = times[name][-1]
                print(f"{name}: cells {t[0]:.3f} s ({t[1]:.3f} s CPU), write {t[2]:.3f} s")
        best = {name: [min(t[i] for t in ts) for i in range(4)] for name, ts in times.items()}
        for name, b in best.items():
            print(f"best {name}: cells {b[0]:.3f} s wall, {b[1]:.3f} s CPU; write {b[2]:.3f} s")
        print(
            f"this / base: cells {best['this'][0] / best['base'][0]:.2f} wall, "
            f"{best['this'][1] / best['base'][1]:.2f} CPU"
        )
        same = (folder / "base.xlsx").read_bytes() == (folder / "this.xlsx").read_bytes()
        print("the same workbook byte for byte" if same else "THE WORKBOOKS DIFFER")


if __name__ == "__main__":
    main()
