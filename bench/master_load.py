"""`load_master` of one master folder (or workbook), timed: wall and CPU seconds, best of N.

    python bench/master_load.py MASTER [--rounds 3] [--checkout DIR ...]

Alone, it times this interpreter's kemixl in this process. With --checkout (one or more kemixl
checkouts, each with its own .venv), it runs each checkout's interpreter on the same master in
turn, round after round, so that a busy machine weighs on all of them alike, and prints each
one's best wall and CPU seconds and their ratio to the first's. A fresh process per run: the
master loads as a command loads it (nothing cached from an earlier load).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve()


def once(master: Path) -> dict[str, float]:
    """One load_master in this process: {"wall", "cpu"} seconds."""
    from kemixl.master import load_master

    wall, cpu = time.perf_counter(), time.process_time()
    load_master(master)
    return {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}


def compare(master: Path, checkouts: list[Path], rounds: int) -> None:
    best: dict[Path, dict[str, float]] = {}
    for _ in range(rounds):
        for checkout in checkouts:
            python = checkout / ".venv" / "bin" / "python"
            out = subprocess.run(
                [str(python), str(HERE), str(master), "--once"],
                check=True,
                capture_output=True,
                text=True,
                cwd=checkout,
            ).stdout
            run = json.loads(out)
            seen = best.setdefault(checkout, run)
            best[checkout] = {k: min(seen[k], run[k]) for k in run}
    first = best[checkouts[0]]
    for checkout in checkouts:
        b = best[checkout]
        print(
            f"{checkout}: wall {b['wall']:.3f} s ({b['wall'] / first['wall']:.2f}), "
            f"cpu {b['cpu']:.3f} s ({b['cpu'] / first['cpu']:.2f})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("master", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--checkout", type=Path, action="append", default=[])
    parser.add_argument("--once", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    master = args.master.resolve()
    if args.once:
        json.dump(once(master), sys.stdout)
    elif args.checkout:
        compare(master, [c.resolve() for c in args.checkout], args.rounds)
    else:
        runs = [once(master) for _ in range(args.rounds)]
        print(f"wall {min(r['wall'] for r in runs):.3f} s, cpu {min(r['cpu'] for r in runs):.3f} s")


if __name__ == "__main__":
    main()
