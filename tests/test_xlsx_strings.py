"""The shared string table written in one piece (xlsx/strings.py) is the library's, byte for
byte, whatever the strings: control characters, _xHHHH_ text, whitespace at either end, rich
text, XML's special characters, empty strings."""

from __future__ import annotations

import io
import zipfile

import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st

from kemixl.xlsx import strings
from kemixl.xlsx.book import _Packager

PIECES = st.sampled_from(
    ["a", "Ö", " ", "\n", "\t", "\u00a0", "&", "<", ">", '"', "_x00A0_", "\x01", "\x1f",
     "<r>", "</r>", "\uffff", "\ufffe", "x", "1"]
)  # fmt: skip
STRINGS = st.lists(PIECES, max_size=6).map("".join)


def _table(quick: bool, strings: list[str], rich: bool) -> bytes:
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True})
    if quick:
        wb._get_packager = lambda: _Packager("fi-FI")
    ws = wb.add_worksheet()
    for row, text in enumerate(strings):
        ws.write_string(row, 0, text)
    if rich:
        ws.write_rich_string(len(strings), 0, "a ", wb.add_format({"bold": True}), "b ")
    wb.close()
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as z:
        names = z.namelist()
        return z.read("xl/sharedStrings.xml") if "xl/sharedStrings.xml" in names else b""


@settings(max_examples=300, deadline=None)
@given(st.lists(STRINGS, max_size=12), st.booleans())
def test_the_table_is_the_librarys(strings: list[str], rich: bool) -> None:
    assert _table(True, strings, rich) == _table(False, strings, rich)


def test_the_comparison_sees_a_string_written_differently(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The check can fail: a quick table that lost an escape differs from the library's."""
    monkeypatch.setattr(strings, "escaped", lambda text: text)
    assert _table(True, ["a", "b & c"], False) != _table(False, ["a", "b & c"], False)
