"""The *Ohjeet* sheet: what to fill in, what the live checks say, and when and where to return."""

from __future__ import annotations

from typing import Any

from .. import layout as T
from ..dates import deadline_date
from ..i18n import _, current, label, terms, using
from ..model import Column, Line, Master
from ..numbers import euros
from ..reconcile.plausibility import Unit
from ..report.measure import text_height, wrapped_lines
from . import checks as K
from . import previous as P
from .book import PROTECT_OPTIONS, TemplateBook
from .carried import instructions

INDENT = "   "  # a paragraph that continues the numbered item above it


def instructions_sheet(
    book: TemplateBook, ws: Any, master: Master, dept: str, ledger: bool
) -> None:
    node = master.centre(dept)
    assert node is not None
    s, p = master.settings, master.period
    # running text names sheets, columns and labels in the primary language only ("Talous",
    # not "Talous – Ekonomi", in a bilingual template): readable, and plain to find
    with using(current().primary):
        names = T.sheet_names()
        actual = terms.column_title(p, Column.ACTUAL)
        forecast = terms.column_title(p, Column.FORECAST)
        check = label(terms.CHECK_TITLE)
        margin = terms.line_label(Line.MARGIN)
        previous_title = P.previous_title(earlier) if (earlier := master.previous_period) else ""
    ok = _(K.SUMMARY_OK)
    if ledger:
        # TRANSLATORS: tulosalue = sv resultatområde (Borgå), en result area; glossary.
        fill = _(
            "1. {finance}: in the yellow cells, {forecast} (the whole year's forecast) for every "
            "result area; {actual} is from the accounts and cannot be changed."
        )
    else:
        # TRANSLATORS: tulosalue = sv resultatområde (Borgå), en result area; glossary.
        fill = _(
            "1. {finance}: in the yellow cells, {actual} (the actual) and {forecast} (the whole "
            "year's forecast) for every result area."
        )
    previous = _(
        "The column {previous} shows the previous report's forecast. If the department's "
        "forecast changes from it by {amount} € or more, explain the change on the "
        "{explanations} sheet; until then the {check} column reminds you on the department's "
        "{margin} row."
    )
    lines = [
        (f"{s.title}: {terms.centre_name(node)} ({dept})", book.title),
        (_("{city} · reporting period {period}").format(city=s.city, period=p.label), book.sub),
        ("", None),
        (label("What to fill in"), book.block),
        (fill.format(finance=names.finance, actual=actual, forecast=forecast), book.text),
        (
            INDENT
            + _(
                "The unit is the euro. Revenue as positive numbers, expenses as negative ones (as "
                "in the budget). The accounts, budget and revised budget figures, the operating "
                "margin, the sums and the actual % are calculated and cannot be changed."
            ),
            book.text,
        ),
        *(
            (
                (
                    INDENT
                    + previous.format(
                        previous=previous_title,
                        amount=euros(s.materiality),
                        explanations=names.explanations,
                        check=check,
                        margin=margin,
                    ),
                    book.text,
                ),
            )
            if earlier is not None
            else ()
        ),
        *(((INDENT + carried, book.text),) if (carried := instructions(master)) else ()),
        (
            # TRANSLATORS: talousohjelma ja säästötoimenpiteet = sv ekonomiprogram och
            # sparåtgärder, en financial programme and savings measures; glossary.
            _(
                "2. {explanations}: the budget's implementation and the means of preventing an "
                "overrun, the financial programme and savings measures, the responsible person."
            ).format(explanations=names.explanations),
            book.text,
        ),
        (
            _(
                "3. {kpis}: the actual and forecast of the outputs and indicators (a number or a "
                "short text)."
            ).format(kpis=names.kpis),
            book.text,
        ),
        (
            _(
                "4. {strategy}: each objective's status from the list and its realization as text."
            ).format(strategy=names.strategy),
            book.text,
        ),
        *(
            (
                (
                    _(
                        "5. {investments}: each investment project's actual and whole year's "
                        "forecast, expenditure as negative and income as positive numbers, and "
                        "its status from the list."
                    ).format(investments=names.investments),
                    book.text,
                ),
                (
                    INDENT
                    + _(
                        "A project whose forecast exceeds its revised budget by {amount} € or "
                        "more needs an explanation. The sheet checks its rows as {finance} does."
                    ).format(amount=euros(s.materiality), finance=names.finance),
                    book.text,
                ),
            )
            if master.investments.of_department(dept)
            else ()
        ),
        ("", None),
        (label("Checks in the sheet"), book.block),
        (
            _(
                "The {check} column of the {finance} sheet checks every row as you type: an empty "
                "cell means the row is fine; otherwise the cell holds a short hint and the row is "
                "highlighted."
            ).format(check=check, finance=names.finance),
            book.text,
        ),
        (
            _(
                "The summary at the top of the sheet shows “{ok}” in green when every row is "
                "fine, and otherwise the number of rows to check."
            ).format(ok=ok),
            book.text,
        ),
        (
            _(
                "• {missing_actual} / {missing_forecast}: the row has a budget, but the figure is "
                "missing. Type 0 if that is right."
            ).format(
                missing_actual=_(K.HINT_MISSING_ACTUAL),
                missing_forecast=_(K.HINT_MISSING_FORECAST),
            ),
            book.text,
        ),
        (
            _(
                "• Wrong sign: expenses are typed as negative and revenue as positive numbers, as "
                "in the budget."
            ),
            book.text,
        ),
        (
            _(
                "• {thousands} / {cents}: the figures are about a thousandth (or a hundred times) "
                "of the budget. Type whole euros."
            ).format(thousands=_(K.HINT_UNIT[Unit.THOUSANDS]), cents=_(K.HINT_UNIT[Unit.CENTS])),
            book.text,
        ),
        (
            _(
                "• {below}: the whole year's forecast is smaller than the actual so far. Check "
                "the forecast."
            ).format(below=_(K.HINT_BELOW)),
            book.text,
        ),
        (
            _(
                "• {text}: the cell holds text that cannot be read as a number (e.g. “c. "
                "200 000”), or the number is ambiguous (e.g. “106,571”: thousands or decimals?)."
            ).format(text=_(K.HINT_TEXT)),
            book.text,
        ),
        ("", None),
        (label("Before sending"), book.block),
        (
            _(
                "Make sure the summary shows “{ok}”. If a deviation is right (e.g. a one-off "
                "income), give the reason on the {explanations} sheet."
            ).format(ok=ok, explanations=names.explanations),
            book.text,
        ),
        (
            _(
                "Do not add or delete rows or rename the sheets: the file is read back "
                "automatically."
            ),
            book.text,
        ),
        (_("The sheets are protected without a password to prevent accidents."), book.text),
        (
            _(
                "Financial services check the returned file with the kemixl check tool and get "
                "in touch if needed."
            ),
            book.text,
        ),
        ("", None),
        (_("Return by: {date}").format(date=deadline_date(s.deadline)), book.block),
        (_("Contact person: {contact}").format(contact=s.contact), book.text),
    ]
    ws.set_column(0, 0, WIDTH)
    for r, (text, fmt) in enumerate(lines):
        if text:
            ws.write_string(r, 0, text, fmt)
        if fmt is book.text and wrapped_lines(text, WIDTH) > 1:
            # as tall as its wrapped lines: spreadsheets grow no row for them on their own,
            # and the text would print over the next item
            ws.set_row(r, text_height(text, WIDTH))
    book.one_page.add(id(ws))
    ws.protect("", PROTECT_OPTIONS)


WIDTH = 120  # the sheet's one column, in digits
