"""The UN Sustainable Development Goals (SDG, YK:n kestävän kehityksen tavoitteet), by number.

Names in the catalog, per language: Finnish as UNDP Finland, UNRIC and YK-liitto name them (the
seed's misspellings "EI KÖYHYTTÄ", "OIKEUDEN MUKAISUUS" are not copied), Swedish as UNRIC and
Svenska FN-förbundet, English the UN's short names. Printed in capitals, as the goals' icons and
the seed report print them ("3 TERVEYTTÄ JA HYVINVOINTIA", "3 GOD HÄLSA OCH VÄLBEFINNANDE").
The one list for the report and the department templates.
"""

from __future__ import annotations

from .i18n import N_, label

# TRANSLATORS: the SDGs' short names: Finnish from UNRIC / UNDP Finland / YK-liitto, Swedish
# from Svenska FN-förbundet and UNRIC (sv), English the UN's (see the glossary).
SDG_NAMES: dict[int, str] = {
    1: N_("No poverty"),
    2: N_("Zero hunger"),
    3: N_("Good health and well-being"),
    4: N_("Quality education"),
    5: N_("Gender equality"),
    6: N_("Clean water and sanitation"),
    7: N_("Affordable and clean energy"),
    8: N_("Decent work and economic growth"),
    9: N_("Industry, innovation and infrastructure"),
    10: N_("Reduced inequalities"),
    11: N_("Sustainable cities and communities"),
    12: N_("Responsible consumption and production"),
    13: N_("Climate action"),
    14: N_("Life below water"),
    15: N_("Life on land"),
    16: N_("Peace, justice and strong institutions"),
    17: N_("Partnerships for the goals"),
}


def sdg_name(number: int) -> str:
    """A goal's name in the run's language(s), in capitals: 'TERVEYTTÄ JA HYVINVOINTIA'."""
    return label(SDG_NAMES[number]).upper()


def sdg_label(number: int) -> str:
    """A goal as the seed names it: its number, then its name ("3 TERVEYTTÄ JA HYVINVOINTIA")."""
    return f"{number} {sdg_name(number)}"
