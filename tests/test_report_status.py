"""The finance sheets' status column: YLITYS and NOPEA TAHTI on exactly the right lines.

The expectation is computed independently from the seed's published figures
(tests/data/seed_blocks.csv): an overrun where the forecast TOIMINTAKATE is below the amended
budget's (an empty amended budget equals TA); a fast pace where the published Toteuma-% of
TOIMINTAKULUT is above 50 % + 5 %-points.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kemixl.reconcile import Consolidation
from kemixl.report.status import NEUTRAL, overrun_word, pace_word

from .conftest import seed_blocks
from .test_report_support import (  # noqa: F401  (fixtures)
    fixture_samples_consolidation,
    fixture_samples_workbook,
    write,
)

OVERRUN, PACE = overrun_word(), pace_word()  # the Finnish report's words

CODE = re.compile(r"^(\d{8}) ")
LINES = ("TOIMINTATUOTOT", "TOIMINTAKULUT", "TOIMINTAKATE")
Key = tuple[str, str, str]  # (sheet, code, line)


def _status_cells(path: Path) -> dict[Key, tuple[object, object, int]]:
    """(sheet, code, line) -> (cached status, formula, row) on every sheet with a Tila column."""
    values = load_workbook(path, data_only=True)
    formulas = load_workbook(path)
    out: dict[Key, tuple[object, object, int]] = {}
    for ws in values.worksheets:
        status_col = None
        code = None
        for row in ws.iter_rows():
            texts = {c.column: c.value for c in row if isinstance(c.value, str)}
            if status_col is None:
                status_col = next((col for col, v in texts.items() if v == "Tila"), None)
                if status_col is not None and "Toteuma-%" not in texts.values():
                    status_col = None  # not a finance table
                continue
            label = row[0].value
            if not isinstance(label, str):
                continue
            m = CODE.match(label)
            if m:
                code = m.group(1)
            elif label in LINES and code:
                r = row[0].row
                out[(ws.title, code, label)] = (
                    ws.cell(r, status_col).value,
                    formulas[ws.title].cell(r, status_col).value,
                    r,
                )
    return out


def _expected() -> tuple[set[str], set[str]]:
    overrun, pace = set(), set()
    for row in seed_blocks():
        budget = float(row["ta_amended"] or row["ta"])
        if row["line"] == "TOIMINTAKATE" and float(row["forecast"]) < budget:
            overrun.add(row["code"])
        if row["line"] == "TOIMINTAKULUT" and int(row["pct"]) > 55:
            pace.add(row["code"])
    return overrun, pace


def test_expectation_is_not_vacuous() -> None:
    overrun, pace = _expected()
    assert "64000000" in overrun and "64130000" in overrun and "64110000" not in overrun
    assert pace == {"64130000", "64300000", "64320000", "64330000", "64520000"}


def test_status_words_on_exactly_the_flagged_lines(samples_workbook: Path) -> None:
    cells = _status_cells(samples_workbook)
    overrun, pace = _expected()
    seen_codes = {code for (_s, code, _l) in cells}
    assert seen_codes >= {row["code"] for row in seed_blocks()}
    sheets = {s for (s, _c, _l) in cells}
    assert {"Toimialat", "Keskusvirasto", "Ympäristötoimiala"} <= sheets
    for (sheet, code, line), (value, _formula, _row) in cells.items():
        want: str | None = NEUTRAL  # checked, nothing to flag: a visible en dash
        if line == "TOIMINTATUOTOT":
            want = None  # nothing is checked on the income line
        elif line == "TOIMINTAKATE" and code in overrun:
            want = OVERRUN
        elif line == "TOIMINTAKULUT" and code in pace:
            want = PACE
        assert value == want, f"{sheet} {code} {line}: {value!r}, expected {want!r}"
    # every overrun is shown wherever its block is: the department sheet and Toimialat
    flagged = {(s, c) for (s, c, ln), (v, _f, _r) in cells.items() if v == OVERRUN}
    assert ("Toimialat", "64000000") in flagged
    assert ("Elinvoimatoimiala", "64200000") in flagged and ("Toimialat", "64200000") in flagged


def test_status_is_a_formula_of_the_rows_own_cells(samples_workbook: Path) -> None:
    for (sheet, code, line), (_v, formula, row) in _status_cells(samples_workbook).items():
        if line == "TOIMINTATUOTOT":
            assert formula is None, (sheet, code)
            continue
        assert isinstance(formula, str) and formula.startswith("=IF("), (sheet, code, line)
        refs = set(re.findall(r"\$?[A-Z]+\$?(\d+)", formula.replace('"', " ")))
        assert refs == {str(row)}, f"{sheet} {code} {line}: {formula} reads other rows"
        if line == "TOIMINTAKATE":
            assert formula == f'=IF(ROUND(G{row},2)<ROUND(D{row},2),"{OVERRUN}","{NEUTRAL}")'
        else:
            assert formula == f'=IF(ROUND(F{row},2)>0.55,"{PACE}","{NEUTRAL}")'


def test_colours_are_conditional_formats_over_the_same_tests(samples_workbook: Path) -> None:
    wb = load_workbook(samples_workbook)
    cells = _status_cells(samples_workbook)
    for sheet in {s for (s, _c, _l) in cells}:
        rules = {
            str(cf.sqref): [r.formula[0] for r in cf.rules]
            for cf in wb[sheet].conditional_formatting
        }
        for (s, _code, line), (_v, _f, row) in cells.items():
            if s != sheet or line == "TOIMINTATUOTOT":
                continue
            test = (
                f"ROUND($G${row},2)<ROUND($D${row},2)"
                if line == "TOIMINTAKATE"
                else f"ROUND($F${row},2)>0.55"
            )
            assert rules.get(f"A{row}:H{row}") == [test], (sheet, row, rules.get(f"A{row}:H{row}"))


@pytest.mark.parametrize("margin", [0.0, 0.1])
def test_pace_threshold_follows_settings(
    samples_consolidation: Consolidation, tmp_path: Path, margin: float
) -> None:
    c = samples_consolidation
    settings = dataclasses.replace(c.master.settings, pace_margin=margin)
    c = dataclasses.replace(c, master=dataclasses.replace(c.master, settings=settings))
    cells = _status_cells(write(c, tmp_path / "r.xlsx"))
    paced = {code for (_s, code, ln), (v, _f, _r) in cells.items() if v == PACE}
    expected = {
        row["code"]
        for row in seed_blocks()
        if row["line"] == "TOIMINTAKULUT" and int(row["pct"]) > round((0.5 + margin) * 100)
    }
    assert paced == expected
