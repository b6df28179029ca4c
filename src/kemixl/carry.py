"""Values carried from the previous report of the year into the next period's template.

A later period's template starts where the previous report left off: every explanation text,
strategy status and realization, and KPI value the previous report had (previous_report.csv)
stands in its input cell, editable, behind a grey mark naming that report: "1–6/2023: ". The
department changes what changed; where a carried value still holds, it deletes the mark to
confirm it. On return a value reads as

- untouched: it still carries the mark, so it stands as the previous report's, not confirmed
  (whether or not its text was edited behind the mark: the mark says whose it is);
- confirmed: the previous report's value, its mark deleted;
- changed: anything else, the department's own.

The mark is language-neutral (the report's months and year), so a template in any language is
read back by a run in any other. This module is the vocabulary the templates, the reconciler
and the report's data sheet share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from .model import Master, Period, PreviousText
from .numbers import NotANumber, parse_number

_MARK = re.compile(r"^\s*(\d{1,2})\s*[-–]\s*(\d{1,2})\s*/\s*(\d{4})\s*:\s?")


def mark(period: Period) -> str:
    """The grey mark in front of a carried value: '1–6/2023: '."""
    return f"{period.label}: "


class State(Enum):
    CHANGED = "changed"
    CONFIRMED = "confirmed"
    UNTOUCHED = "untouched"


@dataclass(frozen=True)
class Carried:
    """A returned value compared with what the previous report had."""

    state: State
    body: str  # the value without an earlier report's mark
    period: Period | None  # the report the mark names, when the value still carries one


def split_mark(text: str, master: Master) -> tuple[Period | None, str]:
    """(the earlier report of the year a value's mark names, the value without it); (None,
    text) when it carries no such mark."""
    m = _MARK.match(text)
    if m is None:
        return None, text
    period = Period(int(m.group(3)), int(m.group(1)), int(m.group(2)))
    if period not in master.previous_periods:
        return None, text
    return period, text[m.end() :]


def _same(a: str, b: str) -> bool:
    """Equal as the report shows them: texts after trimming, numbers as numbers
    ('1 665 558' and '1665558')."""
    a, b = a.strip(), b.strip()
    if a == b:
        return True
    try:
        return parse_number(a) == parse_number(b)
    except NotANumber:
        return False


def compare(value: object, previous: PreviousText | None, master: Master) -> Carried:
    """How a returned value stands to the previous report's (None: nothing was carried)."""
    text = "" if value is None else str(value)
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    period, body = split_mark(text, master)
    if previous is None or not previous.value.strip():
        return Carried(State.CHANGED, body, period)
    if period is not None:
        return Carried(State.UNTOUCHED, body, period)
    if _same(body, previous.value):
        return Carried(State.CONFIRMED, body, period)
    return Carried(State.CHANGED, body, period)


def marked(text: str, master: Master) -> bool:
    """Whether a returned text still carries an earlier report's mark: the previous report's
    words, not the department's for this period."""
    return split_mark(text, master)[0] is not None
