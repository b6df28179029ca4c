"""Tiny expression trees that render as Excel formulas and evaluate to their cached values.

The writer builds every derived figure from these, so a formula and its cached value can
never disagree: both come from one tree. LibreOffice recomputes them in the tests.

Three kinds of node: numeric (``Expr``: sums, ratios, ROUND, COUNTIFS), boolean (``Cond``:
comparisons, used inside IF and as conditional-format rules) and text (``Text``: IF choosing
between string results, such as the finance sheets' status words). All three are ``Node``s, and
so are the general nodes at the end (``Cell``, ``Area``, ``Call``, ``Op``): cells that may hold
text and the text functions the templates' live checks are built from, each evaluated by
``evaluate()`` as Excel and LibreOffice do for the values kemixl meets.

``render(sheet, pinned=True)`` writes every cell reference as absolute ($G$8): the form a
conditional-format rule needs when it covers a whole row but tests one row's own cells.
"""

from __future__ import annotations

import operator
import re
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell

from .numbers import round_up_to

NOISE_DIGITS = 6

Value = float | str | bool | None
"""What a cell holds: a number, a text, TRUE/FALSE, or nothing (None: an empty cell)."""


class XLError(Exception):
    """An error value (#VALUE!, #NUM!, #DIV/0!) met while evaluating; IFERROR catches it."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class Node:
    """Any expression: renders as formula text and evaluates to the formula's result."""

    def render(self, sheet: str, pinned: bool = False) -> str:
        raise NotImplementedError

    def evaluate(self) -> Value:
        raise NotImplementedError


class Expr(Node):
    def value(self) -> float:
        raise NotImplementedError

    def evaluate(self) -> Value:
        return self.value()


def _cell(sheet: str, target: str, row: int, col: int, pinned: bool) -> str:
    cell = xl_rowcol_to_cell(row, col, row_abs=pinned, col_abs=pinned)
    return cell if sheet == target else f"{quote_sheetname(target)}!{cell}"


@dataclass(frozen=True)
class Ref(Expr):
    """A written cell, with the value it holds (its own cached value)."""

    sheet: str
    row: int
    col: int
    cached: float
    blank: bool = False  # an empty cell: a figure the report does not know (read as 0)

    def render(self, sheet: str, pinned: bool = False) -> str:
        return _cell(sheet, self.sheet, self.row, self.col, pinned)

    def value(self) -> float:
        return self.cached


@dataclass(frozen=True)
class Const(Expr):
    number: float

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
        refs = [t for t in self.terms if isinstance(t, Ref)]
        if len(refs) == len(self.terms) > 2 and _contiguous(refs):
            first, last = refs[0], refs[-1]
            a = xl_rowcol_to_cell(first.row, first.col, row_abs=pinned, col_abs=pinned)
            b = xl_rowcol_to_cell(last.row, last.col, row_abs=pinned, col_abs=pinned)
            prefix = "" if first.sheet == sheet else f"{quote_sheetname(first.sheet)}!"
            return f"SUM({prefix}{a}:{b})"
        if not self.terms:
            return "0"
        return "+".join(t.render(sheet, pinned) for t in self.terms).replace("+-", "-")

    def value(self) -> float:
        # Rounded only to shed binary noise (0.1 + 0.2): euros keep their cents and the
        # summary's thousands (euros / 1000) their euros and cents.
        return round(sum(t.value() for t in self.terms), NOISE_DIGITS)


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
    shown = Decimal(f"{x:.15g}")
    return float(shown.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Round(Expr):
    """ROUND(term, digits): comparisons of money in cents, of shares in whole percents."""

    term: Expr
    digits: int = 2

    def render(self, sheet: str, pinned: bool = False) -> str:
        return f"ROUND({self.term.render(sheet, pinned)},{self.digits})"

    def value(self) -> float:
        return excel_round(self.term.value(), self.digits)


@dataclass(frozen=True)
class Abs(Expr):
    """ABS(term): a percentage of a budget that may be negative (costs) keeps its sign."""

    term: Expr

    def render(self, sheet: str, pinned: bool = False) -> str:
        return f"ABS({self.term.render(sheet, pinned)})"

    def value(self) -> float:
        return abs(self.term.value())


@dataclass(frozen=True)
class Max(Expr):
    """MAX(a, b, ...): nothing below zero, say."""

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
        term = self.term.render(sheet, pinned)
        if not isinstance(self.term, Ref | Max | Abs | Round):
            term = f"({term})"
        return f"ROUNDUP({term}/{step},0)*{step}"

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


def string_literal(text: str) -> str:
    """A formula string literal: in quotes, inner quotes doubled."""
    return '"' + text.replace('"', '""') + '"'


class Text(Node):
    """An expression whose result is a string."""

    def value(self) -> str:
        raise NotImplementedError

    def evaluate(self) -> Value:
        return self.value()


@dataclass(frozen=True)
class Literal(Text):
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


# --- counting texts --------------------------------------------------------------------


@dataclass(frozen=True)
class TextRef:
    """A written text cell (a label a COUNTIFS criterion points at)."""

    sheet: str
    row: int
    col: int
    text: str

    def render(self, sheet: str, pinned: bool = False) -> str:
        return _cell(sheet, self.sheet, self.row, self.col, pinned)


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


def _plain_criterion(text: str) -> bool:
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
            if _plain_criterion(criterion.text):
                args.append(criterion.render(sheet, pinned))
            else:
                escaped = "".join("~" + ch if ch in _WILDCARDS else ch for ch in criterion.text)
                args.append(string_literal("=" + escaped))
        return "COUNTIFS(" + ",".join(args) + ")"

    def value(self) -> float:
        rows = len(self.pairs[0][0].texts) if self.pairs else 0
        count = 0
        for i in range(rows):
            if all(col.texts[i].casefold() == crit.text.casefold() for col, crit in self.pairs):
                count += 1
        return float(count)


# --- any value: cells that may hold text, and the functions the live checks use ---------
#
# A department types into a template's input cells whatever it likes: a number, a number as
# text ("1 234 567,50"), a word. The templates' live checks parse and test those cells with
# classic functions (SUBSTITUTE, MID, MEDIAN ...). The nodes below render such formulas and
# evaluate them in Python with the spreadsheet's rules for the values kemixl meets, so every
# formula is written with its result, and the tests can compare both with LibreOffice's.


def _number(v: Value) -> float:
    """A value in arithmetic: an empty cell is 0, TRUE 1; text is an error (never relied on)."""
    if v is None:
        return 0.0
    if isinstance(v, bool):
        return float(v)
    if isinstance(v, int | float):
        return float(v)
    raise XLError("#VALUE!")


def _string(v: Value) -> str:
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


def _truth(v: Value) -> bool:
    if isinstance(v, str):
        raise XLError("#VALUE!")
    return _number(v) != 0


def _is_number(v: Value) -> bool:
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
    fa, fb = _number(a), _number(b)
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

    sheet: str
    row: int
    col: int
    content: Value | XLError = None

    def render(self, sheet: str, pinned: bool = False) -> str:
        return _cell(sheet, self.sheet, self.row, self.col, pinned)

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
        return f"{_operand(self.left, sheet, pinned)}{self.symbol}{_operand(self.right, sheet, pinned)}"

    def evaluate(self) -> Value:
        a, b = self.left.evaluate(), self.right.evaluate()
        if self.symbol in _COMPARISONS:
            return _COMPARISONS[self.symbol](_compare(a, b))
        if self.symbol == "&":
            return _string(a) + _string(b)
        x, y = _number(a), _number(b)
        if self.symbol == "/":
            if y == 0:
                raise XLError("#DIV/0!")
            return x / y
        if self.symbol == "^":
            return float(x**y)
        return {"+": x + y, "-": x - y, "*": x * y}[self.symbol]


def _operand(node: Node, sheet: str, pinned: bool) -> str:
    text = node.render(sheet, pinned)
    atomic = isinstance(node, Cell | Ref | Literal | Call | Num) or (
        isinstance(node, Const) and node.number >= 0
    )
    return text if atomic else f"({text})"


@dataclass(frozen=True)
class Call(Node):
    """NAME(arguments) of one of the functions below (classic ones, as old as Excel 2007)."""

    name: str
    args: tuple[Node, ...]

    def __post_init__(self) -> None:
        if self.name not in FUNCTIONS:
            raise ValueError(f"no evaluation for the function {self.name}")

    def render(self, sheet: str, pinned: bool = False) -> str:
        return f"{self.name}({','.join(a.render(sheet, pinned) for a in self.args)})"

    def evaluate(self) -> Value:
        return FUNCTIONS[self.name](self.args)


def as_node(x: Node | str | float) -> Node:
    """A node as is; a plain string or number as its literal."""
    return x if isinstance(x, Node) else Literal(x) if isinstance(x, str) else Const(float(x))


def call(name: str, *args: Node | str | float) -> Call:
    """Call(name, args), with plain strings and numbers as literals."""
    return Call(name, tuple(as_node(a) for a in args))


@dataclass(frozen=True)
class Num(Expr):
    """N(x): the number a cell holds, 0 for a text or an empty cell (so a sum never errs)."""

    term: Node

    def render(self, sheet: str, pinned: bool = False) -> str:
        return f"N({self.term.render(sheet, pinned)})"

    def value(self) -> float:
        return _n((self.term,))


def _n(args: tuple[Node, ...]) -> float:
    v = args[0].evaluate()
    return float(v) if isinstance(v, int | float) else 0.0


def _if(args: tuple[Node, ...]) -> Value:
    if _truth(args[0].evaluate()):
        return args[1].evaluate()
    return args[2].evaluate() if len(args) > 2 else False


def _iferror(args: tuple[Node, ...]) -> Value:
    try:
        v = args[0].evaluate()
    except XLError:
        return args[1].evaluate()
    return 0.0 if v is None else v


def _isnumber(args: tuple[Node, ...]) -> Value:
    try:
        return _is_number(args[0].evaluate())
    except XLError:
        return False


def _istext(args: tuple[Node, ...]) -> Value:
    try:
        return isinstance(args[0].evaluate(), str)
    except XLError:
        return False


def _numbers(args: tuple[Node, ...]) -> list[float]:
    """The numbers of areas and referenced cells (their texts and blanks are skipped) and of
    other arguments."""
    out: list[float] = []
    for a in args:
        if isinstance(a, Area):
            for v in a.values:
                if isinstance(v, XLError):
                    raise XLError(v.code)
                if _is_number(v):
                    out.append(float(v))  # type: ignore[arg-type]
        elif isinstance(a, Cell):
            v = a.evaluate()
            if _is_number(v):
                out.append(float(v))  # type: ignore[arg-type]
        else:
            out.append(_number(a.evaluate()))
    return out


def _median(args: tuple[Node, ...]) -> Value:
    numbers = _numbers(args)
    if not numbers:
        raise XLError("#NUM!")
    return float(statistics.median(numbers))


def _text_arg(args: tuple[Node, ...], i: int, default: str = "") -> str:
    return _string(args[i].evaluate()) if i < len(args) else default


def _int_arg(args: tuple[Node, ...], i: int, default: int) -> int:
    return int(_number(args[i].evaluate())) if i < len(args) else default


def _substitute(args: tuple[Node, ...]) -> Value:
    text, old, new = (_text_arg(args, i) for i in range(3))
    if not old:
        return text
    if len(args) < 4:
        return text.replace(old, new)
    n = _int_arg(args, 3, 1)
    if n < 1:
        raise XLError("#VALUE!")
    parts = text.split(old)
    if len(parts) <= n:
        return text
    return old.join(parts[:n]) + new + old.join(parts[n:])


def _mid(args: tuple[Node, ...]) -> Value:
    text, start, count = _text_arg(args, 0), _int_arg(args, 1, 1), _int_arg(args, 2, 0)
    if start < 1 or count < 0:
        raise XLError("#VALUE!")
    return text[start - 1 : start - 1 + count]


def _left(args: tuple[Node, ...]) -> Value:
    n = _int_arg(args, 1, 1)
    if n < 0:
        raise XLError("#VALUE!")
    return _text_arg(args, 0)[:n]


def _right(args: tuple[Node, ...]) -> Value:
    n = _int_arg(args, 1, 1)
    if n < 0:
        raise XLError("#VALUE!")
    text = _text_arg(args, 0)
    return text[len(text) - n :] if n else ""


def _find(args: tuple[Node, ...]) -> Value:
    found = _text_arg(args, 1).find(_text_arg(args, 0), _int_arg(args, 2, 1) - 1)
    if found < 0:
        raise XLError("#VALUE!")
    return float(found + 1)


_DIGITS = re.compile(r"[0-9]+")


def _value(args: tuple[Node, ...]) -> Value:
    """VALUE of a run of digits: the only texts kemixl's formulas convert (any other form
    depends on the spreadsheet's locale, which is why the live checks parse texts themselves)."""
    text = _text_arg(args, 0)
    if not _DIGITS.fullmatch(text):
        raise XLError("#VALUE!")
    return float(text)


def _trim(args: tuple[Node, ...]) -> Value:
    """TRIM: no spaces (U+0020 only) at either end, one between words."""
    return " ".join(word for word in _text_arg(args, 0).split(" ") if word)


MAX_TEXT = 32767  # characters a cell, and so a text function's result, may hold


def _rept(args: tuple[Node, ...]) -> Value:
    text, n = _text_arg(args, 0), _int_arg(args, 1, 0)
    if n < 0 or len(text) * n > MAX_TEXT:
        raise XLError("#VALUE!")
    return text * n


def _char(args: tuple[Node, ...]) -> Value:
    """CHAR of an ASCII code (above 127 it depends on the system's code page)."""
    code = _int_arg(args, 0, 0)
    if not 1 <= code <= 127:
        raise XLError("#VALUE!")
    return chr(code)


def _area_values(args: tuple[Node, ...]) -> tuple[Value | XLError, ...]:
    if not isinstance(args[0], Area):
        raise ValueError("the first argument must be an area")
    return args[0].values


def _count(args: tuple[Node, ...]) -> Value:
    """COUNT(area): the cells holding numbers."""
    return float(sum(1 for v in _area_values(args) if not isinstance(v, XLError) and _is_number(v)))


def _countif(args: tuple[Node, ...]) -> Value:
    """COUNTIF(area, text): cells equal to a plain text (any case); no wildcards, operators."""
    criterion = _text_arg(args, 1)
    if not _plain_criterion(criterion):
        raise ValueError(f"not a plain criterion: {criterion!r}")
    return float(
        sum(
            1
            for v in _area_values(args)
            if isinstance(v, str) and v.casefold() == criterion.casefold()
        )
    )


FUNCTIONS: dict[str, Callable[[tuple[Node, ...]], Value]] = {
    "IF": _if,
    "IFERROR": _iferror,
    "ISNUMBER": _isnumber,
    "ISTEXT": _istext,
    "AND": lambda args: all([_truth(a.evaluate()) for a in args]),  # every argument evaluated
    "OR": lambda args: any([_truth(a.evaluate()) for a in args]),
    "NOT": lambda args: not _truth(args[0].evaluate()),
    "N": _n,
    "ABS": lambda args: abs(_number(args[0].evaluate())),
    "MIN": lambda args: min(_numbers(args)) if _numbers(args) else 0.0,
    "SUM": lambda args: float(sum(_numbers(args))),
    "ROUND": lambda args: excel_round(_number(args[0].evaluate()), _int_arg(args, 1, 0)),
    "MEDIAN": _median,
    "LEN": lambda args: float(len(_text_arg(args, 0))),
    "LEFT": _left,
    "RIGHT": _right,
    "MID": _mid,
    "FIND": _find,
    "SUBSTITUTE": _substitute,
    "TRIM": _trim,
    "REPT": _rept,
    "VALUE": _value,
    "CHAR": _char,
    "COUNT": _count,
    "COUNTIF": _countif,
    "COUNTBLANK": lambda args: float(sum(1 for v in _area_values(args) if v is None or v == "")),
}
