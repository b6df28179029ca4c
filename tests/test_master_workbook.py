"""The master as one .xlsx workbook: same validation as the CSV folder, and a round trip."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from kemixl.cli import main
from kemixl.findings import Rule
from kemixl.i18n import using
from kemixl.master import MasterError, folder_to_workbook, load_master, workbook_to_folder
from kemixl.model import Master
from kemixl.pipeline import check
from kemixl.synth import synthesize

from .conftest import INPUTS, TEMPLATES, data_problems, seed_overruns


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """These tests read the messages' English words (fi/sv: tests/test_messages.py)."""
    with using("en"):
        yield


@pytest.fixture
def book(tmp_path: Path) -> Path:
    path = tmp_path / "master.xlsx"
    folder_to_workbook(TEMPLATES, path)
    return path


def _problems(path: Path) -> list[str]:
    with pytest.raises(MasterError) as info:
        load_master(path)
    return [str(p) for p in info.value.problems]


def test_the_workbook_loads_equal_to_the_folder(book: Path, master: Master) -> None:
    assert load_master(book) == master  # every figure, text, setting; and the fingerprint
    assert load_workbook(book, read_only=True).sheetnames == [
        "Instructions",
        "Settings",
        "Cost centres",
        "Budget figures",
        "Central items",
        "KPIs",
        "Strategy",
        "SDGs",
        "Chart of accounts",  # the sample's chart of accounts, for --actuals
        "Investments",  # the sample's (synthetic) investment projects
    ]


def test_the_workbook_round_trips_to_a_folder(book: Path, tmp_path: Path, master: Master) -> None:
    workbook_to_folder(book, tmp_path / "back")
    assert load_master(tmp_path / "back") == master


def test_another_city_round_trips(tmp_path: Path) -> None:
    org = synthesize(tmp_path / "org", departments=2, areas=3, seed=5)
    folder_to_workbook(org.templates, tmp_path / "m.xlsx")
    assert load_master(tmp_path / "m.xlsx") == load_master(org.templates)


def test_templates_from_the_workbook_are_fresh_for_the_folder(book: Path) -> None:
    """The bundled inputs were made from the folder; the workbook is the same master."""
    c = check(INPUTS, load_master(book))
    assert not data_problems(c.findings)
    assert not any(f.rule is Rule.STALE_TEMPLATE for f in c.findings)


def test_cli_takes_the_workbook_as_master(book: Path) -> None:
    result = CliRunner().invoke(
        main, ["--lang", "en", "check", str(INPUTS), "--master", str(book), "-q"]
    )
    assert result.exit_code == 0, result.output
    warnings = len(seed_overruns())  # binding-overrun: the seed's own forecasts
    assert f"0 errors, {warnings} warnings" in result.output


def _edit(path: Path, sheet: str, cell: str, value: object) -> None:
    wb = load_workbook(path)
    wb[sheet][cell] = value
    wb.save(path)


def test_a_problem_names_the_workbook_sheet_and_row(book: Path) -> None:
    _edit(book, "Budget figures", "D3", "n. 200 000")
    assert _problems(book) == [f"{book}:Budget figures:3: column ta: 'n. 200 000' is not a number"]


def test_an_ambiguous_amount_in_the_workbook(book: Path) -> None:
    _edit(book, "Budget figures", "C2", "480,920")
    assert _problems(book) == [
        f"{book}:Budget figures:2: column tp_prev: '480,920' could be 480,920 or 480.92 (a thousands "
        "separator or a decimal mark?); write the amount without thousands separators"
    ]


def test_a_formula_in_the_workbook_is_a_problem(book: Path) -> None:
    _edit(book, "Budget figures", "E2", "=D2+1000")
    assert _problems(book) == [
        f"{book}:Budget figures:2: E2 holds the formula =D2+1000; master data are values: paste the "
        "values (Paste Special > Values)"
    ]


def test_a_value_in_a_column_without_a_title(book: Path) -> None:
    _edit(book, "Cost centres", "F5", "x")
    assert _problems(book) == [
        f"{book}:Cost centres:5: F5 holds 'x' in a column without a title; give the column a "
        "title or delete the value"
    ]


def test_a_missing_sheet_and_a_bad_header(book: Path) -> None:
    wb = load_workbook(book)
    del wb["Central items"]
    wb["KPIs"]["A1"] = "xyz"
    wb.save(book)
    assert _problems(book) == [f"{book}:central: required master data file is missing"]
    wb = load_workbook(book)
    wb.create_sheet("central")
    wb.save(book)
    problems = _problems(book)
    assert len(problems) == 2
    assert problems[0].startswith(f"{book}:central: is empty")
    assert problems[1].startswith(f"{book}:KPIs:1: cannot read the header")


def test_settings_rows(book: Path) -> None:
    wb = load_workbook(book)
    ws = wb["Settings"]
    ws.append(["period", "year", 2024])
    ws.append(["", "x", 1])
    wb.save(book)
    problems = _problems(book)
    assert f"{book}:Settings:{ws.max_row - 1}: setting period.year is given twice" in problems
    assert f"{book}:Settings:{ws.max_row}: every setting needs a section and a key" in problems


def test_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "master.xlsx"
    path.write_bytes(b"code,parent,name\n")
    problems = _problems(path)
    assert len(problems) == 1 and problems[0].startswith(f"{path}: cannot be read")
