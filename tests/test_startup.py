"""Startup stays light: heavy libraries are imported only by the commands that need them."""

from __future__ import annotations

import json
import subprocess
import sys

from .conftest import INPUTS, TEMPLATES

HEAVY = ("pandas", "numpy", "openpyxl", "xlsxwriter", "python_calamine")

_PROBE = """
import json, sys
from kemixl.cli import main
try:
    main(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} & set(%r))))
"""


def _heavy_modules_after(*args: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE % (HEAVY,), *args],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return set(json.loads(out.strip().splitlines()[-1]))


def test_help_imports_no_heavy_library() -> None:
    assert _heavy_modules_after("--help") == set()


def test_check_reads_without_pandas_openpyxl_or_xlsxwriter() -> None:
    workbook = sorted(INPUTS.glob("*.xlsx"))[0]
    loaded = _heavy_modules_after("check", str(workbook), "--master", str(TEMPLATES), "-q")
    assert loaded == {"python_calamine"}  # the fast reader, nothing else


def test_init_and_master_convert_help_import_no_heavy_library() -> None:
    assert _heavy_modules_after("init", "--help") == set()
    assert _heavy_modules_after("master", "convert", "--help") == set()
