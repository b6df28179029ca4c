"""Fuzzing the reader: mutated submissions give records or kemixl's own findings, never a crash.

Three kinds of mutation of a real template submission: bytes of the zip container, the XML of
its finance sheet, and the values of its input cells. Whatever comes in, read_submission must
return a Submission whose findings are one-line messages, within a generous time bound (a hang
guard, not a speed test).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kemixl.findings import Finding, Rule
from kemixl.submissions.reader import read_submission
from kemixl.submissions.records import Submission

from .hostile import FINANCE_PART, rezip, sample

FUZZ = settings(
    max_examples=int(os.environ.get("KEMIXL_FUZZ_EXAMPLES", "40")),
    deadline=dt.timedelta(seconds=10),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,  # the same corpus on every run: CI stays reproducible
)
SAMPLE = sample().read_bytes()
with __import__("zipfile").ZipFile(sample()) as _zf:
    FINANCE_XML = _zf.read(FINANCE_PART)

XML_TOKENS = [
    b"<",
    b">",
    b"/>",
    b'"',
    b"&",
    b"&amp;",
    b"<f>",
    b"</f>",
    b"<c>",
    b"</c>",
    b'<c r="B7">',
    b"<row>",
    b'r="XFD1"',
    b'r="A1048577"',
    b'r="ZZZZ1"',
    b"<v>1e308</v>",
    b"<v>NaN</v>",
    b't="s"',
    b't="e"',
    b"<![CDATA[",
    b"<!ENTITY",
    b"\x00",
    b"\xff\xfe",
    "ä€\u2212".encode(),
]


def _read(data: bytes, name: str = "fuzz.xlsx") -> Submission:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        sub = read_submission(path)
    assert isinstance(sub, Submission)
    for f in sub.findings:
        assert isinstance(f, Finding)
        text = f.text()
        assert text and "\n" not in text and "Traceback" not in text
    return sub


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(SAMPLE) - 1), st.integers(0, 255)), max_size=8))
def test_flipped_bytes_of_the_zip(flips: list[tuple[int, int]]) -> None:
    data = bytearray(SAMPLE)
    for pos, byte in flips:
        data[pos] = byte
    _read(bytes(data))


@FUZZ
@given(st.integers(0, len(SAMPLE)))
def test_truncated_zip(length: int) -> None:
    sub = _read(SAMPLE[:length])
    if length < len(SAMPLE):
        assert sub.blocks == () or length > len(SAMPLE) - 30  # only the comment may be lost


@FUZZ
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["delete", "insert", "duplicate"]),
            st.integers(0, len(FINANCE_XML)),
            st.integers(0, 200),
            st.sampled_from(XML_TOKENS),
        ),
        min_size=1,
        max_size=5,
    )
)
def test_mutated_sheet_xml(edits: list[tuple[str, int, int, bytes]]) -> None:
    def mutate(xml: bytes) -> bytes:
        for kind, pos, length, token in edits:
            if kind == "delete":
                xml = xml[:pos] + xml[pos + length :]
            elif kind == "insert":
                xml = xml[:pos] + token + xml[pos:]
            else:
                xml = xml[:pos] + xml[pos : pos + length] * 2 + xml[pos + length :]
        return xml

    _read(rezip(sample(), {FINANCE_PART: mutate}, level=1))


_INPUT_CELL = re.compile(rb'<c r="(E7|G7|E8|G8)"[^>]*><v>[^<]*</v></c>')
CELL_VALUES = st.one_of(
    st.text(max_size=40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.sampled_from(["=SUM(A1:A3)", "=1+2", "1 234,5", "−5", "#DIV/0!", "TRUE", "1e400"]),
)


@FUZZ
@given(st.lists(CELL_VALUES, min_size=4, max_size=4), st.booleans())
def test_any_value_in_the_input_cells(values: list[object], as_formula: bool) -> None:
    queue = list(values)

    def cell(m: re.Match[bytes]) -> bytes:
        ref = m.group(1)
        value = queue.pop(0)
        if isinstance(value, str) and value.startswith("=") and as_formula:
            return b'<c r="%s"><f>%s</f></c>' % (ref, escape(value[1:]).encode())
        if isinstance(value, str):
            text = "".join(ch for ch in value if ch in "\t\n\r" or ord(ch) >= 0x20)
            text = "".join(ch for ch in text if not 0xD800 <= ord(ch) <= 0xDFFF)
            return b'<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (
                ref,
                escape(text).encode(),
            )
        return b'<c r="%s"><v>%s</v></c>' % (ref, repr(value).encode())

    def mutate(xml: bytes) -> bytes:
        out, n = _INPUT_CELL.subn(cell, xml)
        assert n == 4
        return out

    data = rezip(sample(), {FINANCE_PART: mutate}, level=1)
    sub = _read(data)
    rules = {f.rule for f in sub.findings}
    # the workbook stays readable: the values are figures or findings pinned to their cells
    assert Rule.UNREADABLE not in rules, sub.findings
    assert sub.blocks
    for f in sub.findings:
        if f.rule is Rule.TEXT_IN_NUMBER:
            assert f.cell in {"E7", "G7", "E8", "G8"}
