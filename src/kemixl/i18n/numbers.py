"""Numbers and dates as each language writes them (Babel, CLDR data).

Finnish and Swedish in Finland: `1 439 849` with a no-break space and a decimal comma;
English (UK): `1,439,849.50`. Workbook number formats carry the matching locale tag, so that
LibreOffice and Excel show the same separators whatever the machine's own locale.
"""

from __future__ import annotations

import datetime as dt

from .catalog import current

BABEL_LOCALES = {"fi": "fi_FI", "sv": "sv_FI", "en": "en_GB"}
# Excel's locale ids (LCID) as number-format tags: Finnish, Swedish (Finland), English (UK).
LOCALE_TAGS = {"fi": "[$-40B]", "sv": "[$-81D]", "en": "[$-809]"}


def _locale(lang: str | None) -> str:
    return BABEL_LOCALES[lang or current().primary]


def format_number(value: float, lang: str | None = None, decimals: int = 3) -> str:
    """A number with the language's grouping and decimal sign, up to `decimals` decimals."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=_locale(lang))


def format_amount(value: float, lang: str | None = None) -> str:
    """Euros: whole euros without decimals, otherwise with cents."""
    from babel.numbers import format_decimal

    cents = round(value, 2)
    pattern = "#,##0" if cents == int(cents) else "#,##0.00"
    return format_decimal(cents, format=pattern, locale=_locale(lang))


DATE_PATTERNS = {"fi": "d.M.yyyy", "sv": "d.M.yyyy", "en": "d MMMM yyyy"}
DATETIME_PATTERNS = {
    "fi": "d.M.yyyy 'klo' H.mm",
    "sv": "d.M.yyyy 'kl.' H.mm",
    "en": "d MMMM yyyy HH:mm",
}


def format_date(value: dt.date, lang: str | None = None) -> str:
    """15.8.2023 in Finnish and Swedish, 15 August 2023 in English."""
    from babel.dates import format_date as babel_date

    code = lang or current().primary
    return babel_date(value, DATE_PATTERNS[code], locale=BABEL_LOCALES[code])


def format_datetime(value: dt.datetime, lang: str | None = None) -> str:
    """29.11.2026 klo 14.05 (Finnish), 29.11.2026 kl. 14.05 (Swedish), 29 November 2026 14:05."""
    from babel.dates import format_datetime as babel_datetime

    code = lang or current().primary
    return babel_datetime(value, DATETIME_PATTERNS[code], locale=BABEL_LOCALES[code])


def month_name(month: int, lang: str | None = None) -> str:
    """A month's standalone name: kesäkuu, juni, June."""
    from babel.dates import get_month_names

    return str(get_month_names("wide", "stand-alone", locale=_locale(lang))[month])


def locale_tag(lang: str | None = None) -> str:
    """The number-format locale tag of the language ([$-40B] for Finnish)."""
    return LOCALE_TAGS[lang or current().primary]
