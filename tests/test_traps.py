"""Issue 15: a figure read wrong must never pass without a word (the reader's traps).

Free-form workbooks are laid out as in test_rules.py: header on row 1 (B TP 2022 … E Toteuma,
F Toteuma-%, G TP-ENNUSTE), 64110000 at A2 with its lines on rows 3-5. A template's finance
sheet has its header on row 5 (B-G) and 64110000 at A6 with its lines on rows 7-9.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from kemixl import layout as T
from kemixl.findings import Finding, Rule, Severity
from kemixl.i18n import using
from kemixl.master import load_master
from kemixl.model import Column, Line, Master
from kemixl.pipeline import check
from kemixl.templates.fill import fill_template
from kemixl.templates.writer import write_templates
from kemixl.xlsx.cells import a1_to_rowcol, column_letters

from .builders import Drift, project_inputs, sample_reported, write_submission
from .conftest import INPUTS, TEMPLATES


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """These tests read the messages' English words (fi/sv: tests/test_messages.py)."""
    with using("en"):
        yield


E = Severity.ERROR
KV = "64100000"


def _errors(findings: tuple[Finding, ...]) -> list[tuple[Rule, str, str]]:
    return [(f.rule, f.sheet, f.cell) for f in findings if f.severity is E]


def _freeform(tmp_path: Path, master: Master, drift: Drift | None = None) -> Path:
    return write_submission(tmp_path / "kv.xlsx", master, KV, sample_reported(), drift or Drift())


def _add_column(
    path: Path, sheet: str, header_row: int, col: int, title: str | None, value: object
) -> None:
    """A column added beside the table: a title on the header row, a value on every line row."""
    wb = load_workbook(path)
    ws: Worksheet = wb[sheet]
    if title is not None:
        ws.cell(header_row, col, title)
    for r in range(header_row + 1, ws.max_row + 1):
        label = ws.cell(r, 1).value
        if isinstance(label, str) and label.startswith("TOIMINTA"):
            ws.cell(r, col, value(r) if callable(value) else value)
    wb.save(path)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("templates")
    master = load_master(TEMPLATES)
    made = {r.department: r.path for r in write_templates(master, out) if r.path}
    filled = out / "filled.xlsx"
    fill_template(
        made[KV], filled, master.period, sample_reported(), projects=project_inputs(master)
    )
    return filled


def _free(template: Path) -> int:
    """The first column (1-based) right of everything the template's stamp describes: its
    figure columns, the Tarkistus column and the hidden helper columns."""
    stamp = load_workbook(template, read_only=True)[T.STAMP_SHEET]
    refs = [
        str(row[0]).split(":", 1)[1]
        for row in stamp.iter_rows(values_only=True)
        if str(row[0]).startswith(("header:", "label:", "formula:"))
    ]
    return max(a1_to_rowcol(ref)[1] for ref in refs) + 2


def _copy(template: Path, tmp_path: Path) -> Path:
    dst = tmp_path / "one" / "kv_template.xlsx"
    dst.parent.mkdir()
    dst.write_bytes(template.read_bytes())
    return dst


# ---------------------------------------------------------------------------------------------
# 1. a second actual or forecast column: ambiguous-column, neither wins


def test_an_old_forecast_column_of_zeros_is_ambiguous(tmp_path: Path, master: Master) -> None:
    path = _freeform(tmp_path, master)
    _add_column(path, "Taul1", 1, 8, "Ennuste (vanha)", 0)
    c = check(path, master)
    assert _errors(c.findings) == [(Rule.AMBIGUOUS_COLUMN, "Taul1", "G1")]
    f = next(f for f in c.findings if f.rule is Rule.AMBIGUOUS_COLUMN)
    assert "G1 'TP-ENNUSTE 2023'" in f.text() and "H1 'Ennuste (vanha)'" in f.text()
    assert f.code == "" and f.column_key == Column.FORECAST.value
    # Neither column is used: the forecast is unknown, not the zeros; actuals are untouched.
    assert c.amount(KV, Line.MARGIN, Column.ACTUAL) == pytest.approx(-2070300, abs=1.5)


def test_a_corrected_actuals_column_is_ambiguous(tmp_path: Path, master: Master) -> None:
    path = _freeform(tmp_path, master)
    _add_column(path, "Taul1", 1, 8, "Toteuma 01-06/2023 korjattu", 1.0)
    c = check(path, master)
    assert _errors(c.findings) == [(Rule.AMBIGUOUS_COLUMN, "Taul1", "E1")]
    f = c.findings[[x.rule for x in c.findings].index(Rule.AMBIGUOUS_COLUMN)]
    assert "E1 'Toteuma 01-06/2023'" in f.text() and "H1 'Toteuma 01-06/2023 korjattu'" in f.text()
    # The 1s of column H do not replace column E's actuals, and cause no sum or sign errors.
    assert c.amount("64110000", Line.INCOME, Column.ACTUAL) != 1.0


def test_the_same_in_a_template_is_also_template_altered(
    template: Path, tmp_path: Path, master: Master
) -> None:
    path = _copy(template, tmp_path)
    col = _free(template)
    _add_column(path, T.FINANCE_SHEET, 5, col, "Ennuste (vanha)", 0)
    c = check(path, master)
    assert _errors(c.findings) == [
        (Rule.AMBIGUOUS_COLUMN, T.FINANCE_SHEET, "G5"),
        (Rule.TEMPLATE_ALTERED, T.FINANCE_SHEET, f"{column_letters(col - 1)}5"),
    ]
    altered = next(f for f in c.findings if f.rule is Rule.TEMPLATE_ALTERED)
    assert altered.code == KV and "'Ennuste (vanha)'" in altered.text()
    assert f"ends at column {column_letters(col - 2)}" in altered.text()


@pytest.mark.parametrize(
    ("title", "row"), [("Huomautus", 5), (None, 7)], ids=["unknown-title", "values-only"]
)
def test_a_column_added_to_a_template_is_template_altered(
    template: Path, tmp_path: Path, master: Master, title: str | None, row: int
) -> None:
    path = _copy(template, tmp_path)
    col = _free(template)
    _add_column(path, T.FINANCE_SHEET, 5, col, title, lambda r: r * 1000)
    c = check(path, master)
    cell = f"{column_letters(col - 1)}{row}"
    assert _errors(c.findings) == [(Rule.TEMPLATE_ALTERED, T.FINANCE_SHEET, cell)]


def test_two_added_columns_are_two_findings(template: Path, tmp_path: Path, master: Master) -> None:
    path = _copy(template, tmp_path)
    col = _free(template)
    _add_column(path, T.FINANCE_SHEET, 5, col, "Huom 1", None)
    _add_column(path, T.FINANCE_SHEET, 5, col + 2, None, "x")
    c = check(path, master)
    assert _errors(c.findings) == [
        (Rule.TEMPLATE_ALTERED, T.FINANCE_SHEET, f"{column_letters(col - 1)}5"),
        (Rule.TEMPLATE_ALTERED, T.FINANCE_SHEET, f"{column_letters(col + 1)}7"),
    ]


def test_a_column_inserted_into_a_template_is_one_finding(
    template: Path, tmp_path: Path, master: Master
) -> None:
    """Excel moves everything right of an inserted column: one finding says so, not one per
    formula that moved."""
    path = _copy(template, tmp_path)
    wb = load_workbook(path)
    wb[T.FINANCE_SHEET].insert_cols(7)
    wb.save(path)
    _add_column(path, T.FINANCE_SHEET, 5, 7, "Ennuste (vanha)", 0)
    c = check(path, master)
    assert _errors(c.findings) == [
        (Rule.AMBIGUOUS_COLUMN, T.FINANCE_SHEET, "G5"),
        (Rule.TEMPLATE_ALTERED, T.FINANCE_SHEET, "G5"),
    ]
    altered = next(f for f in c.findings if f.rule is Rule.TEMPLATE_ALTERED)
    assert (altered.expected, altered.submitted) == ("TP-ENNUSTE 2023", "Ennuste (vanha)")


def test_templates_stamped_without_column_titles_still_catch_added_columns(
    template: Path, tmp_path: Path, master: Master
) -> None:
    """Stamps written before the column titles were recorded: the table's extent comes from
    the formula records."""
    path = _copy(template, tmp_path)
    wb = load_workbook(path)
    stamp = wb[T.STAMP_SHEET]
    rows = [
        r for r in range(1, stamp.max_row + 1) if str(stamp.cell(r, 1).value).startswith("header:")
    ]
    assert len(rows) >= 6  # the six figure columns' titles at least
    for r in reversed(rows):
        stamp.delete_rows(r)
    wb.save(path)
    assert not [f for f in check(path, master).findings if f.severity is E]
    col = _free(path)
    _add_column(path, T.FINANCE_SHEET, 5, col, None, 5)
    assert _errors(check(path, master).findings) == [
        (Rule.TEMPLATE_ALTERED, T.FINANCE_SHEET, f"{column_letters(col - 1)}7")
    ]


def test_the_bundled_templates_have_no_added_columns(master: Master) -> None:
    assert not [f for f in check(INPUTS, master).findings if f.severity is E]


# ---------------------------------------------------------------------------------------------
# 2. ambiguous amounts as text


@pytest.mark.parametrize("typed", ["106,571", "106.571", "−106,571"])
def test_an_amount_with_three_decimals_as_text_is_ambiguous(
    tmp_path: Path, master: Master, typed: str
) -> None:
    drift = Drift(overrides={("64110000", Line.INCOME, Column.ACTUAL): typed})
    c = check(_freeform(tmp_path, master, drift), master)
    assert _errors(c.findings) == [(Rule.AMBIGUOUS_AMOUNT, "Taul1", "E3")]
    f = next(f for f in c.findings if f.rule is Rule.AMBIGUOUS_AMOUNT)
    sign = "-" if typed.startswith("−") else ""
    assert f"{sign}106,571 €" in f.text() and f"{sign}106.571 €" in f.text(), f.text()
    fi = f.text("fi").replace("\u00a0", " ")  # thousands or decimals, as Finnish writes them
    assert f"{sign}106 571 €" in fi and f"{sign}106,571 €" in fi, fi
    assert (f.code, f.submitted, f.line_label) == ("64110000", typed, Line.INCOME.value)


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("1,234,567", 1234567.0),  # several groups of three: thousands
        ("1.234.567", 1234567.0),
        ("1 234,567", 1234.567),  # spaces group the thousands: the comma is the decimal mark
        ("106,57", 106.57),
        ("0,571", 0.571),
        (106.571, 106.571),  # a real number is never ambiguous
    ],
)
def test_unambiguous_amounts_are_read(
    tmp_path: Path, master: Master, typed: object, value: float
) -> None:
    drift = Drift(overrides={("64110000", Line.INCOME, Column.ACTUAL): typed})
    c = check(_freeform(tmp_path, master, drift), master)
    assert not [f for f in c.findings if f.rule in (Rule.AMBIGUOUS_AMOUNT, Rule.TEXT_IN_NUMBER)]
    assert c.reported[("64110000", Line.INCOME)][Column.ACTUAL] == pytest.approx(value)


def test_an_ambiguous_amount_in_a_template_cell(
    template: Path, tmp_path: Path, master: Master
) -> None:
    path = _copy(template, tmp_path)
    wb = load_workbook(path)
    wb[T.FINANCE_SHEET]["E7"] = "106.571"
    wb.save(path)
    c = check(path, master)
    assert _errors(c.findings) == [(Rule.AMBIGUOUS_AMOUNT, T.FINANCE_SHEET, "E7")]


# ---------------------------------------------------------------------------------------------
# 6. openpyxl's warnings stay off the terminal


def _fallback_workbook(src: Path, dst: Path) -> Path:
    """A template whose finance sheet makes openpyxl read it (cells without references) and
    carries an Excel extension openpyxl warns about (x14 data validations)."""
    ext = (
        b'<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
        b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
        b'<x14:dataValidations count="0" '
        b'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"/></ext></extLst>'
    )
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet2.xml":
                data = re.sub(rb' r="[A-Z]*[0-9]+"', b"", data)
                data = data.replace(b"</worksheet>", ext + b"</worksheet>")
            zout.writestr(item, data)
    return dst


RUN_CLI = "import sys; from kemixl.cli import main; sys.argv[0] = 'kemixl'; main()"


def test_openpyxl_warnings_do_not_reach_stderr(tmp_path: Path) -> None:
    path = _fallback_workbook(next(INPUTS.glob("64100000_*.xlsx")), tmp_path / "kv.xlsx")
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            RUN_CLI,
            "--lang",
            "en",
            "check",
            str(path),
            "--master",
            str(TEMPLATES),
            "-q",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stderr == "", run.stderr
    assert "0 errors, 0 warnings" in run.stdout
