"""How much of a large CSV export `kemixl.master.sniff` reads, and how long it takes.

    python bench/sniff.py [--rows 1000000] [--repeat 5]

Writes a ledger-like export (semicolon-separated, Windows-1252, decimal commas, CRLF: what
Finnish Excel or an accounting system writes) to a temporary folder, then measures sniff: the
bytes it read (from the file object's position) and its best wall time, against the file's
size and the time pandas takes to read the whole file with the sniffed dialect (the reuse that
issue 13 needs). Not part of the test suite: timings are never asserted.
"""

from __future__ import annotations

import argparse
import builtins
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from kemixl.master import sniff

COLUMNS = ("date", "account", "code", "text", "amount")


def write_ledger(path: Path, rows: int) -> None:
    with path.open("w", encoding="cp1252", newline="") as f:
        f.write(";".join(COLUMNS) + "\r\n")
        for i in range(rows):
            f.write(f"2023-{1 + i % 6:02d}-15;{4000 + i % 97};6411{i % 10:04d};Ostolasku ä {i};")
            f.write(f"{(i % 20000) - 10000},{i % 100:02d}\r\n")


def bytes_read_by_sniff(path: Path) -> int:
    """The furthest position sniff's reads reached in the file."""
    furthest = 0
    real_open = builtins.open

    class Counting:
        def __init__(self, f: Any) -> None:
            self.f = f

        def __enter__(self) -> Counting:
            return self

        def __exit__(self, *exc: object) -> None:
            nonlocal furthest
            furthest = max(furthest, self.f.tell())
            self.f.close()

        def read(self, n: int = -1) -> bytes:
            data: bytes = self.f.read(n)
            return data

    def counting_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        f = real_open(file, *args, **kwargs)
        return Counting(f) if str(file) == str(path) else f

    builtins.open = counting_open
    try:
        sniff(path, COLUMNS)
    finally:
        builtins.open = real_open
    return furthest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ledger.csv"
        write_ledger(path, args.rows)
        size = path.stat().st_size
        best = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            dialect = sniff(path, COLUMNS)
            best = min(best, time.perf_counter() - start)
        read = bytes_read_by_sniff(path)
        import pandas as pd

        start = time.perf_counter()
        frame = pd.read_csv(
            path,
            sep=dialect.delimiter,
            decimal=dialect.decimal,
            encoding=dialect.encoding,
            dtype={"code": str},
        )
        pandas_seconds = time.perf_counter() - start
        assert len(frame) == args.rows and frame["amount"].dtype.kind == "f"
    print(
        json.dumps(
            {
                "rows": args.rows,
                "file_bytes": size,
                "sniff_bytes_read": read,
                "sniff_seconds_best": round(best, 5),
                "dialect": [dialect.encoding, dialect.delimiter, dialect.decimal, dialect.newline],
                "pandas_full_read_seconds": round(pandas_seconds, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
