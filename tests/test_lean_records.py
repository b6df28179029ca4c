"""A submission's records as lean as they can be and still the same records.

Readers build a plain number's Cell with its fields set at once (records.read_cell), a
plain-number Cell crosses from a worker process as its value and origin only, and the value
grids hold formula texts as Formula strings, which never reach a record.
"""

from __future__ import annotations

import copy
import dataclasses
import pickle
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from kemixl.model import Origin
from kemixl.submissions.reader import read_submission
from kemixl.submissions.records import Cell, read_cell
from kemixl.xlsx.cells import Formula

from .conftest import INPUTS

_FIELDS = st.tuples(
    st.one_of(st.none(), st.floats(allow_nan=False)),
    st.builds(Origin, st.text(max_size=3), st.text(max_size=3), st.text(max_size=3)),
    st.booleans(),
    st.integers(0, 4),
    st.booleans(),
    st.text(max_size=4),
)


def _fields(cell: Cell) -> tuple[Any, ...]:
    return tuple(getattr(cell, f.name) for f in dataclasses.fields(Cell))


@given(_FIELDS)
def test_a_cell_built_at_once_is_the_cell_its_constructor_builds(fields: tuple[Any, ...]) -> None:
    made, built = read_cell(*fields), Cell(*fields)
    assert made == built and hash(made) == hash(built)
    assert _fields(made) == _fields(built) == fields


@given(_FIELDS)
def test_a_cell_survives_pickling_again_and_copying(fields: tuple[Any, ...]) -> None:
    cell = read_cell(*fields)
    once = pickle.loads(pickle.dumps(cell))
    twice = pickle.loads(pickle.dumps(once))  # an unpickled cell holds only what it needs
    for other in (once, twice, copy.deepcopy(once), copy.copy(twice)):
        assert other == cell and _fields(other) == fields


def test_a_plain_number_crosses_as_its_value_and_origin() -> None:
    origin = Origin("a.xlsx", "Talous", "C7")
    plain = pickle.dumps(Cell(1234.5, origin))
    assert len(plain) < len(pickle.dumps(Cell(1234.5, origin, raw="1 234,5")))
    assert b"decimals" not in plain and b"invalid" not in plain


def _values(record: object) -> list[object]:
    """Every value a record holds, its nested records' included."""
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return [record] + [
            v for f in dataclasses.fields(record) for v in _values(getattr(record, f.name))
        ]
    if isinstance(record, dict):
        return [v for k, item in record.items() for v in (*_values(k), *_values(item))]
    if isinstance(record, list | tuple):
        return [v for item in record for v in _values(item)]
    return [record]


def test_no_formula_text_reaches_a_record_and_no_layout_is_carried() -> None:
    paths = sorted(INPUTS.glob("*.xlsx"))
    assert paths
    for path in paths:
        sub = read_submission(path)
        values = _values(sub)
        assert not [v for v in values if isinstance(v, Formula)], path.name
        # the template's formula cells were read: their texts are plain strings
        assert any(isinstance(v, Cell) and v.formula and type(v.raw) is str for v in values)
        assert sub.stamp is not None
        assert not hasattr(sub.stamp, "layout")
