"""investments.csv: the investment part's projects (optional master file).

    id,name,department,group,ta,ta_income,ta_amended,tp_prev,binding
    I2301,Keskuskoulun peruskorjaus,64300000,Talonrakennus,-2500000,400000,,-180000,group

One row per project: its id (letters and digits with at least one digit, such as I2301 or
8100123), name (optional name_sv, name_en; group_sv, group_en), the responsible department's
code, its project group (hankeryhmä, optional), the budget's expenditure `ta` (negative, as
costs are in figures.csv), `ta_income` (state aid and other contributions, positive; optional),
`ta_amended` (the amended expenditure; blank: `ta` plus the project's amendments of
amendments.csv decided by the period's end), the previous year's actuals `tp_prev` and
`tp_prev_income` (optional), and `binding`: whether the council binds the project itself
(`project`) or its group (`group`); blank binds the group where the project has one.

A project group belongs to its department: two departments' groups of one name are two groups.
Amendments and earlier reports name a project in their optional `project` column, with the
line `menot` (expenditure, also blank) or `tulot` (income) instead of a cost centre's line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import replace
from pathlib import Path

from ..i18n.message import Amount, Msg, msg
from ..model import (
    EXPENDITURE,
    INCOME,
    Amendment,
    Binding,
    Column,
    CostCentre,
    Line,
    Period,
    Project,
)
from .problems import Problems, amount

INVESTMENTS_FILE = "investments.csv"
INVESTMENT_COLUMNS = ("id", "name", "department", "ta")  # required
# Every column kemixl reads (besides the _sv/_en texts), in the order it writes them.
COLUMNS = (
    "id",
    "name",
    "department",
    "group",
    "ta",
    "ta_income",
    "ta_amended",
    "tp_prev",
    "tp_prev_income",
    "binding",
)
TRANSLATED = ("name", "group")
# Project ids: letters and digits (at least one digit, so that a group's or a total's name in a
# submitted table is never taken for one), '.', '-', '/' or '_' inside.
PROJECT_ID = re.compile(r"^(?=[^\d]*\d)[^\W_][\w./-]{0,29}$")
# The columns of each flow: the master's figures of the expenditure and of the income.
EXPENDITURE_COLUMNS = {Column.TP_PREV: "tp_prev", Column.TA: "ta", Column.TA_AMENDED: "ta_amended"}
INCOME_COLUMNS = {Column.TP_PREV: "tp_prev_income", Column.TA: "ta_income"}
BINDING_WORDS = {
    Binding.PROJECT: ("project", "hanke", "projekti", "projekt"),
    Binding.GROUP: ("group", "ryhmä", "hankeryhmä", "grupp", "projektgrupp"),
}
# A project's line in amendments.csv and previous.csv (any case); blank is the expenditure.
FLOW_WORDS = {
    EXPENDITURE: ("menot", "investointimenot", "utgifter", "investeringsutgifter", "expenditure"),
    INCOME: ("tulot", "investointitulot", "rahoitusosuudet", "inkomster", "income"),
}
FLOW_NAMES = {EXPENDITURE: "MENOT", INCOME: "TULOT"}  # as kemixl writes them

Problem = Callable[[str, int, Msg], None]
ProjectRows = dict[str, tuple[int, bool]]  # project id -> (line, ta_amended blank)


def flow_of(text: str) -> Line | None:
    """EXPENDITURE or INCOME as a file names a project's line ('' is the expenditure)."""
    word = text.strip().casefold()
    if not word:
        return EXPENDITURE
    return next((flow for flow, words in FLOW_WORDS.items() if word in words), None)


def _binding(text: str, group: str) -> Binding | None:
    word = text.strip().casefold()
    if not word:
        return Binding.GROUP if group else Binding.PROJECT
    return next((b for b, words in BINDING_WORDS.items() if word in words), None)


def load_projects(
    path: str,
    rows: Iterable[tuple[int, dict[str, str]]],
    centres: tuple[CostCentre, ...],
    problems: Problems,
    blanks: ProjectRows,
    reported: Callable[[str], bool] = lambda code: False,
    languages: tuple[str, ...] = ("sv", "en"),
    refused: set[str] | None = None,
) -> tuple[Project, ...]:
    """The validated projects; `blanks` receives each one's line and whether its ta_amended
    was blank (to be derived from amendments.csv). `reported(code)`: a department code that
    is wrong for a reason already reported (a refused row of costcentres.csv). `refused`
    receives the ids of the rows refused here, so that the files naming them stay quiet."""
    refused = set() if refused is None else refused
    index = {c.code: c for c in centres}
    root = next((c.code for c in centres if c.parent is None), "")
    out: list[Project] = []
    seen: dict[str, int] = {}
    for line, v in rows:
        ident, code, group = v["id"], v["department"], v.get("group", "")
        if not PROJECT_ID.match(ident):
            problems.add(
                path,
                line,
                msg(
                    "project id {id!r} is not an id: up to 30 letters and digits, at least one "
                    "of them a digit ('.', '-', '/' and '_' allowed inside)",
                    id=ident,
                ),
            )
            continue
        if ident.casefold() in seen:
            problems.add(
                path,
                line,
                msg(
                    "duplicate project {id} (first on line {first})",
                    id=ident,
                    first=seen[ident.casefold()],
                ),
            )
            continue
        seen[ident.casefold()] = line
        if not v["name"]:
            problems.add(path, line, msg("project {id} has no name", id=ident))
        centre = index.get(code)
        if centre is None and reported(code):
            refused.add(ident)
            continue
        if centre is None:
            problems.add(
                path,
                line,
                msg(
                    "department {department} is not in {file}",
                    department=code,
                    file="costcentres.csv",
                ),
            )
            refused.add(ident)
            continue
        if centre.parent != root:
            department = _department_of(centre, index, root)
            problems.add(
                path,
                line,
                msg(
                    "{code} is not a department (a cost centre right under the city); give the "
                    "department's code {department}",
                    code=code,
                    department=department or "?",
                ),
            )
            refused.add(ident)
            continue
        binding = _binding(v.get("binding", ""), group)
        if binding is None:
            problems.add(
                path,
                line,
                msg(
                    "binding {binding!r} must be project ({projects}) or group ({groups}); "
                    "blank: the group, where there is one",
                    binding=v.get("binding", ""),
                    projects=", ".join(BINDING_WORDS[Binding.PROJECT]),
                    groups=", ".join(BINDING_WORDS[Binding.GROUP]),
                ),
            )
            refused.add(ident)
            continue
        if binding is Binding.GROUP and not group:
            problems.add(
                path,
                line,
                msg(
                    "project {id} is bound as a group but has no group; give its group or "
                    "bind it as a project",
                    id=ident,
                ),
            )
            refused.add(ident)
            continue
        expenditure = {
            c: _signed(v.get(name, ""), path, line, name, EXPENDITURE, problems)
            for c, name in EXPENDITURE_COLUMNS.items()
        }
        income = {
            c: _signed(v.get(name, ""), path, line, name, INCOME, problems)
            for c, name in INCOME_COLUMNS.items()
        }
        income[Column.TA_AMENDED] = income[Column.TA]
        blanks[ident] = (line, not v.get("ta_amended", ""))
        texts = tuple(
            (f"{c}_{lang}", v[f"{c}_{lang}"])
            for c in TRANSLATED
            for lang in languages
            if v.get(f"{c}_{lang}")
        )
        out.append(
            Project(
                ident,
                v["name"],
                code,
                group,
                binding,
                expenditure,
                income,
                texts,
                f"{Path(path).name}:{line}",
            )
        )
    return tuple(out)


def _department_of(centre: CostCentre, index: Mapping[str, CostCentre], root: str) -> str:
    node: CostCentre | None = centre
    while node is not None and node.parent not in (None, root):
        node = index.get(node.parent or "")
    return node.code if node is not None and node.parent == root else ""


def _signed(raw: str, path: str, line: int, column: str, flow: Line, problems: Problems) -> float:
    """An amount of a flow's column: expenditure negative (or 0), income positive (or 0)."""
    value = amount(raw, path, line, column, problems) if raw else 0.0
    if flow is EXPENDITURE and value > 0:
        problems.add(
            path,
            line,
            msg(
                "column {column}: {value} is positive, but expenditure is negative, as costs are "
                "in figures.csv; write {negated}",
                column=column,
                value=Amount(value),
                negated=Amount(-value),
            ),
        )
    if flow is INCOME and value < 0:
        problems.add(
            path,
            line,
            msg(
                "column {column}: {value} is negative, but income (state aid and other "
                "contributions) is positive; write {negated}",
                column=column,
                value=Amount(value),
                negated=Amount(-value),
            ),
        )
    return value


def project_amendment(
    row: dict[str, str],
    projects: Mapping[str, Project],
    path: str,
    number: int,
    problem: Problem,
    refused: Collection[str] = (),
) -> tuple[str, str, Line] | None:
    """A row of amendments.csv that names a project: (project, its department, the line), or
    None after saying why it cannot be one (nothing for a project whose own row was refused)."""
    ident = row.get("project", "").strip()
    project = projects.get(ident)
    if project is None and ident in refused:
        return None
    if project is None:
        problem(
            path,
            number,
            msg("project {project} is not in {file}", project=ident, file=INVESTMENTS_FILE),
        )
        return None
    code = row.get("code", "").strip()
    if code and code != project.department:
        problem(
            path,
            number,
            msg(
                "cost centre {code} is not the department of project {project} ({department}); "
                "leave code blank or give {department}",
                code=code,
                project=ident,
                department=project.department,
            ),
        )
        return None
    flow = flow_of(row.get("line", ""))
    if flow is None:
        problem(
            path,
            number,
            msg(
                "line {line!r} of project {project} must be menot (its expenditure; also blank) "
                "or tulot (its income)",
                line=row.get("line", ""),
                project=ident,
            ),
        )
        return None
    return project.id, project.department, flow


def amended_projects(
    projects: tuple[Project, ...],
    rows: ProjectRows,
    amendments: tuple[Amendment, ...],
    period: Period,
    path: str,
    problem: Problem,
) -> tuple[Project, ...]:
    """Muutettu TA at the period's end: TA plus the project's amendments decided by then.

    A blank ta_amended is derived so; a given one of a project with expenditure amendments
    must agree with them (within half a euro). The income's Muutettu TA is always derived."""
    end = period.end
    changes: dict[tuple[str, Line], float] = {}
    sources: dict[str, list[str]] = {}
    amended = {a.project for a in amendments if a.project and a.line is EXPENDITURE}
    for a in amendments:
        if a.project and a.date <= end:
            changes[(a.project, a.line)] = changes.get((a.project, a.line), 0.0) + a.amount
            if a.line is EXPENDITURE:
                sources.setdefault(a.project, []).append(a.source)
    out = []
    for p in projects:
        expenditure, income = dict(p.expenditure), dict(p.income)
        number, blank = rows.get(p.id, (0, True))
        derived = round(expenditure[Column.TA] + changes.get((p.id, EXPENDITURE), 0.0), 2)
        if blank:
            expenditure[Column.TA_AMENDED] = derived
        elif p.id in amended and abs(expenditure[Column.TA_AMENDED] - derived) > 0.5:
            problem(
                path,
                number,
                msg(
                    "ta_amended {amended} of project {project} disagrees with {file}: TA {budget} "
                    "plus the amendments decided by {end:%d.%m.%Y} ({which}) is {derived}; "
                    "correct one of them or leave ta_amended blank",
                    amended=Amount(expenditure[Column.TA_AMENDED]),
                    project=p.id,
                    file="amendments.csv",
                    budget=Amount(expenditure[Column.TA]),
                    end=end,
                    which=", ".join(sources.get(p.id, [])),
                    derived=Amount(derived),
                ),
            )
        income[Column.TA_AMENDED] = round(income[Column.TA] + changes.get((p.id, INCOME), 0.0), 2)
        out.append(replace(p, expenditure=expenditure, income=income))
    return tuple(out)


def fingerprint_content(projects: tuple[Project, ...]) -> list[Project]:
    """The projects as the fingerprint sees them: their content, not where they stood."""
    return [replace(p, source="") for p in projects]
