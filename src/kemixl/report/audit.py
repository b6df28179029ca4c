"""The findings and sources sheets: the workbook carries its own audit trail."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple
from zoneinfo import ZoneInfo

from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell

from ..findings import Finding, Rule, Severity, counts, rule_description, rule_name
from ..i18n import N_, _, format_datetime, label, ngettext, terms
from ..model import Column, Line, Master
from ..reconcile import Consolidation
from .contents import count_text
from .finance import Layout, figure_title
from .investments import InvestmentLayout
from .measure import fitted_width, text_height, width_for
from .page import SCALE_MIN, WIDTH_MARGIN, scale_for
from .sheet import Sheet

# The findings table's columns (0-based), titles and widths. Printed, for the council: the
# severity, the finding named in the report's language, where it is, the message (the
# terminal's, with the exact numbers and names) and a link to the report's cell; right of the
# printed area, for finance: the rule's id (the README's), what the rule means, and the figures.
(
    SEVERITY,
    NAME,
    FILE,
    CELL,
    CODE,
    MESSAGE,
    LINK,
    RULE,
    EXPLANATION,
    SUBMITTED,
    EXPECTED,
    DIFFERENCE,
) = range(12)
LAST_PRINTED = LINK
FINDING_COLUMNS = (  # (title's message id, width at the least); finding_titles() in words
    (N_("Severity"), 9),
    (N_("Finding"), 20),
    (N_("File"), 20),
    (N_("Cell in the file"), 11),
    (terms.KPI_CODE, 11),
    (N_("Message"), 50),
    (N_("In the report"), 20),
    (N_("Rule id"), 16),
    (N_("Explanation"), 32),
    (N_("Submitted"), 16),
    (N_("Expected"), 16),
    (N_("Difference"), 12),
)
# Never wider than this (digits): the printed columns then fit A4 landscape at 8 points or
# more in LibreOffice (see page.fit_scale); a longer word (a file name) breaks.
PRINTED_MOST = {NAME: 26, FILE: 24, CELL: 14, CODE: 16, MESSAGE: 54}
NO_VALUE = "–"  # an en dash where a finding has no value: no blank cells inside the table
SEVERITY_WORDS = {"error": N_("error"), "warning": N_("warning"), "note": N_("note")}


def finding_titles() -> list[tuple[str, float]]:
    """The findings table's column titles in the run's language(s), with their widths."""
    return [(label(title), width) for title, width in FINDING_COLUMNS]


def rule_text(rule: Rule) -> str:
    """A rule's explanation in the run's language (findings.rule_description, where there)."""
    return rule_description(rule)


def _widths(findings: list[Finding], links: list[str]) -> dict[int, float]:
    """The columns' widths: at least the declared ones, wide enough for every word of their
    titles (in bold), for the longest link text (never wrapped) and, within limits, for the
    longest word of a finding's name, a file's name or a submitted or expected text (a cost
    centre's name); the printed columns at most PRINTED_MOST, so the page prints at 8 points
    or more."""
    widths = {
        col: fitted_width(width, [title], bold=True, most=3)
        for col, (title, width) in enumerate(finding_titles())
    }
    for col, texts in (
        (NAME, [rule_name(f.rule) for f in findings]),
        (FILE, [f.file for f in findings]),
        (CELL, [f"{f.sheet}!{f.cell}" for f in findings if f.sheet and f.cell]),
        (RULE, [f.rule.value for f in findings]),
    ):
        widths[col] = max(widths[col], fitted_width(widths[col], texts))
    for col, values in (
        (SUBMITTED, [f.submitted for f in findings]),
        (EXPECTED, [f.expected for f in findings]),
    ):
        texts = [v for v in values if isinstance(v, str)]
        widths[col] = max(widths[col], fitted_width(widths[col], texts, most=1.75))
    widths = {col: min(w, PRINTED_MOST.get(col, w)) for col, w in widths.items()}
    # (the severity and link below are never wrapped: what they take, the message gives up)
    # the severity, in bold on one line ("huomio – anmärkning" in a bilingual report)
    severities = [width_for(label(SEVERITY_WORDS[f.severity.value]), True) for f in findings]
    widths[SEVERITY] = max([widths[SEVERITY], *severities])
    # a link's text is never wrapped (LibreOffice does not wrap one)
    widths[LINK] = max([widths[LINK], *(width_for(text) for text in links)])
    return _at_eight_points(widths)


MESSAGE_LEAST = 30.0  # digits: the message column narrows no further


def _at_eight_points(widths: dict[int, float]) -> dict[int, float]:
    """The widths with the message column narrowed (to MESSAGE_LEAST at most) until the printed
    columns fit A4 landscape at 80 % or more (8 points), as the paginated sheet prints."""
    out = dict(widths)

    def scale() -> float:
        pixels = [int(out[col] * 7 + 0.5) + 5 for col in range(LAST_PRINTED + 1)]
        return scale_for(pixels, WIDTH_MARGIN)

    while scale() < SCALE_MIN and out[MESSAGE] > MESSAGE_LEAST:
        out[MESSAGE] = max(MESSAGE_LEAST, out[MESSAGE] - 1)
    return out


# TRANSLATORS: an Excel table's name (screen readers announce it): letters only, no spaces.
FINDINGS_TABLE = N_("FindingsTable")


def by_severity(findings: tuple[Finding, ...]) -> list[Finding]:
    """Errors, then warnings, then notes; within each, in the findings' own order (by file,
    then place)."""
    return sorted(findings, key=lambda f: f.severity.rank)


class FindingsTable(NamedTuple):
    """Where the findings table landed: its header row, its last printed row (the last error or
    warning; the notes follow on screen only) and its last row."""

    header: int
    printed: int
    last: int


def write_findings_sheet(sheet: Sheet, c: Consolidation, layout: Layout) -> FindingsTable:
    """The findings as an Excel table (a header row that screen readers know as one, and its
    own filter buttons), errors first, then warnings, then the notes, which do not print."""
    ws = sheet.ws
    findings = by_severity(c.findings)
    n = counts(findings)
    titles = finding_titles()
    targets = [target_cell(f, layout, c.master) for f in findings]
    widths = _widths(findings, [t.text for t in targets if t is not None])
    sheet.columns(widths)
    sheet.text(0, 0, label("Reconciliation findings"), "title")
    about = _(
        "{errors}, {warnings}: each with its file and cell, and a link to the report's figure. "
        "The {notes} (who returned, files skipped) follow them on screen and are not printed."
    ).format(
        errors=count_text(n[Severity.ERROR], Severity.ERROR),
        warnings=count_text(n[Severity.WARNING], Severity.WARNING),
        notes=count_text(n[Severity.NOTE], Severity.NOTE),
    )
    header = sheet.lines(1, 0, LAST_PRINTED, about, "subtitle")[-1] + 2
    sheet.set_row(
        header,
        max(
            30.0,
            *(text_height(title, widths[col], bold=True) for col, (title, _w) in enumerate(titles)),
        ),
    )
    for row, (f, target) in enumerate(zip(findings, targets, strict=True), start=header + 1):
        _finding_row(sheet, row, f, target)
    last = header + max(1, len(findings))
    if not findings:
        sheet.text(header + 1, 0, _("No findings."))
    shown = sum(1 for f in findings if f.severity is not Severity.NOTE)
    printed = header + max(1, shown)
    if not shown and findings:  # only notes: the printed page says there is nothing else
        printed = header
    ws.add_table(
        header,
        0,
        last,
        len(FINDING_COLUMNS) - 1,
        {
            "name": _(FINDINGS_TABLE),
            "style": None,  # the sheet's own formats: colours checked for contrast
            "columns": [
                {"header": title, "header_format": sheet.fmt["header"]} for title, _w in titles
            ],
        },
    )
    ws.freeze_panes(header + 1, 0)
    ws.print_area(0, 0, printed, LAST_PRINTED)
    return FindingsTable(header, printed, last)


class Target(NamedTuple):
    """The consolidated cell a finding links to; the link's text names the place in words
    ("Keskusvirasto, solu C7", not the formula syntax "Keskusvirasto!C7") and its screen tip
    what stands there."""

    sheet: str
    row: int
    col: int
    tip: str

    @property
    def text(self) -> str:
        return _("{sheet}, cell {cell}").format(
            sheet=self.sheet, cell=xl_rowcol_to_cell(self.row, self.col)
        )


def target_cell(f: Finding, layout: Layout, master: Master) -> Target | None:
    """The consolidated cell a finding is about: the exact figure when the finding names a
    line and column, else the cost centre's block row (a project's or group's row on the
    investments sheet)."""
    if layout.investments is not None and (f.project or f.group):
        return _investment_target(f, layout.investments, master)
    refs = layout.refs.get(f.code)
    if refs is not None and f.line_label and f.column_key:
        column = Column(f.column_key)
        ref = refs.get(Line(f.line_label), {}).get(column)
        if ref is not None:
            title = figure_title(master, column)
            line = terms.line_label(Line(f.line_label))
            return Target(ref.sheet, ref.row, ref.col, f"{f.code} {line}, {title}")
    block = layout.blocks.get(f.code)
    if block is None:
        return None
    node = master.centre(f.code)
    name = terms.centre_name(node) if node else ""
    return Target(block[0], block[1], 0, f"{f.code} {name}".strip())


def _investment_target(f: Finding, inv: InvestmentLayout, master: Master) -> Target | None:
    if f.group:
        row = inv.groups.get((f.code, f.group))
        return Target(inv.sheet, row, 0, f.group) if row is not None else None
    found = inv.projects.get(f.project)
    if found is None:
        return None
    row, refs = found
    p = master.investments.project(f.project)
    name = f"{f.project} {p.name}" if p is not None else f.project
    if f.line_label and f.column_key:
        ref = refs.get(Line(f.line_label), {}).get(Column(f.column_key))
        if ref is not None:
            title = figure_title(master, Column(f.column_key))
            return Target(ref.sheet, ref.row, ref.col, f"{name}, {title}")
    return Target(inv.sheet, row, 0, name)


def _finding_row(sheet: Sheet, row: int, f: Finding, target: Target | None) -> None:
    sev = f.severity.value
    sheet.text(row, SEVERITY, label(SEVERITY_WORDS[sev]), sev)
    wrapped = {
        NAME: rule_name(f.rule),
        RULE: f.rule.value,
        EXPLANATION: rule_text(f.rule),
        FILE: f.file or NO_VALUE,
        MESSAGE: f.text(),
    }
    place = f"{f.sheet}!{f.cell}" if f.sheet and f.cell else f.sheet
    sheet.text(row, CELL, place or NO_VALUE, "text" if place else "no_value")  # wraps at "!"
    sheet.text(row, CODE, f.code or NO_VALUE, "plain" if f.code else "no_value")
    for col, value in (
        (SUBMITTED, f.submitted),
        (EXPECTED, f.expected),
        (DIFFERENCE, f.difference),
    ):
        if isinstance(value, int | float) and not isinstance(value, bool):
            sheet.number(row, col, value, "euros_top")
        elif value is not None and str(value) != "":
            wrapped[col] = str(value)  # a name, say: wrapped in its column like any text
        else:
            sheet.text(row, col, NO_VALUE, "no_value")
    for col, text in wrapped.items():
        sheet.text(row, col, text, "text")
    if target is not None:  # on one line: LibreOffice never wraps a link's text
        sheet.ws.write_url(
            row,
            LINK,
            f"internal:{quote_sheetname(target.sheet)}!{xl_rowcol_to_cell(target.row, target.col)}",
            sheet.fmt["link"],
            target.text,
            target.tip[:255],
        )
    else:
        sheet.text(row, LINK, NO_VALUE, "no_value")
    sheet.set_row(row, max(text_height(text, sheet.widths[col]) for col, text in wrapped.items()))


FILE_TITLE = N_("File")
DEPARTMENT = N_("Department")
SIZE = N_("Size (bytes)")
MODIFIED = N_("Modified")
SOURCE_COLUMNS = (  # (title's message id, width at the least)
    (FILE_TITLE, 28),
    (DEPARTMENT, 24),
    ("SHA-256", 20),
    (SIZE, 12),
    (MODIFIED, 12),
    (N_("Template fingerprint"), 16),
)


def source_titles() -> list[tuple[str, float]]:
    """The sources table's column titles in the run's language(s), with their widths."""
    return [(title if title == "SHA-256" else label(title), w) for title, w in SOURCE_COLUMNS]


WHOLE = {1: 34.0, 4: 20.0, 5: 30.0}  # department, time, template: one line up to this width
TIME_ZONE = "Europe/Helsinki"  # the time finance reads on its own clock, summer time included
SHA_GROUP = 8  # hex digits of a SHA-256 shown together: 8 groups, 4 a line


def file_time(mtime: float) -> str:
    """A file time in the run's language on Helsinki's clock: '29.11.2026 klo 14.05',
    '29.11.2026 kl. 14.05', '29 November 2026 14:05'."""
    return format_datetime(dt.datetime.fromtimestamp(mtime, tz=ZoneInfo(TIME_ZONE)))


def grouped_sha256(digest: str) -> str:
    """'b76a2184 3baad8d0 …': a SHA-256 in groups of 8, to read and compare by eye; it wraps
    at a space, 4 groups a line."""
    return " ".join(digest[i : i + SHA_GROUP] for i in range(0, len(digest), SHA_GROUP))


def _source_rows(c: Consolidation) -> list[tuple[str, str, str, int, str, str]]:
    rows = []
    for sub, dept in c.sources:
        node = c.master.centre(dept)
        stamp = sub.stamp
        rows.append(
            (
                sub.name,
                f"{dept} {terms.centre_name(node)}" if node else _("(not recognised)"),
                grouped_sha256(sub.info.sha256),
                sub.info.size,
                file_time(sub.info.mtime) if sub.info.mtime is not None else "",
                f"v{stamp.version} {stamp.department} {stamp.master_hash}"
                if stamp
                else _("free-form"),
            )
        )
    return rows


def write_sources_sheet(sheet: Sheet, c: Consolidation) -> None:
    """Every file read (name, department, SHA-256, size, time, template fingerprint), then
    the submission checklist; every text wraps in a column wide enough for its longest word
    (a file name is one), so nothing is clipped."""
    ws = sheet.ws
    sheet.text(0, 0, label("Files read"), "title")
    subtitle = _("Master data fingerprint: {fingerprint}").format(fingerprint=c.master.fingerprint)
    sheet.text(1, 0, subtitle, "subtitle")
    titles = source_titles()
    rows = _source_rows(c)
    checklist = _checklist_rows(c)
    texts: dict[int, list[str]] = {col: [] for col in range(len(SOURCE_COLUMNS))}
    for row_cells in (*rows, *checklist):
        for col, item in enumerate(row_cells):
            if isinstance(item, str):
                texts[col].append(item)
    widths = {
        col: max(
            fitted_width(width, [title], bold=True, most=3),
            fitted_width(width, texts[col], most=2),
        )
        for col, (title, width) in enumerate(titles)
    }
    for col, most in WHOLE.items():  # short texts on one line, where the page allows
        whole = [width_for(t) for t in texts[col]]
        widths[col] = max([widths[col], *(min(w, most) for w in whole)])
    widths[2] = max(widths[2], width_for(grouped_sha256("0" * 64)[: 4 * (SHA_GROUP + 1) - 1]))
    sheet.columns(widths)
    for col, (title, _width) in enumerate(titles):
        sheet.text(3, col, title, "header")
    sheet.set_row(
        3, max(text_height(t, widths[col], bold=True) for col, (t, _w) in enumerate(titles))
    )
    for i, cells in enumerate(rows, start=4):
        name, dept, sha, size, time, stamp = cells
        for col, text in enumerate((name, dept, sha)):
            sheet.text(i, col, text, "text")
        sheet.number(i, 3, size, "int_padded")  # kept apart from the time beside it
        sheet.text(i, 4, time, "text")
        sheet.text(i, 5, stamp, "text")
        sheet.set_row(i, _height(cells, widths))
    ws.freeze_panes(4, 0)
    row = 4 + len(rows) + 2
    if c.ledger is not None:
        row = _ledger(sheet, c, row) + 2
    _checklist(sheet, checklist, widths, row)


LEDGER_TITLE = N_("Accounting (actuals)")
SIGNS = {
    "report": N_("the report's signs (revenue +, expenses −)"),
    "debit-credit": N_("debit +, credit − (turned to the report's signs)"),
}


def _ledger(sheet: Sheet, c: Consolidation, row: int) -> int:
    """The ledger the actuals came from: the file, its hash, its rows and its totals, so the
    council can trace every Toteuma to the bookkeeping. Returns the last row written."""
    ledger = c.ledger
    assert ledger is not None
    src = ledger.source
    sheet.text(row, 0, label(LEDGER_TITLE), "title")
    ledger_titles = (label(FILE_TITLE), label(CONTENT), "SHA-256", label(SIZE), label(MODIFIED))
    for col, title in enumerate(ledger_titles):
        sheet.text(row + 1, col, title, "header")
    if src.month_column:
        content = ngettext(
            "{rows} row, of which {in_period} in the period {period} (column {column})",
            "{rows} rows, of which {in_period} in the period {period} (column {column})",
            src.rows,
        ).format(
            rows=src.rows,
            in_period=src.rows_in_period,
            period=c.master.period.label,
            column=src.month_column,
        )
    else:
        content = ngettext("{rows} row", "{rows} rows", src.rows).format(rows=src.rows)
    cells = (src.name, content, grouped_sha256(src.sha256), src.size, file_time(src.mtime))
    for col, text in ((0, cells[0]), (1, cells[1]), (2, cells[2]), (4, cells[4])):
        sheet.text(row + 2, col, text, "text")
    sheet.number(row + 2, 3, src.size, "int_padded")
    sheet.set_row(row + 2, _height(cells, sheet.widths))
    signs = _(SIGNS[src.signs]) if src.signs in SIGNS else src.signs
    sheet.text(row + 3, 0, _("Signs: {signs}").format(signs=signs))
    ignored = ngettext(
        "Accounts left out ({n} row)", "Accounts left out ({n} rows)", ledger.ignored_rows
    )
    totals: tuple[tuple[str, float], ...] = (
        (terms.line_label(Line.INCOME), ledger.total(Line.INCOME)),
        (terms.line_label(Line.COSTS), ledger.total(Line.COSTS)),
        (ignored.format(n=ledger.ignored_rows), ledger.ignored),
        (label(UNKNOWN_CODES), round(sum(u.total for u in ledger.unknown_codes), 2)),
        (label(UNKNOWN_ACCOUNTS), round(sum(u.total for u in ledger.unknown_accounts), 2)),
    )
    if c.master.investments.projects:  # the investment accounts: projects, and the rest
        left_out = ngettext(
            "Investment accounts without a project, left out ({n} row)",
            "Investment accounts without a project, left out ({n} rows)",
            ledger.unprojected_rows,
        ).format(n=ledger.unprojected_rows)
        totals = (
            *totals,
            *((label(terms.FLOW_LABELS[f]), ledger.project_total(f)) for f in FLOW_LINES),
            (label(UNKNOWN_PROJECTS), round(sum(u.total for u in ledger.unknown_projects), 2)),
            (left_out, ledger.unprojected),
        )
    for i, (text, value) in enumerate(totals, start=row + 4):
        sheet.text(i, 0, text)
        sheet.number(i, 1, value, "euros")
    return row + 3 + len(totals)


CONTENT = N_("Contents")
UNKNOWN_CODES = N_("Cost centres outside the structure")
UNKNOWN_ACCOUNTS = N_("Accounts outside the chart of accounts")
UNKNOWN_PROJECTS = N_("Investment projects outside the project list")
FLOW_LINES = (Line.COSTS, Line.INCOME)  # the investment part's expenditure and income


def _height(cells: tuple[object, ...], widths: dict[int, float]) -> float:
    """A row tall enough for every text of it, wrapped in its column."""
    return max(
        text_height(str(v), widths[col]) for col, v in enumerate(cells) if isinstance(v, str)
    )


def _checklist_rows(c: Consolidation) -> list[tuple[str, str, str]]:
    """The submission checklist: who is in, who is missing, who needs not submit."""
    files = {dept: sub.name for sub, dept in reversed(c.sources) if dept}
    rows = []
    for d in c.master.departments:
        if d.code in c.submitted_departments:
            state = label("Returned")
        elif c.master.expects_return(d.code):
            state = label(MISSING)
        else:
            state = _("Not needed (no budget in the period)")
        rows.append((f"{d.code} {terms.centre_name(d)}", state, files.get(d.code, "")))
    return rows


MISSING = N_("MISSING")


def _checklist(
    sheet: Sheet, rows: list[tuple[str, str, str]], widths: dict[int, float], row: int
) -> None:
    sheet.text(row, 0, label("Returns by department"), "title")
    for col, title in enumerate((label(DEPARTMENT), label(terms.STATUS), label(FILE_TITLE))):
        sheet.text(row + 1, col, title, "header")
    missing = label(MISSING)
    for i, cells in enumerate(rows, start=row + 2):
        dept, state, file = cells
        sheet.text(i, 0, dept, "text")
        sheet.text(i, 1, state, "error_wrap" if state == missing else "note_wrap")
        sheet.text(i, 2, file, "text")
        sheet.set_row(i, _height(cells, widths))
