"""Reading a budget export into rows under its header row: CSV or .xlsx.

A CSV file is decoded and split as the master's CSV files are (master.csvfile: UTF-8 or
Windows-1252, comma, semicolon or tab, Excel's `sep=;` line); an .xlsx is read with the same
defended reader as submissions (xlsx.read). The header row is the first row, among the first
HEADER_SEARCH, that names a level of the tree and a budget column (columns.is_header): title
rows above it do no harm. Rows after it keep their line (CSV) or row number (.xlsx) for
messages; a formula is never trusted (only a constant one such as =1000+250 is a value).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..i18n.message import Msg, msg
from ..master.csvfile import SEPARATORS, fits, records, separator_hint, width_problem
from ..master.files import ENCODING_LABELS, FileProblem, decode, read_bytes
from ..numbers import constant_formula
from ..xlsx.cells import Grid, a1
from ..xlsx.read import read_workbook
from ..xlsx.safe import DEFAULT_LIMITS, UnsafeWorkbook, load_bytes
from .columns import Role, is_header, is_subtitle, line_figure, roles_of
from .errors import ExportError, Problem

HEADER_SEARCH = 60  # rows searched for the header row
WORKBOOKS = (".xlsx", ".xlsm")
OTHER_SPREADSHEETS = (".xls", ".xlsb", ".ods", ".numbers")


@dataclass(frozen=True)
class ExportTable:
    """The export's rows under its header row."""

    where: str  # what a problem names before the line: "talousarvio.csv", "ta.xlsx:Taul1"
    header_line: int
    titles: tuple[object, ...]
    roles: dict[int, Role]
    rows: tuple[tuple[int, tuple[object, ...]], ...]  # (line, cells)
    read_as: Msg  # how it was read, for the terminal ("separator ';', Windows-1252 text")
    origin: tuple[int, ...] = ()  # each column's place in the file, where turned (wide.py)


def read_export(path: Path) -> tuple[ExportTable, list[Problem]]:
    """The export's header and rows, and the problems of rows that could not be read;
    ExportError when it cannot be read at all or has no header row."""
    name = str(path)
    suffix = path.suffix.lower()
    if suffix in OTHER_SPREADSHEETS:
        raise ExportError(
            [
                (
                    name,
                    0,
                    msg(
                        "is not read: save the export as .xlsx or as CSV ({suffix} is not read)",
                        suffix=suffix,
                    ),
                )
            ]
        )
    if suffix in WORKBOOKS:
        return _read_workbook(path, name)
    try:
        decoded = decode(read_bytes(path))
    except FileProblem as exc:
        raise ExportError([(name, exc.line, exc.message)]) from None
    return _read_csv(name, decoded.text, decoded.encoding)


@dataclass(frozen=True)
class Header:
    index: int  # of the header row among the rows searched
    roles: dict[int, Role]
    titles: tuple[object, ...]  # the columns' titles (of two rows, for a header of two)


def _header(rows: Sequence[tuple[int, Sequence[object]]]) -> Header | None:
    """The header row among rows: the first that names a level and the budget (with the row
    under it where that one titles more: Koodi and Nimi under Toimiala), else the first that
    does so with the row above it (Toimiala and Euroa over Koodi, Nimi and TA 2024)."""
    for i, (_line, cells) in enumerate(rows[:HEADER_SEARCH]):
        roles = roles_of(cells)
        if not is_header(roles):
            continue
        if i + 1 < len(rows):  # a second row of titles under it (Koodi, Nimi; Tuotot, Kulut)
            titles = two_rows(cells, rows[i + 1][1])
            more = roles_of(titles)
            if is_header(more) and len(more) > len(roles):
                return Header(i + 1, more, titles)
        return Header(i, roles, tuple(cells))
    for i in range(1, min(len(rows), HEADER_SEARCH)):
        titles = two_rows(rows[i - 1][1], rows[i][1])
        roles = roles_of(titles)
        if is_header(roles):
            return Header(i, roles, titles)
    return None


def two_rows(upper: Sequence[object], lower: Sequence[object]) -> tuple[object, ...]:
    """The titles of a header of two rows: a lower title that says only "code" or "name"
    (Koodi, Nimi), or a line under a figure (Tuotot under TA 2024), gets the upper row's title
    over it (merged across its columns, so standing over the blanks right of it too) before it:
    Toimiala Koodi, Toimiala Nimi, TA 2024 Tuotot."""
    out: list[object] = []
    over = ""
    for c, title in enumerate(lower):
        above = upper[c] if c < len(upper) else None
        if above not in (None, ""):
            over = str(above).strip()
        both = f"{over} {str(title).strip()}"
        # Koodi and Nimi under a level, Tuotot and Kulut under a figure (TA 2024 over both)
        out.append(both if over and (is_subtitle(title) or line_figure(both)) else title)
    return tuple(out)


def _no_header(where: str, rows: Sequence[tuple[int, Sequence[object]]]) -> ExportError:
    """Why no row is the header, at the row that came closest."""
    best = max(rows[:HEADER_SEARCH], key=lambda row: len(roles_of(row[1])), default=(0, ()))
    roles = roles_of(best[1])
    kinds = {r.kind for r in roles.values()}
    if roles and "code" in kinds:
        message = msg(
            "this row names the tree's levels but no budget column; title the budget column "
            "with its year (TA 2024, Talousarvio 2024, Budget 2024)"
        )
    elif roles:
        message = msg(
            "this row names figures but no level of the tree; the export needs a column of codes "
            "titled Toimiala, Tulosalue or Kustannuspaikka (Sektor, Resultatområde, "
            "Kostnadsställe; Department, Result area, Cost centre)"
        )
    else:
        message = msg(
            "no header row in the first {n} rows: a row should title the columns of codes "
            "(Toimiala, Tulosalue, Kustannuspaikka) and the budget (TA 2024)",
            n=HEADER_SEARCH,
        )
    return ExportError([(where, best[0] if roles else 0, message)])


def _read_csv(name: str, text: str, encoding: str) -> tuple[ExportTable, list[Problem]]:
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    forced = separator_hint(first)
    found: list[tuple[str, int, Header, list[tuple[int, list[str] | Msg]]]] = []
    for sep in (forced,) if forced else SEPARATORS:  # each judged by the beginning of the file
        parsed = list(itertools.islice(records(text, sep, 0), 2 * HEADER_SEARCH))
        readable = [(ln, f) for ln, f in parsed if isinstance(f, list)]
        header = _header(readable[:HEADER_SEARCH])
        if header is not None:
            found.append((sep, readable[header.index][0], header, parsed))
    if not found:
        sep = forced or max(SEPARATORS, key=lambda s: len(first.split(s)))
        candidates = [(ln, f) for ln, f in records(text, sep, 0) if isinstance(f, list)]
        raise _no_header(name, candidates)
    # Several separators that find a header: the one that names more columns, then the one
    # whose rows have the header's width.
    found.sort(key=lambda f: (-len(f[2].roles), -_fitting(f)))
    sep, header_line, header, _beginning = found[0]
    roles, titles = header.roles, header.titles
    parsed = list(records(text, sep, 0))
    rows: list[tuple[int, tuple[object, ...]]] = []
    problems: list[Problem] = []
    for line, fields in parsed:
        if line < header_line:
            continue
        if isinstance(fields, Msg):
            problems.append((name, line, fields))
            break
        if line == header_line:
            continue
        if not any(f.strip() for f in fields):
            continue
        width = len(titles)
        if not fits(fields, width):
            columns = tuple(str(t).strip().lower() for t in titles)
            problems.append((name, line, width_problem(fields, columns, width, sep)))
            continue
        rows.append((line, tuple(fields)))
    read_as = msg("separator {sep!r}, {encoding} text", sep=sep, encoding=ENCODING_LABELS[encoding])
    return ExportTable(name, header_line, titles, roles, tuple(rows), read_as), problems


def _fitting(found: tuple[str, int, Header, list[tuple[int, list[str] | Msg]]]) -> int:
    _sep, header_line, _roles, parsed = found
    lines = [f for ln, f in parsed if ln >= header_line and isinstance(f, list)]
    width = len(lines[0]) if lines else 0
    return sum(1 for f in lines[1:HEADER_SEARCH] if fits(f, width))


def _read_workbook(path: Path, name: str) -> tuple[ExportTable, list[Problem]]:
    try:
        data, _mtime = load_bytes(path, DEFAULT_LIMITS)
        book = read_workbook(data, DEFAULT_LIMITS)
    except OSError as exc:
        raise ExportError(
            [(name, 0, msg("cannot be read ({error})", error=exc.strerror or str(exc)))]
        ) from None
    except UnsafeWorkbook as exc:
        raise ExportError(
            [(name, 0, msg("cannot be read: {reason}", reason=exc.message))]
        ) from None
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except BaseException as exc:  # the parsers raise many kinds on damaged files
        reason = str(exc).splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
        raise ExportError(
            [
                (
                    name,
                    0,
                    msg(
                        "cannot be read as a workbook ({reason}); save it again as .xlsx",
                        reason=reason,
                    ),
                )
            ]
        ) from None
    sheets = [s for s in book.sheets if not s.skipped]
    for sheet in sheets:
        rows = [(r + 1, [c.value for c in row]) for r, row in enumerate(sheet.grid)]
        header = _header(rows)
        if header is not None:
            return _sheet_table(f"{name}:{sheet.title}", sheet.grid, header)
    first = sheets[0] if sheets else None
    rows = [(r + 1, [c.value for c in row]) for r, row in enumerate(first.grid)] if first else []
    raise _no_header(f"{name}:{first.title}" if first else name, rows)


def _sheet_table(where: str, grid: Grid, found: Header) -> tuple[ExportTable, list[Problem]]:
    """A sheet's rows after its header row; a formula cell is a problem unless constant."""
    header, roles, titles = found.index, found.roles, found.titles
    rows: list[tuple[int, tuple[object, ...]]] = []
    problems: list[Problem] = []
    for r in range(header + 1, len(grid)):
        cells: list[object] = []
        for c, cell in enumerate(grid[r]):
            value = cell.value
            if cell.formula:
                value = constant_formula(cell.value)
                if value is None and c in roles:
                    problems.append(
                        (
                            where,
                            r + 1,
                            msg(
                                "{cell} holds the formula {formula}; kemixl reads values: paste "
                                "the values (Paste Special > Values)",
                                cell=a1(r, c),
                                formula=str(cell.value),
                            ),
                        )
                    )
            cells.append(value)
        if any(v not in (None, "") for v in cells):
            rows.append((r + 1, tuple(cells)))
    sheet = where.rsplit(":", 1)[1]
    read_as = msg("sheet {sheet}", sheet=sheet)
    return ExportTable(where, header + 1, titles, roles, tuple(rows), read_as), problems
