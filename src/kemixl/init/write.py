"""Writing a new master folder: all of it or nothing.

The files are written into a temporary folder beside the target and renamed into place
(xlsx.safe.atomic_folder), so a problem half-way leaves nothing behind. The CSV files are UTF-8
with commas and the master's own column names; master.toml carries comments in the run's
language.
"""

from __future__ import annotations

import csv
import io
import json
import textwrap
import tomllib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from ..i18n import N_, _, current
from ..i18n.message import msg
from ..master import (
    CENTRAL_FILE,
    CENTRES_FILE,
    FIGURES_FILE,
    KPIS_FILE,
    SETTINGS_FILE,
    STRATEGY_FILE,
    STRATEGY_SDG_FILE,
)
from ..master.book import MasterSheet, write_master_workbook
from ..model import Period
from ..xlsx.safe import atomic_folder
from .errors import ExportError, Problem

WORKBOOK = "perustiedot.xlsx"
# The columns of the files `kemixl init` writes (the loader's required ones and the common
# optional ones), in the order finance reads them.
HEADERS: dict[str, tuple[str, ...]] = {
    CENTRES_FILE: ("code", "parent", "name", "responsible"),
    FIGURES_FILE: ("code", "line", "tp_prev", "ta", "ta_amended"),
    CENTRAL_FILE: ("item", "section", "tp_prev", "ta", "ta_amended", "actual", "forecast"),
    KPIS_FILE: ("id", "code", "group", "name", "tp_prev", "ta"),
    STRATEGY_FILE: (
        "id",
        "goal",
        "department",
        "objective",
        "actions",
        "owner_schedule",
        "metrics",
    ),
    STRATEGY_SDG_FILE: ("goal", "department", "sdg"),
}


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]] = ()) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _toml(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def _comment(message: str, **args: object) -> str:
    text = _(message).format(**args)
    return "".join(f"# {line}\n" for line in textwrap.wrap(text, 94))


def master_toml(period: Period, city: str, title: str, source: str) -> str:
    """master.toml of a new master folder: the period, the city and the title, commented."""
    written = (
        _comment(N_("Written by kemixl init from {source}."), source=source)
        if source
        else _comment(N_("Written by kemixl init."))
    )
    return (
        _comment(N_("kemixl master data: the report's settings (README: Master data)."))
        + written
        + "[period]\n"
        + _comment(N_("The reporting period: the months first_month to last_month of the year."))
        + f"year = {period.year}\nfirst_month = {period.first_month}\n"
        f"last_month = {period.last_month}\n\n[report]\n"
        + _comment(
            N_(
                "The city, the report's title (kemixl's follows the period), when the "
                "departments return their templates (a date such as {date}) and whom they ask."
            ),
            date=f"{period.year}-08-15",
        )
        + f'city = {_toml(city)}\ntitle = {_toml(title)}\ndeadline = ""\ncontact = ""\n'
        + _comment(
            N_("The language of the report, the templates and the messages: fi, sv, en or fi+sv.")
        )
        + f"language = {_toml(current().code)}\n"
    )


def refuse_target(folder: Path) -> None:
    """ExportError unless folder is new or an empty folder (nothing of it is replaced)."""
    if folder.exists() and not folder.is_dir():
        raise ExportError(
            [(str(folder), 0, msg("is a file; give a new folder for the master data"))]
        )
    if folder.is_dir() and any(folder.iterdir()):
        raise ExportError(
            [
                (
                    str(folder),
                    0,
                    msg(
                        "is not empty; give a new or empty folder: kemixl init writes a whole "
                        "master folder and replaces nothing"
                    ),
                )
            ]
        )


def write_folder(
    folder: Path,
    files: dict[str, str],
    workbook: Sequence[MasterSheet] | None,
    period: Period,
    city: str,
    check: Callable[[Path], list[Problem]] | None = None,
) -> None:
    """The files (name -> text) and, given its sheets, perustiedot.xlsx, into folder at once;
    `check` looks at the finished temporary folder and refuses it with problems."""
    try:
        with atomic_folder(folder) as tmp:
            for name, text in files.items():
                (tmp / name).write_text(text, encoding="utf-8", newline="")
            if workbook is not None:
                settings = tomllib.loads(files[SETTINGS_FILE])
                write_master_workbook(tmp / WORKBOOK, settings, workbook, period, city)
            problems = check(tmp) if check is not None else []
            if problems:  # named as they will be: in folder, not in the temporary one
                raise ExportError(
                    [(w.replace(str(tmp), str(folder), 1), n, m) for w, n, m in problems]
                )
    except OSError as exc:
        raise ExportError(
            [
                (
                    str(folder),
                    0,
                    msg("cannot be written ({error})", error=exc.strerror or str(exc)),
                )
            ]
        ) from exc
