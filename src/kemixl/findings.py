"""Findings: what the reconciliation reports, as data.

Every rule has a stable identifier (documented in the README); findings are collected,
never raised, and sorted into a deterministic order before anyone sees them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from .i18n.catalog import N_, current, gettext_in
from .i18n.message import Msg, Plural, plural, render


class MessageError(Exception):
    """An error whose message is a `Msg` (or plain text), rendered when it is shown: in the
    language of the run at that moment (the CLI's), not of the code that raised it."""

    def __init__(self, message: Msg | str) -> None:
        self.message = message
        super().__init__(message)

    def text(self, lang: str | None = None) -> str:
        return render(self.message, lang)

    def __str__(self) -> str:
        return self.text()


def joined(parts: Iterable[Msg | str], separator: str = ", ") -> Msg:
    """A list of messages rendered together, each in the reader's language: a list of words or
    clauses, not a sentence (its pattern is no catalog message)."""
    items = list(parts)
    pattern = separator.join(f"{{p{i}}}" for i in range(len(items)))
    return Msg(pattern, tuple((f"p{i}", part) for i, part in enumerate(items)))


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "note": 2}[self.value]

    def label(self, lang: str | None = None) -> str:
        """The severity as a terminal line says it ('virhe', 'fel', 'error')."""
        return gettext_in(lang or current().primary, SEVERITY_WORDS[self])


# TRANSLATORS: a finding's severity at the start of a terminal line ("virhe", "fel").
SEVERITY_WORDS: dict[Severity, str] = {
    Severity.ERROR: N_("error"),
    Severity.WARNING: N_("warning"),
    Severity.NOTE: N_("note"),
}


class Rule(Enum):
    """Stable rule identifiers; the value is what users see and what the README documents."""

    UNREADABLE = "unreadable-file"
    SKIPPED_FILE = "skipped-file"
    NO_FINANCE_TABLE = "no-finance-table"
    UNKNOWN_CODE = "unknown-code"
    WRONG_DEPARTMENT = "wrong-department"
    DUPLICATE_CODE = "duplicate-cost-centre"
    DUPLICATE_DEPARTMENT = "duplicate-department"
    MISSING_RESULT_AREA = "missing-result-area"
    MISSING_DEPARTMENT = "missing-department"
    NOT_REQUIRED = "no-budget-no-submission"
    TEXT_IN_NUMBER = "text-in-number-cell"
    AMBIGUOUS_AMOUNT = "ambiguous-amount"
    AMBIGUOUS_COLUMN = "ambiguous-column"
    MASTER_MISMATCH = "master-figure-differs"
    SUM_MISMATCH = "sum-does-not-add-up"
    WRONG_SIGN = "wrong-sign"
    NAME_MISMATCH = "name-differs"
    EMPTY_SUBMISSION = "empty-submission"
    UNEXPLAINED_OVERRUN = "unexplained-overrun"
    STALE_TEMPLATE = "stale-template"
    TEMPLATE_ALTERED = "template-altered"
    INVALID_STATUS = "invalid-status"
    UNKNOWN_KPI = "unknown-kpi"
    BLANK_INPUT = "blank-input"
    MISSING_COLUMN = "missing-column"
    FORMULA_INPUT = "formula-in-input-cell"
    WRONG_PERIOD = "wrong-period"
    SHEET_NOT_READ = "sheet-not-read"
    MACROS_IGNORED = "macros-ignored"
    SUBMITTED = "submitted"
    LOOKS_LIKE_THOUSANDS = "looks-like-thousands"
    FORECAST_BELOW_ACTUAL = "forecast-below-actual"
    IMPLAUSIBLE_PACE = "implausible-pace"
    FORECAST_COPIES_ACTUAL = "forecast-copies-actual"
    LEDGER_DIFFERS = "actual-differs-from-ledger"
    LEDGER_UNKNOWN_CODE = "ledger-unknown-cost-centre"
    LEDGER_UNKNOWN_ACCOUNT = "ledger-unknown-account"
    LEDGER_SIGNS = "ledger-signs-reversed"
    LEDGER_WRONG_YEAR = "ledger-wrong-year"
    LEDGER_MISSING_MONTH = "ledger-missing-month"
    FORECAST_DRIFT = "forecast-drift"
    UNKNOWN_PROJECT = "unknown-project"
    DUPLICATE_PROJECT = "duplicate-project"
    MISSING_PROJECT = "missing-project"
    INVESTMENT_OVERRUN = "investment-overrun"
    LEDGER_UNKNOWN_PROJECT = "ledger-unknown-project"
    STALE_CENTRAL = "stale-central"
    CARRIED_UNCONFIRMED = "carried-unconfirmed"
    BINDING_OVERRUN = "binding-overrun"


# What each rule means, for the council's workbook (the findings sheet's explanation column).
RULE_DESCRIPTIONS: dict[Rule, str] = {
    Rule.UNREADABLE: N_(
        "The file cannot be read as a workbook (damaged, encrypted or the wrong file format)."
    ),
    Rule.SKIPPED_FILE: N_("The file was skipped: an Excel lock file or not an .xlsx file."),
    Rule.NO_FINANCE_TABLE: N_("No budget implementation table was found in the workbook."),
    # TRANSLATORS: kustannuspaikka = kostnadsställe (Briox fi-sv glossary), toimiala = sektor
    # (Vasa, Karleby, Borgå), tulosalue = resultatområde, perustiedot = grunddata (JUDGEMENT);
    # the same words in every finding message.
    Rule.UNKNOWN_CODE: N_("The cost centre is not in the cost-centre structure."),
    Rule.WRONG_DEPARTMENT: N_("The cost centre or investment project belongs to another division."),
    Rule.DUPLICATE_CODE: N_("The same cost centre or line is reported twice."),
    Rule.DUPLICATE_DEPARTMENT: N_(
        "There are two workbooks from the same division; one must be removed."
    ),
    Rule.MISSING_RESULT_AREA: N_("A result area is missing from the division's submission."),
    Rule.MISSING_DEPARTMENT: N_("A division with a budget has not returned its workbook."),
    Rule.NOT_REQUIRED: N_("The division has no budget for the period; no submission is needed."),
    Rule.TEXT_IN_NUMBER: N_("A number cell holds text or an implausible number."),
    Rule.AMBIGUOUS_AMOUNT: N_(
        "An amount written as text is ambiguous: thousands separator or decimals (106,571)."
    ),
    Rule.AMBIGUOUS_COLUMN: N_(
        "The table has two columns whose titles mean the same figure; neither is used."
    ),
    Rule.MASTER_MISMATCH: N_(
        "An accounts, budget or revised budget figure differs from the master data."
    ),
    Rule.SUM_MISMATCH: N_("A total or the operating margin does not add up within the rounding."),
    Rule.WRONG_SIGN: N_("A figure has the wrong sign (expenses negative, revenue positive)."),
    Rule.NAME_MISMATCH: N_(
        "The cost centre's name differs from the master data; the code decides."
    ),
    Rule.EMPTY_SUBMISSION: N_("The submission holds no actual or forecast figure."),
    Rule.UNEXPLAINED_OVERRUN: N_(
        "The forecast materially exceeds the revised budget without an explanation."
    ),
    Rule.STALE_TEMPLATE: N_("The template was made from other master data or by another version."),
    Rule.TEMPLATE_ALTERED: N_(
        "The template's structure has been changed (lines added or removed, a formula replaced)."
    ),
    Rule.INVALID_STATUS: N_(
        "The status of a strategic objective or an investment project is missing or not on the list."
    ),
    Rule.UNKNOWN_KPI: N_("The key figure is not in the division's list of key figures."),
    Rule.BLANK_INPUT: N_(
        "An input cell is blank although the line has a budget; it is read as zero."
    ),
    Rule.MISSING_COLUMN: N_("The table has no actual or forecast column."),
    Rule.FORMULA_INPUT: N_(
        "An input cell holds a formula referring to other cells; type a number."
    ),
    Rule.WRONG_PERIOD: N_(
        "The year or the months of a column title do not match the reporting period."
    ),
    Rule.SHEET_NOT_READ: N_("The sheet was not read: it extends far beyond any division table."),
    Rule.MACROS_IGNORED: N_(
        "A macro-enabled workbook: the values were read, the macros neither run nor kept."
    ),
    Rule.SUBMITTED: N_("The division has returned its workbook."),
    Rule.LOOKS_LIKE_THOUSANDS: N_(
        "The figures seem to be in thousands of euros (or in cents): about a thousandth (or a hundred times) of the budget."
    ),
    Rule.FORECAST_BELOW_ACTUAL: N_(
        "The full-year forecast is smaller than what has already been realised, although the sign is the same."
    ),
    Rule.IMPLAUSIBLE_PACE: N_(
        "The actual's share of the budget differs clearly from the share of the year that has passed."
    ),
    Rule.FORECAST_COPIES_ACTUAL: N_(
        "The forecast equals the actual on every line although the year is not over."
    ),
    # TRANSLATORS: kirjanpito = bokföring, tilikartta = kontoplan (JHS 192 "kontoplan för
    # kommuner och samkommuner").
    Rule.LEDGER_DIFFERS: N_(
        "The actual the division reported differs from the accounts; the report shows the accounts' figure."
    ),
    Rule.LEDGER_UNKNOWN_CODE: N_(
        "The accounts have entries for a cost centre that is not in the structure or that has result areas under it."
    ),
    Rule.LEDGER_UNKNOWN_ACCOUNT: N_(
        "The accounts have entries for an account outside every range of the chart of accounts (accounts.csv)."
    ),
    Rule.LEDGER_SIGNS: N_(
        "The accounts' revenue totals negative and the expenses positive: the sign setting is the wrong way round."
    ),
    Rule.LEDGER_WRONG_YEAR: N_(
        "The accounts have entries dated in another year than the report's; they are not in the report."
    ),
    Rule.LEDGER_MISSING_MONTH: N_(
        "The accounts have no entries for a month of the reporting period: the export may end too early."
    ),
    Rule.FORECAST_DRIFT: N_(
        "The operating margin forecast has changed materially since the previous report without an explanation."
    ),
    # TRANSLATORS: hanke = sv projekt, en project; sitova = bindande, binding.
    Rule.UNKNOWN_PROJECT: N_("The investment project is not in the master data's project list."),
    Rule.DUPLICATE_PROJECT: N_("The same investment project is reported twice."),
    Rule.MISSING_PROJECT: N_(
        "An investment project of the division is missing from its submission."
    ),
    Rule.INVESTMENT_OVERRUN: N_(
        "A binding investment appropriation (a project or a project group) is forecast to be exceeded: it needs a budget amendment."
    ),
    Rule.LEDGER_UNKNOWN_PROJECT: N_(
        "The accounts have investment entries for a project that is not in the project list."
    ),
    Rule.STALE_CENTRAL: N_(
        "The central items' actuals in the master data are still those of the previous report."
    ),
    Rule.CARRIED_UNCONFIRMED: N_(
        "Texts or values the template carried from the previous report were left as they were, "
        "without being confirmed."
    ),
    # TRANSLATORS: sitova määräraha = bindande anslag, tuloarvio = beräknad inkomst (Helsingfors
    # "Budgetens bindande verkan"), talousarviomuutos = ändring i budgeten (Kervo); binding
    # appropriation, revenue estimate (Helsinki's English budget pages), budget amendment.
    Rule.BINDING_OVERRUN: N_(
        "A binding appropriation is forecast to be exceeded (or a binding revenue estimate to fall short): the council must amend the budget."
    ),
}


# A rule's short name in the reader's language: what the findings sheet prints in its "Finding"
# column and the README's rule table stands for. The ids stay the identifiers (after the
# sentence on the terminal, beside the name on the findings sheet).
RULE_NAMES: dict[Rule, str] = {
    Rule.UNREADABLE: N_("File cannot be read"),
    Rule.SKIPPED_FILE: N_("File skipped"),
    Rule.NO_FINANCE_TABLE: N_("No finance table"),
    Rule.UNKNOWN_CODE: N_("Unknown cost centre"),
    Rule.WRONG_DEPARTMENT: N_("Another division's cost centre"),
    Rule.DUPLICATE_CODE: N_("Cost centre reported twice"),
    Rule.DUPLICATE_DEPARTMENT: N_("Two workbooks from one division"),
    Rule.MISSING_RESULT_AREA: N_("Result area missing"),
    Rule.MISSING_DEPARTMENT: N_("Division has not returned"),
    Rule.NOT_REQUIRED: N_("No budget, no return needed"),
    Rule.TEXT_IN_NUMBER: N_("Text in a number cell"),
    Rule.AMBIGUOUS_AMOUNT: N_("Ambiguous amount"),
    Rule.AMBIGUOUS_COLUMN: N_("Two columns for one figure"),
    Rule.MASTER_MISMATCH: N_("Differs from the master data"),
    Rule.SUM_MISMATCH: N_("Sum does not add up"),
    Rule.WRONG_SIGN: N_("Wrong sign"),
    Rule.NAME_MISMATCH: N_("Name differs"),
    Rule.EMPTY_SUBMISSION: N_("No figures filled in"),
    Rule.UNEXPLAINED_OVERRUN: N_("Overspend not explained"),
    Rule.STALE_TEMPLATE: N_("Outdated template"),
    Rule.TEMPLATE_ALTERED: N_("Template altered"),
    Rule.INVALID_STATUS: N_("Invalid status"),
    Rule.UNKNOWN_KPI: N_("Unknown key figure"),
    Rule.BLANK_INPUT: N_("Blank input cell"),
    Rule.MISSING_COLUMN: N_("Column missing"),
    Rule.FORMULA_INPUT: N_("Formula in an input cell"),
    Rule.WRONG_PERIOD: N_("Wrong period"),
    Rule.SHEET_NOT_READ: N_("Sheet not read"),
    Rule.MACROS_IGNORED: N_("Macros ignored"),
    Rule.SUBMITTED: N_("Returned"),
    Rule.LOOKS_LIKE_THOUSANDS: N_("Figures in thousands?"),
    Rule.FORECAST_BELOW_ACTUAL: N_("Forecast below actual"),
    Rule.IMPLAUSIBLE_PACE: N_("Implausible pace"),
    Rule.FORECAST_COPIES_ACTUAL: N_("Forecast copies the actual"),
    Rule.LEDGER_DIFFERS: N_("Actual differs from the accounts"),
    Rule.LEDGER_UNKNOWN_CODE: N_("Accounts: unknown cost centre"),
    Rule.LEDGER_UNKNOWN_ACCOUNT: N_("Accounts: unknown account"),
    Rule.LEDGER_SIGNS: N_("Accounts: signs reversed"),
    Rule.LEDGER_WRONG_YEAR: N_("Accounts: another year"),
    Rule.LEDGER_MISSING_MONTH: N_("Accounts: a month missing"),
    Rule.FORECAST_DRIFT: N_("Forecast changed, not explained"),
    Rule.STALE_CENTRAL: N_("Central items not updated"),
    Rule.CARRIED_UNCONFIRMED: N_("Previous report's values not confirmed"),
    Rule.UNKNOWN_PROJECT: N_("Unknown investment project"),
    Rule.DUPLICATE_PROJECT: N_("Investment project reported twice"),
    Rule.MISSING_PROJECT: N_("Investment project missing"),
    Rule.INVESTMENT_OVERRUN: N_("Binding investment appropriation exceeded"),
    Rule.LEDGER_UNKNOWN_PROJECT: N_("Accounts: unknown project"),
    Rule.BINDING_OVERRUN: N_("Binding appropriation exceeded"),
}


def rule_name(rule: Rule, lang: str | None = None) -> str:
    """A rule's short name in a language (the run's by default): 'Väärä etumerkki'."""
    return gettext_in(lang or current().primary, RULE_NAMES[rule])


def rule_description(rule: Rule, lang: str | None = None) -> str:
    """What a rule means, in a language (the run's by default): the findings sheet explains
    every rule id with it."""
    return gettext_in(lang or current().primary, RULE_DESCRIPTIONS[rule])


@dataclass(frozen=True)
class Finding:
    rule: Rule
    severity: Severity
    message: Msg | Plural  # rendered in the language of whoever reads it
    file: str = ""
    sheet: str = ""
    cell: str = ""
    code: str = ""
    submitted: float | str | None = None
    expected: float | str | None = None
    # The finance row (TOIMINTATUOTOT ...) and column (Column.value) concerned, so the report
    # can link the finding to the exact consolidated cell.
    line_label: str = ""
    column_key: str = ""
    # Every cell a finding covers when it is more than one (looks-like-thousands names a
    # department's or result area's figures in one finding); `cell` is the first of them.
    cells: tuple[str, ...] = ()
    # The investment project a finding concerns (its id), beside its department's code, or the
    # project group (a binding unit of the investment part).
    project: str = ""
    group: str = ""

    @property
    def place(self) -> str:
        where = f"{self.sheet}!{self.cell}" if self.sheet and self.cell else self.sheet
        return ":".join(p for p in (self.file, where) if p)

    @property
    def difference(self) -> float | None:
        if isinstance(self.submitted, int | float) and isinstance(self.expected, int | float):
            return self.submitted - self.expected
        return None

    def text(self, lang: str | None = None) -> str:
        """The message in a language (the run's by default)."""
        return render(self.message, lang)  # (plain text, too, from older callers)

    def line(self, lang: str | None = None) -> str:
        """One line for the terminal: place, severity, cost centre (and project), the message,
        and the rule's id after it (the README documents the ids): the file is named once, at
        the start."""
        ids = " ".join(i for i in (self.code, self.project) if i)
        code = f" [{ids}]" if ids else ""
        place = f"{self.place}: " if self.place else ""
        severity = self.severity.label(lang)
        return f"{place}{severity}{code}: {self.text(lang)} ({self.rule.value})"


def _sort_key(f: Finding) -> tuple[str, int, str, str, str, str]:
    return (f.file, f.severity.rank, f.sheet, _cell_key(f.cell), f.code, f.rule.value)


def _cell_key(cell: str) -> str:
    letters = "".join(ch for ch in cell if ch.isalpha())
    digits = "".join(ch for ch in cell if ch.isdigit())
    return f"{int(digits or 0):08d}{len(letters):02d}{letters}"


def ordered(findings: Iterable[Finding]) -> list[Finding]:
    """Deterministic order: by file, then severity, then position; duplicates dropped."""
    return sorted(dict.fromkeys(findings), key=_sort_key)


def counts(findings: Iterable[Finding]) -> Counter[Severity]:
    return Counter(f.severity for f in findings)


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)


def summary_line(findings: Iterable[Finding], lang: str | None = None) -> str:
    """How many of each severity, in the run's language ('2 virhettä, 1 varoitus, 0 huomiota')."""
    c = counts(findings)
    parts = (
        plural("{n} error", "{n} errors", c[Severity.ERROR]),
        plural("{n} warning", "{n} warnings", c[Severity.WARNING]),
        plural("{n} note", "{n} notes", c[Severity.NOTE]),
    )
    return ", ".join(p.render(lang) for p in parts)
