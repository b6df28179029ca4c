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
from operator import itemgetter
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
    items = []
    for (code, line), amounts in figures.items():
        key = line._value_
        if type(code) is not str or type(key) is not str:
            return content_hash(figures)  # not a master's figures: the general way
        items.append((code, key, amounts))
    # content_hash sorts a mapping by its keys' JSON; codes and lines of ASCII letters and
    # digits (a master's: the JSON only quotes them) sort so as they are, and are written so
    everything = "".join([code + key for code, key, _ in items])
    bare = everything.isalnum() and everything.isascii()
    items.sort(key=_code_line if bare else _key_text)
    text, whole = _JSON_TEXT, float.is_integer
    quoted = (lambda t: '"' + t + '"') if bare else text
    head = '[["%s","%s"],[' if bare else "[[%s,%s],["
    columns: tuple[Column, ...] | None = None
    parts = []
    for code, key, amounts in items:
        if tuple(amounts) != columns:  # every row of a master has the same columns: told once
            columns = tuple(amounts)
            order = sorted(range(len(columns)), key=lambda i: _TEXT(columns[i]._value_))
            labels = [f"[{text(columns[i]._value_)}," for i in order]
            row = head + ",".join(c.replace("%", "%%") + "%d]" for c in labels) + "]]"
            ordered = itemgetter(*order) if len(order) > 1 else None
        values = ordered(tuple(amounts.values())) if ordered else None
        try:  # whole euros, as nearly all are: one format for the row
            if values and all(map(whole, values)) and max(map(abs, values)) < _LIMIT:
                parts.append(
                    row % ((code, key, *values) if bare else (text(code), text(key), *values))
                )
                continue
        except TypeError:  # a value that is no float
            pass
        pairs = ",".join(
            [
                label + _number_json(amounts[columns[i]]) + "]"
                for i, label in zip(order, labels, strict=True)
            ]
        )
        parts.append(f"[[{quoted(code)},{quoted(key)}],[{pairs}]]")
    return _digest("[" + ",".join(parts) + "]")


_code_line = itemgetter(0, 1)


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
