"""The council's workbook passes Open XML schema validation and opens in LibreOffice.

Schema validation uses the npm package @ooxml-tools/validate (Microsoft's Open XML SDK
validator compiled to WebAssembly). Install it in the repository with

    npm install --no-save @ooxml-tools/validate@0.4.6

(node_modules/ is git-ignored). Without it these tests are skipped, unless the environment
variable KEMIXL_REQUIRE_OOXML=1 is set, in which case they fail. KEMIXL_OOXML_VALIDATE may
name the ooxml-validate executable explicitly.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kemixl.findings import Finding, Rule, Severity
from kemixl.reconcile import Consolidation
from tests.libreoffice import recalculate, require_libreoffice

from .conftest import ROOT
from .test_report_support import (  # noqa: F401  (fixtures)
    fixture_samples_consolidation,
    fixture_samples_workbook,
    fixture_workbook_in,
    write,
)

REQUIRE_ENV = "KEMIXL_REQUIRE_OOXML"
INSTALL = "npm install --no-save @ooxml-tools/validate@0.4.6"


def validator() -> str:
    """The ooxml-validate executable, or skip (fail with KEMIXL_REQUIRE_OOXML=1)."""
    candidates = [
        os.environ.get("KEMIXL_OOXML_VALIDATE", ""),
        str(ROOT / "node_modules" / ".bin" / "ooxml-validate"),
        shutil.which("ooxml-validate") or "",
    ]
    found = next((c for c in candidates if c and Path(c).is_file()), None)
    if found is None or shutil.which("node") is None:
        reason = f"ooxml-validate (npm @ooxml-tools/validate) or node not installed; run: {INSTALL}"
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(f"{reason} ({REQUIRE_ENV}=1)")
        pytest.skip(reason)
    return found


def validate(path: Path) -> list[dict[str, object]]:
    """The validator's errors for a file ([] when it is valid). It exits 0 either way."""
    proc = subprocess.run(
        [validator(), "--of", "json", str(path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    errors = json.loads(proc.stdout)
    assert isinstance(errors, list), proc.stdout
    return errors


def test_validator_finds_errors(samples_workbook: Path, tmp_path: Path) -> None:
    """Not vacuous: a workbook with one misplaced element is reported."""
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(samples_workbook) as src, zipfile.ZipFile(broken, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet2.xml":
                data = data.replace(b"<sheetData>", b"<sheetData><bogus/>", 1)
            dst.writestr(info, data)
    assert validate(broken) != []


@pytest.mark.parametrize("lang", ["fi", "sv", "en", "fi+sv"])
def test_report_is_schema_valid(workbook_in: Callable[[str], Path], lang: str) -> None:
    assert validate(workbook_in(lang)) == []


def test_report_with_errors_is_schema_valid(
    samples_consolidation: Consolidation, tmp_path: Path
) -> None:
    """The not-ready variant (banners) and a report with no texts at all."""
    bad = Finding(Rule.SUM_MISMATCH, Severity.ERROR, "does not add up", "x.xlsx", "Taul1", "F9")
    c = dataclasses.replace(
        samples_consolidation,
        findings=(bad,),
        kpis={},
        realizations={},
        explanations={},
    )
    assert validate(write(c, tmp_path / "r.xlsx")) == []


def test_opens_in_libreoffice(samples_workbook: Path, tmp_path: Path) -> None:
    """LibreOffice loads every sheet and chart and saves it again (it repairs nothing)."""
    require_libreoffice()
    copy = load_workbook(recalculate(samples_workbook, tmp_path))
    assert copy.sheetnames == load_workbook(samples_workbook).sheetnames
    assert len(copy["Tuloslaskelma"]._charts) == 2
