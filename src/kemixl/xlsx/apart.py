"""Worksheets built in a forked child process while the parent builds others.

A large report spends seconds building its department sheets one after another, on one core.
A child forked before them has the workbook as it stands (copy-on-write: nothing is pickled)
and builds some of those sheets while the parent builds the rest. What the child's building
changes in its copy is lost to the parent, so what the parent needs of it comes back:

- what the caller's building returns (`build`'s result: the report's layout of those sheets,
  where its other sheets find their figures), pickled into a file the parent made, with
- what the workbook's packaging reads of each sheet besides its own XML (`_PACKAGED`: print
  areas, print titles, autofilters: the workbook's defined names);
- and the sheets' XML itself, assembled and deflated into part files as `ahead.py`'s child
  does it, after the child has sent the above (the parent goes on meanwhile).

The child's work is used only where its building changed nothing else the workbook writes: it
numbered no format, put no text into the shared-string table (the quick writers write inline
strings, rows.py), selected no sheet, defined no name, and every sheet it built is standalone
(ahead.py). Otherwise, or where it fails, dies or does not answer within `ahead.WAIT_MOST`,
or cannot be forked, the parent builds those sheets itself, in their place (after its own, as
a serial build would). A child that fails only while assembling, after its result was used,
leaves the sheets empty in the parent: they are then built again (`Child.rebuild`, whose
result is dropped) and assembled where they are packaged. The workbook is the same bytes
whichever way (a test compares).
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import select
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from typing import Any

from . import ahead

# What the packaging reads of a worksheet besides its XML: its defined names
# (Workbook._prepare_defined_names) and whether it is hidden (workbook.xml); the rest it reads
# is what ahead.standalone asks to be empty.
_PACKAGED = (
    "autofilter_area",
    "print_area_range",
    "repeat_col_range",
    "repeat_row_range",
    "hidden",
)
_SENT = b"1"  # the child's word that its result file is complete


def _untouched(workbook: Any) -> tuple[int, ...]:
    """What building a standalone sheet must not change in the workbook: its numbered
    formats, its shared strings, the sheet it selects and shows first, its defined names."""
    meta = workbook.worksheet_meta
    strings = workbook.str_table
    return (
        len(workbook.xf_format_indices),
        len(workbook.dxf_format_indices),
        strings.count,
        strings.unique_count,
        meta.activesheet,
        meta.firstsheet,
        len(workbook.defined_names),
    )


class Builder(ahead.Child):
    """The child building sheets (then assembling them into `parts`); its result once sent."""

    def __init__(
        self,
        pid: int,
        parts: dict[Any, str],
        answer: int,
        result_path: str,
        build: Callable[[], Any],
    ) -> None:
        super().__init__(pid, parts, rebuild=build)
        self.answer: int | None = answer  # the pipe's end the child's word comes through
        self.result_path = result_path

    def result(self) -> Any:
        """What the child's building returned, its sheets' packaging settings applied to the
        parent's sheets; None where the child failed (it is then stopped, and nothing of its
        is used: the caller builds the sheets itself)."""
        sent = self._hear(time.monotonic() + ahead.WAIT_MOST)
        if sent:
            try:
                with open(self.result_path, "rb") as file:
                    value, packaged = pickle.load(file)
            except (OSError, pickle.UnpicklingError, EOFError, ValueError):
                sent = False
        if not sent:
            self.stop()
            self.parts, self.rebuild = {}, None
            return None
        for sheet, settings in zip(self.parts, packaged, strict=True):
            for name, setting in zip(_PACKAGED, settings, strict=True):
                setattr(sheet, name, setting)
        return value

    def wait(self) -> bool:
        """Wait for the child (`Child.wait`); where its result was never taken (`result`:
        a caller that needs nothing of its building), it must also have sent it: a child that
        ended before, even with status 0, did not build the sheets."""
        if self.done is None and self.answer is not None:
            ended = super().wait()
            self.done = ended and self._hear(time.monotonic())
        return super().wait()

    def _hear(self, deadline: float) -> bool:
        """The child's word that its result is there (False: it ended without, or hung)."""
        answer, self.answer = self.answer, None
        if answer is None:
            return False
        try:
            while True:
                left = max(0.0, deadline - time.monotonic())
                ready = False
                with contextlib.suppress(InterruptedError):
                    ready = bool(select.select([answer], [], [], left)[0])
                if ready:
                    return os.read(answer, 1) == _SENT
                if left == 0:
                    return False
        finally:
            os.close(answer)

    def stop(self) -> None:
        if self.answer is not None:
            os.close(self.answer)
            self.answer = None
        super().stop()


def start(
    workbook: Any, sheets: Sequence[Any], build: Callable[[], Any], folder: str, level: int
) -> Builder | None:
    """Fork a child that runs `build` (which builds `sheets` and returns something to
    pickle), sends its result, then assembles the sheets into part files in `folder`,
    deflated at `level`; None where no child could be had (the caller builds them)."""
    fork = getattr(os, "fork", None)
    if fork is None or not sheets:
        return None
    paths: list[str] = []
    try:
        for _sheet in (*sheets, None):
            fd, path = tempfile.mkstemp(dir=folder)
            os.close(fd)
            paths.append(path)
        answer, told = os.pipe()
    except OSError:
        for path in paths:
            with contextlib.suppress(OSError):
                os.remove(path)
        return None
    *sheet_paths, result_path = paths
    parts = dict(zip(sheets, sheet_paths, strict=True))
    for stream in (sys.stdout, sys.stderr):  # nothing buffered is written twice
        stream.flush()
    try:
        pid = fork()
    except OSError:
        os.close(answer)
        os.close(told)
        return None
    if pid == 0:  # the child: never returns
        status = 1
        try:
            gc.disable()  # no finalizer of the parent's objects runs here (a file flushed twice)
            os.close(answer)
            status = _build(workbook, parts, build, result_path, told, level)
        finally:
            os._exit(status)
    os.close(told)
    return Builder(pid, parts, answer, result_path, build)


def _build(
    workbook: Any,
    parts: dict[Any, str],
    build: Callable[[], Any],
    result_path: str,
    told: int,
    level: int,
) -> int:
    """The child's work: the sheets built, the result sent, the sheets assembled; its exit
    status (not 0: nothing of its usable, or only what it sent)."""
    before = _untouched(workbook)
    value = build()
    if _untouched(workbook) != before or not all(ahead.standalone(s) for s in parts):
        return ahead.NUMBERED
    packaged = [tuple(getattr(sheet, name) for name in _PACKAGED) for sheet in parts]
    with open(result_path, "wb") as file:
        pickle.dump((value, packaged), file, pickle.HIGHEST_PROTOCOL)
    os.write(told, _SENT)
    os.close(told)
    formats = (len(workbook.xf_format_indices), len(workbook.dxf_format_indices))
    return ahead.assemble(workbook, parts, formats, level)
