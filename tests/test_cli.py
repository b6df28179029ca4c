from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kemixl.cli import main
from kemixl.model import Column, Line, Master

from .builders import Drift, sample_reported, write_submission
from .conftest import INPUTS, TEMPLATES


def run(*args: str) -> tuple[int, str]:
    """kemixl in English, whose words these tests read (Finnish is the default)."""
    result = CliRunner().invoke(main, ["--lang", "en", *args])
    return result.exit_code, result.output


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


def test_consolidate_clean_sample_exits_0(tmp_path: Path, inputs: Path) -> None:
    before = {p.name: p.read_bytes() for p in inputs.iterdir()}
    out = tmp_path / "r.xlsx"
    code, text = run("consolidate", str(inputs), "--output", str(out), "--master", str(TEMPLATES))
    assert code == 0, text
    assert out.exists() and f"wrote {out}" in text
    assert "0 errors" in text
    assert {p.name: p.read_bytes() for p in inputs.iterdir()} == before  # inputs untouched
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".r.")]  # no temp file left


def test_consolidate_with_errors_exits_1_and_still_writes(
    tmp_path: Path, inputs: Path, master: Master
) -> None:
    bad = Drift(overrides={("64110000", Line.COSTS, Column.ACTUAL): "n. 200 000"})
    next(inputs.glob("64100000_*.xlsx")).unlink()
    write_submission(inputs / "kv.xlsx", master, "64100000", sample_reported(), bad)
    out = tmp_path / "r.xlsx"
    code, text = run("consolidate", str(inputs), "-o", str(out), "--master", str(TEMPLATES))
    assert code == 1
    assert "kv.xlsx:Taul1!E4: error: text-in-number-cell [64110000]" in text
    assert "1 error," in text
    assert out.exists()
    assert "Traceback" not in text


def test_missing_department_is_an_error(tmp_path: Path, inputs: Path) -> None:
    next(inputs.glob("64200000_*.xlsx")).unlink()
    code, text = run(
        "consolidate", str(inputs), "-o", str(tmp_path / "r.xlsx"), "--master", str(TEMPLATES)
    )
    assert code == 1
    assert "error: missing-department [64200000]" in text


def test_unreadable_submission_is_exit_1_not_2(tmp_path: Path, inputs: Path) -> None:
    (inputs / "rikki.xlsx").write_bytes(b"this is not a zip")
    code, text = run(
        "consolidate", str(inputs), "-o", str(tmp_path / "r.xlsx"), "--master", str(TEMPLATES)
    )
    assert code == 1
    assert "rikki.xlsx: error: unreadable-file" in text
    assert "Traceback" not in text


def test_bad_master_is_exit_2_with_file_and_line(
    tmp_path: Path, master_copy: Path, inputs: Path
) -> None:
    with (master_copy / "costcentres.csv").open("a", encoding="utf-8") as f:
        f.write("64110000,64100000,X,\n")
    code, text = run(
        "consolidate", str(inputs), "-o", str(tmp_path / "r.xlsx"), "--master", str(master_copy)
    )
    assert code == 2
    assert "costcentres.csv:24: duplicate code 64110000" in text
    assert "Traceback" not in text


def test_missing_folder_is_exit_2(tmp_path: Path) -> None:
    code, text = run("consolidate", str(tmp_path / "nope"), "--master", str(TEMPLATES))
    assert code == 2 and "no such file or folder" in text


def test_unwritable_output_is_exit_2(tmp_path: Path, inputs: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, text = run(
        "consolidate", str(inputs), "-o", str(blocker / "r.xlsx"), "--master", str(TEMPLATES)
    )
    assert code == 2 and "kemixl: error:" in text


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
    assert "note:" in loud and "note:" not in quiet
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
    return [line for line in text.splitlines() if line.startswith("kept ")]


def test_a_run_that_is_not_ready_keeps_the_last_good_report(workdir: Path, inputs: Path) -> None:
    """The tester's run: one department's file instead of the folder, after a good run."""
    code, text = _consolidate(inputs)
    assert code == 0 and f"wrote {DEFAULT}" in text
    good = DEFAULT.read_bytes()
    code, text = _consolidate(next(inputs.glob("64100000_*.xlsx")))
    assert code == 1  # unchanged: errors are exit 1
    assert DEFAULT.read_bytes() == good
    assert BESIDE.is_file() and f"wrote {BESIDE}" in text
    assert _kept_lines(text) == [
        f"kept {DEFAULT}: this report is not ready, so the last one stays in place "
        "(--force replaces it)"
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
