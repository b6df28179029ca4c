"""Broken submissions: one clear finding each, never a traceback, the others still consolidated."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook

from kemixl.findings import Rule, Severity
from kemixl.i18n import using
from kemixl.pipeline import consolidate
from kemixl.submissions.reader import read_submission

from .conftest import INPUTS, TEMPLATES
from .hostile import zip_parts


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """These tests read the messages' English words (fi/sv: tests/test_messages.py)."""
    with using("en"):
        yield


BROKEN = {
    "empty.xlsx": b"",
    "old_excel.xlsx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1000,  # .xls / encrypted (CFB)
    "not_a_workbook.xlsx": zip_parts({"hello.txt": b"hi"}),
    "no_workbook_part.xlsx": zip_parts({"[Content_Types].xml": b"<Types/>"}),
    "bomb.xlsx": zip_parts({"[Content_Types].xml": b"<Types/>", "xl/big.xml": b"\0" * 60_000_000}),
    "truncated.xlsx": b"PK\x03\x04" + b"\0" * 100,
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_file_is_one_unreadable_finding(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(BROKEN[name])
    sub = read_submission(path)
    assert [(f.rule, f.severity, f.file) for f in sub.findings] == [
        (Rule.UNREADABLE, Severity.ERROR, name)
    ]
    assert sub.blocks == ()


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("empty.xlsx", "the file is empty"),
        ("old_excel.xlsx", "old Excel 97-2003 (.xls)"),
        ("truncated.xlsx", "damaged"),
        ("not_a_workbook.xlsx", "zip archive but not an .xlsx"),
        ("bomb.xlsx", "zip bomb"),
    ],
)
def test_the_message_says_what_is_wrong_and_what_to_do(
    tmp_path: Path, name: str, says: str
) -> None:
    path = tmp_path / name
    path.write_bytes(BROKEN[name])
    message = read_submission(path).findings[0].text()
    assert says in message
    assert "\n" not in message and "Traceback" not in message


def test_a_file_that_cannot_be_opened(tmp_path: Path) -> None:
    path = tmp_path / "kadonnut.xlsx"
    path.symlink_to(tmp_path / "poistettu.xlsx")  # the target is gone: opening fails (OSError)
    sub = read_submission(path)
    assert [(f.rule, f.file) for f in sub.findings] == [(Rule.UNREADABLE, "kadonnut.xlsx")]
    assert "cannot be opened" in sub.findings[0].text()


def test_a_folder_named_like_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "kansio.xlsx"
    path.mkdir()
    sub = read_submission(path)
    assert [(f.rule, f.file) for f in sub.findings] == [(Rule.UNREADABLE, "kansio.xlsx")]
    assert "not a file" in sub.findings[0].text()


def test_a_workbook_without_a_finance_table(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws["A1"] = "Muistio: toteumat tulevat myöhemmin"
    wb.save(tmp_path / "muistio.xlsx")
    sub = read_submission(tmp_path / "muistio.xlsx")
    assert [f.rule for f in sub.findings] == [Rule.NO_FINANCE_TABLE]


def test_broken_files_do_not_stop_the_others(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for p in INPUTS.glob("*.xlsx"):
        (inputs / p.name).write_bytes(p.read_bytes())
    for name, data in BROKEN.items():
        (inputs / name).write_bytes(data)
    c = consolidate(inputs, TEMPLATES, tmp_path / "r.xlsx")
    assert {f.file for f in c.findings if f.rule is Rule.UNREADABLE} == set(BROKEN)
    assert len(c.submitted_departments) == 4
    assert (tmp_path / "r.xlsx").exists()
