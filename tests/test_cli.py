from __future__ import annotations

import gettext
import os
import re
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from kemixl.cli import main
from kemixl.cli_i18n import CLICK_MESSAGES, HELP_OPTION, VERSION_OPTION, click_plurals
from kemixl.findings import summary_line
from kemixl.i18n import LANGUAGES, gettext_in, using
from kemixl.i18n.catalog import translations
from kemixl.master import load_master
from kemixl.model import Column, Line, Master

from .builders import Drift, sample_reported, write_submission
from .conftest import INPUTS, TEMPLATES
from .leaks import english_words


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def said(lang: str, text: str, **args: object) -> str:
    """What kemixl says in a language: a message of the catalog with its arguments."""
    return gettext_in(lang, text).format(**args)


def summary_line_in(lang: str, text: str) -> str:
    """The count line of a consolidate or check output ('1 virhe, 0 varoitusta, 5 huomiota')."""
    word = said(lang, "warning")[:4]
    return next(x for x in text.splitlines() if x[:1].isdigit() and word in x)


def said_n(lang: str, forms: tuple[str, str], n: int, **args: object) -> str:
    """A message whose words agree with n, in a language."""
    return translations(lang).ngettext(*forms, n).format(n=n, **args)


def s1_pending() -> bool:
    """Until the findings' own words (their severity, the count line: part S1 of the sweep) are
    translated, the English-leak check leaves the finding lines and the count line out."""
    with using("fi"):
        return bool(english_words(summary_line(())))


def leaks(lang: str, text: str, *identifiers: str, findings: bool = False) -> set[str]:
    """English words in a Finnish or Swedish output (none expected); empty for English.
    findings: the output lists findings (indented lines) and their count line."""
    if lang == "en":
        return set()
    lines = text.splitlines()
    if findings and s1_pending():
        lines = [
            line
            for line in lines
            if not line.startswith("  ") and not (line[:1].isdigit() and line.count(",") == 2)
        ]
    return english_words("\n".join(lines), *identifiers)


LANGS = pytest.mark.parametrize("lang", LANGUAGES)


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    dst = tmp_path / "inputs"
    shutil.copytree(INPUTS, dst)
    return dst


def test_every_command_has_help() -> None:
    for cmd in main.commands.values():
        assert cmd.help, cmd.name
    code, out = run("--help")
    assert code == 0 and "consolidate" in out and "check" in out


def _options(command: click.Command) -> list[click.Parameter]:
    with click.Context(command) as ctx:
        return [p for p in command.get_params(ctx) if isinstance(p, click.Option)]


def test_every_command_and_option_has_help_in_every_language() -> None:
    """Each help text is a catalog message with a translation of its own in fi and sv."""
    commands = [main, *main.commands.values()]
    texts = [c.help for c in commands] + [o.help for c in commands for o in _options(c)]
    assert HELP_OPTION in texts and VERSION_OPTION in texts
    for text in texts:
        assert text, texts
        for lang in LANGUAGES:
            translated = gettext_in(lang, text)
            assert translated.strip(), (lang, text)
            if lang != "en":
                assert translated != text, (lang, text)


@LANGS
def test_help_of_every_command_in_the_language(lang: str) -> None:
    """`kemixl --lang sv --help`, `kemixl consolidate --lang sv --help`: click's words
    (Usage, Options), the command's and every option's help, all in the language."""
    for name, command in [("", main), *main.commands.items()]:
        args = [name, "--lang", lang, "--help"] if name else ["--lang", lang, "--help"]
        code, out = run(*args)
        assert code == 0, out
        flat = " ".join(out.split())
        assert out.startswith(said(lang, "Usage:")), out
        assert said(lang, "Options") in out
        assert " ".join(said(lang, str(command.help)).split()[:5]) in flat
        for option in _options(command):
            assert " ".join(said(lang, str(option.help)).split()) in flat, (name, option.name)
        commands = tuple(main.commands)  # command names are identifiers (`kemixl master`)
        assert not leaks(lang, out, "fi|sv|en|fi+sv", *commands), (name, leaks(lang, out))


@LANGS
def test_clicks_own_errors_in_the_language(lang: str) -> None:
    for args in (("consolidate", "--lang", lang), ("--lang", lang, "consolidate")):
        code, out = run(*args)  # the command's --lang, or the group's
        assert code == 2
        assert said(lang, "Usage:") in out and said(lang, "Missing argument") in out
        assert said(lang, "FOLDER") in out
        assert not leaks(lang, out)
    code, out = run("rollover", "r.xlsx", "--to-month", "13", "-o", "x", "--lang", lang)
    assert code == 2
    assert said(lang, "{value} is not in the range {low}–{high}.", value=13, low=1, high=12) in out
    code, out = run("check", "x.xlsx", "--lang", lang, "--to", "3")
    assert code == 2  # click 8.1 and 8.5 word it differently
    assert any(
        said(lang, m, name="--to") in out
        for m in ("No such option: {name}", "No such option {name!r}.")
    ), out
    assert not leaks(lang, out)


def test_clicks_messages_are_in_the_catalog() -> None:
    """Every message of click kemixl lists has its own Finnish and Swedish words, plurals too;
    click's plural messages reach the user in the language (an extra argument here)."""
    for lang in ("fi", "sv"):
        for message in CLICK_MESSAGES:
            assert gettext_in(lang, message) != message, (lang, message)
        with using(lang):
            plurals = click_plurals()
        with using("en"):
            assert not set(plurals) & set(click_plurals()), lang
    code, out = run("check", "a.xlsx", "b.xlsx", "--lang", "sv")
    assert code == 2 and said_n("sv", EXTRA, 1, args="b.xlsx") in out


EXTRA = ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})")


def test_a_language_kemixl_does_not_speak_is_one_clear_error() -> None:
    code, out = run("check", "x.xlsx", "--lang", "de")
    assert code == 2
    assert said("fi", "use fi, sv, en or a pair such as fi+sv") in out
    assert "Traceback" not in out


def test_click_is_put_back_after_a_run() -> None:
    domain, before = gettext.textdomain(), os.environ.get("LANGUAGE")
    run("--lang", "sv", "--help")
    assert gettext.textdomain() == domain and os.environ.get("LANGUAGE") == before


@LANGS
def test_consolidate_clean_sample_exits_0(tmp_path: Path, inputs: Path, lang: str) -> None:
    before = {p.name: p.read_bytes() for p in inputs.iterdir()}
    out = tmp_path / "r.xlsx"
    code, text = run(
        "consolidate", str(inputs), "--output", str(out), "--master", str(TEMPLATES), "--lang", lang
    )
    assert code == 0, text
    assert out.exists() and text.splitlines()[-1] == said(lang, "wrote {path}", path=out)
    assert {p.name: p.read_bytes() for p in inputs.iterdir()} == before  # inputs untouched
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".r.")]  # no temp file left
    assert not leaks(lang, text, str(tmp_path), findings=True)


@pytest.mark.parametrize(("chosen", "wrote"), [((), "kirjoitettu"), (("--lang", "sv+fi"), "skrev")])
def test_finnish_by_default_and_the_first_language_of_a_pair(
    tmp_path: Path, inputs: Path, chosen: tuple[str, ...], wrote: str
) -> None:
    out = tmp_path / "r.xlsx"
    args = ("consolidate", str(inputs), "--output", str(out), "--master", str(TEMPLATES))
    code, text = run(*args, *chosen)
    assert code == 0 and text.splitlines()[-1] == f"{wrote} {out}"


def in_swedish(master: Path) -> None:
    """master.toml [report] language = "sv"."""
    toml = master / "master.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text.replace("[report]\n", '[report]\nlanguage = "sv"\n'), encoding="utf-8")


@pytest.mark.parametrize(("asked", "lang"), [(None, "sv"), ("en", "en"), ("fi", "fi")])
def test_master_toml_chooses_the_language_and_lang_overrides_it(
    tmp_path: Path, inputs: Path, master_copy: Path, asked: str | None, lang: str
) -> None:
    in_swedish(master_copy)
    out = tmp_path / "r.xlsx"
    chosen = ("--lang", asked) if asked else ()
    args = ("consolidate", str(inputs), "-o", str(out), "--master", str(master_copy), *chosen)
    code, text = run(*args)
    assert code == 0 and text.splitlines()[-1] == said(lang, "wrote {path}", path=out), text
    code, text = run(*args, "--help")  # the help of a command reads the master's language too
    assert code == 0 and text.startswith(said(lang, "Usage:"))


def test_a_master_workbook_chooses_the_language_too(
    tmp_path: Path, inputs: Path, master_copy: Path
) -> None:
    from kemixl.master import folder_to_workbook

    in_swedish(master_copy)
    book = tmp_path / "master.xlsx"
    folder_to_workbook(master_copy, book)
    out = tmp_path / "r.xlsx"
    code, text = run("consolidate", str(inputs), "-o", str(out), "--master", str(book))
    assert code == 0 and text.splitlines()[-1] == f"skrev {out}", text


@LANGS
def test_consolidate_with_errors_exits_1_and_still_writes(
    tmp_path: Path, inputs: Path, master: Master, lang: str
) -> None:
    bad = Drift(overrides={("64110000", Line.COSTS, Column.ACTUAL): "n. 200 000"})
    next(inputs.glob("64100000_*.xlsx")).unlink()
    write_submission(inputs / "kv.xlsx", master, "64100000", sample_reported(), bad)
    out = tmp_path / "r.xlsx"
    code, text = run(
        "consolidate", str(inputs), "-o", str(out), "--master", str(TEMPLATES), "--lang", lang
    )
    assert code == 1
    line = next(x for x in text.splitlines() if "text-in-number-cell" in x)
    # the file named once, at the start; the rule's id after the sentence, not inside it
    assert line.startswith(f"kv.xlsx:Taul1!E4: {said(lang, 'error')} [64110000]: "), line
    assert line.endswith(" (text-in-number-cell)") and line.count("kv.xlsx") == 1
    findings = text.splitlines()[: text.splitlines().index(summary_line_in(lang, text))]
    assert all(re.search(r" \([a-z]+(-[a-z]+)*\)$", x) for x in findings), findings  # no headings
    assert said(lang, "not ready for the council: fix the errors above and run again") in text
    assert out.exists()
    assert "Traceback" not in text
    assert not leaks(lang, text, str(tmp_path), findings=True)


def test_missing_department_is_an_error(tmp_path: Path, inputs: Path) -> None:
    next(inputs.glob("64200000_*.xlsx")).unlink()
    code, text = run(
        "consolidate", str(inputs), "-o", str(tmp_path / "r.xlsx"), "--master", str(TEMPLATES)
    )
    assert code == 1
    line = next(x for x in text.splitlines() if "[64200000]" in x)
    assert line.startswith("virhe [64200000]: ") and line.endswith(" (missing-department)")
    assert "(koko raportti)" not in text and not text.startswith(" ")


def test_unreadable_submission_is_exit_1_not_2(tmp_path: Path, inputs: Path) -> None:
    (inputs / "rikki.xlsx").write_bytes(b"this is not a zip")
    code, text = run(
        "consolidate", str(inputs), "-o", str(tmp_path / "r.xlsx"), "--master", str(TEMPLATES)
    )
    assert code == 1
    assert "rikki.xlsx: " in text and "unreadable-file" in text
    assert "Traceback" not in text


@LANGS
def test_bad_master_is_exit_2_with_file_and_line(
    tmp_path: Path, master_copy: Path, inputs: Path, lang: str
) -> None:
    with (master_copy / "costcentres.csv").open("a", encoding="utf-8") as f:
        f.write("64110000,64100000,X,\n")
    code, text = run(
        "consolidate",
        str(inputs),
        "-o",
        str(tmp_path / "r.xlsx"),
        "--master",
        str(master_copy),
        "--lang",
        lang,
    )
    assert code == 2
    prefix = said(lang, "kemixl: master data: {problem}", problem="")
    assert text.startswith(f"{prefix}{master_copy / 'costcentres.csv'}:24: "), text
    assert "64110000" in text and "Traceback" not in text


@LANGS
def test_missing_folder_is_exit_2(tmp_path: Path, lang: str) -> None:
    missing = tmp_path / "nope"
    code, text = run("consolidate", str(missing), "--master", str(TEMPLATES), "--lang", lang)
    assert code == 2 and len(text.splitlines()) == 1
    assert (
        text.startswith(said(lang, "kemixl: error: {message}", message="")) and str(missing) in text
    )


def test_unwritable_output_is_exit_2(tmp_path: Path, inputs: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, text = run(
        "consolidate", str(inputs), "-o", str(blocker / "r.xlsx"), "--master", str(TEMPLATES)
    )
    assert code == 2 and "kemixl: virhe:" in text


def test_check_one_file_writes_nothing(tmp_path: Path, inputs: Path) -> None:
    before = sorted(p.name for p in inputs.iterdir())
    code, text = run("check", str(next(inputs.glob("64100000_*.xlsx"))), "--master", str(TEMPLATES))
    assert code == 0, text
    assert "missing-department" not in text
    assert sorted(p.name for p in inputs.iterdir()) == before


def test_outputs_are_readable_by_colleagues(tmp_path: Path, inputs: Path) -> None:
    """Written atomically through a temporary file, yet with the usual permissions (umask)."""
    import os
    import stat

    out = tmp_path / "r.xlsx"
    run("consolidate", str(inputs), "-o", str(out), "--master", str(TEMPLATES))
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~mask


def test_progress_bar_only_on_a_terminal_and_never_quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    from kemixl.cli import ProgressBar

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    err = Terminal()
    monkeypatch.setattr(sys, "stderr", err)
    bar = ProgressBar(quiet=False)
    assert bar.callback is not None
    for i in range(1, 4):
        bar(i, 3, f"{i}.xlsx")
    assert "3/3" in err.getvalue()
    assert ProgressBar(quiet=True).callback is None
    monkeypatch.setattr(sys, "stderr", io.StringIO())  # a pipe or a file: no bar
    assert ProgressBar(quiet=False).callback is None


def test_quiet_leaves_errors_warnings_and_the_count(tmp_path: Path, inputs: Path) -> None:
    out = tmp_path / "r.xlsx"
    args = ("consolidate", str(inputs), "--output", str(out), "--master", str(TEMPLATES))
    _, loud = run(*args)
    code, quiet = run(*args, "--quiet")
    assert code == 0
    assert len(quiet.splitlines()) < len(loud.splitlines())  # the notes left out
    assert quiet.splitlines()[-2:] == loud.splitlines()[-2:]  # the count line and "wrote …"


# -- the last good report is never replaced by one that is not ready ---------------------------

DEFAULT = Path("outputs") / "osavuosikatsaus_2023_01-06.xlsx"
BESIDE = Path("outputs") / "osavuosikatsaus_2023_01-06.ei-valmis.xlsx"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A current folder of its own, where the default output outputs/… is written."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


def _consolidate(source: Path, *options: str) -> tuple[int, str]:
    return run("consolidate", str(source), "--master", str(TEMPLATES), *options)


def _kept_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("säilytetty ")]


def test_a_run_that_is_not_ready_keeps_the_last_good_report(workdir: Path, inputs: Path) -> None:
    """The tester's run: one department's file instead of the folder, after a good run."""
    code, text = _consolidate(inputs)
    assert code == 0 and f"kirjoitettu {DEFAULT}" in text
    good = DEFAULT.read_bytes()
    code, text = _consolidate(next(inputs.glob("64100000_*.xlsx")))
    assert code == 1  # unchanged: errors are exit 1
    assert DEFAULT.read_bytes() == good
    assert BESIDE.is_file() and f"kirjoitettu {BESIDE}" in text
    assert _kept_lines(text) == [
        f"säilytetty {DEFAULT}: tämä raportti on keskeneräinen, joten edellinen jää paikalleen "
        "(--force korvaa sen)"
    ]
    # the next good run replaces the report as always
    code, text = _consolidate(inputs)
    assert code == 0 and DEFAULT.read_bytes() == good and _kept_lines(text) == []


def test_a_ready_report_replaces_whatever_was_there(workdir: Path, inputs: Path) -> None:
    DEFAULT.parent.mkdir()
    DEFAULT.write_bytes(b"an older file of finance's own")
    code, text = _consolidate(inputs)
    assert code == 0 and _kept_lines(text) == [] and not BESIDE.exists()
    assert DEFAULT.read_bytes()[:2] == b"PK"


def test_a_report_that_was_not_ready_is_replaced(workdir: Path, inputs: Path) -> None:
    single = next(inputs.glob("64100000_*.xlsx"))
    assert _consolidate(single)[0] == 1  # nothing there yet: written where asked
    first = DEFAULT.read_bytes()
    next(inputs.glob("64200000_*.xlsx")).unlink()
    code, text = _consolidate(inputs)  # still not ready, but so was the last one
    assert code == 1 and _kept_lines(text) == [] and not BESIDE.exists()
    assert DEFAULT.read_bytes() != first


def test_force_and_an_explicit_output_replace_the_report(workdir: Path, inputs: Path) -> None:
    assert _consolidate(inputs)[0] == 0
    good = DEFAULT.read_bytes()
    single = str(next(inputs.glob("64100000_*.xlsx")))
    code, text = _consolidate(Path(single), "--force")
    assert code == 1 and _kept_lines(text) == [] and not BESIDE.exists()
    assert DEFAULT.read_bytes() != good
    assert _consolidate(inputs)[0] == 0
    code, text = _consolidate(Path(single), "--output", str(DEFAULT))  # asked for: obeyed
    assert code == 1 and _kept_lines(text) == [] and not BESIDE.exists()
    assert DEFAULT.read_bytes() != good


def test_a_file_kemixl_cannot_tell_apart_is_kept(tmp_path: Path) -> None:
    from kemixl.pipeline import keeps_last_report

    assert not keeps_last_report(tmp_path / "none.xlsx")
    other = tmp_path / "other.xlsx"
    other.write_bytes(b"not a zip")
    assert keeps_last_report(other)
    import zipfile

    with zipfile.ZipFile(other, "w") as zf:  # a workbook of someone else's: no such property
        zf.writestr("xl/workbook.xml", "<workbook/>")
    assert keeps_last_report(other)
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("docProps/custom.xml", '<p name="kemixl_ready"><vt:bool>false</vt:bool></p>')
    assert not keeps_last_report(other)


# -- the other commands' lines in every language -------------------------------------------------


def test_version_in_the_language() -> None:
    assert run("--version")[1].startswith("main, versio ")
    assert run("--version", "--lang", "en")[1].startswith("main, version ")


@pytest.fixture(scope="module")
def june(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample's consolidated report, the one a rollover starts from."""
    out = tmp_path_factory.mktemp("june") / "r.xlsx"
    code, text = run("consolidate", str(INPUTS), "-o", str(out), "--master", str(TEMPLATES))
    assert code == 0, text
    return out


@LANGS
def test_rollover_says_what_it_wrote_in_the_language(june: Path, tmp_path: Path, lang: str) -> None:
    new = tmp_path / "elokuu"
    args = ("rollover", str(june), "--master", str(TEMPLATES), "--to-month", "8", "-o", str(new))
    code, text = run(*args, "--deadline", "2023-09-15", "--lang", lang)
    assert code == 0, text
    first, previous, deadline, *notes, next_, then = text.splitlines()
    title = load_master(new).settings.title
    assert first == said(
        lang, "wrote {folder}: {title} ({period})", folder=new, title=title, period="1–8/2023"
    )
    rows = len((new / "previous.csv").read_text(encoding="utf-8").splitlines()) - 1
    assert previous == "  " + said_n(
        lang,
        (
            "{file}: {n} row from the reports of {periods}",
            "{file}: {n} rows from the reports of {periods}",
        ),
        rows,
        file="previous.csv",
        periods="1–6/2023",
    )
    date = {"en": "15 September 2023"}.get(lang, "15.9.2023")
    assert deadline == "  " + said(lang, "{file}: deadline {date}", file="master.toml", date=date)
    # commands to copy as they stand: no brackets, no placeholders
    command = f"kemixl templates --master {new}"
    assert next_ == said(lang, "next: {command}", command=command)
    consolidate = f"kemixl consolidate inputs-2023-08 --master {new}"
    assert then == said(
        lang,
        "then, with the returned workbooks in {folder}: {command}",
        folder="inputs-2023-08",
        command=consolidate,
    )
    assert "[" not in next_ + then and "KANSIO" not in then and "FOLDER" not in then
    assert notes and all(n.startswith("  ") for n in notes)
    lines = "\n".join([first, previous, deadline, next_, then])
    assert not leaks(lang, lines, str(new), str(tmp_path), "inputs-2023-08", "--master")


@LANGS
def test_synth_says_what_it_wrote_in_the_language(tmp_path: Path, lang: str) -> None:
    org = tmp_path / "org"
    code, text = run("synth", str(org), "--departments", "2", "--areas", "1", "--lang", lang)
    assert code == 0, text
    lines = text.splitlines()
    assert lines[0] == said(lang, "wrote a synthetic organisation under {folder}", folder=org)
    assert lines[1] == "  " + said(lang, "departments: {n}", n=2)
    workbooks = ("submissions: {folder} ({n} workbook)", "submissions: {folder} ({n} workbooks)")
    assert "  " + said_n(lang, workbooks, 2, folder=org / "inputs") in lines
    assert lines[-1].startswith(said(lang, "next: {command}", command="kemixl consolidate"))
    assert not leaks(lang, text, str(org))
