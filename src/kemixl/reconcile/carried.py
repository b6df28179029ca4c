"""Values a later period's template carried from the previous report and the department left
with their mark: nobody confirmed them (see kemixl.carry).

One warning per department names every such cell; the report shows the values with their mark
("1–6/2023: …"), so the council reads them as the previous report's.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..carry import State, compare, mark
from ..findings import Finding, Rule, Severity
from ..i18n.message import plural
from ..model import Origin
from .common import Consolidation, finding, source_name

SHOWN = 12  # cells named in the message; the finding's `cells` keeps them all


def untouched(c: Consolidation, dept: str) -> list[Origin]:
    """The cells of a department's returned values that are the previous report's, untouched."""
    m = c.master
    out: list[Origin] = []

    def check(value: object, kind: str, key: str, at: Origin | None) -> None:
        carried = compare(value, m.previous_text(kind, key), m)
        if carried.state is State.UNTOUCHED and at is not None and at not in out:
            out.append(at)

    e = c.explanations.get(dept)
    if e is not None:
        check(e.explanation, "explanation", dept, e.place("explanation"))
        check(e.savings, "savings", dept, e.place("savings"))
    for kpi in m.kpis:
        value = c.kpis.get(kpi.id)
        if value is not None and m.department_of(kpi.code) == dept:
            check(value.actual, "kpi_actual", kpi.id, value.origin)
            check(value.forecast, "kpi_forecast", kpi.id, value.origin)
    for objective in m.objectives:
        r = c.realizations.get(objective.id)
        if r is not None and objective.department == dept:
            check(r.text, "realization", objective.id, r.origin)
    return out


def carried_rules(c: Consolidation) -> Iterator[Finding]:
    earlier = c.master.previous_period
    if earlier is None or not c.master.previous_texts:
        return
    for d in c.master.departments:
        if d.code not in c.submitted_departments:
            continue
        cells = untouched(c, d.code)
        if not cells:
            continue
        places = [o.place for o in cells]
        shown = ", ".join(places[:SHOWN]) + (", …" if len(places) > SHOWN else "")
        yield finding(
            Rule.CARRIED_UNCONFIRMED,
            Severity.WARNING,
            plural(
                "{n} value still carries the mark of the report of {period}, not confirmed: "
                "{cells}; update it, or confirm it by deleting “{mark}” at its start",
                "{n} values still carry the mark of the report of {period}, not confirmed: "
                "{cells}; update them, or confirm those that still hold by deleting “{mark}” at "
                "their start",
                len(cells),
                period=earlier.label,
                cells=shown,
                mark=mark(earlier).strip(),
            ),
            at=cells[0],
            file=source_name(c, d.code),
            code=d.code,
            cells=tuple(places),
        )
