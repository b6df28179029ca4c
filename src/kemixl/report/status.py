"""The finance sheets' status column ("Tila"): words from formulas, colours from rules.

Two flags, each a formula of its own row's cells, so they follow any edit of the figures:

- YLITYS (overrun) on a TOIMINTAKATE row: the forecast (TP-ENNUSTE) margin is below the
  amended budget's margin, compared in cents. Red.
- NOPEA TAHTI (fast pace) on a TOIMINTAKULUT row: its Toteuma-% (actual / amended budget,
  in whole percents as shown) is above the share of the year elapsed plus the pace margin
  (6/12 + 0.05 = 55 % at mid-year): costs are being spent faster than the year passes.
  Amber.

The words are the run's (i18n.terms.OVERRUN / PACE: ÖVERSKRIDNING, SNABB TAKT in Swedish; both
languages in a bilingual run), written into the formulas and cached as they are.
A row's word is IF(test1,"YLITYS",IF(test2,"NOPEA TAHTI","–")): where several tests could hold
on one row, the first (the overrun) wins; a row with no flag shows an en dash, "–", a visible
neutral value (an empty text result would be cached as an empty, typeless value that readers
such as openpyxl report as no value at all). The words are there for black-and-white printing and
colour-blind readers; the fill comes from conditional formats whose rules are the very same
tests, pinned to the row ($G$8), so colours follow edits too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..formulas import Compare, Cond, Const, Ref, Round, first_of
from ..i18n import N_, label, ngettext, terms
from ..model import Master
from . import shapes
from .sheet import Sheet

OVERRUN = terms.OVERRUN  # the message ids; overrun_word() / pace_word() are the run's words
PACE = terms.PACE
NEUTRAL = "–"  # en dash: checked, nothing to flag
STATUS_WORDS = (OVERRUN, PACE)


def overrun_word() -> str:
    """YLITYS / ÖVERSKRIDNING / OVERSPEND (both in a bilingual run)."""
    return label(OVERRUN)


def pace_word() -> str:
    """NOPEA TAHTI / SNABB TAKT / FAST PACE (both in a bilingual run)."""
    return label(PACE)


# TRANSLATORS: in the status column and the change columns of a department that has not returned
# its workbook: its figures are the previous report's forecast or blank, never zeros.
NOT_RETURNED = N_("not returned")


def not_returned_word() -> str:
    """ei palautettu / inte inlämnad / not returned (both in a bilingual run)."""
    return label(NOT_RETURNED)


def status_title() -> str:
    """The status column's title (Tila)."""
    return label(terms.STATUS)


@dataclass(frozen=True)
class StatusRules:
    """The pace threshold: elapsed share of the year plus the pace margin (0.55 at mid-year)."""

    elapsed_share: float
    pace_margin: float

    @classmethod
    def of(cls, master: Master) -> StatusRules:
        return cls(master.period.elapsed_share, master.settings.pace_margin)

    @property
    def pace_threshold(self) -> float:
        return round(self.elapsed_share + self.pace_margin, 6)

    def legend(self) -> str:
        share = round(self.elapsed_share * 100)
        limit = round(self.pace_threshold * 100)
        points = limit - share
        # (a no-break space after the lone dash: no line break there)
        return ngettext(
            "Status: {overrun} = the forecast outturn's operating margin falls below the "
            "revised budget (red). {pace} = the operating expenses' actual % is over {limit} % "
            "(share of the year elapsed {share} % + {points} percentage point; amber). "
            "{neutral}\u00a0= nothing to remark.",
            "Status: {overrun} = the forecast outturn's operating margin falls below the "
            "revised budget (red). {pace} = the operating expenses' actual % is over {limit} % "
            "(share of the year elapsed {share} % + {points} percentage points; amber). "
            "{neutral}\u00a0= nothing to remark.",
            points,
        ).format(
            overrun=overrun_word(),
            pace=pace_word(),
            limit=limit,
            share=share,
            points=points,
            neutral=NEUTRAL,
        )


def overrun(forecast: Ref, budget: Ref) -> Cond:
    """The forecast margin below the amended budget's margin, in cents."""
    return Compare(Round(forecast, 2), "<", Round(budget, 2))


def pace(pct: Ref, rules: StatusRules) -> Cond:
    """Toteuma-% (as shown, whole percents) above the elapsed share plus the margin."""
    return Compare(Round(pct, 2), ">", Const(rules.pace_threshold))


def write_status(
    sheet: Sheet,
    row: int,
    col: int,
    cases: list[tuple[Cond, str]],
    first_col: int = 0,
    fmt: str = "status",
) -> str:
    """The row's status formula (in the cell format `fmt`), and one conditional format per
    case over the whole row. A case's word is OVERRUN or PACE (its message id), written in
    the run's words."""
    words = {OVERRUN: overrun_word(), PACE: pace_word()}
    colours = {OVERRUN: "cf_overrun", PACE: "cf_pace"}
    flags = [(test, words[name], colours[name]) for test, name in cases]
    return write_flags(sheet, row, col, flags, NEUTRAL, first_col, fmt)


def write_flags(
    sheet: Sheet,
    row: int,
    col: int,
    cases: Sequence[tuple[Cond, str, str | None]],
    otherwise: str,
    first_col: int = 0,
    fmt: str = "status",
) -> str:
    """A status formula choosing the word of the first case that holds (else `otherwise`),
    and for each case with a colour (a cf_ format's name) a conditional format of the same
    test over the row's columns first_col..col."""
    word = sheet.text_formula(row, col, first_of([(t, w) for t, w, _f in cases], otherwise), fmt)
    for test, _word, colour in cases:
        if colour is not None:
            _colour(sheet, row, first_col, col, "=" + test.render(sheet.name, pinned=True), colour)
    return word


def _colour(sheet: Sheet, row: int, first_col: int, col: int, criteria: str, colour: str) -> None:
    """The row's columns first_col..col in the cf_ format `colour` where `criteria` holds."""
    sheet.ws.conditional_format(
        row,
        first_col,
        row,
        col,
        {
            "type": "formula",
            "criteria": criteria,
            "format": sheet.fmt[colour],
            "stop_if_true": True,
        },
    )


def write_pace(sheet: Sheet, row: int, col: int, pct: Ref, rules: StatusRules) -> str:
    """write_status(sheet, row, col, [(pace(pct, rules), PACE)]), its formula spelt at once
    (shapes.py) where the Toteuma-% is a cell of this sheet."""
    if not shapes.local(sheet.name, pct):
        return write_status(sheet, row, col, [(pace(pct, rules), PACE)])
    formula, word, criteria = shapes.pace_flag(pct, rules.pace_threshold, pace_word(), NEUTRAL)
    sheet.shaped_text(row, col, formula, word, "status")
    _colour(sheet, row, 0, col, criteria, "cf_pace")
    return word


def write_overrun(sheet: Sheet, row: int, col: int, forecast: Ref, budget: Ref) -> str:
    """write_status(sheet, row, col, [(overrun(forecast, budget), OVERRUN)]), its formula
    spelt at once where both are cells of this sheet."""
    if not shapes.local(sheet.name, forecast, budget):
        return write_status(sheet, row, col, [(overrun(forecast, budget), OVERRUN)])
    formula, word, criteria = shapes.overrun_flag(forecast, budget, overrun_word(), NEUTRAL)
    sheet.shaped_text(row, col, formula, word, "status")
    _colour(sheet, row, 0, col, criteria, "cf_overrun")
    return word
