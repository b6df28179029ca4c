"""The master as one .xlsx workbook: a sheet per master file, with the same columns.

Sheets are named after the files without their extension — `costcentres`, `figures`,
`central`, `kpis`, `strategy`, `strategy_sdg`, `accounts`, `investments`, `amendments`, `previous`
— and `master` holds the settings of master.toml as rows of
`section | key | value` (`period | year | 2023`). Each sheet's first non-empty row names its
columns, as a CSV file's header does; the rows go through the same validation as the CSV
files, and a problem names the workbook, the sheet and the row (`master.xlsx:figures:12: …`).
The workbook is read with the same defended reader as submissions. Formulas are not master
data: a cell holding one is a problem (paste the values instead).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..i18n.message import Msg, msg
from ..xlsx.cells import Grid, RawCell, a1
from ..xlsx.read import read_workbook
from ..xlsx.safe import DEFAULT_LIMITS, UnsafeWorkbook
from .csvfile import Row, Table, check_titles, fits, titles
from .files import FileProblem, read_bytes
from .problems import Problems

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
SETTINGS_COLUMNS = ("section", "key", "value")


def sheet_name(file: str) -> str:
    """The sheet that holds a master file: its name without the extension."""
    return file.rsplit(".", 1)[0]


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
        self.sheets = {s.title.strip().lower(): s for s in book.sheets}

    def present(self, names: Sequence[str]) -> set[str]:
        return {name for name in names if sheet_name(name) in self.sheets}

    def where(self, name: str) -> str:
        return f"{self.path}:{sheet_name(name)}"

    def _grid(self, name: str) -> Grid:
        sheet = self.sheets[sheet_name(name)]
        if sheet.skipped:
            raise FileProblem(0, sheet.skipped)
        return sheet.grid

    def table(self, name: str, required: Sequence[str]) -> Table:
        return grid_table(self._grid(name), required)

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
        for row in table.rows:
            section, key = row.values["section"], row.values["key"]
            if not section or not key:
                problems.add(where, row.line, msg("every setting needs a section and a key"))
                continue
            if key in data.get(section, {}):
                problems.add(
                    where,
                    row.line,
                    msg("setting {section}.{key} is given twice", section=section, key=key),
                )
                continue
            cells = grid[row.line - 1]
            raw = cells[value_col].value if value_col < len(cells) else None
            data.setdefault(section, {})[key] = "" if raw is None else _plain(raw)
        return data


def grid_table(grid: Grid, required: Sequence[str]) -> Table:
    """A sheet's rows by column title, validated like a CSV file's (csvfile.read_table)."""
    first = next((r for r, row in enumerate(grid) if any(_text(c.value) for c in row)), None)
    want = ", ".join(required)
    if first is None:
        raise FileProblem(
            0, msg("is empty: its first row should name the columns {want}", want=want)
        )
    columns = titles([_text(c.value) for c in grid[first]])
    missing = [c for c in required if c not in columns]
    if missing:
        found = ", ".join(c for c in columns if c) or "–"
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
        rows.append(Row(r + 1, values))
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
