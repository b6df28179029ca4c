"""The functions the live checks use (classic ones, as old as Excel 2007), each evaluated as
Excel, LibreOffice and Gnumeric do for the values kemixl meets."""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import ClassVar

from .base import Node, Value, XLError
from .counting import plain_criterion
from .expressions import excel_round
from .values import Area, Cell, as_node, as_number, as_text, as_truth, is_number, n_of


@dataclass(frozen=True)
class Call(Node):
    """NAME(arguments) of one of the functions below (classic ones, as old as Excel 2007)."""

    atomic: ClassVar[bool] = True
    name: str
    args: tuple[Node, ...]

    def __post_init__(self) -> None:
        if self.name not in FUNCTIONS:
            raise ValueError(f"no evaluation for the function {self.name}")

    def render(self, sheet: str, pinned: bool = False) -> str:
        return f"{self.name}({','.join(a.render(sheet, pinned) for a in self.args)})"

    def evaluate(self) -> Value:
        return FUNCTIONS[self.name](self.args)


def call(name: str, *args: Node | str | float) -> Call:
    """Call(name, args), with plain strings and numbers as literals."""
    return Call(name, tuple(as_node(a) for a in args))


def _if(args: tuple[Node, ...]) -> Value:
    if as_truth(args[0].evaluate()):
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
        return is_number(args[0].evaluate())
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
                if is_number(v):
                    out.append(float(v))  # type: ignore[arg-type]
        elif isinstance(a, Cell):
            v = a.evaluate()
            if is_number(v):
                out.append(float(v))  # type: ignore[arg-type]
        else:
            out.append(as_number(a.evaluate()))
    return out


def _median(args: tuple[Node, ...]) -> Value:
    numbers = _numbers(args)
    if not numbers:
        raise XLError("#NUM!")
    return float(statistics.median(numbers))


def _text_arg(args: tuple[Node, ...], i: int, default: str = "") -> str:
    return as_text(args[i].evaluate()) if i < len(args) else default


def _int_arg(args: tuple[Node, ...], i: int, default: int) -> int:
    return int(as_number(args[i].evaluate())) if i < len(args) else default


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


def _search(args: tuple[Node, ...]) -> Value:
    """SEARCH(pattern, text): where the pattern first matches, in any case; "?" is any one
    character, "*" any run of them, "~" takes the next character as itself."""
    pattern, text, start = _text_arg(args, 0), _text_arg(args, 1), _int_arg(args, 2, 1)
    if start < 1 or start > len(text) + 1:
        raise XLError("#VALUE!")
    wild = {"?": ".", "*": ".*"}
    parts, escaped = [], False
    for ch in pattern:
        if not escaped and ch == "~":
            escaped = True
            continue
        parts.append(re.escape(ch) if escaped or ch not in wild else wild[ch])
        escaped = False
    found = re.compile("".join(parts), re.IGNORECASE | re.DOTALL).search(text, start - 1)
    if found is None:
        raise XLError("#VALUE!")
    return float(found.start() + 1)


def _t(args: tuple[Node, ...]) -> Value:
    """T(value): a text as it is, anything else (a number, an empty cell) as ""."""
    v = args[0].evaluate()
    return v if isinstance(v, str) else ""


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
    return float(sum(1 for v in _area_values(args) if not isinstance(v, XLError) and is_number(v)))


def _countif(args: tuple[Node, ...]) -> Value:
    """COUNTIF(area, text): cells equal to a plain text (any case); no wildcards, operators."""
    criterion = _text_arg(args, 1)
    if not plain_criterion(criterion):
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
    "AND": lambda args: all([as_truth(a.evaluate()) for a in args]),  # every argument evaluated
    "OR": lambda args: any([as_truth(a.evaluate()) for a in args]),
    "NOT": lambda args: not as_truth(args[0].evaluate()),
    "N": n_of,
    "ABS": lambda args: abs(as_number(args[0].evaluate())),
    "MIN": lambda args: min(_numbers(args)) if _numbers(args) else 0.0,
    "SUM": lambda args: float(sum(_numbers(args))),
    "ROUND": lambda args: excel_round(as_number(args[0].evaluate()), _int_arg(args, 1, 0)),
    "MEDIAN": _median,
    "LEN": lambda args: float(len(_text_arg(args, 0))),
    "LEFT": _left,
    "RIGHT": _right,
    "MID": _mid,
    "FIND": _find,
    "SEARCH": _search,
    "T": _t,
    "SUBSTITUTE": _substitute,
    "TRIM": _trim,
    "REPT": _rept,
    "VALUE": _value,
    "CHAR": _char,
    "COUNT": _count,
    "COUNTIF": _countif,
    "COUNTBLANK": lambda args: float(sum(1 for v in _area_values(args) if v is None or v == "")),
}


@dataclass(frozen=True)
class Substitutions(Node):
    """SUBSTITUTE(SUBSTITUTE(text,old1,new1),old2,new2)...: each pair replaced in turn, every
    occurrence. Written as the nested calls; worked out as one loop (a chain of thirty makes
    a template's every row)."""

    atomic: ClassVar[bool] = True
    text: Node
    pairs: tuple[tuple[Node, Node], ...]

    def render(self, sheet: str, pinned: bool = False) -> str:
        out = self.text.render(sheet, pinned)
        for old, new in self.pairs:
            out = f"SUBSTITUTE({out},{old.render(sheet, pinned)},{new.render(sheet, pinned)})"
        return out

    def evaluate(self) -> Value:
        text = as_text(self.text.evaluate())
        for old, new in self.pairs:
            before = as_text(old.evaluate())
            if before:
                text = text.replace(before, as_text(new.evaluate()))
        return text


def substituted(text: Node, pairs: Iterable[tuple[Node | str, Node | str]]) -> Node:
    """text with each (old, new) substituted in turn: nested SUBSTITUTE calls."""
    nodes = tuple((as_node(old), as_node(new)) for old, new in pairs)
    return Substitutions(text, nodes) if nodes else text
