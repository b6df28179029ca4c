"""Talousarviomuutokset: the budget amendments decided since the previous report of the year
(since the start of the year in its first report), from the master's amendments.csv."""

from __future__ import annotations

import datetime as dt

from ..formulas import Ref, Sum
from ..model import Amendment, Master
from .measure import fitted_width, text_height
from .sheet import Sheet

AMENDMENTS = "Talousarviomuutokset"
COLUMNS = (
    ("Päätöspäivä", 12),
    ("Päätös", 30),
    ("Kustannuspaikka", 40),
    ("Rivi", 17),
    ("Muutos, €", 15),
)


def since_previous(master: Master) -> tuple[Amendment, ...]:
    """Amendments decided after the previous report's period and by the end of this one."""
    periods = master.previous_periods
    start = periods[-1].end if periods else None
    end = master.period.end
    return tuple(
        a for a in master.amendments if a.date <= end and (start is None or a.date > start)
    )


def _date(d: dt.date) -> str:
    return f"{d.day}.{d.month}.{d.year}"


def window_text(master: Master) -> str:
    """Which amendments the sheet lists, as one sentence."""
    periods = master.previous_periods
    end = _date(master.period.end)
    if periods:
        return (
            f"Edellisen raportin ({periods[-1].label}) jälkeen {end} mennessä päätetyt muutokset."
        )
    return f"Vuoden alusta {end} mennessä päätetyt muutokset."


RULE = "Muutettu TA on TA lisättynä raportointikauden loppuun mennessä päätetyillä muutoksilla."


def write_amendments_sheet(sheet: Sheet, master: Master, amendments: tuple[Amendment, ...]) -> int:
    """The list and its total (a live SUM); returns the table's header row."""
    sheet.text(0, 0, f"Talousarviomuutokset {master.period.year}", "title")
    names = [
        f"{a.code} {node.name}" if (node := master.centre(a.code)) else a.code for a in amendments
    ]
    widths: dict[int, float] = {col: width for col, (_t, width) in enumerate(COLUMNS)}
    widths[1] = fitted_width(widths[1], [a.decision for a in amendments])
    sheet.columns(widths)
    written = sheet.lines(1, 0, len(COLUMNS) - 1, f"{window_text(master)} {RULE}", "legend")
    header = written[-1] + 2
    for col, (title, _w) in enumerate(COLUMNS):
        sheet.text(header, col, title, "header" if col else "header_left")
    refs: list[Ref] = []
    for r, (a, name) in enumerate(zip(amendments, names, strict=True), start=header + 1):
        sheet.text(r, 0, _date(a.date), "text")
        sheet.text(r, 1, a.decision, "text")
        sheet.text(r, 2, name, "text")
        sheet.text(r, 3, a.line.value, "text")
        refs.append(sheet.number(r, 4, a.amount, "euros_top"))
        sheet.set_row(r, max(text_height(t, widths[c]) for c, t in ((1, a.decision), (2, name))))
    total = header + 1 + len(amendments)
    sheet.text(total, 0, "Yhteensä", "label_bold")
    sheet.formula(total, 4, Sum(tuple(refs)), "euros_bold")
    sheet.ws.freeze_panes(header + 1, 0)
    return header
