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

from ..formulas import Const, Ref, Text, string_literal
from ..i18n import N_, _, label
from ..model import Period
from .checks import LAST_HELPER

# Right of the live checks' Tarkistus column (H) and their hidden helper columns: on screen and
# on paper the previous forecast stands next to the checks, two columns from the forecast input.
PREVIOUS_COL = LAST_HELPER + 1
# {sheet}: the explanations sheet's name.
DRIFT_HINT = N_(
    "The forecast has changed materially since the previous report: explain the change ({sheet})"
)


def previous_title(period: Period) -> str:
    """Not a title the reader takes for a figure column (in no language does it start as a
    forecast's or an accounts' title does)."""
    return label("Previous forecast {months}", months=period.months)


@dataclass(frozen=True)
class DriftReminder(Text):
    """IF(AND(F<>0,ABS(F-P)>=M,none(E1),none(E2)),"hint","") for the forecast cell F, the
    previous forecast P, the materiality M and the explanation cells E1, E2, where none(E) is
    LEN(E)=0, or, for a cell that starts from the previous report's text behind its mark K
    (kemixl.carry), OR(LEN(E)=0,LEFT(E,len(K))=K): a text still marked is the previous
    report's, not an explanation of this one (as the forecast-drift rule counts it)."""

    forecast: Ref
    previous: float
    materiality: float
    explanations: tuple[Ref, Ref]  # their cached values are unused: the cells hold text
    marks: tuple[str, str] = ("", "")  # each cell's carried mark ("" where none)
    texts: tuple[str, str] = ("", "")  # what the cells hold (a filled template's texts)

    def render(self, sheet: str, pinned: bool = False) -> str:
        f = self.forecast.render(sheet, pinned)
        number = Const(self.previous).render(sheet)
        limit = Const(self.materiality).render(sheet)
        none = []
        for cell, mark in zip(self.explanations, self.marks, strict=True):
            e = cell.render(sheet, pinned)
            if mark:
                none.append(f"OR(LEN({e})=0,LEFT({e},{len(mark)})={string_literal(mark)})")
            else:
                none.append(f"LEN({e})=0")
        test = f"AND({f}<>0,ABS({f}-({number}))>={limit},{','.join(none)})"
        return f'IF({test},{string_literal(self.hint())},"")'

    def hint(self) -> str:
        """The reminder's text, in the run's language, naming the explanations sheet."""
        return _(DRIFT_HINT).format(sheet=self.explanations[0].sheet)

    def value(self) -> str:
        f = self.forecast.value()
        moved = f != 0 and abs(f - self.previous) >= self.materiality
        unexplained = all(
            not text or (mark and text[: len(mark)].casefold() == mark.casefold())
            for text, mark in zip(self.texts, self.marks, strict=True)
        )
        return self.hint() if moved and unexplained else ""
