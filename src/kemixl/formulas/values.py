"""Cells that may hold anything, and the operators between them.

A department types into a template's input cells whatever it likes: a number, a number as text
("1 234 567,50"), a word. The templates' live checks parse and test those cells with classic
functions (functions.py). The nodes here render such formulas and evaluate them in Python with
the spreadsheet's rules for the values kemixl meets, so every formula is written with its
result, and the tests can compare both with LibreOffice's and Gnumeric's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell

from .base import Node, Value, XLError, cell_ref
from .expressions import Const, Expr, Literal


def as_number(v: Value) -> float:
    """A value in arithmetic: an empty cell is 0, TRUE 1; text is an error (never relied on)."""
    if v is None:
        return 0.0
    if isinstance(v, bool):
        return float(v)
    if isinstance(v, int | float):
        return float(v)
    raise XLError("#VALUE!")


def as_text(v: Value) -> str:
    """A value joined to text: an empty cell is "", numbers as a spreadsheet writes them."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, str):
        return v
    if v == int(v) and abs(v) < 1e15:
        return str(int(v))
    return f"{v:.15g}"


def as_truth(v: Value) -> bool:
    if isinstance(v, str):
        raise XLError("#VALUE!")
    return as_number(v) != 0


def is_number(v: Value) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _kind(v: Value) -> int:
    """Spreadsheets order numbers before texts before TRUE/FALSE."""
    return 2 if isinstance(v, bool) else 1 if isinstance(v, str) else 0


def _compare(a: Value, b: Value) -> int:
    """-1, 0 or 1; an empty cell is 0, "" or FALSE beside the other operand; texts in any case."""
    if a is None:
        a = "" if isinstance(b, str) else False if isinstance(b, bool) else 0.0
    if b is None:
        b = "" if isinstance(a, str) else False if isinstance(a, bool) else 0.0
    ka, kb = _kind(a), _kind(b)
    if ka != kb:
        return -1 if ka < kb else 1
    if isinstance(a, str) and isinstance(b, str):
        x, y = a.casefold(), b.casefold()
        return (x > y) - (x < y)
    fa, fb = as_number(a), as_number(b)
    return (fa > fb) - (fa < fb)


_COMPARISONS: dict[str, Callable[[int], bool]] = {
    "=": lambda c: c == 0,
    "<>": lambda c: c != 0,
    "<": lambda c: c < 0,
    "<=": lambda c: c <= 0,
    ">": lambda c: c > 0,
    ">=": lambda c: c >= 0,
}


@dataclass(frozen=True)
class Cell(Node):
    """A written cell whose content may be anything: a number, a text, empty (None), an error."""

    atomic: ClassVar[bool] = True
    sheet: str
    row: int
    col: int
    content: Value | XLError = None

    def render(self, sheet: str, pinned: bool = False) -> str:
        return cell_ref(sheet, self.sheet, self.row, self.col, pinned)

    def evaluate(self) -> Value:
        if isinstance(self.content, XLError):
            raise XLError(self.content.code)
        return self.content


@dataclass(frozen=True)
class Area(Node):
    """A rectangle of cells, as the argument of MEDIAN or SUM; `values` are the contents of
    its cells (any order: the functions that take an area do not depend on it)."""

    sheet: str
    first_row: int
    first_col: int
    last_row: int
    last_col: int
    values: tuple[Value | XLError, ...] = ()

    def render(self, sheet: str, pinned: bool = False) -> str:
        a = xl_rowcol_to_cell(self.first_row, self.first_col, row_abs=pinned, col_abs=pinned)
        b = xl_rowcol_to_cell(self.last_row, self.last_col, row_abs=pinned, col_abs=pinned)
        prefix = "" if sheet == self.sheet else f"{quote_sheetname(self.sheet)}!"
        return f"{prefix}{a}:{b}"

    def evaluate(self) -> Value:
        raise XLError("#VALUE!")  # an area is no single value


@dataclass(frozen=True)
class Op(Node):
    """left symbol right: arithmetic (+ - * / ^), joining texts (&) or a comparison.
    An operand that is itself an expression is rendered in parentheses, so nesting never
    depends on operator precedence."""

    left: Node
    symbol: str
    right: Node

    def __post_init__(self) -> None:
        if self.symbol not in (*_COMPARISONS, "+", "-", "*", "/", "^", "&"):
            raise ValueError(f"unknown operator {self.symbol!r}")

    def render(self, sheet: str, pinned: bool = False) -> str:
        return f"{self.left.operand(sheet, pinned)}{self.symbol}{self.right.operand(sheet, pinned)}"

    def evaluate(self) -> Value:
        a, b = self.left.evaluate(), self.right.evaluate()
        if self.symbol in _COMPARISONS:
            return _COMPARISONS[self.symbol](_compare(a, b))
        if self.symbol == "&":
            return as_text(a) + as_text(b)
        x, y = as_number(a), as_number(b)
        if self.symbol == "/":
            if y == 0:
                raise XLError("#DIV/0!")
            return x / y
        if self.symbol == "^":
            return float(x**y)
        return {"+": x + y, "-": x - y, "*": x * y}[self.symbol]


def as_node(x: Node | str | float) -> Node:
    """A node as is; a plain string or number as its literal."""
    return x if isinstance(x, Node) else Literal(x) if isinstance(x, str) else Const(float(x))


@dataclass(frozen=True)
class Num(Expr):
    """N(x): the number a cell holds, 0 for a text or an empty cell (so a sum never errs)."""

    atomic: ClassVar[bool] = True
    term: Node

    def render(self, sheet: str, pinned: bool = False) -> str:
        return f"N({self.term.render(sheet, pinned)})"

    def value(self) -> float:
        return n_of((self.term,))


def n_of(args: tuple[Node, ...]) -> float:
    v = args[0].evaluate()
    return float(v) if isinstance(v, int | float) else 0.0
