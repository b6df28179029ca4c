"""Which line a row of an export counts on, by the words of its line column.

The lines themselves in any language (TOIMINTATUOTOT, VERKSAMHETSKOSTNADER, Operating revenue:
submissions.reader.line_of), also followed by a total's word ("Toimintatuotot yhteensä"), or
the items the income statement of a municipality breaks them into (Myyntituotot, Maksutuotot
… Henkilöstökulut, Palvelujen ostot …, as the statutory income statement names them; in Swedish
as Finnish municipalities print them, in English as Statistics Finland). An export that gives the
items sums them; a row of the line itself beside its items is their total, and is checked.
Items below these (Palkat ja palkkiot under Henkilöstökulut) are not read: a total and its
parts both counted would double the budget, so they are refused with a message instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Line
from ..submissions.reader import line_of
from ..xlsx.cells import norm

_TOTAL = re.compile(r"\b(yhteensä|yht|totalt|sammanlagt|total|totals)\b\.?")
_NUMBERING = re.compile(r"^(\d+[.)]|[a-z][.)])\s+")
ITEMS: dict[Line, tuple[str, ...]] = {
    Line.INCOME: (
        "myyntituotot",
        "maksutuotot",
        "tuet ja avustukset",
        "muut toimintatuotot",
        "valmistus omaan käyttöön",
        "sisäiset tuotot",
        "försäljningsintäkter",
        "avgiftsintäkter",
        "understöd och bidrag",
        "övriga verksamhetsintäkter",
        "tillverkning för eget bruk",
        "interna intäkter",
        "sales revenue",
        "sales income",
        "fee income",
        "grants and subsidies",
        "other operating revenue",
        "other operating income",
        "internal revenue",
    ),
    Line.COSTS: (
        "henkilöstökulut",
        "palvelujen ostot",
        "aineet, tarvikkeet ja tavarat",
        "aineet tarvikkeet ja tavarat",
        "avustukset",
        "muut toimintakulut",
        "sisäiset kulut",
        "personalkostnader",
        "köp av tjänster",
        "material, förnödenheter och varor",
        "understöd",
        "övriga verksamhetskostnader",
        "interna kostnader",
        "personnel expenses",
        "staff expenses",
        "purchases of services",
        "materials, supplies and goods",
        "grants",
        "subsidies",
        "other operating expenses",
        "internal expenses",
    ),
}
_ITEM_LINES = {item: line for line, items in ITEMS.items() for item in items}
# Short words exports use for the lines themselves.
_LINE_WORDS = {
    **dict.fromkeys(("tuotot", "intäkter", "revenue", "income"), Line.INCOME),
    **dict.fromkeys(("kulut", "kostnader", "expenses", "costs"), Line.COSTS),
}


@dataclass(frozen=True)
class LineLabel:
    line: Line  # MARGIN for TOIMINTAKATE (derived, so never read)
    item: str  # the item's words ("henkilöstökulut"); "" for the line itself (or its total)


def line_label(value: object) -> LineLabel | None:
    """The line a line cell names, and the item when it names one; None for other words."""
    if not isinstance(value, str):
        return None
    text = _NUMBERING.sub("", norm(value)).strip(" :*")
    base = _TOTAL.sub("", text).strip(" :*-")
    line = (line_of(base) or _LINE_WORDS.get(base)) if base else None
    if line is not None:
        return LineLabel(line, "")
    if base in _ITEM_LINES:  # "Henkilöstökulut yhteensä" is the item too
        return LineLabel(_ITEM_LINES[base], base)
    return None
