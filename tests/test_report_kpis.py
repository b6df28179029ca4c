"""The KPI sheet: every KPI, numbers as numbers (decimals shown), texts as text."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from openpyxl import load_workbook

from kemixl.numbers import parse_kpi_value
from kemixl.reconcile import Consolidation

from .test_report_support import (  # noqa: F401  (fixtures)
    fixture_samples_consolidation,
    fixture_samples_workbook,
    master_csv,
    sample_csv,
    write,
)

VALUE_TITLES = ("TP 2022", "TA 2023", "TOTEUMA 1-6/2023", "TP-ENNUSTE 2023")


def _rows(path: Path) -> tuple[list[str], list[list[object]], list[list[object]]]:
    """(titles, cells, cell objects) of the KPI table."""
    ws = load_workbook(path)["Tunnusluvut"]
    header = next(r for r in range(1, 10) if ws.cell(r, 1).value == "Toimiala")
    titles = [str(ws.cell(header, c).value) for c in range(1, 9)]
    cells = [[ws.cell(r, c) for c in range(1, 9)] for r in range(header + 1, ws.max_row + 1)]
    return titles, [[c.value for c in row] for row in cells], cells


def test_every_kpi_with_its_values(samples_workbook: Path) -> None:
    titles, rows, cells = _rows(samples_workbook)
    assert tuple(titles[4:]) == VALUE_TITLES
    master = master_csv("kpis.csv")
    reported = {r["id"]: r for r in sample_csv("kpis.csv")}
    assert len(rows) == len(master) == 38
    for k, row, objs in zip(master, rows, cells, strict=True):
        assert row[3] == k["name"]
        assert (row[2] or "") == k["group"]
        want = [
            parse_kpi_value(k["tp_prev"]),
            parse_kpi_value(k["ta"]),
            parse_kpi_value(reported[k["id"]]["actual"]),
            parse_kpi_value(reported[k["id"]]["forecast"]),
        ]
        for got, cell, value in zip(row[4:], objs[4:], want, strict=True):
            assert got == value, (k["id"], got, value)
            if isinstance(value, float):
                assert cell.data_type == "n" and "#,##0" in cell.number_format
            elif isinstance(value, str):
                assert cell.data_type == "s"
    # department and result area
    first = rows[0]
    assert first[0] == "KESKUSVIRASTO" and first[1] is None
    talvi = next(r for r in rows if r[3] == "Talvikunnossapito (m2)")
    assert talvi[:2] == ["YMPÄRISTÖTOIMIALA", "YLEISTEN ALUEIDEN PALVELUT"]
    assert talvi[4] == 1665558


def test_decimals_are_shown(samples_consolidation: Consolidation, tmp_path: Path) -> None:
    kpis = dict(samples_consolidation.kpis)
    kpis["K001"] = dataclasses.replace(kpis["K001"], actual=27.5, forecast=3.25)
    c = dataclasses.replace(samples_consolidation, kpis=kpis)
    _t, _rows_values, cells = _rows(write(c, tmp_path / "r.xlsx"))
    actual, forecast = cells[0][6], cells[0][7]
    assert actual.value == 27.5 and forecast.value == 3.25
    # at least one decimal shown, up to three: 27,5 and 3,25 in a Finnish Excel
    assert actual.number_format.endswith("#,##0.0##")
    assert cells[0][4].number_format.endswith("#,##0")  # 1 052: a whole number


def test_kpi_rows_name_the_result_areas_responsible_person(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from kemixl.pipeline import consolidate

    from .conftest import INPUTS, TEMPLATES

    out = tmp_path / "r.xlsx"
    consolidate(INPUTS, TEMPLATES, out)
    ws = load_workbook(out)["Tunnusluvut"]
    header = [c.value for c in ws[4]]
    col = header.index("Vastuuhenkilö") + 1
    name_col = header.index("Suorite / tunnusluku") + 1
    people = {ws.cell(r, name_col).value: ws.cell(r, col).value for r in range(5, ws.max_row + 1)}
    assert people["Lupapäätökset"] == "Risto Pöykiö"
    assert people["Kerrosala k-m2"] == "Kaisa-Mari Immonen"
    assert people["Vakituinen henkilökunta, hlö"] == "Jukka Vilén"
