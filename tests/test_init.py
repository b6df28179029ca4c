"""`kemixl init --from`: a city's budget export becomes master data that reproduces the figures.

Exports of several shapes (tests/exports.py) are written from Kemi's own master figures and
from `kemixl synth`'s organisations; each must give back the same tree and figures, and the
same report through templates, filled submissions and consolidation.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kemixl.cli import main
from kemixl.findings import Severity
from kemixl.i18n import using
from kemixl.init.run import init_from_export
from kemixl.master import load_master
from kemixl.model import Column, Line, Master
from kemixl.pipeline import consolidate
from kemixl.synth import period_figures, write_master
from kemixl.synth.submissions import project_inputs as synth_project_inputs
from kemixl.templates.fill import Figures, ProjectInputs, fill_template
from kemixl.templates.writer import write_templates

from .builders import project_inputs, sample_reported
from .conftest import TEMPLATES
from .exports import SHAPES, without, write_export
from .test_properties import Org, _has_budget, orgs
from .test_properties import write_master as write_properties_master
from .workbook_scan import scan_blocks


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """These tests read the messages' English words (the CLI tests pass --lang)."""
    with using("en"):
        yield


@pytest.fixture(scope="module")
def synth_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("synth") / "templates"
    write_master(folder, departments=3, areas=4, seed=7)
    return folder


ORGS = ("kemi", "synth")


def _org(name: str, synth_master: Path) -> tuple[Path, Master, Figures, str]:
    """(master folder, master, the departments' actuals and forecasts, the city's name)."""
    if name == "kemi":
        return TEMPLATES, load_master(TEMPLATES), sample_reported(), "KEMIN KAUPUNKI"
    master = load_master(synth_master)
    return synth_master, master, period_figures(master, 7), "MERIKOSKEN KAUPUNKI"


def _projects(org: str, master: Master) -> ProjectInputs:
    """The departments' answers for the master's investment projects (an export has none)."""
    if org == "kemi":
        return project_inputs(master)
    return {
        pid: values
        for d in master.departments
        for pid, values in synth_project_inputs(master, 7, d.code).items()
    }


def _report(
    master_dir: Path,
    master: Master,
    figures: Figures,
    work: Path,
    projects: ProjectInputs | None = None,
) -> dict[object, object]:
    """The report's blocks (code, line) -> column values, through templates, filled
    submissions and consolidation."""
    inputs = work / "in"
    inputs.mkdir(parents=True)
    for r in write_templates(master, work / "templates"):
        if r.path is not None:
            fill_template(r.path, inputs / r.path.name, master.period, figures, projects=projects)
    c = consolidate(inputs, master_dir, work / "report.xlsx")
    assert [f.line() for f in c.findings if f.severity is Severity.ERROR] == []
    return {(code, line): v for (_s, code, line), v in scan_blocks(work / "report.xlsx").items()}


@pytest.fixture(scope="module")
def original_reports(
    synth_master: Path, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str], dict[object, object]]:
    made: dict[str, dict[object, object]] = {}

    def report(org: str) -> dict[object, object]:
        if org not in made:
            folder, master, figures, _city = _org(org, synth_master)
            work = tmp_path_factory.mktemp(org)
            made[org] = _report(folder, master, figures, work, _projects(org, master))
        return made[org]

    return report


def _tree(master: Master) -> set[tuple[str, str | None, str]]:
    """Every cost centre below the city: code, parent, name (the city's own name is --city)."""
    return {(c.code, c.parent, c.name) for c in master.centres if c.parent is not None}


@pytest.mark.parametrize("shape", list(SHAPES))
@pytest.mark.parametrize("org", ORGS)
def test_an_export_gives_back_its_master_and_report(
    org: str,
    shape: str,
    synth_master: Path,
    original_reports: Callable[[str], dict[object, object]],
    tmp_path: Path,
) -> None:
    _folder, master, figures, city = _org(org, synth_master)
    export = write_export(master, SHAPES[shape], tmp_path)
    result = init_from_export(
        tmp_path / "new", export, last_month=master.period.last_month, city=city
    )
    new = load_master(tmp_path / "new")
    assert new.root.code == master.root.code  # the city's code derived from the codes
    assert new.root.name == new.settings.city == city
    assert new.period == master.period  # the year from the budget's title
    assert _tree(new) == _tree(master)
    assert new.figures == master.figures  # every leaf and line, in kemixl's signs
    assert result.figure_rows == len(master.figures)
    assert (new.accounts != ()) == SHAPES[shape].accounts  # accounts.csv where it has accounts
    assert _report(tmp_path / "new", new, figures, tmp_path / "run") == original_reports(org)


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("shape", "said", "levels"),
    [
        (
            "per-result-area",
            "signs: revenue positive and expenses negative, as kemixl has them: kept",
            "5 divisions, 16 result areas",
        ),
        (
            "code-and-name-in-one-cell",
            "signs: expenses positive: turned negative, as kemixl has them",
            "5 divisions, 16 result areas",
        ),
        (
            "per-cost-centre-and-account",
            "signs: revenue negative and expenses positive (the bookkeeping's credit and debit): "
            "both turned, to revenue positive and expenses negative",
            "5 divisions, 16 cost centres",
        ),
    ],
)
def test_the_terminal_says_what_was_read_and_the_signs(
    shape: str, said: str, levels: str, master: Master, tmp_path: Path
) -> None:
    export = write_export(master, SHAPES[shape], tmp_path)
    new = tmp_path / "new"
    code, out = _run(
        "init", str(new), "--from", str(export), "--lang", "en", "--city", "KEMIN KAUPUNKI"
    )
    assert code == 0, out
    lines = out.splitlines()
    rows = sum(1 for line in export.read_text(encoding="utf-8").splitlines()[1:] if line.strip())
    assert lines[0] == (
        f"read {export}: {rows} rows under the header on line 1 (separator ',', UTF-8 text)"
    )
    assert "  Toimiala → Division: Code" in lines
    assert any(line.endswith(" → Budget 2023") for line in lines)
    assert f"  {said}" in lines
    assert (
        "  city: 64000000 KEMIN KAUPUNKI (the codes' common beginning; give another with "
        "--city-code)"
    ) in lines
    assert f"wrote {new}: {levels}; 34 rows of budget figures; 1–6/2023" in lines
    assert lines[-1] == f"next: kemixl templates --master {new}"


def test_the_terminal_speaks_finnish_by_default(master: Master, tmp_path: Path) -> None:
    export = write_export(master, SHAPES["per-cost-centre-and-account"], tmp_path)
    code, out = _run("init", str(tmp_path / "new"), "--from", str(export))
    assert code == 0, out
    assert "  Toimiala → Toimiala: Koodi" in out
    assert (
        "  etumerkit: tuotot negatiivisina ja kulut positiivisina (kirjanpidon kredit ja "
        "debet): molemmat käännetty, tuotot positiivisiksi ja kulut negatiivisiksi"
    ) in out
    assert "huom.: 10 toimintaerien ulkopuolisten tilien riviä" in out  # taxes, balance sheet
    assert (
        "huom.: kaupungin nimeä ei annettu (--city): master.toml-tiedostossa lukee KAUPUNKI" in out
    )
    assert load_master(tmp_path / "new").settings.city == "KAUPUNKI"


def test_without_a_revised_budget_or_last_years_accounts(master: Master, tmp_path: Path) -> None:
    """Muutettu TA is left blank (which is the budget), TP is 0; the terminal says both."""
    shape = without(SHAPES["per-result-area"], "amended", "tp")
    export = write_export(master, shape, tmp_path)
    result = init_from_export(tmp_path / "new", export, city="KEMI")
    new = load_master(tmp_path / "new")
    for key, amounts in master.figures.items():
        assert new.figures[key] == {
            Column.TP_PREV: 0.0,
            Column.TA: amounts[Column.TA],
            Column.TA_AMENDED: amounts[Column.TA],
        }
    assert "64110000,TOIMINTAKULUT,0,-2917576,\n" in (tmp_path / "new" / "figures.csv").read_text()
    notes = [str(n) for n in result.notes]
    assert "no column of the previous year's accounts: TP is 0" in notes
    assert any(n.startswith("no column of the revised budget") for n in notes)


def test_a_deeper_tree_and_a_city_code_given(master: Master, tmp_path: Path) -> None:
    """Department, result area and cost centre: the tree is as deep as the export's levels;
    --city-code names the city."""
    lines = ["Toimiala;Tulosalue;Kustannuspaikka;Rivi;TA 2024"]
    for dept in ("100", "200"):
        for area in ("10", "20"):
            for cc in ("1", "2"):
                code = f"{dept[0]}{area[0]}{cc}"
                lines.append(
                    f"{dept} D{dept};{dept[0]}{area[0]}0 A{area};{code} C{code};"
                    "TOIMINTAKULUT;-1 000,50"
                )
    export = tmp_path / "ta.csv"
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = init_from_export(tmp_path / "new", export, city="SYVÄLÄ", city_code="999")
    new = load_master(tmp_path / "new")
    assert new.root.code == "999" and result.city_code_given
    assert [c.code for c in new.children("999")] == ["100", "200"]
    assert [c.code for c in new.children("110")] == ["111", "112"]
    assert new.figures[("111", Line.COSTS)][Column.TA] == -1000.5
    assert dict(result.counts) == {0: 2, 1: 4, 2: 8}


def test_every_file_of_the_folder(master: Master, tmp_path: Path) -> None:
    export = write_export(master, SHAPES["per-result-area"], tmp_path)
    init_from_export(tmp_path / "new", export, year=2023, last_month=8, city="KEMIN KAUPUNKI")
    folder = tmp_path / "new"
    assert sorted(p.name for p in folder.iterdir()) == [
        "central.csv",
        "costcentres.csv",
        "figures.csv",
        "kpis.csv",
        "master.toml",
        "strategy.csv",
    ]
    assert (folder / "central.csv").read_text() == (
        "item,section,tp_prev,ta,ta_amended,actual,forecast\n"
    )
    assert (folder / "kpis.csv").read_text() == "id,code,group,name,tp_prev,ta\n"
    assert (folder / "strategy.csv").read_text().count("\n") == 1
    assert (folder / "costcentres.csv").read_text().splitlines()[:3] == [
        "code,parent,name,responsible",
        "64000000,,KEMIN KAUPUNKI,",
        "64100000,64000000,KESKUSVIRASTO,",
    ]
    new = load_master(folder)
    assert new.settings.title == "TAMMI-ELOKUUN OSAVUOSIKATSAUS 2023"  # Finnish, from the period
    assert (new.period.first_month, new.period.last_month) == (1, 8)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(orgs().filter(_has_budget), st.sampled_from(list(SHAPES)))
def test_any_tree_comes_back_from_its_export(org: Org, shape: str) -> None:
    """Any tree (other code widths, departments without result areas, zero lines) and any
    export shape: the master made from the export has the original's tree and figures."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_properties_master(root / "master", org)
        master = load_master(root / "master")
        export = write_export(master, SHAPES[shape], root)
        init_from_export(root / "new", export, last_month=8, city="TESTILÄ")
        new = load_master(root / "new")
        assert new.root.code == master.root.code
        assert _tree(new) == _tree(master)
        assert new.figures == master.figures


def test_the_readmes_example_is_what_kemixl_says(
    master: Master, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """README, *Käyttöönotto uudessa kaupungissa*: the terminal output shown is the real one."""
    readme = (TEMPLATES.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Käyttöönotto uudessa kaupungissa") :]
    shown = section[
        section.index("```\n") + 4 : section.index("   ```\n", section.index("```\n") + 4)
    ]
    expected = [line.removeprefix("   ") for line in shown.splitlines()]
    shape = replace(
        SHAPES["per-cost-centre-and-account"],
        sep=";",
        encoding="cp1252",
        decimal_comma=True,
        newline="\r\n",
    )
    write_export(master, shape, tmp_path).rename(tmp_path / "talousarvio.csv")
    monkeypatch.chdir(tmp_path)
    code, out = _run(
        "init", "perustiedot", "--from", "talousarvio.csv", "--city", "KEMIN KAUPUNKI",
        "--months", "6",
    )  # fmt: skip
    assert code == 0, out
    assert out.splitlines() == expected


def test_a_level_without_names_takes_its_codes(tmp_path: Path) -> None:
    export = tmp_path / "ta.csv"
    export.write_text(
        "Toimiala;Tulosalue;Tulosalueen nimi;Rivi;Alkuperäinen TA 2024;Muutettu talousarvio 2024\n"
        "100;110;HALLINTO;Kulut;-1 000;-1 200\n"
        "100;120;TEKNIIKKA;Tuotot;500;500\n",
        encoding="cp1252",
    )
    result = init_from_export(tmp_path / "new", export, city="X")
    new = load_master(tmp_path / "new")
    assert new.centre("100").name == "100"
    assert new.figures[("110", Line.COSTS)] == {
        Column.TP_PREV: 0.0,
        Column.TA: -1000.0,
        Column.TA_AMENDED: -1200.0,
    }
    assert (
        "1 cost centre has no name in the export: its code stands as its name in costcentres.csv; "
        "write the name there"
    ) in [str(n) for n in result.notes]
