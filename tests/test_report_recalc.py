"""LibreOffice recalculates the council's workbook: every cached value agrees, on every sheet,
and the status words and strategy counts follow an edit of the figures they read."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kemixl.i18n import label
from kemixl.reconcile import Consolidation
from kemixl.report.status import overrun_word
from kemixl.report.strategy import ID, MATRIX_TITLE, STATUS
from tests.libreoffice import (
    compare_cached_to_recalculated,
    formula_cells,
    libreoffice,  # noqa: F401  (fixture)
    recalculate,
)

from .test_report_support import (  # noqa: F401  (fixtures)
    fixture_samples_consolidation,
    fixture_samples_workbook,
)

OVERRUN = overrun_word()  # the Finnish report's word

pytestmark = pytest.mark.usefixtures("libreoffice")


def test_cached_values_equal_libreoffice_on_every_sheet(
    samples_workbook: Path, tmp_path: Path
) -> None:
    report = compare_cached_to_recalculated(samples_workbook, tmp_path)
    assert report.mismatches == []
    per_sheet = Counter(sheet for sheet, _cell in formula_cells(samples_workbook))
    for sheet in ("Tuloslaskelma", "Toimialat", "Keskusvirasto", "Strategia"):
        assert per_sheet[sheet] > 0, f"no formulas checked on {sheet}"
    formulas = [f for f, _v in formula_cells(samples_workbook).values()]
    assert sum("COUNTIFS(" in f for f in formulas) >= 12 * 7  # the strategy matrix
    assert sum(f'"{OVERRUN}"' in f for f in formulas) >= 20  # a status on every margin row
    assert report.formula_count == len(formulas) > 400


def test_status_and_matrix_follow_edits(
    samples_workbook: Path, samples_consolidation: Consolidation, tmp_path: Path
) -> None:
    """Edit a forecast and a status in the file; LibreOffice's recalculation moves the flags."""
    wb = load_workbook(samples_workbook)
    ws = wb["Keskusvirasto"]
    row = next(
        r for r in range(1, ws.max_row) if ws.cell(r, 1).value == "64110000 HALLINTOPALVELUT"
    )
    assert ws.cell(row + 3, 8).value.startswith("=IF(")
    ws.cell(row + 2, 7).value = -9_000_000  # forecast costs: now far over budget
    strategy = wb["Strategia"]
    header = next(
        r
        for r in range(1, strategy.max_row)
        if strategy.cell(r, 1).value == "Tavoite" and strategy.cell(r, 2).value == "Toimenpiteet"
    )
    first = next(r for r in range(header + 1, strategy.max_row) if strategy.cell(r, ID + 1).value)
    assert strategy.cell(first, STATUS + 1).value == "Toteutunut"
    strategy.cell(first, STATUS + 1).value = "Viivästynyt"
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)

    after = load_workbook(recalculate(edited, tmp_path), data_only=True)
    assert after["Keskusvirasto"].cell(row + 3, 8).value == OVERRUN
    toimialat = after["Toimialat"]
    kv = next(
        r
        for r in range(1, toimialat.max_row)
        if toimialat.cell(r, 1).value == "64100000 KESKUSVIRASTO"
    )
    assert toimialat.cell(kv + 3, 8).value == OVERRUN  # the department total follows too
    matrix = after["Strategia"]
    totals = next(r for r in range(1, header) if matrix.cell(r, 1).value == "Kaikki yhteensä")
    top = next(r for r in range(1, header) if matrix.cell(r, 1).value == label(MATRIX_TITLE))
    titles = [matrix.cell(top, col).value for col in range(2, 9)]
    counts = dict(zip(titles, [matrix.cell(totals, col).value for col in range(2, 9)], strict=True))
    statuses = Counter(
        (r.status or "Ei raportoitu") for r in samples_consolidation.realizations.values()
    )
    assert counts["Toteutunut"] == statuses["Toteutunut"] - 1
    assert counts["Viivästynyt"] == statuses["Viivästynyt"] + 1
    assert counts["Yhteensä"] == len(samples_consolidation.master.objectives)
