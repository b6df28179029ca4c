"""The console script (`kemixl.cli:run`) ends the process at once after its command, with the
exit status and the output the command gave: nothing lost for the skipped tear-down."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kemixl import collector
from kemixl.cli import exit_status
from kemixl.pipeline import consolidate
from kemixl.report.finance import Layout
from kemixl.xlsx.book import Book

from .conftest import INPUTS, TEMPLATES


def console(*args: str) -> subprocess.CompletedProcess[str]:
    """kemixl as the installed console script runs it."""
    code = "from kemixl.cli import run\nrun()\n"
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=300
    )


def test_a_run_ends_with_its_report_written_and_every_line_said(tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    done = console("consolidate", str(INPUTS), "--master", str(TEMPLATES), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert out.stat().st_size > 0
    last = done.stdout.strip().splitlines()[-1]
    assert last == f"kirjoitettu {out}"  # the last line, flushed before the process ended
    assert "0 virhettä" in done.stdout


def test_an_unusable_folder_still_exits_2_with_one_line(tmp_path: Path) -> None:
    done = console(
        "consolidate", str(tmp_path / "nowhere"), "--master", str(TEMPLATES), "-o", "r.xlsx"
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert str(tmp_path / "nowhere") in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_usage_errors_and_help_keep_their_statuses() -> None:
    assert console("--help").returncode == 0
    assert "consolidate" in console("--help").stdout
    wrong = console("no-such-command")
    assert wrong.returncode == 2
    assert "no-such-command" in wrong.stderr


@pytest.mark.parametrize(("code", "status"), [(None, 0), (0, 0), (1, 1), (3, 3), (True, 1)])
def test_exit_status_is_what_sys_exit_makes_of_a_code(code: object, status: int) -> None:
    assert exit_status(code) == status


def test_a_text_code_is_said_on_stderr_and_gives_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert exit_status("ei onnistunut") == 1
    assert capsys.readouterr().err == "ei onnistunut\n"


def test_a_run_that_ends_the_process_keeps_its_workbook(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Where the process ends with the run (the console script) the written workbook (and the
    layout of its blocks) is held to the end, never freed cell by cell; otherwise it goes when the run drops it. The same
    report either way."""
    kept: list[object] = []
    monkeypatch.setattr(collector, "_kept", kept)
    consolidate(INPUTS, TEMPLATES, tmp_path / "a.xlsx")
    assert kept == []
    monkeypatch.setattr(collector, "_ends_with_run", True)
    consolidate(INPUTS, TEMPLATES, tmp_path / "b.xlsx")
    assert {type(thing) for thing in kept} == {Book, Layout}  # (and the blocks' refs)
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
