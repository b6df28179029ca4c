"""Print and screen: every sheet prints A4 landscape, one page wide, titled; the first sheet
says what is where and whether the workbook is ready for the council."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from kemixl.findings import Finding, Rule, Severity
from kemixl.reconcile import Consolidation
from kemixl.year.data import DATA_SHEET

from .test_report_support import (  # noqa: F401  (fixtures)
    fixture_samples_consolidation,
    fixture_samples_workbook,
    sheet_xml,
    write,
)

SHEETS = [
    "Sisällys",
    "Tuloslaskelma",
    "Toimialat",
    "Sitovat määrärahat",
    "Talousarviomuutosesitys",
    "Keskusvirasto",
    "Elinvoimatoimiala",
    "Hyvinvointitoimiala",
    "Ympäristötoimiala",
    "Investoinnit",  # the master has investment projects
    "Tunnusluvut",
    "Strategia",
    "Havainnot",
    "Lähteet",
]


DEPARTMENT_SHEETS = SHEETS[5:9]


def test_sheet_order_and_names(samples_workbook: Path) -> None:
    wb = load_workbook(samples_workbook)
    assert wb.sheetnames == [*SHEETS, DATA_SHEET]  # the data the next period reads, last
    assert wb[DATA_SHEET].sheet_state == "veryHidden"


def printed(wb: Workbook) -> list[Worksheet]:
    """The sheets a reader sees and prints (not kemixl's very hidden data sheet)."""
    return [ws for ws in wb.worksheets if ws.sheet_state != "veryHidden"]


# Sheets kemixl paginates itself (report/page.py): printed at a scale that fits the width,
# with page breaks of their own; the others are fitted to the width by the renderer.
PAGINATED = {"Sisällys", "Toimialat", *DEPARTMENT_SHEETS, "Investoinnit", "Havainnot"}


def _printed_width(ws: Worksheet) -> float:
    """Points the sheet's printed columns (its print area's, else all) take on paper at its
    scale, digits as wide as LibreOffice prints them (5.56 points at Arial 10; Excel prints
    5.25)."""
    last = ws.max_column
    if ws.print_area:
        area = ws.print_area[0] if isinstance(ws.print_area, list) else ws.print_area
        last = column_index_from_string(re.findall(r"\$([A-Z]+)\$\d+", area)[-1])
    digits = sum(
        ws.column_dimensions[get_column_letter(c)].width or 9.14 for c in range(1, last + 1)
    )
    return digits * 5.56 * ws.page_setup.scale / 100


def test_every_sheet_prints_a4_landscape_one_page_wide(samples_workbook: Path) -> None:
    wb = load_workbook(samples_workbook)
    for ws in printed(wb):
        ps = ws.page_setup
        assert ps.orientation == "landscape", ws.title
        assert int(ps.paperSize) == 9, ws.title  # A4
        xml = sheet_xml(samples_workbook, ws.title)
        if ws.title in PAGINATED:
            assert (
                not ws.sheet_properties.pageSetUpPr or not ws.sheet_properties.pageSetUpPr.fitToPage
            )
            assert 10 <= ps.scale <= 100, ws.title
            assert _printed_width(ws) <= 841.9 - 72, ws.title
        else:
            assert ps.fitToWidth == 1 and ps.fitToHeight == 0, ws.title
            assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
            assert 'fitToWidth="1"' in xml and 'fitToHeight="0"' in xml  # stated out loud
        assert 'paperSize="9"' in xml
        if ws.title not in DEPARTMENT_SHEETS:  # see test_department_sheets_on_paper
            assert ws.print_title_rows, f"{ws.title}: no header rows repeated"
        assert ws.freeze_panes, f"{ws.title}: no frozen panes"
        header, footer = ws.oddHeader, ws.oddFooter
        assert "KEMIN KAUPUNKI" in (header.left.text or "")
        assert "TAMMI-KESÄKUUN OSAVUOSIKATSAUS 2023" in (header.center.text or "")
        assert "1–6/2023" in (header.right.text or "")
        assert "sivu &P / &N" in (footer.right.text or "")


def test_finance_sheets_repeat_their_column_titles(samples_workbook: Path) -> None:
    """The summary, Toimialat and the binding appropriations and draft amendment always; a
    department sheet only when its table runs over a page (none does in the sample: see
    test_department_sheets_on_paper)."""
    wb = load_workbook(samples_workbook)
    for name in SHEETS[1:9]:
        ws = wb[name]
        if name in DEPARTMENT_SHEETS:
            assert ws.print_title_rows is None, name
            continue
        row = int(ws.print_title_rows.split(":")[0].lstrip("$"))
        titles = [ws.cell(row, c).value for c in range(1, 10)]
        assert "TP-ENNUSTE 2023" in titles, name
        status = name not in ("Tuloslaskelma", "Talousarviomuutosesitys")
        assert ("Tila" in titles) == status, name


def test_first_sheet_lists_and_links_every_sheet(samples_workbook: Path) -> None:
    ws = load_workbook(samples_workbook)["Sisällys"]
    linked = [c for row in ws.iter_rows() for c in row if c.hyperlink is not None]
    assert [c.value for c in linked] == SHEETS[1:]
    for cell in linked:
        target = cell.hyperlink.location or ""
        assert target.replace("'", "") == f"{cell.value}!A1", target
        description = cell.offset(0, 1).value
        assert isinstance(description, str) and len(description) > 20
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "YLITYS" in texts and "NOPEA TAHTI" in texts


def test_not_ready_banner_counts_the_errors(
    samples_consolidation: Consolidation, tmp_path: Path
) -> None:
    errors = tuple(
        Finding(Rule.SUM_MISMATCH, Severity.ERROR, f"sum {i} does not add up", "x.xlsx")
        for i in range(3)
    )
    c = dataclasses.replace(samples_consolidation, findings=errors)
    wb = load_workbook(write(c, tmp_path / "r.xlsx"))
    first = [c.value for row in wb["Sisällys"].iter_rows(max_row=6) for c in row]
    banner = next(v for v in first if isinstance(v, str) and v.startswith("EI VALMIS"))
    assert "3 virhettä" in banner
    summary = [c.value for row in wb["Tuloslaskelma"].iter_rows(max_row=4) for c in row]
    assert any(isinstance(v, str) and v.startswith("EI VALMIS") for v in summary)
    # no merged cells: one line of text over the statement's width of red empty cells
    ws = wb["Tuloslaskelma"]
    assert str(ws["A3"].value).startswith("EI VALMIS") and ws["A4"].value is None
    fills = {ws.cell(3, col).fill.fgColor.rgb for col in range(1, 8)}
    assert fills == {"FFC00000"} and all(ws.cell(3, col).value is None for col in range(2, 8))


def test_ready_workbook_says_so(samples_consolidation: Consolidation, tmp_path: Path) -> None:
    c = dataclasses.replace(samples_consolidation, findings=())
    wb = load_workbook(write(c, tmp_path / "r.xlsx"))
    first = [c.value for row in wb["Sisällys"].iter_rows(max_row=6) for c in row]
    assert not any(isinstance(v, str) and "EI VALMIS" in v for v in first)
    assert "Täsmäytetty: ei virheitä." in first


def test_summary_has_two_native_charts_over_the_workbook(samples_workbook: Path) -> None:
    import re
    import zipfile

    with zipfile.ZipFile(samples_workbook) as zf:
        charts = sorted(n for n in zf.namelist() if re.match(r"xl/charts/chart\d+\.xml$", n))
        every = [zf.read(n).decode() for n in charts]
    xml = [x for x in every if "<c:f>Tuloslaskelma!" in x]
    assert len(xml) == 2 and len(every) == 3  # and one on Investoinnit
    for chart in xml:
        assert "<c:barChart>" in chart and '<c:barDir val="bar"/>' in chart
        refs = re.findall(r"<c:f>([^<]+)</c:f>", chart)
        assert refs and all(r.startswith("Tuloslaskelma!$") for r in refs)
    wb = load_workbook(samples_workbook)
    ws = wb["Tuloslaskelma"]
    top, left = next(
        (c.row, c.column)
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith("Kaavioiden tiedot")
    )
    data = [
        ws.cell(r, c).value
        for r in range(top, ws.max_row + 1)
        for c in range(left, left + 6)
        if isinstance(ws.cell(r, c).value, str) and "Toimialat!" in ws.cell(r, c).value
    ]
    assert len(data) == 4 * 4  # four departments with a budget, four formulas each
    # The table is not printed: the print area is the statement (A-G) and the charts under
    # it, so the statement's repeated column titles never stand over the table on paper.
    area = ws.print_area[0] if isinstance(ws.print_area, list) else ws.print_area
    first, last = area.split("!")[-1].replace("$", "").split(":")
    assert first == "A1" and last.startswith("G")
    assert left > 7
    charts_bottom = int(last[1:])
    refs = [r for chart in xml for r in re.findall(r"<c:f>([^<]+)</c:f>", chart)]
    assert all(
        int(m) <= top + 5 for r in refs for m in re.findall(r"\$(\d+)", r)
    )  # the series are the table's rows
    labels = [ws.cell(r, 1).value for r in range(1, charts_bottom + 1)]
    assert "YLIJÄÄMÄ / ALIJÄÄMÄ" in labels
