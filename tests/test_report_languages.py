"""The council workbook in every language: Swedish, English and the bilingual fi+sv report say
every word of their own in their language(s), with the same figures and formulas as the
Finnish one (golden and LibreOffice checks are parametrized in their own modules); number
formats and the document carry the language; nothing is clipped by the longer words."""

from __future__ import annotations

import dataclasses
import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from kemixl.i18n import label, terms, using
from kemixl.i18n.catalog import LOCALE_DIR
from kemixl.model import Line
from kemixl.report import write_report
from kemixl.report.finance import COLS, HEADER_ROW
from kemixl.report.measure import LINE_POINTS, text_height, width_for, wrapped_lines
from kemixl.report.names import AMENDMENTS, DEPARTMENTS, FINDINGS, STRATEGY, TREND, sheet_title
from kemixl.report.status import overrun_word, pace_word
from kemixl.report.strategy import CITY_TOTAL
from tests.libreoffice import (
    compare_cached_to_recalculated,
    libreoffice,  # noqa: F401  (fixture)
)

from .test_report_support import (  # noqa: F401  (fixtures)
    fixture_samples_consolidation,
    fixture_samples_workbook,
    fixture_workbook_in,
)
from .test_rollover import August, august, june  # noqa: F401  (fixtures)

# Common English words that are no Finnish or Swedish words: one in a Finnish or Swedish
# report's own text means an untranslated message.
ENGLISH = {
    "the", "is", "not", "and", "of", "file", "sheet", "missing", "should", "cannot",
    "workbook", "column", "row", "with", "from", "budget's", "revised", "forecast", "total",
    "department", "departments", "page", "cell", "error", "errors", "warning", "warnings",
    "status", "actual", "report", "figures", "chart", "statement", "explanation", "none",
}  # fmt: skip
WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
# Words shared by English and the report's Finnish or Swedish: "Status" and "cell" are Swedish
# too, and "Budget 2023" (BU) is the Swedish column title.
SHARED = {"sv": {"status", "budget", "cell"}, "fi": set(), "fi+sv": {"status", "budget", "cell"}}


def _texts(ws: Worksheet) -> Iterator[tuple[str, str]]:
    """(cell, text) of every text cell that is not a formula."""
    for row in ws.iter_rows():
        for c in row:
            if isinstance(c.value, str) and not c.value.startswith("="):
                yield c.coordinate, c.value


def _report_words(path: Path, data: set[str]) -> list[tuple[str, str]]:
    """(place, text) of the report's own texts: every text cell of the shown sheets, the sheet
    names, the charts' titles and alternative texts, with the data in them (names,
    explanations, KPI and strategy texts, findings' technical messages) taken out."""
    wb = load_workbook(path)
    out = [(f"sheet {ws.title}", ws.title) for ws in wb.worksheets]
    for ws in wb.worksheets:
        if ws.sheet_state == "visible":
            out += [(f"{ws.title}!{cell}", text) for cell, text in _texts(ws)]
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.startswith("xl/charts/chart") or name.startswith("xl/drawings/drawing"):
                xml = zf.read(name).decode()
                out += [(name, t) for t in re.findall(r"<a:t>([^<]*)</a:t>", xml)]
                out += [(name, t) for t in re.findall(r'descr="([^"]*)"', xml)]
    longest_first = sorted(data, key=len, reverse=True)
    cleaned = []
    for place, text in out:
        for d in longest_first:
            if d in text:
                text = text.replace(d, " ")
        cleaned.append((place, text))
    return cleaned


def _english(path: Path, data: set[str], lang: str) -> list[tuple[str, str]]:
    """(place, word) of every common English word among the report's own texts."""
    return [
        (place, word)
        for place, text in _report_words(path, data)
        for word in WORD.findall(text)
        if word.casefold() in ENGLISH - SHARED.get(lang, set())
    ]


def _data(samples: object) -> set[str]:
    """Master and submitted texts of the samples (the words kemixl does not write)."""
    from kemixl.reconcile import Consolidation

    assert isinstance(samples, Consolidation)
    m = samples.master
    texts = {m.settings.title, m.settings.city}
    texts |= {n.name for n in m.centres} | {n.responsible for n in m.centres}
    texts |= {k.name for k in m.kpis} | {k.group for k in m.kpis}
    texts |= {str(v) for k in m.kpis for v in (k.tp_prev, k.ta) if isinstance(v, str)}
    for o in m.objectives:
        texts |= {o.goal, o.objective, o.actions, o.owner_schedule, o.metrics}
    texts |= {item.name for item in m.central}
    texts |= {r.text for r in samples.realizations.values()}
    for v in samples.kpis.values():
        texts |= {str(x) for x in (v.actual, v.forecast) if isinstance(x, str)}
    for e in samples.explanations.values():
        texts |= {e.responsible, *e.explanation.splitlines(), *e.savings.splitlines()}
        texts |= {line for p in (e.explanation, e.savings) for line in p.split("\n\n")}
    for f in samples.findings:
        texts |= {f.file, f.text(), f.rule.value}
        texts |= {str(x) for x in (f.submitted, f.expected) if isinstance(x, str)}
    return {t.strip() for t in texts if t and len(t.strip()) > 2}


@pytest.mark.parametrize("lang", ["fi", "sv", "fi+sv"])
def test_no_english_in_a_finnish_or_swedish_report(
    workbook_in: Callable[[str], Path], samples_consolidation: object, lang: str
) -> None:
    data = _data(samples_consolidation)
    path = workbook_in(lang)
    # an explanation broken into lines: each line of a long text is data too
    wb = load_workbook(path)
    long = [d for d in data if len(d) > 40]
    lines = {
        text
        for ws in wb.worksheets
        for _cell, text in _texts(ws)
        if len(text) > 20 and any(text in d for d in long)
    }
    assert _english(path, data | lines, lang) == []
    # not vacuous: the English report is full of them
    assert len(_english(workbook_in("en"), data | lines, "en")) > 50


def _finnish_only_labels() -> set[str]:
    """Finnish words of the catalog that Swedish says otherwise (at least two words long, or
    one long word): none of them may stand alone in a cell of the Swedish report."""
    catalogs = {}
    for lang in ("fi", "sv"):
        with (LOCALE_DIR / lang / "LC_MESSAGES" / "kemixl.po").open("rb") as f:
            catalogs[lang] = {m.id: m.string for m in read_po(f) if m.id and not m.pluralizable}
    return {
        fi
        for msgid, fi in catalogs["fi"].items()
        if fi != catalogs["sv"].get(msgid) and "{" not in fi and (" " in fi or len(fi) > 8)
    }


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_no_finnish_label_in_a_swedish_or_english_report(
    workbook_in: Callable[[str], Path], samples_consolidation: object, lang: str
) -> None:
    path = workbook_in(lang)
    finnish = _finnish_only_labels()
    assert {"Tuloslaskelma", "TOIMINTAKATE YHTEENSÄ", "Kaikki yhteensä"} <= finnish
    data = _data(samples_consolidation)
    found = [(place, text) for place, text in _report_words(path, data) if text.strip() in finnish]
    assert found == []


@pytest.mark.parametrize(
    ("lang", "document", "tag"),
    [
        ("fi", "fi-FI", "[$-40B]"),
        ("sv", "sv-FI", "[$-81D]"),
        ("en", "en-GB", "[$-809]"),
        ("fi+sv", "fi-FI", "[$-40B]"),
    ],
)
def test_document_language_and_number_formats(
    workbook_in: Callable[[str], Path], lang: str, document: str, tag: str
) -> None:
    with zipfile.ZipFile(workbook_in(lang)) as zf:
        core = zf.read("docProps/core.xml").decode()
        styles = zf.read("xl/styles.xml").decode()
        charts = "".join(
            zf.read(n).decode() for n in zf.namelist() if n.startswith("xl/charts/chart")
        )
    assert f"<dc:language>{document}</dc:language>" in core
    formats = re.findall(r'formatCode="([^"]*)"', styles)
    assert formats and all(tag in f for f in formats if "[$-" in f)
    assert sum(tag in f for f in formats) >= 3  # euros, changes, percents ...
    others = {"[$-40B]", "[$-81D]", "[$-809]"} - {tag}
    assert not any(o in styles or o in charts for o in others)


@pytest.mark.parametrize("lang", ["fi", "sv", "en", "fi+sv"])
def test_status_words_and_footer_in_the_language(
    workbook_in: Callable[[str], Path], lang: str
) -> None:
    path = workbook_in(lang)
    with using(lang):
        overrun, pace, sheet = overrun_word(), pace_word(), sheet_title(DEPARTMENTS)
        page = label("page {page} / {pages}", page="&P", pages="&N").split(" – ")[0]
    expected = {
        "fi": ("YLITYS", "NOPEA TAHTI", "Toimialat", "sivu &P / &N"),
        "sv": ("ÖVERSKRIDNING", "SNABB TAKT", "Sektorer", "sida &P / &N"),
        "en": ("OVERSPEND", "FAST PACE", "Divisions", "page &P of &N"),
        "fi+sv": (
            "YLITYS – ÖVERSKRIDNING",
            "NOPEA TAHTI – SNABB TAKT",
            "Toimialat – Sektorer",
            "sivu &P / &N",  # the footer is running text: the primary language
        ),
    }[lang]
    assert (overrun, pace, sheet, page) == expected
    formulas = load_workbook(path)[sheet]
    values = load_workbook(path, data_only=True)[sheet]
    status = COLS["status"] + 1
    words = {
        (formulas.cell(r, status).value, values.cell(r, status).value)
        for r in range(HEADER_ROW + 2, formulas.max_row + 1)
        if formulas.cell(r, status).value
    }
    assert {v for _f, v in words} == {overrun, pace, "–"}  # cached: what the formula says
    assert all(f'"{v}"' in f for f, v in words)
    assert formulas.oddFooter.right.text.endswith(page)


@pytest.mark.parametrize("lang", ["sv", "en", "fi+sv"])
def test_longer_words_are_not_clipped(workbook_in: Callable[[str], Path], lang: str) -> None:
    """Every word of a finance table's column titles fits its column (broken after a hyphen
    at most), the line labels fit column A and the status words their column, whole."""
    path = workbook_in(lang)
    wb = load_workbook(path)
    with using(lang):
        lines = [terms.line_label(line) for line in Line]
        words = [overrun_word(), pace_word()]
        finance = [sheet_title(DEPARTMENTS), "Keskusvirasto", "Ympäristötoimiala"]
        sheet_findings, sheet_strategy = sheet_title(FINDINGS), sheet_title(STRATEGY)
        city_total = label(CITY_TOTAL)
    for name in finance:
        ws = wb[name]

        def width(col: int, ws: Worksheet = ws) -> float:
            """The width set (digits; openpyxl adds 0.71 of padding, and keeps runs of equal
            columns as one)."""
            dims = [d for d in ws.column_dimensions.values() if d.min <= col + 1 <= d.max]
            return float(dims[0].width) - 0.71 if dims else 8.43

        for col in range(COLS["status"] + 1):
            title = ws.cell(HEADER_ROW + 1, col + 1).value
            assert isinstance(title, str)
            for word in title.replace("-", "- ").split():
                assert width_for(word, True) <= width(col) + 0.01, (name, title, word)
        assert all(width_for(t, True) + 1.5 <= width(0) + 0.01 for t in lines), name
        assert all(width_for(w, True) <= width(COLS["status"]) + 0.01 for w in words), name
    findings = wb[sheet_findings]  # the severities, bold on one line
    (table,) = findings.tables.values()
    first, last = (int(x) for x in re.findall(r"\d+", table.ref))
    severities = {findings.cell(r, 1).value for r in range(first + 1, last + 1)} - {None}
    assert severities
    dims = [d for d in findings.column_dimensions.values() if d.min <= 1 <= d.max]
    assert all(width_for(s, True) <= float(dims[0].width) - 0.71 + 0.01 for s in severities)
    strategy = wb[sheet_strategy]  # the city's total: a row as tall as its label
    row = next(r for r in range(1, strategy.max_row) if strategy.cell(r, 1).value == city_total)
    dims = [d for d in strategy.column_dimensions.values() if d.min <= 1 <= d.max]
    if wrapped_lines(city_total, float(dims[0].width) - 0.71, bold=True) > 1:
        needed = text_height(city_total, float(dims[0].width) - 0.71, bold=True)
        assert (strategy.row_dimensions[row].height or LINE_POINTS) >= needed - 0.01
    else:
        assert lang != "fi+sv"  # "Kaikki yhteensä – Alla sammanlagt" takes two lines


def test_no_language_is_needed_to_write_a_report_in_another(
    samples_consolidation: object, tmp_path: Path
) -> None:
    """A report in one language written after one in another: nothing of the first stays (the
    formats and words are made per workbook, not once per process)."""
    from kemixl.reconcile import Consolidation

    assert isinstance(samples_consolidation, Consolidation)
    paths = {}
    for lang in ("sv", "fi"):
        with using(lang):
            paths[lang] = tmp_path / f"{lang}.xlsx"
            write_report(samples_consolidation, paths[lang])
    assert load_workbook(paths["fi"]).sheetnames[:3] == ["Sisällys", "Tuloslaskelma", "Toimialat"]
    assert load_workbook(paths["sv"]).sheetnames[:3] == [
        "Innehåll",
        "Resultaträkning",
        "Sektorer",
    ]
    with zipfile.ZipFile(paths["fi"]) as zf:
        assert "[$-81D]" not in zf.read("xl/styles.xml").decode()


@pytest.fixture(scope="module")
def august_in(august: August, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:  # noqa: F811
    """The year's August report (trend, amendments, ledger, forecast change) in sv and fi+sv."""
    out = {}
    for lang in ("sv", "fi+sv"):
        with using(lang):
            path = tmp_path_factory.mktemp("august-" + lang.replace("+", "-")) / "r.xlsx"
            write_report(august.c, path)
        out[lang] = path
    return out


def test_later_report_sheets_in_swedish(august_in: dict[str, Path]) -> None:
    wb = load_workbook(august_in["sv"], data_only=True)
    assert {"Prognosens utveckling", "Budgetändringar", "Sektorer"} <= set(wb.sheetnames)
    header = [c.value for c in wb["Sektorer"][HEADER_ROW + 1]]
    assert "Förändring från prognosen 01-06/2023" in header
    trend = [[c.value for c in row] for row in wb["Prognosens utveckling"].iter_rows()]
    assert any(r[:2] == ["Sektor", "Rapport"] for r in trend)
    assert trend[0][0] == "Prognosens utveckling 2023"
    amendments = [[c.value for c in row] for row in wb["Budgetändringar"].iter_rows()]
    first = [r[0] for r in amendments].index("Beslutsdatum") + 1
    assert amendments[first][0] == "10.7.2023" and amendments[first][3] == "VERKSAMHETSKOSTNADER"
    assert amendments[first + 1][0] == "Totalt"
    sources = [c.value for row in wb["Källor"].iter_rows() for c in row]
    assert "Bokföring (utfall)" in sources and "VERKSAMHETSINTÄKTER" in sources
    assert all("klo" not in str(v) for v in sources)  # times as Swedish writes them: kl.
    assert any(re.search(r"\d kl\. \d", str(v)) for v in sources)
    with using("sv"):
        names = {sheet_title(TREND), sheet_title(AMENDMENTS), sheet_title(FINDINGS)}
    assert names <= set(wb.sheetnames)


@pytest.mark.usefixtures("libreoffice")
@pytest.mark.parametrize("lang", ["sv", "fi+sv"])
def test_later_report_recalculates_in_libreoffice(
    august_in: dict[str, Path], tmp_path: Path, lang: str
) -> None:
    report = compare_cached_to_recalculated(august_in[lang], tmp_path)
    assert report.mismatches == []
    assert report.formula_count > 400


SWEDISH_NAMES = {  # costcentres.csv's optional name_sv, as a bilingual city would give them
    "64000000": "KEMI STAD",
    "64100000": "CENTRALÄMBETSVERKET",
    "64110000": "FÖRVALTNINGSTJÄNSTER",
    "64200000": "SEKTORN FÖR LIVSKRAFT",
    "64500000": "MILJÖ",
}


def test_cost_centres_named_in_the_language(samples_consolidation: object, tmp_path: Path) -> None:
    """Names are data: a Swedish report uses the master's name_sv where given (sheet names,
    blocks, contents, KPI and strategy blocks), the Finnish name elsewhere; a bilingual one both."""
    from kemixl.reconcile import Consolidation

    assert isinstance(samples_consolidation, Consolidation)
    m = samples_consolidation.master
    centres = tuple(
        dataclasses.replace(n, name_sv=SWEDISH_NAMES.get(n.code, "")) for n in m.centres
    )
    master = dataclasses.replace(m, centres=centres)
    c = dataclasses.replace(samples_consolidation, master=master)
    books = {}
    for lang in ("fi", "sv", "fi+sv"):
        with using(lang):
            books[lang] = tmp_path / f"{lang.replace('+', '-')}.xlsx"
            write_report(c, books[lang])
    fi, sv, both = (load_workbook(books[lang]) for lang in ("fi", "sv", "fi+sv"))
    assert "Keskusvirasto" in fi.sheetnames and "Centralämbetsverket" in sv.sheetnames
    assert "Hyvinvointitoimiala" in sv.sheetnames  # no name_sv: the Finnish name
    assert "Keskusvirasto" in both.sheetnames  # both names would not fit 31 characters
    assert "Ympäristötoimiala – miljö" in both.sheetnames
    labels = {ws.cell(r, 1).value for ws in sv.worksheets for r in range(1, ws.max_row + 1)}
    assert {"64100000 CENTRALÄMBETSVERKET", "64110000 FÖRVALTNINGSTJÄNSTER"} <= labels
    assert "64230000 MAANKÄYTTÖ, ASUMINEN JA KAUPUNKISUUNNITT" in labels
    assert not {"64100000 KESKUSVIRASTO", "64110000 HALLINTOPALVELUT"} & labels
    both_labels = {ws.cell(r, 1).value for ws in both.worksheets for r in range(1, ws.max_row + 1)}
    assert "64100000 KESKUSVIRASTO – CENTRALÄMBETSVERKET" in both_labels
