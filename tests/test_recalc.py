"""LibreOffice recalculates every formula kemixl writes; each must equal kemixl's cached value."""

from __future__ import annotations

from pathlib import Path

import pytest

from kemixl.model import Master
from kemixl.reconcile import Consolidation
from kemixl.templates.writer import write_templates
from tests.libreoffice import compare_cached_to_recalculated, libreoffice  # noqa: F401

pytestmark = pytest.mark.usefixtures("libreoffice")


def test_consolidated_workbook_formulas(
    sample_report: tuple[Consolidation, Path], tmp_path: Path
) -> None:
    _, path = sample_report
    report = compare_cached_to_recalculated(path, tmp_path)
    assert report.formula_count > 300
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
