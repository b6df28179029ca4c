"""A git merge driver for kemixl's message catalogs: merges .po files entry by entry.

Line-based merging (even git's `union`) can glue one entry's translation to another's when two
branches add messages side by side. This driver reads the base, ours and theirs as catalogs and
merges each message on its own: added on either side, kept; removed on one side and unchanged
on the other, removed; changed on one side, that side's; changed on both alike, kept; changed
on both differently, ours is kept and the message is listed as a conflict (exit 1, so git says
the file is conflicted). Written sorted, as scripts/catalog.py writes it.

Set up once per clone (the .gitattributes line names the driver):

    git config merge.kemixl-po.name "kemixl message catalogs"
    git config merge.kemixl-po.driver ".venv/bin/python scripts/po_merge.py %O %A %B"
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from kemixl.i18n.maintain import po_bytes

Key = tuple[str, str | None]


def _read(path: str) -> Catalog:
    with open(path, "rb") as f:
        return read_po(f)


def _entries(catalog: Catalog) -> dict[Key, Message]:
    return {(str(m.id), m.context): m for m in catalog if m.id}


def merge(base: Catalog, ours: Catalog, theirs: Catalog) -> tuple[Catalog, list[Key]]:
    o, a, b = _entries(base), _entries(ours), _entries(theirs)
    conflicts: list[Key] = []
    for key in sorted(set(a) | set(b), key=str):
        if key not in a:  # theirs added it, or ours removed it
            if key not in o or o[key].string != b[key].string:
                ours[b[key].id] = b[key]
            continue
        if key not in b:  # ours added it, or theirs removed it
            if key in o and o[key].string == a[key].string:
                ours.delete(a[key].id, context=a[key].context)
            continue
        mine, yours = a[key].string, b[key].string
        base_string = o[key].string if key in o else None
        if mine == yours or yours == base_string:
            continue
        if mine == base_string:
            a[key].string = yours
        else:
            conflicts.append(key)
    return ours, conflicts


def main(argv: list[str]) -> int:
    base_path, ours_path, theirs_path = argv[1:4]
    merged, conflicts = merge(_read(base_path), _read(ours_path), _read(theirs_path))
    Path(ours_path).write_bytes(po_bytes(merged))
    for msgid, _context in conflicts:
        print(f"po_merge: both sides translated {msgid!r} differently; ours kept", file=sys.stderr)
    return 1 if conflicts else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
