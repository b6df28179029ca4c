"""One test per reconciliation rule that makes it fire, named to the cell; plus the CLI contract.

Most tests build a free-form department workbook with `write_submission` and the default `Drift`,
whose layout is fixed (and relied on below for the A1 cells):

    row 1: header; B TP 2022, C TA 2023, D Muutettu TA 2023, E Toteuma 01-06/2023,
           F Toteuma-%, G TP-ENNUSTE 2023
    then one block of four rows per cost centre, starting at row 2: the code row (column A),
    TOIMINTATUOTOT, TOIMINTAKULUT, TOIMINTAKATE. Extra blocks come first, then the result
    areas in master order, then the department total.

    64100000 workbook: 64110000 A2 (rows 3-5), 64120000 A6 (7-9), 64130000 A10 (11-13),
                       64140000 A14 (15-17), 64150000 A18 (19-21), total 64100000 A22 (23-25).

(template-altered is covered in test_templates.py.)
"""

from __future__ import annotations

import random
import re
import shutil
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from openpyxl import load_workbook

from kemixl import layout as T
from kemixl.cli import main
from kemixl.findings import Finding, Rule, Severity
from kemixl.i18n import using
from kemixl.master import load_master
from kemixl.model import Column, Line, Master
from kemixl.pipeline import check
from kemixl.reconcile import Consolidation, reconcile
from kemixl.submissions.reader import read_submission
from kemixl.templates.fill import fill_template
from kemixl.templates.writer import write_templates

from .builders import Drift, Reported, project_inputs, sample_reported, write_submission
from .conftest import INPUTS, TEMPLATES, seed_overruns


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """These tests read the messages' English words (fi/sv: tests/test_messages.py)."""
    with using("en"):
        yield


E, W, N = Severity.ERROR, Severity.WARNING, Severity.NOTE
KV = "64100000"  # KESKUSVIRASTO: forecast within budget, so no overrun warning by default

# ---------------------------------------------------------------------------------------------
# helpers


def freeform(
    folder: Path,
    master: Master,
    drift: Drift | None = None,
    dept: str = KV,
    name: str = "kv.xlsx",
    reported: Reported | None = None,
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return write_submission(
        folder / name, master, dept, reported or sample_reported(), drift or Drift()
    )


def sample_folder(tmp_path: Path, drop: tuple[str, ...] = ()) -> Path:
    """A copy of the bundled inputs without the workbooks of the departments in `drop`."""
    dst = tmp_path / "inputs"
    shutil.copytree(INPUTS, dst)
    for dept in drop:
        for p in dst.glob(f"{dept}_*.xlsx"):
            p.unlink()
    return dst


def hits(c: Consolidation, rule: Rule) -> list[Finding]:
    return [f for f in c.findings if f.rule is rule]


def where(f: Finding) -> tuple[object, ...]:
    """What a finding says about itself, for exact comparisons."""
    return (f.rule, f.severity, f.file, f.sheet, f.cell, f.code, f.submitted, f.expected)


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("templates")
    return {
        r.department: r.path
        for r in write_templates(load_master(TEMPLATES), out)
        if r.path is not None
    }


# ---------------------------------------------------------------------------------------------
# the clean sample


def test_clean_sample_fires_only_notes(master: Master) -> None:
    """Notes, and a warning for each binding appropriation the seed forecasts to be exceeded
    (the council's business, not an error in the data)."""
    c = check(INPUTS, master)
    warned = [(f.rule, f.code) for f in c.findings if f.severity is W]
    assert warned == [(Rule.BINDING_OVERRUN, code) for code in sorted(seed_overruns())]
    assert [(f.rule, f.code) for f in c.findings if f.severity is not W] == [
        (Rule.NOT_REQUIRED, "64400000"),
        (Rule.SUBMITTED, "64100000"),
        (Rule.SUBMITTED, "64200000"),
        (Rule.SUBMITTED, "64300000"),
        (Rule.SUBMITTED, "64500000"),
    ]
    assert {f.severity for f in c.findings} == {N, W}


# ---------------------------------------------------------------------------------------------
# codes and departments


def test_unknown_code(tmp_path: Path, master: Master) -> None:
    path = freeform(tmp_path, master, Drift(extra_blocks=["64990000"]))
    c = check(path, master)
    assert [where(f) for f in hits(c, Rule.UNKNOWN_CODE)] == [
        (Rule.UNKNOWN_CODE, E, "kv.xlsx", "Taul1", "A2", "64990000", None, None)
    ]


def test_wrong_department(tmp_path: Path, master: Master) -> None:
    path = freeform(tmp_path, master, Drift(extra_blocks=["64210000"]))
    c = check(path, master)
    found = hits(c, Rule.WRONG_DEPARTMENT)
    assert [where(f) for f in found] == [
        (Rule.WRONG_DEPARTMENT, E, "kv.xlsx", "Taul1", "A2", "64210000", None, None)
    ]
    assert "64200000" in found[0].text() and KV in found[0].text()


def test_duplicate_cost_centre_in_one_workbook(tmp_path: Path, master: Master) -> None:
    # 64120000 first as an extra block at A2, then again in its own place at A10.
    path = freeform(tmp_path, master, Drift(extra_blocks=["64120000"]))
    c = check(path, master)
    found = hits(c, Rule.DUPLICATE_CODE)
    assert [where(f) for f in found] == [
        (Rule.DUPLICATE_CODE, E, "kv.xlsx", "Taul1", "A10", "64120000", None, None)
    ]
    assert "Taul1!A2" in found[0].text()  # points at the first occurrence


def test_duplicate_cost_centre_across_departments(tmp_path: Path, master: Master) -> None:
    # ELINVOIMATOIMIALA's own template carries 64210000; KESKUSVIRASTO's workbook repeats it.
    inputs = sample_folder(tmp_path, drop=(KV,))
    freeform(inputs, master, Drift(extra_blocks=["64210000"]))
    c = check(inputs, master)
    found = [f for f in hits(c, Rule.DUPLICATE_CODE) if f.code == "64210000"]
    assert [where(f) for f in found] == [
        (Rule.DUPLICATE_CODE, E, "kv.xlsx", "Taul1", "A2", "64210000", None, None)
    ]
    assert "64200000_elinvoimatoimiala_2023_01-06.xlsx" in found[0].text()


def test_duplicate_across_departments_is_reported_where_the_code_does_not_belong(
    tmp_path: Path, master: Master
) -> None:
    inputs = sample_folder(tmp_path, drop=(KV,))
    freeform(inputs, master, Drift(extra_blocks=["64210000"]), name="0_kv.xlsx")  # sorts first
    c = check(inputs, master)
    found = [f for f in hits(c, Rule.DUPLICATE_CODE) if f.code == "64210000"]
    assert [(f.file, f.sheet, f.cell) for f in found] == [("0_kv.xlsx", "Taul1", "A2")]


def test_duplicate_department_names_both_files(tmp_path: Path, master: Master) -> None:
    inputs = sample_folder(tmp_path)
    freeform(inputs, master)  # a second KESKUSVIRASTO workbook
    c = check(inputs, master)
    found = hits(c, Rule.DUPLICATE_DEPARTMENT)
    assert [where(f) for f in found] == [
        (Rule.DUPLICATE_DEPARTMENT, E, "kv.xlsx", "", "", KV, None, None)
    ]
    assert "64100000_keskusvirasto_2023_01-06.xlsx" in found[0].text()
    assert "kv.xlsx" in found[0].text()


@pytest.mark.parametrize(
    ("dept", "missing", "severity"),
    [
        (KV, "64120000", E),  # TIETOHALLINTOPALVELUT has a budget
        ("64500000", "64550000", W),  # AUTO- JA KONEVÄLITYS: TA 0
    ],
    ids=["with-budget-error", "no-budget-warning"],
)
def test_missing_result_area(
    tmp_path: Path, master: Master, dept: str, missing: str, severity: Severity
) -> None:
    omit = {(missing, line) for line in Line}  # a code row without lines is not a block
    path = freeform(tmp_path, master, Drift(omit=omit), dept=dept)
    c = check(path, master)
    assert [where(f) for f in hits(c, Rule.MISSING_RESULT_AREA)] == [
        (Rule.MISSING_RESULT_AREA, severity, "kv.xlsx", "", "", missing, None, None)
    ]


def test_missing_department(tmp_path: Path, master: Master) -> None:
    c = check(sample_folder(tmp_path, drop=("64200000",)), master)
    assert [where(f) for f in hits(c, Rule.MISSING_DEPARTMENT)] == [
        (Rule.MISSING_DEPARTMENT, E, "", "", "", "64200000", None, None)
    ]
    # PERUSTURVATOIMIALA has no budget: nobody submits for it, and that is only a note.
    assert [where(f) for f in hits(c, Rule.NOT_REQUIRED)] == [
        (Rule.NOT_REQUIRED, N, "", "", "", "64400000", None, None)
    ]


# ---------------------------------------------------------------------------------------------
# figures


def test_text_in_number_cell(tmp_path: Path, master: Master) -> None:
    drift = Drift(overrides={("64110000", Line.COSTS, Column.ACTUAL): "n. 200 000"})
    c = check(freeform(tmp_path, master, drift), master)
    found = hits(c, Rule.TEXT_IN_NUMBER)
    assert [where(f) for f in found] == [
        (Rule.TEXT_IN_NUMBER, E, "kv.xlsx", "Taul1", "E4", "64110000", "n. 200 000", None)
    ]
    # An unknown number must not set off sum checks that depend on it.
    assert hits(c, Rule.SUM_MISMATCH) == []


@pytest.mark.parametrize(
    ("column", "code", "line", "cell", "master_value"),
    [
        (Column.TP_PREV, "64120000", Line.INCOME, "B7", 1688885),
        (Column.TA, "64130000", Line.COSTS, "C12", -645287),
        (Column.TA_AMENDED, "64140000", Line.INCOME, "D15", 585585),
    ],
    ids=["tp", "ta", "muutettu-ta"],
)
def test_master_figure_differs(
    tmp_path: Path,
    master: Master,
    column: Column,
    code: str,
    line: Line,
    cell: str,
    master_value: float,
) -> None:
    altered = master_value + 1000
    c = check(freeform(tmp_path, master, Drift(overrides={(code, line, column): altered})), master)
    found = hits(c, Rule.MASTER_MISMATCH)
    assert [where(f) for f in found] == [
        (Rule.MASTER_MISMATCH, E, "kv.xlsx", "Taul1", cell, code, altered, master_value)
    ]
    assert master.period.column_title(column) in found[0].text("fi")  # the titles as printed


# 64110000 Toteuma: 106 571 - 1 439 849 = -1 333 278 (TOIMINTAKATE at E5).
# 64100000 TOIMINTAKULUT Toteuma: the five result areas sum to -3 040 041 (at E24).
@pytest.mark.parametrize(
    ("code", "line", "value", "expected"),
    [
        ("64110000", Line.MARGIN, -1333268.0, ("E5", -1333278.0)),  # off by 10 €
        ("64110000", Line.MARGIN, -1333277.0, None),  # off by 1 €: rounding, not an error
        (KV, Line.COSTS, -3050041.0, ("E24", -3040041.0)),  # department total off by 10 000 €
    ],
    ids=["margin-off-10", "margin-off-1-tolerated", "total-off-10000"],
)
def test_sum_does_not_add_up(
    tmp_path: Path,
    master: Master,
    code: str,
    line: Line,
    value: float,
    expected: tuple[str, float] | None,
) -> None:
    drift = Drift(overrides={(code, line, Column.ACTUAL): value})
    c = check(freeform(tmp_path, master, drift), master)
    found = [where(f) for f in hits(c, Rule.SUM_MISMATCH)]
    if expected is None:
        assert found == []
    else:
        cell, right = expected
        assert (Rule.SUM_MISMATCH, E, "kv.xlsx", "Taul1", cell, code, value, right) in found


def test_a_wrong_margin_is_reported_once_at_its_own_cell(tmp_path: Path, master: Master) -> None:
    drift = Drift(overrides={("64110000", Line.MARGIN, Column.ACTUAL): -1333268.0})
    c = check(freeform(tmp_path, master, drift), master)
    assert [(f.cell, f.code) for f in hits(c, Rule.SUM_MISMATCH)] == [("E5", "64110000")]


def test_wrong_sign(tmp_path: Path, master: Master) -> None:
    drift = Drift(
        overrides={
            ("64110000", Line.COSTS, Column.ACTUAL): 1439849.0,  # costs entered as positive
            ("64120000", Line.INCOME, Column.FORECAST): -1050000.0,  # income entered as negative
            # SOTEVASTUUT has a budget of 0: no sign is expected, either way round.
            ("64150000", Line.INCOME, Column.FORECAST): -5000.0,
        }
    )
    c = check(freeform(tmp_path, master, drift), master)
    assert [where(f) for f in hits(c, Rule.WRONG_SIGN)] == [
        (Rule.WRONG_SIGN, E, "kv.xlsx", "Taul1", "E4", "64110000", 1439849.0, -1439849.0),
        (Rule.WRONG_SIGN, E, "kv.xlsx", "Taul1", "G7", "64120000", -1050000.0, 1050000.0),
    ]


def test_positive_costs_where_budget_is_zero_are_not_wrong_sign(master: Master) -> None:
    # The seed's 64150000 SOTEVASTUUT reports TOIMINTAKULUT +119 284 against a budget of 0.
    sub = read_submission(next(INPUTS.glob(f"{KV}_*.xlsx")))
    costs = next(b for b in sub.blocks if b.code == "64150000").lines[Line.COSTS]
    assert costs[Column.ACTUAL].value == 119284  # the input really carries positive costs
    assert hits(reconcile(master, [sub]), Rule.WRONG_SIGN) == []


@pytest.mark.parametrize(
    ("name", "warns"),
    [
        ("HALLINTO", True),
        ("HALLINTOPALVELUT JA KEHITYS", True),
        ("hallintopalvelut", False),
        ("HALLINTOPALVELUT  ", False),
        ("  Hallintopalvelut", False),
    ],
)
def test_name_differs(tmp_path: Path, master: Master, name: str, warns: bool) -> None:
    c = check(freeform(tmp_path, master, Drift(names={"64110000": name})), master)
    expected = [
        (
            Rule.NAME_MISMATCH,
            W,
            "kv.xlsx",
            "Taul1",
            "A2",
            "64110000",
            name.strip(),
            "HALLINTOPALVELUT",
        )
    ]
    assert [where(f) for f in hits(c, Rule.NAME_MISMATCH)] == (expected if warns else [])


def test_empty_submission_is_an_untouched_template(
    templates: dict[str, Path], master: Master
) -> None:
    path = templates[KV]
    c = check(path, master)
    assert [where(f) for f in hits(c, Rule.EMPTY_SUBMISSION)] == [
        (Rule.EMPTY_SUBMISSION, E, path.name, "", "", KV, None, None)
    ]


# KESKUSVIRASTO: amended budget TOIMINTAKATE -4 385 749; forecast -4 029 975 with the sample's
# 64110000 TOIMINTAKULUT forecast of -2 900 000. Lowering that forecast by 405 774 makes the
# department's forecast TOIMINTAKATE -4 435 749: an overrun of exactly 50 000 (materiality).
def _overrun(extra: float) -> Reported:
    reported = sample_reported()
    reported[("64110000", Line.COSTS)][Column.FORECAST] = -2900000.0 - 405774.0 - extra
    return reported


@pytest.mark.parametrize(("extra", "fires"), [(0.0, True), (-1.0, False)], ids=["50000", "49999"])
def test_unexplained_overrun(tmp_path: Path, master: Master, extra: float, fires: bool) -> None:
    assert master.settings.materiality == 50000
    c = check(freeform(tmp_path, master, reported=_overrun(extra)), master)
    found = [where(f) for f in hits(c, Rule.UNEXPLAINED_OVERRUN)]
    forecast = -4435749.0 - extra
    expected = [(Rule.UNEXPLAINED_OVERRUN, W, "kv.xlsx", "", "", KV, forecast, -4385749.0)]
    # (a free-form sheet without an explanation heading: no cell to name)
    assert found == (expected if fires else [])


def test_overrun_names_the_result_area_and_where_to_explain(tmp_path: Path, master: Master) -> None:
    """The message names the result area that overruns most and where the explanation goes:
    under the free-form table (its sheet named) when the workbook has no explanation heading,
    else the cell right of that heading."""
    path = freeform(tmp_path, master, reported=_overrun(100000.0))
    (f,) = hits(check(path, master), Rule.UNEXPLAINED_OVERRUN)
    text = f.text("en")
    assert ", most in result area 64110000 HALLINTOPALVELUT (" in text
    assert text.endswith(
        "with no explanation; write the explanation under the table on sheet Taul1, after a line "
        "'Budget implementation and the specific means of preventing a possible budget overrun…'"
    )
    wb = load_workbook(path)
    ws = wb.create_sheet("Perustelut")
    ws["A3"] = T.EXPLANATION_LABEL  # the heading, with nothing written beside it yet
    wb.save(path)
    (f,) = hits(check(path, master), Rule.UNEXPLAINED_OVERRUN)
    assert f.text("en").endswith("with no explanation; write the explanation in Perustelut!B3")
    assert (f.file, f.sheet, f.cell) == ("kv.xlsx", "Perustelut", "B3")


def test_explained_overrun_is_quiet(tmp_path: Path, master: Master) -> None:
    path = freeform(tmp_path, master, reported=_overrun(100000.0))
    assert hits(check(path, master), Rule.UNEXPLAINED_OVERRUN)  # fires before the explanation
    wb = load_workbook(path)
    ws = wb.create_sheet("Perustelut")
    ws["A1"] = T.EXPLANATION_LABEL
    ws["B1"] = "Hallintopalvelujen kulut ylittyvät henkilöstökulujen vuoksi."
    wb.save(path)
    assert hits(check(path, master), Rule.UNEXPLAINED_OVERRUN) == []


def test_stale_template_names_the_changed_master_file(
    templates: dict[str, Path], master: Master, master_copy: Path, tmp_path: Path
) -> None:
    path = tmp_path / templates[KV].name
    fill_template(
        templates[KV], path, master.period, sample_reported(), projects=project_inputs(master)
    )
    toml = master_copy / "master.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace("talouspäällikkö", "controller"),
        encoding="utf-8",
    )
    changed = load_master(master_copy)
    assert changed.fingerprint != master.fingerprint
    c = check(path, changed)
    found = hits(c, Rule.STALE_TEMPLATE)
    assert [where(f) for f in found] == [
        (Rule.STALE_TEMPLATE, W, path.name, "", "", KV, master.fingerprint, changed.fingerprint)
    ]
    assert "(master.toml changed" in found[0].text()
    assert not any(f in found[0].text() for f in ("figures.csv", "kpis.csv", "costcentres.csv"))
    assert hits(check(path, master), Rule.STALE_TEMPLATE) == []  # the master it was made from


def test_blank_input(tmp_path: Path, master: Master) -> None:
    drift = Drift(
        overrides={
            ("64110000", Line.COSTS, Column.ACTUAL): None,  # E4: budget -2 961 576
            ("64120000", Line.INCOME, Column.FORECAST): None,  # G7: budget 1 179 323
            ("64150000", Line.INCOME, Column.ACTUAL): None,  # E19: budget 0, blank is fine
        }
    )
    c = check(freeform(tmp_path, master, drift), master)
    assert [where(f) for f in hits(c, Rule.BLANK_INPUT)] == [
        (Rule.BLANK_INPUT, W, "kv.xlsx", "Taul1", "E4", "64110000", None, None),
        (Rule.BLANK_INPUT, W, "kv.xlsx", "Taul1", "G7", "64120000", None, None),
    ]


# ---------------------------------------------------------------------------------------------
# files


def test_unreadable_file(tmp_path: Path, master: Master) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "rikki.xlsx").write_bytes(bytes(range(256)) * 8)
    with zipfile.ZipFile(folder / "zip.xlsx", "w") as z:
        z.writestr("muistio.txt", "tämä on zip mutta ei työkirja")
    c = check(folder, master)
    assert [where(f) for f in hits(c, Rule.UNREADABLE)] == [
        (Rule.UNREADABLE, E, "rikki.xlsx", "", "", "", None, None),
        (Rule.UNREADABLE, E, "zip.xlsx", "", "", "", None, None),
    ]
    assert not any("Traceback" in f.text() for f in c.findings)


def test_skipped_files_are_notes(tmp_path: Path, master: Master) -> None:
    inputs = sample_folder(tmp_path)
    (inputs / "~$x.xlsx").write_bytes(b"\x00lock")
    (inputs / "lue minut.txt").write_text("muistiinpanoja", encoding="utf-8")
    c = check(inputs, master)
    assert sorted(where(f) for f in hits(c, Rule.SKIPPED_FILE)) == [
        (Rule.SKIPPED_FILE, N, "lue minut.txt", "", "", "", None, None),
        (Rule.SKIPPED_FILE, N, "~$x.xlsx", "", "", "", None, None),
    ]
    noted = [f for f in c.findings if f.severity is not N and f.rule is not Rule.BINDING_OVERRUN]
    assert noted == []  # the lock file is not read


# ---------------------------------------------------------------------------------------------
# the run as a whole


def test_one_run_reports_every_problem(tmp_path: Path, master: Master) -> None:
    # With an extra block at A2, 64110000 is at A6 (rows 7-9) and 64120000 at A10 (rows 11-13).
    drift = Drift(
        extra_blocks=["64990000"],
        overrides={
            ("64110000", Line.COSTS, Column.ACTUAL): "n. 200 000",
            ("64120000", Line.INCOME, Column.TA): 1.0,
        },
    )
    c = check(freeform(tmp_path, master, drift), master)
    got = {(f.rule, f.cell, f.code) for f in c.findings if f.severity is E}
    assert {
        (Rule.UNKNOWN_CODE, "A2", "64990000"),
        (Rule.TEXT_IN_NUMBER, "E8", "64110000"),
        (Rule.MASTER_MISMATCH, "C11", "64120000"),
    } <= got


def test_findings_come_out_in_a_deterministic_order(tmp_path: Path, master: Master) -> None:
    folder = sample_folder(tmp_path, drop=(KV, "64500000"))
    freeform(
        folder,
        master,
        Drift(extra_blocks=["64990000", "64210000"], names={"64130000": "TALOUS"}),
        name="a.xlsx",
    )
    # b.xlsx: a second HYVINVOINTITOIMIALA workbook; which one is used must not depend on order.
    freeform(
        folder,
        master,
        Drift(overrides={("64320000", Line.COSTS, Column.ACTUAL): "?"}),
        dept="64300000",
        name="b.xlsx",
    )
    freeform(
        folder,
        master,
        Drift(omit={("64550000", line) for line in Line}),
        dept="64500000",
        name="c.xlsx",
    )
    subs = [read_submission(p) for p in sorted(folder.glob("*.xlsx"))]
    first = reconcile(master, subs)
    assert len({f.file for f in first.findings}) == 6  # five workbooks and the whole report
    assert {f.severity for f in first.findings} == {E, W, N} and len(first.findings) >= 12
    rng = random.Random(2023)
    for _ in range(5):
        shuffled = subs[:]
        rng.shuffle(shuffled)
        again = reconcile(master, shuffled)
        assert again.findings == first.findings
        assert again.reported == first.reported


# ---------------------------------------------------------------------------------------------
# the command line

# A finding's terminal line: its place (file named once, no heading above), severity, cost
# centre, the sentence, and the rule's id after it.
LINE = re.compile(
    r"^(?:(?P<file>[^:\s][^:]*?)(?::(?P<sheet>[^!]+)!(?P<cell>[A-Z]+[0-9]+))?: )?"
    r"(?P<severity>error|warning|note)(?: \[(?P<code>\d{8})\])?: \S.* \((?P<rule>[a-z-]+)\)$"
)
SUMMARY = re.compile(r"^(\d+) errors?, (\d+) warnings?, (\d+) notes?$")


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, ["--lang", "en", *args])


def finding_lines(output: str) -> list[str]:
    """The lines before the count line (every one a finding: no file headings between them)."""
    lines = output.splitlines()
    return lines[: next(i for i, ln in enumerate(lines) if SUMMARY.match(ln))]


def summary(output: str) -> tuple[int, int, int]:
    found = [m for ln in output.splitlines() if (m := SUMMARY.match(ln))]
    assert len(found) == 1, output
    e, w, n = found[0].groups()
    return int(e), int(w), int(n)


def assert_clean_exit(result: Result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_cli_clean_sample_exits_0_with_notes_only(tmp_path: Path) -> None:
    result = invoke(
        "consolidate", str(INPUTS), "-o", str(tmp_path / "r.xlsx"), "--master", str(TEMPLATES)
    )
    assert result.exit_code == 0, result.output
    assert_clean_exit(result)
    binding = len(seed_overruns())  # warnings: the seed's binding appropriations exceeded
    assert summary(result.output) == (0, binding, 5)
    lines = finding_lines(result.output)
    assert len(lines) == 5 + binding and all(LINE.match(ln) for ln in lines)
    assert any(
        ln.startswith("note [64400000]: ") and ln.endswith(" (no-budget-no-submission)")
        for ln in lines
    )
    assert "not ready for the council" not in result.output


def test_cli_errors_exit_1_with_exact_lines(tmp_path: Path, master: Master) -> None:
    inputs = sample_folder(tmp_path, drop=(KV,))
    drift = Drift(
        extra_blocks=["64990000"],
        overrides={("64110000", Line.COSTS, Column.ACTUAL): "n. 200 000"},
    )
    freeform(inputs, master, drift)
    out = tmp_path / "r.xlsx"
    result = invoke("consolidate", str(inputs), "-o", str(out), "--master", str(TEMPLATES))
    assert result.exit_code == 1, result.output
    assert_clean_exit(result)
    lines = finding_lines(result.output)
    assert (
        "kv.xlsx:Taul1!A2: error [64990000]: cost centre 64990000 is not in the master tree; "
        "correct the code or ask finance (unknown-code)"
    ) in lines
    assert (
        "kv.xlsx:Taul1!E8: error [64110000]: 'n. 200 000' is text where a number belongs; type "
        "the amount in euros as a number (text-in-number-cell)"
    ) in lines
    bad = [ln for ln in lines if not LINE.match(ln)]
    assert bad == []
    severities = [m.group("severity") for ln in lines if (m := LINE.match(ln))]
    assert summary(result.output) == (
        severities.count("error"),
        severities.count("warning"),
        severities.count("note"),
    )
    assert severities.count("error") >= 2
    assert "not ready for the council" in result.output and out.exists()


def test_cli_check_one_bad_file_exits_1(tmp_path: Path, master: Master) -> None:
    drift = Drift(overrides={("64110000", Line.COSTS, Column.ACTUAL): 1439849.0})
    path = freeform(tmp_path, master, drift)
    result = invoke("check", str(path), "--master", str(TEMPLATES))
    assert result.exit_code == 1, result.output
    assert_clean_exit(result)
    assert any(
        ln.startswith("kv.xlsx:Taul1!E4: error [64110000]: OPERATING EXPENSES ")
        and ln.endswith(" (wrong-sign)")
        for ln in finding_lines(result.output)
    )
    assert summary(result.output)[0] >= 1
    assert list(tmp_path.iterdir()) == [path]  # check writes nothing


def test_cli_zip_that_is_not_a_workbook_exits_1(tmp_path: Path) -> None:
    inputs = sample_folder(tmp_path)
    with zipfile.ZipFile(inputs / "eityokirja.xlsx", "w") as z:
        z.writestr("data.txt", "ei työkirja")
    result = invoke(
        "consolidate", str(inputs), "-o", str(tmp_path / "r.xlsx"), "--master", str(TEMPLATES)
    )
    assert result.exit_code == 1, result.output
    assert_clean_exit(result)
    assert any(
        ln.startswith("eityokirja.xlsx: error: cannot be read") and ln.endswith("(unreadable-file)")
        for ln in finding_lines(result.output)
    )
    assert summary(result.output)[0] == 1


def _no_master(tmp_path: Path, master_copy: Path) -> list[str]:
    return ["consolidate", str(INPUTS), "--master", str(tmp_path / "nowhere")]


def _missing_figures(tmp_path: Path, master_copy: Path) -> list[str]:
    (master_copy / "figures.csv").unlink()
    return [
        "consolidate",
        str(INPUTS),
        "-o",
        str(tmp_path / "r.xlsx"),
        "--master",
        str(master_copy),
    ]


def _bad_option(tmp_path: Path, master_copy: Path) -> list[str]:
    return ["consolidate", str(INPUTS), "--no-such-option"]


def _check_nothing(tmp_path: Path, master_copy: Path) -> list[str]:
    return ["check", str(tmp_path / "nope.xlsx"), "--master", str(TEMPLATES)]


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (_no_master, "master data folder not found"),
        (_missing_figures, "figures.csv: required master data file is missing"),
        (_bad_option, "No such option"),
        (_check_nothing, "nope.xlsx: no such file or folder"),
    ],
    ids=["no-master", "master-missing-file", "bad-option", "check-missing-path"],
)
def test_cli_bad_master_or_usage_exits_2(
    tmp_path: Path, master_copy: Path, make: Callable[[Path, Path], list[str]], says: str
) -> None:
    args = make(tmp_path, master_copy)
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert_clean_exit(result)
    assert says in result.output
    assert not (tmp_path / "r.xlsx").exists()


# ---------------------------------------------------------------------------------------------
# formulas in input cells, the period of the column titles, implausible amounts


def test_formula_referring_to_cells_in_an_input_is_an_error(tmp_path: Path, master: Master) -> None:
    drift = Drift(overrides={("64110000", Line.INCOME, Column.FORECAST): "=E3*2"})
    c = check(freeform(tmp_path, master, drift), master)
    found = hits(c, Rule.FORMULA_INPUT)
    assert [(f.severity, f.cell, f.code, f.submitted) for f in found] == [
        (E, "G3", "64110000", "=E3*2")
    ]


def test_constant_arithmetic_in_an_input_is_evaluated(tmp_path: Path, master: Master) -> None:
    drift = Drift(overrides={("64110000", Line.INCOME, Column.ACTUAL): "=100000+6571"})
    c = check(freeform(tmp_path, master, drift), master)
    assert [f for f in c.findings if f.severity is E] == []
    assert c.reported[("64110000", Line.INCOME)][Column.ACTUAL] == 106571


def test_formula_in_a_template_input_is_an_error(tmp_path: Path, master: Master) -> None:
    out = tmp_path / "t"
    result = next(r for r in write_templates(master, out) if r.department == KV)
    assert result.path is not None
    target = tmp_path / result.path.name
    fill_template(
        result.path, target, master.period, sample_reported(), projects=project_inputs(master)
    )
    wb = load_workbook(target)
    wb[T.sheet_names().finance]["G7"] = "=E7*2"
    wb.save(target)
    found = hits(check(target, master), Rule.FORMULA_INPUT)
    assert [(f.sheet, f.cell, f.code) for f in found] == [
        (T.sheet_names().finance, "G7", "64110000")
    ]


@pytest.mark.parametrize(
    ("title", "cell"),
    [("TA 2022", "C1"), ("Toteuma 01-05/2023", "E1"), ("TP-ENNUSTE 2024", "G1"), ("TP 2023", "B1")],
)
def test_column_titles_of_another_period_are_errors(
    tmp_path: Path, master: Master, title: str, cell: str
) -> None:
    path = freeform(tmp_path, master)
    wb = load_workbook(path)
    ws = wb.active
    assert ws is not None
    ws[cell] = title
    wb.save(path)
    found = hits(check(path, master), Rule.WRONG_PERIOD)
    assert [(f.severity, f.cell, f.submitted) for f in found] == [(E, cell, title)]


def test_titles_without_a_year_are_fine(tmp_path: Path, master: Master) -> None:
    path = freeform(tmp_path, master)
    wb = load_workbook(path)
    ws = wb.active
    assert ws is not None
    ws["D1"], ws["E1"] = "Muutettu TA", "Toteuma"
    wb.save(path)
    assert hits(check(path, master), Rule.WRONG_PERIOD) == []


def test_a_stale_period_template_is_caught(tmp_path: Path, master_copy: Path) -> None:
    """The master moves on to January-August; June's filled workbooks are not accepted silently."""
    toml = master_copy / "master.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace("last_month = 6", "last_month = 8"),
        encoding="utf-8",
    )
    c = check(INPUTS, load_master(master_copy))
    assert {f.file for f in hits(c, Rule.WRONG_PERIOD)} == {p.name for p in INPUTS.glob("*.xlsx")}


@pytest.mark.parametrize(
    ("value", "said"),
    [
        (1e300, "1e+300 is beyond 1,000,000,000,000 €, more than any line of a municipality"),
        (True, "TRUE is not an amount in euros"),
    ],
)
def test_implausible_values_are_not_amounts(
    tmp_path: Path, master: Master, value: object, said: str
) -> None:
    drift = Drift(overrides={("64110000", Line.INCOME, Column.ACTUAL): value})
    found = hits(check(freeform(tmp_path, master, drift), master), Rule.TEXT_IN_NUMBER)
    assert [(f.cell, f.severity) for f in found] == [("E3", E)]
    assert found[0].text().startswith(said)  # the value as a person reads it, not 1e+300's digits


def test_an_untouched_template_gives_no_overrun_warning(tmp_path: Path, master: Master) -> None:
    results = write_templates(master, tmp_path)
    path = next(r.path for r in results if r.department == "64500000")
    assert path is not None
    c = check(path, master)
    assert hits(c, Rule.EMPTY_SUBMISSION) and not hits(c, Rule.UNEXPLAINED_OVERRUN)


def test_a_subtotal_instead_of_its_units_is_explained(tmp_path: Path, master_copy: Path) -> None:
    """A deeper tree: 64110000 gets units; a department that sends only 64110000's total is told
    that the report needs each unit."""
    with (master_copy / "costcentres.csv").open("a", encoding="utf-8") as f:
        f.write("64111000,64110000,HALLINTO,\n64112000,64110000,VIESTINTÄ,\n")
    figures = master_copy / "figures.csv"
    text = figures.read_text(encoding="utf-8").replace("64110000,", "64111000,")
    figures.write_text(text + "64112000,TOIMINTAKULUT,0,-1000,-1000\n", encoding="utf-8")
    deeper = load_master(master_copy)
    c = check(freeform(tmp_path, deeper), deeper)
    found = {f.code: f for f in hits(c, Rule.MISSING_RESULT_AREA)}
    assert set(found) == {"64111000", "64112000"}
    assert all(
        f.severity is E and "the total of 64110000 is given" in f.text() for f in found.values()
    )
