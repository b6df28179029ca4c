"""Talousarviomuutosesitys: the draft budget amendment, for finance to edit (kemixl.proposal).

A table of the binding appropriations forecast to be exceeded (revenue estimates to fall short),
then the binding investment projects and groups forecast over their net revised budget: the
current revised budget and the forecast (live, from the sheet of binding appropriations or the
investments sheet),
the amount that covers the forecast (ROUNDUP to `[budget] round_to`), the new revised budget
and the department's explanation, with the amounts' total; then the proposal in words, one
sentence per amendment and one for the total, in the report's language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..binding import Kind
from ..formulas import Const, Difference, Expr, Max, Ref, RoundUpTo, Sum
from ..i18n import N_, _, current, format_amount, label, terms, using
from ..model import NET, Binding, Column, Master
from ..proposal import DraftRow, Part
from ..reconcile import Consolidation
from .binding import (
    EXPLANATION_TITLE,
    KIND_TITLE,
    KIND_WORDS,
    UNIT_TITLE,
    Row,
    column_widths,
    excerpt,
    kind_text,
    unit_name,
    write_texts,
)
from .finance import figure_title
from .investments import BINDING_WORDS, InvestmentLayout
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
INVESTMENT_LEGEND = N_(
    "An investment project's or project group's amendment names its projects in the CSV's "
    "column project, shared among their expenditure (MENOT) and income (TULOT)."
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
INVESTMENT_TOTAL = N_("In all, the amendments increase net investments by {total} euros.")
TOTAL = N_("Total")


def names(master: Master, row: DraftRow) -> tuple[str, str]:
    """A row's unit and what of it binds: '64300000 HYVINVOINTITOIMIALA', 'TOIMINTAKATE,
    nettomääräraha'; 'I2320 Koulun peruskorjaus' or 'Liikuntapaikat (hankeryhmä, 64300000)',
    'NETTOINVESTOINNIT, nettomääräraha'."""
    if row.part is Part.OPERATING:
        return unit_name(master, row.unit), kind_text(row.kind)
    kind = f"{label(terms.FLOW_LABELS[NET])}, {label(KIND_WORDS[Kind.NET])}"
    p = master.investments.project(row.projects[0])
    if p is None:  # not from this master's projects: as the row names it
        return row.unit, kind
    if p.binding is Binding.PROJECT:
        return f"{p.id} {terms.master_text(p, 'name')}", kind
    words = label(BINDING_WORDS[Binding.GROUP])
    return f"{terms.master_text(p, 'group')} ({words}, {row.department})", kind


def decision(master: Master, row: DraftRow) -> str:
    """One amendment in words (an appropriation, net or gross or an investment, grows; a
    revenue estimate is lowered): running text, so in the primary language alone, names and
    line labels too."""
    sentence = SENTENCES[Kind.INCOME if row.kind is Kind.INCOME else Kind.NET]
    with using(current().primary):
        investment = row.part is Part.INVESTMENT
        return _(sentence).format(
            unit=names(master, row)[0],
            line=label(terms.FLOW_LABELS[NET]) if investment else terms.line_label(row.kind.line),
            amount=format_amount(row.amount),
            new=format_amount(row.new),
        )


def totals(rows: Sequence[DraftRow]) -> list[str]:
    """The closing sentences: what the operating part's amendments weaken the operating margin
    by, and what the investment part's add to net investments (each where there are any)."""
    out = []
    for part, sentence in ((Part.OPERATING, TOTAL_SENTENCE), (Part.INVESTMENT, INVESTMENT_TOTAL)):
        amounts = [d.amount for d in rows if d.part is part]
        if amounts:
            out.append(_(sentence).format(total=format_amount(round(sum(amounts), 2))))
    return out


def write_proposal_sheet(
    sheet: Sheet,
    c: Consolidation,
    rows: Sequence[DraftRow],
    cells: Mapping[tuple[str, Kind], Row],
    sheets: Mapping[str, str],
    investments: InvestmentLayout | None = None,
) -> int:
    """The draft; `cells` are the binding rows' cells its figures refer to, `investments` the
    investments sheet's (a row without any is written as numbers), `sheets` each department's
    sheet. Returns its header row."""
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
    more = [names(master, r) for r in rows if r.part is Part.INVESTMENT]
    widths = column_widths(master, titles, WIDTHS, more)
    sheet.columns(widths)
    sheet.text(0, 0, label("Draft budget amendment {year}", year=y), "title")
    subtitle = _("{city} · {title} · euros").format(
        city=master.settings.city, title=master.settings.title
    )
    sheet.text(1, 0, subtitle, "subtitle")
    legend = _(LEGEND).format(step=format_amount(step))
    if any(r.part is Part.INVESTMENT for r in rows):
        legend += " " + _(INVESTMENT_LEGEND)
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
        refs = _refs(draft, cells, investments)
        where = investments.sheet if investments and draft.part is Part.INVESTMENT else None
        amounts.append(_row(sheet, c, r, draft, refs, where or sheets.get(draft.department)))
    total = header + 1 + len(rows)
    sheet.text(total, UNIT, label(TOTAL), "label_bold")
    sheet.formula(total, AMOUNT, Sum(tuple(amounts)), "euros_bold")
    sheet.ws.freeze_panes(header + 1, 1)
    row = total + 2
    sheet.text(row, 0, label(DECISION), "heading")
    row = sheet.lines(row + 1, 0, EXPLANATION, _(PREAMBLE))[-1] + 1
    for draft in rows:
        row = sheet.lines(row, 0, EXPLANATION, decision(master, draft))[-1] + 1
    for sentence in totals(rows):
        row = sheet.lines(row, 0, EXPLANATION, sentence)[-1] + 1
    print_setup(sheet, master, (header, header))
    return header


def _refs(
    draft: DraftRow,
    cells: Mapping[tuple[str, Kind], Row],
    investments: InvestmentLayout | None,
) -> tuple[Expr, Expr] | None:
    """The cells a row's current budget and forecast are: its binding row's, or the sum of its
    projects' net figures on the investments sheet; None where the report shows none."""
    if draft.part is Part.OPERATING:
        refs = cells.get((draft.unit, draft.kind))
        return None if refs is None else (Sum((refs.budget,)), Sum((refs.forecast,)))
    if investments is None or not all(p in investments.projects for p in draft.projects):
        return None
    nets = [investments.projects[p][1][NET] for p in draft.projects]
    return (
        Sum(tuple(n[Column.TA_AMENDED] for n in nets)),
        Sum(tuple(n[Column.FORECAST] for n in nets)),
    )


def _row(
    sheet: Sheet,
    c: Consolidation,
    row: int,
    draft: DraftRow,
    refs: tuple[Expr, Expr] | None,
    where: str | None,
) -> Ref:
    """One amendment's row (`where`: the sheet the whole explanation is on); returns its
    amount's cell."""
    step = c.master.settings.budget.round_to
    text = excerpt(draft.explanation, where)
    write_texts(sheet, row, names(c.master, draft), (EXPLANATION, text, bool(draft.explanation)))
    figures = refs if refs is not None else (draft.current, draft.forecast)
    current = sheet.put(row, CURRENT, figures[0], "euros_top")
    forecast = sheet.put(row, FORECAST, figures[1], "euros_top")
    gap = Max((Difference(current, forecast), Const(0)))
    amount = sheet.formula(row, AMOUNT, RoundUpTo(gap, step), "euros_top_bold")
    sheet.formula(row, NEW, Difference(current, amount), "euros_top")
    return amount
