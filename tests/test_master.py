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
