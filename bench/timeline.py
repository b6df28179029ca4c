"""When each part of one `kemixl consolidate` runs: the stages as the command overlaps them.

    python bench/timeline.py FOLDER --master MASTER_DIR --output REPORT.xlsx [any other option]

Runs the command in this process (as the console script would, its arguments as given) with
the pipeline's stage functions wrapped, and prints when each starts and ends, in seconds from
the start of this script (imports included). bench/stages.py times each stage alone; this shows
what the command does at once: the master data loading while the workers read, the checks of
each workbook as it arrives (inside "reading"), what is left of reconciling, writing (the
department sheets forked off to a child that builds them and writes their XML, those built
here handed to another child that writes theirs, the data sheet forked off likewise,
`Book.close`), and the time from the report written to the command's return (as the console
script runs it: what the run made is left to the process's end). Nothing is asserted; timings vary with the
machine's load, so take the shape, not the figures.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

START = time.perf_counter()
EVENTS: list[tuple[float, str]] = []


def at(what: str) -> None:
    EVENTS.append((time.perf_counter() - START, what))


def wrapped(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def run(*args: Any, **kwargs: Any) -> Any:
        at(f"{name} starts")
        try:
            return fn(*args, **kwargs)
        finally:
            at(f"{name} ends")

    return run


def main(argv: list[str]) -> int:
    import kemixl.pipeline as pipeline
    import kemixl.report as report
    from kemixl.cli import main as kemixl
    from kemixl.collector import end_with_run
    from kemixl.xlsx.ahead import Child
    from kemixl.xlsx.apart import Builder
    from kemixl.xlsx.book import Book

    at("imported")
    for module, name, label in (
        (pipeline, "load_master", "master load"),
        (pipeline, "read_with", "reading (each workbook checked as it arrives)"),
        (pipeline, "reconcile", "reconciling what is left"),
        (report, "write_report", "writing"),
        (Book, "build_apart", "sheets forked off to be built apart (departments, data)"),
        (Builder, "result", "waiting for the sheets built apart (their layout)"),
        (Book, "assemble_ahead", "the department sheets built here handed to a child process"),
        (Book, "close", "Book.close (the XML of the sheets left, the zip)"),
        (Child, "wait", "waiting for the child"),
    ):
        setattr(module, name, wrapped(label, getattr(module, name)))
    code: int | str | None = 0
    # as the console script (kemixl.cli.run) runs it: the process ends with the command, so
    # what the run made is kept, not freed object by object before the command returns
    end_with_run()
    try:
        kemixl(["consolidate", *argv, "--quiet"])
    except SystemExit as exc:
        code = exc.code
    at(f"the command returned (exit code {code})")
    for seconds, what in EVENTS:
        print(f"{seconds:7.2f} s  {what}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
