"""`kemixl rollover`: the next period's master folder, from this period's and its report.

The new folder is a copy of the master files with the period moved to months 1-M of the same
year (master.toml's period and titles, the Swedish and English ones too; everything else byte
for byte) and a previous.csv that
carries, per leaf and line, every earlier report's Muutettu TA, actual and forecast: those of
the old previous.csv and those of the report rolled over, read from the report's own data sheet.

A report that kemixl did not write (or whose data was changed since), that was written from
other master data, or that was marked not ready for the council is refused unless forced.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..findings import MessageError, joined
from ..i18n.message import Msg, msg
from ..master import MASTER_FILES, PREVIOUS_FILE, SETTINGS_FILE, load_master, workbook_to_folder
from ..master.files import decode
from ..master.year import PREVIOUS_COLUMNS
from ..model import Line, Master, Period, PreviousFigure, Settings
from ..numbers import csv_amount
from ..xlsx.safe import atomic_folder, display_name
from .data import ReportData, ReportDataError, read_report_data
from .titles import retitle


class RolloverError(MessageError):
    """Why a rollover cannot be made: one line for the user (exit code 2)."""


@dataclass(frozen=True)
class Rollover:
    output: Path
    period: Period
    title: str
    previous_rows: int
    periods: tuple[Period, ...]
    notes: tuple[Msg, ...]  # rendered in the run's language when shown


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


def previous_csv(figures: list[PreviousFigure], master: Master) -> str:
    """previous.csv's text: periods oldest first, then the tree's order."""
    order = {leaf.code: i for i, leaf in enumerate(master.leaves(master.root.code))}
    lines = {Line.INCOME: 0, Line.COSTS: 1}
    rows = sorted(
        figures,
        key=lambda f: (f.period.last_month, order.get(f.code, len(order)), f.code, lines[f.line]),
    )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(PREVIOUS_COLUMNS)
    for f in rows:
        writer.writerow(
            (
                f.period.months,
                f.code,
                f.line.value,
                csv_amount(f.ta_amended),
                csv_amount(f.actual),
                csv_amount(f.forecast),
            )
        )
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


def retoml(text: str, period: Period, titles: Mapping[str, str]) -> str:
    """master.toml with the period's months and the report's titles (title, title_sv,
    title_en: those in `titles`) replaced, every comment and other setting kept; RolloverError
    if the file is laid out so that this cannot be done."""
    out, table = [], ""
    for line in text.splitlines(keepends=True):
        ending = line[len(line.rstrip("\r\n")) :] or "\n"
        key = m.group(1) if (m := _KEY.match(line)) else ""
        if m := _TABLE.match(line):
            table = m.group(1).strip()
        elif table == "period" and key in ("first_month", "last_month"):
            line = f"{key} = {getattr(period, key)}{ending}"
        elif table == "report" and key in titles:
            line = f"{key} = {json.dumps(titles[key], ensure_ascii=False)}{ending}"
        out.append(line)
    new = "".join(out)
    try:
        data = tomllib.loads(new)
        p, r = data["period"], data["report"]
        ok = (
            int(p.get("first_month", 1)) == period.first_month
            and int(p["last_month"]) == period.last_month
            and all(r[key] == title for key, title in titles.items())
        )
    except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError):
        ok = False
    if not ok:
        raise RolloverError(
            msg(
                "{file}: cannot move its period and titles automatically; write last_month and "
                "each title on a line of its own under [period] and [report]",
                file=SETTINGS_FILE,
            )
        )
    return new


def rollover(
    report: Path, master_dir: Path, to_month: int, output: Path, force: bool = False
) -> Rollover:
    """Write the master folder of months 1-to_month into output (a new or empty folder)."""
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
    titles = new_titles(master.settings, new)
    _write(output, master_dir, new, titles, previous_csv(figures, master))
    try:
        periods = load_master(output).previous_periods  # the new folder loads, or nothing stays
    except Exception:
        shutil.rmtree(output, ignore_errors=True)
        raise
    notes = (
        msg(
            "central.csv still holds the actuals and forecasts of {old}; update them for {new}",
            old=p.label,
            new=new.label,
        ),
        msg("master.toml: check the deadline and contact for {new}", new=new.label),
        *(
            msg("master.toml: {key} is now {title!r}; check its wording", key=key, title=title)
            for key, title in titles.items()
            if key != "title"
        ),
    )
    return Rollover(output, new, titles["title"], len(figures), periods, notes)


def _write(
    output: Path, master: Path, period: Period, titles: Mapping[str, str], previous: str
) -> None:
    """The new folder, made beside its final place and renamed into it: all or nothing. A
    master workbook (.xlsx) becomes a master folder."""
    try:
        with atomic_folder(output) as tmp:
            if master.is_file():
                workbook_to_folder(master, tmp)
                (tmp / PREVIOUS_FILE).unlink(missing_ok=True)
            else:
                for file in MASTER_FILES:
                    if file != PREVIOUS_FILE and (master / file).is_file():
                        shutil.copyfile(master / file, tmp / file)
            settings = tmp / SETTINGS_FILE
            text = decode(settings.read_bytes()).text  # UTF-8 (BOM or not) or Windows-1252
            settings.write_text(retoml(text, period, titles), encoding="utf-8", newline="")
            (tmp / PREVIOUS_FILE).write_text(previous, encoding="utf-8", newline="")
    except OSError as exc:
        raise RolloverError(
            msg(
                "{path}: cannot write the master folder ({error})",
                path=str(output),
                error=exc.strerror or str(exc),
            )
        ) from exc
