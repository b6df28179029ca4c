"""The master folder as one workbook and back: the same data, the same fingerprint.

`folder_to_workbook(folder, path)` writes perustiedot.xlsx (book.py: a sheet per master file,
amounts as numbers, codes and texts as text, titles in the run's language);
`workbook_to_folder(path, folder)` writes the CSV files (UTF-8, comma) and master.toml. Both
validate the master first (MasterError), so only usable data is converted, and both write
atomically.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

from ..i18n import terms
from ..i18n.message import msg
from ..xlsx.safe import atomic_path
from .load import (
    MASTER_FILES,
    REQUIRED_COLUMNS,
    SETTINGS_FILE,
    load_master,
)
from .problems import MasterError, MasterProblem, Problems
from .source import FolderSource, Source
from .workbook import WorkbookSource

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _settings(source: Source) -> dict[str, Any]:
    problems = Problems()
    data = source.settings(SETTINGS_FILE, problems)
    if data is None:
        raise MasterError(
            problems or [MasterProblem(source.where(SETTINGS_FILE), 0, msg("unreadable"))]
        )
    return data


def folder_to_workbook(folder: Path, path: Path) -> None:
    """The master folder as one .xlsx workbook (perustiedot.xlsx, see book.py): instructions,
    settings and a sheet per file, in the run's language."""
    from .book import MasterSheet, write_master_workbook  # xlsxwriter: only when one is written

    master = load_master(folder)
    source = FolderSource(folder)
    present = source.present(MASTER_FILES)
    sheets = []
    for name in MASTER_FILES:
        if name == SETTINGS_FILE or name not in present:
            continue
        table = source.table(name, REQUIRED_COLUMNS[name])
        columns = tuple(c for c in table.columns if c)
        sheets.append(MasterSheet(name, columns, tuple(values for _, values in table.rows)))
    city = terms.city_name(master.settings)
    write_master_workbook(path, _settings(source), sheets, master.period, city)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(str(value), ensure_ascii=False)


def workbook_to_folder(path: Path, folder: Path) -> None:
    """The master workbook as the master folder: CSV UTF-8 files and master.toml. A master
    file the workbook has no sheet for is removed from the folder (else the folder's master
    would not be the workbook's); other files stay."""
    load_master(path)
    source = WorkbookSource(path)
    folder.mkdir(parents=True, exist_ok=True)
    lines: list[str] = []
    for section, table in _settings(source).items():
        lines.append(f"[{section if _BARE_KEY.match(section) else json.dumps(section)}]")
        for key, value in table.items():
            name = key if _BARE_KEY.match(key) else json.dumps(key, ensure_ascii=False)
            lines.append(f"{name} = {_toml_value(value)}")
        lines.append("")
    with atomic_path(folder / SETTINGS_FILE) as tmp:
        tmp.write_text("\n".join(lines), encoding="utf-8")
    for name in sorted(source.present(MASTER_FILES) - {SETTINGS_FILE}):
        table = source.table(name, REQUIRED_COLUMNS[name])
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(table.columns)
        writer.writerows([values.get(c, "") for c in table.columns] for _, values in table.rows)
        with atomic_path(folder / name) as tmp:
            tmp.write_text(buf.getvalue(), encoding="utf-8")
    for name in set(MASTER_FILES) - source.present(MASTER_FILES) - {SETTINGS_FILE}:
        (folder / name).unlink(missing_ok=True)
