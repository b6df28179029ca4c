"""Broken budget exports: every problem is one `file:line` line, exit code 2, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from kemixl.cli import main

GOOD = [
    "Toimiala,Tulosalue,Tulosalueen nimi,Rivi,TA 2024",
    "100 KESKUS,110,HALLINTO,TOIMINTATUOTOT,1000",
    "100 KESKUS,110,HALLINTO,TOIMINTAKULUT,-5000",
    "100 KESKUS,120,TALOUS,TOIMINTAKULUT,-3000",
    "200 TEKNIIKKA,210,KADUT,TOIMINTAKULUT,-2000",
]
PREFIX = "kemixl: error: "


def _init(tmp_path: Path, export: Path, *args: str) -> list[str]:
    """The error lines of `kemixl init` on a broken export; exit 2 and nothing written."""
    target = tmp_path / "new"
    result = CliRunner().invoke(
        main, ["init", str(target), "--from", str(export), "--lang", "en", *args]
    )
    assert result.exit_code == 2, result.output
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no leftovers
    lines = result.output.splitlines()
    assert lines and all(line.startswith(PREFIX) for line in lines), lines
    return [line.removeprefix(PREFIX) for line in lines]


def _csv(tmp_path: Path, lines: list[str], name: str = "ta.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _changed(row: int, text: str) -> list[str]:
    return [text if i == row else line for i, line in enumerate(GOOD)]


CASES = {
    "not a number": (
        _changed(2, "100 KESKUS,110,HALLINTO,TOIMINTAKULUT,abc"),
        "3: column TA 2024: 'abc' is text where a number belongs; type the amount in euros as a "
        "number",
    ),
    "thousands or decimals": (
        _changed(1, '100 KESKUS,110,HALLINTO,TOIMINTATUOTOT,"1,500"'),
        "2: column TA 2024: '1,500' could be 1,500 € or 1.5 €; type the amount as a number, "
        "without a thousands separator",
    ),
    "not a code": (
        _changed(2, "100 KESKUS,11A,HALLINTO,TOIMINTAKULUT,-5000"),
        "3: column Tulosalue: '11A' is not a code (3 to 12 digits, or the code and the name: "
        "64110000 HALLINTOPALVELUT)",
    ),
    "under two departments": (
        [*GOOD, "200 TEKNIIKKA,110,HALLINTO,TOIMINTAKULUT,-1"],
        "6: 110 is under 200 here but under 100 on line 2; a cost centre has one place in the tree",
    ),
    "two names": (
        _changed(2, "100 KESKUS,110,HALLINTOPALVELUT,TOIMINTAKULUT,-5000"),
        "3: 110 is named 'HALLINTOPALVELUT' here but 'HALLINTO' on line 2; give it one name",
    ),
    "two levels": (
        [*GOOD, "110 X,310,Y,TOIMINTAKULUT,-1"],
        "6: 110 is a Division here but a Result area on line 2; a code names one cost centre",
    ),
    "beyond any budget": (
        _changed(2, "100 KESKUS,110,HALLINTO,TOIMINTAKULUT,-50 000 000 000 000"),
        "3: column TA 2024: '-50 000 000 000 000' is beyond 1,000,000,000,000 €, more than any line of a "
        "municipality; type the amount in euros as a number",
    ),
    "no such line": (
        _changed(4, "200 TEKNIIKKA,210,KADUT,VEROTULOT,-2000"),
        "5: column Rivi: 'VEROTULOT' is neither TOIMINTATUOTOT nor TOIMINTAKULUT",
    ),
    "a row twice": (
        [*GOOD, GOOD[1]],
        "6: a second row of 110 TOIMINTATUOTOT (the first is on line 2); delete one of them",
    ),
    "a total that does not add up": (
        [*GOOD, "100 KESKUS,,,TOIMINTAKULUT,-9000"],
        "6: this row totals 100 (TOIMINTAKULUT): TA 2024 is -9,000 here but the rows under it "
        "sum to -8,000; rows are missing or the total is wrong",
    ),
    "no line on a row": (
        _changed(4, "200 TEKNIIKKA,210,KADUT,,-2000"),
        "5: the row of 210 says no line: give its account or its line (TOIMINTATUOTOT or "
        "TOIMINTAKULUT)",
    ),
    "no upper level": (
        ["Toimiala,Tulosalue,Rivi,TA 2024", ",110 HALLINTO,TOIMINTAKULUT,-1"],
        "2: 110 has no Division: its cell is empty and no row above gives one",
    ),
    "no name": (
        [*GOOD, "200 TEKNIIKKA,220,,TOIMINTAKULUT,-1"],
        "6: 220 has no name in any row; give its name",
    ),
    "no budget at all": (
        [line.rsplit(",", 1)[0] + ",0" if i else line for i, line in enumerate(GOOD)],
        ": every budget figure (TA 2024) is zero or blank: kemixl needs the budget",
    ),
    "no header": (
        ["Budjetti", "hello,world"],
        ": no header row in the first 60 rows: a row should title the columns of codes "
        "(Toimiala, Tulosalue, Kustannuspaikka) and the budget (TA 2024)",
    ),
    "no budget column": (
        ["Toimiala,Tulosalue,Rivi,Summa", *GOOD[1:]],
        "1: this row names the tree's levels but no budget column; title the budget column with "
        "its year (TA 2024, Talousarvio 2024, Budget 2024)",
    ),
    "no level": (
        ["Nimi,Rivi,TA 2024", "HALLINTO,TOIMINTAKULUT,-1"],
        "1: this row names figures but no level of the tree; the export needs a column of codes "
        "titled Toimiala, Tulosalue or Kustannuspaikka (Sektor, Resultatområde, Kostnadsställe; "
        "Department, Result area, Cost centre)",
    ),
    "budgets of two years": (
        [line + (",TA 2025" if i == 0 else ",1") for i, line in enumerate(GOOD)],
        "1: the budget columns E1 'TA 2024', F1 'TA 2025' are of several years; give the year of "
        "the report with --year",
    ),
    "two budget columns of one year": (
        [line + (",Talousarvio 2024" if i == 0 else ",1") for i, line in enumerate(GOOD)],
        "1: the columns E1 'TA 2024', F1 'Talousarvio 2024' each read as TA (the budget); keep "
        "one of them",
    ),
    "two code columns of one level": (
        ["Toimiala,Toimiala koodi,Tulosalue,Rivi,TA 2024", "100,100,110 X,TOIMINTAKULUT,-1"],
        "1: the columns A1 'Toimiala', B1 'Toimiala koodi' each read as the same thing (Division: "
        "Code); keep one of them or retitle the others",
    ),
    "names without codes": (
        ["Toimiala,Tulosalueen nimi,Rivi,TA 2024", "100 K,HALLINTO,TOIMINTAKULUT,-1"],
        "1: the column B1 'Tulosalueen nimi' gives the names of the level Result area, but no "
        "column gives its codes; add the codes in a column titled Result area, or before the "
        "names (64110000 HALLINTOPALVELUT)",
    ),
    "no line column": (
        ["Toimiala,Tulosalue,TA 2024", "100 K,110 H,-1"],
        "1: no column says which line a row counts on: give an account column (Tili, Konto, "
        "Account) or a column of the lines (TOIMINTATUOTOT, TOIMINTAKULUT)",
    ),
    "an account in no range": (
        ["Toimiala,Tulosalue,Tili,TA 2024", "100 K,110 H,400000,-5", "100 K,110 H,995000,-1"],
        "3: account '995000' is in no range of the chart of accounts (revenue 3000-3999, "
        "expenses 4000-4999, internal 9000-9899; 1000-2999 and 5000-8999 are not the "
        "divisions')",
    ),
    "a decimal comma that splits a row": (
        _changed(2, "100 KESKUS,110,HALLINTO,TOIMINTAKULUT,-5000,50"),
        "3: this row has 6 fields but the header has 5 (100 KESKUS | 110 | HALLINTO | "
        "TOIMINTAKULUT | -5000 | 50): a comma inside a value (a decimal comma such as 480920,50, "
        "or a comma in a name) moves the values after it to the wrong columns; put that value in "
        "quotes or remove the comma",
    ),
    "items that do not add up to their line": (
        [
            "Toimiala,Tulosalue,Tuloslaskelman erä,TA 2024",
            "100 K,110 H,Henkilöstökulut,-700",
            "100 K,110 H,Palvelujen ostot,-300",
            "100 K,110 H,Toimintakulut yhteensä,-1100",
        ],
        "4: this row totals 110 (TOIMINTAKULUT): TA 2024 is -1,100 here but the rows under it "
        "sum to -1,000; rows are missing or the total is wrong",
    ),
    "an item below the income statement's items": (
        [
            "Toimiala,Tulosalue,Tuloslaskelman erä,TA 2024",
            "100 K,110 H,Henkilöstökulut,-700",
            "100 K,110 H,Palkat ja palkkiot,-500",
        ],
        "3: column Tuloslaskelman erä: 'Palkat ja palkkiot' is neither TOIMINTATUOTOT nor "
        "TOIMINTAKULUT",
    ),
    "names where the codes belong": (
        [
            "Toimiala,Tulosalue,Rivi,TA 2024",
            "KESKUS,110 H,TOIMINTAKULUT,-1",
            "KESKUS,120 T,TOIMINTAKULUT,-1",
        ],
        "1: column Toimiala holds no codes (such as 'KESKUS'): give each Division its code, in the "
        "column or before the name (64100000 KESKUSVIRASTO)",
    ),
    "no code for the city": (
        ["Toimiala,Tulosalue,Rivi,TA 2024", "100 K,000 H,TOIMINTAKULUT,-1"],
        ": cannot derive a code for the city from the codes; give it with --city-code",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_broken_export_is_one_line_per_problem(case: str, tmp_path: Path) -> None:
    lines, expected = CASES[case]
    export = _csv(tmp_path, lines)
    assert _init(tmp_path, export) == [_at(export, expected)]


def _at(export: Path, expected: str) -> str:
    """The expected line: "3: …" is at a line of the export, ": …" the whole file."""
    return f"{export}:{expected}" if expected[:1].isdigit() else f"{export}{expected}"


def test_every_problem_is_told_at_once(tmp_path: Path) -> None:
    export = _csv(
        tmp_path,
        [*_changed(2, "100 KESKUS,110,HALLINTO,TOIMINTAKULUT,abc"), "100 K,12,X,TOIMINTAKULUT,1"],
    )
    assert _init(tmp_path, export) == [
        f"{export}:3: column TA 2024: 'abc' is text where a number belongs; type the amount in "
        "euros as a number",
        f"{export}:6: column Tulosalue: '12' is not a code (3 to 12 digits, or the code and the "
        "name: 64110000 HALLINTOPALVELUT)",
    ]


def test_a_thousand_broken_rows_are_counted_after_the_first_fifty(tmp_path: Path) -> None:
    export = _csv(tmp_path, [GOOD[0], *["100 K,110 H,X,TOIMINTAKULUT,abc"] * 1000])
    lines = _init(tmp_path, export)
    assert len(lines) == 51
    assert lines[0] == (
        f"{export}:2: column TA 2024: 'abc' is text where a number belongs; type the amount in "
        "euros as a number"
    )
    assert lines[-1] == "… and 950 more problems"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ("--year", "2026"),
            "1: no budget column of 2026 (such as TA 2026); the budget columns are E1 'TA 2024'",
        ),
        (
            ("--city-code", "12"),
            ": --city-code 12: the city's code must be 3 to 12 digits and no other cost centre's",
        ),
        (
            ("--city-code", "110"),
            ": --city-code 110: the city's code must be 3 to 12 digits and no other cost centre's",
        ),
    ],
)
def test_options_that_do_not_fit_the_export(
    args: tuple[str, ...], expected: str, tmp_path: Path
) -> None:
    export = _csv(tmp_path, GOOD)
    assert _init(tmp_path, export, *args) == [_at(export, expected)]


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        (
            "ta.csv",
            "\ufeffToimiala".encode("utf-16"),
            ": is UTF-16 text (Excel's 'Unicode Text'); save it as CSV UTF-8",
        ),
        (
            "ta.xls",
            b"\xd0\xcf\x11\xe0",
            ": is not read: save the export as .xlsx or as CSV (.xls is not read)",
        ),
        (
            "ta.xlsx",
            b"PK\x03\x04broken",
            ": cannot be read: the file is damaged (perhaps cut "
            "short while copying); open it in Excel and save it again as an .xlsx workbook",
        ),
        (
            "ta.csv",
            b"",
            ": no header row in the first 60 rows: a row should title the columns of "
            "codes (Toimiala, Tulosalue, Kustannuspaikka) and the budget (TA 2024)",
        ),
    ],
)
def test_a_file_that_is_no_export(name: str, data: bytes, expected: str, tmp_path: Path) -> None:
    export = tmp_path / name
    export.write_bytes(data)
    assert _init(tmp_path, export) == [f"{export}{expected}"]


def test_a_missing_export(tmp_path: Path) -> None:
    assert _init(tmp_path, tmp_path / "nothing.csv") == [f"{tmp_path / 'nothing.csv'}: not found"]


def test_a_formula_in_a_workbook_export(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Taul1"
    ws.append(["Talousarvio 2024"])
    for line in GOOD:
        ws.append(line.split(","))
    ws["E4"] = "=E3*2"  # a formula in a figure column: its value is never trusted
    ws["E5"] = "=-1000-2000"  # a constant formula is a value
    ws["E3"] = -5000
    export = tmp_path / "ta.xlsx"
    wb.save(export)
    assert _init(tmp_path, export) == [
        f"{export}:Taul1:4: E4 holds the formula =E3*2; kemixl reads values: paste the values "
        "(Paste Special > Values)"
    ]


@pytest.mark.parametrize("kind", ["file", "folder with a file"])
def test_the_target_must_be_new_or_empty(kind: str, tmp_path: Path) -> None:
    export = _csv(tmp_path, GOOD)
    target = tmp_path / "new"
    if kind == "file":
        target.write_text("x")
        expected = f"{target}: is a file; give a new folder for the master data"
    else:
        target.mkdir()
        (target / "master.toml").write_text("x")
        expected = (
            f"{target}: is not empty; give a new or empty folder: kemixl init writes a whole "
            "master folder and replaces nothing"
        )
    result = CliRunner().invoke(main, ["init", str(target), "--from", str(export), "--lang", "en"])
    assert result.exit_code == 2
    assert result.output.splitlines() == [PREFIX + expected]
    assert (target.read_text() if kind == "file" else (target / "master.toml").read_text()) == "x"


def test_an_empty_folder_is_taken(tmp_path: Path) -> None:
    export = _csv(tmp_path, GOOD)
    (tmp_path / "new").mkdir()
    result = CliRunner().invoke(
        main, ["init", str(tmp_path / "new"), "--from", str(export), "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "new" / "figures.csv").is_file()
