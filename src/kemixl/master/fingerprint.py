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


def _plain(value: object) -> object:
    """A JSON-ready form of records: dataclasses, enums, tuples, mappings, numbers."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # A field at its default is left out: a record that gains an optional field (a new
        # optional column) keeps its fingerprint, and templates already sent stay current.
        return {
            f.name: _plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.default is dataclasses.MISSING or getattr(value, f.name) != f.default
        }
    if isinstance(value, Enum):
        return _plain(value.value)
    if isinstance(value, Mapping):
        pairs = [[_plain(k), _plain(v)] for k, v in value.items()]
        return sorted(pairs, key=lambda kv: json.dumps(kv[0], sort_keys=True, default=str))
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, float):
        # -0.0 and 0.0 are the same figure, and 3.0 is 3 (a spreadsheet cell cannot tell)
        return int(value) if value.is_integer() and abs(value) < 2**53 else value + 0.0
    return value


def content_hash(content: object) -> str:
    """A short hash of parsed content, independent of how the file spelled it."""
    text = json.dumps(
        _plain(content), sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def combined(hashes: Mapping[str, str]) -> str:
    """The master's fingerprint: one hash over every file's content hash."""
    return content_hash(sorted(hashes.items()))
