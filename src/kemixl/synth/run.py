"""`synthesize`: the whole synthetic organisation (master data, filled submissions, a ledger)
written into a folder; and a later period of its year."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..i18n import N_, _
from ..master import load_master
from ..model import Column, Master
from .ledger_export import ledger_rows, write_ledger
from .masterfiles import write_master_files
from .organisation import make_department
from .projects import project_actuals
from .submissions import fill_submissions, period_figures
from .vocabulary import FIRST_MONTH, LAST_MONTH, MAX_AREAS, MAX_DEPARTMENTS


@dataclass(frozen=True)
class SynthResult:
    """What `synthesize` wrote."""

    root: Path
    templates: Path
    inputs: Path
    departments: int
    areas_per_department: int
    cost_centres: int  # the root, the departments and their result areas
    kpis: int
    objectives: int
    workbooks: tuple[Path, ...]
    ledger: Path | None = None  # the bookkeeping export, with `ledger=True`


def synthesize(
    root: Path,
    departments: int,
    areas: int,
    seed: int = 1,
    last_month: int = LAST_MONTH,
    ledger: bool = False,
) -> SynthResult:
    """Write master data to root/templates and filled submissions to root/inputs, for the
    months 1-last_month of the synthetic year; with `ledger`, also the bookkeeping export of
    the period's actuals (root/kirjanpito_<year>_01-<mm>.csv), which the templates then carry
    locked."""
    _validate(root, departments, areas, last_month)
    templates, inputs = root / "templates", root / "inputs"
    org = [make_department(seed, d, areas) for d in range(1, departments + 1)]
    templates.mkdir(parents=True, exist_ok=True)
    write_master_files(templates, org, seed, last_month)
    master = load_master(templates)
    figures = period_figures(master, seed)
    books = None
    if ledger:
        books = root / ledger_name(master)
        actuals = {key: v[Column.ACTUAL] for key, v in figures.items()}
        projects = project_actuals(master, seed)
        write_ledger(books, ledger_rows(master, actuals, seed, projects=projects))
    workbooks = fill_submissions(master, templates, inputs, seed, figures, books)
    return SynthResult(
        root=root,
        templates=templates,
        inputs=inputs,
        departments=departments,
        areas_per_department=areas,
        cost_centres=len(master.centres),
        kpis=len(master.kpis),
        objectives=len(master.objectives),
        workbooks=workbooks,
        ledger=books,
    )


def ledger_name(master: Master) -> str:
    p = master.period
    return f"kirjanpito_{p.year}_{p.first_month:02d}-{p.last_month:02d}.csv"


def synthesize_period(
    master_dir: Path, inputs: Path, seed: int = 1, ledger: bool = False
) -> tuple[tuple[Path, ...], Path | None]:
    """The submissions (and the ledger export, beside inputs) of a later period of the
    synthetic year, for a master folder `kemixl rollover` wrote: the same organisation, its
    forecasts moved. Returns the workbooks and the ledger's path."""
    master = load_master(master_dir)
    figures = period_figures(master, seed)
    books = None
    if ledger:
        books = inputs.parent / ledger_name(master)
        actuals = {key: v[Column.ACTUAL] for key, v in figures.items()}
        projects = project_actuals(master, seed)
        write_ledger(books, ledger_rows(master, actuals, seed, projects=projects))
    return fill_submissions(master, master_dir, inputs, seed, figures, books), books


def write_master(
    folder: Path, departments: int, areas: int, seed: int = 1, last_month: int = LAST_MONTH
) -> Master:
    """Only the master data of a synthetic organisation (for benchmarks of the ledger)."""
    _validate(folder, departments, areas, last_month, subfolders=False)
    org = [make_department(seed, d, areas) for d in range(1, departments + 1)]
    folder.mkdir(parents=True, exist_ok=True)
    write_master_files(folder, org, seed, last_month)
    return load_master(folder)


def _validate(
    root: Path, departments: int, areas: int, last_month: int, subfolders: bool = True
) -> None:
    for message, value, first, limit in (
        (TOO_MANY_DEPARTMENTS, departments, 1, MAX_DEPARTMENTS),
        (TOO_MANY_AREAS, areas, 1, MAX_AREAS),
        (BAD_LAST_MONTH, last_month, FIRST_MONTH, 12),
    ):
        if isinstance(value, bool) or not isinstance(value, int) or not first <= value <= limit:
            raise ValueError(_(message).format(first=first, limit=limit, value=repr(value)))
    if root.exists() and not root.is_dir():
        raise ValueError(_("{path} is a file, not a folder").format(path=root))
    for sub in (root / "templates", root / "inputs") if subfolders else (root,):
        if sub.exists() and not sub.is_dir():
            raise ValueError(_("{path} is a file; choose another folder").format(path=sub))
        if sub.exists() and any(sub.iterdir()):
            raise ValueError(
                _("{path} is not empty; choose another folder or empty it first").format(path=sub)
            )


TOO_MANY_DEPARTMENTS = N_(
    "the number of departments must be a whole number from {first} to {limit}, not {value}"
)


TOO_MANY_AREAS = N_(
    "the number of result areas must be a whole number from {first} to {limit}, not {value}"
)


BAD_LAST_MONTH = N_("the last month must be a whole number from {first} to {limit}, not {value}")
