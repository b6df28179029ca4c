from __future__ import annotations

import csv
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from kemixl.findings import Finding, Rule, Severity
from kemixl.master import load_master
from kemixl.model import Master
from kemixl.pipeline import consolidate
from kemixl.reconcile import Consolidation

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
INPUTS = ROOT / "inputs"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def master() -> Master:
    return load_master(TEMPLATES)


@pytest.fixture(scope="session")
def sample_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Consolidation, Path]:
    out = tmp_path_factory.mktemp("report") / "report.xlsx"
    return consolidate(INPUTS, TEMPLATES, out), out


REPORT_LANGUAGES = ("fi", "sv", "en", "fi+sv")  # the languages a report is checked in


@pytest.fixture(scope="session")
def report_in(
    tmp_path_factory: pytest.TempPathFactory,
    sample_report: tuple[Consolidation, Path],
) -> Callable[[str], tuple[Consolidation, Path]]:
    """The bundled sample consolidated in a language (made once per language and session;
    Finnish is `sample_report`)."""
    made: dict[str, tuple[Consolidation, Path]] = {"fi": sample_report}

    def report(lang: str) -> tuple[Consolidation, Path]:
        if lang not in made:
            out = tmp_path_factory.mktemp("report-" + lang.replace("+", "-")) / "report.xlsx"
            made[lang] = (consolidate(INPUTS, TEMPLATES, out, language=lang), out)
        return made[lang]

    return report


@pytest.fixture
def master_copy(tmp_path: Path) -> Path:
    """A writable copy of the master data folder, for tests that break it."""
    dst = tmp_path / "master"
    shutil.copytree(TEMPLATES, dst, ignore=shutil.ignore_patterns("*.xlsx"))
    return dst


def seed_blocks() -> list[dict[str, str]]:
    with (DATA / "seed_blocks.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def seed_summary() -> list[dict[str, str]]:
    with (DATA / "seed_summary.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def seed_overruns() -> dict[str, float]:
    """The sample's departments whose published forecast TOIMINTAKATE is below their published
    Muutettu TA (TA where the seed gives no Muutettu TA), and by how much."""
    margins = {r["code"]: r for r in seed_blocks() if r["line"] == "TOIMINTAKATE"}
    out = {}
    for code in (d.code for d in load_master(TEMPLATES).departments):
        row = margins[code]
        amended = float(row["ta_amended"] or row["ta"])
        if float(row["forecast"]) < amended:
            out[code] = amended - float(row["forecast"])
    return out


def data_problems(findings: Iterable[Finding]) -> list[Finding]:
    """The findings that ask for the data to be fixed: all but the notes and the
    binding-overrun and investment-overrun warnings, which are the council's business (the
    seed's own forecasts exceed three departments' binding appropriations)."""
    council = (Rule.BINDING_OVERRUN, Rule.INVESTMENT_OVERRUN)
    return [f for f in findings if f.severity is not Severity.NOTE and f.rule not in council]
