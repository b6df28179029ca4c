"""Dates as finance writes them in master data (2023-08-15 or 15.8.2023), and as kemixl shows
them in the run's language."""

from __future__ import annotations

import datetime as dt
import re

from .i18n import format_date
from .model import Period

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_FINNISH = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def parse_date(text: str) -> dt.date | None:
    """2023-03-20 or 20.3.2023; None for anything else."""
    text = text.strip()
    if m := _ISO.match(text):
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif m := _FINNISH.match(text):
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        return None
    try:
        return dt.date(y, mo, d)
    except ValueError:
        return None


def deadline_date(text: str) -> str:
    """master.toml's deadline (2023-08-15 or 15.8.2023) as the run's language writes it
    (15.8.2023 in Finnish); other text as is."""
    day = parse_date(text)
    return format_date(day) if day is not None else text


def early_deadline(text: str, period: Period) -> dt.date | None:
    """master.toml's deadline when it falls before the period's end (the departments cannot
    report a period that has not ended): a setting a rollover left stale. None otherwise."""
    day = parse_date(text)
    return day if day is not None and day < period.end else None
