"""A material forecast overrun of a department needs its explanation."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Rule
from ..i18n.message import Amount, Msg, msg
from ..i18n.terms import EXPLANATION, SHEET_EXPLANATIONS, line_msg
from ..model import Column, Line
from .common import (
    Consolidation,
    W,
    explained,
    finding,
    source_name,
)


def overrun_rules(c: Consolidation, empty: set[str]) -> Iterator[Finding]:
    """A material forecast overrun needs an explanation from its department."""
    m = c.master
    for d in m.departments:
        if d.code not in c.submitted_departments or d.code in empty:
            continue
        budget = c.amount(d.code, Line.MARGIN, Column.TA_AMENDED)
        forecast = c.amount(d.code, Line.MARGIN, Column.FORECAST)
        overrun = budget - forecast
        if overrun >= m.settings.materiality and not explained(c, d.code):
            file = source_name(c, d.code)
            yield finding(
                Rule.UNEXPLAINED_OVERRUN,
                W,
                msg(
                    "forecast {margin} {forecast} overruns the revised budget {budget} by "
                    "{overrun} with no explanation; write one (template sheet {sheet}, or under "
                    "the table after a line '{heading}…')",
                    margin=line_msg(Line.MARGIN),
                    forecast=Amount(forecast),
                    budget=Amount(budget),
                    overrun=Amount(overrun),
                    sheet=Msg(SHEET_EXPLANATIONS),
                    heading=Msg(EXPLANATION),
                ),
                file=file,
                code=d.code,
                submitted=forecast,
                expected=budget,
            )
