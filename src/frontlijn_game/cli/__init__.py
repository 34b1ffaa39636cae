"""The ``frontlijn`` command: one entry point, sub-commands grouped by user.

Global options (``--db``, ``--content``, ``--lang``) are accepted before or after the
sub-command: :func:`hoist_global_options` moves them to the front before click parses,
so every sub-command sees them the same way. A flag beats the environment beats the
default.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click

from frontlijn_game import __version__
from frontlijn_game.cli.context import AppContext, pass_app

GLOBAL_OPTIONS = ("--db", "--content", "--lang")


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


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="frontlijn")
@click.option(
    "--db",
    "db",
    metavar="URL",
    help="Database URL (env FRONTLIJN_DB); default: a SQLite file in your user data folder.",
)
@click.option(
    "--content",
    "content",
    metavar="DIR",
    type=click.Path(file_okay=False),
    help="Folder with scenarios/ and curricula/ (env FRONTLIJN_CONTENT); default: the bundled cases.",
)
@click.option(
    "--lang",
    "lang",
    type=click.Choice(["nl", "en"]),
    help="Interface language (default nl, or en when LANG starts with en).",
)
@click.pass_context
def cli(ctx: click.Context, db: str | None, content: str | None, lang: str | None) -> None:
    """frontlijn — oefenen met hulp en sanctie (preventie met gezag).

    Without a sub-command the trainee app starts.
    """
    ctx.obj = AppContext.resolve(db=db, content=content, lang=lang)
    if ctx.invoked_subcommand is None:
        from frontlijn_game.cli.play import start_app

        start_app(ctx.obj)


COMMAND_MODULES = ("content", "analysis", "toolkit", "people", "leader", "reports", "play", "serve")


def _register() -> None:
    """Add the sub-commands of every command module that this build has."""
    import importlib
    import importlib.util

    for name in COMMAND_MODULES:
        module_name = f"frontlijn_game.cli.{name}"
        if importlib.util.find_spec(module_name) is None:
            continue
        module = importlib.import_module(module_name)
        for command in getattr(module, "COMMANDS", []):
            cli.add_command(command)


_register()


def main(argv: Sequence[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else list(argv)
    cli.main(args=hoist_global_options(args), prog_name="frontlijn")


__all__ = ["AppContext", "cli", "main", "pass_app"]
