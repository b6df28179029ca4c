"""Templates of a later period: the previous report's forecast beside the forecast input (right
of the Tarkistus column), and a live reminder in the Tarkistus column to explain a forecast that
moved by the materiality or more.

The previous forecast is history (previous.csv): a locked number on every line of every block,
the totals rolled up as the report rolls them. The reminder stands on the department's own
TOIMINTAKATE row and is the `forecast-drift` rule computed in the sheet: it shows while the
department's forecast TOIMINTAKATE differs from the previous report's by at least the
materiality and both explanation cells of the Perustelut sheet are empty; it shows nothing
before any forecast is typed.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..formulas import Ref, Text, string_literal
from ..model import Column, Line, Master, Period
from .checks import LAST_HELPER

# Right of the live checks' Tarkistus column (H) and their hidden helper columns: on screen and
# on paper the previous forecast stands next to the checks, two columns from the forecast input.
PREVIOUS_COL = LAST_HELPER + 1
DRIFT_HINT = "Ennuste muuttunut olennaisesti edellisestä raportista: perustele muutos (Perustelut)"


def previous_period(master: Master) -> Period | None:
    periods = master.previous_periods
    return periods[-1] if periods else None


def previous_title(period: Period) -> str:
    """Not a title the reader takes for a figure column (it starts with neither TP nor
    ennuste)."""
    return f"Edellinen ennuste {period.months}"


def previous_forecast(master: Master, period: Period, code: str, line: Line) -> float:
    return master.previous_amount(period, code, line, Column.FORECAST)


@dataclass(frozen=True)
class DriftReminder(Text):
    """IF(AND(F<>0,ABS(F-P)>=M,LEN(E1)+LEN(E2)=0),"hint","") for the forecast cell F, the
    previous forecast P, the materiality M and the explanation cells E1, E2 (empty when the
    template is written)."""

    forecast: Ref
    previous: float
    materiality: float
    explanations: tuple[Ref, Ref]  # their cached values are unused: the cells hold text

    def render(self, sheet: str, pinned: bool = False) -> str:
        f = self.forecast.render(sheet, pinned)
        texts = "+".join(f"LEN({e.render(sheet, pinned)})" for e in self.explanations)
        number = (
            repr(self.previous)
            if not float(self.previous).is_integer()
            else str(int(self.previous))
        )
        limit = (
            str(int(self.materiality))
            if float(self.materiality).is_integer()
            else repr(self.materiality)
        )
        test = f"AND({f}<>0,ABS({f}-({number}))>={limit},{texts}=0)"
        return f'IF({test},{string_literal(DRIFT_HINT)},"")'

    def value(self) -> str:
        f = self.forecast.value()
        moved = f != 0 and abs(f - self.previous) >= self.materiality
        return DRIFT_HINT if moved else ""
