"""Loading and validating finance's master data (the folder `templates/`).

The format is plain UTF-8 CSV plus one TOML file, so finance can edit it in Excel or a text
editor and review changes as diffs. Every problem names the file and line; all problems are
collected before loading fails.
"""

from __future__ import annotations

import csv
import hashlib
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, fields, replace
from pathlib import Path

from ..model import (
    DEFAULT_LIMITS,
    MASTER_COLUMNS,
    REPORTED_COLUMNS,
    Amendment,
    Amounts,
    CentralItem,
    Column,
    CostCentre,
    Kpi,
    Limits,
    Line,
    Master,
    Objective,
    Period,
    PreviousFigure,
    Settings,
    TableSdgs,
)
from ..numbers import NotANumber, parse_kpi_value, parse_number
from .ledger import ACCOUNTS_FILE, load_ledger_settings, parse_accounts
from .year import (
    AMENDMENT_COLUMNS,
    AMENDMENTS_FILE,
    PREVIOUS_COLUMNS,
    PREVIOUS_FILE,
    FigureRows,
    amended_figures,
    load_amendments,
    load_previous,
)

SETTINGS_FILE = "master.toml"
CENTRES_FILE = "costcentres.csv"
FIGURES_FILE = "figures.csv"
CENTRAL_FILE = "central.csv"
KPIS_FILE = "kpis.csv"
STRATEGY_FILE = "strategy.csv"
STRATEGY_SDG_FILE = "strategy_sdg.csv"
# Files that define the master; their bytes make the fingerprint templates carry.
MASTER_FILES = (
    SETTINGS_FILE,
    CENTRES_FILE,
    FIGURES_FILE,
    CENTRAL_FILE,
    KPIS_FILE,
    STRATEGY_FILE,
    STRATEGY_SDG_FILE,
    ACCOUNTS_FILE,
    AMENDMENTS_FILE,
    PREVIOUS_FILE,
)
OPTIONAL_FILES = {
    KPIS_FILE,
    STRATEGY_FILE,
    STRATEGY_SDG_FILE,
    ACCOUNTS_FILE,
    AMENDMENTS_FILE,
    PREVIOUS_FILE,
}
CENTRAL_SECTIONS = ("vuosikate", "tulos", "ylijaama")
# Kemi uses 8 digits; other cities use other lengths, so any 3 to 12 digits is a code.
CODE = re.compile(r"^\d{3,12}$")


@dataclass(frozen=True)
class MasterProblem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class MasterError(Exception):
    """Master data that cannot be used; carries every problem found."""

    def __init__(self, problems: list[MasterProblem]) -> None:
        self.problems = problems
        super().__init__(str(problems[0]) if problems else "invalid master data")


class _Problems(list[MasterProblem]):
    def add(self, path: Path, line: int, message: str) -> None:
        self.append(MasterProblem(str(path), line, message))


def _rows(
    path: Path, required: tuple[str, ...], problems: _Problems
) -> Iterator[tuple[int, dict[str, str]]]:
    """CSV rows with their line numbers; a missing column is reported once."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.add(path, 0, f"not UTF-8 text ({exc.reason}); save it as CSV UTF-8")
        return
    reader = csv.DictReader(text.splitlines(keepends=True))
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        problems.add(path, 1, f"missing column(s) {', '.join(missing)} in the header row")
        return
    for row in reader:
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        yield reader.line_num, {k: (v or "").strip() for k, v in row.items() if k is not None}


def _number(raw: str, path: Path, line: int, column: str, problems: _Problems) -> float:
    try:
        value = parse_number(raw)
    except NotANumber:
        problems.add(path, line, f"column {column}: {raw!r} is not a number")
        return 0.0
    return 0.0 if value is None else value


def _limits(table: dict[str, object]) -> Limits:
    """[limits]: how much of a submission is read; every value must be a positive number."""
    known = {f.name: f.type for f in fields(Limits)}
    values: dict[str, float | int] = {}
    for key, value in table.items():
        if key not in known:
            raise ValueError(f"[limits] {key}: unknown (known: {', '.join(known)})")
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise ValueError(f"[limits] {key}: must be a positive number")
        values[key] = value if known[key] == "float" else int(value)
    return replace(DEFAULT_LIMITS, **values)  # type: ignore[arg-type]


def _load_settings(path: Path, problems: _Problems) -> tuple[Period, Settings] | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        problems.add(path, int(m.group(1)) if m else 0, f"not valid TOML: {exc}")
        return None
    try:
        p, r = data["period"], data["report"]
        period = Period(int(p["year"]), int(p.get("first_month", 1)), int(p["last_month"]))
        rules = data.get("rules", {})
        settings = Settings(
            city=str(r["city"]),
            title=str(r["title"]),
            deadline=str(r.get("deadline", "")),
            contact=str(r.get("contact", "")),
            pace_margin=float(rules.get("pace_margin", 0.05)),
            materiality=float(rules.get("materiality", 50000)),
            limits=_limits(data.get("limits", {})),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        problems.add(path, 0, f"missing or invalid setting {exc}")
        return None
    if not 1 <= period.first_month <= period.last_month <= 12:
        problems.add(path, 0, "period months must satisfy 1 <= first_month <= last_month <= 12")
    return period, settings


def _load_centres(path: Path, problems: _Problems) -> tuple[CostCentre, ...]:
    centres: list[CostCentre] = []
    lines: dict[str, int] = {}
    for line, row in _rows(path, ("code", "parent", "name"), problems):
        code, parent = row["code"], row["parent"]
        if not CODE.match(code):
            problems.add(path, line, f"code {code!r} is not a cost-centre code (3 to 12 digits)")
            continue
        if parent and not CODE.match(parent):
            problems.add(
                path, line, f"parent {parent!r} is not a cost-centre code (3 to 12 digits)"
            )
            continue
        if code in lines:
            problems.add(path, line, f"duplicate code {code} (first on line {lines[code]})")
            continue
        if not row["name"]:
            problems.add(path, line, f"cost centre {code} has no name")
        lines[code] = line
        centres.append(CostCentre(code, parent or None, row["name"], row.get("responsible", "")))
    roots = [c for c in centres if c.parent is None]
    if len(roots) != 1 and not problems:
        problems.add(
            path, 0, f"expected exactly one root (a row with no parent), found {len(roots)}"
        )
    for c in centres:
        if c.parent is not None and c.parent not in lines:
            problems.add(path, lines[c.code], f"parent {c.parent} of {c.code} does not exist")
    parents = {c.code: c.parent for c in centres}
    for c in centres:
        seen: set[str] = set()
        node: str | None = c.code
        while node is not None and node in parents:
            if node in seen:
                problems.add(path, lines[c.code], f"cost centre {c.code} is in a cycle of parents")
                break
            seen.add(node)
            node = parents[node]
    return tuple(centres)


def _load_figures(
    path: Path,
    centres: tuple[CostCentre, ...],
    problems: _Problems,
    rows: FigureRows | None = None,
) -> dict[tuple[str, Line], Amounts]:
    """rows, if given, receives each figure's line number and whether ta_amended was blank."""
    known = {c.code for c in centres}
    parents = {c.parent for c in centres}
    figures: dict[tuple[str, Line], Amounts] = {}
    seen: dict[tuple[str, Line], int] = {}
    names = ", ".join(ln.value for ln in (Line.INCOME, Line.COSTS))
    cols = tuple(c.value for c in MASTER_COLUMNS)
    for line, row in _rows(path, ("code", "line", *cols), problems):
        code = row["code"]
        try:
            kind = Line(row["line"].upper())
        except ValueError:
            kind = None
        if kind not in (Line.INCOME, Line.COSTS):
            problems.add(path, line, f"line {row['line']!r} must be one of {names}")
            continue
        if code not in known:
            problems.add(path, line, f"cost centre {code} is not in {CENTRES_FILE}")
            continue
        if code in parents:
            problems.add(path, line, f"{code} has result areas; its figures are their sum")
            continue
        if (code, kind) in seen:
            problems.add(
                path,
                line,
                f"duplicate row {code} {kind.value} (first on line {seen[(code, kind)]})",
            )
            continue
        seen[(code, kind)] = line
        if rows is not None:
            rows[(code, kind)] = (line, not row[Column.TA_AMENDED.value])
        figures[(code, kind)] = {
            c: _number(row[c.value], path, line, c.value, problems) for c in MASTER_COLUMNS
        }
    return figures


def _load_central(path: Path, problems: _Problems) -> tuple[CentralItem, ...]:
    items: list[CentralItem] = []
    cols = tuple(c.value for c in MASTER_COLUMNS + REPORTED_COLUMNS)
    for line, row in _rows(path, ("item", "section", *cols), problems):
        if row["section"] not in CENTRAL_SECTIONS:
            problems.add(
                path,
                line,
                f"section {row['section']!r} must be one of {', '.join(CENTRAL_SECTIONS)}",
            )
            continue
        amounts = {c: _number(row[c.value], path, line, c.value, problems) for c in Column}
        items.append(CentralItem(row["item"], row["section"], amounts))
    return tuple(items)


def _load_kpis(path: Path, known: set[str], problems: _Problems) -> tuple[Kpi, ...]:
    kpis: list[Kpi] = []
    ids: set[str] = set()
    for line, row in _rows(path, ("id", "code", "name", "tp_prev", "ta"), problems):
        if row["id"] in ids:
            problems.add(path, line, f"duplicate KPI id {row['id']}")
            continue
        if row["code"] not in known:
            problems.add(path, line, f"cost centre {row['code']} is not in {CENTRES_FILE}")
            continue
        ids.add(row["id"])
        kpis.append(
            Kpi(
                row["id"],
                row["code"],
                row.get("group", ""),
                row["name"],
                parse_kpi_value(row["tp_prev"]),
                parse_kpi_value(row["ta"]),
            )
        )
    return tuple(kpis)


def _load_objectives(path: Path, known: set[str], problems: _Problems) -> tuple[Objective, ...]:
    out: list[Objective] = []
    ids: set[str] = set()
    cols = ("id", "goal", "department", "objective", "actions", "owner_schedule", "metrics")
    moved = False  # the sdg column of older master data: reported once
    for line, row in _rows(path, cols, problems):
        if row.get("sdg") and not moved:
            moved = True
            problems.add(path, line, SDG_MOVED)
        if row["id"] in ids:
            problems.add(path, line, f"duplicate objective id {row['id']}")
            continue
        if row["department"] not in known:
            problems.add(path, line, f"department {row['department']} is not in {CENTRES_FILE}")
            continue
        ids.add(row["id"])
        out.append(
            Objective(
                row["id"],
                row["goal"],
                row["department"],
                row["objective"],
                row["actions"],
                row["owner_schedule"],
                row["metrics"],
            )
        )
    return tuple(out)


SDG_MOVED = (
    f"column sdg: SDGs are given once per strategic goal and department in {STRATEGY_SDG_FILE} "
    "(columns goal, department, sdg), not per objective; move them there and delete this column"
)


def _sdg_numbers(raw: str, path: Path, line: int, problems: _Problems) -> tuple[int, ...] | None:
    """'3 5 11' (or '3, 5, 11') as numbers 1-17, each once; None after reporting a problem."""
    try:
        numbers = tuple(int(x) for x in raw.replace(",", " ").split())
    except ValueError:
        problems.add(path, line, f"sdg {raw!r} must be numbers 1-17 separated by spaces")
        return None
    if any(not 1 <= n <= 17 for n in numbers):
        problems.add(path, line, f"sdg {raw!r}: the UN goals are numbered 1-17")
        return None
    if len(set(numbers)) < len(numbers):
        problems.add(path, line, f"sdg {raw!r} names a goal twice")
        return None
    return numbers


def _load_table_sdgs(
    path: Path, objectives: tuple[Objective, ...], problems: _Problems
) -> tuple[TableSdgs, ...]:
    """strategy_sdg.csv: one SDG list per strategy table, i.e. per (goal, department) that has
    objectives in strategy.csv."""
    tables = {(o.goal, o.department) for o in objectives}
    seen: dict[tuple[str, str], int] = {}
    out: list[TableSdgs] = []
    for line, row in _rows(path, ("goal", "department", "sdg"), problems):
        key = (row["goal"], row["department"])
        if key in seen:
            problems.add(
                path,
                line,
                f"duplicate row for goal {key[0]!r} and department {key[1]} "
                f"(first on line {seen[key]})",
            )
            continue
        seen[key] = line
        if key not in tables:
            problems.add(
                path,
                line,
                f"no objective in {STRATEGY_FILE} has goal {key[0]!r} and department {key[1]}; "
                "check the spelling of both",
            )
            continue
        numbers = _sdg_numbers(row["sdg"], path, line, problems)
        if numbers is not None:
            out.append(TableSdgs(key[0], key[1], numbers))
    return tuple(out)


def file_hashes(folder: Path) -> dict[str, str]:
    """Per-file hashes, so a stale template can say which master file changed."""
    return {
        name: hashlib.sha256((folder / name).read_bytes().replace(b"\r\n", b"\n")).hexdigest()[:16]
        for name in MASTER_FILES
        if (folder / name).exists()
    }


def fingerprint(folder: Path) -> str:
    """A short hash of the master files' contents (line endings normalised)."""
    digest = hashlib.sha256()
    for name in MASTER_FILES:
        path = folder / name
        if path.exists():
            digest.update(name.encode())
            digest.update(path.read_bytes().replace(b"\r\n", b"\n"))
    return digest.hexdigest()[:16]


def load_master(folder: Path) -> Master:
    """Read and validate the master data folder; MasterError lists every problem."""
    problems = _Problems()
    if not folder.is_dir():
        raise MasterError(
            [
                MasterProblem(
                    str(folder), 0, "master data folder not found (give it with --master DIR)"
                )
            ]
        )
    for name in MASTER_FILES:
        if name not in OPTIONAL_FILES and not (folder / name).is_file():
            problems.add(folder / name, 0, "required master data file is missing")
    if problems:
        raise MasterError(problems)
    loaded = _load_settings(folder / SETTINGS_FILE, problems)
    centres = _load_centres(folder / CENTRES_FILE, problems)
    figure_rows: FigureRows = {}
    figures = _load_figures(folder / FIGURES_FILE, centres, problems, figure_rows)
    central = _load_central(folder / CENTRAL_FILE, problems)
    known = {c.code for c in centres}
    kpis = _load_kpis(folder / KPIS_FILE, known, problems) if (folder / KPIS_FILE).exists() else ()
    objectives = (
        _load_objectives(folder / STRATEGY_FILE, known, problems)
        if (folder / STRATEGY_FILE).exists()
        else ()
    )
    sdgs = (
        _load_table_sdgs(folder / STRATEGY_SDG_FILE, objectives, problems)
        if (folder / STRATEGY_SDG_FILE).exists()
        else ()
    )
    ledger = load_ledger_settings(folder / SETTINGS_FILE, problems.add)
    accounts = (
        parse_accounts(
            folder / ACCOUNTS_FILE,
            _rows(folder / ACCOUNTS_FILE, ("first", "last", "line"), problems),
            problems.add,
        )
        if (folder / ACCOUNTS_FILE).exists()
        else ()
    )
    amendments: tuple[Amendment, ...] = ()
    previous: tuple[PreviousFigure, ...] = ()
    if loaded is not None:
        period = loaded[0]
        if (folder / AMENDMENTS_FILE).exists():
            amendments = load_amendments(
                folder / AMENDMENTS_FILE,
                _rows(folder / AMENDMENTS_FILE, AMENDMENT_COLUMNS, problems),
                centres,
                problems.add,
            )
        figures = amended_figures(
            figures, figure_rows, amendments, period, folder / FIGURES_FILE, problems.add
        )
        if (folder / PREVIOUS_FILE).exists():
            previous = load_previous(
                folder / PREVIOUS_FILE,
                _rows(folder / PREVIOUS_FILE, PREVIOUS_COLUMNS, problems),
                centres,
                period,
                problems.add,
            )
    if problems or loaded is None:
        raise MasterError(problems)
    period, settings = loaded
    hashes = tuple(sorted(file_hashes(folder).items()))
    return Master(
        period,
        settings,
        centres,
        figures,
        central,
        kpis,
        objectives,
        fingerprint(folder),
        hashes,
        accounts,
        ledger,
        amendments,
        previous,
        sdgs,
    )
