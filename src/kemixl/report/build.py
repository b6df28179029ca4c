"""Assembling the consolidated workbook and writing it atomically."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import xlsxwriter

from ..findings import Severity, counts
from ..reconcile import Consolidation
from ..xlsxsafe import atomic_path
from .audit import write_findings_sheet, write_sources_sheet
from .finance import (
    FIRST_ROW,
    Layout,
    write_department_sheet,
    write_departments_sheet,
    write_summary_sheet,
)
from .formats import make_formats
from .sheet import Sheet

SUMMARY = "Tuloslaskelma"
DEPARTMENTS = "Toimialat"
FINDINGS = "Havainnot"
SOURCES = "Lähteet"
_BAD = re.compile(r"[\[\]:*?/\\]")


def sheet_name(name: str, taken: set[str]) -> str:
    """A valid, unique (case-insensitively) sheet name of at most 31 characters."""
    base = _BAD.sub(" ", name).strip("' ").capitalize()[:31] or "Taulukko"
    candidate, n = base, 2
    while candidate.lower() in taken:
        suffix = f" ({n})"
        candidate = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(candidate.lower())
    return candidate


def write_report(c: Consolidation, target: Path) -> None:
    """Write the council's workbook to target, atomically."""
    with atomic_path(target) as tmp:
        _write(c, tmp)


def _write(c: Consolidation, path: Path) -> None:
    master = c.master
    wb = xlsxwriter.Workbook(
        str(path),
        {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
    )
    # Fixed properties: the same inputs give the same workbook.
    wb.set_properties(
        {
            "title": master.settings.title,
            "subject": f"{master.settings.city} {master.period.label}",
            "author": "kemixl",
            "company": master.settings.city,
            "created": dt.datetime(master.period.year, master.period.last_month, 1),
        }
    )
    fmt = make_formats(wb)
    taken = {n.lower() for n in (SUMMARY, DEPARTMENTS, FINDINGS, SOURCES)}
    summary = Sheet(wb, SUMMARY, fmt)
    departments = Sheet(wb, DEPARTMENTS, fmt)
    layout = Layout()
    dept_sheets: dict[str, str] = {}
    for d in master.departments:
        if master.children(d.code):
            sheet = Sheet(wb, sheet_name(d.name, taken), fmt)
            write_department_sheet(sheet, c, d.code, layout)
            dept_sheets[d.code] = sheet.name
    write_departments_sheet(departments, c, dept_sheets, layout)
    _summary_page(summary, c, layout)
    write_findings_sheet(Sheet(wb, FINDINGS, fmt), c, layout.blocks)
    write_sources_sheet(Sheet(wb, SOURCES, fmt), c)
    wb.close()


def _summary_page(sheet: Sheet, c: Consolidation, layout: Layout) -> None:
    master = c.master
    sheet.text(0, 0, master.settings.title, "title")
    sheet.text(1, 0, f"{master.settings.city} · {master.period.label} · 1 000 €", "subtitle")
    n = counts(c.findings)
    if n[Severity.ERROR]:
        sheet.ws.merge_range(2, 0, 2, 6, "", sheet.fmt["banner"])
        sheet.text(
            2,
            0,
            f"EI VALMIS VALTUUSTOLLE: {n[Severity.ERROR]} virhettä korjaamatta (ks. {FINDINGS}).",
            "banner",
        )
    write_summary_sheet(sheet, c, layout.refs[master.root.code], first_row=FIRST_ROW)
    sheet.ws.freeze_panes(FIRST_ROW, 1)
