"""Names and positions shared by the template writer and the template reader."""

from __future__ import annotations

TEMPLATE_VERSION = "1"

INSTRUCTIONS_SHEET = "Ohjeet"
FINANCE_SHEET = "Talous"
EXPLANATIONS_SHEET = "Perustelut"
KPI_SHEET = "Tunnusluvut"
STRATEGY_SHEET = "Strategia"
STAMP_SHEET = "kemixl"

STATUSES = ("Toteutunut", "Etenee", "Viivästynyt", "Ei käynnistynyt", "Jatkuva")
NOT_REPORTED = "Ei raportoitu"
ALL_STATUSES = (*STATUSES, NOT_REPORTED)

# Labels of the explanations sheet (column A); the answers go in column B.
RESPONSIBLE_LABEL = "Vastuuhenkilö"
EXPLANATION_LABEL = "Talousarvion toteutuminen ja yksilöidyt keinot siitä, miten mahdollinen talousarvion ylitys estetään"
SAVINGS_LABEL = "Talousohjelma ja säästötoimenpiteet"

# KPI and strategy sheets: column titles the reader looks for.
KPI_ID, KPI_CODE, KPI_GROUP, KPI_NAME = "Tunnus", "Kustannuspaikka", "Ryhmä", "Suorite"
STRATEGY_ID, GOAL, OBJECTIVE, ACTIONS = "Tunnus", "Strateginen päämäärä", "Tavoite", "Toimenpiteet"
OWNER, METRICS, SDG, STATUS = "Vastuu ja aikataulu", "Mittarit, arviointi", "SDG", "Tila"


def kpi_actual_title(first_month: int, last_month: int, year: int) -> str:
    return f"TOTEUMA {first_month}-{last_month}/{year}"


def realization_title(first_month: int, last_month: int, year: int) -> str:
    return f"Toteuma {first_month}-{last_month}/{year}"
