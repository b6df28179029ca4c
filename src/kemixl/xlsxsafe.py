"""Guards around opening untrusted workbooks and writing outputs."""

from __future__ import annotations

import contextlib
import os
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

# A department workbook is a few hundred kB; these limits leave room for very large ones.
MAX_UNCOMPRESSED = 512 * 1024 * 1024
MAX_RATIO = 200
MAX_ENTRIES = 10_000


class UnsafeWorkbook(ValueError):
    """A file that is not a workbook we are willing to parse; the message is a full sentence."""


_ADVICE = "open it in Excel and save it again as an .xlsx workbook"


def _not_a_workbook(path: Path) -> str:
    with path.open("rb") as f:
        head = f.read(8)
    if not head:
        return f"the file is empty; {_ADVICE}"
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2: an old .xls, or an encrypted workbook
        return f"the file is password-protected or an old .xls workbook; remove the password or {_ADVICE}"
    if head.startswith(b"PK"):
        return f"the file is damaged (perhaps cut short while copying); {_ADVICE}"
    return f"the file is not an .xlsx workbook; {_ADVICE}"


def check_zip(path: Path) -> None:
    """Refuse zip bombs and encrypted or non-xlsx files before any parser sees them."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except zipfile.BadZipFile:
        raise UnsafeWorkbook(_not_a_workbook(path)) from None
    if len(infos) > MAX_ENTRIES:
        raise UnsafeWorkbook(
            f"the file has {len(infos)} parts, far more than a workbook; it is not read"
        )
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise UnsafeWorkbook("the file is encrypted; save it without a password")
        total += info.file_size
        if (
            info.compress_size
            and info.file_size / info.compress_size > MAX_RATIO
            and info.file_size > 10_000_000
        ):
            raise UnsafeWorkbook("the file inflates suspiciously (a zip bomb?); it is not read")
    if total > MAX_UNCOMPRESSED:
        raise UnsafeWorkbook(
            f"the file inflates to {total // 2**20} MB, far more than a workbook; it is not read"
        )
    if "[Content_Types].xml" not in {i.filename for i in infos}:
        raise UnsafeWorkbook(f"the file is a zip archive but not an .xlsx workbook; {_ADVICE}")


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
