"""The report's quicker writing paths change nothing: the report written with them and with
the library's own (XlsxWriter's cell table and row writer, formula preparation and cell XML,
its quoting of sheet names and spelling of cell references, label() computed afresh every
time, the shared strings sorted by their numbers) is the same workbook, part by part and byte
by byte: every cell's value, formula and format, every sheet setting. (Both ways number the
cell formats when they are made, report/formats.py; that this gives every cell the format the
library's numbering gives it is tests/test_xlsx_ahead.py's.)
On the bundled sample (with a previous report, not returned departments absent) and on a
synthetic organisation in Swedish (investment projects, several levels of result areas)."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from kemixl.formulas import base
from kemixl.i18n import catalog
from kemixl.pipeline import consolidate
from kemixl.synth import synthesize
from kemixl.xlsx.book import Book
from kemixl.xlsx.fast import FastFormulaWorksheet
from kemixl.xlsx.rows import QuickRowsWorksheet, RowsWorksheet, TextRowsWorksheet

from .inline import store_inline, write_cell

ROOT = Path(__file__).resolve().parent.parent


def _library_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every quick path replaced by the plain computation it stands for."""
    for name in ("_write_formula", "_prepare_formula", "_write_cell", "conditional_format"):
        monkeypatch.setattr(FastFormulaWorksheet, name, getattr(Worksheet, name))
    for name in ("quick_number", "quick_blank", "quick_formula", "quick_plain_rows"):
        monkeypatch.setattr(QuickRowsWorksheet, name, getattr(RowsWorksheet, name))
    # the data sheet's rows as cells, one by one
    monkeypatch.setattr(TextRowsWorksheet, "quick_plain_rows", RowsWorksheet.quick_plain_rows)
    # the bulk sheets' texts inline, as the library writes them in its constant_memory mode
    monkeypatch.setattr(QuickRowsWorksheet, "quick_string", store_inline)
    monkeypatch.setattr(QuickRowsWorksheet, "_write_cell", write_cell)
    monkeypatch.setattr(RowsWorksheet, "_write_rows", Worksheet._write_rows)
    monkeypatch.setattr(Book, "_prepare_sst_string_data", Workbook._prepare_sst_string_data)
    monkeypatch.setattr(base, "quoted_sheetname", quote_sheetname)
    monkeypatch.setattr(
        base,
        "xl_rowcol_to_cell_fast",
        lambda row, col: xl_rowcol_to_cell(row, col),
    )

    def fixed_label(message: str, context: str, languages: tuple[str, ...]) -> str:
        texts = [catalog.gettext_in(lang, message, context) for lang in languages]
        return catalog.BILINGUAL_SEPARATOR.join(dict.fromkeys(texts))

    monkeypatch.setattr(catalog, "_fixed_label", fixed_label)


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def _same_both_ways(
    monkeypatch: pytest.MonkeyPatch, inputs: Path, master: Path, out: Path, **options: str
) -> None:
    consolidate(inputs, master, out / "quick.xlsx", **options)
    with monkeypatch.context() as m:
        _library_ways(m)
        consolidate(inputs, master, out / "plain.xlsx", **options)
    quick, plain = _parts(out / "quick.xlsx"), _parts(out / "plain.xlsx")
    assert list(quick) == list(plain)
    assert any(name.startswith("xl/worksheets/sheet") for name in quick)
    differing = [name for name in quick if quick[name] != plain[name]]
    assert differing == []


def test_the_sample_report_is_the_same_written_either_way(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _same_both_ways(monkeypatch, ROOT / "inputs", ROOT / "templates", tmp_path)


def test_a_synthetic_report_is_the_same_written_either_way(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    synthesize(tmp_path / "org", 3, 12, seed=7)
    org = tmp_path / "org"
    _same_both_ways(monkeypatch, org / "inputs", org / "templates", tmp_path, language="sv")


def test_the_comparison_sees_a_changed_cell(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The check can fail: a quick path that wrote one number differently is caught, on a
    department sheet (cells rendered as written) or on another (the library's cell table)."""
    for kind in (QuickRowsWorksheet, RowsWorksheet):
        original = kind.quick_number

        def off_by_a_cent(
            self: RowsWorksheet,
            row: int,
            col: int,
            number: float,
            fmt: object,
            original: Any = original,
        ) -> int:
            if row == 6 and col == 2:
                number += 0.01
            return original(self, row, col, number, fmt)

        with monkeypatch.context() as m:
            m.setattr(kind, "quick_number", off_by_a_cent)
            with pytest.raises(AssertionError):
                _same_both_ways(m, ROOT / "inputs", ROOT / "templates", tmp_path)
