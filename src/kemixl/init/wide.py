"""An export that gives each line's figures side by side, as a row per line.

A budget book often prints a cost centre on one row with a column per line and figure
(Toimintatuotot TA 2024 | Toimintakulut TA 2024 | Toimintakate TA 2024, or TA 2024 tuotot |
TA 2024 kulut): columns.line_figure tells them. Such a table is read as the same table with a
row per line: the other columns as they are, a column of the lines, and a column per figure
(TA 2024) holding that line's cell. The operating margin's columns are derived, so not read. A
line whose cells are all blank on a row gives no row. Rows keep their line in the file, so
every message still names it.
"""

from __future__ import annotations

from ..i18n.message import Msg
from ..i18n.terms import MASTER_FIELDS
from ..model import Column, Line
from ..xlsx.cells import norm
from .columns import line_figure, roles_of
from .table import ExportTable

LINES = (Line.INCOME, Line.COSTS)
KINDS = {c.value for c in (Column.TP_PREV, Column.TA, Column.TA_AMENDED)}


def by_line(table: ExportTable) -> tuple[ExportTable, tuple[int, ...], tuple[int, ...]]:
    """The table with a row per line where its columns give the lines side by side; those
    columns; and the columns left unread (the margin's, and a figure of no line beside them,
    which would count for both lines). Without such columns: the table as it is, (), ()."""
    wide = {c: r for c, r in table.roles.items() if r.line is not None}
    if not wide:
        return table, (), ()
    figures: dict[str, dict[Line, int]] = {}  # a figure's title without its line -> columns
    dropped = [c for c, r in table.roles.items() if r.line is None and r.kind in KINDS]
    for c in sorted(wide):
        found = line_figure(table.titles[c])
        assert found is not None  # the role says it is one line's
        line, rest = found
        if line in LINES:
            figures.setdefault(rest, {})[line] = c
        else:
            dropped.append(c)
    other = [c for c in range(len(table.titles)) if c not in wide and c not in dropped]
    titles = (
        *(table.titles[c] for c in other),
        LINE_TITLE,
        *(_title(table.titles[next(iter(cs.values()))], rest) for rest, cs in figures.items()),
    )
    rows: list[tuple[int, tuple[object, ...]]] = []
    for number, cells in table.rows:
        kept = tuple(cells[c] if c < len(cells) else None for c in other)
        given = []
        for line in LINES:
            values = tuple(
                cells[cs[line]] if line in cs and cs[line] < len(cells) else None
                for cs in figures.values()
            )
            if any(v not in (None, "") for v in values):
                given.append((number, (*kept, line.value, *values)))
        # a row without figures (a heading) stays, for the codes it gives the rows below
        rows += given or [(number, (*kept, "", *(None for _ in figures)))]
    origin = (*other, min(wide), *(next(iter(cs.values())) for cs in figures.values()))
    turned = ExportTable(
        table.where,
        table.header_line,
        titles,
        roles_of(titles),
        tuple(rows),
        table.read_as,
        origin,
    )
    return turned, tuple(sorted(wide)), tuple(sorted(dropped))


LINE_TITLE = Msg(MASTER_FIELDS["line"])  # the lines' column read (found by its content)


def _title(original: object, rest: str) -> str:
    """The figure's title without the line's words, as the export wrote it where it can
    ("TA 2024" from "Toimintatuotot TA 2024")."""
    text = str(original).strip()
    at = norm(text).find(rest)
    return text[at : at + len(rest)] if at >= 0 and len(norm(text)) == len(text) else rest
