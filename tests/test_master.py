from __future__ import annotations

from pathlib import Path

import pytest

from kemixl.master import MasterError, load_master
from kemixl.model import Column, Line


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
    assert any("strategy_sdg.csv:1: missing column(s) department" in p for p in problems)


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
