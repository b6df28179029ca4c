"""Investments through the year: actuals from a ledger's project column, the report's data for
the rollover, previous.csv's project rows, the projects moving to next year, the forecast's
trend on Ennusteen kehitys."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from kemixl.cli import main
from kemixl.findings import Rule, Severity
from kemixl.ledger import load_ledger
from kemixl.master import load_master
from kemixl.model import EXPENDITURE, INCOME, NET, Column, Line, Master
from kemixl.pipeline import check, consolidate, rollover
from kemixl.reconcile import Consolidation
from kemixl.templates.fill import fill_template
from kemixl.templates.writer import write_templates
from kemixl.year.data import data_rows, parse_data
from tests.libreoffice import compare_cached_to_recalculated, libreoffice  # noqa: F401

from .builders import (
    Drift,
    project_inputs,
    sample_projects,
    sample_reported,
    write_submission,
)
from .conftest import INPUTS, ROOT, TEMPLATES, data_problems
from .test_not_returned import ABSENT, August, august  # noqa: F401  (its fixture)

LEDGER = ROOT / "samples" / "kemi2023" / "kirjanpito_2023.csv"


# --- the ledger ---------------------------------------------------------------------------


def test_the_ledger_gives_the_projects_actuals(tmp_path: Path) -> None:
    c = consolidate(INPUTS, TEMPLATES, tmp_path / "r.xlsx", actuals=LEDGER)
    assert not data_problems(c.findings)
    for pid, answer in sample_projects().items():
        assert c.project_amount(pid, EXPENDITURE, Column.ACTUAL) == float(answer["actual"])
        assert c.project_amount(pid, INCOME, Column.ACTUAL) == float(answer["actual_income"])
    assert c.ledger is not None
    assert (c.ledger.unprojected, c.ledger.unprojected_rows) == (12345.0, 1)  # the transfer
    sources = load_workbook(tmp_path / "r.xlsx")["Lähteet"]
    texts = [str(cell.value) for row in sources.iter_rows() for cell in row if cell.value]
    assert "Investointimenot" in texts and any("ilman hanketta" in t for t in texts)


def test_a_typed_actual_is_checked_against_the_ledger(master: Master, tmp_path: Path) -> None:
    answers = sample_projects()
    answers["I2322"]["actual"] = "-200000"  # the ledger has -210 000
    path = write_submission(
        tmp_path / "hv.xlsx", master, "64300000", sample_reported(), Drift(answers=answers)
    )
    c = check(path, master, actuals=LEDGER)
    f = next(f for f in c.findings if f.rule is Rule.LEDGER_DIFFERS and f.project)
    assert f.project == "I2322" and f.submitted == -200000 and f.expected == -210000
    assert c.project_amount("I2322", EXPENDITURE, Column.ACTUAL) == -210000  # the ledger's


def test_ledger_rows_of_an_unknown_project_are_reported(master: Master, tmp_path: Path) -> None:
    text = LEDGER.read_bytes().decode("cp1252")
    first = text.count("\n") + 1
    extra = [
        "64110000;111000;Rakennukset;2023-03;9001;Lasku;1000,00;I9999",
        "64110000;119000;Rahoitusosuudet;2023-04;9002;Avustus;-300,00;I9999",
    ]
    ledger = tmp_path / "kirjanpito.csv"
    ledger.write_bytes((text + "\r\n".join(extra) + "\r\n").encode("cp1252"))
    c = consolidate(INPUTS, TEMPLATES, tmp_path / "r.xlsx", actuals=ledger)
    f = next(f for f in c.findings if f.rule is Rule.LEDGER_UNKNOWN_PROJECT)
    assert f.severity is Severity.ERROR and f.project == "I9999" and f.submitted == -700
    text_en = f.text("en")
    assert f"2 ledger rows (first on line {first})" in text_en
    assert "Investment expenditure -1,000" in text_en and "300" in text_en


def test_a_project_column_named_but_missing_is_one_line(master_copy: Path) -> None:
    toml = master_copy / "master.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace(
            'signs = "debit-credit"', 'signs = "debit-credit"\nproject = "Hanke"'
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        main,
        [
            "--lang",
            "en",
            "check",
            str(INPUTS),
            "--master",
            str(master_copy),
            "--actuals",
            str(LEDGER),
        ],
    )
    assert result.exit_code == 2
    assert "kirjanpito_2023.csv: the header row has no project column 'Hanke'" in result.output


def test_templates_with_a_ledger_lock_the_projects_actuals(master: Master, tmp_path: Path) -> None:
    ledger = load_ledger(LEDGER, master)
    results = write_templates(master, tmp_path / "t", ledger)
    path = next(r.path for r in results if r.department == "64500000")
    assert path is not None
    ws = load_workbook(path)["Investoinnit"]
    rows = {str(ws.cell(r, 1).value).split()[0]: r for r in range(6, ws.max_row)}
    for pid in ("I2330", "I2331", "I2332", "I2333"):
        for col, flow in ((5, EXPENDITURE), (6, INCOME)):
            cell = ws.cell(rows[pid], col)
            assert cell.value == ledger.project_actual(pid, flow)
            assert cell.protection.locked is not False
        assert ws.cell(rows[pid], 7).protection.locked is False  # the forecast is typed
    filled = tmp_path / "ymp.xlsx"
    fill_template(
        path, filled, master.period, sample_reported(), projects=project_inputs(master, False)
    )
    c = check(filled, master, actuals=LEDGER)
    assert [f for f in c.findings if f.project and f.severity is not Severity.NOTE] == []


# --- the year -----------------------------------------------------------------------------


def test_the_reports_data_carries_the_projects(sample_report: tuple[Consolidation, Path]) -> None:
    c = sample_report[0]
    data = parse_data([list(row) for row in data_rows(c, 0)])
    assert data.intact
    got = {(f.project, f.line): (f.ta_amended, f.actual, f.forecast) for f in data.projects}
    for p in c.master.investments.projects:
        for flow in (EXPENDITURE, INCOME):
            assert got[(p.id, flow)] == tuple(
                c.project_amount(p.id, flow, col)
                for col in (Column.TA_AMENDED, Column.ACTUAL, Column.FORECAST)
            )
    statuses = dict(data.statuses)
    assert statuses == {pid: a["status"] for pid, a in sample_projects().items()}


def _rolled(sample_report: tuple[Consolidation, Path], tmp_path: Path) -> Path:
    out = tmp_path / "templates-2023-08"
    rollover(sample_report[1], TEMPLATES, 8, out, deadline="2023-09-15")
    return out


def test_rollover_carries_the_projects_and_lists_what_moves(
    sample_report: tuple[Consolidation, Path], tmp_path: Path
) -> None:
    out = _rolled(sample_report, tmp_path)
    with (out / "previous.csv").open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["project"]]
    answers = sample_projects()
    with (TEMPLATES / "investments.csv").open(encoding="utf-8") as f:
        master_rows = {r["id"]: r for r in csv.DictReader(f)}
    assert len(rows) == 2 * len(answers)
    for r in rows:
        a = answers[r["project"]]
        key = "" if r["line"] == "MENOT" else "_income"
        assert float(r["actual"]) == float(a["actual" + key])
        assert float(r["forecast"]) == float(a["forecast" + key])
        assert r["period"] == "01-06/2023" and r["code"] == master_rows[r["project"]]["department"]
    master = load_master(out)
    assert len(master.investments.previous) == len(rows)
    moving = [pid for pid, a in answers.items() if a["status"] == "Siirtyy"]
    with (out / "investments_next_year.csv").open(encoding="utf-8") as f:
        listed = list(csv.DictReader(f))
    assert [r["id"] for r in listed] == moving
    for r in listed:
        spent = float(master_rows[r["id"]]["ta_amended"] or master_rows[r["id"]]["ta"])
        assert float(r["ta"]) == spent - float(answers[r["id"]]["forecast"])
        assert float(r["tp_prev"]) == float(answers[r["id"]]["forecast"])
    assert "investments_next_year.csv" not in dict(master.files)  # a list, not master data


def test_the_forecasts_trend_has_the_investments(
    sample_report: tuple[Consolidation, Path], tmp_path: Path
) -> None:
    """The next report's trend sheet: net investments report by report, the earlier report's
    from previous.csv, this one's live; LibreOffice agrees with every formula."""
    from tests.libreoffice import require_libreoffice

    require_libreoffice()
    out = _rolled(sample_report, tmp_path)
    master = load_master(out)
    inputs = project_inputs(master)
    inputs["I2330"][(EXPENDITURE, Column.FORECAST)] = -1300000.0
    inputs["I2330"]["explanation"] = "Kustannusten nousu."
    folder = tmp_path / "in8"
    folder.mkdir()
    figures = {
        key: {Column.ACTUAL: v[Column.ACTUAL] * 8 / 6, Column.FORECAST: v[Column.FORECAST]}
        for key, v in sample_reported().items()
    }
    for r in write_templates(master, tmp_path / "t8"):
        if r.path is not None:
            fill_template(r.path, folder / r.path.name, master.period, figures, projects=inputs)
    report = tmp_path / "r8.xlsx"
    c = consolidate(folder, out, report)
    ws = load_workbook(report)["Ennusteen kehitys"]
    rows = [[ws.cell(r, col).value for col in range(1, 7)] for r in range(1, ws.max_row + 1)]
    title = next(
        i for i, row in enumerate(rows) if row[0] == "Nettoinvestoinnit raporteittain 2023"
    )
    below = rows[title + 2 :]
    earlier = next(row for row in below if row[0] == "YMPÄRISTÖTOIMIALA" and row[1] == "01-06/2023")
    answers = sample_projects()
    ymp = [p for p in master.investments.projects if p.department == "64500000"]
    assert earlier[4] == sum(
        float(answers[p.id]["forecast"]) + float(answers[p.id]["forecast_income"]) for p in ymp
    )
    now = next(row for row in below if row[0] == "YMPÄRISTÖTOIMIALA" and row[1] == "01-08/2023")
    assert str(now[4]).startswith("=Investoinnit!")  # live over the investments sheet
    assert c.project_amount("I2330", NET, Column.FORECAST) == -1300000
    recalc = compare_cached_to_recalculated(report, tmp_path)
    assert recalc.mismatches == []
    assert sum(1 for f in recalc_formulas(report) if "Investoinnit!" in f) > 10


def recalc_formulas(path: Path) -> list[str]:
    from tests.libreoffice import formula_cells

    return [f for f, _v in formula_cells(path).values()]


def test_previous_csv_is_unchanged_for_a_master_without_projects(
    sample_report: tuple[Consolidation, Path], tmp_path: Path
) -> None:
    """previous.csv gets its project column only when there are projects."""
    from kemixl.year.rollover import previous_csv

    c = sample_report[0]
    text = previous_csv(list(parse_data([list(r) for r in data_rows(c, 0)]).figures), c.master)
    header = next(csv.reader(io.StringIO(text)))
    assert header == ["period", "code", "line", "ta_amended", "actual", "forecast"]
    assert Line.INCOME.value in text


# --- a department that has not returned (issue 25's year, the 1-8 report of test_not_returned) --


def _investment_rows(path: Path) -> list[list[object]]:
    ws = load_workbook(path, data_only=True)["Investoinnit"]
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_projects_of_a_department_not_returned_never_read_as_zeros(
    august: August,  # noqa: F811
) -> None:
    """Their forecasts are the 1-6 report's (italic, labelled over the department), their
    actuals blank without a ledger and the ledger's with one; 'ei palautettu' instead of a
    YLITYS test; no overrun finding; the note under the city's total says what it holds."""
    answers = sample_projects()
    absent = [p for p in august.master.investments.projects if p.department in ABSENT]
    assert absent
    for p in absent:
        a = answers[p.id]
        assert august.c.project_amount(p.id, EXPENDITURE, Column.FORECAST) == float(a["forecast"])
        assert august.c.project_amount(p.id, INCOME, Column.FORECAST) == float(a["forecast_income"])
        assert not august.c.project_known(p.id, Column.ACTUAL)
        assert august.cl.project_known(p.id, Column.ACTUAL)  # the ledger's
    assert not [
        f for f in august.c.findings if f.rule is Rule.INVESTMENT_OVERRUN and f.code in ABSENT
    ]
    rows = _investment_rows(august.report)
    header = next(i for i, r in enumerate(rows) if r[0] == "Hanke")
    ws = load_workbook(august.report)["Investoinnit"]
    for p in absent:
        i = next(i for i, r in enumerate(rows) if str(r[0]).startswith(f"{p.id} "))
        a = answers[p.id]
        net = float(a["forecast"]) + float(a["forecast_income"])
        assert rows[i][5] == net  # TP-ennuste: the previous report's
        assert ws.cell(i + 1, 6).font.i  # in italics
        assert rows[i][3] is None and rows[i][4] is None  # Toteuma, Toteuma-%: unknown
        assert rows[i][7] == "ei palautettu"
    titles = [r[5] for r in rows[header:] if str(r[0]).startswith(ABSENT)]
    assert titles and all(t == "Edellinen ennuste 01-06/2023" for t in titles)
    assert any(str(r[0]).startswith("Ei palautettu: HYVINVOINTITOIMIALA") for r in rows[header:])
    ledgered = _investment_rows(august.ledgered)
    i = next(i for i, r in enumerate(ledgered) if str(r[0]).startswith(f"{absent[0].id} "))
    assert ledgered[i][3] == 0  # the ledger's actual: known, not blank
    trend = _rows_of(august.report, "Ennusteen kehitys")
    start = next(i for i, r in enumerate(trend) if str(r[0]).startswith("Nettoinvestoinnit"))
    section = {(r[0], r[1]): r for r in trend[start:] if r[0] and r[1]}
    assert section[("HYVINVOINTITOIMIALA", "01-08/2023")][5] == "ei palautettu"
    assert section[("HYVINVOINTITOIMIALA", "01-08/2023")][4] == pytest.approx(
        section[("HYVINVOINTITOIMIALA", "01-06/2023")][4]
    )


def _rows_of(path: Path, sheet: str) -> list[list[object]]:
    ws = load_workbook(path, data_only=True)[sheet]
    return [[c.value for c in row] for row in ws.iter_rows()]
