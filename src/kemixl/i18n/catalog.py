"""The language of a run and the gettext catalogs behind `_()`.

The catalogs are compiled ``.mo`` files read with the standard library's gettext; Babel is
needed only to maintain them (``scripts/catalog.py``) and to format numbers and dates.
"""

from __future__ import annotations

import contextlib
import functools
import gettext
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

LANGUAGES = ("fi", "sv", "en")
DEFAULT = "fi"
DOMAIN = "kemixl"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
BILINGUAL_SEPARATOR = (
    " – "  # as bilingual municipalities print it: "Tuloslaskelma – Resultaträkning"
)


@dataclass(frozen=True)
class Language:
    """The language(s) of a run: one of fi, sv, en, or a bilingual pair such as fi+sv."""

    primary: str = DEFAULT
    secondary: str | None = None

    @property
    def code(self) -> str:
        return f"{self.primary}+{self.secondary}" if self.secondary else self.primary

    @property
    def languages(self) -> tuple[str, ...]:
        return (self.primary, self.secondary) if self.secondary else (self.primary,)

    @property
    def bilingual(self) -> bool:
        return self.secondary is not None

    def __str__(self) -> str:
        return self.code


class LanguageError(ValueError):
    """A language code kemixl does not know; the argument is the code as given."""


def parse_language(text: str | Language) -> Language:
    """'fi', 'sv', 'en' or a pair of two of them joined by '+' ('fi+sv'); LanguageError else."""
    if isinstance(text, Language):
        return text
    parts = [p.strip().lower() for p in str(text).split("+")]
    if not 1 <= len(parts) <= 2 or any(p not in LANGUAGES for p in parts):
        raise LanguageError(str(text))
    if len(parts) == 2 and parts[0] == parts[1]:
        raise LanguageError(str(text))
    return Language(parts[0], parts[1] if len(parts) == 2 else None)


DEFAULT_LANGUAGE = Language()
_current: ContextVar[Language] = ContextVar("kemixl_language", default=DEFAULT_LANGUAGE)


def current() -> Language:
    return _current.get()


@contextlib.contextmanager
def using(language: Language | str) -> Iterator[Language]:
    """Run the block in a language: `with using("sv"): ...`."""
    lang = parse_language(language)
    token = _current.set(lang)
    try:
        yield lang
    finally:
        _current.reset(token)


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalog of one language (read once per process)."""
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    try:
        with path.open("rb") as f:
            return gettext.GNUTranslations(f)
    except FileNotFoundError:  # a catalog not compiled yet: the English source texts
        return gettext.NullTranslations()


def gettext_in(lang: str, message: str, context: str = "") -> str:
    """One message in one given language."""
    t = translations(lang)
    return t.pgettext(context, message) if context else t.gettext(message)


def _(message: str) -> str:
    """A message in the run's (primary) language."""
    return gettext_in(current().primary, message)


def pgettext(context: str, message: str) -> str:
    """A message with a context, for short words that mean different things in places."""
    return gettext_in(current().primary, message, context)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form that agrees with n ('1 virhe', '2 virhettä')."""
    return translations(current().primary).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a text for the catalog where it is defined; it is translated where it is used."""
    return message


def label(message: str, context: str = "", **args: object) -> str:
    """A label or title: in both languages of a bilingual run, Finnish first, once if equal."""
    languages = current().languages
    if not args:  # a fixed word (a line label, a status): the same all run, asked per row
        return _fixed_label(message, context, languages)
    from .message import render_in

    texts = [render_in(lang, gettext_in(lang, message, context), args) for lang in languages]
    return BILINGUAL_SEPARATOR.join(dict.fromkeys(texts))


@functools.cache
def _fixed_label(message: str, context: str, languages: tuple[str, ...]) -> str:
    """label() without arguments (the catalogs are read once per process, so it never
    changes)."""
    texts = [gettext_in(lang, message, context) for lang in languages]
    return BILINGUAL_SEPARATOR.join(dict.fromkeys(texts))


def plabel(context: str, message: str, **args: object) -> str:
    """A label whose words depend on where it stands (a context, as pgettext)."""
    return label(message, context, **args)


def variants(message: str, context: str = "") -> tuple[str, ...]:
    """The message in every language kemixl speaks: what a returned workbook may hold."""
    return tuple(dict.fromkeys(gettext_in(lang, message, context) for lang in LANGUAGES))
