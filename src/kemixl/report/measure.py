"""How much room a text needs in a cell: Arial 10's glyph widths, line wrapping, row heights.

Every cell of the report is Arial 10, and so is the workbook's default font, which makes a
column of width w (in digits) int(7 w + 0.5) + 5 pixels wide in Excel and, with Liberation
Sans (Arial's metric twin), in LibreOffice too; 5 of those pixels are padding. At 96 dpi Arial
10 is 13⅓ pixels per em. The widths below are Arial's advance widths (1/1000 em, identical in
Liberation Sans), unhinted: a little wider than Excel draws them, so the estimates err on the
side of one line too many rather than a clipped one.

Text wraps at spaces, and may wrap after a hyphen that precedes a letter ("master-|figure");
a word longer than a line breaks after a hyphen or a slash ("Ympäristöjohtaja/|yhdyskunta…"),
else anywhere, as LibreOffice does (a word that fits moves to the next line whole).
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Iterable

PX_PER_EM = 10 * 96 / 72
DIGIT_PX = 7  # Arial 10's digit at 96 dpi: the unit of column widths
PADDING_PX = 5
LINE_POINTS = 12.75  # one line of Arial 10 in a wrapped cell
CELL_POINTS = 4.0  # room above and below the lines
MAX_ROW_POINTS = 409.0
UNKNOWN = 1000  # a glyph not in the tables: assume it is wide


def _widths(groups: dict[int, str]) -> dict[str, int]:
    return {ch: width for width, chars in groups.items() for ch in chars}


REGULAR = _widths(
    {
        191: "'",
        222: "ijl’‘",
        260: "|",
        278: " \u00a0\u202f!,./:;I[\\]ft",
        333: "()-`r”“·²³",
        334: "{}",
        355: '"',
        389: "*",
        400: "°",
        469: "^",
        500: "Jcksvxyzšž",
        556: "#$0123456789?L_abdeghnopquäöåéüõ€–§«»",
        576: "µ",
        584: "+<=>~×",
        611: "FTZŽ",
        667: "&ABEKPSVXYÄÅÉŠ",
        722: "CDHNRUwÜ",
        778: "GOQÖÕ",
        833: "Mm",
        834: "½",
        889: "%",
        944: "W",
        1000: "—→…",
        1015: "@",
    }
)
BOLD = _widths(
    {
        238: "'",
        278: " \u00a0\u202f,./I\\ijl’‘",
        280: "|",
        333: "!()-:;[]`ft·²³",
        389: "*r{}",
        400: "°",
        474: '"',
        500: "zž”“",
        556: "#$0123456789J_aceksvxyäåéš€–§«»",
        576: "µ",
        584: "+<=>^~×",
        611: "?FLTZbdghnopquöüõŽ",
        667: "EPSVXYÉŠ",
        722: "&ABCDHKNRUÄÅÜ",
        778: "GOQwÖÕ",
        833: "M",
        834: "½",
        889: "%m",
        944: "W",
        975: "@",
        1000: "—→…",
    }
)


def char_px(ch: str, bold: bool = False) -> float:
    table = BOLD if bold else REGULAR
    width = table.get(ch)
    if width is None:  # an accented letter is as wide as its base letter
        base = unicodedata.normalize("NFD", ch)[:1]
        width = table.get(base, UNKNOWN)
    return width * PX_PER_EM / 1000


def text_px(text: str, bold: bool = False) -> float:
    """Pixels a text takes on one line."""
    known = _BOLD_PX if bold else _REGULAR_PX  # a report measures a million characters
    try:
        return sum([known[ch] for ch in text])  # the very sum of char_px over the text
    except KeyError:
        known.update({ch: char_px(ch, bold) for ch in text if ch not in known})
        return sum([known[ch] for ch in text])


_REGULAR_PX: dict[str, float] = {}
_BOLD_PX: dict[str, float] = {}


def line_px(width: float) -> float:
    """Pixels of text a line holds in a cell `width` digits wide (its padding taken off)."""
    return width * DIGIT_PX


def width_for(text: str, bold: bool = False) -> float:
    """The column width (digits, in halves) that shows `text` on one line."""
    return math.ceil((text_px(text, bold) + 2) / DIGIT_PX * 2) / 2


def fitted_width(base: float, texts: Iterable[str], bold: bool = False, most: float = 1.5) -> float:
    """A column's width: `base`, widened (to at most `most` times it) so that the longest word
    of the texts fits on a line rather than breaking in the middle."""
    need = max((width_for(word, bold) for text in texts for word in text.split()), default=0.0)
    return max(base, min(need, base * most))


def title_width(base: float, titles: Iterable[str], most: float = 1.5) -> float:
    """A column's width for its bold title (a language's longer words, both languages of a
    bilingual run): `base`, widened where a word does not fit even when broken after its
    hyphens ("Toteuma-|%" keeps the width made for it)."""
    return fitted_width(base, [t.replace("-", "- ") for t in titles], bold=True, most=most)


def pack_lines(text: str, width_px: float, sep: str = " ", bold: bool = False) -> list[str]:
    """A text cut at its separators into lines of at most `width_px` pixels (a piece longer
    than a line is cut at its spaces): for a text that is not wrapped but runs on into the
    empty cells to its right, one line a row, where no merged cell may hold it."""
    lines: list[str] = []
    line = ""
    for piece in text.split(sep):
        joined = line + sep + piece if line else piece
        if text_px(joined, bold) <= width_px:
            line = joined
            continue
        if line:
            lines.append(line)
        line = piece
        if sep != " " and text_px(piece, bold) > width_px:
            *full, line = pack_lines(piece, width_px, " ", bold)
            lines.extend(full)
    return [*lines, line] if line or not lines else lines


def span_width(widths: list[float]) -> float:
    """The width (digits) of text a merged cell over columns of these widths holds."""
    pixels = sum(int(w * DIGIT_PX + 0.5) + PADDING_PX for w in widths)
    return (pixels - PADDING_PX) / DIGIT_PX


_SPACES = re.compile(r"[ \t]+")  # not no-break spaces: "–\u00a0=" stays on one line
_AFTER_HYPHEN = re.compile(r"(?<=-)(?=[^\W\d_])")
_AFTER_HYPHEN_OR_SLASH = re.compile(r"(?<=[-/])(?=[^\W\d_])")


def _pieces(paragraph: str, at_hyphens: bool) -> list[tuple[str, bool]]:
    """(piece, follows a space) for the pieces a paragraph may break between: its words, and
    with `at_hyphens` the parts of a hyphenated word."""
    out: list[tuple[str, bool]] = []
    for word in paragraph.split():
        parts = _AFTER_HYPHEN.split(word) if at_hyphens else [word]
        out.extend((part, i == 0) for i, part in enumerate(parts))
    return out


def _lines(paragraph: str, capacity: float, bold: bool, at_hyphens: bool) -> int:
    space = char_px(" ", bold)
    lines, used = 1, 0.0  # used: pixels on the current line
    for piece, spaced in _pieces(paragraph, at_hyphens):
        px = text_px(piece, bold)
        gap = space if spaced else 0.0
        if used and used + gap + px <= capacity:
            used += gap + px
            continue
        if used:
            lines += 1
        used = 0.0
        # A piece longer than a line breaks after a hyphen or a slash, else anywhere.
        for part in _AFTER_HYPHEN_OR_SLASH.split(piece) if px > capacity else [piece]:
            part_px = text_px(part, bold)
            if used and used + part_px <= capacity:
                used += part_px
                continue
            if used:
                lines += 1
                used = 0.0
            for ch in part:
                w = char_px(ch, bold)
                if used and used + w > capacity:
                    lines += 1
                    used = 0.0
                used += w
    return lines


@functools.lru_cache(maxsize=4096)  # (a sheet measures the same texts in many rows)
def wrapped_lines(text: str, width: float, bold: bool = False) -> int:
    """Lines a text takes wrapped in a cell `width` digits wide.

    Renderers differ on whether a hyphenated word that fits a line may still break after its
    hyphen (LibreOffice moves "Haettujen/myönnettyjen" whole, but breaks "sum-does-not-add-up"
    at its hyphens): the text is wrapped both ways and the larger count taken.
    """
    capacity = max(line_px(width), PX_PER_EM)
    return sum(
        max(_lines(p, capacity, bold, at_hyphens) for at_hyphens in (True, False))
        for p in text.split("\n")
    )


def text_height(
    text: str, width: float, bold: bool = False, line_points: float = LINE_POINTS
) -> float:
    """Row height (points) that shows a text wrapped in a cell `width` digits wide."""
    return min(MAX_ROW_POINTS, wrapped_lines(text, width, bold) * line_points + CELL_POINTS)


def break_lines(text: str, width: float, bold: bool = False, points: float = 10) -> list[str]:
    """The lines a text is broken into to fit a cell (or run of cells) `width` digits wide, in
    Arial at `points` size: at spaces; a word longer than a line after a hyphen or a slash,
    else anywhere. The text's own line breaks are kept (an empty line stays an empty line).

    kemixl writes such lines one per row, unwrapped, so no renderer re-wraps them: these are
    the lines printed."""
    capacity = max(line_px(width) * 10 / points, PX_PER_EM)
    out: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in _SPACES.split(paragraph):
            if not word:
                continue
            candidate = f"{line} {word}" if line else word
            if text_px(candidate, bold) <= capacity:
                line = candidate
                continue
            if line:
                out.append(line)
                line = ""
            for part in _AFTER_HYPHEN_OR_SLASH.split(word):
                for ch in part if text_px(part, bold) > capacity else [part]:
                    if line and text_px(line + ch, bold) > capacity:
                        out.append(line)
                        line = ""
                    line += ch
        out.append(line)
    return out
