"""The findings and sources sheets: the workbook carries its own audit trail."""

from __future__ import annotations

from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell

from ..findings import Finding
from ..model import Column, Line
from ..reconcile import Consolidation
from .finance import Layout
from .measure import fitted_width, text_height, width_for
from .sheet import Sheet

# The findings table's columns (0-based), titles and widths. The rule's Finnish explanation
# stands next to its name for the council and finance; the message beside the figures is
# the CLI's, in English ("tekninen"), with the exact numbers and names.
(
    SEVERITY,
    RULE,
    EXPLANATION,
    FILE,
    CELL,
    CODE,
    MESSAGE,
    SUBMITTED,
    EXPECTED,
    DIFFERENCE,
    LINK,
) = range(11)
FINDING_COLUMNS = (
    ("Vakavuus", 9),
    ("Sääntö", 16),
    ("Selitys", 32),
    ("Tiedosto", 20),
    ("Solu tiedostossa", 12),
    ("Kustannuspaikka", 11),
    ("Viesti (tekninen)", 40),
    ("Ilmoitettu", 16),
    ("Odotettu", 16),
    ("Erotus", 12),
    ("Raportissa", 20),
)
SEVERITY_FI = {"error": "virhe", "warning": "varoitus", "note": "huomio"}


def _widths(findings: tuple[Finding, ...], sheet_names: list[str]) -> dict[int, float]:
    """The columns' widths: at least the declared ones, wide enough for every word of their
    titles (in bold), for the longest link text (never wrapped) and, within limits, for the
    longest word of a rule's name or of a submitted or expected text (a cost centre's name)."""
    widths = {
        col: fitted_width(width, [title], bold=True, most=3)
        for col, (title, width) in enumerate(FINDING_COLUMNS)
    }
    widths[RULE] = max(widths[RULE], fitted_width(widths[RULE], [f.rule.value for f in findings]))
    for col, values in (
        (SUBMITTED, [f.submitted for f in findings]),
        (EXPECTED, [f.expected for f in findings]),
    ):
        texts = [v for v in values if isinstance(v, str)]
        widths[col] = max(widths[col], fitted_width(widths[col], texts, most=1.75))
    widths[LINK] = max([widths[LINK], *(width_for(name + "!AA999") for name in sheet_names)])
    return widths


def write_findings_sheet(sheet: Sheet, c: Consolidation, layout: Layout) -> None:
    ws = sheet.ws
    sheet.text(0, 0, "Täsmäytyksen havainnot", "title")
    sheet.text(
        1,
        0,
        "Jokainen havainto: tiedosto ja solu, josta se löytyi, ja linkki raportin riviin. "
        "Selitys kertoo säännön merkityksen; tekninen viesti on ohjelman tarkka ilmoitus.",
        "subtitle",
    )
    targets = [target_cell(f, layout) for f in c.findings]
    widths = _widths(c.findings, sorted({t[0] for t in targets if t is not None}))
    sheet.columns(widths)
    for col, (title, _width) in enumerate(FINDING_COLUMNS):
        sheet.text(3, col, title, "header")
    sheet.set_row(
        3,
        max(
            30.0,
            *(
                text_height(title, widths[col], bold=True)
                for col, (title, _w) in enumerate(FINDING_COLUMNS)
            ),
        ),
    )
    for row, (f, target) in enumerate(zip(c.findings, targets, strict=True), start=4):
        _finding_row(sheet, row, f, target)
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


def _finding_row(sheet: Sheet, row: int, f: Finding, target: tuple[str, int, int] | None) -> None:
    sev = f.severity.value
    sheet.text(row, SEVERITY, SEVERITY_FI[sev], sev)
    wrapped = {
        RULE: f.rule.value,
        EXPLANATION: f.rule.finnish,
        FILE: f.file,
        MESSAGE: f.message,
    }
    sheet.text(row, CELL, f"{f.sheet}!{f.cell}" if f.sheet and f.cell else f.sheet)
    sheet.text(row, CODE, f.code)
    for col, value in (
        (SUBMITTED, f.submitted),
        (EXPECTED, f.expected),
        (DIFFERENCE, f.difference),
    ):
        if isinstance(value, int | float) and not isinstance(value, bool):
            sheet.number(row, col, value, "euros_top")
        elif value is not None and str(value) != "":
            wrapped[col] = str(value)  # a name, say: wrapped in its column like any text
    for col, text in wrapped.items():
        sheet.text(row, col, text, "text")
    sheet.set_row(row, max(text_height(text, sheet.widths[col]) for col, text in wrapped.items()))
    if target is not None:
        name, r, col = target
        cell = xl_rowcol_to_cell(r, col)
        sheet.ws.write_url(
            row,
            LINK,
            f"internal:{quote_sheetname(name)}!{cell}",
            sheet.fmt["link"],
            f"{name}!{cell}",
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
    row = 4 + len(c.sources) + 2
    if c.ledger is not None:
        row = _ledger(sheet, c, row) + 2
    _checklist(sheet, c, row)


LEDGER_TITLE = "Kirjanpito (toteumat)"
SIGNS_FI = {
    "report": "raportin etumerkein (tuotot +, kulut −)",
    "debit-credit": "debet +, kredit − (käännetty raportin etumerkeille)",
}


def _ledger(sheet: Sheet, c: Consolidation, row: int) -> int:
    """The ledger the actuals came from: the file, its hash, its rows and its totals, so the
    council can trace every Toteuma to the bookkeeping. Returns the last row written."""
    ledger = c.ledger
    assert ledger is not None
    src = ledger.source
    sheet.text(row, 0, LEDGER_TITLE, "title")
    for col, title in enumerate(("Tiedosto", "Sisältö", "SHA-256", "Koko (tavua)", "Muokattu")):
        sheet.text(row + 1, col, title, "header")
    content = (
        f"{src.rows} riviä, joista kaudelle {c.master.period.label} {src.rows_in_period} "
        f"(sarake {src.month_column})"
        if src.month_column
        else f"{src.rows} riviä"
    )
    sheet.text(row + 2, 0, src.name, "text")
    sheet.text(row + 2, 1, content, "text")
    sheet.text(row + 2, 2, src.sha256, "text")
    sheet.number(row + 2, 3, src.size, "int")
    sheet.text(row + 2, 4, src.modified, "text")
    sheet.set_row(
        row + 2, max(text_height(t, sheet.widths[col]) for col, t in ((0, src.name), (1, content)))
    )
    sheet.text(row + 3, 0, f"Etumerkit: {SIGNS_FI.get(src.signs, src.signs)}")
    totals = (
        (Line.INCOME.value, ledger.total(Line.INCOME)),
        (Line.COSTS.value, ledger.total(Line.COSTS)),
        (f"Ohitetut tilit ({ledger.ignored_rows} riviä)", ledger.ignored),
        (UNKNOWN_CODES_FI, round(sum(u.total for u in ledger.unknown_codes), 2)),
        (UNKNOWN_ACCOUNTS_FI, round(sum(u.total for u in ledger.unknown_accounts), 2)),
    )
    for i, (label, value) in enumerate(totals, start=row + 4):
        sheet.text(i, 0, label)
        sheet.number(i, 1, value, "euros")
    return row + 3 + len(totals)


UNKNOWN_CODES_FI = "Rakenteen ulkopuoliset kustannuspaikat"
UNKNOWN_ACCOUNTS_FI = "Tilikartan ulkopuoliset tilit"


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
