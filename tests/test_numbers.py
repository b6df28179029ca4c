from __future__ import annotations

import pytest

from kemixl.numbers import NotANumber, is_percent_text, parse_kpi_value, parse_number


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
        ("  ", None),
        (None, None),
        ("(1 000)", -1000.0),
        ("119 284 €", 119284.0),
    ],
)
def test_numbers_as_departments_type_them(raw: object, expected: float | None) -> None:
    assert parse_number(raw) == expected


@pytest.mark.parametrize("raw", ["n. 200 000", "abc", "1,2,3", "7 kpl", True, float("nan")])
def test_text_is_not_a_number(raw: object) -> None:
    with pytest.raises(NotANumber):
        parse_number(raw)


def test_percent_and_kpi_values() -> None:
    assert is_percent_text("60 %") and is_percent_text("108\u00a0%") and not is_percent_text("60")
    assert parse_kpi_value("1 665 558") == 1665558
    assert parse_kpi_value("7 kpl") == "7 kpl"
    assert parse_kpi_value("-") == "-"
