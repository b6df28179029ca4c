"""LibreOffice and Gnumeric recalculate every formula kemixl writes; each must equal kemixl's
cached value. Two unrelated engines stand in for Excel: a formula only one understands fails."""

from __future__ import annotations

from pathlib import Path

import pytest

from kemixl.model import Column, Line, Master
from kemixl.reconcile import Consolidation
from kemixl.templates.fill import fill_template
from kemixl.templates.writer import write_templates
from tests.gnumeric import (  # noqa: F401
    ENGINES,
    compare_cached_to_gnumeric,
    compare_with,
    gnumeric,
    recalculate_with,
)
from tests.libreoffice import compare_cached_to_recalculated, libreoffice  # noqa: F401

from .builders import sample_reported

pytestmark = pytest.mark.usefixtures("libreoffice")


@pytest.mark.parametrize("engine", ENGINES)
def test_consolidated_workbook_formulas(
    engine: str, sample_report: tuple[Consolidation, Path], tmp_path: Path
) -> None:
    _, path = sample_report
    report = compare_with(engine, path, tmp_path)
    assert report.formula_count > 300
    assert report.mismatches == []


@pytest.mark.parametrize("engine", ENGINES)
def test_filled_template_formulas(engine: str, master: Master, tmp_path: Path) -> None:
    """A template filled as a department fills it (saved by openpyxl: no cached values, so the
    values to compare are the ones a first engine computes; the second must agree), every
    formula: the readings, the hints, the units, the totals and the summary."""
    results = write_templates(master, tmp_path / "t")
    template = next(r.path for r in results if r.path is not None)
    reported = sample_reported()
    reported[("64120000", Line.INCOME)][Column.ACTUAL] = "488 871"  # type: ignore[assignment]
    reported[("64130000", Line.COSTS)][Column.FORECAST] = "n. 690 000"  # type: ignore[assignment]
    filled = tmp_path / "filled.xlsx"
    fill_template(template, filled, master.period, reported)
    # the first engine's values become the cached ones; the other engine must compute them
    other = "gnumeric" if engine == "libreoffice" else "libreoffice"
    computed = recalculate_with(other, filled, tmp_path / other)
    report = compare_with(engine, computed, tmp_path / engine)
    assert report.formula_count > 100
    assert report.mismatches == []


def test_template_formulas(master: Master, tmp_path: Path) -> None:
    results = write_templates(master, tmp_path / "t")
    path = next(r.path for r in results if r.path is not None)
    report = compare_cached_to_recalculated(path, tmp_path)
    assert report.formula_count > 50
    assert report.mismatches == []


def test_every_template_opens_in_libreoffice_and_is_schema_valid(
    master: Master, tmp_path: Path
) -> None:
    """LibreOffice loads each template (every sheet survives) and the schema validator is clean."""
    from openpyxl import load_workbook

    from .test_report_validity import validate

    for result in write_templates(master, tmp_path / "t"):
        if result.path is None:
            continue
        report = compare_cached_to_recalculated(result.path, tmp_path)
        assert report.mismatches == [], result.path.name
        assert report.recalculated is not None
        visible = load_workbook(result.path).sheetnames
        assert load_workbook(report.recalculated).sheetnames == visible
        assert validate(result.path) == [], result.path.name
