"""The reporting year as a test: a synthetic organisation reports 1-3, rolls over to 1-6 (with a
budget amendment), then to 1-9; each period has a ledger, and the forecasts move.

Every expectation is computed here, independently of kemixl's readers: actuals by summing the
ledger export with the csv module, forecasts and explanations from the submitted workbooks with
openpyxl, earlier reports' figures from those reports' cached values; and LibreOffice
recalculates every formula of every report.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from kemixl import layout as T
from kemixl.findings import Rule, Severity
from kemixl.master import load_master
from kemixl.model import Column, Line, Master, Period
from kemixl.pipeline import consolidate, rollover
from kemixl.reconcile import Consolidation
from kemixl.synth import synthesize, synthesize_period

from .libreoffice import compare_cached_to_recalculated, require_libreoffice
from .workbook_scan import scan_blocks

SEED, DEPARTMENTS, AREAS = 11, 4, 3
MATERIALITY = 50_000.0
LINES = (Line.INCOME.value, Line.COSTS.value)
COLUMNS = ("tp_prev", "ta", "ta_amended", "actual", "forecast")
MAY = dt.date(2031, 5, 15)  # decided within 1-6: in the June report, not in March's
AUGUST = dt.date(2031, 8, 20)  # decided within 1-9 only


@dataclass(frozen=True)
class Report:
    period: Period
    master_dir: Path
    master: Master
    inputs: Path
    ledger: Path
    path: Path
    c: Consolidation


def _amend(master_dir: Path, amendments: list[tuple[dt.date, str, str, float]]) -> None:
    """Finance records council decisions: amendments.csv, and the amended lines' ta_amended
    left blank in figures.csv (kemixl derives them)."""
    lines = {(code, line) for _d, code, line, _a in amendments}
    path = master_dir / "figures.csv"
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    for row in rows[1:]:
        if (row[0], row[1]) in lines:
            row[4] = ""
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    with (master_dir / "amendments.csv").open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["date", "decision", "code", "line", "amount"])
        for date, code, line, amount in amendments:
            out.writerow([date.isoformat(), f"Kvalt {date:%d.%m.%Y} § 1", code, line, amount])


def _unamended_costs_line(master: Master, department: int) -> str:
    """A result area's costs line of the given department whose budget no one has amended yet."""
    dept = master.departments[department]
    return next(
        leaf.code
        for leaf in master.leaves(dept.code)
        if master.figures[(leaf.code, Line.COSTS)][Column.TA]
        == master.figures[(leaf.code, Line.COSTS)][Column.TA_AMENDED]
    )


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Report]:
    root = tmp_path_factory.mktemp("year")
    org = synthesize(root / "q1", DEPARTMENTS, AREAS, seed=SEED, last_month=3, ledger=True)
    assert org.ledger is not None
    reports: dict[int, Report] = {}

    def report(month: int, master_dir: Path, inputs: Path, ledger: Path) -> Report:
        path = root / f"report_{month}.xlsx"
        c = consolidate(inputs, master_dir, path, actuals=ledger)
        master = load_master(master_dir)
        return Report(master.period, master_dir, master, inputs, ledger, path, c)

    reports[3] = report(3, org.templates, org.inputs, org.ledger)
    previous = reports[3]
    for month in (6, 9):
        master_dir = root / f"m{month}"
        due = f"{previous.period.year}-{month + 1:02d}-15"  # after the new period's end
        rollover(previous.path, previous.master_dir, month, master_dir, deadline=due)
        if month == 6:
            master = load_master(master_dir)
            may = _unamended_costs_line(master, 1)
            august = _unamended_costs_line(master, 2)
            _amend(
                master_dir,
                [
                    (MAY, may, Line.COSTS.value, -150_000.0),
                    (AUGUST, august, Line.COSTS.value, 80_000.0),
                ],
            )
        inputs = root / f"in{month}"
        _, ledger = synthesize_period(master_dir, inputs, SEED, ledger=True)
        assert ledger is not None
        reports[month] = previous = report(month, master_dir, inputs, ledger)
    return reports


# --- independent readings ------------------------------------------------------------------


def ledger_actuals(path: Path, period: Period) -> dict[tuple[str, str], float]:
    """(cost centre, line) -> euros in the report's signs, summed from the export directly."""
    out: dict[tuple[str, str], float] = defaultdict(float)
    with path.open(encoding="cp1252", newline="") as f:
        for row in csv.DictReader(f, delimiter=";"):
            year, month = map(int, row["Kuukausi"].split("-"))
            if year != period.year or not period.first_month <= month <= period.last_month:
                continue
            cls = int(row["Tili"][:4].ljust(4, "0"))
            if 3000 <= cls <= 3999 or 9000 <= cls <= 9399:
                line = Line.INCOME.value
            elif 4000 <= cls <= 4999 or 9400 <= cls <= 9899:
                line = Line.COSTS.value
            else:
                continue
            out[(row["Kustannuspaikka"], line)] -= float(row["Summa"].replace(",", "."))  # debit +
    return dict(out)


def submitted(report: Report) -> tuple[dict[tuple[str, str], float], dict[str, bool]]:
    """(leaf forecasts from the workbooks, department -> wrote an explanation)."""
    forecasts: dict[tuple[str, str], float] = {}
    explained: dict[str, bool] = {}
    for path in sorted(report.inputs.glob("*.xlsx")):
        blocks = scan_blocks(path, [T.FINANCE_SHEET])
        for (_sheet, code, line), values in blocks.items():
            if line in LINES and not report.master.children(code):
                forecasts[(code, line)] = float(values.get("forecast") or 0.0)
        wb = load_workbook(path, data_only=True)
        texts = {
            row[0].value: row[1].value
            for row in wb[T.EXPLANATIONS_SHEET].iter_rows()
            if len(row) > 1
        }
        dept = path.name.split("_")[0]
        # a text the template carried from the previous report, still behind its mark
        # ("1–3/2031: …"), is that report's: no explanation of this one
        own = [
            t
            for t in (texts.get(T.EXPLANATION_LABEL), texts.get(T.SAVINGS_LABEL))
            if t and not re.match(r"\d{1,2}–\d{1,2}/\d{4}: ", str(t))
        ]
        explained[dept] = bool(own)
    return forecasts, explained


def departments_sheet(report: Report) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (code, line): values
        for (_s, code, line), values in scan_blocks(report.path, ["Toimialat"]).items()
    }


def rollup(master: Master, values: dict[tuple[str, str], float], code: str, line: str) -> float:
    lines = LINES if line == Line.MARGIN.value else (line,)
    return sum(values.get((leaf.code, ln), 0.0) for leaf in master.leaves(code) for ln in lines)


def amended_budget(report: Report, code: str, line: str) -> float:
    """Muutettu TA from figures.csv and amendments.csv as read here: a blank ta_amended is TA
    plus the amendments decided by the period's end."""
    total = 0.0
    amendments: dict[tuple[str, str], float] = defaultdict(float)
    path = report.master_dir / "amendments.csv"
    if path.exists():
        with path.open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                if dt.date.fromisoformat(row["date"]) <= report.period.end:
                    amendments[(row["code"], row["line"])] += float(row["amount"])
    lines = LINES if line == Line.MARGIN.value else (line,)
    leaves = {leaf.code for leaf in report.master.leaves(code)}
    with (report.master_dir / "figures.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["code"] in leaves and row["line"] in lines:
                given = row["ta_amended"]
                total += (
                    float(given)
                    if given
                    else float(row["ta"]) + amendments[(row["code"], row["line"])]
                )
    return total


# --- the reports ---------------------------------------------------------------------------


def test_titles_follow_the_period(year: dict[int, Report]) -> None:
    assert year[3].master.settings.title == "TAMMI-MAALISKUUN OSAVUOSIKATSAUS 2031"
    assert year[6].master.settings.title == "TAMMI-KESÄKUUN OSAVUOSIKATSAUS 2031"
    assert year[9].master.settings.title == "TAMMI-SYYSKUUN OSAVUOSIKATSAUS 2031"
    assert [r.period.last_month for r in year.values()] == [3, 6, 9]


def test_every_report_is_ready(year: dict[int, Report]) -> None:
    for report in year.values():
        errors = [f.line() for f in report.c.findings if f.severity is Severity.ERROR]
        assert errors == [], report.period


@pytest.mark.parametrize("month", [3, 6, 9])
def test_figures_come_from_the_ledger_the_submissions_and_the_amendments(
    year: dict[int, Report], month: int
) -> None:
    report = year[month]
    actuals = ledger_actuals(report.ledger, report.period)
    forecasts, _ = submitted(report)
    sheet = departments_sheet(report)
    codes = [d.code for d in report.master.departments] + [report.master.root.code]
    for code in codes:
        for line in (*LINES, Line.MARGIN.value):
            got = sheet[(code, line)]
            assert got["actual"] == pytest.approx(
                rollup(report.master, actuals, code, line), abs=0.01
            )
            assert got["forecast"] == pytest.approx(
                rollup(report.master, forecasts, code, line), abs=0.01
            )
            assert got["ta_amended"] == pytest.approx(amended_budget(report, code, line), abs=0.01)


def test_the_amendment_moves_muutettu_ta_from_its_decision_on(year: dict[int, Report]) -> None:
    for month, amended in ((3, False), (6, True), (9, True)):
        report = year[month]
        sheet = departments_sheet(report)
        dept = report.master.departments[1].code
        change = sheet[(dept, Line.COSTS.value)]["ta_amended"] - year[3].c.amount(
            dept, Line.COSTS, Column.TA_AMENDED
        )
        assert change == pytest.approx(-150_000.0 if amended else 0.0), month


def test_amendments_sheet_lists_those_since_the_previous_report(year: dict[int, Report]) -> None:
    assert "Talousarviomuutokset" not in load_workbook(year[3].path).sheetnames
    for month, date in ((6, MAY), (9, AUGUST)):
        ws = load_workbook(year[month].path, data_only=True)["Talousarviomuutokset"]
        rows = [[c.value for c in row] for row in ws.iter_rows()]
        rows = rows[[r[0] for r in rows].index("Päätöspäivä") + 1 :]
        listed = [r for r in rows if r[0] and r[0] != "Yhteensä"]
        assert [r[0] for r in listed] == [f"{date.day}.{date.month}.{date.year}"], month
        total = next(r for r in rows if r[0] == "Yhteensä")
        assert total[4] == pytest.approx(sum(r[4] for r in listed))


@pytest.mark.parametrize("month", [6, 9])
def test_change_column_is_the_forecast_minus_the_previous_reports(
    year: dict[int, Report], month: int
) -> None:
    now, before = departments_sheet(year[month]), departments_sheet(year[month - 3])
    title = f"Muutos {year[month - 3].period.months} ennusteesta"
    ws = load_workbook(year[month].path)["Toimialat"]
    assert title in [c.value for c in ws[5]]
    for key, values in now.items():
        assert values["change"] == pytest.approx(
            values["forecast"] - before[key]["forecast"], abs=0.01
        ), key
    assert any(abs(v["change"]) > 0 for v in now.values())
    assert "change" not in next(iter(departments_sheet(year[3]).values()))


@pytest.mark.parametrize("month", [6, 9])
def test_drift_findings_are_exactly_the_unexplained_material_moves(
    year: dict[int, Report], month: int
) -> None:
    report = year[month]
    now, before = departments_sheet(report), departments_sheet(year[month - 3])
    _, explained = submitted(report)
    expected = {
        d.code
        for d in report.master.departments
        if abs(
            now[(d.code, "TOIMINTAKATE")]["forecast"] - before[(d.code, "TOIMINTAKATE")]["forecast"]
        )
        >= MATERIALITY
        and not explained[d.code]
    }
    drift = [f for f in report.c.findings if f.rule is Rule.FORECAST_DRIFT]
    assert {f.code for f in drift} == expected
    for f in drift:
        assert f.severity is Severity.WARNING
        assert f.expected == pytest.approx(before[(f.code, "TOIMINTAKATE")]["forecast"])
        assert f.submitted == pytest.approx(now[(f.code, "TOIMINTAKATE")]["forecast"])
        assert (f.line_label, f.column_key) == ("TOIMINTAKATE", "forecast")


def test_drift_is_not_vacuous(year: dict[int, Report]) -> None:
    """The seed gives both kinds: a material move left unexplained, and one explained."""
    found = [f for m in (6, 9) for f in year[m].c.findings if f.rule is Rule.FORECAST_DRIFT]
    assert found
    moved_but_explained = 0
    for month in (6, 9):
        now, before = departments_sheet(year[month]), departments_sheet(year[month - 3])
        _, explained = submitted(year[month])
        for d in year[month].master.departments:
            delta = (
                now[(d.code, "TOIMINTAKATE")]["forecast"]
                - before[(d.code, "TOIMINTAKATE")]["forecast"]
            )
            moved_but_explained += abs(delta) >= MATERIALITY and explained[d.code]
    assert moved_but_explained


def trend_rows(path: Path) -> dict[tuple[str, str], list[Any]]:
    ws = load_workbook(path, data_only=True)["Ennusteen kehitys"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    header = next(i for i, r in enumerate(rows) if r[:2] == ["Toimiala", "Raportti"])
    # the operating margin's table: up to the net investments' (see test_investments_year)
    end = next((i for i, r in enumerate(rows) if str(r[0]).startswith("Nettoinvest")), len(rows))
    return {(r[0], r[1]): r for r in rows[header + 1 : end] if r[0]}


@pytest.mark.parametrize("month", [6, 9])
def test_trend_sheet_has_every_report_of_the_year(year: dict[int, Report], month: int) -> None:
    assert "Ennusteen kehitys" not in load_workbook(year[3].path).sheetnames
    rows = trend_rows(year[month].path)
    master = year[month].master
    names = {d.code: d.name for d in master.departments}
    names[master.root.code] = master.root.name
    earlier = [m for m in (3, 6, 9) if m <= month]
    assert len(rows) == len(names) * len(earlier)
    for code, name in names.items():
        previous = None
        for m in earlier:
            sheet = departments_sheet(year[m])[(code, "TOIMINTAKATE")]
            row = rows[(name, year[m].period.months)]
            assert row[2] == pytest.approx(sheet["ta"])
            assert row[3] == pytest.approx(sheet["ta_amended"])
            assert row[4] == pytest.approx(sheet["forecast"])
            if previous is None:
                assert row[5] is None
            else:
                assert row[5] == pytest.approx(sheet["forecast"] - previous)
            previous = sheet["forecast"]


def test_trend_sheet_has_line_charts_with_alt_text(year: dict[int, Report], tmp_path: Path) -> None:
    import zipfile

    with zipfile.ZipFile(year[9].path) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        drawings = "".join(
            z.read(n).decode() for n in z.namelist() if n.startswith("xl/drawings/drawing")
        )
        line_charts = [n for n in charts if "<c:lineChart>" in z.read(n).decode()]
    assert len(line_charts) == 3  # the city's, the departments', the net investments'
    assert drawings.count('descr="Viivakaavio:') == 3


def test_previous_csv_carries_every_earlier_report(year: dict[int, Report]) -> None:
    with (year[9].master_dir / "previous.csv").open(encoding="utf-8") as f:
        every = list(csv.DictReader(f))
    rows = [r for r in every if not r["project"]]  # the projects': test_investments_year
    assert {r["period"] for r in rows} == {"01-03/2031", "01-06/2031"}
    projects = year[9].master.investments.projects
    assert len(every) - len(rows) == 2 * 2 * len(projects)
    leaves = [c for c in year[9].master.centres if not year[9].master.children(c.code)]
    assert len(rows) == 2 * 2 * len(leaves)
    june = {(code, line): v for (_s, code, line), v in scan_blocks(year[6].path).items()}
    for r in rows:
        if r["period"] == "01-06/2031":
            assert float(r["forecast"]) == pytest.approx(june[(r["code"], r["line"])]["forecast"])


@pytest.mark.parametrize("month", [3, 6, 9])
def test_libreoffice_recalculates_every_formula_alike(
    year: dict[int, Report], month: int, tmp_path: Path
) -> None:
    require_libreoffice()
    result = compare_cached_to_recalculated(year[month].path, tmp_path)
    assert result.formula_count > 300
    assert result.mismatches == []
