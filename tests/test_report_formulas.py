"""The expression nodes the report adds (ROUND, comparisons, IF with text, COUNTIFS): each
renders a formula whose result LibreOffice computes equal to the node's own value, also for
awkward inputs (halves, wildcards, quotes, a leading '<')."""

from __future__ import annotations

from pathlib import Path

import pytest
import xlsxwriter

from kemixl.formulas import (
    Compare,
    Const,
    CountIfs,
    Ref,
    Round,
    TextColumn,
    TextRef,
    excel_round,
    first_of,
)
from tests.libreoffice import compare_cached_to_recalculated, libreoffice  # noqa: F401


@pytest.mark.parametrize(
    ("x", "digits", "expected"),
    [(0.555, 2, 0.56), (2.675, 2, 2.68), (-2.5, 0, -3.0), (0.545, 2, 0.55), (1e-20, 2, 0.0)],
)
def test_excel_round_is_half_away_from_zero_as_shown(
    x: float, digits: int, expected: float
) -> None:
    assert excel_round(x, digits) == expected


def test_first_case_wins() -> None:
    yes, no = Compare(Const(1), "<", Const(2)), Compare(Const(1), ">", Const(2))
    assert first_of([(yes, "A"), (yes, "B")]).value() == "A"
    assert first_of([(no, "A"), (yes, "B")]).value() == "B"
    assert first_of([(no, "A")]).value() == ""
    assert first_of([(yes, 'sa"y')]).render("S") == 'IF(1<2,"sa""y","")'


def test_countifs_escapes_what_is_not_plain() -> None:
    col = TextColumn("S", 0, 5, ("a*b", "axb", "A*B"))
    star = CountIfs(((col, TextRef("S", 0, 2, "a*b")),))
    assert star.render("S") == 'COUNTIFS($A$6:$A$8,"=a~*b")'
    assert star.value() == 2  # case-insensitive, the star matches only itself
    plain = CountIfs(((col, TextRef("S", 0, 2, "axb")),))
    assert plain.render("S") == "COUNTIFS($A$6:$A$8,C1)"
    assert plain.render("T") == "COUNTIFS(S!$A$6:$A$8,S!C1)"


TEXTS = ("a*b", "axb", "A*B", "<5", "5", "x?", "xy", "~t", 'q"q', "Ei käynnistynyt", "", "Etenee")


def test_libreoffice_agrees(tmp_path: Path) -> None:
    path = tmp_path / "f.xlsx"
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False})
    ws = wb.add_worksheet("S")
    for i, text in enumerate(TEXTS):
        ws.write_string(i, 0, text)  # the column counted
        ws.write_string(i, 1, text)  # the criteria
    col = TextColumn("S", 0, 0, TEXTS)
    row = 0
    for i, text in enumerate(TEXTS):
        if not text:
            continue
        expr = CountIfs(((col, TextRef("S", i, 1, text)),))
        ws.write_formula(row, 3, "=" + expr.render("S"), None, expr.value())
        row += 1
    for i, x in enumerate([0.555, 2.675, -2.5, 0.545, 0.125, 1234.5649999, -0.005]):
        ws.write_number(i, 5, x)
        for digits in (0, 1, 2):
            expr = Round(Ref("S", i, 5, x), digits)
            ws.write_formula(i, 6 + digits, "=" + expr.render("S"), None, expr.value())
        test = first_of([(Compare(Round(Ref("S", i, 5, x), 2), ">", Const(0.55)), "YLI")])
        ws.write_formula(i, 9, "=" + test.render("S"), None, test.value())
    wb.close()
    report = compare_cached_to_recalculated(path, tmp_path / "work")
    assert report.formula_count == 11 + 7 * 4
    assert report.mismatches == []
