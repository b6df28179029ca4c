"""Every formula in the council's workbook carries a cached value a reader can see.

XlsxWriter writes an empty text result as a bare <v></v> (no t="str"), which openpyxl's
data_only mode, pandas and python-calamine read as no value at all; the status column's
no-flag value is therefore an en dash, not an empty text. Checked on every sheet, for the
bundled inputs and for a workbook with errors (a department missing).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kemixl.pipeline import consolidate
from kemixl.report.status import NEUTRAL, overrun_word, pace_word

from .conftest import INPUTS, TEMPLATES
from .test_report_support import (  # noqa: F401  (fixtures)
    fixture_samples_consolidation,
    fixture_samples_workbook,
)

OVERRUN, PACE = overrun_word(), pace_word()  # the Finnish report's words


def _uncached(path: Path) -> tuple[int, list[str]]:
    """(formula count, 'Sheet!A1' of every formula whose cached value reads as None)."""
    formulas = load_workbook(path)
    values = load_workbook(path, data_only=True)
    count, missing = 0, []
    for ws in formulas.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    count += 1
                    if values[ws.title][cell.coordinate].value is None:
                        missing.append(f"{ws.title}!{cell.coordinate}")
    return count, missing


@pytest.mark.parametrize("missing_department", [False, True], ids=["complete", "with-errors"])
def test_no_formula_without_a_cached_value(tmp_path: Path, missing_department: bool) -> None:
    inputs = tmp_path / "in"
    shutil.copytree(INPUTS, inputs)
    if missing_department:
        next(inputs.glob("64200000*.xlsx")).unlink()
    out = tmp_path / "r.xlsx"
    consolidate(inputs, TEMPLATES, out)
    count, missing = _uncached(out)
    assert count > 400
    assert missing == []


def test_samples_workbook_has_every_value_cached(samples_workbook: Path) -> None:
    count, missing = _uncached(samples_workbook)
    assert count > 400 and missing == []


def test_status_cells_hold_a_visible_word(samples_workbook: Path) -> None:
    """Every status formula's cached value is YLITYS, NOPEA TAHTI or the en dash."""
    formulas = load_workbook(samples_workbook)
    values = load_workbook(samples_workbook, data_only=True)
    seen: set[object] = set()
    for ws in formulas.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                formula = cell.value
                if isinstance(formula, str) and (
                    f'"{OVERRUN}"' in formula or f'"{PACE}"' in formula
                ):
                    value = values[ws.title][cell.coordinate].value
                    assert value in (OVERRUN, PACE, NEUTRAL), (ws.title, cell.coordinate, value)
                    seen.add(value)
    assert seen == {OVERRUN, PACE, NEUTRAL}
    assert NEUTRAL == "\u2013"
