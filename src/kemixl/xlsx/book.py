"""The workbook every kemixl output is made with: built in memory, written in one plain write,
and declaring its language.

- **One write.** XlsxWriter normally assembles a workbook's parts in temporary files and zips
  them straight into the target; a full disk in the middle raised its own `FileCreateError`
  (not an `OSError`) and left a half-written `ZipFile` whose clean-up printed
  "Exception ignored in: ZipFile.__del__". Here the parts and the zip stay in memory (the
  library's `in_memory` mode, zipped into a buffer), and `close()` writes the finished bytes
  with `safe.write_file`: any failure is a plain `OSError` naming its cause, nothing is left
  open, and no temporary file is made anywhere else (a full /tmp does not matter).
- **Language.** Accessibility checkers and screen readers take a document's language from
  `dc:language` in docProps/core.xml; XlsxWriter's `set_properties` has no such field. Its
  documented hook for a packager of one's own (`Workbook._get_packager`) writes it.

The output stays byte-deterministic: the library's in-memory mode stamps every part with the
fixed date 1980-01-01, and the properties are whatever the caller fixes.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.core import Core
from xlsxwriter.packager import Packager

from .safe import write_file

DEFAULT_LANGUAGE = "fi-FI"


class _LanguageCore(Core):  # type: ignore[misc]
    """docProps/core.xml with a dc:language element (the schema's properties are unordered)."""

    def __init__(self, language: str) -> None:
        super().__init__()
        self.language = language

    def _write_cp_content_status(self) -> None:
        super()._write_cp_content_status()
        if self.language:
            self._xml_data_element("dc:language", self.language)


class _Packager(Packager):  # type: ignore[misc]
    def __init__(self, language: str) -> None:
        super().__init__()
        self.language = language

    def _write_core_file(self) -> None:
        core = _LanguageCore(self.language)
        core._set_properties(self.workbook.doc_properties)
        core._set_xml_writer(self._filename("docProps/core.xml"))
        core._assemble_xml_file()


class Book(xlsxwriter.Workbook):  # type: ignore[misc]
    """An XlsxWriter workbook for `path`, built in memory, in `language` (a BCP 47 tag)."""

    def __init__(
        self, path: Path, options: dict[str, Any] | None = None, language: str = DEFAULT_LANGUAGE
    ) -> None:
        self.target = Path(path)
        self.language = language
        self.buffer = io.BytesIO()
        super().__init__(self.buffer, {**(options or {}), "in_memory": True})

    def _get_packager(self) -> Packager:
        return _Packager(self.language)

    def close(self) -> None:
        """Assemble the workbook and write it to its path; OSError if it cannot be written."""
        super().close()
        data, self.buffer = self.buffer.getvalue(), io.BytesIO()
        write_file(self.target, data)
