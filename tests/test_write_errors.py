"""Writing the deliverables never ends in noise: a full disk, a read-only folder or a folder
that vanished during the run is one line naming the path and the cause, exit 2, no traceback,
no temporary or partial file left, for the workbook, the PDF and the templates."""

from __future__ import annotations

import errno
import shutil
import subprocess
from pathlib import Path

import pytest

from kemixl.reconcile import Consolidation
from kemixl.xlsx.safe import write_error

from .conftest import INPUTS, TEMPLATES
from .test_pdf import kemixl

# Python run before kemixl: os.write fails as on a full disk (for every file, or only for a
# PDF's bytes), or the folder is read-only, or it vanishes once the submissions are read.
FULL = """
import errno, os, kemixl.xlsx.safe as safe
def full(fd, data):
    if {only_pdf} and bytes(data[:4]) != b"%PDF":
        return os.write(fd, data)
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
safe._write_some = full
"""
READ_ONLY = """
import errno, os, tempfile
from pathlib import Path
make = tempfile.mkstemp
def read_only(*args, dir=None, **kwargs):
    if dir is not None and Path(dir).resolve() == Path({folder!r}).resolve():
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), dir)
    return make(*args, dir=dir, **kwargs)
tempfile.mkstemp = read_only
"""
VANISHES = """
import shutil, kemixl.pipeline as pipeline
reconcile = pipeline.reconcile
def then_gone(*args, **kwargs):
    c = reconcile(*args, **kwargs)
    shutil.rmtree({folder!r})
    return c
pipeline.reconcile = then_gone
"""
NO_PDF = "import kemixl.report.pdf as p; p.soffice = lambda: None\n"


def _one_line(done: subprocess.CompletedProcess[str], path: Path, cause: str) -> None:
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
    assert done.stderr.splitlines() == [f"kemixl: error: {path}: cannot be written: {cause}"]


def _consolidate(out: Path, *extra: str, patch: str = "") -> subprocess.CompletedProcess[str]:
    args = (
        "--lang",
        "en",
        "consolidate",
        str(INPUTS),
        "--master",
        str(TEMPLATES),
        "-o",
        str(out),
        "-q",
    )
    return kemixl(*args, *extra, patch=patch)


def test_full_disk_for_the_workbook(tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    out.write_bytes(b"the previous report")
    done = _consolidate(out, patch=FULL.format(only_pdf=False))
    _one_line(
        done,
        out,
        "the disk is full (no space left on device); free some space or choose another place with --output",
    )
    assert out.read_bytes() == b"the previous report"  # kept whole
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]  # no temporary file


def test_full_disk_for_the_pdf(tmp_path: Path) -> None:
    """The workbook is written; the PDF, which does not fit, is not, nor any part of it."""
    out = tmp_path / "r.xlsx"
    done = _consolidate(out, "--pdf", patch=FULL.format(only_pdf=True))
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) not installed: the PDF is never tried")
    _one_line(
        done,
        out.with_suffix(".pdf"),
        "the disk is full (no space left on device); free some space or choose another place with --output",
    )
    assert f"wrote {out}" in done.stdout
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]


def test_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    out = folder / "r.xlsx"
    done = _consolidate(out, patch=READ_ONLY.format(folder=str(folder)))
    _one_line(
        done, out, "the folder is on a read-only file system; choose another place with --output"
    )
    assert list(folder.iterdir()) == []


def test_read_only_folder_for_the_pdf(
    tmp_path: Path, sample_report: tuple[Consolidation, Path]
) -> None:
    workbook = tmp_path / "r.xlsx"
    shutil.copyfile(sample_report[1], workbook)  # kemixl pdf converts only kemixl's reports
    done = kemixl(
        "--lang", "en", "pdf", str(workbook), patch=READ_ONLY.format(folder=str(tmp_path))
    )
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) not installed: the PDF is never tried")
    _one_line(
        done,
        tmp_path / "r.pdf",
        "the folder is on a read-only file system; choose another place with --output",
    )
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]


def test_the_folder_vanishes_during_the_run(tmp_path: Path) -> None:
    folder = tmp_path / "share"
    folder.mkdir()
    out = folder / "r.xlsx"
    done = _consolidate(out, patch=VANISHES.format(folder=str(folder)))
    _one_line(
        done, out, "its folder no longer exists; create it or choose another place with --output"
    )
    assert not folder.exists()  # not silently made again (an unmounted share, say)


def test_templates_on_a_full_disk(tmp_path: Path) -> None:
    out = tmp_path / "pohjat"
    done = kemixl(
        "--lang",
        "en",
        "templates",
        "--master",
        str(TEMPLATES),
        "-o",
        str(out),
        patch=FULL.format(only_pdf=False),
    )
    _one_line(
        done,
        out,
        "the disk is full (no space left on device); free some space or choose another place with --output",
    )
    assert list(out.iterdir()) == []


@pytest.mark.parametrize(
    ("code", "cause"),
    [
        (errno.ENOSPC, "the disk is full"),
        (errno.EDQUOT, "the disk quota is used up"),
        (errno.EACCES, "permission denied"),
        (errno.EIO, "Input/output error"),
    ],
)
def test_write_error_names_the_cause(code: int, cause: str) -> None:
    import os

    line = write_error(Path("out/r.xlsx"), OSError(code, os.strerror(code))).render("en")
    assert line.startswith(f"out/r.xlsx: cannot be written: {cause}")
    assert "\n" not in line


def _unshare() -> bool:
    """Whether this machine lets a test mount a small file system of its own."""
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=16k tmpfs /mnt"],
        capture_output=True,
    )
    return probe.returncode == 0


@pytest.mark.skipif(not _unshare(), reason="cannot mount a tmpfs here (unshare -rm)")
def test_a_real_small_disk_and_a_real_read_only_one(tmp_path: Path) -> None:
    """No stubs: a 40 kB tmpfs (the workbook needs about 60), a read-only one, and (with
    LibreOffice) the PDF of a report written elsewhere onto a 64 kB one (it needs about 300)."""
    import sys

    mount = tmp_path / "mnt"
    mount.mkdir()
    kemixl_ = f"{sys.executable} -c 'from kemixl.cli import main; main()'"
    run = f"{kemixl_} --lang en consolidate {INPUTS} --master {TEMPLATES} -o {mount}/r.xlsx -q"
    script = (
        f"mount -t tmpfs -o size=40k tmpfs {mount} && {run}; echo rc=$?; ls -A {mount}; "
        f"mount -t tmpfs -o ro tmpfs {mount} && {run}; echo rc=$?; ls -A {mount}"
    )
    full = "the disk is full (no space left on device); free some space or choose another place with --output"
    expected = [
        f"kemixl: error: {mount}/r.xlsx: cannot be written: {full}",
        f"kemixl: error: {mount}/r.xlsx: cannot be written: the folder is on a read-only file system; choose another place with --output",
    ]
    if shutil.which("soffice"):
        report = tmp_path / "r.xlsx"
        assert _consolidate(report).returncode == 0
        script += (
            f"; mount -t tmpfs -o size=64k tmpfs {mount} && "
            f"{kemixl_} --lang en pdf {report} -o {mount}/r.pdf; echo rc=$?; ls -A {mount}"
        )
        expected.append(f"kemixl: error: {mount}/r.pdf: cannot be written: {full}")
    done = subprocess.run(
        ["unshare", "-rm", "sh", "-c", script], capture_output=True, text=True, timeout=300
    )
    results = done.stdout.split("rc=")[1:]
    assert results == ["2\n"] * len(expected), done.stdout + done.stderr  # and nothing left
    assert done.stderr.splitlines() == expected
