"""Shared helpers for the report tests: a Consolidation filled from the bundled samples.

The department submissions' texts (KPI values, strategy realizations, explanations) come from
samples/kemi2023/*.csv here, not from kemixl's template reader, so the report tests do not
depend on the reader.
"""

from __future__ import annotations

import csv
import dataclasses
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from kemixl.i18n import using
from kemixl.model import Origin
from kemixl.numbers import parse_kpi_value
from kemixl.pipeline import collect
from kemixl.reconcile import Consolidation, reconcile
from kemixl.report import write_report
from kemixl.submissions.reader import read_submission
from kemixl.submissions.records import Explanations, KpiValue, Realization

from .conftest import INPUTS, ROOT, TEMPLATES

SAMPLES = ROOT / "samples" / "kemi2023"


def _rows(name: str) -> list[tuple[int, dict[str, str]]]:
    with (SAMPLES / name).open(encoding="utf-8") as f:
        reader = csv.DictReader(f)
        return [(reader.line_num, row) for row in reader]


def with_samples(c: Consolidation) -> Consolidation:
    """c with its KPI values, realizations and explanations read from the sample CSVs."""
    kpis_by_id = {k.id: k for k in c.master.kpis}
    kpis = {}
    for line, row in _rows("kpis.csv"):
        k = kpis_by_id[row["id"]]
        kpis[k.id] = KpiValue(
            k.id,
            k.code,
            k.name,
            parse_kpi_value(row["actual"]),
            parse_kpi_value(row["forecast"]),
            Origin("kpis.csv", "", f"rivi {line}"),
        )
    realizations = {
        row["id"]: Realization(
            row["id"], row["status"], row["realization"], Origin("strategy.csv", "", f"rivi {line}")
        )
        for line, row in _rows("strategy.csv")
    }
    explanations = {
        row["department"]: Explanations(
            row["responsible"],
            row["explanation"],
            row["savings"],
            Origin("explanations.csv", "", f"rivi {line}"),
        )
        for line, row in _rows("explanations.csv")
    }
    return dataclasses.replace(c, kpis=kpis, realizations=realizations, explanations=explanations)


def base_consolidation() -> Consolidation:
    """The bundled inputs reconciled against the master (figures and findings)."""
    from kemixl.master import load_master

    master = load_master(TEMPLATES)
    paths, skipped = collect(INPUTS)
    return reconcile(master, [read_submission(p) for p in paths], skipped)


def sample_csv(name: str) -> list[dict[str, str]]:
    """Rows of a samples/kemi2023 CSV (the departments' side)."""
    return [row for _line, row in _rows(name)]


def master_csv(name: str) -> list[dict[str, str]]:
    """Rows of a templates/ CSV (the master data)."""
    with (TEMPLATES / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def write(c: Consolidation, path: Path) -> Path:
    write_report(c, path)
    return path


# Fixtures are registered under their public names; test modules import the functions
# (`from .test_report_support import FIXTURES`-style) so pytest finds them.
@pytest.fixture(scope="session", name="samples_consolidation")
def fixture_samples_consolidation() -> Consolidation:
    return with_samples(base_consolidation())


@pytest.fixture(scope="session", name="samples_workbook")
def fixture_samples_workbook(
    samples_consolidation: Consolidation, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    return write(samples_consolidation, tmp_path_factory.mktemp("report") / "report.xlsx")


@pytest.fixture(scope="session", name="workbook_in")
def fixture_workbook_in(
    samples_consolidation: Consolidation,
    samples_workbook: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Callable[[str], Path]:
    """The samples' report written in a language (once per language and session; Finnish is
    `samples_workbook`)."""
    made = {"fi": samples_workbook}

    def workbook(lang: str) -> Path:
        if lang not in made:
            with using(lang):
                folder = tmp_path_factory.mktemp("report-" + lang.replace("+", "-"))
                made[lang] = write(samples_consolidation, folder / "report.xlsx")
        return made[lang]

    return workbook


def sheet_xml(path: Path, sheet: str) -> str:
    """The XML of a worksheet, found by its name through workbook.xml and its relationships."""
    import re

    with zipfile.ZipFile(path) as zf:
        workbook = zf.read("xl/workbook.xml").decode()
        rels = zf.read("xl/_rels/workbook.xml.rels").decode()
        rid = re.search(
            rf'<sheet name="{re.escape(sheet)}" sheetId="\d+" r:id="(rId\d+)"', workbook
        )
        assert rid, f"no sheet {sheet}"
        target = re.search(rf'Id="{rid.group(1)}" Type="[^"]+" Target="([^"]+)"', rels)
        assert target
        return zf.read("xl/" + target.group(1)).decode()
