"""The KPI sheet (Tunnusluvut): a block per department and result area, as the seed prints them.

Every department with KPIs opens with its title: its code and name and, on the next line, its
responsible person (Vastuuhenkilö); its own KPIs follow. Each result area with KPIs is a block
under it, titled the same way (the area's responsible person, else the department's). A KPI
group ("Kävijöiden lukumäärä") is a line of its own with its KPIs indented below it, unless a
KPI of that name leads the group ("Lapset/oppilaat, yhteensä 20.9." and its parts).

Values: numbers stay numbers (whole numbers as 1 234, decimals as 27,5); texts such as "7 kpl",
"-" or a sentence stay texts, written as text whatever they start with. Every value, number or
text, is right-aligned with an indent, so a value never touches the next column's and "7 kpl"
lines up with 7. Print: the name and the four value columns (A-E), the column titles on every
page, a block's title never apart from its first KPI. Right of the printed area each KPI row
carries its department, result area, group and responsible person, for the autofilter.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import N_, _, label, terms
from ..model import Column, CostCentre, Kpi, Master
from ..reconcile import Consolidation
from .measure import fitted_width, text_height
from .page import keep_together
from .sheet import Sheet

HEADER_ROW = 3
NAME, TP, TA, ACTUAL, FORECAST = range(5)  # printed
DEPT, AREA, GROUP, RESPONSIBLE = range(5, 9)  # for the autofilter, right of the printed area
VALUES = (TP, TA, ACTUAL, FORECAST)
WIDTHS = {NAME: 48, TP: 22, TA: 22, ACTUAL: 22, FORECAST: 22, DEPT: 24, AREA: 28, GROUP: 20}
RESPONSIBLE_WIDTH = 24
INDENT = 2.0  # digits a value's indent takes from its column
RESPONSIBLE_LINE = N_("Responsible person {person}")
UNIT_TITLE = "{code} {name}"


def kpi_titles(master: Master) -> list[str]:
    p = master.period
    months = f"{p.first_month}-{p.last_month}/{p.year}"  # as the seed writes it here: 1-6/2023
    return [
        label("Output / key figure"),
        terms.column_title(p, Column.TP_PREV),
        terms.column_title(p, Column.TA),
        label(terms.KPI_ACTUAL, months=months),
        terms.column_title(p, Column.FORECAST),
        label(N_("Department")),
        label(N_("Result area")),
        label(terms.KPI_GROUP),
        label(terms.RESPONSIBLE),
    ]


@dataclass(frozen=True)
class Block:
    """A department's or a result area's KPIs under its title."""

    unit: CostCentre
    department: CostCentre
    responsible: str
    kpis: tuple[Kpi, ...]


def blocks_of(master: Master) -> list[Block]:
    """The KPIs by department (the tree's order) and unit: the department's own first (a
    department with none still opens with its title, a block of no KPIs), then each result
    area's (any depth, in the tree's order). Departments without KPIs are left out; the
    city's own KPIs, if any, come first."""
    by_code: dict[str, list[Kpi]] = {}
    for kpi in master.kpis:
        by_code.setdefault(kpi.code, []).append(kpi)
    root = master.root
    out = (
        [Block(root, root, root.responsible, tuple(by_code[root.code]))]
        if root.code in by_code
        else []
    )
    for dept in master.departments:
        units = [u for u in _units(master, dept) if u.code in by_code]
        if units and units[0] != dept:  # the department's title over its areas' blocks
            out.append(Block(dept, dept, dept.responsible, ()))
        for unit in units:
            person = unit.responsible or dept.responsible
            out.append(Block(unit, dept, person, tuple(by_code[unit.code])))
    return out


def _units(master: Master, node: CostCentre) -> list[CostCentre]:
    return [node, *(u for child in master.children(node.code) for u in _units(master, child))]


def _title(block: Block) -> tuple[str, str]:
    """(first line, second line) of a block's title: the unit, its responsible person."""
    unit = UNIT_TITLE.format(code=block.unit.code, name=terms.centre_name(block.unit))
    person = _(RESPONSIBLE_LINE).format(person=block.responsible) if block.responsible else ""
    return unit, person


def _column_widths(blocks: list[Block], titles: list[str]) -> dict[int, float]:
    """WIDTHS, widened where a single word (of a title, bold, or of a text) would not fit its
    column and would break in the middle."""
    texts: dict[int, list[str]] = {col: [] for col in WIDTHS}
    for b in blocks:
        texts[NAME] += [k.name for k in b.kpis]
        texts[DEPT].append(terms.centre_name(b.department))
        texts[AREA].append(terms.centre_name(b.unit))
        texts[GROUP] += [k.group for k in b.kpis]
        for k in b.kpis:
            texts[TP].append(str(k.tp_prev or ""))
            texts[TA].append(str(k.ta or ""))
    widths = {
        col: max(
            fitted_width(base, [titles[col]], bold=True),
            fitted_width(base, texts[col]) + (INDENT if col in VALUES else 0),
        )
        for col, base in WIDTHS.items()
    }
    widths[RESPONSIBLE] = fitted_width(RESPONSIBLE_WIDTH, [b.responsible for b in blocks])
    return widths


def write_kpi_sheet(sheet: Sheet, c: Consolidation) -> int:
    """Returns the number of KPI rows written. Sets the print area and the page breaks that
    keep a block's title with its first KPI; print_setup does the rest."""
    master = c.master
    ws = sheet.ws
    sheet.text(0, 0, label("Outputs and key figures"), "title")
    sheet.text(
        1,
        0,
        _("{city} · {period} · by department and result area").format(
            city=master.settings.city, period=master.period.label
        ),
        "subtitle",
    )
    titles = kpi_titles(master)
    blocks = blocks_of(master)
    widths = _column_widths(blocks, titles)
    sheet.columns(widths)
    for col, title in enumerate(titles):
        sheet.text(HEADER_ROW, col, title, "header")
    sheet.set_row(
        HEADER_ROW,
        max(30.0, *(text_height(t, widths[col], bold=True) for col, t in enumerate(titles))),
    )
    row = HEADER_ROW
    written = 0
    keep: list[tuple[int, int]] = []  # (title row, first KPI row): never parted by a page break
    for block in blocks:
        row += 1
        _block_title(sheet, row, block, widths, department=block.unit == block.department)
        keep.append((row, row + 1 + (not block.kpis)))  # a department's title: with the next
        names = {k.name for k in block.kpis}
        group = ""
        for kpi in block.kpis:
            if kpi.group and kpi.group != group and kpi.group not in names:
                row += 1  # the group's own line, its KPIs indented below it
                sheet.text(row, NAME, kpi.group, "kpi_group")
                sheet.set_row(row, text_height(kpi.group, widths[NAME]))
            group = kpi.group
            row += 1
            written += 1
            _kpi_row(sheet, row, block, kpi, c, widths)
    if not blocks:
        sheet.text(HEADER_ROW + 1, 0, _("No key figures."))
    last = max(row, HEADER_ROW + 1)
    ws.autofilter(HEADER_ROW, 0, last, len(titles) - 1)
    ws.freeze_panes(HEADER_ROW + 1, 0)
    ws.print_area(0, 0, last, FORECAST)
    breaks = keep_together(sheet, keep, last, FORECAST, HEADER_ROW)
    if breaks:
        ws.set_h_pagebreaks(breaks)
    return written


def _block_title(
    sheet: Sheet, row: int, block: Block, widths: dict[int, float], department: bool
) -> None:
    """The unit's code and name in bold (a department's larger, with a line above it across
    the table), its responsible person on the line below, in one cell."""
    unit, person = _title(block)
    fmt = sheet.fmt["kpi_department" if department else "kpi_block"]
    if person:
        name_run = sheet.fmt["department_run" if department else "bold_run"]
        sheet.ws.write_rich_string(
            row, NAME, name_run, unit, sheet.fmt["plain_run"], "\n" + person, fmt
        )
    else:
        sheet.ws.write_string(row, NAME, unit, fmt)
    fill = sheet.fmt["kpi_department_fill" if department else "plain"]
    for col in VALUES:
        sheet.ws.write_blank(row, col, None, fill)
    scale = 1.1 if department else 1.0  # 11 points, not 10
    height = text_height(unit, widths[NAME] / scale, bold=True) * scale
    if person:
        height += text_height(person, widths[NAME]) - 4
    sheet.set_row(row, height + (6 if department else 2))


def _kpi_row(
    sheet: Sheet, row: int, block: Block, kpi: Kpi, c: Consolidation, widths: dict[int, float]
) -> None:
    value = c.kpis.get(kpi.id)
    values = {
        TP: kpi.tp_prev,
        TA: kpi.ta,
        ACTUAL: value.actual if value else None,
        FORECAST: value.forecast if value else None,
    }
    indented = bool(kpi.group) and kpi.group != kpi.name
    sheet.text(row, NAME, kpi.name, "kpi_name_indented" if indented else "kpi_name")
    heights = [text_height(kpi.name, widths[NAME] - (INDENT if indented else 0))]
    for col, item in values.items():
        if isinstance(item, int | float) and not isinstance(item, bool):
            fmt = "kpi_int" if float(item).is_integer() else "kpi_dec"
            sheet.ws.write_number(row, col, item, sheet.fmt[fmt])
        elif item is None or item == "":
            sheet.ws.write_blank(row, col, None, sheet.fmt["kpi_text"])
        else:
            sheet.text(row, col, str(item), "kpi_text")
            heights.append(text_height(str(item), widths[col] - INDENT))
    helpers = {
        DEPT: terms.centre_name(block.department),
        AREA: "" if block.unit == block.department else terms.centre_name(block.unit),
        GROUP: kpi.group,
        RESPONSIBLE: block.responsible,
    }
    for col, text in helpers.items():
        sheet.text(row, col, text, "helper")
    sheet.set_row(row, max(heights))
