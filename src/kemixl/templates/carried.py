"""Input cells of a later period's template that start from the previous report's values
(previous_report.csv): the value behind a grey mark naming that report ("1–6/2023: "), which
the department deletes to confirm a value that still holds (see kemixl.carry)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..carry import mark
from ..i18n import _
from ..model import Master, PreviousText
from .book import typed


def carried_text(previous: PreviousText | None) -> str:
    """What a carried input cell reads: '1–6/2023: ' and the value ('' when nothing is carried)."""
    if previous is None or not previous.value.strip():
        return ""
    return mark(previous.period) + previous.value


def write_carried(book: Any, ws: Any, row: int, col: int, previous: PreviousText | None) -> str:
    """An input cell holding the previous report's value after its grey mark; blank where there
    is nothing to carry. `book` gives the formats (input_text, mark, run). Returns the text."""
    if previous is None or not previous.value.strip():
        ws.write_blank(row, col, None, book.input_text)
        return ""
    ws.write_rich_string(
        row, col, book.mark, mark(previous.period), book.run, previous.value, book.input_text
    )
    return carried_text(previous)


def input_cell(
    book: Any, ws: Any, row: int, col: int, given: object, previous: PreviousText | None
) -> str:
    """An input cell of a later period's template: what a filling gives (the department typed
    it over the carried value), else the previous report's value behind its mark. Returns the
    cell's text as a spreadsheet reads it."""
    if given is None or given == "":
        return write_carried(book, ws, row, col, previous)
    typed(ws, row, col, given, book.input_text)
    return str(given)


def explanation_texts(master: Master, dept: str, given: Mapping[str, str]) -> tuple[str, str]:
    """What the explanation and savings cells hold: the filling's text, else the carried one."""
    texts = []
    for kind in ("explanation", "savings"):
        text = given.get(kind, "")
        texts.append(text or carried_text(master.previous_text(kind, dept)))
    return texts[0], texts[1]


def carried_marks(master: Master, dept: str) -> tuple[str, str]:
    """The marks the explanation and savings cells start with ("" where nothing is carried)."""
    marks = []
    for kind in ("explanation", "savings"):
        text = master.previous_text(kind, dept)
        marks.append(mark(text.period).strip() if text is not None and carried_text(text) else "")
    return marks[0], marks[1]


def carried_status(master: Master, objective: str, default: str) -> str:
    """The status an objective's row starts from: the previous report's (a status key), else
    `default`."""
    previous = master.previous_text("status", objective)
    return previous.value if previous is not None and previous.value.strip() else default


def instructions(master: Master) -> str:
    """The instructions' paragraph on carried values ('' when nothing is carried)."""
    earlier = master.previous_period
    if earlier is None or not master.previous_texts:
        return ""
    return _(
        "The texts, strategy statuses and realizations and the key figures start from the "
        "previous report's ({period}), each value marked “{mark}” in grey. Change what has "
        "changed. Where a value still holds, delete its mark “{mark}” to confirm it: a value "
        "left with its mark is reported as the previous report's, not confirmed."
    ).format(period=earlier.label, mark=mark(earlier).strip())
