"""Text from submissions and master data is written as text, never as a formula or a link."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from openpyxl import load_workbook

from kemixl.reconcile import Consolidation

from .test_report_support import (  # noqa: F401  (fixtures)
    fixture_samples_consolidation,
    write,
)

DANGEROUS = (
    "=SUM(A1)",
    "+358 40 123",
    "-5 htv",
    "@home",
    '=HYPERLINK("http://example.com","x")',
    "=1+1",
    "http://example.com/",
    "-",
)


def _dangerous(c: Consolidation) -> Consolidation:
    """Every kind of text the report shows, set to something a spreadsheet could misread."""
    master = c.master
    objectives = list(master.objectives)
    objectives[0] = dataclasses.replace(
        objectives[0], objective="=1+1", actions="@home", metrics="-5 htv", owner_schedule="-"
    )
    kpis = list(master.kpis)
    kpis[0] = dataclasses.replace(kpis[0], name="=SUM(A1)", tp_prev="+358 40 123", ta="-5 htv")
    master = dataclasses.replace(master, objectives=tuple(objectives), kpis=tuple(kpis))
    kpi_values = dict(c.kpis)
    kid = kpis[0].id
    kpi_values[kid] = dataclasses.replace(kpi_values[kid], actual="@home", forecast="=SUM(A1)")
    realizations = dict(c.realizations)
    oid = objectives[0].id
    realizations[oid] = dataclasses.replace(
        realizations[oid], text='=HYPERLINK("http://example.com","x")'
    )
    explanations = dict(c.explanations)
    dept = next(iter(explanations))
    explanations[dept] = dataclasses.replace(
        explanations[dept],
        responsible="+358 40 123",
        explanation="=SUM(A1)\n\n-5 htv\n\n@home",
        savings="http://example.com/",
    )
    return dataclasses.replace(
        c, master=master, kpis=kpi_values, realizations=realizations, explanations=explanations
    )


def test_formula_looking_texts_stay_text(
    samples_consolidation: Consolidation, tmp_path: Path
) -> None:
    path = write(_dangerous(samples_consolidation), tmp_path / "r.xlsx")
    wb = load_workbook(path)
    found: dict[str, list[str]] = {text: [] for text in DANGEROUS}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                # a paragraph may follow its heading in one cell: "heading:\ntext"
                text = value.rsplit("\n", 1)[-1] if isinstance(value, str) else None
                if text in found:
                    assert cell.data_type == "s", f"{ws.title}!{cell.coordinate} {value!r}"
                    found[text].append(f"{ws.title}!{cell.coordinate}")
                if isinstance(value, str) and value.startswith("="):
                    # a formula kemixl wrote itself: never one of the texts
                    assert cell.data_type == "s" or all(
                        text.lstrip("=") not in value for text in DANGEROUS if text != "-"
                    ), f"{ws.title}!{cell.coordinate} {value!r}"
            for link in ws._hyperlinks:
                assert "example.com" not in str(link.target), link.ref
    missing = [text for text, places in found.items() if not places]
    assert missing == []
    # the explanation's paragraphs, one per row, each a plain string
    dept_sheets = [p for p in found["=SUM(A1)"] if not p.startswith("Tunnusluvut")]
    assert dept_sheets, found
