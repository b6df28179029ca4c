"""Guards around opening untrusted workbooks and writing outputs."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

from ..findings import MessageError
from ..i18n.catalog import N_
from ..i18n.message import Msg, msg
from ..model import DEFAULT_LIMITS, Limits

__all__ = [
    "DEFAULT_LIMITS",
    "Limits",
    "UnsafeWorkbook",
    "atomic_folder",
    "atomic_path",
    "check_zip",
    "load_bytes",
    "write_atomic",
    "write_error",
    "write_file",
]


class UnsafeWorkbook(MessageError, ValueError):
    """A file that is not a workbook we are willing to parse; the message is a full sentence
    (a Msg, rendered in the language of whoever shows it)."""


def _not_a_workbook(data: bytes) -> Msg:
    head = data[: 1 << 20]
    if not head:
        return msg("the file is empty; open it in Excel and save it again as an .xlsx workbook")
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2 compound file: an .xls, or an encrypted .xlsx
        if "EncryptedPackage".encode("utf-16-le") in head:
            return msg(
                "the file is password-protected; remove the password (File > Info > Protect "
                "Workbook) and send it again"
            )
        return msg(
            "the file is an old Excel 97-2003 (.xls) workbook; open it in Excel and save it "
            "again as an .xlsx workbook"
        )
    if head.startswith(b"PK"):
        return msg(
            "the file is damaged (perhaps cut short while copying); open it in Excel and save it "
            "again as an .xlsx workbook"
        )
    if head.lstrip()[:5].lower() in (b"<html", b"<!doc", b"<?xml"):
        return msg(
            "the file is a web page or XML file renamed .xlsx, not a workbook; open it in Excel "
            "and save it again as an .xlsx workbook"
        )
    if head.startswith(b"%PDF"):
        return msg("the file is a PDF renamed .xlsx, not a workbook; send the workbook itself")
    return msg(
        "the file is not an .xlsx workbook; open it in Excel and save it again as an .xlsx workbook"
    )


def read_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes:
    """A part's bytes, inflating at most budget bytes whatever its header declares."""
    with zf.open(info) as f:
        data = f.read(budget + 1)
    if len(data) > budget:
        raise UnsafeWorkbook(
            msg("the file inflates far beyond any workbook (a zip bomb?); it is not read")
        )
    return data


def load_bytes(path: Path, limits: Limits = DEFAULT_LIMITS) -> tuple[bytes, float]:
    """A submission's bytes and modification time, read once: only a regular file, only up to the size limit.

    Everything after this works on the bytes, so a file that changes while it is read cannot
    make the checks and the parsing see different contents, and a pipe or /dev/zero behind a
    symlink can neither hang the run nor fill the memory. OSError for what cannot be opened.
    """
    st = path.stat()
    if not stat.S_ISREG(st.st_mode):
        raise UnsafeWorkbook(
            msg("it is not a file (a folder, device or pipe); send the workbook itself")
        )
    budget = int(limits.max_file_mb * 2**20)
    data = b""
    if st.st_size <= budget:
        with path.open("rb") as f:
            data = f.read(st.st_size + 1)  # +1: a file that grew since stat is caught below
    if st.st_size > budget or len(data) > budget:
        raise UnsafeWorkbook(
            msg(
                "the file is more than the {mb} MB kemixl reads; remove pictures and unused "
                "sheets and send it again",
                mb=round(limits.max_file_mb),
            )
        )
    return data, st.st_mtime


def display_name(path: Path) -> str:
    """The file's name as text: bytes that are not UTF-8 (an old share, a zip from elsewhere)
    shown as "\ufffd", so that every message and the workbook can carry it."""
    return path.name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def kind_of_zip(names: set[str]) -> Msg:
    """What a zip that is not a workbook seems to be, for the refusal message."""
    if any(n.startswith("word/") for n in names):
        return msg(
            "the file is a Word document, not a workbook; open it in Excel and save it as an "
            ".xlsx workbook"
        )
    if any(n.startswith("ppt/") for n in names):
        return msg(
            "the file is a PowerPoint presentation, not a workbook; open it in Excel and save it "
            "as an .xlsx workbook"
        )
    if "content.xml" in names:
        return msg(
            "the file is an OpenDocument (LibreOffice) file, not an .xlsx workbook; open it in "
            "Excel and save it as an .xlsx workbook"
        )
    if any(n.endswith(".bin") and n.startswith("xl/") for n in names):
        return msg(
            "the file is a binary workbook (.xlsb), not an .xlsx workbook; open it in Excel and "
            "save it as an .xlsx workbook"
        )
    return msg(
        "the file is a zip archive but not an .xlsx workbook; open it in Excel and save it as an "
        ".xlsx workbook"
    )


def check_zip(data: bytes, limits: Limits = DEFAULT_LIMITS) -> dict[str, bytes | None]:
    """Refuse zip bombs and encrypted or non-xlsx files before any parser sees them.

    Returns the package's parts: inflated (within the limits), pictures and blobs as None.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return _parts(zf, limits)
    except zipfile.BadZipFile:
        raise UnsafeWorkbook(_not_a_workbook(data)) from None
    except (zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, ValueError) as exc:
        if isinstance(exc, UnsafeWorkbook):
            raise
        raise UnsafeWorkbook(
            msg(
                "the file is damaged ({error}); open it in Excel and save it again as an .xlsx "
                "workbook",
                error=type(exc).__name__,
            )
        ) from None


def _parts(zf: zipfile.ZipFile, limits: Limits) -> dict[str, bytes | None]:
    infos = zf.infolist()
    if len(infos) > limits.max_parts:
        raise UnsafeWorkbook(
            msg("the file has {n} parts, far more than a workbook; it is not read", n=len(infos))
        )
    budget = int(limits.max_xml_mb * 2**20)
    declared = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise UnsafeWorkbook(msg("the file is encrypted; save it without a password"))
        if not _is_media(info.filename):
            declared += info.file_size
        if (
            info.compress_size
            and info.file_size / info.compress_size > limits.max_ratio
            and info.file_size > 10_000_000
        ):
            raise UnsafeWorkbook(
                msg("the file inflates suspiciously (a zip bomb?); it is not read")
            )
    if declared > budget:
        raise UnsafeWorkbook(
            msg(
                "the file inflates to {mb} MB, far more than a workbook; it is not read",
                mb=declared // 2**20,
            )
        )
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names:
        raise UnsafeWorkbook(kind_of_zip(names))
    parts: dict[str, bytes | None] = {}
    for info in infos:
        if info.is_dir():
            continue
        if _is_media(info.filename):
            parts[info.filename] = None
        else:
            data = read_part(zf, info, budget)
            budget -= len(data)
            parts[info.filename] = data
    return parts


# Pictures and binary blobs are never parsed by kemixl's readers, so they are not inflated.
# Every other part is, whatever its name: a worksheet may be stored as "sheet1.dat".
_MEDIA = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf", ".wdp", ".bin")


def _is_media(name: str) -> bool:
    return name.lower().endswith(_MEDIA)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def shareable(path: Path, folder: bool = False) -> None:
    """The permissions a new file (or folder) would have had: mkstemp/mkdtemp make them private,
    but colleagues must read the report and the master folder."""
    os.chmod(path, (0o777 if folder else 0o666) & ~_umask())


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside target; on success rename it into place.

    Whatever goes wrong (an exception, Ctrl+C, a full disk, the folder removed meanwhile), the
    temporary file is gone afterwards and target is either the old file or the complete new
    one. Failures are the OSError that caused them. The folder must exist: one that vanished
    during a run (a share unmounted, say) is an error, not silently made again elsewhere.
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        shareable(tmp_path)  # mkstemp makes 0600; colleagues must read it
        yield tmp_path
        os.replace(tmp_path, target)
    finally:
        with contextlib.suppress(OSError):  # gone already, or its folder with it
            tmp_path.unlink()


@contextlib.contextmanager
def atomic_folder(target: Path) -> Iterator[Path]:
    """Yield a new, empty temporary folder beside target; on success it becomes target.

    target must not exist or be an empty folder (the caller checks, and says so). Whatever goes
    wrong, the temporary folder and everything written into it are gone afterwards and target is
    as it was: a folder of files is written all or nothing. OSError when it cannot be made.
    """
    parent = target.absolute().parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=parent))
    try:
        shareable(tmp, folder=True)  # mkdtemp makes 0700; colleagues must read the folder
        yield tmp
        if target.is_dir():
            target.rmdir()  # empty (checked by the caller); a file stands in its way otherwise
        os.replace(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)  # gone already when it became target


def write_file(path: Path, data: bytes) -> None:
    """Write data to path and flush it to the disk: a full disk shows here, not later."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[_write_some(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_some(fd: int, data: memoryview) -> int:
    """One os.write (a seam for tests that simulate a full disk)."""
    return os.write(fd, data)


def write_atomic(target: Path, data: bytes) -> None:
    """Replace target with data, atomically (see atomic_path)."""
    with atomic_path(target) as tmp:
        write_file(tmp, data)


# Why an output could not be written, by errno: one sentence each, naming the path.
_WRITE_ERRORS = {
    errno.ENOSPC: N_(
        "{path}: cannot be written: the disk is full (no space left on device); free some space or choose another place with --output"
    ),
    errno.EDQUOT: N_(
        "{path}: cannot be written: the disk quota is used up; free some space or choose another place with --output"
    ),
    errno.EROFS: N_(
        "{path}: cannot be written: the folder is on a read-only file system; choose another place with --output"
    ),
    errno.EACCES: N_(
        "{path}: cannot be written: permission denied; choose a folder you may write to with --output"
    ),
    errno.EPERM: N_(
        "{path}: cannot be written: permission denied; choose a folder you may write to with --output"
    ),
    errno.ENOENT: N_(
        "{path}: cannot be written: its folder no longer exists; create it or choose another place with --output"
    ),
    errno.ENOTDIR: N_(
        "{path}: cannot be written: a file stands where a folder of the path should be; choose another place with --output"
    ),
}
_WRITE_ERROR = N_("{path}: cannot be written: {cause}; choose another place with --output")


def write_error(path: Path, exc: OSError) -> Msg:
    """One line saying why path could not be written (in the language of whoever shows it)."""
    template = _WRITE_ERRORS.get(exc.errno or 0)
    if template is not None:
        return msg(template, path=str(path))
    return msg(_WRITE_ERROR, path=str(path), cause=exc.strerror or str(exc))
