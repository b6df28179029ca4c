"""The department sheets assembled ahead in a child process (xlsx/ahead.py) change nothing:
the workbook is the same bytes with the child's work, without a child (none forked, or one
that failed, died or numbered a format of its own), and a child is never left behind (no
process, no part file), whatever happens. The formats numbered when they are made
(report/formats.py) give every cell the same format as the library's numbering did."""

from __future__ import annotations

import copy
import datetime
import errno
import inspect
import os
import signal
import time
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from xlsxwriter.worksheet import Worksheet

from kemixl.pipeline import consolidate
from kemixl.report import formats as report_formats
from kemixl.synth import synthesize
from kemixl.xlsx import ahead
from kemixl.xlsx import book as book_module
from kemixl.xlsx.book import Book
from kemixl.xlsx.rows import QuickRowsWorksheet

from .conftest import INPUTS, TEMPLATES
from .test_write_errors import FULL, _consolidate, _one_line

CHILDREN: list[int] = []  # every child forked


def _no_child_left() -> None:
    """Every child forked has been reaped (none running, no zombie)."""
    for pid in CHILDREN:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Every workbook, however small, handed to a child; each child's outcome, in order."""
    outcomes: list[bool] = []
    monkeypatch.setattr(ahead, "FORK_FROM_CELLS", 0)
    start = book_module.start

    def started(*args: Any) -> ahead.Child | None:
        child = start(*args)
        if child is not None and child.pid is not None:
            CHILDREN.append(child.pid)
        return child

    monkeypatch.setattr(book_module, "start", started)
    wait = ahead.Child.wait

    def recorded(self: ahead.Child) -> bool:
        first = self.done is None
        done = wait(self)
        if first:
            outcomes.append(done)
        return done

    monkeypatch.setattr(ahead.Child, "wait", recorded)
    return outcomes


def _no_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "fork")


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    org = tmp_path_factory.mktemp("ahead") / "org"
    synthesize(org, 3, 12, seed=11)
    return org


def test_the_sample_is_the_same_bytes_with_and_without_the_child(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, forks: list[bool]
) -> None:
    consolidate(INPUTS, TEMPLATES, tmp_path / "ahead.xlsx")
    assert forks == [True]  # a child assembled the department sheets
    _no_child_left()
    with monkeypatch.context() as m:
        _no_fork(m)
        consolidate(INPUTS, TEMPLATES, tmp_path / "alone.xlsx")
    assert forks == [True]  # no second child
    ahead_bytes = (tmp_path / "ahead.xlsx").read_bytes()
    assert ahead_bytes == (tmp_path / "alone.xlsx").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ahead.xlsx", "alone.xlsx"]


def test_the_parts_deflated_ahead_are_the_zips_own(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, forks: list[bool]
) -> None:
    """Deflated ahead (by the child, by the thread) or by the zip itself as it stores each
    part: the same entries, byte for byte."""
    consolidate(INPUTS, TEMPLATES, tmp_path / "ahead.xlsx")
    with monkeypatch.context() as m:
        _no_fork(m)
        m.setattr(book_module._Packager, "_deflate_ahead", lambda self, path: None)
        consolidate(INPUTS, TEMPLATES, tmp_path / "zip.xlsx")
    assert forks == [True]
    assert (tmp_path / "ahead.xlsx").read_bytes() == (tmp_path / "zip.xlsx").read_bytes()


def test_a_synthetic_report_in_swedish_is_the_same_bytes_either_way(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, forks: list[bool], synthetic: Path
) -> None:
    args = (synthetic / "inputs", synthetic / "templates")
    consolidate(*args, tmp_path / "ahead.xlsx", language="sv")
    monkeypatch.setattr(ahead, "FORK_FROM_CELLS", 10**12)  # not worth a fork
    consolidate(*args, tmp_path / "alone.xlsx", language="sv")
    assert forks == [True]
    assert (tmp_path / "ahead.xlsx").read_bytes() == (tmp_path / "alone.xlsx").read_bytes()
    _no_child_left()


def test_a_small_report_forks_no_child(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, forks: list[bool]
) -> None:
    monkeypatch.setattr(ahead, "FORK_FROM_CELLS", 10**12)
    consolidate(INPUTS, TEMPLATES, tmp_path / "r.xlsx")
    assert forks == []


@pytest.mark.parametrize("failure", ["raises", "killed", "exits", "hangs"])
def test_a_failed_child_leaves_the_work_to_the_parent(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capfd: pytest.CaptureFixture[str],
    forks: list[bool],
    failure: str,
) -> None:
    """The child raising, killed by a signal, exiting half-way or never ending: the parent
    assembles the sheets itself, the same workbook, and nothing is printed (no traceback from
    the child)."""
    with monkeypatch.context() as m:
        _no_fork(m)
        consolidate(INPUTS, TEMPLATES, tmp_path / "alone.xlsx")
    capfd.readouterr()

    def failing(workbook: Any, parts: dict[Any, str], *_: Any) -> int:
        path = next(iter(parts.values()))
        Path(path).write_bytes(b"half a part")
        if failure == "raises":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        if failure == "killed":
            os.kill(os.getpid(), signal.SIGKILL)
        if failure == "hangs":
            time.sleep(3600)
        return 1

    monkeypatch.setattr(ahead, "assemble", failing)
    monkeypatch.setattr(ahead, "WAIT_MOST", 0.5)
    consolidate(INPUTS, TEMPLATES, tmp_path / "failed.xlsx")
    assert forks == [False]
    assert capfd.readouterr() == ("", "")
    assert (tmp_path / "failed.xlsx").read_bytes() == (tmp_path / "alone.xlsx").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alone.xlsx", "failed.xlsx"]
    _no_child_left()


def test_the_comparison_sees_a_child_that_wrote_otherwise(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, forks: list[bool]
) -> None:
    """The check can fail: a child whose XML differs by one character is seen."""
    deflate = ahead.deflate
    monkeypatch.setattr(
        ahead, "deflate", lambda xml, level: deflate(xml.replace("<v>", "<v> ", 1), level)
    )
    consolidate(INPUTS, TEMPLATES, tmp_path / "ahead.xlsx")
    monkeypatch.setattr(ahead, "FORK_FROM_CELLS", 10**12)
    consolidate(INPUTS, TEMPLATES, tmp_path / "alone.xlsx")
    assert forks == [True]
    with_child, without = _parts(tmp_path / "ahead.xlsx"), _parts(tmp_path / "alone.xlsx")
    assert list(with_child) == list(without)
    differing = [name for name in with_child if with_child[name] != without[name]]
    assert differing and all(name.startswith("xl/worksheets/") for name in differing)


def _small_book(path: Path, number: bool) -> tuple[Book, list[Any]]:
    """A workbook of a first sheet and two finished sheets of a format numbered (or not)."""
    book = Book(path)
    # (a fixed time: the library stamps the moment of creation, which a second may part)
    book.set_properties({"created": datetime.datetime(2024, 1, 31)})
    bold = book.add_format({"bold": True})
    if number:
        bold._get_xf_index()
    book.add_worksheet("First", worksheet_class=QuickRowsWorksheet)
    sheets = [book.add_worksheet(f"S{n}", worksheet_class=QuickRowsWorksheet) for n in (1, 2)]
    for n, sheet in enumerate(sheets):
        for row in range(50):
            sheet.quick_number(row, 0, row * n + 0.5, bold)
            sheet.quick_string(row, 1, f"text {row}", None)
    return book, sheets


def test_a_child_numbering_a_format_is_not_used(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, forks: list[bool]
) -> None:
    """A format the parent had not numbered would be numbered in the child's copy only: its
    work is set aside and the parent numbers the format itself, as without a child."""
    book, sheets = _small_book(tmp_path / "unnumbered.xlsx", number=False)
    book.assemble_ahead(sheets)
    book.close()
    assert forks == [False]
    with monkeypatch.context() as m:
        _no_fork(m)
        book, sheets = _small_book(tmp_path / "alone.xlsx", number=False)
        book.assemble_ahead(sheets)
        book.close()
    assert (tmp_path / "unnumbered.xlsx").read_bytes() == (tmp_path / "alone.xlsx").read_bytes()
    book, sheets = _small_book(tmp_path / "numbered.xlsx", number=True)
    book.assemble_ahead(sheets)
    book.close()
    assert forks == [False, True]
    _no_child_left()


def test_only_standalone_sheets_are_handed_over(tmp_path: Path, forks: list[bool]) -> None:
    """The first sheet, the active one and one with a link (a relationship the package
    writes from what assembling the sheet collects) stay with the parent."""
    book, sheets = _small_book(tmp_path / "r.xlsx", number=True)
    first = book.worksheets()[0]
    linked = book.add_worksheet("Linked")
    linked.write_url(0, 0, "https://example.org/")
    active = book.add_worksheet("Active")
    active.activate()
    assert [ahead.standalone(s) for s in (first, *sheets, linked, active)] == [
        False,
        True,
        True,
        False,
        False,
    ]
    book.assemble_ahead([first, *sheets, linked, active])
    assert [list(child.parts) for child in book.children] == [sheets]
    book.close()
    assert forks == [True]
    with zipfile.ZipFile(tmp_path / "r.xlsx") as z:
        assert "xl/worksheets/_rels/sheet4.xml.rels" in z.namelist()


def test_a_failure_before_closing_leaves_no_child_and_no_part(
    tmp_path: Path, forks: list[bool]
) -> None:
    book, sheets = _small_book(tmp_path / "r.xlsx", number=True)
    book.assemble_ahead(sheets)
    assert len(book.children) == 1 and book.children[0].pid is not None
    book.release()  # what writing the report does when building the rest fails
    _no_child_left()
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_is_reported_as_ever(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, forks: list[bool]
) -> None:
    """The child cannot write its parts (the disk is full) and neither can the parent: the
    OSError of the cause, nothing left behind."""
    book, sheets = _small_book(tmp_path / "r.xlsx", number=True)
    book.assemble_ahead(sheets)

    def full(*args: Any, **kwargs: Any) -> Any:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(ahead, "assemble", full)
    monkeypatch.setattr("tempfile.mkstemp", full)
    with pytest.raises(OSError) as raised:
        book.close()
    assert raised.value.errno == errno.ENOSPC
    _no_child_left()
    assert list(tmp_path.iterdir()) == []


FORKING = "import kemixl.xlsx.ahead as ahead\nahead.FORK_FROM_CELLS = 0\n"


def test_a_full_disk_with_a_child_is_one_line_as_ever(tmp_path: Path) -> None:
    """kemixl as a user runs it, a child assembling the department sheets, the disk full for
    the workbook: the one line naming the target, exit 2, the previous report kept, nothing
    left behind, no word from the child."""
    out = tmp_path / "r.xlsx"
    out.write_bytes(b"the previous report")
    done = _consolidate(out, patch=FORKING + FULL.format(only_pdf=False))
    _one_line(
        done,
        out,
        "the disk is full (no space left on device); free some space or choose another place "
        "with --output",
    )
    assert out.read_bytes() == b"the previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]


# What assembling a sheet may change in it: only what its own XML is written from.
OWN_STATE = {
    "fh",
    "internal_fh",
    "row_spans",
    "selections",
    "dim_rowmin",
    "dim_rowmax",
    "dim_colmin",
    "dim_colmax",
    "rendered",  # (a TextRowsWorksheet's rows' XML, made for writing them, xlsx/rows.py)
}


def _copy(value: Any) -> Any:
    """A deep copy; a bound method (the workbook's add_format: its workbook has a lock) as is."""
    return value if inspect.ismethod(value) else copy.deepcopy(value)


def _same(a: Any, b: Any, depth: int = 0) -> bool:
    """Equal values, objects compared by their attributes (a few levels deep)."""
    if depth > 5:
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y, depth + 1) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k], depth + 1) for k in a)
    if hasattr(a, "__dict__") and not isinstance(a, type):
        return _same(vars(a), vars(b), depth + 1)
    return bool(a == b)


@pytest.mark.parametrize("numbered", [True, False])
def test_assembling_a_handed_over_sheet_changes_nothing_else(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, synthetic: Path, numbered: bool
) -> None:
    """What the child's copy of a sheet loses when it ends (every attribute it changes while
    assembling it, the workbook's formats' numbers included) is only the sheet's own XML
    state, on every sheet `standalone` hands over: the sample's and a synthetic report's.
    (The check can fail: formats not numbered when made are numbered there.)"""
    if not numbered:
        monkeypatch.setattr(report_formats, "number_cell_formats", lambda formats: None)
    changed: dict[str, set[str]] = {}
    assemble = Worksheet._assemble_xml_file

    def watched(sheet: Any) -> None:
        if not ahead.standalone(sheet):
            assemble(sheet)
            return
        keep = ("table", "str_table", "worksheet_meta", "fh")
        before = {k: _copy(v) for k, v in vars(sheet).items() if k not in keep}
        assemble(sheet)
        after = {k: v for k, v in vars(sheet).items() if k not in keep}
        changed[sheet.name] = {
            k for k in before.keys() | after.keys() if not _same(before.get(k), after.get(k))
        }

    _no_fork(monkeypatch)
    monkeypatch.setattr(Worksheet, "_assemble_xml_file", watched)
    consolidate(INPUTS, TEMPLATES, tmp_path / "sample.xlsx")
    consolidate(synthetic / "inputs", synthetic / "templates", tmp_path / "synthetic.xlsx")
    assert len(changed) > 5
    lost = {name: keys - OWN_STATE for name, keys in changed.items() if keys - OWN_STATE}
    assert (lost == {}) is numbered


def _styles(path: Path) -> list[tuple[str, int, int, str, str, str]]:
    """Every cell's resolved format (font, fill, border, alignment, number format)."""
    book = openpyxl.load_workbook(path)
    return [
        (
            sheet.title,
            cell.row,
            cell.column,
            repr((cell.font, cell.fill, cell.border)),
            repr(cell.alignment),
            cell.number_format,
        )
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
    ]


def test_numbering_the_formats_first_gives_each_cell_the_same_format(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Numbered when made rather than as the sheets first use them (the library's order):
    other numbers, the same format in every cell."""
    consolidate(INPUTS, TEMPLATES, tmp_path / "first.xlsx")
    with monkeypatch.context() as m:
        _no_fork(m)
        m.setattr(report_formats, "number_cell_formats", lambda formats: None)
        consolidate(INPUTS, TEMPLATES, tmp_path / "library.xlsx")
    first, library = _parts(tmp_path / "first.xlsx"), _parts(tmp_path / "library.xlsx")
    assert first["xl/styles.xml"] != library["xl/styles.xml"]  # other numbers
    assert _styles(tmp_path / "first.xlsx") == _styles(tmp_path / "library.xlsx")
