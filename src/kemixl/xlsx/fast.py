"""XlsxWriter worksheets without the per-formula cost of its future-function expansion.

XlsxWriter passes every formula through some thirty `re.sub` calls (several hundred for
conditional formats) that prefix newer Excel functions with `_xlfn.`. kemixl writes tens of
thousands of formulas, and those calls were half the time of writing a large report. kemixl's
formulas use only classic functions, which the library never rewrites; for a formula whose every
function name is one of those, the override returns exactly what the library would (a test
compares the two), and any other formula goes to the library.
"""

from __future__ import annotations

import re
from typing import Any

from xlsxwriter.worksheet import Worksheet

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


class FastFormulaWorksheet(Worksheet):  # type: ignore[misc]
    def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> Any:
        if "_xlfn." in formula or not all(n in CLASSIC for n in _CALL.findall(formula)):
            return super()._prepare_formula(formula, expand_future_functions)
        if formula.startswith("{"):
            formula = formula[1:]
        if formula.startswith("="):
            formula = formula[1:]
        if formula.endswith("}"):
            formula = formula[:-1]
        return formula
