"""Reading a bookkeeping export (CSV or .xlsx) into four columns: cost centre, account, amount,
and the month when the export has one.

The column names come from `[ledger]` in master.toml. The header row is the first row (among
the first few) that holds them all, so a title line above it does no harm; a header that names a
column twice is refused (which one holds the figures?). Codes and accounts are kept as text
(leading zeros matter). Amounts are read as the export wrote them (text in a CSV, the cell's
own value in an .xlsx) and parsed by the rules every amount in kemixl follows
(numbers.parse_amount: a decimal comma or point, spaces between digit groups, '7.464' ambiguous,
nothing beyond 10^12 €), never by a generic conversion first. Anything unusable is one
`LedgerError` line naming the file and the line (CSV) or the cell that holds the problem (.xlsx).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..amounts import not_an_amount
from ..i18n.message import Msg, msg
from ..model import LedgerSettings
from ..numbers import RefusedAmount, parse_amounts
from ..xlsx.cells import a1, norm
from ..xlsx.safe import UnsafeWorkbook, check_zip, display_name
from .records import LedgerError

HEADER_SEARCH = 20  # rows searched for the header row
CODE, ACCOUNT, AMOUNT, MONTH, PROJECT = "code", "account", "amount", "month", "project"
# (row position, column role) -> (sheet, cell) of an .xlsx export, ("", "N") for a CSV's line N
Where = Callable[[int, str], tuple[str, str]]


@dataclass(frozen=True)
class Table:
    """The ledger's rows: columns code and account (str), amount (float), month (optional)."""

    frame: pd.DataFrame
    where: Where
    month_column: str = ""

    def place(self, position: int, role: str) -> str:
        """Where a row's value of a column is, as a message names it: Sheet!D7 or 7."""
        return _place(self.where(position, role))


def _wanted(settings: LedgerSettings) -> dict[str, str]:
    return {CODE: settings.cost_centre, ACCOUNT: settings.account, AMOUNT: settings.amount}


def _locate(
    name: str, rows: list[list[Any]], settings: LedgerSettings
) -> tuple[int, dict[str, int]]:
    """(header row index, role -> column index) from the first rows of the file."""
    wanted = _wanted(settings)
    for r, row in enumerate(rows[:HEADER_SEARCH]):
        titles = {norm(v): c for c, v in enumerate(row) if isinstance(v, str) and v.strip()}
        found = {role: titles.get(norm(title)) for role, title in wanted.items()}
        if all(c is not None for c in found.values()):
            columns = {role: c for role, c in found.items() if c is not None}
            project = titles.get(norm(settings.project))
            if project is not None:
                columns[PROJECT] = project
            elif settings.project_required:
                raise LedgerError(
                    msg(
                        "{file}: the header row has no project column {project!r} (master.toml "
                        "[ledger] project); add it or remove the setting",
                        file=name,
                        project=settings.project,
                    )
                )
            month = titles.get(norm(settings.month))
            if month is not None:
                columns[MONTH] = month
            elif settings.month_required:
                raise LedgerError(
                    msg(
                        "{file}: the header row has no month column {month!r} (master.toml "
                        "[ledger] month); add it or remove the setting",
                        file=name,
                        month=settings.month,
                    )
                )
            return r, columns
    first = next((row for row in rows[:HEADER_SEARCH] if any(v not in (None, "") for v in row)), [])
    seen = ", ".join(repr(str(v)) for v in first if v not in (None, ""))
    names = ", ".join(repr(t) for t in wanted.values())
    raise LedgerError(
        msg(
            "{file}: no header row with the columns {names} in the first {n} rows (the first row "
            "has {seen}); rename the columns or set them in master.toml [ledger]",
            file=name,
            names=names,
            n=HEADER_SEARCH,
            seen=seen,
        )
        if seen
        else msg(
            "{file}: no header row with the columns {names} in the first {n} rows (they are "
            "empty); rename the columns or set them in master.toml [ledger]",
            file=name,
            names=names,
            n=HEADER_SEARCH,
        )
    )


def read_table(path: Path, settings: LedgerSettings) -> Table:
    """The export's rows; LedgerError when it cannot be read or lacks a column."""
    if not path.is_file():
        raise LedgerError(msg("{file}: no such file", file=str(path)))
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path, settings)
    if path.suffix.lower() in (".xls", ".xlsb", ".ods"):
        raise LedgerError(
            msg(
                "{file}: save the export as .xlsx or CSV; {suffix} is not read",
                file=display_name(path),
                suffix=path.suffix,
            )
        )
    return _read_csv(path, settings)


def _read_csv(path: Path, settings: LedgerSettings) -> Table:
    from ..master.csvfile import sniff  # the master CSV files' own dialect detection
    from ..master.files import FileProblem

    name = display_name(path)
    wanted = [t.strip().lower() for t in _wanted(settings).values()]
    try:
        dialect = sniff(path, wanted)
    except FileProblem as exc:
        place = f"{name}:{exc.line}" if exc.line else name
        raise LedgerError(msg("{place}: {reason}", place=place, reason=exc.message)) from exc
    skipped = dialect.header_line - 1  # an Excel "sep=;" line above the header
    try:
        with path.open(encoding=dialect.encoding, errors="replace", newline="") as f:
            lines = [f.readline() for _ in range(dialect.header_line)]
    except OSError as exc:
        raise LedgerError(_cannot_read(name, exc)) from exc
    rows = [next(csv.reader([lines[-1]], delimiter=dialect.delimiter), [])]
    _header, columns = _locate(name, rows, settings)
    titles = rows[0]
    # Every column of ours as text: amounts too, so that kemixl's rules read them, not pandas'.
    text_cols = {titles[c]: str for c in columns.values()}
    try:
        # Every column is read (not usecols): only so does pandas refuse a row with more fields
        # than the header, where a value has moved into the wrong column.
        frame = pd.read_csv(
            path,
            sep=dialect.delimiter,
            encoding=dialect.encoding,
            encoding_errors="replace",
            skiprows=skipped,
            header=0,
            dtype=text_cols,
            keep_default_na=False,
            na_values={titles[columns[AMOUNT]]: [""]},
            skip_blank_lines=False,
            engine="c",
        )
    except (ValueError, pd.errors.ParserError, UnicodeError) as exc:
        raise LedgerError(_unreadable(name, str(exc), skipped)) from exc
    except OSError as exc:
        raise LedgerError(_cannot_read(name, exc)) from exc
    frame = frame.iloc[:, sorted(columns.values())]
    frame.columns = [role for role, _c in sorted(columns.items(), key=lambda rc: rc[1])]
    first_line = dialect.header_line + 1  # the first data row's line

    def where(position: int, role: str) -> tuple[str, str]:
        return "", str(first_line + position)

    return _clean(name, frame, where, settings)


_FIELDS = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def _cannot_read(name: str, exc: OSError) -> Msg:
    return msg("{file}: cannot be read ({error})", file=name, error=exc.strerror or str(exc))


def _unreadable(name: str, reason: str, skipped: int) -> Msg:
    """pandas' complaint as one line naming the file's line."""
    m = _FIELDS.search(reason)
    if m:
        expected, line, saw = (int(g) for g in m.groups())
        return msg(
            "{file}:{line}: {saw} fields where the header has {expected}; a value has moved into "
            "another column (a separator inside an unquoted text or amount)",
            file=name,
            line=line + skipped,
            saw=saw,
            expected=expected,
        )
    first = reason.splitlines()[0] if reason.strip() else type(reason).__name__
    return msg("{file}: not a readable CSV file ({error})", file=name, error=first)


def _read_xlsx(path: Path, settings: LedgerSettings) -> Table:
    from python_calamine import CalamineWorkbook

    name = display_name(path)
    try:
        data = path.read_bytes()
        check_zip(data)
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except OSError as exc:
        raise LedgerError(_cannot_read(name, exc)) from exc
    except UnsafeWorkbook as exc:
        raise LedgerError(
            msg("{file}: cannot be read: {reason}", file=name, reason=exc.message)
        ) from exc
    except Exception as exc:  # calamine's own errors on damaged files
        raise LedgerError(
            msg("{file}: cannot be read as a workbook ({error})", file=name, error=str(exc))
        ) from exc
    try:
        sheets = wb.sheet_names
        sheet = settings.sheet or (sheets[0] if sheets else "")
        if sheet not in sheets:
            raise LedgerError(
                msg(
                    "{file}: no sheet {sheet!r} (master.toml [ledger] sheet); it has {sheets}",
                    file=name,
                    sheet=sheet,
                    sheets=", ".join(sheets),
                )
            )
        rows = wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    finally:
        wb.close()
    header, columns = _locate(name, rows, settings)
    _titled_once(name, sheet, header, rows[header])
    body = rows[header + 1 :]
    frame = pd.DataFrame(
        {
            role: pd.Series([r[c] if c < len(r) else None for r in body], dtype=object)
            for role, c in columns.items()
        }
    )
    col_of = dict(columns)

    def where(position: int, role: str) -> tuple[str, str]:
        return sheet, a1(header + 1 + position, col_of[role])

    return _clean(name, frame, where, settings)


def _titled_once(name: str, sheet: str, header: int, row: list[Any]) -> None:
    """LedgerError for a header row that names a column twice, as the CSV reader refuses one
    (master.csvfile.check_titles): the place is the second title's cell."""
    from ..master.csvfile import check_titles
    from ..master.files import FileProblem

    texts = tuple(norm(v) if isinstance(v, str) else "" for v in row)
    try:
        check_titles(texts, header + 1)
    except FileProblem as exc:
        second = next(c for c, t in enumerate(texts) if t and t in texts[:c])
        place = f"{name}:{sheet}!{a1(header, second)}"
        raise LedgerError(msg("{place}: {reason}", place=place, reason=exc.message)) from None


_KEY_AND_NAME = re.compile(r"^(\d{1,12})\s*[-–:]?\s+\D")  # "64110000 HALLINTOPALVELUT"


def key_text(value: object) -> str:
    """A code or an account as text: 64110000 (a number in a cell), ' 64110000 ' and
    '64110000 HALLINTOPALVELUT' (an export that prints the name beside the code) alike."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        return str(int(value)) if value.is_integer() else str(value)
    text = str(value).strip()
    m = _KEY_AND_NAME.match(text)
    return m.group(1) if m else text


def _clean(name: str, frame: pd.DataFrame, where: Where, settings: LedgerSettings) -> Table:
    """Amounts as numbers; blank rows dropped; a row without an amount is a LedgerError.

    Codes and accounts stay as read: they are normalised (`key_text`) once per distinct value
    when the rows are summed, not once per row here."""
    frame = frame.reset_index(drop=True)
    frame[AMOUNT] = _amounts(name, frame[AMOUNT], where, settings.amount)
    if MONTH in frame.columns:
        frame[MONTH] = frame[MONTH].astype(object)
    missing = frame[AMOUNT].isna().to_numpy()
    if missing.any():
        rows = np.flatnonzero(missing)
        keys = frame[[CODE, ACCOUNT]].to_numpy(dtype=object)[rows]
        blank = np.array([key_text(c) == "" and key_text(a) == "" for c, a in keys], dtype=bool)
        if not blank.all():  # a row with a code or an account but no amount
            position = int(rows[int(np.argmin(blank))])
            raise LedgerError(
                msg(
                    "{file}:{place}: the amount ({column}) is blank; give every row an amount, 0 "
                    "if need be",
                    file=name,
                    place=_place(where(position, AMOUNT)),
                    column=settings.amount,
                )
            )
        frame = frame[~missing]  # blank lines, or the rest of a sheet's used area
    month = settings.month if MONTH in frame.columns else ""
    return Table(frame, where, month)


def _place(where: tuple[str, str]) -> str:
    sheet, cell = where
    return f"{sheet}!{cell}" if sheet else cell


def _amounts(name: str, column: pd.Series, where: Where, title: str) -> np.ndarray:
    """Amounts as floats (NaN for blank) by numbers.parse_amount; the first value that is no
    amount is a LedgerError naming its cell and the rule it breaks, as in a submission."""
    values = column.to_numpy(dtype=object)
    blank = pd.isna(values)
    if blank.any():
        values = values.copy()
        values[blank] = None
    try:
        return np.asarray(parse_amounts(values.tolist()), dtype=float)
    except RefusedAmount as refused:
        rule, problem = not_an_amount(refused.value, refused.error)
        raise LedgerError(
            msg(
                "{file}:{place}: {rule}: {column}: {problem}",
                file=name,
                place=_place(where(refused.position, AMOUNT)),
                rule=rule.value,
                column=title,
                problem=problem,
            )
        ) from None


_YEAR_MONTH = re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})(?:\s*[-/.]\s*\d{1,2})?$")  # 2023-03(-31)
_MONTH_YEAR = re.compile(
    r"^(?:\d{1,2}\s*[./-]\s*)?(\d{1,2})\s*[./-]\s*(\d{4})$"
)  # 3/2023, 31.3.2023
_MONTH = re.compile(r"^(\d{1,2})(?:\.0)?$")
_PERIOD = re.compile(r"^(\d{4})(\d{2})$")  # 202303, as bookkeeping systems number periods
_MONTH_NAMES = {  # Finnish month names, in full or as their stems: "kesäkuu", "kesä 2023"
    stem.lower(): n
    for n, stem in enumerate(
        (
            "tammi",
            "helmi",
            "maalis",
            "huhti",
            "touko",
            "kesä",
            "heinä",
            "elo",
            "syys",
            "loka",
            "marras",
            "joulu",
        ),
        start=1,
    )
}
_NAMED = re.compile(r"^([a-zäö]+?)(?:kuu(?:ta)?)?(?:\s+(\d{4}))?$")


def parse_month(value: object) -> tuple[int, int] | None:
    """(year or 0, month) from 3, '03', '2023-03', '202303', '3/2023', '31.3.2023', a date or a
    Finnish month name ('kesäkuu', 'kesäkuu 2023'); None for anything else."""
    if isinstance(value, dt.datetime | dt.date):
        return value.year, value.month
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not float(value).is_integer():
            return None
        value = str(int(value))  # 3, or 202303 from a number cell
    text = str(value).strip()
    for pattern, year_group, month_group in (
        (_YEAR_MONTH, 1, 2),
        (_MONTH_YEAR, 2, 1),
        (_MONTH, 0, 1),
        (_PERIOD, 1, 2),
    ):
        m = pattern.match(text)
        if m:
            month = int(m.group(month_group))
            year = int(m.group(year_group)) if year_group else 0
            return (year, month) if 1 <= month <= 12 else None
    m = _NAMED.match(text.lower())
    if m and m.group(1) in _MONTH_NAMES:
        return int(m.group(2) or 0), _MONTH_NAMES[m.group(1)]
    return None
