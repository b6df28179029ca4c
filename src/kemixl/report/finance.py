"""The seed's finance tables: department sheets, the departments sheet, the city summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..formulas import Expr, Ratio, Ref, Scaled, Sum
from ..i18n import N_, _, label, terms
from ..model import Column, Line, Master, Period
from ..reconcile import Consolidation
from .measure import LINE_POINTS, text_height, title_width, width_for

if TYPE_CHECKING:
    from .investments import InvestmentLayout
from .block import (
    CHANGE_COL,
    COLS,
    Absent,
    BlockRefs,
    Blocks,
    LeafSource,
    Previous,
    Source,
    SumSource,
    carried_title,
    ref_source,
    total,
)
from .sheet import Sheet
from .status import StatusRules, not_returned_word, overrun_word, pace_word, status_title

__all__ = ["COLS", "BlockRefs", "carried_title", "total"]  # (where the other sheets find them)

HEADER_ROW = 4
WIDTHS = {0: 46, 1: 14, 2: 14, 3: 14, 4: 14, 5: 10, 6: 14, 7: 14}  # at the least
FIRST_ROW = HEADER_ROW + 1
CHANGE_WIDTH = 15


def last_column(master: Master) -> int:
    """The finance tables' last column: the status, or right of it the forecast's change."""
    return CHANGE_COL if master.previous else COLS["status"]


def change_key() -> str:
    """Which sign of a forecast's change is worse, the same on every line (costs are
    negative): the key beside every change column."""
    return _(
        "Change = this forecast outturn minus the previous report's: minus weakens the operating "
        "margin (less revenue or more expenses), plus strengthens it."
    )


def change_title(period: Period) -> str:
    """The forecast-change column's title: 'Muutos 01-06/2023 ennusteesta'."""
    return label("Change from the {months} forecast", months=period.months)


def previous_of(master: Master, code: str) -> Previous | None:
    """The block's forecast per line at the previous report (None: no previous report)."""
    period = master.previous_period
    if period is None:
        return None

    def forecast(line: Line) -> float:
        return master.previous_amount(period, code, line, Column.FORECAST)

    return forecast


@dataclass
class Layout:
    """Where each cost centre's block landed, for links and cross-sheet formulas."""

    blocks: dict[str, tuple[str, int]] = field(default_factory=dict)  # code -> (sheet, label row)
    refs: dict[str, BlockRefs] = field(default_factory=dict)
    overview: dict[str, BlockRefs] = field(default_factory=dict)  # departments-sheet blocks
    investments: InvestmentLayout | None = None  # the investments sheet, where there is one


LABEL_TITLE = "Kustannuspaikka"  # (the templates' Finnish title; the report uses label_title())


def label_title() -> str:
    """The title over column A (every column of a table has a title): Kustannuspaikka."""
    return label(terms.KPI_CODE)


def figure_title(master: Master, column: Column) -> str:
    """A figure column's title in the run's language(s): 'Toteuma 01-06/2023'."""
    return terms.column_title(master.period, column)


def header(
    sheet: Sheet,
    master: Master,
    title: str,
    subtitle: str,
    first_col_title: str | None = None,
    absent: bool = False,
) -> None:
    """Titles, legend and column titles of a finance table, its columns wide enough for every
    word of their titles, the status words and the line labels."""
    ws = sheet.ws
    titles: dict[int, str] = {}
    for key, col in COLS.items():
        if key == "pct":
            titles[col] = terms.pct_title()
        elif key == "status":
            titles[col] = status_title()
        else:
            assert isinstance(key, Column)
            titles[col] = figure_title(master, key)
    # every word of a title (longer in Swedish, both languages in a bilingual run) fits its column
    widths = {
        col: title_width(base, [titles[col]]) if col in titles else base
        for col, base in WIDTHS.items()
    }
    # the status words are never wrapped: the column shows the longest whole
    # (and "not returned", in a report with departments that have not)
    words = (overrun_word(), pace_word(), *((not_returned_word(),) if absent else ()))
    widths[COLS["status"]] = max(widths[COLS["status"]], *(width_for(w, True) for w in words))
    # the line labels (bold in totals) beside their figures; a block's code and name runs on
    # over the blank cells right of it
    lines = [width_for(terms.line_label(line), True) + LABEL_INDENT for line in Line]
    widths[0] = max([widths[0], *lines])
    sheet.columns(widths)
    sheet.text(0, 0, title, "title")
    sheet.text(1, 0, subtitle, "subtitle")
    # in lines within the table's width (rows 3-4; two lines at any period and margin): text
    # running past the table would widen the printed page (LibreOffice prints it)
    legend = StatusRules.of(master).legend()
    if master.previous_period is not None:  # the change column's key: which sign is worse
        legend = f"{legend} {change_key()}"
    sheet.lines(2, 0, last_column(master), legend, "legend", points=9)
    sheet.text(HEADER_ROW, 0, first_col_title or label_title(), "header_left")
    height = 30.0
    for col, text in titles.items():
        sheet.text(HEADER_ROW, col, text, "header")
        height = max(height, text_height(text, sheet.widths[col], bold=True))
    earlier = master.previous_period
    if earlier is not None:
        text = change_title(earlier)
        width = title_width(CHANGE_WIDTH, [text])
        if absent:
            width = max(width, width_for(not_returned_word()) + 1)
        sheet.columns({CHANGE_COL: width})
        sheet.text(HEADER_ROW, CHANGE_COL, text, "header")
        height = max(height, text_height(text, width, bold=True))
    sheet.set_row(HEADER_ROW, height)
    ws.freeze_panes(FIRST_ROW, 1)


def absent_of(c: Consolidation, code: str) -> Absent | None:
    return Absent(c.carried_from(code)) if c.not_returned(code) else None


def _label(master: Master, code: str) -> str:
    node = master.centre(code)
    return f"{code} {terms.centre_name(node)}" if node else code


def write_subtree(
    blocks: Blocks, c: Consolidation, code: str, row: int, layout: Layout
) -> tuple[BlockRefs, int]:
    """Post-order: every descendant's block, then this node's total block (SUMs of its children)."""
    master = c.master
    kids = master.children(code)
    source: Source
    if not kids:
        source = LeafSource(c, code)
    else:
        child_refs = []
        for k in kids:
            refs, row = write_subtree(blocks, c, k.code, row, layout)
            child_refs.append(refs)
        source = SumSource(child_refs)
    refs, nxt = blocks.write(
        row,
        _label(master, code),
        source,
        bold=bool(kids),
        previous=previous_of(master, code),
        absent=absent_of(c, code),
    )
    layout.blocks[code] = (blocks.name, row)
    layout.refs[code] = refs
    return refs, nxt


def write_department_sheet(sheet: Sheet, c: Consolidation, code: str, layout: Layout) -> int:
    master = c.master
    node = master.centre(code)
    assert node is not None
    subtitle = _("{city} · {title} · euros").format(
        city=master.settings.city, title=master.settings.title
    )
    header(sheet, master, terms.centre_name(node), subtitle, absent=bool(c.unreturned))
    blocks = Blocks(sheet, StatusRules.of(master))
    row = write_subtree(blocks, c, code, FIRST_ROW, layout)[1]
    return row


def write_departments_sheet(
    sheet: Sheet, c: Consolidation, dept_sheets: dict[str, str], layout: Layout
) -> int:
    """The seed's second table: one block per department, then the city total."""
    master = c.master
    root = master.root
    subtitle = _("{title} · departments · euros").format(title=master.settings.title)
    header(sheet, master, _label(master, root.code), subtitle, absent=bool(c.unreturned))
    blocks = Blocks(sheet, StatusRules.of(master))
    row = FIRST_ROW
    dept_refs = []
    for d in master.departments:
        earlier = previous_of(master, d.code)
        source: Source
        if d.code in layout.refs and d.code in dept_sheets:
            source = ref_source(layout.refs[d.code])
        else:
            source = LeafSource(c, d.code)
        refs, nxt = blocks.write(
            row,
            _label(master, d.code),
            source,
            previous=earlier,
            absent=absent_of(c, d.code),
        )
        if d.code not in layout.refs or d.code not in dept_sheets:
            layout.blocks[d.code] = (sheet.name, row)
        layout.overview[d.code] = refs
        dept_refs.append(refs)
        row = nxt
    refs, row = blocks.write(
        row,
        _label(master, root.code),
        SumSource(dept_refs),
        bold=True,
        previous=previous_of(master, root.code),
    )
    layout.blocks[root.code] = (sheet.name, row - 4)
    layout.refs[root.code] = refs
    return row


SUMMARY_COLS = (Column.TP_PREV, Column.TA, Column.TA_AMENDED, Column.ACTUAL, Column.FORECAST)
SUMMARY_LAST_COL = 6  # label, five figures and Toteuma-%: columns A-G
SUMMARY_WIDTHS = {0: 34, **{col: 14 for col in range(1, 7)}}  # at the least
LABEL_INDENT = 1.5  # digits a label's indent takes
# TRANSLATORS: the income statement's totals as Finnish municipalities print them in Swedish
# (Helsingfors bokslut 2019, Statistikcentralen: ÅRSBIDRAG, RÄKENSKAPSPERIODENS RESULTAT,
# ÖVERSKOTT / UNDERSKOTT) and in English (Statistics Finland: annual contribution margin).
THOUSAND_EUROS = N_("€1,000")
MARGIN_TOTAL = N_("OPERATING MARGIN TOTAL")
ANNUAL_MARGIN = N_("ANNUAL CONTRIBUTION MARGIN")
RESULT = N_("RESULT FOR THE FINANCIAL PERIOD")
SURPLUS = N_("SURPLUS / DEFICIT")


def write_summary_sheet(
    sheet: Sheet,
    c: Consolidation,
    city: BlockRefs,
    first_row: int = FIRST_ROW,
    investments: BlockRefs | None = None,
) -> dict[str, int]:
    """The city income statement in thousands of euros, TOIMINTATUOTOT to YLIJÄÄMÄ / ALIJÄÄMÄ,
    and, with the investments sheet's city total, the net investments after it."""
    master = c.master
    titles = {
        **{col: figure_title(master, column) for col, column in enumerate(SUMMARY_COLS[:4], 1)},
        5: terms.pct_title(),
        6: figure_title(master, Column.FORECAST),
    }
    sheet.text(first_row - 1, 0, label(THOUSAND_EUROS), "header_left")
    for col, title in titles.items():
        sheet.text(first_row - 1, col, title, "header")
    positions = {
        Column.TP_PREV: 1,
        Column.TA: 2,
        Column.TA_AMENDED: 3,
        Column.ACTUAL: 4,
        Column.FORECAST: 6,
    }
    rows: dict[str, int] = {}
    said: list[tuple[str, bool]] = []  # the row labels written, bold or not
    row = first_row
    written: dict[str, dict[Column, Ref]] = {}

    def put_row(
        key: str, exprs: dict[Column, float | Expr], bold: bool = False, text: str = ""
    ) -> None:
        """A row: `key` names it (a line or total's message id, a central item's name),
        `text` is what it says (the key, by default)."""
        nonlocal row
        sheet.text(row, 0, text or key, "label_bold" if bold else "label")
        said.append((text or key, bold))
        fmt = "keur_bold" if bold else "keur"
        written[key] = {
            col: sheet.put(row, positions[col], exprs[col], fmt) for col in SUMMARY_COLS
        }
        ratio = Ratio(written[key][Column.ACTUAL], written[key][Column.TA_AMENDED])
        sheet.formula(row, 5, ratio, "pct_bold" if bold else "pct")
        rows[key] = row
        row += 1

    for line in (Line.INCOME, Line.COSTS):
        put_row(
            line.value,
            {col: Scaled(city[line][col], 1000) for col in SUMMARY_COLS},
            text=terms.line_label(line),
        )
    margin = MARGIN_TOTAL
    put_row(
        margin,
        {
            col: Sum((written[Line.INCOME.value][col], written[Line.COSTS.value][col]))
            for col in SUMMARY_COLS
        },
        bold=True,
        text=label(MARGIN_TOTAL),
    )

    def section(items_of: str, start: str, result: str) -> None:
        labels = []
        for item in master.central:
            if item.section == items_of:
                put_row(item.name, {col: item.amounts[col] / 1000 for col in SUMMARY_COLS})
                labels.append(item.name)
        put_row(
            result,
            {
                col: Sum((written[start][col], *(written[lb][col] for lb in labels)))
                for col in SUMMARY_COLS
            },
            bold=True,
            text=label(result),
        )

    section("vuosikate", margin, ANNUAL_MARGIN)
    section("tulos", ANNUAL_MARGIN, RESULT)
    section("ylijaama", RESULT, SURPLUS)
    if investments is not None:  # the investment part's net, under the statement
        key = terms.FLOW_LABELS[Line.MARGIN]
        put_row(
            key,
            {
                col: Scaled(
                    Sum((investments[Line.COSTS][col], investments[Line.INCOME][col])), 1000
                )
                for col in SUMMARY_COLS
            },
            bold=True,
            text=label(key),
        )
    # wide enough for every label on one line (bilingual ones are long) and every word of a
    # column title; titles of more than two lines get a row of their height
    labels = [width_for(text, bold) + LABEL_INDENT for text, bold in said]
    widths = {
        0: max([SUMMARY_WIDTHS[0], *labels]),
        **{c: title_width(SUMMARY_WIDTHS[c], [t]) for c, t in titles.items()},
    }
    sheet.columns(widths)
    tallest = max(text_height(t, widths[c], bold=True) for c, t in titles.items())
    if tallest > 2 * LINE_POINTS + 1:
        sheet.set_row(first_row - 1, tallest)
    return rows
