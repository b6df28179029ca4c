from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kemixl.numbers import (
    _PLAIN,
    MAX_AMOUNT,
    AmbiguousNumber,
    BeyondLimit,
    NotANumber,
    RefusedAmount,
    _parse_text,
    euros,
    is_percent_text,
    parse_amount,
    parse_amounts,
    parse_kpi_value,
    parse_number,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (1234, 1234.0),
        (-5.5, -5.5),
        ("1 234 567", 1234567.0),
        ("1\u00a0234", 1234.0),
        ("1\u202f234", 1234.0),
        ("\u22125 966 525", -5966525.0),
        ("27,5", 27.5),
        ("1.234,50", 1234.5),
        ("1,234.50", 1234.5),
        ("1,234,567", 1234567.0),  # several groups of three: thousands, whichever separator
        ("1.234.567", 1234567.0),
        ("1 234,567", 1234.567),  # spaces group the thousands: the comma is the decimal mark
        ("1234,567", 1234.567),  # four digits before it: not a thousands group
        ("0,571", 0.571),
        ("106,5710", 106.571),
        ("  ", None),
        (None, None),
        ("(1 000)", -1000.0),
        ("119 284 €", 119284.0),
    ],
)
def test_numbers_as_departments_type_them(raw: object, expected: float | None) -> None:
    assert parse_number(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "n. 200 000",
        "abc",
        "1,2,3",
        "1.2.3",
        "1.23,4",
        "12,34.5",
        "--5",
        "7 kpl",
        "\uff11\uff12",  # fullwidth digits: text to a spreadsheet, and to kemixl
        "1,\u00b2\u00b3\u2074",  # superscripts are no digits (nor a crash)
        "(5\n)",  # a newline inside the brackets
        "(106\n,571)",
        True,
        float("nan"),
    ],
)
def test_text_is_not_a_number(raw: object) -> None:
    with pytest.raises(NotANumber):
        parse_number(raw)


def test_percent_and_kpi_values() -> None:
    assert is_percent_text("60 %") and is_percent_text("108\u00a0%") and not is_percent_text("60")
    assert parse_kpi_value("1 665 558") == 1665558
    assert parse_kpi_value("7 kpl") == "7 kpl"
    assert parse_kpi_value("-") == "-"


@pytest.mark.parametrize(
    ("raw", "thousands", "decimals"),
    [
        ("106,571", 106571.0, 106.571),
        ("106.571", 106571.0, 106.571),
        ("\u22121,000", -1000.0, -1.0),
        ("(5.250)", -5250.0, -5.25),
    ],
)
def test_one_separator_before_three_digits_is_ambiguous(
    raw: str, thousands: float, decimals: float
) -> None:
    with pytest.raises(AmbiguousNumber) as info:
        parse_number(raw)
    assert (info.value.thousands, info.value.decimals) == (thousands, decimals)
    assert parse_kpi_value(raw) == raw  # a KPI keeps it as typed text


def test_euros_as_messages_write_them() -> None:
    assert [euros(-1333278), euros(1234.5), euros(106.571, 3), euros(0.0)] == [
        "-1 333 278",
        "1 234,50",
        "106,571",
        "0",
    ]


# --- amounts: the limits every reader applies, and the short way for plain texts --------


@pytest.mark.parametrize(
    "raw", [5e12, "5000000000000", "5 000 000 000 000", 1e300, -1e300, math.inf, "1" * 400]
)
def test_amounts_beyond_the_limit_are_refused(raw: object) -> None:
    with pytest.raises(BeyondLimit):
        parse_amount(raw)
    assert parse_amount(MAX_AMOUNT) == MAX_AMOUNT and parse_amount(-MAX_AMOUNT) == -MAX_AMOUNT


# Texts of the characters plain amounts are made of, and a few that make them not plain.
_AMOUNT_TEXTS = st.text(alphabet="0123456789+-.,  e", max_size=16) | st.from_regex(
    _PLAIN, fullmatch=True
)


@given(_AMOUNT_TEXTS)
def test_the_short_way_for_plain_texts_is_the_long_way(text: str) -> None:
    """parse_number takes plain texts in one step; the long way reads them alike."""
    if not _PLAIN.fullmatch(text):
        return
    try:
        expected: float | type[NotANumber] | None = _parse_text(text)
    except NotANumber as exc:
        expected = type(exc)
    assert parse_number(text) == expected


@given(
    st.lists(
        _AMOUNT_TEXTS | st.floats(allow_nan=True) | st.none() | st.booleans() | st.integers(),
        max_size=8,
    )
)
def test_parse_amounts_is_parse_amount_of_each(values: list[object]) -> None:
    expected: list[float] = []
    refused: tuple[int, type[NotANumber]] | None = None
    for i, value in enumerate(values):
        try:
            number = parse_amount(value)
        except NotANumber as exc:
            refused = (i, type(exc))
            break
        expected.append(math.nan if number is None else number)
    if refused is None:
        got = list(parse_amounts(values))
        assert len(got) == len(expected)
        pairs = zip(got, expected, strict=True)
        assert all(a == b or (math.isnan(a) and math.isnan(b)) for a, b in pairs)
    else:
        with pytest.raises(RefusedAmount) as info:
            list(parse_amounts(values))
        assert (info.value.position, type(info.value.error)) == refused
        assert info.value.value is values[refused[0]]
