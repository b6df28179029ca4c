"""The council's report as a tagged PDF: the written workbook converted by LibreOffice
(headless), page by page as its print setup says.

- **Tagged**, with bookmarks per sheet, the document's title (the workbook's dc:title) and
  language (the PDF's /Lang, which LibreOffice takes from its locale: the conversion's own
  profile sets it to the report's language).
- **Its own LibreOffice**: a throwaway user profile (-env:UserInstallation) in a temporary
  folder, so neither a LibreOffice the user has open nor their settings interfere; the
  workbook is copied there first, so LibreOffice never writes beside it. Values are shown as
  cached in the workbook (kemixl writes every formula with its value); nothing is recalculated.
- **A time limit**: a conversion that takes longer is killed with all its processes.
- **Never a partial PDF**: the finished file is written beside the target under a temporary
  name and renamed into place (xlsx.safe.write_atomic).

Failures of the conversion are a PdfError with one sentence naming the file; an OSError
while writing the PDF itself is the caller's to report (xlsx.safe.write_error).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from ..i18n import _
from ..xlsx.safe import write_atomic
from .formats import document_language

TIMEOUT_SECONDS = 300.0
INSTALL = "apt-get install -y libreoffice-calc-nogui"
# LibreOffice's Calc PDF export options (filter options as JSON, LibreOffice 7.4 and later).
EXPORT_OPTIONS = {
    "UseTaggedPDF": True,  # a structure tree: headings, paragraphs, tables for screen readers
    "ExportBookmarks": True,  # one bookmark per sheet
    "ExportNotes": False,
}
_REGISTRY = """\
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" \
xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
{items}</oor:items>
"""
_ITEM = (
    '<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse">'
    "<value>{value}</value></prop></item>\n"
)
LOCALE = "/org.openoffice.Setup/L10N", "ooSetupSystemLocale"  # numbers' display, the PDF's /Lang
DOCUMENT_LANGUAGE = "/org.openoffice.Office.Linguistic/General", "DefaultLocale"


class PdfError(Exception):
    """The PDF could not be made; the message is one sentence naming the file."""


def soffice() -> str | None:
    """LibreOffice's command (soffice, or libreoffice) on PATH, or None."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def write_profile(profile: Path, settings: dict[tuple[str, str], str]) -> None:
    """A LibreOffice user profile in the (new) folder `profile` with these settings: (node
    path, property name) -> value."""
    items = "".join(
        _ITEM.format(path=path, name=name, value=escape(value))
        for (path, name), value in settings.items()
    )
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(
        _REGISTRY.format(items=items), encoding="utf-8"
    )


def soffice_command(exe: str, profile: Path, target: str, outdir: Path, source: Path) -> list[str]:
    """LibreOffice converting `source` to `target` (a --convert-to argument) into `outdir`,
    headless, with the user profile in the folder `profile`."""
    return [
        exe,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--invisible",
        "--norestore",
        "--nologo",
        "--nodefault",
        "--nolockcheck",
        "--convert-to",
        target,
        "--outdir",
        str(outdir),
        str(source),
    ]


def workbook_language(workbook: Path) -> str | None:
    """The language a workbook says it is written in (docProps/core.xml dc:language: kemixl's
    reports carry fi-FI, sv-FI or en-GB), or None if it says none or cannot be read."""
    try:
        with zipfile.ZipFile(workbook) as zf:
            core = zf.read("docProps/core.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return None
    found = re.search(r"<dc:language>([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)</dc:language>", core)
    return found.group(1) if found else None


def filter_name() -> str:
    """The --convert-to argument: Calc's PDF export with EXPORT_OPTIONS."""
    options = {
        key: {"type": "boolean", "value": "true" if value else "false"}
        for key, value in EXPORT_OPTIONS.items()
    }
    return "pdf:calc_pdf_Export:" + json.dumps(options, separators=(",", ":"))


def export_pdf(
    workbook: Path,
    target: Path,
    language: str | None = None,
    timeout: float | None = None,
) -> None:
    """Convert `workbook` to a tagged PDF at `target` (replacing it only when complete), within
    `timeout` seconds (default TIMEOUT_SECONDS).

    PdfError when LibreOffice is missing, fails or runs out of time; OSError when the PDF
    cannot be written to `target`.
    """
    timeout = TIMEOUT_SECONDS if timeout is None else timeout
    exe = soffice()
    if exe is None:
        raise PdfError(
            _(
                "{target}: LibreOffice is not installed, so no PDF was written; install it "
                "with '{install}' and run 'kemixl pdf {workbook}'"
            ).format(target=target, install=INSTALL, workbook=workbook)
        )
    language = language or workbook_language(workbook) or document_language()
    try:
        with tempfile.TemporaryDirectory(prefix="kemixl-pdf-") as tmp:
            data = _convert(exe, workbook, Path(tmp), target, language, timeout)
    except OSError as exc:  # the temporary folder (a full /tmp, say)
        raise PdfError(
            _(
                "{target}: the PDF could not be made in the temporary folder {folder} "
                "({reason}); free some space there"
            ).format(target=target, folder=tempfile.gettempdir(), reason=exc.strerror or exc)
        ) from exc
    write_atomic(target, data)


def _convert(
    exe: str, workbook: Path, tmp: Path, target: Path, language: str, timeout: float
) -> bytes:
    """The PDF's bytes, converted in the folder tmp."""
    profile, indir, outdir = tmp / "profile", tmp / "in", tmp / "out"
    write_profile(profile, {LOCALE: language, DOCUMENT_LANGUAGE: language})
    indir.mkdir()
    outdir.mkdir()
    copy = indir / (target.stem + ".xlsx")  # LibreOffice names its output after its input
    shutil.copyfile(workbook, copy)
    command = soffice_command(exe, profile, filter_name(), outdir, copy)
    # A session of its own: on a timeout the whole group (soffice.bin too) is killed.
    proc = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(proc)
        raise PdfError(
            _(
                "{target}: LibreOffice did not finish the PDF within {seconds} seconds and was "
                "stopped; no PDF was written"
            ).format(target=target, seconds=f"{timeout:g}")
        ) from None
    except BaseException:  # Ctrl+C, SIGTERM: take LibreOffice down too
        _kill(proc)
        raise
    out = outdir / (copy.stem + ".pdf")
    # soffice exits 0 even when it could not load the file: the output is the test.
    data = out.read_bytes() if out.is_file() else b""
    if proc.returncode != 0 or not data.startswith(b"%PDF"):
        raise PdfError(
            _(
                "{target}: LibreOffice could not convert {name} to PDF (exit code {code}); no "
                "PDF was written"
            ).format(target=target, name=workbook.name, code=proc.returncode)
        )
    return data


def _kill(proc: subprocess.Popen[bytes]) -> None:
    """Stop LibreOffice and every process it started (its session's process group)."""
    with contextlib.suppress(ProcessLookupError):
        if hasattr(os, "killpg"):
            os.killpg(proc.pid, signal.SIGKILL)
        else:  # Windows: no process groups to signal
            proc.kill()
    proc.communicate()


def pdf_path(workbook: Path) -> Path:
    """The PDF beside a workbook: same name, .pdf."""
    return workbook.with_suffix(".pdf")
