"""The KPI sheet (Tunnusluvut): every KPI by department and result area.

Numbers stay numbers (whole numbers as 1 234, decimals as 27,5); texts such as "7 kpl" or a
sentence stay texts, written as text whatever they start with.
"""

from __future__ import annotations

from ..model import Kpi, Master
from ..reconcile import Consolidation
from .measure import fitted_width, text_height
from .sheet import Sheet

HEADER_ROW = 3
DEPARTMENT = 0  # the column of department names, in bold
WIDTHS = {0: 17, 1: 22, 2: 14, 3: 32, 4: 17, 5: 17, 6: 17, 7: 17, 8: 18}


def kpi_titles(master: Master) -> list[str]:
    p = master.period
    return [
        "Toimiala",
        "Tulosalue",
        "Ryhmä",
        "Suorite / tunnusluku",
        f"TP {p.year - 1}",
        f"TA {p.year}",
        f"TOTEUMA {p.first_month}-{p.last_month}/{p.year}",
        f"TP-ENNUSTE {p.year}",
        "Vastuuhenkilö",
    ]


def _where(master: Master, kpi: Kpi) -> tuple[str, str]:
    """(department name, result area name); a department's own KPI has no result area."""
    dept = master.department_of(kpi.code) or kpi.code
    d, node = master.centre(dept), master.centre(kpi.code)
    area = "" if kpi.code == dept or node is None else node.name
    return (d.name if d else dept), area


def _responsible(master: Master, kpi: Kpi) -> str:
    """The result area's responsible person, else its department's (as the seed's KPI sections)."""
    node = master.centre(kpi.code)
    dept = master.centre(master.department_of(kpi.code) or kpi.code)
    return (node.responsible if node else "") or (dept.responsible if dept else "")


def _column_widths(rows: list[list[object]], titles: list[str]) -> dict[int, float]:
    """WIDTHS, widened where a single word (of a title or a department's name, both bold, or
    of any other text) would not fit its column and would break in the middle."""
    widths: dict[int, float] = {}
    for col, base in WIDTHS.items():
        texts = [str(cells[col]) for cells in rows if isinstance(cells[col], str)]
        widths[col] = max(
            fitted_width(base, [titles[col]], bold=True),
            fitted_width(base, texts, bold=col == DEPARTMENT),
        )
    return widths


def write_kpi_sheet(sheet: Sheet, c: Consolidation) -> int:
    """Returns the number of KPI rows written."""
    master = c.master
    ws = sheet.ws
    sheet.text(0, 0, "Suoritteet ja tunnusluvut", "title")
    sheet.text(
        1,
        0,
        f"{master.settings.city} · {master.period.label} · toimialoittain ja tulosalueittain",
        "subtitle",
    )
    titles = kpi_titles(master)
    rows: list[list[object]] = []
    for kpi in master.kpis:
        dept, area = _where(master, kpi)
        value = c.kpis.get(kpi.id)
        rows.append(
            [
                dept,
                area,
                kpi.group,
                kpi.name,
                kpi.tp_prev,
                kpi.ta,
                value.actual if value else None,
                value.forecast if value else None,
                _responsible(master, kpi),
            ]
        )
    widths = _column_widths(rows, titles)
    sheet.columns(widths)
    for col, title in enumerate(titles):
        sheet.text(HEADER_ROW, col, title, "header")
    sheet.set_row(
        HEADER_ROW,
        max(30.0, *(text_height(t, widths[col], bold=True) for col, t in enumerate(titles))),
    )
    row = HEADER_ROW
    for cells in rows:
        row += 1
        height = text_height("", 1)  # one line
        for col, item in enumerate(cells):
            _cell(sheet, row, col, item, bold=col == DEPARTMENT)
            if isinstance(item, str) and item:
                # every wrapped cell counts, at its own width (the department's name in bold)
                height = max(height, text_height(item, widths[col], bold=col == DEPARTMENT))
        sheet.set_row(row, height)
    if row == HEADER_ROW:
        sheet.text(HEADER_ROW + 1, 0, "Ei tunnuslukuja.")
    ws.autofilter(HEADER_ROW, 0, max(row, HEADER_ROW + 1), len(titles) - 1)
    ws.freeze_panes(HEADER_ROW + 1, 0)
    return row - HEADER_ROW


def _cell(sheet: Sheet, row: int, col: int, value: object, bold: bool = False) -> None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        fmt = "cell_int" if float(value).is_integer() else "cell_dec"
        sheet.ws.write_number(row, col, value, sheet.fmt[fmt])
    elif value is None or value == "":
        sheet.ws.write_blank(row, col, None, sheet.fmt["cell"])
    else:
        sheet.text(row, col, str(value), "cell_bold" if bold else "cell")
