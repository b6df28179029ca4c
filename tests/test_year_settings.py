"""What a rollover must not leave stale, and what a run given the wrong master says.

- the deadline: `rollover --deadline`, refused before the new period's end (and a master.toml
  deadline that would be);
- central.csv: `stale-central` while its actuals are the previous report's;
- previous_report.csv: what the report said besides the figures, checked on load;
- the master of an earlier period given by habit: one line naming --master and the rolled
  folder beside it, not a wrong-period error for every department.
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kemixl.cli import main
from kemixl.findings import Rule, Severity
from kemixl.i18n import using
from kemixl.master import MasterError, load_master
from kemixl.pipeline import UsageError, check, consolidate
from kemixl.templates.fill import fill_template
from kemixl.templates.writer import write_templates
from kemixl.year.data import parse_data, read_report_data
from kemixl.year.rollover import retoml

from .builders import sample_reported
from .conftest import INPUTS, TEMPLATES


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with using("en"):
        yield


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, ["--lang", "en", *(str(a) for a in args)])


@pytest.fixture(scope="module")
def june(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("june") / "osavuosikatsaus_2023_01-06.xlsx"
    consolidate(INPUTS, TEMPLATES, out)
    return out


@pytest.fixture(scope="module")
def offices(june: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A finance office's folder after the rollover: templates/ and templates-2023-08/ side by
    side, and the 1-8 returns of every department in in18/."""
    root = tmp_path_factory.mktemp("office")
    shutil.copytree(TEMPLATES, root / "templates")
    result = run(
        *("rollover", june, "--master", root / "templates", "--to-month", "8"),
        *("-o", root / "templates-2023-08", "--deadline", "15.9.2023"),
    )
    assert result.exit_code == 0, result.output
    master = load_master(root / "templates-2023-08")
    (root / "in18").mkdir()
    for r in write_templates(master, root / "t18"):
        if r.path is not None:
            fill_template(r.path, root / "in18" / r.path.name, master.period, sample_reported())
    return root


def one_line(result: Result) -> str:
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kemixl: error: "), result.output
    return lines[0]


# --- the deadline -----------------------------------------------------------------------


def test_rollover_refuses_to_keep_a_deadline_before_the_periods_end(
    june: Path, tmp_path: Path
) -> None:
    line = one_line(
        run("rollover", june, "--master", TEMPLATES, "--to-month", 8, "-o", tmp_path / "m")
    )
    assert "master.toml: the deadline 15 August 2023 is before the end of the period" in line
    assert "1–8/2023 (31 August 2023)" in line and "--deadline" in line
    assert not (tmp_path / "m").exists()


@pytest.mark.parametrize(
    ("given", "says"),
    [
        ("2023-08-30", "--deadline 30 August 2023: is before the end of the period 1–8/2023"),
        ("31.13.2023", "--deadline '31.13.2023': not a date"),
        ("syyskuussa", "--deadline 'syyskuussa': not a date"),
    ],
)
def test_rollover_refuses_a_bad_deadline(june: Path, tmp_path: Path, given: str, says: str) -> None:
    args = ("rollover", june, "--master", TEMPLATES, "--to-month", 8, "-o", tmp_path / "m")
    line = one_line(run(*args, "--deadline", given))
    assert says in line and not (tmp_path / "m").exists()


@pytest.mark.parametrize("given", ["2023-08-31", "15.9.2023"])
def test_rollover_writes_the_deadline(june: Path, tmp_path: Path, given: str) -> None:
    out = tmp_path / "m"
    args = ("rollover", june, "--master", TEMPLATES, "--to-month", 8, "-o", out)
    result = run(*args, "--deadline", given)
    assert result.exit_code == 0, result.output
    iso = {"2023-08-31": "2023-08-31", "15.9.2023": "2023-09-15"}[given]
    assert load_master(out).settings.deadline == iso
    assert f'deadline = "{iso}"' in (out / "master.toml").read_text(encoding="utf-8")


def test_a_deadline_the_master_lacks_is_added_under_the_title() -> None:
    import datetime as dt

    from kemixl.model import Period

    text = '[period]\nyear = 2023\nlast_month = 6\n[report]\ncity = "X"\ntitle = "A"\n'
    new = retoml(text, Period(2023, 1, 8), {"title": "B"}, dt.date(2023, 9, 15))
    assert new.endswith('title = "B"\ndeadline = "2023-09-15"\n')


def test_templates_warn_of_a_deadline_before_the_periods_end(
    master_copy: Path, tmp_path: Path
) -> None:
    toml = master_copy / "master.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace("last_month = 6", "last_month = 8"),
        encoding="utf-8",
    )
    result = run("templates", "--master", master_copy, "-o", tmp_path / "t")
    assert result.exit_code == 0, result.output
    assert (
        "warning: master.toml: the deadline 15 August 2023 is before the end of the period "
        "1–8/2023 (31 August 2023)"
    ) in result.output
    fine = run("templates", "--master", TEMPLATES, "-o", tmp_path / "t6")
    assert fine.exit_code == 0 and "deadline" not in fine.output


# --- central.csv --------------------------------------------------------------------------


def test_stale_central_names_the_file_until_it_is_updated(offices: Path) -> None:
    master_dir = offices / "templates-2023-08"
    c = check(offices / "in18", load_master(master_dir))
    (stale,) = [f for f in c.findings if f.rule is Rule.STALE_CENTRAL]
    assert stale.severity is Severity.WARNING and stale.file == "central.csv"
    assert "Verotulot 29,359,000" in stale.text() and "1–6/2023" in stale.text()
    assert stale.line().startswith("central.csv: warning: the actuals of Verotulot")
    # finance types this period's actuals: nothing stale any more
    updated = offices / "updated"
    shutil.copytree(master_dir, updated)
    path = updated / "central.csv"
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        if row["actual"] not in ("", "0"):
            row["actual"] = str(round(float(row["actual"]) * 8 / 6))
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    again = check(offices / "in18", load_master(updated))
    assert not [f for f in again.findings if f.rule is Rule.STALE_CENTRAL]


def test_one_departments_check_does_not_speak_of_central_csv(offices: Path) -> None:
    one = next((offices / "in18").glob("64100000_*.xlsx"))
    c = check(one, load_master(offices / "templates-2023-08"))
    assert not [f for f in c.findings if f.rule is Rule.STALE_CENTRAL]


def test_the_first_report_has_nothing_to_be_stale_against(master: object) -> None:
    c = check(INPUTS, load_master(TEMPLATES))
    assert not [f for f in c.findings if f.rule is Rule.STALE_CENTRAL]


# --- previous_report.csv -----------------------------------------------------------------


def test_rollover_carries_what_the_report_said(june: Path, offices: Path) -> None:
    master = load_master(offices / "templates-2023-08")
    data = read_report_data(june)
    assert data.returned == frozenset({"64100000", "64200000", "64300000", "64500000"})
    verotulot = master.previous_text("central_actual", "Verotulot")
    assert verotulot is not None and float(verotulot.value) == 29359000
    explanation = master.previous_text("explanation", "64100000")
    assert explanation is not None and explanation.value.startswith("Keskusvirasto pysyy")
    kpi = master.previous_text("kpi_actual", "K001")
    assert kpi is not None and kpi.value
    status = master.previous_text("status", "S001")
    assert status is not None and status.value
    assert {t.period.label for t in master.previous_texts} == {"1–6/2023"}


@pytest.mark.parametrize(
    ("row", "says"),
    [
        ("01-03/2023,explanation,64100000,x\n01-03/2023,explanation,64100000,y", "duplicate row"),
        ("01-03/2023,opinion,64100000,x", "kind 'opinion' is not one of"),
        ("kevät,explanation,64100000,x", "period 'kevät' is not a period"),
        ("01-06/2023,explanation,64100000,x", "is not an earlier report of 1–6/2023"),
    ],
)
def test_previous_report_rows_are_checked(master_copy: Path, row: str, says: str) -> None:
    (master_copy / "previous_report.csv").write_text(
        f"period,kind,key,value\n{row}\n", encoding="utf-8"
    )
    with pytest.raises(MasterError) as err:
        load_master(master_copy)
    assert any(says in str(p) for p in err.value.problems), err.value.problems


def test_a_key_the_master_no_longer_has_is_not_carried(master_copy: Path) -> None:
    toml = master_copy / "master.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8")
        .replace("last_month = 6", "last_month = 8")
        .replace("2023-08-15", "2023-09-15"),
        encoding="utf-8",
    )
    (master_copy / "previous_report.csv").write_text(
        'period,kind,key,value\n01-06/2023,kpi_actual,K999,5\n01-06/2023,explanation,64100000,"a\n\nb"\n',
        encoding="utf-8",
    )
    master = load_master(master_copy)
    gone = master.previous_text("kpi_actual", "K999")
    assert gone is not None and master.department_of_text(gone) is None
    text = master.previous_text("explanation", "64100000")
    assert text is not None and text.value == "a\n\nb"  # paragraphs survive the CSV


def test_a_format_1_report_is_still_read() -> None:
    rows: list[list[object]] = [
        ["kind", "kemixl-report"],
        ["format", "1"],
        ["master", "x"],
        ["year", "2023"],
        ["first_month", "1"],
        ["last_month", "6"],
        ["ready", "yes"],
        ["errors", "0"],
        ["ledger", ""],
        ["code", "line", "ta_amended", "actual", "forecast"],
        ["64110000", "TOIMINTATUOTOT", "1.0", "2.0", "3.0"],
    ]
    data = parse_data(rows)
    assert data.texts == () and data.figures[0].forecast == 3.0 and not data.intact


# --- the wrong master ---------------------------------------------------------------------


def test_the_earlier_master_names_the_rolled_one_beside_it(offices: Path) -> None:
    result = run(
        "consolidate", offices / "in18", "--master", offices / "templates", "-o", offices / "r.xlsx"
    )
    line = one_line(result)
    assert "the master data is for 1–6/2023, but the workbooks in" in line
    assert "are for 1–8/2023; give the master data of their period: --master" in line
    assert line.endswith(str(offices / "templates-2023-08"))
    assert "wrong-period" not in result.output and not (offices / "r.xlsx").exists()
    checked = one_line(run("check", offices / "in18", "--master", offices / "templates"))
    assert checked == line


def test_without_a_rolled_master_beside_it_says_to_roll_over(offices: Path, tmp_path: Path) -> None:
    lone = tmp_path / "alone" / "templates"
    shutil.copytree(TEMPLATES, lone)
    with pytest.raises(UsageError) as err:
        consolidate(offices / "in18", lone, tmp_path / "r.xlsx")
    assert "roll the master data over to their period (kemixl rollover)" in str(err.value)


def test_one_later_workbook_among_current_ones_is_that_departments_error(
    offices: Path, tmp_path: Path
) -> None:
    inputs = tmp_path / "in"
    shutil.copytree(INPUTS, inputs)
    late = next((offices / "in18").glob("64100000_*.xlsx"))
    next(inputs.glob("64100000_*.xlsx")).unlink()
    shutil.copy(late, inputs / late.name)
    c = consolidate(inputs, TEMPLATES, tmp_path / "r.xlsx")
    wrong = [f for f in c.findings if f.rule is Rule.WRONG_PERIOD]
    assert wrong and {f.code for f in wrong} == {"64100000"}
