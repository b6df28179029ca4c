"""The synthetic organisation's investment part: each department's projects (investments.csv)
and, per period, what the department answers for them (figures, status, explanation).

Two to five projects per department in one or two groups; large ones bound by themselves, the
rest by their group; some with state aid. Each project has a year-end outcome of its own: most
near the budget, some over it (explained), some moved to next year (most of the appropriation
left unspent); actuals follow the elapsed year but never pass the forecast.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from ..master.investments import COLUMNS as INVESTMENT_FILE_COLUMNS
from ..model import EXPENDITURE, INCOME, Column, Line, Master, Project
from ..numbers import csv_amount

GROUPS = {
    "Talonrakennus": ("Koulun peruskorjaus", "Päiväkodin rakentaminen", "Kirjaston korjaus"),
    "Kadut ja liikenneväylät": ("Katujen peruskorjaukset", "Kevyen liikenteen väylät"),
    "Kunnallistekniikka": ("Vesihuollon saneeraus", "Teollisuusalueen infrastruktuuri"),
    "Liikuntapaikat": ("Liikuntapaikkojen kunnostus", "Uimahallin peruskorjaus"),
    "Irtain omaisuus": ("Kaluston uusiminen", "Ajoneuvojen hankinta"),
    "ICT-hankkeet": ("Tietojärjestelmien uusiminen", "Sähköisen asioinnin kehittäminen"),
    "Viheralueet": ("Puistot ja leikkipaikat", "Ulkoilureittien kunnostus"),
}
COLUMNS = tuple(c for c in INVESTMENT_FILE_COLUMNS if c != "tp_prev_income")
OVERRUN_SHARE, NEXT_YEAR_SHARE = 0.12, 0.1
OVERRUN_TEXT = (
    "Urakan kustannukset ylittävät kustannusarvion noin {amount} eurolla; ylitykseen haetaan "
    "talousarviomuutosta."
)
NEXT_YEAR_TEXT = "Toteutus alkaa loppuvuodesta; pääosa määrärahasta siirtyy seuraavalle vuodelle."


def _rng(seed: int, *parts: object) -> random.Random:
    return random.Random("/".join(map(str, ("kemixl-synth-investments", seed, *parts))))


def project_rows(seed: int, d: int, department: str) -> list[tuple[str, ...]]:
    """A department's rows of investments.csv (amounts in euros: expenditure negative)."""
    rng = _rng(seed, d)
    groups = rng.sample(sorted(GROUPS), 2)
    rows: list[tuple[str, ...]] = []
    for i in range(1, rng.randint(2, 5) + 1):
        group = groups[i % 2 if i > 2 else 0]
        name = rng.choice(GROUPS[group])
        ta = -float(round(rng.uniform(50_000, 3_000_000), -3))
        income = float(round(-ta * rng.uniform(0.1, 0.35), -3)) if rng.random() < 0.35 else 0.0
        tp_prev = float(round(ta * rng.uniform(0.1, 0.6), -3)) if rng.random() < 0.4 else 0.0
        binding = "project" if ta < -1_500_000 or rng.random() < 0.15 else "group"
        rows.append(
            (
                f"I{d:03d}{i:02d}",
                f"{name} {i}",
                department,
                group,
                csv_amount(ta),
                csv_amount(income) if income else "",
                "",
                csv_amount(tp_prev) if tp_prev else "",
                binding,
            )
        )
    return rows


def project_answers(
    master: Master, seed: int, department: str
) -> Iterator[tuple[str, dict[object, object]]]:
    """Each of a department's projects' answers for the master's period: actuals and forecasts
    of its expenditure and income, its status (a key) and explanation."""
    p = master.period
    for project in master.investments.of_department(department):
        yield project.id, _answer(project, seed, p.last_month, master.settings.materiality)


def _answer(project: Project, seed: int, month: int, materiality: float) -> dict[object, object]:
    year = _rng(seed, project.id)
    fate = year.random()
    budget = project.amount(EXPENDITURE, Column.TA_AMENDED)
    income_budget = project.amount(INCOME, Column.TA_AMENDED)
    status, explanation = "Käynnissä", ""
    if fate < NEXT_YEAR_SHARE:
        share, status, explanation = year.uniform(0.15, 0.4), "Siirtyy", NEXT_YEAR_TEXT
    elif fate < NEXT_YEAR_SHARE + OVERRUN_SHARE:
        share = year.uniform(1.03, 1.12)
    else:  # within the budget, report after report
        share = year.uniform(0.94, 0.99)
    now = _rng(seed, project.id, month)
    forecast = float(round(budget * (share + now.uniform(-0.01, 0.01))))
    elapsed = month / 12
    actual = float(round(forecast * min(0.98, elapsed * now.uniform(0.5, 1.1))))
    income_forecast = income_budget
    income_actual = float(round(income_budget * min(1.0, elapsed * now.uniform(0.0, 1.2))))
    overrun = (budget + income_budget) - (forecast + income_forecast)
    if overrun >= materiality:
        explanation = OVERRUN_TEXT.format(amount=f"{round(overrun, -3):,.0f}".replace(",", " "))
    if month == 12 and status == "Käynnissä":
        status, actual = "Valmistunut", forecast
    return {
        (EXPENDITURE, Column.ACTUAL): actual,
        (INCOME, Column.ACTUAL): income_actual,
        (EXPENDITURE, Column.FORECAST): forecast,
        (INCOME, Column.FORECAST): income_forecast,
        "status": status,
        "explanation": explanation,
    }


def project_actuals(master: Master, seed: int) -> dict[tuple[str, Line], float]:
    """Every project's actuals of the period, for the ledger export."""
    out: dict[tuple[str, Line], float] = {}
    for d in master.departments:
        for pid, answer in project_answers(master, seed, d.code):
            for flow in (EXPENDITURE, INCOME):
                value = answer[(flow, Column.ACTUAL)]
                if isinstance(value, float) and value:
                    out[(pid, flow)] = value
    return out
