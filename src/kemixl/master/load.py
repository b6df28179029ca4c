"""Loading and validating finance's master data (the folder `templates/`).

Five CSV files and one TOML file, as finance saves them from Excel (any separator, encoding
and decimal mark that Finnish Excel writes: see csvfile) or a text editor. Every problem
names the file and line; all problems are collected before loading fails, and one root cause
gives one problem: a file that cannot be read at all is not also reported row by row in the
files that depend on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..i18n.message import msg
from ..model import (
    MASTER_COLUMNS,
    REPORTED_COLUMNS,
    AccountRange,
    Amendment,
    Amounts,
    CentralItem,
    Column,
    CostCentre,
    Investments,
    Kpi,
    LedgerSettings,
    Line,
    Master,
    Objective,
    PreviousFigure,
    PreviousText,
    TableSdgs,
)
from ..numbers import parse_kpi_value
from .budget import bad_mark, binding_mark, with_budget
from .csvfile import Row
from .files import FileProblem
from .fingerprint import combined, content_hash
from .investments import (
    INVESTMENT_COLUMNS,
    INVESTMENTS_FILE,
    ProjectRows,
    amended_projects,
    fingerprint_content,
    load_projects,
)
from .ledger import ACCOUNT_COLUMNS, ACCOUNTS_FILE, ledger_settings, parse_accounts
from .problems import MasterError, MasterProblem, Problems
from .problems import amount as _number
from .settings import LoadedSettings, settings_from_data
from .source import FolderSource, Source
from .workbook import WORKBOOK_SUFFIXES, WorkbookSource
from .year import (
    AMENDMENT_COLUMNS,
    AMENDMENTS_FILE,
    PREVIOUS_COLUMNS,
    PREVIOUS_FILE,
    PREVIOUS_REPORT_COLUMNS,
    PREVIOUS_REPORT_FILE,
    Centres,
    FigureRows,
    amended_figures,
    input_line,
    load_amendments,
    load_previous,
    load_previous_texts,
)

SETTINGS_FILE = "master.toml"
CENTRES_FILE = "costcentres.csv"
FIGURES_FILE = "figures.csv"
CENTRAL_FILE = "central.csv"
KPIS_FILE = "kpis.csv"
STRATEGY_FILE = "strategy.csv"
STRATEGY_SDG_FILE = "strategy_sdg.csv"
# Files that define the master; their parsed content makes the fingerprint templates carry.
MASTER_FILES = (
    SETTINGS_FILE,
    CENTRES_FILE,
    FIGURES_FILE,
    CENTRAL_FILE,
    KPIS_FILE,
    STRATEGY_FILE,
    STRATEGY_SDG_FILE,
    ACCOUNTS_FILE,
    INVESTMENTS_FILE,
    AMENDMENTS_FILE,
    PREVIOUS_FILE,
    PREVIOUS_REPORT_FILE,
)
OPTIONAL_FILES = {
    KPIS_FILE,
    STRATEGY_FILE,
    STRATEGY_SDG_FILE,
    ACCOUNTS_FILE,
    INVESTMENTS_FILE,
    AMENDMENTS_FILE,
    PREVIOUS_FILE,
    PREVIOUS_REPORT_FILE,
}
_AMOUNTS = tuple(c.value for c in MASTER_COLUMNS)
# The columns each CSV must have (others are allowed and ignored).
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    CENTRES_FILE: ("code", "parent", "name"),
    FIGURES_FILE: ("code", "line", *_AMOUNTS),
    CENTRAL_FILE: ("item", "section", *_AMOUNTS, *(c.value for c in REPORTED_COLUMNS)),
    KPIS_FILE: ("id", "code", "name", "tp_prev", "ta"),
    STRATEGY_FILE: (
        "id",
        "goal",
        "department",
        "objective",
        "actions",
        "owner_schedule",
        "metrics",
    ),
    STRATEGY_SDG_FILE: ("goal", "department", "sdg"),
    ACCOUNTS_FILE: ACCOUNT_COLUMNS,
    INVESTMENTS_FILE: INVESTMENT_COLUMNS,
    AMENDMENTS_FILE: AMENDMENT_COLUMNS,
    PREVIOUS_FILE: PREVIOUS_COLUMNS,
    PREVIOUS_REPORT_FILE: PREVIOUS_REPORT_COLUMNS,
}
# Texts of the master shown in the report and templates: column X may also be given in Swedish
# and English in the optional columns X_sv and X_en, used when that language is chosen (a run
# falls back to the Finnish X where one is empty). See i18n.terms.master_text.
TRANSLATED_COLUMNS: dict[str, tuple[str, ...]] = {
    CENTRES_FILE: ("name",),
    CENTRAL_FILE: ("item",),
    KPIS_FILE: ("name", "group"),
    STRATEGY_FILE: ("goal", "objective", "actions", "owner_schedule", "metrics"),
}
OTHER_LANGUAGES = ("sv", "en")
CENTRAL_SECTIONS = ("vuosikate", "tulos", "ylijaama")
# Kemi uses 8 digits; other cities use other lengths, so any 3 to 12 digits is a code.
CODE = re.compile(r"^\d{3,12}$")


@dataclass(frozen=True)
class _Codes:
    """What costcentres.csv says about codes, for the files that refer to them."""

    known: frozenset[str]
    # Codes of rows that were refused (already a problem), or None when the whole file could
    # not be read: references to them are not reported again.
    doubtful: frozenset[str] | None
    # Each code's line, when the tree is whole (one root, no cycle, nothing refused): only then
    # can the binding units be checked (kemixl.binding).
    lines: dict[str, int] | None = None

    def unreported(self, code: str) -> bool:
        """A reference that is wrong for a reason already reported elsewhere."""
        return self.doubtful is None or code in self.doubtful


def _rows(source: Source, name: str, problems: Problems) -> tuple[list[Row], set[str]] | None:
    """The file's rows and the first fields of the rows refused; None if unreadable."""
    where = source.where(name)
    try:
        table = source.table(name, REQUIRED_COLUMNS[name])
    except FileProblem as exc:
        problems.add(where, exc.line, exc.message)
        return None
    for line, message in table.problems:
        problems.add(where, line, message)
    return list(table.rows), set(table.refused)


def _load_centres(source: Source, problems: Problems) -> tuple[tuple[CostCentre, ...], _Codes]:
    path = source.where(CENTRES_FILE)
    read = _rows(source, CENTRES_FILE, problems)
    if read is None:
        return (), _Codes(frozenset(), None)
    rows, doubtful = read
    centres: list[CostCentre] = []
    lines: dict[str, int] = {}
    before = len(problems)
    for row in rows:
        line, v = row.line, row.values
        code, parent = v["code"], v["parent"]
        if not CODE.match(code):
            problems.add(
                path,
                line,
                msg("code {code!r} is not a cost-centre code (3 to 12 digits)", code=code),
            )
            continue
        if parent and not CODE.match(parent):
            problems.add(
                path,
                line,
                msg("parent {parent!r} is not a cost-centre code (3 to 12 digits)", parent=parent),
            )
            doubtful.add(code)
            continue
        if code in lines:
            problems.add(
                path,
                line,
                msg("duplicate code {code} (first on line {first})", code=code, first=lines[code]),
            )
            continue
        if not v["name"]:
            problems.add(path, line, msg("cost centre {code} has no name", code=code))
        lines[code] = line
        texts = dict(_texts(v, CENTRES_FILE))
        try:
            binding = binding_mark(v.get("binding", ""))
        except ValueError:
            problems.add(path, line, bad_mark(v["binding"]))
            binding = None
        centres.append(
            CostCentre(
                code,
                parent or None,
                v["name"],
                v.get("responsible", ""),
                texts.get("name_sv", ""),
                texts.get("name_en", ""),
                binding,
            )
        )
    roots = [c for c in centres if c.parent is None]
    if len(roots) != 1 and len(problems) == before and not doubtful:
        problems.add(
            path,
            0,
            msg("expected exactly one root (a row with no parent), found {n}", n=len(roots)),
        )
    for c in centres:
        if c.parent is not None and c.parent not in lines and c.parent not in doubtful:
            problems.add(
                path,
                lines[c.code],
                msg("parent {parent} of {code} does not exist", parent=c.parent, code=c.code),
            )
    _cycles(path, centres, lines, problems)
    clean = len(problems) == before and not doubtful
    return tuple(centres), _Codes(frozenset(lines), frozenset(doubtful), lines if clean else None)


def _cycles(
    path: str, centres: list[CostCentre], lines: dict[str, int], problems: Problems
) -> None:
    parents = {c.code: c.parent for c in centres}
    for c in centres:
        seen: set[str] = set()
        node: str | None = c.code
        while node is not None and node in parents:
            if node in seen:
                problems.add(
                    path,
                    lines[c.code],
                    msg("cost centre {code} is in a cycle of parents", code=c.code),
                )
                break
            seen.add(node)
            node = parents[node]


def _load_figures(
    source: Source,
    centres: tuple[CostCentre, ...],
    codes: _Codes,
    problems: Problems,
    blanks: FigureRows | None = None,
) -> dict[tuple[str, Line], Amounts]:
    """blanks, if given, receives each figure's line and whether its ta_amended was blank."""
    path = source.where(FIGURES_FILE)
    parents = {c.parent for c in centres}
    figures: dict[tuple[str, Line], Amounts] = {}
    seen: dict[tuple[str, Line], int] = {}
    names = ", ".join(ln.value for ln in (Line.INCOME, Line.COSTS))
    read = _rows(source, FIGURES_FILE, problems)
    if read is None:
        return figures
    rows, refused = read
    before = len(problems)
    for row in rows:
        line, v = row.line, row.values
        code = v["code"]
        kind = input_line(v["line"])
        if kind is None:
            problems.add(
                path,
                line,
                msg(
                    "column {column}: {value!r} is none of {names}",
                    column=source.column(FIGURES_FILE, "line"),
                    value=v["line"],
                    names=names,
                ),
            )
            continue
        if code not in codes.known:
            if not codes.unreported(code):
                problems.add(
                    path,
                    line,
                    msg(
                        "cost centre {code} is not in {file}",
                        code=code,
                        file=source.label(CENTRES_FILE),
                    ),
                )
            continue
        if code in parents:
            problems.add(
                path, line, msg("{code} has result areas; its figures are their sum", code=code)
            )
            continue
        if (code, kind) in seen:
            problems.add(
                path,
                line,
                msg(
                    "duplicate row {code} {kind} (first on line {first})",
                    code=code,
                    kind=kind.value,
                    first=seen[(code, kind)],
                ),
            )
            continue
        seen[(code, kind)] = line
        if blanks is not None:
            blanks[(code, kind)] = (line, not v[Column.TA_AMENDED.value])
        figures[(code, kind)] = {
            c: _number(v[c.value], path, line, source.column(FIGURES_FILE, c.value), problems)
            for c in MASTER_COLUMNS
        }
    if not rows and not refused:
        problems.add(
            path,
            0,
            msg(
                "has no rows under its header: the report needs the budget (ta, ta_amended) of every result area"
            ),
        )
    elif len(problems) == before and not refused and codes.doubtful is not None:
        budgets = (Column.TA, Column.TA_AMENDED)
        if not any(amounts[c] for amounts in figures.values() for c in budgets):
            problems.add(
                path,
                0,
                msg(
                    "every ta and ta_amended is zero: master data without a single budget figure would report every department as having no budget; fill in the budget"
                ),
            )
    return figures


def _load_central(source: Source, problems: Problems) -> tuple[CentralItem, ...]:
    path = source.where(CENTRAL_FILE)
    items: list[CentralItem] = []
    read = _rows(source, CENTRAL_FILE, problems)
    for row in read[0] if read else ():
        line, v = row.line, row.values
        if v["section"] not in CENTRAL_SECTIONS:
            problems.add(
                path,
                line,
                msg(
                    "section {section!r} must be one of {values}",
                    section=v["section"],
                    values=", ".join(CENTRAL_SECTIONS),
                ),
            )
            continue
        amounts = {
            c: _number(v[c.value], path, line, source.column(CENTRAL_FILE, c.value), problems)
            for c in Column
        }
        texts = tuple((f"name{c.removeprefix('item')}", t) for c, t in _texts(v, CENTRAL_FILE))
        items.append(CentralItem(v["item"], v["section"], amounts, texts))
    return tuple(items)


def _load_kpis(source: Source, codes: _Codes, problems: Problems) -> tuple[Kpi, ...]:
    path = source.where(KPIS_FILE)
    kpis: list[Kpi] = []
    ids: set[str] = set()
    read = _rows(source, KPIS_FILE, problems)
    for row in read[0] if read else ():
        line, v = row.line, row.values
        if v["id"] in ids:
            problems.add(path, line, msg("duplicate KPI id {id}", id=v["id"]))
            continue
        if v["code"] not in codes.known:
            if not codes.unreported(v["code"]):
                problems.add(
                    path,
                    line,
                    msg(
                        "cost centre {code} is not in {file}",
                        code=v["code"],
                        file=source.label(CENTRES_FILE),
                    ),
                )
            continue
        ids.add(v["id"])
        kpis.append(
            Kpi(
                v["id"],
                v["code"],
                v.get("group", ""),
                v["name"],
                parse_kpi_value(v["tp_prev"]),
                parse_kpi_value(v["ta"]),
                _texts(v, KPIS_FILE),
            )
        )
    return tuple(kpis)


def _texts(values: dict[str, str], name: str) -> tuple[tuple[str, str], ...]:
    """The other languages' texts of a row: (column, text) for each non-empty X_sv / X_en."""
    columns = (f"{c}_{lang}" for c in TRANSLATED_COLUMNS[name] for lang in OTHER_LANGUAGES)
    return tuple((c, values[c]) for c in columns if values.get(c))


def _load_objectives(
    source: Source, codes: _Codes, problems: Problems
) -> tuple[Objective, ...] | None:
    """The objectives; None when the file cannot be read at all (already a problem)."""
    path = source.where(STRATEGY_FILE)
    out: list[Objective] = []
    ids: set[str] = set()
    moved = False  # the sdg column of older master data: reported once
    read = _rows(source, STRATEGY_FILE, problems)
    if read is None:
        return None
    for row in read[0]:
        line, v = row.line, row.values
        if v.get("sdg") and not moved:
            moved = True
            problems.add(path, line, SDG_MOVED)
        if v["id"] in ids:
            problems.add(path, line, msg("duplicate objective id {id}", id=v["id"]))
            continue
        if v["department"] not in codes.known:
            if not codes.unreported(v["department"]):
                problems.add(
                    path,
                    line,
                    msg(
                        "department {department} is not in {file}",
                        department=v["department"],
                        file=source.label(CENTRES_FILE),
                    ),
                )
            continue
        ids.add(v["id"])
        out.append(
            Objective(
                v["id"],
                v["goal"],
                v["department"],
                v["objective"],
                v["actions"],
                v["owner_schedule"],
                v["metrics"],
                _texts(v, STRATEGY_FILE),
            )
        )
    return tuple(out)


SDG_MOVED = msg(
    "column sdg: SDGs are given once per strategic goal and department in {file} (columns goal, "
    "department, sdg), not per objective; move them there and delete this column",
    file=STRATEGY_SDG_FILE,
)


def _sdg_numbers(raw: str, path: str, line: int, problems: Problems) -> tuple[int, ...] | None:
    """'3 5 11' (or '3, 5, 11') as numbers 1-17, each once; None after reporting a problem."""
    try:
        numbers = tuple(int(x) for x in raw.replace(",", " ").split())
    except ValueError:
        problems.add(
            path, line, msg("sdg {raw!r} must be numbers 1-17 separated by spaces", raw=raw)
        )
        return None
    if any(not 1 <= n <= 17 for n in numbers):
        problems.add(path, line, msg("sdg {raw!r}: the UN goals are numbered 1-17", raw=raw))
        return None
    if len(set(numbers)) < len(numbers):
        problems.add(path, line, msg("sdg {raw!r} names a goal twice", raw=raw))
        return None
    return numbers


def _load_table_sdgs(
    source: Source, objectives: tuple[Objective, ...], codes: _Codes, problems: Problems
) -> tuple[TableSdgs, ...]:
    """strategy_sdg.csv: one SDG list per strategy table, i.e. per (goal, department) that has
    objectives in strategy.csv."""
    path = source.where(STRATEGY_SDG_FILE)
    tables = {(o.goal, o.department) for o in objectives}
    seen: dict[tuple[str, str], int] = {}
    out: list[TableSdgs] = []
    read = _rows(source, STRATEGY_SDG_FILE, problems)
    for row in read[0] if read else ():
        line, v = row.line, row.values
        key = (v["goal"], v["department"])
        if key in seen:
            problems.add(
                path,
                line,
                msg(
                    "duplicate row for goal {goal!r} and department {department} (first on line "
                    "{first})",
                    goal=key[0],
                    department=key[1],
                    first=seen[key],
                ),
            )
            continue
        seen[key] = line
        if key not in tables and codes.unreported(key[1]):
            continue  # its department's row was refused: already reported
        if key not in tables:
            problems.add(
                path,
                line,
                msg(
                    "no objective in {file} has goal {goal!r} and department {department}; check "
                    "the spelling of both",
                    file=STRATEGY_FILE,
                    goal=key[0],
                    department=key[1],
                ),
            )
            continue
        numbers = _sdg_numbers(v["sdg"], path, line, problems)
        if numbers is not None:
            out.append(TableSdgs(key[0], key[1], numbers))
    return tuple(out)


def load_master(path: Path) -> Master:
    """Read and validate the master data (a folder, or one .xlsx workbook with a sheet per
    file); MasterError lists every problem."""
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
    centres, codes = _load_centres(source, problems)
    blanks: FigureRows = {}
    figures = _load_figures(source, centres, codes, problems, blanks)
    central = _load_central(source, problems)
    kpis = _load_kpis(source, codes, problems) if KPIS_FILE in present else ()
    read_objectives = _load_objectives(source, codes, problems) if STRATEGY_FILE in present else ()
    objectives = read_objectives or ()
    sdgs = (
        _load_table_sdgs(source, objectives, codes, problems)
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
        FIGURES_FILE: content_hash(figures),
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
    codes: _Codes,
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
        read = _rows(source, name, problems) if name in present else None
        if read and name == INVESTMENTS_FILE:
            refused.update(read[1])
        return [(row.line, row.values) for row in read[0]] if read else []

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
