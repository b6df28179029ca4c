"""Print setup shared by every sheet: A4 landscape, one page wide, titled header and footer."""

from __future__ import annotations

from ..model import Master
from .sheet import Sheet

A4 = 9


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
    ws.set_margins(left=0.5, right=0.5, top=0.75, bottom=0.6)
    ws.center_horizontally()
    ws.set_header(
        f"&L&8{_escape(settings.city)}&C&8&B{_escape(settings.title)}&R&8{_escape(period.label)}",
        {"margin": 0.3},
    )
    ws.set_footer("&L&8&A&R&8sivu &P / &N", {"margin": 0.3})
    if repeat_rows is not None:
        ws.repeat_rows(*repeat_rows)
