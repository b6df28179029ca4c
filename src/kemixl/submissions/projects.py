"""Reading investment projects' tables: the template's sheet and free-form tables alike.

A project table is found by its header row: a column titled as the project (Hanke, Projekti,
Projekt, Project; the id alone, or the id and the name in one cell: "I2301 Koulun peruskorjaus") and
figure columns titled as the finance table's (TA 2023, Muutettu TA 2023, Toteuma 01-06/2023,
TP-ennuste 2023, in any language), each of one flow: a title ending (or starting) with
"menot" / "utgifter" / "expenditure" is the expenditure, "tulot" / "inkomster" / "income" the
income, a title without one the expenditure; a net column ("netto") is derived and not read.
Optional columns: the name, the group, the status (Tila, Hankkeen tila) and the explanation
(Selitys, Perustelut). Below the header every row whose project cell starts with an id (letters
and digits, at least one digit) is a project; other rows (a group's title, a total) are not.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

from ..findings import Finding
from ..i18n import terms, variants
from ..model import EXPENDITURE, INCOME, NET, Column, Line, Origin
from ..xlsx.cells import Values, a1, cell_text, norm
from .reader import ambiguous_column, header_kind, read_amount
from .records import Cell, Header, ProjectRow

# A column's role in a project table: a figure is (Column value, flow).
PROJECT, NAME, GROUP, STATUS, EXPLANATION = "project", "name", "group", "status", "explanation"
Role = str | tuple[str, Line]

_FLOW_WORDS = {
    EXPENDITURE: ("menot", "investointimenot", "utgifter", "investeringsutgifter", "expenditure"),
    INCOME: ("tulot", "investointitulot", "rahoitusosuudet", "inkomster", "income", "revenue"),
    NET: ("netto", "net", "nettomenot", "nettoutgifter"),
}
_WORD = {w: flow for flow, words in _FLOW_WORDS.items() for w in words}
_FLOW_AFTER = re.compile(r"^(?P<rest>.*?\S)[\s,:;(/]+(?P<flow>[^\W\d]+)\)?$")
_FLOW_BEFORE = re.compile(r"^(?P<flow>[^\W\d]+)[\s,:;/]+(?P<rest>\S.*)$")
_OTHER_TITLES = {
    STATUS: (
        "tila",
        "status",
        "hankkeen tila",
        "projektin tila",
        "projektets status",
        "project status",
    ),
    GROUP: (
        "hankeryhmä",
        "projektiryhmä",
        "ryhmä",
        "projektgrupp",
        "grupp",
        "project group",
        "group",
    ),
    NAME: (
        "nimi",
        "hankkeen nimi",
        "projektin nimi",
        "namn",
        "projektets namn",
        "name",
        "project name",
    ),
    PROJECT: (  # Finnish lists say "projekti" as often as "hanke" (and ledgers: [ledger] project)
        "hanke",
        "hankenumero",
        "hankkeen numero",
        "hanketunnus",
        "hankenro",
        "hanke nro",
        "projekti",
        "projektinumero",
        "projektin numero",
        "projektitunnus",
        "projektinro",
        "projekti nro",
        "investointikohde",
        "investointi",
        "projekt",
        "projektnummer",
        "projekt nr",
        "investering",
        "project",
        "project id",
        "project no",
        "investment",
    ),
}
_EXPLANATION = re.compile(
    r"^(selitys|selitykset|perustelu|perustelut|huomautus|huomautukset|lisätiedot|kommentti|"
    r"förklaring|motivering|kommentar|explanation|comments?|notes?)\b"
)
_TOTAL = re.compile(r"\b(yhteensä|yht\.?|totalt|sammanlagt|summa|total)\b")
_ID = re.compile(r"^(?=[^\d\s]*\d)[^\W_][\w./-]{0,29}$")


@functools.cache
def _titles() -> dict[str, str]:
    """Every language's titles of the non-figure columns (and the template's own words)."""
    out = {t: role for role, texts in _OTHER_TITLES.items() for t in texts}
    for role, message in (
        (PROJECT, terms.PROJECT),
        (GROUP, terms.PROJECT_GROUP),
        (STATUS, terms.PROJECT_STATUS),
        (EXPLANATION, terms.PROJECT_EXPLANATION),
    ):
        out.update({norm(t): role for t in variants(message)})
    return out


def _figure(text: str) -> tuple[str, Line] | None:
    """(Column value or "pct", flow) of a figure column's title; None for anything else."""
    for pattern in (_FLOW_AFTER, _FLOW_BEFORE):
        m = pattern.match(text)
        if m and m.group("flow") in _WORD:
            kind = header_kind(m.group("rest"))
            return (kind, _WORD[m.group("flow")]) if kind is not None else None
    kind = header_kind(text)
    return (kind, EXPENDITURE) if kind is not None else None


def figure_title(value: str) -> tuple[str, Line] | None:
    """(Column value, flow) of a figure column's title of one flow ('TA 2023, tulot'; a
    bilingual title by its first part); None for anything else."""
    role = role_of(value)
    return role if isinstance(role, tuple) else None


@functools.lru_cache(maxsize=1 << 14)
def role_of(value: str) -> Role | None:
    """What a column of a project table holds, by its title (in any language; a bilingual
    title by its first part)."""
    text = norm(value)
    first = text.split(" - ")[0] if " - " in text else text
    for part in dict.fromkeys((text, first)):
        known = _titles().get(part)
        if known is not None:
            return known
        if _EXPLANATION.match(part):
            return EXPLANATION
        figure = _figure(part)
        if figure is not None:
            return figure
    return None


def project_columns(row: list[Any]) -> dict[int, Role] | None:
    """The roles of a header row's columns, if it is a project table's header: a project
    column and an actual or forecast column."""
    roles = {
        c: role
        for c, value in enumerate(row)
        if isinstance(value, str) and (role := role_of(value)) is not None
    }
    has_project = PROJECT in roles.values()
    inputs = any(
        isinstance(r, tuple) and r[0] in (Column.ACTUAL.value, Column.FORECAST.value)
        for r in roles.values()
    )
    return roles if has_project and inputs else None


def project_of(value: object) -> tuple[str, str] | None:
    """(id, name) from 'I2301 Koulun peruskorjaus', 'I2301', 2301 or 'I2301 - Koulu'."""
    text = cell_text(value)
    if not text or _TOTAL.search(norm(text)):
        return None
    first, _sep, rest = text.partition(" ")
    ident = first.rstrip(":;,-–")
    if not _ID.match(ident):
        return None
    return ident, rest.strip().lstrip("-–:").strip()


def read_projects(
    file: str, grids: list[tuple[str, Values]], findings: list[Finding], headers: list[Header]
) -> tuple[tuple[ProjectRow, ...], int]:
    """Every project row of every project table of the sheets, and how many tables there
    were. Amounts that are no numbers become findings; the figure columns' titles join
    `headers` (for the period's checks)."""
    rows: list[ProjectRow] = []
    tables = 0
    for sheet, grid in grids:
        for table in _tables(grid):
            tables += 1
            r0, roles = table
            headers.extend(_headers(file, sheet, grid[r0], r0, roles))
            findings.extend(_ambiguous(file, sheet, grid[r0], r0, roles))
            rows.extend(_rows(file, sheet, grid, r0, roles, findings))
    return tuple(rows), tables


def _tables(grid: Values) -> Iterator[tuple[int, dict[int, Role]]]:
    for r, row in enumerate(grid):
        if sum(1 for value in row if isinstance(value, str)) < 2:
            continue
        roles = project_columns(row)
        if roles is not None:
            yield r, roles


def is_table_header(row: list[Any]) -> bool:
    """A finance table's or a project table's header row: where a project table ends."""
    if project_columns(row) is not None:
        return True
    kinds = {header_kind(value) for value in row if isinstance(value, str)}
    return len(kinds - {None, "pct"}) >= 2


def _headers(
    file: str, sheet: str, row: list[Any], r: int, roles: dict[int, Role]
) -> Iterator[Header]:
    for c, role in roles.items():
        if isinstance(role, tuple) and role[0] != "pct" and role[1] is not NET:
            yield Header(role[0], str(row[c]), Origin(file, sheet, a1(r, c)))


def _figure_columns(roles: dict[int, Role]) -> dict[tuple[Line, Column], list[int]]:
    out: dict[tuple[Line, Column], list[int]] = {}
    for c, role in roles.items():
        if isinstance(role, tuple) and role[0] != "pct" and role[1] is not NET:
            out.setdefault((role[1], Column(role[0])), []).append(c)
    return out


def _ambiguous(
    file: str, sheet: str, row: list[Any], r: int, roles: dict[int, Role]
) -> Iterator[Finding]:
    """Two columns of one figure and flow: neither may silently win (as in finance tables)."""
    for (_flow, column), cols in _figure_columns(roles).items():
        if len(cols) >= 2:
            yield ambiguous_column(file, sheet, r, row, cols, column.value)


def _rows(
    file: str,
    sheet: str,
    grid: Values,
    r0: int,
    roles: dict[int, Role],
    findings: list[Finding],
) -> Iterator[ProjectRow]:
    by_role = {role: c for c, role in roles.items() if isinstance(role, str)}
    figures = _figure_columns(roles)
    for r in range(r0 + 1, len(grid)):
        row = grid[r]
        if is_table_header(row):
            return
        pc = by_role[PROJECT]
        found = project_of(row[pc]) if pc < len(row) else None
        if found is None:
            continue
        ident, name = found
        if NAME in by_role and by_role[NAME] < len(row):
            name = cell_text(row[by_role[NAME]]) or name
        cells: dict[tuple[Line, Column], Cell] = {}
        for (flow, column), cols in figures.items():
            origin = Origin(file, sheet, a1(r, cols[0]))
            if len(cols) > 1:  # an ambiguous column (already a finding): unknown figures
                cells[(flow, column)] = Cell(None, origin, invalid=True, raw="ambiguous column")
                continue
            raw = row[cols[0]] if cols[0] < len(row) else None
            cells[(flow, column)] = read_amount(raw, origin, findings, flow, column, project=ident)
        status_col, text_col = by_role.get(STATUS), by_role.get(EXPLANATION)
        status = (
            cell_text(row[status_col]) if status_col is not None and status_col < len(row) else ""
        )
        yield ProjectRow(
            ident,
            name,
            Origin(file, sheet, a1(r, pc)),
            cells,
            status,
            Origin(file, sheet, a1(r, status_col)) if status_col is not None else None,
            cell_text(row[text_col]) if text_col is not None and text_col < len(row) else "",
        )
