"""Typed expressions of the report: numbers (sums, differences, ratios, ROUND), conditions
(comparisons, for IF tests and conditional-format rules) and texts (IF choosing between string
results, such as the finance sheets' status words).

``render(sheet, pinned=True)`` writes every cell reference as absolute ($G$8): the form a
conditional-format rule needs when it covers a whole row but tests one row's own cells.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import ClassVar

from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell

from ..numbers import round_up_to
from .base import NOISE_DIGITS, Node, Value, cell_ref, string_literal


class Expr(Node):
    def value(self) -> float:
        raise NotImplementedError

    def evaluate(self) -> Value:
        return self.value()


@dataclass(frozen=True)
class Ref(Expr):
    """A written cell, with the value it holds (its own cached value)."""

    atomic: ClassVar[bool] = True
    sheet: str
    row: int
    col: int
    cached: float
    blank: bool = False  # an empty cell: a figure the report does not know (read as 0)

    def render(self, sheet: str, pinned: bool = False) -> str:
        return cell_ref(sheet, self.sheet, self.row, self.col, pinned)

    def value(self) -> float:
        return self.cached


@dataclass(frozen=True)
class Const(Expr):
    number: float

    def operand(self, sheet: str, pinned: bool) -> str:
        text = self.render(sheet, pinned)
        return text if self.number >= 0 else f"({text})"

    def render(self, sheet: str, pinned: bool = False) -> str:
        n = self.number
        return str(int(n)) if n == int(n) else repr(n)

    def value(self) -> float:
        return self.number


@dataclass(frozen=True)
class Sum(Expr):
    """A sum of terms: SUM(range) when the terms are one contiguous column run, else a+b+c."""

    terms: tuple[Expr, ...]

    def render(self, sheet: str, pinned: bool = False) -> str:
        terms = self.terms
        if len(terms) > 2:
            refs = [t for t in terms if isinstance(t, Ref)]
            if len(refs) == len(terms) and _contiguous(refs):
                first, last = refs[0], refs[-1]
                a = xl_rowcol_to_cell(first.row, first.col, row_abs=pinned, col_abs=pinned)
                b = xl_rowcol_to_cell(last.row, last.col, row_abs=pinned, col_abs=pinned)
                prefix = "" if first.sheet == sheet else f"{quote_sheetname(first.sheet)}!"
                return f"SUM({prefix}{a}:{b})"
        if not terms:
            return "0"
        text = "+".join([t.render(sheet, pinned) for t in terms])
        return text.replace("+-", "-") if "+-" in text else text

    def value(self) -> float:
        # Rounded only to shed binary noise (0.1 + 0.2): euros keep their cents and the
        # summary's thousands (euros / 1000) their euros and cents.
        return round(sum([t.value() for t in self.terms]), NOISE_DIGITS)


def _contiguous(refs: Sequence[Ref]) -> bool:
    return all(
        r.sheet == refs[0].sheet and r.col == refs[0].col and r.row == refs[0].row + i
        for i, r in enumerate(refs)
    )


@dataclass(frozen=True)
class Difference(Expr):
    """minuend - subtrahend (the subtrahend in parentheses when it is more than a cell)."""

    minuend: Expr
    subtrahend: Expr

    def render(self, sheet: str, pinned: bool = False) -> str:
        right = self.subtrahend.render(sheet, pinned)
        if not isinstance(self.subtrahend, Ref | Const) or right.startswith("-"):
            right = f"({right})"
        return f"{self.minuend.render(sheet, pinned)}-{right}"

    def value(self) -> float:
        return round(self.minuend.value() - self.subtrahend.value(), NOISE_DIGITS)


@dataclass(frozen=True)
class Scaled(Expr):
    """term / divisor: thousands of euros on the summary."""

    term: Expr
    divisor: float

    def render(self, sheet: str, pinned: bool = False) -> str:
        term = self.term.render(sheet, pinned)
        if not isinstance(self.term, Ref | Const):  # a sum: divided as a whole
            term = f"({term})"
        return f"{term}/{Const(self.divisor).render(sheet)}"

    def value(self) -> float:
        return self.term.value() / self.divisor


@dataclass(frozen=True)
class Ratio(Expr):
    """numerator / denominator, 0 where the denominator is 0 (the seed shows 0 % there)."""

    numerator: Expr
    denominator: Expr

    def render(self, sheet: str, pinned: bool = False) -> str:
        d = self.denominator.render(sheet, pinned)
        return f"IF({d}=0,0,{self.numerator.render(sheet, pinned)}/{d})"

    def value(self) -> float:
        d = self.denominator.value()
        return 0.0 if d == 0 else self.numerator.value() / d


def excel_round(x: float, digits: int) -> float:
    """Excel's ROUND: half away from zero, on the number as shown to 15 significant digits."""
    if x == 0:
        return 0.0
    if digits >= 0 and -1e15 < x < 1e15 and x == int(x):  # a whole number: itself
        return float(x)
    shown = Decimal(f"{x:.15g}")
    return float(shown.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Round(Expr):
    """ROUND(term, digits): comparisons of money in cents, of shares in whole percents."""

    atomic: ClassVar[bool] = True
    term: Expr
    digits: int = 2

    def render(self, sheet: str, pinned: bool = False) -> str:
        return f"ROUND({self.term.render(sheet, pinned)},{self.digits})"

    def value(self) -> float:
        return excel_round(self.term.value(), self.digits)


@dataclass(frozen=True)
class Abs(Expr):
    """ABS(term): a percentage of a budget that may be negative (costs) keeps its sign."""

    atomic: ClassVar[bool] = True
    term: Expr

    def render(self, sheet: str, pinned: bool = False) -> str:
        return f"ABS({self.term.render(sheet, pinned)})"

    def value(self) -> float:
        return abs(self.term.value())


@dataclass(frozen=True)
class Max(Expr):
    """MAX(a, b, ...): nothing below zero, say."""

    atomic: ClassVar[bool] = True
    terms: tuple[Expr, ...]

    def render(self, sheet: str, pinned: bool = False) -> str:
        return "MAX(" + ",".join(t.render(sheet, pinned) for t in self.terms) + ")"

    def value(self) -> float:
        return max(t.value() for t in self.terms)


@dataclass(frozen=True)
class RoundUpTo(Expr):
    """ROUNDUP(term/step,0)*step: away from zero to a multiple of step (numbers.round_up_to)."""

    term: Expr
    step: float

    def render(self, sheet: str, pinned: bool = False) -> str:
        step = Const(self.step).render(sheet)
        return f"ROUNDUP({self.term.operand(sheet, pinned)}/{step},0)*{step}"

    def value(self) -> float:
        return round_up_to(self.term.value(), self.step)


# --- conditions ------------------------------------------------------------------------


class Cond(Node):
    """A boolean expression: the test of an IF, or a conditional-format rule."""

    def value(self) -> bool:
        raise NotImplementedError

    def evaluate(self) -> Value:
        return self.value()


_OPS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "=": operator.eq,
    "<>": operator.ne,
}


@dataclass(frozen=True)
class Compare(Cond):
    left: Expr
    op: str
    right: Expr

    def __post_init__(self) -> None:
        if self.op not in _OPS:
            raise ValueError(f"unknown comparison {self.op!r}")

    def render(self, sheet: str, pinned: bool = False) -> str:
        return f"{self.left.render(sheet, pinned)}{self.op}{self.right.render(sheet, pinned)}"

    def value(self) -> bool:
        return _OPS[self.op](self.left.value(), self.right.value())


# --- text ------------------------------------------------------------------------------


class Text(Node):
    """An expression whose result is a string."""

    def value(self) -> str:
        raise NotImplementedError

    def evaluate(self) -> Value:
        return self.value()


@dataclass(frozen=True)
class Literal(Text):
    atomic: ClassVar[bool] = True
    text: str

    def render(self, sheet: str, pinned: bool = False) -> str:
        return string_literal(self.text)

    def value(self) -> str:
        return self.text


@dataclass(frozen=True)
class If(Text):
    """IF(test, then, otherwise) with text results; nest If in otherwise for a chain."""

    test: Cond
    then: Text
    otherwise: Text = Literal("")

    def render(self, sheet: str, pinned: bool = False) -> str:
        parts = (self.test, self.then, self.otherwise)
        return "IF(" + ",".join(p.render(sheet, pinned) for p in parts) + ")"

    def value(self) -> str:
        return self.then.value() if self.test.value() else self.otherwise.value()


def first_of(cases: Sequence[tuple[Cond, str]], otherwise: str = "") -> Text:
    """The word of the first test that holds: IF(a,"A",IF(b,"B","")). Earlier cases win."""
    result: Text = Literal(otherwise)
    for test, word in reversed(cases):
        result = If(test, Literal(word), result)
    return result
