"""Reading's fast paths give what its general paths give.

Formula cells are found by a pattern for the spelling every writer uses, and their texts are
unescaped all at once; a sheet that pattern does not fully cover takes the general path. Each
is compared with the general path on the samples, a Swedish synthetic organisation, odd but
legal spellings and sheets resaved by LibreOffice and by Gnumeric.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kemixl.i18n import using
from kemixl.model import DEFAULT_LIMITS, Limits
from kemixl.submissions.reader import read_submission
from kemixl.synth import synthesize
from kemixl.xlsx import read as R
from kemixl.xlsx.calamine_copy import calamine_copy
from kemixl.xlsx.cells import Formula, RawCell, a1_to_rowcol, raw_grid
from kemixl.xlsx.safe import check_zip

from .conftest import INPUTS
from .gnumeric import recalculate_with
from .hostile import FINANCE_PART, rezip, sample


def _worksheets(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist() if n.startswith("xl/worksheets/sheet")}


def _fast_taken(data: bytes) -> bool:
    """Whether scan_worksheet reads this sheet's formulas by the fast path."""
    answers = []
    fast = R._fast_formulas

    def spy(xml: bytes, starts: int) -> dict[tuple[int, int], str] | None:
        answers.append(fast(xml, starts))
        return answers[-1]

    with pytest.MonkeyPatch.context() as m:
        m.setattr(R, "_fast_formulas", spy)
        R.scan_worksheet(data, DEFAULT_LIMITS)
    return bool(answers) and answers[0] is not None


def _general_submission(path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Read by the general paths: the formulas by the general pattern, the values by calamine
    from the file itself (not from the copy made for it)."""
    with monkeypatch.context() as m:
        m.setattr(R, "_fast_formulas", lambda data, starts: None)
        m.setattr(R, "calamine_copy", lambda data, parts, worksheets: data)
        return read_submission(path)


def _assert_same(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, data in _worksheets(path).items():
        fast = R.scan_worksheet(data, DEFAULT_LIMITS)
        assert fast == R.scan_worksheet(data, DEFAULT_LIMITS, general=True), name
    sub = read_submission(path)
    assert sub.blocks, path.name
    assert sub == _general_submission(path, monkeypatch)


@pytest.mark.parametrize("path", sorted(INPUTS.glob("*.xlsx")), ids=lambda p: p.name[:8])
def test_the_samples_read_the_same_by_either_path(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _fast_taken(_worksheets(path)[FINANCE_PART])  # the fast path is what reads them
    _assert_same(path, monkeypatch)


def test_a_swedish_organisation_reads_the_same_by_either_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with using("sv"):
        synthesize(tmp_path / "org", departments=2, areas=3, seed=7)
    paths = sorted((tmp_path / "org" / "inputs").glob("*.xlsx"))
    assert paths
    for path in paths:
        assert _fast_taken(_worksheets(path)[FINANCE_PART])
        _assert_same(path, monkeypatch)


def _first_formula(xml: bytes, edit: Any) -> bytes:
    """xml with its first plain formula element edited."""
    return re.sub(rb"<f>([^<]*)</f>", edit, xml, count=1)


# Legal spellings of the same sheet (and one damaged), and whether the fast path reads them.
SPELLINGS: dict[str, tuple[Any, bool]] = {
    "prefixed": (
        lambda xml: re.sub(rb"<(/?)(?!\?)([A-Za-z]+)([\s>/])", rb"<\1x:\2\3", xml).replace(
            b"<x:worksheet xmlns=", b"<x:worksheet xmlns:x=", 1
        ),
        False,
    ),
    "single_quotes": (lambda xml: re.sub(rb'r="([A-Z]+\d+)"', rb"r='\1'", xml), True),
    "spaced_reference": (lambda xml: xml.replace(b'<c r="', b'<c  r = "'), False),
    "reference_last": (
        lambda xml: re.sub(rb'<c r="([A-Z]+\d+)"( s="\d+")', rb'<c\2 r="\1"', xml),
        False,
    ),
    "numeric_entities": (
        lambda xml: xml.replace(b"&quot;", b"&#34;").replace(b"&lt;", b"&#x3C;"),
        True,
    ),
    "escaped_ampersand": (
        lambda xml: _first_formula(xml, lambda m: b"<f>" + m.group(1) + b'&amp;"&amp;lt;"</f>'),
        True,
    ),
    "cdata": (
        lambda xml: _first_formula(xml, lambda m: b"<f><![CDATA[" + m.group(1) + b"]]></f>"),
        False,
    ),
    "nul_in_a_formula": (  # a damaged file: its texts are unescaped one by one
        lambda xml: _first_formula(xml, lambda m: b"<f>" + m.group(1) + b"\0</f>"),
        True,
    ),
    "shared": (
        lambda xml: re.sub(
            rb'<c r="([B-G])(\d+)"([^>]*)><f>([^<]*)</f>',
            lambda m: (
                b'<c r="%s%s"%s><f t="shared" si="%d"%s>%s</f>'
                % (
                    m.group(1),
                    m.group(2),
                    m.group(3),
                    ord(m.group(1)),
                    b' ref="%s1:%s999"' % (m.group(1), m.group(1)),
                    m.group(4),
                )
            ),
            xml,
        ),
        True,
    ),
}


@pytest.mark.parametrize("spelling", sorted(SPELLINGS))
def test_odd_spellings_read_the_same_by_either_path(
    spelling: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit, fast = SPELLINGS[spelling]
    path = tmp_path / f"{spelling}.xlsx"
    path.write_bytes(rezip(sample(1), {FINANCE_PART: edit}))
    xml = _worksheets(path)[FINANCE_PART]
    assert xml != _worksheets(sample(1))[FINANCE_PART]  # the spelling did change the sheet
    assert _fast_taken(xml) is fast
    _assert_same(path, monkeypatch)


def test_a_shared_formulas_copies_read_as_their_groups_first(tmp_path: Path) -> None:
    """A copy without text of its own: its group's constant text, else "(formula)"."""
    xml = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1"><f t="shared" si="0" ref="A1:A3">100+6571</f></c>'
        b'<c r="B1"><f t="shared" si="1" ref="B1:B2">A1*2</f></c></row>'
        b'<row r="2"><c r="A2"><f t="shared" si="0"/></c><c r="B2"><f t="shared" si="1"/></c>'
        b"</row></sheetData></worksheet>"
    )
    formulas, far, anonymous = R.scan_worksheet(xml, DEFAULT_LIMITS)
    assert _fast_taken(xml)
    assert (formulas, far, anonymous) == R.scan_worksheet(xml, DEFAULT_LIMITS, general=True)
    assert formulas == {
        (0, 0): "=100+6571",
        (0, 1): "=A1*2",
        (1, 0): "=100+6571",
        (1, 1): "=(formula)",
    }


def test_a_cell_written_twice_takes_the_general_path() -> None:
    xml = (
        b'<sheetData><row r="1"><c r="A1"><f>1+1</f></c><c r="A1"><f>2+2</f></c></row></sheetData>'
    )
    assert not _fast_taken(xml)
    assert R.scan_worksheet(xml, DEFAULT_LIMITS)[0] == {(0, 0): "=2+2"}  # the last, as before


def test_a_row_zero_reference_takes_the_general_path() -> None:
    xml = b'<sheetData><row r="1"><c r="A0"><f>1+1</f></c></row></sheetData>'
    assert not _fast_taken(xml)
    assert R.scan_worksheet(xml, DEFAULT_LIMITS) == ({}, None, True)  # read by openpyxl


@pytest.mark.parametrize("engine", ["libreoffice", "gnumeric"])
def test_a_workbook_resaved_by_another_program_reads_the_same_by_either_path(
    engine: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    resaved = recalculate_with(engine, sample(2), tmp_path)  # skipped where it is missing
    _assert_same(resaved, monkeypatch)
    # and reads as the workbook it was: Gnumeric lists the custom properties' relationship
    # first, whose type's address also has an "officeDocument" in it
    assert _figures(read_submission(resaved)) == _figures(read_submission(sample(2)))


def _figures(sub: Any) -> dict[tuple[str, str, str], tuple[float | None, bool]]:
    return {
        (b.code, line.value, column.value): (cell.value, cell.formula)
        for b in sub.blocks
        for line, cells in b.lines.items()
        for column, cell in cells.items()
    }


def test_a_prefixed_sheet_is_held_to_the_limits(tmp_path: Path) -> None:
    """The prefixed spellings are counted where a sheet has them (and only there)."""
    plain = _worksheets(sample())[FINANCE_PART]
    prefixed = SPELLINGS["prefixed"][0](plain)
    cells = plain.count(b"<c ")
    assert prefixed.count(b"<x:c ") == cells and R._PREFIXED_TAG.search(prefixed)
    assert not R._PREFIXED_TAG.search(plain)
    few = Limits(max_cells=cells - 1)
    for xml in (plain, prefixed):
        reason = R.oversize(xml, few, R._PREFIXED_TAG.search(xml) is not None)
        assert reason is not None and "cells" in reason.id
        assert R.oversize(xml, DEFAULT_LIMITS, True) is None


def _regex_unescape(text: str) -> str:
    """The single regular-expression pass _unescape's fast path stands in for."""
    return R._ENTITY.sub(lambda m: R._NAMED[m.group(1)], text)


@given(
    st.lists(
        st.sampled_from(["&lt;", "&gt;", "&amp;", "&quot;", "&apos;", "&", "amp;", "lt;", "a"]),
        max_size=12,
    ).map("".join)
)
def test_named_entities_unescape_as_one_xml_pass_would(text: str) -> None:
    assert R._unescape(text) == _regex_unescape(text)


def _reference_grid(
    rows: list[list[Any]],
    formulas: dict[tuple[int, int], str],
    errors: dict[tuple[int, int], str],
) -> list[list[RawCell]]:
    """Calamine's values as cells, then the errors and the formulas put in their places."""
    empty = RawCell(None, False)
    grid = [[empty if v == "" else RawCell(R._calamine_value(v), False) for v in r] for r in rows]
    placed = [(p, RawCell(t, False)) for p, t in errors.items()]
    placed += [(p, RawCell(t, True)) for p, t in formulas.items()]
    for (r, c), cell in placed:
        while len(grid) <= r:
            grid.append([])
        if len(grid[r]) <= c:
            grid[r].extend([empty] * (c + 1 - len(grid[r])))
        grid[r][c] = cell
    return grid


_VALUES = st.one_of(
    st.just(""),
    st.text(max_size=3),
    st.floats(allow_nan=False),
    st.integers(),
    st.booleans(),
    st.dates(),
    st.datetimes(),
)
_PLACES = st.tuples(st.integers(0, 6), st.integers(0, 6))


@given(
    st.lists(st.lists(_VALUES, max_size=5), max_size=5),
    st.dictionaries(_PLACES, st.text(min_size=1, max_size=3), max_size=8),
    st.dictionaries(_PLACES, st.sampled_from(["#DIV/0!", "#REF!"]), max_size=4),
)
def test_a_grid_holds_every_value_formula_and_error_in_its_place(
    rows: list[list[Any]],
    formulas: dict[tuple[int, int], str],
    errors: dict[tuple[int, int], str],
) -> None:
    # the scan's texts are Formula values (scan_worksheet)
    values = R._values(rows, {p: Formula(t) for p, t in formulas.items()}, errors)
    assert raw_grid(values) == _reference_grid(rows, formulas, errors)
    # a formula's text is a Formula, a typed text is a plain str
    assert {
        (r, c) for r, row in enumerate(values) for c, v in enumerate(row) if type(v) is Formula
    } == set(formulas)
    dates = [v for row in values for v in row if isinstance(v, dt.date)]
    assert all(isinstance(d, dt.datetime) for d in dates)


_TAGS = [
    b'<c r="A1">',
    b"<c r='B2'/>",
    b"<c>",
    b"<c/>",
    b'<c  r="C3">',
    b'<c s="1" r="D4">',
    b'<c t="s">',
    b"<col/>",
    b"<cols>",
    b'<row r="1">',
    b"<row>",
    b"<rowBreaks/>",
    b"<v>1</v>",
]


@given(st.lists(st.sampled_from(_TAGS), max_size=12).map(b"".join))
def test_one_search_tells_whether_any_cell_lacks_its_reference(xml: bytes) -> None:
    """What counting every spelling of a cell and of a referenced cell tells, one search tells."""
    cells = sum(xml.count(t) for t in (b"<c ", b"<c>", b"<c/>"))
    referenced = sum(xml.count(t) for t in (b'<c r="', b"<c r='"))
    assert (R._UNREFERENCED.search(xml) is not None) == (referenced < cells)
    assert xml.count(b"<row") >= xml.count(b"<row ") + xml.count(b"<row>")  # a bound


@pytest.mark.parametrize("limit", ["rows", "cells"])
def test_a_sheet_is_counted_where_it_could_pass_a_limit(limit: str) -> None:
    plain = _worksheets(sample())[FINANCE_PART]
    rows, cells = plain.count(b"<row "), plain.count(b"<c ")
    few = Limits(max_rows=rows - 1) if limit == "rows" else Limits(max_cells=cells - 1)
    reason = R.oversize(plain, few, prefixed=False)
    assert reason is not None and f"it has {{{limit}}} {limit}" in reason.id
    assert dict(reason.args)[limit].value == (rows if limit == "rows" else cells)
    assert R.oversize(plain, Limits(max_rows=rows), prefixed=False) is None


def _reference_oversize(data: bytes, limits: Limits) -> tuple[str, object] | None:
    """What oversize says, without its shortcuts: every spelling counted, every reference
    read. (kind, what it names) of the first limit passed."""
    rows = sum(data.count(t) for t in (b"<row ", b"<row>", b":row ", b":row>"))
    if rows > limits.max_rows:
        return "rows", rows
    cells = sum(data.count(t) for t in (b"<c ", b"<c>", b"<c/>", b":c ", b":c>", b":c/>"))
    if cells > limits.max_cells:
        return "cells", cells
    data = re.sub(rb"\br\s*=\s*", b"r=", data)
    refs = re.findall(rb"""r=["']([A-Z]{1,3})(\d+)["']""", data)
    for letters, digits in refs:
        try:
            r, c = a1_to_rowcol((letters + digits).decode())
        except ValueError:
            r, c = limits.max_rows, 0
        if r >= limits.max_rows or c >= limits.max_columns:
            return "far", (letters + digits).decode()
    referenced = sum(data.count(t) for t in (b'<c r="', b"<c r='", b':c r="', b":c r='"))
    if referenced < cells or R._ROW_NUMBER.search(data):
        rows, columns = R._placed_extent(data)
        beyond = rows > limits.max_rows or columns > limits.max_columns
        if beyond or rows * columns > limits.max_cells:
            return "placed", (rows, max(columns, 1))  # the message's corner: A at least
    rows = max([int(d) for _, d in refs if len(d) >= 4], default=999)
    wide = [a1_to_rowcol(f"{a.decode()}1")[1] + 1 for a, _ in refs if len(a) >= 2]
    columns = max(wide, default=26)
    return ("area", (rows, columns)) if rows * columns > limits.max_cells else None


def _said(reason: Any) -> tuple[str, object] | None:
    """oversize's message as _reference_oversize's (kind, what it names)."""
    if reason is None:
        return None
    args = dict(reason.args)
    if "{rows} rows" in reason.id:
        return "rows", args["rows"].value
    if "{cells} cells, more" in reason.id:
        return "cells", args["cells"].value
    if "uses cell" in reason.id:
        return "far", args["ref"]
    corner = a1_to_rowcol(args["corner"])
    kind = "placed" if "columns or" in reason.id else "area"
    return kind, (corner[0] + 1, corner[1] + 1)


_ROW_NUMBERS = [1, 7, 999, 1000, 1609, 9999, 10000, 99999, 100000, 123456, 12345678]
_COLUMNS = ["A", "J", "Z", "AA", "ZZ", "ALL", "ALM", "XFD"]
_CELL = st.one_of(
    st.builds(
        lambda c, r, q, lead: b"<c%sr=%s%s%d%s/>" % (lead, q, c.encode(), r, q),
        st.sampled_from(_COLUMNS),
        st.sampled_from(_ROW_NUMBERS),
        st.sampled_from([b'"', b"'"]),
        st.sampled_from([b" ", b"  ", b' s="1" ']),
    ),
    st.sampled_from([b"<c/>", b"<c>x</c>", b'<c r = "B2"/>', b'<c t="s"/>']),
)
_ROW = st.builds(
    lambda r, cells: (b"<row r=%s>" % r if r else b"<row>") + b"".join(cells) + b"</row>",
    st.sampled_from([None, b'"1"', b'"1001"', b'"123456"', b"'99'", b'"20"']),
    st.lists(_CELL, max_size=4),
)
_LIMITS = st.builds(
    Limits,
    max_rows=st.sampled_from([3, 50, 1000, 100_000]),
    max_columns=st.sampled_from([10, 30, 1000]),
    max_cells=st.sampled_from([20, 30_000, 2_000_000]),
)


@given(st.lists(_ROW, max_size=6), _LIMITS, st.booleans())
def test_the_limits_hold_as_every_reference_read_would_hold_them(
    rows: list[bytes], limits: Limits, prefix: bool
) -> None:
    xml = b"<worksheet><sheetData>" + b"".join(rows) + b"</sheetData></worksheet>"
    if prefix:
        xml = SPELLINGS["prefixed"][0](xml)
    tagged = R._PREFIXED_TAG.search(xml) is not None
    assert _said(R.oversize(xml, limits, tagged)) == _reference_oversize(xml, limits)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16-le", "utf-16-be"])
def test_a_part_declaring_entities_is_refused_in_any_encoding(encoding: str) -> None:
    from kemixl.xlsx.safe import UnsafeWorkbook

    dtd = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'.encode(encoding)
    with pytest.raises(UnsafeWorkbook):
        R._refuse_dtd("xl/workbook.xml", dtd)
    R._refuse_dtd("xl/worksheets/sheet1.xml", "<v>#DIV/0!</v><!-- -->".encode(encoding))


# A figure as a department may type it: _figures reads the common kinds (a number, a formula of
# other cells) by itself, and everything else through read_amount, whose answer it must give.
_FIGURE = st.one_of(
    st.floats(allow_nan=False),
    st.floats(-1e6, 1e6).map(lambda v: round(v, 2)),
    st.integers(-(10**13), 10**13),
    st.sampled_from(
        [
            "1 234,50",
            "abc",
            "",
            "−12",
            Formula("=B7+B8"),
            Formula("=100000+6571"),
            Formula("=(formula)"),
            Formula("=N(I7)+N(I8)"),
            True,
        ]
    ),
    st.none(),
)


@given(st.lists(_FIGURE, min_size=0, max_size=7), st.booleans())
def test_a_lines_figures_read_as_each_read_alone_would(row: list[Any], ambiguous: bool) -> None:
    from kemixl.model import Column, Line, Origin
    from kemixl.submissions import reader

    columns = [(Column.TP_PREV, [1], "B"), (Column.TA, [2], "C"), (Column.ACTUAL, [4], "E")]
    if ambiguous:
        columns.append((Column.FORECAST, [5, 6], "F"))
    fast: list[Any] = []
    got = reader._figures(Line.COSTS, "a.xlsx", "Talous", 8, row, columns, "6411", fast)
    general: list[Any] = []
    want = {}
    for column, cols, letters in columns:
        origin = Origin("a.xlsx", "Talous", f"{letters}9")
        if len(cols) > 1:
            want[column] = reader.Cell(None, origin, invalid=True, raw="ambiguous column")
            continue
        value = row[cols[0]] if cols[0] < len(row) else None
        want[column] = reader.read_amount(value, origin, general, Line.COSTS, column, code="6411")
    assert got == want and repr(got) == repr(want)
    assert fast == general


def test_no_line_label_reads_as_a_code() -> None:
    """The finance table's reader looks a row's label up as a line before as a code."""
    from kemixl.submissions import reader

    labels = list(reader._line_labels())
    assert len(labels) > 10
    for label in labels:
        for text in (label, label.title(), label.lower(), f"  {label}  ", f"{label} yhteensä"):
            assert reader.line_of(text) is not None
            assert reader.code_of(text) is None, text
            assert reader.code_of(text, "NAME") is None, text


def _copy_of(data: bytes) -> bytes:
    parts = check_zip(data, DEFAULT_LIMITS)
    return calamine_copy(data, parts, {p.part for p in R.sheet_parts(parts) if p.worksheet})


def test_calamine_reads_a_stored_copy_without_formula_texts() -> None:
    data = sample().read_bytes()
    copy = _copy_of(data)
    with zipfile.ZipFile(io.BytesIO(copy)) as zin, zipfile.ZipFile(io.BytesIO(data)) as orig:
        assert zin.namelist() == orig.namelist()
        assert {i.compress_type for i in zin.infolist()} == {zipfile.ZIP_STORED}
        sheet = zin.read(FINANCE_PART)
        assert b"<f/>" in sheet and b"</f>" not in sheet and b"<v>" in sheet
        assert sheet.index(b"<mergeCells></mergeCells>") < sheet.index(b"<sheetData")
        formulas = R._FORMULA_START_PLAIN.findall(orig.read(FINANCE_PART))
        assert sheet.count(b"<f/>") == len(formulas) > 100
        for name in orig.namelist():  # every other part as it was
            if name.startswith("xl/worksheets/"):
                continue
            assert zin.read(name) == orig.read(name), name
    assert R.read_values(data, DEFAULT_LIMITS) == _values_from_file(data)


def _values_from_file(data: bytes) -> Any:
    with pytest.MonkeyPatch.context() as m:
        m.setattr(R, "calamine_copy", lambda data, parts, worksheets: data)
        return R.read_values(data, DEFAULT_LIMITS)


@pytest.mark.parametrize(
    "cells",
    [
        b'<row r="3000"><c r="M3000"><f>1+1</f><v>2</v></c></row>',  # a row, a column past all
        b'<row r="3000"><c r="B3000" t="str"><f>"x"</f><v>x</v></c></row>',  # a row past all
        b'<c r="Z1"><f>1</f><v></v></c>',  # a column past all (in row 1), no value
    ],
)
def test_a_formula_past_a_sheets_other_cells_reads_as_from_the_file(cells: bytes) -> None:
    """The copy leaves formula cells without their cached values: where that would shrink the
    sheet calamine reads, the workbook is read from the file."""

    def past(xml: bytes) -> bytes:
        xml = re.sub(rb"<dimension[^>]*/>", b"", xml)
        if cells.startswith(b"<c "):
            return xml.replace(b"</row>", cells + b"</row>", 1)
        return xml.replace(b"</sheetData>", cells + b"</sheetData>")

    data = rezip(sample(), {FINANCE_PART: past})
    order, scans, _, _, copy = R._scan(data, DEFAULT_LIMITS)
    with pytest.raises(R._Reshaped):
        R._read_with_calamine(copy, order, scans, copy=True)
    assert R.read_values(data, DEFAULT_LIMITS) == _values_from_file(data)


def test_a_workbook_with_a_picture_or_a_name_twice_is_read_from_its_own_bytes() -> None:
    picture = rezip(sample(), extra={"xl/media/image1.png": b"\x89PNG"})
    assert _copy_of(picture) is picture
    twice = io.BytesIO()
    with zipfile.ZipFile(sample()) as zin, zipfile.ZipFile(twice, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info))
        with pytest.warns(UserWarning):  # zipfile's "Duplicate name"
            zout.writestr("xl/styles.xml", zin.read("xl/styles.xml"))
    data = twice.getvalue()
    assert _copy_of(data) is data
    assert _copy_of(sample().read_bytes()) is not sample().read_bytes()


def test_what_calamine_refuses_in_the_copy_it_reads_from_the_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = sample().read_bytes()
    want = _values_from_file(data)
    monkeypatch.setattr(R, "calamine_copy", lambda data, parts, worksheets: b"PK\x03\x04 damaged")
    got = R.read_values(data, DEFAULT_LIMITS)
    assert got == want
    assert any(type(v) is Formula for s in got.sheets for row in s.values for v in row)


def test_a_sheet_with_merged_cells_reads_the_same_from_the_copy() -> None:
    def merged(xml: bytes) -> bytes:
        cells = b'<mergeCells count="1"><mergeCell ref="A1:C1"/></mergeCells>'
        return xml.replace(b"</sheetData>", b"</sheetData>" + cells, 1)

    data = rezip(sample(), {FINANCE_PART: merged})
    assert _copy_of(data) is not data
    got = R.read_values(data, DEFAULT_LIMITS)
    assert got == _values_from_file(data) and got.sheets
