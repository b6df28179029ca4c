"""Under each department's table: its responsible person and explanation texts, as in the seed."""

from __future__ import annotations

import re
from typing import NamedTuple

from ..reconcile import Consolidation
from .sheet import Sheet

EXPLANATION_TITLE = (
    "Talousarvion toteutuminen ja yksilöidyt keinot siitä, miten mahdollinen talousarvion "
    "ylitys estetään:"
)
SAVINGS_TITLE = "Talousohjelma ja säästötoimenpiteet:"
NOT_GIVEN = "Selvitystä ei ole toimitettu."
_BLANK_LINES = re.compile(r"\n\s*\n")


_SENTENCE_END = re.compile(r"(?<=[.!?:;])\s+")
MAX_CHARS = 1200  # a paragraph longer than this is printed in pieces (rows cannot break)


def paragraphs(text: str) -> list[str]:
    """Paragraphs split at blank lines; single line breaks are kept inside a paragraph.

    A very long paragraph is cut into pieces of whole sentences, each a row of its own: a
    row is at most 409 points tall and never breaks across printed pages.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out: list[str] = []
    for p in _BLANK_LINES.split(text):
        if p.strip():
            out.extend(_pieces(p.strip("\n").rstrip()))
    return out


def _pieces(paragraph: str) -> list[str]:
    if len(paragraph) <= MAX_CHARS:
        return [paragraph]
    pieces: list[str] = []
    current = ""
    for sentence in _SENTENCE_END.split(paragraph):
        while len(sentence) > MAX_CHARS:  # one endless sentence: cut at a space
            cut = sentence.rfind(" ", 0, MAX_CHARS)
            cut = cut if cut > 0 else MAX_CHARS
            if current:
                pieces.append(current)
                current = ""
            pieces.append(sentence[:cut])
            sentence = sentence[cut:].lstrip()
        if current and len(current) + 1 + len(sentence) > MAX_CHARS:
            pieces.append(current)
            current = sentence
        else:
            current = f"{current} {sentence}" if current else sentence
    if current:
        pieces.append(current)
    return pieces


class Block(NamedTuple):
    """Rows of a department's explanation block: its first (the department's name), the first
    paragraph's (which the name and Vastuuhenkilö must share a page with), the next free."""

    first: int
    keep_with: int
    end: int


def write_explanations(sheet: Sheet, c: Consolidation, code: str, row: int, last_col: int) -> Block:
    """From `row` on: name, Vastuuhenkilö, the explanation and (if given) the savings programme.

    Every paragraph is a row of its own (merged across the table's width, wrapped, as tall as
    its text), so long texts break between pages at paragraph boundaries.
    """
    node = c.master.centre(code)
    ex = c.explanations.get(code)
    name = node.name if node else code
    responsible = (ex.responsible.strip() if ex else "") or (node.responsible if node else "")
    row += 1
    first = row
    sheet.text(row, 0, name, "heading")
    row += 1
    sheet.text(row, 0, "Vastuuhenkilö", "text_bold")
    sheet.ws.merge_range(row, 1, row, last_col, "", sheet.fmt["text"])
    sheet.text(row, 1, responsible or "(ei ilmoitettu)", "text")
    row += 2
    keep_with = row
    sections = [(EXPLANATION_TITLE, paragraphs(ex.explanation if ex else "") or [NOT_GIVEN])]
    savings = paragraphs(ex.savings if ex else "")
    if savings:
        sections.append((SAVINGS_TITLE, savings))
    for title, parts in sections:
        for i, part in enumerate(parts):
            sheet.paragraph(row, 0, last_col, part, heading=title if i == 0 else "")
            row += 1
        row += 1
    return Block(first, keep_with, row)
