"""The master as one .xlsx workbook: a sheet per master file, with the same columns.

A sheet holds a master file when it is named after the file without its extension
(`costcentres`, `figures`, `central`, `kpis`, `strategy`, `strategy_sdg`, `accounts`,
`investments` ...; `master`
for the settings) or with the title kemixl gives that sheet in any language (`Kustannuspaikat`,
`Kostnadsställen`, `Cost centres`: terms.MASTER_SHEETS); other sheets (the instructions) are not
read. The settings are rows of `section | key | value` (`period | year | 2023`). Each sheet's first
non-empty row names its columns, as a CSV file's header does, by the files' column names (`code`)
or kemixl's titles for them in any language (`Koodi`, `TA 2023`: terms.MASTER_FIELDS and the
report's column titles); the rows go through the same validation as the CSV files, and a problem
names the workbook, the sheet and the row (`master.xlsx:figures:12: …`). The workbook is read
with the same defended reader as submissions. Formulas are not master data: a cell holding one
is a problem (paste the values instead).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..i18n import terms
from ..i18n.message import Msg, msg
from ..model import EXPENDITURE, NET, Column
from ..xlsx.cells import Grid, RawCell, a1, norm
from ..xlsx.read import Sheet, read_workbook
from ..xlsx.safe import DEFAULT_LIMITS, UnsafeWorkbook
from .csvfile import Row, Table, check_titles, fits, titles
from .files import FileProblem, read_bytes
from .investments import INVESTMENTS_FILE
from .problems import Problems

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
SETTINGS_COLUMNS = ("section", "key", "value")


def sheet_name(file: str) -> str:
    """The sheet that holds a master file: its name without the extension."""
    return file.rsplit(".", 1)[0]


@functools.cache
def _sheet_files() -> dict[str, str]:
    """Every name a master sheet may have (normalised) -> its master file."""
    out = {}
    for file, message in terms.MASTER_SHEETS.items():
        out.update({norm(title): file for title in terms.all_titles(message)})
        out[norm(sheet_name(file))] = file
    return out


def file_of_sheet(title: str) -> str | None:
    """The master file a sheet holds, by its name in the files' or any language's words."""
    return _sheet_files().get(norm(title))


@functools.cache
def _field_ids(file: str) -> dict[str, str]:
    """Every title kemixl gives a column of the file, in any language (normalised) -> the
    column's name in the CSV file."""
    own = {f: m for (name, f), m in terms.MASTER_FIELDS_OF.items() if name == file}
    generic = {f: m for f, m in terms.MASTER_FIELDS.items() if f not in own}
    out: dict[str, str] = {}
    for field, message in (*generic.items(), *own.items()):  # the file's own titles win
        out.update({norm(t): field for t in terms.all_titles(message)})
        for lang, in_language in terms.IN_LANGUAGE.items():
            titles = terms.all_titles(in_language, column=Msg(message))
            out.update({norm(t): f"{field}_{lang}" for t in titles})
    return out


def field_id(file: str, title: str) -> str:
    """A column title of the master workbook as the CSV file names the column: its own name
    (`code`), kemixl's title in any language (`Koodi`, `Kod`) or a figure column's title
    (`TA 2023`, `Budget 2023`: the report's titles); any other title as it is (lower case)."""
    from ..submissions.reader import header_kind  # the report's column titles, every language

    text = norm(title)
    found = _field_ids(file).get(text)
    if found is not None:
        return found
    if file == INVESTMENTS_FILE:  # a figure of one flow: 'TA 2023, menot', 'TA 2023, tulot'
        from ..submissions.projects import figure_title

        figure = figure_title(title)
        if figure is not None and figure[0] in _FIGURE_FIELDS and figure[1] is not NET:
            column, flow = figure
            return column if flow is EXPENDITURE else f"{column}_income"
    kind = header_kind(title)
    return kind if kind in _FIGURE_FIELDS else title.strip().lower()


_FIGURE_FIELDS = {c.value for c in Column}


def _plain(value: Any) -> Any:
    """A cell's value as master data: whole numbers as int, dates as ISO text."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, str):
        return value.strip()
    return value


def _text(value: Any) -> str:
    plain = _plain(value)
    if plain is None:
        return ""
    if isinstance(plain, bool):
        return "TRUE" if plain else "FALSE"
    return str(plain)


class WorkbookSource:
    """The master workbook, read once."""

    def __init__(self, path: Path) -> None:
        self.path = path
        data = read_bytes(path)
        try:
            book = read_workbook(data, DEFAULT_LIMITS)
        except UnsafeWorkbook as exc:
            raise FileProblem(0, msg("cannot be read: {reason}", reason=exc.message)) from None
        except (KeyboardInterrupt, SystemExit, MemoryError):
            raise
        except BaseException as exc:  # the parsers raise many kinds on damaged files
            reason = str(exc).splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
            raise FileProblem(
                0,
                msg(
                    "cannot be read as a workbook ({reason}); save it again as .xlsx", reason=reason
                ),
            ) from None
        self.sheets: dict[str, Sheet] = {}
        for sheet in book.sheets:
            file = file_of_sheet(sheet.title)
            if file is None:
                continue  # the instructions, or a sheet of finance's own
            if file in self.sheets:
                raise FileProblem(
                    0,
                    msg(
                        "the sheets {first} and {second} both hold {file}; keep one of them",
                        first=self.sheets[file].title,
                        second=sheet.title,
                        file=file,
                    ),
                )
            self.sheets[file] = sheet
        self.titles: dict[str, dict[str, str]] = {}  # file -> column's name -> its title

    def present(self, names: Sequence[str]) -> set[str]:
        return {name for name in names if name in self.sheets}

    def where(self, name: str) -> str:
        sheet = self.sheets.get(name)
        return f"{self.path}:{sheet.title if sheet else sheet_name(name)}"

    def _grid(self, name: str) -> Grid:
        sheet = self.sheets[name]
        if sheet.skipped:
            raise FileProblem(0, sheet.skipped)
        return sheet.grid

    def table(self, name: str, required: Sequence[str]) -> Table:
        grid = self._grid(name)
        table = grid_table(grid, required, functools.partial(field_id, name))
        first = next(row for row in grid if any(_text(c.value) for c in row))
        written = [_text(c.value).strip() for c in first]
        self.titles[name] = dict(zip(table.columns, written, strict=False))
        return table

    def label(self, name: str) -> str:
        sheet = self.sheets.get(name)
        return sheet.title if sheet else sheet_name(name)

    def column(self, name: str, field: str) -> str:
        return self.titles.get(name, {}).get(field) or field

    def settings(self, name: str, problems: Problems) -> dict[str, Any] | None:
        """{section: {key: value}}, as master.toml's data would be."""
        where = self.where(name)
        try:
            table = self.table(name, SETTINGS_COLUMNS)
        except FileProblem as exc:
            problems.add(where, exc.line, exc.message)
            return None
        for line, message in table.problems:
            problems.add(where, line, message)
        grid = self._grid(name)
        value_col = table.columns.index("value")
        data: dict[str, dict[str, Any]] = {}
        for line, values in table.rows:
            section, key = values["section"], values["key"]
            if not section or not key:
                problems.add(where, line, msg("every setting needs a section and a key"))
                continue
            if key in data.get(section, {}):
                problems.add(
                    where,
                    line,
                    msg("setting {section}.{key} is given twice", section=section, key=key),
                )
                continue
            cells = grid[line - 1]
            raw = cells[value_col].value if value_col < len(cells) else None
            data.setdefault(section, {})[key] = "" if raw is None else _plain(raw)
        return data

    def setting_line(self, name: str, section: str, key: str) -> int:
        """The row of the settings sheet that sets `section | key` (key "": its first row)."""
        try:
            table = self.table(name, SETTINGS_COLUMNS)
        except FileProblem:
            return 0
        for line, values in table.rows:
            if values["section"] == section and (not key or values["key"] == key):
                return line
        return 0


def grid_table(
    grid: Grid, required: Sequence[str], rename: Callable[[str], str] | None = None
) -> Table:
    """A sheet's rows by column title, validated like a CSV file's (csvfile.read_table);
    `rename` turns a title into the column's name (field_id)."""
    first = next((r for r, row in enumerate(grid) if any(_text(c.value) for c in row)), None)
    want = ", ".join(required)
    if first is None:
        raise FileProblem(
            0, msg("is empty: its first row should name the columns {want}", want=want)
        )
    written = titles([_text(c.value) for c in grid[first]])
    columns = tuple(rename(c) if c and rename else c for c in written)
    missing = [c for c in required if c not in columns]
    if missing:
        found = ", ".join(c for c in written if c) or "–"
        raise FileProblem(
            first + 1,
            msg(
                "cannot read the header: this row should name the columns {want}, but it names {found} (missing {values}); put these column titles in the sheet's first row",
                want=want,
                found=found,
                values=", ".join(missing),
            ),
        )
    check_titles(columns, first + 1)
    rows: list[Row] = []
    problems: list[tuple[int, Msg]] = []
    refused: list[str] = []
    for r in range(first + 1, len(grid)):
        cells = grid[r]
        texts = [_text(c.value) for c in cells]
        if not any(texts):
            continue
        problem = _row_problem(r, cells, texts, columns)
        if problem:
            problems.append((r + 1, problem))
            refused.append(texts[0])
            continue
        values: dict[str, str] = {}
        for title, text in zip(columns, texts, strict=False):
            if title and title not in values:
                values[title] = text
        for title in columns[len(texts) :]:
            values.setdefault(title, "")
        rows.append((r + 1, values))
    return Table(None, columns, tuple(rows), tuple(problems), tuple(refused))


def _row_problem(
    r: int, cells: list[RawCell], texts: list[str], columns: tuple[str, ...]
) -> Msg | None:
    for c, cell in enumerate(cells[: len(columns)]):
        if cell.formula:
            return msg(
                "{cell} holds the formula {formula}; master data are values: paste the values "
                "(Paste Special > Values)",
                cell=a1(r, c),
                formula=str(cell.value),
            )
    if not fits(texts, len(columns)) and len(texts) > len(columns):
        c = next(i for i in range(len(columns), len(texts)) if texts[i])
        return msg(
            "{cell} holds {value!r} in a column without a title; give the column a title or "
            "delete the value",
            cell=a1(r, c),
            value=texts[c],
        )
    return None
