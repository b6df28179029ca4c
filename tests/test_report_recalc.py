"""LibreOffice recalculates the council's workbook: every cached value agrees, on every sheet,
and the status words and strategy counts follow an edit of the figures they read."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kemixl.i18n import label, terms, using
from kemixl.reconcile import Consolidation
from kemixl.report.names import DEPARTMENTS, SUMMARY, sheet_title
from kemixl.report.names import STRATEGY as STRATEGY_SHEET
from kemixl.report.status import overrun_word
from kemixl.report.strategy import CITY_TOTAL, ID, MATRIX_TITLE, MATRIX_TOTAL, STATUS
from tests.libreoffice import (
    compare_cached_to_recalculated,
    formula_cells,
    libreoffice,  # noqa: F401  (fixture)
    recalculate,
)

from .test_report_support import (  # noqa: F401  (fixtures)
    fixture_samples_consolidation,
    fixture_samples_workbook,
    fixture_workbook_in,
)

RECALC_LANGUAGES = ("fi", "sv", "fi+sv")  # English: the same formulas, checked by schema/golden

pytestmark = pytest.mark.usefixtures("libreoffice")


@pytest.mark.parametrize("lang", RECALC_LANGUAGES)
def test_cached_values_equal_libreoffice_on_every_sheet(
    workbook_in: Callable[[str], Path], tmp_path: Path, lang: str
) -> None:
    """In every language the same formulas, their words (status words, matrix criteria)
    included, and LibreOffice computes what kemixl cached."""
    workbook = workbook_in(lang)
    report = compare_cached_to_recalculated(workbook, tmp_path)
    assert report.mismatches == []
    per_sheet = Counter(sheet for sheet, _cell in formula_cells(workbook))
    with using(lang):
        sheets = [sheet_title(SUMMARY), sheet_title(DEPARTMENTS), sheet_title(STRATEGY_SHEET)]
        overrun = overrun_word()
    for sheet in (*sheets, "Keskusvirasto"):
        assert per_sheet[sheet] > 0, f"no formulas checked on {sheet}"
    formulas = [f for f, _v in formula_cells(workbook).values()]
    assert sum("COUNTIFS(" in f for f in formulas) >= 12 * 7  # the strategy matrix
    assert sum(f'"{overrun}"' in f for f in formulas) >= 20  # a status on every margin row
    assert report.formula_count == len(formulas) > 400


@pytest.mark.parametrize("lang", RECALC_LANGUAGES)
def test_status_and_matrix_follow_edits(
    workbook_in: Callable[[str], Path],
    samples_consolidation: Consolidation,
    tmp_path: Path,
    lang: str,
) -> None:
    """Edit a forecast and a status in the file; LibreOffice's recalculation moves the flags."""
    with using(lang):
        departments, strategy_sheet = sheet_title(DEPARTMENTS), sheet_title(STRATEGY_SHEET)
        objective, actions = label(terms.OBJECTIVE), label(terms.ACTIONS)
        achieved, delayed = terms.status_label("Toteutunut"), terms.status_label("Viivästynyt")
        city_total, total = label(CITY_TOTAL), label(MATRIX_TOTAL)
        matrix_title, overrun = label(MATRIX_TITLE), overrun_word()
    wb = load_workbook(workbook_in(lang))
    ws = wb["Keskusvirasto"]
    row = next(
        r for r in range(1, ws.max_row) if ws.cell(r, 1).value == "64110000 HALLINTOPALVELUT"
    )
    assert ws.cell(row + 3, 8).value.startswith("=IF(")
    ws.cell(row + 2, 7).value = -9_000_000  # forecast costs: now far over budget
    strategy = wb[strategy_sheet]
    header = next(
        r
        for r in range(1, strategy.max_row)
        if strategy.cell(r, 1).value == objective and strategy.cell(r, 2).value == actions
    )
    first = next(r for r in range(header + 1, strategy.max_row) if strategy.cell(r, ID + 1).value)
    assert strategy.cell(first, STATUS + 1).value == achieved
    strategy.cell(first, STATUS + 1).value = delayed
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)

    after = load_workbook(recalculate(edited, tmp_path), data_only=True)
    assert after["Keskusvirasto"].cell(row + 3, 8).value == overrun
    toimialat = after[departments]
    kv = next(
        r
        for r in range(1, toimialat.max_row)
        if toimialat.cell(r, 1).value == "64100000 KESKUSVIRASTO"
    )
    assert toimialat.cell(kv + 3, 8).value == overrun  # the department total follows too
    matrix = after[strategy_sheet]
    totals = next(r for r in range(1, header) if matrix.cell(r, 1).value == city_total)
    top = next(r for r in range(1, header) if matrix.cell(r, 1).value == matrix_title)
    titles = [matrix.cell(top, col).value for col in range(2, 9)]
    counts = dict(zip(titles, [matrix.cell(totals, col).value for col in range(2, 9)], strict=True))
    statuses = Counter(
        (r.status or "Ei raportoitu") for r in samples_consolidation.realizations.values()
    )
    assert counts[achieved] == statuses["Toteutunut"] - 1
    assert counts[delayed] == statuses["Viivästynyt"] + 1
    assert counts[total] == len(samples_consolidation.master.objectives)
