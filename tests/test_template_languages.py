"""Templates in every language kemixl writes (sv, en, bilingual fi+sv), read back in any run;
Swedish free-form submissions; the live checks in Swedish, recalculated by LibreOffice."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from kemixl import layout as T
from kemixl.findings import Rule, Severity
from kemixl.i18n import _, gettext_in, label, terms, using
from kemixl.master import load_master
from kemixl.model import Column, Line, Master
from kemixl.pipeline import check
from kemixl.reconcile import Consolidation
from kemixl.templates import checks as K
from kemixl.templates.fill import fill_template
from kemixl.templates.writer import write_templates

from .builders import Drift, project_inputs, sample_reported, write_submission
from .conftest import TEMPLATES
from .gnumeric import ENGINES, compare_with, recalculate_with
from .libreoffice import (  # noqa: F401
    compare_cached_to_recalculated,
    libreoffice,
    recalculate,
)
from .test_template_checks import CHECKED, FILLS, KV, fill_as

# the language a template is written in -> the language of the run that reads it back
LANGS = {"sv": "en", "en": "fi", "fi+sv": "sv"}
YMP = "64500000"
# Common English words that are no Finnish or Swedish words: they must not leak into a Finnish
# or Swedish template.
ENGLISH = {
    "the",
    "is",
    "not",
    "and",
    "of",
    "file",
    "sheet",
    "missing",
    "should",
    "cannot",
    "workbook",
    "column",
    "type",
    "fill",
    "forecast",
    "actual",
    "check",
    "yellow",
    "cells",
    "row",
    "rows",
}
# Finnish template words that have no place in a Swedish or English template.
FINNISH = {"toteuma", "tarkistus", "täytä", "keltaiset", "euroina", "talous", "ohjeet", "ennuste"}


def _write(lang: str, out: Path) -> dict[str, Path]:
    master = load_master(TEMPLATES)
    with using(lang):
        results = write_templates(master, out)
    return {r.department: r.path for r in results if r.path is not None}


@pytest.fixture(scope="module", params=list(LANGS))
def written(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, dict[str, Path]]:
    lang: str = request.param
    return lang, _write(lang, tmp_path_factory.mktemp(f"templates-{lang.replace('+', '-')}"))


def _catalog_texts(path: Path, lang: str) -> list[str]:
    """The texts kemixl writes from its catalog (not master data: names, KPIs, strategy)."""
    wb = load_workbook(path)
    with using(lang):
        names = T.sheet_names()
    texts = [str(c.value) for row in wb[names.instructions].iter_rows(min_row=3) for c in row]
    finance = wb[names.finance]
    texts += [str(finance.cell(r, 1).value) for r in (2, 3)]
    texts += [str(c.value) for c in finance[5] if c.value]
    for ws in (finance, wb[names.explanations], wb[names.kpis], wb[names.strategy]):
        for dv in ws.data_validations.dataValidation:
            texts += [dv.promptTitle or "", dv.prompt or "", dv.errorTitle or "", dv.error or ""]
    texts += [str(c.value) for c in wb[names.explanations]["A"] if c.value]
    for ws in (wb[names.kpis], wb[names.strategy]):
        texts += [str(ws.cell(1, 1).value), str(ws.cell(2, 1).value)]
        texts += [str(c.value) for c in ws[4] if c.value]
    city = load_master(TEMPLATES).settings
    return [
        t.replace(city.city, "")
        .replace(city.title, "")
        .replace("kemixl check", "")
        .replace("kemixl", "")
        for t in texts
        if t and t != "None"
    ]


def _words(texts: list[str]) -> set[str]:
    return {w.casefold() for t in texts for w in re.findall(r"[^\W\d_]+", t)}


def test_sheets_titles_and_labels_in_the_language(written: tuple[str, dict[str, Path]]) -> None:
    lang, templates = written
    wb = load_workbook(templates[KV])
    with using(lang):
        names = T.sheet_names()
        period = load_master(TEMPLATES).period
        titles = [terms.column_title(period, c) for c in Column]
        lines = [terms.line_label(line) for line in Line]
        check_title = label(terms.CHECK_TITLE)
    assert wb.sheetnames == [
        names.instructions,
        names.finance,
        names.explanations,
        names.kpis,
        names.strategy,
        names.investments,  # KESKUSVIRASTO has investment projects
        T.STAMP_SHEET,
    ]
    assert all(len(name) <= 31 for name in wb.sheetnames)
    stamp = {r[0]: r[1] for r in wb[T.STAMP_SHEET].iter_rows(values_only=True)}
    assert stamp["finance_sheet"] == names.finance
    ws = wb[names.finance]
    header = [c.value for c in ws[5]]
    assert set(titles) <= set(header) and check_title in header
    assert {ws.cell(r, 1).value for r in range(6, 12)} >= set(lines[:2])
    if lang == "fi+sv":
        assert names.finance == "Talous – Ekonomi" and "Toteuma-% – Utfall-%" in header
    # numbers and the document in the (primary) language
    tag = {"sv": "[$-81D]", "en": "[$-809]", "fi+sv": "[$-40B]"}[lang]
    assert ws["B7"].number_format.startswith(tag) and ws["E7"].number_format.startswith(tag)
    assert wb.properties.language == {"sv": "sv-FI", "en": "en-GB", "fi+sv": "fi-FI"}[lang]


def test_no_other_language_leaks_into_the_template(written: tuple[str, dict[str, Path]]) -> None:
    lang, templates = written
    words = _words(_catalog_texts(templates[KV], lang))
    if lang == "en":
        assert not words & FINNISH
    else:
        assert not words & ENGLISH, sorted(words & ENGLISH)
    if lang == "sv":
        assert not words & FINNISH, sorted(words & FINNISH)
    if lang == "fi+sv":  # labels in both languages, running text in Finnish
        assert {"tarkistus", "kontroll", "täytä"} <= words


def test_finnish_template_has_no_english_or_swedish_words(tmp_path: Path) -> None:
    fi = _write("fi", tmp_path)
    words = _words(_catalog_texts(fi[KV], "fi"))
    assert not words & ENGLISH, sorted(words & ENGLISH)
    assert not words & {"utfall", "kontroll", "budget", "bokslutsprognos"}


def _fill(lang: str, templates: dict[str, Path], dst: Path, master: Master) -> dict[str, object]:
    """Every template filled with the sample's figures, the explanations (keyed by the Finnish
    labels: fill finds them in any language), a KPI and an objective's status written in the
    template's own words."""
    dst.mkdir()
    reported = sample_reported()
    kpi = next(k for k in master.kpis if master.department_of(k.code) == YMP or k.code == YMP)
    objective = next(o for o in master.objectives if o.department == YMP)
    with using(lang):
        status = terms.status_label("Etenee")
    for dept, path in templates.items():
        fill_template(
            path,
            dst / path.name,
            master.period,
            reported,
            explanations={
                T.RESPONSIBLE_LABEL: f"Vastaava {dept}",
                T.EXPLANATION_LABEL: f"Perustelu {dept}",
                T.SAVINGS_LABEL: f"Säästöt {dept}",
            },
            kpis={kpi.id: (1250, "7 kpl")} if dept == YMP else None,
            realizations={objective.id: (status, "Edistyy.")} if dept == YMP else None,
            projects=project_inputs(master),
        )
    return {"kpi": kpi.id, "objective": objective.id}


def _assert_read_back(c: Consolidation, master: Master, ids: dict[str, object]) -> None:
    assert [f.line() for f in c.findings if f.severity is Severity.ERROR] == []
    for (code, line), values in sample_reported().items():
        if master.centre(code) is None or master.children(code):
            continue
        for column in (Column.ACTUAL, Column.FORECAST):
            assert c.amount(code, line, column) == pytest.approx(values[column], abs=0.005)
    assert c.submitted_departments == frozenset({"64100000", "64200000", "64300000", YMP})
    expl = c.explanations[KV]
    assert (expl.responsible, expl.explanation, expl.savings) == (
        f"Vastaava {KV}",
        f"Perustelu {KV}",
        f"Säästöt {KV}",
    )
    kpi = c.kpis[str(ids["kpi"])]
    assert (kpi.actual, kpi.forecast) == (1250, "7 kpl")
    realization = c.realizations[str(ids["objective"])]
    assert (realization.status, realization.text) == ("Etenee", "Edistyy.")  # stored canonically


def test_template_fill_read_back_in_another_language(
    written: tuple[str, dict[str, Path]], master: Master, tmp_path: Path
) -> None:
    lang, templates = written
    ids = _fill(lang, templates, tmp_path / "in", master)
    _assert_read_back(check(tmp_path / "in", master, language=LANGS[lang]), master, ids)


def test_template_read_back_in_every_run_language(master: Master, tmp_path: Path) -> None:
    """One Swedish template, read in a Finnish, Swedish, English and bilingual run."""
    templates = _write("sv", tmp_path / "t")
    ids = _fill("sv", templates, tmp_path / "in", master)
    for run in ("fi", "sv", "en", "fi+sv"):
        _assert_read_back(check(tmp_path / "in", master, language=run), master, ids)


SWEDISH_TITLES = {
    "tp_prev": "BS 2022",
    "ta": "Budget 2023",
    "ta_amended": "Ändrad budget 2023",
    "actual": "Utfall 01-06/2023",
    "pct": "Utfall-%",
    "forecast": "Bokslutsprognos 2023",
}
SWEDISH_LABELS = {
    Line.INCOME: "Verksamhetsintäkter",
    Line.COSTS: "Verksamhetskostnader",
    Line.MARGIN: "Verksamhetsbidrag",
}


ENGLISH_TITLES = {
    "tp_prev": "Accounts 2022",
    "ta": "Budget 2023",
    "ta_amended": "Amended budget 2023",
    "actual": "Actual 01-06/2023",
    "pct": "Actual %",
    "forecast": "Forecast 2023",
}
ENGLISH_LABELS = {
    Line.INCOME: "Operating revenue",
    Line.COSTS: "Operating expenses",
    Line.MARGIN: "Operating margin",
}
# a free-form sheet's words: column titles, line labels, the explanation sheet's labels
FREE_FORM = {
    "sv": (
        SWEDISH_TITLES,
        SWEDISH_LABELS,
        ("Ansvarsperson:", "Budgetutfallet och åtgärder", "Ekonomiprogram och sparåtgärder"),
    ),
    "en": (
        ENGLISH_TITLES,
        ENGLISH_LABELS,
        ("Responsible person:", "Budget implementation", "Savings measures"),
    ),
}


@pytest.mark.parametrize(("words", "run"), [("sv", "fi"), ("sv", "sv"), ("en", "fi")])
def test_a_free_form_submission_in_another_language(
    words: str, run: str, master: Master, tmp_path: Path
) -> None:
    """A department's own Swedish (or English) table and texts, in no template: read like a
    Finnish one."""
    titles, labels, (responsible, explanation, savings) = FREE_FORM[words]
    inputs = tmp_path / "in"
    inputs.mkdir()
    reported = sample_reported()
    for i, dept in enumerate(("64100000", "64200000", "64300000", YMP)):
        drift = Drift(
            title_rows=2,
            sheet="Blad1",
            titles=titles,
            labels=labels,
            columns=["tp_prev", "ta", "ta_amended", "actual", "pct", "forecast"],
            as_text=i % 2 == 1,
        )
        path = write_submission(inputs / f"rapport_{i}.xlsx", master, dept, reported, drift, seed=i)
        if dept == KV:
            wb = load_workbook(path)
            ws = wb.create_sheet("Texter")
            ws["A1"] = f"{responsible} Anna Berg"
            ws["A3"] = explanation
            ws["A4"] = "Kostnaderna ligger inom budgeten."
            ws["A7"] = savings
            ws["A8"] = "Inga nya åtgärder."
            wb.save(path)
    c = check(inputs, master, language=run)
    assert [f.line() for f in c.findings if f.severity is Severity.ERROR] == []
    for (code, line), values in reported.items():
        if master.centre(code) is None or master.children(code):
            continue
        for column in (Column.ACTUAL, Column.FORECAST):
            assert c.amount(code, line, column) == pytest.approx(values[column], abs=0.005)
    expl = c.explanations[KV]
    assert expl.responsible == "Anna Berg"
    assert expl.explanation == "Kostnaderna ligger inom budgeten."
    assert expl.savings == "Inga nya åtgärder."


def test_a_swedish_kpi_and_strategy_table_is_read(master: Master, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Nummer", "Kostnadsställe", "Prestation", "Utfall 1-6/2023", "Bokslutsprognos 2023"])
    ws.append(["K1", "64510000 X", "Besök", 120, "250"])
    st = wb.create_sheet("Strategi")
    st.append(["Nummer", "Målsättning", "Status", "Utfall 1-6/2023"])
    st.append(["S1", "Bättre service", "Försenat", "Väntar på beslut."])
    st.append(["S2", "Mer", "Ei käynnistynyt – Inte påbörjat", ""])
    path = tmp_path / "blad.xlsx"
    wb.save(path)
    from kemixl.submissions.reader import read_submission

    sub = read_submission(path)
    assert [(k.kpi_id, k.code, k.name, k.actual, k.forecast) for k in sub.kpis] == [
        ("K1", "64510000", "Besök", 120, 250)
    ]
    assert [(r.objective_id, r.status, r.text) for r in sub.realizations] == [
        ("S1", "Viivästynyt", "Väntar på beslut."),
        ("S2", "Ei käynnistynyt", ""),
    ]


# ---------------------------------------------------------------------------------------------
# the live checks in Swedish, recalculated by LibreOffice

SV_FILLS = [
    "all-correct",
    "thousands-one-area",
    "wrong-sign",
    "missing-actual",
    "text-grouped-thousands",
]


@pytest.fixture(scope="module")
def swedish(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _write("sv", tmp_path_factory.mktemp("templates-sv-checks"))


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("fill", SV_FILLS)
def test_swedish_live_checks_flag_the_rows_the_rules_name(
    fill: str, engine: str, swedish: dict[str, Path], master: Master, tmp_path: Path
) -> None:
    to_sv = {gettext_in("fi", h): gettext_in("sv", h) for h in K.HINTS}
    expected = {row: to_sv[hint] for row, hint in FILLS[fill][2].items()}
    path = fill_as(fill, swedish[KV], master, tmp_path)
    with using("sv"):
        sheet = T.sheet_names().finance
        one, many = K.summary_counts()
        ok = _(K.SUMMARY_OK)
    ws = load_workbook(recalculate_with(engine, path, tmp_path), data_only=True)[sheet]
    hints = {r: ws.cell(r, 8).value for r in range(6, ws.max_row + 1) if ws.cell(r, 8).value}
    named = {
        int(re.sub(r"\D", "", cell))
        for f in check(path, master, language="sv").findings
        if f.rule in CHECKED
        for cell in (f.cells or (f.cell,))
    }
    assert set(hints) == named
    assert hints == expected
    n = len(expected)
    assert ws["A4"].value == (ok if not n else (one if n == 1 else many).replace("{n}", str(n)))


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("lang", ["sv", "en", "fi+sv"])
def test_cached_values_agree_with_both_engines(
    lang: str, engine: str, master: Master, tmp_path: Path
) -> None:
    """Every formula of a Swedish, English (and bilingual) template, the summary's texts
    included: LibreOffice and Gnumeric compute what kemixl cached (a filled one: the hints test
    above)."""
    templates = _write(lang, tmp_path / "t")
    report = compare_with(engine, templates[KV], tmp_path)
    assert report.formula_count > 100 and report.mismatches == [], report.mismatches[:5]


def test_instructions_are_no_longer_than_the_finnish(
    written: tuple[str, dict[str, Path]], tmp_path: Path
) -> None:
    """The instructions sheet's rows are single lines (the Finnish ones fit on the page): no
    translated line may be longer than the longest Finnish one, or it would run into the next."""
    lang, templates = written
    fi = _write("fi", tmp_path)

    def longest(path: Path, language: str) -> int:
        with using(language):
            sheet = T.sheet_names().instructions
        rows = load_workbook(path)[sheet].iter_rows(min_row=3, values_only=True)
        return max(len(str(row[0])) for row in rows if row[0])

    assert longest(templates[YMP], lang) <= longest(fi[YMP], "fi")


def test_names_in_the_template_language_are_the_masters(master: Master, tmp_path: Path) -> None:
    """A master with Swedish names: the Swedish template writes them, and reading it back they
    are the master's names (no name-mismatch), in any run."""
    centres = tuple(dataclasses.replace(c, name_sv=f"SV {c.name.title()}") for c in master.centres)
    swedish = dataclasses.replace(master, centres=centres)
    area = master.centre("64110000")
    assert area is not None
    with using("sv"):
        results = write_templates(swedish, tmp_path / "t")
    path = next(r.path for r in results if r.department == KV)
    assert path is not None
    with using("sv"):
        sheet = T.sheet_names().finance
    labels = [c.value for c in load_workbook(path)[sheet]["A"] if c.value]
    assert f"64110000 SV {area.name.title()}" in labels
    filled = tmp_path / "in.xlsx"
    fill_template(path, filled, master.period, sample_reported(), projects=project_inputs(master))
    for run in ("fi", "sv"):
        rules = {f.rule for f in check(filled, swedish, language=run).findings}
        assert Rule.NAME_MISMATCH not in rules and Rule.TEMPLATE_ALTERED not in rules


def test_a_sheet_name_too_long_for_both_languages_is_the_primary_languages() -> None:
    with using("fi+sv"):
        assert T.sheet_name(terms.SHEET_FINANCE) == "Talous – Ekonomi"
        long = T.sheet_name(terms.SAVINGS)  # a label far longer than a sheet name
    assert long == gettext_in("fi", terms.SAVINGS) and " – " not in long


@pytest.mark.parametrize("lang", ["fi", "sv", "en", "fi+sv", "sv+fi", "en+sv"])
def test_the_reader_knows_every_languages_titles_labels_and_statuses(lang: str) -> None:
    from kemixl.model import Period
    from kemixl.submissions.reader import header_kind, line_of

    period = Period(2031, 1, 8)
    with using(lang):
        titles = {c.value: terms.column_title(period, c) for c in Column}
        pct = terms.pct_title()
        labels = {line: terms.line_label(line) for line in Line}
        statuses = {key: terms.status_label(key) for key in T.ALL_STATUSES}
    assert {kind: header_kind(title) for kind, title in titles.items()} == {
        kind: kind for kind in titles
    }
    assert header_kind(pct) == "pct"
    assert {line: line_of(text) for line, text in labels.items()} == {line: line for line in Line}
    assert {key: terms.status_key(text) for key, text in statuses.items()} == {
        key: key for key in statuses
    }
