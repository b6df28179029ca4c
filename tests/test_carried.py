"""Texts, statuses and KPI values carried into the next period's template, and told apart on
return: the sample's 1-6 report rolled over to 1-8, its templates filled by departments that
change some values, confirm others (their mark deleted) and leave the rest as they were.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from kemixl import layout as T
from kemixl.carry import State, compare, mark, split_mark
from kemixl.cli import main
from kemixl.findings import Rule, Severity
from kemixl.i18n import terms, using
from kemixl.master import load_master
from kemixl.model import Master, Period
from kemixl.pipeline import check, consolidate
from kemixl.reconcile import Consolidation
from kemixl.templates.fill import fill_template
from kemixl.templates.writer import write_templates
from kemixl.year.data import read_report_data

from .builders import sample_reported
from .conftest import INPUTS, ROOT, TEMPLATES
from .test_rollover import sample_parts

LEDGER = ROOT / "samples" / "kemi2023" / "kirjanpito_2023.csv"
JUNE = Period(2023, 1, 6)
CHANGED = "Henkilöstökulut kasvavat elokuusta alkaen."


@dataclass(frozen=True)
class Year:
    june: Path
    master: Master  # 1-8
    master_dir: Path
    templates: dict[str, Path]  # department -> its 1-8 template
    inputs: Path
    report: Path
    c: Consolidation


def run(*args: str | Path) -> None:
    result = CliRunner().invoke(main, ["--lang", "en", *(str(a) for a in args)])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> Year:
    root = tmp_path_factory.mktemp("carried")
    june = root / "osavuosikatsaus_2023_01-06.xlsx"
    consolidate(INPUTS, TEMPLATES, june, actuals=LEDGER)
    master_dir = root / "templates-2023-08"
    run(
        "rollover",
        june,
        "--master",
        TEMPLATES,
        "--to-month",
        8,
        "-o",
        master_dir,
        "--deadline",
        "2023-09-15",
    )
    master = load_master(master_dir)
    with using("fi"):
        written = {r.department: r.path for r in write_templates(master, root / "t") if r.path}
    kpis, strategy = sample_parts()
    inputs = root / "in"
    inputs.mkdir()
    figures = sample_reported()
    before = {t.key: t.value for t in master.previous_texts if t.kind == "explanation"}
    savings = {t.key: t.value for t in master.previous_texts if t.kind == "savings"}
    for dept, path in written.items():
        target = inputs / path.name
        if dept == "64100000":  # a new explanation; KPIs and strategy left as they were
            fill_template(path, target, master.period, figures, {T.EXPLANATION_LABEL: CHANGED})
        elif dept == "64200000":  # every text confirmed (its mark deleted), new KPI values
            texts = {T.EXPLANATION_LABEL: before[dept], terms.SAVINGS: savings[dept]}
            new_kpis = {k: ("1", "2") for k in kpis}
            fill_template(path, target, master.period, figures, texts, new_kpis, strategy)
        elif dept == "64300000":  # figures only: every carried value untouched
            fill_template(path, target, master.period, figures)
        # 64500000 does not return
    report = root / "osavuosikatsaus_2023_01-08.xlsx"
    c = consolidate(inputs, master_dir, report)
    return Year(june, master, master_dir, written, inputs, report, c)


def _cell(path: Path, sheet: str, ref: str, rich: bool = False) -> object:
    return load_workbook(path, rich_text=rich)[sheet][ref].value


# --- the templates ------------------------------------------------------------------------


def test_template_starts_from_the_previous_texts_behind_a_grey_mark(year: Year) -> None:
    path = year.templates["64100000"]
    june = read_report_data(year.june)
    texts = {(t.kind, t.key): t.value for t in june.texts}
    explanation = _cell(path, "Perustelut", "B5", rich=True)
    assert str(explanation) == "1–6/2023: " + texts[("explanation", "64100000")]
    first = explanation.__getitem__(0)  # type: ignore[attr-defined]  # the mark's run
    assert first.text == "1–6/2023: " and first.font.i and first.font.color.rgb.endswith("595959")
    ws = load_workbook(path)["Tunnusluvut"]
    rows = {ws.cell(r, 1).value: r for r in range(5, ws.max_row + 1)}
    assert ws.cell(rows["K001"], 7).value == "1–6/2023: " + texts[("kpi_actual", "K001")]
    assert ws.cell(rows["K001"], 8).value == "1–6/2023: " + texts[("kpi_forecast", "K001")]
    ws = load_workbook(path)["Strategia"]
    rows = {ws.cell(r, 1).value: r for r in range(5, ws.max_row + 1)}
    with using("fi"):
        status = terms.status_label(texts[("status", "S001")])
    assert ws.cell(rows["S001"], 8).value == status
    assert ws.cell(rows["S001"], 9).value == "1–6/2023: " + texts[("realization", "S001")]
    # still input cells: the department edits them
    assert not load_workbook(path)["Perustelut"]["B5"].protection.locked
    instructions = " ".join(
        str(c.value) for row in load_workbook(path)["Ohjeet"].iter_rows() for c in row if c.value
    )
    assert "poistamalla merkintä “1–6/2023:”" in instructions


def test_the_first_periods_templates_carry_nothing(master: Master, tmp_path: Path) -> None:
    with using("fi"):
        path = next(r.path for r in write_templates(master, tmp_path) if r.path)
    assert _cell(path, "Perustelut", "B5") is None
    wb = load_workbook(path)
    assert not any(
        isinstance(c.value, str) and c.value.startswith("1–")
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
    )


# --- reading them back --------------------------------------------------------------------


def test_values_left_as_they_were_are_one_warning_per_department(year: Year) -> None:
    found = {f.code: f for f in year.c.findings if f.rule is Rule.CARRIED_UNCONFIRMED}
    assert set(found) == {"64100000", "64300000"}  # 64200000 confirmed or changed everything
    kv = found["64100000"]
    assert kv.severity is Severity.WARNING and kv.file.startswith("64100000_")
    assert "Perustelut!B5" not in kv.cells  # its explanation is new
    assert "Perustelut!B6" in kv.cells  # its savings programme left as it was
    assert any(c.startswith("Tunnusluvut!") for c in kv.cells)
    assert any(c.startswith("Strategia!") for c in kv.cells)
    hv = found["64300000"]
    savings = year.master.previous_text("savings", "64300000")
    assert "Perustelut!B5" in hv.cells
    assert ("Perustelut!B6" in hv.cells) is bool(savings and savings.value.strip())
    assert (hv.sheet, hv.cell) == ("Perustelut", "B5")
    with using("en"):
        text = hv.text()
    assert text.startswith(f"{len(hv.cells)} values still carry the mark of the report of 1–6/2023")
    assert "confirm those that still hold by deleting “1–6/2023:” at their start" in text


def test_the_report_shows_them_as_the_previous_reports(year: Year) -> None:
    wb = load_workbook(year.report)
    texts = [str(c.value) for row in wb["Hyvinvointitoimiala"].iter_rows() for c in row if c.value]
    assert any(t.startswith("1–6/2023: ") for t in texts)  # the explanation, with its mark
    kv = [str(c.value) for row in wb["Keskusvirasto"].iter_rows() for c in row if c.value]
    assert any(t.startswith(CHANGED) for t in kv)
    contents = [str(c.value) for row in wb["Sisällys"].iter_rows() for c in row if c.value]
    assert "1–6/2023:" in contents  # the legend says what the mark means


def test_the_next_rollover_carries_the_values_without_marks(year: Year, tmp_path: Path) -> None:
    data = read_report_data(year.report)
    texts = {(t.kind, t.key): t for t in data.texts}
    assert texts[("explanation", "64100000")].value == CHANGED
    untouched = texts[("explanation", "64300000")].value
    assert not untouched.startswith("1–6/2023")  # the body, not the mark
    assert untouched == year.master.previous_text("explanation", "64300000").value  # type: ignore[union-attr]
    out = tmp_path / "m12"
    run(
        *("rollover", year.report, "--master", year.master_dir, "--to-month", 12),
        *("-o", out, "--deadline", "2024-01-31", "--force"),
    )
    later = load_master(out)
    mine = later.previous_text("explanation", "64100000")
    assert mine is not None and mine.value == CHANGED and mine.period == Period(2023, 1, 8)
    gone = later.previous_text("explanation", "64500000")  # did not return in 1-8
    assert gone is not None and gone.period == JUNE


@pytest.mark.parametrize("lang", ["sv", "en", "fi+sv"])
def test_a_template_in_any_language_is_read_back_in_finnish(
    year: Year, tmp_path: Path, lang: str
) -> None:
    with using(lang):
        path = next(
            r.path
            for r in write_templates(year.master, tmp_path / "t")
            if r.department == "64300000"
        )
    assert path is not None
    filled = tmp_path / "hv.xlsx"
    fill_template(path, filled, year.master.period, sample_reported())
    c = check(filled, year.master, language="fi")
    (f,) = [f for f in c.findings if f.rule is Rule.CARRIED_UNCONFIRMED]
    assert f.code == "64300000" and len(f.cells) >= 2


# --- the comparison -----------------------------------------------------------------------


def test_compare_tells_changed_confirmed_and_untouched(year: Year) -> None:
    m = year.master
    previous = m.previous_text("kpi_actual", "K001")
    assert previous is not None
    value = previous.value
    assert compare(f"1–6/2023: {value}", previous, m).state is State.UNTOUCHED
    assert compare(value, previous, m).state is State.CONFIRMED
    # the mark decides: a value edited behind it still stands as the previous report's
    assert compare(f"1–6/2023: {value}9", previous, m).state is State.UNTOUCHED
    assert compare(f"{value}9", previous, m).state is State.CHANGED
    assert compare("7 kpl", previous, m).state is State.CHANGED
    assert compare(None, previous, m).state is State.CHANGED
    assert compare("1–6/2023: x", None, m).state is State.CHANGED  # nothing was carried
    # a mark of no earlier report of the year is the department's own text
    assert split_mark("1–3/2023: teksti", m) == (None, "1–3/2023: teksti")
    assert split_mark("1-6/2023:teksti", m) == (JUNE, "teksti")
    assert mark(JUNE) == "1–6/2023: "


@pytest.fixture(autouse=True)
def _finnish() -> Iterator[None]:
    with using("fi"):
        yield
