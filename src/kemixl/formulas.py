"""Tiny expression trees that render as Excel formulas and evaluate to their cached values.

The writer builds every derived figure from these, so a formula and its cached value can
never disagree: both come from one tree. LibreOffice recomputes them in the tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell


class Expr:
    def render(self, sheet: str) -> str:
        raise NotImplementedError

    def value(self) -> float:
        raise NotImplementedError


@dataclass(frozen=True)
class Ref(Expr):
    """A written cell, with the value it holds (its own cached value)."""

    sheet: str
    row: int
    col: int
    cached: float

    def render(self, sheet: str) -> str:
        cell = xl_rowcol_to_cell(self.row, self.col)
        return cell if sheet == self.sheet else f"{quote_sheetname(self.sheet)}!{cell}"

    def value(self) -> float:
        return self.cached


@dataclass(frozen=True)
class Const(Expr):
    number: float

    def render(self, sheet: str) -> str:
        n = self.number
        return str(int(n)) if n == int(n) else repr(n)

    def value(self) -> float:
        return self.number


@dataclass(frozen=True)
class Sum(Expr):
    """A sum of terms: SUM(range) when the terms are one contiguous column run, else a+b+c."""

    terms: tuple[Expr, ...]

    def render(self, sheet: str) -> str:
        refs = [t for t in self.terms if isinstance(t, Ref)]
        if len(refs) == len(self.terms) > 2 and _contiguous(refs):
            first, last = refs[0], refs[-1]
            rng = (
                f"{xl_rowcol_to_cell(first.row, first.col)}:{xl_rowcol_to_cell(last.row, last.col)}"
            )
            prefix = "" if first.sheet == sheet else f"{quote_sheetname(first.sheet)}!"
            return f"SUM({prefix}{rng})"
        if not self.terms:
            return "0"
        return "+".join(t.render(sheet) for t in self.terms).replace("+-", "-")

    def value(self) -> float:
        return round(sum(t.value() for t in self.terms), 2)


def _contiguous(refs: Sequence[Ref]) -> bool:
    return all(
        r.sheet == refs[0].sheet and r.col == refs[0].col and r.row == refs[0].row + i
        for i, r in enumerate(refs)
    )


@dataclass(frozen=True)
class Scaled(Expr):
    """term / divisor: thousands of euros on the summary."""

    term: Expr
    divisor: float

    def render(self, sheet: str) -> str:
        return f"{self.term.render(sheet)}/{Const(self.divisor).render(sheet)}"

    def value(self) -> float:
        return self.term.value() / self.divisor


@dataclass(frozen=True)
class Ratio(Expr):
    """numerator / denominator, 0 where the denominator is 0 (the seed shows 0 % there)."""

    numerator: Expr
    denominator: Expr

    def render(self, sheet: str) -> str:
        d = self.denominator.render(sheet)
        return f"IF({d}=0,0,{self.numerator.render(sheet)}/{d})"

    def value(self) -> float:
        d = self.denominator.value()
        return 0.0 if d == 0 else self.numerator.value() / d
