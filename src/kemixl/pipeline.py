"""The library's entry points: what the CLI commands do, without any terminal I/O."""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .collector import paused as gc_paused  # the name callers and bench/ know
from .dates import early_deadline
from .findings import Finding, MessageError, Rule, Severity, has_errors, ordered
from .i18n import N_, Msg, _, format_date, msg, parse_language, using
from .ledger import Ledger
from .master import SETTINGS_FILE, load_limits, load_master
from .model import Line, Master
from .proposal import (
    AmendmentLine,
    amendment_lines,
    draft_rows,
    unrecorded_changes,
    write_proposal,
)
from .reading import Ahead, Progress, read_all, read_with, reading_ahead
from .reconcile import Checked, Consolidation, check_workbook, inputs_of, reconcile
from .reconcile.workbooks import later_period
from .submissions.records import Submission
from .xlsx.safe import display_name, write_error

if TYPE_CHECKING:
    from .init.records import InitResult
    from .year.rollover import Rollover


class UsageError(MessageError):
    """Bad usage or an output that cannot be written (exit code 2); its message is rendered in
    the run's language when shown."""


READABLE = (".xlsx", ".xlsm")  # .xlsm: values only, macros are never run or kept
# Spreadsheets kemixl does not read: a department that sent one must save it as .xlsx.
OTHER_SPREADSHEETS = {
    ".xls": N_("an old Excel 97-2003 (.xls) workbook"),
    ".xlsb": N_("a binary Excel workbook (.xlsb)"),
    ".ods": N_("an OpenDocument spreadsheet (.ods)"),
    ".numbers": N_("an Apple Numbers spreadsheet"),
}


def _triage(p: Path) -> Finding | None:
    """None for a workbook to read, else why the file is not read."""
    suffix = p.suffix.lower()
    if p.name.startswith("~$"):
        return Finding(
            Rule.SKIPPED_FILE, Severity.NOTE, msg("skipped: an Excel lock file"), display_name(p)
        )
    if suffix in OTHER_SPREADSHEETS:
        return Finding(
            Rule.UNREADABLE,
            Severity.ERROR,
            msg(
                "cannot be read: {kind}; open it in Excel and save it as an .xlsx workbook",
                kind=Msg(OTHER_SPREADSHEETS[suffix]),
            ),
            display_name(p),
        )
    if suffix not in READABLE:
        return Finding(
            Rule.SKIPPED_FILE,
            Severity.NOTE,
            msg("skipped: not an .xlsx workbook"),
            display_name(p),
        )
    return None


def collect(folder: Path) -> tuple[list[Path], list[Finding]]:
    """The workbooks of a folder (or one file), and a finding for each file not read."""
    if not folder.exists():
        raise UsageError(msg("{path}: no such file or folder", path=str(folder)))
    if not folder.is_dir():  # a file, or a pipe or device: read_submission says what it is
        why = _triage(folder)
        if why is None:
            return [folder], []
        if why.rule is Rule.SKIPPED_FILE:
            raise UsageError(
                msg(
                    "{path}: not an .xlsx workbook (Excel lock files ~$… are not workbooks)",
                    path=str(folder),
                )
            )
        return [], [why]
    paths: list[Path] = []
    skipped: list[Finding] = []
    try:
        entries = sorted(folder.iterdir())
    except OSError as exc:
        raise UsageError(
            msg(
                "{path}: cannot list the folder ({error})",
                path=str(folder),
                error=exc.strerror or str(exc),
            )
        ) from exc
    for p in entries:
        if p.name.startswith(".") or p.is_dir():
            continue
        why = _triage(p)
        if why is None:
            paths.append(p)
        else:
            skipped.append(why)
    return paths, skipped


def ensure_writable(output: Path, inputs: Path) -> None:
    """Fail before any work is done if the workbook could not be written where asked."""
    target = output.resolve()
    if target.is_dir():
        raise UsageError(
            msg("{path}: is a folder; give a file name ending in .xlsx", path=str(output))
        )
    if output.suffix.lower() != ".xlsx":
        raise UsageError(
            msg("{path}: the consolidated workbook must be an .xlsx file", path=str(output))
        )
    if not inputs.is_dir() and target == inputs.resolve():
        raise UsageError(
            msg("{path}: is the submission being read; choose another --output", path=str(output))
        )
    if inputs.is_dir() and target.parent == inputs.resolve():
        raise UsageError(
            msg(
                "{path}: would be written among the submissions in {inputs} and read as one next "
                "time; choose another folder",
                path=str(output),
                inputs=str(inputs),
            )
        )
    _probe(output, target)


def ensure_proposal_writable(proposal: Path, output: Path, inputs: Path) -> None:
    """Fail before any work is done if the draft amendment's CSV could not be written."""
    target = proposal.resolve()
    if target.is_dir():
        raise UsageError(
            msg("{path}: is a folder; give a file name ending in .csv", path=str(proposal))
        )
    if proposal.suffix.lower() != ".csv":
        raise UsageError(msg("{path}: the draft amendment must be a .csv file", path=str(proposal)))
    if target == output.resolve() or target == inputs.resolve():
        raise UsageError(
            msg("{path}: is another file of this run; choose another name", path=str(proposal))
        )
    _probe(proposal, target)


def _probe(output: Path, target: Path) -> None:
    """The folder of target exists (or is made) and takes a new file."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".kemixl-probe.", dir=target.parent)
        os.close(fd)
        os.unlink(probe)
    except (FileExistsError, NotADirectoryError) as exc:
        raise UsageError(
            msg(
                "{path}: a file stands where a folder of the path should be; choose another "
                "--output",
                path=str(output),
            )
        ) from exc
    except OSError as exc:
        raise UsageError(write_error(output, exc)) from exc


def run_language(master: Master | None, language: str | None = None) -> str:
    """The language of a run: the one asked for, else the master's (master.toml [report]
    language), else Finnish."""
    return parse_language(language or (master.settings.language if master else "fi")).code


def ledger_of(actuals: Path | None, master: Master) -> Ledger | None:
    """The ledger export given with --actuals, read for the master's period; None without."""
    if actuals is None:
        return None
    from .ledger import LedgerError, load_ledger

    try:
        return load_ledger(actuals, master)
    except LedgerError as exc:
        raise UsageError(exc.message) from exc


def matching_master(
    master: Master, master_dir: Path | None, folder: Path, submissions: list[Submission]
) -> None:
    """UsageError when every workbook that names its period names a later one than the master:
    the master of an earlier report was given (say, templates/ after a rollover), and blaming
    each department for a wrong period would send them all the wrong way."""
    later = later_period(master, submissions)
    if later is None:
        return
    from .year.beside import master_beside

    rolled = master_beside(master_dir, later) if master_dir is not None else None
    where = str(master_dir) if master_dir is not None else SETTINGS_FILE
    if rolled is not None:
        remedy = msg(
            "give the master data of their period: --master {folder}",
            folder=shlex.quote(str(rolled)),
        )
    else:
        remedy = msg(
            "roll the master data over to their period (kemixl rollover) and give it with --master"
        )
    raise UsageError(
        msg(
            "{master}: the master data is for {period}, but the workbooks in {folder} are for "
            "{later}; {remedy}",
            master=where,
            period=master.period.label,
            folder=str(folder),
            later=later.label,
            remedy=remedy,
        )
    )


def check(
    path: Path,
    master: Master,
    progress: Progress | None = None,
    actuals: Path | None = None,
    language: str | None = None,
    master_dir: Path | None = None,
) -> Consolidation:
    """Reconcile without writing: for a department checking its own workbook (or a folder).
    master_dir: where `master` was loaded from, to point at the right one beside it."""
    with using(run_language(master, language)):
        return _check(path, master, progress, actuals, master_dir)


def _check(
    path: Path,
    master: Master,
    progress: Progress | None,
    actuals: Path | None,
    master_dir: Path | None,
) -> Consolidation:
    paths, skipped = collect(path)
    ledger = ledger_of(actuals, master)
    with gc_paused():
        submissions = read_all(paths, master.settings.limits, progress)
        matching_master(master, master_dir, path, submissions)
        c = reconcile(master, submissions, skipped, ledger)
    if path.is_file():  # one department's file: other departments' absence is not its problem
        others = (Rule.MISSING_DEPARTMENT, Rule.NOT_REQUIRED, Rule.STALE_CENTRAL)
        keep = [f for f in c.findings if f.rule not in others]
        c = replace(c, findings=tuple(keep))
    return c


def consolidate(
    folder: Path,
    master_dir: Path,
    output: Path,
    progress: Progress | None = None,
    beside: Path | None = None,
    actuals: Path | None = None,
    language: str | None = None,
    proposal: Path | None = None,
    master: Master | None = None,
) -> Consolidation:
    """Reconcile and write the workbook to output; a report that is not ready goes to
    `beside` instead, if given (see written_to). In `language`, else the master's. With
    `proposal`, also the draft budget amendment's rows in amendments.csv's format there.
    `master`: the master data loaded from master_dir already (else loaded here, while worker
    processes read the submissions)."""
    with gc_paused(), _ahead(folder, master_dir, output, proposal, master) as ahead:
        master = master or load_master(master_dir)
        with using(run_language(master, language)):
            return _consolidate(
                master, master_dir, folder, output, progress, beside, actuals, proposal, ahead
            )


@contextlib.contextmanager
def _ahead(
    folder: Path, master_dir: Path, output: Path, proposal: Path | None, master: Master | None
) -> Iterator[Ahead | None]:
    """The submissions being read while the master data loads, when that can start before it:
    the folder and the outputs pass their checks (each failure is reported later, in its
    usual order, after the master data's) and master.toml tells the limits."""
    try:
        paths, _ = collect(folder)
        if master is not None or not output.parent.is_dir():
            paths = []  # nothing to overlap; no folder made before the master data is read
        else:
            ensure_writable(output, folder)
            if proposal is not None:
                ensure_proposal_writable(proposal, output, folder)
    except UsageError:
        paths = []
    with reading_ahead(paths, load_limits(master_dir) if paths else None) as ahead:
        yield ahead


def _consolidate(
    master: Master,
    master_dir: Path,
    folder: Path,
    output: Path,
    progress: Progress | None,
    beside: Path | None,
    actuals: Path | None,
    proposal: Path | None,
    ahead: Ahead | None = None,
) -> Consolidation:
    from .report import write_report  # xlsxwriter only when a workbook is written

    paths, skipped = collect(folder)
    ensure_writable(output, folder)
    if proposal is not None:
        ensure_proposal_writable(proposal, output, folder)
    ledger = ledger_of(actuals, master)
    checked: dict[str, Checked] = {}  # each workbook checked on its own while others are read

    def check_one(sub: Submission) -> None:
        checked[sub.name] = check_workbook(master, sub, inputs_of(ledger))

    submissions = read_with(ahead, paths, master.settings.limits, progress, check_one)
    matching_master(master, master_dir, folder, submissions)
    c = reconcile(master, submissions, skipped, ledger, checked)
    target = written_to(output, beside, c)
    try:
        write_report(c, target)
    except OSError as exc:
        raise UsageError(write_error(target, exc)) from exc
    if proposal is not None:
        try:
            # the master's amendments.csv names projects: its rows have the column project
            named = any(a.project for a in master.amendments)
            write_proposal(proposal, proposal_lines(c), project_column=named)
        except OSError as exc:
            raise UsageError(write_error(proposal, exc)) from exc
    return c


def proposal_lines(c: Consolidation) -> list[AmendmentLine]:
    """The draft budget amendment as amendments.csv's rows (see kemixl.proposal)."""
    return amendment_lines(c, draft_rows(c))


def proposal_unrecorded(c: Consolidation) -> list[tuple[str, Line, float]]:
    """The draft's lines whose Muutettu TA holds changes amendments.csv lacks (see
    kemixl.proposal.unrecorded_changes)."""
    return unrecorded_changes(c.master, proposal_lines(c))


@dataclass(frozen=True)
class PdfRun:
    """The PDF written, and whether its report is one for the council: a report marked not
    ready (or whose data sheet was changed since kemixl wrote it) is converted all the same,
    its not-ready banner on the first pages, and the run's exit code says so (1)."""

    path: Path
    ready: bool
    errors: int  # the report's errors when it was written
    intact: bool = True  # the report's data sheet is as kemixl wrote it


def make_pdf(workbook: Path, target: Path | None = None) -> PdfRun:
    """The report `workbook` as a tagged PDF (default: beside it, same name); UsageError for a
    workbook that is not a report kemixl wrote (a department's submission, an empty workbook)."""
    from .report.pdf import PdfError, export_pdf, pdf_path
    from .year.data import ReportDataError, read_report_data

    target = target or pdf_path(workbook)
    if not workbook.is_file():
        raise UsageError(msg("{path}: no such workbook", path=str(workbook)))
    if workbook.suffix.lower() != ".xlsx":
        raise UsageError(msg("{path}: the report must be an .xlsx workbook", path=str(workbook)))
    if target.suffix.lower() != ".pdf":
        raise UsageError(msg("{path}: the PDF's name must end in .pdf", path=str(target)))
    try:
        data = read_report_data(workbook)
    except ReportDataError as exc:
        raise UsageError(
            msg(
                "{path}: is not a report kemixl wrote: {reason}; give the workbook `kemixl "
                "consolidate` wrote",
                path=str(workbook),
                reason=exc.message,
            )
        ) from exc
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        export_pdf(workbook, target)
    except PdfError as exc:
        raise UsageError(str(exc)) from exc
    except OSError as exc:
        raise UsageError(write_error(target, exc)) from exc
    return PdfRun(target, data.ready and data.intact, data.errors, data.intact)


def written_to(output: Path, beside: Path | None, c: Consolidation) -> Path:
    """Where consolidate writes: beside, when given and the report is not ready."""
    return beside if beside is not None and has_errors(c.findings) else output


def not_ready_path(output: Path) -> Path:
    """The name a report that is not ready takes beside the last good one."""
    return output.with_name(f"{output.stem}.ei-valmis{output.suffix}")


def keeps_last_report(output: Path) -> bool:
    """Whether output holds a report a not-ready run must not replace: any file except a
    kemixl report marked not ready (a file that cannot be told apart is kept)."""
    from .report.build import READY_PROPERTY

    if not output.is_file():
        return False
    try:
        with zipfile.ZipFile(output) as zf:
            info = zf.getinfo("docProps/custom.xml")
            if info.file_size > 65536:
                return True
            xml = zf.read(info).decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, ValueError):
        return True
    m = re.search(rf'name="{READY_PROPERTY}"[^>]*>\s*<vt:bool>(\w+)</vt:bool>', xml)
    return m is None or m.group(1) != "false"


def default_output(master: Master, base: Path = Path("outputs")) -> Path:
    p = master.period
    return base / f"osavuosikatsaus_{p.year}_{p.first_month:02d}-{p.last_month:02d}.xlsx"


@dataclass(frozen=True)
class TemplateRun:
    """What `make_templates` did: one line per department, and the findings of the ledger the
    actuals were pre-filled from (found before any template was written; templates are
    written all the same, and errors among them make the run's exit code 1)."""

    lines: tuple[str, ...]
    findings: tuple[Finding, ...] = ()
    warnings: tuple[str, ...] = ()  # settings the templates would carry stale (the deadline)


def make_templates(
    master_dir: Path, output: Path, actuals: Path | None = None, language: str | None = None
) -> TemplateRun:
    """Write the department templates (with the ledger's actuals locked in, when given)."""
    from .templates.writer import write_templates

    master = load_master(master_dir)
    with using(run_language(master, language)):
        ledger = ledger_of(actuals, master)
        warnings: list[str] = []
        early = early_deadline(master.settings.deadline, master.period)
        if early is not None:
            warnings.append(
                _(
                    "warning: {file}: the deadline {date} is before the end of the period "
                    "{period} ({end}), and the templates tell the departments to return them by "
                    "then; set [report] deadline and write the templates again"
                ).format(
                    file=SETTINGS_FILE,
                    date=format_date(early),
                    period=master.period.label,
                    end=format_date(master.period.end),
                )
            )
        findings: tuple[Finding, ...] = ()
        if ledger is not None:
            from .reconcile.ledger import ledger_findings

            findings = tuple(ordered(ledger_findings(master, ledger, ())))
        try:
            written = write_templates(master, output, ledger)
        except OSError as exc:
            raise UsageError(write_error(output, exc)) from exc
        return TemplateRun(tuple(r.note for r in written), findings, tuple(warnings))


def rollover(
    report: Path,
    master_dir: Path,
    to_month: int,
    output: Path,
    force: bool = False,
    deadline: str | None = None,
) -> Rollover:
    """The next period's master folder from this one and its consolidated report."""
    from .year.rollover import RolloverError
    from .year.rollover import rollover as roll

    try:
        return roll(report, master_dir, to_month, output, force, deadline)
    except RolloverError as exc:
        raise UsageError(exc.message) from exc


def init_master(
    folder: Path,
    source: Path | None,
    year: int | None = None,
    last_month: int = 6,
    city: str | None = None,
    city_code: str | None = None,
) -> InitResult:
    """A new city's master folder: from its budget export, or to fill in (see init/); the
    export's problems are init.ExportError, every one naming the file and line."""
    import datetime as dt

    from .init.run import init_empty, init_from_export

    if source is None:
        if city_code is not None:
            raise UsageError(
                msg("--city-code is read with --from only; write the code in the master data")
            )
        return init_empty(folder, year or dt.date.today().year, last_month, city)
    return init_from_export(folder, source, year, last_month, city, city_code)


def convert_master(source: Path, target: Path, force: bool = False) -> tuple[str, str]:
    """The master data in source (a folder or an .xlsx workbook) written as the other form in
    target; returns both fingerprints (equal: the same data)."""
    from .master.convert import folder_to_workbook, workbook_to_folder
    from .master.workbook import WORKBOOK_SUFFIXES
    from .xlsx.safe import atomic_folder

    if not source.exists():
        raise UsageError(msg("{path}: no such master data folder or workbook", path=str(source)))
    try:
        if source.is_dir():
            if target.is_dir():
                raise UsageError(
                    msg("{path}: is a folder; give the workbook's name", path=str(target))
                )
            if target.suffix.lower() != ".xlsx":
                raise UsageError(
                    msg("{path}: the master workbook's name must end in .xlsx", path=str(target))
                )
            if target.exists() and not force:
                raise UsageError(_exists(target))
            target.parent.mkdir(parents=True, exist_ok=True)
            folder_to_workbook(source, target)
        elif source.suffix.lower() in WORKBOOK_SUFFIXES:
            if target.exists() and not target.is_dir():
                raise UsageError(
                    msg(
                        "{path}: is a file; give the folder to write the master data in",
                        path=str(target),
                    )
                )
            if target.is_dir() and any(target.iterdir()):
                if not force:
                    raise UsageError(_exists(target))
                workbook_to_folder(source, target)
            else:
                with atomic_folder(target) as tmp:
                    workbook_to_folder(source, tmp)
        else:
            raise UsageError(
                msg("{path}: give a master data folder or an .xlsx workbook", path=str(source))
            )
    except OSError as exc:
        raise UsageError(write_error(target, exc)) from exc
    return load_master(source).fingerprint, load_master(target).fingerprint


def _exists(target: Path) -> Msg:
    return msg(
        "{path}: exists; give --force to replace its master data, or choose another name",
        path=str(target),
    )
