"""The report's own data: a very hidden sheet kemixl writes into every consolidated workbook.

It carries what the next period needs from this one, in plain text cells that no spreadsheet
recalculates: the master data's fingerprint, the period, whether the report was ready for the
council, the ledger's hash, per leaf and line the Muutettu TA, actual and forecast the report
used, and (format 2) what else the next period starts from: the central items' actual and
forecast, and of every department that returned its texts, KPI values and strategy statuses
and realizations (model.PreviousText; `returned` rows name those departments); with investment
projects, their figures and statuses between the two. A checksum over
all of it tells a report kemixl wrote, untouched, from anything else: `kemixl rollover` reads
the figures here, never from cells that formulas (or another tool's cached values) fill.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..carry import split_mark
from ..findings import MessageError
from ..i18n.message import msg
from ..master.investments import FLOW_NAMES
from ..model import (
    ALL_COLUMNS,
    FLOWS,
    INPUT_LINES,
    Column,
    Line,
    Master,
    Period,
    PreviousFigure,
    PreviousText,
    ProjectFigure,
)
from ..reconcile import Consolidation

DATA_SHEET = "kemixl"
KIND = "kemixl-report"
FORMAT = "2"
FORMATS = ("1", "2")  # format 1 (no texts) is still read
COLUMNS = ("code", "line", "ta_amended", "actual", "forecast")
# After the leaves, the investment projects (reports since projects were added; older reports
# simply have none): per project and flow, and the project's status.
PROJECT_COLUMNS = ("project", "line", "ta_amended", "actual", "forecast", "status")
WIDEST = len(PROJECT_COLUMNS)
# where the Muutettu TA, actual and forecast of a leaf's line are among all its figures
_FIGURES = [ALL_COLUMNS.index(col) for col in (Column.TA_AMENDED, Column.ACTUAL, Column.FORECAST)]
TEXT_COLUMNS = ("kind", "key", "value")
CELL_MOST = 32767  # characters in a cell
RETURNED = "returned"  # a text row's kind naming a department that returned its workbook


class ReportDataError(MessageError):
    """The workbook is not a consolidated report kemixl wrote (or cannot be read as one)."""


@dataclass(frozen=True)
class ReportData:
    fingerprint: str
    period: Period
    ready: bool
    errors: int
    ledger: str  # the ledger's SHA-256, "" when the actuals were typed
    figures: tuple[PreviousFigure, ...]
    intact: bool  # the checksum matches: nobody changed the data since kemixl wrote it
    texts: tuple[PreviousText, ...] = ()
    returned: frozenset[str] = frozenset()  # the departments whose texts the report carries
    projects: tuple[ProjectFigure, ...] = ()
    statuses: tuple[tuple[str, str], ...] = ()  # (project, status key) as reported


def _number(x: float) -> str:
    return repr(round(x, 2) + 0.0)  # (data_rows spells it out for the leaves)


def _canonical(row: tuple[str, ...]) -> tuple[str, ...]:
    """A row as written: trailing blanks a reader pads with dropped, (key, value) kept whole."""
    while len(row) > 2 and row[-1] == "":
        row = row[:-1]
    return (*row, "") if len(row) == 1 else row


def _checksum(rows: list[tuple[str, ...]]) -> str:
    text = "\n".join("\t".join(_canonical(row)) for row in rows)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def data_rows(c: Consolidation, errors: int) -> list[tuple[str, ...]]:
    """The data sheet's rows: settings as (key, value), then one row per leaf and line."""
    m, p = c.master, c.master.period
    rows: list[tuple[str, ...]] = [
        ("kind", KIND),
        ("format", FORMAT),
        ("master", m.fingerprint),
        ("year", str(p.year)),
        ("first_month", str(p.first_month)),
        ("last_month", str(p.last_month)),
        ("ready", "no" if errors else "yes"),
        ("errors", str(errors)),
        ("ledger", c.ledger.source.sha256 if c.ledger is not None else ""),
        COLUMNS,
    ]
    # (40 000 rows for 20 000 cost centres: _number spelt out, the lookups made once)
    ta, actual, forecast = _FIGURES
    amounts_of, lines = c.line_amounts, [(line, line.value) for line in INPUT_LINES]
    for leaf in m.leaves(m.root.code):
        code = leaf.code
        for line, name in lines:
            amounts = amounts_of(code, line)  # (ALL_COLUMNS)
            rows.append(
                (
                    code,
                    name,
                    repr(round(amounts[ta], 2) + 0.0),
                    repr(round(amounts[actual], 2) + 0.0),
                    repr(round(amounts[forecast], 2) + 0.0),
                )
            )
    rows += project_rows(c)
    # (a cell holds at most 32 767 characters: a longer text is carried cut, not garbled)
    rows += [TEXT_COLUMNS, *((kind, key, value[:CELL_MOST]) for kind, key, value in text_rows(c))]
    return [*rows, ("checksum", _checksum(rows))]


def project_rows(c: Consolidation) -> list[tuple[str, ...]]:
    """The investment projects' section (none without projects): per project and flow its
    Muutettu TA, actual and forecast as the report has them, and the project's status."""
    m = c.master
    if not m.investments.projects:
        return []
    rows: list[tuple[str, ...]] = [PROJECT_COLUMNS]
    for project in m.investments.projects:
        report = c.project_reports.get(project.id)
        for flow in FLOWS:
            rows.append(
                (
                    project.id,
                    FLOW_NAMES[flow],
                    *(
                        _number(c.project_amount(project.id, flow, col))
                        for col in (Column.TA_AMENDED, Column.ACTUAL, Column.FORECAST)
                    ),
                    report.status if report is not None else "",
                )
            )
    return rows


def _value(value: float | str | None) -> str:
    """A KPI value or central amount as text: a number as its digits (1665558, 27.5)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return str(int(value)) if float(value).is_integer() else repr(round(value, 6))


def carried_body(text: str, master: Master) -> str:
    """A returned value without the mark of an earlier report it may still carry (an untouched
    carried value): the next period starts from the value itself."""
    return split_mark(text, master)[1]


def text_rows(c: Consolidation) -> list[tuple[str, str, str]]:
    """(kind, key, value) of what the next period's master carries besides the figures."""
    m = c.master
    rows: list[tuple[str, str, str]] = []
    for item in m.central:
        rows.append(("central_actual", item.name, _value(item.amounts[Column.ACTUAL])))
        rows.append(("central_forecast", item.name, _value(item.amounts[Column.FORECAST])))
    returned = [d.code for d in m.departments if d.code in c.submitted_departments]
    rows += [(RETURNED, code, "") for code in returned]
    for code in returned:
        e = c.explanations.get(code)
        if e is not None:
            rows += [
                ("explanation", code, carried_body(e.explanation, m)),
                ("savings", code, carried_body(e.savings, m)),
            ]
    for kpi in m.kpis:
        value = c.kpis.get(kpi.id)
        if value is not None and m.department_of(kpi.code) in c.submitted_departments:
            rows.append(("kpi_actual", kpi.id, carried_body(_value(value.actual), m)))
            rows.append(("kpi_forecast", kpi.id, carried_body(_value(value.forecast), m)))
    for objective in m.objectives:
        r = c.realizations.get(objective.id)
        if r is not None and objective.department in c.submitted_departments:
            rows.append(("status", objective.id, r.status))
            rows.append(("realization", objective.id, carried_body(r.text, m)))
    return rows


def parse_data(rows: list[list[object]]) -> ReportData:
    """The data sheet's cells back as a record; ReportDataError if they are not kemixl's."""
    texts = [
        _canonical(tuple("" if v is None else str(v) for v in row[:WIDEST]))
        for row in rows
        if any(v not in (None, "") for v in row)
    ]
    head = texts[: texts.index(COLUMNS)] if COLUMNS in texts else texts
    values = {row[0]: row[1] for row in head}
    if values.get("kind") != KIND:
        raise ReportDataError(msg("its data sheet does not say it is a kemixl report"))
    if values.get("format") not in FORMATS:
        raise ReportDataError(
            msg("its data format {format!r} is not this kemixl's", format=values.get("format"))
        )
    written = [row for row in texts if row[0] != "checksum"]
    try:
        period = Period(int(values["year"]), int(values["first_month"]), int(values["last_month"]))
        errors = int(values["errors"])
        start = written.index(COLUMNS) + 1
        end = written.index(TEXT_COLUMNS) if TEXT_COLUMNS in written else len(written)
        middle = written.index(PROJECT_COLUMNS) if PROJECT_COLUMNS in written else end
        figures = tuple(
            PreviousFigure(
                period, row[0], Line(row[1]), float(row[2]), float(row[3]), float(row[4])
            )
            for row in written[start:middle]
        )
        projects = written[middle + 1 : end]
        flows = {name: flow for flow, name in FLOW_NAMES.items()}
        invested = tuple(
            ProjectFigure(
                period, row[0], flows[row[1]], float(row[2]), float(row[3]), float(row[4])
            )
            for row in projects
        )
        statuses = tuple(
            dict.fromkeys((row[0], row[5] if len(row) > 5 else "") for row in projects)
        )
        carried = [(*row, "")[:3] for row in written[end + 1 :]]
        returned = frozenset(key for kind, key, _v in carried if kind == RETURNED)
        texts_read = tuple(
            PreviousText(period, kind, key, value)
            for kind, key, value in carried
            if kind != RETURNED
        )
    except (KeyError, ValueError, IndexError) as exc:
        raise ReportDataError(
            msg("its data sheet is damaged ({error})", error=type(exc).__name__)
        ) from None
    return ReportData(
        values.get("master", ""),
        period,
        values.get("ready") == "yes",
        errors,
        values.get("ledger", ""),
        figures,
        _checksum(written) == next((row[1] for row in texts if row[0] == "checksum"), None),
        texts_read,
        returned,
        invested,
        statuses,
    )


def read_report_data(path: Path) -> ReportData:
    """A report's data, read with kemixl's bounded reader; ReportDataError with the reason."""
    from ..xlsx.read import read_workbook
    from ..xlsx.safe import DEFAULT_LIMITS, UnsafeWorkbook, load_bytes

    try:
        data, _mtime = load_bytes(path, DEFAULT_LIMITS)
        book = read_workbook(data, DEFAULT_LIMITS)
    except OSError as exc:
        raise ReportDataError(
            msg("it cannot be read ({error})", error=exc.strerror or str(exc))
        ) from exc
    except UnsafeWorkbook as exc:
        raise ReportDataError(exc.message) from exc
    except Exception as exc:  # the parsers raise many kinds on files that are not workbooks
        raise ReportDataError(
            msg("it cannot be read as a workbook ({error})", error=type(exc).__name__)
        ) from exc
    sheet = next((s for s in book.sheets if s.title == DATA_SHEET), None)
    if sheet is None:
        raise ReportDataError(
            msg("it has no {sheet!r} data sheet, so kemixl did not write it", sheet=DATA_SHEET)
        )
    return parse_data([[cell.value for cell in row] for row in sheet.grid])
