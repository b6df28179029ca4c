"""A million plain amount texts at once: what numbers.parse_amounts reads a ledger with.

A ledger export holds its amounts as texts such as '-1234,56' or '1234.5': digits, at most one
separator, a sign in front, in none of the shapes that are ambiguous (numbers._PLAIN). Read one
by one, a regular expression and float() per text take most of a ledger's load. Here the texts
are joined into one buffer of bytes and read a character position at a time across all texts
(numpy over arrays of a million, about ten times): the characters say whether a text has
_PLAIN's shape, and its digits, as one integer of at most 15 digits, divided by the power of
ten its decimals stand for, give exactly the float that float() gives (both operands are exact
in a double, and one division rounds correctly). Texts of any other shape, or of more digits,
are left NaN for the long way.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

MAX_DIGITS = 15  # below 2**53: every such integer is exact in a double, and so is each step
_NEWLINE, _PLUS, _COMMA, _MINUS, _POINT, _ZERO = b"\n+,-.0"
_POWERS = 10.0 ** np.arange(MAX_DIGITS + 1)


def read_plain(values: Sequence[object]) -> np.ndarray:
    """float(text with ',' as '.') of each text in _PLAIN's shape with at most 15 digits; NaN
    for every other value (a blank, a number, any other text)."""
    n = len(values)
    numbers = np.full(n, np.nan)
    if n == 0:
        return numbers
    try:
        joined = "\n".join(values)  # type: ignore[arg-type]  # texts alone: a CSV's column
    except TypeError:  # not texts alone: a workbook's cells, a blank
        joined = "\n".join(v if type(v) is str else "" for v in values)
    if joined.count("\n") != n - 1:  # a text holding a line break (not plain) is left out
        joined = "\n".join(v if type(v) is str and "\n" not in v else "" for v in values)
    # one byte a character ('?' for any beyond ASCII, which no plain text has), and a line
    # break after each text: a position past a text's end reads its line break
    b = np.frombuffer(joined.encode("ascii", "replace") + b"\n", dtype=np.uint8)
    ends = np.flatnonzero(b == _NEWLINE)
    starts = np.concatenate(([0], ends[:-1] + 1))
    length = ends - starts
    first = b[starts]
    signed = (first == _PLUS) | (first == _MINUS)
    value = np.zeros(n)  # the digits read so far, as an integer
    digits = np.zeros(n, dtype=np.int8)
    separators = np.zeros(n, dtype=np.int8)
    at = np.zeros(n, dtype=np.int64)  # where the (last) separator is
    other = np.zeros(n, dtype=bool)  # a character that is no digit, separator or leading sign
    place = starts.copy()  # each text's k-th character, or its line break after its end
    for k in range(int(min(length.max(), MAX_DIGITS + 2))):
        c = b[place]
        d = c - _ZERO  # a digit's value; bytes below '0' wrap around above 9
        digit = d < 10
        np.multiply(value, 10, out=value, where=digit)
        np.add(value, d, out=value, where=digit)
        digits += digit
        separator = (c == _COMMA) | (c == _POINT)
        separators += separator
        at[separator] = k
        rest = ~(digit | separator | (c == _NEWLINE))
        other |= rest if k else rest & ~signed
        place += place < ends
    plain = ~other & (length <= MAX_DIGITS + 2) & (digits >= 1) & (digits <= MAX_DIGITS)
    whole = at - signed
    decimals = np.where(separators > 0, length - at - 1, 0)
    leading_zero = b[starts + signed] == _ZERO
    plain &= (separators == 0) | (
        (separators == 1)
        & (whole >= 1)
        & (decimals >= 1)
        & ((decimals != 3) | (whole >= 4) | leading_zero)
    )
    read = value[plain] / _POWERS[np.minimum(decimals[plain], MAX_DIGITS)]
    numbers[plain] = np.where(first[plain] == _MINUS, -read, read)
    return numbers
