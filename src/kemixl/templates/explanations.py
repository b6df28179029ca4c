"""The *Perustelut* sheet: the responsible person, the explanation and the savings programme."""

from __future__ import annotations

from typing import Any

from ..i18n import _, label, terms
from ..model import Master
from .book import PROTECT_OPTIONS, TemplateBook, typed
from .carried import input_cell


def explanations_sheet(book: TemplateBook, ws: Any, master: Master, dept: str) -> None:
    node = master.centre(dept)
    assert node is not None
    title = _("{name}: explanations").format(name=terms.centre_name(node))
    ws.write_string(0, 0, title, book.title)
    ws.write_string(1, 0, _("Write the answers in the yellow cells."), book.sub)
    ws.set_column(0, 0, 38)
    ws.set_column(1, 1, 110)
    given = book.filling.explanations
    rows = (
        (label(terms.RESPONSIBLE), "responsible", 20),
        (label(terms.EXPLANATION), "explanation", 300),
        (label(terms.SAVINGS), "savings", 200),
    )
    for i, (text, kind, height) in enumerate(rows, start=3):
        ws.write_string(i, 0, text, book.text)
        if kind == "responsible":
            typed(ws, i, 1, given.get(kind, node.responsible), book.input_text)
        else:  # the previous report's text, behind its mark, where there was one
            input_cell(book, ws, i, 1, given.get(kind), master.previous_text(kind, dept))
        ws.set_row(i, height)
    ws.data_validation(
        3,
        1,
        5,
        1,
        {
            "validate": "length",
            "criteria": "<=",
            "value": 32000,
            "input_title": _("Text")[:32],
            "input_message": _("Free text; a new line with Alt+Enter.")[:255],
        },
    )
    ws.protect("", PROTECT_OPTIONS)
