"""The master folder's files: their names, the columns each must have, and the small readers
every file's loader shares (rows with their problems, texts in other languages)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..model import MASTER_COLUMNS, REPORTED_COLUMNS
from .csvfile import Row
from .files import FileProblem
from .investments import INVESTMENT_COLUMNS, INVESTMENTS_FILE
from .ledger import ACCOUNT_COLUMNS, ACCOUNTS_FILE
from .problems import Problems
from .source import Source
from .year import (
    AMENDMENT_COLUMNS,
    AMENDMENTS_FILE,
    PREVIOUS_COLUMNS,
    PREVIOUS_FILE,
    PREVIOUS_REPORT_COLUMNS,
    PREVIOUS_REPORT_FILE,
)

SETTINGS_FILE = "master.toml"
CENTRES_FILE = "costcentres.csv"
FIGURES_FILE = "figures.csv"
CENTRAL_FILE = "central.csv"
KPIS_FILE = "kpis.csv"
STRATEGY_FILE = "strategy.csv"
STRATEGY_SDG_FILE = "strategy_sdg.csv"
# Files that define the master; their parsed content makes the fingerprint templates carry.
MASTER_FILES = (
    SETTINGS_FILE,
    CENTRES_FILE,
    FIGURES_FILE,
    CENTRAL_FILE,
    KPIS_FILE,
    STRATEGY_FILE,
    STRATEGY_SDG_FILE,
    ACCOUNTS_FILE,
    INVESTMENTS_FILE,
    AMENDMENTS_FILE,
    PREVIOUS_FILE,
    PREVIOUS_REPORT_FILE,
)
REQUIRED_FILES = (SETTINGS_FILE, CENTRES_FILE, FIGURES_FILE, CENTRAL_FILE)
OPTIONAL_FILES = set(MASTER_FILES) - set(REQUIRED_FILES)
_AMOUNTS = tuple(c.value for c in MASTER_COLUMNS)
# The columns each CSV must have (others are allowed and ignored).
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    CENTRES_FILE: ("code", "parent", "name"),
    FIGURES_FILE: ("code", "line", *_AMOUNTS),
    CENTRAL_FILE: ("item", "section", *_AMOUNTS, *(c.value for c in REPORTED_COLUMNS)),
    KPIS_FILE: ("id", "code", "name", "tp_prev", "ta"),
    STRATEGY_FILE: (
        "id",
        "goal",
        "department",
        "objective",
        "actions",
        "owner_schedule",
        "metrics",
    ),
    STRATEGY_SDG_FILE: ("goal", "department", "sdg"),
    ACCOUNTS_FILE: ACCOUNT_COLUMNS,
    INVESTMENTS_FILE: INVESTMENT_COLUMNS,
    AMENDMENTS_FILE: AMENDMENT_COLUMNS,
    PREVIOUS_FILE: PREVIOUS_COLUMNS,
    PREVIOUS_REPORT_FILE: PREVIOUS_REPORT_COLUMNS,
}
# Texts of the master shown in the report and templates: column X may also be given in Swedish
# and English in the optional columns X_sv and X_en, used when that language is chosen (a run
# falls back to the Finnish X where one is empty). See i18n.terms.master_text.
TRANSLATED_COLUMNS: dict[str, tuple[str, ...]] = {
    CENTRES_FILE: ("name",),
    CENTRAL_FILE: ("item",),
    KPIS_FILE: ("name", "group"),
    STRATEGY_FILE: ("goal", "objective", "actions", "owner_schedule", "metrics"),
}
OTHER_LANGUAGES = ("sv", "en")
CENTRAL_SECTIONS = ("vuosikate", "tulos", "ylijaama")
# Kemi uses 8 digits; other cities use other lengths, so any 3 to 12 digits is a code.
CODE = re.compile(r"^\d{3,12}$")


@dataclass(frozen=True)
class Codes:
    """What costcentres.csv says about codes, for the files that refer to them."""

    known: frozenset[str]
    # Codes of rows that were refused (already a problem), or None when the whole file could
    # not be read: references to them are not reported again.
    doubtful: frozenset[str] | None
    # Each code's line, when the tree is whole (one root, no cycle, nothing refused): only then
    # can the binding units be checked (kemixl.binding).
    lines: dict[str, int] | None = None

    def unreported(self, code: str) -> bool:
        """A reference that is wrong for a reason already reported elsewhere."""
        return self.doubtful is None or code in self.doubtful


def table_rows(source: Source, name: str, problems: Problems) -> tuple[list[Row], set[str]] | None:
    """The file's rows and the first fields of the rows refused; None if unreadable."""
    where = source.where(name)
    try:
        table = source.table(name, REQUIRED_COLUMNS[name])
    except FileProblem as exc:
        problems.add(where, exc.line, exc.message)
        return None
    for line, message in table.problems:
        problems.add(where, line, message)
    return list(table.rows), set(table.refused)


def other_languages(name: str) -> Callable[[dict[str, str]], tuple[tuple[str, str], ...]]:
    """The other languages' texts of a row of the file: (column, text) for each non-empty
    X_sv / X_en (the columns named once for all of the file's rows)."""
    columns = tuple(f"{c}_{lang}" for c in TRANSLATED_COLUMNS[name] for lang in OTHER_LANGUAGES)

    def texts(values: dict[str, str]) -> tuple[tuple[str, str], ...]:
        if not any(map(values.get, columns)):  # none, as in most rows: at once
            return ()
        return tuple((c, values[c]) for c in columns if values.get(c))

    return texts
