"""The main process's own work besides reading and writing, this checkout against another,
alternately in one process: each workbook checked as it arrives, reconciling what is left, the
report's writing (with --write), the CLI's summary lines.

    python bench/checks.py MASTER_DIR INPUTS_DIR OTHER_SRC [--rounds N] [--write]

OTHER_SRC is another checkout's src folder (e.g. /work/main/src): its kemixl package is copied
to a temporary folder as `kemixl_other` and imported beside this one. The workbooks are read
once (by this checkout) and handed to each as its own records (unpickled into its classes).
Prints each part's CPU seconds (time.process_time: this process only, not a child's), the
best of the rounds for each side, and the ratio. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import io
import pickle
import shutil
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

PARTS = ("checks", "reconcile", "write", "summaries")


class _Renamed(pickle.Unpickler):
    """Records of `kemixl` unpickled as the same records of another package name."""

    def __init__(self, data: bytes, package: str) -> None:
        super().__init__(io.BytesIO(data))
        self.package = package

    def find_class(self, module: str, name: str) -> Any:
        if module == "kemixl" or module.startswith("kemixl."):
            module = self.package + module[len("kemixl") :]
        return super().find_class(module, name)


def one_round(pkg: str, master_dir: Path, data: bytes, out: Path, write: bool) -> list[float]:
    def part(name: str) -> ModuleType:
        return importlib.import_module(f"{pkg}.{name}")

    subs, skipped = _Renamed(data, pkg).load()
    master = part("master").load_master(master_dir)
    r = part("reconcile")
    with part("i18n").using(part("pipeline").run_language(master)):
        inputs = r.inputs_of(None)
        t0 = time.process_time()
        checked = {s.name: r.check_workbook(master, s, inputs) for s in subs}
        t1 = time.process_time()
        c = r.reconcile(master, subs, skipped, None, checked)
        t2 = time.process_time()
        if write:
            part("report").write_report(c, out)
        t3 = time.process_time()
        r.overrun_summary(c)
        r.shortfall_summary(c)
        t4 = time.process_time()
    return [t1 - t0, t2 - t1, t3 - t2, t4 - t3]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("master", type=Path)
    parser.add_argument("inputs", type=Path)
    parser.add_argument("other_src", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    from kemixl.master import load_master
    from kemixl.pipeline import collect, read_all

    gc.disable()  # as the command runs these parts
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(args.other_src / "kemixl", Path(tmp) / "kemixl_other")
        sys.path.insert(0, tmp)
        paths, skipped = collect(args.inputs)
        limits = load_master(args.master).settings.limits
        data = pickle.dumps((read_all(paths, limits), skipped))
        best: dict[str, list[float]] = {}
        for _ in range(args.rounds):
            for pkg in ("kemixl_other", "kemixl"):
                took = one_round(pkg, args.master, data, Path(tmp) / f"{pkg}.xlsx", args.write)
                print(pkg, " ".join(f"{p} {t:.3f}" for p, t in zip(PARTS, took, strict=True)))
                best[pkg] = [min(a, b) for a, b in zip(best.get(pkg, took), took, strict=True)]
    other, this = best["kemixl_other"], best["kemixl"]
    for name, a, b in zip(PARTS, other, this, strict=True):
        ratio = f"  ({b / a:.2f}×)" if a >= 0.01 else ""
        print(f"best {name:10s} other {a:.3f} s  this {b:.3f} s{ratio}")
    print(f"sum of the bests  other {sum(other):.3f} s  this {sum(this):.3f} s")


if __name__ == "__main__":
    main()
