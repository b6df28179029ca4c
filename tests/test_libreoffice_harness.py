"""Tests of the LibreOffice recalculation harness itself (tests/libreoffice.py).

The key one: a workbook whose cached value is deliberately wrong must be caught. If
LibreOffice merely echoed the cached values (its default for .xlsx), every comparison would
pass and the harness would prove nothing.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import xlsxwriter
from openpyxl import load_workbook

from tests.libreoffice import (
    compare_cached_to_recalculated,
    formula_cells,
    libreoffice,  # noqa: F401  (fixture, used via usefixtures)
    recalculate,
    render_pdf,
    render_png_pages,
)

pytestmark = pytest.mark.usefixtures("libreoffice")

FINNISH_SHEET = "Ympäristötoimiala"


def _wrong_cache_workbook(path: Path) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    ws.write("A1", 1)
    ws.write("A2", 2)
    ws.write_formula("A3", "=A1+A2", None, 999)  # the right answer is 3
    wb.close()
    return path


def _correct_workbook(path: Path) -> Path:
    """Formulas with correct cached values, on a Finnish-named sheet, with #,##0 formats."""
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet(FINNISH_SHEET)
    ws2 = wb.add_worksheet("Sheet 2")
    thousands = wb.add_format({"num_format": "#,##0"})
    percent = wb.add_format({"num_format": "0.0%"})
    for row, value in enumerate([1200.5, 3400.25, -150.0, 0.0], start=1):
        ws.write_number(f"A{row}", value, thousands)
    ws.write_formula("A5", "=SUM(A1:A4)", thousands, 4450.75)
    ws2.write_number("B2", 42)
    ws.write_formula("B1", "='Sheet 2'!B2", None, 42)
    ws.write_formula("B2", "=IF(A4=0,0,A1/A4)", None, 0)  # guarded division by zero
    ws.write_formula("B3", "=IF(A2=0,0,A1/A2)", None, 1200.5 / 3400.25)
    ws.write_formula("B4", "=A1/A2", percent, 1200.5 / 3400.25)
    ws.write_formula("B5", '="Yhteensä "&TEXT(A5,"0")', None, "Yhteensä 4451")
    ws.write_formula("B6", "=A5>0", None, True)
    wb.close()
    return path


def test_wrong_cached_value_is_detected(tmp_path: Path) -> None:
    src = _wrong_cache_workbook(tmp_path / "wrong.xlsx")
    report = compare_cached_to_recalculated(src, tmp_path / "work")
    assert report.formula_count == 1
    assert len(report.mismatches) == 1
    message = report.mismatches[0]
    assert "A3" in message and "=A1+A2" in message and "999" in message
    assert report.recalculated is not None
    recalculated = load_workbook(report.recalculated, data_only=True)
    assert recalculated.worksheets[0]["A3"].value == 3


def test_correct_workbook_has_no_mismatches(tmp_path: Path) -> None:
    src = _correct_workbook(tmp_path / "correct.xlsx")
    report = compare_cached_to_recalculated(src, tmp_path / "work")
    assert report.formula_count == 7
    assert report.mismatches == []
    assert report.ok


def test_missing_cached_value_and_errors_are_mismatches(tmp_path: Path) -> None:
    src = tmp_path / "errors.xlsx"
    wb = xlsxwriter.Workbook(str(src))
    ws = wb.add_worksheet()
    ws.write("A1", 5)
    ws.write_formula("B1", "=NOSUCHFUNCTION(A1)", None, 5)
    ws.write_formula("B2", "=A1/0", None, 0)
    ws.write_formula("B3", '="a"&A1', None, "a6")
    wb.close()
    report = compare_cached_to_recalculated(src, tmp_path / "work")
    assert report.formula_count == 3
    joined = "\n".join(report.mismatches)
    assert len(report.mismatches) == 3, joined
    assert "B1" in joined and "#NAME?" in joined
    assert "B2" in joined and "#DIV/0!" in joined
    assert "'a6'" in joined and "'a5'" in joined


def test_no_formulas_gives_zero_count(tmp_path: Path) -> None:
    src = tmp_path / "plain.xlsx"
    wb = xlsxwriter.Workbook(str(src))
    wb.add_worksheet().write("A1", 1)
    wb.close()
    report = compare_cached_to_recalculated(src, tmp_path / "work")
    assert report.formula_count == 0
    assert report.mismatches == []


def test_recalculate_leaves_input_untouched(tmp_path: Path) -> None:
    src = _wrong_cache_workbook(tmp_path / "wrong.xlsx")
    before = src.read_bytes()
    listing = sorted(p.name for p in tmp_path.iterdir())
    out = recalculate(src, tmp_path)  # even with the input's own folder as workdir
    assert out != src and out.is_file()
    assert src.read_bytes() == before
    assert formula_cells(src)[("Sheet1", "A3")] == ("=A1+A2", 999)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != out.parents[1].name) == listing


def test_sheet_names_and_number_formats_survive(tmp_path: Path) -> None:
    src = _correct_workbook(tmp_path / "correct.xlsx")
    out = recalculate(src, tmp_path / "work")
    wb = load_workbook(out)
    assert wb.sheetnames == [FINNISH_SHEET, "Sheet 2"]
    ws = wb[FINNISH_SHEET]
    assert ws["A1"].number_format == "#,##0"
    assert ws["A5"].number_format == "#,##0"
    assert ws["B4"].number_format == "0.0%"


def test_render_pdf_and_png(tmp_path: Path) -> None:
    src = _correct_workbook(tmp_path / "correct.xlsx")
    pdf = render_pdf(src, tmp_path / "pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    pages = render_png_pages(pdf, tmp_path / "png", dpi=40)
    assert pages, "no pages rendered"
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in pages)
    pdftotext = shutil.which("pdftotext")
    if pdftotext is not None:  # Finnish locale: #,##0 shows 4450.75 as "4 451"
        text = subprocess.run(
            [pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        text = text.replace("\u00a0", " ").replace("\u202f", " ")
        assert "4 451" in text and "Yhteensä 4451" in text, text
