"""The copy of a workbook that calamine reads its values from: the same cells, less to parse.

Calamine inflates and parses each worksheet twice: its values, then its merged cells, which
python-calamine looks for with every sheet, to the end of the sheet's XML (where a
<mergeCells> element would be) though kemixl never asks for them. And a template's finance
sheet is half formula text, which kemixl reads from its own scan of the XML (xlsx.read), never
from calamine. So calamine is given the parts the scan has already inflated, stored rather than
deflated; in each worksheet read, each formula element's text and the cached value after it
are left out (kemixl puts the scan's formula over the cell; an empty <f/> stays in it, all
else as it was, and a workbook where that shrinks a sheet's rectangle is read from the file:
xlsx.read._read_with_calamine), and an empty <mergeCells> element is put before the
<sheetData>, where calamine's search for merged cells
ends at once (its reading of values skips it). Calamine's values are the same (tests compare).
"""

from __future__ import annotations

import io
import re
import zipfile

# A formula element as every writer seen spells it, attributes and text (XML text holds no
# "<": a CDATA section, or a prefixed x:f, is left as it is), and the cached value after it.
_FORMULA_ELEMENT = re.compile(rb"<f\b[^>]*?(?:/>|>[^<]*</f>)(?:<v>[^<]*</v>|<v/>)?")
_NO_MERGED_CELLS = b"<mergeCells></mergeCells>"


def calamine_copy(data: bytes, parts: dict[str, bytes | None], worksheets: set[str]) -> bytes:
    """The workbook (its bytes, and its parts as safe.check_zip inflated them) for calamine:
    every part stored, the formula texts of the named worksheet parts left out. The file's own
    bytes when a part was not inflated (a picture, a blob) or a name occurs twice (calamine
    would pick one of them its own way)."""
    if any(part is None for part in parts.values()):
        return data
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = [info.filename for info in zf.infolist() if not info.is_dir()]
    if len(names) != len(parts) or set(names) != set(parts):
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        for name, part in parts.items():
            assert part is not None  # (checked above)
            if name in worksheets:
                if b"<f" in part:
                    part = _FORMULA_ELEMENT.sub(b"<f/>", part)
                part = part.replace(b"<sheetData", _NO_MERGED_CELLS + b"<sheetData", 1)
            zf.writestr(name, part)
    return out.getvalue()
