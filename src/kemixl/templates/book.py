"""The template workbook: its formats (the report's, with input cells yellow and unlocked)
and its sheets, each printed as the council report's sheets are."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import layout as T
from ..i18n import terms
from ..model import Column, Line, Master
from ..report.formats import (
    AMBER_FILL,
    AMBER_TEXT,
    EUROS,
    FI,
    PERCENT,
    SPECS,
    document_language,
    font_format,
    localized,
)
from ..report.measure import text_height
from ..report.page import print_setup
from ..report.sheet import Sheet
from ..xlsx.book import Book

PROTECT_OPTIONS = {
    "select_locked_cells": True,
    "select_unlocked_cells": True,
    "format_columns": True,
    "format_rows": True,
}


@dataclass(frozen=True)
class Filling:
    """What a department types into its template: figures by (code, line) and column, the
    explanations' texts ("responsible", "explanation", "savings"), KPI values (actual,
    forecast), objectives' (status key, realization) and projects' inputs by id. A template written with it is
    the template as a department's spreadsheet saves it once filled: every formula with its
    value (kemixl synth writes its submissions so)."""

    figures: Mapping[tuple[str, Line], Mapping[Column, float | str]] = field(default_factory=dict)
    explanations: Mapping[str, str] = field(default_factory=dict)
    kpis: Mapping[str, tuple[object, object]] = field(default_factory=dict)
    realizations: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    # a project's inputs by id: (EXPENDITURE or INCOME, Column) -> amount, "status" and
    # "explanation" -> text (as fill.ProjectInputs)
    projects: Mapping[str, Mapping[object, object]] = field(default_factory=dict)


class TemplateBook:
    def __init__(
        self, path: Path, master: Master, dept: str, filling: Filling | None = None
    ) -> None:
        self.filling = filling or Filling()
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
        self.one_page: set[int] = set()  # id() of the sheets printed on one page, see finish
        locked: Mapping[str, object] = {"bg_color": "#EDEDED"}  # grey: finance's figures, formulas
        unlocked: Mapping[str, object] = {
            "locked": False,
            "bg_color": "#FFF2CC",
            "border": 1,
            "border_color": "#BF9000",
        }
        wrap: Mapping[str, object] = {"text_wrap": True, "valign": "top"}

        def f(*parts: Mapping[str, object]) -> Any:
            return font_format(self.wb, *parts)

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
        """Every visible sheet: A4 landscape, one page wide, titled, "sivu N / M"; the
        sheets in one_page also one page tall (the instructions: a line or two more than a
        page would print a second page with only the contact person on it)."""
        for sheet, repeat in self.sheets:
            print_setup(sheet, self.master, repeat, department=self.department)
            if id(sheet.ws) in self.one_page:
                sheet.ws.fit_to_pages(1, 1)


def typed(ws: Any, row: int, col: int, value: object, fmt: Any) -> None:
    """An input cell: blank, or what the department typed (a number or a text)."""
    if value is None or value == "":
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        ws.write_number(row, col, float(value), fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def table_start(
    book: TemplateBook, ws: Any, title: str, hint: str, columns: tuple[tuple[str, int], ...]
) -> list[int]:
    """Title, a one-line hint, and the header row (row 4) with its column widths (returned)."""
    ws.write_string(0, 0, title, book.title)
    ws.write_string(1, 0, hint, book.sub)
    for col, (text, width) in enumerate(columns):
        ws.write_string(3, col, text, book.header)
        ws.set_column(col, col, width)
    widths = [width for _, width in columns]
    fit_row(ws, 3, [text for text, _ in columns], widths, bold=True)
    return widths


def fit_row(
    ws: Any, row: int, texts: list[str], widths: list[int], bold: bool = False, lines: int = 1
) -> None:
    """A row tall enough for its wrapped texts (and at least `lines` lines): spreadsheets
    do not grow rows for wrapped text on their own, and a printed row would cut it off."""
    height = max(text_height(t, w, bold) for t, w in zip(texts, widths, strict=False))
    ws.set_row(row, max(height, text_height("\n" * (lines - 1), 10)))
