"""Finance's own central items (central.csv) left as the previous report had them.

A rollover copies central.csv as it stands: until finance types this period's tax revenue,
state grants and financial items, the income statement shows the previous report's figures
against this period's departments. An item whose actual (non-zero) is still exactly the one
the previous report printed (previous_report.csv) is `stale-central`, a warning naming the
file and the items.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Rule, joined
from ..i18n.message import Amount, Msg, msg
from ..master import CENTRAL_FILE
from ..model import Column, Master
from ..numbers import NotANumber, parse_number
from .common import W, finding


def _previous_actual(master: Master, item: str) -> float | None:
    text = master.previous_text("central_actual", item)
    if text is None:
        return None
    try:
        return parse_number(text.value)
    except NotANumber:
        return None


def central_rules(master: Master) -> Iterator[Finding]:
    """One warning listing the central items whose actual is the previous report's."""
    earlier = master.previous_period
    if earlier is None:
        return
    stale = [
        item
        for item in master.central
        if (before := _previous_actual(master, item.name)) is not None
        and item.amounts[Column.ACTUAL] != 0
        and abs(item.amounts[Column.ACTUAL] - before) < 0.5
    ]
    if not stale:
        return
    items = joined(
        Msg("{item} {amount}", (("item", i.name), ("amount", Amount(i.amounts[Column.ACTUAL]))))
        for i in stale
    )
    yield finding(
        Rule.STALE_CENTRAL,
        W,
        msg(
            "the actuals of {items} are still those of the report of {period}; update the "
            "actuals and forecasts of {file} for {now}",
            items=items,
            period=earlier.label,
            file=CENTRAL_FILE,
            now=master.period.label,
        ),
        file=CENTRAL_FILE,
    )
