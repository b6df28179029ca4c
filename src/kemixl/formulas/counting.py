"""COUNTIFS over written text cells: the strategy matrix counts objectives by goal and status."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell

from .base import cell_ref, string_literal
from .expressions import Expr


@dataclass(frozen=True)
class TextRef:
    """A written text cell (a label a COUNTIFS criterion points at)."""

    sheet: str
    row: int
    col: int
    text: str

    def render(self, sheet: str, pinned: bool = False) -> str:
        return cell_ref(sheet, self.sheet, self.row, self.col, pinned)


@dataclass(frozen=True)
class TextColumn:
    """A run of written text cells in one column, top to bottom."""

    sheet: str
    col: int
    first_row: int
    texts: tuple[str, ...]

    def render(self, sheet: str) -> str:
        last = self.first_row + max(len(self.texts), 1) - 1
        a = xl_rowcol_to_cell(self.first_row, self.col, row_abs=True, col_abs=True)
        b = xl_rowcol_to_cell(last, self.col, row_abs=True, col_abs=True)
        prefix = "" if sheet == self.sheet else f"{quote_sheetname(self.sheet)}!"
        return f"{prefix}{a}:{b}"


_WILDCARDS = set("*?~")


def plain_criterion(text: str) -> bool:
    """A text COUNTIFS matches as itself: no wildcards, no leading comparison operator."""
    return bool(text) and not (_WILDCARDS & set(text)) and text[0] not in "<>="


@dataclass(frozen=True)
class CountIfs(Expr):
    """COUNTIFS(column, criterion, ...): rows whose texts equal every criterion (any case).

    A criterion points at its label cell when that text matches as itself; otherwise (a
    wildcard, a leading "<", an empty label) it is written as an escaped "=text" literal.
    """

    pairs: tuple[tuple[TextColumn, TextRef], ...]

    def render(self, sheet: str, pinned: bool = False) -> str:
        args: list[str] = []
        for column, criterion in self.pairs:
            args.append(column.render(sheet))
            if plain_criterion(criterion.text):
                args.append(criterion.render(sheet, pinned))
            else:
                escaped = "".join("~" + ch if ch in _WILDCARDS else ch for ch in criterion.text)
                args.append(string_literal("=" + escaped))
        return "COUNTIFS(" + ",".join(args) + ")"

    def value(self) -> float:
        rows = len(self.pairs[0][0].texts) if self.pairs else 0
        # each column folded once (a matrix counts the same columns for every cell of it)
        columns = [_folded(col.texts) for col, _crit in self.pairs]
        wanted = tuple(crit.text.casefold() for _col, crit in self.pairs)
        if all(len(texts) == rows for texts in columns):  # (rows compared as tuples, at once)
            return float(sum(1 for texts in zip(*columns, strict=True) if texts == wanted))
        count = 0
        for i in range(rows):
            if all(texts[i] == want for texts, want in zip(columns, wanted, strict=True)):
                count += 1
        return float(count)


@functools.lru_cache(maxsize=32)
def _folded(texts: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(text.casefold() for text in texts)
