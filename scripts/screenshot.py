"""Render pages of the consolidated report to PNG for the README (docs/*.png).

    .venv/bin/python scripts/screenshot.py                # consolidates inputs/ first
    .venv/bin/python scripts/screenshot.py outputs/osavuosikatsaus_2023_01-06.xlsx

The workbook is printed to PDF as `kemixl pdf` does (LibreOffice headless, the workbook's own
page setup: A4 landscape, one page wide); pdftoppm (poppler-utils) then rasterises a page of
chosen sheets (the first, unless said), found by the sheet name each page's footer carries:

    docs/report-contents.png     Sisällys: readiness and what is where
    docs/report-summary.png      Tuloslaskelma: income statement and charts
    docs/report-departments.png  Toimialat: departments, YLITYS / NOPEA TAHTI
    docs/report-department.png   the first department sheet, with its explanation
    docs/report-kpis.png         Tunnusluvut: KPI blocks per department and result area
    docs/report-strategy.png     Strategia: the status matrix
    docs/report-strategy-table.png  Strategia's next page: a table under its title and SDGs
    docs/report-pdf-page.png     a department's page of the PDF: its table and explanation

Given a later report of the year (one with *Ennusteen kehitys*, such as the 1-8 report of
`tests/test_rollover.py`), it renders only that sheet, as docs/report-trend.png.

Needs: soffice (apt-get install libreoffice-calc-nogui) and pdftoppm/pdftotext (poppler-utils).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parent.parent


def consolidated(workdir: Path) -> Path:
    """The bundled sample consolidated into a temporary workbook."""
    from kemixl.pipeline import consolidate

    out = workdir / "osavuosikatsaus.xlsx"
    consolidate(ROOT / "inputs", ROOT / "templates", out)
    return out


def to_pdf(workbook: Path, workdir: Path) -> Path:
    """The workbook as kemixl's own tagged PDF (`kemixl pdf`)."""
    from kemixl.report.pdf import PdfError, export_pdf

    pdf = workdir / (workbook.stem + ".pdf")
    try:
        export_pdf(workbook, pdf)
    except PdfError as exc:
        sys.exit(f"screenshot: {exc}")
    return pdf


def page_sheets(pdf: Path) -> list[str]:
    """The sheet name printed in each page's footer (its last line of text), page by page."""
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    pages = int(next(ln for ln in info.stdout.splitlines() if ln.startswith("Pages:")).split()[1])
    names = []
    for n in range(1, pages + 1):
        text = subprocess.run(
            ["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        footer = [ln for ln in text.splitlines() if "sivu " in ln]
        names.append(footer[-1].split("sivu ")[0].strip() if footer else "")
    return names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("workbook", nargs="?", type=Path, help="default: consolidate inputs/")
    parser.add_argument("--outdir", type=Path, default=ROOT / "docs")
    parser.add_argument("--dpi", type=int, default=100)
    args = parser.parse_args()
    args.outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kemixl-shot-") as tmp:
        work = Path(tmp)
        workbook = args.workbook.resolve() if args.workbook else consolidated(work)
        names = load_workbook(workbook, read_only=True).sheetnames
        year_sheets = ("Ennusteen kehitys", "Talousarviomuutokset")
        wanted = {  # picture: (sheet, its nth page)
            "contents": (names[0], 0),
            "summary": (names[1], 0),
            "departments": (names[2], 0),
            "department": (next(n for n in names[3:] if n not in year_sheets), 0),
            "kpis": ("Tunnusluvut", 0),
            "strategy": ("Strategia", 0),
            "strategy-table": ("Strategia", 1),
            "pdf-page": (names[5] if len(names) > 5 else names[3], 0),  # a department, whole
        }
        if year_sheets[0] in names:  # a later report of the year
            wanted = {"trend": (year_sheets[0], 0)}
        pdf = to_pdf(workbook, work)
        pages = page_sheets(pdf)
        for key, (sheet, nth) in wanted.items():
            numbers = [n for n, name in enumerate(pages, start=1) if name == sheet]
            if len(numbers) <= nth:
                print(f"screenshot: no page {nth + 1} of sheet {sheet!r}", file=sys.stderr)
                continue
            page = numbers[nth]
            target = args.outdir / f"report-{key}"
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-singlefile",
                    "-r",
                    str(args.dpi),
                    "-f",
                    str(page),
                    "-l",
                    str(page),
                    str(pdf),
                    str(target),
                ],
                check=True,
            )
            print(f"{target}.png  (sheet {sheet}, page {page} of {len(pages)})")


if __name__ == "__main__":
    main()
