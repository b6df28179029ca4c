"""The command line: thin; library errors become one clear line and an exit code."""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import sys
import traceback
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar, cast

import click

from .cli_i18n import (
    DEFAULT_MASTER,
    VERSION_MESSAGE,
    VERSION_OPTION,
    ShownMessage,
    TranslatedGroup,
    TranslatedOption,
    WholeNumber,
    argument,
    effective_language,
    option,
)
from .collector import end_with_run, ends_with_run, keep, paused
from .dates import deadline_date
from .findings import Finding, Severity, has_errors, summary_line
from .i18n import N_, _, format_amount, ngettext, parse_language, render, using
from .i18n.catalog import LanguageError
from .init.errors import ExportError
from .master import PREVIOUS_FILE, SETTINGS_FILE, MasterError, load_master
from .model import Master
from .pipeline import (
    UsageError,
    check,
    consolidate,
    default_output,
    keeps_last_report,
    make_pdf,
    make_templates,
    not_ready_path,
    proposal_lines,
    proposal_unrecorded,
    rollover,
    written_to,
)
from .reading import Progress
from .reconcile import Consolidation, overrun_summary, shortfall_summary

F = TypeVar("F", bound=Callable[..., Any])
INDENT = "  "  # lines that belong to the one above
MOST_PROBLEMS = 50  # lines of a broken export's problems shown; a count says how many more
COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.NOTE: None}


def _fail(message: str) -> None:
    click.echo(_("kemixl: error: {message}").format(message=message), err=True)
    sys.exit(2)


def _place(where: str, line: int, message: str) -> str:
    return f"{where}:{line}: {message}" if line else f"{where}: {message}"


def _problems(lines: list[str]) -> None:
    """Every problem of an input on a line of its own (the first MOST_PROBLEMS), exit 2."""
    for line in lines[:MOST_PROBLEMS]:
        click.echo(_("kemixl: error: {message}").format(message=line), err=True)
    if len(lines) > MOST_PROBLEMS:
        rest = len(lines) - MOST_PROBLEMS
        more = ngettext("… and {n} more problem", "… and {n} more problems", rest)
        click.echo(_("kemixl: error: {message}").format(message=more.format(n=rest)), err=True)
    sys.exit(2)


def run_lang(lang: str | None, master_dir: Path | None) -> str:
    """The language of this run: --lang (the command's, else the group's), else master.toml's,
    else Finnish."""
    ctx = click.get_current_context(silent=True)
    group = ctx.find_root().params.get("lang") if ctx is not None else None
    return effective_language(lang or group, master_dir)


def collector_paused(fn: F) -> F:
    """The whole command with the collector paused (kemixl.collector), and its records dropped
    before the collector comes back on: the first collection after a run walks everything the run made and still
    holds (a second for 20 000 cost centres, spent printing a few lines). Freed first, there
    is little left to walk.

    Under `run` the process ends with the command: its records are kept (in the exit's
    traceback) and the collector stays off, for the operating system to take back at once
    rather than freeing a million objects one by one (a quarter of a second at that size)."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with paused(stay_off=ends_with_run):
            try:
                fn(*args, **kwargs)
                code: int | str | None = 0
            except SystemExit as exc:  # leaving this block frees its traceback's frames
                code = exc.code
                keep(exc)  # ... unless the process ends next
        sys.exit(code)

    return cast(F, wrapper)


def run() -> None:
    """The console script `kemixl`: the command, then the process ends without tearing itself
    down (see collector_paused), its output flushed, with the exit status Python would give."""
    end_with_run()
    try:
        main()
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    os._exit(exit_status(code))


def exit_status(code: object) -> int:
    """What `sys.exit(code)` makes of its argument: None is 0, a number itself, anything else
    is printed to stderr and gives 1; the output streams flushed (os._exit does not)."""
    status = 0
    if isinstance(code, int):
        status = code
    elif code is not None:
        print(code, file=sys.stderr)
        status = 1
    for stream in (sys.stdout, sys.stderr):
        # a closed pipe or stream: nothing more to say there
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    return status


def guarded(fn: F) -> F:
    """Exit 2 with one line for unusable master data or output; traceback only with --debug.
    The command runs, and speaks, in the run's language."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        debug = kwargs.get("debug", False)
        kwargs["lang"] = run_lang(kwargs.get("lang"), kwargs.get("master_dir"))
        # errors are rendered in the run's language too (their messages are Msg records)
        with using(kwargs["lang"]):
            try:
                return fn(*args, **kwargs)
            except MasterError as exc:
                for p in exc.problems:
                    # TRANSLATORS: master data = perustiedot / grunddata (the master-data menu of Finnish
                    # accounting software; the Swedish a judgement)
                    click.echo(_("kemixl: master data: {problem}").format(problem=p), err=True)
                sys.exit(2)
            except UsageError as exc:
                _fail(str(exc))
            except ExportError as exc:
                _problems([_place(where, line, render(m)) for where, line, m in exc.problems])
            except (click.exceptions.Exit, click.ClickException, SystemExit):
                raise
            except BrokenPipeError:  # the reader of a pipe stopped (kemixl … | head): be quiet
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
                sys.exit(1)
            except Exception as exc:  # a bug: say so in one line, keep the traceback for --debug
                if debug:
                    traceback.print_exc()
                _fail(
                    _("unexpected {error}: {message} (run with --debug for details)").format(
                        error=type(exc).__name__, message=exc
                    )
                )

    return wrapper  # type: ignore[return-value]


class ProgressBar:
    """A bar on stderr while workbooks are read; only on a terminal, never with --quiet."""

    def __init__(self, quiet: bool) -> None:
        self.enabled = not quiet and sys.stderr.isatty()
        self.bar: Any = None

    def __call__(self, done: int, total: int, name: str) -> None:
        if self.bar is None:
            self.bar = click.progressbar(
                length=total, label=_("reading"), file=sys.stderr, show_pos=True, width=30
            )
            self.bar.__enter__()
        self.bar.update(1, name)
        if done == total:
            self.close()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None

    @property
    def callback(self) -> Progress | None:
        return self if self.enabled else None

    def __enter__(self) -> Progress | None:
        return self.callback

    def __exit__(self, *_: object) -> None:
        self.close()


def report(findings: tuple[Finding, ...], show_notes: bool = True) -> None:
    """One line per finding (each naming its file once, at its start; a file's lines stand
    together), then a summary count line."""
    for f in findings:
        if f.severity is Severity.NOTE and not show_notes:
            continue
        click.secho(f.line(), fg=COLOURS[f.severity])
    click.echo(summary_line(findings))


def report_consolidation(c: Consolidation, show_notes: bool = True) -> None:
    """The findings and their count, then how many binding appropriations are forecast to be
    exceeded and by how much in all."""
    report(c.findings, show_notes)
    click.echo(render(overrun_summary(c)))
    shortfall = shortfall_summary(c)
    if shortfall is not None:
        click.echo(render(shortfall))


master_option = option(
    "--master",
    "master_dir",
    type=click.Path(path_type=Path),
    default=DEFAULT_MASTER,
    show_default=True,
    metavar=N_("FOLDER"),
    help=N_("Master data folder."),
)
debug_option = option("--debug", is_flag=True, help=N_("Show a traceback for unexpected errors."))


def _valid_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return parse_language(value).code
    except LanguageError:
        raise click.BadParameter(_("use fi, sv, en or a pair such as fi+sv")) from None


lang_option = option(
    "--lang",
    "lang",
    callback=_valid_lang,
    is_eager=True,
    metavar="fi|sv|en|fi+sv",
    help=N_("Language of the messages, templates and report (default: master.toml's, else fi)."),
)
actuals_option = option(
    "--actuals",
    type=click.Path(path_type=Path),
    metavar=N_("FILE"),
    # TRANSLATORS: bookkeeping = kirjanpito / bokföring (tipsom.se: huvudbok, bokföring)
    help=N_("Bookkeeping export (CSV or .xlsx): actuals come from it (see master.toml [ledger])."),
)
quiet_option = option(
    "--quiet", "-q", is_flag=True, help=N_("Only errors and warnings; no progress bar, no notes.")
)


@click.group(
    cls=TranslatedGroup,
    help=N_("kemixl: department workbooks in, the council's interim report out."),
)
@click.version_option(
    package_name="kemixl",
    cls=TranslatedOption,
    help=VERSION_OPTION,
    message=ShownMessage(VERSION_MESSAGE),
)
@lang_option
def main(lang: str | None) -> None:
    """The group: its help text is the catalog's (help=)."""
    # `timeout`, CI and service managers stop a run with SIGTERM: unwind like Ctrl+C does, so
    # a half-written workbook's temporary file is removed and the previous one stays.
    signal.signal(signal.SIGTERM, _terminated)


def _terminated(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


@main.command(
    "consolidate",
    help=N_(
        "Reconcile every .xlsx in FOLDER and write the consolidated workbook.\n\n"
        "Without --output, a report that is not ready never replaces the last good one: it is "
        "written beside it, named *.ei-valmis.xlsx (unless --force)."
    ),
)
@argument("folder", type=click.Path(path_type=Path), metavar=N_("FOLDER"))
@option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    metavar=N_("FILE"),
    help=N_("Workbook to write (default under outputs/)."),
)
@option(
    "--force",
    is_flag=True,
    help=N_("Replace the default workbook even with a report that is not ready."),
)
@option("--pdf", is_flag=True, help=N_("Also write the report as a tagged PDF beside it."))
@option(
    "--proposal",
    type=click.Path(path_type=Path),
    metavar=N_("FILE"),
    help=N_(
        "Also write the draft budget amendment to FILE.csv in the format of amendments.csv "
        "(date and decision left blank)."
    ),
)
@master_option
@actuals_option
@quiet_option
@lang_option
@debug_option
@collector_paused
@guarded
def consolidate_cmd(
    folder: Path,
    output: Path | None,
    force: bool,
    pdf: bool,
    proposal: Path | None,
    master_dir: Path,
    actuals: Path | None,
    quiet: bool,
    lang: str,
    debug: bool,
) -> None:
    """Reconcile the submissions and write the council workbook (help: the catalog's)."""
    master: Master | None = None  # loaded by consolidate, while the workbooks are read
    target = output
    if target is None:  # the default workbook's name needs the master's period: load it here
        master = load_master(master_dir)
        target = default_output(master)
    keep = output is None and not force and keeps_last_report(target)
    beside = not_ready_path(target) if keep else None
    with ProgressBar(quiet) as progress:
        c = consolidate(
            folder, master_dir, target, progress, beside, actuals, lang, proposal, master
        )
    report_consolidation(c, show_notes=not quiet)
    written = written_to(target, beside, c)
    click.echo(_("wrote {path}").format(path=written))
    if proposal is not None:
        rows = len(proposal_lines(c))
        click.echo(
            ngettext(
                "wrote {path}: {n} row of the draft budget amendment; fill in the date and the "
                "decision after the council has decided, then add the rows to the next "
                "period's amendments.csv",
                "wrote {path}: {n} rows of the draft budget amendment; fill in the date and the "
                "decision after the council has decided, then add the rows to the next "
                "period's amendments.csv",
                rows,
            ).format(path=proposal, n=rows)
        )
        for code, line, change in proposal_unrecorded(c):
            click.echo(
                _(
                    "note: figures.csv gives {code} {line} a revised budget (ta_amended) that "
                    "differs from its budget (ta) by {change} through amendments not recorded in "
                    "amendments.csv: when adding the draft's row, record those amendments in "
                    "amendments.csv as well and leave the line's ta_amended blank (a ta_amended "
                    "that is not ta plus the amendments is refused)"
                ).format(code=code, line=line.value, change=format_amount(change))
            )
    if written != target:
        click.echo(
            _(
                "kept {path}: this report is not ready, so the last one stays in place "
                "(--force replaces it)"
            ).format(path=target)
        )
    failed = has_errors(c.findings)
    if failed:
        # TRANSLATORS: the council = kaupunginvaltuusto / stadsfullmäktige (Borgå's and Helsingfors'
        # Swedish pages)
        click.echo(_("not ready for the council: fix the errors above and run again"))
    if pdf:  # a PDF that cannot be made is exit 2, the workbook stays written
        click.echo(_("wrote {path}").format(path=make_pdf(written).path))
    sys.exit(1 if failed else 0)


@main.command(
    "pdf", help=N_("Write an existing report WORKBOOK as a tagged PDF (needs LibreOffice).")
)
@argument("workbook", type=click.Path(path_type=Path), metavar=N_("WORKBOOK"))
@option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    metavar=N_("FILE"),
    help=N_("PDF to write (default: beside it)."),
)
@lang_option
@debug_option
@guarded
def pdf_cmd(workbook: Path, output: Path | None, lang: str, debug: bool) -> None:
    """A report workbook as a PDF (help: the catalog's)."""
    run = make_pdf(workbook, output)
    click.echo(_("wrote {path}").format(path=run.path))
    if not run.intact:
        click.echo(
            _(
                "not ready for the council: the report's data sheet was changed after kemixl "
                "wrote it, so whether the report is ready cannot be told; consolidate again"
            )
        )
    elif not run.ready:
        click.echo(
            ngettext(
                "not ready for the council: the report has {n} error, and the PDF says so on its "
                "first page; fix the errors and consolidate again",
                "not ready for the council: the report has {n} errors, and the PDF says so on its "
                "first page; fix the errors and consolidate again",
                run.errors,
            ).format(n=run.errors)
        )
    sys.exit(0 if run.ready else 1)


@main.command("check", help=N_("Check one workbook (or a folder) without writing anything."))
@argument("path", type=click.Path(path_type=Path), metavar=N_("PATH"))
@master_option
@actuals_option
@quiet_option
@lang_option
@debug_option
@collector_paused
@guarded
def check_cmd(
    path: Path, master_dir: Path, actuals: Path | None, quiet: bool, lang: str, debug: bool
) -> None:
    """Check submissions, write nothing (help: the catalog's)."""
    with ProgressBar(quiet) as progress:
        c = check(path, load_master(master_dir), progress, actuals, lang, master_dir)
    report_consolidation(c, show_notes=not quiet)
    sys.exit(1 if has_errors(c.findings) else 0)


@main.command(
    "templates", help=N_("Write one templated workbook per department from the master data.")
)
@option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    default=Path("outputs/templates"),
    show_default=True,
    metavar=N_("FOLDER"),
    help=N_("Folder for the department templates."),
)
@master_option
@actuals_option
@lang_option
@debug_option
@guarded
def templates_cmd(
    output: Path, master_dir: Path, actuals: Path | None, lang: str, debug: bool
) -> None:
    """The department templates (help: the catalog's)."""
    run = make_templates(master_dir, output, actuals, lang)
    for warning in run.warnings:
        click.secho(warning, fg=COLOURS[Severity.WARNING])
    if run.findings:  # the ledger's problems first: they concern every template below
        report(run.findings)
    for line in run.lines:
        click.echo(line)
    failed = has_errors(run.findings)
    if failed:
        click.echo(
            _(
                "the ledger has errors (above): the templates carry its actuals as they are; "
                "correct the export and write the templates again"
            )
        )
    sys.exit(1 if failed else 0)


@main.command(
    "rollover",
    help=N_("Write the next period's master folder from this one and its consolidated REPORT."),
)
@argument("report", type=click.Path(path_type=Path), metavar=N_("REPORT"))
@master_option
@option(
    "--to-month",
    type=WholeNumber(1, 12),
    required=True,
    metavar=N_("MONTH"),
    help=N_("Last month of the next period (later than this one's; 12 for the year-end)."),
)
@option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    required=True,
    metavar=N_("FOLDER"),
    help=N_("New master data folder for the next period (must not exist or be empty)."),
)
@option(
    "--deadline",
    metavar=N_("DATE"),
    help=N_(
        "The next period's deadline for the departments (2023-09-15 or 15.9.2023); needed when "
        "master.toml's is before the new period's end."
    ),
)
@option(
    "--force",
    is_flag=True,
    help=N_("Roll over a report that is not ready, altered, or from other master data."),
)
@lang_option
@debug_option
@guarded
def rollover_cmd(
    report: Path,
    master_dir: Path,
    to_month: int,
    output: Path,
    deadline: str | None,
    force: bool,
    lang: str,
    debug: bool,
) -> None:
    """The next period's master folder (help: the catalog's)."""
    r = rollover(report, master_dir, to_month, output, force, deadline)
    click.echo(
        _("wrote {folder}: {title} ({period})").format(
            folder=r.output, title=r.title, period=r.period.label
        )
    )
    periods = ", ".join(p.label for p in r.periods)
    click.echo(
        INDENT
        + ngettext(
            "{file}: {n} row from the reports of {periods}",
            "{file}: {n} rows from the reports of {periods}",
            r.previous_rows,
        ).format(file=PREVIOUS_FILE, n=r.previous_rows, periods=periods)
    )
    click.echo(
        INDENT
        + _("{file}: deadline {date}").format(file=SETTINGS_FILE, date=deadline_date(r.deadline))
    )
    for note in r.notes:
        click.echo(INDENT + _("note: {note}").format(note=render(note)))
    # commands to copy as they stand: no brackets, no placeholders
    inputs = f"inputs-{r.period.year}-{r.period.last_month:02d}"
    click.echo(
        _("next: {command}").format(
            command=f"kemixl templates --master {shlex.quote(str(r.output))}"
        )
    )
    consolidate = f"kemixl consolidate {inputs} --master {shlex.quote(str(r.output))}"
    click.echo(
        _("then, with the returned workbooks in {folder}: {command}").format(
            folder=inputs, command=consolidate
        )
    )
    if r.ledger:
        click.echo(
            INDENT
            + _(
                "the actuals came from the accounts: add --actuals and the accounts export of "
                "{period} to both commands"
            ).format(period=r.period.label)
        )


@main.command(
    "synth",
    help=N_("Write a synthetic organisation: master data and filled submissions under DIRECTORY."),
)
@argument("directory", type=click.Path(path_type=Path), metavar=N_("DIRECTORY"))
@option(
    "--departments",
    type=WholeNumber(),
    required=True,
    metavar=N_("NUMBER"),
    help=N_("Number of departments (1-999)."),
)
@option(
    "--areas",
    type=WholeNumber(),
    required=True,
    metavar=N_("NUMBER"),
    help=N_("Result areas per department (1-999)."),
)
@option(
    "--seed",
    type=WholeNumber(),
    default=1,
    show_default=True,
    metavar=N_("NUMBER"),
    help=N_("Same seed, same content."),
)
@option(
    "--months",
    type=WholeNumber(),
    default=6,
    show_default=True,
    metavar=N_("NUMBER"),
    help=N_("The period is months 1 to this of the synthetic year (1-12)."),
)
@option(
    "--ledger",
    is_flag=True,
    help=N_("Also write the bookkeeping export of the actuals; the templates carry them locked."),
)
@lang_option
@debug_option
@guarded
def synth_cmd(
    directory: Path,
    departments: int,
    areas: int,
    seed: int,
    months: int,
    ledger: bool,
    lang: str,
    debug: bool,
) -> None:
    """A synthetic organisation (help: the catalog's)."""
    from .synth import synthesize

    try:
        r = synthesize(directory, departments, areas, seed, months, ledger)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    except OSError as exc:
        raise UsageError(
            _("{path}: cannot write ({reason})").format(path=directory, reason=exc.strerror or exc)
        ) from exc
    click.echo(_("wrote a synthetic organisation under {folder}").format(folder=directory))
    for title, count in (
        # TRANSLATORS: department = toimiala / sektor (Vasa's förvaltningsstadga, Borgå);
        # result area = tulosalue / resultatområde (Vasa)
        (_("departments: {n}"), r.departments),
        (_("result areas per department: {n}"), r.areas_per_department),
        (_("cost centres: {n}"), r.cost_centres),
        (_("KPIs: {n}"), r.kpis),
        (_("objectives: {n}"), r.objectives),
    ):
        click.echo(INDENT + title.format(n=count))
    click.echo(INDENT + _("master data: {folder}").format(folder=r.templates))
    click.echo(
        INDENT
        + ngettext(
            "submissions: {folder} ({n} workbook)",
            "submissions: {folder} ({n} workbooks)",
            len(r.workbooks),
        ).format(folder=r.inputs, n=len(r.workbooks))
    )
    actuals = ""
    if r.ledger is not None:
        click.echo(INDENT + _("ledger: {file}").format(file=r.ledger))
        actuals = f" --actuals {r.ledger}"
    command = (
        f"kemixl consolidate {r.inputs} --master {r.templates} "
        f"--output {directory / 'report.xlsx'}{actuals}"
    )
    click.echo(_("next: {command}").format(command=command))


# The commands of a city's setup live in cli_setup (this module stays small); importing it
# registers them on `main`.
from . import cli_setup  # noqa: E402

__all__ = ["cli_setup", "main"]
