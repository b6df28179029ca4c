"""A worksheet wrapper that writes every formula together with its computed value."""

from __future__ import annotations

from typing import Any

from ..formulas import Expr, Ref


class Sheet:
    def __init__(self, workbook: Any, name: str, formats: dict[str, Any]) -> None:
        self.ws = workbook.add_worksheet(name)
        self.name = name
        self.fmt = formats

    def number(self, row: int, col: int, value: float, fmt: str = "euros") -> Ref:
        self.ws.write_number(row, col, value, self.fmt[fmt])
        return Ref(self.name, row, col, value)

    def formula(self, row: int, col: int, expr: Expr, fmt: str = "euros") -> Ref:
        value = expr.value()
        self.ws.write_formula(row, col, "=" + expr.render(self.name), self.fmt[fmt], value)
        return Ref(self.name, row, col, value)

    def put(self, row: int, col: int, value: float | Expr, fmt: str = "euros") -> Ref:
        if isinstance(value, Expr):
            return self.formula(row, col, value, fmt)
        return self.number(row, col, value, fmt)

    def text(self, row: int, col: int, value: str, fmt: str | None = None) -> None:
        """Submitted text is always written as text, never as a formula or a link."""
        if value == "":
            self.ws.write_blank(row, col, None, self.fmt[fmt] if fmt else None)
        else:
            self.ws.write_string(row, col, value, self.fmt[fmt] if fmt else None)

    def cell(self, row: int, col: int, value: object, fmt: str | None = None) -> None:
        """A value that may be a number or a text (KPIs)."""
        if isinstance(value, int | float) and not isinstance(value, bool):
            self.ws.write_number(
                row, col, value, self.fmt[fmt or ("int" if value == int(value) else "dec")]
            )
        elif value is None:
            self.ws.write_blank(row, col, None, self.fmt[fmt] if fmt else None)
        else:
            self.text(row, col, str(value), "text")
