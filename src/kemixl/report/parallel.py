"""The department sheets built on both cores.

A report of 20 000 cost centres spends some two seconds building its department sheets, one
after another, while the machine's other core waits. Here the later departments (about half of
the cost centres' blocks) are built by a forked child process while this one builds the
earlier ones (xlsx/apart.py), and the child then assembles their XML as well. What the other
sheets need of them, the layout of their blocks (`Layout.blocks`, `refs`), comes
back pickled and is added after this process's own, in the order a serial build gives.

A sheet's building reads nothing another department sheet's building wrote, and writes nothing
outside its sheet and the layout (texts are inline strings, formats numbered beforehand), so the
workbook is the same bytes built either way (a test compares). Where the child cannot be had or
fails, the departments it had are built here after the others, as they would have been.
A small report (fewer than `FORK_FROM_BLOCKS` blocks) is built here, all of it.
"""

from __future__ import annotations

from collections.abc import Callable, ItemsView, Iterator, KeysView, Mapping, ValuesView
from typing import Any

from ..formulas import Ref
from ..model import Column, Line, Master
from .finance import BlockRefs, Layout
from .sheet import Sheet

FORK_FROM_BLOCKS = 2_000  # below that a fork (some 20 ms of a large process) does not pay
SHARE = 0.48  # the child's part of the blocks: it also assembles its sheets' XML, later

# A block's refs as sent: per line, per column the Ref's sheet, row, column, value, blank.
Packed = tuple[tuple[Line, tuple[tuple[Column, str, int, int, float, bool], ...]], ...]
# A part's layout as sent: its blocks and their refs (packed), in order.
Entries = tuple[dict[str, tuple[str, int]], dict[str, Packed]]
Build = Callable[[str, Sheet, Layout], None]  # one department's sheet, its blocks in the layout


def blocks(master: Master, code: str) -> int:
    """The blocks a department's sheet holds: one per cost centre under it, and its own."""
    return 1 + sum(blocks(master, kid.code) for kid in master.children(code))


def split(weights: list[int], share: float) -> int:
    """Where the sheets divide: the first that are this process's, weighing about
    1 - `share` of the whole (at least one each side where there are two)."""
    whole = sum(weights)
    mine, k = 0.0, 0
    while k < len(weights) - 1 and mine + weights[k] / 2 <= whole * (1 - share):
        mine += weights[k]
        k += 1
    return max(k, 1) if len(weights) > 1 else len(weights)


def build_departments(
    workbook: Any,
    sheets: Mapping[str, Sheet],
    build: Build,
    master: Master,
    layout: Layout,
    meanwhile: Callable[[], object] = lambda: None,
) -> None:
    """Build every department's sheet (`build`), their blocks in `layout` in the sheets' order,
    about `SHARE` of them in a child process where it pays; then have the sheets this process
    built assembled ahead (`Book.assemble_ahead`). `meanwhile` runs once this process has
    built its part, before it waits for the child's (it may start other work apart)."""
    codes = list(sheets)
    weights = [blocks(master, code) for code in codes]
    cut = split(weights, SHARE) if sum(weights) >= FORK_FROM_BLOCKS else len(codes)
    theirs = codes[cut:]

    def build_theirs() -> Entries:
        part = Layout()
        for code in theirs:
            build(code, sheets[code], part)
        return part.blocks, {code: pack(refs) for code, refs in part.refs.items()}

    child = (
        workbook.build_apart([sheets[code].ws for code in theirs], build_theirs) if theirs else None
    )
    mine = codes if child is None else codes[:cut]
    for code in mine:
        build(code, sheets[code], layout)
    # Finished: their XML is assembled by another process while the other sheets are built.
    workbook.assemble_ahead([sheets[code].ws for code in mine])
    meanwhile()
    if child is None:
        return
    entries: Entries | None = child.result()
    if entries is None:  # the child failed: its departments built here, in their place
        for code in theirs:
            build(code, sheets[code], layout)
        return
    found, packed = entries
    layout.blocks.update(found)
    layout.refs = PackedRefs(layout.refs, packed)


def pack(refs: BlockRefs) -> Packed:
    """A block's refs in plain tuples: pickled and unpickled in a third of the time."""
    return tuple(
        (line, tuple((col, r.sheet, r.row, r.col, r.cached, r.blank) for col, r in cells.items()))
        for line, cells in refs.items()
    )


def unpack(packed: Packed) -> BlockRefs:
    """A block's refs again."""
    return {
        line: {
            col: Ref(sheet, row, c, cached, blank) for col, sheet, row, c, cached, blank in cells
        }
        for line, cells in packed
    }


class PackedRefs(dict[str, BlockRefs]):
    """`Layout.refs` with the blocks of the sheets built apart kept packed until asked for:
    the other sheets ask for a few hundred (the departments', the binding units', the
    findings' cells) of tens of thousands, and making them all would take a quarter of a
    second. Asked for one by one (`[]`, `get`, `in`) a block is unpacked alone; anything
    that goes through them all unpacks them all first, in a serial build's order."""

    def __init__(self, refs: dict[str, BlockRefs], packed: dict[str, Packed]) -> None:
        super().__init__(refs)
        self.packed = packed
        self.order = [*refs, *packed]  # a serial build's order of the codes

    def __missing__(self, code: str) -> BlockRefs:
        refs = unpack(self.packed.pop(code))  # (KeyError: not a block at all)
        super().__setitem__(code, refs)
        return refs

    def __contains__(self, code: object) -> bool:
        return super().__contains__(code) or code in self.packed

    def get(self, code: str, default: Any = None) -> Any:
        try:
            return self[code]
        except KeyError:
            return default

    def complete(self) -> None:
        """Every block unpacked, the codes in a serial build's order (then any added)."""
        if not self.packed and list(super().keys())[: len(self.order)] == self.order:
            return
        whole = dict(super().items())
        whole.update((code, unpack(packed)) for code, packed in self.packed.items())
        self.packed = {}
        ordered = {code: whole.pop(code) for code in self.order if code in whole}
        ordered.update(whole)
        super().clear()
        super().update(ordered)
        self.order = list(ordered)

    def __iter__(self) -> Iterator[str]:
        self.complete()
        return super().__iter__()

    def __len__(self) -> int:
        return super().__len__() + len(self.packed)

    def __eq__(self, other: object) -> bool:
        self.complete()
        return super().__eq__(other)

    def __repr__(self) -> str:
        self.complete()
        return super().__repr__()

    def __delitem__(self, code: str) -> None:
        if self.packed.pop(code, None) is None:
            super().__delitem__(code)

    def keys(self) -> KeysView[str]:  # type: ignore[override]
        self.complete()
        return super().keys()

    def values(self) -> ValuesView[BlockRefs]:  # type: ignore[override]
        self.complete()
        return super().values()

    def items(self) -> ItemsView[str, BlockRefs]:  # type: ignore[override]
        self.complete()
        return super().items()

    def copy(self) -> dict[str, BlockRefs]:
        self.complete()
        return dict(super().items())

    def pop(self, code: str, *default: Any) -> Any:
        if code in self.packed:
            return unpack(self.packed.pop(code))
        return super().pop(code, *default)

    def setdefault(self, code: str, default: Any = None) -> Any:
        return self[code] if code in self else super().setdefault(code, default)
