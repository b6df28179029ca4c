"""The parts of a submission beyond the finance table.

Generated templates carry a hidden stamp sheet (fingerprint and expected layout), an
explanations sheet, a KPI sheet and a strategy sheet. The readers below find those tables by
their labels and column titles rather than by fixed positions, so the same code reads a
department's own free-form sheets laid out the same way.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from .. import layout as T
from ..findings import Finding, Rule, Severity
from ..i18n import terms, variants
from ..i18n.message import Msg, msg
from ..model import Origin
from ..numbers import parse_kpi_value
from ..xlsx.cells import Formula, Values, a1, a1_to_rowcol, column_letters, norm
from .records import Explanations, KpiValue, Realization, TemplateStamp


def _norm(value: object) -> str:
    return norm(value) if value is not None else ""


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return str(value).strip()


INVESTMENTS_PREFIX = "investments:"  # the investments sheet's layout records in the stamp


# A layout record read once: (kind, reference, expected content, the reference's corners: one
# cell's, a rectangle's two, or None where it is no reference). Thousands per stamp (one per
# label and formula cell), each key read once per process (_key) for every check to use. A
# record of no known kind (a damaged stamp: "investments:rubbish") is kept, and no check reads it.
Record = tuple[str, str, str, tuple[tuple[int, int], ...] | None]
# The records by what checks them, each in the stamp's order: "header", "label", "formula"
# (formula and formulas records, in one list: the overwritten cells are named in that order)
# and "" (of no known kind).
Layout = dict[str, list[Record]]
_GROUP = {"header": "header", "label": "label", "formula": "formula", "formulas": "formula"}


def _layout() -> Layout:
    return {"header": [], "label": [], "formula": [], "": []}


def read_stamp(grid: Values) -> tuple[TemplateStamp, dict[str, str], Layout, Layout]:
    """The stamp, its master files' hashes, and the finance and investments sheets' layout
    records (checked here while reading, then dropped: the records are no part of a
    Submission, which crosses from a worker process whole)."""
    values: dict[str, str] = {}
    layout, projects = _layout(), _layout()
    key_of = _key
    for row in grid:
        if len(row) < 1 or (key := row[0]) is None:
            continue
        key = key if type(key) is str else str(key)
        value = row[1] if len(row) > 1 else ""
        value = value.strip() if type(value) is str else _text(value)  # most are texts
        kind, ref, corners = key_of(key) if len(key) < 40 else _read_key(key)
        if kind in _GROUP and ":" in key:  # "header:", "label:", "formula:", "formulas:"
            layout[_GROUP[kind]].append((kind, ref, value, corners))
        elif key.startswith(INVESTMENTS_PREFIX):
            kind, ref, corners = _read_key(key.removeprefix(INVESTMENTS_PREFIX))
            projects[_GROUP.get(kind, "")].append((kind, ref, value, corners))
        else:
            values[key] = value
    stamp = TemplateStamp(
        version=values.get("version", ""),
        department=values.get("department", ""),
        master_hash=values.get("master", ""),
        finance_sheet=values.get("finance_sheet", T.FINANCE_SHEET),
        investments_sheet=values.get("investments_sheet", ""),
    )
    files = {k.removeprefix("file:"): v for k, v in values.items() if k.startswith("file:")}
    return stamp, files, layout, projects


def _cell_at(grid: Values, corners: tuple[tuple[int, int], ...] | None) -> Any:
    """The value of a record's one cell (None: blank, no such cell, or a damaged stamp)."""
    if corners is None or len(corners) != 1:  # a damaged stamp
        return None
    r, c = corners[0]
    if r < len(grid) and c < len(grid[r]):
        return grid[r][c]
    return None


def _read_key(key: str) -> tuple[str, str, tuple[tuple[int, int], ...] | None]:
    """A layout record's key ("formula:F9") read: its kind, its reference and the reference's
    corners (one cell's, a rectangle's two, or None where it is no reference)."""
    kind, _, ref = key.partition(":")
    try:
        if ":" in ref:  # a rectangle
            return kind, ref, tuple([a1_to_rowcol(c) for c in ref.split(":")])
        return kind, ref, (a1_to_rowcol(ref),)
    except ValueError:  # a damaged stamp
        return kind, ref, None


# the same keys in every workbook of a template (a long one, no reference, is read uncached)
_key = functools.lru_cache(maxsize=1 << 16)(_read_key)


def _table_area(layout: Layout) -> tuple[int, int, int] | None:
    """(header row, last row, last column) of a template's table, from its layout records.

    The labels are in the first column from the row under the header; every figure column
    holds formulas (in the margin rows at least), so the last formula column ends the table.
    Stamps of every template version carry these records (a rectangle's do not count)."""
    label_rows = [c[0][0] for _, _, _, c in layout["label"] if c and len(c) == 1]
    if not label_rows:
        return None
    cells = [c[0] for records in layout.values() for _, _, _, c in records if c and len(c) == 1]
    rows, columns = zip(*cells, strict=True)
    return min(label_rows) - 1, max(rows), max(columns)


def added_column_findings(
    file: str, sheet: str, grid: Values, layout: Layout, department: str
) -> list[Finding]:
    """A column added beside a template's table (a new title, or new values): one per column."""
    area = _table_area(layout)
    if area is None:
        return []
    header, last_row, last_col = area
    found: dict[int, Finding] = {}
    for r in range(max(header, 0), min(last_row + 1, len(grid))):
        for c in range(last_col + 1, len(grid[r])):
            got = _text(grid[r][c])
            if c in found or not got:
                continue
            message = msg(
                "a column was added to the template: {cell} holds {got!r}, but the template's "
                "table ends at column {last}; kemixl does not read it: delete the column and type "
                "the figures in the template's own columns",
                cell=a1(r, c),
                got=got,
                last=column_letters(last_col),
            )
            found[c] = _altered(file, sheet, a1(r, c), department, message, got)
    return [found[c] for c in sorted(found)]


def _altered(
    file: str,
    sheet: str,
    ref: str,
    department: str,
    message: Msg,
    submitted: str | None,
    expected: str | None = None,
) -> Finding:
    return Finding(
        Rule.TEMPLATE_ALTERED,
        Severity.ERROR,
        message,
        file,
        sheet,
        ref,
        department,
        submitted=submitted,
        expected=expected,
    )


def _first_changed(grid: Values, records: list[Record]) -> tuple[str, str, str] | None:
    """(cell, expected, found) of the first layout record (of one kind) that reads otherwise."""
    rows = len(grid)
    for _, ref, expected, corners in records:
        # _text(_cell_at(grid, corners)), for a one-cell record of a text spelt out: most are
        if corners is not None and len(corners) == 1:
            r, c = corners[0]
            value = grid[r][c] if r < rows and c < len(grid[r]) else None
            got = value.strip() if type(value) is str else _text(value)
        else:
            got = _text(_cell_at(grid, corners))
        if got != expected and _norm(got) != _norm(expected):  # most read exactly as recorded
            return ref, expected, got
    return None


def layout_findings(
    file: str, sheet: str, grid: Values, layout: Layout, department: str
) -> list[Finding]:
    """Columns inserted, deleted, retitled or added, rows inserted or deleted, labels changed,
    formulas typed over: each named by its cell. A shift is one finding: everything after it
    has moved."""
    header = _first_changed(grid, layout["header"])  # stamps since column titles were recorded
    if header is not None:
        ref, expected, got = header
        message = msg(
            "the template's columns were changed: this column title should read {expected!r} but "
            "reads {got!r} (a column inserted, deleted or retitled); use a fresh template or undo "
            "the change",
            expected=expected,
            got=got,
        )
        return [_altered(file, sheet, ref, department, message, got, expected)]
    out = added_column_findings(file, sheet, grid, layout, department)
    label = _first_changed(grid, layout["label"])
    if label is not None:
        ref, expected, got = label
        message = msg(
            "the template's layout was changed: this cell should read {expected!r} but reads "
            "{got!r} (rows inserted, deleted or relabelled); use a fresh template or undo the "
            "change",
            expected=expected,
            got=got,
        )
        return [*out, _altered(file, sheet, ref, department, message, got, expected)]
    for r, c, value in _overwritten(grid, layout["formula"]):
        got = _text(value)
        message = msg(
            "the formula in this cell was overwritten ({got!r}); kemixl recomputes it, but "
            "restore the formula so the department's totals are right",
            got=got,
        )
        out.append(_altered(file, sheet, a1(r, c), department, message, got or None))
    return out


def _overwritten(grid: Values, records: list[Record]) -> list[tuple[int, int, Any]]:
    """(row, column, value) of each cell the stamp says holds a formula but does not (None: no
    such cell, or a blank): `formula:F9` records, and `formulas:H7:K8` records for a rectangle
    of them (the live checks' cells), in the records' order, a rectangle's row by row.
    Thousands of cells: a rectangle's row whose cells are all formulas is passed at once."""
    out: list[tuple[int, int, Any]] = []
    rows = len(grid)
    for kind, _, _, corners in records:
        if corners is None:  # a damaged stamp
            continue
        if kind == "formula" and len(corners) == 1:
            r, c = corners[0]
            value = grid[r][c] if r < rows and c < len(grid[r]) else None
            if type(value) is not Formula:
                out.append((r, c, value))
        elif kind == "formulas" and len(corners) == 2:
            (top, left), (bottom, right) = corners
            right = min(right, left + 100)
            for r in range(top, min(bottom, top + 10_000) + 1):
                row = grid[r] if r < rows else []
                if set(map(type, row[left : right + 1])) == _FORMULAS and len(row) > right:
                    continue
                for c in range(left, right + 1):
                    value = row[c] if c < len(row) else None
                    if type(value) is not Formula:
                        out.append((r, c, value))
    return out


_FORMULAS = {Formula}


def _find_label(
    grids: list[tuple[str, Values]], patterns: tuple[str, ...]
) -> tuple[str, int, int, str] | None:
    """(sheet, row, col, text) of the first cell whose text starts with one of the patterns."""
    for title, grid in grids:
        for r, row in enumerate(grid):
            for c, value in enumerate(row):
                if isinstance(value, str) and _norm(value).startswith(patterns):
                    return title, r, c, str(value)
    return None


def _answer(grid: Values, r: int, c: int, label: str, stop: tuple[str, ...]) -> tuple[str, str]:
    """The text answering a label: the cell to its right, else the paragraphs below it."""
    row = grid[r]
    for cc in range(c + 1, len(row)):
        if _text(row[cc]):
            return _text(row[cc]), a1(r, cc)
    parts: list[str] = []
    first = ""
    blank_run = 0
    for rr in range(r + 1, len(grid)):
        text = _text(grid[rr][c]) if c < len(grid[rr]) else ""
        if not text:
            blank_run += 1
            if blank_run >= 3 and parts:
                break
            continue
        if _norm(text).startswith(stop):
            break
        blank_run = 0
        parts.append(text)
        first = first or a1(rr, c)
    return "\n\n".join(parts), first


# The explanation sheet's labels as a template writes them in any language (terms), and the
# shorter starts free-form sheets use (the seed's, Swedish and English municipalities').
EXPLANATION_STARTS = ("talousarvion toteutuminen", "budgetutfall", "budget implementation")
SAVINGS_STARTS = (
    "talousohjelma",
    "säästötoimenpiteet",
    "talouden tasapainotu",
    "ekonomiprogram",
    "sparåtgärder",
    "financial programme",
    "savings measures",
)
RESPONSIBLE_STARTS = ("vastuuhenkilö", "vastuhenkilö", "ansvarsperson", "responsible person")
STOPS = (
    *EXPLANATION_STARTS,
    *SAVINGS_STARTS,
    *RESPONSIBLE_STARTS,
    "suoritteet",
    "tulosalue",
    "strateginen",
    "prestationer",
    "resultatområde",
    "strategisk",
    "outputs",
    "result area",
    "strategic",
)


def _starts(message: str, starts: tuple[str, ...]) -> tuple[str, ...]:
    """A label's starts: the given ones and the label in every language (terms)."""
    return tuple(dict.fromkeys((*starts, *(_norm(v) for v in variants(message)))))


def _after_label(text: str, starts: tuple[str, ...]) -> str:
    """What follows a label in the same cell ('Vastuuhenkilö: Jukka Vilén' -> 'Jukka Vilén')."""
    for start in starts:
        words = r"\s+".join(re.escape(w) for w in start.split())
        m = re.match(rf"\s*{words}\S*\s*:?\s*", text, re.I)
        if m:
            return text[m.end() :].strip()
    return re.sub(r"^\S+\s*:?\s*", "", text.strip())


def read_explanations(file: str, grids: list[tuple[str, Values]]) -> Explanations:
    found: dict[str, tuple[str, Origin]] = {}
    target: Origin | None = None
    for key, starts in (
        ("explanation", _starts(terms.EXPLANATION, EXPLANATION_STARTS)),
        ("savings", _starts(terms.SAVINGS, SAVINGS_STARTS)),
        ("responsible", _starts(terms.RESPONSIBLE, RESPONSIBLE_STARTS)),
    ):
        hit = _find_label(grids, starts)
        if hit is None:
            continue
        title, r, c, label = hit
        grid = dict(grids)[title]
        if key == "explanation":
            target = Origin(file, title, a1(r, c + 1))
        text, ref = _answer(grid, r, c, label, STOPS)
        if key == "responsible" and not text:  # "Vastuuhenkilö Jukka Vilén" in one cell
            text = _after_label(label, starts)
        if key == "savings" and not text and ":" in label:  # "Talousohjelma: text" in one cell
            text = label.split(":", 1)[1].strip()
        found[key] = (text, Origin(file, title, ref or a1(r, c)))
    expl = found.get("explanation")
    return Explanations(
        responsible=found["responsible"][0] if "responsible" in found else "",
        explanation=expl[0] if expl else "",
        savings=found["savings"][0] if "savings" in found else "",
        origin=expl[1] if expl else None,
        target=target,
        places=tuple((key, origin) for key, (_text, origin) in found.items()),
    )


# KPI and strategy tables' column titles in every language (terms.KPI_*, GOAL, ...) and as
# free-form sheets write them; a bilingual title ('Tunnus – Nummer') matches by either part.
KPI_NAME = re.compile(r"^suorite|^tunnusluku|^prestation|^nyckeltal|^output|^kpi")
ACTUAL = re.compile(r"^toteuma|^utfall|^actual")
FORECAST = re.compile(r"ennuste|prognos|forecast")
IDENT = re.compile(r"^(tunnus|nummer|id)$")
CODE = re.compile(r"^kustannuspaikka|^kostnadsställe|^cost cent(re|er)")
OBJECTIVE = re.compile(r"^tavoite|^målsättning|^mål$|^objective")
STATUS = re.compile(r"^(tila|status)$")


def _match(pattern: re.Pattern[str], title: str) -> bool:
    return any(pattern.search(part) for part in (title, *title.split(" - ")))


def _header(
    grid: Values, required: tuple[re.Pattern[str], ...]
) -> tuple[int, dict[str, int]] | None:
    for r, row in enumerate(grid):
        titles = {_norm(value): c for c, value in enumerate(row) if isinstance(value, str)}
        if all(any(_match(p, t) for t in titles) for p in required):
            return r, titles
    return None


def _col(titles: dict[str, int], pattern: re.Pattern[str]) -> int | None:
    return next((c for t, c in titles.items() if _match(pattern, t)), None)


def read_kpis(file: str, grids: list[tuple[str, Values]]) -> tuple[KpiValue, ...]:
    """KPI tables: a header with Suorite and TOTEUMA / TP-ennuste columns (any language)."""
    out: list[KpiValue] = []
    for title, grid in grids:
        found = _header(grid, (KPI_NAME, ACTUAL, FORECAST))
        if found is None:
            continue
        r0, titles = found
        c_id = _col(titles, IDENT)
        c_code = _col(titles, CODE)
        c_name = _col(titles, KPI_NAME)
        c_act = _col(titles, ACTUAL)
        c_fc = _col(titles, FORECAST)
        assert c_name is not None and c_act is not None and c_fc is not None
        for r in range(r0 + 1, len(grid)):
            row = grid[r]

            def get(c: int | None, row: list[Any] = row) -> Any:
                return row[c] if c is not None and c < len(row) else None

            name = _text(get(c_name))
            if not name:
                continue
            code_match = re.match(r"\d+", _text(get(c_code)))  # "64110000 HALLINTOPALVELUT"
            code = code_match.group(0) if code_match else ""
            out.append(
                KpiValue(
                    _text(get(c_id)),
                    code,
                    name,
                    parse_kpi_value(get(c_act)),
                    parse_kpi_value(get(c_fc)),
                    Origin(file, title, a1(r, c_act)),
                )
            )
    return tuple(out)


def read_realizations(file: str, grids: list[tuple[str, Values]]) -> tuple[Realization, ...]:
    """Strategy tables: a header with Tavoite and Toteuma columns (and Tunnus, Tila in templates),
    in any language; a status in any language is stored as its canonical key (terms)."""
    out: list[Realization] = []
    for title, grid in grids:
        found = _header(grid, (OBJECTIVE, ACTUAL))
        if found is None:
            continue
        r0, titles = found
        c_id = _col(titles, IDENT)
        c_status = _col(titles, STATUS)
        c_text = _col(titles, ACTUAL)
        c_obj = _col(titles, OBJECTIVE)
        assert c_text is not None
        for r in range(r0 + 1, len(grid)):
            row = grid[r]
            ident = _text(row[c_id]) if c_id is not None and c_id < len(row) else ""
            if not ident:  # free-form: the objective text identifies it
                ident = _text(row[c_obj]) if c_obj is not None and c_obj < len(row) else ""
            if not ident:
                continue
            status = _text(row[c_status]) if c_status is not None and c_status < len(row) else ""
            status = (terms.status_key(status) or status) if status else ""
            text = _text(row[c_text]) if c_text < len(row) else ""
            out.append(Realization(ident, status, text, Origin(file, title, a1(r, c_text))))
    return tuple(out)


def read_template_parts(
    file: str,
    grids: list[tuple[str, Values]],
    findings: list[Finding],
    unread: frozenset[str] = frozenset(),
) -> tuple[TemplateStamp | None, dict[str, Any], set[str] | None]:
    """(stamp, extra Submission fields, finance sheet names or None for 'search every sheet').

    unread: sheets that exist but were too large to read (already a finding)."""
    sheets = dict(grids)
    stamp_grid = sheets.get(T.STAMP_SHEET)
    read = read_stamp(stamp_grid) if stamp_grid is not None else None
    finance = read[0].finance_sheet if read is not None else None
    # A template's finance sheet holds only the finance table: the texts are on their own sheets.
    texts = [(t, g) for t, g in grids if t not in (T.STAMP_SHEET, finance)]
    extras: dict[str, Any] = {
        "explanations": read_explanations(file, texts),
        "kpis": read_kpis(file, texts),
        "realizations": read_realizations(file, texts),
    }
    if read is None:
        return None, extras, None
    stamp, files, layout, projects = read
    extras["master_files"] = tuple(sorted(files.items()))
    if stamp.finance_sheet in unread:
        return stamp, extras, {stamp.finance_sheet}
    if stamp.finance_sheet not in sheets:
        findings.append(
            Finding(
                Rule.TEMPLATE_ALTERED,
                Severity.ERROR,
                msg(
                    "the template's finance sheet {sheet!r} was renamed or deleted; use a fresh "
                    "template",
                    sheet=stamp.finance_sheet,
                ),
                file,
                code=stamp.department,
            )
        )
        return stamp, extras, None
    findings.extend(
        layout_findings(
            file, stamp.finance_sheet, sheets[stamp.finance_sheet], layout, stamp.department
        )
    )
    findings.extend(_investments_layout(file, stamp, projects, sheets, unread))
    return stamp, extras, {stamp.finance_sheet}


def _investments_layout(
    file: str,
    stamp: TemplateStamp,
    layout: Layout,
    sheets: dict[str, Values],
    unread: frozenset[str],
) -> list[Finding]:
    """The template's investments sheet: renamed or deleted, or its layout changed."""
    name = stamp.investments_sheet
    if not name or name in unread:
        return []
    if name not in sheets:
        return [
            Finding(
                Rule.TEMPLATE_ALTERED,
                Severity.ERROR,
                msg(
                    "the template's investments sheet {sheet!r} was renamed or deleted; use a "
                    "fresh template",
                    sheet=name,
                ),
                file,
                code=stamp.department,
            )
        ]
    return layout_findings(file, name, sheets[name], layout, stamp.department)
