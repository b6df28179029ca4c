"""The department sheets built on both cores (report/parallel.py, xlsx/apart.py), and the
data sheet built apart (report/yeardata.py), change nothing: the workbook is the same bytes
built so and built by one process, on a report large enough to fork by itself and on the
sample forced to; a child that fails in any way (raises, is killed, exits, hangs, numbers a
format, shares a string, fails only while assembling) leaves the work to the parent and the
workbook the same; no child or part file is left behind."""

from __future__ import annotations

import gc
import os
import signal
import time
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kemixl.formulas import Ref
from kemixl.master import load_master
from kemixl.model import INPUT_LINES, Column, Line
from kemixl.pipeline import consolidate
from kemixl.report import build as report_build
from kemixl.report import parallel, yeardata
from kemixl.synth import synthesize
from kemixl.xlsx import ahead, apart
from kemixl.xlsx import book as book_module

from .conftest import INPUTS, TEMPLATES
from .test_xlsx_ahead import CHILDREN, _no_child_left, _parts


@pytest.fixture
def builders(monkeypatch: pytest.MonkeyPatch) -> list[apart.Builder]:
    """Every builder child forked, in order."""
    forked: list[apart.Builder] = []
    start = book_module.apart.start

    def started(*args: Any) -> apart.Builder | None:
        child = start(*args)
        if child is not None:
            forked.append(child)
            assert child.pid is not None
            CHILDREN.append(child.pid)  # (checked by _no_child_left)
        return child

    monkeypatch.setattr(book_module.apart, "start", started)
    return forked


def _serial(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "FORK_FROM_BLOCKS", 10**12)
    monkeypatch.setattr(yeardata, "FORK_FROM_ROWS", 10**12)


def _forced(monkeypatch: pytest.MonkeyPatch) -> None:
    """The department sheets forked (only)."""
    monkeypatch.setattr(parallel, "FORK_FROM_BLOCKS", 0)


def _data_forced(monkeypatch: pytest.MonkeyPatch) -> None:
    """The data sheet forked (only)."""
    monkeypatch.setattr(yeardata, "FORK_FROM_ROWS", 0)


FORCED = {"departments": _forced, "data": _data_forced}


def _differing(one: Path, other: Path) -> list[str]:
    first, second = _parts(one), _parts(other)
    assert list(first) == list(second)
    return [name for name in first if first[name] != second[name]]


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An organisation of 2 006 cost centres: more blocks than FORK_FROM_BLOCKS."""
    org = tmp_path_factory.mktemp("parallel") / "org"
    synthesize(org, 5, 400, seed=5)
    return org


def test_a_large_report_is_the_same_bytes_built_on_both_cores(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, large: Path, builders: list[apart.Builder]
) -> None:
    consolidate(large / "inputs", large / "templates", tmp_path / "both.xlsx")
    assert len(builders) == 1 and builders[0].done is True  # (its result and parts used)
    assert 1 < len(builders[0].parts) < 5  # some of the five departments, not all
    with monkeypatch.context() as m:
        _serial(m)
        consolidate(large / "inputs", large / "templates", tmp_path / "one.xlsx")
    assert len(builders) == 1
    assert _differing(tmp_path / "both.xlsx", tmp_path / "one.xlsx") == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["both.xlsx", "one.xlsx"]
    _no_child_left()


@pytest.fixture(scope="module")
def serial_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample's report built by one process."""
    path = tmp_path_factory.mktemp("serial") / "one.xlsx"
    with pytest.MonkeyPatch.context() as m:
        _serial(m)
        consolidate(INPUTS, TEMPLATES, path)
    return path


def test_the_sample_is_the_same_bytes_built_on_both_cores(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    serial_sample: Path,
    builders: list[apart.Builder],
) -> None:
    _forced(monkeypatch)
    consolidate(INPUTS, TEMPLATES, tmp_path / "both.xlsx")
    assert len(builders) == 1 and builders[0].done is True
    assert (tmp_path / "both.xlsx").read_bytes() == serial_sample.read_bytes()
    _no_child_left()


def test_the_sample_is_the_same_bytes_with_its_data_sheet_built_apart(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    serial_sample: Path,
    builders: list[apart.Builder],
) -> None:
    """The data sheet (the workbook's last) built and assembled by a child, the department
    sheets too or not: the same bytes; the child's result never waited for, its part used."""
    _data_forced(monkeypatch)
    consolidate(INPUTS, TEMPLATES, tmp_path / "data.xlsx")
    assert len(builders) == 1 and builders[0].done is True
    assert [sheet.name for sheet in builders[0].parts] == [yeardata.DATA_SHEET]
    _forced(monkeypatch)
    consolidate(INPUTS, TEMPLATES, tmp_path / "both.xlsx")
    assert len(builders) == 3 and all(child.done for child in builders)
    for name in ("data.xlsx", "both.xlsx"):
        assert (tmp_path / name).read_bytes() == serial_sample.read_bytes()
    _no_child_left()


def test_a_report_forks_its_data_sheet_from_its_limit_of_rows(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, large: Path, builders: list[apart.Builder]
) -> None:
    """A data sheet of one row fewer than `FORK_FROM_ROWS` is built here; at the limit, by a
    child: the same workbook."""
    master = load_master(large / "templates")
    rows = len(master.leaves(master.root.code)) * len(INPUT_LINES)
    _forced(monkeypatch)  # (the departments' child, in either run)
    monkeypatch.setattr(yeardata, "FORK_FROM_ROWS", rows + 1)
    consolidate(large / "inputs", large / "templates", tmp_path / "one.xlsx")
    assert len(builders) == 1
    monkeypatch.setattr(yeardata, "FORK_FROM_ROWS", rows)
    consolidate(large / "inputs", large / "templates", tmp_path / "two.xlsx")
    assert len(builders) == 3 and builders[2].done is True
    assert [sheet.name for sheet in builders[2].parts] == [yeardata.DATA_SHEET]
    assert _differing(tmp_path / "one.xlsx", tmp_path / "two.xlsx") == []
    _no_child_left()


def _layouts(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The layout of every report's blocks after its department sheets: (blocks, refs),
    each as a list in its order."""
    seen: list[Any] = []
    build = parallel.build_departments

    def recorded(
        workbook: Any, sheets: Any, each: Any, master: Any, layout: Any, *rest: Any
    ) -> None:
        build(workbook, sheets, each, master, layout, *rest)
        seen.append((list(layout.blocks.items()), list(layout.refs.items())))

    monkeypatch.setattr(report_build, "build_departments", recorded)
    return seen


def test_the_layout_is_a_serial_builds_in_its_order(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, builders: list[apart.Builder]
) -> None:
    """What the other sheets find of the department sheets, in the same order."""
    layouts = _layouts(monkeypatch)
    _forced(monkeypatch)
    consolidate(INPUTS, TEMPLATES, tmp_path / "both.xlsx")
    _serial(monkeypatch)
    consolidate(INPUTS, TEMPLATES, tmp_path / "one.xlsx")
    assert len(builders) == 1 and builders[0].done is True
    assert len(layouts) == 2 and layouts[0] == layouts[1]
    assert all(layouts[0])


def test_a_small_report_forks_no_builder(
    tmp_path: Path, serial_sample: Path, builders: list[apart.Builder]
) -> None:
    consolidate(INPUTS, TEMPLATES, tmp_path / "r.xlsx")
    assert builders == []
    assert (tmp_path / "r.xlsx").read_bytes() == serial_sample.read_bytes()


def test_without_fork_the_parent_builds_every_sheet(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, serial_sample: Path
) -> None:
    _forced(monkeypatch)
    monkeypatch.delattr(os, "fork")
    consolidate(INPUTS, TEMPLATES, tmp_path / "r.xlsx")
    assert (tmp_path / "r.xlsx").read_bytes() == serial_sample.read_bytes()


def _wrap_build(
    monkeypatch: pytest.MonkeyPatch, around: Callable[[Any, Callable[[], Any]], Any]
) -> None:
    """The builder child's building done by `around(workbook, build)` (in the child only:
    the parent building again, `Child.rebuild`, builds as it would)."""
    start = book_module.apart.start
    parent = os.getpid()

    def started(workbook: Any, sheets: Any, build: Callable[[], Any], *rest: Any) -> Any:
        def building() -> Any:
            return build() if os.getpid() == parent else around(workbook, build)

        return start(workbook, sheets, building, *rest)

    monkeypatch.setattr(book_module.apart, "start", started)


def test_the_comparison_sees_a_sheet_built_otherwise(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    serial_sample: Path,
    builders: list[apart.Builder],
) -> None:
    """The check can fail: a child that wrote one cell more is seen, on its sheet only."""
    _forced(monkeypatch)

    def one_more(workbook: Any, build: Callable[[], Any]) -> Any:
        value = build()
        sheet = next(s for s in workbook.worksheets() if s.table)  # (only the child's built)
        sheet.quick_number(0, 20, 1.5, None)
        return value

    _wrap_build(monkeypatch, one_more)
    consolidate(INPUTS, TEMPLATES, tmp_path / "other.xlsx")
    assert len(builders) == 1 and builders[0].done is True
    differing = _differing(tmp_path / "other.xlsx", serial_sample)
    assert len(differing) == 1 and differing[0].startswith("xl/worksheets/sheet")
    _no_child_left()


LATE = {"failed": False}  # set in the builder child: its assembling then fails


@pytest.mark.parametrize("which", ["departments", "data"])
@pytest.mark.parametrize(
    "failure", ["raises", "killed", "exits", "hangs", "numbers", "shares", "late"]
)
def test_a_failed_builder_leaves_the_work_to_the_parent(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capfd: pytest.CaptureFixture[str],
    serial_sample: Path,
    builders: list[apart.Builder],
    failure: str,
    which: str,
) -> None:
    """The child raising, killed by a signal, ending half-way, never answering, numbering a
    format or putting a text into the shared strings while building, or failing only while
    assembling what it built and sent: the parent builds (or builds again) and assembles the
    sheets itself, the same workbook, nothing printed (no traceback from the child), no
    child or file left. (The data sheet's child is never waited for before the packaging
    comes to its part: a failure shows there.)"""
    FORCED[which](monkeypatch)
    capfd.readouterr()

    def failing(workbook: Any, build: Callable[[], Any]) -> Any:
        if failure == "raises":
            raise ValueError("no")
        if failure == "killed":
            os.kill(os.getpid(), signal.SIGKILL)
        if failure == "exits":
            os._exit(0)
        if failure == "hangs":
            time.sleep(3600)
        if failure == "numbers":
            workbook.add_format({"italic": True, "font_color": "#123456"})._get_xf_index()
        if failure == "shares":
            workbook.str_table._get_shared_string_index("shared")
        LATE["failed"] = failure == "late"
        return build()

    assemble = ahead.assemble

    def assembling(*args: Any) -> int:
        return 1 if LATE["failed"] else assemble(*args)

    _wrap_build(monkeypatch, failing)
    monkeypatch.setattr(ahead, "assemble", assembling)
    monkeypatch.setattr(ahead, "WAIT_MOST", 0.5)
    consolidate(INPUTS, TEMPLATES, tmp_path / "failed.xlsx")
    assert len(builders) == 1 and builders[0].done is False
    # sent and used (then built again), or not used at all
    assert (builders[0].parts != {}) is (failure == "late" or which == "data")
    assert capfd.readouterr() == ("", "")
    assert (tmp_path / "failed.xlsx").read_bytes() == serial_sample.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["failed.xlsx"]
    _no_child_left()


def test_a_failure_before_the_result_leaves_no_child_and_no_part(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, builders: list[apart.Builder]
) -> None:
    """Writing the report fails while the parent builds its own sheets: the building child
    is stopped and reaped, its files removed, the error the parent's."""

    def failing(workbook: Any, sheets: Any, *args: Any) -> None:
        child = workbook.build_apart([sheets[code].ws for code in list(sheets)[1:]], lambda: 1)
        assert child is not None
        raise RuntimeError("building failed")

    monkeypatch.setattr(report_build, "build_departments", failing)
    with pytest.raises(RuntimeError, match="building failed"):
        consolidate(INPUTS, TEMPLATES, tmp_path / "r.xlsx")
    assert len(builders) == 1
    assert list(tmp_path.iterdir()) == []
    _no_child_left()


def test_the_parts_split_about_half_of_the_blocks() -> None:
    assert parallel.split([1, 1, 1, 1], 0.5) == 2
    assert parallel.split([10, 1, 1, 1], 0.5) == 1
    assert parallel.split([1, 1, 1, 10], 0.5) == 3
    assert parallel.split([5], 0.5) == 1
    assert parallel.split([], 0.5) == 0


@given(st.lists(st.integers(1, 500), min_size=2, max_size=60))
def test_each_process_builds_at_least_one_sheet_and_about_its_share(weights: list[int]) -> None:
    cut = parallel.split(weights, 0.5)
    assert 1 <= cut <= len(weights) - 1
    mine, whole = sum(weights[:cut]), sum(weights)
    # no sheet moved across the cut would bring the parent's part nearer to half
    assert abs(mine - whole / 2) <= max(weights) / 2 or cut in (1, len(weights) - 1)


def _refs(sheet: str, row: int) -> dict[Line, dict[Column, Ref]]:
    return {
        line: {col: Ref(sheet, row + k, j, float(row * j), j == 2) for j, col in enumerate(Column)}
        for k, line in enumerate(Line)
    }


def test_the_refs_sent_packed_are_the_refs_built() -> None:
    """Blocks packed by the child read back as a serial build's dict: one by one (`[]`, `get`,
    `in`: unpacked alone) and whole (in a serial build's order)."""
    mine = {f"A{n}": _refs("One", n) for n in range(3)}
    theirs = {f"B{n}": _refs("Two", n) for n in range(4)}
    serial = {**mine, **theirs}
    refs = parallel.PackedRefs(dict(mine), {c: parallel.pack(r) for c, r in theirs.items()})
    assert len(refs) == 7
    assert "B2" in refs and "C" not in refs
    assert refs["B2"] == theirs["B2"] and refs.get("B1") == theirs["B1"]
    assert refs.get("C") is None and refs.get("C", 5) == 5
    with pytest.raises(KeyError):
        refs["C"]
    assert list(refs) == list(serial)  # (B2 and B1 unpacked first: the order is a serial one)
    assert refs == serial and list(refs.items()) == list(serial.items())
    refs["Z"] = mine["A0"]
    assert list(refs.keys())[-1] == "Z"
    fresh = parallel.PackedRefs({}, {c: parallel.pack(r) for c, r in theirs.items()})
    assert fresh.pop("B3") == theirs["B3"] and "B3" not in fresh
    del fresh["B0"]
    assert list(fresh.values()) == [theirs["B1"], theirs["B2"]]


def test_a_report_built_on_both_cores_leaves_no_cycles(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The workbook is freed when dropped, not at a later full collection: the child's way of
    building its sheets again (which holds them, and through them the workbook) is let go."""
    _forced(monkeypatch)
    books: list[weakref.ref[Any]] = []
    forked: list[bool] = []
    made, start = report_build.Book, book_module.apart.start

    def book(*args: Any, **kwargs: Any) -> Any:
        workbook = made(*args, **kwargs)
        books.append(weakref.ref(workbook))
        return workbook

    def started(*args: Any) -> Any:
        child = start(*args)
        forked.append(child is not None)
        return child

    monkeypatch.setattr(report_build, "Book", book)
    monkeypatch.setattr(book_module.apart, "start", started)
    gc.collect()  # what earlier tests left
    was = gc.isenabled()
    gc.disable()
    try:
        consolidate(INPUTS, TEMPLATES, tmp_path / "r.xlsx")
        assert forked == [True] and len(books) == 1
        assert books[0]() is None
    finally:
        if was:
            gc.enable()
