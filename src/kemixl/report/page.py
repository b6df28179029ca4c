"""Print setup shared by every sheet: A4 landscape, one page wide, titled header and footer."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..model import Master
from .sheet import Sheet

A4 = 9
A4_POINTS = (841.9, 595.3)  # landscape: width, height
MARGINS = {"left": 0.5, "right": 0.5, "top": 0.75, "bottom": 0.6}  # inches
FILL = 0.95  # of a page's height counted on: renderers round and scale differently


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
) -> None:
    """A4, landscape, fitted to one page wide (as many pages tall as needed).

    Header: the city (left), the report title (centre), the period (right). Footer: the sheet
    name (left) and "sivu N / M" (right). `repeat_rows` (first, last; 0-based) are printed
    at the top of every page.
    """
    ws = sheet.ws
    settings, period = master.settings, master.period
    ws.set_paper(A4)
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.set_margins(**MARGINS)
    ws.center_horizontally()
    ws.set_header(
        f"&L&8{_escape(settings.city)}&C&8&B{_escape(settings.title)}&R&8{_escape(period.label)}",
        {"margin": 0.3},
    )
    ws.set_footer("&L&8&A&R&8sivu &P / &N", {"margin": 0.3})
    if repeat_rows is not None:
        ws.repeat_rows(*repeat_rows)


# LibreOffice turns a column's stored width into length with Arial 10's unrounded digit (5.56
# points, 7.41 px) where Excel rounds it to whole pixels (7): the same columns print some 6 %
# wider there, and a page fitted to them at a smaller scale.
DIGIT_POINTS = 5.56


def smallest_scale(widths: Iterable[float]) -> float:
    """The scale at which columns of these widths (digits, as set) fit one page's width, in
    whichever of Excel and LibreOffice fits them smaller: what a font size is multiplied by
    on paper."""
    printable = A4_POINTS[0] - 72 * (MARGINS["left"] + MARGINS["right"])
    pixels = [int(w * 7 + 0.5) + 5 for w in widths]  # as stored: with 5 px of padding
    excel = printable * 4 / 3 / sum(pixels)
    libreoffice = printable / sum(p / 7 * DIGIT_POINTS for p in pixels)
    return min(1.0, excel, libreoffice)


def fit_scale(sheet: Sheet, last_col: int) -> float:
    """The scale (≤ 1, whole percents) at which columns A..last_col fit one page's width."""
    printable_px = (A4_POINTS[0] - 72 * (MARGINS["left"] + MARGINS["right"])) * 4 / 3
    used_px = sum(sheet.pixels(col) for col in range(last_col + 1))
    return min(1.0, int(100 * printable_px / used_px) / 100)


def page_capacity(sheet: Sheet, last_col: int) -> float:
    """The points of rows one printed page holds, columns A..last_col fitted to its width."""
    printable = A4_POINTS[1] - 72 * (MARGINS["top"] + MARGINS["bottom"])
    return printable * FILL / fit_scale(sheet, last_col)


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


def pages_of(sheet: Sheet, last_row: int, last_col: int, repeat: int | None = None) -> list[int]:
    """The printed page (0, 1, ...) of every row up to last_row, fitted to width, row `repeat`
    printed atop every page. Rows never break across pages; an estimate, a little cautious."""
    capacity = page_capacity(sheet, last_col)
    repeated = sheet.height(repeat) if repeat is not None else 0.0
    out: list[int] = []
    page, used, start = 0, 0.0, 0.0
    for row in range(last_row + 1):
        h = sheet.height(row)
        if used + h > capacity and used > start:
            page, used = page + 1, repeated
            start = repeated
        used += h
        out.append(page)
    return out
