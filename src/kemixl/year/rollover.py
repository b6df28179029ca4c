"""`kemixl rollover`: the next period's master folder, from this period's and its report.

The new folder is a copy of the master files with the period moved to months 1-M of the same
year (master.toml's period and titles, the Swedish and English ones too, and, given or checked,
its deadline; everything else byte for byte), a previous.csv that carries, per leaf and line,
every earlier report's Muutettu TA, actual and forecast: those of the old previous.csv and those
of the report rolled over, read from the report's own data sheet; and a previous_report.csv with
what else the report said (central items, explanations, KPI values, strategy statuses and
realizations), which the next templates start from and the next report compares with. The
investment projects' figures go into previous.csv too (a `project` column), and the projects
whose status moves them to next year into investments_next_year.csv.

A report that kemixl did not write (or whose data was changed since), that was written from
other master data, or that was marked not ready for the council is refused unless forced.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..dates import early_deadline, parse_date
from ..findings import MessageError, joined
from ..i18n.message import Day, Msg, Plural, msg, plural
from ..master import MASTER_FILES, PREVIOUS_FILE, SETTINGS_FILE, load_master, workbook_to_folder
from ..master.files import decode
from ..master.investments import COLUMNS as INVESTMENT_COLUMNS
from ..master.investments import FLOW_NAMES
from ..master.year import PREVIOUS_COLUMNS, PREVIOUS_REPORT_COLUMNS, PREVIOUS_REPORT_FILE
from ..model import (
    CENTRAL_KINDS,
    EXPENDITURE,
    INCOME,
    PREVIOUS_KINDS,
    Line,
    Master,
    Period,
    PreviousFigure,
    PreviousText,
    ProjectFigure,
    Settings,
)
from ..numbers import csv_amount
from ..xlsx.safe import atomic_folder, display_name
from .data import ReportData, ReportDataError, read_report_data
from .titles import retitle

NEXT_YEAR = "Siirtyy"  # the project status "moves to next year" (terms.PROJECT_STATUS_WORDS)


class RolloverError(MessageError):
    """Why a rollover cannot be made: one line for the user (exit code 2)."""


@dataclass(frozen=True)
class Rollover:
    output: Path
    period: Period
    title: str
    previous_rows: int
    periods: tuple[Period, ...]
    notes: tuple[Msg | Plural, ...]  # rendered in the run's language when shown
    deadline: str  # the new master's deadline, as master.toml has it
    ledger: bool  # the report's actuals came from a ledger export


def _refusals(data: ReportData, master: Master, master_dir: Path) -> list[Msg]:
    why = []
    if not data.intact:
        why.append(msg("its data sheet was changed after kemixl wrote it"))
    if data.fingerprint != master.fingerprint:
        why.append(
            msg(
                "it was written from other master data than {folder} (report {report}, folder "
                "{master})",
                folder=str(master_dir),
                report=data.fingerprint,
                master=master.fingerprint,
            )
        )
    elif data.period != master.period:
        why.append(
            msg(
                "it is for {period}, the master folder for {master}",
                period=data.period.label,
                master=master.period.label,
            )
        )
    if not data.ready:
        why.append(msg("it was marked not ready for the council (errors: {n})", n=data.errors))
    return why


def previous_csv(
    figures: list[PreviousFigure], master: Master, projects: Sequence[ProjectFigure] = ()
) -> str:
    """previous.csv's text: periods oldest first, then the tree's order; the investment
    projects' rows after the leaves', in a column `project` of their own (written only when
    there are projects, so a master without them gets the file it always got)."""
    order = {leaf.code: i for i, leaf in enumerate(master.leaves(master.root.code))}
    lines = {Line.INCOME: 0, Line.COSTS: 1}
    rows = sorted(
        figures,
        key=lambda f: (f.period.last_month, order.get(f.code, len(order)), f.code, lines[f.line]),
    )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    extra = ("project",) if projects else ()
    writer.writerow((*PREVIOUS_COLUMNS, *extra))
    for f in rows:
        writer.writerow(
            (
                f.period.months,
                f.code,
                f.line.value,
                csv_amount(f.ta_amended),
                csv_amount(f.actual),
                csv_amount(f.forecast),
                *("" for _ in extra),
            )
        )
    ids = {p.id: i for i, p in enumerate(master.investments.projects)}
    flows = {Line.COSTS: 0, Line.INCOME: 1}
    for pf in sorted(
        projects, key=lambda x: (x.period.last_month, ids.get(x.project, len(ids)), flows[x.line])
    ):
        project = master.investments.project(pf.project)
        writer.writerow(
            (
                pf.period.months,
                project.department if project is not None else "",
                FLOW_NAMES[pf.line],
                csv_amount(pf.ta_amended),
                csv_amount(pf.actual),
                csv_amount(pf.forecast),
                pf.project,
            )
        )
    return out.getvalue()


NEXT_YEAR_FILE = "investments_next_year.csv"
NEXT_YEAR_COLUMNS = INVESTMENT_COLUMNS  # investments.csv's own


def next_year_csv(master: Master, data: ReportData) -> tuple[str, int]:
    """The projects that move to next year, in investments.csv's format, for next year's
    budget: what remains of each appropriation (Muutettu TA − the forecast: expenditure
    negative, income positive) as its `ta`, this year's forecast as its `tp_prev`. Returns the
    text and the number of projects ('', 0 without any)."""
    moving = [pid for pid, status in data.statuses if status == NEXT_YEAR]
    amounts = {(f.project, f.line): f for f in data.projects}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(NEXT_YEAR_COLUMNS)
    for pid in moving:
        p = master.investments.project(pid)
        if p is None:
            continue
        spent = amounts.get((pid, EXPENDITURE))
        got = amounts.get((pid, INCOME))
        left = (spent.ta_amended - spent.forecast) if spent else 0.0
        income = (got.ta_amended - got.forecast) if got else 0.0
        writer.writerow(
            (
                p.id,
                p.name,
                p.department,
                p.group,
                csv_amount(min(left, 0.0)),
                csv_amount(max(income, 0.0)) if income else "",
                "",
                csv_amount(spent.forecast) if spent else "",
                csv_amount(got.forecast) if got and got.forecast else "",
                p.binding.value,
            )
        )
    return (out.getvalue(), len(moving)) if moving else ("", 0)


def carried_texts(data: ReportData, master: Master) -> list[PreviousText]:
    """previous_report.csv's rows: what the report rolled over said, and for a department that
    did not return (a report rolled over with --force) what an earlier report said."""
    new = {(t.kind, t.key) for t in data.texts}
    kept = [
        t
        for t in master.previous_texts
        if (t.kind, t.key) not in new
        and t.period.last_month < data.period.last_month
        and (t.kind in CENTRAL_KINDS or master.department_of_text(t) not in data.returned)
    ]
    return [*kept, *data.texts]


def previous_report_csv(texts: list[PreviousText]) -> str:
    """previous_report.csv's text: periods oldest first, then by kind and key."""
    order = {kind: i for i, kind in enumerate(PREVIOUS_KINDS)}
    rows = sorted(texts, key=lambda t: (t.period.last_month, order[t.kind], t.key))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(PREVIOUS_REPORT_COLUMNS)
    writer.writerows((t.period.months, t.kind, t.key, t.value) for t in rows)
    return out.getvalue()


_TABLE = re.compile(r"^\s*\[([^\[\]]+)\]")
_KEY = re.compile(r"^\s*([A-Za-z_]+)\s*=")
TITLE_KEYS = {"title": "fi", "title_sv": "sv", "title_en": "en"}  # [report]'s titles


def new_titles(settings: Settings, period: Period) -> dict[str, str]:
    """[report]'s titles for the new period, each in its language (retitle): title always,
    title_sv and title_en where master.toml gives them."""
    old = {"title": settings.title, "title_sv": settings.title_sv, "title_en": settings.title_en}
    return {
        key: retitle(old[key], period, lang)
        for key, lang in TITLE_KEYS.items()
        if key == "title" or old[key]
    }


def retoml(
    text: str, period: Period, titles: Mapping[str, str], deadline: dt.date | None = None
) -> str:
    """master.toml with the period's months, the report's titles (title, title_sv, title_en:
    those in `titles`) and (if given) the deadline replaced, every comment and other setting
    kept (a deadline the file lacks is added under the title); RolloverError if the file is
    laid out so that this cannot be done."""
    out, table = [], ""
    due = f'deadline = "{deadline.isoformat()}"' if deadline is not None else ""
    missing = bool(due) and "deadline" not in _report_keys(text)
    for line in text.splitlines(keepends=True):
        ending = line[len(line.rstrip("\r\n")) :] or "\n"
        key = m.group(1) if (m := _KEY.match(line)) else ""
        if m := _TABLE.match(line):
            table = m.group(1).strip()
        elif table == "period" and key in ("first_month", "last_month"):
            line = f"{key} = {getattr(period, key)}{ending}"
        elif table == "report" and key in titles:
            line = f"{key} = {json.dumps(titles[key], ensure_ascii=False)}{ending}"
            if key == "title" and missing:
                line += f"{due}{ending}"
        elif table == "report" and key == "deadline" and due:
            line = f"{due}{ending}"
        out.append(line)
    new = "".join(out)
    try:
        data = tomllib.loads(new)
        p, r = data["period"], data["report"]
        ok = (
            int(p.get("first_month", 1)) == period.first_month
            and int(p["last_month"]) == period.last_month
            and all(r[key] == title for key, title in titles.items())
            and (deadline is None or str(r["deadline"]) == deadline.isoformat())
        )
    except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError):
        ok = False
    if not ok:
        raise RolloverError(
            msg(
                "{file}: cannot move its period, titles and deadline automatically; write "
                "last_month, each title and the deadline on a line of its own under [period] "
                "and [report]",
                file=SETTINGS_FILE,
            )
        )
    return new


def _report_keys(text: str) -> set[str]:
    try:
        return set(tomllib.loads(text).get("report", {}))
    except tomllib.TOMLDecodeError:
        return set()


def new_deadline(master: Master, given: str | None, new: Period) -> dt.date | None:
    """The next period's deadline: --deadline's date, which must not precede the period's end;
    None to keep master.toml's, which is refused when it precedes the period's end."""
    end = new.end
    if given is not None:
        date = parse_date(given)
        if date is None:
            raise RolloverError(
                msg(
                    "--deadline {date!r}: not a date; write it as 2023-09-15 or 15.9.2023",
                    date=given,
                )
            )
        if date < end:
            raise RolloverError(
                msg(
                    "--deadline {date}: is before the end of the period {period} ({end}); "
                    "the departments cannot return their figures before the period has ended",
                    date=Day(date),
                    period=new.label,
                    end=Day(end),
                )
            )
        return date
    old = early_deadline(master.settings.deadline, new)
    if old is not None:
        raise RolloverError(
            msg(
                "{file}: the deadline {date} is before the end of the period {period} ({end}); "
                "give the new period's deadline with --deadline (such as {example})",
                file=SETTINGS_FILE,
                date=Day(old),
                period=new.label,
                end=Day(end),
                example=(end + dt.timedelta(days=15)).isoformat(),
            )
        )
    return None


def rollover(
    report: Path,
    master_dir: Path,
    to_month: int,
    output: Path,
    force: bool = False,
    deadline: str | None = None,
) -> Rollover:
    """Write the master folder of months 1-to_month into output (a new or empty folder), with
    the deadline given (else master.toml's, which must not precede the new period's end)."""
    master = load_master(master_dir)
    p = master.period
    if not p.last_month < to_month <= 12:
        raise RolloverError(
            msg(
                "--to-month {month}: must be later than this period's last month ({last}) and at "
                "most 12",
                month=to_month,
                last=p.last_month,
            )
        )
    due = new_deadline(master, deadline, Period(p.year, 1, to_month))
    if output.exists() and (not output.is_dir() or any(output.iterdir())):
        raise RolloverError(
            msg(
                "{path}: exists and is not an empty folder; choose a new --output",
                path=str(output),
            )
        )
    if output.resolve() == master_dir.resolve():
        raise RolloverError(
            msg("{path}: is the master folder itself; choose a new --output", path=str(output))
        )
    name = display_name(report)
    try:
        data = read_report_data(report)
    except ReportDataError as exc:
        raise RolloverError(
            msg(
                "{file}: is not a consolidated report written by kemixl: {reason}; give the "
                "report `kemixl consolidate` wrote for this period",
                file=name,
                reason=exc.message,
            )
        ) from exc
    refused = _refusals(data, master, master_dir)
    if refused and not force:
        raise RolloverError(
            msg(
                "{file}: refused: {reasons}; consolidate again, or give --force to roll over "
                "anyway",
                file=name,
                reasons=joined(refused, "; "),
            )
        )
    if data.period.year != p.year or data.period.last_month >= to_month:
        raise RolloverError(
            msg(
                "{file}: is for {period}; it cannot precede {new}",
                file=name,
                period=data.period.label,
                new=Period(p.year, 1, to_month).label,
            )
        )
    new = Period(p.year, 1, to_month)
    carried = [f for f in master.previous if f.period.last_month < data.period.last_month]
    figures = [*carried, *data.figures]
    invested = [
        *(f for f in master.investments.previous if f.period.last_month < data.period.last_month),
        *data.projects,
    ]
    titles = new_titles(master.settings, new)
    next_year, moving = next_year_csv(master, data)
    written = {
        PREVIOUS_FILE: previous_csv(figures, master, invested),
        PREVIOUS_REPORT_FILE: previous_report_csv(carried_texts(data, master)),
        **({NEXT_YEAR_FILE: next_year} if moving else {}),
    }
    _write(output, master_dir, new, titles, written, due)
    try:
        rolled = load_master(output)  # the new folder loads, or nothing stays
    except Exception:
        shutil.rmtree(output, ignore_errors=True)
        raise
    notes = (
        msg(
            "central.csv still holds the actuals and forecasts of {old}; update them for {new}",
            old=p.label,
            new=new.label,
        ),
        *(
            msg("master.toml: {key} is now {title!r}; check its wording", key=key, title=title)
            for key, title in titles.items()
            if key != "title"
        ),
        *(
            (
                plural(
                    "{n} investment project moves to next year: listed with what remains of "
                    "its appropriation in {file}, for next year's budget",
                    "{n} investment projects move to next year: listed with what remains of "
                    "their appropriations in {file}, for next year's budget",
                    moving,
                    file=NEXT_YEAR_FILE,
                ),
            )
            if moving
            else ()
        ),
    )
    return Rollover(
        output,
        new,
        titles["title"],
        len(figures) + len(invested),
        rolled.previous_periods,
        notes,
        rolled.settings.deadline,
        bool(data.ledger),
    )


def _write(
    output: Path,
    master: Path,
    period: Period,
    titles: Mapping[str, str],
    written: dict[str, str],
    deadline: dt.date | None,
) -> None:
    """The new folder, made beside its final place and renamed into it: all or nothing. A
    master workbook (.xlsx) becomes a master folder. `written`: the files the rollover makes
    (previous.csv, previous_report.csv) by name, with their text."""
    try:
        with atomic_folder(output) as tmp:
            if master.is_file():
                workbook_to_folder(master, tmp)
                for file in written:
                    (tmp / file).unlink(missing_ok=True)
            else:
                for file in MASTER_FILES:
                    if file not in written and (master / file).is_file():
                        shutil.copyfile(master / file, tmp / file)
            settings = tmp / SETTINGS_FILE
            text = decode(settings.read_bytes()).text  # UTF-8 (BOM or not) or Windows-1252
            new = retoml(text, period, titles, deadline)
            settings.write_text(new, encoding="utf-8", newline="")
            for file, content in written.items():
                (tmp / file).write_text(content, encoding="utf-8", newline="")
    except OSError as exc:
        raise RolloverError(
            msg(
                "{path}: cannot write the master folder ({error})",
                path=str(output),
                error=exc.strerror or str(exc),
            )
        ) from exc
