"""English words leaking into Finnish or Swedish output.

A small list of common English words that are not Finnish or Swedish words, looked for in an
output text after its identifiers (options, rule ids, file names and paths, cell references,
master.toml sections) are taken out: what is left is what a person reads.
"""

from __future__ import annotations

import re

_WORDS = """
    the is are not and of or to for from with this that was were be should cannot can't
    file files sheet sheets missing workbook workbooks column columns row rows wrote kept
    error errors warning warnings note notes ready reading show write writes written folder
    report default options usage commands command next help message invalid value
    option such try master ledger number whole empty exit unexpected department
    departments areas submissions submission objectives required replaces again above fix
"""
ENGLISH = frozenset(_WORDS.split())
_IDENTIFIERS = (
    re.compile(r"\S*[./\\_]\S*"),  # file names, paths, master.toml, .xlsx
    re.compile(r"(?<!\w)--?[a-z][\w-]*"),  # options
    re.compile(r"\b[a-z]+(?:-[a-z]+)+\b"),  # rule ids
    re.compile(r"\[[\w. ]*\]"),  # [64110000] codes, [ledger] sections
    re.compile(r"\b[A-Z]+\d+\b|\w+!\$?[A-Z]+\$?\d+"),  # cells, Sheet!A1
)


def english_words(text: str, *identifiers: str) -> set[str]:
    """The English words of the list in a text, once the given identifiers (paths, names the
    test knows) and the usual ones are taken out."""
    for known in sorted(identifiers, key=len, reverse=True):
        text = text.replace(known, " ")
    for pattern in _IDENTIFIERS:
        text = pattern.sub(" ", text)
    words = re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", text)
    return {w.lower() for w in words if w.lower() != "kemixl"} & ENGLISH
