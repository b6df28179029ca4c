"""Reading an untrusted .xlsx fast and within bounds.

Values come from python-calamine (Rust, several times faster than openpyxl). Calamine cannot
say which cells hold formulas, and kemixl never trusts a formula's cached value, so each
worksheet's XML is also scanned, at C speed with regular expressions, for its formula cells.
The same pass refuses what no real workbook contains: a DTD (entity expansion: "billion
laughs", quadratic blow-up) and cell references far outside any department table (a sheet that
would inflate to billions of cells). Only a workbook whose formula cells carry no A1 reference
(legal, rare) is read with openpyxl instead, which parses with defusedxml.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import posixpath
import re
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, repeat
from typing import Any

from ..i18n.message import Amount, Msg, msg
from ..numbers import constant_formula
from .calamine_copy import calamine_copy
from .cells import (
    Formula,
    Grid,
    RawCell,
    Values,
    a1_to_rowcol,
    column_letters,
    raw_grid,
    value_grid,
)
from .safe import Limits, UnsafeWorkbook, check_zip, kind_of_zip

_DTD = (b"<!DOCTYPE", b"<!ENTITY")
_DTD_WIDE = tuple(m.decode().encode("utf-16-le") for m in _DTD)
_DTD_OPEN_WIDE = "<!".encode("utf-16-le")

_P = rb"(?:[A-Za-z_][\w.\-]*:)?"  # any namespace prefix
# A cell and its formula, which the schema makes the cell's first child; groups: the cell's
# attributes, the formula's attributes, the formula's text.
_CELL_FORMULA = re.compile(
    rb"<" + _P + rb"c\b([^>]*)>\s*<" + _P + rb"f\b([^>]*?)(?:/>|>(.*?)</" + _P + rb"f>)", re.S
)
_REF = re.compile(rb"""(?:^|\s)r\s*=\s*["']([A-Za-z]+\d+)["']""")
_FORMULA_START = re.compile(rb"<" + _P + rb"f[\s/>]")
# The same without prefixes, which lets the engine jump from literal to literal: most files.
_CELL_FORMULA_PLAIN = re.compile(rb"<c\b([^>]*)>\s*<f\b([^>]*?)(?:/>|>(.*?)</f>)", re.S)
_FORMULA_START_PLAIN = re.compile(rb"<f[\s/>]")
_PREFIXED = (b":c ", b":c>", b":f ", b":f>", b":f/")
_ATTR = re.compile(rb"""\b([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ENTITY = re.compile(r"&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}


@dataclass(frozen=True)
class SheetPart:
    title: str
    part: str  # path inside the zip
    worksheet: bool  # False for chart sheets and the like: nothing to read


@dataclass(frozen=True)
class Sheet:
    """One worksheet as read: its grid, or why it was skipped."""

    title: str
    grid: Grid
    skipped: Msg | None = None  # why, when the sheet was too large to read


@dataclass(frozen=True)
class Workbook:
    sheets: tuple[Sheet, ...]
    macros: bool  # a vbaProject part: values were read, the macros ignored


@dataclass(frozen=True)
class ValueSheet:
    """One worksheet as a value grid (cells.Values), or why it was skipped."""

    title: str
    values: Values
    skipped: Msg | None = None


@dataclass(frozen=True)
class ValueBook:
    sheets: tuple[ValueSheet, ...]
    macros: bool


_NAMED_ORDER = (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'"), ("&amp;", "&"))


def _unescape(text: str) -> str:
    if "&" not in text:  # most formulas: nothing escaped
        return text
    if "&#" not in text:
        # Named entities only (a template's formulas quote texts and compare: &quot; &lt; &gt;):
        # str.replace runs at C speed, a hundred times fewer Python calls than a regex callback.
        # &amp; goes last, so "&amp;lt;" becomes "&lt;" as a single XML pass would leave it.
        for entity, char in _NAMED_ORDER:
            if entity in text:
                text = text.replace(entity, char)
        return text

    def one(m: re.Match[str]) -> str:
        e = m.group(1)
        if e.startswith("#x"):
            return chr(int(e[2:], 16))
        if e.startswith("#"):
            return chr(int(e[1:]))
        return _NAMED[e]

    try:
        return _ENTITY.sub(one, text)
    except (ValueError, OverflowError):
        return text


def _attrs(raw: bytes) -> dict[bytes, str]:
    return {
        m.group(1).split(b":")[-1]: (
            m.group(2) if m.group(2) is not None else m.group(3) or b""
        ).decode("utf-8", "replace")
        for m in _ATTR.finditer(raw)
    }


def _refuse_dtd(name: str, data: bytes) -> None:
    # Both markers hold a "!", rare in a workbook: one search rules out both, in UTF-8 and
    # UTF-16 alike; where there is one, "<!" (per encoding) rules them out next.
    if b"!" not in data:
        return
    narrow = b"<!" in data and any(m in data for m in _DTD)
    if narrow or (_DTD_OPEN_WIDE in data and any(m in data for m in _DTD_WIDE)):
        raise UnsafeWorkbook(
            msg(
                "its part {part} declares XML entities, which workbooks never do; it is not read "
                "(save the workbook again in Excel)",
                part=name,
            )
        )


def _xml_children(data: bytes, tag: str) -> Iterator[dict[bytes, str]]:
    """Attributes (local names) of every <tag> element of a small part: workbook.xml, rels.

    Parsed as XML (defusedxml; the DTD check has already run), so a sheet name holding ">" or
    an entity reads as Excel shows it. A part that is not XML is a damaged workbook.
    """
    from defusedxml import ElementTree

    try:
        root = ElementTree.fromstring(data) if data.strip() else None
    except Exception as exc:  # ParseError and defusedxml's refusals
        raise UnsafeWorkbook(
            msg(
                "its workbook structure is damaged (not well-formed XML); open it in Excel and "
                "save it again as an .xlsx workbook"
            )
        ) from exc
    if root is None:
        return
    for element in root.iter():
        if element.tag.rsplit("}", 1)[-1] == tag:
            yield {k.rsplit("}", 1)[-1].encode(): v for k, v in element.attrib.items()}


def _resolve(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))


def _rels_of(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def sheet_parts(parts: dict[str, bytes | None]) -> list[SheetPart]:
    """The workbook's sheets in order, each with its part, from the package relationships."""
    root_rels = parts.get("_rels/.rels") or b""
    book = next(
        (
            _resolve("", r.get(b"Target", ""))
            for r in _xml_children(root_rels, "Relationship")
            # the type's last segment: every type's address has an "officeDocument" in it
            # (…/officeDocument/2006/relationships/custom-properties, which Gnumeric lists
            # first), the main part's ends in one (transitional and strict alike)
            if r.get(b"Type", "").rsplit("/", 1)[-1] == "officeDocument"
        ),
        "xl/workbook.xml",
    )
    if book not in parts:
        raise UnsafeWorkbook(kind_of_zip(set(parts)))
    rels = {
        r.get(b"Id", ""): (_resolve(book, r.get(b"Target", "")), r.get(b"Type", ""))
        for r in _xml_children(parts.get(_rels_of(book)) or b"", "Relationship")
    }
    out = []
    for s in _xml_children(parts[book] or b"", "sheet"):
        target, kind = rels.get(s.get(b"id", ""), ("", ""))
        out.append(SheetPart(s.get(b"name", ""), target, kind.endswith("/worksheet")))
    return out


def _thousands(n: int) -> Amount:
    return Amount(n)  # a count, grouped as the reader's language groups thousands


# Literal prefixes ("r=") let the regex engine skip ahead: ten times faster than "\br\s*=".
_LONG_ROW = re.compile(rb"""r=["'][A-Z]{1,3}(\d{4,})["']""")  # rows from 1000 on
_WIDE_COLUMN = re.compile(rb"""r=["']([A-Z]{2,3})\d+["']""")  # columns from AA on
_SPACED = re.compile(rb"r(?:\s+=|=\s)")  # 'r = "A1"' is legal XML, if never written
_SPACED_ATTR = re.compile(rb"\br\s*=\s*")


# Any element spelled with a namespace prefix (x:row, x:c, x:f): most sheets have none, and
# one search then spares a pass over the sheet for each prefixed spelling.
_PREFIXED_TAG = re.compile(rb":(?:row|c|f)[\s/>]")
_SIX_DIGITS = re.compile(rb"""r=["']\d{6,}["']""")
_UNREFERENCED = re.compile(rb"""<c(?:>|/>| (?!r=["']))""")  # a cell without r= first


def _count(data: bytes, tags: tuple[bytes, ...], prefixed: bool) -> int:
    """How often the tags ("<c ", "<c>") occur, and their prefixed spellings (":c ") if any."""
    if prefixed:
        tags = (*tags, *(b":" + t[1:] for t in tags))
    return sum(data.count(tag) for tag in tags)


@functools.lru_cache(maxsize=8)
def _tall_pattern(letters: int, digits: int) -> re.Pattern[bytes]:
    """References with at least this many column letters (a prefix of one) or row digits,
    cells' and rows' alike: what _far_pattern, _SIX_DIGITS and (digits ≤ 5) the used area's
    rows from 10 ** digits on look for, in one search."""
    return re.compile(rb"""r=["'](?:[A-Z]{%d,3}\d|[A-Z]{0,3}\d{%d,}["'])""" % (letters, digits))


@functools.lru_cache(maxsize=8)
def _unusual_pattern(digits: int) -> re.Pattern[bytes]:
    """What _SPACED, _WIDE_COLUMN and _tall_pattern(letters ≥ 2, digits) look for, in one
    search: a spaced "r =", a reference from column AA on, or one with this many row digits."""
    return re.compile(rb"""r(?:\s+=|=(?:\s|["'](?:[A-Z]{2,3}\d|[A-Z]{0,3}\d{%d,}["'])))""" % digits)


@functools.lru_cache(maxsize=8)
def _far_pattern(letters: int, digits: int) -> re.Pattern[bytes]:
    """References with at least this many column letters or row digits."""
    return re.compile(
        rb"""r=["'](?:([A-Z]{%d,3})(\d+)|([A-Z]{1,3})(\d{%d,}))["']""" % (letters, digits)
    )


_ROW_ELEMENT = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?row\b([^>]*?)(/?)>")
_CELL_ELEMENT = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?c\b([^>]*?)/?>")
_ROW_R = re.compile(rb"""(?:^|\s)r\s*=\s*["'](\d+)["']""")
# A row numbered with six or more digits: a stray last row that its cells need not mention.
_ROW_NUMBER = re.compile(rb"""<(?:[A-Za-z_][\w.\-]*:)?row\b[^>]*?\sr\s*=\s*["']\d{6,}["']""")


def _placed_extent(data: bytes) -> tuple[int, int]:
    """(rows, columns) of the area the cells occupy, placing unreferenced ones by their order.

    Per-row Python work, so only for the unusual files that need it.
    """
    starts = list(_ROW_ELEMENT.finditer(data))
    max_row = max_col = row_no = 0
    for i, m in enumerate(starts):
        r = _ROW_R.search(m.group(1))
        row_no = int(r.group(1)) if r else row_no + 1
        max_row = max(max_row, row_no)
        if m.group(2):  # <row/>: no cells
            continue
        end = starts[i + 1].start() if i + 1 < len(starts) else len(data)
        col = 0
        for c in _CELL_ELEMENT.finditer(data, m.end(), end):
            ref = _REF.search(c.group(1))
            if ref is not None:
                try:
                    col = a1_to_rowcol(ref.group(1).decode())[1] + 1
                except ValueError:
                    col += 1
            else:
                col += 1
            max_col = max(max_col, col)
    return max_row, max_col


def oversize(data: bytes, limits: Limits, prefixed: bool = True) -> Msg | None:
    """Why a worksheet is too large to read, or None: a message whose {title} is the sheet's
    (filled in by too_large). prefixed=False: the sheet spells no element with a namespace
    prefix (_PREFIXED_TAG), so those spellings need not be counted.

    Calamine builds a dense grid over every cell's bounding box, so one stray cell at XFD1048576
    would mean seventeen billion cells. Only references with many-digit rows or many-letter
    columns are looked at: an ordinary sheet costs a few substring searches.
    """
    # Rows and cells may carry no reference at all (legal): count their elements too. Each
    # spelling costs a pass over the sheet, so only what could pass the limits is counted: all
    # "<row…" elements bound the rows, the sheet's length its cells (three bytes each at least).
    rows = 0
    if prefixed or data.count(b"<row") > limits.max_rows:
        rows = _count(data, (b"<row ", b"<row>"), prefixed)
    if rows > limits.max_rows:
        return msg(
            "sheet {title!r} was not read: it has {rows} rows, more than the {max_rows} kemixl "
            "reads; delete the stray cells (Ctrl+End shows the last one) and send it again",
            rows=_thousands(rows),
            max_rows=_thousands(limits.max_rows),
        )
    counted = prefixed or len(data) >= 3 * limits.max_cells
    cells = _count(data, (b"<c ", b"<c>", b"<c/>"), prefixed) if counted else 0
    if cells > limits.max_cells:
        return msg(
            "sheet {title!r} was not read: it has {cells} cells, more than the {max_cells} "
            "kemixl reads; delete the stray cells (Ctrl+End shows the last one) and send it again",
            cells=_thousands(cells),
            max_cells=_thousands(limits.max_cells),
        )
    letters, digits = len(column_letters(limits.max_columns - 1)), len(str(limits.max_rows))
    # One search for what the next three ask (a spaced 'r =', a tall reference, a column from
    # AA on), each a pass over the sheet of its own: most sheets have none of them.
    ordinary = letters >= 2 and _unusual_pattern(min(digits, 5)).search(data) is None
    if not ordinary and _SPACED.search(data):
        data = _SPACED_ATTR.sub(b"r=", data)
    # One search for what the next three look for: a reference with as many column letters as
    # the limit's, or five row digits (the limit's, if fewer). Most sheets have none.
    tall = not ordinary and _tall_pattern(letters, min(digits, 5)).search(data) is not None
    pattern = _far_pattern(letters, digits)
    for m in pattern.finditer(data) if tall else ():
        ref = (m.group(1) or m.group(3)).decode() + (m.group(2) or m.group(4)).decode()
        try:
            r, c = a1_to_rowcol(ref)
        except ValueError:  # more row digits than any spreadsheet has
            r, c = limits.max_rows, 0
        if r >= limits.max_rows or c >= limits.max_columns:
            return msg(
                "sheet {title!r} was not read: it uses cell {ref}, beyond the {max_rows} rows × "
                "{max_columns} columns kemixl reads; delete the stray cells (Ctrl+End shows the last one) and send it again",
                ref=ref,
                max_rows=_thousands(limits.max_rows),
                max_columns=_thousands(limits.max_columns),
            )
    if counted:
        unreferenced = _count(data, (b'<c r="', b"<c r='"), prefixed) < cells
    else:  # the same question in one pass: is any "<c ", "<c>", "<c/>" not a '<c r="'?
        unreferenced = _UNREFERENCED.search(data) is not None
    # _ROW_NUMBER tries every "<" of the sheet; a row number of six digits needs "r=" before it
    # (spaced spellings were normalised above), which the engine finds at C speed.
    if unreferenced or (tall and _SIX_DIGITS.search(data) and _ROW_NUMBER.search(data)):
        # Cells placed by their order (no reference), or rows numbered past their cells: follow
        # the file row by row, as a reader would place them.
        rows, columns = _placed_extent(data)
        if (
            rows > limits.max_rows
            or columns > limits.max_columns
            or rows * columns > limits.max_cells
        ):
            return msg(
                "sheet {title!r} was not read: it spans A1:{corner} ({cells} cells), more than "
                "the {max_rows} rows × {max_columns} columns or {max_cells} cells kemixl reads; delete the stray cells (Ctrl+End shows the last one) and send it again",
                corner=column_letters(max(columns, 1) - 1) + str(rows),
                cells=_thousands(rows * columns),
                max_rows=_thousands(limits.max_rows),
                max_columns=_thousands(limits.max_columns),
                max_cells=_thousands(limits.max_cells),
            )
    wide = () if ordinary else _WIDE_COLUMN.findall(data)
    columns = max((a1_to_rowcol(f"{c.decode()}1")[1] + 1 for c in wide), default=26)
    # without a tall reference, no row has min(digits, 5) digits (999: what counts as used)
    rows = max(999, 10 ** (min(digits, 5) - 1) - 1)
    if tall or rows * columns > limits.max_cells:
        rows = max(map(int, _LONG_ROW.findall(data)), default=999)  # the used area
    if rows * columns > limits.max_cells:
        return msg(
            "sheet {title!r} was not read: it spans A1:{corner} ({cells} cells), more than the "
            "{max_cells} cells kemixl reads; delete the stray cells (Ctrl+End shows the last one) and send it again",
            corner=column_letters(columns - 1) + str(rows),
            cells=_thousands(rows * columns),
            max_cells=_thousands(limits.max_cells),
        )
    return None


def scan_worksheet(
    data: bytes, limits: Limits, general: bool = False
) -> tuple[dict[tuple[int, int], str], Msg | None, bool]:
    """(formula texts by 0-based (row, col), as Formula values, first cell beyond the limits,
    formulas lack A1 refs).

    Only cells with many-digit rows or many-letter columns are looked at for the limits, and
    only formula elements for the formulas: a sheet without formulas costs one substring search.
    general: skip the fast path (tests compare the two).
    """
    tagged = _PREFIXED_TAG.search(data) is not None
    far = oversize(data, limits, tagged)
    if b"<f" not in data and (not tagged or b":f" not in data):
        return {}, far, False
    prefixed = tagged and any(tag in data for tag in _PREFIXED)
    formula_start = _FORMULA_START if prefixed else _FORMULA_START_PLAIN
    starts = len(formula_start.findall(data))
    fast = None if general or prefixed else _fast_formulas(data, starts)
    if fast is not None:
        return fast, far, False
    cell_formula = _CELL_FORMULA if prefixed else _CELL_FORMULA_PLAIN
    formulas: dict[tuple[int, int], str] = {}
    shared: dict[str, str] = {}
    found = 0
    for m in cell_formula.finditer(data):
        found += 1
        ref = _REF.search(m.group(1))
        try:
            pos = a1_to_rowcol(ref.group(1).decode() if ref else "")
        except ValueError:
            return formulas, far, True
        text = _unescape(m.group(3).decode("utf-8", "replace")) if m.group(3) else ""
        formulas[pos] = Formula(_formula_text(m.group(2), text, shared))
    # A formula element not found as its cell's first child: an odd file, read by openpyxl.
    return formulas, far, found != starts


def _formula_text(attributes: bytes, text: str, shared: dict[str, str]) -> str:
    """The cell's formula as kemixl keeps it: "=" and its text, or "=(formula)" when a shared
    formula's copy does not say (its text is the group's first, shifted; only a constant one
    reads the same everywhere). `shared` collects the groups' first texts, in file order."""
    attrs = _attrs(attributes) if attributes.strip() else {}
    if attrs.get(b"t") == "shared" and (si := attrs.get(b"si")) is not None:
        if text:
            shared[si] = text
        else:  # a copy of the group's first formula, shifted: its own text is not stored
            text = shared.get(si, "")
            text = text if constant_formula(text) is not None else ""
    return "=" + text if text else "=(formula)"


# The spelling every writer seen uses: r="A1" first, the formula the first child, its text
# plain (no CDATA). A third of the general pattern's time; a sheet it does not fully cover
# (some formula element left unmatched) takes the general path.
_CELL_FORMULA_FAST = re.compile(
    rb"""<c r=["']([A-Z]{1,3})(\d{1,7})["'][^>]*>\s*<f\b([^>]*?)(?:/>|>([^<]*)</f>)"""
)


@functools.cache
def _column_index(letters: bytes) -> int:
    return a1_to_rowcol(letters.decode() + "1")[1]


def _fast_formulas(data: bytes, starts: int) -> dict[tuple[int, int], str] | None:
    """Formula texts by position if the fast pattern finds every formula element, else None.

    Thousands of formulas per sheet: each step below runs over all of them in C (map, zip,
    join, split) rather than as a Python loop over the formulas."""
    found = _CELL_FORMULA_FAST.findall(data)
    if len(found) != starts:
        return None
    if not found:
        return {}
    letters, digits, attributes, raws = zip(*found, strict=True)
    rows = list(map(int, digits))
    if min(rows) < 1:  # row 0: the general path says what it is
        return None
    # Every text at once: joined by NUL (which XML forbids, raw or as an entity), decoded and
    # unescaped by C code, then split again. Texts with numeric entities, or a damaged file
    # with a NUL: one by one.
    # Each text after its "=": joined by NUL and "=" (a NUL ends no entity), split after it.
    joined = b"\0=".join(raws)
    if b"&#" in joined or b"\0" in data:  # (a NUL in the sheet may be in a text)
        texts = ["=" + _unescape(raw.decode("utf-8", "replace")) for raw in raws]
    else:
        texts = ("=" + _unescape(joined.decode("utf-8", "replace"))).split("\0")
    index = {name: _column_index(name) for name in set(letters)}
    places = list(
        zip(map(int.__sub__, rows, repeat(1)), map(index.__getitem__, letters), strict=True)
    )
    values = list(map(Formula, texts))
    if "=" in texts:  # a formula element without text
        values = [v if v != "=" else _NO_TEXT for v in values]
    formulas: dict[tuple[int, int], str] = dict(zip(places, values, strict=True))
    if len(formulas) != len(places):  # a cell twice (a damaged file): the general path
        return None
    # A shared formula's copy reads as its group's first: in file order. (Array formulas, and
    # any other attribute, read as their own text, as above.)
    shared: dict[str, str] = {}
    for i in (
        [i for i, a in enumerate(attributes) if b"shared" in a]
        if b"shared" in b"".join(attributes)
        else ()
    ):
        formulas[places[i]] = Formula(_formula_text(attributes[i], texts[i][1:], shared))
    return formulas


_NO_TEXT = Formula("=(formula)")


def _calamine_value(value: Any) -> Any:
    if value == "":
        return None
    if type(value) is dt.date:  # a date without a time: kemixl's cells hold datetimes
        return dt.datetime(value.year, value.month, value.day)
    return value


def _values(
    rows: list[list[Any]],
    formulas: dict[tuple[int, int], str],
    errors: dict[tuple[int, int], str],
) -> Values:
    """Calamine's values as a value grid (None for its blanks "", datetimes for its dates),
    with the formula cells (the scan's Formula texts) and error cells (which calamine reads as
    their cached values, or as blanks) put in their places. One comprehension per row: per-cell work is what reading
    costs."""
    grid: Values
    if dt.date in set(map(type, chain.from_iterable(rows))):  # a sheet with dates: rare
        grid = [[_calamine_value(v) for v in row] for row in rows]
    else:
        # a row without blanks (most of a stamp's) is calamine's own list, kept
        grid = [[None if v == "" else v for v in row] if "" in row else row for row in rows]
    _place(grid, errors, errors.values())
    _place(grid, formulas, formulas.values())  # formulas (Formula texts, the scan's) win
    return grid


def _place(grid: Values, places: Iterable[tuple[int, int]], values: Iterable[Any]) -> None:
    """Each value in its (row, column) of the grid, which grows where it must."""
    for (r, c), value in zip(places, values, strict=True):
        try:
            grid[r][c] = value  # most are inside calamine's rows and columns
        except IndexError:  # beyond calamine's rows, or its columns
            while len(grid) <= r:
                grid.append([])
            row = grid[r]
            if len(row) <= c:
                row.extend([None] * (c + 1 - len(row)))
            row[c] = value


_ERROR_CELL = re.compile(
    rb"<" + _P + rb"""c\b([^>]*\bt\s*=\s*["']e["'][^>]*)>(?:(?!</(?:[A-Za-z_][\w.\-]*:)?c>).)*?"""
    rb"<" + _P + rb"v>([^<]*)</" + _P + rb"v>",
    re.S,
)


_ERROR_TYPE = re.compile(rb"""t=["']e["']""")


def error_cells(data: bytes) -> dict[tuple[int, int], str]:
    """Cells holding an error value (#DIV/0!, #REF! …), which calamine reads as empty.

    An error in an input cell must be a finding, not a silent zero.
    """
    if _ERROR_TYPE.search(data) is None:  # (a regex's literal prefix: twice as fast as `in`)
        return {}
    out: dict[tuple[int, int], str] = {}
    for m in _ERROR_CELL.finditer(data):
        ref = _REF.search(m.group(1))
        if ref is None:
            continue
        try:
            out[a1_to_rowcol(ref.group(1).decode())] = _unescape(
                m.group(2).decode("utf-8", "replace")
            )
        except ValueError:
            continue
    return out


Scans = dict[str, tuple[dict[tuple[int, int], str], Msg | None, dict[tuple[int, int], str]]]


def _scan(data: bytes, limits: Limits) -> tuple[list[SheetPart], Scans, bool, bool, bytes]:
    """(sheets in order, each worksheet's formulas, refusal and errors, whether openpyxl must
    read it, whether it holds macros, the copy of it calamine reads); UnsafeWorkbook if
    refused."""
    parts = check_zip(data, limits)
    for name, part in parts.items():
        if part is not None:
            _refuse_dtd(name, part)
    order = sheet_parts(parts)
    # VBA projects, and Excel 4 macro sheets: values are read, the macros never run nor kept
    macros = any(
        n.lower().endswith("vbaproject.bin") or n.lower().startswith("xl/macrosheets/")
        for n in parts
    )
    scans: Scans = {}
    needs_openpyxl = False
    for sp in order:
        if not sp.worksheet or sp.part not in parts:
            continue
        sheet_xml = parts[sp.part]
        if sheet_xml is None:
            raise UnsafeWorkbook(
                msg(
                    "its sheet {title!r} is stored under a picture's name ({part}); it is not "
                    "read (save the workbook again in Excel)",
                    title=sp.title,
                    part=sp.part,
                )
            )
        formulas, far, anonymous = scan_worksheet(sheet_xml, limits)
        scans[sp.title] = (formulas, far, error_cells(sheet_xml))
        needs_openpyxl |= anonymous
    if needs_openpyxl:
        return order, scans, True, macros, data
    # the sheets calamine reads: their formulas are the scan's (put over calamine's values)
    read = {sp.part for sp in order if sp.title in scans and scans[sp.title][1] is None}
    return order, scans, False, macros, calamine_copy(data, parts, read)


def _calamine_or_none(
    data: bytes, order: list[SheetPart], scans: Scans, needs_openpyxl: bool, copy: bytes
) -> tuple[ValueSheet, ...] | None:
    """The sheets as calamine reads them from the copy made for it (calamine_copy), else from
    the file itself (whatever calamine may refuse in a copy, it decides on the file's own
    bytes); None if it refuses those too."""
    if needs_openpyxl:
        return None
    for bytes_ in (copy, data) if copy is not data else (data,):
        try:
            return _read_with_calamine(bytes_, order, scans, bytes_ is copy is not data)
        except (KeyboardInterrupt, SystemExit, MemoryError):
            raise
        except BaseException:  # calamine refuses some legal parts (macro sheets); so does a panic
            continue
    return None


def _openpyxl_sheets(data: bytes, scans: Scans, limits: Limits) -> tuple[Sheet, ...]:
    with warnings.catch_warnings():  # openpyxl warns on stderr about parts it drops
        warnings.simplefilter("ignore", UserWarning)
        return _read_with_openpyxl(data, scans, limits)


def read_values(data: bytes, limits: Limits) -> ValueBook:
    """Every worksheet of an .xlsx (its bytes) as a value grid; UnsafeWorkbook if refused."""
    order, scans, needs_openpyxl, macros, copy = _scan(data, limits)
    sheets = _calamine_or_none(data, order, scans, needs_openpyxl, copy)
    if sheets is None:
        sheets = tuple(
            ValueSheet(s.title, value_grid(s.grid), s.skipped)
            for s in _openpyxl_sheets(data, scans, limits)
        )
    return ValueBook(sheets, macros)


def read_workbook(data: bytes, limits: Limits) -> Workbook:
    """Every worksheet of an .xlsx (its bytes) as a grid of raw cells; UnsafeWorkbook if refused."""
    order, scans, needs_openpyxl, macros, copy = _scan(data, limits)
    sheets = _calamine_or_none(data, order, scans, needs_openpyxl, copy)
    if sheets is None:
        return Workbook(_openpyxl_sheets(data, scans, limits), macros)
    return Workbook(tuple(Sheet(s.title, raw_grid(s.values), s.skipped) for s in sheets), macros)


def _reason(title: str, reason: Msg) -> Msg:
    return Msg(reason.id, (*reason.args, ("title", title)), reason.context)


class _Reshaped(Exception):
    """A copy's sheet spans less than the file's would (a formula cell past its other cells)."""


def _read_with_calamine(
    data: bytes, order: list[SheetPart], scans: Scans, copy: bool = False
) -> tuple[ValueSheet, ...]:
    """copy: data is calamine_copy's, its formula cells without cached values; calamine's
    rectangle of a sheet is then the file's only if every formula cell lies inside it (the
    file's spans the copy's and, at most, its formula cells), else _Reshaped."""
    from python_calamine import CalamineWorkbook

    sheets = []
    wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
    try:
        for sp in order:
            if sp.title not in scans:
                continue
            formulas, far, errors = scans[sp.title]
            if far is not None:
                sheets.append(ValueSheet(sp.title, [], _reason(sp.title, far)))
                continue
            values = wb.get_sheet_by_name(sp.title).to_python(skip_empty_area=False)
            if copy and formulas:
                rows, columns = zip(*formulas, strict=True)
                if max(rows) >= len(values) or max(columns) >= len(values[0]):
                    raise _Reshaped(sp.title)
            sheets.append(ValueSheet(sp.title, _values(values, formulas, errors)))
    finally:
        wb.close()
    return tuple(sheets)


def _read_with_openpyxl(data: bytes, scans: Scans, limits: Limits) -> tuple[Sheet, ...]:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        sheets = []
        for ws in wb.worksheets:
            far = scans[ws.title][1] if ws.title in scans else None
            if far is not None:
                sheets.append(Sheet(ws.title, [], _reason(ws.title, far)))
                continue
            ws.reset_dimensions()  # read-only mode trusts a declared dimension that may lie
            grid: Grid = []
            for row in ws.iter_rows(max_row=limits.max_rows, max_col=limits.max_columns):
                grid.append([_openpyxl_cell(c) for c in row])
            sheets.append(Sheet(ws.title, grid))
        return tuple(sheets)
    finally:
        wb.close()


def _openpyxl_cell(c: Any) -> RawCell:
    value = getattr(c, "value", None)
    is_formula = getattr(c, "data_type", None) == "f" or (
        not isinstance(value, str | int | float | bool | dt.datetime | type(None))
    )
    return RawCell(value, is_formula)
