"""Loading and validating finance's master data (the folder `templates/`).

Five CSV files and one TOML file, as finance saves them from Excel (any separator, encoding
and decimal mark that Finnish Excel writes: see csvfile) or a text editor. Every problem
names the file and line; all problems are collected before loading fails, and one root cause
gives one problem: a file that cannot be read at all is not also reported row by row in the
files that depend on it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..collector import paused
from ..i18n.message import msg
from ..model import (
    AccountRange,
    Amendment,
    Amounts,
    CostCentre,
    Investments,
    LedgerSettings,
    Limits,
    Line,
    Master,
    PreviousFigure,
    PreviousText,
)
from .budget import with_budget
from .content import load_central, load_kpis, load_objectives, load_table_sdgs
from .files import FileProblem
from .fingerprint import combined, content_hash, figures_hash
from .investments import (
    INVESTMENTS_FILE,
    ProjectRows,
    amended_projects,
    fingerprint_content,
    load_projects,
)
from .ledger import ACCOUNTS_FILE, ledger_settings, parse_accounts
from .problems import MasterError, MasterProblem, Problems
from .schema import (
    CENTRAL_FILE,
    CENTRES_FILE,
    FIGURES_FILE,
    KPIS_FILE,
    MASTER_FILES,
    OPTIONAL_FILES,
    REQUIRED_COLUMNS,
    SETTINGS_FILE,
    STRATEGY_FILE,
    STRATEGY_SDG_FILE,
    TRANSLATED_COLUMNS,
    Codes,
    table_rows,
)
from .settings import LoadedSettings, limits_of, settings_from_data
from .source import FolderSource, Source
from .tree import load_centres, load_figures
from .workbook import WORKBOOK_SUFFIXES, WorkbookSource
from .year import (
    AMENDMENTS_FILE,
    PREVIOUS_FILE,
    PREVIOUS_REPORT_FILE,
    Centres,
    FigureRows,
    amended_figures,
    load_amendments,
    load_previous,
    load_previous_texts,
)


def load_master(path: Path) -> Master:
    """Read and validate the master data (a folder, or one .xlsx workbook with a sheet per
    file); MasterError lists every problem.

    The cyclic garbage collector is paused meanwhile: a large master makes hundreds of
    thousands of small records that form no cycles, and the full collections their number
    triggers would walk them all again and again (a third of the time at 20 000 cost centres).
    """
    with paused():
        return _load_from(path)


def _load_from(path: Path) -> Master:
    if path.is_file() and path.suffix.lower() in WORKBOOK_SUFFIXES:
        try:
            return _load(WorkbookSource(path))
        except FileProblem as exc:
            raise MasterError([MasterProblem(str(path), exc.line, exc.message)]) from None
    if not path.is_dir():
        raise MasterError(
            [
                MasterProblem(
                    str(path),
                    0,
                    msg(
                        "master data folder not found (give it with --master DIR, or a .xlsx "
                        "workbook)"
                    ),
                )
            ]
        )
    return _load(FolderSource(path))


def load_limits(path: Path) -> Limits | None:
    """How much of a submission to read, from a master folder's master.toml alone, before the
    master data is loaded; None where that cannot be told (load_master then says why)."""
    return limits_of(path, SETTINGS_FILE)


def _load(source: Source) -> Master:
    problems = Problems()
    present = source.present(MASTER_FILES)
    for name in MASTER_FILES:
        if name not in OPTIONAL_FILES and name not in present:
            problems.add(source.where(name), 0, msg("required master data file is missing"))
    if problems:
        raise MasterError(problems)
    data = source.settings(SETTINGS_FILE, problems)
    loaded = (
        None if data is None else settings_from_data(data, source.where(SETTINGS_FILE), problems)
    )
    centres, codes = load_centres(source, problems)
    blanks: FigureRows = {}
    figures = load_figures(source, centres, codes, problems, blanks)
    central = load_central(source, problems)
    kpis = load_kpis(source, codes, problems) if KPIS_FILE in present else ()
    read_objectives = load_objectives(source, codes, problems) if STRATEGY_FILE in present else ()
    objectives = read_objectives or ()
    sdgs = (
        load_table_sdgs(source, objectives, codes, problems)
        if STRATEGY_SDG_FILE in present and read_objectives is not None
        else ()
    )
    year = _load_year(source, present, data, loaded, centres, codes, figures, blanks, problems)
    if data is not None and loaded is not None:
        loaded = with_budget(source, data, loaded, centres, codes.lines, problems)
    if problems or loaded is None or year is None:
        raise MasterError(problems)
    accounts, ledger, amendments, previous, texts, figures, investments = year
    content = {
        SETTINGS_FILE: loaded.content,
        CENTRES_FILE: content_hash(centres),
        FIGURES_FILE: figures_hash(figures),
        CENTRAL_FILE: content_hash(central),
    }
    if KPIS_FILE in present:
        content[KPIS_FILE] = content_hash(kpis)
    if STRATEGY_FILE in present:
        content[STRATEGY_FILE] = content_hash(objectives)
    if STRATEGY_SDG_FILE in present:
        content[STRATEGY_SDG_FILE] = content_hash(sdgs)
    for name, records in (  # the content, not where it stood (a file or a workbook's sheet)
        (
            ACCOUNTS_FILE,
            [
                (r.first, r.last, r.line, r.name, *(("investment",) if r.investment else ()))
                for r in accounts
            ],
        ),
        (
            AMENDMENTS_FILE,
            [
                (a.date, a.decision, a.code, a.line, a.amount, *((a.project,) if a.project else ()))
                for a in amendments
            ],
        ),
        (PREVIOUS_FILE, [*previous, *investments.previous]),
        (INVESTMENTS_FILE, fingerprint_content(investments.projects)),
        (PREVIOUS_REPORT_FILE, list(texts)),
    ):
        if name in present:
            content[name] = content_hash(records)
    return Master(
        loaded.period,
        loaded.settings,
        centres,
        figures,
        central,
        kpis,
        objectives,
        combined(content),
        tuple(sorted(content.items())),
        sdgs,
        accounts=accounts,
        ledger=ledger,
        amendments=amendments,
        previous=previous,
        investments=investments,
        previous_texts=texts,
    )


YearFiles = tuple[
    tuple[AccountRange, ...],
    LedgerSettings,
    tuple[Amendment, ...],
    tuple[PreviousFigure, ...],
    tuple[PreviousText, ...],
    dict[tuple[str, Line], Amounts],
    Investments,
]


def _load_year(
    source: Source,
    present: set[str],
    data: dict[str, Any] | None,
    loaded: LoadedSettings | None,
    centres: tuple[CostCentre, ...],
    codes: Codes,
    figures: dict[tuple[str, Line], Amounts],
    blanks: FigureRows,
    problems: Problems,
) -> YearFiles | None:
    """The reporting year's files (see ledger.py, year.py and investments.py): [ledger],
    accounts.csv, investments.csv, amendments.csv (Muutettu TA derived from it), previous.csv
    and previous_report.csv; None without settings."""
    if data is None or loaded is None:
        return None

    refused: set[str] = set()  # ids of investments.csv's refused rows: already problems

    def rows(name: str) -> list[tuple[int, dict[str, str]]]:
        read = table_rows(source, name, problems) if name in present else None
        if read and name == INVESTMENTS_FILE:
            refused.update(read[1])
        return read[0] if read else []

    ledger = ledger_settings(data, source.where(SETTINGS_FILE), problems.add)
    accounts = parse_accounts(source.where(ACCOUNTS_FILE), rows(ACCOUNTS_FILE), problems.add)
    tree = Centres(centres, source.label(CENTRES_FILE))
    project_rows: ProjectRows = {}
    where = source.where(INVESTMENTS_FILE)
    projects = load_projects(
        where,
        rows(INVESTMENTS_FILE),
        centres,
        problems,
        project_rows,
        codes.unreported,
        refused=refused,
    )
    by_id = {p.id: p for p in projects}
    amendments = load_amendments(
        source.where(AMENDMENTS_FILE),
        rows(AMENDMENTS_FILE),
        tree,
        loaded.period,
        problems.add,
        by_id,
        refused,
    )
    amended = amended_figures(
        figures, blanks, amendments, loaded.period, source.where(FIGURES_FILE), problems.add
    )
    projects = amended_projects(
        projects, project_rows, amendments, loaded.period, where, problems.add
    )
    previous, earlier_projects = load_previous(
        source.where(PREVIOUS_FILE),
        rows(PREVIOUS_FILE),
        tree,
        loaded.period,
        problems.add,
        by_id,
        refused,
    )
    investments = Investments(projects, earlier_projects)
    texts = load_previous_texts(
        source.where(PREVIOUS_REPORT_FILE), rows(PREVIOUS_REPORT_FILE), loaded.period, problems.add
    )
    return accounts, ledger, amendments, previous, texts, amended, investments


def file_hashes(folder: Path) -> dict[str, str]:
    """Per-file content hashes, so a stale template can say which master file changed."""
    return dict(load_master(folder).files)


def fingerprint(folder: Path) -> str:
    """A short hash of the master's parsed content (see master.fingerprint)."""
    return load_master(folder).fingerprint


__all__ = [
    "CENTRAL_FILE",
    "CENTRES_FILE",
    "FIGURES_FILE",
    "KPIS_FILE",
    "MASTER_FILES",
    "OPTIONAL_FILES",
    "REQUIRED_COLUMNS",
    "SETTINGS_FILE",
    "STRATEGY_FILE",
    "STRATEGY_SDG_FILE",
    "TRANSLATED_COLUMNS",
    "file_hashes",
    "fingerprint",
    "load_master",
]
