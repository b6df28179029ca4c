"""The KPI sheet: blocks per department and result area under their responsible person, every
KPI with its values (numbers as numbers, texts as text), aligned alike, printed readably."""

from __future__ import annotations

import dataclasses
import re
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from kemixl.master import load_master
from kemixl.model import Kpi
from kemixl.numbers import parse_kpi_value
from kemixl.pipeline import consolidate
from kemixl.reconcile import Consolidation
from kemixl.report.kpi import AREA, DEPT, FORECAST, GROUP, HEADER_ROW, NAME, RESPONSIBLE, TP
from kemixl.synth import synthesize
from tests.libreoffice import libreoffice, render_pdf  # noqa: F401  (fixture)

from .test_report_support import (  # noqa: F401  (fixtures)
    fixture_samples_consolidation,
    fixture_samples_workbook,
    master_csv,
    sample_csv,
    write,
)

VALUE_TITLES = ("TP 2022", "TA 2023", "TOTEUMA 1-6/2023", "TP-ENNUSTE 2023")
VALUE_COLS = range(TP + 1, FORECAST + 2)  # 1-based, as openpyxl counts


def _sheet(path: Path) -> Worksheet:
    return load_workbook(path)["Tunnusluvut"]


def _kpi_rows(ws: Worksheet) -> list[tuple[Cell, ...]]:
    """The KPI rows: those carrying their department right of the printed area."""
    return [
        row
        for row in ws.iter_rows(min_row=HEADER_ROW + 2, max_col=RESPONSIBLE + 1)
        if row[DEPT].value
    ]


def _titles(ws: Worksheet) -> dict[int, str]:
    """Block titles by row: the text of column A in rows that are not KPI rows."""
    kpi_rows = {row[0].row for row in _kpi_rows(ws)}
    return {
        r: str(ws.cell(r, 1).value)
        for r in range(HEADER_ROW + 2, ws.max_row + 1)
        if r not in kpi_rows and ws.cell(r, 1).value
    }


def test_every_kpi_with_its_values(samples_workbook: Path) -> None:
    ws = _sheet(samples_workbook)
    titles = [ws.cell(HEADER_ROW + 1, c).value for c in range(1, RESPONSIBLE + 2)]
    assert titles[0] == "Suorite / tunnusluku"
    assert tuple(titles[TP : FORECAST + 1]) == VALUE_TITLES
    assert titles[DEPT:] == ["Toimiala", "Tulosalue", "Ryhmä", "Vastuuhenkilö"]
    names = {row["code"]: row["name"] for row in master_csv("costcentres.csv")}
    parent = {row["code"]: row["parent"] for row in master_csv("costcentres.csv")}
    reported = {r["id"]: r for r in sample_csv("kpis.csv")}
    rows = {(row[DEPT].value, row[AREA].value or "", row[NAME].value): row for row in _kpi_rows(ws)}
    master = master_csv("kpis.csv")
    assert len(rows) == len(_kpi_rows(ws)) == len(master) == 38
    for k in master:
        dept = k["code"] if parent[k["code"]] == "64000000" else parent[k["code"]]
        area = "" if dept == k["code"] else names[k["code"]]
        row = rows[(names[dept], area, k["name"])]
        assert (row[GROUP].value or "") == k["group"]
        want = [
            parse_kpi_value(k["tp_prev"]),
            parse_kpi_value(k["ta"]),
            parse_kpi_value(reported[k["id"]]["actual"]),
            parse_kpi_value(reported[k["id"]]["forecast"]),
        ]
        for cell, value in zip(row[TP : FORECAST + 1], want, strict=True):
            assert cell.value == value, (k["id"], cell.value, value)
            if isinstance(value, float):
                assert cell.data_type == "n" and "#,##0" in cell.number_format
            elif isinstance(value, str):
                assert cell.data_type == "s"
    talvi = rows[("YMPÄRISTÖTOIMIALA", "YLEISTEN ALUEIDEN PALVELUT", "Talvikunnossapito (m2)")]
    assert talvi[TP].value == 1665558


def test_blocks_are_titled_with_their_responsible_person(samples_workbook: Path) -> None:
    """A title per department and per result area with KPIs: code and name, then
    "Vastuuhenkilö" (the area's own, else its department's); every KPI stands in the block
    of its cost centre; no department is repeated on the KPI rows."""
    ws = _sheet(samples_workbook)
    centres = {row["code"]: row for row in master_csv("costcentres.csv")}
    with_kpis = {k["code"] for k in master_csv("kpis.csv")}
    departments = {
        centres[c]["parent"] if centres[c]["parent"] != "64000000" else c for c in with_kpis
    }
    titles = _titles(ws)
    by_code = {text.split()[0]: (r, text) for r, text in titles.items() if text[:8].isdigit()}
    assert set(by_code) == with_kpis | departments  # ELINVOIMATOIMIALA has no KPIs of its own
    for code, (_r, text) in by_code.items():
        node = centres[code]
        dept = centres[node["parent"]] if node["parent"] != "64000000" else node
        person = node["responsible"] or dept["responsible"]
        assert text == f"{code} {node['name']}\nVastuuhenkilö {person}", text
    # every KPI row sits under the title of its own cost centre
    current = ""
    kpi_rows = {row[0].row: row for row in _kpi_rows(ws)}
    for r in range(HEADER_ROW + 2, ws.max_row + 1):
        text = titles.get(r, "")
        if text[:8].isdigit():
            current = text.split("\n")[0].split(" ", 1)[1]
        if r in kpi_rows:
            row = kpi_rows[r]
            assert current == (row[AREA].value or row[DEPT].value), r
            department_names = {centres[d]["name"] for d in departments}
            assert not any(c.value in department_names for c in row[: FORECAST + 1])
    assert by_code["64540000"][1].endswith("Vastuuhenkilö Risto Pöykiö")
    assert by_code["64330000"][1].endswith("Vastuuhenkilö Marke Rautiala")


def test_groups_are_lines_of_their_own(samples_workbook: Path) -> None:
    """'Kävijöiden lukumäärä' is a line above its KPIs; where a KPI of the group's name leads
    it (the seed's 'Lapset/oppilaat, yhteensä 20.9.'), that KPI is the line. Members are
    indented, others are not."""
    ws = _sheet(samples_workbook)
    titles = _titles(ws)
    groups = {g for g in (k["group"] for k in master_csv("kpis.csv")) if g}
    names = {k["name"] for k in master_csv("kpis.csv")}
    assert {t for t in titles.values() if t in groups} == groups - names
    first_member: dict[str, int] = {}
    for row in _kpi_rows(ws):
        member = bool(row[GROUP].value) and row[GROUP].value != row[NAME].value
        assert (row[NAME].alignment.indent or 0) == (1 if member else 0), row[NAME].value
        if member:
            first_member.setdefault(str(row[GROUP].value), row[0].row)
    for group, r in first_member.items():
        above = ws.cell(r - 1, 1).value
        assert above == group, (group, above)  # the line itself, or the KPI of its name


def test_values_align_alike_with_room_between_columns(samples_workbook: Path) -> None:
    """Numbers and texts in a value column are right-aligned with an indent (so a number never
    touches the next column's text, and "7 kpl" lines up with 7); names are left-aligned."""
    ws = _sheet(samples_workbook)
    seen = {"n": 0, "s": 0}
    for row in _kpi_rows(ws):
        assert row[NAME].alignment.horizontal in (None, "general", "left")
        for cell in row[TP : FORECAST + 1]:
            assert cell.alignment.horizontal == "right", cell.coordinate
            assert (cell.alignment.indent or 0) >= 1, cell.coordinate
            assert cell.border.left.style and cell.border.right.style, cell.coordinate
            if cell.value is not None:
                seen[cell.data_type] += 1
                if cell.data_type == "s":
                    assert cell.alignment.wrap_text, cell.coordinate
    assert seen["n"] > 100 and seen["s"] > 20  # both kinds were checked


def test_printed_as_blocks(samples_workbook: Path) -> None:
    ws = _sheet(samples_workbook)
    assert ws.print_title_rows == f"${HEADER_ROW + 1}:${HEADER_ROW + 1}"
    assert ws.print_area == f"'Tunnusluvut'!$A$1:$E${ws.max_row}"
    assert ws.auto_filter.ref == f"A{HEADER_ROW + 1}:I{ws.max_row}"
    assert ws.freeze_panes == f"A{HEADER_ROW + 2}"
    assert not ws.merged_cells.ranges


def test_decimals_are_shown(samples_consolidation: Consolidation, tmp_path: Path) -> None:
    kpis = dict(samples_consolidation.kpis)
    kpis["K001"] = dataclasses.replace(kpis["K001"], actual=27.5, forecast=3.25)
    c = dataclasses.replace(samples_consolidation, kpis=kpis)
    ws = _sheet(write(c, tmp_path / "r.xlsx"))
    first = _kpi_rows(ws)[0]  # K001, the first department's own KPI
    assert first[NAME].value == "Vakituinen henkilökunta, hlö"
    actual, forecast = first[TP + 2], first[TP + 3]
    assert actual.value == 27.5 and forecast.value == 3.25
    # at least one decimal shown, up to three: 27,5 and 3,25 in a Finnish Excel
    assert actual.number_format.endswith("#,##0.0##")
    assert first[TP].number_format.endswith("#,##0")  # 1 052: a whole number


def test_another_organisation_gets_its_blocks(tmp_path: Path) -> None:
    """A synthetic city (other codes, names and people): a title per department and result
    area with KPIs, each naming its responsible person from the master."""
    r = synthesize(tmp_path / "org", departments=3, areas=2, seed=7)
    out = tmp_path / "r.xlsx"
    consolidate(r.inputs, r.templates, out)
    master = load_master(r.templates)
    ws = _sheet(out)
    titles = {t.split()[0]: t for t in _titles(ws).values() if t[:3].isdigit()}
    expected = {k.code for k in master.kpis} | {d.code for d in master.departments}
    assert set(titles) == expected
    for code, text in titles.items():
        node = master.centre(code)
        assert node is not None
        dept = master.centre(master.department_of(code) or code)
        assert dept is not None
        assert text.endswith(f"Vastuuhenkilö {node.responsible or dept.responsible}")
    assert len(_kpi_rows(ws)) == len(master.kpis)


def _words(pdf: Path, tmp_path: Path) -> list[list[tuple[float, float, float, str]]]:
    """Per page: (xMin, xMax, yMin, word)."""
    out = tmp_path / "bbox.html"
    subprocess.run(["pdftotext", "-bbox", str(pdf), str(out)], check=True, timeout=120)
    pages = []
    for page in re.findall(r"<page[^>]*>(.*?)</page>", out.read_text(encoding="utf-8"), re.S):
        pages.append(
            [
                (float(a), float(b), float(y), w)
                for a, y, b, w in re.findall(
                    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">'
                    r"([^<]*)</word>",
                    page,
                )
            ]
        )
    return pages


@pytest.mark.usefixtures("libreoffice")
def test_printed_numbers_keep_apart(samples_workbook: Path, tmp_path: Path) -> None:
    """As LibreOffice prints it: the tester's "8 2 työllistämisbonus" (TA 8, actual "2
    työllistämisbonus") reads as two values, a clear gap between them."""
    pages = _words(render_pdf(samples_workbook, tmp_path), tmp_path)
    line = next(
        sorted(w for w in words if abs(w[2] - y) < 1)
        for words in pages
        for (_a, _b, y, word) in words
        if word == "työllistämisbonus"
    )
    texts = [w[3] for w in line]
    at = texts.index("työllistämisbonus")
    eight, two = line[at - 2], line[at - 1]
    assert (eight[3], two[3]) == ("8", "2")
    assert two[0] - eight[1] > 20  # points: far more than a space


def test_no_kpi_is_left_out(samples_consolidation: Consolidation, tmp_path: Path) -> None:
    """KPIs of the city itself and of a department without result areas have blocks too."""
    master = samples_consolidation.master
    extra = (
        Kpi("X1", master.root.code, "", "Asukasluku", 20000.0, 19800.0),
        Kpi("X2", "64400000", "", "Siirretyt palvelut", "-", "-"),
    )
    c = dataclasses.replace(
        samples_consolidation, master=dataclasses.replace(master, kpis=master.kpis + extra)
    )
    ws = _sheet(write(c, tmp_path / "r.xlsx"))
    rows = _kpi_rows(ws)
    assert len(rows) == len(master.kpis) + 2
    assert rows[0][NAME].value == "Asukasluku"  # the city's own, first
    titles = _titles(ws)
    assert titles[rows[0][0].row - 1].startswith(f"{master.root.code} ")
    perustuva = next(r for r in rows if r[NAME].value == "Siirretyt palvelut")
    assert titles[perustuva[0].row - 1].startswith("64400000 PERUSTURVATOIMIALA")
