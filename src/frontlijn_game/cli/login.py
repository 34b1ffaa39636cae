"""``--leader NAME`` and ``--password-file F``: the leader login of administrative commands.

Commands that write people or accounts are let through for the database's owner without a
question; anyone else signs in as a course leader (``service.admin``). The login is asked
for only then: from ``--leader NAME`` (the password from ``--password-file F``, ``-``:
standard input, or asked hidden), or, without ``--leader``, name and password asked at a
terminal. Without a terminal and without ``--leader`` nobody can be asked, and the command
stops with exit 1 before it changes anything.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from frontlijn_game.cli.help import N_
from frontlijn_game.cli.output import fail
from frontlijn_game.i18n import _

if TYPE_CHECKING:
    from frontlijn_game.service.admin import AskLogin, LeaderLogin

F = TypeVar("F", bound=Callable[..., Any])


def read_password(password_file: str | None, confirm: bool = True, err: bool = False) -> str:
    """A password from a file's first line (``-``: stdin) or asked (twice when ``confirm``),
    hidden; ``err``: the question goes to standard error (when the output is data)."""
    if password_file is not None:
        try:
            if password_file == "-":
                text = sys.stdin.readline()
            else:
                text = Path(password_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            fail(
                _("kan geen wachtwoord lezen uit {file}: {error}").format(
                    file=password_file, error=exc
                )
            )
        lines = text.splitlines()
        password = lines[0] if lines else ""
        if not password:
            where = _("standaardinvoer") if password_file == "-" else password_file
            fail(
                _("{where} bevat geen wachtwoord (het wordt uit de eerste regel gelezen)").format(
                    where=where
                )
            )
        return password
    return str(
        click.prompt(
            _("Wachtwoord"), hide_input=True, confirmation_prompt=confirm, type=str, err=err
        )
    )


def leader_options(
    password_names: tuple[str, ...] = ("--password-file", "--leader-password-file"),
) -> Callable[[F], F]:
    """Add ``--leader NAME`` and the option that reads their password from a file
    (``leader_password_file``): the one sign-in of every leader's command (``cli/desk.py``).

    Where ``--password-file`` means another password (a new account's in ``leader
    add|passwd``, the LRS's in ``export xapi``) the login's file is only
    ``--leader-password-file``.
    """

    def decorate(command: F) -> F:
        command = click.option(
            *password_names,
            "leader_password_file",
            metavar="F",
            type=click.Path(dir_okay=False, allow_dash=True),
            help=N_(
                "Lees het wachtwoord van --leader uit de eerste regel van F ('-': standaardinvoer)."
            ),
        )(command)
        return click.option(
            "--leader",
            "leader_name",
            metavar="NAME",
            help=N_(
                "Log in als deze cursusleider (wachtwoord gevraagd) en zie alleen wat die ziet; "
                "nodig met --server, of als je niet de eigenaar van de database bent."
            ),
        )(command)

    return decorate


def at_a_terminal() -> bool:
    """Someone can be asked: standard input is a terminal (not a pipe, file or cron)."""
    return sys.stdin.isatty()


def asker(leader_name: str | None, password_file: str | None) -> AskLogin:
    """How this command asks for a leader login, when the owner check says it must."""
    from frontlijn_game.service.admin import LeaderLogin

    def ask() -> LeaderLogin | None:
        name = leader_name
        if name is None:
            if password_file is not None or not at_a_terminal():
                return None  # nobody to ask: the service refuses with the way to log in
            name = str(click.prompt(_("Cursusleider"), err=True, type=str))
        click.echo(
            _("niet de eigenaar van de database: log in als cursusleider {name}").format(name=name),
            err=True,
        )
        return LeaderLogin(name.strip(), read_password(password_file, confirm=False, err=True))

    return ask


__all__ = ["asker", "at_a_terminal", "leader_options", "read_password"]
