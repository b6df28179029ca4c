"""The report's Investoinnit sheet and the summary's net investments: every figure and total
against an independent computation from the sample's CSV files (after LibreOffice recalculates
the workbook), the binding units' YLITYS following an edit, the chart, the languages, the links
from findings, accessibility."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kemixl.findings import Rule
from kemixl.i18n import label, terms, using
from kemixl.model import EXPENDITURE, Master
from kemixl.pipeline import consolidate
from kemixl.reconcile import Consolidation
from kemixl.report import investments as R
from kemixl.report.status import overrun_word
from tests.accessibility import check_workbook
from tests.libreoffice import libreoffice, recalculate  # noqa: F401

from .builders import Drift, sample_projects, sample_reported, write_submission
from .conftest import INPUTS, TEMPLATES

SHEET = "Investoinnit"
Figures = dict[str, float]  # tp_prev, ta, ta_amended, actual, forecast: net


def _independent() -> tuple[dict[str, Figures], dict[str, dict[str, str]]]:
    """Each project's net figures from the two CSV files, with csv alone; and its master row."""
    with (TEMPLATES / "investments.csv").open(encoding="utf-8") as f:
        master = {r["id"]: r for r in csv.DictReader(f)}
    answers = sample_projects()

    def n(text: str) -> float:
        return float(text) if text else 0.0

    out = {}
    for pid, r in master.items():
        a = answers[pid]
        out[pid] = {
            "tp_prev": n(r["tp_prev"]),
            "ta": n(r["ta"]) + n(r["ta_income"]),
            "ta_amended": n(r["ta_amended"] or r["ta"]) + n(r["ta_income"]),
            "actual": n(a["actual"]) + n(a["actual_income"]),
            "forecast": n(a["forecast"]) + n(a["forecast_income"]),
            "spent": n(a["forecast"]),
            "got": n(a["forecast_income"]),
        }
    return out, master


def _add(rows: list[Figures]) -> Figures:
    total: Figures = defaultdict(float)
    for r in rows:
        for k, v in r.items():
            total[k] += v
    return dict(total)


@pytest.fixture(scope="module")
def recalculated(
    sample_report: tuple[Consolidation, Path], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    from tests.libreoffice import require_libreoffice

    require_libreoffice()
    return recalculate(sample_report[1], tmp_path_factory.mktemp("recalc"))


def test_the_sheet_stands_after_the_departments(sample_report: tuple[Consolidation, Path]) -> None:
    names = load_workbook(sample_report[1]).sheetnames
    assert names.index(SHEET) == names.index("Ympäristötoimiala") + 1
    assert names[names.index(SHEET) + 1] == "Tunnusluvut"
    contents = load_workbook(sample_report[1])["Sisällys"]
    assert SHEET in [c.value for row in contents.iter_rows() for c in row if c.hyperlink]


def test_every_figure_and_total_is_the_independent_sum(recalculated: Path) -> None:
    projects, rows = _independent()
    ws = load_workbook(recalculated, data_only=True)[SHEET]
    cols = {"ta": 2, "ta_amended": 3, "actual": 4, "forecast": 6}
    labels = {r: str(ws.cell(r, 1).value or "") for r in range(1, ws.max_row + 1)}
    checked = 0

    def same(row: int, figures: Figures) -> None:
        nonlocal checked
        for key, col in cols.items():
            assert ws.cell(row, col).value == pytest.approx(figures[key]), (labels[row], key)
        assert ws.cell(row, 7).value == pytest.approx(figures["forecast"] - figures["ta_amended"])
        share = figures["actual"] / figures["ta_amended"] if figures["ta_amended"] else 0
        assert ws.cell(row, 5).value == pytest.approx(share)
        checked += 1

    def row_of(text: str) -> int:
        return next(r for r, t in labels.items() if t == text)

    for pid, figures in projects.items():
        same(next(r for r, t in labels.items() if t.startswith(pid + " ")), figures)
    by_group: dict[tuple[str, str], list[Figures]] = defaultdict(list)
    by_dept: dict[str, list[Figures]] = defaultdict(list)
    for pid, r in rows.items():
        by_group[(r["department"], r["group"])].append(projects[pid])
        by_dept[r["department"]].append(projects[pid])
    names = {
        r["code"]: r["name"]
        for r in csv.DictReader((TEMPLATES / "costcentres.csv").open(encoding="utf-8"))
    }
    totals = [r for r, t in labels.items() if t.endswith(" yhteensä")]
    for (dept, group), members in by_group.items():  # every group's name is once a department's
        group_rows = [r for r in totals if labels[r] == f"{group} yhteensä"]
        dept_rows = [r for r, t in labels.items() if t == f"{dept} {names[dept]}"]
        row = min(r for r in group_rows if r > dept_rows[0])
        same(row, _add(members))
    for dept, members in by_dept.items():
        same(row_of(f"{names[dept]} yhteensä"), _add(members))
    city = next(
        code for code, r in names.items() if not code.endswith("00000") or code == "64000000"
    )
    same(row_of(f"{names['64000000']} yhteensä"), _add(list(projects.values())))
    assert checked == len(projects) + len(by_group) + len(by_dept) + 1 and city
    summary = load_workbook(recalculated, data_only=True)["Tuloslaskelma"]
    texts = {str(summary.cell(r, 1).value): r for r in range(1, summary.max_row + 1)}
    spent = sum(p["spent"] for p in projects.values())
    got = sum(p["got"] for p in projects.values())
    forecast_col = 7
    assert summary.cell(texts["NETTOINVESTOINNIT"], forecast_col).value == pytest.approx(
        (spent + got) / 1000
    )
    ta = sum(p["ta"] for p in projects.values())
    assert summary.cell(texts["NETTOINVESTOINNIT"], 3).value == pytest.approx(ta / 1000)


def _status_rows(ws: object) -> dict[str, object]:
    cells = {}
    for r in range(1, ws.max_row + 1):  # type: ignore[attr-defined]
        text = ws.cell(r, 1).value  # type: ignore[attr-defined]
        if text:
            cells[str(text)] = ws.cell(r, R.STATUS + 1).value  # type: ignore[attr-defined]
    return cells


@pytest.mark.usefixtures("libreoffice")
def test_the_binding_units_status_follows_an_edit(
    sample_report: tuple[Consolidation, Path], tmp_path: Path
) -> None:
    """No overrun in the sample: a dash on every binding unit's row, blank elsewhere. Raise a
    group-bound project's forecast in the file and its group's row says YLITYS; a project
    bound by itself, its own row."""
    before = _status_rows(
        load_workbook(recalculate(sample_report[1], tmp_path), data_only=True)[SHEET]
    )
    assert before["I2320 Koulun peruskorjaus"] == "–"  # bound by itself
    assert before["I2322 Liikuntapaikkojen kunnostus"] in (None, "")  # bound by its group
    assert before["Liikuntapaikat yhteensä"] == "–"
    assert before["Kunnallistekniikka yhteensä"] in (None, "")  # binds nothing as a group
    wb = load_workbook(sample_report[1])
    ws = wb[SHEET]
    rows = {str(ws.cell(r, 1).value): r for r in range(1, ws.max_row + 1)}
    forecast = R.SPLIT[(EXPENDITURE, R.Column.FORECAST)] + 1
    ws.cell(rows["I2322 Liikuntapaikkojen kunnostus"], forecast).value = -450000
    ws.cell(rows["I2310 Yritysalueen kunnallistekniikka"], forecast).value = -900000
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    after = _status_rows(load_workbook(recalculate(edited, tmp_path), data_only=True)[SHEET])
    assert after["Liikuntapaikat yhteensä"] == "YLITYS"
    assert after["I2310 Yritysalueen kunnallistekniikka"] == "YLITYS"
    assert after["I2320 Koulun peruskorjaus"] == "–"
    changed = {k for k in after if after[k] != before[k]}
    assert changed == {"Liikuntapaikat yhteensä", "I2310 Yritysalueen kunnallistekniikka"}


@pytest.mark.parametrize(
    ("lang", "name"),
    [("sv", "Investeringar"), ("en", "Investments"), ("fi+sv", "Investoinnit – Investeringar")],
)
def test_the_sheet_in_every_language(
    report_in: Callable[[str], tuple[Consolidation, Path]], lang: str, name: str
) -> None:
    wb = load_workbook(report_in(lang)[1])
    assert name in wb.sheetnames
    ws = wb[name]
    with using(lang):
        assert ws.cell(1, 1).value == label("Investments {year}", year=2023)
        header = next(r for r in range(1, 40) if ws.cell(r, 1).value == label(terms.PROJECT))
        assert ws.cell(header, R.STATUS + 1).value == label(terms.STATUS)
        statuses = {ws.cell(r, R.PROJECT_STATUS + 1).value for r in range(header + 1, ws.max_row)}
        assert terms.project_status_label("Siirtyy") in statuses
        assert overrun_word() in (ws.cell(3, 1).value or "") + (ws.cell(4, 1).value or "")


def test_a_project_finding_links_to_its_cell(master: Master, tmp_path: Path) -> None:
    answers = sample_projects()
    answers["I2321"]["forecast"] = "400000"
    inputs = tmp_path / "in"
    inputs.mkdir()
    for sub in INPUTS.glob("*.xlsx"):
        if not sub.name.startswith("64300000"):
            (inputs / sub.name).write_bytes(sub.read_bytes())
    write_submission(
        inputs / "hv.xlsx", master, "64300000", sample_reported(), Drift(answers=answers)
    )
    out = tmp_path / "r.xlsx"
    c = consolidate(inputs, TEMPLATES, out)
    assert any(f.rule is Rule.WRONG_SIGN and f.project == "I2321" for f in c.findings)
    wb = load_workbook(out)
    findings = wb["Havainnot"]
    link = next(
        c.hyperlink.location
        for row in findings.iter_rows()
        for c in row
        if c.hyperlink and "wrong-sign" in [cell.value for cell in row]  # the rule's id
    )
    inv = wb[SHEET]
    row = next(r for r in range(1, inv.max_row) if str(inv.cell(r, 1).value).startswith("I2321"))
    column = R.SPLIT[(EXPENDITURE, R.Column.FORECAST)]
    from xlsxwriter.utility import xl_rowcol_to_cell

    assert link == f"{SHEET}!{xl_rowcol_to_cell(row - 1, column)}"


def test_the_sheet_is_accessible(sample_report: tuple[Consolidation, Path]) -> None:
    violations = check_workbook(sample_report[1])
    ours = {rule: [v for v in found if SHEET in v] for rule, found in violations.items()}
    assert {rule: found for rule, found in ours.items() if found} == {}
