"""Help texts in the interface language.

click reads ``help=`` and docstrings when a command is defined, which is before
``--lang`` has been parsed (and ``frontlijn --help`` never runs the group's callback at
all). So help strings are Dutch msgids marked with :func:`N_`, and the command classes
here translate them at the moment the help is shown, in whatever language is set then.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import click

from frontlijn_game.i18n import _, detect_language, language, set_language


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


def lang_in(args: Sequence[str]) -> str | None:
    """The value of ``--lang`` among ``args`` (None when absent)."""
    for i, arg in enumerate(args):
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
        if arg == "--lang" and i + 1 < len(args):
            return args[i + 1]
    return None


class TranslatedGroup(click.Group):
    def main(self, args: Sequence[str] | None = None, *rest: Any, **kwargs: Any) -> Any:
        """Set the language before parsing: click shows a usage error after the contexts
        (and ``--lang``'s own reset) have closed, and it should read in that language."""
        before = language()
        set_language(detect_language(lang_in(sys.argv[1:] if args is None else args)))
        try:
            return super().main(args, *rest, **kwargs)
        finally:
            set_language(before)

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
