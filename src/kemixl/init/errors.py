"""The problems of a budget export (or of the folder to write): every one names its place."""

from __future__ import annotations

from collections.abc import Sequence

from ..i18n.message import Msg

Problem = tuple[str, int, Msg]  # where (file, or file:sheet), line (0: the whole file), message


class ExportError(Exception):
    """An export that cannot be used; carries every problem found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(problems[0][2] if problems else "")
