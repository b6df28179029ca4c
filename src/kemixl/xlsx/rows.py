"""A worksheet whose bulk cells are rendered to XML as they are written, and whose rows are
written without the library's per-cell and per-column loops.

A report of 20 000 cost centres has some 850 000 cells. XlsxWriter keeps each as a named tuple
in its cell table and, on closing, walks every column of every row (twice: once for the rows'
spans), building each cell's attributes as a list and escaping them one by one. Here:

- `quick_number`, `quick_string`, `quick_blank` and `quick_formula` store a cell as a plain
  tuple (format, XML after the style) in the library's own table: a later write to the same
  cell, either way, replaces it, as the library's table does, and the library's dimension
  bookkeeping stays the same. Anything they cannot write as the library would (a NaN, a boolean or error result, an array or non-classic formula, no format)
  goes to the library's own writer.
- `_write_rows` writes the rows: the row tag as the library writes it (its own writer for a
  row with a height, format or outline), then each cell in column order, a quick one from its
  tuple, any other through `_write_cell`.

The style index is looked up when the sheet is written, not when the cell is: XlsxWriter
numbers a format the first time a written sheet uses it, unless it was numbered before (the
report numbers its formats when it makes them, report/formats.py), and a sheet written this
way must number them as the library does (a test compares the workbooks byte by byte).

Text on these sheets is written as inline strings (in the cell, `<is><t>…</t></is>`), not
into the workbook's shared-string table: a sheet's cells then depend on nothing outside it,
and a sheet built in another process (report/parallel.py) is the same bytes as one built here.

A quick cell is not one of the library's cell types: the library's readers of its table
(chart data caches, autofit) skip it. Only sheets that no chart reads and that are never
autofitted use the quick writers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from typing import Any

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.xmlwriter import XMLwriter

from .fast import FastFormulaWorksheet, classic

_INF = math.inf
# what `XMLwriter._escape_control_characters` changes: control characters, text spelt like
# their escapes, the two non-characters
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_")
_BATCH = 4096  # pieces of XML gathered before they are written
_ERRORS = frozenset(("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"))


def inline(text: str) -> str:
    """A text cell's XML after its style, as an inline string, spelt as the library spells
    one in its constant_memory mode (`Worksheet._write_cell`): control characters (and text
    that looks like their escapes) as `_xHHHH_`, then &, < and > escaped, whitespace at either
    end kept. Written as plain text always (the library would pass text looking like its own
    rich-string markup through unescaped)."""
    # (most texts are printable and hold no "_x": no regular expression for them; the
    # library's whitespace test, ^\s or \s$, is str.isspace of the first or last character)
    if not (text.isprintable() and "_x" not in text) and _CONTROL.search(text):
        text = XMLwriter._escape_control_characters(text)
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    return f' t="inlineStr"><is><t{space}>{escaped(text)}</t></is></c>'


def _utf16_len(text: str) -> int:
    """A text's length in Excel's units (UTF-16: a character past U+FFFF counts twice)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _utf16_cut(text: str, most: int) -> str:
    """The text cut to `most` UTF-16 units, never inside a character (as the library cuts)."""
    length = 0
    for index, char in enumerate(text):
        length += 2 if ord(char) > 0xFFFF else 1
        if length > most:
            return text[:index]
    return text


def escaped(text: str) -> str:
    """XML text as the library escapes cell data: &, < and > (quotes stay)."""
    if "&" in text or "<" in text or ">" in text:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


class RowsWorksheet(FastFormulaWorksheet):
    """Cells stored the library's way (the quick_* writers are its own), rows written quickly.

    For sheets a chart reads: the library's chart caches read its own cell types only.
    """

    def quick_number(self, row: int, col: int, number: float, cell_format: Any) -> int:
        return int(self._write_number(row, col, number, cell_format))

    def quick_string(self, row: int, col: int, string: str, cell_format: Any) -> int:
        return int(self._write_string(row, col, string, cell_format))

    def quick_blank(self, row: int, col: int, cell_format: Any) -> int:
        return int(self._write_blank(row, col, None, cell_format))

    def quick_formula(self, row: int, col: int, formula: str, cell_format: Any, value: Any) -> int:
        """A formula (without its "=") and its cached number or text."""
        return int(self._write_formula(row, col, formula, cell_format, value))

    def quick_plain_rows(self, rows: Iterable[Sequence[str]]) -> None:
        """Rows of unformatted texts from the sheet's first row, each text in its column
        ("" writes no cell): the cells `quick_string(row, col, text, None)` writes."""
        for r, row in enumerate(rows):
            for col, text in enumerate(row):
                if text:
                    self.quick_string(r, col, text, None)

    def _write_rows(self) -> None:
        table, row_info, comments = self.table, self.row_info, self.comments
        self.row_spans = spans = self._spans()
        letters = [xl_col_to_name(col) for col in range(self.dim_colmax + 1)]
        styles: dict[Any, str] = {}  # a format's s="…", fixed once the library has numbered it
        plain_rows = (
            self.default_row_height == self.original_row_height and self.excel_version != 2010
        )
        inherits = bool(row_info or self.col_info)  # an unformatted cell may take a style
        write = self.fh.write
        out: list[str] = []  # the XML of many rows, written at once (a write costs)
        wanted = {r for r, cells in table.items() if cells}.union(row_info, comments)
        for row in sorted(r for r in wanted if self.dim_rowmin <= r <= self.dim_rowmax):
            span = spans.get(row >> 4)
            cells = table.get(row)
            if not cells or not (plain_rows and row not in row_info):
                write("".join(out))  # (the library's writers write straight to the file)
                out.clear()
                if not cells:  # a row with a height, a format or comments only
                    self._write_empty_row(row, span, row_info.get(row))
                    continue
                self._write_row(row, span, row_info.get(row))
            else:
                out.append(f'<row r="{row + 1}" spans="{span}">')
            r = row + 1
            for col in sorted(cells):
                cell = cells[col]
                if type(cell) is tuple:
                    cell_format, tail = cell
                    if cell_format is None:
                        style = self._inherited_style(row, col) if inherits else ""
                    else:
                        style = styles.get(cell_format)  # type: ignore[assignment]
                        if style is None:
                            style = f' s="{cell_format._get_xf_index()}"'
                            styles[cell_format] = style
                    out.append(f'<c r="{letters[col]}{r}"{style}{tail}')
                else:
                    write("".join(out))
                    out.clear()
                    self._write_cell(row, col, cell)
            out.append("</row>")
            if len(out) > _BATCH:
                write("".join(out))
                out.clear()
        write("".join(out))

    def _inherited_style(self, row: int, col: int) -> str:
        """An unformatted cell's style: its row's format, else its column's, as the library."""
        info = self.row_info.get(row)
        if info is not None and info.row_format:
            return f' s="{info.row_format._get_xf_index()}"'
        column = self.col_info.get(col)
        if column is not None and column.column_format is not None:
            return f' s="{column.column_format._get_xf_index()}"'
        return ""

    def _spans(self) -> dict[int, str]:
        """Each block of 16 rows' first and last column with a cell or comment (1-based), as
        the library's _calculate_spans gives them."""
        low: dict[int, int] = {}
        high: dict[int, int] = {}
        for source in (self.table, self.comments):
            for row, cells in source.items():
                if cells:
                    block = row >> 4
                    first, last = min(cells), max(cells)
                    if block not in low or first < low[block]:
                        low[block] = first
                    if block not in high or last > high[block]:
                        high[block] = last
        return {block: f"{low[block] + 1}:{high[block] + 1}" for block in low}


class QuickRowsWorksheet(RowsWorksheet):
    """Cells rendered as they are written (see the module's docstring)."""

    def _quick(self, row: int, col: int, cell_format: Any, tail: str) -> int:
        """Store a rendered cell (its place counts in the sheet's extent on closing)."""
        if 0 <= row < self.xls_rowmax and 0 <= col < self.xls_colmax:
            self.table[row][col] = (cell_format, tail)
            return 0
        return -1

    def _assemble_xml_file(self) -> None:
        # The quick writers leave the sheet's extent to here (the library reads it only to
        # write the sheet, or to autofit one): every cell written either way is in the table,
        # and the library's own writers have counted theirs (and a row's height) already.
        rows = [row for row, cells in self.table.items() if cells]
        if rows:
            first_col = min(min(self.table[row]) for row in rows)
            last_col = max(max(self.table[row]) for row in rows)
            extent = ((min(rows), first_col), (max(rows), last_col))
            for row, col in extent:
                self._check_dimensions(row, col)
        super()._assemble_xml_file()

    def quick_number(self, row: int, col: int, number: float, cell_format: Any) -> int:
        if self.constant_memory or (type(number) is not float and type(number) is not int):
            return super().quick_number(row, col, number, cell_format)
        if not -_INF < number < _INF:
            return super().quick_number(row, col, number, cell_format)
        return self._quick(row, col, cell_format, f"><v>{number:.16G}</v></c>")

    def quick_string(self, row: int, col: int, string: str, cell_format: Any) -> int:
        """A text as an inline string (`inline`), cut at Excel's length as the library cuts
        it (-2 then, as the library's)."""
        if self.constant_memory:
            return super().quick_string(row, col, string, cell_format)
        cut = 0
        if len(string) > self.xls_strmax // 2 and _utf16_len(string) > self.xls_strmax:
            string, cut = _utf16_cut(string, self.xls_strmax), -2
        return self._quick(row, col, cell_format, inline(string)) or cut

    def quick_plain_rows(self, rows: Iterable[Sequence[str]]) -> None:
        # (a bulk sheet of texts, the hidden data sheet's 200 000: the XML of a text that
        # repeats, a code or a line's name, is made once; a long one, or one outside the
        # sheet's bounds, goes the whole way)
        if self.constant_memory:
            super().quick_plain_rows(rows)
            return
        table, tails, longest = self.table, dict[str, str](), self.xls_strmax // 2
        last_row, last_col = self.xls_rowmax, self.xls_colmax
        for r, row in enumerate(rows):
            inside = r < last_row and len(row) <= last_col
            for col, text in enumerate(row):
                if not text:
                    continue
                tail = tails.get(text)
                if tail is None and inside and len(text) <= longest:
                    tail = tails[text] = inline(text)
                if tail is None or not inside:
                    self.quick_string(r, col, text, None)
                else:
                    table[r][col] = (None, tail)

    def quick_blank(self, row: int, col: int, cell_format: Any) -> int:
        if cell_format is None or self.constant_memory:  # (the library writes no such cell)
            return super().quick_blank(row, col, cell_format)
        return self._quick(row, col, cell_format, "/>")

    def quick_formula(self, row: int, col: int, formula: str, cell_format: Any, value: Any) -> int:
        kind = type(value)
        if (
            self.constant_memory
            or not formula
            or formula[0] in "={"
            or formula[-1] == "}"
            or ("(" in formula and not classic(formula))
            or (kind is not float and kind is not int and kind is not str)
            or (kind is str and value in _ERRORS)
        ):
            return super().quick_formula(row, col, formula, cell_format, value)
        if kind is str:
            kind_attr = ' t="str"' if value else ""
            value = escaped(value)
        else:
            kind_attr = ""
        return self._quick(
            row, col, cell_format, f"{kind_attr}><f>{escaped(formula)}</f><v>{value}</v></c>"
        )


class TextRowsWorksheet(QuickRowsWorksheet):
    """A sheet of rows of unformatted texts from its first row (the report's hidden data
    sheet, 200 000 texts at 20 000 cost centres): `quick_plain_rows` keeps the rows as given,
    and they are rendered straight into the sheet's XML, with no cell table in between. The
    same XML as the cells `quick_plain_rows` writes on a QuickRowsWorksheet (a test compares).
    Where the sheet holds anything else (a cell written otherwise, a row's or a column's
    settings) the rows go into the cell table first, as the cells they are."""

    def __init__(self) -> None:
        super().__init__()
        self.text_rows: list[Sequence[str]] = []
        self.rendered: list[tuple[int, int, int, str]] = []

    def quick_plain_rows(self, rows: Iterable[Sequence[str]]) -> None:
        rows = list(rows)
        if (
            self.constant_memory
            or self.text_rows
            or any(self.table.values())
            or len(rows) > self.xls_rowmax
            or max(map(len, rows), default=0) > self.xls_colmax
            # (a text Excel would cut: the cells' own way cuts it as the library does)
            or max((len(text) for row in rows for text in row), default=0) > self.xls_strmax // 2
        ):
            self._rows_into_table()
            super().quick_plain_rows(rows)
            return
        self.text_rows = rows

    def _rows_into_table(self) -> None:
        """The rows kept, as the cells they are (a cell written since stays: it came later)."""
        rows, self.text_rows = self.text_rows, []
        for r, row in enumerate(rows):
            for col, text in enumerate(row):
                if text and col not in self.table.get(r, ()):
                    self.quick_string(r, col, text, None)

    def _assemble_xml_file(self) -> None:
        plain = self.default_row_height == self.original_row_height and self.excel_version != 2010
        if self.text_rows and (
            any(self.table.values()) or self.row_info or self.col_info or self.comments or not plain
        ):
            self._rows_into_table()
        self.rendered = self._render() if self.text_rows else []
        super()._assemble_xml_file()

    def _render(self) -> list[tuple[int, int, int, str]]:
        """Each row with a text: its index, first and last column, its cells' XML; the
        sheet's extent counted."""
        letters = [xl_col_to_name(col) for col in range(max(map(len, self.text_rows)))]
        rendered = []
        for r, row in enumerate(self.text_rows):
            number = f'{r + 1}"'
            xml = "".join(
                [
                    f'<c r="{letters[col]}{number}{inline(text)}'
                    for col, text in enumerate(row)
                    if text
                ]
            )
            if xml:
                first, last = 0, len(row) - 1
                while not row[first]:
                    first += 1
                while not row[last]:
                    last -= 1
                rendered.append((r, first, last, xml))
        if rendered:
            self._check_dimensions(rendered[0][0], min(first for _r, first, _l, _x in rendered))
            self._check_dimensions(rendered[-1][0], max(last for _r, _f, last, _x in rendered))
        return rendered

    def _write_rows(self) -> None:
        if not self.rendered:
            super()._write_rows()
            return
        low: dict[int, int] = {}
        high: dict[int, int] = {}
        for r, first, last, _xml in self.rendered:
            block = r >> 4
            if block not in low or first < low[block]:
                low[block] = first
            if block not in high or last > high[block]:
                high[block] = last
        spans = {block: f"{low[block] + 1}:{high[block] + 1}" for block in low}
        self.row_spans = spans
        write = self.fh.write
        out: list[str] = []
        for r, _first, _last, xml in self.rendered:
            out.append(f'<row r="{r + 1}" spans="{spans[r >> 4]}">{xml}</row>')
            if len(out) > _BATCH:
                write("".join(out))
                out.clear()
        write("".join(out))
        self.rendered = []
