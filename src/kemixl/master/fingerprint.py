"""Fingerprints of the master's content, which templates carry to be recognised on return.

A file's hash is taken over what was parsed from it (the validated records, or the TOML
data), never over its bytes: the same data saved again with a byte-order mark, CRLF line
endings, no final newline, semicolons or decimal commas has the same fingerprint, and a
stale-template warning means the content really changed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Mapping
from enum import Enum
from itertools import chain
from operator import add, itemgetter, methodcaller
from typing import cast

from ..model import Column, Line

# json.dumps(key, sort_keys=True, default=str), made once: mappings are sorted by it.
_ENCODE = json.JSONEncoder(sort_keys=True, default=str).encode
_TEXT = json.encoder.encode_basestring_ascii  # what that encoder makes of a text
_JSON_TEXT = json.encoder.encode_basestring  # what _hash's (ensure_ascii=False) makes of one


def _key_json(key: object) -> str:
    """_ENCODE(key), a text and a list of texts (a master's keys) written the way it writes
    them without its machinery."""
    if type(key) is str:
        return _TEXT(key)
    if type(key) is list:
        try:  # a list of texts (a master's keys); anything else in it makes _TEXT refuse
            return "[" + ", ".join(map(_TEXT, key)) + "]"
        except TypeError:
            pass
    return _ENCODE(key)


AS_IS, RECORD, ENUM, MAPPING, SEQUENCE, FLOAT = range(6)
# How _plain treats each type, and a dataclass's (field, default) pairs: told once per type,
# for a master has hundreds of thousands of values.
_KINDS: dict[type, int] = {}
_MISSING = dataclasses.MISSING
_FIELDS: dict[type, tuple[tuple[str, object], ...]] = {}


def _kind(cls: type) -> int:
    if dataclasses.is_dataclass(cls):
        _FIELDS[cls] = tuple((f.name, f.default) for f in dataclasses.fields(cls))
        return RECORD
    if issubclass(cls, Enum):
        return ENUM
    if issubclass(cls, Mapping):
        return MAPPING
    if issubclass(cls, list | tuple):
        return SEQUENCE
    return FLOAT if issubclass(cls, float) else AS_IS


def _plain(value: object) -> object:
    """A JSON-ready form of records: dataclasses, enums, tuples, mappings, numbers."""
    cls = type(value)
    if cls is str or cls is int or value is None:  # the commonest leaves, at once
        return value
    kind = _KINDS.get(cls)
    if kind is None:
        kind = _KINDS[cls] = _kind(cls)
    if kind == AS_IS:
        return value
    if kind == FLOAT:
        number = cast(float, value)
        # -0.0 and 0.0 are the same figure, and 3.0 is 3 (a spreadsheet cell cannot tell)
        return int(number) if number.is_integer() and abs(number) < 2**53 else number + 0.0
    if kind == RECORD:
        # A field at its default is left out: a record that gains an optional field (a new
        # optional column) keeps its fingerprint, and templates already sent stay current.
        plain: dict[str, object] = {}
        for n, d in _FIELDS[cls]:
            v = getattr(value, n)
            if d is _MISSING or v != d:
                plain[n] = v if type(v) is str else _plain(v)
        return plain
    if kind == ENUM:
        inner = cast(Enum, value)._value_  # not .value: a descriptor, slow per call
        return inner if type(inner) is str else _plain(inner)
    if kind == MAPPING:
        pairs = [
            [_plain_key(k), _plain_leaf(v)] for k, v in cast(Mapping[object, object], value).items()
        ]
        if len(pairs) > 1:
            pairs.sort(key=_pair_key)
        return pairs
    return [_plain(v) for v in cast(list[object], value)]


def _plain_key(key: object) -> object:
    """_plain(key), a mapping's enum keys (a line, a column) taken at once."""
    if _KINDS.get(type(key)) == ENUM:
        inner = cast(Enum, key)._value_
        if type(inner) is str:
            return inner
    return _plain(key)


def _plain_leaf(value: object) -> object:
    """_plain(value), a figure taken at once: a master holds hundreds of thousands."""
    if type(value) is float:
        return int(value) if value.is_integer() and abs(value) < 2**53 else value + 0.0
    return _plain(value)


def _pair_key(pair: list[object]) -> str:
    return _key_json(pair[0])


def content_hash(content: object) -> str:
    """A short hash of parsed content, independent of how the file spelled it."""
    return _hash(_plain(content))


def _hash(plain: object) -> str:
    return _digest(_dumps(plain))


def _dumps(plain: object) -> str:
    return json.dumps(plain, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def figures_hash(figures: Mapping[tuple[str, Line], Mapping[Column, float]]) -> str:
    """content_hash(figures) of figures.csv's records, its JSON text written directly: they
    are most of a large master (tests hold the two equal on any figures)."""
    items = [(code, line._value_, amounts) for (code, line), amounts in figures.items()]
    keys = {key for _, key, _ in items}
    try:
        codes = "".join([code for code, _, _ in items])
        everything = "".join([codes, *keys])
    except TypeError:  # a code or line that is no text: not a master's figures
        return content_hash(figures)
    # content_hash sorts a mapping by its keys' JSON; codes and lines of ASCII letters and
    # digits (a master's: the JSON only quotes them) sort so as they are (the tuples differ
    # in code and line: the amounts are never compared), and are written so
    bare = everything.isalnum() and everything.isascii()
    if bare:
        items.sort()
    else:
        items.sort(key=_key_text)
    rows = _whole_rows(items, bare)
    return _digest("[" + ",".join(_rows(items) if rows is None else rows) + "]")


def _whole_rows(
    items: list[tuple[str, str, Mapping[Column, float]]], bare: bool
) -> list[str] | None:
    """Each row's JSON where every row has the same columns (two or more) and whole euros, as
    a master's figures have: told and written at once, each step over all rows; else None."""
    amounts = [a for _, _, a in items]
    columns = tuple(amounts[0]) if amounts else ()
    if len(columns) < 2 or not all(map(columns.__eq__, map(tuple, amounts))):
        return None
    order = sorted(range(len(columns)), key=lambda i: _TEXT(columns[i]._value_))
    try:
        values = list(map(itemgetter(*order), map(tuple, map(_values, amounts))))
        flat = list(chain.from_iterable(values))
        if not all(map(float.is_integer, flat)) or max(map(abs, flat)) >= _LIMIT:
            return None
    except TypeError:  # a value that is no float
        return None
    labels = [f"[{_JSON_TEXT(columns[i]._value_)},".replace("%", "%%") + "%d]" for i in order]
    row = ('[["%s","%s"],[' if bare else "[[%s,%s],[") + ",".join(labels) + "]]"
    codes, keys = [c for c, _, _ in items], [k for _, k, _ in items]
    heads = (
        zip(codes, keys, strict=True)
        if bare
        else zip(map(_JSON_TEXT, codes), map(_JSON_TEXT, keys), strict=True)
    )
    return list(map(row.__mod__, map(add, heads, values)))


_values = methodcaller("values")


def _rows(items: list[tuple[str, str, Mapping[Column, float]]]) -> list[str]:
    """Each row's JSON, one row at a time."""
    text = _JSON_TEXT
    parts = []
    for code, key, amounts in items:
        pairs = sorted(
            (_TEXT(c._value_), f"[{text(c._value_)},{_number_json(v)}]") for c, v in amounts.items()
        )
        parts.append(f"[[{text(code)},{text(key)}],[{','.join(p for _, p in pairs)}]]")
    return parts


def _key_text(item: tuple[str, str, object]) -> str:
    return f"[{_TEXT(item[0])}, {_TEXT(item[1])}]"


def _number_json(value: object) -> str:
    """The JSON _hash writes for _plain_leaf(value)."""
    if type(value) is float and _MIN < value < _MAX:  # finite: inf and nan are neither
        if value.is_integer() and -_LIMIT < value < _LIMIT:
            return str(int(value))
        return repr(value)
    return _dumps(_plain_leaf(value))


_MIN, _MAX, _LIMIT = -float("inf"), float("inf"), 2.0**53


def combined(hashes: Mapping[str, str]) -> str:
    """The master's fingerprint: one hash over every file's content hash."""
    return content_hash(sorted(hashes.items()))
