"""Report titles that follow the period: TAMMI-MAALISKUUN OSAVUOSIKATSAUS 2023 for 1-3,
TAMMI-ELOKUUN … for 1-8, and for the whole year the financial statements (TILINPÄÄTÖS 2023);
the Swedish and English titles alike (DELÅRSRAPPORT JANUARI–AUGUSTI 2023, BOKSLUT 2023)."""

from __future__ import annotations

import re

from ..i18n.catalog import N_, gettext_in
from ..i18n.numbers import month_name
from ..model import Period, Settings

# The genitive stems of the Finnish month names: TAMMI|KUUN, HELMI|KUUN ...
MONTH_STEMS = (
    "TAMMI",
    "HELMI",
    "MAALIS",
    "HUHTI",
    "TOUKO",
    "KESÄ",
    "HEINÄ",
    "ELO",
    "SYYS",
    "LOKA",
    "MARRAS",
    "JOULU",
)
INTERIM = "{first}-{last}KUUN OSAVUOSIKATSAUS {year}"
STATEMENTS = "TILINPÄÄTÖS {year}"
# The same titles in Swedish and English (Finnish has its genitive stems above).
# TRANSLATORS: Swedish: delårsrapport januari–juni (Vasa, Porvoo); bokslut = tilinpäätös.
INTERIM_IN = N_("INTERIM REPORT {first}–{last} {year}")
STATEMENTS_IN = N_("FINANCIAL STATEMENTS {year}")

_STEMS = "|".join(MONTH_STEMS)
_MONTH_SPAN = re.compile(rf"\b({_STEMS})(\s*[-–]\s*)({_STEMS})(KUUN)", re.IGNORECASE)
_NUMERIC_SPAN = re.compile(r"\b(0?\d|1[0-2])(\s*[-–]\s*)(0?\d|1[0-2])(\s*/\s*\d{4})")
# 1.1.–30.6.2023: the span's end is the period's last day
_DATE_SPAN = re.compile(r"\b(\d{1,2}\.\d{1,2}\.?\s*[-–]\s*)(\d{1,2})\.(\d{1,2})\.(\s*\d{4})")


def report_title(period: Period) -> str:
    """The title kemixl gives a period's report."""
    if period.first_month == 1 and period.last_month == 12:
        return STATEMENTS.format(year=period.year)
    return INTERIM.format(
        first=MONTH_STEMS[period.first_month - 1],
        last=MONTH_STEMS[period.last_month - 1],
        year=period.year,
    )


def _cased(word: str, like: str) -> str:
    if like.isupper():
        return word.upper()
    if like.islower():
        return word.lower()
    return word.capitalize()


def retitle(title: str, period: Period, lang: str = "fi") -> str:
    """The title in a language (master.toml's title, title_sv, title_en) for a new period: the
    month span of the old title moved to the new last month (keeping the city's wording and
    case), or kemixl's own title in that language when it has none; the whole year is the
    financial statements."""
    if period.first_month == 1 and period.last_month == 12:
        statements = own_title(period, lang)
        return statements if title.isupper() or not title else _cased(statements, title)
    new, n = _month_span(lang).subn(
        lambda m: (
            m.group(1) + m.group(2) + _cased(_last_word(period, lang), m.group(3)) + m.group(4)
        ),
        title,
        count=1,
    )
    if n:
        return new
    width = 2 if re.search(r"\b0\d\s*[-–]", title) else 1
    new, n = _NUMERIC_SPAN.subn(
        lambda m: m.group(1) + m.group(2) + f"{period.last_month:0{width}d}" + m.group(4),
        title,
        count=1,
    )
    if n:
        return new
    end = period.end
    new, n = _DATE_SPAN.subn(
        lambda m: f"{m.group(1)}{end.day}.{end.month}.{m.group(4)}", title, count=1
    )
    return new if n else own_title(period, lang)


def _month_span(lang: str) -> re.Pattern[str]:
    """A span of two months as titles write it: TAMMI-KESÄKUUN (Finnish genitive stems + KUUN),
    januari–juni, January-June."""
    if lang == "fi":
        return _MONTH_SPAN
    names = "|".join(month_name(m, lang) for m in range(1, 13))
    return re.compile(rf"\b({names})(\s*[-–]\s*)({names})()\b", re.IGNORECASE)


def _last_word(period: Period, lang: str) -> str:
    if lang == "fi":
        return MONTH_STEMS[period.last_month - 1]
    return month_name(period.last_month, lang)


def own_title(period: Period, lang: str = "fi") -> str:
    """The title kemixl gives a period's report in a language."""
    if lang == "fi":
        return report_title(period)
    if period.first_month == 1 and period.last_month == 12:
        return gettext_in(lang, STATEMENTS_IN).format(year=period.year)
    return gettext_in(lang, INTERIM_IN).format(
        first=month_name(period.first_month, lang).upper(),
        last=month_name(period.last_month, lang).upper(),
        year=period.year,
    )


def title_in(settings: Settings, period: Period, lang: str) -> str:
    """The report's title in one language: master.toml's own (title, title_sv, title_en); else,
    where the Finnish title is the one kemixl gives the period, the same title in the language;
    else the Finnish title (a city's own wording is data kemixl cannot translate)."""
    own = {"fi": settings.title, "sv": settings.title_sv, "en": settings.title_en}.get(lang, "")
    if own or not _is_own(settings.title, period):
        return own or settings.title
    return own_title(period, lang)


def _is_own(title: str, period: Period) -> bool:
    def squeeze(text: str) -> str:
        return re.sub(r"\s*[-–]\s*", "-", " ".join(text.split())).casefold()

    return squeeze(title) == squeeze(report_title(period))
