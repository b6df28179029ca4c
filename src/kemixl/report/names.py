"""The consolidated workbook's fixed sheets: their names in the run's language."""

from __future__ import annotations

import re

from ..i18n import N_, _, label, terms

# Message ids; sheet_title() gives the run's names.
# TRANSLATORS: sheet names, at most 31 characters; Swedish "Resultaträkning" as Helsingfors
# and Vasa bokslut print it; toimialat = sektorer (Vasa, Borgå), divisions (Helsinki);
# havainnot = iakttagelser (the auditors' word).
CONTENTS = N_("Table of contents")
SUMMARY = N_("Income statement")
DEPARTMENTS = N_("Departments")
KPIS = terms.SHEET_KPIS
STRATEGY = terms.SHEET_STRATEGY
FINDINGS = N_("Findings")
SOURCES = N_("Sources")
# TRANSLATORS: later reports of the year: how the forecast moved, the budget amendments.
TREND = N_("Forecast trend")
AMENDMENTS = N_("Budget amendments")
SHEET_NAME_MOST = 31  # characters: Excel's limit
BAD = re.compile(r"[\[\]:*?/\\]")  # characters a sheet name cannot hold


def sheet_title(message: str) -> str:
    """A fixed sheet's name in the run's language: both languages of a bilingual run where
    they fit a sheet name ("Sisällys – Innehåll"), else the primary language's."""
    both = label(message)
    return both if len(both) <= SHEET_NAME_MOST and not BAD.search(both) else _(message)
