"""Investment projects read from free-form tables and checked: every rule that can fire on a
project row, fired by a submission made to break it, and the figures the report takes."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from kemixl.cli import main
from kemixl.findings import Finding, Rule, Severity
from kemixl.investment import binding_units
from kemixl.model import EXPENDITURE, INCOME, NET, Binding, Column, Investments, Master, Project
from kemixl.pipeline import check
from kemixl.reconcile import Consolidation
from kemixl.submissions.projects import project_of, role_of

from .builders import Drift, sample_projects, sample_reported, write_submission
from .conftest import TEMPLATES

DEPT = "64300000"  # HYVINVOINTITOIMIALA: I2320 (bound by itself), I2321-I2323 (by their groups)


KEYS = ("actual", "actual_income", "forecast", "forecast_income")


def _check(tmp_path: Path, master: Master, drift: Drift) -> Consolidation:
    path = write_submission(tmp_path / "hyvinvointi.xlsx", master, DEPT, sample_reported(), drift)
    return check(path, master)


def _answers(**changes: dict[str, str]) -> dict[str, dict[str, str]]:
    answers = copy.deepcopy(sample_projects())
    for pid, values in changes.items():
        answers[pid].update(values)
    return answers


def _project_findings(c: Consolidation) -> list[Finding]:
    return [f for f in c.findings if f.project or f.group]


def test_a_free_form_table_gives_the_sample_figures(tmp_path: Path, master: Master) -> None:
    c = _check(tmp_path, master, Drift())
    assert _project_findings(c) == [] and not [
        f for f in c.findings if f.severity is Severity.ERROR
    ]
    for p in master.investments.of_department(DEPT):
        answer = sample_projects()[p.id]
        for flow, key in ((EXPENDITURE, ""), (INCOME, "_income")):
            assert c.project_amount(p.id, flow, Column.ACTUAL) == float(answer["actual" + key])
            assert c.project_amount(p.id, flow, Column.FORECAST) == float(answer["forecast" + key])
        assert c.project_reports[p.id].explanation == answer["explanation"]
        assert c.project_reports[p.id].status == answer["status"]


@pytest.mark.parametrize(
    ("titles", "status"),
    [
        (  # Swedish, as a bilingual city's department might paste it
            {
                "Hanke": "Projekt",
                "actual": "Utfall 01-06/2023, utgifter",
                "actual_income": "Utfall 01-06/2023, inkomster",
                "forecast": "Bokslutsprognos 2023, utgifter",
                "forecast_income": "Bokslutsprognos 2023, inkomster",
                "Tila": "Status",
                "Selitys": "Förklaring",
            },
            "Pågår",
        ),
        (  # Finnish, in the words a department's own list uses (the ledger's column too)
            {
                "Hanke": "Projekti",
                "actual": "Toteuma 01-06/2023 menot",
                "actual_income": "Toteuma 01-06/2023 tulot",
                "forecast": "TP-ennuste 2023 menot",
                "forecast_income": "TP-ennuste 2023 tulot",
                "Tila": "Projektin tila",
                "Selitys": "Selitys",
            },
            "Käynnissä",
        ),
        (  # English, the flow first
            {
                "Hanke": "Project",
                "actual": "Expenditure: Actual 01-06/2023",
                "actual_income": "Income: Actual 01-06/2023",
                "forecast": "Expenditure: Forecast outturn 2023",
                "forecast_income": "Income: Forecast outturn 2023",
                "Tila": "Project status",
                "Selitys": "Comments",
            },
            "in progress",
        ),
    ],
)
def test_other_languages_titles_are_read(
    tmp_path: Path, master: Master, titles: dict[str, str], status: str
) -> None:
    answers = _answers(I2321={"status": status})
    c = _check(tmp_path, master, Drift(project_titles=titles, answers=answers))
    assert _project_findings(c) == []
    assert c.project_amount("I2320", INCOME, Column.FORECAST) == 650000
    assert c.project_reports["I2321"].status == "Käynnissä"


def _one(c: Consolidation, rule: Rule, project: str = "") -> Finding:
    found = [f for f in c.findings if f.rule is rule and (not project or f.project == project)]
    assert len(found) == 1, [f.line("en") for f in c.findings if f.severity is not Severity.NOTE]
    return found[0]


@pytest.mark.parametrize(
    ("changes", "rule", "project", "cell", "severity"),
    [
        ({"I2321": {"actual": "n. 100 000"}}, Rule.TEXT_IN_NUMBER, "I2321", "E", Severity.ERROR),
        ({"I2321": {"forecast": "-106,571"}}, Rule.AMBIGUOUS_AMOUNT, "I2321", "G", Severity.ERROR),
        ({"I2321": {"forecast": "400000"}}, Rule.WRONG_SIGN, "I2321", "G", Severity.ERROR),
        ({"I2320": {"actual_income": "-1"}}, Rule.WRONG_SIGN, "I2320", "F", Severity.ERROR),
        (
            {"I2322": {"actual": "-300000", "forecast": "-290000"}},
            Rule.FORECAST_BELOW_ACTUAL,
            "I2322",
            "G",
            Severity.WARNING,
        ),
        ({"I2323": {"forecast": ""}}, Rule.BLANK_INPUT, "I2323", "G", Severity.WARNING),
        ({"I2323": {"ta_amended": "-130000"}}, Rule.MASTER_MISMATCH, "I2323", "D", Severity.ERROR),
        ({"I2323": {"status": "puolivalmis"}}, Rule.INVALID_STATUS, "I2323", "I", Severity.WARNING),
        ({"I2323": {"status": ""}}, Rule.INVALID_STATUS, "I2323", "I", Severity.WARNING),
        (
            {"I2323": {"label": "I2323 Kirjaston kalusteet"}},
            Rule.NAME_MISMATCH,
            "I2323",
            "A",
            Severity.WARNING,
        ),
        ({"I2323": {"omit": "yes"}}, Rule.MISSING_PROJECT, "I2323", "", Severity.ERROR),
    ],
)
def test_each_rule_fires_on_its_row(
    tmp_path: Path,
    master: Master,
    changes: dict[str, dict[str, str]],
    rule: Rule,
    project: str,
    cell: str,
    severity: Severity,
) -> None:
    c = _check(tmp_path, master, Drift(answers=_answers(**changes)))
    f = _one(c, rule, project)
    assert f.severity is severity and f.code == DEPT
    if cell:
        assert f.sheet == "Taul1" and f.cell.startswith(cell), f.cell
    assert f"[{DEPT} {project}]" in f.line("en")


def test_an_unexplained_overrun_and_its_binding_group(tmp_path: Path, master: Master) -> None:
    """I2322 (the group Liikuntapaikat binds it) forecast 160 000 over its net budget and
    not explained: the project needs an explanation, the group a budget amendment."""
    answers = _answers(I2322={"forecast": "-450000"})
    c = _check(tmp_path, master, Drift(answers=answers))
    unexplained = _one(c, Rule.UNEXPLAINED_OVERRUN, "I2322")
    assert unexplained.submitted == -390000 and unexplained.expected == -290000
    overrun = _one(c, Rule.INVESTMENT_OVERRUN)
    assert overrun.severity is Severity.WARNING and overrun.group == "Liikuntapaikat"
    assert overrun.submitted == -390000 and overrun.expected == -290000
    text = overrun.text("en")
    assert "by 100,000" in text and "has not explained it" in text
    # as binding-overrun: the draft's amount, rounded up to [budget] round_to (1 000)
    assert text.endswith("the draft budget amendment adds 100,000")
    explained = _answers(I2322={"forecast": "-450000", "explanation": "Urakka kallistui."})
    c = _check(tmp_path, master, Drift(answers=explained))
    assert not [f for f in c.findings if f.rule is Rule.UNEXPLAINED_OVERRUN and f.project]
    assert "has explained it" in _one(c, Rule.INVESTMENT_OVERRUN).text("en")


def test_a_mixed_group_binds_only_its_group_bound_projects(tmp_path: Path, master: Master) -> None:
    """Talonrakennus: I2320 binds by itself, I2321 by the group. I2320 over its budget is its
    own overrun; the group's unit is I2321 alone, which stays within its budget."""
    answers = _answers(I2320={"forecast": "-2700000", "explanation": "Lisätyöt."})
    c = _check(tmp_path, master, Drift(answers=answers))
    overrun = _one(c, Rule.INVESTMENT_OVERRUN)
    assert overrun.project == "I2320" and overrun.group == ""
    assert overrun.submitted == -2050000 and overrun.expected == -2000000
    answers = _answers(I2321={"forecast": "-1850000", "explanation": "Lisätyöt."})
    overrun = _one(_check(tmp_path, master, Drift(answers=answers)), Rule.INVESTMENT_OVERRUN)
    assert overrun.group == "Talonrakennus" and overrun.submitted == -1850000
    assert "(1 project)" in overrun.text("en")


def test_unknown_foreign_and_duplicate_projects(tmp_path: Path, master: Master) -> None:
    extra = [
        ("I9999 Uusi hanke", "", "", "", "-1", "0", "-2", "0", "Käynnissä", ""),
        ("I2330 Katujen peruskorjaukset", "", "", "", "-1", "0", "-2", "0", "Käynnissä", ""),
        ("I2323 Kirjaston irtaimisto", "", "", "", "0", "0", "-120000", "0", "Käynnissä", ""),
    ]
    c = _check(tmp_path, master, Drift(extra_projects=extra))
    unknown = _one(c, Rule.UNKNOWN_PROJECT, "I9999")
    foreign = _one(c, Rule.WRONG_DEPARTMENT, "I2330")
    twice = _one(c, Rule.DUPLICATE_PROJECT, "I2323")
    assert {unknown.severity, foreign.severity, twice.severity} == {Severity.ERROR}
    assert "belongs to division 64500000, not to 64300000" in foreign.text("en")
    # the figures are the first row's, the foreign project is not taken from here
    assert c.project_amount("I2323", EXPENDITURE, Column.FORECAST) == -120000
    assert ("I2330", EXPENDITURE) not in c.projects


def test_without_an_investment_table_every_project_is_missing(
    tmp_path: Path, master: Master
) -> None:
    c = _check(tmp_path, master, Drift(projects=False))
    f = _one(c, Rule.MISSING_PROJECT)
    assert f.severity is Severity.ERROR and "the 4 investment projects of 64300000" in f.text("en")


def test_figures_in_thousands_are_one_finding(tmp_path: Path, master: Master) -> None:
    answers = copy.deepcopy(sample_projects())
    for pid in ("I2320", "I2321", "I2322", "I2323"):
        for key in ("actual", "actual_income", "forecast", "forecast_income"):
            answers[pid][key] = str(round(float(answers[pid][key]) / 1000))
    c = _check(tmp_path, master, Drift(answers=answers))
    f = _one(c, Rule.LOOKS_LIKE_THOUSANDS)
    assert f.code == DEPT and "look like thousands of euros" in f.text("en")
    forecasts = [answers[pid]["forecast"] for pid in answers if pid.startswith("I232")]
    assert len(f.cells) == sum(1 for v in forecasts if float(v) != 0)  # each forecast but 0


def test_an_untouched_investment_table_is_an_empty_submission(
    tmp_path: Path, master: Master
) -> None:
    blank = {"actual": "", "actual_income": "", "forecast": "", "forecast_income": ""}
    answers = _answers(**{pid: dict(blank) for pid in ("I2320", "I2321", "I2322", "I2323")})
    c = _check(tmp_path, master, Drift(answers=answers))
    f = _one(c, Rule.EMPTY_SUBMISSION)
    assert "no investment figures are filled in for 64300000" in f.text("en")
    assert not [g for g in c.findings if g.rule is Rule.BLANK_INPUT]


def test_the_cli_names_the_project(tmp_path: Path, master: Master) -> None:
    extra = [("I9999 Uusi hanke", "", "", "", "-1", "0", "-2", "0", "Käynnissä", "")]
    path = write_submission(
        tmp_path / "hv.xlsx", master, DEPT, sample_reported(), Drift(extra_projects=extra)
    )
    result = CliRunner().invoke(
        main, ["--lang", "en", "check", str(path), "--master", str(TEMPLATES)]
    )
    assert result.exit_code == 1, result.output
    assert (
        "error [64300000 I9999]: project I9999 is not in the master's "
        "project list; correct the id or ask finance (unknown-project)"
    ) in result.output


# --- invariants ----------------------------------------------------------------------------


ids = st.from_regex(r"[A-Z]{0,2}[0-9]{1,6}", fullmatch=True)


@given(
    st.lists(
        st.tuples(ids, st.sampled_from(["", "A", "B"]), st.booleans(), st.integers(-9_000_000, 0)),
        max_size=12,
        unique_by=lambda t: t[0],
    )
)
def test_binding_units_count_every_euro_once(rows: list[tuple[str, str, bool, int]]) -> None:
    """Each project is in exactly one binding unit (itself, or its group's), whatever the mix
    of bindings in a group: the units' budgets add up to the projects'."""
    projects = tuple(
        Project(
            pid,
            pid,
            "64100000",
            group,
            Binding.GROUP if group and by_group else Binding.PROJECT,
            {c: float(ta) for c in (Column.TP_PREV, Column.TA, Column.TA_AMENDED)},
            {c: 0.0 for c in (Column.TP_PREV, Column.TA, Column.TA_AMENDED)},
        )
        for pid, group, by_group, ta in rows
    )
    units = binding_units(Investments(projects), "64100000")
    members = [p.id for u in units for p in u.projects]
    assert sorted(members) == sorted(p.id for p in projects)
    total = sum(p.amount(NET, Column.TA_AMENDED) for u in units for p in u.projects)
    assert total == sum(p.amount(NET, Column.TA_AMENDED) for p in projects)


@given(ids, st.text(alphabet="abcdefghijklmnopqrstuvwxyzäö ", max_size=30))
def test_a_project_cell_gives_its_id_and_name(pid: str, name: str) -> None:
    found = project_of(f"{pid} {name}")
    assert found is not None and found[0] == pid and found[1] == name.strip()


def test_figure_titles_say_their_flow() -> None:
    assert role_of("Toteuma 01-06/2023, menot") == ("actual", EXPENDITURE)
    assert role_of("TP-ENNUSTE 2023 tulot") == ("forecast", INCOME)
    assert role_of("Income: Forecast outturn 2023") == ("forecast", INCOME)
    assert role_of("Muutettu TA 2023") == ("ta_amended", EXPENDITURE)
    assert role_of("TA 2023 netto") == ("ta", NET)
    assert role_of("Hankkeen tila – Projektets status") == "status"
    for title in ("Projekti", "Projektinumero", "Projektin numero", "Hanketunnus"):
        assert role_of(title) == "project", title
    assert role_of("Projektin nimi") == "name" and role_of("Projektiryhmä") == "group"
    assert role_of("Erotus") is None and role_of("Tarkistus") is None


def test_a_formula_in_a_project_input_is_named(tmp_path: Path, master: Master) -> None:
    """A formula referring to other cells is never evaluated; plain arithmetic is."""
    answers = _answers(I2321={"forecast": "=G2*2"}, I2322={"forecast": "=-300000-50000"})
    c = _check(tmp_path, master, Drift(answers=answers))
    f = _one(c, Rule.FORMULA_INPUT, "I2321")
    assert f.submitted == "=G2*2" and f.cell.startswith("G")
    assert c.project_amount("I2322", EXPENDITURE, Column.FORECAST) == -350000


def test_a_project_title_of_another_period_is_wrong_period(tmp_path: Path, master: Master) -> None:
    titles = {"forecast": "TP-ennuste 2022 menot"}
    c = _check(tmp_path, master, Drift(project_titles=titles))
    f = _one(c, Rule.WRONG_PERIOD)
    assert f.submitted == "TP-ennuste 2022 menot"


def test_figures_in_cents_are_one_finding(tmp_path: Path, master: Master) -> None:
    answers = copy.deepcopy(sample_projects())
    for pid in ("I2320", "I2321", "I2322", "I2323"):
        for key in KEYS:
            answers[pid][key] = str(round(float(answers[pid][key]) * 100))
    f = _one(_check(tmp_path, master, Drift(answers=answers)), Rule.LOOKS_LIKE_THOUSANDS)
    assert "look like cents" in f.text("en")
