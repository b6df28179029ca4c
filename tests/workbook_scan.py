"""An independent reader of the consolidated workbook's cached values, for golden tests.

Deliberately not kemixl's own reader: it finds blocks by their label cells and columns by
their header titles, as a person scanning the printed report would, in whichever language
(or pair) the report is written: lines and rows are returned under their Finnish keys.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from kemixl.i18n import terms
from kemixl.model import Column, Line
from kemixl.report.finance import ANNUAL_MARGIN, MARGIN_TOTAL, RESULT, SURPLUS

# The column titles as any language (or pair) writes them, recognised by the words the catalog
# gives each language: "Toteuma 01-06/2023", "Utfall 01-06/2023", "Actual 01-06/2023", ...
YEAR, MONTHS = "\x00Y", "\x00M"
_PATTERNS = {
    "tp_prev": terms.COLUMN_TITLES[Column.TP_PREV],
    "ta": terms.COLUMN_TITLES[Column.TA],
    "ta_amended": terms.COLUMN_TITLES[Column.TA_AMENDED],
    "actual": terms.COLUMN_TITLES[Column.ACTUAL],
    "pct": terms.PCT_TITLE,
    "forecast": terms.COLUMN_TITLES[Column.FORECAST],
    "change": "Change from the {months} forecast",
}


def _pattern(text: str) -> str:
    return (
        re.escape(text)
        .replace(re.escape(YEAR), r"\d{4}")
        .replace(re.escape(MONTHS), r"\d\d-\d\d/\d{4}")
    )


TITLE_PATTERNS = tuple(
    (re.compile(f"^{_pattern(title)}$"), key)
    for key, message in _PATTERNS.items()
    for title in terms.all_titles(message, year=YEAR, months=MONTHS)
)


def _title(value: object) -> str | None:
    if isinstance(value, str):
        for pattern, key in TITLE_PATTERNS:
            if pattern.match(value):
                return key
    return None


def _canonical(messages: dict[str, str]) -> dict[str, str]:
    """Every language's (and pair's) words for these messages -> the Finnish key."""
    return {title: key for key, message in messages.items() for title in terms.all_titles(message)}


def _central_names() -> dict[str, str]:
    """The sample master's central items (data, not catalog words) in every language and
    bilingual pair -> their Finnish names."""
    from kemixl.master import load_master

    out: dict[str, str] = {}
    for item in load_master(Path(__file__).resolve().parent.parent / "templates").central:
        names = [item.name, *(text for _column, text in item.texts)]
        out.update({n: item.name for n in names})
        out.update({f"{a}{terms.BILINGUAL_SEPARATOR}{b}": item.name for a in names for b in names})
    return out


# line labels in any language -> the Finnish line (the data key, Line.value)
LINES = _canonical({line.value: terms.LINE_LABELS[line] for line in Line})
# the income statement's own rows in any language -> their Finnish labels (the seed's)
SUMMARY_ROWS = {
    **LINES,
    **_central_names(),
    **_canonical(
        {
            "TOIMINTAKATE YHTEENSÄ": MARGIN_TOTAL,
            "VUOSIKATE": ANNUAL_MARGIN,
            "TILIKAUDEN TULOS": RESULT,
            "YLIJÄÄMÄ / ALIJÄÄMÄ": SURPLUS,
        }
    ),
}


def scan_blocks(
    path: Path, sheets: list[str] | None = None
) -> dict[tuple[str, str, str], dict[str, Any]]:
    """(sheet, code, line) -> {column key: cached value} for every block of the finance sheets."""
    wb = load_workbook(path, data_only=True)
    out: dict[tuple[str, str, str], dict[str, Any]] = {}
    for ws in wb.worksheets:
        if sheets is not None and ws.title not in sheets:
            continue
        columns: dict[int, str] = {}
        code = None
        for row in ws.iter_rows():
            texts = {c.column: c.value for c in row if c.value is not None}
            found = {col: k for col, v in texts.items() if (k := _title(v)) is not None}
            if len(found) >= 3:
                columns = found
                continue
            label = row[0].value if row else None
            if not isinstance(label, str) or not columns:
                continue
            m = re.match(r"^(\d{3,12}) ", label)
            if m:
                code = m.group(1)
            elif label in LINES and code:
                out[(ws.title, code, LINES[label])] = {
                    key: ws.cell(row[0].row, col).value for col, key in columns.items()
                }
    return out


def scan_summary(path: Path, sheet: str) -> dict[str, dict[str, Any]]:
    wb = load_workbook(path, data_only=True)
    ws = wb[sheet]
    columns: dict[int, str] = {}
    out: dict[str, dict[str, Any]] = {}
    for row in ws.iter_rows():
        texts = {c.column: c.value for c in row if c.value is not None}
        found = {col: k for col, v in texts.items() if (k := _title(v)) is not None}
        if len(found) >= 3:
            columns = found
            continue
        label = row[0].value if row else None
        if columns and isinstance(label, str) and label.strip():
            out[SUMMARY_ROWS.get(label.strip(), label.strip())] = {
                key: ws.cell(row[0].row, col).value for col, key in columns.items()
            }
    return out
