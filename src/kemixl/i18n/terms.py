"""The words the report, the templates and the reader share.

Line labels, column titles, strategy statuses, status words, sheet names and the labels of the
explanation, KPI and strategy sheets: defined once here, rendered in the run's language(s) with
`label()` (both languages in a bilingual run). Identifiers stay data: `Line.INCOME.value ==
"TOIMINTATUOTOT"` and the canonical (Finnish) status keys are what kemixl stores and compares;
these functions say what a reader sees. The reader recognises every language's words with
`variants()` / `all_titles()`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from ..model import Column, CostCentre, Line, Master, Period, Settings
from .catalog import BILINGUAL_SEPARATOR, LANGUAGES, N_, _, current, gettext_in, label
from .message import Msg, msg, render_in

# TRANSLATORS: Swedish totals as Finnish municipalities print them (Vasa, Karleby, Helsinki
# bokslut: VERKSAMHETSINTÄKTER, VERKSAMHETSKOSTNADER, VERKSAMHETSBIDRAG); English as Statistics
# Finland's municipal finance tables (operating revenue, operating expenses, operating margin).
LINE_LABELS: dict[Line, str] = {
    Line.INCOME: N_("OPERATING REVENUE"),
    Line.COSTS: N_("OPERATING EXPENSES"),
    Line.MARGIN: N_("OPERATING MARGIN"),
}

# TRANSLATORS: TP = tilinpäätös (sv BS = bokslut, Karleby's bilingual tables), TA = talousarvio
# (sv budget, Muutettu TA = ändrad budget, Vasa), Toteuma = utfall, TP-ennuste = bokslutsprognos.
COLUMN_TITLES: dict[Column, str] = {
    Column.TP_PREV: N_("Accounts {year}"),
    Column.TA: N_("Budget {year}"),
    Column.TA_AMENDED: N_("Revised budget {year}"),
    Column.ACTUAL: N_("Actual {months}"),
    Column.FORECAST: N_("Forecast outturn {year}"),
}
PCT_TITLE = N_("Actual %")

# Strategy statuses: the canonical key (stored, compared, counted) and its words.
STATUS_WORDS: dict[str, str] = {
    "Toteutunut": N_("Achieved"),
    "Etenee": N_("In progress"),
    "Viivästynyt": N_("Delayed"),
    "Ei käynnistynyt": N_("Not started"),
    "Jatkuva": N_("Ongoing"),
    "Ei raportoitu": N_("Not reported"),
}

# The finance tables' status words (report/status.py's formulas write them).
OVERRUN = N_("OVERSPEND")
PACE = N_("FAST PACE")

# A binding appropriation's status on the sheet of binding appropriations: the forecast above
# the revised budget, below it, or equal to it. Which is unfavourable depends on the kind: an
# appropriation (costs, net margin) is exceeded when the forecast is over, a revenue estimate
# falls short when it is under.
# TRANSLATORS: ylittyy / alittuu / toteutuu (Finnish budget follow-up); överskrids /
# underskrids / enligt budget (Vasa's and Borgå's delårsrapporter).
BINDING_OVER = N_("over")
BINDING_UNDER = N_("under")
BINDING_MET = N_("on budget")
# What a binding row binds: the net margin, the costs (an appropriation) or the income (a
# revenue estimate: "tuloarvio", sv "beräknad inkomst", as Helsinki's budget books say).
NET_APPROPRIATION = N_("net appropriation")
APPROPRIATION = N_("appropriation")
REVENUE_ESTIMATE = N_("revenue estimate")

CHECK_TITLE = N_("Check")
RESPONSIBLE = N_("Responsible person")
EXPLANATION = N_(
    "Budget implementation and the specific means of preventing a possible budget overrun"
)
SAVINGS = N_("Financial programme and savings measures")

# KPI and strategy sheets' column titles (templates write them, the reader finds them).
KPI_ID = N_("ID")
KPI_CODE = N_("Cost centre")
KPI_GROUP = N_("Group")
KPI_NAME = N_("Output")
KPI_ACTUAL = N_("ACTUAL {months}")
STRATEGY_ID = N_("ID")
GOAL = N_("Strategic goal")
OBJECTIVE = N_("Objective")
ACTIONS = N_("Actions")
OWNER = N_("Responsibility and schedule")
METRICS = N_("Indicators, assessment")
STATUS = N_("Status")
REALIZATION = N_("Actual {months}")

# The investment part (investointiosa). TRANSLATORS: hanke = sv projekt, hankeryhmä =
# projektgrupp (Helsingfors budget, investeringsdelen), investointimenot = investeringsutgifter,
# rahoitusosuudet investointimenoihin = finansieringsandelar för investeringsutgifter
# (Statistikcentralen, finansieringsanalys); en project, project group, investment expenditure,
# contributions to investment expenditure.
SHEET_INVESTMENTS = N_("Investments")
PROJECT = N_("Project")
PROJECT_GROUP = N_("Project group")
PROJECT_STATUS = N_("Project status")
PROJECT_EXPLANATION = N_("Explanation")
DIFFERENCE = N_("Difference")
# A figure column of one flow: 'Toteuma 01-06/2023, menot'.
FLOW_TITLES: dict[Line, str] = {
    Line.COSTS: N_("{title}, expenditure"),
    Line.INCOME: N_("{title}, income"),
}
FLOW_LABELS: dict[Line, str] = {
    Line.COSTS: N_("Investment expenditure"),
    Line.INCOME: N_("Contributions to investment expenditure"),
    Line.MARGIN: N_("NET INVESTMENTS"),
}
# A project's status: the canonical key (stored, compared) and its words.
PROJECT_STATUS_WORDS: dict[str, str] = {
    "Ei käynnistynyt": N_("Not started"),
    "Käynnissä": N_("Under way"),
    "Valmistunut": N_("Completed"),
    "Siirtyy": N_("Moves to next year"),
}

# The template's sheets.
SHEET_INSTRUCTIONS = N_("Instructions")
SHEET_FINANCE = N_("Finance")
SHEET_EXPLANATIONS = N_("Explanations")
SHEET_KPIS = N_("KPIs")
SHEET_STRATEGY = N_("Strategy")


def line_label(line: Line) -> str:
    """TOIMINTATUOTOT / VERKSAMHETSINTÄKTER / OPERATING REVENUE (both in a bilingual run)."""
    return label(LINE_LABELS[line])


def column_title(period: Period, column: Column) -> str:
    """A figure column's title: 'Toteuma 01-06/2023', 'Utfall 01-06/2023', ..."""
    return label(COLUMN_TITLES[column], year=_year(period, column), months=period.months)


def pct_title() -> str:
    return label(PCT_TITLE)


def flow_title(period: Period, column: Column, flow: Line) -> str:
    """A project figure column of one flow: 'Toteuma 01-06/2023, menot' (in a bilingual run
    each language's title with its own flow word)."""
    texts = [
        render_in(
            lang,
            gettext_in(lang, FLOW_TITLES[flow]),
            {
                "title": render_in(
                    lang,
                    gettext_in(lang, COLUMN_TITLES[column]),
                    {"year": _year(period, column), "months": period.months},
                )
            },
        )
        for lang in current().languages
    ]
    return BILINGUAL_SEPARATOR.join(dict.fromkeys(texts))


def project_status_label(key: str) -> str:
    """A project status key ('Siirtyy') in the run's words; blank is 'not reported'."""
    if not key:
        return label(STATUS_WORDS["Ei raportoitu"])
    return label(PROJECT_STATUS_WORDS[key]) if key in PROJECT_STATUS_WORDS else key


def project_status_key(text: str) -> str | None:
    """The canonical key of a project status written in any language (or both); None if the
    text is no project status."""
    wanted = " ".join(text.split()).casefold()
    for key, word in PROJECT_STATUS_WORDS.items():
        if wanted == key.casefold() or any(w.casefold() == wanted for w in all_titles(word)):
            return key
    return _STATUS_SYNONYMS.get(wanted)


# How free-form tables write a project's status besides the catalog's words.
_STATUS_SYNONYMS = {
    "ei aloitettu": "Ei käynnistynyt",
    "aloittamatta": "Ei käynnistynyt",
    "kesken": "Käynnissä",
    "keskeneräinen": "Käynnissä",
    "valmis": "Valmistunut",
    "siirtyy seuraavalle vuodelle": "Siirtyy",
    "ej påbörjad": "Ei käynnistynyt",
    "pågående": "Käynnissä",
    "färdig": "Valmistunut",
    "not started yet": "Ei käynnistynyt",
    "in progress": "Käynnissä",
    "ongoing": "Käynnissä",
    "finished": "Valmistunut",
    "carried over": "Siirtyy",
}


def status_label(key: str) -> str:
    """A canonical status key ('Toteutunut') in the run's words; unknown keys as they are."""
    return label(STATUS_WORDS[key]) if key in STATUS_WORDS else key


def status_key(text: str) -> str | None:
    """The canonical key of a status written in any language (or both, 'fi – sv'); None if the
    text is no status."""
    wanted = " ".join(text.split()).casefold()
    for key, word in STATUS_WORDS.items():
        for written in all_titles(word):
            if written.casefold() == wanted:
                return key
    return None


def all_titles(message: str, **args: object) -> tuple[str, ...]:
    """A label as any run may have written it: each language alone and each bilingual pair
    (what a returned workbook may hold, whatever language it was made in)."""
    one = [render_in(lang, gettext_in(lang, message), args) for lang in LANGUAGES]
    pairs = [f"{a}{BILINGUAL_SEPARATOR}{b}" for a in dict.fromkeys(one) for b in one if a != b]
    return tuple(dict.fromkeys([*one, *pairs]))


def centre_name(centre: CostCentre) -> str:
    """A cost centre's name in the run's language(s): `name_sv` / `name_en` from the master
    when given, else the Finnish name (names are data, not catalog messages)."""
    names = [_name_in(centre, lang) for lang in current().languages]
    return BILINGUAL_SEPARATOR.join(dict.fromkeys(names))


def named_label(message: str, name_in: Callable[[str], str]) -> str:
    """A label with a name in it ('{group} yhteensä'): in a bilingual run each language's words
    with that language's name ('Talonrakennus yhteensä – Husbyggnad totalt')."""
    texts = [
        render_in(lang, gettext_in(lang, message), {"group": name_in(lang)})
        for lang in current().languages
    ]
    return BILINGUAL_SEPARATOR.join(dict.fromkeys(texts))


def name_in(centre: CostCentre, lang: str) -> str:
    """A cost centre's name in one language (the Finnish where none is given)."""
    return _name_in(centre, lang)


def text_in(record: object, column: str, lang: str) -> str:
    """A master record's text column in one language (the Finnish where none is given)."""
    return _text_in(record, column, lang)


def _name_in(centre: CostCentre, lang: str) -> str:
    return {"sv": centre.name_sv, "en": centre.name_en}.get(lang, "") or centre.name


def _year(period: Period, column: Column) -> int:
    return period.year - 1 if column is Column.TP_PREV else period.year


# S4: the master's own texts (names, KPI names, strategy texts) in the run's language(s).


def master_text(record: object, column: str, both: bool = True) -> str:
    """A text column of a master record in the run's language: the optional `<column>_sv` /
    `<column>_en` of the master file when given, else the Finnish `<column>` (texts are data,
    not catalog messages). In a bilingual run both languages, Finnish first, like a label; with
    both=False (running text such as an objective's actions) the primary language only.

    `master_text(centre, "name")` is `centre_name(centre)`; `master_text(kpi, "name")`,
    `master_text(objective, "objective", both=False)` read the records' `texts`."""
    languages = current().languages if both else current().languages[:1]
    texts = [_text_in(record, column, lang) for lang in languages]
    return BILINGUAL_SEPARATOR.join(dict.fromkeys(texts))


def _text_in(record: object, column: str, lang: str) -> str:
    finnish = str(getattr(record, column))
    if lang == "fi":
        return finnish
    key = f"{column}_{lang}"
    own = getattr(record, key, None)  # CostCentre's name_sv / name_en
    if own is None:
        own = dict(getattr(record, "texts", ())).get(key, "")
    return str(own) or finnish


# S1: the shared words as messages rendered later (inside findings, in the reader's language).
def line_msg(line: Line) -> Msg:
    """A line label inside a finding's message: TOIMINTATUOTOT, VERKSAMHETSINTÄKTER, ..."""
    return Msg(LINE_LABELS[line])


def flow_msg(line: Line) -> Msg:
    """An investment flow inside a finding's message: Investointimenot, NETTOINVESTOINNIT ..."""
    return Msg(FLOW_LABELS[line])


def project_status_msg(key: str) -> Msg:
    """A canonical project status inside a finding's message, in the reader's words."""
    return Msg(PROJECT_STATUS_WORDS[key])


def column_msg(period: Period, column: Column) -> Msg:
    """A column title inside a finding's message: 'Toteuma 01-06/2023', 'Utfall 01-06/2023'."""
    return msg(COLUMN_TITLES[column], year=_year(period, column), months=period.months)


def status_msg(key: str) -> Msg:
    """A canonical status key ('Toteutunut') inside a finding's message, in the reader's words."""
    return Msg(STATUS_WORDS[key])


# Integrator: the report's title and the city's name, in the run's language(s).
def report_title(settings: Settings, period: Period) -> str:
    """The report's title as a label: TAMMI-KESÄKUUN OSAVUOSIKATSAUS 2023, DELÅRSRAPPORT
    JANUARI–JUNI 2023, or both in a bilingual run (see year.titles.title_in)."""
    from ..year.titles import title_in

    titles = [title_in(settings, period, lang) for lang in current().languages]
    return BILINGUAL_SEPARATOR.join(dict.fromkeys(titles))


def city_name(settings: Settings) -> str:
    """The city's name in the run's language(s) ([report] city_sv / city_en, else city)."""
    return master_text(settings, "city")


# --- S3 (templates and reading back) ---


def centre_names(centre: CostCentre) -> tuple[str, ...]:
    """Every name a workbook may give a cost centre: the master's Finnish, Swedish and English
    names and the bilingual pairs a template writes (for recognising a name read back)."""
    names = list(dict.fromkeys(n for n in (centre.name, centre.name_sv, centre.name_en) if n))
    pairs = [f"{a}{BILINGUAL_SEPARATOR}{b}" for a in names for b in names if a != b]
    return tuple([*names, *pairs])


def in_language(master: Master) -> Master:
    """The master as a writer shows it in the run's language(s): the report's title and the
    city, KPI names and groups, strategy texts and central items from their `_sv` / `_en`
    columns (Finnish where none is given). Labels (names, groups, goals) are bilingual in a
    bilingual run; running text (objectives, actions, owners, metrics) is in the primary
    language. Codes, figures and fingerprints are unchanged; cost-centre names are left to
    `centre_name`, which writers call where they show one."""
    settings = replace(
        master.settings,
        city=city_name(master.settings),
        title=report_title(master.settings, master.period),
    )
    kpis = tuple(
        replace(k, name=master_text(k, "name"), group=master_text(k, "group"), texts=())
        for k in master.kpis
    )
    objectives = tuple(
        replace(
            o,
            goal=master_text(o, "goal"),
            objective=master_text(o, "objective", both=False),
            actions=master_text(o, "actions", both=False),
            owner_schedule=master_text(o, "owner_schedule", both=False),
            metrics=master_text(o, "metrics", both=False),
            texts=(),
        )
        for o in master.objectives
    )
    central = tuple(replace(i, name=master_text(i, "name"), texts=()) for i in master.central)
    return replace(master, settings=settings, kpis=kpis, objectives=objectives, central=central)


SHEET_NAME_MOST = 31  # characters: Excel's limit
BAD = re.compile(r"[\[\]:*?/\\]")  # characters a sheet name cannot hold


def sheet_title(message: str) -> str:
    """A sheet's name in the run's language: both languages of a bilingual run where they fit
    a sheet name ("Sisällys – Innehåll"), else the primary language's."""
    both = label(message)
    return both if len(both) <= SHEET_NAME_MOST and not BAD.search(both) else _(message)


# --- The master as one workbook (perustiedot.xlsx) and the budget export `kemixl init` reads ---

# The tree's levels, as the report's tables and a budget export's columns name them.
DEPARTMENT = N_("Department")
RESULT_AREA = N_("Result area")
COST_CENTRE = KPI_CODE
ACCOUNT = N_("Account")

# TRANSLATORS: the sheets of the master workbook (perustiedot.xlsx), one per master file:
# fi Asetukset, Kustannuspaikat, Talousarvioluvut, Keskitetyt erät, Tilikartta ...
MASTER_SHEETS: dict[str, str] = {
    "master.toml": N_("Settings"),
    "costcentres.csv": N_("Cost centres"),
    "figures.csv": N_("Budget figures"),
    "central.csv": N_("Central items"),
    "kpis.csv": SHEET_KPIS,
    "strategy.csv": SHEET_STRATEGY,
    "strategy_sdg.csv": N_("SDGs"),
    "accounts.csv": N_("Chart of accounts"),
    "investments.csv": SHEET_INVESTMENTS,
    "amendments.csv": N_("Budget amendments"),
    "previous.csv": N_("Previous reports"),
}
# The master files' columns as the workbook titles them (identifiers stay the CSV files'
# column names); the figure columns take the report's titles (TP 2022, TA 2023 ...).
MASTER_FIELDS: dict[str, str] = {
    "code": N_("Code"),
    "parent": N_("Parent code"),
    "name": N_("Name"),
    "responsible": RESPONSIBLE,
    "line": N_("Line"),
    "item": N_("Item"),
    "section": N_("Section"),
    "id": KPI_ID,
    "group": KPI_GROUP,
    "goal": GOAL,
    "department": DEPARTMENT,
    "objective": OBJECTIVE,
    "actions": ACTIONS,
    "owner_schedule": OWNER,
    "metrics": METRICS,
    "sdg": N_("UN goals (1–17)"),
    "first": N_("First account"),
    "last": N_("Last account"),
    "date": N_("Date"),
    "decision": N_("Decision"),
    "amount": N_("Amount"),
    "period": N_("Period"),
    "key": N_("Setting"),
    "value": N_("Value"),
    "explanation": N_("Explanation"),
    "project": PROJECT,
    "binding": N_("Binding unit (yes/no)"),
}
# A file's own title for a column where the generic one would mislead.
MASTER_FIELDS_OF: dict[tuple[str, str], str] = {
    ("kpis.csv", "name"): KPI_NAME,
    ("kpis.csv", "code"): KPI_CODE,
    ("strategy.csv", "id"): STRATEGY_ID,
    ("accounts.csv", "name"): N_("Name of the range"),
    ("investments.csv", "id"): PROJECT,
    ("investments.csv", "group"): PROJECT_GROUP,
    ("investments.csv", "binding"): N_("Binding level"),
}
# A text column's Swedish and English versions (name_sv, name_en).
IN_LANGUAGE: dict[str, str] = {"sv": N_("{column} in Swedish"), "en": N_("{column} in English")}
