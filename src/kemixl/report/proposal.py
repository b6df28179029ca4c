"""Talousarviomuutosesitys: the draft budget amendment, for finance to edit (kemixl.proposal).

A table of the binding appropriations forecast to be exceeded (revenue estimates to fall short):
the current revised budget and the forecast (live, from the sheet of binding appropriations),
the amount that covers the forecast (ROUNDUP to `[budget] round_to`), the new revised budget
and the department's explanation, with the amounts' total; then the proposal in words, one
sentence per amendment and one for the total, in the report's language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..binding import Kind, Unit
from ..formulas import Const, Difference, Expr, Max, Ref, RoundUpTo, Sum
from ..i18n import N_, _, current, format_amount, label, terms, using
from ..model import Column, Master
from ..proposal import DraftRow
from ..reconcile import Consolidation
from .binding import (
    EXPLANATION_TITLE,
    KIND_TITLE,
    UNIT_TITLE,
    Row,
    column_widths,
    excerpt,
    unit_name,
    write_texts,
)
from .finance import figure_title
from .measure import text_height
from .page import print_setup
from .sheet import Sheet

UNIT, KIND, CURRENT, FORECAST, AMOUNT, NEW, EXPLANATION = range(7)
WIDTHS = {UNIT: 30, KIND: 18, CURRENT: 13, FORECAST: 13, AMOUNT: 13, NEW: 13, EXPLANATION: 44}
HEADER = 4
AMOUNT_TITLE = N_("Amendment needed")
NEW_TITLE = N_("New revised budget {year}")
LEGEND = N_(
    "A draft for finance to edit: every binding appropriation forecast to be exceeded (an "
    "revenue estimate to fall short), the amount that covers the forecast rounded up to {step} "
    "euros, and the revised budget it gives. With --proposal FILE.csv kemixl writes the same "
    "amendments in the format of amendments.csv, shared among the result areas' lines."
)
NONE = N_("No binding appropriation is forecast to be exceeded: no budget amendment is needed.")
DECISION = N_("Proposal")
PREAMBLE = N_("The council decides on the following budget amendments:")
SENTENCES = {
    Kind.INCOME: N_(
        "{unit}: the binding revenue estimate ({line}) is lowered by {amount} euros; the revised "
        "budget becomes {new} euros."
    ),
    Kind.NET: N_(
        "{unit}: the binding appropriation ({line}) is increased by {amount} euros; the revised "
        "budget becomes {new} euros."
    ),
}
TOTAL_SENTENCE = N_("In all, the amendments weaken the operating margin by {total} euros.")
TOTAL = N_("Total")


def decision(master: Master, row: DraftRow) -> str:
    """One amendment in words (an appropriation, net or gross, grows; a revenue estimate is
    lowered): running text, so in the primary language alone, names and line labels too."""
    sentence = SENTENCES[Kind.INCOME if row.kind is Kind.INCOME else Kind.NET]
    with using(current().primary):
        return _(sentence).format(
            unit=unit_name(master, row.unit),
            line=terms.line_label(row.kind.line),
            amount=format_amount(row.amount),
            new=format_amount(row.new),
        )


def write_proposal_sheet(
    sheet: Sheet,
    c: Consolidation,
    rows: Sequence[DraftRow],
    cells: Mapping[tuple[str, Kind], Row],
    sheets: Mapping[str, str],
) -> int:
    """The draft; `cells` are the binding rows' cells its figures refer to (a row without any
    is written as numbers), `sheets` each department's sheet. Returns its header row."""
    master = c.master
    step = master.settings.budget.round_to
    y = master.period.year
    titles = [
        label(UNIT_TITLE),
        label(KIND_TITLE),
        figure_title(master, Column.TA_AMENDED),
        figure_title(master, Column.FORECAST),
        label(AMOUNT_TITLE),
        label(NEW_TITLE, year=y),
        label(EXPLANATION_TITLE),
    ]
    widths = column_widths(master, titles, WIDTHS)
    sheet.columns(widths)
    sheet.text(0, 0, label("Draft budget amendment {year}", year=y), "title")
    subtitle = _("{city} · {title} · euros").format(
        city=master.settings.city, title=master.settings.title
    )
    sheet.text(1, 0, subtitle, "subtitle")
    legend = _(LEGEND).format(step=format_amount(step))
    written = sheet.lines(2, 0, EXPLANATION, legend, "legend", points=9)
    header = max(HEADER, written[-1] + 2)
    if not rows:
        sheet.lines(header, 0, EXPLANATION, _(NONE), "line_bold", bold=True)
        print_setup(sheet, master)
        return header
    for col, title in enumerate(titles):
        sheet.text(header, col, title, "header_left" if col in (UNIT, KIND) else "header")
    heights = [text_height(t, widths[col], bold=True) for col, t in enumerate(titles)]
    sheet.set_row(header, max(30.0, *heights))
    amounts: list[Ref] = []
    for r, draft in enumerate(rows, start=header + 1):
        amounts.append(_row(sheet, c, r, draft, cells.get((draft.unit, draft.kind)), sheets))
    total = header + 1 + len(rows)
    sheet.text(total, UNIT, label(TOTAL), "label_bold")
    sheet.formula(total, AMOUNT, Sum(tuple(amounts)), "euros_bold")
    sheet.ws.freeze_panes(header + 1, 1)
    row = total + 2
    sheet.text(row, 0, label(DECISION), "heading")
    row = sheet.lines(row + 1, 0, EXPLANATION, _(PREAMBLE))[-1] + 1
    for draft in rows:
        row = sheet.lines(row, 0, EXPLANATION, decision(master, draft))[-1] + 1
    in_all = round(sum(d.amount for d in rows), 2)
    sheet.lines(row, 0, EXPLANATION, _(TOTAL_SENTENCE).format(total=format_amount(in_all)))
    print_setup(sheet, master, (header, header))
    return header


def _row(
    sheet: Sheet,
    c: Consolidation,
    row: int,
    draft: DraftRow,
    refs: Row | None,
    sheets: Mapping[str, str],
) -> Ref:
    """One amendment's row; returns its amount's cell."""
    master = c.master
    step = master.settings.budget.round_to
    department = master.department_of(draft.unit) or draft.unit
    text = excerpt(draft.explanation, sheets.get(department))
    explanation = (EXPLANATION, text, bool(draft.explanation))
    write_texts(sheet, row, master, Unit(draft.unit, draft.kind), explanation)
    figures: tuple[float | Expr, float | Expr] = (
        (Sum((refs.budget,)), Sum((refs.forecast,)))
        if refs is not None
        else (draft.current, draft.forecast)
    )
    current = sheet.put(row, CURRENT, figures[0], "euros_top")
    forecast = sheet.put(row, FORECAST, figures[1], "euros_top")
    gap = Max((Difference(current, forecast), Const(0)))
    amount = sheet.formula(row, AMOUNT, RoundUpTo(gap, step), "euros_top_bold")
    sheet.formula(row, NEW, Difference(current, amount), "euros_top")
    return amount
