"""`kemixl consolidate … --pdf` and `kemixl pdf`: the report as a tagged PDF, made by
LibreOffice with its own profile and a time limit, never left half-written."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from kemixl.i18n import _, using
from kemixl.master import load_master
from kemixl.pipeline import consolidate
from kemixl.report.pdf import INSTALL, export_pdf, filter_name
from kemixl.year.data import read_report_data
from tests.libreoffice import require_libreoffice

from .builders import not_ready_report
from .conftest import INPUTS, ROOT, TEMPLATES
from .test_report_layout import _sheet_pages

PAGINATED = (
    "Sisällys",
    "Toimialat",
    "Keskusvirasto",
    "Elinvoimatoimiala",
    "Hyvinvointitoimiala",
    "Ympäristötoimiala",
    "Havainnot",
)


def kemixl(*args: str, patch: str = "", timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """kemixl as a user runs it (its real stderr, interpreter shutdown included), after
    `patch` (Python run first: a stub for a full disk, a missing LibreOffice …)."""
    code = f"import sys\n{patch}\nfrom kemixl.cli import main\nmain(sys.argv[1:])\n"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout,
    )


def pdf_text(pdf: Path) -> str:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def pdf_info(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return dict(
        (k.strip(), v.strip()) for k, v in (line.split(":", 1) for line in out.stdout.splitlines())
    )


def _pdf_string(token: bytes) -> str:
    if token.startswith(b"<"):
        raw = bytes.fromhex(token[1:-1].decode())
        return raw[2:].decode("utf-16-be") if raw.startswith(b"\xfe\xff") else raw.decode("latin-1")
    return token[1:-1].decode("latin-1")


def bookmarks(pdf: Path) -> list[str]:
    """The titles of the PDF's top-level outline items, in order (LibreOffice writes its
    objects uncompressed)."""
    data = pdf.read_bytes()
    objects = {
        int(m.group(1)): m.group(2)
        for m in re.finditer(rb"(?m)^(\d+) 0 obj\s*(.*?)endobj", data, flags=re.S)
    }
    root = re.search(rb"/Outlines (\d+) 0 R", data)
    assert root, "no outline"
    titles = []
    item = re.search(rb"/First (\d+) 0 R", objects[int(root.group(1))])
    while item:
        body = objects[int(item.group(1))]
        title = re.search(rb"/Title\s*(<[0-9A-Fa-f]+>|\((?:\\.|[^\\)])*\))", body)
        assert title
        titles.append(_pdf_string(title.group(1)))
        item = re.search(rb"/Next (\d+) 0 R", body)
    return titles


def _gone(pid: int) -> bool:
    """No such process, or only its zombie (reaped by whoever is the container's init)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return "State:\tZ" in status


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    require_libreoffice()
    out = tmp_path_factory.mktemp("pdf") / "osavuosikatsaus.xlsx"
    done = kemixl("consolidate", str(INPUTS), "--master", str(TEMPLATES), "-o", str(out), "--pdf")
    assert done.returncode == 0, done.stderr
    pdf = out.with_suffix(".pdf")
    assert str(pdf) in done.stdout
    return out, pdf


def test_tagged_titled_and_in_finnish(report: tuple[Path, Path]) -> None:
    workbook, pdf = report
    info = pdf_info(pdf)
    assert info["Tagged"] == "yes"
    assert info["Title"] == load_master(TEMPLATES).settings.title
    assert info["Page size"].endswith("(A4)")
    assert b"/Lang(fi-FI)" in pdf.read_bytes()
    wb = load_workbook(workbook)
    sheets = [ws.title for ws in wb.worksheets if ws.sheet_state != "veryHidden"]  # not the data
    assert bookmarks(pdf) == sheets  # a bookmark per sheet, in order


def test_a_swedish_report_is_a_swedish_pdf(tmp_path: Path) -> None:
    """The PDF's language is the workbook's own (dc:language), whatever the run's: `kemixl
    pdf` of a Swedish report in a Finnish run still gives /Lang(sv-FI), Swedish bookmarks."""
    require_libreoffice()
    workbook = tmp_path / "rapport.xlsx"
    consolidate(INPUTS, TEMPLATES, workbook, language="sv")
    pdf = tmp_path / "rapport.pdf"
    with using("fi"):
        export_pdf(workbook, pdf)
    assert b"/Lang(sv-FI)" in pdf.read_bytes()
    assert bookmarks(pdf)[:3] == ["Innehåll", "Resultaträkning", "Sektorer"]
    assert (
        "sida 1 / "
        in subprocess.run(
            ["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True
        ).stdout
    )


def test_every_department_and_the_city_figures_are_in_it(report: tuple[Path, Path]) -> None:
    workbook, pdf = report
    text = pdf_text(pdf)
    master = load_master(TEMPLATES)
    for d in master.departments:
        assert d.name in text, d.name
    ws = load_workbook(workbook, data_only=True)["Toimialat"]
    city = max(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "TOIMINTAKATE")
    figures = [ws.cell(city, c).value for c in (2, 3, 4, 5, 7)]
    assert all(isinstance(v, int | float) for v in figures)
    for value in figures:
        assert f"{round(value):,}".replace(",", " ") in text, value  # type: ignore[arg-type]


def test_pages_follow_the_contents_with_header_and_footer(report: tuple[Path, Path]) -> None:
    workbook, pdf = report
    pages = _sheet_pages(pdf)
    wb = load_workbook(workbook)
    contents = [c.value for row in wb["Sisällys"].iter_rows() for c in row if c.hyperlink]
    order = list(dict.fromkeys(name for name, _text in pages))
    assert order == ["Sisällys", *contents]
    city = load_master(TEMPLATES).settings.city
    for name, text in pages:
        lines = [line for line in text.splitlines() if line.strip()]
        assert city in lines[0], name  # the header
        body = lines[1:-1]
        assert len(body) >= 2, f"{name}: a page holding {body}"  # never a lone row
    for name in PAGINATED:  # the pages the workbook's own page breaks make, no more
        ws = wb[name]
        assert sum(n == name for n, _t in pages) == len(ws.row_breaks.brk) + 1, name


def test_the_same_report_gives_the_same_pages(report: tuple[Path, Path], tmp_path: Path) -> None:
    workbook, pdf = report
    again = tmp_path / "again.pdf"
    done = kemixl("pdf", str(workbook), "--output", str(again))
    assert done.returncode == 0 and done.stderr == ""
    assert pdf_info(again)["Pages"] == pdf_info(pdf)["Pages"]
    assert pdf_text(again) == pdf_text(pdf)


def test_filter_options() -> None:
    assert filter_name().startswith("pdf:calc_pdf_Export:{")
    assert '"UseTaggedPDF":{"type":"boolean","value":"true"}' in filter_name()
    assert '"ExportBookmarks":{"type":"boolean","value":"true"}' in filter_name()


# -- without LibreOffice, or with one that hangs or fails ------------------------------------


@pytest.fixture(scope="module")
def plain_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample's report, ready, without a PDF (kemixl pdf converts only kemixl's reports)."""
    out = tmp_path_factory.mktemp("plain") / "r.xlsx"
    consolidate(INPUTS, TEMPLATES, out)
    return out


@pytest.fixture
def _workbook(plain_report: Path) -> Callable[[Path], Path]:
    """A copy of a report to convert, in a folder of the test's own."""

    def copy(tmp_path: Path) -> Path:
        path = tmp_path / "r.xlsx"
        shutil.copyfile(plain_report, path)
        return path

    return copy


def _left(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_without_libreoffice_the_workbook_is_written(tmp_path: Path, lang: str) -> None:
    out = tmp_path / "r.xlsx"
    done = kemixl(
        "consolidate",
        str(INPUTS),
        "--master",
        str(TEMPLATES),
        "-o",
        str(out),
        "--pdf",
        "-q",
        "--lang",
        lang,
        patch="import kemixl.report.pdf as p; p.soffice = lambda: None",
    )
    assert done.returncode == 2
    assert str(out) in done.stdout
    (line,) = done.stderr.splitlines()
    with using(lang):  # the message in the run's language, naming the PDF and the fix
        said = _(
            "{target}: LibreOffice is not installed, so no PDF was written; install it "
            "with '{install}' and run 'kemixl pdf {workbook}'"
        ).format(target=out.with_suffix(".pdf"), install=INSTALL, workbook=out)
    assert line.startswith("kemixl: ") and line.endswith(said)
    assert INSTALL in line
    assert _left(tmp_path) == ["r.xlsx"]


def _fake_soffice(tmp_path: Path, body: str) -> Path:
    exe = tmp_path / "soffice"
    exe.write_text(f"#!/bin/sh\n{body}\n")
    exe.chmod(0o755)
    return exe


def test_a_conversion_that_hangs_is_stopped(
    tmp_path: Path, _workbook: Callable[[Path], Path]
) -> None:
    workbook = _workbook(tmp_path)
    pids = tmp_path / "pids"
    exe = _fake_soffice(tmp_path, f"sleep 120 &\necho $! > {pids}\nsleep 120")
    started = time.monotonic()
    done = kemixl(
        "pdf",
        str(workbook),
        "--lang",
        "en",
        patch=f"import kemixl.report.pdf as p; p.soffice = lambda: {str(exe)!r}; "
        "p.TIMEOUT_SECONDS = 2",
    )
    assert time.monotonic() - started < 60
    assert done.returncode == 2
    (line,) = done.stderr.splitlines()
    assert "did not finish the PDF within 2 seconds" in line and "r.pdf" in line
    assert _left(tmp_path) == ["pids", "r.xlsx", "soffice"]  # no PDF, no temporary file
    time.sleep(0.2)
    assert _gone(int(pids.read_text()))  # LibreOffice's own children went with it


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "LibreOffice could not convert r.xlsx to PDF"),
        ("fi", "LibreOffice ei pystynyt muuntamaan tiedostoa r.xlsx PDF:ksi"),
        ("sv", "LibreOffice kunde inte konvertera r.xlsx till PDF"),
    ],
)
def test_a_failed_conversion_writes_nothing(
    tmp_path: Path, lang: str, said: str, _workbook: Callable[[Path], Path]
) -> None:
    workbook = _workbook(tmp_path)
    exe = _fake_soffice(tmp_path, "exit 0")  # as soffice does when it cannot load a file
    done = kemixl(
        "pdf",
        str(workbook),
        "--lang",
        lang,
        patch=f"import kemixl.report.pdf as p; p.soffice = lambda: {str(exe)!r}",
    )
    assert done.returncode == 2
    (line,) = done.stderr.splitlines()
    assert said in line
    assert _left(tmp_path) == ["r.xlsx", "soffice"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere.xlsx"], "nowhere.xlsx: no such workbook"),
        (["README.md"], "README.md: the report must be an .xlsx workbook"),
    ],
)
def test_pdf_usage_errors(args: list[str], message: str) -> None:
    done = kemixl("--lang", "en", "pdf", *args)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [f"kemixl: error: {message}"]


def test_the_pdf_must_be_named_pdf(tmp_path: Path, _workbook: Callable[[Path], Path]) -> None:
    done = kemixl(
        "--lang", "en", "pdf", str(_workbook(tmp_path)), "--output", str(tmp_path / "r.xlsx")
    )
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"kemixl: error: {tmp_path / 'r.xlsx'}: the PDF's name must end in .pdf"
    ]


# -- only kemixl's reports, and a report that is not ready says so --------------------------


def _empty_workbook(tmp_path: Path) -> Path:
    path = tmp_path / "tyhja.xlsx"
    Workbook().save(path)
    return path


def _submission(tmp_path: Path) -> Path:
    path = tmp_path / "osasto.xlsx"
    shutil.copyfile(sorted(INPUTS.glob("*.xlsx"))[0], path)
    return path


@pytest.mark.parametrize(
    ("workbook", "reason"),
    [
        # a template's own 'kemixl' sheet is its stamp, not a report's data
        (_submission, "its data sheet does not say it is a kemixl report"),
        (_empty_workbook, "it has no 'kemixl' data sheet, so kemixl did not write it"),
    ],
)
def test_pdf_refuses_a_workbook_that_is_not_a_kemixl_report(
    tmp_path: Path, workbook: Callable[[Path], Path], reason: str
) -> None:
    """A department's submission or an empty workbook: one line, exit 2, no PDF (and no
    LibreOffice started: its data sheet is read first)."""
    path = workbook(tmp_path)
    done = kemixl(
        "--lang",
        "en",
        "pdf",
        str(path),
        patch="import kemixl.report.pdf as p; p.soffice = lambda: None",
    )
    assert done.returncode == 2, done.stdout
    assert done.stderr.splitlines() == [
        f"kemixl: error: {path}: is not a report kemixl wrote: {reason}; give the workbook "
        "`kemixl consolidate` wrote"
    ]
    assert _left(tmp_path) == [path.name]


def test_a_not_ready_report_is_written_with_its_banner_and_exit_1(tmp_path: Path) -> None:
    require_libreoffice()
    report = not_ready_report(tmp_path)
    errors = read_report_data(report).errors
    done = kemixl("--lang", "en", "pdf", str(report))
    assert done.returncode == 1, done.stderr
    pdf = report.with_suffix(".pdf")
    assert done.stdout.splitlines() == [
        f"wrote {pdf}",
        f"not ready for the council: the report has {errors} errors, and the PDF says so on its "
        "first page; fix the errors and consolidate again",
    ]
    first_page = subprocess.run(
        ["pdftotext", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "EI VALMIS VALTUUSTOLLE" in " ".join(first_page.split())  # the report's language


def test_a_report_whose_data_was_changed_cannot_pass_for_ready(
    tmp_path: Path, _workbook: Callable[[Path], Path]
) -> None:
    """Its readiness cannot be told: the PDF is written (LibreOffice faked here), exit 1."""
    report = _workbook(tmp_path)
    wb = load_workbook(report)
    ws = wb["kemixl"]
    cell = next(c for row in ws.iter_rows() for c in row if c.value == "64110000")
    ws.cell(cell.row, 4).value = "1.0"  # an actual "corrected" in the data sheet
    wb.save(report)
    exe = _fake_soffice(
        tmp_path,
        'while [ $# -gt 0 ]; do case "$1" in --outdir) out="$2"; shift;; *.xlsx) src="$1";; esac; '
        'shift; done\nprintf "%%PDF-1.4\\n" > "$out/$(basename "$src" .xlsx).pdf"',
    )
    done = kemixl(
        "--lang",
        "en",
        "pdf",
        str(report),
        patch=f"import kemixl.report.pdf as p; p.soffice = lambda: {str(exe)!r}",
    )
    assert done.returncode == 1, done.stderr
    assert "the report's data sheet was changed after kemixl wrote it" in done.stdout
    assert report.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
    ok = tmp_path / "ok"
    ok.mkdir()
    ready = kemixl(
        "--lang",
        "en",
        "pdf",
        str(_workbook(ok)),
        patch=f"import kemixl.report.pdf as p; p.soffice = lambda: {str(exe)!r}",
    )
    assert ready.returncode == 0 and "not ready" not in ready.stdout, ready.stdout
