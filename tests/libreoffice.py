"""Independent recalculation of .xlsx workbooks with LibreOffice (headless), for tests.

XlsxWriter does not evaluate formulas: kemixl writes each formula's result itself as the
cached value. These helpers let tests check those cached values against an independent
spreadsheet engine: LibreOffice Calc opens a copy of the workbook, recalculates every
formula, and saves it again; then each formula cell's cached value in the original is
compared with LibreOffice's result.

LibreOffice does not recalculate .xlsx files on load by default (the setting
``/org.openoffice.Office.Calc/Formula/Load/OOXMLRecalcMode`` is 1, "never"), so a plain
``--convert-to`` only echoes the cached values back. Every run here therefore uses a
throwaway user profile whose ``registrymodifications.xcu`` sets ``OOXMLRecalcMode`` (and
``ODFRecalcMode``) to 0, "always recalculate". ``test_libreoffice_harness.py`` proves it with
a workbook whose cached value is deliberately wrong.

Usage in a test module::

    from tests.libreoffice import compare_cached_to_recalculated, require_libreoffice

    def test_report_formulas(tmp_path):
        require_libreoffice()
        report = compare_cached_to_recalculated(path, tmp_path)
        assert report.formula_count > 0
        assert report.mismatches == []

or request the ``libreoffice`` fixture (import it into the test module or conftest.py).

Without LibreOffice the tests are skipped, unless the environment variable
``KEMIXL_REQUIRE_LIBREOFFICE=1`` is set, in which case they fail.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import signal
import subprocess
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from kemixl.report.pdf import LOCALE, soffice, soffice_command, write_profile

__all__ = [
    "TIMEOUT_SECONDS",
    "LibreOfficeError",
    "RecalcReport",
    "compare_cached_to_recalculated",
    "compare_formulas",
    "describe",
    "formula_cells",
    "libreoffice",
    "recalculate",
    "render_pdf",
    "render_png_pages",
    "require_libreoffice",
    "require_tool",
    "run_engine",
    "soffice_path",
]

#: Seconds one LibreOffice conversion may take before it is killed.
TIMEOUT_SECONDS = 120

#: Environment variable that turns "LibreOffice missing" from a skip into a failure.
REQUIRE_ENV = "KEMIXL_REQUIRE_LIBREOFFICE"

# 0 = always recalculate on load, 1 = never (LibreOffice's default), 2 = ask the user.
_RECALCULATE = {
    ("/org.openoffice.Office.Calc/Formula/Load", "OOXMLRecalcMode"): "0",
    ("/org.openoffice.Office.Calc/Formula/Load", "ODFRecalcMode"): "0",
}

# Error values as openpyxl reports them (Excel's, plus LibreOffice's own "Err:NNN" codes).
_ERROR_RE = re.compile(r"^(#NULL!|#DIV/0!|#VALUE!|#REF!|#NAME\?|#NUM!|#N/A|#GETTING_DATA|Err:\d+)$")

CellKey = tuple[str, str]
"""(sheet title, A1 coordinate)."""


class LibreOfficeError(RuntimeError):
    """LibreOffice is missing, timed out, or produced no output file."""


@dataclass
class RecalcReport:
    """Outcome of :func:`compare_cached_to_recalculated`.

    ``formula_count`` is the number of formula cells in the original workbook (so a test can
    assert the check was not vacuous); ``mismatches`` has one human-readable line per formula
    cell whose cached value differs from LibreOffice's result; ``recalculated`` is the path of
    LibreOffice's copy, handy when debugging a failure.
    """

    formula_count: int
    mismatches: list[str] = field(default_factory=list)
    recalculated: Path | None = None

    @property
    def ok(self) -> bool:
        """True when no formula cell mismatched."""
        return not self.mismatches


def soffice_path() -> str | None:
    """The LibreOffice executable (``soffice`` or ``libreoffice``) on PATH, or None."""
    return soffice()


def require_libreoffice() -> str:
    """Return the LibreOffice executable, or skip the calling test if it is not installed.

    With ``KEMIXL_REQUIRE_LIBREOFFICE=1`` in the environment a missing LibreOffice fails the
    test instead (for CI machines that are supposed to have it).
    """
    return require_tool(soffice_path(), "LibreOffice (soffice)", REQUIRE_ENV)


def require_tool(exe: str | None, what: str, require_env: str) -> str:
    """exe, or skip the calling test where it is missing; fail instead where the environment
    variable require_env is 1 (a machine that is supposed to have it)."""
    if exe is None:
        if os.environ.get(require_env) == "1":
            pytest.fail(f"{what} not installed, but {require_env}=1")
        pytest.skip(f"{what} not installed")
    return exe


@pytest.fixture
def libreoffice() -> str:
    """Fixture: path of the LibreOffice executable; skips (or fails) like require_libreoffice."""
    return require_libreoffice()


def _make_profile(parent: Path, locale: str | None = None) -> Path:
    """A fresh LibreOffice user profile under ``parent`` that recalculates on every load."""
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-", dir=parent)) / "p"
    if locale is not None and not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", locale):
        raise ValueError(f"not a locale tag: {locale!r}")
    # the locale decides how number formats display (thousands separators etc.), e.g. fi-FI
    write_profile(profile, {**_RECALCULATE, **({LOCALE: locale} if locale else {})})
    return profile


def _convert(
    src: Path, workdir: Path, target: str, expected_suffix: str, locale: str | None = None
) -> Path:
    """Convert ``src`` with LibreOffice into a new directory under ``workdir``.

    The input is first copied into a private directory, so LibreOffice never touches the
    original (nor writes lock files beside it) and output can never overwrite it. Each call
    gets its own throwaway profile, so concurrent calls (e.g. pytest-xdist) do not collide.
    """
    exe = soffice_path()
    if exe is None:
        raise LibreOfficeError("LibreOffice (soffice) not installed")
    src = Path(src).resolve()
    if not src.is_file():
        raise FileNotFoundError(src)
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    job = Path(tempfile.mkdtemp(prefix="lo-job-", dir=workdir)).resolve()
    indir, outdir = job / "in", job / "out"
    indir.mkdir()
    outdir.mkdir()
    copy = indir / src.name
    shutil.copyfile(src, copy)
    profile = _make_profile(job, locale)
    cmd = soffice_command(exe, profile, target, outdir, copy)
    returncode, stdout, stderr = run_engine(cmd, LibreOfficeError, f"LibreOffice converting {src}")
    out = outdir / (src.stem + expected_suffix)
    # soffice exits 0 even when it could not load the file, so the output file is the test.
    if returncode != 0 or not out.is_file():
        raise LibreOfficeError(
            f"LibreOffice failed converting {src} to {target} (exit code {returncode}, "
            f"expected output {out})\ncommand: {' '.join(cmd)}\n"
            f"stdout:\n{stdout}\nstderr:\n{stderr}"
        )
    shutil.rmtree(profile.parent, ignore_errors=True)
    shutil.rmtree(indir, ignore_errors=True)
    return out


def run_engine(
    cmd: list[str], error: type[Exception], what: str, env: dict[str, str] | None = None
) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of a spreadsheet engine's command, run in a session of its
    own so that a timeout kills it with its children (soffice.bin with its launcher)."""
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
        env=env,
        start_new_session=True,
    )
    try:
        stdout, stderr = proc.communicate(timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        stdout, stderr = proc.communicate()
        raise error(
            f"{what}: timed out after {TIMEOUT_SECONDS} s\ncommand: {' '.join(cmd)}\n"
            f"stdout:\n{stdout}\nstderr:\n{stderr}"
        ) from None
    return proc.returncode, stdout, stderr


def recalculate(path: Path, workdir: Path) -> Path:
    """Recalculate every formula of the .xlsx at ``path`` with LibreOffice; return the copy.

    The result is a new .xlsx (same file name) inside a fresh directory under ``workdir``;
    ``path`` itself is never modified. Raises :class:`LibreOfficeError` (with soffice's
    stdout and stderr) if LibreOffice is missing, fails, or runs longer than
    :data:`TIMEOUT_SECONDS`.
    """
    return _convert(Path(path), Path(workdir), "xlsx:Calc MS Excel 2007 XML", ".xlsx")


def render_pdf(path: Path, outdir: Path, locale: str | None = "fi-FI") -> Path:
    """Render the workbook at ``path`` to PDF with LibreOffice (recalculating on load).

    Returns the PDF's path, inside a fresh directory under ``outdir``. Page breaks, print
    areas, scaling and so on come from the workbook's own page setup. ``locale`` (a BCP 47
    tag) decides how number formats display: with "fi-FI", ``#,##0`` shows 1234567 as
    "1 234 567" and decimals with a comma, as Finnish Excel would; None keeps LibreOffice's
    default (en-US here: "1,234,567").
    """
    return _convert(Path(path), Path(outdir), "pdf:calc_pdf_Export", ".pdf", locale)


def render_png_pages(pdf: Path, outdir: Path, dpi: int = 80) -> list[Path]:
    """Rasterise every page of ``pdf`` to PNG with poppler's ``pdftoppm``, in page order."""
    exe = shutil.which("pdftoppm")
    if exe is None:
        raise LibreOfficeError("pdftoppm (poppler-utils) not installed")
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    prefix = outdir / Path(pdf).stem
    cmd = [exe, "-r", str(dpi), "-png", str(pdf), str(prefix)]
    proc = subprocess.run(
        cmd, capture_output=True, text=True, errors="replace", timeout=TIMEOUT_SECONDS
    )
    if proc.returncode != 0:
        raise LibreOfficeError(
            f"pdftoppm failed on {pdf} (exit code {proc.returncode})\nstderr:\n{proc.stderr}"
        )
    # pdftoppm names pages prefix-1.png or prefix-01.png etc., padded to the page count.
    pages: dict[int, Path] = {}
    for png in outdir.glob(f"{_glob_escape(prefix.name)}-*.png"):
        number = png.stem.rsplit("-", 1)[1]
        if number.isdigit():
            pages[int(number)] = png
    return [pages[n] for n in sorted(pages)]


def _glob_escape(text: str) -> str:
    """Escape glob metacharacters in a file name."""
    return re.sub(r"([*?\[])", r"[\1]", text)


def _formula_text(value: object) -> str | None:
    """The formula in an openpyxl cell value (data_only=False), or None for a plain value."""
    if isinstance(value, ArrayFormula):
        return f"{{{value.text}}}" if value.text is not None else "{}"
    if isinstance(value, DataTableFormula):
        return f"TABLE({value.r1},{value.r2})"
    if isinstance(value, str) and value.startswith("="):
        return value
    return None


def formula_cells(path: Path) -> dict[CellKey, tuple[str, object]]:
    """Every formula cell of a workbook: (sheet, A1) → (formula text, cached value).

    The formula text is as openpyxl reads it (with the leading "="; array formulas in
    braces); the cached value is the ``<v>`` stored in the file (None if there is none, or
    if it is an empty string: openpyxl cannot tell the two apart).
    """
    with warnings.catch_warnings():  # Gnumeric's copies have no default style: harmless
        warnings.filterwarnings("ignore", "Workbook contains no default style")
        formulas_wb = load_workbook(path, data_only=False, read_only=False)
        values_wb = load_workbook(path, data_only=True, read_only=False)
    try:
        out: dict[CellKey, tuple[str, object]] = {}
        for ws in formulas_wb.worksheets:
            values_ws = values_wb[ws.title]
            for row in ws.iter_rows():
                for cell in row:
                    text = _formula_text(cell.value)
                    if text is None:
                        continue
                    out[(ws.title, cell.coordinate)] = (text, values_ws[cell.coordinate].value)
        return out
    finally:
        formulas_wb.close()
        values_wb.close()


def _is_error(value: object) -> bool:
    return isinstance(value, str) and _ERROR_RE.match(value) is not None


def describe(
    key: CellKey,
    formula: str,
    cached: object,
    computed: object,
    rel_tol: float,
    abs_tol: float,
    engine: str = "LibreOffice",
) -> str | None:
    """A mismatch message for one formula cell, or None if the values agree."""
    sheet, coordinate = key
    where = f"'{sheet}'!{coordinate} {formula}"
    if _is_error(computed):
        return f"{where}: {engine} gives error {computed} (cached {cached!r})"
    if cached is None:
        if computed is None:  # an empty-string result: both files store <v></v>
            return None
        return f"{where}: no cached value ({engine} gives {computed!r})"
    numbers = (int, float)
    if (
        isinstance(cached, numbers)
        and isinstance(computed, numbers)
        and not isinstance(cached, bool)
        and not isinstance(computed, bool)
    ):
        if math.isclose(cached, computed, rel_tol=rel_tol, abs_tol=abs_tol):
            return None
        diff = cached - computed
        return f"{where}: cached {cached!r} != {engine} {computed!r} (diff {diff:+g})"
    # Text, booleans, dates: equal and of the same type (True is not 1, "3" is not 3).
    if type(cached) is type(computed) and cached == computed:
        return None
    return f"{where}: cached {cached!r} != {engine} {computed!r}"


def compare_cached_to_recalculated(
    path: Path, workdir: Path, rel_tol: float = 1e-9, abs_tol: float = 0.005
) -> RecalcReport:
    """Recalculate ``path`` with LibreOffice and compare every formula's cached value.

    Numbers are compared with ``math.isclose(rel_tol=, abs_tol=)``; everything else (text,
    booleans, dates) must be equal and of the same type. A formula with no cached value is a
    mismatch ("no cached value"), as is any error LibreOffice computes (``#NAME?``,
    ``#DIV/0!``, ``Err:502``, ...), even if the same error was cached. A formula cell that
    vanished from LibreOffice's copy is a mismatch too. Each message names the sheet, cell,
    formula, and both values.
    """
    recalculated = recalculate(Path(path), Path(workdir))
    return compare_formulas(Path(path), recalculated, "LibreOffice", rel_tol, abs_tol)


def compare_formulas(
    original_path: Path,
    recalculated: Path,
    engine: str,
    rel_tol: float = 1e-9,
    abs_tol: float = 0.005,
) -> RecalcReport:
    """Every formula's cached value in original_path against the value an engine computed in
    its copy, recalculated (see compare_cached_to_recalculated). An empty-string result is the
    same whether a file stores it as an empty value (LibreOffice, XlsxWriter: openpyxl reads
    None) or as an empty text (Gnumeric: "")."""
    original = formula_cells(original_path)
    computed_cells = formula_cells(recalculated)
    mismatches: list[str] = []
    for key, (formula, cached) in original.items():
        if key not in computed_cells:
            sheet, coordinate = key
            mismatches.append(
                f"'{sheet}'!{coordinate} {formula}: no formula there after {engine}'s round trip"
            )
            continue
        computed = computed_cells[key][1]
        cached, computed = (None if v == "" else v for v in (cached, computed))
        message = describe(key, formula, cached, computed, rel_tol, abs_tol, engine)
        if message is not None:
            mismatches.append(message)
    return RecalcReport(len(original), mismatches, recalculated)
