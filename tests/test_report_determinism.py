"""The same inputs give the same workbook, byte for byte: fixed document properties and
timestamps, and no ordering that depends on hashing or on the clock."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from kemixl.reconcile import Consolidation

from .conftest import ROOT
from .test_report_support import (  # noqa: F401  (fixtures)
    fixture_samples_consolidation,
    write,
)

SCRIPT = """
import sys
from pathlib import Path
from tests.test_report_support import base_consolidation, with_samples, write
write(with_samples(base_consolidation()), Path(sys.argv[1]))
"""


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def test_same_inputs_same_bytes(samples_consolidation: Consolidation, tmp_path: Path) -> None:
    first = write(samples_consolidation, tmp_path / "first.xlsx")
    time.sleep(1.1)  # a clock-dependent timestamp would now differ
    second = tmp_path / "second.xlsx"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}  # and so would set/hash ordering
    subprocess.run(
        [sys.executable, "-c", SCRIPT, str(second)], cwd=ROOT, env=env, check=True, timeout=120
    )
    a, b = _members(first), _members(second)
    assert list(a) == list(b)
    differing = [name for name in a if a[name] != b[name]]
    assert differing == []
    assert first.read_bytes() == second.read_bytes()
    core = a["docProps/core.xml"].decode()
    assert "<dcterms:created" in core and "2023-06-01T00:00:00Z" in core
