"""The command line in the user's language: help texts from the catalog, click's words too.

kemixl's own help texts are catalog message ids (marked with `N_` where the commands and
options are declared) translated when they are shown, so one process can show `--help` in any
language. Click translates its own messages ("Usage:", "Error: Missing argument …") with the
standard library's gettext in the default domain, reading the language from $LANGUAGE;
`click_speaks` points both at kemixl's catalog for one invocation. `CLICK_MESSAGES` lists the
messages of click that kemixl's users can meet, so the catalog carries them.
"""

from __future__ import annotations

import contextlib
import functools
import gettext
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import click

from .i18n import N_, _, ngettext, parse_language, using
from .i18n.catalog import DOMAIN, LOCALE_DIR, LanguageError
from .master.settings import language_of

DEFAULT_MASTER = Path("templates")
HELP_OPTION = N_("Show this message and exit.")
VERSION_OPTION = N_("Show the version and exit.")
VERSION_MESSAGE = N_("%(prog)s, version %(version)s")
OPTIONS_METAVAR = N_("[OPTIONS]")
COMMAND_METAVAR = N_("COMMAND [ARGS]...")

# Click's own messages that kemixl's users can meet (click's core.py, exceptions.py, parser.py,
# types.py, formatting.py): click looks them up in kemixl's catalog (see click_speaks).
CLICK_MESSAGES = (
    N_("Usage:"),
    N_("Options"),
    N_("Commands"),
    N_("Error: {message}"),
    N_("Try '{command} {option}' for help."),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("Missing command."),
    N_("Missing {param_type}"),
    N_("Missing parameter: {param_name}"),
    N_("Invalid value: {message}"),
    N_("Invalid value for {param_hint}: {message}"),
    N_("No such option: {name}"),
    N_("No such option {name!r}."),
    N_("No such command {name!r}."),
    N_("Option {name!r} does not take a value."),
    N_("default: {default}"),
    N_("required"),
    N_("Aborted!"),
)


def click_plurals() -> tuple[str, ...]:
    """Click's messages whose words agree with a number, in the run's language (listed here so
    that the catalog carries them; click looks them up itself)."""
    return (
        ngettext(
            "Got unexpected extra argument ({args})",
            "Got unexpected extra arguments ({args})",
            1,
        ),
        ngettext(
            "Option {name!r} requires an argument.",
            "Option {name!r} requires {nargs} arguments.",
            1,
        ),
        ngettext(
            "Did you mean {possibility}?",
            "(Did you mean one of: {possibilities}?)",
            1,
        ),
    )


class WholeNumber(click.ParamType):  # type: ignore[type-arg,unused-ignore]
    """An integer option, optionally within bounds, whose errors speak the run's language
    (click's own integer type names itself "integer" in English inside its message)."""

    name = "integer"

    def __init__(self, low: int | None = None, high: int | None = None) -> None:
        self.low, self.high = low, high

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        try:
            number = value if isinstance(value, int) else int(str(value).strip())
        except ValueError:
            self.fail(_("{value} is not a whole number.").format(value=repr(value)), param, ctx)
        if (self.low is not None and number < self.low) or (
            self.high is not None and number > self.high
        ):
            self.fail(
                _("{value} is not in the range {low}–{high}.").format(
                    value=number, low=self.low, high=self.high
                ),
                param,
                ctx,
            )
        return number


@contextlib.contextmanager
def click_speaks(language: str) -> Iterator[None]:
    """Click's own words in a language for the block: the standard library's gettext domain
    and $LANGUAGE pointed at kemixl's catalog, put back afterwards."""
    primary = parse_language(language).primary
    domain = gettext.textdomain()
    before = os.environ.get("LANGUAGE")
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = primary
    try:
        yield
    finally:
        gettext.textdomain(domain)
        if before is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = before


def effective_language(lang: str | None, master_dir: Path | None) -> str:
    """The language of a run: --lang, else master.toml's in the master folder or workbook (the
    default folder when the command has no --master), else Finnish."""
    if lang:
        return lang
    return master_language(master_dir or DEFAULT_MASTER) or "fi"


def master_language(master: Path) -> str | None:
    """The language the master data asks for ([report] language), read cheaply; None when it
    cannot be read (loading the master says why)."""
    if not master.is_file():
        return language_of(master)
    from .master.load import SETTINGS_FILE
    from .master.problems import Problems
    from .master.workbook import WorkbookSource

    try:  # a master workbook: its settings sheet
        data = WorkbookSource(master).settings(SETTINGS_FILE, Problems())
    except Exception:  # any damage is reported when the master is loaded
        return None
    report = data.get("report") if data else None
    return _valid(report.get("language", "fi")) if isinstance(report, dict) else None


def invocation_language(group: click.Group, args: Sequence[str]) -> str:
    """The language of a whole command line, found before click runs it (so that its help and
    its errors speak it too): the arguments parsed leniently, errors left for the real run."""
    lenient: dict[str, Any] = {
        "resilient_parsing": True,
        "ignore_unknown_options": True,
        "allow_extra_args": True,
    }
    try:
        with group.make_context("kemixl", list(args), **lenient) as ctx:
            lang, master = _valid(ctx.params.get("lang")), None
            command: click.Command = group
            while isinstance(command, click.Group):  # down to the command (`master convert`)
                rest = [*getattr(ctx, "_protected_args", []), *ctx.args]
                name, sub, rest = command.resolve_command(ctx, rest) if rest else (None, None, [])
                if sub is None or name is None:
                    break
                ctx = sub.make_context(name, rest, ctx, **lenient)
                lang = _valid(ctx.params.get("lang")) or lang
                master = ctx.params.get("master_dir", master)
                command = sub
            return effective_language(lang, master if isinstance(master, Path) else None)
    except (click.ClickException, click.exceptions.Exit, OSError, ValueError):
        return effective_language(None, None)


def _valid(value: object) -> str | None:
    try:
        return parse_language(str(value)).code if value else None
    except LanguageError:
        return None


@contextlib.contextmanager
def _shown(obj: object, attr: str, value: Any) -> Iterator[None]:
    """An attribute of a shared click object changed while it is shown, then put back."""
    original = getattr(obj, attr)
    setattr(obj, attr, value)
    try:
        yield
    finally:
        setattr(obj, attr, original)


def _in_language(text: str | None) -> str | None:
    return _(text) if text else text


class ShownMessage(str):
    """A catalog message that click fills in with `%` when it shows it (--version's line):
    translated then, in the run's language."""

    __slots__ = ()

    def __mod__(self, values: Any) -> str:
        return str(_(str(self)) % values)


class TranslatedOption(click.Option):
    """An option whose help text and metavar (catalog message ids) are shown translated."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        with _shown(self, "help", _in_language(self.help)):
            return super().get_help_record(ctx)

    def make_metavar(self, *args: Any, **kwargs: Any) -> str:
        with _shown(self, "metavar", _in_language(self.metavar)):
            return str(super().make_metavar(*args, **kwargs))


class TranslatedArgument(click.Argument):
    """An argument whose metavar (a catalog message id) is shown translated."""

    def make_metavar(self, *args: Any, **kwargs: Any) -> str:
        with _shown(self, "metavar", _in_language(self.metavar)):
            return str(super().make_metavar(*args, **kwargs))


class TranslatedCommand(click.Command):
    """A command whose help, usage line and help option are shown in the run's language."""

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _shown(self, "help", _in_language(self.help)):
            super().format_help_text(ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        with _shown(self, "help", _in_language(self.help)):
            return super().get_short_help_str(limit)

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        with _shown(self, "options_metavar", _in_language(self.options_metavar)):
            return super().collect_usage_pieces(ctx)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:  # made by click: its words from the catalog too
            option.__class__ = TranslatedOption
            option.help = HELP_OPTION
        return option


class TranslatedGroup(TranslatedCommand, click.Group):
    """kemixl's group: its commands translated, and the whole invocation (click's own
    messages included) in the language the command line asks for."""

    command_class = TranslatedCommand

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        with _shown(self, "subcommand_metavar", _(COMMAND_METAVAR)):
            return super().collect_usage_pieces(ctx)

    def main(self, args: Sequence[str] | None = None, *rest: Any, **extra: Any) -> Any:
        lang = invocation_language(self, sys.argv[1:] if args is None else args)
        with using(lang), click_speaks(lang):
            return super().main(args, *rest, **extra)  # None: click reads (and expands) argv


option = functools.partial(click.option, cls=TranslatedOption)
argument = functools.partial(click.argument, cls=TranslatedArgument)
