"""Assembling the consolidated workbook and writing it atomically.

Sheets, in order: Sisällys (contents and readiness), Tuloslaskelma (city summary, 1 000 €,
with charts), Toimialat (departments and the city total), one sheet per department (result
areas, responsible person, explanations), Tunnusluvut (KPIs), Strategia (objectives and
their status), Havainnot (reconciliation findings), Lähteet (files read).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..collector import keep
from ..findings import Severity, has_errors
from ..i18n import N_, _, current, terms, using
from ..model import CostCentre
from ..proposal import draft_rows
from ..reconcile import Consolidation
from ..xlsx.book import Book
from ..xlsx.safe import atomic_path
from .amendments import since_previous, window_text, write_amendments_sheet
from .audit import LAST_PRINTED, write_findings_sheet, write_sources_sheet
from .binding import write_binding_sheet
from .charts import CHART_HEIGHT, write_charts
from .contents import CONTENTS_HEADER, write_banner, write_contents_sheet
from .explain import Flow, write_explanations
from .finance import (
    COLS,
    FIRST_ROW,
    HEADER_ROW,
    SUMMARY_LAST_COL,
    THOUSAND_EUROS,
    Layout,
    last_column,
    write_department_sheet,
    write_departments_sheet,
    write_summary_sheet,
)
from .formats import document_language, make_formats
from .investments import LAST_PRINTED as INVESTMENTS_LAST_PRINTED
from .investments import write_investments_sheet
from .kpi import HEADER_ROW as KPI_HEADER
from .kpi import write_kpi_sheet
from .names import (
    AMENDMENTS,
    BAD,
    BINDING,
    CONTENTS,
    DEPARTMENTS,
    FINDINGS,
    INVESTMENTS,
    KPIS,
    PROPOSAL,
    SHEET_NAME_MOST,
    SOURCES,
    STRATEGY,
    SUMMARY,
    TREND,
    sheet_title,
)
from .page import Keep, paginate, print_pages, print_setup
from .parallel import build_departments
from .proposal import write_proposal_sheet
from .sheet import Sheet
from .status import overrun_word, pace_word
from .strategy import write_strategy_sheet
from .trend import write_trend_sheet
from .unreturned import department_note, total_note
from .yeardata import DATA_SHEET, add_data_sheet, finish_data_sheet, start_data_sheet

FIXED = (
    CONTENTS,
    SUMMARY,
    DEPARTMENTS,
    BINDING,
    PROPOSAL,
    TREND,
    AMENDMENTS,
    INVESTMENTS,
    KPIS,
    STRATEGY,
    FINDINGS,
    SOURCES,
)
SOURCES_ONLY = N_("The departments' files read and their fingerprints")
SOURCES_WITH_LEDGER = N_(
    "The departments' files and the ledger file read, their fingerprints and totals"
)
READY_PROPERTY = "kemixl_ready"  # a custom document property: true, or false (not ready)


def sheet_name(name: str, taken: set[str]) -> str:
    """A valid, unique (case-insensitively) sheet name of at most 31 characters."""
    base = BAD.sub(" ", name).strip("' ").capitalize()[:SHEET_NAME_MOST] or _("Sheet")
    candidate, n = base, 2
    while candidate.lower() in taken:
        suffix = f" ({n})"
        candidate = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(candidate.lower())
    return candidate


def department_title(centre: CostCentre) -> str:
    """A department sheet's name before cleaning: its name in the run's language(s), both
    where they fit a sheet name, else the primary language's."""
    both = terms.centre_name(centre)
    if len(BAD.sub(" ", both).strip("' ")) <= SHEET_NAME_MOST:
        return both
    with using(current().primary):
        return terms.centre_name(centre)


def write_report(c: Consolidation, target: Path) -> None:
    """Write the council's workbook to target, atomically."""
    with atomic_path(target) as tmp:
        # the master's texts (title, city, KPI and strategy texts) in the run's language(s)
        _write(c.with_master(terms.in_language(c.master)), tmp)


def _write(c: Consolidation, path: Path) -> None:
    wb = Book(
        path,
        {
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            # Arial 10 as the default font, as in every cell: column widths and row heights
            # then come out the same in Excel and in LibreOffice (Liberation Sans has Arial's
            # metrics), where the default Calibri would fall back to a wider font and widen
            # every column. Its standard row is 17 px (12.75 pt), its columns 64 px.
            "default_format_properties": {"font_name": "Arial", "font_size": 10},
            "default_row_height": 17,
            "default_column_width": 64,
        },
        language=document_language(),
    )
    try:
        _write_book(c, wb)
    finally:
        wb.release()  # (after a failure: no child process or part file is left behind)
    keep(wb)  # where the process ends next, its cells are not freed one by one


def _write_book(c: Consolidation, wb: Book) -> None:
    master = c.master
    # Fixed properties: the same inputs give the same workbook (xlsxwriter would otherwise
    # stamp the creation time into docProps/core.xml).
    wb.set_properties(
        {
            "title": master.settings.title,
            "subject": f"{master.settings.city} {master.period.label}",
            "author": "kemixl",
            "company": master.settings.city,
            "created": dt.datetime(master.period.year, master.period.last_month, 1),
        }
    )
    # Read back by the next run: a report that is not ready may be replaced without a word.
    wb.set_custom_property(READY_PROPERTY, not has_errors(c.findings))
    fmt = make_formats(wb)
    names = {message: sheet_title(message) for message in FIXED}
    taken = {n.lower() for n in (*names.values(), DATA_SHEET)}

    # Sheets are created in the order they appear; their contents are written afterwards.
    contents = Sheet(wb, names[CONTENTS], fmt)
    summary = Sheet(wb, names[SUMMARY], fmt)
    departments = Sheet(wb, names[DEPARTMENTS], fmt, bulk=True)
    # The council's decision: the binding appropriations and the draft budget amendment.
    binding = Sheet(wb, names[BINDING], fmt)
    proposal = Sheet(wb, names[PROPOSAL], fmt)
    # Later reports of the year: how the forecast moved, and the amendments since the last one.
    trend = Sheet(wb, names[TREND], fmt) if master.previous else None
    amended = since_previous(master)
    amendments = Sheet(wb, names[AMENDMENTS], fmt) if amended else None
    # A sheet for every department with result areas, a budget or an explanation (one with
    # none of these, like a department moved elsewhere, shows on Toimialat only).
    dept_sheets: dict[str, Sheet] = {
        d.code: Sheet(wb, sheet_name(department_title(d), taken), fmt, bulk=True)
        for d in master.departments
        if master.children(d.code) or master.has_budget(d.code) or d.code in c.explanations
    }
    investments = Sheet(wb, names[INVESTMENTS], fmt) if master.investments.projects else None
    kpis = Sheet(wb, names[KPIS], fmt)
    strategy = Sheet(wb, names[STRATEGY], fmt)
    findings = Sheet(wb, names[FINDINGS], fmt)
    sources = Sheet(wb, names[SOURCES], fmt)
    data = add_data_sheet(wb)  # very hidden, last: what the next period reads

    layout = Layout()
    width = last_column(master)

    def build_department(code: str, sheet: Sheet, into: Layout) -> None:
        row = write_department_sheet(sheet, c, code, into)
        after = note_under(sheet, department_note(c, code), row, width)
        flow = write_explanations(sheet, c, code, after, COLS["status"])
        _print_department(sheet, c, row, flow, after)

    # The blocks' colours (conditional formats) numbered as differential formats in the
    # order the first block uses them, before any sheet is built: a number given by a process
    # building sheets apart (parallel.py) would not be the workbook's.
    if dept_sheets:
        for colour in ("cf_pace", "cf_overrun"):
            fmt[colour]._get_dxf_index()
    errors = sum(1 for f in c.findings if f.severity is Severity.ERROR)
    data_apart: list[bool] = []  # (the data sheet built by another process, where it pays)

    def data_sheet_apart() -> None:
        data_apart.append(start_data_sheet(wb, data, c, errors))

    # on both cores where it pays (parallel.py), then assembled ahead; the data sheet started
    # apart once this process has built its departments (it would wait for the other's)
    build_departments(wb, dept_sheets, build_department, master, layout, data_sheet_apart)
    end = write_departments_sheet(
        departments, c, {k: s.name for k, s in dept_sheets.items()}, layout
    )
    after = note_under(departments, total_note(c), end, width)  # beside the city's total
    keeps = [*table_keeps(end), Keep(end - 4, after - 1)]
    print_pages(departments, master, after - 1, width, keeps, HEADER_ROW)
    if investments is not None:
        header, layout.investments = write_investments_sheet(investments, c)
        print_pages(
            investments,
            master,
            layout.investments.last_row,
            INVESTMENTS_LAST_PRINTED,
            layout.investments.keeps,
            header,
        )
    where = {k: s.name for k, s in dept_sheets.items()}
    _header, placed = write_binding_sheet(binding, c, layout, where, proposal.name)
    cells = {(u.code, u.kind): row for u, row in placed.items()}
    write_proposal_sheet(proposal, c, draft_rows(c), cells, where, layout.investments)
    if trend is not None:  # after the investments sheet: its trend reads its totals
        header = write_trend_sheet(trend, c, layout)
        # the investments' table under it has titles of its own: no repeated titles over it
        repeat = (header, header) if layout.investments is None else None
        print_setup(trend, master, repeat)
    if amendments is not None:
        header = write_amendments_sheet(amendments, master, amended)
        print_setup(amendments, master, (header, header))
    _summary_page(summary, c, layout, departments.name)
    write_kpi_sheet(kpis, c)
    print_setup(kpis, master, (KPI_HEADER, KPI_HEADER))
    table_header = write_strategy_sheet(strategy, c)[0]
    print_setup(strategy, master, (table_header, table_header))
    table = write_findings_sheet(findings, c, layout)
    print_pages(  # the errors and warnings: the notes follow on screen only
        findings,
        master,
        table.printed,
        LAST_PRINTED,
        table_keeps_rows(table.header, table.printed),
        table.header,
    )
    write_sources_sheet(sources, c)
    print_setup(sources, master, (3, 3))

    entries = [
        (
            summary.name,
            _(
                "The city's income statement (€1,000) and charts of the departments' "
                "operating margin and actual %"
            ),
        ),
        (
            departments.name,
            _(
                "The departments' and the whole city's operating revenue, expenses and margin "
                "in euros, statuses {overrun} and {pace}"
            ).format(overrun=overrun_word(), pace=pace_word()),
        ),
    ]
    entries += [
        (
            binding.name,
            _(
                "The binding appropriations: revised budget, actual and forecast outturn per "
                "binding unit, the difference and its status, the explanations"
            ),
        ),
        (
            proposal.name,
            _(
                "The draft budget amendment for finance to edit: the binding appropriations "
                "forecast to be exceeded and the amounts that cover them"
            ),
        ),
    ]
    if trend is not None:
        entries.append(
            (
                trend.name,
                _(
                    "The operating margin's budget, revised budget and forecast outturn report "
                    "by report through the year, per department and for the whole city, with "
                    "charts"
                ),
            )
        )
    if amendments is not None:
        entries.append((amendments.name, window_text(master)))
    for code, sheet in dept_sheets.items():
        node = master.centre(code)
        name = terms.centre_name(node) if node else code
        entries.append(
            (
                sheet.name,
                _(
                    "{name}: result areas, responsible person and the account of the budget's "
                    "implementation"
                ).format(name=name),
            )
        )
    if investments is not None:
        entries.append(
            (
                investments.name,
                _(
                    "The investment part: each project's revised budget, actual and forecast "
                    "outturn by department and project group, status {overrun} of the binding "
                    "appropriations, the projects' statuses and explanations"
                ).format(overrun=overrun_word()),
            )
        )
    entries += [
        (kpis.name, _("Outputs and key figures by department and result area")),
        (
            strategy.name,
            _("Realisation of the strategic objectives: status matrix and objectives with actions"),
        ),
        (
            findings.name,
            _("The reconciliation's findings: errors, warnings and notes with their places"),
        ),
        (sources.name, _(SOURCES_WITH_LEDGER if c.ledger is not None else SOURCES_ONLY)),
    ]
    last, keeps = write_contents_sheet(contents, c, entries)
    print_pages(contents, master, last, 1, keeps, CONTENTS_HEADER)
    finish_data_sheet(data, c, errors, any(data_apart))
    wb.close()
    keep(layout)  # (its blocks' refs, where the process ends next: not freed one by one)


def _summary_page(sheet: Sheet, c: Consolidation, layout: Layout, figures: str) -> None:
    """The income statement and its charts; `figures` names the departments sheet."""
    master = c.master
    sheet.text(0, 0, master.settings.title, "title")
    subtitle = f"{master.settings.city} · {master.period.label} · {_(THOUSAND_EUROS)}"
    sheet.text(1, 0, subtitle, "subtitle")
    city = layout.investments.city if layout.investments is not None else None
    rows = write_summary_sheet(
        sheet, c, layout.refs[master.root.code], first_row=FIRST_ROW, investments=city
    )
    if has_errors(c.findings):  # the summary is often printed alone: say it there too
        write_banner(sheet, c, 2, SUMMARY_LAST_COL)  # (measured in the statement's columns)
    sheet.ws.freeze_panes(FIRST_ROW, 1)
    # under the statement: what its city figures hold for departments that have not returned
    top = max(rows.values()) + 1
    below = note_under(sheet, total_note(c), top, SUMMARY_LAST_COL)
    # the note's lines come off the charts' height: the statement and charts stay one page
    height = CHART_HEIGHT - round(sum(sheet.height(r) for r in range(top, below)) * 4 / 3)
    bottom = write_charts(sheet, c, layout.overview, below + 1, FIRST_ROW - 1, figures, height)
    # Only the statement and its charts print; the charts' table, right of them, does not.
    sheet.ws.print_area(0, 0, bottom, SUMMARY_LAST_COL)
    print_setup(sheet, master, (FIRST_ROW - 1, FIRST_ROW - 1))


def table_keeps(end: int) -> list[Keep]:
    """A finance sheet's rows that share a page: its titles, column titles and first block,
    and every block's four rows (code and name, income, costs, margin), up to row `end`."""
    return [Keep(0, FIRST_ROW + 3), *(Keep(r, r + 3) for r in range(FIRST_ROW, end, 4))]


def table_keeps_rows(header: int, last: int) -> list[Keep]:
    """A table of independent rows under `header`: the titles above it, its column titles and
    its first two rows start a page together; its last two rows end one together."""
    return [Keep(0, min(header + 2, last)), Keep(max(header + 1, last - 1), last)]


def note_under(sheet: Sheet, note: str, row: int, last_col: int) -> int:
    """A note in lines from `row` across columns A..last_col (none when empty); the next row."""
    return sheet.lines(row, 0, last_col, note, "subtitle")[-1] + 1 if note else row


def _print_department(
    sheet: Sheet, c: Consolidation, table_end: int, flow: Flow, note_end: int | None = None
) -> None:
    """A department sheet on paper: the table, then its explanation texts.

    Excel repeats title rows on every page of a sheet, also on pages of plain text, where the
    finance table's column titles would stand over an explanation as if they belonged to it.
    So the column titles repeat only when the table itself runs over a page, where a reader of
    its second page needs them more than the explanation pages need to be free of them; a
    table that fits one page (every department of the sample) prints them once. Blocks of the
    table and the explanation's lines break between pages as `flow.keeps` says.
    """
    last_col = last_column(c.master)
    keeps = [*table_keeps(table_end), Keep(table_end - 4, (note_end or table_end) - 1)]
    repeat = HEADER_ROW if paginate(sheet, table_end - 1, last_col, keeps).count > 1 else None
    print_pages(sheet, c.master, flow.end - 1, last_col, keeps + flow.keeps, repeat)
