"""Print setup shared by every sheet: A4 landscape, one page wide, titled header and footer.

Two ways to be one page wide:

- **fitted** (`print_setup`): the renderer scales the sheet to the page's width and breaks
  pages wherever a page is full, between rows;
- **paginated** (`print_pages`): kemixl chooses the scale (the widest that fits the width,
  with a margin for renderers' rounding) and the page breaks itself, so that rows that belong
  together share a page (`Keep`: a finance block's four rows, a table's header with its first
  rows, a paragraph's first and last lines) and a sheet never ends on a nearly empty page: when
  its last page would hold less than a third of a page, the sheet prints a little smaller (at
  most a tenth, never under 8 points' effective size) if that saves the page. Excel ignores
  manual page breaks on a sheet set to fit to a number of pages, so a paginated sheet is
  printed at a fixed scale instead.

Estimates are a little cautious (`FILL`), so the renderer never needs a break of its own: the
pages printed are the pages computed.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..i18n import _
from ..model import Master
from .measure import DIGIT_PX
from .sheet import Sheet

A4 = 9
A4_POINTS = (841.9, 595.3)  # landscape: width, height
MARGINS = {"left": 0.5, "right": 0.5, "top": 0.75, "bottom": 0.6}  # inches
DIGIT_POINTS = 5.56  # Arial's (and Liberation Sans') digit at 10 points: 556/1000 em
FILL = 0.95  # of a page's height counted on: renderers round and scale differently
WIDTH_MARGIN = 0.98  # of a page's width used by a paginated sheet: renderers round widths up
LAST_PAGE_MIN = 1 / 3  # of a page: a last page holding less is avoided if a smaller print saves it
SHRINK_MOST = 0.9  # a paginated sheet prints at least at 90 % of its width-filling scale
SCALE_MIN = 0.8  # and never below 80 %: Arial 10 prints at 8 points at least


def _escape(text: str) -> str:
    """Header/footer text after a font-size code: '&' doubled, and a leading digit kept
    apart from the size ("&8" + "1-6/2023" would read as size 81)."""
    text = text.replace("&", "&&")
    return " " + text if text[:1].isdigit() else text


def print_setup(
    sheet: Sheet,
    master: Master,
    repeat_rows: tuple[int, int] | None = None,
    landscape: bool = True,
    scale: float | None = None,
    department: str = "",
) -> None:
    """A4, landscape, fitted to one page wide (as many pages tall as needed), or printed at
    `scale` (a paginated sheet, see print_pages).

    Header: the city (left), the report title (centre), the period (right). Footer: the sheet
    name (left; after the department's code and name on a department's template) and
    "sivu N / M" (right). `repeat_rows` (first, last; 0-based) are printed at the top of
    every page.
    """
    ws = sheet.ws
    settings, period = master.settings, master.period
    ws.set_paper(A4)
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    if scale is None:
        ws.fit_to_pages(1, 0)
    else:
        ws.set_print_scale(round(scale * 100))
    ws.set_margins(**MARGINS)
    ws.center_horizontally()
    ws.set_header(
        f"&L&8{_escape(settings.city)}&C&8&B{_escape(settings.title)}&R&8{_escape(period.label)}",
        {"margin": 0.3},
    )
    who = f"{_escape(department)} · " if department else ""
    # the page number and count are the header/footer codes &P and &N
    page = _("page {page} / {pages}").format(page="&P", pages="&N")
    ws.set_footer(f"&L&8{who}&A&R&8{page}", {"margin": 0.3})
    if repeat_rows is not None:
        ws.repeat_rows(*repeat_rows)


def smallest_scale(widths: Iterable[float]) -> float:
    """The scale at which columns of these widths (digits, as set) fit one page's width, in
    whichever of Excel and LibreOffice fits them smaller: what a font size is multiplied by
    on paper."""
    printable = A4_POINTS[0] - 72 * (MARGINS["left"] + MARGINS["right"])
    pixels = [int(w * 7 + 0.5) + 5 for w in widths]  # as stored: with 5 px of padding
    excel = printable * 4 / 3 / sum(pixels)
    libreoffice = printable / sum(p / 7 * DIGIT_POINTS for p in pixels)
    return min(1.0, excel, libreoffice)


def page_capacity(sheet: Sheet, last_col: int) -> float:
    """The points of rows one printed page holds, columns A..last_col fitted to its width."""
    return _capacity(fit_scale(sheet, last_col))


def keep_together(
    sheet: Sheet,
    groups: Sequence[tuple[int, int]],
    last_row: int,
    last_col: int,
    repeat: int | None = None,
) -> list[int]:
    """Page breaks that keep each group of rows (first, last) on one page: a break goes before
    a group's first row when the group would not fit on what is left of the page (and would
    fit on a fresh one). A block's title and its first lines, say, never part."""
    capacity = page_capacity(sheet, last_col)
    repeated = sheet.height(repeat) if repeat is not None else 0.0
    ends = dict(groups)
    breaks: list[int] = []
    used = start = 0.0
    for row in range(last_row + 1):
        if row in ends:
            block = sum(sheet.height(r) for r in range(row, ends[row] + 1))
            if used + block > capacity and used > start and repeated + block <= capacity:
                breaks.append(row)
                used = start = repeated
        h = sheet.height(row)
        if used + h > capacity and used > start:
            used = start = repeated
        used += h
    return breaks


def fit_scale(sheet: Sheet, last_col: int, margin: float = 1.0) -> float:
    """The scale (≤ 1, whole percents) at which columns A..last_col fit one page's width
    (`margin` of it).

    A column's width is stored in digits of the default font (its pixels / 7). Excel prints a
    digit of Arial 10 as its 7 screen pixels, 5.25 points; LibreOffice as the digit's true
    width, 5.56 points, and so prints every column 6 % wider: the wider is counted."""
    return scale_for([sheet.pixels(col) for col in range(last_col + 1)], margin)


def scale_for(pixels: Iterable[int], margin: float = 1.0) -> float:
    """The scale (≤ 1, whole percents) at which columns this many pixels wide fit one page's
    width (`margin` of it), as LibreOffice prints them (see fit_scale)."""
    printable = A4_POINTS[0] - 72 * (MARGINS["left"] + MARGINS["right"])
    used = sum(pixels) / DIGIT_PX * DIGIT_POINTS
    return min(1.0, math.floor(100 * margin * printable / used) / 100)


def _capacity(scale: float) -> float:
    """Points of rows a page holds at a scale."""
    return (A4_POINTS[1] - 72 * (MARGINS["top"] + MARGINS["bottom"])) * FILL / scale


@dataclass(frozen=True)
class Keep:
    """Rows first..last (0-based, inclusive) print on one page (where they fit on one)."""

    first: int
    last: int


@dataclass(frozen=True)
class Pages:
    """A paginated sheet's scale and the rows that start its second, third ... page."""

    scale: float
    breaks: tuple[int, ...]

    @property
    def count(self) -> int:
        return len(self.breaks) + 1


def _units(last_row: int, keeps: list[Keep]) -> list[tuple[int, int]]:
    """Rows 0..last_row as runs that must not be split: overlapping keeps joined, every other
    row a run of its own."""
    spans = sorted((max(k.first, 0), min(k.last, last_row)) for k in keeps if k.first <= last_row)
    units: list[tuple[int, int]] = []
    row = 0
    for first, last in spans:
        if units and first <= units[-1][1]:  # overlaps the run before: join them
            units[-1] = (units[-1][0], max(units[-1][1], last))
            row = units[-1][1] + 1
            continue
        units += [(r, r) for r in range(row, first)]
        if last >= first:
            units.append((first, last))
            row = last + 1
    units += [(r, r) for r in range(row, last_row + 1)]
    return units


Runs = list[tuple[int, int, float]]  # (first row, last row, points) of the runs of _units


def _runs(sheet: Sheet, last_row: int, keeps: list[Keep]) -> Runs:
    """The runs of rows 0..last_row that must not be split (_units), with their heights."""
    return [
        (first, last, sum(sheet.height(r) for r in range(first, last + 1)))
        for first, last in _units(last_row, keeps)
    ]


def breaks_at(
    sheet: Sheet, last_row: int, keeps: list[Keep], scale: float, repeat: int | None = None
) -> tuple[list[int], float]:
    """Page breaks (the rows starting a new page) for rows 0..last_row at a scale, and how full
    the last page is (points of its own rows). A run taller than a page is split by rows."""
    return _breaks(sheet, _runs(sheet, last_row, keeps), scale, repeat)


def _breaks(sheet: Sheet, runs: Runs, scale: float, repeat: int | None) -> tuple[list[int], float]:
    """breaks_at of the runs of rows (the same at every scale: measured once)."""
    capacity = _capacity(scale)
    repeated = sheet.height(repeat) if repeat is not None else 0.0
    breaks: list[int] = []
    used = 0.0

    def new_page(row: int) -> None:
        nonlocal used
        breaks.append(row)
        used = repeated

    for first, last, height in runs:
        if used + height > capacity and used > (repeated if breaks else 0.0):
            new_page(first)
        if used + height <= capacity:
            used += height
            continue
        for row in range(first, last + 1):  # taller than a page: row by row
            h = sheet.height(row)
            if used + h > capacity and used > (repeated if breaks else 0.0):
                new_page(row)
            used += h
    return breaks, used - (repeated if breaks else 0.0)


def paginate(
    sheet: Sheet, last_row: int, last_col: int, keeps: list[Keep], repeat: int | None = None
) -> Pages:
    """The scale and page breaks of rows 0..last_row, columns A..last_col (see the module)."""
    scale = fit_scale(sheet, last_col, WIDTH_MARGIN)
    runs = _runs(sheet, last_row, keeps)
    breaks, last_page = _breaks(sheet, runs, scale, repeat)
    if breaks and last_page < LAST_PAGE_MIN * _capacity(scale):
        lowest = math.ceil(100 * max(SCALE_MIN, scale * SHRINK_MOST))
        for percent in range(round(scale * 100) - 1, lowest - 1, -1):
            fewer, _full = _breaks(sheet, runs, percent / 100, repeat)
            if len(fewer) < len(breaks):
                return Pages(percent / 100, tuple(fewer))
    return Pages(scale, tuple(breaks))


def print_pages(
    sheet: Sheet,
    master: Master,
    last_row: int,
    last_col: int,
    keeps: list[Keep],
    repeat: int | None = None,
) -> Pages:
    """A paginated sheet's print setup: its scale, its page breaks, row `repeat` atop every
    page (see print_setup for the rest)."""
    pages = paginate(sheet, last_row, last_col, keeps, repeat)
    print_setup(sheet, master, (repeat, repeat) if repeat is not None else None, scale=pages.scale)
    sheet.ws.set_h_pagebreaks(list(pages.breaks))
    return pages
