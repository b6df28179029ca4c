"""Reading a CSV file of unknown dialect, as Excel or a text editor saved it.

Detection is separate from reading rows, so a large export (a ledger of a million rows, read
with pandas) can reuse it: `sniff(path, required)` reads only the first `SAMPLE_BYTES` of the
file and returns its `Dialect` (encoding, separator, decimal mark); `read_table(path, required)`
reads a whole (small) file into rows with their line numbers.

The rules, per file:

- encoding: UTF-8 with or without a byte-order mark, else Windows-1252 (files.decode);
- separator: comma, semicolon or tab, decided by the header row: the one whose split of line 1
  names every expected column. An Excel `sep=;` line above the header is honoured. If two
  separators both name them, the first data rows decide; if they fit both, the file is
  ambiguous (one error). Line endings LF, CRLF or CR; values quoted the way Excel quotes them;
- a header that names no expected column set is ONE problem for the file, saying what was
  tried and what was found;
- every row must have as many fields as the header. Excel writes each row to the width of
  the sheet's used range, header included, so a column once used and then cleared leaves empty
  fields at the end of every line (`a;b;c;;`): fields under the header's untitled end are
  accepted when they are empty; a row with fewer fields than the titled columns, with a value
  under an untitled one, or with more fields than the header itself (even empty ones: that is
  never Excel's padding) is a `file:line` problem, because a value has moved into the wrong
  column (an unquoted decimal comma `480920,50`, a comma in a name, a value left out).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..i18n.message import Msg, msg
from .files import ENCODING_LABELS, Decoded, FileProblem, decode, read_bytes

SEPARATORS = (",", ";", "\t")
SAMPLE_BYTES = 64 * 1024  # what sniff reads: the header and the first rows of any CSV
_JUDGE_ROWS = 50  # data rows that decide between separators and check the header's width
_LINE_BREAK = re.compile(r"\r\n|\n|\r")  # Windows, Unix and old Mac ("CSV (Macintosh)")
_SEP_LINE = re.compile(r'^"?sep=(.)"?$', re.IGNORECASE)  # Excel's separator hint
_DECIMAL_COMMA = re.compile(r"^[+\-\u2212]?[\d \u00a0\u202f]*\d,\d+$")
_DECIMAL_POINT = re.compile(r"^[+\-\u2212]?[\d \u00a0\u202f]*\d\.\d+$")


@dataclass(frozen=True)
class Dialect:
    """How one CSV file is written."""

    encoding: str  # Python codec: "utf-8", "utf-8-sig" or "cp1252"
    delimiter: str  # ",", ";" or "\t"
    decimal: str  # "." or ","; always "." when the separator is a comma
    newline: str  # "\r\n", "\n" or "\r" (the first line break)
    header_line: int = 1  # 2 after an Excel "sep=;" line or a blank first line
    header_fields: int = 0  # fields of the header line, its untitled empty ones at the end too
    # False when the sniffed beginning was plain ASCII, which UTF-8 and Windows-1252 read
    # alike: a reader of the whole file falls back to Windows-1252 if UTF-8 fails later on.
    encoding_known: bool = True

    @property
    def encoding_label(self) -> str:
        return ENCODING_LABELS[self.encoding]


# A row read: the line where it starts in the file (1-based), and its values by lower-case
# column title, stripped. A tuple, not a record: a large master has tens of thousands of rows.
Row = tuple[int, dict[str, str]]


@dataclass(frozen=True)
class Table:
    dialect: Dialect | None  # None for a sheet of the master workbook
    columns: tuple[str, ...]  # lower-case column titles of the header, in order
    rows: tuple[Row, ...]
    problems: tuple[tuple[int, Msg], ...]  # (line, message) of rows that could not be read
    refused: tuple[str, ...] = ()  # the first field (a key, such as a code) of each such row


def sniff(path: Path, required: Sequence[str], sample_bytes: int = SAMPLE_BYTES) -> Dialect:
    """The dialect of a CSV file, from its first `sample_bytes` only; FileProblem if unreadable."""
    data = read_bytes(path, sample_bytes)
    complete = len(data) < sample_bytes
    decoded = decode(data, complete)
    text = decoded.text
    cut = max(text.rfind("\n"), text.rfind("\r"))
    if not complete and cut >= 0:  # the last line may be cut short
        text = text[: cut + 1]
    return _detect(decoded, text, required)[0]


def read_table(path: Path, required: Sequence[str]) -> Table:
    """Every row of a CSV file, by column title; FileProblem if the file cannot be read at all."""
    decoded = decode(read_bytes(path))
    dialect, columns = _detect(decoded, decoded.text, required)
    rows: list[Row] = []
    problems: list[tuple[int, Msg]] = []
    refused: list[str] = []
    width = len(columns)
    widest = max(width, dialect.header_fields)
    titled = all(columns)  # no untitled column between titled ones (check_titles: none twice)
    strip = str.strip
    text = io.StringIO(decoded.text, newline="")
    reader = csv.reader(text, delimiter=dialect.delimiter, strict=True)
    after = 1  # where the next record starts (records(), inlined: the rows are many)
    try:
        for fields in reader:
            line, after = after, reader.line_num + 1
            if line <= dialect.header_line:
                continue
            values = list(map(strip, fields))
            if not any(values):
                continue
            if len(values) == width and titled:  # the common row, at once
                rows.append((line, dict(zip(columns, values, strict=True))))
            elif len(fields) <= widest and fits(fields, width):
                by_title: dict[str, str] = {}
                for title, value in zip(columns, values, strict=False):
                    if title and title not in by_title:
                        by_title[title] = value
                rows.append((line, by_title))
            else:
                problems.append((line, width_problem(fields, columns, widest, dialect.delimiter)))
                refused.append(fields[0].strip())
    except csv.Error as exc:  # not CSV from here on: one problem, nothing after it
        problems.append((after, not_csv(exc)))
    return Table(dialect, columns, tuple(rows), tuple(problems), tuple(refused))


def _shown(fields: list[str]) -> str:
    text = " | ".join(f.strip() for f in fields)
    return text if len(text) <= 160 else text[:157] + "..."


def width_problem(fields: list[str], columns: tuple[str, ...], widest: int, sep: str) -> Msg:
    """A row that does not fit the header: too few fields for its columns, or more fields (a
    value beyond the titled columns, or more fields than the header line has: widest)."""
    n, width = len(fields), len(columns)
    if n < width:
        return msg(
            "this row has {n} fields but the header has {width} ({row}): no value for {missing}; "
            "give every column a value or an empty field",
            n=n,
            width=width,
            row=_shown(fields),
            missing=", ".join(c for c in columns[n:] if c),
        )
    width = widest if n > widest else width
    if sep == ",":
        return msg(
            "this row has {n} fields but the header has {width} ({row}): a comma inside a value "
            "(a decimal comma such as 480920,50, or a comma in a name) moves the values after it "
            "to the wrong columns; put that value in quotes or remove the comma",
            n=n,
            width=width,
            row=_shown(fields),
        )
    return msg(
        "this row has {n} fields but the header has {width} ({row}): a {sep!r} inside a value "
        "moves the values after it to the wrong columns; put that value in quotes or remove the "
        "separator",
        n=n,
        width=width,
        row=_shown(fields),
        sep=sep,
    )


def records(text: str, sep: str, header_line: int) -> Iterator[tuple[int, list[str] | Msg]]:
    """(line, fields) of every record after the header line (0: every record); (line,
    message) where CSV breaks."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    line = 1  # where the next record starts
    try:
        for fields in reader:
            if line > header_line:
                yield line, fields
            line = reader.line_num + 1
    except csv.Error as exc:
        yield line, not_csv(exc)


def not_csv(exc: csv.Error) -> Msg:
    """Why a file cannot be read as CSV from a line on."""
    return msg(
        "cannot be read as CSV from this line on ({error}); a quote inside a value must "
        'be doubled ("") and a quoted value must end with a quote',
        error=str(exc),
    )


def separator_hint(line: str) -> str | None:
    """The separator an Excel `sep=;` line names, None for any other line."""
    m = _SEP_LINE.match(line.strip())
    return m.group(1) if m else None


def titles(fields: Sequence[str]) -> tuple[str, ...]:
    """Column titles as matched: lower case, stripped; empty titles at the end dropped."""
    out = [f.strip().lower() for f in fields]
    while out and not out[-1]:
        out.pop()
    return tuple(out)


def check_titles(columns: tuple[str, ...], header_line: int) -> None:
    """FileProblem for a header that names a column twice (which one would hold the value?)."""
    twice = sorted({c for c in columns if c and columns.count(c) > 1})
    if twice:
        raise FileProblem(
            header_line,
            msg(
                "the header names the column(s) {values} more than once; keep one of each",
                values=", ".join(twice),
            ),
        )


def fits(fields: Sequence[str], width: int) -> bool:
    """A row as wide as the header, or wider only by empty fields (Excel's used range)."""
    return len(fields) == width or (
        len(fields) > width and not any(f.strip() for f in fields[width:])
    )


def _fields(line: str, sep: str) -> int:
    """How many fields a header line has, empty ones at the end included."""
    try:
        return len(next(csv.reader([line], delimiter=sep)))
    except (csv.Error, StopIteration):
        return 0


def _header(line: str, sep: str) -> tuple[str, ...]:
    """Titles of a header line split at `sep`."""
    try:
        return titles(next(csv.reader([line], delimiter=sep)))
    except (csv.Error, StopIteration):
        return ()


def _detect(
    decoded: Decoded, text: str, required: Sequence[str]
) -> tuple[Dialect, tuple[str, ...]]:
    lines = _LINE_BREAK.split(text, _JUDGE_ROWS)[:_JUDGE_ROWS]  # the header is near the top
    first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    want = ", ".join(required)
    if first is None:
        raise FileProblem(0, msg("is empty: line 1 should name the columns {want}", want=want))
    forced = separator_hint(lines[first])
    if forced:
        first = next((i for i in range(first + 1, len(lines)) if lines[i].strip()), None)
        if first is None:
            raise FileProblem(
                0, msg("has no header row: a line should name the columns {want}", want=want)
            )
    header_line = first + 1
    header_text = lines[first]
    tried = (forced,) if forced else SEPARATORS
    headers = {sep: _header(header_text, sep) for sep in tried}
    fitting = [sep for sep in tried if set(required) <= set(headers[sep])]
    # The first data rows as each fitting separator splits them (a CSV error: a row that fits not).
    sample = {
        sep: [
            f if isinstance(f, list) else [""]  # where CSV breaks: a row that fits nothing
            for _, f in _take(records(text, sep, header_line), _JUDGE_ROWS)
            if not isinstance(f, list) or any(v.strip() for v in f)
        ]
        for sep in fitting
    }
    if len(fitting) > 1:  # the rows decide
        fitting = [
            sep for sep in fitting if all(fits(f, len(headers[sep])) for f in sample[sep])
        ] or fitting
    enc = decoded.encoding
    if not fitting:
        best = max(tried, key=lambda s: (len(set(required) & set(headers[s])), len(headers[s])))
        found = ", ".join(headers[best]) or "–"
        missing = ", ".join(c for c in required if c not in headers[best])
        raise FileProblem(
            header_line,
            msg(
                "cannot read the header: it should name the columns {want}; read as {encoding} text and split at ',' ';' or tab, {header!r} gives at best the columns {found} (split at {best!r}; missing {missing}); put these column titles on the first line and save the file as CSV UTF-8 or CSV (semicolon)",
                want=want,
                encoding=ENCODING_LABELS[enc],
                header=header_text[:120],
                found=found,
                best=best,
                missing=missing,
            ),
        )
    if len(fitting) > 1:
        raise FileProblem(
            header_line,
            msg(
                "cannot tell the separator: the header {header!r} names the columns {want} when split at {one!r} and at {other!r}, and the rows fit both; save the file again with one separator",
                header=header_text[:120],
                want=want,
                one=fitting[0],
                other=fitting[1],
            ),
        )
    sep = fitting[0]
    columns = headers[sep]
    check_titles(columns, header_line)
    rows = sample[sep]
    if len(rows) >= 3 and not any(fits(f, len(columns)) for f in rows):
        raise FileProblem(
            header_line + 1,
            msg(
                "none of the first {rows} rows has the header's {fields} fields when split at {sep!r} (the first has {first}); the header and the rows must use the same separator, and a value that contains it (a decimal comma) must be in quotes",
                rows=len(rows),
                fields=len(columns),
                sep=sep,
                first=len(rows[0]),
            ),
        )
    dialect = Dialect(
        encoding=enc,
        delimiter=sep,
        decimal=_decimal(sep, rows),
        newline=brk.group(0) if (brk := _LINE_BREAK.search(text)) else "\n",
        header_line=header_line,
        encoding_known=decoded.known,
        header_fields=_fields(header_text, sep),
    )
    return dialect, columns


def _take(
    records: Iterator[tuple[int, list[str] | Msg]], n: int
) -> Iterator[tuple[int, list[str] | Msg]]:
    for i, record in enumerate(records):
        if i >= n:
            return
        yield record


def _decimal(sep: str, rows: list[list[str]]) -> str:
    """The decimal mark of a file's amounts: a comma only where the separator is not one."""
    if sep == ",":
        return "."
    values = [v.strip() for row in rows for v in row]
    commas = sum(1 for v in values if _DECIMAL_COMMA.match(v))
    points = sum(1 for v in values if _DECIMAL_POINT.match(v))
    return "." if points > commas else ","
