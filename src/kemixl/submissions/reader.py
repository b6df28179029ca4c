"""Reading department workbooks: generated templates and free-form pasted tables alike.

The finance table is found by its header row (the seed's column titles, in any order, on
any row, in any sheet); blocks start at a row holding a cost-centre code (digits) and a name. Every
value keeps its file, sheet and cell. Formula cells are never trusted: totals, margins and
percentages are recomputed from the input cells.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..amounts import not_an_amount
from ..findings import Finding, Rule, Severity
from ..i18n import terms, variants
from ..i18n.catalog import N_
from ..i18n.message import Msg, msg
from ..i18n.terms import line_msg
from ..model import Column, Line, Origin
from ..numbers import (
    MAX_AMOUNT,
    NotANumber,
    code_text,
    constant_formula,
    decimals_of,
    parse_amount,
)
from ..xlsx.cells import Formula, Values, a1, column_letters, norm
from ..xlsx.read import read_values
from ..xlsx.safe import DEFAULT_LIMITS, Limits, UnsafeWorkbook, display_name, load_bytes
from .records import Block, Cell, FileInfo, Header, Submission, read_cell
from .template_parts import read_template_parts

_UNIT = r"\s*,?\s*[(\[]?\s*(€|eur|euroa)?\s*[)\]]?$"  # 'TP 2022 (€)', 'TA 2024, euroa'
# The seed's column titles and their Swedish and English counterparts (terms.COLUMN_TITLES,
# as municipalities print them: 'Utfall 01-06/2023', 'Bokslutsprognos 2023', 'BS 2022',
# 'Ändrad budget 2023'; 'Actual 01-06/2023', 'Forecast outturn 2023', 'Accounts 2022'). A
# bilingual title ('TA 2023 – Budget 2023') is read by its first part that says a kind.
_HEADER_PATTERNS: tuple[tuple[str | None, re.Pattern[str]], ...] = (
    ("pct", re.compile(r"(toteuma|käyttö|tot|utfall|actual)\s*-?\s*%|^%$")),
    (
        Column.TA_AMENDED.value,
        re.compile(
            r"^muut(ettu|\.)?\s*(ta|talousarvio|budjetti)\b|^ändrad\s+(budget|bu)\b"
            r"|^(revised|amended)\s+budget|^(ta|talousarvio)\s*\d{4}\s+muutoksineen"
        ),
    ),
    (
        Column.FORECAST.value,
        re.compile(
            r"^(tp|tilinpäätös)\s*-?\s*ennuste|^ennuste|^(bs|boksluts?)\s*-?\s*prognos"
            r"|^prognos|^forecast"
        ),
    ),
    (Column.ACTUAL.value, re.compile(r"^toteuma\b|^tot\.?\s|^utfall\b|^actuals?\b")),
    (
        Column.TP_PREV.value,
        re.compile(r"^(tp|tilinpäätös|bs|bokslut|accounts|outturn)\s*\d{4}" + _UNIT),
    ),
    (
        Column.TA.value,
        re.compile(r"^(alkuperäinen\s+)?(ta|talousarvio|budjetti|budget|bu)\s*\d{4}" + _UNIT),
    ),
)
_BILINGUAL = " - "  # terms' " – " after norm()
# What each kind of column is, for messages about its title.
KIND_LABELS = {
    Column.TP_PREV.value: N_("TP (the prior year's actuals)"),
    Column.TA.value: N_("TA (the budget)"),
    Column.TA_AMENDED.value: N_("Muutettu TA (the revised budget)"),
    Column.ACTUAL.value: N_("Toteuma (actuals to date)"),
    Column.FORECAST.value: N_("TP-ennuste (the year-end forecast)"),
}
_CODE_TEXT = re.compile(r"^\s*(\d{3,12})(?:\s*[-–:]?\s+(\D.*))?$", re.S)


@functools.cache
def _line_labels() -> dict[str, Line]:
    """Every language's line label (upper case) -> its line: TOIMINTATUOTOT,
    VERKSAMHETSINTÄKTER, OPERATING REVENUE, ... (bilingual labels start with one of them)."""
    labels = {norm(ln.value).upper(): ln for ln in Line}
    for ln, message in terms.LINE_LABELS.items():
        labels.update({norm(text).upper(): ln for text in variants(message)})
    for ln, texts in _OTHER_LINE_LABELS.items():
        labels.update({norm(text).upper(): ln for text in texts})
    assert not any(label[:1].isdigit() for label in labels)  # (line_of's shortcut)
    return labels


# How other reports write the lines (free-form sheets pasted from elsewhere): Statistics
# Finland's Swedish tables ("Verksamhetens intäkter"), cash wording ("verksamhetsutgifter"),
# English variants. Only for reading; kemixl writes the catalog's words.
_OTHER_LINE_LABELS = {
    Line.INCOME: ("Verksamhetens intäkter", "Operating income", "Operating revenues"),
    Line.COSTS: (
        "Verksamhetens kostnader",
        "Verksamhetsutgifter",
        "Omkostnader",
        "Operating costs",
        "Operating expenditure",
    ),
    Line.MARGIN: ("Verksamhetens bidrag", "Verksamhetsbidrag", "Operating result"),
}


def header_kind(value: object) -> str | None:
    return _header_kind(value) if isinstance(value, str) else None


@functools.cache
def _catalog_titles() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The column titles as kemixl writes them in every language (terms), any year and months:
    a title a template wrote is recognised by the catalog itself, whatever its words."""
    fields = {"year": r"\d{4}", "months": r"\d{1,2}\s*-\s*\d{1,2}\s*/\s*\d{4}"}
    messages = [(c.value, m) for c, m in terms.COLUMN_TITLES.items()] + [("pct", terms.PCT_TITLE)]
    out = []
    for kind, message in messages:
        for text in variants(message):
            parts = re.split(r"\{(\w+)\}", norm(text))  # literal, field, literal, ...
            rx = "".join(fields[p] if i % 2 else re.escape(p) for i, p in enumerate(parts))
            out.append((kind, re.compile(f"^{rx}$")))
    return tuple(out)


@functools.lru_cache(maxsize=1 << 16)
def _header_kind(value: str) -> str | None:
    text = norm(value)
    parts = (text, *text.split(_BILINGUAL)[:2]) if _BILINGUAL in text else (text,)
    for part in parts:
        for kind, pattern in (*_catalog_titles(), *_HEADER_PATTERNS):
            if pattern.search(part):
                return kind
    return None


def code_of(value: object, following: object = None) -> tuple[str, str] | None:
    """(code, name) from '64110000 HALLINTOPALVELUT', or a numeric code with its name beside it."""
    if isinstance(value, int | float) and not isinstance(value, bool) and value == int(value):
        text = str(int(value))
        if 3 <= len(text) <= 12:
            return text, str(following).strip() if isinstance(following, str) else ""
        return None
    if isinstance(value, str):
        m = _CODE_TEXT.match(code_text(value))
        if m:
            name = (m.group(2) or "").strip()
            if not name and isinstance(following, str):
                name = following.strip()
            return m.group(1), name
    return None


def line_of(value: object) -> Line | None:
    if not isinstance(value, str):
        return None
    # No line's label starts with a digit (_line_labels): a code row's label ("70010020
    # TIETOHALLINTO", hundreds per workbook, each its own) is no line, nor kept in the cache.
    return None if value.lstrip()[:1].isdigit() else _line_of(value)


@functools.lru_cache(maxsize=1 << 16)
def _line_of(value: str) -> Line | None:
    text = norm(value).upper().rstrip(":;.,* ")
    for label, line in _line_labels().items():
        if text == label or text.startswith(label + " "):
            return line
    return None


def file_info(path: Path, data: bytes, mtime: float) -> FileInfo:
    return FileInfo(display_name(path), hashlib.sha256(data).hexdigest(), len(data), mtime)


def _finance_blocks(
    file: str,
    sheet: str,
    grid: Values,
    findings: list[Finding],
    headers: list[Header],
) -> Iterator[Block]:
    """Blocks of one sheet: after each header row, code rows open blocks, line rows fill them.
    An investment table's header ends a finance table (its rows are projects.py's)."""
    from .projects import project_columns

    columns: dict[int, str] | None = None
    others: list[int] = []  # the columns outside the figure columns, where labels are
    width = max(map(len, grid), default=0)
    # each figure column's cells and letters, once per header
    figure_columns: list[tuple[Column, list[int], str]] = []
    current: tuple[str, str, Origin] | None = None
    lines: dict[Line, dict[Column, Cell]] = {}
    line_origins: dict[Line, Origin] = {}

    def close() -> Iterator[Block]:
        if current is not None and lines:
            yield Block(current[0], current[1], current[2], dict(lines), dict(line_origins))

    for r, row in enumerate(grid):
        # a title is a text (a formula's text, as a template has thousands of, is none); a
        # header row has at least two titles, most rows have one label (counted at C speed)
        kinds = (
            {
                c: k
                for c, v in enumerate(row)
                if type(v) is str and (k := header_kind(v)) is not None
            }
            if list(map(type, row)).count(str) >= 2
            else _NO_KINDS
        )
        if len(kinds) < 2:
            pass
        elif project_columns(row) is not None:  # an investment table's
            yield from close()
            current, lines, line_origins = None, {}, {}
            columns = None
            continue
        elif any(k != "pct" for k in kinds.values()):
            yield from close()
            current, lines, line_origins = None, {}, {}
            columns = kinds
            others = [c for c in range(width) if c not in kinds]
            figure_columns = [
                (Column(k), cols, column_letters(cols[0])) for k, cols in _by_kind(kinds).items()
            ]
            headers.extend(
                Header(k, str(row[c]), Origin(file, sheet, a1(r, c))) for c, k in kinds.items()
            )
            findings.extend(_ambiguous_columns(file, sheet, r, row, kinds))
            continue
        if columns is None:
            continue
        # the first label (_labels(row, others, 1)), spelt out: once per row
        width_of_row = len(row)
        for c0 in others:
            if c0 >= width_of_row:
                c0 = -1
                break
            first = row[c0]
            if first is not None and first != "":
                break
        else:
            c0 = -1
        if c0 < 0:
            continue
        # a line's label is never a code (letters first; tests hold them apart): looked up
        # first, as most rows are lines, code_of's patterns (and the label after it, a
        # code's name) are spared them
        line = line_of(first)
        if line is None:
            labels = _labels(row, others)
            found = code_of(first, labels[1][1] if len(labels) > 1 else None)
        else:
            found = None
        if found is not None:
            yield from close()
            current, lines, line_origins = (
                (found[0], found[1], Origin(file, sheet, a1(r, c0))),
                {},
                {},
            )
            continue
        if line is None or current is None:
            continue
        if line in lines:
            findings.append(
                Finding(
                    Rule.DUPLICATE_CODE,
                    Severity.ERROR,
                    msg(
                        "{line} appears twice under {code}; delete one of the rows",
                        line=line_msg(line),
                        code=current[0],
                    ),
                    file,
                    sheet,
                    a1(r, c0),
                    current[0],
                )
            )
            continue
        origin = _new(Origin)  # Origin(file, sheet, a1(r, c0)), as _figures makes them
        d = origin.__dict__
        d["file"], d["sheet"], d["cell"] = file, sheet, a1(r, c0)
        line_origins[line] = origin
        lines[line] = _figures(line, file, sheet, r, row, figure_columns, current[0], findings)
    yield from close()


def _labels(row: list[Any], others: list[int]) -> list[tuple[int, Any]]:
    """The first two cells of a row that hold something in the other columns than the figure
    columns (`others`, in order): a code and its name, or a line's label (the rest of the row
    is never looked at)."""
    out = []
    width = len(row)
    for c in others:
        if c >= width:
            break
        value = row[c]
        if value is not None and value != "":
            out.append((c, value))
            if len(out) == 2:
                break
    return out


def _by_kind(columns: dict[int, str]) -> dict[str, list[int]]:
    """Figure columns by what their titles say (Toteuma-% is always recomputed, never read)."""
    out: dict[str, list[int]] = {}
    for c, kind in columns.items():
        if kind != "pct":
            out.setdefault(kind, []).append(c)
    return out


def _ambiguous_columns(
    file: str, sheet: str, r: int, row: list[Any], columns: dict[int, str]
) -> Iterator[Finding]:
    """Two columns whose titles both say the same figure: neither may silently win."""
    for kind, cols in _by_kind(columns).items():
        if len(cols) >= 2:
            yield ambiguous_column(file, sheet, r, row, cols, kind)


def ambiguous_column(
    file: str, sheet: str, r: int, row: list[Any], cols: list[int], kind: str
) -> Finding:
    """The finding for columns `cols` of a header row that read as the same figure."""
    cells = ", ".join(f"{a1(r, c)} {str(row[c]).strip()!r}" for c in cols)
    return Finding(
        Rule.AMBIGUOUS_COLUMN,
        Severity.ERROR,
        msg(
            "the columns {cells} each read as {kind}; kemixl cannot tell which one holds the "
            "figures, so it uses none of them: delete the extra column or retitle it",
            cells=cells,
            kind=Msg(KIND_LABELS[kind]),
        ),
        file,
        sheet,
        a1(r, cols[0]),
        submitted=", ".join(str(row[c]).strip() for c in cols),
        column_key=kind,
    )


def _figures(
    line: Line,
    file: str,
    sheet: str,
    r: int,
    row: list[Any],
    figure_columns: list[tuple[Column, list[int], str]],
    code: str,
    findings: list[Finding],
) -> dict[Column, Cell]:
    """One line's figures, by column (figure_columns: each column's cells and its letters)."""
    figures: dict[Column, Cell] = {}
    number = str(r + 1)
    width = len(row)
    new = _new
    for column, cols, letters in figure_columns:
        # Origin(file, sheet, ...) and read_cell(value, origin, False, decimals) spelt out, the
        # records made as unpickling makes them (records.read_cell): thousands per workbook
        origin = new(Origin)
        d = origin.__dict__
        d["file"], d["sheet"], d["cell"] = file, sheet, letters + number
        if len(cols) > 1:  # an ambiguous column (already a finding): its figures are unknown
            figures[column] = Cell(None, origin, invalid=True, raw="ambiguous column")
            continue
        c = cols[0]
        value = row[c] if c < width else None
        if type(value) is float and -MAX_AMOUNT <= value <= MAX_AMOUNT:
            # a number typed as one, most of a table: amount_cell's answer, sooner
            cell = new(Cell)
            d = cell.__dict__
            d["value"], d["origin"] = value, origin  # the class answers for the other fields
            if not value.is_integer():
                d["decimals"] = decimals_of(value)
            figures[column] = cell
        elif type(value) is Formula and (value[1:2].isalpha() or constant_formula(value) is None):
            # a formula of other cells (a template's margin rows: "=B7+B8", a letter first,
            # which no constant formula has): amount_cell's answer, sooner, read_cell spelt out
            cell = new(Cell)
            d = cell.__dict__
            d["value"], d["origin"], d["formula"] = None, origin, True
            d["decimals"], d["invalid"], d["raw"] = 0, False, str(value)
            figures[column] = cell
        else:
            figures[column] = read_amount(value, origin, findings, line, column, code=code)
    return figures


_new = object.__new__
_NO_KINDS: dict[int, str] = {}  # (never changed)


def read_amount(
    raw: Any,
    origin: Origin,
    findings: list[Finding],
    line: Line,
    column: Column,
    code: str = "",
    project: str = "",
) -> Cell:
    """A submitted amount (amount_cell), its finding added to `findings` when it is no amount
    kemixl can be sure of, naming the cell, the line (or a project's flow) and the column."""
    read, problem = amount_cell(raw, origin)
    if problem is not None:
        rule, message = problem
        findings.append(
            Finding(
                rule,
                Severity.ERROR,
                message,
                origin.file,
                origin.sheet,
                origin.cell,
                code,
                submitted=read.raw,
                line_label=line.value,
                column_key=column.value,
                project=project,
            )
        )
    return read


def amount_cell(cell: Any, origin: Origin) -> tuple[Cell, tuple[Rule, Msg] | None]:
    """A submitted amount (a value grid's value) as read, and the rule and message when it is
    no amount kemixl can be sure of (text, an ambiguous separator, beyond any municipality's
    amounts). A formula that refers to other cells is never evaluated (an opaque cell, no
    finding here)."""
    if type(cell) is Formula:
        constant = constant_formula(cell)
        if constant is None:  # refers to other cells: never trusted, never evaluated
            return read_cell(None, origin, True, 0, False, str(cell)), None
        return read_cell(constant, origin, False, decimals_of(constant)), None
    try:
        value = parse_amount(cell)
    except NotANumber as exc:
        problem = not_an_amount(cell, exc)
        return read_cell(None, origin, False, 0, True, str(cell)), problem
    return read_cell(value, origin, False, decimals_of(value) if value is not None else 0), None


def _unreadable(info: FileInfo, message: Msg) -> Submission:
    return Submission(info, (), (Finding(Rule.UNREADABLE, Severity.ERROR, message, info.name),))


def read_submission(path: Path, limits: Limits = DEFAULT_LIMITS) -> Submission:
    """Read one workbook; problems become findings, never exceptions."""
    name = display_name(path)
    unknown = FileInfo(name, "", 0, None)
    try:
        data, mtime = load_bytes(path, limits)
        info = file_info(path, data, mtime)
    except OSError as exc:
        return _unreadable(
            unknown, msg("cannot be opened ({error})", error=exc.strerror or str(exc))
        )
    except UnsafeWorkbook as exc:
        return _unreadable(unknown, msg("cannot be read: {reason}", reason=exc.message))
    findings: list[Finding] = []
    try:
        book = read_values(data, limits)
    except UnsafeWorkbook as exc:
        return _unreadable(info, msg("cannot be read: {reason}", reason=exc.message))
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except BaseException as exc:  # the parsers raise many kinds on damaged files (Rust: panics)
        reason = str(exc).splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
        return _unreadable(
            info,
            msg(
                "cannot be read as a workbook ({reason}); open it in Excel and save it again as "
                ".xlsx",
                reason=reason,
            ),
        )
    if book.macros:
        findings.append(
            Finding(
                Rule.MACROS_IGNORED,
                Severity.WARNING,
                msg(
                    "a macro-enabled workbook: its values were read, its macros neither run nor "
                    "kept; send an .xlsx workbook next time"
                ),
                name,
            )
        )
    for sheet in book.sheets:
        if sheet.skipped:
            findings.append(
                Finding(Rule.SHEET_NOT_READ, Severity.WARNING, sheet.skipped, name, sheet.title)
            )
    grids = [(sheet.title, sheet.values) for sheet in book.sheets if not sheet.skipped]
    unread = frozenset(sheet.title for sheet in book.sheets if sheet.skipped)
    stamp, extras, finance_sheets = read_template_parts(name, grids, findings, unread)
    blocks: list[Block] = []
    headers: list[Header] = []
    for title, grid in grids:
        if finance_sheets is None or title in finance_sheets:
            blocks.extend(_finance_blocks(name, title, grid, findings, headers))
    from .projects import read_projects

    own = stamp.investments_sheet if stamp is not None else ""
    project_grids = [(t, g) for t, g in grids if stamp is None or t == own]
    projects, tables = read_projects(name, project_grids, findings, headers)
    if not blocks:
        findings.append(
            Finding(
                Rule.NO_FINANCE_TABLE,
                Severity.ERROR,
                msg(
                    "no finance table found: expected a header row with TP/TA/Toteuma/TP-ennuste "
                    "titles and rows of cost-centre codes followed by {income}/{costs} rows",
                    income=line_msg(Line.INCOME),
                    costs=line_msg(Line.COSTS),
                ),
                name,
            )
        )
    return Submission(
        info,
        tuple(blocks),
        tuple(findings),
        stamp,
        headers=tuple(headers),
        projects=projects,
        project_tables=tables,
        **extras,
    )
