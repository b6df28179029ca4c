"""The master folder as one workbook and back: the same data, the same fingerprint.

`folder_to_workbook(folder, path)` writes a sheet per master file (amounts as numbers, codes
and texts as text); `workbook_to_folder(path, folder)` writes the CSV files (UTF-8, comma) and
master.toml. Both validate the master first (MasterError), so only usable data is converted,
and both write atomically.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

from ..i18n.message import msg
from ..model import ALL_COLUMNS
from ..numbers import parse_number
from ..xlsx.safe import atomic_path
from .load import (
    CENTRAL_FILE,
    FIGURES_FILE,
    MASTER_FILES,
    REQUIRED_COLUMNS,
    SETTINGS_FILE,
    load_master,
)
from .problems import MasterError, MasterProblem, Problems
from .source import FolderSource, Source
from .workbook import SETTINGS_COLUMNS, WorkbookSource, sheet_name

_AMOUNT_FILES = {FIGURES_FILE, CENTRAL_FILE}
_AMOUNTS = {c.value for c in ALL_COLUMNS}
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
    """The master folder as one .xlsx workbook with a sheet per file."""
    import xlsxwriter

    load_master(folder)
    source = FolderSource(folder)
    present = source.present(MASTER_FILES)
    with atomic_path(path) as tmp:
        wb = xlsxwriter.Workbook(
            str(tmp),
            {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
        )
        bold = wb.add_format({"bold": True})
        ws = wb.add_worksheet(sheet_name(SETTINGS_FILE))
        for c, title in enumerate(SETTINGS_COLUMNS):
            ws.write_string(0, c, title, bold)
        ws.set_column(0, 1, 16)
        ws.set_column(2, 2, 50)
        r = 0
        for section, table in _settings(source).items():
            for key, value in (table if isinstance(table, dict) else {}).items():
                r += 1
                ws.write_string(r, 0, section)
                ws.write_string(r, 1, key)
                if isinstance(value, bool):
                    ws.write_boolean(r, 2, value)
                elif isinstance(value, int | float):
                    ws.write_number(r, 2, value)
                else:
                    ws.write_string(r, 2, str(value))
        for name in MASTER_FILES:
            if name == SETTINGS_FILE or name not in present:
                continue
            table = source.table(name, REQUIRED_COLUMNS[name])
            ws = wb.add_worksheet(sheet_name(name))
            for c, title in enumerate(table.columns):
                ws.write_string(0, c, title, bold)
                longest = max((len(row.values.get(title, "")) for row in table.rows), default=0)
                ws.set_column(c, c, min(60, max(10, len(title), longest) + 2))
            ws.freeze_panes(1, 0)
            for r, row in enumerate(table.rows, start=1):
                for c, title in enumerate(table.columns):
                    text = row.values.get(title, "")
                    amount = (
                        parse_number(text) if name in _AMOUNT_FILES and title in _AMOUNTS else None
                    )
                    if amount is not None:
                        ws.write_number(r, c, amount)
                    elif text:
                        ws.write_string(r, c, text)
        wb.close()


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(str(value), ensure_ascii=False)


def workbook_to_folder(path: Path, folder: Path) -> None:
    """The master workbook as the master folder: CSV UTF-8 files and master.toml."""
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
        writer.writerows([row.values.get(c, "") for c in table.columns] for row in table.rows)
        with atomic_path(folder / name) as tmp:
            tmp.write_text(buf.getvalue(), encoding="utf-8")
