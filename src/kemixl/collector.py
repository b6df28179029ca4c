"""The cyclic garbage collector, paused while kemixl makes many records.

A large organisation's run keeps hundreds of thousands of records alive (the master data, the
submissions, the report's cells); every full collection walks them all, which made a 20 000
cost-centre run a quarter slower (and superlinear). kemixl's records form no cycles, so nothing
is held back that the collector would have freed.

What a run made and its caller still holds then sits in the youngest generation, and the first
collection after the run walks it all (a second at 20 000 cost centres): a command that ends
with the run drops its records first, or keeps the collector off (kemixl.cli), a library caller
pays it once.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator


def _never() -> bool:
    return False


@contextlib.contextmanager
def paused(stay_off: Callable[[], bool] = _never) -> Iterator[None]:
    """No cyclic garbage collection inside the block; afterwards the collector is as it was,
    unless `stay_off()` says, at the block's end, that the process ends next."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled and not stay_off():
            gc.enable()


# Set by the console script (kemixl.cli.run): the process ends when the command does.
_ends_with_run = False
_kept: list[object] = []


def end_with_run() -> None:
    """The process ends when the command does: what `keep` is given is never freed one by one
    (the operating system takes the process's memory back at once)."""
    global _ends_with_run
    _ends_with_run = True


def ends_with_run() -> bool:
    return _ends_with_run


def keep(thing: object) -> None:
    """`thing` held to the process's end where it ends with the run (freeing a large report's
    workbook, a million cells, object by object took a tenth of a second); otherwise nothing:
    it goes when its last reference does."""
    if _ends_with_run:
        _kept.append(thing)
