"""Actuals from the bookkeeping: a ledger export (CSV or .xlsx) read and summed per cost centre
and line, with accounts mapped to TOIMINTATUOTOT / TOIMINTAKULUT by the master's accounts.csv.

`load_ledger(path, master)` is the entry point; `LedgerError` carries one line for the user.
pandas is imported only when a ledger is read.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..i18n.message import msg
from ..master.ledger import ACCOUNTS_FILE
from ..model import Master
from ..xlsx.safe import display_name
from .records import Ledger, LedgerError, LedgerSource, Unplaced

__all__ = ["Ledger", "LedgerError", "LedgerSource", "Unplaced", "load_ledger"]


def _source(path: Path) -> LedgerSource:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                digest.update(chunk)
        st = path.stat()
    except OSError as exc:
        raise LedgerError(
            msg("{file}: cannot be read ({error})", file=str(path), error=exc.strerror or str(exc))
        ) from exc
    return LedgerSource(display_name(path), digest.hexdigest(), st.st_size, st.st_mtime, 0, 0)


def load_ledger(path: Path, master: Master) -> Ledger:
    """The ledger's actuals for the master's period and tree; LedgerError if unusable."""
    if not path.exists():
        raise LedgerError(msg("{file}: no such file", file=str(path)))
    if not master.accounts:
        raise LedgerError(
            msg(
                "{file}: the master folder has no {accounts}, so the ledger's accounts cannot be "
                "told apart; add {accounts} (see the README)",
                file=display_name(path),
                accounts=ACCOUNTS_FILE,
            )
        )
    from .aggregate import summarise  # pandas only when a ledger is read
    from .read import read_table

    source = _source(path)
    table = read_table(path, master.ledger)
    if table.frame.empty:  # every actual would be 0, as if nothing had been booked
        raise LedgerError(
            msg(
                "{file}: has no rows under its header: the actuals of {period} cannot be 0 "
                "throughout; export the ledger with its postings",
                file=source.name,
                period=master.period.label,
            )
        )
    return summarise(table, master, source)
