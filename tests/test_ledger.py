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
from click.testing import CliRunner
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
from kemixl.synth import ledger_rows, write_ledger
from kemixl.templates.fill import fill_template
from kemixl.templates.writer import write_templates

from .builders import project_actuals, project_inputs, sample_reported, template_lines
from .conftest import INPUTS, ROOT, TEMPLATES
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
    assert not [f for f in c.findings if f.severity is not Severity.NOTE]
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
            r"l\.csv:2: the amount 'abc' is not a number",
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
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Kirjaukset"
    ws.append(list(HEADER))
    ws.append([64110000, 400000, 1, 5])
    ws.append([64990000, 400000, 2, 7])
    path = tmp_path / "kp.xlsx"
    wb.save(path)
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
    assert result.exit_code == 0, result.output
    assert "kp.csv: error: ledger-unknown-cost-centre [64990000]" in result.output
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
