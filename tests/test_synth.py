"""`kemixl synth`: a deterministic synthetic organisation that consolidates cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from openpyxl.worksheet.formula import ArrayFormula

from kemixl.cli import main
from kemixl.findings import Severity
from kemixl.i18n import using
from kemixl.master import MASTER_FILES, load_master
from kemixl.model import Column, Line
from kemixl.pipeline import consolidate
from kemixl.synth import SynthResult, synthesize

DEPARTMENTS, AREAS = 3, 4


@pytest.fixture(scope="module")
def org(tmp_path_factory: pytest.TempPathFactory) -> SynthResult:
    return synthesize(tmp_path_factory.mktemp("org"), DEPARTMENTS, AREAS, seed=7)


def cell_values(inputs: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every cell value of every sheet of every workbook, by file and sheet."""
    values: dict[str, list[tuple[object, ...]]] = {}
    for path in sorted(inputs.glob("*.xlsx")):
        wb = load_workbook(path)
        for ws in wb.worksheets:
            values[f"{path.name}:{ws.title}"] = [
                tuple(  # an array formula as its range and text (openpyxl's object has no ==)
                    (v.ref, v.text) if isinstance(v, ArrayFormula) else v for v in row
                )
                for row in ws.iter_rows(values_only=True)
            ]
        wb.close()
    return values


def master_bytes(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in MASTER_FILES if (folder / name).exists()}


def test_master_loads_with_the_requested_shape(org: SynthResult) -> None:
    master = load_master(org.templates)
    assert len(master.departments) == DEPARTMENTS
    assert all(len(master.children(d.code)) == AREAS for d in master.departments)
    assert len(master.centres) == org.cost_centres == 1 + DEPARTMENTS * (1 + AREAS)
    assert all(len(c.code) == 8 for c in master.centres)
    assert len(master.kpis) == org.kpis > 0 and len(master.objectives) == org.objectives > 0
    assert {d.code for d in master.departments} == {o.department for o in master.objectives}
    assert all(master.has_budget(d.code) for d in master.departments)
    assert len(org.workbooks) == DEPARTMENTS and all(p.parent == org.inputs for p in org.workbooks)


def test_amended_budget_differs_somewhere_and_signs_are_conventional(org: SynthResult) -> None:
    master = load_master(org.templates)
    assert any(a[Column.TA] != a[Column.TA_AMENDED] for a in master.figures.values())
    for (_, line), amounts in master.figures.items():
        sign = 1 if line is Line.INCOME else -1
        assert all(sign * v > 0 for v in amounts.values()), (line, amounts)


def test_consolidates_without_errors_and_everyone_submits(org: SynthResult, tmp_path: Path) -> None:
    c = consolidate(org.inputs, org.templates, tmp_path / "report.xlsx")
    errors = [f.line() for f in c.findings if f.severity is Severity.ERROR]
    assert errors == []
    master = load_master(org.templates)
    assert c.submitted_departments == {d.code for d in master.departments}
    assert c.kpis and c.realizations and c.explanations
    assert (tmp_path / "report.xlsx").exists()


def test_same_seed_same_content_other_seed_differs(org: SynthResult, tmp_path: Path) -> None:
    again = synthesize(tmp_path / "again", DEPARTMENTS, AREAS, seed=7)
    assert master_bytes(again.templates) == master_bytes(org.templates)
    assert cell_values(again.inputs) == cell_values(org.inputs)
    other = synthesize(tmp_path / "other", DEPARTMENTS, AREAS, seed=8)
    assert (
        master_bytes(other.templates)["figures.csv"] != master_bytes(org.templates)["figures.csv"]
    )
    assert cell_values(other.inputs) != cell_values(org.inputs)


@pytest.mark.parametrize(
    ("departments", "areas", "word"),
    [(0, 1, "toimialojen"), (1, 0, "tulosalueiden"), (1000, 1, "toimialojen"), (1, -3, "tulos")],
)
def test_bad_sizes_are_value_errors(
    tmp_path: Path, departments: int, areas: int, word: str
) -> None:
    with pytest.raises(ValueError, match=word):  # Finnish unless a language is chosen
        synthesize(tmp_path, departments, areas)
    with using("sv"), pytest.raises(ValueError, match=r"^antalet .* ska vara ett heltal"):
        synthesize(tmp_path, departments, areas)
    assert not (tmp_path / "templates").exists()


@pytest.mark.parametrize("sub", ["templates", "inputs"])
def test_non_empty_target_is_refused(tmp_path: Path, sub: str) -> None:
    (tmp_path / sub).mkdir()
    (tmp_path / sub / "keep.txt").write_text("finance's own file", encoding="utf-8")
    with pytest.raises(ValueError, match="ei ole tyhjä"):
        synthesize(tmp_path, 1, 1)
    with using("en"), pytest.raises(ValueError, match="not empty"):
        synthesize(tmp_path, 1, 1)
    assert {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")} == {
        sub,
        f"{sub}/keep.txt",
    }


def test_cli_writes_and_names_the_next_command(tmp_path: Path) -> None:
    target = tmp_path / "org"
    result = CliRunner().invoke(main, ["synth", str(target), "--departments", "2", "--areas", "2"])
    assert result.exit_code == 0, result.output
    expected = (
        f"kemixl consolidate {target / 'inputs'} --master {target / 'templates'} "
        f"--output {target / 'report.xlsx'}"
    )
    assert expected in result.output
    assert len(list((target / "inputs").glob("*.xlsx"))) == 2
    load_master(target / "templates")


@pytest.mark.parametrize(
    "args",
    [
        ["--departments", "0", "--areas", "2"],
        ["--departments", "2", "--areas", "1000"],
    ],
)
def test_cli_bad_sizes_exit_2_with_one_line(tmp_path: Path, args: list[str]) -> None:
    result = CliRunner().invoke(main, ["synth", str(tmp_path / "org"), *args])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kemixl: virhe: "), result.output
    assert "Traceback" not in result.output and "unexpected" not in result.output


def test_cli_refuses_a_non_empty_target(tmp_path: Path) -> None:
    (tmp_path / "inputs").mkdir()
    (tmp_path / "inputs" / "old.xlsx").write_bytes(b"")
    args = ["synth", str(tmp_path), "--departments", "1", "--areas", "1"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert result.output.strip() == (
        f"kemixl: virhe: {tmp_path / 'inputs'} ei ole tyhjä; valitse toinen kansio tai tyhjennä "
        "se ensin"
    )
    result = CliRunner().invoke(main, [*args, "--lang", "en"])
    assert result.output.strip() == (
        f"kemixl: error: {tmp_path / 'inputs'} is not empty; choose another folder or empty it first"
    )


def test_every_department_has_projects_that_consolidate(org: SynthResult, tmp_path: Path) -> None:
    """Two to five projects per department, each read back from its filled template as the
    synthetic department answered it; the report's city total is their sum."""
    from kemixl.model import EXPENDITURE, FLOWS, NET
    from kemixl.synth.projects import project_answers

    master = load_master(org.templates)
    for d in master.departments:
        assert 2 <= len(master.investments.of_department(d.code)) <= 5
    c = consolidate(org.inputs, org.templates, tmp_path / "report.xlsx")
    assert not [f for f in c.findings if f.project and f.severity is Severity.ERROR]
    total = 0.0
    for d in master.departments:
        for pid, answer in project_answers(master, 7, d.code):
            for flow in FLOWS:
                for column in (Column.ACTUAL, Column.FORECAST):
                    assert c.project_amount(pid, flow, column) == answer[(flow, column)]
            total += c.project_amount(pid, NET, Column.FORECAST)
            assert c.project_reports[pid].status == answer["status"]
            assert c.project_amount(pid, EXPENDITURE, Column.FORECAST) <= 0
    ws = load_workbook(tmp_path / "report.xlsx")["Investoinnit"]
    city = next(
        r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "MERIKOSKEN KAUPUNKI yhteensä"
    )
    assert str(ws.cell(city, 6).value).startswith("=")


def test_the_ledger_carries_the_projects_actuals(tmp_path: Path) -> None:
    from kemixl.synth.projects import project_actuals

    org = synthesize(tmp_path / "org", 2, 2, seed=3, ledger=True)
    assert org.ledger is not None
    c = consolidate(org.inputs, org.templates, tmp_path / "r.xlsx", actuals=org.ledger)
    assert not [f for f in c.findings if f.severity is Severity.ERROR]
    master = load_master(org.templates)
    for (pid, flow), euros in project_actuals(master, 3).items():
        assert c.project_amount(pid, flow, Column.ACTUAL) == pytest.approx(euros, abs=0.005)
