"""The message catalog: complete in every language, nothing unused, numbers as each writes them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kemixl.i18n import (
    Amount,
    Language,
    current,
    format_amount,
    format_date,
    format_datetime,
    format_number,
    locale_tag,
    msg,
    parse_language,
    render,
    using,
)
from kemixl.i18n.catalog import LanguageError
from kemixl.i18n.maintain import check, extract

NBSP = "\u00a0"


def test_catalogs_complete_and_compiled() -> None:
    """Every marked message translated in fi, sv and en; no entry that no code uses; the .mo
    files kemixl reads are compiled from the .po files as they stand."""
    problems = check(extract())
    assert problems == [], "\n".join(map(str, problems[:40]))


@pytest.mark.parametrize(
    ("text", "code"),
    [("fi", "fi"), ("SV", "sv"), ("en", "en"), ("fi+sv", "fi+sv"), (" sv + fi ", "sv+fi")],
)
def test_language_codes(text: str, code: str) -> None:
    assert parse_language(text).code == code


@pytest.mark.parametrize("text", ["", "de", "fi+fi", "fi+sv+en", "finnish"])
def test_unknown_language_codes(text: str) -> None:
    with pytest.raises(LanguageError):
        parse_language(text)


def test_language_is_a_context() -> None:
    assert current() == Language("fi")
    with using("sv+fi") as lang:
        assert current() is lang and lang.bilingual and lang.languages == ("sv", "fi")
    assert current().code == "fi"


@pytest.mark.parametrize(
    ("lang", "amount", "text"),
    [
        ("fi", -1439849, f"-1{NBSP}439{NBSP}849"),
        ("sv", 1439849.5, f"1{NBSP}439{NBSP}849,50"),
        ("en", 1439849, "1,439,849"),
        ("fi", 0.0, "0"),
    ],
)
def test_amounts(lang: str, amount: float, text: str) -> None:
    assert format_amount(amount, lang).replace("\u2212", "-") == text


def test_numbers_dates_and_tags() -> None:
    assert format_number(27.5, "fi") == "27,5"
    assert format_number(27.5, "en") == "27.5"
    assert format_date(dt.date(2023, 8, 15), "fi") == "15.8.2023"
    assert format_date(dt.date(2023, 8, 15), "en") == "15 August 2023"
    when = dt.datetime(2026, 11, 29, 14, 5)
    assert format_datetime(when, "fi") == "29.11.2026 klo 14.05"
    assert format_datetime(when, "sv") == "29.11.2026 kl. 14.05"
    assert locale_tag("fi") == "[$-40B]" and locale_tag("sv") == "[$-81D]"


def test_message_arguments_render_in_the_language() -> None:
    """An untranslated id falls back to itself; its amounts follow the language asked for."""
    m = msg("{code}: {amount}", code="64110000", amount=Amount(-1439849.0))
    assert m.render("en") == "64110000: -1,439,849"
    assert m.render("fi").replace("\u2212", "-") == f"64110000: -1{NBSP}439{NBSP}849"
    assert render(2023.0) == "2023" and render(msg("x")) == "x"


def test_the_master_chooses_the_language_and_lang_overrides_it(master_copy: Path) -> None:
    """master.toml [report] language sets a run's language; a bad one is one master problem."""
    from kemixl.master import MasterError, load_master
    from kemixl.pipeline import run_language

    toml = master_copy / "master.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text.replace("[report]\n", '[report]\nlanguage = "fi+sv"\n'), "utf-8")
    master = load_master(master_copy)
    assert master.settings.language == "fi+sv"
    assert run_language(master) == "fi+sv" and run_language(master, "en") == "en"
    toml.write_text(text.replace("[report]\n", '[report]\nlanguage = "de"\n'), "utf-8")
    with pytest.raises(MasterError) as exc:
        load_master(master_copy)
    assert "language 'de'" in str(exc.value.problems[0])


def test_lang_is_checked_on_the_command_line() -> None:
    from click.testing import CliRunner

    from kemixl.cli import main

    result = CliRunner().invoke(main, ["check", "inputs", "--lang", "de"])
    assert result.exit_code == 2 and "--lang" in result.output
