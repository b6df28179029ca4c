"""Reading the submissions: in parallel processes when it pays, and ahead of the master data.

Reading is pure (a path in, a record out, findings instead of exceptions), so workbooks are
independent and the result does not depend on how many processes read them, nor on when.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path

from .submissions.reader import read_submission
from .submissions.records import Submission
from .xlsx.safe import DEFAULT_LIMITS, Limits

# Called after each workbook is read: (workbooks read, workbooks in all, file name).
Progress = Callable[[int, int, str], None]

PARALLEL_FROM = 8  # workbooks: below this a process pool costs more than it saves


def workers_for(files: int) -> int:
    """Processes for reading: one per CPU this process may use, none for a handful of files."""
    if files < PARALLEL_FROM:
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 8, files // 2))


def read_all(
    paths: list[Path],
    limits: Limits = DEFAULT_LIMITS,
    progress: Progress | None = None,
    workers: int | None = None,
) -> list[Submission]:
    """Every submission, in the order of paths; read in parallel processes when it pays."""
    n = workers_for(len(paths)) if workers is None else workers
    if n > 1:
        try:
            with ProcessPoolExecutor(max_workers=n) as pool:
                return Ahead(paths, limits, _submit(pool, paths, limits)).result(progress)
        except (OSError, BrokenProcessPool):  # no processes to be had here: read in this one
            pass
    submissions = []
    for i, p in enumerate(paths, start=1):
        submissions.append(read_submission(p, limits))
        if progress is not None:
            progress(i, len(paths), p.name)
    return submissions


def _submit(
    pool: ProcessPoolExecutor, paths: list[Path], limits: Limits
) -> list[Future[Submission]]:
    return [pool.submit(read_submission, p, limits) for p in paths]


def read_with(
    ahead: Ahead | None,
    paths: list[Path],
    limits: Limits,
    progress: Progress | None = None,
    each: Callable[[Submission], object] | None = None,
) -> list[Submission]:
    """The submissions `ahead` has been reading, if they are these; else read them now.
    `each` is called on each submission from `ahead` as it arrives, while the workers read the
    next ones (work that would otherwise wait for the last workbook)."""
    if ahead is not None and ahead.serves(paths, limits):
        try:
            return ahead.result(progress, each)
        except (OSError, BrokenProcessPool):  # a worker lost (out of memory?): read here
            pass
    return read_all(paths, limits, progress)


class Ahead:
    """Submissions being read by worker processes while this process does other work."""

    def __init__(
        self,
        paths: list[Path],
        limits: Limits,
        futures: list[Future[Submission]],
        pool: ProcessPoolExecutor | None = None,
    ):
        self.paths = paths
        self.limits = limits
        self.futures = futures
        self.pool = pool  # shut down once every workbook is read (see result)

    def serves(self, paths: list[Path], limits: Limits) -> bool:
        """Whether these are the workbooks a run asks for, read within its limits."""
        return paths == self.paths and limits == self.limits

    def result(
        self, progress: Progress | None = None, each: Callable[[Submission], object] | None = None
    ) -> list[Submission]:
        """Every submission, in the order of paths, as each is read (see read_with)."""
        submissions = []
        for i, (p, future) in enumerate(zip(self.paths, self.futures, strict=True), start=1):
            sub = future.result()
            submissions.append(sub)
            if progress is not None:
                progress(i, len(self.paths), p.name)
            if each is not None:
                each(sub)
        if self.pool is not None:
            # Idle from here on: its processes and its thread go before the report is written
            # (which forks a process of its own, best done with no other thread running).
            self.pool.shutdown(wait=True)
        return submissions


@contextmanager
def reading_ahead(paths: list[Path], limits: Limits | None) -> Iterator[Ahead | None]:
    """Start reading the workbooks in worker processes and go on at once (None: not worth it,
    the limits are not known yet, or no processes to be had); the workers stop with the block,
    whatever it raises. A large organisation's master data (tens of thousands of rows) then
    loads while its workbooks are read, on a machine with CPUs to spare."""
    n = workers_for(len(paths))
    if limits is None or n < 2:
        yield None
        return
    try:
        pool = ProcessPoolExecutor(max_workers=n)
        futures = _submit(pool, paths, limits)
    except (OSError, BrokenProcessPool):
        yield None
        return
    try:
        yield Ahead(paths, limits, futures, pool)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
