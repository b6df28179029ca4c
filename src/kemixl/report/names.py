"""The consolidated workbook's fixed sheets: their names in the run's language."""

from __future__ import annotations

from ..i18n import N_, terms

# Message ids; sheet_title() gives the run's names.
# TRANSLATORS: sheet names, at most 31 characters; Swedish "Resultaträkning" as Helsingfors
# and Vasa bokslut print it; toimialat = sektorer (Vasa, Borgå), divisions (Helsinki);
# havainnot = iakttagelser (the auditors' word).
CONTENTS = N_("Table of contents")
SUMMARY = N_("Income statement")
DEPARTMENTS = N_("Departments")
KPIS = terms.SHEET_KPIS
INVESTMENTS = terms.SHEET_INVESTMENTS
STRATEGY = terms.SHEET_STRATEGY
FINDINGS = N_("Findings")
SOURCES = N_("Sources")
# TRANSLATORS: later reports of the year: how the forecast moved, the budget amendments.
TREND = N_("Forecast trend")
AMENDMENTS = N_("Budget amendments")
# TRANSLATORS: sitovat määrärahat = bindande anslag; talousarviomuutosesitys = förslag till
# budgetändring.
BINDING = N_("Binding appropriations")
PROPOSAL = N_("Draft budget amendment")
# One rule for every sheet kemixl names (the templates' too): terms.sheet_title.
SHEET_NAME_MOST, BAD, sheet_title = terms.SHEET_NAME_MOST, terms.BAD, terms.sheet_title
