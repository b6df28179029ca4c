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
    """A file that is not a workbook we are willing to parse."""


def check_zip(path: Path) -> None:
    """Refuse zip bombs and encrypted or non-xlsx files before any parser sees them."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except zipfile.BadZipFile:
        raise UnsafeWorkbook(
            "not an .xlsx workbook (it may be password-protected or an old .xls saved with the wrong name)"
        ) from None
    if len(infos) > MAX_ENTRIES:
        raise UnsafeWorkbook(f"has {len(infos)} parts; refusing to read a suspicious file")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise UnsafeWorkbook("is encrypted; save it without a password")
        total += info.file_size
        if (
            info.compress_size
            and info.file_size / info.compress_size > MAX_RATIO
            and info.file_size > 10_000_000
        ):
            raise UnsafeWorkbook("inflates suspiciously (zip bomb?); refusing to read it")
    if total > MAX_UNCOMPRESSED:
        raise UnsafeWorkbook(f"inflates to {total // 2**20} MB; refusing to read it")
    if "[Content_Types].xml" not in {i.filename for i in infos}:
        raise UnsafeWorkbook("is a zip file but not an .xlsx workbook")


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside target; on success rename it into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.replace(tmp_path, target)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()
