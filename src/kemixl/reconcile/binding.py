"""binding-overrun: a binding appropriation forecast to be exceeded (a binding revenue estimate
to fall short) needs a budget amendment decided by the council during the year (Local
Government Act 110 §). Which units bind, and which way is over, is kemixl.binding's."""

from __future__ import annotations

from collections.abc import Iterator

from ..binding import Kind, Standing, cover
from ..findings import Finding, Rule
from ..i18n.message import Amount, Msg, Plural, msg, plural
from ..i18n.terms import EXPLANATION, SHEET_EXPLANATIONS, line_msg
from ..model import Column
from .common import Consolidation, W, explained, finding, source_name
from .investments import unit_overruns


def binding_overruns(c: Consolidation, empty: set[str] | None = None) -> tuple[Standing, ...]:
    """The binding rows on the unfavourable side, of units whose department sent figures (an
    absent or empty submission is an error or a warning of its own; its zeros forecast
    nothing). `empty`: departments whose submission holds no figure (default: read from the
    findings)."""
    if empty is None:
        empty = {f.code for f in c.findings if f.rule is Rule.EMPTY_SUBMISSION}
    master = c.master
    out = []
    for s in c.standings():
        department = master.department_of(s.unit.code)
        if s.exceeded and department in c.submitted_departments and department not in empty:
            out.append(s)
    return tuple(out)


def binding_rules(c: Consolidation, empty: set[str]) -> Iterator[Finding]:
    """One warning per binding row forecast on the unfavourable side."""
    step = c.master.settings.budget.round_to
    for s in binding_overruns(c, empty):
        code = s.unit.code
        department = c.master.department_of(code) or code
        if explained(c, department):
            said = msg("its department has explained it")
        else:
            said = msg(
                "its department has not explained it (template sheet {sheet}, or under the "
                "table after a line '{heading}…')",
                sheet=Msg(SHEET_EXPLANATIONS),
                heading=Msg(EXPLANATION),
            )
        args = {
            "line": line_msg(s.unit.kind.line),
            "forecast": Amount(s.forecast),
            "budget": Amount(s.budget),
            "gap": Amount(s.gap),
            "explained": said,
            "amount": Amount(cover(s.gap, step)),
        }
        if s.unit.kind is Kind.INCOME:
            text = msg(
                "binding revenue estimate {line} is forecast to fall short by {gap} (revised "
                "budget {budget}, forecast {forecast}); {explained}; the draft budget amendment "
                "lowers the estimate by {amount}",
                **args,
            )
        else:
            text = msg(
                # "exceeded", not "the forecast exceeds": a net margin forecast below a
                # positive budget is numerically smaller, yet the appropriation is overrun.
                "binding appropriation {line} is forecast to be exceeded by {gap} (revised "
                "budget {budget}, forecast {forecast}); {explained}; the draft budget amendment "
                "adds {amount}",
                **args,
            )
        yield finding(
            Rule.BINDING_OVERRUN,
            W,
            text,
            file=source_name(c, department),
            code=code,
            submitted=s.forecast,
            expected=s.budget,
            line=s.unit.kind.line,
            column=Column.FORECAST,
        )


def overrun_summary(c: Consolidation) -> Plural:
    """The CLI's line: how many binding appropriations (the operating part's rows and the
    investment part's projects and groups) are forecast to be exceeded, and by how much in
    all. Revenue estimates falling short are counted apart (shortfall_summary)."""
    rows = [s for s in binding_overruns(c) if s.unit.kind is not Kind.INCOME]
    gaps = [s.gap for s in rows] + [s.overrun for s in unit_overruns(c)]
    return plural(
        "{n} binding appropriation forecast to be exceeded, by {total} euros in all",
        "{n} binding appropriations forecast to be exceeded, by {total} euros in all",
        len(gaps),
        total=Amount(round(sum(gaps), 2)),
    )


def shortfall_summary(c: Consolidation) -> Plural | None:
    """The CLI's line after it where binding revenue estimates (gross binding) are forecast
    to fall short: a shortfall is no appropriation exceeded, though the council decides on it
    alike; None when none does."""
    gaps = [s.gap for s in binding_overruns(c) if s.unit.kind is Kind.INCOME]
    if not gaps:
        return None
    return plural(
        "{n} binding revenue estimate forecast to fall short, by {total} euros in all",
        "{n} binding revenue estimates forecast to fall short, by {total} euros in all",
        len(gaps),
        total=Amount(round(sum(gaps), 2)),
    )
