"""Broken and hostile files: refused in one line, nothing hangs, nothing is lost, nothing gets in."""

from __future__ import annotations

import hashlib
import re
import shutil
import tracemalloc
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kemixl.cli import main
from kemixl.findings import Rule, Severity
from kemixl.i18n import using
from kemixl.model import Limits
from kemixl.pipeline import consolidate
from kemixl.submissions.reader import read_submission
from kemixl.submissions.records import Submission

from .conftest import INPUTS, TEMPLATES
from .hostile import (
    FINANCE_PART,
    NOTES_PART,
    billion_laughs,
    far_cell,
    hostile_corpus,
    rezip,
    rows_without_references,
    sample,
    sheet_stored_as,
    unreferenced_far_cells,
    with_macro_sheet,
    zip_bomb,
)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """These tests read the messages' English words (fi/sv: tests/test_messages.py)."""
    with using("en"):
        yield


@pytest.fixture(scope="module")
def corpus() -> dict[str, tuple[bytes, str]]:
    return hostile_corpus()


@pytest.fixture(scope="module")
def hostile_folder(
    corpus: dict[str, tuple[bytes, str]], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    folder = tmp_path_factory.mktemp("hostile") / "inputs"
    shutil.copytree(INPUTS, folder)
    for name, (data, _) in corpus.items():
        (folder / name).write_bytes(data)
    return folder


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _figures(sub: object) -> dict[tuple[str, str, str], float | None]:
    return {
        (b.code, line.value, column.value): cell.value
        for b in sub.blocks  # type: ignore[attr-defined]
        for line, cells in b.lines.items()
        for column, cell in cells.items()
    }


def test_each_hostile_file_is_one_clear_refusal(
    corpus: dict[str, tuple[bytes, str]], tmp_path: Path
) -> None:
    for name, (data, phrase) in corpus.items():
        path = tmp_path / name
        path.write_bytes(data)
        sub = read_submission(path)
        assert [(f.rule, f.severity, f.file) for f in sub.findings] == [
            (Rule.UNREADABLE, Severity.ERROR, name)
        ], name
        message = sub.findings[0].text()
        assert phrase in message, (name, message)
        assert "\n" not in message and "Traceback" not in message
        assert sub.blocks == ()


def _read_with_peak(path: Path) -> tuple[Submission, int]:
    """The submission and the most memory Python held while reading it."""
    tracemalloc.start()
    try:
        return read_submission(path), tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("bomb", lambda: zip_bomb(400)),
        ("laughs", lambda: rezip(sample(), {FINANCE_PART: billion_laughs})),
    ],
)
def test_bombs_are_refused_without_being_inflated(tmp_path: Path, name: str, make: object) -> None:
    path = tmp_path / f"{name}.xlsx"
    path.write_bytes(make())  # type: ignore[operator]
    sub, peak = _read_with_peak(path)
    assert [f.rule for f in sub.findings] == [Rule.UNREADABLE]
    assert peak < 32 * 2**20, f"{peak / 2**20:.0f} MiB allocated while refusing {name}"


def test_xml_budget_is_enforced_whatever_the_headers_say(tmp_path: Path) -> None:
    path = tmp_path / "iso.xlsx"
    path.write_bytes(zip_bomb(3))  # honest headers, modest ratio, over a small budget
    sub = read_submission(path, Limits(max_xml_mb=1))
    assert [f.rule for f in sub.findings] == [Rule.UNREADABLE]
    assert "far more than a workbook" in sub.findings[0].text()


@pytest.mark.parametrize(
    "spelling",
    [b'r="XFD1048576"', b"r = 'XFD1048576'", b'r="XFD123456789"'],
)
def test_a_stray_far_cell_skips_only_its_sheet(tmp_path: Path, spelling: bytes) -> None:
    path = tmp_path / "kaukana.xlsx"
    path.write_bytes(
        rezip(sample(), {NOTES_PART: lambda x: far_cell(x).replace(b'r="XFD1048576"', spelling)})
    )
    sub = read_submission(path)
    assert sub.blocks, "the finance sheet is still read"
    assert [(f.rule, f.severity, f.sheet) for f in sub.findings] == [
        (Rule.SHEET_NOT_READ, Severity.WARNING, "Ohjeet")
    ]
    assert "XFD1" in sub.findings[0].text()


def test_a_finance_sheet_beyond_the_limits_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "pitka.xlsx"
    path.write_bytes(sample().read_bytes())
    sub = read_submission(path, Limits(max_rows=10))
    rules = {(f.rule, f.sheet) for f in sub.findings}
    assert (Rule.SHEET_NOT_READ, "Talous") in rules
    assert (Rule.NO_FINANCE_TABLE, "") in rules
    assert Rule.TEMPLATE_ALTERED not in {f.rule for f in sub.findings}


def test_macro_workbook_values_read_macros_ignored(tmp_path: Path) -> None:
    path = tmp_path / "makrot.xlsm"
    path.write_bytes(
        rezip(sample(), extra={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 Attribute VB_"})
    )
    plain = read_submission(sample())
    sub = read_submission(path)
    assert _figures(sub) == _figures(plain) != {}
    assert [(f.rule, f.severity) for f in sub.findings] == [(Rule.MACROS_IGNORED, Severity.WARNING)]
    out = tmp_path / "r.xlsx"
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(path, folder / path.name)
    consolidate(folder, TEMPLATES, out)
    with zipfile.ZipFile(out) as zf:
        assert not [n for n in zf.namelist() if "vba" in n.lower()]


def test_other_spreadsheet_formats_are_refused_by_name(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "talous.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    (folder / "talous.ods").write_bytes(b"PK")
    (folder / "saate.pdf").write_bytes(b"%PDF")
    c = consolidate(folder, TEMPLATES, tmp_path / "r.xlsx")
    by_file = {f.file: (f.rule, f.severity, f.text()) for f in c.findings if f.file}
    assert by_file["talous.xls"][:2] == (Rule.UNREADABLE, Severity.ERROR)
    assert ".xls" in by_file["talous.xls"][2] and "save it as an .xlsx" in by_file["talous.xls"][2]
    assert by_file["talous.ods"][:2] == (Rule.UNREADABLE, Severity.ERROR)
    assert by_file["saate.pdf"][:2] == (Rule.SKIPPED_FILE, Severity.NOTE)


def test_hostile_folder_consolidates_the_good_and_changes_nothing(
    hostile_folder: Path, corpus: dict[str, tuple[bytes, str]], tmp_path: Path
) -> None:
    before = _digests(hostile_folder)
    hostile_folder.chmod(0o555)  # a read-only input folder is fine
    try:
        out = tmp_path / "r.xlsx"
        result = CliRunner().invoke(
            main,
            [
                "--lang",
                "en",
                "consolidate",
                str(hostile_folder),
                "-o",
                str(out),
                "--master",
                str(TEMPLATES),
            ],
        )
    finally:
        hostile_folder.chmod(0o755)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    for name in corpus:
        lines = [
            ln
            for ln in result.output.splitlines()
            if ln.startswith(f"{name}: error: ") and ln.endswith(" (unreadable-file)")
        ]
        assert len(lines) == 1, (name, result.output)
    assert out.exists() and "not ready for the council" in result.output
    c = consolidate(hostile_folder, TEMPLATES, tmp_path / "r2.xlsx")
    assert len(c.submitted_departments) == 4  # every good department is in the report
    assert _digests(hostile_folder) == before


def test_external_links_and_defined_names_in_a_submission_are_ignored(tmp_path: Path) -> None:
    rel = (
        b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/externalLink" Target="externalLinks/externalLink1.xml"/>'
    )
    link = (
        b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<externalBook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
        b' r:id="rId1"><sheetNames><sheetName val="S"/></sheetNames></externalBook></externalLink>'
    )
    path = tmp_path / "linkit.xlsx"
    path.write_bytes(
        rezip(
            sample(),
            {
                "xl/workbook.xml": lambda x: x.replace(
                    b"<definedNames />",
                    b'<definedNames><definedName name="paha">[1]S!$A$1</definedName>'
                    b"<definedName name=\"cmd\">=cmd|' /C calc'!A0</definedName></definedNames>",
                ),
                "xl/_rels/workbook.xml.rels": lambda x: x.replace(
                    b"</Relationships>", rel + b"</Relationships>"
                ),
            },
            extra={"xl/externalLinks/externalLink1.xml": link},
        )
    )
    sub = read_submission(path)
    plain = read_submission(sample())
    assert [f.rule for f in sub.findings] == [f.rule for f in plain.findings]
    assert _figures(sub) == _figures(plain) != {}
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.move(path, folder / path.name)
    out = tmp_path / "r.xlsx"
    consolidate(folder, TEMPLATES, out)
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        assert not [n for n in names if "externalLink" in n]
        book = zf.read("xl/workbook.xml")
    defined = re.findall(rb'<definedName name="([^"]+)"', book)
    assert all(n.startswith(b"_xlnm.") for n in defined), defined


def test_unwritable_output_fails_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def never(*_: object, **__: object) -> None:
        raise AssertionError("read a workbook before checking the output")

    monkeypatch.setattr("kemixl.reading.read_submission", never)
    blocker = tmp_path / "tiedosto"
    blocker.write_text("not a folder")
    for target in (blocker / "r.xlsx", tmp_path, INPUTS / "r.xlsx", tmp_path / "r.txt"):
        result = CliRunner().invoke(
            main,
            [
                "--lang",
                "en",
                "consolidate",
                str(INPUTS),
                "-o",
                str(target),
                "--master",
                str(TEMPLATES),
            ],
        )
        assert result.exit_code == 2, (target, result.output)
        assert result.output.startswith("kemixl: error: ") and result.output.count("\n") == 1
        assert str(target) in result.output


def test_an_interrupted_write_leaves_the_previous_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "r.xlsx"
    consolidate(INPUTS, TEMPLATES, out)
    previous = out.read_bytes()

    def interrupted(self: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("xlsxwriter.Workbook.close", interrupted)
    with pytest.raises(KeyboardInterrupt):
        consolidate(INPUTS, TEMPLATES, out)
    assert out.read_bytes() == previous
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.xlsx"]  # no temporary left behind


def test_readme_documents_every_rule() -> None:
    readme = (INPUTS.parent / "README.md").read_text(encoding="utf-8")
    missing = [r.value for r in Rule if f"`{r.value}`" not in readme]
    assert missing == []


PAYLOADS = (
    '=HYPERLINK("http://evil.example/","klikkaa")',
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd",
    "+evil.example",
    "-2+3+cmd",
)


def test_submitted_texts_land_as_text_never_as_formulas(tmp_path: Path) -> None:
    from kemixl.master import load_master
    from kemixl.model import Column, Line
    from kemixl.templates.fill import fill_template
    from kemixl.templates.writer import write_templates

    master = load_master(TEMPLATES)
    made = [r for r in write_templates(master, tmp_path / "t") if r.path is not None]
    dept = made[0].department
    leaf = master.leaves(dept)[0].code
    kpi = next(k.id for k in master.kpis if master.department_of(k.code) == dept)
    objective = next(o.id for o in master.objectives if o.department == dept)
    folder = tmp_path / "in"
    folder.mkdir()
    assert made[0].path is not None
    fill_template(
        made[0].path,
        folder / "=cmd|' calc'!A0.xlsx",
        master.period,
        {(leaf, Line.INCOME): {Column.ACTUAL: PAYLOADS[1], Column.FORECAST: PAYLOADS[2]}},  # type: ignore[dict-item]
        {"Vastuuhenkilö": PAYLOADS[3], "Talousohjelma ja säästötoimenpiteet": PAYLOADS[0]},
        {kpi: (PAYLOADS[2], PAYLOADS[4])},
        {objective: ("Etenee", PAYLOADS[0])},
    )
    out = tmp_path / "r.xlsx"
    c = consolidate(folder, TEMPLATES, out)
    assert any(f.submitted == PAYLOADS[1] for f in c.findings)  # quoted in a finding
    with zipfile.ZipFile(out) as zf:
        xml = b"".join(zf.read(n) for n in zf.namelist() if n.endswith(".xml"))
        assert not [n for n in zf.namelist() if "externalLink" in n]
    formulas = re.findall(rb"<f>(.*?)</f>", xml)
    assert formulas, "the report's own formulas are there"
    for f in formulas:
        assert b"evil" not in f and b"cmd" not in f, f
    assert b"evil.example" not in b"".join(re.findall(rb"<hyperlink[^>]*>", xml))
    texts = xml.decode("utf-8").replace("&quot;", '"').replace("&apos;", "'")
    for payload in PAYLOADS:
        assert payload.replace("&", "&amp;") in texts, payload  # present, as text


def _finance_formulas(path: Path) -> dict[str, str]:
    from kemixl.xlsx.read import read_workbook

    book = read_workbook(path.read_bytes(), Limits())
    grid = next(s.grid for s in book.sheets if s.title == "Talous")
    return {
        f"{r},{c}": cell.value
        for r, row in enumerate(grid)
        for c, cell in enumerate(row)
        if cell.formula
    }


@pytest.mark.parametrize(
    "variant",
    [
        "prefixed",  # every element as x:c, x:f … (legal, written by some tools)
        "no_refs",  # cells without r="A1" (legal): read by the openpyxl fallback
        "shared",  # a shared formula group: the copies carry no text of their own
    ],
)
def test_formula_cells_are_found_in_any_legal_spelling(tmp_path: Path, variant: str) -> None:
    plain = _finance_formulas(sample())
    assert plain  # the template's totals and margins

    def respell(xml: bytes) -> bytes:
        if variant == "prefixed":
            xml = re.sub(rb"<(/?)(?!\?)([A-Za-z]+)([\s>/])", rb"<\1x:\2\3", xml)
            return xml.replace(b"<x:worksheet xmlns=", b"<x:worksheet xmlns:x=", 1)
        if variant == "no_refs":
            return re.sub(rb'(<c) r="[A-Z]+\d+"', rb"\1", xml)
        # every margin formula but the first of its column becomes a copy of a shared group
        first: dict[bytes, bool] = {}

        def share(m: re.Match[bytes]) -> bytes:
            col = m.group(1)
            if col not in first:
                first[col] = True
                return m.group(0).replace(
                    b"<f>",
                    b'<f t="shared" si="%d" ref="%s">' % (len(first), col + b"1:" + col + b"999"),
                )
            return m.group(0)[: m.group(0).index(b"<f>")] + b'<f t="shared" si="%d"/><v/></c>' % (
                list(first).index(col) + 1
            )

        return re.sub(rb'<c r="([B-G])\d+"[^>]*><f>[^<]*</f><v ?/></c>', share, xml)

    path = tmp_path / f"{variant}.xlsx"
    path.write_bytes(rezip(sample(), {FINANCE_PART: respell}))
    got = _finance_formulas(path)
    assert set(got) == set(plain)
    if variant == "prefixed":
        assert got == plain
    sub = read_submission(path)
    assert [f.rule for f in sub.findings] == [f.rule for f in read_submission(sample()).findings]
    assert _figures(sub) == _figures(read_submission(sample()))


def test_parallel_reading_gives_the_same_records(tmp_path: Path) -> None:
    from kemixl.pipeline import read_all

    paths = [tmp_path / f"{i}_{p.name}" for i in range(3) for p in sorted(INPUTS.glob("*.xlsx"))]
    for p in paths:
        shutil.copy(INPUTS / p.name.split("_", 1)[1], p)
    (tmp_path / "0_rikki.xlsx").write_bytes(b"PK\x03\x04 cut")
    paths.append(tmp_path / "0_rikki.xlsx")
    seen: list[tuple[int, int, str]] = []
    parallel = read_all(paths, workers=2, progress=lambda *a: seen.append(a))
    assert parallel == read_all(paths, workers=1)
    assert [s[0] for s in seen] == list(range(1, len(paths) + 1))
    assert seen[-1][1:] == (len(paths), paths[-1].name)


def test_a_sheet_whose_used_area_is_too_many_cells_is_not_read(tmp_path: Path) -> None:
    def stray(xml: bytes) -> bytes:  # within the row and column limits, but 70 million cells
        return xml.replace(
            b"</sheetData>",
            b'<row r="99999"><c r="ZZ99999" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
        )

    path = tmp_path / "laaja.xlsx"
    path.write_bytes(rezip(sample(), {NOTES_PART: stray}))
    sub, peak = _read_with_peak(path)
    assert [(f.rule, f.sheet) for f in sub.findings] == [(Rule.SHEET_NOT_READ, "Ohjeet")]
    assert "spans A1:ZZ99999" in sub.findings[0].text()
    assert sub.blocks and peak < 32 * 2**20


def test_collection_is_paused_only_during_a_run() -> None:
    import gc

    from kemixl.pipeline import gc_paused

    assert gc.isenabled()
    with pytest.raises(RuntimeError), gc_paused():
        assert not gc.isenabled()
        raise RuntimeError
    assert gc.isenabled()


def test_an_excel4_macro_sheet_is_ignored_and_the_rest_read(tmp_path: Path) -> None:
    path = tmp_path / "xlm.xlsx"
    path.write_bytes(with_macro_sheet())
    sub = read_submission(path)
    assert _figures(sub) == _figures(read_submission(sample())) != {}
    assert [(f.rule, f.severity) for f in sub.findings] == [(Rule.MACROS_IGNORED, Severity.WARNING)]


def test_rows_without_references_are_counted(tmp_path: Path) -> None:
    path = tmp_path / "rivit.xlsx"
    path.write_bytes(rows_without_references(2_000))
    sub = read_submission(path, Limits(max_rows=1_000))
    assert [(f.rule, f.sheet) for f in sub.findings] == [(Rule.SHEET_NOT_READ, "Ohjeet")]
    with zipfile.ZipFile(sample()) as z:  # the sheet's own rows
        own = len(re.findall(rb"<row[ >]", z.read(NOTES_PART)))
    total = 2_000 + own
    assert f"{total:,} rows" in sub.findings[0].text()
    grouped = f"{total:,}".replace(",", "\u00a0")
    assert grouped in sub.findings[0].text("fi")  # grouped as the language writes numbers
    assert sub.blocks


def test_only_regular_files_are_read(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "putki.xlsx"
    os.mkfifo(fifo)  # opening it would wait forever for a writer
    zero = tmp_path / "nollat.xlsx"
    zero.symlink_to("/dev/zero")  # reading it would never end
    for path in (fifo, zero):
        sub = read_submission(path)
        assert [(f.rule, f.file) for f in sub.findings] == [(Rule.UNREADABLE, path.name)]
        assert "not a file" in sub.findings[0].text()


def test_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    import os

    name = os.fsdecode(b"kesku\xe4virasto.xlsx")  # Latin-1 bytes from an old zip or share
    path = tmp_path / name
    path.write_bytes(sample().read_bytes())
    sub = read_submission(path)
    assert sub.findings == () and sub.blocks


@pytest.mark.parametrize("width", [16_384, 48])
def test_unreferenced_cells_are_placed_before_reading(tmp_path: Path, width: int) -> None:
    path = tmp_path / "paikaton.xlsx"
    path.write_bytes(unreferenced_far_cells(width))
    sub, peak = _read_with_peak(path)
    assert [(f.rule, f.sheet) for f in sub.findings] == [(Rule.SHEET_NOT_READ, "Ohjeet")]
    assert sub.blocks and peak < 64 * 2**20


@pytest.mark.parametrize(
    ("suffix", "rule"), [(".dat", Rule.SHEET_NOT_READ), (".png", Rule.UNREADABLE)]
)
def test_a_sheet_under_another_name_is_still_checked(
    tmp_path: Path, suffix: str, rule: Rule
) -> None:
    path = tmp_path / "nimetty.xlsx"
    path.write_bytes(sheet_stored_as(suffix))
    sub = read_submission(path)
    assert [f.rule for f in sub.findings] == [rule]


def test_a_non_utf8_file_name_reaches_the_report(tmp_path: Path) -> None:
    import os

    folder = tmp_path / "in"
    shutil.copytree(INPUTS, folder)
    (folder / os.fsdecode(b"rikki_\xe4.xlsx")).write_bytes(b"")
    out = tmp_path / "r.xlsx"
    result = CliRunner().invoke(
        main,
        ["--lang", "en", "consolidate", str(folder), "-o", str(out), "--master", str(TEMPLATES)],
    )
    assert result.exit_code == 1, result.output
    assert any(
        ln.startswith("rikki_\ufffd.xlsx: error: ") and ln.endswith("(unreadable-file)")
        for ln in result.output.splitlines()
    )
    assert out.exists()


def test_the_output_may_not_be_the_submission_itself(tmp_path: Path) -> None:
    path = tmp_path / "kv.xlsx"
    path.write_bytes(sample().read_bytes())
    before = path.read_bytes()
    result = CliRunner().invoke(
        main,
        ["--lang", "en", "consolidate", str(path), "-o", str(path), "--master", str(TEMPLATES)],
    )
    assert result.exit_code == 2 and "is the submission being read" in result.output
    assert path.read_bytes() == before


def test_termination_unwinds_and_removes_the_temporary_file(tmp_path: Path) -> None:
    import signal

    from kemixl.cli import _terminated
    from kemixl.xlsx.safe import atomic_path

    target = tmp_path / "r.xlsx"
    target.write_bytes(b"previous")
    with pytest.raises(SystemExit) as stop, atomic_path(target) as tmp:
        tmp.write_bytes(b"half")
        _terminated(signal.SIGTERM, None)
    assert stop.value.code == 128 + signal.SIGTERM
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]


def test_check_names_a_pipe_for_what_it_is(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "putki.xlsx"
    os.mkfifo(fifo)
    result = CliRunner().invoke(
        main, ["--lang", "en", "check", str(fifo), "--master", str(TEMPLATES)]
    )
    line = next(ln for ln in result.output.splitlines() if ln.endswith("(unreadable-file)"))
    assert result.exit_code == 1 and line.startswith("putki.xlsx: error: ")
    assert "not a file" in result.output


def test_sheet_names_are_read_as_xml(tmp_path: Path) -> None:
    path = tmp_path / "nimi.xlsx"
    path.write_bytes(
        rezip(
            sample(),
            {"xl/workbook.xml": lambda x: x.replace(b'name="Ohjeet"', b'name="Ohjeet &amp; > 1"')},
        )
    )
    from kemixl.xlsx.read import read_workbook

    titles = [s.title for s in read_workbook(path.read_bytes(), Limits()).sheets]
    assert titles[0] == "Ohjeet & > 1"
    broken = tmp_path / "rikki.xlsx"
    broken.write_bytes(rezip(sample(), {"xl/workbook.xml": lambda x: x[:-20]}))
    sub = read_submission(broken)
    assert [f.rule for f in sub.findings] == [Rule.UNREADABLE]
    assert "not well-formed" in sub.findings[0].text()


def test_an_error_value_in_an_input_cell_is_a_finding_not_a_zero(tmp_path: Path) -> None:
    def error(xml: bytes) -> bytes:
        return re.sub(
            rb'<c r="E7"[^>]*><v>[^<]*</v></c>', b'<c r="E7" s="8" t="e"><v>#DIV/0!</v></c>', xml
        )

    path = tmp_path / "virhe.xlsx"
    path.write_bytes(rezip(sample(), {FINANCE_PART: error}))
    sub = read_submission(path)
    assert [(f.rule, f.cell, f.submitted) for f in sub.findings] == [
        (Rule.TEXT_IN_NUMBER, "E7", "#DIV/0!")
    ]


@pytest.mark.parametrize("record", [b"investments:rubbish", b"formulas:A1:B2:C3"])
def test_a_damaged_stamp_record_is_passed_over(tmp_path: Path, record: bytes) -> None:
    """A stamp record of no known kind or reference is read past, never a crash."""
    stamp = "xl/worksheets/sheet7.xml"  # the template's stamp sheet (kemixl)
    with zipfile.ZipFile(sample()) as zf:
        assert b"<t>investments:label:A5</t>" in zf.read(stamp)
    path = tmp_path / "leima.xlsx"
    path.write_bytes(
        rezip(sample(), {stamp: lambda x: x.replace(b"investments:label:A5", record, 1)})
    )
    sub = read_submission(path)
    assert sub.stamp is not None
    assert [f.rule for f in sub.findings] == [f.rule for f in read_submission(sample()).findings]
    assert _figures(sub) == _figures(read_submission(sample()))
