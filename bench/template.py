"""How lean a department template is: its finance sheet's XML per result area, its formulas.

    python bench/template.py MASTER_DIR OUTPUT_DIR RESULT.json

Writes the templates of the master data in MASTER_DIR with the library's own write_templates
(the same in every kemixl since templates took this shape, so the benchmark can measure an
earlier checkout too) and measures the largest department's: the bytes of its finance sheet's
XML per result area, the longest formula and the deepest nesting (of the sheet's cells and the
workbook's defined names), the hidden helper columns and the seconds the writing took. Writes
them as JSON to RESULT.json.
"""

from __future__ import annotations

import html
import json
import re
import sys
import time
import zipfile
from pathlib import Path


def depth(formula: str) -> int:
    """The deepest nesting of parentheses outside string literals."""
    deepest = level = 0
    quoted = False
    for ch in formula:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch == "(":
            level += 1
            deepest = max(deepest, level)
        elif not quoted and ch == ")":
            level -= 1
    return deepest


def finance_part(z: zipfile.ZipFile) -> str:
    """The finance sheet's part: the workbook's second sheet (after the instructions)."""
    book = z.read("xl/workbook.xml").decode()
    rels = z.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.findall(r'<sheet [^>]*r:id="([^"]+)"', book)[1]
    target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"', rels) or re.search(
        rf'Target="([^"]+)"[^>]*Id="{rid}"', rels
    )
    assert target is not None
    return "xl/" + target.group(1).removeprefix("/xl/")


def measure(path: Path, areas: int) -> dict[str, object]:
    with zipfile.ZipFile(path) as z:
        sheet = z.read(finance_part(z)).decode()
        book = z.read("xl/workbook.xml").decode()
    cells = [html.unescape(f) for f in re.findall(r"<f[^>]*>(.*?)</f>", sheet, re.S)]
    names = [
        html.unescape(f)
        for n, f in re.findall(r'<definedName name="([^"]+)"[^>]*>(.*?)</definedName>', book)
        if not n.startswith("_xlnm.")
    ]
    formulas = cells + names
    hidden: set[int] = set()
    for first, last in re.findall(r'<col min="(\d+)" max="(\d+)"[^>]*hidden="1"', sheet):
        hidden |= set(range(int(first), int(last) + 1))
    longest = max(formulas, key=len)
    return {
        "finance_sheet_bytes": len(sheet.encode()),
        "bytes_per_area": len(sheet.encode()) / areas,
        "formulas": len(cells),
        "defined_names": len(names),
        "longest_formula": len(longest),
        "longest_formula_text": longest[:200],
        "deepest_nesting": max(map(depth, formulas)),
        "hidden_helper_columns": len(hidden),
    }


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    master_dir, output, result = map(Path, argv)
    from kemixl.master import load_master
    from kemixl.templates.writer import write_templates

    master = load_master(master_dir)
    start = time.perf_counter()
    written = [r for r in write_templates(master, output) if r.path is not None]
    seconds = time.perf_counter() - start
    areas = {r.department: len(master.children(r.department)) for r in written}
    largest = max(written, key=lambda r: areas[r.department])
    assert largest.path is not None
    out = measure(largest.path, areas[largest.department])
    out.update({"areas": areas[largest.department], "templates": len(written), "seconds": seconds})
    result.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
