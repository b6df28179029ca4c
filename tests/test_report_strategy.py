"""The strategy sheet: every objective and realization, statuses, SDG numbers, the matrix."""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter as letter
from openpyxl.worksheet.worksheet import Worksheet

from kemixl.reconcile import Consolidation
from kemixl.templates.layout import ALL_STATUSES

from .test_report_support import (  # noqa: F401  (fixtures)
    fixture_samples_consolidation,
    fixture_samples_workbook,
    master_csv,
    sample_csv,
    write,
)

TITLES = ("Strateginen päämäärä", "Toimiala", "Tavoite", "Toimenpiteet", "Vastuu ja aikataulu")


def _table(ws: Worksheet) -> tuple[int, list[str], list[list[object]]]:
    """(header row, titles, rows) of the objectives table."""
    header = next(
        r
        for r in range(1, ws.max_row + 1)
        if tuple(ws.cell(r, c).value for c in range(1, 6)) == TITLES
    )
    titles = [ws.cell(header, c).value for c in range(1, ws.max_column + 1)]
    rows = [
        [ws.cell(r, c).value for c in range(1, ws.max_column + 1)]
        for r in range(header + 1, ws.max_row + 1)
    ]
    return header, [str(t) for t in titles], rows


def test_every_objective_and_realization_text(samples_workbook: Path) -> None:
    ws = load_workbook(samples_workbook)["Strategia"]
    _header, titles, rows = _table(ws)
    by_id = {row[titles.index("Tunnus")]: row for row in rows}
    master = master_csv("strategy.csv")
    assert len(by_id) == len(rows) == len(master) == 70
    for o in master:
        row = by_id[o["id"]]
        for key, title in (
            ("objective", "Tavoite"),
            ("actions", "Toimenpiteet"),
            ("owner_schedule", "Vastuu ja aikataulu"),
            ("metrics", "Mittarit, arviointi"),
            ("goal", "Strateginen päämäärä"),
        ):
            assert (row[titles.index(title)] or "") == o[key], (o["id"], title)
    realization = next(t for t in titles if t.startswith("Toteuma"))
    for r in sample_csv("strategy.csv"):
        row = by_id[r["id"]]
        assert (row[titles.index(realization)] or "") == r["realization"], r["id"]
        assert row[titles.index("Tila")] == (r["status"] or "Ei raportoitu"), r["id"]


def test_unreported_objectives_say_so(samples_consolidation: Consolidation, tmp_path: Path) -> None:
    realizations = dict(samples_consolidation.realizations)
    for oid in ("S001", "S002", "S040"):
        del realizations[oid]
    c = dataclasses.replace(samples_consolidation, realizations=realizations)
    ws = load_workbook(write(c, tmp_path / "r.xlsx"))["Strategia"]
    _h, titles, rows = _table(ws)
    status = {row[titles.index("Tunnus")]: row[titles.index("Tila")] for row in rows}
    assert status["S001"] == status["S002"] == status["S040"] == "Ei raportoitu"
    assert all(s in ALL_STATUSES for s in status.values())


def test_sdg_tags_are_validated_numbers(samples_workbook: Path) -> None:
    ws = load_workbook(samples_workbook)["Strategia"]
    header, titles, rows = _table(ws)
    sdg_cols = [i for i, t in enumerate(titles) if t.startswith("SDG")]
    assert len(sdg_cols) >= 5
    master = {o["id"]: o["sdg"] for o in master_csv("strategy.csv")}
    for row in rows:
        tags = [row[i] for i in sdg_cols if row[i] is not None]
        assert all(isinstance(t, int) and 1 <= t <= 17 for t in tags), row
        assert tags == [int(x) for x in master[str(row[titles.index("Tunnus")])].split()]
    ranges = [  # "between" is the schema's default operator, so it may be left out
        (dv.type, dv.operator or "between", dv.formula1, dv.formula2, str(dv.sqref))
        for dv in ws.data_validations.dataValidation
    ]
    first, last = sdg_cols[0] + 1, sdg_cols[-1] + 1
    sqref = f"{letter(first)}{header + 1}:{letter(last)}{header + len(rows)}"
    assert ("whole", "between", "1", "17", sqref) in ranges
    assert ws.auto_filter.ref == f"A{header}:{letter(last)}{header + len(rows)}"
    assert ws.freeze_panes == f"A{header + 1}"
    assert ws.print_title_rows == f"${header}:${header}"


def test_matrix_counts_per_goal_and_department(samples_workbook: Path) -> None:
    """Counted independently from the master and sample CSVs."""
    wb = load_workbook(samples_workbook, data_only=True)
    ws = wb["Strategia"]
    header, _t, _r = _table(ws)
    names = {row["code"]: row["name"] for row in master_csv("costcentres.csv")}
    status = {r["id"]: r["status"] or "Ei raportoitu" for r in sample_csv("strategy.csv")}
    expected: Counter[tuple[str, str, str]] = Counter()
    for o in master_csv("strategy.csv"):
        expected[(o["goal"], names[o["department"]], status[o["id"]])] += 1
    top = next(r for r in range(1, header) if ws.cell(r, 1).value == "Strateginen päämäärä")
    statuses = [ws.cell(top, c).value for c in range(3, 3 + len(ALL_STATUSES))]
    assert tuple(statuses) == ALL_STATUSES
    assert ws.cell(top, 3 + len(ALL_STATUSES)).value == "Yhteensä"
    goal = None
    seen = 0
    for r in range(top + 1, header):
        label = ws.cell(r, 1).value
        if label == "Kaikki yhteensä":
            totals = [ws.cell(r, 3 + k).value for k in range(len(ALL_STATUSES) + 1)]
            assert totals[:-1] == [
                sum(n for (_g, _d, s), n in expected.items() if s == st) for st in ALL_STATUSES
            ]
            assert totals[-1] == 70
            break
        goal = label or goal
        dept = ws.cell(r, 2).value
        if dept is None:
            continue
        counts = [ws.cell(r, 3 + k).value for k in range(len(ALL_STATUSES))]
        assert counts == [expected[(goal, dept, s)] for s in ALL_STATUSES], (goal, dept)
        assert ws.cell(r, 3 + len(ALL_STATUSES)).value == sum(counts)
        seen += 1
    assert seen == 12  # 3 goals x 4 departments
