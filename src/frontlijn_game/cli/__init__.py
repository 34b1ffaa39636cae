"""The ``frontlijn`` command: one entry point, sub-commands grouped by user.

Global options (``--db``, ``--content``, ``--lang``, ``--server``, ``--server-ca``) are accepted before or after the
sub-command: :func:`hoist_global_options` moves them to the front before click parses,
so every sub-command sees them the same way. A flag beats the environment beats the
default.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Sequence
from functools import partial
from typing import TextIO

import click

from frontlijn_game import __version__
from frontlijn_game.cli.click_language import install as _install_click_language
from frontlijn_game.cli.context import AppContext, pass_app
from frontlijn_game.cli.help import N_, TranslatedGroup, localise

_install_click_language()  # click's "Usage:", "Error: ..." follow --lang too

GLOBAL_OPTIONS = ("--db", "--content", "--lang", "--server", "--server-ca")


def hoist_global_options(argv: Sequence[str]) -> list[str]:
    """Move global options (and their values) in front of the sub-command."""
    front: list[str] = []
    rest: list[str] = []
    i = 0
    args = list(argv)
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest.extend(args[i:])
            break
        name = arg.split("=", 1)[0]
        if name in GLOBAL_OPTIONS:
            if "=" in arg:
                front.append(arg)
            elif i + 1 < len(args):
                front.extend([arg, args[i + 1]])
                i += 1
            else:
                front.append(arg)  # click reports the missing value
        else:
            rest.append(arg)
        i += 1
    return front + rest


def _apply_language(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Set the language as soon as ``--lang`` is parsed (flag > environment > nl)."""
    from frontlijn_game.i18n import detect_language, language, set_language

    ctx.call_on_close(partial(set_language, language()))  # one command's, not the process's
    set_language(detect_language(value))
    return value


@click.group(
    cls=TranslatedGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=N_(
        "frontlijn — oefenen met hulp en sanctie (preventie met gezag).\n\nZonder subopdracht start de app voor deelnemers."
    ),
)
@click.version_option(
    __version__, "--version", prog_name="frontlijn", help=N_("Toon de versie en stop.")
)
@click.option(
    "--db",
    "db",
    metavar="URL",
    help=N_(
        "Database-URL (omgeving FRONTLIJN_DB); standaard: een SQLite-bestand in je gegevensmap."
    ),
)
@click.option(
    "--content",
    "content",
    metavar="DIR",
    type=click.Path(file_okay=False),
    help=N_(
        "Map met scenarios/ en curricula/ (omgeving FRONTLIJN_CONTENT); standaard: de meegeleverde casussen."
    ),
)
@click.option(
    "--server",
    "server",
    metavar="URL",
    help=N_(
        "Speel via een frontlijn-webserver (omgeving FRONTLIJN_SERVER), bijvoorbeeld "
        "https://frontlijn.school.nl; deze computer opent dan geen database."
    ),
)
@click.option(
    "--server-ca",
    "server_ca",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help=N_(
        "CA-certificaat (PEM) dat het certificaat van de server ondertekende (omgeving "
        "FRONTLIJN_SERVER_CA); standaard de CA's van het systeem."
    ),
)
@click.option(
    "--lang",
    "lang",
    type=click.Choice(["nl", "en"]),
    is_eager=True,  # before --help, which is eager too: the help is shown in this language
    callback=_apply_language,
    help=N_("Taal van de interface en de meldingen (standaard nl, of en als LANG met en begint)."),
)
@click.pass_context
def cli(
    ctx: click.Context,
    db: str | None,
    content: str | None,
    lang: str | None,
    server: str | None,
    server_ca: str | None,
) -> None:
    ctx.obj = AppContext.resolve(
        db=db, content=content, lang=lang, server=server, server_ca=server_ca
    )
    if ctx.obj.server is not None:
        ctx.obj.check_server(ctx.invoked_subcommand, server_given=server is not None)
    if ctx.invoked_subcommand is None:
        from frontlijn_game.cli.play import start_app

        start_app(ctx.obj)


COMMANDS_BY_MODULE: dict[str, tuple[str, ...]] = {
    "content": ("validate", "run"),
    "analysis": ("playtest", "paths"),
    "toolkit": ("test", "graph", "inspect", "new", "schema"),
    "people": ("trainee", "cohort", "attempts"),
    "database": ("db",),
    "leader": ("leader",),
    "reports": ("report", "export"),
    "play": ("play",),
    "serve": ("serve",),
    "web": ("web",),
    "lti": ("lti",),
    "sessions": ("session", "join"),
}
"""Which module holds which sub-command, so a command's module is imported only when it
runs: the bare ``frontlijn`` must not pay for the engine, the store and the loader before
the first screen is painted."""


def _lazy_get_command(ctx: click.Context, name: str) -> click.Command | None:
    import importlib
    import importlib.util

    found = click.Group.get_command(cli, ctx, name)
    if found is not None:
        return found
    for module_name, names in COMMANDS_BY_MODULE.items():
        if name not in names:
            continue
        full = f"frontlijn_game.cli.{module_name}"
        if importlib.util.find_spec(full) is None:
            return None
        module = importlib.import_module(full)
        for command in getattr(module, "COMMANDS", []):
            cli.add_command(localise(command))  # help shown in the language of --lang
        return click.Group.get_command(cli, ctx, name)
    return None


def _lazy_list_commands(ctx: click.Context) -> list[str]:
    import importlib.util

    names = set(click.Group.list_commands(cli, ctx))
    for module_name, module_commands in COMMANDS_BY_MODULE.items():
        if importlib.util.find_spec(f"frontlijn_game.cli.{module_name}") is not None:
            names.update(module_commands)
    return sorted(names)


cli.get_command = _lazy_get_command  # type: ignore[method-assign,assignment]
cli.list_commands = _lazy_list_commands  # type: ignore[method-assign]


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: TextIO | None = None,
    line: str | None = None,
) -> None:
    """Warnings meant for the user (e.g. a database file others can read) as one line."""
    from frontlijn_game.i18n import _

    click.echo(_("frontlijn: waarschuwing: {message}").format(message=message), err=True)


def main(argv: Sequence[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else list(argv)
    from frontlijn_game.service.private_files import WiderThanPrivate

    warnings.simplefilter("default", WiderThanPrivate)
    warnings.showwarning = _show_warning
    cli.main(args=hoist_global_options(args), prog_name="frontlijn")


__all__ = ["AppContext", "cli", "main", "pass_app"]
