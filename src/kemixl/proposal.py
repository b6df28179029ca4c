"""The draft budget amendment (talousarviomuutosesitys): what the council would decide so that
no binding appropriation is exceeded, for finance to edit.

Each binding row forecast on the unfavourable side (kemixl.binding, reconcile.binding_overruns)
gives a `DraftRow`: the amount that covers the forecast, rounded up to `[budget] round_to`, and
the new amended budget (the current one minus that amount: an appropriation grows, an income
estimate shrinks; costs are negative). Other sources of rows (investment projects) give rows of
the same record.

`amendment_lines` turns the rows into amendments.csv's rows, which name a result area and its
TOIMINTATUOTOT or TOIMINTAKULUT line: a unit's amount is shared among the lines of its result
areas that fall short of their own amended budget, in proportion to how far each does, in
multiples of round_to, so the rows add up to the unit's amount exactly. `write_proposal` writes
them in amendments.csv's format with the date and the decision left blank: after the council
decides, finance fills both in and adds the rows to the next period's amendments.csv.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .binding import Kind, cover
from .master.year import AMENDMENT_COLUMNS
from .model import Column, Line
from .reconcile import Consolidation, binding_overruns
from .xlsx.safe import atomic_path, write_file


@dataclass(frozen=True)
class DraftRow:
    """One amendment of the draft: a binding unit (a cost centre's code) and what of it binds,
    its current amended budget and forecast, the amount that covers the forecast (positive,
    rounded up), the new amended budget (current − amount) and its department's explanation."""

    unit: str
    kind: Kind
    current: float
    forecast: float
    amount: float
    new: float
    explanation: str = ""


def draft_rows(c: Consolidation) -> tuple[DraftRow, ...]:
    """The draft's rows from the binding appropriations forecast to be exceeded."""
    step = c.master.settings.budget.round_to
    rows = []
    for s in binding_overruns(c):
        amount = cover(s.gap, step)
        department = c.master.department_of(s.unit.code) or s.unit.code
        told = c.explanations.get(department)
        rows.append(
            DraftRow(
                s.unit.code,
                s.unit.kind,
                s.budget,
                s.forecast,
                amount,
                round(s.budget - amount, 2),
                told.explanation.strip() if told else "",
            )
        )
    return tuple(rows)


LINES = {
    Kind.NET: (Line.INCOME, Line.COSTS),
    Kind.INCOME: (Line.INCOME,),
    Kind.COSTS: (Line.COSTS,),
}


@dataclass(frozen=True)
class AmendmentLine:
    """A row of amendments.csv: a result area's line changed by `amount` (negative: an
    appropriation grows, a revenue estimate shrinks)."""

    code: str
    line: Line
    amount: float


def split(total: float, step: float, weights: Sequence[float]) -> list[float]:
    """`total` (a multiple of `step`) shared in multiples of `step` in proportion to the
    weights, largest remainders first (ties to the earlier), so the parts add up exactly."""
    count = round(total / step)
    whole = sum(weights)
    if count <= 0 or whole <= 0:
        return [0.0 for _ in weights]
    exact = [count * w / whole for w in weights]
    parts = [math.floor(x + 1e-9) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (parts[i] - exact[i], i))
    for i in order[: count - sum(parts)]:
        parts[i] += 1
    return [round(p * step, 2) for p in parts]


def amendment_lines(c: Consolidation, rows: Sequence[DraftRow]) -> list[AmendmentLine]:
    """amendments.csv's rows for the draft's rows of cost centres (module doc)."""
    master, step = c.master, c.master.settings.budget.round_to
    out: list[AmendmentLine] = []
    for row in rows:
        if row.kind not in LINES or master.centre(row.unit) is None:
            continue  # not a cost centre's appropriation: another file's business
        places = [(leaf.code, line) for leaf in master.leaves(row.unit) for line in LINES[row.kind]]
        short = [
            max(
                0.0, c.amount(code, line, Column.TA_AMENDED) - c.amount(code, line, Column.FORECAST)
            )
            for code, line in places
        ]
        for (code, line), part in zip(places, split(row.amount, step, short), strict=True):
            if part:
                out.append(AmendmentLine(code, line, -part))
    return out


def _number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.2f}"


def proposal_csv(lines: Sequence[AmendmentLine]) -> str:
    """amendments.csv's text (UTF-8, comma-separated), the date and decision left blank."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(AMENDMENT_COLUMNS)
    for a in lines:
        writer.writerow(("", "", a.code, a.line.value, _number(a.amount)))
    return out.getvalue()


def write_proposal(path: Path, lines: Sequence[AmendmentLine]) -> None:
    """The rows written atomically (never half a file); OSError if they cannot be."""
    with atomic_path(path) as tmp:
        write_file(tmp, proposal_csv(lines).encode("utf-8"))
