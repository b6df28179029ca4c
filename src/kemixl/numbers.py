"""Lenient reading of numbers as departments type or paste them."""

from __future__ import annotations

import ast
import math
import operator
import re

# Spaces of every width that Excel, Word and web pages put between digit groups.
_GROUP_SPACES = dict.fromkeys(map(ord, " \u00a0\u202f\u2007\u2009\u200a\t"), None)
_MINUSES = dict.fromkeys(map(ord, "\u2212\u2013\u2012\ufe63\uff0d"), "-")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_PERCENT = re.compile(r"^[+-]?\d+([.,]\d+)?\s*%$")


class NotANumber(ValueError):
    """A cell holds text where a number belongs."""


def parse_number(value: object) -> float | None:
    """A cell's value as a number; None for blank; NotANumber for anything else.

    Accepts '1 234 567', '1\u00a0234', '−5 966 525', '27,5', '1.234,50' and '€'.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise NotANumber(str(value))
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise NotANumber(str(value))
        return float(value)
    text = str(value).strip()
    if not text:
        return None
    text = text.translate(_GROUP_SPACES).translate(_MINUSES).replace("€", "")
    if text.startswith("(") and text.endswith(")"):  # accountants' negative
        text = "-" + text[1:-1]
    if "," in text:
        if "." in text:  # '1.234,50': dots group, comma is decimal
            text = text.replace(".", "")
        if text.count(",") > 1:
            raise NotANumber(str(value))
        text = text.replace(",", ".")
    if not _NUMBER.match(text):
        raise NotANumber(str(value))
    return float(text)


def euros_text(x: float) -> str:
    """Euros as messages write them: '1 439 849', '-2 500,25'."""
    text = f"{x:,.2f}".replace(",", " ").replace(".00", "")
    return text.replace(".", ",")


def is_percent_text(value: object) -> bool:
    return isinstance(value, str) and bool(_PERCENT.match(value.strip().replace("\u00a0", " ")))


def decimals_of(value: float) -> int:
    """Decimal places a figure carries (0 for whole euros, 2 for cents)."""
    if value == int(value):
        return 0
    text = f"{value:.6f}".rstrip("0")
    return len(text.split(".")[1])


def parse_kpi_value(value: object) -> float | str | None:
    """A KPI cell: a number when it reads as one, otherwise its text as typed."""
    try:
        return parse_number(value)
    except NotANumber:
        return str(value).strip()


# No municipality's line is a trillion euros: beyond this a "number" is a typing accident.
MAX_AMOUNT = 1e12
_ARITHMETIC = re.compile(r"^[\d\s.,+\-*/()]+$")


def constant_formula(formula: object) -> float | None:
    """The value of a formula made of numbers and + - * / only (=100000+6571), else None."""
    text = str(formula).lstrip("=").strip()
    if not _ARITHMETIC.match(text) or "," in text:
        return None
    ops = {
        ast.Add: operator.add,
        ast.Sub: operator.sub,
        ast.Mult: operator.mul,
        ast.Div: operator.truediv,
    }

    def ev(node: ast.AST) -> float:
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
            return float(node.value)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            v = ev(node.operand)
            return -v if isinstance(node.op, ast.USub) else v
        if isinstance(node, ast.BinOp) and type(node.op) in ops:
            return float(ops[type(node.op)](ev(node.left), ev(node.right)))
        raise ValueError(text)

    try:
        value = ev(ast.parse(text, mode="eval").body)
    except (SyntaxError, ValueError, ZeroDivisionError, RecursionError):
        return None
    return round(value, 2) if abs(value) <= MAX_AMOUNT else None
