"""scripts/po_merge.py: catalogs merged entry by entry, never glued line by line."""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from kemixl.i18n.maintain import po_bytes

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("po_merge", ROOT / "scripts" / "po_merge.py")
assert _spec is not None and _spec.loader is not None
po_merge = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(po_merge)


def _catalog(entries: dict[str, str]) -> Catalog:
    c = Catalog(locale="fi", domain="kemixl")
    for msgid, msgstr in entries.items():
        c.add(msgid, msgstr)
    return c


def _write(path: Path, entries: dict[str, str]) -> str:
    path.write_bytes(po_bytes(_catalog(entries)))
    return str(path)


def _strings(path: Path) -> dict[str, str]:
    with path.open("rb") as f:
        return {str(m.id): str(m.string) for m in read_po(f) if m.id}


def test_additions_side_by_side_stay_whole_and_changes_take_the_changed_side(
    tmp_path: Path,
) -> None:
    base = {"a": "A", "m": "M", "z": "Z", "gone": "G"}
    ours = {**base, "b1": "ours, two\nlines", "m": "M2"}
    del ours["gone"]
    theirs = {**base, "b2": "theirs, two\nlines", "z": "Z3"}
    args = [
        "po_merge",
        _write(tmp_path / "base.po", base),
        _write(tmp_path / "ours.po", ours),
        _write(tmp_path / "theirs.po", theirs),
    ]
    assert po_merge.main(args) == 0
    assert _strings(tmp_path / "ours.po") == {
        "a": "A",
        "b1": "ours, two\nlines",
        "b2": "theirs, two\nlines",
        "m": "M2",
        "z": "Z3",
    }


def test_both_sides_changing_one_translation_is_a_conflict_that_keeps_ours(
    tmp_path: Path, capsys: object
) -> None:
    args = [
        "po_merge",
        _write(tmp_path / "base.po", {"a": "A"}),
        _write(tmp_path / "ours.po", {"a": "ours"}),
        _write(tmp_path / "theirs.po", {"a": "theirs"}),
    ]
    assert po_merge.main(args) == 1
    assert _strings(tmp_path / "ours.po") == {"a": "ours"}


def test_the_merged_file_is_written_as_catalog_py_writes_it(tmp_path: Path) -> None:
    entries = {"b": "B", "a": "A"}
    base = _write(tmp_path / "base.po", entries)
    ours = _write(tmp_path / "ours.po", entries)
    theirs = _write(tmp_path / "theirs.po", {**entries, "c": "C"})
    po_merge.main(["po_merge", base, ours, theirs])
    written = (tmp_path / "ours.po").read_bytes()
    assert written == po_bytes(read_po(io.BytesIO(written)))
