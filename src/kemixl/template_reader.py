"""The parts of a generated template beyond the finance table: its stamp and input sheets."""

from __future__ import annotations

from typing import Any

from .findings import Finding
from .submission import TemplateStamp

STAMP_SHEET = "kemixl"


def read_template_parts(
    file: str, grids: list[tuple[str, list[list[Any]]]], findings: list[Finding]
) -> tuple[TemplateStamp | None, dict[str, Any], set[str] | None]:
    """(stamp, extra Submission fields, finance sheet names or None for 'search every sheet')."""
    sheets = dict(grids)
    if STAMP_SHEET not in sheets:
        return None, {}, None
    values = {
        str(row[0].value): str(row[1].value or "")
        for row in sheets[STAMP_SHEET]
        if len(row) >= 2 and row[0].value is not None
    }
    stamp = TemplateStamp(
        version=values.get("version", ""),
        department=values.get("department", ""),
        master_hash=values.get("master", ""),
        finance_sheet=values.get("finance_sheet", ""),
    )
    finance = {stamp.finance_sheet} if stamp.finance_sheet in sheets else None
    return stamp, {}, finance
