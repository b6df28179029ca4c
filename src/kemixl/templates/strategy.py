"""The *Strategia* sheet: the department's objectives, a status to choose and a realization."""

from __future__ import annotations

from typing import Any

from .. import layout as T
from ..i18n import _, label, terms
from ..model import Master
from .book import PROTECT_OPTIONS, TemplateBook, fit_row, table_start
from .carried import carried_status, input_cell


def strategy_sheet(book: TemplateBook, ws: Any, master: Master, dept: str) -> None:
    p = master.period
    objectives = [o for o in master.objectives if o.department == dept]
    not_reported = terms.status_label(T.NOT_REPORTED)
    widths = table_start(
        book,
        ws,
        label("Strategic objectives"),
        _("Choose the status from the list and write the realization. Default: {status}.").format(
            status=not_reported
        ),
        (
            (label(terms.STRATEGY_ID), 7),
            (label(terms.GOAL), 18),
            (label(terms.OBJECTIVE), 34),
            (label(terms.ACTIONS), 38),
            (label(terms.OWNER), 26),
            (label(terms.METRICS), 30),
            (T.SDG, 10),
            (label(terms.STATUS), 16),
            (T.realization_title(p.first_month, p.last_month, p.year), 50),
        ),
    )
    for r, o in enumerate(objectives, start=4):
        texts = [
            o.id,
            o.goal,
            o.objective,
            o.actions,
            o.owner_schedule,
            o.metrics,
            " ".join(map(str, master.sdgs_of(o.goal, dept))),  # the table's list
        ]
        for col, text in enumerate(texts):
            ws.write_string(r, col, text, book.text_locked)
        given = book.filling.realizations.get(o.id)
        key = given[0] if given else carried_status(master, o.id, T.NOT_REPORTED)
        status = terms.status_label(key)
        ws.write_string(r, 7, status, book.input_text)
        previous = master.previous_text("realization", o.id)
        realization = input_cell(book, ws, r, 8, given[1] if given else None, previous)
        # room for the realization the department writes (or the previous one, carried)
        fit_row(ws, r, [*texts, status, realization], widths, lines=3)
    if objectives:
        last = 3 + len(objectives)
        ws.data_validation(
            4,
            7,
            last,
            7,
            {
                "validate": "list",
                "source": [terms.status_label(s) for s in T.ALL_STATUSES],
                "input_title": label(terms.STATUS)[:32],
                "input_message": _("Choose the objective's status from the list.")[:255],
            },
        )
    else:
        ws.write_string(
            4, 0, _("No strategic objectives are recorded for this department."), book.text
        )
    ws.freeze_panes(4, 0)
    ws.protect("", PROTECT_OPTIONS)
