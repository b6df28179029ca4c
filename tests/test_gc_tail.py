"""A consolidation leaves no reference cycles behind, and the collector as it found it."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kemixl.cli import main
from kemixl.pipeline import consolidate

from .conftest import INPUTS, TEMPLATES


@pytest.fixture
def collector() -> Iterator[None]:
    was = gc.isenabled()
    gc.collect()  # what earlier tests left
    yield
    if was:
        gc.enable()


def test_a_consolidation_leaves_no_cycles(collector: None, tmp_path: Path) -> None:
    """The report's workbook is freed when dropped, not at some later full collection: before
    the sheets' back reference to the workbook was cut, the sample's run left 7 672 objects in
    cycles (a large organisation's, a million)."""
    c = consolidate(INPUTS, TEMPLATES, tmp_path / "r.xlsx")
    gc.disable()
    del c
    assert gc.collect() < 200


@pytest.mark.parametrize("enabled", [True, False])
def test_the_commands_leave_the_collector_as_they_found_it(
    collector: None, tmp_path: Path, enabled: bool
) -> None:
    (gc.enable if enabled else gc.disable)()
    for args, code in (
        (["consolidate", str(INPUTS), "-o", str(tmp_path / "r.xlsx")], 0),
        (["check", str(INPUTS)], 0),
        (["consolidate", str(tmp_path / "nowhere"), "-o", str(tmp_path / "r.xlsx")], 2),
    ):
        result = CliRunner().invoke(main, [*args, "--master", str(TEMPLATES)])
        assert result.exit_code == code, result.output
        assert gc.isenabled() is enabled
