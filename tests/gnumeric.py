"""Independent recalculation with Gnumeric (`ssconvert --recalc`), a second engine beside
LibreOffice, for tests.

Excel is not available here; a formula that only one engine understands (a function the other
lacks, an argument it reads otherwise, an array it does not widen) is caught when a second,
unrelated engine must agree too. Gnumeric's `ssconvert` opens a copy of the workbook,
recalculates every formula and saves it again; each formula cell's cached value in the original
is then compared with Gnumeric's result, as tests/libreoffice.py does for LibreOffice.

ssconvert runs headless (no display needed); it may print GTK or GLib warnings on standard
error, which are tolerated: only its exit code and its output file count.

Without Gnumeric the tests are skipped, unless the environment variable
``KEMIXL_REQUIRE_GNUMERIC=1`` is set (CI sets it), in which case they fail.

Gnumeric reads one thing otherwise than Excel and LibreOffice, which is no formula and so is
left out of the tests' inputs: a control character stored as an ``_xHHHH_`` escape in a cell's
text (a carriage return, say) stays those seven characters.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.libreoffice import (
    RecalcReport,
    compare_cached_to_recalculated,
    compare_formulas,
    recalculate,
    require_libreoffice,
    require_tool,
    run_engine,
)

__all__ = [
    "ENGINES",
    "GnumericError",
    "compare_cached_to_gnumeric",
    "compare_with",
    "gnumeric",
    "recalculate_with",
    "recalculate_with_gnumeric",
    "require_gnumeric",
]

#: Environment variable that turns "Gnumeric missing" from a skip into a failure.
REQUIRE_ENV = "KEMIXL_REQUIRE_GNUMERIC"


class GnumericError(RuntimeError):
    """ssconvert is missing, timed out, or produced no output file."""


def ssconvert_path() -> str | None:
    return shutil.which("ssconvert")


def require_gnumeric() -> str:
    """The ssconvert executable, or skip the calling test (fail with KEMIXL_REQUIRE_GNUMERIC=1)."""
    return require_tool(ssconvert_path(), "Gnumeric (ssconvert)", REQUIRE_ENV)


@pytest.fixture
def gnumeric() -> str:
    """Fixture: path of ssconvert; skips (or fails) like require_gnumeric."""
    return require_gnumeric()


def recalculate_with_gnumeric(path: Path, workdir: Path) -> Path:
    """Recalculate every formula of the .xlsx at ``path`` with Gnumeric; return the copy.

    The input is copied into a private directory first, so the original is never touched; the
    run gets a HOME of its own (Gnumeric keeps settings there) and no display."""
    exe = ssconvert_path()
    if exe is None:
        raise GnumericError("Gnumeric (ssconvert) not installed")
    src = Path(path).resolve()
    Path(workdir).mkdir(parents=True, exist_ok=True)
    job = Path(tempfile.mkdtemp(prefix="gnumeric-job-", dir=Path(workdir)))
    copy, out = job / src.name, job / f"recalculated-{src.name}"
    shutil.copyfile(src, copy)
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["HOME"] = str(job)
    cmd = [exe, "--recalc", str(copy), str(out)]
    returncode, stdout, stderr = run_engine(cmd, GnumericError, f"ssconvert on {src}", env)
    if returncode != 0 or not out.is_file():
        raise GnumericError(
            f"ssconvert failed on {src} (exit code {returncode})\ncommand: {' '.join(cmd)}"
            f"\nstdout:\n{stdout}\nstderr:\n{stderr}"
        )
    return out


def compare_cached_to_gnumeric(
    path: Path, workdir: Path, rel_tol: float = 1e-9, abs_tol: float = 0.005
) -> RecalcReport:
    """Recalculate ``path`` with Gnumeric and compare every formula's cached value, exactly as
    compare_cached_to_recalculated does with LibreOffice (Gnumeric stores an empty-string
    result as an empty text: the same as LibreOffice's empty value)."""
    recalculated = recalculate_with_gnumeric(Path(path), Path(workdir))
    return compare_formulas(Path(path), recalculated, "Gnumeric", rel_tol, abs_tol)


# Both engines, for tests that must hold in each: "libreoffice" and "gnumeric".
ENGINES = ("libreoffice", "gnumeric")


def recalculate_with(engine: str, path: Path, workdir: Path) -> Path:
    """The workbook recalculated by the engine (skipped or failed where it is missing)."""
    require, recalculated, _compare = _ENGINE[engine]
    require()
    return recalculated(path, workdir)


def compare_with(engine: str, path: Path, workdir: Path) -> RecalcReport:
    """Every formula's cached value against the engine's (see compare_cached_to_…)."""
    require, _recalculated, compared = _ENGINE[engine]
    require()
    return compared(path, workdir)


_ENGINE = {
    "libreoffice": (require_libreoffice, recalculate, compare_cached_to_recalculated),
    "gnumeric": (require_gnumeric, recalculate_with_gnumeric, compare_cached_to_gnumeric),
}
