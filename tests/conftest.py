from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

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
