"""Free-form, seed-shaped submissions with the drift real departments produce."""

from __future__ import annotations

from pathlib import Path

import pytest

from kemixl.findings import Severity
from kemixl.model import Line, Master
from kemixl.pipeline import consolidate

from .builders import Drift, sample_reported, write_submission
from .conftest import TEMPLATES, seed_blocks
from .workbook_scan import scan_blocks

DEPTS = ("64100000", "64200000", "64300000", "64500000")


def _drifts() -> dict[str, Drift]:
    return {
        "64100000": Drift(
            title_rows=3,
            header_col=0,
            sheet="Raportti 1-6",
            columns=["forecast", "pct", "actual", "ta_amended", "ta", "tp_prev"],
            as_text=True,
        ),
        "64200000": Drift(
            title_rows=0,
            header_col=2,
            blank_rows=2,
            sheet="Elinvoima",
            columns=["ta", "tp_prev", "actual", "forecast"],
        ),
        "64300000": Drift(
            title_rows=5,
            sheet="Sheet1",
            omit={("64310000", Line.INCOME)},
            columns=["tp_prev", "ta", "actual", "pct", "forecast"],
            as_text=True,
        ),
        "64500000": Drift(
            title_rows=1, blank_rows=1, sheet="YMP", names={"64530000": "Kiinteistönpito"}
        ),
    }


def test_drifted_submissions_give_the_seed_figures(tmp_path: Path, master: Master) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    reported = sample_reported()
    for i, (dept, drift) in enumerate(_drifts().items()):
        # File names say nothing about the department: it is read from the codes.
        write_submission(inputs / f"palautus_{i}.xlsx", master, dept, reported, drift, seed=i)
    (inputs / "~$palautus_0.xlsx").write_bytes(b"lock")
    (inputs / "muistiinpanot.txt").write_text("ei työkirja", encoding="utf-8")
    out = tmp_path / "report.xlsx"
    c = consolidate(inputs, TEMPLATES, out)
    errors = [f.line() for f in c.findings if f.severity is Severity.ERROR]
    assert errors == []
    assert {f.file for f in c.findings if f.rule.value == "skipped-file"} == {
        "~$palautus_0.xlsx",
        "muistiinpanot.txt",
    }
    assert c.submitted_departments == frozenset(DEPTS)
    found = scan_blocks(out, ["Toimialat"])
    published = {(r["code"], r["line"]): r for r in seed_blocks()}
    for code in (*DEPTS, "64000000"):
        for line in ("TOIMINTATUOTOT", "TOIMINTAKULUT"):
            got = found[("Toimialat", code, line)]
            tol = 0.5 * len(master.leaves(code)) + 0.5  # published totals are rounded on their own
            for col in ("tp_prev", "ta", "actual", "forecast"):
                assert abs(got[col] - float(published[(code, line)][col])) <= tol, (code, line, col)


def test_values_keep_their_origin(tmp_path: Path, master: Master) -> None:
    from kemixl.submissions.reader import read_submission

    path = write_submission(
        tmp_path / "x.xlsx", master, "64100000", sample_reported(), _drifts()["64100000"]
    )
    sub = read_submission(path)
    block = next(b for b in sub.blocks if b.code == "64110000")
    assert block.origin.sheet == "Raportti 1-6" and block.origin.cell == "A5"
    from kemixl.model import Column

    actual = block.lines[Line.INCOME][Column.ACTUAL]
    assert actual.value == 106571 and actual.origin.cell == "D6"


def test_seed_like_texts_below_the_table_are_read(tmp_path: Path, master: Master) -> None:
    """Explanations and a KPI table pasted as in the seed, under the finance table."""
    from openpyxl import load_workbook

    from kemixl.pipeline import check
    from kemixl.submissions.reader import read_submission

    path = write_submission(
        tmp_path / "ev.xlsx", master, "64200000", sample_reported(), Drift(title_rows=2)
    )
    wb = load_workbook(path)
    ws = wb.active
    assert ws is not None
    r = ws.max_row + 2
    lines = [
        "ELINVOIMATOIMIALA",
        None,
        "Vastuhenkilö Kimmo Heikka",
        None,
        "Talousarvion toteutuminen ja yksilöidyt keinot siitä, miten mahdollinen talousarvion ylitys estetään:",
        None,
        "Työllisyyspalveluissa menot alittuu.",
        "Toinen kappale.",
        None,
        "Suoritteet/Tunnusluvut",
    ]
    for text in lines:
        if text:
            ws.cell(r, 1, text)
        r += 1
    for i, title in enumerate(
        ["Suorite", "TP 2022", "TA 2023", "TOTEUMA 1-6/2023", "TP- ENNUSTE 2023"]
    ):
        ws.cell(r, 1 + i, title)
    for i, value in enumerate(["Asemakaavat ja kaavamuutokset kpl", 2, 5, 1, "6 kpl"]):
        ws.cell(r + 1, 1 + i, value)
    wb.save(path)
    sub = read_submission(path)
    assert sub.explanations.responsible == "Kimmo Heikka"
    assert sub.explanations.explanation == "Työllisyyspalveluissa menot alittuu.\n\nToinen kappale."
    c = check(path, master)
    assert not [f for f in c.findings if f.rule.value == "unexplained-overrun"]
    kpi = next(k for k in master.kpis if k.name == "Asemakaavat ja kaavamuutokset kpl")
    assert c.kpis[kpi.id].actual == 1 and c.kpis[kpi.id].forecast == "6 kpl"


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("Verksamhetens intäkter totalt", Line.INCOME),
        ("VERKSAMHETENS KOSTNADER", Line.COSTS),
        ("Verksamhetsutgifter", Line.COSTS),
        ("Verksamhetsbidrag", Line.MARGIN),
        ("Operating income", Line.INCOME),
        ("Operating costs", Line.COSTS),
    ],
)
def test_other_reports_line_words_are_read(text: str, line: Line) -> None:
    from kemixl.submissions.reader import line_of

    assert line_of(text) is line


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("BU 2023", "ta"),
        ("Ändrad BU 2023", "ta_amended"),
        ("BS 2022", "tp_prev"),
        ("Outturn 2022", "tp_prev"),
        ("Utfall 1-6/2023", "actual"),
        ("Bokslutsprognos 2023", "forecast"),
    ],
)
def test_other_reports_column_titles_are_read(title: str, kind: str) -> None:
    from kemixl.submissions.reader import header_kind

    assert header_kind(title) == kind
