"""The template's Investoinnit sheet: what it holds, the round trip back through `kemixl check`,
its layout guarded by the stamp, and its live checks agreeing with the rules (LibreOffice
recalculates a filled template; the rows its Tarkistus column flags are the rows kemixl names).

HYVINVOINTITOIMIALA's sheet (1-based rows): header row 5; I2320 at 6, I2321 at 7 (the group
Talonrakennus), I2322 at 8 (Liikuntapaikat), I2323 at 9 (Irtain omaisuus), the total at 10.
"""

from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kemixl import layout as T
from kemixl.findings import Finding, Rule
from kemixl.i18n import _, label, terms, using
from kemixl.master import load_master
from kemixl.model import EXPENDITURE, INCOME, Column, Master
from kemixl.pipeline import check
from kemixl.templates import checks as K
from kemixl.templates import investments as I
from kemixl.templates.fill import fill_template
from kemixl.templates.writer import Filling, write_templates
from tests.gnumeric import ENGINES, compare_with, recalculate_with
from tests.libreoffice import libreoffice, recalculate  # noqa: F401

from .builders import project_inputs, sample_projects, sample_reported
from .conftest import TEMPLATES

DEPT = "64300000"
ROWS = {"I2320": 6, "I2321": 7, "I2322": 8, "I2323": 9}
TOTAL = 10
CHECK = I.CHECK + 1  # column L, 1-based
SHEET = "Investoinnit"
CHECKED = {
    Rule.TEXT_IN_NUMBER,
    Rule.AMBIGUOUS_AMOUNT,
    Rule.BLANK_INPUT,
    Rule.WRONG_SIGN,
    Rule.LOOKS_LIKE_THOUSANDS,
    Rule.FORECAST_BELOW_ACTUAL,
    Rule.UNEXPLAINED_OVERRUN,
    Rule.INVALID_STATUS,
}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("templates")
    with using("fi"):
        results = write_templates(load_master(TEMPLATES), out)
    path = next(r.path for r in results if r.department == DEPT)
    assert path is not None
    return path


def _fill(template: Path, target: Path, master: Master, projects: dict) -> Path:  # type: ignore[type-arg]
    fill_template(template, target, master.period, sample_reported(), projects=projects)
    return target


def test_the_sheet_lists_the_departments_projects(template: Path, master: Master) -> None:
    wb = load_workbook(template)
    assert wb.sheetnames[-2:] == [SHEET, T.STAMP_SHEET]  # the last of the department's sheets
    ws = wb[SHEET]
    assert ws.protection.sheet
    for pid, row in ROWS.items():
        p = master.investments.project(pid)
        assert p is not None
        assert ws.cell(row, 1).value == f"{p.id} {p.name}" and ws.cell(row, 2).value == p.group
        assert ws.cell(row, 3).value == p.amount(EXPENDITURE, Column.TA_AMENDED)
        assert ws.cell(row, 4).value == p.amount(INCOME, Column.TA_AMENDED)
        for col in range(5, 9):  # the inputs: yellow, unlocked, numbers only
            cell = ws.cell(row, col)
            assert cell.value is None and cell.protection.locked is False
        assert ws.cell(row, 3).protection.locked is not False
        assert str(ws.cell(row, CHECK).value).startswith("=IF(")
    assert ws.cell(TOTAL, 3).value == f"=SUM(C{ROWS['I2320']}:C{ROWS['I2323']})"
    hidden = {
        c
        for dim in ws.column_dimensions.values()
        if dim.hidden
        for c in range(dim.min, dim.max + 1)
    }
    assert hidden == {I.RATIO + 1, I.UNIT + 1}  # two helper columns, locked on the sheet
    lists = [v for v in ws.data_validations.dataValidation if v.type == "list"]
    with using("fi"):
        words = I.status_words()
    assert len(lists) == 1 and lists[0].formula1 == '"' + ",".join(words) + '"'
    stamp = {r[0]: r[1] for r in wb[T.STAMP_SHEET].iter_rows(values_only=True)}
    assert stamp["investments_sheet"] == SHEET
    assert stamp["investments:label:A6"] == ws["A6"].value


def test_a_department_without_projects_gets_no_such_sheet(
    master_copy: Path, tmp_path: Path
) -> None:
    path = master_copy / "investments.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if ",64100000," not in line), encoding="utf-8")
    master = load_master(master_copy)
    results = {r.department: r.path for r in write_templates(master, tmp_path) if r.path}
    assert SHEET not in load_workbook(results["64100000"]).sheetnames
    assert SHEET in load_workbook(results[DEPT]).sheetnames


def test_a_filled_sheet_reads_back(template: Path, master: Master, tmp_path: Path) -> None:
    filled = _fill(template, tmp_path / "hv.xlsx", master, project_inputs(master))
    c = check(filled, master)
    assert [f for f in c.findings if f.project or f.group] == []
    for pid in ROWS:
        answer = sample_projects()[pid]
        assert c.project_amount(pid, EXPENDITURE, Column.FORECAST) == float(answer["forecast"])
        assert c.project_amount(pid, INCOME, Column.ACTUAL) == float(answer["actual_income"])
        assert c.project_reports[pid].status == answer["status"]
        assert c.project_reports[pid].explanation == answer["explanation"]


def test_a_changed_sheet_is_template_altered(
    template: Path, master: Master, tmp_path: Path
) -> None:
    filled = _fill(template, tmp_path / "hv.xlsx", master, project_inputs(master))
    wb = load_workbook(filled)
    wb[SHEET].delete_rows(7)
    wb.save(tmp_path / "deleted.xlsx")
    found = [f for f in check(tmp_path / "deleted.xlsx", master).findings if f.sheet == SHEET]
    assert [f.rule for f in found] == [Rule.TEMPLATE_ALTERED] and found[0].cell == "A7"
    wb = load_workbook(filled)
    wb[SHEET]["I6"] = 123  # the difference's formula typed over
    wb.save(tmp_path / "typed.xlsx")
    found = [f for f in check(tmp_path / "typed.xlsx", master).findings if f.sheet == SHEET]
    assert [(f.rule, f.cell) for f in found] == [(Rule.TEMPLATE_ALTERED, "I6")]
    wb = load_workbook(filled)
    wb[SHEET].title = "Hankkeet"
    wb.save(tmp_path / "renamed.xlsx")
    rules = [f.rule for f in check(tmp_path / "renamed.xlsx", master).findings]
    assert Rule.TEMPLATE_ALTERED in rules


def _scenario(name: str) -> tuple[dict[str, dict[object, object]], dict[int, str]]:
    """The sample's answers edited as the scenario says, and the hints expected per row."""
    master = load_master(TEMPLATES)
    with using("fi"):
        inputs = copy.deepcopy(project_inputs(master))
        hint = {
            "text": _(K.HINT_TEXT),
            "negative": _(K.HINT_SIGN_NEGATIVE),
            "positive": _(K.HINT_SIGN_POSITIVE),
            "below": _(K.HINT_BELOW),
            "explain": _(I.HINT_EXPLAIN),
            "status": _(I.HINT_STATUS),
            "forecast": _(K.HINT_MISSING_FORECAST),
            "thousands": _(K.HINT_UNIT[next(iter(K.HINT_UNIT))]),
        }
    spent_a, got_a = (EXPENDITURE, Column.ACTUAL), (INCOME, Column.ACTUAL)
    spent_f = (EXPENDITURE, Column.FORECAST)
    if name == "text":
        inputs["I2321"][spent_a] = "n. 100 000"
        return inputs, {7: hint["text"]}
    if name == "signs":
        inputs["I2320"][spent_f] = 2650000.0
        inputs["I2322"][got_a] = -60000.0
        return inputs, {6: hint["negative"], 8: hint["positive"]}
    if name == "below":
        inputs["I2322"][spent_a], inputs["I2322"][spent_f] = -300000.0, -290000.0
        return inputs, {8: hint["below"]}
    if name == "overrun":
        inputs["I2322"][spent_f] = -450000.0
        return inputs, {8: hint["explain"]}
    if name == "status":
        inputs["I2323"]["status"] = ""
        return inputs, {9: hint["status"]}
    if name == "blank":
        del inputs["I2323"][spent_f]
        return inputs, {9: hint["forecast"]}
    if name == "thousands":
        for values in inputs.values():
            for key, value in list(values.items()):
                if isinstance(value, float):
                    values[key] = float(round(value / 1000))
        forecasts = {
            ROWS[pid]: hint["thousands"]
            for pid, values in inputs.items()
            if pid in ROWS and values.get(spent_f)
        }
        return inputs, forecasts
    return inputs, {}


SCENARIOS = ("clean", "text", "signs", "below", "overrun", "status", "blank", "thousands")


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_the_sheet_flags_the_rows_the_rules_name(
    scenario: str, engine: str, template: Path, master: Master, tmp_path: Path
) -> None:
    """LibreOffice and Gnumeric alike: the rows the Tarkistus column flags are the rows
    kemixl names, the summary counts them."""
    inputs, expected = _scenario(scenario)
    filled = _fill(template, tmp_path / f"{scenario}.xlsx", master, inputs)
    saved = recalculate_with(engine, filled, tmp_path)
    ws = load_workbook(saved, data_only=True)[SHEET]
    hints = {r: ws.cell(r, CHECK).value for r in ROWS.values() if ws.cell(r, CHECK).value}
    assert hints == expected
    c = check(filled, master)
    named = {
        int(re.sub(r"\D", "", cell))
        for f in c.findings
        if f.rule in CHECKED and f.sheet == SHEET
        for cell in (f.cells or (f.cell,))
    }
    assert set(hints) == named
    count = len(expected)
    with using("fi"):
        summary = (
            _(K.SUMMARY_OK)
            if not count
            else K.summary_counts()[0 if count == 1 else 1].replace("{n}", str(count))
        )
    assert ws["A4"].value == summary
    # the totals add what was typed, a text as 0 (kemixl's own reading of it), never #VALUE!
    for col, key in ((5, (EXPENDITURE, Column.ACTUAL)), (7, (EXPENDITURE, Column.FORECAST))):
        typed = [v.get(key) for pid, v in inputs.items() if pid in ROWS]
        total = sum(v for v in typed if isinstance(v, float))
        assert ws.cell(TOTAL, col).value == pytest.approx(total)
    if engine == "libreoffice":  # the workbook as a department's LibreOffice saves it
        assert [where(f) for f in check(saved, master).findings if f.sheet == SHEET] == [
            where(f) for f in c.findings if f.sheet == SHEET
        ]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("scenario", ["clean", "text", "signs", "overrun", "thousands"])
def test_a_sheet_written_filled_holds_the_engines_values(
    scenario: str, engine: str, master: Master, tmp_path: Path
) -> None:
    """The sheet written filled (kemixl synth's way: templates.Filling) holds every formula's
    value as the engine computes it, and reads back as the same sheet filled by hand."""
    inputs, expected = _scenario(scenario)
    filling = Filling(figures=sample_reported(), projects=inputs)
    with using("fi"):
        written = write_templates(master, tmp_path / "w", fillings={DEPT: filling})
    path = next(r.path for r in written if r.department == DEPT)
    assert path is not None
    ws = load_workbook(path, data_only=True)[SHEET]
    assert {r: ws.cell(r, CHECK).value for r in ROWS.values() if ws.cell(r, CHECK).value} == (
        expected
    )
    report = compare_with(engine, path, tmp_path / engine)
    assert report.formula_count > 40 and report.mismatches == []
    with using("fi"):
        blank = next(
            r.path for r in write_templates(master, tmp_path / "b") if r.department == DEPT
        )
    assert blank is not None
    by_hand = _fill(blank, tmp_path / "by-hand.xlsx", master, inputs)
    assert [where(f) for f in check(path, master).findings if f.sheet == SHEET] == [
        where(f) for f in check(by_hand, master).findings if f.sheet == SHEET
    ]


@pytest.mark.parametrize("lang", ["fi", "sv", "en", "fi+sv"])
def test_every_check_is_short_and_its_texts_are_the_sheets_names(
    lang: str, master: Master, tmp_path: Path
) -> None:
    """No formula of the sheet over 600 characters: the hints' texts are defined names of the
    sheet (each once, in the template's language), not repeated in every row."""
    with using(lang):
        path = next(r.path for r in write_templates(master, tmp_path) if r.department == DEPT)
        sheet = label(terms.SHEET_INVESTMENTS)
        hints = {_(K.HINT_SIGN_NEGATIVE), _(K.HINT_BELOW), _(I.HINT_EXPLAIN)}
    assert path is not None
    wb = load_workbook(path)
    formulas = [
        str(c.value) for row in wb[sheet].iter_rows() for c in row if str(c.value).startswith("=")
    ]
    assert len(formulas) > 20 and max(map(len, formulas)) <= 600
    assert any("kemixl_negative" in f for f in formulas)
    names = {n: d.attr_text for n, d in wb[sheet].defined_names.items()}
    assert {names[n].strip('"') for n in ("kemixl_negative", "kemixl_below", "kemixl_explain")} == (
        hints
    )


def where(f: Finding) -> tuple[object, ...]:
    return (f.rule, f.severity, f.cell, f.code, f.project, f.cells, f.submitted, f.expected)


@pytest.mark.usefixtures("libreoffice")
def test_an_untouched_sheet_asks_to_be_filled(
    template: Path, master: Master, tmp_path: Path
) -> None:
    ws = load_workbook(recalculate(template, tmp_path), data_only=True)[SHEET]
    with using("fi"):
        assert ws["A4"].value == _(K.SUMMARY_EMPTY)
    assert [r for r in ROWS.values() if ws.cell(r, CHECK).value] == []
    for col, flow in ((3, EXPENDITURE), (4, INCOME)):
        budgets = [master.investments.project(pid).amount(flow, Column.TA_AMENDED) for pid in ROWS]  # type: ignore[union-attr]
        assert ws.cell(TOTAL, col).value == pytest.approx(sum(budgets))


@pytest.mark.parametrize("lang", ["sv", "en", "fi+sv"])
def test_the_sheet_in_other_languages_reads_back(lang: str, master: Master, tmp_path: Path) -> None:
    with using(lang):
        results = write_templates(master, tmp_path / "t")
        path = next(r.path for r in results if r.department == DEPT)
        assert path is not None
        ws = load_workbook(path)[label(terms.SHEET_INVESTMENTS)]
        assert ws["A5"].value == label(terms.PROJECT)
        filled = _fill(path, tmp_path / "hv.xlsx", master, project_inputs(master))
    c = check(filled, master)
    assert [f for f in c.findings if f.project or f.group] == []
    assert c.project_reports["I2321"].status == "Siirtyy"
    shutil.rmtree(tmp_path / "t")
