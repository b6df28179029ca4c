"""Findings: what the reconciliation reports, as data.

Every rule has a stable identifier (documented in the README); findings are collected,
never raised, and sorted into a deterministic order before anyone sees them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from .i18n.message import Msg


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "note": 2}[self.value]


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
    FORECAST_DRIFT = "forecast-drift"

    @property
    def finnish(self) -> str:
        """What the rule means, in Finnish, for the council's workbook."""
        return RULES_FI[self]


RULES_FI: dict[Rule, str] = {
    Rule.UNREADABLE: "Tiedostoa ei voi lukea työkirjana (vaurioitunut, salattu tai väärä tiedostomuoto).",
    Rule.SKIPPED_FILE: "Tiedosto ohitettiin: Excelin lukitustiedosto tai muu kuin .xlsx-tiedosto.",
    Rule.NO_FINANCE_TABLE: "Työkirjasta ei löytynyt talousarvion toteutumataulukkoa.",
    Rule.UNKNOWN_CODE: "Kustannuspaikkaa ei ole kustannuspaikkarakenteessa.",
    Rule.WRONG_DEPARTMENT: "Kustannuspaikka kuuluu toiselle toimialalle.",
    Rule.DUPLICATE_CODE: "Sama kustannuspaikka tai rivi on ilmoitettu kahdesti.",
    Rule.DUPLICATE_DEPARTMENT: "Samalta toimialalta on kaksi työkirjaa; toinen on poistettava.",
    Rule.MISSING_RESULT_AREA: "Tulosalue puuttuu toimialan palautuksesta.",
    Rule.MISSING_DEPARTMENT: "Toimiala, jolla on talousarvio, ei ole palauttanut työkirjaa.",
    Rule.NOT_REQUIRED: "Toimialalla ei ole talousarviota kaudella; palautusta ei tarvita.",
    Rule.TEXT_IN_NUMBER: "Lukusolussa on tekstiä tai epäuskottava luku.",
    Rule.AMBIGUOUS_AMOUNT: "Tekstinä kirjoitettu summa on monitulkintainen: tuhaterotin vai desimaalit (106,571).",
    Rule.AMBIGUOUS_COLUMN: "Taulukossa on kaksi saraketta, joiden otsikot tarkoittavat samaa lukua; kumpaakaan ei käytetä.",
    Rule.MASTER_MISMATCH: "TP-, TA- tai muutettu TA -luku poikkeaa perustiedoista.",
    Rule.SUM_MISMATCH: "Summa tai toimintakate ei täsmää pyöristystarkkuudella.",
    Rule.WRONG_SIGN: "Luvun etumerkki on väärä (kulut negatiivisina, tuotot positiivisina).",
    Rule.NAME_MISMATCH: "Kustannuspaikan nimi poikkeaa perustiedoista; koodi ratkaisee.",
    Rule.EMPTY_SUBMISSION: "Palautuksessa ei ole yhtään toteuma- tai ennustelukua.",
    Rule.UNEXPLAINED_OVERRUN: "Ennuste ylittää muutetun talousarvion olennaisesti ilman selvitystä.",
    Rule.STALE_TEMPLATE: "Pohja on tehty eri perustiedoista tai eri versiolla.",
    Rule.TEMPLATE_ALTERED: "Pohjan rakennetta on muutettu (rivejä lisätty tai poistettu, kaava korvattu).",
    Rule.INVALID_STATUS: "Strategisen tavoitteen tila puuttuu tai ei ole listalla.",
    Rule.UNKNOWN_KPI: "Tunnuslukua ei ole toimialan tunnuslukuluettelossa.",
    Rule.BLANK_INPUT: "Syöttösolu on tyhjä, vaikka rivillä on talousarvio; tulkitaan nollaksi.",
    Rule.MISSING_COLUMN: "Taulukosta puuttuu toteuma- tai ennustesarake.",
    Rule.FORMULA_INPUT: "Syöttösolussa on kaava, joka viittaa muihin soluihin; kirjoita luku.",
    Rule.WRONG_PERIOD: "Sarakeotsikon vuosi tai kuukaudet eivät vastaa raportointikautta.",
    Rule.SHEET_NOT_READ: "Taulukkoa ei luettu: se ulottuu kauas minkään toimialataulukon ulkopuolelle.",
    Rule.MACROS_IGNORED: "Makrollinen työkirja: arvot luettiin, makroja ei ajettu eikä säilytetty.",
    Rule.SUBMITTED: "Toimiala on palauttanut työkirjan.",
    Rule.LOOKS_LIKE_THOUSANDS: "Luvut näyttävät olevan tuhansina euroina (tai senteinä): noin tuhannesosa (tai satakertaiset) talousarvioon verrattuna.",
    Rule.FORECAST_BELOW_ACTUAL: "Koko vuoden ennuste on pienempi kuin jo toteutunut, vaikka etumerkki on sama.",
    Rule.IMPLAUSIBLE_PACE: "Toteuman osuus talousarviosta poikkeaa selvästi vuoden kuluneesta osuudesta.",
    Rule.FORECAST_COPIES_ACTUAL: "Ennuste on joka rivillä sama kuin toteuma, vaikka vuosi ei ole lopussa.",
    Rule.LEDGER_DIFFERS: "Toimialan ilmoittama toteuma poikkeaa kirjanpidosta; raportissa on kirjanpidon luku.",
    Rule.LEDGER_UNKNOWN_CODE: "Kirjanpidossa on kirjauksia kustannuspaikalle, jota ei ole rakenteessa tai jolla on alaisia tulosalueita.",
    Rule.LEDGER_UNKNOWN_ACCOUNT: "Kirjanpidossa on kirjauksia tilille, joka ei kuulu tilikartan (accounts.csv) mihinkään väliin.",
    Rule.LEDGER_SIGNS: "Kirjanpidon tuotot ovat yhteensä negatiiviset ja kulut positiiviset: etumerkkiasetus on väärin päin.",
    Rule.FORECAST_DRIFT: "Toimintakatteen ennuste on muuttunut edellisestä raportista olennaisesti ilman selvitystä.",
}


@dataclass(frozen=True)
class Finding:
    rule: Rule
    severity: Severity
    message: str | Msg  # a Msg is rendered in the language of whoever reads it
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
        return self.message.render(lang) if isinstance(self.message, Msg) else self.message

    def line(self, lang: str | None = None) -> str:
        """One line for the terminal: place, severity, rule, cost centre, message."""
        code = f" [{self.code}]" if self.code else ""
        place = f"{self.place}: " if self.place else ""
        return f"{place}{self.severity.value}: {self.rule.value}{code}: {self.text(lang)}"


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


def summary_line(findings: Iterable[Finding]) -> str:
    c = counts(findings)
    parts = [f"{c[s]} {s.value}{'' if c[s] == 1 else 's'}" for s in Severity]
    return ", ".join(parts)
