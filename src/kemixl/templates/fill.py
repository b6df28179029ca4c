"""Filling a generated template programmatically, as a department's own tool would.

Used to build the bundled sample and by the round-trip tests; finance can also use it to
pre-fill actuals from a ledger export. Cells are located by their labels and column titles,
not by fixed positions, and the workbook is saved by openpyxl (so its formulas carry no
cached values, which is exactly what the reader must cope with).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from ..i18n import terms
from ..model import Column, Line, Period
from ..submissions.reader import code_of, header_kind, line_of
from ..xlsx.cells import norm

Figures = Mapping[tuple[str, Line], Mapping[Column, float]]
# A project's inputs: (EXPENDITURE or INCOME, Column) -> amount, "status" and "explanation" -> text.
ProjectInputs = Mapping[str, Mapping[object, object]]


def _sheet(wb: Any, message: str) -> Any:
    """A template's sheet by its name in whatever language the template was written."""
    names = {norm(n) for n in terms.all_titles(message)}
    return next(ws for ws in wb.worksheets if norm(ws.title) in names)


def _titles(message: str, **args: object) -> frozenset[str]:
    return frozenset(norm(t) for t in terms.all_titles(message, **args))


def fill_template(
    template: Path,
    target: Path,
    period: Period,
    figures: Figures,
    explanations: Mapping[str, str] | None = None,
    kpis: Mapping[str, tuple[object, object]] | None = None,
    realizations: Mapping[str, tuple[str, str]] | None = None,
    projects: ProjectInputs | None = None,
) -> None:
    """figures: (code, line) -> {ACTUAL, FORECAST}; explanations: label (in any language) ->
    text; kpis: id -> (actual, forecast); realizations: id -> (status, text); projects: id ->
    inputs (ProjectInputs). The template may be in any language kemixl writes."""
    wb = load_workbook(template)
    ws = _sheet(wb, terms.SHEET_FINANCE)
    columns: dict[str, int] = {}
    code = ""
    for r, row in enumerate(ws.iter_rows(), start=1):
        kinds = {
            i: k for i, c in enumerate(row, start=1) if (k := header_kind(c.value)) is not None
        }
        if len(kinds) >= 2:
            columns = {k: col for col, k in kinds.items()}
            continue
        label = row[0].value
        found = code_of(label)
        if found:
            code = found[0]
            continue
        line = line_of(label)
        if line is None or (code, line) not in figures:
            continue
        for column in (Column.ACTUAL, Column.FORECAST):
            if column.value in columns and column in figures[(code, line)]:
                ws.cell(r, columns[column.value], figures[(code, line)][column])
    if explanations:
        es = _sheet(wb, terms.SHEET_EXPLANATIONS)
        labels = [_titles(m) for m in (terms.RESPONSIBLE, terms.EXPLANATION, terms.SAVINGS)]
        wanted: dict[str, str] = {}
        for key, text in explanations.items():
            same = next((t for t in labels if norm(key) in t), frozenset({norm(key)}))
            wanted.update(dict.fromkeys(same, text))
        for r, row in enumerate(es.iter_rows(min_col=1, max_col=1), start=1):
            key = norm(row[0].value or "")
            if key in wanted:
                es.cell(r, 2, wanted[key])
    months = f"{period.first_month}-{period.last_month}/{period.year}"
    if kpis:
        _fill_table(
            _sheet(wb, terms.SHEET_KPIS),
            _titles(terms.KPI_ID),
            (
                _titles(terms.KPI_ACTUAL, months=months),
                _titles(terms.COLUMN_TITLES[Column.FORECAST], year=period.year),
            ),
            {k: tuple(v) for k, v in kpis.items()},
        )
    if realizations:
        _fill_table(
            _sheet(wb, terms.SHEET_STRATEGY),
            _titles(terms.STRATEGY_ID),
            (_titles(terms.STATUS), _titles(terms.REALIZATION, months=months)),
            {k: tuple(v) for k, v in realizations.items()},
        )
    if projects:
        _fill_projects(_sheet(wb, terms.SHEET_INVESTMENTS), projects)
    wb.save(target)


def _fill_projects(ws: Any, projects: ProjectInputs) -> None:
    """Each project's inputs under the columns whose titles say them (in any language)."""
    from ..submissions.projects import PROJECT, project_columns, project_of

    roles: dict[int, object] = {}
    for row in ws.iter_rows():
        if not roles:
            found = project_columns([c.value for c in row])
            roles = dict(found) if found else {}
            continue
        named = project_of(row[0].value) if row else None
        values = projects.get(named[0]) if named else None
        if values is None:
            continue
        for col, role in roles.items():
            key: object = role
            if isinstance(role, tuple):
                if role[0] == "pct":
                    continue
                key = (role[1], Column(role[0]))
            if role != PROJECT and key in values and values[key] not in (None, ""):
                ws.cell(row[0].row, col + 1, values[key])


def _fill_table(
    ws: Any,
    id_titles: frozenset[str],
    targets: tuple[frozenset[str], ...],
    values: Mapping[str, tuple[object, ...]],
) -> None:
    """Writes values[id][i] under the column titled as targets[i] (in any language), on the
    row whose id column (titled as id_titles) holds the id."""
    columns: list[int] = []
    id_col = 0
    for row in ws.iter_rows():
        texts = {norm(c.value): c.column for c in row if isinstance(c.value, str)}
        if not columns:
            found = [next((texts[t] for t in titles if t in texts), 0) for titles in targets]
            id_col = next((texts[t] for t in id_titles if t in texts), 0)
            if id_col and all(found):
                columns = found
            continue
        ident = ws.cell(row[0].row, id_col).value
        if ident in values:
            for index, col in enumerate(columns):
                value = values[str(ident)][index]
                if value not in (None, ""):
                    ws.cell(row[0].row, col, value)
