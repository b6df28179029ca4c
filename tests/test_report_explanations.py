"""Each department sheet carries, under its table, the responsible person and the explanation
texts: no merged cells, every paragraph broken into lines as wide as the table, one per row."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import xlsxwriter
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from kemixl.reconcile import Consolidation
from kemixl.report.explain import (
    EXPLANATION_TITLE,
    Flow,
    paragraphs,
    write_explanations,
)
from kemixl.report.finance import COLS
from kemixl.report.formats import make_formats
from kemixl.report.measure import break_lines, span_width, text_px
from kemixl.report.sheet import Sheet

from .test_report_support import (  # noqa: F401  (fixtures)
    fixture_samples_consolidation,
    fixture_samples_workbook,
    sample_csv,
    write,
)

SHEETS = {
    "64100000": "Keskusvirasto",
    "64200000": "Elinvoimatoimiala",
    "64300000": "Hyvinvointitoimiala",
    "64500000": "Ympäristötoimiala",
}
TABLE = span_width([46, 14, 14, 14, 14, 10, 14, 14])  # columns A-H, the table's width


def _column_a(ws: Worksheet, first: int) -> list[str]:
    return [str(ws.cell(r, 1).value or "") for r in range(first, ws.max_row + 1)]


def _joined(lines: list[str]) -> str:
    return " ".join(" ".join(lines).split())


def test_explanations_under_each_department_table(samples_workbook: Path) -> None:
    wb = load_workbook(samples_workbook)
    for row in sample_csv("explanations.csv"):
        ws = wb[SHEETS[row["department"]]]
        assert not ws.merged_cells.ranges
        label = next(c for r in ws.iter_rows() for c in r if c.value == "Vastuuhenkilö")
        assert label.offset(0, 1).value == row["responsible"]
        assert not label.offset(0, 1).alignment.wrap_text
        last_table_row = max(
            c.row for r in ws.iter_rows(max_col=1) for c in r if c.value == "TOIMINTAKATE"
        )
        assert label.row > last_table_row
        below = _column_a(ws, label.row + 1)
        text = _joined(below)
        for part in paragraphs(row["explanation"]) + paragraphs(row["savings"]):
            assert _joined([part]) in text, f"{row['department']}: missing {part[:40]}"
        for r in range(label.row + 1, ws.max_row + 1):
            cell = ws.cell(r, 1)
            if cell.value:  # a line: unwrapped, running over empty cells, as wide as the table
                assert not cell.alignment.wrap_text
                assert all(ws.cell(r, c).value is None for c in range(2, COLS["status"] + 2))
                assert text_px(str(cell.value), bool(cell.font.b)) <= TABLE * 7
        if row["savings"]:
            assert "Talousohjelma ja säästötoimenpiteet:" in below


def test_missing_explanation_is_said(samples_consolidation: Consolidation, tmp_path: Path) -> None:
    explanations = dict(samples_consolidation.explanations)
    del explanations["64200000"]
    c = dataclasses.replace(samples_consolidation, explanations=explanations)
    ws = load_workbook(write(c, tmp_path / "r.xlsx"))["Elinvoimatoimiala"]
    values = [c.value for r in ws.iter_rows() for c in r if isinstance(c.value, str)]
    assert "Selvitystä ei ole toimitettu." in values
    assert "Kimmo Heikka" in values  # the master's responsible person


def test_lines_fit_and_keep_the_words() -> None:
    text = "Tämä on lause, jossa on sanoja ja -1 234 567 euroa. " * 40 + "Loppu–\u00a0= x"
    lines = break_lines(text, TABLE)
    assert len(lines) > 10
    assert all(text_px(line) <= TABLE * 7 for line in lines)
    assert " ".join(lines) == " ".join(text.split(" ")).strip()
    assert any(line.endswith("Loppu–\u00a0= x") for line in lines)  # no break at a no-break space
    long_word = "Ympäristöjohtaja/" + "yhdyskuntatekniikka" * 12
    assert all(text_px(line) <= 30 * 7 for line in break_lines(long_word, 30))
    assert break_lines("a\n\nb", 30) == ["a", "", "b"]


def _explain(tmp_path: Path, c: Consolidation, explanation: str, savings: str = "") -> Flow:
    ex = dataclasses.replace(c.explanations["64100000"], explanation=explanation, savings=savings)
    c = dataclasses.replace(c, explanations={**c.explanations, "64100000": ex})
    wb = xlsxwriter.Workbook(str(tmp_path / "e.xlsx"))
    sheet = Sheet(wb, "D", make_formats(wb))
    sheet.columns({0: 46, 1: 14, 2: 14, 3: 14, 4: 14, 5: 10, 6: 14, 7: 14})
    flow = write_explanations(sheet, c, "64100000", 10, COLS["status"])
    wb.close()
    return flow


def test_what_must_share_a_page(samples_consolidation: Consolidation, tmp_path: Path) -> None:
    """The name, Vastuuhenkilö, title and first two lines; each paragraph's first two and last
    two lines; a short paragraph whole; a lead-in with what it introduces."""
    one = "Yksi rivi."
    five = " ".join(["Pitkä kappale, jossa on paljon sanoja peräkkäin."] * 30)  # 8 lines or so
    flow = _explain(tmp_path, samples_consolidation, f"{one}\n\nLuettelo:\n\n{five}")
    assert flow.first == 11
    keeps = {(k.first, k.last) for k in flow.keeps}
    # name (11), Vastuuhenkilö (12), a blank row, the title (14), "Yksi rivi." (15) and its gap
    assert (11, 16) in keeps
    # "Luettelo:" (17), its gap, and the first two lines of the paragraph it introduces
    assert (17, 18) in keeps and (17, 20) in keeps
    long = sorted(k for k in keeps if k[0] >= 19)
    assert long[-1][1] - long[-1][0] == 1  # the long paragraph's last two lines
    assert long[-1][0] > 21  # and it has lines between, free to break
    assert flow.end == long[-1][1] + 2


def test_long_explanations_break_at_lines(
    samples_consolidation: Consolidation, tmp_path: Path
) -> None:
    """A text far longer than a page is many rows of one line each, not one tall cell."""
    text = "Tämä on lause, jossa on sanoja. " * 400
    flow = _explain(tmp_path, samples_consolidation, text)
    assert flow.end - flow.first > 60
    assert break_lines(EXPLANATION_TITLE, TABLE, bold=True) == [EXPLANATION_TITLE]
