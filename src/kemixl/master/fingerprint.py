"""Fingerprints of the master's content, which templates carry to be recognised on return.

A file's hash is taken over what was parsed from it (the validated records, or the TOML
data), never over its bytes: the same data saved again with a byte-order mark, CRLF line
endings, no final newline, semicolons or decimal commas has the same fingerprint, and a
stale-template warning means the content really changed.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from collections.abc import Mapping
from enum import Enum


def _plain(value: object) -> object:
    """A JSON-ready form of records: dataclasses, enums, tuples, mappings, numbers."""
    if type(value) is str or type(value) is int or type(value) is bool or value is None:
        return value
    if type(value) is float:
        # -0.0 and 0.0 are the same figure, and 3.0 is 3 (a spreadsheet cell cannot tell)
        return int(value) if value.is_integer() and abs(value) < 2**53 else value + 0.0
    if isinstance(value, Enum):  # before str: some are str too (and str() is their name)
        return _enum(value)
    if isinstance(value, Mapping):
        pairs = [[_plain(k), _plain(v)] for k, v in value.items()]
        return sorted(pairs, key=lambda kv: _order(kv[0]))
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # A field at its default is left out: a record that gains an optional field (a new
        # optional column) keeps its fingerprint, and templates already sent stay current.
        return {
            name: _plain(getattr(value, name))
            for name, default in _fields(type(value))
            if default is dataclasses.MISSING or getattr(value, name) != default
        }
    if isinstance(value, str | int):  # a subclass of either
        return value
    if isinstance(value, float):
        return _plain(float(value))
    return value


@functools.cache
def _enum(member: Enum) -> object:
    return _plain(member.value)


@functools.cache
def _fields(cls: type) -> tuple[tuple[str, object], ...]:
    """A record class's fields and their defaults (looked up once per class: a master of
    20 000 cost centres has some 100 000 records)."""
    return tuple((f.name, f.default) for f in dataclasses.fields(cls))


def _order(key: object) -> str:
    """A mapping's keys in a fixed order: by their JSON text. A plain text, and a list of
    them (a code and a line), spelled here as json.dumps spells them (quoted, comma and space
    between), which is much faster for the 40 000 keys of a large master's figures."""
    if type(key) is str:
        return _text_order(key)
    if type(key) is list and all(type(k) is str for k in key):
        return "[" + ", ".join(map(_text_order, key)) + "]"
    return json.dumps(key, sort_keys=True, default=str)


@functools.lru_cache(maxsize=4096)
def _text_order(text: str) -> str:
    """A text as json.dumps writes it (between quotes where it needs no escape)."""
    if text.isascii() and text.isprintable() and '"' not in text and "\\" not in text:
        return f'"{text}"'
    return json.dumps(text)


def content_hash(content: object) -> str:
    """A short hash of parsed content, independent of how the file spelled it."""
    text = json.dumps(
        _plain(content), sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def combined(hashes: Mapping[str, str]) -> str:
    """The master's fingerprint: one hash over every file's content hash."""
    return content_hash(sorted(hashes.items()))
