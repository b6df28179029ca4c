"""`kemixl templates`: one guarded workbook per department, made from the master data.

Everything finance knows is pre-filled and locked; the department's inputs are unlocked and
validated; totals, margins and percentages are formulas; the sheets are protected (without a
password: a guard rail against accidents, not security). A hidden sheet carries the fingerprint
and the expected layout, so a stale, foreign or damaged template is recognised on return.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell

from .. import layout as T
from ..dates import deadline_date
from ..formulas import Cell, Expr, Num, Ratio, Ref, Sum
from ..i18n import N_, _, current, label, terms, using
from ..ledger import Ledger
from ..master import MASTER_FILES
from ..model import INPUT_LINES, MASTER_COLUMNS, REPORTED_COLUMNS, Column, Line, Master
from ..numbers import euros
from ..reconcile.plausibility import Unit, budget_of
from ..report.finance import COLS as REPORT_COLS
from ..report.finance import HEADER_ROW
from ..report.formats import (
    AMBER_FILL,
    AMBER_TEXT,
    EUROS,
    FI,
    FONT,
    PERCENT,
    SPECS,
    document_language,
    localized,
)
from ..report.measure import LINE_POINTS, text_height
from ..report.page import print_setup
from ..report.sheet import Sheet
from ..submissions.template_parts import INVESTMENTS_PREFIX
from ..xlsx.book import Book
from ..xlsx.safe import atomic_path
from . import checks as K
from . import investments as I
from . import previous as P
from .carried import carried_marks, carried_status, instructions, write_carried

# The department table is laid out exactly as on the report's department sheets (without the
# status column), so a department sees in its template what the council will see.
COLS = {key: col for key, col in REPORT_COLS.items() if key != "status"}
PROTECT_OPTIONS = {
    "select_locked_cells": True,
    "select_unlocked_cells": True,
    "format_columns": True,
    "format_rows": True,
}


@dataclass(frozen=True)
class TemplateResult:
    department: str
    path: Path | None
    note: str


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")


def template_name(master: Master, code: str) -> str:
    node = master.centre(code)
    p = master.period
    return f"{code}_{slug(node.name if node else code)}_{p.year}_{p.first_month:02d}-{p.last_month:02d}.xlsx"


def write_templates(
    master: Master, output: Path, ledger: Ledger | None = None
) -> list[TemplateResult]:
    """One template per department with a budget in the period; the others get a note.

    With a ledger, every result area's actuals are pre-filled from it and locked."""
    results = []
    master = terms.in_language(master)  # title, city, KPI and strategy texts in the language
    hashes = dict(master.files)  # loaded with the master: no second read of the folder
    output.mkdir(parents=True, exist_ok=True)
    for d in master.departments:
        name = terms.centre_name(d)
        if not master.expects_return(d.code):
            note = _("{code} {name}: no budget in the period, no template")
            results.append(TemplateResult(d.code, None, note.format(code=d.code, name=name)))
            continue
        path = output / template_name(master, d.code)
        with atomic_path(path) as tmp:
            write_template(master, d.code, tmp, hashes, ledger)
        note = _("{code} {name}: wrote {path}")
        results.append(TemplateResult(d.code, path, note.format(code=d.code, name=name, path=path)))
    return results


class _Book:
    def __init__(self, path: Path, master: Master, dept: str) -> None:
        self.wb = Book(
            path,
            {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
            language=document_language(),  # fi-FI, sv-FI, en-GB
        )
        self.master = master
        node = master.centre(dept)
        self.department = f"{dept} {terms.centre_name(node)}" if node else dept
        self.names = T.sheet_names()
        self.sheets: list[tuple[Sheet, tuple[int, int] | None]] = []
        locked: Mapping[str, object] = {"bg_color": "#EDEDED"}  # grey: finance's figures, formulas
        unlocked: Mapping[str, object] = {
            "locked": False,
            "bg_color": "#FFF2CC",
            "border": 1,
            "border_color": "#BF9000",
        }
        wrap: Mapping[str, object] = {"text_wrap": True, "valign": "top"}

        def f(*parts: Mapping[str, object]) -> Any:
            spec: dict[str, object] = dict(FONT)
            for part in parts:
                spec.update(part)
            return self.wb.add_format(spec)

        self.title = f(SPECS["title"])
        self.sub = f(SPECS["subtitle"])
        self.header = f(SPECS["header"])
        self.block = f(SPECS["block"])
        self.label = f(SPECS["label"])
        self.bold_label = f(SPECS["label_bold"])
        # One number format for finance's figures, the formulas and the inputs: the report's,
        # tagged with the template's language.
        euros, percent = localized(EUROS), localized(PERCENT)
        self.locked = f({"num_format": euros}, locked)
        self.formula = f({"num_format": euros, "bold": True}, locked)
        self.pct = f({"num_format": percent}, locked)
        self.input = f({"num_format": euros, "align": "right"}, unlocked)
        self.input_text = f(unlocked, wrap)
        self.text = f(wrap)
        self.text_locked = f(wrap, locked)
        self.kpi_locked = f(
            wrap, locked, {"num_format": localized(f"{FI}#,##0.###"), "align": "left"}
        )
        self.reminder = f({"font_color": "#9C5700", "bold": True, "text_wrap": True})
        # a carried value's grey mark ("1–6/2023: ") and the value after it (rich-text runs)
        self.mark = f({"font_color": "#595959", "italic": True})
        self.run = f({})
        # the investments sheet's project rows, several lines tall: figures at the top, level
        # with the names and the explanations typed beside them
        top = {"valign": "top"}
        self.top: dict[str, Any] = {
            "locked": f({"num_format": euros}, locked, top),
            "formula": f({"num_format": euros, "bold": True}, locked, top),
            "input": f({"num_format": euros, "align": "right"}, unlocked, top),
            "check": f({"font_color": "#404040", "italic": True}, top),
        }
        self.checks: dict[str, Any] = {
            "check": f({"font_color": "#404040", "italic": True}),
            "blank": f({}),
            "summary": f({"bold": True, "border": 1, "border_color": "#BFBFBF", "indent": 1}),
            "cf_check": self.wb.add_format({"bg_color": AMBER_FILL, "font_color": AMBER_TEXT}),
            "cf_ok": self.wb.add_format({"bg_color": "#C6EFCE", "font_color": "#006100"}),
        }

    def sheet(self, name: str, repeat: tuple[int, int] | None = None) -> Any:
        """A worksheet that prints as the council report's sheets do (see finish)."""
        sheet = Sheet(self.wb, name, {})
        self.sheets.append((sheet, repeat))
        return sheet.ws

    def finish(self) -> None:
        """Every visible sheet: A4 landscape, one page wide, titled, "sivu N / M"."""
        for sheet, repeat in self.sheets:
            print_setup(sheet, self.master, repeat, department=self.department)


def write_template(
    master: Master, dept: str, path: Path, hashes: dict[str, str], ledger: Ledger | None = None
) -> None:
    book = _Book(path, master, dept)
    wb = book.wb
    node = master.centre(dept)
    assert node is not None
    names = book.names
    # TRANSLATORS: toimiala = sv sektor (Borgå, Vasa), en division (Helsinki); glossary.
    subject = _("{city} {period}: the department's return template")
    wb.set_properties(
        {
            "title": f"{master.settings.title}: {terms.centre_name(node)}",
            "subject": subject.format(city=master.settings.city, period=master.period.label),
            "author": "kemixl",
            "company": master.settings.city,
        }
    )
    instructions = book.sheet(names.instructions)
    finance = book.sheet(names.finance, (HEADER_ROW, HEADER_ROW))
    layout = _finance_sheet(book, finance, master, dept, ledger)
    _explanations_sheet(book, book.sheet(names.explanations), master, dept)
    _kpi_sheet(book, book.sheet(names.kpis, (3, 3)), master, dept)
    _strategy_sheet(book, book.sheet(names.strategy, (3, 3)), master, dept)
    projects: list[tuple[str, str]] = []
    if master.investments.of_department(dept):  # the instructions' fifth item, the last sheet
        sheet = book.sheet(names.investments, (I.HEADER, I.HEADER))
        projects = [("investments_sheet", names.investments)] + [
            (f"{INVESTMENTS_PREFIX}{key}", value)
            for key, value in I.write_investments_sheet(book, sheet, master, dept, ledger)
        ]
        sheet.protect("", PROTECT_OPTIONS)
    _instructions_sheet(book, instructions, master, dept, ledger is not None)
    book.finish()
    stamp = Sheet(wb, T.STAMP_SHEET, {}).ws
    rows: list[tuple[str, str]] = [
        ("version", T.TEMPLATE_VERSION),
        ("department", dept),
        ("master", master.fingerprint),
        ("finance_sheet", names.finance),
        *((("ledger", ledger.source.sha256),) if ledger is not None else ()),
        *((f"file:{name}", h) for name, h in sorted(hashes.items())),
        *layout,
        *projects,
    ]
    for r, (key, value) in enumerate(rows):
        stamp.write_string(r, 0, key)
        stamp.write_string(r, 1, value)
    stamp.protect("", PROTECT_OPTIONS)
    stamp.very_hidden()
    instructions.activate()
    wb.close()


def _finance_sheet(
    book: _Book, ws: Any, master: Master, dept: str, ledger: Ledger | None = None
) -> list[tuple[str, str]]:
    """The seed's department table with its live checks; returns the layout records (labels,
    column titles and formula cells) the stamp carries.

    With a ledger the actuals are the ledger's, locked: the department fills only forecasts.
    In a later period of the year the previous report's forecast stands right of the checks,
    locked, and the department's TOIMINTAKATE row reminds to explain a material change."""
    node = master.centre(dept)
    assert node is not None
    p = master.period
    sheet = book.names.finance
    ws.write_string(0, 0, terms.centre_name(node), book.title)
    unit = _("{city} · {title} · euros").format(
        city=master.settings.city, title=master.settings.title
    )
    ws.write_string(1, 0, unit, book.sub)
    ws.write_string(2, 0, _(FILL_LEDGER if ledger is not None else FILL_HINT), book.sub)
    layout: list[tuple[str, str]] = []

    def title(col: int, text: str, kind: str = "header") -> None:
        """A column title; figure columns are `header:` records (a retitled one is a moved
        column), the live checks' and helpers' are `label:` records like the row labels."""
        ws.write_string(HEADER_ROW, col, text, book.header)
        layout.append((f"{kind}:{xl_rowcol_to_cell(HEADER_ROW, col)}", text))

    ws.write_string(HEADER_ROW, 0, label(terms.KPI_CODE), book.header)
    for key, col in COLS.items():
        title(col, terms.pct_title() if key == "pct" else terms.column_title(p, key))  # type: ignore[arg-type]
    title(K.CHECK_COL, label(terms.CHECK_TITLE), "label")
    for col, text in K.helper_titles().items():
        title(col, text, "label")
    ws.set_column(0, 0, 46)
    ws.set_column(1, 6, 14)
    ws.set_column(K.CHECK_COL, K.CHECK_COL, 36)
    ws.set_column(K.CHECK_COL + 1, K.LAST_HELPER, 12, None, {"hidden": True})
    earlier = master.previous_period
    if earlier is not None:  # a later period: the previous report's forecast, right of the checks
        title(P.PREVIOUS_COL, P.previous_title(earlier))
        ws.set_column(P.PREVIOUS_COL, P.PREVIOUS_COL, 15)
    # two lines, more where a figure column's title needs them (bilingual titles)
    titles = [t for k, t in layout if k.startswith("header:")][: len(COLS)]
    ws.set_row(HEADER_ROW, max(30, *(text_height(t, 14, bold=True) for t in titles)))
    ws.freeze_panes(HEADER_ROW + 1, 1)
    inputs = (Column.FORECAST,) if ledger is not None else (Column.ACTUAL, Column.FORECAST)
    checks = K.LiveChecks(ws, sheet, master, book.checks, inputs)

    def block(
        row: int, code: str, children: list[dict[Line, dict[Column, Expr]]] | None
    ) -> tuple[dict[Line, dict[Column, Expr]], int]:
        c = master.centre(code)
        assert c is not None
        name = f"{code} {terms.centre_name(c)}"
        ws.write_string(row, 0, name, book.block)
        layout.append((f"label:{xl_rowcol_to_cell(row, 0)}", name))
        refs: dict[Line, dict[Column, Expr]] = {}
        rows: list[K.CheckRow] = []
        for i, line in enumerate(INPUT_LINES, start=1):
            r = row + i
            ws.write_string(r, 0, terms.line_label(line), book.label)
            layout.append((f"label:{xl_rowcol_to_cell(r, 0)}", terms.line_label(line)))
            if children is not None:
                refs[line] = {
                    column: _formula(
                        ws,
                        r,
                        COLS[column],
                        Sum(tuple(ch[line][column] for ch in children)),
                        book,
                        layout,
                        sheet,
                    )
                    for column in (*MASTER_COLUMNS, *REPORTED_COLUMNS)
                }
                continue
            known: dict[Column, Ref] = {}
            for column in MASTER_COLUMNS:
                v = master.master_amount(code, line, column)
                ws.write_number(r, COLS[column], v, book.locked)
                known[column] = Ref(sheet, r, COLS[column], v)
            typed: dict[Column, Cell] = {}
            for column in REPORTED_COLUMNS:
                col = COLS[column]
                if ledger is not None and column is Column.ACTUAL:  # from the books, locked
                    booked = ledger.actual(code, line)
                    ws.write_number(r, col, booked, book.locked)
                    typed[column] = checks.parse(r, col, column, booked)
                    continue
                ws.write_blank(r, col, None, book.input)
                ws.data_validation(r, col, r, col, _validation(master, line, column))
                typed[column] = checks.parse(r, col, column)
            # margins and totals add the parsed inputs: a number typed as text counts too
            refs[line] = {**known, **{column: Num(cell) for column, cell in typed.items()}}
            rows.append(
                checks.line(
                    r,
                    budget_of(master, code, line),
                    known[Column.TA_AMENDED].cached,
                    typed[Column.ACTUAL],
                    typed[Column.FORECAST],
                )
            )
        if rows:
            checks.block(rows)
        m = row + 3
        ws.write_string(m, 0, terms.line_label(Line.MARGIN), book.bold_label)
        layout.append((f"label:{xl_rowcol_to_cell(m, 0)}", terms.line_label(Line.MARGIN)))
        refs[Line.MARGIN] = {
            column: _formula(
                ws,
                m,
                COLS[column],
                Sum((refs[Line.INCOME][column], refs[Line.COSTS][column])),
                book,
                layout,
                sheet,
            )
            for column in (*MASTER_COLUMNS, *REPORTED_COLUMNS)
        }
        for r, line in ((row + 1, Line.INCOME), (row + 2, Line.COSTS), (m, Line.MARGIN)):
            ratio = Ratio(refs[line][Column.ACTUAL], refs[line][Column.TA_AMENDED])
            _formula(ws, r, COLS["pct"], ratio, book, layout, sheet, book.pct)
            if earlier is not None:
                before = master.previous_amount(earlier, code, line, Column.FORECAST)
                fmt = book.formula if line is Line.MARGIN or children else book.locked
                ws.write_number(r, P.PREVIOUS_COL, before, fmt)
        if earlier is not None and code == dept:
            margin = refs[Line.MARGIN][Column.FORECAST]
            assert isinstance(margin, Ref)
            reminder = P.DriftReminder(
                margin,
                master.previous_amount(earlier, code, Line.MARGIN, Column.FORECAST),
                master.settings.materiality,
                explanation_cells(book.names.explanations),
                carried_marks(master, dept),
            )
            ws.write_formula(
                m,
                K.CHECK_COL,
                "=" + reminder.render(sheet),
                book.reminder,
                reminder.value(),
            )
            layout.append((f"formula:{xl_rowcol_to_cell(m, K.CHECK_COL)}", ""))
        return refs, m + 1

    def subtree(row: int, code: str) -> tuple[dict[Line, dict[Column, Expr]], int]:
        kids = master.children(code)
        if not kids:
            return block(row, code, None)
        child_refs = []
        for k in kids:
            refs, row = subtree(row, k.code)
            child_refs.append(refs)
        return block(row, code, child_refs)

    _refs, end = subtree(HEADER_ROW + 1, dept)
    checks.finish()
    ws.print_area(0, 0, end - 1, K.CHECK_COL if earlier is None else P.PREVIOUS_COL)
    ws.protect("", PROTECT_OPTIONS)
    return layout


FILL_HINT = N_(
    "Fill in the yellow cells: the actual and the year-end forecast in euros, expenses as "
    "negative numbers. The Check column tells at once if a row needs correcting."
)
FILL_LEDGER = N_(
    "Fill in the yellow cells: the year-end forecast in euros, expenses as negative numbers. The "
    "actual is from the accounts. The Check column tells at once if a row needs correcting."
)


def explanation_cells(sheet: str) -> tuple[Ref, Ref]:
    """The explanation and savings texts on the Perustelut sheet (rows 5 and 6, column B): the
    drift reminder shows while both are empty."""
    return (Ref(sheet, 4, 1, 0.0), Ref(sheet, 5, 1, 0.0))


EXAMPLES = {Line.INCOME: "1250000", Line.COSTS: "-1250000"}


def _validation(master: Master, line: Line, column: Column) -> dict[str, object]:
    """Numbers only, with a message naming the row, the column and the expected sign."""
    if line is Line.COSTS:
        hint = _("{line}, {column}: in euros, as a negative number (expenses), e.g. {example}.")
    else:
        hint = _("{line}, {column}: in euros, as a positive number (revenue), e.g. {example}.")
    args = {
        "line": terms.line_label(line),
        "column": terms.column_title(master.period, column),
        "example": EXAMPLES[line],
    }
    error = _("Type the amount as a number in euros (e.g. {example}). No text, no spaces.")
    return {
        "validate": "decimal",
        "criteria": "between",
        "minimum": -1e12,
        "maximum": 1e12,
        "input_title": _("In euros")[:32],
        "input_message": hint.format(**args)[:255],
        "error_title": _("Numbers only")[:32],
        "error_message": error.format(example=EXAMPLES[line])[:255],
    }


def _formula(
    ws: Any,
    row: int,
    col: int,
    expr: Expr,
    book: _Book,
    layout: list[tuple[str, str]],
    sheet: str,
    fmt: Any = None,
) -> Ref:
    value = expr.value()
    ws.write_formula(row, col, "=" + expr.render(sheet), fmt or book.formula, value)
    layout.append((f"formula:{xl_rowcol_to_cell(row, col)}", ""))
    return Ref(sheet, row, col, value)


def _explanations_sheet(book: _Book, ws: Any, master: Master, dept: str) -> None:
    node = master.centre(dept)
    assert node is not None
    title = _("{name}: explanations").format(name=terms.centre_name(node))
    ws.write_string(0, 0, title, book.title)
    ws.write_string(1, 0, _("Write the answers in the yellow cells."), book.sub)
    ws.set_column(0, 0, 38)
    ws.set_column(1, 1, 110)
    rows = (
        (label(terms.RESPONSIBLE), "", 20),
        (label(terms.EXPLANATION), "explanation", 300),
        (label(terms.SAVINGS), "savings", 200),
    )
    for i, (text, kind, height) in enumerate(rows, start=3):
        ws.write_string(i, 0, text, book.text)
        if kind:  # the previous report's text, behind its mark, where there was one
            write_carried(book, ws, i, 1, master.previous_text(kind, dept))
        elif node.responsible:
            ws.write_string(i, 1, node.responsible, book.input_text)
        else:
            ws.write_blank(i, 1, None, book.input_text)
        ws.set_row(i, height)
    ws.data_validation(
        3,
        1,
        5,
        1,
        {
            "validate": "length",
            "criteria": "<=",
            "value": 32000,
            "input_title": _("Text")[:32],
            "input_message": _("Free text; a new line with Alt+Enter.")[:255],
        },
    )
    ws.protect("", PROTECT_OPTIONS)


def _table_start(
    book: _Book, ws: Any, title: str, hint: str, columns: tuple[tuple[str, int], ...]
) -> list[int]:
    """Title, a one-line hint, and the header row (row 4) with its column widths (returned)."""
    ws.write_string(0, 0, title, book.title)
    ws.write_string(1, 0, hint, book.sub)
    for col, (text, width) in enumerate(columns):
        ws.write_string(3, col, text, book.header)
        ws.set_column(col, col, width)
    widths = [width for _, width in columns]
    _fit_row(ws, 3, [text for text, _ in columns], widths, bold=True)
    return widths


def _fit_row(
    ws: Any, row: int, texts: list[str], widths: list[int], bold: bool = False, lines: int = 1
) -> None:
    """A row tall enough for its wrapped texts (and at least `lines` lines): spreadsheets
    do not grow rows for wrapped text on their own, and a printed row would cut it off."""
    height = max(text_height(t, w, bold) for t, w in zip(texts, widths, strict=False))
    ws.set_row(row, max(height, text_height("\n" * (lines - 1), 10)))


def _kpi_sheet(book: _Book, ws: Any, master: Master, dept: str) -> None:
    p = master.period
    kpis = [k for k in master.kpis if k.code == dept or master.department_of(k.code) == dept]
    widths = _table_start(
        book,
        ws,
        label("Outputs and indicators"),
        _("Actual and forecast: a number or a short text (e.g. 1250, 27.5 or '7 pcs')."),
        (
            (label(terms.KPI_ID), 7),
            (label(terms.KPI_CODE), 34),
            (label(terms.KPI_GROUP), 22),
            (label(terms.KPI_NAME), 44),
            (terms.column_title(p, Column.TP_PREV), 16),
            (terms.column_title(p, Column.TA), 16),
            (T.kpi_actual_title(p.first_month, p.last_month, p.year), 18),
            (terms.column_title(p, Column.FORECAST), 18),
        ),
    )
    for r, k in enumerate(kpis, start=4):
        c = master.centre(k.code)
        centre = f"{k.code} {terms.centre_name(c) if c else ''}"
        ws.write_string(r, 0, k.id, book.text_locked)
        ws.write_string(r, 1, centre, book.text_locked)
        ws.write_string(r, 2, k.group, book.text_locked)
        ws.write_string(r, 3, k.name, book.text_locked)
        for col, value in ((4, k.tp_prev), (5, k.ta)):
            if isinstance(value, float):
                ws.write_number(r, col, value, book.kpi_locked)
            else:
                ws.write_string(r, col, value or "", book.kpi_locked)
        actual = write_carried(book, ws, r, 6, master.previous_text("kpi_actual", k.id))
        forecast = write_carried(book, ws, r, 7, master.previous_text("kpi_forecast", k.id))
        _fit_row(ws, r, [k.id, centre, k.group, k.name, "", "", actual, forecast], widths)
    if kpis:
        last = 3 + len(kpis)
        ws.data_validation(
            4,
            6,
            last,
            7,
            {
                "validate": "length",
                "criteria": "<=",
                "value": 255,
                "input_title": _("Number or text")[:32],
                "input_message": _(
                    "A number (e.g. 1250 or 27.5) or a short text (at most 255 characters)."
                )[:255],
            },
        )
    else:
        ws.write_string(4, 0, _("No indicators are defined for this department."), book.text)
    ws.freeze_panes(4, 0)
    ws.protect("", PROTECT_OPTIONS)


def _strategy_sheet(book: _Book, ws: Any, master: Master, dept: str) -> None:
    p = master.period
    objectives = [o for o in master.objectives if o.department == dept]
    not_reported = terms.status_label(T.NOT_REPORTED)
    widths = _table_start(
        book,
        ws,
        label("Strategic objectives"),
        _("Choose the status from the list and write the realization. Default: {status}.").format(
            status=not_reported
        ),
        (
            (label(terms.STRATEGY_ID), 7),
            (label(terms.GOAL), 18),
            (label(terms.OBJECTIVE), 34),
            (label(terms.ACTIONS), 38),
            (label(terms.OWNER), 26),
            (label(terms.METRICS), 30),
            (T.SDG, 10),
            (label(terms.STATUS), 16),
            (T.realization_title(p.first_month, p.last_month, p.year), 50),
        ),
    )
    for r, o in enumerate(objectives, start=4):
        texts = [
            o.id,
            o.goal,
            o.objective,
            o.actions,
            o.owner_schedule,
            o.metrics,
            " ".join(map(str, master.sdgs_of(o.goal, dept))),  # the table's list
        ]
        for col, text in enumerate(texts):
            ws.write_string(r, col, text, book.text_locked)
        status = terms.status_label(carried_status(master, o.id, T.NOT_REPORTED))
        ws.write_string(r, 7, status, book.input_text)
        realization = write_carried(book, ws, r, 8, master.previous_text("realization", o.id))
        # room for the realization the department writes (or the previous one, carried)
        _fit_row(ws, r, [*texts, status, realization], widths, lines=3)
    if objectives:
        last = 3 + len(objectives)
        ws.data_validation(
            4,
            7,
            last,
            7,
            {
                "validate": "list",
                "source": [terms.status_label(s) for s in T.ALL_STATUSES],
                "input_title": label(terms.STATUS)[:32],
                "input_message": _("Choose the objective's status from the list.")[:255],
            },
        )
    else:
        ws.write_string(
            4, 0, _("No strategic objectives are recorded for this department."), book.text
        )
    ws.freeze_panes(4, 0)
    ws.protect("", PROTECT_OPTIONS)


INDENT = "   "  # a paragraph that continues the numbered item above it


def _instructions_sheet(book: _Book, ws: Any, master: Master, dept: str, ledger: bool) -> None:
    node = master.centre(dept)
    assert node is not None
    s, p = master.settings, master.period
    # running text names sheets, columns and labels in the primary language only ("Talous",
    # not "Talous – Ekonomi", in a bilingual template): readable, and plain to find
    with using(current().primary):
        names = T.sheet_names()
        actual = terms.column_title(p, Column.ACTUAL)
        forecast = terms.column_title(p, Column.FORECAST)
        check = label(terms.CHECK_TITLE)
        margin = terms.line_label(Line.MARGIN)
        previous_title = P.previous_title(earlier) if (earlier := master.previous_period) else ""
    ok = _(K.SUMMARY_OK)
    if ledger:
        # TRANSLATORS: tulosalue = sv resultatområde (Borgå), en result area; glossary.
        fill = _(
            "1. {finance}: in the yellow cells, {forecast} (the whole year's forecast) for every "
            "result area; {actual} is from the accounts and cannot be changed."
        )
    else:
        # TRANSLATORS: tulosalue = sv resultatområde (Borgå), en result area; glossary.
        fill = _(
            "1. {finance}: in the yellow cells, {actual} (the actual) and {forecast} (the whole "
            "year's forecast) for every result area."
        )
    previous = _(
        "The column {previous} shows the previous report's forecast. If the department's "
        "forecast changes from it by {amount} € or more, explain the change on the "
        "{explanations} sheet; until then the {check} column reminds you on the department's "
        "{margin} row."
    )
    lines = [
        (f"{s.title}: {terms.centre_name(node)} ({dept})", book.title),
        (_("{city} · reporting period {period}").format(city=s.city, period=p.label), book.sub),
        ("", None),
        (label("What to fill in"), book.block),
        (fill.format(finance=names.finance, actual=actual, forecast=forecast), book.text),
        (
            INDENT
            + _(
                "The unit is the euro. Revenue as positive numbers, expenses as negative ones (as "
                "in the budget). The accounts, budget and revised budget figures, the operating "
                "margin, the sums and the actual % are calculated and cannot be changed."
            ),
            book.text,
        ),
        *(
            (
                (
                    INDENT
                    + previous.format(
                        previous=previous_title,
                        amount=euros(s.materiality),
                        explanations=names.explanations,
                        check=check,
                        margin=margin,
                    ),
                    book.text,
                ),
            )
            if earlier is not None
            else ()
        ),
        *(((INDENT + carried, book.text),) if (carried := instructions(master)) else ()),
        (
            # TRANSLATORS: talousohjelma ja säästötoimenpiteet = sv ekonomiprogram och
            # sparåtgärder, en financial programme and savings measures; glossary.
            _(
                "2. {explanations}: the budget's implementation and the means of preventing an "
                "overrun, the financial programme and savings measures, the responsible person."
            ).format(explanations=names.explanations),
            book.text,
        ),
        (
            _(
                "3. {kpis}: the actual and forecast of the outputs and indicators (a number or a "
                "short text)."
            ).format(kpis=names.kpis),
            book.text,
        ),
        (
            _(
                "4. {strategy}: each objective's status from the list and its realization as text."
            ).format(strategy=names.strategy),
            book.text,
        ),
        *(
            (
                (
                    _(
                        "5. {investments}: each investment project's actual and whole year's "
                        "forecast, expenditure as negative and income as positive numbers, and "
                        "its status from the list."
                    ).format(investments=names.investments),
                    book.text,
                ),
                (
                    INDENT
                    + _(
                        "A project whose forecast exceeds its revised budget by {amount} € or "
                        "more needs an explanation. The sheet checks its rows as {finance} does."
                    ).format(amount=euros(s.materiality), finance=names.finance),
                    book.text,
                ),
            )
            if master.investments.of_department(dept)
            else ()
        ),
        ("", None),
        (label("Checks in the sheet"), book.block),
        (
            _(
                "The {check} column of the {finance} sheet checks every row as you type: an empty "
                "cell means the row is fine; otherwise the cell holds a short hint and the row is "
                "highlighted."
            ).format(check=check, finance=names.finance),
            book.text,
        ),
        (
            _(
                "The summary at the top of the sheet shows “{ok}” in green when every row is "
                "fine, and otherwise the number of rows to check."
            ).format(ok=ok),
            book.text,
        ),
        (
            _(
                "• {missing_actual} / {missing_forecast}: the row has a budget, but the figure is "
                "missing. Type 0 if that is right."
            ).format(
                missing_actual=_(K.HINT_MISSING_ACTUAL),
                missing_forecast=_(K.HINT_MISSING_FORECAST),
            ),
            book.text,
        ),
        (
            _(
                "• Wrong sign: expenses are typed as negative and revenue as positive numbers, as "
                "in the budget."
            ),
            book.text,
        ),
        (
            _(
                "• {thousands} / {cents}: the figures are about a thousandth (or a hundred times) "
                "of the budget. Type whole euros."
            ).format(thousands=_(K.HINT_UNIT[Unit.THOUSANDS]), cents=_(K.HINT_UNIT[Unit.CENTS])),
            book.text,
        ),
        (
            _(
                "• {below}: the whole year's forecast is smaller than the actual so far. Check "
                "the forecast."
            ).format(below=_(K.HINT_BELOW)),
            book.text,
        ),
        (
            _(
                "• {text}: the cell holds text that cannot be read as a number (e.g. “c. "
                "200 000”), or the number is ambiguous (e.g. “106,571”: thousands or decimals?)."
            ).format(text=_(K.HINT_TEXT)),
            book.text,
        ),
        ("", None),
        (label("Before sending"), book.block),
        (
            _(
                "Make sure the summary shows “{ok}”. If a deviation is right (e.g. a one-off "
                "income), give the reason on the {explanations} sheet."
            ).format(ok=ok, explanations=names.explanations),
            book.text,
        ),
        (
            _(
                "Do not add or delete rows or rename the sheets: the file is read back "
                "automatically."
            ),
            book.text,
        ),
        (_("The sheets are protected without a password to prevent accidents."), book.text),
        (
            _(
                "Financial services check the returned file with the kemixl check tool and get "
                "in touch if needed."
            ),
            book.text,
        ),
        ("", None),
        (_("Return by: {date}").format(date=deadline_date(s.deadline)), book.block),
        (_("Contact person: {contact}").format(contact=s.contact), book.text),
    ]
    ws.set_column(0, 0, 120)
    for r, (text, fmt) in enumerate(lines):
        if text:
            ws.write_string(r, 0, text, fmt)
            if fmt is book.text and text_height(text, 120) > LINE_POINTS:  # a wrapped paragraph
                ws.set_row(r, text_height(text, 120))
    ws.protect("", PROTECT_OPTIONS)


__all__ = ["MASTER_FILES", "TemplateResult", "write_template", "write_templates"]
