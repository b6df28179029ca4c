"""Finished worksheets assembled and deflated ahead, in a forked child process, while the
parent process goes on building the workbook's other sheets.

A large report's department sheets are finished first and are most of its bytes (50 of 64
sheets, 40 of 54 MB of XML at 20 000 cost centres). A child forked right after them has every
cell it needs (copy-on-write: nothing is pickled); it writes each sheet's XML as the library
would (`Worksheet._assemble_xml_file`, into memory), deflates it as the zip would, and leaves it
in a part file the parent created. The parent, packaging the workbook, waits for the child when
it comes to the first of those sheets and puts the deflated parts into the zip as they are
(`book._Zip`); the machine's second core, idle otherwise, did that work.

The workbook is the same bytes whether the child did the work or not (a test compares the two),
because the child only assembles sheets whose assembly changes nothing the rest of the package
reads (`standalone`: no links, drawings, comments, tables; not the first or active sheet), and
only where the parent numbered every format those sheets use before the fork: XlsxWriter numbers
a format (its xf index) when a sheet first uses it, and a number given in the child's copy would
not be in the parent's styles. A child that numbers a format, fails, dies or hangs is taken as
having done nothing; so is one that could not be forked (no `os.fork`): the parent then
assembles those sheets itself, in their place, as it would have without a child. A small
workbook (fewer than `FORK_FROM_CELLS` cells on the sheets) is not worth a fork.
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
import signal
import struct
import sys
import tempfile
import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

FORK_FROM_CELLS = 20_000  # below that, assembling costs less than a fork (~10 ms)
WAIT_MOST = 60.0  # seconds; a child still at work then has hung (20 000 cost centres: ~1 s)
_HEADER = struct.Struct("<IQ")  # a deflated part's CRC-32 and length of its XML
NUMBERED = 3  # the child's exit status when it numbered a format: nothing usable


# What a worksheet may hold that adds relationships or workbook parts when it is assembled
# (an attribute a library version lacks counts as empty: pivot tables came in 3.3.x).
_ATTACHED = (
    "hyperlinks",
    "charts",
    "images",
    "shapes",
    "tables",
    "pivot_tables",
    "buttons_list",
    "has_vml",
    "has_header_vml",
    "header_images",
    "footer_images",
    "background_image",
    "has_dynamic_arrays",
)


def standalone(sheet: Any) -> bool:
    """A worksheet whose assembly changes nothing but its own XML: no relationships (links,
    drawings, images, comments, buttons, tables, pivot tables), not a chart sheet, nor one the
    workbook selects or activates while packaging (the first and the active one)."""
    return not (
        sheet.is_chartsheet
        or sheet.constant_memory
        or sheet.index == 0
        or sheet.index == sheet.worksheet_meta.activesheet
        or any(getattr(sheet, name, None) for name in _ATTACHED)
    )


def cell_count(sheets: Sequence[Any]) -> int:
    """The cells written on the sheets."""
    return sum(len(cells) for sheet in sheets for cells in sheet.table.values())


def deflate(xml: str, level: int) -> tuple[int, int, bytes]:
    """A part's XML as the zip stores it: its CRC-32, its length in bytes, its deflated bytes
    (zipfile's own compressor: raw deflate at the zip's level)."""
    return _deflated(xml.encode("utf-8"), level)


def deflate_file(path: str, level: int) -> tuple[int, int, bytes]:
    """A part file's XML as the zip stores it (as `deflate`)."""
    with open(path, "rb") as part:
        return _deflated(part.read(), level)


def _deflated(data: bytes, level: int) -> tuple[int, int, bytes]:
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return zlib.crc32(data), len(data), compressor.compress(data) + compressor.flush()


def read_deflated(path: str) -> tuple[int, int, bytes]:
    """A part file the child wrote: (CRC-32, XML length, deflated bytes)."""
    with open(path, "rb") as part:
        head = part.read(_HEADER.size)
        crc, size = _HEADER.unpack(head)
        return crc, size, part.read()


@dataclass
class Child:
    """The child assembling `parts` (sheet → its part file); `pid` None once reaped.
    `rebuild`: what builds the sheets again in the parent where the child built them and
    then failed (apart.py); None where the parent built them."""

    pid: int | None
    parts: dict[Any, str]
    done: bool | None = None  # the child's outcome once waited for
    rebuild: Callable[[], Any] | None = None

    def wait(self) -> bool:
        """Wait for the child (once, `WAIT_MOST` seconds at most: one that hangs is stopped):
        did it assemble every part?"""
        if self.done is None:
            self.done = self._reap(time.monotonic() + WAIT_MOST) == 0
        return self.done

    def stop(self) -> None:
        """The workbook is not written after all: the child ends now, and is reaped."""
        if self.done is None:
            self._reap(time.monotonic())
            self.done = False

    def _reap(self, deadline: float) -> int | None:
        """The child's exit status once it has ended, killed at the deadline (None: killed,
        or its status unknown: reaped elsewhere)."""
        pid, self.pid = self.pid, None
        if pid is None:
            return None
        try:
            ended, status = os.waitpid(pid, os.WNOHANG)
            while not ended and time.monotonic() < deadline:
                time.sleep(0.002)
                ended, status = os.waitpid(pid, os.WNOHANG)
            if not ended:
                with contextlib.suppress(ProcessLookupError):  # (it ended just now)
                    os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return None
        except ChildProcessError:  # (SIGCHLD ignored by the program: reaped by the system)
            return None
        return os.waitstatus_to_exitcode(status)


def start(workbook: Any, sheets: Sequence[Any], folder: str, level: int) -> Child | None:
    """Fork a child assembling `sheets` into part files in `folder`, deflated at `level`; None
    where there is no child (nothing worth it, no fork, the files could not be made)."""
    fork = getattr(os, "fork", None)
    sheets = [sheet for sheet in sheets if standalone(sheet)]
    if fork is None or not sheets or cell_count(sheets) < FORK_FROM_CELLS:
        return None
    try:
        parts = {}
        for sheet in sheets:
            fd, parts[sheet] = tempfile.mkstemp(dir=folder)
            os.close(fd)
    except OSError:  # (the parent, assembling them itself, meets the cause again and says so)
        return None
    formats = (len(workbook.xf_format_indices), len(workbook.dxf_format_indices))
    for stream in (sys.stdout, sys.stderr):  # nothing buffered is written twice
        stream.flush()
    try:
        pid = fork()
    except OSError:
        return None
    if pid == 0:  # the child: never returns
        status = 1
        try:
            gc.disable()  # no finalizer of the parent's objects runs here (a file flushed twice)
            status = assemble(workbook, parts, formats, level)
        finally:
            os._exit(status)
    return Child(pid, parts)


def assemble(workbook: Any, parts: dict[Any, str], formats: tuple[int, int], level: int) -> int:
    """The child's work: each sheet's XML, deflated, into its part file; its exit status."""
    for sheet, path in parts.items():
        buffer = io.StringIO()
        sheet._set_xml_writer(buffer)
        sheet._assemble_xml_file()
        crc, size, deflated = deflate(buffer.getvalue(), level)
        with open(path, "wb") as part:
            part.write(_HEADER.pack(crc, size))
            part.write(deflated)
    if (len(workbook.xf_format_indices), len(workbook.dxf_format_indices)) != formats:
        return NUMBERED
    return 0
