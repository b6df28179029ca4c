"""Content fingerprints: what templates carry to be recognised as current on return."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from kemixl.master.fingerprint import content_hash
from kemixl.model import Column, Line


@dataclass(frozen=True)
class Before:
    code: str
    name: str


@dataclass(frozen=True)
class After:  # the same record after it gained an optional column
    code: str
    name: str
    name_sv: str = ""


def test_an_optional_field_at_its_default_keeps_the_fingerprint() -> None:
    assert content_hash([Before("1", "Keskusvirasto")]) == content_hash(
        [After("1", "Keskusvirasto")]
    )


def test_an_optional_field_that_is_filled_changes_it() -> None:
    filled = After("1", "Keskusvirasto", "Centralförvaltningen")
    assert content_hash([Before("1", "Keskusvirasto")]) != content_hash([filled])


def test_a_changed_value_changes_it() -> None:
    assert content_hash([Before("1", "a")]) != content_hash([Before("1", "b")])


def test_the_hash_of_mixed_content_stays_what_templates_already_carry() -> None:
    """Records, enums, mappings with tuple and non-ASCII keys, -0.0, 3.0, numpy and Decimal
    values: the hash the first implementation gave (a template sent before a faster one was
    written must stay current)."""
    value = {
        ("64110000", Line.INCOME): {
            Column.TA: -0.0,
            Column.TP_PREV: 3.0,
            Column.TA_AMENDED: 1234.5,
        },
        ("ä1", Line.COSTS): {Column.TA: float(2**53), Column.TP_PREV: np.float64(-7.0)},
        "records": (
            After("1", "Keskusvirasto"),
            After("2", "Tekniikka", "Teknik"),
            [True, None, 7],
        ),
        3: Decimal("1.10"),
        "~": {"ö": 1, 'a"': 2, "z": [1.0, 0.5]},
    }
    assert content_hash(value) == "0b9228a9bf845baa"
