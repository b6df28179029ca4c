"""The fast formula preparation and cell writing give exactly what XlsxWriter's own would."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st
from xlsxwriter.worksheet import Worksheet

from kemixl.xlsx.fast import CLASSIC, FastFormulaWorksheet

PIECES = st.sampled_from(
    [
        "SUM(", "IF(", "ROUND(", "COUNTIFS(", "FILTER(", "SINGLE(", "XLOOKUP(", "SORTBY(",
        "_xlfn.", "LAMBDA(", "MAP(", "A1", "$B$2", ")", ",", "+", '"YLITYS"', "{", "}", "=",
        " ", "Talous!", "0.55", "ISINGLE(", "BETAXDIST(", "T.DIST(", "CONCAT(", "x", ".",
    ]
)  # fmt: skip


def _both(formula: str, expand: bool, future: bool = False) -> tuple[str, str]:
    ours, theirs = FastFormulaWorksheet(), Worksheet()
    ours.use_future_functions = theirs.use_future_functions = future
    return ours._prepare_formula(formula, expand), theirs._prepare_formula(formula, expand)


@settings(max_examples=300)
@given(st.lists(PIECES, max_size=12).map("".join), st.booleans(), st.booleans())
def test_same_as_the_library(formula: str, future: bool, expand: bool) -> None:
    ours, theirs = _both(formula, expand, future)
    assert ours == theirs


@pytest.mark.parametrize("name", sorted(CLASSIC))
def test_the_library_never_rewrites_a_classic_function(name: str) -> None:
    for expand in (False, True):
        ours, theirs = _both(f"={name}(A1,{name}(B2))", expand, future=True)
        assert ours == theirs == f"{name}(A1,{name}(B2))"


CELLS = st.one_of(
    st.tuples(st.just("number"), st.floats(allow_nan=False, allow_infinity=False)),
    st.tuples(st.just("string"), st.text(max_size=6)),
    st.tuples(st.just("blank"), st.none()),
    st.tuples(
        st.just("formula"),
        st.one_of(
            st.floats(allow_nan=False, allow_infinity=False),
            st.integers(-5, 5),
            st.text(alphabet='ab<&>"#!', max_size=4),
            st.sampled_from(["", "#N/A", "#VALUE!", "#DIV/0!", True, False, None]),
        ),
    ),
    st.tuples(st.just("boolean"), st.booleans()),
)


def _sheet_xml(worksheet_class: type, cells: list[tuple[str, object]], styled: bool) -> bytes:
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True})
    ws = wb.add_worksheet("S", worksheet_class=worksheet_class)
    bold = wb.add_format({"bold": True})
    ws.set_row(1, None, wb.add_format({"italic": True}))
    ws.set_column(2, 2, None, wb.add_format({"num_format": "0.0"}))
    for i, (kind, value) in enumerate(cells):
        row, col, fmt = i // 4, i % 4, bold if styled and i % 3 == 0 else None
        if kind == "number":
            ws.write_number(row, col, value, fmt)
        elif kind == "string":
            ws.write_string(row, col, value, fmt)
        elif kind == "blank":
            ws.write_blank(row, col, None, fmt or bold)
        elif kind == "formula":
            ws.write_formula(row, col, '=A1&"<x>"', fmt, value)
        else:
            ws.write_boolean(row, col, value, fmt)
    wb.close()
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as z:
        return z.read("xl/worksheets/sheet1.xml")


@settings(max_examples=200, deadline=None)
@given(st.lists(CELLS, max_size=24), st.booleans())
def test_the_quick_cells_are_the_librarys_bytes(
    cells: list[tuple[str, object]], styled: bool
) -> None:
    assert _sheet_xml(FastFormulaWorksheet, cells, styled) == _sheet_xml(Worksheet, cells, styled)


def _formulas_xml(worksheet_class: type, formulas: list[str]) -> bytes:
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True})
    ws = wb.add_worksheet("S", worksheet_class=worksheet_class)
    for i, formula in enumerate(formulas):
        ws.write_formula(i // 3, i % 3, formula, None, i)
    wb.close()
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as z:
        return z.read("xl/worksheets/sheet1.xml")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(PIECES, min_size=1, max_size=10).map("".join), max_size=9))
def test_formulas_are_stored_as_the_library_stores_them(formulas: list[str]) -> None:
    """Classic formulas skip the library's searches for dynamic-array and future functions;
    any formula, array formulas and dynamic ones included, ends up the library's bytes."""
    assert _formulas_xml(FastFormulaWorksheet, formulas) == _formulas_xml(Worksheet, formulas)


RULES = st.tuples(
    st.integers(0, 3),
    st.integers(0, 3),
    st.integers(0, 3),
    st.integers(0, 3),
    st.sampled_from(
        [
            {"type": "formula", "criteria": "=$A$1>0", "stop_if_true": True},
            {"type": "formula", "criteria": '=$B$2="x"', "stop_if_true": False},
            {"type": "formula", "criteria": "==", "stop_if_true": True},
            {"type": "formula", "criteria": "=", "stop_if_true": True},
            {"type": "formula", "criteria": "$A$1<1", "stop_if_true": True},
            {"type": "cell", "criteria": ">", "value": 5},
            {"type": "formula", "criteria": "=A1>0"},
        ]
    ),
    st.booleans(),
)


def _rules_xml(worksheet_class: type, rules: list[tuple[Any, ...]]) -> bytes:
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True})
    ws = wb.add_worksheet("S", worksheet_class=worksheet_class)
    red = wb.add_format({"font_color": "#9C0006"})
    for first_row, first_col, last_row, last_col, options, coloured in rules:
        rule = {**options, **({"format": red} if coloured else {"format": None})}
        ws.conditional_format(first_row, first_col, last_row, last_col, rule)
    ws.conditional_format("B2:C3", {"type": "formula", "criteria": "=B2>0", "format": red})
    wb.close()
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as z:
        return z.read("xl/worksheets/sheet1.xml") + z.read("xl/styles.xml")


@settings(max_examples=200, deadline=None)
@given(st.lists(RULES, max_size=8))
def test_conditional_formats_are_stored_as_the_library_stores_them(
    rules: list[tuple[Any, ...]],
) -> None:
    """Formula rules over numbered ranges skip the library's option tables; every rule, of any
    type, in any order of corners, with or without a format, ends up the library's bytes."""
    assert _rules_xml(FastFormulaWorksheet, rules) == _rules_xml(Worksheet, rules)
