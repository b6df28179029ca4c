"""Finding the master folder of another period beside the one given: after a rollover the
finance office has `templates/` and `templates-2023-08/` side by side, and a run given the old
one by habit can name the right one."""

from __future__ import annotations

from pathlib import Path

from ..master import SETTINGS_FILE
from ..master.problems import Problems
from ..master.settings import parse_toml, settings_from_data
from ..model import Period


def period_of(folder: Path) -> Period | None:
    """The period a master folder's master.toml names; None if it has none or is unreadable."""
    problems = Problems()
    data = parse_toml(folder / SETTINGS_FILE, problems)
    loaded = settings_from_data(data, "", problems) if data is not None else None
    return loaded.period if loaded is not None and not problems else None


def master_beside(master_dir: Path, period: Period) -> Path | None:
    """A folder next to master_dir (the same parent) holding a master.toml for `period`, the
    first by name; None if there is none."""
    parent = master_dir.resolve().parent if master_dir.exists() else master_dir.parent
    try:
        folders = sorted(p for p in parent.iterdir() if p.is_dir())
    except OSError:
        return None
    for folder in folders:
        if folder.resolve() == master_dir.resolve() or not (folder / SETTINGS_FILE).is_file():
            continue
        if period_of(folder) == period:
            return master_dir.parent / folder.name
    return None
