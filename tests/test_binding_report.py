"""The council's decision: binding appropriations forecast to be exceeded, the finding, the
CLI's line, the sheets *Sitovat määrärahat* and *Talousarviomuutosesitys*, and the draft's
rows in amendments.csv's format read back by the next period's master.

Expectations are computed here from the seed's published table (Kemi, department level, net)
or from the master's and the submissions' own figures (a gross organisation and one that binds
at result-area level, from `kemixl synth`), never from kemixl's binding module."""

from __future__ import annotations

import csv
import dataclasses
import math
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from kemixl.cli import main
from kemixl.findings import Finding, Rule
from kemixl.i18n import format_amount, terms, using
from kemixl.master import load_master
from kemixl.model import INPUT_LINES, Column, Line, Master
from kemixl.pipeline import consolidate
from kemixl.reconcile import Consolidation, overrun_summary, shortfall_summary
from kemixl.reconcile.investments import unit_overruns
from kemixl.report.names import AMENDMENTS, BINDING, DEPARTMENTS, PROPOSAL, sheet_title
from kemixl.synth import synthesize, synthesize_period

from .conftest import INPUTS, TEMPLATES, seed_overruns
from .libreoffice import (
    compare_cached_to_recalculated,
    libreoffice,  # noqa: F401  (fixture)
    recalculate,
)
from .test_binding_master import budget, mark

EXCEEDED = {"fi": "ylittyy", "sv": "överskrids", "en": "over"}
SHORT = {"fi": "alittuu", "sv": "underskrids", "en": "under"}
MET = {"fi": "toteutuu", "sv": "enligt budget", "en": "on budget"}


def run(*args: object, lang: str = "en") -> Result:
    """The CLI in a language, with the bundled master data unless args name another."""
    master = [] if "--master" in args else ["--master", str(TEMPLATES)]
    return CliRunner().invoke(main, ["--lang", lang, *(str(a) for a in args), *master])


def ceil_to(amount: float, step: float) -> float:
    return math.ceil(round(amount / step, 9)) * step


def overruns(c: Consolidation) -> dict[str, Finding]:
    return {f.code + f.line_label: f for f in c.findings if f.rule is Rule.BINDING_OVERRUN}


def rows_of(ws: Worksheet) -> dict[str, int]:
    """Column A's texts and their rows, below the header."""
    return {str(ws.cell(r, 1).value): r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value}


def unit_row(ws: Worksheet, code: str, kind: str = "") -> int:
    return next(
        r
        for r in range(1, ws.max_row + 1)
        if str(ws.cell(r, 1).value or "").startswith(code + " ")
        and kind in str(ws.cell(r, 2).value or "")
    )


# --- Kemi: department level, net, against the seed's own table -----------------------------


def seed_tolerance(master: Master, code: str) -> float:
    """The published department margin sums rounded euros: half a euro per figure summed."""
    return 0.5 * (2 * len(master.leaves(code)) + 2) + 1e-6


def test_kemi_findings_name_exactly_the_seeds_overruns(
    sample_report: tuple[Consolidation, Path],
) -> None:
    c, _path = sample_report
    expected = seed_overruns()
    assert 0 < len(expected) < len(c.master.departments)  # the test can tell them apart
    found = {f.code: f for f in overruns(c).values()}
    assert set(found) == set(expected)
    for code, gap in expected.items():
        f = found[code]
        assert f.line_label == "TOIMINTAKATE" and f.column_key == "forecast"
        assert isinstance(f.expected, float) and isinstance(f.submitted, float)
        assert abs((f.expected - f.submitted) - gap) <= seed_tolerance(c.master, code)
        assert f.severity.value == "warning"
        with using("en"):
            text = f.text()
        exceeded = f"is forecast to be exceeded by {format_amount(f.expected - f.submitted, 'en')} "
        assert text.startswith(f"binding appropriation OPERATING MARGIN {exceeded}")
        assert "its department has explained it" in text
        amount = ceil_to(f.expected - f.submitted, 1000)
        assert text.endswith(f"the draft budget amendment adds {format_amount(amount, 'en')}")


@pytest.mark.parametrize("lang", ["fi", "sv", "en", "fi+sv"])
def test_kemi_binding_sheet(
    report_in: Callable[[str], tuple[Consolidation, Path]], lang: str
) -> None:
    c, path = report_in(lang)
    with using(lang):
        name, departments = sheet_title(BINDING), sheet_title_of_departments()
    wb = load_workbook(path, data_only=True)
    formulas = load_workbook(path)
    ws, ws_f = wb[name], formulas[name]
    expected = seed_overruns()
    primary = lang.split("+")[0]
    for d in c.master.departments:
        r = unit_row(ws, d.code)
        budget_, actual, forecast, difference = (ws.cell(r, col).value for col in (3, 4, 5, 6))
        # live: the departments sheet's own cells
        for col in (3, 4, 5):
            formula = ws_f.cell(r, col).value
            assert formula.startswith(f"='{departments}'!") or formula.startswith(
                f"={departments}!"
            ), formula
            target = formula.split("!")[1]
            assert wb[departments][target].value == ws.cell(r, col).value
        assert difference == pytest.approx(forecast - budget_)
        status = ws.cell(r, 8).value
        if d.code in expected:
            assert status.startswith(EXCEEDED[primary])
            assert difference == pytest.approx(
                -expected[d.code], abs=seed_tolerance(c.master, d.code)
            )
        elif forecast > budget_:
            assert status.startswith(SHORT[primary])
        else:
            assert status.startswith(MET[primary]) and forecast == budget_ == 0  # 64400000
        assert actual == pytest.approx(c.amount(d.code, Line.MARGIN, Column.ACTUAL))
    total = unit_row_total(ws, c.master)
    city = c.amount("64000000", Line.MARGIN, Column.FORECAST)
    assert ws.cell(total, 5).value == pytest.approx(city)


def sheet_title_of_departments() -> str:
    return sheet_title(DEPARTMENTS)


def unit_row_total(ws: Worksheet, master: Master) -> int:
    """The row after the last unit's."""
    last = max(unit_row(ws, d.code) for d in master.departments)
    return last + 1


def test_kemi_explanations_stand_beside_their_figures(
    report_in: Callable[[str], tuple[Consolidation, Path]],
) -> None:
    c, path = report_in("fi")
    ws = load_workbook(path)["Sitovat määrärahat"]
    for d in c.master.departments:
        text = ws.cell(unit_row(ws, d.code), 9).value
        told = c.explanations.get(d.code)
        if told is None or not told.explanation.strip():
            assert text == "ei selvitystä"
        else:
            first = told.explanation.strip().split("\n")[0]
            assert text.startswith(" ".join(first.split())[:60])
            assert len(text) < 260
            if len(told.explanation) > 160:
                assert text.endswith(f"… (jatkuu välilehdellä {d.name.capitalize()})")
    # a bilingual report says it in both languages, as its other status words
    c, path = report_in("fi+sv")
    wb = load_workbook(path)
    ws = wb[next(n for n in wb.sheetnames if n.startswith("Sitovat"))]
    silent = [d.code for d in c.master.departments if not _told(c, d.code)]
    assert silent  # the sample has a department without an explanation: the test can tell
    for code in silent:
        assert ws.cell(unit_row(ws, code), 9).value == "ei selvitystä – ingen motivering"


def _told(c: Consolidation, code: str) -> bool:
    told = c.explanations.get(code)
    return told is not None and bool(told.explanation.strip())


@pytest.mark.parametrize("lang", ["fi", "sv", "en", "fi+sv"])
def test_kemi_draft_amendment_sheet(
    report_in: Callable[[str], tuple[Consolidation, Path]], lang: str
) -> None:
    c, path = report_in(lang)
    with using(lang):
        name = sheet_title(PROPOSAL)
    ws = load_workbook(path, data_only=True)[name]
    ws_f = load_workbook(path)[name]
    expected = seed_overruns()
    rows = [unit_row(ws, code) for code in expected]
    assert rows == sorted(rows) and rows == list(range(rows[0], rows[0] + len(rows)))
    amounts = []
    for code, r in zip(expected, rows, strict=True):
        current, forecast, amount, new = (ws.cell(r, col).value for col in (3, 4, 5, 6))
        gap = current - forecast
        assert abs(gap - expected[code]) <= seed_tolerance(c.master, code)
        assert amount == ceil_to(gap, 1000) and amount % 1000 == 0 and amount >= gap
        assert new == current - amount
        assert ws_f.cell(r, 5).value == f"=ROUNDUP(MAX(C{r}-D{r},0)/1000,0)*1000"
        assert ws_f.cell(r, 3).value.startswith("=")  # live, from the binding sheet
        amounts.append(amount)
    total = rows[-1] + 1
    assert ws.cell(total, 5).value == sum(amounts)
    words = [
        str(ws.cell(r, 1).value) for r in range(total + 1, ws.max_row + 1) if ws.cell(r, 1).value
    ]
    formatted = [format_amount(a, lang.split("+")[0]) for a in amounts]
    for code, text in zip(expected, formatted, strict=True):
        (said,) = [w for w in words if w.startswith(code)]
        assert f" {text} " in said, (code, said)
        assert " – " not in said  # running text: the primary language alone, even bilingual
    assert format_amount(sum(amounts), lang.split("+")[0]) in words[-1]


def test_no_overrun_no_amendment(tmp_path: Path) -> None:
    """A city whose every forecast keeps within its budget: the draft says none is needed."""
    root = tmp_path / "org"
    synthesize(root, 2, 2, seed=3)
    master = load_master(root / "templates")
    c = consolidate(root / "inputs", root / "templates", tmp_path / "r.xlsx")
    reported = {
        key: {**values, Column.FORECAST: master.master_amount(*key, Column.TA_AMENDED)}
        for key, values in c.reported.items()
    }
    projects = {  # and every investment project's (their binding units join the draft too)
        (pid, flow): {**values, Column.FORECAST: c.project_amount(pid, flow, Column.TA_AMENDED)}
        for (pid, flow), values in c.projects.items()
    }
    even = dataclasses.replace(c, reported=reported, projects=projects, findings=())
    with using("en"):
        assert overrun_summary(even).render() == (
            "0 binding appropriations forecast to be exceeded, by 0 euros in all"
        )
        from kemixl.report import write_report

        write_report(even, tmp_path / "even.xlsx")
    ws = load_workbook(tmp_path / "even.xlsx")["Draft budget amendment"]
    texts = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)]
    assert (
        "No binding appropriation is forecast to be exceeded: no budget amendment is needed."
        in texts
    )


def test_the_summary_counts_in_every_language(sample_report: tuple[Consolidation, Path]) -> None:
    c, _path = sample_report
    gaps = [f.expected - f.submitted for f in overruns(c).values()]
    n, total = len(gaps), sum(gaps)
    texts = {
        "fi": f"{n} sitovaa määrärahaa ylittyy ennusteen mukaan, yhteensä "
        f"{format_amount(total, 'fi')} euroa",
        "sv": f"{n} bindande anslag överskrids enligt prognosen, med sammanlagt "
        f"{format_amount(total, 'sv')} euro",
        "en": f"{n} binding appropriations forecast to be exceeded, by "
        f"{format_amount(total, 'en')} euros in all",
    }
    for lang, text in texts.items():
        assert overrun_summary(c).render(lang) == text
    assert shortfall_summary(c) is None  # the sample binds net: no revenue estimate
    # one: the others' forecasts kept within their budgets
    keep = next(iter(overruns(c).values())).code
    reported = {
        key: {**v, Column.FORECAST: c.master.master_amount(*key, Column.TA_AMENDED)}
        if c.master.department_of(key[0]) != keep
        else v
        for key, v in c.reported.items()
    }
    one = dataclasses.replace(c, reported=reported)
    assert overrun_summary(one).render("fi").startswith("1 sitova määräraha ylittyy ennusteen")
    assert overrun_summary(one).render("en").startswith("1 binding appropriation forecast")


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("fi", "sitovaa määrärahaa ylittyy ennusteen mukaan, yhteensä"),
        ("sv", "bindande anslag överskrids enligt prognosen, med sammanlagt"),
        ("en", "binding appropriations forecast to be exceeded, by"),
    ],
)
def test_the_cli_says_it_after_the_count(lang: str, line: str, tmp_path: Path) -> None:
    for command in (
        ["consolidate", str(INPUTS), "--output", str(tmp_path / "r.xlsx")],
        ["check", str(INPUTS)],
    ):
        result = run(*command, lang=lang)
        assert result.exit_code == 0, result.output
        lines = result.output.splitlines()
        count = next(i for i, text in enumerate(lines) if line in text)
        assert lines[count].startswith(f"{len(seed_overruns())} ")
        assert lines[count - 1].startswith("0 ")  # the count of errors, warnings and notes


def test_an_unexplained_overrun_says_so(sample_report: tuple[Consolidation, Path]) -> None:
    from kemixl.reconcile.binding import binding_rules

    c, _path = sample_report
    code = next(iter(overruns(c).values())).code
    silent = dataclasses.replace(
        c, explanations={k: v for k, v in c.explanations.items() if k != code}
    )
    (f,) = [f for f in binding_rules(silent, set()) if f.code == code]
    with using("en"):
        assert "its department has not explained it (template sheet Explanations" in f.text()


def test_a_department_that_sent_nothing_is_left_out(
    sample_report: tuple[Consolidation, Path],
) -> None:
    c, _path = sample_report
    code = next(iter(overruns(c).values())).code
    absent = dataclasses.replace(
        c, submitted_departments=c.submitted_departments - {code}, findings=()
    )
    from kemixl.reconcile import binding_overruns

    assert code not in {s.unit.code for s in binding_overruns(absent)}
    assert len(binding_overruns(absent)) == len(overruns(c)) - 1


def test_a_department_that_has_not_returned_is_not_flagged(tmp_path: Path) -> None:
    """Its forecast is unknown: the binding row says 'ei palautettu', its forecast and
    difference are empty, and neither the findings nor the draft speak of it."""
    code = sorted(seed_overruns())[0]
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for path in INPUTS.glob("*.xlsx"):
        if not path.name.startswith(code):
            shutil.copy(path, inputs / path.name)
    out = tmp_path / "r.xlsx"
    c = consolidate(inputs, TEMPLATES, out)
    assert c.not_returned(code)
    assert code not in {f.code for f in overruns(c).values()}
    wb = load_workbook(out, data_only=True)
    binding = wb["Sitovat määrärahat"]
    r = unit_row(binding, code)
    assert binding.cell(r, 8).value == "ei palautettu"
    assert binding.cell(r, 5).value is None and binding.cell(r, 6).value is None
    assert binding.cell(r, 3).value == c.amount(code, Line.MARGIN, Column.TA_AMENDED)
    # the total lacks that department's forecast: no difference, no ylittyy / alittuu, as the
    # departments sheet leaves the city's status; its budget and known figures still add up
    total = rows_of(binding)["Yhteensä"]
    assert binding.cell(total, 8).value == "ei palautettu"
    assert binding.cell(total, 6).value is None and binding.cell(total, 7).value is None
    assert binding.cell(total, 3).value == pytest.approx(
        c.amount(c.master.root.code, Line.MARGIN, Column.TA_AMENDED)
    )
    note = str(binding.cell(total + 1, 1).value)  # and says so, as the departments sheet does
    assert note.startswith("Ei palautettu: ") and terms.centre_name(c.master.centre(code)) in note  # type: ignore[arg-type]
    draft = wb["Talousarviomuutosesitys"]
    assert not any(str(v or "").startswith(code) for v in (c.value for c in draft["A"]))


@pytest.mark.usefixtures("libreoffice")
def test_the_sheets_follow_an_edited_forecast(
    sample_report: tuple[Consolidation, Path], tmp_path: Path
) -> None:
    """Forecasts made worse on the departments sheet: LibreOffice's recalculation turns a
    department's status to ylittyy and grows the draft's amount for another by as much."""
    c, path = sample_report
    exceeded = {f.code for f in overruns(c).values()}
    code = sorted(exceeded)[0]
    calm = next(
        d.code
        for d in c.master.departments
        if d.code not in exceeded and c.master.has_budget(d.code)
    )
    wb, cached = load_workbook(path), load_workbook(path, data_only=True)
    draft = cached["Talousarviomuutosesitys"]
    old_amount = draft.cell(unit_row(draft, code), 5).value
    for target, change in ((code, -1_000_000), (calm, -50_000_000)):
        costs = unit_row(cached["Toimialat"], target) + 2  # the block's TOIMINTAKULUT row
        wb["Toimialat"].cell(costs, 7).value = cached["Toimialat"].cell(costs, 7).value + change
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    after = load_workbook(recalculate(edited, tmp_path), data_only=True)
    binding = after["Sitovat määrärahat"]
    assert binding.cell(unit_row(binding, calm), 8).value == "ylittyy"
    draft = after["Talousarviomuutosesitys"]
    assert draft.cell(unit_row(draft, code), 5).value == old_amount + 1_000_000


# --- a gross organisation: revenue estimates and appropriations bind each on their own ------


@pytest.fixture(scope="module")
def gross(tmp_path_factory: pytest.TempPathFactory) -> tuple[Consolidation, Path, Path]:
    root = tmp_path_factory.mktemp("gross")
    synthesize(root, 4, 3, seed=3)
    master_dir = root / "templates"
    budget(master_dir, 'measure = "gross"\nround_to = 100\n')
    synthesize_period(master_dir, root / "submissions", seed=3)
    out, proposal = root / "report.xlsx", root / "draft.csv"
    c = consolidate(root / "submissions", master_dir, out, language="en", proposal=proposal)
    return c, out, proposal


def own_figures(c: Consolidation, code: str, line: Line) -> tuple[float, float]:
    """A department's Muutettu TA and forecast of a line, summed here from the master's rows
    and the submissions' figures."""
    master = c.master
    leaves, stack = [], [code]
    while stack:
        node = stack.pop()
        kids = [k.code for k in master.centres if k.parent == node]
        stack += kids
        if not kids:
            leaves.append(node)
    budget_ = sum(
        master.figures.get((leaf, line), {}).get(Column.TA_AMENDED, 0.0) for leaf in leaves
    )
    forecast = sum(c.reported.get((leaf, line), {}).get(Column.FORECAST, 0.0) for leaf in leaves)
    return round(budget_, 2), round(forecast, 2)


def test_gross_findings_and_sheet(gross: tuple[Consolidation, Path, Path]) -> None:
    c, path, _proposal = gross
    assert not any(f.severity.value == "error" for f in c.findings)
    wb = load_workbook(path, data_only=True)
    ws = wb["Binding appropriations"]
    found = overruns(c)
    kinds = {  # the row's words, and its status on the unfavourable and the favourable side
        Line.INCOME: ("OPERATING REVENUE, revenue estimate", "under", "over"),
        Line.COSTS: ("OPERATING EXPENSES, appropriation", "over", "under"),
    }
    seen = set()
    for d in c.master.departments:
        for line in INPUT_LINES:
            words, worse, better = kinds[line]
            budget_, forecast = own_figures(c, d.code, line)
            r = unit_row(ws, d.code, words)
            assert (ws.cell(r, 3).value, ws.cell(r, 5).value) == pytest.approx((budget_, forecast))
            key = d.code + line.value
            if forecast < budget_:
                seen.add(line)
                assert ws.cell(r, 8).value == worse
                f = found[key]
                assert f.expected - f.submitted == pytest.approx(budget_ - forecast)
            else:
                assert ws.cell(r, 8).value == (better if forecast > budget_ else "on budget")
                assert key not in found
    assert seen == {Line.INCOME, Line.COSTS}  # both kinds occur: the test tells them apart
    labels = rows_of(ws)
    for label, line in (
        ("Revenue estimates in total", Line.INCOME),
        ("Appropriations in total", Line.COSTS),
    ):
        assert ws.cell(labels[label], 3).value == pytest.approx(
            c.amount("70000000", line, Column.TA_AMENDED)
        )
    net = labels["Total, net"]
    assert ws.cell(net, 5).value == pytest.approx(
        c.amount("70000000", Line.MARGIN, Column.FORECAST)
    )
    income_text = next(f.text("en") for f in found.values() if f.line_label == "TOIMINTATUOTOT")
    assert income_text.startswith(
        "binding revenue estimate OPERATING REVENUE is forecast to fall short by "
    )
    assert "is forecast to fall short by" in income_text


def test_gross_proposal_csv_covers_each_unit(gross: tuple[Consolidation, Path, Path]) -> None:
    c, _path, proposal = gross
    text = proposal.read_text(encoding="utf-8")
    # the column project where binding investment units join (test_investments_proposal.py)
    header = text.splitlines()[0]
    assert header in ("date,decision,code,line,amount", "date,decision,code,line,amount,project")
    every = list(csv.DictReader(text.splitlines()))
    assert every and all(r["date"] == "" and r["decision"] == "" for r in every)
    projects = [r for r in every if r.get("project")]
    investment = [f for f in c.findings if f.rule is Rule.INVESTMENT_OVERRUN]
    assert sum(float(r["amount"]) for r in projects) == -sum(
        ceil_to(f.expected - f.submitted, 100) for f in investment
    )
    rows = [r for r in every if not r.get("project")]
    per_unit: dict[str, float] = {}
    for r in rows:
        leaf = r["code"]
        assert not c.master.children(leaf)  # amendments.csv takes result areas only
        department = c.master.department_of(leaf)
        amount = float(r["amount"])
        assert amount < 0 and amount % 100 == 0
        budget_ = c.master.figures[(leaf, Line(r["line"]))][Column.TA_AMENDED]
        forecast = c.reported[(leaf, Line(r["line"]))][Column.FORECAST]
        assert forecast < budget_  # shared only among lines that fall short themselves
        key = f"{department}{r['line']}"
        per_unit[key] = per_unit.get(key, 0.0) + amount
    for key, f in overruns(c).items():
        assert per_unit[key] == -ceil_to(f.expected - f.submitted, 100)
    assert set(per_unit) == set(overruns(c))


@pytest.mark.usefixtures("libreoffice")
def test_gross_workbook_recalculates_alike(
    gross: tuple[Consolidation, Path, Path], tmp_path: Path
) -> None:
    _c, path, _proposal = gross
    report = compare_cached_to_recalculated(path, tmp_path)
    assert report.mismatches == [] and report.formula_count > 100


# --- a city that binds at result-area level, one department as a whole --------------------


@pytest.fixture(scope="module")
def areas(tmp_path_factory: pytest.TempPathFactory) -> tuple[Consolidation, Path]:
    root = tmp_path_factory.mktemp("areas")
    synthesize(root, 3, 3, seed=11)
    master_dir = root / "templates"
    budget(master_dir, 'level = "result-area"\nround_to = 5000\n')
    before = load_master(master_dir)
    whole = before.departments[1]
    mark(master_dir, {whole.code: "yes", **{a.code: "no" for a in before.children(whole.code)}})
    synthesize_period(master_dir, root / "submissions", seed=11)
    out = root / "report.xlsx"
    return consolidate(root / "submissions", master_dir, out, language="fi"), out


def test_result_area_binding(areas: tuple[Consolidation, Path]) -> None:
    c, path = areas
    master = c.master
    whole = master.departments[1]
    expected_units = [
        *(a.code for a in master.children(master.departments[0].code)),
        whole.code,
        *(a.code for a in master.children(master.departments[2].code)),
    ]
    wb = load_workbook(path, data_only=True)
    formulas = load_workbook(path)["Sitovat määrärahat"]
    ws = wb["Sitovat määrärahat"]
    rows = [unit_row(ws, code) for code in expected_units]
    assert rows == list(range(rows[0], rows[0] + len(rows)))
    found = {f.code for f in overruns(c).values()}
    for code, r in zip(expected_units, rows, strict=True):
        budget_ = sum(own_figures(c, code, line)[0] for line in INPUT_LINES)
        forecast = sum(own_figures(c, code, line)[1] for line in INPUT_LINES)
        assert (ws.cell(r, 3).value, ws.cell(r, 5).value) == pytest.approx((budget_, forecast))
        sheet = formulas.cell(r, 3).value.split("!")[0].lstrip("=").strip("'")
        assert sheet == (
            "Toimialat"
            if code == whole.code
            else master.centre(master.department_of(code)).name.capitalize()
        )
        assert (code in found) == (round(forecast, 2) < round(budget_, 2))
    assert found  # at least one exceeds: the draft has rows
    draft = wb["Talousarviomuutosesitys"]
    for f in overruns(c).values():
        r = unit_row(draft, f.code)
        assert draft.cell(r, 5).value == ceil_to(f.expected - f.submitted, 5000)


@pytest.mark.usefixtures("libreoffice")
def test_result_area_workbook_recalculates_alike(
    areas: tuple[Consolidation, Path], tmp_path: Path
) -> None:
    _c, path = areas
    assert compare_cached_to_recalculated(path, tmp_path).mismatches == []


# --- the draft read back by the next period's master ----------------------------------------


def test_the_draft_goes_into_the_next_periods_amendments(tmp_path: Path) -> None:
    """consolidate --proposal, the council decides, finance fills in the date and the decision
    and adds the rows to the rolled-over master's amendments.csv: the next report's Muutettu TA
    includes them, and the same forecasts exceed nothing any more."""
    from .builders import sample_reported
    from .test_rollover import _fill, blank_amended

    june, draft = tmp_path / "june.xlsx", tmp_path / "draft.csv"
    result = run("consolidate", INPUTS, "--output", june, "--proposal", draft)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(draft.read_text(encoding="utf-8").splitlines()))
    assert f"wrote {draft}: {len(rows)} rows of the draft budget amendment" in result.output
    c = consolidate(INPUTS, TEMPLATES, tmp_path / "again.xlsx")
    before = {f.code: f for f in overruns(c).values()}
    new = tmp_path / "templates-2023-08"
    result = run(
        "rollover",
        june,
        "--master",
        TEMPLATES,
        "--to-month",
        8,
        "--output",
        new,
        "--deadline",
        "2023-09-15",
    )
    assert result.exit_code == 0, result.output
    figures = (new / "figures.csv").read_text(encoding="utf-8")
    for r in rows:  # their Muutettu TA is derived from amendments.csv from now on
        line = next(x for x in figures.splitlines() if x.startswith(f"{r['code']},{r['line']},"))
        blank_amended(new, line)
    decided = [{**r, "date": "2023-07-10", "decision": "Kvalt 10.7.2023 § 55"} for r in rows]
    with (new / "amendments.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(
            f, fieldnames=["date", "decision", "code", "line", "amount"], lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows(decided)
    master = load_master(new)
    old = load_master(TEMPLATES)
    for code, f in before.items():
        amendment = sum(float(r["amount"]) for r in rows if old.department_of(r["code"]) == code)
        assert amendment == -ceil_to(f.expected - f.submitted, 1000)
        assert master.master_amount(code, Line.MARGIN, Column.TA_AMENDED) == pytest.approx(
            old.master_amount(code, Line.MARGIN, Column.TA_AMENDED) + amendment
        )
    inputs = _fill(master, new, tmp_path / "august", sample_reported(), {})
    august = consolidate(inputs, new, tmp_path / "august.xlsx", language="en")
    assert overruns(august) == {}
    with using("en"):
        departments, amendments = sheet_title_of_departments(), sheet_title(AMENDMENTS)
    ws = load_workbook(tmp_path / "august.xlsx", data_only=True)[departments]
    for code in before:
        r = unit_row(ws, code) + 3
        assert ws.cell(r, 4).value == pytest.approx(
            master.master_amount(code, Line.MARGIN, Column.TA_AMENDED)
        )
    amended = load_workbook(tmp_path / "august.xlsx", data_only=True)[amendments]
    decisions = [amended.cell(r, 2).value for r in range(1, amended.max_row + 1)]
    assert decisions.count("Kvalt 10.7.2023 § 55") == len(rows)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("draft.txt", "the draft amendment must be a .csv file"),
        ("folder", "is a folder; give a file name ending in .csv"),
    ],
)
def test_a_proposal_that_cannot_be_written_is_refused_first(
    tmp_path: Path, name: str, message: str
) -> None:
    (tmp_path / "folder").mkdir()
    out = tmp_path / "r.xlsx"
    result = run("consolidate", INPUTS, "--output", out, "--proposal", tmp_path / name)
    assert result.exit_code == 2
    assert result.output.strip().endswith(message)
    assert not out.exists()  # refused before any work


def test_the_cli_says_which_draft_lines_hold_changes_amendments_csv_lacks(tmp_path: Path) -> None:
    """A line whose Muutettu TA in figures.csv is not TA plus amendments.csv (the city's earlier
    amendments are not recorded there) cannot simply take the draft's row: the next master
    refuses a ta_amended that disagrees with its amendments, and a blank one would drop the
    earlier changes. The CLI names each such line of the draft and the change to record."""
    org, draft = tmp_path / "org", tmp_path / "draft.csv"
    made = CliRunner().invoke(
        main, ["synth", str(org), *("--departments", "3", "--areas", "3", "--seed", "7")]
    )
    assert made.exit_code == 0, made.output
    result = run(
        "consolidate", org / "inputs", "--master", org / "templates",
        "--output", tmp_path / "r.xlsx", "--proposal", draft,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    with (org / "templates" / "figures.csv").open(encoding="utf-8") as f:
        figures = {(r["code"], r["line"]): r for r in csv.DictReader(f)}
    assert not (org / "templates" / "amendments.csv").exists()
    with draft.open(encoding="utf-8") as f:
        lines = [(r["code"], r["line"]) for r in csv.DictReader(f) if not r.get("project")]
    lacking = [k for k in lines if figures[k]["ta"] != figures[k]["ta_amended"]]
    assert lacking and len(lacking) < len(lines)  # the synthetic city has both kinds
    said = [x for x in result.output.splitlines() if "not recorded in amendments.csv" in x]
    assert len(said) == len(lacking), result.output
    for (code, line), text in zip(lacking, said, strict=True):
        difference = float(figures[(code, line)]["ta_amended"]) - float(figures[(code, line)]["ta"])
        with using("en"):
            assert f"{code} {line}" in text and format_amount(difference) in text, text


def test_gross_summary_counts_shortfalls_apart(gross: tuple[Consolidation, Path, Path]) -> None:
    """A revenue estimate falling short is not an appropriation exceeded: the CLI's line of
    appropriations counts the appropriations (and investment units) only, a second line the
    revenue estimates."""
    c, _path, _proposal = gross
    found = overruns(c)
    income = [f.expected - f.submitted for f in found.values() if f.line_label == "TOIMINTATUOTOT"]
    costs = [f.expected - f.submitted for f in found.values() if f.line_label != "TOIMINTATUOTOT"]
    assert income and costs
    investments = [s.overrun for s in unit_overruns(c)]
    n, total = len(costs) + len(investments), sum(costs) + sum(investments)
    assert overrun_summary(c).render("en") == (
        f"{n} binding appropriation{'s' if n != 1 else ''} forecast to be exceeded, by "
        f"{format_amount(total, 'en')} euros in all"
    )
    shortfall = shortfall_summary(c)
    assert shortfall is not None
    k, short = len(income), sum(income)
    texts = {
        "en": f"{k} binding revenue estimate{'s' if k != 1 else ''} forecast to fall short, by "
        f"{format_amount(short, 'en')} euros in all",
        "fi": f"{k} sitova{'a' if k != 1 else ''} tuloarvio{'ta' if k != 1 else ''} alittuu "
        f"ennusteen mukaan, yhteensä {format_amount(short, 'fi')} euroa",
    }
    for lang, text in texts.items():
        assert shortfall.render(lang) == text
    assert shortfall.render("sv").startswith(f"{k} bindande beräknad")


def test_the_cli_says_the_shortfalls_after_the_overruns(
    gross: tuple[Consolidation, Path, Path],
) -> None:
    c, path, _proposal = gross
    root = path.parent
    result = run("check", root / "submissions", "--master", root / "templates", lang="fi")
    lines = result.output.splitlines()
    over = lines.index(overrun_summary(c).render("fi"))
    assert lines[over - 1].startswith("0 virhettä")  # after the count of findings
    shortfall = shortfall_summary(c)
    assert shortfall is not None and lines[over + 1] == shortfall.render("fi")
    assert "tuloarvio" in lines[over + 1] and "alittuu ennusteen mukaan" in lines[over + 1]
