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
from typing import Any

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.xmlwriter import XMLwriter

from .fast import FastFormulaWorksheet, classic

_INF = math.inf
# what `XMLwriter._escape_control_characters` changes: control characters, text spelt like
# their escapes, the two non-characters
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_")
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
        wanted = {r for r, cells in table.items() if cells}.union(row_info, comments)
        for row in sorted(r for r in wanted if self.dim_rowmin <= r <= self.dim_rowmax):
            span = spans.get(row >> 4)
            cells = table.get(row)
            if not cells:  # a row with a height, a format or comments only
                self._write_empty_row(row, span, row_info.get(row))
                continue
            if plain_rows and row not in row_info:
                parts = [f'<row r="{row + 1}" spans="{span}">']
            else:
                self._write_row(row, span, row_info.get(row))
                parts = []
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
                    parts.append(f'<c r="{letters[col]}{r}"{style}{tail}')
                else:
                    write("".join(parts))
                    parts.clear()
                    self._write_cell(row, col, cell)
            parts.append("</row>")
            write("".join(parts))

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
