"""Talousarviomuutokset: the budget amendments decided since the previous report of the year
(since the start of the year in its first report), from the master's amendments.csv."""

from __future__ import annotations

import datetime as dt

from ..formulas import Ref, Sum
from ..i18n import N_, _, format_date, label, terms
from ..model import Amendment, Master
from .measure import fitted_width, text_height, title_width, wrapped_lines
from .sheet import Sheet

COLUMNS = (  # (title's message id, width at the least)
    (N_("Date of decision"), 12),
    (N_("Decision"), 30),
    (terms.KPI_CODE, 40),
    (N_("Line"), 17),
    (N_("Change, €"), 15),
)


TOTAL = N_("Total")


def since_previous(master: Master) -> tuple[Amendment, ...]:
    """Amendments decided after the previous report's period and by the end of this one."""
    previous = master.previous_period
    start = previous.end if previous else None
    end = master.period.end
    return tuple(
        a for a in master.amendments if a.date <= end and (start is None or a.date > start)
    )


def _date(d: dt.date) -> str:
    """15.8.2023 (Finnish, Swedish), 15 August 2023 (English)."""
    return format_date(d)


def window_text(master: Master) -> str:
    """Which amendments the sheet lists, as one sentence."""
    previous = master.previous_period
    end = _date(master.period.end)
    if previous:
        return _("The amendments decided after the previous report ({period}) by {end}.").format(
            period=previous.label, end=end
        )
    return _("The amendments decided from the start of the year by {end}.").format(end=end)


RULE = N_(
    "The revised budget is the budget plus the amendments decided by the end of the reporting "
    "period."
)


def write_amendments_sheet(sheet: Sheet, master: Master, amendments: tuple[Amendment, ...]) -> int:
    """The list and its total (a live SUM); returns the table's header row."""
    sheet.text(0, 0, label("Budget amendments {year}", year=master.period.year), "title")
    names = [
        f"{a.code} {terms.centre_name(node)}" if (node := master.centre(a.code)) else a.code
        for a in amendments
    ]
    titles = [label(title) for title, _w in COLUMNS]
    lines = [terms.line_label(a.line) for a in amendments]
    widths: dict[int, float] = {
        col: title_width(width, [titles[col]]) for col, (_t, width) in enumerate(COLUMNS)
    }
    widths[0] = fitted_width(widths[0], [_date(a.date) for a in amendments])
    widths[1] = fitted_width(widths[1], [a.decision for a in amendments])
    widths[3] = fitted_width(widths[3], lines, most=3)
    sheet.columns(widths)
    written = sheet.lines(1, 0, len(COLUMNS) - 1, f"{window_text(master)} {_(RULE)}", "legend")
    header = written[-1] + 2
    for col, title in enumerate(titles):
        sheet.text(header, col, title, "header" if col else "header_left")
    if any(wrapped_lines(t, widths[col], bold=True) > 1 for col, t in enumerate(titles)):
        sheet.set_row(  # a longer language's titles in two lines or more
            header, max(text_height(t, widths[col], bold=True) for col, t in enumerate(titles))
        )
    refs: list[Ref] = []
    for r, (a, name, line) in enumerate(
        zip(amendments, names, lines, strict=True), start=header + 1
    ):
        sheet.text(r, 0, _date(a.date), "text")
        sheet.text(r, 1, a.decision, "text")
        sheet.text(r, 2, name, "text")
        sheet.text(r, 3, line, "text")
        refs.append(sheet.number(r, 4, a.amount, "euros_top"))
        cells = ((0, _date(a.date)), (1, a.decision), (2, name), (3, line))
        sheet.set_row(r, max(text_height(t, widths[c]) for c, t in cells))
    total = header + 1 + len(amendments)
    sheet.text(total, 0, label(TOTAL), "label_bold")
    sheet.formula(total, 4, Sum(tuple(refs)), "euros_bold")
    sheet.ws.freeze_panes(header + 1, 0)
    return header
