"""The template's vocabulary: sheet names, statuses and titles that the template writer, the
submission reader, the reconciler and the report share (below all of them, above i18n).

The words are terms (i18n/terms.py), written in the run's language(s); the Finnish names below
are the default language's, which stamps without a finance_sheet record (and tests) mean."""

from __future__ import annotations

from dataclasses import dataclass

from .i18n import label, terms, using

TEMPLATE_VERSION = "1"
STAMP_SHEET = "kemixl"  # an identifier: the reader looks for it in any language
sheet_name = terms.sheet_title  # the report's rule: bilingual where both fit, else primary


@dataclass(frozen=True)
class SheetNames:
    instructions: str
    finance: str
    explanations: str
    kpis: str
    strategy: str
    investments: str


def sheet_names() -> SheetNames:
    """The template's visible sheets, named in the run's language."""
    return SheetNames(
        sheet_name(terms.SHEET_INSTRUCTIONS),
        sheet_name(terms.SHEET_FINANCE),
        sheet_name(terms.SHEET_EXPLANATIONS),
        sheet_name(terms.SHEET_KPIS),
        sheet_name(terms.SHEET_STRATEGY),
        sheet_name(terms.SHEET_INVESTMENTS),
    )


with using("fi"):
    _FINNISH = sheet_names()
    RESPONSIBLE_LABEL = label(terms.RESPONSIBLE)
    EXPLANATION_LABEL = label(terms.EXPLANATION)
    SAVINGS_LABEL = label(terms.SAVINGS)
INSTRUCTIONS_SHEET = _FINNISH.instructions
FINANCE_SHEET = _FINNISH.finance
EXPLANATIONS_SHEET = _FINNISH.explanations
KPI_SHEET = _FINNISH.kpis
STRATEGY_SHEET = _FINNISH.strategy

# Strategy statuses: the canonical keys kemixl stores and compares (terms.STATUS_WORDS).
NOT_REPORTED = "Ei raportoitu"
ALL_STATUSES = tuple(terms.STATUS_WORDS)
STATUSES = tuple(s for s in ALL_STATUSES if s != NOT_REPORTED)
SDG = "SDG"  # the UN's abbreviation, as every language writes it


def kpi_actual_title(first_month: int, last_month: int, year: int) -> str:
    """'TOTEUMA 1-6/2023' (the KPI sheet writes the months without leading zeros)."""
    months = f"{first_month}-{last_month}/{year}"
    return label(terms.KPI_ACTUAL, months=months)


def realization_title(first_month: int, last_month: int, year: int) -> str:
    months = f"{first_month}-{last_month}/{year}"
    return label(terms.REALIZATION, months=months)
