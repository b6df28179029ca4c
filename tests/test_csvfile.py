"""The CSV reader of finance's files: dialect detection, the row/field rule, one error per root cause."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kemixl.i18n import using
from kemixl.master.csvfile import SAMPLE_BYTES, read_table, sniff
from kemixl.master.files import FileProblem


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """These tests read the messages' English words (fi/sv: tests/test_messages.py)."""
    with using("en"):
        yield


REQUIRED = ("code", "name", "amount")


def write(
    path: Path,
    rows: list[list[str]],
    sep: str = ",",
    encoding: str = "utf-8",
    newline: str = "\n",
    final_newline: bool = True,
) -> Path:
    buf = io.StringIO()
    # Python's writer quotes only line breaks of its own terminator; Excel quotes any line break.
    quoting = csv.QUOTE_ALL if newline == "\r" else csv.QUOTE_MINIMAL
    csv.writer(buf, delimiter=sep, lineterminator=newline, quoting=quoting).writerows(rows)
    text = buf.getvalue()
    if not final_newline:
        text = text.removesuffix(newline)
    path.write_bytes(text.encode(encoding))
    return path


def problem(path: Path) -> FileProblem:
    with pytest.raises(FileProblem) as info:
        read_table(path, REQUIRED)
    return info.value


ROWS = [list(REQUIRED), ["64110000", "HALLINTOPALVELUT", "-5966525,50"], ["64120000", "ÄÖÅ", "1"]]


@pytest.mark.parametrize("sep", [",", ";", "\t"])
@pytest.mark.parametrize(
    ("encoding", "codec"), [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("cp1252", "cp1252")]
)
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_dialect_is_detected_per_file(
    tmp_path: Path, sep: str, encoding: str, codec: str, newline: str
) -> None:
    path = write(tmp_path / "f.csv", ROWS, sep, encoding, newline)
    d = sniff(path, REQUIRED)
    assert (d.encoding, d.delimiter, d.newline) == (codec, sep, newline)
    assert d.decimal == ("." if sep == "," else ",")
    table = read_table(path, REQUIRED)
    assert [values for _, values in table.rows] == [
        dict(zip(REQUIRED, r, strict=True)) for r in ROWS[1:]
    ]
    assert [line for line, _ in table.rows] == [2, 3] and table.problems == ()


def test_decimal_point_in_a_semicolon_file(tmp_path: Path) -> None:
    path = write(tmp_path / "f.csv", [list(REQUIRED), ["1", "a", "12.50"], ["2", "b", "3.25"]], ";")
    assert sniff(path, REQUIRED).decimal == "."


def test_excel_separator_line_is_honoured(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("sep=;\ncode;name;amount\n1;a;2\n", encoding="utf-8")
    d = sniff(path, REQUIRED)
    assert (d.delimiter, d.header_line) == (";", 2)
    assert [(line, values["name"]) for line, values in read_table(path, REQUIRED).rows] == [
        (3, "a")
    ]


def test_header_titles_are_matched_without_case_and_spaces(tmp_path: Path) -> None:
    path = write(tmp_path / "f.csv", [[" Code", "NAME ", "Amount", "extra"], ["1", "a", "2", "x"]])
    assert read_table(path, REQUIRED).rows[0][1] == {
        "code": "1",
        "name": "a",
        "amount": "2",
        "extra": "x",
    }


def test_an_unreadable_header_is_one_problem_saying_what_was_tried(tmp_path: Path) -> None:
    path = write(tmp_path / "f.csv", [["koodi", "nimi", "summa"], ["1", "a", "2"]] * 50, ";")
    p = problem(path)
    assert p.line == 1
    for said in ("code, name, amount", "UTF-8", "',' ';' or tab", "koodi, nimi, summa", "';'"):
        assert said in p.text(), p.text()


def test_a_header_readable_with_two_separators_is_ambiguous(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("code;name;amount;x,code,name,amount\n", encoding="utf-8")
    p = problem(path)
    assert p.line == 1 and "cannot tell the separator" in p.text()
    assert "';'" in p.text() and "','" in p.text()


def test_rows_decide_between_two_separators_that_both_read_the_header(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("code;name;amount;x,code,name,amount\n1;a;2;y\n3;b;4;z\n", encoding="utf-8")
    assert sniff(path, REQUIRED).delimiter == ";"


def test_header_naming_a_column_twice(tmp_path: Path) -> None:
    p = problem(
        write(tmp_path / "f.csv", [["code", "name", "amount", "code"], ["1", "a", "2", "1"]])
    )
    assert "code more than once" in p.text()


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "f.csv").write_bytes(b"\xef\xbb\xbf\r\n")
    assert "is empty" in problem(tmp_path / "f.csv").text()


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        ("64110000,TOIMINTATUOTOT,480920,50", 4),  # an unquoted decimal comma
        ("64120000,TOIMINTATUOTOT", 2),  # a value left out
        ("64130000,TOIMINTATUOTOT,1,x", 4),  # a non-empty field beyond the header
    ],
)
def test_a_row_of_the_wrong_width_is_a_line_problem(tmp_path: Path, line: str, fields: int) -> None:
    path = tmp_path / "f.csv"
    path.write_text(f"code,name,amount\n1,a,2\n{line}\n3,b,4\n", encoding="utf-8")
    table = read_table(path, REQUIRED)
    assert [line for line, _ in table.rows] == [2, 4]
    assert len(table.problems) == 1 and table.problems[0][0] == 3
    assert f"has {fields} fields but the header has 3" in table.problems[0][1].render()
    assert table.refused == (line.split(",")[0],)


def test_trailing_empty_fields_that_excel_adds_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("code;name;amount;;\n1;a;2;;\n3;b;4;\n5;c;6\n;;;;\n", encoding="utf-8")
    table = read_table(path, REQUIRED)
    assert table.columns == REQUIRED and table.problems == ()
    assert [values["amount"] for _, values in table.rows] == ["2", "4", "6"]


@pytest.mark.parametrize(
    ("text", "fields", "header"),
    [
        ("code,name,amount\n1,a,2,\n", 4, 3),  # one empty field too many: a comma, not padding
        ("code;name;amount;;\n1;a;2;;;\n", 6, 5),  # wider than the padded header itself
    ],
)
def test_a_row_wider_than_its_header_is_a_line_problem_though_its_extra_fields_are_empty(
    tmp_path: Path, text: str, fields: int, header: int
) -> None:
    path = tmp_path / "f.csv"
    path.write_text(text + "3,b,4\n".replace(",", text[4]), encoding="utf-8")
    table = read_table(path, REQUIRED)
    assert [line for line, _ in table.problems] == [2] and [line for line, _ in table.rows] == [3]
    assert f"has {fields} fields but the header has {header}" in table.problems[0][1].render()


def test_a_quote_never_closed_is_one_problem(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text('code,name,amount\n1,"a,2\n3,b,4\n5,c,6\n', encoding="utf-8")
    table = read_table(path, REQUIRED)
    assert len(table.problems) == 1 and table.problems[0][0] == 2
    assert "cannot be read as CSV" in table.problems[0][1].render()


def test_rows_split_differently_from_the_header_are_one_problem(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("code;name;amount\n" + "1,a,2\n" * 40, encoding="utf-8")
    p = problem(path)
    assert p.line == 2 and "must use the same separator" in p.text()


@pytest.mark.parametrize(
    ("data", "line", "says"),
    [
        (codecs.BOM_UTF16_LE + "code\tname".encode("utf-16-le"), 0, "UTF-16"),
        (b"code,name,amount\n1,a,\x81\n", 2, "neither UTF-8 nor Windows-1252 text (byte 0x81)"),
        ("code,name,amount\n1,ä,2\n".encode() + b"2,\xe4,3\n", 3, "not valid UTF-8 here"),
        (b"code,name,amount\n1,a,\x00\n", 2, "NUL"),
        (b"PK\x03\x04rest", 0, "zip file"),
    ],
    ids=["utf-16", "neither", "mixed", "nul", "workbook"],
)
def test_text_that_is_neither_encoding_is_one_problem(
    tmp_path: Path, data: bytes, line: int, says: str
) -> None:
    (tmp_path / "f.csv").write_bytes(data)
    p = problem(tmp_path / "f.csv")
    assert p.line == line and says in p.text(), p.text()


def test_windows_1252_is_read_when_not_utf8(tmp_path: Path) -> None:
    (tmp_path / "f.csv").write_bytes("code;name;amount\n1;Hyvinvointi – Ä €;2\n".encode("cp1252"))
    table = read_table(tmp_path / "f.csv", REQUIRED)
    assert table.dialect.encoding == "cp1252"
    assert table.rows[0][1]["name"] == "Hyvinvointi – Ä €"


def test_sniff_reads_only_the_beginning(tmp_path: Path) -> None:
    """Beyond the sample the file is garbage that no reader of the whole file accepts."""
    path = tmp_path / "ledger.csv"
    row = "64110000;TOIMINTATUOTOT;1234,50\n"
    head = "code;name;amount\n" + row * (2 * SAMPLE_BYTES // len(row))
    path.write_bytes(head.encode() + b"\x81" * 100)
    d = sniff(path, REQUIRED)
    assert (d.delimiter, d.decimal, d.encoding, d.encoding_known) == (";", ",", "utf-8", False)
    assert "neither UTF-8 nor Windows-1252" in problem(path).text()


# ---------------------------------------------------------------------------------------------
# property: any table written in any supported dialect reads back the same

DIALECTS = st.tuples(
    st.sampled_from([",", ";", "\t"]),
    st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.booleans(),
)
VALUE = st.text(
    st.characters(codec="cp1252", exclude_categories=("Cc", "Cs")) | st.sampled_from('\n;,\t"'),
    max_size=12,
).map(str.strip)


def _first_non_ascii_is_not_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return data[: exc.start].isascii()
    return data.isascii()


ROW = st.lists(VALUE, min_size=3, max_size=3).filter(any)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(dialect=DIALECTS, rows=st.lists(ROW, max_size=12))
def test_any_table_in_any_dialect_reads_back_the_same(
    tmp_path: Path, dialect: tuple[str, str, str, bool], rows: list[list[str]]
) -> None:
    sep, encoding, newline, final = dialect
    # Windows-1252 text whose first non-ASCII bytes pair into valid UTF-8 (mojibake such as 'Ã¤',
    # never real Finnish or Swedish text) is read as UTF-8, as every encoding sniffer would.
    text = "".join(v for row in rows for v in row)
    assume(encoding != "cp1252" or _first_non_ascii_is_not_utf8(text.encode("cp1252")))
    path = write(tmp_path / "t.csv", [list(REQUIRED), *rows], sep, encoding, newline, final)
    table = read_table(path, REQUIRED)
    assert table.problems == ()
    assert [[values[c] for c in REQUIRED] for _, values in table.rows] == rows
    assert table.dialect.delimiter == sep
