"""The export's rows read: each row's place in the tree, its line and its figures.

A level's cell holds a code (`64110000`, a number cell, or `64110000 HALLINTOPALVELUT` with the
name beside it, read as submissions read a block's code: submissions.reader.code_of); its name
may also stand in a column of its own. A level's cell left blank under a row that has it, where
a lower level is given, takes the value above it (an export laid out as a pivot table prints
each department once). The line comes from the account, through the chart of accounts, or from
a column of lines found by its content; a row on an account that the report ignores (balance
sheet, taxes, financial items) is left out and counted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..amounts import not_an_amount
from ..i18n.message import Msg, msg
from ..master.ledger import IGNORED, UNKNOWN, classify_accounts
from ..model import AccountRange, Column, Line
from ..numbers import NotANumber, parse_amount
from ..submissions.reader import code_of
from ..xlsx.cells import cell_text
from .columns import LEVELS, Layout
from .errors import Problem
from .lines import line_label
from .records import ExportRow, Step
from .table import ExportTable

_ACCOUNT = re.compile(r"^\s*(\d{1,12})(?:\s|$|[-–:])")
_TOTAL_WORDS = re.compile(r"\b(yhteensä|yht|kaikki|summa|totalt|sammanlagt|total|totals)\b", re.I)
Report = Callable[[Msg], None]  # a problem of the row being read
LINE_SHARE = 0.5  # of a column's non-blank values that must be lines for it to be the lines'


@dataclass(frozen=True)
class ReadRows:
    rows: tuple[ExportRow, ...]
    problems: tuple[Problem, ...]
    line_column: int | None
    filled: int  # level cells taken from the row above
    ignored: int  # rows on accounts the report ignores
    margins: int  # TOIMINTAKATE rows (derived, so not read)
    unplaced: int  # rows labelled as totals ("Yhteensä") without a code: not checked


def line_column(table: ExportTable, layout: Layout) -> int | None:
    """The column whose values are lines (TOIMINTATUOTOT, VERKSAMHETSKOSTNADER, Henkilöstökulut
    ...: lines.py): the one not read otherwise with the most of them, at least half its
    non-blank values."""
    used = {*layout.codes.values(), *layout.names.values(), *layout.figures.values()}
    if layout.account is not None:
        used.add(layout.account)
    best: tuple[int, int] | None = None
    width = max((len(cells) for _ln, cells in table.rows), default=0)
    for c in range(width):
        if c in used:
            continue
        values = [cells[c] for _ln, cells in table.rows if c < len(cells) and cell_text(cells[c])]
        hits = sum(1 for v in values if line_label(v) is not None)
        if hits and hits >= LINE_SHARE * len(values) and (best is None or hits > best[1]):
            best = (c, hits)
    return best[0] if best else None


def codeless_columns(table: ExportTable, layout: Layout) -> list[Msg]:
    """A level's column that holds texts but not one code (names only: KESKUSVIRASTO): one
    problem for the column rather than one for each of its rows."""
    out = []
    for level, c in sorted(layout.codes.items()):
        values = [cells[c] for _ln, cells in table.rows if c < len(cells) and cell_text(cells[c])]
        if values and not any(code_of(v) for v in values):
            out.append(
                msg(
                    "column {title} holds no codes (such as {value!r}): give each {level} its "
                    "code, in the column or before the name (64100000 KESKUSVIRASTO)",
                    title=cell_text(table.titles[c]),
                    value=cell_text(values[0]),
                    level=Msg(LEVELS[level]),
                )
            )
    return out


def read_rows(table: ExportTable, layout: Layout, accounts: tuple[AccountRange, ...]) -> ReadRows:
    """Every row of the export, read; problems name the row's line."""
    lines = line_column(table, layout)
    problems: list[Problem] = []
    out: list[ExportRow] = []
    above: dict[int, Step] = {}  # the last row's step at each level, for blank upper cells
    filled = ignored = margins = unplaced = 0
    for number, cells in table.rows:
        before = len(problems)

        def problem(message: Msg, number: int = number) -> None:
            problems.append((table.where, number, message))

        read = _steps(table, layout, cells, problem)
        if read is None:
            continue
        steps, labelled, named = read
        path, fills = _fill(steps, above, labelled, problem)
        if named and not path:  # "KESKUSVIRASTO yhteensä": whose total, without a code?
            unplaced += 1
            continue
        filled += fills
        kind, item, skip = _kind(table, layout, lines, accounts, cells, problem)
        if skip == IGNORED:
            ignored += 1
            continue
        if skip == "margin":
            margins += 1
            continue
        figures = _figures(table, layout, cells, problem)
        if len(problems) > before:
            continue
        if not path and kind is None and not any(figures.values()):
            continue  # a row of text under the header (a subtitle, a note)
        out.append(ExportRow(number, path, kind, figures, item))
    return ReadRows(tuple(out), tuple(problems), lines, filled, ignored, margins, unplaced)


def _cell(cells: Sequence[object], c: int | None) -> object:
    return cells[c] if c is not None and c < len(cells) else None


def _steps(
    table: ExportTable, layout: Layout, cells: Sequence[object], problem: Report
) -> tuple[dict[int, Step | None], bool, bool] | None:
    """The row's code (and name) at each level (a Step, None where blank or a total's label),
    whether a total's label was seen and whether it names something ("KESKUSVIRASTO
    yhteensä"); None when a cell is no code (a problem)."""
    out: dict[int, Step | None] = {}
    labelled = named = False
    for level, c in sorted(layout.codes.items()):
        value = _cell(cells, c)
        name_cell = cell_text(_cell(cells, layout.names.get(level)))
        if not cell_text(value):
            out[level] = None
            continue
        found = code_of(value)
        if found is None:
            if isinstance(value, str) and _TOTAL_WORDS.search(value):
                # "Yhteensä" alone totals the whole export (as a row without codes does); a
                # name beside it ("KESKUSVIRASTO yhteensä") totals something the row does not
                # give the code of
                out[level] = None
                labelled = True
                named = named or bool(_TOTAL_WORDS.sub("", value).strip(" -–:*"))
                continue
            problem(
                msg(
                    "column {title}: {value!r} is not a code (3 to 12 digits, or the code and "
                    "the name: 64110000 HALLINTOPALVELUT)",
                    title=cell_text(table.titles[c]),
                    value=cell_text(value),
                )
            )
            return None
        code, name = found
        if name_cell.startswith(code):  # a name column that repeats the code
            name_cell = name_cell[len(code) :].strip(" -–:")
        out[level] = Step(level, code, name or name_cell)
    return out, labelled, named


def _fill(
    steps: dict[int, Step | None], above: dict[int, Step], labelled: bool, problem: Report
) -> tuple[tuple[Step, ...], int]:
    """The row's path top down, blank levels taken from the rows above as a pivot table means
    them: an upper level left blank where a lower one is given, or every level left blank on a
    row that is no total; the steps of this row become the ones above the next."""
    levels = sorted(steps)
    given = [lv for lv in levels if steps[lv] is not None]
    if not given:
        if labelled or not above:
            return (), 0  # a total ("Yhteensä"), or the rows' sum before any code
        return tuple(above[lv] for lv in sorted(above)), len(above)
    deepest = given[-1]
    path: list[Step] = []
    fills = 0
    for level in levels:
        step = steps[level]
        if step is None and level < deepest and level in above:
            step = above[level]
            fills += 1
        if step is not None:
            path.append(step)
    for level in levels:
        if level > deepest:
            above.pop(level, None)
    for step in path:
        above[step.level] = step
    if path[0].level != levels[0]:
        problem(
            msg(
                "{code} has no {level}: its cell is empty and no row above gives one",
                code=path[0].code,
                level=Msg(LEVELS[levels[0]]),
            )
        )
    return tuple(path), fills


def _kind(
    table: ExportTable,
    layout: Layout,
    lines: int | None,
    accounts: tuple[AccountRange, ...],
    cells: Sequence[object],
    problem: Report,
) -> tuple[Line | None, str, str]:
    """The row's line, its item (lines.py) and why it is skipped ("" when it is not)."""
    if lines is not None:
        value = _cell(cells, lines)
        if not cell_text(value):
            return None, "", ""
        label = line_label(value)
        if label is None:
            problem(
                msg(
                    "column {title}: {value!r} is neither {income} nor {costs}",
                    title=cell_text(table.titles[lines]),
                    value=cell_text(value),
                    income=Line.INCOME.value,
                    costs=Line.COSTS.value,
                )
            )
            return None, "", ""
        if label.line is Line.MARGIN:
            return None, "", "margin"
        return label.line, label.item, ""
    if layout.account is not None:
        value = cell_text(_cell(cells, layout.account))
        if not value:
            return None, "", ""
        m = _ACCOUNT.match(value)
        kind = classify_accounts([m.group(1)], accounts)[0] if m else UNKNOWN
        if kind == IGNORED:
            return None, "", IGNORED
        if kind == UNKNOWN:
            problem(
                msg(
                    "account {account!r} is in no range of the chart of accounts (revenue "
                    "3000-3999, expenses 4000-4999, internal 9000-9899; 1000-2999 and 5000-8999 "
                    "are not the departments')",
                    account=value,
                )
            )
            return None, "", ""
        return (kind if isinstance(kind, Line) else None), "", ""
    return None, "", ""


def _figures(
    table: ExportTable, layout: Layout, cells: Sequence[object], problem: Report
) -> dict[Column, float]:
    """The chosen columns' amounts, read as every reader of amounts reads them
    (numbers.parse_amount); a value that is none is a problem worded as in a submission."""
    out: dict[Column, float] = {}
    for column, c in layout.figures.items():
        value = _cell(cells, c)
        try:
            number = parse_amount(value)
        except NotANumber as exc:
            _rule, reason = not_an_amount(value, exc)
            problem(
                msg("column {title}: {reason}", title=cell_text(table.titles[c]), reason=reason)
            )
            continue
        out[column] = number or 0.0
    return out
