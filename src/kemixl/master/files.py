"""Opening and decoding finance's text files (CSV and TOML) without surprises.

A master-folder entry is read only if it is a regular file: a folder, a pipe (which would
block) or an unreadable file is named as such. Text is UTF-8 (with or without a byte-order
mark) or else Windows-1252, what Excel on Windows saves as "CSV (semicolon)"; anything else
is one clear problem naming the line where it shows.
"""

from __future__ import annotations

import codecs
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ..findings import MessageError
from ..i18n.catalog import N_
from ..i18n.message import Msg, msg

UTF8, UTF8_BOM, CP1252 = "utf-8", "utf-8-sig", "cp1252"
ENCODING_LABELS = {UTF8: "UTF-8", UTF8_BOM: "UTF-8 with BOM", CP1252: "Windows-1252"}


class FileProblem(MessageError):
    """A file that cannot be used at all: one message, at a line (0 for the whole file)."""

    message: Msg

    def __init__(self, line: int, message: Msg) -> None:
        self.line = line
        super().__init__(message)


def read_bytes(path: Path, limit: int | None = None) -> bytes:
    """The file's bytes (at most `limit` from its beginning); FileProblem for anything else."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise FileProblem(0, msg("is a symbolic link to nothing")) from None
        raise FileProblem(0, msg("not found")) from None
    except OSError as exc:
        raise FileProblem(
            0, msg("cannot be read ({error})", error=exc.strerror or str(exc))
        ) from None
    if stat.S_ISDIR(info.st_mode):
        raise FileProblem(0, msg("is a folder, not a file"))
    if not stat.S_ISREG(info.st_mode):
        raise FileProblem(0, msg("is not a regular file (a pipe, socket or device); give a file"))
    try:
        with open(path, "rb") as f:
            return f.read() if limit is None else f.read(limit)
    except PermissionError:
        raise FileProblem(0, msg("cannot be read: permission denied")) from None
    except OSError as exc:
        raise FileProblem(
            0, msg("cannot be read ({error})", error=exc.strerror or str(exc))
        ) from None


def _line_at(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # UTF8, UTF8_BOM or CP1252
    known: bool  # False: plain ASCII so far, which both encodings read alike


_UTF16 = N_("is UTF-16 text (Excel's 'Unicode Text'); save it as CSV UTF-8")
_NOT_TEXT = (
    (codecs.BOM_UTF16_LE, _UTF16),
    (codecs.BOM_UTF16_BE, _UTF16),
    (b"PK\x03\x04", N_("is a zip file (an Excel workbook?), not text; save it as CSV UTF-8")),
    (b"\xd0\xcf\x11\xe0", N_("is an old Office file (.xls?), not text; save it as CSV UTF-8")),
)


def decode(data: bytes, complete: bool = True) -> Decoded:
    """UTF-8 (BOM or not), else Windows-1252; FileProblem naming the line otherwise.

    complete=False: `data` is the beginning of a longer file, so a character cut in two at its
    end is not an error.
    """
    for magic, message in _NOT_TEXT:
        if data.startswith(magic):
            raise FileProblem(0, msg(message))
    if b"\x00" in data:
        raise FileProblem(
            _line_at(data, data.index(b"\x00")), msg("contains NUL bytes: not a text file")
        )
    bom = data.startswith(codecs.BOM_UTF8)
    body = data[len(codecs.BOM_UTF8) :] if bom else data
    try:
        text = codecs.getincrementaldecoder("utf-8")().decode(body, final=complete)
        return Decoded(text, UTF8_BOM if bom else UTF8, bom or not body.isascii())
    except UnicodeDecodeError as exc:
        if bom or not body[: exc.start].isascii():
            raise FileProblem(
                _line_at(body, exc.start),
                msg(
                    "is not valid UTF-8 here although the text before it is: part of the file was saved in another encoding; save the whole file again as UTF-8 (in Excel: CSV UTF-8)"
                ),
            ) from None
    try:
        return Decoded(data.decode(CP1252), CP1252, True)
    except UnicodeDecodeError as exc:
        byte = data[exc.start]
        raise FileProblem(
            _line_at(data, exc.start),
            msg(
                "is neither UTF-8 nor Windows-1252 text (byte 0x{byte:02X}); save it as UTF-8 (in Excel: CSV UTF-8)",
                byte=byte,
            ),
        ) from None
