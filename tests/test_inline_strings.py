"""The department sheets' (and Toimialat's) texts are inline strings (xlsx/rows.py), read back
as the very texts written by kemixl's own reader (calamine), by openpyxl and by LibreOffice,
and a report reads the same as with the texts in the shared-string table."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from kemixl.model import Limits
from kemixl.pipeline import consolidate
from kemixl.report.sheet import Sheet
from kemixl.xlsx.book import Book
from kemixl.xlsx.read import read_values
from kemixl.xlsx.rows import QuickRowsWorksheet, RowsWorksheet

from .conftest import INPUTS, TEMPLATES
from .libreoffice import recalculate, require_libreoffice

PLAIN = [
    " leading",
    "trailing ",
    "\ttabbed\n",
    "a & b < c > d \"e\" 'f'",
    "ä ö å € Å Ä Ö",
    "two\nlines",
    "  ",
]
# openpyxl does not undo the _xHHHH_ escapes of an inline string (Excel, LibreOffice and
# calamine do): these are checked with the others
ESCAPED = ["bell\x07and\x01", "_x0041_ looks escaped", "ok\x1f_x00e4_"]


def _texts_book(path: Path, texts: list[str]) -> None:
    book = Book(path)
    formats = {"plain": book.add_format({})}
    sheet = Sheet(book, "Toimiala", formats, bulk=True)
    for row, text in enumerate(texts):
        sheet.text(row, 0, text)
    book.close()


def _column(values: list[list[Any]], count: int) -> list[Any]:
    return [values[row][0] for row in range(count)]


def _calamine(path: Path, sheet: str = "Toimiala") -> list[list[Any]]:
    book = read_values(path.read_bytes(), Limits())
    return next(s.values for s in book.sheets if s.title == sheet)


def test_texts_are_written_inline(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    _texts_book(path, PLAIN)
    with zipfile.ZipFile(path) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
        assert "xl/sharedStrings.xml" not in z.namelist()
    assert xml.count('t="inlineStr"') == len(PLAIN)
    assert re.search('<c r="A1"[^>]* t="inlineStr"><is><t xml:space="preserve"> leading</t>', xml)
    assert "<t>a &amp; b &lt; c &gt; d \"e\" 'f'</t>" in xml


def test_texts_read_back_by_calamine_and_openpyxl(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    texts = PLAIN + ESCAPED
    _texts_book(path, texts)
    assert _column(_calamine(path), len(texts)) == texts
    sheet = openpyxl.load_workbook(path)["Toimiala"]
    assert [sheet.cell(row + 1, 1).value for row in range(len(PLAIN))] == PLAIN


def test_texts_read_back_by_libreoffice(tmp_path: Path) -> None:
    require_libreoffice()
    path = tmp_path / "t.xlsx"
    texts = PLAIN + ESCAPED
    _texts_book(path, texts)
    again = recalculate(path, tmp_path / "lo")  # (LibreOffice's own file: shared strings)
    assert _column(_calamine(again), len(texts)) == texts


def test_the_comparison_sees_a_text_read_otherwise(tmp_path: Path) -> None:
    """The check can fail: a text escaped twice reads back otherwise."""
    path = tmp_path / "t.xlsx"
    _texts_book(path, PLAIN)
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = parts[sheet].replace(b"&amp;", b"&amp;amp;")
    with zipfile.ZipFile(tmp_path / "u.xlsx", "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    assert _column(_calamine(tmp_path / "u.xlsx"), len(PLAIN)) != PLAIN
    sheet_values = openpyxl.load_workbook(tmp_path / "u.xlsx")["Toimiala"]
    assert [sheet_values.cell(row + 1, 1).value for row in range(len(PLAIN))] != PLAIN


@pytest.fixture(scope="module")
def both_ways(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The sample's report with the texts inline, and with them in the shared strings."""
    folder = tmp_path_factory.mktemp("inline")
    consolidate(INPUTS, TEMPLATES, folder / "inline.xlsx")
    with pytest.MonkeyPatch.context() as m:
        m.setattr(QuickRowsWorksheet, "quick_string", RowsWorksheet.quick_string)
        consolidate(INPUTS, TEMPLATES, folder / "shared.xlsx")
    return folder / "inline.xlsx", folder / "shared.xlsx"


def test_a_report_reads_the_same_either_way(both_ways: tuple[Path, Path]) -> None:
    """Every sheet's every value, by kemixl's reader and by openpyxl."""
    inline, shared = both_ways
    with zipfile.ZipFile(inline) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        inlined = [n for n in sheets if b't="inlineStr"' in z.read(n)]
    assert len(inlined) >= 3  # Toimialat and the department sheets
    assert all(not re.search(rb't="s"', zipfile.ZipFile(inline).read(n)) for n in inlined)
    one, other = (read_values(p.read_bytes(), Limits()) for p in (inline, shared))
    assert [s.title for s in one.sheets] == [s.title for s in other.sheets]
    assert [s.values for s in one.sheets] == [s.values for s in other.sheets]
    first, second = openpyxl.load_workbook(inline), openpyxl.load_workbook(shared)
    for name in first.sheetnames:
        rows = [[c.value for c in row] for row in first[name].iter_rows()]
        assert rows == [[c.value for c in row] for row in second[name].iter_rows()], name
