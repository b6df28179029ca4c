"""A worksheet wrapper that writes every formula together with its computed value."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from ..formulas import Expr, Ref, Text
from ..xlsx.rows import QuickRowsWorksheet, RowsWorksheet
from .measure import LINE_POINTS, MAX_ROW_POINTS, break_lines, span_width

ROW_POINTS = {"title": 18.0, "heading": 15.0}  # rows holding 14- and 11-point text


class ExplicitFitWorksheet(RowsWorksheet):
    """Writes fitToWidth="1" out loud.

    XlsxWriter (like Excel) omits fitToWidth when it is 1, the schema's default; readers such
    as openpyxl then report None. Stating it costs nothing and leaves no doubt.
    """

    def _xml_empty_tag(self, tag: str, attributes: list[tuple[str, Any]] | None = None) -> None:
        if (
            tag == "pageSetup"
            and attributes is not None
            and self.fit_page
            and not any(key == "fitToWidth" for key, _ in attributes)
        ):
            attributes = [*attributes, ("fitToWidth", self.fit_width)]
        super()._xml_empty_tag(tag, attributes)


class BulkWorksheet(ExplicitFitWorksheet, QuickRowsWorksheet):
    """A sheet of many cells (the department sheets, Toimialat): each rendered as written."""


class Sheet:
    """A worksheet of the report. Cells go through the worksheet's quick_* writers: the
    library's undecorated ones (`_write_number` and the like; the public ones only add a check
    for A1 notation, and a large report writes close to a million cells), or with `bulk`
    (a sheet no chart reads) cells rendered to XML as they are written (xlsx/rows.py)."""

    def __init__(
        self, workbook: Any, name: str, formats: dict[str, Any], bulk: bool = False
    ) -> None:
        self.workbook = workbook
        kind = BulkWorksheet if bulk else ExplicitFitWorksheet
        self.ws = workbook.add_worksheet(name, worksheet_class=kind)
        self.name = name
        self.fmt = formats
        self.widths: dict[int, float] = {}
        self.heights: dict[int, float] = {}  # rows given a height of their own

    def set_row(self, row: int, height: float) -> None:
        """A row's height in points (at most Excel's 409), remembered for page estimates."""
        # Excel keeps whole pixels (3/4 point): round up, never cutting a text's last line
        height = min(MAX_ROW_POINTS, math.ceil(height * 4 / 3 - 1e-9) * 3 / 4)
        self.ws.set_row(row, height)
        self.heights[row] = height

    def height(self, row: int) -> float:
        """A row's height in points: its own, or the default row's (Arial 10)."""
        return self.heights.get(row, LINE_POINTS)

    def number(self, row: int, col: int, value: float, fmt: str = "euros") -> Ref:
        self.ws.quick_number(row, col, value, self.fmt[fmt])
        return Ref(self.name, row, col, value)

    def formula(self, row: int, col: int, expr: Expr, fmt: str = "euros") -> Ref:
        value = expr.value()
        self.ws.quick_formula(row, col, expr.render(self.name), self.fmt[fmt], value)
        return Ref(self.name, row, col, value)

    def text_formula(self, row: int, col: int, expr: Text, fmt: str = "status") -> str:
        """A formula with a text result (a status word), cached with its value."""
        value = expr.value()
        self.ws.quick_formula(row, col, expr.render(self.name), self.fmt[fmt], value)
        return value

    def shaped(self, row: int, col: int, shaped: tuple[str, float], fmt: str = "euros") -> Ref:
        """A formula spelt at once (shapes.py) with its value."""
        formula, value = shaped
        self.ws.quick_formula(row, col, formula, self.fmt[fmt], value)
        return Ref(self.name, row, col, value)

    def shaped_text(self, row: int, col: int, formula: str, value: str, fmt: str) -> None:
        """A formula with a text result, spelt at once, with its value."""
        self.ws.quick_formula(row, col, formula, self.fmt[fmt], value)

    def put(self, row: int, col: int, value: float | Expr | None, fmt: str = "euros") -> Ref:
        """A number, a formula, or (None) an empty cell: a figure not known, never a 0."""
        if value is None:
            self.ws.quick_blank(row, col, self.fmt[fmt])
            return Ref(self.name, row, col, 0.0, blank=True)
        if isinstance(value, Expr):
            return self.formula(row, col, value, fmt)
        return self.number(row, col, value, fmt)

    def text(self, row: int, col: int, value: str, fmt: str | None = None) -> None:
        """Submitted text is always written as text, never as a formula or a link.

        A title (14 points) or heading (11) gets a row tall enough for it: the default row is
        12.75 points, made for Arial 10.
        """
        if fmt in ROW_POINTS and row not in self.heights:
            self.set_row(row, ROW_POINTS[fmt])
        if value == "":
            self.ws.quick_blank(row, col, self.fmt[fmt or "plain"])
        else:
            self.ws.quick_string(row, col, value, self.fmt[fmt or "plain"])

    def cell(self, row: int, col: int, value: object, fmt: str | None = None) -> None:
        """A value that may be a number or a text (KPIs): numbers stay numbers."""
        if isinstance(value, int | float) and not isinstance(value, bool):
            self.ws.quick_number(
                row, col, value, self.fmt[fmt or ("int" if value == int(value) else "dec")]
            )
        elif value is None:
            self.ws.quick_blank(row, col, self.fmt[fmt or "plain"])
        else:
            self.text(row, col, str(value), "text")

    def columns(self, widths: Mapping[int, float]) -> None:
        """Set column widths (characters) and remember them for wrapped-text row heights."""
        for col, width in widths.items():
            self.ws.set_column(col, col, width)
            self.widths[col] = width

    def pixels(self, col: int) -> int:
        """A column's width on screen (Arial 10 digits of 7 px plus 5 px of padding)."""
        width = self.widths.get(col, 8.43)
        return int(width * 7 + 0.5) + 5 if width >= 1 else int(width * 12 + 0.5)

    def width(self, first_col: int, last_col: int) -> float:
        """The width (digits) of text a cell holds when it runs over these columns."""
        return span_width([self.widths.get(c, 8.43) for c in range(first_col, last_col + 1)])

    def lines(
        self,
        row: int,
        first_col: int,
        last_col: int,
        text: str,
        fmt: str = "line",
        bold: bool = False,
        points: float = 10,
        fill: bool = False,
    ) -> list[int]:
        """Text across columns first_col..last_col without merged cells: broken into lines
        that fit the columns' width (measure.break_lines), one line per row from `row`, each
        written in first_col and running over the empty cells to its right. `fill` gives those
        cells the line's format too (a banner's colour). Returns the rows written.

        Merged cells trouble screen readers and Excel's accessibility checker; a line per row
        also lets a long text break between printed pages at any line, where a wrapped cell
        (at most 409 points tall) moves whole.
        """
        rows = []
        for k, line in enumerate(
            break_lines(text, self.width(first_col, last_col), bold, points), start=row
        ):
            self.text(k, first_col, line, fmt)
            if fill:
                for col in range(first_col + 1, last_col + 1):
                    self.ws.quick_blank(k, col, self.fmt[fmt])
            rows.append(k)
        return rows
