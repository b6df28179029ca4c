"""Room for every text, and pages that read well on paper.

- Row heights come from Arial 10's glyph widths (kemixl.report.measure): an upper-case name
  such as "HALLINTOPALVELUT HYVINVOINTI" is far wider than a count of its letters suggests.
  LibreOffice, given the estimated heights, draws every text of the KPI and strategy sheets
  and of the findings whole inside its own row.
- The findings' submitted and expected values wrap (a name-differs finding's are names).
- The summary prints one page (statement and charts); the charts' table stays off paper.
- A department sheet whose table fits one page does not repeat the finance column titles
  over its explanation pages; a longer table does; the department's name, Vastuuhenkilö and
  first paragraph are never split by a page break.
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import xlsxwriter
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from kemixl.master import load_master
from kemixl.model import Column, Line
from kemixl.pipeline import consolidate
from kemixl.reconcile import Consolidation
from kemixl.report.audit import FINDING_COLUMNS
from kemixl.report.build import _print_department
from kemixl.report.explain import write_explanations
from kemixl.report.finance import header
from kemixl.report.formats import make_formats
from kemixl.report.measure import text_height, width_for, wrapped_lines
from kemixl.report.page import Keep, Pages, paginate
from kemixl.report.sheet import Sheet
from tests.libreoffice import libreoffice, render_pdf  # noqa: F401  (fixture)

from .builders import Drift, sample_reported, write_submission
from .conftest import INPUTS, TEMPLATES
from .test_report_support import (  # noqa: F401  (fixtures)
    fixture_samples_consolidation,
    fixture_samples_workbook,
)

# -- the measure ------------------------------------------------------------------------------


def test_upper_case_names_take_their_real_width() -> None:
    # 28 letters, but about 224 px of Arial 10: two lines in the KPI sheet's old 22 digits
    assert wrapped_lines("HALLINTOPALVELUT HYVINVOINTI", 22) == 2
    assert wrapped_lines("HALLINTOPALVELUT HYVINVOINTI", 33) == 1
    assert wrapped_lines("hallintopalvelut hyvinvointi", 23) == 1  # lower case is narrower


def test_digits_against_excels_geometry() -> None:
    # A column of 22 digits is 159 px in Excel, 154 of them for text: 20 digits of 7.4 px fit
    assert wrapped_lines("0" * 20, 22) == 1
    assert wrapped_lines("0" * 21, 22) == 2  # (Excel fits ~21: one line too many, not too few)
    assert width_for("0" * 20) <= 22


def test_breaks_after_hyphens_and_inside_endless_words() -> None:
    assert wrapped_lines("sum-does-not-add-up", 12) == 2
    assert wrapped_lines("x" * 100, 10) == 10  # 100 x 6.7 px in lines of 70 px
    assert wrapped_lines("a\nb\n\nc", 10) == 4  # every line break counts, also a blank line
    assert text_height("a", 10) == 12.75 + 4
    assert text_height("word " * 2000, 10) == 409  # Excel's tallest row


# -- the report's rows, as LibreOffice draws them ---------------------------------------------


def _texts(ws: Worksheet, first_row: int) -> list[tuple[str, float, bool]]:
    """(text, column width in digits, bold) of every wrapped text cell from first_row on."""
    widths = _widths(ws)
    out = []
    for row in ws.iter_rows(min_row=first_row):
        for cell in row:
            if isinstance(cell.value, str) and cell.value and cell.alignment.wrap_text:
                out.append((cell.value, widths[cell.column], bool(cell.font.b)))
    return out


def _widths(ws: Worksheet) -> dict[int, float]:
    """Column widths in digits, as the writer set them (the file adds 5 px of padding)."""
    out: dict[int, float] = {}
    for dim in ws.column_dimensions.values():
        for col in range(dim.min or 0, (dim.max or 0) + 1):
            out[col] = (dim.width or 8.43) - 5 / 7 + 0.01
    return out


def _words(pdf: Path, tmp: Path) -> list[list[tuple[float, float, str]]]:
    """Per page: (top, bottom, word) of every word, in points from the page's top."""
    out_path = tmp / "words.html"
    subprocess.run(["pdftotext", "-bbox", str(pdf), str(out_path)], check=True, timeout=120)
    html = out_path.read_text(encoding="utf-8")
    pages = []
    for page in re.findall(r"<page[^>]*>(.*?)</page>", html, flags=re.S):
        words = []
        for m in re.finditer(
            r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>',
            page,
        ):
            words.append((float(m.group(1)), float(m.group(2)), _unescape(m.group(3))))
        pages.append(words)
    return pages


def _unescape(text: str) -> str:
    return ET.fromstring(f"<w>{text}</w>").text or ""


@pytest.mark.usefixtures("libreoffice")
def test_libreoffice_draws_every_text_inside_its_row(
    samples_workbook: Path, samples_consolidation: Consolidation, tmp_path: Path
) -> None:
    """Every wrapped text of the KPI, strategy and findings sheets, in a column of its width
    and a row of its estimated height, one text a row under a marker: LibreOffice draws all
    its characters below its marker and above the next row's."""
    wb = load_workbook(samples_workbook)
    texts = set(_texts(wb["Tunnusluvut"], 5)) | set(_texts(wb["Strategia"], 5))
    texts |= set(_texts(wb["Havainnot"], 5))
    texts.add(("HALLINTOPALVELUT HYVINVOINTI", 22, False))  # the tester's clipped name
    cases = sorted(texts)
    widths = sorted({w for _t, w, _b in cases})
    path = tmp_path / "fit.xlsx"
    book = xlsxwriter.Workbook(
        str(path),
        {
            "default_format_properties": {"font_name": "Arial", "font_size": 10},
            "default_row_height": 17,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    ws = book.add_worksheet("S")
    ws.fit_to_pages(1, 0)
    ws.set_landscape()
    plain = book.add_format({"font_name": "Arial", "font_size": 10, "text_wrap": True})
    bold = book.add_format({"font_name": "Arial", "font_size": 10, "text_wrap": True, "bold": True})
    for fmt in (plain, bold):
        fmt.set_align("top")
    ws.set_column(0, 0, 12)
    for k, w in enumerate(widths, start=1):
        ws.set_column(k, k, w - 0.01)
    for i, (text, w, is_bold) in enumerate(cases):
        ws.write_string(i, 0, f"ZQ{i}ZQ", plain)
        ws.write_string(i, 1 + widths.index(w), text, bold if is_bold else plain)
        ws.set_row(i, text_height(text, w - 0.01, bold=is_bold))
    ws.write_string(len(cases), 0, f"ZQ{len(cases)}ZQ", plain)
    book.close()

    pdf = render_pdf(path, tmp_path / "pdf")
    pages = _words(pdf, tmp_path)
    marks: dict[int, tuple[int, float]] = {}  # row -> (page, top of its marker)
    for p, words in enumerate(pages):
        for top, _bottom, word in words:
            if re.fullmatch(r"ZQ\d+ZQ", word):
                marks[int(word[2:-2])] = (p, top)
    assert len(marks) == len(cases) + 1
    problems = []
    for i, (text, w, _b) in enumerate(cases):
        page, top = marks[i]
        next_page, next_top = marks[i + 1]
        limit = next_top if next_page == page else float("inf")
        inside = [
            word
            for t, b, word in pages[page]
            if top - 2 <= t and b <= limit + 1 and not re.fullmatch(r"ZQ\d+ZQ", word)
        ]
        drawn, want = "".join(inside).replace(" ", ""), "".join(text.split())
        if drawn != want:
            problems.append(f"{text!r} at width {w:.1f}: drawn {drawn[len(want) - 30 :]!r}")
    assert problems == []


# -- the findings sheet -------------------------------------------------------------------------


def _faulty_inputs(tmp_path: Path) -> Path:
    """The bundled inputs, 64200000 missing, 64100000 re-made with a renamed cost centre."""
    master = load_master(TEMPLATES)
    inputs = tmp_path / "in"
    inputs.mkdir()
    for p in INPUTS.glob("*.xlsx"):
        if not p.name.startswith(("64100000", "64200000")):
            (inputs / p.name).write_bytes(p.read_bytes())
    drift = Drift(
        overrides={("64110000", Line.INCOME, Column.TA): 999.0},
        names={"64120000": "TIETOHALLINTOPALVELUT JA DIGITALISAATIO"},
    )
    write_submission(inputs / "kv.xlsx", master, "64100000", sample_reported(), drift)
    return inputs


def test_findings_values_wrap_and_rows_fit(tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    consolidate(_faulty_inputs(tmp_path), TEMPLATES, out)
    ws = load_workbook(out)["Havainnot"]
    top = next(r for r in range(1, 10) if ws.cell(r, 1).value == "Vakavuus")
    col = {str(ws.cell(top, c).value): c for c in range(1, len(FINDING_COLUMNS) + 1)}
    widths = _widths(ws)
    rows = {ws.cell(r, col["Säännön tunnus"]).value: r for r in range(top + 1, ws.max_row + 1)}
    named = rows["name-differs"]
    submitted = ws.cell(named, col["Ilmoitettu"])
    expected = ws.cell(named, col["Odotettu"])
    assert submitted.value == "TIETOHALLINTOPALVELUT JA DIGITALISAATIO"
    assert expected.value == "TIETOHALLINTOPALVELUT"
    for cell in (submitted, expected):
        assert cell.alignment.wrap_text and cell.alignment.vertical == "top"
        width = widths[cell.column]
        assert width >= width_for("TIETOHALLINTOPALVELUT") - 0.02  # the name never breaks
        assert ws.row_dimensions[named].height >= text_height(str(cell.value), width)
    for r in range(top + 1, ws.max_row + 1):  # every wrapped cell of every row has its room
        for c in range(1, len(FINDING_COLUMNS) + 1):
            cell = ws.cell(r, c)
            if isinstance(cell.value, str) and cell.alignment.wrap_text:
                assert ws.row_dimensions[r].height >= text_height(cell.value, widths[c]), (r, c)
    link = ws.cell(rows["master-figure-differs"], col["Raportissa"])
    assert link.hyperlink is not None and link.hyperlink.location == "Keskusvirasto!C7"
    # the link names its place in words, on one line; its screen tip says what is there
    assert link.value == "Keskusvirasto, solu C7"
    assert link.hyperlink.tooltip == "64110000 TOIMINTATUOTOT, TA 2023"
    assert widths[link.column] >= width_for(str(link.value))


# -- pages ----------------------------------------------------------------------------------


def _sheet_pages(pdf: Path) -> list[tuple[str, str]]:
    """(sheet name from the footer, text) of every page."""
    out = []
    n = int(
        re.search(
            r"Pages:\s+(\d+)",
            subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout,
        ).group(1)  # type: ignore[union-attr]
    )
    for p in range(1, n + 1):
        text = subprocess.run(
            ["pdftotext", "-layout", "-f", str(p), "-l", str(p), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        footer = re.search(r"^\s*(\S.*?)\s{2,}sivu \d+ / \d+\s*$", text, flags=re.M)
        assert footer, f"page {p}: no footer"
        out.append((footer.group(1).strip(), text))
    return out


DEPARTMENT_SHEETS = (
    "Keskusvirasto",
    "Elinvoimatoimiala",
    "Hyvinvointitoimiala",
    "Ympäristötoimiala",
)


@pytest.mark.usefixtures("libreoffice")
def test_pages_as_printed(samples_workbook: Path, tmp_path: Path) -> None:
    pages = _sheet_pages(render_pdf(samples_workbook, tmp_path))
    summary = [text for name, text in pages if name == "Tuloslaskelma"]
    assert len(summary) == 1  # the statement and its charts, on one page
    assert "YLIJÄÄMÄ / ALIJÄÄMÄ" in summary[0] and "Kaavioiden tiedot" not in summary[0]
    for name in DEPARTMENT_SHEETS:
        texts = [text for n, text in pages if n == name]
        assert texts, name
        for text in texts:
            has_table = "TOIMINTAKATE" in text
            assert ("TP-ENNUSTE" in text) == has_table, f"{name}: column titles on a text page"
        # the name and Vastuuhenkilö on the page of the first paragraph
        first = next(t for t in texts if "Vastuuhenkilö" in t)
        assert "Talousarvion toteutuminen ja yksilöidyt keinot" in first, name


def _department_sheet(tmp_path: Path, c: Consolidation, table_rows: int, text_rows: int) -> Path:
    """A department sheet's page layout: a table of `table_rows` rows (blocks of four), then
    an explanation block of one paragraph `text_rows` lines long."""
    path = tmp_path / "d.xlsx"
    wb = xlsxwriter.Workbook(
        str(path),
        {
            "default_format_properties": {"font_name": "Arial", "font_size": 10},
            "default_row_height": 17,
        },
    )
    sheet = Sheet(wb, "D", make_formats(wb))
    header(sheet, c.master, "D", "d")
    end = 5 + table_rows
    sheet.text(end - 1, 0, "TOIMINTAKATE")
    words = "sana " * 30  # a line's worth
    ex = dataclasses.replace(c.explanations["64100000"], explanation=words * text_rows)
    c = dataclasses.replace(c, explanations={**c.explanations, "64100000": ex})
    flow = write_explanations(sheet, c, "64100000", end, 7)
    _print_department(sheet, c, end, flow)
    wb.close()
    return path


def test_long_tables_repeat_their_titles(
    samples_consolidation: Consolidation, tmp_path: Path
) -> None:
    short = load_workbook(_department_sheet(tmp_path, samples_consolidation, 20, 3))["D"]
    assert short.print_title_rows is None
    assert [b.id for b in short.row_breaks.brk] == []
    long = load_workbook(_department_sheet(tmp_path, samples_consolidation, 60, 3))["D"]
    assert long.print_title_rows == "$5:$5"  # the column titles, on every page
    breaks = [b.id for b in long.row_breaks.brk]
    assert breaks and all((b - 5) % 4 == 0 for b in breaks)  # between blocks, never inside


def test_the_explanation_starts_together(
    samples_consolidation: Consolidation, tmp_path: Path
) -> None:
    """A first paragraph whose first two lines would not fit under the table takes the
    department's name and Vastuuhenkilö with it to the next page; a long one breaks between
    its lines, leaving two at least on each page."""
    ws = load_workbook(_department_sheet(tmp_path, samples_consolidation, 28, 12))["D"]
    table_end = 5 + 28
    assert [b.id for b in ws.row_breaks.brk] == [table_end + 1]  # before the name row
    ws = load_workbook(_department_sheet(tmp_path, samples_consolidation, 12, 60))["D"]
    (brk,) = [b.id for b in ws.row_breaks.brk]
    first_line = 5 + 12 + 5  # blank, name, Vastuuhenkilö, blank, title
    assert first_line + 2 <= brk <= first_line + 60 - 2


def _sheet(tmp_path: Path, heights: list[float]) -> Sheet:
    wb = xlsxwriter.Workbook(str(tmp_path / "p.xlsx"))
    sheet = Sheet(wb, "P", make_formats(wb))
    sheet.columns({0: 100})
    for row, height in enumerate(heights):
        sheet.set_row(row, height)
    return sheet


def test_pages_keep_what_belongs_together(tmp_path: Path) -> None:
    sheet = _sheet(tmp_path, [100.0] * 12)  # four rows a page (A4 landscape: 473 points)
    free = paginate(sheet, 11, 0, [])
    assert free.breaks == (4, 8)
    kept = paginate(sheet, 11, 0, [Keep(2, 5)])  # four rows that share a page
    assert kept.breaks == (2, 6, 10)
    joined = paginate(sheet, 11, 0, [Keep(2, 3), Keep(3, 4)])  # overlapping keeps join
    assert joined.breaks == (2, 6, 10)
    tall = paginate(sheet, 11, 0, [Keep(0, 11)])  # taller than a page: split where it must
    assert tall.breaks == free.breaks


def test_a_nearly_empty_last_page_is_avoided(tmp_path: Path) -> None:
    """One row more than a page holds prints a little smaller on one page; a last page of half
    a page does not; nor does one that no allowed scale (down to 90 %) would save."""
    h = 39.75  # whole pixels, as a row's height is kept
    per_page = paginate(_sheet(tmp_path, [h] * 40), 39, 0, []).breaks[0]
    one_more = paginate(_sheet(tmp_path, [h] * (per_page + 1)), per_page, 0, [])
    assert one_more.count == 1 and 0.9 <= one_more.scale < 1
    half = per_page + per_page // 2
    assert paginate(_sheet(tmp_path, [h] * half), half - 1, 0, []) == Pages(1.0, (per_page,))
    tall = paginate(_sheet(tmp_path, [150.0] * 4), 3, 0, [])  # three a page: 79 % would do
    assert tall == Pages(1.0, (3,))


@pytest.mark.parametrize("name", DEPARTMENT_SHEETS)
def test_department_sheets_on_paper(samples_workbook: Path, name: str) -> None:
    """In the sample every department's table fits one page: no repeated titles."""
    ws = load_workbook(samples_workbook)[name]
    assert ws.print_title_rows is None
    assert ws.freeze_panes == "B6"
