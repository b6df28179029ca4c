"""The master folder's files of the reporting year: amendments.csv and previous.csv.

amendments.csv (optional) lists the council's budget amendments:

    date,decision,code,line,amount
    2023-03-20,Kvalt 20.3.2023 § 12,64110000,TOIMINTAKULUT,-44000

Muutettu TA of a line is its TA plus the amendments decided by the end of the period. Where
figures.csv leaves ta_amended blank it is derived so; where it gives one and amendments.csv
exists, the two must agree. A row dated before the report's year, or one that repeats another
row exactly (it would count twice), is an error naming its line; a row after the period is
left for the later reports.

previous.csv (written by `kemixl rollover`) holds, per leaf and line, what each earlier report
of the year had:

    period,code,line,ta_amended,actual,forecast
    01-06/2023,64110000,TOIMINTATUOTOT,441104,106571,400000

Both files may also name an investment project in an optional `project` column: such a row
changes (or had) that project's expenditure (line `menot` or blank) or income (`tulot`); its
`code` is blank or the project's department (see investments.py).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..dates import parse_date
from ..i18n import variants
from ..i18n.message import Amount, Msg, msg
from ..i18n.terms import LINE_LABELS
from ..model import (
    PREVIOUS_KINDS,
    Amendment,
    Amounts,
    Column,
    CostCentre,
    Line,
    Period,
    PreviousFigure,
    PreviousText,
    Project,
    ProjectFigure,
)
from ..xlsx.cells import norm
from .investments import FLOW_NAMES, flow_of, project_amendment
from .problems import read_number

AMENDMENTS_FILE = "amendments.csv"
PREVIOUS_FILE = "previous.csv"
PREVIOUS_REPORT_FILE = "previous_report.csv"
AMENDMENT_COLUMNS = ("date", "decision", "code", "line", "amount")
PREVIOUS_COLUMNS = ("period", "code", "line", "ta_amended", "actual", "forecast")
PREVIOUS_REPORT_COLUMNS = ("period", "kind", "key", "value")

Problem = Callable[[str, int, Msg], None]
Rows = Iterable[tuple[int, dict[str, str]]]
FigureRows = dict[tuple[str, Line], tuple[int, bool]]  # (code, line) -> (line no, ta_amended blank)

_PERIOD = re.compile(r"^(\d{1,2})\s*[-–]\s*(\d{1,2})\s*/\s*(\d{4})$")


def parse_period(text: str) -> Period | None:
    """'01-06/2023' (or 1–6/2023) as a Period; None for anything else."""
    m = _PERIOD.match(text.strip())
    if not m:
        return None
    first, last, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    return Period(year, first, last) if 1 <= first <= last <= 12 else None


def input_line(text: str) -> Line | None:
    """TOIMINTATUOTOT or TOIMINTAKULUT as a file names it (any case, or the line's label in
    another language kemixl speaks: Verksamhetsintäkter, Operating expenses, as a master
    workbook in Swedish or English is typed); None for anything else."""
    return _input_lines().get(norm(text).upper())


@functools.cache
def _input_lines() -> dict[str, Line]:
    out = {line.value: line for line in (Line.INCOME, Line.COSTS)}
    for line in (Line.INCOME, Line.COSTS):
        out.update({norm(label).upper(): line for label in variants(LINE_LABELS[line])})
    return out


@dataclass(frozen=True)
class Centres:
    """The cost centres the year's files name, and how the file that lists them is named to the
    reader (costcentres.csv, or the master workbook's sheet)."""

    centres: tuple[CostCentre, ...]
    file: str = "costcentres.csv"

    def leaf_line(
        self, row: dict[str, str], path: str, number: int, problem: Problem
    ) -> tuple[str, Line] | None:
        """A row's result area and line, or None after saying why it has none."""
        code = row["code"].strip()
        if code not in {c.code for c in self.centres}:
            problem(
                path, number, msg("cost centre {code} is not in {file}", code=code, file=self.file)
            )
            return None
        if code in {c.parent for c in self.centres if c.parent}:
            problem(
                path,
                number,
                msg(
                    "cost centre {code} has result areas; give its figures to one of them",
                    code=code,
                ),
            )
            return None
        line = input_line(row["line"])
        if line is None:
            problem(
                path,
                number,
                msg(
                    "line {line!r} must be {income} or {costs}",
                    line=row["line"],
                    income=Line.INCOME.value,
                    costs=Line.COSTS.value,
                ),
            )
            return None
        return code, line


def load_amendments(
    path: str,
    rows: Rows,
    centres: Centres,
    period: Period,
    problem: Problem,
    projects: Mapping[str, Project] | None = None,
    refused_projects: Collection[str] = (),
) -> tuple[Amendment, ...]:
    """The council's amendments; a row naming a project whose own row of investments.csv was
    refused (`refused_projects`, already a problem) is left out without another."""
    out: list[Amendment] = []
    seen: dict[tuple[dt.date, str, str, str, Line, float], int] = {}
    for number, row in rows:
        date = parse_date(row["date"])
        if date is None:
            problem(
                path,
                number,
                msg("date {date!r} is not a date (2023-03-20 or 20.3.2023)", date=row["date"]),
            )
            continue
        if date.year > period.year:
            problem(
                path,
                number,
                msg(
                    "date {date} is after the report's year {year}: the council amends a year's "
                    "budget during that year; delete the row or correct the date",
                    date=row["date"].strip(),
                    year=period.year,
                ),
            )
            continue
        if date.year < period.year:
            problem(
                path,
                number,
                msg(
                    "date {date} is before the report's year {year}: the amendment belongs to "
                    "that year's budget, not to {year}'s revised budget; delete the row or correct "
                    "the date",
                    date=row["date"].strip(),
                    year=period.year,
                ),
            )
            continue
        project = ""
        if row.get("project", "").strip():  # an investment project's amendment
            named = project_amendment(row, projects or {}, path, number, problem, refused_projects)
            if named is None:
                continue
            project, code, line = named
        else:
            where = centres.leaf_line(row, path, number, problem)
            if where is None:
                continue
            code, line = where
        amount, wrong = read_number(row["amount"], "amount")
        if not row["amount"].strip():  # an amendment of no amount: a row left half-typed
            wrong = msg("column {column}: {raw!r} is not a number", column="amount", raw="")
        if wrong is not None:
            problem(path, number, wrong)
            continue
        key = (date, row["decision"].strip(), project, code, line, amount)
        if key in seen:
            problem(
                path,
                number,
                msg(
                    "the same amendment as line {first} (date, decision, project, line and "
                    "amount alike): it would count twice in the revised budget; delete one of "
                    "the rows",
                    first=seen[key],
                )
                if project
                else msg(
                    "the same amendment as line {first} (date, decision, cost centre, line and "
                    "amount alike): it would count twice in the revised budget; delete one of "
                    "the rows",
                    first=seen[key],
                ),
            )
            continue
        seen[key] = number
        out.append(
            Amendment(
                date,
                row["decision"].strip(),
                code,
                line,
                amount,
                f"{Path(path).name}:{number}",
                project,
            )
        )
    return tuple(sorted(out, key=lambda a: a.date))  # stable: file order within a date


def amended_figures(
    figures: dict[tuple[str, Line], Amounts],
    rows: FigureRows,
    amendments: tuple[Amendment, ...],
    period: Period,
    figures_path: str,
    problem: Problem,
) -> dict[tuple[str, Line], Amounts]:
    """Muutettu TA at the period's end: TA plus the amendments decided by then.

    A blank ta_amended is derived so (TA itself when no amendment concerns the line). A given
    ta_amended of a line that amendments.csv has amendments for must agree with TA plus those
    decided by the period's end (within half a euro); other lines keep what figures.csv says.
    """
    end = period.end
    changes: dict[tuple[str, Line], float] = {}
    dates: dict[tuple[str, Line], list[str]] = {}
    amendments = tuple(a for a in amendments if not a.project)  # projects: investments.py
    amended = {(a.code, a.line) for a in amendments}
    for a in amendments:
        if a.date <= end:
            changes[(a.code, a.line)] = changes.get((a.code, a.line), 0.0) + a.amount
            dates.setdefault((a.code, a.line), []).append(a.source)
    out = dict(figures)  # a line's amounts are copied where ta_amended is derived
    for key in changes.keys() - out.keys():  # an amendment on a line with no budget row
        out[key] = {Column.TP_PREV: 0.0, Column.TA: 0.0, Column.TA_AMENDED: 0.0}
        rows.setdefault(key, (0, True))
    unknown = (0, True)
    for key, values in out.items():
        number, blank = rows.get(key, unknown)
        if not blank and not (amended and key in amended):
            continue  # ta_amended as figures.csv gives it, as most are
        derived = round(values[Column.TA] + changes.get(key, 0.0), 2)
        if blank:  # a new value for the key, no new key: the loop goes on as it was
            out[key] = {**values, Column.TA_AMENDED: derived}
        elif abs(values[Column.TA_AMENDED] - derived) > 0.5:
            code, line = key
            which = ", ".join(dates.get(key, [])) or "none"
            problem(
                figures_path,
                number,
                msg(
                    "ta_amended {amended} of {code} {line} disagrees with {file}: TA {budget} plus the amendments decided by {end:%d.%m.%Y} ({which}) is {derived}; correct one of them or leave ta_amended blank",
                    amended=Amount(values[Column.TA_AMENDED]),
                    code=code,
                    line=line.value,
                    file=AMENDMENTS_FILE,
                    budget=Amount(values[Column.TA]),
                    end=end,
                    which=which,
                    derived=Amount(derived),
                ),
            )
    return out


def load_previous(
    path: str,
    rows: Rows,
    centres: Centres,
    period: Period,
    problem: Problem,
    projects: Mapping[str, Project] | None = None,
    refused_projects: Collection[str] = (),
) -> tuple[tuple[PreviousFigure, ...], tuple[ProjectFigure, ...]]:
    """The cost centres' rows and the investment projects' rows (optional column project);
    the rows of a project whose own row was refused are left out without another problem."""
    out: list[PreviousFigure] = []
    of_projects: list[ProjectFigure] = []
    seen: dict[tuple[Period, str, Line], int] = {}
    for number, row in rows:
        earlier = _earlier(row["period"], period, path, number, problem)
        if earlier is None:
            continue
        ident = row.get("project", "").strip()
        if ident:
            if ident in refused_projects and ident not in (projects or {}):
                continue
            if ident not in (projects or {}):
                problem(
                    path,
                    number,
                    msg(
                        "project {project} is not in {file}", project=ident, file="investments.csv"
                    ),
                )
                continue
            flow = flow_of(row["line"])
            if flow is None:
                problem(
                    path,
                    number,
                    msg(
                        "line {line!r} of project {project} must be menot (its expenditure; also "
                        "blank) or tulot (its income)",
                        line=row["line"],
                        project=ident,
                    ),
                )
                continue
            code, line = ident, flow
        else:
            where = centres.leaf_line(row, path, number, problem)
            if where is None:
                continue
            code, line = where
        read = {c: read_number(row[c], c) for c in ("ta_amended", "actual", "forecast")}
        wrong = next((why for _value, why in read.values() if why is not None), None)
        if wrong is not None:
            problem(path, number, wrong)
            continue
        values = {c: value for c, (value, _why) in read.items()}
        key = (earlier, f"project:{code}" if ident else code, line)
        if key in seen:
            problem(
                path,
                number,
                msg(
                    "duplicate row {period} {code} {line} (first on line {first})",
                    period=row["period"],
                    code=code,
                    line=FLOW_NAMES[line] if ident else line.value,
                    first=seen[key],
                ),
            )
            continue
        seen[key] = number
        figures = (values["ta_amended"], values["actual"], values["forecast"])
        if ident:
            of_projects.append(ProjectFigure(earlier, code, line, *figures))
        else:
            out.append(PreviousFigure(earlier, code, line, *figures))
    return tuple(out), tuple(of_projects)


def _earlier(raw: str, period: Period, path: str, number: int, problem: Problem) -> Period | None:
    """A row's period, when it is an earlier report of the year (else None, after saying why)."""
    earlier = parse_period(raw)
    if earlier is None:
        problem(
            path, number, msg("period {period!r} is not a period such as 01-06/2023", period=raw)
        )
        return None
    if earlier.year != period.year or earlier.last_month >= period.last_month:
        problem(
            path,
            number,
            msg(
                "period {period} is not an earlier report of {label}",
                period=raw,
                label=period.label,
            ),
        )
        return None
    return earlier


def load_previous_texts(
    path: str, rows: Rows, period: Period, problem: Problem
) -> tuple[PreviousText, ...]:
    """previous_report.csv: per kind and key, the latest earlier report's value (text as
    written; numbers as numbers written in text). A key the master no longer has (a KPI or
    objective removed since) is simply not carried."""
    out: list[PreviousText] = []
    seen: dict[tuple[str, str], int] = {}
    for number, row in rows:
        earlier = _earlier(row["period"], period, path, number, problem)
        if earlier is None:
            continue
        kind, key = row["kind"].strip(), row["key"].strip()
        if kind not in PREVIOUS_KINDS:
            problem(
                path,
                number,
                msg(
                    "kind {kind!r} is not one of {kinds}",
                    kind=kind,
                    kinds=", ".join(PREVIOUS_KINDS),
                ),
            )
            continue
        if (kind, key) in seen:
            problem(
                path,
                number,
                msg(
                    "duplicate row {kind} {key} (first on line {first})",
                    kind=kind,
                    key=key,
                    first=seen[(kind, key)],
                ),
            )
            continue
        seen[(kind, key)] = number
        out.append(PreviousText(earlier, kind, key, row["value"]))
    return tuple(out)
