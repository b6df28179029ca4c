"""A number typed as text, read in the template exactly as kemixl reads it (numbers.parse_number).

A department may paste "1 234 567,50", "−5 966 525", "(1 234)", "1.234.567" or "1,234.50" into
an input cell. The live checks read such a text with classic functions only (no VALUE on
anything but digits: VALUE depends on the spreadsheet's locale, and NUMBERVALUE is not
Gnumeric's), so margins and totals add it and the Tarkistus column flags exactly the texts
kemixl flags: one that is no number, or an ambiguous "106,571".

The reading is written once, as defined names (formulas/names.py) that every input row uses:

- `kemixl_typed_spaces`, `kemixl_typed`: the row's inputs as texts, the actual's, "|" and the
  forecast's (a number counts as ""), every group space made a space, every other whitespace
  the ideographic space and every dash a minus: as long as typed. One hidden cell per row holds
  it (column K), so the long substitutions run once per row.
- per input, `kemixl_actual_…` and `kemixl_forecast_…`: its part of that text (`typed`);
  stripped, without € and group spaces (`text`); without brackets and signs (`body`); its
  separators (`separators`) and digits (`digits`); whether the last separator is the decimal
  mark (`mark`); whether a sign or brackets stand only around it (`signs`) and its separators
  group thousands in the right places (`grouping`, `lead`, `pattern`); whether it is a number
  (`valid`) or an ambiguous one (`ambiguous`); its value (`value`); and the reading
  (`kemixl_actual`): a number, "" for a blank, INVALID otherwise.

Each name is a chain of substitutions over the one before it or uses it a few times only:
LibreOffice writes a name out wherever it is used, so names that use names many times over
would multiply (tests/test_template_checks.py keeps the readings well under what it accepts).
The hidden cell of each input (columns I and J) then reads
``=IF(ISNUMBER(E7),IF(ABS(E7)>1000000000000,"#",E7),kemixl_actual)``; the tests compare the
reading with parse_number on any text (hypothesis), and LibreOffice and Gnumeric recalculate it.
"""

from __future__ import annotations

from collections.abc import Callable

from ..formulas import Call, Const, Literal, Node, Op, as_node, call, substituted
from ..formulas.functions import MAX_TEXT
from ..formulas.names import Named
from ..numbers import GROUP_SPACES, MAX_AMOUNT, MINUSES

INVALID = "#"  # a parsed input that is no number (no number text starts with it)
MARK = "\u3000"  # every whitespace that groups no digits is marked as this one (itself such)
# Whitespace that parse_number strips from either end of a text (str.strip) but that groups no
# digits: inside a number it makes the text no number.
OTHER_SPACES = (
    "\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2008\u2028\u2029\u205f\u3000"
)


def _char(ch: str) -> Node | str:
    """A character in a formula: CHAR(code) for a control character (ASCII: no code page)."""
    return call("CHAR", ord(ch)) if ord(ch) < 32 else ch


def _substituted(text: Node, pairs: list[tuple[Node | str, Node | str]]) -> Node:
    return substituted(text, pairs)


def _eq(a: Node, b: Node | str | float) -> Op:
    return Op(a, "=", as_node(b))


def _text(x: Node) -> Node:
    """An input as text: "" for a number (it is read as it is), else as joined to text."""
    return call("IF", call("ISNUMBER", x), "", Op(x, "&", Literal("")))


def typed(actual: Node, forecast: Node) -> Named:
    """The row's inputs as marked texts, the actual's, "|" and the forecast's (a number counts
    as ""): never empty, which marks a result area's input row (finance.LeafTotal)."""
    both = Op(Op(_text(actual), "&", Literal("|")), "&", _text(forecast))
    spaces = Named("kemixl_typed_spaces", lambda: _substituted(both, PLAIN))
    return Named("kemixl_typed", lambda: _substituted(spaces, MARKS))


PLAIN: list[tuple[Node | str, Node | str]] = [
    *((_char(ch), " ") for ch in GROUP_SPACES if ch != " "),
    *((ch, "-") for ch in MINUSES),
]  # every group space a space, every dash a minus
MARKS: list[tuple[Node | str, Node | str]] = [
    (_char(ch), MARK) for ch in OTHER_SPACES if ch != MARK
]  # every other whitespace the mark


def number(x: Node, row_typed: Node, before: Node | None, name: str) -> Node:
    """The input x read: itself if a number (INVALID beyond any municipality's amount), else its
    text read by the names `kemixl_<name>…` from the row's typed text, in which it follows the
    text of the input `before` (None: it comes first)."""
    return call(
        "IF",
        call("ISNUMBER", x),
        call("IF", Op(call("ABS", x), ">", Const(MAX_AMOUNT)), INVALID, x),
        text_number(x, row_typed, before, name),
    )


def text_number(x: Node, row_typed: Node, before: Node | None, name: str) -> Named:
    """A text input read as parse_number reads it: a number, "" for a blank, or INVALID.

    Every name below is a chain of substitutions over the one before it (each used once), and
    the reading uses each only a few times: LibreOffice works a name out wherever it is used
    (and refuses a formula that grows too large that way), so a name used in many places by a
    name used in many places would multiply."""

    def named(part: str, build: Callable[[], Node]) -> Named:
        return Named(f"kemixl_{name}_{part}", build)  # built when needed

    marked = named(
        "typed",
        lambda: (
            call("LEFT", row_typed, call("LEN", _text(x)))
            if before is None
            else call("MID", row_typed, Op(call("LEN", _text(before)), "+", Const(2)), MAX_TEXT)
        ),
    )
    # stripped (TRIM, once every mark is a space), without € and group spaces; a mark left
    # inside (whitespace between digits that groups nothing) stays a space: no number
    text = named(
        "text",
        lambda: call("TRIM", _substituted(marked, [("€", ""), (" ", ""), (MARK, " ")])),
    )
    # without brackets and signs: digits and separators, if it is a number
    body = named("body", lambda: _substituted(text, [(ch, "") for ch in "()+-"]))
    separators = named("separators", lambda: _substituted(body, [(d, "") for d in "0123456789"]))
    digits = named("digits", lambda: _substituted(body, [(".", ""), (",", "")]))
    # the last separator is the decimal mark if it is the only one or unlike the others
    mark = named(
        "mark",
        lambda: call(
            "OR",
            _eq(call("LEN", separators), 1),
            Op(call("RIGHT", separators), "<>", call("LEFT", separators)),
        ),
    )
    value = named("value", lambda: _value(text, body, separators, digits, mark))
    valid = named(
        "valid",
        lambda: call(
            "AND",
            named("signs", lambda: _signs(text, body)),
            _eq(_substituted(separators, [(".", ""), (",", "")]), ""),
            Op(call("LEN", digits), ">", Const(0)),
            named("grouping", lambda: _grouping(body, separators, mark, named)),
        ),
    )
    ambiguous = named("ambiguous", lambda: _ambiguous(body, separators, marked))

    def reading() -> Node:
        blank = _eq(call("TRIM", call("SUBSTITUTE", marked, MARK, " ")), "")
        bounded = call("IF", Op(call("ABS", value), ">", Const(MAX_AMOUNT)), INVALID, value)
        valued = call("IF", valid, call("IF", ambiguous, INVALID, bounded), INVALID)
        return call("IF", blank, "", valued)

    return Named(f"kemixl_{name}", reading)


def _signs(text: Node, body: Node) -> Call:
    """A sign or brackets only around the digits and separators (body): '-5', '+5', '(5)'."""
    return call(
        "OR",
        _eq(text, body),
        _eq(text, Op(Literal("-"), "&", body)),
        _eq(text, Op(Literal("+"), "&", body)),
        _eq(text, Op(Op(Literal("("), "&", body), "&", Literal(")"))),
    )


def _grouping(
    body: Node, separators: Node, mark: Node, named: Callable[[str, Callable[[], Node]], Named]
) -> Call:
    """Two or more separators: all but the last alike, grouping thousands ('1.234.567',
    '1.234,50'), in the places the pattern REPT("?",a)&REPT(".???",k)[&",??"] says: a = one
    to three digits, k groups of a separator and three digits, then the decimal mark (the last
    separator, if unlike the others) and its digits. A "|" after the pattern and the text
    (no number holds one) makes it match the whole text or not at all."""
    n = call("LEN", separators)
    group = call("LEFT", separators)
    lead = named("lead", lambda: Op(call("FIND", group, body), "-", Const(1)))
    k = Op(n, "-", mark)  # TRUE counts 1
    fraction = Op(Op(Op(call("LEN", body), "-", lead), "-", Op(Const(4), "*", k)), "-", Const(1))
    tail = call("IF", mark, Op(call("RIGHT", separators), "&", call("REPT", "?", fraction)), "")
    pattern = named(
        "pattern",
        lambda: Op(
            Op(call("REPT", "?", lead), "&", call("REPT", Op(group, "&", Literal("???")), k)),
            "&",
            tail,
        ),
    )
    found = call("SEARCH", Op(pattern, "&", Literal("|")), Op(body, "&", Literal("|")))
    return call(
        "IF",
        Op(n, "<=", Const(1)),
        True,
        call(
            "AND",
            _eq(call("SUBSTITUTE", call("LEFT", separators, Op(n, "-", Const(1))), group, ""), ""),
            Op(call("ABS", Op(lead, "-", Const(2))), "<=", Const(1)),
            _eq(call("IFERROR", found, 0), 1),
        ),
    )


def _value(text: Node, body: Node, separators: Node, digits: Node, mark: Node) -> Op:
    """The digits as a whole number (VALUE of digits only: no locale involved) over ten to the
    power of those after the decimal mark, negative after a minus or in brackets: exactly as a
    decimal text is read."""
    decimals = call(
        "IF", mark, Op(call("LEN", body), "-", call("FIND", call("RIGHT", separators), body)), 0
    )
    negative = call("OR", _eq(call("LEFT", text), "-"), _eq(call("LEFT", text), "("))
    power = Op(Const(10), "^", decimals)
    return Op(call("IF", negative, -1, 1), "*", Op(call("VALUE", digits), "/", power))


def _ambiguous(body: Node, separators: Node, marked: Node) -> Call:
    """One separator before three digits after one to three digits not starting with 0
    ('106,571': thousands or decimals?), unless group spaces stand between digits
    ('1 234,567': then it is the decimal mark). Spaces between digits are what remains of the
    text without signs, brackets, € and marks, once TRIM has taken those at either end and
    those beside the separator are gone."""
    bare = _substituted(marked, [("€", ""), (MARK, ""), ("(", ""), (")", ""), ("+", ""), ("-", "")])
    inner = _substituted(call("TRIM", bare), [(" ,", ","), (", ", ","), (" .", "."), (". ", ".")])
    at = call("FIND", separators, body)
    return call(
        "IF",
        _eq(call("LEN", separators), 1),
        call(
            "AND",
            _eq(Op(call("LEN", body), "-", at), 3),
            Op(call("ABS", Op(at, "-", Const(3))), "<=", Const(1)),
            Op(call("LEFT", body), "<>", Literal("0")),
            call("NOT", call("ISNUMBER", call("FIND", " ", inner))),
        ),
        False,
    )
