"""The UN Sustainable Development Goals (SDG, YK:n kestävän kehityksen tavoitteet), by number.

The official Finnish names (UNDP Finland, UNRIC), in capitals as the seed report prints them
("3 TERVEYTTÄ JA HYVINVOINTIA"); the seed's own misspellings ("EI KÖYHYTTÄ", "OIKEUDEN
MUKAISUUS") are not copied. The one list for the report and the department templates.
"""

from __future__ import annotations

SDG_NAMES: dict[int, str] = {
    1: "EI KÖYHYYTTÄ",
    2: "EI NÄLKÄÄ",
    3: "TERVEYTTÄ JA HYVINVOINTIA",
    4: "HYVÄ KOULUTUS",
    5: "SUKUPUOLTEN TASA-ARVO",
    6: "PUHDAS VESI JA SANITAATIO",
    7: "EDULLISTA JA PUHDASTA ENERGIAA",
    8: "IHMISARVOISTA TYÖTÄ JA TALOUSKASVUA",
    9: "KESTÄVÄÄ TEOLLISUUTTA, INNOVAATIOITA JA INFRASTRUKTUUREJA",
    10: "ERIARVOISUUDEN VÄHENTÄMINEN",
    11: "KESTÄVÄT KAUPUNGIT JA YHTEISÖT",
    12: "VASTUULLISTA KULUTTAMISTA",
    13: "ILMASTOTEKOJA",
    14: "VEDENALAINEN ELÄMÄ",
    15: "MAANPÄÄLLINEN ELÄMÄ",
    16: "RAUHA, OIKEUDENMUKAISUUS JA HYVÄ HALLINTO",
    17: "YHTEISTYÖ JA KUMPPANUUS",
}


def sdg_label(number: int) -> str:
    """A goal as the seed names it: its number, then its name ("3 TERVEYTTÄ JA HYVINVOINTIA")."""
    return f"{number} {SDG_NAMES[number]}"
