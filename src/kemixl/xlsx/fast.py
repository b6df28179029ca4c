"""XlsxWriter worksheets without the per-formula cost of its future-function expansion, and
with a quicker writer of the commonest cells.

XlsxWriter passes every formula through some thirty `re.sub` calls (several hundred for
conditional formats) that prefix newer Excel functions with `_xlfn.`. kemixl writes tens of
thousands of formulas, and those calls were half the time of writing a large report. kemixl's
formulas use only classic functions, which the library never rewrites; for a formula whose every
function name is one of those, the override returns exactly what the library would (a test
compares the two), and any other formula goes to the library.

Writing the sheet's XML, the library builds each cell's attributes as a list and escapes each
attribute on its own; a report of 20 000 cost centres has some 850 000 cells. A number, a shared
string, a formula with a number, text or blank value and an empty cell need no escaping in their
attributes (a reference, a style index, a fixed type), so `_write_cell` writes those at once,
the very bytes the library writes (a test compares whole workbooks), and hands every other cell
to the library.

A conditional format of a formula over a range given by numbers (the finance sheets give two
to every cost centre) is stored as the library stores it, without the tables of every option
the library builds anew on each call, and written as the library writes it, at once (a test
compares the workbooks).
"""

from __future__ import annotations

import re
from typing import Any

from xlsxwriter.utility import xl_range, xl_rowcol_to_cell_fast
from xlsxwriter.worksheet import (
    CellBlankTuple,
    CellFormulaTuple,
    CellNumberTuple,
    CellStringTuple,
    Worksheet,
)

# Functions as old as Excel 2007, never prefixed by the library (checked by a test).
CLASSIC = frozenset(
    [
        "ABS",
        "AND",
        "AVERAGE",
        "CHAR",
        "COUNT",
        "COUNTA",
        "COUNTBLANK",
        "COUNTIF",
        "COUNTIFS",
        "FIND",
        "IF",
        "IFERROR",
        "INDEX",
        "ISBLANK",
        "ISNUMBER",
        "LEFT",
        "LEN",
        "MATCH",
        "MAX",
        "MEDIAN",
        "MID",
        "MIN",
        "N",
        "NOT",
        "OR",
        "REPT",
        "RIGHT",
        "ROUND",
        "ROUNDDOWN",
        "ROUNDUP",
        "SEARCH",
        "SUBSTITUTE",
        "SUM",
        "SUMIF",
        "SUMIFS",
        "SUMPRODUCT",
        "T",
        "TRIM",
        "VALUE",
    ]
)
# Anything a library pattern could match starts with a letter and ends with "(" (its patterns
# use "." as a wildcard, so take every run of letters, digits, dots and underscores).
_CALL = re.compile(r"([A-Za-z_][\w.]*)\(")


def classic(formula: str) -> bool:
    """Every function the formula calls is classic (and so none is a dynamic-array one)."""
    return "_xlfn." not in formula and CLASSIC.issuperset(_CALL.findall(formula))


class FastFormulaWorksheet(Worksheet):  # type: ignore[misc]
    def _write_formula(
        self, row: int, col: int, formula: str, cell_format: Any = None, value: Any = 0
    ) -> int:
        # The library looks for dynamic-array functions, then prepares the formula (looking
        # for future functions): a classic formula has neither, so it is stored at once, as
        # the library would store it.
        if (
            self.constant_memory
            or not formula
            or formula.startswith("{")
            or formula.endswith("}")
            or not classic(formula)
        ):
            return int(super()._write_formula(row, col, formula, cell_format, value))
        if self._check_dimensions(row, col):
            return -1
        self.table[row][col] = CellFormulaTuple(
            formula[1:] if formula.startswith("=") else formula, cell_format, value
        )
        return 0

    def conditional_format(self, *args: Any, **kwargs: Any) -> int:
        # A formula rule over a range given by numbers (the finance sheets' status colours:
        # two per cost centre) is stored as the library stores it; the library would first
        # rebuild its tables of every option, type and criterion on each call. Anything else
        # (A1 ranges, other rules) goes to the library.
        if kwargs or len(args) != 5 or any(type(a) is not int for a in args[:4]):
            return int(super().conditional_format(*args, **kwargs))
        first_row, first_col, last_row, last_col, options = args
        if (
            type(options) is not dict
            or options.keys() != _FORMULA_RULE
            or options["type"] != "formula"
            or type(options["criteria"]) is not str
            or not options["criteria"].startswith("=")
            or options["criteria"] in ("=", "==")
            or first_row > last_row
            or first_col > last_col
            or self.use_data_bars_2010
        ):
            return int(super().conditional_format(*args))
        if self._check_dimensions(first_row, first_col, True, True):
            return -1
        if self._check_dimensions(last_row, last_col, True, True):
            return -1
        rule = options.copy()
        rule["type"] = "expression"
        if rule["format"]:
            rule["format"] = rule["format"]._get_dxf_index()
        rule["priority"] = self.dxf_priority
        self.dxf_priority += 1
        self.cond_formats.setdefault(xl_range(first_row, first_col, last_row, last_col), []).append(
            rule
        )
        return 0

    def _write_conditional_formatting(self, cond_range: str, params: list[dict[str, Any]]) -> None:
        # The rules stored above, written as the library writes an expression rule, at once
        # rather than through its attribute lists and its dispatch on every rule type.
        if not all(rule.keys() == _STORED_RULE and rule["type"] == "expression" for rule in params):
            super()._write_conditional_formatting(cond_range, params)
            return
        parts = [f'<conditionalFormatting sqref="{self._escape_attributes(cond_range)}">']
        for rule in params:
            criteria = rule["criteria"]
            if type(criteria) is not str or not criteria.startswith("="):
                super()._write_conditional_formatting(cond_range, params)
                return
            dxf = "" if rule["format"] is None else f' dxfId="{rule["format"]}"'
            stop = ' stopIfTrue="1"' if rule["stop_if_true"] else ""
            formula = self._escape_data(self._prepare_formula(criteria, True))
            parts.append(
                f'<cfRule type="expression"{dxf} priority="{rule["priority"]}"{stop}>'
                f"<formula>{formula}</formula></cfRule>"
            )
        parts.append("</conditionalFormatting>")
        self.fh.write("".join(parts))

    def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> Any:
        if not classic(formula):
            return super()._prepare_formula(formula, expand_future_functions)
        if formula.startswith("{"):
            formula = formula[1:]
        if formula.startswith("="):
            formula = formula[1:]
        if formula.endswith("}"):
            formula = formula[:-1]
        return formula

    def _write_cell(self, row: int, col: int, cell: Any) -> None:
        kind = type(cell)
        if kind not in _QUICK or self.constant_memory:
            super()._write_cell(row, col, cell)
            return
        if kind is CellFormulaTuple and not (
            cell.value is None or type(cell.value) in (int, float, str)
        ):  # a boolean (or anything else) value: the library's own way
            super()._write_cell(row, col, cell)
            return
        if kind is CellFormulaTuple and type(cell.value) is str and cell.value in _ERRORS:
            super()._write_cell(row, col, cell)
            return
        if cell.format:
            style = f' s="{cell.format._get_xf_index()}"'
        elif row in self.row_info and self.row_info[row].row_format:
            style = f' s="{self.row_info[row].row_format._get_xf_index()}"'
        elif col in self.col_info and self.col_info[col].column_format is not None:
            style = f' s="{self.col_info[col].column_format._get_xf_index()}"'
        else:
            style = ""
        ref = xl_rowcol_to_cell_fast(row, col)
        if kind is CellNumberTuple:
            self.fh.write(f'<c r="{ref}"{style}><v>{cell.number:.16G}</v></c>')
        elif kind is CellStringTuple:
            self.fh.write(f'<c r="{ref}"{style} t="s"><v>{cell.string}</v></c>')
        elif kind is CellBlankTuple:
            self.fh.write(f'<c r="{ref}"{style}/>')
        else:
            value = cell.value
            kind_attr = ' t="str"' if type(value) is str and value != "" else ""
            formula = self._escape_data(cell.formula)
            result = self._escape_data(value)
            self.fh.write(f'<c r="{ref}"{style}{kind_attr}><f>{formula}</f><v>{result}</v></c>')


_FORMULA_RULE = {"type", "criteria", "format", "stop_if_true"}
_STORED_RULE = {*_FORMULA_RULE, "priority"}
_QUICK = frozenset((CellNumberTuple, CellStringTuple, CellBlankTuple, CellFormulaTuple))
_ERRORS = frozenset(("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"))
