"""Guards around opening untrusted workbooks and writing outputs."""

from __future__ import annotations

import contextlib
import os
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

from .model import DEFAULT_LIMITS, Limits

__all__ = ["DEFAULT_LIMITS", "Limits", "UnsafeWorkbook", "atomic_path", "check_zip"]


_XML_PARTS = (".xml", ".rels", ".vml")


class UnsafeWorkbook(ValueError):
    """A file that is not a workbook we are willing to parse; the message is a full sentence."""


_ADVICE = "open it in Excel and save it again as an .xlsx workbook"


def _not_a_workbook(path: Path) -> str:
    with path.open("rb") as f:
        head = f.read(1 << 20)
    if not head:
        return f"the file is empty; {_ADVICE}"
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2 compound file: an .xls, or an encrypted .xlsx
        if "EncryptedPackage".encode("utf-16-le") in head:
            return "the file is password-protected; remove the password (File > Info > Protect Workbook) and send it again"
        return f"the file is an old Excel 97-2003 (.xls) workbook; {_ADVICE}"
    if head.startswith(b"PK"):
        return f"the file is damaged (perhaps cut short while copying); {_ADVICE}"
    if head.lstrip()[:5].lower() in (b"<html", b"<!doc", b"<?xml"):
        return f"the file is a web page or XML file renamed .xlsx, not a workbook; {_ADVICE}"
    if head.startswith(b"%PDF"):
        return "the file is a PDF renamed .xlsx, not a workbook; send the workbook itself"
    return f"the file is not an .xlsx workbook; {_ADVICE}"


def read_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes:
    """A part's bytes, inflating at most budget bytes whatever its header declares."""
    with zf.open(info) as f:
        data = f.read(budget + 1)
    if len(data) > budget:
        raise UnsafeWorkbook(
            "the file inflates far beyond any workbook (a zip bomb?); it is not read"
        )
    return data


def check_zip(path: Path, limits: Limits = DEFAULT_LIMITS) -> dict[str, bytes]:
    """Refuse zip bombs and encrypted or non-xlsx files before any parser sees them.

    Returns the package's parts: XML parts inflated (within the limits), others as b"".
    """
    size = path.stat().st_size
    if size > limits.max_file_mb * 2**20:
        raise UnsafeWorkbook(
            f"the file is {size / 2**20:.0f} MB, more than the {limits.max_file_mb:.0f} MB kemixl reads; "
            "remove pictures and unused sheets and send it again"
        )
    try:
        with zipfile.ZipFile(path) as zf:
            return _parts(zf, limits)
    except zipfile.BadZipFile:
        raise UnsafeWorkbook(_not_a_workbook(path)) from None
    except (zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, ValueError) as exc:
        if isinstance(exc, UnsafeWorkbook):
            raise
        raise UnsafeWorkbook(f"the file is damaged ({type(exc).__name__}); {_ADVICE}") from None


def _parts(zf: zipfile.ZipFile, limits: Limits) -> dict[str, bytes]:
    infos = zf.infolist()
    if len(infos) > limits.max_parts:
        raise UnsafeWorkbook(
            f"the file has {len(infos)} parts, far more than a workbook; it is not read"
        )
    budget = int(limits.max_xml_mb * 2**20)
    declared = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise UnsafeWorkbook("the file is encrypted; save it without a password")
        if info.filename.lower().endswith(_XML_PARTS):
            declared += info.file_size
        if (
            info.compress_size
            and info.file_size / info.compress_size > limits.max_ratio
            and info.file_size > 10_000_000
        ):
            raise UnsafeWorkbook("the file inflates suspiciously (a zip bomb?); it is not read")
    if declared > budget:
        raise UnsafeWorkbook(
            f"the file inflates to {declared // 2**20} MB, far more than a workbook; it is not read"
        )
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names:
        raise UnsafeWorkbook(f"the file is a zip archive but not an .xlsx workbook; {_ADVICE}")
    parts: dict[str, bytes] = {}
    for info in infos:
        if info.is_dir():
            continue
        if info.filename.lower().endswith(_XML_PARTS):
            data = read_part(zf, info, budget)
            budget -= len(data)
            parts[info.filename] = data
        else:
            parts[info.filename] = b""
    return parts


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside target; on success rename it into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    os.chmod(tmp_path, 0o666 & ~_umask())  # mkstemp makes 0600; colleagues must read the report
    try:
        yield tmp_path
        os.replace(tmp_path, target)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()
