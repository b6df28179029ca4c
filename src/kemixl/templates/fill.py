"""Filling a generated template programmatically, as a department's own tool would.

Used to build the bundled sample and by the round-trip tests; finance can also use it to
pre-fill actuals from a ledger export. Cells are located by their labels and column titles,
not by fixed positions, and the workbook is saved by openpyxl (so its formulas carry no
cached values, which is exactly what the reader must cope with).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from openpyxl import load_workbook

from ..model import Column, Line, Period
from ..submissions.reader import code_of, header_kind, line_of
from ..xlsx.cells import norm
from . import layout as T

Figures = Mapping[tuple[str, Line], Mapping[Column, float]]


def fill_template(
    template: Path,
    target: Path,
    period: Period,
    figures: Figures,
    explanations: Mapping[str, str] | None = None,
    kpis: Mapping[str, tuple[object, object]] | None = None,
    realizations: Mapping[str, tuple[str, str]] | None = None,
) -> None:
    """figures: (code, line) -> {ACTUAL, FORECAST}; explanations: label -> text;
    kpis: id -> (actual, forecast); realizations: id -> (status, text)."""
    wb = load_workbook(template)
    ws = wb[T.FINANCE_SHEET]
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
        es = wb[T.EXPLANATIONS_SHEET]
        wanted = {norm(k): v for k, v in explanations.items()}
        for r, row in enumerate(es.iter_rows(min_col=1, max_col=1), start=1):
            key = norm(row[0].value or "")
            if key in wanted:
                es.cell(r, 2, wanted[key])
    if kpis:
        _fill_table(
            wb[T.KPI_SHEET],
            T.KPI_ID,
            {
                T.kpi_actual_title(period.first_month, period.last_month, period.year): 0,
                period.column_title(Column.FORECAST): 1,
            },
            {k: tuple(v) for k, v in kpis.items()},
        )
    if realizations:
        _fill_table(
            wb[T.STRATEGY_SHEET],
            T.STRATEGY_ID,
            {
                T.STATUS: 0,
                T.realization_title(period.first_month, period.last_month, period.year): 1,
            },
            {k: tuple(v) for k, v in realizations.items()},
        )
    wb.save(target)


def _fill_table(
    ws: object, id_title: str, targets: dict[str, int], values: Mapping[str, tuple[object, ...]]
) -> None:
    header: dict[str, int] = {}
    for row in ws.iter_rows():  # type: ignore[attr-defined]
        texts = {c.value: c.column for c in row if isinstance(c.value, str)}
        if not header:
            if id_title in texts and all(t in texts for t in targets):
                header = texts
            continue
        ident = ws.cell(row[0].row, header[id_title]).value  # type: ignore[attr-defined]
        if ident in values:
            for title, index in targets.items():
                value = values[str(ident)][index]
                if value not in (None, ""):
                    ws.cell(row[0].row, header[title], value)  # type: ignore[attr-defined]
