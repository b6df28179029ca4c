"""How the forecast moved since the previous report of the year.

A department whose year-end forecast of TOIMINTAKATE moved by at least the materiality since
the previous report (previous.csv) owes the council an explanation: without one, the change is
a `forecast-drift` warning, naming the result area that moved most and the cell to write in.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Rule, Severity
from ..i18n.message import Amount, msg
from ..i18n.terms import line_msg
from ..model import Column, Line
from .common import (
    Consolidation,
    explained,
    explanation_remedy,
    finding,
    leading_area,
    source_name,
)


def drift_rules(c: Consolidation, empty: set[str]) -> Iterator[Finding]:
    m = c.master
    earlier = m.previous_period
    if earlier is None:
        return

    def change_of(code: str) -> float:
        now = c.amount(code, Line.MARGIN, Column.FORECAST)
        return now - m.previous_amount(earlier, code, Line.MARGIN, Column.FORECAST)

    for d in m.departments:
        if d.code not in c.submitted_departments or d.code in empty:
            continue
        before = m.previous_amount(earlier, d.code, Line.MARGIN, Column.FORECAST)
        now = c.amount(d.code, Line.MARGIN, Column.FORECAST)
        change = round(now - before, 2)
        if abs(change) < m.settings.materiality or explained(c, d.code):
            continue
        target, remedy = explanation_remedy(c, d.code)
        yield finding(
            Rule.FORECAST_DRIFT,
            Severity.WARNING,
            msg(
                "forecast {margin} moved from {before} ({period}) to {now}, by {change}{area}, "
                "with no explanation; {remedy}",
                margin=line_msg(Line.MARGIN),
                before=Amount(before),
                period=earlier.label,
                now=Amount(now),
                change=Amount(change),
                area=leading_area(c, d.code, change_of),
                remedy=remedy,
            ),
            at=target,
            file=source_name(c, d.code),
            code=d.code,
            submitted=now,
            expected=before,
            line=Line.MARGIN,
            column=Column.FORECAST,
        )
