"""LibreOffice recalculates every formula kemixl writes; each must equal kemixl's cached value."""

from __future__ import annotations

from pathlib import Path

import pytest

from kemixl.model import Master
from kemixl.reconcile import Consolidation
from kemixl.template_writer import write_templates
from tests.libreoffice import compare_cached_to_recalculated, libreoffice  # noqa: F401

from .conftest import TEMPLATES

pytestmark = pytest.mark.usefixtures("libreoffice")


def test_consolidated_workbook_formulas(
    sample_report: tuple[Consolidation, Path], tmp_path: Path
) -> None:
    _, path = sample_report
    report = compare_cached_to_recalculated(path, tmp_path)
    assert report.formula_count > 300
    assert report.mismatches == []


def test_template_formulas(master: Master, tmp_path: Path) -> None:
    results = write_templates(master, TEMPLATES, tmp_path / "t")
    path = next(r.path for r in results if r.path is not None)
    report = compare_cached_to_recalculated(path, tmp_path)
    assert report.formula_count > 50
    assert report.mismatches == []
