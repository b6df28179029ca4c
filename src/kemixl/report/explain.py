"""Under each department's table: its responsible person and explanation texts, as in the seed.

The texts are laid out as a printed page sets them, without merged cells: every paragraph is
broken into lines as wide as the table (measure.break_lines), one line per row, written in
column A and running over the empty cells beside it. A screen reader reads the lines in order,
and a long explanation breaks between pages at any line, under the rules of a typesetter
(see `Keep`): the department's name, Vastuuhenkilö, the section's title and the first two lines
of its text start a page together; a paragraph leaves at least two lines at the foot of a page
and carries at least two to the next; a paragraph of three lines or fewer is never split; a
paragraph ending in a colon or semicolon (the lead-in to a list) never ends a page.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..i18n import N_, _, label, terms
from ..reconcile import Consolidation
from .page import Keep
from .sheet import Sheet

# The section titles: the template's words (i18n.terms) and a colon, as the seed prints them.
EXPLANATION_TITLE = N_("{title}:")
NOT_GIVEN = N_("No explanation has been submitted.")
RESPONSIBLE = terms.RESPONSIBLE
NOT_NAMED = N_("(not given)")
PARAGRAPH_GAP = 6.75  # points between paragraphs: half a line
_BLANK_LINES = re.compile(r"\n\s*\n")
MIN_LINES = 2  # lines of a paragraph kept together at the foot and at the head of a page
LEADS_IN = (":", ";")  # a paragraph ending so introduces the next: never the last on a page


def section_title(message: str) -> str:
    """An explanation section's title with its colon: 'Talousohjelma ja säästötoimenpiteet:'."""
    return _(EXPLANATION_TITLE).format(title=label(message))


def paragraphs(text: str) -> list[str]:
    """Paragraphs split at blank lines; single line breaks are kept inside a paragraph."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [p.strip("\n").rstrip() for p in _BLANK_LINES.split(text) if p.strip()]


class Flow(NamedTuple):
    """Rows of a department's explanation block: its first (the department's name), the next
    free row, and the rows that must share a printed page."""

    first: int
    end: int
    keeps: list[Keep]


def paragraph_keeps(rows: list[int]) -> list[Keep]:
    """The rows of one paragraph's lines that must share a page: its first two and its last
    two lines (a paragraph of three lines or fewer: all of them)."""
    if len(rows) <= 2 * MIN_LINES - 1:
        return [Keep(rows[0], rows[-1])]
    return [
        Keep(rows[0], rows[MIN_LINES - 1]),
        Keep(rows[-MIN_LINES], rows[-1]),
    ]


def write_explanations(sheet: Sheet, c: Consolidation, code: str, row: int, last_col: int) -> Flow:
    """From `row` on (a blank row first): the department's name, Vastuuhenkilö, the
    explanation and (if given) the savings programme, across columns A..last_col."""
    node = c.master.centre(code)
    ex = c.explanations.get(code)
    name = terms.centre_name(node) if node else code
    responsible = (ex.responsible.strip() if ex else "") or (node.responsible if node else "")
    row += 1
    first = row
    sheet.text(row, 0, name, "heading")
    row += 1
    sheet.text(row, 0, label(RESPONSIBLE), "text_bold")
    row = sheet.lines(row, 1, last_col, responsible or _(NOT_NAMED))[-1] + 2
    keeps: list[Keep] = []
    start: int | None = first  # the block's head: kept with the first title and lines
    sections = [
        (
            section_title(terms.EXPLANATION),
            paragraphs(ex.explanation if ex else "") or [_(NOT_GIVEN)],
        )
    ]
    savings = paragraphs(ex.savings if ex else "")
    if savings:
        sections.append((section_title(terms.SAVINGS), savings))
    for title, parts in sections:
        title_rows = sheet.lines(row, 0, last_col, title, "line_bold", bold=True)
        row = title_rows[-1] + 1
        lead_in: int | None = None
        for i, part in enumerate(parts):
            rows = sheet.lines(row, 0, last_col, part)
            lines = paragraph_keeps(rows)
            if i == 0:  # the title (and the block's head) with the text's first lines
                lines[0] = Keep(start if start is not None else title_rows[0], lines[0].last)
                start = None
            elif lead_in is not None:  # "… ovat:" with the first lines of what it introduces
                lines[0] = Keep(lead_in, lines[0].last)
            lead_in = rows[-1] if part.endswith(LEADS_IN) else None
            row = rows[-1] + 1
            if i < len(parts) - 1:  # a half-line gap, kept at the foot of the paragraph
                sheet.set_row(row, PARAGRAPH_GAP)
                lines[-1] = Keep(lines[-1].first, row)
                row += 1
            keeps += lines
        row += 1  # a blank line between sections
    return Flow(first, row, keeps)
