"""Reading the submissions while the master data loads: the same consolidation, every time."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from kemixl import reading
from kemixl.findings import Finding, Rule, Severity
from kemixl.i18n import msg
from kemixl.master import MasterError, load_limits, load_master
from kemixl.model import DEFAULT_LIMITS, Column, Limits, Master
from kemixl.pipeline import consolidate
from kemixl.reading import Ahead
from kemixl.reconcile import Checked, check_workbook, inputs_of, reconcile
from kemixl.submissions.reader import read_submission
from kemixl.submissions.records import Submission

from .conftest import INPUTS, TEMPLATES


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Twelve workbooks (three copies of the sample's), enough for worker processes."""
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for i in range(3):
        for p in sorted(INPUTS.glob("*.xlsx")):
            shutil.copy(p, inputs / f"{i}_{p.name}")
    return inputs


@pytest.fixture
def results(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many workbooks each consolidation took from its read-ahead (spied on)."""
    handed: list[int] = []
    original = reading.read_with

    def spy(ahead: Ahead | None, paths: list[Path], limits: Limits, *rest: object) -> object:
        if ahead is not None and ahead.serves(paths, limits):
            handed.append(len(paths))
        return original(ahead, paths, limits, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr("kemixl.pipeline.read_with", spy)
    return handed


def _essence(c: object) -> tuple[object, ...]:
    from kemixl.reconcile import Consolidation

    assert isinstance(c, Consolidation)
    return (c.findings, c.reported, c.explanations, c.kpis, c.realizations, c.projects)


def test_read_ahead_gives_the_consolidation_read_after_gives(
    folder: Path, tmp_path: Path, results: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    ahead = consolidate(folder, TEMPLATES, tmp_path / "ahead.xlsx")
    assert results == [12]  # the workers read every workbook while the master loaded
    monkeypatch.setattr("kemixl.pipeline.load_limits", lambda _: None)  # limits unknown: after
    after = consolidate(folder, TEMPLATES, tmp_path / "after.xlsx")
    assert results == [12]
    assert _essence(ahead) == _essence(after)


def test_workbooks_read_within_other_limits_are_read_again(
    folder: Path, tmp_path: Path, results: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("kemixl.pipeline.load_limits", lambda _: None)
    after = consolidate(folder, TEMPLATES, tmp_path / "after.xlsx")
    # what master.toml seemed to say is not what the loaded master says: 10 rows of a sheet
    other = Limits(max_rows=10)
    monkeypatch.setattr("kemixl.pipeline.load_limits", lambda _: other)
    c = consolidate(folder, TEMPLATES, tmp_path / "r.xlsx")
    assert results == []  # nothing handed over: read again within the master's own limits
    assert _essence(c) == _essence(after)


def test_a_master_in_error_stops_the_reading_workers(folder: Path, tmp_path: Path) -> None:
    master = tmp_path / "master"
    shutil.copytree(TEMPLATES, master)
    (master / "costcentres.csv").write_text("code;parent;name\n1;;A\n1;;B\n", encoding="utf-8")
    with pytest.raises(MasterError):
        consolidate(folder, master, tmp_path / "r.xlsx")
    assert not (tmp_path / "r.xlsx").exists()


def test_no_read_ahead_makes_the_output_folder_before_the_master_is_read(
    folder: Path, tmp_path: Path, results: list[int]
) -> None:
    out = tmp_path / "new" / "r.xlsx"  # its folder does not exist yet
    consolidate(folder, TEMPLATES, out)
    assert out.is_file() and results == []


def test_limits_are_read_from_master_toml_alone(tmp_path: Path) -> None:
    assert load_limits(TEMPLATES) == DEFAULT_LIMITS
    master = tmp_path / "master"
    shutil.copytree(TEMPLATES, master)
    toml = master / "master.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text + "\n[limits]\nmax_rows = 5000\n", encoding="utf-8")
    assert load_limits(master) == Limits(max_rows=5000)
    toml.write_text(text + "\n[limits]\nmax_rows = -1\n", encoding="utf-8")
    assert load_limits(master) is None  # load_master says why
    toml.write_text("[report\n", encoding="utf-8")
    assert load_limits(master) is None
    toml.unlink()
    assert load_limits(master) is None
    assert load_limits(tmp_path / "nowhere") is None
    assert load_limits(INPUTS / sorted(p.name for p in INPUTS.glob("*.xlsx"))[0]) is None


def test_each_workbook_is_checked_as_it_arrives(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kemixl.pipeline

    seen: list[str] = []
    original = kemixl.pipeline.check_workbook

    def spy(master: Master, sub: Submission, inputs: tuple[Column, ...]) -> Checked:
        seen.append(sub.name)
        return original(master, sub, inputs)

    monkeypatch.setattr("kemixl.pipeline.check_workbook", spy)
    consolidate(folder, TEMPLATES, tmp_path / "r.xlsx")
    assert sorted(seen) == sorted(p.name for p in folder.iterdir())


def test_reconcile_takes_a_workbook_checked_ahead_only_as_it_was_checked() -> None:
    master = load_master(TEMPLATES)
    subs = [read_submission(p) for p in sorted(INPUTS.glob("*.xlsx"))]
    plain = reconcile(master, subs)
    inputs = inputs_of(None)
    ahead = {s.name: check_workbook(master, s, inputs) for s in subs}
    assert reconcile(master, subs, prechecked=ahead) == plain
    marker = Finding(Rule.SUM_MISMATCH, Severity.ERROR, msg("found ahead"), subs[0].name)
    first = ahead[subs[0].name]
    taken = {**ahead, subs[0].name: replace(first, findings=(marker,))}
    assert marker in reconcile(master, subs, prechecked=taken).findings
    # checked as another record, or for other inputs (a ledger's run): checked again
    for stale in (
        replace(first, findings=(marker,), sub=read_submission(INPUTS / subs[0].name)),
        replace(first, findings=(marker,), inputs=inputs_of(object())),  # type: ignore[arg-type]
    ):
        again = reconcile(master, subs, prechecked={**ahead, subs[0].name: stale})
        assert again == plain


def test_the_reading_processes_are_gone_before_the_report_is_written(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The report's writing forks a process of its own: by then the reading pool's processes
    and its thread have ended (a fork beside other threads may deadlock in the child)."""
    import multiprocessing
    import threading

    import kemixl.report  # the pipeline imports write_report from it when it writes

    seen: list[tuple[int, int]] = []
    original = kemixl.report.write_report

    def spy(*args: object) -> None:
        seen.append((len(multiprocessing.active_children()), threading.active_count()))
        original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr("kemixl.report.write_report", spy)
    consolidate(folder, TEMPLATES, tmp_path / "r.xlsx")
    assert seen == [(0, 1)]
