"""The council's workbook and every department template pass the accessibility checker
(tests/accessibility.py: Excel's Accessibility Checker rules and WCAG 2.1 AA), and each of its
rules fails where it should."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter

from kemixl.pipeline import consolidate, make_templates
from kemixl.report.formats import SPECS, STATUS_COLOURS
from kemixl.xlsx.book import Book

from .accessibility import RULES, check_workbook, contrast_ratio
from .conftest import TEMPLATES
from .test_report_layout import _faulty_inputs
from .test_report_support import (  # noqa: F401  (fixtures)
    fixture_samples_consolidation,
    fixture_samples_workbook,
    fixture_workbook_in,
)


@pytest.mark.parametrize("lang", ["fi", "sv", "en", "fi+sv"])
def test_the_bundled_report_passes(workbook_in: Callable[[str], Path], lang: str) -> None:
    assert check_workbook(workbook_in(lang)) == {}


def test_a_report_with_errors_passes(tmp_path: Path) -> None:
    """Red banner, error and warning rows, links to figures, values in every column."""
    out = tmp_path / "r.xlsx"
    c = consolidate(_faulty_inputs(tmp_path), TEMPLATES, out)
    assert any(f.severity.value == "error" for f in c.findings)
    assert check_workbook(out) == {}


@pytest.mark.parametrize("lang", ["fi", "sv", "en", "fi+sv"])
def test_every_template_passes(lang: str, tmp_path: Path) -> None:
    lines = make_templates(TEMPLATES, tmp_path, language=lang).lines
    written = sorted(tmp_path.glob("*.xlsx"))
    assert written and len(written) == sum(str(tmp_path) in line for line in lines)
    for path in written:
        assert check_workbook(path) == {}, path.name


@pytest.mark.parametrize(
    "spec", [name for name, s in SPECS.items() if "font_color" in s or "bg_color" in s]
)
def test_every_report_colour_reads(spec: str) -> None:
    """Every format with a colour, used in the sample or not (a banner shows only with errors)."""
    s = SPECS[spec]
    fg, bg = str(s.get("font_color", "#000000")), str(s.get("bg_color", "#FFFFFF"))
    assert contrast_ratio(fg[1:], bg[1:]) >= 4.5


@pytest.mark.parametrize("status", sorted(STATUS_COLOURS))
def test_every_traffic_light_reads(status: str) -> None:
    fill, text = STATUS_COLOURS[status]
    assert contrast_ratio(text[1:], fill[1:]) >= 4.5


def test_contrast_ratio() -> None:
    assert contrast_ratio("000000", "FFFFFF") == pytest.approx(21)
    assert contrast_ratio("FFFFFF", "FFFFFF") == pytest.approx(1)
    assert contrast_ratio("767676", "FFFFFF") == pytest.approx(4.54, abs=0.01)  # WCAG's limit


# -- each rule fails where it should ------------------------------------------------------


def _book(
    path: Path,
    sheet: str = "Tiedot",
    language: bool = True,
    titles: tuple[str, ...] = ("Nimi", "Luku"),
) -> tuple[Any, Any]:
    """A workbook that passes (a titled table of numbers with a header row), to break."""
    wb = (
        Book(path, language="fi-FI")
        if language
        else xlsxwriter.Workbook(str(path), {"in_memory": True})
    )
    wb.set_properties({"title": "Testi", "subject": "Kokeilu"})
    ws = wb.add_worksheet(sheet)
    for col, title in enumerate(titles):
        ws.write_string(0, col, title)
    for row in range(1, 5):
        ws.write_string(row, 0, f"rivi {row}")
        ws.write_number(row, 1, row * 10)
    ws.freeze_panes(1, 0)
    return wb, ws


def _violations(tmp_path: Path, breaking: str) -> dict[str, list[str]]:
    path = tmp_path / f"{breaking}.xlsx"
    sheet = "Sheet1" if breaking == "default-name" else "Tiedot"
    titles = ("Nimi",) if breaking == "untitled-column" else ("Nimi", "Luku")
    wb, ws = _book(path, sheet, language=breaking != "no-language", titles=titles)
    w, s = wb, ws
    if breaking == "merged":
        s.merge_range(6, 0, 6, 1, "yhdistetty")
    elif breaking in ("chart", "chart-default-text"):
        chart = w.add_chart({"type": "column"})
        chart.add_series({"values": ["Tiedot", 1, 1, 4, 1]})
        options = {"description": "Chart 1"} if breaking == "chart-default-text" else {}
        s.insert_chart(7, 0, chart, options)
    elif breaking == "low-contrast":
        grey = w.add_format({"font_color": "#999999", "bg_color": "#DDDDDD"})
        s.write_string(5, 0, "harmaa", grey)
    elif breaking == "red-numbers":
        red = w.add_format({"num_format": "#,##0;[Red]-#,##0"})
        s.write_number(5, 1, -5, red)
    elif breaking == "pale-status":
        pale = w.add_format({"font_color": "#FF9999", "bg_color": "#FFEEEE"})
        s.conditional_format(
            1, 1, 4, 1, {"type": "cell", "criteria": ">", "value": 20, "format": pale}
        )
    elif breaking in ("address-link", "generic-link"):
        text = "Tiedot!A1" if breaking == "address-link" else "tästä"
        s.write_url(6, 0, "internal:Tiedot!A1", None, text)
    elif breaking == "blank-row":
        s.write_blank(5, 0, None)
        s.write_string(6, 0, "rivi 6")
        s.add_table(0, 0, 6, 1, {"name": "T", "columns": [{"header": "Nimi"}, {"header": "Luku"}]})
    elif breaking == "hidden-header":
        s.add_table(1, 0, 4, 1, {"name": "T", "header_row": False})
    elif breaking == "no-header":
        s.freeze_panes(0, 0)
    w.close()
    return check_workbook(path)


@pytest.mark.parametrize(
    ("breaking", "rule"),
    [
        ("merged", "merged-cells"),
        ("chart", "alt-text"),
        ("chart-default-text", "alt-text"),
        ("low-contrast", "contrast"),
        ("red-numbers", "contrast"),
        ("pale-status", "contrast"),
        ("no-language", "document"),
        ("default-name", "sheet-names"),
        ("address-link", "link-text"),
        ("generic-link", "link-text"),
        ("blank-row", "blank-cells"),
        ("hidden-header", "header-row"),
        ("untitled-column", "header-row"),
        ("no-header", "header-row"),
    ],
)
def test_each_rule_fails(tmp_path: Path, breaking: str, rule: str) -> None:
    assert rule in RULES
    assert _violations(tmp_path, "nothing") == {}  # the unbroken workbook passes
    found = _violations(tmp_path, breaking)
    assert list(found) == [rule], found
    assert all(line.strip() for line in found[rule])
