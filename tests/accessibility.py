"""An accessibility checker for .xlsx workbooks, after Excel's own Accessibility Checker and
WCAG 2.1 AA, reading the written file (its XML parts, and openpyxl for cell values).

    violations = check_workbook(path)      # {rule: [one line per violation, naming the place]}
    assert violations == {}

Rules (ids as in RULES; Excel's checker names in brackets):

- ``alt-text``: every chart, picture or shape has an alternative text (the drawing's ``descr``)
  that says something: not empty, not its default name ("Chart 1") [Missing alternative text;
  WCAG 1.1.1]. Objects marked decorative are exempt.
- ``merged-cells``: no merged cells [Merged cells].
- ``document``: the document has a title, a subject and a language (``dc:language`` in
  docProps/core.xml, a BCP 47 tag such as fi-FI) [Document title; WCAG 2.4.2, 3.1.1].
- ``sheet-names``: no default sheet names such as Sheet1 or Taul1 [Default sheet names].
- ``header-row``: every Excel table shows its header row; in every header row (a table's, an
  autofilter's, a repeated print title or the last row above frozen panes) every column that
  holds values below it has a title; a sheet holding numbers in three or more rows declares a
  header row at all [No header row specified; WCAG 1.3.1].
- ``contrast``: text against its fill is at least 4.5:1 (WCAG relative luminance) for every
  cell format, every differential format (conditional formats' colours: status rows, traffic
  lights) and every colour a number format names ([Red]) [Hard-to-read text contrast; WCAG
  1.4.3].
- ``link-text``: a link's text says where it leads: not empty, not a bare address or cell
  reference ("Sheet1!A1", "https://…"), not a generic word ("linkki", "tästä", "click here")
  [Unclear link text; WCAG 2.4.4].
- ``blank-cells``: no entirely blank row or column inside an Excel table or an autofilter
  range [Blank table rows or columns].

Sheets hidden as "very hidden" (a machine-readable stamp) are not read by people and are
skipped, except for the document's own properties.
"""

from __future__ import annotations

import colorsys
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import Element

from defusedxml.ElementTree import fromstring
from openpyxl import load_workbook
from openpyxl.utils import range_boundaries
from openpyxl.utils.cell import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["RULES", "check_workbook", "contrast_ratio"]

RULES = (
    "alt-text",
    "merged-cells",
    "document",
    "sheet-names",
    "header-row",
    "contrast",
    "link-text",
    "blank-cells",
)
MIN_CONTRAST = 4.5

NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "xdr": "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "adec": "http://schemas.microsoft.com/office/drawing/2017/decorative",
}
_DEFAULT_SHEET = re.compile(
    r"^(sheet|taul|taulukko|blad|tabelle|feuil|hoja|foglio|arkusz)\s*\d+$", re.IGNORECASE
)
_DEFAULT_OBJECT = re.compile(r"^(chart|picture|kuva|kaavio|shape|muoto|graphic)\s*\d*$", re.I)
_REFERENCE = re.compile(r"^(('[^']+'|[^!\s]+)!)?\$?[A-Z]{1,3}\$?\d+(:\$?[A-Z]{1,3}\$?\d+)?$")
_ADDRESS = re.compile(r"^(https?://|www\.|mailto:|file:|internal:|#)", re.IGNORECASE)
_GENERIC = {
    "linkki",
    "tästä",
    "klikkaa",
    "klikkaa tästä",
    "lue lisää",
    "link",
    "here",
    "click here",
    "more",
    "read more",
    "länk",
    "här",
}
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
# Excel's indexed colours 0-63 in the order of its default palette (only the ones in use by
# number formats' [Color] names and common indexes are needed; the rest default to black).
_NAMED = {
    "black": "000000",
    "white": "FFFFFF",
    "red": "FF0000",
    "green": "00FF00",
    "blue": "0000FF",
    "yellow": "FFFF00",
    "magenta": "FF00FF",
    "cyan": "00FFFF",
}
_INDEXED = [
    "000000",
    "FFFFFF",
    "FF0000",
    "00FF00",
    "0000FF",
    "FFFF00",
    "FF00FF",
    "00FFFF",
] * 2 + [
    "800000",
    "008000",
    "000080",
    "808000",
    "800080",
    "008080",
    "C0C0C0",
    "808080",
]


def _luminance(rgb: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(rgb[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(fg: str, bg: str) -> float:
    """WCAG 2.1 contrast ratio of two colours given as RRGGBB."""
    a, b = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


@dataclass
class _Book:
    zf: zipfile.ZipFile
    sheets: dict[str, str]  # visible (and hidden) sheet name -> part path
    theme: list[str]

    def xml(self, part: str) -> Element:
        return fromstring(self.zf.read(part))  # type: ignore[no-any-return]

    def rels(self, part: str) -> dict[str, str]:
        """Relationship id -> target part path of a part."""
        folder, name = part.rsplit("/", 1)
        path = f"{folder}/_rels/{name}.rels"
        if path not in self.zf.namelist():
            return {}
        out = {}
        for rel in self.xml(path).findall("rel:Relationship", NS):
            target = rel.get("Target", "")
            out[rel.get("Id", "")] = _resolve(folder, target)
        return out


def _resolve(folder: str, target: str) -> str:
    if target.startswith("/"):
        return target[1:]
    parts = folder.split("/")
    for piece in target.split("/"):
        if piece == "..":
            parts.pop()
        elif piece != ".":
            parts.append(piece)
    return "/".join(parts)


def _open(zf: zipfile.ZipFile) -> _Book:
    workbook = fromstring(zf.read("xl/workbook.xml"))
    book = _Book(zf, {}, [])
    rels = book.rels("xl/workbook.xml")
    for sheet in workbook.iterfind("m:sheets/m:sheet", NS):
        if sheet.get("state") == "veryHidden":
            continue
        book.sheets[sheet.get("name", "")] = rels[sheet.get(f"{{{NS['r']}}}id", "")]
    themes = [n for n in zf.namelist() if n.startswith("xl/theme/") and n.endswith(".xml")]
    if themes:
        scheme = fromstring(zf.read(sorted(themes)[0])).find(".//a:clrScheme", NS)
        colours = []
        for child in list(scheme) if scheme is not None else []:
            value = child.find("a:srgbClr", NS)
            system = child.find("a:sysClr", NS)
            colours.append(
                value.get("val", "000000")
                if value is not None
                else (system.get("lastClr", "000000") if system is not None else "000000")
            )
        # Excel's theme colour index swaps the scheme's first two pairs: 0 lt1, 1 dk1, 2 lt2, 3 dk2
        if len(colours) >= 4:
            colours[0:4] = [colours[1], colours[0], colours[3], colours[2]]
        book.theme = colours
    return book


def check_workbook(path: Path) -> dict[str, list[str]]:
    """Violations per rule (only rules with violations are present)."""
    found: dict[str, list[str]] = defaultdict(list)
    with zipfile.ZipFile(path) as zf:
        book = _open(zf)
        wb = load_workbook(path)
        try:
            for rule, message in _all(book, wb):
                found[rule].append(message)
        finally:
            wb.close()
    return dict(found)


def _all(book: _Book, wb: object) -> Iterator[tuple[str, str]]:
    yield from _document(book)
    yield from _contrast(book)
    for name, part in book.sheets.items():
        ws = wb[name]  # type: ignore[index]
        xml = book.xml(part)
        yield from _sheet_name(name)
        yield from _merged(name, xml)
        yield from _drawings(book, name, part, xml)
        yield from _headers(name, xml, ws)
        yield from _links(name, ws)


# -- rules ---------------------------------------------------------------------------------


def _document(book: _Book) -> Iterator[tuple[str, str]]:
    if "docProps/core.xml" not in book.zf.namelist():
        yield "document", "docProps/core.xml: no document properties at all"
        return
    core = book.xml("docProps/core.xml")
    for tag, what in (("dc:title", "title"), ("dc:subject", "subject")):
        element = core.find(tag, NS)
        if element is None or not (element.text or "").strip():
            yield "document", f"docProps/core.xml: the document has no {what} ({tag})"
    language = core.find("dc:language", NS)
    text = (language.text or "").strip() if language is not None else ""
    if not _LANGUAGE.match(text):
        yield "document", f"docProps/core.xml: no valid document language (dc:language {text!r})"


def _sheet_name(name: str) -> Iterator[tuple[str, str]]:
    if _DEFAULT_SHEET.match(name.strip()):
        yield "sheet-names", f"{name}: a default sheet name says nothing of its content"


def _merged(name: str, xml: Element) -> Iterator[tuple[str, str]]:
    for cell in xml.iterfind("m:mergeCells/m:mergeCell", NS):
        yield "merged-cells", f"{name}!{cell.get('ref')}: merged cells"


def _drawings(book: _Book, name: str, part: str, xml: Element) -> Iterator[tuple[str, str]]:
    rels = book.rels(part)
    for drawing in xml.iterfind("m:drawing", NS):
        target = rels.get(drawing.get(f"{{{NS['r']}}}id", ""), "")
        if target not in book.zf.namelist():
            continue
        for props in book.xml(target).iter(f"{{{NS['xdr']}}}cNvPr"):
            label = props.get("name", "")
            if props.find(".//adec:decorative", NS) is not None:
                continue
            descr = (props.get("descr") or "").strip()
            if not descr or descr == label or _DEFAULT_OBJECT.match(descr):
                yield "alt-text", f"{name}: {label or 'an object'} has no alternative text"


def _cell_text(ws: Worksheet, row: int, col: int) -> str:
    value = ws.cell(row, col).value
    return "" if value is None else str(value).strip()


def _header_rows(xml: Element, ws: Worksheet) -> dict[int, str]:
    """Header rows (1-based) and what declares them."""
    rows: dict[int, str] = {}
    for table in ws.tables.values():
        min_row = range_boundaries(table.ref)[1]
        if table.headerRowCount != 0:
            rows[min_row] = f"table {table.displayName}"
    area = xml.find("m:autoFilter", NS)
    if area is not None:
        rows[range_boundaries(area.get("ref", "A1"))[1]] = "autofilter"
    titles = ws.print_title_rows
    if titles:
        first, last = (int(x.lstrip("$")) for x in titles.split(":"))
        rows.update({r: "print titles" for r in range(first, last + 1)})
    pane = xml.find("m:sheetViews/m:sheetView/m:pane", NS)
    if pane is not None and pane.get("state") in ("frozen", "frozenSplit"):
        split = int(float(pane.get("ySplit", "0")))
        if split > 0:
            rows[split] = "frozen panes"
    return rows


def _headers(name: str, xml: Element, ws: Worksheet) -> Iterator[tuple[str, str]]:
    for table in ws.tables.values():
        if table.headerRowCount == 0:
            yield "header-row", f"{name}: table {table.displayName} hides its header row"
        yield from _blanks(name, ws, table.ref, f"table {table.displayName}")
    area = xml.find("m:autoFilter", NS)
    if area is not None:
        yield from _blanks(name, ws, area.get("ref", "A1"), "the filtered range")
    headers = _header_rows(xml, ws)
    for row, why in headers.items():
        for col in range(1, ws.max_column + 1):
            if _cell_text(ws, row, col):
                continue
            below = _values_below(ws, row, col)
            if below:
                cell = f"{get_column_letter(col)}{row}"
                yield (
                    "header-row",
                    f"{name}!{cell}: the header row ({why}) has no title over the column's "
                    f"values ({below})",
                )
    numeric_rows = {
        c.row
        for r in ws.iter_rows()
        for c in r
        if isinstance(c.value, int | float) and not isinstance(c.value, bool)
    }
    if len(numeric_rows) >= 3 and not headers:
        yield "header-row", f"{name}: a table of numbers without a header row"


def _values_below(ws: Worksheet, row: int, col: int) -> str:
    """The first value under (row, col) in the same block of rows (until an empty row)."""
    for r in range(row + 1, ws.max_row + 1):
        if all(ws.cell(r, c).value in (None, "") for c in range(1, ws.max_column + 1)):
            return ""
        value = ws.cell(r, col).value
        if value not in (None, ""):
            return f"{get_column_letter(col)}{r} {str(value)[:20]!r}"
    return ""


def _blanks(name: str, ws: Worksheet, ref: str, what: str) -> Iterator[tuple[str, str]]:
    min_col, min_row, max_col, max_row = range_boundaries(ref)
    for r in range(min_row + 1, max_row + 1):
        if all(ws.cell(r, c).value in (None, "") for c in range(min_col, max_col + 1)):
            yield (
                "blank-cells",
                f"{name}!{get_column_letter(min_col)}{r}: a blank row in {what}",
            )
    for c in range(min_col, max_col + 1):
        if all(ws.cell(r, c).value in (None, "") for r in range(min_row + 1, max_row + 1)):
            yield "blank-cells", f"{name}!{get_column_letter(c)}{min_row}: a blank column in {what}"


def _links(name: str, ws: Worksheet) -> Iterator[tuple[str, str]]:
    for cell in (c for row in ws.iter_rows() for c in row if c.hyperlink is not None):
        text = _cell_text(ws, cell.row, cell.column)
        where = f"{name}!{cell.coordinate}"
        if not text:
            yield "link-text", f"{where}: a link without text"
        elif _REFERENCE.match(text) or _ADDRESS.match(text):
            yield "link-text", f"{where}: the link's text {text!r} is an address, not words"
        elif text.casefold().rstrip(".!") in _GENERIC:
            yield "link-text", f"{where}: the link's text {text!r} does not say where it leads"


# -- colours -------------------------------------------------------------------------------


def _colour(book: _Book, element: Element | None, default: str) -> str:
    if element is None:
        return default
    if element.get("auto") in ("1", "true"):
        return default
    rgb = element.get("rgb")
    if rgb:
        value = rgb[-6:].upper()
    elif element.get("theme") is not None:
        index = int(element.get("theme", "0"))
        value = book.theme[index].upper() if index < len(book.theme) else default
    elif element.get("indexed") is not None:
        index = int(element.get("indexed", "0"))
        value = _INDEXED[index] if index < len(_INDEXED) else default
    else:
        return default
    tint = float(element.get("tint", "0"))
    if tint:
        r, g, b = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
        h, lum, s = colorsys.rgb_to_hls(r, g, b)
        lum = lum * (1 + tint) if tint < 0 else lum * (1 - tint) + tint
        value = "".join(f"{round(v * 255):02X}" for v in colorsys.hls_to_rgb(h, lum, s))
    return value


def _fill(book: _Book, fill: Element | None, dxf: bool) -> str | None:
    """A fill's colour, or None for no fill (the sheet's white shows)."""
    if fill is None:
        return None
    pattern = fill.find("m:patternFill", NS)
    if pattern is None:
        return None
    kind = pattern.get("patternType", "solid" if dxf else "none")
    if kind == "none":
        return None
    # A cell format's solid fill is its fgColor; a differential format's is its bgColor.
    colour = pattern.find("m:bgColor" if dxf else "m:fgColor", NS)
    if colour is None:
        colour = pattern.find("m:fgColor" if dxf else "m:bgColor", NS)
    return _colour(book, colour, "FFFFFF")


def _format_colours(code: str) -> list[str]:
    """Colours a number format names: [Red], [Color10] …"""
    out = []
    for name in re.findall(r"\[([A-Za-z]+\d*)\]", code):
        low = name.lower()
        if low in _NAMED:
            out.append(_NAMED[low])
        elif low.startswith("color") and low[5:].isdigit():
            index = int(low[5:]) + 7
            out.append(_INDEXED[index] if index < len(_INDEXED) else "000000")
    return out


def _contrast(book: _Book) -> Iterator[tuple[str, str]]:
    styles = book.xml("xl/styles.xml")
    fonts = styles.findall("m:fonts/m:font", NS)
    fills = styles.findall("m:fills/m:fill", NS)
    codes = {n.get("numFmtId"): n.get("formatCode", "") for n in styles.iterfind(".//m:numFmt", NS)}
    used = _used_styles(book)
    for i, xf in enumerate(styles.iterfind("m:cellXfs/m:xf", NS)):
        font = fonts[int(xf.get("fontId", "0"))]
        text = _colour(book, font.find("m:color", NS), "000000")
        ground = _fill(book, fills[int(xf.get("fillId", "0"))], dxf=False) or "FFFFFF"
        where = used.get(i, f"cell format {i}")
        for colour in [text, *_format_colours(codes.get(xf.get("numFmtId"), "") or "")]:
            ratio = contrast_ratio(colour, ground)
            if ratio < MIN_CONTRAST:
                yield "contrast", f"{where}: text #{colour} on #{ground} is {ratio:.2f}:1"
    for i, dxf in enumerate(styles.iterfind("m:dxfs/m:dxf", NS)):
        text = _colour(book, dxf.find("m:font/m:color", NS), "000000")
        ground = _fill(book, dxf.find("m:fill", NS), dxf=True) or "FFFFFF"
        ratio = contrast_ratio(text, ground)
        if ratio < MIN_CONTRAST:
            yield (
                "contrast",
                f"conditional format {i}: text #{text} on #{ground} is {ratio:.2f}:1",
            )


def _used_styles(book: _Book) -> dict[int, str]:
    """Cell format index -> the first cell using it (Sheet!A1)."""
    used: dict[int, str] = {}
    for name, part in book.sheets.items():
        for cell in book.xml(part).iterfind("m:sheetData/m:row/m:c", NS):
            style = int(cell.get("s", "0"))
            used.setdefault(style, f"{name}!{cell.get('r')}")
    return used
