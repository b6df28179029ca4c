"""A material forecast overrun of a department needs its explanation."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Rule
from ..i18n.message import Amount, msg
from ..i18n.terms import line_msg
from ..model import Column, Line
from .common import (
    Consolidation,
    W,
    explained,
    explanation_remedy,
    finding,
    leading_area,
    source_name,
)


def overrun_rules(c: Consolidation, empty: set[str]) -> Iterator[Finding]:
    """A material forecast overrun needs an explanation from its department: the finding names
    the result area that overruns most and the cell to write the explanation in."""
    m = c.master
    for d in m.departments:
        if d.code not in c.submitted_departments or d.code in empty:
            continue
        budget = c.amount(d.code, Line.MARGIN, Column.TA_AMENDED)
        forecast = c.amount(d.code, Line.MARGIN, Column.FORECAST)
        overrun = budget - forecast
        if overrun >= m.settings.materiality and not explained(c, d.code):

            def area_overrun(code: str) -> float:
                return max(
                    0.0,
                    c.amount(code, Line.MARGIN, Column.TA_AMENDED)
                    - c.amount(code, Line.MARGIN, Column.FORECAST),
                )

            target, remedy = explanation_remedy(c, d.code)
            yield finding(
                Rule.UNEXPLAINED_OVERRUN,
                W,
                msg(
                    "forecast {margin} {forecast} overruns the revised budget {budget} by "
                    "{overrun}{area}, with no explanation; {remedy}",
                    margin=line_msg(Line.MARGIN),
                    forecast=Amount(forecast),
                    budget=Amount(budget),
                    overrun=Amount(overrun),
                    area=leading_area(c, d.code, area_overrun),
                    remedy=remedy,
                ),
                at=target,
                file=source_name(c, d.code),
                code=d.code,
                submitted=forecast,
                expected=budget,
            )
