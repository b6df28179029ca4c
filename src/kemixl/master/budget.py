"""The master's binding rules: `[budget]` in master.toml and costcentres.csv's `binding` column.

    [budget]
    level = "department"   # or "result-area": the units that bind by default
    measure = "net"        # or "gross": costs and income bind each on their own
    round_to = 1000        # the draft amendment's amounts are rounded up to this (euros)

The `binding` column holds yes or no (or is empty: the level decides). The words of every
language kemixl speaks, and what a spreadsheet writes for a tick box, are read alike. What the
rules mean, and the checks of the whole tree (no unit inside another, no part of the tree
bound by nothing), are in kemixl.binding.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from ..binding import conflicts
from ..i18n.message import Msg, msg
from ..model import BINDING_LEVELS, DEFAULT_BUDGET, MEASURES, BudgetRules, CostCentre
from .problems import Problems
from .settings import LoadedSettings
from .source import Source

SETTINGS_FILE, CENTRES_FILE = "master.toml", "costcentres.csv"

Problem = Callable[[str, int, Msg], None]  # (file, line, message): one master-data problem
Locate = Callable[[str, str], int]  # (section, key) -> the line master.toml sets it on, or 0

YES = ("yes", "y", "kyllä", "k", "ja", "j", "true", "x", "1")
NO = ("no", "n", "ei", "e", "nej", "false", "0")
WORDS = "yes/no, kyllä/ei, ja/nej, 1/0"


def binding_mark(raw: str) -> bool | None:
    """True for yes, False for no, None for an empty cell; ValueError for anything else."""
    word = raw.strip().casefold()
    if not word:
        return None
    if word in YES:
        return True
    if word in NO:
        return False
    raise ValueError(raw)


def bad_mark(raw: str) -> Msg:
    return msg(
        "binding {raw!r} must be yes or no ({words}), or empty for the [budget] level's default",
        raw=raw,
        words=WORDS,
    )


def budget_rules(
    data: Mapping[str, Any], where: str, problem: Problem, locate: Locate
) -> BudgetRules:
    """`[budget]` of master.toml's data; the defaults for what it does not set."""
    table = data.get("budget", {})
    if not isinstance(table, dict):
        problem(where, locate("budget", ""), msg("[budget] must be a table of settings"))
        return DEFAULT_BUDGET
    values: dict[str, Any] = {}
    for key, value in table.items():
        line = locate("budget", key)
        if key in ("level", "measure"):
            allowed = BINDING_LEVELS if key == "level" else MEASURES
            if value not in allowed:
                problem(
                    where,
                    line,
                    msg(
                        "[budget] {key}: {value!r} must be one of {values}",
                        key=key,
                        value=value,
                        values=", ".join(allowed),
                    ),
                )
                continue
            values[key] = value
        elif key == "round_to":
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                problem(
                    where,
                    line,
                    msg(
                        "[budget] round_to: {value!r} must be a positive number of euros",
                        value=value,
                    ),
                )
                continue
            values[key] = float(value)
        else:
            problem(
                where,
                line,
                msg(
                    "[budget] {key}: unknown setting (known: {values})",
                    key=key,
                    values="level, measure, round_to",
                ),
            )
    return BudgetRules(**values)


def binding_problems(
    centres: Sequence[CostCentre], level: str, lines: Mapping[str, int], path: str, problem: Problem
) -> None:
    """One problem per node that keeps the binding units from partitioning the tree, at its
    line of costcentres.csv."""
    for c in conflicts(centres, level):
        line = lines.get(c.code, 0)
        if c.problem == "root":
            problem(
                path,
                line,
                msg(
                    "{code} is the whole city and cannot be a binding unit; mark departments or "
                    "result areas binding instead",
                    code=c.code,
                ),
            )
        elif c.problem == "nested":
            problem(
                path,
                line,
                msg(
                    "{code} is a binding unit inside the binding unit {outer} (line {line}): its "
                    "euros would count twice; mark {outer} binding=no to bind the units inside it "
                    "instead, or leave {code}'s binding empty",
                    code=c.code,
                    outer=c.outer,
                    line=lines.get(c.outer, 0),
                ),
            )
        else:
            problem(
                path,
                line,
                msg(
                    "{code} lies in no binding unit (the [budget] level is {level}): its budget "
                    "would be bound by nothing; mark it, or the units inside it, binding=yes",
                    code=c.code,
                    level=level,
                ),
            )


def with_budget(
    source: Source,
    data: Mapping[str, Any],
    loaded: LoadedSettings,
    centres: Sequence[CostCentre],
    lines: Mapping[str, int] | None,
    problems: Problems,
) -> LoadedSettings:
    """The settings with master.toml's [budget], and the binding units checked against the
    tree (`lines`: each code's line of costcentres.csv, None when the tree itself is broken
    and already reported)."""

    def locate(section: str, key: str) -> int:
        return source.setting_line(SETTINGS_FILE, section, key)

    rules = budget_rules(data, source.where(SETTINGS_FILE), problems.add, locate)
    if lines is not None and centres:
        binding_problems(centres, rules.level, lines, source.where(CENTRES_FILE), problems.add)
    return replace(loaded, settings=replace(loaded.settings, budget=rules))
