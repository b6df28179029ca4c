"""A deterministic synthetic organisation in kemixl's own formats, for demos and benchmarks.

`synthesize(root, departments, areas, seed)` writes

* ``root/templates/``: master data (master.toml and the six CSV files) for a fictional city
  with `departments` departments of `areas` result areas each, 8-digit codes;
* ``root/inputs/``: one filled submission per department, made exactly as a department would
  make it: the generated template (`write_templates`) filled by `fill_template`.

Every figure and text comes from `random.Random` seeded with the seed and the department and
result-area indices, so the same arguments always give the same content, and a department's
content does not depend on how many other departments there are.
"""

from __future__ import annotations

import csv
import json
import random
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import layout as T
from .i18n import N_, _
from .master import (
    ACCOUNTS_FILE,
    CENTRAL_FILE,
    CENTRES_FILE,
    FIGURES_FILE,
    KPIS_FILE,
    SETTINGS_FILE,
    STRATEGY_FILE,
    STRATEGY_SDG_FILE,
    load_master,
)
from .model import INPUT_LINES, MASTER_COLUMNS, Column, Line, Master, Period
from .templates.fill import Figures, fill_template
from .templates.writer import write_templates
from .year.titles import report_title

MAX_DEPARTMENTS = 999
MAX_AREAS = 999
YEAR, FIRST_MONTH, LAST_MONTH = 2031, 1, 6
CITY = "MERIKOSKEN KAUPUNKI"
ROOT_CODE = "70000000"

DEPARTMENT_NAMES = (
    "KESKUSHALLINTO",
    "ELINVOIMATOIMIALA",
    "HYVINVOINTITOIMIALA",
    "SIVISTYSTOIMIALA",
    "YMPÄRISTÖTOIMIALA",
    "KAUPUNKIRAKENNETOIMIALA",
    "KULTTUURI- JA VAPAA-AIKATOIMIALA",
    "KASVATUS- JA OPETUSTOIMIALA",
    "TEKNINEN TOIMIALA",
    "TYÖLLISYYS- JA ELINKEINOTOIMIALA",
)
AREA_NAMES = (
    "HALLINTOPALVELUT",
    "TIETOHALLINTOPALVELUT",
    "TALOUSPALVELUT",
    "HENKILÖSTÖPALVELUT",
    "VIESTINTÄ JA MARKKINOINTI",
    "ELINKEINOPALVELUT",
    "TYÖLLISYYSPALVELUT",
    "MAANKÄYTTÖ JA KAAVOITUS",
    "RAKENNUSVALVONTA",
    "YMPÄRISTÖNSUOJELU",
    "KIINTEISTÖNPITO",
    "YLEISTEN ALUEIDEN PALVELUT",
    "VARHAISKASVATUS",
    "PERUSOPETUS",
    "LUKIOKOULUTUS",
    "KANSALAISOPISTO",
    "KIRJASTOPALVELUT",
    "KULTTUURIPALVELUT",
    "MUSEOPALVELUT",
    "LIIKUNTAPALVELUT",
    "NUORISOPALVELUT",
    "RUOKAPALVELUT",
    "SIIVOUSPALVELUT",
    "AUTO- JA KONEVÄLITYS",
    "SATAMAPALVELUT",
    "VIRANOMAISTOIMINTA JA LUVITUS",
)
FIRST_NAMES = (
    "Aino", "Anna", "Eero", "Elina", "Hanna", "Heikki", "Jukka", "Kaisa", "Kimmo", "Laura",
    "Marke", "Mika", "Niina", "Paulus", "Piia", "Riikka", "Risto", "Sanna", "Timo", "Ville",
)  # fmt: skip
LAST_NAMES = (
    "Alila", "Grönvall", "Hakala", "Heikkinen", "Hulkkonen", "Immonen", "Korhonen", "Lehtonen",
    "Mäkinen", "Nieminen", "Pöykiö", "Rantajärvi", "Rautiala", "Remes", "Salminen", "Virtanen",
)  # fmt: skip
GOALS = ("ELINVOIMAINEN KAUPUNKI", "HYVINVOIVAT KUNTALAISET", "SUJUVA ARKI")
OBJECTIVES = (
    (
        "Vihreä ja kestävä kaupunki torjuu ilmastonmuutosta.",
        "Energiansäästösuunnitelma, vähähiiliset hankinnat",
    ),
    (
        "Palvelut ovat saavutettavia ja sujuvia.",
        "Sähköisten palvelujen käyttöönotto, asiakaspalautteen seuranta",
    ),
    (
        "Kuntatalous on kestävällä pohjalla.",
        "Talouden tasapainottamisohjelma, tilojen käytön tehostaminen",
    ),
    ("Lapset ja nuoret voivat hyvin.", "Harrastamisen malli, matalan kynnyksen palvelut"),
    (
        "Yritysympäristö on kilpailukykyinen.",
        "Yrityskäynnit, tonttitarjonta, lupaprosessien nopeutus",
    ),
    ("Henkilöstö on osaavaa ja hyvinvoivaa.", "Koulutussuunnitelma, työhyvinvointikysely"),
)
METRICS = (
    "Asiakastyytyväisyys, kyselyt",
    "Toteutuneet toimenpiteet, kpl",
    "Kustannukset euroa / asukas",
    "Hiilidioksidipäästöt, t CO2e",
)
REALIZATIONS = (
    "Toimenpiteet etenevät suunnitellusti.",
    "Työ on käynnistynyt; ensimmäiset tulokset syksyllä.",
    "Aikataulu on viivästynyt henkilöstövajeen vuoksi.",
    "Valmistelu alkaa toisella vuosipuoliskolla.",
    "Tavoite on saavutettu kesäkuun loppuun mennessä.",
)
SAVINGS = (
    "Täyttölupamenettely on käytössä, ja hankintoja on siirretty syksylle.",
    "Tilojen käyttöä tehostetaan: kaksi vuokrakohdetta luovutetaan.",
    "Ostopalvelujen sopimukset kilpailutetaan uudelleen.",
    "Sijaisten käyttöä rajoitetaan ja ylitöitä seurataan viikoittain.",
)


# accounts.csv: the classes of a municipal chart of accounts (see templates/accounts.csv)
ACCOUNT_RANGES = (
    ("1000", "2999", "ignore", "Tase"),
    ("3000", "3999", Line.INCOME.value, "Toimintatuotot"),
    ("4000", "4999", Line.COSTS.value, "Toimintakulut"),
    ("5000", "8999", "ignore", "Toimintakatteen jälkeiset erät"),
    ("9000", "9399", Line.INCOME.value, "Sisäiset tuotot"),
    ("9400", "9899", Line.COSTS.value, "Sisäiset kulut"),
)


@dataclass(frozen=True)
class SynthResult:
    """What `synthesize` wrote."""

    root: Path
    templates: Path
    inputs: Path
    departments: int
    areas_per_department: int
    cost_centres: int  # the root, the departments and their result areas
    kpis: int
    objectives: int
    workbooks: tuple[Path, ...]
    ledger: Path | None = None  # the bookkeeping export, with `ledger=True`


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


def synthesize(
    root: Path,
    departments: int,
    areas: int,
    seed: int = 1,
    last_month: int = LAST_MONTH,
    ledger: bool = False,
) -> SynthResult:
    """Write master data to root/templates and filled submissions to root/inputs, for the
    months 1-last_month of the synthetic year; with `ledger`, also the bookkeeping export of
    the period's actuals (root/kirjanpito_<year>_01-<mm>.csv), which the templates then carry
    locked."""
    _validate(root, departments, areas, last_month)
    templates, inputs = root / "templates", root / "inputs"
    org = [_department(seed, d, areas) for d in range(1, departments + 1)]
    templates.mkdir(parents=True, exist_ok=True)
    _write_master(templates, org, seed, last_month)
    master = load_master(templates)
    figures = period_figures(master, seed)
    books = None
    if ledger:
        books = root / ledger_name(master)
        actuals = {key: v[Column.ACTUAL] for key, v in figures.items()}
        write_ledger(books, ledger_rows(master, actuals, seed))
    workbooks = fill_submissions(master, templates, inputs, seed, figures, books)
    return SynthResult(
        root=root,
        templates=templates,
        inputs=inputs,
        departments=departments,
        areas_per_department=areas,
        cost_centres=len(master.centres),
        kpis=len(master.kpis),
        objectives=len(master.objectives),
        workbooks=workbooks,
        ledger=books,
    )


def ledger_name(master: Master) -> str:
    p = master.period
    return f"kirjanpito_{p.year}_{p.first_month:02d}-{p.last_month:02d}.csv"


def synthesize_period(
    master_dir: Path, inputs: Path, seed: int = 1, ledger: bool = False
) -> tuple[tuple[Path, ...], Path | None]:
    """The submissions (and the ledger export, beside inputs) of a later period of the
    synthetic year, for a master folder `kemixl rollover` wrote: the same organisation, its
    forecasts moved. Returns the workbooks and the ledger's path."""
    master = load_master(master_dir)
    figures = period_figures(master, seed)
    books = None
    if ledger:
        books = inputs.parent / ledger_name(master)
        actuals = {key: v[Column.ACTUAL] for key, v in figures.items()}
        write_ledger(books, ledger_rows(master, actuals, seed))
    return fill_submissions(master, master_dir, inputs, seed, figures, books), books


def write_master(
    folder: Path, departments: int, areas: int, seed: int = 1, last_month: int = LAST_MONTH
) -> Master:
    """Only the master data of a synthetic organisation (for benchmarks of the ledger)."""
    _validate(folder, departments, areas, last_month, subfolders=False)
    org = [_department(seed, d, areas) for d in range(1, departments + 1)]
    folder.mkdir(parents=True, exist_ok=True)
    _write_master(folder, org, seed, last_month)
    return load_master(folder)


def _validate(
    root: Path, departments: int, areas: int, last_month: int, subfolders: bool = True
) -> None:
    for message, value, first, limit in (
        (TOO_MANY_DEPARTMENTS, departments, 1, MAX_DEPARTMENTS),
        (TOO_MANY_AREAS, areas, 1, MAX_AREAS),
        (BAD_LAST_MONTH, last_month, FIRST_MONTH, 12),
    ):
        if isinstance(value, bool) or not isinstance(value, int) or not first <= value <= limit:
            raise ValueError(_(message).format(first=first, limit=limit, value=repr(value)))
    if root.exists() and not root.is_dir():
        raise ValueError(_("{path} is a file, not a folder").format(path=root))
    for sub in (root / "templates", root / "inputs") if subfolders else (root,):
        if sub.exists() and not sub.is_dir():
            raise ValueError(_("{path} is a file; choose another folder").format(path=sub))
        if sub.exists() and any(sub.iterdir()):
            raise ValueError(
                _("{path} is not empty; choose another folder or empty it first").format(path=sub)
            )


TOO_MANY_DEPARTMENTS = N_(
    "the number of departments must be a whole number from {first} to {limit}, not {value}"
)
TOO_MANY_AREAS = N_(
    "the number of result areas must be a whole number from {first} to {limit}, not {value}"
)
BAD_LAST_MONTH = N_("the last month must be a whole number from {first} to {limit}, not {value}")


def _rng(seed: int, *indices: int) -> random.Random:
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


def _department(seed: int, d: int, areas: int) -> Department:
    rng = _rng(seed, d)
    code = f"7{d:03d}0000"
    centre = Centre(code, ROOT_CODE, _numbered(DEPARTMENT_NAMES, d), _person(rng))
    units = tuple(_area(seed, d, a, code) for a in range(1, areas + 1))
    budgets = tuple(b for a in range(1, areas + 1) for b in _budgets(seed, d, a, units[a - 1]))
    kpis = _kpis(rng, d, centre, units)
    objectives = _objectives(rng, d)
    return Department(d, centre, units, budgets, kpis, objectives, _sdgs(rng, objectives))


def _area(seed: int, d: int, a: int, parent: str) -> Centre:
    rng = _rng(seed, d, a)
    responsible = _person(rng) if rng.random() < 0.7 else ""
    return Centre(f"7{d:03d}{a:03d}0", parent, _numbered(AREA_NAMES, a), responsible)


def _budgets(seed: int, d: int, a: int, area: Centre) -> tuple[Budget, Budget]:
    rng = _rng(seed, d, a, 0)
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


def _euros(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:.2f}"


def _kpi_text(value: float | str) -> str:
    if isinstance(value, str):
        return value
    return _euros(value) if value == int(value) else f"{value:.1f}".replace(".", ",")


def _write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(header)
        out.writerows(rows)


def _toml(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def _write_master(folder: Path, org: list[Department], seed: int, last_month: int) -> None:
    title = report_title(Period(YEAR, FIRST_MONTH, last_month))
    (folder / SETTINGS_FILE).write_text(
        "# kemixl master data: a synthetic organisation written by `kemixl synth`.\n"
        f"[period]\nyear = {YEAR}\nfirst_month = {FIRST_MONTH}\nlast_month = {last_month}\n\n"
        f"[report]\ncity = {_toml(CITY)}\ntitle = {_toml(title)}\n"
        f'deadline = "{YEAR}-08-15"\ncontact = {_toml("Talouspalvelut, talouspäällikkö")}\n\n'
        "[rules]\npace_margin = 0.05\nmateriality = 50000\n\n"
        '[ledger]\nmonth = "Kuukausi"\nsigns = "debit-credit"\n',
        encoding="utf-8",
    )
    _write_csv(folder / ACCOUNTS_FILE, ("first", "last", "line", "name"), ACCOUNT_RANGES)
    _write_csv(
        folder / CENTRES_FILE,
        ("code", "parent", "name", "responsible"),
        _centre_rows(org),
    )
    _write_csv(
        folder / FIGURES_FILE,
        ("code", "line", *(c.value for c in MASTER_COLUMNS)),
        (
            (b.code, b.line.value, _euros(b.tp_prev), _euros(b.ta), _euros(b.ta_amended))
            for dept in org
            for b in dept.budgets
        ),
    )
    _write_csv(
        folder / CENTRAL_FILE,
        ("item", "section", *(c.value for c in Column)),
        _central_rows(org, _rng(seed, 0)),
    )
    _write_csv(
        folder / KPIS_FILE,
        ("id", "code", "group", "name", "tp_prev", "ta"),
        (
            (k.id, k.code, k.group, k.name, _kpi_text(k.tp_prev), _kpi_text(k.ta))
            for dept in org
            for k in dept.kpis
        ),
    )
    _write_csv(
        folder / STRATEGY_FILE,
        ("id", "goal", "department", "objective", "actions", "owner_schedule", "metrics"),
        (row for dept in org for row in dept.objectives),
    )
    _write_csv(
        folder / STRATEGY_SDG_FILE,
        ("goal", "department", "sdg"),
        (row for dept in org for row in dept.sdgs),
    )


def _centre_rows(org: list[Department]) -> Iterator[tuple[str, str, str, str]]:
    yield ROOT_CODE, "", CITY, ""
    for dept in org:
        for c in (dept.centre, *dept.areas):
            yield c.code, c.parent, c.name, c.responsible


def _central_rows(org: list[Department], rng: random.Random) -> list[tuple[str, ...]]:
    """Tax revenue and state grants roughly cover the departments' net costs, as in a city."""
    margin = -sum(b.ta_amended for dept in org for b in dept.budgets)
    items = (
        ("Verotulot", "vuosikate", 0.78),
        ("Valtionosuudet", "vuosikate", 0.30),
        ("Rahoitustuotot ja -kulut", "vuosikate", 0.01),
        ("Poistot ja arvonalentumiset", "tulos", -0.06),
        ("Satunnaiset tuotot ja kulut", "tulos", 0.0),
        ("Varausten ja rahastojen muutos", "ylijaama", 0.002),
    )
    rows = []
    for item, section, share in items:
        ta = round(margin * share, -3)
        tp_prev = round(ta * rng.uniform(0.9, 1.1), -3)
        actual = round(ta * rng.uniform(0.45, 0.55), -3)
        forecast = round(ta * rng.uniform(0.97, 1.04), -3)
        rows.append((item, section, *(_euros(v) for v in (tp_prev, ta, ta, actual, forecast))))
    return rows


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
    ledger the templates carry its actuals, locked, and the departments fill forecasts only."""
    from .ledger import load_ledger

    books = load_ledger(ledger, master) if ledger is not None else None
    typed = (
        {key: {Column.FORECAST: v[Column.FORECAST]} for key, v in figures.items()}
        if books is not None
        else figures
    )
    written = []
    inputs.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kemixl-synth-") as tmp:
        for result in write_templates(master, Path(tmp), books):
            if result.path is None:
                continue
            dept = result.department
            rng = random.Random(f"kemixl-synth/{seed}/{dept}/{master.period.last_month}")
            target = inputs / result.path.name
            fill_template(
                result.path,
                target,
                master.period,
                typed,
                _explanations(rng, master, dept, figures),
                _kpi_values(rng, master, dept),
                _realizations(rng, master, dept),
            )
            written.append(target)
    return tuple(written)


def _explanations(
    rng: random.Random, master: Master, dept: str, figures: Figures
) -> dict[str, str]:
    node = master.centre(dept)
    responsible = node.responsible if node is not None else ""
    if rng.random() < SILENT_SHARE:
        return {T.RESPONSIBLE_LABEL: responsible}
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
    return {
        T.RESPONSIBLE_LABEL: responsible,
        T.EXPLANATION_LABEL: explanation,
        T.SAVINGS_LABEL: rng.choice(SAVINGS),
    }


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


# --- a bookkeeping export --------------------------------------------------------------------

LEDGER_HEADER = ("Kustannuspaikka", "Tili", "Tilin nimi", "Kuukausi", "Tosite", "Selite", "Summa")
# Accounts of a municipal chart (six digits; classes as in templates/accounts.csv).
LEDGER_ACCOUNTS: dict[Line, tuple[tuple[str, str], ...]] = {
    Line.INCOME: (
        ("300000", "Myyntituotot"),
        ("314000", "Muut myyntituotot"),
        ("320000", "Yleishallinnon maksut"),
        ("329400", "Muut palvelumaksut"),
        ("330000", "Työllistämistuki"),
        ("333000", "Muut tuet ja avustukset"),
        ("342000", "Muiden rakennusten vuokrat"),
        ("353000", "Muut tuotot"),
        ("900500", "Sisäiset myyntituotot"),
    ),
    Line.COSTS: (
        ("400000", "Palkat ja palkkiot"),
        ("410000", "Eläkemaksut"),
        ("418000", "Muut henkilösivukulut"),
        ("434000", "Asiantuntijapalvelut"),
        ("439000", "Rakennusten ja alueiden kunnossapito"),
        ("442000", "Matkustus- ja kuljetuspalvelut"),
        ("447000", "Muut palvelut"),
        ("450000", "Toimistotarvikkeet"),
        ("457200", "Sähkö"),
        ("474000", "Avustukset yhteisöille"),
        ("482000", "Rakennusten ja huoneistojen vuokrat"),
        ("495000", "Muut kulut"),
        ("980200", "Sisäiset vuokrat"),
    ),
}
CENTRAL_ACCOUNTS = {  # central.csv's items: accounts of classes 5-8, which the report ignores
    "Verotulot": ("500000", "Kunnan tulovero"),
    "Valtionosuudet": ("530000", "Kunnan peruspalvelujen valtionosuus"),
    "Rahoitustuotot ja -kulut": ("550000", "Korkotuotot"),
    "Poistot ja arvonalentumiset": ("600000", "Suunnitelman mukaiset poistot"),
}
BALANCE_ACCOUNT = ("260000", "Ostovelat")
LEDGER_TEXTS = (
    "Ostolasku",
    "Myyntilasku",
    "Palkka-ajo",
    "Jaksotus",
    "Sisäinen veloitus",
    "Muistiotosite",
)


def _cents(rng: random.Random, total: int, parts: int) -> list[int]:
    """total cents split into parts that sum to it exactly."""
    weights = [rng.uniform(0.2, 1.0) for _ in range(parts)]
    scale = sum(weights)
    out = [int(total * w / scale) for w in weights[:-1]]
    return [*out, total - sum(out)]


def _amount_text(cents: int) -> str:
    """-1234,56: the decimal comma of a Finnish export."""
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100},{abs(cents) % 100:02d}"


def ledger_rows(
    master: Master,
    actuals: Mapping[tuple[str, Line], float],
    seed: int,
    extra_month: bool = True,
) -> list[tuple[str, ...]]:
    """A bookkeeping export's rows whose sums per cost centre and line are `actuals` (euros, the
    report's signs) over the period's months: several accounts and vouchers per line, a few
    reversed postings, central items and balance-sheet postings (accounts the report ignores)
    and, with extra_month, postings of the month after the period (filtered out by month)."""
    p = master.period
    months = range(p.first_month, p.last_month + 1)
    rows: list[tuple[str, ...]] = []
    voucher = 1000
    sign = -1 if master.ledger.signs == "debit-credit" else 1

    def post(code: str, account: tuple[str, str], month: int, cents: int, text: str) -> None:
        nonlocal voucher
        voucher += 1
        rows.append(
            (
                code,
                account[0],
                account[1],
                f"{p.year}-{month:02d}",
                str(voucher),
                text,
                _amount_text(sign * cents),
            )
        )

    leaves = [c.code for c in master.centres if not master.children(c.code)]
    for (code, line), euros in sorted(actuals.items(), key=lambda kv: (kv[0][0], kv[0][1].value)):
        total = round(euros * 100)
        if total == 0:
            continue
        rng = random.Random(f"kemixl-ledger/{seed}/{code}/{line.value}")
        accounts = rng.sample(LEDGER_ACCOUNTS[line], k=min(len(LEDGER_ACCOUNTS[line]), 6))
        cells = [(m, a) for m in months for a in accounts for _ in range(rng.randint(2, 4))]
        for (month, account), cents in zip(cells, _cents(rng, total, len(cells)), strict=True):
            post(code, account, month, cents, rng.choice(LEDGER_TEXTS))
            if rng.random() < 0.04:  # a posting reversed and booked again
                post(code, account, month, -cents, "Oikaisu")
                post(code, account, month, cents, "Oikaistu kirjaus")
        if extra_month and p.last_month < 12 and rng.random() < 0.3:
            post(code, accounts[0], p.last_month + 1, total // 5, "Seuraavan kuukauden kirjaus")
    rng = random.Random(f"kemixl-ledger/{seed}/central")
    finance = leaves[0] if leaves else master.root.code
    for item in master.central:
        if item.name not in CENTRAL_ACCOUNTS or not item.amounts[Column.ACTUAL]:
            continue
        account = CENTRAL_ACCOUNTS[item.name]
        total = round(item.amounts[Column.ACTUAL] * 100)
        for month, cents in zip(months, _cents(rng, total, len(months)), strict=True):
            post(finance, account, month, cents, item.name)
    for month in months:
        for _entry in range(3):
            cents = rng.randint(10_000, 5_000_000)
            code = rng.choice(leaves)
            post(code, BALANCE_ACCOUNT, month, cents, "Ostolasku")
            post(code, BALANCE_ACCOUNT, month, -cents, "Maksu")
    return rows


def write_ledger(
    path: Path,
    rows: Sequence[Sequence[str]],
    encoding: str = "cp1252",
    delimiter: str = ";",
) -> None:
    """A ledger export as finance gets it from the bookkeeping: semicolons, decimal commas,
    Windows line endings and, by default, Windows-1252 text."""
    with path.open("w", newline="", encoding=encoding) as f:
        out = csv.writer(f, delimiter=delimiter, lineterminator="\r\n")
        out.writerow(LEDGER_HEADER)
        out.writerows(rows)
