"""Lenient reading of numbers as departments type or paste them."""

from __future__ import annotations

import ast
import math
import operator
import re
from collections.abc import Sequence
from decimal import ROUND_UP, Decimal

# Spaces of every width that Excel, Word and web pages put between digit groups, and the
# dashes that stand for a minus (the templates' live checks parse texts with the same lists).
GROUP_SPACES = " \u00a0\u202f\u2007\u2009\u200a\t"
MINUSES = "\u2212\u2013\u2012\ufe63\uff0d"
_GROUP_SPACES = dict.fromkeys(map(ord, GROUP_SPACES), None)
# Digits are ASCII (re.ASCII: a fullwidth '１２' is text, as it is to a spreadsheet), and the
# patterns match whole texts (fullmatch: '$' would let a final newline through).
_SPACED = re.compile(f"\\d[{GROUP_SPACES}]+\\d", re.ASCII)
_MINUSES = dict.fromkeys(map(ord, MINUSES), "-")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)", re.ASCII)
_PERCENT = re.compile(r"^[+-]?\d+([.,]\d+)?\s*%$")
_GROUPED = {sep: re.compile(rf"\d{{1,3}}(\{sep}\d{{3}})+", re.ASCII) for sep in ",."}
_THOUSANDS_OR_DECIMALS = re.compile(r"[1-9]\d{0,2}", re.ASCII)
_THREE_DIGITS = re.compile(r"\d{3}", re.ASCII)
# Plain digits with at most one separator, in no shape that is ambiguous: what a ledger export
# holds a million of. parse_number reads these as float() with the comma as the decimal mark,
# so it takes them in one step (tests/test_numbers.py checks the step against the long way).
_PLAIN = re.compile(
    r"[+-]?(?:[0-9]+|[0-9]+[.,](?:[0-9]{1,2}|[0-9]{4,})|(?:0[0-9]*|[0-9]{4,})[.,][0-9]{3})"
)
# No municipality's line is a trillion euros: beyond this a "number" is a typing accident.
MAX_AMOUNT = 1e12


class NotANumber(ValueError):
    """A cell holds text where a number belongs."""


class AmbiguousNumber(NotANumber):
    """Text such as '106,571' that reads as thousands (106 571) or as decimals (106.571)."""

    def __init__(self, text: str, thousands: float, decimals: float) -> None:
        super().__init__(text)
        self.thousands = thousands
        self.decimals = decimals


class BeyondLimit(NotANumber):
    """A number beyond MAX_AMOUNT (or not finite): no municipality's line is that large."""


def parse_amount(value: object) -> float | None:
    """An amount in euros, as every reader of amounts takes it (submissions and the ledger
    alike): parse_number's reading, refused (BeyondLimit) beyond MAX_AMOUNT euros."""
    number = parse_number(value)
    if number is not None and abs(number) > MAX_AMOUNT:
        raise BeyondLimit(str(value))
    return number


class RefusedAmount(Exception):
    """parse_amounts' refusal: the value at `position` and why (its NotANumber)."""

    def __init__(self, position: int, value: object, error: NotANumber) -> None:
        super().__init__(position, value, error)
        self.position = position
        self.value = value
        self.error = error


def parse_amounts(values: Sequence[object]) -> list[float]:
    """parse_amount of every value, NaN for a blank: a ledger's million amounts. Plain texts
    (_PLAIN, as parse_number's first step takes them) and ordinary floats are converted in one
    pass; the rest go parse_amount's own way. The first value refused raises RefusedAmount."""
    plain, nan = _PLAIN.fullmatch, math.nan
    numbers = [
        float(v.replace(",", "."))
        if type(v) is str and plain(v)
        else v
        if type(v) is float
        else nan
        for v in values
    ]
    for position, number in enumerate(numbers):
        if -MAX_AMOUNT <= number <= MAX_AMOUNT:  # False for NaN: blanks and all the rest
            continue
        value = values[position]
        try:
            parsed = parse_amount(value)
        except NotANumber as exc:
            raise RefusedAmount(position, value, exc) from None
        numbers[position] = nan if parsed is None else parsed
    return numbers


def parse_number(value: object) -> float | None:
    """A cell's value as a number; None for blank; NotANumber for anything else.

    Accepts '1 234 567', '1\u00a0234', '−5 966 525', '27,5', '1.234,50', '1,234.50', '€' and
    several groups of three ('1.234.567', '1,234,567': thousands, whichever the separator).
    One separator followed by exactly three digits after one to three digits ('106,571',
    '106.571') is AmbiguousNumber: thousands or decimals. Where spaces already group the
    thousands ('1 234,567') the comma or point can only be the decimal mark. Real numbers
    (not text) are never ambiguous. Digits are ASCII digits only.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise NotANumber(str(value))
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise BeyondLimit(str(value))
        return float(value)
    if type(value) is str and _PLAIN.fullmatch(value):
        return float(value.replace(",", "."))
    return _parse_text(value)


def _parse_text(value: object) -> float | None:
    """parse_number of a text, the long way."""
    text = str(value).strip()
    if not text:
        return None
    text = text.translate(_MINUSES).replace("€", "").strip()
    spaced = bool(_SPACED.search(text))
    text = text.translate(_GROUP_SPACES)
    if text.startswith("(") and text.endswith(")"):  # accountants' negative
        text = "-" + text[1:-1]
    sign = text[0] if text[:1] in ("+", "-") else ""
    body = text[len(sign) :]
    number = _plain_digits(body, str(value), sign, spaced)
    if not _NUMBER.fullmatch(sign + number):
        raise NotANumber(str(value))
    return float(sign + number)


def _plain_digits(body: str, raw: str, sign: str, spaced: bool) -> str:
    """The digits of a number with its grouping removed and a point for the decimal mark."""
    commas, points = body.count(","), body.count(".")
    if commas and points:  # '1.234,50' or '1,234.50': the last separator is the decimal mark
        mark = "," if body.rindex(",") > body.rindex(".") else "."
        group = "." if mark == "," else ","
        whole, _, fraction = body.rpartition(mark)
        if group in fraction or not _GROUPED[group].fullmatch(whole):
            raise NotANumber(raw)
        return whole.replace(group, "") + "." + fraction
    if commas + points > 1:  # '1.234.567', '1,234,567': thousands only
        sep = "," if commas else "."
        if not _GROUPED[sep].fullmatch(body):
            raise NotANumber(raw)
        return body.replace(sep, "")
    if commas + points == 1:
        whole, _, fraction = body.partition("," if commas else ".")
        # Where spaces already group the thousands, the separator is the decimal mark.
        three = bool(_THREE_DIGITS.fullmatch(fraction))
        if three and not spaced and _THOUSANDS_OR_DECIMALS.fullmatch(whole):
            thousands = float(sign + whole + fraction)
            raise AmbiguousNumber(raw, thousands, float(sign + whole + "." + fraction))
        return whole + "." + fraction
    return body


def euros(x: float, decimals: int = 2) -> str:
    """An amount as messages write it: '-1 333 278', '12,50' (space groups, decimal comma;
    no decimals when they are all zero)."""
    whole, _, fraction = f"{x:,.{decimals}f}".partition(".")
    whole = whole.replace(",", " ")
    return whole if not fraction.strip("0") else f"{whole},{fraction}"


def csv_amount(x: float) -> str:
    """An amount as kemixl writes it into a master CSV file: 480920, -5966525.50 (cents kept,
    no grouping, a decimal point: what every dialect the loader accepts reads alike)."""
    return str(int(x)) if float(x).is_integer() else f"{x:.2f}"


def is_percent_text(value: object) -> bool:
    return isinstance(value, str) and bool(_PERCENT.match(value.strip().replace("\u00a0", " ")))


def decimals_of(value: float) -> int:
    """Decimal places a figure carries (0 for whole euros, 2 for cents)."""
    if value == int(value):
        return 0
    text = f"{value:.6f}".rstrip("0")
    return len(text.split(".")[1])


def parse_kpi_value(value: object) -> float | str | None:
    """A KPI cell: a number when it reads as one, otherwise its text as typed (an ambiguous
    '1,234' stays text: shown as typed, never read as the wrong number)."""
    try:
        return parse_number(value)
    except NotANumber:
        return str(value).strip()


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


def round_up_to(x: float, step: float) -> float:
    """ROUNDUP(x/step,0)*step as a spreadsheet computes it: away from zero to a multiple of
    step, the quotient taken as shown to 15 significant digits (so 499000/1000 is exactly 499,
    not a hair above it), the result rounded to cents."""
    if x == 0:
        return 0.0
    quotient = Decimal(f"{x / step:.15g}").quantize(Decimal(1), rounding=ROUND_UP)
    return round(float(quotient) * step, 2)
