"""Binding investment overruns in the council's decision: the draft budget amendment
(*Talousarviomuutosesitys*), its --proposal CSV (amendments.csv's rows with a `project`
column) read back by the master, and the CLI's line about binding appropriations.

Expectations are computed here from the sample's investments.csv and the answers the test
types, never from kemixl's investment or proposal modules."""

from __future__ import annotations

import copy
import csv
import math
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from kemixl.binding import Kind
from kemixl.cli import main
from kemixl.findings import Rule
from kemixl.i18n import format_amount, using
from kemixl.master import load_master
from kemixl.model import EXPENDITURE, INCOME, Column
from kemixl.pipeline import consolidate
from kemixl.proposal import DraftRow, Part, amendment_lines, draft_rows, proposal_csv
from kemixl.reconcile import Consolidation, overrun_summary
from kemixl.report.names import PROPOSAL, sheet_title

from .builders import Drift, sample_projects, sample_reported, write_submission
from .conftest import INPUTS, TEMPLATES
from .libreoffice import (
    compare_cached_to_recalculated,
    libreoffice,  # noqa: F401  (fixture)
    recalculate,
)

STEP = 1000  # the sample's [budget] round_to (the default)
# I2320 binds by itself: net budget -2 500 000 + 500 000; forecast -2 700 000 + 650 000 is
# 50 000 over, all of it expenditure. Liikuntapaikat binds I2322: -350 000 + 60 000 against
# -450 400 + 60 000, 100 400 over. Kadut ja liikenneväylät binds I2330 and I2331: -1 200 000
# and -400 000 + 120 000 against -1 300 250 and -400 000 + 19 750: 100 250 of expenditure
# and 100 250 of income, 200 500 over.
CHANGES = {
    "64300000": {
        "I2320": {"forecast": "-2700000", "explanation": "Lisätyöt perustuksissa."},
        "I2322": {"forecast": "-450400", "explanation": "Urakka kallistui."},
    },
    "64500000": {
        "I2330": {"forecast": "-1300250", "explanation": "Asfaltin hinta nousi."},
        "I2331": {"forecast_income": "19750"},
    },
}


def ceil_to(amount: float, step: float) -> float:
    return math.ceil(round(amount / step, 9)) * step


def expected_units() -> dict[str, tuple[float, float]]:
    """Each overrunning unit's net revised budget and forecast, from investments.csv and the
    answers (blank ta_amended: TA; the sample has no amendments)."""
    with (TEMPLATES / "investments.csv").open(encoding="utf-8") as f:
        projects = {r["id"]: r for r in csv.DictReader(f)}
    answers = copy.deepcopy(sample_projects())
    for changes in CHANGES.values():
        for pid, values in changes.items():
            answers[pid].update(values)

    def net(ids: list[str]) -> tuple[float, float]:
        budget = sum(
            float(projects[i]["ta_amended"] or projects[i]["ta"])
            + float(projects[i]["ta_income"] or 0)
            for i in ids
        )
        forecast = sum(
            float(answers[i]["forecast"]) + float(answers[i]["forecast_income"]) for i in ids
        )
        return budget, forecast

    return {
        "I2320": net(["I2320"]),
        "Liikuntapaikat": net(["I2322"]),
        "Kadut ja liikenneväylät": net(["I2330", "I2331"]),
    }


def write_inputs(folder: Path) -> Path:
    master = load_master(TEMPLATES)
    folder.mkdir()
    for sub in INPUTS.glob("*.xlsx"):
        if sub.name[:8] not in CHANGES:
            shutil.copy(sub, folder / sub.name)
    for dept, changes in CHANGES.items():
        answers = copy.deepcopy(sample_projects())
        for pid, values in changes.items():
            answers[pid].update(values)
        write_submission(
            folder / f"{dept}.xlsx", master, dept, sample_reported(), Drift(answers=answers)
        )
    return folder


@pytest.fixture(scope="module")
def over(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """The inputs, the draft CSV and the CLI's output of `consolidate --proposal`."""
    root = tmp_path_factory.mktemp("over")
    inputs = write_inputs(root / "inputs")
    draft = root / "draft.csv"
    result = CliRunner().invoke(
        main,
        [
            "--lang",
            "en",
            "consolidate",
            str(inputs),
            "--output",
            str(root / "report.xlsx"),
            "--proposal",
            str(draft),
            "--master",
            str(TEMPLATES),
        ],
    )
    assert result.exit_code == 0, result.output
    return inputs, draft, result.output


@pytest.fixture(scope="module")
def consolidated(
    over: tuple[Path, Path, str], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Consolidation, Path]:
    out = tmp_path_factory.mktemp("report") / "report.xlsx"
    return consolidate(over[0], TEMPLATES, out, language="en"), out


def investment_rows(c: Consolidation) -> list[DraftRow]:
    return [r for r in draft_rows(c) if r.part is Part.INVESTMENT]


def test_the_draft_has_each_overrunning_unit(consolidated: tuple[Consolidation, Path]) -> None:
    c, _path = consolidated
    rows = {r.unit: r for r in investment_rows(c)}
    expected = expected_units()
    assert set(rows) == set(expected)
    for unit, (budget, forecast) in expected.items():
        r = rows[unit]
        assert (r.current, r.forecast) == (budget, forecast)
        assert r.amount == ceil_to(budget - forecast, STEP)
        assert r.new == budget - r.amount
        assert r.kind is Kind.NET
    assert rows["Kadut ja liikenneväylät"].projects == ("I2330", "I2331")
    assert rows["Kadut ja liikenneväylät"].department == "64500000"
    assert rows["I2320"].explanation == "Lisätyöt perustuksissa."
    assert rows["Kadut ja liikenneväylät"].explanation == "I2330: Asfaltin hinta nousi."
    # one draft row per investment-overrun finding, none for a unit within its budget
    found = [f for f in c.findings if f.rule is Rule.INVESTMENT_OVERRUN]
    assert sorted(f.group or f.project for f in found) == sorted(expected)


def test_the_cli_line_counts_the_investment_overruns(
    over: tuple[Path, Path, str], consolidated: tuple[Consolidation, Path]
) -> None:
    c, _path = consolidated
    operating = [f.expected - f.submitted for f in c.findings if f.rule is Rule.BINDING_OVERRUN]
    investments = [b - f for b, f in expected_units().values()]
    n, total = len(operating) + len(investments), sum(operating) + sum(investments)
    line = f"{n} binding appropriations forecast to be exceeded, by {format_amount(total, 'en')}"
    assert line in over[2]
    assert overrun_summary(c).render("en").startswith(line)


def test_the_csv_shares_each_unit_among_its_projects_flows(over: tuple[Path, Path, str]) -> None:
    """The rows that name a project: the amount on the flows that fall short, in proportion,
    in multiples of round_to, adding up to the unit's amount; the department as the code."""
    text = over[1].read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    assert text.splitlines()[0] == "date,decision,code,line,amount,project"
    projects = {(r["project"], r["line"]): float(r["amount"]) for r in rows if r["project"]}
    units = {u: ceil_to(b - f, STEP) for u, (b, f) in expected_units().items()}
    assert projects == {
        ("I2320", "MENOT"): -units["I2320"],
        ("I2322", "MENOT"): -units["Liikuntapaikat"],
        # 100 250 short on each flow of a 201 000 amount: 201 steps, the tie to the earlier
        ("I2330", "MENOT"): -101000.0,
        ("I2331", "TULOT"): -100000.0,
    }
    assert -units["Kadut ja liikenneväylät"] == -101000 - 100000
    assert {r["code"] for r in rows if r["project"]} == {"64300000", "64500000"}
    assert all(r["date"] == r["decision"] == "" for r in rows)
    assert all(not r["project"] for r in rows if r["line"] in ("TOIMINTAKULUT", "TOIMINTATUOTOT"))


def test_the_rows_read_back_give_the_new_revised_budget(
    over: tuple[Path, Path, str], tmp_path: Path
) -> None:
    """The council decides: finance fills in the date and the decision and adds the project
    rows to amendments.csv. The master's Muutettu TA of each project is then the draft's new
    one, and the same forecasts exceed no binding investment appropriation."""
    inputs, draft, _output = over
    rows = [r for r in csv.DictReader(draft.read_text(encoding="utf-8").splitlines())]
    master_dir = tmp_path / "master"
    shutil.copytree(TEMPLATES, master_dir)
    decided = [
        {**r, "date": "2023-06-20", "decision": "Kvalt 20.6.2023 § 40"}
        for r in rows
        if r["project"]
    ]
    with (master_dir / "amendments.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(decided)
    old, new = load_master(TEMPLATES), load_master(master_dir)
    for r in decided:
        line = EXPENDITURE if r["line"] == "MENOT" else INCOME
        before = old.investments.project(r["project"])
        after = new.investments.project(r["project"])
        assert before is not None and after is not None
        assert after.amount(line, Column.TA_AMENDED) == pytest.approx(
            before.amount(line, Column.TA_AMENDED) + float(r["amount"])
        )
    assert new.investments.project("I2320").amount(EXPENDITURE, Column.TA_AMENDED) == -2550000  # type: ignore[union-attr]
    again = consolidate(inputs, master_dir, tmp_path / "again.xlsx")
    assert not [f for f in again.findings if f.rule is Rule.INVESTMENT_OVERRUN]
    assert investment_rows(again) == []


def test_without_projects_over_the_csv_keeps_its_columns(
    consolidated: tuple[Consolidation, Path],
) -> None:
    """Only operating rows: amendments.csv's five columns, as before."""
    c, _path = consolidated
    operating = [r for r in draft_rows(c) if r.part is Part.OPERATING]
    assert operating
    text = proposal_csv(amendment_lines(c, operating))
    assert text.splitlines()[0] == "date,decision,code,line,amount"


def test_the_csv_matches_an_amendments_csv_that_names_projects(
    master_copy: Path, tmp_path: Path
) -> None:
    """A city whose amendments.csv already names projects (here after the period, so the
    templates stay current) gets the column project in the draft too, even when only operating
    rows are over: the rows finance appends to that file have its width (five fields under a
    six-column header are refused)."""
    from .test_rollover import blank_amended

    amendments = master_copy / "amendments.csv"
    amendments.write_text(
        "date,decision,code,line,amount,project\n2023-08-20,Kvalt § 62,,menot,-1000,I2301\n",
        encoding="utf-8",
    )
    draft = tmp_path / "draft.csv"
    result = CliRunner().invoke(
        main,
        [
            *("--lang", "en", "consolidate", str(INPUTS), "--master", str(master_copy)),
            *("--output", str(tmp_path / "r.xlsx"), "--proposal", str(draft)),
        ],
    )
    assert result.exit_code == 0, result.output
    lines = draft.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "date,decision,code,line,amount,project"
    rows = list(csv.DictReader(lines))
    assert rows and all(r["project"] == "" for r in rows)  # the sample's operating rows only
    figures = (master_copy / "figures.csv").read_text(encoding="utf-8").splitlines()
    for r in rows:  # Muutettu TA derived from amendments.csv from now on
        blank_amended(
            master_copy, next(x for x in figures if x.startswith(f"{r['code']},{r['line']},"))
        )
    with amendments.open("a", encoding="utf-8") as f:  # appended as the README says
        f.writelines(f"2023-06-20,Kvalt § 50{x[1:]}\n" for x in lines[1:])
    assert len(load_master(master_copy).amendments) == 1 + len(rows)


def _sheet_rows(path: Path, data_only: bool) -> dict[str, list[object]]:
    with using("en"):
        name = sheet_title(PROPOSAL)
    ws = load_workbook(path, data_only=data_only)[name]
    return {
        str(ws.cell(r, 1).value): [ws.cell(r, col).value for col in range(1, 8)]
        for r in range(1, ws.max_row + 1)
        if ws.cell(r, 1).value
    }


@pytest.mark.usefixtures("libreoffice")
def test_the_sheet_lists_them_live_and_in_words(
    consolidated: tuple[Consolidation, Path], tmp_path: Path
) -> None:
    _c, path = consolidated
    assert compare_cached_to_recalculated(path, tmp_path).mismatches == []
    rows = _sheet_rows(recalculate(path, tmp_path), data_only=True)
    names = {
        "I2320": "I2320 Renovation of the school",
        "Liikuntapaikat": "Sports grounds (project group, 64300000)",
        "Kadut ja liikenneväylät": "Streets and roads (project group, 64500000)",
    }
    for unit, (budget, forecast) in expected_units().items():
        row = rows[names[unit]]
        amount = ceil_to(budget - forecast, STEP)
        assert row[1] == "NET INVESTMENTS, net appropriation"
        assert row[2:6] == [budget, forecast, amount, budget - amount]
    formulas = _sheet_rows(path, data_only=False)
    budget_cell = formulas[names["Kadut ja liikenneväylät"]][2]
    assert str(budget_cell).startswith("=") and "Investments!" in str(budget_cell)
    texts = [str(v[0]) for v in rows.values()]
    assert any("names its projects in the CSV's column project" in t for t in texts)  # legend
    total = sum(ceil_to(b - f, STEP) for b, f in expected_units().values())
    assert (
        f"In all, the amendments increase net investments by {format_amount(total, 'en')} euros."
        in texts
    )
    assert any(
        t.startswith(
            "I2320 Renovation of the school: the binding appropriation (NET INVESTMENTS) is increased by 50,000 euros"
        )
        for t in texts
    )


def test_a_folder_without_overruns_drafts_no_investment_row(
    sample_report: tuple[Consolidation, Path],
) -> None:
    c, path = sample_report
    assert investment_rows(c) == []
    assert all(not a.project for a in amendment_lines(c, draft_rows(c)))
    ws = load_workbook(path)[sheet_title(PROPOSAL)]
    assert not any("column project" in str(ws.cell(r, 1).value) for r in range(1, 6))


@pytest.mark.parametrize("lang", ["fi", "sv", "fi+sv"])
def test_the_investment_rows_in_every_language(
    over: tuple[Path, Path, str], tmp_path: Path, lang: str
) -> None:
    out = tmp_path / "r.xlsx"
    c = consolidate(over[0], TEMPLATES, out, language=lang)
    with using(lang):
        name = sheet_title(PROPOSAL)
    ws = load_workbook(out)[name]
    texts = [str(ws.cell(r, 1).value or "") for r in range(1, ws.max_row + 1)]
    words = {"fi": "hankeryhmä", "sv": "projektgrupp", "fi+sv": "hankeryhmä"}[lang]
    assert any(f"({words}" in t and "64500000" in t for t in texts)
    assert len(investment_rows(c)) == 3
