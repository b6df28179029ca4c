"""The fast formula preparation returns exactly what XlsxWriter's own would."""

from __future__ import annotations

import pytest
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
