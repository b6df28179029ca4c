"""The command line: thin; library errors become one clear line and an exit code."""

from __future__ import annotations

import signal
import sys
import traceback
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from .findings import Finding, Severity, has_errors, summary_line
from .i18n import parse_language, using
from .i18n.catalog import LanguageError
from .master import PREVIOUS_FILE, MasterError, load_master
from .master.settings import language_of
from .pipeline import (
    Progress,
    UsageError,
    check,
    consolidate,
    default_output,
    keeps_last_report,
    make_pdf,
    make_templates,
    not_ready_path,
    rollover,
    written_to,
)

F = TypeVar("F", bound=Callable[..., Any])
COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.NOTE: None}


def _fail(message: str) -> None:
    click.echo(f"kemixl: error: {message}", err=True)
    sys.exit(2)


def run_lang(lang: str | None, master_dir: Path | None) -> str:
    """The language of this run: --lang (the command's, else the group's), else master.toml's,
    else Finnish."""
    ctx = click.get_current_context(silent=True)
    group = ctx.find_root().params.get("lang") if ctx is not None else None
    asked = lang or group
    if asked:
        return str(asked)
    return (language_of(master_dir) if master_dir is not None else None) or "fi"


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
                    click.echo(f"kemixl: master data: {p}", err=True)
                sys.exit(2)
            except UsageError as exc:
                _fail(str(exc))
            except (click.exceptions.Exit, click.ClickException, SystemExit):
                raise
            except Exception as exc:  # a bug: say so in one line, keep the traceback for --debug
                if debug:
                    traceback.print_exc()
                _fail(f"unexpected {type(exc).__name__}: {exc} (run with --debug for details)")

    return wrapper  # type: ignore[return-value]


class ProgressBar:
    """A bar on stderr while workbooks are read; only on a terminal, never with --quiet."""

    def __init__(self, quiet: bool) -> None:
        self.enabled = not quiet and sys.stderr.isatty()
        self.bar: Any = None

    def __call__(self, done: int, total: int, name: str) -> None:
        if self.bar is None:
            self.bar = click.progressbar(
                length=total, label="reading", file=sys.stderr, show_pos=True, width=30
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
    """One line per finding, grouped by file, then a summary count line."""
    current = None
    for f in findings:
        if f.severity is Severity.NOTE and not show_notes:
            continue
        if f.file != current:
            current = f.file
            click.secho(f.file or "(whole report)", bold=True)
        click.secho(f"  {f.line()}", fg=COLOURS[f.severity])
    click.echo(summary_line(findings))


master_option = click.option(
    "--master",
    "master_dir",
    type=click.Path(path_type=Path),
    default=Path("templates"),
    show_default=True,
    help="Master data folder.",
)
debug_option = click.option("--debug", is_flag=True, help="Show a traceback for unexpected errors.")


def _valid_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return parse_language(value).code
    except LanguageError:
        raise click.BadParameter("use fi, sv, en or a pair such as fi+sv") from None


lang_option = click.option(
    "--lang",
    "lang",
    callback=_valid_lang,
    is_eager=True,
    metavar="fi|sv|en|fi+sv",
    help="Language of the messages, templates and report (default: master.toml's, else fi).",
)
actuals_option = click.option(
    "--actuals",
    type=click.Path(path_type=Path),
    help="Bookkeeping export (CSV or .xlsx): actuals come from it (see master.toml [ledger]).",
)
quiet_option = click.option(
    "--quiet", "-q", is_flag=True, help="Only errors and warnings; no progress bar, no notes."
)


@click.group()
@click.version_option(package_name="kemixl")
@lang_option
def main(lang: str | None) -> None:
    """kemixl: department workbooks in, the council's interim report out."""
    # `timeout`, CI and service managers stop a run with SIGTERM: unwind like Ctrl+C does, so
    # a half-written workbook's temporary file is removed and the previous one stays.
    signal.signal(signal.SIGTERM, _terminated)


def _terminated(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


@main.command("consolidate")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    help="Workbook to write (default under outputs/).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Replace the default workbook even with a report that is not ready.",
)
@click.option("--pdf", is_flag=True, help="Also write the report as a tagged PDF beside it.")
@master_option
@actuals_option
@quiet_option
@lang_option
@debug_option
@guarded
def consolidate_cmd(
    folder: Path,
    output: Path | None,
    force: bool,
    pdf: bool,
    master_dir: Path,
    actuals: Path | None,
    quiet: bool,
    lang: str,
    debug: bool,
) -> None:
    """Reconcile every .xlsx in FOLDER and write the consolidated workbook.

    Without --output, a report that is not ready never replaces the last good one: it is
    written beside it, named *.ei-valmis.xlsx (unless --force)."""
    target = output or default_output(load_master(master_dir))
    keep = output is None and not force and keeps_last_report(target)
    beside = not_ready_path(target) if keep else None
    with ProgressBar(quiet) as progress:
        c = consolidate(folder, master_dir, target, progress, beside, actuals, lang)
    report(c.findings, show_notes=not quiet)
    written = written_to(target, beside, c)
    click.echo(f"wrote {written}")
    if written != target:
        click.echo(
            f"kept {target}: this report is not ready, so the last one stays in place "
            "(--force replaces it)"
        )
    if has_errors(c.findings):
        click.echo("not ready for the council: fix the errors above and run again")
    if pdf:  # a PDF that cannot be made is exit 2, the workbook stays written
        click.echo(f"wrote {make_pdf(written)}")
    sys.exit(1 if has_errors(c.findings) else 0)


@main.command("pdf")
@click.argument("workbook", type=click.Path(path_type=Path))
@click.option(
    "--output", "-o", type=click.Path(path_type=Path), help="PDF to write (default: beside it)."
)
@lang_option
@debug_option
@guarded
def pdf_cmd(workbook: Path, output: Path | None, lang: str, debug: bool) -> None:
    """Write an existing report WORKBOOK as a tagged PDF (needs LibreOffice)."""
    click.echo(f"wrote {make_pdf(workbook, output)}")


@main.command("check")
@click.argument("path", type=click.Path(path_type=Path))
@master_option
@actuals_option
@quiet_option
@lang_option
@debug_option
@guarded
def check_cmd(
    path: Path, master_dir: Path, actuals: Path | None, quiet: bool, lang: str, debug: bool
) -> None:
    """Check one workbook (or a folder) without writing anything."""
    with ProgressBar(quiet) as progress:
        c = check(path, load_master(master_dir), progress, actuals, lang)
    report(c.findings, show_notes=not quiet)
    sys.exit(1 if has_errors(c.findings) else 0)


@main.command("templates")
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    default=Path("outputs/templates"),
    show_default=True,
    help="Folder for the department templates.",
)
@master_option
@actuals_option
@lang_option
@debug_option
@guarded
def templates_cmd(
    output: Path, master_dir: Path, actuals: Path | None, lang: str, debug: bool
) -> None:
    """Write one templated workbook per department from the master data."""
    for line in make_templates(master_dir, output, actuals, lang):
        click.echo(line)


@main.command("rollover")
@click.argument("report", type=click.Path(path_type=Path))
@master_option
@click.option(
    "--to-month",
    type=click.IntRange(1, 12),
    required=True,
    help="Last month of the next period (later than this one's; 12 for the year-end).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    required=True,
    help="New master data folder for the next period (must not exist or be empty).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Roll over a report that is not ready, altered, or from other master data.",
)
@lang_option
@debug_option
@guarded
def rollover_cmd(
    report: Path,
    master_dir: Path,
    to_month: int,
    output: Path,
    force: bool,
    lang: str,
    debug: bool,
) -> None:
    """Write the next period's master folder from this one and its consolidated REPORT."""
    r = rollover(report, master_dir, to_month, output, force)
    click.echo(f"wrote {r.output}: {r.title} ({r.period.label})")
    periods = ", ".join(p.label for p in r.periods)
    click.echo(f"  {PREVIOUS_FILE}: {r.previous_rows} rows from the reports of {periods}")
    for note in r.notes:
        click.echo(f"  note: {note}")
    click.echo(
        f"next: kemixl templates --master {r.output} [--actuals LEDGER]; then kemixl consolidate "
        f"DIR --master {r.output}"
    )


@main.command("synth")
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--departments", type=int, required=True, help="Number of departments (1-999).")
@click.option("--areas", type=int, required=True, help="Result areas per department (1-999).")
@click.option("--seed", type=int, default=1, show_default=True, help="Same seed, same content.")
@click.option(
    "--months",
    type=int,
    default=6,
    show_default=True,
    help="The period is months 1 to this of the synthetic year (1-12).",
)
@click.option(
    "--ledger",
    is_flag=True,
    help="Also write the bookkeeping export of the actuals; the templates carry them locked.",
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
    """Write a synthetic organisation: master data and filled submissions under DIRECTORY."""
    from .synth import synthesize

    try:
        r = synthesize(directory, departments, areas, seed, months, ledger)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    except OSError as exc:
        raise UsageError(f"{directory}: cannot write ({exc.strerror or exc})") from exc
    click.echo(
        f"wrote {r.departments} departments x {r.areas_per_department} result areas "
        f"({r.cost_centres} cost centres, {r.kpis} KPIs, {r.objectives} objectives)"
    )
    click.echo(f"  master data: {r.templates}")
    click.echo(f"  submissions: {r.inputs} ({len(r.workbooks)} workbooks)")
    actuals = ""
    if r.ledger is not None:
        click.echo(f"  ledger: {r.ledger}")
        actuals = f" --actuals {r.ledger}"
    click.echo(
        f"next: kemixl consolidate {r.inputs} --master {r.templates} "
        f"--output {directory / 'report.xlsx'}{actuals}"
    )
