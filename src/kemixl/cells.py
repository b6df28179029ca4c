"""What every workbook reader shares: raw cells, A1 references, label normalisation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from openpyxl.utils import get_column_letter

_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class RawCell:
    """A cell as stored: its value, and whether it is a formula (never trusted)."""

    value: Any
    formula: bool


Grid = list[list[RawCell]]


def norm(text: object) -> str:
    """Lower-case, single-spaced, ordinary dashes: for matching labels and titles."""
    s = str(text).replace("\u00a0", " ").replace("\u2013", "-").replace("\u2212", "-")
    return _SPACES.sub(" ", s).strip().lower()


def a1(row: int, col: int) -> str:
    """Plain A1 reference from 0-based indices."""
    return f"{get_column_letter(col + 1)}{row + 1}"
