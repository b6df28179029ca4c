"""Finnish as the council reads it: counts agree with their nouns, rules are explained in
Finnish, the status legend names the en dash, SDG columns say what their numbers are."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kemixl.findings import Finding, Rule, Severity
from kemixl.i18n import using
from kemixl.reconcile import Consolidation
from kemixl.report.contents import count_text, readiness
from kemixl.report.measure import break_lines, span_width
from kemixl.report.status import NEUTRAL, StatusRules, overrun_word, pace_word

from .test_report_support import (  # noqa: F401  (fixtures)
    fixture_samples_consolidation,
    fixture_samples_workbook,
    write,
)


@pytest.mark.parametrize(
    ("n", "severity", "text"),
    [
        (1, Severity.ERROR, "1 virhe"),
        (2, Severity.ERROR, "2 virhettä"),
        (1, Severity.WARNING, "1 varoitus"),
        (3, Severity.WARNING, "3 varoitusta"),
        (1, Severity.NOTE, "1 huomio"),
        (0, Severity.NOTE, "0 huomiota"),
        (21, Severity.WARNING, "21 varoitusta"),  # Finnish: only exactly 1 is singular
    ],
)
def test_count_agrees_with_its_noun(n: int, severity: Severity, text: str) -> None:
    assert count_text(n, severity) == text


@pytest.mark.parametrize(
    ("lang", "n", "severity", "text"),
    [
        ("sv", 1, Severity.ERROR, "1 fel"),
        ("sv", 2, Severity.ERROR, "2 fel"),
        ("sv", 1, Severity.WARNING, "1 varning"),
        ("sv", 3, Severity.WARNING, "3 varningar"),
        ("sv", 0, Severity.NOTE, "0 noteringar"),
        ("en", 1, Severity.ERROR, "1 error"),
        ("en", 2, Severity.WARNING, "2 warnings"),
        ("fi+sv", 2, Severity.ERROR, "2 virhettä"),  # running text: the primary language
    ],
)
def test_count_agrees_in_every_language(lang: str, n: int, severity: Severity, text: str) -> None:
    with using(lang):
        assert count_text(n, severity) == text


def _with(c: Consolidation, *severities: Severity) -> Consolidation:
    findings = tuple(
        Finding(Rule.NAME_MISMATCH, s, f"finding {i}", "x.xlsx") for i, s in enumerate(severities)
    )
    return dataclasses.replace(c, findings=findings)


def test_banner_counts_in_finnish(samples_consolidation: Consolidation) -> None:
    c = samples_consolidation
    one_warning, _ = readiness(_with(c, Severity.WARNING, Severity.NOTE))
    assert one_warning == "Täsmäytetty: ei virheitä (1 varoitus, ks. Havainnot)."
    two, _ = readiness(_with(c, Severity.WARNING, Severity.WARNING))
    assert "(2 varoitusta," in two
    one_error, fmt = readiness(_with(c, Severity.ERROR, Severity.WARNING))
    assert one_error.startswith("EI VALMIS VALTUUSTOLLE: 1 virhe korjaamatta.")
    assert fmt == "banner"


@pytest.mark.parametrize(
    ("lang", "warned", "failed"),
    [
        (
            "sv",
            "Avstämd: inga fel (1 varning, se Iakttagelser).",
            "INTE KLAR FÖR FULLMÄKTIGE: 1 fel",
        ),
        (
            "en",
            "Reconciled: no errors (1 warning, see Findings).",
            "NOT READY FOR THE COUNCIL: 1 error",
        ),
        (
            "fi+sv",
            "Täsmäytetty: ei virheitä (1 varoitus, ks. Havainnot – Iakttagelser).",
            "EI VALMIS VALTUUSTOLLE: 1 virhe",
        ),
    ],
)
def test_banner_in_every_language(
    samples_consolidation: Consolidation, lang: str, warned: str, failed: str
) -> None:
    """The banner names the findings sheet as the workbook names it."""
    c = samples_consolidation
    with using(lang):
        assert readiness(_with(c, Severity.WARNING, Severity.NOTE))[0] == warned
        assert readiness(_with(c, Severity.ERROR, Severity.WARNING))[0].startswith(failed)


def test_banner_in_the_workbook(samples_consolidation: Consolidation, tmp_path: Path) -> None:
    c = _with(samples_consolidation, Severity.WARNING)
    ws = load_workbook(write(c, tmp_path / "r.xlsx"))["Sisällys"]
    texts = [cell.value for row in ws.iter_rows(max_row=6) for cell in row]
    assert "Täsmäytetty: ei virheitä (1 varoitus, ks. Havainnot)." in texts


@pytest.mark.parametrize(("margin", "points"), [(0.05, "5 %-yksikköä"), (0.01, "1 %-yksikkö")])
def test_status_legend(margin: float, points: str) -> None:
    legend = StatusRules(0.5, margin).legend()
    assert points in legend
    assert f"{NEUTRAL}\u00a0= ei huomautettavaa" in legend


@pytest.mark.parametrize(
    ("lang", "points", "neutral"),
    [
        ("sv", "5 procentenheter", "inget att anmärka"),
        ("en", "5 percentage points", "nothing to remark"),
        ("fi+sv", "5 %-yksikköä", "ei huomautettavaa"),
    ],
)
def test_status_legend_in_every_language(lang: str, points: str, neutral: str) -> None:
    with using(lang):
        legend = StatusRules(0.5, 0.05).legend()
        assert legend.count(overrun_word()) == legend.count(pace_word()) == 1
    assert points in legend
    assert f"{NEUTRAL}\u00a0= {neutral}" in legend


@pytest.mark.parametrize("lang", ["fi", "sv", "en", "fi+sv"])
@pytest.mark.parametrize("elapsed", [1 / 12, 6 / 12, 11 / 12, 1.0])
@pytest.mark.parametrize("margin", [0.0, 0.01, 0.05, 0.5])
def test_status_legend_fits_its_two_rows(elapsed: float, margin: float, lang: str) -> None:
    """The finance sheets have rows 3 and 4 for the legend, above the column titles (at their
    narrowest: a language's longer titles only widen them)."""
    table = span_width([46, 14, 14, 14, 14, 10, 14, 14])
    with using(lang):
        legend = StatusRules(elapsed, margin).legend()
    assert len(break_lines(legend, table, points=9)) <= 2


def test_legend_and_contents_explain_the_dash(samples_workbook: Path) -> None:
    wb = load_workbook(samples_workbook)
    ws = wb["Keskusvirasto"]
    assert str(ws["A3"].value).startswith("Tila:")  # the legend, in two lines (rows 3 and 4)
    legend = f"{ws['A3'].value} {ws['A4'].value}"
    assert f"{NEUTRAL}\u00a0= ei huomautettavaa" in legend
    contents = wb["Sisällys"]
    marks = {row[0].value: row[1].value for row in contents.iter_rows() if row[0].value == NEUTRAL}
    assert str(marks[NEUTRAL]).startswith("ei huomautettavaa")
