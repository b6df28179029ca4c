"""Defined names: a formula written once per workbook and used on every row.

A sheet-level defined name whose references keep their row relative (``'Talous'!$E1``) means,
in the cell that uses it, "column E of this row": Excel, LibreOffice and Gnumeric all read a
name's relative references from cell A1, so the name used in I7 reads E7. A long formula that
every input row needs (the live checks' reading of a number typed as text) is then one readable
definition in the workbook's name list, and each cell holds only its name.

The same builder makes both trees: with ``RowCell``s it gives the definition to write (rendered
once, `definitions`), with a row's ``Cell``s the tree to evaluate for that row's cached value.
``Named`` renders as its name and evaluates its definition (once: a name used twice in a
formula is worked out once here, as often as needed by the spreadsheet).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import ClassVar

from xlsxwriter.utility import quote_sheetname, xl_col_to_name

from .base import Node, Value, XLError

# A defined name's own sheet is named in its references: a reference without one would mean
# the sheet of whichever cell uses the name, in one spreadsheet and not in another.
DEFINITION_SHEET = ""


@dataclass(frozen=True)
class RowCell(Node):
    """A column of the row that uses the name: ``'Talous'!$E1`` in a definition."""

    atomic: ClassVar[bool] = True
    sheet: str
    col: int

    def render(self, sheet: str, pinned: bool = False) -> str:
        return f"{quote_sheetname(self.sheet)}!${xl_col_to_name(self.col)}1"

    def evaluate(self) -> Value:
        raise TypeError("a definition's cell has no value: evaluate a row's own tree")


_UNSET = object()


@dataclass(frozen=True, eq=False)
class Named(Node):
    """A defined name: renders as the name, evaluates to its definition's value.

    The definition may be given as a function that builds it: then it is built only when it is
    evaluated or written (a blank input's reading needs a few of its names, not all)."""

    atomic: ClassVar[bool] = True
    name: str
    build: Node | Callable[[], Node]
    _definition: object = field(default=_UNSET, init=False, repr=False, compare=False)
    _value: object = field(default=_UNSET, init=False, repr=False, compare=False)

    @property
    def definition(self) -> Node:
        if self._definition is _UNSET:
            node = self.build if isinstance(self.build, Node) else self.build()
            object.__setattr__(self, "_definition", node)
        return self._definition  # type: ignore[return-value]

    def render(self, sheet: str, pinned: bool = False) -> str:
        return self.name

    def evaluate(self) -> Value:
        if self._value is _UNSET:
            try:
                value: object = self.definition.evaluate()
            except XLError as exc:
                value = exc
            object.__setattr__(self, "_value", value)
        if isinstance(self._value, XLError):
            raise XLError(self._value.code)
        return self._value  # type: ignore[return-value]


def _children(node: Node) -> Iterator[Node]:
    if not dataclasses.is_dataclass(node):
        return
    for f in dataclasses.fields(node):
        if f.name.startswith("_"):
            continue
        value = getattr(node, f.name)
        if isinstance(value, Node):
            yield value
        elif isinstance(value, tuple):
            yield from (v for v in value if isinstance(v, Node))


def definitions(*roots: Node) -> dict[str, str]:
    """Every name used in the trees (built with RowCells), with its definition's formula text,
    names used by other names first. A name defined twice must be defined alike."""
    out: dict[str, str] = {}

    def visit(node: Node) -> None:
        if isinstance(node, Named):
            visit(node.definition)
            text = node.definition.render(DEFINITION_SHEET)
            if out.setdefault(node.name, text) != text:
                raise ValueError(f"the name {node.name} has two definitions")
            return
        for child in _children(node):
            visit(child)

    for root in roots:
        visit(root)
    return out


def define(workbook: object, sheet: str, names: dict[str, str]) -> None:
    """The names on the workbook, each local to `sheet` (a department's own names elsewhere in
    the workbook can never clash with them)."""
    for name, text in names.items():
        if workbook.define_name(f"{quote_sheetname(sheet)}!{name}", "=" + text) != 0:  # type: ignore[attr-defined]
            raise ValueError(f"XlsxWriter refused the name {name}")
