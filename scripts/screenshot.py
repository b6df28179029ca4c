"""Render pages of the consolidated report and of a department template to PNG for the
README (docs/*.png).

    .venv/bin/python scripts/screenshot.py                # consolidates inputs/ first
    .venv/bin/python scripts/screenshot.py outputs/osavuosikatsaus_2023_01-06.xlsx

The workbook is printed to PDF as `kemixl pdf` does (LibreOffice headless, the workbook's own
page setup: A4 landscape, one page wide); pdftoppm (poppler-utils) then rasterises a page of
chosen sheets (the first, unless said), found by the sheet name each page's footer carries:

    docs/report-contents.png     Sisällys: readiness and what is where
    docs/report-summary.png      Tuloslaskelma: income statement and charts
    docs/report-departments.png  Toimialat: departments, YLITYS / NOPEA TAHTI
    docs/report-binding.png      Sitovat määrärahat: the binding appropriations and their status
    docs/report-proposal.png     Talousarviomuutosesitys: the draft budget amendment
    docs/report-department.png   the first department sheet, with its explanation
    docs/report-kpis.png         Tunnusluvut: KPI blocks per department and result area
    docs/report-strategy.png     Strategia: the status matrix
    docs/report-strategy-table.png  Strategia's next page: a table under its title and SDGs
    docs/report-pdf-page.png     a department's page of the PDF: its table and explanation
    docs/report-investments.png  Investoinnit: the investment part (the sample's synthetic
                                 projects)
    docs/template-checks.png     a KESKUSVIRASTO template filled with the usual mistakes: its
                                 Talous sheet with hints in the Tarkistus column
    docs/template-investments.png  a HYVINVOINTITOIMIALA template's Investoinnit sheet filled
                                 with mistakes: hints in its Tarkistus column

In another language (`--lang sv`, consolidated in it), only the department sheet, beside the
Finnish one for the README's "Choosing the language":

    docs/report-department-sv.png  the first department sheet of the Swedish report

Given a later report of the year (one with *Ennusteen kehitys*, such as the 1-8 report of
`tests/test_rollover.py`), it renders only that sheet, as docs/report-trend.png.

Needs: soffice (apt-get install libreoffice-calc-nogui) and pdftoppm/pdftotext (poppler-utils).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parent.parent
RECALC_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def consolidated(workdir: Path, lang: str | None = None) -> Path:
    """The bundled sample consolidated into a temporary workbook (in `lang`, if given)."""
    from kemixl.pipeline import consolidate

    out = workdir / "osavuosikatsaus.xlsx"
    consolidate(ROOT / "inputs", ROOT / "templates", out, language=lang)
    return out


def footer_word(lang: str) -> str:
    """What a page's footer says before its number: 'sivu ' (fi), 'sida ' (sv), 'page '."""
    from kemixl.i18n import _, using

    with using(lang):
        return _("page {page} / {pages}").split("{page}")[0]


def faulty_template(workdir: Path) -> Path:
    """KESKUSVIRASTO's template filled with the sample's figures and the usual mistakes: a
    forecast below the actual, a wrong sign, a result area in thousands, a missing actual, and
    a forecast pasted as text (no hint: the template computes with it, as kemixl does)."""
    import csv

    from kemixl.master import load_master
    from kemixl.model import Column, Line
    from kemixl.templates.fill import fill_template
    from kemixl.templates.writer import write_templates

    master = load_master(ROOT / "templates")
    template = next(
        r.path
        for r in write_templates(master, workdir / "templates")
        if r.path is not None and r.department == "64100000"
    )
    with (ROOT / "samples" / "kemi2023" / "finance.csv").open(encoding="utf-8") as f:
        figures: dict[tuple[str, Line], dict[Column, object]] = {
            (r["code"], Line(r["line"])): {
                Column.ACTUAL: float(r["actual"]),
                Column.FORECAST: float(r["forecast"]),
            }
            for r in csv.DictReader(f)
        }
    figures[("64110000", Line.COSTS)][Column.FORECAST] = -1000000.0
    figures[("64120000", Line.INCOME)][Column.ACTUAL] = -488871.0
    for line in (Line.INCOME, Line.COSTS):
        figures[("64130000", line)] = {
            c: round(float(v) / 1000) for c, v in figures[("64130000", line)].items()
        }
    del figures[("64140000", Line.COSTS)][Column.ACTUAL]
    figures[("64140000", Line.INCOME)][Column.FORECAST] = "580 000,50"
    target = workdir / "keskusvirasto_tarkistukset.xlsx"
    fill_template(template, target, master.period, figures)
    return target


def faulty_investments(workdir: Path) -> Path:
    """HYVINVOINTITOIMIALA's template filled with the sample, its projects with mistakes: an
    actual as text, an overrun without an explanation, a project without a status."""
    import csv

    from kemixl.master import load_master
    from kemixl.model import EXPENDITURE, Column, Line
    from kemixl.templates.fill import fill_template
    from kemixl.templates.writer import write_templates

    master = load_master(ROOT / "templates")
    template = next(
        r.path
        for r in write_templates(master, workdir / "templates-hv")
        if r.path is not None and r.department == "64300000"
    )
    samples = ROOT / "samples" / "kemi2023"
    with (samples / "finance.csv").open(encoding="utf-8") as f:
        figures = {
            (r["code"], Line(r["line"])): {
                Column.ACTUAL: float(r["actual"]),
                Column.FORECAST: float(r["forecast"]),
            }
            for r in csv.DictReader(f)
        }
    from make_sample_inputs import sample_projects  # scripts/, beside this script

    projects = sample_projects()
    projects["I2321"][(EXPENDITURE, Column.ACTUAL)] = "n. 120 000"
    projects["I2322"][(EXPENDITURE, Column.FORECAST)] = -450000.0
    projects["I2323"]["status"] = ""
    target = workdir / "hyvinvointi_investoinnit.xlsx"
    fill_template(template, target, master.period, figures, projects=projects)
    return target


def to_pdf(workbook: Path, workdir: Path) -> Path:
    """The workbook as kemixl's own tagged PDF (`kemixl pdf`)."""
    from kemixl.report.pdf import PdfError, export_pdf

    pdf = workdir / (workbook.stem + ".pdf")
    try:
        export_pdf(workbook, pdf)
    except PdfError as exc:
        sys.exit(f"screenshot: {exc}")
    return pdf


def recalculated_pdf(workbook: Path, workdir: Path) -> Path:
    """The workbook printed by LibreOffice after recalculating every formula (a template
    filled by openpyxl carries no cached values)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit("screenshot: soffice (LibreOffice) not found")
    profile = workdir / "profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALC_PROFILE, encoding="utf-8")
    outdir = workdir / f"pdf-{workbook.stem}"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf:calc_pdf_Export",
            "--outdir",
            str(outdir),
            str(workbook),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    pdf = outdir / (workbook.stem + ".pdf")
    if not pdf.is_file():
        sys.exit(f"screenshot: LibreOffice did not write {pdf}")
    return pdf


def page_sheets(pdf: Path, word: str = "sivu ") -> list[str]:
    """The sheet name printed in each page's footer (its last line of text, before `word` and
    the page number), page by page."""
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
        footer = [ln for ln in text.splitlines() if word in ln]
        names.append(footer[-1].split(word)[0].strip() if footer else "")
    return names


def png(pdf: Path, page: int, target: Path, dpi: int) -> None:
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-singlefile",
            "-r",
            str(dpi),
            "-f",
            str(page),
            "-l",
            str(page),
            str(pdf),
            str(target),
        ],
        check=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("workbook", nargs="?", type=Path, help="default: consolidate inputs/")
    parser.add_argument("--outdir", type=Path, default=ROOT / "docs")
    parser.add_argument("--dpi", type=int, default=100)
    parser.add_argument("--lang", default="fi", help="fi (every picture) or sv, en, fi+sv")
    args = parser.parse_args()
    args.outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kemixl-shot-") as tmp:
        work = Path(tmp)
        workbook = args.workbook.resolve() if args.workbook else consolidated(work, args.lang)
        names = load_workbook(workbook, read_only=True).sheetnames
        from kemixl.i18n import using
        from kemixl.report.names import (
            AMENDMENTS,
            BINDING,
            INVESTMENTS,
            PROPOSAL,
            TREND,
            sheet_title,
        )

        with using(args.lang):
            binding, proposal = sheet_title(BINDING), sheet_title(PROPOSAL)
            trend, amendments = sheet_title(TREND), sheet_title(AMENDMENTS)
            investments = sheet_title(INVESTMENTS)
        others = (binding, proposal, trend, amendments, investments)
        departments = [n for n in names[3:] if n not in others]
        wanted = {  # picture: (sheet, its nth page)
            "contents": (names[0], 0),
            "summary": (names[1], 0),
            "departments": (names[2], 0),
            "binding": (binding, 0),
            "proposal": (proposal, 0),
            "department": (departments[0], 0),
            "kpis": ("Tunnusluvut", 0),
            "strategy": ("Strategia", 0),
            "strategy-table": ("Strategia", 1),
            "pdf-page": (departments[2] if len(departments) > 2 else departments[0], 0),
        }
        if investments in names:  # the master has investment projects
            wanted["investments"] = (investments, 0)
        if trend in names:  # a later report of the year
            wanted = {"trend": (trend, 0)}
        suffix = ""
        if args.lang != "fi":  # the department sheet, to stand beside the Finnish one
            wanted, suffix = {"department": (departments[0], 0)}, f"-{args.lang.replace('+', '-')}"
        pdf = to_pdf(workbook, work)
        pages = page_sheets(pdf, footer_word(args.lang.split("+")[0]))
        for key, (sheet, nth) in wanted.items():
            numbers = [n for n, name in enumerate(pages, start=1) if name == sheet]
            if len(numbers) <= nth:
                print(f"screenshot: no page {nth + 1} of sheet {sheet!r}", file=sys.stderr)
                continue
            page = numbers[nth]
            target = args.outdir / f"report-{key}{suffix}"
            png(pdf, page, target, args.dpi)
            print(f"{target}.png  (sheet {sheet}, page {page} of {len(pages)})")
        if suffix:
            return
        template_pdf = recalculated_pdf(faulty_template(work), work)
        page = next(i for i, name in enumerate(page_sheets(template_pdf), 1) if "Talous" in name)
        target = args.outdir / "template-checks"
        png(template_pdf, page, target, args.dpi)
        print(f"{target}.png  (template sheet Talous, page {page})")
        investments_pdf = recalculated_pdf(faulty_investments(work), work)
        sheets = page_sheets(investments_pdf)
        page = next((i for i, n in enumerate(sheets, 1) if "Investoinnit" in n), 0)
        if page:
            target = args.outdir / "template-investments"
            png(investments_pdf, page, target, args.dpi)
            print(f"{target}.png  (template sheet Investoinnit, page {page})")


if __name__ == "__main__":
    main()
