"""A bookkeeping export whose sums per cost centre and line are a period's actuals."""

from __future__ import annotations

import csv
import random
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..model import Column, Line, Master

LEDGER_HEADER = (
    "Kustannuspaikka",
    "Tili",
    "Tilin nimi",
    "Kuukausi",
    "Tosite",
    "Selite",
    "Summa",
    "Projekti",
)


# Accounts of a municipal chart (six digits; classes as in templates/accounts.csv).
LEDGER_ACCOUNTS: dict[Line, tuple[tuple[str, str], ...]] = {
    Line.INCOME: (
        ("300000", "Myyntituotot"),
        ("314000", "Muut myyntituotot"),
        ("320000", "Yleishallinnon maksut"),
        ("329400", "Muut palvelumaksut"),
        ("330000", "Työllistämistuki"),
        ("333000", "Muut tuet ja avustukset"),
        ("342000", "Muiden rakennusten vuokrat"),
        ("353000", "Muut tuotot"),
        ("900500", "Sisäiset myyntituotot"),
    ),
    Line.COSTS: (
        ("400000", "Palkat ja palkkiot"),
        ("410000", "Eläkemaksut"),
        ("418000", "Muut henkilösivukulut"),
        ("434000", "Asiantuntijapalvelut"),
        ("439000", "Rakennusten ja alueiden kunnossapito"),
        ("442000", "Matkustus- ja kuljetuspalvelut"),
        ("447000", "Muut palvelut"),
        ("450000", "Toimistotarvikkeet"),
        ("457200", "Sähkö"),
        ("474000", "Avustukset yhteisöille"),
        ("482000", "Rakennusten ja huoneistojen vuokrat"),
        ("495000", "Muut kulut"),
        ("980200", "Sisäiset vuokrat"),
    ),
}


CENTRAL_ACCOUNTS = {  # central.csv's items: accounts of classes 5-8, which the report ignores
    "Verotulot": ("500000", "Kunnan tulovero"),
    "Valtionosuudet": ("530000", "Kunnan peruspalvelujen valtionosuus"),
    "Rahoitustuotot ja -kulut": ("550000", "Korkotuotot"),
    "Poistot ja arvonalentumiset": ("600000", "Suunnitelman mukaiset poistot"),
}


BALANCE_ACCOUNT = ("260000", "Ostovelat")
# Investment projects' accounts (fixed assets; classes as in templates/accounts.csv).
INVESTMENT_ACCOUNTS: dict[Line, tuple[tuple[str, str], ...]] = {
    Line.COSTS: (
        ("111000", "Rakennukset, hankintameno"),
        ("112000", "Kiinteät rakenteet ja laitteet, hankintameno"),
        ("114000", "Koneet ja kalusto, hankintameno"),
    ),
    Line.INCOME: (("119000", "Rahoitusosuudet investointimenoihin"),),
}


LEDGER_TEXTS = (
    "Ostolasku",
    "Myyntilasku",
    "Palkka-ajo",
    "Jaksotus",
    "Sisäinen veloitus",
    "Muistiotosite",
)


def _cents(rng: random.Random, total: int, parts: int) -> list[int]:
    """total cents split into parts that sum to it exactly."""
    weights = [rng.uniform(0.2, 1.0) for _ in range(parts)]
    scale = sum(weights)
    out = [int(total * w / scale) for w in weights[:-1]]
    return [*out, total - sum(out)]


def _amount_text(cents: int) -> str:
    """-1234,56: the decimal comma of a Finnish export."""
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100},{abs(cents) % 100:02d}"


def ledger_rows(
    master: Master,
    actuals: Mapping[tuple[str, Line], float],
    seed: int,
    extra_month: bool = True,
    projects: Mapping[tuple[str, Line], float] | None = None,
) -> list[tuple[str, ...]]:
    """A bookkeeping export's rows whose sums per cost centre and line are `actuals` (euros, the
    report's signs) over the period's months: several accounts and vouchers per line, a few
    reversed postings, central items and balance-sheet postings (accounts the report ignores)
    and, with extra_month, postings of the month after the period (filtered out by month).
    With `projects`, postings on investment accounts whose sums per project (its column) and
    flow are those, on its department's first result area, and an annual depreciation-like
    posting without a project (left out)."""
    p = master.period
    months = range(p.first_month, p.last_month + 1)
    rows: list[tuple[str, ...]] = []
    voucher = 1000
    sign = -1 if master.ledger.signs == "debit-credit" else 1

    def post(
        code: str, account: tuple[str, str], month: int, cents: int, text: str, project: str = ""
    ) -> None:
        nonlocal voucher
        voucher += 1
        rows.append(
            (
                code,
                account[0],
                account[1],
                f"{p.year}-{month:02d}",
                str(voucher),
                text,
                _amount_text(sign * cents),
                project,
            )
        )

    leaves = [c.code for c in master.centres if not master.children(c.code)]
    for (code, line), euros in sorted(actuals.items(), key=lambda kv: (kv[0][0], kv[0][1].value)):
        total = round(euros * 100)
        if total == 0:
            continue
        rng = random.Random(f"kemixl-ledger/{seed}/{code}/{line.value}")
        accounts = rng.sample(LEDGER_ACCOUNTS[line], k=min(len(LEDGER_ACCOUNTS[line]), 6))
        cells = [(m, a) for m in months for a in accounts for _ in range(rng.randint(2, 4))]
        for (month, account), cents in zip(cells, _cents(rng, total, len(cells)), strict=True):
            post(code, account, month, cents, rng.choice(LEDGER_TEXTS))
            if rng.random() < 0.04:  # a posting reversed and booked again
                post(code, account, month, -cents, "Oikaisu")
                post(code, account, month, cents, "Oikaistu kirjaus")
        if extra_month and p.last_month < 12 and rng.random() < 0.3:
            post(code, accounts[0], p.last_month + 1, total // 5, "Seuraavan kuukauden kirjaus")
    rng = random.Random(f"kemixl-ledger/{seed}/central")
    finance = leaves[0] if leaves else master.root.code
    for item in master.central:
        if item.name not in CENTRAL_ACCOUNTS or not item.amounts[Column.ACTUAL]:
            continue
        account = CENTRAL_ACCOUNTS[item.name]
        total = round(item.amounts[Column.ACTUAL] * 100)
        for month, cents in zip(months, _cents(rng, total, len(months)), strict=True):
            post(finance, account, month, cents, item.name)
    for month in months:
        for _entry in range(3):
            cents = rng.randint(10_000, 5_000_000)
            code = rng.choice(leaves)
            post(code, BALANCE_ACCOUNT, month, cents, "Ostolasku")
            post(code, BALANCE_ACCOUNT, month, -cents, "Maksu")
    for (pid, flow), euros in sorted((projects or {}).items(), key=lambda kv: kv[0][0]):
        total = round(euros * 100)
        project = master.investments.project(pid)
        if total == 0 or project is None:
            continue
        rng = random.Random(f"kemixl-ledger/{seed}/{pid}/{flow.value}")
        code = (master.leaves(project.department) or (master.root,))[0].code
        choices = INVESTMENT_ACCOUNTS[flow]
        spread = [(m, rng.choice(choices)) for m in months if rng.random() < 0.7] or [
            (months[-1], choices[0])
        ]
        for (month, account), cents in zip(spread, _cents(rng, total, len(spread)), strict=True):
            post(code, account, month, cents, "Investointilasku", pid)
    if projects:  # a transfer on an investment account without a project: left out
        post(leaves[0], INVESTMENT_ACCOUNTS[Line.COSTS][0], months[-1], 12_345_00, "Siirto")
    return rows


def write_ledger(
    path: Path,
    rows: Sequence[Sequence[str]],
    encoding: str = "cp1252",
    delimiter: str = ";",
) -> None:
    """A ledger export as finance gets it from the bookkeeping: semicolons, decimal commas,
    Windows line endings and, by default, Windows-1252 text."""
    with path.open("w", newline="", encoding=encoding) as f:
        out = csv.writer(f, delimiter=delimiter, lineterminator="\r\n")
        out.writerow(LEDGER_HEADER)
        out.writerows(rows)
