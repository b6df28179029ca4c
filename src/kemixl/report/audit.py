"""The findings and sources sheets: the workbook carries its own audit trail."""

from __future__ import annotations

from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell

from ..findings import Finding
from ..model import Column, Line
from ..reconcile import Consolidation
from .finance import Layout
from .sheet import Sheet, text_height

FINDING_COLUMNS = (
    ("Vakavuus", 9),
    ("Sääntö", 20),
    ("Tiedosto", 24),
    ("Solu tiedostossa", 12),
    ("Kustannuspaikka", 15),
    ("Viesti", 60),
    ("Ilmoitettu", 12),
    ("Odotettu", 12),
    ("Erotus", 11),
    ("Raportissa", 20),
)
WRAPPED = {2: 24, 5: 60}  # columns whose text wraps, and their widths
SEVERITY_FI = {"error": "virhe", "warning": "varoitus", "note": "huomio"}


def write_findings_sheet(sheet: Sheet, c: Consolidation, layout: Layout) -> None:
    ws = sheet.ws
    sheet.text(0, 0, "Täsmäytyksen havainnot", "title")
    sheet.text(
        1,
        0,
        "Jokainen havainto: tiedosto ja solu, josta se löytyi, ja linkki raportin riviin.",
        "subtitle",
    )
    for col, (title, _width) in enumerate(FINDING_COLUMNS):
        sheet.text(3, col, title, "header")
    sheet.columns({col: width for col, (_title, width) in enumerate(FINDING_COLUMNS)})
    ws.set_row(3, 30)
    for i, f in enumerate(c.findings, start=4):
        _finding_row(sheet, i, f, layout)
    last = 3 + max(1, len(c.findings))
    ws.autofilter(3, 0, last, len(FINDING_COLUMNS) - 1)
    ws.freeze_panes(4, 0)
    if not c.findings:
        sheet.text(4, 0, "Ei havaintoja.")


def target_cell(f: Finding, layout: Layout) -> tuple[str, int, int] | None:
    """The consolidated cell a finding is about: the exact figure when the finding names a
    line and column, else the cost centre's block row."""
    refs = layout.refs.get(f.code)
    if refs is not None and f.line_label and f.column_key:
        ref = refs.get(Line(f.line_label), {}).get(Column(f.column_key))
        if ref is not None:
            return ref.sheet, ref.row, ref.col
    block = layout.blocks.get(f.code)
    return (block[0], block[1], 0) if block is not None else None


def _finding_row(sheet: Sheet, row: int, f: Finding, layout: Layout) -> None:
    sev = f.severity.value
    sheet.text(row, 0, SEVERITY_FI[sev], sev)
    sheet.text(row, 1, f.rule.value)
    sheet.text(row, 2, f.file, "text")
    sheet.text(row, 3, f"{f.sheet}!{f.cell}" if f.sheet and f.cell else f.sheet)
    sheet.text(row, 4, f.code)
    sheet.text(row, 5, f.message, "text")
    sheet.ws.set_row(
        row, max(15.0, *(text_height(t, WRAPPED[c]) for c, t in ((2, f.file), (5, f.message))))
    )
    for col, value in ((6, f.submitted), (7, f.expected), (8, f.difference)):
        if isinstance(value, int | float):
            sheet.number(row, col, value)
        elif value is not None:
            sheet.text(row, col, str(value))
    target = target_cell(f, layout)
    if target is not None:
        name, r, col = target
        cell = xl_rowcol_to_cell(r, col)
        sheet.ws.write_url(
            row, 9, f"internal:{quote_sheetname(name)}!{cell}", sheet.fmt["link"], f"{name}!{cell}"
        )


def write_sources_sheet(sheet: Sheet, c: Consolidation) -> None:
    ws = sheet.ws
    sheet.text(0, 0, "Luetut tiedostot", "title")
    sheet.text(1, 0, f"Pääaineiston tunniste: {c.master.fingerprint}", "subtitle")
    cols = (
        ("Tiedosto", 34),
        ("Toimiala", 28),
        ("SHA-256", 66),
        ("Koko (tavua)", 12),
        ("Muokattu", 20),
        ("Pohjan tunniste", 34),
    )
    for col, (title, _width) in enumerate(cols):
        sheet.text(3, col, title, "header")
    sheet.columns({col: width for col, (_title, width) in enumerate(cols)})
    for i, (sub, dept) in enumerate(c.sources, start=4):
        node = c.master.centre(dept)
        sheet.text(i, 0, sub.name)
        sheet.text(i, 1, f"{dept} {node.name}" if node else "(ei tunnistettu)")
        sheet.text(i, 2, sub.info.sha256)
        sheet.number(i, 3, sub.info.size, "int")
        sheet.text(i, 4, sub.info.modified)
        stamp = sub.stamp
        sheet.text(
            i,
            5,
            f"v{stamp.version} {stamp.department} {stamp.master_hash}"
            if stamp
            else "vapaamuotoinen",
        )
    ws.freeze_panes(4, 0)
    _checklist(sheet, c, 4 + len(c.sources) + 2)


def _checklist(sheet: Sheet, c: Consolidation, row: int) -> None:
    """The submission checklist: who is in, who is missing, who needs not submit."""
    sheet.text(row, 0, "Palautukset toimialoittain", "title")
    for col, title in enumerate(("Toimiala", "Tila", "Tiedosto")):
        sheet.text(row + 1, col, title, "header")
    files = {dept: sub.name for sub, dept in reversed(c.sources) if dept}
    for i, d in enumerate(c.master.departments, start=row + 2):
        if d.code in c.submitted_departments:
            state, fmt = "Palautettu", "note"
        elif c.master.has_budget(d.code):
            state, fmt = "PUUTTUU", "error"
        else:
            state, fmt = "Ei tarvita (ei talousarviota kaudella)", "note"
        sheet.text(i, 0, f"{d.code} {d.name}")
        sheet.text(i, 1, state, fmt)
        sheet.text(i, 2, files.get(d.code, ""))
