"""The investment part's structure, shared by the template, the reconciler and the report:
projects by department and group, the units the council binds, the previous reports' figures.

The records are in `model` (`Project`, `Investments`; EXPENDITURE, INCOME and NET reuse the
operating lines' signs); master data in `master/investments.py`.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import FLOWS, NET, Binding, Column, Investments, Line, Master, Period, Project


@dataclass(frozen=True)
class Group:
    """A department's project group ("" for its projects without a group), in file order."""

    department: str
    name: str
    projects: tuple[Project, ...]

    @property
    def bound(self) -> tuple[Project, ...]:
        """The projects the council binds as this group (not those it binds one by one)."""
        return tuple(p for p in self.projects if p.binding is Binding.GROUP)


def groups(investments: Investments, department: str) -> tuple[Group, ...]:
    """A department's groups in the order of their first project; the projects without a
    group last, as a group named ""."""
    names: dict[str, list[Project]] = {}
    for p in investments.of_department(department):
        names.setdefault(p.group, []).append(p)
    ordered = [n for n in names if n] + ([""] if "" in names else [])
    return tuple(Group(department, n, tuple(names[n])) for n in ordered)


def departments_with_projects(master: Master) -> tuple[str, ...]:
    """The departments that have projects, in the tree's order."""
    return tuple(d.code for d in master.departments if master.investments.of_department(d.code))


@dataclass(frozen=True)
class BindingUnit:
    """What the council binds: one project, or a group's projects bound as a group."""

    department: str
    group: str  # "" for a project bound by itself
    projects: tuple[Project, ...]

    @property
    def key(self) -> str:
        """The project's id, or the group's name."""
        return self.group or self.projects[0].id


def binding_units(investments: Investments, department: str) -> tuple[BindingUnit, ...]:
    """A department's binding units: each project bound by itself, and each group's projects
    bound as the group (a group may mix both: its group-bound projects are its unit)."""
    out: list[BindingUnit] = []
    for g in groups(investments, department):
        out += [
            BindingUnit(department, "", (p,)) for p in g.projects if p.binding is Binding.PROJECT
        ]
        if g.name and g.bound:
            out.append(BindingUnit(department, g.name, g.bound))
    return tuple(out)


def previous_amount(
    investments: Investments, period: Period, project: str, line: Line, column: Column
) -> float:
    """A project's figure (Muutettu TA, actual or forecast; NET: both flows) at an earlier
    report of the year (previous.csv); 0 where it had none."""
    flows = FLOWS if line is NET else (line,)
    total = 0.0
    for f in investments.previous:
        if f.period == period and f.project == project and f.line in flows:
            total += {
                Column.TA_AMENDED: f.ta_amended,
                Column.ACTUAL: f.actual,
                Column.FORECAST: f.forecast,
            }[column]
    return round(total, 2)


def previous_periods(investments: Investments) -> tuple[Period, ...]:
    """The earlier reports of the year that previous.csv has project figures of."""
    return tuple(sorted({f.period for f in investments.previous}, key=lambda p: p.last_month))
