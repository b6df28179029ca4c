"""Sitovat määrärahat: one row per binding appropriation (kemixl.binding) with its Muutettu TA,
Toteuma and TP-ennuste, the difference (forecast − revised budget) and its percentage, a status
word and the department's explanation; then the totals.

The figures are live formulas over the cells the report already shows: a department's block on
the departments sheet, a result area's (or any deeper unit's) on its department's sheet, so an
edit there moves this sheet too. The difference is negative on the unfavourable side in every
kind; the status word says which way the forecast goes (ylittyy / alittuu / toteutuu: for a
revenue estimate "alittuu" is the shortfall) and the unfavourable rows are red, as YLITYS.
With a gross measure the revenue estimates come first, then the appropriations, each with a
subtotal, then the net total.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..binding import Kind, Unit, units
from ..formulas import Abs, Compare, Cond, Difference, Expr, Ratio, Ref, Round, Sum
from ..i18n import N_, _, label, terms
from ..model import Column, Master
from ..reconcile import Consolidation
from .explain import paragraphs
from .finance import LABEL_INDENT, BlockRefs, Layout, figure_title
from .measure import fitted_width, text_height, title_width, width_for
from .page import print_setup
from .sheet import Sheet
from .status import not_returned_word, overrun, status_title, write_flags
from .unreturned import total_note

UNIT, KIND, BUDGET, ACTUAL, FORECAST, DIFFERENCE, PERCENT, STATUS, EXPLANATION = range(9)
WIDTHS = {
    UNIT: 30,
    KIND: 18,
    BUDGET: 13,
    ACTUAL: 13,
    FORECAST: 13,
    DIFFERENCE: 13,
    PERCENT: 8,
    STATUS: 10,
    EXPLANATION: 40,
}
HEADER = 4  # the first header row possible: titles, subtitle and a legend of two lines above
UNIT_TITLE = N_("Binding unit")
KIND_TITLE = N_("Appropriation or estimate")
DIFFERENCE_TITLE = N_("Difference (forecast − revised budget)")
PERCENT_TITLE = N_("Difference %")
EXPLANATION_TITLE = N_("Department's explanation")
TOTAL = N_("Total")
SUBTOTALS = {
    Kind.INCOME: N_("Revenue estimates in total"),
    Kind.COSTS: N_("Appropriations in total"),
}
NET_TOTAL = N_("Total, net")
KIND_WORDS = {
    Kind.NET: terms.NET_APPROPRIATION,
    Kind.COSTS: terms.APPROPRIATION,
    Kind.INCOME: terms.REVENUE_ESTIMATE,
}
EXCERPT = 160  # characters of an explanation shown; the whole text is on the department's sheet
NOT_EXPLAINED = N_("no explanation")
LEVELS = {
    ("department", "net"): N_(
        "The council binds the budget per department at the operating margin (net)."
    ),
    ("department", "gross"): N_(
        "The council binds the budget per department at the operating expenses "
        "(appropriations) and the operating revenue (revenue estimates), each on its own "
        "(gross)."
    ),
    ("result-area", "net"): N_(
        "The council binds the budget per result area at the operating margin (net)."
    ),
    ("result-area", "gross"): N_(
        "The council binds the budget per result area at the operating expenses "
        "(appropriations) and the operating revenue (revenue estimates), each on its own "
        "(gross)."
    ),
}
MARKED = N_("Some units bind as the master data's cost-centre list marks them.")
RULE = N_(
    "Difference = forecast outturn − revised budget; below zero the forecast is on the "
    "unfavourable side: {over} for an appropriation, {under} for a revenue estimate (red). An "
    "exceeded binding appropriation needs a budget amendment decided by the council (Local "
    "Government Act 110 §); see sheet {draft}."
)


def kind_text(kind: Kind) -> str:
    """'TOIMINTAKATE, nettomääräraha', 'TOIMINTATUOTOT, tuloarvio' (both languages if
    bilingual)."""
    return f"{terms.line_label(kind.line)}, {label(KIND_WORDS[kind])}"


def unit_name(master: Master, code: str) -> str:
    node = master.centre(code)
    return f"{code} {terms.centre_name(node)}" if node else code


def excerpt(text: str, sheet: str | None) -> str:
    """An explanation's beginning: its first paragraph up to EXCERPT characters (cut at a word)
    and, when that is not all of it, where the whole text is."""
    parts = paragraphs(text)
    if not parts:
        return label(NOT_EXPLAINED)  # a status word: in both languages of a bilingual run
    first = " ".join(parts[0].split())
    if len(first) <= EXCERPT and len(parts) == 1:
        return first
    if len(first) > EXCERPT:
        first = first[: first.rfind(" ", 0, EXCERPT) if " " in first[:EXCERPT] else EXCERPT]
    shown = first.rstrip(" ,;:") + " …"
    if sheet is None:
        return shown
    return _("{text} (continues on sheet {sheet})").format(text=shown, sheet=sheet)


def words(kind: Kind) -> tuple[str, str]:
    """The status words of the unfavourable and the favourable side of a kind."""
    over, under = label(terms.BINDING_OVER), label(terms.BINDING_UNDER)
    return (under, over) if kind is Kind.INCOME else (over, under)


def column_widths(
    master: Master,
    titles: Sequence[str],
    bases: Mapping[int, float],
    more: Sequence[tuple[str, str]] = (),
) -> dict[int, float]:
    """Widths for every word of the titles, and of the units' names and the kinds' texts
    (VERKSAMHETSBIDRAG unbroken) and of `more` rows' (name, kind), in columns UNIT and KIND."""
    widths = {col: title_width(base, [titles[col]]) for col, base in bases.items()}
    names = [unit_name(master, u.code) for u in units(master)] + [n for n, _k in more]
    widths[UNIT] = fitted_width(widths[UNIT], names, most=2)
    kinds = [kind_text(k) for k in Kind] + [k for _n, k in more]
    widths[KIND] = fitted_width(widths[KIND], kinds, most=2)
    return widths


@dataclass(frozen=True)
class Row:
    """Where a binding row (or a total) landed: its Muutettu TA, Toteuma and TP-ennuste."""

    budget: Ref
    actual: Ref
    forecast: Ref
    absent: bool = False  # a department inside has not returned: the forecast is not whole


FIGURES = ((BUDGET, Column.TA_AMENDED), (ACTUAL, Column.ACTUAL), (FORECAST, Column.FORECAST))


def unit_refs(layout: Layout, code: str) -> BlockRefs | None:
    """The block the report shows a unit's figures in: a department's on the departments
    sheet, any other node's on its department's sheet."""
    return layout.overview.get(code) or layout.refs.get(code)


def _figures(
    sheet: Sheet,
    row: int,
    kind: Kind,
    values: dict[Column, float | Expr | None],
    bold: bool,
    absent: bool = False,
) -> Row:
    """Muutettu TA, Toteuma, TP-ennuste, the difference, its % and the status of one row. A
    figure the report does not know (None) is an empty cell, and so is what depends on it; a
    unit whose department has not returned, or a total of such a unit, is never flagged and
    has no difference (its forecast is not whole): its status says so."""
    style = "bold" if bold else "top"  # a unit's row may be tall: its figures at the top
    num = "euros_bold" if bold else "euros_top"
    placed = {column: sheet.put(row, col, values[column], num) for col, column in FIGURES}
    budget, forecast = placed[Column.TA_AMENDED], placed[Column.FORECAST]
    known = not (budget.blank or forecast.blank or absent)
    change = Difference(forecast, budget) if known else None
    difference = sheet.put(row, DIFFERENCE, change, f"change_{style}")
    sheet.put(row, PERCENT, Ratio(difference, Abs(budget)) if known else None, f"pct_{style}")
    if absent:
        sheet.text(row, STATUS, not_returned_word(), "status" if bold else "status_top")
        return Row(budget, placed[Column.ACTUAL], forecast, absent=True)
    worse, better = words(kind)
    cases: list[tuple[Cond, str, str | None]] = [
        (overrun(forecast, budget), worse, "cf_overrun"),
        (Compare(Round(forecast, 2), ">", Round(budget, 2)), better, None),
    ]
    met = label(terms.BINDING_MET)
    write_flags(sheet, row, STATUS, cases, met, UNIT, "status" if bold else "status_top")
    return Row(budget, placed[Column.ACTUAL], forecast)


def _total(sheet: Sheet, row: int, text: str, kind: Kind, parts: Sequence[Row]) -> Row:
    """A total row: live sums of the parts' figures."""
    sheet.text(row, UNIT, text, "label_bold")
    values: dict[Column, float | Expr | None] = {
        Column.TA_AMENDED: Sum(tuple(p.budget for p in parts)),
        Column.ACTUAL: Sum(tuple(p.actual for p in parts)),
        Column.FORECAST: Sum(tuple(p.forecast for p in parts)),
    }
    return _figures(sheet, row, kind, values, True, any(p.absent for p in parts))


def write_binding_sheet(
    sheet: Sheet, c: Consolidation, layout: Layout, sheets: dict[str, str], draft: str
) -> tuple[int, dict[Unit, Row]]:
    """The sheet; `sheets` names each department's sheet (where its whole explanation is),
    `draft` the draft amendment's. Returns the header row and where each binding row is."""
    master = c.master
    rules = master.settings.budget
    titles = [
        label(UNIT_TITLE),
        label(KIND_TITLE),
        figure_title(master, Column.TA_AMENDED),
        figure_title(master, Column.ACTUAL),
        figure_title(master, Column.FORECAST),
        label(DIFFERENCE_TITLE),
        label(PERCENT_TITLE),
        status_title(),
        label(EXPLANATION_TITLE),
    ]
    widths = column_widths(master, titles, WIDTHS)
    statuses = [w for k in Kind for w in words(k)] + [label(terms.BINDING_MET)]
    if c.unreturned:
        statuses.append(not_returned_word())
    widths[STATUS] = max([widths[STATUS], *(width_for(w, True) for w in statuses)])
    sheet.columns(widths)
    sheet.text(0, 0, label("Binding appropriations {year}", year=master.period.year), "title")
    subtitle = _("{city} · {title} · euros").format(
        city=master.settings.city, title=master.settings.title
    )
    sheet.text(1, 0, subtitle, "subtitle")
    legend = [_(LEVELS[(rules.level, rules.measure)])]
    if any(centre.binding is not None for centre in master.centres):
        legend.append(_(MARKED))
    over, under = label(terms.BINDING_OVER), label(terms.BINDING_UNDER)
    legend.append(_(RULE).format(over=over, under=under, draft=draft))
    written = sheet.lines(2, 0, EXPLANATION, " ".join(legend), "legend", points=9)
    header = max(HEADER, written[-1] + 2)
    for col, title in enumerate(titles):
        sheet.text(header, col, title, "header_left" if col in (UNIT, KIND) else "header")
    heights = [text_height(t, widths[col], bold=True) for col, t in enumerate(titles)]
    sheet.set_row(header, max(30.0, *heights))
    placed: dict[Unit, Row] = {}
    row = header + 1
    bound = units(master)
    kinds = list(dict.fromkeys(u.kind for u in bound))
    subtotals: list[Row] = []
    for kind in kinds:
        rows: list[Row] = []
        for u in (u for u in bound if u.kind is kind):
            placed[u] = _unit_row(sheet, c, layout, row, u, sheets)
            rows.append(placed[u])
            row += 1
        if len(kinds) > 1:  # gross: the revenue estimates' and the appropriations' totals
            subtotals.append(_total(sheet, row, label(SUBTOTALS[kind]), kind, rows))
            row += 1
        else:
            _total(sheet, row, label(TOTAL), kind, rows)
    if subtotals:
        _total(sheet, row, label(NET_TOTAL), Kind.NET, subtotals)
    if note := total_note(c):  # what the totals hold for a department that has not returned
        sheet.lines(row + 1, 0, EXPLANATION, note, "subtitle")
    sheet.ws.freeze_panes(header + 1, 1)
    sheet.ws.autofilter(header, 0, row, EXPLANATION)
    print_setup(sheet, master, (header, header))
    return header, placed


def _unit_row(
    sheet: Sheet, c: Consolidation, layout: Layout, row: int, unit: Unit, sheets: dict[str, str]
) -> Row:
    master = c.master
    refs = unit_refs(layout, unit.code)
    values: dict[Column, float | Expr | None] = {}
    for _col, column in FIGURES:
        if refs is not None:  # the cell the report shows (empty where it knows no figure)
            ref = refs[unit.kind.line][column]
            values[column] = None if ref.blank else Sum((ref,))
        elif c.known(unit.code, column):
            values[column] = c.amount(unit.code, unit.kind.line, column)
        else:
            values[column] = None
    department = master.department_of(unit.code) or unit.code
    told = c.explanations.get(department)
    text = excerpt(told.explanation if told else "", sheets.get(department))
    names = (unit_name(master, unit.code), kind_text(unit.kind))
    write_texts(sheet, row, names, (EXPLANATION, text, bool(told and told.explanation)))
    return _figures(sheet, row, unit.kind, values, False, c.not_returned(unit.code))


def write_texts(
    sheet: Sheet, row: int, names: tuple[str, str], explanation: tuple[int, str, bool]
) -> None:
    """A row's unit and kind (columns A and B: `names`) and its explanation (column, text,
    whether the department gave one), in a row tall enough for the longest of them."""
    col, text, given = explanation
    name, kind = names
    sheet.text(row, UNIT, name, "text")
    sheet.text(row, KIND, kind, "text")
    sheet.text(row, col, text, "text_beside" if given else "note_beside")
    heights = (
        text_height(name, sheet.widths[UNIT]),
        text_height(kind, sheet.widths[KIND]),
        text_height(text, sheet.widths[col] - LABEL_INDENT),  # less its indent
    )
    sheet.set_row(row, max(heights))
