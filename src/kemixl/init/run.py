"""`kemixl init`: a new city's master folder, from its budget export or to fill in.

From an export: read it (table), choose its columns (columns), read its rows (rows), build the
tree (tree) and the leaves' figures (figures), write the folder (write) and load it as any
master folder is loaded before it takes its place: what `kemixl init` writes is master data
kemixl accepts, or nothing is written. Without an export: the same files with their headers
only, and perustiedot.xlsx to type the master in Excel.
"""

from __future__ import annotations

from pathlib import Path

from ..i18n.message import Msg, Plural, msg, plural
from ..i18n.terms import COLUMN_TITLES
from ..master import (
    ACCOUNTS_FILE,
    CENTRAL_FILE,
    CENTRES_FILE,
    FIGURES_FILE,
    KPIS_FILE,
    SETTINGS_FILE,
    STRATEGY_FILE,
    MasterError,
    load_master,
)
from ..master.book import MasterSheet
from ..master.ledger import ACCOUNTS_HEADER, DEFAULT_ACCOUNTS, default_ranges
from ..model import INPUT_LINES, Column, Period
from ..numbers import csv_amount
from ..year.titles import report_title
from .columns import Layout, choose, role_text
from .errors import ExportError, Problem
from .figures import Budget, budget_of, column_titles
from .records import Centre, InitResult
from .rows import ReadRows, codeless_columns, read_rows
from .table import ExportTable, read_export
from .tree import Tree, build_tree, depth_first
from .write import HEADERS, WORKBOOK, csv_text, master_toml, refuse_target, write_folder

DEFAULT_CITY = "KAUPUNKI"  # where --city is not given: master.toml says to change it


def init_from_export(
    folder: Path,
    export: Path,
    year: int | None = None,
    last_month: int = 6,
    city: str | None = None,
    city_code: str | None = None,
) -> InitResult:
    """The master folder of the budget in `export`; ExportError lists every problem."""
    refuse_target(folder)
    table, problems = read_export(export)
    choice = choose(table.titles, table.roles, year, table.header_line)
    problems += [(table.where, table.header_line, p) for p in choice.problems]
    if choice.layout is None:
        raise ExportError(problems)
    layout = choice.layout
    codeless = codeless_columns(table, layout)
    if codeless:
        raise ExportError(problems + [(table.where, table.header_line, m) for m in codeless])
    accounts = default_ranges() if layout.account is not None else ()
    rows = read_rows(table, layout, accounts)
    problems += rows.problems
    if layout.account is None and rows.line_column is None:
        problems.append((table.where, table.header_line, NO_LINES))
    if problems:
        raise ExportError(problems)
    named = set(layout.names) | {s.level for r in rows.rows for s in r.path if s.name}
    tree, problems = build_tree(table.where, rows.rows, city or DEFAULT_CITY, city_code, named)
    if tree is None:
        raise ExportError(problems)
    titles = column_titles(table.titles, layout)
    budget, problems = budget_of(table.where, rows.rows, tree, layout, titles)
    if budget is None:
        raise ExportError(problems)
    period = Period(layout.year, 1, last_month)
    files = _files(tree, budget, layout, period, str(export))
    write_folder(folder, files, None, period, tree.city.name, _loads)
    return InitResult(
        folder=folder,
        period=period,
        city=tree.city,
        city_code_given=city_code is not None,
        files=tuple(files),
        counts=_counts(tree),
        figure_rows=len(budget.figures),
        source=str(export),
        read_as=table.read_as,
        header_line=table.header_line,
        rows=len(table.rows),
        columns=_columns(table, layout, rows),
        signs=budget.signs,
        notes=(*choice.notes, *_notes(rows, budget, city, tree.unnamed)),
    )


NO_LINES = msg(
    "no column says which line a row counts on: give an account column (Tili, Konto, Account) or "
    "a column of the lines (TOIMINTATUOTOT, TOIMINTAKULUT)"
)


def init_empty(folder: Path, year: int, last_month: int = 6, city: str | None = None) -> InitResult:
    """A master folder to fill in: the files with their headers, and perustiedot.xlsx."""
    refuse_target(folder)
    period = Period(year, 1, last_month)
    name = city or DEFAULT_CITY
    files = {SETTINGS_FILE: master_toml(period, name, report_title(period), "")}
    files.update({file: csv_text(header) for file, header in HEADERS.items()})
    sheets = [MasterSheet(file, header) for file, header in HEADERS.items()]
    write_folder(folder, files, sheets, period, name)
    notes = () if city else (_unnamed(),)
    return InitResult(
        folder, period, Centre("", "", name, -1), False, (*files, WORKBOOK), notes=notes
    )


def _files(
    tree: Tree, budget: Budget, layout: Layout, period: Period, source: str
) -> dict[str, str]:
    centres = depth_first(tree)
    amended = Column.TA_AMENDED in layout.figures
    figure_rows = [
        (
            c.code,
            line.value,
            *(csv_amount(values.get(col, 0.0)) for col in (Column.TP_PREV, Column.TA)),
            csv_amount(values[Column.TA_AMENDED]) if amended else "",
        )
        for c in centres
        for line in INPUT_LINES
        if (values := budget.figures.get((c.code, line))) is not None
    ]
    files = {
        SETTINGS_FILE: master_toml(period, tree.city.name, report_title(period), source),
        CENTRES_FILE: csv_text(
            HEADERS[CENTRES_FILE], ((c.code, c.parent, c.name, "") for c in centres)
        ),
        FIGURES_FILE: csv_text(HEADERS[FIGURES_FILE], figure_rows),
    }
    for file in (CENTRAL_FILE, KPIS_FILE, STRATEGY_FILE):
        files[file] = csv_text(HEADERS[file])
    if layout.account is not None:
        files[ACCOUNTS_FILE] = csv_text(ACCOUNTS_HEADER, DEFAULT_ACCOUNTS)
    return files


def _loads(folder: Path) -> list[Problem]:
    """The written folder loads as master data (else what the loader says, naming its files)."""
    try:
        load_master(folder)
    except MasterError as exc:
        return [(p.file, p.line, p.message) for p in exc.problems]
    return []


def _counts(tree: Tree) -> tuple[tuple[int, int], ...]:
    levels: dict[int, int] = {}
    for c in tree.centres.values():
        levels[c.level] = levels.get(c.level, 0) + 1
    return tuple(sorted(levels.items()))


def _columns(table: ExportTable, layout: Layout, rows: ReadRows) -> tuple[tuple[str, Msg], ...]:
    """Each column read and what it was read as, in the export's order."""
    out: dict[int, Msg] = {}
    for level, c in layout.codes.items():
        out[c] = role_text("code", level)
    for level, c in layout.names.items():
        out[c] = role_text("name", level)
    if layout.account is not None:
        out[layout.account] = role_text("account")
    if rows.line_column is not None:
        out[rows.line_column] = role_text("line")
    for column, c in layout.figures.items():
        out[c] = msg(COLUMN_TITLES[column], year=layout.year - (column is Column.TP_PREV))
    return tuple((str(table.titles[c]).strip(), out[c]) for c in sorted(out))


def _unnamed() -> Msg:
    return msg(
        "the city's name was not given (--city): master.toml says {name}; write the city's name "
        "there",
        name=DEFAULT_CITY,
    )


def _notes(rows: ReadRows, budget: Budget, city: str | None, unnamed: int) -> list[Msg | Plural]:
    notes: list[Msg | Plural] = []
    if unnamed:
        notes.append(
            plural(
                "{n} cost centre has no name in the export: its code stands as its name in "
                "costcentres.csv; write the name there",
                "{n} cost centres have no name in the export: their codes stand as their names "
                "in costcentres.csv; write the names there",
                unnamed,
            )
        )
    if rows.filled:
        notes.append(
            plural(
                "{n} empty cell of a level took the value of the row above (a pivot table's "
                "layout)",
                "{n} empty cells of a level took the value of the row above (a pivot table's "
                "layout)",
                rows.filled,
            )
        )
    if rows.ignored:
        notes.append(
            plural(
                "{n} row on accounts outside the operating items (balance sheet, taxes, "
                "financial items) was left out",
                "{n} rows on accounts outside the operating items (balance sheet, taxes, "
                "financial items) were left out",
                rows.ignored,
            )
        )
    if rows.margins:
        notes.append(
            plural(
                "{n} row of the operating margin was not read: kemixl calculates it",
                "{n} rows of the operating margin were not read: kemixl calculates them",
                rows.margins,
            )
        )
    if budget.checked_totals:
        notes.append(
            plural(
                "{n} total row agrees with the rows under it",
                "{n} total rows agree with the rows under them",
                budget.checked_totals,
            )
        )
    if rows.unplaced:
        notes.append(
            plural(
                "{n} total row without a code was not checked",
                "{n} total rows without a code were not checked",
                rows.unplaced,
            )
        )
    if not city:
        notes.append(_unnamed())
    return notes
