"""Building department submissions in tests, the way departments really make them."""

from __future__ import annotations

import csv
import random
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from kemixl.i18n import terms
from kemixl.model import Column, Line, Master

from .conftest import INPUTS, ROOT, TEMPLATES

Reported = dict[tuple[str, Line], dict[Column, float]]


def sample_reported() -> Reported:
    out: Reported = {}
    with (ROOT / "samples" / "kemi2023" / "finance.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            out[(row["code"], Line(row["line"]))] = {
                Column.ACTUAL: float(row["actual"]),
                Column.FORECAST: float(row["forecast"]),
            }
    return out


@dataclass
class Drift:
    """How a free-form submission departs from the tidy layout."""

    title_rows: int = 0
    header_col: int = 0
    columns: list[str] = field(
        default_factory=lambda: ["tp_prev", "ta", "ta_amended", "actual", "pct", "forecast"]
    )
    blank_rows: int = 0
    sheet: str = "Taul1"
    as_text: bool = False  # numbers stored as text with spaces, NBSP, Unicode minus, decimal comma
    omit: set[tuple[str, Line]] = field(default_factory=set)
    with_total: bool = True
    overrides: dict[tuple[str, Line, Column], object] = field(default_factory=dict)
    extra_blocks: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)  # column titles other than TITLES'
    labels: dict[Line, str] = field(default_factory=dict)  # line labels other than the Finnish
    projects: bool = True  # the department's investment table under its finance table
    answers: dict[str, dict[str, str]] | None = None  # the projects' answers (default: sample)
    extra_projects: list[tuple[str, ...]] = field(default_factory=list)  # rows appended as is
    project_titles: dict[str, str] = field(default_factory=dict)  # titles other than Finnish


TITLES = {
    "tp_prev": "TP 2022",
    "ta": "TA 2023",
    "ta_amended": "Muutettu TA 2023",
    "actual": "Toteuma 01-06/2023",
    "pct": "Toteuma-%",
    "forecast": "TP-ENNUSTE 2023",
}


Answers = dict[str, dict[str, str]]  # project id -> a row of samples/kemi2023/investments.csv


def sample_projects() -> Answers:
    """The Kemi sample's answers for its (synthetic) investment projects."""
    with (ROOT / "samples" / "kemi2023" / "investments.csv").open(encoding="utf-8") as f:
        return {row["id"]: row for row in csv.DictReader(f)}


def project_answer(master: Master, project: str, answers: Answers) -> dict[str, str]:
    """A project's answer: the sample's, else its budget as forecast and the elapsed share of
    it as actual (an organisation the sample does not know)."""
    if project in answers:
        return answers[project]
    p = master.investments.project(project)
    assert p is not None
    spent, got = p.amount(Line.COSTS, Column.TA_AMENDED), p.amount(Line.INCOME, Column.TA_AMENDED)
    share = master.period.elapsed_share
    return {
        "actual": str(round(spent * share)),
        "actual_income": str(round(got * share)),
        "forecast": str(spent),
        "forecast_income": str(got),
        "status": "Käynnissä",
        "explanation": "",
    }


def project_actuals(
    master: Master, answers: Answers | None = None
) -> dict[tuple[str, Line], float]:
    """The projects' actuals by (id, flow), as the sample's ledger books them."""
    answers = sample_projects() if answers is None else answers
    out: dict[tuple[str, Line], float] = {}
    for p in master.investments.projects:
        a = project_answer(master, p.id, answers)
        out[(p.id, Line.COSTS)] = float(a["actual"])
        out[(p.id, Line.INCOME)] = float(a["actual_income"])
    return out


def project_inputs(
    master: Master, actuals: bool = True, answers: Answers | None = None
) -> dict[str, dict[object, object]]:
    """fill_template's project inputs from the answers (the sample's by default); without
    actuals, when the ledger has them."""
    answers = sample_projects() if answers is None else answers
    out: dict[str, dict[object, object]] = {}
    for p in master.investments.projects:
        a = project_answer(master, p.id, answers)
        values: dict[object, object] = {
            (Line.COSTS, Column.FORECAST): float(a["forecast"]),
            (Line.INCOME, Column.FORECAST): float(a["forecast_income"]),
            "status": terms.project_status_label(a["status"]),
            "explanation": a["explanation"],
        }
        if actuals:
            values[(Line.COSTS, Column.ACTUAL)] = float(a["actual"])
            values[(Line.INCOME, Column.ACTUAL)] = float(a["actual_income"])
        out[p.id] = values
    return out


PROJECT_TITLES = ("Hanke", "Hankeryhmä", "ta", "ta_amended", "actual", "actual_income")
PROJECT_TITLES += ("forecast", "forecast_income", "Tila", "Selitys")


def _cell_value(text: object) -> object:
    """A number where the answer is one, else the text as typed ('n. 100 000')."""
    if not isinstance(text, str):
        return text
    try:
        return float(text)
    except ValueError:
        return text


def write_projects(
    ws: Any,
    row: int,
    master: Master,
    dept: str,
    answers: Answers,
    titles: dict[str, str],
    own: dict[str, str] | None = None,
    extra: list[tuple[str, ...]] | None = None,
) -> int:
    """The department's investment table from `row` (free-form, Finnish titles: 'TA 2023',
    'Toteuma 01-06/2023 menot' ...; `own` replaces any of them); returns the next row."""
    heads = {
        "ta": titles["ta"],
        "ta_amended": titles["ta_amended"],
        "actual": f"{titles['actual']} menot",
        "actual_income": f"{titles['actual']} tulot",
        "forecast": f"{titles['forecast']} menot",
        "forecast_income": f"{titles['forecast']} tulot",
        **(own or {}),
    }
    ws.cell(row, 1, "Investoinnit")
    for c, key in enumerate(PROJECT_TITLES, start=1):
        ws.cell(row + 1, c, heads.get(key, key))
    r = row + 2
    rows: list[tuple[object, ...]] = []
    for p in master.investments.of_department(dept):
        if answers.get(p.id, {}).get("omit"):
            continue
        a = project_answer(master, p.id, answers)
        rows.append(
            (
                a.get("label", f"{p.id} {p.name}"),
                p.group,
                _cell_value(a.get("ta", p.amount(Line.COSTS, Column.TA))),
                _cell_value(a.get("ta_amended", p.amount(Line.COSTS, Column.TA_AMENDED))),
                _cell_value(a["actual"]),
                _cell_value(a["actual_income"]),
                _cell_value(a["forecast"]),
                _cell_value(a["forecast_income"]),
                a["status"],
                a["explanation"],
            )
        )
    for values in (*rows, *(extra or [])):
        for c, value in enumerate(values, start=1):
            if value not in ("", None):
                ws.cell(r, c, _cell_value(value))
        r += 1
    return r


def as_text(value: float, rng: random.Random) -> str:
    whole = f"{abs(value):,.0f}"
    sep = rng.choice([" ", "\u00a0", "\u202f"])
    text = whole.replace(",", sep)
    if value != int(value):
        text += "," + f"{abs(value):.2f}".split(".")[1]
    minus = rng.choice(["-", "\u2212"])
    return (minus if value < 0 else "") + text


def figures(master: Master, code: str, reported: Reported) -> dict[Line, dict[Column, float]]:
    out: dict[Line, dict[Column, float]] = {}
    for line in (Line.INCOME, Line.COSTS):
        out[line] = {
            c: master.master_amount(code, line, c)
            for c in (Column.TP_PREV, Column.TA, Column.TA_AMENDED)
        }
        for c in (Column.ACTUAL, Column.FORECAST):
            out[line][c] = sum(
                reported.get((lf.code, line), {}).get(c, 0.0) for lf in master.leaves(code)
            )
    out[Line.MARGIN] = {c: out[Line.INCOME][c] + out[Line.COSTS][c] for c in out[Line.INCOME]}
    return out


def write_submission(
    path: Path,
    master: Master,
    dept: str,
    reported: Reported,
    drift: Drift | None = None,
    seed: int = 0,
) -> Path:
    """A department's free-form table, saved with openpyxl (no cached formula values anywhere)."""
    d = drift or Drift()
    rng = random.Random(seed)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = d.sheet
    row = 1
    for i in range(d.title_rows):
        ws.cell(
            row, 1, f"{master.centre(dept).name if master.centre(dept) else dept} raportti {i + 1}"
        )
        row += 1
    c0 = d.header_col + 1
    for i, key in enumerate(d.columns):
        ws.cell(row, c0 + 1 + i, d.titles.get(key, TITLES[key]))
    row += 1
    codes = [*d.extra_blocks, *[k.code for k in master.children(dept)]]
    if d.with_total:
        codes.append(dept)
    for code in codes:
        node = master.centre(code)
        ws.cell(row, c0, f"{code} {d.names.get(code, node.name if node else 'TUNTEMATON')}")
        row += 1
        values = (
            figures(master, code, reported)
            if node
            else {ln: {c: 0.0 for c in Column} for ln in Line}
        )
        for line in Line:
            if (code, line) in d.omit:
                continue
            ws.cell(row, c0, d.labels.get(line, line.value))
            for i, key in enumerate(d.columns):
                if key == "pct":
                    amended = values[line][Column.TA_AMENDED]
                    pct = 0 if not amended else round(100 * values[line][Column.ACTUAL] / amended)
                    ws.cell(row, c0 + 1 + i, f"{pct} %")
                    continue
                col = Column(key)
                value: object = values[line][col]
                if (code, line, col) in d.overrides:
                    value = d.overrides[(code, line, col)]
                elif d.as_text and isinstance(value, float):
                    value = as_text(value, rng)
                ws.cell(row, c0 + 1 + i, value)
            row += 1
        row += d.blank_rows
    if d.projects and master.investments.of_department(dept):
        answers = sample_projects() if d.answers is None else d.answers
        titles = {**TITLES, **d.titles}
        write_projects(
            ws, row + 2, master, dept, answers, titles, d.project_titles, d.extra_projects
        )
    wb.save(path)
    return path


def template_lines(ws: Any) -> Iterator[tuple[int, str, str]]:
    """(row, cost-centre code, line label) of every line row of a template's finance sheet."""
    code = ""
    for row in range(6, ws.max_row + 1):
        label = ws.cell(row, 1).value
        if isinstance(label, str) and label[:1].isdigit():
            code = label.split()[0]
        elif label in {line.value for line in Line}:
            yield row, code, label


def not_ready_report(tmp_path: Path) -> Path:
    """The sample consolidated from one department's workbook only: a report with errors,
    marked not ready for the council (tmp_path/r.xlsx)."""
    from kemixl.findings import has_errors
    from kemixl.pipeline import consolidate

    only = tmp_path / "in"
    only.mkdir()
    first = sorted(INPUTS.glob("*.xlsx"))[0]
    shutil.copyfile(first, only / first.name)
    report = tmp_path / "r.xlsx"
    assert has_errors(consolidate(only, TEMPLATES, report).findings)
    return report
