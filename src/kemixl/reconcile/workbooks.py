"""Rules on workbooks as wholes: who sent what, duplicates across workbooks, periods and stamps."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator

from ..findings import Finding, Rule
from ..i18n.message import Msg, msg
from ..layout import TEMPLATE_VERSION
from ..model import Column, Master, Period
from ..submissions.records import Block, Submission
from .common import (
    E,
    N,
    W,
    department_of_submission,
    finding,
)


def duplicate_department(dept: str, group: list[Submission]) -> Iterator[Finding]:
    if len(group) < 2:
        return
    names = ", ".join(s.name for s in group)
    for s in group[1:]:
        yield finding(
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


def cross_workbook_duplicates(
    master: Master, by_dept: dict[str, list[Submission]]
) -> Iterator[Finding]:
    """One cost centre in two departments' workbooks: reported where it does not belong."""
    firsts: dict[str, dict[str, Block]] = {}  # each workbook's first block of each code
    times: Counter[str] = Counter()  # in how many workbooks
    for dept, group in by_dept.items():
        here: dict[str, Block] = {}
        for b in group[0].blocks:
            here.setdefault(b.code, b)
        firsts[dept] = here
        times.update(here.keys())
    twice = {code for code, n in times.items() if n > 1 and master.centre(code) is not None}
    places: dict[str, list[tuple[str, Block, str]]] = defaultdict(list)
    for dept, group in by_dept.items():
        for code, b in firsts[dept].items():
            if code in twice:
                places[code].append((group[0].name, b, dept))
    for code, where in places.items():
        owner = master.department_of(code) or code
        rightful = next((name for name, _b, dept in where if dept == owner), where[0][0])
        for name, b, _dept in where:
            if name == rightful:
                continue
            yield finding(
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


def checklist(master: Master, by_dept: dict[str, list[Submission]]) -> Iterator[Finding]:
    """Who is in, who is missing."""
    for d in master.departments:
        if d.code in by_dept:
            yield finding(
                Rule.SUBMITTED,
                N,
                msg("department {code} {name} returned its workbook", code=d.code, name=d.name),
                file=by_dept[d.code][0].name,
                code=d.code,
            )
        elif master.expects_return(d.code):
            yield finding(
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
            yield finding(
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


_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


_MONTHS = re.compile(r"(?<!\d)(\d{1,2})\s*[-–]\s*(\d{1,2})\s*/")


def period_rules(master: Master, sub: Submission) -> Iterator[Finding]:
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
            yield finding(
                Rule.WRONG_PERIOD,
                E,
                problem,
                at=h.origin,
                code=department_of_submission(master, sub),
                submitted=h.text,
                expected=p.column_title(Column(h.kind)),
            )


def submission_period(sub: Submission) -> Period | None:
    """The period a workbook's actual column is titled for ('Toteuma 01-08/2023'), if it says."""
    for h in sub.headers:
        if h.kind == Column.ACTUAL.value and (m := _MONTHS.search(h.text)):
            years = _YEAR.findall(h.text[m.end() :])
            if years:
                return Period(int(years[0]), int(m.group(1)), int(m.group(2)))
    return None


def later_period(master: Master, subs: Iterable[Submission]) -> Period | None:
    """The period the workbooks are for when every one that names its period names a later one
    than the master's (the master of an earlier report was given); the most common of them."""
    periods = Counter(p for s in subs if (p := submission_period(s)) is not None)
    here = master.period
    if not periods or any((p.year, p.last_month) <= (here.year, here.last_month) for p in periods):
        return None
    return max(periods, key=lambda p: (periods[p], p.year, p.last_month))


def stamp_rules(master: Master, sub: Submission, dept: str) -> Iterator[Finding]:
    """A template made from other master data, or by another template version."""
    stamp = sub.stamp
    if stamp is None:
        return
    if master.centre(stamp.department) is None:
        yield finding(
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
        yield finding(
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
        yield finding(
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
