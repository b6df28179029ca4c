"""Reconciliation: submissions checked against the master tree and against themselves.

Pure functions from (master, submissions) to a Consolidation: the figures the report uses
and every finding, in a deterministic order. Nothing here raises on bad data.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from ..findings import Finding, Rule, Severity, joined, ordered
from ..i18n import terms
from ..i18n.message import Amount, Msg, msg
from ..i18n.terms import EXPLANATION, SHEET_EXPLANATIONS, column_msg, line_msg, status_msg
from ..ledger import Ledger
from ..model import INPUT_LINES, MASTER_COLUMNS, REPORTED_COLUMNS, Column, Line, Master, Origin
from ..submissions.records import Block, Cell, Explanations, KpiValue, Realization, Submission
from ..templates.layout import ALL_STATUSES, NOT_REPORTED, TEMPLATE_VERSION
from ..xlsx.cells import norm

E, W, N = Severity.ERROR, Severity.WARNING, Severity.NOTE


@dataclass(frozen=True)
class Consolidation:
    """What the report is built from: master figures, reported figures, texts, findings."""

    master: Master
    reported: dict[tuple[str, Line], dict[Column, float]]
    findings: tuple[Finding, ...]
    sources: tuple[tuple[Submission, str], ...]  # (submission, department code or "")
    explanations: dict[str, Explanations] = field(default_factory=dict)
    kpis: dict[str, KpiValue] = field(default_factory=dict)
    realizations: dict[str, Realization] = field(default_factory=dict)
    submitted_departments: frozenset[str] = frozenset()
    ledger: Ledger | None = None  # where the actuals came from, when finance gave a ledger

    def amount(self, code: str, line: Line, column: Column) -> float:
        """Any figure of any node; totals roll up from the leaves."""
        if column in MASTER_COLUMNS:
            return self.master.master_amount(code, line, column)
        lines = INPUT_LINES if line is Line.MARGIN else (line,)
        return sum(
            self.reported.get((leaf.code, ln), {}).get(column, 0.0)
            for leaf in self.master.leaves(code)
            for ln in lines
        )


def tolerance(cells: Iterable[Cell | float]) -> float:
    """Half a unit of the last decimal of every rounded figure involved.

    Published figures are rounded (to euros, or cents where cents are given), so a sum of n
    rounded items may differ from its rounded total by up to n/2 units plus half a unit of
    the total's own rounding: 1.5 € for TOIMINTAKATE = income + costs in whole euros.
    """
    total = 0.0
    for c in cells:
        decimals = c.decimals if isinstance(c, Cell) else 0
        total += 0.5 * 10.0**-decimals
    return total + 1e-9


def _finding(
    rule: Rule,
    sev: Severity,
    message: Msg,
    cell: Cell | None = None,
    *,
    at: Origin | None = None,
    file: str = "",
    code: str = "",
    submitted: float | str | None = None,
    expected: float | str | None = None,
    origin_cell: str = "",
    sheet: str = "",
    line: Line | None = None,
    column: Column | None = None,
    cells: tuple[str, ...] = (),
) -> Finding:
    if cell is not None:
        at = cell.origin
    if at is not None:
        file, sheet, origin_cell = at.file, at.sheet, at.cell
    return Finding(
        rule,
        sev,
        message,
        file,
        sheet,
        origin_cell,
        code,
        submitted,
        expected,
        line.value if line else "",
        column.value if column else "",
        cells,
    )


def department_of_submission(master: Master, sub: Submission) -> str:
    """The department a workbook belongs to, read from the codes inside it (or its stamp)."""
    if sub.stamp is not None and master.centre(sub.stamp.department) is not None:
        return sub.stamp.department
    votes = Counter(d for b in sub.blocks if (d := master.department_of(b.code)) is not None)
    if not votes:
        return ""
    order = [d.code for d in master.departments]
    return max(votes, key=lambda d: (votes[d], -order.index(d)))


def _value(cell: Cell | None) -> float | None:
    return None if cell is None or cell.opaque else cell.value


def _block_rules(master: Master, sub: Submission, dept: str) -> Iterator[Finding]:
    seen: dict[str, Block] = {}
    for b in sub.blocks:
        node = master.centre(b.code)
        if node is None:
            yield _finding(
                Rule.UNKNOWN_CODE,
                E,
                msg(
                    "cost centre {code} is not in the master tree; correct the code or ask finance",
                    code=b.code,
                ),
                at=b.origin,
                code=b.code,
            )
            continue
        if b.code in seen:
            first = seen[b.code].origin
            yield _finding(
                Rule.DUPLICATE_CODE,
                E,
                msg(
                    "cost centre {code} appears twice (first at {place}); delete one of the blocks",
                    code=b.code,
                    place=first.place,
                ),
                at=b.origin,
                code=b.code,
            )
            continue
        seen[b.code] = b
        owner = master.department_of(b.code)
        if owner != dept and b.code != dept:
            yield _finding(
                Rule.WRONG_DEPARTMENT,
                E,
                msg(
                    "cost centre {code} belongs to department {owner}, not to {dept}; move it to "
                    "that department's workbook",
                    code=b.code,
                    owner=owner,
                    dept=dept,
                )
                if owner
                else msg(
                    "cost centre {code} belongs to the city total, not to {dept}; remove it from "
                    "this workbook",
                    code=b.code,
                    dept=dept,
                ),
                at=b.origin,
                code=b.code,
            )
            continue
        if b.name and norm(b.name) not in {norm(n) for n in terms.centre_names(node)}:
            yield _finding(
                Rule.NAME_MISMATCH,
                W,
                msg(
                    "name {name!r} differs from the master's {master_name!r}; the code is used",
                    name=b.name,
                    master_name=node.name,
                ),
                at=b.origin,
                code=b.code,
                submitted=b.name,
                expected=node.name,
            )
        yield from _figure_rules(master, b)
        yield from _margin_rule(b)
    yield from _total_rules(master, sub, seen)


def _figure_rules(master: Master, b: Block) -> Iterator[Finding]:
    """Leaf figures: master columns must match; reported ones must carry the budget's sign."""
    if master.children(b.code):
        return
    for line in INPUT_LINES:
        cells = b.lines.get(line, {})
        for column in MASTER_COLUMNS:
            v = _value(cells.get(column))
            expected = master.master_amount(b.code, line, column)
            if v is not None and abs(v - expected) > 0.5:
                cell = cells[column]
                yield _finding(
                    Rule.MASTER_MISMATCH,
                    E,
                    msg(
                        "{line} {column} is {value}, the master says {expected}; restore the "
                        "master figure",
                        line=line_msg(line),
                        column=column_msg(master.period, column),
                        value=Amount(v),
                        expected=Amount(expected),
                    ),
                    cell,
                    code=b.code,
                    submitted=v,
                    expected=expected,
                    line=line,
                    column=column,
                )
        for column in REPORTED_COLUMNS:
            typed = cells.get(column)
            if typed is not None and typed.formula:
                yield _finding(
                    Rule.FORMULA_INPUT,
                    E,
                    msg(
                        "{line} {column} holds the formula {formula}, which refers to other "
                        "cells; kemixl does not evaluate or trust it (it would count as 0): type "
                        "the amount",
                        line=line_msg(line),
                        column=column_msg(master.period, column),
                        formula=typed.raw,
                    ),
                    typed,
                    code=b.code,
                    submitted=typed.raw,
                    line=line,
                    column=column,
                )
        budget = master.master_amount(b.code, line, Column.TA_AMENDED) or master.master_amount(
            b.code, line, Column.TA
        )
        if budget == 0:
            continue
        for column in REPORTED_COLUMNS:
            v = _value(cells.get(column))
            if v is not None and v != 0 and (v > 0) != (budget > 0):
                args = {
                    "line": line_msg(line),
                    "column": column_msg(master.period, column),
                    "value": Amount(v),
                    "budget": Amount(budget),
                }
                yield _finding(
                    Rule.WRONG_SIGN,
                    E,
                    msg(
                        "{line} {column} {value} has the wrong sign (costs are negative, as in "
                        "the budget {budget}); flip the sign",
                        **args,
                    )
                    if budget < 0
                    else msg(
                        "{line} {column} {value} has the wrong sign (income is positive, as in "
                        "the budget {budget}); flip the sign",
                        **args,
                    ),
                    cells[column],
                    code=b.code,
                    submitted=v,
                    expected=-v,
                    line=line,
                    column=column,
                )


def column_label(master: Master, column: Column) -> str:
    return master.period.column_title(column)


def _margin_rule(b: Block) -> Iterator[Finding]:
    margin = b.lines.get(Line.MARGIN)
    if margin is None:
        return
    for column, mcell in margin.items():
        m = _value(mcell)
        parts = [b.lines.get(ln, {}).get(column) for ln in INPUT_LINES]
        if m is None or any(p is not None and p.opaque for p in parts):
            continue
        present = [p for p in parts if p is not None and p.value is not None]
        expected = sum(p.value for p in present if p.value is not None)
        if abs(m - expected) > tolerance([*present, mcell]):
            yield _finding(
                Rule.SUM_MISMATCH,
                E,
                msg(
                    "{margin} {value} is not {income} + {costs} = {expected} (off by {off})",
                    margin=line_msg(Line.MARGIN),
                    income=line_msg(Line.INCOME),
                    costs=line_msg(Line.COSTS),
                    value=Amount(m),
                    expected=Amount(expected),
                    off=Amount(m - expected),
                ),
                mcell,
                code=b.code,
                submitted=m,
                expected=expected,
                line=Line.MARGIN,
                column=column,
            )


def _total_rules(master: Master, sub: Submission, blocks: dict[str, Block]) -> Iterator[Finding]:
    """A total block must equal the sum of its result areas' blocks in the same workbook."""
    for code, b in blocks.items():
        expected_kids = master.children(code)
        kids = [blocks[k.code] for k in expected_kids if k.code in blocks]
        if not kids or len(kids) < len(expected_kids):
            continue  # a missing result area is its own finding; its absence is no sum error
        for line, cells in b.lines.items():
            if line is Line.MARGIN:
                continue  # a total's margin is checked against its own income and costs
            for column, tcell in cells.items():
                total = _value(tcell)
                if total is None:
                    continue
                parts = [k.lines.get(line, {}).get(column) for k in kids]
                if any(p is not None and p.opaque for p in parts):
                    continue
                present = [p for p in parts if p is not None and p.value is not None]
                expected = sum(p.value for p in present if p.value is not None)
                if abs(total - expected) > tolerance([*present, tcell]):
                    yield _finding(
                        Rule.SUM_MISMATCH,
                        E,
                        msg(
                            "total {line} {column} {value} is not the sum of its result areas "
                            "{expected} (off by {off})",
                            line=line_msg(line),
                            column=column_msg(master.period, column),
                            value=Amount(total),
                            expected=Amount(expected),
                            off=Amount(total - expected),
                        ),
                        tcell,
                        code=code,
                        submitted=total,
                        expected=expected,
                        line=line,
                        column=column,
                    )


def _coverage_rules(
    master: Master, sub: Submission, dept: str, inputs: tuple[Column, ...] = REPORTED_COLUMNS
) -> Iterator[Finding]:
    """Missing result areas; and of the input columns (forecasts only, when the actuals come
    from the ledger) an empty submission, a missing column, blank cells."""
    codes = {b.code for b in sub.blocks}
    for leaf in master.leaves(dept):
        if leaf.code == dept or leaf.code in codes:
            continue
        budget = master.has_budget(leaf.code)
        parent = master.centre(leaf.parent or "")
        subtotal = parent is not None and parent.code != dept and parent.code in codes
        yield _finding(
            Rule.MISSING_RESULT_AREA,
            E if budget else W,
            _missing_area(leaf.code, leaf.name, budget, parent.code if parent and subtotal else ""),
            file=sub.name,
            code=leaf.code,
        )
    reported = [
        c
        for b in sub.blocks
        if master.centre(b.code) is not None and not master.children(b.code)
        for line in INPUT_LINES
        for col in inputs
        if (c := b.lines.get(line, {}).get(col)) is not None and (c.value is not None or c.opaque)
    ]
    if not reported and sub.blocks:
        yield _finding(
            Rule.EMPTY_SUBMISSION,
            E,
            msg(
                "no actuals or forecasts are filled in for {dept}; fill in the {actual} and "
                "{forecast} columns",
                dept=dept,
                actual=column_msg(master.period, Column.ACTUAL),
                forecast=column_msg(master.period, Column.FORECAST),
            ),
            file=sub.name,
            code=dept,
        )
        return
    leaves = [
        b
        for b in sub.blocks
        if master.department_of(b.code) == dept and not master.children(b.code)
    ]
    for col in inputs:
        if leaves and not any(col in b.lines.get(line, {}) for b in leaves for line in INPUT_LINES):
            yield _finding(
                Rule.MISSING_COLUMN,
                E,
                msg(
                    "there is no {column} column; add it to the header row and fill it in",
                    column=column_msg(master.period, col),
                ),
                file=sub.name,
                code=dept,
                column=col,
            )
            continue
        for b in leaves:
            for line in INPUT_LINES:
                cell = b.lines.get(line, {}).get(col)
                amended = master.master_amount(b.code, line, Column.TA_AMENDED)
                if cell is not None and cell.value is None and not cell.opaque and amended != 0:
                    yield _finding(
                        Rule.BLANK_INPUT,
                        W,
                        msg(
                            "{line} {column} is blank although the line has a budget; it is "
                            "counted as 0 — type 0 if that is right",
                            line=line_msg(line),
                            column=column_msg(master.period, col),
                        ),
                        cell,
                        code=b.code,
                        line=line,
                        column=col,
                    )


def _reported_figures(
    master: Master, sub: Submission
) -> dict[tuple[str, Line], dict[Column, float]]:
    out: dict[tuple[str, Line], dict[Column, float]] = {}
    seen: set[str] = set()
    for b in sub.blocks:
        if b.code in seen or master.centre(b.code) is None or master.children(b.code):
            continue
        seen.add(b.code)
        for line in INPUT_LINES:
            cells = b.lines.get(line, {})
            out[(b.code, line)] = {c: (_value(cells.get(c)) or 0.0) for c in REPORTED_COLUMNS}
    return out


def reconcile(
    master: Master,
    submissions: Iterable[Submission],
    skipped: Iterable[Finding] = (),
    ledger: Ledger | None = None,
) -> Consolidation:
    """Check every submission, choose the figures the report uses, collect every finding.

    With a ledger, the actuals come from it (see reconcile/ledger.py)."""
    findings: list[Finding] = list(skipped)
    subs = sorted(submissions, key=lambda s: s.name)
    by_dept: dict[str, list[Submission]] = defaultdict(list)
    sources: list[tuple[Submission, str]] = []
    for sub in subs:
        findings.extend(sub.findings)
        dept = department_of_submission(master, sub) if sub.blocks else ""
        sources.append((sub, dept))
        if dept:
            by_dept[dept].append(sub)
        elif sub.blocks:
            findings.append(
                _finding(
                    Rule.UNKNOWN_CODE,
                    E,
                    msg(
                        "no cost-centre code of the master tree found; cannot tell which "
                        "department sent it"
                    ),
                    file=sub.name,
                )
            )

    reported: dict[tuple[str, Line], dict[Column, float]] = {}
    inputs = (Column.FORECAST,) if ledger is not None else REPORTED_COLUMNS
    explanations: dict[str, Explanations] = {}
    kpis: dict[str, KpiValue] = {}
    realizations: dict[str, Realization] = {}
    for dept, group in by_dept.items():
        findings.extend(_duplicate_department(dept, group))
        for sub in group:  # every workbook is checked, even one that must be removed
            findings.extend(_block_rules(master, sub, dept))
            findings.extend(_coverage_rules(master, sub, dept, inputs))
            findings.extend(_stamp_rules(master, sub, dept))
            findings.extend(_period_rules(master, sub))
            findings.extend(_plausibility_rules(master, sub, dept))
        chosen = group[0]
        for (code, line), values in _reported_figures(master, chosen).items():
            if master.department_of(code) == dept or code == dept:
                reported[(code, line)] = values
        explanations[dept] = chosen.explanations
        matched_kpis, kpi_findings = _match_kpis(master, chosen, dept)
        kpis.update(matched_kpis)
        findings.extend(kpi_findings)
        matched, strategy_findings = _match_realizations(master, chosen, dept)
        realizations.update(matched)
        findings.extend(strategy_findings)
    findings.extend(_cross_workbook_duplicates(master, by_dept))
    findings.extend(_checklist(master, by_dept))
    if ledger is not None:
        from .ledger import ledger_findings, with_ledger_actuals

        reported = with_ledger_actuals(master, reported, ledger)
        checked = [(sub, dept) for dept, group in by_dept.items() for sub in group]
        findings.extend(ledger_findings(master, ledger, checked))
    submitted = frozenset(by_dept)
    partial = Consolidation(
        master, reported, (), tuple(sources), explanations, kpis, realizations, submitted, ledger
    )
    empty = {f.code for f in findings if f.rule is Rule.EMPTY_SUBMISSION}  # nothing forecast yet
    findings.extend(_overrun_rules(partial, empty))
    if master.previous:
        from .drift import drift_rules

        findings.extend(drift_rules(partial, empty))
    return replace(partial, findings=tuple(ordered(findings)))


def _plausibility_rules(master: Master, sub: Submission, dept: str) -> Iterator[Finding]:
    # imported here: plausibility builds its findings with this module's helpers
    from .plausibility import plausibility_rules

    return plausibility_rules(master, sub, dept)


def _duplicate_department(dept: str, group: list[Submission]) -> Iterator[Finding]:
    if len(group) < 2:
        return
    names = ", ".join(s.name for s in group)
    for s in group[1:]:
        yield _finding(
            Rule.DUPLICATE_DEPARTMENT,
            E,
            msg(
                "{n} workbooks for department {dept}: {names}; remove all but one (figures of "
                "{used} are used)",
                n=len(group),
                dept=dept,
                names=names,
                used=group[0].name,
            ),
            file=s.name,
            code=dept,
        )


def _cross_workbook_duplicates(
    master: Master, by_dept: dict[str, list[Submission]]
) -> Iterator[Finding]:
    """One cost centre in two departments' workbooks: reported where it does not belong."""
    places: dict[str, list[tuple[str, Block, str]]] = defaultdict(list)
    for dept, group in by_dept.items():
        seen_here: set[str] = set()
        for b in group[0].blocks:
            if master.centre(b.code) is not None and b.code not in seen_here:
                seen_here.add(b.code)
                places[b.code].append((group[0].name, b, dept))
    for code, where in places.items():
        if len(where) < 2:
            continue
        owner = master.department_of(code) or code
        rightful = next((name for name, _b, dept in where if dept == owner), where[0][0])
        for name, b, _dept in where:
            if name == rightful:
                continue
            yield _finding(
                Rule.DUPLICATE_CODE,
                E,
                msg(
                    "cost centre {code} is also submitted in {file}; keep it only there",
                    code=code,
                    file=rightful,
                ),
                at=b.origin,
                code=code,
            )


def _checklist(master: Master, by_dept: dict[str, list[Submission]]) -> Iterator[Finding]:
    """Who is in, who is missing."""
    for d in master.departments:
        if d.code in by_dept:
            yield _finding(
                Rule.SUBMITTED,
                N,
                msg(
                    "department {code} submitted {file}", code=d.code, file=by_dept[d.code][0].name
                ),
                file=by_dept[d.code][0].name,
                code=d.code,
            )
        elif master.has_budget(d.code):
            yield _finding(
                Rule.MISSING_DEPARTMENT,
                E,
                msg(
                    "no workbook from {code} {name}, which has a budget for the period; ask the "
                    "department to send it",
                    code=d.code,
                    name=d.name,
                ),
                code=d.code,
            )
        else:
            yield _finding(
                Rule.NOT_REQUIRED,
                N,
                msg(
                    "{code} {name} has no budget for the period; no workbook needed, prior-year "
                    "actuals are shown",
                    code=d.code,
                    name=d.name,
                ),
                code=d.code,
            )


def explained(c: Consolidation, code: str) -> bool:
    """The department wrote an explanation (a text under its table or in the template)."""
    e = c.explanations.get(code)
    return e is not None and not e.empty


def source_name(c: Consolidation, code: str) -> str:
    """The file a department submitted ('' if none)."""
    return next((s.name for s, dept in c.sources if dept == code), "")


def _overrun_rules(c: Consolidation, empty: set[str]) -> Iterator[Finding]:
    """A material forecast overrun needs an explanation from its department."""
    m = c.master
    for d in m.departments:
        if d.code not in c.submitted_departments or d.code in empty:
            continue
        budget = c.amount(d.code, Line.MARGIN, Column.TA_AMENDED)
        forecast = c.amount(d.code, Line.MARGIN, Column.FORECAST)
        overrun = budget - forecast
        if overrun >= m.settings.materiality and not explained(c, d.code):
            file = source_name(c, d.code)
            yield _finding(
                Rule.UNEXPLAINED_OVERRUN,
                W,
                msg(
                    "forecast {margin} {forecast} overruns the revised budget {budget} by "
                    "{overrun} with no explanation; write one (template sheet {sheet}, or under "
                    "the table after a line '{heading}…')",
                    margin=line_msg(Line.MARGIN),
                    forecast=Amount(forecast),
                    budget=Amount(budget),
                    overrun=Amount(overrun),
                    sheet=Msg(SHEET_EXPLANATIONS),
                    heading=Msg(EXPLANATION),
                ),
                file=file,
                code=d.code,
                submitted=forecast,
                expected=budget,
            )


_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_MONTHS = re.compile(r"(?<!\d)(\d{1,2})\s*[-–]\s*(\d{1,2})\s*/")


def _period_rules(master: Master, sub: Submission) -> Iterator[Finding]:
    """Column titles of another year or other months: the figures would land in the wrong period."""
    p = master.period
    expected_year = {Column.TP_PREV.value: p.year - 1}
    for h in sub.headers:
        if h.kind == "pct":
            continue
        want = expected_year.get(h.kind, p.year)
        years = [int(y) for y in _YEAR.findall(h.text)]
        problem: Msg | None = None
        if years and want not in years:
            problem = msg(
                "column title {title!r} names the year {year}, but the report is for {period} "
                "(expected {expected}); use this period's template or fix the figures and title",
                title=h.text,
                year=years[0],
                period=p.label,
                expected=want,
            )
        elif h.kind == Column.ACTUAL.value and (m := _MONTHS.search(h.text)):
            months = (int(m.group(1)), int(m.group(2)))
            if months != (p.first_month, p.last_month):
                problem = msg(
                    "column title {title!r} is for months {first}-{last}, but the report is for "
                    "{period}; use this period's template or fix the figures and title",
                    title=h.text,
                    first=months[0],
                    last=months[1],
                    period=p.label,
                )
        if problem is not None:
            yield _finding(
                Rule.WRONG_PERIOD,
                E,
                problem,
                at=h.origin,
                code=department_of_submission(master, sub),
                submitted=h.text,
                expected=p.column_title(Column(h.kind)),
            )


def _stamp_rules(master: Master, sub: Submission, dept: str) -> Iterator[Finding]:
    """A template made from other master data, or by another template version."""
    stamp = sub.stamp
    if stamp is None:
        return
    if master.centre(stamp.department) is None:
        yield _finding(
            Rule.STALE_TEMPLATE,
            E,
            msg(
                "the template was made for department {dept}, which is not in the master tree; "
                "use this period's template",
                dept=stamp.department,
            ),
            file=sub.name,
            code=stamp.department,
        )
    if stamp.version != TEMPLATE_VERSION:
        yield _finding(
            Rule.STALE_TEMPLATE,
            W,
            msg(
                "template version {version} differs from this kemixl's {current}; use a fresh "
                "template next time",
                version=stamp.version or "?",
                current=TEMPLATE_VERSION,
            ),
            file=sub.name,
            code=dept,
        )
    if stamp.master_hash and stamp.master_hash != master.fingerprint:
        now = dict(master.files)
        then = dict(sub.master_files)
        changed = sorted(n for n in set(now) | set(then) if now.get(n) != then.get(n))
        yield _finding(
            Rule.STALE_TEMPLATE,
            W,
            msg(
                "the template was made from other master data ({files} changed since); check "
                "the pre-filled figures or send the department a fresh template",
                files=", ".join(changed),
            )
            if changed
            else msg(
                "the template was made from other master data; check the pre-filled figures or "
                "send the department a fresh template"
            ),
            file=sub.name,
            code=dept,
            submitted=stamp.master_hash,
            expected=master.fingerprint,
        )


def _match_kpis(
    master: Master, sub: Submission, dept: str
) -> tuple[dict[str, KpiValue], list[Finding]]:
    """KPI values by master id; free-form tables without ids are matched by KPI name."""
    ours = [k for k in master.kpis if master.department_of(k.code) == dept or k.code == dept]
    by_id = {k.id: k for k in ours}
    by_name: dict[str, list[str]] = defaultdict(list)
    for k in ours:
        by_name[norm(k.name)].append(k.id)
    out: dict[str, KpiValue] = {}
    findings: list[Finding] = []
    for v in sub.kpis:
        kid = v.kpi_id if v.kpi_id in by_id else ""
        if not kid:
            candidates = [i for i in by_name.get(norm(v.name), []) if i not in out]
            kid = candidates[0] if candidates else ""
        if not kid:
            if v.kpi_id or v.actual is not None or v.forecast is not None:
                findings.append(
                    _finding(
                        Rule.UNKNOWN_KPI,
                        W,
                        msg(
                            "KPI {name!r} is not in the master KPI list of {dept}; it is not "
                            "reported",
                            name=v.name,
                            dept=dept,
                        ),
                        at=v.origin,
                        code=dept,
                    )
                )
            continue
        out[kid] = KpiValue(kid, v.code, v.name, v.actual, v.forecast, v.origin)
    return out, findings


def _match_realizations(
    master: Master, sub: Submission, dept: str
) -> tuple[dict[str, Realization], list[Finding]]:
    ours = [o for o in master.objectives if o.department == dept]
    by_id = {o.id: o for o in ours}
    out: dict[str, Realization] = {}
    findings: list[Finding] = []
    for r in sub.realizations:
        oid = r.objective_id if r.objective_id in by_id else ""
        if not oid:  # free-form: the first not yet matched objective with this text
            oid = next(
                (
                    o.id
                    for o in ours
                    if norm(o.objective) == norm(r.objective_id) and o.id not in out
                ),
                "",
            )
        if not oid:
            continue
        status = r.status
        if status and status not in ALL_STATUSES:
            findings.append(
                _finding(
                    Rule.INVALID_STATUS,
                    W,
                    msg(
                        "status {status!r} is not one of {statuses}; choose from the list",
                        status=status,
                        statuses=_statuses(),
                    ),
                    at=r.origin,
                    code=dept,
                    submitted=status,
                )
            )
            status = ""
        if r.text and status in ("", NOT_REPORTED):
            findings.append(
                _finding(
                    Rule.INVALID_STATUS,
                    W,
                    msg(
                        "a realization is written but no status is chosen; choose one from the list"
                    ),
                    at=r.origin,
                    code=dept,
                )
            )
        status = status or NOT_REPORTED
        out[oid] = Realization(oid, status, r.text, r.origin)
    return out, findings


def _missing_area(code: str, name: str, budget: bool, subtotal: str) -> Msg:
    """A result area missing from its department's workbook (zeros assumed if unbudgeted)."""
    if budget and subtotal:
        return msg(
            "result area {code} {name} is missing; add its block (the total of {total} is given, "
            "but the report is built from each unit's own figures)",
            code=code,
            name=name,
            total=subtotal,
        )
    if budget:
        return msg("result area {code} {name} is missing; add its block", code=code, name=name)
    if subtotal:
        return msg(
            "result area {code} {name} is missing; add its block (it has no budget, so zeros are "
            "assumed) (the total of {total} is given, but the report is built from each unit's "
            "own figures)",
            code=code,
            name=name,
            total=subtotal,
        )
    return msg(
        "result area {code} {name} is missing; add its block (it has no budget, so zeros are "
        "assumed)",
        code=code,
        name=name,
    )


def _statuses() -> Msg:
    """The status list in the reader's words: 'Toteutunut, Etenee, ...'."""
    return joined(status_msg(key) for key in ALL_STATUSES)
