"""Messages rendered late: a message id and its arguments, turned into text in a language
when someone reads it (a finding made while reading a workbook, shown by the CLI or the report).
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Mapping
from dataclasses import dataclass

from .catalog import current, gettext_in, translations


@dataclass(frozen=True)
class Amount:
    """Euros, written as the language writes them ('1 439 849', '1 439 849,50', '1,439,849')."""

    value: float

    def render(self, lang: str) -> str:
        from .numbers import format_amount

        return format_amount(self.value, lang)


@dataclass(frozen=True)
class Day:
    """A date, written as the language writes it ('15.8.2023', '15 August 2023')."""

    value: dt.date

    def render(self, lang: str) -> str:
        from .numbers import format_date

        return format_date(self.value, lang)


@dataclass(frozen=True)
class Msg:
    """A translatable message with named arguments ({name} in the message id)."""

    id: str
    args: tuple[tuple[str, object], ...] = ()
    context: str = ""

    def render(self, lang: str | None = None) -> str:
        lang = lang or current().primary
        return render_in(lang, gettext_in(lang, self.id, self.context), dict(self.args))

    def __str__(self) -> str:
        return self.render()


@dataclass(frozen=True)
class Plural:
    """A message whose words agree with a count n (available to the message as {n})."""

    singular: str
    plural: str
    n: int
    args: tuple[tuple[str, object], ...] = ()

    def render(self, lang: str | None = None) -> str:
        lang = lang or current().primary
        text = translations(lang).ngettext(self.singular, self.plural, self.n)
        return render_in(lang, text, {"n": self.n, **dict(self.args)})

    def __str__(self) -> str:
        return self.render()


def msg(message: str, **args: object) -> Msg:
    """A message for later: `msg("{code} is not in the tree", code=code)`."""
    return Msg(message, tuple(args.items()))


def pmsg(context: str, message: str, **args: object) -> Msg:
    return Msg(message, tuple(args.items()), context)


def plural(singular: str, plural_: str, n: int, **args: object) -> Plural:
    return Plural(singular, plural_, n, tuple(args.items()))


def render(value: object, lang: str | None = None) -> str:
    """Any argument as text in a language: messages translated, amounts in its number format."""
    lang = lang or current().primary
    if isinstance(value, Msg | Plural | Amount | Day):
        return value.render(lang)
    if isinstance(value, float) and not value.is_integer():
        from .numbers import format_number

        return format_number(value, lang)
    if isinstance(value, float):
        return str(int(value))
    return str(value)


class _Formatter(string.Formatter):
    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: object, format_spec: str) -> str:
        if format_spec:
            return str(super().format_field(value, format_spec))
        return render(value, self.lang)


def render_in(lang: str, text: str, args: Mapping[str, object]) -> str:
    """A translated text with its {arguments} filled in, each rendered in the language."""
    if not args:
        return text
    return str(_Formatter(lang).vformat(text, (), args))
