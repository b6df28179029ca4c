"""The library's entry points: what the CLI commands do, without any terminal I/O."""

from __future__ import annotations

from pathlib import Path

from .findings import Finding, Rule, Severity
from .master import load_master
from .model import Master
from .reader import read_submission
from .reconcile import Consolidation, reconcile
from .report import write_report


class UsageError(Exception):
    """Bad usage or an output that cannot be written (exit code 2)."""


def collect(folder: Path) -> tuple[list[Path], list[Finding]]:
    """The .xlsx submissions of a folder; lock files and other files are skipped with a note."""
    if not folder.exists():
        raise UsageError(f"{folder}: no such file or folder")
    if folder.is_file():
        if folder.suffix.lower() != ".xlsx" or folder.name.startswith("~$"):
            raise UsageError(
                f"{folder}: not an .xlsx workbook (Excel lock files ~$… are not workbooks)"
            )
        return [folder], []
    paths: list[Path] = []
    skipped: list[Finding] = []
    for p in sorted(folder.iterdir()):
        if p.is_dir() or p.name.startswith("."):
            continue
        if p.name.startswith("~$"):
            skipped.append(
                Finding(Rule.SKIPPED_FILE, Severity.NOTE, "skipped: an Excel lock file", p.name)
            )
        elif p.suffix.lower() != ".xlsx":
            skipped.append(
                Finding(Rule.SKIPPED_FILE, Severity.NOTE, "skipped: not an .xlsx workbook", p.name)
            )
        else:
            paths.append(p)
    return paths, skipped


def check(path: Path, master: Master) -> Consolidation:
    """Reconcile without writing: for a department checking its own workbook (or a folder)."""
    paths, skipped = collect(path)
    c = reconcile(master, [read_submission(p) for p in paths], skipped)
    if path.is_file():  # one department's file: other departments' absence is not its problem
        keep = [f for f in c.findings if f.rule not in (Rule.MISSING_DEPARTMENT, Rule.NOT_REQUIRED)]
        c = Consolidation(
            c.master,
            c.reported,
            tuple(keep),
            c.sources,
            c.explanations,
            c.kpis,
            c.realizations,
            c.submitted_departments,
        )
    return c


def consolidate(folder: Path, master_dir: Path, output: Path) -> Consolidation:
    master = load_master(master_dir)
    paths, skipped = collect(folder)
    c = reconcile(master, [read_submission(p) for p in paths], skipped)
    try:
        write_report(c, output)
    except OSError as exc:
        raise UsageError(f"{output}: cannot write the workbook ({exc.strerror or exc})") from exc
    return c


def default_output(master: Master, base: Path = Path("outputs")) -> Path:
    p = master.period
    return base / f"osavuosikatsaus_{p.year}_{p.first_month:02d}-{p.last_month:02d}.xlsx"


def make_templates(master_dir: Path, output: Path) -> list[str]:
    """Write the department templates; returns one line per department."""
    from .template_writer import write_templates

    master = load_master(master_dir)
    try:
        return [r.note for r in write_templates(master, master_dir, output)]
    except OSError as exc:
        raise UsageError(f"{output}: cannot write the templates ({exc.strerror or exc})") from exc
