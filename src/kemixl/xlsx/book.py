"""The workbook every kemixl output is made with: written in one plain write, declaring its
language.

- **One write.** XlsxWriter assembles a workbook's parts in temporary files and zips them
  straight into the target; a full disk in the middle raised its own `FileCreateError` (not an
  `OSError`) and left a half-written `ZipFile` whose clean-up printed "Exception ignored in:
  ZipFile.__del__". Here its temporary files go to a private folder beside the target (on the
  target's disk, so a full disk is reported for the right place; removed whatever happens), the
  zip is built in memory (compressed, a few megabytes even for a large report), and `close()`
  writes the finished bytes with `safe.write_file`: any failure is a plain `OSError` naming
  its cause, and nothing is left open. (The library's `in_memory` mode would keep every part
  uncompressed in memory as well: a third more peak memory for a large organisation.)
- **Compression.** Parts are deflated at level 4 rather than zlib's default 6: for a report of
  20 000 cost centres (54 MB of XML) compressing took 0.76 s at 6 and takes 0.36 s at 4, for a
  file 7 % larger (8.9 MB rather than 8.3 MB). The parts themselves are the same bytes.
- **Ahead of the zip.** Sheets the caller has finished can be assembled and deflated by a
  child process while it builds the others (`assemble_ahead`, ahead.py), and sheets can be
  built by a child process too, which then assembles them (`build_apart`, apart.py); the big
  parts the parent assembles itself (sheets, shared strings) are deflated by a thread while
  it assembles the next. The zip stores a part deflated ahead as `ZipFile.write` stores it (`_Zip`): the
  same bytes as deflating it there (a test compares).
- **Shared strings** are written in one piece where the library would only escape them
  (strings.py).
- **Language.** Accessibility checkers and screen readers take a document's language from
  `dc:language` in docProps/core.xml; XlsxWriter's `set_properties` has no such field. Its
  documented hook for a packager of one's own (`Workbook._get_packager`) writes it.

The output stays byte-deterministic: the library stamps every part with a fixed date, and the
properties are whatever the caller fixes.
"""

from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any, Literal

import xlsxwriter
import xlsxwriter.workbook
from xlsxwriter.core import Core
from xlsxwriter.exceptions import FileCreateError
from xlsxwriter.packager import Packager

from . import apart
from .ahead import Child, deflate_file, read_deflated, start
from .apart import Builder
from .safe import write_file
from .strings import QuickSharedStrings

DEFAULT_LANGUAGE = "fi-FI"
COMPRESSION_LEVEL = 4


Deflated = Callable[[], tuple[int, int, bytes]]  # a part's CRC-32, XML length, deflated bytes


class _Zip(zipfile.ZipFile):
    """The library's ZipFile (as `Workbook._store_workbook` makes it) at our level, taking the
    parts deflated ahead (`ready`: their part files, each with its deflated bytes, once they
    are there) as they are."""

    def __init__(
        self,
        file: io.BytesIO,
        mode: Literal["w"],
        compression: int,
        allowZip64: bool,
        ready: Mapping[str, Deflated] | None = None,
    ) -> None:
        super().__init__(
            file,
            mode,
            compression=compression,
            allowZip64=allowZip64,
            compresslevel=COMPRESSION_LEVEL,
        )
        self.ready = {} if ready is None else ready  # (filled in as the parts are written)

    def write(self, filename: Any, arcname: Any = None, *args: Any, **kwargs: Any) -> None:
        if filename not in self.ready or args or kwargs:
            super().write(filename, arcname, *args, **kwargs)
            return
        # The entry ZipFile.write makes of the part's XML: its name, date and mode from the
        # part file (as the library stamped it), the sizes, CRC and bytes computed ahead.
        crc, size, data = self.ready[filename]()
        info: Any = zipfile.ZipInfo.from_file(filename, arcname)
        info.compress_type = self.compression
        info._compresslevel = self.compresslevel
        info.file_size = size
        entry: Any
        with self.open(info, "w") as entry:
            entry._compressor = _Deflated(data)  # (the handle's own bookkeeping, filled in)
            entry._crc, entry._file_size = crc, size


class _Deflated:
    """Stands for the compressor of a zip entry whose bytes are deflated already."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def compress(self, data: bytes) -> bytes:
        return b""

    def flush(self) -> bytes:
        return self.data


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

    def _write_worksheet_files(self) -> None:
        # The library's method, but a sheet a child process assembled ahead (ahead.py, apart.py)
        # is its part file as it stands: the child is waited for at the first of them, and
        # where it failed the sheets are assembled here, in their place, as they would have
        # been (built here first where the child had built them, apart.py).
        children: list[Child] = getattr(self.workbook, "children", [])  # (a Book's)
        owners = {sheet: child for child in children for sheet in child.parts}
        index = 1
        for worksheet in self.workbook.worksheets():
            if worksheet.is_chartsheet:
                continue
            name = f"xl/worksheets/sheet{index}.xml"
            index += 1
            child = owners.get(worksheet)
            if child is not None and child.wait():
                path = child.parts[worksheet]
                self.filenames.append((path, name, False))
                self.workbook.ready[path] = partial(read_deflated, path)
                continue
            if child is not None and child.rebuild is not None:
                rebuild, child.rebuild = child.rebuild, None
                rebuild()
            if worksheet.constant_memory:
                worksheet._opt_reopen()
                worksheet._write_single_row()
            path = self._filename(name)
            worksheet._set_xml_writer(path)
            worksheet._assemble_xml_file()
            self._deflate_ahead(path)

    def _deflate_ahead(self, path: str) -> None:
        """A finished part deflated by a thread of the book's (zlib lets go of the interpreter
        while it works) while the next parts are assembled."""
        deflating: ThreadPoolExecutor | None = getattr(self.workbook, "deflating", None)
        if deflating is not None:
            self.workbook.ready[path] = deflating.submit(
                deflate_file, path, COMPRESSION_LEVEL
            ).result

    def _write_shared_strings_file(self) -> None:
        # The library's method with the table written in one piece (strings.py).
        if not self.workbook.str_table.count:
            return
        sst = QuickSharedStrings()
        sst.string_table = self.workbook.str_table
        path = self._filename("xl/sharedStrings.xml")
        sst._set_xml_writer(path)
        sst._assemble_xml_file()
        self._deflate_ahead(path)

    def _write_core_file(self) -> None:
        core = _LanguageCore(self.language)
        core._set_properties(self.workbook.doc_properties)
        core._set_xml_writer(self._filename("docProps/core.xml"))
        core._assemble_xml_file()


class Book(xlsxwriter.Workbook):  # type: ignore[misc]
    """An XlsxWriter workbook for `path` (whose folder must exist), in `language` (a BCP 47
    tag)."""

    def __init__(
        self, path: Path, options: dict[str, Any] | None = None, language: str = DEFAULT_LANGUAGE
    ) -> None:
        self.target = Path(path)
        self.language = language
        self.buffer = io.BytesIO()
        self.children: list[Child] = []  # the processes assembling (or building) sheets
        self.ready: dict[str, Deflated] = {}  # the parts deflated ahead, by their part files
        self.deflating: ThreadPoolExecutor | None = None
        self.parts: Path | None = None  # the private folder of the parts, once made
        super().__init__(self.buffer, {**(options or {}), "in_memory": False})

    def assemble_ahead(self, sheets: Sequence[Any]) -> None:
        """Have the sheets' XML assembled (and deflated) by a child process while the caller
        builds the rest (ahead.py). They must be finished: nothing is written to them after
        this. Every format they use must be numbered already (`Format._get_xf_index`), or the
        child's work is not used. Nothing happens where a child does not pay or cannot be had;
        the workbook is the same either way."""
        taken = {sheet for child in self.children for sheet in child.parts}
        if self.fileclosed or any(sheet in taken for sheet in sheets):
            return
        try:
            folder = self._parts()
        except OSError:  # (closing meets the cause again, and reports it)
            return
        child = start(self, sheets, str(folder), COMPRESSION_LEVEL)
        if child is not None:
            self.children.append(child)

    def build_apart(self, sheets: Sequence[Any], build: Callable[[], Any]) -> Builder | None:
        """Have `build` (which builds the sheets and returns something to pickle) run in a
        child process while the caller builds others (apart.py), the sheets then assembled
        there too. The caller takes `result()` of what this returns once it needs it; where
        that is None, or where this is None (no child to be had), it builds the sheets itself.
        The workbook is the same either way."""
        if self.fileclosed:
            return None
        try:
            folder = self._parts()
        except OSError:  # (closing meets the cause again, and reports it)
            return None
        child = apart.start(self, sheets, build, str(folder), COMPRESSION_LEVEL)
        if child is not None:
            self.children.append(child)
        return child

    def release(self) -> None:
        """After a failure before `close`: the children stopped and reaped, the parts
        removed."""
        for child in self.children:
            child.stop()
            # (its rebuilding holds the sheets, and through them this book: a reference cycle
            # that kept a written report's million cells alive until a full collection)
            child.rebuild = None
        if self.parts is not None:
            shutil.rmtree(self.parts, ignore_errors=True)
            self.parts = None

    def _parts(self) -> Path:
        if self.parts is None:
            self.parts = Path(
                tempfile.mkdtemp(prefix=f".{self.target.name}.", dir=self.target.parent)
            )
            self.tmpdir = str(self.parts)
        return self.parts

    def _prepare_sst_string_data(self) -> None:
        # The library sorts the table's strings by their numbers; a string is numbered as it
        # is added (the next number: nothing is ever removed), so they are in order already.
        table = self.str_table
        strings = list(table.string_table)
        if strings and table.string_table[strings[-1]] != len(strings) - 1:
            super()._prepare_sst_string_data()  # (not the library's table as it is known)
            return
        table.string_array, table.string_table = strings, {}

    def _get_packager(self) -> Packager:
        return _Packager(self.language)

    def _store_workbook(self) -> None:
        # The library makes its ZipFile inside this method, with no say in the level: its
        # name is pointed at one of the chosen level for the while (a module of the library
        # that nothing else in kemixl uses at the same time; one thread writes a workbook).
        library = xlsxwriter.workbook.ZipFile
        ready = self.ready = {}

        def zip_file(
            file: io.BytesIO, mode: Literal["w"], compression: int, allowZip64: bool
        ) -> _Zip:
            return _Zip(file, mode, compression, allowZip64, ready)

        xlsxwriter.workbook.ZipFile = zip_file
        try:
            with ThreadPoolExecutor(1, "kemixl-deflate") as self.deflating:
                super()._store_workbook()
        finally:
            xlsxwriter.workbook.ZipFile = library
            self.deflating = None

    def close(self) -> None:
        """Assemble the workbook and write it to its path; OSError if it cannot be written."""
        failure: OSError | None = None
        try:
            self._parts()
            super().close()
        except FileCreateError as exc:  # the library's wrapper of an OSError
            if not (exc.args and isinstance(exc.args[0], OSError)):
                raise
            failure = exc.args[0]
        except OSError as exc:  # the parts' folder could not be made
            failure = exc
        finally:
            self.release()
            # Each sheet holds the workbook's add_format (a bound method): a reference cycle
            # that kept a closed report's million cells alive until a full garbage collection.
            # Cut, the sheets and their cells go as soon as the workbook does.
            for sheet in self.worksheets_objs:
                sheet.workbook_add_format = None
        if failure is not None:
            # Raised afresh, without the library's frames: they hold its half-written ZipFile,
            # which is then closed now (into the buffer, harmlessly) rather than at exit.
            raise failure.with_traceback(None)
        data, self.buffer = self.buffer.getvalue(), io.BytesIO()
        write_file(self.target, data)
