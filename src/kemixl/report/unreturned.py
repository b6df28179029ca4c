"""What the report says about departments that have not returned their workbook.

Their figures never read as zeros: the report shows the previous report's forecast where there
is one (labelled, see finance.Absent) and leaves an unknown actual blank. These notes say so in
words beside the totals that include or leave out their figures (the departments table, the
income statement, the trend) and on their own department sheets.
"""

from __future__ import annotations

from ..i18n import _, ngettext, terms
from ..reconcile import Consolidation


def _forecast(c: Consolidation, n: int) -> str:
    earlier = c.master.previous_period
    if earlier is not None:
        return ngettext(
            "Its forecast outturn in the city's total is the previous report's ({months}).",
            "Their forecast outturn in the city's total is the previous report's ({months}).",
            n,
        ).format(months=earlier.months)
    return ngettext(
        "The city's forecast outturn does not include it: it is not known.",
        "The city's forecast outturn does not include them: they are not known.",
        n,
    )


def _actual(c: Consolidation, n: int) -> str:
    if c.ledger is not None:
        return ngettext(
            "Its actuals come from the accounts.", "Their actuals come from the accounts.", n
        )
    return ngettext(
        "The city's actual does not include it: it is not known.",
        "The city's actual does not include them: they are not known.",
        n,
    )


def total_note(c: Consolidation) -> str:
    """Beside the city's totals: which departments have not returned and what the totals hold
    for them ('' when every department with a budget has returned)."""
    absent = [d for d in c.master.departments if d.code in c.unreturned]
    if not absent:
        return ""
    names = ", ".join(terms.centre_name(d) for d in absent)
    n = len(absent)
    head = _("Not returned: {names}.").format(names=names)
    return f"{head} {_forecast(c, n)} {_actual(c, n)}"


def department_note(c: Consolidation, code: str) -> str:
    """Under a department's own table when it has not returned ('' otherwise)."""
    node = c.master.centre(code)
    if code not in c.unreturned or node is None:
        return ""
    earlier = c.master.previous_period
    head = _("{name} has not returned its workbook.").format(name=terms.centre_name(node))
    if earlier is not None:
        forecast = _("The forecast outturn is the previous report's ({months}).").format(
            months=earlier.months
        )
    else:
        forecast = _("The forecast outturn is blank: it is not known.")
    if c.ledger is not None:
        actual = _("The actuals come from the accounts.")
    else:
        actual = _("The actuals are blank: they are not known.")
    return f"{head} {forecast} {actual}"
