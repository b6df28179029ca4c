"""The first sheet (Sisällys): readiness, what is where, and what the colours and words mean."""

from __future__ import annotations

from xlsxwriter.utility import quote_sheetname

from ..findings import Severity, counts
from ..reconcile import Consolidation
from ..templates.layout import ALL_STATUSES
from .page import Keep
from .sheet import Sheet
from .status import NEUTRAL, OVERRUN, PACE, StatusRules

CONTENTS_HEADER = 5
CONTENTS_TABLE = "Sisällysluettelo"
STATUS_MEANINGS = {
    "Toteutunut": "tavoite on saavutettu",
    "Etenee": "työ etenee suunnitellusti",
    "Viivästynyt": "työ on myöhässä suunnitellusta",
    "Ei käynnistynyt": "työtä ei ole vielä aloitettu",
    "Jatkuva": "jatkuvaa toimintaa",
    "Ei raportoitu": "toimiala ei ole ilmoittanut tilaa",
}


SEVERITY_WORDS = {  # (after 1, after any other number): Finnish takes the partitive
    Severity.ERROR: ("virhe", "virhettä"),
    Severity.WARNING: ("varoitus", "varoitusta"),
    Severity.NOTE: ("huomio", "huomiota"),
}


def count_text(n: int, severity: Severity) -> str:
    """'1 virhe', '2 virhettä', '0 varoitusta': the noun agrees with the number."""
    singular, partitive = SEVERITY_WORDS[severity]
    return f"{n} {singular if n == 1 else partitive}"


def readiness(c: Consolidation) -> tuple[str, str]:
    """(text, format) of the banner: not ready while errors remain."""
    n = counts(c.findings)
    errors, warnings = n[Severity.ERROR], n[Severity.WARNING]
    if errors:
        return (
            f"EI VALMIS VALTUUSTOLLE: {count_text(errors, Severity.ERROR)} korjaamatta. "
            "Virheet ja niiden paikat: taulukko Havainnot.",
            "banner",
        )
    extra = f" ({count_text(warnings, Severity.WARNING)}, ks. Havainnot)" if warnings else ""
    return f"Täsmäytetty: ei virheitä{extra}.", "ok_banner"


def write_banner(sheet: Sheet, c: Consolidation, row: int, last_col: int) -> list[int]:
    """The readiness banner across columns A..last_col (no merged cells: the text runs over
    the coloured empty cells beside it, in as many rows as it needs). Returns its rows."""
    text, fmt = readiness(c)
    rows = sheet.lines(row, 0, last_col, text, fmt, bold=True, points=12, fill=True)
    for r in rows:
        sheet.set_row(r, 22)
    return rows


def write_contents_sheet(
    sheet: Sheet, c: Consolidation, entries: list[tuple[str, str]]
) -> tuple[int, list[Keep]]:
    """entries: (sheet name, one-line description) in workbook order. Returns the last row
    written and the rows that print together (see page.Keep): the titles with the table's
    first rows, the legend whole, the closing notes together."""
    master = c.master
    ws = sheet.ws
    sheet.columns({0: 30, 1: 110})
    sheet.text(0, 0, master.settings.title, "title")
    sheet.text(1, 0, f"{master.settings.city} · {master.period.label}", "subtitle")
    write_banner(sheet, c, 3, 1)
    row = CONTENTS_HEADER
    ws.freeze_panes(row + 1, 0)
    for name, description in entries:
        row += 1
        ws.write_url(row, 0, f"internal:{quote_sheetname(name)}!A1", sheet.fmt["link"], name)
        sheet.text(row, 1, description)
    ws.add_table(  # a table: its header row is known as one to screen readers
        CONTENTS_HEADER,
        0,
        max(row, CONTENTS_HEADER + 1),
        1,
        {
            "name": CONTENTS_TABLE,
            "style": None,
            "autofilter": False,
            "columns": [
                {"header": title, "header_format": sheet.fmt["header_left"]}
                for title in ("Taulukko", "Sisältö")
            ],
        },
    )
    keeps = [Keep(0, min(CONTENTS_HEADER + 2, row)), Keep(max(CONTENTS_HEADER + 1, row - 1), row)]
    row += 2
    legend = row
    sheet.text(row, 0, "Merkinnät", "heading")
    rules = StatusRules.of(master)
    share = round(rules.elapsed_share * 100)
    limit = round(rules.pace_threshold * 100)
    marks = [
        (
            OVERRUN,
            "swatch_overrun",
            "ylitys: TP-ennusteen toimintakate jää alle muutetun talousarvion toimintakatteen "
            "(TOIMINTAKATE-rivin Tila-sarake, punainen)",
        ),
        (
            PACE,
            "swatch_pace",
            f"nopea tahti: toimintakulujen toteuma-% on yli {limit} %, kun vuodesta on kulunut "
            f"{share} % (TOIMINTAKULUT-rivin Tila-sarake, keltainen)",
        ),
        (
            NEUTRAL,
            "status",
            "ei huomautettavaa: rivi on tarkistettu, eikä siinä ole ylitystä tai nopeaa tahtia",
        ),
    ]
    marks += [
        (status, f"swatch_{status}", f"strategian tila: {STATUS_MEANINGS.get(status, '')}")
        for status in ALL_STATUSES
    ]
    for word, fmt, meaning in marks:
        row += 1
        sheet.text(row, 0, word, fmt)
        sheet.text(row, 1, meaning)
    keeps.append(Keep(legend, row))
    row += 2
    sheet.text(
        row,
        0,
        "Tuloslaskelma on tuhansina euroina, muut taulukot euroina. Luvut ovat kaavoja: "
        "summat, toteuma-% ja tilat päivittyvät, jos lukua muutetaan.",
        "legend",
    )
    row += 1
    sheet.text(
        row,
        0,
        f"Koottu kemixl-ohjelmalla; pääaineiston tunniste {master.fingerprint or '-'}.",
        "legend",
    )
    keeps.append(Keep(row - 1, row))
    return row, keeps
