"""Cells rendered as they are written (xlsx/rows.py) give exactly the library's workbook."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st
from xlsxwriter.worksheet import CellStringTuple, Worksheet

from kemixl.xlsx.rows import QuickRowsWorksheet, RowsWorksheet, TextRowsWorksheet, inline

from .inline import store_inline, write_cell

VALUES = st.one_of(
    st.tuples(
        st.just("number"),
        st.one_of(st.floats(), st.integers(-(10**20), 10**20), st.sampled_from([True, 0.1])),
    ),
    st.tuples(
        st.just("string"),
        st.one_of(
            st.text(alphabet='ab<&>" \n\u2013\x01_x0Fäö€', max_size=8),
            st.sampled_from(["_x0041_", " lead", "trail\t", "\ufffe"]),
        ),
    ),
    st.tuples(st.just("blank"), st.none()),
    st.tuples(
        st.just("formula"),
        st.tuples(
            st.sampled_from(
                ["A1+B2", "IF(A1=0,0,B1/A1)", 'IF(ROUND(A1,2)<0,"<&>","–")', "=A1", "{A1}", "",
                 "CONCAT(A1,B1)", "_xlfn.X", "SUM(A1:A3)"]
            ),
            st.one_of(
                st.floats(allow_nan=False),
                st.integers(-5, 5),
                st.text(alphabet='ab<&>"#!', max_size=4),
                st.sampled_from(["", "#N/A", "#VALUE!", True, None]),
            ),
        ).filter(lambda f: not (f[0].startswith("{") and f[1] is None)),  # the library fails
    ),
)  # fmt: skip
# (row, col, style, how): style 0 none, 1 bold, 2 italic; how: written quickly or the library's way
CELLS = st.tuples(st.integers(0, 40), st.integers(0, 5), st.integers(0, 2), st.booleans(), VALUES)


class InlineWorksheet(Worksheet):
    """The library's own writers, but a text written "quickly" is stored as the library stores
    one in its constant_memory mode (the text itself, not a shared string's number) and
    written as it writes one there: the inline string QuickRowsWorksheet must write."""

    quick_number = Worksheet._write_number
    quick_formula = Worksheet._write_formula

    def quick_blank(self, row: int, col: int, cell_format: Any) -> int:
        return int(self._write_blank(row, col, None, cell_format))

    quick_string = store_inline
    quick_plain_rows = RowsWorksheet.quick_plain_rows
    _write_cell = write_cell


def _write(ws: Any, quick: bool, row: int, col: int, fmt: Any, kind: str, value: Any) -> None:
    if kind == "number":
        (ws.quick_number if quick else ws._write_number)(row, col, value, fmt)
    elif kind == "string":
        (ws.quick_string if quick else ws._write_string)(row, col, value, fmt)
    elif kind == "blank":
        if quick:
            ws.quick_blank(row, col, fmt)
        else:
            ws._write_blank(row, col, None, fmt)
    else:
        formula, result = value
        if quick:
            ws.quick_formula(row, col, formula, fmt, result)
        else:
            ws._write_formula(row, col, formula, fmt, result)


def _book(worksheet_class: type, cells: list[tuple[Any, ...]], heights: list[int]) -> bytes:
    """The sheet and the shared parts (styles numbered in order of use, shared strings)."""
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True, "nan_inf_to_errors": True})
    ws = wb.add_worksheet("S", worksheet_class=worksheet_class)
    other = wb.add_worksheet("T", worksheet_class=worksheet_class)
    formats = [None, wb.add_format({"bold": True}), wb.add_format({"italic": True})]
    ws.set_column(3, 3, 12, wb.add_format({"num_format": "0.0"}))
    ws.set_row(7, None, wb.add_format({"font_color": "#FF0000"}))
    for row in heights:
        ws.set_row(row, 20)
    ws.write_comment(30, 6, "note")
    for row, col, style, quick, (kind, value) in cells:
        quick = quick and worksheet_class is not Worksheet
        _write(ws, quick, row, col, formats[style], kind, value)
        _write(other, quick, col, row, formats[2 - style], kind, value)  # styles met in turn
    wb.close()
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as z:
        names = [n for n in z.namelist() if n.startswith("xl/") and n.endswith(".xml")]
        return b"".join(z.read(n) for n in sorted(names))


@pytest.mark.filterwarnings("ignore:Formula can't be None or empty")  # (the library's, for "")
@settings(max_examples=300, deadline=None)
@given(st.lists(CELLS, max_size=30), st.lists(st.integers(0, 60), max_size=3))
def test_the_quick_cells_are_the_librarys_workbook(
    cells: list[tuple[Any, ...]], heights: list[int]
) -> None:
    """Any mix of cells, written quickly or the library's way, overwriting each other in any
    order, in rows with heights, formats or comments, is the library's workbook byte for byte
    (the quickly written texts as the library writes inline strings)."""
    assert _book(RowsWorksheet, cells, heights) == _book(Worksheet, cells, heights)
    assert _book(QuickRowsWorksheet, cells, heights) == _book(InlineWorksheet, cells, heights)


def test_the_comparison_sees_a_cell_written_differently() -> None:
    """The check can fail: a quick cell one style off differs from the library's."""

    class OneOff(QuickRowsWorksheet):
        def quick_number(self, row: int, col: int, number: float, cell_format: Any) -> int:
            return self._quick(row, col, cell_format, f"><v>{number + 1:.16G}</v></c>")

    cells = [(1, 1, 1, True, ("number", 5))]
    assert _book(OneOff, cells, []) != _book(Worksheet, cells, [])


def test_the_comparison_sees_a_text_shared_rather_than_inline() -> None:
    """The check can fail: the same text as a shared string is another workbook."""
    cells = [(1, 1, 1, True, ("string", " a&b"))]
    assert _book(RowsWorksheet, cells, []) != _book(InlineWorksheet, cells, [])
    assert _book(QuickRowsWorksheet, cells, []) == _book(InlineWorksheet, cells, [])


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(), st.text(alphabet=" \t\n\xa0\u2028\x1c\x01_x0041F&<>ä")))
def test_an_inline_string_is_the_librarys(text: str) -> None:
    """Any text (control characters, text spelt like their escapes, whitespace of any kind at
    either end) as the library writes an inline string."""
    sheet = Worksheet()
    buffer = io.StringIO()
    sheet._set_xml_writer(buffer)
    write_cell(sheet, 0, 0, CellStringTuple(text, None))
    assert buffer.getvalue() == f'<c r="A1"{inline(text)}'


TEXTS = st.one_of(
    st.just(""),
    st.text(alphabet='ab<&>" \n\u2013\x01_x0Fäö€\U0001f600', max_size=6),
    st.sampled_from(["_x0041_", " lead", "trail\t", "\ufffe", "70010000", "-1.5"]),
)
ROWS = st.lists(st.lists(TEXTS, max_size=7), max_size=40)
# what else a sheet of text rows may get: a cell written otherwise (row, col, number), a row's
# height, a column's format
OTHERS = st.lists(
    st.one_of(
        st.tuples(st.just("cell"), st.integers(0, 45), st.integers(0, 8)),
        st.tuples(st.just("height"), st.integers(0, 45), st.just(0)),
        st.tuples(st.just("column"), st.just(0), st.integers(0, 8)),
    ),
    max_size=3,
)


def _text_book(worksheet_class: type, rows: list[list[str]], others: list[Any]) -> bytes:
    """A workbook of one sheet of text rows (and anything else written after them)."""
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True})
    ws = wb.add_worksheet("S", worksheet_class=worksheet_class)
    ws.quick_plain_rows(rows)
    for kind, row, col in others:
        if kind == "cell":
            ws.quick_number(row, col, 1.5, None)
        elif kind == "height":
            ws.set_row(row, 20)
        else:
            ws.set_column(col, col, 12, wb.add_format({"num_format": "0.0"}))
    ws.protect("", {"select_locked_cells": True})
    ws.very_hidden()
    wb.close()
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as z:
        names = [n for n in z.namelist() if n.startswith("xl/") and n.endswith(".xml")]
        return b"".join(z.read(n) for n in sorted(names))


@settings(max_examples=300, deadline=None)
@given(ROWS, OTHERS)
def test_text_rows_are_the_cells_they_hold(rows: list[list[str]], others: list[Any]) -> None:
    """Rows of texts, some empty, of any length, rendered straight into the sheet's XML (or
    put into the cell table, where the sheet gets anything else) are the workbook the same
    texts written cell by cell make, and that the library's inline strings make."""
    quick = _text_book(TextRowsWorksheet, rows, others)
    assert quick == _text_book(QuickRowsWorksheet, rows, others)
    # (a row's height set after quick cells: the library counts its first column in the
    # sheet's extent at once, a quick sheet does not; QuickRowsWorksheet's way, not this one's)
    if not any(kind == "height" for kind, _row, _col in others):
        assert quick == _text_book(InlineWorksheet, rows, others)


def test_text_rows_rendered_straight_are_the_cells() -> None:
    """The straight way taken (nothing else on the sheet), empty texts and rows among them,
    and a long text (cut as Excel's cells are) making the rows cells at once."""
    rows = [
        ["kind", "x"],
        [],
        ["", "", "a&b", ""],
        ["c", "", "d"],
        *[["n", str(n)] for n in range(40)],
    ]
    ws = TextRowsWorksheet()
    ws.quick_plain_rows(rows)
    assert ws.text_rows and not any(ws.table.values())
    assert _text_book(TextRowsWorksheet, rows, []) == _text_book(InlineWorksheet, rows, [])
    long = [["a"], ["\U0001f600" * 20_000]]
    ws.quick_plain_rows(long)
    assert not ws.text_rows and len(ws.table[1][0][1]) < 40_000
    assert _text_book(TextRowsWorksheet, long, []) == _text_book(QuickRowsWorksheet, long, [])


def test_the_text_rows_comparison_sees_a_row_rendered_otherwise() -> None:
    """The check can fail: a row one number off differs from the cells."""

    class OneOff(TextRowsWorksheet):
        def _render(self) -> list[tuple[int, int, int, str]]:
            rendered = super()._render()
            return [(r + 1, *rest) for r, *rest in rendered]  # type: ignore[misc]

    rows = [["a", "b"], ["c"]]
    assert _text_book(OneOff, rows, []) != _text_book(QuickRowsWorksheet, rows, [])
