"""Where the master files come from: a folder of CSV files and master.toml, or one workbook.

Both give the loader the same things: which master files are present, each file's table of
rows (csvfile.Table), the settings' data, and the name to put in front of a problem.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from .csvfile import Table, read_table
from .problems import Problems
from .settings import parse_toml, setting_line


class Source(Protocol):
    def present(self, names: Sequence[str]) -> set[str]:
        """Which of the master files exist (anything by that name, even if unreadable)."""
        ...

    def where(self, name: str) -> str:
        """How a problem names the file (or sheet)."""
        ...

    def table(self, name: str, required: Sequence[str]) -> Table:
        """The file's rows; files.FileProblem when it cannot be read at all."""
        ...

    def settings(self, name: str, problems: Problems) -> dict[str, Any] | None:
        """The settings' data; None (and a problem) when unreadable."""
        ...

    def setting_line(self, name: str, section: str, key: str) -> int:
        """The line (or sheet row) that sets `[section] key` (key "": the section); 0 if none."""
        ...


class FolderSource:
    """The master folder: CSV files and master.toml."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def present(self, names: Sequence[str]) -> set[str]:
        return {name for name in names if os.path.lexists(self.folder / name)}

    def where(self, name: str) -> str:
        return str(self.folder / name)

    def table(self, name: str, required: Sequence[str]) -> Table:
        return read_table(self.folder / name, required)

    def settings(self, name: str, problems: Problems) -> dict[str, Any] | None:
        return parse_toml(self.folder / name, problems)

    def setting_line(self, name: str, section: str, key: str) -> int:
        return setting_line(self.folder / name, section, key)
