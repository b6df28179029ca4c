"""How the forecast moved since the previous report of the year.

A department whose year-end forecast of TOIMINTAKATE moved by at least the materiality since
the previous report (previous.csv) owes the council an explanation: without one, the change is
a `forecast-drift` warning.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Rule, Severity
from ..model import Column, Line
from ..numbers import euros
from .core import Consolidation, _finding


def drift_rules(c: Consolidation, empty: set[str]) -> Iterator[Finding]:
    m = c.master
    periods = m.previous_periods
    if not periods:
        return
    earlier = periods[-1]
    for d in m.departments:
        if d.code not in c.submitted_departments or d.code in empty:
            continue
        before = m.previous_amount(earlier, d.code, Line.MARGIN, Column.FORECAST)
        now = c.amount(d.code, Line.MARGIN, Column.FORECAST)
        change = round(now - before, 2)
        expl = c.explanations.get(d.code)
        if abs(change) < m.settings.materiality or (expl is not None and not expl.empty):
            continue
        file = next((s.name for s, dept in c.sources if dept == d.code), "")
        yield _finding(
            Rule.FORECAST_DRIFT,
            Severity.WARNING,
            f"forecast TOIMINTAKATE moved from {euros(before)} ({earlier.label}) to {euros(now)}, "
            f"by {euros(change)}, with no explanation; explain the change (template sheet "
            "Perustelut, or under the table after a line 'Talousarvion toteutuminen…')",
            file=file,
            code=d.code,
            submitted=now,
            expected=before,
            line=Line.MARGIN,
            column=Column.FORECAST,
        )
