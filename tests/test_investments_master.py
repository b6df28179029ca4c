"""investments.csv: the investment part's projects in the master data, validated like the rest
(file:line), Muutettu TA from amendments.csv's project rows, earlier reports in previous.csv,
the fingerprint and the one-workbook form."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kemixl.i18n import using
from kemixl.master import MasterError, folder_to_workbook, load_master, workbook_to_folder
from kemixl.model import EXPENDITURE, INCOME, NET, Binding, Column, Master

from .conftest import TEMPLATES

HEADER = "id,name,department,group,ta,ta_income,ta_amended,tp_prev,binding\n"


def _problems(folder: Path) -> list[str]:
    with pytest.raises(MasterError) as info:
        load_master(folder)
    return [p.text("en") for p in info.value.problems]


def _rows() -> list[dict[str, str]]:
    with (TEMPLATES / "investments.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_the_sample_projects_load_as_written(master: Master) -> None:
    """Every row of the sample's investments.csv, read independently here: its amounts, its
    binding (blank: the group where there is one), its Muutettu TA (blank: TA)."""
    rows = _rows()
    assert [p.id for p in master.investments.projects] == [r["id"] for r in rows]
    for r in rows:
        p = master.investments.project(r["id"])
        assert p is not None and p.department == r["department"] and p.group == r["group"]
        ta = float(r["ta"])
        assert p.amount(EXPENDITURE, Column.TA) == ta
        assert p.amount(EXPENDITURE, Column.TA_AMENDED) == float(r["ta_amended"] or ta)
        assert p.amount(INCOME, Column.TA) == float(r["ta_income"] or 0)
        assert p.amount(INCOME, Column.TA_AMENDED) == float(r["ta_income"] or 0)
        assert p.amount(NET, Column.TA) == ta + float(r["ta_income"] or 0)
        assert p.amount(EXPENDITURE, Column.TP_PREV) == float(r["tp_prev"] or 0)
        assert p.binding is Binding(r["binding"])
    assert {p.department for p in master.investments.projects} <= {
        d.code for d in master.departments
    }


@pytest.mark.parametrize(
    ("rows", "says"),
    [
        (
            "I1,Uusi,64990000,,-1000,,,,\n",
            "investments.csv:2: department 64990000 is not among the cost centres",
        ),
        (
            "I1,Uusi,64110000,,-1000,,,,\n",
            "investments.csv:2: 64110000 is not a division (a cost centre right under the "
            "city); give the division's code 64100000",
        ),
        (
            "I1,Uusi,64100000,,-1000,,,,\ni1,Toinen,64100000,,-1000,,,,\n",
            "investments.csv:3: duplicate project i1 (first on line 2)",
        ),
        ("I1,Uusi,64100000,,-1000,,,\n", "investments.csv:2: this row has 8 fields"),
        ("Koulu,Uusi,64100000,,-1000,,,,\n", "investments.csv:2: project id 'Koulu' is not an id"),
        (
            "I1,Uusi,64100000,R,-1000,,,,both\n",
            "investments.csv:2: binding 'both' must be project (project, hanke, projekti, "
            "projekt) or group (group, ryhmä, hankeryhmä, grupp, projektgrupp)",
        ),
        ("I1,Uusi,64100000,,-1000,,,,group\n", "investments.csv:2: project I1 is bound as a group"),
        (
            "I1,Uusi,64100000,,1000,,,,\n",
            "investments.csv:2: column ta: 1,000 is positive, but expenditure is negative",
        ),
        (
            "I1,Uusi,64100000,,-1000,-50,,,\n",
            "investments.csv:2: column ta_income: -50 is negative, but income",
        ),
        ('I1,Uusi,64100000,,"-106,571",,,,\n', "investments.csv:2: column ta: '-106,571' could be"),
        ("I1,,64100000,,-1000,,,,\n", "investments.csv:2: project I1 has no name"),
    ],
)
def test_problems_name_the_file_and_line(master_copy: Path, rows: str, says: str) -> None:
    (master_copy / "investments.csv").write_text(HEADER + rows, encoding="utf-8")
    problems = _problems(master_copy)
    assert any(says in p for p in problems), problems


def test_a_refused_cost_centre_is_not_reported_again_by_the_projects(master_copy: Path) -> None:
    centres = master_copy / "costcentres.csv"
    text = centres.read_text(encoding="utf-8").replace(
        "64100000,64000000,KESKUSVIRASTO", '64100000,64000000,KESKUS,VIRASTO"', 1
    )
    centres.write_text(text, encoding="utf-8")
    problems = _problems(master_copy)
    assert not [p for p in problems if "investments.csv" in p], problems


@pytest.mark.parametrize(
    ("word", "binding"),
    [("Projekti", Binding.PROJECT), ("hanke", Binding.PROJECT), ("Hankeryhmä", Binding.GROUP)],
)
def test_binding_in_the_finance_officers_words(
    master_copy: Path, word: str, binding: Binding
) -> None:
    """A Finnish word for a project or a group is the binding level, in any case."""
    rows = f"I1,Uusi,64100000,Koulut,-1000,,,,{word}\n"
    (master_copy / "investments.csv").write_text(HEADER + rows, encoding="utf-8")
    (project,) = load_master(master_copy).investments.projects
    assert project.binding is binding


def test_the_fingerprint_covers_the_projects_and_not_their_spelling(master_copy: Path) -> None:
    before = load_master(master_copy)
    path = master_copy / "investments.csv"
    text = path.read_text(encoding="utf-8")
    # the same content saved by Finnish Excel: semicolons, CRLF, Windows-1252, a BOM-less file
    rows = list(csv.reader(text.splitlines()))
    path.write_bytes(
        "\r\n".join(";".join(r) for r in rows).encode("cp1252", errors="strict") + b"\r\n"
    )
    assert load_master(master_copy).fingerprint == before.fingerprint
    path.write_text(text.replace("-420000", "-430000", 1), encoding="utf-8")
    changed = load_master(master_copy)
    assert changed.fingerprint != before.fingerprint
    assert dict(changed.files)["investments.csv"] != dict(before.files)["investments.csv"]
    assert {k for k, v in changed.files if dict(before.files)[k] != v} == {"investments.csv"}
    path.unlink()
    without = load_master(master_copy)
    assert without.investments.projects == () and "investments.csv" not in dict(without.files)


AMENDMENTS = "date,decision,code,line,amount,project\n"


def test_amendments_name_a_project(master_copy: Path) -> None:
    """A blank ta_amended is TA plus the project's amendments decided by the period's end;
    a given one must agree; the income has its own."""
    (master_copy / "amendments.csv").write_text(
        AMENDMENTS
        + "2023-03-20,Kvalt 20.3.2023 § 12,,menot,-50000,I2301\n"
        + "20.4.2023,Kvalt 20.4.2023 § 30,64300000,tulot,100000,I2320\n"
        + "2023-08-20,Kvalt 20.8.2023 § 50,,,-99000,I2301\n"  # after the period
        + "2023-05-10,Kvalt 10.5.2023 § 40,,MENOT,-400000,I2332\n",
        encoding="utf-8",
    )
    master = load_master(master_copy)
    inv = master.investments
    assert inv.project("I2301").amount(EXPENDITURE, Column.TA_AMENDED) == -470000  # type: ignore[union-attr]
    assert inv.project("I2320").amount(INCOME, Column.TA_AMENDED) == 600000  # type: ignore[union-attr]
    assert inv.project("I2320").amount(EXPENDITURE, Column.TA_AMENDED) == -2500000  # type: ignore[union-attr]
    assert [a.project for a in master.amendments] == ["I2301", "I2320", "I2332", "I2301"]
    base = load_master(TEMPLATES)
    for (code, line), amounts in base.figures.items():  # cost centres untouched
        assert master.figures[(code, line)] == amounts


def test_a_given_ta_amended_must_agree_with_the_amendments(master_copy: Path) -> None:
    (master_copy / "amendments.csv").write_text(
        AMENDMENTS + "2023-05-10,Kvalt § 40,,menot,-300000,I2332\n", encoding="utf-8"
    )
    problems = _problems(master_copy)
    line = next(i for i, r in enumerate(_rows(), start=2) if r["id"] == "I2332")
    assert any(
        f"investments.csv:{line}: ta_amended -3" in p and "of project I2332 disagrees" in p
        for p in problems
    ), problems


@pytest.mark.parametrize(
    ("row", "says"),
    [
        ("2023-03-20,§ 1,,menot,-1,I9999\n", "amendments.csv:2: project I9999 is not in"),
        (
            "2023-03-20,§ 1,64500000,menot,-1,I2301\n",
            "amendments.csv:2: cost centre 64500000 is not the division of project I2301",
        ),
        (
            "2023-03-20,§ 1,,TOIMINTAKULUT,-1,I2301\n",
            "amendments.csv:2: line 'TOIMINTAKULUT' of project I2301 must be menot",
        ),
        # a project's amount is read as every amendment's (master.problems.read_number)
        ("2023-03-20,§ 1,,menot,x,I2301\n", "amendments.csv:2: column amount: 'x' is not a number"),
        (
            "2023-03-20,§ 1,,menot,1.500,I2301\n",
            "amendments.csv:2: column amount: '1.500' could be",
        ),
    ],
)
def test_a_project_amendment_problem_names_its_line(master_copy: Path, row: str, says: str) -> None:
    (master_copy / "amendments.csv").write_text(AMENDMENTS + row, encoding="utf-8")
    problems = _problems(master_copy)
    assert any(says in p for p in problems), problems


@pytest.mark.parametrize(
    ("edit", "says"),
    [
        (("-420000,,,-95000,group", "-420000,,,-95000,both"), "binding 'both' must be"),
        (
            ("I2301,Talous- ja henkilöstöjärjestelmän uusiminen,64100000", "I2301,X,64110000"),
            "64110000 is not a division",
        ),
        (("-420000,,,-95000,group", "-420000,,,-95000,group,x"), "this row has"),
    ],
)
def test_a_refused_project_is_not_reported_again_by_amendments_and_previous(
    master_copy: Path, edit: tuple[str, str], says: str
) -> None:
    """A project whose own row is refused is in investments.csv all the same: the rows that
    name it say nothing more (saying it is not there sent the user looking for a missing row)."""
    path = master_copy / "investments.csv"
    text = path.read_text(encoding="utf-8")
    assert edit[0] in text
    path.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    (master_copy / "amendments.csv").write_text(
        AMENDMENTS + "2023-03-20,§ 1,,menot,-1000,I2301\n2023-03-20,§ 1,,menot,-1,I9999\n",
        encoding="utf-8",
    )
    toml = master_copy / "master.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace("last_month = 6", "last_month = 8"),
        encoding="utf-8",
    )
    (master_copy / "previous.csv").write_text(
        "period,code,line,ta_amended,actual,forecast,project\n"
        "01-06/2023,,MENOT,-420000,-100000,-420000,I2301\n"
        "01-06/2023,,MENOT,0,0,0,I9999\n",
        encoding="utf-8",
    )
    problems = _problems(master_copy)
    assert any("investments.csv:2: " in p and says in p for p in problems), problems
    assert not any("I2301 is not in" in p for p in problems), problems
    assert any("amendments.csv:3: project I9999 is not in" in p for p in problems), problems
    assert any("previous.csv:3: project I9999 is not in" in p for p in problems), problems


def test_previous_csv_carries_the_projects_rows(master_copy: Path) -> None:
    (master_copy / "master.toml").write_text(
        (master_copy / "master.toml")
        .read_text(encoding="utf-8")
        .replace("last_month = 6", "last_month = 8"),
        encoding="utf-8",
    )
    (master_copy / "previous.csv").write_text(
        "period,code,line,ta_amended,actual,forecast,project\n"
        "01-06/2023,64110000,TOIMINTATUOTOT,441104,106571,400000,\n"
        "01-06/2023,64300000,MENOT,-2500000,-1350000,-2650000,I2320\n"
        "01-06/2023,,TULOT,500000,250000,650000,I2320\n",
        encoding="utf-8",
    )
    master = load_master(master_copy)
    assert [(f.project, f.line, f.forecast) for f in master.investments.previous] == [
        ("I2320", EXPENDITURE, -2650000),
        ("I2320", INCOME, 650000),
    ]
    assert [f.code for f in master.previous] == ["64110000"]
    with (master_copy / "previous.csv").open("a", encoding="utf-8") as f:
        f.write("01-06/2023,,MENOT,0,0,0,I9999\n01-06/2023,,KULUT,0,0,0,I2320\n")
    problems = _problems(master_copy)
    assert any("previous.csv:5: project I9999 is not in investments.csv" in p for p in problems)
    assert any("previous.csv:6: line 'KULUT' of project I2320" in p for p in problems)


def test_the_master_workbook_carries_the_projects(tmp_path: Path, master: Master) -> None:
    book = tmp_path / "master.xlsx"
    folder_to_workbook(TEMPLATES, book)
    loaded = load_master(book)
    assert loaded.investments == master.investments
    assert loaded.fingerprint == master.fingerprint


@pytest.mark.parametrize("language", ["fi", "sv", "en", "fi+sv"])
def test_the_workbook_round_trip_keeps_project_rows(
    master_copy: Path, tmp_path: Path, language: str
) -> None:
    """Folder -> workbook (titled in the language: 'Investoinnit', 'TA 2023, tulot', 'Hanke')
    -> folder: the projects, their amendments and earlier reports, and the fingerprint."""
    (master_copy / "master.toml").write_text(
        (master_copy / "master.toml")
        .read_text(encoding="utf-8")
        .replace("last_month = 6", "last_month = 8"),
        encoding="utf-8",
    )
    (master_copy / "amendments.csv").write_text(
        AMENDMENTS
        + "2023-03-20,Kvalt 20.3.2023 § 12,,menot,-50000,I2301\n"
        + "20.4.2023,Kvalt 20.4.2023 § 30,64300000,tulot,100000,I2320\n",
        encoding="utf-8",
    )
    (master_copy / "previous.csv").write_text(
        "period,code,line,ta_amended,actual,forecast,project\n"
        "01-06/2023,64110000,TOIMINTATUOTOT,441104,106571,400000,\n"
        "01-06/2023,64300000,MENOT,-2500000,-1350000,-2650000,I2320\n",
        encoding="utf-8",
    )
    master = load_master(master_copy)
    book = tmp_path / "perustiedot.xlsx"
    with using(language):
        folder_to_workbook(master_copy, book)
    sheets = load_workbook(book, read_only=True).sheetnames
    assert {"fi": "Investoinnit", "sv": "Investeringar", "en": "Investments"}[
        language[:2]
    ] in sheets[-3]
    loaded = load_master(book)
    assert loaded.investments == master.investments
    assert loaded.amendments == master.amendments
    assert loaded.fingerprint == master.fingerprint
    back = tmp_path / "back"
    workbook_to_folder(book, back)
    assert load_master(back).fingerprint == master.fingerprint
