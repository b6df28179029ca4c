"""Actuals from the ledger: loading exports of every dialect, summing, the accounts map, the
findings, the templates' locked actuals and the report's sources sheet."""

from __future__ import annotations

import csv
import re
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from openpyxl import Workbook, load_workbook

from kemixl import layout as T
from kemixl.cli import main
from kemixl.findings import Rule, Severity
from kemixl.i18n import using
from kemixl.ledger import LedgerError, load_ledger
from kemixl.ledger.aggregate import IGNORED, UNKNOWN, classify_accounts
from kemixl.master import MasterError, load_master
from kemixl.model import Column, Line, Master
from kemixl.pipeline import check, consolidate
from kemixl.reconcile.ledger import ledger_findings
from kemixl.synth import ledger_rows, write_ledger
from kemixl.templates.fill import fill_template
from kemixl.templates.writer import write_templates

from .builders import project_actuals, project_inputs, sample_reported, template_lines
from .conftest import INPUTS, ROOT, TEMPLATES, data_problems
from .test_messages import english_words


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """These tests read the messages' English words (fi/sv: tests/test_messages.py)."""
    with using("en"):
        yield


LEDGER = ROOT / "samples" / "kemi2023" / "kirjanpito_2023.csv"
HEADER = ("Kustannuspaikka", "Tili", "Kuukausi", "Summa")


def sample_actuals() -> dict[tuple[str, Line], float]:
    return {key: values[Column.ACTUAL] for key, values in sample_reported().items()}


def write_rows(
    path: Path,
    rows: list[tuple[object, ...]],
    header: tuple[str, ...] = HEADER,
    delimiter: str = ";",
    encoding: str = "utf-8",
    above: list[str] | None = None,
) -> Path:
    with path.open("w", newline="", encoding=encoding) as f:
        for line in above or []:
            f.write(line + "\r\n")
        out = csv.writer(f, delimiter=delimiter, lineterminator="\r\n")
        out.writerow(header)
        out.writerows(rows)
    return path


def xlsx_ledger(path: Path, rows: list[list[object]], header: list[str] | None = None) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Kirjaukset"
    ws.append(header or list(HEADER))
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def master_with(
    tmp_path: Path, toml_ledger: str | None = None, accounts: str | None = None
) -> Path:
    folder = tmp_path / "master"
    shutil.copytree(TEMPLATES, folder)
    if toml_ledger is not None:
        text = (folder / "master.toml").read_text(encoding="utf-8")
        start = text.index("[ledger]")
        end = text.index("\n[", start)  # the next table
        text = text[:start] + text[end + 1 :] + "\n" + toml_ledger
        (folder / "master.toml").write_text(text, encoding="utf-8")
    if accounts is not None:
        (folder / "accounts.csv").write_text(accounts, encoding="utf-8")
    return folder


REPORT_SIGNS = '[ledger]\nsigns = "report"\n'


# --- the bundled sample -------------------------------------------------------------------


def test_bundled_ledger_sums_to_the_seed_actuals(master: Master) -> None:
    ledger = load_ledger(LEDGER, master)
    expected = sample_actuals()
    assert ledger.actuals.keys() <= expected.keys()
    for key, euros in expected.items():
        assert ledger.actual(*key) == pytest.approx(euros, abs=0.005), key
    # a few thousand rows over realistic accounts; the July postings are outside 1-6/2023
    assert 2000 <= ledger.source.rows <= 6000
    assert 0 < ledger.source.rows - ledger.source.rows_in_period < 100
    assert ledger.source.month_column == "Kuukausi"
    assert ledger.source.signs == "debit-credit"
    assert ledger.ignored_rows > 0 and ledger.unknown_codes == () and ledger.unknown_accounts == ()
    # tax revenue, state grants, financial items and depreciation: ignored, in report signs
    central = sum(i.amounts[Column.ACTUAL] for i in master.central)
    assert ledger.ignored == pytest.approx(central, abs=0.01)


def test_bundled_ledger_is_what_the_script_makes(master: Master, tmp_path: Path) -> None:
    again = tmp_path / "again.csv"
    rows = ledger_rows(master, sample_actuals(), 2023, projects=project_actuals(master))
    write_ledger(again, rows)
    assert again.read_bytes() == LEDGER.read_bytes()


def test_bundled_sample_with_its_ledger_is_clean(tmp_path: Path) -> None:
    c = consolidate(INPUTS, TEMPLATES, tmp_path / "r.xlsx", actuals=LEDGER)
    assert not data_problems(c.findings)
    assert c.ledger is not None
    for (code, line), euros in sample_actuals().items():
        assert c.amount(code, line, Column.ACTUAL) == pytest.approx(euros, abs=0.005)


# --- dialects and formats -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("delimiter", "encoding", "decimal"),
    [
        (";", "utf-8", ","),
        (";", "utf-8-sig", ","),
        (";", "cp1252", ","),
        (",", "utf-8", "."),
        (",", "cp1252", "."),
        ("\t", "utf-8", ","),
    ],
)
def test_csv_dialects(tmp_path: Path, delimiter: str, encoding: str, decimal: str) -> None:
    folder = master_with(tmp_path, REPORT_SIGNS)
    master = load_master(folder)

    def amount(x: float) -> str:
        return f"{x:.2f}".replace(".", decimal)

    rows = [
        ("64110000", "300000", "2023-01", amount(100.25)),
        ("64110000", "310000", "2023-02", amount(200.50)),
        ("64110000", "400000", "2023-03", amount(-1000.10)),
        ("64120000", "450000", "2023-06", amount(-5.05)),
        ("64120000", "900500", "2023-06", amount(7.00)),  # internal income
    ]
    header = ("Kustannuspaikka", "Tili", "Kuukausi", "Selite äöå", "Summa")
    rows5 = [(r[0], r[1], r[2], "Ä-kirjaus", r[3]) for r in rows]
    path = write_rows(tmp_path / "l.csv", rows5, header, delimiter, encoding)
    ledger = load_ledger(path, master)
    assert ledger.actual("64110000", Line.INCOME) == pytest.approx(300.75)
    assert ledger.actual("64110000", Line.COSTS) == pytest.approx(-1000.10)
    assert ledger.actual("64120000", Line.COSTS) == pytest.approx(-5.05)
    assert ledger.actual("64120000", Line.INCOME) == pytest.approx(7.00)
    assert ledger.source.rows == 5


def test_xlsx_export_with_a_title_row_and_number_cells(tmp_path: Path) -> None:
    master = load_master(
        master_with(tmp_path, '[ledger]\nsigns = "report"\nsheet = "Kirjaukset"\n')
    )
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Kansilehti"
    ws2 = wb.create_sheet("Kirjaukset")
    ws2.append(["Pääkirjaote 1-6/2023"])
    ws2.append(list(HEADER))
    ws2.append([64110000, 300000, "2023-01", 1500.5])
    ws2.append(["64110000", "400000", 202302, "-2 500,25"])  # text: spaces and decimal comma
    ws2.append([64130000, 4500, 3, -10])
    path = tmp_path / "kirjanpito.xlsx"
    wb.save(path)
    ledger = load_ledger(path, master)
    assert ledger.actual("64110000", Line.INCOME) == 1500.5
    assert ledger.actual("64110000", Line.COSTS) == -2500.25
    assert ledger.actual("64130000", Line.COSTS) == -10


def test_debit_credit_signs_are_negated(tmp_path: Path, master: Master) -> None:
    assert master.ledger.signs == "debit-credit"
    path = write_rows(
        tmp_path / "l.csv",
        [("64110000", "300000", "1", "-100,00"), ("64110000", "400000", "2", "250,00")],
    )
    ledger = load_ledger(path, master)
    assert ledger.actual("64110000", Line.INCOME) == 100.0  # a credit: income
    assert ledger.actual("64110000", Line.COSTS) == -250.0  # a debit: a cost


def test_month_column_keeps_the_period(tmp_path: Path, master: Master) -> None:
    rows = [
        ("64110000", "400000", "2023-06", "10,00"),
        ("64110000", "400000", "2023-07", "20,00"),  # after the period
        ("64110000", "400000", "2022-06", "40,00"),  # another year
        ("64110000", "400000", "6", "80,00"),  # no year: this year's June
        ("64110000", "400000", "15.3.2023", "160,00"),
        ("64110000", "400000", "202301", "320,00"),
    ]
    ledger = load_ledger(write_rows(tmp_path / "l.csv", rows), master)
    assert ledger.actual("64110000", Line.COSTS) == -(10 + 80 + 160 + 320)
    assert (ledger.source.rows, ledger.source.rows_in_period) == (6, 4)
    # the other year's row is left out, but not in silence (test_a_ledger_of_another_year)
    assert ledger.other_years is not None and ledger.other_years.rows == 1
    assert ledger.missing_months == (2, 4, 5)  # January, March and June have rows


def test_without_a_month_column_every_row_counts(tmp_path: Path) -> None:
    master = load_master(master_with(tmp_path, '[ledger]\nsigns = "debit-credit"\n'))
    rows = [("64110000", "400000", "10,00"), ("64110000", "400000", "20,00")]
    path = write_rows(tmp_path / "l.csv", rows, ("Kustannuspaikka", "Tili", "Summa"))
    ledger = load_ledger(path, master)
    assert ledger.actual("64110000", Line.COSTS) == -30.0
    assert ledger.source.month_column == ""


def test_column_names_come_from_master_toml(tmp_path: Path) -> None:
    folder = master_with(
        tmp_path,
        '[ledger]\ncost_centre = "Kp"\naccount = "Konto"\namount = "Euro"\nmonth = "Kausi"\n'
        'signs = "report"\n',
    )
    path = write_rows(
        tmp_path / "l.csv",
        [("64110000", "300000", "2023-02", "5,5")],
        ("Kp", "Konto", "Kausi", "Euro"),
    )
    assert load_ledger(path, load_master(folder)).actual("64110000", Line.INCOME) == 5.5


# --- one clear line for an unusable export ------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "header", "message"),
    [
        (
            [("64110000", "400000", "1", "abc")],
            HEADER,
            r"l\.csv:2: text-in-number-cell: Summa: 'abc' is text where a number belongs",
        ),
        (
            [("64110000", "400000", "1", "5"), ("64110000", "400000", "1", "")],
            HEADER,
            r"l\.csv:3: the amount \(Summa\) is blank",
        ),
        (
            [("64110000", "400000", "kevät", "5")],
            HEADER,
            r"l\.csv:2: the month \(Kuukausi\) 'kevät' is not a month",
        ),
        (
            [("64110000", "400000", "5")],
            ("Kustannuspaikka", "Tili", "Määrä"),
            r"l\.csv:1: cannot read the header: it should name the columns kustannuspaikka, tili, summa.*missing summa",
        ),
    ],
)
def test_unusable_export_is_one_line(
    tmp_path: Path,
    master: Master,
    rows: list[tuple[str, ...]],
    header: tuple[str, ...],
    message: str,
) -> None:
    with pytest.raises(LedgerError, match=message) as err:
        load_ledger(write_rows(tmp_path / "l.csv", rows, header), master)
    assert "\n" not in str(err.value)
    place = str(err.value).split(": ", 1)[0]  # l.csv:2 in every language
    for lang in ("fi", "sv"):
        text = err.value.text(lang)
        assert text.startswith(f"{place}: ") and text != str(err.value)
        assert english_words(text.split(": ", 1)[1]) == set(), text


def test_a_row_with_an_extra_field_is_one_line(tmp_path: Path, master: Master) -> None:
    path = write_rows(tmp_path / "l.csv", [("64110000", "400000", "1", "5")])
    with path.open("a", encoding="utf-8", newline="") as f:
        f.write("64110000;400000;2;1 500;50\r\n")  # a fifth field: the amount split in two
    with pytest.raises(LedgerError, match=r"^l\.csv:3: 5 fields where the header has 4") as err:
        load_ledger(path, master)
    assert "\n" not in str(err.value)


def test_required_month_column_missing(tmp_path: Path, master: Master) -> None:
    path = write_rows(
        tmp_path / "l.csv", [("64110000", "400000", "5")], ("Kustannuspaikka", "Tili", "Summa")
    )
    with pytest.raises(LedgerError, match="no month column 'Kuukausi'"):
        load_ledger(path, master)  # the Kemi master names it, so it must be there


def test_no_accounts_csv_is_refused(tmp_path: Path) -> None:
    folder = master_with(tmp_path)
    (folder / "accounts.csv").unlink()
    path = write_rows(tmp_path / "l.csv", [("64110000", "400000", "1", "5")])
    with pytest.raises(LedgerError, match=r"no accounts\.csv"):
        load_ledger(path, load_master(folder))


def test_cli_exit_2_with_one_line(tmp_path: Path) -> None:
    bad = write_rows(tmp_path / "l.csv", [("64110000", "400000", "1", "x")])
    for args in (
        ["check", str(INPUTS), "--actuals", str(bad)],
        ["consolidate", str(INPUTS), "-o", str(tmp_path / "r.xlsx"), "--actuals", str(bad)],
        ["templates", "-o", str(tmp_path / "t"), "--actuals", str(bad)],
        ["check", str(INPUTS), "--actuals", str(tmp_path / "missing.csv")],
    ):
        result = CliRunner().invoke(main, ["--lang", "en", *args, "--master", str(TEMPLATES)])
        assert result.exit_code == 2, result.output
        assert result.output.count("\n") == 1 and "kemixl: error:" in result.output
    assert not (tmp_path / "r.xlsx").exists()


# --- accounts.csv and [ledger] ------------------------------------------------------------


@pytest.mark.parametrize(
    ("accounts", "message"),
    [
        (
            "first,last,line\n3000,3999,TOIMINTATUOTOT\n3500,3600,ignore\n",
            r"accounts\.csv:3: the range 3500-3600 overlaps 3000-3999 \(line 2\)",
        ),
        (
            "first,last,line\n30,3999,TOIMINTATUOTOT\n",
            r"accounts\.csv:2: the range 30-3999 mixes lengths",
        ),
        (
            "first,last,line\n4000,3999,TOIMINTAKULUT\n",
            r"accounts\.csv:2: the range 4000-3999 ends before it starts",
        ),
        (
            "first,last,line\n4000,4999,KULUT\n",
            r"accounts\.csv:2: line 'KULUT' must be TOIMINTATUOTOT, TOIMINTAKULUT, "
            r"INVESTOINTIMENOT, INVESTOINTITULOT or ignore",
        ),
        (
            "first,last,line\n4x00,4999,TOIMINTAKULUT\n",
            r"accounts\.csv:2: '4x00' is not an account number",
        ),
        (
            "first,line\n4000,TOIMINTAKULUT\n",
            r"accounts\.csv:1: cannot read the header.*missing last",
        ),
    ],
)
def test_accounts_csv_problems_name_the_line(tmp_path: Path, accounts: str, message: str) -> None:
    with pytest.raises(MasterError) as err:
        load_master(master_with(tmp_path, accounts=accounts))
    assert any(re.search(message, str(p)) for p in err.value.problems), err.value.problems


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('[ledger]\nsigns = "credit"\n', "signs: 'credit' must be one of report, debit-credit"),
        ('[ledger]\ncolumn = "x"\n', "[ledger] column: unknown setting"),
        ("[ledger]\namount = 5\n", "[ledger] amount: must be a column name in quotes"),
    ],
)
def test_ledger_settings_problems(tmp_path: Path, table: str, message: str) -> None:
    with pytest.raises(MasterError) as err:
        load_master(master_with(tmp_path, table))
    assert any(message in str(p) for p in err.value.problems), err.value.problems


def test_account_ranges_are_prefixes(master: Master) -> None:
    got = classify_accounts(
        [
            "3",
            "30",
            "3000",
            "302000",
            "39999999",
            "4999",
            "500000",
            "98",
            "9950",
            "12345678901234",
            "A1",
        ],
        master.accounts,
    )
    assert got == [
        Line.INCOME,
        Line.INCOME,
        Line.INCOME,
        Line.INCOME,
        Line.INCOME,
        Line.COSTS,
        IGNORED,
        Line.COSTS,
        UNKNOWN,
        UNKNOWN,
        UNKNOWN,
    ]


# --- findings -----------------------------------------------------------------------------


def test_unknown_codes_and_accounts_are_reported_with_their_sums(tmp_path: Path) -> None:
    ledger = tmp_path / "kirjanpito.csv"
    text = LEDGER.read_bytes().decode("cp1252")
    first = text.count("\n") + 1  # the first appended row's line
    extra = [
        "64990000;400000;Palkat;2023-03;9001;Väärä kp;1000,00",
        "64990000;400000;Palkat;2023-04;9002;Väärä kp;500,50",
        "64990000;300000;Myynti;2023-04;9003;Väärä kp;-200,00",
        "64100000;434000;Palvelut;2023-05;9004;Toimialatasolle;300,00",  # has result areas
        "64110000;999900;Tuntematon;2023-05;9005;Uusi tili;40,00",
        "64120000;999900;Tuntematon;2023-06;9006;Uusi tili;2,00",
        ";400000;Palkat;2023-06;9007;Ei kp:tä;7,00",
        "64990000;400000;Palkat;2023-07;9008;Heinäkuu;999,00",  # outside the period
    ]
    ledger.write_bytes((text + "\r\n".join(extra) + "\r\n").encode("cp1252"))
    c = consolidate(INPUTS, TEMPLATES, tmp_path / "r.xlsx", actuals=ledger)
    found = {(f.rule, f.code): f for f in c.findings if f.file == "kirjanpito.csv"}
    unknown = found[(Rule.LEDGER_UNKNOWN_CODE, "64990000")]
    assert unknown.severity is Severity.ERROR and unknown.submitted == pytest.approx(-1300.50)
    assert "TOIMINTATUOTOT 200, TOIMINTAKULUT -1 500,50" in unknown.text("fi").replace("\xa0", " ")
    assert "64990000 is not in the master tree: its 3 ledger rows" in unknown.text()
    assert f"first on line {first}" in unknown.text()  # the first appended row
    parent = found[(Rule.LEDGER_UNKNOWN_CODE, "64100000")]
    assert "has result areas" in parent.text() and parent.submitted == -300.0
    blank = found[(Rule.LEDGER_UNKNOWN_CODE, "")]
    assert "1 ledger rows have no cost centre" in blank.text() and blank.submitted == -7.0
    account = found[(Rule.LEDGER_UNKNOWN_ACCOUNT, "")]
    assert account.submitted == -42.0
    assert "account 999900 is in no range of accounts.csv: 2 ledger rows" in account.text()
    assert "summing to -42" in account.text()
    assert c.amount("64110000", Line.COSTS, Column.ACTUAL) == pytest.approx(
        sample_actuals()[("64110000", Line.COSTS)]
    )


def test_xlsx_ledger_findings_name_the_cell(tmp_path: Path, master: Master) -> None:
    path = xlsx_ledger(tmp_path / "kp.xlsx", [[64110000, 400000, 1, 5], [64990000, 400000, 2, 7]])
    c = check(INPUTS, master, actuals=path)
    f = next(f for f in c.findings if f.rule is Rule.LEDGER_UNKNOWN_CODE)
    assert (f.file, f.sheet, f.cell, f.code) == ("kp.xlsx", "Kirjaukset", "A3", "64990000")


def test_typed_actual_that_differs_from_the_ledger(tmp_path: Path, master: Master) -> None:
    results = write_templates(master, tmp_path / "t")
    path = next(r.path for r in results if r.department == "64100000")
    assert path is not None
    figures = sample_reported()
    figures[("64110000", Line.COSTS)] = {
        Column.ACTUAL: -1439000.0,  # the ledger says -1 439 849
        Column.FORECAST: figures[("64110000", Line.COSTS)][Column.FORECAST],
    }
    # the books have cents where the department typed whole euros: within rounding
    booked = sample_actuals()
    booked[("64120000", Line.INCOME)] += 0.4
    ledger = tmp_path / "kp.csv"
    write_ledger(ledger, ledger_rows(master, booked, 1))
    filled = tmp_path / "kv.xlsx"
    projects = project_inputs(master, actuals=False)
    fill_template(path, filled, master.period, figures, projects=projects)
    c = check(filled, master, actuals=ledger)
    differs = [f for f in c.findings if f.rule is Rule.LEDGER_DIFFERS]
    assert len(differs) == 1
    f = differs[0]
    assert (f.severity, f.code, f.sheet, f.submitted, f.expected) == (
        Severity.ERROR,
        "64110000",
        T.sheet_names().finance,
        -1439000.0,
        -1439849.0,
    )
    assert f.cell == "E8" and (f.line_label, f.column_key) == ("TOIMINTAKULUT", "actual")
    assert "-1,439,000 differs from the ledger's -1,439,849 (off by 849)" in f.text()
    # the report uses the ledger's figure
    assert c.amount("64110000", Line.COSTS, Column.ACTUAL) == -1439849.0
    assert c.amount("64120000", Line.INCOME, Column.ACTUAL) == 488871.4
    without = check(filled, master)
    assert without.amount("64110000", Line.COSTS, Column.ACTUAL) == -1439000.0
    assert not [f for f in without.findings if f.rule is Rule.LEDGER_DIFFERS]


def test_with_a_ledger_only_forecasts_are_asked_for(tmp_path: Path, master: Master) -> None:
    """Blank actuals, even a missing Toteuma column, are fine when the ledger has them."""
    results = write_templates(master, tmp_path / "t")
    path = next(r.path for r in results if r.department == "64100000")
    assert path is not None
    figures = {k: {Column.FORECAST: v[Column.FORECAST]} for k, v in sample_reported().items()}
    filled = tmp_path / "kv.xlsx"
    projects = project_inputs(master, actuals=False)
    fill_template(path, filled, master.period, figures, projects=projects)
    rules = {f.rule for f in check(filled, master, actuals=LEDGER).findings}
    assert Rule.BLANK_INPUT not in rules and Rule.EMPTY_SUBMISSION not in rules
    assert Rule.BLANK_INPUT in {f.rule for f in check(filled, master).findings}
    untouched = tmp_path / "empty.xlsx"
    fill_template(path, untouched, master.period, {})
    assert Rule.EMPTY_SUBMISSION in {
        f.rule for f in check(untouched, master, actuals=LEDGER).findings
    }


# --- templates with locked ledger actuals -------------------------------------------------


def test_templates_carry_locked_ledger_actuals(tmp_path: Path, master: Master) -> None:
    ledger = load_ledger(LEDGER, master)
    with using("fi"):  # the Finnish template: its titles and note are read below
        results = write_templates(master, tmp_path / "t", ledger)
    for r in results:
        if r.path is None:
            continue
        wb = load_workbook(r.path)
        ws = wb[T.FINANCE_SHEET]
        titles = {c.value: c.column for c in ws[5] if c.value}
        actual_col = titles[master.period.column_title(Column.ACTUAL)]
        forecast_col = titles[master.period.column_title(Column.FORECAST)]
        seen = 0
        for row, code, label in template_lines(ws):
            if label == Line.MARGIN.value or master.children(code):
                continue
            actual = ws.cell(row, actual_col)
            assert actual.value == ledger.actual(code, Line(label)), (r.path.name, row)
            assert actual.protection.locked
            assert not ws.cell(row, forecast_col).protection.locked
            seen += 1
        assert seen >= 2
        assert "kirjanpidosta" in str(ws.cell(3, 1).value)
        stamp = {row[0].value: row[1].value for row in wb[T.STAMP_SHEET].iter_rows()}
        assert stamp["ledger"] == ledger.source.sha256


def test_cli_templates_with_actuals_prints_ledger_problems(tmp_path: Path) -> None:
    ledger = tmp_path / "kp.csv"
    write_rows(ledger, [("64110000", "400000", "1", "5,00"), ("64990000", "400000", "2", "7,00")])
    result = CliRunner().invoke(
        main,
        [
            "--lang",
            "en",
            "templates",
            "-o",
            str(tmp_path / "t"),
            "--actuals",
            str(ledger),
            "--master",
            str(TEMPLATES),
        ],
    )
    # the templates are written, but the exit code says the ledger has errors (as consolidate)
    assert result.exit_code == 1, result.output
    line = next(ln for ln in result.output.splitlines() if "(ledger-unknown-cost-centre)" in ln)
    assert line.startswith("kp.csv: error [64990000]: cost centre 64990000 is not in")
    assert "the ledger has errors (above)" in result.output
    assert len(list((tmp_path / "t").glob("*.xlsx"))) == 4


# --- the report ---------------------------------------------------------------------------


def test_sources_sheet_lists_the_ledger(tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    c = consolidate(INPUTS, TEMPLATES, out, actuals=LEDGER)
    assert c.ledger is not None
    ws = load_workbook(out)["Lähteet"]
    texts = [[cell.value for cell in row] for row in ws.iter_rows()]
    start = next(i for i, row in enumerate(texts) if row[0] == "Kirjanpito (toteumat)")
    assert texts[start + 2][0] == "kirjanpito_2023.csv"
    assert texts[start + 2][2].replace(" ", "") == c.ledger.source.sha256  # in groups of eight
    assert texts[start + 2][3] == LEDGER.stat().st_size
    assert f"{c.ledger.source.rows} riviä" in texts[start + 2][1]
    totals = {row[0]: row[1] for row in texts[start + 4 : start + 9]}
    assert totals["TOIMINTATUOTOT"] == pytest.approx(
        c.amount("64000000", Line.INCOME, Column.ACTUAL)
    )
    assert totals["TOIMINTAKULUT"] == pytest.approx(c.amount("64000000", Line.COSTS, Column.ACTUAL))
    assert totals["Rakenteen ulkopuoliset kustannuspaikat"] == 0


def test_report_without_ledger_has_no_ledger_section(sample_report: tuple[object, Path]) -> None:
    ws = load_workbook(sample_report[1])["Lähteet"]
    assert "Kirjanpito (toteumat)" not in [row[0].value for row in ws.iter_rows()]


def test_ledger_actuals_replace_typed_ones_for_departments_that_did_not_send(
    tmp_path: Path, master: Master
) -> None:
    only = tmp_path / "in"
    only.mkdir()
    first = sorted(INPUTS.glob("*.xlsx"))[0]
    shutil.copy(first, only / first.name)
    c = consolidate(only, TEMPLATES, tmp_path / "r.xlsx", actuals=LEDGER)
    # 64500000 sent nothing: its actuals still come from the books, its forecast is 0
    assert c.amount("64500000", Line.COSTS, Column.ACTUAL) == pytest.approx(
        sum(
            v
            for (code, line), v in sample_actuals().items()
            if code.startswith("645") and line is Line.COSTS
        )
    )
    assert c.amount("64500000", Line.COSTS, Column.FORECAST) == 0
    assert replace(c, ledger=None).ledger is None


def test_reversed_signs_are_one_finding(tmp_path: Path) -> None:
    folder = master_with(tmp_path, REPORT_SIGNS + 'month = "Kuukausi"\n')
    c = check(INPUTS, load_master(folder), actuals=LEDGER)  # a debit-credit export read as "report"
    (f,) = [f for f in c.findings if f.rule is Rule.LEDGER_SIGNS]
    assert f.severity is Severity.ERROR and f.file == "kirjanpito_2023.csv"
    assert (
        "OPERATING REVENUE sum to -14,858,634 and its OPERATING EXPENSES to 37,805,630" in f.text()
    )
    fi = f.text("fi").replace("\xa0", " ")
    assert "TOIMINTATUOTOT ovat yhteensä -14 858 634 ja TOIMINTAKULUT 37 805 630" in fi
    assert 'set [ledger] signs = "debit-credit"' in f.text()
    assert not [
        f
        for f in check(INPUTS, load_master(TEMPLATES), actuals=LEDGER).findings
        if f.rule is Rule.LEDGER_SIGNS
    ]


def test_codes_with_names_and_month_names(tmp_path: Path, master: Master) -> None:
    rows = [
        ("64110000 HALLINTOPALVELUT", "4300 Palvelujen ostot", "kesäkuu", "10,00"),
        ("64110000", "400000", "Heinäkuu 2023", "20,00"),  # after the period
        ("64110000", "400000", "tammi", "40,00"),
    ]
    ledger = load_ledger(write_rows(tmp_path / "l.csv", rows), master)
    assert ledger.actual("64110000", Line.COSTS) == -50.0
    assert ledger.unknown_codes == () and ledger.unknown_accounts == ()


def test_ledger_template_asks_only_for_forecasts(tmp_path: Path, master: Master) -> None:
    """The live checks count the forecasts only: a fresh template with the ledger's actuals says
    'fill in the yellow cells', not that every row lacks its forecast; LibreOffice agrees."""
    from kemixl.i18n import _
    from kemixl.templates import checks as K

    from .libreoffice import compare_cached_to_recalculated, recalculate, require_libreoffice

    require_libreoffice()
    ledger = load_ledger(LEDGER, master)
    path = next(r.path for r in write_templates(master, tmp_path / "t", ledger) if r.path)
    report = compare_cached_to_recalculated(path, tmp_path / "lo")
    assert report.formula_count > 0 and report.mismatches == []
    ws = load_workbook(recalculate(path, tmp_path / "lo2"), data_only=True)[T.sheet_names().finance]
    assert ws.cell(K.SUMMARY_ROW + 1, 1).value == _(K.SUMMARY_EMPTY)
    hints = [ws.cell(r, K.CHECK_COL + 1).value for r in range(6, ws.max_row + 1)]
    assert not any(hints)


# --- no figure dropped or invented in silence (issue 23) --------------------------------


def run_cli(*args: object) -> Result:
    return CliRunner().invoke(main, ["--lang", "en", *map(str, args)])


def sample_with(tmp_path: Path, *extra: str, name: str = "kirjanpito.csv") -> Path:
    """The bundled ledger with rows appended (in its own dialect: cp1252, semicolons)."""
    path = tmp_path / name
    text = LEDGER.read_bytes().decode("cp1252")
    path.write_bytes((text + "".join(row + "\r\n" for row in extra)).encode("cp1252"))
    return path


def test_a_ledger_of_another_year_is_an_error(tmp_path: Path, master: Master) -> None:
    """2022-03 in a 2023 report: every row of another year, one finding with their count and
    sum; templates are written (their actuals 0) but the exit code is 1."""
    rows = [
        ("64110000", "400000", "2022-03", "10,00"),
        ("64120000", "300000", "2022-04", "-2,50"),
        ("64130000", "450000", "3/2022", "100,00"),
    ]
    ledger = load_ledger(write_rows(tmp_path / "l.csv", rows), master)
    assert ledger.actuals == {} and ledger.other_years is not None
    assert (ledger.other_years.rows, ledger.other_years.total) == (3, -107.5)
    findings = list(ledger_findings(master, ledger, ()))
    (wrong,) = [f for f in findings if f.rule is Rule.LEDGER_WRONG_YEAR]
    assert (wrong.severity, wrong.file, wrong.submitted) == (Severity.ERROR, "l.csv", -107.5)
    assert (
        "3 ledger rows (first on line 2) are dated in 2022, not in the report's year 2023: "
        "their sum -107.50 is not in the report; export the ledger of 2023" in wrong.text()
    )
    (months,) = [f for f in findings if f.rule is Rule.LEDGER_MISSING_MONTH]
    assert months.severity is Severity.ERROR
    assert "no postings for any month of the period 1–6/2023" in months.text()
    result = run_cli(
        "templates", "-o", tmp_path / "t", "--actuals", tmp_path / "l.csv", "--master", TEMPLATES
    )
    assert result.exit_code == 1, result.output
    line = next(ln for ln in result.output.splitlines() if ln.endswith("(ledger-wrong-year)"))
    assert line.startswith("l.csv: error: 3 ledger rows")
    assert len(list((tmp_path / "t").glob("*.xlsx"))) == 4


def test_one_row_of_another_year_is_an_error(tmp_path: Path) -> None:
    path = sample_with(tmp_path, "64110000;400000;Palkat;2022-12;9001;Viime vuosi;1234,50")
    c = check(INPUTS, load_master(TEMPLATES), actuals=path)
    (f,) = data_problems(c.findings)
    assert (f.rule, f.severity, f.submitted) == (Rule.LEDGER_WRONG_YEAR, Severity.ERROR, -1234.5)
    last = path.read_bytes().count(b"\n")  # the row appended: the file's last line
    assert f"1 ledger row (first on line {last}) is dated in 2022" in f.text()
    # the report's actuals stay the period's
    assert c.amount("64110000", Line.COSTS, Column.ACTUAL) == pytest.approx(
        sample_actuals()[("64110000", Line.COSTS)]
    )
    fi = f.text("fi")
    assert "2022" in fi and english_words(fi) == set(), fi


def test_an_xlsx_ledgers_other_year_names_the_month_cell(tmp_path: Path, master: Master) -> None:
    rows: list[list[object]] = [[64110000, 400000, f"2023-{m:02d}", 5] for m in range(1, 7)]
    path = xlsx_ledger(tmp_path / "kp.xlsx", [*rows, [64110000, 400000, "2021-06", 7]])
    (f,) = [
        f
        for f in ledger_findings(master, load_ledger(path, master), ())
        if f.rule is Rule.LEDGER_WRONG_YEAR
    ]
    assert (f.file, f.sheet, f.cell) == ("kp.xlsx", "Kirjaukset", "C8")


def test_a_ledger_with_a_header_and_no_rows_is_refused(tmp_path: Path, master: Master) -> None:
    empty = write_rows(tmp_path / "l.csv", [])
    with pytest.raises(LedgerError, match=r"^l\.csv: has no rows under its header"):
        load_ledger(empty, master)
    blank = write_rows(tmp_path / "b.csv", [("", "", "", "")] * 3)  # blank lines only
    with pytest.raises(LedgerError, match="has no rows under its header"):
        load_ledger(blank, master)
    result = run_cli("templates", "-o", tmp_path / "t", "--actuals", empty, "--master", TEMPLATES)
    assert result.exit_code == 2 and "has no rows under its header" in result.output
    assert not (tmp_path / "t").exists()  # nothing locked in


def august_master(tmp_path: Path) -> Path:
    folder = master_with(tmp_path)
    toml = folder / "master.toml"
    text = toml.read_text(encoding="utf-8").replace("last_month = 6", "last_month = 8")
    toml.write_text(text.replace("TAMMI-KESÄKUUN", "TAMMI-ELOKUUN"), encoding="utf-8")
    return folder


def test_a_ledger_that_stops_before_the_periods_end(tmp_path: Path) -> None:
    """The 1-6 export given to the 1-8 templates: July (and the sample's few July rows are not
    all of it) is a warning, August, the last month, an error; said before the templates."""
    folder = august_master(tmp_path)
    only_june = tmp_path / "kp.csv"
    text = LEDGER.read_bytes().decode("cp1252")
    only_june.write_bytes(
        "".join(line for line in text.splitlines(keepends=True) if ";2023-07;" not in line).encode(
            "cp1252"
        )
    )
    master = load_master(folder)
    ledger = load_ledger(only_june, master)
    assert ledger.missing_months == (7, 8)
    found = {f.text(): f.severity for f in ledger_findings(master, ledger, ())}
    assert found == {
        "the ledger has no postings for 7/2023, a month of the period 1–8/2023; check that the "
        "export covers the whole period": Severity.WARNING,
        "the ledger has no postings for 8/2023, the last month of the period 1–8/2023: the "
        "export seems to end before the period does, and its actuals are not those of "
        "1–8/2023; export the ledger again, up to the end of 8/2023": Severity.ERROR,
    }
    result = run_cli("templates", "-o", tmp_path / "t", "--actuals", only_june, "--master", folder)
    assert result.exit_code == 1, result.output
    out = result.output
    lines = [ln for ln in out.splitlines() if ln.endswith("(ledger-missing-month)")]
    assert any(
        ln.startswith("kp.csv: warning: the ledger has no postings for 7/2023") for ln in lines
    )
    assert any(
        ln.startswith("kp.csv: error: the ledger has no postings for 8/2023") for ln in lines
    )
    assert out.index("ledger-missing-month") < out.index(": wrote ")
    # with July's rows (the sample's few), only August is missing
    ledger = load_ledger(LEDGER, master)
    assert ledger.missing_months == (8,)


def test_a_ledger_without_a_month_column_cannot_tell_missing_months(tmp_path: Path) -> None:
    """A per-row export without a month column: every row counts, nothing can be said of months."""
    master = load_master(master_with(tmp_path, '[ledger]\nsigns = "debit-credit"\n'))
    path = write_rows(
        tmp_path / "l.csv", [("64110000", "400000", "10,00")], ("Kustannuspaikka", "Tili", "Summa")
    )
    ledger = load_ledger(path, master)
    assert ledger.missing_months == () and ledger.other_years is None
    assert not [
        f
        for f in ledger_findings(master, ledger, ())
        if f.rule in (Rule.LEDGER_MISSING_MONTH, Rule.LEDGER_WRONG_YEAR)
    ]


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("7.464", r"ambiguous-amount: Summa: '7\.464' could be 7,464 € or 7\.464 €"),
        ("7,464", r"ambiguous-amount: Summa: '7,464' could be 7,464 € or 7\.464 €"),
        ("inf", r"text-in-number-cell: Summa: 'inf' is text where a number belongs"),
        ("1e300", r"text-in-number-cell: Summa: '1e300' is text where a number belongs"),
        ("NaN", r"text-in-number-cell: Summa: 'NaN' is text where a number belongs"),
        (
            "5000000000000",
            r"text-in-number-cell: Summa: '5000000000000' is beyond 1,000,000,000,000 €",
        ),
    ],
)
def test_csv_amounts_follow_the_submissions_rules(
    tmp_path: Path, master: Master, amount: str, message: str
) -> None:
    """A decimal-comma export: 7.464 is no longer read as 7 464 €, nor inf or 1e300 as numbers."""
    rows = [("64110000", "400000", "2023-03", "5,50"), ("64110000", "400000", "2023-04", amount)]
    path = write_rows(tmp_path / "l.csv", rows)
    with pytest.raises(LedgerError, match=rf"^l\.csv:3: {message}"):
        load_ledger(path, master)
    result = run_cli("check", INPUTS, "--actuals", path, "--master", TEMPLATES)
    assert result.exit_code == 2 and result.output.count("\n") == 1, result.output
    assert "l.csv:3: " in result.output and "Traceback" not in result.output


def test_csv_amounts_that_are_sure_still_read(tmp_path: Path, master: Master) -> None:
    rows = [
        ("64110000", "400000", "2023-03", "7.464,50"),  # grouped thousands and a decimal comma
        ("64110000", "400000", "2023-03", "1 234,567"),  # spaces group: the comma is decimal
        ("64110000", "400000", "2023-03", "−0,464"),  # not ambiguous: no thousands under 1
        ("64110000", "400000", "2023-03", "12"),
    ]
    ledger = load_ledger(write_rows(tmp_path / "l.csv", rows), master)
    assert ledger.actual("64110000", Line.COSTS) == pytest.approx(-(7464.5 + 1234.567 - 0.464 + 12))


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("7.464", r"ambiguous-amount: Summa: '7\.464' could be"),
        ("7,464", r"ambiguous-amount: Summa: '7,464' could be"),
        (True, "text-in-number-cell: Summa: TRUE is not an amount in euros"),
        (1e300, "text-in-number-cell: Summa: 1e\\+300 is beyond 1,000,000,000,000 €"),
        (5e12, "text-in-number-cell: Summa: 5e\\+12 is beyond"),
        ("abc", "text-in-number-cell: Summa: 'abc' is text where a number belongs"),
    ],
)
def test_xlsx_amounts_follow_the_submissions_rules_and_name_their_cell(
    tmp_path: Path, master: Master, cell: object, message: str
) -> None:
    path = xlsx_ledger(
        tmp_path / "kp.xlsx", [[64110000, 400000, 3, 5.5], [64110000, 400000, 4, cell]]
    )
    with pytest.raises(LedgerError, match=rf"^kp\.xlsx:Kirjaukset!D3: {message}"):
        load_ledger(path, master)


def test_a_true_cell_beside_a_one_is_still_refused(tmp_path: Path, master: Master) -> None:
    """TRUE and 1 are one value to a hash table: the boolean must not pass as 1 €."""
    path = xlsx_ledger(
        tmp_path / "kp.xlsx", [[64110000, 400000, 3, 1], [64110000, 400000, 4, True]]
    )
    with pytest.raises(LedgerError, match=r"kp\.xlsx:Kirjaukset!D3: text-in-number-cell"):
        load_ledger(path, master)


@pytest.mark.parametrize(
    ("row", "place"),
    [
        ([64110000, 400000, "kevät", 5], "C2: the month (Kuukausi) 'kevät' is not a month"),
        ([64110000, 400000, 3, None], "D2: the amount (Summa) is blank"),
        ([64110000, 400000, 3, "x"], "D2: text-in-number-cell"),
    ],
)
def test_xlsx_messages_name_the_cell_of_the_problem(
    tmp_path: Path, master: Master, row: list[object], place: str
) -> None:
    path = xlsx_ledger(tmp_path / "kp.xlsx", [row])
    with pytest.raises(LedgerError) as err:
        load_ledger(path, master)
    assert str(err.value).startswith(f"kp.xlsx:Kirjaukset!{place}"), str(err.value)


def test_an_unknown_account_in_an_xlsx_ledger_names_its_cell(
    tmp_path: Path, master: Master
) -> None:
    rows: list[list[object]] = [[64110000, 400000, m, 5] for m in range(1, 7)]
    path = xlsx_ledger(tmp_path / "kp.xlsx", [*rows, [64110000, 999900, 6, 7]])
    (f,) = [
        f
        for f in ledger_findings(master, load_ledger(path, master), ())
        if f.rule is Rule.LEDGER_UNKNOWN_ACCOUNT
    ]
    assert (f.sheet, f.cell) == ("Kirjaukset", "B8")


@pytest.mark.parametrize("twice", ["Summa", "Kustannuspaikka"])
def test_duplicate_column_titles_are_refused_in_xlsx_and_csv_alike(
    tmp_path: Path, master: Master, twice: str
) -> None:
    header = [*HEADER, twice]
    xlsx = xlsx_ledger(tmp_path / "kp.xlsx", [[64110000, 400000, 3, 5, 6]], header)
    with pytest.raises(LedgerError) as xerr:
        load_ledger(xlsx, master)
    csv_path = write_rows(
        tmp_path / "kp.csv", [("64110000", "400000", "3", "5", "6")], tuple(header)
    )
    with pytest.raises(LedgerError) as cerr:
        load_ledger(csv_path, master)
    reason = f"the header names the column(s) {twice.lower()} more than once; keep one of each"
    assert str(xerr.value) == f"kp.xlsx:Kirjaukset!E1: {reason}"
    assert str(cerr.value) == f"kp.csv:1: {reason}"


def test_templates_exit_1_after_ledger_errors_and_0_on_the_sample(tmp_path: Path) -> None:
    bad = sample_with(
        tmp_path,
        "64990000;400000;Palkat;2023-03;9001;Väärä kp;1000,00",
        "64110000;999900;Tuntematon;2023-05;9005;Uusi tili;40,00",
    )
    result = run_cli("templates", "-o", tmp_path / "t", "--actuals", bad, "--master", TEMPLATES)
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert any(
        ln.startswith("kirjanpito.csv: error [64990000]: ")
        and ln.endswith("(ledger-unknown-cost-centre)")
        for ln in lines
    )
    assert any(
        ln.startswith("kirjanpito.csv: error: ") and ln.endswith("(ledger-unknown-account)")
        for ln in lines
    )
    assert len(list((tmp_path / "t").glob("*.xlsx"))) == 4  # written all the same
    good = run_cli("templates", "-o", tmp_path / "g", "--actuals", LEDGER, "--master", TEMPLATES)
    assert good.exit_code == 0, good.output
    assert "ledger-" not in good.output and "the ledger has errors" not in good.output
