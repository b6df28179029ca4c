"""A corpus of broken and hostile submissions, built from a real one, for the tests."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from .conftest import INPUTS

Edit = Callable[[bytes], bytes]
FINANCE_PART = "xl/worksheets/sheet2.xml"  # the template's finance sheet (Talous)
NOTES_PART = "xl/worksheets/sheet1.xml"  # the instructions sheet (Ohjeet)


def sample(index: int = 0) -> Path:
    return sorted(INPUTS.glob("*.xlsx"))[index]


def rezip(
    src: Path,
    edits: dict[str, Edit] | None = None,
    extra: dict[str, bytes] | None = None,
    level: int = 6,
) -> bytes:
    """src's parts, some edited, some added, zipped again."""
    edits = edits or {}
    buf = io.BytesIO()
    with (
        zipfile.ZipFile(src) as zin,
        zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zout,
    ):
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename in edits:
                data = edits[info.filename](data)
            zout.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            zout.writestr(name, data)
    return buf.getvalue()


def zip_parts(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _insert_row(xml: bytes, row: bytes) -> bytes:
    """Append a <row> at the end of the sheet data."""
    return xml.replace(b"</sheetData>", row + b"</sheetData>", 1)


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b"]>"
)


def billion_laughs(xml: bytes) -> bytes:
    body = re.sub(rb"^<\?xml[^>]*\?>", b"", xml)
    body = body.replace(b"TOIMINTATUOTOT", b"&lol9;", 1)
    return LAUGHS + body


def quadratic_blowup(xml: bytes) -> bytes:
    body = re.sub(rb"^<\?xml[^>]*\?>", b"", xml)
    entity = b"A" * 100_000
    body = body.replace(b"TOIMINTATUOTOT", b"&a;" * 10_000, 1)
    return b'<?xml version="1.0"?><!DOCTYPE k [<!ENTITY a "' + entity + b'">]>' + body


def far_cell(xml: bytes) -> bytes:
    return _insert_row(
        xml, b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    )


def ole2(stream_names: tuple[str, ...]) -> bytes:
    """The head of a compound (OLE2) file: enough for the sniffing kemixl does."""
    names = b"".join(n.encode("utf-16-le") + b"\0\0" for n in stream_names)
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + names + b"\0" * 2048


def encrypted_workbook() -> bytes:
    """A real password-protected .xlsx (ECMA-376 agile encryption)."""
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    with sample().open("rb") as f:
        OOXMLFile(f).encrypt("salasana", out)
    return out.getvalue()


def zip_bomb(megabytes: int) -> bytes:
    """A workbook whose finance sheet inflates to megabytes of spaces."""

    def inflate(xml: bytes) -> bytes:
        return xml.replace(b"</sheetData>", b" " * (megabytes << 20) + b"</sheetData>", 1)

    return rezip(sample(), {FINANCE_PART: inflate}, level=1)


def lying_sizes() -> bytes:
    """A zip whose local headers claim a small size for a large part."""
    data = bytearray(zip_bomb(2))
    # set every declared uncompressed size in the central directory to 1000 bytes
    pos = data.find(b"PK\x01\x02")
    while pos >= 0:
        data[pos + 24 : pos + 28] = (1000).to_bytes(4, "little")
        pos = data.find(b"PK\x01\x02", pos + 4)
    return bytes(data)


def hostile_corpus() -> dict[str, tuple[bytes, str]]:
    """file name -> (bytes, a phrase its one-line refusal must contain)."""
    real = sample().read_bytes()
    return {
        "tyhja.xlsx": (b"", "empty"),
        "katkennut.xlsx": (real[: len(real) // 2], "damaged"),
        "raportti_pdf.xlsx": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
        "teksti.xlsx": (b"koodi;nimi\n64110000;Hallinto\n", "not an .xlsx"),
        "sivu.xlsx": (b"<html><body>Excel</body></html>", "web page"),
        "muistio.xlsx": (
            zip_parts({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}),
            "Word document",
        ),
        "vanha.xlsx": (ole2(("Root Entry", "Workbook", "SummaryInformation")), ".xls"),
        "salattu.xlsx": (encrypted_workbook(), "password-protected"),
        "pommi.xlsx": (zip_bomb(400), "zip bomb"),
        "valehtelija.xlsx": (lying_sizes(), "damaged"),
        "naurua.xlsx": (rezip(sample(), {FINANCE_PART: billion_laughs}), "XML entities"),
        "neliollinen.xlsx": (rezip(sample(), {FINANCE_PART: quadratic_blowup}), "XML entities"),
        "roskaa.xlsx": (
            rezip(sample(), {FINANCE_PART: lambda _: b"\x00\xff<worksheet><sheetData><row"}),
            "cannot be read",
        ),
        "ei_tyokirjaa.xlsx": (zip_parts({"[Content_Types].xml": b"<Types/>"}), "not an .xlsx"),
    }


MACRO_SHEET = (
    b'<xm:macrosheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    b' xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><sheetData><row r="1">'
    b'<c r="A1"><f>EXEC("calc.exe")</f></c></row></sheetData></xm:macrosheet>'
)


def with_macro_sheet() -> bytes:
    """An Excel 4 macro sheet (xl/macrosheets/) beside the template's sheets."""
    rel = (
        b'<Relationship Id="rId77" Type="http://schemas.microsoft.com/office/2006/relationships/'
        b'xlMacrosheet" Target="macrosheets/sheet1.xml"/>'
    )
    return rezip(
        sample(),
        {
            "xl/workbook.xml": lambda x: x.replace(
                b"</sheets>", b'<sheet name="Makro1" sheetId="77" r:id="rId77"/></sheets>'
            ),
            "xl/_rels/workbook.xml.rels": lambda x: x.replace(
                b"</Relationships>", rel + b"</Relationships>"
            ),
        },
        extra={"xl/macrosheets/sheet1.xml": MACRO_SHEET},
    )


def rows_without_references(rows: int) -> bytes:
    """A notes sheet of many rows whose rows and cells carry no r="…" (legal XML)."""

    def many(xml: bytes) -> bytes:
        return xml.replace(b"</sheetData>", b"<row><c><v>1</v></c></row>" * rows + b"</sheetData>")

    return rezip(sample(), {NOTES_PART: many})


def unreferenced_far_cells(width: int) -> bytes:
    """A row of cells without references, then a row numbered 1048576: a huge placed area."""
    rows = b"<row>" + b"<c><v>1</v></c>" * width + b'</row><row r="1048576"><c><v>1</v></c></row>'
    return rezip(
        sample(), {NOTES_PART: lambda x: x.replace(b"</sheetData>", rows + b"</sheetData>")}
    )


def sheet_stored_as(suffix: str) -> bytes:
    """The notes sheet stored under another name, with a far cell in it."""
    new = NOTES_PART.replace(".xml", suffix).encode()

    def rename(x: bytes) -> bytes:
        return x.replace(NOTES_PART.rsplit("/", 1)[1].encode(), new.rsplit(b"/", 1)[1])

    buf = io.BytesIO()
    with zipfile.ZipFile(sample()) as zin, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data, name = zin.read(info), info.filename
            if name == NOTES_PART:
                data, name = far_cell(data), new.decode()
            elif name in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
                data = rename(data)
            zout.writestr(name, data)
    return buf.getvalue()
