"""central.csv, kpis.csv, strategy.csv and strategy_sdg.csv: the central finance items, the
KPIs, the strategic objectives and each strategy table's SDGs."""

from __future__ import annotations

from ..i18n.message import msg
from ..model import CentralItem, Column, Kpi, Objective, TableSdgs
from ..numbers import parse_kpi_value
from .problems import Problems, amount
from .schema import (
    CENTRAL_FILE,
    CENTRAL_SECTIONS,
    CENTRES_FILE,
    KPIS_FILE,
    STRATEGY_FILE,
    STRATEGY_SDG_FILE,
    Codes,
    other_languages,
    table_rows,
)
from .source import Source


def load_central(source: Source, problems: Problems) -> tuple[CentralItem, ...]:
    path = source.where(CENTRAL_FILE)
    items: list[CentralItem] = []
    read = table_rows(source, CENTRAL_FILE, problems)
    for row in read[0] if read else ():
        line, v = row
        if v["section"] not in CENTRAL_SECTIONS:
            problems.add(
                path,
                line,
                msg(
                    "section {section!r} must be one of {values}",
                    section=v["section"],
                    values=", ".join(CENTRAL_SECTIONS),
                ),
            )
            continue
        amounts = {
            c: amount(v[c.value], path, line, source.column(CENTRAL_FILE, c.value), problems)
            for c in Column
        }
        texts = tuple(
            (f"name{c.removeprefix('item')}", t) for c, t in other_languages(CENTRAL_FILE)(v)
        )
        items.append(CentralItem(v["item"], v["section"], amounts, texts))
    return tuple(items)


def load_kpis(source: Source, codes: Codes, problems: Problems) -> tuple[Kpi, ...]:
    path = source.where(KPIS_FILE)
    kpis: list[Kpi] = []
    ids: set[str] = set()
    read = table_rows(source, KPIS_FILE, problems)
    for row in read[0] if read else ():
        line, v = row
        if v["id"] in ids:
            problems.add(path, line, msg("duplicate KPI id {id}", id=v["id"]))
            continue
        if v["code"] not in codes.known:
            if not codes.unreported(v["code"]):
                problems.add(
                    path,
                    line,
                    msg(
                        "cost centre {code} is not in {file}",
                        code=v["code"],
                        file=source.label(CENTRES_FILE),
                    ),
                )
            continue
        ids.add(v["id"])
        kpis.append(
            Kpi(
                v["id"],
                v["code"],
                v.get("group", ""),
                v["name"],
                parse_kpi_value(v["tp_prev"]),
                parse_kpi_value(v["ta"]),
                other_languages(KPIS_FILE)(v),
            )
        )
    return tuple(kpis)


def load_objectives(
    source: Source, codes: Codes, problems: Problems
) -> tuple[Objective, ...] | None:
    """The objectives; None when the file cannot be read at all (already a problem)."""
    path = source.where(STRATEGY_FILE)
    out: list[Objective] = []
    ids: set[str] = set()
    moved = False  # the sdg column of older master data: reported once
    read = table_rows(source, STRATEGY_FILE, problems)
    if read is None:
        return None
    for row in read[0]:
        line, v = row
        if v.get("sdg") and not moved:
            moved = True
            problems.add(path, line, SDG_MOVED)
        if v["id"] in ids:
            problems.add(path, line, msg("duplicate objective id {id}", id=v["id"]))
            continue
        if v["department"] not in codes.known:
            if not codes.unreported(v["department"]):
                problems.add(
                    path,
                    line,
                    msg(
                        "department {department} is not in {file}",
                        department=v["department"],
                        file=source.label(CENTRES_FILE),
                    ),
                )
            continue
        ids.add(v["id"])
        out.append(
            Objective(
                v["id"],
                v["goal"],
                v["department"],
                v["objective"],
                v["actions"],
                v["owner_schedule"],
                v["metrics"],
                other_languages(STRATEGY_FILE)(v),
            )
        )
    return tuple(out)


SDG_MOVED = msg(
    "column sdg: SDGs are given once per strategic goal and department in {file} (columns goal, "
    "department, sdg), not per objective; move them there and delete this column",
    file=STRATEGY_SDG_FILE,
)


def _sdg_numbers(raw: str, path: str, line: int, problems: Problems) -> tuple[int, ...] | None:
    """'3 5 11' (or '3, 5, 11') as numbers 1-17, each once; None after reporting a problem."""
    try:
        numbers = tuple(int(x) for x in raw.replace(",", " ").split())
    except ValueError:
        problems.add(
            path, line, msg("sdg {raw!r} must be numbers 1-17 separated by spaces", raw=raw)
        )
        return None
    if any(not 1 <= n <= 17 for n in numbers):
        problems.add(path, line, msg("sdg {raw!r}: the UN goals are numbered 1-17", raw=raw))
        return None
    if len(set(numbers)) < len(numbers):
        problems.add(path, line, msg("sdg {raw!r} names a goal twice", raw=raw))
        return None
    return numbers


def load_table_sdgs(
    source: Source, objectives: tuple[Objective, ...], codes: Codes, problems: Problems
) -> tuple[TableSdgs, ...]:
    """strategy_sdg.csv: one SDG list per strategy table, i.e. per (goal, department) that has
    objectives in strategy.csv."""
    path = source.where(STRATEGY_SDG_FILE)
    tables = {(o.goal, o.department) for o in objectives}
    seen: dict[tuple[str, str], int] = {}
    out: list[TableSdgs] = []
    read = table_rows(source, STRATEGY_SDG_FILE, problems)
    for row in read[0] if read else ():
        line, v = row
        key = (v["goal"], v["department"])
        if key in seen:
            problems.add(
                path,
                line,
                msg(
                    "duplicate row for goal {goal!r} and department {department} (first on line "
                    "{first})",
                    goal=key[0],
                    department=key[1],
                    first=seen[key],
                ),
            )
            continue
        seen[key] = line
        if key not in tables and codes.unreported(key[1]):
            continue  # its department's row was refused: already reported
        if key not in tables:
            problems.add(
                path,
                line,
                msg(
                    "no objective in {file} has goal {goal!r} and department {department}; check "
                    "the spelling of both",
                    file=STRATEGY_FILE,
                    goal=key[0],
                    department=key[1],
                ),
            )
            continue
        numbers = _sdg_numbers(v["sdg"], path, line, problems)
        if numbers is not None:
            out.append(TableSdgs(key[0], key[1], numbers))
    return tuple(out)
