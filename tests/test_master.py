from __future__ import annotations

import csv
import gc
import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kemixl.cli import main
from kemixl.findings import Rule
from kemixl.i18n import using
from kemixl.master import MasterError, load_master
from kemixl.model import Column, Line, Master
from kemixl.pipeline import consolidate
from kemixl.reconcile import Consolidation
from kemixl.synth import synthesize

from .conftest import INPUTS


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """These tests read the messages' English words (fi/sv: tests/test_messages.py)."""
    with using("en"):
        yield


def _append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as f:
        f.write(text)


def _problems(folder: Path) -> list[str]:
    with pytest.raises(MasterError) as info:
        load_master(folder)
    return [str(p) for p in info.value.problems]


def test_kemi_master_loads(master_copy: Path) -> None:
    m = load_master(master_copy)
    assert m.root.code == "64000000"
    assert [d.code for d in m.departments] == [
        "64100000",
        "64200000",
        "64300000",
        "64400000",
        "64500000",
    ]
    assert m.children("64400000") == ()
    assert m.master_amount("64000000", Line.MARGIN, Column.TA_AMENDED) == pytest.approx(
        -44136425, abs=1.5
    )
    assert m.period.year == 2023 and m.period.last_month == 6
    assert len(m.fingerprint) == 16


@pytest.mark.parametrize("enabled", [True, False])
def test_loading_leaves_the_garbage_collector_as_it_found_it(
    master_copy: Path, enabled: bool
) -> None:
    """load_master pauses the collector while it reads (a large master's records form no
    cycles) and leaves it as it was, after a failure too."""
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        assert load_master(master_copy).centres
        assert gc.isenabled() is enabled
        (master_copy / "figures.csv").write_text("code,line\n", encoding="utf-8")
        with pytest.raises(MasterError):
            load_master(master_copy)
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_duplicate_code_names_file_and_line(master_copy: Path) -> None:
    _append(master_copy / "costcentres.csv", "64110000,64100000,TOINEN,\n")
    problems = _problems(master_copy)
    assert any("costcentres.csv:24" in p and "duplicate code 64110000" in p for p in problems), (
        problems
    )


def test_missing_parent(master_copy: Path) -> None:
    _append(master_copy / "costcentres.csv", "64910000,64900000,UUSI,\n")
    problems = _problems(master_copy)
    assert any("costcentres.csv:24" in p and "parent 64900000" in p for p in problems), problems


def test_cycle(master_copy: Path) -> None:
    _append(master_copy / "costcentres.csv", "64910000,64920000,A,\n64920000,64910000,B,\n")
    problems = _problems(master_copy)
    assert any("cycle" in p and "costcentres.csv:24" in p for p in problems), problems


def test_every_centre_whose_parents_go_round_is_named_once(master_copy: Path) -> None:
    """The cycle's members and the centres whose parents lead into it, each at its line; the
    centres that reach the root (walked once however many lead through them) are fine."""
    _append(
        master_copy / "costcentres.csv",
        "64910000,64920000,A,\n64920000,64930000,B,\n64930000,64910000,C,\n"
        "64940000,64920000,D,\n64950000,64940000,E,\n64960000,64100000,F,\n",
    )
    cycles = [p for p in _problems(master_copy) if "cycle" in p]
    assert [p.split(": ")[0].rsplit(":", 1)[1] for p in cycles] == ["24", "25", "26", "27", "28"]
    assert [p.split("cost centre ")[1].split()[0] for p in cycles] == [
        "64910000",
        "64920000",
        "64930000",
        "64940000",
        "64950000",
    ]


def test_malformed_number(master_copy: Path) -> None:
    path = master_copy / "figures.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("-5966525", "-59x66525")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = _problems(master_copy)
    assert any("figures.csv:3" in p and "not a number" in p for p in problems), problems


def test_every_problem_is_reported_at_once(master_copy: Path) -> None:
    _append(master_copy / "costcentres.csv", "64110000,64100000,X,\n12x4,64100000,Y,\n")
    _append(master_copy / "figures.csv", "64110000,TOIMINTATUOTOT,1,2,3\n")
    problems = _problems(master_copy)
    assert len(problems) >= 3


def test_figures_on_a_total_are_refused(master_copy: Path) -> None:
    _append(master_copy / "figures.csv", "64100000,TOIMINTATUOTOT,1,2,3\n")
    assert any("figures.csv:36" in p and "result areas" in p for p in _problems(master_copy))


def test_bad_toml(master_copy: Path) -> None:
    (master_copy / "master.toml").write_text("[period]\nyear = \n", encoding="utf-8")
    assert any("master.toml:2" in p for p in _problems(master_copy))


def test_missing_folder(tmp_path: Path) -> None:
    assert any("not found" in p for p in _problems(tmp_path / "nope"))


# -- SDGs: one list per strategy table (goal x department), in strategy_sdg.csv --------------


def _sdg_file(folder: Path, *rows: str) -> None:
    (folder / "strategy_sdg.csv").write_text(
        "goal,department,sdg\n" + "".join(r + "\n" for r in rows), encoding="utf-8"
    )


def test_sdgs_are_given_per_table(master_copy: Path) -> None:
    m = load_master(master_copy)
    assert m.sdgs_of("ELINVOIMAINEN KAUPUNKI", "64100000") == (3, 6, 7, 8, 9, 11, 12, 13, 14, 15)
    assert m.sdgs_of("ELINVOIMAINEN KAUPUNKI", "64200000") == ()  # the seed gives none
    (master_copy / "strategy_sdg.csv").unlink()  # optional
    assert load_master(master_copy).sdgs == ()


@pytest.mark.parametrize(
    ("rows", "line", "words"),
    [
        (("SUJUVA ARKI,64100000,3 x",), 2, "must be numbers 1-17"),
        (("SUJUVA ARKI,64100000,3 18",), 2, "numbered 1-17"),
        (("SUJUVA ARKI,64100000,0",), 2, "numbered 1-17"),
        (("SUJUVA ARKI,64100000,3 5 3",), 2, "names a goal twice"),
        (("SUJUVA ARKI,64100000,1", "SUJUVA ARKI,64100000,2"), 3, "duplicate row"),
        (("SUJUVA ARJI,64100000,1",), 2, "no objective in strategy.csv has goal 'SUJUVA ARJI'"),
        (("SUJUVA ARKI,64400000,1",), 2, "and department 64400000"),  # it has no objectives
        (("SUJUVA ARKI,64990000,1",), 2, "and department 64990000"),  # not a cost centre
    ],
)
def test_sdg_problems_name_file_and_line(
    master_copy: Path, rows: tuple[str, ...], line: int, words: str
) -> None:
    _sdg_file(master_copy, *rows)
    problems = _problems(master_copy)
    assert any(f"strategy_sdg.csv:{line}: " in p and words in p for p in problems), problems


def test_sdg_file_needs_its_columns(master_copy: Path) -> None:
    (master_copy / "strategy_sdg.csv").write_text("goal,sdg\nSUJUVA ARKI,3\n", encoding="utf-8")
    problems = _problems(master_copy)
    assert any("strategy_sdg.csv:1: " in p and "missing department" in p for p in problems)


def test_per_objective_sdgs_of_older_master_data_are_refused(master_copy: Path) -> None:
    """strategy.csv's old sdg column, once filled, is reported at its first filled line with
    where the SDGs go now; an empty one is harmless."""
    path = master_copy / "strategy.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    empty = [lines[0] + ",sdg", *(ln + "," for ln in lines[1:])]
    path.write_text("\n".join(empty) + "\n", encoding="utf-8")
    assert load_master(master_copy).objectives
    filled = [*empty[:3], empty[3] + "3 5", *empty[4:6], empty[6] + "11", *empty[7:]]
    path.write_text("\n".join(filled) + "\n", encoding="utf-8")
    problems = _problems(master_copy)
    moved = [p for p in problems if "strategy_sdg.csv" in p]  # the column moved there
    assert len(moved) == 1 and moved[0].startswith(f"{path}:4: column sdg:"), problems


# ---------------------------------------------------------------------------------------------
# issue 15: master data that is wrong must not load silently; one root cause, one problem


def _replace_line(path: Path, starts: str, new: str) -> int:
    """Replace the line starting with `starts`; returns its line number."""
    lines = path.read_text(encoding="utf-8").splitlines()
    i = next(i for i, ln in enumerate(lines) if ln.startswith(starts))
    lines[i] = new
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return i + 1


@pytest.mark.parametrize(
    ("file", "starts", "row", "says"),
    [
        (
            "figures.csv",
            "64110000,TOIMINTATUOTOT,",
            "64110000,TOIMINTATUOTOT,480920,50,441104,441104",
            "this row has 6 fields but the header has 5",
        ),
        (
            "figures.csv",
            "64120000,TOIMINTATUOTOT,",
            "64120000,TOIMINTATUOTOT,1688885",
            "this row has 3 fields but the header has 5",
        ),
        (
            "costcentres.csv",
            "64100000,",
            "64100000,64000000,KESKUSVIRASTO, HALLINTO,Jukka Vilén",
            "this row has 5 fields but the header has 4",
        ),
    ],
    ids=["decimal-comma", "short-row", "comma-in-name"],
)
def test_a_row_with_the_wrong_number_of_fields_is_an_error(
    master_copy: Path, file: str, starts: str, row: str, says: str
) -> None:
    line = _replace_line(master_copy / file, starts, row)
    problems = _problems(master_copy)
    assert [p for p in problems if f"{file}:{line}: {says}" in p] != [], problems
    assert len(problems) == 1, problems  # the refused row's code cascades nowhere


# Excel pads every line of a file, header included, to the used range: a row wider than its
# header is never Excel's padding, even when the fields beyond are empty (issue 20, part 4).
WIDER = "64110000,TOIMINTATUOTOT,480920,50,441104,"  # a decimal comma, the last field empty
WIDER_SAID = {
    "fi": "tällä rivillä on 6 kenttää, mutta otsikkorivillä 5",
    "sv": "denna rad har 6 fält men rubriken har 5",
    "en": "this row has 6 fields but the header has 5",
}


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_a_row_wider_than_its_header_is_an_error_though_its_extra_fields_are_empty(
    master_copy: Path, lang: str
) -> None:
    path = master_copy / "figures.csv"
    line = _replace_line(path, "64110000,TOIMINTATUOTOT,", WIDER)
    result = CliRunner().invoke(
        main, ["--lang", lang, "check", str(INPUTS), "--master", str(master_copy)]
    )
    assert result.exit_code == 2, result.output
    lines = result.output.splitlines()
    assert len(lines) == 1 and f"{path}:{line}: {WIDER_SAID[lang]} " in lines[0], lines
    assert "Traceback" not in result.output


def test_empty_fields_under_the_headers_own_empty_end_are_excels_padding(
    master_copy: Path,
) -> None:
    path = master_copy / "figures.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    padded = [lines[0] + ",,", *(ln + (",," if i % 2 else ",") for i, ln in enumerate(lines[1:]))]
    path.write_text("\n".join(padded) + "\n", encoding="utf-8")
    assert load_master(master_copy).figures  # as wide as the header, or narrower: padding
    row = next(ln for ln in lines if ln.startswith("64110000,TOIMINTATUOTOT,"))
    line = _replace_line(path, row, row + ",,,")  # 5 fields and 3 empty ones: one too many
    assert (
        _problems(master_copy)
        == [
            p
            for p in _problems(master_copy)
            if f"figures.csv:{line}: this row has 8 fields but the header has 7" in p
        ]
        != []
    )


def test_header_only_figures_is_an_error(master_copy: Path) -> None:
    (master_copy / "figures.csv").write_text("code,line,tp_prev,ta,ta_amended\n", encoding="utf-8")
    problems = _problems(master_copy)
    assert len(problems) == 1 and problems[0].startswith(str(master_copy / "figures.csv") + ": ")
    assert "has no rows under its header" in problems[0]


def test_master_data_without_a_single_budget_figure_is_an_error(master_copy: Path) -> None:
    path = master_copy / "figures.csv"
    rows = [ln.split(",") for ln in path.read_text(encoding="utf-8").splitlines()]
    path.write_text(
        "\n".join(",".join([*r[:3], "0", "0"] if i else r) for i, r in enumerate(rows)) + "\n",
        encoding="utf-8",
    )
    problems = _problems(master_copy)
    assert len(problems) == 1 and "without a single budget figure" in problems[0], problems


def test_a_bad_costcentres_header_is_one_problem(master_copy: Path) -> None:
    path = master_copy / "costcentres.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("code,parent,name", "koodi;isä;nimi", 1), encoding="utf-8")
    problems = _problems(master_copy)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{path}:1: cannot read the header")


@pytest.mark.parametrize(
    ("encoding", "prefix"), [("cp1252", b""), ("utf-8", b"\xef\xbb\xbf")], ids=["cp1252", "bom"]
)
def test_master_toml_in_windows_1252_or_with_a_bom_loads(
    master_copy: Path, master: Master, encoding: str, prefix: bytes
) -> None:
    path = master_copy / "master.toml"
    text = path.read_text(encoding="utf-8")
    assert "ä" in text
    path.write_bytes(prefix + text.replace("\n", "\r\n").encode(encoding))
    m = load_master(master_copy)
    assert m.settings == master.settings and m.fingerprint == master.fingerprint


def test_master_toml_not_text_is_one_problem(master_copy: Path) -> None:
    (master_copy / "master.toml").write_bytes(b"[period]\nyear = 2023\ncity = '\x81'\n")
    assert _problems(master_copy) == [
        f"{master_copy / 'master.toml'}:3: is neither UTF-8 nor Windows-1252 text (byte 0x81); "
        "save it as UTF-8 (in Excel: CSV UTF-8)"
    ]


@pytest.mark.parametrize("name", ["costcentres.csv", "kpis.csv", "master.toml"])
def test_a_folder_in_place_of_a_master_file_is_named(master_copy: Path, name: str) -> None:
    (master_copy / name).unlink()
    (master_copy / name).mkdir()
    assert _problems(master_copy) == [f"{master_copy / name}: is a folder, not a file"]


def test_a_broken_link_in_place_of_a_master_file_is_named(master_copy: Path) -> None:
    (master_copy / "central.csv").unlink()
    (master_copy / "central.csv").symlink_to(master_copy / "gone.csv")
    assert _problems(master_copy) == [
        f"{master_copy / 'central.csv'}: is a symbolic link to nothing"
    ]


def test_a_pipe_in_place_of_a_master_file_is_not_read(master_copy: Path) -> None:
    (master_copy / "strategy.csv").unlink()
    os.mkfifo(master_copy / "strategy.csv")
    assert _problems(master_copy) == [
        f"{master_copy / 'strategy.csv'}: is not a regular file (a pipe, socket or device); give a file"
    ]


def test_an_unreadable_master_file_is_named(
    master_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Permission denied (simulated: the tests may run as root, who may read anything)."""
    real_open = open

    def guarded(file: object, *args: object, **kwargs: object) -> object:
        if str(file).endswith("figures.csv"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", guarded)
    assert _problems(master_copy) == [
        f"{master_copy / 'figures.csv'}: cannot be read: permission denied"
    ]


def test_an_ambiguous_amount_in_the_master_is_an_error(master_copy: Path) -> None:
    line = _replace_line(
        master_copy / "figures.csv",
        "64110000,TOIMINTATUOTOT,",
        '64110000,TOIMINTATUOTOT,"480,920",441104,441104',
    )
    assert _problems(master_copy) == [
        f"{master_copy / 'figures.csv'}:{line}: column tp_prev: '480,920' could be 480,920 or "
        "480.92 (a thousands separator or a decimal mark?); write the amount without thousands "
        "separators"
    ]


def test_cli_names_each_bad_entry_on_one_line_and_exits_2(
    master_copy: Path, tmp_path: Path
) -> None:
    (master_copy / "kpis.csv").unlink()
    (master_copy / "kpis.csv").mkdir()
    (master_copy / "master.toml").write_bytes("\ufeff[period]\n".encode())
    result = CliRunner().invoke(
        main, ["--lang", "en", "check", str(INPUTS), "--master", str(master_copy)]
    )
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert f"kemixl: master data: {master_copy / 'kpis.csv'}: is a folder, not a file" in lines
    assert not any("unexpected" in ln or "Traceback" in ln for ln in lines), lines
    assert len(lines) == 2, lines


# ---------------------------------------------------------------------------------------------
# master data straight from Finnish Excel; the fingerprint is the content's


def _resave(
    folder: Path, sep: str, encoding: str, newline: str, final_newline: bool = True
) -> None:
    """Each CSV as Excel would save it: another separator, encoding, line ending, decimal commas.

    Characters Windows-1252 lacks keep a file in UTF-8 (with BOM), as finance would have to."""
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        if sep != ",":
            rows = [[_decimal_comma(v) for v in row] for row in rows]
        buf = io.StringIO()
        csv.writer(buf, delimiter=sep, lineterminator=newline).writerows(rows)
        text = buf.getvalue() if final_newline else buf.getvalue().removesuffix(newline)
        try:
            data = text.encode(encoding)
        except UnicodeEncodeError:
            data = text.encode("utf-8-sig")
        path.write_bytes(data)


def _decimal_comma(value: str) -> str:
    """'-5966525.5' -> '-5966525,5': how Finnish Excel writes an amount with decimals."""
    try:
        float(value)
    except ValueError:
        return value
    return value.replace(".", ",")


def _with_cents(folder: Path) -> None:
    """Amounts with decimals, so that the decimal commas of a re-save are exercised."""
    _replace_line(
        folder / "figures.csv",
        "64110000,TOIMINTATUOTOT,",
        "64110000,TOIMINTATUOTOT,480920.5,441104.25,441104.25",
    )


FINNISH_EXCEL = {
    "semicolon-bom-crlf": (";", "utf-8-sig", "\r\n"),
    "semicolon-cp1252": (";", "cp1252", "\r\n"),
    "tab-utf8-lf": ("\t", "utf-8", "\n"),
}


@pytest.mark.parametrize("variant", FINNISH_EXCEL)
def test_master_saved_by_finnish_excel_loads_equal(
    master_copy: Path, tmp_path: Path, variant: str
) -> None:
    _with_cents(master_copy)
    original = load_master(master_copy)
    resaved = tmp_path / "resaved"
    shutil.copytree(master_copy, resaved)
    _resave(resaved, *FINNISH_EXCEL[variant])
    assert (resaved / "figures.csv").read_bytes() != (master_copy / "figures.csv").read_bytes()
    m = load_master(resaved)
    assert m == original  # every figure, name, KPI, objective; and the fingerprint
    assert m.master_amount("64110000", Line.INCOME, Column.TA) == 441104.25
    if variant == "semicolon-cp1252":
        assert (resaved / "costcentres.csv").read_bytes().count(b"\xe4") > 0  # 'ä' in cp1252


@pytest.mark.parametrize(
    "change",
    [
        {"encoding": "utf-8-sig"},
        {"newline": "\r\n"},
        {"final_newline": False},
        {"sep": ";"},
    ],
    ids=["bom", "crlf", "no-final-newline", "semicolon"],
)
def test_fingerprint_is_the_contents(
    master_copy: Path, master: Master, change: dict[str, object]
) -> None:
    options: dict[str, object] = {"sep": ",", "encoding": "utf-8", "newline": "\n"} | change
    _resave(master_copy, **options)  # type: ignore[arg-type]
    m = load_master(master_copy)
    assert (m.fingerprint, m.files) == (master.fingerprint, master.files)


def test_a_real_content_change_changes_the_fingerprint(master_copy: Path, master: Master) -> None:
    _replace_line(
        master_copy / "figures.csv",
        "64110000,TOIMINTATUOTOT,",
        "64110000,TOIMINTATUOTOT,480920,441104,441105",
    )
    m = load_master(master_copy)
    assert m.fingerprint != master.fingerprint
    changed = [n for (n, h), (_, h0) in zip(m.files, master.files, strict=True) if h != h0]
    assert changed == ["figures.csv"]


@pytest.mark.parametrize("variant", ["semicolon-bom-crlf", "semicolon-cp1252"])
def test_consolidating_with_a_finnish_excel_master_gives_the_same_report(
    master_copy: Path, tmp_path: Path, sample_report: tuple[Consolidation, Path], variant: str
) -> None:
    _resave(master_copy, *FINNISH_EXCEL[variant])
    c = consolidate(INPUTS, master_copy, tmp_path / "r.xlsx")
    before = sample_report[0]
    assert [f.rule for f in c.findings] == [f.rule for f in before.findings]
    assert not any(f.rule is Rule.STALE_TEMPLATE for f in c.findings)
    assert c.reported == before.reported
    for node in before.master.centres:
        for line in Line:
            for column in Column:
                assert c.amount(node.code, line, column) == before.amount(node.code, line, column)


@pytest.mark.parametrize("variant", FINNISH_EXCEL)
def test_another_citys_master_saved_by_finnish_excel_gives_the_same_report(
    tmp_path: Path, variant: str
) -> None:
    """Not Kemi: a synthetic city with other codes and sizes, its master re-saved by Excel."""
    org = synthesize(tmp_path / "org", departments=3, areas=3, seed=11)
    resaved = tmp_path / "resaved"
    shutil.copytree(org.templates, resaved)
    _resave(resaved, *FINNISH_EXCEL[variant])
    assert load_master(resaved) == load_master(org.templates)
    before = consolidate(org.inputs, org.templates, tmp_path / "a.xlsx")
    after = consolidate(org.inputs, resaved, tmp_path / "b.xlsx")
    assert [(f.rule, f.code) for f in after.findings] == [(f.rule, f.code) for f in before.findings]
    assert not any(f.rule is Rule.STALE_TEMPLATE for f in after.findings)
    assert after.reported == before.reported
