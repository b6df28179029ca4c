"""What `kemixl init` says it read and wrote: lines for the terminal, in the run's language."""

from __future__ import annotations

from ..i18n import _, ngettext, render
from .columns import COST_CENTRE, DEPARTMENT, RESULT_AREA
from .records import InitResult, Signs
from .write import WORKBOOK

# (indent, text): 0 for a line of its own, 1 for a line that belongs to the one above
Lines = list[tuple[int, str]]


def signs_text(signs: Signs) -> str:
    """The sign convention found, and what was done about it."""
    if signs.income_turned and signs.costs_turned:
        return _(
            "signs: revenue negative and expenses positive (the bookkeeping's credit and debit): "
            "both turned, to revenue positive and expenses negative"
        )
    if signs.costs_turned:
        return _("signs: expenses positive: turned negative, as kemixl has them")
    if signs.income_turned:
        return _("signs: revenue negative: turned positive, as kemixl has them")
    return _("signs: revenue positive and expenses negative, as kemixl has them: kept")


def _count(level: int, n: int) -> str:
    if level == DEPARTMENT:
        return ngettext("{n} department", "{n} departments", n).format(n=n)
    if level == RESULT_AREA:
        return ngettext("{n} result area", "{n} result areas", n).format(n=n)
    assert level == COST_CENTRE
    return ngettext("{n} cost centre", "{n} cost centres", n).format(n=n)


def _counts(result: InitResult) -> str:
    return ", ".join(_count(level, n) for level, n in result.counts)


def summary(result: InitResult) -> Lines:
    """The lines `kemixl init` prints."""
    folder = str(result.folder)
    if not result.source:
        lines: Lines = [
            (
                0,
                _(
                    "wrote {folder}: the master data's files with their column titles, and "
                    "{workbook} to fill in ({period})"
                ).format(folder=folder, workbook=WORKBOOK, period=result.period.label),
            )
        ]
        lines += [(1, _("note: {note}").format(note=render(n))) for n in result.notes]
        book = str(result.folder / WORKBOOK)
        lines.append(
            (
                0,
                _(
                    "next: fill in {workbook} (or the CSV files); then kemixl templates --master "
                    "{workbook}"
                ).format(workbook=book),
            )
        )
        return lines
    lines = [
        (
            0,
            _("read {file}: {rows} rows under the header on line {line} ({how})").format(
                file=result.source,
                rows=result.rows,
                line=result.header_line,
                how=render(result.read_as),
            ),
        )
    ]
    lines += [(1, f"{title} → {render(what)}") for title, what in result.columns]
    if result.signs is not None:
        lines.append((1, signs_text(result.signs)))
    city = _("city: {code} {name}").format(code=result.city.code, name=result.city.name)
    how = (
        _("(--city-code)")
        if result.city_code_given
        else _("(the codes' common beginning; give another with --city-code)")
    )
    lines.append((1, f"{city} {how}"))
    lines += [(1, _("note: {note}").format(note=render(n))) for n in result.notes]
    lines.append(
        (
            0,
            _("wrote {folder}: {centres}; {rows} rows of budget figures; {period}").format(
                folder=folder,
                centres=_counts(result),
                rows=result.figure_rows,
                period=result.period.label,
            ),
        )
    )
    lines.append((0, _("next: kemixl templates --master {folder}").format(folder=folder)))
    return lines
