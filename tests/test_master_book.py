"""perustiedot.xlsx: `kemixl init` without an export, the master workbook in the run's language
(instructions, titles, validation), and `kemixl master convert` between folder and workbook."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook

from kemixl.cli import main
from kemixl.i18n import LANGUAGES, gettext_in, terms, using
from kemixl.master import MasterError, folder_to_workbook, load_master
from kemixl.master.book import _digits
from kemixl.model import Column, Line, Master

from .conftest import TEMPLATES
from .leaks import english_words
from .libreoffice import recalculate, render_pdf, render_png_pages, require_libreoffice
from .test_report_validity import validate

SHEETS = ("Instructions", "Settings", "Cost centres", "Budget figures", "Central items", "KPIs",
          "Strategy", "SDGs")  # fmt: skip


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def _said(lang: str, message: str) -> str:
    return gettext_in(lang, message)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_init_without_an_export_writes_the_files_to_fill_in(lang: str, tmp_path: Path) -> None:
    folder = tmp_path / "new"
    code, out = _run("init", str(folder), "--year", "2025", "--months", "4", "--city", "UUSI",
                     "--lang", lang)  # fmt: skip
    assert code == 0, out
    assert sorted(p.name for p in folder.iterdir()) == [
        "central.csv", "costcentres.csv", "figures.csv", "kpis.csv", "master.toml",
        "perustiedot.xlsx", "strategy.csv", "strategy_sdg.csv",
    ]  # fmt: skip
    assert (folder / "costcentres.csv").read_text() == "code,parent,name,responsible\n"
    assert (folder / "figures.csv").read_text() == "code,line,tp_prev,ta,ta_amended\n"
    toml = (folder / "master.toml").read_text(encoding="utf-8")
    assert "year = 2025\nfirst_month = 1\nlast_month = 4\n" in toml
    assert 'title = "TAMMI-HUHTIKUUN OSAVUOSIKATSAUS 2025"' in toml  # Finnish, from the period
    assert f'language = "{lang}"' in toml
    assert english_words(toml, "kemixl", "README: Master data") == set() or lang == "en"
    book = load_workbook(folder / "perustiedot.xlsx")
    assert book.sheetnames == [_said(lang, s) for s in (
        terms.SHEET_INSTRUCTIONS, *(terms.MASTER_SHEETS[f] for f in (
            "master.toml", "costcentres.csv", "figures.csv", "central.csv", "kpis.csv",
            "strategy.csv", "strategy_sdg.csv")))]  # fmt: skip
    figures = book[_said(lang, terms.MASTER_SHEETS["figures.csv"])]
    with using(lang):
        titles = [c.value for c in figures[1]]
    assert titles == [
        _said(lang, "Code"),
        _said(lang, "Line"),
        _said(lang, "Accounts {year}").format(year=2024),
        _said(lang, "Budget {year}").format(year=2025),
        _said(lang, "Revised budget {year}").format(year=2025),
    ]
    assert out.splitlines()[-1].endswith(f"--master {folder / 'perustiedot.xlsx'}")
    # headers only: the master is not complete until finance fills it in
    with pytest.raises(MasterError):
        load_master(folder / "perustiedot.xlsx")


def _fill(path: Path) -> None:
    """Type a small city into perustiedot.xlsx as finance would in Excel (English titles)."""
    book = load_workbook(path)
    book["Cost centres"].append(["100", None, "PIENI KAUPUNKI", None])
    book["Cost centres"].append(["110", "100", "HALLINTO", "Anna Virtanen"])
    book["Cost centres"].append(["120", "100", "TEKNIIKKA", None])
    book["Budget figures"].append(["110", "TOIMINTATUOTOT", 100, 120, 120])
    book["Budget figures"].append(["110", "TOIMINTAKULUT", -900, -1000, -1100])
    book["Budget figures"].append(["120", "TOIMINTAKULUT", -500, -600.5, None])
    book["Central items"].append(["Verotulot", "vuosikate", 1000, 1200, 1200, 600, 1250])
    book.save(path)


def test_a_filled_workbook_is_master_data_and_converts(tmp_path: Path) -> None:
    folder = tmp_path / "new"
    assert _run("init", str(folder), "--year", "2025", "--lang", "en")[0] == 0
    book = folder / "perustiedot.xlsx"
    _fill(book)
    master = load_master(book)
    assert [c.code for c in master.children("100")] == ["110", "120"]
    assert master.figures[("120", Line.COSTS)][Column.TA] == -600.5
    assert master.figures[("120", Line.COSTS)][Column.TA_AMENDED] == -600.5  # blank: the budget
    assert master.centre("110").responsible == "Anna Virtanen"
    code, out = _run("master", "convert", str(book), str(tmp_path / "csv"), "--lang", "en")
    assert code == 0, out
    assert load_master(tmp_path / "csv") == master
    assert out == (
        f"wrote {tmp_path / 'csv'}: the master data of {book} (fingerprint {master.fingerprint})\n"
    )
    # into the init folder itself: its header-only files are replaced, perustiedot.xlsx stays
    code, out = _run("master", "convert", str(book), str(folder), "--force", "--lang", "en")
    assert code == 0, out
    assert load_master(folder).fingerprint == master.fingerprint
    assert book.is_file()


@pytest.mark.parametrize("lang", ["fi", "sv", "en", "fi+sv"])
def test_folder_to_workbook_and_back_keeps_the_fingerprint(
    lang: str, master: Master, tmp_path: Path
) -> None:
    book, back = tmp_path / "perustiedot.xlsx", tmp_path / "back"
    code, out = _run("master", "convert", str(TEMPLATES), str(book), "--lang", lang)
    assert code == 0, out
    assert master.fingerprint in out
    assert load_master(book) == master
    code, out = _run("master", "convert", str(book), str(back), "--lang", lang)
    assert code == 0, out
    assert load_master(back) == master
    with using("en"):  # a workbook in any language is read back in a run in another
        assert load_master(book).fingerprint == master.fingerprint


def test_the_workbook_in_the_runs_language(master: Master, tmp_path: Path) -> None:
    book = tmp_path / "perustiedot.xlsx"
    with using("sv"):
        folder_to_workbook(TEMPLATES, book)
    wb = load_workbook(book)
    assert wb.sheetnames[:4] == ["Anvisningar", "Inställningar", "Kostnadsställen", "Budgetsiffror"]
    ws = wb["Kostnadsställen"]
    assert [c.value for c in ws[1]] == ["Kod", "Överordnad kod", "Namn", "Ansvarsperson"]
    assert [c.value for c in wb["Budgetsiffror"][1]][2:] == ["BS 2022", "Budget 2023",
                                                             "Ändrad budget 2023"]  # fmt: skip
    instructions = " ".join(str(c.value) for row in wb["Anvisningar"] for c in row if c.value)
    assert "Kostnadsställen: en rad per kostnadsställe" in instructions
    assert english_words(instructions, "perustiedot.xlsx", "kemixl", "templates", "--master",
                         "master convert", "TOIMINTATUOTOT", "TOIMINTAKULUT") == set()  # fmt: skip
    settings = wb["Inställningar"]
    assert [c.value for c in settings[1]] == ["Avsnitt", "Inställning", "Värde", "Förklaring"]
    assert [c.value for c in settings[2]] == ["period", "year", 2023, "Rapportåret."]


def test_input_is_validated_as_typed(tmp_path: Path) -> None:
    book = tmp_path / "perustiedot.xlsx"
    with using("en"):
        folder_to_workbook(TEMPLATES, book)
    wb = load_workbook(book)

    def rules(sheet: str) -> dict[str, tuple[str, str | None]]:
        return {
            str(dv.sqref): (dv.type, dv.formula1)
            for dv in wb[sheet].data_validations.dataValidation
        }

    centres = rules("Cost centres")  # 22 rows, and 2000 more to type in
    assert centres["A2:A2023"][0] == "custom" and "LEN(A2)>=3" in str(centres["A2:A2023"][1])
    assert centres["B2:B2023"][0] == "custom"  # the parent code
    figures = rules("Budget figures")
    assert figures["B2:B2035"] == ("list", '"TOIMINTATUOTOT,TOIMINTAKULUT"')
    assert figures["C2:C2035"][0] == figures["D2:D2035"][0] == figures["E2:E2035"][0] == "decimal"
    assert rules("Central items")["B2:B2006"] == ("list", '"vuosikate,tulos,ylijaama"')
    assert rules("Chart of accounts")["C2:C2017"] == (
        "list",
        '"TOIMINTATUOTOT,TOIMINTAKULUT,INVESTOINTIMENOT,INVESTOINTITULOT,ignore"',
    )
    investments = rules("Investments")  # the sample's 12 projects: figures of one flow each
    titles = [c.value for c in wb["Investments"][1]]
    assert titles[:5] == [
        "Project",
        "Name",
        "Division",
        "Project group",
        "Budget 2023, expenditure",
    ]
    assert "Budget 2023, income" in titles
    assert investments["C2:C2013"][0] == "custom"  # the department's code
    assert investments["E2:E2013"][0] == "decimal"
    binding = investments[
        f"{chr(ord('A') + titles.index('Binding level'))}2:"
        f"{chr(ord('A') + titles.index('Binding level'))}2013"
    ]
    assert binding == ("list", '"project,group"')
    settings = rules("Settings")
    assert settings["C2"] == ("whole", "2000") and settings["C4"] == ("whole", "1")
    # codes are text cells: a typed 0100 keeps its zero
    assert wb["Cost centres"]["A2"].number_format == "@"


def test_the_code_rule_is_right(tmp_path: Path) -> None:
    """The validation formula, evaluated by LibreOffice on the codes it must take and refuse."""
    require_libreoffice()
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    cases = {"64110000": True, "0100": True, "123456789012": True, "12": False,
             "1234567890123": False, "6411A000": False, "64 110": False, "1e5": False,
             "-123": False, "12.5": False}  # fmt: skip
    for r, (text, _ok) in enumerate(cases.items(), start=1):
        ws.cell(r, 1).value = text
        ws.cell(r, 1).number_format = "@"
        ws.cell(r, 2).value = _digits(f"A{r}", 3, 12)
    ws.cell(len(cases) + 1, 1).value = 64110000  # a number cell, as pasted
    ws.cell(len(cases) + 1, 2).value = _digits(f"A{len(cases) + 1}", 3, 12)
    wb.save(tmp_path / "rule.xlsx")
    got = load_workbook(recalculate(tmp_path / "rule.xlsx", tmp_path), data_only=True).active
    assert got is not None
    results = [got.cell(r, 2).value for r in range(1, len(cases) + 2)]
    assert results == [*cases.values(), True]


def test_the_workbook_is_valid_and_opens_in_libreoffice(tmp_path: Path) -> None:
    book = tmp_path / "perustiedot.xlsx"
    folder_to_workbook(TEMPLATES, book)
    assert validate(book) == []
    assert _run("init", str(tmp_path / "empty"), "--year", "2025", "--lang", "fi+sv")[0] == 0
    assert validate(tmp_path / "empty" / "perustiedot.xlsx") == []
    require_libreoffice()
    pages = render_png_pages(render_pdf(book, tmp_path), tmp_path)
    assert len(pages) >= 8  # instructions, settings and a page per sheet at least


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("nothing", "x.xlsx"), "{tmp}/nothing: no such master data folder or workbook"),
        (
            ("{tmp}/master", "{tmp}/m.csv"),
            "{tmp}/m.csv: the master workbook's name must end in .xlsx",
        ),
        (
            ("{tmp}/master", "{tmp}/existing.xlsx"),
            "{tmp}/existing.xlsx: exists; give --force to "
            "replace its master data, or choose another name",
        ),
        (("{tmp}/master", "{tmp}"), "{tmp}: is a folder; give the workbook's name"),
        (
            ("{tmp}/existing.xlsx", "{tmp}/master"),
            "{tmp}/master: exists; give --force to replace its master data, or choose another name",
        ),
        (
            ("{tmp}/note.txt", "{tmp}/x"),
            "{tmp}/note.txt: give a master data folder or an .xlsx workbook",
        ),
    ],
)
def test_convert_refuses(args: tuple[str, str], expected: str, tmp_path: Path) -> None:
    shutil.copytree(TEMPLATES, tmp_path / "master")
    folder_to_workbook(TEMPLATES, tmp_path / "existing.xlsx")
    (tmp_path / "note.txt").write_text("x")
    before = (tmp_path / "existing.xlsx").read_bytes()
    filled = [a.format(tmp=tmp_path) for a in args]
    if args[0] == "nothing":
        filled[0] = str(tmp_path / "nothing")
        expected = expected.replace("{tmp}/nothing", str(tmp_path / "nothing"))
    code, out = _run("master", "convert", *filled, "--lang", "en")
    assert code == 2
    assert out == f"kemixl: error: {expected.format(tmp=tmp_path)}\n"
    assert (tmp_path / "existing.xlsx").read_bytes() == before
    assert load_master(tmp_path / "master") == load_master(TEMPLATES)


def test_convert_with_force_replaces_the_master_data(tmp_path: Path, master: Master) -> None:
    """A folder takes the workbook's master data whole: a master file the workbook lacks goes."""
    shutil.copytree(TEMPLATES, tmp_path / "master")
    (tmp_path / "master" / "notes.txt").write_text("mine")
    other = tmp_path / "other"
    shutil.copytree(TEMPLATES, other)
    (other / "accounts.csv").unlink()
    folder_to_workbook(other, tmp_path / "other.xlsx")
    code, out = _run("master", "convert", str(tmp_path / "other.xlsx"), str(tmp_path / "master"),
                     "--force", "--lang", "en")  # fmt: skip
    assert code == 0, out
    assert not (tmp_path / "master" / "accounts.csv").exists()
    assert (tmp_path / "master" / "notes.txt").read_text() == "mine"
    assert load_master(tmp_path / "master") == load_master(other)
    code, out = _run("master", "convert", str(TEMPLATES), str(tmp_path / "other.xlsx"),
                     "--force", "--lang", "en")  # fmt: skip
    assert code == 0, out
    assert load_master(tmp_path / "other.xlsx") == master


def test_an_older_workbook_with_the_files_names_still_loads(master: Master, tmp_path: Path) -> None:
    """Sheets named after the files and columns by their CSV names, as kemixl wrote them before."""
    book = tmp_path / "old.xlsx"
    wb = Workbook()
    settings = wb.active
    assert settings is not None
    settings.title = "master"
    settings.append(["section", "key", "value"])
    for section, key, value in (("period", "year", 2023), ("period", "first_month", 1),
                                ("period", "last_month", 6), ("report", "city", "KEMI"),
                                ("report", "title", "T")):  # fmt: skip
        settings.append([section, key, value])
    for name in ("costcentres", "figures", "central"):
        ws = wb.create_sheet(name)
        lines = (TEMPLATES / f"{name}.csv").read_text(encoding="utf-8").splitlines()
        for row in csv.reader(lines):
            ws.append(row)
    wb.save(book)
    loaded = load_master(book)
    assert loaded.figures == master.figures and loaded.centres == master.centres


def test_two_sheets_for_one_file(tmp_path: Path) -> None:
    book = tmp_path / "perustiedot.xlsx"
    with using("en"):
        folder_to_workbook(TEMPLATES, book)
    wb = load_workbook(book)
    wb.create_sheet("costcentres")
    wb.save(book)
    with using("en"), pytest.raises(MasterError) as info:
        load_master(book)
    with using("en"):
        assert [str(p) for p in info.value.problems] == [
            f"{book}: the sheets Cost centres and costcentres both hold costcentres.csv; keep one "
            "of them"
        ]


def test_master_convert_help_in_every_language() -> None:
    for lang in LANGUAGES:
        code, out = _run("master", "convert", "--help", "--lang", lang)
        assert code == 0, out
        flat = " ".join(out.split())
        assert " ".join(gettext_in(lang, "Replace the master data TARGET holds.").split()) in flat
