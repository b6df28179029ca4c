"""A period's figures and texts for every department, its template written filled as a department
would return it."""

from __future__ import annotations

import random
from pathlib import Path

from .. import layout as T
from ..i18n import terms
from ..model import EXPENDITURE, INCOME, INPUT_LINES, Column, Line, Master
from ..templates.fill import Figures, ProjectInputs
from ..templates.writer import Filling, write_templates
from .projects import project_answers
from .vocabulary import REALIZATIONS, SAVINGS

CUMULATIVE = ", kpl"  # KPIs counted over the period (visits, applications), not levels


SILENT_SHARE = 0.3  # of departments, each period, that leave their explanation empty


def period_figures(master: Master, seed: int) -> Figures:
    """Every leaf line's actual and forecast for the master's period, from its amended budget.

    Each line has a year-end outcome of its own (near the budget; a few cost lines overrun),
    the same whatever the period; each period's forecast strays from it by up to 3 %, so
    forecasts move from report to report; actuals follow the elapsed share of the year.
    """
    p = master.period
    out: dict[tuple[str, Line], dict[Column, float]] = {}
    for leaf in master.leaves(master.root.code):
        for line in INPUT_LINES:
            budget = master.master_amount(leaf.code, line, Column.TA_AMENDED)
            if budget == 0:
                continue
            year = random.Random(f"kemixl-synth/{seed}/{leaf.code}/{line.value}")
            overrun = line is Line.COSTS and year.random() < 0.08
            outcome = year.uniform(1.03, 1.15) if overrun else year.uniform(0.97, 1.02)
            now = random.Random(f"kemixl-synth/{seed}/{leaf.code}/{line.value}/{p.last_month}")
            forecast = round(budget * (outcome + now.uniform(-0.03, 0.03)))
            actual = round(budget * outcome * p.elapsed_share * now.uniform(0.9, 1.08))
            out[(leaf.code, line)] = {
                Column.ACTUAL: float(actual),
                Column.FORECAST: float(forecast),
            }
    return out


def fill_submissions(
    master: Master,
    master_dir: Path,
    inputs: Path,
    seed: int,
    figures: Figures,
    ledger: Path | None = None,
) -> tuple[Path, ...]:
    """One filled template per department, as the department would return it: figures,
    explanations (some departments leave them empty), KPIs and strategy realizations. With a
    ledger the templates carry its actuals, locked, and the departments fill forecasts only.

    Each is its template written filled (templates.Filling), as a department's spreadsheet
    saves it: every formula with its value (filling a written template with openpyxl cost
    three times as much, and left the formulas without values)."""
    from ..ledger import load_ledger

    books = load_ledger(ledger, master) if ledger is not None else None
    typed = (
        {key: {Column.FORECAST: v[Column.FORECAST]} for key, v in figures.items()}
        if books is not None
        else figures
    )
    fillings = {}
    for d in master.departments:
        rng = random.Random(f"kemixl-synth/{seed}/{d.code}/{master.period.last_month}")
        fillings[d.code] = Filling(
            typed,
            _explanations(rng, master, d.code, figures),
            _kpi_values(rng, master, d.code),
            _realizations(rng, master, d.code),
            project_inputs(master, seed, d.code, books is not None),
        )
    inputs.mkdir(parents=True, exist_ok=True)
    written = write_templates(master, inputs, books, fillings)
    return tuple(r.path for r in written if r.path is not None)


def project_inputs(master: Master, seed: int, dept: str, ledger: bool = False) -> ProjectInputs:
    """The department's answers for its projects, the status in the template's words; with a
    ledger the actuals are the ledger's (locked), so only forecasts are typed."""
    out: dict[str, dict[object, object]] = {}
    for pid, answer in project_answers(master, seed, dept):
        typed = {k: v for k, v in answer.items() if not (ledger and k in _ACTUALS)}
        typed["status"] = terms.project_status_label(str(answer["status"]))
        out[pid] = typed
    return out


_ACTUALS = ((EXPENDITURE, Column.ACTUAL), (INCOME, Column.ACTUAL))


def _explanations(
    rng: random.Random, master: Master, dept: str, figures: Figures
) -> dict[str, str]:
    node = master.centre(dept)
    responsible = node.responsible if node is not None else ""
    if rng.random() < SILENT_SHARE:
        return {"responsible": responsible}
    leaves = [(leaf.code, line) for leaf in master.leaves(dept) for line in INPUT_LINES]
    amended = sum(master.master_amount(code, line, Column.TA_AMENDED) for code, line in leaves)
    forecast = sum(figures.get(key, {}).get(Column.FORECAST, 0.0) for key in leaves)
    gap = forecast - amended
    if gap < 0:
        explanation = (
            "Toimialan toimintakatteen ennustetaan ylittävän muutetun talousarvion noin "
            f"{_thousands(-gap)} eurolla. Ylitys johtuu palvelujen kysynnän kasvusta ja "
            "kustannustason noususta. Ylitystä hillitään hankintojen ja rekrytointien "
            "harkinnalla."
        )
    else:
        explanation = (
            "Talousarvio toteutuu suunnitellusti; toimintakatteen ennustetaan alittavan "
            f"muutetun talousarvion noin {_thousands(gap)} eurolla."
        )
    return {"responsible": responsible, "explanation": explanation, "savings": rng.choice(SAVINGS)}


def _thousands(value: float) -> str:
    """1 234 567, as Finnish text writes euros (with non-breaking spaces)."""
    return f"{value:,.0f}".replace(",", "\u00a0")


def _kpi_values(rng: random.Random, master: Master, dept: str) -> dict[str, tuple[object, object]]:
    values: dict[str, tuple[object, object]] = {}
    for k in master.kpis:
        if k.code != dept and master.department_of(k.code) != dept:
            continue
        if not isinstance(k.ta, float):
            values[k.id] = (f"{rng.randint(1, 6)} hanketta käynnissä", k.ta)
            continue
        if k.name.endswith(CUMULATIVE):
            share = master.period.elapsed_share * rng.uniform(0.85, 1.12)
        else:
            share = rng.uniform(0.95, 1.03)
        digits = 0 if k.ta == int(k.ta) else 1
        values[k.id] = (
            round(k.ta * share, digits),
            round(k.ta * rng.uniform(0.95, 1.05), digits),
        )
    return values


def _realizations(rng: random.Random, master: Master, dept: str) -> dict[str, tuple[str, str]]:
    return {
        o.id: (rng.choice(T.STATUSES), rng.choice(REALIZATIONS))
        for o in master.objectives
        if o.department == dept
    }
