"""A submission crosses from a reading process whole: every record unpickles equal.

A Block pickles its cells as plain tuples with the file and sheet said once
(records._packed_block) and is rebuilt by one function (records._unpacked_block). Whatever
the reader can produce, and odd hand-made records besides, must come back equal field by
field, in the same order, the same types; and the check must fail if the packing lost a field.
"""

from __future__ import annotations

import copy
import dataclasses
import pickle
from collections.abc import Callable
from multiprocessing.reduction import ForkingPickler
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kemixl.model import Column, Line, Master, Origin
from kemixl.submissions import records
from kemixl.submissions.reader import read_submission
from kemixl.submissions.records import Block, Cell, FileInfo, Submission, read_cell
from kemixl.synth import synthesize

from .builders import Drift, sample_reported, write_submission
from .conftest import INPUTS
from .hostile import hostile_corpus

_TEXT = st.text(max_size=4)


class _OddCell(Cell):
    """A record of another kind among a block's figures (hand-made): crosses as itself."""


class _OddBlock(Block):
    """A block of another kind (hand-made): crosses as one."""


def _roundtrip(record: Any) -> Any:
    return pickle.loads(ForkingPickler.dumps(record))  # as the process pool sends results


def _assert_same(got: Any, want: Any) -> None:
    """Equal, and equal in every detail the repr shows: record kinds, the order of each dict,
    the type of each value (1 and 1.0, False and 0 read alike to ==)."""
    assert got == want
    assert repr(got) == repr(want)


def _origins(file: str, sheet: str) -> st.SearchStrategy[Origin]:
    """Mostly in the block's file and sheet (as the reader makes them), sometimes not."""
    return st.one_of(
        st.builds(Origin, st.just(file), st.just(sheet), _TEXT),
        st.builds(Origin, st.just(file), _TEXT, _TEXT),
        st.builds(Origin, _TEXT, st.just(sheet), _TEXT),
        st.builds(Origin, _TEXT, _TEXT, _TEXT),
    )


def _cells(file: str, sheet: str) -> st.SearchStrategy[Cell]:
    fields = (
        st.one_of(st.none(), st.floats(allow_nan=False), st.integers(-(10**12), 10**12)),
        _origins(file, sheet),
        st.booleans(),
        st.integers(0, 6),
        st.booleans(),
        _TEXT,
    )
    return st.one_of(
        st.builds(read_cell, *fields),
        st.builds(Cell, *fields),
        st.builds(Cell, fields[0], fields[1]),  # the class's defaults
        st.builds(_OddCell, *fields),
    )


def _some(draw: st.DrawFn, items: list[Any]) -> list[Any]:
    """Some of the items, in any order."""
    order = draw(st.permutations(items))
    return order[: draw(st.integers(0, len(order)))]


@st.composite
def _blocks(draw: st.DrawFn) -> Block:
    file, sheet = draw(_TEXT), draw(_TEXT)
    origin = Origin(file, sheet, draw(_TEXT))
    lines = {
        line: {column: draw(_cells(file, sheet)) for column in _some(draw, list(Column))}
        for line in _some(draw, list(Line))
    }
    # the line origins: the reader's are its lines', in their order; by hand, any in any order
    line_origins = {line: draw(_origins(file, sheet)) for line in _some(draw, list(Line))}
    kind = draw(st.sampled_from([Block, Block, _OddBlock]))
    return kind(draw(_TEXT), draw(_TEXT), origin, lines, line_origins)


@given(_blocks())
def test_any_block_unpickles_to_the_same_record(block: Block) -> None:
    _assert_same(_roundtrip(block), block)
    _assert_same(_roundtrip(_roundtrip(block)), block)  # and again, from what came back
    _assert_same(copy.deepcopy(block), block)
    _assert_same(copy.copy(block), block)


@given(st.lists(_blocks(), max_size=4))
def test_a_submission_of_any_blocks_unpickles_to_the_same_record(blocks: list[Block]) -> None:
    sub = Submission(FileInfo("a.xlsx", "00", 1, None), tuple(blocks))
    _assert_same(_roundtrip(sub), sub)


def test_a_blocks_cells_cross_as_plain_values_with_their_file_and_sheet_said_once() -> None:
    sub = read_submission(sorted(INPUTS.glob("*.xlsx"))[0])
    name = sub.info.name.encode()
    for block in sub.blocks:
        data = bytes(ForkingPickler.dumps(block))
        assert data.count(name) == 1 and b"Origin" in data  # the block's own origin, a record
    packed = len(ForkingPickler.dumps(sub.blocks))
    records_each = [(b.code, b.name, b.origin, b.lines, b.line_origins) for b in sub.blocks]
    assert packed < 0.6 * len(ForkingPickler.dumps(records_each))


def _assert_reads_cross(path: Path) -> None:
    sub = read_submission(path)
    _assert_same(_roundtrip(sub), sub)


@pytest.mark.parametrize("path", sorted(INPUTS.glob("*.xlsx")), ids=lambda p: p.name[:8])
def test_what_the_reader_makes_of_the_samples_unpickles_the_same(path: Path) -> None:
    sub = read_submission(path)
    # the samples hold what a block's packing tells apart: plain numbers, formulas, text
    cells = [c for b in sub.blocks for f in b.lines.values() for c in f.values()]
    assert any(c.formula for c in cells) and any(not c.opaque for c in cells)
    _assert_reads_cross(path)


def test_what_the_reader_makes_of_broken_files_unpickles_the_same(tmp_path: Path) -> None:
    for name, (data, _) in hostile_corpus().items():
        path = tmp_path / name
        path.write_bytes(data)
        _assert_reads_cross(path)


def test_what_the_reader_makes_of_a_swedish_organisation_unpickles_the_same(
    tmp_path: Path,
) -> None:
    from kemixl.i18n import using

    with using("sv"):
        synthesize(tmp_path / "org", departments=2, areas=3, seed=11)
    paths = sorted((tmp_path / "org" / "inputs").glob("*.xlsx"))
    assert paths
    for path in paths:
        _assert_reads_cross(path)


# What a department types where a figure belongs: each read as a different kind of cell.
_TYPED = st.one_of(
    st.floats(-1e9, 1e9, allow_nan=False).map(lambda v: round(v, 3)),
    st.integers(-(10**9), 10**9),
    st.sampled_from(
        ["1 234,50", "−12 000", "abc", "", "=A1+B2", "=5", "=(formula)", "12.345.678", "1e400"]
    ),
    st.none(),
)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    overrides=st.dictionaries(
        st.tuples(st.sampled_from([Line.INCOME, Line.COSTS]), st.sampled_from(list(Column))),
        _TYPED,
        max_size=8,
    ),
    as_text=st.booleans(),
    ambiguous=st.booleans(),
)
def test_what_the_reader_makes_of_any_typed_figures_unpickles_the_same(
    master: Master,
    tmp_path_factory: pytest.TempPathFactory,
    overrides: dict[tuple[Line, Column], object],
    as_text: bool,
    ambiguous: bool,
) -> None:
    dept = "64100000"
    codes = [k.code for k in master.children(dept)][:2]
    titles = {"ta": "TP-ennuste 2023"} if ambiguous else {}  # two columns read as forecasts
    drift = Drift(
        as_text=as_text,
        titles=titles,
        overrides={(code, ln, col): v for code in codes for (ln, col), v in overrides.items()},
    )
    folder = tmp_path_factory.mktemp("typed")
    path = write_submission(folder / "kv.xlsx", master, dept, sample_reported(), drift)
    _assert_reads_cross(path)


# A packing that loses a field: the block is packed with that field of every record reset
# (what a packer that forgot it would send); unpickled, the record must then differ.
def _without(field: str) -> Callable[[Block], Block]:
    def cell(c: Cell) -> Cell:
        if field in ("file", "sheet", "cell"):
            return dataclasses.replace(c, origin=dataclasses.replace(c.origin, **{field: "?"}))
        default = {"value": None, "formula": False, "decimals": 0, "invalid": False, "raw": ""}
        return dataclasses.replace(c, **{field: default[field]})

    def lossy(block: Block) -> Block:
        if field == "line_origins":
            return dataclasses.replace(block, line_origins={})
        lines = {ln: {col: cell(c) for col, c in f.items()} for ln, f in block.lines.items()}
        return dataclasses.replace(block, lines=lines)

    return lossy


@pytest.mark.parametrize(
    "field",
    ["value", "formula", "decimals", "invalid", "raw", "file", "sheet", "cell", "line_origins"],
)
def test_a_packing_that_loses_a_field_is_caught(
    field: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    foreign = Origin("other.xlsx", "Muu", "Z9")  # not in the block's file and sheet
    block = Block(
        "70010010",
        "HALLINTO",
        Origin("a.xlsx", "Talous", "A6"),
        {
            Line.INCOME: {
                Column.TA: Cell(12.5, Origin("a.xlsx", "Talous", "C7"), True, 2, True, "=C1")
            },
            Line.COSTS: {Column.TA: Cell(-3.0, foreign, False, 1, False, "-3,0")},
        },
        {Line.INCOME: Origin("a.xlsx", "Talous", "A7"), Line.COSTS: foreign},
    )
    _assert_same(_roundtrip(block), block)
    packed = records._packed_block
    monkeypatch.setattr(records, "_packed_block", lambda b: packed(_without(field)(b)))
    with pytest.raises(AssertionError):
        _assert_same(_roundtrip(block), block)
