"""How the forecast moved since the previous report of the year.

A department whose year-end forecast of TOIMINTAKATE moved by at least the materiality since
the previous report (previous.csv) owes the council an explanation: without one, the change is
a `forecast-drift` warning.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Rule, Severity
from ..i18n.message import Amount, Msg, msg
from ..i18n.terms import EXPLANATION, SHEET_EXPLANATIONS, line_msg
from ..model import Column, Line
from .common import Consolidation, explained, finding, source_name


def drift_rules(c: Consolidation, empty: set[str]) -> Iterator[Finding]:
    m = c.master
    earlier = m.previous_period
    if earlier is None:
        return
    for d in m.departments:
        if d.code not in c.submitted_departments or d.code in empty:
            continue
        before = m.previous_amount(earlier, d.code, Line.MARGIN, Column.FORECAST)
        now = c.amount(d.code, Line.MARGIN, Column.FORECAST)
        change = round(now - before, 2)
        if abs(change) < m.settings.materiality or explained(c, d.code):
            continue
        file = source_name(c, d.code)
        yield finding(
            Rule.FORECAST_DRIFT,
            Severity.WARNING,
            msg(
                "forecast {margin} moved from {before} ({period}) to {now}, by {change}, with no "
                "explanation; explain the change (template sheet {sheet}, or under the table "
                "after a line '{heading}…')",
                margin=line_msg(Line.MARGIN),
                before=Amount(before),
                period=earlier.label,
                now=Amount(now),
                change=Amount(change),
                sheet=Msg(SHEET_EXPLANATIONS),
                heading=Msg(EXPLANATION),
            ),
            file=file,
            code=d.code,
            submitted=now,
            expected=before,
            line=Line.MARGIN,
            column=Column.FORECAST,
        )
