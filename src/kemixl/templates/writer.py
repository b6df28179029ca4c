"""`kemixl templates`: one guarded workbook per department, made from the master data.

Everything finance knows is pre-filled and locked; the department's inputs are unlocked and
validated; totals, margins and percentages are formulas; the sheets are protected (without a
password: a guard rail against accidents, not security). A hidden sheet carries the fingerprint
and the expected layout, so a stale, foreign or damaged template is recognised on return.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .. import layout as T
from ..i18n import _, terms
from ..ledger import Ledger
from ..master import MASTER_FILES
from ..model import Master
from ..report.finance import HEADER_ROW
from ..report.sheet import Sheet
from ..submissions.template_parts import INVESTMENTS_PREFIX
from ..xlsx.safe import atomic_path
from . import investments as I
from .book import PROTECT_OPTIONS, Filling, TemplateBook
from .explanations import explanations_sheet
from .finance import finance_sheet
from .instructions import instructions_sheet
from .kpis import kpi_sheet
from .strategy import strategy_sheet


@dataclass(frozen=True)
class TemplateResult:
    department: str
    path: Path | None
    note: str


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")


def template_name(master: Master, code: str) -> str:
    node = master.centre(code)
    p = master.period
    return f"{code}_{slug(node.name if node else code)}_{p.year}_{p.first_month:02d}-{p.last_month:02d}.xlsx"


def write_templates(
    master: Master,
    output: Path,
    ledger: Ledger | None = None,
    fillings: Mapping[str, Filling] | None = None,
) -> list[TemplateResult]:
    """One template per department with a budget in the period; the others get a note.

    With a ledger, every result area's actuals are pre-filled from it and locked. With
    fillings, a department's template is written as it returns filled (book.Filling)."""
    results = []
    master = terms.in_language(master)  # title, city, KPI and strategy texts in the language
    hashes = dict(master.files)  # loaded with the master: no second read of the folder
    output.mkdir(parents=True, exist_ok=True)
    for d in master.departments:
        name = terms.centre_name(d)
        if not master.expects_return(d.code):
            note = _("{code} {name}: no budget in the period, no template")
            results.append(TemplateResult(d.code, None, note.format(code=d.code, name=name)))
            continue
        path = output / template_name(master, d.code)
        with atomic_path(path) as tmp:
            write_template(master, d.code, tmp, hashes, ledger, (fillings or {}).get(d.code))
        note = _("{code} {name}: wrote {path}")
        results.append(TemplateResult(d.code, path, note.format(code=d.code, name=name, path=path)))
    return results


def write_template(
    master: Master,
    dept: str,
    path: Path,
    hashes: dict[str, str],
    ledger: Ledger | None = None,
    filling: Filling | None = None,
) -> None:
    book = TemplateBook(path, master, dept, filling)
    wb = book.wb
    node = master.centre(dept)
    assert node is not None
    names = book.names
    # TRANSLATORS: toimiala = sv sektor (Borgå, Vasa), en division (Helsinki); glossary.
    subject = _("{city} {period}: the department's return template")
    wb.set_properties(
        {
            "title": f"{master.settings.title}: {terms.centre_name(node)}",
            "subject": subject.format(city=master.settings.city, period=master.period.label),
            "author": "kemixl",
            "company": master.settings.city,
        }
    )
    instructions = book.sheet(names.instructions)
    finance = book.sheet(names.finance, (HEADER_ROW, HEADER_ROW))
    layout = finance_sheet(book, finance, master, dept, ledger)
    explanations_sheet(book, book.sheet(names.explanations), master, dept)
    kpi_sheet(book, book.sheet(names.kpis, (3, 3)), master, dept)
    strategy_sheet(book, book.sheet(names.strategy, (3, 3)), master, dept)
    projects: list[tuple[str, str]] = []
    if master.investments.of_department(dept):  # the instructions' fifth item, the last sheet
        sheet = book.sheet(names.investments, (I.HEADER, I.HEADER))
        projects = [("investments_sheet", names.investments)] + [
            (f"{INVESTMENTS_PREFIX}{key}", value)
            for key, value in I.write_investments_sheet(book, sheet, master, dept, ledger)
        ]
        sheet.protect("", PROTECT_OPTIONS)
    instructions_sheet(book, instructions, master, dept, ledger is not None)
    book.finish()
    stamp = Sheet(wb, T.STAMP_SHEET, {}).ws
    rows: list[tuple[str, str]] = [
        ("version", T.TEMPLATE_VERSION),
        ("department", dept),
        ("master", master.fingerprint),
        ("finance_sheet", names.finance),
        *((("ledger", ledger.source.sha256),) if ledger is not None else ()),
        *((f"file:{name}", h) for name, h in sorted(hashes.items())),
        *layout,
        *projects,
    ]
    for r, (key, value) in enumerate(rows):
        stamp.write_string(r, 0, key)
        stamp.write_string(r, 1, value)
    stamp.protect("", PROTECT_OPTIONS)
    stamp.very_hidden()
    instructions.activate()
    wb.close()


__all__ = [
    "MASTER_FILES",
    "Filling",
    "TemplateResult",
    "template_name",
    "write_template",
    "write_templates",
]
