"""The shared string table (xl/sharedStrings.xml) written in one piece.

A report of 20 000 cost centres has some 150 000 distinct strings (most on the data sheet).
XlsxWriter writes each through two regular expressions (control characters), a whitespace check
and an escaping call. Strings with none of those cases, the report's, need only their &, < and >
escaped, which is done on all of them joined: the very bytes the library writes. A string with a
control character, `_xHHHH_` text, leading or trailing whitespace or rich-text markup is written
by the library's own `_write_si`, in its place (a test compares the two).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate

from xlsxwriter.sharedstrings import SharedStrings

from .rows import escaped

_SEPARATOR = "\uffff"  # a noncharacter; a table holding it goes to the library
_BETWEEN = "</t></si><si><t>"
# a control character or U+FFFE (escaped by the library as _xHHHH_, raw it is no XML), _xHHHH_
# text or rich-text markup in a string; whitespace after a string's
# start (after a separator) or before its end (before one)
# (lookaheads: a string ending and the next beginning with whitespace are both found)
_SPECIAL = re.compile(
    r"[\x00-\x08\x0b-\x1f\ufffe]|_x[0-9a-fA-F]{4}_|<r>|(\uffff)(?=\s)|\s(?=\uffff)"
)


class QuickSharedStrings(SharedStrings):  # type: ignore[misc]
    def _write_sst_strings(self) -> None:
        strings: list[str] = self.string_table.string_array
        joined = _SEPARATOR.join(strings)
        if not strings or joined.count(_SEPARATOR) != len(strings) - 1:
            super()._write_sst_strings()
            return
        starts = [0, *accumulate(len(s) + 1 for s in strings[:-1])]  # each string's offset
        special = {0} if strings[0][:1].isspace() else set()
        if strings[-1][-1:].isspace():
            special.add(len(strings) - 1)
        for match in _SPECIAL.finditer(joined):
            index = bisect_right(starts, match.start()) - 1
            special.add(index + 1 if match.group(1) else index)
        write = self.fh.write
        first = 0  # the first string not yet written
        for index in sorted(special):
            if index > first:
                write(f"<si><t>{_plain(joined[starts[first] : starts[index] - 1])}</t></si>")
            self._write_si(strings[index])
            first = index + 1
        if first < len(strings):
            write(f"<si><t>{_plain(joined[starts[first] :])}</t></si>")


def _plain(strings: str) -> str:
    """Strings joined by the separator, escaped and each in its <si><t> element."""
    return escaped(strings).replace(_SEPARATOR, _BETWEEN)
