"""Every word kemixl says or writes, in the user's language.

One gettext catalog per language (``locale/<lang>/LC_MESSAGES/kemixl.po``, compiled to ``.mo``
with Babel by ``scripts/catalog.py``): Finnish (``fi``, the default), Swedish (``sv``) and
English (``en``) complete. Message ids are English source texts; identifiers such as rule ids
and file formats are never translated.

The language of a run is a context (set once at the edge, by the CLI or a library caller, with
``using(...)``); everything below reads it through ``_()`` and friends. A bilingual run
(``fi+sv``) writes labels and titles in both languages, Finnish first
("TOIMINTATUOTOT – Verksamhetens intäkter"), and running text in the primary language.

Texts that must be rendered later, in whatever language is chosen then (findings made while
reading, possibly in another process), are ``Msg`` records: a message id and its arguments.
"""

from .catalog import (
    LANGUAGES,
    N_,
    Language,
    _,
    current,
    gettext_in,
    label,
    ngettext,
    parse_language,
    pgettext,
    plabel,
    using,
    variants,
)
from .message import Amount, Msg, Plural, msg, plural, pmsg, render
from .numbers import format_amount, format_date, format_datetime, format_number, locale_tag

__all__ = [
    "LANGUAGES",
    "N_",
    "Amount",
    "Language",
    "Msg",
    "Plural",
    "_",
    "current",
    "format_amount",
    "format_date",
    "format_datetime",
    "format_number",
    "gettext_in",
    "label",
    "locale_tag",
    "msg",
    "ngettext",
    "parse_language",
    "pgettext",
    "plabel",
    "plural",
    "pmsg",
    "render",
    "using",
    "variants",
]
