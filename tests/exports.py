"""Budget exports of several shapes, written from a master's figures, as a city's financial
system would print them: for the tests of `kemixl init`."""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from openpyxl import Workbook

from kemixl.model import Column, CostCentre, Line, Master

FIGURES = (Column.TP_PREV, Column.TA, Column.TA_AMENDED)
# Accounts of the municipal chart a line's budget is split over (and some the report ignores).
ACCOUNTS = {
    Line.INCOME: (("320000", "Maksutuotot"), ("340000", "Vuokratuotot"), ("900500", "Sisäiset")),
    Line.COSTS: (("400000", "Palkat"), ("434000", "Palvelujen ostot"), ("980200", "Sisäiset")),
}
IGNORED_ACCOUNTS = (("500000", "Verotulot"), ("260000", "Ostovelat"))
# Items of the income statement a line is split into, and the line's total row after them.
ITEMS = {
    Line.INCOME: ("Myyntituotot", "Maksutuotot", "Tuet ja avustukset"),
    Line.COSTS: ("Henkilöstökulut", "Palvelujen ostot", "Aineet, tarvikkeet ja tavarat"),
}
LINE_TOTALS = {Line.INCOME: "Toimintatuotot yhteensä", Line.COSTS: "Toimintakulut yhteensä"}


@dataclass(frozen=True)
class Shape:
    """How an export looks: its column titles (by role), dialect, signs and layout."""

    name: str
    suffix: str = ".csv"
    titles: dict[str, str] = field(default_factory=dict)  # role -> title; absent: no column
    lines: dict[Line, str] = field(default_factory=dict)  # how the line column writes them
    combined: bool = False  # "64110000 HALLINTOPALVELUT" in one cell
    accounts: bool = False  # a row per cost centre and account
    items: bool = False  # a row per cost centre and item of the income statement, and totals
    sep: str = ","
    encoding: str = "utf-8"
    decimal_comma: bool = False
    grouped: bool = False  # thousands grouped by spaces
    costs_positive: bool = False
    debit_credit: bool = False  # income negative, costs positive
    title_rows: tuple[str, ...] = ()
    totals: bool = False  # a total row per department and line
    grand_total: bool = False
    pivot: bool = False  # a department's code only on its first row
    newline: str = "\n"


FI = {
    "dept": "Toimiala",
    "dept_name": "Toimialan nimi",
    "area": "Tulosalue",
    "area_name": "Tulosalueen nimi",
    "line": "Rivi",
    "tp": "TP {prev}",
    "ta": "TA {year}",
    "amended": "Muutettu TA {year}",
}
LINES_FI = {Line.INCOME: "TOIMINTATUOTOT", Line.COSTS: "TOIMINTAKULUT"}

SHAPES = {
    "per-result-area": Shape("per-result-area", titles=FI, lines=LINES_FI),
    "per-cost-centre-and-account": Shape(
        "per-cost-centre-and-account",
        titles={
            "dept": "Toimiala",
            "dept_name": "Toimialan nimi",
            "area": "Kustannuspaikka",
            "area_name": "Kustannuspaikan nimi",
            "account": "Tili",
            "account_name": "Tilin nimi",
            "tp": "TP {prev}",
            "ta": "TA {year}",
            "amended": "Muutettu TA {year}",
        },
        accounts=True,
        debit_credit=True,
    ),
    "code-and-name-in-one-cell": Shape(
        "code-and-name-in-one-cell",
        titles={
            "dept": "Toimiala",
            "area": "Tulosalue",
            "line": "Tuloslaskelman rivi",
            "tp": "TP {prev}",
            "ta": "Talousarvio {year}",
            "amended": "Muutettu TA {year}",
        },
        lines=LINES_FI,
        combined=True,
        costs_positive=True,
        pivot=True,
    ),
    "swedish": Shape(
        "swedish",
        titles={
            "dept": "Sektor",
            "dept_name": "Sektorns namn",
            "area": "Resultatområde",
            "area_name": "Namn",
            "line": "Rad",
            "tp": "BS {prev}",
            "ta": "Budget {year}",
            "amended": "Ändrad budget {year}",
        },
        lines={Line.INCOME: "Verksamhetsintäkter", Line.COSTS: "Verksamhetskostnader"},
        sep="\t",
    ),
    "semicolon-windows-1252": Shape(
        "semicolon-windows-1252",
        titles=FI,
        lines=LINES_FI,
        sep=";",
        encoding="cp1252",
        decimal_comma=True,
        grouped=True,
        totals=True,
        newline="\r\n",
        title_rows=("Käyttötalous;;;", "Talousarvio ja tilinpäätös;;;"),
    ),
    "per-item-of-the-income-statement": Shape(
        "per-item-of-the-income-statement",
        titles={
            "dept": "Toimiala",
            "dept_name": "Toimialan nimi",
            "area": "Kustannuspaikka",
            "area_name": "Nimi",
            "line": "Tuloslaskelman erä",
            "tp": "Tilinpäätös {prev}",
            "ta": "Talousarvio {year}",
            "amended": "Muutettu talousarvio {year}",
        },
        items=True,
        sep=";",
        decimal_comma=True,
    ),
    "xlsx-with-title-rows": Shape(
        "xlsx-with-title-rows",
        suffix=".xlsx",
        titles={
            "dept": "Department",
            "dept_name": "Department name",
            "area": "Result area",
            "area_name": "Result area name",
            "line": "Line",
            "tp": "Accounts {prev}",
            "ta": "Budget {year}",
            "amended": "Revised budget {year}",
        },
        lines={Line.INCOME: "Operating revenue", Line.COSTS: "Operating expenses"},
        title_rows=("THE CITY'S BUDGET", "Operating budget by result area"),
        grand_total=True,
        costs_positive=True,
    ),
}


def _leaf_path(master: Master, leaf: CostCentre) -> tuple[CostCentre, CostCentre | None]:
    """(department, result area or None) of a leaf of a city → department → area tree."""
    parent = master.centre(leaf.parent or "")
    if parent is None or parent.parent is None:  # a department without result areas
        return leaf, None
    return parent, leaf


def _sign(shape: Shape, line: Line, value: float) -> float:
    if shape.debit_credit:
        return -value
    if shape.costs_positive and line is Line.COSTS:
        return -value
    return value


def _amount(shape: Shape, value: float) -> object:
    if shape.suffix == ".xlsx":
        return value
    text = f"{value:.2f}" if shape.decimal_comma or value != int(value) else str(int(value))
    if shape.grouped:
        whole, _, cents = text.partition(".")
        sign = "-" if whole.startswith("-") else ""
        digits = whole.lstrip("-")
        groups = []
        while digits:
            groups.insert(0, digits[-3:])
            digits = digits[:-3]
        text = sign + " ".join(groups) + ("." + cents if cents else "")
    return text.replace(".", ",") if shape.decimal_comma else text


def _split(total: float, parts: int, rng: random.Random) -> list[float]:
    """total in parts (cents) that sum to it exactly."""
    cents = round(total * 100)
    cuts = [int(cents * rng.uniform(0.1, 0.5)) for _ in range(parts - 1)]
    return [c / 100 for c in [*cuts, cents - sum(cuts)]]


def _rows(master: Master, shape: Shape, year: int) -> Iterator[dict[str, object]]:
    """The export's rows as role -> value, in the tree's order."""
    rng = random.Random(shape.name)
    seen_dept: set[str] = set()
    leaves = master.leaves(master.root.code)
    by_dept: dict[str, list[CostCentre]] = {}
    for leaf in leaves:
        by_dept.setdefault(_leaf_path(master, leaf)[0].code, []).append(leaf)
    for dept_code, dept_leaves in by_dept.items():
        dept = master.centre(dept_code)
        assert dept is not None
        for leaf in dept_leaves:
            _dept, area = _leaf_path(master, leaf)
            for line in (Line.INCOME, Line.COSTS):
                if (leaf.code, line) not in master.figures:
                    continue
                amounts = master.figures[(leaf.code, line)]
                base: dict[str, object] = {}
                first = dept.code not in seen_dept
                seen_dept.add(dept.code)
                if first or not shape.pivot:
                    base.update(_named(shape, "dept", dept))
                if area is not None:
                    base.update(_named(shape, "area", area))
                if shape.items:
                    splits = {c: _split(amounts[c], len(ITEMS[line]), rng) for c in FIGURES}
                    for i, item in enumerate((*ITEMS[line], LINE_TOTALS[line])):
                        row = {**base, "line": item}
                        for column, key in zip(FIGURES, ("tp", "ta", "amended"), strict=True):
                            value = amounts[column] if i == len(ITEMS[line]) else splits[column][i]
                            row[key] = _amount(shape, _sign(shape, line, value))
                        yield row
                    continue
                if not shape.accounts:
                    row = {**base, "line": shape.lines.get(line, line.value)}
                    for column, key in zip(FIGURES, ("tp", "ta", "amended"), strict=True):
                        row[key] = _amount(shape, _sign(shape, line, amounts[column]))
                    yield row
                    continue
                splits = {c: _split(amounts[c], len(ACCOUNTS[line]), rng) for c in FIGURES}
                for i, (account, name) in enumerate(ACCOUNTS[line]):
                    row = {**base, "account": account, "account_name": name}
                    for column, key in zip(FIGURES, ("tp", "ta", "amended"), strict=True):
                        row[key] = _amount(shape, _sign(shape, line, splits[column][i]))
                    yield row
        if shape.accounts:  # rows the report ignores: taxes, balance sheet
            for account, name in IGNORED_ACCOUNTS:
                row = {**_named(shape, "dept", dept), "account": account, "account_name": name}
                if dept_leaves[0].code != dept.code:
                    row.update(_named(shape, "area", dept_leaves[0]))
                yield {**row, "tp": _amount(shape, 123456.0), "ta": _amount(shape, 654321.0)}
        if shape.totals and dept_leaves[0].code != dept.code:  # a department with result areas
            for line in (Line.INCOME, Line.COSTS):
                row = {**_named(shape, "dept", dept), "line": shape.lines.get(line, line.value)}
                for column, key in zip(FIGURES, ("tp", "ta", "amended"), strict=True):
                    total = sum(
                        master.figures.get((lf.code, line), {}).get(column, 0.0)
                        for lf in dept_leaves
                    )
                    row[key] = _amount(shape, _sign(shape, line, total))
                yield row
    if shape.grand_total:
        for line in (Line.INCOME, Line.COSTS):
            row = {"dept": "Total", "line": shape.lines.get(line, line.value)}
            for column, key in zip(FIGURES, ("tp", "ta", "amended"), strict=True):
                total = sum(
                    master.figures.get((lf.code, line), {}).get(column, 0.0) for lf in leaves
                )
                row[key] = _amount(shape, _sign(shape, line, total))
            yield row


def _named(shape: Shape, role: str, centre: CostCentre) -> dict[str, object]:
    if shape.combined:
        return {role: f"{centre.code} {centre.name}"}
    return {role: centre.code, f"{role}_name": centre.name}


def write_export(master: Master, shape: Shape, folder: Path) -> Path:
    """The master's budget as an export of this shape; returns its path."""
    year = master.period.year
    roles = list(shape.titles)
    header = [shape.titles[r].format(year=year, prev=year - 1) for r in roles]
    rows = [[row.get(r, "") for r in roles] for row in _rows(master, shape, year)]
    path = folder / f"talousarvio-{shape.name}{shape.suffix}"
    if shape.suffix == ".xlsx":
        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = "Taul1"
        for title in shape.title_rows:
            ws.append([title])
        ws.append([])
        ws.append(header)
        for row in rows:
            ws.append([None if v == "" else v for v in row])
        wb.save(path)
        return path
    with path.open("w", encoding=shape.encoding, newline="") as f:
        for title in shape.title_rows:
            f.write(title + shape.newline)
        out = csv.writer(f, delimiter=shape.sep, lineterminator=shape.newline)
        out.writerow(header)
        out.writerows(rows)
    return path


def without(shape: Shape, *roles: str) -> Shape:
    """The shape with some columns left out."""
    return replace(shape, titles={k: v for k, v in shape.titles.items() if k not in roles})
