"""Writing the master as one workbook (perustiedot.xlsx), for a city that keeps it in Excel.

An instructions sheet in the run's language, then the settings and a sheet per master file,
named and headed in that language (terms.MASTER_SHEETS, terms.MASTER_FIELDS; the figure columns
take the report's titles, TP 2022, TA 2023 ...), with input validated as finance types it: codes
of 3 to 12 digits, lines and sections from a list, amounts as numbers. Codes are text cells, so
leading zeros stay. workbook.py reads it back in any language; identifiers (the lines
TOIMINTATUOTOT and TOIMINTAKULUT, sections, settings' keys) are the same in every language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell

from ..i18n import N_, _, label, terms
from ..i18n.message import Msg
from ..model import BINDING_LEVELS, EXPENDITURE, INCOME, INPUT_LINES, MEASURES, Column, Period
from ..numbers import NotANumber, parse_number
from ..report.formats import EUROS, FI, SPECS, document_language, font_format, localized
from ..report.measure import text_height
from ..xlsx.book import Book
from ..xlsx.safe import atomic_path
from .investments import BINDING_WORDS, FLOW_NAMES, INCOME_COLUMNS, INVESTMENTS_FILE
from .ledger import ACCOUNTS_FILE, IGNORE, INVESTMENT_LINES
from .schema import (
    CENTRAL_FILE,
    CENTRAL_SECTIONS,
    CENTRES_FILE,
    FIGURES_FILE,
    KPIS_FILE,
    MASTER_FILES,
    SETTINGS_FILE,
    STRATEGY_FILE,
    STRATEGY_SDG_FILE,
)
from .workbook import SETTINGS_COLUMNS
from .year import AMENDMENTS_FILE, PREVIOUS_FILE

EXPLANATION = "explanation"  # the settings sheet's fourth column, not read back
VALIDATED_ROWS = 2000  # empty rows under the data that are validated too, for new rows
A4 = 9  # the paper size's number in a workbook
TEXT_WIDTH = 110  # the instructions' column, in digits
_FIGURES = {c.value for c in Column}
_AMOUNT_FILES = {FIGURES_FILE, CENTRAL_FILE, INVESTMENTS_FILE, AMENDMENTS_FILE, PREVIOUS_FILE}
# investments.csv's figures of the projects' income: 'TA 2023, tulot' (the others, expenditure)
_INCOME_FIELDS = {field: column for column, field in INCOME_COLUMNS.items()}
_CODES = {
    (CENTRES_FILE, "code"),
    (CENTRES_FILE, "parent"),
    (FIGURES_FILE, "code"),
    (KPIS_FILE, "code"),
    (STRATEGY_FILE, "department"),
    (STRATEGY_SDG_FILE, "department"),
    (INVESTMENTS_FILE, "department"),
    (AMENDMENTS_FILE, "code"),
    (PREVIOUS_FILE, "code"),
}
_ACCOUNTS = {(ACCOUNTS_FILE, "first"), (ACCOUNTS_FILE, "last")}
_LINES = tuple(line.value for line in INPUT_LINES)
_FLOWS = tuple(FLOW_NAMES[f] for f in (EXPENDITURE, INCOME))  # a project's row: MENOT, TULOT
_LISTS = {
    (FIGURES_FILE, "line"): _LINES,
    (AMENDMENTS_FILE, "line"): (*_LINES, *_FLOWS),
    (PREVIOUS_FILE, "line"): (*_LINES, *_FLOWS),
    (ACCOUNTS_FILE, "line"): (*_LINES, *INVESTMENT_LINES, IGNORE),
    (INVESTMENTS_FILE, "binding"): tuple(words[0] for words in BINDING_WORDS.values()),
    (CENTRAL_FILE, "section"): CENTRAL_SECTIONS,
}


@dataclass(frozen=True)
class MasterSheet:
    """One master file's table: its columns (the CSV file's names) and rows (texts as in the
    CSV file)."""

    file: str
    columns: tuple[str, ...]
    rows: tuple[Mapping[str, str], ...] = ()


def field_title(file: str, field: str, period: Period) -> str:
    """A column's title in the run's language(s): `Koodi`, `TA 2023`, `Nimi ruotsiksi`."""
    if file == INVESTMENTS_FILE and (field in _FIGURES or field in _INCOME_FIELDS):
        column = _INCOME_FIELDS.get(field) or Column(field)
        return terms.flow_title(period, column, INCOME if field in _INCOME_FIELDS else EXPENDITURE)
    if field in _FIGURES:
        return terms.column_title(period, Column(field))
    base, _sep, lang = field.rpartition("_")
    message = _message(file, base) if lang in terms.IN_LANGUAGE else None
    if message:  # name_sv: "Nimi ruotsiksi"
        return label(terms.IN_LANGUAGE[lang], column=Msg(message))
    message = _message(file, field)
    return label(message) if message else field


def _message(file: str, field: str) -> str | None:
    return terms.MASTER_FIELDS_OF.get((file, field), terms.MASTER_FIELDS.get(field))


def _digits(cell: str, least: int, most: int) -> str:
    """A validation formula: the cell holds `least` to `most` digits and nothing else (every
    digit removed, nothing is left); a formula of plain functions, as Excel's validation needs."""
    inner = cell
    for digit in "0123456789":
        inner = f'SUBSTITUTE({inner},"{digit}","")'
    return f"=AND(LEN({cell})>={least},LEN({cell})<={most},LEN({inner})=0)"


def write_master_workbook(
    path: Path,
    settings: Mapping[str, Mapping[str, Any]],
    sheets: Sequence[MasterSheet],
    period: Period,
    city: str,
) -> None:
    """The master workbook at path (atomically): instructions, settings, the sheets given."""
    with atomic_path(path) as tmp:
        book = _Writer(tmp, period)
        book.instructions(city, sheets)
        book.settings(settings)
        for sheet in sorted(sheets, key=lambda s: MASTER_FILES.index(s.file)):
            book.table(sheet)
        book.wb.close()


class _Writer:
    def __init__(self, path: Path, period: Period) -> None:
        self.wb = Book(
            path,
            {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
            language=document_language(),
        )
        self.period = period

        def f(*parts: Mapping[str, object]) -> Any:
            return font_format(self.wb, *parts)

        self.title = f(SPECS["title"])
        self.heading = f(SPECS["heading"])
        self.text = f(SPECS["text"])
        self.header = f(SPECS["header_left"])
        self.code = f({"num_format": "@", "valign": "top"})
        self.euros = f({"num_format": localized(EUROS), "valign": "top"})
        self.value = f({"num_format": localized(f"{FI}General"), "align": "left", "valign": "top"})
        self.top = f({"valign": "top"})
        self.wrapped = f({"text_wrap": True, "valign": "top"})

    def sheet(self, file: str) -> Any:
        ws = self.wb.add_worksheet(terms.sheet_title(terms.MASTER_SHEETS[file]))
        _page(ws, repeat=True)
        return ws

    def instructions(self, city: str, sheets: Sequence[MasterSheet]) -> None:
        ws = self.wb.add_worksheet(terms.sheet_title(terms.SHEET_INSTRUCTIONS))
        ws.activate()
        _page(ws, repeat=False)
        names = {file: terms.sheet_title(m) for file, m in terms.MASTER_SHEETS.items()}
        present = {s.file for s in sheets}
        paragraphs: list[tuple[str, Any]] = [
            (_("{city}: master data for kemixl").format(city=city), self.title),
            (_("Reporting period {period}").format(period=self.period.label), self.heading),
            ("", None),
            (
                _(
                    "This workbook holds the master data of the interim report: the reporting "
                    "period, the cost-centre tree, the budget and what finance reports for the "
                    "whole city. Fill in the sheets, then give the workbook to kemixl as the "
                    "master data: kemixl templates --master perustiedot.xlsx."
                ),
                self.text,
            ),
            (
                _(
                    "{settings}: the reporting year and its first and last month, the city's "
                    "name, the report's title, the return date and the contact person. The "
                    "section and setting columns stay as they are."
                ).format(settings=names[SETTINGS_FILE]),
                self.text,
            ),
            (
                _(
                    "{centres}: one row per cost centre: its code (3 to 12 digits), the code of "
                    "the level above it and its name. The city is the only row without a code "
                    "above it; the departments are under the city and the result areas under "
                    "the departments."
                ).format(centres=names[CENTRES_FILE]),
                self.text,
            ),
            (
                _(
                    "{figures}: the budget of every result area of the lowest level, one row per "
                    "line ({income} or {costs}), in euros: the accounts of the previous year, "
                    "the budget and the revised budget. Revenue is positive, expenses are "
                    "negative. Totals and operating margins are calculated."
                ).format(figures=names[FIGURES_FILE], income=_LINES[0], costs=_LINES[1]),
                self.text,
            ),
            (
                _(
                    "{central}: what finance reports for the whole city (tax revenue, central "
                    "government transfers, financial items, depreciation), in euros; the section "
                    "is vuosikate, tulos or ylijaama."
                ).format(central=names[CENTRAL_FILE]),
                self.text,
            ),
            (
                _(
                    "{kpis}, {strategy} and {sdgs}: the result areas' key figures, the "
                    "departments' strategic objectives and each strategy table's UN goals. They "
                    "may stay empty."
                ).format(
                    kpis=names[KPIS_FILE],
                    strategy=names[STRATEGY_FILE],
                    sdgs=names[STRATEGY_SDG_FILE],
                ),
                self.text,
            ),
            *(
                (
                    (
                        _(
                            "{accounts}: which accounts count as revenue and which as "
                            "expenses, when the actuals are read from the bookkeeping."
                        ).format(accounts=names[ACCOUNTS_FILE]),
                        self.text,
                    ),
                )
                if ACCOUNTS_FILE in present
                else ()
            ),
            *(
                (
                    (
                        _(
                            "{investments}: the investment projects, one row per project: its "
                            "id, name and department, its budgeted expenditure (negative) and "
                            "income (positive) in euros, and whether the council binds the "
                            "project or its group."
                        ).format(investments=names[INVESTMENTS_FILE]),
                        self.text,
                    ),
                )
                if INVESTMENTS_FILE in present
                else ()
            ),
            ("", None),
            (
                _(
                    "Codes, lines and amounts are checked as you type. kemixl checks everything "
                    "when it reads the workbook and names the sheet and row of every problem. "
                    "Do not rename the sheets or the column titles."
                ),
                self.text,
            ),
            (
                _(
                    "The same master data as CSV files (for a version history): kemixl master "
                    "convert perustiedot.xlsx FOLDER; and back: kemixl master convert FOLDER "
                    "perustiedot.xlsx."
                ),
                self.text,
            ),
        ]
        ws.set_column(0, 0, TEXT_WIDTH)
        for r, (text, fmt) in enumerate(paragraphs):
            if text:
                ws.write_string(r, 0, text, fmt)
            if fmt is self.text:  # spreadsheets do not grow a row for wrapped text themselves
                ws.set_row(r, text_height(text, TEXT_WIDTH))

    def settings(self, settings: Mapping[str, Mapping[str, Any]]) -> None:
        ws = self.sheet(SETTINGS_FILE)
        titles = [
            field_title(SETTINGS_FILE, c, self.period) for c in (*SETTINGS_COLUMNS, EXPLANATION)
        ]
        widths = (14, 18, 44, 80)
        self._header(ws, titles, widths)
        r = 0
        for section, table in settings.items():
            for key, value in (table if isinstance(table, Mapping) else {}).items():
                r += 1
                ws.write_string(r, 0, section, self.top)
                ws.write_string(r, 1, key, self.top)
                if isinstance(value, bool):
                    ws.write_boolean(r, 2, value, self.value)
                elif isinstance(value, int | float):
                    ws.write_number(r, 2, value, self.value)
                else:
                    ws.write_string(r, 2, str(value), self.value)
                explanation = SETTING_HELP.get((section, key))
                if explanation:
                    ws.write_string(r, 3, _(explanation), self.wrapped)
                    ws.set_row(r, text_height(_(explanation), widths[3]))
                rule = _setting_rule(section, key)
                if rule:
                    ws.data_validation(r, 2, r, 2, rule)

    def table(self, sheet: MasterSheet) -> None:
        ws = self.sheet(sheet.file)
        titles = [field_title(sheet.file, c, self.period) for c in sheet.columns]
        widths = [
            max([len(t) + 2, 10, *(min(60, len(row.get(c, "")) + 2) for row in sheet.rows)])
            for c, t in zip(sheet.columns, titles, strict=True)
        ]
        self._header(ws, titles, widths)
        last = len(sheet.rows) + VALIDATED_ROWS
        for c, field in enumerate(sheet.columns):
            key = (sheet.file, field)
            amount = sheet.file in _AMOUNT_FILES and (
                field in _FIGURES or field in _INCOME_FIELDS or field == "amount"
            )
            # the column's format is what a typed cell takes: codes stay text (leading zeros)
            fmt = (
                self.code
                if key in _CODES or key in _ACCOUNTS
                else self.euros
                if amount
                else self.top
            )
            ws.set_column(c, c, widths[c], fmt)
            for r, row in enumerate(sheet.rows, start=1):
                self._cell(ws, r, c, row.get(field, ""), amount, fmt)
            rule = self._rule(key, amount, xl_rowcol_to_cell(1, c))
            if rule:
                ws.data_validation(1, c, last, c, rule)

    def _header(self, ws: Any, titles: Sequence[str], widths: Sequence[int]) -> None:
        for c, (title, width) in enumerate(zip(titles, widths, strict=True)):
            ws.write_string(0, c, title, self.header)
            ws.set_column(c, c, width)
        ws.freeze_panes(1, 0)

    def _cell(self, ws: Any, r: int, c: int, text: str, amount: bool, fmt: Any) -> None:
        if not text:
            return
        if amount:
            try:
                value = parse_number(text)
            except NotANumber:
                value = None
            if value is not None:
                ws.write_number(r, c, value, fmt)
                return
        ws.write_string(r, c, text, fmt)

    def _rule(self, key: tuple[str, str], amount: bool, cell: str) -> dict[str, object] | None:
        if key in _CODES:
            return {
                "validate": "custom",
                "value": _digits(cell, 3, 12),
                "input_title": _(terms.MASTER_FIELDS["code"])[:32],
                "input_message": _(PARENT_HINT if key == (CENTRES_FILE, "parent") else CODE_HINT)[
                    :255
                ],
                "error_title": _("Not a code")[:32],
                "error_message": _("A code is 3 to 12 digits (0–9) and nothing else.")[:255],
            }
        if key in _ACCOUNTS:
            return {
                "validate": "custom",
                "value": _digits(cell, 1, 12),
                "input_title": _(terms.ACCOUNT)[:32],
                "input_message": _("The first digits of the account numbers, e.g. 3000.")[:255],
                "error_title": _("Not an account")[:32],
                "error_message": _("An account is 1 to 12 digits (0–9) and nothing else.")[:255],
            }
        if key in _LISTS:
            return {
                "validate": "list",
                "source": list(_LISTS[key]),
                "error_title": _("Choose from the list")[:32],
                "error_message": _("Choose one of the values of the list.")[:255],
            }
        if amount:
            return {
                "validate": "decimal",
                "criteria": "between",
                "minimum": -1e12,
                "maximum": 1e12,
                "input_title": _("In euros")[:32],
                "input_message": _("A number in euros: revenue positive, expenses negative.")[:255],
                "error_title": _("Numbers only")[:32],
                "error_message": _(
                    "Type the amount as a number in euros (e.g. {example}). No text, no spaces."
                ).format(example="-1250000")[:255],
            }
        return None


CODE_HINT = N_("A cost-centre code: 3 to 12 digits, e.g. 64110000.")
PARENT_HINT = N_("The code of the level above; empty only on the city's row.")
# What each setting of the settings sheet is, shown beside it (master.toml's comments).
SETTING_HELP: dict[tuple[str, str], str] = {
    ("period", "year"): N_("The reporting year."),
    ("period", "first_month"): N_("The period's first month: 1 for a report from January."),
    ("period", "last_month"): N_(
        "The period's last month: 6 for January–June, 12 for the year-end."
    ),
    ("report", "city"): N_("The city's name in the report."),
    ("report", "title"): N_("The report's title; kemixl gives one that follows the period."),
    ("report", "deadline"): N_(
        "When the departments return their templates: a date such as 2024-08-15."
    ),
    ("report", "contact"): N_("Whom the departments ask; shown in their templates."),
    ("report", "language"): N_(
        "The language of the report and the templates: fi, sv, en or fi+sv."
    ),
    ("rules", "materiality"): N_("Euros: a forecast overrun this large needs an explanation."),
    ("rules", "pace_margin"): N_(
        "Costs realised faster than the elapsed share of the year plus this margin are flagged "
        "(0.05 = 5 percentage points)."
    ),
    ("budget", "level"): N_(
        "Where the council binds the budget: department or result-area (the cost centres' "
        "binding column marks exceptions)."
    ),
    ("budget", "measure"): N_(
        "net: the operating margin binds; gross: the expenses (appropriation) and the revenue "
        "(revenue estimate) bind each on its own."
    ),
    ("budget", "round_to"): N_(
        "Euros: the draft budget amendment's amounts are rounded up to a multiple of this."
    ),
}


def _page(ws: Any, repeat: bool) -> None:
    """A4 landscape, one page wide; a table's header row on every page; the sheet's name and
    the page number in the footer."""
    ws.set_paper(A4)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    if repeat:
        ws.repeat_rows(0)
    page = _("page {page} / {pages}").format(page="&P", pages="&N")
    ws.set_footer(f"&L&8&A&R&8{page}", {"margin": 0.3})


def _setting_rule(section: str, key: str) -> dict[str, object] | None:
    """Validation of a setting's value cell: whole numbers for the period, a list of
    languages, positive numbers for the rules."""
    if section == "period" and key == "year":
        return {"validate": "integer", "criteria": "between", "minimum": 2000, "maximum": 2100}
    if section == "period" and key in ("first_month", "last_month"):
        return {"validate": "integer", "criteria": "between", "minimum": 1, "maximum": 12}
    if section == "report" and key == "language":
        return {"validate": "list", "source": ["fi", "sv", "en", "fi+sv", "sv+fi"]}
    if section == "rules":
        return {"validate": "decimal", "criteria": ">=", "value": 0}
    if section == "budget" and key in ("level", "measure"):
        return {"validate": "list", "source": list(BINDING_LEVELS if key == "level" else MEASURES)}
    if section == "budget" and key == "round_to":
        return {"validate": "decimal", "criteria": ">", "value": 0}
    return None
