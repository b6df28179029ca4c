"""The synthetic organisation written as kemixl's master data folder."""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from ..master import (
    ACCOUNTS_FILE,
    CENTRAL_FILE,
    CENTRES_FILE,
    FIGURES_FILE,
    KPIS_FILE,
    SETTINGS_FILE,
    STRATEGY_FILE,
    STRATEGY_SDG_FILE,
)
from ..master.investments import INVESTMENTS_FILE
from ..master.ledger import ACCOUNTS_HEADER
from ..model import MASTER_COLUMNS, Column, Period
from ..numbers import csv_amount
from ..year.titles import report_title
from .organisation import Department, seeded_rng
from .projects import COLUMNS as PROJECT_COLUMNS
from .projects import project_rows
from .vocabulary import ACCOUNT_RANGES, CITY, FIRST_MONTH, ROOT_CODE, YEAR


def _kpi_text(value: float | str) -> str:
    if isinstance(value, str):
        return value
    return csv_amount(value) if value == int(value) else f"{value:.1f}".replace(".", ",")


def _write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(header)
        out.writerows(rows)


def _toml(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def deadline_of(period: Period) -> dt.date:
    """The departments' deadline: mid-August, as finance sets it for the half-year, or half a
    month after a later period's end (never before the period has ended)."""
    return max(dt.date(period.year, 8, 15), period.end + dt.timedelta(days=15))


def write_master_files(folder: Path, org: list[Department], seed: int, last_month: int) -> None:
    period = Period(YEAR, FIRST_MONTH, last_month)
    title = report_title(period)
    due = deadline_of(period).isoformat()
    (folder / SETTINGS_FILE).write_text(
        "# kemixl master data: a synthetic organisation written by `kemixl synth`.\n"
        f"[period]\nyear = {YEAR}\nfirst_month = {FIRST_MONTH}\nlast_month = {last_month}\n\n"
        f"[report]\ncity = {_toml(CITY)}\ntitle = {_toml(title)}\n"
        f'deadline = "{due}"\ncontact = {_toml("Talouspalvelut, talouspäällikkö")}\n\n'
        "[rules]\npace_margin = 0.05\nmateriality = 50000\n\n"
        '[ledger]\nmonth = "Kuukausi"\nsigns = "debit-credit"\n',
        encoding="utf-8",
    )
    _write_csv(folder / ACCOUNTS_FILE, ACCOUNTS_HEADER, ACCOUNT_RANGES)
    _write_csv(
        folder / CENTRES_FILE,
        ("code", "parent", "name", "responsible"),
        _centre_rows(org),
    )
    _write_csv(
        folder / FIGURES_FILE,
        ("code", "line", *(c.value for c in MASTER_COLUMNS)),
        (
            (
                b.code,
                b.line.value,
                csv_amount(b.tp_prev),
                csv_amount(b.ta),
                csv_amount(b.ta_amended),
            )
            for dept in org
            for b in dept.budgets
        ),
    )
    _write_csv(
        folder / CENTRAL_FILE,
        ("item", "section", *(c.value for c in Column)),
        _central_rows(org, seeded_rng(seed, 0)),
    )
    _write_csv(
        folder / KPIS_FILE,
        ("id", "code", "group", "name", "tp_prev", "ta"),
        (
            (k.id, k.code, k.group, k.name, _kpi_text(k.tp_prev), _kpi_text(k.ta))
            for dept in org
            for k in dept.kpis
        ),
    )
    _write_csv(
        folder / STRATEGY_FILE,
        ("id", "goal", "department", "objective", "actions", "owner_schedule", "metrics"),
        (row for dept in org for row in dept.objectives),
    )
    _write_csv(
        folder / STRATEGY_SDG_FILE,
        ("goal", "department", "sdg"),
        (row for dept in org for row in dept.sdgs),
    )
    _write_csv(
        folder / INVESTMENTS_FILE,
        PROJECT_COLUMNS,
        (row for dept in org for row in project_rows(seed, dept.index, dept.centre.code)),
    )


def _centre_rows(org: list[Department]) -> Iterator[tuple[str, str, str, str]]:
    yield ROOT_CODE, "", CITY, ""
    for dept in org:
        for c in (dept.centre, *dept.areas):
            yield c.code, c.parent, c.name, c.responsible


def _central_rows(org: list[Department], rng: random.Random) -> list[tuple[str, ...]]:
    """Tax revenue and state grants roughly cover the departments' net costs, as in a city."""
    margin = -sum(b.ta_amended for dept in org for b in dept.budgets)
    items = (
        ("Verotulot", "vuosikate", 0.78),
        ("Valtionosuudet", "vuosikate", 0.30),
        ("Rahoitustuotot ja -kulut", "vuosikate", 0.01),
        ("Poistot ja arvonalentumiset", "tulos", -0.06),
        ("Satunnaiset tuotot ja kulut", "tulos", 0.0),
        ("Varausten ja rahastojen muutos", "ylijaama", 0.002),
    )
    rows = []
    for item, section, share in items:
        ta = round(margin * share, -3)
        tp_prev = round(ta * rng.uniform(0.9, 1.1), -3)
        actual = round(ta * rng.uniform(0.45, 0.55), -3)
        forecast = round(ta * rng.uniform(0.97, 1.04), -3)
        rows.append((item, section, *(csv_amount(v) for v in (tp_prev, ta, ta, actual, forecast))))
    return rows
