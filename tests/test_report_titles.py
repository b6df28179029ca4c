"""The report's title and the master's texts in the run's language."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from kemixl.i18n import using
from kemixl.i18n.terms import in_language, report_title
from kemixl.master import load_master
from kemixl.model import Period, Settings
from kemixl.year.titles import report_title as finnish_title
from kemixl.year.titles import title_in

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def settings(title: str, **more: str) -> Settings:
    return Settings(city="KEMIN KAUPUNKI", title=title, deadline="", contact="", **more)


@pytest.mark.parametrize(
    ("period", "lang", "expected"),
    [
        (Period(2023, 1, 6), "sv", "DELÅRSRAPPORT JANUARI–JUNI 2023"),
        (Period(2023, 1, 6), "en", "INTERIM REPORT JANUARY–JUNE 2023"),
        (Period(2024, 1, 3), "sv", "DELÅRSRAPPORT JANUARI–MARS 2024"),
        (Period(2024, 1, 8), "en", "INTERIM REPORT JANUARY–AUGUST 2024"),
        (Period(2023, 1, 12), "sv", "BOKSLUT 2023"),
        (Period(2023, 1, 12), "en", "FINANCIAL STATEMENTS 2023"),
    ],
)
def test_kemixls_own_title_follows_the_language(period: Period, lang: str, expected: str) -> None:
    s = settings(finnish_title(period))
    assert title_in(s, period, lang) == expected
    assert title_in(s, period, "fi") == finnish_title(period)


def test_a_title_written_another_way_is_still_kemixls() -> None:
    p = Period(2023, 1, 6)
    assert title_in(settings("Tammi - kesäkuun osavuosikatsaus 2023"), p, "sv").startswith(
        "DELÅRSRAPPORT"
    )


def test_the_citys_own_title_stands_unless_translated() -> None:
    p = Period(2023, 1, 6)
    own = settings("KAUPUNGIN PUOLIVUOTISRAPORTTI 2023")
    assert title_in(own, p, "sv") == own.title
    given = settings(own.title, title_sv="STADENS HALVÅRSRAPPORT 2023")
    assert title_in(given, p, "sv") == "STADENS HALVÅRSRAPPORT 2023"
    assert title_in(given, p, "en") == own.title


def test_bilingual_title_is_finnish_first() -> None:
    p = Period(2023, 1, 6)
    with using("fi+sv"):
        assert report_title(settings(finnish_title(p)), p) == (
            "TAMMI-KESÄKUUN OSAVUOSIKATSAUS 2023 – DELÅRSRAPPORT JANUARI–JUNI 2023"
        )


def test_in_finnish_the_master_is_shown_as_it_is() -> None:
    master = load_master(TEMPLATES)
    plain = replace(master, settings=replace(master.settings, city_sv="", city_en=""))
    with using("fi"):
        assert in_language(plain).settings == plain.settings
        assert [k.name for k in in_language(plain).kpis] == [k.name for k in plain.kpis]


def test_in_swedish_city_and_kpi_names_come_from_their_columns() -> None:
    master = load_master(TEMPLATES)
    kpi = replace(master.kpis[0], texts=(("name_sv", "Antal besök"),))
    other = master.kpis[1]
    m = replace(
        master,
        settings=replace(master.settings, city_sv="KEMI STAD"),
        kpis=(kpi, other),
    )
    with using("sv"):
        shown = in_language(m)
    assert shown.settings.city == "KEMI STAD"
    assert shown.settings.title == title_in(m.settings, m.period, "sv")
    assert [k.name for k in shown.kpis] == ["Antal besök", other.name]  # Finnish fallback
    assert shown.fingerprint == m.fingerprint
