"""How a CSV file is written: encoding, field delimiter and decimal mark.

A stand-in until the master CSV loader's own detection (issue 15) lands; the ledger uses only
`sniff(path) -> Dialect`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

SAMPLE_BYTES = 1 << 16


@dataclass(frozen=True)
class Dialect:
    encoding: str  # "utf-8-sig", "utf-8" or "cp1252"
    delimiter: str  # "," ";" or "\t"
    decimal: str  # "." or ","


_DECIMAL_COMMA = re.compile(r"(?<![\d,])-?\d+,\d{1,2}(?![\d,])")


def sniff(path: Path) -> Dialect:
    """The dialect of a CSV file, judged from its first 64 kB."""
    with path.open("rb") as f:
        head = f.read(SAMPLE_BYTES)
    if head.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    else:
        try:
            head.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError as exc:
            # a multi-byte character cut at the end of the sample is still UTF-8
            encoding = "utf-8" if exc.start >= len(head) - 3 else "cp1252"
    text = head.decode(encoding, errors="replace")
    first = text.splitlines()[0] if text else ""
    delimiter = max((";", ",", "\t"), key=first.count)
    decimal = "," if delimiter != "," and _DECIMAL_COMMA.search(text) else "."
    return Dialect(encoding, delimiter, decimal)
