"""The findings and sources sheets: every finding linked to its consolidated cell, every
submission with its hash, and the submission checklist."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string

from kemixl.findings import Rule, Severity, rule_description, rule_name
from kemixl.i18n import using
from kemixl.model import Column, Line, Master
from kemixl.pipeline import consolidate
from kemixl.report.audit import file_time
from kemixl.report.measure import text_height, width_for

from .builders import Drift, sample_reported, write_submission
from .conftest import INPUTS, TEMPLATES


def _inputs_with_faults(
    tmp_path: Path, master: Master, names: dict[str, str] | None = None
) -> Path:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for p in INPUTS.glob("*.xlsx"):
        if not p.name.startswith(("64100000", "64200000")):  # 64200000 goes missing
            (inputs / p.name).write_bytes(p.read_bytes())
    drift = Drift(overrides={("64110000", Line.INCOME, Column.TA): 999.0}, names=names or {})
    write_submission(inputs / "kv.xlsx", master, "64100000", sample_reported(), drift)
    return inputs


def _rows(path: Path, sheet: str) -> list[list[object]]:
    ws = load_workbook(path)[sheet]
    return [[c.value for c in row] for row in ws.iter_rows()]


def _header_row(ws: Any) -> int:
    return next(r for r in range(1, 10) if ws.cell(r, 1).value == "Vakavuus")


def test_findings_sheet_names_the_cell_and_links_the_figure(tmp_path: Path, master: Master) -> None:
    out = tmp_path / "r.xlsx"
    c = consolidate(_inputs_with_faults(tmp_path, master), TEMPLATES, out)
    wb = load_workbook(out)
    ws = wb["Havainnot"]
    top = _header_row(ws)
    header = [cell.value for cell in ws[top]]
    assert header == [
        "Vakavuus",
        "Havainto",
        "Tiedosto",
        "Solu tiedostossa",
        "Kustannuspaikka",
        "Viesti",
        "Raportissa",
        "Säännön tunnus",
        "Selitys",
        "Ilmoitettu",
        "Odotettu",
        "Erotus",
    ]
    col = {title: i + 1 for i, title in enumerate(header)}
    first = top + 1
    rows = {ws.cell(r, col["Säännön tunnus"]).value: r for r in range(first, ws.max_row + 1)}
    assert len([r for r in range(first, ws.max_row + 1) if ws.cell(r, 1).value]) == len(c.findings)
    r = rows["master-figure-differs"]
    assert ws.cell(r, col["Vakavuus"]).value == "virhe"
    assert ws.cell(r, col["Havainto"]).value == "Poikkeaa perustiedoista"  # in its language
    assert ws.cell(r, col["Tiedosto"]).value == "kv.xlsx"
    assert ws.cell(r, col["Solu tiedostossa"]).value == "Taul1!C3"
    assert ws.cell(r, col["Kustannuspaikka"]).value == "64110000"
    assert ws.cell(r, col["Selitys"]).value == rule_description(Rule.MASTER_MISMATCH, "fi")
    assert "999" in str(ws.cell(r, col["Viesti"]).value)
    assert (
        ws.cell(r, col["Ilmoitettu"]).value,
        ws.cell(r, col["Odotettu"]).value,
        ws.cell(r, col["Erotus"]).value,
    ) == (999, 441104, 999 - 441104)
    link = ws.cell(r, col["Raportissa"]).hyperlink
    assert link is not None
    sheet_name, cell = link.location.rsplit("!", 1)
    target = wb[sheet_name.strip("'")]
    # The link lands on the very figure: 64110000's TOIMINTATUOTOT, TA column, in the report.
    assert target.cell(target[cell].row - 1, 1).value == "64110000 HALLINTOPALVELUT"
    assert target[cell].value == 441104
    missing = rows["missing-department"]
    assert ws.cell(missing, col["Kustannuspaikka"]).value == "64200000"
    assert ws.cell(missing, col["Vakavuus"]).value == "virhe"
    # every finding named and explained in Finnish, beside the rule's id
    for r in range(first, ws.max_row + 1):
        rule = Rule(ws.cell(r, col["Säännön tunnus"]).value)
        assert ws.cell(r, col["Havainto"]).value == rule_name(rule, "fi")
        assert ws.cell(r, col["Selitys"]).value == rule_description(rule, "fi")


def test_findings_sheet_sorts_by_severity_and_prints_no_notes(
    tmp_path: Path, master: Master
) -> None:
    """Errors, then warnings, then notes; the printed page is A4 landscape at 8 points or more,
    its columns the severity, the finding in words, the place, the message and the link, and
    it ends with the last warning: the notes (who returned) stay on screen."""
    out = tmp_path / "r.xlsx"
    inputs = _inputs_with_faults(tmp_path, master, {"64110000": "HALLINTO"})  # a warning
    c = consolidate(inputs, TEMPLATES, out)
    wb = load_workbook(out)
    ws = wb["Havainnot"]
    top = _header_row(ws)
    words = [ws.cell(r, 1).value for r in range(top + 1, ws.max_row + 1)]
    order = {"virhe": 0, "varoitus": 1, "huomio": 2}
    assert words == sorted(words, key=order.__getitem__) and set(words) == set(order)
    printed = ws.print_area
    assert printed is not None
    area = printed[0] if isinstance(printed, list) else printed
    last_col, last_row = re.search(r":\$([A-Z]+)\$(\d+)$", area).groups()  # type: ignore[union-attr]
    assert ws.cell(int(last_row), 1).value == "varoitus"  # the last warning
    assert ws.cell(int(last_row) + 1, 1).value == "huomio"  # notes only on screen
    assert ws.cell(top, column_index_from_string(last_col)).value == "Raportissa"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert int(ws.page_setup.scale) >= 80  # Arial 10 at 80 %: 8 points on paper
    n = sum(1 for f in c.findings if f.severity is Severity.NOTE)
    assert f"{n} huomiota" in str(ws.cell(2, 1).value) + str(ws.cell(3, 1).value)


def test_sources_sheet_is_the_audit_trail(tmp_path: Path, master: Master) -> None:
    inputs = _inputs_with_faults(tmp_path, master)
    out = tmp_path / "r.xlsx"
    consolidate(inputs, TEMPLATES, out)
    rows = _rows(out, "Lähteet")
    by_file = {row[0]: row for row in rows if isinstance(row[0], str) and row[0].endswith(".xlsx")}
    assert set(by_file) == {p.name for p in inputs.glob("*.xlsx")}
    kv = by_file["kv.xlsx"]
    assert kv[1] == "64100000 KESKUSVIRASTO"
    digest = hashlib.sha256((inputs / "kv.xlsx").read_bytes()).hexdigest()
    assert kv[2] == " ".join(digest[i : i + 8] for i in range(0, 64, 8))  # 8 groups of 8
    assert kv[3] == (inputs / "kv.xlsx").stat().st_size
    mtime = dt.datetime.fromtimestamp(
        (inputs / "kv.xlsx").stat().st_mtime, ZoneInfo("Europe/Helsinki")
    )
    assert kv[4] == f"{mtime.day}.{mtime.month}.{mtime.year} klo {mtime.hour}.{mtime.minute:02d}"
    assert kv[5] == "vapaamuotoinen"
    template = next(row for name, row in by_file.items() if name.startswith("64300000"))
    assert str(template[5]).startswith("v1 64300000 ") and master.fingerprint in str(template[5])
    checklist = {row[0]: row[1] for row in rows if isinstance(row[0], str) and row[0][:8].isdigit()}
    assert checklist["64200000 ELINVOIMATOIMIALA"] == "PUUTTUU"
    assert checklist["64100000 KESKUSVIRASTO"] == "Palautettu"
    assert str(checklist["64400000 PERUSTURVATOIMIALA"]).startswith("Ei tarvita")


def test_not_ready_banner_on_the_first_sheet(tmp_path: Path, master: Master) -> None:
    out = tmp_path / "r.xlsx"
    c = consolidate(_inputs_with_faults(tmp_path, master), TEMPLATES, out)
    errors = sum(1 for f in c.findings if f.severity.value == "error")
    wb = load_workbook(out)
    first = wb.worksheets[0]
    texts = " ".join(
        str(cell.value) for row in first.iter_rows(max_row=6) for cell in row if cell.value
    )
    assert "EI VALMIS" in texts.upper() and str(errors) in texts


@pytest.mark.parametrize(
    ("lang", "winter_time", "summer_time"),
    [
        ("fi", "29.11.2026 klo 14.05", "1.8.2023 klo 9.00"),
        ("sv", "29.11.2026 kl. 14.05", "1.8.2023 kl. 9.00"),
        ("en", "29 November 2026 14:05", "1 August 2023 09:00"),
        ("fi+sv", "29.11.2026 klo 14.05", "1.8.2023 klo 9.00"),  # the primary language's
    ],
)
def test_times_in_the_language_on_helsinki_clock(
    lang: str, winter_time: str, summer_time: str
) -> None:
    winter = dt.datetime(2026, 11, 29, 12, 5, tzinfo=dt.UTC).timestamp()
    summer = dt.datetime(2023, 8, 1, 6, 0, tzinfo=dt.UTC).timestamp()
    with using(lang):
        assert file_time(winter) == winter_time  # UTC+2
        assert file_time(summer) == summer_time  # summer time, UTC+3


def test_sources_are_never_clipped(tmp_path: Path) -> None:
    """A long file name gets a column wide enough for it (or wraps in a row tall enough),
    like every text of the sheet; the size keeps apart from the time beside it."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    for p in INPUTS.glob("*.xlsx"):
        name = p.name.replace(".xlsx", "_palautettu_talouspalveluille_korjattu_versio_2.xlsx")
        (inputs / name).write_bytes(p.read_bytes())
    out = tmp_path / "r.xlsx"
    consolidate(inputs, TEMPLATES, out)
    ws = load_workbook(out)["Lähteet"]
    widths = {
        col: (dim.width or 8.43) - 5 / 7 + 0.01
        for dim in ws.column_dimensions.values()
        for col in range(dim.min or 0, (dim.max or 0) + 1)
    }
    checked = 0
    for row in ws.iter_rows(min_row=5):
        for cell in row:
            if isinstance(cell.value, str) and cell.value and row[0].row != 4:
                width = widths[cell.column]
                fits = width_for(cell.value) <= width + 0.01
                wraps = cell.alignment.wrap_text and (
                    (ws.row_dimensions[cell.row].height or 12.75) >= text_height(cell.value, width)
                )
                assert fits or wraps, (cell.coordinate, cell.value)
                checked += 1
            if isinstance(cell.value, int) and cell.column == 4:
                assert cell.alignment.horizontal == "right" and cell.alignment.indent >= 1
    assert checked > 20
