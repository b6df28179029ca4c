"""The template layout checks as written for speed against their plain readings (the code
they replaced): the same cells, the same values, in the same order, for any grid and records."""

from __future__ import annotations

from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from kemixl.submissions import template_parts as tp
from kemixl.xlsx.cells import Formula

# mostly formulas, as a template's rectangles of them: the cells around one's edges matter
_VALUE = st.sampled_from(
    [Formula("=B7+B8")] * 6 + [Formula("=(formula)"), "TOIMINTATUOTOT", " x ", None, 1.5, 2.0]
)
_GRID = st.lists(st.lists(_VALUE, max_size=6), max_size=6)
_CORNER = st.tuples(st.integers(0, 6), st.integers(0, 6))
_CORNERS = st.one_of(
    st.none(), st.tuples(_CORNER), st.tuples(_CORNER, _CORNER), st.tuples(_CORNER, _CORNER, _CORNER)
)
_RECORD = st.tuples(
    st.sampled_from(["formula", "formulas", "label", "header", "rubbish"]),
    st.just("A1"),
    st.sampled_from(["", "TOIMINTATUOTOT", "x", "=B7+B8"]),
    _CORNERS,
)


def _plain_overwritten(grid: Any, records: list[tp.Record]) -> list[tuple[int, int, Any]]:
    places: list[tuple[int, int]] = []
    for kind, _, _, corners in records:
        if corners is None:
            continue
        if kind == "formula" and len(corners) == 1:
            places.append(corners[0])
        elif kind == "formulas" and len(corners) == 2:
            (top, left), (bottom, right) = corners
            columns = range(left, min(right, left + 100) + 1)
            places += [(r, c) for r in range(top, min(bottom, top + 10_000) + 1) for c in columns]
    rows = len(grid)
    found = [(r, c, grid[r][c] if r < rows and c < len(grid[r]) else None) for r, c in places]
    return [(r, c, value) for r, c, value in found if type(value) is not Formula]


def _plain_first_changed(grid: Any, records: list[tp.Record], kind: str) -> Any:
    for k, ref, expected, corners in records:
        if k != kind:
            continue
        got = tp._text(tp._cell_at(grid, corners))
        if got != expected and tp._norm(got) != tp._norm(expected):
            return ref, expected, got
    return None


def _plain_table_area(records: list[tp.Record]) -> Any:
    cells = [corners[0] for _, _, _, corners in records if corners and len(corners) == 1]
    label_rows = [
        corners[0][0]
        for kind, _, _, corners in records
        if kind == "label" and corners and len(corners) == 1
    ]
    if not label_rows:
        return None
    return min(label_rows) - 1, max(r for r, _ in cells), max(c for _, c in cells)


def _grouped(records: list[tp.Record]) -> tp.Layout:
    layout = tp._layout()
    for record in records:
        layout[tp._GROUP.get(record[0], "")].append(record)
    return layout


@settings(max_examples=400)
@given(_GRID, st.lists(_RECORD, max_size=12))
# a rectangle's row of formulas one cell short of it; one cell in the grid, one past it
@example([[Formula("=1"), Formula("=1")]], [("formulas", "A1:C1", "", ((0, 0), (0, 2)))])
@example(
    [[1.5], [Formula("=1")]], [("formula", "A1", "", ((0, 0),)), ("formula", "", "", ((9, 0),))]
)
def test_the_layout_checks_read_as_their_plain_readings(
    grid: list[list[Any]], records: list[tp.Record]
) -> None:
    layout = _grouped(records)
    got = tp._overwritten(grid, layout["formula"])
    assert got == _plain_overwritten(grid, records)
    assert [type(v) for *_, v in got] == [type(v) for *_, v in _plain_overwritten(grid, records)]
    for kind in ("header", "label"):
        assert tp._first_changed(grid, layout[kind]) == _plain_first_changed(grid, records, kind)
    assert tp._table_area(layout) == _plain_table_area(records)


def test_a_stamp_reads_into_its_checks_groups_in_order() -> None:
    grid: list[list[Any]] = [
        ["version", "3"],
        ["label:A7", "TOIMINTATUOTOT"],
        ["formula:F7", ""],
        ["formulas:H7:K8", ""],
        ["formula:F8", None],
        ["header:B5", "TP 2030"],
        ["investments:label:A3", "Hanke"],
        ["investments:rubbish", "x"],
        ["finance_sheet", "Talous"],
    ]
    stamp, _, layout, projects = tp.read_stamp(grid)
    assert stamp.version == "3" and stamp.finance_sheet == "Talous"
    assert layout["formula"] == [
        ("formula", "F7", "", ((6, 5),)),
        ("formulas", "H7:K8", "", ((6, 7), (7, 10))),
        ("formula", "F8", "", ((7, 5),)),
    ]
    assert layout["label"] == [("label", "A7", "TOIMINTATUOTOT", ((6, 0),))]
    assert layout["header"] == [("header", "B5", "TP 2030", ((4, 1),))]
    assert projects["label"] == [("label", "A3", "Hanke", ((2, 0),))]
    assert projects[""] == [("rubbish", "", "x", None)]
