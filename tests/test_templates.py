"""Templates: guard rails on the generated files, the full round trip, and drift detection."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kemixl import layout as T
from kemixl.findings import Rule, Severity
from kemixl.master import load_master
from kemixl.model import Column, Line, Master
from kemixl.pipeline import check, consolidate
from kemixl.templates.fill import fill_template
from kemixl.templates.writer import write_templates

from .builders import project_inputs, sample_reported
from .conftest import ROOT, TEMPLATES, data_problems, seed_blocks
from .workbook_scan import scan_blocks


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    master = load_master(TEMPLATES)
    out = tmp_path_factory.mktemp("templates")
    return {r.department: r.path for r in write_templates(master, out) if r.path is not None}


def test_one_template_per_department_with_a_budget(templates: dict[str, Path]) -> None:
    assert sorted(templates) == ["64100000", "64200000", "64300000", "64500000"]  # not 64400000


def test_locked_prefilled_unlocked_inputs_protected(
    templates: dict[str, Path], master: Master
) -> None:
    wb = load_workbook(templates["64100000"])
    assert wb.sheetnames[:5] == [
        T.INSTRUCTIONS_SHEET,
        T.FINANCE_SHEET,
        T.EXPLANATIONS_SHEET,
        T.KPI_SHEET,
        T.STRATEGY_SHEET,
    ]
    assert wb[T.STAMP_SHEET].sheet_state == "veryHidden"
    ws = wb[T.FINANCE_SHEET]
    assert ws.protection.sheet and not ws.protection.password
    titles = {c.value: c.column for c in ws[5] if c.value}
    row = next(
        r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "64110000 HALLINTOPALVELUT"
    )
    income = row + 1
    assert ws.cell(income, titles["TP 2022"]).value == 480920
    for title in ("TP 2022", "TA 2023", "Muutettu TA 2023"):
        assert ws.cell(income, titles[title]).protection.locked
    for title in ("Toteuma 01-06/2023", "TP-ENNUSTE 2023"):
        cell = ws.cell(income, titles[title])
        assert not cell.protection.locked and cell.value is None
    margin = ws.cell(row + 3, titles["TP 2022"])
    assert (
        isinstance(margin.value, str) and margin.value.startswith("=") and margin.protection.locked
    )
    pct = ws.cell(income, titles["Toteuma-%"])
    assert str(pct.value).startswith("=IF(")
    validated = {
        str(ref)
        for dv in ws.data_validations.dataValidation
        for ref in dv.sqref.ranges
        if dv.type == "decimal"
    }
    col = ws.cell(income, titles["Toteuma 01-06/2023"]).coordinate
    assert col in validated
    dv = next(dv for dv in ws.data_validations.dataValidation if dv.type == "decimal")
    assert dv.prompt and "euro" in dv.prompt.lower()


def test_kpi_strategy_explanations_prefilled(templates: dict[str, Path], master: Master) -> None:
    wb = load_workbook(templates["64500000"])
    kpi = wb[T.KPI_SHEET]
    ids = [kpi.cell(r, 1).value for r in range(5, kpi.max_row + 1)]
    expected = [
        k.id
        for k in master.kpis
        if master.department_of(k.code) == "64500000" or k.code == "64500000"
    ]
    assert ids == expected and ids
    strategy = wb[T.STRATEGY_SHEET]
    objectives = [strategy.cell(r, 1).value for r in range(5, strategy.max_row + 1)]
    assert objectives == [o.id for o in master.objectives if o.department == "64500000"]
    assert all(strategy.cell(r, 8).value == T.NOT_REPORTED for r in range(5, strategy.max_row + 1))
    lists = [dv for dv in strategy.data_validations.dataValidation if dv.type == "list"]
    assert lists and "Toteutunut" in (lists[0].formula1 or "")
    expl = wb[T.EXPLANATIONS_SHEET]
    assert expl.cell(4, 1).value == T.RESPONSIBLE_LABEL and expl.cell(4, 2).value == "Mika Grönvall"
    text = " ".join(
        str(c.value) for row in wb[T.INSTRUCTIONS_SHEET].iter_rows() for c in row if c.value
    )
    assert "negatiivisina" in text and "Tarkistus" in text
    # the deadline as Finns write it; kemixl check is finance's tool, not a step for the department
    assert master.settings.deadline == "2023-08-15" and "15.8.2023" in text
    assert "2023-08-15" not in text
    steps = [str(c.value) for row in wb[T.INSTRUCTIONS_SHEET].iter_rows() for c in row if c.value]
    assert [s for s in steps if "kemixl check" in s] == [
        "Talouspalvelut tarkistaa palautetun tiedoston vielä kemixl check -työkalulla ja ottaa "
        "tarvittaessa yhteyttä."
    ]


def _fill_all(templates: dict[str, Path], dst: Path, master: Master) -> None:
    dst.mkdir(exist_ok=True)
    reported = sample_reported()
    for path in templates.values():
        fill_template(
            path, dst / path.name, master.period, reported, projects=project_inputs(master)
        )


def test_round_trip_gives_the_seed_figures(
    templates: dict[str, Path], master: Master, tmp_path: Path
) -> None:
    inputs = tmp_path / "in"
    _fill_all(templates, inputs, master)
    out = tmp_path / "r.xlsx"
    c = consolidate(inputs, TEMPLATES, out)
    assert [f.line() for f in c.findings if f.severity is Severity.ERROR] == []
    found = scan_blocks(out)
    for row in seed_blocks():
        if len(master.leaves(row["code"])) != 1 or row["line"] == "TOIMINTAKATE":
            continue
        values = next(
            v for (s, code, line), v in found.items() if code == row["code"] and line == row["line"]
        )
        assert values["actual"] == float(row["actual"]) and values["forecast"] == float(
            row["forecast"]
        )


def test_bundled_inputs_carry_the_whole_report(master: Master) -> None:
    c = check(ROOT / "inputs", master)
    assert data_problems(c.findings) == []
    assert set(c.kpis) == {k.id for k in master.kpis}
    assert set(c.realizations) == {o.id for o in master.objectives}
    with (ROOT / "samples" / "kemi2023" / "strategy.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            assert c.realizations[row["id"]].text == row["realization"]
    assert c.kpis["K012"].actual == 5 and c.kpis["K027"].actual == "3 kpl"
    assert "Sarastialle" in c.explanations["64100000"].explanation
    assert c.explanations["64300000"].responsible == "Kaisa Rauvala"


def _mutate(path: Path, sheet: str, edit: object) -> None:
    wb = load_workbook(path)
    edit(wb[sheet])  # type: ignore[operator]
    wb.save(path)


def _one(
    templates: dict[str, Path], tmp_path: Path, master: Master, dept: str = "64100000"
) -> Path:
    dst = tmp_path / "one"
    dst.mkdir()
    target = dst / templates[dept].name
    fill_template(
        templates[dept], target, master.period, sample_reported(), projects=project_inputs(master)
    )
    return target


def test_altered_locked_figure_is_named(
    templates: dict[str, Path], master: Master, tmp_path: Path
) -> None:
    path = _one(templates, tmp_path, master)
    _mutate(
        path, T.FINANCE_SHEET, lambda ws: ws.cell(7, 3, 999)
    )  # TA 2023 of 64110000 TOIMINTATUOTOT
    c = check(path, master)
    hits = [f for f in c.findings if f.rule is Rule.MASTER_MISMATCH]
    assert (
        hits
        and hits[0].cell == "C7"
        and hits[0].sheet == T.FINANCE_SHEET
        and hits[0].code == "64110000"
    )


def test_inserted_row_is_named(templates: dict[str, Path], master: Master, tmp_path: Path) -> None:
    path = _one(templates, tmp_path, master)
    _mutate(path, T.FINANCE_SHEET, lambda ws: ws.insert_rows(9))
    c = check(path, master)
    hits = [f for f in c.findings if f.rule is Rule.TEMPLATE_ALTERED]
    assert hits and hits[0].cell == "A9" and hits[0].severity is Severity.ERROR


def test_overwritten_formula_is_named(
    templates: dict[str, Path], master: Master, tmp_path: Path
) -> None:
    path = _one(templates, tmp_path, master)
    _mutate(path, T.FINANCE_SHEET, lambda ws: ws.cell(9, 5, -1333278))  # TOIMINTAKATE Toteuma
    c = check(path, master)
    hits = [f for f in c.findings if f.rule is Rule.TEMPLATE_ALTERED]
    assert [(f.cell, f.severity) for f in hits] == [("E9", Severity.ERROR)]


def test_stale_template_names_what_changed(
    templates: dict[str, Path], master_copy: Path, tmp_path: Path, master: Master
) -> None:
    path = _one(templates, tmp_path, master)
    with (master_copy / "kpis.csv").open("a", encoding="utf-8") as f:
        f.write("K999,64110000,,Uusi tunnusluku,1,2\n")
    c = check(path, load_master(master_copy))
    hits = [f for f in c.findings if f.rule is Rule.STALE_TEMPLATE]
    assert (
        hits and hits[0].severity is Severity.WARNING and "(kpis.csv changed" in hits[0].text("en")
    )


def test_foreign_codes_in_a_template_are_errors(
    templates: dict[str, Path], master: Master, tmp_path: Path
) -> None:
    path = _one(templates, tmp_path, master)
    _mutate(path, T.FINANCE_SHEET, lambda ws: ws.cell(6, 1, "64210000 HALLINTOPALVELUT ELINVOIMA"))
    c = check(path, master)
    assert any(
        f.rule is Rule.WRONG_DEPARTMENT and f.code == "64210000" and f.cell == "A6"
        for f in c.findings
    )


def test_saved_without_cached_values_still_reads(
    templates: dict[str, Path], master: Master, tmp_path: Path
) -> None:
    """openpyxl saves formulas with no cached values: nothing may depend on them."""
    path = _one(templates, tmp_path, master)
    wb = load_workbook(path, data_only=True)
    ws = wb[T.FINANCE_SHEET]
    assert ws.cell(9, 5).value is None  # no cached value for the margin formula
    c = check(path, master)
    assert c.amount("64100000", Line.MARGIN, Column.ACTUAL) == pytest.approx(-2070300, abs=1.5)


def test_bundled_inputs_are_fresh_templates(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "inputs", tmp_path / "in")
    assert all(
        load_workbook(p).sheetnames[-1] == T.STAMP_SHEET for p in (tmp_path / "in").glob("*.xlsx")
    )
