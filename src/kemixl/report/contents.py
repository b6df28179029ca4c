"""The first sheet (Sisällys): readiness, what is where, and what the colours and words mean."""

from __future__ import annotations

from xlsxwriter.utility import quote_sheetname

from ..carry import mark
from ..findings import Rule, Severity, counts
from ..i18n import N_, _, label, ngettext, terms
from ..layout import ALL_STATUSES
from ..model import Line
from ..reconcile import Consolidation
from .measure import text_height, width_for
from .names import BINDING, FINDINGS, sheet_title
from .page import Keep
from .sheet import Sheet
from .status import NEUTRAL, StatusRules, not_returned_word, overrun_word, pace_word

CONTENTS_HEADER = 5
SHEET_COLUMN = N_("Sheet")
CONTENT_COLUMN = N_("Contents")
MARKS = N_("Legend")
# TRANSLATORS: an Excel table's name (screen readers announce it): letters only, no spaces.
CONTENTS_TABLE = N_("TableOfContents")
STATUS_MEANINGS = {
    "Toteutunut": N_("strategy status: the objective has been achieved"),
    "Etenee": N_("strategy status: the work is progressing as planned"),
    "Viivästynyt": N_("strategy status: the work is behind schedule"),
    "Ei käynnistynyt": N_("strategy status: the work has not been started yet"),
    "Jatkuva": N_("strategy status: ongoing activity"),
    "Ei raportoitu": N_("strategy status: the department has not reported the status"),
}


def count_text(n: int, severity: Severity) -> str:
    """'1 virhe', '2 virhettä', '0 varoitusta': the noun agrees with the number."""
    if severity is Severity.ERROR:
        text = ngettext("{n} error", "{n} errors", n)
    elif severity is Severity.WARNING:
        text = ngettext("{n} warning", "{n} warnings", n)
    else:
        text = ngettext("{n} note", "{n} notes", n)
    return text.format(n=n)


def readiness(c: Consolidation) -> tuple[str, str]:
    """(text, format) of the banner: not ready while errors remain."""
    n = counts(c.findings)
    errors, warnings = n[Severity.ERROR], n[Severity.WARNING]
    sheet = sheet_title(FINDINGS)
    if errors:
        text = _(
            "NOT READY FOR THE COUNCIL: {count} uncorrected. The errors and their places: "
            "sheet {sheet}."
        )
        return text.format(count=count_text(errors, Severity.ERROR), sheet=sheet), "banner"
    if warnings:
        text = _("Reconciled: no errors ({count}, see {sheet}).")
        return text.format(count=count_text(warnings, Severity.WARNING), sheet=sheet), "ok_banner"
    return _("Reconciled: no errors."), "ok_banner"


def write_banner(sheet: Sheet, c: Consolidation, row: int, last_col: int) -> list[int]:
    """The readiness banner across columns A..last_col (no merged cells: the text runs over
    the coloured empty cells beside it, in as many rows as it needs). Returns its rows."""
    text, fmt = readiness(c)
    rows = sheet.lines(row, 0, last_col, text, fmt, bold=True, points=12, fill=True)
    for r in rows:
        sheet.set_row(r, 22)
    return rows


def _describe(sheet: Sheet, row: int, text: str) -> None:
    """A description in column B: on one line where it fits (every Finnish one), else wrapped
    in a row of its height (a longer language's), never running past the printed page."""
    if width_for(text) <= sheet.widths[1]:
        sheet.text(row, 1, text)
    else:
        sheet.text(row, 1, text, "text")
        sheet.set_row(row, text_height(text, sheet.widths[1]))


def write_contents_sheet(
    sheet: Sheet, c: Consolidation, entries: list[tuple[str, str]]
) -> tuple[int, list[Keep]]:
    """entries: (sheet name, one-line description) in workbook order. Returns the last row
    written and the rows that print together (see page.Keep): the titles with the table's
    first rows, the legend whole, the closing notes together."""
    master = c.master
    ws = sheet.ws
    sheet.columns({0: 30, 1: 110})
    sheet.text(0, 0, master.settings.title, "title")
    sheet.text(1, 0, f"{master.settings.city} · {master.period.label}", "subtitle")
    # the columns: the sheet names (bilingual ones are longer) and the descriptions
    sheet.columns({0: max(30.0, *(width_for(name) for name, _d in entries))})
    write_banner(sheet, c, 3, 1)
    row = CONTENTS_HEADER
    ws.freeze_panes(row + 1, 0)
    for name, description in entries:
        row += 1
        ws.write_url(row, 0, f"internal:{quote_sheetname(name)}!A1", sheet.fmt["link"], name)
        _describe(sheet, row, description)
    ws.add_table(  # a table: its header row is known as one to screen readers
        CONTENTS_HEADER,
        0,
        max(row, CONTENTS_HEADER + 1),
        1,
        {
            "name": _(CONTENTS_TABLE),
            "style": None,
            "autofilter": False,
            "columns": [
                {"header": title, "header_format": sheet.fmt["header_left"]}
                for title in (label(SHEET_COLUMN), label(CONTENT_COLUMN))
            ],
        },
    )
    keeps = [Keep(0, min(CONTENTS_HEADER + 2, row)), Keep(max(CONTENTS_HEADER + 1, row - 1), row)]
    row += 2
    legend = row
    sheet.text(row, 0, label(MARKS), "heading")
    rules = StatusRules.of(master)
    share = round(rules.elapsed_share * 100)
    limit = round(rules.pace_threshold * 100)
    status, margin, costs = (
        _(terms.STATUS),
        _(terms.LINE_LABELS[Line.MARGIN]),
        _(terms.LINE_LABELS[Line.COSTS]),
    )
    marks = [
        (
            overrun_word(),
            "swatch_overrun",
            _(
                "overspend: the forecast outturn's operating margin falls below the revised "
                "budget's operating margin ({status} column of the {line} row, red)"
            ).format(status=status, line=margin),
        ),
        (
            pace_word(),
            "swatch_pace",
            _(
                "fast pace: the operating expenses' actual % is over {limit} % when {share} % "
                "of the year has passed ({status} column of the {line} row, amber)"
            ).format(limit=limit, share=share, status=status, line=costs),
        ),
        (
            NEUTRAL,
            "status",
            _("nothing to remark: the row has been checked and shows no overspend or fast pace"),
        ),
        (
            f"{label(terms.BINDING_OVER)} / {label(terms.BINDING_UNDER)}",
            "swatch_overrun",
            _(
                "a binding appropriation forecast to be exceeded or a binding revenue estimate "
                "to fall short (sheet {sheet}, red)"
            ).format(sheet=sheet_title(BINDING)),
        ),
    ]
    if c.unreturned:
        marks.append(
            (
                not_returned_word(),
                "status",
                _(
                    "the division has not returned its workbook: its forecast outturn is the "
                    "previous report's (in italics) or blank"
                ),
            )
        )
    earlier = master.previous_period
    if earlier is not None and any(f.rule is Rule.CARRIED_UNCONFIRMED for f in c.findings):
        marks.append(
            (
                mark(earlier).strip(),
                "status",
                _(
                    "at the start of a text or value: the previous report's, not confirmed by "
                    "the division"
                ),
            )
        )
    marks += [
        (
            terms.status_label(key),
            f"swatch_{key}",
            _(STATUS_MEANINGS[key]) if key in STATUS_MEANINGS else key,
        )
        for key in ALL_STATUSES
    ]
    for word, fmt, meaning in marks:
        row += 1
        sheet.text(row, 0, word, fmt)
        _describe(sheet, row, meaning)
    keeps.append(Keep(legend, row))
    row += 2
    sheet.text(
        row,
        0,
        _(
            "The income statement is in thousands of euros, the other sheets in euros. The "
            "figures are formulas: sums, actual % and statuses update when a figure is changed."
        ),
        "legend",
    )
    row += 1
    sheet.text(
        row,
        0,
        _("Compiled with kemixl; master data fingerprint {fingerprint}.").format(
            fingerprint=master.fingerprint or "-"
        ),
        "legend",
    )
    keeps.append(Keep(row - 1, row))
    return row, keeps
