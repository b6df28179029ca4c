"""Content fingerprints: what templates carry to be recognised as current on return."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from kemixl.master.fingerprint import content_hash, figures_hash
from kemixl.model import Column, Line, Master


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


# --- the fingerprint never changes with how it is computed --------------------------------
# Templates already sent carry fingerprints; a faster computation must give the very same
# hashes, so the straightforward one it replaced stands here as the reference.


def _reference_plain(value: object) -> object:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _reference_plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.default is dataclasses.MISSING or getattr(value, f.name) != f.default
        }
    if isinstance(value, Enum):
        return _reference_plain(value.value)
    if isinstance(value, Mapping):
        pairs = [[_reference_plain(k), _reference_plain(v)] for k, v in value.items()]
        return sorted(pairs, key=lambda kv: json.dumps(kv[0], sort_keys=True, default=str))
    if isinstance(value, list | tuple):
        return [_reference_plain(v) for v in value]
    if isinstance(value, float):
        return int(value) if value.is_integer() and abs(value) < 2**53 else value + 0.0
    return value


def reference_hash(content: object) -> str:
    text = json.dumps(
        _reference_plain(content),
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def test_the_masters_hashes_are_the_reference_ones(master: Master) -> None:
    for name, content in (
        ("figures", master.figures),
        ("centres", master.centres),
        ("central", master.central),
        ("kpis", master.kpis),
        ("objectives", master.objectives),
        ("sdgs", master.sdgs),
        ("accounts", master.accounts),
    ):
        assert content_hash(content) == reference_hash(content), name


class Kind(Enum):
    A = "ä"
    B = 'b"'
    C = "c"


TEXTS = st.text(st.sampled_from(["a", "ä", '"', "\\", "\n", "\x7f", " ", "1", "€", "é"]))
LEAVES = st.one_of(
    TEXTS,
    st.integers(-(2**60), 2**60),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
    st.sampled_from(list(Kind)),
)
KEYS = st.one_of(TEXTS, st.sampled_from(list(Kind)), st.tuples(TEXTS, st.sampled_from(list(Kind))))
VALUES = st.recursive(
    LEAVES,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.tuples(inner, inner),
        st.dictionaries(KEYS, inner, max_size=4),
        st.builds(Before, TEXTS, TEXTS),
        st.builds(After, TEXTS, TEXTS, TEXTS),
    ),
    max_leaves=12,
)


@settings(max_examples=500, deadline=None)
@given(VALUES)
def test_any_content_hashes_as_the_reference_does(content: object) -> None:
    assert content_hash(content) == reference_hash(content)


# Amounts as a master holds them (whole euros, most of them: figures_hash writes a row of those
# at once) and as it never should (beyond 2**53, not finite, no float at all): the same hash.
AMOUNTS = st.one_of(
    st.integers(-(10**12), 10**12).map(float),
    st.floats(),
    st.just(-0.0),
    st.sampled_from([2.0**53, -(2.0**53), 2.0**53 - 1, 1e16, 0.5]),
    st.integers(-(2**60), 2**60),
    st.integers(-(10**6), 10**6).map(np.float64),
)
FIGURES = st.dictionaries(
    st.tuples(TEXTS | st.from_regex(r"\d{3,12}", fullmatch=True), st.sampled_from(list(Line))),
    st.dictionaries(st.sampled_from([Column.TP_PREV, Column.TA, Column.TA_AMENDED]), AMOUNTS),
    max_size=6,
)


def test_the_masters_figures_hash_as_any_content(master: Master) -> None:
    assert figures_hash(master.figures) == content_hash(master.figures)
    assert figures_hash(master.figures) == reference_hash(master.figures)


WHOLE = st.integers(-(10**12), 10**12).map(float)
# As a master's are: every row with every column, whole euros (now and then something else).
MASTER_FIGURES = st.dictionaries(
    st.tuples(
        st.from_regex(r"[0-9]{1,4}", fullmatch=True) | TEXTS,
        st.sampled_from([Line.INCOME, Line.COSTS]),
    ),
    st.fixed_dictionaries(
        {
            Column.TP_PREV: WHOLE,
            Column.TA: WHOLE | AMOUNTS,
            Column.TA_AMENDED: WHOLE,
        }
    ),
    max_size=8,
)


@settings(max_examples=600, deadline=None)
@given(FIGURES | MASTER_FIGURES)
def test_any_figures_hash_as_the_reference_does(
    figures: dict[tuple[str, Line], dict[Column, float]],
) -> None:
    assert figures_hash(figures) == reference_hash(figures)
