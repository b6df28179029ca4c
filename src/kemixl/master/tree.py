"""costcentres.csv and figures.csv: the cost-centre tree and every result area's budget."""

from __future__ import annotations

from ..i18n.message import msg
from ..model import MASTER_COLUMNS, Amounts, Column, CostCentre, Line
from .budget import bad_mark, binding_mark
from .problems import Problems, amount, is_plain_amount
from .schema import CENTRES_FILE, CODE, FIGURES_FILE, Codes, other_languages, table_rows
from .source import Source
from .year import FigureRows, input_line


def load_centres(source: Source, problems: Problems) -> tuple[tuple[CostCentre, ...], Codes]:
    path = source.where(CENTRES_FILE)
    read = table_rows(source, CENTRES_FILE, problems)
    if read is None:
        return (), Codes(frozenset(), None)
    rows, doubtful = read
    centres: list[CostCentre] = []
    lines: dict[str, int] = {}
    before = len(problems)
    is_code = CODE.match
    translated = other_languages(CENTRES_FILE)
    for line, v in rows:
        code, parent = v["code"], v["parent"]
        if not is_code(code):
            problems.add(
                path,
                line,
                msg("code {code!r} is not a cost-centre code (3 to 12 digits)", code=code),
            )
            continue
        if parent and not is_code(parent):
            problems.add(
                path,
                line,
                msg("parent {parent!r} is not a cost-centre code (3 to 12 digits)", parent=parent),
            )
            doubtful.add(code)
            continue
        if code in lines:
            problems.add(
                path,
                line,
                msg("duplicate code {code} (first on line {first})", code=code, first=lines[code]),
            )
            continue
        if not v["name"]:
            problems.add(path, line, msg("cost centre {code} has no name", code=code))
        lines[code] = line
        texts = dict(translated(v))
        try:
            binding = binding_mark(v["binding"]) if "binding" in v else None
        except ValueError:
            problems.add(path, line, bad_mark(v["binding"]))
            binding = None
        centres.append(
            CostCentre(
                code,
                parent or None,
                v["name"],
                v.get("responsible", ""),
                texts.get("name_sv", ""),
                texts.get("name_en", ""),
                binding,
            )
        )
    roots = [c for c in centres if c.parent is None]
    if len(roots) != 1 and len(problems) == before and not doubtful:
        problems.add(
            path,
            0,
            msg("expected exactly one root (a row with no parent), found {n}", n=len(roots)),
        )
    for c in centres:
        if c.parent is not None and c.parent not in lines and c.parent not in doubtful:
            problems.add(
                path,
                lines[c.code],
                msg("parent {parent} of {code} does not exist", parent=c.parent, code=c.code),
            )
    _cycles(path, centres, lines, problems)
    clean = len(problems) == before and not doubtful
    return tuple(centres), Codes(frozenset(lines), frozenset(doubtful), lines if clean else None)


def _cycles(
    path: str, centres: list[CostCentre], lines: dict[str, int], problems: Problems
) -> None:
    """A problem for each centre whose parents lead round in a cycle (into one, too)."""
    parents = {c.code: c.parent for c in centres}
    rooted: set[str] = set()  # codes whose parents end at a root or outside the file
    for c in centres:
        seen: dict[str, None] = {}  # the nodes passed, in order
        node: str | None = c.code
        while node is not None and node in parents and node not in rooted:
            if node in seen:
                problems.add(
                    path,
                    lines[c.code],
                    msg("cost centre {code} is in a cycle of parents", code=c.code),
                )
                break
            seen[node] = None
            node = parents[node]
        else:  # no cycle on the way: each node passed is rooted, and not walked again
            rooted.update(seen)


def load_figures(
    source: Source,
    centres: tuple[CostCentre, ...],
    codes: Codes,
    problems: Problems,
    blanks: FigureRows | None = None,
) -> dict[tuple[str, Line], Amounts]:
    """blanks, if given, receives each figure's line and whether its ta_amended was blank."""
    path = source.where(FIGURES_FILE)
    parents = {c.parent for c in centres}
    figures: dict[tuple[str, Line], Amounts] = {}
    first: FigureRows = {}  # each figure's line and whether its ta_amended was blank
    names = ", ".join(ln.value for ln in (Line.INCOME, Line.COSTS))
    read = table_rows(source, FIGURES_FILE, problems)
    if read is None:
        return figures
    rows, refused = read
    before = len(problems)
    # each column's key and its name in messages, once: figures.csv has tens of thousands of rows
    (c1, n1, m1), (c2, n2, m2), (c3, n3, m3) = (
        (c, c.value, source.column(FIGURES_FILE, c.value)) for c in MASTER_COLUMNS
    )
    ta_amended = Column.TA_AMENDED.value
    kinds: dict[str, Line | None] = {}  # each spelling of a line, told once
    known, unreported, plain = codes.known, codes.unreported, is_plain_amount
    for line, v in rows:
        code, spelt = v["code"], v["line"]
        kind = kinds[spelt] if spelt in kinds else kinds.setdefault(spelt, input_line(spelt))
        if kind is None:
            problems.add(
                path,
                line,
                msg(
                    "column {column}: {value!r} is none of {names}",
                    column=source.column(FIGURES_FILE, "line"),
                    value=spelt,
                    names=names,
                ),
            )
            continue
        if code not in known:
            if not unreported(code):
                problems.add(
                    path,
                    line,
                    msg(
                        "cost centre {code} is not in {file}",
                        code=code,
                        file=source.label(CENTRES_FILE),
                    ),
                )
            continue
        if code in parents:
            problems.add(
                path, line, msg("{code} has result areas; its figures are their sum", code=code)
            )
            continue
        key = (code, kind)
        seen = first.setdefault(key, (line, not v[ta_amended]))
        if seen[0] != line:
            problems.add(
                path,
                line,
                msg(
                    "duplicate row {code} {kind} (first on line {first})",
                    code=code,
                    kind=kind.value,
                    first=seen[0],
                ),
            )
            continue
        raw1, raw2, raw3 = v[n1], v[n2], v[n3]
        figures[key] = {  # a plain amount at once
            c1: float(raw1) if plain(raw1) else amount(raw1, path, line, m1, problems),
            c2: float(raw2) if plain(raw2) else amount(raw2, path, line, m2, problems),
            c3: float(raw3) if plain(raw3) else amount(raw3, path, line, m3, problems),
        }
    if blanks is not None:
        blanks.update(first)
    if not rows and not refused:
        problems.add(
            path,
            0,
            msg(
                "has no rows under its header: the report needs the budget (ta, ta_amended) of every result area"
            ),
        )
    elif len(problems) == before and not refused and codes.doubtful is not None:
        budgets = (Column.TA, Column.TA_AMENDED)
        if not any(amounts[c] for amounts in figures.values() for c in budgets):
            problems.add(
                path,
                0,
                msg(
                    "every ta and ta_amended is zero: master data without a single budget figure would report every department as having no budget; fill in the budget"
                ),
            )
    return figures
