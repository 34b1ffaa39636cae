"""Help texts in the interface language.

click reads ``help=`` and docstrings when a command is defined, which is before
``--lang`` has been parsed (and ``frontlijn --help`` never runs the group's callback at
all). So help strings are Dutch msgids marked with :func:`N_`, and the command classes
here translate them at the moment the help is shown, in whatever language is set then.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from frontlijn_game.i18n import _


def N_(message: str) -> str:
    """Mark a msgid for extraction; it is translated when shown."""
    return message


HELP_OPTION = N_("Toon deze hulp en stop.")


@contextmanager
def _translated(command: click.Command) -> Iterator[None]:
    """Swap the command's and its parameters' help for their translation, and back."""
    saved: list[tuple[Any, str, str | None]] = [
        (command, "help", command.help),
        (command, "short_help", command.short_help),
        (command, "epilog", command.epilog),
    ]
    saved += [(p, "help", p.help) for p in command.params if isinstance(p, click.Option)]
    try:
        for owner, name, text in saved:
            if text:
                setattr(owner, name, _(text))
        yield
    finally:
        for owner, name, text in saved:
            setattr(owner, name, text)


class TranslatedCommand(click.Command):
    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = _(HELP_OPTION)
        return option

    def get_help(self, ctx: click.Context) -> str:
        with _translated(self):
            return super().get_help(ctx)

    def get_short_help_str(self, limit: int = 45) -> str:
        with _translated(self):
            return super().get_short_help_str(limit)


class TranslatedGroup(click.Group):
    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = _(HELP_OPTION)
        return option

    def get_help(self, ctx: click.Context) -> str:
        with _translated(self):
            return super().get_help(ctx)

    def get_short_help_str(self, limit: int = 45) -> str:
        with _translated(self):
            return super().get_short_help_str(limit)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        found = super().get_command(ctx, cmd_name)
        return localise(found) if found is not None else None


def localise(command: click.Command) -> click.Command:
    """Give a command defined with plain ``@click.command``/``@click.group`` (and its
    sub-commands) the translating class; the two differ only in how help is shown."""
    if type(command) is click.Group:
        command.__class__ = TranslatedGroup
    elif type(command) is click.Command:
        command.__class__ = TranslatedCommand
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            localise(sub)
    return command
