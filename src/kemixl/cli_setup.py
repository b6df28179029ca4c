"""The commands that set a city up: `kemixl init` (its master data from its budget export, or
to fill in) and `kemixl master convert` (the master folder and its workbook, either way)."""

from __future__ import annotations

from pathlib import Path

import click

from .cli import INDENT, _fail, debug_option, guarded, lang_option, main
from .cli_i18n import TranslatedGroup, WholeNumber, argument, option
from .i18n import N_, _
from .pipeline import convert_master, init_master


@main.command(
    "init",
    help=N_(
        "Write a new city's master data in FOLDER: from its budget export (--from), or the files "
        "and perustiedot.xlsx to fill in."
    ),
)
@argument("folder", type=click.Path(path_type=Path), metavar=N_("FOLDER"))
@option(
    "--from",
    "source",
    type=click.Path(path_type=Path),
    metavar=N_("FILE"),
    help=N_(
        "The budget export (CSV or .xlsx): a row per cost centre, or per cost centre and "
        "account, with its department and result area and the budget columns."
    ),
)
@option(
    "--year",
    type=WholeNumber(2000, 2100),
    metavar=N_("YEAR"),
    help=N_("The reporting year (default: the budget column's, else this year)."),
)
@option(
    "--months",
    type=WholeNumber(1, 12),
    default=6,
    show_default=True,
    metavar=N_("NUMBER"),
    help=N_("The first report's period is months 1 to this of the year."),
)
@option("--city", metavar=N_("NAME"), help=N_("The city's name, in the report and the tree."))
@option(
    "--city-code",
    metavar=N_("CODE"),
    help=N_(
        "The city's code at the top of the tree (default: the codes' common beginning padded "
        "with zeros, such as 64000000)."
    ),
)
@lang_option
@debug_option
@guarded
def init_cmd(
    folder: Path,
    source: Path | None,
    year: int | None,
    months: int,
    city: str | None,
    city_code: str | None,
    lang: str,
    debug: bool,
) -> None:
    """A new city's master folder (help: the catalog's)."""
    from .init.summary import summary

    for indent, line in summary(init_master(folder, source, year, months, city, city_code)):
        click.echo(INDENT * indent + line)


@main.group("master", cls=TranslatedGroup, help=N_("Master data: the folder and the workbook."))
@lang_option
def master_group(lang: str | None) -> None:
    """The master data's commands (help: the catalog's)."""


@master_group.command(
    "convert",
    help=N_(
        "Write the master data SOURCE (a folder, or an .xlsx workbook) as the other form, "
        "TARGET: the same data, the same fingerprint."
    ),
)
@argument("master_dir", type=click.Path(path_type=Path), metavar=N_("SOURCE"))
@argument("target", type=click.Path(path_type=Path), metavar=N_("TARGET"))
@option("--force", is_flag=True, help=N_("Replace the master data TARGET holds."))
@lang_option
@debug_option
@guarded
def convert_cmd(master_dir: Path, target: Path, force: bool, lang: str, debug: bool) -> None:
    """Folder to workbook, or workbook to folder (help: the catalog's)."""
    before, after = convert_master(master_dir, target, force)
    click.echo(
        _("wrote {target}: the master data of {source} (fingerprint {fingerprint})").format(
            target=target, source=master_dir, fingerprint=after
        )
    )
    if before != after:  # never expected: the conversion would have lost something
        _fail(
            _("the fingerprints differ ({before} and {after})").format(before=before, after=after)
        )
