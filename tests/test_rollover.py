"""Rollover to the next period, the report's data sheet, amendments.csv and previous.csv, and the
later period's report on the bundled sample: 1-6 rolled over to 1-8, then consolidated."""

from __future__ import annotations

import csv
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from openpyxl import load_workbook

from kemixl import layout as T
from kemixl.cli import main
from kemixl.findings import Rule, Severity
from kemixl.i18n import _, gettext_in, terms, using
from kemixl.master import MASTER_FILES, MasterError, load_master
from kemixl.model import Column, Line, Master, Period
from kemixl.numbers import parse_kpi_value
from kemixl.pipeline import check, consolidate
from kemixl.reconcile import Consolidation
from kemixl.report.measure import text_height, wrapped_lines
from kemixl.synth import ledger_rows, write_ledger
from kemixl.templates import checks as K
from kemixl.templates import previous as P
from kemixl.templates.fill import fill_template
from kemixl.templates.writer import Filling, write_templates
from kemixl.year.data import DATA_SHEET, read_report_data
from kemixl.year.rollover import RolloverError, retoml
from kemixl.year.titles import report_title, retitle

from .builders import not_ready_report, project_inputs, sample_reported, template_lines
from .conftest import INPUTS, ROOT, TEMPLATES
from .gnumeric import ENGINES, compare_with, recalculate_with
from .workbook_scan import scan_blocks


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """These tests read the messages' English words (fi/sv: tests/test_messages.py)."""
    with using("en"):
        yield


LEDGER = ROOT / "samples" / "kemi2023" / "kirjanpito_2023.csv"


# A deadline after the new period's end, as finance gives one at each rollover (a rollover
# refuses to keep master.toml's 15.8.2023 for a period ending later: see the deadline tests).
DEADLINES = {8: "2023-09-15", 12: "2024-01-31"}


def run(*args: str | Path) -> Result:
    """The CLI in English; a rollover with no --deadline gets the one of DEADLINES."""
    words = [str(a) for a in args]
    if words[0] == "rollover" and "--deadline" not in words and "--to-month" in words:
        month = int(words[words.index("--to-month") + 1])
        if month in DEADLINES:
            words += ["--deadline", DEADLINES[month]]
    return CliRunner().invoke(main, ["--lang", "en", *words])


def one_error_line(result: Result) -> str:
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kemixl: error: "), result.output
    return lines[0]


@pytest.fixture(scope="module")
def june(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample's 1-6 report, actuals from its ledger."""
    out = tmp_path_factory.mktemp("june") / "osavuosikatsaus_2023_01-06.xlsx"
    consolidate(INPUTS, TEMPLATES, out, actuals=LEDGER)
    return out


# --- the report's data sheet --------------------------------------------------------------


def test_report_carries_its_data_very_hidden(june: Path) -> None:
    wb = load_workbook(june)
    assert wb[DATA_SHEET].sheet_state == "veryHidden"
    data = read_report_data(june)
    master = load_master(TEMPLATES)
    assert data.intact and data.ready and data.errors == 0
    assert data.fingerprint == master.fingerprint and data.period == master.period
    assert data.ledger == read_report_data(june).ledger != ""
    reported = sample_reported()
    leaves = [c for c in master.centres if not master.children(c.code)]
    assert len(data.figures) == 2 * len(leaves)
    for f in data.figures:
        expected = reported.get((f.code, f.line), {Column.ACTUAL: 0.0, Column.FORECAST: 0.0})
        assert (f.actual, f.forecast) == (expected[Column.ACTUAL], expected[Column.FORECAST])
        assert f.ta_amended == master.master_amount(f.code, f.line, Column.TA_AMENDED)


def test_data_survives_a_save_by_another_tool_but_not_an_edit(june: Path, tmp_path: Path) -> None:
    saved = tmp_path / "saved.xlsx"
    wb = load_workbook(june)
    wb.save(saved)
    assert read_report_data(saved).intact
    ws = wb[DATA_SHEET]
    cell = next(c for row in ws.iter_rows() for c in row if c.value == "64110000")
    ws.cell(cell.row, 5).value = "123.0"  # someone "corrects" an actual
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    assert not read_report_data(edited).intact


# --- rollover: the happy path -------------------------------------------------------------


def test_rollover_writes_the_next_periods_master_folder(june: Path, tmp_path: Path) -> None:
    out = tmp_path / "elokuu"
    result = run("rollover", june, "--master", TEMPLATES, "--to-month", 8, "--output", out)
    assert result.exit_code == 0, result.output
    assert f"wrote {out}: TAMMI-ELOKUUN OSAVUOSIKATSAUS 2023 (1–8/2023)" in result.output
    # 17 result areas' two lines, and the 12 investment projects' expenditure and income
    assert "previous.csv: 58 rows from the reports of 1–6/2023" in result.output
    assert "central.csv still holds the actuals and forecasts of 1–6/2023" in result.output
    master = load_master(out)
    assert master.period == Period(2023, 1, 8)
    assert master.settings.title == "TAMMI-ELOKUUN OSAVUOSIKATSAUS 2023"
    for name in MASTER_FILES:
        if name not in ("master.toml", "previous.csv") and (TEMPLATES / name).exists():
            assert (out / name).read_bytes() == (TEMPLATES / name).read_bytes(), name
    old = (TEMPLATES / "master.toml").read_text(encoding="utf-8").splitlines()
    new = (out / "master.toml").read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
    assert changed == [
        ("last_month = 6", "last_month = 8"),
        (
            'title = "TAMMI-KESÄKUUN OSAVUOSIKATSAUS 2023"',
            'title = "TAMMI-ELOKUUN OSAVUOSIKATSAUS 2023"',
        ),
        ('deadline = "2023-08-15"', 'deadline = "2023-09-15"'),
    ]
    june_period = Period(2023, 1, 6)
    assert master.previous_periods == (june_period,)
    assert master.previous_amount(june_period, "64000000", Line.MARGIN, Column.FORECAST) == (
        pytest.approx(sum(v[Column.FORECAST] for v in sample_reported().values()))
    )


def test_a_second_rollover_carries_both_earlier_reports(june: Path, tmp_path: Path) -> None:
    august = tmp_path / "m8"
    assert (
        run("rollover", june, "--master", TEMPLATES, "--to-month", 8, "-o", august).exit_code == 0
    )
    report = tmp_path / "r8.xlsx"
    # the same submissions re-titled are not this period's; use fresh templates instead
    master = load_master(august)
    filled = _fill(master, august, tmp_path / "in8", sample_reported(), {})
    consolidate(filled, august, report)
    year_end = tmp_path / "m12"
    result = run("rollover", report, "--master", august, "--to-month", 12, "-o", year_end)
    assert result.exit_code == 0, result.output
    assert "TILINPÄÄTÖS 2023 (1–12/2023)" in result.output
    assert load_master(year_end).previous_periods == (Period(2023, 1, 6), Period(2023, 1, 8))


# --- rollover: refusals, one line, exit 2 -------------------------------------------------


def test_refuses_a_report_that_is_not_ready(tmp_path: Path) -> None:
    report = not_ready_report(tmp_path)
    line = one_error_line(
        run("rollover", report, "--master", TEMPLATES, "--to-month", 8, "-o", tmp_path / "m")
    )
    assert "refused: it was marked not ready for the council (errors: 3)" in line
    assert "--force" in line and not (tmp_path / "m").exists()
    forced = run(
        "rollover", report, "--master", TEMPLATES, "--to-month", 8, "-o", tmp_path / "m", "--force"
    )
    assert forced.exit_code == 0, forced.output


def test_refuses_a_report_from_other_master_data(
    june: Path, master_copy: Path, tmp_path: Path
) -> None:
    figures = master_copy / "figures.csv"
    figures.write_text(
        figures.read_text(encoding="utf-8").replace("441104,441104", "441105,441105"),
        encoding="utf-8",
    )
    line = one_error_line(
        run("rollover", june, "--master", master_copy, "--to-month", 8, "-o", tmp_path / "m")
    )
    assert f"written from other master data than {master_copy}" in line


def test_refuses_an_altered_report(june: Path, tmp_path: Path) -> None:
    wb = load_workbook(june)
    ws = wb[DATA_SHEET]
    ws.cell(ws.max_row - 1, 5).value = "1.0"
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    line = one_error_line(
        run("rollover", edited, "--master", TEMPLATES, "--to-month", 8, "-o", tmp_path / "m")
    )
    assert "its data sheet was changed after kemixl wrote it" in line


@pytest.mark.parametrize("kind", ["submission", "text", "missing"])
def test_refuses_what_is_not_a_kemixl_report_even_forced(kind: str, tmp_path: Path) -> None:
    path = {
        "submission": sorted(INPUTS.glob("*.xlsx"))[0],
        "text": tmp_path / "raportti.xlsx",
        "missing": tmp_path / "nothing.xlsx",
    }[kind]
    if kind == "text":
        path.write_text("not a workbook", encoding="utf-8")
    line = one_error_line(
        run(
            "rollover",
            path,
            "--master",
            TEMPLATES,
            "--to-month",
            8,
            "-o",
            tmp_path / "m",
            "--force",
        )
    )
    assert f"{path.name}: is not a consolidated report written by kemixl" in line
    if kind == "submission":
        assert "no 'kemixl' data sheet" not in line  # a template has a stamp sheet 'kemixl'
        assert "does not say it is a kemixl report" in line


@pytest.mark.parametrize(
    ("month", "message"), [("6", "must be later"), ("13", "13 is not in the range")]
)
def test_bad_to_month(june: Path, tmp_path: Path, month: str, message: str) -> None:
    result = run("rollover", june, "--master", TEMPLATES, "--to-month", month, "-o", tmp_path / "m")
    assert result.exit_code == 2 and message in result.output


def test_refuses_a_non_empty_output(june: Path, tmp_path: Path) -> None:
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "keep.txt").write_text("x", encoding="utf-8")
    line = one_error_line(
        run("rollover", june, "--master", TEMPLATES, "--to-month", 8, "-o", tmp_path / "m")
    )
    assert "exists and is not an empty folder" in line


# --- titles and master.toml ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "to", "expected"),
    [
        ("TAMMI-KESÄKUUN OSAVUOSIKATSAUS 2023", 8, "TAMMI-ELOKUUN OSAVUOSIKATSAUS 2023"),
        ("TAMMI-MAALISKUUN OSAVUOSIKATSAUS 2023", 9, "TAMMI-SYYSKUUN OSAVUOSIKATSAUS 2023"),
        ("Tammi–kesäkuun osavuosikatsaus 2023", 8, "Tammi–elokuun osavuosikatsaus 2023"),
        ("Osavuosikatsaus 01-06/2023", 9, "Osavuosikatsaus 01-09/2023"),
        ("Osavuosikatsaus 1–6/2023", 10, "Osavuosikatsaus 1–10/2023"),
        ("Kaupungin raportti", 8, "TAMMI-ELOKUUN OSAVUOSIKATSAUS 2023"),
        ("TAMMI-KESÄKUUN OSAVUOSIKATSAUS 2023", 12, "TILINPÄÄTÖS 2023"),
        ("Tammi–kesäkuun osavuosikatsaus 2023", 12, "Tilinpäätös 2023"),
    ],
)
def test_titles_follow_the_period(title: str, to: int, expected: str) -> None:
    assert retitle(title, Period(2023, 1, to)) == expected


@pytest.mark.parametrize(
    ("title", "lang", "to", "expected"),
    [
        ("DELÅRSRAPPORT JANUARI–JUNI 2023", "sv", 8, "DELÅRSRAPPORT JANUARI–AUGUSTI 2023"),
        ("Delårsrapport januari-juni 2023", "sv", 9, "Delårsrapport januari-september 2023"),
        ("Delårsrapport 1.1–30.6.2023", "sv", 8, "Delårsrapport 1.1–31.8.2023"),
        ("Stadens rapport", "sv", 8, "DELÅRSRAPPORT JANUARI–AUGUSTI 2023"),
        ("Delårsrapport januari–juni 2023", "sv", 12, "Bokslut 2023"),
        ("INTERIM REPORT JANUARY–JUNE 2023", "en", 8, "INTERIM REPORT JANUARY–AUGUST 2023"),
        ("Interim report January-June 2023", "en", 10, "Interim report January-October 2023"),
        ("Interim report 1–6/2023", "en", 9, "Interim report 1–9/2023"),
        ("INTERIM REPORT JANUARY–JUNE 2023", "en", 12, "FINANCIAL STATEMENTS 2023"),
        ("Osavuosikatsaus 1.1.–30.6.2023", "fi", 9, "Osavuosikatsaus 1.1.–30.9.2023"),
    ],
)
def test_swedish_and_english_titles_follow_the_period(
    title: str, lang: str, to: int, expected: str
) -> None:
    assert retitle(title, Period(2023, 1, to), lang) == expected


def test_rollover_moves_the_swedish_and_english_titles(master_copy: Path, tmp_path: Path) -> None:
    toml = master_copy / "master.toml"
    text = toml.read_text(encoding="utf-8")
    text = text.replace(
        'title = "TAMMI-KESÄKUUN OSAVUOSIKATSAUS 2023"\n',
        'title = "TAMMI-KESÄKUUN OSAVUOSIKATSAUS 2023"\n'
        'title_sv = "Delårsrapport januari–juni 2023"  # the city\'s own\n'
        'title_en = "INTERIM REPORT JANUARY–JUNE 2023"\n',
    )
    toml.write_text(text, encoding="utf-8")
    report = tmp_path / "r.xlsx"
    consolidate(INPUTS, master_copy, report, actuals=LEDGER)
    out = tmp_path / "elokuu"
    result = run("rollover", report, "--master", master_copy, "--to-month", 8, "--output", out)
    assert result.exit_code == 0, result.output
    settings = load_master(out).settings
    assert settings.title == "TAMMI-ELOKUUN OSAVUOSIKATSAUS 2023"
    assert settings.title_sv == "Delårsrapport januari–augusti 2023"
    assert settings.title_en == "INTERIM REPORT JANUARY–AUGUST 2023"
    new = (out / "master.toml").read_text(encoding="utf-8")
    assert 'title_sv = "Delårsrapport januari–augusti 2023"\n' in new  # (its comment goes)
    assert "note: master.toml: title_sv is now 'Delårsrapport januari–augusti 2023'" in (
        result.output
    )
    assert "title_en is now 'INTERIM REPORT JANUARY–AUGUST 2023'" in result.output


def test_report_title() -> None:
    assert report_title(Period(2023, 1, 3)) == "TAMMI-MAALISKUUN OSAVUOSIKATSAUS 2023"
    assert report_title(Period(2023, 1, 12)) == "TILINPÄÄTÖS 2023"


def test_master_toml_keeps_comments_and_line_endings() -> None:
    text = '# top\r\n[period]\r\nyear = 2023\r\nlast_month = 6  # kesäkuu\r\n[report]\r\ncity = "X"\r\ntitle = "A"\r\n'
    new = retoml(text, Period(2023, 1, 8), {"title": "B"})
    assert (
        new
        == '# top\r\n[period]\r\nyear = 2023\r\nlast_month = 8\r\n[report]\r\ncity = "X"\r\ntitle = "B"\r\n'
    )
    with pytest.raises(RolloverError, match="cannot move its period"):
        retoml(
            'period = { year = 2023, last_month = 6 }\nreport = { title = "A" }\n',
            Period(2023, 1, 8),
            {"title": "B"},
        )


# --- amendments.csv and previous.csv ------------------------------------------------------


def _with(master_copy: Path, name: str, text: str) -> Path:
    (master_copy / name).write_text(text, encoding="utf-8")
    return master_copy


def blank_amended(folder: Path, row: str) -> None:
    """Leave a figures.csv row's ta_amended blank (row: its code, line, tp_prev, ta, ta_amended)."""
    figures = folder / "figures.csv"
    text = figures.read_text(encoding="utf-8")
    assert row in text
    figures.write_text(text.replace(row, row[: row.rindex(",") + 1]), encoding="utf-8")


def test_amendments_derive_muutettu_ta_at_the_periods_end(master_copy: Path) -> None:
    blank_amended(master_copy, "64110000,TOIMINTAKULUT,-5966525,-2917576,-2961576")
    _with(
        master_copy,
        "amendments.csv",
        "date,decision,code,line,amount\n"
        "2023-03-20,Kvalt 20.3.2023 § 12,64110000,TOIMINTAKULUT,-40000\n"
        "15.6.2023,Khall 15.6.2023 § 99,64110000,TOIMINTAKULUT,-4000\n"
        "2023-07-01,Kvalt 1.7.2023 § 40,64110000,TOIMINTAKULUT,-1000000\n",
    )
    master = load_master(master_copy)
    assert master.master_amount("64110000", Line.COSTS, Column.TA_AMENDED) == -2961576.0
    assert [a.decision for a in master.amendments][-1] == "Kvalt 1.7.2023 § 40"


def test_amendments_that_disagree_with_figures_name_both(master_copy: Path) -> None:
    _with(
        master_copy,
        "amendments.csv",
        "date,decision,code,line,amount\n2023-03-20,Kvalt § 12,64110000,TOIMINTAKULUT,-40000\n",
    )
    with pytest.raises(MasterError) as err:
        load_master(master_copy)
    (problem,) = err.value.problems
    assert str(problem).startswith(
        f"{master_copy / 'figures.csv'}:3: ta_amended -2,961,576 of 64110000"
    )
    assert (
        "disagrees with amendments.csv: TA -2,917,576 plus the amendments decided by 30.06.2023"
        in str(problem)
    )
    assert "(amendments.csv:2) is -2,957,576" in str(problem)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("32.1.2023,x,64110000,TOIMINTAKULUT,1", "date '32.1.2023' is not a date"),
        ("2023-01-05,x,64100000,TOIMINTAKULUT,1", "cost centre 64100000 has result areas"),
        (
            "2023-01-05,x,64999999,TOIMINTAKULUT,1",
            "cost centre 64999999 is not among the cost centres (costcentres.csv)",
        ),
        (
            "2023-01-05,x,64110000,TOIMINTAKATE,1",
            "line 'TOIMINTAKATE' must be TOIMINTATUOTOT or TOIMINTAKULUT",
        ),
        ("2023-01-05,x,64110000,TOIMINTAKULUT,paljon", "column amount: 'paljon' is not a number"),
        ("2023-01-05,x,64110000,TOIMINTAKULUT,", "column amount: '' is not a number"),
        (
            '2023-01-05,x,64110000,TOIMINTAKULUT,"-1,500"',
            "column amount: '-1,500' could be -1,500 or -1.5 (a thousands separator or a decimal "
            "mark?)",
        ),
        (
            "2023-01-05,x,64110000,TOIMINTAKULUT,50000000000000",
            "column amount: '50000000000000' is beyond 1,000,000,000,000 €",
        ),
        (
            "2024-02-01,Kvalt 1.2.2024 § 3,64110000,TOIMINTAKULUT,-2000",
            "date 2024-02-01 is after the report's year 2023: the council amends a year's budget "
            "during that year",
        ),
        (
            "2022-12-15,Kvalt 15.12.2022 § 90,64110000,TOIMINTAKULUT,-44000",
            "date 2022-12-15 is before the report's year 2023: the amendment belongs to that "
            "year's budget",
        ),
        ("15.12.2022,x,64110000,TOIMINTAKULUT,1", "date 15.12.2022 is before the report's year"),
    ],
)
def test_amendment_rows_are_checked(master_copy: Path, row: str, message: str) -> None:
    _with(master_copy, "amendments.csv", f"date,decision,code,line,amount\n{row}\n")
    with pytest.raises(MasterError) as err:
        load_master(master_copy)
    (problem,) = err.value.problems
    assert str(problem).startswith(f"{master_copy / 'amendments.csv'}:2: {message}")


def test_an_exact_duplicate_amendment_is_an_error(master_copy: Path) -> None:
    """Counted twice, it would put Muutettu TA off by its amount and list it twice on the
    amendments sheet; two amendments of one decision that differ in amount are both counted."""
    row = "2023-03-20,Kvalt 20.3.2023 § 12,64110000,TOIMINTAKULUT,-44000"
    header = "date,decision,code,line,amount\n"
    _with(master_copy, "amendments.csv", f"{header}{row}\n{row}\n")
    with pytest.raises(MasterError) as err:
        load_master(master_copy)
    (problem,) = err.value.problems
    assert str(problem) == (
        f"{master_copy / 'amendments.csv'}:3: the same amendment as line 2 (date, decision, cost "
        "centre, line and amount alike): it would count twice in the revised budget; delete one "
        "of the rows"
    )
    _with(master_copy, "amendments.csv", f"{header}{row[:-5]}40000\n{row[:-5]}4000\n")
    master = load_master(master_copy)
    assert len(master.amendments) == 2
    assert master.master_amount("64110000", Line.COSTS, Column.TA_AMENDED) == -2961576.0


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "01-06/2023,64110000,TOIMINTAKULUT,1,2,3",
            "period 01-06/2023 is not an earlier report of 1–6/2023",
        ),
        ("01-03/2022,64110000,TOIMINTAKULUT,1,2,3", "period 01-03/2022 is not an earlier report"),
        ("kevät,64110000,TOIMINTAKULUT,1,2,3", "period 'kevät' is not a period such as 01-06/2023"),
        ("01-03/2023,64100000,TOIMINTAKULUT,1,2,3", "cost centre 64100000 has result areas"),
        ("01-03/2023,64110000,TOIMINTAKULUT,1,x,3", "column actual: 'x' is not a number"),
        (
            "01-03/2023,64110000,TOIMINTAKULUT,1,2.500,3",
            "column actual: '2.500' could be 2,500 or 2.5",
        ),
    ],
)
def test_previous_rows_are_checked(master_copy: Path, row: str, message: str) -> None:
    _with(master_copy, "previous.csv", f"period,code,line,ta_amended,actual,forecast\n{row}\n")
    with pytest.raises(MasterError) as err:
        load_master(master_copy)
    assert any(message in str(p) for p in err.value.problems), err.value.problems


def test_previous_duplicates_are_named(master_copy: Path) -> None:
    row = "01-03/2023,64110000,TOIMINTAKULUT,1,2,3"
    _with(
        master_copy, "previous.csv", f"period,code,line,ta_amended,actual,forecast\n{row}\n{row}\n"
    )
    with pytest.raises(MasterError, match=r"previous\.csv:3: duplicate row 01-03/2023 64110000"):
        load_master(master_copy)


def test_first_report_has_no_change_column_trend_or_amendments(june: Path) -> None:
    wb = load_workbook(june)
    assert "Ennusteen kehitys" not in wb.sheetnames and "Talousarviomuutokset" not in wb.sheetnames
    assert not any(
        isinstance(c.value, str) and c.value.startswith("Muutos") for c in wb["Toimialat"][5]
    )


# --- the bundled sample: 1-6 rolled over to 1-8, then consolidated ------------------------

MOVED = {("64320000", Line.COSTS): -300_000.0, ("64110000", Line.COSTS): -100_000.0}
SILENT = "64300000"  # HYVINVOINTITOIMIALA: moves its forecast and explains nothing


@dataclass(frozen=True)
class August:
    master: Master
    master_dir: Path
    report: Path
    c: Consolidation
    ledger: Path
    templates: Path


def sample_parts() -> tuple[dict[str, tuple[object, object]], dict[str, tuple[str, str]]]:
    """The sample departments' KPI values and strategy realizations (samples/kemi2023)."""
    folder = ROOT / "samples" / "kemi2023"
    with (folder / "kpis.csv").open(encoding="utf-8") as f:
        kpis = {
            r["id"]: (parse_kpi_value(r["actual"]), parse_kpi_value(r["forecast"]))
            for r in csv.DictReader(f)
        }
    with (folder / "strategy.csv").open(encoding="utf-8") as f:
        strategy = {r["id"]: (r["status"], r["realization"]) for r in csv.DictReader(f)}
    return kpis, strategy


def _fill(
    master: Master,
    master_dir: Path,
    inputs: Path,
    figures: Any,
    texts: dict[str, str],
    ledger: Path | None = None,
) -> Path:
    from kemixl.ledger import load_ledger

    inputs.mkdir(parents=True, exist_ok=True)
    tmp = inputs.parent / f"{inputs.name}-templates"
    books = load_ledger(ledger, master) if ledger is not None else None
    kpis, strategy = sample_parts()
    for r in write_templates(master, tmp, books):
        if r.path is not None:
            expl = {T.EXPLANATION_LABEL: texts[r.department]} if r.department in texts else {}
            fill_template(
                r.path,
                inputs / r.path.name,
                master.period,
                figures,
                expl,
                kpis,
                strategy,
                project_inputs(master, actuals=books is None),  # a ledger has the actuals
            )
    return inputs


@pytest.fixture(scope="module")
def august(june: Path, tmp_path_factory: pytest.TempPathFactory) -> August:
    root = tmp_path_factory.mktemp("august")
    master_dir = root / "templates-2023-08"
    result = run("rollover", june, "--master", TEMPLATES, "--to-month", 8, "--output", master_dir)
    assert result.exit_code == 0, result.output
    # A council decision in July; its line's Muutettu TA is derived (left blank in figures.csv).
    blank_amended(master_dir, "64320000,TOIMINTAKULUT,-31029210,-30452272,-30452272")
    (master_dir / "amendments.csv").write_text(
        "date,decision,code,line,amount\n2023-07-10,Khall 10.7.2023 § 201,64320000,TOIMINTAKULUT,-250000\n",
        encoding="utf-8",
    )
    master = load_master(master_dir)
    reported = sample_reported()
    actuals = {key: round(v[Column.ACTUAL] * 8 / 6) for key, v in reported.items()}
    ledger = root / "kirjanpito_2023_01-08.csv"
    write_ledger(ledger, ledger_rows(master, actuals, 8))
    figures8 = {
        key: {Column.FORECAST: v[Column.FORECAST] + MOVED.get(key, 0.0)}
        for key, v in reported.items()
    }
    texts = {"64100000": "Palkkakulut kasvavat sopimuskorotusten vuoksi.", "64200000": "Ennallaan."}
    inputs = _fill(master, master_dir, root / "inputs", figures8, texts, ledger)
    templates = root / "inputs-templates"
    report = root / "osavuosikatsaus_2023_01-08.xlsx"
    c = consolidate(inputs, master_dir, report, actuals=ledger)
    return August(master, master_dir, report, c, ledger, templates)


def test_august_report_is_ready_with_a_drift_warning(august: August) -> None:
    assert [f.line() for f in august.c.findings if f.severity is Severity.ERROR] == []
    drift = [f for f in august.c.findings if f.rule is Rule.FORECAST_DRIFT]
    assert [f.code for f in drift] == [SILENT]  # 64100000 moved as much but explained it
    f = drift[0]
    assert f.submitted - f.expected == pytest.approx(MOVED[("64320000", Line.COSTS)])
    assert "moved from -37,144,464 (1–6/2023) to -37,444,464, by -300,000" in f.text()
    # the result area that moved most, and the cell to write the explanation in
    assert ", most in result area 64320000 LASTEN JA NUORTEN PALVELUT (-300,000)," in f.text()
    sheet = gettext_in("fi", terms.SHEET_EXPLANATIONS)  # the templates' (Finnish) sheet
    assert f.text().endswith(f"with no explanation; write the explanation in {sheet}!B5")
    assert (f.sheet, f.cell) == (sheet, "B5")


def test_august_change_column(june: Path, august: August) -> None:
    before = scan_blocks(june)
    now = scan_blocks(august.report)
    checked = 0
    for (sheet, code, line), values in now.items():
        if "change" not in values:
            continue
        previous = next(v for (s, c, ln), v in before.items() if c == code and ln == line)
        assert values["change"] == pytest.approx(values["forecast"] - previous["forecast"]), (
            sheet,
            code,
            line,
        )
        checked += 1
    assert checked == len(now) > 70  # every line of every block, department sheets and Toimialat
    city = now[("Toimialat", "64000000", "TOIMINTAKATE")]
    assert city["change"] == pytest.approx(sum(MOVED.values()))
    ws = load_workbook(august.report)["Toimialat"]
    header = [c.value for c in ws[5]]
    col = header.index("Muutos 01-06/2023 ennusteesta") + 1
    forecast = header.index("TP-ENNUSTE 2023") + 1
    row = (
        next(
            r
            for r in range(6, ws.max_row + 1)
            if ws.cell(r, 1).value == "64300000 HYVINVOINTITOIMIALA"
        )
        + 2
    )
    formula = ws.cell(row, col).value
    assert re.fullmatch(rf"={ws.cell(row, forecast).column_letter}{row}\+\d+", formula), formula


def test_august_trend_sheet(june: Path, august: August) -> None:
    ws = load_workbook(august.report, data_only=True)["Ennusteen kehitys"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    header = next(i for i, r in enumerate(rows) if r[:2] == ["Toimiala", "Raportti"])
    end = next(i for i, r in enumerate(rows) if str(r[0]).startswith("Nettoinvestoinnit"))
    table = {(r[0], r[1]): r for r in rows[header + 1 : end] if r[0]}  # the operating margin's
    june_sheet = scan_blocks(june, ["Toimialat"])
    august_sheet = scan_blocks(august.report, ["Toimialat"])
    for d in [*august.master.departments, august.master.root]:
        if d.parent is not None and not august.master.has_budget(d.code):
            assert (d.name, "01-06/2023") not in table
            continue
        j = june_sheet[("Toimialat", d.code, "TOIMINTAKATE")]
        a = august_sheet[("Toimialat", d.code, "TOIMINTAKATE")]
        assert table[(d.name, "01-06/2023")][2:6] == [j["ta"], j["ta_amended"], j["forecast"], None]
        assert table[(d.name, "01-08/2023")][2:5] == [a["ta"], a["ta_amended"], a["forecast"]]
        assert table[(d.name, "01-08/2023")][5] == pytest.approx(a["forecast"] - j["forecast"])
    formulas = load_workbook(august.report)["Ennusteen kehitys"]
    live = [
        c.value
        for row in formulas.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith("=")
    ]
    assert any("Toimialat" in f for f in live)


def test_august_amendments(august: August) -> None:
    assert august.c.amount("64320000", Line.COSTS, Column.TA_AMENDED) == -30452272 - 250000
    ws = load_workbook(august.report, data_only=True)["Talousarviomuutokset"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    rows = rows[[r[0] for r in rows].index("Päätöspäivä") + 1 :]
    assert rows[0] == [
        "10.7.2023",
        "Khall 10.7.2023 § 201",
        "64320000 LASTEN JA NUORTEN PALVELUT",
        "TOIMINTAKULUT",
        -250000,
    ]
    assert rows[1][0] == "Yhteensä" and rows[1][4] == -250000


def test_august_templates_lock_the_ledger_actuals(august: August) -> None:
    path = next(august.templates.glob("64300000_*.xlsx"))
    ws = load_workbook(path)[T.FINANCE_SHEET]
    titles = {c.value: c.column for c in ws[5] if c.value}
    assert "Toteuma 01-08/2023" in titles
    row = (
        next(
            r
            for r in range(6, ws.max_row + 1)
            if ws.cell(r, 1).value == "64320000 LASTEN JA NUORTEN PALVELUT"
        )
        + 2
    )
    cell = ws.cell(row, titles["Toteuma 01-08/2023"])
    assert cell.protection.locked
    assert cell.value == round(sample_reported()[("64320000", Line.COSTS)][Column.ACTUAL] * 8 / 6)


@pytest.mark.parametrize("engine", ENGINES)
def test_august_report_recalculates_in_both_engines(
    august: August, tmp_path: Path, engine: str
) -> None:
    result = compare_with(engine, august.report, tmp_path)
    assert result.formula_count > 300
    assert result.mismatches == []


def test_august_report_passes_schema_validation(august: August) -> None:
    from .test_report_validity import validate

    assert validate(august.report) == []


def _previous_columns(path: Path) -> tuple[Any, dict[str, int]]:
    ws = load_workbook(path)[T.FINANCE_SHEET]
    return ws, {c.value: c.column for c in ws[5] if c.value}


def test_august_templates_show_the_previous_forecast_locked(june: Path, august: August) -> None:
    before = scan_blocks(june)
    for path in sorted(august.templates.glob("*.xlsx")):
        ws, titles = _previous_columns(path)
        col = titles["Edellinen ennuste 01-06/2023"]
        checks = titles[gettext_in("fi", terms.CHECK_TITLE)]
        assert checks == titles["TP-ENNUSTE 2023"] + 1
        hidden = {
            c for d in ws.column_dimensions.values() if d.hidden for c in range(d.min, d.max + 1)
        }
        assert set(range(checks + 1, col)) <= hidden  # on screen: forecast, Tarkistus, previous
        seen = 0
        for row, code, label in template_lines(ws):
            cell = ws.cell(row, col)
            expected = next(v for (_s, c, ln), v in before.items() if c == code and ln == label)
            assert cell.value == expected["forecast"], (path.name, row)
            assert cell.protection.locked
            seen += 1
        assert seen >= 6


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("explained", [False, True])
def test_august_template_reminds_to_explain_a_moved_forecast(
    august: August, tmp_path: Path, explained: bool, engine: str
) -> None:
    path = next(august.templates.glob("64300000_*.xlsx"))
    figures = {
        key: {Column.FORECAST: v[Column.FORECAST] + MOVED.get(key, 0.0)}
        for key, v in sample_reported().items()
    }
    filled = tmp_path / "hyvinvointi.xlsx"
    texts = {T.EXPLANATION_LABEL: "Lasten palvelujen kysyntä kasvaa."} if explained else {}
    fill_template(
        path, filled, august.master.period, figures, texts, projects=project_inputs(august.master)
    )
    again = load_workbook(recalculate_with(engine, filled, tmp_path), data_only=True)
    again = again[T.FINANCE_SHEET]
    ws, titles = _previous_columns(filled)
    total = next(
        r for r in range(6, ws.max_row + 1) if ws.cell(r, 1).value == "64300000 HYVINVOINTITOIMIALA"
    )
    check_col = titles[gettext_in("fi", terms.CHECK_TITLE)]
    hint = again.cell(total + 3, check_col).value
    assert (hint or "") == (
        "" if explained else gettext_in("fi", P.DRIFT_HINT).format(sheet=T.EXPLANATIONS_SHEET)
    )
    # the summary above the table counts every hint the column shows, the reminder too
    shown = [r for r in range(6, again.max_row + 1) if again.cell(r, check_col).value]
    assert (total + 3 in shown) is not explained
    with using("fi"):
        one, many = K.summary_counts()
        expected = _(K.SUMMARY_OK) if not shown else (one if len(shown) == 1 else many)
    assert again["A4"].value == expected.replace("{n}", str(len(shown)))
    c = check(filled, august.master, actuals=august.ledger)
    rules = {f.rule for f in c.findings}
    assert Rule.TEMPLATE_ALTERED not in rules and Rule.WRONG_PERIOD not in rules
    assert (Rule.FORECAST_DRIFT in rules) is not explained
    assert c.amount("64300000", Line.MARGIN, Column.FORECAST) == pytest.approx(
        sum(v[Column.FORECAST] for (code, _l), v in figures.items() if code.startswith("643"))
    )


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("explained", [False, True])
def test_august_template_written_filled_keeps_the_reminder_true(
    august: August, tmp_path: Path, explained: bool, engine: str
) -> None:
    """A template written filled (kemixl synth's way) over the previous report's carried
    explanation: the reminder's cached value is what the engines compute, whether the
    department wrote its own explanation or left the carried one behind its mark."""
    dept = "64300000"
    figures = {
        key: {Column.FORECAST: v[Column.FORECAST] + MOVED.get(key, 0.0)}
        for key, v in sample_reported().items()
    }
    texts = {"explanation": "Lasten palvelujen kysyntä kasvaa."} if explained else {}
    with using("fi"):
        filling = Filling(figures=figures, explanations=texts)
        path = next(
            r.path
            for r in write_templates(august.master, tmp_path / "w", fillings={dept: filling})
            if r.department == dept
        )
    assert path is not None
    carried = load_workbook(path)[T.EXPLANATIONS_SHEET]["B5"].value
    assert str(carried).startswith("Lasten" if explained else "1–6/2023: ")
    ws, titles = _previous_columns(path)
    total = next(
        r for r in range(6, ws.max_row + 1) if ws.cell(r, 1).value == f"{dept} HYVINVOINTITOIMIALA"
    )
    cached = load_workbook(path, data_only=True)[T.FINANCE_SHEET]
    hint = cached.cell(total + 3, titles[gettext_in("fi", terms.CHECK_TITLE)]).value
    assert bool(hint) is not explained
    report = compare_with(engine, path, tmp_path / engine)
    assert report.formula_count > 50 and report.mismatches == []


@pytest.mark.parametrize("lang", ["fi", "sv", "en", "fi+sv"])
def test_august_instructions_give_every_wrapped_paragraph_its_height(
    august: August, tmp_path: Path, lang: str
) -> None:
    """A later period's instructions have a longer first item (the previous forecast and the
    reminder): a paragraph that wraps gets the rows' height of its lines, so none prints over
    the next item (spreadsheets do not grow such rows on their own)."""
    with using(lang):
        path = next(r.path for r in write_templates(august.master, tmp_path) if r.path)
        sheet = T.sheet_names().instructions
    ws = load_workbook(path)[sheet]
    wrapped = 0
    for (cell,) in ws.iter_rows(min_row=4, max_col=1):
        if not cell.value or wrapped_lines(cell.value, 120) < 2:
            continue
        wrapped += 1
        height = ws.row_dimensions[cell.row].height
        # a height is stored in whole pixels (0.75 pt)
        assert height is not None and height >= text_height(cell.value, 120) - 0.75, cell.value
    assert wrapped >= 1  # the reminder's paragraph, at least


def test_august_instructions_print_without_overlap(august: August, tmp_path: Path) -> None:
    """On paper (LibreOffice's PDF) each numbered item starts a line of its own and the
    reminder's paragraph ends before item 2 (which it printed over)."""
    from .libreoffice import render_pdf, require_libreoffice

    require_libreoffice()

    path = next(august.templates.glob("64300000_*.xlsx"))
    pdf = render_pdf(path, tmp_path)
    text = subprocess.run(
        ["pdftotext", "-layout", "-f", "1", "-l", "1", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    lines = [ln.strip() for ln in text.splitlines()]
    starts = [
        next(i for i, ln in enumerate(lines) if ln.startswith(f"{n}. ")) for n in (1, 2, 3, 4)
    ]
    assert starts == sorted(starts)
    reminder = next(i for i, ln in enumerate(lines) if "TOIMINTAKATE" in ln and "rivillä" in ln)
    assert starts[0] < reminder < starts[1]
    assert lines[reminder].endswith("rivillä."), lines[reminder]  # nothing printed over it


def test_first_period_templates_have_no_previous_column(master: Master, tmp_path: Path) -> None:
    with using("fi"):  # the Finnish template, as the other template tests here read it
        path = next(r.path for r in write_templates(master, tmp_path) if r.path)
    _ws, titles = _previous_columns(path)
    assert not any(str(t).startswith("Edellinen") for t in titles)
    assert not any(
        isinstance(c.value, str) and c.value.startswith("=IF(AND(") and "Perustelut" in c.value
        for row in _ws.iter_rows()
        for c in row
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_august_template_formulas_recalculate_alike(
    august: August, tmp_path: Path, engine: str
) -> None:
    path = next(august.templates.glob("64300000_*.xlsx"))
    result = compare_with(engine, path, tmp_path)
    assert result.formula_count > 20
    assert result.mismatches == []


def test_rollover_from_a_master_workbook(june: Path, tmp_path: Path) -> None:
    from kemixl.master import folder_to_workbook

    workbook = tmp_path / "master.xlsx"
    folder_to_workbook(TEMPLATES, workbook)
    out = tmp_path / "m8"
    result = run("rollover", june, "--master", workbook, "--to-month", 8, "-o", out)
    assert result.exit_code == 0, result.output  # the same content, the same fingerprint
    new = load_master(out)
    old = load_master(TEMPLATES)
    assert new.period == Period(2023, 1, 8) and new.figures == old.figures
    assert new.accounts == old.accounts and new.ledger == old.ledger
    assert new.previous_periods == (Period(2023, 1, 6),)


def test_august_report_and_templates_are_accessible(august: August) -> None:
    """The later period's sheets, charts and template columns pass the accessibility rules the
    first period's do (tests/accessibility.py)."""
    from .accessibility import check_workbook

    assert check_workbook(august.report) == {}
    for path in sorted(august.templates.glob("*.xlsx")):
        assert check_workbook(path) == {}, path.name
