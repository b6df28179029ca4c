"""The *Tunnusluvut* sheet: every KPI of the department with TP and TA pre-filled."""

from __future__ import annotations

from typing import Any

from .. import layout as T
from ..i18n import _, label, terms
from ..model import Column, Master
from .book import PROTECT_OPTIONS, TemplateBook, fit_row, table_start
from .carried import input_cell


def kpi_sheet(book: TemplateBook, ws: Any, master: Master, dept: str) -> None:
    p = master.period
    kpis = [k for k in master.kpis if k.code == dept or master.department_of(k.code) == dept]
    widths = table_start(
        book,
        ws,
        label("Outputs and indicators"),
        _("Actual and forecast: a number or a short text (e.g. 1250, 27.5 or '7 pcs')."),
        (
            (label(terms.KPI_ID), 7),
            (label(terms.KPI_CODE), 34),
            (label(terms.KPI_GROUP), 22),
            (label(terms.KPI_NAME), 44),
            (terms.column_title(p, Column.TP_PREV), 16),
            (terms.column_title(p, Column.TA), 16),
            (T.kpi_actual_title(p.first_month, p.last_month, p.year), 18),
            (terms.column_title(p, Column.FORECAST), 18),
        ),
    )
    for r, k in enumerate(kpis, start=4):
        c = master.centre(k.code)
        centre = f"{k.code} {terms.centre_name(c) if c else ''}"
        ws.write_string(r, 0, k.id, book.text_locked)
        ws.write_string(r, 1, centre, book.text_locked)
        ws.write_string(r, 2, k.group, book.text_locked)
        ws.write_string(r, 3, k.name, book.text_locked)
        for col, value in ((4, k.tp_prev), (5, k.ta)):
            if isinstance(value, float):
                ws.write_number(r, col, value, book.kpi_locked)
            else:
                ws.write_string(r, col, value or "", book.kpi_locked)
        given = book.filling.kpis.get(k.id, (None, None))
        actual = input_cell(book, ws, r, 6, given[0], master.previous_text("kpi_actual", k.id))
        forecast = input_cell(book, ws, r, 7, given[1], master.previous_text("kpi_forecast", k.id))
        fit_row(ws, r, [k.id, centre, k.group, k.name, "", "", actual, forecast], widths)
    if kpis:
        last = 3 + len(kpis)
        ws.data_validation(
            4,
            6,
            last,
            7,
            {
                "validate": "length",
                "criteria": "<=",
                "value": 255,
                "input_title": _("Number or text")[:32],
                "input_message": _(
                    "A number (e.g. 1250 or 27.5) or a short text (at most 255 characters)."
                )[:255],
            },
        )
    else:
        ws.write_string(4, 0, _("No indicators are defined for this department."), book.text)
    ws.freeze_panes(4, 0)
    ws.protect("", PROTECT_OPTIONS)
