"""Keeping the catalogs complete: extract, update, compile, check (Babel).

Not imported at run time; used by ``scripts/catalog.py`` and the tests. The catalogs are
written sorted by message and without source locations, so that two changes adding messages
rarely touch the same lines, and a catalog diff shows only what changed in the words.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from .catalog import DOMAIN, LANGUAGES, LOCALE_DIR

PACKAGE_DIR = Path(__file__).resolve().parent.parent
# The functions whose literal arguments are catalog messages (Babel keyword specs).
KEYWORDS: dict[str, Any] = {
    "_": None,
    "N_": None,
    "label": None,
    "msg": None,
    "pgettext": ((1, "c"), 2),
    "pmsg": ((1, "c"), 2),
    "plabel": ((1, "c"), 2),
    "ngettext": (1, 2),
    "plural": (1, 2),
}
COMMENT_TAGS = ("TRANSLATORS:",)
FIXED_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)  # no timestamp churn in the catalogs
_FIELD = re.compile(r"\{(\w*)")

Key = tuple[str | None, str]  # (context, message id)


@dataclass(frozen=True)
class Problem:
    lang: str
    key: Key
    what: str

    def __str__(self) -> str:
        context, message = self.key
        where = f"[{context}] " if context else ""
        return f"{self.lang}: {where}{message!r}: {self.what}"


def extract(source: Path = PACKAGE_DIR) -> Catalog:
    """Every message the code marks, as a template catalog (no translations)."""
    template = Catalog(project="kemixl", domain=DOMAIN, creation_date=FIXED_DATE)
    found = extract_from_dir(
        str(source),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=COMMENT_TAGS,
        strip_comment_tags=True,
    )
    for filename, lineno, message, comments, context in found:
        template.add(
            message,
            None,
            [(filename, lineno)],
            auto_comments=comments,
            context=context,
        )
    return template


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


def load(lang: str) -> Catalog:
    path = po_path(lang)
    if not path.exists():
        return Catalog(locale=lang, domain=DOMAIN, creation_date=FIXED_DATE)
    with path.open("rb") as f:
        return read_po(f, locale=lang, domain=DOMAIN)


def po_bytes(catalog: Catalog) -> bytes:
    catalog.creation_date = FIXED_DATE
    catalog.revision_date = FIXED_DATE
    catalog.project, catalog.version = "kemixl", "1"
    catalog.msgid_bugs_address = ""
    catalog.copyright_holder = ""
    catalog.last_translator = "kemixl"
    catalog.language_team = "kemixl"
    buf = io.BytesIO()
    write_po(buf, catalog, width=100, no_location=True, sort_output=True, include_previous=False)
    return buf.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue()


def update(template: Catalog, languages: Iterable[str] = LANGUAGES) -> list[str]:
    """Merge the extracted messages into each catalog (new ones empty, unused ones dropped)."""
    written = []
    for lang in languages:
        catalog = load(lang)
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
        catalog.obsolete.clear()
        path = po_path(lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(po_bytes(catalog))
        written.append(str(path))
    return written


def compile_all(languages: Iterable[str] = LANGUAGES) -> list[str]:
    written = []
    for lang in languages:
        mo_path(lang).write_bytes(mo_bytes(load(lang)))
        written.append(str(mo_path(lang)))
    return written


def _key(message: object, context: str | None) -> Key:
    text = message[0] if isinstance(message, tuple | list) else message
    return (context or None, str(text))


def check(template: Catalog | None = None, languages: Iterable[str] = LANGUAGES) -> list[Problem]:
    """Every problem with the catalogs: a message untranslated (or fuzzy) in a language, an
    entry no code uses, a translation whose {fields} differ from the message's, a stale .mo."""
    template = template or extract()
    wanted = {_key(m.id, m.context) for m in template if m.id}
    problems: list[Problem] = []
    for lang in languages:
        catalog = load(lang)
        have = {_key(m.id, m.context): m for m in catalog if m.id}
        for key in sorted(wanted - have.keys(), key=str):
            problems.append(Problem(lang, key, "missing from the catalog"))
        for key in sorted(have.keys() - wanted, key=str):
            problems.append(Problem(lang, key, "in the catalog but no code uses it"))
        for key in sorted(wanted & have.keys(), key=str):
            m = have[key]
            strings = list(m.string) if isinstance(m.string, tuple | list) else [m.string]
            if m.fuzzy or not all(s and s.strip() for s in strings):
                problems.append(Problem(lang, key, "not translated"))
                continue
            ids = list(m.id) if isinstance(m.id, tuple | list) else [m.id]
            fields = set().union(*(_FIELD.findall(i) for i in ids))
            for s in (str(x) for x in strings):
                if set(_FIELD.findall(s)) - fields - {"n"}:
                    problems.append(Problem(lang, key, f"unknown {{field}} in {s!r}"))
            # a plural's forms may share out the fields (click: "Did you mean {possibility}?" /
            # "(Did you mean one of: {possibilities}?)"): together they must use every one
            used = set().union(*(_FIELD.findall(str(x)) for x in strings))
            if fields - {"n"} - used:
                problems.append(Problem(lang, key, f"a {{field}} is missing in {strings!r}"))
        if not mo_path(lang).exists() or mo_path(lang).read_bytes() != mo_bytes(catalog):
            problems.append(Problem(lang, (None, f"{DOMAIN}.mo"), "not compiled from the .po"))
    return problems
