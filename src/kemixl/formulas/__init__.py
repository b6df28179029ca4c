"""Tiny expression trees that render as Excel formulas and evaluate to their cached values.

The writers build every derived figure from these, so a formula and its cached value can never
disagree: both come from one tree. LibreOffice and Gnumeric recompute them in the tests.

- base.py: what every node shares (values, error values, references);
- expressions.py: the report's typed nodes: numbers (sums, ratios, ROUND), conditions
  (comparisons) and texts (IF between words);
- counting.py: COUNTIFS over text cells;
- values.py: cells that may hold anything, and operators between them;
- functions.py: the text and statistics functions of the templates' live checks, evaluated
  as the spreadsheets do.
"""

from .base import NOISE_DIGITS, Node, Value, XLError, cell_ref, string_literal
from .counting import CountIfs, TextColumn, TextRef
from .expressions import (
    Abs,
    Compare,
    Cond,
    Const,
    Difference,
    Expr,
    If,
    Literal,
    Max,
    Ratio,
    Ref,
    Round,
    RoundUpTo,
    Scaled,
    Sum,
    Text,
    excel_round,
    first_of,
)
from .functions import FUNCTIONS, MAX_TEXT, Call, Substitutions, call, substituted
from .values import Area, Cell, Num, Op, as_node

__all__ = [
    "FUNCTIONS",
    "MAX_TEXT",
    "NOISE_DIGITS",
    "Abs",
    "Area",
    "Call",
    "Cell",
    "Compare",
    "Cond",
    "Const",
    "CountIfs",
    "Difference",
    "Expr",
    "If",
    "Literal",
    "Max",
    "Node",
    "Num",
    "Op",
    "Ratio",
    "Ref",
    "Round",
    "RoundUpTo",
    "Scaled",
    "Substitutions",
    "Sum",
    "Text",
    "TextColumn",
    "TextRef",
    "Value",
    "XLError",
    "as_node",
    "call",
    "cell_ref",
    "excel_round",
    "first_of",
    "string_literal",
    "substituted",
]
