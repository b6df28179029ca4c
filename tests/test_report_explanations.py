"""Each department sheet carries, under its table, the responsible person and the explanation
texts, wrapped in merged cells as wide as the table and tall enough to read."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from openpyxl import load_workbook

from kemixl.reconcile import Consolidation
from kemixl.report.explain import MAX_CHARS, paragraphs

from .test_report_support import (  # noqa: F401  (fixtures)
    fixture_samples_consolidation,
    fixture_samples_workbook,
    sample_csv,
    write,
)

SHEETS = {
    "64100000": "Keskusvirasto",
    "64200000": "Elinvoimatoimiala",
    "64300000": "Hyvinvointitoimiala",
    "64500000": "Ympäristötoimiala",
}


def test_explanations_under_each_department_table(samples_workbook: Path) -> None:
    wb = load_workbook(samples_workbook)
    for row in sample_csv("explanations.csv"):
        ws = wb[SHEETS[row["department"]]]
        cells = {
            c.coordinate: c.value for r in ws.iter_rows() for c in r if isinstance(c.value, str)
        }
        where = {v: k for k, v in cells.items()}
        label = where["Vastuuhenkilö"]
        responsible = ws[label].offset(0, 1)
        assert responsible.value == row["responsible"]
        last_table_row = max(
            int(k[1:]) for k, v in cells.items() if k.startswith("A") and v == "TOIMINTAKATE"
        )
        assert ws[label].row > last_table_row
        merged = {str(r) for r in ws.merged_cells.ranges}
        texts = paragraphs(row["explanation"]) + paragraphs(row["savings"])
        assert texts
        values = list(cells.values())
        for text in texts:
            holder = next(
                (k for k, v in cells.items() if v == text or v.endswith("\n" + text)), None
            )
            assert holder is not None, f"{row['department']}: paragraph missing: {text[:40]}"
            r = int(holder[1:])
            assert holder == f"A{r}" and f"A{r}:H{r}" in merged
            assert ws[holder].alignment.wrap_text
            assert ws.row_dimensions[r].height >= 15
        if row["savings"]:
            assert any(v.startswith("Talousohjelma ja säästötoimenpiteet:") for v in values)


def test_missing_explanation_is_said(samples_consolidation: Consolidation, tmp_path: Path) -> None:
    explanations = dict(samples_consolidation.explanations)
    del explanations["64200000"]
    c = dataclasses.replace(samples_consolidation, explanations=explanations)
    ws = load_workbook(write(c, tmp_path / "r.xlsx"))["Elinvoimatoimiala"]
    values = [c.value for r in ws.iter_rows() for c in r if isinstance(c.value, str)]
    assert any(v.endswith("Selvitystä ei ole toimitettu.") for v in values)
    assert "Kimmo Heikka" in values  # the master's responsible person


def test_long_paragraphs_are_cut_at_sentences() -> None:
    text = "Tämä on lause, jossa on sanoja. " * 150
    pieces = paragraphs(text)
    assert len(pieces) > 1 and all(len(p) <= MAX_CHARS for p in pieces)
    assert " ".join(pieces) == text.strip()
    assert all(p.endswith(".") for p in pieces)
