"""The synthetic organisation as records: departments, result areas, budgets, KPIs and
objectives, each from a random generator of its own (the same seed gives the same city)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Line
from .vocabulary import (
    AREA_NAMES,
    DEPARTMENT_NAMES,
    FIRST_NAMES,
    GOALS,
    LAST_NAMES,
    METRICS,
    OBJECTIVES,
    ROOT_CODE,
    YEAR,
)


@dataclass(frozen=True)
class Centre:
    """A row of costcentres.csv."""

    code: str
    parent: str
    name: str
    responsible: str


@dataclass(frozen=True)
class Budget:
    """One line of a result area: the master's figures (euros, costs negative)."""

    code: str
    line: Line
    tp_prev: float
    ta: float
    ta_amended: float


@dataclass(frozen=True)
class KpiSpec:
    id: str
    code: str
    group: str
    name: str
    tp_prev: float | str
    ta: float | str


@dataclass(frozen=True)
class Department:
    """Everything generated for one department, before anything is written."""

    index: int
    centre: Centre
    areas: tuple[Centre, ...]
    budgets: tuple[Budget, ...]
    kpis: tuple[KpiSpec, ...]
    objectives: tuple[tuple[str, ...], ...]  # rows of strategy.csv
    sdgs: tuple[tuple[str, ...], ...]  # rows of strategy_sdg.csv: one per goal of its objectives


def seeded_rng(seed: int, *indices: int) -> random.Random:
    """A generator of its own for each department (and result area): the same arguments give
    the same content, however many departments there are."""
    return random.Random("/".join(map(str, ("kemixl-synth", seed, *indices))))


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _numbered(names: Sequence[str], index: int) -> str:
    """The index-th name (1-based), numbered once the list has been used up."""
    base = names[(index - 1) % len(names)]
    round_ = (index - 1) // len(names) + 1
    return base if round_ == 1 else f"{base} {round_}"


def make_department(seed: int, d: int, areas: int) -> Department:
    rng = seeded_rng(seed, d)
    code = f"7{d:03d}0000"
    centre = Centre(code, ROOT_CODE, _numbered(DEPARTMENT_NAMES, d), _person(rng))
    units = tuple(_area(seed, d, a, code) for a in range(1, areas + 1))
    budgets = tuple(b for a in range(1, areas + 1) for b in _budgets(seed, d, a, units[a - 1]))
    kpis = _kpis(rng, d, centre, units)
    objectives = _objectives(rng, d)
    return Department(d, centre, units, budgets, kpis, objectives, _sdgs(rng, objectives))


def _area(seed: int, d: int, a: int, parent: str) -> Centre:
    rng = seeded_rng(seed, d, a)
    responsible = _person(rng) if rng.random() < 0.7 else ""
    return Centre(f"7{d:03d}{a:03d}0", parent, _numbered(AREA_NAMES, a), responsible)


def _budgets(seed: int, d: int, a: int, area: Centre) -> tuple[Budget, Budget]:
    rng = seeded_rng(seed, d, a, 0)
    costs = -float(round(rng.uniform(80_000, 6_000_000), -2))
    income = float(round(-costs * rng.uniform(0.03, 0.6), -2))
    return (
        _budget(rng, area.code, Line.INCOME, income, amend=False),
        _budget(rng, area.code, Line.COSTS, costs, amend=a == 1),
    )


def _budget(rng: random.Random, code: str, line: Line, ta: float, amend: bool) -> Budget:
    """Last year's actuals near the budget; a council decision amended some lines (always the
    first result area's costs, so every department has an amended line)."""
    tp_prev = float(round(ta * rng.uniform(0.85, 1.12)))
    amended = ta
    if rng.random() < 0.15 or amend:
        amended = float(round(ta * rng.uniform(1.01, 1.12), -2))
    return Budget(code, line, tp_prev, ta, amended)


def _kpis(
    rng: random.Random, d: int, dept: Centre, areas: tuple[Centre, ...]
) -> tuple[KpiSpec, ...]:
    """Staff numbers (levels), service volumes (counted over the period: named ', kpl') and a
    text KPI."""
    staff = float(rng.randint(20, 900))
    visits = float(rng.randint(2_000, 90_000))
    permits = float(rng.randint(50, 2_500))
    funding = f"{rng.randint(1, 6)} hanketta, ulkopuolinen rahoitus {rng.randint(20, 400)} 000 €"
    specs: tuple[tuple[str, str, str, float | str, float | str], ...] = (
        (dept.code, "Henkilöstö", "Vakituinen henkilökunta, hlö", _near(rng, staff), staff),
        (
            dept.code,
            "Henkilöstö",
            "Henkilötyövuodet, htv",
            round(staff * rng.uniform(0.8, 0.95), 1),
            round(staff * 0.9, 1),
        ),
        (areas[0].code, "Palvelut", "Asiakaskäynnit, kpl", _near(rng, visits), visits),
        (
            areas[-1].code,
            "Palvelut",
            "Käsitellyt hakemukset, kpl",
            _near(rng, permits),
            permits,
        ),
        (
            dept.code,
            "Kehittäminen",
            "Kehittämishankkeet",
            funding,
            f"{rng.randint(2, 8)} hanketta",
        ),
    )
    return tuple(KpiSpec(f"K{d:03d}{i}", *spec) for i, spec in enumerate(specs, start=1))


def _near(rng: random.Random, value: float) -> float:
    """Last year's figure: within ten per cent of this year's target."""
    return float(round(value * rng.uniform(0.9, 1.1)))


def _objectives(rng: random.Random, d: int) -> tuple[tuple[str, ...], ...]:
    """Three different objectives under the city's strategic goals: rows of strategy.csv."""
    rows = []
    for i, (objective, actions) in enumerate(rng.sample(OBJECTIVES, 3), start=1):
        rows.append(
            (
                f"S{d:03d}{i}",
                GOALS[(d + i) % len(GOALS)],
                f"7{d:03d}0000",
                objective,
                actions,
                f"{_person(rng)}, {rng.choice(('jatkuvaa toimintaa', f'{YEAR}', f'{YEAR}–{YEAR + 1}'))}",
                rng.choice(METRICS),
            )
        )
    return tuple(rows)


def _sdgs(
    rng: random.Random, objectives: tuple[tuple[str, ...], ...]
) -> tuple[tuple[str, ...], ...]:
    """One to three UN goals for each strategy table (goal x department) of the objectives."""
    tables = dict.fromkeys((row[1], row[2]) for row in objectives)
    return tuple(
        (goal, dept, " ".join(map(str, sorted(rng.sample(range(1, 18), rng.randint(1, 3))))))
        for goal, dept in tables
    )
