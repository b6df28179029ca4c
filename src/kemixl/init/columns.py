"""What the columns of a budget export are, by their titles in Finnish, Swedish or English.

A column names a level of the tree (the department, the result area or the cost centre: its
code, or its name), an account, or a figure (TP 2023, TA 2024, Muutettu TA 2024: the titles a
submission's columns are recognised by, submissions.reader.header_kind). Which line a row counts
on comes from the account (through the chart of accounts) or from a column whose values are the
lines (TOIMINTATUOTOT / TOIMINTAKULUT in any language), found by its content (rows.py).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..i18n import terms
from ..i18n.message import Msg, msg
from ..i18n.terms import ACCOUNT, MASTER_FIELDS
from ..model import Column
from ..submissions.reader import KIND_LABELS, header_kind
from ..xlsx.cells import column_letters, norm

# The levels of the tree below the city, top down, and the catalog word each is shown by.
LEVELS = (terms.DEPARTMENT, terms.RESULT_AREA, terms.COST_CENTRE)
DEPARTMENT, RESULT_AREA, COST_CENTRE = range(3)

# How exports title each level (stems: a word of the title starts with one), besides the
# catalog's own words: Finnish, Swedish (as Vasa and Borgå name them) and English.
_LEVEL_STEMS = (
    ("toimiala", "toimialue", "hallinnonala", "sektor", "förvaltning", "department", "division"),
    (
        "tulosalue",
        "tulosyksikkö",
        "vastuualue",
        "resultatområde",
        "resultatenhet",
        "ansvarsområde",
        "result area",
        "result unit",
    ),
    ("kustannuspaik", "kustp", "kp", "kostnadsställ", "cost centre", "cost center"),
)
_SHORT = {"kp", "kustp"}  # abbreviations that must be a whole word
_NAME_WORDS = ("nimi", "nimike", "nimitys", "namn", "benämning", "name", "selite", "kuvaus")
_ACCOUNTS = re.compile(
    r"^(tili|tilinumero|tilin numero|tili nro|tilikoodi|konto|kontonummer|kontonr|"
    r"account|account number|account no|account code)$"
)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
FIGURES = (Column.TP_PREV, Column.TA, Column.TA_AMENDED)


@dataclass(frozen=True)
class Role:
    """What one column holds: a level's code or name, an account, or a figure of a year."""

    kind: str  # "code", "name", "account" or a Column value ("tp_prev", "ta", ...)
    level: int | None = None  # for code and name; None for a bare "Nimi" (see assign)
    year: int | None = None  # for figures: the year in the title


@functools.cache
def _catalog_levels() -> dict[str, int]:
    """The catalog's words for the levels, in every language (normalised) -> level."""
    return {norm(t): level for level, m in enumerate(LEVELS) for t in terms.all_titles(m)}


def _level_of(text: str) -> int | None:
    words = text.replace("_", " ").split()
    for level, stems in enumerate(_LEVEL_STEMS):
        for stem in stems:
            if " " in stem:
                if stem in text:
                    return level
            elif any(w == stem if stem in _SHORT else w.startswith(stem) for w in words):
                return level
    return _catalog_levels().get(text)


def role_of(title: object) -> Role | None:
    """The role a header cell gives its column; None for a column kemixl does not use."""
    if not isinstance(title, str) or not title.strip():
        return None
    text = norm(title)
    kind = header_kind(title)
    if kind is not None:
        year = _YEAR.search(text)
        return Role(kind, year=int(year.group(1)) if year else None)
    if _ACCOUNTS.match(text) or text in {norm(t) for t in terms.all_titles(terms.ACCOUNT)}:
        return Role("account")
    named = any(w.strip("()") in _NAME_WORDS for w in text.split())
    level = _level_of(text)
    if level is not None:
        return Role("name" if named else "code", level)
    if text in _NAME_WORDS:
        return Role("name")
    return None


def roles_of(titles: Sequence[object]) -> dict[int, Role]:
    """Every used column of a header row by index; a bare name column ("Nimi") names the level
    whose code column stands nearest to its left."""
    roles: dict[int, Role] = {}
    for c, title in enumerate(titles):
        role = role_of(title)
        if role is None:
            continue
        if role.kind == "name" and role.level is None:
            left = [r.level for i, r in roles.items() if i < c and r.kind == "code"]
            if not left:
                continue
            role = Role("name", left[-1])
        roles[c] = role
    return roles


def is_header(roles: dict[int, Role]) -> bool:
    """A header row names at least one level's code and a budget (TA) column."""
    kinds = {r.kind for r in roles.values()}
    return "code" in kinds and Column.TA.value in kinds


@dataclass(frozen=True)
class Layout:
    """The columns an export is read by."""

    codes: dict[int, int]  # level -> column of its codes
    names: dict[int, int]  # level -> column of its names
    account: int | None
    figures: dict[Column, int]  # TP, TA and Muutettu TA that were chosen
    year: int
    ignored: tuple[int, ...] = field(default=())  # figure columns of other years or kinds


@dataclass(frozen=True)
class Choice:
    """The layout, or why there is none (messages for the header row), and what was left out."""

    layout: Layout | None
    problems: tuple[Msg, ...]
    notes: tuple[Msg, ...]


def _cells(titles: Sequence[object], columns: Sequence[int], row: int) -> str:
    """Header cells as a spreadsheet shows them: E3 'TA 2024' (row: the header's line)."""
    return ", ".join(f"{column_letters(c)}{row} {str(titles[c]).strip()!r}" for c in columns)


def choose(
    titles: Sequence[object], roles: dict[int, Role], year: int | None, row: int = 1
) -> Choice:
    """The columns to read: one code (and name) column per level, the account, and the TP, TA
    and Muutettu TA of the year (given, else the budget's: TA 2024 makes 2024)."""
    problems: list[Msg] = []
    notes: list[Msg] = []
    by_role: dict[tuple[str, int | None], list[int]] = {}
    for c, role in roles.items():
        if role.kind in ("code", "name", "account"):
            by_role.setdefault((role.kind, role.level), []).append(c)
    for (kind, level), columns in by_role.items():
        if len(columns) > 1:
            problems.append(
                msg(
                    "the columns {cells} each read as the same thing ({what}); keep one of them "
                    "or retitle the others",
                    cells=_cells(titles, row=row, columns=columns),
                    what=role_text(kind, level),
                )
            )
    codes = {lv: cs[0] for (kind, lv), cs in by_role.items() if kind == "code" and lv is not None}
    names = {lv: cs[0] for (kind, lv), cs in by_role.items() if kind == "name" and lv is not None}
    for level, c in names.items():
        if level not in codes:
            problems.append(
                msg(
                    "the column {cell} gives the names of the level {level}, but no column gives "
                    "its codes; add the codes in a column titled {level}, or before the names "
                    "(64110000 HALLINTOPALVELUT)",
                    cell=_cells(titles, row=row, columns=[c]),
                    level=Msg(LEVELS[level]),
                )
            )
    accounts = by_role.get(("account", None), [])
    budget = _budget_year(titles, roles, year, row, problems)
    figures: dict[Column, int] = {}
    ignored: list[int] = []
    if budget is not None:
        for column in FIGURES:
            wanted = budget - 1 if column is Column.TP_PREV else budget
            fits = [
                c for c, r in roles.items() if r.kind == column.value and r.year in (wanted, None)
            ]
            if len(fits) > 1:
                problems.append(
                    msg(
                        "the columns {cells} each read as {what}; keep one of them",
                        cells=_cells(titles, row=row, columns=fits),
                        what=Msg(KIND_LABELS[column.value]),
                    )
                )
            elif fits:
                figures[column] = fits[0]
        ignored = [c for c, r in roles.items() if r.kind not in _USED and c not in figures.values()]
        if Column.TP_PREV not in figures:
            notes.append(msg("no column of the previous year's accounts: TP is 0"))
        if Column.TA_AMENDED not in figures:
            notes.append(
                msg(
                    "no column of the revised budget: figures.csv leaves ta_amended blank, which "
                    "means the budget (TA) unless amendments.csv changes it"
                )
            )
    if ignored:
        notes.append(
            msg("columns not read: {cells}", cells=_cells(titles, row=row, columns=ignored))
        )
    layout = None
    if not problems and budget is not None:
        layout = Layout(
            codes, names, accounts[0] if accounts else None, figures, budget, tuple(ignored)
        )
    return Choice(layout, tuple(problems), tuple(notes))


_USED = {"code", "name", "account"}


def role_text(kind: str, level: int | None = None) -> Msg:
    """What a column is read as, in words: "Toimiala: Koodi", "Tili", "Rivi"."""
    if kind in ("code", "name"):
        return msg("{level}: {what}", level=Msg(LEVELS[level or 0]), what=Msg(MASTER_FIELDS[kind]))
    return Msg(ACCOUNT) if kind == "account" else Msg(MASTER_FIELDS["line"])


def _budget_year(
    titles: Sequence[object],
    roles: dict[int, Role],
    year: int | None,
    row: int,
    problems: list[Msg],
) -> int | None:
    """The budget's year: the one given, which a TA column must have; else the only TA
    column's."""
    budgets = {c: r.year for c, r in roles.items() if r.kind == Column.TA.value}
    years = sorted({y for y in budgets.values() if y is not None})
    if year is not None:
        if year not in years and None not in budgets.values():
            problems.append(
                msg(
                    "no budget column of {year} (such as TA {year}); the budget columns are {cells}",
                    year=year,
                    cells=_cells(titles, row=row, columns=list(budgets)),
                )
            )
            return None
        return year
    if len(years) > 1:
        problems.append(
            msg(
                "the budget columns {cells} are of several years; give the year of the report "
                "with --year",
                cells=_cells(titles, row=row, columns=list(budgets)),
            )
        )
        return None
    if not years:
        problems.append(
            msg(
                "the budget column {cells} has no year; title it with the year (TA 2024) or give "
                "--year",
                cells=_cells(titles, row=row, columns=list(budgets)),
            )
        )
        return None
    return years[0]
