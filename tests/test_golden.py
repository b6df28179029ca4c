"""Golden checks: the consolidated bundled sample reproduces the seed's published figures.

Tolerance, justified: the seed publishes euros rounded from cents, each row on its own. A
derived figure (a total or TOIMINTAKATE) that kemixl computes from n published, rounded
items can differ from the published derived figure by at most n/2 € plus 1/2 € for the
published figure's own rounding. Figures typed by departments (leaf TOIMINTATUOTOT and
TOIMINTAKULUT) must match exactly. The summary is in thousands; the central items are known
only to the thousand, so a derived summary row may differ by 1/2 per rounded item summed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kemixl.i18n import using
from kemixl.model import Master
from kemixl.reconcile import Consolidation
from kemixl.report.names import DEPARTMENTS, SUMMARY, sheet_title

from .conftest import REPORT_LANGUAGES, seed_blocks, seed_summary
from .workbook_scan import scan_blocks, scan_summary

COLUMNS = ("tp_prev", "ta", "ta_amended", "actual", "forecast")


def _tolerance(master: Master, code: str, line: str) -> float:
    leaves = len(master.leaves(code))
    if leaves == 1 and line != "TOIMINTAKATE":
        return 0.0
    items = leaves * (2 if line == "TOIMINTAKATE" else 1)
    return 0.5 * items + 0.5


@pytest.mark.parametrize("lang", REPORT_LANGUAGES)
def test_every_published_block_figure(
    report_in: Callable[[str], tuple[Consolidation, Path]], master: Master, lang: str
) -> None:
    """The same figures in every language: only the words change."""
    _, path = report_in(lang)
    found = scan_blocks(path)
    by_code: dict[tuple[str, str], list[dict[str, object]]] = {}
    for (_sheet, code, line), values in found.items():
        by_code.setdefault((code, line), []).append(values)
    checked = 0
    for row in seed_blocks():
        key = (row["code"], row["line"])
        assert key in by_code, f"{key} not in the consolidated workbook"
        tol = _tolerance(master, *key)
        for values in by_code[key]:
            for col in COLUMNS:
                published = float(row[col] or row["ta"])  # no Muutettu column: equals TA
                got = values[col]
                assert isinstance(got, int | float), f"{key} {col}: no cached number ({got!r})"
                assert abs(got - published) <= tol, f"{key} {col}: {got} vs published {published}"
                checked += 1
            pct = values["pct"]
            assert isinstance(pct, float | int)
            assert abs(round(pct * 100) - int(row["pct"])) <= 1, f"{key} Toteuma-%: {pct}"
    assert checked >= 66 * 5


@pytest.mark.parametrize("lang", REPORT_LANGUAGES)
def test_department_totals_on_departments_sheet(
    report_in: Callable[[str], tuple[Consolidation, Path]], lang: str
) -> None:
    _, path = report_in(lang)
    with using(lang):
        sheet = sheet_title(DEPARTMENTS)
    found = scan_blocks(path, [sheet])
    codes = {code for (_s, code, _l) in found}
    assert codes == {"64000000", "64100000", "64200000", "64300000", "64400000", "64500000"}
    city = found[(sheet, "64000000", "TOIMINTAKATE")]
    assert city["tp_prev"] == pytest.approx(-147956842, abs=1.5)
    assert city["actual"] == pytest.approx(-22946997, abs=1.5)
    assert city["forecast"] == pytest.approx(-45689237, abs=1.5)
    # PERUSTURVATOIMIALA: no budget in 2023, prior-year actuals still shown.
    assert found[(sheet, "64400000", "TOIMINTAKULUT")]["tp_prev"] == -111250863
    assert found[(sheet, "64400000", "TOIMINTAKULUT")]["actual"] == 0


ITEMS_SUMMED = {
    "TOIMINTAKATE YHTEENSÄ": 2,
    "VUOSIKATE": 5,
    "TILIKAUDEN TULOS": 7,
    "YLIJÄÄMÄ / ALIJÄÄMÄ": 7,
}


@pytest.mark.parametrize("lang", REPORT_LANGUAGES)
def test_summary_rows_in_thousands(
    report_in: Callable[[str], tuple[Consolidation, Path]], lang: str
) -> None:
    _, path = report_in(lang)
    with using(lang):
        sheet = sheet_title(SUMMARY)
    found = scan_summary(path, sheet)
    for row in seed_summary():
        label = row["label"]
        assert label in found, f"summary row {label} missing"
        tol = 0.5 * ITEMS_SUMMED.get(label, 1) + 0.5
        for col in COLUMNS:
            got = found[label][col]
            assert isinstance(got, int | float), f"{label} {col}: no cached number"
            assert abs(got - float(row[col])) <= tol, f"{label} {col}: {got} vs {row[col]}"
        assert abs(round(found[label]["pct"] * 100) - int(row["pct"])) <= 1, label


def test_stored_exactly_displayed_rounded(sample_report: tuple[Consolidation, Path]) -> None:
    """The thousands view is a formula over euros, not re-typed rounded numbers."""
    from openpyxl import load_workbook

    _, path = sample_report
    ws = load_workbook(path)["Tuloslaskelma"]
    formulas = [
        c.value
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith("=")
    ]
    assert any("/1000" in f and "Toimialat" in f for f in formulas)


def test_pandas_reads_the_figures_without_recalculating(
    sample_report: tuple[Consolidation, Path],
) -> None:
    """A reader that never evaluates formulas (pandas) still sees the right numbers."""
    import pandas as pd

    _, path = sample_report
    frame = pd.read_excel(path, sheet_name="Toimialat", header=None, engine="openpyxl")
    labels = frame.iloc[:, 0].astype(str).tolist()
    city = (
        len(labels) - 1 - labels[::-1].index("64000000 KEMIN KAUPUNKI 1.1.2022 VIRALLINEN")
    )  # the block, not the title
    assert labels[city + 3] == "TOIMINTAKATE"
    margin = frame.iloc[city + 3].tolist()
    assert margin[1] == pytest.approx(-147956842, abs=1.5)  # TP 2022
    assert margin[4] == pytest.approx(-22946997, abs=1.5)  # Toteuma
    assert margin[6] == pytest.approx(-45689237, abs=1.5)  # TP-ennuste
    summary = pd.read_excel(path, sheet_name="Tuloslaskelma", header=None, engine="openpyxl")
    rows = {str(r[0]).strip(): r for r in summary.itertuples(index=False)}
    assert round(rows["VUOSIKATE"][4]) == 7015 and round(rows["VUOSIKATE"][6]) == 8134
