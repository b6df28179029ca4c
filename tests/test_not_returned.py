"""Departments that have not returned their workbook, as a draft report travels: the year driven
as a finance office lives it (1-6 with the ledger, rollover to 1-8, the 1-8 templates filled by
two of four departments) and the year's first report with a department missing.

Their figures never read as zeros: the forecast is the previous report's (labelled, italic)
where there is one, else blank; the actual blank unless the ledger gives it; the status and
change columns say "ei palautettu"; every total that holds or leaves out their figures says so
beside it (the departments table, the income statement, the trend); the charts name them.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from kemixl import layout as T
from kemixl.cli import main
from kemixl.findings import Rule
from kemixl.i18n import gettext_in, using
from kemixl.master import load_master
from kemixl.model import Column, Line, Master
from kemixl.pipeline import consolidate
from kemixl.reconcile import Consolidation
from kemixl.report.status import NOT_RETURNED
from kemixl.synth import ledger_rows, write_ledger
from kemixl.templates.fill import fill_template
from kemixl.templates.writer import write_templates

from .builders import sample_reported
from .conftest import INPUTS, ROOT, TEMPLATES
from .libreoffice import compare_cached_to_recalculated, require_libreoffice
from .workbook_scan import scan_blocks, scan_summary

LEDGER = ROOT / "samples" / "kemi2023" / "kirjanpito_2023.csv"
RETURNED = ("64100000", "64200000")
ABSENT = ("64300000", "64500000")  # HYVINVOINTITOIMIALA, YMPÄRISTÖTOIMIALA
MOVED = {("64110000", Line.COSTS): -100_000.0}


@dataclass(frozen=True)
class August:
    june: Path
    master: Master
    master_dir: Path
    report: Path  # actuals typed by the departments that returned
    c: Consolidation
    ledgered: Path  # the same, actuals from an 8-month ledger
    cl: Consolidation


@pytest.fixture(scope="module")
def august(tmp_path_factory: pytest.TempPathFactory) -> August:
    root = tmp_path_factory.mktemp("august")
    june = root / "osavuosikatsaus_2023_01-06.xlsx"
    consolidate(INPUTS, TEMPLATES, june, actuals=LEDGER)
    master_dir = root / "templates-2023-08"
    result = CliRunner().invoke(
        main,
        [
            *("--lang", "en", "rollover", str(june), "--master", str(TEMPLATES)),
            *("--to-month", "8", "--output", str(master_dir), "--deadline", "2023-09-15"),
        ],
    )
    assert result.exit_code == 0, result.output
    master = load_master(master_dir)
    reported = sample_reported()
    figures = {
        key: {
            Column.ACTUAL: round(v[Column.ACTUAL] * 8 / 6),
            Column.FORECAST: v[Column.FORECAST] + MOVED.get(key, 0.0),
        }
        for key, v in reported.items()
    }
    inputs = root / "in18"
    inputs.mkdir()
    with using("fi"):
        for r in write_templates(master, root / "templates18"):
            if r.path is not None and r.department in RETURNED:
                texts = {T.EXPLANATION_LABEL: "Palkkakulut kasvavat."}
                fill_template(r.path, inputs / r.path.name, master.period, figures, texts)
    report = root / "osavuosikatsaus_2023_01-08.xlsx"
    c = consolidate(inputs, master_dir, report)
    ledger = root / "kirjanpito_2023_01-08.csv"
    actuals = {key: v[Column.ACTUAL] for key, v in figures.items()}
    write_ledger(ledger, ledger_rows(master, actuals, 8))
    ledgered = root / "ledgered.xlsx"
    cl = consolidate(inputs, master_dir, ledgered, actuals=ledger)
    return August(june, master, master_dir, report, c, ledgered, cl)


def _fi(text: str) -> str:
    return gettext_in("fi", text)


NOT = "ei palautettu"


def _rows(path: Path, sheet: str) -> list[list[Any]]:
    ws = load_workbook(path, data_only=True)[sheet]
    return [[c.value for c in row] for row in ws.iter_rows()]


def _block(rows: list[list[Any]], code: str) -> int:
    return next(i for i, r in enumerate(rows) if isinstance(r[0], str) and r[0].startswith(code))


def test_the_word_is_the_catalogs() -> None:
    assert _fi(NOT_RETURNED) == NOT
    with using("sv"):
        assert gettext_in("sv", NOT_RETURNED) == "inte inlämnad"


def test_departments_table_shows_the_previous_forecast_never_zeros(august: August) -> None:
    june = scan_blocks(august.june, ["Toimialat"])
    now = scan_blocks(august.report, ["Toimialat"])
    rows = _rows(august.report, "Toimialat")
    header = next(i for i, r in enumerate(rows) if "TP-ENNUSTE 2023" in r)
    col = {title: i for i, title in enumerate(rows[header]) if title}
    for code in ABSENT:
        label = _block(rows, code)
        # the forecast's column names the report it comes from, on the block's own row
        assert rows[label][col["TP-ENNUSTE 2023"]] == "Edellinen ennuste 01-06/2023"
        for line in Line:
            values = now[("Toimialat", code, line.value)]
            assert values["forecast"] == pytest.approx(
                june[("Toimialat", code, line.value)]["forecast"]
            )
            assert values["actual"] is None and values["pct"] is None  # blank, not 0
            assert values["change"] == NOT
        for r in rows[label + 1 : label + 4]:
            assert r[col["Tila"]] == NOT  # no YLITYS for figures it has not given
    for code in RETURNED:
        assert now[("Toimialat", code, "TOIMINTAKATE")]["actual"] != 0
    city = now[("Toimialat", "64000000", "TOIMINTAKATE")]
    expected = (
        sum(now[("Toimialat", d, "TOIMINTAKATE")]["forecast"] for d in (*RETURNED, *ABSENT))
        + now[("Toimialat", "64400000", "TOIMINTAKATE")]["forecast"]
    )
    assert city["forecast"] == pytest.approx(expected)
    assert city["change"] == pytest.approx(sum(MOVED.values()))  # only what really moved
    assert august.c.amount("64000000", Line.MARGIN, Column.FORECAST) == pytest.approx(expected)
    # beside the total: who has not returned and what the total holds for them
    note = " ".join(
        str(r[0]) for r in rows[_block(rows, "64000000") + 4 :] if isinstance(r[0], str)
    )
    assert "Ei palautettu: HYVINVOINTITOIMIALA, YMPÄRISTÖTOIMIALA." in note
    assert "edellisen raportin (01-06/2023)" in note and "toteumassa ei ole" in note


def test_department_sheet_of_a_department_not_returned(august: August) -> None:
    rows = _rows(august.report, "Hyvinvointitoimiala")
    flat = [str(v) for r in rows for v in r if isinstance(v, str)]
    assert flat.count(NOT) >= 6  # status and change on every line of its blocks
    assert any(t.startswith("HYVINVOINTITOIMIALA ei ole palauttanut työkirjaansa.") for t in flat)
    blocks = scan_blocks(august.report, ["Hyvinvointitoimiala"])
    june = scan_blocks(august.june, ["Hyvinvointitoimiala"])
    for key, values in blocks.items():
        assert values["actual"] is None
        assert values["forecast"] == pytest.approx(june[key]["forecast"])
    fmt = load_workbook(august.report)["Hyvinvointitoimiala"]
    forecast_cells = [
        c for row in fmt.iter_rows() for c in row if isinstance(c.value, int | float | str)
    ]
    italic = [c for c in forecast_cells if c.font.i and not isinstance(c.value, str)]
    assert italic  # the carried forecast stands apart from figures given for this period


def test_summary_trend_and_charts_say_so(august: August) -> None:
    summary = scan_summary(august.report, "Tuloslaskelma")
    city = august.c.amount("64000000", Line.MARGIN, Column.FORECAST)
    assert summary["TOIMINTAKATE YHTEENSÄ"]["forecast"] == pytest.approx(city / 1000)
    texts = [str(v) for r in _rows(august.report, "Tuloslaskelma") for v in r if v]
    assert any(
        t.startswith("Ei palautettu: HYVINVOINTITOIMIALA, YMPÄRISTÖTOIMIALA.") for t in texts
    )
    assert "HYVINVOINTITOIMIALA (ei palautettu)" in texts  # the charts' category
    trend = _rows(august.report, "Ennusteen kehitys")
    header = next(i for i, r in enumerate(trend) if r[:2] == ["Toimiala", "Raportti"])
    # the operating margin's table (the net investments' section follows it on a page of its own)
    end = next(
        (i for i, r in enumerate(trend) if str(r[0]).startswith("Nettoinvestoinnit")), len(trend)
    )
    table = {(r[0], r[1]): r for r in trend[header + 1 : end] if r[0] and r[1]}
    assert table[("HYVINVOINTITOIMIALA", "01-08/2023")][5] == NOT
    assert table[("HYVINVOINTITOIMIALA", "01-08/2023")][4] == pytest.approx(
        table[("HYVINVOINTITOIMIALA", "01-06/2023")][4]
    )
    assert table[("KESKUSVIRASTO", "01-08/2023")][5] == pytest.approx(-100_000)
    assert any(str(r[0]).startswith("Ei palautettu:") for r in trend[header:])
    key = [str(r[0]) for r in trend[:4] if r[0]]
    assert any("miinus heikentää" in k for k in key)  # which sign is worse


def test_the_ledger_gives_their_actuals(august: August) -> None:
    blocks = scan_blocks(august.ledgered, ["Toimialat"])
    for code in ABSENT:
        values = blocks[("Toimialat", code, "TOIMINTAKULUT")]
        assert (
            values["actual"]
            == pytest.approx(august.cl.amount(code, Line.COSTS, Column.ACTUAL))
            != 0
        )
        assert values["change"] == NOT
    rows = _rows(august.ledgered, "Toimialat")
    note = " ".join(str(r[0]) for r in rows if isinstance(r[0], str))
    assert "Niiden toteumat ovat kirjanpidosta." in note


def test_findings_still_name_them_once(august: August) -> None:
    missing = [f.code for f in august.c.findings if f.rule is Rule.MISSING_DEPARTMENT]
    assert sorted(missing) == list(ABSENT)
    assert august.c.unreturned == frozenset(ABSENT)


def test_recalculates_alike(august: August, tmp_path: Path) -> None:
    require_libreoffice()
    for path in (august.report, august.ledgered):
        result = compare_cached_to_recalculated(path, tmp_path)
        assert result.formula_count > 300 and result.mismatches == []


def test_the_data_sheet_carries_what_the_report_showed(august: August) -> None:
    from kemixl.year.data import read_report_data

    data = read_report_data(august.report)
    assert not data.ready and data.returned == frozenset(RETURNED)
    forecast = {(f.code, f.line): f.forecast for f in data.figures}
    june = {(f.code, f.line): f.forecast for f in read_report_data(august.june).figures}
    for leaf in august.master.leaves("64300000"):
        for line in (Line.INCOME, Line.COSTS):
            assert forecast[(leaf.code, line)] == june[(leaf.code, line)]


# --- the year's first report with a department missing ------------------------------------


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("first")
    inputs = root / "in"
    shutil.copytree(INPUTS, inputs)
    next(inputs.glob("64300000_*.xlsx")).unlink()
    yield inputs


@pytest.mark.parametrize("lang", ["fi", "sv", "en", "fi+sv"])
def test_first_report_leaves_them_blank_and_says_so(first: Path, tmp_path: Path, lang: str) -> None:
    out = tmp_path / "r.xlsx"
    c = consolidate(first, TEMPLATES, out, language=lang)
    with using(lang):
        from kemixl.i18n import label

        word = label(NOT_RETURNED)
    blocks = scan_blocks(out)
    mine = {k: v for k, v in blocks.items() if k[1] == "64300000"}
    assert mine
    for values in mine.values():
        assert values["actual"] is None and values["forecast"] is None and values["pct"] is None
    texts = [
        str(c.value)
        for ws in load_workbook(out).worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str)
    ]
    assert texts.count(word) >= 6
    city = next(
        v for (s, code, line), v in blocks.items() if code == "64000000" and line == "TOIMINTAKATE"
    )
    assert city["forecast"] == pytest.approx(c.amount("64000000", Line.MARGIN, Column.FORECAST))
    # the total leaves them out, and says so in the run's language
    with using(lang):
        from kemixl.report.unreturned import total_note

        note = total_note(c)
    assert note and "HYVINVOINTITOIMIALA" in note
    first_line = note.split()[0]
    assert any(t.startswith(first_line) for t in texts)
    assert c.amount("64300000", Line.MARGIN, Column.FORECAST) == 0  # nothing carried
    # the word stands whole in the status column (bold, in every language or pair)
    from openpyxl.utils import get_column_letter

    from kemixl.report.finance import COLS
    from kemixl.report.measure import width_for

    wb = load_workbook(out)
    ws = wb.worksheets[2]  # the departments sheet
    status = get_column_letter(COLS["status"] + 1)
    assert (ws.column_dimensions[status].width or 0) - 0.71 >= width_for(word, True) - 0.01


def test_first_report_recalculates_alike(first: Path, tmp_path: Path) -> None:
    require_libreoffice()
    out = tmp_path / "r.xlsx"
    consolidate(first, TEMPLATES, out)
    result = compare_cached_to_recalculated(out, tmp_path)
    assert result.mismatches == []
